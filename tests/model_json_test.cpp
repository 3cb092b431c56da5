#include "../host/src/server/model_json.hpp"
#include "accord/workspace/document.hpp"
#include "accord/workspace/error.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>
#include <string>
#include <vector>

using accord::server::recommendationFromJson;
using accord::server::sectionFromJson;
using accord::server::toJson;
using accord::workspace::Block;
using accord::workspace::Error;
using accord::workspace::ErrorKind;
using accord::workspace::Inline;
using accord::workspace::LangText;
using accord::workspace::Paragraph;
using accord::workspace::parseSubmission;
using accord::workspace::Recommendation;
using accord::workspace::Section;
using accord::workspace::Submission;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

/// A bilingual submission with every kind of inline markup, refs, endorsements and responses,
/// a subsection, an intro and optional attributes both present and absent.
const std::string exampleXml = R"(<?xml version="1.0" encoding="UTF-8"?>
<submission xmlns="urn:accord:submission:1" id="json-test" xml:lang="en" version="1">
  <meta>
    <title xml:lang="en">Joint recommendations on migrant workers</title>
    <title xml:lang="ko">이주노동자에 관한 공동 권고</title>
    <process kind="nap">Fourth National Action Plan</process>
    <addressee>Ministry of Justice</addressee>
    <deadline>2025-03-31</deadline>
    <coalition>
      <member org="apil" role="lead"/>
      <member org="krsn"/>
    </coalition>
  </meta>
  <section id="labour">
    <heading xml:lang="en">Labour</heading>
    <heading xml:lang="ko">노동</heading>
    <intro xml:lang="en">
      <p>Workers under the <em>Employment Permit System</em> cannot change jobs freely.</p>
    </intro>
    <recommendation id="job-mobility" status="agreed" priority="high">
      <title xml:lang="en">Free choice of workplace</title>
      <title xml:lang="ko">사업장 변경의 자유 보장</title>
      <text xml:lang="en">
        <p>Amend article 25 of the <em>Act on the Employment of Foreign Workers</em> so that a worker may
          <strong>leave at any time</strong>.<note>CERD/C/KOR/CO/17-19, see
          <link href="https://www.ohchr.org/en/countries/korea?a=1&amp;b=2">the <em>observations</em></link>.</note></p>
        <p>Abolish the limit on the number of changes.</p>
      </text>
      <text xml:lang="ko">
        <p><em>외국인근로자의 고용 등에 관한 법률</em> 제25조를 개정하여 노동자가 <strong>언제든지</strong> 사업장을
          옮길 수 있도록 할 것.<note>유엔 인종차별철폐위원회 최종견해.</note></p>
      </text>
      <rationale xml:lang="en"><p>Tying workers to one employer invites abuse.</p></rationale>
      <rationale xml:lang="ko"><p>사업주에 대한 종속은 인권침해로 이어진다.</p></rationale>
      <addressee>Ministry of Employment and Labor</addressee>
      <ref kind="law">Act on the Employment of Foreign Workers art. 25</ref>
      <ref>CERD/C/KOR/CO/17-19 para. 8</ref>
      <endorsement org="apil"/>
      <endorsement org="krsn"/>
      <response round="2024-03-14" from="Ministry of Employment and Labor" position="partially-accepted">
        <p>The Ministry will add <em>verbal abuse</em> to the grounds for a change.</p>
      </response>
    </recommendation>
    <recommendation id="safety-training">
      <title xml:lang="ko">모국어 산업안전교육</title>
      <text xml:lang="ko"><p>현장 노동자의 언어로 산업안전교육을 실시할 것.</p></text>
    </recommendation>
    <section id="seasonal-work">
      <heading xml:lang="en">Seasonal work</heading>
      <heading xml:lang="ko">계절근로</heading>
      <recommendation id="seasonal-brokers" status="draft" priority="medium">
        <title xml:lang="en">No brokers' fees</title>
        <text xml:lang="en"><p>Ban fees charged by brokers.</p></text>
        <response round="2024-03-14" from="Ministry of Justice"><p>Under review.</p></response>
      </recommendation>
    </section>
  </section>
  <section id="refugees">
    <heading xml:lang="en">Refugees</heading>
    <recommendation id="interpreters" priority="low">
      <title xml:lang="en">Qualified interpreters</title>
      <text xml:lang="en"><p>Use only accredited interpreters.</p></text>
      <endorsement org="krsn"/>
    </recommendation>
  </section>
</submission>
)";

Submission exampleDoc()
{
    return parseSubmission(exampleXml, "json-test.xml");
}

Recommendation exampleRecommendation(const Submission& doc, const std::string& id = "job-mobility")
{
    const Recommendation* r = doc.findRecommendation(id);
    REQUIRE(r != nullptr);
    return *r;
}

/// The JSON as the server writes it: compact, keys in insertion order.
std::string stringify(const Object::Ptr& json)
{
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(json, out, 0, -1, Poco::JSON_PRESERVE_KEY_ORDER);
    return out.str();
}

/// JSON text as the server reads a request body.
Object::Ptr parseJson(const std::string& text)
{
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    return parser.parse(text).extract<Object::Ptr>();
}

/// The message of the Invalid error reading `json` as a recommendation throws; fails the test otherwise.
std::string recommendationRefusal(const std::string& json)
{
    Object::Ptr parsed = parseJson(json);
    try {
        (void)recommendationFromJson(*parsed);
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::Invalid);
        return e.what();
    }
    FAIL("accepted: ", json);
    return {};
}

std::string sectionRefusal(const std::string& json)
{
    Object::Ptr parsed = parseJson(json);
    try {
        (void)sectionFromJson(*parsed);
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::Invalid);
        return e.what();
    }
    FAIL("accepted: ", json);
    return {};
}

/// A recommendation whose English text is the one paragraph `paragraph` (JSON of an inline array).
std::string withParagraph(const std::string& paragraph)
{
    return R"({"id":"r","texts":[{"lang":"en","paragraphs":[)" + paragraph + "]}]}";
}

/// A section with its content read back from the JSON of a whole document.
Section sectionWithContent(const Object& json)
{
    Section s = sectionFromJson(json);
    Array::Ptr recommendations = json.getArray("recommendations");
    REQUIRE(recommendations);
    for (unsigned i = 0; i < recommendations->size(); ++i)
        s.recommendations.push_back(recommendationFromJson(*recommendations->getObject(i)));
    Array::Ptr sections = json.getArray("sections");
    REQUIRE(sections);
    for (unsigned i = 0; i < sections->size(); ++i) s.sections.push_back(sectionWithContent(*sections->getObject(i)));
    return s;
}

Inline text(std::string t)
{
    return Inline{Inline::Kind::Text, std::move(t), {}, {}};
}

Inline wrap(Inline::Kind kind, std::vector<Inline> children, std::string href = {})
{
    return Inline{kind, {}, std::move(href), std::move(children)};
}

} // namespace

// ---- writing and reading back ------------------------------------------------

TEST_CASE("a recommendation survives JSON and back unchanged, Korean and English, emphasis, notes and links")
{
    Recommendation r = exampleRecommendation(exampleDoc());
    REQUIRE(r.texts.size() == 2);
    REQUIRE(r.responses.size() == 1);
    CHECK(recommendationFromJson(*parseJson(stringify(toJson(r)))) == r);
    CHECK(recommendationFromJson(*toJson(r)) == r);
}

TEST_CASE("a whole parsed submission survives JSON and back: every section and recommendation as it was")
{
    Submission doc = exampleDoc();
    Object::Ptr json = parseJson(stringify(toJson(doc)));
    CHECK(json->getValue<std::string>("id") == "json-test");
    CHECK(json->getValue<std::string>("lang") == "en");
    CHECK(json->getValue<std::string>("version") == "1");
    Array::Ptr sections = json->getArray("sections");
    REQUIRE(sections);
    std::vector<Section> back;
    for (unsigned i = 0; i < sections->size(); ++i) back.push_back(sectionWithContent(*sections->getObject(i)));
    CHECK(back == doc.sections);
}

TEST_CASE("JSON written twice from the same document is the same text, keys in the documented order")
{
    Submission doc = exampleDoc();
    std::string once = stringify(toJson(doc));
    CHECK(stringify(toJson(exampleDoc())) == once);
    CHECK(once.rfind(R"({"id":"json-test","lang":"en","version":"1","meta":{"titles":[{"lang":"en","text":)", 0) == 0);
    CHECK(accord::test::contains(
        stringify(toJson(exampleRecommendation(doc, "interpreters"))),
        R"({"id":"interpreters","priority":"low","titles":[{"lang":"en","text":"Qualified interpreters"}],)"
        R"("texts":[{"lang":"en","paragraphs":[["Use only accredited interpreters."]]}],"rationales":[],)"
        R"("addressees":[],"refs":[],"endorsements":["krsn"],"responses":[]})"));
}

TEST_CASE("paragraphs are arrays of strings and one-key objects for em, strong, note and link")
{
    Recommendation r = exampleRecommendation(exampleDoc());
    Object::Ptr json = toJson(r);
    Object::Ptr english = json->getArray("texts")->getObject(0);
    CHECK(stringify(english) ==
          R"({"lang":"en","paragraphs":[["Amend article 25 of the ",{"em":["Act on the Employment of Foreign Workers"]},)"
          R"(" so that a worker may ",{"strong":["leave at any time"]},".",{"note":["CERD/C/KOR/CO/17-19, see ",)"
          R"({"link":["the ",{"em":["observations"]}],"href":"https://www.ohchr.org/en/countries/korea?a=1&b=2"},"."]}],)"
          R"(["Abolish the limit on the number of changes."]]})");
}

TEST_CASE("the document's JSON gives each section and recommendation its number as walk() computes it")
{
    Object::Ptr json = toJson(exampleDoc());
    Array::Ptr sections = json->getArray("sections");
    REQUIRE(sections->size() == 2);
    Object::Ptr labour = sections->getObject(0);
    CHECK(labour->getValue<std::string>("number") == "1");
    CHECK(labour->getArray("recommendations")->getObject(0)->getValue<std::string>("number") == "1.1");
    CHECK(labour->getArray("recommendations")->getObject(1)->getValue<std::string>("number") == "1.2");
    Object::Ptr seasonal = labour->getArray("sections")->getObject(0);
    CHECK(seasonal->getValue<std::string>("number") == "1.3");
    CHECK(seasonal->getArray("recommendations")->getObject(0)->getValue<std::string>("number") == "1.3.1");
    Object::Ptr refugees = sections->getObject(1);
    CHECK(refugees->getValue<std::string>("number") == "2");
    CHECK(refugees->getArray("recommendations")->getObject(0)->getValue<std::string>("number") == "2.1");
}

TEST_CASE("a part written alone has no number, and a number a client sends is ignored")
{
    Submission doc = exampleDoc();
    Recommendation r = exampleRecommendation(doc);
    CHECK_FALSE(toJson(r)->has("number"));
    CHECK_FALSE(toJson(doc.sections.front(), true)->has("number"));
    Object::Ptr json = toJson(r);
    json->set("number", "9.9");
    CHECK(recommendationFromJson(*json) == r);
}

TEST_CASE("the meta's JSON has titles, process, addressees, deadline and coalition, absent parts left out")
{
    Object::Ptr meta = toJson(exampleDoc())->getObject("meta");
    REQUIRE(meta);
    CHECK(stringify(meta) ==
          R"({"titles":[{"lang":"en","text":"Joint recommendations on migrant workers"},)"
          R"({"lang":"ko","text":"이주노동자에 관한 공동 권고"}],"processes":[{"lang":"","text":"Fourth National Action Plan"}],)"
          R"("processKind":"nap","addressees":["Ministry of Justice"],"deadline":"2025-03-31",)"
          R"("coalition":[{"org":"apil","role":"lead"},{"org":"krsn"}]})");
}

TEST_CASE("empty status, priority, position and ref kind are left out and line numbers are never written")
{
    Submission doc = exampleDoc();
    std::string safety = stringify(toJson(exampleRecommendation(doc, "safety-training")));
    CHECK_FALSE(accord::test::contains(safety, "\"status\""));
    CHECK_FALSE(accord::test::contains(safety, "\"priority\""));
    std::string brokers = stringify(toJson(exampleRecommendation(doc, "seasonal-brokers")));
    CHECK(accord::test::contains(brokers, R"("responses":[{"round":"2024-03-14","from":"Ministry of Justice",)"
                                          R"("paragraphs":[["Under review."]]}])"));
    std::string mobility = stringify(toJson(exampleRecommendation(doc)));
    CHECK(accord::test::contains(mobility, R"({"text":"CERD/C/KOR/CO/17-19 para. 8"})"));
    CHECK_FALSE(accord::test::contains(stringify(toJson(doc)), "\"line\""));
}

TEST_CASE("a section's JSON has its own fields, and its recommendations and subsections only with content")
{
    Section labour = exampleDoc().sections.front();
    std::string own = stringify(toJson(labour, false));
    CHECK(own == R"({"id":"labour","headings":[{"lang":"en","text":"Labour"},{"lang":"ko","text":"노동"}],)"
                 R"("intros":[{"lang":"en","paragraphs":[["Workers under the ",{"em":["Employment Permit System"]},)"
                 R"(" cannot change jobs freely."]]}]})");
    Object::Ptr full = toJson(labour, true);
    REQUIRE(full->getArray("recommendations"));
    CHECK(full->getArray("recommendations")->size() == 2);
    REQUIRE(full->getArray("sections"));
    CHECK(full->getArray("sections")->size() == 1);
}

TEST_CASE("a section read from JSON takes its id, headings and intro, and never its children")
{
    Section labour = exampleDoc().sections.front();
    Section back = sectionFromJson(*parseJson(stringify(toJson(labour, true))));
    CHECK(back.id == "labour");
    CHECK(back.headings == labour.headings);
    CHECK(back.intros == labour.intros);
    CHECK(back.recommendations.empty());
    CHECK(back.sections.empty());
}

TEST_CASE("an intro without a language survives JSON and back with no lang key")
{
    Section s;
    s.id = "s";
    s.intros = {Block{"", {Paragraph{{text("No language.")}, 0}}, 0}};
    std::string json = stringify(toJson(s, false));
    CHECK(json == R"({"id":"s","headings":[],"intros":[{"paragraphs":[["No language."]]}]})");
    CHECK(sectionFromJson(*parseJson(json)) == s);
}

TEST_CASE("a recommendation with only an id is read with every list empty")
{
    Recommendation r = recommendationFromJson(*parseJson(R"({"id":"new-one"})"));
    Recommendation expected;
    expected.id = "new-one";
    CHECK(r == expected);
    CHECK(r.effectiveStatus() == "draft");
}

// ---- characters ----------------------------------------------------------------

TEST_CASE("Korean text is written as UTF-8, not as \\u escapes")
{
    std::string json = stringify(toJson(exampleDoc()));
    CHECK(accord::test::contains(json, R"({"lang":"ko","text":"사업장 변경의 자유 보장"})"));
    CHECK(accord::test::contains(json, R"({"em":["외국인근로자의 고용 등에 관한 법률"]})"));
    CHECK_FALSE(accord::test::contains(json, "\\u"));
}

TEST_CASE("text containing <script> and & round-trips as the same characters")
{
    const std::string hostile = "<script>alert(\"x\")</script> & </p><em>not markup</em> \\ '한글'";
    Recommendation r;
    r.id = "r";
    r.titles.push_back(LangText{"en", hostile, 0});
    r.texts.push_back(Block{
        "en", {Paragraph{{text(hostile), wrap(Inline::Kind::Link, {text(hostile)}, "https://x.org/?a=1&b=<2>")}, 0}}, 0});
    r.refs.push_back({"other", hostile, {}});
    std::string json = stringify(toJson(r));
    CHECK(accord::test::contains(json, R"(<script>alert(\"x\")</script> & </p><em>not markup</em> \\ '한글')"));
    Recommendation back = recommendationFromJson(*parseJson(json));
    CHECK(back == r);
    CHECK(back.titles.front().text == hostile);
    CHECK(back.texts.front().paragraphs.front().content[1].href == "https://x.org/?a=1&b=<2>");
}

TEST_CASE("escaped characters a client sends are read as the characters they stand for")
{
    Recommendation r = recommendationFromJson(*parseJson(R"({"id":"r","titles":[{"lang":"ko","text":"\ub178\ub3d9 \u003cb\u003e"}]})"));
    REQUIRE(r.titles.size() == 1);
    CHECK(r.titles.front().text == "노동 <b>");
}

// ---- refusals ------------------------------------------------------------------

TEST_CASE("a link whose href is not a string is refused with the path of the node")
{
    std::string json = R"({"id":"r","texts":[{"lang":"ko","paragraphs":[["x"]]},)"
                       R"({"lang":"en","paragraphs":[["a ","b ",{"link":["c"],"href":42}]]}]})";
    CHECK(recommendationRefusal(json) == R"(recommendation.texts[1].paragraphs[0][2]: "href" must be a string)");
}

TEST_CASE("a link without an href is refused")
{
    CHECK(recommendationRefusal(withParagraph(R"([{"link":["c"]}])")) ==
          R"(recommendation.texts[0].paragraphs[0][0]: "href" is required (a string))");
}

TEST_CASE("an href on anything but a link is refused")
{
    CHECK(recommendationRefusal(withParagraph(R"([{"em":["c"],"href":"https://x.org"}])")) ==
          R"(recommendation.texts[0].paragraphs[0][0]: "em" has no "href" (only "link" has))");
}

TEST_CASE("an unknown key in an inline node is refused")
{
    std::string message = recommendationRefusal(withParagraph(R"(["a",{"em":["b"],"class":"x"}])"));
    CHECK(message.rfind(R"(recommendation.texts[0].paragraphs[0][1]: unknown key "class" in an inline node)", 0) == 0);
}

TEST_CASE("an unknown kind of inline node is refused")
{
    std::string message = recommendationRefusal(withParagraph(R"([{"script":["alert"]}])"));
    CHECK(message.rfind(R"(recommendation.texts[0].paragraphs[0][0]: unknown key "script" in an inline node)", 0) == 0);
}

TEST_CASE("an inline node with two kinds is refused")
{
    CHECK(recommendationRefusal(withParagraph(R"([{"em":["a"],"strong":["b"]}])")) ==
          R"(recommendation.texts[0].paragraphs[0][0]: an inline node is one element, not both "em" and "strong")");
}

TEST_CASE("an inline object with no kind is refused")
{
    CHECK(recommendationRefusal(withParagraph(R"([{}])")) ==
          R"(recommendation.texts[0].paragraphs[0][0]: an inline node needs one of "em", "strong", "note", "link")");
}

TEST_CASE("text that is not a string is refused, inside elements too")
{
    CHECK(recommendationRefusal(withParagraph(R"(["a",7])")) ==
          R"(recommendation.texts[0].paragraphs[0][1]: an inline node must be a string or an object with one of )"
          R"("em", "strong", "note", "link")");
    CHECK(recommendationRefusal(withParagraph(R"([{"note":["see ",{"em":[null]}]}])")) ==
          R"(recommendation.texts[0].paragraphs[0][0].note[1].em[0]: an inline node must be a string or an object )"
          R"(with one of "em", "strong", "note", "link")");
    CHECK(recommendationRefusal(withParagraph(R"([{"em":"not an array"}])")) ==
          R"(recommendation.texts[0].paragraphs[0][0].em: must be an array of inline nodes (strings and objects))");
}

TEST_CASE("a paragraph that is not an array is refused")
{
    CHECK(recommendationRefusal(R"({"id":"r","rationales":[{"lang":"en","paragraphs":["plain"]}]})") ==
          R"(recommendation.rationales[0].paragraphs[0]: must be an array of inline nodes (strings and objects))");
}

TEST_CASE("inline elements nested 20 deep are read and 21 deep are refused")
{
    auto nested = [](int levels) {
        std::string open;
        std::string close;
        for (int i = 0; i < levels; ++i) {
            open += R"({"em":[)";
            close += "]}";
        }
        return "[" + open + "\"deep\"" + close + "]";
    };
    Recommendation r = recommendationFromJson(*parseJson(withParagraph(nested(20))));
    const Inline* in = &r.texts.at(0).paragraphs.at(0).content.at(0);
    for (int i = 1; i < 20; ++i) in = &in->children.at(0);
    CHECK(in->children.at(0) == text("deep"));

    std::string message = recommendationRefusal(withParagraph(nested(21)));
    CHECK(message.rfind("recommendation.texts[0].paragraphs[0][0].em[0].em[0]", 0) == 0);
    CHECK(accord::test::contains(message, ": inline elements nest deeper than 20 levels"));
}

TEST_CASE("hostile nesting far past the limit is refused without following it down")
{
    // Built in code, past any depth limit of a JSON parser.
    Array::Ptr paragraph = new Array;
    paragraph->add("deep");
    for (int i = 0; i < 1000; ++i) {
        Object::Ptr em = new Object;
        em->set("em", paragraph);
        paragraph = new Array;
        paragraph->add(em);
    }
    Array::Ptr paragraphs = new Array;
    paragraphs->add(paragraph);
    Object::Ptr block = new Object;
    block->set("lang", "en");
    block->set("paragraphs", paragraphs);
    Array::Ptr texts = new Array;
    texts->add(block);
    Object json;
    json.set("id", "r");
    json.set("texts", texts);
    CHECK_THROWS_WITH_AS((void)recommendationFromJson(json), doctest::Contains("nest deeper than 20 levels"), Error);
}

TEST_CASE("a recommendation without an id, or with an id that is not a string, is refused")
{
    CHECK(recommendationRefusal(R"({"titles":[]})") == R"(recommendation: "id" is required (a string))");
    CHECK(recommendationRefusal(R"({"id":3})") == R"(recommendation: "id" must be a string)");
}

TEST_CASE("a misspelt recommendation key is refused rather than dropped")
{
    std::string message = recommendationRefusal(R"({"id":"r","rationale":[]})");
    CHECK(message.rfind(R"(recommendation: unknown key "rationale" (expected "id", "number", "status", )", 0) == 0);
}

TEST_CASE("a title that is not a lang and text object is refused with its index")
{
    CHECK(recommendationRefusal(R"({"id":"r","titles":[{"lang":"en","text":"a"},"b"]})") ==
          R"(recommendation.titles[1]: must be an object {"lang", "text"})");
    CHECK(recommendationRefusal(R"({"id":"r","titles":[{"lang":"en"}]})") ==
          R"(recommendation.titles[0]: "text" is required (a string))");
    CHECK(recommendationRefusal(R"({"id":"r","titles":{"lang":"en","text":"a"}})") ==
          R"(recommendation: "titles" must be an array)");
}

TEST_CASE("a text without a language is refused")
{
    CHECK(recommendationRefusal(R"({"id":"r","texts":[{"paragraphs":[]}]})") ==
          R"(recommendation.texts[0]: "lang" is required (a string))");
}

TEST_CASE("endorsements and addressees must be strings")
{
    CHECK(recommendationRefusal(R"({"id":"r","endorsements":["apil",{"org":"krsn"}]})") ==
          R"(recommendation.endorsements[1]: must be a string (an organisation id))");
    CHECK(recommendationRefusal(R"({"id":"r","addressees":[null]})") ==
          R"(recommendation.addressees[0]: must be a string (an addressee))");
}

TEST_CASE("a response with a bad field is refused with its path")
{
    CHECK(recommendationRefusal(R"({"id":"r","responses":[{"round":"2024-03-14","from":"MOJ","paragraphs":[[1]]}]})") ==
          R"(recommendation.responses[0].paragraphs[0][0]: an inline node must be a string or an object with one of )"
          R"("em", "strong", "note", "link")");
    CHECK(recommendationRefusal(R"({"id":"r","responses":[{"from":"MOJ","paragraphs":[]}]})") ==
          R"(recommendation.responses[0]: "round" is required (a string))");
    CHECK(recommendationRefusal(R"({"id":"r","refs":[{"kind":"law","text":"a","line":3}]})").rfind(
              R"(recommendation.refs[0]: unknown key "line")", 0) == 0);
}

TEST_CASE("a section with a bad field is refused with a path that starts at section")
{
    CHECK(sectionRefusal(R"({"headings":[]})") == R"(section: "id" is required (a string))");
    CHECK(sectionRefusal(R"({"id":"s","intros":[{"lang":"en","paragraphs":[[{"strong":["a"],"em":["b"]}]]}]})") ==
          R"(section.intros[0].paragraphs[0][0]: an inline node is one element, not both "em" and "strong")");
    CHECK(sectionRefusal(R"({"id":"s","intros":[[]]})") == R"(section.intros[0]: must be an object {"lang", "paragraphs"})");
    CHECK(sectionRefusal(R"({"id":"s","intros":{}})") == R"(section: "intros" must be an array)");
    CHECK(sectionRefusal(R"({"id":"s","heading":[]})").rfind(R"(section: unknown key "heading")", 0) == 0);
}
