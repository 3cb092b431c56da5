#include "support.hpp"

#include "accord/host/plugin_manager.hpp"

#include <doctest/doctest.h>

namespace fs = std::filesystem;
using accord::host::PluginManager;
using accord::host::PluginRecord;

namespace {

std::string state(const PluginRecord& r)
{
    return accord::host::toString(r.state);
}

fs::path fixturePlugin(const std::string& name)
{
    return fs::path(ACCORD_FIXTURE_PLUGIN_DIR) / ("accord-fixture-" + name + ".so");
}

} // namespace

TEST_SUITE("plugins")
{
    TEST_CASE("a good plugin is loaded and its exporter and command reach the registries")
    {
        PluginManager manager;
        const PluginRecord& rec = manager.load(fixturePlugin("good"));
        CHECK(state(rec) == "loaded");
        CHECK(rec.id == "fixture-good");
        CHECK(rec.apiVersion == accord::plugin::kApiVersion);
        CHECK(rec.contributions == std::vector<std::string>{"exporter fixture-txt", "command fixture-hello"});
        REQUIRE(manager.registries().findExporter("fixture-txt") != nullptr);
        CHECK(manager.registries().commands.size() == 1);
    }

    TEST_CASE("a plugin built for another API version is refused before any of its classes exist")
    {
        PluginManager manager;
        const PluginRecord& rec = manager.load(fixturePlugin("wrong_api"));
        CHECK(state(rec) == "refused");
        const std::string wrong = std::to_string(accord::plugin::kApiVersion + 41);
        CHECK(rec.error.find("plugin fixture-wrong_api " ACCORD_PLUGIN_TEST_VERSION " was built for plugin API " + wrong) !=
              std::string::npos);
        CHECK(rec.error.find("this accord has plugin API " + std::to_string(accord::plugin::kApiVersion)) != std::string::npos);
        CHECK(manager.registries().exporters.empty());
    }

    TEST_CASE("a plugin built for another release of Accord is refused, as the workspace types may differ")
    {
        PluginManager manager;
        const PluginRecord& rec = manager.load(fixturePlugin("wrong_version"));
        CHECK(state(rec) == "refused");
        CHECK(rec.error.find("was built for accord 0.0.1-elsewhere, but this is accord " ACCORD_PLUGIN_TEST_VERSION
                             ": rebuild it with this version") != std::string::npos);
        CHECK(manager.registries().commands.empty());
    }

    TEST_CASE("a library without the entry point is refused as not an Accord plugin")
    {
        PluginManager manager;
        const PluginRecord& rec = manager.load(fixturePlugin("missing_entry"));
        CHECK(state(rec) == "refused");
        CHECK(rec.error.find("no accord_plugin_info") != std::string::npos);
    }

    TEST_CASE("a plugin that throws while registering is marked failed and leaves nothing behind")
    {
        PluginManager manager;
        const PluginRecord& rec = manager.load(fixturePlugin("throws_on_load"));
        CHECK(state(rec) == "failed");
        CHECK(rec.error.find("the fixture's database is missing") != std::string::npos);
        CHECK(manager.registries().findExporter("half-registered") == nullptr);
    }

    TEST_CASE("the host goes on past broken plugins and loads the good ones in the same folder")
    {
        PluginManager manager;
        manager.loadAll({ACCORD_FIXTURE_PLUGIN_DIR, "/nonexistent/accord/plugins"});
        REQUIRE(manager.plugins().size() == 5);
        int loaded = 0;
        for (const auto& r : manager.plugins()) loaded += state(r) == "loaded";
        CHECK(loaded == 1);
        CHECK(manager.registries().findExporter("fixture-txt") != nullptr);
    }

    TEST_CASE("the same plugin found twice is loaded once")
    {
        PluginManager manager;
        manager.load(fixturePlugin("good"));
        const PluginRecord& again = manager.load(fixturePlugin("good"));
        CHECK(state(again) == "refused");
        CHECK(manager.registries().exporters.size() == 1);
    }

    TEST_CASE("a file that is not a shared library fails with the loader's reason")
    {
        accord::test::TempDir dir;
        accord::test::writeText(dir / "accord-junk.so", "not an ELF file");
        PluginManager manager;
        const PluginRecord& rec = manager.load(dir / "accord-junk.so");
        CHECK(state(rec) == "failed");
        CHECK(rec.error.find("cannot be loaded") != std::string::npos);
    }

    TEST_CASE("ACCORD_PLUGIN_PATH folders are searched first")
    {
        ::setenv("ACCORD_PLUGIN_PATH", "/opt/a:/opt/b", 1);
        auto path = PluginManager::searchPath();
        ::unsetenv("ACCORD_PLUGIN_PATH");
        REQUIRE(path.size() >= 3);
        CHECK(path[0] == "/opt/a");
        CHECK(path[1] == "/opt/b");
    }
}
