// What a coalition's machines do to Accord on a bad day: processes killed at any
// moment (kill -9 while committing, reviewing, landing), and two people doing the
// same thing at the same moment. Afterwards every acknowledged action is there,
// the repository is whole (git fsck), the audit holds, and nothing is left half done.
// ACCORD_STRESS_KILLS sets how many kills each loop makes (CI's slow suite: hundreds).
#include "server_support.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <chrono>
#include <cstdlib>
#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <regex>
#include <thread>

namespace fs = std::filesystem;
using accord::test::contains;
using accord::test::fixture;
using accord::test::git;
using accord::test::ok;
using accord::test::makeWorkspace;
using accord::test::readText;
using accord::test::replaceOnce;
using accord::test::RunResult;
using accord::test::runAccord;
using accord::test::startAccord;
using accord::test::TempDir;
using accord::test::writeText;

namespace {

const std::string kDoc = "documents/small.xml";
constexpr int kKilled = 256 + 9;  // what waiting reports for a process ended by SIGKILL

int kills()
{
    const char* n = std::getenv("ACCORD_STRESS_KILLS");
    return n && std::atoi(n) > 0 ? std::atoi(n) : 25;
}

/// Who acts, and the key they sign with.
std::map<std::string, std::string> actor(const fs::path& ws, const std::string& user)
{
    return {{"ACCORD_USER", user}, {"ACCORD_SIGNING_KEY", (ws.parent_path() / "keys" / user).string()}};
}

RunResult as(const std::string& user, const std::vector<std::string>& args, const fs::path& ws)
{
    return runAccord(args, ws, actor(ws, user));
}

/// The test coalition with reviewers in each organisation and an admin, the small
/// document on main (every recommendation endorsed by apil only, so one approval
/// from apil lands anything).
fs::path coalition(const TempDir& dir)
{
    fs::path ws = makeWorkspace(dir);
    ok(runAccord({"user", "add", "minji", "--name", "Kim Minji", "--email", "minji@apil.example", "--org", "apil", "--role",
                  "drafter,reviewer,admin", "--key", accord::test::keyOf(dir.path(), "minji").string() + ".pub"},
                 ws));
    ok(runAccord({"user", "add", "hana", "--name", "최하나", "--email", "hana@apil.example", "--org", "apil", "--role", "reviewer",
                  "--key", accord::test::keyOf(dir.path(), "hana").string() + ".pub"},
                 ws));
    std::string doc = replaceOnce(fixture("documents/valid-small.xml"), "<endorsement org=\"mwu\"/>\n    </recommendation>\n  </section>",
                                  "<endorsement org=\"apil\"/>\n    </recommendation>\n  </section>");
    doc = std::regex_replace(doc, std::regex("<endorsement org=\"(krsn|mwu)\"/>\\n\\s*"), "");
    writeText(ws / kDoc, doc);
    ok(runAccord({"commit", "-m", "Start"}, ws));
    return ws;
}

/// The document with its safety-training sentence carrying `mark`.
std::string marked(const fs::path& ws, const std::string& mark)
{
    static const std::regex sentence("Translate hazard signs[^<]*as well\\.");
    return std::regex_replace(readText(ws / kDoc), sentence, "Translate hazard signs (" + mark + ") as well.");
}

void randomPause(std::mt19937& rng, int maxMs)
{
    std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, maxMs * 1000)(rng)));
}

/// git fsck finds the repository whole: every object readable, every ref pointing at one.
void repositoryIsWhole(const fs::path& ws)
{
    auto fsck = git({"fsck", "--full", "--no-progress"}, ws);
    CHECK_MESSAGE(fsck.status == 0, fsck.out, fsck.err);
    CHECK_FALSE(contains(fsck.out + fsck.err, "error"));
    CHECK_FALSE(contains(fsck.out + fsck.err, "broken"));
}

/// Status and the files agree: nothing changed means HEAD holds the file, and then the
/// commit that holds it is the one whose message named its mark.
void statusTellsTheTruth(const fs::path& ws, const std::string& mark)
{
    auto status = runAccord({"status"}, ws);
    REQUIRE_MESSAGE(status.status == 0, status.err);
    if (contains(status.out, "Nothing changed")) {
        CHECK(git({"show", "HEAD:" + kDoc}, ws).out == readText(ws / kDoc));
        CHECK(contains(git({"log", "-1", "--format=%s", "HEAD"}, ws).out, mark));
    } else {
        CHECK(contains(status.out, "modified: documents/small.xml"));
        CHECK_FALSE(contains(runAccord({"diff"}, ws).out, "No changes"));
    }
}

/// The proposal `propose` opened, as it printed it ("Opened proposal #3f9a2c1: …").
std::string proposed(const RunResult& opened)
{
    REQUIRE_MESSAGE(opened.status == 0, opened.err);
    const auto at = opened.out.find('#') + 1;
    return opened.out.substr(at, opened.out.find(':', at) - at);
}

/// Opens a proposal from a new draft that rewrites safety-training, approved by hana.
std::string approvedProposal(const fs::path& ws, const std::string& mark)
{
    ok(runAccord({"switch", "main"}, ws));
    ok(runAccord({"draft", "new", mark}, ws));
    ok(runAccord({"switch", mark}, ws));
    writeText(ws / kDoc, marked(ws, mark));
    ok(as("minji", {"commit", "-m", "Mark " + mark}, ws));
    const std::string n = proposed(as("minji", {"propose", "--title", "Proposal " + mark}, ws));
    ok(as("hana", {"review", n, "--approve"}, ws));
    return n;
}

int landingsOf(const fs::path& ws, const std::string& n)
{
    const std::string log = git({"log", "--first-parent", "--format=%B", "main"}, ws).out;
    int found = 0;
    for (auto at = log.find("Proposal: " + n); at != std::string::npos; at = log.find("Proposal: " + n, at + 1)) ++found;
    return found;
}

int landedRecordsOf(const fs::path& ws, const std::string& n)
{
    std::string ref;
    std::istringstream refs(git({"for-each-ref", "--format=%(refname)", "refs/accord/proposals/"}, ws).out);
    for (std::string r; std::getline(refs, r);)
        if (r.starts_with("refs/accord/proposals/" + n)) ref = r;
    const std::string log = git({"log", "--format=%s", ref}, ws).out;
    int found = 0;
    for (auto at = log.find(": landed"); at != std::string::npos; at = log.find(": landed", at + 1)) ++found;
    return found;
}

} // namespace

TEST_SUITE("crash")
{
    TEST_CASE("commit killed at any moment: every acknowledged commit is kept, and status never lies")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        ok(runAccord({"draft", "new", "d"}, ws));
        ok(runAccord({"switch", "d"}, ws));
        std::mt19937 rng(20261128);
        std::vector<std::string> acknowledged;
        int killed = 0;
        for (int i = 0; i < kills(); ++i) {
            const std::string mark = "edit-" + std::to_string(i);
            writeText(ws / kDoc, marked(ws, mark));
            auto commit = startAccord({"commit", "-m", mark}, ws);
            randomPause(rng, 40);
            commit->kill();
            const RunResult r = commit->wait();
            CHECK_MESSAGE((r.status == 0 || r.status == kKilled), r.status, r.err);
            if (r.status == 0) acknowledged.push_back(mark);
            killed += r.status == kKilled;
            statusTellsTheTruth(ws, mark);
        }
        MESSAGE(killed, " of ", kills(), " commits killed");
        repositoryIsWhole(ws);
        const std::string log = git({"log", "--format=%s", "draft/d"}, ws).out;
        for (const auto& mark : acknowledged) CHECK_MESSAGE(contains(log, mark + "\n"), mark);
        // And the next commit records the work in progress, under its own message.
        if (!runAccord({"status"}, ws).out.starts_with("On draft/d\nNothing changed")) {
            ok(runAccord({"commit", "-m", "after the kills"}, ws));
            CHECK(git({"show", "HEAD:" + kDoc}, ws).out == readText(ws / kDoc));
        }
    }

    TEST_CASE("review killed at any moment: acknowledged comments are kept and the proposal still reads")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        const std::string n = approvedProposal(ws, "reviewed");
        std::mt19937 rng(11);
        std::vector<std::string> acknowledged;
        for (int i = 0; i < kills(); ++i) {
            const std::string note = "comment " + std::to_string(i);
            auto review = startAccord({"review", n, "--comment", "-m", note}, ws, actor(ws, "hana"));
            randomPause(rng, 40);
            review->kill();
            const RunResult r = review->wait();
            CHECK_MESSAGE((r.status == 0 || r.status == kKilled), r.status, r.err);
            if (r.status == 0) acknowledged.push_back(note);
            auto show = runAccord({"proposal", "show", n}, ws);
            REQUIRE_MESSAGE(show.status == 0, show.err);
        }
        repositoryIsWhole(ws);
        const std::string shown = runAccord({"proposal", "show", n}, ws).out;
        for (const auto& note : acknowledged) CHECK_MESSAGE(contains(shown, note + "\n"), note);
    }

    TEST_CASE("land killed at any moment: landing again finishes it, once, and the audit holds")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        std::mt19937 rng(7);
        const int rounds = std::max(5, kills() / 3);
        int interrupted = 0;
        for (int i = 0; i < rounds; ++i) {
            const std::string n = approvedProposal(ws, "land-" + std::to_string(i));
            ok(runAccord({"switch", "main"}, ws));
            auto land = startAccord({"land", n}, ws, actor(ws, "minji"));
            randomPause(rng, 120);
            land->kill();
            const RunResult r = land->wait();
            CHECK_MESSAGE((r.status == 0 || r.status == kKilled), r.status, r.err);
            auto again = as("minji", {"land", n}, ws);
            if (r.status == 0) {
                CHECK(again.status == 1);
                CHECK(contains(again.err, "has already landed"));
            } else {
                // Killed before main moved (lands now), between main and the record (completes
                // it), or after both (already landed): never anything else.
                CHECK_MESSAGE((again.status == 0 || contains(again.err, "has already landed")), again.err);
                interrupted += contains(again.out, "the record is now complete");
            }
            CHECK(landingsOf(ws, n) == 1);
            CHECK(landedRecordsOf(ws, n) == 1);
        }
        MESSAGE(interrupted, " landing(s) stopped between main and the record, and were completed");
        repositoryIsWhole(ws);
        auto audit = runAccord({"audit"}, ws);
        CHECK_MESSAGE(audit.status == 0, audit.out);
        CHECK(contains(audit.out, std::to_string(rounds) + " protected change(s) checked, 0 problem(s)"));
    }
}

TEST_SUITE("crash")
{
    TEST_CASE("lock files a killed process left behind do not block the next commit, review or land")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        const std::string n = approvedProposal(ws, "locked");
        const auto old = fs::file_time_type::clock::now() - std::chrono::minutes(5);
        std::string full;
        std::istringstream refs(git({"for-each-ref", "--format=%(refname)", "refs/accord/proposals/"}, ws).out);
        std::getline(refs, full);
        const std::vector<std::string> locks{"refs/heads/draft/locked.lock", full + ".lock", "refs/heads/main.lock", "index.lock"};
        for (const auto& lock : locks) {
            writeText(ws / ".git" / lock, "0000000000000000000000000000000000000000\n");
            fs::last_write_time(ws / ".git" / lock, old);
        }
        writeText(ws / kDoc, marked(ws, "after-a-crash"));
        ok(runAccord({"commit", "-m", "after-a-crash"}, ws));
        ok(as("hana", {"review", n, "--approve"}, ws));
        ok(runAccord({"switch", "main"}, ws));
        ok(as("minji", {"land", n}, ws));
        for (const auto& lock : locks) CHECK_FALSE(fs::exists(ws / ".git" / lock));
        CHECK(git({"status", "--porcelain"}, ws).out.empty());
        repositoryIsWhole(ws);
    }
}

TEST_SUITE("concurrency")
{
    TEST_CASE("two commits at once: one records the change, the other is refused or finds nothing left")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        ok(runAccord({"draft", "new", "d"}, ws));
        ok(runAccord({"switch", "d"}, ws));
        for (int i = 0; i < 20; ++i) {
            const std::string mark = "together-" + std::to_string(i);
            writeText(ws / kDoc, marked(ws, mark));
            auto one = startAccord({"commit", "-m", mark + " (one)"}, ws);
            auto two = startAccord({"commit", "-m", mark + " (two)"}, ws);
            const RunResult a = one->wait();
            const RunResult b = two->wait();
            CHECK_MESSAGE((a.status == 0 || b.status == 0), a.err, b.err);
            for (const auto* r : {&a, &b})
                if (r->status != 0)
                    CHECK_MESSAGE((contains(r->err, "nothing to commit") || contains(r->err, "at the same moment")), r->err);
            statusTellsTheTruth(ws, mark);
            CHECK_FALSE(git({"diff", "--stat", "HEAD^", "HEAD"}, ws).out.empty());  // never an empty commit
        }
        repositoryIsWhole(ws);
    }

    TEST_CASE("two lands of one proposal at once land it once, with one record")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        for (int i = 0; i < 6; ++i) {
            const std::string n = approvedProposal(ws, "twice-" + std::to_string(i));
            ok(runAccord({"switch", "main"}, ws));
            auto one = startAccord({"land", n}, ws, actor(ws, "minji"));
            auto two = startAccord({"land", n}, ws, actor(ws, "minji"));
            const RunResult a = one->wait();
            const RunResult b = two->wait();
            CHECK_MESSAGE((a.status == 0 || b.status == 0), a.err, b.err);
            for (const auto* r : {&a, &b}) CHECK_MESSAGE((r->status == 0 || r->status == 1), r->status, r->err);
            CHECK(landingsOf(ws, n) == 1);
            CHECK(landedRecordsOf(ws, n) == 1);
        }
        repositoryIsWhole(ws);
        CHECK(runAccord({"audit"}, ws).status == 0);
    }

    TEST_CASE("two lands of different proposals at once both land")
    {
        TempDir dir;
        fs::path ws = coalition(dir);
        for (int i = 0; i < 4; ++i) {
            const std::string first = approvedProposal(ws, "left-" + std::to_string(i));
            // The second rewrites another recommendation, so both can land.
            ok(runAccord({"switch", "main"}, ws));
            const std::string other = "right-" + std::to_string(i);
            ok(runAccord({"draft", "new", other}, ws));
            ok(runAccord({"switch", other}, ws));
            static const std::regex interpreters("Use only trained and accredited interpreters[^<]*");
            writeText(ws / kDoc, std::regex_replace(readText(ws / kDoc), interpreters,
                                                    "Use only trained and accredited interpreters (" + other + ")."));
            ok(as("minji", {"commit", "-m", other}, ws));
            const std::string second = proposed(as("minji", {"propose", "--title", other}, ws));
            ok(as("hana", {"review", second, "--approve"}, ws));
            ok(runAccord({"switch", "main"}, ws));
            auto one = startAccord({"land", first}, ws, actor(ws, "minji"));
            auto two = startAccord({"land", second}, ws, actor(ws, "minji"));
            const RunResult a = one->wait();
            const RunResult b = two->wait();
            CHECK_MESSAGE(a.status == 0, a.err);
            CHECK_MESSAGE(b.status == 0, b.err);
            CHECK(landingsOf(ws, first) == 1);
            CHECK(landingsOf(ws, second) == 1);
        }
        repositoryIsWhole(ws);
        CHECK(runAccord({"audit"}, ws).status == 0);
    }

    TEST_CASE("the server killed during a burst of edits loses no acknowledged write and leaves git whole")
    {
        accord::test::Served served;
        {
            auto an = served.as("an");
            REQUIRE(an.send("POST", "/api/v1/drafts", R"({"name":"jumw-labour"})").status == 201);
        }
        const std::vector<std::string> recs = {"eps-job-mobility", "departure-insurance", "accident-statistics"};
        std::mt19937 rng(20261128);
        std::vector<std::string> acknowledged;
        const int rounds = std::max(3, kills() / 25);
        for (int round = 0; round < rounds; ++round) {
            if (!served.server) served.start();
            std::vector<std::thread> writers;
            std::mutex mutex;
            std::atomic<bool> stop{false};
            for (std::size_t w = 0; w < recs.size(); ++w) {
                writers.emplace_back([&, w] {
                    try {
                        auto c = served.as(w == 0 ? "an" : "minji");
                        auto read = c.send("GET", "/api/v1/documents/nap4-migrants/recommendations/" + recs[w] + "?rev=jumw-labour");
                        std::string head = read.etag();
                        auto rec = read.json();
                        for (int i = 0; !stop; ++i) {
                            rec->set("priority", i % 2 ? "low" : "high");
                            std::ostringstream body;
                            rec->stringify(body);
                            auto r = c.send("PUT", "/api/v1/drafts/jumw-labour/documents/nap4-migrants/recommendations/" + recs[w],
                                            body.str(), {{"If-Match", head}});
                            if (r.status != 200) continue;
                            head = r.etag();
                            std::lock_guard lock(mutex);
                            acknowledged.push_back(head);
                        }
                    } catch (const Poco::Exception&) {
                        // the server died under us: what it acknowledged before is what counts
                    }
                });
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(200, 800)(rng)));
            served.server->kill();
            (void)served.server->wait();
            served.server.reset();
            stop = true;
            for (auto& t : writers) t.join();
            repositoryIsWhole(served.ws);
        }
        MESSAGE(acknowledged.size(), " edits acknowledged over ", rounds, " kills");
        CHECK(acknowledged.size() > 0);
        const std::string head = git({"rev-parse", "draft/jumw-labour"}, served.ws).out.substr(0, 40);
        for (const auto& commit : acknowledged)
            CHECK_MESSAGE(git({"merge-base", "--is-ancestor", commit, head}, served.ws).status == 0, commit);
        // The server starts again on what is there, and serves it.
        served.start();
        auto an = served.as("an");
        CHECK(an.send("GET", "/api/v1/documents/nap4-migrants?rev=jumw-labour").status == 200);
        CHECK(runAccord({"validate"}, served.ws).status == 0);
    }
}
