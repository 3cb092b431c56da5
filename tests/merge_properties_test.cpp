// Properties of the structured merge over generated concurrent edits of the
// project's example submission, in English and Korean.
#include "support.hpp"

#include "merge_engine.hpp"
#include "xml_tree.hpp"

#include "accord/workspace/document.hpp"
#include "accord/workspace/text_diff.hpp"
#include "accord/workspace/validation.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>

using namespace accord::workspace;
using accord::merge::Labels;
using accord::merge::mergeSubmissions;
using accord::test::contains;

namespace {

/// Random edits of a submission. Insertions and moves of one side go to
/// sections of one parity, so the two sides never insert at the same spot
/// (where the documented rule puts ours first, which is no mere label).
class Editor {
public:
    Editor(std::uint32_t seed, int parity, std::string tag) : rng_(seed), parity_(parity), tag_(std::move(tag)) {}

    std::string edit(const std::string& base, int count)
    {
        Submission doc = parseSubmission(base, "base.xml");
        for (int i = 0; i < count; ++i) editOnce(doc);
        return serialize(doc);
    }

private:
    std::mt19937 rng_;
    int parity_;
    std::string tag_;
    int made_ = 0;

    std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

    std::vector<Recommendation*> recs(Submission& doc)
    {
        std::vector<Recommendation*> out;
        std::function<void(std::vector<Section>&)> visit = [&](std::vector<Section>& sections) {
            for (auto& s : sections) {
                for (auto& r : s.recommendations) out.push_back(&r);
                visit(s.sections);
            }
        };
        visit(doc.sections);
        return out;
    }

    static void replaceWord(std::vector<Inline>& content, const std::string& word, std::mt19937& rng)
    {
        for (auto& in : content) {
            if (in.kind != Inline::Kind::Text || in.text.size() < 8) continue;
            auto tokens = tokenize(in.text);
            std::vector<std::size_t> words;
            for (std::size_t i = 0; i < tokens.size(); ++i)
                if (tokens[i].kind == TokenKind::Word) words.push_back(i);
            if (words.empty()) continue;
            tokens[words[std::uniform_int_distribution<std::size_t>(0, words.size() - 1)(rng)]].text = word;
            in.text.clear();
            for (const auto& t : tokens) in.text += t.text;
            return;
        }
    }

    void editOnce(Submission& doc)
    {
        auto all = recs(doc);
        Recommendation& r = *all[pick(all.size())];
        const std::string fresh = tag_ + std::to_string(++made_);
        switch (pick(8)) {
        case 0: {  // a word in the English or Korean text
            auto& block = r.texts[pick(r.texts.size())];
            auto& p = block.paragraphs[pick(block.paragraphs.size())];
            replaceWord(p.content, block.lang == "ko" ? "변경" + fresh : "changed" + fresh, rng_);
            break;
        }
        case 1: r.status = std::vector<std::string>{"draft", "agreed", "withdrawn"}[pick(3)]; break;
        case 2: r.priority = std::vector<std::string>{"high", "medium", "low"}[pick(3)]; break;
        case 3: {
            static const std::vector<std::string> orgs{"mrlf", "rrs", "jumw", "mwsc", "rcmb", "mfrn", "mhs", "gnmc"};
            const std::string& org = orgs[pick(orgs.size())];
            auto it = std::find_if(r.endorsements.begin(), r.endorsements.end(), [&](const auto& e) { return e.org == org; });
            if (it == r.endorsements.end())
                r.endorsements.push_back(Endorsement{org, 0});
            else if (r.endorsements.size() > 1)
                r.endorsements.erase(it);
            break;
        }
        case 4: {  // a new recommendation at the end of a section of this side's parity
            Section* s = sectionOfParity(doc);
            Recommendation added;
            added.id = "new-" + fresh;
            added.titles.push_back(LangText{"en", "New recommendation " + fresh, 0});
            added.titles.push_back(LangText{"ko", "새 권고 " + fresh, 0});
            added.texts.push_back(Block{"en", {Paragraph{{Inline{Inline::Kind::Text, "Text of " + fresh + ".", {}, {}}}, 0}}, 0});
            added.texts.push_back(Block{"ko", {Paragraph{{Inline{Inline::Kind::Text, fresh + "의 본문.", {}, {}}}, 0}}, 0});
            s->recommendations.push_back(added);
            break;
        }
        case 5: {  // move a recommendation to the end of a section of this side's parity
            Recommendation moved = r;
            removeRec(doc, r.id);
            sectionOfParity(doc)->recommendations.push_back(moved);
            break;
        }
        case 6:
            if (all.size() > 4) removeRec(doc, r.id);
            break;
        case 7: {
            auto& t = r.titles.empty() ? r.titles.emplace_back(LangText{"en", "Title", 0}) : r.titles[pick(r.titles.size())];
            t.text += t.lang == "ko" ? " 수정" + fresh : " revised " + fresh;
            break;
        }
        }
    }

    Section* sectionOfParity(Submission& doc)
    {
        std::vector<Section*> candidates;
        for (std::size_t i = 0; i < doc.sections.size(); ++i)
            if (static_cast<int>(i % 2) == parity_) candidates.push_back(&doc.sections[i]);
        return candidates[pick(candidates.size())];
    }

    static bool removeFrom(std::vector<Section>& sections, const std::string& id)
    {
        for (auto& s : sections) {
            auto it = std::find_if(s.recommendations.begin(), s.recommendations.end(), [&](const auto& x) { return x.id == id; });
            if (it != s.recommendations.end()) {
                s.recommendations.erase(it);
                return true;
            }
            if (removeFrom(s.sections, id)) return true;
        }
        return false;
    }

    static void removeRec(Submission& doc, const std::string& id) { removeFrom(doc.sections, id); }
};

/// Random edits of any kind, anywhere: what two people really do to one text,
/// including what the format allows but few would think of (a section and a
/// recommendation trading ids, sections nested in others, whole sections deleted,
/// two reorders of one list, footnotes edited). Both sides may touch one spot.
class WildEditor {
public:
    WildEditor(std::uint32_t seed, std::string tag) : rng_(seed), tag_(std::move(tag)) {}

    std::string edit(const std::string& base, int count)
    {
        Submission doc = parseSubmission(base, "base.xml");
        for (int i = 0; i < count; ++i) editOnce(doc);
        return serialize(doc);
    }

private:
    std::mt19937 rng_;
    std::string tag_;
    int made_ = 0;

    std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

    static void sectionsOf(std::vector<Section>& list, std::vector<Section*>& out)
    {
        for (auto& s : list) {
            out.push_back(&s);
            sectionsOf(s.sections, out);
        }
    }

    std::vector<Section*> sections(Submission& doc)
    {
        std::vector<Section*> out;
        sectionsOf(doc.sections, out);
        return out;
    }

    std::vector<Recommendation*> recs(Submission& doc)
    {
        std::vector<Recommendation*> out;
        for (auto* s : sections(doc))
            for (auto& r : s->recommendations) out.push_back(&r);
        return out;
    }

    /// The list that holds section `id` (the document's or a section's).
    static std::vector<Section>* holderOf(std::vector<Section>& list, const std::string& id)
    {
        for (auto& s : list) {
            if (s.id == id) return &list;
            if (auto* found = holderOf(s.sections, id)) return found;
        }
        return nullptr;
    }

    static bool contains(const Section& s, const std::string& id)
    {
        if (s.id == id) return true;
        return std::any_of(s.sections.begin(), s.sections.end(), [&](const Section& c) { return contains(c, id); });
    }

    Recommendation fresh(const std::string& id)
    {
        Recommendation r;
        r.id = id;
        r.titles.push_back(LangText{"en", "New " + id, 0});
        r.texts.push_back(Block{"en", {Paragraph{{Inline{Inline::Kind::Text, "Text of " + id + ".", {}, {}}}, 0}}, 0});
        r.texts.push_back(Block{"ko", {Paragraph{{Inline{Inline::Kind::Text, id + "의 본문.", {}, {}}}, 0}}, 0});
        return r;
    }

    void editNote(Recommendation& r, const std::string& word)
    {
        for (auto& block : r.texts)
            for (auto& p : block.paragraphs)
                for (auto& in : p.content)
                    if (in.kind == Inline::Kind::Note && !in.children.empty() && in.children.front().kind == Inline::Kind::Text) {
                        auto& text = in.children.front().text;
                        auto space = text.find(' ');
                        text = space == std::string::npos ? word : text.substr(0, space) + " " + word + text.substr(space);
                        return;
                    }
    }

    void editOnce(Submission& doc)
    {
        auto all = recs(doc);
        auto secs = sections(doc);
        if (all.empty() || secs.size() < 2) return;
        Recommendation& r = *all[pick(all.size())];
        Section& s = *secs[pick(secs.size())];
        const std::string tag = tag_ + std::to_string(++made_);
        switch (pick(12)) {
        case 0: {  // a section and a recommendation trade ids
            std::swap(s.id, r.id);
            break;
        }
        case 1: r.id = "renamed-" + tag; break;
        case 2: {  // a section moves into another (never into itself), or to the top
            Section& into = *secs[pick(secs.size())];
            if (contains(s, into.id)) break;
            auto* from = holderOf(doc.sections, s.id);
            Section moved = s;
            from->erase(std::find_if(from->begin(), from->end(), [&](const Section& x) { return x.id == moved.id; }));
            if (pick(3) == 0) {
                doc.sections.push_back(moved);
            } else if (Section* target = const_cast<Section*>(doc.findSection(into.id))) {
                target->sections.push_back(moved);
            }
            break;
        }
        case 3:
            if (doc.sections.size() > 2 || holderOf(doc.sections, s.id) != &doc.sections) {
                auto* from = holderOf(doc.sections, s.id);
                const std::string id = s.id;
                from->erase(std::find_if(from->begin(), from->end(), [&](const Section& x) { return x.id == id; }));
            }
            break;
        case 4: std::shuffle(s.recommendations.begin(), s.recommendations.end(), rng_); break;
        case 5: {
            auto* list = holderOf(doc.sections, s.id);
            if (list->size() > 1) std::swap((*list)[pick(list->size())], (*list)[pick(list->size())]);
            break;
        }
        case 6: editNote(r, "note" + tag); break;
        case 7: {
            Section added;
            added.id = "section-" + tag;
            added.headings.push_back(LangText{"en", "Section " + tag, 0});
            added.headings.push_back(LangText{"ko", "새 부분 " + tag, 0});
            added.recommendations.push_back(fresh("in-" + tag));
            s.sections.push_back(added);
            break;
        }
        case 8: s.recommendations.insert(s.recommendations.begin() + static_cast<std::ptrdiff_t>(pick(s.recommendations.size() + 1)),
                                         fresh("new-" + tag));
            break;
        case 9: {  // a recommendation moves to another section, anywhere in it
            Recommendation moved = r;
            for (auto* x : secs) {
                auto it = std::find_if(x->recommendations.begin(), x->recommendations.end(), [&](const auto& y) { return y.id == moved.id; });
                if (it != x->recommendations.end()) {
                    x->recommendations.erase(it);
                    break;
                }
            }
            Section& into = *sections(doc)[pick(sections(doc).size())];
            into.recommendations.insert(into.recommendations.begin() + static_cast<std::ptrdiff_t>(pick(into.recommendations.size() + 1)), moved);
            break;
        }
        case 10: {
            for (auto* x : secs) {
                auto it = std::find_if(x->recommendations.begin(), x->recommendations.end(), [&](const auto& y) { return y.id == r.id; });
                if (it != x->recommendations.end() && all.size() > 3) {
                    x->recommendations.erase(it);
                    break;
                }
            }
            break;
        }
        case 11: {
            auto& block = r.texts[pick(r.texts.size())];
            auto& p = block.paragraphs[pick(block.paragraphs.size())];
            p.content.push_back(Inline{Inline::Kind::Text, block.lang == "ko" ? " 추가" + tag : " added " + tag, {}, {}});
            break;
        }
        }
    }
};

/// The output as the other side would have written it: ours and theirs swapped,
/// with their labels, and sets (order carries no meaning) sorted.
std::string normalised(const std::string& merged, bool swapSides)
{
    pugi::xml_document doc;
    accord::merge::loadTree(doc, merged);
    if (swapSides)
        for (auto hit : doc.select_nodes("//*[local-name()='conflict']")) {
            auto c = hit.node();
            auto ours = c.child("ours");
            auto theirs = c.child("theirs");
            ours.set_name("theirs");
            theirs.set_name("ours");
            if (ours) c.insert_move_after(ours, theirs);
        }
    for (auto hit : doc.select_nodes("//*[local-name()='recommendation']")) {
        auto r = hit.node();
        std::vector<std::string> set;
        std::vector<pugi::xml_node> nodes;
        for (auto e : r.children("endorsement")) {
            set.push_back(e.attribute("org").value());
            nodes.push_back(e);
        }
        std::sort(set.begin(), set.end());
        for (std::size_t i = 0; i < nodes.size(); ++i) nodes[i].attribute("org") = set[i].c_str();
    }
    return accord::merge::toString(doc);
}

/// Part ids outside conflicts, and all ids anywhere (conflict sides included).
void idsOf(const std::string& xml, std::multiset<std::string>& placed, std::set<std::string>& anywhere)
{
    pugi::xml_document doc;
    accord::merge::loadTree(doc, xml);
    for (auto hit : doc.select_nodes("//*[local-name()='section' or local-name()='recommendation']")) {
        std::string id = hit.node().attribute("id").value();
        anywhere.insert(id);
        bool inConflict = false;
        for (auto p = hit.node().parent(); p; p = p.parent()) inConflict = inConflict || accord::merge::localName(p) == "conflict";
        if (!inConflict) placed.insert(id);
    }
}

/// Where two long texts first differ, with some context, for a readable failure.
std::string firstDifference(const std::string& a, const std::string& b)
{
    std::size_t i = 0;
    while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
    std::size_t from = i > 150 ? i - 150 : 0;
    return "first difference at byte " + std::to_string(i) + ":\n  one: …" + a.substr(from, 300) + "\n  two: …" +
           b.substr(from, 300);
}

struct Triple {
    std::string base, ours, theirs;
};

Triple generate(std::uint32_t seed)
{
    const std::string base = serialize(parseSubmission(accord::test::example("nap-migrants.xml"), "base.xml"));
    Editor o(seed * 2 + 1, 0, "o");
    Editor t(seed * 2 + 2, 1, "t");
    return {base, o.edit(base, 1 + static_cast<int>(seed % 5)), t.edit(base, 1 + static_cast<int>((seed / 5) % 5))};
}

std::string merged(const std::string& b, const std::string& o, const std::string& t, Labels labels = {})
{
    return mergeSubmissions(b, o, t, labels, "p.xml").merged;
}

constexpr std::uint32_t kRuns = 60;
constexpr std::uint32_t kWildRuns = 400;

} // namespace

TEST_SUITE("merge properties")
{
    TEST_CASE("a side that changed nothing gives the other side: merge(b, x, b) = x and merge(b, b, y) = y")
    {
        for (std::uint32_t seed = 0; seed < kRuns; ++seed) {
            CAPTURE(seed);
            auto [b, x, y] = generate(seed);
            CHECK(merged(b, x, b) == x);
            CHECK(merged(b, b, y) == y);
        }
    }

    TEST_CASE("the same change on both sides is taken once: merge(b, x, x) = x")
    {
        for (std::uint32_t seed = 0; seed < kRuns; ++seed) {
            CAPTURE(seed);
            auto [b, x, y] = generate(seed);
            CHECK(merged(b, x, x) == x);
            CHECK(merged(b, y, y) == y);
        }
    }

    TEST_CASE("swapping the sides swaps only the labels")
    {
        int conflicted = 0;
        for (std::uint32_t seed = 0; seed < kRuns; ++seed) {
            CAPTURE(seed);
            auto [b, x, y] = generate(seed);
            auto one = mergeSubmissions(b, x, y, Labels{"draft/apil", "base", "draft/krsn"}, "p.xml");
            auto two = mergeSubmissions(b, y, x, Labels{"draft/krsn", "base", "draft/apil"}, "p.xml");
            CHECK(one.conflicts == two.conflicts);
            auto n1 = normalised(one.merged, false);
            auto n2 = normalised(two.merged, true);
            CHECK_MESSAGE(n1 == n2, firstDifference(n1, n2));
            conflicted += one.conflicts > 0;
        }
        CHECK(conflicted > 0);  // the generator does reach real disagreements
    }

    TEST_CASE("no id is lost or duplicated")
    {
        for (std::uint32_t seed = 0; seed < kRuns; ++seed) {
            CAPTURE(seed);
            auto [b, x, y] = generate(seed);
            std::multiset<std::string> placed;
            std::set<std::string> anywhere;
            idsOf(merged(b, x, y), placed, anywhere);
            for (const auto& id : placed) CHECK_MESSAGE(placed.count(id) == 1, id);
            std::multiset<std::string> inBase, inOurs, inTheirs;
            std::set<std::string> ignore;
            idsOf(b, inBase, ignore);
            idsOf(x, inOurs, ignore);
            idsOf(y, inTheirs, ignore);
            // Kept by both sides, or added by one: it must still be there.
            for (const auto& id : inOurs)
                if (inTheirs.count(id) || !inBase.count(id)) CHECK_MESSAGE(anywhere.count(id), id);
            for (const auto& id : inTheirs)
                if (!inBase.count(id)) CHECK_MESSAGE(anywhere.count(id), id);
        }
    }

    TEST_CASE("any two valid edits merge into a valid document or into conflicts, never into an error")
    {
        // Sections and recommendations trading ids, nesting, deletions, reorders on both sides…
        const std::string base = serialize(parseSubmission(accord::test::example("nap-migrants.xml"), "base.xml"));
        const ValidationContext ctx{{"mrlf", "rrs", "jumw", "mwsc", "rcmb", "mfrn", "mhs", "gnmc"}, {}};
        int clean = 0;
        int conflicted = 0;
        for (std::uint32_t seed = 0; seed < kWildRuns; ++seed) {
            CAPTURE(seed);
            WildEditor o(seed * 2 + 1, "o");
            WildEditor t(seed * 2 + 2, "t");
            const std::string x = o.edit(base, 1 + static_cast<int>(seed % 4));
            const std::string y = t.edit(base, 1 + static_cast<int>((seed / 4) % 4));
            REQUIRE(validateSubmission(x, "documents/nap4-migrants.xml", ctx).empty());
            REQUIRE(validateSubmission(y, "documents/nap4-migrants.xml", ctx).empty());
            accord::merge::MergeOutcome outcome;
            try {
                outcome = mergeSubmissions(base, x, y, Labels{}, "documents/nap4-migrants.xml");
            } catch (const std::exception& e) {
                FAIL_CHECK((std::string("the merge of two valid edits failed: ") + e.what()));
                continue;
            }
            if (outcome.conflicts > 0) {
                ++conflicted;
                CHECK(checkWellFormed(outcome.merged, "merged.xml").empty());
                continue;
            }
            ++clean;
            auto found = validateSubmission(outcome.merged, "documents/nap4-migrants.xml", ctx);
            CHECK_MESSAGE(found.empty(), (found.empty() ? "" : found[0].toString()));
        }
        CHECK(clean > static_cast<int>(kWildRuns) / 4);
        CHECK(conflicted > 0);
    }

    TEST_CASE("merged results without conflicts are valid documents")
    {
        for (std::uint32_t seed = 0; seed < kRuns; ++seed) {
            CAPTURE(seed);
            auto [b, x, y] = generate(seed);
            auto outcome = mergeSubmissions(b, x, y, Labels{}, "documents/nap4-migrants.xml");
            if (outcome.conflicts > 0) continue;
            ValidationContext ctx{{"mrlf", "rrs", "jumw", "mwsc", "rcmb", "mfrn", "mhs", "gnmc"}, {}};
            auto found = validateSubmission(outcome.merged, "documents/nap4-migrants.xml", ctx);
            CHECK_MESSAGE(found.empty(), (found.empty() ? "" : found[0].toString()));
        }
    }
}

namespace {

/// A submission of `sections` top-level sections of one recommendation each, the recommendation of
/// section k written by `rec(k)` (its whole element), in English and Korean.
std::string manySections(int sections, const std::string& title, const std::function<std::string(int)>& rec)
{
    std::string text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<submission xmlns=\"urn:accord:submission:1\" id=\"many\" xml:lang=\"en\" version=\"1\">\n"
                       "  <meta>\n    <title xml:lang=\"ko\">" + title + "</title>\n  </meta>\n";
    for (int k = 1; k <= sections; ++k)
        text += "  <section id=\"s" + std::to_string(k) + "\">\n    <heading xml:lang=\"ko\">주제 " + std::to_string(k) +
                "</heading>\n" + rec(k) + "  </section>\n";
    return text + "</submission>\n";
}

std::string plainRec(int k, const std::string& priority, const std::string& words)
{
    return "    <recommendation id=\"r" + std::to_string(k) + "\" priority=\"" + priority +
           "\">\n      <text xml:lang=\"ko\">\n        <p>" + words + " " + std::to_string(k) +
           "</p>\n      </text>\n    </recommendation>\n";
}

} // namespace

TEST_SUITE("merge on several threads")
{
    TEST_CASE("conflicts are numbered in document order, each in its own part, and every run writes the same text")
    {
        constexpr int kSections = 90;
        const auto side = [](const std::string& title, const std::string& priority) {
            return manySections(kSections, title, [&](int k) { return plainRec(k, k % 3 == 0 ? priority : "high", "이주노동자 권고"); });
        };
        const std::string base = side("공동 제출문서", "high");
        const std::string ours = side("첫째 제목", "low");
        const std::string theirs = side("둘째 이름", "medium");
        const Labels labels{"초안/이주", "main", "draft/krsn"};
        const auto first = mergeSubmissions(base, ours, theirs, labels, "many.xml");
        // The title (in the root's own content) first, then one per third recommendation.
        REQUIRE(first.conflicts == 1 + kSections / 3);
        const std::string& text = first.merged;
        std::size_t at = text.find("<conflict id=\"c1\"");
        REQUIRE(at != std::string::npos);
        CHECK(at < text.find("</meta>"));
        for (int c = 2; c <= first.conflicts; ++c) {
            CAPTURE(c);
            const std::size_t next = text.find("<conflict id=\"c" + std::to_string(c) + "\"");
            REQUIRE(next != std::string::npos);
            CHECK(next > at);
            const std::string rec = "<recommendation id=\"r" + std::to_string(3 * (c - 1)) + "\"";
            CHECK(text.rfind("<recommendation", next) == text.find(rec));
            at = next;
        }
        CHECK(text.find("<conflict id=\"c" + std::to_string(first.conflicts + 1) + "\"") == std::string::npos);
        CHECK(checkWellFormed(text, "merged.xml").empty());
        CHECK(contains(text, "<ours label=\"초안/이주\">low</ours>"));
        for (int run = 0; run < 10; ++run) CHECK(mergeSubmissions(base, ours, theirs, labels, "many.xml").merged == text);
    }

    TEST_CASE("of two broken edits far apart, the first in the document is reported, at its line")
    {
        const std::string words = "난민 신청자 보호";
        const std::string base = manySections(120, "제출문서", [&](int k) { return plainRec(k, "high", words); });
        const auto broken = [&](int k) {
            return k == 40 || k == 100 ? "    <recommendation id=\"r" + std::to_string(k) +
                                             "\">\n      <text xml:lang=\"ko\">\n        <p>깨진 <em>문단</p>\n"
                                             "      </text>\n    </recommendation>\n"
                                       : plainRec(k, "high", words);
        };
        const std::string ours = manySections(120, "제출문서", broken);
        const std::string theirs = manySections(120, "제출문서", [&](int k) { return plainRec(k, "low", words); });
        const auto line = 1 + std::count(ours.begin(), ours.begin() + static_cast<std::ptrdiff_t>(ours.find("<p>깨진")), '\n');
        for (int run = 0; run < 5; ++run) {
            try {
                (void)mergeSubmissions(base, ours, theirs, Labels{}, "many.xml");
                FAIL("the merge took a broken recommendation");
            } catch (const Error& e) {
                CHECK(contains(e.what(), "many.xml (ours):" + std::to_string(line) + ":"));
            }
        }
    }

    TEST_CASE("a label that a document cannot hold is refused before anything is merged")
    {
        const std::string base = manySections(2, "제출문서", [](int k) { return plainRec(k, "high", "권고"); });
        const std::string ours = manySections(2, "제출문서", [](int k) { return plainRec(k, "low", "권고"); });
        const std::string theirs = manySections(2, "제출문서", [](int k) { return plainRec(k, "medium", "권고"); });
        for (const std::string& bad : {std::string("draft\x01krsn"), std::string("초안\x1b"), std::string("\xff\xfe")}) {
            CAPTURE(bad);
            CHECK_THROWS_WITH_AS(mergeSubmissions(base, ours, theirs, Labels{"ours", "base", bad}, "p.xml"),
                                 doctest::Contains("label"), Error);
        }
        CHECK(mergeSubmissions(base, ours, theirs, Labels{"초안/이주\t노조", "base", "draft"}, "p.xml").conflicts == 2);
    }
}
