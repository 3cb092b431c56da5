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
};

[[nodiscard]] std::vector<ConflictInfo> listConflicts(std::string_view xml);

/// The document with conflict `id` replaced by the side taken: `ours`, `theirs`,
/// `base`, or `both` (ours then theirs; not for an attribute or a moved part, nor
/// when it would repeat an id). Throws workspace::Error naming what is wrong.
[[nodiscard]] std::string resolveConflict(std::string_view xml, std::string_view path, std::string_view id,
                                          std::string_view take);

} // namespace accord::merge
