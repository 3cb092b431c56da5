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

/// A merge of one branch into another, worked out without writing anything: what
/// every path of the target becomes. Dry runs, landings and a server share it;
/// `Workspace::applyMerge` records it.
struct MergePlan {
    std::string target;        ///< `main` or `draft/NAME`
    std::string source;        ///< what is merged, as resolved (a draft by its branch)
    std::string targetCommit;  ///< the target's head the plan starts from
    std::string sourceCommit;  ///< the source's head
    std::string baseCommit;    ///< their merge base (empty when up to date)
    bool upToDate = false;     ///< the target holds the source already: nothing to merge
    int conflicts = 0;         ///< `conflict` elements in the merged documents
    std::vector<std::pair<std::string, int>> documents;  ///< each document merged on both sides, with its conflicts
    /// Every file that differs from the target's: its merged bytes, or nothing when it is deleted.
    std::map<std::string, std::optional<std::string>> changes;
};

/// A merge as recorded: its plan and the merge commit (none when up to date).
struct BranchMergeResult : MergePlan {
    std::optional<CommitInfo> commit;
};
} // namespace accord::workspace
