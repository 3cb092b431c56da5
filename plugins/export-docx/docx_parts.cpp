#include "docx_parts.hpp"

#include "ooxml.hpp"

#include <array>

namespace accord::export_docx::parts {

using ooxml::add;
using ooxml::addVal;
using ooxml::set;

namespace {

constexpr std::size_t kLevels = 9;  // what Word allows in one list

/// The header of a w:style, written in the order CT_Style requires.
struct StyleSpec {
    const char* kind;
    const char* id;
    const char* name;
    const char* basedOn = nullptr;
    const char* next = nullptr;
    long uiPriority = 0;
    bool semiHidden = false;
    bool unhideWhenUsed = false;
    bool quick = false;
    bool isDefault = false;
};

/// A w:style element with its header; properties (pPr, rPr, tblPr) are added by the caller.
pugi::xml_node addStyle(pugi::xml_node root, const StyleSpec& spec)
{
    auto s = add(root, "w:style");
    set(s, "w:type", spec.kind);
    if (spec.isDefault) set(s, "w:default", "1");
    set(s, "w:styleId", spec.id);
    addVal(s, "w:name", spec.name);
    if (spec.basedOn) addVal(s, "w:basedOn", spec.basedOn);
    if (spec.next) addVal(s, "w:next", spec.next);
    if (spec.uiPriority) addVal(s, "w:uiPriority", spec.uiPriority);
    if (spec.semiHidden) add(s, "w:semiHidden");
    if (spec.unhideWhenUsed) add(s, "w:unhideWhenUsed");
    if (spec.quick) add(s, "w:qFormat");
    return s;
}

void spacing(pugi::xml_node pPr, long before, long after)
{
    auto s = add(pPr, "w:spacing");
    set(s, "w:before", before);
    set(s, "w:after", after);
}

void size(pugi::xml_node rPr, long halfPoints)
{
    addVal(rPr, "w:sz", halfPoints);
    addVal(rPr, "w:szCs", halfPoints);
}

void bold(pugi::xml_node rPr)
{
    add(rPr, "w:b");
    add(rPr, "w:bCs");
}

void fonts(pugi::xml_node rPr)
{
    auto f = add(rPr, "w:rFonts");
    set(f, "w:ascii", kLatinFont);
    set(f, "w:hAnsi", kLatinFont);
    set(f, "w:eastAsia", kKoreanFont);
    set(f, "w:cs", kLatinFont);
}

void heading(pugi::xml_node root, const char* id, const char* name, long level, long before, long halfPoints)
{
    auto h = addStyle(root, {.kind = "paragraph", .id = id, .name = name, .basedOn = "Normal", .next = "Normal",
                             .uiPriority = 9, .quick = true});
    auto pPr = add(h, "w:pPr");
    add(pPr, "w:keepNext");
    add(pPr, "w:keepLines");
    spacing(pPr, before, 120);
    addVal(pPr, "w:jc", "left");
    addVal(pPr, "w:outlineLvl", level);
    auto rPr = add(h, "w:rPr");
    bold(rPr);
    size(rPr, halfPoints);
}

/// The outline level's number as Word writes it: "%1.%2.", one Korean marker, or one UN marker.
std::string levelText(const Layout& layout, std::size_t level)
{
    const std::string n = "%" + std::to_string(level + 1);
    switch (layout.markers) {
    case Layout::Markers::Decimal: {
        std::string text;
        for (std::size_t i = 0; i <= level; ++i) text += "%" + std::to_string(i + 1) + ".";
        return text;
    }
    case Layout::Markers::Korean:
        switch (level % 6) {
        case 0:
        case 1: return n + ".";
        case 2:
        case 3: return n + ")";
        default: return "(" + n + ")";
        }
    case Layout::Markers::UnOutline: return level % 5 >= 3 ? "(" + n + ")" : n + ".";
    }
    return n + ".";
}

const char* levelFormat(const Layout& layout, std::size_t level)
{
    switch (layout.markers) {
    case Layout::Markers::Decimal: return "decimal";
    // ganada: 가, 나, 다… (ECMA-376 ST_NumberFormat), the Hangul letters of the Korean sequence.
    case Layout::Markers::Korean: return level % 2 == 1 ? "ganada" : "decimal";
    case Layout::Markers::UnOutline: {
        static const std::array<const char*, 5> formats{"upperRoman", "upperLetter", "decimal", "lowerLetter",
                                                        "lowerRoman"};
        return formats[level % formats.size()];
    }
    }
    return "decimal";
}

void level(pugi::xml_node abstractNum, std::size_t ilvl, const char* format, const std::string& text, long left,
           long hanging)
{
    auto lvl = add(abstractNum, "w:lvl");
    set(lvl, "w:ilvl", static_cast<long>(ilvl));
    addVal(lvl, "w:start", 1);
    addVal(lvl, "w:numFmt", format);
    addVal(lvl, "w:suff", "tab");
    addVal(lvl, "w:lvlText", text);
    addVal(lvl, "w:lvlJc", "left");
    auto pPr = add(lvl, "w:pPr");
    auto tab = add(add(pPr, "w:tabs"), "w:tab");
    set(tab, "w:val", "num");
    set(tab, "w:pos", left);
    auto ind = add(pPr, "w:ind");
    set(ind, "w:left", left);
    set(ind, "w:hanging", hanging);
}

} // namespace

long Layout::numberPos(std::size_t level) const
{
    // Korean documents step each level in; UN documents keep numbers at the margin.
    return markers == Markers::Korean ? static_cast<long>(level) * 425 : 0;
}

long Layout::textPos(std::size_t level) const
{
    switch (markers) {
    case Markers::Korean: return numberPos(level) + 425;
    // Headings line up with the numbered paragraphs, but for the roman numerals of the top
    // level: "VIII." is wider than the paragraphs' indent, and its tab would close up on the text.
    case Markers::UnOutline: return level == 0 ? kRomanText : kParagraphText;
    case Markers::Decimal: break;
    }
    return 567 + static_cast<long>(level) * 284;
}

void writeStyles(pugi::xml_document& doc)
{
    auto root = ooxml::startWordPart(doc, "w:styles");

    auto defaults = add(root, "w:docDefaults");
    auto rPr = add(add(defaults, "w:rPrDefault"), "w:rPr");
    fonts(rPr);
    size(rPr, 24);
    auto lang = add(rPr, "w:lang");
    set(lang, "w:val", "en-GB");
    set(lang, "w:eastAsia", "ko-KR");
    set(lang, "w:bidi", "ar-SA");
    auto pPr = add(add(defaults, "w:pPrDefault"), "w:pPr");
    auto lines = add(pPr, "w:spacing");
    set(lines, "w:after", 120);
    set(lines, "w:line", 264);
    set(lines, "w:lineRule", "auto");

    auto normal = addStyle(root, {.kind = "paragraph", .id = "Normal", .name = "Normal", .quick = true,
                                  .isDefault = true});
    auto normalP = add(normal, "w:pPr");
    add(normalP, "w:widowControl");
    // No space put between Hangul and Latin letters or digits: 제4차, not 제 4 차. Word honours these;
    // LibreOffice (7.4) ignores both on import and always adds its quarter-em "Asian/non-Asian" space.
    addVal(normalP, "w:autoSpaceDE", "0");
    addVal(normalP, "w:autoSpaceDN", "0");
    addVal(normalP, "w:jc", "both");

    addStyle(root, {.kind = "character", .id = "DefaultParagraphFont", .name = "Default Paragraph Font",
                    .uiPriority = 1, .semiHidden = true, .unhideWhenUsed = true, .isDefault = true});

    auto tableNormal = addStyle(root, {.kind = "table", .id = "TableNormal", .name = "Normal Table", .uiPriority = 99,
                                       .semiHidden = true, .unhideWhenUsed = true, .isDefault = true});
    auto tnPr = add(tableNormal, "w:tblPr");
    auto tnInd = add(tnPr, "w:tblInd");
    set(tnInd, "w:w", 0);
    set(tnInd, "w:type", "dxa");
    auto margins = add(tnPr, "w:tblCellMar");
    for (const char* side : {"w:top", "w:left", "w:bottom", "w:right"}) {
        auto m = add(margins, side);
        const bool horizontal = side[2] == 'l' || side[2] == 'r';
        set(m, "w:w", horizontal ? 108 : 0);
        set(m, "w:type", "dxa");
    }

    auto title = addStyle(root, {.kind = "paragraph", .id = style::kTitle, .name = "Title", .basedOn = "Normal",
                                 .next = "Normal", .uiPriority = 10, .quick = true});
    auto titleP = add(title, "w:pPr");
    add(titleP, "w:keepNext");
    spacing(titleP, 0, 240);
    addVal(titleP, "w:jc", "center");
    auto titleR = add(title, "w:rPr");
    bold(titleR);
    size(titleR, 32);

    auto subtitle = addStyle(root, {.kind = "paragraph", .id = style::kSubtitle, .name = "Subtitle",
                                    .basedOn = "Normal", .next = "Normal", .uiPriority = 11, .quick = true});
    auto subtitleP = add(subtitle, "w:pPr");
    add(subtitleP, "w:keepNext");
    spacing(subtitleP, 0, 240);
    addVal(subtitleP, "w:jc", "center");
    auto subtitleR = add(subtitle, "w:rPr");
    bold(subtitleR);
    size(subtitleR, 28);

    heading(root, style::kHeading1, "heading 1", 0, 360, 28);
    heading(root, style::kHeading2, "heading 2", 1, 240, 26);
    heading(root, style::kHeading3, "heading 3", 2, 240, 24);

    auto rec = addStyle(root, {.kind = "paragraph", .id = style::kRecommendation, .name = "Recommendation Title",
                               .basedOn = "Normal", .next = "Normal", .quick = true});
    auto recP = add(rec, "w:pPr");
    add(recP, "w:keepNext");
    add(recP, "w:keepLines");
    spacing(recP, 240, 120);
    addVal(recP, "w:jc", "left");
    bold(add(rec, "w:rPr"));

    auto cover = addStyle(root, {.kind = "paragraph", .id = style::kCoverFact, .name = "Cover Fact",
                                 .basedOn = "Normal", .quick = true});
    auto coverP = add(cover, "w:pPr");
    spacing(coverP, 0, 40);
    addVal(coverP, "w:jc", "left");

    auto fact = addStyle(root, {.kind = "paragraph", .id = style::kFact, .name = "Recommendation Fact",
                                .basedOn = "Normal", .quick = true});
    auto factP = add(fact, "w:pPr");
    spacing(factP, 0, 40);
    addVal(factP, "w:jc", "left");
    size(add(fact, "w:rPr"), 20);

    auto quote = addStyle(root, {.kind = "paragraph", .id = style::kQuote, .name = "Quote", .basedOn = "Normal",
                                 .next = "Normal", .uiPriority = 29, .quick = true});
    auto quoteP = add(quote, "w:pPr");
    auto quoteInd = add(quoteP, "w:ind");
    set(quoteInd, "w:right", 567);
    size(add(quote, "w:rPr"), 22);

    auto closing = addStyle(root, {.kind = "paragraph", .id = style::kClosing, .name = "Closing", .basedOn = "Normal",
                                   .quick = true});
    auto closingP = add(closing, "w:pPr");
    spacing(closingP, 240, 0);
    addVal(closingP, "w:jc", "right");

    auto noteText = addStyle(root, {.kind = "paragraph", .id = style::kFootnoteText, .name = "footnote text",
                                    .basedOn = "Normal", .uiPriority = 99, .unhideWhenUsed = true});
    auto noteP = add(noteText, "w:pPr");
    auto noteSpacing = add(noteP, "w:spacing");
    set(noteSpacing, "w:after", 0);
    set(noteSpacing, "w:line", 240);
    set(noteSpacing, "w:lineRule", "auto");
    auto noteInd = add(noteP, "w:ind");
    set(noteInd, "w:left", 284);
    set(noteInd, "w:hanging", 284);
    addVal(noteP, "w:jc", "left");
    size(add(noteText, "w:rPr"), 20);

    auto noteRef = addStyle(root, {.kind = "character", .id = style::kFootnoteReference, .name = "footnote reference",
                                   .basedOn = "DefaultParagraphFont", .uiPriority = 99, .unhideWhenUsed = true});
    addVal(add(noteRef, "w:rPr"), "w:vertAlign", "superscript");

    auto link = addStyle(root, {.kind = "character", .id = style::kHyperlink, .name = "Hyperlink",
                                .basedOn = "DefaultParagraphFont", .uiPriority = 99, .unhideWhenUsed = true});
    auto linkR = add(link, "w:rPr");
    addVal(linkR, "w:color", "0563C1");
    addVal(linkR, "w:u", "single");

    auto footer = addStyle(root, {.kind = "paragraph", .id = style::kFooter, .name = "footer", .basedOn = "Normal",
                                  .uiPriority = 99, .unhideWhenUsed = true});
    auto footerP = add(footer, "w:pPr");
    spacing(footerP, 0, 0);
    addVal(footerP, "w:jc", "center");
    size(add(footer, "w:rPr"), 20);

    auto grid = addStyle(root, {.kind = "table", .id = style::kTable, .name = "Table Grid", .basedOn = "TableNormal",
                                .uiPriority = 39});
    auto gridP = add(grid, "w:pPr");
    spacing(gridP, 0, 80);
    auto borders = add(add(grid, "w:tblPr"), "w:tblBorders");
    for (const char* side : {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"}) {
        auto b = add(borders, side);
        set(b, "w:val", "single");
        set(b, "w:sz", 4);
        set(b, "w:space", 0);
        set(b, "w:color", "A6A6A6");
    }
}

void writeNumbering(pugi::xml_document& doc, const Layout& layout)
{
    auto root = ooxml::startWordPart(doc, "w:numbering");

    auto outline = add(root, "w:abstractNum");
    set(outline, "w:abstractNumId", 0);
    addVal(outline, "w:multiLevelType", "multilevel");
    for (std::size_t i = 0; i < kLevels; ++i)
        level(outline, i, levelFormat(layout, i), levelText(layout, i), layout.textPos(i),
              layout.textPos(i) - layout.numberPos(i));

    auto paragraphs = add(root, "w:abstractNum");
    set(paragraphs, "w:abstractNumId", 1);
    addVal(paragraphs, "w:multiLevelType", "singleLevel");
    level(paragraphs, 0, "decimal", "%1.", Layout::kParagraphText, Layout::kParagraphText);

    auto num1 = add(root, "w:num");
    set(num1, "w:numId", kOutlineList);
    addVal(num1, "w:abstractNumId", 0);
    auto num2 = add(root, "w:num");
    set(num2, "w:numId", kParagraphList);
    addVal(num2, "w:abstractNumId", 1);
}

void writeSettings(pugi::xml_document& doc)
{
    auto root = ooxml::startWordPart(doc, "w:settings");
    // CT_Settings is a sequence: the order below is the schema's.
    set(add(root, "w:zoom"), "w:percent", 100);
    addVal(root, "w:defaultTabStop", 720);
    addVal(root, "w:characterSpacingControl", "doNotCompress");
    auto notes = add(root, "w:footnotePr");
    set(add(notes, "w:footnote"), "w:id", -1);
    set(add(notes, "w:footnote"), "w:id", 0);
    auto compat = add(add(root, "w:compat"), "w:compatSetting");
    set(compat, "w:name", "compatibilityMode");
    set(compat, "w:uri", "http://schemas.microsoft.com/office/word");
    set(compat, "w:val", "15");
    auto lang = add(root, "w:themeFontLang");
    set(lang, "w:val", "en-GB");
    set(lang, "w:eastAsia", "ko-KR");
}

void writeFontTable(pugi::xml_document& doc)
{
    auto root = ooxml::startWordPart(doc, "w:fonts");
    auto latin = add(root, "w:font");
    set(latin, "w:name", kLatinFont);
    addVal(latin, "w:panose1", "02020603050405020304");
    addVal(latin, "w:charset", "00");
    addVal(latin, "w:family", "roman");
    addVal(latin, "w:pitch", "variable");
    auto korean = add(root, "w:font");
    set(korean, "w:name", kKoreanFont);
    addVal(korean, "w:altName", "나눔명조");
    addVal(korean, "w:charset", "81");  // Hangul: Word falls back to a Korean serif (Batang) without the font
    addVal(korean, "w:family", "roman");
    addVal(korean, "w:pitch", "variable");
}

void writeFooter(pugi::xml_document& doc, bool korean)
{
    auto root = ooxml::startWordPart(doc, "w:ftr");
    auto p = add(root, "w:p");
    addVal(add(p, "w:pPr"), "w:pStyle", style::kFooter);
    auto text = [&](const char* t) {
        auto r = add(p, "w:r");
        auto node = add(r, "w:t");
        set(node, "xml:space", "preserve");
        node.text().set(t);
    };
    auto field = [&](const char* kind) {
        set(add(add(p, "w:r"), "w:fldChar"), "w:fldCharType", kind);
    };
    if (korean) text("- ");
    field("begin");
    auto instr = add(add(p, "w:r"), "w:instrText");
    set(instr, "xml:space", "preserve");
    instr.text().set(" PAGE ");
    field("separate");
    text("1");
    field("end");
    if (korean) text(" -");
}

void writeCore(pugi::xml_document& doc, const CoreProperties& props)
{
    auto root = ooxml::startPart(doc, "cp:coreProperties");
    set(root, "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
    set(root, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
    set(root, "xmlns:dcterms", "http://purl.org/dc/terms/");
    set(root, "xmlns:dcmitype", "http://purl.org/dc/dcmitype/");
    set(root, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    auto element = [&](const char* name, const std::string& value) {
        if (!value.empty()) add(root, name).text().set(value.c_str());
    };
    element("dc:title", props.title);
    element("dc:subject", props.subject);
    element("dc:creator", props.creator);
    element("dc:identifier", props.identifier);
    element("dc:language", props.language);
}

void writeApp(pugi::xml_document& doc, const std::string& company)
{
    auto root = ooxml::startPart(doc, "Properties");
    set(root, "xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
    set(root, "xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes");
    add(root, "Application").text().set("Accord");
    add(root, "DocSecurity").text().set("0");
    if (!company.empty()) add(root, "Company").text().set(company.c_str());
}

} // namespace accord::export_docx::parts
