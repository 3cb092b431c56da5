// Edits of a document's parts committed to a draft without the working tree
// (Workspace::editDocument, what the server's edit routes call): what is committed
// is exactly the edited document, checked as a commit of the whole file would be.
#include "support.hpp"

#include "accord/workspace/merge.hpp"
#include "accord/workspace/workspace.hpp"

#include <doctest/doctest.h>
#include <git2.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace accord::workspace;
using namespace accord::test;

namespace {

const Signature kSujin{"이수진", "sujin@mwu.example"};
const std::string kPath = "documents/nap4-migrants.xml";
const std::string kDraft = "draft/mwu-edits";

Paragraph paragraph(std::vector<Inline> content)
{
    return Paragraph{std::move(content), 0};
}

Inline text(std::string t)
{
    return Inline{Inline::Kind::Text, std::move(t), "", {}};
}

Inline marked(Inline::Kind kind, std::string t)
{
    return Inline{kind, "", "", {text(std::move(t))}};
}

Recommendation recommendation(const std::string& id, int n)
{
    Recommendation r;
    r.id = id;
    r.titles = {LangText{"ko", "새 권고 " + std::to_string(n), 0}, LangText{"en", "New recommendation " + std::to_string(n), 0}};
    r.texts = {Block{"ko", {paragraph({text("정부는 "), marked(Inline::Kind::Em, "모든"), text(" 이주노동자에게 사업장 변경을 허용하라.")})}, 0},
               Block{"en", {paragraph({text("Allow "), marked(Inline::Kind::Em, "every"), text(" migrant worker to change workplace.")})}, 0}};
    r.endorsements = {Endorsement{"mwu", 0}};
    return r;
}

std::vector<std::string> recommendationIds(const std::vector<Section>& sections)
{
    std::vector<std::string> out;
    for (const auto& s : sections) {
        for (const auto& r : s.recommendations) out.push_back(r.id);
        auto inner = recommendationIds(s.sections);
        out.insert(out.end(), inner.begin(), inner.end());
    }
    return out;
}

std::vector<std::string> sectionIds(const std::vector<Section>& sections)
{
    std::vector<std::string> out;
    for (const auto& s : sections) {
        out.push_back(s.id);
        auto inner = sectionIds(s.sections);
        out.insert(out.end(), inner.begin(), inner.end());
    }
    return out;
}

/// The example workspace with the example submission on main and a draft of it.
Workspace exampleDraft(const TempDir& dir)
{
    const fs::path root = exampleWorkspace(dir);
    ok(runAccord({"org", "add", "mwu", "--name", "Migrant Workers' Union", "--name-ko", "이주노동자노동조합"}, root));
    Workspace ws = Workspace::open(root);
    ws.commit("The example submission", kSujin);
    ws.createDraft("mwu-edits");
    return ws;
}

DocumentMerger noMerge()
{
    return [](const MergeSides&, const MergeLabels&, const std::string&) -> DocumentMergeResult {
        FAIL("the edit should have applied to the draft's head without a merge");
        return {};
    };
}

} // namespace

TEST_SUITE("edits")
{
    TEST_CASE("every kind of part edit, on the head or on an older commit, commits the edited document byte for byte")
    {
        TempDir dir;
        Workspace ws = exampleDraft(dir);
        Submission expected = parseSubmission(*ws.fileAt(kDraft, kPath), kPath);
        std::vector<std::string> heads{ws.resolve(kDraft).id};
        for (int i = 0; i < 48; ++i) {
            const auto recs = recommendationIds(expected.sections);
            const auto sections = sectionIds(expected.sections);
            REQUIRE(recs.size() > 3);
            const std::string rec = recs[static_cast<std::size_t>(i * 7) % recs.size()];
            const std::string section = sections[static_cast<std::size_t>(i * 3) % sections.size()];
            std::function<void(Submission&)> change;
            std::string against = heads.back();
            switch (i % 6) {
            case 0:  // the words of a recommendation, in both languages, made against the commit two edits back
                change = [rec, i](Submission& doc) {
                    Recommendation* r = doc.findRecommendation(rec);
                    r->texts = {Block{"ko", {paragraph({text("수정 " + std::to_string(i) + ": "), marked(Inline::Kind::Strong, "즉시"),
                                                        text(" 시행하라"), marked(Inline::Kind::Note, "각주 " + std::to_string(i))})},
                                      0},
                                Block{"en", {paragraph({text("Edit " + std::to_string(i) + ": act "), marked(Inline::Kind::Strong, "now")})}, 0}};
                };
                if (heads.size() > 2) against = heads[heads.size() - 3];
                break;
            case 1:  // a recommendation moved to the end of another section
                change = [rec, section](Submission& doc) {
                    auto taken = doc.takeRecommendation(rec);
                    doc.findSection(section)->recommendations.push_back(std::move(*taken));
                };
                break;
            case 2:  // a new recommendation
                change = [section, i](Submission& doc) {
                    doc.findSection(section)->recommendations.push_back(recommendation("new-" + std::to_string(i), i));
                };
                break;
            case 3:  // a recommendation deleted
                change = [rec](Submission& doc) { doc.takeRecommendation(rec); };
                break;
            case 4:  // a section's heading
                change = [section, i](Submission& doc) {
                    doc.findSection(section)->headings = {LangText{"ko", "제목 " + std::to_string(i), 0},
                                                          LangText{"en", "Heading " + std::to_string(i), 0}};
                };
                break;
            default:  // a new section at the top, with one recommendation
                change = [i](Submission& doc) {
                    Section s;
                    s.id = "new-section-" + std::to_string(i);
                    s.headings = {LangText{"ko", "새 주제 " + std::to_string(i), 0}, LangText{"en", "New theme", 0}};
                    s.recommendations.push_back(recommendation("in-new-section-" + std::to_string(i), i));
                    doc.sections.insert(doc.sections.begin() + 1, std::move(s));
                };
            }
            CAPTURE(i);
            auto result = ws.editDocument(Workspace::DocumentEdit{kDraft, kPath, against, change, "edit " + std::to_string(i), kSujin},
                                          noMerge());
            REQUIRE(result.changed);
            CHECK(result.merged == (against != heads.back()));
            change(expected);
            const std::string committed = *ws.fileAt(kDraft, kPath);
            CHECK(committed == serialize(expected));
            CHECK(validateSubmission(committed, kPath, ws.validationContext()).empty());
            heads.push_back(result.commit.id);
        }
        CHECK(ws.log(kDraft).size() == 49);
        CHECK(git({"fsck", "--no-progress"}, ws.root()).status == 0);
    }

    TEST_CASE("an edit of a part someone changed since the version it names goes to the merge, and a clash writes nothing")
    {
        TempDir dir;
        Workspace ws = exampleDraft(dir);
        const std::string base = ws.resolve(kDraft).id;
        const auto recs = recommendationIds(parseSubmission(*ws.fileAt(kDraft, kPath), kPath).sections);
        auto words = [](const std::string& rec, const std::string& ko) {
            return [rec, ko](Submission& doc) {
                doc.findRecommendation(rec)->texts = {Block{"ko", {paragraph({text(ko)})}, 0}};
            };
        };
        // Two edits of other recommendations, then the same recommendation twice from one version.
        (void)ws.editDocument(Workspace::DocumentEdit{kDraft, kPath, base, words(recs[0], "첫째"), "one", kSujin}, noMerge());
        (void)ws.editDocument(Workspace::DocumentEdit{kDraft, kPath, base, words(recs[1], "둘째"), "two", kSujin}, noMerge());
        (void)ws.editDocument(Workspace::DocumentEdit{kDraft, kPath, base, words(recs[2], "김민지의 문장"), "three", kSujin}, noMerge());
        const std::string head = ws.resolve(kDraft).id;
        int merges = 0;
        DocumentMerger clash = [&](const MergeSides& sides, const MergeLabels&, const std::string&) {
            ++merges;
            CHECK(contains(sides.theirs, "박지호의 문장"));
            CHECK(contains(sides.ours, "김민지의 문장"));
            return DocumentMergeResult{sides.ours, 1};
        };
        CHECK_THROWS_AS((void)ws.editDocument(Workspace::DocumentEdit{kDraft, kPath, base, words(recs[2], "박지호의 문장"), "four", kSujin},
                                              clash),
                        Error);
        CHECK(merges == 1);
        CHECK(ws.resolve(kDraft).id == head);
    }

    TEST_CASE("a server's objects, written at zlib's fastest level and the document's on a second thread, are read by git itself")
    {
        TempDir dir;
        Workspace ws = exampleDraft(dir);
        ws.writeObjectsFast();
        const std::string rec = recommendationIds(parseSubmission(*ws.fileAt(kDraft, kPath), kPath).sections).front();
        auto edit = [&](Submission& doc) {
            auto& priority = doc.findRecommendation(rec)->priority;
            priority = priority == "high" ? "low" : "high";
        };
        auto made = ws.editDocument(Workspace::DocumentEdit{kDraft, kPath, ws.resolve(kDraft).id, edit, "우선순위 변경", kSujin},
                                    noMerge());
        REQUIRE(made.changed);
        const std::string blob = *ws.blobAt(made.commit.id, kPath);
        const std::string loose = readText(ws.root() / ".git/objects" / blob.substr(0, 2) / blob.substr(2));
        REQUIRE(loose.size() > 2);
        CHECK(static_cast<unsigned char>(loose[0]) == 0x78);
        CHECK(static_cast<unsigned char>(loose[1]) == 0x01);  // zlib's header for its fastest level
        CHECK(git({"cat-file", "blob", blob}, ws.root()).out == *ws.fileAt(kDraft, kPath));
        const auto logged = git({"log", "-1", "--format=%an %s", made.commit.id}, ws.root());
        CHECK_MESSAGE(contains(logged.out, "이수진 우선순위 변경"), logged.out, logged.err);
        CHECK(git({"fsck", "--no-progress"}, ws.root()).status == 0);
        // writeObjectsFast is for a server's process; the tests after this one run as the CLI does.
        git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 1);
    }

    TEST_CASE("an edit that would not validate is refused with the whole document's line, and nothing is written")
    {
        TempDir dir;
        Workspace ws = exampleDraft(dir);
        const std::string head = ws.resolve(kDraft).id;
        const std::string rec = recommendationIds(parseSubmission(*ws.fileAt(kDraft, kPath), kPath).sections).back();

        SUBCASE("a value the schema refuses, in the edited part")
        {
            auto edit = [&](Submission& doc) { doc.findRecommendation(rec)->priority = "urgent"; };
            try {
                (void)ws.editDocument(Workspace::DocumentEdit{kDraft, kPath, head, edit, "priority", kSujin}, noMerge());
                FAIL("the edit was committed");
            } catch (const ValidationError& e) {
                REQUIRE(e.diagnostics().size() == 1);
                const Diagnostic& d = e.diagnostics().front();
                CHECK(d.file == kPath);
                CHECK(contains(d.message, "urgent"));
                // The line is the recommendation's in the whole document as it would have been written.
                Submission doc = parseSubmission(*ws.fileAt(kDraft, kPath), kPath);
                edit(doc);
                const std::string bytes = serialize(doc);
                const auto at = bytes.find("priority=\"urgent\"");
                CHECK(d.line == 1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
            }
        }
        SUBCASE("an id used twice: the rule across parts")
        {
            auto edit = [&](Submission& doc) { doc.sections.front().recommendations.push_back(recommendation(rec, 1)); };
            CHECK_THROWS_WITH_AS((void)ws.editDocument(Workspace::DocumentEdit{kDraft, kPath, head, edit, "twice", kSujin}, noMerge()),
                                 doctest::Contains("already used"), ValidationError);
        }
        SUBCASE("an endorsement by an organisation the workspace does not declare")
        {
            auto edit = [&](Submission& doc) { doc.findRecommendation(rec)->endorsements.push_back(Endorsement{"nobody", 0}); };
            CHECK_THROWS_WITH_AS((void)ws.editDocument(Workspace::DocumentEdit{kDraft, kPath, head, edit, "endorse", kSujin}, noMerge()),
                                 doctest::Contains("nobody"), ValidationError);
        }
        CHECK(ws.resolve(kDraft).id == head);
    }

    TEST_CASE("an edit of a document committed invalid by other means is checked in full and refused")
    {
        TempDir dir;
        Workspace ws = exampleDraft(dir);
        // Plain git commits a document with a value the schema refuses, beside Accord.
        Submission doc = parseSubmission(*ws.fileAt(kDraft, kPath), kPath);
        const auto recs = recommendationIds(doc.sections);
        doc.findRecommendation(recs.front())->priority = "urgent";
        const fs::path other = dir / "other";
        ok(git({"clone", "-q", "-b", kDraft, ws.root().string(), other.string()}, dir.path()));
        writeText(other / kPath, serialize(doc));
        ok(git({"-c", "user.name=Plain Git", "-c", "user.email=git@example.org", "commit", "-qam", "an unknown priority"}, other));
        ok(git({"push", "-q", "origin", kDraft}, other));
        const std::string head = ws.resolve(kDraft).id;

        auto edit = [&](Submission& d) { d.findRecommendation(recs[1])->priority = "high"; };
        CHECK_THROWS_WITH_AS((void)ws.editDocument(Workspace::DocumentEdit{kDraft, kPath, head, edit, "priority", kSujin}, noMerge()),
                             doctest::Contains("urgent"), ValidationError);
        CHECK(ws.resolve(kDraft).id == head);
    }
}
