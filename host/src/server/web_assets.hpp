#pragma once

// The browser interface as the binary carries it: the files web/build.mjs wrote,
// embedded at build time, so `accord serve` reads no file to serve a page.

#include <span>
#include <string_view>

namespace accord::server {

/// One built file of the web interface.
struct WebAsset {
    std::string_view bytes;        ///< the file as built
    std::string_view gzip;         ///< the same, gzipped at build time
    std::string_view contentType;  ///< with its charset, e.g. "text/javascript; charset=utf-8"
    std::string_view etag;         ///< from a hash of `bytes`, as the ETag header carries it; weak, as both encodings share it
};

/// The built file `name` (`index.html`, `app.js`, `app.css`), or null when the
/// binary carries none of that name.
[[nodiscard]] const WebAsset* webAsset(std::string_view name);

namespace detail {

/// A file as embedded by the generated web_assets_embedded.cpp.
struct EmbeddedFile {
    std::string_view name, bytes, gzip;
};

[[nodiscard]] std::span<const EmbeddedFile> embeddedWebFiles();

} // namespace detail

} // namespace accord::server
