#pragma once

#include <string_view>
#include <vector>

namespace accord::schemas {

/// The text of a file shipped with Accord, by its path below schemas/ (e.g.
/// "submission-1.xsd", "profiles/nap-kr.xml"); empty when there is no such file.
[[nodiscard]] std::string_view text(std::string_view name);

/// The paths of every file shipped, as text() takes them.
[[nodiscard]] std::vector<std::string_view> names();

} // namespace accord::schemas
