#include "accord/workspace/document.hpp"
#include "accord/workspace/error.hpp"
#include "accord/workspace/content_cache.hpp"
#include "accord/workspace/merge.hpp"
#include "accord/workspace/workspace.hpp"

#include "git_util.hpp"
#include "document_pieces.hpp"
#include "parsed_documents.hpp"
#include "workspace_impl.hpp"

#include <git2/sys/odb_backend.h>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <tuple>

namespace accord::workspace {

namespace {

/// A lock that lets its waiters in in the order they came: edits of one draft wait
/// their turn instead of some waiting while later ones overtake them again and again.
class FairLock {
public:
    void lock()
    {
        std::unique_lock guard(mutex_);
        const std::uint64_t mine = next_++;
        turn_.wait(guard, [&] { return serving_ == mine; });
    }
    void unlock()
    {
        {
            std::lock_guard guard(mutex_);
            ++serving_;
        }
        turn_.notify_all();
    }

private:
    std::mutex mutex_;
    std::condition_variable turn_;
    std::uint64_t next_ = 0;
    std::uint64_t serving_ = 0;
};

/// One lock per repository and branch, for the writers of this process: edits of
/// one draft made at once by a server's threads queue and each merges once,
/// instead of racing for the branch and merging again. Other processes still
/// meet at the ref's compare-and-swap.
FairLock& branchLock(const std::filesystem::path& root, const std::string& branch)
{
    static std::mutex guard;
    static std::map<std::string, std::unique_ptr<FairLock>> locks;
    std::lock_guard lock(guard);
    auto& m = locks[root.string() + '\n' + branch];
    if (!m) m = std::make_unique<FairLock>();
    return *m;
}

/// What a change did, part by part: the recommendations and sections whose content
/// or place differs (keys "r:ID", "s:ID"), the top-level order ("top") and the meta.
using Touched = std::set<std::string>;

using Places = std::map<std::string, std::string>;
using Recommendations = std::map<std::string, const Recommendation*>;
using Sections = std::map<std::string, const Section*>;

void shapeOf(const Section& s, const std::string& parent, Places& out, Recommendations& recs, Sections& secs)
{
    secs["s:" + s.id] = &s;
    std::string children = parent + '|';
    for (const auto& r : s.recommendations) {
        children += r.id + ' ';
        recs["r:" + r.id] = &r;
        out["r:" + r.id] = s.id;
    }
    children += '|';
    std::string order;
    for (const auto& sub : s.sections) {
        children += sub.id + ' ';
        order += sub.id + ' ';
        shapeOf(sub, s.id, out, recs, secs);
    }
    out["s:" + s.id] = children;
    out["o:" + s.id] = order;
}

/// The top-level sections of `sections` that `other` does not hold as they are, by
/// id; each part of the others is where it was and as it was.
std::vector<const Section*> changedSections(const std::vector<Section>& sections, const std::vector<Section>& other)
{
    std::map<std::string_view, const Section*> byId;
    for (const auto& s : other) byId.emplace(s.id, &s);
    std::vector<const Section*> out;
    for (const auto& s : sections)
        if (auto it = byId.find(s.id); it == byId.end() || !(*it->second == s)) out.push_back(&s);
    return out;
}

Touched touched(const Submission& before, const Submission& after)
{
    // Only the top-level sections that differ are looked into: a part that left or
    // joined one is in a differing section on both sides.
    Places placeA, placeB;
    Recommendations recsA, recsB;
    Sections secsA, secsB;
    for (const Section* sec : changedSections(before.sections, after.sections)) shapeOf(*sec, "", placeA, recsA, secsA);
    for (const Section* sec : changedSections(after.sections, before.sections)) shapeOf(*sec, "", placeB, recsB, secsB);
    for (const auto& sec : before.sections) placeA["top"] += sec.id + ' ';
    for (const auto& sec : after.sections) placeB["top"] += sec.id + ' ';
    Touched out;
    for (const auto& [key, place] : placeA) {
        auto it = placeB.find(key);
        if (it == placeB.end() || it->second != place) out.insert(key.starts_with("o:") ? "s:" + key.substr(2) : key);
    }
    for (const auto& [key, place] : placeB)
        if (!placeA.count(key)) out.insert(key.starts_with("o:") ? "s:" + key.substr(2) : key);
    for (const auto& [key, rec] : recsA)
        if (auto it = recsB.find(key); it != recsB.end() && !(*rec == *it->second)) out.insert(key);
    for (const auto& [key, sec] : secsA)
        if (auto it = secsB.find(key); it != secsB.end() && (sec->headings != it->second->headings || sec->intros != it->second->intros))
            out.insert(key);
    if (!(before.meta == after.meta) || before.id != after.id || before.lang != after.lang || before.version != after.version)
        out.insert("meta");
    return out;
}

bool disjoint(const Touched& a, const Touched& b)
{
    return std::none_of(a.begin(), a.end(), [&](const std::string& key) { return b.count(key) > 0; });
}

/// The sections holding a touched part, each with only its touched recommendations
/// and subsections, or whole when the section itself was touched.
std::vector<Section> touchedSections(const std::vector<Section>& sections, const Touched& parts)
{
    std::vector<Section> out;
    for (const auto& s : sections) {
        if (parts.count("s:" + s.id)) {
            out.push_back(s);
            continue;
        }
        Section kept{s.id, s.headings, s.intros, {}, touchedSections(s.sections, parts), s.line};
        for (const auto& r : s.recommendations)
            if (parts.count("r:" + r.id)) kept.recommendations.push_back(r);
        if (!kept.recommendations.empty() || !kept.sections.empty()) out.push_back(std::move(kept));
    }
    return out;
}

/// What the schema must see again of a document edited on the model, when the
/// document it was edited from is known valid: the meta and the touched parts in
/// the sections that hold them. Every constraint of submission-1.xsd is local to a
/// recommendation, a section or the meta (its xs:unique are all within one), so the
/// parts left out are as valid as they were; the rules across parts (ids unique,
/// organisations known) run on the whole model.
Submission touchedParts(const Submission& doc, const Touched& parts)
{
    Submission out;
    out.id = doc.id;
    out.lang = doc.lang;
    out.meta = doc.meta;
    out.sections = touchedSections(doc.sections, parts);
    return out;
}

/// The bytes of each top-level section of a document the edits wrote, by its blob
/// (the last few), so the next edit copies the sections it did not touch.
using SectionBytes = std::vector<std::string>;

ContentCache<SectionBytes>& writtenSections()
{
    static ContentCache<SectionBytes> kept(4);
    return kept;
}

bool holdsTouched(const Section& s, const Touched& parts)
{
    if (parts.count("s:" + s.id)) return true;
    for (const auto& r : s.recommendations)
        if (parts.count("r:" + r.id)) return true;
    return std::any_of(s.sections.begin(), s.sections.end(), [&](const Section& sub) { return holdsTouched(sub, parts); });
}

/// serialize(result), copying the bytes of the top-level sections that hold no part
/// `parts` names from those written for `from` (stored as `fromBlob`) when kept.
std::pair<std::string, std::shared_ptr<const SectionBytes>> serializeEdited(const Submission& from,
                                                                             const std::string& fromBlob,
                                                                             const Submission& result,
                                                                             const Touched& parts)
{
    const auto kept = writtenSections().find(fromBlob);
    std::map<std::string_view, std::size_t> keptAt;
    if (kept && kept->size() == from.sections.size())
        for (std::size_t i = 0; i < from.sections.size(); ++i) keptAt.emplace(from.sections[i].id, i);
    auto sections = std::make_shared<SectionBytes>();
    sections->reserve(result.sections.size());
    std::string head = detail::serializeHead(result);
    std::size_t size = head.size() + detail::kSubmissionTail.size();
    for (const auto& s : result.sections) {
        auto at = keptAt.find(s.id);
        sections->push_back(at != keptAt.end() && !holdsTouched(s, parts) ? (*kept)[at->second]
                                                                        : detail::serializeTopSection(s));
        size += sections->back().size();
    }
    std::string out;
    out.reserve(size);
    out += head;
    for (const auto& bytes : *sections) out += bytes;
    out += detail::kSubmissionTail;
    return {std::move(out), std::move(sections)};
}

/// What each edit made in this process changed, by its commit: the parts of the
/// document at `path` that differ from its parent's (the last few thousand).
class EditLog {
public:
    void add(const std::string& commit, const std::string& parent, const std::string& path, const Touched& parts)
    {
        std::lock_guard lock(mutex_);
        if (entries_.size() >= kEntries) entries_.clear();
        entries_[commit] = Entry{parent, path, parts};
    }
    /// The parts the edits from `from` to `to` changed, when every commit between
    /// them is an edit of `path` this process made; nothing otherwise.
    std::optional<Touched> changedBetween(const std::string& from, const std::string& to, const std::string& path)
    {
        std::lock_guard lock(mutex_);
        Touched out;
        std::string at = to;
        for (std::size_t steps = 0; at != from; ++steps) {
            auto it = entries_.find(at);
            if (steps == kEntries || it == entries_.end() || it->second.path != path) return std::nullopt;
            out.insert(it->second.parts.begin(), it->second.parts.end());
            at = it->second.parent;
        }
        return out;
    }

private:
    struct Entry {
        std::string parent;
        std::string path;
        Touched parts;
    };
    static constexpr std::size_t kEntries = 4096;
    std::mutex mutex_;
    std::map<std::string, Entry> entries_;
};

EditLog& editLog()
{
    static EditLog log;
    return log;
}

/// The validation context of an accord.xml, or nothing when it does not validate;
/// kept by its blob.
std::shared_ptr<const std::optional<ValidationContext>> contextOf(const std::string& configBlob,
                                                                  const std::function<std::string()>& readConfig)
{
    static ContentCache<std::optional<ValidationContext>> kept(2);
    return kept.get(configBlob, [&]() -> std::optional<ValidationContext> {
        const std::string configBytes = readConfig();
        if (!validateConfig(configBytes, Workspace::kConfigFile).empty()) return std::nullopt;
        return Workspace::validationContext(parseConfig(configBytes, Workspace::kConfigFile));
    });
}

} // namespace

/// Validates `result`, the document stored as `fromBlob` at `head` edited on the
/// model in `parts`, as commitChanges would the whole document, when that document
/// is known valid (then only those parts go through the schema again); returns what
/// follows a blob id in the key of knownValid, or nothing when it did not validate.
/// Findings are those of the whole document, with its lines.
std::optional<std::string> Workspace::Impl::checkEdit(const git_commit* head, const std::string& path,
                                                      const std::string& fromBlob, const Submission& result,
                                                      const std::set<std::string>& parts, const std::string& resultBytes)
{
    const auto configId = configBlobOf(head);
    if (!configId) return std::nullopt;
    const std::string configBlob = oidHex(*configId);
    const auto kept = contextOf(configBlob, [&] { return blobText(*configId); });
    if (!*kept) return std::nullopt;
    const ValidationContext* context = &**kept;
    const std::string validKey = ' ' + configBlob + ' ' + path;
    if (!detail::knownValid(fromBlob + validKey)) {
        git_oid fromId;
        if (git_oid_fromstrn(&fromId, fromBlob.data(), fromBlob.size()) != 0) return std::nullopt;
        const auto fromBytes = blobText(fromId);
        if (!validateSubmission(fromBytes, path, *context).empty()) return std::nullopt;
        detail::rememberValid(fromBlob + validKey);
    }
    auto problems = checkSchemaOf(serialize(touchedParts(result, parts)), path, "submission-1.xsd");
    if (problems.empty()) problems = checkSubmissionRules(result, path, *context);
    // A finding in the parts is reported as the whole document's, with its lines.
    if (!problems.empty()) problems = validateSubmission(resultBytes, path, *context);
    if (!problems.empty()) throw ValidationError(std::move(problems));
    return validKey;
}

Workspace::EditResult Workspace::editDocument(const DocumentEdit& edit, const DocumentMerger& merger)
{
    const auto baseBlob = blobAt(edit.against, edit.path);
    if (!baseBlob) throw Error(ErrorKind::NotFound, edit.path + " does not exist at " + edit.against.substr(0, 8));
    const std::string againstId = resolve(edit.against).id;
    if (!isAncestor(againstId, edit.branch))
        throw Error(ErrorKind::Conflict, edit.against.substr(0, 8) + " is not a commit of " + edit.branch +
                                             ": read the draft again and redo the change");
    const auto baseDoc = parsedAt(againstId, edit.path);
    // The edit made on the version it names, and its bytes: what a merge needs,
    // made only when there is one.
    std::optional<Submission> mine;
    std::optional<std::string> editedBytes;
    auto edited = [&]() -> const std::string& {
        if (!mine) {
            mine = *baseDoc;
            edit.apply(*mine);
        }
        if (!editedBytes) editedBytes = serialize(*mine);
        return *editedBytes;
    };

    // Freed after the branch is unlocked: the document the cache lets go of.
    std::shared_ptr<const Submission> released;
    // A writer that moves the branch between our read and our write makes the
    // commit fail without writing: merge again with what it wrote, a few times.
    std::lock_guard serial(branchLock(root(), edit.branch));
    for (int attempt = 0;; ++attempt) {
        const CommitInfo head = resolve("refs/heads/" + edit.branch);
        const auto headBlob = blobAt(head.id, edit.path);
        if (!headBlob)
            throw Error(ErrorKind::Conflict, edit.path + " was deleted on " + edit.branch + " since " +
                                                 againstId.substr(0, 8) + ": nothing was written");
        // The result and, when it is the draft's document edited on the model, that
        // document and the parts it differs in from the draft's (a merge's result
        // has neither and is validated in full).
        std::string result;
        std::shared_ptr<const Submission> resultDoc;
        Touched parts;
        const bool moved = head.id != againstId;
        const auto headDoc = *headBlob == *baseBlob ? baseDoc : parsedAt(head.id, edit.path);
        auto onHead = std::make_shared<Submission>(*headDoc);
        if (headDoc == baseDoc) {
            edit.apply(*onHead);
            parts = touched(*headDoc, *onHead);
            resultDoc = std::move(onHead);
        } else {
            // The edit applies to the draft as it is now when what it changes there is
            // nothing anyone changed since the version it names; else the structured
            // merge settles it (a part someone deleted meanwhile included).
            bool applied = true;
            try {
                edit.apply(*onHead);
            } catch (const Error&) {
                applied = false;
            }
            if (applied) parts = touched(*headDoc, *onHead);
            // What changed since the version the edit names, from the edits that changed it, else by comparing.
            auto since = [&] {
                auto logged = editLog().changedBetween(againstId, head.id, edit.path);
                return logged ? std::move(*logged) : touched(*baseDoc, *headDoc);
            };
            if (applied && disjoint(parts, since())) {
                resultDoc = std::move(onHead);
            } else {
                MergeLabels labels{edit.branch, againstId.substr(0, 8), "this edit"};
                DocumentMergeResult merged =
                    merger(MergeSides{*fileAt(againstId, edit.path), *fileAt(head.id, edit.path), edited()}, labels, edit.path);
                if (merged.conflicts > 0)
                    throw Error(ErrorKind::Conflict, "someone changed the same words on " + edit.branch + " since " +
                                                         againstId.substr(0, 8) + ": nothing was written; compare both "
                                                         "versions and redo the change on " + head.shortId);
                result = std::move(merged.merged);
            }
        }
        std::shared_ptr<const std::vector<std::string>> sectionBytes;
        if (resultDoc) std::tie(result, sectionBytes) = serializeEdited(*headDoc, *headBlob, *resultDoc, parts);
        // A document edited on the model changed exactly when a part of it did.
        if (resultDoc ? parts.empty() : detail::blobIdOf(result) == *headBlob) return EditResult{head, false, moved};
        // Stored on a second thread while the edit is checked and its commit made.
        std::optional<Impl::PendingBlob> pending;
        if (impl_->fastObjects) {
            pending.emplace();
            pending->path = edit.path;
            check(git_odb_hash(&pending->id, result.data(), result.size(), GIT_OBJECT_BLOB), "cannot hash " + edit.path);
            pending->stored = std::async(std::launch::async, [this, &result, id = pending->id] {
                // Its id is known: the backend writes it without hashing a third of a megabyte again.
                git_odb_backend* blobs = impl_->fastBlobs;
                check(blobs->write(blobs, &id, result.data(), result.size(), GIT_OBJECT_BLOB),
                      "cannot store the edited document");
            });
        }
        Commit headCommit = impl_->commitOf(head.id);
        const auto validKey =
            resultDoc ? impl_->checkEdit(headCommit.get(), edit.path, *headBlob, *resultDoc, parts, result) : std::nullopt;
        try {
            const git_oid id = impl_->commitOnBranch(edit.branch, head.id, {{edit.path, result}}, edit.message, edit.author,
                                                     validKey ? Impl::Check::DoneByCaller : Impl::Check::Validate,
                                                     pending ? &*pending : nullptr);
            const CommitInfo made = resolve(oidHex(id));
            if (resultDoc) {
                const std::string resultBlob = *blobAt(made.id, edit.path);
                if (validKey) detail::rememberValid(resultBlob + *validKey);
                released = detail::rememberParsed(resultBlob, std::move(resultDoc));
                (void)writtenSections().add(resultBlob, std::move(sectionBytes));
                editLog().add(made.id, head.id, edit.path, parts);
            }
            return EditResult{made, true, moved};
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::Conflict || attempt == 4 || resolve("refs/heads/" + edit.branch).id == head.id) throw;
        }
    }
}

} // namespace accord::workspace
