#include "git_util.hpp"

#include <mutex>

namespace accord::workspace::detail {

void ensureLibgit2()
{
    static std::once_flag once;
    std::call_once(once, [] {
        git_libgit2_init();
        // A workspace is local: never consult the owner-validation of shared
        // directories, CI and tests run as root over folders they made.
        git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
    });
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
