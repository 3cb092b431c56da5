// invalidUtf8At: every text a document, a merge or an import reads passes through it first.
#include "accord/workspace/strings.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>

using accord::workspace::invalidUtf8At;

namespace {

/// RFC 3629's table, byte by byte: where the first ill-formed sequence starts, or npos. The test's own
/// reading, to hold the library's (SIMD first, then a walk) against.
std::size_t reference(const std::string& s)
{
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    auto in = [&](std::size_t i, unsigned lo, unsigned hi) { return i < s.size() && byte(i) >= lo && byte(i) <= hi; };
    for (std::size_t i = 0; i < s.size();) {
        const unsigned c = byte(i);
        std::size_t len = 0;
        if (c <= 0x7F) len = 1;
        else if (c >= 0xC2 && c <= 0xDF) len = in(i + 1, 0x80, 0xBF) ? 2 : 0;
        else if (c == 0xE0) len = in(i + 1, 0xA0, 0xBF) && in(i + 2, 0x80, 0xBF) ? 3 : 0;
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) len = in(i + 1, 0x80, 0xBF) && in(i + 2, 0x80, 0xBF) ? 3 : 0;
        else if (c == 0xED) len = in(i + 1, 0x80, 0x9F) && in(i + 2, 0x80, 0xBF) ? 3 : 0;
        else if (c == 0xF0) len = in(i + 1, 0x90, 0xBF) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF) ? 4 : 0;
        else if (c >= 0xF1 && c <= 0xF3) len = in(i + 1, 0x80, 0xBF) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF) ? 4 : 0;
        else if (c == 0xF4) len = in(i + 1, 0x80, 0x8F) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF) ? 4 : 0;
        if (len == 0) return i;
        i += len;
    }
    return std::string::npos;
}

} // namespace

TEST_SUITE("utf-8")
{
    TEST_CASE("well-formed Korean and English pass, and each kind of ill-formed sequence is found where it starts")
    {
        const std::string text = "<text xml:lang=\"ko\">이주노동자의 사업장 변경 제한을 폐지할 것. Abolish the limits on changing workplaces.</text>\n";
        std::string longText;
        for (int i = 0; i < 200; ++i) longText += text;  // long enough for every vector width
        CHECK(invalidUtf8At(longText) == std::string::npos);
        CHECK(invalidUtf8At("") == std::string::npos);
        const std::pair<std::string, std::string> bad[] = {
            {"a lone continuation byte", "\x80"},
            {"an overlong slash", "\xC0\xAF"},
            {"an overlong three-byte form", "\xE0\x80\xAF"},
            {"a surrogate", "\xED\xA0\x80"},
            {"a code point past U+10FFFF", "\xF4\x90\x80\x80"},
            {"a five-byte lead", "\xF8\x88\x80\x80\x80"},
            {"Hangul cut short", "\xEC\x9D"},
            {"CP949 (EUC-KR) Hangul", "\xC7\xD1\xB1\xB9"},
        };
        for (const auto& [what, sequence] : bad) {
            CAPTURE(what);
            // At the start, after the markup, between two repetitions far in, and at the end: where a character starts.
            for (std::size_t at : {std::size_t{0}, std::size_t{20}, text.size() * 100, longText.size()}) {
                CAPTURE(at);
                const std::string broken = longText.substr(0, at) + sequence;
                CHECK(invalidUtf8At(broken) == at);
                if (at < longText.size()) CHECK(invalidUtf8At(broken + longText.substr(at)) == at);
            }
        }
    }

    TEST_CASE("random texts: the first ill-formed byte is where RFC 3629's table says, or there is none")
    {
        std::mt19937 rng(20261129);
        const std::string pieces[] = {"a", "<", " ", "\n", "한", "국", "é", "€", "😀", "\x80", "\xC0", "\xE0\xA0", "\xED\xA0\x80",
                                      "\xF4\x90", "\xFF", "\xEC\x9D\xB4"};
        std::uniform_int_distribution<std::size_t> pick(0, std::size(pieces) - 1);
        std::uniform_int_distribution<int> length(0, 300);
        std::bernoulli_distribution clean(0.5);
        for (int round = 0; round < 20000; ++round) {
            std::string s;
            const bool valid = clean(rng);
            for (int n = length(rng); n > 0; --n) {
                const std::string& p = pieces[pick(rng)];
                if (!valid || reference(p) == std::string::npos) s += p;
            }
            CAPTURE(s);
            REQUIRE(invalidUtf8At(s) == reference(s));
        }
    }
}
