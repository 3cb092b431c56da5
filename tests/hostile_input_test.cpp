// Input no user means to give, and some that an attacker would: bytes that are
// not UTF-8, control characters written or referenced, DOCTYPEs and entities,
// nesting far beyond any submission, symbolic links. Every command refuses them
// with the file, the line and what to do, exits non-zero, and stores nothing.
#include "support.hpp"

#include <doctest/doctest.h>

#include <functional>

namespace fs = std::filesystem;
using accord::test::contains;
using accord::test::fixture;
using accord::test::git;
using accord::test::makeWorkspace;
using accord::test::readText;
using accord::test::replaceOnce;
using accord::test::runAccord;
using accord::test::TempDir;
using accord::test::writeText;

namespace {

const std::string kDoc = "documents/small.xml";

struct Hostile {
    std::string what;
    std::function<std::string(const std::string&)> make;
    const char* says;  ///< what the refusal must say
    int line;          ///< where it must say it is
};

std::string repeat(const std::string& s, std::size_t n)
{
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

/// Each hostile variant of the small document; line 36 holds "Translate hazard signs".
std::vector<Hostile> hostile()
{
    const std::string at = "Translate hazard signs";
    return {
        {"invalid UTF-8", [at](const std::string& d) { return replaceOnce(d, at, "Translate \xff\xfe signs"); },
         "is not valid UTF-8", 36},
        {"a control character", [at](const std::string& d) { return replaceOnce(d, at, "Translate \x01 signs"); },
         "holds the control character U+0001", 36},
        {"a NUL byte", [at](const std::string& d) { return replaceOnce(d, at, std::string("Translate \0 signs", 17)); },
         "holds a NUL byte", 36},
        {"&#1;", [at](const std::string& d) { return replaceOnce(d, at, "Translate &#1; signs"); }, "&#1; refers to U+0001", 36},
        {"&#xFFFE;", [at](const std::string& d) { return replaceOnce(d, at, "Translate &#xFFFE; signs"); },
         "&#xFFFE; refers to U+FFFE", 36},
        {"a DOCTYPE with an entity",
         [at](const std::string& d) {
             return replaceOnce(replaceOnce(d, "<submission ", "<!DOCTYPE submission [<!ENTITY e \"x\">]>\n<submission "), at,
                                "Translate &e; signs");
         },
         "a DOCTYPE or other declaration is not allowed", 2},
        {"an undefined entity", [at](const std::string& d) { return replaceOnce(d, at, "Translate &e; signs"); },
         "the entity &e; is not defined", 36},
        {"7,000 nested sections",
         [at](const std::string& d) {
             std::string deep;
             for (int i = 0; i < 7000; ++i) deep += "<section id=\"d" + std::to_string(i) + "\"><heading xml:lang=\"en\">x</heading>";
             return replaceOnce(d, "</submission>", deep + repeat("</section>", 7000) + "</submission>");
         },
         "elements nest deeper than 100 levels", 62},
        {"a < in an attribute's value (which pugixml takes)",
         [](const std::string& d) { return replaceOnce(d, "status=\"agreed\"", "status=\"a<conflict greed\""); },
         "a < inside a tag or an attribute value must be written &lt;", 18},
        {"100,000 nested em",
         [at](const std::string& d) { return replaceOnce(d, at, "Translate " + repeat("<em>", 100000) + "x" + repeat("</em>", 100000)); },
         "elements nest deeper than 100 levels", 36},
    };
}

} // namespace

TEST_SUITE("hostile input")
{
    TEST_CASE("merge-file refuses hostile input on any side with exit 255, the file and line, and leaves OURS as it was")
    {
        TempDir dir;
        const std::string base = fixture("documents/valid-small.xml");
        const std::string theirs = replaceOnce(base, "Use only trained", "Use only trained and sworn");
        for (const auto& h : hostile()) {
            CAPTURE(h.what);
            const std::string bad = h.make(base);
            for (int side = 0; side < 3; ++side) {
                CAPTURE(side);
                writeText(dir / "ours.xml", side == 0 ? bad : base);
                writeText(dir / "base.xml", side == 1 ? bad : base);
                writeText(dir / "theirs.xml", side == 2 ? bad : theirs);
                const std::string oursBefore = readText(dir / "ours.xml");
                auto r = runAccord({"merge-file", "ours.xml", "base.xml", "theirs.xml"}, dir.path());
                CHECK(r.status == 255);
                const char* file = side == 0 ? "ours.xml:" : side == 1 ? "base.xml:" : "theirs.xml:";
                CHECK_MESSAGE(contains(r.err, std::string(file) + std::to_string(h.line) + ": " + h.says), r.err);
                CHECK(readText(dir / "ours.xml") == oursBefore);
            }
        }
    }

    TEST_CASE("validate names the line and the reason for each, and nothing of libxml2's reaches the terminal")
    {
        TempDir dir;
        fs::path ws = makeWorkspace(dir);
        for (const auto& h : hostile()) {
            CAPTURE(h.what);
            writeText(ws / kDoc, h.make(fixture("documents/valid-small.xml")));
            auto r = runAccord({"validate", kDoc}, ws);
            CHECK(r.status == 1);
            CHECK_MESSAGE(contains(r.err, kDoc + ":" + std::to_string(h.line) + ": " + h.says), r.err);
            // One finding and the count: no parser noise around it.
            CHECK_MESSAGE(r.err == r.err.substr(0, r.err.find('\n') + 1) + "1 problem found\n", r.err);
            auto commit = runAccord({"commit", "-m", "Hostile"}, ws);
            CHECK(commit.status == 1);
            CHECK(contains(commit.err, h.says));
            CHECK_FALSE(runAccord({"log"}, ws).status == 0);  // nothing was committed: still no history
        }
    }

    TEST_CASE("a document that is a symbolic link is refused everywhere and never read or committed")
    {
        TempDir dir;
        fs::path ws = makeWorkspace(dir);
        writeText(ws / kDoc, fixture("documents/valid-small.xml"));
        ok(runAccord({"commit", "-m", "Start"}, ws));
        fs::create_symlink("/etc/passwd", ws / "documents/passwd.xml");
        auto validate = runAccord({"validate"}, ws);
        CHECK(validate.status == 1);
        CHECK(contains(validate.err, "documents/passwd.xml: is a symbolic link"));
        CHECK(contains(validate.err, "replace the link with the file itself"));
        CHECK_FALSE(contains(validate.err + validate.out, "root:"));
        auto status = runAccord({"status"}, ws);
        CHECK(status.status == 1);
        CHECK(contains(status.err, "documents/passwd.xml is a symbolic link"));
        ok(runAccord({"draft", "new", "d"}, ws));
        auto commit = runAccord({"commit", "-m", "Sneak it in"}, ws);
        CHECK(commit.status == 1);
        CHECK(git({"ls-tree", "-r", "HEAD", "--name-only"}, ws).out.find("passwd") == std::string::npos);
        fs::remove(ws / "documents/passwd.xml");

        // accord.xml itself as a link.
        fs::rename(ws / "accord.xml", ws / "real.xml");
        fs::create_symlink("real.xml", ws / "accord.xml");
        auto config = runAccord({"org", "list"}, ws);
        CHECK(config.status == 1);
        CHECK(contains(config.err, "accord.xml is a symbolic link"));
        fs::remove(ws / "accord.xml");
        fs::rename(ws / "real.xml", ws / "accord.xml");

        // A link committed with plain git is named, not followed.
        fs::create_symlink("/etc/passwd", ws / "documents/evil.xml");
        ok(git({"add", "documents/evil.xml"}, ws));
        ok(accord::test::run("/usr/bin/git", {"commit", "-q", "-m", "A link"}, ws,
                             {{"GIT_AUTHOR_NAME", "X"}, {"GIT_AUTHOR_EMAIL", "x@example.org"},
                              {"GIT_COMMITTER_NAME", "X"}, {"GIT_COMMITTER_EMAIL", "x@example.org"}}));
        auto diff = runAccord({"diff", "main", "d"}, ws);
        CHECK(diff.status == 1);
        CHECK(contains(diff.err, "documents/evil.xml is stored as a symbolic link"));
    }

    TEST_CASE("org add and user add refuse text that is not UTF-8 or holds control characters, and keep accord.xml")
    {
        TempDir dir;
        fs::path ws = makeWorkspace(dir);
        const std::string before = readText(ws / "accord.xml");
        auto org = runAccord({"org", "add", "okid", "--name", "x", "--name-ko", "\xff\xfe"}, ws);
        CHECK(org.status == 1);
        CHECK(contains(org.err, "--name-ko is not valid UTF-8 text"));
        auto user = runAccord({"user", "add", "u", "--name", "A\x01" "B", "--email", "u@example.org", "--org", "apil"}, ws);
        CHECK(user.status == 1);
        CHECK(contains(user.err, "--name holds a control character"));
        CHECK(readText(ws / "accord.xml") == before);
        ok(runAccord({"org", "list"}, ws));  // and everything still reads it
    }

    TEST_CASE("a section and a recommendation that trade ids on one draft merge with an edit on another")
    {
        TempDir dir;
        fs::path ws = makeWorkspace(dir);
        writeText(ws / kDoc, fixture("documents/valid-small.xml"));
        ok(runAccord({"commit", "-m", "Start"}, ws));
        ok(runAccord({"draft", "new", "a"}, ws));
        ok(runAccord({"draft", "new", "b"}, ws));
        ok(runAccord({"switch", "a"}, ws));
        std::string swapped = replaceOnce(readText(ws / kDoc), "<section id=\"labour\">", "<section id=\"wage-arrears\">");
        swapped = replaceOnce(swapped, "<recommendation id=\"wage-arrears\"", "<recommendation id=\"labour\"");
        writeText(ws / kDoc, swapped);
        ok(runAccord({"commit", "-m", "Swap ids"}, ws));
        ok(runAccord({"switch", "b"}, ws));
        writeText(ws / kDoc, replaceOnce(readText(ws / kDoc), "Translate hazard signs", "Translate all hazard signs"));
        ok(runAccord({"commit", "-m", "All signs"}, ws));
        auto merged = runAccord({"merge", "a"}, ws);
        CHECK_MESSAGE(merged.status == 0, merged.out, merged.err);
        const std::string text = readText(ws / kDoc);
        CHECK(contains(text, "<section id=\"wage-arrears\">"));
        CHECK(contains(text, "<recommendation id=\"labour\""));
        CHECK(contains(text, "Translate all hazard signs"));
        ok(runAccord({"validate"}, ws));
    }
}
