// The merge plugin's HTTP routes: merge one draft into another, list a
// document's conflicts, settle one. The same engine as `accord merge`,
// `conflicts` and `resolve`; the host authenticates and checks access.

#include "conflicts.hpp"
#include "merge_routes.hpp"

#include "accord/plugin/http.hpp"
#include "accord/workspace/merge.hpp"
#include "accord/workspace/strings.hpp"
#include "accord/workspace/workspace.hpp"

namespace accord::merge {

namespace {

using namespace accord::workspace;
using plugin::Access;
using plugin::HttpResponse;
using plugin::RouteContext;
namespace http = plugin::http;

Poco::JSON::Object::Ptr conflictJson(const ConflictInfo& c)
{
    auto o = http::object();
    o->set("id", c.id);
    o->set("line", c.line);
    o->set("where", c.where);
    if (!c.attribute.empty()) o->set("attribute", c.attribute);
    o->set("base", c.base);
    o->set("ours", c.ours);
    o->set("theirs", c.theirs);
    o->set("oursLabel", c.oursLabel);
    o->set("theirsLabel", c.theirsLabel);
    if (!c.oursSentence.empty()) {
        o->set("baseSentence", c.baseSentence);
        o->set("oursSentence", c.oursSentence);
        o->set("theirsSentence", c.theirsSentence);
    }
    o->set("editable", !c.editable.empty());
    return o;
}

std::string documentPathOf(const RouteContext& ctx)
{
    return Workspace::documentPath(ctx.param("doc"));
}

} // namespace

std::vector<plugin::Route> routes(DocumentMerger merger)
{
    return {
        {"POST", "/api/v1/drafts/{draft}/merge", Access::Drafter,
         "Merge another draft (or main) into this one: {from}; conflicts are committed on the draft to resolve",
         [merger](RouteContext& ctx) {
             const std::string target = "draft/" + ctx.param("draft");
             ctx.requireWritable(target);
             auto body = http::bodyObject(ctx);
             const std::string from = http::stringField(*body, "from");
             auto& ws = ctx.workspace();
             const User& user = ctx.requireUser();
             const std::string against = http::ifMatch(ctx);
             MergePlan plan = ws.planMerge(from, target, merger);
             if (plan.targetCommit != against)
                 throw http::Problem(412, target + " moved on since " + against.substr(0, 8) + ": read it again",
                                     target + "이(가) " + against.substr(0, 8) + " 이후 바뀌었습니다: 다시 읽어 주세요");
             auto o = http::object();
             o->set("upToDate", plan.upToDate);
             o->set("conflicts", plan.conflicts);
             if (plan.upToDate) {
                 o->set("commit", plan.targetCommit);
                 return http::json(o);
             }
             const CommitInfo commit = ws.applyMerge(plan, Signature{user.name, user.email});
             o->set("commit", commit.id);
             return http::withEtag(http::json(o), commit.id);
         }},
        {"GET", "/api/v1/drafts/{draft}/documents/{doc}/conflicts", Access::Reader,
         "The conflicts a merge left in a document of a draft: base, ours and theirs of each",
         [](RouteContext& ctx) {
             auto& ws = ctx.workspace();
             const CommitInfo head = ws.resolve("refs/heads/draft/" + ctx.param("draft"));
             const auto bytes = ws.fileAt(head.id, documentPathOf(ctx));
             if (!bytes) throw Error(ErrorKind::NotFound, "no document \"" + ctx.param("doc") + "\" on draft " + ctx.param("draft"));
             Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
             for (const auto& c : listConflicts(*bytes)) list->add(conflictJson(c));
             return http::withEtag(http::json(list), head.id);
         }},
        {"POST", "/api/v1/drafts/{draft}/documents/{doc}/conflicts/{conflict}", Access::Drafter,
         "Settle one conflict: {take: ours|theirs|base|both} or {text} (If-Match: the draft's commit)",
         [](RouteContext& ctx) {
             const std::string branch = "draft/" + ctx.param("draft");
             ctx.requireWritable(branch);
             auto body = http::bodyObject(ctx);
             const std::string take = http::stringField(*body, "take", false);
             const std::string text = http::stringField(*body, "text", false);
             if (take.empty() == text.empty()) throw Error(ErrorKind::Invalid, "say how: \"take\" (ours, theirs, base, both) or \"text\"");
             const std::string against = http::ifMatch(ctx);
             auto& ws = ctx.workspace();
             const std::string path = documentPathOf(ctx);
             const auto bytes = ws.fileAt(against, path);
             if (!bytes) throw Error(ErrorKind::NotFound, "no document \"" + ctx.param("doc") + "\" at " + against.substr(0, 8));
             const std::string resolved = take.empty() ? resolveConflictWith(*bytes, path, ctx.param("conflict"), text)
                                                       : resolveConflict(*bytes, path, ctx.param("conflict"), take);
             const User& user = ctx.requireUser();
             const CommitInfo commit = ws.commitTo(branch, against, {{path, resolved}},
                                                   "Resolve conflict " + ctx.param("conflict") + " in " + path,
                                                   Signature{user.name, user.email}, true);
             auto o = http::object();
             o->set("commit", commit.id);
             o->set("left", static_cast<int>(listConflicts(resolved).size()));
             return http::withEtag(http::json(o), commit.id);
         }},
    };
}

} // namespace accord::merge
