#pragma once

#include "accord/plugin/api.hpp"

#include <string>

namespace accord::export_docx {

/// The submission as a Word document (WordprocessingML, ECMA-376): a cover block,
/// sections as numbered headings and recommendations as numbered items (real Word
/// numbering in the profile's markers), notes as footnotes, links as hyperlinks,
/// one language or both side by side, the profile's page size and closing line.
/// Returns the bytes of the .docx package.
[[nodiscard]] std::string writeDocx(const plugin::ExportRequest& request);

} // namespace accord::export_docx
