// What Accord writes, opened by independent readers a user would have: xmllint
// for documents and accord.xml, pandoc for the Markdown export.
#include "support.hpp"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <doctest/doctest.h>

#include <regex>

namespace fs = std::filesystem;
using accord::test::makeWorkspace;
using accord::test::readText;
using accord::test::run;
using accord::test::runAccord;
using accord::test::TempDir;
using accord::test::writeText;

namespace {

accord::test::RunResult xmllint(const std::string& schema, const fs::path& file)
{
    return run("/usr/bin/xmllint", {"--nonet", "--noout", "--schema", std::string(ACCORD_SCHEMA_DIR) + "/" + schema,
                                    file.string()},
               file.parent_path());
}

/// Counts pandoc AST nodes of type `type` anywhere under `node`.
int countNodes(const Poco::Dynamic::Var& node, const std::string& type)
{
    int n = 0;
    if (node.type() == typeid(Poco::JSON::Object::Ptr)) {
        auto o = node.extract<Poco::JSON::Object::Ptr>();
        if (o->has("t") && o->getValue<std::string>("t") == type) ++n;
        for (const auto& [key, value] : *o) n += countNodes(value, type);
    } else if (node.type() == typeid(Poco::JSON::Array::Ptr)) {
        for (const auto& item : *node.extract<Poco::JSON::Array::Ptr>()) n += countNodes(item, type);
    }
    return n;
}

std::size_t occurrences(const std::string& text, const std::string& what)
{
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

} // namespace

TEST_SUITE("readers")
{
    TEST_CASE("xmllint accepts accord.xml and the documents accord writes, against the shipped schemas")
    {
        TempDir dir;
        fs::path ws = makeWorkspace(dir);
        REQUIRE(runAccord({"new", "upr4-migrants", "--title", "제4차 UPR 이주민 공동 보고서", "--lang", "ko"}, ws).status == 0);
        auto config = xmllint("workspace-1.xsd", ws / "accord.xml");
        CHECK_MESSAGE(config.status == 0, config.err);
        auto doc = xmllint("submission-1.xsd", ws / "documents/upr4-migrants.xml");
        CHECK_MESSAGE(doc.status == 0, doc.err);
    }

    TEST_CASE("xmllint and accord agree on a broken document")
    {
        TempDir dir;
        fs::path ws = makeWorkspace(dir);
        writeText(ws / "documents/xsd-invalid.xml", accord::test::fixture("documents/xsd-invalid.xml"));
        CHECK(xmllint("submission-1.xsd", ws / "documents/xsd-invalid.xml").status != 0);
        CHECK(runAccord({"validate", "xsd-invalid"}, ws).status == 1);
    }

    TEST_CASE("pandoc reads the Markdown export: every section and recommendation a heading, every note a footnote")
    {
        TempDir dir;
        fs::path ws = makeWorkspace(dir);
        std::string doc = accord::test::example("nap-migrants.xml");
        // The example's coalition is its own; keep its text, point the endorsements at the test coalition.
        doc = std::regex_replace(doc, std::regex(R"(org="[a-z]+")"), "org=\"krsn\"");
        doc = std::regex_replace(doc, std::regex(R"((<endorsement org="krsn"/>\s*)+)"), "<endorsement org=\"krsn\"/>\n");
        doc = std::regex_replace(doc, std::regex(R"((<member org="krsn"[^/]*/>\s*)+)"), "<member org=\"krsn\" role=\"lead\"/>\n");
        writeText(ws / "documents/nap4-migrants.xml", doc);
        for (const char* lang : {"en", "ko"}) {
            CAPTURE(lang);
            auto md = runAccord({"export", "nap4-migrants", "--format", "md", "--lang", lang, "-o", std::string("nap.") + lang + ".md"}, ws);
            REQUIRE_MESSAGE(md.status == 0, md.err);
            auto ast = run("/usr/bin/pandoc", {"-f", "markdown", "-t", "json", std::string("nap.") + lang + ".md"}, ws);
            REQUIRE_MESSAGE(ast.status == 0, ast.err);
            auto root = Poco::JSON::Parser().parse(ast.out);
            const std::size_t parts = occurrences(doc, "<section id=") + occurrences(doc, "<recommendation id=");
            CHECK(countNodes(root, "Header") == static_cast<int>(parts + 1));  // + the title
            // Every footnote Accord wrote is a note to pandoc, and none of the texts' notes is missing.
            std::string written = readText(ws / (std::string("nap.") + lang + ".md"));
            const int definitions = static_cast<int>(occurrences(written, "\n[^"));
            CHECK(countNodes(root, "Note") == definitions);
            std::string langText = "<text xml:lang=\"" + std::string(lang) + "\">";
            int textNotes = 0;
            for (auto at = doc.find(langText); at != std::string::npos; at = doc.find(langText, at + 1))
                textNotes += static_cast<int>(occurrences(doc.substr(at, doc.find("</text>", at) - at), "<note>"));
            CHECK(textNotes > 0);
            CHECK(definitions >= textNotes);
            auto plain = run("/usr/bin/pandoc", {"-f", "markdown", "-t", "plain", std::string("nap.") + lang + ".md"}, ws);
            CHECK(plain.out.find(std::string(lang) == "ko" ? "외국인근로자의 고용 등에 관한 법률" : "Act on the Employment of Foreign Workers") !=
                  std::string::npos);
        }
    }
}
