// The review plugin as a coalition uses it, in real repositories: proposals,
// reviews bound to commits, the consent of every endorsing organisation,
// landing and audit.
#include "support.hpp"

#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;
using accord::test::contains;
using accord::test::fixture;
using accord::test::git;
using accord::test::ok;
using accord::test::readText;
using accord::test::replaceOnce;
using accord::test::RunResult;
using accord::test::runAccord;
using accord::test::TempDir;
using accord::test::writeText;

namespace {

const fs::path kDoc = "documents/small.xml";

/// `accord` run as one user of the workspace, signing with their key when they have one.
RunResult as(const std::string& user, const std::vector<std::string>& args, const fs::path& ws)
{
    std::map<std::string, std::string> env{{"ACCORD_USER", user}};
    if (const fs::path key = ws.parent_path() / "keys" / user; !user.empty() && fs::exists(key))
        env["ACCORD_SIGNING_KEY"] = key.string();
    return runAccord(args, ws, env);
}

/// `user add` for the test coalition: with a key of their own to sign with.
void addUser(const fs::path& ws, const std::string& id, const std::string& name, const std::string& org, const std::string& roles)
{
    const fs::path key = accord::test::keyOf(ws.parent_path(), id);
    ok(runAccord({"user", "add", id, "--name", name, "--email", id + "@" + org + ".example", "--org", org, "--role", roles,
                  "--key", key.string() + ".pub"},
                 ws));
}

/// A coalition of three organisations with their reviewers, the small document
/// (wage-arrears endorsed by all three) on main, and a draft apil.
fs::path coalition(const TempDir& dir)
{
    fs::path ws = dir / "ws";
    ok(runAccord({"init", ws.string()}, dir.path()));
    ok(runAccord({"org", "add", "apil", "--name", "Advocates for Public Interest Law", "--name-ko", "공익법센터 어필"}, ws));
    ok(runAccord({"org", "add", "krsn", "--name", "Korea Refugee Support Network", "--name-ko", "난민지원네트워크"}, ws));
    ok(runAccord({"org", "add", "mwu", "--name", "Migrant Workers' Union", "--name-ko", "이주노동자노동조합"}, ws));
    addUser(ws, "minji", "Kim Minji", "apil", "drafter,reviewer,admin");
    addUser(ws, "hana", "최하나", "apil", "reviewer");
    addUser(ws, "jiho", "Park Jiho", "krsn", "drafter,reviewer");
    addUser(ws, "yuna", "Jeong Yuna", "krsn", "reviewer");
    addUser(ws, "sujin", "이수진", "mwu", "reviewer");
    std::string doc = replaceOnce(fixture("documents/valid-small.xml"), "<endorsement org=\"mwu\"/>",
                                  "<endorsement org=\"mwu\"/>\n      <endorsement org=\"krsn\"/>");
    writeText(ws / kDoc, doc);
    ok(runAccord({"commit", "-m", "Start the submission"}, ws));
    ok(runAccord({"draft", "new", "apil"}, ws));
    ok(runAccord({"draft", "new", "krsn"}, ws));
    return ws;
}

/// Commits one replacement in the document on `draft`, as `user`.
void edit(const fs::path& ws, const std::string& draft, const std::string& from, const std::string& to,
          const std::string& user = "minji")
{
    ok(runAccord({"switch", draft}, ws));
    writeText(ws / kDoc, replaceOnce(readText(ws / kDoc), from, to));
    ok(as(user, {"commit", "-m", "Edit on " + draft}, ws));
}

std::string rev(const fs::path& ws, const std::string& what)
{
    std::string id = git({"rev-parse", what}, ws).out;
    while (!id.empty() && id.back() == '\n') id.pop_back();
    return id;
}

/// The id `propose` opened, as it printed it ("Opened proposal #3f9a2c1: …").
std::string proposed(const RunResult& r)
{
    REQUIRE_MESSAGE(r.status == 0, r.out, r.err);
    const auto at = r.out.find("Opened proposal #");
    REQUIRE(at != std::string::npos);
    return r.out.substr(at + 17, r.out.find(':', at) - at - 17);
}

/// The whole id of the proposal shown as `shortId`.
std::string fullId(const fs::path& ws, const std::string& shortId)
{
    std::istringstream refs(git({"for-each-ref", "--format=%(refname:lstrip=3)", "refs/accord/proposals/"}, ws).out);
    for (std::string id; std::getline(refs, id);)
        if (id.starts_with(shortId)) return id;
    FAIL("no proposal " << shortId);
    return {};
}

std::string records(const fs::path& ws)
{
    return git({"for-each-ref", "refs/accord/"}, ws).out;
}

} // namespace

TEST_SUITE("review")
{
    TEST_CASE("a recommendation endorsed by three organisations lands only after all three approve")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        edit(ws, "apil", "take up wage claims", "take up and decide wage claims");
        auto opened = as("minji", {"propose", "--title", "Inspectors decide wage claims", "-m", "Not only take them up."}, ws);
        const std::string p1 = proposed(opened);
        CHECK(opened.status == 0);
        CHECK(contains(opened.out, "Opened proposal #" + p1));
        std::string mainBefore = rev(ws, "main");

        ok(as("jiho", {"review", p1, "--approve"}, ws));
        auto refused = as("minji", {"land", p1}, ws);
        CHECK(refused.status == 1);
        CHECK(contains(refused.err, "needs approval from: Advocates for Public Interest Law (endorses wage-arrears)"));
        CHECK(contains(refused.err, "needs approval from: Migrant Workers' Union (endorses wage-arrears)"));
        CHECK_FALSE(contains(refused.err, "Korea Refugee Support Network"));
        CHECK(rev(ws, "main") == mainBefore);

        ok(as("sujin", {"review", p1, "--approve"}, ws));
        refused = as("minji", {"land", p1}, ws);
        CHECK(refused.status == 1);
        CHECK(contains(refused.err, "Advocates for Public Interest Law"));
        CHECK_FALSE(contains(refused.err, "Migrant Workers' Union"));

        ok(as("hana", {"review", p1, "--approve"}, ws));
        auto landed = as("minji", {"land", p1}, ws);
        CHECK_MESSAGE(landed.status == 0, landed.err);
        CHECK(contains(landed.out, "Landed proposal #" + p1 + " on main"));
        CHECK(contains(git({"show", "main:documents/small.xml"}, ws).out, "take up and decide wage claims"));
        std::string message = git({"log", "-1", "--format=%B", "main"}, ws).out;
        CHECK(contains(message, "Proposal: " + fullId(ws, p1)));
        CHECK(contains(message, "Approved-by: Park Jiho <jiho@krsn.example> (krsn) at "));
        CHECK(contains(message, "Approved-by: 이수진 <sujin@mwu.example> (mwu) at "));
        CHECK(contains(message, "Approved-by: 최하나 <hana@apil.example> (apil) at "));
        auto list = as("", {"proposals", "--state", "landed"}, ws);
        CHECK(contains(list.out, "#" + p1 + "  landed  Inspectors decide wage claims"));
        CHECK(as("minji", {"audit"}, ws).status == 0);
    }

    TEST_CASE("proposal export writes what a proposal changes as Word tracked changes, before and after it lands")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        // The words are Choi Hana's; Kim Minji proposes and, later, lands them.
        ok(runAccord({"switch", "apil"}, ws));
        writeText(ws / kDoc, replaceOnce(readText(ws / kDoc), "take up wage claims", "take up and decide wage claims"));
        ok(runAccord({"commit", "-m", "Decide wage claims"}, ws, {{"ACCORD_AUTHOR", "최하나 <hana@apil.example>"}}));
        const std::string p1 = proposed(as("minji", {"propose", "--title", "Inspectors decide wage claims"}, ws));
        // What Word's Review pane lists: each insertion and deletion with its author.
        const std::string reader = R"py(
import sys, zipfile
import xml.etree.ElementTree as ET
W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
root = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read('word/document.xml'))
for kind in ['ins', 'del']:
    for e in root.iter(W + kind):
        text = ''.join((t.text or '') for t in e.iter() if t.tag in (W + 't', W + 'delText'))
        if text:
            print(kind, e.get(W + 'author'), text.strip())
)py";
        writeText(dir / "changes.py", reader);
        auto changes = [&](const fs::path& docx) {
            auto r = accord::test::run("/usr/bin/python3", {(dir / "changes.py").string(), docx.string()}, dir.path());
            REQUIRE_MESSAGE(r.status == 0, r.err);
            return r.out;
        };

        ok(runAccord({"switch", "main"}, ws));
        auto made = as("hana", {"proposal", "export", p1, "--lang", "en", "-o", "open.docx"}, ws);
        REQUIRE_MESSAGE(made.status == 0, made.err);
        CHECK(changes(ws / "open.docx") == "ins 최하나 and decide\n");

        ok(as("jiho", {"review", p1, "--approve"}, ws));
        ok(as("sujin", {"review", p1, "--approve"}, ws));
        ok(as("hana", {"review", p1, "--approve"}, ws));
        ok(as("minji", {"land", p1}, ws));
        // Landed: the same changes, now read from what landed, still by their writer and not by
        // whoever landed them (the merge commit); the default file name names the proposal.
        made = as("hana", {"proposal", "export", p1, "--lang", "en"}, ws);
        REQUIRE_MESSAGE(made.status == 0, made.err);
        const fs::path named = ws / ("small.proposal-" + p1 + ".en.docx");
        REQUIRE(fs::exists(named));
        CHECK(changes(named) == "ins 최하나 and decide\n");

        auto unknown = as("hana", {"proposal", "export", "ffff0000", "--lang", "en"}, ws);
        CHECK(unknown.status == 1);
    }

    TEST_CASE("the author cannot approve their own proposal")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        edit(ws, "apil", "Translate hazard signs", "Translate all hazard signs");
        const std::string p1 = proposed(as("minji", {"propose", "--title", "Hazard signs"}, ws));
        std::string before = records(ws);
        auto self = as("minji", {"review", p1, "--approve"}, ws);
        CHECK(self.status == 1);
        CHECK(contains(self.err, "you opened proposal #" + p1 + ": the policy of main does not let its author approve it"));
        CHECK(records(ws) == before);
    }

    TEST_CASE("a reviewer of an unrelated organisation counts as a reviewer but not as the endorsers' consent")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        edit(ws, "apil", "Translate hazard signs", "Translate all hazard signs");  // safety-training: endorsed by mwu only
        const std::string p1 = proposed(as("minji", {"propose", "--title", "Hazard signs"}, ws));
        ok(as("jiho", {"review", p1, "--approve"}, ws));
        auto refused = as("minji", {"land", p1}, ws);
        CHECK(refused.status == 1);
        CHECK(contains(refused.err, "needs approval from: Migrant Workers' Union (endorses safety-training)"));
        CHECK_FALSE(contains(refused.err, "more approval"));
        ok(as("sujin", {"review", p1, "--approve"}, ws));
        ok(as("minji", {"land", p1}, ws));
    }

    TEST_CASE("an approval goes stale when the draft changes the proposed text, and holds over a merge of main")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        edit(ws, "apil", "Translate hazard signs", "Translate all hazard signs");
        const std::string p1 = proposed(as("minji", {"propose", "--title", "Hazard signs"}, ws));
        ok(as("sujin", {"review", p1, "--approve"}, ws));

        edit(ws, "apil", "Translate all hazard signs", "Translate all hazard signs and manuals");
        auto show = as("", {"proposal", "show", p1}, ws);
        CHECK(contains(show.out, "stale: given at "));
        auto refused = as("minji", {"land", p1}, ws);
        CHECK(refused.status == 1);
        CHECK(contains(refused.err, "needs approval from: Migrant Workers' Union"));
        ok(as("sujin", {"review", p1, "--approve"}, ws));

        // Meanwhile another proposal lands on main, touching another recommendation.
        edit(ws, "krsn", "Use only trained and accredited interpreters", "Use only trained, accredited and sworn interpreters", "jiho");
        const std::string p2 = proposed(as("jiho", {"propose", "--title", "Trained interpreters", "--from", "krsn"}, ws));
        ok(as("hana", {"review", p2, "--approve"}, ws));
        ok(as("yuna", {"review", p2, "--approve"}, ws));
        ok(as("minji", {"land", p2}, ws));

        // The draft takes main in: what sujin approved is unchanged, so the approval holds.
        ok(runAccord({"switch", "apil"}, ws));
        ok(runAccord({"merge", "main"}, ws));
        show = as("", {"proposal", "show", p1}, ws);
        CHECK_FALSE(contains(show.out, "stale"));
        CHECK(contains(show.out, "Ready to land"));
        ok(as("minji", {"land", p1}, ws));
        std::string landed = git({"show", "main:documents/small.xml"}, ws).out;
        CHECK(contains(landed, "Translate all hazard signs and manuals"));
        CHECK(contains(landed, "trained, accredited and sworn interpreters"));
    }

    TEST_CASE("an unresolved thread and a request for changes block until resolved and withdrawn")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        edit(ws, "apil", "Translate hazard signs", "Translate all hazard signs");
        const std::string p1 = proposed(as("minji", {"propose", "--title", "Hazard signs"}, ws));
        ok(as("sujin", {"review", p1, "--approve"}, ws));
        ok(as("hana", {"review", p1, "--comment", "-m", "표지판만이 아니라 안전수칙도 번역해야 하지 않을까요?", "--on",
                       "safety-training", "--quote", "위험 표지도 번역하여", "--lang", "ko"},
              ws));
        ok(as("jiho", {"review", p1, "--request-changes", "-m", "Say which languages."}, ws));
        auto refused = as("minji", {"land", p1}, ws);
        CHECK(refused.status == 1);
        CHECK(contains(refused.err, "unresolved thread #3 by 최하나 on safety-training"));
        CHECK(contains(refused.err, "changes requested by Park Jiho (Korea Refugee Support Network)"));
        auto show = as("", {"proposal", "show", p1}, ws);
        CHECK(contains(show.out, "\"위험 표지도 번역하여\""));
        CHECK(contains(show.out, "comment on safety-training [ko]"));

        // The author answers: the answer stays in thread #3, which still blocks, and opens none of its own.
        ok(as("minji", {"review", p1, "--reply", "3", "-m", "안전수칙도 번역하겠습니다."}, ws));
        show = as("", {"proposal", "show", p1}, ws);
        CHECK(contains(show.out, "comment (reply to #3)"));
        refused = as("minji", {"land", p1}, ws);
        CHECK(contains(refused.err, "unresolved thread #3"));
        CHECK_FALSE(contains(refused.err, "unresolved thread #5"));
        CHECK(as("minji", {"review", p1, "--reply", "9", "-m", "?"}, ws).status != 0);

        // A reviewer of another organisation cannot settle 최하나's question for her.
        auto notTheirs = as("jiho", {"review", p1, "--resolve", "3"}, ws);
        CHECK(notTheirs.status == 1);
        CHECK(contains(notTheirs.err, "thread #3 is resolved by 최하나 who opened it, a reviewer of apil or an admin"));
        ok(as("hana", {"review", p1, "--resolve", "3"}, ws));
        refused = as("minji", {"land", p1}, ws);
        CHECK(refused.status == 1);
        CHECK_FALSE(contains(refused.err, "unresolved thread"));
        ok(as("jiho", {"review", p1, "--withdraw"}, ws));
        ok(as("minji", {"land", p1}, ws));
    }

    TEST_CASE("when main moves before a landing, the proposal merges again, or is refused when it now conflicts")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        edit(ws, "apil", "Translate hazard signs as well.", "Translate hazard signs into every language as well.");
        const std::string p1 = proposed(as("minji", {"propose", "--title", "Every language", "--from", "apil"}, ws));
        edit(ws, "krsn", "Translate hazard signs as well.", "Translate hazard signs into Korean as well.", "jiho");
        const std::string p2 = proposed(as("jiho", {"propose", "--title", "Korean", "--from", "krsn"}, ws));
        ok(as("sujin", {"review", p1, "--approve"}, ws));
        ok(as("sujin", {"review", p2, "--approve"}, ws));
        ok(as("minji", {"land", p2}, ws));
        std::string mainAfterTwo = rev(ws, "main");
        auto refused = as("minji", {"land", p1}, ws);
        CHECK(refused.status == 1);
        CHECK(contains(refused.err, "merging gives 1 conflict(s)"));
        CHECK(rev(ws, "main") == mainAfterTwo);
    }

    TEST_CASE("audit names a commit pushed straight to main with plain git")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        CHECK(as("", {"audit"}, ws).status == 0);
        ok(runAccord({"switch", "main"}, ws));
        writeText(ws / kDoc, replaceOnce(readText(ws / kDoc), "priority=\"high\"", "priority=\"low\""));
        ok(git({"add", "documents/small.xml"}, ws));
        ok(accord::test::run("/usr/bin/git", {"commit", "-q", "-m", "Quietly lower a priority"}, ws,
                             {{"GIT_AUTHOR_NAME", "Someone"}, {"GIT_AUTHOR_EMAIL", "someone@example.org"},
                              {"GIT_COMMITTER_NAME", "Someone"}, {"GIT_COMMITTER_EMAIL", "someone@example.org"}}));
        auto audit = as("", {"audit"}, ws);
        CHECK(audit.status == 1);
        CHECK(contains(audit.out, "\"Quietly lower a priority\" (Someone): did not come through a proposal"));
    }

    TEST_CASE("bad input is refused with a clear message and records nothing")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        edit(ws, "apil", "Translate hazard signs", "Translate all hazard signs");
        const std::string p1 = proposed(as("minji", {"propose", "--title", "Hazard signs"}, ws));
        std::string before = records(ws);

        auto unknown = as("minji", {"review", "9", "--approve"}, ws);
        CHECK(unknown.status == 1);
        CHECK(contains(unknown.err, "no proposal #9"));
        auto stranger = as("nobody", {"review", p1, "--approve"}, ws);
        CHECK(stranger.status == 1);
        CHECK(contains(stranger.err, "ACCORD_USER=nobody is not a user of this workspace"));
        auto notReviewer = runAccord({"review", p1, "--approve"}, ws, {{"ACCORD_USER", ""}, {"ACCORD_AUTHOR", "Guest <guest@example.org>"}});
        CHECK(notReviewer.status == 1);
        CHECK(contains(notReviewer.err, "only a user of the workspace can review"));
        auto nothing = as("hana", {"review", p1}, ws);
        CHECK(nothing.status == 1);
        CHECK(contains(nothing.err, "say what"));
        auto noRec = as("hana", {"review", p1, "--comment", "-m", "?", "--on", "no-such-rec"}, ws);
        CHECK(noRec.status == 1);
        CHECK(contains(noRec.err, "no recommendation \"no-such-rec\""));
        CHECK(records(ws) == before);

        // A guest can still read.
        auto read = runAccord({"proposal", "show", p1}, ws, {{"ACCORD_USER", ""}, {"ACCORD_AUTHOR", "Guest <guest@example.org>"}});
        CHECK(read.status == 0);
        CHECK(contains(read.out, "Proposal #" + p1 + ": Hazard signs"));

        auto notAuthor = as("jiho", {"proposal", "close", p1}, ws);
        CHECK(notAuthor.status == 1);
        CHECK(contains(notAuthor.err, "only the author (minji) or an admin"));
        ok(as("minji", {"proposal", "close", p1}, ws));
        auto closed = as("sujin", {"review", p1, "--approve"}, ws);
        CHECK(closed.status == 1);
        CHECK(contains(closed.err, "proposal #" + p1 + " is closed"));
        auto landClosed = as("minji", {"land", p1}, ws);
        CHECK(landClosed.status == 1);
        CHECK(contains(landClosed.err, "proposal #" + p1 + " is closed"));
    }

    TEST_CASE("proposals travel with a clone of their record refs")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        edit(ws, "apil", "Translate hazard signs", "Translate all hazard signs");
        const std::string p1 = proposed(as("minji", {"propose", "--title", "Hazard signs"}, ws));
        ok(as("sujin", {"review", p1, "--approve"}, ws));
        ok(runAccord({"switch", "main"}, ws));
        fs::path clone = dir / "clone";
        ok(git({"clone", "-q", ws.string(), clone.string()}, dir.path()));
        // Records and drafts are refs: fetching them brings every proposal with its reviews.
        ok(git({"fetch", "-q", "origin", "refs/accord/*:refs/accord/*", "refs/heads/draft/*:refs/heads/draft/*"}, clone));
        auto show = as("", {"proposal", "show", p1}, clone);
        CHECK(show.status == 0);
        CHECK(contains(show.out, "approve at "));
    }
}

namespace {

/// Commits the working tree as it is, as `user`.
void commitAs(const fs::path& ws, const std::string& message, const std::string& user = "minji")
{
    ok(as(user, {"commit", "-m", message}, ws));
}

std::string mainConfig(const fs::path& ws)
{
    return git({"show", "main:accord.xml"}, ws).out;
}

} // namespace

TEST_SUITE("consent")
{
    TEST_CASE("two proposals that change accord.xml land one after the other and keep every user and the policy")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        ok(runAccord({"switch", "apil"}, ws));
        ok(runAccord({"org", "add", "pnan", "--name", "Refugee Lawyers' Network", "--name-ko", "난민인권변호사네트워크"}, ws));
        commitAs(ws, "Welcome the refugee lawyers");
        const std::string p1 = proposed(as("minji", {"propose", "--title", "A new member organisation", "--from", "apil"}, ws));
        ok(runAccord({"switch", "krsn"}, ws));
        ok(runAccord({"user", "add", "taeho", "--name", "Kim Taeho", "--email", "taeho@krsn.example", "--org", "krsn",
                      "--role", "reviewer"}, ws));
        commitAs(ws, "A second reviewer for KRSN", "jiho");
        const std::string p2 = proposed(as("jiho", {"propose", "--title", "Taeho reviews for KRSN", "--from", "krsn"}, ws));

        // A new organisation concerns the whole coalition; a new member of KRSN, KRSN.
        auto refused = as("minji", {"land", p1}, ws);
        CHECK(refused.status == 1);
        CHECK(contains(refused.err, "needs approval from: Korea Refugee Support Network (changes the rules: adds organisation pnan)"));
        CHECK(contains(refused.err, "needs approval from: Migrant Workers' Union (changes the rules: adds organisation pnan)"));
        ok(as("hana", {"review", p1, "--approve"}, ws));
        ok(as("yuna", {"review", p1, "--approve"}, ws));
        ok(as("sujin", {"review", p1, "--approve"}, ws));
        ok(as("minji", {"land", p1}, ws));
        refused = as("minji", {"land", p2}, ws);
        CHECK(refused.status == 1);
        CHECK(contains(refused.err, "needs approval from: Korea Refugee Support Network (changes the rules: adds user taeho (reviewer) to krsn)"));
        CHECK_FALSE(contains(refused.err, "Migrant Workers' Union"));
        ok(as("yuna", {"review", p2, "--approve"}, ws));
        ok(as("minji", {"land", p2}, ws));

        const std::string config = mainConfig(ws);
        for (const char* kept : {"<organisation id=\"pnan\"", "<user id=\"taeho\"", "<user id=\"minji\"", "<user id=\"sujin\"",
                                 "<policy branch=\"main\""})
            CHECK_MESSAGE(contains(config, kept), kept);
        ok(runAccord({"switch", "main"}, ws));
        writeText(ws / kDoc, replaceOnce(readText(ws / kDoc), "priority=\"high\"", "priority=\"low\""));
        auto direct = runAccord({"commit", "-m", "Straight to main"}, ws);
        CHECK(direct.status == 1);
        CHECK(contains(direct.err, "main is protected by the workspace's review policy"));
        auto audit = as("", {"audit"}, ws);
        CHECK_MESSAGE(audit.status == 0, audit.out);
        CHECK(contains(audit.out, "Changes of the rules, newest first:"));
        CHECK(contains(audit.out, "adds user taeho (reviewer) to krsn"));
        CHECK(contains(audit.out, "adds organisation pnan"));
    }

    TEST_CASE("a document that names a built-in profile lands like any other")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        edit(ws, "apil", "<deadline>2025-03-31</deadline>", "<deadline>2025-03-31</deadline>\n    <profile ref=\"nap-kr\"/>");
        const std::string p1 = proposed(as("minji", {"propose", "--title", "For the ministries"}, ws));
        ok(as("jiho", {"review", p1, "--approve"}, ws));
        auto landed = as("minji", {"land", p1}, ws);
        CHECK_MESSAGE(landed.status == 0, landed.err);
        CHECK(contains(git({"show", "main:documents/small.xml"}, ws).out, "<profile ref=\"nap-kr\"/>"));
    }

    TEST_CASE("an organisation that starts endorsing on main after a draft began must consent to the draft's change")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        ok(runAccord({"draft", "new", "mwu", "--from", "main"}, ws));  // MWU's draft starts now
        // KRSN starts endorsing safety-training on main.
        edit(ws, "krsn", "<endorsement org=\"mwu\"/>\n    </recommendation>\n  </section>",
             "<endorsement org=\"mwu\"/>\n      <endorsement org=\"krsn\"/>\n    </recommendation>\n  </section>", "jiho");
        const std::string p1 = proposed(as("jiho", {"propose", "--title", "KRSN endorses safety training", "--from", "krsn"}, ws));
        ok(as("sujin", {"review", p1, "--approve"}, ws));
        ok(as("yuna", {"review", p1, "--approve"}, ws));
        ok(as("minji", {"land", p1}, ws));
        // MWU's draft, from before, rewrites the recommendation KRSN now endorses.
        edit(ws, "mwu", "Translate hazard signs as well.", "Translate hazard signs and manuals as well.");
        const std::string p2 = proposed(as("minji", {"propose", "--title", "Manuals too", "--from", "mwu"}, ws));
        ok(as("sujin", {"review", p2, "--approve"}, ws));
        auto refused = as("minji", {"land", p2}, ws);
        CHECK(refused.status == 1);
        CHECK(contains(refused.err, "needs approval from: Korea Refugee Support Network (endorses safety-training)"));
        ok(as("yuna", {"review", p2, "--approve"}, ws));
        ok(as("minji", {"land", p2}, ws));
        CHECK(as("", {"audit"}, ws).status == 0);
    }

    TEST_CASE("removing the policy of main needs the consent of every organisation")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        ok(runAccord({"switch", "krsn"}, ws));
        std::string config = readText(ws / "accord.xml");
        const auto from = config.find("  <policies>");
        const auto to = config.find("</policies>\n");
        REQUIRE(from != std::string::npos);
        REQUIRE(to != std::string::npos);
        writeText(ws / "accord.xml", config.erase(from, to + 12 - from));
        commitAs(ws, "No more policy", "jiho");
        const std::string p1 = proposed(as("jiho", {"propose", "--title", "Simplify", "--from", "krsn"}, ws));
        ok(as("hana", {"review", p1, "--approve"}, ws));
        auto refused = as("minji", {"land", p1}, ws);
        CHECK(refused.status == 1);
        CHECK(contains(refused.err, "needs approval from: Korea Refugee Support Network (changes the rules: removes the policy of main)"));
        CHECK(contains(refused.err, "needs approval from: Migrant Workers' Union (changes the rules: removes the policy of main)"));
        CHECK(contains(mainConfig(ws), "<policy branch=\"main\""));
    }

    TEST_CASE("a reviewer added for another organisation needs that organisation's consent before their approval counts")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        ok(runAccord({"switch", "krsn"}, ws));
        ok(runAccord({"user", "add", "mallory", "--name", "Mallory", "--email", "mallory@example.org", "--org", "mwu",
                      "--role", "reviewer"}, ws));
        commitAs(ws, "A reviewer for MWU", "jiho");
        const std::string p1 = proposed(as("jiho", {"propose", "--title", "Help MWU review", "--from", "krsn"}, ws));
        ok(as("hana", {"review", p1, "--approve"}, ws));
        ok(as("yuna", {"review", p1, "--approve"}, ws));
        auto refused = as("minji", {"land", p1}, ws);
        CHECK(refused.status == 1);
        CHECK(contains(refused.err, "needs approval from: Migrant Workers' Union (changes the rules: adds user mallory (reviewer) to mwu)"));
        // Mallory is not a user of main yet: her own approval cannot count.
        auto self = as("mallory", {"review", p1, "--approve"}, ws);
        CHECK(self.status == 1);
        CHECK(contains(self.err, "ACCORD_USER=mallory is not a user of this workspace"));
        ok(as("sujin", {"review", p1, "--approve"}, ws));
        ok(as("minji", {"land", p1}, ws));
        auto audit = as("", {"audit"}, ws);
        CHECK(audit.status == 0);
        CHECK(contains(audit.out, "adds user mallory (reviewer) to mwu"));
    }

    TEST_CASE("only the roles the policy names may land, and audit checks who landed")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        edit(ws, "apil", "Translate hazard signs", "Translate all hazard signs");
        const std::string p1 = proposed(as("minji", {"propose", "--title", "Hazard signs"}, ws));
        ok(as("sujin", {"review", p1, "--approve"}, ws));
        std::string mainBefore = rev(ws, "main");
        auto drafter = as("jiho", {"land", p1}, ws);
        CHECK(drafter.status == 1);
        CHECK(contains(drafter.err, "jiho may not land on main: its policy lets only admin land"));
        CHECK(rev(ws, "main") == mainBefore);
        ok(as("minji", {"land", p1}, ws));
        CHECK(as("", {"audit"}, ws).status == 0);
    }

    TEST_CASE("the draft's own changes are what it changes since it left main, as git's three dots")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        edit(ws, "apil", "Translate hazard signs", "Translate all hazard signs");
        edit(ws, "krsn", "Use only trained and accredited interpreters", "Use only trained, accredited and sworn interpreters", "jiho");
        const std::string p1 = proposed(as("jiho", {"propose", "--title", "Sworn interpreters", "--from", "krsn"}, ws));
        ok(as("hana", {"review", p1, "--approve"}, ws));
        ok(as("yuna", {"review", p1, "--approve"}, ws));
        ok(as("minji", {"land", p1}, ws));

        auto own = runAccord({"diff", "main...apil"}, ws);
        ok(own);
        CHECK(contains(own.out, "safety-training"));
        CHECK_FALSE(contains(own.out, "refugee-interpreters"));
        auto both = runAccord({"diff", "main", "apil"}, ws);
        ok(both);
        CHECK(contains(both.out, "refugee-interpreters"));  // main's landing, seen from the draft's side
        CHECK(contains(both.err, "What apil itself changes: accord diff main...apil"));
        const std::string p2 = proposed(as("minji", {"propose", "--title", "Hazard signs", "--from", "apil"}, ws));
        auto show = as("", {"proposal", "show", p2}, ws);
        CHECK(contains(show.out, "safety-training"));
        CHECK_FALSE(contains(show.out, "~ refugee-interpreters"));
    }
}

TEST_SUITE("landing")
{
    TEST_CASE("a proposal whose draft main already holds is refused cleanly, with nothing recorded")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        edit(ws, "apil", "Translate hazard signs", "Translate all hazard signs");
        ok(runAccord({"draft", "new", "apil-copy", "--from", "apil"}, ws));
        const std::string p1 = proposed(as("minji", {"propose", "--title", "Hazard signs", "--from", "apil"}, ws));
        const std::string p2 = proposed(as("minji", {"propose", "--title", "The same, again", "--from", "apil-copy"}, ws));
        ok(as("sujin", {"review", p1, "--approve"}, ws));
        ok(as("sujin", {"review", p2, "--approve"}, ws));
        ok(as("minji", {"land", p1}, ws));
        const std::string mainAfter = rev(ws, "main");
        const std::string before = records(ws);
        auto again = as("minji", {"land", p2}, ws);
        CHECK(again.status == 1);
        CHECK(contains(again.err, "main already holds everything of draft/apil-copy: nothing to land"));
        CHECK(rev(ws, "main") == mainAfter);
        CHECK(records(ws) == before);
        auto twice = as("minji", {"land", p1}, ws);
        CHECK(twice.status == 1);
        CHECK(contains(twice.err, "proposal #" + p1 + " has already landed on main as "));
    }

    TEST_CASE("a landing interrupted before its record was written is reported by audit and completed by landing again")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        edit(ws, "apil", "Translate hazard signs", "Translate all hazard signs");
        const std::string p1 = proposed(as("minji", {"propose", "--title", "Hazard signs"}, ws));
        ok(as("sujin", {"review", p1, "--approve"}, ws));
        const std::string reviewed = rev(ws, "refs/accord/proposals/" + fullId(ws, p1));
        ok(as("minji", {"land", p1}, ws));
        const std::string landing = rev(ws, "main");
        // What a process killed between moving main and writing the record leaves.
        ok(git({"update-ref", "refs/accord/proposals/" + fullId(ws, p1), reviewed}, ws));
        auto audit = as("", {"audit"}, ws);
        CHECK(audit.status == 1);
        CHECK(contains(audit.out, "proposal #" + p1 + " landed as this commit, but the landing stopped before its record was written: "
                                  "accord land " + p1 + " completes it"));
        auto completed = as("hana", {"land", p1}, ws);
        CHECK_MESSAGE(completed.status == 0, completed.err);
        CHECK(contains(completed.out, "the record is now complete"));
        CHECK(rev(ws, "main") == landing);
        CHECK(as("", {"audit"}, ws).status == 0);
        auto list = as("", {"proposals", "--state", "landed"}, ws);
        CHECK(contains(list.out, "#" + p1 + "  landed  Hazard signs"));
    }

    TEST_CASE("status and commit follow the files, whatever git's index says")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        edit(ws, "apil", "Translate hazard signs", "Translate all hazard signs");
        // An index left behind (by a process killed after moving the branch, or plain git).
        ok(git({"read-tree", "main"}, ws));
        auto status = runAccord({"status"}, ws);
        ok(status);
        CHECK(contains(status.out, "Nothing changed since the last commit."));
        auto commit = runAccord({"commit", "-m", "Nothing"}, ws);
        CHECK(commit.status == 1);
        CHECK(contains(commit.err, "nothing to commit"));
        writeText(ws / kDoc, replaceOnce(readText(ws / kDoc), "Translate all hazard signs", "Translate every hazard sign"));
        ok(runAccord({"commit", "-m", "Every sign"}, ws));
        CHECK(git({"status", "--porcelain"}, ws).out.empty());  // plain git agrees again
        auto shown = runAccord({"show", "HEAD"}, ws);
        CHECK(contains(shown.out, "Translate [-all-]{+every+} hazard [-signs-]{+sign+}"));
    }
}

TEST_SUITE("signatures")
{
    TEST_CASE("an approval counts only when signed with a key of its author's: no key, another's, a stranger's, forged, tampered")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        edit(ws, "apil", "Translate hazard signs", "Translate all hazard signs");  // safety-training: endorsed by mwu only
        const std::string p = proposed(as("minji", {"propose", "--title", "Hazard signs"}, ws));
        const std::string log = "refs/accord/proposals/" + fullId(ws, p);
        auto approveWith = [&](const std::optional<fs::path>& key) {
            std::map<std::string, std::string> env{{"ACCORD_USER", "sujin"}};
            if (key) env["ACCORD_SIGNING_KEY"] = key->string();
            return runAccord({"review", p, "--approve"}, ws, env);
        };

        // No key at all: nothing is recorded, and the message says how to set one up.
        const std::string before = records(ws);
        auto none = approveWith(std::nullopt);
        CHECK(none.status == 1);
        CHECK(contains(none.err, "the policy of main counts only signed reviews: set ACCORD_SIGNING_KEY"));
        CHECK(records(ws) == before);

        // Signed, but with another user's key, then with a key nobody declared: heard by no one.
        ok(approveWith(accord::test::keyOf(dir.path(), "hana")));
        ok(approveWith(accord::test::keyOf(dir.path(), "stranger")));
        auto show = as("", {"proposal", "show", p}, ws);
        CHECK(contains(show.out, "ignored: approval by sujin is not signed with a key of sujin's"));
        CHECK(contains(show.out, "[not signed by its author: ignored]"));
        auto refused = as("minji", {"land", p}, ws);
        CHECK(refused.status == 1);
        CHECK(contains(refused.err, "needs approval from: Migrant Workers' Union"));

        // An approval written with plain git (a commit of a JSON record, no signature).
        const std::string tip = rev(ws, log);
        const std::string forged = git({"show", tip + ":record.json"}, ws).out;
        writeText(dir / "record.json", forged);
        const std::map<std::string, std::string> someone{{"GIT_AUTHOR_NAME", "이수진"}, {"GIT_AUTHOR_EMAIL", "sujin@mwu.example"},
                                                         {"GIT_COMMITTER_NAME", "이수진"}, {"GIT_COMMITTER_EMAIL", "sujin@mwu.example"}};
        auto plain = [&](const std::string& program, const std::vector<std::string>& args) {
            auto r = accord::test::run(program, args, ws, someone);
            REQUIRE_MESSAGE(r.status == 0, r.err);
            REQUIRE(!r.out.empty());
            r.out.pop_back();
            return r.out;
        };
        const std::string tree = plain("/bin/sh", {"-c", "printf '100644 blob %s\\trecord.json\\n' $(git hash-object -w " +
                                                             (dir / "record.json").string() + ") | git mktree"});
        const std::string commit = plain("/usr/bin/git", {"commit-tree", tree, "-p", tip, "-m", "proposal: review approve by sujin"});
        ok(git({"update-ref", log, commit, tip}, ws));
        show = as("", {"proposal", "show", p}, ws);
        CHECK(contains(show.out, "ignored: approval by sujin is not signed (record " + commit.substr(0, 8)));
        CHECK(as("minji", {"land", p}, ws).status == 1);

        // A record signed by sujin, then altered: the signature no longer holds.
        ok(approveWith(accord::test::keyOf(dir.path(), "sujin")));
        const std::string good = rev(ws, log);
        std::string raw = git({"cat-file", "commit", good}, ws).out;
        raw = replaceOnce(raw, "review approve by sujin", "review approve by sujin, honestly");
        writeText(dir / "tampered", raw);
        const std::string tampered = plain("/usr/bin/git", {"hash-object", "-w", "-t", "commit", (dir / "tampered").string()});
        ok(git({"update-ref", log, tampered, good}, ws));
        show = as("", {"proposal", "show", p}, ws);
        CHECK(contains(show.out, "ignored: approval by sujin is not signed with a key of sujin's (record " + tampered.substr(0, 8)));
        CHECK(as("minji", {"land", p}, ws).status == 1);

        // Her own key, her own approval: it counts, and the audit verifies every signature.
        ok(git({"update-ref", log, good, tampered}, ws));
        auto landed = as("minji", {"land", p}, ws);
        CHECK_MESSAGE(landed.status == 0, landed.err);
        auto audit = as("", {"audit"}, ws);
        CHECK_MESSAGE(audit.status == 0, audit.out);
        CHECK(contains(audit.out, "Records not signed by their authors, which counted for nothing:"));
        CHECK(contains(audit.out, "approval by sujin is not signed with a key of sujin's"));
    }

    TEST_CASE("a key added to a user is a change of the rules that their organisation must consent to")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        ok(runAccord({"switch", "krsn"}, ws));
        const fs::path extra = accord::test::keyOf(dir.path(), "mallory");
        auto added = runAccord({"user", "key", "sujin", extra.string() + ".pub"}, ws);
        ok(added);
        CHECK(contains(added.out, "Added a key to sujin"));
        CHECK(runAccord({"user", "key", "sujin", "not a key"}, ws).status == 1);
        commitAs(ws, "Another key for Sujin", "jiho");
        const std::string p = proposed(as("jiho", {"propose", "--title", "Sujin's new key", "--from", "krsn"}, ws));
        ok(as("hana", {"review", p, "--approve"}, ws));
        ok(as("yuna", {"review", p, "--approve"}, ws));
        auto refused = as("minji", {"land", p}, ws);
        CHECK(refused.status == 1);
        CHECK(contains(refused.err, "needs approval from: Migrant Workers' Union (changes the rules: changes user sujin: signing keys 1 → 2)"));
        ok(as("sujin", {"review", p, "--approve"}, ws));
        ok(as("minji", {"land", p}, ws));
    }

    TEST_CASE("a landing signed with a key that is not the lander's is named by the audit")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        edit(ws, "apil", "Translate hazard signs", "Translate all hazard signs");
        const std::string p = proposed(as("minji", {"propose", "--title", "Hazard signs"}, ws));
        ok(as("sujin", {"review", p, "--approve"}, ws));
        ok(runAccord({"land", p}, ws,
                     {{"ACCORD_USER", "minji"}, {"ACCORD_SIGNING_KEY", accord::test::keyOf(dir.path(), "hana").string()}}));
        auto audit = as("", {"audit"}, ws);
        CHECK(audit.status == 1);
        CHECK(contains(audit.out, "the landing is not signed with a key of minji's"));
    }

    TEST_CASE("a signer the workspace trusts for some users signs for them, and for no one else")
    {
        TempDir dir;
        fs::path ws = dir / "ws";
        ok(runAccord({"init", ws.string()}, dir.path()));
        ok(runAccord({"org", "add", "apil", "--name", "APIL"}, ws));
        ok(runAccord({"org", "add", "mwu", "--name", "Migrant Workers' Union"}, ws));
        addUser(ws, "minji", "Kim Minji", "apil", "drafter,reviewer,admin");
        // Sujin and Jun have no keys: they sign in to the coalition's server, which signs for them.
        ok(runAccord({"user", "add", "sujin", "--name", "이수진", "--email", "sujin@mwu.example", "--org", "mwu", "--role", "reviewer"}, ws));
        ok(runAccord({"user", "add", "jun", "--name", "Jun", "--email", "jun@mwu.example", "--org", "mwu", "--role", "reviewer"}, ws));
        const fs::path server = accord::test::keyOf(dir.path(), "server");
        std::string key = readText(fs::path(server.string() + ".pub"));
        key.pop_back();
        writeText(ws / "accord.xml", replaceOnce(readText(ws / "accord.xml"), "  <policies>",
                                                 "  <signers>\n    <signer id=\"hub\" for=\"sujin\">\n      <key>" + key +
                                                     "</key>\n    </signer>\n  </signers>\n  <policies>"));
        std::string doc = replaceOnce(fixture("documents/valid-small.xml"), "<member org=\"krsn\"/>", "");
        doc = std::regex_replace(doc, std::regex("<endorsement org=\"krsn\"/>\\n\\s*"), "");
        writeText(ws / kDoc, doc);
        ok(runAccord({"commit", "-m", "Start"}, ws));
        ok(runAccord({"draft", "new", "apil"}, ws));
        edit(ws, "apil", "Translate hazard signs", "Translate all hazard signs");
        const std::string p = proposed(as("minji", {"propose", "--title", "Hazard signs"}, ws));
        ok(runAccord({"review", p, "--approve"}, ws, {{"ACCORD_USER", "jun"}, {"ACCORD_SIGNING_KEY", server.string()}}));
        auto show = as("", {"proposal", "show", p}, ws);
        CHECK(contains(show.out, "ignored: approval by jun is not signed with a key of jun's"));
        ok(runAccord({"review", p, "--approve"}, ws, {{"ACCORD_USER", "sujin"}, {"ACCORD_SIGNING_KEY", server.string()}}));
        show = as("", {"proposal", "show", p}, ws);
        CHECK(contains(show.out, "approved by 이수진 (mwu)"));  // the record names the person, the server vouches
        ok(as("minji", {"land", p}, ws));
        CHECK(as("", {"audit"}, ws).status == 0);
    }
}
