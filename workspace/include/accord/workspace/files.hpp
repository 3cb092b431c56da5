#pragma once

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

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk and
/// renames it over `path`: readers, and a process killed at any moment, see the
/// old file or the new one, never half of one. The folder must exist. Throws
/// Error(Io) naming the file.
void writeFileAtomically(const std::filesystem::path& path, std::string_view bytes);

} // namespace accord::workspace
