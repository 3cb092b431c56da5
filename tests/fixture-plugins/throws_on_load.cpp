// Registers an exporter, then throws: the host must keep none of it and go on.
#include "accord/plugin/define.hpp"

#include <stdexcept>

namespace {

class ThrowingPlugin final : public accord::plugin::Plugin {
public:
    void registerWith(accord::plugin::Registrar& registrar) override
    {
        registrar.addExporter({"half-registered", "x", "text/plain", "must not survive",
                               [](const accord::plugin::ExportRequest&) { return std::string(); }});
        throw std::runtime_error("the fixture's database is missing");
    }
};

} // namespace

ACCORD_PLUGIN(ThrowingPlugin, "Throws while registering")
