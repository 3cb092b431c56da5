#include "accord/workspace/document.hpp"
#include "accord/workspace/error.hpp"
#include "accord/workspace/merge.hpp"
#include "accord/workspace/workspace.hpp"

#include <map>
#include <memory>
#include <mutex>

namespace accord::workspace {

namespace {

/// One lock per repository and branch, for the writers of this process: edits of
/// one draft made at once by a server's threads queue and each merges once,
/// instead of racing for the branch and merging again. Other processes still
/// meet at the ref's compare-and-swap.
std::mutex& branchLock(const std::filesystem::path& root, const std::string& branch)
{
    static std::mutex guard;
    static std::map<std::string, std::unique_ptr<std::mutex>> locks;
    std::lock_guard lock(guard);
    auto& m = locks[root.string() + '\n' + branch];
    if (!m) m = std::make_unique<std::mutex>();
    return *m;
}

} // namespace

Workspace::EditResult Workspace::editDocument(const DocumentEdit& edit, const DocumentMerger& merger)
{
    const auto base = fileAt(edit.against, edit.path);
    if (!base) throw Error(ErrorKind::NotFound, edit.path + " does not exist at " + edit.against.substr(0, 8));
    const std::string againstId = resolve(edit.against).id;
    if (!isAncestor(againstId, edit.branch))
        throw Error(ErrorKind::Conflict, edit.against.substr(0, 8) + " is not a commit of " + edit.branch +
                                             ": read the draft again and redo the change");
    Submission doc = parseSubmission(*base, edit.path);
    edit.apply(doc);
    const std::string edited = serialize(doc);

    // A writer that moves the branch between our read and our write makes the
    // commit fail without writing: merge again with what it wrote, a few times.
    std::lock_guard serial(branchLock(root(), edit.branch));
    for (int attempt = 0;; ++attempt) {
        const CommitInfo head = resolve("refs/heads/" + edit.branch);
        std::string result = edited;
        const bool moved = head.id != againstId;
        if (moved) {
            const auto current = fileAt(head.id, edit.path);
            if (!current)
                throw Error(ErrorKind::Conflict, edit.path + " was deleted on " + edit.branch + " since " +
                                                     againstId.substr(0, 8) + ": nothing was written");
            MergeLabels labels{edit.branch, againstId.substr(0, 8), "this edit"};
            DocumentMergeResult merged = merger(MergeSides{*base, *current, edited}, labels, edit.path);
            if (merged.conflicts > 0)
                throw Error(ErrorKind::Conflict, "someone changed the same words on " + edit.branch + " since " +
                                                     againstId.substr(0, 8) + ": nothing was written; compare both "
                                                     "versions and redo the change on " + head.shortId);
            result = std::move(merged.merged);
        }
        if (fileAt(head.id, edit.path) == result) return EditResult{head, false, moved};
        try {
            return EditResult{commitTo(edit.branch, head.id, {{edit.path, result}}, edit.message, edit.author), true, moved};
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::Conflict || attempt == 4 || resolve("refs/heads/" + edit.branch).id == head.id) throw;
        }
    }
}

} // namespace accord::workspace
