#include "support.hpp"

#include "accord/workspace/profile.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace accord::workspace;

TEST_SUITE("profiles")
{
    TEST_CASE("the shipped profiles load and carry the recipients' rules")
    {
        std::vector<std::string> ids;
        for (const auto& p : builtinProfiles()) ids.push_back(p.id);
        for (const char* id : {"generic", "upr-individual", "upr-joint", "ccpr", "nap-kr"})
            CHECK_MESSAGE(std::find(ids.begin(), ids.end(), id) != ids.end(), id);
        const Profile* ccpr = findBuiltinProfile("ccpr");
        REQUIRE(ccpr);
        CHECK(ccpr->wordLimit == 10000);
        CHECK(ccpr->footnotesCount);
        const Profile* nap = findBuiltinProfile("nap-kr");
        REQUIRE(nap);
        CHECK(nap->languages == std::vector<std::string>{"ko"});
        CHECK(nap->closing == "끝.");
        CHECK(findBuiltinProfile("upr-joint")->jointSubmittersAtTop);
        CHECK(findBuiltinProfile("upr-joint")->numbering == "paragraphs");
    }

    TEST_CASE("Korean administrative markers go 1. → 가. → 1) → 가) → (1) → (가) and dates read 2018. 5. 3.")
    {
        const Profile& nap = *findBuiltinProfile("nap-kr");
        CHECK(nap.marker(0, 0) == "1.");
        CHECK(nap.marker(1, 0) == "가.");
        CHECK(nap.marker(1, 2) == "다.");
        CHECK(nap.marker(2, 1) == "2)");
        CHECK(nap.marker(3, 1) == "나)");
        CHECK(nap.marker(4, 0) == "(1)");
        CHECK(nap.marker(5, 0) == "(가)");
        CHECK(nap.formatDate("2018-05-03") == "2018. 5. 3.");
        const Profile& generic = *findBuiltinProfile("generic");
        CHECK(generic.marker(1, 2) == "3.");
        CHECK(generic.formatDate("2018-05-03") == "2018-05-03");
    }

    TEST_CASE("words are counted as Word counts them, per language, footnotes when the profile says so")
    {
        const std::string xml = R"(<submission xmlns="urn:accord:submission:1" id="w" xml:lang="en" version="1">
  <meta><title xml:lang="en">Two words</title><title xml:lang="ko">두 낱말</title></meta>
  <section id="s"><heading xml:lang="en">Heading</heading>
    <recommendation id="r">
      <text xml:lang="en"><p>One two <em>three</em> four.<note>Note words here.</note></p></text>
      <text xml:lang="ko"><p>사업장 변경을 허용할 것.</p></text>
    </recommendation></section>
</submission>)";
        Submission doc = parseSubmission(xml, "w.xml");
        CHECK(countWords(doc, "en", false) == 2 + 1 + 4);
        CHECK(countWords(doc, "en", true) == 2 + 1 + 4 + 3);
        CHECK(countWords(doc, "ko", true) == 2 + 4);
    }

    TEST_CASE("the profile check names what is over the limit by how much, missing translations and drafts")
    {
        std::string words;
        for (int i = 0; i < 3000; ++i) words += "word ";
        const std::string xml = R"(<submission xmlns="urn:accord:submission:1" id="long" xml:lang="en" version="1">
  <meta><title xml:lang="en">Long</title></meta>
  <section id="s"><heading xml:lang="en">Heading</heading>
    <recommendation id="r"><text xml:lang="en"><p>)" + words + R"(</p></text></recommendation></section>
</submission>)";
        Submission doc = parseSubmission(xml, "long.xml");
        ProfileCheck check = checkProfile(doc, *findBuiltinProfile("upr-individual"), WorkspaceConfig{});
        CHECK(check.limitBroken());
        REQUIRE(check.words.size() == 1);
        CHECK(check.words[0].second == 3002);
        bool over = false;
        bool draft = false;
        for (const auto& f : check.findings) {
            over = over || (f.hard && f.message.find("187 over the limit of 2815") != std::string::npos);
            draft = draft || f.message.find("recommendation r is still a draft") != std::string::npos;
        }
        CHECK(over);
        CHECK(draft);
        ProfileCheck korean = checkProfile(doc, *findBuiltinProfile("nap-kr"), WorkspaceConfig{});
        CHECK_FALSE(korean.limitBroken());
        CHECK(korean.fallsBack());
        std::vector<std::string> fell;
        for (const auto& f : korean.findings)
            if (f.fallback) fell.push_back(f.message + (f.line ? " @" + std::to_string(f.line) : ""));
        CHECK(fell == std::vector<std::string>{
                          "the title of the document has no ko version: the ko export prints the en one",
                          "the heading of section s has no ko version: the ko export prints the en one @3",
                          "the text of recommendation r has no ko version: the ko export prints the en one @4"});
        CHECK_FALSE(check.fallsBack());
    }

    TEST_CASE("every text a Korean export would print in English is named, and only those")
    {
        const std::string xml = R"(<submission xmlns="urn:accord:submission:1" id="two" xml:lang="en" version="1">
  <meta><title xml:lang="en">Two</title><title xml:lang="ko">둘</title><coalition><member org="jumw"/></coalition></meta>
  <section id="s"><heading xml:lang="en">Labour</heading><heading xml:lang="ko">노동</heading>
    <recommendation id="both">
      <title xml:lang="en">Both</title><title xml:lang="ko">둘 다</title>
      <text xml:lang="en"><p>Text.</p></text><text xml:lang="ko"><p>본문.</p></text>
    </recommendation>
    <recommendation id="half">
      <title xml:lang="en">Half</title><title xml:lang="ko">절반</title>
      <text xml:lang="en"><p>Text.</p></text><text xml:lang="ko"><p>본문.</p></text>
      <rationale xml:lang="en"><p>Only in English.</p></rationale>
    </recommendation>
  </section>
</submission>)";
        Submission doc = parseSubmission(xml, "two.xml");
        WorkspaceConfig config;
        config.organisations.push_back(Organisation{"jumw", "union", {LangText{"en", "Joint Union of Migrant Workers", 0}}, 3});
        std::vector<std::string> ko;
        for (const auto& f : fallbacks(doc, config, "ko")) ko.push_back(f.message);
        // What an interface in another language needs to say the same: the kind and the values named.
        const auto found = fallbacks(doc, config, "ko");
        REQUIRE(found.size() == 2);
        CHECK(found[0].kind == "fallback");
        CHECK(found[0].args == std::map<std::string, std::string>{{"what", "rec.rationale"}, {"id", "half"}, {"lang", "ko"}, {"other", "en"}});
        CHECK(found[1].args.at("what") == "organisation.name");
        CHECK(found[1].args.at("id") == "jumw");
        CHECK(ko == std::vector<std::string>{
                        "the rationale of recommendation half has no ko version: the ko export prints the en one",
                        "the name of organisation jumw (accord.xml) has no ko version: the ko export prints the en one"});
        CHECK(fallbacks(doc, config, "en").empty());
    }
}
