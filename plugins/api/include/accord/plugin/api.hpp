#pragma once

#include "accord/workspace/config.hpp"
#include "accord/workspace/document.hpp"
#include "accord/workspace/merge.hpp"
#include "accord/workspace/profile.hpp"

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

namespace spdlog {
class logger;
}
namespace CLI {
class App;
}
namespace accord::workspace {
class Workspace;
}

/// The plugin SDK: what a plugin sees of the host, and what it gives back.
/// Plugins contribute through the registrar only; they never include host code
/// or another plugin.
namespace accord::plugin {

/// Bumped whenever this header changes in a way that breaks built plugins.
inline constexpr int kApiVersion = 2;

/// The Accord this SDK belongs to. The API hands plugins the workspace library's
/// own types, whose layout any release may change: the host takes only plugins
/// built against its exact version.
inline constexpr const char* kAccordVersion = ACCORD_SDK_VERSION;

/// Read by the host through `accord_plugin_info()` before any of the plugin's
/// classes are created; plain data so that reading it runs no plugin C++.
/// `apiVersion` stays the first field: the host reads it before the rest.
struct PluginInfo {
    int apiVersion;
    const char* id;
    const char* version;
    const char* summary;
    const char* accordVersion;  ///< kAccordVersion as the plugin was built
};

/// What an exporter is asked to write.
struct ExportRequest {
    const workspace::Submission& document;
    const workspace::WorkspaceConfig& workspace;  ///< organisation names and more
    /// The language to export: "en", "ko", or "both" (side by side where the format
    /// can, else one after the other); empty means the document's own.
    std::string lang;
    /// The recipient's profile (numbering, markers, dates, page size…); never null.
    const workspace::Profile* profile = nullptr;
};

/// An export format, e.g. Markdown: `accord export DOC --format md`.
struct Exporter {
    std::string format;     ///< what users type after --format
    std::string extension;  ///< file extension without the dot
    std::string mediaType;
    std::string summary;
    /// Returns the exported file's bytes; throws workspace::Error on input it cannot export.
    std::function<std::string(const ExportRequest&)> write;
};

/// A structured merge of documents, e.g. the merge plugin's; `accord merge` and
/// `accord land` reach it through the host's registry.
struct Merger {
    std::string id;
    std::string summary;
    workspace::DocumentMerger merge;
};

/// What a plugin command gets when it runs.
class CommandContext {
public:
    virtual ~CommandContext() = default;
    /// The workspace around the current folder; throws workspace::Error(NotFound) outside one.
    virtual workspace::Workspace& workspace() = 0;
    /// The folder the user ran accord in (or named with -C): where relative paths start.
    [[nodiscard]] virtual std::filesystem::path cwd() const = 0;
    virtual std::ostream& out() = 0;
    virtual std::ostream& err() = 0;
    [[nodiscard]] virtual bool color() const = 0;
    /// A merger from the host's registry by id (the first registered when `id` is empty), or null.
    [[nodiscard]] virtual const Merger* findMerger(std::string_view id = {}) const = 0;
};

/// A subcommand of `accord`.
struct Command {
    std::string name;
    std::string summary;
    /// Declares the options on the command's CLI11 app (include <CLI/CLI.hpp> in the
    /// plugin's source) and returns what runs when the command is chosen; its result
    /// is the exit status.
    std::function<std::function<int(CommandContext&)>(CLI::App&)> define;
};

/// The host's registries, as a plugin sees them while it registers.
class Registrar {
public:
    virtual ~Registrar() = default;
    virtual void addExporter(Exporter exporter) = 0;
    virtual void addCommand(Command command) = 0;
    virtual void addMerger(Merger merger) = 0;
    /// The plugin's own logger, named after its id; level set by the host.
    [[nodiscard]] virtual std::shared_ptr<spdlog::logger> logger() = 0;
};

/// The one class a plugin exports (see ACCORD_PLUGIN in define.hpp).
class Plugin {
public:
    virtual ~Plugin() = default;
    virtual void registerWith(Registrar& registrar) = 0;
};

} // namespace accord::plugin
