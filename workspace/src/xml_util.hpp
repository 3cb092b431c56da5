#pragma once

#include "accord/workspace/document.hpp"

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace accord::workspace::detail {

/// The element name without its namespace prefix.
[[nodiscard]] std::string_view localName(pugi::xml_node n);

/// Whitespace runs become one space; leading and trailing space is dropped.
[[nodiscard]] std::string collapseSpace(std::string_view s);

/// Collapses whitespace across a paragraph's mixed content, trims its ends and drops empty text.
void normalizeInlines(std::vector<Inline>& items);

/// The project's one formatting policy: UTF-8 declaration, two-space indentation,
/// empty elements written `<x/>` as people write them, whitespace inside paragraphs
/// collapsed and left alone by the indenting, blank text between elements dropped.
/// Normalises `doc` in place.
[[nodiscard]] std::string saveCanonical(pugi::xml_document& doc);
/// The normalisation saveCanonical starts with, on its own.
void normalizeTree(pugi::xml_document& doc);
/// The normalisation with the guards that keep indentation out of mixed content.
void prepareForSaving(pugi::xml_document& doc);

/// Collects pugixml's output into one string, turning "<x />" into "<x/>".
class CanonicalWriter final : public pugi::xml_writer {
public:
    explicit CanonicalWriter(std::string& out) : out_(out) {}
    void write(const void* data, std::size_t size) override;

private:
    std::string& out_;
    std::size_t scanned_ = 0;
};

/// Where a document's root element and the elements directly inside it are, found by
/// looking at the markup only, so that a parser can take one child at a time and never
/// hold the tree of the whole document.
struct RootChildren {
    std::string_view rootStart;  ///< the root's start tag, `<submission …>`
    std::string_view rootName;   ///< its name as written, prefix included
    std::vector<std::pair<std::size_t, std::size_t>> children;  ///< [begin, end) of each child element
};
/// Nothing when the text is not plainly a root element holding elements with only
/// space, comments and processing instructions around it (a DOCTYPE, a root that never
/// ends or ends empty, text after it…): parse it whole, and the parser says what is wrong.
/// Each child still has to be parsed to be known well-formed.
[[nodiscard]] std::optional<RootChildren> rootChildren(std::string_view xml);

/// Maps byte offsets of a buffer to 1-based line numbers.
class LineIndex {
public:
    explicit LineIndex(std::string_view text);
    [[nodiscard]] int lineOf(std::size_t offset) const;

private:
    std::vector<std::size_t> starts_;
};

} // namespace accord::workspace::detail
