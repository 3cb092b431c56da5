#pragma once

#include "accord/workspace/diff.hpp"
#include "accord/workspace/workspace.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace accord::workspace {

/// One commit that changed a part, and how.
struct PartHistoryEntry {
    CommitInfo commit;
    std::string path;    ///< the document that holds the part
    PartChange change;   ///< against the commit's first parent
};

/// The commits reachable from `rev` that added, changed, moved or removed the
/// section or recommendation `id`, newest first. The part is followed by id, so
/// moves between sections (and documents) keep its history together.
[[nodiscard]] std::vector<PartHistoryEntry> partHistory(const Workspace& ws, std::string_view id,
                                                        std::string_view rev = "HEAD");

/// Who last changed each part of the document at `path` in `from..to`: section or
/// recommendation id ("" for the document's meta) → the newest commit reachable from
/// `to` and not from `from` that added, changed, moved or removed it. What a redline
/// attributes each change to.
[[nodiscard]] std::map<std::string, CommitInfo> lastChanges(const Workspace& ws, const std::string& path,
                                                            std::string_view from, std::string_view to);

/// Parses every document of a snapshot that parses; others are skipped.
[[nodiscard]] std::map<std::string, Submission> parseSnapshot(const Snapshot& snap);

/// The semantic diff of every document that differs between two snapshots, by path.
[[nodiscard]] std::vector<DocumentDiff> diffSnapshots(const Snapshot& before, const Snapshot& after);

} // namespace accord::workspace
