#include "accord/workspace/diff.hpp"
#include "accord/workspace/document.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

using accord::workspace::diffSubmissions;
using accord::workspace::DiffOp;
using accord::workspace::DocumentDiff;
using accord::workspace::FieldChange;
using accord::workspace::findChange;
using accord::workspace::ParagraphChange;
using accord::workspace::parseSubmission;
using accord::workspace::PartChange;
using accord::workspace::Submission;
using accord::workspace::TextChunk;
using accord::test::replaceOnce;

namespace {

using Number = std::vector<std::size_t>;
using Strings = std::vector<std::string>;
using Chunks = std::vector<TextChunk>;

// ---- building small bilingual documents ------------------------------------------

/// A `<p>` per paragraph.
std::string paragraphs(const Strings& ps)
{
    std::string out;
    for (const auto& p : ps) out += "<p>" + p + "</p>";
    return out;
}

/// A recommendation with its attributes (e.g. ` status="agreed"`), English and Korean text
/// (a language is left out when it has no paragraphs) and `tail`: whatever follows the texts.
std::string rec(const std::string& id, const Strings& en, const Strings& ko, const std::string& attrs = "",
                const std::string& tail = "")
{
    std::string out = "    <recommendation id=\"" + id + "\"" + attrs + ">\n";
    out += "      <title xml:lang=\"en\">Title of " + id + "</title>\n";
    if (!en.empty()) out += "      <text xml:lang=\"en\">" + paragraphs(en) + "</text>\n";
    if (!ko.empty()) out += "      <text xml:lang=\"ko\">" + paragraphs(ko) + "</text>\n";
    out += tail;
    out += "    </recommendation>\n";
    return out;
}

/// A recommendation with one short paragraph in each language.
std::string rec(const std::string& id)
{
    return rec(id, {"Recommendation " + id + "."}, {"권고 " + id + "."});
}

std::string section(const std::string& id, const std::string& content, const std::string& heading = "")
{
    return "  <section id=\"" + id + "\">\n    <heading xml:lang=\"en\">" + (heading.empty() ? "Section " + id : heading) +
           "</heading>\n    <heading xml:lang=\"ko\">부문 " + id + "</heading>\n" + content + "  </section>\n";
}

std::string document(const std::string& sections, const std::string& title = "Test submission")
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<submission xmlns=\"urn:accord:submission:1\" id=\"test\" xml:lang=\"en\" version=\"1\">\n"
           "  <meta>\n"
           "    <title xml:lang=\"en\">" +
           title +
           "</title>\n"
           "    <title xml:lang=\"ko\">시험용 제출문서</title>\n"
           "  </meta>\n" +
           sections + "</submission>\n";
}

/// Two sections: labour with recommendations a, b, c; health with d.
std::string base()
{
    return document(section("labour", rec("a") + rec("b") + rec("c")) + section("health", rec("d")));
}

DocumentDiff diffOf(const std::string& before, const std::string& after)
{
    Submission a = parseSubmission(before, "before.xml");
    Submission b = parseSubmission(after, "after.xml");
    return diffSubmissions(&a, &b, "documents/test.xml");
}

Strings idsOf(const DocumentDiff& diff)
{
    Strings ids;
    for (const auto& c : diff.changes) ids.push_back(c.id);
    return ids;
}

/// The one change to `id`; fails the test when there is none.
PartChange changeOf(const DocumentDiff& diff, const std::string& id)
{
    auto c = findChange(diff, id);
    REQUIRE_MESSAGE(c.has_value(), "no change reported for ", id);
    return *c;
}

/// The only field change of a part; fails the test when there are none or several.
FieldChange onlyField(const PartChange& c)
{
    REQUIRE(c.fields.size() == 1);
    return c.fields.front();
}

std::size_t countOp(const Chunks& chunks, DiffOp op)
{
    return static_cast<std::size_t>(
        std::count_if(chunks.begin(), chunks.end(), [op](const TextChunk& t) { return t.op == op; }));
}

} // namespace

// ---- no change ---------------------------------------------------------------------

TEST_CASE("identical documents have an empty diff")
{
    std::string xml = accord::test::example("nap-migrants.xml");
    DocumentDiff diff = diffOf(xml, xml);
    CHECK(diff.empty());
    CHECK(diff.changes.empty());
    CHECK_FALSE(diff.added);
    CHECK_FALSE(diff.removed);
    CHECK(diff.path == "documents/test.xml");
}

TEST_CASE("documents that differ only in whitespace inside paragraphs have an empty diff")
{
    std::string before = document(section("labour", rec("a", {"Amend the <em>Act</em> so that workers may change "
                                                              "workplaces.<note>CERD, para. 8.</note>"},
                                                        {"사업장 변경 횟수 제한을 폐지할 것."})));
    std::string after = document(section("labour", rec("a", {"\n   Amend the <em>Act</em>\n   so that workers  may "
                                                             "change\n\tworkplaces.<note>\n CERD,\n para. 8.</note> "},
                                                       {"  사업장 변경\n        횟수 제한을 폐지할 것.\n"})));
    CHECK(diffOf(before, after).empty());
}

TEST_CASE("the canonical form of a document has an empty diff against the document")
{
    std::string xml = accord::test::example("nap-migrants.xml");
    Submission doc = parseSubmission(xml, "nap-migrants.xml");
    CHECK(diffOf(xml, accord::workspace::serialize(doc)).empty());
}

// ---- added and removed recommendations ------------------------------------------------

TEST_CASE("a new recommendation is reported as added, with its section, number and title")
{
    std::string after =
        document(section("labour", rec("a") + rec("b") + rec("new-one") + rec("c")) + section("health", rec("d")));
    DocumentDiff diff = diffOf(base(), after);
    REQUIRE(diff.changes.size() == 1);
    const PartChange& c = diff.changes.front();
    CHECK(c.part == PartChange::Part::Recommendation);
    CHECK(c.id == "new-one");
    CHECK(c.added);
    CHECK_FALSE(c.removed);
    CHECK_FALSE(c.moved);
    CHECK_FALSE(c.reordered);
    CHECK(c.toParent == "labour");
    CHECK(c.number == Number{1, 3});
    CHECK(c.title == "Title of new-one");
    CHECK(c.fields.empty());
}

TEST_CASE("inserting a recommendation does not mark those after it as reordered")
{
    std::string after =
        document(section("labour", rec("new-one") + rec("a") + rec("b") + rec("c")) + section("health", rec("d")));
    DocumentDiff diff = diffOf(base(), after);
    CHECK(idsOf(diff) == Strings{"new-one"});
}

TEST_CASE("a deleted recommendation is reported as removed, with its old section and number")
{
    std::string after = document(section("labour", rec("a") + rec("c")) + section("health", rec("d")));
    DocumentDiff diff = diffOf(base(), after);
    REQUIRE(diff.changes.size() == 1);
    const PartChange& c = diff.changes.front();
    CHECK(c.id == "b");
    CHECK(c.removed);
    CHECK_FALSE(c.added);
    CHECK_FALSE(c.moved);
    CHECK(c.fromParent == "labour");
    CHECK(c.number == Number{1, 2});
    CHECK(c.title == "Title of b");
}

TEST_CASE("removals are listed after all other changes")
{
    // a is removed from the first section; d in the last section changes status; e is added at the end.
    std::string after = document(section("labour", rec("b") + rec("c")) +
                                 section("health", rec("d", {"Recommendation d."}, {"권고 d."}, " status=\"agreed\"") +
                                                       rec("e")));
    DocumentDiff diff = diffOf(base(), after);
    CHECK(idsOf(diff) == Strings{"d", "e", "a"});
    CHECK(changeOf(diff, "a").removed);
    CHECK(changeOf(diff, "e").added);
}

TEST_CASE("a removed section is reported with each recommendation in it")
{
    std::string after = document(section("labour", rec("a") + rec("b") + rec("c")));
    DocumentDiff diff = diffOf(base(), after);
    CHECK(idsOf(diff) == Strings{"health", "d"});
    PartChange health = changeOf(diff, "health");
    CHECK(health.part == PartChange::Part::Section);
    CHECK(health.removed);
    CHECK(health.number == Number{2});
    CHECK(health.title == "Section health");
    PartChange d = changeOf(diff, "d");
    CHECK(d.removed);
    CHECK(d.fromParent == "health");
}

// ---- moved and reordered ------------------------------------------------------------------

TEST_CASE("a recommendation moved to another section is reported as moved, not removed and added")
{
    std::string after = document(section("labour", rec("a") + rec("c")) + section("health", rec("d") + rec("b")));
    DocumentDiff diff = diffOf(base(), after);
    REQUIRE(diff.changes.size() == 1);
    const PartChange& c = diff.changes.front();
    CHECK(c.id == "b");
    CHECK(c.moved);
    CHECK_FALSE(c.added);
    CHECK_FALSE(c.removed);
    CHECK_FALSE(c.reordered);
    CHECK(c.fromParent == "labour");
    CHECK(c.toParent == "health");
    CHECK(c.number == Number{2, 2});
    CHECK(c.fields.empty());
}

TEST_CASE("a recommendation moved and edited is one change with both the move and the edit")
{
    std::string after = document(section("labour", rec("a") + rec("c")) +
                                 section("health", rec("d") + rec("b", {"Recommendation b."}, {"권고 b."},
                                                                  " priority=\"high\"")));
    DocumentDiff diff = diffOf(base(), after);
    REQUIRE(diff.changes.size() == 1);
    const PartChange& c = diff.changes.front();
    CHECK(c.id == "b");
    CHECK(c.moved);
    FieldChange f = onlyField(c);
    CHECK(f.kind == FieldChange::Kind::Attribute);
    CHECK(f.field == "priority");
    CHECK(f.before.empty());
    CHECK(f.after == "high");
}

TEST_CASE("a section moved into another section is reported as moved with its old and new parent")
{
    std::string before = document(section("labour", rec("a")) + section("seasonal", rec("s")) + section("health", rec("d")));
    std::string after = document(section("labour", rec("a") + section("seasonal", rec("s"))) + section("health", rec("d")));
    DocumentDiff diff = diffOf(before, after);
    REQUIRE(diff.changes.size() == 1);
    const PartChange& c = diff.changes.front();
    CHECK(c.part == PartChange::Part::Section);
    CHECK(c.id == "seasonal");
    CHECK(c.moved);
    CHECK(c.fromParent.empty());
    CHECK(c.toParent == "labour");
    CHECK(c.number == Number{1, 2});
}

TEST_CASE("a recommendation moved to the front of its section is the only one reordered")
{
    std::string after =
        document(section("labour", rec("c") + rec("a") + rec("b")) + section("health", rec("d")));
    DocumentDiff diff = diffOf(base(), after);
    REQUIRE(diff.changes.size() == 1);
    const PartChange& c = diff.changes.front();
    CHECK(c.id == "c");
    CHECK(c.reordered);
    CHECK_FALSE(c.moved);
    CHECK_FALSE(c.added);
    CHECK_FALSE(c.removed);
    CHECK(c.fromParent == "labour");
    CHECK(c.toParent == "labour");
    CHECK(c.number == Number{1, 1});
}

TEST_CASE("two neighbouring recommendations swapped report one of them as reordered, not all")
{
    std::string after = document(section("labour", rec("b") + rec("a") + rec("c")) + section("health", rec("d")));
    DocumentDiff diff = diffOf(base(), after);
    REQUIRE(diff.changes.size() == 1);
    const PartChange& c = diff.changes.front();
    CHECK((c.id == "a" || c.id == "b"));
    CHECK(c.reordered);
    CHECK_FALSE(findChange(diff, "c").has_value());
}

TEST_CASE("reordered sections are reported as reordered sections")
{
    std::string after = document(section("health", rec("d")) + section("labour", rec("a") + rec("b") + rec("c")));
    DocumentDiff diff = diffOf(base(), after);
    REQUIRE(diff.changes.size() == 1);
    const PartChange& c = diff.changes.front();
    CHECK(c.part == PartChange::Part::Section);
    CHECK((c.id == "health" || c.id == "labour"));
    CHECK(c.reordered);
    CHECK_FALSE(c.moved);
}

// ---- attributes ------------------------------------------------------------------------------

TEST_CASE("a status change is an Attribute field with the values before and after")
{
    std::string before = document(section("labour", rec("a", {"Text."}, {"본문."}, " status=\"draft\"")));
    std::string after = document(section("labour", rec("a", {"Text."}, {"본문."}, " status=\"agreed\"")));
    DocumentDiff diff = diffOf(before, after);
    REQUIRE(diff.changes.size() == 1);
    FieldChange f = onlyField(diff.changes.front());
    CHECK(f.kind == FieldChange::Kind::Attribute);
    CHECK(f.field == "status");
    CHECK(f.before == "draft");
    CHECK(f.after == "agreed");
    CHECK(f.paragraphs.empty());
    CHECK(f.added.empty());
    CHECK(f.removed.empty());
}

TEST_CASE("a priority change is an Attribute field with the values before and after")
{
    std::string before = document(section("labour", rec("a", {"Text."}, {"본문."}, " priority=\"high\"")));
    std::string after = document(section("labour", rec("a", {"Text."}, {"본문."}, " priority=\"low\"")));
    FieldChange f = onlyField(changeOf(diffOf(before, after), "a"));
    CHECK(f.kind == FieldChange::Kind::Attribute);
    CHECK(f.field == "priority");
    CHECK(f.before == "high");
    CHECK(f.after == "low");
}

TEST_CASE("a removed priority is a change to an empty value")
{
    std::string before = document(section("labour", rec("a", {"Text."}, {"본문."}, " priority=\"medium\"")));
    std::string after = document(section("labour", rec("a", {"Text."}, {"본문."})));
    FieldChange f = onlyField(changeOf(diffOf(before, after), "a"));
    CHECK(f.field == "priority");
    CHECK(f.before == "medium");
    CHECK(f.after.empty());
}

TEST_CASE("writing out the default status draft is not a change")
{
    std::string before = document(section("labour", rec("a", {"Text."}, {"본문."})));
    std::string after = document(section("labour", rec("a", {"Text."}, {"본문."}, " status=\"draft\"")));
    CHECK(diffOf(before, after).empty());
}

TEST_CASE("status and priority changed together are two Attribute fields")
{
    std::string before = document(section("labour", rec("a", {"Text."}, {"본문."}, " status=\"agreed\" priority=\"high\"")));
    std::string after =
        document(section("labour", rec("a", {"Text."}, {"본문."}, " status=\"withdrawn\" priority=\"low\"")));
    PartChange c = changeOf(diffOf(before, after), "a");
    REQUIRE(c.fields.size() == 2);
    CHECK(c.fields[0].field == "status");
    CHECK(c.fields[0].before == "agreed");
    CHECK(c.fields[0].after == "withdrawn");
    CHECK(c.fields[1].field == "priority");
    CHECK(c.fields[1].before == "high");
    CHECK(c.fields[1].after == "low");
}

// ---- sets ----------------------------------------------------------------------------------------

TEST_CASE("an endorsement added and another removed are one Set field with added and removed")
{
    std::string before = document(section(
        "labour", rec("a", {"Text."}, {"본문."}, "",
                      "      <endorsement org=\"apil\"/>\n      <endorsement org=\"krsn\"/>\n")));
    std::string after = document(section(
        "labour", rec("a", {"Text."}, {"본문."}, "",
                      "      <endorsement org=\"krsn\"/>\n      <endorsement org=\"mwu\"/>\n")));
    FieldChange f = onlyField(changeOf(diffOf(before, after), "a"));
    CHECK(f.kind == FieldChange::Kind::Set);
    CHECK(f.field == "endorsement");
    CHECK(f.added == Strings{"mwu"});
    CHECK(f.removed == Strings{"apil"});
}

TEST_CASE("endorsements in another order are not a change")
{
    std::string before = document(section(
        "labour", rec("a", {"Text."}, {"본문."}, "",
                      "      <endorsement org=\"apil\"/>\n      <endorsement org=\"krsn\"/>\n")));
    std::string after = document(section(
        "labour", rec("a", {"Text."}, {"본문."}, "",
                      "      <endorsement org=\"krsn\"/>\n      <endorsement org=\"apil\"/>\n")));
    CHECK(diffOf(before, after).empty());
}

TEST_CASE("a ref added and another removed are one Set field keyed by kind and text")
{
    std::string before = document(section(
        "labour", rec("a", {"Text."}, {"본문."}, "",
                      "      <ref kind=\"gcm-objective\">6</ref>\n      <ref kind=\"treaty\">ICESCR art. 7</ref>\n")));
    std::string after = document(section(
        "labour", rec("a", {"Text."}, {"본문."}, "",
                      "      <ref kind=\"treaty\">ICESCR art. 7</ref>\n      <ref kind=\"sdg\">8.8</ref>\n"
                      "      <ref kind=\"gcm-objective\">7</ref>\n")));
    FieldChange f = onlyField(changeOf(diffOf(before, after), "a"));
    CHECK(f.kind == FieldChange::Kind::Set);
    CHECK(f.field == "ref");
    CHECK(f.added == Strings{"sdg: 8.8", "gcm-objective: 7"});
    CHECK(f.removed == Strings{"gcm-objective: 6"});
}

TEST_CASE("the same ref text under another kind is a different ref")
{
    std::string before =
        document(section("labour", rec("a", {"Text."}, {"본문."}, "", "      <ref kind=\"sdg\">8</ref>\n")));
    std::string after =
        document(section("labour", rec("a", {"Text."}, {"본문."}, "", "      <ref kind=\"gcm-objective\">8</ref>\n")));
    FieldChange f = onlyField(changeOf(diffOf(before, after), "a"));
    CHECK(f.field == "ref");
    CHECK(f.added == Strings{"gcm-objective: 8"});
    CHECK(f.removed == Strings{"sdg: 8"});
}

TEST_CASE("an addressee added and another removed are one Set field")
{
    std::string before = document(section(
        "labour", rec("a", {"Text."}, {"본문."}, "",
                      "      <addressee>Ministry of Justice</addressee>\n"
                      "      <addressee>Ministry of Employment and Labor</addressee>\n")));
    std::string after = document(section(
        "labour", rec("a", {"Text."}, {"본문."}, "",
                      "      <addressee>Ministry of Employment and Labor</addressee>\n"
                      "      <addressee>Ministry of Health and Welfare</addressee>\n")));
    FieldChange f = onlyField(changeOf(diffOf(before, after), "a"));
    CHECK(f.kind == FieldChange::Kind::Set);
    CHECK(f.field == "addressee");
    CHECK(f.added == Strings{"Ministry of Health and Welfare"});
    CHECK(f.removed == Strings{"Ministry of Justice"});
}

TEST_CASE("a new endorsement on a recommendation of the example is the only change reported")
{
    std::string before = accord::test::example("nap-migrants.xml");
    std::string after = replaceOnce(before, "      <endorsement org=\"jumw\"/>\n      <endorsement org=\"mrlf\"/>\n",
                                    "      <endorsement org=\"jumw\"/>\n      <endorsement org=\"mrlf\"/>\n"
                                    "      <endorsement org=\"rrs\"/>\n");
    DocumentDiff diff = diffOf(before, after);
    REQUIRE(diff.changes.size() == 1);
    CHECK(diff.changes.front().id == "departure-insurance");
    CHECK(diff.changes.front().number == Number{1, 2});
    FieldChange f = onlyField(diff.changes.front());
    CHECK(f.field == "endorsement");
    CHECK(f.added == Strings{"rrs"});
    CHECK(f.removed.empty());
}

// ---- texts -----------------------------------------------------------------------------------------

TEST_CASE("a word changed in the English text shows only that word as deleted and inserted")
{
    std::string before = accord::test::example("nap-migrants.xml");
    std::string after = replaceOnce(before, "Extend the job-seeking period to six months",
                                    "Extend the job-seeking period to twelve months");
    DocumentDiff diff = diffOf(before, after);
    REQUIRE(diff.changes.size() == 1);
    const PartChange& c = diff.changes.front();
    CHECK(c.id == "eps-job-mobility");
    CHECK(c.number == Number{1, 1});
    CHECK(c.title == "Freedom to change workplaces under the Employment Permit System");
    FieldChange f = onlyField(c);
    CHECK(f.kind == FieldChange::Kind::Text);
    CHECK(f.field == "text");
    CHECK(f.lang == "en");
    REQUIRE(f.paragraphs.size() == 1);
    const ParagraphChange& p = f.paragraphs.front();
    CHECK(p.kind == ParagraphChange::Kind::Changed);
    CHECK(p.index == 1);
    REQUIRE(p.chunks.size() == 4);
    CHECK(p.chunks[0] == TextChunk{DiffOp::Equal, "Lift the cap on the number of changes and the rule that confines a "
                                                  "new job to the region of the first workplace. Extend the "
                                                  "job-seeking period to "});
    CHECK(p.chunks[1] == TextChunk{DiffOp::Delete, "six"});
    CHECK(p.chunks[2] == TextChunk{DiffOp::Insert, "twelve"});
    CHECK(p.chunks[3].op == DiffOp::Equal);
    CHECK(p.chunks[3].text.rfind(" months, and stop the clock", 0) == 0);
}

TEST_CASE("a Korean particle changed in a long word is refined syllable by syllable, in the ko text")
{
    std::string before = document(section(
        "labour", rec("a", {"Workers may change workplaces.", "Lift the cap."},
                      {"노동자가 사업장을 옮길 수 있도록 할 것.", "모든 노동자가 사업장을 자유롭게 선택할 수 있도록 할 것."})));
    std::string after = document(section(
        "labour", rec("a", {"Workers may change workplaces.", "Lift the cap."},
                      {"노동자가 사업장을 옮길 수 있도록 할 것.", "모든 노동자가 사업장에서 자유롭게 선택할 수 있도록 할 것."})));
    FieldChange f = onlyField(changeOf(diffOf(before, after), "a"));
    CHECK(f.kind == FieldChange::Kind::Text);
    CHECK(f.field == "text");
    CHECK(f.lang == "ko");
    REQUIRE(f.paragraphs.size() == 1);
    CHECK(f.paragraphs[0].kind == ParagraphChange::Kind::Changed);
    CHECK(f.paragraphs[0].index == 1);
    CHECK(f.paragraphs[0].chunks == Chunks{{DiffOp::Equal, "모든 노동자가 사업장"},
                                           {DiffOp::Delete, "을"},
                                           {DiffOp::Insert, "에서"},
                                           {DiffOp::Equal, " 자유롭게 선택할 수 있도록 할 것."}});
}

TEST_CASE("changes in both languages are reported as one Text field per language")
{
    std::string before = document(section("labour", rec("a", {"Workers must notify the office."},
                                                         {"노동자는 관서에 신고하여야 한다."})));
    std::string after = document(section("labour", rec("a", {"Workers must inform the office."},
                                                        {"노동자는 관서에 통보하여야 한다."})));
    PartChange c = changeOf(diffOf(before, after), "a");
    REQUIRE(c.fields.size() == 2);
    CHECK(c.fields[0].field == "text");
    CHECK(c.fields[0].lang == "en");
    REQUIRE(c.fields[0].paragraphs.size() == 1);
    CHECK(c.fields[0].paragraphs[0].chunks == Chunks{{DiffOp::Equal, "Workers must "},
                                                     {DiffOp::Delete, "notify"},
                                                     {DiffOp::Insert, "inform"},
                                                     {DiffOp::Equal, " the office."}});
    CHECK(c.fields[1].field == "text");
    CHECK(c.fields[1].lang == "ko");
    REQUIRE(c.fields[1].paragraphs.size() == 1);
    CHECK(countOp(c.fields[1].paragraphs[0].chunks, DiffOp::Delete) == 1);
    CHECK(countOp(c.fields[1].paragraphs[0].chunks, DiffOp::Insert) == 1);
}

TEST_CASE("a change inside emphasis is shown in the paragraph's light markup")
{
    std::string before = document(section("labour", rec("a", {"Amend the <em>Immigration Act</em> now."}, {"본문."})));
    std::string after = document(section("labour", rec("a", {"Amend the <em>Refugee Act</em> now."}, {"본문."})));
    FieldChange f = onlyField(changeOf(diffOf(before, after), "a"));
    REQUIRE(f.paragraphs.size() == 1);
    CHECK(f.paragraphs[0].chunks == Chunks{{DiffOp::Equal, "Amend the *"},
                                           {DiffOp::Delete, "Immigration"},
                                           {DiffOp::Insert, "Refugee"},
                                           {DiffOp::Equal, " Act* now."}});
}

TEST_CASE("a paragraph added at the end of a text is a ParagraphChange Added with its text inserted")
{
    std::string before = document(section("labour", rec("a", {"First.", "Second."}, {"첫째.", "둘째."})));
    std::string after =
        document(section("labour", rec("a", {"First.", "Second.", "A new <em>third</em> one."}, {"첫째.", "둘째."})));
    FieldChange f = onlyField(changeOf(diffOf(before, after), "a"));
    CHECK(f.field == "text");
    CHECK(f.lang == "en");
    REQUIRE(f.paragraphs.size() == 1);
    CHECK(f.paragraphs[0].kind == ParagraphChange::Kind::Added);
    CHECK(f.paragraphs[0].index == 2);
    CHECK(f.paragraphs[0].chunks == Chunks{{DiffOp::Insert, "A new *third* one."}});
}

TEST_CASE("a paragraph inserted between two others is Added at its new index, the others unchanged")
{
    std::string before = document(section("labour", rec("a", {"First.", "Second."}, {"첫째.", "둘째."})));
    std::string after = document(section("labour", rec("a", {"First.", "Second."}, {"첫째.", "사이.", "둘째."})));
    FieldChange f = onlyField(changeOf(diffOf(before, after), "a"));
    CHECK(f.lang == "ko");
    REQUIRE(f.paragraphs.size() == 1);
    CHECK(f.paragraphs[0].kind == ParagraphChange::Kind::Added);
    CHECK(f.paragraphs[0].index == 1);
    CHECK(f.paragraphs[0].chunks == Chunks{{DiffOp::Insert, "사이."}});
}

TEST_CASE("a paragraph inserted before an edited paragraph is Added, and the edit is Changed at the new index")
{
    // Paragraphs are aligned by content: the new paragraph is not a rewrite of the edited one.
    std::string before = document(section(
        "labour", rec("a", {"First paragraph stays.", "Workers may change workplaces at any time."}, {"첫째."})));
    std::string after = document(section(
        "labour", rec("a",
                      {"First paragraph stays.", "A completely new paragraph about inspections.",
                       "Workers may change workplaces at all times."},
                      {"첫째."})));
    FieldChange f = onlyField(changeOf(diffOf(before, after), "a"));
    REQUIRE(f.paragraphs.size() == 2);
    CHECK(f.paragraphs[0].kind == ParagraphChange::Kind::Added);
    CHECK(f.paragraphs[0].index == 1);
    CHECK(f.paragraphs[0].chunks == Chunks{{DiffOp::Insert, "A completely new paragraph about inspections."}});
    CHECK(f.paragraphs[1].kind == ParagraphChange::Kind::Changed);
    CHECK(f.paragraphs[1].index == 2);
    CHECK(f.paragraphs[1].chunks == Chunks{{DiffOp::Equal, "Workers may change workplaces at "},
                                           {DiffOp::Delete, "any time"},
                                           {DiffOp::Insert, "all times"},
                                           {DiffOp::Equal, "."}});
}

TEST_CASE("a paragraph removed from a text is a ParagraphChange Removed at its old index")
{
    std::string before = document(section("labour", rec("a", {"First.", "Second.", "Third."}, {"첫째."})));
    std::string after = document(section("labour", rec("a", {"First.", "Third."}, {"첫째."})));
    FieldChange f = onlyField(changeOf(diffOf(before, after), "a"));
    CHECK(f.lang == "en");
    REQUIRE(f.paragraphs.size() == 1);
    CHECK(f.paragraphs[0].kind == ParagraphChange::Kind::Removed);
    CHECK(f.paragraphs[0].index == 1);
    CHECK(f.paragraphs[0].chunks == Chunks{{DiffOp::Delete, "Second."}});
}

TEST_CASE("a whole new Korean text is reported under lang ko with every paragraph added")
{
    std::string before = document(section("labour", rec("a", {"First.", "Second."}, {})));
    std::string after = document(section("labour", rec("a", {"First.", "Second."}, {"첫째 문단.", "둘째 문단."})));
    FieldChange f = onlyField(changeOf(diffOf(before, after), "a"));
    CHECK(f.kind == FieldChange::Kind::Text);
    CHECK(f.field == "text");
    CHECK(f.lang == "ko");
    REQUIRE(f.paragraphs.size() == 2);
    CHECK(f.paragraphs[0].kind == ParagraphChange::Kind::Added);
    CHECK(f.paragraphs[0].index == 0);
    CHECK(f.paragraphs[0].chunks == Chunks{{DiffOp::Insert, "첫째 문단."}});
    CHECK(f.paragraphs[1].kind == ParagraphChange::Kind::Added);
    CHECK(f.paragraphs[1].index == 1);
    CHECK(f.paragraphs[1].chunks == Chunks{{DiffOp::Insert, "둘째 문단."}});
}

TEST_CASE("a Korean text taken out is reported under lang ko with every paragraph removed")
{
    std::string before = document(section("labour", rec("a", {"First."}, {"첫째 문단."})));
    std::string after = document(section("labour", rec("a", {"First."}, {})));
    FieldChange f = onlyField(changeOf(diffOf(before, after), "a"));
    CHECK(f.lang == "ko");
    REQUIRE(f.paragraphs.size() == 1);
    CHECK(f.paragraphs[0].kind == ParagraphChange::Kind::Removed);
    CHECK(f.paragraphs[0].index == 0);
    CHECK(f.paragraphs[0].chunks == Chunks{{DiffOp::Delete, "첫째 문단."}});
}

TEST_CASE("a rationale change is a Text field named rationale")
{
    std::string before = document(section(
        "labour", rec("a", {"Text."}, {}, "", "      <rationale xml:lang=\"en\"><p>Because it is fair.</p></rationale>\n")));
    std::string after = document(section(
        "labour", rec("a", {"Text."}, {}, "", "      <rationale xml:lang=\"en\"><p>Because it is just.</p></rationale>\n")));
    FieldChange f = onlyField(changeOf(diffOf(before, after), "a"));
    CHECK(f.kind == FieldChange::Kind::Text);
    CHECK(f.field == "rationale");
    CHECK(f.lang == "en");
    REQUIRE(f.paragraphs.size() == 1);
    CHECK(f.paragraphs[0].chunks == Chunks{{DiffOp::Equal, "Because it is "},
                                           {DiffOp::Delete, "fair"},
                                           {DiffOp::Insert, "just"},
                                           {DiffOp::Equal, "."}});
}

TEST_CASE("a recommendation title change is a Text field with the title before and after")
{
    std::string before = document(section("labour", rec("a")));
    std::string after = replaceOnce(before, "<title xml:lang=\"en\">Title of a</title>",
                                    "<title xml:lang=\"en\">Better title of a</title>");
    PartChange c = changeOf(diffOf(before, after), "a");
    CHECK(c.title == "Better title of a");
    FieldChange f = onlyField(c);
    CHECK(f.kind == FieldChange::Kind::Text);
    CHECK(f.field == "title");
    CHECK(f.lang == "en");
    CHECK(f.before == "Title of a");
    CHECK(f.after == "Better title of a");
}

// ---- sections and meta -------------------------------------------------------------------------------

TEST_CASE("a changed section heading is a heading Text field of the section")
{
    std::string before = base();
    std::string after = replaceOnce(before, "<heading xml:lang=\"ko\">부문 health</heading>",
                                    "<heading xml:lang=\"ko\">건강권</heading>");
    DocumentDiff diff = diffOf(before, after);
    REQUIRE(diff.changes.size() == 1);
    const PartChange& c = diff.changes.front();
    CHECK(c.part == PartChange::Part::Section);
    CHECK(c.id == "health");
    CHECK(c.number == Number{2});
    CHECK(c.title == "Section health");  // shown in the document's language
    FieldChange f = onlyField(c);
    CHECK(f.kind == FieldChange::Kind::Text);
    CHECK(f.field == "heading");
    CHECK(f.lang == "ko");
    CHECK(f.before == "부문 health");
    CHECK(f.after == "건강권");
}

TEST_CASE("a new section intro is an intro Text field with its paragraphs added")
{
    std::string before = base();
    std::string after = replaceOnce(before, "<heading xml:lang=\"ko\">부문 labour</heading>\n",
                                    "<heading xml:lang=\"ko\">부문 labour</heading>\n"
                                    "    <intro xml:lang=\"en\"><p>Why this matters.</p></intro>\n");
    FieldChange f = onlyField(changeOf(diffOf(before, after), "labour"));
    CHECK(f.field == "intro");
    CHECK(f.lang == "en");
    REQUIRE(f.paragraphs.size() == 1);
    CHECK(f.paragraphs[0].kind == ParagraphChange::Kind::Added);
    CHECK(f.paragraphs[0].chunks == Chunks{{DiffOp::Insert, "Why this matters."}});
}

TEST_CASE("a changed document title is a Meta change without an id")
{
    std::string before = base();
    std::string after = document(section("labour", rec("a") + rec("b") + rec("c")) + section("health", rec("d")),
                                 "Revised test submission");
    DocumentDiff diff = diffOf(before, after);
    REQUIRE(diff.changes.size() == 1);
    const PartChange& c = diff.changes.front();
    CHECK(c.part == PartChange::Part::Meta);
    CHECK(c.id.empty());
    CHECK_FALSE(c.added);
    CHECK_FALSE(c.removed);
    FieldChange f = onlyField(c);
    CHECK(f.kind == FieldChange::Kind::Text);
    CHECK(f.field == "title");
    CHECK(f.lang == "en");
    CHECK(f.before == "Test submission");
    CHECK(f.after == "Revised test submission");
}

TEST_CASE("the meta change comes before the changes to sections and recommendations")
{
    std::string after = document(section("labour", rec("a") + rec("b")) + section("health", rec("d") + rec("e")),
                                 "Revised test submission");
    DocumentDiff diff = diffOf(base(), after);
    CHECK(idsOf(diff) == Strings{"", "e", "c"});
    CHECK(diff.changes.front().part == PartChange::Part::Meta);
}

TEST_CASE("a changed deadline and a new coalition member are reported in the meta")
{
    std::string before = accord::test::fixture("documents/valid-small.xml");
    std::string after = replaceOnce(before, "<deadline>2025-03-31</deadline>", "<deadline>2025-04-30</deadline>");
    after = replaceOnce(after, "      <member org=\"mwu\"/>\n", "      <member org=\"mwu\"/>\n      <member org=\"rrs\"/>\n");
    DocumentDiff diff = diffOf(before, after);
    REQUIRE(diff.changes.size() == 1);
    const PartChange& c = diff.changes.front();
    CHECK(c.part == PartChange::Part::Meta);
    REQUIRE(c.fields.size() == 2);
    CHECK(c.fields[0].kind == FieldChange::Kind::Attribute);
    CHECK(c.fields[0].field == "deadline");
    CHECK(c.fields[0].before == "2025-03-31");
    CHECK(c.fields[0].after == "2025-04-30");
    CHECK(c.fields[1].kind == FieldChange::Kind::Set);
    CHECK(c.fields[1].field == "coalition");
    CHECK(c.fields[1].added == Strings{"rrs"});
    CHECK(c.fields[1].removed.empty());
}

TEST_CASE("a change of the document's primary language is reported in the meta")
{
    std::string before = base();
    std::string after = replaceOnce(before, "id=\"test\" xml:lang=\"en\"", "id=\"test\" xml:lang=\"ko\"");
    DocumentDiff diff = diffOf(before, after);
    CHECK_FALSE(diff.empty());
    REQUIRE(diff.changes.size() == 1);
    const PartChange& c = diff.changes.front();
    CHECK(c.part == PartChange::Part::Meta);
    FieldChange f = onlyField(c);
    CHECK(f.kind == FieldChange::Kind::Attribute);
    CHECK(f.before == "en");
    CHECK(f.after == "ko");
}

// ---- whole documents ------------------------------------------------------------------------------------

TEST_CASE("a new document is added and every part in it is reported as added")
{
    Submission doc = parseSubmission(base(), "after.xml");
    DocumentDiff diff = diffSubmissions(nullptr, &doc, "documents/test.xml");
    CHECK(diff.added);
    CHECK_FALSE(diff.removed);
    CHECK_FALSE(diff.empty());
    CHECK(diff.path == "documents/test.xml");
    CHECK(idsOf(diff) == Strings{"labour", "a", "b", "c", "health", "d"});
    for (const auto& c : diff.changes) {
        CAPTURE(c.id);
        CHECK(c.added);
        CHECK_FALSE(c.removed);
        CHECK(c.part != PartChange::Part::Meta);
    }
    CHECK(changeOf(diff, "d").number == Number{2, 1});
    CHECK(changeOf(diff, "d").toParent == "health");
}

TEST_CASE("a deleted document is removed and every part in it is reported as removed")
{
    Submission doc = parseSubmission(base(), "before.xml");
    DocumentDiff diff = diffSubmissions(&doc, nullptr, "documents/test.xml");
    CHECK(diff.removed);
    CHECK_FALSE(diff.added);
    CHECK(idsOf(diff) == Strings{"labour", "a", "b", "c", "health", "d"});
    for (const auto& c : diff.changes) {
        CAPTURE(c.id);
        CHECK(c.removed);
        CHECK_FALSE(c.added);
    }
    CHECK(changeOf(diff, "b").number == Number{1, 2});
    CHECK(changeOf(diff, "b").fromParent == "labour");
}

TEST_CASE("no document on either side is an empty diff")
{
    DocumentDiff diff = diffSubmissions(nullptr, nullptr, "documents/none.xml");
    CHECK(diff.empty());
    CHECK_FALSE(diff.added);
    CHECK_FALSE(diff.removed);
}

// ---- lookup ----------------------------------------------------------------------------------------------

TEST_CASE("findChange finds the change to a part by id and nothing for an unchanged part")
{
    std::string after = document(section("labour", rec("a") + rec("c")) +
                                 section("health", rec("d", {"Recommendation d."}, {"권고 d."}, " priority=\"low\"")));
    DocumentDiff diff = diffOf(base(), after);
    auto d = findChange(diff, "d");
    REQUIRE(d.has_value());
    CHECK(d->id == "d");
    REQUIRE(d->fields.size() == 1);
    CHECK(d->fields[0].field == "priority");
    auto b = findChange(diff, "b");
    REQUIRE(b.has_value());
    CHECK(b->removed);
    CHECK_FALSE(findChange(diff, "a").has_value());
    CHECK_FALSE(findChange(diff, "labour").has_value());
    CHECK_FALSE(findChange(diff, "no-such-id").has_value());
}
