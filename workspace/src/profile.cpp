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

void countIn(const std::vector<Inline>& items, bool withFootnotes, std::string& text)
{
    for (const auto& in : items) {
        if (in.kind == Inline::Kind::Text) {
            text += in.text;
        } else if (in.kind != Inline::Kind::Note || withFootnotes) {
            text += ' ';  // a footnote is its own run of words
            countIn(in.children, withFootnotes, text);
            text += ' ';
        }
    }
}

std::size_t words(const std::string& text)
{
    std::istringstream in(text);
    std::size_t n = 0;
    for (std::string w; in >> w;) ++n;
    return n;
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

std::size_t countWords(const Submission& doc, std::string_view lang, bool withFootnotes)
{
    std::string text;
    auto langTexts = [&](const std::vector<LangText>& items) {
        for (const auto& t : items)
            if (t.lang == lang) text += ' ' + t.text + ' ';
    };
    auto blocks = [&](const std::vector<Block>& items) {
        for (const auto& b : items)
            if (b.lang == lang)
                for (const auto& p : b.paragraphs) {
                    text += ' ';
                    countIn(p.content, withFootnotes, text);
                }
    };
    langTexts(doc.meta.titles);
    for (const auto& part : walk(doc)) {
        if (part.section) {
            langTexts(part.section->headings);
            for (const auto& intro : part.section->intros)
                if (intro.lang == lang)
                    for (const auto& p : intro.paragraphs) countIn(p.content, withFootnotes, text += ' ');
            continue;
        }
        langTexts(part.recommendation->titles);
        blocks(part.recommendation->texts);
        blocks(part.recommendation->rationales);
    }
    return words(text);
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
    std::vector<ProfileCheck::Finding> found;
    // The language printed instead: the document's own when it has it, else the first there is.
    auto instead = [&](const auto& items) -> std::string {
        for (const auto& i : items)
            if (i.lang == lang) return {};
        for (const auto& i : items)
            if (i.lang == doc.lang) return i.lang;
        return items.empty() ? std::string() : items.front().lang;
    };
    // `what` in English, `kind` and `args` for other readers (see ProfileCheck::Finding::kind).
    auto add = [&](int line, const std::string& what, const std::string& kind, std::map<std::string, std::string> args,
                   const std::string& other) {
        if (other.empty()) return;
        ProfileCheck::Finding f{false, line, what + " has no " + lang + " version: the " + lang + " export prints the " + other + " one",
                                true};
        f.kind = "fallback";
        f.args = std::move(args);
        f.args.emplace("what", kind);
        f.args.emplace("lang", lang);
        f.args.emplace("other", other);
        found.push_back(std::move(f));
    };
    add(0, "the title of the document", "document.title", {}, instead(doc.meta.titles));
    // A process written without xml:lang is in the document's language.
    std::vector<LangText> processes = doc.meta.processes;
    for (auto& p : processes)
        if (p.lang.empty()) p.lang = doc.lang;
    add(0, "the process of the document", "document.process", {}, instead(processes));
    for (const auto& part : walk(doc)) {
        if (const Section* s = part.section) {
            add(s->line, "the heading of section " + s->id, "section.heading", {{"id", s->id}}, instead(s->headings));
            // An intro written without xml:lang is in the document's language.
            std::vector<Block> intros = s->intros;
            for (auto& b : intros)
                if (b.lang.empty()) b.lang = doc.lang;
            add(intros.empty() ? s->line : intros.front().line, "the intro of section " + s->id, "section.intro", {{"id", s->id}},
                instead(intros));
            continue;
        }
        const Recommendation& r = *part.recommendation;
        add(r.line, "the title of recommendation " + r.id, "rec.title", {{"id", r.id}}, instead(r.titles));
        add(r.line, "the text of recommendation " + r.id, "rec.text", {{"id", r.id}}, instead(r.texts));
        add(r.line, "the rationale of recommendation " + r.id, "rec.rationale", {{"id", r.id}}, instead(r.rationales));
        for (const Ref* ref : refsIn(r, lang))
            if (!ref->lang.empty() && ref->lang != lang)
                add(r.line, "the reference \"" + ref->text + "\" of recommendation " + r.id, "rec.reference",
                    {{"id", r.id}, {"text", ref->text}}, ref->lang);
        for (const Response* resp : responsesIn(r, lang)) {
            const std::string& written = resp->lang.empty() ? doc.lang : resp->lang;
            if (written != lang)
                add(r.line, "the response of " + resp->from + " (" + resp->round + ") to recommendation " + r.id, "rec.response",
                    {{"id", r.id}, {"from", resp->from}, {"round", resp->round}}, written);
        }
    }
    std::vector<std::string> orgs;
    if (doc.meta.coalition)
        for (const auto& m : *doc.meta.coalition) orgs.push_back(m.org);
    for (const auto& part : walk(doc))
        if (part.recommendation)
            for (const auto& e : part.recommendation->endorsements) orgs.push_back(e.org);
    std::sort(orgs.begin(), orgs.end());
    orgs.erase(std::unique(orgs.begin(), orgs.end()), orgs.end());
    for (const auto& id : orgs)
        if (const Organisation* o = config.findOrganisation(id))
            add(0, "the name of organisation " + id + " (accord.xml)", "organisation.name", {{"id", id}}, instead(o->names));

    // Addressees (and who responded): a recipient's name in `lang`, else words in one language.
    std::vector<std::pair<std::string, int>> addressees;  // each once, with where it first stands
    auto note = [&](const std::string& a, int line) {
        if (std::none_of(addressees.begin(), addressees.end(), [&](const auto& x) { return x.first == a; }))
            addressees.emplace_back(a, line);
    };
    for (const auto& a : doc.meta.addressees) note(a, 0);
    for (const auto& part : walk(doc)) {
        if (!part.recommendation) continue;
        for (const auto& a : part.recommendation->addressees) note(a, part.recommendation->line);
        for (const auto& resp : part.recommendation->responses) note(resp.from, part.recommendation->line);
    }
    for (const auto& [a, line] : addressees) {
        if (const Organisation* r = config.findRecipient(a)) {
            add(line, "the name of recipient " + a + " (accord.xml)", "recipient.name", {{"id", a}}, instead(r->names));
        } else if (lang != doc.lang) {
            ProfileCheck::Finding f{false, line,
                                    "the addressee \"" + a + "\" is words, not a recipient of accord.xml: the " + lang +
                                        " export prints it as written; declare it (accord recipient add ID --name … --name-ko …) "
                                        "and write its id",
                                    true};
            f.kind = "addressee.words";
            f.args = {{"addressee", a}, {"lang", lang}};
            found.push_back(std::move(f));
        }
    }
    return found;
}

ProfileCheck checkProfile(const Submission& doc, const Profile& profile, const WorkspaceConfig& config)
{
    ProfileCheck check;
    const std::vector<std::string> langs = profile.languages.empty() ? std::vector<std::string>{doc.lang} : profile.languages;
    for (const auto& lang : langs) {
        const std::size_t n = countWords(doc, lang, profile.footnotesCount);
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
    for (const auto& lang : langs)
        for (auto& f : fallbacks(doc, config, lang)) check.findings.push_back(std::move(f));
    for (const auto& part : walk(doc)) {
        const Section* s = part.section;
        if (s && s->recommendations.empty() && s->sections.empty() && s->intros.empty()) {
            ProfileCheck::Finding f{false, s->line, "section " + s->id + " is empty: the export prints its heading alone", false, true};
            f.kind = "section.empty";
            f.args = {{"id", s->id}};
            check.findings.push_back(std::move(f));
        }
    }
    for (const auto& part : walk(doc))
        if (part.recommendation && part.recommendation->effectiveStatus() == "draft") {
            ProfileCheck::Finding f{false, part.recommendation->line,
                                    "recommendation " + part.recommendation->id + " is still a draft (status=\"draft\")"};
            f.kind = "rec.draft";
            f.args = {{"id", part.recommendation->id}};
            check.findings.push_back(std::move(f));
        }
    return check;
}

} // namespace accord::workspace
