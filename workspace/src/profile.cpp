#include "accord/workspace/profile.hpp"

#include "accord/schemas/schemas.hpp"
#include "accord/workspace/error.hpp"
#include "accord/workspace/validation.hpp"
#include "xml_util.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <array>
#include <sstream>

namespace accord::workspace {

namespace {

std::string child(pugi::xml_node n, const char* name)
{
    for (auto c : n.children())
        if (detail::localName(c) == name) return detail::collapseSpace(c.text().get());
    return {};
}

pugi::xml_node childNode(pugi::xml_node n, const char* name)
{
    for (auto c : n.children())
        if (detail::localName(c) == name) return c;
    return {};
}

/// Counts runs of non-space characters (ASCII space, tab, line feed, vertical tab, form feed, carriage return:
/// what separates words for Word) over texts fed one after another; `gap()` separates two texts.
class WordCounter {
public:
    void feed(std::string_view text)
    {
        for (const char c : text) {
            const bool space = c == ' ' || (c >= '\t' && c <= '\r');
            n_ += static_cast<std::size_t>(!space && !inWord_);
            inWord_ = !space;
        }
    }
    void gap() { inWord_ = false; }
    [[nodiscard]] std::size_t count() const { return n_; }

private:
    std::size_t n_ = 0;
    bool inWord_ = false;
};

void countIn(const std::vector<Inline>& items, bool withFootnotes, WordCounter& words)
{
    for (const auto& in : items) {
        if (in.kind == Inline::Kind::Text) {
            words.feed(in.text);
        } else if (in.kind != Inline::Kind::Note || withFootnotes) {
            words.gap();  // a footnote is its own run of words
            countIn(in.children, withFootnotes, words);
            words.gap();
        }
    }
}

} // namespace

std::string Profile::formatDate(std::string_view iso) const
{
    if (dateStyle != "korean" || iso.size() != 10) return std::string(iso);
    auto number = [&](std::size_t at, std::size_t len) { return std::to_string(std::stoi(std::string(iso.substr(at, len)))); };
    return number(0, 4) + ". " + number(5, 2) + ". " + number(8, 2) + ".";
}

std::string Profile::marker(std::size_t level, std::size_t index) const
{
    if (markers != "korean") return std::to_string(index + 1) + ".";
    // 1. → 가. → 1) → 가) → (1) → (가), without skipping a level.
    static const std::array<const char*, 14> hangul{"가", "나", "다", "라", "마", "바", "사",
                                                    "아", "자", "차", "카", "타", "파", "하"};
    const std::string number = std::to_string(index + 1);
    const std::string letter = index < hangul.size() ? hangul[index] : number;
    switch (level % 6) {
    case 0: return number + ".";
    case 1: return letter + ".";
    case 2: return number + ")";
    case 3: return letter + ")";
    case 4: return "(" + number + ")";
    default: return "(" + letter + ")";
    }
}

Profile parseProfile(std::string_view xml, std::string_view file)
{
    if (auto problems = checkSchemaOf(xml, file, "profile-1.xsd"); !problems.empty()) throw ValidationError(std::move(problems));
    pugi::xml_document doc;
    doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
    auto root = doc.document_element();
    Profile p;
    p.id = root.attribute("id").value();
    for (auto c : root.children())
        if (detail::localName(c) == "name" && (p.name.empty() || std::string_view(c.attribute("xml:lang").value()) == "en"))
            p.name = detail::collapseSpace(c.text().get());
    std::istringstream langs(child(root, "languages"));
    for (std::string l; langs >> l;) p.languages.push_back(l);
    if (auto v = child(root, "numbering"); !v.empty()) p.numbering = v;
    if (auto limit = childNode(root, "word-limit")) {
        p.wordLimit = limit.text().as_int();
        p.footnotesCount = std::string_view(limit.attribute("footnotes").as_string("count")) == "count";
    }
    p.jointSubmittersAtTop = child(root, "joint-submitters") == "top";
    if (auto v = child(root, "markers"); !v.empty()) p.markers = v;
    if (auto v = child(root, "dates"); !v.empty()) p.dateStyle = v;
    p.closing = child(root, "closing");
    p.refuseStale = child(root, "stale-translations") == "refuse";
    if (auto page = childNode(root, "page")) p.pageSize = page.attribute("size").value();
    return p;
}

const std::vector<Profile>& builtinProfiles()
{
    static const std::vector<Profile> profiles = [] {
        std::vector<Profile> out;
        for (auto name : schemas::names())
            if (name.starts_with("profiles/")) out.push_back(parseProfile(schemas::text(name), name));
        return out;
    }();
    return profiles;
}

const Profile* findBuiltinProfile(std::string_view id)
{
    for (const auto& p : builtinProfiles())
        if (p.id == id) return &p;
    return nullptr;
}

namespace {

/// Words of one language, counted over a document's parts as they come.
class LangWords {
public:
    LangWords(std::string lang, bool withFootnotes) : lang_(std::move(lang)), withFootnotes_(withFootnotes) {}

    void head(const Submission& doc) { langTexts(doc.meta.titles); }

    void part(const Located& part)
    {
        if (part.section) {
            langTexts(part.section->headings);
            blocks(part.section->intros);
            return;
        }
        langTexts(part.recommendation->titles);
        blocks(part.recommendation->texts);
        blocks(part.recommendation->rationales);
    }

    [[nodiscard]] const std::string& lang() const { return lang_; }
    [[nodiscard]] std::size_t count() const { return words_.count(); }

private:
    std::string lang_;
    bool withFootnotes_;
    WordCounter words_;

    void langTexts(const std::vector<LangText>& items)
    {
        for (const auto& t : items)
            if (t.lang == lang_) {
                words_.gap();
                words_.feed(t.text);
                words_.gap();
            }
    }

    void blocks(const std::vector<Block>& items)
    {
        for (const auto& b : items)
            if (b.lang == lang_)
                for (const auto& p : b.paragraphs) {
                    words_.gap();
                    countIn(p.content, withFootnotes_, words_);
                }
    }
};

/// What a reader of one language's export sees in another, found over a document's parts as they
/// come: the texts at once, the organisations and addressees they name once all are known.
class FallbackFinder {
public:
    FallbackFinder(const WorkspaceConfig& config, std::string lang) : config_(config), lang_(std::move(lang)) {}

    void head(const Submission& doc)
    {
        docLang_ = doc.lang;
        add(instead(doc.meta.titles), 0, "document.title", {}, [] { return std::string("the title of the document"); });
        add(instead(doc.meta.processes, true), 0, "document.process", {}, [] { return std::string("the process of the document"); });
        if (doc.meta.coalition)
            for (const auto& m : *doc.meta.coalition) orgs_.push_back(m.org);
        for (const auto& a : doc.meta.addressees) note(a, 0);
    }

    void part(const Located& part)
    {
        if (const Section* s = part.section) {
            add(instead(s->headings), s->line, "section.heading", {{"id", s->id}}, [&] { return "the heading of section " + s->id; });
            add(instead(s->intros, true), s->intros.empty() ? s->line : s->intros.front().line, "section.intro", {{"id", s->id}},
                [&] { return "the intro of section " + s->id; });
            return;
        }
        const Recommendation& r = *part.recommendation;
        add(instead(r.titles), r.line, "rec.title", {{"id", r.id}}, [&] { return "the title of recommendation " + r.id; });
        add(instead(r.texts), r.line, "rec.text", {{"id", r.id}}, [&] { return "the text of recommendation " + r.id; });
        add(instead(r.rationales), r.line, "rec.rationale", {{"id", r.id}}, [&] { return "the rationale of recommendation " + r.id; });
        for (const Ref* ref : refsIn(r, lang_))
            if (!ref->lang.empty() && ref->lang != lang_)
                add(ref->lang, r.line, "rec.reference", {{"id", r.id}, {"text", ref->text}},
                    [&] { return "the reference \"" + ref->text + "\" of recommendation " + r.id; });
        for (const Response* resp : responsesIn(r, lang_)) {
            const std::string& written = resp->lang.empty() ? docLang_ : resp->lang;
            if (written != lang_)
                add(written, r.line, "rec.response", {{"id", r.id}, {"from", resp->from}, {"round", resp->round}},
                    [&] { return "the response of " + resp->from + " (" + resp->round + ") to recommendation " + r.id; });
        }
        for (const auto& e : r.endorsements) orgs_.push_back(e.org);
        for (const auto& a : r.addressees) note(a, r.line);
        for (const auto& resp : r.responses) note(resp.from, r.line);
    }

    std::vector<ProfileCheck::Finding> finish()
    {
        std::sort(orgs_.begin(), orgs_.end());
        orgs_.erase(std::unique(orgs_.begin(), orgs_.end()), orgs_.end());
        for (const auto& id : orgs_)
            if (const Organisation* o = config_.findOrganisation(id))
                add(instead(o->names), 0, "organisation.name", {{"id", id}},
                    [&] { return "the name of organisation " + id + " (accord.xml)"; });
        // Addressees (and who responded): a recipient's name in `lang`, else words in one language.
        for (const auto& addressee : addressees_) {
            const std::string& a = addressee.first;  // named, not a structured binding: a lambda below takes it
            const int line = addressee.second;
            if (const Organisation* r = config_.findRecipient(a)) {
                add(instead(r->names), line, "recipient.name", {{"id", a}}, [&] { return "the name of recipient " + a + " (accord.xml)"; });
            } else if (lang_ != docLang_) {
                ProfileCheck::Finding f{false, line,
                                        "the addressee \"" + a + "\" is words, not a recipient of accord.xml: the " + lang_ +
                                            " export prints it as written; declare it (accord recipient add ID --name … --name-ko …) "
                                            "and write its id",
                                        true};
                f.kind = "addressee.words";
                f.args = {{"addressee", a}, {"lang", lang_}};
                found_.push_back(std::move(f));
            }
        }
        return std::move(found_);
    }

private:
    const WorkspaceConfig& config_;
    std::string lang_;
    std::string docLang_;
    std::vector<ProfileCheck::Finding> found_;
    std::vector<std::string> orgs_;                           ///< named so far, with repeats
    std::vector<std::pair<std::string, int>> addressees_;     ///< each once, with where it first stands

    void note(const std::string& a, int line)
    {
        if (std::none_of(addressees_.begin(), addressees_.end(), [&](const auto& x) { return x.first == a; }))
            addressees_.emplace_back(a, line);
    }

    /// The language printed instead: the document's own when it has it, else the first there is. Where
    /// `unmarkedIsDocs`, a text written without xml:lang is in the document's language (a process, an intro).
    template <typename Items>
    std::string instead(const Items& items, bool unmarkedIsDocs = false) const
    {
        auto in = [&](const auto& i) -> const std::string& { return unmarkedIsDocs && i.lang.empty() ? docLang_ : i.lang; };
        for (const auto& i : items)
            if (in(i) == lang_) return {};
        for (const auto& i : items)
            if (in(i) == docLang_) return docLang_;
        return items.empty() ? std::string() : in(items.front());
    }

    /// `what` in English (made only for a finding), `kind` and `args` for other readers (see ProfileCheck::Finding::kind).
    using Args = std::initializer_list<std::pair<std::string_view, std::string_view>>;
    template <typename What>
    void add(const std::string& other, int line, const char* kind, Args args, const What& what)
    {
        if (other.empty()) return;
        ProfileCheck::Finding f{false, line,
                                what() + " has no " + lang_ + " version: the " + lang_ + " export prints the " + other + " one", true};
        f.kind = "fallback";
        for (const auto& [key, value] : args) f.args.emplace(key, value);
        f.args.emplace("what", kind);
        f.args.emplace("lang", lang_);
        f.args.emplace("other", other);
        found_.push_back(std::move(f));
    }
};

} // namespace

std::size_t countWords(const Submission& doc, std::string_view lang, bool withFootnotes)
{
    LangWords words(std::string(lang), withFootnotes);
    words.head(doc);
    for (const auto& part : walk(doc)) words.part(part);
    return words.count();
}

bool ProfileCheck::limitBroken() const
{
    return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.hard; });
}

bool ProfileCheck::fallsBack() const
{
    return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.fallback; });
}

bool ProfileCheck::hasStale() const
{
    return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.stale; });
}

std::vector<ProfileCheck::Finding> fallbacks(const Submission& doc, const WorkspaceConfig& config, const std::string& lang)
{
    FallbackFinder finder(config, lang);
    finder.head(doc);
    for (const auto& part : walk(doc)) finder.part(part);
    return finder.finish();
}

struct ProfileChecker::Impl {
    const Profile& profile;
    std::vector<LangWords> words;
    std::vector<FallbackFinder> fallbacks;
    std::vector<ProfileCheck::Finding> empty;   ///< sections with nothing in them
    std::vector<ProfileCheck::Finding> drafts;  ///< recommendations still in draft

    Impl(const Submission& head, const Profile& p, const WorkspaceConfig& config, const std::vector<std::string>& printed)
        : profile(p)
    {
        for (const auto& lang : profile.languages.empty() ? std::vector<std::string>{head.lang} : profile.languages)
            words.emplace_back(lang, profile.footnotesCount).head(head);
        for (const auto& lang : printed) fallbacks.emplace_back(config, lang).head(head);
    }
};

ProfileChecker::ProfileChecker(const Submission& head, const Profile& profile, const WorkspaceConfig& config,
                               const std::vector<std::string>& printed)
    : impl_(std::make_unique<Impl>(head, profile, config, printed))
{
}

ProfileChecker::~ProfileChecker() = default;

void ProfileChecker::section(const Section& top, std::size_t number)
{
    for (const auto& part : walk(top, number)) {
        for (auto& w : impl_->words) w.part(part);
        for (auto& f : impl_->fallbacks) f.part(part);
        const Section* s = part.section;
        if (s && s->recommendations.empty() && s->sections.empty() && s->intros.empty()) {
            ProfileCheck::Finding f{false, s->line, "section " + s->id + " is empty: the export prints its heading alone", false, true};
            f.kind = "section.empty";
            f.args = {{"id", s->id}};
            impl_->empty.push_back(std::move(f));
        }
        if (part.recommendation && part.recommendation->effectiveStatus() == "draft") {
            ProfileCheck::Finding f{false, part.recommendation->line,
                                    "recommendation " + part.recommendation->id + " is still a draft (status=\"draft\")"};
            f.kind = "rec.draft";
            f.args = {{"id", part.recommendation->id}};
            impl_->drafts.push_back(std::move(f));
        }
    }
}

ProfileCheck ProfileChecker::finish()
{
    ProfileCheck check;
    const Profile& profile = impl_->profile;
    for (const auto& w : impl_->words) {
        const std::string& lang = w.lang();
        const std::size_t n = w.count();
        check.words.emplace_back(lang, n);
        if (profile.wordLimit) {
            const auto limit = static_cast<std::size_t>(*profile.wordLimit);
            const bool over = n > limit;
            ProfileCheck::Finding f{over, 0,
                                    over ? "[" + lang + "] " + std::to_string(n) + " words: " + std::to_string(n - limit) +
                                               " over the limit of " + std::to_string(limit) + " of " + profile.id +
                                               (profile.footnotesCount ? " (footnotes count)" : "")
                                         : "[" + lang + "] " + std::to_string(n) + " words: " + std::to_string(limit - n) +
                                               " under the limit of " + std::to_string(limit)};
            f.kind = over ? "words.over" : "words.under";
            f.args = {{"lang", lang},
                      {"words", std::to_string(n)},
                      {"by", std::to_string(over ? n - limit : limit - n)},
                      {"limit", std::to_string(limit)},
                      {"profile", profile.id}};
            check.findings.push_back(std::move(f));
        }
    }
    auto append = [&](std::vector<ProfileCheck::Finding>&& found) {
        check.findings.insert(check.findings.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    };
    for (auto& f : impl_->fallbacks) append(f.finish());
    append(std::move(impl_->empty));
    append(std::move(impl_->drafts));
    return check;
}

ProfileCheck checkProfile(const Submission& doc, const Profile& profile, const WorkspaceConfig& config)
{
    return checkProfile(doc, profile, config, profile.languages.empty() ? std::vector<std::string>{doc.lang} : profile.languages);
}

ProfileCheck checkProfile(const Submission& doc, const Profile& profile, const WorkspaceConfig& config,
                          const std::vector<std::string>& printed)
{
    ProfileChecker checker(doc, profile, config, printed);
    for (std::size_t i = 0; i < doc.sections.size(); ++i) checker.section(doc.sections[i], i + 1);
    return checker.finish();
}

} // namespace accord::workspace
