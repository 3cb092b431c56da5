#include "support.hpp"

#include "accord/plugin/api.hpp"
#include "accord/workspace/document.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <doctest/doctest.h>

#include <algorithm>

namespace fs = std::filesystem;
using accord::test::contains;
using accord::test::runAccord;
using accord::test::fixture;
using accord::test::makeWorkspace;
using accord::test::readText;
using accord::test::replaceOnce;
using accord::test::RunResult;
using accord::test::TempDir;
using accord::test::writeText;
using accord::test::exampleWorkspace;
using accord::workspace::parseSubmission;
using accord::workspace::Recommendation;
using accord::workspace::Submission;

namespace {

/// A workspace with documents/small.xml committed on main.
fs::path committedWorkspace(const TempDir& dir)
{
    fs::path ws = makeWorkspace(dir);
    writeText(ws / "documents/small.xml", fixture("documents/valid-small.xml"));
    auto r = runAccord({"commit", "-m", "Start the small submission"}, ws);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return ws;
}

std::string head(const fs::path& ws)
{
    return accord::test::git({"rev-parse", "HEAD"}, ws).out;
}

} // namespace

TEST_SUITE("cli")
{
    TEST_CASE("--help lists every command and help CMD explains one")
    {
        TempDir dir;
        auto r = runAccord({"--help"}, dir.path());
        CHECK(r.status == 0);
        for (const char* cmd : {"init", "org", "new", "rec", "section", "endorse", "unendorse", "validate", "commit", "status",
                                "log", "show", "draft", "switch", "diff", "plugins", "export", "help"})
            CHECK_MESSAGE(contains(r.out, std::string("  ") + cmd), cmd);
        auto commit = runAccord({"help", "commit"}, dir.path());
        CHECK(commit.status == 0);
        CHECK(contains(commit.out, "--message"));
        CHECK(contains(commit.out, "ACCORD_AUTHOR"));
        auto draftNew = runAccord({"help", "draft", "new"}, dir.path());
        CHECK(draftNew.status == 0);
        CHECK(contains(draftNew.out, "--from"));
        auto unknown = runAccord({"help", "frobnicate"}, dir.path());
        CHECK(unknown.status == 2);
        CHECK(contains(unknown.err, "no command \"frobnicate\""));
    }

    TEST_CASE("wrong usage exits with status 2 and says what is wrong")
    {
        TempDir dir;
        auto r = runAccord({"commit"}, dir.path());
        CHECK(r.status == 2);
        CHECK(contains(r.err, "--message"));
        CHECK(runAccord({"no-such-command"}, dir.path()).status == 2);
    }

    TEST_CASE("init, org add and org list keep Korean names")
    {
        TempDir dir;
        fs::path ws = makeWorkspace(dir);
        auto list = runAccord({"org", "list"}, ws);
        CHECK(list.status == 0);
        CHECK(contains(list.out, "krsn\tKorea Refugee Support Network / 난민지원네트워크"));
        auto json = runAccord({"org", "list", "--json"}, ws);
        auto parsed = Poco::JSON::Parser().parse(json.out).extract<Poco::JSON::Array::Ptr>();
        REQUIRE(parsed->size() == 3);
        CHECK(parsed->getObject(1)->getObject("names")->getValue<std::string>("ko") == "난민지원네트워크");
    }

    TEST_CASE("org add refuses a duplicate or a bad id and leaves accord.xml as it was")
    {
        TempDir dir;
        fs::path ws = makeWorkspace(dir);
        std::string before = readText(ws / "accord.xml");
        auto dup = runAccord({"org", "add", "krsn", "--name", "Another"}, ws);
        CHECK(dup.status == 1);
        CHECK(contains(dup.err, "organisation krsn already exists"));
        auto bad = runAccord({"org", "add", "KRSN!", "--name", "Shouting"}, ws);
        CHECK(bad.status == 1);
        CHECK(contains(bad.err, "not a valid organisation id"));
        CHECK(readText(ws / "accord.xml") == before);
    }

    TEST_CASE("commands outside a workspace say so and exit 1")
    {
        TempDir dir;
        for (auto args : std::vector<std::vector<std::string>>{{"commit", "-m", "x"}, {"status"}, {"validate"}, {"log"}}) {
            auto r = runAccord(args, dir.path());
            CHECK(r.status == 1);
            CHECK(contains(r.err, "not inside an Accord workspace"));
        }
    }

    TEST_CASE("accord serve runs accord-serve beside accord, and says so plainly when it is missing")
    {
        TempDir dir;
        const fs::path ws = makeWorkspace(dir);
        // An installation that lost its server program: accord alone in a folder.
        const fs::path bin = dir / "bin";
        fs::create_directories(bin);
        fs::copy_file(ACCORD_BINARY, bin / "accord");
        auto lone = accord::test::run((bin / "accord").string(), {"serve", "--listen", "127.0.0.1:1"}, ws);
        CHECK(lone.status == 1);
        CHECK(contains(lone.err, (bin / "accord-serve").string()));
        CHECK(contains(lone.err, "install Accord again"));
        // Beside it, the server program takes the command over: its own checks answer.
        ok(runAccord({"commit", "-m", "Start"}, ws));
        auto beside = runAccord({"serve", "passwd", "nobody"}, ws);
        CHECK(beside.status == 1);
        CHECK(contains(beside.err, "no user \"nobody\" in accord.xml"));
    }

    TEST_CASE("new writes a skeleton that validates, in Korean too")
    {
        TempDir dir;
        fs::path ws = makeWorkspace(dir);
        auto r = runAccord({"new", "upr4-migrants", "--title", "제4차 UPR 이주민 공동 보고서", "--lang", "ko"}, ws);
        CHECK(r.status == 0);
        std::string text = readText(ws / "documents/upr4-migrants.xml");
        CHECK(contains(text, "xml:lang=\"ko\""));
        CHECK(contains(text, "제4차 UPR 이주민 공동 보고서"));
        CHECK(runAccord({"validate"}, ws).status == 0);
        // An example section and recommendation in both languages, that the part commands change.
        Submission doc = parseSubmission(text, "upr4-migrants.xml");
        const Recommendation* example = doc.findRecommendation("example-recommendation");
        REQUIRE(example);
        CHECK(example->texts.size() == 2);
        CHECK(example->titles.size() == 2);
        CHECK(runAccord({"rec", "rm", "upr4-migrants", "example-recommendation"}, ws).status == 0);
        CHECK(runAccord({"section", "rm", "upr4-migrants", "example-section"}, ws).status == 0);
        CHECK(runAccord({"validate"}, ws).status == 0);
        auto again = runAccord({"new", "upr4-migrants", "--title", "x"}, ws);
        CHECK(again.status == 1);
        CHECK(contains(again.err, "already exists"));
        CHECK(runAccord({"new", "Bad_Id", "--title", "x"}, ws).status == 1);
    }

    TEST_CASE("validate names file and line, exits 1, and --json gives the same findings")
    {
        TempDir dir;
        fs::path ws = makeWorkspace(dir);
        writeText(ws / "documents/malformed.xml", fixture("documents/malformed.xml"));
        writeText(ws / "documents/unknown-org.xml", fixture("documents/unknown-org.xml"));
        auto r = runAccord({"validate"}, ws);
        CHECK(r.status == 1);
        CHECK(contains(r.err, "documents/malformed.xml:42: not well-formed XML"));
        CHECK(contains(r.err, "documents/unknown-org.xml:63: endorsement names unknown organisation \"krsm\""));
        auto one = runAccord({"validate", "unknown-org.xml", "--json"}, ws / "documents");
        CHECK(one.status == 1);
        auto json = Poco::JSON::Parser().parse(one.out).extract<Poco::JSON::Object::Ptr>();
        CHECK_FALSE(json->getValue<bool>("valid"));
        CHECK(json->getArray("diagnostics")->getObject(0)->getValue<int>("line") == 63);
        auto missing = runAccord({"validate", "documents/none.xml"}, ws);
        CHECK(missing.status == 1);
        CHECK(contains(missing.err, "no document"));
    }

    TEST_CASE("validate refuses xml:lang=\"kr\" (Korean is ko) at its line, and a workspace may declare its languages")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        const std::string text = readText(ws / "documents/nap4-migrants.xml");
        const std::string korean = "<title xml:lang=\"ko\">";
        const auto at = text.find(korean, text.find("<recommendation "));
        REQUIRE(at != std::string::npos);
        std::string typo = text;
        typo.replace(at, korean.size(), "<title xml:lang=\"kr\">");
        writeText(ws / "documents/nap4-migrants.xml", typo);
        const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
        auto r = runAccord({"validate"}, ws);
        CHECK(r.status == 1);
        CHECK(contains(r.err, "documents/nap4-migrants.xml:" + std::to_string(line) +
                                  ": title is in language \"kr\", which this workspace does not write in (did you mean \"ko\"?"));
        auto exported = runAccord({"export", "nap4-migrants", "--format", "md", "--lang", "ko"}, ws);
        CHECK(exported.status == 1);
        CHECK(exported.out.empty());
        // A workspace that writes in Japanese too says so in accord.xml.
        std::string config = readText(ws / "accord.xml");
        config = accord::test::replaceOnce(config, "version=\"1\"", "version=\"1\" languages=\"ko en ja\"");
        writeText(ws / "accord.xml", config);
        typo.replace(at, korean.size(), "<title xml:lang=\"ja\">");
        writeText(ws / "documents/nap4-migrants.xml", typo);
        auto ja = runAccord({"validate"}, ws);
        CHECK_MESSAGE(ja.status == 0, ja.err);
    }

    TEST_CASE("recommendations, sections and endorsements change from the command line, in Korean and English, validated")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        const fs::path file = ws / "documents/nap4-migrants.xml";
        auto ok = [&](std::vector<std::string> args) {
            auto r = runAccord(args, ws);
            CHECK_MESSAGE(r.status == 0, r.err);
            return r;
        };
        auto added = ok({"rec", "add", "nap4-migrants", "--section", "labour", "--id", "seasonal-housing", "--position", "0",
                         "--title", "ko=계절노동자 숙소 기준", "--title", "en=Housing for seasonal workers",
                         "--text", "ko=계절노동자에게 적정한 숙소를 보장할 것.\n\n숙소 점검을 정례화할 것.",
                         "--text", "en=Guarantee *decent housing* to seasonal workers.[^Labour Standards Act, article 100.]",
                         "--endorse", "jumw", "--status", "agreed"});
        CHECK(contains(added.out, "Added recommendation seasonal-housing to section labour in documents/nap4-migrants.xml"));
        Submission doc = parseSubmission(readText(file), "nap4-migrants.xml");
        const Recommendation* r = doc.findRecommendation("seasonal-housing");
        REQUIRE(r);
        CHECK(doc.findSection("labour")->recommendations.front().id == "seasonal-housing");
        CHECK(r->titles.size() == 2);
        REQUIRE(r->texts.size() == 2);
        CHECK(r->texts[0].lang == "ko");
        CHECK(r->texts[0].paragraphs.size() == 2);
        CHECK(r->texts[0].paragraphs[1].content.front().text == "숙소 점검을 정례화할 것.");
        REQUIRE(r->texts[1].paragraphs.size() == 1);
        const auto& english = r->texts[1].paragraphs[0].content;
        REQUIRE(english.size() == 4);
        CHECK(english[1].kind == accord::workspace::Inline::Kind::Em);
        CHECK(english[3].kind == accord::workspace::Inline::Kind::Note);
        CHECK(r->effectiveStatus() == "agreed");
        CHECK(contains(ok({"validate"}).out, "valid"));

        ok({"endorse", "nap4-migrants", "seasonal-housing", "gnmc"});
        ok({"unendorse", "nap4-migrants", "seasonal-housing", "jumw"});
        ok({"rec", "move", "nap4-migrants", "seasonal-housing", "--to", "seasonal-work"});
        ok({"section", "add", "nap4-migrants", "--id", "adoptees", "--heading", "ko=해외입양인", "--heading", "en=Adoptees"});
        doc = parseSubmission(readText(file), "nap4-migrants.xml");
        r = doc.findRecommendation("seasonal-housing");
        REQUIRE(r);
        REQUIRE(r->endorsements.size() == 1);
        CHECK(r->endorsements[0].org == "gnmc");
        CHECK(doc.findSection("seasonal-work")->recommendations.back().id == "seasonal-housing");
        CHECK(doc.sections.back().id == "adoptees");
        // A section moves with all it holds: inside another, then back to the top, first.
        ok({"section", "move", "nap4-migrants", "adoptees", "--parent", "children"});
        doc = parseSubmission(readText(file), "nap4-migrants.xml");
        CHECK(doc.findSection("children")->sections.back().id == "adoptees");
        ok({"section", "move", "nap4-migrants", "seasonal-work", "--position", "0"});
        doc = parseSubmission(readText(file), "nap4-migrants.xml");
        CHECK(doc.sections.front().id == "seasonal-work");
        CHECK(doc.sections.front().recommendations.back().id == "seasonal-housing");
        CHECK(doc.findSection("labour")->sections.empty());
        ok({"section", "move", "nap4-migrants", "seasonal-work", "--parent", "labour"});
        ok({"section", "rm", "nap4-migrants", "adoptees"});
        ok({"rec", "rm", "nap4-migrants", "seasonal-housing"});
        CHECK_FALSE(parseSubmission(readText(file), "nap4-migrants.xml").findRecommendation("seasonal-housing"));

        // Refusals name what is wrong and leave the file as it was.
        const std::string before = readText(file);
        auto refused = [&](std::vector<std::string> args, const std::string& said) {
            auto result = runAccord(args, ws);
            CHECK(result.status != 0);
            CHECK_MESSAGE(contains(result.err, said), result.err);
            CHECK(readText(file) == before);
        };
        refused({"rec", "add", "nap4-migrants", "--section", "nowhere", "--id", "x", "--text", "en=X."}, "no section \"nowhere\"");
        refused({"rec", "add", "nap4-migrants", "--section", "labour", "--id", "eps-job-mobility", "--text", "en=X."},
                "\"eps-job-mobility\" is already a part of nap4-migrants");
        refused({"rec", "add", "nap4-migrants", "--section", "labour", "--id", "x", "--text", "kr=엑스."},
                "is in language \"kr\"");
        refused({"rec", "add", "nap4-migrants", "--section", "labour", "--id", "x", "--text", "just text"}, "--text takes LANG=TEXT");
        refused({"endorse", "nap4-migrants", "eps-job-mobility", "nobody"}, "unknown organisation \"nobody\"");
        refused({"endorse", "nap4-migrants", "eps-job-mobility", "jumw"}, "jumw already endorses eps-job-mobility");
        refused({"section", "rm", "nap4-migrants", "labour"}, "section labour still holds parts");
        refused({"section", "move", "nap4-migrants", "labour", "--parent", "seasonal-work"},
                "section labour cannot go inside its own subsection seasonal-work");
        refused({"section", "move", "nap4-migrants", "labour", "--parent", "labour"}, "section labour cannot go inside itself");
        refused({"section", "move", "nap4-migrants", "nowhere"}, "no section \"nowhere\"");
        refused({"rec", "move", "nap4-migrants", "eps-job-mobility", "--to", "nowhere"}, "no section \"nowhere\"");
    }

    TEST_CASE("rec edit opens the recommendation as text in $EDITOR, validates what is saved, and keeps it when refused")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        const fs::path file = ws / "documents/nap4-migrants.xml";
        // An "editor" that changes the text as a person would: a sed script run on the file it is given.
        auto editor = [&](const std::string& sed) {
            writeText(dir.path() / "editor.sh", "#!/bin/sh\nsed -i '" + sed + "' \"$1\"\n");
            fs::permissions(dir.path() / "editor.sh", fs::perms::owner_all);
            return (dir.path() / "editor.sh").string();
        };
        auto edit = [&](const std::string& program) {
            return runAccord({"rec", "edit", "nap4-migrants", "eps-job-mobility"}, ws, {{"EDITOR", program}, {"VISUAL", ""}});
        };

        const std::string original = readText(file);
        auto unchanged = edit(editor("s/nothing-to-find//"));
        CHECK_MESSAGE(unchanged.status == 0, unchanged.err);
        CHECK(contains(unchanged.out, "No change"));
        CHECK(readText(file) == original);

        auto changed = edit(editor("s/구직기간을 6개월로/구직기간을 *1년*으로/; s/^priority: high/priority: medium/"));
        CHECK_MESSAGE(changed.status == 0, changed.err);
        CHECK(contains(changed.out, "Edited recommendation eps-job-mobility in documents/nap4-migrants.xml"));
        Submission doc = parseSubmission(readText(file), "nap4-migrants.xml");
        const Recommendation* r = doc.findRecommendation("eps-job-mobility");
        REQUIRE(r);
        CHECK(r->priority == "medium");
        CHECK(contains(readText(file), "구직기간을 <em>1년</em>으로"));

        // Saved text that does not validate: nothing is written, the text is kept and taken up again.
        const std::string before = readText(file);
        auto refused = edit(editor("s/^endorse: .*/endorse: nobody/"));
        CHECK(refused.status == 1);
        CHECK(contains(refused.err, "unknown organisation \"nobody\""));
        CHECK(contains(refused.err, "your text is kept in "));
        CHECK(readText(file) == before);
        auto again = edit(editor("s/^endorse: nobody/endorse: jumw mrlf/"));
        CHECK_MESSAGE(again.status == 0, again.err);
        CHECK(contains(again.err, "taking up your earlier edit"));
        doc = parseSubmission(readText(file), "nap4-migrants.xml");
        CHECK(doc.findRecommendation("eps-job-mobility")->endorsements.size() == 2);
        CHECK(doc.findRecommendation("eps-job-mobility")->priority == "medium");
    }

    TEST_CASE("org import declares every organisation of a TSV file, or none when a line is wrong")
    {
        TempDir dir;
        fs::path ws = makeWorkspace(dir);
        writeText(ws / "orgs.tsv", "id\tname_en\tname_ko\tkind\ngnmc\tGyeongnam Migrant Community Centre\t경남 이주민공동체센터\tcommunity\r\n"
                                   "mfrn\tMigrant Fishers' Rights Network\t이주어선원 인권네트워크\tnetwork\n");
        auto r = runAccord({"org", "import", "orgs.tsv"}, ws);
        CHECK_MESSAGE(r.status == 0, r.err);
        CHECK(contains(r.out, "Added 2 organisation(s) from orgs.tsv"));
        auto listed = runAccord({"org", "list"}, ws);
        CHECK(contains(listed.out, "경남 이주민공동체센터"));
        CHECK(contains(listed.out, "mfrn"));
        const std::string config = readText(ws / "accord.xml");
        writeText(ws / "bad.tsv", "id\tname_en\tname_ko\tkind\nokay\tFine\t괜찮음\tngo\nBad Id\tName\t\t\n");
        auto bad = runAccord({"org", "import", "bad.tsv"}, ws);
        CHECK(bad.status == 1);
        CHECK(contains(bad.err, "bad.tsv:3: "));
        CHECK(contains(bad.err, "nothing was added"));
        CHECK(readText(ws / "accord.xml") == config);
        auto again = runAccord({"org", "import", "orgs.tsv"}, ws);
        CHECK(again.status == 1);
        CHECK(contains(again.err, "orgs.tsv:2: "));
    }

    TEST_CASE("commit refuses invalid documents and changes nothing stored")
    {
        TempDir dir;
        fs::path ws = committedWorkspace(dir);
        REQUIRE(runAccord({"draft", "new", "apil"}, ws).status == 0);
        REQUIRE(runAccord({"switch", "apil"}, ws).status == 0);
        std::string before = head(ws);
        writeText(ws / "documents/xsd-invalid.xml", fixture("documents/xsd-invalid.xml"));
        auto r = runAccord({"commit", "-m", "Add a broken document"}, ws);
        CHECK(r.status == 1);
        CHECK(contains(r.err, "documents/xsd-invalid.xml:54:"));
        CHECK(contains(r.err, "refused"));
        CHECK(head(ws) == before);
        CHECK(accord::test::git({"diff", "--cached", "--name-only"}, ws).out.empty());
    }

    TEST_CASE("main is protected by the default policy: after the first commit, changes go through drafts")
    {
        TempDir dir;
        fs::path ws = committedWorkspace(dir);
        CHECK(contains(readText(ws / "accord.xml"),
                       "<policy branch=\"main\" min-approvals=\"1\" endorsing-organisations=\"required\" self-approval=\"forbidden\" signatures=\"required\"/>"));
        std::string before = head(ws);
        writeText(ws / "documents/small.xml", replaceOnce(readText(ws / "documents/small.xml"), "priority=\"high\"", "priority=\"low\""));
        auto r = runAccord({"commit", "-m", "Straight to main"}, ws);
        CHECK(r.status == 1);
        CHECK(contains(r.err, "main is protected by the workspace's review policy"));
        CHECK(contains(r.err, "accord propose"));
        CHECK(head(ws) == before);
    }

    TEST_CASE("commit without any author identity is refused with what to set")
    {
        TempDir dir;
        fs::path ws = makeWorkspace(dir);
        writeText(ws / "documents/small.xml", fixture("documents/valid-small.xml"));
        auto r = runAccord({"commit", "-m", "No author"}, ws, {{"ACCORD_AUTHOR", ""}});
        CHECK(r.status == 1);
        CHECK(contains(r.err, "no author: set ACCORD_AUTHOR"));
        CHECK(accord::test::git({"rev-parse", "--verify", "-q", "HEAD"}, ws).status != 0);
        auto withFlag = runAccord({"commit", "-m", "With author", "--author", "정하늘 <haneul@krsn.example>"}, ws,
                               {{"ACCORD_AUTHOR", ""}});
        CHECK(withFlag.status == 0);
        CHECK(accord::test::git({"log", "-1", "--format=%an"}, ws).out == "정하늘\n");
    }

    TEST_CASE("a draft flow: draft, switch, edit, diff word by word, commit, history of one recommendation")
    {
        TempDir dir;
        fs::path ws = committedWorkspace(dir);
        CHECK(runAccord({"draft", "new", "krsn"}, ws).status == 0);
        CHECK(runAccord({"switch", "krsn"}, ws).status == 0);
        auto list = runAccord({"draft", "list"}, ws);
        CHECK(contains(list.out, "* krsn"));

        std::string text = readText(ws / "documents/small.xml");
        text = replaceOnce(text, "<endorsement org=\"mwu\"/>", "<endorsement org=\"mwu\"/>\n      <endorsement org=\"krsn\"/>");
        writeText(ws / "documents/small.xml", text);
        auto status = runAccord({"status"}, ws);
        CHECK(contains(status.out, "On draft/krsn"));
        CHECK(contains(status.out, "modified: documents/small.xml"));

        auto diff = runAccord({"diff"}, ws);
        CHECK(diff.status == 0);
        CHECK(contains(diff.out, "~ recommendation wage-arrears (1.1)"));
        CHECK(contains(diff.out, "endorsement: +krsn"));
        CHECK_FALSE(contains(diff.out, "\033["));  // piped: no colour codes

        CHECK(runAccord({"commit", "-m", "KRSN endorses wage arrears"}, ws).status == 0);
        auto log = runAccord({"log", "--rec", "wage-arrears"}, ws);
        CHECK(log.status == 0);
        CHECK(contains(log.out, "KRSN endorses wage arrears"));
        CHECK(contains(log.out, "Start the small submission"));
        auto between = runAccord({"diff", "main", "krsn", "--json"}, ws);
        auto json = Poco::JSON::Parser().parse(between.out).extract<Poco::JSON::Array::Ptr>();
        REQUIRE(json->size() == 1);
        CHECK(json->getObject(0)->getValue<std::string>("path") == "documents/small.xml");
        auto show = runAccord({"show"}, ws);
        CHECK(contains(show.out, "KRSN endorses wage arrears"));
        CHECK(contains(show.out, "endorsement: +krsn"));
        auto unknown = runAccord({"diff", "nowhere"}, ws);
        CHECK(unknown.status == 1);
        CHECK(contains(unknown.err, "unknown revision \"nowhere\""));
    }

    TEST_CASE("plugins lists the export plugin, and refused or failed fixtures with their reasons")
    {
        TempDir dir;
        auto normal = runAccord({"plugins"}, dir.path());
        CHECK(normal.status == 0);
        CHECK(contains(normal.out, "export-markdown"));
        CHECK(contains(normal.out, "loaded"));

        auto withFixtures = runAccord({"plugins"}, dir.path(), {{"ACCORD_PLUGIN_PATH", ACCORD_FIXTURE_PLUGIN_DIR}});
        CHECK(withFixtures.status == 0);
        const int api = accord::plugin::kApiVersion;
        CHECK(contains(withFixtures.out, "was built for plugin API " + std::to_string(api + 41) +
                                             ", but this accord has plugin API " + std::to_string(api)));
        CHECK(contains(withFixtures.out, "was built for accord 0.0.1-elsewhere, but this is accord"));
        CHECK(contains(withFixtures.out, "the fixture's database is missing"));
        CHECK(contains(withFixtures.out, "no accord_plugin_info"));
        CHECK(contains(withFixtures.out, "export-markdown"));

        auto hello = runAccord({"fixture-hello", "세계"}, dir.path(), {{"ACCORD_PLUGIN_PATH", ACCORD_FIXTURE_PLUGIN_DIR}});
        CHECK(hello.status == 0);
        CHECK(hello.out == "hello 세계\n");
    }
}
