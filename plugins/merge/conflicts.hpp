#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace accord::merge {

/// One `conflict` element of a document, as a person needs to see it.
struct ConflictInfo {
    std::string id;
    int line = 0;
    std::string where;      ///< "recommendation eps-job-mobility", or empty at the top
    std::string attribute;  ///< the attribute in conflict, if that is what it is
    std::string base;       ///< each side's text, shortened; "(absent)" when the side has nothing
    std::string ours;
    std::string theirs;
    std::string oursLabel;
    std::string theirsLabel;
    /// For a conflict inside a sentence (a paragraph's or a footnote's words): the
    /// sentence as each side would have it, the other words around it; empty otherwise.
    std::string baseSentence;
    std::string oursSentence;
    std::string theirsSentence;
    /// What `resolve --edit` starts from: our text, in the shape --text takes; empty
    /// when the conflict holds whole parts, which only --take settles.
    std::string editable;
};

[[nodiscard]] std::vector<ConflictInfo> listConflicts(std::string_view xml);

/// The document with conflict `id` replaced by the side taken: `ours`, `theirs`,
/// `base`, or `both` (ours then theirs, a space between words; not for an attribute
/// or a moved part, nor when it would repeat an id). Throws workspace::Error naming
/// what is wrong.
[[nodiscard]] std::string resolveConflict(std::string_view xml, std::string_view path, std::string_view id,
                                          std::string_view take);

/// The document with conflict `id` replaced by `text`, one's own resolution: the
/// words of a sentence, an attribute's value, a title's text, or paragraphs (one
/// per blank-line-separated block) where the sides hold paragraphs. A conflict over
/// whole sections or recommendations is refused (Error(Invalid)): take a side.
[[nodiscard]] std::string resolveConflictWith(std::string_view xml, std::string_view path, std::string_view id,
                                              std::string_view text);

} // namespace accord::merge
