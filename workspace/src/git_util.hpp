#pragma once

#include "accord/workspace/error.hpp"

#include <git2.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace accord::workspace::detail {

/// One owner of git_libgit2_init for the whole process.
void ensureLibgit2();

template <class T, void (*Free)(T*)>
struct GitDeleter {
    void operator()(T* p) const noexcept { Free(p); }
};

template <class T, void (*Free)(T*)>
using GitPtr = std::unique_ptr<T, GitDeleter<T, Free>>;

using Repository = GitPtr<git_repository, git_repository_free>;
using Object = GitPtr<git_object, git_object_free>;
using Commit = GitPtr<git_commit, git_commit_free>;
using Tree = GitPtr<git_tree, git_tree_free>;
using TreeEntry = GitPtr<git_tree_entry, git_tree_entry_free>;
using Blob = GitPtr<git_blob, git_blob_free>;
using Reference = GitPtr<git_reference, git_reference_free>;
using Index = GitPtr<git_index, git_index_free>;
using Revwalk = GitPtr<git_revwalk, git_revwalk_free>;
using StatusList = GitPtr<git_status_list, git_status_list_free>;
using Config = GitPtr<git_config, git_config_free>;
using GitSignature = GitPtr<git_signature, git_signature_free>;
using BranchIterator = GitPtr<git_branch_iterator, git_branch_iterator_free>;
using ReferenceIterator = GitPtr<git_reference_iterator, git_reference_iterator_free>;
using IndexConflictIterator = GitPtr<git_index_conflict_iterator, git_index_conflict_iterator_free>;
using TreeBuilder = GitPtr<git_treebuilder, git_treebuilder_free>;
using Diff = GitPtr<git_diff, git_diff_free>;

/// Throws an Error built from `git_error_last()` when `rc` is a failure. Call it
/// right after the libgit2 call, before anything else can reset the error. A lock
/// held by another process, or a ref that moved under us, is said in plain words.
void check(int rc, const std::string& what);

/// Runs `op`, a libgit2 call that takes lock files (a ref, its log, the index), and
/// returns its result. When a lock file is in the way, waits for it a moment; one
/// older than a second while no other Accord process is writing the repository is
/// what a process killed in the middle left behind, and is removed. Accord's writers
/// hold an advisory lock on `gitDir`/accord.lock for this, which dies with them.
[[nodiscard]] int retryLocked(const std::filesystem::path& gitDir, const std::function<int()>& op);

/// The ErrorKind for a libgit2 return code.
[[nodiscard]] ErrorKind kindOf(int rc);

[[nodiscard]] std::string oidHex(const git_oid& oid);

} // namespace accord::workspace::detail
