#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>

/// Small helpers over pugixml shared by the merge and the conflict commands.
namespace accord::merge {

/// The element name without a namespace prefix.
[[nodiscard]] std::string_view localName(pugi::xml_node n);

/// A section or a recommendation: the parts identified by id.
[[nodiscard]] bool isPart(pugi::xml_node n);

/// Loads XML and normalizes it as the canonical form does: text between elements
/// dropped, whitespace in paragraphs collapsed. Throws workspace::Error(Invalid)
/// when it is not well-formed.
void loadTree(pugi::xml_document& doc, std::string_view xml);

/// The node (or document) as compact XML, for comparisons and output.
[[nodiscard]] std::string toString(pugi::xml_node n);
[[nodiscard]] std::string toString(const pugi::xml_document& doc);

/// Whether two subtrees are the same: names, attributes in order, text.
[[nodiscard]] bool sameTree(pugi::xml_node a, pugi::xml_node b);

/// Text escaped for element content (attribute values: workspace::xml::escapeAttribute).
[[nodiscard]] std::string escapeText(std::string_view text);

} // namespace accord::merge
