#include "support.hpp"

#include <doctest/doctest.h>

#include <sstream>

namespace fs = std::filesystem;
using accord::test::contains;
using accord::test::runAccord;
using accord::test::example;
using accord::test::readText;
using accord::test::TempDir;
using accord::test::writeText;

namespace {

/// A workspace holding the project's example submission and its coalition.
fs::path exampleWorkspace(const TempDir& dir)
{
    fs::path ws = dir / "ws";
    REQUIRE(runAccord({"init", ws.string()}, dir.path()).status == 0);
    std::istringstream tsv(example("organisations.tsv"));
    std::string line;
    std::getline(tsv, line);  // header
    while (std::getline(tsv, line)) {
        std::vector<std::string> cols;
        std::istringstream fields(line);
        for (std::string col; std::getline(fields, col, '\t');) cols.push_back(col);
        REQUIRE(cols.size() == 4);
        auto r = runAccord({"org", "add", cols[0], "--name", cols[1], "--name-ko", cols[2], "--kind", cols[3]}, ws);
        REQUIRE_MESSAGE(r.status == 0, r.err);
    }
    writeText(ws / "documents/nap4-migrants.xml", example("nap-migrants.xml"));
    return ws;
}

} // namespace

TEST_SUITE("export-markdown")
{
    TEST_CASE("recommendations are numbered from document order with their titles")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        auto r = runAccord({"export", "nap4-migrants", "--format", "md", "--lang", "en"}, ws);
        REQUIRE_MESSAGE(r.status == 0, r.err);
        CHECK(contains(r.out, "# Migrants and refugees in the Fourth National Action Plan"));
        CHECK(contains(r.out, "## 1. "));
        CHECK(contains(r.out, "### Recommendation 1.1: Freedom to change workplaces under the Employment Permit System"));
        CHECK(contains(r.out, "### Recommendation 1.2: "));
        // The subsection of section 1 comes after its two recommendations.
        CHECK(contains(r.out, "### 1.3. "));
        CHECK(contains(r.out, "#### Recommendation 1.3.1: "));
    }

    TEST_CASE("footnotes become Markdown footnotes, numbered through the document")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        auto r = runAccord({"export", "nap4-migrants", "--format", "md"}, ws);
        REQUIRE(r.status == 0);
        auto firstRef = r.out.find("[^1]");
        auto firstDef = r.out.find("\n[^1]: ");
        REQUIRE(firstRef != std::string::npos);
        REQUIRE(firstDef != std::string::npos);
        CHECK(firstRef < firstDef);
        CHECK(contains(r.out, "[^1]: Committee on the Elimination of Racial Discrimination"));
        CHECK(contains(r.out, "[^2]"));
    }

    TEST_CASE("Korean export uses Korean texts, labels and organisation names")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        auto r = runAccord({"export", "nap4-migrants", "--format", "md", "--lang", "ko", "-o", "out/nap4-ko.md"}, ws);
        CHECK(r.status == 1);  // the folder out/ does not exist: a clear error, no partial file
        CHECK_FALSE(fs::exists(ws / "out"));
        fs::create_directories(ws / "out");
        r = runAccord({"export", "nap4-migrants", "--format", "md", "--lang", "ko", "-o", "out/nap4-ko.md"}, ws);
        REQUIRE_MESSAGE(r.status == 0, r.err);
        std::string md = readText(ws / "out/nap4-ko.md");
        CHECK(contains(md, "### 권고 1.1: 고용허가제 이주노동자의 사업장 변경 자유 보장"));
        CHECK(contains(md, "**지지 단체:** 이주민인권 변호사포럼"));
        CHECK(contains(md, "*외국인근로자의 고용 등에 관한 법률*"));
        CHECK_FALSE(contains(md, "Endorsed by"));
    }

    TEST_CASE("export refuses an invalid document and an unknown format")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        auto unknown = runAccord({"export", "nap4-migrants", "--format", "odt"}, ws);
        CHECK(unknown.status == 1);
        CHECK(contains(unknown.err, "no exporter for format \"odt\" (loaded: md"));
        std::string text = readText(ws / "documents/nap4-migrants.xml");
        writeText(ws / "documents/nap4-migrants.xml", accord::test::replaceOnce(text, "<endorsement org=\"jumw\"/>", "<endorsement org=\"jumx\"/>"));
        auto invalid = runAccord({"export", "nap4-migrants", "--format", "md"}, ws);
        CHECK(invalid.status == 1);
        CHECK(contains(invalid.err, "unknown organisation \"jumx\""));
        CHECK(invalid.out.empty());
    }
}
