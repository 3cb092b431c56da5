#pragma once

#include <pugixml.hpp>

#include <cstddef>
#include <string>

/// The parts of a DOCX package that frame the text: styles, numbering, settings,
/// fonts, the footer and the document properties.
namespace accord::export_docx::parts {

/// Style ids of word/styles.xml, as the document refers to them.
namespace style {
inline constexpr const char* kTitle = "Title";
inline constexpr const char* kSubtitle = "Subtitle";
inline constexpr const char* kHeading1 = "Heading1";
inline constexpr const char* kHeading2 = "Heading2";
inline constexpr const char* kHeading3 = "Heading3";
inline constexpr const char* kRecommendation = "RecommendationTitle";  ///< a numbered recommendation's title
inline constexpr const char* kCoverFact = "CoverFact";                 ///< process, addressees, deadline, submitters
inline constexpr const char* kFact = "RecommendationFact";  ///< a recommendation's addressees, references, endorsements
inline constexpr const char* kQuote = "Quote";              ///< the text of a response
inline constexpr const char* kClosing = "Closing";
inline constexpr const char* kFootnoteText = "FootnoteText";
inline constexpr const char* kFootnoteReference = "FootnoteReference";
inline constexpr const char* kHyperlink = "Hyperlink";
inline constexpr const char* kFooter = "Footer";
inline constexpr const char* kTable = "TableGrid";
} // namespace style

/// The fonts: a serif for Latin script and a Korean serif (Myeongjo) for Hangul.
inline constexpr const char* kLatinFont = "Times New Roman";
inline constexpr const char* kKoreanFont = "NanumMyeongjo";

/// w:numId of the outline list: section headings and recommendation titles, one level per depth.
inline constexpr long kOutlineList = 1;
/// w:numId of the running paragraph numbers of a profile that numbers paragraphs (UN style).
inline constexpr long kParagraphList = 2;

/// How the outline list (sections and recommendations) is numbered and laid out.
struct Layout {
    enum class Markers {
        Decimal,  ///< 1. 1.1. 1.1.1., numbers at the margin
        Korean,   ///< the Korean administrative sequence 1. → 가. → 1) → 가) → (1) → (가), each level stepped in
        UnOutline,  ///< I. → A. → 1. → (a) → (i): headings beside running paragraph numbers (UN style)
    };
    Markers markers = Markers::Decimal;

    [[nodiscard]] long numberPos(std::size_t level) const;
    [[nodiscard]] long textPos(std::size_t level) const;
    /// The text indent of the running paragraph numbers (UN style).
    static constexpr long kParagraphText = 709;
    /// The text indent of the UN outline's top level (I. to XVIII. in a heading's size).
    static constexpr long kRomanText = 1134;
};

/// word/styles.xml: document defaults (Latin and Korean fonts, languages) and the styles above.
void writeStyles(pugi::xml_document& doc);
/// word/numbering.xml: the outline list in the layout's markers (decimal 1. 1.1. 1.1.1.,
/// Korean 1. 가. 1) 가) (1) (가) with w:numFmt ganada for the Hangul letters, or the UN
/// outline) and the running paragraph list 1. 2. 3.
void writeNumbering(pugi::xml_document& doc, const Layout& layout);
/// word/settings.xml: footnote separators (ids -1 and 0), compatibility, languages.
void writeSettings(pugi::xml_document& doc);
/// word/fontTable.xml: the two fonts, with what Word needs to substitute them.
void writeFontTable(pugi::xml_document& doc);
/// word/footer1.xml: the page number (a PAGE field), centred; "- 1 -" in the Korean manner.
void writeFooter(pugi::xml_document& doc, bool korean);

struct CoreProperties {
    std::string title;
    std::string subject;
    std::string creator;
    std::string language;  ///< BCP 47, e.g. en-GB
    std::string identifier;
};
/// docProps/core.xml (Dublin Core).
void writeCore(pugi::xml_document& doc, const CoreProperties& props);
/// docProps/app.xml.
void writeApp(pugi::xml_document& doc, const std::string& company);

} // namespace accord::export_docx::parts
