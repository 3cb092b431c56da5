#include "docx_writer.hpp"

#include "accord/plugin/define.hpp"

namespace accord::export_docx {

class DocxPlugin final : public plugin::Plugin {
public:
    void registerWith(plugin::Registrar& registrar) override
    {
        registrar.addExporter(plugin::Exporter{
            "docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word (DOCX) with numbered paragraphs and footnotes, as the UN asks; --redline as tracked changes", writeDocx,
            true});
    }
};

} // namespace accord::export_docx

ACCORD_PLUGIN(accord::export_docx::DocxPlugin, "Exports submissions to Word (DOCX)")
