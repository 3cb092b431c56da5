#include "accord/workspace/history.hpp"

#include "xml_util.hpp"

#include <pugixml.hpp>

#include <set>

namespace accord::workspace {

std::map<std::string, Submission> parseSnapshot(const Snapshot& snap)
{
    std::map<std::string, Submission> out;
    for (const auto& [path, bytes] : snap.documents) {
        try {
            out.emplace(path, parseSubmission(bytes, path));
        } catch (const Error&) {
            // A file committed with plain git may not parse; history goes on without it.
        }
    }
    return out;
}

std::vector<DocumentDiff> diffSnapshots(const Snapshot& before, const Snapshot& after)
{
    std::set<std::string> paths;
    for (const auto& [p, bytes] : before.documents) paths.insert(p);
    for (const auto& [p, bytes] : after.documents) paths.insert(p);
    auto a = parseSnapshot(before);
    auto b = parseSnapshot(after);
    std::vector<DocumentDiff> out;
    for (const auto& path : paths) {
        auto ba = before.documents.find(path);
        auto bb = after.documents.find(path);
        if (ba != before.documents.end() && bb != after.documents.end() && ba->second == bb->second) continue;
        auto da = a.find(path);
        auto db = b.find(path);
        const bool inA = ba != before.documents.end();
        const bool inB = bb != after.documents.end();
        if ((inA && da == a.end()) || (inB && db == b.end())) {
            // One version does not parse (conflicts, or a file broken with another tool).
            DocumentDiff diff;
            diff.path = path;
            const std::string& bytes = inB && db == b.end() ? bb->second : ba->second;
            try {
                (void)parseSubmission(bytes, path);
            } catch (const Error& e) {
                diff.unreadable = e.what();
            }
            if (bytes.find("<conflict") != std::string::npos)
                diff.unreadable = "it holds unresolved conflicts (accord conflicts lists them)";
            out.push_back(std::move(diff));
            continue;
        }
        auto diff = diffSubmissions(da == a.end() ? nullptr : &da->second, db == b.end() ? nullptr : &db->second, path);
        if (!diff.empty()) out.push_back(std::move(diff));
    }
    return out;
}

namespace {

/// A document that still holds conflicts, read as the branch it was merged into had
/// it: every conflict replaced by its "ours" alternative (an attribute by our value).
/// A recommendation's history then goes on through a conflicted merge and its resolution.
std::optional<Submission> parseOursView(const std::string& bytes, const std::string& path)
{
    pugi::xml_document doc;
    if (!doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8))
        return std::nullopt;
    std::vector<pugi::xml_node> conflicts;
    for (const auto& hit : doc.select_nodes("//*[local-name()='conflict']")) conflicts.push_back(hit.node());
    for (auto c : conflicts) {
        auto parent = c.parent();
        auto ours = c.child("ours");
        if (auto attribute = c.attribute("attribute")) {
            parent.remove_attribute(attribute.value());
            if (ours && *ours.text().get()) parent.append_attribute(attribute.value()) = ours.text().get();
        } else if (ours) {
            for (auto k : ours.children()) parent.insert_copy_before(k, c);
        }
        parent.remove_child(c);
    }
    try {
        return parseSubmission(detail::saveCanonical(doc), path);
    } catch (const Error&) {
        return std::nullopt;
    }
}

/// parseSnapshot, with documents that hold conflicts read as their ours view.
std::map<std::string, Submission> parseForHistory(const Snapshot& snap)
{
    std::map<std::string, Submission> out = parseSnapshot(snap);
    for (const auto& [path, bytes] : snap.documents)
        if (!out.count(path) && bytes.find("<conflict") != std::string::npos)
            if (auto view = parseOursView(bytes, path)) out.emplace(path, std::move(*view));
    return out;
}

/// Where the part sits in a parsed snapshot: its document, or empty.
std::string holder(const std::map<std::string, Submission>& docs, std::string_view id)
{
    for (const auto& [path, doc] : docs)
        if (doc.findRecommendation(id) || doc.findSection(id)) return path;
    return {};
}

} // namespace

std::vector<PartHistoryEntry> partHistory(const Workspace& ws, std::string_view id, std::string_view rev)
{
    std::vector<PartHistoryEntry> out;
    // The walk usually visits a commit right after its child: reuse the child's parse of it.
    std::string cachedId;
    std::map<std::string, Submission> cached;
    for (const auto& commit : ws.log(rev)) {
        auto now = commit.id == cachedId ? std::move(cached) : parseForHistory(ws.snapshot(commit.id));
        std::map<std::string, Submission> then;
        if (!commit.parents.empty()) then = parseForHistory(ws.snapshot(commit.parents.front()));
        cachedId = commit.parents.empty() ? "" : commit.parents.front();
        cached = then;
        std::string pathNow = holder(now, id);
        std::string pathThen = holder(then, id);
        if (pathNow.empty() && pathThen.empty()) continue;

        const Submission* a = pathThen.empty() ? nullptr : &then.at(pathThen);
        const Submission* b = pathNow.empty() ? nullptr : &now.at(pathNow);
        std::optional<PartChange> change;
        if (a && b && pathThen == pathNow) {
            change = findChange(diffSubmissions(a, b, pathNow), id);
        } else {
            // Added, removed, or carried to another document: report each side on its own.
            if (b) change = findChange(diffSubmissions(nullptr, b, pathNow), id);
            if (a && !b) change = findChange(diffSubmissions(a, nullptr, pathThen), id);
            if (a && b && change) {
                change->added = false;
                change->moved = true;
                change->fromParent = pathThen;
            }
        }
        if (change) out.push_back(PartHistoryEntry{commit, pathNow.empty() ? pathThen : pathNow, *change});
    }
    return out;
}

std::map<std::string, CommitInfo> lastChanges(const Workspace& ws, const std::string& path, std::string_view from,
                                              std::string_view to)
{
    auto parsed = [&](const std::optional<std::string>& bytes) -> std::optional<Submission> {
        if (!bytes) return std::nullopt;
        try {
            return parseSubmission(*bytes, path);
        } catch (const Error&) {
            return parseOursView(*bytes, path);
        }
    };
    // The parts a commit changed against one of its parents.
    auto changedSince = [&](const std::optional<std::string>& now, const std::optional<Submission>& b,
                            const std::string& parent) {
        std::set<std::string> ids;
        std::optional<std::string> then;
        if (!parent.empty()) then = ws.fileAt(parent, path);
        if (now == then) return ids;
        const auto a = parsed(then);
        for (const auto& change : diffSubmissions(a ? &*a : nullptr, b ? &*b : nullptr, path).changes)
            ids.insert(change.part == PartChange::Part::Meta ? std::string() : change.id);
        return ids;
    };
    std::map<std::string, CommitInfo> out;
    for (const auto& commit : ws.log(to, 0, from)) {
        const auto now = ws.fileAt(commit.id, path);
        const auto b = parsed(now);
        std::set<std::string> ids;
        if (commit.parents.empty()) {
            ids = changedSince(now, b, {});
        } else {
            // A merge made only what differs from every parent (a conflict settled, say);
            // the rest came with the commits it joined, which name their own authors.
            ids = changedSince(now, b, commit.parents.front());
            for (std::size_t i = 1; i < commit.parents.size() && !ids.empty(); ++i) {
                const auto other = changedSince(now, b, commit.parents[i]);
                std::erase_if(ids, [&](const std::string& id) { return !other.count(id); });
            }
        }
        for (const auto& id : ids) out.try_emplace(id, commit);
    }
    return out;
}

} // namespace accord::workspace
