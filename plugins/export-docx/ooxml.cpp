#include "ooxml.hpp"

#include "accord/workspace/canonical_xml.hpp"


namespace accord::export_docx::ooxml {

namespace {

/// pugixml wants NUL-terminated strings; a string_view may not be one.
std::string str(std::string_view s)
{
    return std::string(s);
}

std::string serialize(const pugi::xml_document& doc)
{
    return workspace::xml::saveRaw(doc);  // raw: no whitespace where Word would read it as text
}

} // namespace

pugi::xml_node add(pugi::xml_node parent, const char* name)
{
    return parent.append_child(name);
}

pugi::xml_node addVal(pugi::xml_node parent, const char* name, std::string_view value)
{
    auto node = add(parent, name);
    set(node, "w:val", value);
    return node;
}

pugi::xml_node addVal(pugi::xml_node parent, const char* name, long value)
{
    auto node = add(parent, name);
    set(node, "w:val", value);
    return node;
}

void set(pugi::xml_node node, const char* attribute, std::string_view value)
{
    auto a = node.attribute(attribute);
    if (!a) a = node.append_attribute(attribute);
    a.set_value(str(value).c_str());
}

void set(pugi::xml_node node, const char* attribute, long value)
{
    auto a = node.attribute(attribute);
    if (!a) a = node.append_attribute(attribute);
    a.set_value(value);
}

pugi::xml_node startPart(pugi::xml_document& doc, const char* name)
{
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version").set_value("1.0");
    decl.append_attribute("encoding").set_value("UTF-8");
    decl.append_attribute("standalone").set_value("yes");
    return doc.append_child(name);
}

pugi::xml_node startWordPart(pugi::xml_document& doc, const char* name)
{
    auto root = startPart(doc, name);
    set(root, "xmlns:w", kNsW);
    set(root, "xmlns:r", kNsR);
    return root;
}

std::string Relationships::add(const char* relType, const std::string& target, bool external)
{
    std::string id = "rId" + std::to_string(items_.size() + 1);
    items_.push_back(Item{id, relType, target, external});
    return id;
}

void Relationships::write(pugi::xml_document& doc) const
{
    auto root = startPart(doc, "Relationships");
    set(root, "xmlns", "http://schemas.openxmlformats.org/package/2006/relationships");
    for (const auto& item : items_) {
        auto r = ooxml::add(root, "Relationship");
        set(r, "Id", item.id);
        set(r, "Type", item.type);
        set(r, "Target", item.target);
        if (item.external) set(r, "TargetMode", "External");
    }
}

void Package::add(std::string name, std::string contentType, const pugi::xml_document& part)
{
    parts_.push_back(Part{std::move(name), std::move(contentType), serialize(part)});
}

void Package::add(std::string name, std::string contentType, package::DeflatedPart part)
{
    parts_.push_back(Part{std::move(name), std::move(contentType), std::move(part)});
}

std::string Package::zip()
{
    // [Content_Types].xml: defaults for .rels and .xml, an override for every other part.
    pugi::xml_document types;
    auto root = startPart(types, "Types");
    set(root, "xmlns", "http://schemas.openxmlformats.org/package/2006/content-types");
    auto relsDefault = ooxml::add(root, "Default");
    set(relsDefault, "Extension", "rels");
    set(relsDefault, "ContentType", type::kRelationships);
    auto xmlDefault = ooxml::add(root, "Default");
    set(xmlDefault, "Extension", "xml");
    set(xmlDefault, "ContentType", type::kXml);
    for (const auto& part : parts_) {
        if (part.contentType == type::kRelationships || part.contentType == type::kXml) continue;
        auto o = ooxml::add(root, "Override");
        set(o, "PartName", "/" + part.name);
        set(o, "ContentType", part.contentType);
    }

    // A package holds parts only, never folders: Word asks to repair a file with a `word/` entry.
    package::Archive zip("DOCX package");
    zip.add("[Content_Types].xml", serialize(types));
    for (auto& part : parts_) {
        if (auto* text = std::get_if<std::string>(&part.bytes))
            zip.add(part.name, std::move(*text));
        else
            zip.add(part.name, std::move(std::get<package::DeflatedPart>(part.bytes)));
    }
    parts_.clear();
    return zip.bytes();
}

} // namespace accord::export_docx::ooxml
