#pragma once

// What is made from content a git id names (a document's blob, accord.xml's),
// kept for the last few asked for, for the threads of one process: the same id
// always names the same bytes, so nothing kept is ever stale.

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace accord::workspace {

template <typename T>
class ContentCache {
public:
    explicit ContentCache(std::size_t capacity) : capacity_(capacity) {}

    /// What is kept for `id`, or null.
    [[nodiscard]] std::shared_ptr<const T> find(const std::string& id)
    {
        std::lock_guard lock(mutex_);
        for (auto it = entries_.begin(); it != entries_.end(); ++it)
            if (it->first == id) {
                entries_.splice(entries_.begin(), entries_, it);
                return entries_.front().second;
            }
        return nullptr;
    }

    /// Keeps `value` for `id`; returns what is no longer kept, for the caller to
    /// free where it costs no one a wait.
    std::shared_ptr<const T> add(const std::string& id, std::shared_ptr<const T> value)
    {
        std::lock_guard lock(mutex_);
        entries_.emplace_front(id, std::move(value));
        if (entries_.size() <= capacity_) return nullptr;
        auto evicted = std::move(entries_.back().second);
        entries_.pop_back();
        return evicted;
    }

    /// What is kept for `id`, else `make()` kept and returned (made outside the lock).
    template <typename Make>
    std::shared_ptr<const T> get(const std::string& id, Make&& make)
    {
        if (auto kept = find(id)) return kept;
        auto made = std::make_shared<const T>(make());
        (void)add(id, made);
        return made;
    }

private:
    std::size_t capacity_;
    std::mutex mutex_;
    std::list<std::pair<std::string, std::shared_ptr<const T>>> entries_;
};

} // namespace accord::workspace
