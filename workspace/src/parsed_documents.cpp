#include "parsed_documents.hpp"

#include "accord/workspace/content_cache.hpp"
#include "accord/workspace/workspace.hpp"
#include "git_util.hpp"

#include <mutex>
#include <set>

namespace accord::workspace {

namespace detail {

namespace {

ContentCache<Submission>& parsedDocuments()
{
    static ContentCache<Submission> cache(16);
    return cache;
}

} // namespace

std::shared_ptr<const Submission> findParsed(const std::string& blob)
{
    return parsedDocuments().find(blob);
}

std::shared_ptr<const Submission> rememberParsed(const std::string& blob, std::shared_ptr<const Submission> doc)
{
    return parsedDocuments().add(blob, std::move(doc));
}

namespace {

struct ValidDocuments {
    static constexpr std::size_t kEntries = 4096;
    std::mutex mutex;
    std::set<std::string> keys;
};

ValidDocuments& validDocuments()
{
    static ValidDocuments known;
    return known;
}

} // namespace

bool knownValid(const std::string& key)
{
    auto& known = validDocuments();
    std::lock_guard lock(known.mutex);
    return known.keys.count(key) > 0;
}

void rememberValid(const std::string& key)
{
    auto& known = validDocuments();
    std::lock_guard lock(known.mutex);
    if (known.keys.size() >= ValidDocuments::kEntries) known.keys.clear();
    known.keys.insert(key);
}

std::string blobIdOf(std::string_view bytes)
{
    git_oid id;
    check(git_odb_hash(&id, bytes.data(), bytes.size(), GIT_OBJECT_BLOB), "cannot hash a document");
    return oidHex(id);
}

} // namespace detail

std::shared_ptr<const Submission> Workspace::parsedAt(std::string_view rev, std::string_view path) const
{
    const auto blob = blobAt(rev, path);
    if (!blob) return nullptr;
    if (auto kept = detail::findParsed(*blob)) return kept;
    auto doc = std::make_shared<const Submission>(parseSubmission(*fileAt(rev, path), path));
    detail::rememberParsed(*blob, doc);
    return doc;
}

} // namespace accord::workspace
