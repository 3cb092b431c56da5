#include "xml_tree.hpp"

#include "accord/workspace/canonical_xml.hpp"
#include "accord/workspace/error.hpp"

#include <cstring>

namespace accord::merge {

namespace {

struct StringWriter final : pugi::xml_writer {
    std::string out;
    void write(const void* data, std::size_t size) override { out.append(static_cast<const char*>(data), size); }
};

} // namespace

std::string_view localName(pugi::xml_node n)
{
    std::string_view name = n.name();
    auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool isPart(pugi::xml_node n)
{
    if (n.type() != pugi::node_element) return false;
    auto name = localName(n);
    return name == "section" || name == "recommendation";
}

void loadTree(pugi::xml_document& doc, std::string_view xml)
{
    auto result = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata,
                                  pugi::encoding_utf8);
    if (!result)
        throw workspace::Error(workspace::ErrorKind::Invalid,
                               std::string("not well-formed XML: ") + result.description());
    workspace::xml::normalize(doc);
}

std::string toString(pugi::xml_node n)
{
    StringWriter w;
    n.print(w, "", pugi::format_raw, pugi::encoding_utf8);
    return std::move(w.out);
}

std::string toString(const pugi::xml_document& doc)
{
    StringWriter w;
    doc.save(w, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
    return std::move(w.out);
}

bool sameTree(pugi::xml_node a, pugi::xml_node b)
{
    if (a.type() != b.type()) return false;
    if (std::strcmp(a.name(), b.name()) != 0 || std::strcmp(a.value(), b.value()) != 0) return false;
    auto aa = a.first_attribute();
    auto ba = b.first_attribute();
    for (; aa && ba; aa = aa.next_attribute(), ba = ba.next_attribute())
        if (std::strcmp(aa.name(), ba.name()) != 0 || std::strcmp(aa.value(), ba.value()) != 0) return false;
    if (aa || ba) return false;
    auto ac = a.first_child();
    auto bc = b.first_child();
    for (; ac && bc; ac = ac.next_sibling(), bc = bc.next_sibling())
        if (!sameTree(ac, bc)) return false;
    return !ac && !bc;
}

std::string escapeText(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        default: out += c;
        }
    }
    return out;
}

} // namespace accord::merge
