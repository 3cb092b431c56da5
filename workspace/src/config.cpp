#include "accord/workspace/config.hpp"

#include "accord/workspace/validation.hpp"
#include "xml_util.hpp"

#include <pugixml.hpp>


namespace accord::workspace {

std::string Organisation::name(std::string_view lang) const
{
    const LangText* t = pickLang(names, lang, "en");
    return t ? t->text : id;
}

const Organisation* WorkspaceConfig::findOrganisation(std::string_view id) const
{
    for (const auto& o : organisations)
        if (o.id == id) return &o;
    return nullptr;
}

std::vector<std::string> WorkspaceConfig::organisationIds() const
{
    std::vector<std::string> ids;
    for (const auto& o : organisations) ids.push_back(o.id);
    return ids;
}

WorkspaceConfig parseConfig(std::string_view xml, std::string_view file)
{
    if (auto problems = validateConfig(xml, file); !problems.empty()) throw ValidationError(std::move(problems));
    pugi::xml_document doc;
    doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
    detail::LineIndex lines(xml);
    auto lineOf = [&](pugi::xml_node n) { return lines.lineOf(static_cast<std::size_t>(n.offset_debug())); };

    WorkspaceConfig config;
    for (auto orgs : doc.document_element().children()) {
        if (detail::localName(orgs) != "organisations") continue;
        for (auto o : orgs.children()) {
            if (detail::localName(o) != "organisation") continue;
            Organisation org{o.attribute("id").value(), o.attribute("kind").value(), {}, lineOf(o)};
            for (auto n : o.children())
                if (detail::localName(n) == "name")
                    org.names.push_back(LangText{n.attribute("xml:lang").value(),
                                                 detail::collapseSpace(n.text().get()), lineOf(n)});
            config.organisations.push_back(std::move(org));
        }
    }
    return config;
}

std::string serialize(const WorkspaceConfig& config)
{
    pugi::xml_document doc;
    auto root = doc.append_child("workspace");
    root.append_attribute("xmlns") = "urn:accord:workspace:1";
    root.append_attribute("version") = "1";
    auto orgs = root.append_child("organisations");
    for (const auto& o : config.organisations) {
        auto e = orgs.append_child("organisation");
        e.append_attribute("id") = o.id.c_str();
        if (!o.kind.empty()) e.append_attribute("kind") = o.kind.c_str();
        for (const auto& n : o.names) {
            auto name = e.append_child("name");
            name.append_attribute("xml:lang") = n.lang.c_str();
            name.text().set(n.text.c_str());
        }
    }
    return detail::saveCanonical(doc);
}

} // namespace accord::workspace
