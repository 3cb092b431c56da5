#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace accord::merge {

/// A half-open range [begin, end) of one sequence.
struct Range {
    std::size_t begin = 0;
    std::size_t end = 0;
    [[nodiscard]] std::size_t size() const { return end - begin; }
    [[nodiscard]] bool empty() const { return begin == end; }
};

/// One region of a three-way comparison, covering matching ranges of base, ours
/// and theirs. Stable regions are equal in all three.
struct Region {
    enum class Kind { Stable, Ours, Theirs, Same, Both };
    Kind kind;   ///< Ours/Theirs: only that side changed; Same: both changed alike; Both: changed differently
    Range base;
    Range ours;
    Range theirs;
};

/// diff3 over sequences of items compared as strings: the base is matched with
/// each side (Myers), items kept on both sides anchor Stable regions, and the
/// stretches between anchors are classified. With `joinAcross`, a Stable region
/// whose items all satisfy it and that separates two changed regions is folded
/// into them (words separated only by spaces change together).
[[nodiscard]] std::vector<Region> diff3(const std::vector<std::string>& base, const std::vector<std::string>& ours,
                                        const std::vector<std::string>& theirs,
                                        bool (*joinAcross)(const std::string&) = nullptr);

} // namespace accord::merge
