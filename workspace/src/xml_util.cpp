#include "xml_util.hpp"

#include "accord/workspace/canonical_xml.hpp"

#include <algorithm>
#include <cstring>

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
void mergeText(pugi::xml_node n);

/// Text written back only when it changed: canonical input costs no allocation.
void setIfChanged(pugi::xml_node text, const std::string& value)
{
    if (value != text.value()) text.set_value(value.c_str());
}

/// Whether collapsing would change `text`: most text is already canonical, and
/// this read-only look is much cheaper than collapsing a copy.
bool needsCollapse(const char* text, bool lastWasSpace)
{
    for (const char* c = text; *c; ++c) {
        if (*c == '\n' || *c == '\t' || *c == '\r') return true;
        if (*c == ' ') {
            if (lastWasSpace) return true;
            lastWasSpace = true;
        } else {
            lastWasSpace = false;
        }
    }
    return false;
}

const std::string& collapsedRun(const char* text, bool& lastWasSpace)
{
    static thread_local std::string buffer;
    buffer.assign(text);
    collapseRun(buffer, lastWasSpace);
    return buffer;
}

/// Mixed content below a paragraph: the same collapsing as normalizeInlines,
/// on the tree. Notes and conflicts are units of their own.
void collapseMixed(pugi::xml_node n, bool& lastWasSpace)
{
    mergeText(n);
    for (auto c = n.first_child(); c; c = c.next_sibling()) {
        if (isPcdata(c)) {
            const char* text = c.value();
            if (!needsCollapse(text, lastWasSpace)) {
                if (*text) lastWasSpace = text[std::strlen(text) - 1] == ' ';
                continue;
            }
            setIfChanged(c, collapsedRun(text, lastWasSpace));
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
            std::string_view text = c.value();
            if (text.empty()) continue;
            if (text.back() == ' ') c.set_value(std::string(text.substr(0, text.size() - 1)).c_str());
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
/// CDATA) become one, as the model reads them. The children of `n` only.
void mergeText(pugi::xml_node n)
{
    pugi::xml_node previous;
    for (auto c = n.first_child(); c;) {
        auto next = c.next_sibling();
        if (c.type() == pugi::node_cdata) {
            auto text = n.insert_child_before(pugi::node_pcdata, c);
            text.set_value(c.value());
            n.remove_child(c);
            c = text;
        }
        if (c.type() == pugi::node_pcdata && previous.type() == pugi::node_pcdata) {
            previous.set_value((std::string(previous.value()) + c.value()).c_str());
            n.remove_child(c);
        } else {
            previous = c;
        }
        c = next;
    }
}

void normalizeElement(pugi::xml_node n, bool guard)
{
    if (localName(n) == "p") {
        bool lastWasSpace = true;
        collapseMixed(n, lastWasSpace);
        trimTrailingMixed(n);
        if (guard) guardMixed(n);
        return;
    }
    mergeText(n);
    if (hasElementChild(n)) {
        for (auto c = n.first_child(); c;) {
            auto next = c.next_sibling();
            if (c.type() == pugi::node_pcdata && isBlank(c.value())) n.remove_child(c);
            c = next;
        }
        for (auto c : n.children())
            if (c.type() == pugi::node_element) normalizeElement(c, guard);
        return;
    }
    if (auto text = n.first_child(); text && isPcdata(text) && !text.next_sibling()) {
        const char* value = text.value();
        const std::size_t size = std::strlen(value);
        if (size > 0 && (value[0] == ' ' || value[size - 1] == ' ' || needsCollapse(value, false)))
            text.set_value(collapseSpace(value).c_str());
    }
}

} // namespace

// An empty element always ends its line when indenting, and attribute values
// escape newlines, so " />\n" occurs nowhere else.
void CanonicalWriter::write(const void* data, std::size_t size)
{
    out_.append(static_cast<const char*>(data), size);
    // Rewrite from a little before the new bytes, where the pattern may have started.
    std::size_t from = scanned_ >= 3 ? scanned_ - 3 : 0;
    std::size_t to = from;
    for (std::size_t at = out_.find(" />\n", from); at != std::string::npos; at = out_.find(" />\n", from)) {
        std::memmove(out_.data() + to, out_.data() + from, at - from);
        to += at - from;
        std::memcpy(out_.data() + to, "/>\n", 3);
        to += 3;
        from = at + 4;
    }
    if (from != to) {
        std::memmove(out_.data() + to, out_.data() + from, out_.size() - from);
        out_.resize(to + out_.size() - from);
    }
    scanned_ = out_.size();
}

namespace {

void prepare(pugi::xml_document& doc, bool guard)
{
    for (auto n = doc.first_child(); n;) {
        auto next = n.next_sibling();
        if (n.type() != pugi::node_element) doc.remove_child(n);
        n = next;
    }
    normalizeElement(doc.document_element(), guard);
}

} // namespace

void normalizeTree(pugi::xml_document& doc)
{
    prepare(doc, false);
}

void prepareForSaving(pugi::xml_document& doc)
{
    prepare(doc, true);
}

std::string saveCanonical(pugi::xml_document& doc)
{
    prepare(doc, true);
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    CanonicalWriter writer(out);
    doc.save(writer, "  ", pugi::format_indent | pugi::format_no_declaration, pugi::encoding_utf8);
    return out;
}

namespace {

constexpr auto npos = std::string_view::npos;

/// One past the '>' ending the tag at `i`, quoted attribute values skipped; npos when it never ends.
std::size_t tagEnd(std::string_view s, std::size_t i)
{
    char quote = 0;
    for (std::size_t k = i + 1; k < s.size(); ++k) {
        const char c = s[k];
        if (quote != 0) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return k + 1;
        }
    }
    return npos;
}

/// One past the comment, CDATA section or processing instruction at `i`; npos when it never ends
/// or is something else (a DOCTYPE).
std::size_t pastSpecial(std::string_view s, std::size_t i)
{
    auto past = [&](std::size_t from, std::string_view end) {
        const std::size_t at = s.find(end, from);
        return at == npos ? npos : at + end.size();
    };
    if (s.compare(i, 4, "<!--") == 0) return past(i + 4, "-->");
    if (s.compare(i, 9, "<![CDATA[") == 0) return past(i + 9, "]]>");
    if (s.compare(i, 2, "<?") == 0) return past(i + 2, "?>");
    return npos;
}

/// Past the space, comments and processing instructions from `i` to the next markup of another
/// kind (or the end); npos when something else stands there.
std::size_t pastMisc(std::string_view s, std::size_t i)
{
    for (;;) {
        const std::size_t lt = std::min(s.find('<', i), s.size());
        if (!std::all_of(s.begin() + static_cast<std::ptrdiff_t>(i), s.begin() + static_cast<std::ptrdiff_t>(lt), isSpace))
            return npos;
        if (lt == s.size() || (s.compare(lt, 2, "<?") != 0 && s.compare(lt, 4, "<!--") != 0)) return lt;
        i = pastSpecial(s, lt);
        if (i == npos) return npos;
    }
}

} // namespace

std::optional<RootChildren> rootChildren(std::string_view s)
{
    std::size_t i = pastMisc(s, s.starts_with("\xEF\xBB\xBF") ? 3 : 0);
    if (i == npos || i == s.size() || s.compare(i, 2, "<!") == 0 || s.compare(i, 2, "</") == 0) return std::nullopt;
    const std::size_t startEnd = tagEnd(s, i);
    if (startEnd == npos || s[startEnd - 2] == '/') return std::nullopt;
    RootChildren out;
    out.rootStart = s.substr(i, startEnd - i);
    out.rootName = out.rootStart.substr(1, out.rootStart.find_first_of(" \t\r\n/>", 1) - 1);
    int depth = 1;
    std::size_t childBegin = 0;
    for (i = startEnd;;) {
        const std::size_t lt = s.find('<', i);
        if (lt == npos || lt + 1 == s.size()) return std::nullopt;
        if (s[lt + 1] == '!' || s[lt + 1] == '?') {
            i = pastSpecial(s, lt);
            if (i == npos) return std::nullopt;
            continue;
        }
        const std::size_t end = tagEnd(s, lt);
        if (end == npos) return std::nullopt;
        if (s[lt + 1] == '/') {
            if (--depth == 0) {
                std::string_view name = s.substr(lt + 2, end - 1 - (lt + 2));
                while (!name.empty() && isSpace(name.back())) name.remove_suffix(1);
                if (name != out.rootName) return std::nullopt;
                i = end;
                break;
            }
            if (depth == 1) out.children.emplace_back(childBegin, end);
        } else if (s[end - 2] == '/') {
            if (depth == 1) out.children.emplace_back(lt, end);
        } else if (depth++ == 1) {
            childBegin = lt;
        }
        i = end;
    }
    if (pastMisc(s, i) != s.size()) return std::nullopt;
    return out;
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

std::string printCanonical(pugi::xml_node node, unsigned depth)
{
    pugi::xml_document scratch;
    scratch.append_copy(node);
    detail::prepareForSaving(scratch);
    std::string out;
    detail::CanonicalWriter writer(out);
    scratch.document_element().print(writer, "  ", pugi::format_indent, pugi::encoding_utf8, depth);
    return out;
}

void appendRaw(pugi::xml_node node, std::string& out)
{
    struct Appender : pugi::xml_writer {
        std::string& out;
        explicit Appender(std::string& o) : out(o) {}
        void write(const void* data, std::size_t size) override { out.append(static_cast<const char*>(data), size); }
    } writer(out);
    node.print(writer, "", pugi::format_raw, pugi::encoding_utf8);
}

std::string saveRaw(const pugi::xml_document& doc)
{
    std::string out;
    appendRaw(doc, out);  // a document prints its children: its own declaration node, if any, and its root
    return out;
}

std::string escapeAttribute(std::string_view value)
{
    // What pugixml's writer escapes in attribute values, and nothing more.
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '"': out += "&quot;"; break;
        case '\r': out += "&#13;"; break;
        case '\n': out += "&#10;"; break;
        case '\t': out += "&#9;"; break;
        default: out += c;
        }
    }
    return out;
}

} // namespace accord::workspace::xml
