#include "accord/workspace/strings.hpp"

#include <simdjson.h>

#include <cstdint>
#include <cstring>
#include <ctime>

namespace accord::workspace {

std::string join(const std::vector<std::string>& items, std::string_view separator)
{
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

std::string formatTime(std::int64_t time, int offsetMinutes)
{
    const auto local = static_cast<std::time_t>(time + std::int64_t{offsetMinutes} * 60);
    std::tm tm{};
    gmtime_r(&local, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

namespace {

/// invalidUtf8At one byte, or one word of ASCII, at a time.
std::size_t firstInvalidUtf8(std::string_view text)
{
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    for (std::size_t i = 0; i < n;) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            // ASCII runs, most of an English text and all of the markup, eight bytes at a time.
            for (std::uint64_t word = 0; i + 8 <= n; i += 8) {
                std::memcpy(&word, s + i, 8);
                if (word & 0x8080808080808080ULL) break;
            }
            while (i < n && s[i] < 0x80) ++i;
            continue;
        }
        if ((c & 0xF0) == 0xE0) {  // three bytes: Hangul and most of what is not Latin, the common case here
            if (i + 3 > n || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80) return i;
            const auto cp3 = static_cast<char32_t>(((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F));
            if (cp3 < 0x800 || (cp3 >= 0xD800 && cp3 <= 0xDFFF)) return i;
            i += 3;
            continue;
        }
        std::size_t len = 0;
        char32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n) return i;
        for (std::size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        const char32_t least = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
        if (cp < least || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += len;
    }
    return std::string_view::npos;
}

} // namespace

std::size_t invalidUtf8At(std::string_view text)
{
    // Nearly every text is valid: simdjson's validator (SIMD, chosen for this processor when it runs) says so
    // at several gigabytes a second, against one for the walk that finds where a text goes wrong.
    if (simdjson::validate_utf8(text.data(), text.size())) return std::string_view::npos;
    return firstInvalidUtf8(text);
}

} // namespace accord::workspace
