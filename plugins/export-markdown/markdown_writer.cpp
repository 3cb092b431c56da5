#include "markdown_writer.hpp"

#include "accord/plugin/labels.hpp"

#include <sstream>

namespace accord::export_markdown {

using namespace accord::workspace;

namespace {

std::string escape(std::string_view text)
{
    std::string out;
    for (char c : text) {
        if (c == '\\' || c == '*' || c == '_' || c == '[' || c == ']' || c == '`' || c == '<' || c == '>' || c == '#' ||
            c == '|')
            out += '\\';
        out += c;
    }
    return out;
}

class Writer {
public:
    /// `notePrefix` keeps footnote labels apart when two texts share one file.
    explicit Writer(const plugin::ExportRequest& r, std::string notePrefix = {})
        : req_(r), lang_(r.lang.empty() ? r.document.lang : r.lang), labels_(plugin::labelsFor(lang_)),
          notePrefix_(std::move(notePrefix))
    {
    }

    std::string write()
    {
        const Submission& doc = req_.document;
        if (const LangText* t = pickLang(doc.meta.titles, lang_, doc.lang)) out_ << "# " << escape(t->text) << "\n\n";
        writeMeta(doc.meta);
        req_.forEachPart([&](const Located& part) {
            if (part.section)
                writeSection(*part.section, part.number);
            else
                writeRecommendation(*part.recommendation, part.number);
        });
        if (req_.profile && !req_.profile->closing.empty()) out_ << req_.profile->closing << "\n";
        if (!notes_.empty()) {
            out_ << '\n';
            for (std::size_t i = 0; i < notes_.size(); ++i) out_ << "[^" << notePrefix_ << i + 1 << "]: " << notes_[i] << '\n';
        }
        return std::move(out_).str();  // the stream's own buffer, not a copy of it
    }

private:
    const plugin::ExportRequest& req_;
    std::string lang_;
    const plugin::Labels& labels_;
    std::ostringstream out_;
    std::vector<std::string> notes_;
    std::string notePrefix_;

    std::string orgName(const std::string& id) const
    {
        const Organisation* o = req_.workspace.findOrganisation(id);
        return o ? o->name(lang_) : id;
    }

    std::string inlines(const std::vector<Inline>& items)
    {
        std::string out;
        for (const auto& in : items) {
            switch (in.kind) {
            case Inline::Kind::Text: out += escape(in.text); break;
            case Inline::Kind::Em: out += "*" + inlines(in.children) + "*"; break;
            case Inline::Kind::Strong: out += "**" + inlines(in.children) + "**"; break;
            case Inline::Kind::Link: out += "[" + inlines(in.children) + "](" + in.href + ")"; break;
            case Inline::Kind::Note:
                notes_.push_back(inlines(in.children));
                out += "[^" + notePrefix_ + std::to_string(notes_.size()) + "]";
                break;
            }
        }
        return out;
    }

    void paragraphs(const std::vector<Paragraph>& ps)
    {
        for (const auto& p : ps) out_ << inlines(p.content) << "\n\n";
    }

    const Block* block(const std::vector<Block>& blocks) const
    {
        return pickLang(blocks, lang_, req_.document.lang);
    }

    void writeMeta(const Meta& m)
    {
        std::vector<std::string> facts;
        if (const LangText* p = pickLang(m.processes, lang_, req_.document.lang))
            facts.push_back("**" + std::string(labels_.process) + ":** " + escape(p->text));
        if (!m.addressees.empty()) {
            std::string to;
            for (const auto& a : req_.workspace.addresseeNames(m.addressees, lang_)) to += (to.empty() ? "" : ", ") + escape(a);
            facts.push_back("**" + std::string(labels_.to) + ":** " + to);
        }
        if (m.deadline)
            facts.push_back("**" + std::string(labels_.deadline) + ":** " +
                            (req_.profile ? req_.profile->formatDate(*m.deadline) : *m.deadline));
        for (const auto& f : facts) out_ << f << "  \n";
        if (!facts.empty()) out_ << '\n';
        if (m.coalition && !m.coalition->empty()) {
            out_ << "**" << labels_.coalition << ":** ";
            bool first = true;
            for (const auto& member : *m.coalition) {
                out_ << (first ? "" : ", ") << escape(orgName(member.org));
                if (member.role == "lead") out_ << " (" << labels_.lead << ")";
                first = false;
            }
            out_ << "\n\n";
        }
    }

    static std::string numberText(const std::vector<std::size_t>& n)
    {
        std::string s;
        for (auto x : n) s += (s.empty() ? "" : ".") + std::to_string(x);
        return s;
    }

    static std::string hashes(std::size_t level) { return std::string(std::min<std::size_t>(level, 6), '#'); }

    void writeSection(const Section& s, const std::vector<std::size_t>& number)
    {
        out_ << hashes(number.size() + 1) << ' ' << numberText(number) << ". ";
        if (const LangText* h = pickLang(s.headings, lang_, req_.document.lang)) out_ << escape(h->text);
        out_ << "\n\n";
        if (const Block* intro = pickLang(s.intros, lang_, req_.document.lang)) paragraphs(intro->paragraphs);
    }

    void writeRecommendation(const Recommendation& r, const std::vector<std::size_t>& number)
    {
        out_ << hashes(number.size() + 1) << ' ' << labels_.recommendation << ' ' << numberText(number);
        if (const LangText* t = pickLang(r.titles, lang_, req_.document.lang)) out_ << ": " << escape(t->text);
        if (r.status == "withdrawn") out_ << " (" << labels_.withdrawn << ")";
        out_ << "\n\n";
        if (const Block* b = block(r.texts)) paragraphs(b->paragraphs);
        if (const Block* b = block(r.rationales)) {
            out_ << "*" << labels_.rationale << ":* ";
            paragraphs(b->paragraphs);
        }
        std::vector<std::string> items;
        if (!r.addressees.empty()) {
            std::string s;
            for (const auto& a : req_.workspace.addresseeNames(r.addressees, lang_)) s += (s.empty() ? "" : ", ") + escape(a);
            items.push_back("**" + std::string(labels_.addressedTo) + ":** " + s);
        }
        if (!r.refs.empty()) {
            std::string s;
            for (const Ref* ref : refsIn(r, lang_)) {
                const auto kind = plugin::refKindName(ref->kind, lang_);
                s += (s.empty() ? "" : "; ") + (kind.empty() ? std::string() : std::string(kind) + " ") + escape(ref->text);
            }
            items.push_back("**" + std::string(labels_.references) + ":** " + s);
        }
        if (!r.endorsements.empty()) {
            std::string s;
            for (const auto& e : r.endorsements) s += (s.empty() ? "" : ", ") + escape(orgName(e.org));
            items.push_back("**" + std::string(labels_.endorsedBy) + ":** " + s);
        }
        for (const auto& i : items) out_ << "- " << i << '\n';
        if (!items.empty()) out_ << '\n';
        for (const Response* response : responsesIn(r, lang_)) {
            const Response& resp = *response;
            out_ << "> **" << labels_.response << "** (" << escape(req_.workspace.addresseeName(resp.from, lang_)) << ", "
                 << resp.round;
            if (!resp.position.empty()) out_ << ", " << plugin::positionName(resp.position, lang_);
            out_ << ")\n>\n";
            for (const auto& p : resp.paragraphs) out_ << "> " << inlines(p.content) << "\n>\n";
            out_ << '\n';
        }
    }
};

} // namespace

std::string writeMarkdown(const plugin::ExportRequest& request)
{
    if (request.lang != "both") return Writer(request).write();
    // Both languages: the English text, then the Korean one, each with its own footnotes.
    plugin::ExportRequest english = request;
    english.lang = "en";
    plugin::ExportRequest korean = request;
    korean.lang = "ko";
    return Writer(english, "en-").write() + "\n---\n\n" + Writer(korean, "ko-").write();
}

} // namespace accord::export_markdown
