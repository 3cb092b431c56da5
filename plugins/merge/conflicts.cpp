#include "conflicts.hpp"

#include "xml_tree.hpp"

#include "accord/workspace/canonical_xml.hpp"
#include "accord/workspace/error.hpp"

#include <algorithm>
#include <set>

namespace accord::merge {

using workspace::Error;
using workspace::ErrorKind;

namespace {

std::string collapse(const std::string& text)
{
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string preview(pugi::xml_node alt)
{
    if (!alt) return "(absent)";
    std::string text;
    for (auto n : alt.select_nodes(".//text()")) text += n.node().value();
    if (text.empty()) {
        if (auto part = alt.first_child(); part && isPart(part))
            return std::string(localName(part)) + " " + part.attribute("id").value();
        return alt.first_child() ? std::string(localName(alt.first_child())) : "(nothing)";
    }
    std::string collapsed = collapse(text);
    if (collapsed.size() > 70) {
        std::size_t cut = 67;
        while (cut > 0 && (static_cast<unsigned char>(collapsed[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
        collapsed = collapsed.substr(0, cut) + "…";
    }
    if (auto section = alt.attribute("section")) collapsed += " (in section " + std::string(section.value()) + ")";
    return collapsed;
}

pugi::xml_node findById(pugi::xml_node root, std::string_view id, bool conflicts)
{
    for (auto c : root.children()) {
        if (c.type() != pugi::node_element) continue;
        bool isConflict = localName(c) == "conflict";
        if (isConflict == conflicts && c.attribute("id").value() == id) return c;
        if (isConflict && !conflicts) continue;  // parts inside a conflict's sides are not placed
        if (auto found = findById(c, id, conflicts)) return found;
    }
    return {};
}

void collectIds(pugi::xml_node n, std::vector<std::string>& ids)
{
    for (auto c : n.children()) {
        if (c.type() != pugi::node_element) continue;
        if (isPart(c)) ids.emplace_back(c.attribute("id").value());
        collectIds(c, ids);
    }
}

void placeMoved(pugi::xml_node root, pugi::xml_node alt, std::string_view path)
{
    auto part = alt.first_child();
    while (part && part.type() != pugi::node_element) part = part.next_sibling();
    if (!part) return;
    std::string section = alt.attribute("section").value();
    pugi::xml_node target = section.empty() ? root : findById(root, section, false);
    if (!target)
        throw Error(ErrorKind::Conflict, std::string(path) + ": section " + section + " no longer exists; move " +
                                             part.attribute("id").value() + " by hand and remove the conflict");
    if (auto after = findById(target, alt.attribute("after").value(), false); after && after.parent() == target) {
        target.insert_copy_after(part, after);
        return;
    }
    // First of its kind in the target: before the first sibling of the same kind, or before subsections.
    for (auto c : target.children())
        if (c.type() == pugi::node_element && (localName(c) == localName(part) || localName(c) == "section")) {
            target.insert_copy_before(part, c);
            return;
        }
    target.append_copy(part);
}

} // namespace

std::vector<ConflictInfo> listConflicts(std::string_view xml)
{
    pugi::xml_document doc;
    loadTree(doc, xml);
    std::vector<ConflictInfo> out;
    std::vector<std::size_t> lineStarts{0};
    for (std::size_t i = 0; i < xml.size(); ++i)
        if (xml[i] == '\n') lineStarts.push_back(i + 1);
    for (const auto& hit : doc.select_nodes("//*[local-name()='conflict']")) {
        auto c = hit.node();
        ConflictInfo info;
        info.id = c.attribute("id").value();
        auto offset = static_cast<std::size_t>(c.offset_debug());
        info.line = static_cast<int>(std::upper_bound(lineStarts.begin(), lineStarts.end(), offset) - lineStarts.begin());
        for (auto p = c.parent(); p && info.where.empty(); p = p.parent())
            if (isPart(p)) info.where = std::string(localName(p)) + " " + p.attribute("id").value();
        info.attribute = c.attribute("attribute").value();
        info.base = preview(c.child("base"));
        info.ours = preview(c.child("ours"));
        info.theirs = preview(c.child("theirs"));
        info.oursLabel = c.child("ours").attribute("label").value();
        info.theirsLabel = c.child("theirs").attribute("label").value();
        out.push_back(std::move(info));
    }
    return out;
}

std::string resolveConflict(std::string_view xml, std::string_view path, std::string_view id, std::string_view take)
{
    if (take != "ours" && take != "theirs" && take != "base" && take != "both")
        throw Error(ErrorKind::Invalid, "--take " + std::string(take) + ": take ours, theirs, base or both");
    pugi::xml_document doc;
    loadTree(doc, xml);
    auto root = doc.document_element();
    auto conflict = findById(root, id, true);
    if (!conflict)
        throw Error(ErrorKind::NotFound, std::string(path) + " has no conflict \"" + std::string(id) +
                                             "\" (accord conflicts lists them)");
    auto parent = conflict.parent();

    if (auto attribute = conflict.attribute("attribute")) {
        if (take == "both")
            throw Error(ErrorKind::Invalid, "an attribute holds one value: take ours, theirs or base for " + std::string(id));
        auto alt = conflict.child(std::string(take).c_str());
        std::string value = alt ? alt.text().get() : "";
        parent.remove_attribute(attribute.value());
        if (!value.empty()) parent.append_attribute(attribute.value()) = value.c_str();
        parent.remove_child(conflict);
        return workspace::xml::saveCanonical(doc);
    }

    const bool moved = conflict.child("ours").attribute("section") || conflict.child("theirs").attribute("section");
    if (moved) {
        if (take == "both")
            throw Error(ErrorKind::Invalid, std::string(id) + " is one part moved to two places: take ours, theirs or base");
        if (auto alt = conflict.child(std::string(take).c_str())) placeMoved(root, alt, path);
        parent.remove_child(conflict);
        return workspace::xml::saveCanonical(doc);
    }

    std::vector<pugi::xml_node> sides;
    if (take == "both") {
        sides = {conflict.child("ours"), conflict.child("theirs")};
        std::vector<std::string> ids;
        for (auto s : sides) collectIds(s, ids);
        std::set<std::string> unique(ids.begin(), ids.end());
        if (unique.size() != ids.size())
            throw Error(ErrorKind::Invalid, "taking both sides of " + std::string(id) +
                                                " would hold the same id twice: take ours or theirs, then edit");
    } else {
        sides = {conflict.child(std::string(take).c_str())};
    }
    for (auto side : sides)
        for (auto c : side.children()) parent.insert_copy_before(c, conflict);
    parent.remove_child(conflict);
    return workspace::xml::saveCanonical(doc);
}

} // namespace accord::merge
