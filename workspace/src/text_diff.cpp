#include "accord/workspace/text_diff.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace accord::workspace {
namespace detail {
namespace {

// ---------------------------------------------------------------------------------------------
// UTF-8 decoding and character classes

struct Decoded {
    char32_t codePoint;
    std::size_t length;  // bytes consumed; 1 for an invalid byte so callers always advance
    bool valid;
};

// Strict decoder (no overlongs, surrogates or values above U+10FFFF), so every byte is
// either inside exactly one valid sequence or reported on its own as invalid.
Decoded decodeAt(std::string_view text, std::size_t pos) {
    const auto byteAt = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byteAt(pos);
    const Decoded invalid{U'\uFFFD', 1, false};
    if (lead < 0x80U) {
        return {static_cast<char32_t>(lead), 1, true};
    }
    std::size_t length = 0;
    std::uint32_t value = 0;
    unsigned char secondMin = 0x80U;
    unsigned char secondMax = 0xBFU;
    if (lead >= 0xC2U && lead <= 0xDFU) {
        length = 2;
        value = lead & 0x1FU;
    } else if (lead >= 0xE0U && lead <= 0xEFU) {
        length = 3;
        value = lead & 0x0FU;
        if (lead == 0xE0U) {
            secondMin = 0xA0U;  // rejects overlong 3-byte forms
        } else if (lead == 0xEDU) {
            secondMax = 0x9FU;  // rejects UTF-16 surrogates
        }
    } else if (lead >= 0xF0U && lead <= 0xF4U) {
        length = 4;
        value = lead & 0x07U;
        if (lead == 0xF0U) {
            secondMin = 0x90U;  // rejects overlong 4-byte forms
        } else if (lead == 0xF4U) {
            secondMax = 0x8FU;  // rejects values above U+10FFFF
        }
    } else {
        return invalid;
    }
    if (text.size() - pos < length) {
        return invalid;
    }
    for (std::size_t i = 1; i < length; ++i) {
        const unsigned char byte = byteAt(pos + i);
        const unsigned char min = i == 1 ? secondMin : static_cast<unsigned char>(0x80U);
        const unsigned char max = i == 1 ? secondMax : static_cast<unsigned char>(0xBFU);
        if (byte < min || byte > max) {
            return invalid;
        }
        value = (value << 6U) | (byte & 0x3FU);
    }
    return {static_cast<char32_t>(value), length, true};
}

enum class CharClass { Letter, Space, Punct };

bool isSpaceCodePoint(char32_t c) {
    return c == U' ' || (c >= U'\t' && c <= U'\r') || c == U'\u0085' || c == U'\u00A0'
        || c == U'\u1680' || (c >= U'\u2000' && c <= U'\u200A') || c == U'\u2028'
        || c == U'\u2029' || c == U'\u202F' || c == U'\u205F' || c == U'\u3000';
}

bool inRange(char32_t c, char32_t first, char32_t last) { return c >= first && c <= last; }

bool isLetterCodePoint(char32_t c) {
    if (c < 0x80) {
        return inRange(c, U'0', U'9') || inRange(c, U'A', U'Z') || inRange(c, U'a', U'z');
    }
    return (inRange(c, U'\u00C0', U'\u024F') && c != U'\u00D7' && c != U'\u00F7')
        || inRange(c, U'\u0300', U'\u036F')  // combining accents keep decomposed "é" in one word
        || (inRange(c, U'\u0370', U'\u03FF') && c != U'\u037E' && c != U'\u0387')
        || inRange(c, U'\u0400', U'\u052F')                                    // Cyrillic
        || inRange(c, U'\u1100', U'\u11FF')                                    // Hangul Jamo
        || inRange(c, U'\u1E00', U'\u1FFF')  // Latin Extended Additional, Greek Extended
        || c == U'\u3005'                                                      // 々
        || inRange(c, U'\u3041', U'\u309F')                                    // Hiragana
        || (inRange(c, U'\u30A1', U'\u30FF') && c != U'\u30FB')  // Katakana without ・
        || inRange(c, U'\u3130', U'\u318F')                      // Hangul compatibility Jamo
        || inRange(c, U'\u31F0', U'\u31FF')                      // Katakana extension
        || inRange(c, U'\u3400', U'\u4DBF') || inRange(c, U'\u4E00', U'\u9FFF')  // CJK
        || inRange(c, U'\uA960', U'\uA97F')                      // Hangul Jamo Extended-A
        || inRange(c, U'\uAC00', U'\uD7A3')                      // Hangul syllables
        || inRange(c, U'\uD7B0', U'\uD7FF')                      // Hangul Jamo Extended-B
        || inRange(c, U'\uF900', U'\uFAFF')                      // CJK compatibility
        || inRange(c, U'\uFF10', U'\uFF19') || inRange(c, U'\uFF21', U'\uFF3A')
        || inRange(c, U'\uFF41', U'\uFF5A')   // fullwidth digits and Latin letters
        || inRange(c, U'\uFF66', U'\uFFDC')   // halfwidth Katakana and Hangul
        || inRange(c, U'\U00020000', U'\U0002FA1F');  // CJK extensions B and later
}

CharClass classify(const Decoded& d) {
    if (!d.valid) {
        return CharClass::Punct;
    }
    if (isLetterCodePoint(d.codePoint)) {
        return CharClass::Letter;
    }
    return isSpaceCodePoint(d.codePoint) ? CharClass::Space : CharClass::Punct;
}

// Marks that belong to a word when letters surround them: employer's, employer’s, E-9.
bool isWordJoiner(char32_t c) {
    return c == U'\'' || c == U'\u2019' || c == U'-' || c == U'\u2010' || c == U'\u2011';
}

bool isHangulSyllable(char32_t c) { return inRange(c, U'\uAC00', U'\uD7A3'); }

// ---------------------------------------------------------------------------------------------
// Tokenizing into byte spans (diffWords works on views; tokenize() copies them out)

struct TokenSpan {
    TokenKind kind;
    std::size_t begin;
    std::size_t end;
};

std::vector<TokenSpan> tokenizeSpans(std::string_view text) {
    std::vector<TokenSpan> spans;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const Decoded first = decodeAt(text, pos);
        const CharClass cls = classify(first);
        std::size_t end = pos + first.length;
        TokenKind kind = TokenKind::Punct;
        if (cls == CharClass::Space) {
            kind = TokenKind::Space;
            while (end < text.size()) {
                const Decoded next = decodeAt(text, end);
                if (classify(next) != CharClass::Space) {
                    break;
                }
                end += next.length;
            }
        } else if (cls == CharClass::Letter) {
            kind = TokenKind::Word;
            while (end < text.size()) {
                const Decoded next = decodeAt(text, end);
                if (classify(next) == CharClass::Letter) {
                    end += next.length;
                    continue;
                }
                const std::size_t afterJoiner = end + next.length;
                if (next.valid && isWordJoiner(next.codePoint) && afterJoiner < text.size()) {
                    const Decoded following = decodeAt(text, afterJoiner);
                    if (classify(following) == CharClass::Letter) {
                        end = afterJoiner + following.length;
                        continue;
                    }
                }
                break;
            }
        }
        spans.push_back({kind, pos, end});
        pos = end;
    }
    return spans;
}

// ---------------------------------------------------------------------------------------------
// Myers' O(ND) difference algorithm, linear-space (divide and conquer on the middle snake)

using Script = std::vector<std::pair<DiffOp, std::size_t>>;
using Index = std::ptrdiff_t;

// Half of the edit distance searched before giving up on an optimal split; bounds the work per
// region to about (n + m) * kMaxHalfCost when two texts have almost nothing in common.
constexpr Index kMaxHalfCost = 1024;

class MyersDiff {
public:
    MyersDiff(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b)
        : a_(a.data()), b_(b.data()), aSize_(static_cast<Index>(a.size())),
          bSize_(static_cast<Index>(b.size())) {}

    Script run() {
        compare(0, aSize_, 0, bSize_);
        return canonical();
    }

private:
    void compare(Index a0, Index a1, Index b0, Index b1) {
        Index prefix = 0;
        while (a0 + prefix < a1 && b0 + prefix < b1 && a_[a0 + prefix] == b_[b0 + prefix]) {
            ++prefix;
        }
        emit(DiffOp::Equal, prefix);
        a0 += prefix;
        b0 += prefix;
        Index suffix = 0;
        while (a0 < a1 - suffix && b0 < b1 - suffix
               && a_[a1 - suffix - 1] == b_[b1 - suffix - 1]) {
            ++suffix;
        }
        a1 -= suffix;
        b1 -= suffix;
        if (a0 == a1) {
            emit(DiffOp::Insert, b1 - b0);
        } else if (b0 == b1) {
            emit(DiffOp::Delete, a1 - a0);
        } else {
            bisect(a0, a1, b0, b1);
        }
        emit(DiffOp::Equal, suffix);
    }

    // Follows diff-match-patch's diff_bisect: forward and reverse searches meet in the middle.
    void bisect(Index a0, Index a1, Index b0, Index b1) {
        const Index n = a1 - a0;
        const Index m = b1 - b0;
        const Index maxD = (n + m + 1) / 2;
        const Index limit = std::min(maxD, kMaxHalfCost);
        const Index offset = limit + 1;
        const Index width = 2 * limit + 3;
        forward_.assign(static_cast<std::size_t>(width), -1);
        reverse_.assign(static_cast<std::size_t>(width), -1);
        Index* v1 = forward_.data();
        Index* v2 = reverse_.data();
        v1[offset + 1] = 0;
        v2[offset + 1] = 0;
        const Index delta = n - m;
        const bool front = delta % 2 != 0;  // odd delta: paths meet during a forward step
        Index k1Start = 0;
        Index k1End = 0;
        Index k2Start = 0;
        Index k2End = 0;
        for (Index d = 0; d < limit; ++d) {
            for (Index k1 = -d + k1Start; k1 <= d - k1End; k1 += 2) {
                const Index k1Offset = offset + k1;
                Index x1 = (k1 == -d || (k1 != d && v1[k1Offset - 1] < v1[k1Offset + 1]))
                    ? v1[k1Offset + 1]
                    : v1[k1Offset - 1] + 1;
                Index y1 = x1 - k1;
                while (x1 < n && y1 < m && a_[a0 + x1] == b_[b0 + y1]) {
                    ++x1;
                    ++y1;
                }
                v1[k1Offset] = x1;
                if (x1 > n) {
                    k1End += 2;  // ran off the right edge
                } else if (y1 > m) {
                    k1Start += 2;  // ran off the bottom edge
                } else if (front) {
                    const Index k2Offset = offset + delta - k1;
                    if (k2Offset >= 0 && k2Offset < width && v2[k2Offset] != -1
                        && x1 >= n - v2[k2Offset]) {
                        split(a0, a1, b0, b1, x1, y1);
                        return;
                    }
                }
            }
            for (Index k2 = -d + k2Start; k2 <= d - k2End; k2 += 2) {
                const Index k2Offset = offset + k2;
                Index x2 = (k2 == -d || (k2 != d && v2[k2Offset - 1] < v2[k2Offset + 1]))
                    ? v2[k2Offset + 1]
                    : v2[k2Offset - 1] + 1;
                Index y2 = x2 - k2;
                while (x2 < n && y2 < m && a_[a1 - x2 - 1] == b_[b1 - y2 - 1]) {
                    ++x2;
                    ++y2;
                }
                v2[k2Offset] = x2;
                if (x2 > n) {
                    k2End += 2;
                } else if (y2 > m) {
                    k2Start += 2;
                } else if (!front) {
                    const Index k1Offset = offset + delta - k2;
                    if (k1Offset >= 0 && k1Offset < width && v1[k1Offset] != -1) {
                        const Index x1 = v1[k1Offset];
                        const Index y1 = offset + x1 - k1Offset;
                        if (x1 >= n - x2) {
                            split(a0, a1, b0, b1, x1, y1);
                            return;
                        }
                    }
                }
            }
        }
        if (limit < maxD) {
            splitAtFurthest(a0, a1, b0, b1, offset, width);
            return;
        }
        // A full search without overlap means nothing in common.
        emit(DiffOp::Delete, n);
        emit(DiffOp::Insert, m);
    }

    // Too expensive to finish: split where either search got furthest, which keeps the script
    // valid and makes progress of at least kMaxHalfCost elements per round.
    void splitAtFurthest(Index a0, Index a1, Index b0, Index b1, Index offset, Index width) {
        const Index n = a1 - a0;
        const Index m = b1 - b0;
        const Index delta = n - m;
        Index bestX = 0;
        Index bestY = 0;
        Index bestProgress = 0;
        Index bestDrift = 0;
        // Among equally far points prefer the one nearest the straight line to the far corner,
        // so a long run of matches further on is not cut off by drifting to one edge.
        const auto consider = [&](Index x, Index y, Index k, bool reversed) {
            if (x < 0 || x > n || y < 0 || y > m) {
                return;
            }
            const Index progress = x + y;
            const Index offLine = k * (n + m) - delta * progress;
            const Index drift = offLine < 0 ? -offLine : offLine;
            if (progress > bestProgress || (progress == bestProgress && drift < bestDrift)) {
                bestX = reversed ? n - x : x;
                bestY = reversed ? m - y : y;
                bestProgress = progress;
                bestDrift = drift;
            }
        };
        for (Index i = 0; i < width; ++i) {
            const Index k = i - offset;
            const Index x1 = forward_[static_cast<std::size_t>(i)];
            consider(x1, x1 - k, k, false);
            const Index x2 = reverse_[static_cast<std::size_t>(i)];
            consider(x2, x2 - k, k, true);
        }
        if (bestProgress == 0 || bestProgress == n + m) {
            emit(DiffOp::Delete, n);
            emit(DiffOp::Insert, m);
            return;
        }
        split(a0, a1, b0, b1, bestX, bestY);
    }

    void split(Index a0, Index a1, Index b0, Index b1, Index x, Index y) {
        if ((x == 0 && y == 0) || (x == a1 - a0 && y == b1 - b0)) {
            // Cannot happen for a middle snake; guards against endless recursion regardless.
            emit(DiffOp::Delete, a1 - a0);
            emit(DiffOp::Insert, b1 - b0);
            return;
        }
        compare(a0, a0 + x, b0, b0 + y);
        compare(a0 + x, a1, b0 + y, b1);
    }

    void emit(DiffOp op, Index count) {
        if (count <= 0) {
            return;
        }
        const auto size = static_cast<std::size_t>(count);
        if (!raw_.empty() && raw_.back().first == op) {
            raw_.back().second += size;
        } else {
            raw_.emplace_back(op, size);
        }
    }

    // One Delete then one Insert between Equal runs, so callers can pair changes directly.
    Script canonical() const {
        Script script;
        std::size_t deleted = 0;
        std::size_t inserted = 0;
        const auto flush = [&] {
            if (deleted > 0) {
                script.emplace_back(DiffOp::Delete, deleted);
            }
            if (inserted > 0) {
                script.emplace_back(DiffOp::Insert, inserted);
            }
            deleted = 0;
            inserted = 0;
        };
        for (const auto& [op, count] : raw_) {
            if (op == DiffOp::Delete) {
                deleted += count;
            } else if (op == DiffOp::Insert) {
                inserted += count;
            } else {
                flush();
                script.emplace_back(op, count);
            }
        }
        flush();
        return script;
    }

    const std::uint32_t* a_;
    const std::uint32_t* b_;
    Index aSize_;
    Index bSize_;
    std::vector<Index> forward_;
    std::vector<Index> reverse_;
    Script raw_;
};

Script diffIds(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
    return MyersDiff(a, b).run();
}

// Maps equal strings to equal small integers so the diff compares integers, not strings.
class Interner {
public:
    std::uint32_t idOf(std::string_view key) {
        return ids_.try_emplace(key, static_cast<std::uint32_t>(ids_.size())).first->second;
    }

private:
    std::unordered_map<std::string_view, std::uint32_t> ids_;
};

// ---------------------------------------------------------------------------------------------
// Building chunks

class ChunkBuilder {
public:
    void add(DiffOp op, std::string_view text) {
        if (text.empty()) {
            return;
        }
        if (!chunks_.empty() && chunks_.back().op == op) {
            chunks_.back().text.append(text);
        } else {
            chunks_.push_back({op, std::string(text)});
        }
    }

    std::vector<TextChunk> take() { return std::move(chunks_); }

private:
    std::vector<TextChunk> chunks_;
};

struct Syllables {
    std::vector<std::uint32_t> codePoints;
    std::vector<std::size_t> offsets;  // byte offset of each syllable, plus the end
};

// Empty unless the word is made only of Hangul syllables.
Syllables hangulSyllables(std::string_view word) {
    Syllables result;
    std::size_t pos = 0;
    while (pos < word.size()) {
        const Decoded d = decodeAt(word, pos);
        if (!d.valid || !isHangulSyllable(d.codePoint)) {
            return {};
        }
        result.codePoints.push_back(static_cast<std::uint32_t>(d.codePoint));
        result.offsets.push_back(pos);
        pos += d.length;
    }
    result.offsets.push_back(pos);
    return result;
}

constexpr std::size_t kMinRefinedSyllables = 3;

bool isRefinablePair(std::string_view oldWord, std::string_view newWord) {
    const Syllables oldSyllables = hangulSyllables(oldWord);
    const Syllables newSyllables = hangulSyllables(newWord);
    const auto& o = oldSyllables.codePoints;
    const auto& n = newSyllables.codePoints;
    if (o.size() < kMinRefinedSyllables || n.size() < kMinRefinedSyllables) {
        return false;
    }
    return o.front() == n.front() || o.back() == n.back();
}

// Only the common prefix and suffix are kept: Korean edits sit at word edges (particles,
// endings, stems), and interior coincidences like 사용자의 → 고용주의 sharing 용 are noise.
void addRefinedPair(std::string_view oldWord, std::string_view newWord, ChunkBuilder& out) {
    const Syllables oldSyllables = hangulSyllables(oldWord);
    const Syllables newSyllables = hangulSyllables(newWord);
    const auto& o = oldSyllables.codePoints;
    const auto& n = newSyllables.codePoints;
    const std::size_t shorter = std::min(o.size(), n.size());
    std::size_t prefix = 0;
    while (prefix < shorter && o[prefix] == n[prefix]) {
        ++prefix;
    }
    std::size_t suffix = 0;
    while (suffix < shorter - prefix && o[o.size() - 1 - suffix] == n[n.size() - 1 - suffix]) {
        ++suffix;
    }
    const std::size_t oldMiddleEnd = oldSyllables.offsets[o.size() - suffix];
    const std::size_t newMiddleEnd = newSyllables.offsets[n.size() - suffix];
    const std::size_t oldMiddleBegin = oldSyllables.offsets[prefix];
    const std::size_t newMiddleBegin = newSyllables.offsets[prefix];
    out.add(DiffOp::Equal, newWord.substr(0, newMiddleBegin));
    out.add(DiffOp::Delete, oldWord.substr(oldMiddleBegin, oldMiddleEnd - oldMiddleBegin));
    out.add(DiffOp::Insert, newWord.substr(newMiddleBegin, newMiddleEnd - newMiddleBegin));
    out.add(DiffOp::Equal, newWord.substr(newMiddleEnd));
}

// A stretch of the token-level script: equal tokens, or one change (deleted then inserted).
struct Segment {
    bool equal;
    std::size_t beforeBegin;
    std::size_t beforeEnd;
    std::size_t afterBegin;
    std::size_t afterEnd;
    bool refined;  // change whose tokens pair up one to one, with a Hangul pair to refine
};

class WordDiff {
public:
    WordDiff(std::string_view before, std::string_view after)
        : before_(before), after_(after), beforeTokens_(tokenizeSpans(before)),
          afterTokens_(tokenizeSpans(after)) {}

    std::vector<TextChunk> run() {
        const auto [beforeFirst, beforeLast] = coreRange(beforeTokens_);
        const auto [afterFirst, afterLast] = coreRange(afterTokens_);

        // Leading/trailing space is never significant: keep after's, drop before's.
        for (std::size_t i = 0; i < afterFirst; ++i) {
            out_.add(DiffOp::Equal, afterText(i));
        }

        Interner interner;
        const auto keys = [&](const std::vector<TokenSpan>& tokens, std::string_view text,
                              std::size_t first, std::size_t last) {
            std::vector<std::uint32_t> ids;
            ids.reserve(last - first);
            for (std::size_t i = first; i < last; ++i) {
                const TokenSpan& t = tokens[i];
                // Every whitespace run gets the same key: only its presence matters.
                ids.push_back(interner.idOf(t.kind == TokenKind::Space
                                                ? std::string_view(" ")
                                                : text.substr(t.begin, t.end - t.begin)));
            }
            return ids;
        };
        const Script script = diffIds(keys(beforeTokens_, before_, beforeFirst, beforeLast),
                                      keys(afterTokens_, after_, afterFirst, afterLast));

        emitSegments(mergeReplacements(segmentsOf(script, beforeFirst, afterFirst)));

        for (std::size_t i = afterLast; i < afterTokens_.size(); ++i) {
            out_.add(DiffOp::Equal, afterText(i));
        }
        return out_.take();
    }

private:
    static std::pair<std::size_t, std::size_t> coreRange(const std::vector<TokenSpan>& tokens) {
        std::size_t first = 0;
        std::size_t last = tokens.size();
        while (first < last && tokens[first].kind == TokenKind::Space) {
            ++first;
        }
        while (last > first && tokens[last - 1].kind == TokenKind::Space) {
            --last;
        }
        if (first == last) {
            first = last = tokens.size();  // all space: treat it as leading space
        }
        return {first, last};
    }

    std::string_view beforeText(std::size_t i) const {
        const TokenSpan& t = beforeTokens_[i];
        return before_.substr(t.begin, t.end - t.begin);
    }

    std::string_view afterText(std::size_t i) const {
        const TokenSpan& t = afterTokens_[i];
        return after_.substr(t.begin, t.end - t.begin);
    }

    // Text of a token range, as one view into the original string.
    static std::string_view rangeText(std::string_view text, const std::vector<TokenSpan>& tokens,
                                      std::size_t begin, std::size_t end) {
        if (begin == end) {
            return {};
        }
        return text.substr(tokens[begin].begin, tokens[end - 1].end - tokens[begin].begin);
    }

    std::vector<Segment> segmentsOf(const Script& script, std::size_t beforePos,
                                    std::size_t afterPos) const {
        std::vector<Segment> segments;
        for (const auto& [op, count] : script) {
            if (op == DiffOp::Equal) {
                segments.push_back(
                    {true, beforePos, beforePos + count, afterPos, afterPos + count, false});
                beforePos += count;
                afterPos += count;
                continue;
            }
            // The canonical script puts Delete right before Insert, so one change is one segment.
            if (segments.empty() || segments.back().equal) {
                segments.push_back({false, beforePos, beforePos, afterPos, afterPos, false});
            }
            Segment& change = segments.back();
            if (op == DiffOp::Delete) {
                beforePos += count;
                change.beforeEnd = beforePos;
            } else {
                afterPos += count;
                change.afterEnd = afterPos;
            }
        }
        for (Segment& s : segments) {
            s.refined = !s.equal && isRefinableChange(s);
        }
        return segments;
    }

    bool isRefinableChange(const Segment& s) const {
        if (s.beforeEnd - s.beforeBegin != s.afterEnd - s.afterBegin) {
            return false;
        }
        bool anyHangulPair = false;
        for (std::size_t i = 0; i < s.beforeEnd - s.beforeBegin; ++i) {
            const TokenSpan& oldToken = beforeTokens_[s.beforeBegin + i];
            const TokenSpan& newToken = afterTokens_[s.afterBegin + i];
            if (oldToken.kind != newToken.kind) {
                return false;
            }
            anyHangulPair = anyHangulPair
                || (oldToken.kind == TokenKind::Word
                    && isRefinablePair(beforeText(s.beforeBegin + i), afterText(s.afterBegin + i)));
        }
        return anyHangulPair;
    }

    bool isReplacement(const Segment& s) const {
        return !s.equal && !s.refined && s.beforeEnd > s.beforeBegin && s.afterEnd > s.afterBegin;
    }

    bool isSingleSpace(const Segment& s) const {
        return s.equal && s.beforeEnd - s.beforeBegin == 1
            && beforeTokens_[s.beforeBegin].kind == TokenKind::Space;
    }

    // "must notify" → "shall inform" reads better as one replacement than two split by a space.
    std::vector<Segment> mergeReplacements(const std::vector<Segment>& segments) const {
        std::vector<Segment> merged;
        for (std::size_t i = 0; i < segments.size(); ++i) {
            if (i + 1 < segments.size() && isSingleSpace(segments[i]) && !merged.empty()
                && isReplacement(merged.back()) && isReplacement(segments[i + 1])) {
                merged.back().beforeEnd = segments[i + 1].beforeEnd;
                merged.back().afterEnd = segments[i + 1].afterEnd;
                ++i;
                continue;
            }
            merged.push_back(segments[i]);
        }
        return merged;
    }

    void emitSegments(const std::vector<Segment>& segments) {
        for (const Segment& s : segments) {
            if (s.equal) {
                out_.add(DiffOp::Equal, rangeText(after_, afterTokens_, s.afterBegin, s.afterEnd));
            } else if (s.refined) {
                for (std::size_t i = 0; i < s.beforeEnd - s.beforeBegin; ++i) {
                    const std::string_view oldText = beforeText(s.beforeBegin + i);
                    const std::string_view newText = afterText(s.afterBegin + i);
                    const bool bothSpace =
                        beforeTokens_[s.beforeBegin + i].kind == TokenKind::Space;
                    if (isRefinablePair(oldText, newText)) {
                        addRefinedPair(oldText, newText, out_);
                    } else if (bothSpace || oldText == newText) {
                        out_.add(DiffOp::Equal, newText);
                    } else {
                        out_.add(DiffOp::Delete, oldText);
                        out_.add(DiffOp::Insert, newText);
                    }
                }
            } else {
                out_.add(DiffOp::Delete,
                         rangeText(before_, beforeTokens_, s.beforeBegin, s.beforeEnd));
                out_.add(DiffOp::Insert, rangeText(after_, afterTokens_, s.afterBegin, s.afterEnd));
            }
        }
    }

    std::string_view before_;
    std::string_view after_;
    std::vector<TokenSpan> beforeTokens_;
    std::vector<TokenSpan> afterTokens_;
    ChunkBuilder out_;
};

} // namespace
} // namespace detail

std::vector<Token> tokenize(std::string_view utf8) {
    std::vector<Token> tokens;
    for (const detail::TokenSpan& span : detail::tokenizeSpans(utf8)) {
        tokens.push_back({span.kind, std::string(utf8.substr(span.begin, span.end - span.begin))});
    }
    return tokens;
}

std::vector<TextChunk> diffWords(std::string_view before, std::string_view after) {
    return detail::WordDiff(before, after).run();
}

std::string normalizeSpace(std::string_view utf8) {
    std::string result;
    result.reserve(utf8.size());
    bool pendingSpace = false;
    std::size_t pos = 0;
    while (pos < utf8.size()) {
        const detail::Decoded d = detail::decodeAt(utf8, pos);
        if (d.valid && detail::isSpaceCodePoint(d.codePoint)) {
            pendingSpace = !result.empty();
        } else {
            if (pendingSpace) {
                result.push_back(' ');
                pendingSpace = false;
            }
            result.append(utf8.substr(pos, d.length));
        }
        pos += d.length;
    }
    return result;
}

std::vector<std::pair<DiffOp, std::size_t>> diffSequences(const std::vector<std::string>& a,
                                                          const std::vector<std::string>& b) {
    detail::Interner interner;
    const auto ids = [&](const std::vector<std::string>& items) {
        std::vector<std::uint32_t> result;
        result.reserve(items.size());
        for (const std::string& item : items) {
            result.push_back(interner.idOf(item));
        }
        return result;
    };
    const std::vector<std::uint32_t> aIds = ids(a);
    const std::vector<std::uint32_t> bIds = ids(b);
    return detail::diffIds(aIds, bIds);
}

std::vector<std::pair<DiffOp, std::size_t>> diffNumbered(const std::vector<std::uint32_t>& a,
                                                         const std::vector<std::uint32_t>& b) {
    return detail::diffIds(a, b);
}

double similarity(std::string_view a, std::string_view b)
{
    std::map<std::string, int> words;
    int total = 0;
    for (const auto& t : tokenize(a))
        if (t.kind == TokenKind::Word) {
            ++words[t.text];
            ++total;
        }
    int shared = 0;
    for (const auto& t : tokenize(b))
        if (t.kind == TokenKind::Word) {
            ++total;
            if (auto it = words.find(t.text); it != words.end() && it->second > 0) {
                --it->second;
                ++shared;
            }
        }
    return total == 0 ? 1.0 : 2.0 * shared / total;
}

std::vector<std::pair<std::size_t, std::size_t>> alignSimilar(const std::vector<std::string>& a,
                                                              const std::vector<std::string>& b, double threshold)
{
    std::vector<std::vector<double>> best(a.size() + 1, std::vector<double>(b.size() + 1, 0.0));
    std::vector<std::vector<double>> sim(a.size(), std::vector<double>(b.size(), 0.0));
    for (std::size_t x = 0; x < a.size(); ++x)
        for (std::size_t y = 0; y < b.size(); ++y) sim[x][y] = similarity(a[x], b[y]);
    for (std::size_t x = 1; x <= a.size(); ++x)
        for (std::size_t y = 1; y <= b.size(); ++y) {
            best[x][y] = std::max(best[x - 1][y], best[x][y - 1]);
            if (sim[x - 1][y - 1] >= threshold) best[x][y] = std::max(best[x][y], best[x - 1][y - 1] + sim[x - 1][y - 1]);
        }
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (std::size_t x = a.size(), y = b.size(); x > 0 && y > 0;) {
        if (best[x][y] == best[x - 1][y])
            --x;
        else if (best[x][y] == best[x][y - 1])
            --y;
        else {
            pairs.emplace_back(x - 1, y - 1);
            --x;
            --y;
        }
    }
    std::reverse(pairs.begin(), pairs.end());
    return pairs;
}

} // namespace accord::workspace
