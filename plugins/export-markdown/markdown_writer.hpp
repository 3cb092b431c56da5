#pragma once

#include "accord/plugin/api.hpp"

#include <string>

namespace accord::export_markdown {

/// The submission as CommonMark with footnotes (pandoc's and GitHub's dialect):
/// numbered sections and recommendations, endorsing organisations by name.
/// With lang "both", the English text and then the Korean one.
[[nodiscard]] std::string writeMarkdown(const plugin::ExportRequest& request);

} // namespace accord::export_markdown
