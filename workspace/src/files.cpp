#include "accord/workspace/files.hpp"

#include "accord/workspace/error.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace accord::workspace {

namespace {

/// A file descriptor closed when it goes out of scope.
class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd()
    {
        if (fd_ >= 0) ::close(fd_);
    }
    [[nodiscard]] int get() const { return fd_; }

private:
    int fd_;
};

std::string reason()
{
    return std::strerror(errno);
}

} // namespace

std::string readFile(const fs::path& path, Links links)
{
    const int flags = O_RDONLY | O_CLOEXEC | (links == Links::Refuse ? O_NOFOLLOW : 0);
    Fd fd(::open(path.c_str(), flags));
    if (fd.get() < 0) {
        if (errno == ENOENT) throw Error(ErrorKind::NotFound, path.string() + ": no such file");
        if (errno == ELOOP)
            throw Error(ErrorKind::Invalid, path.string() + " is a symbolic link: Accord reads only real files in a "
                                                            "workspace; replace the link with the file itself");
        throw Error(ErrorKind::Io, path.string() + ": cannot be read: " + reason());
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) throw Error(ErrorKind::Io, path.string() + ": cannot be read: " + reason());
    if (!S_ISREG(st.st_mode)) throw Error(ErrorKind::Invalid, path.string() + " is not a regular file");
    // One byte more than the size, so that the read that finds the end needs no growing (and copying).
    std::string bytes(static_cast<std::size_t>(st.st_size) + 1, '\0');
    std::size_t have = 0;
    for (;;) {
        if (have == bytes.size()) bytes.resize(bytes.size() * 2);  // the file grew since fstat
        const ssize_t n = ::read(fd.get(), bytes.data() + have, bytes.size() - have);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw Error(ErrorKind::Io, path.string() + ": cannot be read: " + reason());
        }
        if (n == 0) break;
        have += static_cast<std::size_t>(n);
    }
    bytes.resize(have);
    return bytes;
}

void writeFileAtomically(const fs::path& path, std::string_view bytes)
{
    fs::path tmp = path;
    tmp += ".accord-tmp-" + std::to_string(::getpid());
    auto fail = [&](const std::string& what) {
        const std::string why = reason();
        ::unlink(tmp.c_str());
        throw Error(ErrorKind::Io, path.string() + ": " + what + ": " + why);
    };
    {
        Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
        if (fd.get() < 0) fail("cannot be written");
        for (std::size_t done = 0; done < bytes.size();) {
            const ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail("cannot be written");
            done += static_cast<std::size_t>(n);
        }
        if (::fsync(fd.get()) != 0) fail("cannot be written to disk");
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) fail("cannot be replaced");
    // The rename itself lasts only once the folder is on disk too.
    Fd dir(::open(path.has_parent_path() ? path.parent_path().c_str() : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() >= 0) ::fsync(dir.get());
}

} // namespace accord::workspace
