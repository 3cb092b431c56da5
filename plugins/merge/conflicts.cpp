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

/// Whether an element holds running text (a sentence's words), where a conflict
/// stands between words.
bool isMixed(pugi::xml_node n)
{
    const auto name = localName(n);
    return name == "p" || name == "note" || name == "em" || name == "strong" || name == "link";
}

/// The plain text of a node's content, with every conflict read as the side named.
void textOf(pugi::xml_node n, pugi::xml_node focus, const char* focusSide, std::string& out, std::size_t& at)
{
    for (auto c : n.children()) {
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
            out += c.value();
        } else if (c.type() == pugi::node_element && localName(c) == "conflict") {
            if (c == focus) at = out.size();
            textOf(c.child(c == focus ? focusSide : "ours"), focus, focusSide, out, at);
        } else if (c.type() == pugi::node_element) {
            if (localName(c) == "note") out += " [";
            textOf(c, focus, focusSide, out, at);
            if (localName(c) == "note") out += "]";
        }
    }
}

/// Cuts `text` to the sentence around byte `at`, at most some 80 characters each way.
std::string sentenceAround(const std::string& text, std::size_t at)
{
    auto boundary = [&](std::size_t i) { return i >= 2 && text[i - 1] == ' ' && (text[i - 2] == '.' || text[i - 2] == '?'); };
    std::size_t from = at;
    while (from > 0 && !boundary(from) && at - from < 80) --from;
    std::size_t to = at;
    while (to < text.size() && !(text[to] == '.' && (to + 1 == text.size() || text[to + 1] == ' ')) && to - at < 120) ++to;
    if (to < text.size()) ++to;
    while (from > 0 && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) --from;  // whole UTF-8 characters
    while (to < text.size() && (static_cast<unsigned char>(text[to]) & 0xC0) == 0x80) ++to;
    std::string out = collapse(text.substr(from, to - from));
    if (from > 0 && !boundary(from)) out = "…" + out;
    if (to < text.size() && text[to - 1] != '.') out += "…";
    return out;
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

namespace {

/// The paragraphs a side holds directly, or inside its one element.
std::vector<pugi::xml_node> paragraphsOf(pugi::xml_node side)
{
    std::vector<pugi::xml_node> ps;
    pugi::xml_node holder = side;
    auto first = side.find_child([](pugi::xml_node n) { return n.type() == pugi::node_element; });
    if (first && localName(first) != "p") holder = first;
    for (auto c : holder.children())
        if (c.type() == pugi::node_element) {
            if (localName(c) != "p") return {};
            ps.push_back(c);
        }
    return ps;
}

std::string plain(pugi::xml_node n)
{
    std::string text;
    std::size_t unused = 0;
    textOf(n, {}, "ours", text, unused);
    return collapse(text);
}

/// The side `--text` and `--edit` start from: ours, else theirs, else base.
pugi::xml_node templateSide(pugi::xml_node conflict)
{
    for (const char* side : {"ours", "theirs", "base"})
        if (auto alt = conflict.child(side); alt && (alt.first_child() || conflict.attribute("attribute"))) return alt;
    return {};
}

std::string editableText(pugi::xml_node c)
{
    auto side = templateSide(c);
    if (!side || c.child("ours").attribute("section")) return {};
    if (c.attribute("attribute") || isMixed(c.parent())) return plain(side);
    auto first = side.find_child([](pugi::xml_node n) { return n.type() == pugi::node_element; });
    if (!first || isPart(first)) return {};
    if (auto ps = paragraphsOf(side); !ps.empty()) {
        std::string out;
        for (auto p : ps) out += (out.empty() ? "" : "\n\n") + plain(p);
        return out;
    }
    return first.find_child([](pugi::xml_node n) { return n.type() == pugi::node_element; }) ? "" : plain(first);
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
        if (isMixed(c.parent())) {
            // The sentence is the paragraph's, when the conflict sits in a footnote or emphasis.
            auto holder = c.parent();
            while (holder.parent() && isMixed(holder.parent())) holder = holder.parent();
            for (auto [side, sentence] : {std::pair{"base", &info.baseSentence}, std::pair{"ours", &info.oursSentence},
                                          std::pair{"theirs", &info.theirsSentence}}) {
                if (std::string_view(side) == "base" && !c.child("base")) continue;
                std::string text;
                std::size_t at = 0;
                textOf(holder, c, side, text, at);
                *sentence = sentenceAround(text, at);
            }
        }
        info.editable = editableText(c);
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
    for (std::size_t i = 0; i < sides.size(); ++i) {
        // Two alternatives of a sentence's words are two phrases: a space keeps them apart.
        if (i > 0 && isMixed(parent)) parent.insert_child_before(pugi::node_pcdata, conflict).set_value(" ");
        for (auto c : sides[i].children()) parent.insert_copy_before(c, conflict);
    }
    parent.remove_child(conflict);
    return workspace::xml::saveCanonical(doc);
}

std::string resolveConflictWith(std::string_view xml, std::string_view path, std::string_view id, std::string_view text)
{
    pugi::xml_document doc;
    loadTree(doc, xml);
    auto conflict = findById(doc.document_element(), id, true);
    if (!conflict)
        throw Error(ErrorKind::NotFound, std::string(path) + " has no conflict \"" + std::string(id) +
                                             "\" (accord conflicts lists them)");
    auto parent = conflict.parent();
    const std::string value = collapse(std::string(text));
    auto side = templateSide(conflict);
    auto refuse = [&] {
        throw Error(ErrorKind::Invalid, std::string(id) + " in " + std::string(path) +
                                            " is over whole sections or recommendations: take a side with --take, then edit");
    };
    if (!side || conflict.child("ours").attribute("section")) refuse();
    if (auto attribute = conflict.attribute("attribute")) {
        parent.remove_attribute(attribute.value());
        if (!value.empty()) parent.append_attribute(attribute.value()) = value.c_str();
    } else if (isMixed(parent)) {
        parent.insert_child_before(pugi::node_pcdata, conflict).set_value(value.c_str());
    } else {
        auto first = side.find_child([](pugi::xml_node n) { return n.type() == pugi::node_element; });
        if (!first || isPart(first)) refuse();
        // Paragraphs: one per block of text between blank lines.
        std::vector<std::string> blocks;
        std::string rest(text);
        for (std::size_t at; (at = rest.find("\n\n")) != std::string::npos; rest.erase(0, at + 2))
            if (auto b = collapse(rest.substr(0, at)); !b.empty()) blocks.push_back(b);
        if (auto b = collapse(rest); !b.empty()) blocks.push_back(b);
        auto fill = [&](pugi::xml_node holder) {
            for (const auto& b : blocks) holder.append_child("p").append_child(pugi::node_pcdata).set_value(b.c_str());
        };
        if (localName(first) == "p") {
            auto scratch = doc.append_child("scratch");
            fill(scratch);
            for (auto p : scratch.children()) parent.insert_copy_before(p, conflict);
            doc.remove_child(scratch);
        } else if (!paragraphsOf(side).empty()) {
            auto copy = parent.insert_copy_before(first, conflict);
            while (copy.first_child()) copy.remove_child(copy.first_child());
            fill(copy);
        } else if (!first.find_child([](pugi::xml_node n) { return n.type() == pugi::node_element; })) {
            auto copy = parent.insert_copy_before(first, conflict);
            copy.text().set(value.c_str());
        } else {
            refuse();
        }
    }
    parent.remove_child(conflict);
    return workspace::xml::saveCanonical(doc);
}

} // namespace accord::merge
