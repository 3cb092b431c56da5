#include "parsed_documents.hpp"

#include "accord/workspace/workspace.hpp"
#include "git_util.hpp"

#include <list>
#include <mutex>
#include <set>

namespace accord::workspace {

namespace detail {

namespace {

class ParsedDocuments {
public:
    std::shared_ptr<const Submission> find(const std::string& blob)
    {
        std::lock_guard lock(mutex_);
        for (auto it = entries_.begin(); it != entries_.end(); ++it)
            if (it->first == blob) {
                entries_.splice(entries_.begin(), entries_, it);
                return entries_.front().second;
            }
        return nullptr;
    }
    std::shared_ptr<const Submission> add(const std::string& blob, std::shared_ptr<const Submission> doc)
    {
        std::lock_guard lock(mutex_);
        entries_.emplace_front(blob, std::move(doc));
        if (entries_.size() <= kEntries) return nullptr;
        auto evicted = std::move(entries_.back().second);
        entries_.pop_back();
        return evicted;
    }

private:
    static constexpr std::size_t kEntries = 16;
    std::mutex mutex_;
    std::list<std::pair<std::string, std::shared_ptr<const Submission>>> entries_;
};

ParsedDocuments& parsedDocuments()
{
    static ParsedDocuments cache;
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
