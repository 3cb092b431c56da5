// Stale translations: found from the history (a commit that changes one language of a
// recommendation and not the other), shown by check, diff, export and proposal show,
// refused by --strict and by a profile that says so, cleared by an edit or by
// `accord translation ok`.
#include "support.hpp"

#include <doctest/doctest.h>

namespace fs = std::filesystem;
using accord::test::contains;
using accord::test::exampleWorkspace;
using accord::test::ok;
using accord::test::readText;
using accord::test::replaceOnce;
using accord::test::RunResult;
using accord::test::runAccord;
using accord::test::TempDir;
using accord::test::writeText;

namespace {

const std::map<std::string, std::string> kPark{{"ACCORD_AUTHOR", "Park Ji-hoon <jihoon@example.org>"}};
const std::map<std::string, std::string> kLee{{"ACCORD_AUTHOR", "Lee Soo-jin <soojin@example.org>"}};

const std::string kEnglish = "give applicants a copy of the record in a language they understand";
const std::string kKorean = "신청인이 이해하는 언어로 된 면접조서 사본을 제공하며";

/// The example committed, with Park and Lee as drafters of an organisation in it, on
/// a draft (main is protected).
fs::path committedExample(const TempDir& dir)
{
    const fs::path ws = exampleWorkspace(dir);
    ok(runAccord({"user", "add", "jihoon", "--name", "Park Ji-hoon", "--email", "jihoon@example.org", "--org", "mrlf", "--role",
                  "drafter"},
                 ws));
    ok(runAccord({"user", "add", "soojin", "--name", "Lee Soo-jin", "--email", "soojin@example.org", "--org", "mrlf", "--role",
                  "drafter,reviewer"},
                 ws));
    ok(runAccord({"commit", "-m", "The submission"}, ws, kPark));
    ok(runAccord({"draft", "new", "mrlf-work"}, ws));
    ok(runAccord({"switch", "draft/mrlf-work"}, ws));
    return ws;
}

void change(const fs::path& ws, const std::string& from, const std::string& to, const std::string& message,
            const std::map<std::string, std::string>& who)
{
    const fs::path file = ws / "documents/nap4-migrants.xml";
    writeText(file, replaceOnce(readText(file), from, to));
    ok(runAccord({"commit", "-m", message}, ws, who));
}

/// A second draft, mrlf-interviews, where Park changes the English text of rsd-interviews ("A full copy").
void fullCopyOnADraft(const fs::path& ws)
{
    ok(runAccord({"draft", "new", "mrlf-interviews"}, ws));
    ok(runAccord({"switch", "draft/mrlf-interviews"}, ws));
    change(ws, kEnglish, "give applicants a full copy of the record in a language they understand", "A full copy", kPark);
}

std::string checkOf(const fs::path& ws)
{
    auto r = runAccord({"check", "nap4-migrants"}, ws);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return r.out;
}

} // namespace

TEST_SUITE("translations")
{
    TEST_CASE("an English edit leaves the Korean text stale: check names it with the commit, and a Korean edit clears it")
    {
        TempDir dir;
        const fs::path ws = committedExample(dir);
        CHECK_FALSE(contains(checkOf(ws), "out of date"));
        change(ws, kEnglish, "give applicants a full copy of the record in a language they understand", "A full copy", kPark);
        const std::string check = checkOf(ws);
        CHECK(contains(check, "recommendation rsd-interviews: the ko text may be out of date: the en text changed after it in "));
        CHECK(contains(check, "(Park Ji-hoon, \"A full copy\")"));
        CHECK(contains(check, "accord translation ok nap4-migrants rsd-interviews --lang ko"));
        CHECK_FALSE(contains(check, "the en text may be out of date"));

        // diff and show say which language was left behind, in text and JSON.
        auto diff = runAccord({"diff", "HEAD~1", "HEAD"}, ws);
        CHECK(contains(diff.out, "ko translation stale"));
        auto json = runAccord({"diff", "--json", "HEAD~1..HEAD"}, ws);
        CHECK(contains(json.out, "\"staleLangs\""));
        CHECK(contains(runAccord({"show", "HEAD"}, ws).out, "ko translation stale"));

        // The translator catches up: nothing is stale any more, and the English is not
        // stale for the Korean change that only followed it.
        change(ws, kKorean, "신청인이 이해하는 언어로 된 면접조서 사본 전체를 제공하며", "사본 전체", kLee);
        CHECK_FALSE(contains(checkOf(ws), "out of date"));
        CHECK_FALSE(contains(runAccord({"diff", "HEAD~1", "HEAD"}, ws).out, "translation stale"));

        // A Korean change of its own, later, leaves the English behind in turn.
        change(ws, "결정 전에 조서 내용을", "결정 전에 조서 내용 전부를", "전부", kLee);
        CHECK(contains(checkOf(ws), "recommendation rsd-interviews: the en text may be out of date: the ko text changed after it"));
    }

    TEST_CASE("a document with comments and CDATA in it has its stale translations found as any other")
    {
        TempDir dir;
        const fs::path ws = committedExample(dir);
        // Comments and CDATA make the history be read by a whole parse of each version, not by its tags.
        change(ws, kEnglish, kEnglish + "<!-- 면접조서: interview record -->", "A comment", kLee);
        CHECK_FALSE(contains(checkOf(ws), "out of date"));
        change(ws, "a copy of the record", "a <![CDATA[full]]> copy of the record", "A full copy", kPark);
        const std::string check = checkOf(ws);
        CHECK(contains(check, "recommendation rsd-interviews: the ko text may be out of date: the en text changed after it in "));
        CHECK(contains(check, "(Park Ji-hoon, \"A full copy\")"));
    }

    TEST_CASE("both languages changed in one commit, or a translation added, leave nothing stale")
    {
        TempDir dir;
        const fs::path ws = committedExample(dir);
        const fs::path file = ws / "documents/nap4-migrants.xml";
        std::string xml = replaceOnce(readText(file), kEnglish, "give applicants a full copy of the record in a language they understand");
        writeText(file, replaceOnce(xml, kKorean, "신청인이 이해하는 언어로 된 면접조서 사본 전체를 제공하며"));
        ok(runAccord({"commit", "-m", "Both at once"}, ws, kPark));
        CHECK_FALSE(contains(checkOf(ws), "out of date"));

        // An English-only recommendation, then its Korean translation: the English is not stale.
        ok(runAccord({"rec", "add", "nap4-migrants", "--section", "refugees", "--id", "rsd-appeals", "--title",
                      "en=Independent appeals", "--text", "en=Create an independent appeal body."},
                     ws));
        ok(runAccord({"commit", "-m", "Appeals"}, ws, kPark));
        xml = readText(file);
        xml = replaceOnce(xml, "<title xml:lang=\"en\">Independent appeals</title>",
                          "<title xml:lang=\"en\">Independent appeals</title>\n      <title xml:lang=\"ko\">독립적 이의신청</title>");
        writeText(file, xml);
        ok(runAccord({"commit", "-m", "Korean title"}, ws, kLee));
        CHECK_FALSE(contains(checkOf(ws), "out of date"));
    }

    TEST_CASE("export warns of a stale text in its language, --strict and the nap-kr profile refuse it with nothing written")
    {
        TempDir dir;
        const fs::path ws = committedExample(dir);
        change(ws, kEnglish, "give applicants a full copy of the record in a language they understand", "A full copy", kPark);

        auto warned = runAccord({"export", "nap4-migrants", "--format", "md", "--lang", "ko", "-o", "ko.md"}, ws);
        CHECK(warned.status == 0);
        CHECK(contains(warned.err, "warning: documents/nap4-migrants.xml:"));
        CHECK(contains(warned.err, "the ko text may be out of date"));
        auto english = runAccord({"export", "nap4-migrants", "--format", "md", "--lang", "en", "-o", "en.md"}, ws);
        CHECK(english.status == 0);
        CHECK_FALSE(contains(english.err, "out of date"));

        auto strict = runAccord({"export", "nap4-migrants", "--format", "md", "--lang", "ko", "--strict", "-o", "strict.md"}, ws);
        CHECK(strict.status == 1);
        CHECK(contains(strict.err, "refused: documents/nap4-migrants.xml:"));
        CHECK_FALSE(fs::exists(ws / "strict.md"));

        auto ministry = runAccord({"export", "nap4-migrants", "--format", "hwpx", "--profile", "nap-kr", "-o", "nap.hwpx"}, ws);
        CHECK(ministry.status == 1);
        CHECK(contains(ministry.err, "the nap-kr profile refuses to export it"));
        CHECK_FALSE(fs::exists(ws / "nap.hwpx"));
    }

    TEST_CASE("translation ok confirms a stale text as of now: a record by the translator, until the other language changes again")
    {
        TempDir dir;
        const fs::path ws = committedExample(dir);
        change(ws, kEnglish, "give applicants a full copy of the record in a language they understand", "A full copy", kPark);

        auto stranger = runAccord({"translation", "ok", "nap4-migrants", "rsd-interviews", "--lang", "ko"}, ws,
                                  {{"ACCORD_AUTHOR", "Someone <someone@example.org>"}});
        CHECK(stranger.status == 1);
        CHECK(contains(stranger.err, "only a user of the workspace can confirm a translation"));

        auto confirmed = runAccord({"translation", "ok", "nap4-migrants", "rsd-interviews", "--lang", "ko"}, ws, kLee);
        REQUIRE_MESSAGE(confirmed.status == 0, confirmed.err);
        CHECK(contains(confirmed.out, "Confirmed the ko text of rsd-interviews"));
        CHECK_FALSE(contains(checkOf(ws), "out of date"));
        auto record = accord::test::git({"log", "-1", "--format=%an|%s", "--glob=refs/accord/translations/*"}, ws);
        CHECK(record.out == "Lee Soo-jin|Translation ok: rsd-interviews [ko]\n");
        auto again = runAccord({"translation", "ok", "nap4-migrants", "rsd-interviews", "--lang", "ko"}, ws, kLee);
        CHECK(again.status == 0);
        CHECK(contains(again.out, "not stale"));

        auto unknown = runAccord({"translation", "ok", "nap4-migrants", "rsd-interviews", "--lang", "fr"}, ws, kLee);
        CHECK(unknown.status == 1);
        CHECK(contains(unknown.err, "no fr text of recommendation \"rsd-interviews\""));

        // English changes again: the confirmation was for the text before it.
        change(ws, "a full copy of the record", "a full and certified copy of the record", "Certified", kPark);
        CHECK(contains(checkOf(ws), "the ko text may be out of date: the en text changed after it in "));
    }

    TEST_CASE("a merge brings a draft's changes without making them anew: its confirmations hold, its stale texts name their writer")
    {
        TempDir dir;
        const fs::path ws = committedExample(dir);
        fullCopyOnADraft(ws);
        ok(runAccord({"translation", "ok", "nap4-migrants", "rsd-interviews", "--lang", "ko"}, ws, kLee));
        change(ws, "Record every refugee status interview", "Record each refugee status interview", "Each interview", kPark);
        // Meanwhile on the other draft, both languages of another recommendation.
        ok(runAccord({"switch", "draft/mrlf-work"}, ws));
        const fs::path file = ws / "documents/nap4-migrants.xml";
        std::string xml = replaceOnce(readText(file), "register for a new job at any time", "register for a new job at any moment");
        writeText(file, replaceOnce(xml, "사업장을 옮기고 새 일자리에", "사업장을 자유롭게 옮기고 새 일자리에"));
        ok(runAccord({"commit", "-m", "At any moment"}, ws, kLee));
        ok(runAccord({"merge", "mrlf-interviews"}, ws, kLee));
        const std::string check = checkOf(ws);
        // The later English change is stale, named by the commit that made it, not by the merge.
        CHECK(contains(check, "recommendation rsd-interviews: the ko text may be out of date: the en text changed after it in "));
        CHECK(contains(check, "(Park Ji-hoon, \"Each interview\")"));
        CHECK_FALSE(contains(check, "Merge"));
    }

    TEST_CASE("a Korean edit on a draft that never saw an English change leaves it stale after the two drafts meet")
    {
        TempDir dir;
        const fs::path ws = committedExample(dir);
        fullCopyOnADraft(ws);
        // Meanwhile on the other draft, a translator polishes the Korean text of the same recommendation,
        // without the English change: it does not bring the Korean text up to date with it.
        ok(runAccord({"switch", "draft/mrlf-work"}, ws));
        change(ws, kKorean, "신청인이 이해하는 언어로 된 면접조서 사본 전체를 제공하며", "Korean wording", kLee);
        CHECK(contains(checkOf(ws), "rsd-interviews: the en text may be out of date: the ko text changed after it in "));
        CHECK_FALSE(contains(checkOf(ws), "the ko text may be out of date"));
        ok(runAccord({"merge", "mrlf-interviews"}, ws, kLee));
        const std::string check = checkOf(ws);
        // Each language's last words were written without the other's: both are stale, each naming its cause.
        CHECK(contains(check, "rsd-interviews: the ko text may be out of date: the en text changed after it in "));
        CHECK(contains(check, "(Park Ji-hoon, \"A full copy\")"));
        CHECK(contains(check, "rsd-interviews: the en text may be out of date: the ko text changed after it in "));
        CHECK(contains(check, "(Lee Soo-jin, \"Korean wording\")"));
        // A translator who brings the Korean text up to date after the meeting clears it; the English stays stale
        // until someone confirms it.
        change(ws, "신청인이 이해하는 언어로 된 면접조서 사본 전체를 제공하며", "신청인이 이해하는 언어로 된 면접조서 사본 전부를 제공하며",
               "Korean, after the full copy", kLee);
        const std::string after = checkOf(ws);
        CHECK_FALSE(contains(after, "the ko text may be out of date"));
        CHECK(contains(after, "the en text may be out of date"));
    }

    TEST_CASE("proposal show lists the stale translations of what the proposal changes")
    {
        TempDir dir;
        const fs::path ws = committedExample(dir);
        ok(runAccord({"draft", "new", "mrlf-interviews"}, ws, kPark));
        ok(runAccord({"switch", "draft/mrlf-interviews"}, ws));
        change(ws, kEnglish, "give applicants a full copy of the record in a language they understand", "A full copy", kPark);
        auto opened = runAccord({"propose", "--title", "A full copy"}, ws, {{"ACCORD_USER", "jihoon"}});
        REQUIRE_MESSAGE(opened.status == 0, opened.err);
        const auto at = opened.out.find("Opened proposal #");
        REQUIRE(at != std::string::npos);
        const std::string id = opened.out.substr(at + 17, opened.out.find(':', at) - at - 17);
        auto shown = runAccord({"proposal", "show", id}, ws);
        REQUIRE_MESSAGE(shown.status == 0, shown.err);
        CHECK(contains(shown.out, "Stale translations:\n  rsd-interviews [ko]: the en text changed in "));
        CHECK(contains(shown.out, "(Park Ji-hoon) and the ko text did not"));
    }
}

TEST_SUITE("recipients")
{
    TEST_CASE("a recipient's id prints as its name in each export's language, and words that are no recipient are named by check")
    {
        TempDir dir;
        const fs::path ws = committedExample(dir);
        auto listed = runAccord({"recipient", "list"}, ws);
        CHECK(contains(listed.out, "moel\tMinistry of Employment and Labor / 고용노동부"));

        ok(runAccord({"export", "nap4-migrants", "--format", "md", "--lang", "ko", "-o", "ko.md"}, ws));
        ok(runAccord({"export", "nap4-migrants", "--format", "md", "--lang", "en", "-o", "en.md"}, ws));
        const std::string ko = readText(ws / "ko.md");
        const std::string en = readText(ws / "en.md");
        CHECK(contains(ko, "고용노동부"));
        CHECK(contains(ko, "(고용노동부, 2024-03-14"));  // who responded, in Korean too
        CHECK_FALSE(contains(ko, "Ministry of Employment and Labor"));
        CHECK_FALSE(contains(ko, "moel"));
        CHECK(contains(en, "Ministry of Employment and Labor"));
        CHECK_FALSE(contains(en, "고용노동부"));
        CHECK_FALSE(contains(checkOf(ws), "recipient"));

        // Words instead of an id, and a recipient with no Korean name: both are named.
        const fs::path file = ws / "documents/nap4-migrants.xml";
        writeText(file, replaceOnce(readText(file), "<addressee>mof</addressee>", "<addressee>Korea Coast Guard</addressee>"));
        ok(runAccord({"recipient", "add", "kcg", "--name", "Korea Coast Guard"}, ws));
        ok(runAccord({"recipient", "add", "nhrck", "--name", "National Human Rights Commission of Korea"}, ws));
        writeText(file, replaceOnce(readText(file), "<addressee>moj</addressee>", "<addressee>nhrck</addressee>"));
        const std::string check = checkOf(ws);
        CHECK(contains(check, "the addressee \"Korea Coast Guard\" is words, not a recipient of accord.xml: the ko export prints "
                              "it as written"));
        CHECK(contains(check, "the name of recipient nhrck (accord.xml) has no ko version: the ko export prints the en one"));
        auto strict = runAccord({"export", "nap4-migrants", "--format", "md", "--lang", "ko", "--strict", "-o", "s.md"}, ws);
        CHECK(strict.status == 1);
        CHECK_FALSE(fs::exists(ws / "s.md"));

        auto taken = runAccord({"recipient", "add", "moel", "--name", "Another"}, ws);
        CHECK(taken.status == 1);
        CHECK(contains(taken.err, "recipient moel already exists (Ministry of Employment and Labor)"));
        auto bad = runAccord({"recipient", "add", "Ministry", "--name", "Ministry"}, ws);
        CHECK(bad.status == 1);
        CHECK(contains(bad.err, "is not a valid recipient id"));
    }
}

TEST_SUITE("recipients")
{
    TEST_CASE("the process is named per language: the Korean export prints the Korean name, and check names a missing one")
    {
        TempDir dir;
        const fs::path ws = committedExample(dir);
        ok(runAccord({"export", "nap4-migrants", "--format", "md", "--lang", "ko", "-o", "ko.md"}, ws));
        const std::string ko = readText(ws / "ko.md");
        CHECK(contains(ko, "제4차 국가인권정책기본계획"));
        CHECK_FALSE(contains(ko, "Fourth National Action Plan"));
        CHECK_FALSE(contains(checkOf(ws), "the process of the document"));

        const fs::path file = ws / "documents/nap4-migrants.xml";
        writeText(file, replaceOnce(readText(file), "    <process xml:lang=\"ko\">제4차 국가인권정책기본계획</process>\n", ""));
        CHECK(contains(checkOf(ws), "the process of the document has no ko version: the ko export prints the en one"));
        auto bad = readText(file);
        writeText(file, replaceOnce(bad, "<process kind=\"nap\" xml:lang=\"en\">", "<process kind=\"nap\" xml:lang=\"kr\">"));
        auto invalid = runAccord({"validate", "documents/nap4-migrants.xml"}, ws);
        CHECK(invalid.status == 1);
        CHECK(contains(invalid.err + invalid.out, "documents/nap4-migrants.xml:6:"));
    }
}

TEST_SUITE("recipients")
{
    TEST_CASE("references and responses per language: each export prints its own, check names a response left in English")
    {
        TempDir dir;
        const fs::path ws = committedExample(dir);
        ok(runAccord({"export", "nap4-migrants", "--format", "md", "--lang", "ko", "-o", "ko.md"}, ws));
        ok(runAccord({"export", "nap4-migrants", "--format", "md", "--lang", "en", "-o", "en.md"}, ws));
        const std::string ko = readText(ws / "ko.md");
        const std::string en = readText(ws / "en.md");
        CHECK(contains(ko, "외국인근로자의 고용 등에 관한 법률 제25조"));
        CHECK(contains(ko, "고용노동부는 폭언과 1개월 이상의 임금 체불을"));
        CHECK_FALSE(contains(ko, "Act on the Employment of Foreign Workers art. 25"));
        CHECK_FALSE(contains(ko, "The Ministry will add verbal abuse"));
        CHECK(contains(ko, "ICESCR art. 6"));  // a reference without a language, in both
        CHECK(contains(en, "Act on the Employment of Foreign Workers art. 25"));
        CHECK(contains(en, "The Ministry will add verbal abuse"));
        CHECK_FALSE(contains(en, "고용노동부는 폭언과"));

        CHECK_FALSE(contains(checkOf(ws), "the response of moel"));
        // Without its Korean translation, the response is named as printed in English.
        const fs::path file = ws / "documents/nap4-migrants.xml";
        std::string xml = readText(file);
        const auto from = xml.find("      <response round=\"2024-03-14\" from=\"moel\" position=\"partially-accepted\" xml:lang=\"ko\">");
        REQUIRE(from != std::string::npos);
        xml.erase(from, xml.find("</response>\n", from) + 12 - from);
        writeText(file, xml);
        CHECK(contains(checkOf(ws), "the response of moel (2024-03-14) to recommendation eps-job-mobility has no ko version: the "
                                    "ko export prints the en one"));
    }
}

TEST_SUITE("recipients")
{
    TEST_CASE("a section's introduction is written per language: each export prints its own, two in one language are refused")
    {
        TempDir dir;
        const fs::path ws = committedExample(dir);
        CHECK(contains(checkOf(ws), "the intro of section labour has no ko version"));
        const fs::path file = ws / "documents/nap4-migrants.xml";
        const std::string xml = readText(file);
        const auto end = xml.find("</intro>");
        REQUIRE(end != std::string::npos);
        const std::string korean = "\n    <intro xml:lang=\"ko\">\n      <p>고용허가제는 이주노동자가 최초 사업장에 묶이게 한다.</p>\n    </intro>";
        writeText(file, xml.substr(0, end + 8) + korean + xml.substr(end + 8));
        CHECK_FALSE(contains(checkOf(ws), "the intro of section labour"));
        ok(runAccord({"export", "nap4-migrants", "--format", "md", "--lang", "ko", "-o", "ko.md"}, ws));
        ok(runAccord({"export", "nap4-migrants", "--format", "md", "--lang", "en", "-o", "en.md"}, ws));
        CHECK(contains(readText(ws / "ko.md"), "고용허가제는 이주노동자가 최초 사업장에 묶이게 한다."));
        CHECK_FALSE(contains(readText(ws / "en.md"), "고용허가제는 이주노동자가"));

        writeText(file, xml.substr(0, end + 8) + replaceOnce(korean, "xml:lang=\"ko\"", "xml:lang=\"en\"") + xml.substr(end + 8));
        auto twice = runAccord({"validate", "documents/nap4-migrants.xml"}, ws);
        CHECK(twice.status == 1);
        CHECK(contains(twice.out + twice.err, "documents/nap4-migrants.xml:"));
    }
}
