#pragma once

/// JSON in and out of HTTP routes, the same for the host's routes and every
/// plugin's: include in the sources that define routes, never in a header.

#include "accord/plugin/api.hpp"
#include "accord/workspace/error.hpp"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Exception.h>

#include <regex>
#include <sstream>
#include <stdexcept>

namespace accord::plugin::http {

/// A failure of the request itself rather than of the workspace: a status the
/// error kinds do not name (400 malformed, 401, 412, 413, 415, 428) and its message.
class Problem : public std::runtime_error {
public:
    /// `message` in English and, for readers of Korean, `korean` (English when empty).
    Problem(int status, const std::string& message, std::string korean = {})
        : std::runtime_error(message), status_(status), korean_(std::move(korean)) {}
    [[nodiscard]] int status() const noexcept { return status_; }
    /// The message in `lang` ("ko" or "en").
    [[nodiscard]] std::string message(std::string_view lang) const { return lang == "ko" && !korean_.empty() ? korean_ : what(); }

private:
    int status_;
    std::string korean_;
};

/// The commit an edit was made against, from If-Match: required (428 without it),
/// so no change is ever applied to a version its author did not see.
[[nodiscard]] inline std::string ifMatch(const RouteContext& ctx)
{
    auto value = ctx.header("If-Match");
    if (!value) throw Problem(428, "say which version you edited: If-Match with the draft's commit (its ETag)",
                               "어느 판을 고쳤는지 If-Match에 초안의 커밋(ETag)으로 알려 주세요");
    std::string id = *value;
    if (id.size() >= 2 && id.front() == '"' && id.back() == '"') id = id.substr(1, id.size() - 2);
    static const std::regex hex("[0-9a-f]{40}");
    if (!std::regex_match(id, hex)) throw Problem(400, "If-Match must be a commit id (40 hex digits), as the ETag gave it",
                                                       "If-Match는 ETag로 받은 커밋 id(16진수 40자리)여야 합니다");
    return id;
}

/// An object whose keys keep the order they were set in, so answers read alike every time.
[[nodiscard]] inline Poco::JSON::Object::Ptr object()
{
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

/// A JSON answer; Korean stays UTF-8, markup in user text stays data.
[[nodiscard]] inline HttpResponse json(const Poco::Dynamic::Var& value, int status = 200)
{
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(value, out);
    HttpResponse r;
    r.status = status;
    r.body = out.str();
    return r;
}

/// `r` naming the commit it read or made (ETag), which the next edit names in If-Match.
[[nodiscard]] inline HttpResponse withEtag(HttpResponse r, const std::string& commit)
{
    r.headers.emplace_back("ETag", "\"" + commit + "\"");
    return r;
}

/// The request body as a JSON object; Error(Invalid) saying what is wrong otherwise.
[[nodiscard]] inline Poco::JSON::Object::Ptr bodyObject(const RouteContext& ctx)
{
    if (ctx.body().empty()) throw workspace::Error(workspace::ErrorKind::Invalid, "the request needs a JSON object as its body");
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser;
        parsed = parser.parse(ctx.body());
    } catch (const Poco::Exception& e) {
        throw workspace::Error(workspace::ErrorKind::Invalid, "the request body is not valid JSON: " + e.message());
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
        throw workspace::Error(workspace::ErrorKind::Invalid, "the request body must be a JSON object");
    return parsed.extract<Poco::JSON::Object::Ptr>();
}

/// A string member; Error(Invalid) naming it when it is missing (and `required`) or not a string.
[[nodiscard]] inline std::string stringField(const Poco::JSON::Object& o, const std::string& key, bool required = true)
{
    if (!o.has(key) || o.isNull(key)) {
        if (required) throw workspace::Error(workspace::ErrorKind::Invalid, "the request needs \"" + key + "\"");
        return {};
    }
    const Poco::Dynamic::Var v = o.get(key);
    if (!v.isString()) throw workspace::Error(workspace::ErrorKind::Invalid, "\"" + key + "\" must be a string");
    return v.extract<std::string>();
}

/// A boolean member (false when absent); Error(Invalid) when it is not a boolean.
[[nodiscard]] inline bool boolField(const Poco::JSON::Object& o, const std::string& key)
{
    if (!o.has(key) || o.isNull(key)) return false;
    const Poco::Dynamic::Var v = o.get(key);
    if (v.type() != typeid(bool)) throw workspace::Error(workspace::ErrorKind::Invalid, "\"" + key + "\" must be true or false");
    return v.extract<bool>();
}

} // namespace accord::plugin::http
