#include "workspace_impl.hpp"

#include "ssh_signature.hpp"

#include "accord/workspace/profile.hpp"
#include "accord/workspace/strings.hpp"

#include <git2/sys/odb_backend.h>

#include <algorithm>
#include <cstdlib>
#include <regex>
#include <set>
#include <tuple>

namespace accord::workspace {

namespace detail {

bool isDocumentPath(std::string_view path)
{
    return path.starts_with("documents/") && path.ends_with(".xml") &&
           path.find('/', 10) == std::string_view::npos;
}

bool isWorkspacePath(std::string_view path)
{
    return path == Workspace::kConfigFile || path == Workspace::kAttributesFile || isDocumentPath(path);
}

CommitInfo infoOf(const git_commit* c)
{
    CommitInfo info;
    info.id = oidHex(*git_commit_id(c));
    info.shortId = info.id.substr(0, 8);
    const git_signature* a = git_commit_author(c);
    info.author = Signature{a->name ? a->name : "", a->email ? a->email : ""};
    info.time = a->when.time;
    info.offsetMinutes = a->when.offset;
    info.message = git_commit_message(c) ? git_commit_message(c) : "";
    for (unsigned i = 0; i < git_commit_parentcount(c); ++i)
        info.parents.push_back(oidHex(*git_commit_parent_id(c, i)));
    return info;
}

bool validDraftName(std::string_view name)
{
    static const std::regex pattern("[a-z0-9][a-z0-9._-]{0,63}");
    return std::regex_match(name.begin(), name.end(), pattern) && name.find("..") == std::string_view::npos;
}

} // namespace detail

git_oid Workspace::Impl::writeCommit(const git_signature* sig, const std::string& message, const git_tree* tree,
                                     const std::vector<const git_commit*>& parents) const
{
    git_oid id;
    if (!signingKey) {
        check(git_commit_create(&id, repo.get(), nullptr, sig, sig, nullptr, message.c_str(), tree, parents.size(),
                                const_cast<const git_commit**>(parents.data())),
              "cannot write a commit");
        return id;
    }
    git_buf buffer = GIT_BUF_INIT;
    check(git_commit_create_buffer(&buffer, repo.get(), sig, sig, nullptr, message.c_str(), tree, parents.size(),
                                   const_cast<const git_commit**>(parents.data())),
          "cannot write a commit");
    const std::string content(buffer.ptr, buffer.size);
    git_buf_dispose(&buffer);
    const std::string signature = sshSign(*signingKey, content);
    check(git_commit_create_with_signature(&id, repo.get(), content.c_str(), signature.c_str(), "gpgsig"),
          "cannot write a signed commit");
    return id;
}

Tree Workspace::Impl::recordTree(const std::string& json) const
{
    git_oid blob;
    check(git_blob_create_from_buffer(&blob, repo.get(), json.data(), json.size()), "cannot store a record");
    git_treebuilder* rawBuilder = nullptr;
    check(git_treebuilder_new(&rawBuilder, repo.get(), nullptr), "cannot build a record");
    TreeBuilder builder(rawBuilder);
    check(git_treebuilder_insert(nullptr, rawBuilder, "record.json", &blob, GIT_FILEMODE_BLOB), "cannot build a record");
    git_oid treeId;
    check(git_treebuilder_write(&treeId, rawBuilder), "cannot write a record");
    return lookupTree(treeId, "a record");
}

int Workspace::Impl::moveRef(const std::string& ref, const git_oid& id, const git_oid* from, const std::string& why) const
{
    git_reference* made = nullptr;
    const int rc = locked([&] {
        return from ? git_reference_create_matching(&made, repo.get(), ref.c_str(), &id, 1, from, why.c_str())
                    : git_reference_create(&made, repo.get(), ref.c_str(), &id, 0, why.c_str());
    });
    if (rc == 0) git_reference_free(made);
    return rc;
}

std::optional<std::string> Workspace::signingKey() const
{
    if (const char* env = std::getenv("ACCORD_SIGNING_KEY"); env && *env) return std::string(env);
    std::string key = impl_->configValue("user.signingkey");
    if (key.empty()) return std::nullopt;
    if (key.starts_with("~/"))
        if (const char* home = std::getenv("HOME")) key = std::string(home) + key.substr(1);
    return key;
}

void Workspace::signWith(std::optional<std::string> keyPath)
{
    if (keyPath && !fs::exists(*keyPath))
        throw Error(ErrorKind::NotFound, "the signing key " + *keyPath + " does not exist: set ACCORD_SIGNING_KEY (or git "
                                                                         "config user.signingkey) to your SSH key");
    impl_->signingKey = std::move(keyPath);
}

void Workspace::makeSigningKey(const fs::path& keyPath, const std::string& comment)
{
    sshMakeKey(keyPath.string(), comment);
}

bool Workspace::signs() const
{
    return impl_->signingKey.has_value();
}

Workspace::SignatureState Workspace::verifyCommit(std::string_view rev, const std::vector<std::string>& keys) const
{
    Commit c = impl_->commitOf(rev);
    git_buf signature = GIT_BUF_INIT;
    git_buf data = GIT_BUF_INIT;
    const int rc = git_commit_extract_signature(&signature, &data, impl_->repo.get(),
                                                const_cast<git_oid*>(git_commit_id(c.get())), "gpgsig");
    if (rc == GIT_ENOTFOUND) return SignatureState::Unsigned;
    check(rc, "cannot read the signature of " + std::string(rev));
    const std::string sig(signature.ptr, signature.size);
    const std::string content(data.ptr, data.size);
    git_buf_dispose(&signature);
    git_buf_dispose(&data);
    return sshVerify(content, sig, keys) ? SignatureState::Good : SignatureState::Bad;
}

std::string CommitInfo::summary() const
{
    return message.substr(0, message.find('\n'));
}

Signature parseSignature(std::string_view text, std::string_view source)
{
    static const std::regex pattern(R"(^\s*([^<>]*[^<>\s])\s*<([^<>\s]+@[^<>\s]+)>\s*$)");
    std::string s(text);
    std::smatch m;
    if (!std::regex_match(s, m, pattern))
        throw Error(ErrorKind::Invalid, std::string(source) + " is \"" + s +
                                            "\"; write it as \"Name <email@example.org>\"");
    return Signature{m[1].str(), m[2].str()};
}


Workspace::Workspace(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Workspace::Workspace(Workspace&&) noexcept = default;
Workspace& Workspace::operator=(Workspace&&) noexcept = default;
Workspace::~Workspace() = default;

Workspace Workspace::init(const fs::path& dir)
{
    ensureLibgit2();
    fs::path root = fs::absolute(dir).lexically_normal();
    if (fs::exists(root / kConfigFile))
        throw Error(ErrorKind::Exists, root.string() + " is already an Accord workspace (it has accord.xml)");
    if (fs::exists(root) && !fs::is_directory(root))
        throw Error(ErrorKind::Exists, root.string() + " exists and is not a folder");

    git_repository_init_options opts = GIT_REPOSITORY_INIT_OPTIONS_INIT;
    opts.flags = GIT_REPOSITORY_INIT_MKPATH;
    opts.initial_head = kMainBranch;
    git_repository* repo = nullptr;
    check(git_repository_init_ext(&repo, root.c_str(), &opts), "cannot create a git repository in " + root.string());

    auto impl = std::make_unique<Impl>();
    impl->repo.reset(repo);
    impl->root = root;
    Workspace ws(std::move(impl));
    fs::create_directories(root / kDocumentsDir);
    WorkspaceConfig config;
    config.policies.push_back(defaultMainPolicy());  // safe without configuration
    ws.saveConfig(config);
    // Merges done with plain git use the structured merge too (the driver is set by the host).
    ws.writeFile(kAttributesFile, "documents/*.xml merge=accord\n");
    return ws;
}

Workspace Workspace::open(const fs::path& start)
{
    ensureLibgit2();
    git_buf found = GIT_BUF_INIT;
    fs::path from = fs::absolute(start);
    std::string notFound = "not inside an Accord workspace (" + from.string() +
                           "): run accord init, or cd into a workspace";
    if (git_repository_discover(&found, from.c_str(), 0, nullptr) != 0) throw Error(ErrorKind::NotFound, notFound);
    std::string gitDir(found.ptr, found.size);
    git_buf_dispose(&found);

    git_repository* repo = nullptr;
    check(git_repository_open(&repo, gitDir.c_str()), "cannot open the repository at " + gitDir);
    auto impl = std::make_unique<Impl>();
    impl->repo.reset(repo);
    const char* workdir = git_repository_workdir(repo);
    if (!workdir) throw Error(ErrorKind::Invalid, gitDir + " is a bare repository; Accord needs a working tree");
    impl->root = fs::path(workdir).lexically_normal();
    if (impl->root.has_filename() == false) impl->root = impl->root.parent_path();
    if (!fs::exists(impl->root / kConfigFile))
        throw Error(ErrorKind::NotFound, notFound + "; the git repository at " + impl->root.string() +
                                             " has no accord.xml");
    return Workspace(std::move(impl));
}

const fs::path& Workspace::root() const
{
    return impl_->root;
}

WorkspaceConfig Workspace::config() const
{
    return parseConfig(readFile(kConfigFile), kConfigFile);
}

void Workspace::saveConfig(const WorkspaceConfig& config)
{
    writeFile(kConfigFile, serialize(config));  // serialize refuses what would not be a valid accord.xml
}

std::string Workspace::documentPath(std::string_view id)
{
    return std::string(kDocumentsDir) + "/" + std::string(id) + ".xml";
}

std::vector<std::string> Workspace::documentFiles() const
{
    std::vector<std::string> out;
    std::error_code ec;
    // Links are listed too, so that reading them says why they are refused.
    for (const auto& e : fs::directory_iterator(impl_->root / kDocumentsDir, ec)) {
        std::string rel = std::string(kDocumentsDir) + "/" + e.path().filename().string();
        std::error_code kindError;
        if (isDocumentPath(rel) && (e.is_symlink(kindError) || e.is_regular_file(kindError))) out.push_back(rel);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string Workspace::readFile(std::string_view relativePath) const
{
    return impl_->readRelative(std::string(relativePath));
}

FileBytes Workspace::mapFile(std::string_view relativePath) const
{
    return impl_->relative(std::string(relativePath), [](const fs::path& file) { return workspace::mapFile(file, Links::Refuse); });
}

void Workspace::writeFile(std::string_view relativePath, std::string_view bytes)
{
    const fs::path target = impl_->root / relativePath;
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);  // documents/ may have been removed by hand
    writeFileAtomically(target, bytes);
}

void Workspace::writeDocument(std::string_view relativePath, std::string_view bytes)
{
    if (auto problems = checkWellFormed(bytes, relativePath); !problems.empty()) throw ValidationError(std::move(problems));
    writeFile(relativePath, bytes);
}

std::string Workspace::resolveDocument(std::string_view arg, const fs::path& cwd) const
{
    fs::path given(arg);
    std::vector<fs::path> candidates{given.is_absolute() ? given : cwd / given};
    if (given.extension() != ".xml") candidates.push_back(impl_->root / documentPath(arg));
    for (const auto& c : candidates) {
        std::error_code ec;
        if (!fs::is_regular_file(c, ec)) continue;
        fs::path canonical = fs::weakly_canonical(c);
        fs::path rel = canonical.lexically_relative(fs::weakly_canonical(impl_->root));
        if (rel.empty() || *rel.begin() == "..")
            throw Error(ErrorKind::Invalid, std::string(arg) + " is outside the workspace at " + impl_->root.string());
        return rel.generic_string();
    }
    throw Error(ErrorKind::NotFound, "no document \"" + std::string(arg) +
                                         "\": give a file or a submission id (accord status lists them)");
}

bool Workspace::hasCommits() const
{
    return git_repository_head_unborn(impl_->repo.get()) == 0;
}

std::string Workspace::currentBranch() const
{
    git_reference* head = nullptr;
    int rc = git_repository_head(&head, impl_->repo.get());
    if (rc == GIT_EUNBORNBRANCH) {
        // Unborn: HEAD still names its branch symbolically.
        git_reference* sym = nullptr;
        check(git_reference_lookup(&sym, impl_->repo.get(), "HEAD"), "cannot read HEAD");
        Reference owner(sym);
        std::string target = git_reference_symbolic_target(sym) ? git_reference_symbolic_target(sym) : "";
        return target.starts_with("refs/heads/") ? target.substr(11) : "";
    }
    check(rc, "cannot read HEAD");
    Reference owner(head);
    if (!git_reference_is_branch(head)) return {};
    const char* name = nullptr;
    check(git_branch_name(&name, head), "cannot read the branch name");
    return name;
}

CommitInfo Workspace::resolve(std::string_view rev) const
{
    return infoOf(impl_->commitOf(rev).get());
}

Snapshot Workspace::snapshot(std::string_view rev) const
{
    Commit c = impl_->commitOf(rev);
    return impl_->snapshotOf(c.get(), std::string(rev));
}

std::optional<std::string> Workspace::blobAt(std::string_view rev, std::string_view path) const
{
    Commit c = impl_->commitOf(rev);
    const auto blobs = impl_->workspaceBlobs(c.get());
    auto it = blobs.find(std::string(path));
    if (it == blobs.end()) return std::nullopt;
    return oidHex(it->second);
}

std::optional<std::string> Workspace::fileAt(std::string_view rev, std::string_view path) const
{
    Commit c = impl_->commitOf(rev);
    const auto blobs = impl_->workspaceBlobs(c.get());
    auto it = blobs.find(std::string(path));
    if (it == blobs.end()) return std::nullopt;
    return impl_->blobText(it->second);
}

Snapshot Workspace::workingSnapshot() const
{
    Snapshot snap;
    snap.label = "working tree";
    if (fs::exists(impl_->root / kConfigFile)) snap.config = readFile(kConfigFile);
    for (const auto& path : documentFiles()) snap.documents.emplace(path, readFile(path));
    return snap;
}

std::vector<StatusEntry> Workspace::status() const
{
    std::vector<StatusEntry> out;
    for (auto& [entry, bytes] : impl_->changes()) out.push_back(std::move(entry));
    return out;
}

ValidationContext Workspace::validationContext() const
{
    return validationContext(config());
}

ValidationContext Workspace::validationContext(const WorkspaceConfig& config)
{
    ValidationContext ctx;
    ctx.organisations = config.organisationIds();
    for (const auto& p : builtinProfiles()) ctx.profiles.push_back(p.id);
    ctx.languages = config.languages;
    return ctx;
}

namespace {

void requireMessage(const std::string& message)
{
    if (message.find_first_not_of(" \t\r\n") == std::string::npos)
        throw Error(ErrorKind::Invalid, "the commit message is empty: say what changed with -m \"…\"");
}

} // namespace

/// The one way a commit is made, from the working tree or not: validates the changed
/// documents and `accord.xml` (`config`, as it will be) so a refused commit writes
/// nothing, builds the tree from the parent's with the changed files replaced, and
/// moves `branch` only if it still points at `parent`.
git_oid Workspace::Impl::commitChanges(const std::string& branch, const git_commit* parent, const FileChangeList& changes,
                                       const std::string& config, const std::string& message, const Signature& author,
                                       Check checks, PendingBlob* pending)
{
    const bool conflictsLeft = checks == Check::ConflictsLeft;
    std::vector<Diagnostic> problems;
    if (checks != Check::DoneByCaller) problems = validateConfig(config, kConfigFile);
    if (checks != Check::DoneByCaller && problems.empty()) {
        ValidationContext ctx = Workspace::validationContext(parseConfig(config, kConfigFile));
        for (const auto& [path, bytes] : changes) {
            if (!bytes || !isDocumentPath(path)) continue;
            if (conflictsLeft && branch != kMainBranch && !unresolvedConflicts(*bytes, path).empty()) {
                // Well-formed and nothing any XML reader should refuse, as a merge's conflicted output is.
                auto found = checkWellFormed(*bytes, path);
                problems.insert(problems.end(), found.begin(), found.end());
                continue;
            }
            auto found = validateSubmission(*bytes, path, ctx);
            problems.insert(problems.end(), found.begin(), found.end());
        }
    }
    if (!problems.empty()) throw ValidationError(std::move(problems));

    std::vector<git_tree_update> updates;
    for (const auto& [path, bytes] : changes) {
        git_tree_update u{};
        u.path = path.c_str();
        if (pending && path == pending->path) {
            u.action = GIT_TREE_UPDATE_UPSERT;
            u.filemode = GIT_FILEMODE_BLOB;
            u.id = pending->id;
        } else if (bytes) {
            u.action = GIT_TREE_UPDATE_UPSERT;
            u.filemode = GIT_FILEMODE_BLOB;
            check(git_blob_create_from_buffer(&u.id, repo.get(), bytes->data(), bytes->size()), "cannot store " + path);
        } else {
            u.action = GIT_TREE_UPDATE_REMOVE;
        }
        updates.push_back(u);
    }
    git_oid treeId;
    std::optional<Tree> before;
    if (parent) before = treeOf(parent);
    check(git_tree_create_updated(&treeId, repo.get(), before ? before->get() : nullptr, updates.size(), updates.data()),
          "cannot write the tree");
    if (before && git_oid_equal(&treeId, git_tree_id(before->get())))
        throw Error(ErrorKind::NotFound, "nothing to commit: no document or accord.xml has changed");
    Tree tree = lookupTree(treeId, "the new tree");
    GitSignature sig = signatureOf(author);
    std::string body = message;
    if (body.back() != '\n') body += '\n';
    std::vector<const git_commit*> parentList;
    if (parent) parentList.push_back(parent);
    const git_oid commitId = writeCommit(sig.get(), body, tree.get(), parentList);
    if (pending) pending->stored.get();  // the commit names the blob only once it is stored
    // Of two commits at once, the second is refused instead of overwriting the first.
    const int rc = moveRef("refs/heads/" + branch, commitId, parent ? git_commit_id(parent) : nullptr,
                           "commit: " + message.substr(0, message.find('\n')));
    if (rc == GIT_EMODIFIED || rc == GIT_ELOCKED || rc == GIT_EEXISTS)
        throw Error(ErrorKind::Conflict, "another commit was recorded on " + branch +
                                             " at the same moment, so this one was not: read it again and redo the change");
    check(rc, "cannot record the commit");
    return commitId;
}

CommitInfo Workspace::commit(const std::string& message, const Signature& author)
{
    requireMessage(message);
    const std::string branch = currentBranch();
    if (branch.empty()) throw Error(ErrorKind::Invalid, "HEAD is detached: switch to a draft first (accord switch NAME)");
    if (hasCommits() && impl_->committedPolicy(branch))
        throw Error(ErrorKind::Conflict, branch + " is protected by the workspace's review policy: commit on a draft "
                                                  "(accord draft new NAME; accord switch NAME) and propose it (accord propose)");
    std::optional<Commit> parent;
    if (hasCommits()) parent = impl_->commitOf("HEAD");
    FileChanges changes;
    for (auto& [entry, bytes] : impl_->changes()) changes.emplace_back(entry.path, std::move(bytes));
    if (changes.empty()) throw Error(ErrorKind::NotFound, "nothing to commit: no document or accord.xml has changed");
    const git_oid id = impl_->commitChanges(branch, parent ? parent->get() : nullptr, changes, readFile(kConfigFile),
                                            message, author);
    Tree tree = impl_->treeOf(impl_->commitOf(oidHex(id)).get());
    impl_->refreshIndex(tree.get());
    return resolve(oidHex(id));
}

CommitInfo Workspace::commitTo(const std::string& branch, const std::string& expectedHead, const FileChanges& changes,
                               const std::string& message, const Signature& author, bool conflictsLeft)
{
    return resolve(oidHex(impl_->commitOnBranch(branch, expectedHead, changes, message, author,
                                                conflictsLeft ? Impl::Check::ConflictsLeft : Impl::Check::Validate)));
}

git_oid Workspace::Impl::commitOnBranch(const std::string& branch, const std::string& expectedHead,
                                        const FileChangeList& changes, const std::string& message, const Signature& author,
                                        Check checks, PendingBlob* pending)
{
    requireMessage(message);
    if (!branch.starts_with(kDraftPrefix) && branch != kMainBranch)
        throw Error(ErrorKind::Invalid, "\"" + branch + "\" is not a branch of the workspace: name main or draft/NAME");
    if (changes.empty()) throw Error(ErrorKind::NotFound, "nothing to commit: no change was given");
    for (const auto& [path, bytes] : changes)
        if (path != kConfigFile && !isDocumentPath(path))
            throw Error(ErrorKind::Invalid, "\"" + path + "\" is not a file of the workspace: name accord.xml or documents/ID.xml");
    Commit parent = commitOf("refs/heads/" + branch);
    if (oidHex(*git_commit_id(parent.get())) != expectedHead)
        throw Error(ErrorKind::Conflict, branch + " moved on since " + expectedHead.substr(0, 8) +
                                             ": read it again and redo the change");
    if (committedPolicy(branch))
        throw Error(ErrorKind::Conflict, branch + " is protected by the workspace's review policy: change a draft and propose it");
    std::optional<std::string> config = configBytesOf(parent.get());
    for (const auto& [path, bytes] : changes)
        if (path == kConfigFile) config = bytes;
    if (!config) throw Error(ErrorKind::Invalid, branch + " has no accord.xml");
    return commitChanges(branch, parent.get(), changes, *config, message, author, checks, pending);
}

std::vector<CommitInfo> Workspace::log(std::string_view rev, std::size_t limit, std::string_view hide) const
{
    Commit start = impl_->commitOf(rev);
    git_revwalk* walk = nullptr;
    check(git_revwalk_new(&walk, impl_->repo.get()), "cannot walk the history");
    Revwalk owner(walk);
    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
    check(git_revwalk_push(walk, git_commit_id(start.get())), "cannot walk the history");
    if (!hide.empty()) {
        Commit hidden = impl_->commitOf(hide);
        check(git_revwalk_hide(walk, git_commit_id(hidden.get())), "cannot walk the history");
    }
    std::vector<CommitInfo> out;
    git_oid id;
    while (git_revwalk_next(&id, walk) == 0) {
        git_commit* c = nullptr;
        check(git_commit_lookup(&c, impl_->repo.get(), &id), "cannot read a commit");
        Commit cOwner(c);
        out.push_back(infoOf(c));
        if (limit && out.size() >= limit) break;
    }
    return out;
}

const User* actingUser(const Workspace& ws, const WorkspaceConfig& config)
{
    if (const char* id = std::getenv("ACCORD_USER"); id && *id) {
        if (const User* u = config.findUser(id)) return u;
        throw Error(ErrorKind::NotFound, std::string("ACCORD_USER=") + id + " is not a user of this workspace (accord user list)");
    }
    try {
        return config.findUserByEmail(ws.defaultAuthor().email);
    } catch (const Error&) {
        return nullptr;
    }
}

Signature Workspace::defaultAuthor() const
{
    if (const char* env = std::getenv("ACCORD_AUTHOR"); env && *env) return parseSignature(env, "ACCORD_AUTHOR");
    std::string name = impl_->configValue("user.name");
    std::string email = impl_->configValue("user.email");
    if (name.empty() || email.empty())
        throw Error(ErrorKind::Invalid,
                    "no author: set ACCORD_AUTHOR=\"Name <email>\", or git config user.name and user.email");
    return Signature{name, email};
}

std::vector<DraftInfo> Workspace::drafts() const
{
    std::string current = currentBranch();
    std::vector<DraftInfo> out;
    auto add = [&](git_branch_t kind) {
        git_branch_iterator* it = nullptr;
        check(git_branch_iterator_new(&it, impl_->repo.get(), kind), "cannot list branches");
        BranchIterator owner(it);
        git_reference* ref = nullptr;
        git_branch_t type;
        while (git_branch_next(&ref, &type, it) == 0) {
            Reference refOwner(ref);
            const char* name = nullptr;
            if (git_branch_name(&name, ref) != 0) continue;
            std::string branch = name;
            if (kind == GIT_BRANCH_REMOTE) {
                // origin/draft/x: a draft of the hub, shown when there is no draft/x here.
                if (!branch.starts_with("origin/")) continue;
                branch = branch.substr(7);
                if (!branch.starts_with(kDraftPrefix) ||
                    std::any_of(out.begin(), out.end(), [&](const DraftInfo& d) { return d.branch == branch; }))
                    continue;
            }
            const bool isDraft = branch.starts_with(kDraftPrefix);
            if (!isDraft && branch != kMainBranch) continue;
            const git_oid* target = git_reference_target(ref);
            DraftInfo d{isDraft ? branch.substr(6) : branch, branch, target ? oidHex(*target) : "", branch == current,
                        kind == GIT_BRANCH_REMOTE, {}};
            out.push_back(std::move(d));
        }
    };
    add(GIT_BRANCH_LOCAL);
    add(GIT_BRANCH_REMOTE);
    // A draft's owner: the author of its first commit that main does not hold.
    for (auto& d : out) {
        if (d.branch == kMainBranch || d.head.empty()) continue;
        git_revwalk* walk = nullptr;
        if (git_revwalk_new(&walk, impl_->repo.get()) != 0) continue;
        Revwalk owner(walk);
        git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
        git_oid head;
        if (git_oid_fromstr(&head, d.head.c_str()) != 0 || git_revwalk_push(walk, &head) != 0) continue;
        (void)git_revwalk_hide_ref(walk, "refs/heads/main");
        git_oid first;
        if (git_revwalk_next(&first, walk) == 0) {
            git_commit* c = nullptr;
            if (git_commit_lookup(&c, impl_->repo.get(), &first) == 0) {
                Commit cOwner(c);
                d.owner = git_commit_author(c)->name ? git_commit_author(c)->name : "";
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return (a.branch == kMainBranch) != (b.branch == kMainBranch) ? a.branch == kMainBranch : a.name < b.name;
    });
    return out;
}

DraftInfo Workspace::createDraft(std::string_view name, std::string_view from)
{
    if (!validDraftName(name))
        throw Error(ErrorKind::Invalid, "\"" + std::string(name) +
                                            "\" is not a draft name: use lower-case letters, digits and -, e.g. apil-labour");
    if (name == kMainBranch) throw Error(ErrorKind::Invalid, "main is the coalition's text, not a draft");
    Commit start = impl_->commitOf(from);
    std::string branch = std::string(kDraftPrefix) + std::string(name);
    git_reference* ref = nullptr;
    int rc = impl_->locked([&] { return git_branch_create(&ref, impl_->repo.get(), branch.c_str(), start.get(), 0); });
    if (rc == GIT_EEXISTS) throw Error(ErrorKind::Exists, "draft " + std::string(name) + " already exists");
    check(rc, "cannot create draft " + std::string(name));
    Reference owner(ref);
    return DraftInfo{std::string(name), branch, oidHex(*git_commit_id(start.get())), false, false, {}};
}

CommitInfo Workspace::appendRecord(const std::string& ref, const std::string& json, const Signature& author,
                                   const std::string& summary, const std::optional<std::string>& expectedTip)
{
    if (!ref.starts_with("refs/accord/")) throw Error(ErrorKind::Invalid, ref + " is not a record log (refs/accord/…)");
    git_repository* repo = impl_->repo.get();
    Tree tree = impl_->recordTree(json);
    GitSignature sig = Impl::signatureOf(author);
    const bool create = expectedTip && expectedTip->empty();
    // Another process may append at the same moment: read the end again and retry,
    // unless the caller asked for a precise place.
    for (int attempt = 0;; ++attempt) {
        std::optional<Commit> last;
        if (git_reference* existing = nullptr; git_reference_lookup(&existing, repo, ref.c_str()) == 0) {
            Reference owner(existing);
            if (create) throw Error(ErrorKind::Exists, ref + " already exists");
            last = impl_->commitOf(ref);
            if (expectedTip && oidHex(*git_commit_id(last->get())) != *expectedTip)
                throw Error(ErrorKind::Conflict, ref + " has a new record since it was read: read it again");
        } else if (!create) {
            throw Error(ErrorKind::NotFound, ref + " does not exist");
        }
        std::vector<const git_commit*> parents;
        if (last) parents.push_back(last->get());
        const git_oid commitId = impl_->writeCommit(sig.get(), summary + "\n", tree.get(), parents);
        git_reference* made = nullptr;
        // The ref moves only from the record read above; creating never replaces a log.
        const int rc = impl_->locked([&] {
            return last ? git_reference_create_matching(&made, repo, ref.c_str(), &commitId, 1, git_commit_id(last->get()),
                                                        summary.c_str())
                        : git_reference_create(&made, repo, ref.c_str(), &commitId, 0, summary.c_str());
        });
        if (rc == 0) {
            git_reference_free(made);
            return resolve(oidHex(commitId));
        }
        if (rc == GIT_EEXISTS && create) throw Error(ErrorKind::Exists, ref + " already exists");
        const bool raced = rc == GIT_EMODIFIED || rc == GIT_ELOCKED || rc == GIT_EEXISTS;
        if (!raced || expectedTip || attempt >= 20) check(rc, "cannot append to " + ref);
    }
}

std::vector<std::pair<CommitInfo, std::string>> Workspace::readRecords(const std::string& ref) const
{
    std::vector<std::pair<CommitInfo, std::string>> out;
    git_reference* existing = nullptr;
    if (git_reference_lookup(&existing, impl_->repo.get(), ref.c_str()) != 0) return out;
    Reference owner(existing);
    git_object* peeled = nullptr;
    check(git_reference_peel(&peeled, existing, GIT_OBJECT_COMMIT), ref + " is not a record log");
    Object tip(peeled);
    git_revwalk* walk = nullptr;
    check(git_revwalk_new(&walk, impl_->repo.get()), "cannot walk " + ref);
    Revwalk walkOwner(walk);
    // Parents before children: each commit's generation is one more than its parents' highest.
    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
    check(git_revwalk_push(walk, git_object_id(tip.get())), "cannot walk " + ref);
    std::map<std::string, std::size_t> generation;
    struct Found {
        std::size_t generation;
        CommitInfo commit;
        std::string json;
    };
    std::vector<Found> found;
    git_oid id;
    while (git_revwalk_next(&id, walk) == 0) {
        git_commit* raw = nullptr;
        check(git_commit_lookup(&raw, impl_->repo.get(), &id), "cannot read a record of " + ref);
        Commit commit(raw);
        std::size_t g = 1;
        for (unsigned i = 0; i < git_commit_parentcount(raw); ++i)
            g = std::max(g, generation[oidHex(*git_commit_parent_id(raw, i))] + 1);
        CommitInfo info = infoOf(raw);
        generation[info.id] = g;
        Tree tree = impl_->treeOf(raw);
        const git_tree_entry* entry = git_tree_entry_byname(tree.get(), "record.json");
        if (!entry) {
            if (git_commit_parentcount(raw) > 1) continue;  // where two copies of the log were joined
            throw Error(ErrorKind::Invalid, ref + ": record " + info.shortId + " has no record.json");
        }
        found.push_back(Found{g, info, impl_->blobText(*git_tree_entry_id(entry))});
    }
    // One order in every clone that holds the same records: a record after all it saw,
    // records written without seeing each other by time, then by id.
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
        return std::tie(a.generation, a.commit.time, a.commit.id) < std::tie(b.generation, b.commit.time, b.commit.id);
    });
    for (auto& f : found) out.emplace_back(std::move(f.commit), std::move(f.json));
    return out;
}

std::string Workspace::startRecordLog(const std::string& prefix, const std::string& json, const Signature& author,
                                      const std::string& summary)
{
    if (!prefix.starts_with("refs/accord/") || !prefix.ends_with("/"))
        throw Error(ErrorKind::Invalid, prefix + " is not a folder of record logs (refs/accord/…/)");
    git_repository* repo = impl_->repo.get();
    Tree tree = impl_->recordTree(json);
    GitSignature sig = Impl::signatureOf(author);
    const git_oid commitId = impl_->writeCommit(sig.get(), summary + "\n", tree.get(), {});
    // The log is named after its first record: no other clone can make the same one.
    const std::string ref = prefix + oidHex(commitId);
    git_reference* made = nullptr;
    check(impl_->locked([&] { return git_reference_create(&made, repo, ref.c_str(), &commitId, 0, summary.c_str()); }),
          "cannot create " + ref);
    git_reference_free(made);
    return ref;
}

Workspace::LogMerge Workspace::mergeRecordLog(const std::string& ref, std::string_view other)
{
    if (!ref.starts_with("refs/accord/")) throw Error(ErrorKind::Invalid, ref + " is not a record log (refs/accord/…)");
    git_repository* repo = impl_->repo.get();
    Commit theirs = impl_->commitOf(other);
    const git_oid* theirsId = git_commit_id(theirs.get());
    for (int attempt = 0;; ++attempt) {
        git_reference* existing = nullptr;
        if (git_reference_lookup(&existing, repo, ref.c_str()) != 0) {
            git_reference* made = nullptr;
            const int rc = impl_->locked([&] { return git_reference_create(&made, repo, ref.c_str(), theirsId, 0, "join a record log"); });
            if (rc == 0) {
                git_reference_free(made);
                return LogMerge::Created;
            }
            if (rc != GIT_EEXISTS || attempt >= 20) check(rc, "cannot create " + ref);
            continue;
        }
        Reference owner(existing);
        Commit ours = impl_->commitOf(ref);
        const git_oid* oursId = git_commit_id(ours.get());
        if (git_oid_equal(oursId, theirsId) || git_graph_descendant_of(repo, oursId, theirsId) == 1) return LogMerge::UpToDate;
        git_oid target = *theirsId;
        LogMerge what = LogMerge::FastForward;
        if (git_graph_descendant_of(repo, theirsId, oursId) != 1) {
            // Both copies have records the other lacks: a commit joins them, holding no record itself.
            git_treebuilder* rawBuilder = nullptr;
            check(git_treebuilder_new(&rawBuilder, repo, nullptr), "cannot join two copies of " + ref);
            TreeBuilder builder(rawBuilder);
            git_oid emptyTree;
            check(git_treebuilder_write(&emptyTree, rawBuilder), "cannot join two copies of " + ref);
            Tree tree = impl_->lookupTree(emptyTree, "an empty tree");
            // The same two tips make the same joining commit in every clone.
            const bool oursFirst = oidHex(*oursId) < oidHex(*theirsId);
            const git_commit* parents[] = {oursFirst ? ours.get() : theirs.get(), oursFirst ? theirs.get() : ours.get()};
            git_signature* raw = nullptr;
            const std::int64_t when = std::max(git_commit_time(ours.get()), git_commit_time(theirs.get()));
            check(git_signature_new(&raw, "Accord", "accord@localhost", when, 0), "cannot join two copies of " + ref);
            GitSignature sig(raw);
            check(git_commit_create(&target, repo, nullptr, sig.get(), sig.get(), nullptr, "Join two copies of a record log\n",
                                    tree.get(), 2, parents),
                  "cannot join two copies of " + ref);
            what = LogMerge::Merged;
        }
        git_reference* moved = nullptr;
        const int rc = impl_->locked([&] {
            return git_reference_create_matching(&moved, repo, ref.c_str(), &target, 1, oursId, "join a record log");
        });
        if (rc == 0) {
            git_reference_free(moved);
            return what;
        }
        if ((rc != GIT_EMODIFIED && rc != GIT_ELOCKED) || attempt >= 20) check(rc, "cannot update " + ref);
    }
}

std::vector<std::string> Workspace::listRefs(const std::string& prefix) const
{
    git_reference_iterator* it = nullptr;
    check(git_reference_iterator_glob_new(&it, impl_->repo.get(), (prefix + "*").c_str()), "cannot list " + prefix);
    ReferenceIterator owner(it);
    std::vector<std::string> out;
    const char* name = nullptr;
    while (git_reference_next_name(&name, it) == 0) out.emplace_back(name);
    std::sort(out.begin(), out.end());
    return out;
}

bool Workspace::isAncestor(std::string_view ancestor, std::string_view descendant) const
{
    Commit a = impl_->commitOf(ancestor);
    Commit d = impl_->commitOf(descendant);
    if (git_oid_equal(git_commit_id(a.get()), git_commit_id(d.get()))) return true;
    return git_graph_descendant_of(impl_->repo.get(), git_commit_id(d.get()), git_commit_id(a.get())) == 1;
}

std::string Workspace::mergeBase(std::string_view a, std::string_view b) const
{
    Commit ca = impl_->commitOf(a);
    Commit cb = impl_->commitOf(b);
    git_oid base;
    int rc = git_merge_base(&base, impl_->repo.get(), git_commit_id(ca.get()), git_commit_id(cb.get()));
    if (rc == GIT_ENOTFOUND) throw Error(ErrorKind::Invalid, std::string(a) + " and " + std::string(b) + " share no history");
    check(rc, "cannot find the merge base");
    return oidHex(base);
}

void Workspace::leaveWorkingTree()
{
    impl_->branchesOnly = true;
}

void Workspace::writeObjectsFast()
{
    // A loose-object store before git's own, compressing at zlib's fastest level
    // (the objects are a little larger until git gc packs them), and one of the
    // same kind alone, for a document's blob stored on a second thread.
    auto fastLoose = [&] {
        git_odb_backend* loose = nullptr;
        const std::string objects = (fs::path(git_repository_path(impl_->repo.get())) / "objects").string();
        check(git_odb_backend_loose(&loose, objects.c_str(), 1, 0, 0, 0), "cannot open the object database");
        return loose;
    };
    git_odb* odb = nullptr;
    check(git_repository_odb(&odb, impl_->repo.get()), "cannot open the object database");
    std::unique_ptr<git_odb, decltype(&git_odb_free)> owner(odb, git_odb_free);
    git_odb_backend* loose = fastLoose();
    if (git_odb_add_backend(odb, loose, 3) != 0) {
        loose->free(loose);
        check(-1, "cannot open the object database");
    }
    git_odb* alone = nullptr;
    check(git_odb_new(&alone), "cannot open the object database");
    impl_->fastObjects.reset(alone);
    loose = fastLoose();
    if (git_odb_add_backend(alone, loose, 1) != 0) {
        loose->free(loose);
        check(-1, "cannot open the object database");
    }
    impl_->fastBlobs = loose;
    // A commit's tree may name its blob before the other thread has stored it; the
    // branch moves only after it has (commitChanges). libgit2's check that a new
    // tree's objects exist would refuse that, so it is off for the process.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
}

void Workspace::setGitConfig(const std::string& key, const std::string& value)
{
    git_config* cfg = nullptr;
    check(git_repository_config(&cfg, impl_->repo.get()), "cannot open the repository's git config");
    Config owner(cfg);
    check(git_config_set_string(cfg, key.c_str(), value.c_str()), "cannot set " + key);
}

MergePlan Workspace::planMerge(std::string_view source, std::string_view target, const DocumentMerger& merger) const
{
    MergePlan plan;
    plan.target = target.empty() ? currentBranch() : std::string(target);
    if (plan.target.empty()) throw Error(ErrorKind::Invalid, "HEAD is detached: name the draft to merge into with --into");
    if (plan.target != kMainBranch && !plan.target.starts_with(kDraftPrefix)) plan.target = kDraftPrefix + plan.target;
    git_reference* targetRef = nullptr;
    if (git_branch_lookup(&targetRef, impl_->repo.get(), plan.target.c_str(), GIT_BRANCH_LOCAL) != 0)
        throw Error(ErrorKind::NotFound, "no draft \"" + std::string(target) + "\" to merge into (accord draft list shows them)");
    Reference targetOwner(targetRef);

    Commit ours = impl_->commitOf(git_reference_name(targetRef));
    Commit theirs = impl_->commitOf(source);
    plan.source = std::string(source);
    // Conflicts and messages name a draft by its branch, as drafts are listed.
    if (git_reference* draftRef = nullptr;
        validDraftName(source) && source != kMainBranch &&
        git_branch_lookup(&draftRef, impl_->repo.get(), (kDraftPrefix + plan.source).c_str(), GIT_BRANCH_LOCAL) == 0) {
        git_reference_free(draftRef);
        plan.source = kDraftPrefix + plan.source;
    }
    const git_oid* oursId = git_commit_id(ours.get());
    const git_oid* theirsId = git_commit_id(theirs.get());
    plan.targetCommit = oidHex(*oursId);
    plan.sourceCommit = oidHex(*theirsId);
    if (git_oid_equal(oursId, theirsId) || git_graph_descendant_of(impl_->repo.get(), oursId, theirsId) == 1) {
        plan.upToDate = true;
        return plan;
    }

    git_oidarray bases{};
    int rc = git_merge_bases(&bases, impl_->repo.get(), oursId, theirsId);
    if (rc == GIT_ENOTFOUND)
        throw Error(ErrorKind::Invalid, plan.target + " and " + plan.source + " share no history; nothing to merge from");
    check(rc, "cannot find the merge base");
    std::vector<git_oid> baseIds(bases.ids, bases.ids + bases.count);
    git_oidarray_dispose(&bases);
    if (baseIds.size() > 1)
        throw Error(ErrorKind::Conflict, "refused: " + plan.target + " and " + plan.source + " have " +
                                             std::to_string(baseIds.size()) + " merge bases (" + oidHex(baseIds[0]).substr(0, 8) +
                                             ", " + oidHex(baseIds[1]).substr(0, 8) +
                                             ": a criss-cross history); merge one base into the other draft first");
    plan.baseCommit = oidHex(baseIds[0]);
    Commit base = impl_->commitOf(plan.baseCommit);

    Snapshot sb = impl_->snapshotOf(base.get(), "base");
    Snapshot so = impl_->snapshotOf(ours.get(), plan.target);
    Snapshot st = impl_->snapshotOf(theirs.get(), plan.source);
    auto files = [](const Snapshot& s) {
        std::map<std::string, std::string> all = s.documents;
        if (s.config) all.emplace(kConfigFile, *s.config);
        return all;
    };
    auto fb = files(sb);
    auto fo = files(so);
    auto ft = files(st);
    std::set<std::string> paths;
    for (const auto* m : {&fb, &fo, &ft})
        for (const auto& [p, bytes] : *m) paths.insert(p);
    auto get = [](const std::map<std::string, std::string>& m, const std::string& p) -> std::optional<std::string> {
        auto it = m.find(p);
        return it == m.end() ? std::nullopt : std::optional<std::string>(it->second);
    };

    MergeLabels labels{plan.target, plan.baseCommit.substr(0, 8), plan.source};
    for (const auto& path : paths) {
        auto b = get(fb, path);
        auto o = get(fo, path);
        auto t = get(ft, path);
        if (o == t || b == t) continue;
        if (b == o) {
            plan.changes[path] = t;
            continue;
        }
        if (!o || !t)
            throw Error(ErrorKind::Conflict, path + " was deleted on " + (o ? plan.source : plan.target) +
                                                 " and changed on " + (o ? plan.target : plan.source) +
                                                 ": restore or delete it on one side first, then merge");
        if (path == kConfigFile) {
            WorkspaceConfig cb = b ? parseConfig(*b, "accord.xml (base)") : WorkspaceConfig{};
            ConfigMerge m = mergeConfigs(b ? &cb : nullptr, parseConfig(*o, "accord.xml (" + plan.target + ")"),
                                         parseConfig(*t, "accord.xml (" + plan.source + ")"));
            if (!m.conflicts.empty())
                throw Error(ErrorKind::Conflict, "accord.xml: " + join(m.conflicts, "; ") + ": make " + plan.target +
                                                     " and " + plan.source + " agree on it, then merge");
            plan.changes[path] = serialize(m.merged);
            continue;
        }
        DocumentMergeResult r = merger(MergeSides{b, *o, *t}, labels, path);
        plan.conflicts += r.conflicts;
        plan.documents.emplace_back(path, r.conflicts);
        plan.changes[path] = std::move(r.merged);
    }
    (void)impl_->mergedTree(plan, base.get(), ours.get(), theirs.get());  // refuses what git cannot merge
    return plan;
}

Snapshot Workspace::resultOf(const MergePlan& plan) const
{
    Snapshot snap = snapshot(plan.targetCommit);
    snap.label = "the merge of " + plan.source + " into " + plan.target;
    for (const auto& [path, bytes] : plan.changes) {
        if (path == kConfigFile) snap.config = bytes;
        else if (!isDocumentPath(path)) continue;
        else if (bytes) snap.documents[path] = *bytes;
        else snap.documents.erase(path);
    }
    return snap;
}

CommitInfo Workspace::applyMerge(const MergePlan& plan, const Signature& author, const std::string& message, MergeMode mode)
{
    if (plan.upToDate) throw Error(ErrorKind::Invalid, plan.target + " already contains " + plan.source + ": nothing to merge");
    if (mode == MergeMode::Direct && impl_->committedPolicy(plan.target))
        throw Error(ErrorKind::Conflict, plan.target + " is protected by the workspace's review policy: propose the draft "
                                                       "(accord propose --from DRAFT) and land it (accord land N)");
    if (plan.conflicts > 0 && plan.target == kMainBranch)
        throw Error(ErrorKind::Conflict, "merging " + plan.source + " into main gives " + std::to_string(plan.conflicts) +
                                             " conflict(s), and main takes only resolved text: nothing was written. Merge main "
                                             "into the draft instead (accord switch DRAFT; accord merge main), resolve, then "
                                             "merge the draft into main");
    const bool checkedOut = !impl_->branchesOnly && currentBranch() == plan.target;
    if (checkedOut && !status().empty())
        throw Error(ErrorKind::Conflict, "uncommitted changes on " + plan.target +
                                             ": commit them first (accord commit -m \"…\"), then merge");
    Commit ours = impl_->commitOf(plan.targetCommit);
    Commit theirs = impl_->commitOf(plan.sourceCommit);
    Commit base = impl_->commitOf(plan.baseCommit);

    git_oid treeId = impl_->mergedTree(plan, base.get(), ours.get(), theirs.get());
    Tree tree = impl_->lookupTree(treeId, "the merged tree");
    GitSignature sig = Impl::signatureOf(author);
    std::string body = message.empty() ? "Merge " + plan.source + " into " + plan.target : message;
    if (plan.conflicts > 0) body += "\n\nConflicts: " + std::to_string(plan.conflicts) + " (accord conflicts lists them)";
    body += '\n';
    const git_oid commitId = impl_->writeCommit(sig.get(), body, tree.get(), {ours.get(), theirs.get()});
    // The branch moves only if it still points at the plan's start: a concurrent
    // commit makes this fail instead of being overwritten.
    const int rc = impl_->moveRef("refs/heads/" + plan.target, commitId, git_commit_id(ours.get()), "merge " + plan.source);
    if (rc == GIT_EMODIFIED || rc == GIT_ELOCKED)
        throw Error(ErrorKind::Conflict, plan.target + " moved while merging " + plan.source +
                                             " (someone else wrote to it at the same moment): nothing was written; merge again");
    check(rc, "cannot record the merge on " + plan.target);
    if (checkedOut) (void)followBranch(plan.targetCommit, oidHex(commitId));
    return resolve(oidHex(commitId));
}

std::vector<std::string> Workspace::followBranch(std::string_view from, std::string_view to)
{
    Commit before = impl_->commitOf(from);
    Commit after = impl_->commitOf(to);
    const auto was = impl_->workspaceBlobs(before.get());
    const auto now = impl_->workspaceBlobs(after.get());
    std::set<std::string> paths;
    for (const auto* m : {&was, &now})
        for (const auto& [path, id] : *m) paths.insert(path);
    std::vector<std::string> kept;
    for (const auto& path : paths) {
        auto w = was.find(path);
        auto n = now.find(path);
        if (w != was.end() && n != now.end() && git_oid_equal(&w->second, &n->second)) continue;
        std::optional<git_oid> onDisk;
        try {
            const std::string bytes = readFile(path);
            git_oid id;
            check(git_odb_hash(&id, bytes.data(), bytes.size(), GIT_OBJECT_BLOB), "cannot hash " + path);
            onDisk = id;
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::NotFound) throw;
        }
        auto same = [&](auto it, const auto& map) {
            return it == map.end() ? !onDisk : onDisk && git_oid_equal(&*onDisk, &it->second);
        };
        if (same(n, now)) continue;  // already there
        if (!same(w, was)) {
            kept.push_back(path);  // changed by hand since: left as it is
            continue;
        }
        if (n == now.end())
            fs::remove(impl_->root / path);
        else
            writeFile(path, impl_->blobText(n->second));
    }
    // Other files (git merged them) follow as git would, where they are still as they were;
    // Accord's own files are never handed to git's checkout, which writes in place.
    Tree baseline = impl_->treeOf(before.get());
    Tree target = impl_->treeOf(after.get());
    git_diff* rawDiff = nullptr;
    check(git_diff_tree_to_tree(&rawDiff, impl_->repo.get(), baseline.get(), target.get(), nullptr), "cannot compare two trees");
    Diff diff(rawDiff);
    std::vector<std::string> others;
    for (std::size_t i = 0; i < git_diff_num_deltas(rawDiff); ++i) {
        const git_diff_delta* d = git_diff_get_delta(rawDiff, i);
        const std::string path = d->new_file.path ? d->new_file.path : d->old_file.path;
        if (!isWorkspacePath(path)) others.push_back(path);
    }
    if (!others.empty()) {
        std::vector<char*> names;
        for (auto& p : others) names.push_back(p.data());
        git_checkout_options copts = GIT_CHECKOUT_OPTIONS_INIT;
        copts.checkout_strategy = GIT_CHECKOUT_SAFE | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
        copts.baseline = baseline.get();
        copts.paths = git_strarray{names.data(), names.size()};
        (void)impl_->locked([&] { return git_checkout_tree(impl_->repo.get(), reinterpret_cast<git_object*>(after.get()), &copts); });
    }
    impl_->refreshIndex(target.get());
    return kept;
}

BranchMergeResult Workspace::merge(std::string_view source, std::string_view target, const DocumentMerger& merger,
                                   const Signature& author, const std::string& message, MergeMode mode)
{
    BranchMergeResult result;
    static_cast<MergePlan&>(result) = planMerge(source, target, merger);
    if (!result.upToDate) result.commit = applyMerge(result, author, message, mode);
    return result;
}

void Workspace::switchTo(std::string_view name)
{
    std::string branch(name);
    if (branch != kMainBranch && !branch.starts_with(kDraftPrefix)) branch = kDraftPrefix + branch;
    git_reference* ref = nullptr;
    if (git_branch_lookup(&ref, impl_->repo.get(), branch.c_str(), GIT_BRANCH_LOCAL) != 0) {
        // Another organisation's draft from the hub: made here from the hub's, as git does for origin/….
        git_reference* theirs = nullptr;
        if (git_branch_lookup(&theirs, impl_->repo.get(), ("origin/" + branch).c_str(), GIT_BRANCH_REMOTE) != 0)
            throw Error(ErrorKind::NotFound, "no draft \"" + std::string(name) + "\" (accord draft list shows them)");
        Reference theirsOwner(theirs);
        Commit start = impl_->commitOf(git_reference_name(theirs));
        check(impl_->locked([&] { return git_branch_create(&ref, impl_->repo.get(), branch.c_str(), start.get(), 0); }),
              "cannot make " + branch + " from the hub's");
    }
    Reference owner(ref);
    git_object* target = nullptr;
    check(git_reference_peel(&target, ref, GIT_OBJECT_COMMIT), "cannot read " + branch);
    Object targetOwner(target);

    git_checkout_options opts = GIT_CHECKOUT_OPTIONS_INIT;
    opts.checkout_strategy = GIT_CHECKOUT_SAFE;
    int rc = impl_->locked([&] { return git_checkout_tree(impl_->repo.get(), target, &opts); });
    if (rc == GIT_ECONFLICT)
        throw Error(ErrorKind::Conflict, "uncommitted changes would be overwritten by switching to " +
                                             std::string(name) + ": commit them first (accord commit -m \"…\")");
    check(rc, "cannot check out " + branch);
    check(impl_->locked([&] { return git_repository_set_head(impl_->repo.get(), git_reference_name(ref)); }),
          "cannot move HEAD to " + branch);
}

} // namespace accord::workspace
