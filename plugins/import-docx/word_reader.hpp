#pragma once

#include "docx_package.hpp"

#include "accord/workspace/document.hpp"

#include <map>
#include <string>
#include <vector>

/// WordprocessingML read into what an import needs: the body's paragraphs in order,
/// each with its kind (from its style), whether it is numbered, its content as the
/// submission model's inlines (italics em, bold strong, hyperlinks links, footnotes
/// and endnotes notes), the Accord bookmarks and the comments anchored in it.
namespace accord::import_docx {

/// What a paragraph's style makes of it.
enum class ParaKind {
    Body,
    Heading,         ///< a heading style or an outline level
    Title,           ///< the document's title
    Subtitle,
    RecTitle,        ///< Accord's "Recommendation Title"
    Fact,            ///< Accord's "Recommendation Fact": addressees, references, endorsements, a response
    CoverFact,       ///< Accord's "Cover Fact": process, addressees, deadline, coalition
    Quote,           ///< a quotation: the words of a response in Accord's exports
    Closing,         ///< Accord's closing line
};

struct WordParagraph {
    ParaKind kind = ParaKind::Body;
    int level = 0;  ///< a heading's level, from 1
    bool numbered = false;
    bool inTable = false;
    int number = 0;  ///< its place in the body, from 1: how the report names it
    std::vector<workspace::Inline> content;
    std::vector<std::string> bookmarks;  ///< ids of Accord's bookmarks in it (without the prefix)
    std::vector<std::string> comments;   ///< ids of the comments anchored in it
};

struct WordComment {
    std::string author;
    std::string date;
    std::string text;
};

/// A thing the reader saw and could not carry into the model.
struct Unmapped {
    int paragraph = 0;  ///< 0 when it is about the whole file
    std::string what;
};

struct WordDocument {
    std::vector<WordParagraph> paragraphs;
    std::map<std::string, WordComment> comments;
    std::string coreTitle;     ///< dc:title of docProps/core.xml
    bool accordLayout = false; ///< made by Accord's exporter (its styles or bookmarks)
    std::vector<Unmapped> unmapped;
};

/// The name of the bookmark Accord's exporter puts on the heading of the section
/// or recommendation `id` (Word keeps bookmarks whose names start with _ hidden).
inline constexpr std::string_view kBookmarkPrefix = "_accord_";

/// Reads the package's main document, its styles, notes, comments and properties.
/// Throws workspace::Error(Invalid) naming the file for a part it cannot read.
[[nodiscard]] WordDocument readWord(DocxPackage& package);

/// The inlines' words as one line: whitespace collapsed, notes left out.
[[nodiscard]] std::string plainLine(const std::vector<workspace::Inline>& content);

} // namespace accord::import_docx
