#pragma once

// The inside of Workspace, shared by the library's sources (workspace.cpp, remote.cpp).

#include "accord/workspace/content_cache.hpp"
#include "accord/workspace/files.hpp"
#include "accord/workspace/merge.hpp"
#include "accord/workspace/validation.hpp"
#include "accord/workspace/workspace.hpp"
#include "git_util.hpp"

#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace accord::workspace {

namespace fs = std::filesystem;

namespace detail {

inline constexpr const char* kDraftPrefix = "draft/";

[[nodiscard]] bool isDocumentPath(std::string_view path);
[[nodiscard]] bool isWorkspacePath(std::string_view path);
[[nodiscard]] CommitInfo infoOf(const git_commit* c);
[[nodiscard]] bool validDraftName(std::string_view name);

} // namespace detail

using namespace detail;

struct Workspace::Impl {
    using FileChangeList = Workspace::FileChanges;
    Repository repo;
    fs::path root;
    std::optional<std::string> signingKey;  ///< set by signWith: what every write signs with
    bool branchesOnly = false;              ///< set by leaveWorkingTree
    /// Set by writeObjectsFast: objects at zlib's fastest level, through an object
    /// database of its own, which editDocument's second thread stores a blob with
    /// (one at a time: editDocument waits for it before it returns).
    std::unique_ptr<git_odb, void (*)(git_odb*)> fastObjects{nullptr, git_odb_free};
    /// fastObjects' one backend, owned by it: a blob whose id is known is written
    /// through it directly, without hashing its bytes a second time.
    git_odb_backend* fastBlobs = nullptr;

    /// A blob being stored on another thread while its commit is made: the commit's
    /// ref moves only once `stored` is ready.
    struct PendingBlob {
        std::string path;
        git_oid id;
        std::future<void> stored;
    };

    Commit commitOf(std::string_view rev) const
    {
        std::string spec(rev);
        // A draft's bare name is the friendliest way to name it; a draft known only
        // from the hub is read there, as git reads origin/….
        auto exists = [&](const std::string& ref) {
            git_reference* found = nullptr;
            if (git_reference_lookup(&found, repo.get(), ref.c_str()) != 0) return false;
            git_reference_free(found);
            return true;
        };
        const std::string draft = spec.starts_with(kDraftPrefix) ? spec.substr(6) : spec;
        if (validDraftName(draft) && rev != "main" && rev != "HEAD") {
            if (exists("refs/heads/" + std::string(kDraftPrefix) + draft))
                spec = "refs/heads/" + std::string(kDraftPrefix) + draft;
            else if (exists("refs/remotes/origin/" + std::string(kDraftPrefix) + draft))
                spec = "refs/remotes/origin/" + std::string(kDraftPrefix) + draft;
        }
        git_object* obj = nullptr;
        int rc = git_revparse_single(&obj, repo.get(), spec.c_str());
        if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC || rc == GIT_EAMBIGUOUS || rc == GIT_EUNBORNBRANCH) {
            if (spec == "HEAD")
                throw Error(ErrorKind::NotFound, "the workspace has no commits yet: commit first (accord commit -m \"…\")");
            throw Error(ErrorKind::NotFound, "unknown revision \"" + std::string(rev) +
                                                 "\": name a draft (accord draft list), main, or a commit");
        }
        check(rc, "cannot resolve " + spec);
        Object owner(obj);
        git_object* peeled = nullptr;
        check(git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT), std::string(rev) + " is not a commit");
        return Commit(reinterpret_cast<git_commit*>(peeled));
    }

    Tree treeOf(const git_commit* c) const
    {
        git_tree* t = nullptr;
        check(git_commit_tree(&t, c), "cannot read the tree of a commit");
        return Tree(t);
    }

    std::string blobText(const git_oid& id) const
    {
        git_blob* b = nullptr;
        check(git_blob_lookup(&b, repo.get(), &id), "cannot read a stored file");
        Blob owner(b);
        return std::string(static_cast<const char*>(git_blob_rawcontent(b)),
                           static_cast<std::size_t>(git_blob_rawsize(b)));
    }

    /// The workspace files of a commit (accord.xml, .gitattributes, documents/*.xml)
    /// with their blob ids. A file stored as a symbolic link is refused.
    std::map<std::string, git_oid> workspaceBlobs(const git_commit* c) const
    {
        std::map<std::string, git_oid> out;
        Tree tree = treeOf(c);
        auto take = [&](const git_tree_entry* e, const std::string& path) {
            if (git_tree_entry_filemode(e) == GIT_FILEMODE_LINK)
                throw Error(ErrorKind::Invalid, path + " is stored as a symbolic link at " + oidHex(*git_commit_id(c)).substr(0, 8) +
                                                    ": Accord refuses links; replace it with the file itself on a draft");
            if (git_tree_entry_type(e) == GIT_OBJECT_BLOB) out.emplace(path, *git_tree_entry_id(e));
        };
        for (const char* name : {kConfigFile, kAttributesFile})
            if (const git_tree_entry* e = git_tree_entry_byname(tree.get(), name)) take(e, name);
        const git_tree_entry* docs = git_tree_entry_byname(tree.get(), kDocumentsDir);
        if (!docs || git_tree_entry_type(docs) != GIT_OBJECT_TREE) return out;
        Tree sub = lookupTree(*git_tree_entry_id(docs), "documents/");
        for (std::size_t i = 0; i < git_tree_entrycount(sub.get()); ++i) {
            const git_tree_entry* e = git_tree_entry_byindex(sub.get(), i);
            std::string path = std::string(kDocumentsDir) + "/" + git_tree_entry_name(e);
            if (isDocumentPath(path)) take(e, path);
        }
        return out;
    }

    Snapshot snapshotOf(const git_commit* c, std::string label) const
    {
        Snapshot snap;
        snap.label = std::move(label);
        for (const auto& [path, id] : workspaceBlobs(c)) {
            if (path == kConfigFile) snap.config = blobText(id);
            else if (isDocumentPath(path)) snap.documents.emplace(path, blobText(id));
        }
        return snap;
    }

    /// Writes a commit object, signed with the signing key when there is one (as git
    /// does with gpg.format=ssh: the signature in the commit's gpgsig header). No ref moves.
    git_oid writeCommit(const git_signature* sig, const std::string& message, const git_tree* tree,
                        const std::vector<const git_commit*>& parents) const;
    /// The tree of one record: `record.json` holding `json`.
    Tree recordTree(const std::string& json) const;
    /// Moves `ref` to `id` only if it still points at `from` (with no `from`: only if
    /// it does not exist yet). Returns libgit2's code: GIT_EMODIFIED or GIT_EEXISTS
    /// when someone else moved it first.
    int moveRef(const std::string& ref, const git_oid& id, const git_oid* from, const std::string& why) const;

    /// Runs a libgit2 call that takes lock files, past locks left by killed processes.
    int locked(const std::function<int()>& op) const { return retryLocked(git_repository_path(repo.get()), op); }

    /// A file of the working tree, never through a link; errors name it as the user knows it.
    /// `read` of a file of the working tree, its errors naming the path as given.
    template <class Read>
    auto relative(const std::string& path, Read read) const
    {
        try {
            return read(root / path);
        } catch (const Error& e) {
            std::string message = e.what();
            const std::string absolute = (root / path).string();
            if (message.starts_with(absolute)) message.replace(0, absolute.size(), path);
            throw Error(e.kind(), message);
        }
    }

    std::string readRelative(const std::string& path) const
    {
        return relative(path, [](const std::filesystem::path& file) { return workspace::readFile(file, Links::Refuse); });
    }

    /// The workspace files of the working tree, by path, with their bytes.
    std::map<std::string, std::string> workingFiles() const
    {
        std::map<std::string, std::string> out;
        auto take = [&](const std::string& path) {
            try {
                out.emplace(path, readRelative(path));
            } catch (const Error& e) {
                if (e.kind() != ErrorKind::NotFound) throw;
            }
        };
        take(kConfigFile);
        take(kAttributesFile);
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(root / kDocumentsDir, ec)) {
            std::string rel = std::string(kDocumentsDir) + "/" + e.path().filename().string();
            std::error_code kindError;
            if (isDocumentPath(rel) && !e.is_directory(kindError)) take(rel);
        }
        return out;
    }

    /// The working tree's changes against HEAD's commit, with the new bytes of each.
    std::vector<std::pair<StatusEntry, std::optional<std::string>>> changes() const
    {
        std::map<std::string, git_oid> head;
        if (git_repository_head_unborn(repo.get()) == 0) head = workspaceBlobs(commitOf("HEAD").get());
        std::vector<std::pair<StatusEntry, std::optional<std::string>>> out;
        auto files = workingFiles();
        for (auto& [path, bytes] : files) {
            auto it = head.find(path);
            if (it != head.end()) {
                git_oid id;
                check(git_odb_hash(&id, bytes.data(), bytes.size(), GIT_OBJECT_BLOB), "cannot hash " + path);
                if (git_oid_equal(&id, &it->second)) continue;
            }
            out.emplace_back(StatusEntry{path, it == head.end() ? FileState::Added : FileState::Modified}, std::move(bytes));
        }
        for (const auto& [path, id] : head)
            if (!files.count(path)) out.emplace_back(StatusEntry{path, FileState::Deleted}, std::nullopt);
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first.path < b.first.path; });
        return out;
    }

    /// The blob of accord.xml at a commit, or nothing when it has none.
    std::optional<git_oid> configBlobOf(const git_commit* c) const
    {
        Tree tree = treeOf(c);
        const git_tree_entry* e = git_tree_entry_byname(tree.get(), kConfigFile);
        if (!e || git_tree_entry_type(e) != GIT_OBJECT_BLOB) return std::nullopt;
        if (git_tree_entry_filemode(e) == GIT_FILEMODE_LINK)
            throw Error(ErrorKind::Invalid, std::string(kConfigFile) + " is stored as a symbolic link: Accord refuses links");
        return *git_tree_entry_id(e);
    }

    /// The bytes of accord.xml at a commit, read alone (not the documents beside it).
    std::optional<std::string> configBytesOf(const git_commit* c) const
    {
        const auto blob = configBlobOf(c);
        if (!blob) return std::nullopt;
        return blobText(*blob);
    }

    /// accord.xml at a commit, parsed (the last one parsed is kept by its blob).
    std::optional<WorkspaceConfig> configOf(const git_commit* c) const
    {
        const auto blob = configBlobOf(c);
        if (!blob) return std::nullopt;
        static ContentCache<WorkspaceConfig> kept(2);
        return *kept.get(oidHex(*blob), [&] { return parseConfig(blobText(*blob), kConfigFile); });
    }

    /// The policy protecting `branch` as committed at its head; null when none (or no commits).
    std::optional<Policy> committedPolicy(const std::string& branch) const
    {
        git_reference* ref = nullptr;
        if (git_branch_lookup(&ref, repo.get(), branch.c_str(), GIT_BRANCH_LOCAL) != 0) return std::nullopt;
        Reference owner(ref);
        Commit head = commitOf(git_reference_name(ref));
        const auto config = configOf(head.get());
        if (!config) return std::nullopt;
        const Policy* p = config->policyFor(branch);
        return p ? std::optional<Policy>(*p) : std::nullopt;
    }

    /// How a commit's documents are checked before it is written.
    enum class Check {
        Validate,       ///< every changed document and accord.xml, in full
        ConflictsLeft,  ///< the same, but a draft's document may keep a merge's conflicts
        DoneByCaller,   ///< the caller validated the documents against `config` (editDocument)
    };
    git_oid commitChanges(const std::string& branch, const git_commit* parent, const FileChangeList& changes,
                          const std::string& config, const std::string& message, const Signature& author,
                          Check checks = Check::Validate, PendingBlob* pending = nullptr);
    std::optional<std::string> checkEdit(const git_commit* head, const std::string& path, const std::string& fromBlob,
                                         const Submission& result, const std::set<std::string>& parts,
                                         const std::string& resultBytes);
    /// commitTo's work: `changes` on `branch` only if it still points at `expectedHead`.
    git_oid commitOnBranch(const std::string& branch, const std::string& expectedHead, const FileChangeList& changes,
                           const std::string& message, const Signature& author, Check checks,
                           PendingBlob* pending = nullptr);

    Tree lookupTree(const git_oid& id, const char* what) const
    {
        git_tree* tree = nullptr;
        check(git_tree_lookup(&tree, repo.get(), &id), std::string("cannot read ") + what);
        return Tree(tree);
    }

    static GitSignature signatureOf(const Signature& author)
    {
        git_signature* sig = nullptr;
        check(git_signature_now(&sig, author.name.c_str(), author.email.c_str()),
              "the author \"" + author.name + " <" + author.email + ">\" is not usable");
        return GitSignature(sig);
    }

    /// The tree of a merge: git merges the trees of the three commits, and the plan's
    /// files replace what it made of them. Throws Error(Conflict) naming a file other
    /// than Accord's that git could not merge. Writes objects only, never a ref.
    git_oid mergedTree(const MergePlan& plan, const git_commit* base, const git_commit* ours, const git_commit* theirs) const
    {
        Tree baseTree = treeOf(base);
        Tree oursTree = treeOf(ours);
        Tree theirsTree = treeOf(theirs);
        git_index* rawIndex = nullptr;
        git_merge_options mopts = GIT_MERGE_OPTIONS_INIT;
        check(git_merge_trees(&rawIndex, repo.get(), baseTree.get(), oursTree.get(), theirsTree.get(), &mopts),
              "cannot merge the trees");
        Index index(rawIndex);
        for (const auto& [path, bytes] : plan.changes) {
            git_index_conflict_remove(rawIndex, path.c_str());
            if (!bytes) {
                git_index_remove(rawIndex, path.c_str(), 0);
                continue;
            }
            git_index_entry entry{};
            entry.mode = GIT_FILEMODE_BLOB;
            entry.path = path.c_str();
            check(git_blob_create_from_buffer(&entry.id, repo.get(), bytes->data(), bytes->size()), "cannot store " + path);
            check(git_index_add(rawIndex, &entry), "cannot stage " + path);
        }
        // Accord's files the plan left alone are the target's, whatever git thought of them.
        for (const auto& [path, id] : workspaceBlobs(ours))
            if (!plan.changes.count(path)) git_index_conflict_remove(rawIndex, path.c_str());
        if (git_index_has_conflicts(rawIndex)) {
            const git_index_entry* a = nullptr;
            const git_index_entry* o = nullptr;
            const git_index_entry* t = nullptr;
            git_index_conflict_iterator* it = nullptr;
            std::string which;
            if (git_index_conflict_iterator_new(&it, rawIndex) == 0) {
                IndexConflictIterator owner(it);
                if (git_index_conflict_next(&a, &o, &t, it) == 0) which = (o ? o : t ? t : a)->path;
            }
            throw Error(ErrorKind::Conflict, which + " conflicts and is not a document Accord can merge: merge it with git");
        }
        git_oid treeId;
        check(git_index_write_tree_to(&treeId, rawIndex, repo.get()), "cannot write the merged tree");
        return treeId;
    }

    /// Brings git's index in line with `tree` for the workspace's files, so that plain
    /// git agrees with Accord. Accord itself never reads the index: when this fails
    /// (another process holds its lock), nothing of the user's is lost.
    void refreshIndex(const git_tree* tree) const
    {
        git_index* raw = nullptr;
        if (git_repository_index(&raw, repo.get()) != 0) return;
        Index index(raw);
        if (git_index_read(raw, 0) != 0) return;
        std::vector<std::string> stale;
        for (std::size_t i = 0; i < git_index_entrycount(raw); ++i)
            if (const git_index_entry* e = git_index_get_byindex(raw, i); isWorkspacePath(e->path)) stale.emplace_back(e->path);
        for (const auto& path : stale) git_index_remove(raw, path.c_str(), 0);
        auto add = [&](const std::string& path, const git_tree_entry* e) {
            git_index_entry entry{};
            entry.mode = GIT_FILEMODE_BLOB;
            entry.path = path.c_str();
            entry.id = *git_tree_entry_id(e);
            git_index_add(raw, &entry);  // without stat data: git compares the file's content
        };
        for (const char* name : {kConfigFile, kAttributesFile})
            if (const git_tree_entry* e = git_tree_entry_byname(tree, name)) add(name, e);
        if (const git_tree_entry* docs = git_tree_entry_byname(tree, kDocumentsDir);
            docs && git_tree_entry_type(docs) == GIT_OBJECT_TREE) {
            Tree sub = lookupTree(*git_tree_entry_id(docs), "documents/");
            for (std::size_t i = 0; i < git_tree_entrycount(sub.get()); ++i) {
                const git_tree_entry* e = git_tree_entry_byindex(sub.get(), i);
                std::string path = std::string(kDocumentsDir) + "/" + git_tree_entry_name(e);
                if (isDocumentPath(path)) add(path, e);
            }
        }
        (void)locked([&] { return git_index_write(raw); });
    }

    std::string configValue(const char* key) const
    {
        git_config* cfg = nullptr;
        if (git_repository_config_snapshot(&cfg, repo.get()) != 0) return {};
        Config owner(cfg);
        const char* value = nullptr;
        if (git_config_get_string(&value, cfg, key) != 0 || !value) return {};
        return value;
    }
};

} // namespace accord::workspace
