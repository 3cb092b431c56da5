#include "docx_writer.hpp"

#include "docx_parts.hpp"
#include "ooxml.hpp"

#include "accord/plugin/labels.hpp"
#include "accord/workspace/diff.hpp"
#include "accord/workspace/error.hpp"
#include "accord/workspace/strings.hpp"
#include "accord/workspace/text_diff.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
#include <map>
#include <optional>
#include <set>

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

/// How what is written is marked: as it is, or as a tracked change.
enum class Mark { None, Inserted, Deleted, MovedFrom, MovedTo };

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
          page_(pageOf(profile_)),
          redline_(request.redline)
    {
        if (redline_ && both_)
            throw Error(ErrorKind::Invalid, "a redline shows one language: export it with --lang ko or --lang en");
    }

    std::string write()
    {
        startFootnotes();
        docRels_.add(ooxml::rel::kStyles, "styles.xml");
        docRels_.add(ooxml::rel::kNumbering, "numbering.xml");
        docRels_.add(ooxml::rel::kSettings, "settings.xml");
        docRels_.add(ooxml::rel::kFontTable, "fontTable.xml");
        docRels_.add(ooxml::rel::kFootnotes, "footnotes.xml");
        const std::string footerId = docRels_.add(ooxml::rel::kFooter, "footer1.xml");

        const Meta& was = redline_ ? redline_->before.meta : doc_.meta;
        author_ = redline_ ? &redline_->authorOf({}) : nullptr;
        cover(was);
        documentXml_.pieceDone();
        if (redline_) {
            redlineBody();
        } else {
            req_.forEachPart([&](const Located& part) {
                if (part.section)
                    section(*part.section, *part.section, part.number);
                else
                    recommendation(*part.recommendation, *part.recommendation, part.number);
                documentXml_.partDone();
            });
        }
        if (!profile_.jointSubmittersAtTop) submittersAtEnd(was);
        if (!profile_.closing.empty()) {
            run(paragraph(body(), {.style = style::kClosing}), Format{}, profile_.closing);
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

    /// word/document.xml: its body goes into the package in pieces (the cover, then some parts at a
    /// time), printed and deflated on a thread of its own while the next piece is written.
    package::PiecedPart documentXml_{[](pugi::xml_document& d) { return add(ooxml::startWordPart(d, "w:document"), "w:body"); }};
    pugi::xml_document footnotes_;
    pugi::xml_node notes_;
    ooxml::Relationships docRels_, noteRels_;
    long nextNote_ = 1;
    long nextBookmark_ = 1L << 20;  ///< w:id of bookmarks, far from those of notes and tracked changes

    const plugin::Redline* redline_;
    Mark mark_ = Mark::None;
    const plugin::Redline::Author* author_ = nullptr;  ///< whose change is being written
    long nextChange_ = 1;  ///< w:id of tracked changes and move ranges

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

    // --- tracked changes ---------------------------------------------------------------

    static const char* tagOf(Mark m)
    {
        switch (m) {
        case Mark::Inserted: return "w:ins";
        case Mark::Deleted: return "w:del";
        case Mark::MovedFrom: return "w:moveFrom";
        case Mark::MovedTo: return "w:moveTo";
        case Mark::None: break;
        }
        return nullptr;
    }

    /// Runs `write` with what it writes marked `m`.
    template <typename F>
    void withMark(Mark m, F&& write)
    {
        const Mark saved = mark_;
        mark_ = m;
        write();
        mark_ = saved;
    }

    /// A change's id, author and date, as every tracked-change element carries them.
    void attribute(pugi::xml_node change)
    {
        set(change, "w:id", nextChange_++);
        set(change, "w:author", author_ ? author_->name : std::string());
        if (author_ && !author_->date.empty()) set(change, "w:date", author_->date);
    }

    /// A new run in `parent`, inside a w:ins, w:del, w:moveFrom or w:moveTo when marked.
    pugi::xml_node newRun(pugi::xml_node parent)
    {
        if (const char* tag = tagOf(mark_)) {
            parent = add(parent, tag);
            attribute(parent);
        }
        return add(parent, "w:r");
    }

    /// Where the body's paragraphs go: the piece being written.
    [[nodiscard]] pugi::xml_node body() const { return documentXml_.body(); }

    // --- runs and paragraphs ----------------------------------------------------------

    /// A paragraph; its properties in the order CT_PPr requires. A marked paragraph's
    /// mark is tracked too, so that accepting or rejecting removes the paragraph whole.
    pugi::xml_node paragraph(pugi::xml_node parent, const Para& props = {})
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
        if (const char* tag = tagOf(mark_)) attribute(add(add(pPr, "w:rPr"), tag));
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
    void run(pugi::xml_node parent, const Format& f, std::string_view text)
    {
        Format korean = f, latin = f;
        korean.korean = true;
        latin.korean = false;
        for (const auto& [script, stretch] : scriptStretches(text))
            scriptRun(parent, script == Script::Hangul ? korean : script == Script::Latin ? latin : f, stretch);
    }

    /// One run: line breaks become w:br and tabs w:tab, never raw characters in w:t
    /// (w:delText when deleted).
    void scriptRun(pugi::xml_node parent, const Format& f, std::string_view text)
    {
        if (text.empty()) return;
        auto r = newRun(parent);
        runProperties(r, f, f.link ? style::kHyperlink : nullptr, f.korean);
        const char* textTag = mark_ == Mark::Deleted ? "w:delText" : "w:t";
        std::string chunk;
        auto flush = [&] {
            if (chunk.empty()) return;
            auto t = add(r, textTag);
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

    void lineBreak(pugi::xml_node p) { add(newRun(p), "w:br"); }

    /// A bold label and its value: "Deadline: 2023-12-15".
    void labelled(pugi::xml_node p, const std::string& labelText, const std::string& value, const Format& f)
    {
        Format strong = f;
        strong.bold = true;
        run(p, strong, labelText + ": ");
        run(p, f, value);
    }

    /// Text that was `was` and is `now`: as it is when they agree, else word by word
    /// with what went deleted and what came inserted (the semantic diff's words).
    void changedText(pugi::xml_node p, const Format& f, std::string_view was, std::string_view now)
    {
        if (was == now) {
            run(p, f, now);
            return;
        }
        for (const auto& chunk : diffWords(was, now)) {
            const Mark m = chunk.op == DiffOp::Insert ? Mark::Inserted : chunk.op == DiffOp::Delete ? Mark::Deleted : mark_;
            withMark(m, [&] { run(p, f, chunk.text); });
        }
    }

    /// A paragraph of one line, labelled or not, that was `was` and is `now` (absent when
    /// empty): a line only one of them has is inserted or deleted whole.
    void line(pugi::xml_node parent, const Para& props, const std::string& labelText, const std::optional<std::string>& was,
              const std::optional<std::string>& now, const Format& f)
    {
        if (!was && !now) return;
        if (!was || !now) {
            withMark(now ? Mark::Inserted : Mark::Deleted, [&] { line(parent, props, labelText, now ? now : was, now ? now : was, f); });
            return;
        }
        auto p = paragraph(parent, props);
        if (!labelText.empty()) {
            Format strong = f;
            strong.bold = true;
            run(p, strong, labelText + ": ");
        }
        changedText(p, f, *was, *now);
    }

    pugi::xml_node hyperlink(pugi::xml_node parent, const std::string& href, ooxml::Relationships& rels)
    {
        auto h = add(parent, "w:hyperlink");
        set(h, "r:id", rels.add(ooxml::rel::kHyperlink, href, true));
        set(h, "w:history", "1");
        return h;
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
                Format g = f;
                g.link = true;
                inlines(hyperlink(parent, in.href, rels), in.children, g, rels, inNote);
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

    /// A word (or space, or mark) of a paragraph with its formatting, or a whole note:
    /// what a changed paragraph is compared by.
    struct Atom {
        std::string key;  ///< equal keys: the same words, formatted the same
        std::string text;
        bool bold = false, italic = false;
        std::string href;
        const std::vector<Inline>* note = nullptr;
    };

    static void atomize(const std::vector<Inline>& items, bool bold, bool italic, const std::string& href,
                        std::vector<Atom>& out)
    {
        for (const auto& in : items) {
            switch (in.kind) {
            case Inline::Kind::Text:
                for (auto& token : tokenize(in.text)) {
                    std::string key = std::string(bold ? "b" : "-") + (italic ? "i" : "-") + href + '\x1f' + token.text;
                    out.push_back(Atom{std::move(key), std::move(token.text), bold, italic, href, nullptr});
                }
                break;
            case Inline::Kind::Em: atomize(in.children, bold, true, href, out); break;
            case Inline::Kind::Strong: atomize(in.children, true, italic, href, out); break;
            case Inline::Kind::Link: atomize(in.children, bold, italic, href.empty() ? in.href : href, out); break;
            case Inline::Kind::Note: {
                Paragraph note;
                note.content = in.children;
                out.push_back(Atom{"\x1enote\x1f" + flatten(note), {}, bold, italic, href, &in.children});
                break;
            }
            }
        }
    }

    static bool plain(const std::vector<Inline>& items)
    {
        return std::all_of(items.begin(), items.end(), [](const Inline& i) { return i.kind == Inline::Kind::Text; });
    }

    static std::string textOf(const std::vector<Inline>& items)
    {
        std::string out;
        for (const auto& i : items) out += i.text;
        return out;
    }

    /// A paragraph's content that was `was` and is `now`: words inserted and deleted, a
    /// word whose formatting changed as deleted and inserted again, a changed note likewise.
    void changedInlines(pugi::xml_node p, const std::vector<Inline>& was, const std::vector<Inline>& now, const Format& f)
    {
        if (was == now) {
            inlines(p, now, f, docRels_, false);
            return;
        }
        if (plain(was) && plain(now)) {
            changedText(p, f, textOf(was), textOf(now));
            return;
        }
        std::vector<Atom> a, b;
        atomize(was, false, false, {}, a);
        atomize(now, false, false, {}, b);
        std::vector<std::string> ka, kb;
        for (const auto& x : a) ka.push_back(x.key);
        for (const auto& x : b) kb.push_back(x.key);
        std::size_t i = 0, j = 0;
        for (auto [op, n] : diffSequences(ka, kb)) {
            const bool fromWas = op == DiffOp::Delete;
            const std::vector<Atom>& atoms = fromWas ? a : b;
            std::size_t& at = fromWas ? i : j;
            const Mark m = op == DiffOp::Insert ? Mark::Inserted : op == DiffOp::Delete ? Mark::Deleted : mark_;
            withMark(m, [&] { writeAtoms(p, atoms, at, at + n, f); });
            at += n;
            if (op == DiffOp::Equal) i += n;
        }
    }

    /// Atoms [from, to) as runs: neighbours formatted alike share a run, a link's share its hyperlink.
    void writeAtoms(pugi::xml_node p, const std::vector<Atom>& atoms, std::size_t from, std::size_t to, const Format& f)
    {
        for (std::size_t k = from; k < to;) {
            const Atom& first = atoms[k];
            Format g = f;
            g.bold = f.bold || first.bold;
            g.italic = f.italic || first.italic;
            if (first.note) {
                footnote(p, *first.note, g);
                ++k;
                continue;
            }
            std::string text;
            std::size_t end = k;
            for (; end < to && !atoms[end].note && atoms[end].bold == first.bold && atoms[end].italic == first.italic &&
                   atoms[end].href == first.href;
                 ++end)
                text += atoms[end].text;
            if (first.href.empty()) {
                run(p, g, text);
            } else {
                g.link = true;
                run(hyperlink(p, first.href, docRels_), g, text);
            }
            k = end;
        }
    }

    /// Marks a section's heading or a recommendation's title with a bookmark named after
    /// its id, which Word and LibreOffice keep: `accord import` reads the ids back from it.
    pugi::xml_node bookmark(pugi::xml_node p, const std::string& id)
    {
        std::string name = "_accord_" + id;  // hidden in Word's list; '-' is no letter of a bookmark name
        std::replace(name.begin(), name.end(), '-', '_');
        const long bookmarkId = nextBookmark_++;
        auto start = p.first_child() && std::string_view(p.first_child().name()) == "w:pPr"
                         ? p.insert_child_after("w:bookmarkStart", p.first_child())
                         : p.prepend_child("w:bookmarkStart");
        set(start, "w:id", bookmarkId);
        set(start, "w:name", name);
        set(p.insert_child_after("w:bookmarkEnd", start), "w:id", bookmarkId);
        return p;
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

    /// A footnote: the reference where the note stood, its text in footnotes.xml (ids from 1);
    /// in a tracked change, the note's text is marked as its reference is.
    void footnote(pugi::xml_node parent, const std::vector<Inline>& content, const Format& f)
    {
        const long id = nextNote_++;
        auto ref = newRun(parent);
        runProperties(ref, Format{}, style::kFootnoteReference, false);
        set(add(ref, "w:footnoteReference"), "w:id", id);

        auto note = add(notes_, "w:footnote");
        set(note, "w:id", id);
        auto p = paragraph(note, {.style = style::kFootnoteText});
        auto mark = newRun(p);
        runProperties(mark, Format{}, style::kFootnoteReference, false);
        add(mark, "w:footnoteRef");
        add(newRun(p), "w:tab");
        Format plain;
        plain.korean = f.korean;
        inlines(p, content, plain, noteRels_, true);
    }

    // --- the cover ---------------------------------------------------------------------

    static Format textFormat(std::string_view lang) { return Format{false, false, false, lang == "ko"}; }

    /// The text of `items` in `lang`, if any.
    std::optional<std::string> textIn(const std::vector<LangText>& items, std::string_view lang) const
    {
        const LangText* t = pick(items, lang);
        return t ? std::optional<std::string>(t->text) : std::nullopt;
    }

    static std::optional<std::string> nonEmpty(std::string text)
    {
        return text.empty() ? std::nullopt : std::optional<std::string>(std::move(text));
    }

    /// The cover as it is, or in a redline as it changed since `was`.
    void cover(const Meta& was)
    {
        const Meta& m = doc_.meta;
        if (both_) {
            const LangText* en = pick(m.titles, "en");
            const LangText* ko = pick(m.titles, "ko");
            if (en) run(paragraph(body(), {.style = style::kTitle}), textFormat(en->lang), en->text);
            if (ko && ko != en) run(paragraph(body(), {.style = style::kSubtitle}), textFormat(ko->lang), ko->text);
        } else {
            line(body(), {.style = style::kTitle}, {}, textIn(was.titles, lang_), textIn(m.titles, lang_),
                 textFormat(lang_));
        }

        const Para fact{.style = style::kCoverFact};
        line(body(), fact, label(&plugin::Labels::process), textIn(was.processes, single()), textIn(m.processes, single()),
             Format{});
        line(body(), fact, label(&plugin::Labels::to), nonEmpty(addressees(was.addressees)),
             nonEmpty(addressees(m.addressees)), Format{});
        auto date = [&](const std::optional<std::string>& d) {
            return d ? std::optional<std::string>(profile_.formatDate(*d)) : std::nullopt;
        };
        line(body(), fact, label(&plugin::Labels::deadline), date(was.deadline), date(m.deadline), Format{});
        if (profile_.jointSubmittersAtTop) {
            const auto before = memberNames(was), after = memberNames(m);
            if (!before.empty() || !after.empty()) {
                Format strong;
                strong.bold = true;
                const Para indented{.style = style::kCoverFact, .indent = 567};
                auto heading = [&] { run(paragraph(body(), fact), strong, label(&plugin::Labels::coalition) + ":"); };
                if (before.empty() != after.empty())
                    withMark(after.empty() ? Mark::Deleted : Mark::Inserted, heading);
                else
                    heading();
                std::size_t i = 0, j = 0;
                for (auto [op, n] : diffSequences(before, after)) {
                    for (std::size_t k = 0; k < n; ++k) {
                        const std::string& name = op == DiffOp::Delete ? before[i + k] : after[j + k];
                        withMark(op == DiffOp::Insert ? Mark::Inserted : op == DiffOp::Delete ? Mark::Deleted : mark_,
                                 [&] { run(paragraph(body(), indented), Format{}, name); });
                    }
                    if (op != DiffOp::Insert) i += n;
                    if (op != DiffOp::Delete) j += n;
                }
            }
        }
        // A rule under the cover block.
        auto rule = add(body(), "w:p");
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

    std::vector<std::string> memberNames(const Meta& m) const
    {
        std::vector<std::string> names;
        if (m.coalition)
            for (const auto& member : *m.coalition) names.push_back(memberName(member));
        return names;
    }

    std::string memberName(const Member& member) const
    {
        std::string name = both_ ? bilingualName(member.org) : orgName(member.org, lang_);
        if (member.role == "lead") name += " (" + label(&plugin::Labels::lead) + ")";
        return name;
    }

    /// Recipients by their names in the export's language (both, when both are exported).
    std::string addressees(const std::vector<std::string>& items) const
    {
        std::vector<std::string> names;
        for (const auto& a : items) {
            std::string en = req_.workspace.addresseeName(a, "en"), ko = req_.workspace.addresseeName(a, "ko");
            names.push_back(!both_ ? req_.workspace.addresseeName(a, lang_) : en == ko ? en : en + " / " + ko);
        }
        return workspace::join(names, ", ");
    }

    std::string bilingualName(const std::string& org) const
    {
        std::string en = orgName(org, "en"), ko = orgName(org, "ko");
        return en == ko ? en : en + " / " + ko;
    }

    /// Where the coalition is named when the profile does not ask for it at the top.
    void submittersAtEnd(const Meta& was)
    {
        author_ = redline_ ? &redline_->authorOf({}) : nullptr;
        line(body(), {.style = style::kCoverFact, .before = 360}, label(&plugin::Labels::coalition),
             nonEmpty(workspace::join(memberNames(was), both_ ? "; " : ", ")),
             nonEmpty(workspace::join(memberNames(doc_.meta), both_ ? "; " : ", ")), Format{});
    }

    // --- sections and recommendations ----------------------------------------------------

    static const char* headingStyle(std::size_t level)
    {
        if (level == 0) return style::kHeading1;
        return level == 1 ? style::kHeading2 : style::kHeading3;
    }

    /// A title or heading: in one language (as it changed since `was`), or English, a
    /// line break and Korean.
    void titleText(pugi::xml_node p, const std::vector<LangText>& was, const std::vector<LangText>& items)
    {
        if (!both_) {
            const auto before = textIn(was, lang_), after = textIn(items, lang_);
            changedText(p, textFormat(lang_), before.value_or(""), after.value_or(""));
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

    /// A section that was `was` and is `now` (the same when it did not change).
    void section(const Section& was, const Section& now, const std::vector<std::size_t>& number)
    {
        const std::size_t level = number.size() - 1;
        titleText(bookmark(paragraph(body(), {.style = headingStyle(level), .number = {parts::kOutlineList, level}}), now.id),
                  was.headings, now.headings);
        const Block* before = pick(was.intros, single());
        const Block* after = pick(now.intros, single());
        changedBlock(before, after, [&](const Block&, std::size_t) {
            return paragraphsNumbered_ ? Para{.number = {parts::kParagraphList, 0}} : Para{.indent = bodyIndent(level)};
        }, nullptr);
    }

    /// A recommendation that was `was` and is `now` (the same when it did not change).
    void recommendation(const Recommendation& was, const Recommendation& now, const std::vector<std::size_t>& number)
    {
        const std::size_t level = number.size() - 1;
        auto head = bookmark(paragraph(body(), {.style = style::kRecommendation, .number = {parts::kOutlineList, level}}), now.id);
        titleText(head, was.titles, now.titles);
        auto withdrawn = [&](const Recommendation& r) {
            return r.status == "withdrawn" ? " (" + label(&plugin::Labels::withdrawn) + ")" : std::string();
        };
        changedText(head, Format{}, withdrawn(was), withdrawn(now));

        if (both_)
            sideBySide(now);
        else
            oneLanguage(was, now, level);
        responses(was, now, level);
    }

    /// How paragraph `index` of a block is laid out.
    using Layout = std::function<Para(const Block&, std::size_t)>;

    /// The paragraphs of a block that was `was` and is `now` (either absent), the first
    /// after `labelText` when there is one. In a redline, paragraphs are matched as the
    /// semantic diff matches them: the same, alike (shown word by word), or only in one.
    void changedBlock(const Block* was, const Block* now, const Layout& layout, const char* labelText)
    {
        if (!was && !now) return;
        if (!was || !now || *was == *now) {
            const Block& block = now ? *now : *was;
            const Mark m = !was ? Mark::Inserted : !now ? Mark::Deleted : mark_;
            withMark(m, [&] {
                for (std::size_t i = 0; i < block.paragraphs.size(); ++i)
                    blockParagraph(block, i, layout, i == 0 ? labelText : nullptr, block.paragraphs[i].content,
                                   block.paragraphs[i].content);
            });
            return;
        }
        std::vector<std::string> a, b;
        for (const auto& p : was->paragraphs) a.push_back(flatten(p));
        for (const auto& p : now->paragraphs) b.push_back(flatten(p));
        // A label stays as it is where both versions have their first paragraph.
        auto labelFor = [&](std::optional<std::size_t> i, std::optional<std::size_t> j) -> const char* {
            return labelText && ((i && *i == 0) || (j && *j == 0)) ? labelText : nullptr;
        };
        auto gone = [&](std::size_t i) {
            withMark(Mark::Deleted, [&] {
                blockParagraph(*was, i, layout, labelFor(i, std::nullopt), was->paragraphs[i].content,
                               was->paragraphs[i].content);
            });
        };
        auto came = [&](std::size_t j) {
            withMark(Mark::Inserted, [&] {
                blockParagraph(*now, j, layout, labelFor(std::nullopt, j), now->paragraphs[j].content,
                               now->paragraphs[j].content);
            });
        };
        auto kept = [&](std::size_t i, std::size_t j) {
            blockParagraph(*now, j, layout, labelFor(i, j), was->paragraphs[i].content, now->paragraphs[j].content);
        };
        std::size_t i = 0, j = 0;
        const auto script = diffSequences(a, b);
        for (std::size_t s = 0; s < script.size(); ++s) {
            auto [op, n] = script[s];
            if (op == DiffOp::Equal) {
                for (std::size_t k = 0; k < n; ++k) kept(i + k, j + k);
                i += n;
                j += n;
                continue;
            }
            // A region of removed and added paragraphs: pair those alike.
            std::size_t removed = op == DiffOp::Delete ? n : 0, added = op == DiffOp::Insert ? n : 0;
            if (op == DiffOp::Delete && s + 1 < script.size() && script[s + 1].first == DiffOp::Insert) added = script[++s].second;
            std::vector<std::string> ra, rb;
            for (std::size_t k = 0; k < removed; ++k) ra.push_back(plainText(was->paragraphs[i + k]));
            for (std::size_t k = 0; k < added; ++k) rb.push_back(plainText(now->paragraphs[j + k]));
            std::size_t x = 0, y = 0;
            for (auto [pi, pj] : alignSimilar(ra, rb)) {
                for (; x < pi; ++x) gone(i + x);
                for (; y < pj; ++y) came(j + y);
                kept(i + pi, j + pj);
                x = pi + 1;
                y = pj + 1;
            }
            for (; x < removed; ++x) gone(i + x);
            for (; y < added; ++y) came(j + y);
            i += removed;
            j += added;
        }
    }

    /// Paragraph `index` of `block`, its content having changed from `was` to `now`.
    void blockParagraph(const Block& block, std::size_t index, const Layout& layout, const char* labelText,
                        const std::vector<Inline>& was, const std::vector<Inline>& now)
    {
        const Format f = textFormat(block.lang);
        auto p = paragraph(body(), layout(block, index));
        if (labelText) {
            Format strong = f;
            strong.bold = true;
            run(p, strong, std::string(labelText) + ": ");
        }
        changedInlines(p, was, now, f);
    }

    /// How the paragraphs of a text or rationale sit under an item at `level`.
    [[nodiscard]] Layout textLayout(std::size_t level, bool numberIt) const
    {
        return [this, level, numberIt](const Block& block, std::size_t) {
            if (paragraphsNumbered_ && numberIt) return Para{.number = {parts::kParagraphList, 0}};
            // The Korean manner: the paragraphs of an item are its sub-items (가. 나. or 1) 2)).
            if (layout_.markers == parts::Layout::Markers::Korean && numberIt && block.paragraphs.size() > 1)
                return Para{.number = {parts::kOutlineList, level + 1}};
            return Para{.indent = bodyIndent(level)};
        };
    }

    void oneLanguage(const Recommendation& was, const Recommendation& now, std::size_t level)
    {
        changedBlock(pick(was.texts, lang_), pick(now.texts, lang_), textLayout(level, true), nullptr);
        // A rationale explains the recommendation: never a numbered paragraph of its own, and
        // labelled in the export's language whatever language it had to be printed in.
        changedBlock(pick(was.rationales, lang_), pick(now.rationales, lang_), textLayout(level, false),
                     plugin::labelsFor(lang_).rationale);
        facts(body(), was, now, lang_, bodyIndent(level));
    }

    /// A recommendation's addressees, references and endorsing organisations in `lang`,
    /// each as one line's value (absent when it has none).
    std::array<std::optional<std::string>, 3> factValues(const Recommendation& r, std::string_view lang) const
    {
        std::array<std::optional<std::string>, 3> out;
        out[0] = nonEmpty(workspace::join(req_.workspace.addresseeNames(r.addressees, lang), ", "));
        std::vector<std::string> refs;
        for (const Ref* ref : refsIn(r, lang)) {
            const auto kind = plugin::refKindName(ref->kind, lang);
            refs.push_back((kind.empty() ? std::string() : std::string(kind) + " ") + ref->text);
        }
        out[1] = nonEmpty(workspace::join(refs, "; "));
        std::vector<std::string> names;
        for (const auto& e : r.endorsements) names.push_back(orgName(e.org, lang));
        out[2] = nonEmpty(workspace::join(names, ", "));
        return out;
    }

    /// Addressees, references and endorsing organisations, in `lang`, as they changed since `was`.
    void facts(pugi::xml_node parent, const Recommendation& was, const Recommendation& now, std::string_view lang,
               std::optional<long> indent)
    {
        const plugin::Labels& l = plugin::labelsFor(lang);
        const std::array<const char*, 3> labels{l.addressedTo, l.references, l.endorsedBy};
        const auto before = factValues(was, lang), after = factValues(now, lang);
        for (std::size_t k = 0; k < labels.size(); ++k)
            line(parent, {.style = style::kFact, .indent = indent}, labels[k], before[k], after[k], textFormat(lang));
    }

    /// The recipient's responses: who answered, when and how, then their words. In a
    /// redline a response that changed is shown deleted and inserted again.
    void responses(const Recommendation& was, const Recommendation& now, std::size_t level)
    {
        const auto wasIn = responsesIn(was, single()), nowIn = responsesIn(now, single());
        const std::size_t n = std::max(wasIn.size(), nowIn.size());
        for (std::size_t i = 0; i < n; ++i) {
            const Response* before = i < wasIn.size() ? wasIn[i] : nullptr;
            const Response* after = i < nowIn.size() ? nowIn[i] : nullptr;
            if (before && after && *before == *after) {
                response(*after, level);
                continue;
            }
            if (before) withMark(Mark::Deleted, [&] { response(*before, level); });
            if (after) withMark(Mark::Inserted, [&] { response(*after, level); });
        }
    }

    void response(const Response& resp, std::size_t level)
    {
        std::string about = addressees({resp.from}) + ", " + profile_.formatDate(resp.round);
        if (!resp.position.empty()) {
            auto position = [&](std::string_view lang) { return std::string(plugin::positionName(resp.position, lang)); };
            about += ", " + (both_          ? position("en") + " / " + position("ko")
                             : lang_ == "ko" ? position("ko")
                                             : position("en"));
        }
        auto head = paragraph(body(), {.style = style::kFact, .indent = bodyIndent(level), .before = 120});
        labelled(head, label(&plugin::Labels::response), about, Format{});
        for (const auto& para : resp.paragraphs) {
            Format quoted;
            quoted.italic = lang_ != "ko";  // Hangul has no italic convention
            auto p = paragraph(body(), {.style = style::kQuote, .indent = bodyIndent(level) + 284});
            inlines(p, para.content, quoted, docRels_, false);
        }
    }

    // --- a redline: the document with its changes since an older version ------------------

    /// Every section and recommendation of the newer version in order, each compared with
    /// its older self; what the older version had and the newer has not (or has elsewhere)
    /// is written deleted (moved from) where it stood: after the part that preceded it there.
    void redlineBody()
    {
        const Submission& older = redline_->before;
        const auto was = walk(older);
        const auto now = walk(doc_);
        auto keyOf = [](const Located& l) { return l.section ? "s:" + l.section->id : "r:" + l.recommendation->id; };
        std::map<std::string, const Located*> wasByKey, nowByKey;
        for (const auto& l : was) wasByKey.emplace(keyOf(l), &l);
        for (const auto& l : now) nowByKey.emplace(keyOf(l), &l);

        // Moved: under another section or out of order among its siblings, with all it holds.
        std::set<std::string> moved;
        for (const auto& c : diffSubmissions(&older, &doc_, {}).changes)
            if ((c.moved || c.reordered) && !c.added && !c.removed)
                moved.insert((c.part == PartChange::Part::Section ? "s:" : "r:") + c.id);
        for (const auto* parts : {&was, &now}) {
            std::vector<std::size_t> inside;  // the number of a moved section being walked through
            for (const auto& l : *parts) {
                const bool within = !inside.empty() && l.number.size() > inside.size() &&
                                    std::equal(inside.begin(), inside.end(), l.number.begin());
                if (within) moved.insert(keyOf(l));
                else inside.clear();
                if (!within && l.section && moved.count(keyOf(l))) inside = l.number;
            }
        }
        auto stable = [&](const std::string& key) { return wasByKey.count(key) && nowByKey.count(key) && !moved.count(key); };

        // The older parts that leave their place, by the stable part they follow ("" for the start).
        std::map<std::string, std::vector<const Located*>> leaving;
        std::string anchor;
        for (const auto& l : was) {
            const std::string key = keyOf(l);
            if (stable(key)) anchor = key;
            else leaving[anchor].push_back(&l);
        }

        std::map<std::string, std::string> moveNames;
        auto moveName = [&](const std::string& key) {
            return moveNames.try_emplace(key, "move" + std::to_string(moveNames.size() + 1)).first->second;
        };
        auto part = [&](const Located& w, const Located& n, const std::vector<std::size_t>& number) {
            if (n.section) section(*w.section, *n.section, number);
            else recommendation(*w.recommendation, *n.recommendation, number);
        };
        auto moveRange = [&](Mark m, const std::string& key, const Located& l) {
            const bool from = m == Mark::MovedFrom;
            const long rangeId = nextChange_++;
            auto start = add(body(), from ? "w:moveFromRangeStart" : "w:moveToRangeStart");
            set(start, "w:id", rangeId);
            set(start, "w:author", author_->name);
            if (!author_->date.empty()) set(start, "w:date", author_->date);
            set(start, "w:name", moveName(key));
            withMark(m, [&] { part(l, l, l.number); });
            set(add(body(), from ? "w:moveFromRangeEnd" : "w:moveToRangeEnd"), "w:id", rangeId);
        };
        auto writeLeaving = [&](const std::string& after) {
            auto it = leaving.find(after);
            if (it == leaving.end()) return;
            for (const Located* l : it->second) {
                const std::string key = keyOf(*l);
                author_ = &redline_->authorOf(key.substr(2));
                if (nowByKey.count(key)) moveRange(Mark::MovedFrom, key, *l);
                else withMark(Mark::Deleted, [&] { part(*l, *l, l->number); });
            }
        };

        writeLeaving({});
        for (const auto& l : now) {
            const std::string key = keyOf(l);
            author_ = &redline_->authorOf(key.substr(2));
            if (!wasByKey.count(key)) {
                withMark(Mark::Inserted, [&] { part(l, l, l.number); });
            } else if (moved.count(key)) {
                moveRange(Mark::MovedTo, key, l);
            } else {
                part(*wasByKey.at(key), l, l.number);
                writeLeaving(key);
            }
        }
        author_ = nullptr;
    }

    // --- both languages side by side ---------------------------------------------------------

    [[nodiscard]] long textWidth() const { return page_.width - 2 * page_.margin; }

    /// A two-column table, English left and Korean right, one row per pair of paragraphs,
    /// as wide as the text so that the columns stay readable.
    void sideBySide(const Recommendation& r)
    {
        const long width = textWidth();
        const long column = width / 2;

        auto tbl = add(body(), "w:tbl");
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
            facts(left, r, r, "en", std::nullopt);
            facts(right, r, r, "ko", std::nullopt);
        }
        if (!tbl.child("w:tr")) {
            body().remove_child(tbl);
            return;
        }
        // A table followed directly by another needs a paragraph between them in Word.
        paragraph(body(), {.after = 0});
    }

    // --- the package ---------------------------------------------------------------------

    void sectionProperties(const std::string& footerId)
    {
        auto sectPr = add(body(), "w:sectPr");
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

        pkg.add("word/document.xml", ooxml::type::kDocument, documentXml_.finish());
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
        props.subject = textIn(doc_.meta.processes, single()).value_or("");
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
