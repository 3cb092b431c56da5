#include "word_reader.hpp"

#include "accord/workspace/error.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

namespace accord::import_docx {

using workspace::Inline;

namespace {

/// A name without prefix: w:p → p. Producers all write the w: and r: prefixes, but
/// nothing here depends on it.
std::string_view local(pugi::xml_node n)
{
    std::string_view name = n.name();
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

/// An attribute by its local name, e.g. "val" for w:val.
pugi::xml_attribute attr(pugi::xml_node n, std::string_view name)
{
    for (auto a : n.attributes()) {
        std::string_view full = a.name();
        const auto colon = full.find(':');
        if ((colon == std::string_view::npos ? full : full.substr(colon + 1)) == name) return a;
    }
    return {};
}

pugi::xml_node child(pugi::xml_node n, std::string_view name)
{
    for (auto c : n.children())
        if (local(c) == name) return c;
    return {};
}

/// A toggle property (w:b, w:i): present and not switched off.
std::optional<bool> toggle(pugi::xml_node rPr, std::string_view name)
{
    auto p = child(rPr, name);
    if (!p) return std::nullopt;
    std::string_view v = attr(p, "val").value();
    return !(v == "0" || v == "false" || v == "off");
}

/// A style name or id as a key: lower case, no spaces, _ or -.
std::string key(std::string_view name)
{
    std::string out;
    for (char c : name)
        if (c != ' ' && c != '_' && c != '-') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

struct Style {
    std::string name, basedOn;
    std::optional<int> outline;  ///< w:outlineLvl
    std::optional<bool> numbered, bold, italic;
};

class Styles {
public:
    void read(pugi::xml_node root)
    {
        for (auto s : root.children()) {
            if (local(s) != "style") continue;
            Style st;
            st.name = attr(child(s, "name"), "val").value();
            st.basedOn = attr(child(s, "basedOn"), "val").value();
            if (auto pPr = child(s, "pPr")) {
                if (auto o = child(pPr, "outlineLvl")) st.outline = attr(o, "val").as_int(9);
                if (auto num = child(pPr, "numPr")) st.numbered = attr(child(num, "numId"), "val").as_int(0) != 0;
            }
            if (auto rPr = child(s, "rPr")) {
                st.bold = toggle(rPr, "b");
                st.italic = toggle(rPr, "i");
            }
            styles_[attr(s, "styleId").value()] = std::move(st);
        }
    }

    /// A property of a style, or of the styles it is based on.
    template <typename T>
    std::optional<T> find(const std::string& id, std::optional<T> Style::*field) const
    {
        std::string at = id;
        for (int hops = 0; hops < 20 && !at.empty(); ++hops) {  // a loop of basedOn ends here
            auto it = styles_.find(at);
            if (it == styles_.end()) return std::nullopt;
            if (it->second.*field) return it->second.*field;
            at = it->second.basedOn;
        }
        return std::nullopt;
    }

    [[nodiscard]] std::string name(const std::string& id) const
    {
        auto it = styles_.find(id);
        return it == styles_.end() ? id : it->second.name;
    }

    [[nodiscard]] bool has(std::string_view keyed) const
    {
        return std::any_of(styles_.begin(), styles_.end(), [&](const auto& s) {
            return key(s.first) == keyed || key(s.second.name) == keyed;
        });
    }

private:
    std::map<std::string, Style> styles_;
};

/// One stretch of a paragraph with its look: the unit inlines are built from.
struct Segment {
    std::string text;
    bool bold = false, italic = false;
    std::string href;
    std::optional<std::vector<Inline>> note;
};

/// A field (w:fldChar begin … separate … end) around runs: a HYPERLINK field's result is a link.
struct Field {
    std::string instruction;
    bool result = false;
};

/// The URL of a HYPERLINK field instruction: HYPERLINK "https://…" \o "…".
std::string hyperlinkOf(std::string_view instruction)
{
    const auto at = instruction.find("HYPERLINK");
    if (at == std::string_view::npos) return {};
    const auto open = instruction.find('"', at);
    if (open == std::string_view::npos) return {};
    const auto close = instruction.find('"', open + 1);
    return close == std::string_view::npos ? std::string() : std::string(instruction.substr(open + 1, close - open - 1));
}

bool linkable(std::string_view href)
{
    return href.starts_with("http://") || href.starts_with("https://") || href.starts_with("mailto:");
}

Inline textInline(std::string text)
{
    return Inline{Inline::Kind::Text, std::move(text), {}, {}};
}

/// Adjacent text merged, so that a run cut in three by its producer reads as one.
void appendInline(std::vector<Inline>& out, Inline in)
{
    if (!out.empty() && out.back().kind == in.kind && in.kind != Inline::Kind::Note && out.back().href == in.href) {
        if (in.kind == Inline::Kind::Text) {
            out.back().text += in.text;
            return;
        }
        for (auto& c : in.children) appendInline(out.back().children, std::move(c));
        return;
    }
    out.push_back(std::move(in));
}

std::vector<Inline> toInlines(const std::vector<Segment>& segments)
{
    std::vector<Inline> out;
    for (const auto& s : segments) {
        if (s.note) {
            out.push_back(Inline{Inline::Kind::Note, {}, {}, *s.note});
            continue;
        }
        if (s.text.empty()) continue;
        const bool blank = s.text.find_first_not_of(" \t\n") == std::string::npos;
        Inline in = textInline(s.text);
        if (!s.href.empty()) {
            in = Inline{Inline::Kind::Link, {}, s.href, {textInline(s.text)}};
        } else if (!blank && (s.bold || s.italic)) {
            // The format has no em inside strong: bold wins.
            in = Inline{s.bold ? Inline::Kind::Strong : Inline::Kind::Em, {}, {}, {textInline(s.text)}};
        }
        appendInline(out, std::move(in));
    }
    return out;
}

void collapseInto(std::string& out, std::string_view text)
{
    for (char c : text) {
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (space) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
}

void plainInto(std::string& out, const std::vector<Inline>& content)
{
    for (const auto& in : content) {
        if (in.kind == Inline::Kind::Note) continue;
        if (in.kind == Inline::Kind::Text) collapseInto(out, in.text);
        plainInto(out, in.children);
    }
}

class Reader {
public:
    explicit Reader(DocxPackage& package) : package_(package) {}

    WordDocument read()
    {
        const std::string main = package_.mainPart();
        auto document = package_.xml(main);
        auto root = document->document_element();
        if (local(root) != "document" || !child(root, "body"))
            throw workspace::Error(workspace::ErrorKind::Invalid,
                                   main + " is not a WordprocessingML document (no w:document/w:body): open the file in "
                                          "Word or LibreOffice and save it as \"Word document (.docx)\"");
        docRels_ = package_.relationships(main);
        std::string stylesPart, footnotesPart, endnotesPart, commentsPart;
        for (const auto& [id, r] : docRels_) {
            if (r.external) continue;
            if (r.type == "styles") stylesPart = r.target;
            if (r.type == "footnotes") footnotesPart = r.target;
            if (r.type == "endnotes") endnotesPart = r.target;
            if (r.type == "comments") commentsPart = r.target;
        }
        if (!stylesPart.empty())
            if (auto styles = package_.xml(stylesPart)) styles_.read(styles->document_element());
        out_.accordLayout = styles_.has("recommendationtitle");
        loadNotes(footnotesPart, footnotes_, footnoteRels_, footnoteDoc_);
        loadNotes(endnotesPart, endnotes_, endnoteRels_, endnoteDoc_);
        if (!commentsPart.empty()) readComments(commentsPart);
        readCoreTitle();
        body(child(root, "body"), false);
        return std::move(out_);
    }

private:
    DocxPackage& package_;
    Styles styles_;
    Relationships docRels_, footnoteRels_, endnoteRels_;
    std::unique_ptr<pugi::xml_document> footnoteDoc_, endnoteDoc_;
    std::map<std::string, pugi::xml_node> footnotes_, endnotes_;
    WordDocument out_;
    std::vector<std::string> pendingBookmarks_;
    std::set<std::string> reported_;

    void unmapped(int paragraph, const std::string& what)
    {
        // Each kind of loss once per paragraph: a picture cut in twenty runs is one picture.
        if (reported_.insert(std::to_string(paragraph) + what).second) out_.unmapped.push_back(Unmapped{paragraph, what});
    }

    void loadNotes(const std::string& part, std::map<std::string, pugi::xml_node>& notes, Relationships& rels,
                   std::unique_ptr<pugi::xml_document>& doc)
    {
        if (part.empty()) return;
        doc = package_.xml(part);
        if (!doc) return;
        rels = package_.relationships(part);
        for (auto n : doc->document_element().children()) {
            std::string_view type = attr(n, "type").value();
            if (type.empty() || type == "normal") notes[attr(n, "id").value()] = n;
        }
    }

    void readComments(const std::string& part)
    {
        auto doc = package_.xml(part);
        if (!doc) return;
        Relationships none;
        for (auto c : doc->document_element().children()) {
            if (local(c) != "comment") continue;
            WordComment comment{attr(c, "author").value(), attr(c, "date").value(), {}};
            for (auto p : c.children()) {
                if (local(p) != "p") continue;
                std::vector<Segment> segs;
                Context ctx{none, 0, true};
                content(p, segs, ctx);
                std::string line;
                plainInto(line, toInlines(segs));
                if (!line.empty()) comment.text += (comment.text.empty() ? "" : " ") + line;
            }
            out_.comments[attr(c, "id").value()] = std::move(comment);
        }
    }

    void readCoreTitle()
    {
        std::string corePart = "docProps/core.xml";
        for (const auto& [id, r] : package_.relationships(""))
            if (r.type == "core-properties" && !r.external) corePart = r.target;
        auto core = package_.xml(corePart);
        if (!core) return;
        for (auto n : core->document_element().children())
            if (local(n) == "title") collapseInto(out_.coreTitle, n.text().get());
        while (!out_.coreTitle.empty() && out_.coreTitle.back() == ' ') out_.coreTitle.pop_back();
    }

    // --- the body ------------------------------------------------------------------------

    void body(pugi::xml_node parent, bool inTable)
    {
        for (auto n : parent.children()) {
            const auto name = local(n);
            if (name == "p") {
                paragraph(n, inTable);
            } else if (name == "tbl") {
                if (!inTable)
                    unmapped(static_cast<int>(out_.paragraphs.size()) + 1,
                             "a table: its cells are read as paragraphs, row by row");
                for (auto tr : n.children())
                    for (auto tc : tr.children())
                        if (local(tc) == "tc") body(tc, true);
            } else if (name == "sdt") {
                body(child(n, "sdtContent"), inTable);
            } else if (name == "customXml" || name == "ins" || name == "moveTo") {
                body(n, inTable);
            } else if (name == "bookmarkStart") {
                bookmark(n, pendingBookmarks_);
            } else if (name == "AlternateContent") {
                unmapped(static_cast<int>(out_.paragraphs.size()) + 1, "a drawing or text box");
            }
        }
    }

    static void bookmark(pugi::xml_node n, std::vector<std::string>& into)
    {
        std::string name = attr(n, "name").value();
        if (!name.starts_with(kBookmarkPrefix)) return;
        name.erase(0, kBookmarkPrefix.size());
        std::replace(name.begin(), name.end(), '_', '-');  // Word's names take no '-'
        into.push_back(name);
    }

    void paragraph(pugi::xml_node p, bool inTable)
    {
        WordParagraph para;
        para.number = static_cast<int>(out_.paragraphs.size()) + 1;
        para.inTable = inTable;
        para.bookmarks = std::move(pendingBookmarks_);
        pendingBookmarks_.clear();

        auto pPr = child(p, "pPr");
        const std::string styleId = attr(child(pPr, "pStyle"), "val").value();
        classify(para, pPr, styleId);

        std::vector<Segment> segs;
        Context ctx{docRels_, para.number, false};
        ctx.bookmarks = &para.bookmarks;
        ctx.comments = &para.comments;
        content(p, segs, ctx);
        para.content = toInlines(segs);
        if (!para.bookmarks.empty()) out_.accordLayout = true;
        out_.paragraphs.push_back(std::move(para));
    }

    void classify(WordParagraph& para, pugi::xml_node pPr, const std::string& styleId)
    {
        const std::string id = key(styleId), name = key(styles_.name(styleId));
        auto is = [&](std::string_view k) { return id == k || name == k; };
        if (is("title")) para.kind = ParaKind::Title;
        else if (is("subtitle")) para.kind = ParaKind::Subtitle;
        else if (is("recommendationtitle")) para.kind = ParaKind::RecTitle;
        else if (is("recommendationfact")) para.kind = ParaKind::Fact;
        else if (is("coverfact")) para.kind = ParaKind::CoverFact;
        else if (is("quote") || is("intensequote") || is("blockquote") || is("blocktext")) para.kind = ParaKind::Quote;
        else if (is("closing")) para.kind = ParaKind::Closing;
        if (para.kind != ParaKind::Body) return;

        std::optional<int> outline;
        if (auto o = child(pPr, "outlineLvl")) outline = attr(o, "val").as_int(9);
        for (const auto& k : {id, name})
            if (k.size() == 8 && k.starts_with("heading") && k[7] >= '1' && k[7] <= '9') outline = k[7] - '1';
        if (!outline && !styleId.empty()) outline = styles_.find(styleId, &Style::outline);
        if (outline && *outline >= 0 && *outline < 9) {
            para.kind = ParaKind::Heading;
            para.level = *outline + 1;
            return;
        }
        if (auto num = child(pPr, "numPr"))
            para.numbered = attr(child(num, "numId"), "val").as_int(0) != 0;
        else if (!styleId.empty())
            para.numbered = styles_.find(styleId, &Style::numbered).value_or(false);
    }

    // --- runs --------------------------------------------------------------------------

    struct Context {
        const Relationships& rels;
        int paragraph;
        bool inNote;
        std::string href{};
        std::vector<Field> fields{};
        std::vector<std::string>* bookmarks = nullptr;
        std::vector<std::string>* comments = nullptr;
    };

    [[nodiscard]] std::string fieldLink(const Context& ctx) const
    {
        for (auto it = ctx.fields.rbegin(); it != ctx.fields.rend(); ++it)
            if (it->result) {
                std::string href = hyperlinkOf(it->instruction);
                if (!href.empty()) return href;
            }
        return {};
    }

    /// The inline content of a paragraph (or of a hyperlink or inserted text in one).
    void content(pugi::xml_node parent, std::vector<Segment>& segs, Context& ctx)
    {
        for (auto n : parent.children()) {
            const auto name = local(n);
            if (name == "r") {
                run(n, segs, ctx);
            } else if (name == "hyperlink") {
                hyperlink(n, segs, ctx);
            } else if (name == "ins" || name == "smartTag" || name == "customXml" || name == "fldSimple" ||
                       name == "moveTo" || name == "dir" || name == "bdo") {
                if (name == "fldSimple") {
                    ctx.fields.push_back(Field{attr(n, "instr").value(), true});
                    content(n, segs, ctx);
                    ctx.fields.pop_back();
                } else {
                    content(n, segs, ctx);
                }
            } else if (name == "sdt") {
                content(child(n, "sdtContent"), segs, ctx);
            } else if (name == "bookmarkStart") {
                if (ctx.bookmarks) bookmark(n, *ctx.bookmarks);
            } else if (name == "commentRangeStart") {
                if (ctx.comments) ctx.comments->push_back(attr(n, "id").value());
            } else if (name == "oMath" || name == "oMathPara") {
                unmapped(ctx.paragraph, "an equation");
            }
        }
    }

    void hyperlink(pugi::xml_node n, std::vector<Segment>& segs, Context& ctx)
    {
        std::string href;
        if (auto id = n.attribute("r:id")) {
            auto it = ctx.rels.find(id.value());
            if (it != ctx.rels.end() && it->second.external) href = it->second.target;
        }
        if (!href.empty() && !linkable(href)) {
            unmapped(ctx.paragraph, "a link to \"" + href + "\" (only http, https and mailto links are kept): kept its words");
            href.clear();
        }
        const std::string outer = ctx.href;
        if (!href.empty()) ctx.href = href;
        content(n, segs, ctx);
        ctx.href = outer;
    }

    void run(pugi::xml_node r, std::vector<Segment>& segs, Context& ctx)
    {
        Segment look;
        auto rPr = child(r, "rPr");
        if (toggle(rPr, "vanish").value_or(false)) return;  // hidden text is not read
        const std::string charStyle = attr(child(rPr, "rStyle"), "val").value();
        look.bold = toggle(rPr, "b").value_or(charStyle.empty() ? false : styles_.find(charStyle, &Style::bold).value_or(false));
        look.italic =
            toggle(rPr, "i").value_or(charStyle.empty() ? false : styles_.find(charStyle, &Style::italic).value_or(false));
        look.href = ctx.href.empty() ? fieldLink(ctx) : ctx.href;
        if (!look.href.empty() && !linkable(look.href)) look.href.clear();

        auto text = [&](std::string_view t) {
            if (!ctx.fields.empty() && !ctx.fields.back().result) return;  // a field's instruction
            if (!segs.empty() && !segs.back().note && segs.back().bold == look.bold && segs.back().italic == look.italic &&
                segs.back().href == look.href)
                segs.back().text += t;
            else {
                Segment s = look;
                s.text = std::string(t);
                segs.push_back(std::move(s));
            }
        };
        for (auto n : r.children()) {
            const auto name = local(n);
            if (name == "t") text(n.text().get());
            else if (name == "tab" || name == "br" || name == "cr") text(" ");
            else if (name == "noBreakHyphen") text("-");
            else if (name == "instrText" && !ctx.fields.empty()) ctx.fields.back().instruction += n.text().get();
            else if (name == "fldChar") field(n, ctx);
            else if (name == "footnoteReference" || name == "endnoteReference") note(n, name == "footnoteReference", segs, ctx);
            else if (name == "commentReference" && ctx.comments) ctx.comments->push_back(attr(n, "id").value());
            else if (name == "drawing" || name == "pict" || name == "object") unmapped(ctx.paragraph, "a picture or object");
            else if (name == "AlternateContent") unmapped(ctx.paragraph, "a drawing or text box");
        }
    }

    static void field(pugi::xml_node n, Context& ctx)
    {
        std::string_view type = attr(n, "fldCharType").value();
        if (type == "begin") ctx.fields.push_back(Field{});
        else if (type == "separate" && !ctx.fields.empty()) ctx.fields.back().result = true;
        else if (type == "end" && !ctx.fields.empty()) ctx.fields.pop_back();
    }

    void note(pugi::xml_node ref, bool foot, std::vector<Segment>& segs, Context& ctx)
    {
        if (ctx.inNote) {
            unmapped(ctx.paragraph, "a note inside a note (the format has none): left out");
            return;
        }
        const auto& notes = foot ? footnotes_ : endnotes_;
        auto it = notes.find(attr(ref, "id").value());
        if (it == notes.end()) {
            unmapped(ctx.paragraph, std::string("a ") + (foot ? "footnote" : "endnote") + " reference to a note the file does not hold");
            return;
        }
        std::vector<Segment> inner;
        Context noteCtx{foot ? footnoteRels_ : endnoteRels_, ctx.paragraph, true};
        for (auto p : it->second.children()) {
            if (local(p) != "p") continue;
            if (!inner.empty()) inner.push_back(Segment{" ", false, false, {}, {}});
            content(p, inner, noteCtx);
        }
        auto inlines = toInlines(inner);
        // The mark's own run is followed by a tab or space before the words.
        while (!inlines.empty() && inlines.front().kind == Inline::Kind::Text) {
            auto& t = inlines.front().text;
            t.erase(0, std::min(t.size(), t.find_first_not_of(" \t\n")));
            if (!t.empty()) break;
            inlines.erase(inlines.begin());
        }
        if (inlines.empty()) return;
        Segment s;
        s.note = std::move(inlines);
        segs.push_back(std::move(s));
    }
};

} // namespace

WordDocument readWord(DocxPackage& package)
{
    return Reader(package).read();
}

std::string plainLine(const std::vector<Inline>& content)
{
    std::string out;
    plainInto(out, content);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

} // namespace accord::import_docx
