#include "markdown_writer.hpp"

#include "accord/plugin/define.hpp"

namespace accord::export_markdown {

class MarkdownPlugin final : public plugin::Plugin {
public:
    void registerWith(plugin::Registrar& registrar) override
    {
        registrar.addExporter(plugin::Exporter{"md", "md", "text/markdown; charset=utf-8",
                                               "Markdown with footnotes", writeMarkdown});
    }
};

} // namespace accord::export_markdown

ACCORD_PLUGIN(accord::export_markdown::MarkdownPlugin, "Exports submissions to Markdown")
