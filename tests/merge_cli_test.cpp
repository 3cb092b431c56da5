// Merging drafts as users do: accord merge in a real repository, conflicts
// committed on a draft and resolved, git merge-file's interface, plain git
// using the merge driver, and the histories Accord refuses.
#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>

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

const fs::path kDoc = "documents/small.xml";

/// main with the small document, and drafts apil and krsn started from it. Without
/// protection, main has no review policy and takes commits and merges directly.
fs::path twoDrafts(const TempDir& dir, bool protectMain = true)
{
    fs::path ws = makeWorkspace(dir);
    if (!protectMain) {
        std::string config = readText(ws / "accord.xml");
        auto from = config.find("  <policies>");
        writeText(ws / "accord.xml", config.substr(0, from) + config.substr(config.find("</policies>\n") + 12));
    }
    writeText(ws / kDoc, fixture("documents/valid-small.xml"));
    ok(runAccord({"commit", "-m", "Start"}, ws));
    ok(runAccord({"draft", "new", "apil"}, ws));
    ok(runAccord({"draft", "new", "krsn"}, ws));
    return ws;
}

/// Switches to `draft`, applies one replacement to the document and commits it.
void editOn(const fs::path& ws, const std::string& draft, const std::string& from, const std::string& to)
{
    ok(runAccord({"switch", draft}, ws));
    writeText(ws / kDoc, replaceOnce(readText(ws / kDoc), from, to));
    ok(runAccord({"commit", "-m", "Edit on " + draft}, ws));
}

std::string rev(const fs::path& ws, const std::string& what)
{
    return git({"rev-parse", what}, ws).out;
}

} // namespace

TEST_SUITE("merge cli")
{
    TEST_CASE("accord merge keeps both drafts' edits and records a merge commit with both parents")
    {
        TempDir dir;
        fs::path ws = twoDrafts(dir);
        editOn(ws, "krsn", "<endorsement org=\"mwu\"/>", "<endorsement org=\"mwu\"/>\n      <endorsement org=\"krsn\"/>");
        editOn(ws, "apil", "take up wage claims", "take up and decide wage claims");
        auto r = runAccord({"merge", "krsn"}, ws);
        CHECK(r.status == 0);
        CHECK(contains(r.out, "Merged draft/krsn into draft/apil"));
        CHECK(contains(r.out, "documents/small.xml: merged cleanly"));
        std::string merged = readText(ws / kDoc);
        CHECK(contains(merged, "take up and decide wage claims"));
        CHECK(contains(merged, "<endorsement org=\"krsn\"/>"));
        CHECK(git({"rev-list", "--parents", "-n", "1", "HEAD"}, ws).out.size() > 3 * 40);  // two parents
        CHECK(git({"rev-parse", "HEAD^2"}, ws).out == rev(ws, "draft/krsn"));
        CHECK(runAccord({"validate"}, ws).status == 0);
        auto again = runAccord({"merge", "krsn"}, ws);
        CHECK(again.status == 0);
        CHECK(contains(again.out, "nothing to merge"));
    }

    TEST_CASE("conflicts are committed on the draft, listed, refused by validate and commit, and resolved")
    {
        TempDir dir;
        fs::path ws = twoDrafts(dir);
        editOn(ws, "krsn", "status=\"agreed\" priority=\"high\"", "status=\"withdrawn\" priority=\"high\"");
        editOn(ws, "apil", "status=\"agreed\" priority=\"high\"", "status=\"draft\" priority=\"high\"");
        ok(runAccord({"switch", "krsn"}, ws));
        editOn(ws, "krsn", "미등록 노동자의 임금체불 진정을", "미등록 노동자의 체불 진정을");
        editOn(ws, "apil", "미등록 노동자의 임금체불 진정을", "미등록 노동자의 임금 진정을");
        std::string before = rev(ws, "HEAD");

        auto merge = runAccord({"merge", "krsn"}, ws);
        CHECK(merge.status == 1);
        CHECK(contains(merge.out, "2 conflict(s)"));
        CHECK(git({"rev-parse", "HEAD^1"}, ws).out == before);  // committed on draft/apil

        auto list = runAccord({"conflicts"}, ws);
        CHECK(contains(list.out, "c1 in recommendation wage-arrears (attribute status)"));
        CHECK(contains(list.out, "c2 in recommendation wage-arrears"));
        CHECK(contains(list.out, "[draft/krsn]"));

        auto validate = runAccord({"validate"}, ws);
        CHECK(validate.status == 1);
        CHECK(contains(validate.err, "unresolved conflict c1 in recommendation wage-arrears (attribute status)"));
        CHECK(contains(validate.err, "accord resolve small c1 --take ours|theirs|base|both"));
        auto exported = runAccord({"export", "small", "--format", "md"}, ws);
        CHECK(exported.status == 1);
        auto diff = runAccord({"diff", "HEAD^1", "HEAD"}, ws);
        CHECK(contains(diff.out, "documents/small.xml: cannot be compared: it holds unresolved conflicts"));

        ok(runAccord({"resolve", "small", "c1", "--take", "theirs"}, ws));
        CHECK(runAccord({"commit", "-m", "half resolved"}, ws).status == 1);  // c2 is left
        auto bad = runAccord({"resolve", "small", "c9", "--take", "ours"}, ws);
        CHECK(bad.status == 1);
        CHECK(contains(bad.err, "no conflict \"c9\""));
        ok(runAccord({"resolve", "small", "c2", "--take", "ours"}, ws));
        std::string resolved = readText(ws / kDoc);
        CHECK(contains(resolved, "status=\"withdrawn\""));
        CHECK(contains(resolved, "미등록 노동자의 임금 진정을"));
        CHECK_FALSE(contains(resolved, "<conflict"));
        CHECK(runAccord({"validate"}, ws).status == 0);
        ok(runAccord({"commit", "-m", "Resolve the merge"}, ws));
    }

    TEST_CASE("a recommendation moved to another section on one side and within its section on the other goes where it was moved")
    {
        TempDir dir;
        fs::path ws = twoDrafts(dir);
        auto moveAfter = [&](const std::string& draft, const std::string& afterText) {
            ok(runAccord({"switch", draft}, ws));
            std::string text = readText(ws / kDoc);
            const auto from = text.find("    <recommendation id=\"wage-arrears\"");
            const auto to = text.find("</recommendation>\n", from) + 18;
            std::string rec = text.substr(from, to - from);
            text.erase(from, to - from);
            text = replaceOnce(text, afterText, afterText + rec);
            writeText(ws / kDoc, text);
            ok(runAccord({"commit", "-m", "Move wage arrears on " + draft}, ws));
        };
        moveAfter("krsn", "<endorsement org=\"apil\"/>\n    </recommendation>\n");  // to the end of refugees
        moveAfter("apil", "<endorsement org=\"mwu\"/>\n    </recommendation>\n");  // after safety-training
        CHECK(runAccord({"merge", "krsn"}, ws).status == 0);
        std::string merged = readText(ws / kDoc);
        CHECK(merged.find("<recommendation id=\"wage-arrears\"") > merged.find("<section id=\"refugees\">"));
        CHECK(runAccord({"validate"}, ws).status == 0);
    }

    TEST_CASE("a recommendation moved to two sections is resolved into the section of the side taken")
    {
        TempDir dir;
        fs::path ws = makeWorkspace(dir);
        const std::string base = fixture("merge/base.xml");
        const std::string rec = base.substr(base.find("    <recommendation id=\"child-detention-ban\""),
                                            base.find("</recommendation>\n", base.find("id=\"child-detention-ban\"")) + 18 -
                                                base.find("    <recommendation id=\"child-detention-ban\""));
        std::string without = base;
        without.erase(without.find(rec), rec.size());
        auto movedAfter = [&](const std::string& anchorId) {
            const auto at = without.find("</recommendation>\n", without.find("id=\"" + anchorId + "\"")) + 18;
            return without.substr(0, at) + rec + without.substr(at);
        };
        writeText(dir / "base.xml", base);
        writeText(dir / "ours.xml", movedAfter("detention-restraints"));
        writeText(dir / "theirs.xml", movedAfter("humanitarian-status"));
        auto merged = runAccord({"merge-file", "-o", (ws / "documents/nap4-migrants.xml").string(), "ours.xml", "base.xml", "theirs.xml"},
                                dir.path());
        CHECK(merged.status == 1);
        std::string conflicted = readText(ws / "documents/nap4-migrants.xml");
        CHECK(contains(conflicted, "<theirs label=\"theirs\" section=\"refugees\" after=\"humanitarian-status\">"));
        auto text = runAccord({"resolve", "nap4-migrants", "c1", "--text", "Never detain children"}, ws);
        CHECK(text.status == 1);  // a whole recommendation: no text stands in for it
        CHECK(contains(text.err, "is over whole sections or recommendations: take a side with --take"));
        CHECK(readText(ws / "documents/nap4-migrants.xml") == conflicted);
        ok(runAccord({"resolve", "nap4-migrants", "c1", "--take", "theirs"}, ws));
        std::string resolved = readText(ws / "documents/nap4-migrants.xml");
        CHECK_FALSE(contains(resolved, "<conflict"));
        const auto placed = resolved.find("<recommendation id=\"child-detention-ban\"");
        CHECK(placed > resolved.find("<recommendation id=\"humanitarian-status\""));
        CHECK(placed < resolved.find("<section id=\"children\">"));
        CHECK(resolved.find("<recommendation id=\"child-detention-ban\"", placed + 1) == std::string::npos);
    }

    TEST_CASE("taking both sides of a word conflict keeps ours, then theirs")
    {
        TempDir dir;
        fs::path ws = twoDrafts(dir);
        editOn(ws, "krsn", "Translate hazard signs as well.", "Translate hazard signs into Korean as well.");
        editOn(ws, "apil", "Translate hazard signs as well.", "Translate hazard signs into every language as well.");
        CHECK(runAccord({"merge", "krsn"}, ws).status == 1);
        CHECK(contains(readText(ws / kDoc), "<ours label=\"draft/apil\">"));
        ok(runAccord({"resolve", "small", "c1", "--take", "both"}, ws));
        std::string text = readText(ws / kDoc);
        const auto ours = text.find("every language");
        const auto theirs = text.find("Korean");
        CHECK(ours != std::string::npos);
        CHECK(theirs != std::string::npos);
        CHECK(ours < theirs);
        CHECK(runAccord({"validate"}, ws).status == 0);
    }

    TEST_CASE("a word conflict is shown in its sentence and settled with both, one's own text, or the editor")
    {
        TempDir dir;
        fs::path ws = twoDrafts(dir);
        editOn(ws, "krsn", "Translate hazard signs as well.", "Translate danger signs as well.");
        editOn(ws, "apil", "Translate hazard signs as well.", "Translate warning signs as well.");
        ok(runAccord({"draft", "new", "apil-2", "--from", "apil"}, ws));
        ok(runAccord({"draft", "new", "apil-3", "--from", "apil"}, ws));
        CHECK(runAccord({"merge", "krsn"}, ws).status == 1);

        auto status = runAccord({"status"}, ws);
        ok(status);
        CHECK(contains(status.out, "Unresolved conflicts"));
        CHECK(contains(status.out, "documents/small.xml (1)"));
        auto list = runAccord({"conflicts"}, ws);
        CHECK(contains(list.out, "base:   Translate hazard signs as well."));
        CHECK(contains(list.out, "ours:   Translate warning signs as well.  [draft/apil]"));
        CHECK(contains(list.out, "theirs: Translate danger signs as well.  [draft/krsn]"));

        ok(runAccord({"resolve", "small", "c1", "--take", "both"}, ws));
        CHECK(contains(readText(ws / kDoc), "Translate warning danger signs as well."));  // never "warningdanger"
        ok(runAccord({"commit", "-m", "Both words"}, ws));

        ok(runAccord({"switch", "apil-2"}, ws));
        CHECK(runAccord({"merge", "krsn"}, ws).status == 1);
        ok(runAccord({"resolve", "small", "c1", "--text", "warning and danger"}, ws));
        CHECK(contains(readText(ws / kDoc), "Translate warning and danger signs as well."));
        ok(runAccord({"validate"}, ws));
        ok(runAccord({"commit", "-m", "Both, in one phrase"}, ws));

        ok(runAccord({"switch", "apil-3"}, ws));
        CHECK(runAccord({"merge", "krsn"}, ws).status == 1);
        auto edited = runAccord({"resolve", "small", "c1", "--edit"}, ws, {{"EDITOR", "sed -i -e '/^[^#]/s/warning/위험 경고/'"}});
        CHECK_MESSAGE(edited.status == 0, edited.err);
        CHECK(contains(readText(ws / kDoc), "Translate 위험 경고 signs as well."));
        ok(runAccord({"commit", "-m", "Settle the word"}, ws));

        // The recommendation's history goes on through the conflicted merge and its resolution.
        auto history = runAccord({"log", "--rec", "safety-training"}, ws);
        ok(history);
        CHECK_FALSE(contains(history.out, "removed"));
        CHECK(contains(history.out, "Settle the word"));
    }

    TEST_CASE("a protected main takes no direct merge: drafts land there through proposals")
    {
        TempDir dir;
        fs::path ws = twoDrafts(dir);
        editOn(ws, "krsn", "priority=\"medium\"", "priority=\"low\"");
        std::string mainBefore = rev(ws, "main");
        auto r = runAccord({"merge", "krsn", "--into", "main"}, ws);
        CHECK(r.status == 1);
        CHECK(contains(r.err, "main is protected"));
        CHECK(rev(ws, "main") == mainBefore);
    }

    TEST_CASE("a merge into an unprotected main that would leave conflicts is refused and writes nothing")
    {
        TempDir dir;
        fs::path ws = twoDrafts(dir, false);
        editOn(ws, "krsn", "priority=\"medium\"", "priority=\"low\"");
        editOn(ws, "main", "priority=\"medium\"", "priority=\"high\"");
        std::string mainBefore = rev(ws, "main");
        std::string file = readText(ws / kDoc);
        auto r = runAccord({"merge", "krsn", "--into", "main"}, ws);
        CHECK(r.status == 1);
        CHECK(contains(r.err, "main takes only resolved text: nothing was written"));
        CHECK(rev(ws, "main") == mainBefore);
        CHECK(readText(ws / kDoc) == file);
    }

    TEST_CASE("merging refuses uncommitted changes on the target")
    {
        TempDir dir;
        fs::path ws = twoDrafts(dir);
        editOn(ws, "krsn", "priority=\"medium\"", "priority=\"low\"");
        ok(runAccord({"switch", "apil"}, ws));
        writeText(ws / kDoc, replaceOnce(readText(ws / kDoc), "priority=\"high\"", "priority=\"low\""));
        auto r = runAccord({"merge", "krsn"}, ws);
        CHECK(r.status == 1);
        CHECK(contains(r.err, "uncommitted changes on draft/apil"));
        CHECK(contains(readText(ws / kDoc), "priority=\"low\""));
    }

    TEST_CASE("a criss-cross history is refused with the two merge bases named")
    {
        TempDir dir;
        fs::path ws = twoDrafts(dir);
        editOn(ws, "apil", "priority=\"medium\"", "priority=\"low\"");
        editOn(ws, "krsn", "priority=\"high\"", "priority=\"low\"");
        std::string apil = rev(ws, "draft/apil");
        std::string krsn = rev(ws, "draft/krsn");
        // Each draft merges the other's old head: two merge bases.
        ok(runAccord({"switch", "apil"}, ws));
        ok(runAccord({"merge", krsn.substr(0, 12)}, ws));
        ok(runAccord({"switch", "krsn"}, ws));
        ok(runAccord({"merge", apil.substr(0, 12)}, ws));
        editOn(ws, "apil", "Translate hazard signs", "Translate all hazard signs");
        auto r = runAccord({"merge", "krsn"}, ws);
        CHECK(r.status == 1);
        CHECK(contains(r.err, "2 merge bases"));
        CHECK(contains(r.err, "criss-cross"));
    }

    TEST_CASE("merge-file follows git merge-file: result into OURS, -p, -o, exit status, 255 on bad input")
    {
        TempDir dir;
        std::string base = fixture("documents/valid-small.xml");
        writeText(dir / "base.xml", base);
        writeText(dir / "ours.xml", replaceOnce(base, "priority=\"high\"", "priority=\"low\""));
        writeText(dir / "theirs.xml", replaceOnce(base, "Translate hazard signs", "Translate every hazard sign"));
        auto printed = runAccord({"merge-file", "-p", "ours.xml", "base.xml", "theirs.xml"}, dir.path());
        CHECK(printed.status == 0);
        CHECK(contains(printed.out, "priority=\"low\""));
        CHECK(contains(printed.out, "Translate every hazard sign"));
        CHECK_FALSE(contains(readText(dir / "ours.xml"), "every hazard sign"));  // -p writes nothing

        ok(runAccord({"merge-file", "-o", "out.xml", "ours.xml", "base.xml", "theirs.xml"}, dir.path()));
        CHECK(readText(dir / "out.xml") == printed.out);
        ok(runAccord({"merge-file", "ours.xml", "base.xml", "theirs.xml"}, dir.path()));
        CHECK(readText(dir / "ours.xml") == printed.out);

        writeText(dir / "theirs.xml", replaceOnce(base, "priority=\"high\"", "priority=\"medium\""));
        writeText(dir / "ours2.xml", replaceOnce(base, "priority=\"high\"", "priority=\"low\""));
        auto conflict = runAccord({"merge-file", "-p", "-L", "draft/apil", "-L", "main", "-L", "draft/krsn", "ours2.xml",
                                   "base.xml", "theirs.xml"},
                                  dir.path());
        CHECK(conflict.status == 1);
        CHECK(contains(conflict.out, "<ours label=\"draft/apil\">low</ours>"));
        CHECK(contains(conflict.out, "<theirs label=\"draft/krsn\">medium</theirs>"));

        writeText(dir / "broken.xml", fixture("documents/malformed.xml"));
        std::string oursBefore = readText(dir / "ours2.xml");
        auto broken = runAccord({"merge-file", "ours2.xml", "base.xml", "broken.xml"}, dir.path());
        CHECK(broken.status == 255);
        CHECK(contains(broken.err, "not well-formed XML"));
        CHECK(readText(dir / "ours2.xml") == oursBefore);
        // A broken edit inside one recommendation, in a file without comments or CDATA.
        writeText(dir / "broken-edit.xml", replaceOnce(base, "Translate hazard signs as well.</p>", "Translate hazard signs as well."));
        auto brokenEdit = runAccord({"merge-file", "-p", "ours2.xml", "base.xml", "broken-edit.xml"}, dir.path());
        CHECK(brokenEdit.status == 255);
        CHECK(contains(brokenEdit.err, "broken-edit.xml:37: not well-formed XML"));
        CHECK(contains(brokenEdit.err, "not well-formed XML"));
        // The same broken recommendation on all three sides: no side changed it, so the merge copies it as written,
        // and the check of the merged text, batch by batch beside the merge, refuses it, at its line in the
        // versions, where it is to be mended (not as a fault of the merge's).
        const std::string brokenAll = replaceOnce(base, "Translate hazard signs as well.</p>", "Translate hazard signs as well.");
        // The three versions of a merge, as files NAME-base.xml, NAME-ours.xml and NAME-theirs.xml.
        auto writeVersions = [&](const std::string& name, const std::string& b, const std::string& o, const std::string& t) {
            writeText(dir / (name + "-base.xml"), b);
            writeText(dir / (name + "-ours.xml"), o);
            writeText(dir / (name + "-theirs.xml"), t);
        };
        writeVersions("copied", brokenAll, brokenAll, replaceOnce(brokenAll, "priority=\"high\"", "priority=\"low\""));
        auto copied = runAccord({"merge-file", "copied-ours.xml", "copied-base.xml", "copied-theirs.xml"}, dir.path());
        CHECK(copied.status == 255);
        CHECK(contains(copied.err, "copied-ours.xml:37: "));
        CHECK(contains(copied.err, "not well-formed XML"));
        CHECK_FALSE(contains(copied.err, "please report"));
        CHECK(readText(dir / "copied-ours.xml") == brokenAll);
        // A long document, whose merged text is checked in many batches beside the merge: a clean merge
        // comes through whole, and a broken recommendation far in is still found, with its line.
        std::string many = "  <section id=\"many\">\n    <heading xml:lang=\"ko\">많은 권고</heading>\n";
        for (int i = 0; i < 3000; ++i)
            many += "    <recommendation id=\"r" + std::to_string(i) + "\">\n      <title xml:lang=\"ko\">권고 " + std::to_string(i) +
                    " 이주노동자의 사업장 변경 자유를 보장할 것</title>\n    </recommendation>\n";
        many += "  </section>\n</submission>";
        const std::string longBase = replaceOnce(base, "</submission>", many);
        writeVersions("long", longBase, replaceOnce(longBase, "권고 2999 ", "권고 2999번 "), replaceOnce(longBase, "권고 5 ", "권고 5번 "));
        auto longMerge = runAccord({"merge-file", "-p", "long-ours.xml", "long-base.xml", "long-theirs.xml"}, dir.path());
        CHECK(longMerge.status == 0);
        CHECK(contains(longMerge.out, "권고 2999번 "));
        CHECK(contains(longMerge.out, "권고 5번 "));
        CHECK(longMerge.out.size() > 256 * 1024);  // more than one batch
        const std::string longBroken = replaceOnce(longBase, "권고 1500 이주노동자의 사업장 변경 자유를 보장할 것</title>",
                                                   "권고 1500 이주노동자의 사업장 변경 자유를 보장할 것</titel>");
        writeVersions("long-broken", longBroken, longBroken, replaceOnce(longBroken, "권고 5 ", "권고 5번 "));
        auto longBad = runAccord({"merge-file", "long-broken-ours.xml", "long-broken-base.xml", "long-broken-theirs.xml"}, dir.path());
        CHECK(longBad.status == 255);
        const auto brokenLine = 1 + std::count(longBroken.begin(), longBroken.begin() + static_cast<std::ptrdiff_t>(longBroken.find("</titel>")), '\n');
        CHECK_MESSAGE(contains(longBad.err, "long-broken-ours.xml:" + std::to_string(brokenLine) + ": "), longBad.err);
        CHECK(readText(dir / "long-broken-ours.xml") == longBroken);
        auto missing = runAccord({"merge-file", "ours2.xml", "base.xml", "nowhere.xml"}, dir.path());
        CHECK(missing.status == 255);
        CHECK(contains(missing.err, "nowhere.xml: no such file"));
    }

    TEST_CASE("a document laid out unusually (space around =, tabs, attributes in another order) merges like any other")
    {
        TempDir dir;
        const std::string base = fixture("documents/valid-small.xml");
        std::string ours = replaceOnce(base, "<recommendation id=\"refugee-interpreters\" status=\"draft\" priority=\"medium\">",
                                       "<recommendation\n      priority = 'medium' status=\"draft\"\tid=\t\"refugee-interpreters\">");
        ours = replaceOnce(ours, "<section id=\"labour\">", "<section\tid =\"labour\" >");
        const std::string theirs = replaceOnce(base, "Use only trained", "Use only trained and sworn");
        writeText(dir / "base.xml", base);
        writeText(dir / "ours.xml", ours);
        writeText(dir / "theirs.xml", theirs);
        auto r = runAccord({"merge-file", "-p", "ours.xml", "base.xml", "theirs.xml"}, dir.path());
        CHECK_MESSAGE(r.status == 0, r.err);
        CHECK(contains(r.out, "Use only trained and sworn"));
        CHECK(r.out.find("refugee-interpreters") == r.out.rfind("refugee-interpreters"));  // once, not twice
    }

    TEST_CASE("the same three files saved with Windows line ends, or indented by four spaces or a tab, merge to the same result")
    {
        TempDir dir;
        const std::string base = fixture("documents/valid-small.xml");
        const std::string ours = replaceOnce(base, "priority=\"high\"", "priority=\"low\"");
        const std::string theirs = replaceOnce(base, "Translate hazard signs", "Translate every hazard sign");
        writeText(dir / "base.xml", base);
        writeText(dir / "ours.xml", ours);
        writeText(dir / "theirs.xml", theirs);
        const auto canonical = runAccord({"merge-file", "-p", "ours.xml", "base.xml", "theirs.xml"}, dir.path());
        REQUIRE(canonical.status == 0);
        REQUIRE(contains(canonical.out, "Translate every hazard sign"));
        REQUIRE(contains(canonical.out, "xml:lang=\"ko\""));

        // Every line's two-space levels written with `unit`, and its end with `eol`.
        auto laidOut = [](const std::string& text, const std::string& unit, const std::string& eol) {
            std::string out;
            for (std::size_t at = 0; at < text.size();) {
                std::size_t end = text.find('\n', at);
                if (end == std::string::npos) end = text.size();
                std::size_t spaces = 0;
                while (at + spaces < end && text[at + spaces] == ' ') ++spaces;
                for (std::size_t level = 0; level < spaces / 2; ++level) out += unit;
                out.append(text, at + spaces / 2 * 2, end - at - spaces / 2 * 2);
                if (end < text.size()) out += eol;
                at = end + 1;
            }
            return out;
        };
        for (const auto& [unit, eol] : std::vector<std::pair<std::string, std::string>>{
                 {"  ", "\r\n"}, {"    ", "\n"}, {"\t", "\n"}, {"\t", "\r\n"}}) {
            CAPTURE(unit.size());
            CAPTURE(eol.size());
            writeText(dir / "base2.xml", laidOut(base, unit, eol));
            writeText(dir / "ours2.xml", laidOut(ours, unit, eol));
            writeText(dir / "theirs2.xml", laidOut(theirs, unit, eol));
            REQUIRE(readText(dir / "ours2.xml") != ours);
            const auto merged = runAccord({"merge-file", "-p", "ours2.xml", "base2.xml", "theirs2.xml"}, dir.path());
            CHECK_MESSAGE(merged.status == 0, merged.err);
            CHECK(merged.out == canonical.out);
        }
    }

    TEST_CASE("plain git merge uses the structured merge through the driver accord init set up")
    {
        TempDir dir;
        fs::path ws = twoDrafts(dir);
        CHECK(readText(ws / ".gitattributes") == "documents/*.xml merge=accord\n");
        CHECK(contains(git({"config", "merge.accord.driver"}, ws).out, "merge-file"));
        // Two endorsements added at the same place: a line merge conflicts, the driver does not.
        const std::string spot = "<endorsement org=\"mwu\"/>\n    </recommendation>\n  </section>";
        editOn(ws, "krsn", spot, "<endorsement org=\"mwu\"/>\n      <endorsement org=\"krsn\"/>\n    </recommendation>\n  </section>");
        editOn(ws, "apil", spot, "<endorsement org=\"mwu\"/>\n      <endorsement org=\"apil\"/>\n    </recommendation>\n  </section>");
        std::map<std::string, std::string> identity{{"GIT_AUTHOR_NAME", "Kim"}, {"GIT_AUTHOR_EMAIL", "kim@apil.example"},
                                                    {"GIT_COMMITTER_NAME", "Kim"}, {"GIT_COMMITTER_EMAIL", "kim@apil.example"}};
        auto r = accord::test::run("/usr/bin/git", {"merge", "--no-edit", "draft/krsn"}, ws, identity);
        CHECK_MESSAGE(r.status == 0, r.out, r.err);
        std::string merged = readText(ws / kDoc);
        CHECK(contains(merged, "<endorsement org=\"mwu\"/>\n      <endorsement org=\"apil\"/>\n      <endorsement org=\"krsn\"/>"));
        CHECK_FALSE(contains(merged, "<<<<<<<"));
    }
}
