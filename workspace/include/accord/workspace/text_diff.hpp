#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace accord::workspace {

/// What happened to a piece of text or a run of sequence elements.
enum class DiffOp {
    Equal,   ///< present in both; for text, spelled as in `after`
    Insert,  ///< present only in `after`
    Delete,  ///< present only in `before`
};

/// A run of text that shares one diff operation.
struct TextChunk {
    DiffOp op;
    std::string text;
    bool operator==(const TextChunk&) const = default;
};

/// The three kinds of token a text is split into.
enum class TokenKind {
    Word,   ///< letters/digits of any supported script, possibly joined by ' ’ - inside
    Space,  ///< a maximal run of whitespace
    Punct,  ///< one punctuation mark, symbol, or one invalid UTF-8 byte
};

/// One token; `text` is the exact bytes of the input it covers.
struct Token {
    TokenKind kind;
    std::string text;
    bool operator==(const Token&) const = default;
};

/// Splits UTF-8 text into words (runs of letters/digits of any script, Hangul syllables
/// included; an apostrophe or hyphen between letters stays inside the word, e.g.
/// "employer's", "E-9"), single punctuation marks (ASCII and common CJK/Unicode punctuation
/// such as 、。「」『』“” ‘’ … · –—), and whitespace runs.
///
/// Never fails: each byte that is not part of a valid UTF-8 sequence becomes its own Punct
/// token. Concatenating the tokens' text always gives back `utf8` byte for byte.
[[nodiscard]] std::vector<Token> tokenize(std::string_view utf8);

/// Word-level diff of two texts. Adjacent chunks of the same op are coalesced;
/// concatenating Equal+Delete chunks gives `before`, Equal+Insert gives `after`.
/// When a deleted word and an inserted word are both Hangul and long (3+ syllables) and share
/// a prefix or suffix, the pair is refined syllable by syllable (e.g. 사업장을 → 사업장에서
/// shows only 을→에서 changed). Whitespace differences between the same words are reported as
/// Equal (use the `after` spacing) — whitespace is not significant beyond one space between
/// words.
///
/// Precisely:
/// - Refining keeps the syllables the two words share at their start and end as Equal and
///   shows the middle as one Delete and one Insert (변경하였다 → 변경하겠다: 였→겠).
/// - Equal+Insert chunks concatenate to `after` exactly.
/// - Equal+Delete chunks concatenate to `before` exactly when whitespace is unchanged, and
///   otherwise to a text with `normalizeSpace(...) == normalizeSpace(before)`, because Equal
///   whitespace carries the `after` spelling and leading/trailing whitespace of `before`
///   is not reported.
/// - The result is all Equal (a single chunk, or none for two empty texts) exactly when
///   `normalizeSpace(before) == normalizeSpace(after)`. Whether there is a space between two
///   tokens still matters ("할 수" vs "할수", "a,b" vs "a, b" are changes).
/// - Within one change, the Delete chunk comes before the Insert chunk. Neighbouring replaced
///   words separated by a single space are shown as one replacement ("must notify" →
///   "shall inform"), unless they are refined syllable by syllable.
[[nodiscard]] std::vector<TextChunk> diffWords(std::string_view before, std::string_view after);

/// Collapses whitespace runs (ASCII space, tab, CR, LF, and U+3000 ideographic space, U+00A0)
/// to one ASCII space and trims both ends. Other Unicode spaces (VT, FF, U+0085, U+1680,
/// U+2000–U+200A, U+2028, U+2029, U+202F, U+205F) count as whitespace too, the same set
/// `tokenize` uses. Invalid UTF-8 bytes are copied unchanged.
[[nodiscard]] std::string normalizeSpace(std::string_view utf8);

/// Minimal edit script turning `a` into `b`, as runs of (op, element count): Equal consumes
/// from both, Delete from `a`, Insert from `b`. Computed with Myers' O(ND) algorithm in its
/// linear-space form, so memory stays O(|a| + |b|).
///
/// The script is canonical: runs are non-empty, no two neighbours share an op, and between
/// two Equal runs there is at most one Delete run followed by at most one Insert run.
/// For very different inputs (more than about 2,000 edits in one region) the search is cut
/// off and the region is split at the furthest point reached, so the script stays valid but
/// may be slightly longer than minimal; run time stays near O((|a| + |b|) · 1024).
[[nodiscard]] std::vector<std::pair<DiffOp, std::size_t>> diffSequences(
    const std::vector<std::string>& a, const std::vector<std::string>& b);

/// diffSequences of elements already numbered: equal numbers are equal elements.
[[nodiscard]] std::vector<std::pair<DiffOp, std::size_t>> diffNumbered(
    const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b);

/// How alike two texts are: the words they share over all their words (Dice), 0…1.
[[nodiscard]] double similarity(std::string_view a, std::string_view b);

/// Pairs items of `a` with items of `b` in order, maximising the total similarity,
/// keeping only pairs at least `threshold` alike: which paragraph became which.
[[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> alignSimilar(const std::vector<std::string>& a,
                                                                            const std::vector<std::string>& b,
                                                                            double threshold = 0.5);

} // namespace accord::workspace
