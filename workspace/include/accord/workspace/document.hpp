#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// The submission document (format version 1) as a value: what every command,
/// exporter and merger reads and writes. Parsing normalises whitespace inside
/// paragraphs, so two documents that differ only in layout compare equal.
namespace accord::workspace {

/// One piece of a paragraph's mixed content.
struct Inline {
    enum class Kind { Text, Em, Strong, Note, Link };
    Kind kind = Kind::Text;
    std::string text;              ///< the text of a Text node
    std::string href;              ///< the target of a Link
    std::vector<Inline> children;  ///< the content of Em, Strong, Note and Link
    bool operator==(const Inline&) const = default;
};

struct Paragraph {
    std::vector<Inline> content;
    int line = 0;  ///< source line, 0 when built in memory
    bool operator==(const Paragraph& other) const { return content == other.content; }
};

/// A `title` or `heading`: one line of text in one language.
struct LangText {
    std::string lang;
    std::string text;
    int line = 0;
    bool operator==(const LangText& other) const { return lang == other.lang && text == other.text; }
};

/// A `text`, `rationale` or `intro`: paragraphs in one language.
struct Block {
    std::string lang;
    std::vector<Paragraph> paragraphs;
    int line = 0;
    bool operator==(const Block& other) const { return lang == other.lang && paragraphs == other.paragraphs; }
};

struct Ref {
    std::string kind;
    std::string text;
    std::string lang{};  ///< empty: the same in every language (a document symbol, a number)
    bool operator==(const Ref&) const = default;
};

struct Endorsement {
    std::string org;
    int line = 0;
    bool operator==(const Endorsement& other) const { return org == other.org; }
};

struct Response {
    std::string round;
    std::string from;
    std::string position;  ///< empty when absent
    std::vector<Paragraph> paragraphs;
    std::string lang{};  ///< empty when written without xml:lang; a translation has the same round and from
    bool operator==(const Response&) const = default;
};

struct Recommendation {
    std::string id;
    std::string status;    ///< empty when absent (then it is a draft)
    std::string priority;  ///< empty when absent
    std::vector<LangText> titles;
    std::vector<Block> texts;
    std::vector<Block> rationales;
    std::vector<std::string> addressees;
    std::vector<Ref> refs;
    std::vector<Endorsement> endorsements;
    std::vector<Response> responses;
    int line = 0;

    [[nodiscard]] std::string effectiveStatus() const { return status.empty() ? "draft" : status; }
    bool operator==(const Recommendation& other) const;
};

struct Section {
    std::string id;
    std::vector<LangText> headings;
    std::vector<Block> intros;  ///< one per language (one without xml:lang: the document's language)
    std::vector<Recommendation> recommendations;
    std::vector<Section> sections;
    int line = 0;
    bool operator==(const Section& other) const;
};

struct Member {
    std::string org;
    std::string role;  ///< empty when absent (then `member`)
    int line = 0;
    bool operator==(const Member& other) const { return org == other.org && role == other.role; }
};

struct Meta {
    std::vector<LangText> titles;
    /// The process by name, one per language; `lang` is empty for one written without
    /// xml:lang (then it is in the document's language).
    std::vector<LangText> processes;
    std::string processKind;
    std::vector<std::string> addressees;
    std::optional<std::string> deadline;
    std::optional<std::string> profile;
    int profileLine = 0;
    std::optional<std::vector<Member>> coalition;
    bool operator==(const Meta& other) const;
};

struct Submission {
    std::string id;
    std::string lang;
    std::string version = "1";
    Meta meta;
    std::vector<Section> sections;
    bool operator==(const Submission&) const = default;

    /// The recommendation with this id anywhere in the document, or null.
    [[nodiscard]] const Recommendation* findRecommendation(std::string_view partId) const;
    [[nodiscard]] Recommendation* findRecommendation(std::string_view partId);
    /// The section with this id at any depth, or null.
    [[nodiscard]] const Section* findSection(std::string_view partId) const;
    [[nodiscard]] Section* findSection(std::string_view partId);
    /// Takes the recommendation with this id out of its section; nothing when there is none.
    std::optional<Recommendation> takeRecommendation(std::string_view partId);
    /// Takes the section with this id, with all it holds, out of where it stands; nothing when there is none.
    std::optional<Section> takeSection(std::string_view partId);
};

/// A recommendation or section seen in document order with where it sits.
struct Located {
    const Section* parent = nullptr;           ///< null for top-level sections
    const Section* section = nullptr;          ///< set when the part is a section
    const Recommendation* recommendation = nullptr;  ///< set when the part is a recommendation
    std::size_t index = 0;                     ///< position among its siblings of the same kind
    /// Its number as readers see it: "2.3" is the third child of section 2. A section's
    /// recommendations come first, its subsections continue the count.
    std::vector<std::size_t> number;
};

/// Every section and recommendation in document order (a section before its content).
/// Numbers are computed here and nowhere else: ids are stable, numbers are not.
[[nodiscard]] std::vector<Located> walk(const Submission& doc);
/// The same for one top-level section, the `number`th of its document (from 1): the walk of
/// the whole document is that of each of its sections in turn.
[[nodiscard]] std::vector<Located> walk(const Section& top, std::size_t number);

/// Parses a submission. Throws Error(Invalid) with `file:line: message` on
/// malformed XML or on a shape this model cannot hold; schema validation is
/// `validateDocument`'s job, run it first for complete diagnostics.
[[nodiscard]] Submission parseSubmission(std::string_view xml, std::string_view file);

/// Writes the project's one canonical form: UTF-8, two-space indentation,
/// attributes in a fixed order, each paragraph on one line.
[[nodiscard]] std::string serialize(const Submission& doc);

/// Any submission, conflicts included, in the canonical form that `serialize`
/// writes: two documents that mean the same give the same bytes. Throws
/// Error(Invalid) with `file:line:` when it is not well-formed XML.
[[nodiscard]] std::string canonicalize(std::string_view xml, std::string_view file);

/// The paragraph as one line of text with light markup (`*em*`, `**strong**`,
/// `[^note]`, `[text](href)`), for diffs and plain display.
[[nodiscard]] std::string flatten(const Paragraph& p);
/// The paragraph's words only, markup and notes dropped.
[[nodiscard]] std::string plainText(const Paragraph& p);

/// The references a reader of `lang` sees: those without a language, those in `lang`,
/// and those in another language when none of their kind is in `lang`.
[[nodiscard]] std::vector<const Ref*> refsIn(const Recommendation& r, std::string_view lang);
/// The responses a reader of `lang` sees: of each round and responder, the one in
/// `lang`, else the one without a language, else the first.
[[nodiscard]] std::vector<const Response*> responsesIn(const Recommendation& r, std::string_view lang);

/// The text in `lang` among `items`, else in `fallback`, else the first; null when empty.
[[nodiscard]] const LangText* pickLang(const std::vector<LangText>& items, std::string_view lang,
                                       std::string_view fallback = {});
[[nodiscard]] const Block* pickLang(const std::vector<Block>& items, std::string_view lang,
                                    std::string_view fallback = {});

} // namespace accord::workspace
