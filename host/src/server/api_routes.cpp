// The host's own routes: sessions, the workspace, documents, drafts and their
// edits, diffs, checks and downloads. Each handler parses, authorises, calls the
// workspace library (the same code the CLI calls) and writes JSON.

#include "accord/host/export.hpp"
#include "accord/host/render.hpp"
#include "accord/plugin/http.hpp"
#include "accord/workspace/content_cache.hpp"
#include "accord/workspace/history.hpp"
#include "accord/workspace/merge.hpp"
#include "accord/workspace/part_edits.hpp"
#include "accord/workspace/profile.hpp"
#include "accord/workspace/validation.hpp"
#include "server/accounts.hpp"
#include "server/model_json.hpp"
#include "server/server_context.hpp"

#include <Poco/Net/HTTPCookie.h>

#include <algorithm>
#include <functional>
#include <sstream>

namespace accord::server {

namespace {

using namespace accord::workspace;
using plugin::Access;
using plugin::HttpResponse;
using plugin::Route;
using plugin::RouteContext;
namespace http = plugin::http;

Poco::JSON::Array::Ptr array(const std::vector<std::string>& items)
{
    Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
    for (const auto& i : items) out->add(i);
    return out;
}

Poco::JSON::Object::Ptr userJson(const User& u)
{
    auto o = http::object();
    o->set("id", u.id);
    o->set("name", u.name);
    o->set("email", u.email);
    o->set("org", u.org);
    o->set("roles", array(u.roles));
    return o;
}

/// The revision a read names (`?rev=`, default main), resolved to its commit.
CommitInfo revisionOf(RouteContext& ctx)
{
    return ctx.workspace().resolve(ctx.query("rev").value_or(Workspace::kMainBranch));
}

/// The document `{doc}` at `rev`, parsed (kept parsed by the workspace library
/// between reads); NotFound when that revision has none.
std::shared_ptr<const Submission> documentAt(RouteContext& ctx, const std::string& rev)
{
    auto doc = ctx.workspace().parsedAt(rev, Workspace::documentPath(ctx.param("doc")));
    if (!doc) throw Error(ErrorKind::NotFound, "no document \"" + ctx.param("doc") + "\" at " + rev.substr(0, 8));
    return doc;
}

/// What a route sends for the document `{doc}` at a revision, made once per
/// content (the blob id names it) and kept for the last few.
class DocumentBytes {
public:
    using Make = std::function<std::string(RouteContext&, const std::string& rev)>;
    explicit DocumentBytes(Make make) : make_(std::move(make)) {}

    std::shared_ptr<const std::string> get(RouteContext& ctx, const std::string& rev)
    {
        const auto blob = ctx.workspace().blobAt(rev, Workspace::documentPath(ctx.param("doc")));
        if (!blob) throw Error(ErrorKind::NotFound, "no document \"" + ctx.param("doc") + "\" at " + rev.substr(0, 8));
        return kept_.get(*blob, [&] { return make_(ctx, rev); });
    }

private:
    Make make_;
    ContentCache<std::string> kept_{8};
};

/// The draft `{draft}`, which the signed-in person must be allowed to write:
/// checked before anything of the request is read.
std::string writableDraft(RouteContext& ctx)
{
    const std::string branch = "draft/" + ctx.param("draft");
    ctx.requireWritable(branch);
    return branch;
}

/// Where a part goes among its siblings: "position" (0-based), else at the end.
std::optional<std::size_t> positionIn(const Poco::JSON::Object& body)
{
    if (!body.has("position") || body.isNull("position")) return std::nullopt;
    const Poco::Dynamic::Var v = body.get("position");
    if (!v.isInteger() || v.convert<long long>() < 0) throw Error(ErrorKind::Invalid, "\"position\" must be a number from 0");
    return static_cast<std::size_t>(v.convert<long long>());
}

Poco::JSON::Object::Ptr objectField(const Poco::JSON::Object& body, const std::string& key)
{
    if (!body.has(key) || body.isNull(key)) throw Error(ErrorKind::Invalid, "the request needs \"" + key + "\"");
    auto o = body.getObject(key);
    if (!o) throw Error(ErrorKind::Invalid, "\"" + key + "\" must be an object");
    return o;
}

/// Runs one edit of a document on a draft through the workspace's editDocument:
/// made on the version the editor read, merged when the draft moved on since.
HttpResponse edit(RouteContext& ctx, const std::string& what, const std::function<void(Submission&)>& change,
                  const std::function<Poco::Dynamic::Var(const Submission&)>& answer, int status = 200)
{
    const std::string branch = writableDraft(ctx);
    const std::string against = http::ifMatch(ctx);
    const plugin::Merger* merger = ctx.findMerger();
    if (!merger) throw Error(ErrorKind::Io, "no merger is loaded (accord plugins)");
    const User& user = ctx.requireUser();
    Workspace::DocumentEdit e;
    e.branch = branch;
    e.path = Workspace::documentPath(ctx.param("doc"));
    e.against = against;
    e.apply = change;
    e.message = what;
    e.author = Signature{user.name, user.email};
    Workspace::EditResult done;
    try {
        done = ctx.workspace().editDocument(e, merger->merge);
    } catch (const Error& err) {
        if (err.kind() != ErrorKind::Conflict) throw;
        // Both versions, so the person can compare and choose.
        const CommitInfo head = ctx.workspace().resolve("refs/heads/" + branch);
        auto body = http::object();
        body->set("type", "about:blank");
        body->set("title", ctx.lang() == "ko" ? "충돌이 있습니다" : "Conflict");
        body->set("status", 409);
        body->set("detail", err.what());
        body->set("head", head.id);
        if (const auto now = ctx.workspace().parsedAt(head.id, e.path)) body->set("current", answer(*now));
        if (const auto then = ctx.workspace().parsedAt(against, e.path)) {
            Submission yours = *then;
            try {
                change(yours);
                body->set("yours", answer(yours));
            } catch (const Error&) {
            }
        }
        HttpResponse r = http::json(body, 409);
        r.contentType = "application/problem+json; charset=utf-8";
        return r;
    }
    auto body = http::object();
    body->set("commit", done.commit.id);
    body->set("changed", done.changed);
    body->set("merged", done.merged);
    if (const auto now = ctx.workspace().parsedAt(done.commit.id, e.path)) body->set("result", answer(*now));
    return http::withEtag(http::json(body, status), done.commit.id);
}

std::function<Poco::Dynamic::Var(const Submission&)> recommendationAnswer(const std::string& id)
{
    return [id](const Submission& doc) -> Poco::Dynamic::Var {
        const Recommendation* r = doc.findRecommendation(id);
        return r ? Poco::Dynamic::Var(toJson(*r)) : Poco::Dynamic::Var();
    };
}

std::function<Poco::Dynamic::Var(const Submission&)> sectionAnswer(const std::string& id)
{
    return [id](const Submission& doc) -> Poco::Dynamic::Var {
        const Section* s = doc.findSection(id);
        return s ? Poco::Dynamic::Var(toJson(*s, false)) : Poco::Dynamic::Var();
    };
}

std::string sessionCookie(const std::string& token, bool secure, bool expire)
{
    Poco::Net::HTTPCookie c(kSessionCookie, expire ? "" : token);
    c.setPath("/");
    c.setHttpOnly(true);
    c.setSecure(secure);
    c.setSameSite(Poco::Net::HTTPCookie::SAME_SITE_LAX);
    if (expire) c.setMaxAge(0);
    return c.toString();
}

// ---- the routes, one table per area: who may call what, in one place ----

std::vector<Route> sessionRoutes(AccountStore& accounts, bool secure)
{
    return {
        {"GET", "/api/v1/session", Access::Public, "Who is signed in, and the CSRF token for changes",
         [](RouteContext& ctx) {
             auto o = http::object();
             const User* u = ctx.user();
             o->set("signedIn", u != nullptr);
             if (u) {
                 o->set("user", userJson(*u));
                 if (const Session* s = sessionOf(ctx)) o->set("csrf", s->csrf);
             }
             return http::json(o);
         }},
        {"POST", "/api/v1/session", Access::Public, "Sign in with a user id and password",
         [&accounts, secure](RouteContext& ctx) {
             auto body = http::bodyObject(ctx);
             const std::string user = http::stringField(*body, "user");
             const std::string password = http::stringField(*body, "password");
             const std::string address = ctx.peer();
             // A user accord.xml no longer declares gets the same answer, after the same work, as a wrong password.
             auto session = accounts.login(user, password, address);
             if (session && !ctx.config().findUser(user)) accounts.endSession(std::exchange(session, std::nullopt)->token);
             if (!session) throw HttpProblem(401, "wrong user or password", "사용자나 비밀번호가 맞지 않습니다");
             auto o = http::object();
             o->set("user", userJson(*ctx.config().findUser(user)));
             o->set("csrf", session->csrf);
             HttpResponse r = http::json(o);
             r.headers.emplace_back("Set-Cookie", sessionCookie(session->token, secure, false));
             return r;
         }},
        {"DELETE", "/api/v1/session", Access::Reader, "Sign out",
         [&accounts, secure](RouteContext& ctx) {
             accounts.endSession(ctx.sessionToken());
             HttpResponse r = http::json(http::object());
             r.headers.emplace_back("Set-Cookie", sessionCookie("", secure, true));
             return r;
         }},
        {"POST", "/api/v1/invitations", Access::Public, "Set a password with the token of an invitation",
         [&accounts](RouteContext& ctx) {
             auto body = http::bodyObject(ctx);
             const std::string user = accounts.acceptInvite(http::stringField(*body, "token"), http::stringField(*body, "password"));
             auto o = http::object();
             o->set("user", user);
             return http::json(o);
         }},
    };
}

/// A change of accord.xml on a draft, made on the version read at If-Match; the
/// rules change on main only when a proposal of the draft lands.
HttpResponse configEdit(RouteContext& ctx, const std::string& what, const std::function<void(WorkspaceConfig&)>& change)
{
    const std::string branch = writableDraft(ctx);
    const std::string against = http::ifMatch(ctx);
    const auto bytes = ctx.workspace().fileAt(against, Workspace::kConfigFile);
    if (!bytes) throw Error(ErrorKind::NotFound, "no accord.xml at " + against.substr(0, 8));
    WorkspaceConfig config = parseConfig(*bytes, Workspace::kConfigFile);
    change(config);
    const User& user = ctx.requireUser();
    const CommitInfo commit = ctx.workspace().commitTo(branch, against, {{Workspace::kConfigFile, serialize(config)}}, what,
                                                       Signature{user.name, user.email});
    auto o = http::object();
    o->set("commit", commit.id);
    return http::withEtag(http::json(o, 201), commit.id);
}

std::vector<std::string> stringList(const Poco::JSON::Object& body, const std::string& key)
{
    std::vector<std::string> out;
    if (!body.has(key) || body.isNull(key)) return out;
    auto list = body.getArray(key);
    if (!list) throw Error(ErrorKind::Invalid, "\"" + key + "\" must be a list of strings");
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto v = list->get(static_cast<unsigned>(i));
        if (!v.isString()) throw Error(ErrorKind::Invalid, "\"" + key + "\" must be a list of strings");
        out.push_back(v.extract<std::string>());
    }
    return out;
}

std::vector<Route> workspaceRoutes()
{
    return {
        {"POST", "/api/v1/drafts/{draft}/organisations", Access::Admin,
         "Declare an organisation on a draft, to propose: {id, names: {en, ko?}, kind?}",
         [](RouteContext& ctx) {
             (void)writableDraft(ctx);
             auto body = http::bodyObject(ctx);
             Organisation org;
             org.id = http::stringField(*body, "id");
             org.kind = http::stringField(*body, "kind", false);
             auto names = objectField(*body, "names");
             for (const char* lang : {"en", "ko"})
                 if (const std::string name = http::stringField(*names, lang, std::string_view(lang) == "en"); !name.empty())
                     org.names.push_back(LangText{lang, name, 0});
             return configEdit(ctx, "Add organisation " + org.id, [&](WorkspaceConfig& c) { addOrganisation(c, org); });
         }},
        {"POST", "/api/v1/drafts/{draft}/users", Access::Admin,
         "Declare a user on a draft, to propose: {id, name, email, org, roles: [drafter|reviewer|admin]}",
         [](RouteContext& ctx) {
             (void)writableDraft(ctx);
             auto body = http::bodyObject(ctx);
             User user;
             user.id = http::stringField(*body, "id");
             user.name = http::stringField(*body, "name");
             user.email = http::stringField(*body, "email");
             user.org = http::stringField(*body, "org");
             user.roles = stringList(*body, "roles");
             return configEdit(ctx, "Add user " + user.id + " to " + user.org, [&](WorkspaceConfig& c) { addUser(c, user); });
         }},
        {"GET", "/api/v1/workspace", Access::Reader, "Organisations, users, documents and drafts",
         [](RouteContext& ctx) {
             auto& ws = ctx.workspace();
             auto o = http::object();
             o->set("main", ws.resolve(Workspace::kMainBranch).id);
             auto directory = [&](const std::vector<Organisation>& entries) {
                 Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
                 for (const auto& org : entries) {
                     auto j = http::object();
                     j->set("id", org.id);
                     if (!org.kind.empty()) j->set("kind", org.kind);
                     j->set("name", org.name(ctx.lang()));
                     auto names = http::object();
                     for (const auto& n : org.names) names->set(n.lang, n.text);
                     j->set("names", names);
                     list->add(j);
                 }
                 return list;
             };
             o->set("organisations", directory(ctx.config().organisations));
             o->set("recipients", directory(ctx.config().recipients));
             Poco::JSON::Array::Ptr users = new Poco::JSON::Array;
             for (const auto& u : ctx.config().users) users->add(userJson(u));
             o->set("users", users);
             Poco::JSON::Array::Ptr docs = new Poco::JSON::Array;
             for (const auto& [path, bytes] : ws.snapshot(Workspace::kMainBranch).documents)
                 docs->add(std::filesystem::path(path).stem().string());
             o->set("documents", docs);
             return http::json(o);
         }},
        {"GET", "/api/v1/drafts", Access::Reader, "main and every draft with its head and owner",
         [](RouteContext& ctx) {
             Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
             for (const auto& d : ctx.workspace().drafts()) {
                 auto j = http::object();
                 j->set("name", d.name);
                 j->set("branch", d.branch);
                 j->set("head", d.head);
                 j->set("remote", d.remote);
                 j->set("owner", d.owner);
                 list->add(j);
             }
             return http::json(list);
         }},
        {"POST", "/api/v1/drafts", Access::Drafter, "Start a draft (named after one's organisation) from main or a revision",
         [](RouteContext& ctx) {
             auto body = http::bodyObject(ctx);
             const std::string name = http::stringField(*body, "name");
             std::string from = http::stringField(*body, "from", false);
             const User& user = ctx.requireUser();
             if (!mayWriteDraft(user, "draft/" + name))
                 throw Error(ErrorKind::Forbidden, "a draft of " + user.org + " is named " + user.org + " or " + user.org +
                                                       "-…, e.g. " + user.org + "-labour");
             DraftInfo d = ctx.workspace().createDraft(name, from.empty() ? Workspace::kMainBranch : from);
             auto j = http::object();
             j->set("name", d.name);
             j->set("branch", d.branch);
             j->set("head", d.head);
             return http::withEtag(http::json(j, 201), d.head);
         }},
    };
}

std::vector<Route> documentRoutes()
{
    auto json = std::make_shared<DocumentBytes>([](RouteContext& ctx, const std::string& rev) {
        std::ostringstream out;
        Poco::JSON::Stringifier::condense(toJson(*documentAt(ctx, rev)), out);
        return out.str();
    });
    auto source = std::make_shared<DocumentBytes>([](RouteContext& ctx, const std::string& rev) {
        return *ctx.workspace().fileAt(rev, Workspace::documentPath(ctx.param("doc")));
    });
    return {
        {"GET", "/api/v1/documents", Access::Reader, "The documents of a revision (?rev=, default main) with their titles",
         [](RouteContext& ctx) {
             const CommitInfo rev = revisionOf(ctx);
             Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
             for (const auto& [path, doc] : parseSnapshot(ctx.workspace().snapshot(rev.id))) {
                 auto j = http::object();
                 j->set("id", doc.id);
                 j->set("lang", doc.lang);
                 Poco::JSON::Array::Ptr titles = new Poco::JSON::Array;
                 for (const auto& t : doc.meta.titles) {
                     auto tj = http::object();
                     tj->set("lang", t.lang);
                     tj->set("text", t.text);
                     titles->add(tj);
                 }
                 j->set("titles", titles);
                 list->add(j);
             }
             return http::withEtag(http::json(list), rev.id);
         }},
        {"GET", "/api/v1/documents/{doc}", Access::Reader, "A document at a revision as the JSON of the model",
         [json](RouteContext& ctx) {
             const CommitInfo rev = revisionOf(ctx);
             HttpResponse r;
             r.body = *json->get(ctx, rev.id);
             return http::withEtag(r, rev.id);
         }},
        {"GET", "/api/v1/documents/{doc}/recommendations/{rec}", Access::Reader, "One recommendation at a revision",
         [](RouteContext& ctx) {
             const CommitInfo rev = revisionOf(ctx);
             const auto doc = documentAt(ctx, rev.id);
             const Recommendation* r = doc->findRecommendation(ctx.param("rec"));
             if (!r) throw Error(ErrorKind::NotFound, "no recommendation \"" + ctx.param("rec") + "\" in " + doc->id);
             return http::withEtag(http::json(toJson(*r)), rev.id);
         }},
        {"GET", "/api/v1/documents/{doc}/recommendations/{rec}/history", Access::Reader,
         "The commits that changed one recommendation, newest first",
         [](RouteContext& ctx) {
             const CommitInfo rev = revisionOf(ctx);
             std::ostringstream out;
             host::printPartHistoryJson(out, partHistory(ctx.workspace(), ctx.param("rec"), rev.id));
             HttpResponse r;
             r.body = out.str();
             return http::withEtag(r, rev.id);
         }},
        {"GET", "/api/v1/documents/{doc}/check", Access::Reader, "The profile check: words, translations, drafts",
         [](RouteContext& ctx) {
             const CommitInfo rev = revisionOf(ctx);
             const auto doc = documentAt(ctx, rev.id);
             const Profile& profile = host::profileFor(*doc, ctx.query("profile").value_or(""));
             ProfileCheck check = checkProfile(*doc, profile, ctx.config());
             const std::string path = Workspace::documentPath(ctx.param("doc"));
             host::addStaleFindings(check, staleTranslations(ctx.workspace(), path, rev.id), *doc, profile, {});
             auto o = http::object();
             o->set("profile", profile.id);
             auto words = http::object();
             for (const auto& [lang, n] : check.words) words->set(lang, n);
             o->set("words", words);
             Poco::JSON::Array::Ptr findings = new Poco::JSON::Array;
             for (const auto& f : check.findings) {
                 auto j = http::object();
                 j->set("hard", f.hard);
                 j->set("message", f.message);
                 j->set("line", f.line);
                 if (f.fallback) j->set("fallback", true);
                 if (f.stale) j->set("stale", true);
                 if (!f.part.empty()) j->set("rec", f.part);
                 if (!f.lang.empty()) j->set("lang", f.lang);
                 if (!f.kind.empty()) {
                     // What the interface says in the reader's language, from the finding's kind and values.
                     j->set("kind", f.kind);
                     auto args = http::object();
                     for (const auto& [name, value] : f.args) args->set(name, value);
                     j->set("args", args);
                 }
                 findings->add(j);
             }
             o->set("findings", findings);
             o->set("limitBroken", check.limitBroken());
             return http::withEtag(http::json(o), rev.id);
         }},
        {"POST", "/api/v1/documents/{doc}/recommendations/{rec}/translations/{lang}/ok", Access::Drafter,
         "Confirm a stale translation as still true as of a revision (?rev=, default main)",
         [](RouteContext& ctx) {
             const CommitInfo rev = revisionOf(ctx);
             const User& user = ctx.requireUser();
             const auto confirmed =
                 confirmTranslation(ctx.workspace(), Workspace::documentPath(ctx.param("doc")), ctx.param("rec"),
                                    ctx.param("lang"), rev.id, Signature{user.name, user.email});
             auto o = http::object();
             o->set("confirmed", confirmed.has_value());
             o->set("revision", rev.id);
             HttpResponse r = http::json(o);
             r.status = confirmed ? 201 : 200;
             return r;
         }},
        {"GET", "/api/v1/documents/{doc}/source", Access::Reader, "The document's XML file as stored at a revision",
         [source](RouteContext& ctx) {
             const CommitInfo rev = revisionOf(ctx);
             HttpResponse r;
             r.contentType = "application/xml";
             r.body = *source->get(ctx, rev.id);
             r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + ctx.param("doc") + ".xml\"");
             return http::withEtag(r, rev.id);
         }},
        {"GET", "/api/v1/documents/{doc}/export/{format}", Access::Reader,
         "A download in an exporter's format (?rev=, ?lang=, ?profile=; ?since=REV: its changes as tracked changes)",
         [](RouteContext& ctx) {
             const plugin::Exporter* exporter = nullptr;
             for (const auto* e : ctx.exporters())
                 if (e->format == ctx.param("format")) exporter = e;
             if (!exporter) throw Error(ErrorKind::NotFound, "no export format \"" + ctx.param("format") + "\"");
             const CommitInfo rev = revisionOf(ctx);
             const std::string path = Workspace::documentPath(ctx.param("doc"));
             const auto bytes = ctx.workspace().fileAt(rev.id, path);
             if (!bytes) throw Error(ErrorKind::NotFound, "no document \"" + ctx.param("doc") + "\" at " + rev.shortId);
             Submission doc;
             auto problems = validateSubmission(*bytes, path, Workspace::validationContext(ctx.config()), doc);
             if (!problems.empty()) throw ValidationError(std::move(problems));
             const std::string lang = ctx.query("lang").value_or("");
             if (!lang.empty() && lang != "ko" && lang != "en" && lang != "both")
                 throw Error(ErrorKind::Invalid, "lang must be ko, en or both");
             // ?since=REV: what this revision changed since it left REV, as tracked changes (a redline).
             std::optional<plugin::Redline> redline;
             if (const auto since = ctx.query("since"))
                 redline = host::redlineOf(ctx.workspace(), path, doc,
                                           host::RevisionRange{ctx.workspace().mergeBase(*since, rev.id), rev.id});
             host::ExportResult made =
                 host::exportSubmission(doc, ctx.config(), *exporter, lang, ctx.query("profile").value_or(""), false,
                                        staleTranslations(ctx.workspace(), path, rev.id), redline ? &*redline : nullptr);
             if (made.refused) {
                 std::string why;
                 for (const auto& f : made.check.findings)
                     if (f.stale) why += (why.empty() ? "" : "; ") + f.message;
                 throw Error(ErrorKind::Conflict, "the profile refuses to export stale translations: " + why);
             }
             HttpResponse r;
             r.contentType = exporter->mediaType;
             r.body = std::move(made.bytes);
             const std::string file = ctx.param("doc") + (redline ? ".redline" : "") + (lang.empty() ? "" : "." + lang) + "." +
                                      exporter->extension;
             r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file + "\"");
             return http::withEtag(r, rev.id);
         }},
        {"GET", "/api/v1/diff", Access::Reader,
         "The semantic diff from ?from= to ?to=; with ?since=1 what `to` changed since it left `from`",
         [](RouteContext& ctx) {
             auto& ws = ctx.workspace();
             const auto from = ctx.query("from");
             const auto to = ctx.query("to");
             if (!from || !to) throw Error(ErrorKind::Invalid, "name both revisions: ?from=main&to=DRAFT");
             std::string start = ws.resolve(*from).id;
             const std::string end = ws.resolve(*to).id;
             if (ctx.query("since").value_or("") == "1") start = ws.mergeBase(start, end);
             std::ostringstream out;
             auto diffs = diffSnapshots(ws.snapshot(start), ws.snapshot(end));
             markStale(diffs, ws, end);
             host::printDiffJson(out, diffs);
             HttpResponse r;
             r.body = out.str();
             return r;
         }},
    };
}

std::vector<Route> editRoutes()
{
    const std::string base = "/api/v1/drafts/{draft}/documents/{doc}";
    return {
        {"PUT", base + "/recommendations/{rec}", Access::Drafter,
         "Replace a recommendation on a draft (If-Match: the commit it was read at)",
         [](RouteContext& ctx) {
             (void)writableDraft(ctx);
             const std::string id = ctx.param("rec");
             Recommendation given = recommendationFromJson(*http::bodyObject(ctx));
             if (given.id != id) throw Error(ErrorKind::Invalid, "the recommendation's id is " + given.id + ", not " + id);
             return edit(ctx, "Edit recommendation " + id, [&](Submission& doc) { parts::replaceRecommendation(doc, given); },
                         recommendationAnswer(id));
         }},
        {"POST", base + "/recommendations", Access::Drafter,
         "Add a recommendation to a section: {section, position?, recommendation}",
         [](RouteContext& ctx) {
             (void)writableDraft(ctx);
             auto body = http::bodyObject(ctx);
             const std::string section = http::stringField(*body, "section");
             Recommendation given = recommendationFromJson(*objectField(*body, "recommendation"));
             const auto position = positionIn(*body);
             return edit(ctx, "Add recommendation " + given.id,
                         [&](Submission& doc) { parts::addRecommendation(doc, section, position, given); },
                         recommendationAnswer(given.id), 201);
         }},
        {"DELETE", base + "/recommendations/{rec}", Access::Drafter, "Delete a recommendation from a draft",
         [](RouteContext& ctx) {
             const std::string id = ctx.param("rec");
             return edit(ctx, "Delete recommendation " + id,
                         [&](Submission& doc) { parts::removeRecommendation(doc, id); },
                         [](const Submission&) { return Poco::Dynamic::Var(); });
         }},
        {"POST", base + "/recommendations/{rec}/move", Access::Drafter,
         "Move a recommendation to a section and position: {section, position?}",
         [](RouteContext& ctx) {
             (void)writableDraft(ctx);
             const std::string id = ctx.param("rec");
             auto body = http::bodyObject(ctx);
             const std::string section = http::stringField(*body, "section");
             const auto position = positionIn(*body);
             return edit(ctx, "Move recommendation " + id + " to " + section,
                         [&](Submission& doc) { parts::moveRecommendation(doc, id, section, position); },
                         recommendationAnswer(id));
         }},
        {"POST", base + "/sections/{sec}/move", Access::Drafter,
         "Move a section with all it holds: {parent?, position?} (no parent: to the top level)",
         [](RouteContext& ctx) {
             (void)writableDraft(ctx);
             const std::string id = ctx.param("sec");
             auto body = http::bodyObject(ctx);
             const std::string parent = http::stringField(*body, "parent", false);
             const auto position = positionIn(*body);
             return edit(ctx, "Move section " + id + (parent.empty() ? " to the top level" : " into " + parent),
                         [&](Submission& doc) { parts::moveSection(doc, id, parent, position); }, sectionAnswer(id));
         }},
        {"PUT", base + "/sections/{sec}", Access::Drafter, "Change a section's headings and introduction",
         [](RouteContext& ctx) {
             (void)writableDraft(ctx);
             const std::string id = ctx.param("sec");
             Section given = sectionFromJson(*http::bodyObject(ctx));
             if (given.id != id) throw Error(ErrorKind::Invalid, "the section's id is " + given.id + ", not " + id);
             return edit(ctx, "Edit section " + id, [&](Submission& doc) { parts::changeSection(doc, given); },
                         sectionAnswer(id));
         }},
        {"POST", base + "/sections", Access::Drafter,
         "Add a section: {parent?, position?, section} (no parent: at the top level)",
         [](RouteContext& ctx) {
             (void)writableDraft(ctx);
             auto body = http::bodyObject(ctx);
             const std::string parent = http::stringField(*body, "parent", false);
             Section given = sectionFromJson(*objectField(*body, "section"));
             const auto position = positionIn(*body);
             return edit(ctx, "Add section " + given.id,
                         [&](Submission& doc) { parts::addSection(doc, parent, position, given); },
                         sectionAnswer(given.id), 201);
         }},
        {"DELETE", base + "/sections/{sec}", Access::Drafter, "Delete an empty section",
         [](RouteContext& ctx) {
             const std::string id = ctx.param("sec");
             return edit(ctx, "Delete section " + id, [&](Submission& doc) { parts::removeSection(doc, id); },
                         [](const Submission&) { return Poco::Dynamic::Var(); });
         }},
    };
}

} // namespace

std::vector<Route> hostRoutes(AccountStore& accounts, bool secureCookies)
{
    std::vector<Route> all;
    for (auto part : {sessionRoutes(accounts, secureCookies), workspaceRoutes(), documentRoutes(), editRoutes()})
        for (auto& r : part) all.push_back(std::move(r));
    return all;
}

} // namespace accord::server
