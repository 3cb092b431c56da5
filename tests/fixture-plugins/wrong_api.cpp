// Built for a plugin API that does not exist: the host must refuse it before creating anything.
#include "accord/plugin/define.hpp"

#include <cstdlib>

namespace {

class WrongApiPlugin final : public accord::plugin::Plugin {
public:
    void registerWith(accord::plugin::Registrar&) override { std::abort(); }
};

} // namespace

extern "C" __attribute__((visibility("default"))) const accord::plugin::PluginInfo* accord_plugin_info()
{
    static const accord::plugin::PluginInfo info{accord::plugin::kApiVersion + 41, ACCORD_PLUGIN_ID,
                                                 ACCORD_PLUGIN_VERSION, "Built for another API",
                                                 accord::plugin::kAccordVersion};
    return &info;
}

POCO_BEGIN_MANIFEST(accord::plugin::Plugin)
POCO_EXPORT_CLASS(WrongApiPlugin)
POCO_END_MANIFEST
