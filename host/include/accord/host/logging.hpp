#pragma once

#include <memory>
#include <string>

namespace spdlog {
class logger;
}

namespace accord::host {

/// The logger of one area ("host", "plugins", a plugin's id), writing to stderr.
[[nodiscard]] std::shared_ptr<spdlog::logger> areaLogger(const std::string& area);

/// Sets every area's level: from ACCORD_LOG (trace, debug, info, warn, error, off)
/// if set, else warn, moved by `verbosity` (-v is +1, -q is -1).
void configureLogging(int verbosity);

} // namespace accord::host
