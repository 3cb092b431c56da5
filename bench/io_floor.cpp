// The floor under any three-way merge of files: read the three inputs and write a
// result of the same size, and nothing else. It maps each input as `accord
// merge-file` does (mmap, pages filled at once), touches every page, and writes
// OURS to standard output. Built and run by bench/merge_bench.sh.
//
//   io_floor OURS BASE THEIRS > OUT
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace {

struct Mapped {
    const char* bytes = nullptr;
    size_t size = 0;
};

bool map(const char* path, Mapped& out)
{
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        return false;
    }
    out.size = static_cast<size_t>(st.st_size);
    if (out.size > 0) {
        void* at = ::mmap(nullptr, out.size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        if (at == MAP_FAILED) {
            ::close(fd);
            return false;
        }
        out.bytes = static_cast<const char*>(at);
    }
    ::close(fd);
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 4) {
        std::fprintf(stderr, "usage: io_floor OURS BASE THEIRS > OUT\n");
        return 2;
    }
    Mapped files[3];
    unsigned long sum = 0;
    for (int i = 0; i < 3; ++i) {
        if (!map(argv[i + 1], files[i])) {
            std::fprintf(stderr, "io_floor: cannot read %s: %s\n", argv[i + 1], std::strerror(errno));
            return 1;
        }
        for (size_t at = 0; at < files[i].size; at += 4096) sum += static_cast<unsigned char>(files[i].bytes[at]);
    }
    for (size_t done = 0; done < files[0].size;) {
        const ssize_t n = ::write(1, files[0].bytes + done, files[0].size - done);
        if (n <= 0) return 1;
        done += static_cast<size_t>(n);
    }
    return sum == 1 ? 3 : 0;  // the sum keeps the reads from being optimised away
}
