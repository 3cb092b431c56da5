#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace accord::workspace {

/// How a transfer goes, for a progress bar: `stage` is "receiving", "resolving"
/// or "sending"; `done` of `total` objects.
using TransferProgress = std::function<void(std::string_view stage, std::size_t done, std::size_t total)>;

/// What `sync` (and `clone`, `publish`) did, in the words a person needs.
struct SyncReport {
    std::vector<std::string> updated;    ///< branches moved to the hub's newer version (main, draft/x)
    std::vector<std::string> arrived;    ///< drafts of others seen for the first time
    /// Drafts changed here and on the hub since they last met: a merge is needed.
    std::vector<std::string> diverged;
    std::vector<std::string> records;    ///< record logs that took the hub's records (new ones included)
    std::vector<std::string> pushed;     ///< what went out: branches and record logs
    std::vector<std::string> refused;    ///< what the hub refused, each with its reason
    /// The checked-out branch, when it moved on the hub but has uncommitted changes
    /// to files the hub changed too: not moved, nothing overwritten.
    std::vector<std::string> held;
};

} // namespace accord::workspace
