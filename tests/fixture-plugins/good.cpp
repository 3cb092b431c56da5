// A well-formed plugin: registers an exporter and a command.
#include "accord/plugin/define.hpp"

#include <CLI/CLI.hpp>
#include <ostream>

namespace {

class GoodPlugin final : public accord::plugin::Plugin {
public:
    void registerWith(accord::plugin::Registrar& registrar) override
    {
        registrar.addExporter({"fixture-txt", "txt", "text/plain", "document ids as text",
                               [](const accord::plugin::ExportRequest& r) { return r.document.id + "\n"; }});
        registrar.addCommand({"fixture-hello", "Says hello", [](CLI::App& app) {
                                  auto name = std::make_shared<std::string>("world");
                                  app.add_option("NAME", *name);
                                  return [name](accord::plugin::CommandContext& ctx) {
                                      ctx.out() << "hello " << *name << '\n';
                                      return 0;
                                  };
                              }});
    }
};

} // namespace

ACCORD_PLUGIN(GoodPlugin, "A plugin that works")
