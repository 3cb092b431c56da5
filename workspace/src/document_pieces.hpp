#pragma once

// A submission's canonical bytes in pieces: serialize(doc) is serializeHead(doc),
// then serializeTopSection of each top-level section, then kSubmissionTail. An
// edit writes again only the sections it touched and copies the others' bytes.

#include "accord/workspace/document.hpp"

#include <string>
#include <string_view>

namespace accord::workspace::detail {

inline constexpr std::string_view kSubmissionTail = "</submission>\n";

/// The document up to its first section: the declaration, the root and the meta.
[[nodiscard]] std::string serializeHead(const Submission& doc);
/// One top-level section, indented one level, ending with its line's newline.
[[nodiscard]] std::string serializeTopSection(const Section& section);

} // namespace accord::workspace::detail
