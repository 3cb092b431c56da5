#include "submission_builder.hpp"

#include "accord/plugin/labels.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>

namespace accord::import_docx {

using namespace accord::workspace;

namespace {

constexpr std::size_t kExcerpt = 60;

/// The first words of a paragraph, for the report.
std::string excerpt(const std::string& line)
{
    if (line.size() <= kExcerpt) return "\"" + line + "\"";
    std::size_t cut = kExcerpt;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    return "\"" + line.substr(0, cut) + "…\"";
}

/// Text without notes, as written (not collapsed): what a label is looked for in.
void rawInto(std::string& out, const std::vector<Inline>& content)
{
    for (const auto& in : content) {
        if (in.kind == Inline::Kind::Note) continue;
        out += in.text;
        rawInto(out, in.children);
    }
}

/// Drops the first `n` bytes of text (notes keep their place), and what that empties.
void dropFront(std::vector<Inline>& content, std::size_t& n)
{
    for (auto it = content.begin(); it != content.end() && n > 0;) {
        if (it->kind == Inline::Kind::Note) {
            ++it;
            continue;
        }
        if (it->kind == Inline::Kind::Text) {
            const std::size_t k = std::min(n, it->text.size());
            it->text.erase(0, k);
            n -= k;
        } else {
            dropFront(it->children, n);
        }
        const bool empty = it->kind == Inline::Kind::Text ? it->text.empty() : it->children.empty();
        it = empty ? content.erase(it) : it + 1;
    }
}

void trimFront(std::vector<Inline>& content)
{
    std::string raw;
    rawInto(raw, content);
    std::size_t n = std::min(raw.size(), raw.find_first_not_of(" \t\n"));
    dropFront(content, n);
}

bool startsWithFolded(std::string_view text, std::string_view prefix)
{
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

/// When the paragraph starts with `label` and a colon ("Rationale:", "근거:"), takes them off.
bool takeLabel(std::vector<Inline>& content, std::string_view label)
{
    std::string raw;
    rawInto(raw, content);
    std::size_t at = raw.find_first_not_of(" \t\n");
    if (at == std::string::npos || !startsWithFolded(std::string_view(raw).substr(at), label)) return false;
    at += label.size();
    while (at < raw.size() && raw[at] == ' ') ++at;
    if (at >= raw.size() || raw[at] != ':') return false;
    std::size_t n = at + 1;
    dropFront(content, n);
    trimFront(content);
    return true;
}

/// Whether the paragraph holds words, or at least a note.
bool hasContent(const std::vector<Inline>& content)
{
    return !plainLine(content).empty() ||
           std::any_of(content.begin(), content.end(), [](const Inline& in) { return in.kind == Inline::Kind::Note; });
}

std::size_t countNotes(const std::vector<Inline>& content)
{
    std::size_t n = 0;
    for (const auto& in : content) n += (in.kind == Inline::Kind::Note ? 1 : 0) + countNotes(in.children);
    return n;
}

/// Every word of the paragraph bold: a title on a line of its own.
bool allStrong(const std::vector<Inline>& content)
{
    bool any = false;
    for (const auto& in : content) {
        if (in.kind == Inline::Kind::Strong) any = true;
        else if (in.kind == Inline::Kind::Text && in.text.find_first_not_of(" \t\n") != std::string::npos) return false;
        else if (in.kind == Inline::Kind::Em || in.kind == Inline::Kind::Link) return false;
    }
    return any;
}

/// A bold lead-in followed by more words: "**Freedom to change workplaces.** Amend …".
std::optional<std::string> leadIn(const std::vector<Inline>& content)
{
    std::size_t first = 0;
    while (first < content.size() && content[first].kind == Inline::Kind::Text &&
           content[first].text.find_first_not_of(" \t\n") == std::string::npos)
        ++first;
    if (first >= content.size() || content[first].kind != Inline::Kind::Strong) return std::nullopt;
    std::vector<Inline> rest(content.begin() + static_cast<std::ptrdiff_t>(first) + 1, content.end());
    if (plainLine(rest).empty()) return std::nullopt;
    std::string title = plainLine(content[first].children);
    while (!title.empty() && (title.back() == '.' || title.back() == ':' || title.back() == ' ')) title.pop_back();
    if (title.empty()) return std::nullopt;
    return title;
}

/// A number typed at the start ("3. ", "3) "): its length, or 0.
std::size_t typedNumber(const std::string& line)
{
    std::size_t i = 0;
    while (i < line.size() && i < 3 && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
    if (i == 0 || i + 1 >= line.size() || (line[i] != '.' && line[i] != ')') || line[i + 1] != ' ') return 0;
    return i + 2;
}

std::vector<std::string> split(const std::string& text, std::string_view separator)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const auto at = text.find(separator, start);
        out.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) break;
        start = at + separator.size();
    }
    return out;
}

std::string lower(std::string_view text)
{
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

/// A date as the exporter prints it (2024-03-14, or 2024. 3. 14. in the Korean style) as xs:date.
std::optional<std::string> isoDate(std::string text)
{
    while (!text.empty() && text.back() == ' ') text.pop_back();
    auto digits = [](std::string_view s) {
        return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    };
    if (text.size() == 10 && text[4] == '-' && text[7] == '-' && digits(text.substr(0, 4)) && digits(text.substr(5, 2)) &&
        digits(text.substr(8, 2)))
        return text;
    auto parts = split(text, ". ");
    if (parts.size() == 3 && parts[2].ends_with('.')) parts[2].pop_back();
    if (parts.size() == 3 && parts[0].size() == 4 && digits(parts[0]) && parts[1].size() <= 2 && digits(parts[1]) &&
        parts[2].size() <= 2 && digits(parts[2])) {
        auto two = [](const std::string& s) { return s.size() == 1 ? "0" + s : s; };
        return parts[0] + "-" + two(parts[1]) + "-" + two(parts[2]);
    }
    return std::nullopt;
}

/// A slug of English words for an id: "Freedom to change workplaces" → freedom-to-change-workplaces.
std::string slug(std::string_view text)
{
    std::string out;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x80 && std::isalnum(u)) out += static_cast<char>(std::tolower(u));
        else if (!out.empty() && out.back() != '-') out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    constexpr std::size_t kMax = 40;
    if (out.size() > kMax) {
        const auto cut = out.rfind('-', kMax);
        out.resize(cut == std::string::npos || cut < 8 ? kMax : cut);
        while (!out.empty() && out.back() == '-') out.pop_back();
    }
    return out;
}

/// Addressees as the exporter lists them, "A, B": a piece that names no kind of body
/// ("Food and Rural Affairs") belongs to the name before it ("Ministry of Agriculture, …").
std::vector<std::string> addressees(const std::string& value)
{
    static const std::vector<std::string_view> bodies{
        "ministry", "minister", "office", "commission", "committee", "agency", "service", "council", "court",
        "assembly", "government", "administration", "department", "bureau", "board", "authority", "police",
        "부", "처", "청", "위원회", "원", "국회", "법원", "정부"};
    std::vector<std::string> out;
    for (auto& piece : split(value, ", ")) {
        const std::string folded = lower(piece);
        const bool body = std::any_of(bodies.begin(), bodies.end(), [&](std::string_view b) {
            return folded.find(b) != std::string::npos;
        });
        if (!body && !out.empty()) out.back() += ", " + piece;
        else if (!piece.empty()) out.push_back(piece);
    }
    return out;
}

/// Both languages' words for one of the labels.
std::vector<std::string_view> labelsOf(const char* plugin::Labels::*field)
{
    return {plugin::kEnglishLabels.*field, plugin::kKoreanLabels.*field};
}

/// When `text` ends with a label in brackets, " (lead)" or " (철회)", takes it off.
bool takeMark(std::string& text, const char* plugin::Labels::*field)
{
    for (auto word : labelsOf(field)) {
        const std::string suffix = " (" + std::string(word) + ")";
        if (text.ends_with(suffix)) {
            text.resize(text.size() - suffix.size());
            return true;
        }
    }
    return false;
}

/// Organisation names (in any language) and ids → ids, for endorsements and the coalition.
class Organisations {
public:
    explicit Organisations(const WorkspaceConfig* config)
    {
        if (!config) return;
        for (const auto& o : config->organisations) {
            byName_[lower(o.id)] = o.id;
            for (const auto& n : o.names) byName_[lower(n.text)] = o.id;
        }
        for (const auto& r : config->recipients)
            for (const auto& n : r.names) recipients_[lower(n.text)] = r.id;
    }

    /// An addressee as written in the file: a recipient's id when it is one's name in any language.
    [[nodiscard]] std::string addressee(const std::string& name) const
    {
        auto it = recipients_.find(lower(name));
        return it == recipients_.end() ? name : it->second;
    }

    /// "A (lead), B, C": the ids named, longest names first (a name may hold a comma);
    /// `unknown` gets the names that match no organisation.
    std::vector<std::pair<std::string, bool>> match(const std::string& value, std::vector<std::string>& unknown) const
    {
        auto pieces = split(value, ", ");
        std::vector<std::pair<std::string, bool>> out;
        for (std::size_t i = 0; i < pieces.size();) {
            bool found = false;
            for (std::size_t len = pieces.size() - i; len > 0 && !found; --len) {
                std::string name = pieces[i];
                for (std::size_t k = 1; k < len; ++k) name += ", " + pieces[i + k];
                const bool lead = takeMark(name, &plugin::Labels::lead);
                if (auto it = byName_.find(lower(name)); it != byName_.end()) {
                    out.emplace_back(it->second, lead);
                    i += len;
                    found = true;
                }
            }
            if (!found) {
                if (!pieces[i].empty()) unknown.push_back(pieces[i]);
                ++i;
            }
        }
        return out;
    }

private:
    std::map<std::string, std::string> byName_;
    std::map<std::string, std::string> recipients_;  ///< a recipient's name in any language → its id
};

enum class Target { Cover, Coalition, Intro, Text, Rationale, Response };

class Builder {
public:
    Builder(const WordDocument& word, const ImportOptions& options)
        : word_(word), options_(options), orgs_(options.config)
    {
    }

    Imported build()
    {
        out_.doc.id = options_.id;
        out_.doc.lang = options_.lang;
        for (const auto& u : word_.unmapped) unmapped(u.paragraph, u.what);
        for (const auto& p : word_.paragraphs) paragraph(p);
        finishTitle();
        finishRecommendation();
        deriveIds();
        listComments();
        return std::move(out_);
    }

private:
    const WordDocument& word_;
    const ImportOptions& options_;
    Organisations orgs_;
    Imported out_;

    std::vector<std::size_t> path_;  ///< indices of the open sections, outermost first
    std::vector<int> levels_;        ///< their heading levels
    Recommendation* rec_ = nullptr;
    bool recFromTitle_ = false;  ///< opened by a title alone: the paragraphs after it are its text
    Target target_ = Target::Cover;
    std::vector<std::string> coverLines_;
    std::set<std::string> taken_;
    int sectionCount_ = 0, recCount_ = 0;
    std::map<const void*, int> paragraphOf_;  ///< where each part began, for the report
    struct Anchor {
        std::string comment;
        int section = 0, recommendation = 0;  ///< ordinals from 1, 0 when none
    };
    std::vector<Anchor> anchors_;

    const std::string& lang() const { return options_.lang; }

    void unmapped(int paragraph, const std::string& what)
    {
        out_.report.unmapped.push_back((paragraph > 0 ? "paragraph " + std::to_string(paragraph) + ": " : "") + what);
    }

    Section* section()
    {
        if (path_.empty()) return nullptr;
        Section* s = &out_.doc.sections[path_[0]];
        for (std::size_t i = 1; i < path_.size(); ++i) s = &s->sections[path_[i]];
        return s;
    }

    /// The id of a bookmark on the paragraph, when it is one Accord could have written.
    std::string bookmarkId(const WordParagraph& p)
    {
        for (const auto& id : p.bookmarks) {
            if (!validId(id)) continue;
            if (taken_.insert(id).second) return id;
            unmapped(p.number, "a second part bookmarked as \"" + id + "\": given a new id");
        }
        return {};
    }

    static Block& blockIn(std::vector<Block>& blocks, const std::string& lang)
    {
        for (auto& b : blocks)
            if (b.lang == lang) return b;
        blocks.push_back(Block{lang, {}, 0});
        return blocks.back();
    }

    void add(std::vector<Block>& blocks, const std::vector<Inline>& content)
    {
        out_.notes += countNotes(content);
        blockIn(blocks, lang()).paragraphs.push_back(Paragraph{content, 0});
    }

    // --- one paragraph ----------------------------------------------------------------

    void paragraph(const WordParagraph& p)
    {
        place(p);
        // After the paragraph is placed: a comment on a heading or a title is about what it opens.
        for (const auto& c : p.comments) anchors_.push_back(Anchor{c, sectionCount_, rec_ ? recCount_ : 0});
    }

    void place(const WordParagraph& p)
    {
        std::vector<Inline> content = p.content;
        trimFront(content);
        if (!hasContent(content)) return;
        const std::string line = plainLine(content);

        switch (p.kind) {
        case ParaKind::Heading: return heading(p, line, content);
        case ParaKind::Title: return title(p, line);
        case ParaKind::Subtitle:
            if (!word_.accordLayout) unmapped(p.number, "a subtitle " + excerpt(line) + ": left out");
            return;
        case ParaKind::Closing: return;
        case ParaKind::CoverFact: coverFact(p, content); return;
        case ParaKind::RecTitle: return recommendationTitle(p, content);
        case ParaKind::Fact:
            if (!fact(p, content)) unmapped(p.number, "a line of facts " + excerpt(line) + " Accord does not know: left out");
            return;
        case ParaKind::Quote:
            if (target_ == Target::Response && rec_ && !rec_->responses.empty()) {
                if (word_.accordLayout) unItalic(content);  // the exporter sets a response in italics
                rec_->responses.back().paragraphs.push_back(Paragraph{content, 0});
                return;
            }
            break;
        case ParaKind::Body: break;
        }
        body(p, content, line);
    }

    void body(const WordParagraph& p, std::vector<Inline>& content, const std::string& line)
    {
        if (target_ == Target::Cover || target_ == Target::Coalition) {
            if (coverFact(p, content)) return;
        }
        if (rec_) {
            for (auto label : labelsOf(&plugin::Labels::rationale))
                if (takeLabel(content, label)) {
                    target_ = Target::Rationale;
                    if (hasContent(content)) add(rec_->rationales, content);
                    return;
                }
            if (fact(p, content)) return;
        }
        if (!word_.accordLayout && startsRecommendation(p, content, line)) return;
        switch (target_) {
        case Target::Text: add(rec_->texts, content); return;
        case Target::Rationale: add(rec_->rationales, content); return;
        case Target::Response: rec_->responses.back().paragraphs.push_back(Paragraph{content, 0}); return;
        case Target::Intro:
            if (Section* s = section()) {
                if (s->intros.empty()) s->intros.push_back(Block{lang(), {}, 0});
                out_.notes += countNotes(content);
                s->intros.back().paragraphs.push_back(Paragraph{content, 0});
            }
            return;
        case Target::Cover:
        case Target::Coalition:
            coverLines_.push_back(line);
            unmapped(p.number, "before the first heading, " + excerpt(line) + ": left out");
            return;
        }
    }

    /// In a document not made by Accord: a numbered paragraph, one with a bold lead-in
    /// or a bold line of its own starts a recommendation.
    bool startsRecommendation(const WordParagraph& p, std::vector<Inline>& content, const std::string& line)
    {
        if (allStrong(content) && line.size() <= 300) {
            openRecommendation(p, line);
            recFromTitle_ = true;
            return true;
        }
        if (auto title = leadIn(content)) {
            std::size_t first = 0;
            while (content[first].kind != Inline::Kind::Strong) ++first;
            content.erase(content.begin(), content.begin() + static_cast<std::ptrdiff_t>(first) + 1);
            trimFront(content);
            openRecommendation(p, *title);
            add(rec_->texts, content);
            return true;
        }
        std::size_t typed = typedNumber(line);
        const bool numbered = p.numbered || typed > 0;
        if (!numbered || (recFromTitle_ && target_ == Target::Text)) return false;
        if (typed > 0) dropFront(content, typed);
        openRecommendation(p, "");
        add(rec_->texts, content);
        return true;
    }

    static void unItalic(std::vector<Inline>& content)
    {
        std::vector<Inline> flat;
        for (auto& in : content) {
            if (in.kind == Inline::Kind::Em)
                for (auto& c : in.children) flat.push_back(std::move(c));
            else
                flat.push_back(std::move(in));
        }
        content.clear();
        for (auto& in : flat) {
            if (!content.empty() && content.back().kind == Inline::Kind::Text && in.kind == Inline::Kind::Text)
                content.back().text += in.text;
            else
                content.push_back(std::move(in));
        }
    }

    // --- the cover ------------------------------------------------------------------

    void title(const WordParagraph& p, const std::string& line)
    {
        if (out_.doc.meta.titles.empty()) {
            out_.doc.meta.titles.push_back(LangText{lang(), line, 0});
            return;
        }
        unmapped(p.number, "a second title " + excerpt(line) + ": left out");
    }

    void finishTitle()
    {
        if (!out_.doc.meta.titles.empty()) return;
        std::string t = word_.coreTitle;
        std::string from = "the file's properties";
        if (t.empty() && !coverLines_.empty()) {
            t = coverLines_.front();
            from = "its first line";
        }
        if (t.empty()) {
            t = std::filesystem::path(options_.file).stem().string();
            from = "its file name";
        }
        out_.doc.meta.titles.push_back(LangText{lang(), t, 0});
        unmapped(0, "no paragraph in the Title style: the title is taken from " + from + ", " + excerpt(t));
    }

    /// Process, addressees, deadline and coalition: the lines of an Accord export's cover.
    bool coverFact(const WordParagraph& p, std::vector<Inline>& content)
    {
        Meta& m = out_.doc.meta;
        auto value = [&] { return plainLine(content); };
        for (auto l : labelsOf(&plugin::Labels::process))
            if (takeLabel(content, l)) {
                m.processes.push_back(LangText{lang(), value(), 0});
                if (options_.newDocument)
                    unmapped(p.number, "the process " + excerpt(m.processes.back().text) + " is kept without its kind (nap, upr…), which the "
                                   "file does not carry");
                return true;
            }
        for (auto l : labelsOf(&plugin::Labels::to))
            if (takeLabel(content, l)) {
                for (auto& a : addressees(value())) m.addressees.push_back(orgs_.addressee(a));
                return true;
            }
        for (auto l : labelsOf(&plugin::Labels::deadline))
            if (takeLabel(content, l)) {
                if (auto d = isoDate(value())) m.deadline = *d;
                else unmapped(p.number, "the deadline " + excerpt(value()) + " is not a date Accord reads: left out");
                return true;
            }
        for (auto l : labelsOf(&plugin::Labels::coalition))
            if (takeLabel(content, l)) {
                target_ = Target::Coalition;
                members(p, value());
                return true;
            }
        if (target_ == Target::Coalition && p.kind == ParaKind::CoverFact) {
            members(p, value());
            return true;
        }
        if (p.kind == ParaKind::CoverFact) unmapped(p.number, "a cover line " + excerpt(value()) + ": left out");
        return p.kind == ParaKind::CoverFact;
    }

    void members(const WordParagraph& p, const std::string& names)
    {
        if (names.empty()) return;
        std::vector<std::string> unknown;
        auto& coalition = out_.doc.meta.coalition;
        if (!coalition) coalition.emplace();
        for (const auto& [id, lead] : orgs_.match(names, unknown))
            coalition->push_back(Member{id, lead ? "lead" : "", 0});
        for (const auto& u : unknown)
            unmapped(p.number, "the coalition member \"" + u + "\" is no organisation of accord.xml (accord org add adds it): left out");
    }

    // --- sections and recommendations ---------------------------------------------------

    void heading(const WordParagraph& p, const std::string& line, const std::vector<Inline>& content)
    {
        finishRecommendation();
        if (countNotes(content) > 0) unmapped(p.number, "a note in the heading " + excerpt(line) + ": left out");
        while (!levels_.empty() && levels_.back() >= p.level) {
            levels_.pop_back();
            path_.pop_back();
        }
        Section s;
        s.id = bookmarkId(p);
        s.headings.push_back(LangText{lang(), line, 0});
        std::vector<Section>& siblings = path_.empty() ? out_.doc.sections : section()->sections;
        siblings.push_back(std::move(s));
        path_.push_back(siblings.size() - 1);
        levels_.push_back(p.level);
        ++sectionCount_;
        target_ = Target::Intro;
    }

    void openRecommendation(const WordParagraph& p, const std::string& title)
    {
        finishRecommendation();
        if (path_.empty()) {
            Section s;
            s.headings.push_back(LangText{lang(), plugin::labelsFor(lang()).recommendation, 0});
            out_.doc.sections.push_back(std::move(s));
            path_.push_back(out_.doc.sections.size() - 1);
            levels_.push_back(0);
            ++sectionCount_;
            unmapped(p.number, "recommendations before any heading: put in a section of their own");
        }
        Section* s = section();
        Recommendation r;
        r.id = bookmarkId(p);
        if (!title.empty()) r.titles.push_back(LangText{lang(), title, 0});
        s->recommendations.push_back(std::move(r));
        rec_ = &s->recommendations.back();
        paragraphOf_[rec_] = p.number;
        ++recCount_;
        recFromTitle_ = false;
        target_ = Target::Text;
    }

    void recommendationTitle(const WordParagraph& p, const std::vector<Inline>& content)
    {
        std::string line = plainLine(content);
        const bool withdrawn = takeMark(line, &plugin::Labels::withdrawn);
        openRecommendation(p, line);
        recFromTitle_ = true;
        if (withdrawn) rec_->status = "withdrawn";
    }

    /// A recommendation needs a text: one with a title alone takes its title as its text.
    void finishRecommendation()
    {
        if (rec_ && rec_->texts.empty()) {
            const std::string title = rec_->titles.empty() ? std::string() : rec_->titles.front().text;
            rec_->texts.push_back(Block{lang(), {Paragraph{{Inline{Inline::Kind::Text, title, {}, {}}}, 0}}, 0});
            unmapped(paragraphOf_[rec_], "the recommendation " + excerpt(title) + " has a title and no text: its title is "
                                         "its text");
        }
        rec_ = nullptr;
        recFromTitle_ = false;
    }

    /// Addressees, references, endorsing organisations and responses: the facts an
    /// Accord export prints under a recommendation, each after its label.
    bool fact(const WordParagraph& p, std::vector<Inline>& content)
    {
        if (!rec_) return false;
        auto value = [&] { return plainLine(content); };
        for (auto l : labelsOf(&plugin::Labels::addressedTo))
            if (takeLabel(content, l)) {
                for (auto& a : addressees(value())) rec_->addressees.push_back(orgs_.addressee(a));
                return true;
            }
        for (auto l : labelsOf(&plugin::Labels::references))
            if (takeLabel(content, l)) {
                for (auto& r : split(value(), "; ")) rec_->refs.push_back(reference(r));
                return true;
            }
        for (auto l : labelsOf(&plugin::Labels::endorsedBy))
            if (takeLabel(content, l)) {
                std::vector<std::string> unknown;
                for (const auto& [id, lead] : orgs_.match(value(), unknown))
                    if (std::none_of(rec_->endorsements.begin(), rec_->endorsements.end(),
                                     [&](const Endorsement& e) { return e.org == id; }))
                        rec_->endorsements.push_back(Endorsement{id, 0});
                for (const auto& u : unknown)
                    unmapped(p.number, "the endorsing organisation \"" + u +
                                           "\" is no organisation of accord.xml (accord org add adds it): left out");
                return true;
            }
        for (auto l : labelsOf(&plugin::Labels::response))
            if (takeLabel(content, l)) return response(p, value());
        return false;
    }

    /// "Treaty ICESCR art. 6" → kind treaty; a reference without a known kind is `other`.
    static Ref reference(const std::string& text)
    {
        for (const auto& [kind, names] : plugin::detail::kRefKinds)
            for (auto name : names)
                if (!name.empty() && text.size() > name.size() + 1 && text.starts_with(name) && text[name.size()] == ' ')
                    return Ref{std::string(kind), text.substr(name.size() + 1), {}};
        return Ref{"other", text, {}};
    }

    /// "Ministry of Employment and Labor, 2024-03-14, partially accepted".
    bool response(const WordParagraph& p, const std::string& about)
    {
        auto parts = split(about, ", ");
        Response r;
        if (parts.size() >= 2) {
            for (const auto& [key, names] : plugin::detail::kPositions)
                for (auto name : names)
                    if (parts.back() == name || parts.back() == std::string(names[0]) + " / " + std::string(names[1]))
                        r.position = std::string(key);
            if (!r.position.empty()) parts.pop_back();
        }
        std::optional<std::string> round;
        if (parts.size() >= 2) round = isoDate(parts.back());
        if (!round) {
            unmapped(p.number, "a response " + excerpt(about) + " without a date Accord reads: left out");
            target_ = Target::Text;
            return true;
        }
        parts.pop_back();
        r.round = *round;
        r.from = parts.front();
        for (std::size_t i = 1; i < parts.size(); ++i) r.from += ", " + parts[i];
        r.from = orgs_.addressee(r.from);
        rec_->responses.push_back(std::move(r));
        target_ = Target::Response;
        return true;
    }

    // --- ids -----------------------------------------------------------------------------

    std::string unique(std::string base)
    {
        if (base.size() > 60) base.resize(60);
        while (!base.empty() && base.back() == '-') base.pop_back();
        std::string id = base;
        for (int n = 2; !taken_.insert(id).second; ++n) id = base + "-" + std::to_string(n);
        return id;
    }

    /// Ids for the parts no bookmark named: from the English words when there are some,
    /// else from the number a reader sees (section 2.3 is section-2-3, its first
    /// recommendation section-2-3-1): a section's recommendations come first and its
    /// subsections continue the count, so no two parts share a number.
    void deriveIds()
    {
        std::function<void(std::vector<Section>&, const std::string&, std::size_t)> sections =
            [&](std::vector<Section>& items, const std::string& prefix, std::size_t first) {
            std::size_t n = first;
            for (auto& s : items) {
                ++n;
                const std::string place = prefix + "-" + std::to_string(n);
                if (s.id.empty()) {
                    std::string base = lang() == "en" ? slug(s.headings.front().text) : std::string();
                    s.id = unique(base.empty() ? "section" + place : base);
                }
                std::size_t k = 0;
                for (auto& r : s.recommendations) {
                    ++k;
                    if (!r.id.empty()) continue;
                    std::string base = lang() == "en" && !r.titles.empty() ? slug(r.titles.front().text) : std::string();
                    r.id = unique(base.empty() ? s.id + "-" + std::to_string(k) : base);
                }
                sections(s.sections, place, s.recommendations.size());
            }
        };
        sections(out_.doc.sections, "", 0);
    }

    void listComments()
    {
        std::vector<Located> parts = walk(out_.doc);
        std::set<std::string> done;
        for (const auto& a : anchors_) {
            if (!done.insert(a.comment).second) continue;
            auto it = word_.comments.find(a.comment);
            if (it == word_.comments.end()) continue;
            std::string where = "before the first heading";
            std::string rec;
            int sections = 0, recs = 0;
            for (const auto& part : parts) {
                if (part.section && ++sections == a.section && a.recommendation == 0) where = "section " + part.section->id;
                if (part.recommendation && ++recs == a.recommendation) {
                    where = "recommendation " + part.recommendation->id;
                    rec = part.recommendation->id;
                }
            }
            const auto& c = it->second;
            std::string who = c.author.empty() ? "someone" : c.author;
            if (!c.date.empty()) who += " (" + c.date.substr(0, 10) + ")";
            out_.report.comments.push_back(where + ": " + who + ": " + excerpt(c.text));
            out_.report.anchored.push_back(Report::Comment{rec, c.author, c.date, c.text});
        }
    }
};

} // namespace

bool validId(std::string_view id)
{
    if (id.empty() || id.size() > 64 || id.front() == '-') return false;
    return std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

Imported buildSubmission(const WordDocument& word, const ImportOptions& options)
{
    return Builder(word, options).build();
}

} // namespace accord::import_docx
