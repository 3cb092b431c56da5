// `accord export --redline FROM..TO` and `accord proposal export`: a draft's changes
// as real Word tracked changes. Read back with Python's zipfile and ElementTree (who
// changed what, and when), and with LibreOffice through Python-UNO: accepting every
// change must give the text of TO, rejecting every change the text of FROM.
#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

namespace fs = std::filesystem;
using accord::test::contains;
using accord::test::exampleWorkspace;
using accord::test::ok;
using accord::test::readText;
using accord::test::replaceOnce;
using accord::test::run;
using accord::test::runAccord;
using accord::test::TempDir;
using accord::test::writeText;

namespace {

const std::map<std::string, std::string> kKim{{"ACCORD_AUTHOR", "Kim Min-ji <minji@example.org>"}};
const std::map<std::string, std::string> kPark{{"ACCORD_AUTHOR", "Park Ji-hoon <jihoon@example.org>"}};
const std::map<std::string, std::string> kLee{{"ACCORD_AUTHOR", "Lee Soo-jin <soojin@example.org>"}};

/// Prints every tracked change of a .docx, one per line: part, kind, author, date, text.
const char* const kChangesScript = R"py(
import sys, zipfile
import xml.etree.ElementTree as ET
W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
z = zipfile.ZipFile(sys.argv[1])
for part in ['word/document.xml', 'word/footnotes.xml']:
    root = ET.fromstring(z.read(part))
    for kind in ['ins', 'del', 'moveFrom', 'moveTo']:
        for e in root.iter(W + kind):
            text = ''.join((t.text or '') for t in e.iter() if t.tag in (W + 't', W + 'delText'))
            if not text:
                continue  # a paragraph mark or a footnote reference
            print('\t'.join([part, kind, e.get(W + 'author') or '', e.get(W + 'date') or '', text]))
    for kind in ['moveFromRangeStart', 'moveToRangeStart']:
        for e in root.iter(W + kind):
            print('\t'.join([part, kind, e.get(W + 'author') or '', e.get(W + 'date') or '', e.get(W + 'name') or '']))
)py";

struct Change {
    std::string part, kind, author, date, text;
};

std::vector<Change> changesIn(const fs::path& docx)
{
    writeText(docx.parent_path() / "changes.py", kChangesScript);
    auto r = run("/usr/bin/python3", {(docx.parent_path() / "changes.py").string(), docx.string()}, docx.parent_path());
    REQUIRE_MESSAGE(r.status == 0, r.err);
    std::vector<Change> out;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        std::vector<std::string> f;
        std::istringstream fields(line);
        for (std::string x; std::getline(fields, x, '\t');) f.push_back(x);
        REQUIRE(f.size() == 5);
        out.push_back(Change{f[0], f[1], f[2], f[3], f[4]});
    }
    return out;
}

/// The change of `kind` whose text holds `words`, or a failed check.
const Change* find(const std::vector<Change>& changes, const std::string& kind, const std::string& words)
{
    for (const auto& c : changes)
        if (c.kind == kind && contains(c.text, words)) return &c;
    return nullptr;
}

/// The text LibreOffice shows after accepting or rejecting every change ("none": as it is).
std::string libreOfficeText(const fs::path& docx, const std::string& action)
{
    const fs::path out = docx.string() + "." + action + ".txt";
    auto r = run("/usr/bin/python3", {std::string(ACCORD_TEST_DIR) + "/readers/lo_track_changes.py", action, docx.string(),
                                      out.string()},
                 docx.parent_path());
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return readText(out);
}

/// The example committed on main by Kim, then a draft where Park edits words in both
/// languages and deletes a recommendation, and Lee moves one and adds one with a note.
fs::path draftWithChanges(const TempDir& dir)
{
    const fs::path ws = exampleWorkspace(dir);
    ok(runAccord({"commit", "-m", "The submission as agreed"}, ws, kKim));
    ok(runAccord({"draft", "new", "edits"}, ws, kKim));
    ok(runAccord({"switch", "draft/edits"}, ws, kKim));
    const fs::path file = ws / "documents/nap4-migrants.xml";
    std::string xml = readText(file);
    xml = replaceOnce(xml, "register for a new job at any time", "register for a new job at any moment");
    xml = replaceOnce(xml, "사업장을 옮기고 새 일자리에", "사업장을 자유롭게 옮기고 새 일자리에");
    xml = replaceOnce(xml, "Extend the job-seeking period to six months",
                      "Extend the job-seeking period to <strong>twelve</strong> months");
    writeText(file, xml);
    ok(runAccord({"rec", "rm", "nap4-migrants", "accident-statistics"}, ws, kPark));
    ok(runAccord({"commit", "-m", "Words of the EPS recommendation; statistics dropped"}, ws, kPark));
    ok(runAccord({"rec", "move", "nap4-migrants", "fishing-wage-accounts", "--to", "detention"}, ws, kLee));
    ok(runAccord({"rec", "add", "nap4-migrants", "--section", "refugees", "--id", "rsd-appeals", "--title",
                  "en=Independent appeals", "--title", "ko=독립적 이의신청", "--text",
                  "en=Create an *independent* appeal body.[^See the UNHCR guidance on appeals.]", "--text",
                  "ko=독립적인 이의신청 기구를 설치할 것.[^유엔난민기구 지침 참조.]"},
                 ws, kLee));
    ok(runAccord({"commit", "-m", "Wages moved; appeals added"}, ws, kLee));
    return ws;
}

bool isoDate(const std::string& d)
{
    return d.size() == 20 && d[4] == '-' && d[7] == '-' && d[10] == 'T' && d[13] == ':' && d.back() == 'Z';
}

} // namespace

TEST_SUITE("redline")
{
    TEST_CASE("a redline marks each insertion, deletion and move with the author and date of the commit that made it")
    {
        TempDir dir;
        const fs::path ws = draftWithChanges(dir);
        ok(runAccord({"export", "nap4-migrants", "--format", "docx", "--lang", "en", "--redline", "main..draft/edits", "-o",
                      "red.en.docx"},
                     ws));
        const auto en = changesIn(ws / "red.en.docx");

        const Change* moment = find(en, "ins", "moment");
        const Change* time = find(en, "del", "time");
        REQUIRE(moment);
        REQUIRE(time);
        CHECK(moment->author == "Park Ji-hoon");
        CHECK(time->author == "Park Ji-hoon");
        CHECK(isoDate(moment->date));
        // Only the word changed: the sentence around it is not marked.
        CHECK(moment->text.size() < 12);
        CHECK_FALSE(find(en, "del", "register for a new job"));
        // A word made strong is the word deleted and inserted again in bold.
        CHECK(find(en, "del", "six"));
        CHECK(find(en, "ins", "twelve"));
        // The deleted recommendation, title and text, where it stood.
        const Change* gone = find(en, "del", "Accident statistics by nationality and visa");
        REQUIRE(gone);
        CHECK(gone->author == "Park Ji-hoon");
        // The moved one: from its old place to its new one, one move by its name.
        const Change* from = find(en, "moveFrom", "Wages paid directly to fishers");
        const Change* to = find(en, "moveTo", "Wages paid directly to fishers");
        REQUIRE(from);
        REQUIRE(to);
        CHECK(from->author == "Lee Soo-jin");
        CHECK(to->author == "Lee Soo-jin");
        const Change* fromRange = find(en, "moveFromRangeStart", "move");
        const Change* toRange = find(en, "moveToRangeStart", "move");
        REQUIRE(fromRange);
        REQUIRE(toRange);
        CHECK(fromRange->text == toRange->text);
        // The added one, its footnote inserted with it.
        const Change* added = find(en, "ins", "Independent appeals");
        REQUIRE(added);
        CHECK(added->author == "Lee Soo-jin");
        const Change* note = find(en, "ins", "UNHCR guidance on appeals");
        REQUIRE(note);
        CHECK(note->part == "word/footnotes.xml");
        // Nothing Kim wrote is marked: main is where the redline starts.
        CHECK(std::none_of(en.begin(), en.end(), [](const Change& c) { return c.author == "Kim Min-ji"; }));

        ok(runAccord({"export", "nap4-migrants", "--format", "docx", "--lang", "ko", "--redline", "main..draft/edits", "-o",
                      "red.ko.docx"},
                     ws));
        const auto ko = changesIn(ws / "red.ko.docx");
        const Change* freely = find(ko, "ins", "자유롭게");
        REQUIRE(freely);
        CHECK(freely->author == "Park Ji-hoon");
        CHECK(find(ko, "del", "국적·체류자격별 산업재해 통계 공개"));
        CHECK(find(ko, "moveTo", "어선원 임금의 직접 지급"));
        CHECK(find(ko, "ins", "유엔난민기구 지침 참조"));
    }

    TEST_CASE("in LibreOffice, accepting every change gives the draft's text and rejecting every change main's, in both languages")
    {
        TempDir dir;
        const fs::path ws = draftWithChanges(dir);
        for (const std::string lang : {"en", "ko"}) {
            CAPTURE(lang);
            const std::string red = "red." + lang + ".docx";
            ok(runAccord({"export", "nap4-migrants", "--format", "docx", "--lang", lang, "--redline", "main..draft/edits",
                          "-o", red},
                         ws));
            ok(runAccord({"export", "nap4-migrants", "--format", "docx", "--lang", lang, "-o", "to." + lang + ".docx"}, ws));
            ok(runAccord({"switch", "main"}, ws));
            ok(runAccord({"export", "nap4-migrants", "--format", "docx", "--lang", lang, "-o", "from." + lang + ".docx"}, ws));
            ok(runAccord({"switch", "draft/edits"}, ws));

            const std::string accepted = libreOfficeText(ws / red, "accept");
            const std::string rejected = libreOfficeText(ws / red, "reject");
            const std::string after = libreOfficeText(ws / ("to." + lang + ".docx"), "none");
            const std::string before = libreOfficeText(ws / ("from." + lang + ".docx"), "none");
            REQUIRE(after != before);
            CHECK(accepted == after);
            CHECK(rejected == before);
        }
    }

    TEST_CASE("a redline is refused, with nothing written, for a format without tracked changes, both languages or no range")
    {
        TempDir dir;
        const fs::path ws = draftWithChanges(dir);
        auto md = runAccord({"export", "nap4-migrants", "--format", "md", "--redline", "main..draft/edits", "-o", "x.md"}, ws);
        CHECK(md.status == 1);
        CHECK(contains(md.err, "cannot show changes"));
        auto both = runAccord(
            {"export", "nap4-migrants", "--format", "docx", "--lang", "both", "--redline", "main..draft/edits", "-o", "x.docx"},
            ws);
        CHECK(both.status == 1);
        CHECK(contains(both.err, "--lang ko or --lang en"));
        auto single = runAccord({"export", "nap4-migrants", "--format", "docx", "--redline", "main", "-o", "x.docx"}, ws);
        CHECK(single.status == 1);
        CHECK(contains(single.err, "FROM..TO"));
        auto unknown = runAccord({"export", "nap4-migrants", "--format", "docx", "--redline", "main..nowhere", "-o", "x.docx"}, ws);
        CHECK(unknown.status == 1);
        CHECK(contains(unknown.err, "nowhere"));
        CHECK_FALSE(fs::exists(ws / "x.md"));
        CHECK_FALSE(fs::exists(ws / "x.docx"));
    }
}
