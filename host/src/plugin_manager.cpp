#include "accord/host/plugin_manager.hpp"

#include "accord/host/logging.hpp"

#include <Poco/ClassLoader.h>
#include <Poco/SharedLibrary.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <set>

namespace fs = std::filesystem;

namespace accord::host {

const char* toString(PluginRecord::State state)
{
    switch (state) {
    case PluginRecord::State::Loaded: return "loaded";
    case PluginRecord::State::Refused: return "refused";
    case PluginRecord::State::Failed: return "failed";
    }
    return "unknown";
}

const plugin::Exporter* Registries::findExporter(std::string_view format) const
{
    for (const auto& e : exporters)
        if (e.item.format == format) return &e.item;
    return nullptr;
}

const plugin::Merger* Registries::findMerger(std::string_view id) const
{
    for (const auto& m : mergers)
        if (id.empty() || m.item.id == id) return &m.item;
    return nullptr;
}

const plugin::Route* Registries::findRoute(std::string_view method, std::string_view pattern) const
{
    for (const auto& r : routes)
        if (r.item.method == method && r.item.pattern == pattern) return &r.item;
    return nullptr;
}

namespace {

using InfoFunction = const plugin::PluginInfo* (*)();

/// Collects a plugin's contributions; they reach the registries only if its
/// registration finishes without throwing.
class StagingRegistrar final : public plugin::Registrar {
public:
    explicit StagingRegistrar(std::string id) : id_(std::move(id)) {}

    void addExporter(plugin::Exporter exporter) override { exporters.push_back(std::move(exporter)); }
    void addCommand(plugin::Command command) override { commands.push_back(std::move(command)); }
    void addMerger(plugin::Merger merger) override { mergers.push_back(std::move(merger)); }
    void addRoute(plugin::Route route) override { routes.push_back(std::move(route)); }
    std::shared_ptr<spdlog::logger> logger() override { return areaLogger(id_); }

    std::vector<plugin::Exporter> exporters;
    std::vector<plugin::Command> commands;
    std::vector<plugin::Merger> mergers;
    std::vector<plugin::Route> routes;

private:
    std::string id_;
};

} // namespace

struct PluginManager::Impl {
    // Declared first so it is destroyed last: nothing of a plugin outlives its library.
    Poco::ClassLoader<plugin::Plugin> loader;
    std::vector<std::unique_ptr<plugin::Plugin>> instances;
    Registries registries;
    std::set<std::string> loadedIds;

    ~Impl()
    {
        registries = {};
        instances.clear();
    }
};

PluginManager::PluginManager() : impl_(std::make_unique<Impl>()) {}
PluginManager::~PluginManager() = default;

const Registries& PluginManager::registries() const
{
    return impl_->registries;
}

std::vector<fs::path> PluginManager::searchPath()
{
    std::vector<fs::path> out;
    auto add = [&](const fs::path& p) {
        if (p.empty()) return;
        fs::path n = p.lexically_normal();
        if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
    };
    if (const char* env = std::getenv("ACCORD_PLUGIN_PATH")) {
        std::string_view rest = env;
        while (!rest.empty()) {
            auto colon = rest.find(':');
            add(fs::path(std::string(rest.substr(0, colon))));
            rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
        }
    }
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) add(exe.parent_path().parent_path() / ACCORD_PLUGIN_DIR_NAME);
    add(fs::path(ACCORD_INSTALL_PREFIX) / ACCORD_PLUGIN_DIR_NAME);
    return out;
}

void PluginManager::loadAll(const std::vector<fs::path>& folders)
{
    for (const auto& folder : folders) {
        std::error_code ec;
        if (!fs::is_directory(folder, ec)) continue;
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(folder, ec))
            if (e.path().extension() == ".so") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) load(f);
    }
}

const PluginRecord& PluginManager::load(const fs::path& file)
{
    auto log = areaLogger("plugins");
    PluginRecord& rec = records_.emplace_back();
    rec.file = file;
    auto refuse = [&](PluginRecord::State state, std::string why) -> const PluginRecord& {
        rec.state = state;
        rec.error = std::move(why);
        log->warn("{}: {}", file.string(), rec.error);
        return rec;
    };

    Poco::SharedLibrary library;
    try {
        library.load(file.string());
    } catch (const Poco::Exception& e) {
        return refuse(PluginRecord::State::Failed, "cannot be loaded: " + e.displayText());
    }
    if (!library.hasSymbol("accord_plugin_info")) {
        library.unload();
        return refuse(PluginRecord::State::Refused, "not an Accord plugin: it has no accord_plugin_info() entry point");
    }
    const plugin::PluginInfo* info = reinterpret_cast<InfoFunction>(library.getSymbol("accord_plugin_info"))();
    if (!info || !info->id || !info->version) {
        library.unload();
        return refuse(PluginRecord::State::Refused, "accord_plugin_info() returned no id or version");
    }
    rec.id = info->id;
    rec.version = info->version;
    rec.apiVersion = info->apiVersion;
    rec.summary = info->summary ? info->summary : "";
    if (info->apiVersion != plugin::kApiVersion) {
        library.unload();
        return refuse(PluginRecord::State::Refused,
                      "plugin " + rec.id + " " + rec.version + " was built for plugin API " +
                          std::to_string(rec.apiVersion) + ", but this accord has plugin API " +
                          std::to_string(plugin::kApiVersion) + ": rebuild it against this version");
    }
    // Copied before anything unloads the library its text lives in.
    const std::string builtFor = info->accordVersion ? info->accordVersion : "(unknown)";
    if (builtFor != plugin::kAccordVersion) {
        library.unload();
        return refuse(PluginRecord::State::Refused, "plugin " + rec.id + " " + rec.version + " was built for accord " +
                                                        builtFor + ", but this is accord " + plugin::kAccordVersion +
                                                        ": rebuild it with this version");
    }
    if (impl_->loadedIds.count(rec.id)) {
        library.unload();
        return refuse(PluginRecord::State::Refused, "plugin " + rec.id + " is already loaded from another file");
    }

    // From here on plugin code runs: every failure is caught and recorded. The
    // library stays loaded even when it fails, as objects of it may still exist.
    StagingRegistrar staging(rec.id);
    try {
        impl_->loader.loadLibrary(file.string());
        const auto* manifest = impl_->loader.findManifest(file.string());
        if (!manifest || manifest->begin() == manifest->end())
            return refuse(PluginRecord::State::Failed, "its manifest exports no plugin class");
        std::vector<std::unique_ptr<plugin::Plugin>> created;
        for (const auto* meta : *manifest) {
            created.emplace_back(meta->create());
            created.back()->registerWith(staging);
        }
        for (auto& p : created) impl_->instances.push_back(std::move(p));
    } catch (const Poco::Exception& e) {
        return refuse(PluginRecord::State::Failed, "failed while loading: " + e.displayText());
    } catch (const std::exception& e) {
        return refuse(PluginRecord::State::Failed, std::string("failed while loading: ") + e.what());
    } catch (...) {
        return refuse(PluginRecord::State::Failed, "failed while loading: unknown exception");
    }

    auto& reg = impl_->registries;
    for (auto& e : staging.exporters) {
        if (reg.findExporter(e.format)) {
            log->warn("{}: export format {} is already provided; ignored", rec.id, e.format);
            continue;
        }
        rec.contributions.push_back("exporter " + e.format);
        reg.exporters.push_back({rec.id, std::move(e)});
    }
    for (auto& m : staging.mergers) {
        if (reg.findMerger(m.id)) {
            log->warn("{}: merger {} is already provided; ignored", rec.id, m.id);
            continue;
        }
        rec.contributions.push_back("merger " + m.id);
        reg.mergers.push_back({rec.id, std::move(m)});
    }
    for (auto& r : staging.routes) {
        if (reg.findRoute(r.method, r.pattern)) {
            log->warn("{}: route {} {} is already provided; ignored", rec.id, r.method, r.pattern);
            continue;
        }
        rec.contributions.push_back("route " + r.method + " " + r.pattern);
        reg.routes.push_back({rec.id, std::move(r)});
    }
    for (auto& c : staging.commands) {
        rec.contributions.push_back("command " + c.name);
        reg.commands.push_back({rec.id, std::move(c)});
    }
    impl_->loadedIds.insert(rec.id);
    rec.state = PluginRecord::State::Loaded;
    log->debug("loaded {} {} from {}", rec.id, rec.version, file.string());
    return rec;
}

} // namespace accord::host
