#pragma once

#include "accord/workspace/workspace.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace accord::workspace {

/// The three versions of one document; `base` is absent when the document is new on both sides.
struct MergeSides {
    std::optional<std::string> base;
    std::string ours;
    std::string theirs;
};

/// What conflicts call each side (`<ours label="draft/apil">`).
struct MergeLabels {
    std::string ours = "ours";
    std::string base = "base";
    std::string theirs = "theirs";
};

struct DocumentMergeResult {
    std::string merged;
    int conflicts = 0;
};

struct BranchMergeResult {
    bool upToDate = false;           ///< the source was already part of the target: nothing done
    std::optional<CommitInfo> commit;  ///< the merge commit
    std::string target;              ///< `main` or `draft/NAME`
    std::string source;              ///< what was merged, as resolved
    int conflicts = 0;
    std::vector<std::pair<std::string, int>> documents;  ///< each document merged on both sides, with its conflicts
    std::map<std::string, std::string> result;           ///< the documents that differ from the target's, as merged
};

} // namespace accord::workspace
