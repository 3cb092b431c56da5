// The right plugin API, but built for another release of Accord, whose workspace
// types may differ: the host must refuse it before creating anything.
#include "accord/plugin/define.hpp"

#include <cstdlib>

namespace {

class WrongVersionPlugin final : public accord::plugin::Plugin {
public:
    void registerWith(accord::plugin::Registrar&) override { std::abort(); }
};

} // namespace

extern "C" __attribute__((visibility("default"))) const accord::plugin::PluginInfo* accord_plugin_info()
{
    static const accord::plugin::PluginInfo info{accord::plugin::kApiVersion, ACCORD_PLUGIN_ID, ACCORD_PLUGIN_VERSION,
                                                 "Built for another release", "0.0.1-elsewhere"};
    return &info;
}

POCO_BEGIN_MANIFEST(accord::plugin::Plugin)
POCO_EXPORT_CLASS(WrongVersionPlugin)
POCO_END_MANIFEST
