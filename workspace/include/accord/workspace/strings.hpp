#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

/// Small text helpers every part of Accord formats with.
namespace accord::workspace {

/// `items` separated by `separator`: "apil, krsn, mwu".
[[nodiscard]] std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");

/// `2018-05-03 14:02` in the time zone `offsetMinutes` east of UTC.
[[nodiscard]] std::string formatTime(std::int64_t time, int offsetMinutes = 0);

/// The byte offset of the first byte that is not part of well-formed UTF-8
/// (overlong forms, surrogates and code points above U+10FFFF included), or npos.
[[nodiscard]] std::size_t invalidUtf8At(std::string_view text);

} // namespace accord::workspace
