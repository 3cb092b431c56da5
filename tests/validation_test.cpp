#include "support.hpp"

#include "accord/workspace/config.hpp"
#include "accord/workspace/validation.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

using namespace accord::workspace;
using accord::test::fixture;

namespace {

const ValidationContext kCoalition{{"apil", "krsn", "mwu"}, {}};

std::vector<Diagnostic> check(const std::string& name, const ValidationContext& ctx = kCoalition)
{
    return validateSubmission(fixture("documents/" + name), "documents/" + name, ctx);
}

std::string all(const std::vector<Diagnostic>& ds)
{
    std::string s;
    for (const auto& d : ds) s += d.toString() + "\n";
    return s;
}

} // namespace

TEST_SUITE("validation")
{
    TEST_CASE("validating a section at a time: the rules ride along the first pass over the sections that gets to the end")
    {
        const std::string valid = fixture("documents/valid-small.xml");
        // The second section reuses the first one's recommendation id: a finding only a look at both can make.
        const std::string twice =
            accord::test::replaceOnce(valid, "id=\"refugee-interpreters\"", "id=\"wage-arrears\"");
        REQUIRE(twice != valid);
        auto duplicates = [](const std::vector<Diagnostic>& found) {
            return std::count_if(found.begin(), found.end(),
                                 [](const Diagnostic& d) { return d.message.find("is already used") != std::string::npos; });
        };
        auto sectionsOf = [](const SubmissionParts& doc) {
            std::vector<std::string> ids;
            doc.forEachSection([&](const Section& s, std::size_t) { ids.push_back(s.id); });
            return ids;
        };

        SUBCASE("a use that reads every section, twice: the rules once")
        {
            std::vector<std::string> first, second;
            const auto found = validateSubmissionInParts(twice, "documents/small.xml", kCoalition, [&](const SubmissionParts& doc) {
                CHECK(doc.head.id == "small");
                first = sectionsOf(doc);
                second = sectionsOf(doc);
            });
            CHECK(first == std::vector<std::string>{"labour", "refugees"});
            CHECK(second == first);
            CHECK(duplicates(found) == 1);
            CHECK(all(found).find("documents/small.xml:48:") != std::string::npos);
        }
        SUBCASE("a use that stops after the first section: the rules go on to the end")
        {
            const auto found = validateSubmissionInParts(twice, "documents/small.xml", kCoalition, [&](const SubmissionParts& doc) {
                doc.forEachSection([](const Section&, std::size_t) { throw std::runtime_error("stopped"); });
            });
            CHECK(duplicates(found) == 1);  // what the rules say comes before what went wrong in `use`
        }
        SUBCASE("a use that fails on a valid document: its error is passed on")
        {
            CHECK_THROWS_WITH(validateSubmissionInParts(valid, "documents/small.xml", kCoalition,
                                                        [&](const SubmissionParts&) { throw std::runtime_error("boom"); }),
                              "boom");
        }
        SUBCASE("a section that does not parse: reported at its line, not as `use`'s error")
        {
            const std::string broken = accord::test::replaceOnce(valid, "통역 보장</title>", "통역 보장</titel>");
            std::vector<std::string> seen;
            const auto found = validateSubmissionInParts(broken, "documents/small.xml", kCoalition,
                                                         [&](const SubmissionParts& doc) { seen = sectionsOf(doc); });
            REQUIRE(!found.empty());
            CHECK(all(found).find("documents/small.xml:50:") != std::string::npos);
            CHECK(seen.empty());  // the pass broke off at the second section, before `seen` was set
        }
        SUBCASE("what both readers are done with is handed on in order, in whole 64 KB steps")
        {
            // A document of 120 sections, copies of the first with their own ids: some 150 KB.
            const std::size_t from = valid.find("  <section id=\"labour\">");
            const std::size_t to = valid.find("  <section id=\"refugees\">");
            std::string big = valid.substr(0, from);
            for (int i = 0; i < 120; ++i) {
                std::string copy = valid.substr(from, to - from);
                for (const char* id : {"labour", "wage-arrears", "safety-training"})
                    copy = accord::test::replaceOnce(copy, "id=\"" + std::string(id) + "\"", "id=\"" + std::string(id) + std::to_string(i) + "\"");
                big += copy;
            }
            big += valid.substr(to);
            REQUIRE(big.size() > 2 * 65536);
            std::size_t next = 0;
            bool inOrder = true;
            const auto found = validateSubmissionInParts(
                big, "documents/small.xml", kCoalition, [&](const SubmissionParts& doc) { (void)sectionsOf(doc); },
                [&](std::string_view read) {
                    inOrder = inOrder && read.data() == big.data() + next && !read.empty();
                    next += read.size();
                    inOrder = inOrder && (next % 65536 == 0 || next == big.size());
                });
            CHECK(all(found).empty());
            CHECK(inOrder);
            // Up to the step before the end of the last section, where the parse stops; the rest only the schema reads.
            CHECK(next == big.rfind("</section>") / 65536 * 65536);
        }
    }

    TEST_CASE("a valid bilingual document has no findings")
    {
        auto found = validateSubmission(fixture("documents/valid-small.xml"), "documents/small.xml", kCoalition);
        CHECK_MESSAGE(found.empty(), all(found));
    }

    TEST_CASE("the project's example submission is valid for its own coalition")
    {
        ValidationContext ctx{{"mrlf", "rrs", "jumw", "mwsc", "rcmb", "mfrn", "mhs", "gnmc"}, {}};
        auto found = validateSubmission(accord::test::example("nap-migrants.xml"), "documents/nap4-migrants.xml", ctx);
        CHECK_MESSAGE(found.empty(), all(found));
    }

    TEST_CASE("malformed XML is reported at the line of the broken tag")
    {
        auto found = check("malformed.xml");
        REQUIRE(found.size() == 1);
        CHECK(found[0].file == "documents/malformed.xml");
        CHECK(found[0].line == 42);
        CHECK(found[0].message.find("not well-formed") != std::string::npos);
        CHECK(found[0].toString().starts_with("documents/malformed.xml:42: "));
    }

    TEST_CASE("schema violations name the line and the allowed values, without namespace noise")
    {
        auto found = check("xsd-invalid.xml");
        REQUIRE(found.size() == 2);
        CHECK(found[0].line == 54);
        CHECK(found[0].message.find("final") != std::string::npos);
        CHECK(found[0].message.find("'draft', 'agreed', 'withdrawn'") != std::string::npos);
        CHECK(found[0].message.find("urn:accord") == std::string::npos);
        CHECK(found[1].line == 57);
    }

    TEST_CASE("a section and a recommendation sharing an id are both named")
    {
        auto found = check("duplicate-id.xml");
        REQUIRE(found.size() == 1);
        CHECK(found[0].line == 53);
        CHECK(found[0].message.find("\"refugee-interpreters\"") != std::string::npos);
        CHECK(found[0].message.find("section at line 50") != std::string::npos);
    }

    TEST_CASE("an unknown organisation is named with the nearest known one")
    {
        auto found = check("unknown-org.xml");
        REQUIRE(found.size() == 1);
        CHECK(found[0].line == 63);
        CHECK(found[0].message == "endorsement names unknown organisation \"krsm\" (did you mean \"krsn\"? known: apil, krsn, mwu)");
    }

    TEST_CASE("a profile is valid only when the workspace or a plugin provides it")
    {
        auto found = check("unknown-profile.xml");
        REQUIRE(found.size() == 1);
        CHECK(found[0].line == 14);
        CHECK(found[0].message.find("profile \"upr-joint\" is not known") != std::string::npos);
        CHECK(check("unknown-profile.xml", ValidationContext{{"apil", "krsn", "mwu"}, {"upr-joint"}}).empty());
    }

    TEST_CASE("a text in a language the workspace does not declare is refused at its line, with the nearest one")
    {
        const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<submission xmlns="urn:accord:submission:1" id="langs" xml:lang="en" version="1">
  <meta><title xml:lang="en">Languages</title></meta>
  <section id="s"><heading xml:lang="en">Labour</heading>
    <recommendation id="r">
      <title xml:lang="kr">사업장 변경</title>
      <text xml:lang="en"><p>Text.</p></text>
      <text xml:lang="kr"><p>본문.</p></text>
    </recommendation>
  </section>
</submission>
)";
        auto found = validateSubmission(xml, "documents/langs.xml", kCoalition);
        REQUIRE(found.size() == 2);
        CHECK(found[0].line == 6);
        CHECK(found[0].message == "title is in language \"kr\", which this workspace does not write in "
                                  "(did you mean \"ko\"? known: ko, en)");
        CHECK(found[1].line == 8);
        // A workspace that declares Korean under that code (languages="kr en" in accord.xml) takes it.
        ValidationContext declared = kCoalition;
        declared.languages = {"kr", "en"};
        CHECK(validateSubmission(xml, "documents/langs.xml", declared).empty());
    }

    TEST_CASE("the workspace's languages are read from accord.xml, kept by serialize, ko and en by default")
    {
        const std::string xml = R"(<workspace xmlns="urn:accord:workspace:1" version="1" languages="ko en ja"/>)";
        WorkspaceConfig config = parseConfig(xml, "accord.xml");
        CHECK(config.languages == std::vector<std::string>{"ko", "en", "ja"});
        CHECK(parseConfig(serialize(config), "accord.xml").languages == config.languages);
        CHECK(parseConfig(R"(<workspace xmlns="urn:accord:workspace:1" version="1"/>)", "accord.xml").languages ==
              std::vector<std::string>{"ko", "en"});
        CHECK(serialize(WorkspaceConfig{}).find("languages") == std::string::npos);
        CHECK_THROWS(parseConfig(R"(<workspace xmlns="urn:accord:workspace:1" version="1" languages=""/>)", "accord.xml"));
    }

    TEST_CASE("a document stored under documents/ must be named after its id")
    {
        auto found = validateSubmission(fixture("documents/valid-small.xml"), "documents/other.xml", kCoalition);
        REQUIRE(found.size() == 1);
        CHECK(found[0].message.find("rename the file to documents/small.xml") != std::string::npos);
    }

    TEST_CASE("accord.xml is checked against its schema and for duplicate organisations")
    {
        const std::string good = R"(<?xml version="1.0" encoding="UTF-8"?>
<workspace xmlns="urn:accord:workspace:1" version="1">
  <organisations>
    <organisation id="apil"><name xml:lang="en">APIL</name><name xml:lang="ko">어필</name></organisation>
  </organisations>
</workspace>
)";
        CHECK(validateConfig(good, "accord.xml").empty());
        auto config = parseConfig(good, "accord.xml");
        REQUIRE(config.organisations.size() == 1);
        CHECK(config.organisations[0].name("ko") == "어필");
        CHECK(config.organisations[0].name("fr") == "APIL");
        CHECK(parseConfig(serialize(config), "accord.xml") == config);

        std::string twice = accord::test::replaceOnce(
            good, "</organisations>",
            "<organisation id=\"apil\"><name xml:lang=\"en\">Again</name></organisation>\n</organisations>");
        auto found = validateConfig(twice, "accord.xml");
        REQUIRE(!found.empty());
        CHECK(found[0].file == "accord.xml");

        std::string wrong = accord::test::replaceOnce(good, "<organisations>", "<members>");
        CHECK(!validateConfig(wrong, "accord.xml").empty());
        CHECK_THROWS_AS((void)parseConfig(wrong, "accord.xml"), ValidationError);
    }
}

TEST_SUITE("lexical check")
{
    TEST_CASE("what it finds in a tag, and the tags it tells, do not depend on where the tag falls in the text")
    {
        // Sixteen bytes are read at a time; each tag's attributes are moved across every place in such a step,
        // and past the end of the last whole one, and must give the same findings (lines included) and tags.
        struct Tags final : MarkupVisitor {
            std::string seen;
            std::string_view text;
            void startTag(std::size_t begin, std::size_t end) override { seen.append("+").append(text.substr(begin, end - begin)); }
            void endTag(std::size_t begin, std::size_t end) override { seen.append("-").append(text.substr(begin, end - begin)); }
            void otherMarkup(std::size_t begin) override { seen.append("!").append(text.substr(begin, 4)); }
        };
        // Each tag, and what the check must say of it (nothing, for the first and the eighth).
        const std::vector<std::pair<std::string, std::string>> tags{
            {"<p xml:lang=\"ko\" class='인권 \"보호\"'>", ""},
            {"<p a=\"x&#1;y\" b='&amp;&lt;'>", "t.xml:1: &#1; refers to U+0001"},
            {"<p a=\"<\" b=\"ok\">", "t.xml:1: a < inside a tag"},
            {"<p a=\"&bogus;\">", "t.xml:1: the entity &bogus; is not defined"},
            {"<p a=\"&x\"y;\" b='z'>", "t.xml:1: the entity &x\"y; is not defined"},  // a quote inside what is read as one
            {"<p a=\"x\x01y\" b=\"\xef\xbf\xbe\">", "control character U+0001, which XML does not allow; delete it\nt.xml:1: holds the non-character U+FFFE"},
            {"<p a=\"&#xFFFE;\" b=\"&#x110000;\"\n>", "refers to U+FFFE, which XML does not allow; delete it\nt.xml:1: &#x110000; refers to"},
            {"<p\n<<<<<<< ours\na=\"1\">", "t.xml:2: holds git's conflict markers"},
            {"<p a=\"줄\n바꿈\" b='\t탭\r'>", ""},
            {"<p a=\"끝나지 않은", "t.xml:1: a < inside a tag"},  // the value runs on over the tags after it
        };
        const auto withoutSpaces = [](std::string text) {
            std::erase(text, ' ');
            return text;
        };
        for (const auto& [tag, says] : tags) {
            CAPTURE(tag);
            std::string expected;
            std::string expectedTags;
            for (std::size_t before = 0; before < 40; ++before) {
                for (const std::size_t after : {std::size_t{0}, std::size_t{3}, std::size_t{40}}) {
                    CAPTURE(before);
                    CAPTURE(after);
                    // Blocks are read from where the tag starts: the spaces go inside it, after its name.
                    const std::string text = "<r>" + tag.substr(0, 2) + std::string(before, ' ') + tag.substr(2) + "x</p>" +
                                             std::string(after, ' ') + "</r>";
                    Tags seen;
                    seen.text = text;
                    const std::string found = all(checkXmlText(text, "t.xml", seen));
                    if (before == 0 && after == 0) {
                        expected = found;
                        expectedTags = seen.seen;
                        continue;
                    }
                    CHECK(found == expected);
                    // The same tags (an unterminated one runs to the end of the text, over the spaces after it).
                    CHECK(withoutSpaces(seen.seen) == withoutSpaces(expectedTags));
                }
            }
            CHECK_MESSAGE(!expectedTags.empty(), "the tags were told");
            if (says.empty()) CHECK(expected.empty());
            else CHECK_MESSAGE(expected.find(says) != std::string::npos, expected);
        }
    }
}
