#pragma once

#include <string_view>

namespace accord::schemas {

/// The text of a schema shipped with Accord, by file name (e.g. "submission-1.xsd");
/// empty when there is no such schema.
[[nodiscard]] std::string_view text(std::string_view fileName);

} // namespace accord::schemas
