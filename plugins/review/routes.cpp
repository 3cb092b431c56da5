// The review plugin's HTTP routes. Each calls the same actions as the CLI's
// commands (actions.hpp); the host authenticates, checks the route's access and
// maps errors.

#include "actions.hpp"

#include "accord/plugin/http.hpp"

#include <set>

namespace accord::review {

namespace {

using namespace accord::workspace;
using plugin::Access;
using plugin::HttpResponse;
using plugin::RouteContext;
namespace http = plugin::http;

Poco::JSON::Object::Ptr eventJson(const Event& e)
{
    auto o = http::object();
    o->set("seq", e.seq);
    o->set("type", std::string(toString(e.type)));
    o->set("user", e.user);
    o->set("record", e.record);
    o->set("time", e.time);
    if (e.type == EventType::Review) o->set("verdict", std::string(toString(e.verdict)));
    if (!e.commit.empty()) o->set("commit", e.commit);
    if (!e.message.empty()) o->set("message", e.message);
    if (!e.on.empty()) o->set("on", e.on);
    if (!e.quote.empty()) o->set("quote", e.quote);
    if (!e.lang.empty()) o->set("lang", e.lang);
    if (!e.thread.empty()) o->set("thread", e.thread);
    if (!e.merge.empty()) o->set("merge", e.merge);
    return o;
}

Poco::JSON::Object::Ptr summaryJson(const Proposal& p)
{
    auto o = http::object();
    o->set("id", p.id);
    o->set("label", p.label());
    o->set("title", p.title);
    o->set("from", p.from);
    o->set("into", p.into);
    o->set("author", p.author);
    o->set("state", std::string(toString(p.state)));
    int approvals = 0;
    for (const auto& [user, e] : p.verdicts()) approvals += e->verdict == Verdict::Approve;
    o->set("approvals", approvals);
    return o;
}

/// The policy's verdict: what stops the landing, and who must still approve, by
/// organisation and by name.
Poco::JSON::Object::Ptr evaluationJson(const Evaluation& ev)
{
    auto o = http::object();
    o->set("ready", ev.ok());
    Poco::JSON::Array::Ptr missing = new Poco::JSON::Array;
    for (const auto& m : ev.missing) missing->add(m);
    o->set("missing", missing);
    std::set<std::string> consented;
    Poco::JSON::Array::Ptr verdicts = new Poco::JSON::Array;
    for (const auto& v : ev.verdicts) {
        auto j = http::object();
        j->set("user", v.event.user);
        j->set("org", v.org);
        j->set("verdict", std::string(toString(v.event.verdict)));
        j->set("current", v.current);
        j->set("counts", v.counts);
        if (!v.note.empty()) j->set("note", v.note);
        verdicts->add(j);
        if (v.counts) consented.insert(v.org);
    }
    o->set("verdicts", verdicts);
    Poco::JSON::Array::Ptr waiting = new Poco::JSON::Array;
    for (const auto& [org, reasons] : ev.consent.needed) {
        if (consented.count(org)) continue;
        auto j = http::object();
        j->set("org", org);
        Poco::JSON::Array::Ptr why = new Poco::JSON::Array;
        for (const auto& r : reasons) why->add(r);
        j->set("why", why);
        Poco::JSON::Array::Ptr people = new Poco::JSON::Array;
        for (const auto& u : ev.config.users)
            if (u.org == org && (u.hasRole("reviewer") || u.hasRole("admin"))) {
                auto pj = http::object();
                pj->set("id", u.id);
                pj->set("name", u.name);
                people->add(pj);
            }
        j->set("reviewers", people);
        waiting->add(j);
    }
    o->set("awaiting", waiting);
    if (ev.policy) {
        Poco::JSON::Array::Ptr landBy = new Poco::JSON::Array;
        for (const auto& r : ev.policy->landBy) landBy->add(r);
        o->set("landBy", landBy);
    }
    return o;
}

Proposal proposalNamed(RouteContext& ctx)
{
    return loadProposal(ctx.workspace(), findProposal(ctx.workspace(), ctx.param("id")));
}

ReviewRequest::Kind kindNamed(const std::string& name)
{
    using Kind = ReviewRequest::Kind;
    if (name == "approve") return Kind::Approve;
    if (name == "request-changes") return Kind::RequestChanges;
    if (name == "comment") return Kind::Comment;
    if (name == "withdraw") return Kind::Withdraw;
    if (name == "resolve") return Kind::Resolve;
    throw Error(ErrorKind::Invalid, "\"verdict\" is approve, request-changes, comment, withdraw or resolve, not \"" + name + "\"");
}

} // namespace

std::vector<plugin::Route> routes()
{
    return {
        {"GET", "/api/v1/proposals", Access::Reader, "The proposals, oldest first (?state=open|landed|closed)",
         [](RouteContext& ctx) {
             const auto state = ctx.query("state");
             std::optional<ProposalState> only;
             if (state && !state->empty()) {
                 only = stateNamed(*state);
                 if (!only) throw Error(ErrorKind::Invalid, "state is open, landed or closed");
             }
             Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
             for (const auto& id : proposalIds(ctx.workspace())) {
                 const Proposal p = loadProposal(ctx.workspace(), id);
                 if (!only || p.state == *only) list->add(summaryJson(p));
             }
             return http::json(list);
         }},
        {"POST", "/api/v1/proposals", Access::Drafter, "Propose a draft: {title, from, into?, description?}",
         [](RouteContext& ctx) {
             auto body = http::bodyObject(ctx);
             auto& ws = ctx.workspace();
             const std::string from = branchOf(ws, http::stringField(*body, "from"));
             std::string into = http::stringField(*body, "into", false);
             into = branchOf(ws, into.empty() ? "main" : into);
             const std::string id = propose(ws, ctx.requireUser(), http::stringField(*body, "title"),
                                            http::stringField(*body, "description", false), from, into);
             return http::json(summaryJson(loadProposal(ws, id)), 201);
         }},
        {"GET", "/api/v1/proposals/{id}", Access::Reader,
         "A proposal: its records and, while open, what its policy still needs",
         [](RouteContext& ctx) {
             const Proposal p = proposalNamed(ctx);
             auto o = summaryJson(p);
             o->set("description", p.description);
             Poco::JSON::Array::Ptr events = new Poco::JSON::Array;
             for (const auto& e : p.events) events->add(eventJson(e));
             o->set("events", events);
             if (p.state == ProposalState::Open) {
                 const plugin::Merger* merger = ctx.findMerger();
                 o->set("policy", evaluationJson(evaluate(ctx.workspace(), p, merger ? &merger->merge : nullptr)));
             }
             return http::json(o);
         }},
        {"POST", "/api/v1/proposals/{id}/reviews", Access::Reader,
         "Comment (on a recommendation, a quote) or resolve a thread, as anyone signed in; approve, request changes "
         "or withdraw, as a reviewer",
         [](RouteContext& ctx) {
             auto body = http::bodyObject(ctx);
             const Proposal p = proposalNamed(ctx);
             ReviewRequest request;
             request.kind = kindNamed(http::stringField(*body, "verdict"));
             request.message = http::stringField(*body, "message", false);
             request.on = http::stringField(*body, "on", false);
             request.quote = http::stringField(*body, "quote", false);
             request.lang = http::stringField(*body, "lang", false);
             if (body->has("thread")) {
                 const auto v = body->get("thread");
                 if (!v.isInteger()) throw Error(ErrorKind::Invalid, "\"thread\" must be a thread's number");
                 request.thread = v.convert<int>();
             }
             const Event e = review(ctx.workspace(), ctx.requireUser(), p, request);
             auto o = http::object();
             o->set("proposal", p.id);
             o->set("type", std::string(toString(e.type)));
             if (e.type == EventType::Review) o->set("verdict", std::string(toString(e.verdict)));
             if (!e.commit.empty()) o->set("commit", e.commit);
             return http::json(o, 201);
         }},
        {"POST", "/api/v1/proposals/{id}/close", Access::Drafter, "Close a proposal without landing it (its author or an admin)",
         [](RouteContext& ctx) {
             const Proposal p = proposalNamed(ctx);
             closeProposal(ctx.workspace(), ctx.requireUser(), p);
             return http::json(summaryJson(loadProposal(ctx.workspace(), p.id)));
         }},
        {"GET", "/api/v1/audit", Access::Reader,
         "Whether every change on a branch (?branch=, default main) came through an accepted proposal; rule changes",
         [](RouteContext& ctx) {
             const AuditReport report = audit(ctx.workspace(), branchOf(ctx.workspace(), ctx.query("branch").value_or("main")));
             auto o = http::object();
             o->set("branch", report.branch);
             o->set("checked", report.checked);
             auto list = [](const std::vector<std::string>& items) {
                 Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
                 for (const auto& i : items) a->add(i);
                 return a;
             };
             o->set("problems", list(report.problems));
             o->set("rules", list(report.rules));
             o->set("unheard", list(report.unheard));
             return http::json(o);
         }},
        {"POST", "/api/v1/proposals/{id}/land", Access::Reader,
         "Land a proposal whose policy holds, by one the policy lets land",
         [](RouteContext& ctx) {
             const Proposal p = proposalNamed(ctx);
             const plugin::Merger* merger = ctx.findMerger();
             try {
                 const Landing done = land(ctx.workspace(), ctx.requireUser(), p.id, merger ? &merger->merge : nullptr);
                 auto o = http::object();
                 o->set("proposal", p.id);
                 o->set("commit", done.commit.id);
                 o->set("completed", done.completed);
                 return http::json(o);
             } catch (const Refused& r) {
                 if (r.missing.empty()) throw;
                 std::string detail = r.what();
                 for (const auto& m : r.missing) detail += "; " + m;
                 throw Error(r.kind(), detail);
             }
         }},
    };
}

} // namespace accord::review
