#pragma once

#include <pugixml.hpp>

#include <string>

/// The project's one formatting policy, for writers that build documents with
/// pugixml themselves (the merge plugin, exporters of XML formats), so that every
/// writer produces the same bytes for the same document. Kept apart from the
/// model's headers: only code that already works on pugixml trees includes it.
namespace accord::workspace::xml {

/// Brings a loaded tree to the canonical content in place: text between elements
/// dropped, CDATA and split text merged, whitespace in paragraphs collapsed as the
/// model reads it. Load with `pugi::parse_ws_pcdata` so spaces between inline
/// elements survive until then.
void normalize(pugi::xml_document& doc);

/// Normalizes `doc` and writes it in the canonical form (as `serialize` and `canonicalize` do).
[[nodiscard]] std::string saveCanonical(pugi::xml_document& doc);

/// One element with its subtree in the canonical form, as it stands at `depth`
/// in a canonical document (1 for a child of the root): indented lines, each
/// ending in a newline. Works on a copy; `node` is left as it is.
[[nodiscard]] std::string printCanonical(pugi::xml_node node, unsigned depth);

/// `doc` as it is, without indentation or declaration (an office package's parts,
/// where whitespace between elements would be read as text), straight into a string.
[[nodiscard]] std::string saveRaw(const pugi::xml_document& doc);
/// `node` printed as saveRaw prints, appended to `out`.
void appendRaw(pugi::xml_node node, std::string& out);

/// Escapes an attribute value exactly as the canonical writer does.
[[nodiscard]] std::string escapeAttribute(std::string_view value);

} // namespace accord::workspace::xml
