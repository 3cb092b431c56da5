#pragma once

#include "accord/package/zip_package.hpp"

#include <pugixml.hpp>

#include <string>
#include <string_view>
#include <variant>
#include <vector>

/// The WordprocessingML and OPC plumbing of the DOCX exporter: namespaces,
/// element helpers, relationships and the package itself. Every part is a
/// pugixml DOM, serialised when the package is zipped, except the document's body,
/// which goes into the package in pieces as it is written.
namespace accord::export_docx::ooxml {

inline constexpr const char* kNsW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
inline constexpr const char* kNsR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Relationship types (ECMA-376 part 1, 15.2).
namespace rel {
inline constexpr const char* kOfficeDocument =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
inline constexpr const char* kCoreProperties =
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties";
inline constexpr const char* kExtendedProperties =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties";
inline constexpr const char* kStyles = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
inline constexpr const char* kNumbering =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering";
inline constexpr const char* kSettings = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings";
inline constexpr const char* kFootnotes =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes";
inline constexpr const char* kFooter = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer";
inline constexpr const char* kFontTable =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable";
inline constexpr const char* kHyperlink =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";
} // namespace rel

/// Content types of the parts (ECMA-376 part 1, 11.3 and 15.2).
namespace type {
inline constexpr const char* kRelationships = "application/vnd.openxmlformats-package.relationships+xml";
inline constexpr const char* kXml = "application/xml";
inline constexpr const char* kDocument =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
inline constexpr const char* kStyles = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml";
inline constexpr const char* kNumbering =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml";
inline constexpr const char* kSettings =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml";
inline constexpr const char* kFootnotes =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml";
inline constexpr const char* kFooter = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml";
inline constexpr const char* kFontTable =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml";
inline constexpr const char* kCoreProperties = "application/vnd.openxmlformats-package.core-properties+xml";
inline constexpr const char* kExtendedProperties =
    "application/vnd.openxmlformats-officedocument.extended-properties+xml";
} // namespace type

/// Appends the element `name` to `parent` and returns it.
pugi::xml_node add(pugi::xml_node parent, const char* name);
/// Appends `name` with its one attribute `w:val`, the usual shape of a WordprocessingML property.
pugi::xml_node addVal(pugi::xml_node parent, const char* name, std::string_view value);
pugi::xml_node addVal(pugi::xml_node parent, const char* name, long value);
/// Sets (or replaces) an attribute.
void set(pugi::xml_node node, const char* attribute, std::string_view value);
void set(pugi::xml_node node, const char* attribute, long value);

/// Starts a part: an XML declaration (standalone, as Word writes it) and the root
/// element `name`, returned so that the caller adds the namespaces it uses.
pugi::xml_node startPart(pugi::xml_document& doc, const char* name);
/// A root element of WordprocessingML with the w: and r: namespaces.
pugi::xml_node startWordPart(pugi::xml_document& doc, const char* name);

/// The relationships of one source part, e.g. `word/_rels/document.xml.rels`.
class Relationships {
public:
    /// Adds a relationship and returns its id (rId1, rId2… in order).
    std::string add(const char* relType, const std::string& target, bool external = false);
    [[nodiscard]] bool empty() const { return items_.empty(); }
    /// The relationships part.
    void write(pugi::xml_document& doc) const;

private:
    struct Item {
        std::string id, type, target;
        bool external;
    };
    std::vector<Item> items_;
};

/// An OPC package being assembled: parts in the order they were added, each with
/// its content type; `[Content_Types].xml` is derived from them.
class Package {
public:
    void add(std::string name, std::string contentType, const pugi::xml_document& part);
    /// A part deflated as it was written (package::PartStream).
    void add(std::string name, std::string contentType, package::DeflatedPart part);
    /// The package as ZIP bytes (package::Archive: deflated, a fixed date on every entry, so
    /// that one document always gives the same bytes). Hands the parts over: call it once.
    [[nodiscard]] std::string zip();

private:
    struct Part {
        std::string name, contentType;
        std::variant<std::string, package::DeflatedPart> bytes;
    };
    std::vector<Part> parts_;
};

} // namespace accord::export_docx::ooxml
