// The HWPX export, as a Korean ministry would receive it: read by an independent
// reader (hwpxjs), and checked rule by rule against the HWPX section of
// shared/spec/formats.md — the ZIP read byte by byte here (inflated with Poco), the
// XML parts read with Python's own ZIP and XML parsers.
#include "support.hpp"

#include "accord/workspace/document.hpp"

#include <Poco/Dynamic/Var.h>
#include <Poco/InflatingStream.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/StreamCopier.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <set>
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
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

// -- the ZIP, byte by byte ----------------------------------------------------------------

struct ZipEntry {
    std::string name;
    std::uint16_t method = 0;
    std::uint32_t localOffset = 0;
    std::uint16_t localExtra = 0;
    std::string data;  ///< uncompressed
};

struct Zip {
    std::vector<ZipEntry> central;        ///< in central-directory order
    std::vector<std::string> localOrder;  ///< names in the order of their local headers
    [[nodiscard]] const ZipEntry* find(const std::string& name) const
    {
        for (const auto& e : central)
            if (e.name == name) return &e;
        return nullptr;
    }
    [[nodiscard]] std::string part(const std::string& name) const
    {
        const ZipEntry* e = find(name);
        REQUIRE_MESSAGE(e, "no entry ", name);
        return e->data;
    }
};

std::uint32_t le(const std::string& b, std::size_t at, std::size_t width)
{
    REQUIRE(at + width <= b.size());
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < width; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + i])) << (8 * i);
    return v;
}
std::uint16_t le16(const std::string& b, std::size_t at) { return static_cast<std::uint16_t>(le(b, at, 2)); }
std::uint32_t le32(const std::string& b, std::size_t at) { return le(b, at, 4); }

Zip readZip(const std::string& bytes)
{
    Zip zip;
    REQUIRE(bytes.size() >= 22);
    std::size_t eocd = bytes.size() - 22;
    while (eocd > 0 && le32(bytes, eocd) != 0x06054b50) --eocd;
    REQUIRE(le32(bytes, eocd) == 0x06054b50);
    const std::size_t count = le16(bytes, eocd + 10);
    std::size_t at = le32(bytes, eocd + 16);
    for (std::size_t i = 0; i < count; ++i) {
        REQUIRE(le32(bytes, at) == 0x02014b50);
        ZipEntry e;
        e.method = le16(bytes, at + 10);
        const std::size_t compressed = le32(bytes, at + 20);
        const std::size_t size = le32(bytes, at + 24);
        const std::size_t nameLen = le16(bytes, at + 28);
        e.name = bytes.substr(at + 46, nameLen);
        e.localOffset = le32(bytes, at + 42);
        at += 46 + nameLen + le16(bytes, at + 30) + le16(bytes, at + 32);

        const std::size_t local = e.localOffset;
        REQUIRE(le32(bytes, local) == 0x04034b50);
        REQUIRE(bytes.substr(local + 30, le16(bytes, local + 26)) == e.name);
        e.localExtra = le16(bytes, local + 28);
        const std::size_t data = local + 30 + le16(bytes, local + 26) + e.localExtra;
        REQUIRE(data + compressed <= bytes.size());
        std::string raw = bytes.substr(data, compressed);
        if (e.method == 0) {
            e.data = raw;
        } else {
            REQUIRE(e.method == 8);
            std::istringstream in(raw);
            Poco::InflatingInputStream inflater(in, -15);  // raw deflate, as in ZIP
            Poco::StreamCopier::copyToString(inflater, e.data);
        }
        CHECK_MESSAGE(e.data.size() == size, e.name);
        zip.central.push_back(std::move(e));
    }
    // The local headers as they follow one another from the start of the file.
    std::vector<const ZipEntry*> byOffset;
    for (const auto& e : zip.central) byOffset.push_back(&e);
    std::sort(byOffset.begin(), byOffset.end(), [](auto* a, auto* b) { return a->localOffset < b->localOffset; });
    for (auto* e : byOffset) zip.localOrder.push_back(e->name);
    return zip;
}

// -- the XML parts, through Python's zipfile and minidom --------------------------------

/// Facts about the package that the checks below judge: roots and their namespace
/// declarations, counts, references, the first paragraph, footnotes, paragraphs.
const char* const kFacts = R"PY(
import json, sys, zipfile
from xml.dom import minidom

z = zipfile.ZipFile(sys.argv[1])

def root(name):
    return minidom.parseString(z.read(name)).documentElement

def elements(node):
    for c in node.childNodes:
        if c.nodeType == c.ELEMENT_NODE:
            yield c
            yield from elements(c)

def kids(node, tag=None):
    return [c for c in node.childNodes if c.nodeType == c.ELEMENT_NODE and (tag is None or c.tagName == tag)]

def in_note(node):
    while node is not None and node.nodeType == node.ELEMENT_NODE:
        if node.tagName == 'hp:footNote':
            return True
        node = node.parentNode
    return False

def text(node, notes=False):
    return ''.join(t.firstChild.data if t.firstChild else '' for t in node.getElementsByTagName('hp:t')
                   if notes or not in_note(t))

out = {'entries': [{'name': i.filename, 'method': i.compress_type} for i in z.infolist()], 'roots': {}}
for name in z.namelist():
    if name.endswith('.xml') or name.endswith('.hpf'):
        r = root(name)
        out['roots'][name] = {'tag': r.tagName,
                              'ns': {k[6:]: v for k, v in r.attributes.items() if k.startswith('xmlns:')}}

hpf = root('Contents/content.hpf')
items = [{'id': i.getAttribute('id'), 'href': i.getAttribute('href'), 'type': i.getAttribute('media-type')}
         for i in hpf.getElementsByTagName('opf:item')]
out['hpf'] = {'items': items, 'spine': [r.getAttribute('idref') for r in hpf.getElementsByTagName('opf:itemref')]}
sections = [i['href'] for i in items if i['id'].startswith('section')]
out['sections'] = sections
out['rootfiles'] = [{'path': r.getAttribute('full-path'), 'type': r.getAttribute('media-type')}
                    for r in root('META-INF/container.xml').getElementsByTagName('ocf:rootfile')]
out['version'] = {'tag': root('version.xml').tagName, 'target': root('version.xml').getAttribute('tagetApplication')}

head = root('Contents/header.xml')
out['secCnt'] = head.getAttribute('secCnt')
out['counts'] = [{'element': e.tagName, 'attr': a, 'declared': e.getAttribute(a), 'children': len(kids(e))}
                 for e in elements(head) for a in ('itemCnt', 'fontCnt') if e.hasAttribute(a)]
ids = {'paraPrIDRef': 'hh:paraPr', 'charPrIDRef': 'hh:charPr', 'styleIDRef': 'hh:style'}
known = {a: {e.getAttribute('id') for e in head.getElementsByTagName(t)} for a, t in ids.items()}
refs, unresolved = 0, []
for part in ['Contents/header.xml'] + sections:
    for e in elements(root(part)):
        for a in ids:
            if not e.hasAttribute(a):
                continue
            v = e.getAttribute(a)
            if e.tagName == 'hh:paraHead' and v == '4294967295':
                continue  # Hancom's "the paragraph's own characters"
            refs += 1
            if v not in known[a]:
                unresolved.append('%s: %s/@%s=%s' % (part, e.tagName, a, v))
out['references'] = refs
out['unresolved'] = unresolved
out['fonts'] = {f.getAttribute('lang'): [x.getAttribute('face') for x in kids(f, 'hh:font')]
                for f in head.getElementsByTagName('hh:fontface')}
charPr = {c.getAttribute('id'): c for c in head.getElementsByTagName('hh:charPr')}
paraPr = {p.getAttribute('id'): p for p in head.getElementsByTagName('hh:paraPr')}

secs = [root(s) for s in sections]
out['secRoots'] = [s.tagName for s in secs]
ps = kids(secs[0], 'hp:p')
first_children = kids(ps[0])
first_run = first_children[0]
sec_pr = kids(first_run, 'hp:secPr')
out['first'] = {
    'firstChild': first_run.tagName,
    'secPrInFirstRun': len(sec_pr),
    'startNum': len(kids(sec_pr[0], 'hp:startNum')) if sec_pr else 0,
    'visibility': len(kids(sec_pr[0], 'hp:visibility')) if sec_pr else 0,
    'textsInFirstRun': len(first_run.getElementsByTagName('hp:t')),
    'secPrTotal': sum(len(s.getElementsByTagName('hp:secPr')) for s in secs),
    'nextRunText': text(first_children[1]) if len(first_children) > 1 else None,
}
out['linesegarrays'] = sum(len(s.getElementsByTagName('hp:linesegarray')) for s in secs)
notes = []
for s in secs:
    for fn in s.getElementsByTagName('hp:footNote'):
        lists = kids(fn, 'hp:subList')
        notes.append({'number': fn.getAttribute('number'),
                      'inCtrl': fn.parentNode.tagName == 'hp:ctrl' and fn.parentNode.parentNode.tagName == 'hp:run',
                      'paragraphs': len(kids(lists[0], 'hp:p')) if len(lists) == 1 else 0,
                      'text': text(fn, True)})
out['footnotes'] = notes

def run_facts(r):
    c = charPr.get(r.getAttribute('charPrIDRef'))
    return {'text': text(r), 'height': c.getAttribute('height') if c else '',
            'bold': bool(c and c.getElementsByTagName('hh:bold')),
            'italic': bool(c and c.getElementsByTagName('hh:italic'))}

paras = []
for p in ps:
    pp = paraPr.get(p.getAttribute('paraPrIDRef'))
    paras.append({'text': text(p), 'pageBreak': p.getAttribute('pageBreak'),
                  'align': pp.getElementsByTagName('hh:align')[0].getAttribute('horizontal') if pp else '',
                  'runs': [run_facts(r) for r in kids(p, 'hp:run')]})
out['paragraphs'] = paras
print(json.dumps(out, ensure_ascii=False))
)PY";

Object::Ptr facts(const fs::path& file)
{
    auto r = run("/usr/bin/python3", {"-c", kFacts, file.string()}, file.parent_path());
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return Poco::JSON::Parser().parse(r.out).extract<Object::Ptr>();
}

std::string str(const Object::Ptr& o, const std::string& key) { return o->getValue<std::string>(key); }

/// One export, its bytes, its ZIP and its facts.
struct Exported {
    fs::path file;
    std::string bytes;
    Zip zip;
    Object::Ptr facts;
    std::string text;  ///< what hwpxjs reads
};

Exported exportHwpx(const fs::path& ws, const std::string& name, std::vector<std::string> extra)
{
    std::vector<std::string> args{"export", "nap4-migrants", "--format", "hwpx", "-o", name};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = runAccord(args, ws);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    Exported e;
    e.file = ws / name;
    e.bytes = readText(e.file);
    e.zip = readZip(e.bytes);
    e.facts = facts(e.file);
    auto txt = run(std::string(ACCORD_READERS_DIR) + "/hwpxjs", {"txt", e.file.string()}, ws);
    REQUIRE_MESSAGE(txt.status == 0, txt.err);
    e.text = txt.out;
    return e;
}

/// Without any whitespace: hwpxjs trims every run, so spaces at run edges are lost.
std::string squeeze(const std::string& s)
{
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') out += c;
    return out;
}

accord::workspace::Submission exampleDocument()
{
    return accord::workspace::parseSubmission(example("nap-migrants.xml"), "nap-migrants.xml");
}

std::size_t countNotes(const std::vector<accord::workspace::Inline>& items)
{
    std::size_t n = 0;
    for (const auto& in : items) n += in.kind == accord::workspace::Inline::Kind::Note ? 1 : countNotes(in.children);
    return n;
}

/// The notes a reader of `lang` meets: those in the texts and rationales exported in it.
std::size_t notesIn(const accord::workspace::Submission& doc, const std::string& lang)
{
    std::size_t n = 0;
    for (const auto& part : accord::workspace::walk(doc)) {
        if (!part.recommendation) continue;
        for (const auto* blocks : {&part.recommendation->texts, &part.recommendation->rationales})
            if (const auto* b = accord::workspace::pickLang(*blocks, lang, doc.lang))
                for (const auto& p : b->paragraphs) n += countNotes(p.content);
    }
    return n;
}

const std::vector<std::pair<std::string, std::string>> kNamespaceSet{
    {"ha", "http://www.hancom.co.kr/hwpml/2011/app"},
    {"hp", "http://www.hancom.co.kr/hwpml/2011/paragraph"},
    {"hp10", "http://www.hancom.co.kr/hwpml/2016/paragraph"},
    {"hs", "http://www.hancom.co.kr/hwpml/2011/section"},
    {"hc", "http://www.hancom.co.kr/hwpml/2011/core"},
    {"hh", "http://www.hancom.co.kr/hwpml/2011/head"},
    {"hhs", "http://www.hancom.co.kr/hwpml/2011/history"},
    {"hm", "http://www.hancom.co.kr/hwpml/2011/master-page"},
    {"hpf", "http://www.hancom.co.kr/schema/2011/hpf"},
    {"dc", "http://purl.org/dc/elements/1.1/"},
    {"opf", "http://www.idpf.org/2007/opf/"},
    {"ooxmlchart", "http://www.hancom.co.kr/hwpml/2016/ooxmlchart"},
    {"hwpunitchar", "http://www.hancom.co.kr/hwpml/2016/HwpUnitChar"},
    {"epub", "http://www.idpf.org/2007/ops"},
    {"config", "urn:oasis:names:tc:opendocument:xmlns:config:1.0"},
};

const char* const kStandalone = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)";

/// The top-level paragraphs of section0 as the facts list them.
Array::Ptr paragraphs(const Exported& e) { return e.facts->getArray("paragraphs"); }

std::vector<std::string> paragraphTexts(const Exported& e)
{
    std::vector<std::string> out;
    for (const auto& p : *paragraphs(e)) out.push_back(p.extract<Object::Ptr>()->getValue<std::string>("text"));
    return out;
}

std::size_t indexOf(const std::vector<std::string>& texts, const std::string& needle)
{
    for (std::size_t i = 0; i < texts.size(); ++i)
        if (contains(texts[i], needle)) return i;
    return texts.size();
}

} // namespace

TEST_SUITE("export-hwpx")
{
    TEST_CASE("the ZIP: mimetype first in the local headers and the central directory, stored, exact")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        auto e = exportHwpx(ws, "nap4.hwpx", {"--lang", "ko"});
        const Zip& zip = e.zip;
        REQUIRE_FALSE(zip.central.empty());
        CHECK(e.bytes.substr(0, 4) == std::string("PK\x03\x04", 4));
        CHECK(e.bytes.substr(30, 8) == "mimetype");  // the very first local header
        CHECK(zip.localOrder.front() == "mimetype");
        CHECK(zip.central.front().name == "mimetype");
        CHECK(zip.central.front().localOffset == 0);
        CHECK(zip.central.front().method == 0);  // stored
        CHECK(zip.central.front().data == "application/hwp+zip");
        CHECK(zip.central.front().localExtra == 0);  // so the media type sits at byte 38, for sniffers
        CHECK(e.bytes.substr(38, 19) == "application/hwp+zip");
        // Hangul's own order, the same in both directories.
        const std::vector<std::string> expected{"mimetype",           "version.xml",         "Contents/header.xml",
                                                "Contents/section0.xml", "Preview/PrvText.txt", "settings.xml",
                                                "META-INF/container.xml", "Contents/content.hpf",
                                                "META-INF/manifest.xml"};
        std::vector<std::string> central;
        for (const auto& entry : zip.central) central.push_back(entry.name);
        CHECK(central == expected);
        CHECK(zip.localOrder == expected);
        // Python's zipfile lists the central directory the same way and agrees on the method.
        auto entries = e.facts->getArray("entries");
        REQUIRE(entries->size() == expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            auto entry = entries->getObject(static_cast<unsigned>(i));
            CHECK(str(entry, "name") == expected[i]);
            if (i == 0) CHECK(entry->getValue<int>("method") == 0);
        }
    }

    TEST_CASE("version.xml, header.xml and section0.xml: tagetApplication, standalone, the whole namespace set")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        auto e = exportHwpx(ws, "nap4.hwpx", {"--lang", "ko"});
        std::string version = e.zip.part("version.xml");
        CHECK(contains(version, R"(tagetApplication="WORDPROCESSOR")"));
        auto v = e.facts->getObject("version");
        CHECK(str(v, "tag") == "hv:HCFVersion");
        CHECK(str(v, "target") == "WORDPROCESSOR");

        auto roots = e.facts->getObject("roots");
        for (const auto& [part, rootName] : std::vector<std::pair<std::string, std::string>>{
                 {"Contents/header.xml", "hh:head"}, {"Contents/section0.xml", "hs:sec"}}) {
            CAPTURE(part);
            CHECK(e.zip.part(part).rfind(kStandalone, 0) == 0);
            auto root = roots->getObject(part);
            REQUIRE(root);
            CHECK(str(root, "tag") == rootName);
            auto ns = root->getObject("ns");
            CHECK(ns->size() == kNamespaceSet.size());
            for (const auto& [prefix, uri] : kNamespaceSet) {
                CAPTURE(prefix);
                REQUIRE(ns->has(prefix));
                CHECK(str(ns, prefix) == uri);
            }
        }
        // Every XML part parsed (Python's expat is strict about `&`), each with its own root.
        CHECK(roots->size() == 7);
    }

    TEST_CASE("header.xml: secCnt is the number of sections, every itemCnt its child count, every reference resolves")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        auto e = exportHwpx(ws, "nap4.hwpx", {"--lang", "ko"});
        auto sections = e.facts->getArray("sections");
        REQUIRE(sections->size() == 1);
        CHECK(sections->getElement<std::string>(0) == "Contents/section0.xml");
        CHECK(str(e.facts, "secCnt") == std::to_string(sections->size()));
        std::size_t sectionEntries = 0;
        for (const auto& entry : e.zip.central)
            if (entry.name.rfind("Contents/section", 0) == 0) ++sectionEntries;
        CHECK(sectionEntries == sections->size());

        auto counts = e.facts->getArray("counts");
        std::set<std::string> counted;
        for (const auto& c : *counts) {
            auto o = c.extract<Object::Ptr>();
            CAPTURE(str(o, "element"));
            CHECK(str(o, "declared") == std::to_string(o->getValue<int>("children")));
            if (str(o, "attr") == "itemCnt") counted.insert(str(o, "element"));
        }
        for (const char* list : {"hh:fontfaces", "hh:borderFills", "hh:charProperties", "hh:tabProperties",
                                 "hh:numberings", "hh:paraProperties", "hh:styles"})
            CHECK_MESSAGE(counted.count(list) == 1, list);

        CHECK(e.facts->getValue<int>("references") > 100);
        auto unresolved = e.facts->getArray("unresolved");
        for (const auto& u : *unresolved) FAIL_CHECK(u.toString());
        CHECK(unresolved->size() == 0);
    }

    TEST_CASE("section0.xml: secPr in the first run with no text, no linesegarray, notes as real footnotes")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        auto e = exportHwpx(ws, "nap4.hwpx", {"--lang", "ko"});
        auto first = e.facts->getObject("first");
        CHECK(str(first, "firstChild") == "hp:run");
        CHECK(first->getValue<int>("secPrInFirstRun") == 1);
        CHECK(first->getValue<int>("startNum") == 1);
        CHECK(first->getValue<int>("visibility") == 1);
        CHECK(first->getValue<int>("textsInFirstRun") == 0);
        CHECK(first->getValue<int>("secPrTotal") == 1);
        CHECK(str(first, "nextRunText") == "제4차 국가인권정책기본계획 수립을 위한 이주민·난민 인권 공동 권고");

        CHECK(e.facts->getValue<int>("linesegarrays") == 0);
        CHECK_FALSE(contains(e.zip.part("Contents/section0.xml"), "linesegarray"));

        const auto doc = exampleDocument();
        const std::size_t expected = notesIn(doc, "ko");
        REQUIRE(expected >= 5);
        auto notes = e.facts->getArray("footnotes");
        REQUIRE(notes->size() == expected);
        for (std::size_t i = 0; i < notes->size(); ++i) {
            auto n = notes->getObject(static_cast<unsigned>(i));
            CHECK(str(n, "number") == std::to_string(i + 1));
            CHECK(n->getValue<bool>("inCtrl"));
            CHECK(n->getValue<int>("paragraphs") == 1);
        }
        CHECK(contains(str(notes->getObject(0), "text"), "유엔 인종차별철폐위원회, 대한민국 제17~19차 통합 정기보고서에 대한 최종견해"));
        // hwpxjs leaves footnotes out: the body does not swallow them.
        CHECK_FALSE(contains(e.text, "유엔 인종차별철폐위원회"));
    }

    TEST_CASE("container.xml, content.hpf, manifest.xml, the preview and settings.xml")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        auto e = exportHwpx(ws, "nap4.hwpx", {"--lang", "ko"});
        auto rootfiles = e.facts->getArray("rootfiles");
        REQUIRE(rootfiles->size() >= 1);
        CHECK(str(rootfiles->getObject(0), "path") == "Contents/content.hpf");
        CHECK(str(rootfiles->getObject(0), "type") == "application/hwpml-package+xml");
        for (const auto& r : *rootfiles) CHECK(e.zip.find(r.extract<Object::Ptr>()->getValue<std::string>("path")));

        auto roots = e.facts->getObject("roots");
        auto package = roots->getObject("Contents/content.hpf");
        CHECK(str(package, "tag") == "opf:package");
        CHECK(str(package->getObject("ns"), "opf") == "http://www.idpf.org/2007/opf/");
        auto hpf = e.facts->getObject("hpf");
        std::map<std::string, std::string> hrefs;
        for (const auto& i : *hpf->getArray("items")) {
            auto item = i.extract<Object::Ptr>();
            hrefs[str(item, "id")] = str(item, "href");
            CHECK_MESSAGE(e.zip.find(str(item, "href")), "manifest names a missing entry: ", str(item, "href"));
        }
        CHECK(hrefs["header"] == "Contents/header.xml");
        CHECK(hrefs["section0"] == "Contents/section0.xml");
        auto spine = hpf->getArray("spine");
        REQUIRE(spine->size() >= 2);
        CHECK(spine->getElement<std::string>(0) == "header");
        CHECK(spine->getElement<std::string>(1) == "section0");

        CHECK(str(roots->getObject("META-INF/manifest.xml"), "tag") == "odf:manifest");
        CHECK(str(roots->getObject("settings.xml"), "tag") == "ha:HWPApplicationSetting");
        CHECK(str(roots->getObject("META-INF/container.xml"), "tag") == "ocf:container");
        std::string preview = e.zip.part("Preview/PrvText.txt");
        CHECK(preview.rfind("제4차 국가인권정책기본계획 수립을 위한 이주민·난민 인권 공동 권고", 0) == 0);
        CHECK(contains(preview, "고용허가제 이주노동자의 사업장 변경 자유 보장"));
    }

    TEST_CASE("hwpxjs reads every recommendation title and the Korean text of every paragraph")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        auto e = exportHwpx(ws, "nap4-ko.hwpx", {"--lang", "ko"});
        const auto doc = exampleDocument();
        const std::string all = squeeze(e.text);
        std::size_t titles = 0;
        for (const auto& part : accord::workspace::walk(doc)) {
            if (part.section) {
                CHECK_MESSAGE(contains(e.text, accord::workspace::pickLang(part.section->headings, "ko")->text),
                              part.section->id);
                continue;
            }
            const auto& r = *part.recommendation;
            CHECK_MESSAGE(contains(e.text, accord::workspace::pickLang(r.titles, "ko")->text), r.id);
            ++titles;
            for (const auto& p : accord::workspace::pickLang(r.texts, "ko")->paragraphs)
                CHECK_MESSAGE(contains(all, squeeze(accord::workspace::plainText(p))), r.id);
        }
        CHECK(titles >= 15);
        CHECK(contains(e.text, "사업장 변경 횟수 제한과, 최초 사업장이 속한 권역 안에서만 옮길 수 있도록 한 제한을 폐지할 것."));
        CHECK(contains(e.text, "이주민인권 변호사포럼 (연대 사무국), 이주노동자 연대노조, 경남 이주민공동체센터"));
        CHECK(contains(e.text, "지지 단체:"));
        CHECK(contains(e.text, "근거:"));
        CHECK_FALSE(contains(e.text, "Endorsed by"));
        // The document's own profile is generic: decimal numbers, ISO dates, no closing line.
        CHECK(contains(e.text, "1.1. 고용허가제 이주노동자의 사업장 변경 자유 보장"));
        CHECK(contains(e.text, "1.3.1. 중개 수수료 없는 계절근로자 공공 도입"));
        CHECK(contains(e.text, "2023-12-15"));
        CHECK_FALSE(contains(e.text, "끝."));
        // The emphasised law title is italic, in the run of its own.
        bool italicLaw = false;
        for (const auto& p : *paragraphs(e))
            for (const auto& r : *p.extract<Object::Ptr>()->getArray("runs")) {
                auto run = r.extract<Object::Ptr>();
                if (str(run, "text") == "외국인근로자의 고용 등에 관한 법률" && run->getValue<bool>("italic")) italicLaw = true;
                if (contains(str(run, "text"), "시정명령")) CHECK(run->getValue<bool>("bold"));
            }
        CHECK(italicLaw);
    }

    TEST_CASE("English export: English titles, labels and organisation names")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        auto e = exportHwpx(ws, "nap4-en.hwpx", {"--lang", "en"});
        const auto doc = exampleDocument();
        for (const auto& part : accord::workspace::walk(doc))
            if (part.recommendation)
                CHECK_MESSAGE(contains(e.text, accord::workspace::pickLang(part.recommendation->titles, "en")->text),
                              part.recommendation->id);
        CHECK(contains(e.text, "1.1. Freedom to change workplaces under the Employment Permit System"));
        CHECK(contains(e.text, "Endorsed by:"));
        CHECK(contains(e.text, "Migrant Rights Lawyers' Forum (coalition secretariat)"));
        CHECK(contains(e.text, "Medical interpreters in public hospitals (withdrawn)"));
        CHECK_FALSE(contains(e.text, "지지 단체"));
        CHECK_FALSE(contains(e.text, "고용허가제 이주노동자의 사업장 변경 자유 보장"));
        CHECK(e.facts->getArray("footnotes")->size() == notesIn(doc, "en"));
        CHECK(contains(str(e.facts->getArray("footnotes")->getObject(0), "text"),
                       "Committee on the Elimination of Racial Discrimination"));
        // Ampersands and angle brackets in attribute-free text and metadata survive intact.
        std::string xml = readText(ws / "documents/nap4-migrants.xml");
        xml = accord::test::replaceOnce(xml, "joint recommendations of civil society</title>",
                                        "joint recommendations of civil society &amp; &lt;partners&gt;</title>");
        writeText(ws / "documents/nap4-migrants.xml", xml);
        auto amp = exportHwpx(ws, "amp.hwpx", {"--lang", "en"});
        CHECK(contains(amp.text, "civil society & <partners>"));
        CHECK(contains(amp.zip.part("Contents/content.hpf"), "civil society &amp; &lt;partners&gt;"));
    }

    TEST_CASE("nap-kr: markers 1. → 가. → 1) → 가), dates as 2023. 12. 15., 끝. right-aligned, administrative type")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        auto e = exportHwpx(ws, "nap4-nap.hwpx", {"--profile", "nap-kr"});  // the profile's language: ko
        CHECK(contains(e.text, "1. 노동과 고용허가제"));
        CHECK(contains(e.text, "가. 고용허가제 이주노동자의 사업장 변경 자유 보장"));
        CHECK(contains(e.text, "나. 출국만기보험금의 퇴직 시 지급"));
        // A subsection is the third item of section 1; its recommendation the next level down,
        // and the paragraphs of a recommendation the level below that: no level skipped.
        CHECK(contains(e.text, "다. 농어업 계절근로"));
        CHECK(contains(e.text, "1) 중개 수수료 없는 계절근로자 공공 도입"));
        CHECK(contains(e.text, "가) 농어업 계절근로자(E-8)의 도입을"));
        CHECK(contains(e.text, "2) 사업장 변경 횟수 제한과"));
        CHECK(contains(e.text, "2023. 12. 15."));
        CHECK(contains(e.text, "2024. 3. 14."));
        CHECK_FALSE(contains(e.text, "2023-12-15"));
        CHECK_FALSE(contains(e.text, "1.1. "));
        // Joint submitters named at the top, before the first section.
        auto texts = paragraphTexts(e);
        const std::size_t coalition = indexOf(texts, "공동 제출 단체: 이주민인권 변호사포럼 (연대 사무국) (대표), 난민인권연대");
        CHECK(coalition < indexOf(texts, "1. 노동과 고용허가제"));
        CHECK(contains(texts[coalition], "경남 이주민공동체센터"));

        auto last = paragraphs(e)->getObject(static_cast<unsigned>(paragraphs(e)->size() - 1));
        CHECK(str(last, "text") == "끝.");
        CHECK(str(last, "align") == "RIGHT");

        auto fonts = e.facts->getObject("fonts");
        auto hangul = fonts->getArray("HANGUL");
        REQUIRE(hangul);
        CHECK(hangul->getElement<std::string>(0) == "휴먼명조");
        for (const char* lang : {"HANGUL", "LATIN", "HANJA", "JAPANESE", "OTHER", "SYMBOL", "USER"})
            CHECK_MESSAGE(fonts->has(lang), lang);
        // 15 pt title, 13 pt body (10 pt = 1000).
        auto title = paragraphs(e)->getObject(0)->getArray("runs")->getObject(1);
        CHECK(str(title, "height") == "1500");
        for (const auto& p : *paragraphs(e))
            for (const auto& r : *p.extract<Object::Ptr>()->getArray("runs")) {
                auto run = r.extract<Object::Ptr>();
                if (contains(str(run, "text"), "사업장 변경 횟수 제한과")) CHECK(str(run, "height") == "1300");
            }
    }

    TEST_CASE("both: Korean, then English from a new page, footnotes numbered through")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        auto e = exportHwpx(ws, "nap4-both.hwpx", {"--lang", "both", "--profile", "nap-kr"});
        auto texts = paragraphTexts(e);
        const std::size_t ko = indexOf(texts, "제4차 국가인권정책기본계획 수립을 위한 이주민·난민 인권 공동 권고");
        const std::size_t en = indexOf(texts, "Migrants and refugees in the Fourth National Action Plan");
        REQUIRE(ko < texts.size());
        REQUIRE(en < texts.size());
        CHECK(ko < en);
        CHECK(str(paragraphs(e)->getObject(static_cast<unsigned>(en)), "pageBreak") == "1");
        CHECK(contains(e.text, "가. Freedom to change workplaces under the Employment Permit System"));
        CHECK(texts.back() == "끝.");
        const auto doc = exampleDocument();
        auto notes = e.facts->getArray("footnotes");
        CHECK(notes->size() == notesIn(doc, "ko") + notesIn(doc, "en"));
        CHECK(str(notes->getObject(static_cast<unsigned>(notes->size() - 1)), "number") == std::to_string(notes->size()));
        CHECK(e.facts->getObject("first")->getValue<int>("secPrTotal") == 1);
    }

    TEST_CASE("the same document exports to the same bytes")
    {
        TempDir dir;
        fs::path ws = exampleWorkspace(dir);
        auto a = runAccord({"export", "nap4-migrants", "--format", "hwpx", "-o", "a.hwpx"}, ws);
        auto b = runAccord({"export", "nap4-migrants", "--format", "hwpx", "-o", "b.hwpx"}, ws);
        REQUIRE(a.status == 0);
        REQUIRE(b.status == 0);
        CHECK(readText(ws / "a.hwpx") == readText(ws / "b.hwpx"));
        auto all = runAccord({"export", "--all", "out", "--format", "hwpx"}, ws);
        CHECK_MESSAGE(all.status == 0, all.err);
        CHECK(fs::exists(ws / "out/nap4-migrants.hwpx"));
    }
}
