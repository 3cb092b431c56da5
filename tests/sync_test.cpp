// Clones at several organisations meeting at a hub: a bare repository over a
// path and file://, git daemon on loopback, and smart HTTP through git
// http-backend on loopback. Drafts and records travel, concurrent reviews join,
// proposals opened offline never collide, nothing is forced or lost.
#include "support.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <map>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using accord::test::contains;
using accord::test::fixture;
using accord::test::git;
using accord::test::ok;
using accord::test::readText;
using accord::test::replaceOnce;
using accord::test::RunResult;
using accord::test::runAccord;
using accord::test::startAccord;
using accord::test::TempDir;
using accord::test::writeText;

namespace {

const std::string kDoc = "documents/small.xml";

/// `accord` run as a user of one organisation's clone, with that user's git identity.
RunResult as(const std::string& user, const std::vector<std::string>& args, const fs::path& clone)
{
    static const std::map<std::string, std::string> identity{{"minji", "Kim Minji <minji@apil.example>"},
                                                             {"hana", "최하나 <hana@apil.example>"},
                                                             {"jiho", "Park Jiho <jiho@krsn.example>"},
                                                             {"yuna", "Jeong Yuna <yuna@krsn.example>"},
                                                             {"sujin", "이수진 <sujin@mwu.example>"}};
    return runAccord(args, clone,
                     {{"ACCORD_USER", user}, {"ACCORD_AUTHOR", identity.at(user)},
                      {"ACCORD_SIGNING_KEY", (clone.parent_path() / "keys" / user).string()}});
}

/// The number `proposal show` gives the thread `user` opened.
std::string threadOf(const fs::path& clone, const std::string& proposal, const std::string& user)
{
    const std::string shown = runAccord({"proposal", "show", proposal}, clone).out;
    const auto at = shown.find(" " + user + " comment");
    REQUIRE(at != std::string::npos);
    const auto open = shown.rfind('[', at);
    return shown.substr(open + 1, shown.find(']', open) - open - 1);
}

std::string proposed(const RunResult& r)
{
    REQUIRE_MESSAGE(r.status == 0, r.out, r.err);
    const auto at = r.out.find("Opened proposal #") + 17;
    return r.out.substr(at, r.out.find(':', at) - at);
}

/// The secretariat's workspace: three organisations, their reviewers, an admin,
/// the small document on main; published to an empty bare repository `hub`.
fs::path secretariat(const TempDir& dir, const std::string& hub)
{
    fs::path ws = dir / "apil";
    ok(runAccord({"init", ws.string()}, dir.path()));
    ok(runAccord({"org", "add", "apil", "--name", "Advocates for Public Interest Law", "--name-ko", "공익법센터 어필"}, ws));
    ok(runAccord({"org", "add", "krsn", "--name", "Korea Refugee Support Network", "--name-ko", "난민지원네트워크"}, ws));
    ok(runAccord({"org", "add", "mwu", "--name", "Migrant Workers' Union", "--name-ko", "이주노동자노동조합"}, ws));
    for (const auto& [id, name, org, roles] :
         {std::tuple{"minji", "Kim Minji", "apil", "drafter,reviewer,admin"}, std::tuple{"hana", "최하나", "apil", "reviewer"},
          std::tuple{"jiho", "Park Jiho", "krsn", "drafter,reviewer"}, std::tuple{"yuna", "Jeong Yuna", "krsn", "reviewer"},
          std::tuple{"sujin", "이수진", "mwu", "drafter,reviewer"}})
        ok(runAccord({"user", "add", id, "--name", name, "--email", std::string(id) + "@" + org + ".example", "--org", org,
                      "--role", roles, "--key", accord::test::keyOf(dir.path(), id).string() + ".pub"},
                     ws));
    writeText(ws / kDoc, fixture("documents/valid-small.xml"));
    ok(runAccord({"commit", "-m", "Start the submission"}, ws));
    ok(git({"init", "-q", "--bare", hub}, dir.path()));
    auto published = runAccord({"publish", hub}, ws);
    ok(published);
    CHECK(contains(published.out, "went out: main"));
    return ws;
}

/// Commits one replacement on a new draft of `clone`, as `user`.
void draftEdit(const fs::path& clone, const std::string& draft, const std::string& from, const std::string& to,
               const std::string& user)
{
    ok(runAccord({"draft", "new", draft, "--from", "main"}, clone));
    ok(runAccord({"switch", draft}, clone));
    writeText(clone / kDoc, replaceOnce(readText(clone / kDoc), from, to));
    ok(as(user, {"commit", "-m", "Edit on " + draft}, clone));
}

int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

void waitForPort(int port)
{
    for (int i = 0; i < 100; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        const bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
        ::close(fd);
        if (up) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL("nothing listens on port " << port);
}

/// The whole coalition flow over one hub URL: three clones, a draft, a proposal,
/// reviews given offline at the same time in two clones, a landing, everyone synced.
void coalitionMeetsAt(const TempDir& dir, const fs::path& secretariatWs, const std::string& url)
{
    fs::path krsn = dir / "krsn";
    fs::path mwu = dir / "mwu";
    auto cloned = runAccord({"clone", url, krsn.string()}, dir.path());
    ok(cloned);
    CHECK(contains(cloned.out, "Cloned " + url));
    ok(runAccord({"clone", url, mwu.string()}, dir.path()));
    // The clone merges documents as init does: git's merge driver is set.
    CHECK(contains(git({"config", "merge.accord.driver"}, krsn).out, "merge-file"));

    // KRSN drafts and proposes; the hub gets both the draft and the proposal.
    draftEdit(krsn, "krsn-interpreters", "Use only trained and accredited interpreters",
              "Use only trained, accredited and sworn interpreters", "jiho");
    const std::string p = proposed(as("jiho", {"propose", "--title", "Sworn interpreters"}, krsn));
    auto out = as("jiho", {"sync"}, krsn);
    ok(out);
    CHECK(contains(out.out, "draft/krsn-interpreters"));

    // The others see the draft of another organisation, and can read it without a checkout.
    ok(runAccord({"sync"}, mwu));
    auto drafts = runAccord({"draft", "list"}, mwu);
    CHECK(contains(drafts.out, "krsn-interpreters"));
    CHECK(contains(drafts.out, "by Park Jiho"));
    CHECK(contains(drafts.out, "on the hub"));
    auto show = runAccord({"proposal", "show", p}, mwu);
    CHECK_MESSAGE(show.status == 0, show.err);
    CHECK(contains(show.out, "sworn"));

    // Three reviewers at three organisations write at the same time, each offline in their own clone.
    ok(runAccord({"sync"}, secretariatWs));
    ok(as("hana", {"review", p, "--approve"}, secretariatWs));
    ok(as("yuna", {"review", p, "--approve"}, krsn));
    ok(as("sujin", {"review", p, "--comment", "-m", "선서한 통역인의 기준은 무엇인가요?"}, mwu));
    ok(runAccord({"sync"}, mwu));
    ok(runAccord({"sync"}, krsn));           // joins the hub's copy (the comment) with its own (an approval)
    ok(runAccord({"sync"}, secretariatWs));  // and again
    ok(runAccord({"sync"}, mwu));
    ok(runAccord({"sync"}, krsn));
    const std::string log = runAccord({"proposal", "show", p}, secretariatWs).out;
    for (const auto& clone : {secretariatWs, mwu, krsn}) {
        auto all = runAccord({"proposal", "show", p}, clone);
        CHECK(contains(all.out, "hana approve"));
        CHECK(contains(all.out, "yuna approve"));
        CHECK(contains(all.out, "선서한 통역인의 기준은 무엇인가요?"));
        CHECK(all.out == log);  // the same log, in the same order, in every clone
    }
    ok(as("sujin", {"review", p, "--resolve", threadOf(mwu, p, "sujin")}, mwu));
    ok(runAccord({"sync"}, mwu));
    ok(runAccord({"sync"}, secretariatWs));

    // The secretariat lands; everyone's main follows.
    ok(runAccord({"switch", "main"}, secretariatWs));
    auto landed = as("minji", {"land", p}, secretariatWs);
    CHECK_MESSAGE(landed.status == 0, landed.err);
    ok(runAccord({"sync"}, secretariatWs));
    for (const auto& clone : {krsn, mwu}) {
        ok(runAccord({"switch", "main"}, clone));
        auto synced = runAccord({"sync"}, clone);
        ok(synced);
        CHECK(contains(readText(clone / kDoc), "sworn interpreters"));
        auto audit = runAccord({"audit"}, clone);
        CHECK_MESSAGE(audit.status == 0, audit.out);
    }
}

} // namespace

TEST_SUITE("sync")
{
    TEST_CASE("three organisations meet at a bare repository: drafts, proposals, concurrent reviews and landings travel")
    {
        TempDir dir;
        const std::string hub = (dir / "hub.git").string();
        fs::path apil = secretariat(dir, hub);
        coalitionMeetsAt(dir, apil, "file://" + hub);
        CHECK(git({"--git-dir", hub, "symbolic-ref", "HEAD"}, dir.path()).out == "refs/heads/main\n");
    }

    TEST_CASE("proposals opened offline in two clones never collide, and both reach the hub")
    {
        TempDir dir;
        const std::string hub = (dir / "hub.git").string();
        fs::path apil = secretariat(dir, hub);
        fs::path krsn = dir / "krsn";
        ok(runAccord({"clone", hub, krsn.string()}, dir.path()));
        draftEdit(apil, "apil-signs", "Translate hazard signs", "Translate all hazard signs", "minji");
        draftEdit(krsn, "krsn-interpreters", "Use only trained", "Use only trained and sworn", "jiho");
        const std::string a = proposed(as("minji", {"propose", "--title", "Signs"}, apil));
        const std::string b = proposed(as("jiho", {"propose", "--title", "Interpreters"}, krsn));
        CHECK(a != b);
        ok(runAccord({"sync"}, apil));
        ok(runAccord({"sync"}, krsn));  // no "non-fast-forward": each proposal is its own log
        ok(runAccord({"sync"}, apil));
        for (const auto& clone : {apil, krsn}) {
            auto list = runAccord({"proposals"}, clone);
            CHECK(contains(list.out, "#" + a));
            CHECK(contains(list.out, "#" + b));
        }
    }

    TEST_CASE("a draft changed here and on the hub is named, not overwritten — a refused push loses nothing")
    {
        TempDir dir;
        const std::string hub = (dir / "hub.git").string();
        fs::path apil = secretariat(dir, hub);
        fs::path krsn = dir / "krsn";
        ok(runAccord({"clone", hub, krsn.string()}, dir.path()));
        draftEdit(apil, "shared", "Translate hazard signs", "Translate all hazard signs", "minji");
        ok(runAccord({"sync"}, apil));
        ok(runAccord({"sync"}, krsn));
        ok(runAccord({"switch", "shared"}, krsn));
        writeText(krsn / kDoc, replaceOnce(readText(krsn / kDoc), "Use only trained", "Use only trained and sworn"));
        ok(as("jiho", {"commit", "-m", "KRSN's edit"}, krsn));
        ok(runAccord({"switch", "shared"}, apil));
        writeText(apil / kDoc, replaceOnce(readText(apil / kDoc), "take up wage claims", "take up and decide wage claims"));
        ok(runAccord({"commit", "-m", "APIL's edit"}, apil));
        ok(runAccord({"sync"}, apil));
        const std::string mine = git({"rev-parse", "draft/shared"}, krsn).out;
        auto both = runAccord({"sync"}, krsn);
        CHECK(both.status == 1);
        CHECK(contains(both.out, "needs you: draft/shared changed here and on origin: accord switch shared; accord merge origin/draft/shared"));
        CHECK(git({"rev-parse", "draft/shared"}, krsn).out == mine);  // nothing overwritten
        ok(runAccord({"merge", "origin/draft/shared"}, krsn));
        ok(runAccord({"sync"}, krsn));
        ok(runAccord({"sync"}, apil));
        const std::string merged = readText(apil / kDoc);
        CHECK(contains(merged, "take up and decide wage claims"));
        CHECK(contains(merged, "Use only trained and sworn"));
    }

    TEST_CASE("uncommitted work on a draft that moved on the hub is never overwritten: the draft waits")
    {
        TempDir dir;
        const std::string hub = (dir / "hub.git").string();
        fs::path apil = secretariat(dir, hub);
        fs::path krsn = dir / "krsn";
        ok(runAccord({"clone", hub, krsn.string()}, dir.path()));
        draftEdit(apil, "shared", "Translate hazard signs", "Translate all hazard signs", "minji");
        ok(runAccord({"sync"}, apil));
        ok(runAccord({"sync"}, krsn));
        ok(runAccord({"switch", "shared"}, krsn));
        writeText(apil / kDoc, replaceOnce(readText(apil / kDoc), "take up wage claims", "take up and decide wage claims"));
        ok(runAccord({"commit", "-m", "APIL again"}, apil));
        ok(runAccord({"sync"}, apil));
        const std::string mine = replaceOnce(readText(krsn / kDoc), "Use only trained", "Use only trained and sworn");
        writeText(krsn / kDoc, mine);  // not committed yet
        const std::string before = git({"rev-parse", "draft/shared"}, krsn).out;
        auto held = runAccord({"sync"}, krsn);
        CHECK(held.status == 1);
        CHECK(contains(held.out, "needs you: draft/shared (you changed documents/small.xml) moved on origin"));
        CHECK(readText(krsn / kDoc) == mine);
        CHECK(git({"rev-parse", "draft/shared"}, krsn).out == before);
        ok(as("jiho", {"commit", "-m", "Sworn"}, krsn));
        auto both = runAccord({"sync"}, krsn);
        CHECK(contains(both.out, "needs you: draft/shared changed here and on origin"));
        ok(runAccord({"merge", "origin/draft/shared"}, krsn));
        ok(runAccord({"sync"}, krsn));
        CHECK(contains(readText(krsn / kDoc), "take up and decide wage claims"));
        CHECK(contains(readText(krsn / kDoc), "Use only trained and sworn"));
    }

    TEST_CASE("a clone made with plain git is told to sync, and a log pushed back older with --force is caught and mended")
    {
        TempDir dir;
        const std::string hub = (dir / "hub.git").string();
        fs::path apil = secretariat(dir, hub);
        draftEdit(apil, "apil-signs", "Translate hazard signs", "Translate all hazard signs", "minji");
        const std::string p = proposed(as("minji", {"propose", "--title", "Signs"}, apil));
        const std::string opened = git({"rev-parse", "refs/accord/proposals/" + git({"for-each-ref", "--format=%(refname:lstrip=3)",
                                                                                     "refs/accord/proposals/"}, apil).out.substr(0, 40)},
                                       apil).out;
        ok(as("sujin", {"review", p, "--approve"}, apil));
        ok(runAccord({"switch", "main"}, apil));
        ok(as("minji", {"land", p}, apil));
        ok(runAccord({"sync"}, apil));

        // git clone fetches branches only: audit says what is missing instead of blaming every landing.
        fs::path plain = dir / "plain";
        ok(git({"clone", "-q", hub, plain.string()}, dir.path()));
        auto blind = runAccord({"audit"}, plain);
        CHECK(blind.status == 1);
        CHECK(contains(blind.out, "this clone holds none of the proposals and reviews"));
        CHECK(contains(blind.out, "accord sync fetches them"));
        CHECK_FALSE(contains(blind.out, "does not exist"));
        ok(runAccord({"sync"}, plain));
        CHECK(runAccord({"audit"}, plain).status == 0);

        // Someone pushes an older copy of the log over the hub's, dropping the approval and the landing.
        const std::string ref = "refs/accord/proposals/" + git({"for-each-ref", "--format=%(refname:lstrip=3)",
                                                                 "refs/accord/proposals/"}, apil).out.substr(0, 40);
        ok(git({"push", "-q", "--force", hub, opened.substr(0, 40) + ":" + ref}, apil));
        fs::path fresh = dir / "fresh";
        ok(runAccord({"clone", hub, fresh.string()}, dir.path()));
        auto caught = runAccord({"audit"}, fresh);
        CHECK(caught.status == 1);
        CHECK(contains(caught.out, "the approval by sujin"));
        CHECK(contains(caught.out, "is missing from the log of proposal #" + p));
        // The secretariat's copy still holds everything: its sync joins the logs and puts it back.
        ok(runAccord({"sync"}, apil));
        ok(runAccord({"sync"}, fresh));
        auto mended = runAccord({"audit"}, fresh);
        CHECK_MESSAGE(mended.status == 0, mended.out);
    }

    TEST_CASE("the coalition meets at git daemon on loopback")
    {
        TempDir dir;
        const std::string hub = (dir / "hub.git").string();
        fs::path apil = secretariat(dir, hub);
        const int port = freePort();
        const fs::path pidFile = dir / "daemon.pid";
        ok(git({"daemon", "--detach", "--pid-file=" + pidFile.string(), "--reuseaddr", "--export-all", "--enable=receive-pack",
                "--informative-errors", "--listen=127.0.0.1", "--port=" + std::to_string(port),
                "--base-path=" + dir.path().string(), dir.path().string()},
               dir.path()));
        // Stopped when the test ends, however it ends.
        struct Stop {
            fs::path pidFile;
            ~Stop() { ::kill(static_cast<pid_t>(std::stol(accord::test::readText(pidFile))), SIGTERM); }
        } stop{pidFile};
        waitForPort(port);
        coalitionMeetsAt(dir, apil, "git://127.0.0.1:" + std::to_string(port) + "/hub.git");
    }

    TEST_CASE("the coalition meets at smart HTTP (git http-backend) on loopback")
    {
        TempDir dir;
        const std::string hub = (dir / "hub.git").string();
        fs::path apil = secretariat(dir, hub);
        const int port = freePort();
        accord::test::Started server("/usr/bin/python3",
                                     {ACCORD_TEST_DIR "/git_http_server.py", dir.path().string(), std::to_string(port)},
                                     dir.path(), {});
        waitForPort(port);
        coalitionMeetsAt(dir, apil, "http://127.0.0.1:" + std::to_string(port) + "/hub.git");
    }

    TEST_CASE("the coalition meets over ssh on loopback, signing in with a key")
    {
        TempDir dir;
        const std::string hub = (dir / "hub.git").string();
        fs::path apil = secretariat(dir, hub);
        const int port = freePort();
        const fs::path client = accord::test::keyOf(dir.path(), "ssh-client");
        const fs::path host = accord::test::keyOf(dir.path(), "ssh-host");
        writeText(dir / "authorized_keys", readText(fs::path(client.string() + ".pub")));
        writeText(dir / "sshd_config", "Port " + std::to_string(port) + "\nListenAddress 127.0.0.1\nHostKey " + host.string() +
                                           "\nAuthorizedKeysFile " + (dir / "authorized_keys").string() +
                                           "\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
                                           "StrictModes no\nPidFile " + (dir / "sshd.pid").string() + "\nLogLevel ERROR\n");
        fs::create_directories("/run/sshd");  // where sshd keeps its privilege separation
        accord::test::Started sshd("/usr/sbin/sshd", {"-D", "-e", "-f", (dir / "sshd_config").string()}, dir.path(), {});
        waitForPort(port);
        // Everyone's accord signs in to the hub with the client key, and trusts the hub as ssh would.
        const std::string user = ::getpwuid(::getuid())->pw_name;
        const std::string url = "ssh://" + user + "@127.0.0.1:" + std::to_string(port) + hub;
        ::setenv("ACCORD_SSH_KEY", client.c_str(), 1);
        ::setenv("ACCORD_KNOWN_HOSTS", (dir / "known_hosts").c_str(), 1);
        // In the sanitizer build: libgit2 1.5's ssh transport leaks what libssh2 allocates for
        // known hosts, which no caller can free; leak checks are off for this test's programs.
        const char* asan = std::getenv("ASAN_OPTIONS");
        const std::string asanBefore = asan ? asan : "";
        if (asan) ::setenv("ASAN_OPTIONS", (asanBefore + ":detect_leaks=0").c_str(), 1);
        struct Unset {
            std::string asan;
            ~Unset()
            {
                ::unsetenv("ACCORD_SSH_KEY");
                ::unsetenv("ACCORD_KNOWN_HOSTS");
                if (!asan.empty()) ::setenv("ASAN_OPTIONS", asan.c_str(), 1);
            }
        } unset{asanBefore};
        auto stranger = runAccord({"clone", url, "unsure"}, dir.path());
        CHECK(stranger.status == 1);
        CHECK(contains(stranger.err, "the SSH host key of [127.0.0.1]:" + std::to_string(port) + " is not one you know"));
        CHECK(contains(stranger.err, "ssh-keyscan -p " + std::to_string(port) + " 127.0.0.1 >> ~/.ssh/known_hosts"));
        writeText(dir / "known_hosts", "[127.0.0.1]:" + std::to_string(port) + " " + readText(fs::path(host.string() + ".pub")));
        coalitionMeetsAt(dir, apil, url);
    }

    TEST_CASE("a hub that stops in the middle of a push: a clear error, nothing lost, and the next sync goes through")
    {
        TempDir dir;
        const std::string hub = (dir / "hub.git").string();
        (void)secretariat(dir, hub);
        const int port = freePort();
        const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/hub.git";
        fs::path krsn = dir / "krsn";
        {
            accord::test::Started server("/usr/bin/python3",
                                         {ACCORD_TEST_DIR "/git_http_server.py", dir.path().string(), std::to_string(port)},
                                         dir.path(), {});
            waitForPort(port);
            ok(runAccord({"clone", url, krsn.string()}, dir.path()));
        }
        draftEdit(krsn, "krsn-interpreters", "Use only trained", "Use only trained and sworn", "jiho");
        const std::string draft = git({"rev-parse", "draft/krsn-interpreters"}, krsn).out;
        {
            accord::test::Started stalling("/usr/bin/python3",
                                           {ACCORD_TEST_DIR "/git_http_server.py", dir.path().string(), std::to_string(port),
                                            "--stall-push"},
                                           dir.path(), {});
            waitForPort(port);
            auto sync = startAccord({"sync"}, krsn);
            std::this_thread::sleep_for(std::chrono::seconds(2));  // the push is on the wire, unanswered
            stalling.kill();
            (void)stalling.wait();
            const RunResult broken = sync->wait();
            CHECK(broken.status == 1);
            CHECK_MESSAGE(contains(broken.err, "cannot push"), broken.err);
        }
        CHECK(git({"rev-parse", "draft/krsn-interpreters"}, krsn).out == draft);  // nothing lost here
        accord::test::Started server("/usr/bin/python3",
                                     {ACCORD_TEST_DIR "/git_http_server.py", dir.path().string(), std::to_string(port)},
                                     dir.path(), {});
        waitForPort(port);
        auto retried = runAccord({"sync"}, krsn);
        CHECK_MESSAGE(retried.status == 0, retried.out, retried.err);
        CHECK(git({"--git-dir", hub, "rev-parse", "draft/krsn-interpreters"}, dir.path()).out == draft);
    }

    TEST_CASE("a hub that asks for a password gets the one git's credential helper keeps, and a clear refusal without it")
    {
        TempDir dir;
        const std::string hub = (dir / "hub.git").string();
        (void)secretariat(dir, hub);
        const int port = freePort();
        const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/hub.git";
        accord::test::Started server("/usr/bin/python3",
                                     {ACCORD_TEST_DIR "/git_http_server.py", dir.path().string(), std::to_string(port), "--auth",
                                      "minji:s3cret"},
                                     dir.path(), {});
        waitForPort(port);
        // The tests run with HOME in the test's folder: git's helper store lives there.
        auto denied = runAccord({"clone", url, "denied"}, dir.path(), {{"GIT_TERMINAL_PROMPT", "0"}});
        CHECK(denied.status == 1);
        CHECK(contains(denied.err, "did not accept your credentials"));
        CHECK_FALSE(fs::exists(dir / "denied"));
        ok(git({"config", "--global", "credential.helper", "store"}, dir.path()));
        writeText(dir / ".git-credentials", "http://minji:s3cret@127.0.0.1:" + std::to_string(port) + "\n");
        auto cloned = runAccord({"clone", url, "krsn"}, dir.path(), {{"GIT_TERMINAL_PROMPT", "0"}});
        CHECK_MESSAGE(cloned.status == 0, cloned.err);
        CHECK(fs::exists(dir / "krsn/documents/small.xml"));
    }

    TEST_CASE("a push the hub refuses is named with the hub's reason, and nothing here is lost")
    {
        TempDir dir;
        const std::string hub = (dir / "hub.git").string();
        (void)secretariat(dir, hub);
        fs::path krsn = dir / "krsn";
        // Over smart HTTP the hub runs git receive-pack, and with it the hub's hooks.
        const int port = freePort();
        accord::test::Started server("/usr/bin/python3",
                                     {ACCORD_TEST_DIR "/git_http_server.py", dir.path().string(), std::to_string(port)},
                                     dir.path(), {});
        waitForPort(port);
        ok(runAccord({"clone", "http://127.0.0.1:" + std::to_string(port) + "/hub.git", krsn.string()}, dir.path()));
        writeText(fs::path(hub) / "hooks/pre-receive", "#!/bin/sh\necho 'the coalition is closed for the holidays' >&2\nexit 1\n");
        fs::permissions(fs::path(hub) / "hooks/pre-receive", fs::perms::owner_all);
        draftEdit(krsn, "krsn-interpreters", "Use only trained", "Use only trained and sworn", "jiho");
        const std::string draft = git({"rev-parse", "draft/krsn-interpreters"}, krsn).out;
        auto refused = runAccord({"sync"}, krsn);
        CHECK(refused.status == 1);
        CHECK_MESSAGE(contains(refused.out, "refused by origin: refs/heads/draft/krsn-interpreters: pre-receive hook declined"),
                      refused.out, refused.err);
        CHECK(contains(refused.out, "the coalition is closed for the holidays"));
        CHECK(git({"rev-parse", "draft/krsn-interpreters"}, krsn).out == draft);
        fs::remove(fs::path(hub) / "hooks/pre-receive");
        ok(runAccord({"sync"}, krsn));
        CHECK(git({"--git-dir", hub, "rev-parse", "draft/krsn-interpreters"}, dir.path()).out == draft);
    }

    TEST_CASE("a document git merged line by line, with its markers, is named for what it is")
    {
        TempDir dir;
        fs::path ws = dir / "ws";
        ok(runAccord({"init", ws.string()}, dir.path()));
        writeText(ws / kDoc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<<<<<<< HEAD\n<submission/>\n=======\n<x/>\n>>>>>>> other\n");
        auto validate = runAccord({"validate"}, ws);
        CHECK(validate.status == 1);
        CHECK(contains(validate.err, "documents/small.xml:2: holds git's conflict markers (<<<<<<<)"));
        CHECK(contains(validate.err, "merge with accord merge"));
    }

    TEST_CASE("clone says clearly when the hub cannot be reached or holds no workspace, and leaves nothing behind")
    {
        TempDir dir;
        const int port = freePort();
        auto unreachable = runAccord({"clone", "git://127.0.0.1:" + std::to_string(port) + "/hub.git", "x"}, dir.path());
        CHECK(unreachable.status == 1);
        CHECK(contains(unreachable.err, "cannot reach git://127.0.0.1:"));
        CHECK_FALSE(fs::exists(dir / "x"));
        ok(git({"init", "-q", "--bare", "empty.git"}, dir.path()));
        auto empty = runAccord({"clone", (dir / "empty.git").string(), "y"}, dir.path());
        CHECK(empty.status == 1);
        CHECK_FALSE(fs::exists(dir / "y"));
        auto missing = runAccord({"clone", (dir / "nowhere.git").string(), "z"}, dir.path());
        CHECK(missing.status == 1);
        CHECK(contains(missing.err, "no repository at"));
        auto noHub = runAccord({"sync"}, dir.path());
        CHECK(noHub.status == 1);
    }
}
