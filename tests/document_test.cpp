#include "accord/workspace/document.hpp"
#include "accord/workspace/document_stream.hpp"
#include "accord/workspace/error.hpp"
#include "accord/workspace/rec_text.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

using accord::workspace::Block;
using accord::workspace::Error;
using accord::workspace::ErrorKind;
using accord::workspace::flatten;
using accord::workspace::inlinesFromMarkup;
using accord::workspace::markupOf;
using accord::workspace::recommendationFromText;
using accord::workspace::recommendationText;
using accord::workspace::Inline;
using accord::workspace::LangText;
using accord::workspace::Located;
using accord::workspace::Paragraph;
using accord::workspace::parseSubmission;
using accord::workspace::pickLang;
using accord::workspace::plainText;
using accord::workspace::Recommendation;
using accord::workspace::Ref;
using accord::workspace::refsIn;
using accord::workspace::responsesIn;
using accord::workspace::Section;
using accord::workspace::serialize;
using accord::workspace::Submission;
using accord::workspace::walk;

namespace {

using Number = std::vector<std::size_t>;

/// A submission with one section "s" and one recommendation "r" whose English text is
/// the given paragraph markup (the content of `<text xml:lang="en">`).
std::string withEnglishText(const std::string& paragraphs)
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<submission xmlns=\"urn:accord:submission:1\" id=\"t\" xml:lang=\"en\" version=\"1\">\n"
           "  <meta>\n"
           "    <title xml:lang=\"en\">Test</title>\n"
           "  </meta>\n"
           "  <section id=\"s\">\n"
           "    <heading xml:lang=\"en\">Section</heading>\n"
           "    <recommendation id=\"r\">\n"
           "      <text xml:lang=\"en\">" +
           paragraphs +
           "</text>\n"
           "    </recommendation>\n"
           "  </section>\n"
           "</submission>\n";
}

/// The paragraphs of recommendation "r"'s English text in a document built by withEnglishText.
std::vector<Paragraph> englishParagraphs(const std::string& paragraphs)
{
    Submission doc = parseSubmission(withEnglishText(paragraphs), "t.xml");
    const Recommendation* r = doc.findRecommendation("r");
    REQUIRE(r != nullptr);
    REQUIRE(r->texts.size() == 1);
    return r->texts.front().paragraphs;
}

/// The single paragraph of a document built by withEnglishText, as the canonical writer puts it.
std::string canonicalParagraph(const std::string& paragraph)
{
    std::string out = serialize(parseSubmission(withEnglishText(paragraph), "t.xml"));
    auto begin = out.find("<p>");
    auto end = out.find("</p>");
    REQUIRE(begin != std::string::npos);
    REQUIRE(end != std::string::npos);
    return out.substr(begin, end + 4 - begin);
}

/// The error message `parseSubmission` throws for `xml`, or "" when it does not throw.
std::string parseError(const std::string& xml, const std::string& file, ErrorKind* kind = nullptr)
{
    try {
        (void)parseSubmission(xml, file);
    } catch (const Error& e) {
        if (kind) *kind = e.kind();
        return e.what();
    }
    return {};
}

const Located* located(const std::vector<Located>& all, const std::string& id)
{
    for (const auto& loc : all) {
        if (loc.section && loc.section->id == id) return &loc;
        if (loc.recommendation && loc.recommendation->id == id) return &loc;
    }
    return nullptr;
}

Number numberOf(const std::vector<Located>& all, const std::string& id)
{
    const Located* loc = located(all, id);
    REQUIRE_MESSAGE(loc != nullptr, "no part ", id);
    return loc->number;
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

// ---- the example and canonical writing ---------------------------------------

TEST_CASE("the example submission parses with its meta, sections and recommendations")
{
    Submission doc = parseSubmission(accord::test::example("nap-migrants.xml"), "nap-migrants.xml");
    CHECK(doc.id == "nap4-migrants");
    CHECK(doc.lang == "en");
    CHECK(doc.version == "1");
    REQUIRE(doc.meta.titles.size() == 2);
    CHECK(doc.meta.titles[0].lang == "en");
    CHECK(doc.meta.titles[1].lang == "ko");
    REQUIRE(doc.meta.processes.size() == 2);
    CHECK(doc.meta.processes[0] == LangText{"en", "Fourth National Action Plan for the Promotion and Protection of Human Rights"});
    CHECK(doc.meta.processes[1] == LangText{"ko", "제4차 국가인권정책기본계획"});
    CHECK(doc.meta.processKind == "nap");
    CHECK(doc.meta.addressees == std::vector<std::string>{"moj"});
    CHECK(doc.meta.deadline == "2023-12-15");
    CHECK_FALSE(doc.meta.profile.has_value());
    REQUIRE(doc.meta.coalition.has_value());
    REQUIRE(doc.meta.coalition->size() == 8);
    CHECK(doc.meta.coalition->front().org == "mrlf");
    CHECK(doc.meta.coalition->front().role == "lead");
    CHECK((*doc.meta.coalition)[1].role.empty());
    CHECK((*doc.meta.coalition)[6].role == "member");

    REQUIRE(doc.sections.size() == 10);
    CHECK(doc.sections.front().id == "labour");
    CHECK(doc.sections.back().id == "anti-discrimination");
    const Section& labour = doc.sections.front();
    REQUIRE(labour.intros.size() == 1);
    CHECK(labour.intros[0].lang == "en");
    CHECK(labour.intros[0].paragraphs.size() == 1);
    REQUIRE(labour.recommendations.size() == 2);
    REQUIRE(labour.sections.size() == 1);
    CHECK(labour.sections.front().id == "seasonal-work");

    const Recommendation& r = labour.recommendations.front();
    CHECK(r.id == "eps-job-mobility");
    CHECK(r.status == "agreed");
    CHECK(r.priority == "high");
    CHECK(r.titles.size() == 2);
    CHECK(r.texts.size() == 2);
    CHECK(r.texts[0].paragraphs.size() == 2);
    CHECK(r.rationales.size() == 2);
    CHECK(r.addressees == std::vector<std::string>{"moel"});
    REQUIRE(r.refs.size() == 5);
    CHECK(r.refs[0] == Ref{"law", "Act on the Employment of Foreign Workers art. 25", "en"});
    CHECK(r.refs[1] == Ref{"law", "외국인근로자의 고용 등에 관한 법률 제25조", "ko"});
    CHECK(r.refs[2] == Ref{"treaty", "ICESCR art. 6", ""});
    REQUIRE(r.endorsements.size() == 3);
    CHECK(r.endorsements[2].org == "gnmc");
    REQUIRE(r.responses.size() == 2);
    CHECK(r.responses[0].round == "2024-03-14");
    CHECK(r.responses[0].from == "moel");
    CHECK(r.responses[0].position == "partially-accepted");
    CHECK(r.responses[0].lang == "en");
    CHECK(r.responses[1].lang == "ko");
    CHECK(r.responses[0].paragraphs.size() == 1);
    // What a reader of each language sees: the law by its name in their language, one response.
    REQUIRE(refsIn(r, "ko").size() == 4);
    CHECK(refsIn(r, "ko")[0]->text == "외국인근로자의 고용 등에 관한 법률 제25조");
    CHECK(refsIn(r, "en")[0]->text == "Act on the Employment of Foreign Workers art. 25");
    REQUIRE(responsesIn(r, "ko").size() == 1);
    CHECK(responsesIn(r, "ko")[0]->lang == "ko");
    CHECK(responsesIn(r, "en")[0]->lang == "en");
}

TEST_CASE("a serialized submission parses back to an equal submission")
{
    Submission doc = parseSubmission(accord::test::example("nap-migrants.xml"), "nap-migrants.xml");
    Submission again = parseSubmission(serialize(doc), "canonical.xml");
    CHECK(again == doc);
}

TEST_CASE("serializing is idempotent: the canonical form of the canonical form is the same bytes")
{
    for (const char* name : {"example", "fixture"}) {
        CAPTURE(name);
        std::string source = std::string(name) == "example" ? accord::test::example("nap-migrants.xml")
                                                            : accord::test::fixture("documents/valid-small.xml");
        std::string once = serialize(parseSubmission(source, "in.xml"));
        std::string twice = serialize(parseSubmission(once, "once.xml"));
        CHECK(twice == once);
    }
}

TEST_CASE("the canonical form is UTF-8 with a declaration, two-space indentation and one line per paragraph")
{
    std::string out = serialize(parseSubmission(accord::test::example("nap-migrants.xml"), "nap-migrants.xml"));
    CHECK(out.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<submission xmlns=\"urn:accord:submission:1\" id=\"nap4-migrants\" xml:lang=\"en\" version=\"1\">\n"
                    "  <meta>\n"
                    "    <title xml:lang=\"en\">",
                    0) == 0);
    CHECK(out.find("\n  <section id=\"labour\">\n    <heading xml:lang=\"en\">Labour and the Employment Permit "
                   "System</heading>\n") != std::string::npos);
    // A paragraph with an element and a note, written on a single line with nothing added inside it.
    CHECK(out.find("\n        <p>Amend article 25 of the <em>Act on the Employment of Foreign Workers</em> so that a "
                   "worker may leave an employer and register for a new job at any time, without the employer's "
                   "consent and without having to prove a violation by the employer.<note>Committee on the "
                   "Elimination of Racial Discrimination, concluding observations on the combined seventeenth to "
                   "nineteenth periodic reports of the Republic of Korea, CERD/C/KOR/CO/17-19 (2019), section on "
                   "migrant workers.</note></p>\n") != std::string::npos);
    CHECK(out.find('\t') == std::string::npos);
    CHECK(out.back() == '\n');
}

TEST_CASE("the canonical form writes recommendation attributes in the order id, status, priority")
{
    Submission doc;
    doc.id = "t";
    doc.lang = "en";
    doc.meta.titles.push_back(LangText{"en", "Test", 0});
    Section s;
    s.id = "s";
    s.headings.push_back(LangText{"en", "Section", 0});
    Recommendation r;
    r.id = "r";
    r.priority = "low";
    r.status = "agreed";
    r.texts.push_back(Block{"en", {Paragraph{{text("Do it.")}, 0}}, 0});
    s.recommendations.push_back(r);
    doc.sections.push_back(s);

    std::string out = serialize(doc);
    CHECK(out.find("<recommendation id=\"r\" status=\"agreed\" priority=\"low\">") != std::string::npos);
    CHECK(parseSubmission(out, "t.xml") == doc);
}

TEST_CASE("absent optional attributes are not written")
{
    std::string out = serialize(parseSubmission(accord::test::fixture("documents/valid-small.xml"), "small.xml"));
    CHECK(out.find("<recommendation id=\"safety-training\">\n") != std::string::npos);
    CHECK(out.find("<member org=\"krsn\"") != std::string::npos);
    CHECK(out.find("<member org=\"krsn\" role") == std::string::npos);
    CHECK(out.find("<member org=\"apil\" role=\"lead\"") != std::string::npos);
}

// ---- whitespace and mixed content --------------------------------------------

TEST_CASE("a paragraph reflowed over several indented lines equals the same paragraph on one line")
{
    auto reflowed = englishParagraphs("\n        <p>Amend the <em>Act on the Employment\n"
                                      "           of Foreign Workers</em>   so that\n"
                                      "\t\tworkers may change workplaces.<note>CERD/C/KOR/CO/17-19,\n"
                                      "           para. 8.</note></p>\n      ");
    auto oneLine = englishParagraphs("<p>Amend the <em>Act on the Employment of Foreign Workers</em> so that workers "
                                     "may change workplaces.<note>CERD/C/KOR/CO/17-19, para. 8.</note></p>");
    REQUIRE(reflowed.size() == 1);
    CHECK(reflowed == oneLine);
    CHECK(flatten(reflowed.front()) ==
          "Amend the *Act on the Employment of Foreign Workers* so that workers may change "
          "workplaces.[^CERD/C/KOR/CO/17-19, para. 8.]");
}

TEST_CASE("leading and trailing space inside a paragraph is trimmed")
{
    auto ps = englishParagraphs("<p>\n   Translate hazard signs   as well. \n  </p>");
    REQUIRE(ps.size() == 1);
    REQUIRE(ps[0].content.size() == 1);
    CHECK(ps[0].content[0] == text("Translate hazard signs as well."));
    CHECK(canonicalParagraph("<p>\n   Translate hazard signs   as well. \n  </p>") ==
          "<p>Translate hazard signs as well.</p>");
}

TEST_CASE("leading and trailing space inside inline elements at the ends of a paragraph is trimmed")
{
    CHECK(canonicalParagraph("<p> <em> Act </em> </p>") == "<p><em>Act</em></p>");
    CHECK(canonicalParagraph("<p>\n  <strong>\n corrective orders</strong>, damages\n</p>") ==
          "<p><strong>corrective orders</strong>, damages</p>");
}

TEST_CASE("mixed content round-trips with spaces kept where they were")
{
    CHECK(canonicalParagraph("<p>a <em>b</em> c</p>") == "<p>a <em>b</em> c</p>");
    CHECK(canonicalParagraph("<p>a<em> b </em>c</p>") == "<p>a<em> b </em>c</p>");
    CHECK(canonicalParagraph("<p>x <strong>y</strong>, z</p>") == "<p>x <strong>y</strong>, z</p>");
    CHECK(canonicalParagraph("<p>see <link href=\"https://example.org/?a=1&amp;b=2\">the report</link>.</p>") ==
          "<p>see <link href=\"https://example.org/?a=1&amp;b=2\">the report</link>.</p>");
    CHECK(canonicalParagraph("<p>law<note>See <em>art. 25</em> and <link href=\"https://law.go.kr\">the "
                             "text</link>.</note></p>") ==
          "<p>law<note>See <em>art. 25</em> and <link href=\"https://law.go.kr\">the text</link>.</note></p>");
    CHECK(canonicalParagraph("<p><em>a</em><strong>b</strong></p>") == "<p><em>a</em><strong>b</strong></p>");
    CHECK(canonicalParagraph("<p>1 &lt; 2 &amp; 3 &gt; 2</p>") == "<p>1 &lt; 2 &amp; 3 &gt; 2</p>");
}

TEST_CASE("mixed content is parsed into a tree of inline elements")
{
    auto ps = englishParagraphs("<p>a <em>b</em> c<note>see <link href=\"https://x.org\">x</link></note></p>");
    REQUIRE(ps.size() == 1);
    std::vector<Inline> expected{
        text("a "), wrap(Inline::Kind::Em, {text("b")}), text(" c"),
        wrap(Inline::Kind::Note, {text("see "), wrap(Inline::Kind::Link, {text("x")}, "https://x.org")})};
    CHECK(ps[0].content == expected);
}

TEST_CASE("a space between words on both sides of an element boundary collapses to one")
{
    auto ps = englishParagraphs("<p>a  \n <em>  b</em>\n c</p>");
    REQUIRE(ps.size() == 1);
    CHECK(ps[0].content == std::vector<Inline>{text("a "), wrap(Inline::Kind::Em, {text("b")}), text(" c")});
}

TEST_CASE("a space after a footnote is kept")
{
    // The note's own content is normalised on its own; the text after it must keep its space.
    CHECK(canonicalParagraph("<p>workers.<note>CERD, para. 8.</note> They must</p>") ==
          "<p>workers.<note>CERD, para. 8.</note> They must</p>");
    CHECK(canonicalParagraph("<p>a <note>n</note> b</p>") == "<p>a <note>n</note> b</p>");
    auto ps = englishParagraphs("<p>workers.<note>CERD</note> They must</p>");
    REQUIRE(ps.size() == 1);
    CHECK(plainText(ps[0]) == "workers. They must");
}

TEST_CASE("a comment or CDATA section inside a paragraph does not change the paragraph")
{
    // Text on both sides of a comment, or around a CDATA section, is one run of text.
    CHECK(englishParagraphs("<p>a <!-- reviewer: check --> b</p>") == englishParagraphs("<p>a b</p>"));
    CHECK(englishParagraphs("<p>a <![CDATA[b & c]]> d</p>") == englishParagraphs("<p>a b &amp; c d</p>"));
    // And so the canonical form parses back to an equal submission.
    Submission doc = parseSubmission(withEnglishText("<p>a <!-- reviewer: check --> b</p>"), "t.xml");
    CHECK(parseSubmission(serialize(doc), "canonical.xml") == doc);
}

TEST_CASE("a note's content is normalised like a paragraph of its own")
{
    CHECK(canonicalParagraph("<p>law<note>\n   CERD/C/KOR/CO/17-19,\n   para. 8.\n</note></p>") ==
          "<p>law<note>CERD/C/KOR/CO/17-19, para. 8.</note></p>");
}

TEST_CASE("whitespace in titles, headings, addressees and refs is collapsed and trimmed")
{
    std::string xml = accord::test::replaceOnce(
        accord::test::fixture("documents/valid-small.xml"),
        "<title xml:lang=\"en\">Recover unpaid wages whatever the worker's status</title>",
        "<title xml:lang=\"en\">\n        Recover unpaid wages\n        whatever the worker's status\n      </title>");
    xml = accord::test::replaceOnce(xml, "<ref kind=\"gcm-objective\">6</ref>", "<ref kind=\"gcm-objective\"> 6 </ref>");
    Submission doc = parseSubmission(xml, "small.xml");
    const Recommendation* r = doc.findRecommendation("wage-arrears");
    REQUIRE(r != nullptr);
    REQUIRE(!r->titles.empty());
    CHECK(r->titles[0].text == "Recover unpaid wages whatever the worker's status");
    REQUIRE(r->refs.size() == 1);
    CHECK(r->refs[0].text == "6");
    CHECK(doc == parseSubmission(accord::test::fixture("documents/valid-small.xml"), "small.xml"));
}

// ---- Korean -------------------------------------------------------------------

TEST_CASE("Korean text survives parsing and serializing byte for byte")
{
    const std::string ko = "<em>외국인근로자의 고용 등에 관한 법률</em> 제25조를 개정하여, 노동자가 사용자의 동의나 사용자의 "
                           "위법행위 입증 없이도 언제든지 사업장을 옮기고 새 일자리에 구직 등록을 할 수 있도록 할 것."
                           "<note>유엔 인종차별철폐위원회, 대한민국 제17~19차 통합 정기보고서에 대한 최종견해, "
                           "CERD/C/KOR/CO/17-19 (2019), 이주노동자 부분.</note>";
    Submission doc = parseSubmission(accord::test::example("nap-migrants.xml"), "nap-migrants.xml");
    const Recommendation* r = doc.findRecommendation("eps-job-mobility");
    REQUIRE(r != nullptr);
    const Block* text = pickLang(r->texts, "ko");
    REQUIRE(text != nullptr);
    REQUIRE(text->lang == "ko");
    REQUIRE(text->paragraphs.size() == 2);
    CHECK(flatten(text->paragraphs[0]) ==
          "*외국인근로자의 고용 등에 관한 법률* 제25조를 개정하여, 노동자가 사용자의 동의나 사용자의 위법행위 입증 "
          "없이도 언제든지 사업장을 옮기고 새 일자리에 구직 등록을 할 수 있도록 할 것.[^유엔 인종차별철폐위원회, "
          "대한민국 제17~19차 통합 정기보고서에 대한 최종견해, CERD/C/KOR/CO/17-19 (2019), 이주노동자 부분.]");
    CHECK(r->titles[1].text == "고용허가제 이주노동자의 사업장 변경 자유 보장");

    std::string out = serialize(doc);
    CHECK(out.find("<p>" + ko + "</p>") != std::string::npos);
    CHECK(out.find("<title xml:lang=\"ko\">제4차 국가인권정책기본계획 수립을 위한 이주민·난민 인권 공동 권고</title>") !=
          std::string::npos);
    CHECK(out.find("<heading xml:lang=\"ko\">노동과 고용허가제</heading>") != std::string::npos);
    // No character references: the Hangul is written as UTF-8.
    CHECK(out.find("&#") == std::string::npos);
}

TEST_CASE("a Korean paragraph reflowed between eojeol equals the one-line paragraph")
{
    auto reflowed = englishParagraphs("<p>사업장 변경 횟수 제한을\n          폐지할 것.</p>");
    auto oneLine = englishParagraphs("<p>사업장 변경 횟수 제한을 폐지할 것.</p>");
    CHECK(reflowed == oneLine);
    REQUIRE(reflowed.size() == 1);
    CHECK(plainText(reflowed[0]) == "사업장 변경 횟수 제한을 폐지할 것.");
}

// ---- errors -------------------------------------------------------------------

TEST_CASE("malformed XML throws an Invalid error whose message starts with the file and line")
{
    ErrorKind kind = ErrorKind::Io;
    std::string message =
        parseError(accord::test::fixture("documents/malformed.xml"), "documents/malformed.xml", &kind);
    CHECK(kind == ErrorKind::Invalid);
    // The <p> opened on line 40 is never closed; the mismatch is found at </text> on line 42.
    CHECK_MESSAGE(message.rfind("documents/malformed.xml:42: ", 0) == 0, message);
    CHECK(message.find("not well-formed XML") != std::string::npos);
}

TEST_CASE("the line of a malformed-XML error counts lines from 1")
{
    std::string message = parseError("<submission xmlns=\"urn:accord:submission:1\" id=\"t\" xml:lang=\"en\">\n"
                                     "  <meta>\n"
                                     "    <title xml:lang=\"en\">T</titel>\n"
                                     "  </meta>\n"
                                     "</submission>\n",
                                     "t.xml");
    CHECK_MESSAGE(message.rfind("t.xml:3: ", 0) == 0, message);

    message = parseError("<submission id=\"t\"", "first.xml");
    CHECK_MESSAGE(message.rfind("first.xml:1: ", 0) == 0, message);
}

TEST_CASE("a document whose root is not submission is an error at the root's line")
{
    ErrorKind kind = ErrorKind::Io;
    std::string message = parseError("<?xml version=\"1.0\"?>\n\n<document id=\"t\"/>\n", "t.xml", &kind);
    CHECK(kind == ErrorKind::Invalid);
    CHECK_MESSAGE(message.rfind("t.xml:3: ", 0) == 0, message);
    CHECK(message.find("<document>") != std::string::npos);
}

TEST_CASE("an element the model cannot hold is an error at that element's line")
{
    std::string xml = accord::test::replaceOnce(accord::test::fixture("documents/valid-small.xml"),
                                                "      <endorsement org=\"mwu\"/>\n    </recommendation>",
                                                "      <endorsement org=\"mwu\"/>\n    <comment/></recommendation>");
    ErrorKind kind = ErrorKind::Io;
    std::string message = parseError(xml, "documents/small.xml", &kind);
    CHECK(kind == ErrorKind::Invalid);
    CHECK_MESSAGE(message.rfind("documents/small.xml:31: ", 0) == 0, message);
    CHECK(message.find("<comment>") != std::string::npos);
    CHECK(message.find("<recommendation>") != std::string::npos);
}

TEST_CASE("parsed parts remember the line they start on")
{
    Submission doc = parseSubmission(accord::test::fixture("documents/valid-small.xml"), "small.xml");
    CHECK(doc.sections[0].line == 15);
    CHECK(doc.sections[0].headings[1].line == 17);
    const Recommendation* r = doc.findRecommendation("safety-training");
    REQUIRE(r != nullptr);
    CHECK(r->line == 32);
    CHECK(r->texts[0].line == 34);
    CHECK(r->texts[0].paragraphs[1].line == 36);
    CHECK(r->endorsements[0].line == 42);
    REQUIRE(doc.meta.coalition.has_value());
    CHECK(doc.meta.coalition->at(2).line == 12);
}

TEST_CASE("a document is read one section at a time whatever markup stands between and inside its sections")
{
    // Markup that looks like a section's start or end where none is: in a comment, a processing
    // instruction, a CDATA section and an attribute value. Sections are cut where elements are.
    const std::string xml =
        "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                  // 1
        "<!-- before the root: <section id=\"no\"> -->\n"                                          // 2
        "<a:submission xmlns:a=\"urn:accord:submission:1\" id=\"t\" xml:lang=\"ko\" version=\"1\">\n"  // 3
        "  <a:meta><a:title xml:lang=\"ko\">제목 > 부제</a:title></a:meta>\n"                          // 4
        "  <!-- </a:submission> <section id=\"decoy\"> -->\n"                                      // 5
        "  <?accord note=\"</section>\"?>\n"                                                         // 6
        "  <a:section id=\"first\"><a:heading xml:lang=\"ko\">노동</a:heading>\n"                    // 7
        "    <a:recommendation id=\"r1\">\n"                                                         // 8
        "      <a:text xml:lang=\"ko\"><a:p>사업장 <![CDATA[</a:section> & <b>]]> 변경 "               // 9
        "<a:link href=\"https://example.org/?a=1>2\">링크</a:link></a:p></a:text>\n"
        "    </a:recommendation>\n"                                                                // 10
        "    <a:section id=\"inner\"/>\n"                                                             // 11
        "  </a:section>text between\n"                                                             // 12
        "  <a:section id='second' >\n"                                                             // 13
        "    <a:recommendation id=\"r2\" status='agreed'><a:title xml:lang=\"en\">Detention</a:title>"
        "</a:recommendation>\n"                                                                     // 14
        "  </a:section>\n"                                                                          // 15
        "</a:submission >\n"                                                                        // 16
        "<!-- after the root --><?pi ?>\n";
    Submission doc = parseSubmission(xml, "t.xml");
    CHECK(doc.id == "t");
    CHECK(doc.lang == "ko");
    REQUIRE(doc.meta.titles.size() == 1);
    CHECK(doc.meta.titles[0].text == "제목 > 부제");
    REQUIRE(doc.sections.size() == 2);
    CHECK(doc.sections[0].id == "first");
    CHECK(doc.sections[0].line == 7);
    REQUIRE(doc.sections[0].sections.size() == 1);
    CHECK(doc.sections[0].sections[0].id == "inner");
    CHECK(doc.sections[0].sections[0].line == 11);
    const Recommendation* r1 = doc.findRecommendation("r1");
    REQUIRE(r1 != nullptr);
    CHECK(r1->line == 8);
    REQUIRE(r1->texts.size() == 1);
    REQUIRE(r1->texts[0].paragraphs.size() == 1);
    CHECK(flatten(r1->texts[0].paragraphs[0]) == "사업장 </a:section> & <b> 변경 [링크](https://example.org/?a=1>2)");
    CHECK(doc.sections[1].id == "second");
    CHECK(doc.sections[1].line == 13);
    const Recommendation* r2 = doc.findRecommendation("r2");
    REQUIRE(r2 != nullptr);
    CHECK(r2->status == "agreed");
    CHECK(r2->line == 14);
    // The same model as the canonical form's, which has none of this markup.
    CHECK(parseSubmission(accord::workspace::canonicalize(xml, "t.xml"), "c.xml") == doc);
}

TEST_CASE("malformed XML in a later section is an error at its line, as in a document read whole")
{
    std::string xml = accord::test::fixture("documents/valid-small.xml");
    const std::string broken = accord::test::replaceOnce(xml, "통역 보장</title>", "통역 보장</titel>");
    REQUIRE(broken != xml);
    const std::string message = parseError(broken, "small.xml");
    CHECK(message.find("not well-formed XML") != std::string::npos);
    // the line of the </titel>
    const auto at = broken.find("</titel>");
    const auto line = 1 + std::count(broken.begin(), broken.begin() + static_cast<std::ptrdiff_t>(at), '\n');
    CHECK_MESSAGE(message.rfind("small.xml:" + std::to_string(line) + ": ", 0) == 0, message);

    // A root whose end tag names another element, and a root that never ends.
    CHECK(parseError(accord::test::replaceOnce(xml, "</submission>", "</submision>"), "small.xml")
              .find("not well-formed XML") != std::string::npos);
    CHECK(parseError(accord::test::replaceOnce(xml, "</submission>", ""), "small.xml").find("not well-formed XML") !=
          std::string::npos);
}

TEST_CASE("a document read a section at a time gives what a parse of the whole gives, on every pass")
{
    for (const auto& [xml, file] : {std::pair{accord::test::example("nap-migrants.xml"), std::string("nap.xml")},
                                    std::pair{accord::test::fixture("documents/valid-small.xml"), std::string("small.xml")}}) {
        const Submission whole = parseSubmission(xml, file);
        REQUIRE(whole.sections.size() >= 2);
        const accord::workspace::SubmissionStream stream(xml, file);
        CHECK(stream.head().sections.empty());
        CHECK(stream.head().meta == whole.meta);
        for (int pass = 0; pass < 2; ++pass) {
            Submission rebuilt = stream.head();
            std::vector<std::pair<std::string, Number>> parts;
            stream.forEachSection([&](const Section& s, std::size_t number) {
                CHECK(number == rebuilt.sections.size() + 1);
                rebuilt.sections.push_back(s);
                for (const auto& p : walk(s, number))
                    parts.emplace_back(p.section ? p.section->id : p.recommendation->id, p.number);
            });
            CHECK(rebuilt == whole);
            // Lines too: the model's == leaves them out.
            CHECK(rebuilt.sections.back().line == whole.sections.back().line);
            CHECK(rebuilt.sections.back().recommendations.back().line == whole.sections.back().recommendations.back().line);
            std::vector<std::pair<std::string, Number>> wholeParts;
            for (const auto& p : walk(whole)) wholeParts.emplace_back(p.section ? p.section->id : p.recommendation->id, p.number);
            CHECK(parts == wholeParts);
        }
    }
}

TEST_CASE("a section that does not parse stops a pass there, with the error a parse of the whole gives")
{
    const std::string broken =
        accord::test::replaceOnce(accord::test::fixture("documents/valid-small.xml"), "통역 보장</title>", "통역 보장</titel>");
    const accord::workspace::SubmissionStream stream(broken, "small.xml");  // the root and meta are sound
    CHECK(stream.head().id == "small");
    std::vector<std::string> seen;
    std::string message;
    try {
        stream.forEachSection([&](const Section& s, std::size_t) { seen.push_back(s.id); });
    } catch (const Error& e) {
        message = e.what();
    }
    CHECK(seen == std::vector<std::string>{"labour"});
    CHECK(!message.empty());
    CHECK(message == parseError(broken, "small.xml"));
}

// ---- walk and numbering ---------------------------------------------------------

TEST_CASE("top-level sections are numbered 1, 2, 3 in document order")
{
    Submission doc = parseSubmission(accord::test::example("nap-migrants.xml"), "nap-migrants.xml");
    auto all = walk(doc);
    CHECK(numberOf(all, "labour") == Number{1});
    CHECK(numberOf(all, "industrial-safety") == Number{2});
    CHECK(numberOf(all, "fishing-workers") == Number{3});
    CHECK(numberOf(all, "anti-discrimination") == Number{10});
    const Located* top = located(all, "industrial-safety");
    REQUIRE(top != nullptr);
    CHECK(top->parent == nullptr);
    CHECK(top->index == 1);
}

TEST_CASE("recommendations are numbered within their section: 1.1, 1.2")
{
    Submission doc = parseSubmission(accord::test::example("nap-migrants.xml"), "nap-migrants.xml");
    auto all = walk(doc);
    CHECK(numberOf(all, "eps-job-mobility") == Number{1, 1});
    CHECK(numberOf(all, "departure-insurance") == Number{1, 2});
    CHECK(numberOf(all, "accident-compensation-access") == Number{2, 1});
    CHECK(numberOf(all, "accident-statistics") == Number{2, 2});
    CHECK(numberOf(all, "relief-payments-inclusion") == Number{10, 2});
    const Located* loc = located(all, "departure-insurance");
    REQUIRE(loc != nullptr);
    REQUIRE(loc->parent != nullptr);
    CHECK(loc->parent->id == "labour");
    CHECK(loc->index == 1);
    CHECK(loc->section == nullptr);
}

TEST_CASE("a subsection after two recommendations is numbered 1.3 and its first recommendation 1.3.1")
{
    Submission doc = parseSubmission(accord::test::example("nap-migrants.xml"), "nap-migrants.xml");
    auto all = walk(doc);
    CHECK(numberOf(all, "seasonal-work") == Number{1, 3});
    CHECK(numberOf(all, "seasonal-recruitment-fees") == Number{1, 3, 1});
    const Located* sub = located(all, "seasonal-work");
    REQUIRE(sub != nullptr);
    REQUIRE(sub->parent != nullptr);
    CHECK(sub->parent->id == "labour");
    CHECK(sub->index == 0);  // first among its sibling sections
    CHECK(sub->recommendation == nullptr);
}

TEST_CASE("a section without recommendations numbers its subsections from 1")
{
    std::string xml = "<submission xmlns=\"urn:accord:submission:1\" id=\"t\" xml:lang=\"en\" version=\"1\">"
                      "<meta><title xml:lang=\"en\">T</title></meta>"
                      "<section id=\"a\"><heading xml:lang=\"en\">A</heading>"
                      "<section id=\"a1\"><heading xml:lang=\"en\">A1</heading>"
                      "<recommendation id=\"r1\"><text xml:lang=\"en\"><p>x</p></text></recommendation>"
                      "</section>"
                      "<section id=\"a2\"><heading xml:lang=\"en\">A2</heading></section>"
                      "</section></submission>";
    Submission doc = parseSubmission(xml, "t.xml");
    auto all = walk(doc);
    CHECK(numberOf(all, "a") == Number{1});
    CHECK(numberOf(all, "a1") == Number{1, 1});
    CHECK(numberOf(all, "r1") == Number{1, 1, 1});
    CHECK(numberOf(all, "a2") == Number{1, 2});
}

TEST_CASE("walk lists every part in document order, a section before its content")
{
    Submission doc = parseSubmission(accord::test::example("nap-migrants.xml"), "nap-migrants.xml");
    auto all = walk(doc);
    REQUIRE(all.size() >= 6);
    std::vector<std::string> ids;
    for (const auto& loc : all) ids.push_back(loc.section ? loc.section->id : loc.recommendation->id);
    std::vector<std::string> first(ids.begin(), ids.begin() + 6);
    CHECK(first == std::vector<std::string>{"labour", "eps-job-mobility", "departure-insurance", "seasonal-work",
                                            "seasonal-recruitment-fees", "industrial-safety"});
    CHECK(ids.size() == 11 + 20);  // 10 top-level sections and one subsection, 20 recommendations
    CHECK(ids.back() == "relief-payments-inclusion");
}

// ---- lookups and accessors --------------------------------------------------------

TEST_CASE("findRecommendation finds a recommendation at any depth and nothing for other ids")
{
    Submission doc = parseSubmission(accord::test::example("nap-migrants.xml"), "nap-migrants.xml");
    const Recommendation* top = doc.findRecommendation("equality-act");
    REQUIRE(top != nullptr);
    CHECK(top->id == "equality-act");
    const Recommendation* nested = doc.findRecommendation("seasonal-recruitment-fees");
    REQUIRE(nested != nullptr);
    CHECK(nested->id == "seasonal-recruitment-fees");
    CHECK(doc.findRecommendation("labour") == nullptr);  // a section, not a recommendation
    CHECK(doc.findRecommendation("no-such-id") == nullptr);
    CHECK(doc.findRecommendation("") == nullptr);

    Recommendation* editable = doc.findRecommendation("equality-act");
    REQUIRE(editable != nullptr);
    editable->priority = "low";
    CHECK(doc.findRecommendation("equality-act")->priority == "low");
}

TEST_CASE("findSection finds top-level and nested sections and nothing for other ids")
{
    Submission doc = parseSubmission(accord::test::example("nap-migrants.xml"), "nap-migrants.xml");
    const Section* top = doc.findSection("health");
    REQUIRE(top != nullptr);
    CHECK(top->id == "health");
    const Section* nested = doc.findSection("seasonal-work");
    REQUIRE(nested != nullptr);
    CHECK(nested->id == "seasonal-work");
    CHECK(doc.findSection("equality-act") == nullptr);  // a recommendation, not a section
    CHECK(doc.findSection("no-such-id") == nullptr);
}

TEST_CASE("a recommendation without a status is a draft")
{
    Submission doc = parseSubmission(accord::test::fixture("documents/valid-small.xml"), "small.xml");
    const Recommendation* none = doc.findRecommendation("safety-training");
    REQUIRE(none != nullptr);
    CHECK(none->status.empty());
    CHECK(none->priority.empty());
    CHECK(none->effectiveStatus() == "draft");
    const Recommendation* agreed = doc.findRecommendation("wage-arrears");
    REQUIRE(agreed != nullptr);
    CHECK(agreed->effectiveStatus() == "agreed");
}

TEST_CASE("flatten writes emphasis, strong text, notes and links as light markup")
{
    auto ps = englishParagraphs("<p>Amend the <em>Act</em>, with <strong>corrective orders</strong>.<note>CERD, "
                                "<em>para.</em> 8.</note> See <link href=\"https://undocs.org/x\">the report</link>.</p>");
    REQUIRE(ps.size() == 1);
    CHECK(flatten(ps[0]) == "Amend the *Act*, with **corrective orders**.[^CERD, *para.* 8.] See "
                            "[the report](https://undocs.org/x).");
}

TEST_CASE("plainText keeps the words and drops markup and notes")
{
    auto ps = englishParagraphs("<p>Amend the <em>Act</em>, with <strong>corrective orders</strong>.<note>CERD, "
                                "para. 8.</note> See <link href=\"https://undocs.org/x\">the report</link>.</p>");
    REQUIRE(ps.size() == 1);
    CHECK(plainText(ps[0]) == "Amend the Act, with corrective orders. See the report.");

    auto trailing = englishParagraphs("<p>Amend the law. <note>CERD.</note></p>");
    REQUIRE(trailing.size() == 1);
    CHECK(plainText(trailing[0]) == "Amend the law.");
}

TEST_CASE("pickLang prefers the language asked for, then the fallback, then the first")
{
    std::vector<LangText> items{{"fr", "Travail", 0}, {"en", "Labour", 0}, {"ko", "노동", 0}};
    REQUIRE(pickLang(items, "ko") != nullptr);
    CHECK(pickLang(items, "ko")->text == "노동");
    CHECK(pickLang(items, "de", "en")->text == "Labour");
    CHECK(pickLang(items, "de")->text == "Travail");
    CHECK(pickLang(items, "de", "es")->text == "Travail");
    CHECK(pickLang(std::vector<LangText>{}, "en") == nullptr);
    CHECK(pickLang(std::vector<Block>{}, "en") == nullptr);
}

TEST_CASE("canonicalize gives the bytes serialize gives, for hand-written and reflowed files alike")
{
    for (const std::string& text : {accord::test::example("nap-migrants.xml"), accord::test::fixture("documents/valid-small.xml")}) {
        const std::string canonical = serialize(parseSubmission(text, "x.xml"));
        CHECK(accord::workspace::canonicalize(text, "x.xml") == canonical);
        CHECK(accord::workspace::canonicalize(canonical, "x.xml") == canonical);
    }
    const std::string reflowed = R"(<submission xmlns="urn:accord:submission:1" id="s" xml:lang="ko" version="1">
  <meta><title xml:lang="ko">  제목
     둘째 줄 </title></meta>
  <section id="a"><heading xml:lang="ko">가</heading>
    <recommendation id="r"><text xml:lang="ko"><p>
        사업장을   <em>변경</em>
        할 수<note> 각주 <![CDATA[A & B]]> </note> 있도록<!-- 메모 --> 한다.
    </p></text></recommendation></section>
</submission>)";
    CHECK(accord::workspace::canonicalize(reflowed, "s.xml") == serialize(parseSubmission(reflowed, "s.xml")));
    CHECK_THROWS_WITH_AS((void)accord::workspace::canonicalize("<submission>\n<p>", "bad.xml"),
                         doctest::Contains("bad.xml:2:"), accord::workspace::Error);
}

TEST_SUITE("recommendation text")
{
    TEST_CASE("every recommendation of the example comes back from its editing text as it was")
    {
        const Submission doc = parseSubmission(accord::test::example("nap-migrants.xml"), "nap4-migrants.xml");
        std::size_t seen = 0;
        for (const auto& part : walk(doc)) {
            if (!part.recommendation) continue;
            ++seen;
            const Recommendation& r = *part.recommendation;
            const std::string text = recommendationText(r, "documents/nap4-migrants.xml");
            CHECK_MESSAGE(recommendationFromText(text, "edit.txt", r) == r, text);
        }
        CHECK(seen > 10);
    }

    TEST_CASE("light markup reads emphasis, strong, notes, links and escaped marks, Korean and English")
    {
        const auto in = inlinesFromMarkup("고용허가제 *사업장 변경* 제한[^「법」 제25조 *개정*] and **[the Act](https://law.go.kr/a25)** 3 \\* 4 [x]");
        CHECK(markupOf(in) == "고용허가제 *사업장 변경* 제한[^「법」 제25조 *개정*] and **[the Act](https://law.go.kr/a25)** 3 \\* 4 \\[x\\]");
        REQUIRE(in.size() == 7);
        CHECK(in[6].text == " 3 * 4 [x]");
        CHECK(in[1].kind == Inline::Kind::Em);
        CHECK(in[3].kind == Inline::Kind::Note);
        CHECK(in[3].children[1].kind == Inline::Kind::Em);
        CHECK(in[5].kind == Inline::Kind::Strong);
        CHECK(in[5].children[0].kind == Inline::Kind::Link);
        CHECK(in[5].children[0].href == "https://law.go.kr/a25");
        // A mark that is never closed is a character.
        const auto open = inlinesFromMarkup("5 * 3 and [^ open");
        REQUIRE(open.size() == 1);
        CHECK(open[0].text == "5 * 3 and [^ open");
    }

    TEST_CASE("hostile markup reads in one pass: deep nesting stops at 20 levels, runs of marks are characters")
    {
        std::string deep;
        for (int i = 0; i < 20000; ++i) deep += "[^";
        deep += "x";
        for (int i = 0; i < 20000; ++i) deep += "]";
        auto in = inlinesFromMarkup(deep);
        int depth = 0;
        for (const std::vector<Inline>* level = &in; !level->empty() && level->front().kind == Inline::Kind::Note;
             level = &level->front().children)
            ++depth;
        CHECK(depth == 20);
        CHECK(inlinesFromMarkup(markupOf(in)) == in);
        const std::string stars(200000, '*');
        CHECK_FALSE(inlinesFromMarkup(stars).empty());
        std::string mixed;
        for (int i = 0; i < 50000; ++i) mixed += "*[^**[";
        CHECK_FALSE(inlinesFromMarkup(mixed).empty());
    }

    TEST_CASE("an editing text with a bad block or field is refused at its line")
    {
        Recommendation base;
        base.id = "r";
        CHECK_THROWS_WITH(recommendationFromText("status: agreed\n\n== txet ko ==\n본문\n", "e.txt", base),
                          doctest::Contains("e.txt:3: \"== txet ko ==\" is not a block"));
        CHECK_THROWS_WITH(recommendationFromText("colour: red\n== text ko ==\n본문\n", "e.txt", base),
                          doctest::Contains("e.txt:1: unknown field \"colour\""));
        CHECK_THROWS_WITH(recommendationFromText("status: agreed\n== title en ==\nOnly a title\n", "e.txt", base),
                          doctest::Contains("no text left"));
        const auto r = recommendationFromText("status: agreed\nendorse: jumw gnmc\n== text ko ==\n첫 문단\n이어지는 줄\n\n둘째 문단\n", "e.txt", base);
        REQUIRE(r.texts.size() == 1);
        CHECK(r.texts[0].paragraphs.size() == 2);
        CHECK(r.texts[0].paragraphs[0].content[0].text == "첫 문단 이어지는 줄");
        CHECK(r.endorsements.size() == 2);
    }
}
