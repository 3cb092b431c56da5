#include "other_language.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace accord::import_docx {

using namespace accord::workspace;

namespace {

std::string numberText(const std::vector<std::size_t>& number)
{
    std::string out;
    for (auto n : number) out += (out.empty() ? "" : ".") + std::to_string(n + 1);
    return out;
}

std::string idOf(const Located& part)
{
    return part.section ? part.section->id : part.recommendation->id;
}

/// Pairs the parts of one kind (sections or recommendations): by id, then by number.
std::map<std::string, std::string> match(const std::vector<Located>& theirs, const std::vector<Located>& ours)
{
    std::map<std::string, std::string> out;  // imported id → target id
    std::set<std::string> used;
    std::map<std::string, const Located*> ourIds;
    for (const auto& p : ours) ourIds[idOf(p)] = &p;
    for (const auto& p : theirs)
        if (ourIds.count(idOf(p)) && used.insert(idOf(p)).second) out[idOf(p)] = idOf(p);
    std::set<std::string> theirIds;
    for (const auto& p : theirs) theirIds.insert(idOf(p));
    for (const auto& p : theirs) {
        if (out.count(idOf(p))) continue;
        for (const auto& q : ours)
            if (q.number == p.number && !used.count(idOf(q)) && !theirIds.count(idOf(q))) {
                out[idOf(p)] = idOf(q);
                used.insert(idOf(q));
                break;
            }
    }
    return out;
}

/// Whether `incoming` is word for word what `existing` holds in another language:
/// the export printed that language for want of this one.
template <typename T>
bool fallback(const std::vector<T>& existing, const T& incoming, const std::string& lang)
{
    for (const auto& e : existing) {
        if (e.lang == lang) continue;
        T same = incoming;
        same.lang = e.lang;
        if (same == e) return true;
    }
    return false;
}

class Merge {
public:
    Merge(Submission& target, const std::string& lang, Report& report) : target_(target), lang_(lang), report_(report) {}

    /// Puts `incoming` in `items` in place of the same language's, unless it is a fallback.
    template <typename T>
    void take(std::vector<T>& items, const T* incoming, const std::string& what)
    {
        if (!incoming) return;
        if (fallback(items, *incoming, lang_)) {
            report_.unmapped.push_back(what + ": the file has the " + other(items) + " words (the export printed them for want of " +
                                       lang_ + " ones): not taken as " + lang_);
            return;
        }
        for (auto& item : items)
            if (item.lang == lang_) {
                item = *incoming;
                return;
            }
        items.push_back(*incoming);
    }

    void section(Section& ours, const Section& theirs)
    {
        take(ours.headings, pickExact(theirs.headings), "the heading of section " + ours.id);
        take(ours.intros, pickExact(theirs.intros), "the introduction of section " + ours.id);
    }

    void recommendation(Recommendation& ours, const Recommendation& theirs)
    {
        const std::string name = "recommendation " + ours.id;
        take(ours.titles, pickExact(theirs.titles), "the title of " + name);
        take(ours.texts, pickExact(theirs.texts), "the text of " + name);
        take(ours.rationales, pickExact(theirs.rationales), "the rationale of " + name);
        references(ours, theirs);
        responses(ours, theirs);
    }

    /// References: one the file has and the document has not is in the file's language;
    /// one the document has without a language and the file has not was in the other.
    void references(Recommendation& ours, const Recommendation& theirs)
    {
        auto same = [](const Ref& a, const Ref& b) { return a.kind == b.kind && a.text == b.text; };
        std::vector<Ref> added;
        for (const auto& ref : theirs.refs)
            if (std::none_of(ours.refs.begin(), ours.refs.end(), [&](const Ref& x) { return same(x, ref); }))
                added.push_back(Ref{ref.kind, ref.text, lang_});
        if (added.empty()) return;
        for (auto& ref : ours.refs)
            if (ref.lang.empty() &&
                std::none_of(theirs.refs.begin(), theirs.refs.end(), [&](const Ref& x) { return same(x, ref); }))
                ref.lang = otherLanguage();
        // Each beside the references of its kind, as one writes a translation.
        for (auto& ref : added) {
            auto at = ours.refs.end();
            for (auto it = ours.refs.begin(); it != ours.refs.end(); ++it)
                if (it->kind == ref.kind) at = it + 1;
            ours.refs.insert(at, std::move(ref));
        }
    }

    /// Responses: the file's words for a round and responder the document has in other
    /// words are its translation.
    void responses(Recommendation& ours, const Recommendation& theirs)
    {
        for (const auto& resp : theirs.responses) {
            auto sameKey = [&](const Response& x) { return x.round == resp.round && x.from == resp.from; };
            if (std::any_of(ours.responses.begin(), ours.responses.end(),
                            [&](const Response& x) { return sameKey(x) && x.paragraphs == resp.paragraphs; }))
                continue;  // the same words: the export printed the one there is
            bool translated = false;
            for (auto& x : ours.responses)
                if (sameKey(x) && (x.lang == lang_ || x.lang.empty())) {
                    if (x.lang.empty()) {
                        x.lang = otherLanguage();
                        continue;
                    }
                    x.paragraphs = resp.paragraphs;  // this language's words, again
                    translated = true;
                }
            if (translated) continue;
            Response copy = resp;
            copy.lang = lang_;
            auto at = ours.responses.end();
            for (auto it = ours.responses.begin(); it != ours.responses.end(); ++it)
                if (sameKey(*it)) at = it + 1;
            ours.responses.insert(at, std::move(copy));
        }
    }

    void meta(const Submission& theirs)
    {
        take(target_.meta.titles, pickExact(theirs.meta.titles), "the document's title");
        take(target_.meta.processes, pickExact(theirs.meta.processes), "the document's process");
    }

private:
    Submission& target_;
    const std::string& lang_;
    Report& report_;

    template <typename T>
    const T* pickExact(const std::vector<T>& items) const
    {
        for (const auto& i : items)
            if (i.lang == lang_) return &i;
        return nullptr;
    }

    /// The language the document was written in before this one came.
    [[nodiscard]] std::string otherLanguage() const
    {
        if (!target_.lang.empty() && target_.lang != lang_) return target_.lang;
        for (const auto& t : target_.meta.titles)
            if (t.lang != lang_) return t.lang;
        return lang_ == "en" ? "ko" : "en";
    }

    template <typename T>
    std::string other(const std::vector<T>& items) const
    {
        for (const auto& i : items)
            if (i.lang != lang_) return i.lang;
        return "other";
    }
};

} // namespace

void addOtherLanguage(Submission& target, const Submission& imported, const std::string& lang, Report& report)
{
    std::vector<Located> theirSections, theirRecs, ourSections, ourRecs;
    for (const auto& p : walk(imported)) (p.section ? theirSections : theirRecs).push_back(p);
    for (const auto& p : walk(target)) (p.section ? ourSections : ourRecs).push_back(p);
    const auto sections = match(theirSections, ourSections);
    const auto recs = match(theirRecs, ourRecs);

    Merge merge(target, lang, report);
    merge.meta(imported);
    for (const auto& p : theirSections) {
        auto it = sections.find(p.section->id);
        if (it == sections.end()) {
            report.onlyInFile.push_back("section " + numberText(p.number) + " \"" + p.section->headings.front().text + "\"");
            continue;
        }
        merge.section(*target.findSection(it->second), *p.section);
    }
    for (const auto& p : theirRecs) {
        auto it = recs.find(p.recommendation->id);
        if (it == recs.end()) {
            const auto& r = *p.recommendation;
            report.onlyInFile.push_back("recommendation " + numberText(p.number) +
                                        (r.titles.empty() ? std::string() : " \"" + r.titles.front().text + "\""));
            continue;
        }
        merge.recommendation(*target.findRecommendation(it->second), *p.recommendation);
    }
    std::set<std::string> matched;
    for (const auto& [theirs, ours] : sections) matched.insert(ours);
    for (const auto& [theirs, ours] : recs) matched.insert(ours);
    for (const auto& p : ourSections)
        if (!matched.count(idOf(p))) report.onlyInDocument.push_back("section " + idOf(p));
    for (const auto& p : ourRecs)
        if (!matched.count(idOf(p))) report.onlyInDocument.push_back("recommendation " + idOf(p));
}

} // namespace accord::import_docx
