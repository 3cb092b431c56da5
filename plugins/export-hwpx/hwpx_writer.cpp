#include "hwpx_writer.hpp"

#include "hwpx_package.hpp"
#include "owpml.hpp"

#include "accord/plugin/labels.hpp"


namespace accord::export_hwpx {

using namespace accord::workspace;
using owpml::Align;
using owpml::CharStyle;
using owpml::FontRole;
using owpml::ParaStyle;

namespace {


/// Sizes (HWPUNIT) and faces: the Korean administrative manner when the profile's
/// markers are Korean, a plainer one otherwise.
struct Typography {
    owpml::Fonts fonts;
    int title;
    int heading;     ///< top-level section headings
    int subheading;  ///< deeper section headings
    int item;        ///< recommendation titles
    int body;
    int meta;        ///< facts: addressees, references, endorsements
    int note;
    bool titleBold;
};

Typography typography(bool korean)
{
    if (korean)
        return Typography{{{"휴먼명조", "함초롬바탕"}, {"HY헤드라인M", "함초롬돋움"}}, 1500, 1400, 1300, 1300, 1300,
                          1200, 1000, false};
    return Typography{{{"함초롬바탕", ""}, {"함초롬돋움", ""}}, 1600, 1300, 1200, 1100, 1100, 1000, 900, true};
}

owpml::PageSetup pageSetup(const Profile& profile)
{
    owpml::PageSetup page;
    if (profile.pageSize == "Letter") {
        page.width = 61200;  // 8.5 in
        page.height = 79200;  // 11 in
        page.left = page.right = 7200;
    }
    return page;
}

/// How wide `text` sets at `height`, roughly: half an em for ASCII, an em for the rest.
int textWidth(std::string_view text, int height)
{
    int halves = 0;
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80)
            halves += 1;
        else if ((c & 0xC0) != 0x80)
            halves += 2;  // a lead byte: one wide character
    }
    return halves * height / 2;
}

std::string joined(const std::vector<std::string>& items, const char* separator)
{
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
    return out;
}

class Writer {
public:
    explicit Writer(const plugin::ExportRequest& request)
        : req_(request),
          profile_(request.profile ? *request.profile : *findBuiltinProfile("generic")),
          korean_(profile_.markers == "korean"),
          languages_(languagesOf(request)),
          type_(typography(korean_)),
          styles_(type_.fonts, languages_.front() == "ko" ? 1042 : 1033),
          section_(pageSetup(profile_))
    {
        bodyPara_ = ParaStyle{Align::Justify, 0, 0, 0, type_.body / 4, 160, false};
        bodyChars_ = CharStyle{type_.body};
        normal_ = styles_.addStyle("바탕글", "Normal", bodyPara_, bodyChars_);
        titleStyle_ = styles_.addStyle("제목", "Title", titlePara(), titleChars());
        headingStyle_ = styles_.addStyle("장 제목", "Heading", headingPara(0, ""), headingChars(0));
        itemStyle_ = styles_.addStyle("권고 제목", "Recommendation", itemPara(0, ""), itemChars());
        noteStyle_ = styles_.addStyle("각주", "Footnote", notePara(), noteChars());
    }

    std::string write()
    {
        for (std::size_t i = 0; i < languages_.size(); ++i) writeLanguage(languages_[i], i > 0);
        if (!profile_.closing.empty()) {
            auto p = paragraph(normal_, ParaStyle{Align::Right, 0, 0, type_.body, 0, 160, false});
            run(p, bodyChars_, profile_.closing);
        }

        PackageContent content;
        content.language = languages_.front();
        const Meta& meta = req_.document.meta;
        if (const LangText* t = pickLang(meta.titles, languages_.front(), req_.document.lang)) content.title = t->text;
        if (meta.coalition && !meta.coalition->empty()) {
            const Member* lead = &meta.coalition->front();
            for (const auto& m : *meta.coalition)
                if (m.role == "lead") {
                    lead = &m;
                    break;
                }
            content.creator = orgName(lead->org, languages_.front());
        }
        if (const LangText* p = pickLang(meta.processes, languages_.front(), req_.document.lang)) content.subject = p->text;
        content.headerXml = styles_.headerXml(1);
        content.sections.push_back(section_.finish());
        content.previewText = preview_.finish();
        return buildPackage(std::move(content));
    }

private:
    const plugin::ExportRequest& req_;
    const Profile& profile_;
    bool korean_;
    std::vector<std::string> languages_;
    Typography type_;
    owpml::Styles styles_;
    owpml::SectionBuilder section_;
    ParaStyle bodyPara_;
    CharStyle bodyChars_;
    std::uint32_t normal_ = 0, titleStyle_ = 0, headingStyle_ = 0, itemStyle_ = 0, noteStyle_ = 0;

    std::string lang_;
    const plugin::Labels* labels_ = &plugin::kEnglishLabels;
    unsigned notes_ = 0;
    std::size_t numberedParagraphs_ = 0;
    /// The preview is the document's whole text: it goes to its part as it is written, as the section does.
    package::PartStream preview_;
    bool previewStarted_ = false;  ///< some text is in the preview: a paragraph after it starts a line

    static std::vector<std::string> languagesOf(const plugin::ExportRequest& r)
    {
        if (r.lang == "both") return {"ko", "en"};
        if (r.lang.empty()) return {r.document.lang.empty() ? std::string("en") : r.document.lang};
        return {r.lang};
    }

    // -- the looks -------------------------------------------------------------------------

    [[nodiscard]] int step() const { return type_.body * 2; }  ///< one level of indentation: two characters

    [[nodiscard]] ParaStyle titlePara() const
    {
        return ParaStyle{Align::Center, 0, 0, 0, type_.title, 160, true};
    }
    [[nodiscard]] CharStyle titleChars() const
    {
        return CharStyle{type_.title, type_.titleBold, false, false, "#000000", FontRole::Heading};
    }
    /// A paragraph at `level` that opens with `marker`: the marker hangs, the lines after it align.
    [[nodiscard]] ParaStyle levelPara(std::size_t level, std::string_view marker, int height) const
    {
        ParaStyle p = bodyPara_;
        p.left = static_cast<int>(level) * step();
        if (!marker.empty()) {
            const int hang = textWidth(marker, height) + height / 2;
            p.left += hang;
            p.indent = -hang;
        }
        return p;
    }
    [[nodiscard]] ParaStyle headingPara(std::size_t level, std::string_view marker) const
    {
        ParaStyle p = levelPara(level, marker, headingChars(level).height);
        p.align = Align::Left;
        p.before = type_.body;
        p.after = type_.body / 3;
        p.keepWithNext = true;
        return p;
    }
    [[nodiscard]] CharStyle headingChars(std::size_t level) const
    {
        return CharStyle{level == 0 ? type_.heading : type_.subheading, true, false, false, "#000000",
                         korean_ && level == 0 ? FontRole::Heading : FontRole::Body};
    }
    [[nodiscard]] ParaStyle itemPara(std::size_t level, std::string_view marker) const
    {
        ParaStyle p = levelPara(level, marker, type_.item);
        p.before = type_.body / 2;
        p.after = type_.body / 4;
        p.keepWithNext = true;
        return p;
    }
    [[nodiscard]] CharStyle itemChars() const { return CharStyle{type_.item, true}; }
    [[nodiscard]] CharStyle metaChars() const { return CharStyle{type_.meta}; }
    [[nodiscard]] ParaStyle notePara() const { return ParaStyle{Align::Justify, 0, 0, 0, 0, 130, false}; }
    [[nodiscard]] CharStyle noteChars() const { return CharStyle{type_.note}; }

    // -- writing ---------------------------------------------------------------------------

    pugi::xml_node paragraph(std::uint32_t style, const ParaStyle& para, bool pageBreak = false)
    {
        if (previewStarted_) preview_.append("\r\n");
        return section_.paragraph(styles_.paraPr(para), style, pageBreak);
    }

    void run(pugi::xml_node p, const CharStyle& chars, std::string_view text, bool inNote = false)
    {
        owpml::SectionBuilder::text(p, styles_.charPr(chars), text);
        if (!inNote) {
            preview_.append(text);
            previewStarted_ = previewStarted_ || !text.empty();
        }
    }

    void inlines(pugi::xml_node p, const std::vector<Inline>& items, const CharStyle& base, bool inNote = false)
    {
        for (const auto& in : items) {
            switch (in.kind) {
            case Inline::Kind::Text: run(p, base, in.text, inNote); break;
            case Inline::Kind::Em: {
                CharStyle c = base;
                c.italic = true;
                inlines(p, in.children, c, inNote);
                break;
            }
            case Inline::Kind::Strong: {
                CharStyle c = base;
                c.bold = true;
                inlines(p, in.children, c, inNote);
                break;
            }
            case Inline::Kind::Link: {
                CharStyle c = base;
                c.underline = true;
                c.color = "#0000FF";
                inlines(p, in.children, c, inNote);
                std::string shown;
                for (const auto& child : in.children)
                    if (child.kind == Inline::Kind::Text) shown += child.text;
                if (shown != in.href) run(p, base, " (" + in.href + ")", inNote);
                break;
            }
            case Inline::Kind::Note: {
                auto list = section_.footnote(p, styles_.charPr(base), ++notes_);
                auto np = section_.noteParagraph(list, styles_.paraPr(notePara()), noteStyle_,
                                                 styles_.charPr(noteChars()));
                run(np, noteChars(), " ", true);
                inlines(np, in.children, noteChars(), true);
                break;
            }
            }
        }
    }

    [[nodiscard]] std::string orgName(const std::string& id, const std::string& lang) const
    {
        const Organisation* o = req_.workspace.findOrganisation(id);
        return o ? o->name(lang) : id;
    }

    /// The marker of a numbered part: the profile's Korean marker at its depth, else its whole number ("1.2.").
    [[nodiscard]] std::string markerOf(const std::vector<std::size_t>& number) const
    {
        if (korean_) return profile_.marker(number.size() - 1, number.back() - 1);
        std::string s;
        for (auto n : number) s += std::to_string(n) + ".";
        return s;
    }

    /// "Label: value" in a paragraph at `level`.
    void fact(std::size_t level, const char* label, const std::string& value)
    {
        auto p = paragraph(normal_, levelPara(level, "", type_.meta));
        CharStyle bold = metaChars();
        bold.bold = true;
        run(p, bold, std::string(label) + ": ");
        run(p, metaChars(), value);
    }

    void writeLanguage(const std::string& lang, bool newPage)
    {
        lang_ = lang;
        labels_ = &plugin::labelsFor(lang);
        const Submission& doc = req_.document;
        const Meta& meta = doc.meta;

        auto title = paragraph(titleStyle_, titlePara(), newPage);
        if (const LangText* t = pickLang(meta.titles, lang_, doc.lang)) run(title, titleChars(), t->text);

        if (const LangText* p = pickLang(meta.processes, lang_, doc.lang)) fact(0, labels_->process, p->text);
        if (!meta.addressees.empty()) fact(0, labels_->to, joined(req_.workspace.addresseeNames(meta.addressees, lang_), ", "));
        if (meta.deadline) fact(0, labels_->deadline, profile_.formatDate(*meta.deadline));
        if (profile_.jointSubmittersAtTop && meta.coalition && !meta.coalition->empty()) {
            std::vector<std::string> names;
            for (const auto& m : *meta.coalition)
                names.push_back(orgName(m.org, lang_) + (m.role == "lead" ? std::string(" (") + labels_->lead + ")" : ""));
            fact(0, labels_->coalition, joined(names, ", "));
        }

        req_.forEachPart([&](const Located& part) {
            if (part.section)
                writeSection(*part.section, part.number);
            else
                writeRecommendation(*part.recommendation, part.number);
            section_.partDone();
        });
    }

    void writeSection(const Section& s, const std::vector<std::size_t>& number)
    {
        const std::size_t level = number.size() - 1;
        const std::string marker = markerOf(number);
        auto p = paragraph(headingStyle_, headingPara(level, marker));
        std::string text = marker;
        if (const LangText* h = pickLang(s.headings, lang_, req_.document.lang)) text += " " + h->text;
        run(p, headingChars(level), text);
        if (const Block* intro = pickLang(s.intros, lang_, req_.document.lang))
            for (const auto& para : intro->paragraphs)
                inlines(paragraph(normal_, levelPara(level + 1, "", type_.body)), para.content, bodyChars_);
    }

    void writeRecommendation(const Recommendation& r, const std::vector<std::size_t>& number)
    {
        const std::size_t level = number.size() - 1;
        const std::string marker = markerOf(number);
        auto head = paragraph(itemStyle_, itemPara(level, marker));
        std::string text = marker;
        if (const LangText* t = pickLang(r.titles, lang_, req_.document.lang)) text += " " + t->text;
        if (r.status == "withdrawn") text += std::string(" (") + labels_->withdrawn + ")";
        run(head, itemChars(), text);

        const std::size_t inner = level + 1;
        if (const Block* b = pickLang(r.texts, lang_, req_.document.lang)) {
            const bool numbered = b->paragraphs.size() > 1 && korean_;
            const bool unStyle = !korean_ && profile_.numbering == "paragraphs";
            for (std::size_t i = 0; i < b->paragraphs.size(); ++i) {
                std::string m;
                if (numbered) m = profile_.marker(inner, i);
                if (unStyle) m = std::to_string(++numberedParagraphs_) + ".";
                auto p = paragraph(normal_, levelPara(inner, m, type_.body));
                if (!m.empty()) run(p, bodyChars_, m + " ");
                inlines(p, b->paragraphs[i].content, bodyChars_);
            }
        }
        if (const Block* b = pickLang(r.rationales, lang_, req_.document.lang)) {
            bool first = true;
            for (const auto& para : b->paragraphs) {
                auto p = paragraph(normal_, levelPara(inner, "", type_.body));
                if (first) {
                    CharStyle label = bodyChars_;
                    label.bold = true;
                    run(p, label, std::string(labels_->rationale) + ": ");
                    first = false;
                }
                inlines(p, para.content, bodyChars_);
            }
        }
        if (!r.addressees.empty())
            fact(inner, labels_->addressedTo, joined(req_.workspace.addresseeNames(r.addressees, lang_), ", "));
        if (!r.refs.empty()) {
            std::vector<std::string> refs;
            for (const Ref* ref : refsIn(r, lang_)) {
                const auto kind = plugin::refKindName(ref->kind, lang_);
                refs.push_back((kind.empty() ? std::string() : std::string(kind) + " ") + ref->text);
            }
            fact(inner, labels_->references, joined(refs, "; "));
        }
        if (!r.endorsements.empty()) {
            std::vector<std::string> names;
            for (const auto& e : r.endorsements) names.push_back(orgName(e.org, lang_));
            fact(inner, labels_->endorsedBy, joined(names, ", "));
        }
        for (const Response* response : responsesIn(r, lang_)) {
            const Response& resp = *response;
            std::string about = req_.workspace.addresseeName(resp.from, lang_) + ", " + profile_.formatDate(resp.round);
            if (!resp.position.empty()) {
                about += ", " + std::string(plugin::positionName(resp.position, lang_));
            }
            fact(inner, labels_->response, about);
            for (const auto& para : resp.paragraphs) {
                CharStyle quoted = bodyChars_;
                quoted.italic = !korean_;  // Hangul has no italic convention; keep it upright there
                inlines(paragraph(normal_, levelPara(inner, "", type_.body)), para.content, quoted);
            }
        }
    }
};

} // namespace

std::string writeHwpx(const plugin::ExportRequest& request)
{
    return Writer(request).write();
}

} // namespace accord::export_hwpx
