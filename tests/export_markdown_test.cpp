#include "support.hpp"

#include <doctest/doctest.h>

#include <sstream>

namespace fs = std::filesystem;
using accord::test::contains;
using accord::test::runAccord;
using accord::test::example;
using accord::test::readText;
using accord::test::exampleWorkspace;
using accord::test::TempDir;
using accord::test::writeText;

namespace {


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
        auto nap = runAccord({"export", "nap4-migrants", "--format", "md", "--profile", "nap-kr"}, ws);
        REQUIRE(nap.status == 0);
        CHECK(contains(nap.out, "**제출 기한:** 2023. 12. 15."));
        CHECK(contains(nap.out, "\n끝.\n"));
    }

    TEST_CASE("export refuses an invalid document and an unknown format")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        auto unknown = runAccord({"export", "nap4-migrants", "--format", "odt"}, ws);
        CHECK(unknown.status == 1);
        CHECK(contains(unknown.err, "no exporter for format \"odt\" (loaded: "));
        CHECK(contains(unknown.err, "md"));
        std::string text = readText(ws / "documents/nap4-migrants.xml");
        writeText(ws / "documents/nap4-migrants.xml", accord::test::replaceOnce(text, "<endorsement org=\"jumw\"/>", "<endorsement org=\"jumx\"/>"));
        auto invalid = runAccord({"export", "nap4-migrants", "--format", "md"}, ws);
        CHECK(invalid.status == 1);
        CHECK(contains(invalid.err, "unknown organisation \"jumx\""));
        CHECK(invalid.out.empty());

        // The export reads the document a section at a time: an id the last sections repeat from the first is
        // still found, a section far in that does not parse still stops it, and neither leaves a file behind.
        writeText(ws / "documents/nap4-migrants.xml",
                  accord::test::replaceOnce(text, "<recommendation id=\"equality-act\"", "<recommendation id=\"eps-job-mobility\""));
        for (const char* format : {"md", "docx", "hwpx"}) {
            auto repeated = runAccord({"export", "nap4-migrants", "--format", format, "-o", "out.file"}, ws);
            CHECK(repeated.status == 1);
            CHECK(contains(repeated.err, "recommendation id \"eps-job-mobility\" is already used by the recommendation at line 27"));
            CHECK_FALSE(fs::exists(ws / "out.file"));
        }
        const std::string broken = accord::test::replaceOnce(text, "<section id=\"anti-discrimination\">", "<section id=\"anti-discrimination\"><p>");
        writeText(ws / "documents/nap4-migrants.xml", broken);
        for (const char* format : {"md", "hwpx"}) {
            auto malformed = runAccord({"export", "nap4-migrants", "--format", format, "-o", "out.file"}, ws);
            CHECK(malformed.status == 1);
            CHECK(contains(malformed.err, "nap4-migrants.xml:"));
            CHECK_FALSE(fs::exists(ws / "out.file"));
        }

        // Only the schema refuses this one: the model reads it and its rules pass, so the export is written
        // while the schema is checked, and must then be thrown away, with no file left behind.
        writeText(ws / "documents/nap4-migrants.xml",
                  accord::test::replaceOnce(text, "<recommendation id=\"eps-job-mobility\"", "<recommendation colour=\"red\" id=\"eps-job-mobility\""));
        for (const char* format : {"md", "docx"}) {
            auto schema = runAccord({"export", "nap4-migrants", "--format", format, "-o", "out.file"}, ws);
            CHECK(schema.status == 1);
            CHECK(contains(schema.err, "colour"));
            CHECK_FALSE(fs::exists(ws / "out.file"));
        }
    }

    TEST_CASE("a Korean export names every text it prints in English, and refuses to with --strict")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        auto warned = runAccord({"export", "nap4-migrants", "--format", "md", "--lang", "ko", "-o", "ko.md"}, ws);
        CHECK(warned.status == 0);
        CHECK(contains(warned.err, "accord: warning: documents/nap4-migrants.xml:24: the intro of section labour has no ko "
                                   "version: the ko export prints the en one"));
        CHECK(contains(readText(ws / "ko.md"), "The Employment Permit System admits"));
        auto check = runAccord({"check", "nap4-migrants", "--profile", "nap-kr"}, ws);
        CHECK(contains(check.out, "the intro of section labour has no ko version"));
        auto strict = runAccord({"export", "nap4-migrants", "--format", "md", "--lang", "ko", "--strict", "-o", "strict.md"}, ws);
        CHECK(strict.status == 1);
        CHECK(contains(strict.err, "accord: refused: documents/nap4-migrants.xml:24: the intro of section labour"));
        CHECK_FALSE(fs::exists(ws / "strict.md"));
        // A section with nothing in it is named: the export would print a bare heading.
        const std::string original = readText(ws / "documents/nap4-migrants.xml");
        std::string text = original;
        const auto last = text.rfind("</section>");
        text.insert(last + std::string("</section>").size(),
                    "\n  <section id=\"adoptees\"><heading xml:lang=\"en\">Adoptees</heading><heading xml:lang=\"ko\">입양인</heading></section>");
        writeText(ws / "documents/nap4-migrants.xml", text);
        auto empty = runAccord({"export", "nap4-migrants", "--format", "md", "--lang", "en", "-o", "empty.md"}, ws);
        CHECK(empty.status == 0);
        CHECK(contains(empty.err, "accord: warning: documents/nap4-migrants.xml:"));
        CHECK(contains(empty.err, ": section adoptees is empty: the export prints its heading alone"));
        CHECK(contains(runAccord({"check", "nap4-migrants"}, ws).out, "section adoptees is empty"));
        writeText(ws / "documents/nap4-migrants.xml", original);
        // English has every text: no warning, and --strict writes it.
        auto english = runAccord({"export", "nap4-migrants", "--format", "md", "--lang", "en", "--strict", "-o", "en.md"}, ws);
        CHECK_MESSAGE(english.status == 0, english.err);
        CHECK_FALSE(contains(english.err, "warning"));
        CHECK(fs::exists(ws / "en.md"));
    }

    TEST_CASE("check reports words against the profile and fails over a hard limit — export --strict refuses then")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        auto fits = runAccord({"check", "nap4-migrants", "--profile", "upr-individual"}, ws);
        CHECK(fits.status == 0);
        CHECK(contains(fits.out, "words [en]: "));
        CHECK(contains(fits.out, "under the limit of 2815"));
        CHECK(contains(fits.out, "is still a draft"));

        std::string words;
        for (int i = 0; i < 1000; ++i) words += "more words here ";
        std::string text = readText(ws / "documents/nap4-migrants.xml");
        writeText(ws / "documents/nap4-migrants.xml",
                  accord::test::replaceOnce(text, "Extend the job-seeking period to six months", words + "Extend the job-seeking period to six months"));
        auto over = runAccord({"check", "nap4-migrants", "--profile", "upr-individual"}, ws);
        CHECK(over.status == 1);
        CHECK(contains(over.out, "over the limit of 2815 of upr-individual (footnotes count)"));
        auto strict = runAccord({"export", "nap4-migrants", "--format", "md", "--profile", "upr-individual", "--strict", "-o", "out.md"}, ws);
        CHECK(strict.status == 1);
        CHECK(contains(strict.err, "refused:"));
        CHECK_FALSE(fs::exists(ws / "out.md"));
        auto warned = runAccord({"export", "nap4-migrants", "--format", "md", "--profile", "upr-individual", "-o", "out.md"}, ws);
        CHECK(warned.status == 0);
        CHECK(contains(warned.err, "warning:"));
        CHECK(fs::exists(ws / "out.md"));
        auto unknown = runAccord({"check", "nap4-migrants", "--profile", "upr-everything"}, ws);
        CHECK(unknown.status == 1);
        CHECK(contains(unknown.err, "no profile \"upr-everything\" (known: "));
    }

    TEST_CASE("both languages give the English text, then the Korean one")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        auto r = runAccord({"export", "nap4-migrants", "--format", "md", "--lang", "both"}, ws);
        REQUIRE(r.status == 0);
        const auto english = r.out.find("### Recommendation 1.1: Freedom to change workplaces");
        const auto korean = r.out.find("### 권고 1.1: 고용허가제 이주노동자의 사업장 변경 자유 보장");
        REQUIRE(english != std::string::npos);
        REQUIRE(korean != std::string::npos);
        CHECK(english < korean);
        CHECK(r.out.find("\n---\n") > english);
        CHECK(contains(r.out, "\n[^en-1]: "));
        CHECK(contains(r.out, "\n[^ko-1]: "));
    }

    TEST_CASE("export --all writes every format of every document into a folder")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        auto all = runAccord({"export", "--all", "out"}, ws);
        CHECK_MESSAGE(all.status == 0, all.err);
        CHECK(fs::exists(ws / "out/nap4-migrants.md"));
    }
}
