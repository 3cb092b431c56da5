#include "accord/workspace/text_diff.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using accord::workspace::diffSequences;
using accord::workspace::diffWords;
using accord::workspace::DiffOp;
using accord::workspace::normalizeSpace;
using accord::workspace::TextChunk;
using accord::workspace::Token;
using accord::workspace::TokenKind;
using accord::workspace::tokenize;

namespace {

/// Renders chunks the way `git diff --word-diff` does, so expectations read like the UI.
std::string render(const std::vector<TextChunk>& chunks) {
    std::string out;
    for (const TextChunk& c : chunks) {
        switch (c.op) {
        case DiffOp::Equal: out += c.text; break;
        case DiffOp::Delete: out += "[-" + c.text + "-]"; break;
        case DiffOp::Insert: out += "{+" + c.text + "+}"; break;
        }
    }
    return out;
}

std::string rebuild(const std::vector<TextChunk>& chunks, DiffOp side) {
    std::string out;
    for (const TextChunk& c : chunks) {
        if (c.op == DiffOp::Equal || c.op == side) {
            out += c.text;
        }
    }
    return out;
}

std::string rebuildBefore(const std::vector<TextChunk>& chunks) {
    return rebuild(chunks, DiffOp::Delete);
}

std::string rebuildAfter(const std::vector<TextChunk>& chunks) {
    return rebuild(chunks, DiffOp::Insert);
}

bool isCoalesced(const std::vector<TextChunk>& chunks) {
    for (std::size_t i = 0; i < chunks.size(); ++i) {
        if (chunks[i].text.empty() || (i > 0 && chunks[i - 1].op == chunks[i].op)) {
            return false;
        }
    }
    return true;
}

std::string joinTokens(const std::vector<Token>& tokens) {
    std::string out;
    for (const Token& t : tokens) {
        out += t.text;
    }
    return out;
}

/// Deterministic on every platform, unlike the std distributions.
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31U);
    }

    std::size_t below(std::size_t bound) { return static_cast<std::size_t>(next() % bound); }

private:
    std::uint64_t state_;
};

using Script = std::vector<std::pair<DiffOp, std::size_t>>;

/// True when `script` is canonical and really turns `a` into `b`.
bool transforms(const Script& script, const std::vector<std::string>& a,
                const std::vector<std::string>& b) {
    std::size_t i = 0;
    std::size_t j = 0;
    for (std::size_t s = 0; s < script.size(); ++s) {
        const auto [op, count] = script[s];
        if (count == 0 || (s > 0 && script[s - 1].first == op)) {
            return false;
        }
        if (s > 0 && script[s - 1].first == DiffOp::Insert && op == DiffOp::Delete) {
            return false;  // canonical order is Delete before Insert
        }
        if (op == DiffOp::Equal) {
            for (std::size_t k = 0; k < count; ++k) {
                if (i + k >= a.size() || j + k >= b.size() || a[i + k] != b[j + k]) {
                    return false;
                }
            }
            i += count;
            j += count;
        } else if (op == DiffOp::Delete) {
            i += count;
        } else {
            j += count;
        }
    }
    return i == a.size() && j == b.size();
}

std::size_t total(const Script& script, DiffOp op) {
    std::size_t sum = 0;
    for (const auto& [scriptOp, count] : script) {
        if (scriptOp == op) {
            sum += count;
        }
    }
    return sum;
}

std::size_t lcsLength(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::vector<std::vector<std::size_t>> table(a.size() + 1,
                                                std::vector<std::size_t>(b.size() + 1, 0));
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            table[i][j] = a[i - 1] == b[j - 1] ? table[i - 1][j - 1] + 1
                                               : std::max(table[i - 1][j], table[i][j - 1]);
        }
    }
    return table[a.size()][b.size()];
}

std::vector<std::string> randomWords(SplitMix64& rng, std::size_t count, std::size_t vocabulary,
                                     const std::string& prefix) {
    std::vector<std::string> words;
    words.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        words.push_back(prefix + std::to_string(rng.below(vocabulary)));
    }
    return words;
}

const std::vector<std::string> kSentence = {
    "외국인", "근로자는", "고용허가제(EPS)에", "따라", "E-9", "비자로", "입국하며,",
    "사업장을", "변경할", "수", "있다.", "The", "employer's", "consent", "is",
    "required", "for", "a", "change", "of", "workplace.",
};

const std::vector<std::string> kReplacements = {
    "사업장에서", "근로자가", "사용자의", "고용주", "workers", "must", "shall", "3회",
    "(EPS)", "“동의”", "consent,", "이동할", "E-7", "visa.", "「특례」", "—", "employers'",
};

const std::vector<std::string> kParticles = {"을", "를", "에서", "는", "가", "의", "으로"};

bool endsWithHangul(const std::string& word) {
    // Hangul syllables are three bytes starting with 0xEA..0xED.
    if (word.size() < 3) {
        return false;
    }
    const auto lead = static_cast<unsigned char>(word[word.size() - 3]);
    return lead >= 0xEAU && lead <= 0xEDU;
}

/// One to four random word-level edits of the bilingual sentence.
std::vector<std::string> editSentence(SplitMix64& rng) {
    std::vector<std::string> words = kSentence;
    const std::size_t edits = 1 + rng.below(4);
    for (std::size_t e = 0; e < edits; ++e) {
        const std::size_t at = rng.below(words.size());
        switch (rng.below(5)) {
        case 0: words[at] = kReplacements[rng.below(kReplacements.size())]; break;
        case 1:
            if (words.size() > 1) {
                words.erase(words.begin() + static_cast<std::ptrdiff_t>(at));
            }
            break;
        case 2:
            words.insert(words.begin() + static_cast<std::ptrdiff_t>(at),
                         kReplacements[rng.below(kReplacements.size())]);
            break;
        case 3:
            if (at + 1 < words.size()) {
                std::swap(words[at], words[at + 1]);
            }
            break;
        default:
            // Swap the particle: the case that triggers syllable refinement.
            if (endsWithHangul(words[at]) && words[at].size() >= 9) {
                words[at].resize(words[at].size() - 3);
                words[at] += kParticles[rng.below(kParticles.size())];
            }
            break;
        }
    }
    return words;
}

std::string joinWith(const std::vector<std::string>& words, SplitMix64* rng) {
    static const std::vector<std::string> kSeparators = {" ", "  ", "\n", "\t", "\u3000",
                                                         " \n ", "\u00A0", "\r\n"};
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) {
            out += rng == nullptr ? " " : kSeparators[rng->below(kSeparators.size())];
        }
        out += words[i];
    }
    return out;
}

} // namespace

TEST_SUITE("text diff") {

TEST_CASE("a changed English word is reported alone") {
    const auto chunks = diffWords("The employer must notify the worker.",
                                  "The employer shall notify the worker.");
    CHECK(render(chunks) == "The employer [-must-]{+shall+} notify the worker.");
    REQUIRE(chunks.size() == 4);
    CHECK(chunks[1] == TextChunk{DiffOp::Delete, "must"});
    CHECK(chunks[2] == TextChunk{DiffOp::Insert, "shall"});
}

TEST_CASE("inserted and deleted English words are reported alone") {
    CHECK(render(diffWords("The employer must notify the worker.",
                           "The employer must promptly notify the worker."))
          == "The employer must {+promptly +}notify the worker.");
    CHECK(render(diffWords("The employer must promptly notify the worker.",
                           "The employer must notify the worker."))
          == "The employer must [-promptly -]notify the worker.");
}

TEST_CASE("neighbouring replaced words read as one replacement") {
    CHECK(render(diffWords("The employer must notify the worker.",
                           "The employer shall inform the worker."))
          == "The employer [-must notify-]{+shall inform+} the worker.");
}

TEST_CASE("a changed punctuation mark is reported alone") {
    CHECK(render(diffWords("변경할 수 있다.", "변경할 수 있다?")) == "변경할 수 있다[-.-]{+?+}");
    CHECK(render(diffWords("「동의」가 필요하다", "『동의』가 필요하다"))
          == "[-「-]{+『+}동의[-」-]{+』+}가 필요하다");
}

TEST_CASE("a changed Korean eojeol is reported as a whole word") {
    CHECK(render(diffWords("외국인 근로자는 3회까지 사업장을 변경할 수 있다.",
                           "외국인 근로자는 5회까지 사업장을 변경할 수 있다."))
          == "외국인 근로자는 [-3회까지-]{+5회까지+} 사업장을 변경할 수 있다.");
    // Two-syllable words are too short to refine.
    CHECK(render(diffWords("변경할 수 없다.", "변경할 수 있다."))
          == "변경할 수 [-없다-]{+있다+}.");
    CHECK(render(diffWords("근로자는 사업장을 변경할 수 있다.", "근로자는 변경할 수 있다."))
          == "근로자는 [-사업장을 -]변경할 수 있다.");
}

TEST_CASE("long Hangul words that share a prefix or suffix are refined syllable by syllable") {
    const auto chunks = diffWords("사업장을", "사업장에서");
    CHECK(chunks == std::vector<TextChunk>{{DiffOp::Equal, "사업장"},
                                           {DiffOp::Delete, "을"},
                                           {DiffOp::Insert, "에서"}});
    CHECK(render(diffWords("사용자의 동의", "고용주의 동의")) == "[-사용자-]{+고용주+}의 동의");
    CHECK(render(diffWords("변경하였다", "변경하겠다")) == "변경하[-였-]{+겠+}다");
    CHECK(render(diffWords("사업장", "사업장에서")) == "사업장{+에서+}");
    CHECK(render(diffWords("근로자는 사업장을 변경할 수 있다.",
                           "근로자가 사업장에서 근무할 수 있다."))
          == "근로자[-는-]{+가+} 사업장[-을-]{+에서+} [-변경-]{+근무+}할 수 있다.");
    // Refinement also applies when punctuation next to the word changes.
    CHECK(render(diffWords("사업장을, 변경", "사업장에서. 변경"))
          == "사업장[-을-]{+에서+}[-,-]{+.+} 변경");
}

TEST_CASE("Hangul words that are short or unrelated are not refined") {
    CHECK(render(diffWords("일을 옮긴다", "일에 옮긴다")) == "[-일을-]{+일에+} 옮긴다");
    CHECK(render(diffWords("사업장을 옮긴다", "고용주가 옮긴다"))
          == "[-사업장을-]{+고용주가+} 옮긴다");
    // Mixed-script words are compared as wholes.
    CHECK(render(diffWords("E-9비자를", "E-9비자로")) == "[-E-9비자를-]{+E-9비자로+}");
}

TEST_CASE("mixed Korean/English sentences diff word by word") {
    CHECK(render(diffWords("고용허가제(EPS)에 따라 E-9 비자를 받은 근로자 (worker)",
                           "고용허가제(EPS)에 따라 H-2 비자를 받은 근로자 (employee)"))
          == "고용허가제(EPS)에 따라 [-E-9-]{+H-2+} 비자를 받은 근로자 ([-worker-]{+employee+})");
    CHECK(render(diffWords("The employer's 동의가 필요하다.", "The employers' 동의가 필요하다."))
          == "The [-employer's-]{+employers'+} 동의가 필요하다.");
}

TEST_CASE("whitespace-only changes are no change") {
    const std::string after = "The employer must notify the worker.";
    for (const std::string before : {"The  employer\tmust notify   the worker.",
                                     "  The employer must notify the worker.\n",
                                     "The\u3000employer must\u00A0notify the\r\nworker."}) {
        CAPTURE(before);
        CHECK(diffWords(before, after) == std::vector<TextChunk>{{DiffOp::Equal, after}});
    }
    // Equal whitespace is spelled as in `after`.
    CHECK(diffWords("근로자는 사업장을", "근로자는\u3000 사업장을")
          == std::vector<TextChunk>{{DiffOp::Equal, "근로자는\u3000 사업장을"}});
    CHECK(diffWords("근로자는", "  근로자는  ")
          == std::vector<TextChunk>{{DiffOp::Equal, "  근로자는  "}});
}

TEST_CASE("whether there is a space at all still matters") {
    CHECK(render(diffWords("변경할 수 있다", "변경할수 있다")) == "[-변경할 수-]{+변경할수+} 있다");
    CHECK(render(diffWords("a,b", "a, b")) == "a,{+ +}b");
}

TEST_CASE("reflowed text is no change") {
    const std::string before =
        "외국인 근로자는 사업장을 변경할 수 있다.\nThe employer's consent is\nrequired.";
    const std::string after =
        "외국인 근로자는\n  사업장을 변경할\n  수 있다. The employer's\nconsent is required.";
    CHECK(diffWords(before, after) == std::vector<TextChunk>{{DiffOp::Equal, after}});
    // A real change inside reflowed text is still found, with the new line breaks kept.
    CHECK(render(diffWords(before, "외국인 근로자는\n사업장을 이전할 수 있다.\nThe employer's "
                                   "consent is required."))
          == "외국인 근로자는\n사업장을 [-변경-]{+이전+}할 수 있다.\nThe employer's consent is "
             "required.");
}

TEST_CASE("identical texts give one Equal chunk") {
    const std::string text = "외국인 근로자는 E-9 비자로 입국한다. The employer's consent…";
    CHECK(diffWords(text, text) == std::vector<TextChunk>{{DiffOp::Equal, text}});
}

TEST_CASE("empty before or after gives one Insert or one Delete") {
    CHECK(diffWords("", "").empty());
    CHECK(diffWords("", "새 조항") == std::vector<TextChunk>{{DiffOp::Insert, "새 조항"}});
    CHECK(diffWords("삭제된 조항", "") == std::vector<TextChunk>{{DiffOp::Delete, "삭제된 조항"}});
    CHECK(diffWords("   ", "").empty());
    CHECK(diffWords("", " \n") == std::vector<TextChunk>{{DiffOp::Equal, " \n"}});
}

TEST_CASE("invalid UTF-8 does not crash and round-trips") {
    const std::vector<std::string> inputs = {
        "abc\xff" "def",          // byte that never occurs in UTF-8
        "\x80\x80 lone",          // continuation bytes without a lead
        "근로\xEC\x9E",           // truncated Hangul syllable at the end
        "\xC0\xAF overlong",      // overlong encoding of '/'
        "\xED\xA0\x80 surrogate", // encoded UTF-16 surrogate
        "\xF4\x90\x80\x80 big",   // above U+10FFFF
        std::string("nul\0byte", 8),
    };
    for (const std::string& input : inputs) {
        CAPTURE(input);
        const auto tokens = tokenize(input);
        CHECK(joinTokens(tokens) == input);
        const auto chunks = diffWords(input, "근로자 abc");
        CHECK(rebuildAfter(chunks) == "근로자 abc");
        CHECK(normalizeSpace(rebuildBefore(chunks)) == normalizeSpace(input));
        CHECK(diffWords(input, input) == std::vector<TextChunk>{{DiffOp::Equal, input}});
    }
    // Each invalid byte is its own punctuation token.
    CHECK(tokenize("a\xff\xfe" "b")
          == std::vector<Token>{{TokenKind::Word, "a"}, {TokenKind::Punct, "\xff"},
                                {TokenKind::Punct, "\xfe"}, {TokenKind::Word, "b"}});
    CHECK(render(diffWords("a\xff" "b", "a\xfe" "b")) == "a[-\xff-]{+\xfe+}b");
}

TEST_CASE("tokenize splits words, punctuation marks and whitespace runs") {
    CHECK(tokenize("근로자는「고용허가제」에 따라, 3년간  일한다.")
          == std::vector<Token>{
              {TokenKind::Word, "근로자는"}, {TokenKind::Punct, "「"},
              {TokenKind::Word, "고용허가제"}, {TokenKind::Punct, "」"},
              {TokenKind::Word, "에"}, {TokenKind::Space, " "},
              {TokenKind::Word, "따라"}, {TokenKind::Punct, ","},
              {TokenKind::Space, " "}, {TokenKind::Word, "3년간"},
              {TokenKind::Space, "  "}, {TokenKind::Word, "일한다"},
              {TokenKind::Punct, "."}});
    CHECK(tokenize("the employer's E-9 visa — ‘ok’…")
          == std::vector<Token>{
              {TokenKind::Word, "the"}, {TokenKind::Space, " "},
              {TokenKind::Word, "employer's"}, {TokenKind::Space, " "},
              {TokenKind::Word, "E-9"}, {TokenKind::Space, " "},
              {TokenKind::Word, "visa"}, {TokenKind::Space, " "},
              {TokenKind::Punct, "—"}, {TokenKind::Space, " "},
              {TokenKind::Punct, "‘"}, {TokenKind::Word, "ok"},
              {TokenKind::Punct, "’"}, {TokenKind::Punct, "…"}});
}

TEST_CASE("an apostrophe or hyphen stays in a word only between letters") {
    CHECK(tokenize("employer’s")
          == std::vector<Token>{{TokenKind::Word, "employer’s"}});
    CHECK(tokenize("'quoted' -x- co--op")
          == std::vector<Token>{
              {TokenKind::Punct, "'"}, {TokenKind::Word, "quoted"},
              {TokenKind::Punct, "'"}, {TokenKind::Space, " "},
              {TokenKind::Punct, "-"}, {TokenKind::Word, "x"},
              {TokenKind::Punct, "-"}, {TokenKind::Space, " "},
              {TokenKind::Word, "co"}, {TokenKind::Punct, "-"},
              {TokenKind::Punct, "-"}, {TokenKind::Word, "op"}});
}

TEST_CASE("tokenize knows letters of other scripts and CJK punctuation") {
    CHECK(tokenize("Ελλάδα、Москва。ひらがなカタカナ漢字·café×2")
          == std::vector<Token>{
              {TokenKind::Word, "Ελλάδα"}, {TokenKind::Punct, "、"},
              {TokenKind::Word, "Москва"}, {TokenKind::Punct, "。"},
              {TokenKind::Word, "ひらがなカタカナ漢字"}, {TokenKind::Punct, "·"},
              {TokenKind::Word, "café"}, {TokenKind::Punct, "×"},
              {TokenKind::Word, "2"}});
    CHECK(tokenize("“인용”–끝")
          == std::vector<Token>{{TokenKind::Punct, "“"}, {TokenKind::Word, "인용"},
                                {TokenKind::Punct, "”"}, {TokenKind::Punct, "–"},
                                {TokenKind::Word, "끝"}});
}

TEST_CASE("normalizeSpace collapses every kind of whitespace and trims") {
    CHECK(normalizeSpace("  a \t b\r\n\nc\u3000\u00A0d  ") == "a b c d");
    CHECK(normalizeSpace("근로자는\u3000사업장을") == "근로자는 사업장을");
    CHECK(normalizeSpace(" \n\t ").empty());
    CHECK(normalizeSpace("").empty());
    CHECK(normalizeSpace("a\xff  b") == "a\xff b");
}

TEST_CASE("Equal+Delete rebuilds before and Equal+Insert rebuilds after, for random edits") {
    SplitMix64 rng(20240611);
    const std::string before = joinWith(kSentence, nullptr);
    for (int round = 0; round < 48; ++round) {
        const std::string after = joinWith(editSentence(rng), nullptr);
        CAPTURE(after);
        const auto chunks = diffWords(before, after);
        CHECK(rebuildBefore(chunks) == before);
        CHECK(rebuildAfter(chunks) == after);
        CHECK(isCoalesced(chunks));
        // And in the other direction, which swaps the roles of deletes and inserts.
        const auto reversed = diffWords(after, before);
        CHECK(rebuildBefore(reversed) == after);
        CHECK(rebuildAfter(reversed) == before);
    }
}

TEST_CASE("with changed whitespace, after is rebuilt exactly and before up to spacing") {
    SplitMix64 rng(7);
    const std::string plainBefore = joinWith(kSentence, nullptr);
    for (int round = 0; round < 32; ++round) {
        const bool editWords = round % 2 == 0;
        const std::string before = joinWith(kSentence, &rng) + (round % 3 == 0 ? "\n" : "");
        const std::string after =
            (round % 4 == 0 ? "  " : "") + joinWith(editWords ? editSentence(rng) : kSentence, &rng);
        CAPTURE(before);
        CAPTURE(after);
        const auto chunks = diffWords(before, after);
        CHECK(rebuildAfter(chunks) == after);
        CHECK(normalizeSpace(rebuildBefore(chunks)) == normalizeSpace(before));
        CHECK(isCoalesced(chunks));
        if (!editWords) {
            CHECK(chunks == std::vector<TextChunk>{{DiffOp::Equal, after}});
        }
    }
}

TEST_CASE("diffSequences finds 3 edits in a 20,000-token sequence") {
    SplitMix64 rng(42);
    const std::vector<std::string> a = randomWords(rng, 20000, 300, "w");
    std::vector<std::string> b = a;
    // Edits applied back to front so the positions refer to `a`.
    b.insert(b.begin() + 15000, {"new1", "new2", "new3"});
    b.erase(b.begin() + 10000, b.begin() + 10002);
    b[5000] = "changed";

    const auto script = diffSequences(a, b);
    CHECK(transforms(script, a, b));
    CHECK(total(script, DiffOp::Delete) == 3);
    CHECK(total(script, DiffOp::Insert) == 4);
    CHECK(total(script, DiffOp::Equal) == 20000 - 3);
    CHECK(script.size() <= 8);
    REQUIRE(!script.empty());
    CHECK(script.front() == std::pair<DiffOp, std::size_t>{DiffOp::Equal, 5000});
}

TEST_CASE("diffSequences gives a minimal script") {
    SplitMix64 rng(1);
    for (int round = 0; round < 300; ++round) {
        const auto a = randomWords(rng, rng.below(40), 4, "");
        const auto b = randomWords(rng, rng.below(40), 4, "");
        const auto script = diffSequences(a, b);
        CAPTURE(round);
        CHECK(transforms(script, a, b));
        CHECK(total(script, DiffOp::Equal) == lcsLength(a, b));
    }
    CHECK(diffSequences({}, {}).empty());
    CHECK(diffSequences({"a"}, {})
          == std::vector<std::pair<DiffOp, std::size_t>>{{DiffOp::Delete, 1}});
    CHECK(diffSequences({}, {"a", "b"})
          == std::vector<std::pair<DiffOp, std::size_t>>{{DiffOp::Insert, 2}});
}

TEST_CASE("diffSequences stays valid and bounded on very different 5,000-token texts") {
    SplitMix64 rng(99);
    SUBCASE("shared small vocabulary, so many scattered matches") {
        const auto a = randomWords(rng, 5000, 40, "w");
        const auto b = randomWords(rng, 5000, 40, "w");
        const auto script = diffSequences(a, b);
        CHECK(transforms(script, a, b));
        // Random texts over 40 words still share a long common subsequence.
        CHECK(total(script, DiffOp::Equal) > 1000);
    }
    SUBCASE("nothing in common") {
        const auto a = randomWords(rng, 5000, 1000, "a");
        const auto b = randomWords(rng, 5000, 1000, "b");
        CHECK(diffSequences(a, b)
              == std::vector<std::pair<DiffOp, std::size_t>>{{DiffOp::Delete, 5000},
                                                             {DiffOp::Insert, 5000}});
    }
    SUBCASE("a common middle survives between two unrelated ends") {
        auto a = randomWords(rng, 5000, 1000, "a");
        auto b = randomWords(rng, 5000, 1000, "b");
        const auto middle = randomWords(rng, 2000, 1000, "m");
        a.insert(a.begin() + 2500, middle.begin(), middle.end());
        b.insert(b.begin() + 2500, middle.begin(), middle.end());
        const auto script = diffSequences(a, b);
        CHECK(transforms(script, a, b));
        CHECK(total(script, DiffOp::Equal) == 2000);
    }
}

} // TEST_SUITE
