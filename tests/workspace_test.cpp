#include "support.hpp"

#include "accord/workspace/files.hpp"
#include "accord/workspace/history.hpp"
#include "accord/workspace/merge.hpp"
#include "accord/workspace/workspace.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

namespace fs = std::filesystem;
using namespace accord::workspace;
using accord::test::fixture;
using accord::test::readText;
using accord::test::replaceOnce;
using accord::test::TempDir;
using accord::test::writeText;

namespace {

const Signature kMinji{"Kim Minji", "minji@apil.example"};
const Signature kJiho{"Park Jiho", "jiho@krsn.example"};

/// A workspace with the test coalition and the small document committed on main.
Workspace seeded(const TempDir& dir)
{
    Workspace ws = Workspace::init(dir / "ws");
    WorkspaceConfig config;
    for (auto [id, en, ko] : {std::tuple{"apil", "Advocates for Public Interest Law", "공익법센터 어필"},
                              std::tuple{"krsn", "Korea Refugee Support Network", "난민지원네트워크"},
                              std::tuple{"mwu", "Migrant Workers' Union", "이주노동자노동조합"}})
        config.organisations.push_back(Organisation{id, "", {LangText{"en", en, 0}, LangText{"ko", ko, 0}}, 0});
    ws.saveConfig(config);
    ws.writeFile("documents/small.xml", fixture("documents/valid-small.xml"));
    ws.commit("Start the submission", kMinji);
    return ws;
}

std::string refOf(const fs::path& repo, const std::string& ref)
{
    return accord::test::git({"rev-parse", ref}, repo).out;
}

} // namespace

TEST_SUITE("workspace")
{
    TEST_CASE("init creates a git repository on main with accord.xml and documents/")
    {
        TempDir dir;
        Workspace ws = Workspace::init(dir / "new");
        CHECK(fs::is_directory(dir / "new/.git"));
        CHECK(fs::is_directory(dir / "new/documents"));
        CHECK(validateConfig(readText(dir / "new/accord.xml"), "accord.xml").empty());
        CHECK(ws.currentBranch() == "main");
        CHECK_FALSE(ws.hasCommits());
    }

    TEST_CASE("init refuses a folder that is already a workspace")
    {
        TempDir dir;
        (void)Workspace::init(dir.path());
        std::string before = readText(dir / "accord.xml");
        CHECK_THROWS_WITH_AS((void)Workspace::init(dir.path()), doctest::Contains("already an Accord workspace"), Error);
        CHECK(readText(dir / "accord.xml") == before);
    }

    TEST_CASE("open finds the workspace root from a folder inside it, as git does")
    {
        TempDir dir;
        (void)Workspace::init(dir / "ws");
        Workspace ws = Workspace::open(dir / "ws/documents");
        CHECK(fs::equivalent(ws.root(), dir / "ws"));
    }

    TEST_CASE("open outside a workspace says how to make one")
    {
        TempDir dir;
        try {
            (void)Workspace::open(dir.path());
            FAIL("open should throw");
        } catch (const Error& e) {
            CHECK(e.kind() == ErrorKind::NotFound);
            CHECK(std::string(e.what()).find("accord init") != std::string::npos);
        }
    }

    TEST_CASE("a commit records the author and the documents, and plain git sees it")
    {
        TempDir dir;
        Workspace ws = seeded(dir);
        auto log = ws.log();
        REQUIRE(log.size() == 1);
        CHECK(log[0].author.name == "Kim Minji");
        CHECK(log[0].author.email == "minji@apil.example");
        CHECK(log[0].summary() == "Start the submission");
        CHECK(ws.status().empty());
        auto files = accord::test::git({"ls-tree", "-r", "--name-only", "HEAD"}, ws.root());
        CHECK(files.out == ".gitattributes\naccord.xml\ndocuments/small.xml\n");
        CHECK(accord::test::git({"status", "--porcelain"}, ws.root()).out.empty());
    }

    TEST_CASE("a commit with an invalid document is refused and writes nothing")
    {
        TempDir dir;
        Workspace ws = seeded(dir);
        std::string head = refOf(ws.root(), "HEAD");
        std::string index = readText(ws.root() / ".git/index");
        std::string good = readText(ws.root() / "documents/small.xml");
        ws.writeFile("documents/small.xml", replaceOnce(good, "org=\"mwu\"", "org=\"mwx\""));
        ws.writeFile("documents/unknown-org.xml", fixture("documents/unknown-org.xml"));
        try {
            ws.commit("Bad endorsement", kJiho);
            FAIL("commit should be refused");
        } catch (const ValidationError& e) {
            REQUIRE(e.diagnostics().size() == 2);
            CHECK(e.diagnostics()[0].file == "documents/small.xml");
            CHECK(e.diagnostics()[1].file == "documents/unknown-org.xml");
            CHECK(e.diagnostics()[1].line == 63);
        }
        CHECK(refOf(ws.root(), "HEAD") == head);
        CHECK(readText(ws.root() / ".git/index") == index);
        CHECK(ws.status().size() == 2);
    }

    TEST_CASE("a commit with nothing changed, or an empty message, is refused")
    {
        TempDir dir;
        Workspace ws = seeded(dir);
        CHECK_THROWS_WITH_AS(ws.commit("again", kMinji), doctest::Contains("nothing to commit"), Error);
        ws.writeFile("documents/small.xml", replaceOnce(readText(ws.root() / "documents/small.xml"), "status=\"agreed\"", "status=\"draft\""));
        CHECK_THROWS_WITH_AS(ws.commit("  \n", kMinji), doctest::Contains("message is empty"), Error);
    }

    TEST_CASE("the author comes from ACCORD_AUTHOR, else git config")
    {
        TempDir dir;
        Workspace ws = Workspace::init(dir / "ws");
        ::setenv("ACCORD_AUTHOR", "이수진 <sujin@mwu.example>", 1);
        CHECK(ws.defaultAuthor().name == "이수진");
        ::setenv("ACCORD_AUTHOR", "just a name", 1);
        CHECK_THROWS_WITH_AS((void)ws.defaultAuthor(), doctest::Contains("Name <email@example.org>"), Error);
        ::unsetenv("ACCORD_AUTHOR");
        REQUIRE(accord::test::git({"config", "user.name", "Choi Yuna"}, ws.root()).status == 0);
        REQUIRE(accord::test::git({"config", "user.email", "yuna@mwu.example"}, ws.root()).status == 0);
        CHECK(ws.defaultAuthor().email == "yuna@mwu.example");
    }

    TEST_CASE("drafts are branches draft/NAME — switching refuses to overwrite uncommitted work")
    {
        TempDir dir;
        Workspace ws = seeded(dir);
        ws.createDraft("krsn-refugees");
        CHECK_THROWS_AS(ws.createDraft("krsn-refugees"), Error);
        CHECK_THROWS_AS(ws.createDraft("Bad Name"), Error);
        auto drafts = ws.drafts();
        REQUIRE(drafts.size() == 2);
        CHECK(drafts[0].name == "main");
        CHECK(drafts[0].current);
        CHECK(drafts[1].branch == "draft/krsn-refugees");

        ws.switchTo("krsn-refugees");
        CHECK(ws.currentBranch() == "draft/krsn-refugees");
        std::string text = readText(ws.root() / "documents/small.xml");
        ws.writeFile("documents/small.xml", replaceOnce(text, "status=\"draft\"", "status=\"agreed\""));
        ws.commit("Agree on interpreters", kJiho);

        ws.switchTo("main");
        CHECK(readText(ws.root() / "documents/small.xml") == text);
        ws.writeFile("documents/small.xml", replaceOnce(text, "priority=\"high\"", "priority=\"low\""));
        CHECK_THROWS_WITH_AS(ws.switchTo("krsn-refugees"), doctest::Contains("commit them first"), Error);
        CHECK(ws.currentBranch() == "main");
        CHECK(readText(ws.root() / "documents/small.xml").find("priority=\"low\"") != std::string::npos);
        CHECK_THROWS_WITH_AS(ws.switchTo("nobody"), doctest::Contains("no draft"), Error);
    }

    TEST_CASE("revisions resolve by draft name, branch and commit — unknown ones are named")
    {
        TempDir dir;
        Workspace ws = seeded(dir);
        ws.createDraft("apil");
        CHECK(ws.resolve("apil").id == ws.resolve("main").id);
        CHECK(ws.resolve(ws.resolve("HEAD").shortId).id == ws.resolve("HEAD").id);
        CHECK_THROWS_WITH_AS((void)ws.resolve("nope"), doctest::Contains("unknown revision \"nope\""), Error);
        auto snap = ws.snapshot("main");
        CHECK(snap.documents.count("documents/small.xml") == 1);
        CHECK(snap.config.has_value());
    }

    TEST_CASE("the history of a recommendation follows it by id across edits and moves")
    {
        TempDir dir;
        Workspace ws = seeded(dir);
        const fs::path doc = ws.root() / "documents/small.xml";
        // An unrelated commit must not appear in the recommendation's history.
        ws.writeFile("documents/small.xml", replaceOnce(readText(doc), "id=\"safety-training\">", "id=\"safety-training\" priority=\"low\">"));
        ws.commit("Lower a priority", kMinji);

        auto parsed = parseSubmission(readText(doc), "small.xml");
        Recommendation moved = *parsed.findRecommendation("wage-arrears");
        auto& labour = parsed.sections[0].recommendations;
        labour.erase(labour.begin());
        parsed.sections[1].recommendations.push_back(moved);
        ws.writeFile("documents/small.xml", serialize(parsed));
        ws.commit("Move wage arrears to refugees", kJiho);

        parsed.findRecommendation("wage-arrears")->endorsements.push_back(Endorsement{"krsn", 0});
        ws.writeFile("documents/small.xml", serialize(parsed));
        ws.commit("KRSN endorses", kJiho);

        auto history = partHistory(ws, "wage-arrears");
        REQUIRE(history.size() == 3);
        CHECK(history[0].commit.summary() == "KRSN endorses");
        REQUIRE(history[0].change.fields.size() == 1);
        CHECK(history[0].change.fields[0].added == std::vector<std::string>{"krsn"});
        CHECK(history[1].change.moved);
        CHECK(history[1].change.fromParent == "labour");
        CHECK(history[1].change.toParent == "refugees");
        CHECK(history[2].change.added);
        CHECK(partHistory(ws, "no-such-rec").empty());
    }
}

TEST_CASE("a mapped file's pages given back read the same bytes again, and bytes held in memory stay")
{
    accord::test::TempDir dir;
    std::string text;
    for (int i = 0; text.size() < 5 * 4096; ++i) text += std::to_string(i) + " 이주노동자 migrant workers\n";
    accord::test::writeText(dir / "big.xml", text);
    const accord::workspace::FileBytes mapped = accord::workspace::mapFile(dir / "big.xml");
    REQUIRE(mapped.view() == text);
    mapped.release(mapped.view().substr(100, 3 * 4096));       // the pages wholly inside it
    mapped.release(mapped.view());                             // all of it
    mapped.release(std::string_view(text).substr(0, 8192));   // not its bytes: nothing happens
    CHECK(mapped.view() == text);

    const accord::workspace::FileBytes held(text);
    held.release(held.view());
    CHECK(held.view() == text);
}

TEST_SUITE("config merge")
{
    namespace {
    WorkspaceConfig coalitionConfig()
    {
        WorkspaceConfig c;
        c.organisations.push_back(Organisation{"apil", "", {LangText{"en", "APIL", 0}}, 0});
        c.organisations.push_back(Organisation{"krsn", "", {LangText{"ko", "난민지원네트워크", 0}}, 0});
        c.users.push_back(User{"minji", "Kim Minji", "minji@apil.example", "apil", {"admin", "reviewer"}, {}});
        c.policies.push_back(defaultMainPolicy());
        return c;
    }
    } // namespace

    TEST_CASE("users, organisations and policies added or changed on different sides all survive")
    {
        const WorkspaceConfig base = coalitionConfig();
        WorkspaceConfig ours = base;
        ours.organisations.push_back(Organisation{"pnan", "", {LangText{"en", "Refugee lawyers", 0}}, 0});
        ours.policies.front().minApprovals = 2;
        WorkspaceConfig theirs = base;
        theirs.users.push_back(User{"jiho", "박지호", "jiho@krsn.example", "krsn", {"reviewer"}, {}});
        theirs.policies.push_back(Policy{"draft/shared", 1, false, false, {"admin", "drafter"}, false});
        ConfigMerge m = mergeConfigs(&base, ours, theirs);
        CHECK(m.conflicts.empty());
        CHECK(m.merged.findOrganisation("pnan"));
        CHECK(m.merged.findUser("jiho"));
        CHECK(m.merged.findUser("minji"));
        REQUIRE(m.merged.policyFor("main"));
        CHECK(m.merged.policyFor("main")->minApprovals == 2);
        REQUIRE(m.merged.policyFor("draft/shared"));
        CHECK(m.merged.policyFor("draft/shared")->landBy == std::vector<std::string>{"admin", "drafter"});
        // What is merged is written and read back unchanged.
        CHECK(parseConfig(serialize(m.merged), "accord.xml") == m.merged);
    }

    TEST_CASE("a user or a policy changed differently on both sides is a conflict that names it")
    {
        const WorkspaceConfig base = coalitionConfig();
        WorkspaceConfig ours = base;
        WorkspaceConfig theirs = base;
        ours.users.front().roles = {"reviewer"};
        theirs.users.front().roles = {"drafter"};
        ours.policies.front().selfApproval = true;
        theirs.policies.clear();
        ConfigMerge m = mergeConfigs(&base, ours, theirs);
        REQUIRE(m.conflicts.size() == 2);
        CHECK(m.conflicts[0] == "user minji was changed differently on both sides");
        CHECK(m.conflicts[1] == "the policy of main was changed differently on both sides (deleted on one)");
    }

    TEST_CASE("a merge of drafts that changed accord.xml differently is refused with the reason, and writes nothing")
    {
        TempDir dir;
        Workspace ws = seeded(dir);
        ws.createDraft("a");
        ws.createDraft("b");
        for (const auto& [draft, name] : {std::pair{"a", "APIL"}, std::pair{"b", "공익법센터"}}) {
            ws.switchTo(draft);
            WorkspaceConfig c = ws.config();
            c.organisations.front().names = {LangText{"en", name, 0}};
            ws.saveConfig(c);
            ws.commit(std::string("Rename on ") + draft, kMinji);
        }
        const std::string before = refOf(ws.root(), "draft/b");
        auto merger = [](const MergeSides&, const MergeLabels&, const std::string&) { return DocumentMergeResult{}; };
        try {
            (void)ws.merge("a", "b", merger, kMinji);
            FAIL("the merge should be refused");
        } catch (const Error& e) {
            CHECK(e.kind() == ErrorKind::Conflict);
            CHECK(std::string(e.what()) == "accord.xml: organisation apil was changed differently on both sides: make "
                                           "draft/b and draft/a agree on it, then merge");
        }
        CHECK(refOf(ws.root(), "draft/b") == before);
    }

    TEST_CASE("accord.xml is never written with text that is not UTF-8")
    {
        TempDir dir;
        Workspace ws = Workspace::init(dir / "ws");
        const std::string before = readText(dir / "ws/accord.xml");
        WorkspaceConfig c = ws.config();
        c.organisations.push_back(Organisation{"okid", "", {LangText{"ko", "\xff\xfe", 0}}, 0});
        CHECK_THROWS_AS(ws.saveConfig(c), ValidationError);
        CHECK(readText(dir / "ws/accord.xml") == before);
    }
}

TEST_SUITE("record logs")
{
    namespace {
    std::vector<std::string> texts(const Workspace& ws, const std::string& ref)
    {
        std::vector<std::string> out;
        for (const auto& [commit, json] : ws.readRecords(ref)) out.push_back(json);
        return out;
    }
    } // namespace

    TEST_CASE("two logs started anywhere get different names")
    {
        TempDir dir;
        Workspace ws = seeded(dir);
        const std::string a = ws.startRecordLog("refs/accord/test/", "{\"n\":1}", kMinji, "open");
        const std::string b = ws.startRecordLog("refs/accord/test/", "{\"n\":1}", kJiho, "open");
        CHECK(a != b);
        CHECK(a.size() == std::string("refs/accord/test/").size() + 40);
        CHECK(texts(ws, a) == std::vector<std::string>{"{\"n\":1}"});
    }

    TEST_CASE("three copies of a log extended apart join into the same log whatever the order they meet in")
    {
        TempDir dir;
        Workspace ws = seeded(dir);
        const std::string log = ws.startRecordLog("refs/accord/test/", "{\"open\":1}", kMinji, "open");
        // Three clones' copies, each extended without seeing the others (a comment on a train…).
        for (const char* clone : {"a", "b", "c"}) {
            const std::string copy = std::string("refs/accord/copy/") + clone;
            (void)ws.mergeRecordLog(copy, ws.resolve(log).id);
            (void)ws.appendRecord(copy, std::string("{\"by\":\"") + clone + "\"}", kJiho, std::string("by ") + clone);
            (void)ws.appendRecord(copy, std::string("{\"again\":\"") + clone + "\"}", kJiho, std::string("again ") + clone);
        }
        const std::vector<std::vector<const char*>> orders{{"a", "b", "c"}, {"a", "c", "b"}, {"b", "a", "c"},
                                                           {"b", "c", "a"}, {"c", "a", "b"}, {"c", "b", "a"}};
        std::vector<std::string> first;
        std::string firstTip;
        for (std::size_t i = 0; i < orders.size(); ++i) {
            const std::string met = "refs/accord/met/" + std::to_string(i);
            for (const char* clone : orders[i]) (void)ws.mergeRecordLog(met, ws.resolve(std::string("refs/accord/copy/") + clone).id);
            const auto records = texts(ws, met);
            CHECK(records.size() == 7);  // the opening and two records from each clone: nothing dropped
            if (i == 0) first = records;
            CHECK(records == first);
            CHECK(records.front() == "{\"open\":1}");
        }
        // Joining the same tips makes the same commit in every clone: the logs end identical.
        const std::string ab = "refs/accord/join/ab";
        const std::string ba = "refs/accord/join/ba";
        (void)ws.mergeRecordLog(ab, ws.resolve("refs/accord/copy/a").id);
        CHECK(ws.mergeRecordLog(ab, ws.resolve("refs/accord/copy/b").id) == Workspace::LogMerge::Merged);
        (void)ws.mergeRecordLog(ba, ws.resolve("refs/accord/copy/b").id);
        (void)ws.mergeRecordLog(ba, ws.resolve("refs/accord/copy/a").id);
        CHECK(ws.resolve(ab).id == ws.resolve(ba).id);
        CHECK(ws.mergeRecordLog(ab, ws.resolve("refs/accord/copy/a").id) == Workspace::LogMerge::UpToDate);
    }
}
