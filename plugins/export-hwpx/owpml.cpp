#include "owpml.hpp"

#include "accord/workspace/canonical_xml.hpp"

#include <algorithm>
#include <utility>

namespace accord::export_hwpx::owpml {

const std::array<Namespace, 15> kNamespaces{{
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
}};

namespace {

/// The script slots of every per-language property, in the schema's order.
constexpr std::array<const char*, 7> kScripts{"hangul", "latin", "hanja", "japanese", "other", "symbol", "user"};
constexpr std::array<const char*, 7> kFontfaceLangs{"HANGUL", "LATIN", "HANJA", "JAPANESE", "OTHER", "SYMBOL", "USER"};

/// Hancom's "no property" id, used where a numbering level takes the paragraph's characters.
constexpr const char* kNoId = "4294967295";

pugi::xml_node child(pugi::xml_node parent, const char* name)
{
    return parent.append_child(name);
}

template <typename T>
void set(pugi::xml_node node, const char* name, T value)
{
    node.append_attribute(name) = value;
}

void set(pugi::xml_node node, const char* name, const std::string& value)
{
    node.append_attribute(name) = value.c_str();
}

/// One element with the same value in every script slot.
void perScript(pugi::xml_node parent, const char* name, int value)
{
    auto n = child(parent, name);
    for (const char* script : kScripts) set(n, script, value);
}

const char* alignName(Align a)
{
    switch (a) {
    case Align::Left: return "LEFT";
    case Align::Center: return "CENTER";
    case Align::Right: return "RIGHT";
    case Align::Justify: break;
    }
    return "JUSTIFY";
}

void borderFill(pugi::xml_node list, int id, bool withBrush)
{
    auto bf = child(list, "hh:borderFill");
    set(bf, "id", id);
    set(bf, "threeD", 0);
    set(bf, "shadow", 0);
    set(bf, "centerLine", "NONE");
    set(bf, "breakCellSeparateLine", 0);
    for (const char* name : {"hh:slash", "hh:backSlash"}) {
        auto n = child(bf, name);
        set(n, "type", "NONE");
        set(n, "Crooked", 0);
        set(n, "isCounter", 0);
    }
    for (const char* name : {"hh:leftBorder", "hh:rightBorder", "hh:topBorder", "hh:bottomBorder"}) {
        auto n = child(bf, name);
        set(n, "type", "NONE");
        set(n, "width", "0.1 mm");
        set(n, "color", "#000000");
    }
    auto diagonal = child(bf, "hh:diagonal");
    set(diagonal, "type", "SOLID");
    set(diagonal, "width", "0.1 mm");
    set(diagonal, "color", "#000000");
    if (withBrush) {
        auto brush = child(child(bf, "hc:fillBrush"), "hc:winBrush");
        set(brush, "faceColor", "none");
        set(brush, "hatchColor", "#999999");
        set(brush, "alpha", 0);
    }
}

void font(pugi::xml_node fontface, int id, const Font& f)
{
    auto n = child(fontface, "hh:font");
    set(n, "id", id);
    set(n, "face", f.face);
    set(n, "type", "TTF");
    set(n, "isEmbedded", 0);
    if (!f.substitute.empty()) {
        auto subst = child(n, "hh:substFont");
        set(subst, "face", f.substitute);
        set(subst, "type", "TTF");
        set(subst, "isEmbedded", 0);
        set(subst, "binaryItemIDRef", "");
    }
}

void charPrElement(pugi::xml_node list, std::size_t id, const CharStyle& s)
{
    auto n = child(list, "hh:charPr");
    set(n, "id", static_cast<unsigned>(id));
    set(n, "height", s.height);
    set(n, "textColor", s.color);
    set(n, "shadeColor", "none");
    set(n, "useFontSpace", 0);
    set(n, "useKerning", 0);
    set(n, "symMark", "NONE");
    set(n, "borderFillIDRef", 2);
    perScript(n, "hh:fontRef", static_cast<int>(s.font));
    perScript(n, "hh:ratio", 100);
    perScript(n, "hh:spacing", 0);
    perScript(n, "hh:relSz", 100);
    perScript(n, "hh:offset", 0);
    if (s.italic) child(n, "hh:italic");
    if (s.bold) child(n, "hh:bold");
    auto underline = child(n, "hh:underline");
    set(underline, "type", s.underline ? "BOTTOM" : "NONE");
    set(underline, "shape", "SOLID");
    set(underline, "color", s.color);
    auto strikeout = child(n, "hh:strikeout");
    set(strikeout, "shape", "NONE");
    set(strikeout, "color", "#000000");
    set(child(n, "hh:outline"), "type", "NONE");
    auto shadow = child(n, "hh:shadow");
    set(shadow, "type", "NONE");
    set(shadow, "color", "#C0C0C0");
    set(shadow, "offsetX", 10);
    set(shadow, "offsetY", 10);
}

void margins(pugi::xml_node parent, const ParaStyle& s, int scale)
{
    auto margin = child(parent, "hh:margin");
    const std::pair<const char*, int> values[]{
        {"hc:intent", s.indent}, {"hc:left", s.left}, {"hc:right", 0}, {"hc:prev", s.before}, {"hc:next", s.after}};
    for (const auto& [name, value] : values) {
        auto n = child(margin, name);
        set(n, "value", value * scale);
        set(n, "unit", "HWPUNIT");
    }
    auto spacing = child(parent, "hh:lineSpacing");
    set(spacing, "type", "PERCENT");
    set(spacing, "value", s.lineSpacing);
    set(spacing, "unit", "HWPUNIT");
}

void paraPrElement(pugi::xml_node list, std::size_t id, const ParaStyle& s)
{
    auto n = child(list, "hh:paraPr");
    set(n, "id", static_cast<unsigned>(id));
    set(n, "tabPrIDRef", 0);
    set(n, "condense", 0);
    set(n, "fontLineHeight", 0);
    set(n, "snapToGrid", 1);
    set(n, "suppressLineNumbers", 0);
    set(n, "checked", 0);
    auto align = child(n, "hh:align");
    set(align, "horizontal", alignName(s.align));
    set(align, "vertical", "BASELINE");
    auto heading = child(n, "hh:heading");
    set(heading, "type", "NONE");
    set(heading, "idRef", 0);
    set(heading, "level", 0);
    auto breaks = child(n, "hh:breakSetting");
    set(breaks, "breakLatinWord", "KEEP_WORD");
    set(breaks, "breakNonLatinWord", "KEEP_WORD");
    set(breaks, "widowOrphan", 0);
    set(breaks, "keepWithNext", s.keepWithNext ? 1 : 0);
    set(breaks, "keepLines", 0);
    set(breaks, "pageBreakBefore", 0);
    set(breaks, "lineWrap", "BREAK");
    auto autoSpacing = child(n, "hh:autoSpacing");
    set(autoSpacing, "eAsianEng", 0);
    set(autoSpacing, "eAsianNum", 0);
    // As Hangul writes it: readers that know HwpUnitChar take the case, older ones
    // the default, where margins count double.
    auto sw = child(n, "hp:switch");
    auto unitCase = child(sw, "hp:case");
    set(unitCase, "hp:required-namespace", "http://www.hancom.co.kr/hwpml/2016/HwpUnitChar");
    margins(unitCase, s, 1);
    margins(child(sw, "hp:default"), s, 2);
    auto border = child(n, "hh:border");
    set(border, "borderFillIDRef", 2);
    for (const char* side : {"offsetLeft", "offsetRight", "offsetTop", "offsetBottom"}) set(border, side, 0);
    set(border, "connect", 0);
    set(border, "ignoreMargin", 0);
}

/// The outline numbering `hp:secPr/@outlineShapeIDRef` points at: the Korean
/// administrative sequence 1. → 가. → 1) → 가) → (1) → (가).
void outlineNumbering(pugi::xml_node list)
{
    struct Level {
        const char* format;
        const char* text;
    };
    const Level levels[]{{"DIGIT", "^1."},          {"HANGUL_SYLLABLE", "^2."}, {"DIGIT", "^3)"},
                         {"HANGUL_SYLLABLE", "^4)"}, {"DIGIT", "(^5)"},         {"HANGUL_SYLLABLE", "(^6)"},
                         {"CIRCLED_DIGIT", "^7"}};
    auto numbering = child(list, "hh:numbering");
    set(numbering, "id", 1);
    set(numbering, "start", 0);
    int level = 1;
    for (const auto& l : levels) {
        auto head = child(numbering, "hh:paraHead");
        set(head, "start", 1);
        set(head, "level", level++);
        set(head, "align", "LEFT");
        set(head, "useInstWidth", 1);
        set(head, "autoIndent", 1);
        set(head, "widthAdjust", 0);
        set(head, "textOffsetType", "PERCENT");
        set(head, "textOffset", 50);
        set(head, "numFormat", l.format);
        set(head, "charPrIDRef", kNoId);
        set(head, "checkable", 0);
        head.text().set(l.text);
    }
}

/// Sets `itemCnt` to the number of child elements, once they are all there.
void countItems(pugi::xml_node list)
{
    unsigned n = 0;
    for (auto c = list.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element) ++n;
    list.prepend_attribute("itemCnt") = n;
}

void noteProperties(pugi::xml_node secPr, const char* name, bool footnotes)
{
    auto pr = child(secPr, name);
    auto format = child(pr, "hp:autoNumFormat");
    set(format, "type", "DIGIT");
    set(format, "userChar", "");
    set(format, "prefixChar", "");
    set(format, "suffixChar", ")");
    set(format, "supscript", 0);
    auto line = child(pr, "hp:noteLine");
    set(line, "length", footnotes ? -1 : 14692344);
    set(line, "type", "SOLID");
    set(line, "width", "0.12 mm");
    set(line, "color", "#000000");
    auto spacing = child(pr, "hp:noteSpacing");
    set(spacing, "betweenNotes", footnotes ? 283 : 0);
    set(spacing, "belowLine", 567);
    set(spacing, "aboveLine", 850);
    auto numbering = child(pr, "hp:numbering");
    set(numbering, "type", "CONTINUOUS");
    set(numbering, "newNum", 1);
    auto placement = child(pr, "hp:placement");
    set(placement, "place", footnotes ? "EACH_COLUMN" : "END_OF_DOCUMENT");
    set(placement, "beneathText", 0);
}

} // namespace

pugi::xml_document newPart()
{
    pugi::xml_document doc;
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    decl.append_attribute("standalone") = "yes";
    return doc;
}

pugi::xml_node addRoot(pugi::xml_document& doc, const char* name)
{
    auto root = doc.append_child(name);
    for (const auto& ns : kNamespaces) root.append_attribute((std::string("xmlns:") + ns.prefix).c_str()) = ns.uri;
    return root;
}

std::string serialize(const pugi::xml_document& doc)
{
    return workspace::xml::saveRaw(doc);
}

// ---------------------------------------------------------------------------------------------
// header.xml

Styles::Styles(Fonts fonts, int langId) : fonts_(std::move(fonts)), langId_(langId) {}

std::uint32_t Styles::charPr(const CharStyle& style)
{
    auto it = std::find(chars_.begin(), chars_.end(), style);
    if (it == chars_.end()) it = chars_.insert(chars_.end(), style);
    return static_cast<std::uint32_t>(it - chars_.begin());
}

std::uint32_t Styles::paraPr(const ParaStyle& style)
{
    auto it = std::find(paras_.begin(), paras_.end(), style);
    if (it == paras_.end()) it = paras_.insert(paras_.end(), style);
    return static_cast<std::uint32_t>(it - paras_.begin());
}

std::uint32_t Styles::addStyle(std::string name, std::string engName, const ParaStyle& para, const CharStyle& chars)
{
    styles_.push_back(Named{std::move(name), std::move(engName), paraPr(para), charPr(chars)});
    return static_cast<std::uint32_t>(styles_.size() - 1);
}

std::string Styles::headerXml(std::size_t sectionCount) const
{
    auto doc = newPart();
    auto head = addRoot(doc, "hh:head");
    set(head, "version", "1.4");
    set(head, "secCnt", static_cast<unsigned>(sectionCount));

    auto begin = child(head, "hh:beginNum");
    for (const char* what : {"page", "footnote", "endnote", "pic", "tbl", "equation"}) set(begin, what, 1);

    auto refs = child(head, "hh:refList");
    auto fontfaces = child(refs, "hh:fontfaces");
    for (const char* lang : kFontfaceLangs) {
        auto face = child(fontfaces, "hh:fontface");
        set(face, "lang", lang);
        set(face, "fontCnt", 2);
        font(face, static_cast<int>(FontRole::Body), fonts_.body);
        font(face, static_cast<int>(FontRole::Heading), fonts_.heading);
    }
    countItems(fontfaces);

    auto borderFills = child(refs, "hh:borderFills");
    borderFill(borderFills, 1, false);  // pages
    borderFill(borderFills, 2, true);   // characters and paragraphs
    countItems(borderFills);

    auto chars = child(refs, "hh:charProperties");
    for (std::size_t i = 0; i < chars_.size(); ++i) charPrElement(chars, i, chars_[i]);
    countItems(chars);

    auto tabs = child(refs, "hh:tabProperties");
    auto tab = child(tabs, "hh:tabPr");
    set(tab, "id", 0);
    set(tab, "autoTabLeft", 0);
    set(tab, "autoTabRight", 0);
    countItems(tabs);

    auto numberings = child(refs, "hh:numberings");
    outlineNumbering(numberings);
    countItems(numberings);

    auto paras = child(refs, "hh:paraProperties");
    for (std::size_t i = 0; i < paras_.size(); ++i) paraPrElement(paras, i, paras_[i]);
    countItems(paras);

    auto styles = child(refs, "hh:styles");
    for (std::size_t i = 0; i < styles_.size(); ++i) {
        const Named& s = styles_[i];
        auto n = child(styles, "hh:style");
        set(n, "id", static_cast<unsigned>(i));
        set(n, "type", "PARA");
        set(n, "name", s.name);
        set(n, "engName", s.engName);
        set(n, "paraPrIDRef", s.paraPr);
        set(n, "charPrIDRef", s.charPr);
        set(n, "nextStyleIDRef", static_cast<unsigned>(i));
        set(n, "langID", langId_);
        set(n, "lockForm", 0);
    }
    countItems(styles);

    auto compatible = child(head, "hh:compatibleDocument");
    set(compatible, "targetProgram", "HWP201X");
    child(compatible, "hh:layoutCompatibility");
    auto link = child(child(head, "hh:docOption"), "hh:linkinfo");
    set(link, "path", "");
    set(link, "pageInherit", 0);
    set(link, "footnoteInherit", 0);
    set(child(head, "hh:trackchageConfig"), "flags", 56);  // sic: Hancom's spelling
    return serialize(doc);
}

// ---------------------------------------------------------------------------------------------
// section0.xml

SectionBuilder::SectionBuilder(PageSetup page)
    : page_(page), part_([](pugi::xml_document& frame) {
          frame = newPart();
          return addRoot(frame, "hs:sec");
      })
{
}

pugi::xml_node SectionBuilder::paragraph(std::uint32_t paraPr, std::uint32_t style, bool pageBreak)
{
    auto p = child(part_.body(), "hp:p");
    set(p, "id", nextParagraphId_++);
    set(p, "paraPrIDRef", paraPr);
    set(p, "styleIDRef", style);
    set(p, "pageBreak", pageBreak ? 1 : 0);
    set(p, "columnBreak", 0);
    set(p, "merged", 0);
    if (paragraphs_++ == 0) {
        auto run = child(p, "hp:run");
        set(run, "charPrIDRef", 0);
        sectionProperties(run);
    }
    return p;
}

void SectionBuilder::text(pugi::xml_node paragraph, std::uint32_t charPr, std::string_view text)
{
    if (text.empty()) return;
    auto last = paragraph.last_child();
    const bool continues = last && std::string_view(last.name()) == "hp:run" &&
                           last.attribute("charPrIDRef").as_uint() == charPr && last.first_child() &&
                           last.first_child() == last.last_child() && std::string_view(last.first_child().name()) == "hp:t";
    if (continues) {
        auto t = last.first_child();
        std::string joined = t.text().get();
        joined.append(text);
        t.text().set(joined.c_str());
        return;
    }
    auto run = child(paragraph, "hp:run");
    set(run, "charPrIDRef", charPr);
    child(run, "hp:t").text().set(std::string(text).c_str());
}

pugi::xml_node SectionBuilder::footnote(pugi::xml_node paragraph, std::uint32_t charPr, unsigned number)
{
    auto run = child(paragraph, "hp:run");
    set(run, "charPrIDRef", charPr);
    auto note = child(child(run, "hp:ctrl"), "hp:footNote");
    set(note, "number", number);
    set(note, "suffixChar", 41);  // ')'
    set(note, "instId", 0x10000000u + number);
    auto list = child(note, "hp:subList");
    set(list, "id", "");
    set(list, "textDirection", "HORIZONTAL");
    set(list, "lineWrap", "BREAK");
    set(list, "vertAlign", "TOP");
    set(list, "linkListIDRef", 0);
    set(list, "linkListNextIDRef", 0);
    set(list, "textWidth", 0);
    set(list, "textHeight", 0);
    set(list, "hasTextRef", 0);
    set(list, "hasNumRef", 0);
    return list;
}

pugi::xml_node SectionBuilder::noteParagraph(pugi::xml_node subList, std::uint32_t paraPr, std::uint32_t style,
                                             std::uint32_t charPr)
{
    const bool first = !subList.first_child();
    auto p = child(subList, "hp:p");
    set(p, "id", nextParagraphId_++);
    set(p, "paraPrIDRef", paraPr);
    set(p, "styleIDRef", style);
    set(p, "pageBreak", 0);
    set(p, "columnBreak", 0);
    set(p, "merged", 0);
    if (first) {
        auto run = child(p, "hp:run");
        set(run, "charPrIDRef", charPr);
        auto num = child(child(run, "hp:ctrl"), "hp:autoNum");
        set(num, "num", subList.parent().attribute("number").as_uint());
        set(num, "numType", "FOOTNOTE");
        auto format = child(num, "hp:autoNumFormat");
        set(format, "type", "DIGIT");
        set(format, "userChar", "");
        set(format, "prefixChar", "");
        set(format, "suffixChar", ")");
        set(format, "supscript", 0);
    }
    return p;
}

void SectionBuilder::sectionProperties(pugi::xml_node run) const
{
    auto secPr = child(run, "hp:secPr");
    set(secPr, "id", "");
    set(secPr, "textDirection", "HORIZONTAL");
    set(secPr, "spaceColumns", 1134);
    set(secPr, "tabStop", 8000);
    set(secPr, "tabStopVal", 4000);
    set(secPr, "tabStopUnit", "HWPUNIT");
    set(secPr, "outlineShapeIDRef", 1);
    set(secPr, "memoShapeIDRef", 0);
    set(secPr, "textVerticalWidthHead", 0);
    set(secPr, "masterPageCnt", 0);

    auto grid = child(secPr, "hp:grid");
    set(grid, "lineGrid", 0);
    set(grid, "charGrid", 0);
    set(grid, "wonggojiFormat", 0);
    auto startNum = child(secPr, "hp:startNum");
    set(startNum, "pageStartsOn", "BOTH");
    for (const char* what : {"page", "pic", "tbl", "equation"}) set(startNum, what, 0);
    auto visibility = child(secPr, "hp:visibility");
    set(visibility, "hideFirstHeader", 0);
    set(visibility, "hideFirstFooter", 0);
    set(visibility, "hideFirstMasterPage", 0);
    set(visibility, "border", "SHOW_ALL");
    set(visibility, "fill", "SHOW_ALL");
    set(visibility, "hideFirstPageNum", 0);
    set(visibility, "hideFirstEmptyLine", 0);
    set(visibility, "showLineNumber", 0);
    auto lineNumbers = child(secPr, "hp:lineNumberShape");
    for (const char* what : {"restartType", "countBy", "distance", "startNumber"}) set(lineNumbers, what, 0);

    auto pagePr = child(secPr, "hp:pagePr");
    set(pagePr, "landscape", "WIDELY");  // Hancom's word for portrait
    set(pagePr, "width", page_.width);
    set(pagePr, "height", page_.height);
    set(pagePr, "gutterType", "LEFT_ONLY");
    auto margin = child(pagePr, "hp:margin");
    set(margin, "header", page_.header);
    set(margin, "footer", page_.footer);
    set(margin, "gutter", 0);
    set(margin, "left", page_.left);
    set(margin, "right", page_.right);
    set(margin, "top", page_.top);
    set(margin, "bottom", page_.bottom);

    noteProperties(secPr, "hp:footNotePr", true);
    noteProperties(secPr, "hp:endNotePr", false);
    for (const char* type : {"BOTH", "EVEN", "ODD"}) {
        auto fill = child(secPr, "hp:pageBorderFill");
        set(fill, "type", type);
        set(fill, "borderFillIDRef", 1);
        set(fill, "textBorder", "PAPER");
        set(fill, "headerInside", 0);
        set(fill, "footerInside", 0);
        set(fill, "fillArea", "PAPER");
        auto offset = child(fill, "hp:offset");
        for (const char* side : {"left", "right", "top", "bottom"}) set(offset, side, 1417);
    }

    auto columns = child(child(run, "hp:ctrl"), "hp:colPr");
    set(columns, "id", "");
    set(columns, "type", "NEWSPAPER");
    set(columns, "layout", "LEFT");
    set(columns, "colCount", 1);
    set(columns, "sameSz", 1);
    set(columns, "sameGap", 0);
    // Numbered pages, "- 1 -" at the foot, as official documents have them.
    auto pageNum = child(child(run, "hp:ctrl"), "hp:pageNum");
    set(pageNum, "pos", "BOTTOM_CENTER");
    set(pageNum, "formatType", "DIGIT");
    set(pageNum, "sideChar", "-");
}

} // namespace accord::export_hwpx::owpml
