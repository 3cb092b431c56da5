#pragma once

#include "word_reader.hpp"

#include "accord/workspace/config.hpp"
#include "accord/workspace/document.hpp"

#include <string>
#include <vector>

/// A Word document's paragraphs made into a submission: headings become sections,
/// numbered or titled paragraphs recommendations, "Rationale:" paragraphs their
/// rationale; an Accord export's facts (addressees, references, endorsing
/// organisations, responses, the cover) and bookmarked ids are read back.
namespace accord::import_docx {

/// What an import could not carry over, and what the file holds that Accord takes elsewhere.
struct Report {
    std::vector<std::string> unmapped;        ///< "paragraph 12: a picture or object"
    std::vector<std::string> comments;        ///< each Word comment with the part it sits in
    /// The same comments, for review: the recommendation each sits in (empty when none).
    struct Comment {
        std::string recommendation;
        std::string author, date, text;
    };
    std::vector<Comment> anchored;
    std::vector<std::string> onlyInFile;      ///< --into: parts of the file without a counterpart
    std::vector<std::string> onlyInDocument;  ///< --into: parts of the document the file does not have
};

struct ImportOptions {
    std::string id;    ///< the submission's id
    std::string lang;  ///< the language the file is written in
    std::string file;  ///< its name, for a title of last resort
    const workspace::WorkspaceConfig* config = nullptr;  ///< organisation names → ids
    bool newDocument = true;  ///< false when only the file's language is taken into a document
};

struct Imported {
    workspace::Submission doc;
    Report report;
    std::size_t notes = 0;
};

[[nodiscard]] Imported buildSubmission(const WordDocument& word, const ImportOptions& options);

/// Whether `id` satisfies the format's id rule: [a-z0-9][a-z0-9-]{0,63}.
[[nodiscard]] bool validId(std::string_view id);

} // namespace accord::import_docx
