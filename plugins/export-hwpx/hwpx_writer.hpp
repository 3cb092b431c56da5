#pragma once

#include "accord/plugin/api.hpp"

#include <string>

namespace accord::export_hwpx {

/// The submission as an HWPX package for Hangul: title, process, addressees and
/// deadline, the coalition when the profile names joint submitters at the top,
/// sections and recommendations numbered with the profile's markers (Korean
/// administrative 1. → 가. → 1) → 가) for nap-kr), emphasis as character
/// properties, notes as real footnotes, and the profile's closing line ("끝.")
/// right-aligned at the end. `lang` "both" writes Korean, then English on a new page.
[[nodiscard]] std::string writeHwpx(const plugin::ExportRequest& request);

} // namespace accord::export_hwpx
