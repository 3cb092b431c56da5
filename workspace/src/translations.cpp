#include "accord/workspace/translations.hpp"

#include "accord/workspace/document.hpp"
#include "accord/workspace/error.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>

namespace accord::workspace {

namespace {

/// One log per confirmation, named after its record: clones never collide.
const std::string kPrefix = "refs/accord/translations/";

/// What a reader sees of a recommendation in one language: its title, text and rationale.
struct Words {
    const LangText* title = nullptr;
    const Block* text = nullptr;
    const Block* rationale = nullptr;

    [[nodiscard]] bool any() const { return title || text || rationale; }
    bool operator==(const Words& o) const
    {
        return same(title, o.title) && same(text, o.text) && same(rationale, o.rationale);
    }
    /// Whether a commit that made these words of `was` (its first parent's) and joined
    /// `sides` wrote any of them itself: a title, text or rationale that is in none of them.
    [[nodiscard]] bool madeHere(const Words& was, const std::vector<Words>& sides) const
    {
        auto made = [&](auto field) {
            if (same(this->*field, was.*field)) return false;
            return std::none_of(sides.begin(), sides.end(), [&](const Words& w) { return same(this->*field, w.*field); });
        };
        return made(&Words::title) || made(&Words::text) || made(&Words::rationale);
    }

private:
    template <typename T>
    static bool same(const T* a, const T* b)
    {
        return a == b || (a && b && *a == *b);
    }
};

Words wordsIn(const Recommendation& r, const std::string& lang)
{
    Words w;
    for (const auto& t : r.titles)
        if (t.lang == lang) w.title = &t;
    for (const auto& b : r.texts)
        if (b.lang == lang) w.text = &b;
    for (const auto& b : r.rationales)
        if (b.lang == lang) w.rationale = &b;
    return w;
}

std::set<std::string> languagesOf(const Recommendation& r)
{
    std::set<std::string> out;
    for (const auto& t : r.titles) out.insert(t.lang);
    for (const auto& b : r.texts) out.insert(b.lang);
    for (const auto& b : r.rationales) out.insert(b.lang);
    return out;
}

std::optional<Submission> parsed(const std::optional<std::string>& bytes, const std::string& path)
{
    if (!bytes) return std::nullopt;
    try {
        return parseSubmission(*bytes, path);
    } catch (const Error&) {
        return std::nullopt;  // a version holding conflicts says nothing of who translated what
    }
}

struct Confirmation {
    std::string document, rec, lang, commit;
};

std::vector<Confirmation> confirmations(const Workspace& ws)
{
    std::vector<Confirmation> out;
    for (const auto& ref : ws.listRefs(kPrefix)) {
        for (const auto& [commit, json] : ws.readRecords(ref)) {
            try {
                auto o = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
                out.push_back(Confirmation{o->optValue<std::string>("document", ""), o->optValue<std::string>("rec", ""),
                                           o->optValue<std::string>("lang", ""), o->optValue<std::string>("commit", "")});
            } catch (const Poco::Exception&) {
                // A record this version cannot read confirms nothing.
            }
        }
    }
    return out;
}

/// The change a stale language missed.
struct Missed {
    CommitInfo change;
    std::string lang;  ///< a language the change changed
};

/// The recommendations of a version by id (none for a document that did not exist).
std::map<std::string_view, const Recommendation*> byId(const Submission* doc)
{
    std::map<std::string_view, const Recommendation*> out;
    if (doc)
        for (const auto& l : walk(*doc))
            if (l.recommendation) out.emplace(l.recommendation->id, l.recommendation);
    return out;
}

/// What `commit`, which made `now` of `then` (its first parent's version, null when the
/// document is new), does to each recommendation's stale languages. A merge commit also
/// names the versions it `joined`: a language whose words came from one of them changed
/// in the commits that wrote it there, walked already, not in the merge.
void follow(const Submission* then, const std::vector<std::shared_ptr<const Submission>>& joined, const Submission& now,
            const CommitInfo& commit, std::map<std::string, std::map<std::string, Missed>>& staleBy)
{
    const auto before = byId(then);
    std::vector<std::map<std::string_view, const Recommendation*>> others;
    for (const auto& j : joined) others.push_back(byId(j.get()));
    auto wordsAt = [](const std::map<std::string_view, const Recommendation*>& recs, const std::string& id,
                      const std::string& lang) {
        const auto found = recs.find(id);
        return found == recs.end() ? Words{} : wordsIn(*found->second, lang);
    };
    for (const auto& l : walk(now)) {
        if (!l.recommendation) continue;
        const Recommendation& b = *l.recommendation;
        auto& stale = staleBy[b.id];
        const auto langs = languagesOf(b);
        std::set<std::string> changed, added;
        for (const auto& lang : langs) {
            const Words was = wordsAt(before, b.id, lang);
            const Words is = wordsIn(b, lang);
            if (was == is) continue;
            std::vector<Words> sides;
            for (const auto& o : others) sides.push_back(wordsAt(o, b.id, lang));
            if (!is.madeHere(was, sides)) continue;  // brought by the merge from the sides that wrote it
            (was.any() ? changed : added).insert(lang);
        }
        const bool fresh =
            std::any_of(changed.begin(), changed.end(), [&](const std::string& lang) { return !stale.count(lang); });
        for (const auto& lang : changed) stale.erase(lang);
        for (const auto& lang : added) stale.erase(lang);
        if (fresh)
            for (const auto& lang : langs)
                if (!changed.count(lang) && !added.count(lang)) stale.insert_or_assign(lang, Missed{commit, *changed.begin()});
        std::erase_if(stale, [&](const auto& entry) { return !langs.count(entry.first); });
    }
}

/// The recommendations of a version as the bytes of their elements, by id; nothing when a
/// tag scan cannot be sure of them (comments, CDATA, processing instructions, a prefixed or
/// escaped name or id, an id twice), and the version is then parsed whole.
std::optional<std::map<std::string, std::string_view>> recommendationBytes(std::string_view text)
{
    std::size_t from = text.starts_with("<?xml") ? text.find("?>") : 0;
    if (from == std::string_view::npos) return std::nullopt;
    if (text.find("<!", from) != std::string_view::npos || text.find("<?", from) != std::string_view::npos ||
        text.find('<', from) != text.find("<submission", from))
        return std::nullopt;
    std::map<std::string, std::string_view> out;
    static constexpr std::string_view kStart = "<recommendation", kEnd = "</recommendation>";
    auto next = [&](std::size_t at) {
        const void* hit = ::memmem(text.data() + at, text.size() - at, kStart.data(), kStart.size());
        return hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - text.data()) : std::string_view::npos;
    };
    for (std::size_t at = next(from); at != std::string_view::npos; at = next(at)) {
        const std::size_t nameEnd = at + kStart.size();
        if (nameEnd >= text.size() || (text[nameEnd] != ' ' && text[nameEnd] != '\n' && text[nameEnd] != '>')) {
            at = nameEnd;
            continue;
        }
        const std::size_t close = text.find('>', nameEnd);
        const std::size_t id = text.find(" id=\"", nameEnd);
        if (close == std::string_view::npos || id == std::string_view::npos || id > close) return std::nullopt;
        const std::size_t idEnd = text.find('"', id + 5);
        const std::string_view value = text.substr(id + 5, idEnd - id - 5);
        const void* endHit = ::memmem(text.data() + close, text.size() - close, kEnd.data(), kEnd.size());
        const std::size_t end = endHit ? static_cast<std::size_t>(static_cast<const char*>(endHit) - text.data())
                                       : std::string_view::npos;
        if (idEnd > close || value.find('&') != std::string_view::npos || end == std::string_view::npos) return std::nullopt;
        if (!out.emplace(std::string(value), text.substr(at, end + kEnd.size() - at)).second) return std::nullopt;
        at = end + kEnd.size();
    }
    return out;
}

/// A version of the document: its bytes, its recommendations' bytes when a scan can tell
/// them, and the whole parse, made when asked for.
struct Version {
    std::string bytes;
    std::optional<std::map<std::string, std::string_view>> recs;
    std::string path;
    mutable std::shared_ptr<const Submission> whole;
    mutable bool tried = false;

    [[nodiscard]] const Submission* doc() const
    {
        if (!tried) {
            tried = true;
            if (auto d = parsed(bytes, path)) whole = std::make_shared<const Submission>(std::move(*d));
        }
        return whole.get();
    }

    /// Only the recommendations named, parsed in a document of their own (nothing when one does not parse).
    [[nodiscard]] std::optional<Submission> only(const std::set<std::string>& ids) const
    {
        std::string xml = "<submission xmlns=\"urn:accord:submission:1\"><section id=\"_\">";
        for (const auto& id : ids)
            if (auto it = recs->find(id); it != recs->end()) xml += it->second;
        xml += "</section></submission>";
        return parsed(xml, path);
    }
};

/// rec → language → the change it missed.
using Stale = std::map<std::string, std::map<std::string, Missed>>;

/// The stale texts of each commit already worked out in this process (the server asks again
/// and again as its drafts grow), by workspace, document and commit. They hold while the
/// confirmations are the same; a new one starts the cache anew.
class KnownStates {
public:
    static KnownStates& instance()
    {
        static KnownStates known;
        return known;
    }

    /// The states of `prefix` (a workspace and document), emptied when `confirmations` changed.
    void begin(const std::string& prefix, const std::string& confirmations)
    {
        std::lock_guard lock(mutex_);
        if (auto it = confirmations_.find(prefix); it == confirmations_.end() || it->second != confirmations) {
            confirmations_[prefix] = confirmations;
            states_.erase(states_.lower_bound(prefix + '\0'), states_.lower_bound(prefix + '\1'));
        }
    }

    std::shared_ptr<const Stale> find(const std::string& prefix, const std::string& commit)
    {
        std::lock_guard lock(mutex_);
        auto it = states_.find(prefix + '\0' + commit);
        return it == states_.end() ? nullptr : it->second;
    }

    void add(const std::string& prefix, const std::string& commit, std::shared_ptr<const Stale> state)
    {
        std::lock_guard lock(mutex_);
        if (states_.size() >= kMostStates) states_.clear();  // a bound on memory; they are worked out again
        states_.emplace(prefix + '\0' + commit, std::move(state));
    }

private:
    static constexpr std::size_t kMostStates = 200000;
    std::mutex mutex_;
    std::map<std::string, std::string> confirmations_;
    std::map<std::string, std::shared_ptr<const Stale>> states_;
};

} // namespace

std::vector<StaleTranslation> staleTranslations(const Workspace& ws, const std::string& path, std::string_view rev)
{
    const auto current = parsed(ws.fileAt(rev, path), path);
    if (!current) return {};
    // Confirmations of this document, by the commit they were made at.
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> confirmedAt;
    std::string confirmationsSeen;
    for (const auto& c : confirmations(ws))
        if (c.document == path) {
            confirmedAt[c.commit].emplace_back(c.rec, c.lang);
            confirmationsSeen += c.commit + ' ' + c.rec + ' ' + c.lang + '\n';
        }
    const std::string prefix = ws.root().string() + '\0' + path;
    KnownStates& known = KnownStates::instance();
    known.begin(prefix, confirmationsSeen);

    // The history from the oldest commit on, each commit after its parents. A change to some languages
    // of a recommendation leaves its other languages stale, unless it only brings stale ones up to date.
    // Each commit has the state its own history gives it: a draft knows nothing of what another draft
    // did until they meet in a merge.
    std::map<std::string, std::shared_ptr<const Stale>> stateAt;  // by commit, those of this walk
    // The version read last, by blob id: in a line of history a commit's parent is the commit
    // walked before it, so each version is read once.
    std::optional<std::string> lastBlob;
    std::shared_ptr<const Version> last;
    auto versionAt = [&](const std::string& commit, const std::optional<std::string>& blob) -> std::shared_ptr<const Version> {
        if (!blob) return nullptr;
        if (blob != lastBlob) {
            auto v = std::make_shared<Version>();
            v->bytes = ws.fileAt(commit, path).value_or("");
            v->recs = recommendationBytes(v->bytes);
            v->path = path;
            last = std::move(v);
            lastBlob = blob;
        }
        return last;
    };
    static const auto none = std::make_shared<const Stale>();
    auto stateOf = [&](const std::string& id) {
        if (auto it = stateAt.find(id); it != stateAt.end()) return it->second;
        auto kept = known.find(prefix, id);
        return kept ? kept : none;
    };
    auto commits = ws.log(rev);
    std::reverse(commits.begin(), commits.end());
    for (const CommitInfo& commit : commits) {
        if (auto kept = known.find(prefix, commit.id)) {
            stateAt.emplace(commit.id, std::move(kept));
            continue;
        }
        std::shared_ptr<const Stale> state = commit.parents.empty() ? none : stateOf(commit.parents.front());
        if (commit.parents.size() > 1) {
            // Two histories meet: what one of them left stale stays so, unless the other saw the change
            // it missed and has it up to date since.
            auto joined = std::make_shared<Stale>(*state);
            for (std::size_t i = 1; i < commit.parents.size(); ++i) {
                const auto& other = *stateOf(commit.parents[i]);
                auto seen = [&](const std::string& parent, const Missed& m) {
                    return parent == m.change.id || ws.isAncestor(m.change.id, parent);
                };
                auto upToDate = [](const Stale& s, const std::string& rec, const std::string& lang) {
                    auto r = s.find(rec);
                    return r == s.end() || !r->second.count(lang);
                };
                for (auto recIt = joined->begin(); recIt != joined->end(); ++recIt)
                    std::erase_if(recIt->second, [&](const auto& entry) {
                        return seen(commit.parents[i], entry.second) && upToDate(other, recIt->first, entry.first);
                    });
                for (const auto& [rec, langs] : other)
                    for (const auto& [lang, missed] : langs)
                        if (!seen(commit.parents.front(), missed) || !upToDate(*state, rec, lang))
                            (*joined)[rec].emplace(lang, missed);
            }
            state = std::move(joined);
        }
        // Blob ids name the content: a commit that left the document as its first parent had it
        // changes nothing in it, and is never read.
        const auto nowBlob = ws.blobAt(commit.id, path);
        const auto thenBlob = commit.parents.empty() ? std::nullopt : ws.blobAt(commit.parents.front(), path);
        const auto confirmed = confirmedAt.find(commit.id);
        if (nowBlob != thenBlob || confirmed != confirmedAt.end()) {
            auto next = std::make_shared<Stale>(*state);
            if (nowBlob != thenBlob) {
                std::vector<std::shared_ptr<const Submission>> joined;
                for (std::size_t i = 1; i < commit.parents.size(); ++i)
                    if (auto other = parsed(ws.fileAt(commit.parents[i], path), path))
                        joined.push_back(std::make_shared<const Submission>(std::move(*other)));
                const auto then = commit.parents.empty() ? nullptr : versionAt(commit.parents.front(), thenBlob);
                const auto now = versionAt(commit.id, nowBlob);
                if (now && then && then->recs && now->recs && joined.empty()) {
                    // Only the recommendations whose bytes changed can have changed words: those are parsed.
                    std::set<std::string> changed;
                    for (const auto& [id, bytes] : *now->recs)
                        if (auto was = then->recs->find(id); was == then->recs->end() || was->second != bytes)
                            changed.insert(id);
                    if (!changed.empty()) {
                        const auto thenPart = then->only(changed);
                        const auto nowPart = now->only(changed);
                        if (thenPart && nowPart) follow(&*thenPart, joined, *nowPart, commit, *next);
                        else if (now->doc()) follow(then->doc(), joined, *now->doc(), commit, *next);
                    }
                } else if (now && now->doc()) {
                    follow(then ? then->doc() : nullptr, joined, *now->doc(), commit, *next);
                }
            }
            if (confirmed != confirmedAt.end())
                for (const auto& [rec, lang] : confirmed->second) (*next)[rec].erase(lang);
            state = std::move(next);
        }
        known.add(prefix, commit.id, state);
        stateAt.emplace(commit.id, std::move(state));
    }
    const Stale& staleBy = commits.empty() ? *none : *stateAt.at(commits.back().id);  // rev's own

    std::vector<StaleTranslation> out;
    for (const auto& l : walk(*current)) {
        if (!l.recommendation) continue;
        const Recommendation& r = *l.recommendation;
        auto it = staleBy.find(r.id);
        if (it == staleBy.end()) continue;
        for (const auto& [lang, missed] : it->second)
            out.push_back(StaleTranslation{r.id, lang, missed.lang, missed.change, r.line});
    }
    return out;
}

std::optional<StaleTranslation> confirmTranslation(Workspace& ws, const std::string& path, const std::string& rec,
                                                   const std::string& lang, const std::string& commit,
                                                   const Signature& author)
{
    const auto doc = parsed(ws.fileAt(commit, path), path);
    const Recommendation* r = doc ? doc->findRecommendation(rec) : nullptr;
    if (!r || !languagesOf(*r).count(lang))
        throw Error(ErrorKind::NotFound, "no " + lang + " text of recommendation \"" + rec + "\" in " + path + " at " +
                                             commit.substr(0, 8));
    const auto stale = staleTranslations(ws, path, commit);
    auto it = std::find_if(stale.begin(), stale.end(), [&](const StaleTranslation& s) { return s.rec == rec && s.lang == lang; });
    if (it == stale.end()) return std::nullopt;
    Poco::JSON::Object o;
    o.set("type", "translation-ok");
    o.set("document", path);
    o.set("rec", rec);
    o.set("lang", lang);
    o.set("commit", commit);
    std::ostringstream json;
    Poco::JSON::Stringifier::stringify(o, json, 2);
    ws.startRecordLog(kPrefix, json.str(), author, "Translation ok: " + rec + " [" + lang + "]");
    return *it;
}

std::string describe(const StaleTranslation& s, const std::string& documentId)
{
    return "recommendation " + s.rec + ": the " + s.lang + " text may be out of date: the " + s.changedLang +
           " text changed after it in " + s.change.shortId + " (" + s.change.author.name + ", \"" + s.change.summary() +
           "\"); update it, or confirm it with accord translation ok " + documentId + " " + s.rec + " --lang " + s.lang;
}

void markStale(std::vector<DocumentDiff>& diffs, const Workspace& ws, std::string_view rev)
{
    for (auto& d : diffs) {
        if (d.removed) continue;
        std::map<std::string, std::vector<std::string>> byRec;
        for (const auto& s : staleTranslations(ws, d.path, rev)) byRec[s.rec].push_back(s.lang);
        for (auto& c : d.changes)
            if (c.part == PartChange::Part::Recommendation && !c.removed)
                if (auto it = byRec.find(c.id); it != byRec.end()) c.staleLangs = it->second;
    }
}

} // namespace accord::workspace
