#pragma once

#include "accord/workspace/document.hpp"
#include "accord/workspace/document_stream.hpp"
#include "accord/workspace/error.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace accord::workspace {

/// One finding about a file, printed as `file:line: message`.
struct Diagnostic {
    std::string file;
    int line = 0;  ///< 0 when the finding is about the whole file
    std::string message;
    [[nodiscard]] std::string toString() const;
};

/// How deeply elements may nest in any file Accord reads (a submission needs about
/// a dozen levels). Deeper input is refused before any parser or merge recurses into it.
inline constexpr int kMaxElementDepth = 100;

/// The rules below the level of elements, checked before any XML parser sees the
/// bytes: well-formed UTF-8; no NUL or control character, written or as a character
/// reference (`&#1;`, `&#xFFFE;`); no DOCTYPE and no entity but the five of XML;
/// at most kMaxElementDepth nested elements. Each finding names its line; empty means clean.
[[nodiscard]] std::vector<Diagnostic> checkXmlText(std::string_view bytes, std::string_view file);

/// The markup checkXmlText reads, told as it goes, for a caller that indexes the text in the same pass.
/// Offsets are into the bytes checked; a tag's end is past its '>' (or the end of the bytes, when it has none).
class MarkupVisitor {
public:
    virtual ~MarkupVisitor() = default;
    virtual void startTag(std::size_t begin, std::size_t end) = 0;
    virtual void endTag(std::size_t begin, std::size_t end) = 0;
    /// A comment, CDATA section, processing instruction or declaration starts at `begin`.
    virtual void otherMarkup(std::size_t begin) = 0;
};

/// checkXmlText, telling `visitor` the markup as it reads it.
[[nodiscard]] std::vector<Diagnostic> checkXmlText(std::string_view bytes, std::string_view file, MarkupVisitor& visitor);

/// checkXmlText, then whether the bytes are well-formed XML at all: what every
/// writer checks before it writes a file, and the merge of its inputs and output.
[[nodiscard]] std::vector<Diagnostic> checkWellFormed(std::string_view bytes, std::string_view file);

/// Whether bytes made only of pieces that passed checkXmlText (a merge's output)
/// are well-formed XML: the element structure alone, references left unexpanded.
[[nodiscard]] std::vector<Diagnostic> checkStructure(std::string_view bytes, std::string_view file);

/// The `conflict` elements a document still holds, each named with where it is
/// and how to resolve it; empty when there are none (or the file does not parse).
[[nodiscard]] std::vector<Diagnostic> unresolvedConflicts(std::string_view bytes, std::string_view file);

/// What a document may refer to besides itself.
struct ValidationContext {
    std::vector<std::string> organisations;  ///< ids declared in the workspace
    std::vector<std::string> profiles;       ///< ids the workspace or a plugin provides
    std::vector<std::string> languages{"ko", "en"};  ///< the xml:lang codes the workspace declares
};

/// Checks a submission against `submission-1.xsd` (libxml2) and then the rules
/// the schema cannot state: ids unique across sections and recommendations,
/// organisations, profile and languages known, the file named after the submission id.
/// An empty result means valid.
[[nodiscard]] std::vector<Diagnostic> validateSubmission(std::string_view bytes, std::string_view file,
                                                         const ValidationContext& context);
/// The same, handing the parsed document to `parsed` when it is valid: one parse, not two.
[[nodiscard]] std::vector<Diagnostic> validateSubmission(std::string_view bytes, std::string_view file,
                                                         const ValidationContext& context, Submission& parsed);
/// A document as validateSubmissionInParts hands it on: its head and a way through its
/// top-level sections, each parsed when it is reached and gone after it.
struct SubmissionParts {
    const Submission& head;  ///< id, language, version and meta; no sections
    /// Hands each top-level section in turn to the visitor; may be called again (it parses again).
    std::function<void(const SectionVisitor&)> forEachSection;
};

/// The same check, the document read a top-level section at a time so that neither the check
/// nor `use` ever holds all of it (the model of a 10 MB document takes three times its size).
/// `use` runs while the schema is still being checked (the slowest part), before the rules'
/// findings are known; the first of its passes over the sections that gets to the end is also
/// the rules' (a pass it does not finish is finished here). When the result is not empty,
/// whatever `use` made must be thrown away. An exception from `use` is passed on once the
/// schema's check is over, unless the schema, a section that does not parse or the rules
/// have something to say first. `readPast`, when given, hears of each stretch of `bytes` that
/// both the schema's check and the first pass over the sections are done with (FileBytes::release).
[[nodiscard]] std::vector<Diagnostic> validateSubmissionInParts(std::string_view bytes, std::string_view file,
                                                                const ValidationContext& context,
                                                                const std::function<void(const SubmissionParts&)>& use,
                                                                const std::function<void(std::string_view)>& readPast = {});

/// The rules of validateSubmission that the schema cannot state, on a document
/// already in the model (ids unique, organisations and profile known, the file
/// named after the submission id): what an edit made on the model checks again.
[[nodiscard]] std::vector<Diagnostic> checkSubmissionRules(const Submission& doc, std::string_view file,
                                                           const ValidationContext& context);

/// Checks a file against one of the schemas shipped with Accord (e.g. "profile-1.xsd").
[[nodiscard]] std::vector<Diagnostic> checkSchemaOf(std::string_view bytes, std::string_view file,
                                                    const std::string& schemaName);

/// Checks `accord.xml` against `workspace-1.xsd` (which also keeps organisation ids unique).
[[nodiscard]] std::vector<Diagnostic> validateConfig(std::string_view bytes, std::string_view file);

} // namespace accord::workspace

namespace accord::workspace {

/// Thrown when an operation refuses input that fails validation; carries every finding.
class ValidationError : public Error {
public:
    explicit ValidationError(std::vector<Diagnostic> diagnostics);
    [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

private:
    std::vector<Diagnostic> diagnostics_;
};

} // namespace accord::workspace
