#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

/// The one way Accord reads and writes whole files.
namespace accord::workspace {

/// Whether reading a file may follow a symbolic link. Files of a workspace
/// (documents, accord.xml) never do: a link could point anywhere.
enum class Links { Follow, Refuse };

/// The bytes of `path`. Throws Error(NotFound) when it is missing, Error(Invalid)
/// when it is a link and `links` refuses them or not a regular file, Error(Io) when it cannot be read.
[[nodiscard]] std::string readFile(const std::filesystem::path& path, Links links = Links::Follow);

/// The bytes of a file, mapped into memory when they can be (a large input is then
/// not copied), or held in a string. Move-only.
class FileBytes {
public:
    FileBytes() = default;
    explicit FileBytes(std::string bytes);
    FileBytes(FileBytes&& other) noexcept;
    FileBytes& operator=(FileBytes&& other) noexcept;
    FileBytes(const FileBytes&) = delete;
    FileBytes& operator=(const FileBytes&) = delete;
    ~FileBytes();

    [[nodiscard]] std::string_view view() const { return mapped_ ? std::string_view(mapped_, size_) : std::string_view(held_); }
    /// Gives back the memory of the mapped pages that lie wholly within `part` (of view()), once every
    /// reader is past them: they are read again from the file should anyone look at them again. Bytes
    /// held in a string stay as they are.
    void release(std::string_view part) const;

private:
    friend FileBytes mapFile(const std::filesystem::path& path, Links links);
    std::string held_;
    const char* mapped_ = nullptr;
    std::size_t size_ = 0;
};

/// readFile without the copy: the file is mapped read-only (it must not be truncated
/// while mapped, as git's own readers assume). The same errors as readFile.
[[nodiscard]] FileBytes mapFile(const std::filesystem::path& path, Links links = Links::Follow);

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk and
/// renames it over `path`: readers, and a process killed at any moment, see the
/// old file or the new one, never half of one. The folder must exist. Throws
/// Error(Io) naming the file.
void writeFileAtomically(const std::filesystem::path& path, std::string_view bytes);

} // namespace accord::workspace
