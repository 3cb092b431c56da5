#include "git_util.hpp"

#include <chrono>
#include <fcntl.h>
#include <mutex>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace accord::workspace::detail {

void ensureLibgit2()
{
    static std::once_flag once;
    std::call_once(once, [] {
        git_libgit2_init();
        // A workspace is local: never consult the owner-validation of shared
        // directories, CI and tests run as root over folders they made.
        git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
        // Objects are not hashed again each time they are read, as git does not: what comes
        // from another repository is checked when it is received (fetch indexes and hashes every
        // object), and `git fsck` checks the store. Reading a document's history hashed every
        // version of it, a third of the time of working out its stale translations.
        git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    });
}

namespace {

/// The lock file named in libgit2's last message ("failed to lock file '…' for
/// writing"; "the index is locked…" names none, and means the index's).
std::filesystem::path lockInTheWay(const std::filesystem::path& gitDir)
{
    const git_error* e = git_error_last();
    const std::string message = e && e->message ? e->message : "";
    const auto open = message.find('\'');
    const auto close = open == std::string::npos ? open : message.find('\'', open + 1);
    if (close != std::string::npos) return message.substr(open + 1, close - open - 1);
    if (message.find("index is locked") != std::string::npos) return gitDir / "index.lock";
    return {};
}

/// Removes `lock` when it is stale: older than a second, checked under the
/// repository's Accord lock so that no two processes judge the same file.
bool removeIfStale(const std::filesystem::path& gitDir, const std::filesystem::path& lock)
{
    const auto normal = lock.lexically_normal();
    const auto rel = normal.lexically_relative(gitDir.lexically_normal());
    if (rel.empty() || *rel.begin() == ".." || normal.extension() != ".lock") return false;
    const int fd = ::open((gitDir / "accord.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return false;
    bool removed = false;
    if (::flock(fd, LOCK_EX) == 0) {
        struct stat st {};
        if (::stat(normal.c_str(), &st) == 0 && ::time(nullptr) - st.st_mtime >= 1) removed = ::unlink(normal.c_str()) == 0;
        ::flock(fd, LOCK_UN);
    }
    ::close(fd);
    return removed;
}

} // namespace

int retryLocked(const std::filesystem::path& gitDir, const std::function<int()>& op)
{
    for (int attempt = 0;; ++attempt) {
        const int rc = op();
        if (rc != GIT_ELOCKED || attempt >= 40) return rc;
        if (!removeIfStale(gitDir, lockInTheWay(gitDir)))
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

ErrorKind kindOf(int rc)
{
    switch (rc) {
    case GIT_ENOTFOUND:
    case GIT_EUNBORNBRANCH: return ErrorKind::NotFound;
    case GIT_EEXISTS: return ErrorKind::Exists;
    case GIT_ECONFLICT:
    case GIT_EMODIFIED:
    case GIT_EUNCOMMITTED:
    case GIT_EMERGECONFLICT: return ErrorKind::Conflict;
    case GIT_ELOCKED: return ErrorKind::Locked;
    case GIT_EINVALIDSPEC:
    case GIT_EINVALID:
    case GIT_EAMBIGUOUS: return ErrorKind::Invalid;
    default: return ErrorKind::Io;
    }
}

void check(int rc, const std::string& what)
{
    if (rc >= 0) return;
    if (rc == GIT_ELOCKED)
        throw Error(ErrorKind::Locked, what + ": another program (accord or git) is changing the repository at this "
                                              "moment; nothing was written: try again in a moment");
    if (rc == GIT_EMODIFIED)
        throw Error(ErrorKind::Conflict, what + ": it was changed by someone else at the same moment; nothing was "
                                                "written: look again (accord status, accord log) and retry");
    const git_error* e = git_error_last();
    std::string detail = e && e->message ? e->message : "unknown libgit2 error";
    throw Error(kindOf(rc), what + ": " + detail);
}

std::string oidHex(const git_oid& oid)
{
    char buf[GIT_OID_HEXSZ + 1];
    git_oid_tostr(buf, sizeof buf, &oid);
    return buf;
}

} // namespace accord::workspace::detail
