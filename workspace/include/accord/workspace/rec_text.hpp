#pragma once

#include "accord/workspace/document.hpp"

#include <string>
#include <string_view>

/// A recommendation as a person edits it in a text editor (`accord rec edit`): a few
/// header lines (status, priority, endorsements, addressees, references), then one
/// block per title, text and rationale and language (`== text ko ==`), paragraphs
/// parted by a blank line, inline marks as `*emphasis*`, `**strong**`, `[^footnote]`
/// and `[words](https://…)`, a mark's character written literally as `\*`, `\[`,
/// `\]` or `\\`. Lines starting with `#` are comments. Responses are not shown and
/// are kept as they were.
namespace accord::workspace {

[[nodiscard]] std::string recommendationText(const Recommendation& rec, std::string_view where);

/// Reads the text back over `base` (the recommendation it was made from: its id and
/// responses stay). Throws Error(Invalid) as `file:line: what is wrong`.
[[nodiscard]] Recommendation recommendationFromText(std::string_view text, std::string_view file, const Recommendation& base);

/// Paragraphs from text in the light markup: a blank line between two, the lines of one joined.
[[nodiscard]] std::vector<Paragraph> paragraphsFromMarkup(std::string_view text);

/// One paragraph's inlines from the light markup above, and back.
[[nodiscard]] std::vector<Inline> inlinesFromMarkup(std::string_view text);
[[nodiscard]] std::string markupOf(const std::vector<Inline>& inlines);

} // namespace accord::workspace
