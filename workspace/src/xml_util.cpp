#include "xml_util.hpp"

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

std::string saveCanonical(const pugi::xml_document& doc)
{
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
