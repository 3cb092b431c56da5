#include "accord/workspace/document.hpp"
#include "accord/workspace/error.hpp"
#include "accord/workspace/merge.hpp"
#include "accord/workspace/workspace.hpp"

#include "git_util.hpp"
#include "document_pieces.hpp"
#include "parsed_documents.hpp"
#include "workspace_impl.hpp"

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <tuple>

namespace accord::workspace {

namespace {

/// One lock per repository and branch, for the writers of this process: edits of
/// one draft made at once by a server's threads queue and each merges once,
/// instead of racing for the branch and merging again. Other processes still
/// meet at the ref's compare-and-swap.
std::mutex& branchLock(const std::filesystem::path& root, const std::string& branch)
{
    static std::mutex guard;
    static std::map<std::string, std::unique_ptr<std::mutex>> locks;
    std::lock_guard lock(guard);
    auto& m = locks[root.string() + '\n' + branch];
    if (!m) m = std::make_unique<std::mutex>();
    return *m;
}

/// What a change did, part by part: the recommendations and sections whose content
/// or place differs (keys "r:ID", "s:ID"), the top-level order ("top") and the meta.
using Touched = std::set<std::string>;

void shapeOf(const std::vector<Section>& sections, const std::string& parent, std::map<std::string, std::string>& out,
             std::map<std::string, const Recommendation*>& recs, std::map<std::string, const Section*>& secs)
{
    std::string order;
    for (const auto& s : sections) {
        order += s.id + ' ';
        secs["s:" + s.id] = &s;
        std::string children = parent + '|';
        for (const auto& r : s.recommendations) {
            children += r.id + ' ';
            recs["r:" + r.id] = &r;
            out["r:" + r.id] = s.id;
        }
        children += '|';
        for (const auto& sub : s.sections) children += sub.id + ' ';
        out["s:" + s.id] = children;
        shapeOf(s.sections, s.id, out, recs, secs);
    }
    out[parent.empty() ? "top" : "o:" + parent] = order;
}

Touched touched(const Submission& before, const Submission& after)
{
    std::map<std::string, std::string> placeA, placeB;
    std::map<std::string, const Recommendation*> recsA, recsB;
    std::map<std::string, const Section*> secsA, secsB;
    shapeOf(before.sections, "", placeA, recsA, secsA);
    shapeOf(after.sections, "", placeB, recsB, secsB);
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
        if (auto it = secsB.find(key); it != secsB.end() && (sec->headings != it->second->headings || sec->intro != it->second->intro))
            out.insert(key);
    if (!(before.meta == after.meta) || before.id != after.id || before.lang != after.lang) out.insert("meta");
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
        Section kept{s.id, s.headings, s.intro, {}, touchedSections(s.sections, parts), s.line};
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

class WrittenSections {
public:
    std::shared_ptr<const SectionBytes> find(const std::string& blob)
    {
        std::lock_guard lock(mutex_);
        for (const auto& [b, bytes] : entries_)
            if (b == blob) return bytes;
        return nullptr;
    }
    void add(const std::string& blob, std::shared_ptr<const SectionBytes> bytes)
    {
        std::lock_guard lock(mutex_);
        entries_.emplace_front(blob, std::move(bytes));
        if (entries_.size() > 4) entries_.pop_back();
    }

private:
    std::mutex mutex_;
    std::deque<std::pair<std::string, std::shared_ptr<const SectionBytes>>> entries_;
};

WrittenSections& writtenSections()
{
    static WrittenSections kept;
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
    std::string out = detail::serializeHead(result);
    for (const auto& s : result.sections) {
        auto at = keptAt.find(s.id);
        sections->push_back(at != keptAt.end() && !holdsTouched(s, parts) ? (*kept)[at->second]
                                                                        : detail::serializeTopSection(s));
        out += sections->back();
    }
    out += detail::kSubmissionTail;
    return {std::move(out), std::move(sections)};
}

/// The validation context of an accord.xml, kept for the last one asked for.
std::shared_ptr<const ValidationContext> contextOf(const std::string& configBlob, const std::string& configBytes)
{
    static std::mutex guard;
    static std::string keptBlob;
    static std::shared_ptr<const ValidationContext> kept;
    std::lock_guard lock(guard);
    if (!kept || keptBlob != configBlob) {
        kept = std::make_shared<const ValidationContext>(
            Workspace::validationContext(parseConfig(configBytes, Workspace::kConfigFile)));
        keptBlob = configBlob;
    }
    return kept;
}

} // namespace

/// Validates `result`, the document stored as `fromBlob` at `head` edited on the
/// model in `parts`, as commitChanges would the whole document, and says whether it
/// did: when that document is known valid, only those parts go through the schema again.
/// Findings are those of the whole document, with its lines.
bool Workspace::Impl::checkEdit(const git_commit* head, const std::string& path, const std::string& fromBlob,
                                const Submission& result, const std::set<std::string>& parts,
                                const std::string& resultBytes, const std::string& resultBlob)
{
    const auto configBytes = configBytesOf(head);
    if (!configBytes) return false;
    if (auto problems = validateConfig(*configBytes, kConfigFile); !problems.empty()) return false;
    const std::string configBlob = detail::blobIdOf(*configBytes);
    const auto context = contextOf(configBlob, *configBytes);
    const std::string fromKey = fromBlob + ' ' + configBlob + ' ' + path;
    if (!detail::knownValid(fromKey)) {
        git_oid fromId;
        if (git_oid_fromstrn(&fromId, fromBlob.data(), fromBlob.size()) != 0) return false;
        const auto fromBytes = blobText(fromId);
        if (!validateSubmission(fromBytes, path, *context).empty()) return false;
        detail::rememberValid(fromKey);
    }
    auto problems = checkSchemaOf(serialize(touchedParts(result, parts)), path, "submission-1.xsd");
    if (problems.empty()) problems = checkSubmissionRules(result, path, *context);
    // A finding in the parts is reported as the whole document's, with its lines.
    if (!problems.empty()) problems = validateSubmission(resultBytes, path, *context);
    if (!problems.empty()) throw ValidationError(std::move(problems));
    detail::rememberValid(resultBlob + ' ' + configBlob + ' ' + path);
    return true;
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
    auto mine = std::make_shared<Submission>(*baseDoc);
    edit.apply(*mine);
    const std::shared_ptr<const Submission> doc = std::move(mine);
    // The edit's result as bytes, written only when it is what is committed or merged.
    std::optional<std::string> editedBytes;
    auto edited = [&]() -> const std::string& {
        if (!editedBytes) editedBytes = serialize(*doc);
        return *editedBytes;
    };
    const Touched touchedByMe = touched(*baseDoc, *doc);

    // A writer that moves the branch between our read and our write makes the
    // commit fail without writing: merge again with what it wrote, a few times.
    std::lock_guard serial(branchLock(root(), edit.branch));
    for (int attempt = 0;; ++attempt) {
        const CommitInfo head = resolve("refs/heads/" + edit.branch);
        const auto headBlob = blobAt(head.id, edit.path);
        if (!headBlob)
            throw Error(ErrorKind::Conflict, edit.path + " was deleted on " + edit.branch + " since " +
                                                 againstId.substr(0, 8) + ": nothing was written");
        // The result and, when it is a document edited on the model, that document
        // and the parts it differs in from the head (a merge's result has neither
        // and is validated in full).
        std::string result;
        std::shared_ptr<const Submission> resultDoc;
        Touched parts;
        const bool moved = head.id != againstId;
        if (*headBlob == *baseBlob) {
            resultDoc = doc;
            parts = touchedByMe;
        } else {
            const auto headDoc = parsedAt(head.id, edit.path);
            if (disjoint(touchedByMe, touched(*baseDoc, *headDoc))) {
                // No one touched what this edit touches: it applies to the draft as it is now.
                auto onHead = std::make_shared<Submission>(*headDoc);
                edit.apply(*onHead);
                parts = touched(*headDoc, *onHead);
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
        if (resultDoc) {
            const auto& from = *headBlob == *baseBlob ? *baseDoc : *parsedAt(head.id, edit.path);
            std::tie(result, sectionBytes) = serializeEdited(from, *headBlob, *resultDoc, parts);
        }
        const std::string resultBlob = detail::blobIdOf(result);
        if (resultBlob == *headBlob) return EditResult{head, false, moved};
        Commit headCommit = impl_->commitOf(head.id);
        const bool checked =
            resultDoc && impl_->checkEdit(headCommit.get(), edit.path, *headBlob, *resultDoc, parts, result, resultBlob);
        try {
            const git_oid id = impl_->commitOnBranch(edit.branch, head.id, {{edit.path, result}}, edit.message, edit.author,
                                                     checked ? Impl::Check::DoneByCaller : Impl::Check::Validate);
            if (resultDoc) {
                detail::rememberParsed(resultBlob, std::move(resultDoc));
                writtenSections().add(resultBlob, std::move(sectionBytes));
            }
            return EditResult{resolve(oidHex(id)), true, moved};
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::Conflict || attempt == 4 || resolve("refs/heads/" + edit.branch).id == head.id) throw;
        }
    }
}

} // namespace accord::workspace
