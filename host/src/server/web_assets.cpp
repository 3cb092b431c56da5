#include "server/web_assets.hpp"

#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace accord::server {

namespace {

std::string_view contentTypeOf(std::string_view name)
{
    struct Type {
        std::string_view extension, type;
    };
    static constexpr Type types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
    };
    for (const auto& t : types)
        if (name.ends_with(t.extension)) return t.type;
    return "application/octet-stream";
}

/// The embedded files by name, each with its ETag, made on first use.
class AssetTable {
public:
    AssetTable()
    {
        const auto files = detail::embeddedWebFiles();
        etags_.reserve(files.size());  // the views below point into these strings
        for (const auto& f : files) {
            // A validator, not a defence: the standard library's hash of the content is enough.
            char hex[17];
            std::snprintf(hex, sizeof hex, "%016zx", std::hash<std::string_view>{}(f.bytes));
            etags_.push_back("W/\"" + std::string(hex) + "\"");
            byName_[f.name] = WebAsset{f.bytes, f.gzip, contentTypeOf(f.name), etags_.back()};
        }
    }

    const WebAsset* find(std::string_view name) const
    {
        auto it = byName_.find(name);
        return it == byName_.end() ? nullptr : &it->second;
    }

private:
    std::vector<std::string> etags_;
    std::map<std::string_view, WebAsset, std::less<>> byName_;
};

} // namespace

const WebAsset* webAsset(std::string_view name)
{
    static const AssetTable table;
    return table.find(name);
}

} // namespace accord::server
