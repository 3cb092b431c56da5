#include "accord/workspace/document.hpp"
#include "accord/workspace/error.hpp"
#include "accord/workspace/merge.hpp"
#include "accord/workspace/workspace.hpp"

#include "parsed_documents.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>

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

} // namespace

Workspace::EditResult Workspace::editDocument(const DocumentEdit& edit, const DocumentMerger& merger)
{
    const auto baseBlob = blobAt(edit.against, edit.path);
    if (!baseBlob) throw Error(ErrorKind::NotFound, edit.path + " does not exist at " + edit.against.substr(0, 8));
    const std::string againstId = resolve(edit.against).id;
    if (!isAncestor(againstId, edit.branch))
        throw Error(ErrorKind::Conflict, edit.against.substr(0, 8) + " is not a commit of " + edit.branch +
                                             ": read the draft again and redo the change");
    const auto baseDoc = parsedAt(againstId, edit.path);
    Submission doc = *baseDoc;
    edit.apply(doc);
    const std::string edited = serialize(doc);
    const Touched mine = touched(*baseDoc, doc);

    // A writer that moves the branch between our read and our write makes the
    // commit fail without writing: merge again with what it wrote, a few times.
    std::lock_guard serial(branchLock(root(), edit.branch));
    for (int attempt = 0;; ++attempt) {
        const CommitInfo head = resolve("refs/heads/" + edit.branch);
        const auto headBlob = blobAt(head.id, edit.path);
        if (!headBlob)
            throw Error(ErrorKind::Conflict, edit.path + " was deleted on " + edit.branch + " since " +
                                                 againstId.substr(0, 8) + ": nothing was written");
        std::string result = edited;
        std::shared_ptr<const Submission> resultDoc = std::make_shared<const Submission>(doc);
        const bool moved = head.id != againstId;
        if (*headBlob != *baseBlob) {
            const auto headDoc = parsedAt(head.id, edit.path);
            if (disjoint(mine, touched(*baseDoc, *headDoc))) {
                // No one touched what this edit touches: it applies to the draft as it is now.
                Submission onHead = *headDoc;
                edit.apply(onHead);
                result = serialize(onHead);
                resultDoc = std::make_shared<const Submission>(std::move(onHead));
            } else {
                MergeLabels labels{edit.branch, againstId.substr(0, 8), "this edit"};
                DocumentMergeResult merged =
                    merger(MergeSides{*fileAt(againstId, edit.path), *fileAt(head.id, edit.path), edited}, labels, edit.path);
                if (merged.conflicts > 0)
                    throw Error(ErrorKind::Conflict, "someone changed the same words on " + edit.branch + " since " +
                                                         againstId.substr(0, 8) + ": nothing was written; compare both "
                                                         "versions and redo the change on " + head.shortId);
                result = std::move(merged.merged);
                resultDoc.reset();
            }
        }
        const std::string resultBlob = detail::blobIdOf(result);
        if (resultBlob == *headBlob) return EditResult{head, false, moved};
        try {
            EditResult done{commitTo(edit.branch, head.id, {{edit.path, result}}, edit.message, edit.author), true, moved};
            if (resultDoc) detail::rememberParsed(resultBlob, std::move(resultDoc));
            return done;
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::Conflict || attempt == 4 || resolve("refs/heads/" + edit.branch).id == head.id) throw;
        }
    }
}

} // namespace accord::workspace
