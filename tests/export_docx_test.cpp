// The DOCX exporter, checked with readers that share no code with it: pandoc,
// python-docx, LibreOffice (to PDF, then pdftotext) and Python's own zipfile and
// ElementTree for the structure of the package.
#include "support.hpp"

#include "accord/workspace/document.hpp"
#include "accord/workspace/profile.hpp"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <sstream>

namespace fs = std::filesystem;
using accord::test::contains;
using accord::test::example;
using accord::test::readText;
using accord::test::run;
using accord::test::runAccord;
using accord::test::exampleWorkspace;
using accord::test::TempDir;
using accord::test::writeText;
using namespace accord::workspace;

namespace {


/// The example as the exporter sees it, for what the tests expect.
Submission exampleDocument()
{
    return parseSubmission(example("nap-migrants.xml"), "nap-migrants.xml");
}

/// `accord export nap4-migrants --format docx` with `extra` options into `name`.
fs::path exportDocx(const fs::path& ws, const std::string& name, const std::vector<std::string>& extra)
{
    std::vector<std::string> args{"export", "nap4-migrants", "--format", "docx", "-o", name};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = runAccord(args, ws);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    REQUIRE(fs::exists(ws / name));
    return ws / name;
}

std::size_t countNotes(const std::vector<Inline>& items)
{
    std::size_t n = 0;
    for (const auto& in : items) n += (in.kind == Inline::Kind::Note ? 1 : 0) + countNotes(in.children);
    return n;
}

/// The notes in the texts and rationales of `lang`: each must become one footnote.
std::size_t notesIn(const Submission& doc, const std::string& lang)
{
    std::size_t n = 0;
    auto blocks = [&](const std::vector<Block>& items) {
        for (const auto& b : items)
            if (b.lang == lang)
                for (const auto& p : b.paragraphs) n += countNotes(p.content);
    };
    for (const auto& part : walk(doc)) {
        if (!part.recommendation) continue;
        blocks(part.recommendation->texts);
        blocks(part.recommendation->rationales);
    }
    return n;
}

std::string pandoc(const fs::path& file, const std::string& to)
{
    auto r = run("/usr/bin/pandoc", {"-f", "docx", "-t", to, "--wrap=none", file.string()}, file.parent_path());
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return r.out;
}

/// Counts pandoc AST nodes of type `type` anywhere under `node`.
int countPandocNodes(const Poco::Dynamic::Var& node, const std::string& type)
{
    int n = 0;
    if (node.type() == typeid(Poco::JSON::Object::Ptr)) {
        auto o = node.extract<Poco::JSON::Object::Ptr>();
        if (o->has("t") && o->getValue<std::string>("t") == type) ++n;
        for (const auto& [key, value] : *o) n += countPandocNodes(value, type);
    } else if (node.type() == typeid(Poco::JSON::Array::Ptr)) {
        for (const auto& item : *node.extract<Poco::JSON::Array::Ptr>()) n += countPandocNodes(item, type);
    }
    return n;
}

int pandocCount(const fs::path& file, const std::string& type)
{
    Poco::JSON::Parser parser;
    return countPandocNodes(parser.parse(pandoc(file, "json")), type);
}

/// Runs a Python script with Debian's python3 (the one that sees python3-docx).
accord::test::RunResult python(const fs::path& dir, const std::string& name, const std::string& script,
                               std::vector<std::string> args)
{
    writeText(dir / name, script);
    args.insert(args.begin(), (dir / name).string());
    return run("/usr/bin/python3", args, dir);
}

/// Reads the package with zipfile and ElementTree and prints one line per problem:
/// parts without a content type, relationships to missing parts or parts of the
/// wrong type, footnote separators, numbering, styles, text runs, page and properties.
const char* const kStructureScript = R"py(
import sys, zipfile, posixpath
import xml.etree.ElementTree as ET
W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'
PR = '{http://schemas.openxmlformats.org/package/2006/relationships}'
CT = '{http://schemas.openxmlformats.org/package/2006/content-types}'
DC = '{http://purl.org/dc/elements/1.1/}'
SPACE = '{http://www.w3.org/XML/1998/namespace}space'
path, title, language, width, height = sys.argv[1:6]
problems = []
z = zipfile.ZipFile(path)
names = [n for n in z.namelist() if not n.endswith('/')]
for n in z.namelist():
    if n.endswith('/'):
        problems.append('a folder entry %s: a package holds parts only' % n)
xml = {n: ET.fromstring(z.read(n)) for n in names if n.endswith('.xml') or n.endswith('.rels')}
types = xml['[Content_Types].xml']
defaults = {d.get('Extension').lower(): d.get('ContentType') for d in types.iter(CT + 'Default')}
overrides = {o.get('PartName'): o.get('ContentType') for o in types.iter(CT + 'Override')}
def ctype(name):
    return overrides.get('/' + name) or defaults.get(name.rsplit('.', 1)[-1].lower())
for n in names:
    if n != '[Content_Types].xml' and not ctype(n):
        problems.append('no content type for ' + n)
for p in overrides:
    if p[1:] not in names:
        problems.append('content type for a missing part ' + p)
WML = 'application/vnd.openxmlformats-officedocument.wordprocessingml.'
expected = {
    'officeDocument': WML + 'document.main+xml', 'styles': WML + 'styles+xml', 'numbering': WML + 'numbering+xml',
    'settings': WML + 'settings+xml', 'footnotes': WML + 'footnotes+xml', 'footer': WML + 'footer+xml',
    'fontTable': WML + 'fontTable+xml',
    'core-properties': 'application/vnd.openxmlformats-package.core-properties+xml',
    'extended-properties': 'application/vnd.openxmlformats-officedocument.extended-properties+xml',
}
def rels(part):
    folder, base = posixpath.split(part)
    rp = posixpath.join(folder, '_rels', base + '.rels')
    out = {}
    if rp not in xml:
        return out
    if ctype(rp) != 'application/vnd.openxmlformats-package.relationships+xml':
        problems.append('wrong content type for ' + rp)
    for r in xml[rp].iter(PR + 'Relationship'):
        kind = r.get('Type').rsplit('/', 1)[-1]
        if r.get('TargetMode') == 'External':
            out[r.get('Id')] = (kind, None)
            continue
        target = posixpath.normpath(posixpath.join(folder, r.get('Target'))).lstrip('/')
        if target not in names:
            problems.append('%s: %s points at a missing part %s' % (rp, r.get('Id'), target))
        elif kind in expected and ctype(target) != expected[kind]:
            problems.append('%s: %s is a %s relationship to a part of type %s' % (rp, r.get('Id'), kind, ctype(target)))
        out[r.get('Id')] = (kind, target)
    return out
package = rels('')
main = [t for k, t in package.values() if k == 'officeDocument']
if len(main) != 1:
    print('no main document'); sys.exit(0)
doc_name = main[0]
doc = xml[doc_name]
doc_rels = rels(doc_name)
parts = {k: t for k, t in doc_rels.values() if t}
missing = [k for k in ['styles', 'numbering', 'settings', 'footnotes', 'footer'] if k not in parts]
if missing:
    print('\n'.join(problems + ['the document has no %s part' % k for k in missing])); sys.exit(0)
styles, numbering, settings, notes = (xml[parts[k]] for k in ['styles', 'numbering', 'settings', 'footnotes'])
note_rels = rels(parts['footnotes'])

# Footnotes: separators -1 and 0, notes numbered from 1, each referenced once.
kinds = {int(f.get(W + 'id')): f.get(W + 'type') for f in notes.iter(W + 'footnote')}
if kinds.get(-1) != 'separator' or kinds.get(0) != 'continuationSeparator':
    problems.append('footnotes.xml lacks the separators -1 and 0: %s' % kinds)
real = sorted(i for i in kinds if i > 0)
if real != list(range(1, len(real) + 1)):
    problems.append('footnote ids are not 1..n: %s' % real)
refs = sorted(int(r.get(W + 'id')) for r in doc.iter(W + 'footnoteReference'))
if refs != real:
    problems.append('footnote references %s do not match the footnotes %s' % (refs, real))
listed = [int(f.get(W + 'id')) for f in settings.iter(W + 'footnote')]
if sorted(listed) != [-1, 0]:
    problems.append('settings.xml lists footnotes %s, not -1 and 0' % listed)

# Numbering: every numId used is defined, every definition has its abstractNum.
defined = {n.get(W + 'numId'): n.find(W + 'abstractNumId').get(W + 'val') for n in numbering.iter(W + 'num')}
abstract = {a.get(W + 'abstractNumId') for a in numbering.iter(W + 'abstractNum')}
used = {n.get(W + 'val') for n in doc.iter(W + 'numId')}
if not used:
    problems.append('no paragraph is numbered')
for n in used - set(defined):
    problems.append('numId %s is used but not defined' % n)
for n, a in defined.items():
    if a not in abstract:
        problems.append('num %s points at a missing abstractNum %s' % (n, a))

# Styles: everything referenced exists; defaults carry the Korean font and language.
ids = {s.get(W + 'styleId') for s in styles.iter(W + 'style')}
for part in [doc, notes, xml[parts['footer']]]:
    for tag in ['pStyle', 'rStyle', 'tblStyle']:
        for s in part.iter(W + tag):
            if s.get(W + 'val') not in ids:
                problems.append('style %s is used but not defined' % s.get(W + 'val'))
for needed in ['Title', 'Heading1', 'Heading2', 'Heading3', 'Normal']:
    if needed not in ids:
        problems.append('no %s style' % needed)
rpr = styles.find(W + 'docDefaults/' + W + 'rPrDefault/' + W + 'rPr')
fonts = rpr.find(W + 'rFonts') if rpr is not None else None
lang = rpr.find(W + 'lang') if rpr is not None else None
if fonts is None or not fonts.get(W + 'eastAsia') or not fonts.get(W + 'ascii'):
    problems.append('docDefaults lack Latin and East Asian fonts')
if lang is None or lang.get(W + 'eastAsia') != 'ko-KR':
    problems.append('docDefaults lack w:lang eastAsia ko-KR')

# Text: no raw line breaks, leading or trailing spaces preserved; Hangul runs marked Korean.
for part in [doc, notes]:
    for r in part.iter(W + 'r'):
        for t in r.findall(W + 't'):
            text = t.text or ''
            if '\n' in text or '\r' in text:
                problems.append('raw line break in w:t: %r' % text[:40])
            if text != text.strip() and t.get(SPACE) != 'preserve':
                problems.append('w:t with outer spaces and no xml:space="preserve": %r' % text[:40])
            if any('\uac00' <= c <= '\ud7a3' for c in text):
                rl = r.find(W + 'rPr/' + W + 'lang')
                if rl is None or rl.get(W + 'val') != 'ko-KR':
                    problems.append('Hangul run without w:lang ko-KR: %r' % text[:40])

# Hyperlinks resolve to external relationships of their own part.
for part, part_rels in [(doc, doc_rels), (notes, note_rels)]:
    for h in part.iter(W + 'hyperlink'):
        if part_rels.get(h.get(R + 'id'), ('', ''))[0] != 'hyperlink':
            problems.append('hyperlink %s has no hyperlink relationship' % h.get(R + 'id'))

# Page: size, and a footer with a PAGE field.
size = doc.find(W + 'body/' + W + 'sectPr/' + W + 'pgSz')
if size is None or size.get(W + 'w') != width or size.get(W + 'h') != height:
    problems.append('page size is not %sx%s' % (width, height))
ref = doc.find(W + 'body/' + W + 'sectPr/' + W + 'footerReference')
footer = xml.get(doc_rels.get(ref.get(R + 'id'), ('', ''))[1]) if ref is not None else None
if footer is None or not any('PAGE' in (i.text or '') for i in footer.iter(W + 'instrText')):
    problems.append('no footer with a PAGE field')

core = [t for k, t in package.values() if k == 'core-properties']
if not core:
    problems.append('no core properties')
else:
    props = xml[core[0]]
    if (props.findtext(DC + 'title') or '') != title:
        problems.append('dc:title is %r' % props.findtext(DC + 'title'))
    if (props.findtext(DC + 'language') or '') != language:
        problems.append('dc:language is %r' % props.findtext(DC + 'language'))
print('\n'.join(problems))
)py";

/// Opens the file with python-docx and prints, as JSON, every body paragraph with its
/// style, its list (numId, level) and the label Word shows, computed from numbering.xml
/// as Word counts; the tables with their cells' text; the page size and the footer.
const char* const kParagraphsScript = R"py(
import sys, json, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
levels = {}
abstract = {}
for a in d.part.numbering_part.element.findall(qn('w:abstractNum')):
    lv = {}
    for l in a.findall(qn('w:lvl')):
        val = lambda tag: l.find(qn(tag)).get(qn('w:val'))
        lv[int(l.get(qn('w:ilvl')))] = (int(val('w:start')), val('w:numFmt'), val('w:lvlText'))
    abstract[a.get(qn('w:abstractNumId'))] = lv
for n in d.part.numbering_part.element.findall(qn('w:num')):
    levels[n.get(qn('w:numId'))] = abstract[n.find(qn('w:abstractNumId')).get(qn('w:val'))]
def roman(n):
    out = ''
    for v, s in [(1000, 'M'), (900, 'CM'), (500, 'D'), (400, 'CD'), (100, 'C'), (90, 'XC'), (50, 'L'), (40, 'XL'),
                 (10, 'X'), (9, 'IX'), (5, 'V'), (4, 'IV'), (1, 'I')]:
        while n >= v:
            out += s; n -= v
    return out
def show(n, fmt):
    shows = {'decimal': lambda: str(n), 'upperRoman': lambda: roman(n), 'lowerRoman': lambda: roman(n).lower(),
             'upperLetter': lambda: chr(64 + n), 'lowerLetter': lambda: chr(96 + n),
             'ganada': lambda: '가나다라마바사아자차카타파하'[n - 1]}
    return shows[fmt]() if fmt in shows else '?' + fmt
counters = {}
paragraphs = []
for p in d.paragraphs:
    ppr = p._p.pPr
    num = ppr.numPr if ppr is not None else None
    align = p.alignment if p.alignment is not None else p.style.paragraph_format.alignment
    entry = {'style': p.style.name, 'text': p.text, 'label': '', 'numId': '', 'level': -1,
             'right': align is not None and int(align) == 2}
    if num is not None and num.numId is not None:
        nid, lvl = str(num.numId.val), int(num.ilvl.val) if num.ilvl is not None else 0
        c = counters.setdefault(nid, [0] * 9)
        c[lvl] += 1
        for deeper in range(lvl + 1, 9):
            c[deeper] = 0
        label = levels[nid][lvl][2]
        for k in range(lvl + 1):
            start, fmt, _ = levels[nid][k]
            label = label.replace('%' + str(k + 1), show(c[k] + start - 1, fmt))
        entry.update(label=label, numId=nid, level=lvl)
    paragraphs.append(entry)
tables = [[len(t.columns)] + [c.text for c in t.rows[0].cells] for t in d.tables]
s = d.sections[0]
print(json.dumps({'paragraphs': paragraphs, 'tables': tables,
                  'width': int(s.page_width.twips), 'height': int(s.page_height.twips),
                  'footer': ''.join(p.text for p in s.footer.paragraphs),
                  'italic': [r.text for p in d.paragraphs for r in p.runs if r.italic],
                  'bold': [r.text for p in d.paragraphs for r in p.runs if r.bold]}))
)py";

/// What python-docx reads of a document.
struct DocxView {
    struct Para {
        std::string style, text, label, numId;
        int level = -1;
        bool right = false;
    };
    std::vector<Para> paragraphs;
    std::vector<std::vector<std::string>> tables;  ///< column count, then the first row's cells
    int width = 0, height = 0;
    std::string footer;
    std::vector<std::string> italic, bold;

    /// The first paragraph whose text is `text`, else the first that starts with it, or null.
    [[nodiscard]] const Para* find(const std::string& text) const
    {
        for (const auto& p : paragraphs)
            if (p.text == text) return &p;
        for (const auto& p : paragraphs)
            if (p.text.rfind(text, 0) == 0) return &p;
        return nullptr;
    }
};

DocxView readDocx(const fs::path& file)
{
    auto r = python(file.parent_path(), "paragraphs.py", kParagraphsScript, {file.string()});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    Poco::JSON::Parser parser;
    auto root = parser.parse(r.out).extract<Poco::JSON::Object::Ptr>();
    DocxView view;
    for (const auto& item : *root->getArray("paragraphs")) {
        auto o = item.extract<Poco::JSON::Object::Ptr>();
        view.paragraphs.push_back(DocxView::Para{o->getValue<std::string>("style"), o->getValue<std::string>("text"),
                                                 o->getValue<std::string>("label"), o->getValue<std::string>("numId"),
                                                 o->getValue<int>("level"), o->getValue<bool>("right")});
    }
    for (const auto& item : *root->getArray("tables")) {
        std::vector<std::string> row;
        auto a = item.extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < a->size(); ++i) row.push_back(a->get(static_cast<unsigned>(i)).toString());
        view.tables.push_back(row);
    }
    view.width = root->getValue<int>("width");
    view.height = root->getValue<int>("height");
    view.footer = root->getValue<std::string>("footer");
    for (const auto& item : *root->getArray("italic")) view.italic.push_back(item.toString());
    for (const auto& item : *root->getArray("bold")) view.bold.push_back(item.toString());
    return view;
}

std::string structureProblems(const fs::path& file, const std::string& title, const std::string& language)
{
    auto r = python(file.parent_path(), "structure.py", kStructureScript,
                    {file.string(), title, language, "11906", "16838"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return r.out.substr(0, r.out.find_last_not_of(" \n") + 1);
}

std::string numberText(const std::vector<std::size_t>& number)
{
    std::string s;
    for (auto n : number) s += std::to_string(n) + ".";
    return s;
}

std::string title(const std::vector<LangText>& items, const std::string& lang)
{
    const LangText* t = pickLang(items, lang);
    REQUIRE(t);
    return t->text;
}

bool listed(const std::vector<std::string>& items, const std::string& item)
{
    return std::find(items.begin(), items.end(), item) != items.end();
}

/// The label python-docx's reading gives the paragraph starting with `text`.
std::string labelOf(const DocxView& view, const std::string& text)
{
    const DocxView::Para* p = view.find(text);
    return p ? p->label : "(no paragraph \"" + text + "\")";
}

/// The example coalition's names: id → {English, Korean}.
std::map<std::string, std::pair<std::string, std::string>> organisationNames()
{
    std::map<std::string, std::pair<std::string, std::string>> names;
    for (const auto& cols : accord::test::exampleTable("organisations.tsv")) {
        REQUIRE(cols.size() == 4);
        names[cols[0]] = {cols[1], cols[2]};
    }
    return names;
}

} // namespace

TEST_SUITE("export-docx")
{
    TEST_CASE("pandoc reads every section heading, recommendation title and note of the English export")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        fs::path file = exportDocx(ws, "nap4-en.docx", {"--lang", "en"});
        const Submission doc = exampleDocument();

        std::string text = pandoc(file, "plain");
        CHECK(contains(text, "Process: Fourth National Action Plan"));
        std::size_t sections = 0;
        for (const auto& part : walk(doc)) {
            const std::string expected =
                part.section ? title(part.section->headings, "en") : title(part.recommendation->titles, "en");
            CHECK_MESSAGE(contains(text, expected), expected);
            if (part.section) ++sections;
        }
        CHECK_FALSE(contains(text, "고용허가제"));
        CHECK(pandocCount(file, "Header") == static_cast<int>(sections));
        CHECK(pandocCount(file, "Note") == static_cast<int>(notesIn(doc, "en")));

        std::string markdown = pandoc(file, "markdown");
        CHECK(contains(markdown, "*Act on the Employment of Foreign Workers*"));
        CHECK(contains(markdown, "desertion\\\" penalties**"));
        // The link inside a footnote survives as a hyperlink.
        CHECK(contains(markdown, "(https://undocs.org/CCPR/C/KOR/CO/5)"));
        CHECK(contains(markdown, "[^1]: Committee on the Elimination of Racial Discrimination"));
    }

    TEST_CASE("the Korean export reads back in Korean: titles, labels, organisation names and notes")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        fs::path file = exportDocx(ws, "nap4-ko.docx", {"--lang", "ko"});
        const Submission doc = exampleDocument();

        std::string text = pandoc(file, "plain");
        for (const auto& part : walk(doc)) {
            const std::string expected =
                part.section ? title(part.section->headings, "ko") : title(part.recommendation->titles, "ko");
            CHECK_MESSAGE(contains(text, expected), expected);
        }
        CHECK(contains(text, "외국인근로자의 고용 등에 관한 법률"));
        CHECK(contains(text, "지지 단체: 이주민인권 변호사포럼 (연대 사무국)"));
        CHECK(contains(text, "근거: "));
        CHECK_FALSE(contains(text, "Endorsed by"));
        CHECK(pandocCount(file, "Note") == static_cast<int>(notesIn(doc, "ko")));
    }

    TEST_CASE("the package holds together: content types, relationships, footnote separators, numbering, fonts")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        const Submission doc = exampleDocument();
        const std::string en = title(doc.meta.titles, "en"), ko = title(doc.meta.titles, "ko");

        struct Case {
            std::string file;
            std::vector<std::string> options;
            std::string title, language;
        };
        for (const auto& c : {Case{"en.docx", {"--lang", "en"}, en, "en-GB"},
                              Case{"ko.docx", {"--lang", "ko"}, ko, "ko-KR"},
                              Case{"both.docx", {"--lang", "both"}, en + " / " + ko, "en-GB"},
                              Case{"un.docx", {"--profile", "upr-joint"}, en, "en-GB"},
                              Case{"kr.docx", {"--profile", "nap-kr"}, ko, "ko-KR"}}) {
            const std::string problems = structureProblems(exportDocx(ws, c.file, c.options), c.title, c.language);
            CHECK_MESSAGE(problems.empty(), c.file, ":\n", problems);
        }

        // The same document gives the same bytes: no time stamps anywhere.
        exportDocx(ws, "again.docx", {"--lang", "en"});
        CHECK(readText(ws / "again.docx") == readText(ws / "en.docx"));
    }

    TEST_CASE("python-docx finds headings and real Word numbering that gives the document's own numbers")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        DocxView view = readDocx(exportDocx(ws, "nap4.docx", {"--lang", "en"}));
        const Submission doc = exampleDocument();

        CHECK(view.width == 11906);  // A4
        CHECK(view.height == 16838);
        CHECK(view.footer == "1");   // the PAGE field's cached value
        REQUIRE_FALSE(view.paragraphs.empty());
        CHECK(view.paragraphs.front().style == "Title");
        std::string outline;
        for (const auto& part : walk(doc)) {
            const bool isSection = part.section != nullptr;
            const std::string expected =
                isSection ? title(part.section->headings, "en") : title(part.recommendation->titles, "en");
            const DocxView::Para* p = view.find(expected);
            REQUIRE_MESSAGE(p, expected);
            // Numbered by Word, not typed: the text is the title alone, the label comes from numbering.xml.
            CHECK_MESSAGE(p->label == numberText(part.number), expected, " is numbered ", p->label);
            CHECK(p->level == static_cast<int>(part.number.size() - 1));
            if (outline.empty()) outline = p->numId;
            CHECK(p->numId == outline);
            if (isSection)
                CHECK(p->style == "Heading " + std::to_string(std::min<std::size_t>(part.number.size(), 3)));
            else
                CHECK(p->style == "Recommendation Title");
        }
        const DocxView::Para* seasonal = view.find("Public recruitment of seasonal workers");
        REQUIRE(seasonal);
        CHECK(seasonal->label == "1.3.1.");
        CHECK(listed(view.italic, "Act on the Employment of Foreign Workers"));
        CHECK(listed(view.bold, "\"desertion\" penalties"));
        // Without jointSubmittersAtTop (generic) the coalition is named at the end.
        CHECK(contains(view.paragraphs.back().text, "Submitted jointly by: Migrant Rights Lawyers' Forum"));
    }

    TEST_CASE("the nap-kr profile: Korean markers 1. 가. 1), Korean dates, page numbers - 1 - and the closing 끝.")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        fs::path file = exportDocx(ws, "nap4-kr.docx", {"--profile", "nap-kr"});
        DocxView view = readDocx(file);
        const Submission doc = exampleDocument();
        const Profile* profile = findBuiltinProfile("nap-kr");
        REQUIRE(profile);

        for (const auto& part : walk(doc)) {
            const std::string expected =
                part.section ? title(part.section->headings, "ko") : title(part.recommendation->titles, "ko");
            const DocxView::Para* p = view.find(expected);
            REQUIRE_MESSAGE(p, expected);
            CHECK_MESSAGE(p->label == profile->marker(part.number.size() - 1, part.number.back() - 1), expected);
        }
        const DocxView::Para* first = view.find("고용허가제 이주노동자의 사업장 변경 자유 보장");
        REQUIRE(first);
        CHECK(first->label == "가.");
        // The two paragraphs of that recommendation's text are its sub-items 1) and 2).
        const DocxView::Para* one = view.find("외국인근로자의 고용 등에 관한 법률 제25조를 개정하여");
        const DocxView::Para* two = view.find("사업장 변경 횟수 제한과");
        REQUIRE(one);
        REQUIRE(two);
        CHECK(one->label == "1)");
        CHECK(two->label == "2)");
        CHECK(view.find("제출 기한: 2023. 12. 15.") != nullptr);
        CHECK(view.find("공동 제출 단체:") != nullptr);  // jointSubmittersAtTop
        CHECK(view.find("이주민인권 변호사포럼 (연대 사무국) (대표)") != nullptr);
        CHECK(view.paragraphs.back().text == "끝.");
        CHECK(view.paragraphs.back().right);
        CHECK(view.footer == "- 1 -");
    }

    TEST_CASE("the UN profiles number every paragraph in one running list and name all submitters at the top")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        DocxView view = readDocx(exportDocx(ws, "upr.docx", {"--profile", "upr-joint"}));
        const Submission doc = exampleDocument();

        // Every intro and text paragraph, numbered 1. 2. 3. … through the document; a rationale
        // explains a recommendation and is no numbered paragraph of its own.
        std::size_t expected = 0;
        for (const auto& part : walk(doc)) {
            if (part.section)
                if (const Block* intro = pickLang(part.section->intros, "en")) expected += intro->paragraphs.size();
            if (!part.recommendation) continue;
            if (const Block* b = pickLang(part.recommendation->texts, "en")) expected += b->paragraphs.size();
        }
        std::size_t rationales = 0;
        for (const auto& p : view.paragraphs)
            if (p.text.rfind("Rationale: ", 0) == 0) {
                ++rationales;
                CHECK_MESSAGE(p.numId.empty(), p.text);
            }
        CHECK(rationales > 0);
        const DocxView::Para* heading = view.find("Labour and the Employment Permit System");
        REQUIRE(heading);
        std::size_t running = 0;
        for (const auto& p : view.paragraphs) {
            if (p.numId.empty() || p.numId == heading->numId) continue;
            ++running;
            CHECK(p.label == std::to_string(running) + ".");
        }
        CHECK(running == expected);

        // The outline beside them: I. → A. → 1., counted as the document counts.
        CHECK(heading->label == "I.");
        CHECK(labelOf(view, "Freedom to change workplaces") == "A.");
        CHECK(labelOf(view, "Seasonal work in agriculture and fisheries") == "C.");
        CHECK(labelOf(view, "Public recruitment of seasonal workers") == "1.");
        CHECK(labelOf(view, "Equality and non-discrimination") == "X.");

        // Every member of the coalition, by name, before the first heading.
        std::string top;
        for (const auto& p : view.paragraphs) {
            if (&p == heading) break;
            top += p.text + "\n";
        }
        CHECK(contains(top, "Submitted jointly by:"));
        CHECK(contains(top, "Migrant Rights Lawyers' Forum (coalition secretariat) (lead)\n"));
        const auto names = organisationNames();
        for (const auto& member : *doc.meta.coalition) {
            REQUIRE(names.count(member.org) == 1);
            CHECK_MESSAGE(contains(top, names.at(member.org).first), member.org);
        }
    }

    TEST_CASE("both languages side by side: one two-column table per recommendation, English left, Korean right")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        fs::path file = exportDocx(ws, "both.docx", {"--lang", "both"});
        const Submission doc = exampleDocument();
        DocxView view = readDocx(file);

        std::size_t recommendations = 0;
        for (const auto& part : walk(doc)) recommendations += part.recommendation ? 1 : 0;
        REQUIRE(view.tables.size() == recommendations);
        for (const auto& t : view.tables) CHECK(t.front() == "2");
        CHECK(contains(view.tables.front()[1], "Amend article 25 of the Act on the Employment of Foreign Workers"));
        CHECK(contains(view.tables.front()[2], "외국인근로자의 고용 등에 관한 법률 제25조를 개정하여"));
        // Titles and headings in both languages, numbered once.
        const DocxView::Para* first = view.find("Freedom to change workplaces under the Employment Permit System");
        REQUIRE(first);
        CHECK(contains(first->text, "고용허가제 이주노동자의 사업장 변경 자유 보장"));
        CHECK(first->label == "1.1.");

        std::string text = pandoc(file, "plain");
        CHECK(contains(text, "Deadline / 제출 기한: 2023-12-15"));
        CHECK(pandocCount(file, "Note") == static_cast<int>(notesIn(doc, "en") + notesIn(doc, "ko")));

        // A row is a paragraph beside its translation: Word keeps it on one page.
        auto rows = python(dir.path(), "rows.py", R"py(
import sys, zipfile
import xml.etree.ElementTree as ET
W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
body = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read('word/document.xml'))
rows = body.iter(W + 'tr')
print(sum(1 for r in rows), sum(1 for r in body.iter(W + 'tr') if r.find(W + 'trPr/' + W + 'cantSplit') is not None))
)py", {file.string()});
        REQUIRE_MESSAGE(rows.status == 0, rows.err);
        std::istringstream counts(rows.out);
        int all = 0, kept = 0;
        counts >> all >> kept;
        CHECK(all > 0);
        CHECK(kept == all);
    }

    TEST_CASE("a Korean export labels a rationale in Korean even when it prints the English one, and keeps 제4차 unspaced")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        std::string text = readText(ws / "documents/nap4-migrants.xml");
        // The first recommendation's Korean rationale removed: the Korean export prints the English one.
        const auto start = text.find("<rationale xml:lang=\"ko\">");
        REQUIRE(start != std::string::npos);
        const auto end = text.find("</rationale>", start) + std::string("</rationale>").size();
        text.erase(start, end - start);
        writeText(ws / "documents/nap4-migrants.xml", text);
        auto made = runAccord({"export", "nap4-migrants", "--format", "docx", "--profile", "nap-kr", "-o", "kr.docx"}, ws);
        REQUIRE_MESSAGE(made.status == 0, made.err);
        CHECK(contains(made.err, "the rationale of recommendation eps-job-mobility has no ko version"));
        DocxView view = readDocx(ws / "kr.docx");
        const DocxView::Para* fallback = nullptr;
        for (const auto& p : view.paragraphs)
            if (contains(p.text, "A worker who cannot leave an employer")) fallback = &p;
        REQUIRE(fallback);
        CHECK(fallback->text.rfind("근거: ", 0) == 0);
        // Word puts no space between Hangul and digits (제4차, not 제 4 차) when autoSpaceDN is off.
        auto styles = python(dir.path(), "space.py", R"py(
import sys, zipfile
import xml.etree.ElementTree as ET
W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
root = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read('word/styles.xml'))
normal = [s for s in root.iter(W + 'style') if s.get(W + 'styleId') == 'Normal'][0]
print(normal.find(W + 'pPr/' + W + 'autoSpaceDE').get(W + 'val'), normal.find(W + 'pPr/' + W + 'autoSpaceDN').get(W + 'val'))
)py", {(ws / "kr.docx").string()});
        REQUIRE_MESSAGE(styles.status == 0, styles.err);
        CHECK(styles.out == "0 0\n");
    }

    TEST_CASE("LibreOffice renders the exports to PDF with their English and Korean text")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        exportDocx(ws, "en.docx", {"--lang", "en"});
        exportDocx(ws, "both.docx", {"--lang", "both"});
        exportDocx(ws, "kr.docx", {"--profile", "nap-kr"});
        exportDocx(ws, "un.docx", {"--profile", "upr-joint"});
        auto soffice = run("/usr/bin/soffice", {"--headless", "--convert-to", "pdf", "--outdir", (ws / "pdf").string(),
                                                "en.docx", "both.docx", "kr.docx", "un.docx"},
                           ws);
        REQUIRE_MESSAGE(soffice.status == 0, soffice.err);
        auto pdf = [&](const std::string& name) {
            REQUIRE_MESSAGE(fs::exists(ws / "pdf" / (name + ".pdf")), soffice.out, soffice.err);
            auto text = run("/usr/bin/pdftotext", {"-layout", "pdf/" + name + ".pdf", "-"}, ws);
            REQUIRE(text.status == 0);
            auto info = run("/usr/bin/pdfinfo", {"pdf/" + name + ".pdf"}, ws);
            CHECK_MESSAGE(contains(info.out, "(A4)"), info.out);
            return text.out;
        };
        std::string en = pdf("en");
        CHECK(contains(en, "Labour and the Employment Permit System"));
        CHECK(contains(en, "Freedom to change workplaces"));
        CHECK(contains(en, "1.3.1."));
        std::string both = pdf("both");
        CHECK(contains(both, "Labour and the Employment Permit System"));
        CHECK(contains(both, "노동과 고용허가제"));
        CHECK(contains(both, "이주노동자"));
        std::string kr = pdf("kr");
        CHECK(contains(kr, "노동과 고용허가제"));
        CHECK(contains(kr, "가."));  // LibreOffice draws ganada too
        CHECK(contains(kr, "끝."));
        CHECK((contains(kr, "- 1 -") || contains(kr, "-1-")));  // pdftotext may close the spaces up
        // The UN outline's roman numerals keep a gap before the heading, the eighth too.
        std::string un = pdf("un");
        CHECK(contains(un, "Labour and the Employment Permit System"));
        CHECK(contains(un, "VIII. "));
        CHECK_FALSE(contains(un, "VIII.Migrant"));
    }
}
