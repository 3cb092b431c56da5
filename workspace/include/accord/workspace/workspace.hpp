#pragma once

#include "accord/workspace/config.hpp"
#include "accord/workspace/files.hpp"
#include "accord/workspace/remote.hpp"
#include "accord/workspace/validation.hpp"

#include <cstdint>
#include <functional>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace accord::workspace {

/// Who made a change.
struct Signature {
    std::string name;
    std::string email;
};

struct CommitInfo {
    std::string id;       ///< full hex object id
    std::string shortId;  ///< first 8 hex digits
    Signature author;
    std::int64_t time = 0;  ///< seconds since the epoch
    int offsetMinutes = 0;  ///< the author's time zone
    std::string message;
    std::vector<std::string> parents;

    [[nodiscard]] std::string summary() const;  ///< the first line of the message
};

/// The documents and configuration of one revision (or of the working tree).
struct Snapshot {
    std::string label;                            ///< what the user named: a revision, or "working tree"
    std::map<std::string, std::string> documents; ///< `documents/x.xml` → its bytes
    std::optional<std::string> config;            ///< `accord.xml`, if present
};

enum class FileState { Added, Modified, Deleted };

struct StatusEntry {
    std::string path;
    FileState state;
};

struct Submission;
struct BranchMergeResult;
struct MergePlan;
struct MergeSides;
struct MergeLabels;
struct DocumentMergeResult;
/// A structured merge of one document, as a merge plugin provides it (see merge.hpp).
using DocumentMerger =
    std::function<DocumentMergeResult(const MergeSides& sides, const MergeLabels& labels, const std::string& path)>;

struct DraftInfo {
    std::string name;    ///< `main`, or the draft's name without `draft/`
    std::string branch;  ///< `main` or `draft/NAME`
    std::string head;    ///< commit id
    bool current = false;
    bool remote = false;  ///< known only from the hub (origin), not yet here
    std::string owner;    ///< who started it: the author of its first commit of its own
};

/// A coalition's workspace: a git repository with `accord.xml` and `documents/`.
/// Every write is either complete or not made at all.
class Workspace {
public:
    static constexpr const char* kConfigFile = "accord.xml";
    static constexpr const char* kDocumentsDir = "documents";
    static constexpr const char* kMainBranch = "main";
    static constexpr const char* kAttributesFile = ".gitattributes";

    /// Creates a workspace in `dir` (made if missing). Throws Exists when one is there.
    static Workspace init(const std::filesystem::path& dir);
    /// Opens the workspace containing `start`, searching upwards as git does.
    static Workspace open(const std::filesystem::path& start);

    Workspace(Workspace&&) noexcept;
    Workspace& operator=(Workspace&&) noexcept;
    ~Workspace();

    [[nodiscard]] const std::filesystem::path& root() const;

    // ---- the working tree ----
    [[nodiscard]] WorkspaceConfig config() const;
    void saveConfig(const WorkspaceConfig& config);
    /// `documents/ID.xml`, relative to the root.
    [[nodiscard]] static std::string documentPath(std::string_view id);
    /// Relative paths of the submission files in the working tree, sorted.
    [[nodiscard]] std::vector<std::string> documentFiles() const;
    /// A file of the workspace; refuses symbolic links (Error(Invalid)), which could point anywhere.
    [[nodiscard]] std::string readFile(std::string_view relativePath) const;
    /// The same bytes, mapped rather than copied (a large document read once, as export does).
    [[nodiscard]] FileBytes mapFile(std::string_view relativePath) const;
    /// Writes through a temporary file and a rename, so readers never see half a file.
    void writeFile(std::string_view relativePath, std::string_view bytes);
    /// Writes a submission after checking it is well-formed XML that Accord can read
    /// (UTF-8, no control characters, its depth): Error(Invalid) and nothing written otherwise.
    void writeDocument(std::string_view relativePath, std::string_view bytes);
    /// A path given on the command line (absolute, relative to `cwd`, or a document id)
    /// as a path relative to the root. Throws NotFound when it names no file of the workspace.
    [[nodiscard]] std::string resolveDocument(std::string_view arg, const std::filesystem::path& cwd) const;

    // ---- history ----
    [[nodiscard]] bool hasCommits() const;
    /// `main`, `draft/NAME`, or empty when HEAD is detached.
    [[nodiscard]] std::string currentBranch() const;
    /// A draft name, branch, commit id or git revision expression.
    [[nodiscard]] CommitInfo resolve(std::string_view rev) const;
    [[nodiscard]] Snapshot snapshot(std::string_view rev) const;
    [[nodiscard]] Snapshot workingSnapshot() const;
    /// The git blob id of a workspace file at `rev`, which names its content: two
    /// revisions with the same id hold the same bytes. Nothing when it has none.
    [[nodiscard]] std::optional<std::string> blobAt(std::string_view rev, std::string_view path) const;
    /// The submission at `path` of `rev`, parsed (Error(Invalid) when it does not
    /// parse), or null when `rev` has no such file. Documents stay parsed by their
    /// content for a while in this process, so reading one again costs no parse.
    [[nodiscard]] std::shared_ptr<const Submission> parsedAt(std::string_view rev, std::string_view path) const;
    /// One workspace file (accord.xml, documents/ID.xml) at `rev`; nothing when it has none.
    [[nodiscard]] std::optional<std::string> fileAt(std::string_view rev, std::string_view path) const;
    /// Changed, added and deleted workspace files: the working tree against HEAD's
    /// commit, byte for byte (git's index plays no part). Refuses symbolic links.
    [[nodiscard]] std::vector<StatusEntry> status() const;
    /// Validates every changed document and `accord.xml`, then commits them on the
    /// current branch. Throws ValidationError (nothing written) when one is invalid,
    /// and Error(Conflict) on a branch protected by a policy (but its first commit),
    /// or when the branch moved while committing (nothing recorded).
    CommitInfo commit(const std::string& message, const Signature& author);
    /// Files to change: a path (accord.xml or documents/ID.xml) and its new bytes, or nothing to delete it.
    using FileChanges = std::vector<std::pair<std::string, std::optional<std::string>>>;
    /// Commits `changes` on `branch` (main or draft/NAME) without the working tree:
    /// the tree is the branch's with the files replaced, built in memory, validated as
    /// commit() does. The branch moves only if it still points at `expectedHead`
    /// (Error(Conflict) otherwise, nothing written), so two writers never share a
    /// half-made change and a person's checkout is never touched.
    /// With `conflictsLeft`, a document still holding a merge's conflicts (as a
    /// merge commits them on a draft) is only checked to be well-formed XML, so
    /// they can be settled one at a time; main never takes one.
    CommitInfo commitTo(const std::string& branch, const std::string& expectedHead, const FileChanges& changes,
                        const std::string& message, const Signature& author, bool conflictsLeft = false);
    /// An edit of one document on a branch, made on the document as it was at
    /// `against` (the commit the editor read): `apply` changes the model and
    /// throws Error for a change it cannot make. When the branch moved on since,
    /// the edit is merged with what came in between by `merger`, as a merge of two
    /// drafts would be: a change to another part goes through, the same words
    /// changed on both sides is Error(Conflict) and nothing is written.
    struct DocumentEdit {
        std::string branch;   ///< draft/NAME
        std::string path;     ///< documents/ID.xml
        std::string against;  ///< a commit id of the branch
        std::function<void(Submission&)> apply;
        std::string message;
        Signature author;
    };
    struct EditResult {
        CommitInfo commit;    ///< the commit made, or the branch's head when the edit changed nothing
        bool changed = false;
        bool merged = false;  ///< the branch had moved on and the edit was merged with it
    };
    EditResult editDocument(const DocumentEdit& edit, const DocumentMerger& merger);
    /// Commits reachable from `rev`, newest first; `limit` 0 means all. With `hide`,
    /// only those not reachable from it (git's `hide..rev`).
    [[nodiscard]] std::vector<CommitInfo> log(std::string_view rev = "HEAD", std::size_t limit = 0,
                                              std::string_view hide = {}) const;
    /// The author from `ACCORD_AUTHOR` ("Name <email>"), else git's user.name and user.email.
    [[nodiscard]] Signature defaultAuthor() const;

    // ---- drafts ----
    [[nodiscard]] std::vector<DraftInfo> drafts() const;
    DraftInfo createDraft(std::string_view name, std::string_view from = "HEAD");
    /// Checks the draft out; refuses when uncommitted changes would be overwritten.
    void switchTo(std::string_view name);

    // ---- merging ----
    /// Works out the merge of `source` (a draft, branch or commit) into the branch
    /// `target` (default: the current one) without writing anything. Documents changed
    /// on both sides go through `merger`, `accord.xml` merges by identity (see
    /// mergeConfigs), other files as git would. Throws Error(Conflict) for what no
    /// merge can settle: a criss-cross history (two merge bases), a file deleted on one
    /// side and changed on the other, `accord.xml` changed differently on both.
    [[nodiscard]] MergePlan planMerge(std::string_view source, std::string_view target,
                                      const DocumentMerger& merger) const;
    /// How a merge may write to its target: `Direct` refuses a branch protected by a
    /// policy, `Landing` is the review plugin's, once the policy holds.
    enum class MergeMode { Direct, Landing };
    /// Records `plan` as a merge commit of both heads. The target moves only if it is
    /// still where the plan started (Error(Conflict) otherwise, nothing written).
    /// Conflicts are committed on a draft, never on main (refused, nothing written);
    /// a checked-out target must have no uncommitted changes. Returns the commit.
    CommitInfo applyMerge(const MergePlan& plan, const Signature& author, const std::string& message = {},
                          MergeMode mode = MergeMode::Direct);
    /// planMerge, then applyMerge unless the target is up to date.
    BranchMergeResult merge(std::string_view source, std::string_view target, const DocumentMerger& merger,
                            const Signature& author, const std::string& message = {}, MergeMode mode = MergeMode::Direct);
    /// Brings the working tree's files from commit `from` to `to` when the current
    /// branch moved from one to the other: each file still as in `from` takes its
    /// version in `to`, written atomically; a file changed by hand is left as it is
    /// and returned. Used after a merge, and after one a killed process left halfway.
    std::vector<std::string> followBranch(std::string_view from, std::string_view to);
    /// The target's snapshot with the plan's changes applied: the merge's result.
    [[nodiscard]] Snapshot resultOf(const MergePlan& plan) const;

    // ---- records: append-only logs kept in the repository itself ----
    /// Appends `json` to the log at `ref` (under refs/accord/) as a commit whose
    /// parent is the log's last record. With `expectedTip`, only if the log still ends
    /// with that record (Error(Conflict) otherwise), or with "" only if there is no log
    /// yet (Error(Exists) otherwise); without it, after whatever the log ends with,
    /// trying again when another process appended at the same moment.
    CommitInfo appendRecord(const std::string& ref, const std::string& json, const Signature& author,
                            const std::string& summary, const std::optional<std::string>& expectedTip = std::nullopt);
    /// The records of the log at `ref`, each with its commit, in the one order every
    /// clone holding the same records gives: a record after every record it saw
    /// (its ancestors), records written without seeing each other by time, then by
    /// commit id. Commits that join two copies of the log hold no record and are
    /// passed over. Empty when there is no log.
    [[nodiscard]] std::vector<std::pair<CommitInfo, std::string>> readRecords(const std::string& ref) const;
    /// Starts a new log in the folder `prefix` (refs/accord/…/) with its first record;
    /// the log is named after that record's commit id, which no other clone can make,
    /// so logs started offline in several clones never collide. Returns its ref.
    std::string startRecordLog(const std::string& prefix, const std::string& json, const Signature& author,
                               const std::string& summary);
    /// What mergeRecordLog did.
    enum class LogMerge { UpToDate, Created, FastForward, Merged };
    /// Joins another copy of a log (`other`, a commit, e.g. as fetched) into the log
    /// at `ref`, so that it holds the union of both copies' records: creates the ref,
    /// fast-forwards it, or records a commit of both tips (the same commit in every
    /// clone that joins the same two tips). Nothing is ever dropped.
    LogMerge mergeRecordLog(const std::string& ref, std::string_view other);
    /// The refs below `prefix` (e.g. "refs/accord/proposals/").
    [[nodiscard]] std::vector<std::string> listRefs(const std::string& prefix) const;
    /// Whether `ancestor` is `descendant` or one of its ancestors.
    [[nodiscard]] bool isAncestor(std::string_view ancestor, std::string_view descendant) const;
    /// The merge base of two revisions (the first, when there are several).
    [[nodiscard]] std::string mergeBase(std::string_view a, std::string_view b) const;

    // ---- meeting the other clones at a hub ----
    /// Clones the workspace at `url` (a path, file://, git://, ssh or https) into
    /// `dir` with every draft and every record log. Throws Error saying what went
    /// wrong: authentication, an unreachable host, no Accord workspace there.
    static Workspace clone(const std::string& url, const std::filesystem::path& dir, const TransferProgress& progress = {});
    /// Meets the hub `remote`: fetches its branches and record logs, fast-forwards
    /// main and the drafts that only moved there, joins record logs (the union of
    /// both copies' records), names the drafts changed on both sides, and pushes
    /// what is new here: drafts, main, record logs. Never forces anything.
    SyncReport sync(const std::string& remote = "origin", const TransferProgress& progress = {});
    /// The first push of this workspace to an empty repository at `url`, which becomes
    /// the remote `origin`; the hub's HEAD is set to main where Accord can reach it.
    SyncReport publish(const std::string& url, const TransferProgress& progress = {});

    // ---- signatures, as git makes them with gpg.format=ssh ----
    /// The signing key a person set up: ACCORD_SIGNING_KEY, else git's
    /// user.signingkey (the private key's path, or its .pub with the key in the
    /// ssh-agent). Nothing when neither is set.
    [[nodiscard]] std::optional<std::string> signingKey() const;
    /// From now on every commit and record this object writes is signed with the
    /// key at `keyPath` (nothing: unsigned). Throws Error(NotFound) when it is missing.
    void signWith(std::optional<std::string> keyPath);
    /// Makes a new Ed25519 signing key (no passphrase) at `keyPath`, its public key
    /// beside it in `keyPath`.pub, as `ssh-keygen -t ed25519` does: a server's own key.
    static void makeSigningKey(const std::filesystem::path& keyPath, const std::string& comment);
    /// Whether writes are signed (signWith was given a key).
    [[nodiscard]] bool signs() const;
    enum class SignatureState { Unsigned, Good, Bad };
    /// Whether commit `rev` carries a signature, and whether one of `keys` (SSH
    /// public key lines) made it over exactly its content.
    [[nodiscard]] SignatureState verifyCommit(std::string_view rev, const std::vector<std::string>& keys) const;

    /// From now on this object writes branches only: a merge or landing neither
    /// checks nor updates the working tree, even on the branch checked out there
    /// (a server, whose commits must never disturb a person's checkout).
    void leaveWorkingTree();
    /// From now on objects are written compressed at zlib's fastest level (a server's
    /// commits, one after another), and stay a little larger until git gc packs
    /// them; editDocument stores a document's blob on a second thread while it makes
    /// the commit, and moves the branch once both are done. For a process that
    /// commits only through this library: it turns off, for the whole process,
    /// libgit2's check that the objects a new tree names already exist.
    void writeObjectsFast();

    /// Sets a value in the repository's git config (e.g. the merge driver).
    void setGitConfig(const std::string& key, const std::string& value);

    /// What documents are validated against: the organisations of the working tree's
    /// `accord.xml` and the profiles Accord provides.
    [[nodiscard]] ValidationContext validationContext() const;
    /// The same for another version of `accord.xml` (a revision's, a merge's result).
    [[nodiscard]] static ValidationContext validationContext(const WorkspaceConfig& config);

private:
    struct Impl;
    explicit Workspace(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// Parses "Name <email>"; throws Error(Invalid) naming `source` when it is not that.
[[nodiscard]] Signature parseSignature(std::string_view text, std::string_view source);

/// Who is acting at a terminal: the user ACCORD_USER names (Error(NotFound) when no
/// user has that id), else the user whose email is the author's (defaultAuthor), else null.
[[nodiscard]] const User* actingUser(const Workspace& ws, const WorkspaceConfig& config);

} // namespace accord::workspace
