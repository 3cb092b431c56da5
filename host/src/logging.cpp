#include "accord/host/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>

namespace accord::host {

namespace {

spdlog::level::level_enum& currentLevel()
{
    static spdlog::level::level_enum level = spdlog::level::warn;
    return level;
}

} // namespace

std::shared_ptr<spdlog::logger> areaLogger(const std::string& area)
{
    if (auto existing = spdlog::get(area)) return existing;
    auto logger = spdlog::stderr_color_mt(area);
    logger->set_pattern("accord: %^%l%$ [%n] %v");
    logger->set_level(currentLevel());
    return logger;
}

void configureLogging(int verbosity)
{
    auto level = spdlog::level::warn;
    if (const char* env = std::getenv("ACCORD_LOG"); env && *env) level = spdlog::level::from_str(env);
    int shifted = static_cast<int>(level) - verbosity;
    shifted = std::clamp(shifted, static_cast<int>(spdlog::level::trace), static_cast<int>(spdlog::level::off));
    currentLevel() = static_cast<spdlog::level::level_enum>(shifted);
    spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& l) { l->set_level(currentLevel()); });
}

} // namespace accord::host
