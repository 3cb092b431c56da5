#include "docx_writer.hpp"

#include "docx_parts.hpp"
#include "ooxml.hpp"

#include "accord/plugin/labels.hpp"
#include "accord/workspace/strings.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace accord::export_docx {

using namespace accord::workspace;
using ooxml::add;
using ooxml::addVal;
using ooxml::set;
namespace style = parts::style;

namespace {

/// The BCP 47 tag Word and Dublin Core expect for a submission language.
std::string languageTag(std::string_view lang)
{
    if (lang == "en") return "en-GB";
    if (lang == "ko") return "ko-KR";
    return std::string(lang);
}

/// Whether `text` holds Hangul (syllables, jamo or compatibility jamo).
bool hasHangul(std::string_view text)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0xE0 || c >= 0xF0 || i + 2 >= text.size()) continue;
        const auto c1 = static_cast<unsigned char>(text[i + 1]);
        const auto c2 = static_cast<unsigned char>(text[i + 2]);
        const unsigned cp = ((c & 0x0Fu) << 12) | ((c1 & 0x3Fu) << 6) | (c2 & 0x3Fu);
        if ((cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F))
            return true;
    }
    return false;
}

enum class Script { Neutral, Hangul, Latin };

/// `text` cut where it changes between Hangul and Latin letters; digits, spaces and
/// punctuation stay with the letters before them (or after them, at the start). A
/// stretch without letters is Neutral.
std::vector<std::pair<Script, std::string_view>> scriptStretches(std::string_view text)
{
    std::vector<std::pair<Script, std::string_view>> out;
    std::size_t start = 0;
    Script current = Script::Neutral;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        Script kind = Script::Neutral;
        if (hasHangul(text.substr(i, len)))
            kind = Script::Hangul;
        else if (std::isalpha(c) || (len == 2 && c >= 0xC3 && c <= 0xC9))  // ASCII and accented Latin letters
            kind = Script::Latin;
        if (kind != Script::Neutral && current != Script::Neutral && kind != current) {
            out.emplace_back(current, text.substr(start, i - start));
            start = i;
        }
        if (kind != Script::Neutral) current = kind;
        i += len;
    }
    out.emplace_back(current, text.substr(start));
    return out;
}

/// How a run looks.
struct Format {
    bool bold = false;
    bool italic = false;
    bool link = false;    ///< inside a w:hyperlink
    bool korean = false;  ///< Korean text: w:lang ko-KR, East Asian font for shared characters
};

/// A paragraph's place in a Word list.
struct Numbered {
    long list = 0;  ///< w:numId, 0 for none
    std::size_t level = 0;
};

/// A paragraph's properties; what is unset is left to the style.
struct Para {
    const char* style = nullptr;
    Numbered number{};
    std::optional<long> indent{};  ///< left indent, twips
    std::optional<long> before{};  ///< space before, twips
    std::optional<long> after{};   ///< space after, twips
    const char* jc = nullptr;      ///< alignment
};

/// The page of a profile, in twips.
struct Page {
    long width, height, margin;
};

Page pageOf(const Profile& profile)
{
    if (profile.pageSize == "Letter") return Page{12240, 15840, 1440};
    return Page{11906, 16838, 1417};  // A4, margins of 2.5 cm
}

/// Korean markers when the profile asks for them; else the UN outline beside numbered
/// paragraphs, or plain decimal numbers.
parts::Layout layoutOf(const Profile& profile)
{
    using Markers = parts::Layout::Markers;
    if (profile.markers == "korean") return parts::Layout{Markers::Korean};
    return parts::Layout{profile.numbering == "paragraphs" ? Markers::UnOutline : Markers::Decimal};
}

const Profile& genericProfile()
{
    static const Profile fallback;
    const Profile* p = findBuiltinProfile("generic");
    return p ? *p : fallback;
}

class Writer {
public:
    explicit Writer(const plugin::ExportRequest& request)
        : req_(request),
          doc_(request.document),
          profile_(request.profile ? *request.profile : genericProfile()),
          lang_(request.lang.empty() ? request.document.lang : request.lang),
          both_(lang_ == "both"),
          paragraphsNumbered_(profile_.numbering == "paragraphs"),
          layout_{layoutOf(profile_)},
          page_(pageOf(profile_))
    {
    }

    std::string write()
    {
        body_ = add(ooxml::startWordPart(document_, "w:document"), "w:body");
        startFootnotes();
        docRels_.add(ooxml::rel::kStyles, "styles.xml");
        docRels_.add(ooxml::rel::kNumbering, "numbering.xml");
        docRels_.add(ooxml::rel::kSettings, "settings.xml");
        docRels_.add(ooxml::rel::kFontTable, "fontTable.xml");
        docRels_.add(ooxml::rel::kFootnotes, "footnotes.xml");
        const std::string footerId = docRels_.add(ooxml::rel::kFooter, "footer1.xml");

        cover();
        for (const auto& part : walk(doc_)) {
            if (part.section)
                section(*part.section, part.number);
            else
                recommendation(*part.recommendation, part.number);
        }
        if (!profile_.jointSubmittersAtTop) submittersAtEnd();
        if (!profile_.closing.empty()) {
            run(paragraph(body_, {.style = style::kClosing}), Format{}, profile_.closing);
        }
        sectionProperties(footerId);
        return package();
    }

private:
    const plugin::ExportRequest& req_;
    const Submission& doc_;
    const Profile& profile_;
    std::string lang_;  ///< "en", "ko" (or another language of the document), or "both"
    bool both_;
    bool paragraphsNumbered_;
    parts::Layout layout_;
    Page page_;

    pugi::xml_document document_, footnotes_;
    pugi::xml_node body_, notes_;
    ooxml::Relationships docRels_, noteRels_;
    long nextNote_ = 1;

    // --- language ------------------------------------------------------------------

    /// The language of single-language content and labels ("en" for the left column when both).
    [[nodiscard]] std::string single() const { return both_ ? "en" : lang_; }

    const LangText* pick(const std::vector<LangText>& items, std::string_view lang) const
    {
        return pickLang(items, lang, doc_.lang);
    }
    const Block* pick(const std::vector<Block>& items, std::string_view lang) const
    {
        return pickLang(items, lang, doc_.lang);
    }
    /// Only the text in `lang`: a side-by-side column shows no fallback.
    static const Block* exact(const std::vector<Block>& items, std::string_view lang)
    {
        for (const auto& b : items)
            if (b.lang == lang) return &b;
        return nullptr;
    }

    std::string orgName(const std::string& id, std::string_view lang) const
    {
        const Organisation* o = req_.workspace.findOrganisation(id);
        return o ? o->name(lang) : id;
    }

    /// A label, or both when both languages are exported: "Deadline / 제출 기한".
    std::string label(const char* plugin::Labels::*field) const
    {
        if (!both_) return plugin::labelsFor(lang_).*field;
        return std::string(plugin::kEnglishLabels.*field) + " / " + plugin::kKoreanLabels.*field;
    }

    // --- runs and paragraphs ----------------------------------------------------------

    /// A paragraph; its properties in the order CT_PPr requires.
    static pugi::xml_node paragraph(pugi::xml_node parent, const Para& props = {})
    {
        auto p = add(parent, "w:p");
        auto pPr = add(p, "w:pPr");
        if (props.style) addVal(pPr, "w:pStyle", props.style);
        if (props.number.list != 0) {
            auto numPr = add(pPr, "w:numPr");
            addVal(numPr, "w:ilvl", static_cast<long>(std::min<std::size_t>(props.number.level, 8)));
            addVal(numPr, "w:numId", props.number.list);
        }
        if (props.before || props.after) {
            auto spacing = add(pPr, "w:spacing");
            if (props.before) set(spacing, "w:before", *props.before);
            if (props.after) set(spacing, "w:after", *props.after);
        }
        if (props.indent) set(add(pPr, "w:ind"), "w:left", *props.indent);
        if (props.jc) addVal(pPr, "w:jc", props.jc);
        if (!pPr.first_child()) p.remove_child(pPr);
        return p;
    }

    static void runProperties(pugi::xml_node r, const Format& f, const char* charStyle, bool korean)
    {
        auto rPr = add(r, "w:rPr");
        if (charStyle) addVal(rPr, "w:rStyle", charStyle);
        if (korean) set(add(rPr, "w:rFonts"), "w:hint", "eastAsia");
        if (f.bold) {
            add(rPr, "w:b");
            add(rPr, "w:bCs");
        }
        if (f.italic) {
            add(rPr, "w:i");
            add(rPr, "w:iCs");
        }
        if (korean) {
            auto lang = add(rPr, "w:lang");
            set(lang, "w:val", "ko-KR");
            set(lang, "w:eastAsia", "ko-KR");
        }
        if (!rPr.first_child()) r.remove_child(rPr);
    }

    /// Text in runs: its Hangul stretches in Korean runs, its Latin ones in plain runs (so
    /// that an English name in Korean text still breaks between words), whatever the block.
    static void run(pugi::xml_node parent, const Format& f, std::string_view text)
    {
        Format korean = f, latin = f;
        korean.korean = true;
        latin.korean = false;
        for (const auto& [script, stretch] : scriptStretches(text))
            scriptRun(parent, script == Script::Hangul ? korean : script == Script::Latin ? latin : f, stretch);
    }

    /// One run: line breaks become w:br and tabs w:tab, never raw characters in w:t.
    static void scriptRun(pugi::xml_node parent, const Format& f, std::string_view text)
    {
        if (text.empty()) return;
        auto r = add(parent, "w:r");
        runProperties(r, f, f.link ? style::kHyperlink : nullptr, f.korean);
        std::string chunk;
        auto flush = [&] {
            if (chunk.empty()) return;
            auto t = add(r, "w:t");
            if (chunk.front() == ' ' || chunk.back() == ' ') set(t, "xml:space", "preserve");
            t.text().set(chunk.c_str());
            chunk.clear();
        };
        for (char c : text) {
            if (c == '\n') {
                flush();
                add(r, "w:br");
            } else if (c == '\t') {
                flush();
                add(r, "w:tab");
            } else if (c != '\r') {
                chunk += c;
            }
        }
        flush();
    }

    static void lineBreak(pugi::xml_node p) { add(add(p, "w:r"), "w:br"); }

    /// A bold label and its value: "Deadline: 2023-12-15".
    static void labelled(pugi::xml_node p, const std::string& labelText, const std::string& value, const Format& f)
    {
        Format strong = f;
        strong.bold = true;
        run(p, strong, labelText + ": ");
        run(p, f, value);
    }

    void inlines(pugi::xml_node parent, const std::vector<Inline>& items, const Format& f, ooxml::Relationships& rels,
                 bool inNote)
    {
        for (const auto& in : items) {
            switch (in.kind) {
            case Inline::Kind::Text: run(parent, f, in.text); break;
            case Inline::Kind::Em: {
                Format g = f;
                g.italic = true;
                inlines(parent, in.children, g, rels, inNote);
                break;
            }
            case Inline::Kind::Strong: {
                Format g = f;
                g.bold = true;
                inlines(parent, in.children, g, rels, inNote);
                break;
            }
            case Inline::Kind::Link: {
                if (f.link) {  // no hyperlink inside a hyperlink
                    inlines(parent, in.children, f, rels, inNote);
                    break;
                }
                auto h = add(parent, "w:hyperlink");
                set(h, "r:id", rels.add(ooxml::rel::kHyperlink, in.href, true));
                set(h, "w:history", "1");
                Format g = f;
                g.link = true;
                inlines(h, in.children, g, rels, inNote);
                break;
            }
            case Inline::Kind::Note:
                if (inNote)  // the format has no notes in notes; keep the words
                    inlines(parent, in.children, f, rels, inNote);
                else
                    footnote(parent, in.children, f);
                break;
            }
        }
    }

    // --- footnotes ---------------------------------------------------------------------

    void startFootnotes()
    {
        notes_ = ooxml::startWordPart(footnotes_, "w:footnotes");
        // The separators Word requires, ids -1 and 0, listed in settings.xml as well.
        for (const auto& [id, kind] : {std::pair<long, const char*>{-1, "separator"}, {0, "continuationSeparator"}}) {
            auto n = add(notes_, "w:footnote");
            set(n, "w:type", kind);
            set(n, "w:id", id);
            auto p = add(n, "w:p");
            auto spacing = add(add(p, "w:pPr"), "w:spacing");
            set(spacing, "w:after", 0);
            set(spacing, "w:line", 240);
            set(spacing, "w:lineRule", "auto");
            add(add(p, "w:r"), kind == std::string_view("separator") ? "w:separator" : "w:continuationSeparator");
        }
    }

    /// A footnote: the reference where the note stood, its text in footnotes.xml (ids from 1).
    void footnote(pugi::xml_node parent, const std::vector<Inline>& content, const Format& f)
    {
        const long id = nextNote_++;
        auto ref = add(parent, "w:r");
        runProperties(ref, Format{}, style::kFootnoteReference, false);
        set(add(ref, "w:footnoteReference"), "w:id", id);

        auto note = add(notes_, "w:footnote");
        set(note, "w:id", id);
        auto p = paragraph(note, {.style = style::kFootnoteText});
        auto mark = add(p, "w:r");
        runProperties(mark, Format{}, style::kFootnoteReference, false);
        add(mark, "w:footnoteRef");
        add(add(p, "w:r"), "w:tab");
        Format plain;
        plain.korean = f.korean;
        inlines(p, content, plain, noteRels_, true);
    }

    // --- the cover ---------------------------------------------------------------------

    static Format textFormat(std::string_view lang) { return Format{false, false, false, lang == "ko"}; }

    void cover()
    {
        const Meta& m = doc_.meta;
        if (both_) {
            const LangText* en = pick(m.titles, "en");
            const LangText* ko = pick(m.titles, "ko");
            if (en) run(paragraph(body_, {.style = style::kTitle}), textFormat(en->lang), en->text);
            if (ko && ko != en) run(paragraph(body_, {.style = style::kSubtitle}), textFormat(ko->lang), ko->text);
        } else if (const LangText* t = pick(m.titles, lang_)) {
            run(paragraph(body_, {.style = style::kTitle}), textFormat(t->lang), t->text);
        }

        const Para fact{.style = style::kCoverFact};
        if (m.process) labelled(paragraph(body_, fact), label(&plugin::Labels::process), *m.process, Format{});
        if (!m.addressees.empty())
            labelled(paragraph(body_, fact), label(&plugin::Labels::to), workspace::join(m.addressees, ", "), Format{});
        if (m.deadline)
            labelled(paragraph(body_, fact), label(&plugin::Labels::deadline), profile_.formatDate(*m.deadline), Format{});
        if (profile_.jointSubmittersAtTop && m.coalition && !m.coalition->empty()) {
            Format strong;
            strong.bold = true;
            run(paragraph(body_, fact), strong, label(&plugin::Labels::coalition) + ":");
            for (const auto& member : *m.coalition)
                run(paragraph(body_, {.style = style::kCoverFact, .indent = 567}), Format{}, memberName(member));
        }
        // A rule under the cover block.
        auto rule = add(body_, "w:p");
        auto pPr = add(rule, "w:pPr");
        auto bottom = add(add(pPr, "w:pBdr"), "w:bottom");
        set(bottom, "w:val", "single");
        set(bottom, "w:sz", 6);
        set(bottom, "w:space", 1);
        set(bottom, "w:color", "auto");
        auto spacing = add(pPr, "w:spacing");
        set(spacing, "w:before", 0);
        set(spacing, "w:after", 240);
    }

    std::string memberName(const Member& member) const
    {
        std::string name = both_ ? bilingualName(member.org) : orgName(member.org, lang_);
        if (member.role == "lead") name += " (" + label(&plugin::Labels::lead) + ")";
        return name;
    }

    std::string bilingualName(const std::string& org) const
    {
        std::string en = orgName(org, "en"), ko = orgName(org, "ko");
        return en == ko ? en : en + " / " + ko;
    }

    /// Where the coalition is named when the profile does not ask for it at the top.
    void submittersAtEnd()
    {
        const Meta& m = doc_.meta;
        if (!m.coalition || m.coalition->empty()) return;
        std::vector<std::string> names;
        for (const auto& member : *m.coalition) names.push_back(memberName(member));
        labelled(paragraph(body_, {.style = style::kCoverFact, .before = 360}), label(&plugin::Labels::coalition),
                 workspace::join(names, both_ ? "; " : ", "), Format{});
    }

    // --- sections and recommendations ----------------------------------------------------

    static const char* headingStyle(std::size_t level)
    {
        if (level == 0) return style::kHeading1;
        return level == 1 ? style::kHeading2 : style::kHeading3;
    }

    /// A title or heading: in one language, or English, a line break and Korean.
    void titleText(pugi::xml_node p, const std::vector<LangText>& items)
    {
        if (!both_) {
            if (const LangText* t = pick(items, lang_)) run(p, textFormat(t->lang), t->text);
            return;
        }
        const LangText* en = pick(items, "en");
        const LangText* ko = pick(items, "ko");
        if (en) run(p, textFormat(en->lang), en->text);
        if (ko && ko != en) {
            if (en) lineBreak(p);
            run(p, textFormat(ko->lang), ko->text);
        }
    }

    /// The left indent of what follows an outline item at `level`: its text's position.
    [[nodiscard]] long bodyIndent(std::size_t level) const { return layout_.textPos(level); }

    void section(const Section& s, const std::vector<std::size_t>& number)
    {
        const std::size_t level = number.size() - 1;
        titleText(paragraph(body_, {.style = headingStyle(level), .number = {parts::kOutlineList, level}}),
                  s.headings);
        if (!s.intro) return;
        for (const auto& para : s.intro->paragraphs) {
            auto p = paragraphsNumbered_ ? paragraph(body_, {.number = {parts::kParagraphList, 0}})
                                         : paragraph(body_, {.indent = bodyIndent(level)});
            inlines(p, para.content, textFormat(s.intro->lang), docRels_, false);
        }
    }

    void recommendation(const Recommendation& r, const std::vector<std::size_t>& number)
    {
        const std::size_t level = number.size() - 1;
        auto head = paragraph(body_, {.style = style::kRecommendation, .number = {parts::kOutlineList, level}});
        titleText(head, r.titles);
        if (r.status == "withdrawn") run(head, Format{}, " (" + label(&plugin::Labels::withdrawn) + ")");

        if (both_)
            sideBySide(r);
        else
            oneLanguage(r, level);
        responses(r, level);
    }

    /// The paragraphs of a text or rationale in one language, under an item at `level`.
    void blockParagraphs(const Block& block, std::size_t level, const char* labelText, bool numberIt)
    {
        const Format f = textFormat(block.lang);
        bool first = true;
        for (const auto& para : block.paragraphs) {
            Para props{.indent = bodyIndent(level)};
            if (paragraphsNumbered_ && numberIt)
                props = Para{.number = {parts::kParagraphList, 0}};
            else if (layout_.markers == parts::Layout::Markers::Korean && numberIt && block.paragraphs.size() > 1)
                // The Korean manner: the paragraphs of an item are its sub-items (가. 나. or 1) 2)).
                props = Para{.number = {parts::kOutlineList, level + 1}};
            auto p = paragraph(body_, props);
            if (first && labelText) {
                Format strong = f;
                strong.bold = true;
                run(p, strong, std::string(labelText) + ": ");
            }
            first = false;
            inlines(p, para.content, f, docRels_, false);
        }
    }

    void oneLanguage(const Recommendation& r, std::size_t level)
    {
        if (const Block* b = pick(r.texts, lang_)) blockParagraphs(*b, level, nullptr, true);
        // A rationale explains the recommendation: never a numbered paragraph of its own, and
        // labelled in the export's language whatever language it had to be printed in.
        if (const Block* b = pick(r.rationales, lang_)) blockParagraphs(*b, level, plugin::labelsFor(lang_).rationale, false);
        facts(body_, r, lang_, bodyIndent(level));
    }

    /// Addressees, references and endorsing organisations, in `lang`.
    void facts(pugi::xml_node parent, const Recommendation& r, std::string_view lang, std::optional<long> indent)
    {
        const plugin::Labels& l = plugin::labelsFor(lang);
        const Format f = textFormat(lang);
        const Para props{.style = style::kFact, .indent = indent};
        if (!r.addressees.empty()) labelled(paragraph(parent, props), l.addressedTo, workspace::join(r.addressees, ", "), f);
        if (!r.refs.empty()) {
            std::vector<std::string> refs;
            for (const auto& ref : r.refs) {
                const auto kind = plugin::refKindName(ref.kind, lang);
                refs.push_back((kind.empty() ? std::string() : std::string(kind) + " ") + ref.text);
            }
            labelled(paragraph(parent, props), l.references, workspace::join(refs, "; "), f);
        }
        if (!r.endorsements.empty()) {
            std::vector<std::string> names;
            for (const auto& e : r.endorsements) names.push_back(orgName(e.org, lang));
            labelled(paragraph(parent, props), l.endorsedBy, workspace::join(names, ", "), f);
        }
    }

    /// The recipient's responses: who answered, when and how, then their words.
    void responses(const Recommendation& r, std::size_t level)
    {
        for (const auto& resp : r.responses) {
            std::string about = resp.from + ", " + profile_.formatDate(resp.round);
            if (!resp.position.empty()) {
                auto position = [&](std::string_view lang) { return std::string(plugin::positionName(resp.position, lang)); };
                about += ", " + (both_          ? position("en") + " / " + position("ko")
                                 : lang_ == "ko" ? position("ko")
                                                 : position("en"));
            }
            auto head = paragraph(body_, {.style = style::kFact, .indent = bodyIndent(level), .before = 120});
            labelled(head, label(&plugin::Labels::response), about, Format{});
            for (const auto& para : resp.paragraphs) {
                Format quoted;
                quoted.italic = lang_ != "ko";  // Hangul has no italic convention
                auto p = paragraph(body_, {.style = style::kQuote, .indent = bodyIndent(level) + 284});
                inlines(p, para.content, quoted, docRels_, false);
            }
        }
    }

    // --- both languages side by side ---------------------------------------------------------

    [[nodiscard]] long textWidth() const { return page_.width - 2 * page_.margin; }

    /// A two-column table, English left and Korean right, one row per pair of paragraphs,
    /// as wide as the text so that the columns stay readable.
    void sideBySide(const Recommendation& r)
    {
        const long width = textWidth();
        const long column = width / 2;

        auto tbl = add(body_, "w:tbl");
        auto tblPr = add(tbl, "w:tblPr");
        addVal(tblPr, "w:tblStyle", style::kTable);
        auto tblW = add(tblPr, "w:tblW");
        set(tblW, "w:w", width);
        set(tblW, "w:type", "dxa");
        set(add(tblPr, "w:tblLayout"), "w:type", "fixed");
        auto look = add(tblPr, "w:tblLook");
        set(look, "w:val", "0000");
        set(look, "w:firstRow", "0");
        set(look, "w:lastRow", "0");
        set(look, "w:firstColumn", "0");
        set(look, "w:lastColumn", "0");
        set(look, "w:noHBand", "1");
        set(look, "w:noVBand", "1");
        auto grid = add(tbl, "w:tblGrid");
        set(add(grid, "w:gridCol"), "w:w", column);
        set(add(grid, "w:gridCol"), "w:w", width - column);

        auto cell = [&](pugi::xml_node tr, long w) {
            auto tc = add(tr, "w:tc");
            auto tcW = add(add(tc, "w:tcPr"), "w:tcW");
            set(tcW, "w:w", w);
            set(tcW, "w:type", "dxa");
            return tc;
        };
        // A row is a paragraph and its translation: it stays on one page.
        auto row = [&] {
            auto tr = add(tbl, "w:tr");
            add(add(tr, "w:trPr"), "w:cantSplit");
            return std::pair{cell(tr, column), cell(tr, width - column)};
        };
        auto ensureParagraph = [](pugi::xml_node tc) {
            if (!tc.child("w:p")) add(tc, "w:p");  // a cell ends with a paragraph
        };

        // Paragraph i of each language side by side, left-aligned: justified narrow columns
        // open wide gaps. Only the English ones carry the running paragraph numbers.
        auto pairs = [&](const Block* en, const Block* ko, bool numbered, bool rationale) {
            const std::size_t n = std::max(en ? en->paragraphs.size() : 0, ko ? ko->paragraphs.size() : 0);
            for (std::size_t i = 0; i < n; ++i) {
                auto [left, right] = row();
                for (auto [block, tc] : {std::pair{en, left}, std::pair{ko, right}}) {
                    if (!block || i >= block->paragraphs.size()) continue;
                    const Format f = textFormat(block->lang);
                    Para props{.jc = "left"};
                    if (numbered && paragraphsNumbered_ && block == en)
                        props.number = Numbered{parts::kParagraphList, 0};
                    auto p = paragraph(tc, props);
                    if (rationale && i == 0) {
                        Format strong = f;
                        strong.bold = true;
                        run(p, strong, std::string(plugin::labelsFor(block->lang).rationale) + ": ");
                    }
                    inlines(p, block->paragraphs[i].content, f, docRels_, false);
                }
                ensureParagraph(left);
                ensureParagraph(right);
            }
        };
        pairs(exact(r.texts, "en"), exact(r.texts, "ko"), true, false);
        pairs(exact(r.rationales, "en"), exact(r.rationales, "ko"), false, true);
        if (!r.addressees.empty() || !r.refs.empty() || !r.endorsements.empty()) {
            auto [left, right] = row();
            facts(left, r, "en", std::nullopt);
            facts(right, r, "ko", std::nullopt);
        }
        if (!tbl.child("w:tr")) {
            body_.remove_child(tbl);
            return;
        }
        // A table followed directly by another needs a paragraph between them in Word.
        paragraph(body_, {.after = 0});
    }

    // --- the package ---------------------------------------------------------------------

    void sectionProperties(const std::string& footerId)
    {
        auto sectPr = add(body_, "w:sectPr");
        auto footer = add(sectPr, "w:footerReference");
        set(footer, "w:type", "default");
        set(footer, "r:id", footerId);
        auto size = add(sectPr, "w:pgSz");
        set(size, "w:w", page_.width);
        set(size, "w:h", page_.height);
        auto margins = add(sectPr, "w:pgMar");
        for (const char* side : {"w:top", "w:right", "w:bottom", "w:left"}) set(margins, side, page_.margin);
        set(margins, "w:header", 709);
        set(margins, "w:footer", 709);
        set(margins, "w:gutter", 0);
        set(add(sectPr, "w:cols"), "w:space", 709);
    }

    std::string package()
    {
        ooxml::Package pkg;
        pugi::xml_document rootRels, docRels, noteRels, styles, numbering, settings, fonts, footer, core, app;

        ooxml::Relationships packageRels;
        packageRels.add(ooxml::rel::kOfficeDocument, "word/document.xml");
        packageRels.add(ooxml::rel::kCoreProperties, "docProps/core.xml");
        packageRels.add(ooxml::rel::kExtendedProperties, "docProps/app.xml");
        packageRels.write(rootRels);
        pkg.add("_rels/.rels", ooxml::type::kRelationships, rootRels);

        pkg.add("word/document.xml", ooxml::type::kDocument, document_);
        docRels_.write(docRels);
        pkg.add("word/_rels/document.xml.rels", ooxml::type::kRelationships, docRels);
        parts::writeStyles(styles);
        pkg.add("word/styles.xml", ooxml::type::kStyles, styles);
        parts::writeNumbering(numbering, layout_);
        pkg.add("word/numbering.xml", ooxml::type::kNumbering, numbering);
        parts::writeSettings(settings);
        pkg.add("word/settings.xml", ooxml::type::kSettings, settings);
        parts::writeFontTable(fonts);
        pkg.add("word/fontTable.xml", ooxml::type::kFontTable, fonts);
        pkg.add("word/footnotes.xml", ooxml::type::kFootnotes, footnotes_);
        if (!noteRels_.empty()) {
            noteRels_.write(noteRels);
            pkg.add("word/_rels/footnotes.xml.rels", ooxml::type::kRelationships, noteRels);
        }
        parts::writeFooter(footer, layout_.markers == parts::Layout::Markers::Korean);
        pkg.add("word/footer1.xml", ooxml::type::kFooter, footer);

        parts::CoreProperties props;
        props.identifier = doc_.id;
        props.language = languageTag(both_ ? "en" : lang_);
        if (both_) {
            const LangText* en = pick(doc_.meta.titles, "en");
            const LangText* ko = pick(doc_.meta.titles, "ko");
            if (en) props.title = en->text;
            if (ko && ko != en) props.title += (props.title.empty() ? "" : " / ") + ko->text;
        } else if (const LangText* t = pick(doc_.meta.titles, lang_)) {
            props.title = t->text;
        }
        props.subject = doc_.meta.process.value_or("");
        if (doc_.meta.coalition)
            for (const auto& member : *doc_.meta.coalition)
                if (member.role == "lead") props.creator = orgName(member.org, single());
        parts::writeCore(core, props);
        pkg.add("docProps/core.xml", ooxml::type::kCoreProperties, core);
        parts::writeApp(app, props.creator);
        pkg.add("docProps/app.xml", ooxml::type::kExtendedProperties, app);
        return pkg.zip();
    }
};

} // namespace

std::string writeDocx(const plugin::ExportRequest& request)
{
    return Writer(request).write();
}

} // namespace accord::export_docx
