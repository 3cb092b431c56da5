#pragma once

#include "accord/workspace/document.hpp"

#include <Poco/JSON/Object.h>

/// The one JSON form of the document model, shared by every route of the server's API
/// (and by anything else that prints the model as JSON). Written objects keep their keys
/// in the order below; `line` fields are never written. Strings are UTF-8 as they are:
/// stringify without JSON_ESCAPE_UNICODE and Hangul comes out as Hangul, markup as data.
///
///     SUBMISSION  {"id", "lang", "version", "meta": META, "sections": [SECTION, ...]}
///     META        {"titles": [LANGTEXT, ...], "process"?, "processKind"?, "addressees": [string, ...],
///                  "deadline"?, "profile"?, "coalition"?: [{"org", "role"?}, ...]}
///     SECTION     {"id", "number"?, "headings": [LANGTEXT, ...], "intro"?: BLOCK,
///                  and with content "recommendations": [RECOMMENDATION, ...], "sections": [SECTION, ...]}
///     RECOMMENDATION
///                 {"id", "number"?, "status"?, "priority"?, "titles": [LANGTEXT, ...],
///                  "texts": [BLOCK, ...], "rationales": [BLOCK, ...], "addressees": [string, ...],
///                  "refs": [{"kind"?, "text"}, ...], "endorsements": [org id, ...],
///                  "responses": [{"round", "from", "position"?, "paragraphs": [PARAGRAPH, ...]}, ...]}
///     LANGTEXT    {"lang": "ko", "text": "..."}
///     BLOCK       {"lang": "en", "paragraphs": [PARAGRAPH, ...]}   (an intro's "lang" is optional)
///     PARAGRAPH   [INLINE, ...]
///     INLINE      "text" | {"em": [INLINE, ...]} | {"strong": [...]} | {"note": [...]}
///                 | {"link": [INLINE, ...], "href": "https://..."}
///
/// A key marked `?` is left out when the value is absent or empty. "number" is the part's
/// number as `walk()` gives it ("2.3"), for display; only a whole document knows it, so a
/// part written alone has none. Reading takes the same shape: lists of a recommendation
/// may be left out (then they are empty), other keys not marked `?` are required, "number"
/// and a section's "recommendations" and "sections" are ignored, and any other key is refused.
namespace accord::server {

/// The whole document, every section and recommendation with its number.
[[nodiscard]] Poco::JSON::Object::Ptr toJson(const workspace::Submission& doc);
/// One recommendation, without a number.
[[nodiscard]] Poco::JSON::Object::Ptr toJson(const workspace::Recommendation& rec);
/// A section's own fields; with `withContent` its recommendations and subsections too. No numbers.
[[nodiscard]] Poco::JSON::Object::Ptr toJson(const workspace::Section& section, bool withContent);

/// A recommendation from the JSON a client sent (the shape toJson writes; "number" ignored).
/// Throws workspace::Error(ErrorKind::Invalid) whose message names the JSON path of the bad
/// field and what was expected, e.g. `recommendation.texts[1].paragraphs[0][2]: "href" must be a string`.
/// Inline elements nested deeper than 20 levels are refused.
[[nodiscard]] workspace::Recommendation recommendationFromJson(const Poco::JSON::Object& json);
/// A section's own fields (id, headings, intro) from JSON; its children are never read from JSON.
/// Throws like recommendationFromJson, with paths that start at `section`.
[[nodiscard]] workspace::Section sectionFromJson(const Poco::JSON::Object& json);

} // namespace accord::server
