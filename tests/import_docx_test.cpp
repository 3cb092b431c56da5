// `accord import`: Word files made at test time by four producers (Accord's own
// exporter, pandoc, LibreOffice and python-docx), in Korean and English, read back
// as submissions; and files that are no Word document refused with nothing written.
#include "support.hpp"

#include "accord/workspace/diff.hpp"
#include "accord/workspace/document.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>

namespace fs = std::filesystem;
using accord::test::contains;
using accord::test::example;
using accord::test::exampleWorkspace;
using accord::test::makeWorkspace;
using accord::test::readText;
using accord::test::run;
using accord::test::runAccord;
using accord::test::TempDir;
using accord::test::writeText;
using namespace accord::workspace;

namespace {

Submission load(const fs::path& ws, const std::string& id)
{
    return parseSubmission(readText(ws / ("documents/" + id + ".xml")), id);
}

accord::test::RunResult importDocx(const fs::path& ws, const std::vector<std::string>& args)
{
    std::vector<std::string> all{"import"};
    all.insert(all.end(), args.begin(), args.end());
    return runAccord(all, ws);
}

/// The text of `rec` in `lang` with its light markup (*em*, **strong**, [^note], [a](href)).
std::string textOf(const Recommendation& rec, const std::string& lang, bool rationale = false)
{
    std::string out;
    for (const auto& b : rationale ? rec.rationales : rec.texts)
        if (b.lang == lang)
            for (const auto& p : b.paragraphs) out += (out.empty() ? "" : "\n") + flatten(p);
    return out;
}

std::string titleOf(const Recommendation& rec, const std::string& lang)
{
    const LangText* t = pickLang(rec.titles, lang);
    return t && t->lang == lang ? t->text : std::string();
}

/// Runs a script with Debian's python3, the one that has python-docx.
void python(const fs::path& dir, const std::string& script, const std::vector<std::string>& args)
{
    writeText(dir / "make.py", script);
    std::vector<std::string> all{(dir / "make.py").string()};
    all.insert(all.end(), args.begin(), args.end());
    auto r = run("/usr/bin/python3", all, dir);
    REQUIRE_MESSAGE(r.status == 0, r.err);
}

/// The document files of the workspace: what an import must leave alone when it refuses.
std::vector<std::string> documentsIn(const fs::path& ws)
{
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(ws / "documents")) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

const char* const kMarkdownEn = R"md(---
title: Migrant workers and the Fourth National Action Plan
---

# Labour and the Employment Permit System

Workers are tied to the employer who first hired them.

1.  **Freedom to change workplaces.** Amend the *Act on the Employment of Foreign Workers* so that a worker may change workplaces without the employer's consent.[^1]
2.  **Severance when the job ends.** Pay the departure insurance within fourteen days, as the [Employee Retirement Benefit Security Act](https://www.law.go.kr/) requires.

# Immigration detention

1.  **A limit on immigration detention.** Set an upper limit on detention pending removal.[^2]

[^1]: CERD/C/KOR/CO/17-19, para. 8.
[^2]: Constitutional Court, *2020Hun-Ka1*, 23 March 2023.
)md";

const char* const kMarkdownKo = R"md(---
title: 제4차 국가인권정책기본계획에 대한 이주노동자 권고
---

# 노동과 고용허가제

이주노동자는 처음 고용한 사업주에게 묶여 있다.

1.  **사업장 변경의 자유 보장.** *외국인근로자의 고용 등에 관한 법률*을 개정하여 사업주의 동의 없이도 사업장을 옮길 수 있도록 할 것.[^1]
2.  **퇴직 시 출국만기보험금 지급.** 퇴직 후 14일 이내에 지급할 것.

# 이주구금

1.  **보호기간의 상한.** 강제퇴거를 위한 보호에 상한을 둘 것.[^2]

[^1]: 유엔 인종차별철폐위원회, CERD/C/KOR/CO/17-19.
[^2]: 헌법재판소 *2020헌가1* 결정.
)md";

} // namespace

TEST_SUITE("import docx")
{
    TEST_CASE("import: an English Accord export and its Korean one --into it give back the document, but for the fields "
              "the export does not print")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        for (const char* lang : {"en", "ko"}) {
            auto r = runAccord({"export", "nap4-migrants", "--format", "docx", "--lang", lang, "-o", std::string(lang) + ".docx"}, ws);
            REQUIRE_MESSAGE(r.status == 0, r.err);
        }
        auto en = importDocx(ws, {"en.docx", "--id", "nap4-back", "--lang", "en"});
        REQUIRE_MESSAGE(en.status == 0, en.err);
        CHECK(contains(en.out, "20 recommendations"));
        auto ko = importDocx(ws, {"ko.docx", "--into", "nap4-back", "--lang", "ko"});
        REQUIRE_MESSAGE(ko.status == 0, ko.err);
        CHECK_FALSE(contains(ko.out, "Only in"));
        CHECK(runAccord({"validate", "documents/nap4-back.xml"}, ws).status == 0);

        // What the DOCX does not carry: a recommendation's status (but withdrawn, which it
        // prints) and priority, the process's kind, and role="member" written out.
        Submission expected = load(ws, "nap4-migrants");
        expected.id = "nap4-back";
        expected.meta.processKind.clear();
        for (auto& m : *expected.meta.coalition)
            if (m.role == "member") m.role.clear();
        std::function<void(std::vector<Section>&)> strip = [&](std::vector<Section>& sections) {
            for (auto& s : sections) {
                for (auto& r : s.recommendations) {
                    if (r.status != "withdrawn") r.status.clear();
                    r.priority.clear();
                }
                strip(s.sections);
            }
        };
        strip(expected.sections);
        Submission back = load(ws, "nap4-back");
        const DocumentDiff diff = diffSubmissions(&expected, &back, "documents/nap4-back.xml");
        CHECK_MESSAGE(diff.empty(), (diff.changes.empty() ? std::string() : diff.changes.front().id));
        CHECK(back == expected);
        // The Korean side is really Korean, and the ids are the original ones.
        const Recommendation* mobility = back.findRecommendation("eps-job-mobility");
        REQUIRE(mobility);
        CHECK(titleOf(*mobility, "ko") == "고용허가제 이주노동자의 사업장 변경 자유 보장");
        CHECK(contains(textOf(*mobility, "ko"), "*외국인근로자의 고용 등에 관한 법률*"));
        CHECK(contains(textOf(*mobility, "ko"), "[^유엔 인종차별철폐위원회"));
    }

    TEST_CASE("import --into reports the recommendations found on one side only")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        REQUIRE(runAccord({"rec", "rm", "nap4-migrants", "equality-act"}, ws).status == 0);
        REQUIRE(runAccord({"export", "nap4-migrants", "--format", "docx", "--lang", "ko", "-o", "ko.docx"}, ws).status == 0);
        writeText(ws / "documents/nap4-migrants.xml", example("nap-migrants.xml"));
        auto r = importDocx(ws, {"ko.docx", "--into", "nap4-migrants", "--lang", "ko"});
        REQUIRE_MESSAGE(r.status == 0, r.err);
        CHECK(contains(r.out, "Only in documents/nap4-migrants.xml, left without ko text from this file (1):"));
        CHECK(contains(r.out, "recommendation equality-act"));
        // The document is the example again: every Korean text matched its own recommendation.
        CHECK(load(ws, "nap4-migrants") == parseSubmission(example("nap-migrants.xml"), "x"));
    }

    TEST_CASE("import: pandoc's Word from Markdown, in English and in Korean: sections, titled recommendations, notes, "
              "emphasis and links")
    {
        TempDir dir;
        fs::path ws = makeWorkspace(dir);
        for (const auto& [name, text] : {std::pair{"en", kMarkdownEn}, std::pair{"ko", kMarkdownKo}}) {
            writeText(ws / (std::string(name) + ".md"), text);
            auto r = run("/usr/bin/pandoc", {std::string(name) + ".md", "-o", std::string(name) + ".docx"}, ws);
            REQUIRE_MESSAGE(r.status == 0, r.err);
        }
        auto en = importDocx(ws, {"en.docx", "--id", "pandoc-en", "--lang", "en"});
        REQUIRE_MESSAGE(en.status == 0, en.err);
        CHECK(contains(en.out, "2 sections, 3 recommendations, 2 notes"));
        Submission doc = load(ws, "pandoc-en");
        CHECK(doc.meta.titles.front().text == "Migrant workers and the Fourth National Action Plan");
        REQUIRE(doc.sections.size() == 2);
        CHECK(doc.sections[0].id == "labour-and-the-employment-permit-system");
        REQUIRE(doc.sections[0].intros.size() == 1);
        CHECK(doc.sections[0].intros[0].paragraphs.size() == 1);
        const Recommendation* free = doc.findRecommendation("freedom-to-change-workplaces");
        REQUIRE(free);
        CHECK(textOf(*free, "en") == "Amend the *Act on the Employment of Foreign Workers* so that a worker may change "
                                     "workplaces without the employer’s consent.[^CERD/C/KOR/CO/17-19, para. 8.]");
        const Recommendation* severance = doc.findRecommendation("severance-when-the-job-ends");
        REQUIRE(severance);
        CHECK(contains(textOf(*severance, "en"), "[Employee Retirement Benefit Security Act](https://www.law.go.kr/)"));
        const Recommendation* limit = doc.findRecommendation("a-limit-on-immigration-detention");
        REQUIRE(limit);
        CHECK(contains(textOf(*limit, "en"), "[^Constitutional Court, *2020Hun-Ka1*, 23 March 2023.]"));

        auto ko = importDocx(ws, {"ko.docx", "--id", "pandoc-ko", "--lang", "ko"});
        REQUIRE_MESSAGE(ko.status == 0, ko.err);
        Submission kdoc = load(ws, "pandoc-ko");
        CHECK(kdoc.lang == "ko");
        REQUIRE(kdoc.sections.size() == 2);
        CHECK(kdoc.sections[1].headings.front().text == "이주구금");
        // No English words to make ids of: the section's place, and the recommendation's in it.
        CHECK(kdoc.sections[0].id == "section-1");
        REQUIRE(kdoc.findRecommendation("section-1-2"));
        const Recommendation* kfree = kdoc.findRecommendation("section-1-1");
        REQUIRE(kfree);
        CHECK(titleOf(*kfree, "ko") == "사업장 변경의 자유 보장");
        CHECK(contains(textOf(*kfree, "ko"), "*외국인근로자의 고용 등에 관한 법률*을 개정하여"));
        CHECK(contains(textOf(*kfree, "ko"), "[^유엔 인종차별철폐위원회, CERD/C/KOR/CO/17-19.]"));
        REQUIRE(kdoc.findRecommendation("section-2-1"));
        CHECK(contains(textOf(*kdoc.findRecommendation("section-2-1"), "ko"), "[^헌법재판소 *2020헌가1* 결정.]"));
    }

    TEST_CASE("import: LibreOffice's Word from an OpenDocument text, in Korean and English, with a comment in the report")
    {
        TempDir dir;
        fs::path ws = makeWorkspace(dir);
        auto fodt = [](const std::string& title, const std::string& heading, const std::string& lead, const std::string& em,
                       const std::string& rest, const std::string& note, const std::string& second, const std::string& sub,
                       const std::string& third) {
            return R"(<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:automatic-styles>
<style:style style:name="T1" style:family="text"><style:text-properties fo:font-style="italic" style:font-style-asian="italic" style:font-style-complex="italic"/></style:style>
<style:style style:name="T2" style:family="text"><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"/></style:style>
</office:automatic-styles>
<office:body><office:text>
<text:p text:style-name="Title">)" + title + R"(</text:p>
<text:h text:style-name="Heading_20_1" text:outline-level="1">)" + heading + R"(</text:h>
<text:list><text:list-item><text:p><text:span text:style-name="T2">)" + lead + R"(</text:span> <text:span text:style-name="T1">)" + em + "</text:span>" + rest +
                   R"(<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>)" + note +
                   R"(</text:p></text:note-body></text:note></text:p></text:list-item>
<text:list-item><text:p><office:annotation><dc:creator>Kim Minji</dc:creator><dc:date>2024-03-01T10:00:00</dc:date><text:p>Check the article number.</text:p></office:annotation>)" +
                   second + R"( <text:a xlink:type="simple" xlink:href="https://www.law.go.kr/">law.go.kr</text:a>.</text:p></text:list-item></text:list>
<text:h text:style-name="Heading_20_2" text:outline-level="2">)" + sub + R"(</text:h>
<text:list><text:list-item><text:p>)" + third + R"(</text:p></text:list-item></text:list>
</office:text></office:body></office:document>
)";
        };
        writeText(ws / "lo-en.fodt", fodt("Migrant workers", "Labour", "Freedom to change workplaces.", "Act on Foreign Workers",
                                          " must be amended.", "CERD/C/KOR/CO/17-19.", "Pay severance when the job ends,",
                                          "Seasonal work", "Abolish brokers' fees for seasonal workers."));
        writeText(ws / "lo-ko.fodt", fodt("이주노동자 권고", "노동", "사업장 변경의 자유.", "외국인근로자의 고용 등에 관한 법률",
                                          "을 개정할 것.", "유엔 인종차별철폐위원회 최종견해.", "퇴직 시 출국만기보험금을 지급할 것,",
                                          "계절근로", "계절근로자의 중개 수수료를 폐지할 것."));
        // A profile of its own, so that another LibreOffice running on the machine does not lock this one out.
        auto soffice = run("/usr/bin/soffice", {"-env:UserInstallation=file://" + (dir / "lo-profile").string(), "--headless",
                                                "--convert-to", "docx", "lo-en.fodt", "lo-ko.fodt"},
                           ws);
        REQUIRE_MESSAGE(soffice.status == 0, soffice.err);
        REQUIRE_MESSAGE(fs::exists(ws / "lo-ko.docx"), soffice.out, soffice.err);

        auto en = importDocx(ws, {"lo-en.docx", "--id", "lo-en", "--lang", "en"});
        REQUIRE_MESSAGE(en.status == 0, en.err);
        CHECK(contains(en.out, "2 sections, 3 recommendations, 1 notes"));
        CHECK(contains(en.out, "recommendation labour-2: Kim Minji (2024-03-01): \"Check the article number.\""));
        CHECK(contains(en.out, "--proposal ID posts them on a proposal"));
        Submission doc = load(ws, "lo-en");
        CHECK(doc.meta.titles.front().text == "Migrant workers");
        const Recommendation* free = doc.findRecommendation("freedom-to-change-workplaces");
        REQUIRE(free);
        CHECK(textOf(*free, "en") == "*Act on Foreign Workers* must be amended.[^CERD/C/KOR/CO/17-19.]");
        REQUIRE(doc.findRecommendation("labour-2"));
        CHECK(textOf(*doc.findRecommendation("labour-2"), "en") == "Pay severance when the job ends, [law.go.kr](https://www.law.go.kr/).");
        REQUIRE(doc.sections[0].sections.size() == 1);
        CHECK(doc.sections[0].sections[0].id == "seasonal-work");
        CHECK(doc.findRecommendation("seasonal-work-1"));

        auto ko = importDocx(ws, {"lo-ko.docx", "--id", "lo-ko", "--lang", "ko"});
        REQUIRE_MESSAGE(ko.status == 0, ko.err);
        CHECK(contains(ko.out, "recommendation section-1-2: Kim Minji"));
        Submission kdoc = load(ws, "lo-ko");
        CHECK(kdoc.sections[0].headings.front().text == "노동");
        const Recommendation* kfree = kdoc.findRecommendation("section-1-1");
        REQUIRE(kfree);
        CHECK(titleOf(*kfree, "ko") == "사업장 변경의 자유");
        CHECK(textOf(*kfree, "ko") == "*외국인근로자의 고용 등에 관한 법률*을 개정할 것.[^유엔 인종차별철폐위원회 최종견해.]");
        const Recommendation* seasonal = kdoc.findRecommendation("section-1-3-1");
        REQUIRE(seasonal);
        CHECK(textOf(*seasonal, "ko") == "계절근로자의 중개 수수료를 폐지할 것.");
    }

    TEST_CASE("import: python-docx's List Number paragraphs, bold titles on a line of their own and Rationale labels, "
              "in Korean and English")
    {
        TempDir dir;
        fs::path ws = makeWorkspace(dir);
        python(ws, R"py(
import sys, docx
def make(path, t):
    d = docx.Document()
    d.add_heading(t['title'], 0)
    d.add_heading(t['section'], 1)
    p = d.add_paragraph(style='List Number')
    p.add_run(t['em']).italic = True
    p.add_run(t['text'])
    p = d.add_paragraph()
    p.add_run(t['rationale'] + ':').bold = True
    p.add_run(' ' + t['why'])
    d.add_paragraph(t['why2'])
    p = d.add_paragraph()
    p.add_run(t['bold']).bold = True
    d.add_paragraph(t['after'])
    d.add_paragraph(style='List Number').add_run(t['numbered'])
    d.core_properties.title = ''
    d.save(path)
make('pd-en.docx', dict(title='Refugee recommendations', section='Refugee status determination',
    em='Refugee Act', text=' article 8: record every interview.', rationale='Rationale', why='Interviews were falsified.',
    why2='The courts said so.', bold='Humanitarian status', after='Give holders of humanitarian status a residence permit.',
    numbered='Set up an appeals body.'))
make('pd-ko.docx', dict(title='난민 권고', section='난민심사', em='난민법', text=' 제8조에 따라 모든 면접을 녹음할 것.',
    rationale='근거', why='면접 조서가 조작된 사례가 있었다.', why2='법원도 이를 인정하였다.', bold='인도적 체류자의 처우',
    after='인도적 체류자에게 거주 자격을 부여할 것.', numbered='독립적인 이의신청 기구를 둘 것.'))
)py", {});
        auto en = importDocx(ws, {"pd-en.docx", "--id", "pd-en", "--lang", "en"});
        REQUIRE_MESSAGE(en.status == 0, en.err);
        Submission doc = load(ws, "pd-en");
        CHECK(doc.meta.titles.front().text == "Refugee recommendations");
        const Recommendation* first = doc.findRecommendation("refugee-status-determination-1");
        REQUIRE(first);
        CHECK(textOf(*first, "en") == "*Refugee Act* article 8: record every interview.");
        CHECK(textOf(*first, "en", true) == "Interviews were falsified.\nThe courts said so.");
        const Recommendation* titled = doc.findRecommendation("humanitarian-status");
        REQUIRE(titled);
        // After a title of its own line, numbered paragraphs are its text: not a recommendation each.
        CHECK(textOf(*titled, "en") == "Give holders of humanitarian status a residence permit.\nSet up an appeals body.");

        auto ko = importDocx(ws, {"pd-ko.docx", "--id", "pd-ko", "--lang", "ko"});
        REQUIRE_MESSAGE(ko.status == 0, ko.err);
        Submission kdoc = load(ws, "pd-ko");
        const Recommendation* kfirst = kdoc.findRecommendation("section-1-1");
        REQUIRE(kfirst);
        CHECK(textOf(*kfirst, "ko") == "*난민법* 제8조에 따라 모든 면접을 녹음할 것.");
        CHECK(textOf(*kfirst, "ko", true) == "면접 조서가 조작된 사례가 있었다.\n법원도 이를 인정하였다.");
        const Recommendation* ktitled = kdoc.findRecommendation("section-1-2");
        REQUIRE(ktitled);
        CHECK(titleOf(*ktitled, "ko") == "인도적 체류자의 처우");
    }

    TEST_CASE("import refuses what is no Word document, hostile packages included, and writes nothing")
    {
        TempDir dir;
        fs::path ws = makeWorkspace(dir);
        python(ws, R"py(
import zipfile, struct, zlib
def png(path):
    raw = b'\x00\x00\x00\x00'
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 1, 1, 8, 2, 0, 0, 0)) +
                chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
png('picture.docx')
open('notes.docx', 'w').write('Just some notes, 한국어 메모.\n')
RELS = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
def package(path, document, compress=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, 'w', compress) as z:
        z.writestr('_rels/.rels', RELS)
        if document is not None:
            z.writestr('word/document.xml', document)
package('no-document.docx', None)
with zipfile.ZipFile('odt.docx', 'w') as z:
    z.writestr('mimetype', 'application/vnd.oasis.opendocument.text')
    z.writestr('content.xml', '<office:document-content/>')
package('malformed.docx', '<w:document ' + W + '><w:body><w:p><w:r><w:t>unclosed</w:body></w:document>')
package('utf8.docx', b'<w:document ' + W.encode() + b'><w:body><w:p><w:r><w:t>\xed\x95\x9c\xff\xfe</w:t></w:r></w:p></w:body></w:document>')
package('deep.docx', '<w:document ' + W + '><w:body>' + '<w:sdt><w:sdtContent>' * 200 + '</w:sdtContent></w:sdt>' * 200 + '</w:body></w:document>')
package('doctype.docx', '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document ' + W + '><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>')
# 200 MiB of spaces in a document part that deflates to a few hundred kilobytes.
with zipfile.ZipFile('bomb.docx', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('_rels/.rels', RELS)
    with z.open('word/document.xml', 'w') as f:
        f.write(b'<w:document ' + W.encode() + b'><w:body><w:p><w:r><w:t>')
        block = b' ' * (1 << 20)
        for _ in range(200):
            f.write(block)
        f.write(b'</w:t></w:r></w:p></w:body></w:document>')
)py", {});
        const auto before = documentsIn(ws);
        const std::vector<std::pair<std::string, std::string>> cases{
            {"picture.docx", "is an image, not a Word document"},
            {"notes.docx", "is not a Word document (.docx): it is not a ZIP package"},
            {"no-document.docx", "is a ZIP package but not a Word document: it has no word/document.xml"},
            {"odt.docx", "is an OpenDocument file (.odt)"},
            {"malformed.docx", "word/document.xml is not well-formed XML"},
            {"utf8.docx", "UTF-8"},
            {"deep.docx", "word/document.xml is not XML Accord can read"},
            {"doctype.docx", "word/document.xml is not XML Accord can read"},
            {"bomb.docx", "more than a Word document holds"},
            {"missing.docx", "missing.docx"},
        };
        for (const auto& [file, why] : cases) {
            CAPTURE(file);
            auto r = importDocx(ws, {file, "--id", "imported", "--lang", "en"});
            CHECK(r.status != 0);
            CHECK_MESSAGE(contains(r.err, file), r.err);
            CHECK_MESSAGE(contains(r.err, why), r.err);
            if (file != "missing.docx") CHECK_MESSAGE(contains(r.err, "save it as \"Word document (.docx)\""), r.err);
            CHECK(r.out.empty());
        }
        CHECK(documentsIn(ws) == before);
    }

    TEST_CASE("import refuses an id already taken and names what to do instead")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        REQUIRE(runAccord({"export", "nap4-migrants", "--format", "docx", "--lang", "en", "-o", "en.docx"}, ws).status == 0);
        auto r = importDocx(ws, {"en.docx", "--id", "nap4-migrants", "--lang", "en"});
        CHECK(r.status != 0);
        CHECK(contains(r.err, "--into nap4-migrants"));
        auto dry = importDocx(ws, {"en.docx", "--id", "nap4-dry", "--lang", "en", "--dry-run"});
        CHECK_MESSAGE(dry.status == 0, dry.err);
        CHECK(contains(dry.out, "nothing written"));
        CHECK_FALSE(fs::exists(ws / "documents/nap4-dry.xml"));
    }
}

namespace {

/// Adds a Word comment by `author` around the paragraph holding `needle`, as Word stores
/// one: comments.xml, its relationship and content type, the range and its reference.
const char* const kAddComment = R"py(
import sys, zipfile
src, dst, needle, author, text = sys.argv[1:6]
files = {n: zipfile.ZipFile(src).read(n) for n in zipfile.ZipFile(src).namelist()}
doc = files['word/document.xml'].decode()
at = doc.index(needle)
start = max(doc.rfind('<w:p>', 0, at), doc.rfind('<w:p ', 0, at))
opened = doc.index('>', start) + 1
props = doc.find('</w:pPr>', opened, at)
opened = props + len('</w:pPr>') if props != -1 else opened
doc = doc[:opened] + '<w:commentRangeStart w:id="0"/>' + doc[opened:]
end = doc.index('</w:p>', opened)
doc = doc[:end] + '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>' + doc[end:]
files['word/document.xml'] = doc.encode()
W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
files['word/comments.xml'] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="%s">'
    '<w:comment w:id="0" w:author="%s" w:date="2026-11-20T10:00:00Z"><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:comment>'
    '</w:comments>' % (W, author, text)).encode()
files['word/_rels/document.xml.rels'] = files['word/_rels/document.xml.rels'].decode().replace('</Relationships>',
    '<Relationship Id="rIdComments" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" '
    'Target="comments.xml"/></Relationships>').encode()
files['[Content_Types].xml'] = files['[Content_Types].xml'].decode().replace('</Types>',
    '<Override PartName="/word/comments.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>').encode()
with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as z:
    for name, data in files.items():
        z.writestr(name, data)
)py";

} // namespace

TEST_SUITE("import docx")
{
    TEST_CASE("import --proposal posts the file's Word comments on a proposal, each on the recommendation it sits in")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        // The example's policy counts signed reviews only: An signs with a key of theirs.
        const fs::path key = accord::test::keyOf(dir.path(), "an");
        accord::test::ok(runAccord({"user", "add", "an", "--name", "Nguyen Van An", "--email", "an@jumw.example", "--org",
                                    "jumw", "--role", "drafter,reviewer", "--key", key.string() + ".pub"},
                                   ws));
        const std::map<std::string, std::string> an{{"ACCORD_USER", "an"}, {"ACCORD_SIGNING_KEY", key.string()}};
        accord::test::ok(runAccord({"commit", "-m", "The submission"}, ws));
        accord::test::ok(runAccord({"draft", "new", "jumw-an"}, ws));
        accord::test::ok(runAccord({"switch", "draft/jumw-an"}, ws));
        const fs::path file = ws / "documents/nap4-migrants.xml";
        writeText(file, accord::test::replaceOnce(readText(file), "at any time", "at any moment"));
        accord::test::ok(runAccord({"commit", "-m", "At any moment"}, ws));
        auto opened = runAccord({"propose", "--title", "At any moment"}, ws, an);
        REQUIRE_MESSAGE(opened.status == 0, opened.err);
        const auto at = opened.out.find("Opened proposal #");
        REQUIRE(at != std::string::npos);
        const std::string id = opened.out.substr(at + 17, opened.out.find(':', at) - at - 17);

        accord::test::ok(runAccord({"export", "nap4-migrants", "--format", "docx", "--lang", "en", "-o", "en.docx"}, ws));
        writeText(ws / "comment.py", kAddComment);
        auto added = run("/usr/bin/python3", {(ws / "comment.py").string(), (ws / "en.docx").string(),
                                              (ws / "commented.docx").string(), "register for a new job", "김민지",
                                              "이 문장은 너무 깁니다. Shorter, please."},
                         ws);
        REQUIRE_MESSAGE(added.status == 0, added.err);

        auto imported = runAccord({"import", "commented.docx", "--into", "nap4-migrants", "--lang", "en", "--proposal", id}, ws, an);
        REQUIRE_MESSAGE(imported.status == 0, imported.err);
        CHECK(contains(imported.out, "Posted 1 Word comment(s) on proposal " + id));
        auto shown = runAccord({"proposal", "show", id}, ws);
        CHECK(contains(shown.out, "comment on eps-job-mobility [en]"));
        CHECK(contains(shown.out, "Word comment by 김민지 (2026-11-20): 이 문장은 너무 깁니다. Shorter, please."));

        // Without --proposal the comment is only listed; with an unknown one nothing is posted.
        auto listed = runAccord({"import", "commented.docx", "--into", "nap4-migrants", "--lang", "en", "--dry-run"}, ws);
        CHECK(contains(listed.out, "recommendation eps-job-mobility: 김민지"));
        auto unknown = runAccord({"import", "commented.docx", "--into", "nap4-migrants", "--lang", "en", "--proposal",
                                  "ffff0000"},
                                 ws, an);
        CHECK(unknown.status == 1);
    }
}
