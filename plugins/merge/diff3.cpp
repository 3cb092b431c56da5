#include "diff3.hpp"

#include "accord/workspace/text_diff.hpp"

#include <optional>

namespace accord::merge {

using workspace::DiffOp;

namespace {

/// For each base item, its index in the other sequence when the diff keeps it.
std::vector<std::optional<std::size_t>> keptIn(const std::vector<std::string>& base, const std::vector<std::string>& other)
{
    std::vector<std::optional<std::size_t>> kept(base.size());
    std::size_t i = 0;
    std::size_t j = 0;
    for (auto [op, n] : workspace::diffSequences(base, other)) {
        if (op == DiffOp::Equal) {
            for (std::size_t k = 0; k < n; ++k) kept[i + k] = j + k;
            i += n;
            j += n;
        } else if (op == DiffOp::Delete) {
            i += n;
        } else {
            j += n;
        }
    }
    return kept;
}

bool sameItems(const std::vector<std::string>& a, Range ra, const std::vector<std::string>& b, Range rb)
{
    if (ra.size() != rb.size()) return false;
    for (std::size_t k = 0; k < ra.size(); ++k)
        if (a[ra.begin + k] != b[rb.begin + k]) return false;
    return true;
}

Region classify(const std::vector<std::string>& base, const std::vector<std::string>& ours,
                const std::vector<std::string>& theirs, Range b, Range o, Range t)
{
    const bool oursSame = sameItems(base, b, ours, o);
    const bool theirsSame = sameItems(base, b, theirs, t);
    Region::Kind kind = oursSame && theirsSame ? Region::Kind::Stable
                        : oursSame             ? Region::Kind::Theirs
                        : theirsSame           ? Region::Kind::Ours
                        : sameItems(ours, o, theirs, t) ? Region::Kind::Same
                                                         : Region::Kind::Both;
    return Region{kind, b, o, t};
}

} // namespace

std::vector<Region> diff3(const std::vector<std::string>& base, const std::vector<std::string>& ours,
                          const std::vector<std::string>& theirs, bool (*joinAcross)(const std::string&))
{
    auto inOurs = keptIn(base, ours);
    auto inTheirs = keptIn(base, theirs);
    std::vector<Region> regions;
    std::size_t b = 0;
    std::size_t o = 0;
    std::size_t t = 0;
    auto emit = [&](Region r) {
        if (r.base.empty() && r.ours.empty() && r.theirs.empty()) return;
        if (!regions.empty() && regions.back().kind == Region::Kind::Stable && r.kind == Region::Kind::Stable) {
            regions.back().base.end = r.base.end;
            regions.back().ours.end = r.ours.end;
            regions.back().theirs.end = r.theirs.end;
            return;
        }
        regions.push_back(r);
    };
    for (std::size_t i = 0; i <= base.size(); ++i) {
        const bool anchor = i == base.size() || (inOurs[i] && inTheirs[i] && *inOurs[i] >= o && *inTheirs[i] >= t);
        if (!anchor) continue;
        const std::size_t oEnd = i == base.size() ? ours.size() : *inOurs[i];
        const std::size_t tEnd = i == base.size() ? theirs.size() : *inTheirs[i];
        emit(classify(base, ours, theirs, {b, i}, {o, oEnd}, {t, tEnd}));
        if (i == base.size()) break;
        emit(Region{Region::Kind::Stable, {i, i + 1}, {oEnd, oEnd + 1}, {tEnd, tEnd + 1}});
        b = i + 1;
        o = oEnd + 1;
        t = tEnd + 1;
    }
    if (!joinAcross) return regions;

    // Fold thin stable separators between two changes into one changed region.
    std::vector<Region> joined;
    for (std::size_t k = 0; k < regions.size(); ++k) {
        const Region& r = regions[k];
        bool thin = r.kind == Region::Kind::Stable && !joined.empty() && joined.back().kind != Region::Kind::Stable &&
                    k + 1 < regions.size() && regions[k + 1].kind != Region::Kind::Stable;
        for (std::size_t x = r.base.begin; thin && x < r.base.end; ++x) thin = joinAcross(base[x]);
        if (thin) {
            const Region& next = regions[k + 1];
            Region& prev = joined.back();
            prev = classify(base, ours, theirs, {prev.base.begin, next.base.end}, {prev.ours.begin, next.ours.end},
                            {prev.theirs.begin, next.theirs.end});
            ++k;
            continue;
        }
        if (!joined.empty() && joined.back().kind != Region::Kind::Stable && r.kind != Region::Kind::Stable) {
            Region& prev = joined.back();
            prev = classify(base, ours, theirs, {prev.base.begin, r.base.end}, {prev.ours.begin, r.ours.end},
                            {prev.theirs.begin, r.theirs.end});
            continue;
        }
        joined.push_back(r);
    }
    return joined;
}

} // namespace accord::merge
