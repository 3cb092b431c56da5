// Meeting the other clones at a hub: clone, sync and publish over any git
// transport libgit2 speaks (a path, file://, git://, ssh, http and https).
#include "workspace_impl.hpp"

#include "accord/workspace/strings.hpp"

#include <cstdio>
#include <cstdlib>
#include <set>
#include <unistd.h>

namespace accord::workspace {

namespace {

constexpr const char* kBranchesSpec = "+refs/heads/*:refs/remotes/%s/*";
constexpr const char* kRecordsSpec = "+refs/accord/*:refs/accord-remotes/%s/*";

std::string specFor(const char* pattern, const std::string& remote)
{
    char buf[256];
    std::snprintf(buf, sizeof buf, pattern, remote.c_str());
    return buf;
}

/// What the transfer callbacks share.
struct Transfer {
    TransferProgress progress;
    std::string url;
    int credentialAttempts = 0;
    std::vector<std::string> refused;
    std::string hubSays;  ///< what the hub's hooks wrote back ("remote: …")
    std::string unknownHost;  ///< an ssh host whose key no known_hosts file holds
};

std::string base64(const unsigned char* data, std::size_t n)
{
    static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < n; i += 3) {
        const unsigned v = (data[i] << 16U) | (i + 1 < n ? data[i + 1] << 8U : 0U) | (i + 2 < n ? data[i + 2] : 0U);
        out += table[(v >> 18U) & 63U];
        out += table[(v >> 12U) & 63U];
        out += i + 1 < n ? table[(v >> 6U) & 63U] : '=';
        out += i + 2 < n ? table[v & 63U] : '=';
    }
    return out;
}

std::string shellQuoted(const std::string& s)
{
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

/// The port of an ssh URL (ssh://user@host:PORT/path), or empty for the default.
std::string sshPort(const std::string& url)
{
    if (!url.starts_with("ssh://")) return {};
    const auto hostStart = url.find('@', 6) == std::string::npos ? 6 : url.find('@', 6) + 1;
    const auto slash = url.find('/', hostStart);
    const auto colon = url.find(':', hostStart);
    return colon != std::string::npos && colon < slash ? url.substr(colon + 1, slash - colon - 1) : std::string();
}

/// An ssh hub is trusted as ssh trusts it: its host key must be in known_hosts
/// (ACCORD_KNOWN_HOSTS, ~/.ssh/known_hosts, /etc/ssh/ssh_known_hosts; hashed names
/// too, as ssh-keygen -F finds them). TLS certificates are left to libgit2's checks.
int onHostKey(git_cert* cert, int, const char* host, void* payload)
{
    if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2) return GIT_PASSTHROUGH;
    auto* t = static_cast<Transfer*>(payload);
    const auto* key = reinterpret_cast<const git_cert_hostkey*>(cert);
    const std::string port = sshPort(t->url);
    const std::string name = port.empty() || port == "22" ? std::string(host) : "[" + std::string(host) + "]:" + port;
    t->unknownHost = name;
    if (!(key->type & GIT_CERT_SSH_RAW)) return GIT_ECERTIFICATE;
    const std::string presented = base64(reinterpret_cast<const unsigned char*>(key->hostkey), key->hostkey_len);
    std::vector<std::string> files;
    if (const char* own = std::getenv("ACCORD_KNOWN_HOSTS"); own && *own) files.emplace_back(own);
    if (const char* home = std::getenv("HOME")) files.push_back(std::string(home) + "/.ssh/known_hosts");
    files.emplace_back("/etc/ssh/ssh_known_hosts");
    for (const auto& file : files) {
        if (::access(file.c_str(), R_OK) != 0) continue;
        FILE* pipe = ::popen(("ssh-keygen -F " + shellQuoted(name) + " -f " + shellQuoted(file) + " 2>/dev/null").c_str(), "r");
        if (!pipe) continue;
        char line[8192];
        bool known = false;
        while (std::fgets(line, sizeof line, pipe)) {
            const std::string text(line);
            if (text.starts_with("#")) continue;
            const auto first = text.find(' ');
            const auto second = first == std::string::npos ? first : text.find(' ', first + 1);
            if (second == std::string::npos) continue;
            const auto end = text.find_first_of(" \r\n", second + 1);
            known = known || text.substr(second + 1, end - second - 1) == presented;
        }
        ::pclose(pipe);
        if (known) {
            t->unknownHost.clear();
            return 0;
        }
    }
    return GIT_ECERTIFICATE;
}

/// A username and password from git's own credential helpers (`git credential fill`),
/// so that https works with what people already set up for git.
bool askGitForCredentials(const std::string& url, std::string& user, std::string& password)
{
    char name[] = "/tmp/accord-credential-XXXXXX";
    const int fd = ::mkstemp(name);
    if (fd < 0) return false;
    const std::string request = "url=" + url + "\n\n";
    const bool written = ::write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size());
    ::close(fd);
    std::string answer;
    if (written) {
        if (FILE* pipe = ::popen(("git credential fill < '" + std::string(name) + "' 2>/dev/null").c_str(), "r")) {
            char buf[512];
            while (std::fgets(buf, sizeof buf, pipe)) answer += buf;
            ::pclose(pipe);
        }
    }
    ::unlink(name);
    for (std::size_t at = 0; at < answer.size();) {
        const auto end = answer.find('\n', at);
        const std::string line = answer.substr(at, end == std::string::npos ? std::string::npos : end - at);
        if (line.starts_with("username=")) user = line.substr(9);
        if (line.starts_with("password=")) password = line.substr(9);
        if (end == std::string::npos) break;
        at = end + 1;
    }
    return !user.empty() && !password.empty();
}

int onCredentials(git_credential** out, const char* url, const char* userFromUrl, unsigned int allowed, void* payload)
{
    auto* t = static_cast<Transfer*>(payload);
    if (++t->credentialAttempts > 4) return GIT_EAUTH;  // every way was tried: say so rather than loop
    const std::string user = userFromUrl && *userFromUrl ? userFromUrl : "git";
    if (allowed & GIT_CREDENTIAL_SSH_KEY) {
        if (const char* key = std::getenv("ACCORD_SSH_KEY"); key && *key && t->credentialAttempts <= 2)
            return git_credential_ssh_key_new(out, user.c_str(), nullptr, key, nullptr);
        if (std::getenv("SSH_AUTH_SOCK") && t->credentialAttempts <= 3) return git_credential_ssh_key_from_agent(out, user.c_str());
        if (const char* home = std::getenv("HOME"))
            for (const char* key : {"/.ssh/id_ed25519", "/.ssh/id_rsa"})
                if (::access((std::string(home) + key).c_str(), R_OK) == 0)
                    return git_credential_ssh_key_new(out, user.c_str(), nullptr, (std::string(home) + key).c_str(), nullptr);
    }
    if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
        std::string name;
        std::string password;
        if (askGitForCredentials(url ? url : t->url, name, password))
            return git_credential_userpass_plaintext_new(out, name.c_str(), password.c_str());
    }
    return GIT_EAUTH;
}

int onReceive(const git_indexer_progress* stats, void* payload)
{
    auto* t = static_cast<Transfer*>(payload);
    if (!t->progress) return 0;
    if (stats->received_objects < stats->total_objects)
        t->progress("receiving", stats->received_objects, stats->total_objects);
    else if (stats->total_deltas > 0)
        t->progress("resolving", stats->indexed_deltas, stats->total_deltas);
    return 0;
}

int onSend(unsigned int current, unsigned int total, std::size_t, void* payload)
{
    auto* t = static_cast<Transfer*>(payload);
    if (t->progress) t->progress("sending", current, total);
    return 0;
}

int onPushed(const char* ref, const char* status, void* payload)
{
    auto* t = static_cast<Transfer*>(payload);
    if (status) t->refused.push_back(std::string(ref) + ": " + status);
    return 0;
}

int onHubMessage(const char* text, int length, void* payload)
{
    auto* t = static_cast<Transfer*>(payload);
    if (t->hubSays.size() < 2000) t->hubSays.append(text, static_cast<std::size_t>(length));
    return 0;
}

git_remote_callbacks callbacksFor(Transfer& t)
{
    git_remote_callbacks callbacks = GIT_REMOTE_CALLBACKS_INIT;
    callbacks.credentials = onCredentials;
    callbacks.transfer_progress = onReceive;
    callbacks.push_transfer_progress = onSend;
    callbacks.push_update_reference = onPushed;
    callbacks.sideband_progress = onHubMessage;
    callbacks.certificate_check = onHostKey;
    callbacks.payload = &t;
    return callbacks;
}

/// A failed transfer, in words that say what to do.
[[noreturn]] void transferFailed(int rc, const std::string& url, const std::string& what, const Transfer& t)
{
    if (!t.unknownHost.empty()) {
        const std::string port = sshPort(url);
        const std::string host = t.unknownHost.starts_with("[") ? t.unknownHost.substr(1, t.unknownHost.find(']') - 1) : t.unknownHost;
        throw Error(ErrorKind::Invalid, what + ": the SSH host key of " + t.unknownHost + " is not one you know: check its "
                                               "fingerprint with the hub's keeper, then add it with ssh-keyscan " +
                                               (port.empty() ? "" : "-p " + port + " ") + host + " >> ~/.ssh/known_hosts");
    }
    const git_error* e = git_error_last();
    const std::string detail = e && e->message ? e->message : "unknown error";
    auto has = [&](const char* s) { return detail.find(s) != std::string::npos; };
    if (rc == GIT_EAUTH || has("authentication") || has("Permission denied") || has("401"))
        throw Error(ErrorKind::Invalid, what + ": " + url + " did not accept your credentials (" + detail +
                                            "): load your SSH key (ssh-add, or ACCORD_SSH_KEY=path), or store your password "
                                            "with git's credential helper");
    if (has("resolve") || has("connect") || has("Connection refused") || has("timed out") || has("unreachable"))
        throw Error(ErrorKind::Io, what + ": cannot reach " + url + " (" + detail + "): check the address and the network");
    if (has("not found") || has("does not appear to be a git repository") || has("could not find repository") ||
        has("404") || has("not a git repository"))
        throw Error(ErrorKind::NotFound, what + ": there is no repository at " + url + " (" + detail + ")");
    throw Error(kindOf(rc), what + ": " + url + ": " + detail);
}

bool isLocalUrl(const std::string& url)
{
    return url.starts_with("/") || url.starts_with("file://") || url.starts_with("./") || url.starts_with("../");
}

} // namespace

Workspace Workspace::clone(const std::string& url, const fs::path& dir, const TransferProgress& progress)
{
    ensureLibgit2();
    const fs::path root = fs::absolute(dir).lexically_normal();
    std::error_code ec;
    if (fs::exists(root, ec) && !fs::is_empty(root, ec))
        throw Error(ErrorKind::Exists, root.string() + " exists and is not empty: clone into a new folder");
    if (isLocalUrl(url) && !fs::exists(url.starts_with("file://") ? url.substr(7) : url, ec))
        throw Error(ErrorKind::NotFound, "cannot clone: there is no repository at " + url);
    Transfer t{progress, url, 0, {}, {}, {}};
    git_clone_options opts = GIT_CLONE_OPTIONS_INIT;
    opts.fetch_opts.callbacks = callbacksFor(t);
    opts.checkout_branch = kMainBranch;
    git_repository* repo = nullptr;
    const int rc = git_clone(&repo, url.c_str(), root.c_str(), &opts);
    if (rc < 0) {
        fs::remove_all(root, ec);  // nothing half made is left behind
        transferFailed(rc, url, "cannot clone", t);
    }
    auto impl = std::make_unique<Impl>();
    impl->repo.reset(repo);
    impl->root = root;
    Workspace ws(std::move(impl));
    if (!fs::exists(root / kConfigFile)) {
        fs::remove_all(root, ec);
        throw Error(ErrorKind::Invalid, url + " is a git repository but not an Accord workspace (its main has no accord.xml)");
    }
    // Record logs travel beside the branches: fetch them too, and take them as ours.
    (void)ws.sync("origin", progress);
    return ws;
}

SyncReport Workspace::sync(const std::string& remoteName, const TransferProgress& progress)
{
    git_repository* repo = impl_->repo.get();
    git_remote* rawRemote = nullptr;
    if (git_remote_lookup(&rawRemote, repo, remoteName.c_str()) != 0)
        throw Error(ErrorKind::NotFound, "no remote \"" + remoteName + "\": clone from the coalition's hub (accord clone URL), "
                                         "or publish this workspace to one (accord publish URL)");
    GitPtr<git_remote, git_remote_free> remote(rawRemote);
    const std::string url = git_remote_url(rawRemote) ? git_remote_url(rawRemote) : remoteName;
    // A clone made with plain git fetches branches only: records are added to what it fetches.
    const std::string recordsSpec = specFor(kRecordsSpec, remoteName);
    git_strarray specs{};
    check(git_remote_get_fetch_refspecs(&specs, rawRemote), "cannot read the remote " + remoteName);
    bool hasRecords = false;
    for (std::size_t i = 0; i < specs.count; ++i) hasRecords = hasRecords || recordsSpec == specs.strings[i];
    git_strarray_dispose(&specs);
    if (!hasRecords) {
        check(git_remote_add_fetch(repo, remoteName.c_str(), recordsSpec.c_str()), "cannot set up the remote " + remoteName);
        remote.reset();
        check(git_remote_lookup(&rawRemote, repo, remoteName.c_str()), "cannot read the remote " + remoteName);
        remote.reset(rawRemote);
    }

    SyncReport report;
    const std::string tracking = "refs/remotes/" + remoteName + "/";
    const std::string recordsTracking = "refs/accord-remotes/" + remoteName + "/";
    const std::vector<std::string> knownBefore = listRefs(tracking);

    Transfer t{progress, url, 0, {}, {}, {}};
    git_fetch_options fetch = GIT_FETCH_OPTIONS_INIT;
    fetch.callbacks = callbacksFor(t);
    fetch.prune = GIT_FETCH_PRUNE;
    if (const int rc = git_remote_fetch(rawRemote, nullptr, &fetch, "accord sync"); rc < 0) transferFailed(rc, url, "cannot fetch", t);

    // Record logs: each copy joins ours, so that both hold the union of their records.
    for (const auto& ref : listRefs(recordsTracking)) {
        const std::string local = "refs/accord/" + ref.substr(recordsTracking.size());
        if (mergeRecordLog(local, resolve(ref).id) != LogMerge::UpToDate) report.records.push_back(local.substr(12));
    }

    // Branches: main and the drafts move forward to the hub's when only the hub moved.
    std::vector<std::string> push;
    // A workspace that writes branches only (a server) moves refs and never its files.
    const std::string current = impl_->branchesOnly ? std::string() : currentBranch();
    for (const auto& ref : listRefs(tracking)) {
        const std::string branch = ref.substr(tracking.size());
        if (branch != kMainBranch && !branch.starts_with(kDraftPrefix)) continue;
        const std::string theirs = resolve(ref).id;
        git_reference* rawLocal = nullptr;
        if (git_reference_lookup(&rawLocal, repo, ("refs/heads/" + branch).c_str()) != 0) {
            if (std::find(knownBefore.begin(), knownBefore.end(), ref) == knownBefore.end()) report.arrived.push_back(branch);
            continue;
        }
        Reference local(rawLocal);
        const std::string ours = oidHex(*git_reference_target(rawLocal));
        if (ours == theirs) continue;
        if (isAncestor(ours, theirs)) {
            if (branch == current) {
                // Uncommitted work on a file the hub changed too stays as it is: the branch waits.
                std::set<std::string> moved;
                const Snapshot a = snapshot(ours);
                const Snapshot b = snapshot(theirs);
                for (const auto& [path, bytes] : b.documents)
                    if (!a.documents.count(path) || a.documents.at(path) != bytes) moved.insert(path);
                for (const auto& [path, bytes] : a.documents)
                    if (!b.documents.count(path)) moved.insert(path);
                if (a.config != b.config) moved.insert(kConfigFile);
                std::vector<std::string> mine;
                for (const auto& change : status())
                    if (moved.count(change.path)) mine.push_back(change.path);
                if (!mine.empty()) {
                    report.held.push_back(branch + " (you changed " + join(mine) + ")");
                    continue;
                }
            }
            git_oid target;
            check(git_oid_fromstr(&target, theirs.c_str()), "cannot read " + ref);
            git_reference* moved = nullptr;
            const int rc = impl_->locked([&] {
                return git_reference_create_matching(&moved, repo, ("refs/heads/" + branch).c_str(), &target, 1,
                                                     git_reference_target(rawLocal), "accord sync: fast-forward");
            });
            if (rc < 0) {
                report.refused.push_back(branch + ": it moved here while syncing; sync again");
                continue;
            }
            git_reference_free(moved);
            if (branch == current) (void)followBranch(ours, theirs);
            report.updated.push_back(branch);
        } else if (isAncestor(theirs, ours)) {
            push.push_back("refs/heads/" + branch);
        } else {
            report.diverged.push_back(branch);
        }
    }
    // Main (on a new hub) and drafts made here, not yet on the hub, go out.
    for (const auto& d : drafts())
        if (!d.remote) {
            git_reference* there = nullptr;
            if (git_reference_lookup(&there, repo, (tracking + d.branch).c_str()) == 0) {
                git_reference_free(there);
                continue;
            }
            push.push_back("refs/heads/" + d.branch);
        }
    // Record logs the hub lacks, or holds an older copy of.
    for (const auto& ref : listRefs("refs/accord/")) {
        git_reference* there = nullptr;
        const std::string copy = recordsTracking + ref.substr(12);
        if (git_reference_lookup(&there, repo, copy.c_str()) == 0) {
            Reference owner(there);
            if (oidHex(*git_reference_target(there)) == resolve(ref).id) continue;
        }
        push.push_back(ref);
    }
    if (push.empty()) return report;

    std::vector<std::string> refspecs;
    for (const auto& ref : push) refspecs.push_back(ref + ":" + ref);
    std::vector<char*> pointers;
    for (auto& s : refspecs) pointers.push_back(s.data());
    git_strarray pushSpecs{pointers.data(), pointers.size()};
    git_push_options options = GIT_PUSH_OPTIONS_INIT;
    options.callbacks = callbacksFor(t);
    if (const int rc = git_remote_push(rawRemote, &pushSpecs, &options); rc < 0) transferFailed(rc, url, "cannot push", t);
    // The hub's own words say why (a hook's message), beside git's reason.
    std::string says;
    for (std::size_t at = 0; at < t.hubSays.size();) {
        const auto end = t.hubSays.find_first_of("\r\n", at);
        const std::string line = t.hubSays.substr(at, end == std::string::npos ? std::string::npos : end - at);
        if (!line.empty() && line.find("Counting") == std::string::npos && line.find("Compressing") == std::string::npos &&
            line.find("Writing") == std::string::npos && line.find("Resolving") == std::string::npos)
            says += (says.empty() ? "" : "; ") + line;
        if (end == std::string::npos) break;
        at = end + 1;
    }
    for (const auto& r : t.refused) report.refused.push_back(says.empty() ? r : r + " (the hub says: " + says + ")");
    for (const auto& ref : push) {
        const bool refused = std::any_of(t.refused.begin(), t.refused.end(), [&](const std::string& r) { return r.starts_with(ref + ":"); });
        if (!refused) report.pushed.push_back(ref.starts_with("refs/heads/") ? ref.substr(11) : ref.substr(12));
    }
    return report;
}

SyncReport Workspace::publish(const std::string& url, const TransferProgress& progress)
{
    git_repository* repo = impl_->repo.get();
    if (!hasCommits()) throw Error(ErrorKind::Invalid, "nothing to publish yet: commit the first documents (accord commit -m \"…\")");
    git_remote* existing = nullptr;
    if (git_remote_lookup(&existing, repo, "origin") == 0) {
        const std::string there = git_remote_url(existing) ? git_remote_url(existing) : "";
        git_remote_free(existing);
        throw Error(ErrorKind::Exists, "this workspace already meets its hub at " + there + ": accord sync");
    }
    git_remote* rawRemote = nullptr;
    check(git_remote_create(&rawRemote, repo, "origin", url.c_str()), "cannot add the remote origin for " + url);
    git_remote_free(rawRemote);
    check(git_remote_add_fetch(repo, "origin", specFor(kRecordsSpec, "origin").c_str()), "cannot set up the remote origin");
    SyncReport report;
    try {
        report = sync("origin", progress);
    } catch (...) {
        (void)git_remote_delete(repo, "origin");  // a publish that failed leaves no half-made remote
        throw;
    }
    // A hub created with `git init --bare` may name another default branch: main is the workspace's.
    if (isLocalUrl(url)) {
        const std::string path = url.starts_with("file://") ? url.substr(7) : url;
        git_repository* hub = nullptr;
        if (git_repository_open_bare(&hub, path.c_str()) == 0) {
            Repository owner(hub);
            (void)git_repository_set_head(hub, "refs/heads/main");
        }
    } else {
        git_remote* r = nullptr;
        if (git_remote_lookup(&r, repo, "origin") == 0) {
            GitPtr<git_remote, git_remote_free> owner(r);
            Transfer t{progress, url, 0, {}, {}, {}};
            git_remote_callbacks callbacks = callbacksFor(t);
            git_buf head = GIT_BUF_INIT;
            if (git_remote_connect(r, GIT_DIRECTION_FETCH, &callbacks, nullptr, nullptr) == 0 &&
                git_remote_default_branch(&head, r) == 0) {
                const std::string name(head.ptr, head.size);
                if (name != "refs/heads/main")
                    report.refused.push_back("HEAD: the hub's default branch is " + name +
                                             "; set it to main in the host's settings");
            }
            git_buf_dispose(&head);
        }
    }
    return report;
}

} // namespace accord::workspace
