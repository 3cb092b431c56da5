#include "accord/workspace/workspace.hpp"

#include "accord/workspace/merge.hpp"
#include "git_util.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <system_error>
#include <unistd.h>

namespace fs = std::filesystem;

namespace accord::workspace {

using namespace detail;

namespace {

const char* const kDraftPrefix = "draft/";

bool isDocumentPath(std::string_view path)
{
    return path.starts_with("documents/") && path.ends_with(".xml") &&
           path.find('/', 10) == std::string_view::npos;
}

bool isWorkspacePath(std::string_view path)
{
    return path == Workspace::kConfigFile || path == Workspace::kAttributesFile || isDocumentPath(path);
}

/// accord.xml changed on both sides: organisations merge by id; the same one
/// changed differently is refused, as nobody can tell which name is right.
std::string mergeConfigs(const std::optional<std::string>& base, const std::string& ours, const std::string& theirs)
{
    WorkspaceConfig b = base ? parseConfig(*base, "accord.xml (base)") : WorkspaceConfig{};
    WorkspaceConfig o = parseConfig(ours, "accord.xml (ours)");
    WorkspaceConfig t = parseConfig(theirs, "accord.xml (theirs)");
    WorkspaceConfig merged;
    std::vector<std::string> ids = o.organisationIds();
    for (const auto& id : t.organisationIds())
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    for (const auto& id : ids) {
        const Organisation* ob = b.findOrganisation(id);
        const Organisation* oo = o.findOrganisation(id);
        const Organisation* ot = t.findOrganisation(id);
        auto same = [](const Organisation* x, const Organisation* y) { return x == y || (x && y && *x == *y); };
        const Organisation* take = same(oo, ot) ? oo : same(oo, ob) ? ot : same(ot, ob) ? oo : nullptr;
        if (!take && (oo || ot) && !same(oo, ot))
            throw Error(ErrorKind::Conflict, "accord.xml: organisation " + id +
                                                 " was changed differently on both sides; make them agree, then merge");
        if (take) merged.organisations.push_back(*take);
    }
    return serialize(merged);
}

std::string readWholeFile(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    if (!in) throw Error(ErrorKind::NotFound, p.string() + ": cannot be read");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void writeAtomically(const fs::path& target, std::string_view bytes)
{
    fs::create_directories(target.parent_path());
    fs::path tmp = target;
    tmp += ".accord-tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            std::error_code ignored;
            fs::remove(tmp, ignored);
            throw Error(ErrorKind::Io, target.string() + ": cannot be written");
        }
    }
    std::error_code ec;
    fs::rename(tmp, target, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw Error(ErrorKind::Io, target.string() + ": cannot be replaced: " + ec.message());
    }
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

} // namespace

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

struct Workspace::Impl {
    Repository repo;
    fs::path root;

    Commit commitOf(std::string_view rev) const
    {
        std::string spec(rev);
        // A draft's bare name is the friendliest way to name it.
        if (validDraftName(rev) && rev != "main" && rev != "HEAD") {
            git_reference* ref = nullptr;
            if (git_reference_lookup(&ref, repo.get(), ("refs/heads/" + std::string(kDraftPrefix) + spec).c_str()) == 0) {
                git_reference_free(ref);
                spec = "refs/heads/" + std::string(kDraftPrefix) + spec;
            }
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

    Snapshot snapshotOf(const git_commit* c, std::string label) const
    {
        Snapshot snap;
        snap.label = std::move(label);
        Tree tree = treeOf(c);
        if (const git_tree_entry* cfg = git_tree_entry_byname(tree.get(), kConfigFile))
            snap.config = blobText(*git_tree_entry_id(cfg));
        const git_tree_entry* docs = git_tree_entry_byname(tree.get(), kDocumentsDir);
        if (!docs || git_tree_entry_type(docs) != GIT_OBJECT_TREE) return snap;
        git_tree* sub = nullptr;
        check(git_tree_lookup(&sub, repo.get(), git_tree_entry_id(docs)), "cannot read documents/");
        Tree subOwner(sub);
        for (std::size_t i = 0; i < git_tree_entrycount(sub); ++i) {
            const git_tree_entry* e = git_tree_entry_byindex(sub, i);
            std::string path = std::string(kDocumentsDir) + "/" + git_tree_entry_name(e);
            if (git_tree_entry_type(e) == GIT_OBJECT_BLOB && isDocumentPath(path))
                snap.documents.emplace(path, blobText(*git_tree_entry_id(e)));
        }
        return snap;
    }

    /// The policy protecting `branch` as committed at its head; null when none (or no commits).
    std::optional<Policy> committedPolicy(const std::string& branch) const
    {
        git_reference* ref = nullptr;
        if (git_branch_lookup(&ref, repo.get(), branch.c_str(), GIT_BRANCH_LOCAL) != 0) return std::nullopt;
        Reference owner(ref);
        Commit head = commitOf(git_reference_name(ref));
        Snapshot snap = snapshotOf(head.get(), branch);
        if (!snap.config) return std::nullopt;
        WorkspaceConfig config = parseConfig(*snap.config, kConfigFile);
        const Policy* p = config.policyFor(branch);
        return p ? std::optional<Policy>(*p) : std::nullopt;
    }

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
    writeFile(kConfigFile, serialize(config));
}

std::string Workspace::documentPath(std::string_view id)
{
    return std::string(kDocumentsDir) + "/" + std::string(id) + ".xml";
}

std::vector<std::string> Workspace::documentFiles() const
{
    std::vector<std::string> out;
    fs::path dir = impl_->root / kDocumentsDir;
    if (!fs::is_directory(dir)) return out;
    for (const auto& e : fs::directory_iterator(dir)) {
        std::string rel = std::string(kDocumentsDir) + "/" + e.path().filename().string();
        if (e.is_regular_file() && isDocumentPath(rel)) out.push_back(rel);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string Workspace::readFile(std::string_view relativePath) const
{
    return readWholeFile(impl_->root / relativePath);
}

void Workspace::writeFile(std::string_view relativePath, std::string_view bytes)
{
    writeAtomically(impl_->root / relativePath, bytes);
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
    git_status_options opts = GIT_STATUS_OPTIONS_INIT;
    opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                 GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
    git_status_list* list = nullptr;
    check(git_status_list_new(&list, impl_->repo.get(), &opts), "cannot read the status of the working tree");
    StatusList owner(list);
    std::vector<StatusEntry> out;
    for (std::size_t i = 0; i < git_status_list_entrycount(list); ++i) {
        const git_status_entry* e = git_status_byindex(list, i);
        const git_diff_delta* d = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;
        if (!d) continue;
        std::string path = d->new_file.path ? d->new_file.path : d->old_file.path;
        if (!isWorkspacePath(path)) continue;
        FileState state = FileState::Modified;
        if (e->status & (GIT_STATUS_WT_NEW | GIT_STATUS_INDEX_NEW))
            state = FileState::Added;
        else if (e->status & (GIT_STATUS_WT_DELETED | GIT_STATUS_INDEX_DELETED))
            state = FileState::Deleted;
        // Added in the index then deleted from disk is no change at all.
        if ((e->status & GIT_STATUS_INDEX_NEW) && (e->status & GIT_STATUS_WT_DELETED)) continue;
        out.push_back(StatusEntry{path, state});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    return out;
}

ValidationContext Workspace::validationContext(const std::vector<std::string>& pluginProfiles) const
{
    ValidationContext ctx;
    ctx.organisations = config().organisationIds();
    ctx.profiles = pluginProfiles;
    return ctx;
}

CommitInfo Workspace::commit(const std::string& message, const Signature& author,
                             const std::vector<std::string>& pluginProfiles)
{
    if (message.find_first_not_of(" \t\r\n") == std::string::npos)
        throw Error(ErrorKind::Invalid, "the commit message is empty: say what changed with -m \"…\"");
    const std::string branch = currentBranch();
    if (hasCommits() && impl_->committedPolicy(branch))
        throw Error(ErrorKind::Conflict, branch + " is protected by the workspace's review policy: commit on a draft "
                                                  "(accord draft new NAME; accord switch NAME) and propose it (accord propose)");
    auto changes = status();
    if (changes.empty()) throw Error(ErrorKind::NotFound, "nothing to commit: no document or accord.xml has changed");

    // Validate everything first: a refused commit writes nothing, not even the index.
    std::vector<Diagnostic> problems = validateConfig(readFile(kConfigFile), kConfigFile);
    if (problems.empty()) {
        ValidationContext ctx = validationContext(pluginProfiles);
        for (const auto& c : changes) {
            if (c.state == FileState::Deleted || !isDocumentPath(c.path)) continue;
            auto found = validateSubmission(readFile(c.path), c.path, ctx);
            problems.insert(problems.end(), found.begin(), found.end());
        }
    }
    if (!problems.empty()) throw ValidationError(std::move(problems));

    git_index* rawIndex = nullptr;
    check(git_repository_index(&rawIndex, impl_->repo.get()), "cannot open the index");
    Index index(rawIndex);
    try {
        for (const auto& c : changes) {
            if (c.state == FileState::Deleted)
                check(git_index_remove_bypath(rawIndex, c.path.c_str()), "cannot stage the removal of " + c.path);
            else
                check(git_index_add_bypath(rawIndex, c.path.c_str()), "cannot stage " + c.path);
        }
        git_oid treeId;
        check(git_index_write_tree(&treeId, rawIndex), "cannot write the tree");
        Tree tree = impl_->lookupTree(treeId, "the new tree");
        GitSignature sig = Impl::signatureOf(author);

        std::vector<Commit> parents;
        if (hasCommits()) parents.push_back(impl_->commitOf("HEAD"));
        std::vector<const git_commit*> parentPtrs;
        for (const auto& p : parents) parentPtrs.push_back(p.get());

        std::string body = message;
        if (body.back() != '\n') body += '\n';
        git_oid commitId;
        // Updating HEAD through libgit2 takes the ref's lock and checks its old value:
        // the branch moves to a complete commit or not at all.
        check(git_commit_create(&commitId, impl_->repo.get(), "HEAD", sig.get(), sig.get(), nullptr, body.c_str(),
                                tree.get(), parentPtrs.size(), parentPtrs.data()),
              "cannot record the commit");
        check(git_index_write(rawIndex), "the commit is recorded but the index could not be written");
        return resolve(oidHex(commitId));
    } catch (...) {
        git_index_read(rawIndex, 1);  // drop the staged entries we added in memory
        throw;
    }
}

std::vector<CommitInfo> Workspace::log(std::string_view rev, std::size_t limit) const
{
    Commit start = impl_->commitOf(rev);
    git_revwalk* walk = nullptr;
    check(git_revwalk_new(&walk, impl_->repo.get()), "cannot walk the history");
    Revwalk owner(walk);
    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
    check(git_revwalk_push(walk, git_commit_id(start.get())), "cannot walk the history");
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
    git_branch_iterator* it = nullptr;
    check(git_branch_iterator_new(&it, impl_->repo.get(), GIT_BRANCH_LOCAL), "cannot list branches");
    BranchIterator owner(it);
    std::string current = currentBranch();
    std::vector<DraftInfo> out;
    git_reference* ref = nullptr;
    git_branch_t type;
    while (git_branch_next(&ref, &type, it) == 0) {
        Reference refOwner(ref);
        const char* name = nullptr;
        if (git_branch_name(&name, ref) != 0) continue;
        std::string branch = name;
        bool isDraft = branch.starts_with(kDraftPrefix);
        if (!isDraft && branch != kMainBranch) continue;
        const git_oid* target = git_reference_target(ref);
        out.push_back(DraftInfo{isDraft ? branch.substr(6) : branch, branch, target ? oidHex(*target) : "",
                                branch == current});
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
    int rc = git_branch_create(&ref, impl_->repo.get(), branch.c_str(), start.get(), 0);
    if (rc == GIT_EEXISTS) throw Error(ErrorKind::Exists, "draft " + std::string(name) + " already exists");
    check(rc, "cannot create draft " + std::string(name));
    Reference owner(ref);
    return DraftInfo{std::string(name), branch, oidHex(*git_commit_id(start.get())), false};
}

CommitInfo Workspace::appendRecord(const std::string& ref, const std::string& json, const Signature& author,
                                   const std::string& summary, bool create)
{
    if (!ref.starts_with("refs/accord/")) throw Error(ErrorKind::Invalid, ref + " is not a record log (refs/accord/…)");
    git_repository* repo = impl_->repo.get();
    std::optional<Commit> last;
    if (git_reference* existing = nullptr; git_reference_lookup(&existing, repo, ref.c_str()) == 0) {
        Reference owner(existing);
        if (create) throw Error(ErrorKind::Exists, ref + " already exists");
        last = impl_->commitOf(ref);
    } else if (!create) {
        throw Error(ErrorKind::NotFound, ref + " does not exist");
    }
    git_oid blob;
    check(git_blob_create_from_buffer(&blob, repo, json.data(), json.size()), "cannot store a record");
    git_treebuilder* builder = nullptr;
    check(git_treebuilder_new(&builder, repo, nullptr), "cannot build a record");
    std::unique_ptr<git_treebuilder, void (*)(git_treebuilder*)> builderOwner(builder, git_treebuilder_free);
    check(git_treebuilder_insert(nullptr, builder, "record.json", &blob, GIT_FILEMODE_BLOB), "cannot build a record");
    git_oid treeId;
    check(git_treebuilder_write(&treeId, builder), "cannot write a record");
    Tree tree = impl_->lookupTree(treeId, "a record");
    GitSignature sig = Impl::signatureOf(author);
    const git_commit* parents[] = {last ? last->get() : nullptr};
    git_oid commitId;
    // Appending moves the ref only from the record we read; creating never replaces a log.
    check(git_commit_create(&commitId, repo, create ? nullptr : ref.c_str(), sig.get(), sig.get(), nullptr,
                            (summary + "\n").c_str(), tree.get(), last ? 1 : 0, parents),
          "cannot append to " + ref);
    if (create) {
        git_reference* made = nullptr;
        int rc = git_reference_create(&made, repo, ref.c_str(), &commitId, 0, summary.c_str());
        if (rc == GIT_EEXISTS) throw Error(ErrorKind::Exists, ref + " already exists");
        check(rc, "cannot create " + ref);
        git_reference_free(made);
    }
    return resolve(oidHex(commitId));
}

std::vector<std::pair<CommitInfo, std::string>> Workspace::readRecords(const std::string& ref) const
{
    std::vector<std::pair<CommitInfo, std::string>> out;
    git_reference* existing = nullptr;
    if (git_reference_lookup(&existing, impl_->repo.get(), ref.c_str()) != 0) return out;
    git_reference_free(existing);
    for (const auto& c : log(ref)) {
        Commit commit = impl_->commitOf(c.id);
        Tree tree = impl_->treeOf(commit.get());
        const git_tree_entry* entry = git_tree_entry_byname(tree.get(), "record.json");
        if (!entry) throw Error(ErrorKind::Invalid, ref + ": record " + c.shortId + " has no record.json");
        out.emplace_back(c, impl_->blobText(*git_tree_entry_id(entry)));
    }
    std::reverse(out.begin(), out.end());
    return out;
}

std::vector<std::string> Workspace::listRefs(const std::string& prefix) const
{
    git_reference_iterator* it = nullptr;
    check(git_reference_iterator_glob_new(&it, impl_->repo.get(), (prefix + "*").c_str()), "cannot list " + prefix);
    std::unique_ptr<git_reference_iterator, void (*)(git_reference_iterator*)> owner(it, git_reference_iterator_free);
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

void Workspace::setGitConfig(const std::string& key, const std::string& value)
{
    git_config* cfg = nullptr;
    check(git_repository_config(&cfg, impl_->repo.get()), "cannot open the repository's git config");
    Config owner(cfg);
    check(git_config_set_string(cfg, key.c_str(), value.c_str()), "cannot set " + key);
}

BranchMergeResult Workspace::merge(std::string_view source, std::string_view target, const DocumentMerger& merger,
                                   const Signature& author, const std::string& message, MergeMode mode)
{
    BranchMergeResult result;
    result.target = target.empty() ? currentBranch() : std::string(target);
    if (result.target.empty()) throw Error(ErrorKind::Invalid, "HEAD is detached: name the draft to merge into with --into");
    if (result.target != kMainBranch && !result.target.starts_with(kDraftPrefix)) result.target = kDraftPrefix + result.target;
    git_reference* targetRef = nullptr;
    if (git_branch_lookup(&targetRef, impl_->repo.get(), result.target.c_str(), GIT_BRANCH_LOCAL) != 0)
        throw Error(ErrorKind::NotFound, "no draft \"" + std::string(target) + "\" to merge into (accord draft list shows them)");
    Reference targetOwner(targetRef);
    const std::string targetRefName = git_reference_name(targetRef);
    if (mode == MergeMode::Direct && impl_->committedPolicy(result.target))
        throw Error(ErrorKind::Conflict, result.target + " is protected by the workspace's review policy: propose the draft "
                                                         "(accord propose --from DRAFT) and land it (accord land N)");

    Commit ours = impl_->commitOf(targetRefName);
    Commit theirs = impl_->commitOf(source);
    result.source = std::string(source);
    // Conflicts and messages name a draft by its branch, as drafts are listed.
    if (git_reference* draftRef = nullptr;
        validDraftName(source) && source != kMainBranch &&
        git_branch_lookup(&draftRef, impl_->repo.get(), (kDraftPrefix + result.source).c_str(), GIT_BRANCH_LOCAL) == 0) {
        git_reference_free(draftRef);
        result.source = kDraftPrefix + result.source;
    }
    const git_oid* oursId = git_commit_id(ours.get());
    const git_oid* theirsId = git_commit_id(theirs.get());
    if (git_oid_equal(oursId, theirsId) || git_graph_descendant_of(impl_->repo.get(), oursId, theirsId) == 1) {
        result.upToDate = true;
        return result;
    }

    git_oidarray bases{};
    int rc = git_merge_bases(&bases, impl_->repo.get(), oursId, theirsId);
    if (rc == GIT_ENOTFOUND)
        throw Error(ErrorKind::Invalid, result.target + " and " + result.source + " share no history; nothing to merge from");
    check(rc, "cannot find the merge base");
    std::vector<git_oid> baseIds(bases.ids, bases.ids + bases.count);
    git_oidarray_dispose(&bases);
    if (baseIds.size() > 1)
        throw Error(ErrorKind::Conflict, "refused: " + result.target + " and " + result.source + " have " +
                                             std::to_string(baseIds.size()) + " merge bases (" + oidHex(baseIds[0]).substr(0, 8) +
                                             ", " + oidHex(baseIds[1]).substr(0, 8) +
                                             ": a criss-cross history); merge one base into the other draft first");
    Commit base = impl_->commitOf(oidHex(baseIds[0]));

    const bool checkedOut = currentBranch() == result.target;
    if (checkedOut && mode != MergeMode::DryRun && !status().empty())
        throw Error(ErrorKind::Conflict, "uncommitted changes on " + result.target +
                                             ": commit them first (accord commit -m \"…\"), then merge");

    Snapshot sb = impl_->snapshotOf(base.get(), "base");
    Snapshot so = impl_->snapshotOf(ours.get(), result.target);
    Snapshot st = impl_->snapshotOf(theirs.get(), result.source);
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

    MergeLabels labels{result.target, oidHex(baseIds[0]).substr(0, 8), result.source};
    std::map<std::string, std::optional<std::string>> merged;  // only what differs from ours
    for (const auto& path : paths) {
        auto b = get(fb, path);
        auto o = get(fo, path);
        auto t = get(ft, path);
        if (o == t || b == t) continue;
        if (b == o) {
            merged[path] = t;
            continue;
        }
        if (!o || !t)
            throw Error(ErrorKind::Conflict, path + " was deleted on " + (o ? result.source : result.target) +
                                                 " and changed on " + (o ? result.target : result.source) +
                                                 ": restore or delete it on one side first, then merge");
        if (path == kConfigFile) {
            merged[path] = mergeConfigs(b, *o, *t);
            continue;
        }
        DocumentMergeResult r = merger(MergeSides{b, *o, *t}, labels, path);
        result.conflicts += r.conflicts;
        result.documents.emplace_back(path, r.conflicts);
        merged[path] = std::move(r.merged);
    }
    for (const auto& [path, bytes] : merged)
        if (bytes) result.result.emplace(path, *bytes);
    if (mode == MergeMode::DryRun) return result;
    if (result.conflicts > 0 && result.target == kMainBranch)
        throw Error(ErrorKind::Conflict, "merging " + result.source + " into main gives " + std::to_string(result.conflicts) +
                                             " conflict(s), and main takes only resolved text: nothing was written. Merge main "
                                             "into the draft instead (accord switch DRAFT; accord merge main), resolve, then "
                                             "merge the draft into main");

    // Other files merge as git merges them; any conflict there is for git to resolve.
    Tree baseTree = impl_->treeOf(base.get());
    Tree oursTree = impl_->treeOf(ours.get());
    Tree theirsTree = impl_->treeOf(theirs.get());
    git_index* rawIndex = nullptr;
    git_merge_options mopts = GIT_MERGE_OPTIONS_INIT;
    check(git_merge_trees(&rawIndex, impl_->repo.get(), baseTree.get(), oursTree.get(), theirsTree.get(), &mopts),
          "cannot merge the trees");
    Index index(rawIndex);
    for (const auto& [path, bytes] : merged) {
        git_index_conflict_remove(rawIndex, path.c_str());
        if (!bytes) {
            git_index_remove(rawIndex, path.c_str(), 0);
            continue;
        }
        git_oid blob;
        check(git_blob_create_from_buffer(&blob, impl_->repo.get(), bytes->data(), bytes->size()), "cannot store " + path);
        git_index_entry entry{};
        entry.mode = GIT_FILEMODE_BLOB;
        entry.path = path.c_str();
        entry.id = blob;
        check(git_index_add(rawIndex, &entry), "cannot stage " + path);
    }
    for (const auto& path : paths)
        if (!merged.count(path) && fo.count(path)) git_index_conflict_remove(rawIndex, path.c_str());
    if (git_index_has_conflicts(rawIndex)) {
        const git_index_entry* a = nullptr;
        const git_index_entry* o = nullptr;
        const git_index_entry* t = nullptr;
        git_index_conflict_iterator* it = nullptr;
        std::string which;
        if (git_index_conflict_iterator_new(&it, rawIndex) == 0) {
            if (git_index_conflict_next(&a, &o, &t, it) == 0) which = (o ? o : t ? t : a)->path;
            git_index_conflict_iterator_free(it);
        }
        throw Error(ErrorKind::Conflict, which + " conflicts and is not a document Accord can merge: merge it with git");
    }
    git_oid treeId;
    check(git_index_write_tree_to(&treeId, rawIndex, impl_->repo.get()), "cannot write the merged tree");
    Tree tree = impl_->lookupTree(treeId, "the merged tree");
    GitSignature sig = Impl::signatureOf(author);
    std::string body = message.empty() ? "Merge " + result.source + " into " + result.target : message;
    if (result.conflicts > 0) body += "\n\nConflicts: " + std::to_string(result.conflicts) + " (accord conflicts lists them)";
    body += '\n';
    const git_commit* parents[] = {ours.get(), theirs.get()};
    git_oid commitId;
    // libgit2 moves the branch only if it still points at `ours`: a concurrent
    // commit makes this fail instead of being overwritten.
    check(git_commit_create(&commitId, impl_->repo.get(), targetRefName.c_str(), sig.get(), sig.get(), nullptr,
                            body.c_str(), tree.get(), 2, parents),
          "cannot record the merge on " + result.target);
    if (checkedOut) {
        git_object* obj = nullptr;
        check(git_object_lookup(&obj, impl_->repo.get(), &commitId, GIT_OBJECT_COMMIT), "cannot read the merge commit");
        Object objOwner(obj);
        git_checkout_options copts = GIT_CHECKOUT_OPTIONS_INIT;
        copts.checkout_strategy = GIT_CHECKOUT_FORCE;  // the working tree was clean: nothing of the user's is lost
        check(git_checkout_tree(impl_->repo.get(), obj, &copts), "the merge is recorded but the working tree was not updated");
    }
    result.commit = resolve(oidHex(commitId));
    return result;
}

void Workspace::switchTo(std::string_view name)
{
    std::string branch(name);
    if (branch != kMainBranch && !branch.starts_with(kDraftPrefix)) branch = kDraftPrefix + branch;
    git_reference* ref = nullptr;
    if (git_branch_lookup(&ref, impl_->repo.get(), branch.c_str(), GIT_BRANCH_LOCAL) != 0)
        throw Error(ErrorKind::NotFound, "no draft \"" + std::string(name) + "\" (accord draft list shows them)");
    Reference owner(ref);
    git_object* target = nullptr;
    check(git_reference_peel(&target, ref, GIT_OBJECT_COMMIT), "cannot read " + branch);
    Object targetOwner(target);

    git_checkout_options opts = GIT_CHECKOUT_OPTIONS_INIT;
    opts.checkout_strategy = GIT_CHECKOUT_SAFE;
    int rc = git_checkout_tree(impl_->repo.get(), target, &opts);
    if (rc == GIT_ECONFLICT)
        throw Error(ErrorKind::Conflict, "uncommitted changes would be overwritten by switching to " +
                                             std::string(name) + ": commit them first (accord commit -m \"…\")");
    check(rc, "cannot check out " + branch);
    check(git_repository_set_head(impl_->repo.get(), git_reference_name(ref)), "cannot move HEAD to " + branch);
}

} // namespace accord::workspace
