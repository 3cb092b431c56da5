#include "xml_tree.hpp"

#include "accord/workspace/error.hpp"

namespace accord::merge {

namespace {

struct StringWriter final : pugi::xml_writer {
    std::string out;
    void write(const void* data, std::size_t size) override { out.append(static_cast<const char*>(data), size); }
};

bool isBlank(const char* text)
{
    for (const char* c = text; *c; ++c)
        if (*c != ' ' && *c != '\n' && *c != '\t' && *c != '\r') return false;
    return true;
}

void dropLayout(pugi::xml_node n)
{
    if (localName(n) == "p") return;  // mixed content: every space counts
    bool holdsElements = false;
    for (auto c : n.children()) holdsElements = holdsElements || c.type() == pugi::node_element;
    if (!holdsElements) return;
    for (auto c = n.first_child(); c;) {
        auto next = c.next_sibling();
        if (c.type() == pugi::node_pcdata && isBlank(c.value()))
            n.remove_child(c);
        else if (c.type() == pugi::node_element)
            dropLayout(c);
        c = next;
    }
}

std::string escape(std::string_view text, bool attribute)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"':
            if (attribute) {
                out += "&quot;";
                break;
            }
            [[fallthrough]];
        default: out += c;
        }
    }
    return out;
}

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
    dropLayout(doc.document_element());
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

std::string escapeText(std::string_view text)
{
    return escape(text, false);
}

std::string escapeAttribute(std::string_view text)
{
    return escape(text, true);
}

} // namespace accord::merge
