#pragma once

#include "accord/plugin/api.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace accord::host {

/// What the host knows of one plugin file it found.
struct PluginRecord {
    enum class State { Loaded, Refused, Failed };
    std::filesystem::path file;
    std::string id;
    std::string version;
    int apiVersion = 0;
    std::string summary;
    State state = State::Failed;
    std::string error;                       ///< why it was refused or failed
    std::vector<std::string> contributions;  ///< "exporter md", "command foo"
};

[[nodiscard]] const char* toString(PluginRecord::State state);

/// A contribution with the plugin it came from.
template <class T>
struct Registered {
    std::string pluginId;
    T item;
};

/// The registries the host owns and plugins fill.
struct Registries {
    std::vector<Registered<plugin::Exporter>> exporters;
    std::vector<Registered<plugin::Command>> commands;
    std::vector<Registered<plugin::Merger>> mergers;
    std::vector<Registered<plugin::Route>> routes;

    [[nodiscard]] const plugin::Exporter* findExporter(std::string_view format) const;
    /// By id; the first registered when `id` is empty.
    [[nodiscard]] const plugin::Merger* findMerger(std::string_view id = {}) const;
    [[nodiscard]] const plugin::Route* findRoute(std::string_view method, std::string_view pattern) const;
};

/// Finds, checks and loads plugins, and keeps them loaded for the life of the process.
class PluginManager {
public:
    PluginManager();
    ~PluginManager();
    PluginManager(const PluginManager&) = delete;
    PluginManager& operator=(const PluginManager&) = delete;

    /// The folders searched, in order: each entry of ACCORD_PLUGIN_PATH, the plugin
    /// folder beside the program (build tree or install), the install prefix's.
    [[nodiscard]] static std::vector<std::filesystem::path> searchPath();

    /// Loads every plugin library in the folders; a plugin whose id is already loaded is refused.
    void loadAll(const std::vector<std::filesystem::path>& folders);
    /// Checks one file's metadata, then loads and registers it. Never throws: the
    /// outcome is in the returned record.
    const PluginRecord& load(const std::filesystem::path& file);

    [[nodiscard]] const std::vector<PluginRecord>& plugins() const { return records_; }
    [[nodiscard]] const Registries& registries() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::vector<PluginRecord> records_;
};

} // namespace accord::host
