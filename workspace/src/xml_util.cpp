#include "xml_util.hpp"

#include "accord/workspace/canonical_xml.hpp"

#include <algorithm>
#include <sstream>

namespace accord::workspace::detail {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Whitespace runs become one space, and a space right after another (across
// inline boundaries) is dropped, so spaces stay in the node where they were.
void collapseRun(std::string& text, bool& lastWasSpace)
{
    std::string out;
    for (char c : text) {
        if (isSpace(c)) {
            if (!lastWasSpace) out += ' ';
            lastWasSpace = true;
            continue;
        }
        lastWasSpace = false;
        out += c;
    }
    text = std::move(out);
}

void collapseAll(std::vector<Inline>& items, bool& lastWasSpace)
{
    for (auto& in : items) {
        if (in.kind == Inline::Kind::Text)
            collapseRun(in.text, lastWasSpace);
        else if (in.kind == Inline::Kind::Note) {
            normalizeInlines(in.children);  // a footnote is its own little paragraph
            lastWasSpace = false;           // and stands where a word would
        }
        else
            collapseAll(in.children, lastWasSpace);
    }
}

void trimTrailing(std::vector<Inline>& items)
{
    if (items.empty()) return;
    auto& last = items.back();
    if (last.kind == Inline::Kind::Text) {
        if (!last.text.empty() && last.text.back() == ' ') last.text.pop_back();
    } else if (last.kind != Inline::Kind::Note) {
        trimTrailing(last.children);
    }
}

void dropEmpty(std::vector<Inline>& items)
{
    std::erase_if(items, [](const Inline& in) { return in.kind == Inline::Kind::Text && in.text.empty(); });
    for (auto& in : items)
        if (in.kind != Inline::Kind::Text && in.kind != Inline::Kind::Note) dropEmpty(in.children);
}

} // namespace

std::string_view localName(pugi::xml_node n)
{
    std::string_view name = n.name();
    auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string collapseSpace(std::string_view s)
{
    std::string out;
    bool pending = false;
    for (char c : s) {
        if (isSpace(c)) {
            pending = !out.empty();
            continue;
        }
        if (pending) out += ' ';
        pending = false;
        out += c;
    }
    return out;
}

void normalizeInlines(std::vector<Inline>& items)
{
    bool lastWasSpace = true;  // drops leading space
    collapseAll(items, lastWasSpace);
    dropEmpty(items);
    trimTrailing(items);
    dropEmpty(items);
}

namespace {

bool isPcdata(pugi::xml_node n)
{
    return n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata;
}

bool hasElementChild(pugi::xml_node n)
{
    for (auto c : n.children())
        if (c.type() == pugi::node_element) return true;
    return false;
}

bool isBlank(const char* text)
{
    for (const char* c = text; *c; ++c)
        if (!isSpace(*c)) return false;
    return true;
}

void trimTrailingMixed(pugi::xml_node n);

/// Mixed content below a paragraph: the same collapsing as normalizeInlines,
/// on the tree. Notes and conflicts are units of their own.
void collapseMixed(pugi::xml_node n, bool& lastWasSpace)
{
    for (auto c = n.first_child(); c; c = c.next_sibling()) {
        if (isPcdata(c)) {
            std::string text = c.value();
            collapseRun(text, lastWasSpace);
            c.set_value(text.c_str());
        } else if (c.type() == pugi::node_element) {
            auto name = localName(c);
            if (name == "note" || name == "conflict") {
                bool inner = name == "note";
                collapseMixed(c, inner);
                if (name == "note") trimTrailingMixed(c);
                lastWasSpace = false;
            } else if (name == "base" || name == "ours" || name == "theirs") {
                bool inner = false;  // a conflict's alternatives keep the spaces at their edges
                collapseMixed(c, inner);
            } else {
                collapseMixed(c, lastWasSpace);
            }
        }
    }
}

void trimTrailingMixed(pugi::xml_node n)
{
    for (auto c = n.last_child(); c; c = c.previous_sibling()) {
        if (isPcdata(c)) {
            std::string text = c.value();
            if (text.empty()) continue;
            if (text.back() == ' ') text.pop_back();
            c.set_value(text.c_str());
            return;
        }
        if (c.type() == pugi::node_element) {
            auto name = localName(c);
            if (name != "note" && name != "conflict") trimTrailingMixed(c);
            return;
        }
    }
}

/// An (empty) text node before every element child and at the end keeps
/// pugixml's indenting from adding whitespace inside mixed content.
void guardMixed(pugi::xml_node n)
{
    if (!hasElementChild(n)) return;
    for (auto c = n.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        if (!c.previous_sibling() || !isPcdata(c.previous_sibling())) n.insert_child_before(pugi::node_pcdata, c);
        guardMixed(c);
    }
    if (!isPcdata(n.last_child())) n.append_child(pugi::node_pcdata);
}

/// CDATA becomes plain text, and neighbouring text nodes (split by a comment or
/// CDATA) become one, as the model reads them.
void mergeText(pugi::xml_node n)
{
    for (auto c = n.first_child(); c;) {
        auto next = c.next_sibling();
        if (c.type() == pugi::node_cdata) {
            auto text = n.insert_child_before(pugi::node_pcdata, c);
            text.set_value(c.value());
            n.remove_child(c);
            c = text;
        }
        if (c.type() == pugi::node_pcdata && c.previous_sibling() && c.previous_sibling().type() == pugi::node_pcdata) {
            auto prev = c.previous_sibling();
            prev.set_value((std::string(prev.value()) + c.value()).c_str());
            n.remove_child(c);
        } else if (c.type() == pugi::node_element) {
            mergeText(c);
        }
        c = next;
    }
}

void normalizeElement(pugi::xml_node n)
{
    if (localName(n) == "p") {
        bool lastWasSpace = true;
        collapseMixed(n, lastWasSpace);
        trimTrailingMixed(n);
        guardMixed(n);
        return;
    }
    if (hasElementChild(n)) {
        for (auto c = n.first_child(); c;) {
            auto next = c.next_sibling();
            if (c.type() == pugi::node_pcdata && isBlank(c.value())) n.remove_child(c);
            c = next;
        }
        for (auto c : n.children())
            if (c.type() == pugi::node_element) normalizeElement(c);
        return;
    }
    if (auto text = n.first_child(); text && isPcdata(text) && !text.next_sibling()) {
        std::string collapsed = collapseSpace(text.value());
        text.set_value(collapsed.c_str());
    }
}

} // namespace

void normalizeTree(pugi::xml_document& doc)
{
    for (auto n = doc.first_child(); n;) {
        auto next = n.next_sibling();
        if (n.type() != pugi::node_element) doc.remove_child(n);
        n = next;
    }
    mergeText(doc.document_element());
    normalizeElement(doc.document_element());
}

std::string saveCanonical(pugi::xml_document& doc)
{
    normalizeTree(doc);
    std::ostringstream out;
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    doc.save(out, "  ", pugi::format_indent | pugi::format_no_declaration, pugi::encoding_utf8);
    std::string text = out.str();
    // pugixml writes "<x />"; an empty element always ends its line when indenting,
    // and attribute values escape newlines, so " />\n" occurs nowhere else.
    std::string tidy;
    tidy.reserve(text.size());
    std::size_t from = 0;
    for (std::size_t at = text.find(" />\n"); at != std::string::npos; at = text.find(" />\n", from)) {
        tidy.append(text, from, at - from);
        tidy += "/>\n";
        from = at + 4;
    }
    tidy.append(text, from, std::string::npos);
    return tidy;
}

LineIndex::LineIndex(std::string_view text)
{
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') starts_.push_back(i + 1);
}

int LineIndex::lineOf(std::size_t offset) const
{
    auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    return static_cast<int>(it - starts_.begin());
}

} // namespace accord::workspace::detail

namespace accord::workspace::xml {

void normalize(pugi::xml_document& doc)
{
    detail::normalizeTree(doc);
}

std::string saveCanonical(pugi::xml_document& doc)
{
    return detail::saveCanonical(doc);
}

} // namespace accord::workspace::xml
