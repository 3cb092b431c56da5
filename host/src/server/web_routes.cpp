// The web interface's routes: its built files under /assets/, and index.html for
// every other address outside /api/, a single-page app that shows the page (or
// its own "not found"). They carry no data, so they are public: the API decides
// who reads what.

#include "server/server_context.hpp"
#include "server/web_assets.hpp"

#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/String.h>

namespace accord::server {

namespace {

using plugin::Access;
using plugin::HttpResponse;
using plugin::Route;
using plugin::RouteContext;
using workspace::Error;
using workspace::ErrorKind;

/// Whether Accept-Encoding names gzip without refusing it (q=0).
bool acceptsGzip(const std::string& acceptEncoding)
{
    std::vector<std::string> codings;
    Poco::Net::MessageHeader::splitElements(acceptEncoding, codings);
    for (const auto& c : codings) {
        std::string coding;
        Poco::Net::NameValueCollection params;
        Poco::Net::MessageHeader::splitParameters(c, coding, params);
        if (Poco::icompare(coding, "gzip") != 0 && Poco::icompare(coding, "x-gzip") != 0) continue;
        return params.get("q", "1").find_first_not_of("0.") != std::string::npos;
    }
    return false;
}

/// Whether If-None-Match names `etag` (compared weakly, as RFC 9110 says) or is `*`.
bool holdsAlready(const std::optional<std::string>& ifNoneMatch, std::string_view etag)
{
    if (!ifNoneMatch) return false;
    const auto opaque = [](std::string_view tag) { return tag.starts_with("W/") ? tag.substr(2) : tag; };
    std::vector<std::string> tags;
    Poco::Net::MessageHeader::splitElements(*ifNoneMatch, tags);
    for (const auto& t : tags)
        if (t == "*" || opaque(t) == opaque(etag)) return true;
    return false;
}

/// The embedded file `name` as this client should get it: gzipped when it takes
/// gzip, 304 when it holds this version already; revalidated on every use.
HttpResponse assetAnswer(const RouteContext& ctx, const std::string& name)
{
    const WebAsset* asset = webAsset(name);
    if (!asset) throw Error(ErrorKind::NotFound, "no such asset: " + name);
    HttpResponse r;
    r.contentType = asset->contentType;
    r.headers = {{"ETag", std::string(asset->etag)}, {"Cache-Control", "no-cache"}, {"Vary", "Accept-Encoding"}};
    if (holdsAlready(ctx.header("If-None-Match"), asset->etag)) {
        r.status = 304;
    } else if (acceptsGzip(ctx.header("Accept-Encoding").value_or(""))) {
        r.body = asset->gzip;
        r.headers.emplace_back("Content-Encoding", "gzip");
    } else {
        r.body = asset->bytes;
    }
    return r;
}

} // namespace

std::vector<Route> webRoutes()
{
    return {
        {"GET", "/assets/{name}", Access::Public, "A file of the web interface (gzip when accepted; ETag, If-None-Match)",
         [](RouteContext& ctx) { return assetAnswer(ctx, ctx.param("name")); }},
        {"GET", "/{path*}", Access::Public, "Any other address outside /api/: the web interface, which shows the page",
         [](RouteContext& ctx) {
             if (ctx.param("path").starts_with("assets/"))
                 throw Error(ErrorKind::NotFound, "no such asset: /" + ctx.param("path"));
             return assetAnswer(ctx, "index.html");
         }},
    };
}

} // namespace accord::server
