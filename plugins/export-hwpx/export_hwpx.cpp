#include "hwpx_writer.hpp"

#include "accord/plugin/define.hpp"

namespace accord::export_hwpx {

class HwpxPlugin final : public plugin::Plugin {
public:
    void registerWith(plugin::Registrar& registrar) override
    {
        registrar.addExporter(plugin::Exporter{"hwpx", "hwpx", "application/hwp+zip",
                                               "HWPX for Hangul (OWPML, KS X 6101), with real footnotes",
                                               writeHwpx});
    }
};

} // namespace accord::export_hwpx

ACCORD_PLUGIN(accord::export_hwpx::HwpxPlugin, "Exports submissions to HWPX, the Hangul word processor's format")
