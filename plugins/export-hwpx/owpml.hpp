#pragma once

#include "accord/package/zip_package.hpp"

#include <pugixml.hpp>

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

/// The OWPML vocabulary (KS X 6101, as Hancom writes it) that the HWPX writer needs:
/// the namespace set, character and paragraph properties collected into
/// `Contents/header.xml`, and the paragraphs, runs, footnotes and section
/// properties of `Contents/sectionN.xml`. Units are HWPUNIT: 1/7200 inch, 10 pt = 1000.
namespace accord::export_hwpx::owpml {

struct Namespace {
    const char* prefix;
    const char* uri;
};

/// The 2011 namespace set Hancom declares on the root of header, section and package
/// files, with its exact prefixes: readers that match prefixes refuse anything else.
extern const std::array<Namespace, 15> kNamespaces;

/// A new XML part: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` and nothing else.
[[nodiscard]] pugi::xml_document newPart();
/// Appends the root element `name` to `doc`, declaring the whole namespace set on it.
pugi::xml_node addRoot(pugi::xml_document& doc, const char* name);
/// The part's bytes: UTF-8, no indentation (whitespace inside paragraphs is content).
[[nodiscard]] std::string serialize(const pugi::xml_document& doc);

/// A font face and the one Hangul substitutes when the face is not installed.
struct Font {
    std::string face;
    std::string substitute;  ///< empty: none
};

/// The two faces a document uses: one for running text, one for titles and headings.
/// The same face serves every script slot (Hangul, Latin, Hanja…), as in Hancom's templates.
struct Fonts {
    Font body;
    Font heading;
};

enum class FontRole : std::uint8_t { Body = 0, Heading = 1 };

struct CharStyle {
    int height = 1000;  ///< HWPUNIT: 1000 = 10 pt
    bool bold = false;
    bool italic = false;
    bool underline = false;
    std::string color = "#000000";
    FontRole font = FontRole::Body;
    auto operator<=>(const CharStyle&) const = default;
};

enum class Align : std::uint8_t { Justify, Left, Center, Right };

struct ParaStyle {
    Align align = Align::Justify;
    int left = 0;         ///< left margin
    int indent = 0;       ///< first line relative to the margin; negative hangs the marker
    int before = 0;       ///< space before
    int after = 0;        ///< space after
    int lineSpacing = 160;  ///< percent
    bool keepWithNext = false;
    auto operator<=>(const ParaStyle&) const = default;
};

/// The properties a document uses, collected while its sections are written and
/// then written out as `Contents/header.xml`. Ids are positions: every reference a
/// section makes resolves by construction.
class Styles {
public:
    /// `langId` is the Windows language id of the named styles (1042 Korean, 1033 English).
    Styles(Fonts fonts, int langId);

    /// The id of a `hh:charPr` with these properties, added on first use.
    [[nodiscard]] std::uint32_t charPr(const CharStyle& style);
    /// The id of a `hh:paraPr` with these properties, added on first use.
    [[nodiscard]] std::uint32_t paraPr(const ParaStyle& style);
    /// Declares a named paragraph style (`hh:style`) and returns its id; the first
    /// declared is id 0, which Hangul treats as its "바탕글" (Normal).
    std::uint32_t addStyle(std::string name, std::string engName, const ParaStyle& para, const CharStyle& chars);

    /// `Contents/header.xml` for a document of `sectionCount` sections.
    [[nodiscard]] std::string headerXml(std::size_t sectionCount) const;

private:
    struct Named {
        std::string name;
        std::string engName;
        std::uint32_t paraPr;
        std::uint32_t charPr;
    };
    Fonts fonts_;
    int langId_;
    std::vector<CharStyle> chars_;
    std::vector<ParaStyle> paras_;
    std::vector<Named> styles_;
};

struct PageSetup {
    int width = 59528;   ///< A4: 210 mm
    int height = 84188;  ///< A4: 297 mm
    int left = 8504;     ///< 30 mm
    int right = 8504;
    int top = 5668;      ///< 20 mm
    int bottom = 4252;   ///< 15 mm
    int header = 4252;
    int footer = 4252;
};

/// Writes the paragraphs of one `hs:sec`, a piece at a time: the section is never whole in memory.
class SectionBuilder {
public:
    explicit SectionBuilder(PageSetup page);

    /// Starts a paragraph. The section's first paragraph gets a first run holding
    /// `hp:secPr` (page, footnote and numbering setup) and the page number control,
    /// and no text: text always goes in the runs that follow.
    pugi::xml_node paragraph(std::uint32_t paraPr, std::uint32_t style, bool pageBreak = false);
    /// Appends `text` in a run of `charPr`, continuing the last run when it has the
    /// same properties and holds text only.
    static void text(pugi::xml_node paragraph, std::uint32_t charPr, std::string_view text);
    /// Appends a footnote numbered `number` in a run of its own (`hp:ctrl/hp:footNote`)
    /// and returns its `hp:subList`; fill it with `noteParagraph`.
    pugi::xml_node footnote(pugi::xml_node paragraph, std::uint32_t charPr, unsigned number);
    /// Starts a paragraph inside a footnote's sub-list; the first one of a note
    /// opens with the note's automatic number.
    pugi::xml_node noteParagraph(pugi::xml_node subList, std::uint32_t paraPr, std::uint32_t style,
                                 std::uint32_t charPr);

    [[nodiscard]] bool empty() const { return paragraphs_ == 0; }
    /// One section or recommendation written: its paragraphs go to be packed in pieces (package::PiecedPart).
    void partDone() { part_.partDone(); }
    /// The section's part (section0.xml…), deflated; nothing may be written after.
    [[nodiscard]] package::DeflatedPart finish() { return part_.finish(); }

private:
    PageSetup page_;
    package::PiecedPart part_;
    std::uint32_t nextParagraphId_ = 0;
    unsigned paragraphs_ = 0;

    void sectionProperties(pugi::xml_node run) const;
};

} // namespace accord::export_hwpx::owpml
