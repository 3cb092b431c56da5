#include "accord/workspace/files.hpp"

#include "accord/workspace/error.hpp"

#include <cerrno>
#include <cstring>
#include <utility>
#include <fcntl.h>
#include <sys/mman.h>
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
    Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    Fd& operator=(Fd&&) = delete;
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

/// Opens a regular file for reading, or throws as readFile says; its size in `size`.
Fd openRegular(const fs::path& path, Links links, std::size_t& size)
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
    size = static_cast<std::size_t>(st.st_size);
    return fd;
}

std::string readOpen(const fs::path& path, const Fd& fd, std::size_t size)
{
    // One byte more than the size, so that the read that finds the end needs no growing (and copying).
    std::string bytes(size + 1, '\0');
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

} // namespace

std::string readFile(const fs::path& path, Links links)
{
    std::size_t size = 0;
    const Fd fd = openRegular(path, links, size);
    return readOpen(path, fd, size);
}

FileBytes::FileBytes(std::string bytes) : held_(std::move(bytes)) {}

FileBytes::FileBytes(FileBytes&& other) noexcept
    : held_(std::move(other.held_)), mapped_(std::exchange(other.mapped_, nullptr)), size_(std::exchange(other.size_, 0))
{
}

FileBytes& FileBytes::operator=(FileBytes&& other) noexcept
{
    if (this != &other) {
        if (mapped_) ::munmap(const_cast<char*>(mapped_), size_);
        held_ = std::move(other.held_);
        mapped_ = std::exchange(other.mapped_, nullptr);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

FileBytes::~FileBytes()
{
    if (mapped_) ::munmap(const_cast<char*>(mapped_), size_);
}

void FileBytes::release(std::string_view part) const
{
    if (!mapped_ || part.empty() || part.data() < mapped_ || part.data() + part.size() > mapped_ + size_) return;
    static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const auto begin = static_cast<std::size_t>(part.data() - mapped_);
    const std::size_t first = (begin + page - 1) / page * page;  // the mapping starts on a page
    const std::size_t last = (begin + part.size()) / page * page;
    // A private mapping of a file that is only read: its pages are the page cache's, and dropping them
    // from this process loses nothing.
    if (first < last) (void)::madvise(const_cast<char*>(mapped_) + first, last - first, MADV_DONTNEED);
}

FileBytes mapFile(const fs::path& path, Links links)
{
    std::size_t size = 0;
    const Fd fd = openRegular(path, links, size);
    FileBytes bytes;
    if (size > 0) {
        // Pages of the page cache, shared and filled in at once: no zeroed memory, no copy.
        void* at = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd.get(), 0);
        if (at != MAP_FAILED) {
            bytes.mapped_ = static_cast<const char*>(at);
            bytes.size_ = size;
            return bytes;
        }
    }
    bytes.held_ = readOpen(path, fd, size);  // a file that cannot be mapped (or is empty) is read
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
