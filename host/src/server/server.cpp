#include "accord/host/server.hpp"

#include "accord/host/logging.hpp"
#include "accord/plugin/http.hpp"
#include "accord/workspace/files.hpp"
#include "accord/workspace/strings.hpp"
#include "accord/workspace/validation.hpp"
#include "server/accounts.hpp"
#include "server/server_context.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <mutex>
#include <ostream>
#include <regex>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace accord::host {

using namespace accord::workspace;
namespace srv = ::accord::server;
using srv::HttpProblem;

namespace {

/// A route's pattern cut into segments once, at start.
struct CompiledRoute {
    const plugin::Route* route;
    std::vector<std::string> segments;
    bool web = false;  ///< a page or an asset: never under /api/, served without the workspace
};

std::vector<std::string> splitPath(const std::string& path)
{
    std::vector<std::string> out;
    std::size_t start = 1;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        out.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

bool validUtf8(std::string_view text)
{
    return invalidUtf8At(text) == std::string_view::npos;
}

/// What a `{name}` may hold: ids and revisions, never a path, markup or a control character.
bool plainParam(const std::string& value)
{
    static const std::regex pattern("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    return std::regex_match(value, pattern) && value.find("..") == std::string::npos;
}

/// What a `{name*}` may hold: a page's address, without `.` or `..` segments or
/// control characters, and of a length people type.
bool plainPath(const std::string& value)
{
    if (value.size() > 1024) return false;
    if (std::any_of(value.begin(), value.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
        return false;
    const auto segments = splitPath("/" + value);
    return std::none_of(segments.begin(), segments.end(), [](const std::string& s) { return s == "." || s == ".."; });
}

/// Whether the path's `segments` fit the route, with the values of its `{name}`s; a
/// last `{name*}` takes the rest of the path (the web interface's pages).
bool matchRoute(const CompiledRoute& r, const std::vector<std::string>& segments, std::map<std::string, std::string>& params)
{
    params.clear();
    for (std::size_t i = 0; i < r.segments.size(); ++i) {
        const std::string& want = r.segments[i];
        const bool param = want.size() > 2 && want.front() == '{' && want.back() == '}';
        if (param && want.ends_with("*}") && i + 1 == r.segments.size()) {
            if (i >= segments.size()) return false;
            params[want.substr(1, want.size() - 3)] =
                join(std::vector<std::string>(segments.begin() + static_cast<std::ptrdiff_t>(i), segments.end()), "/");
            return true;
        }
        if (i >= segments.size()) return false;
        if (param) params[want.substr(1, want.size() - 2)] = segments[i];
        else if (want != segments[i]) return false;
    }
    return r.segments.size() == segments.size();
}

/// Problem titles in the two languages of the interface; details come from the library.
std::string titleOf(int status, std::string_view lang)
{
    struct Title {
        int status;
        const char* en;
        const char* ko;
    };
    static const Title titles[] = {
        {400, "Bad request", "잘못된 요청입니다"},
        {401, "Sign in first", "먼저 로그인하세요"},
        {403, "Not allowed", "권한이 없습니다"},
        {404, "Not found", "찾을 수 없습니다"},
        {405, "Method not allowed", "허용되지 않는 요청 방식입니다"},
        {409, "Conflict", "충돌이 있습니다"},
        {412, "The draft moved on", "초안이 그사이에 바뀌었습니다"},
        {413, "Request too large", "요청이 너무 큽니다"},
        {415, "Send JSON", "JSON으로 보내 주세요"},
        {422, "Cannot be accepted as it is", "이대로는 받아들일 수 없습니다"},
        {428, "Say which version you edited", "어느 판을 고쳤는지 알려 주세요"},
        {429, "Too many attempts", "시도가 너무 많습니다"},
        {500, "Internal error", "내부 오류"},
    };
    for (const auto& t : titles)
        if (t.status == status) return lang == "ko" ? t.ko : t.en;
    return lang == "ko" ? "오류" : "Error";
}

/// The one mapping of the workspace's error kinds to HTTP statuses.
int statusOf(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::NotFound: return 404;
    case ErrorKind::Exists: return 409;
    case ErrorKind::Invalid: return 422;
    case ErrorKind::Conflict: return 409;
    case ErrorKind::Forbidden: return 403;
    case ErrorKind::Locked: return 429;
    case ErrorKind::Io: return 500;
    }
    return 500;
}

plugin::HttpResponse problem(int status, const std::string& detail, std::string_view lang,
                             const std::vector<Diagnostic>* diagnostics = nullptr)
{
    auto body = plugin::http::object();
    body->set("type", "about:blank");
    body->set("title", titleOf(status, lang));
    body->set("status", status);
    body->set("detail", detail);
    if (diagnostics) {
        Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
        for (const auto& d : *diagnostics) {
            auto item = plugin::http::object();
            item->set("file", d.file);
            item->set("line", d.line);
            item->set("message", d.message);
            list->add(item);
        }
        body->set("errors", list);
    }
    plugin::HttpResponse r = plugin::http::json(body, status);
    r.contentType = "application/problem+json; charset=utf-8";
    return r;
}

/// "ko" when the reader's first language is Korean, else "en".
std::string languageOf(const std::string& acceptLanguage)
{
    std::string first = acceptLanguage.substr(0, acceptLanguage.find_first_of(",;"));
    for (auto& c : first) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return first.starts_with("ko") ? "ko" : "en";
}

/// What the handler of one request sees; pages and assets get no workspace.
class RequestContext final : public plugin::RouteContext {
public:
    RequestContext(Workspace* ws, const WorkspaceConfig* config, const User* user, std::map<std::string, std::string> params,
                   const Poco::Net::HTTPServerRequest& request, std::string body, std::string lang,
                   const Registries& registries)
        : ws_(ws), config_(config), user_(user), params_(std::move(params)), request_(request), body_(std::move(body)),
          lang_(std::move(lang)), registries_(registries)
    {
        Poco::URI uri(request.getURI());
        for (auto& [k, v] : uri.getQueryParameters()) query_.emplace(k, v);
    }

    Workspace& workspace() override
    {
        if (!ws_) throw std::logic_error("pages and assets are served without the workspace");
        return *ws_;
    }
    const WorkspaceConfig& config() const override
    {
        if (!config_) throw std::logic_error("pages and assets are served without accord.xml");
        return *config_;
    }
    const User* user() const override { return user_; }
    const User& requireUser() const override
    {
        if (!user_) throw HttpProblem(401, "sign in first (POST /api/v1/session)", "먼저 로그인하세요 (POST /api/v1/session)");
        return *user_;
    }
    void requireWritable(const std::string& branch) const override
    {
        const User& user = requireUser();
        if (!srv::mayWriteDraft(user, branch))
            throw Error(ErrorKind::Forbidden, user.id + " (" + user.org + ") may not write on " + branch +
                                                  ": drafters write on drafts named after their organisation (" + user.org +
                                                  " or " + user.org + "-…)");
        (void)ws_->resolve("refs/heads/" + branch);
    }
    std::string param(std::string_view name) const override
    {
        auto it = params_.find(std::string(name));
        return it == params_.end() ? std::string() : it->second;
    }
    std::optional<std::string> query(std::string_view name) const override
    {
        auto it = query_.find(std::string(name));
        if (it == query_.end()) return std::nullopt;
        if (!validUtf8(it->second) || it->second.find('\0') != std::string::npos)
            throw HttpProblem(400, "the query parameter " + std::string(name) + " is not text");
        return it->second;
    }
    std::optional<std::string> header(std::string_view name) const override
    {
        const std::string key(name);
        if (!request_.has(key)) return std::nullopt;
        return request_.get(key);
    }
    const std::string& body() const override { return body_; }
    std::string peer() const override { return request_.clientAddress().host().toString(); }
    std::string sessionToken() const override
    {
        Poco::Net::NameValueCollection cookies;
        request_.getCookies(cookies);
        return cookies.get(srv::kSessionCookie, "");
    }
    std::string_view lang() const override { return lang_; }
    const plugin::Merger* findMerger(std::string_view id) const override { return registries_.findMerger(id); }
    std::vector<const plugin::Exporter*> exporters() const override
    {
        std::vector<const plugin::Exporter*> out;
        for (const auto& e : registries_.exporters) out.push_back(&e.item);
        return out;
    }

private:
    Workspace* ws_;
    const WorkspaceConfig* config_;
    const User* user_;
    std::map<std::string, std::string> params_;
    std::map<std::string, std::string> query_;
    const Poco::Net::HTTPServerRequest& request_;
    std::string body_;
    std::string lang_;
    const Registries& registries_;

public:
    std::optional<srv::Session> session;  ///< the session the request came with, when it names a live one
};

/// What every request shares: the route table, the accounts, main's accord.xml.
struct ServerState {
    fs::path root;
    const Registries* registries = nullptr;
    std::vector<plugin::Route> ownRoutes;
    std::vector<plugin::Route> webRoutes;
    std::vector<CompiledRoute> routes;
    std::unique_ptr<srv::AccountStore> accounts;
    std::optional<std::string> signingKey;
    std::size_t maxBody = 0;
    bool tls = false;
    std::shared_ptr<spdlog::logger> log;

    std::mutex configMutex;
    std::string configCommit;
    std::shared_ptr<const WorkspaceConfig> config;

    /// accord.xml as committed on main now, parsed once per commit of main.
    std::shared_ptr<const WorkspaceConfig> mainConfig(const Workspace& ws)
    {
        const std::string head = ws.resolve(Workspace::kMainBranch).id;
        std::lock_guard lock(configMutex);
        if (head != configCommit || !config) {
            const auto bytes = ws.fileAt(head, Workspace::kConfigFile);
            if (!bytes) throw Error(ErrorKind::NotFound, "main has no accord.xml");
            config = std::make_shared<const WorkspaceConfig>(parseConfig(*bytes, Workspace::kConfigFile));
            configCommit = head;
        }
        return config;
    }
};

class ApiHandler final : public Poco::Net::HTTPRequestHandler {
public:
    explicit ApiHandler(ServerState& state) : state_(state) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        const std::string lang = languageOf(request.get("Accept-Language", ""));
        plugin::HttpResponse answer;
        try {
            answer = dispatch(request, lang);
        } catch (const ValidationError& e) {
            answer = problem(422, e.what(), lang, &e.diagnostics());
        } catch (const HttpProblem& e) {
            answer = problem(e.status(), e.message(lang), lang);
        } catch (const Error& e) {
            answer = problem(statusOf(e.kind()), e.what(), lang);
            if (e.kind() == ErrorKind::Io) state_.log->error("{} {}: {}", request.getMethod(), request.getURI(), e.what());
        } catch (const Poco::Exception& e) {
            state_.log->error("{} {}: {}", request.getMethod(), request.getURI(), e.displayText());
            answer = problem(500, "the server failed; the error is in its log", lang);
        } catch (const std::exception& e) {
            state_.log->error("{} {}: {}", request.getMethod(), request.getURI(), e.what());
            answer = problem(500, "the server failed; the error is in its log", lang);
        }
        write(response, answer);
    }

private:
    plugin::HttpResponse dispatch(Poco::Net::HTTPServerRequest& request, const std::string& lang)
    {
        Poco::URI uri;
        try {
            uri = Poco::URI(request.getURI());
        } catch (const Poco::Exception&) {
            throw HttpProblem(400, "the address cannot be read", "주소를 읽을 수 없습니다");
        }
        const std::string path = uri.getPath();
        if (!validUtf8(path) || path.find('\0') != std::string::npos) throw HttpProblem(400, "the address is not text", "주소가 텍스트가 아닙니다");
        const std::vector<std::string> segments = splitPath(path);
        const std::string method = request.getMethod();
        const std::string routeMethod = method == "HEAD" ? "GET" : method;  // HEAD is GET without the body
        const bool api = path == "/api" || path.starts_with("/api/");

        const CompiledRoute* match = nullptr;
        bool pathKnown = false;
        std::map<std::string, std::string> params;
        for (const auto& r : state_.routes) {
            if (r.web && api) continue;
            if (!matchRoute(r, segments, params)) continue;
            pathKnown = true;
            if (r.route->method != routeMethod) continue;
            match = &r;
            break;
        }
        if (!match) {
            if (pathKnown) throw HttpProblem(405, method + " is not a method of " + path, path + "에는 " + method + " 요청을 쓸 수 없습니다");
            throw HttpProblem(404, "no such address: " + path, "없는 주소입니다: " + path);
        }
        for (const auto& [name, value] : params) {
            if (match->segments.back() == "{" + name + "*}") {
                if (!plainPath(value))
                    throw HttpProblem(400, "an address may not hold '.' or '..' segments or control characters, nor be over 1024 bytes",
                                      "주소에는 '.'이나 '..' 단계나 제어 문자를 쓸 수 없고, 1024바이트를 넘을 수 없습니다");
            } else if (!plainParam(value)) {
                throw HttpProblem(400, "\"" + name + "\" must be an id: letters, digits, '.', '_' and '-', at most 128");
            }
        }

        const bool changes = method != "GET" && method != "HEAD";
        if (changes) checkOrigin(request);
        std::string body = readBody(request);
        if (!body.empty()) {
            const std::string type = request.getContentType();
            if (type.rfind("application/json", 0) != 0) throw HttpProblem(415, "send the body as application/json", "본문은 application/json으로 보내 주세요");
            if (!validUtf8(body)) throw HttpProblem(400, "the body is not UTF-8 text", "본문이 UTF-8 텍스트가 아닙니다");
        }
        if (match->web) {  // pages and assets carry no data: no workspace, no session
            RequestContext ctx(nullptr, nullptr, nullptr, std::move(params), request, std::move(body), lang, *state_.registries);
            return match->route->handle(ctx);
        }

        Workspace ws = Workspace::open(state_.root);
        ws.leaveWorkingTree();
        if (changes) ws.writeObjectsFast();  // reads write nothing
        if (state_.signingKey) ws.signWith(state_.signingKey);
        const auto config = state_.mainConfig(ws);

        const User* user = nullptr;
        std::optional<srv::Session> session;
        Poco::Net::NameValueCollection cookies;
        request.getCookies(cookies);
        if (cookies.has(srv::kSessionCookie)) {
            session = state_.accounts->findSession(cookies.get(srv::kSessionCookie));
            if (session) user = config->findUser(session->user);
        }
        if (!srv::allowed(match->route->access, user)) {
            if (!user) throw HttpProblem(401, "sign in first (POST /api/v1/session)", "먼저 로그인하세요 (POST /api/v1/session)");
            throw HttpProblem(403, user->id + " may not " + method + " " + path + ": it needs a " +
                                       srv::toString(match->route->access),
                              user->id + "에게는 " + method + " " + path + " 권한이 없습니다: " +
                                  srv::toString(match->route->access) + " 역할이 필요합니다");
        }
        // A change made with a session's cookie must carry the session's CSRF token,
        // which a page of another site cannot read.
        if (changes && session) {
            const std::string sent = request.get("X-CSRF-Token", "");
            if (sent.empty() || !srv::sameSecret(sent, session->csrf))
                throw HttpProblem(403, "the request lacks this session's CSRF token (X-CSRF-Token, from GET /api/v1/session)",
                                  "이 세션의 CSRF 토큰(X-CSRF-Token, GET /api/v1/session에서 받음)이 없는 요청입니다");
        }
        RequestContext ctx(&ws, config.get(), user, std::move(params), request, std::move(body), lang, *state_.registries);
        ctx.session = std::move(session);
        return match->route->handle(ctx);
    }

    /// A change is refused when the browser says it comes from a page of another site.
    void checkOrigin(const Poco::Net::HTTPServerRequest& request) const
    {
        if (request.get("Sec-Fetch-Site", "") == "cross-site") throw HttpProblem(403, "requests from other sites are refused", "다른 사이트에서 온 요청은 받지 않습니다");
        if (!request.has("Origin")) return;
        const std::string origin = request.get("Origin");
        const std::string own = std::string(state_.tls ? "https://" : "http://") + request.getHost();
        if (origin != own)
            throw HttpProblem(403, "requests from " + origin + " are refused: this server is " + own,
                              origin + "에서 온 요청은 받지 않습니다: 이 서버는 " + own + "입니다");
    }

    std::string readBody(Poco::Net::HTTPServerRequest& request) const
    {
        if (request.hasContentLength() && request.getContentLength64() > static_cast<Poco::Int64>(state_.maxBody))
            throw HttpProblem(413, "the body is over " + std::to_string(state_.maxBody / 1024) + " KiB",
                              "본문이 " + std::to_string(state_.maxBody / 1024) + " KiB를 넘습니다");
        std::string body;
        std::istream& in = request.stream();
        char buffer[16384];
        while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
            body.append(buffer, static_cast<std::size_t>(in.gcount()));
            if (body.size() > state_.maxBody)
                throw HttpProblem(413, "the body is over " + std::to_string(state_.maxBody / 1024) + " KiB",
                              "본문이 " + std::to_string(state_.maxBody / 1024) + " KiB를 넘습니다");
        }
        return body;
    }

    static void write(Poco::Net::HTTPServerResponse& response, const plugin::HttpResponse& answer)
    {
        response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
        // On every answer, the API's too: scripts, styles and connections only from
        // this server, no inline script or style, never in a frame, no guessed types.
        response.set("Content-Security-Policy",
                     "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
                     "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
        response.set("X-Content-Type-Options", "nosniff");
        response.set("X-Frame-Options", "DENY");
        response.set("Referrer-Policy", "same-origin");
        response.set("Cache-Control", "no-store");
        for (const auto& [k, v] : answer.headers) {
            if (k == "Set-Cookie") response.add(k, v);
            else response.set(k, v);
        }
        if (answer.status != 304) {  // a 304 has no body, and says nothing of the one it stands for
            response.setContentType(answer.contentType);
            response.setContentLength64(static_cast<Poco::Int64>(answer.body.size()));
        }
        response.setKeepAlive(true);
        response.send().write(answer.body.data(), static_cast<std::streamsize>(answer.body.size()));
    }

    ServerState& state_;
};

class HandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit HandlerFactory(ServerState& state) : state_(state) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new ApiHandler(state_);
    }

private:
    ServerState& state_;
};

/// The server's signing key, made with ssh-keygen on first start: records written
/// for people who sign in are signed with it, and accord.xml trusts it as a signer.
fs::path serverKey(const fs::path& stateDir)
{
    const fs::path key = stateDir / "signing-key";
    if (fs::exists(key)) return key;
    fs::create_directories(stateDir);
    Workspace::makeSigningKey(key, "accord-server");
    return key;
}

std::unique_ptr<srv::AccountStore> openAccounts(const fs::path& stateDir, srv::SessionLimits limits = {})
{
    return std::make_unique<srv::AccountStore>(stateDir / "accounts.sqlite", limits);
}

fs::path stateDirFor(const fs::path& root, const fs::path& given)
{
    return given.empty() ? defaultStateDir(root) : given;
}

/// The account store of a workspace's server, for `user`, whom accord.xml on main must declare.
std::unique_ptr<srv::AccountStore> accountsFor(const fs::path& workspaceRoot, const fs::path& stateDir, const std::string& user)
{
    Workspace ws = Workspace::open(workspaceRoot);
    const auto bytes = ws.fileAt(Workspace::kMainBranch, Workspace::kConfigFile);
    if (!bytes || !parseConfig(*bytes, Workspace::kConfigFile).findUser(user))
        throw Error(ErrorKind::NotFound, "no user \"" + user + "\" in accord.xml on main (accord user list)");
    return openAccounts(stateDirFor(ws.root(), stateDir));
}

} // namespace


bool serverInThisProgram()
{
    return true;
}

fs::path defaultStateDir(const fs::path& workspaceRoot)
{
    return workspaceRoot / ".git" / "accord-server";
}

std::string inviteUser(const fs::path& workspaceRoot, const fs::path& stateDir, const std::string& user,
                       const std::string& baseUrl)
{
    return baseUrl + "/#/invitation/" + accountsFor(workspaceRoot, stateDir, user)->invite(user);
}

void setUserPassword(const fs::path& workspaceRoot, const fs::path& stateDir, const std::string& user,
                     const std::string& password)
{
    accountsFor(workspaceRoot, stateDir, user)->setPassword(user, password);
}

int serve(const ServeOptions& options, const Registries& registries, std::ostream& out, std::ostream& err)
{
    ServerState state;
    Workspace ws = Workspace::open(options.workspace);
    state.root = ws.root();
    state.registries = &registries;
    state.maxBody = options.maxBody;
    state.log = areaLogger("serve");
    const fs::path stateDir = stateDirFor(state.root, options.stateDir);
    state.accounts = openAccounts(stateDir, srv::SessionLimits{std::chrono::seconds(options.sessionIdleSeconds),
                                                               std::chrono::seconds(options.sessionMaxSeconds)});
    state.signingKey = serverKey(stateDir).string();
    state.tls = !options.tlsCert.empty();
    if (options.tlsCert.empty() != options.tlsKey.empty())
        throw Error(ErrorKind::Invalid, "give both --tls-cert and --tls-key, or neither");

    // The host's routes first, then every plugin's, compiled once.
    state.ownRoutes = srv::hostRoutes(*state.accounts, state.tls);
    state.ownRoutes.push_back({"GET", "/api/v1/routes", plugin::Access::Reader,
                               "Every route of this server with who may call it", [&state](plugin::RouteContext&) {
                                   Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
                                   for (const auto& r : state.routes) {
                                       auto j = plugin::http::object();
                                       j->set("method", r.route->method);
                                       j->set("path", r.route->pattern);
                                       j->set("access", srv::toString(r.route->access));
                                       j->set("summary", r.route->summary);
                                       list->add(j);
                                   }
                                   return plugin::http::json(list);
                               }});
    std::vector<const plugin::Route*> all;
    for (const auto& r : state.ownRoutes) all.push_back(&r);
    for (const auto& r : registries.routes) all.push_back(&r.item);
    for (const auto* r : all) state.routes.push_back({r, splitPath(r->pattern)});
    // The web interface last: its `/{path*}` takes every address no other route does.
    state.webRoutes = srv::webRoutes();
    for (const auto& r : state.webRoutes) state.routes.push_back({&r, splitPath(r.pattern), true});

    // Which key signs for the server's users: accord.xml must trust it, or the
    // reviews written here count for nothing under a policy that requires signatures.
    std::string publicKey = readFile(fs::path(*state.signingKey).string() + ".pub");
    while (!publicKey.empty() && std::isspace(static_cast<unsigned char>(publicKey.back()))) publicKey.pop_back();
    const WorkspaceConfig config = *state.mainConfig(ws);
    const bool trusted = std::any_of(config.signers.begin(), config.signers.end(), [&](const Signer& s) {
        return s.key.substr(0, s.key.rfind(' ')) == publicKey.substr(0, publicKey.rfind(' ')) || s.key == publicKey;
    });

    Poco::Net::SocketAddress address;
    try {
        address = Poco::Net::SocketAddress(options.listen);
    } catch (const Poco::Exception& e) {
        throw Error(ErrorKind::Invalid, "--listen " + options.listen + " is not HOST:PORT (" + e.message() + ")");
    }
    std::unique_ptr<Poco::Net::ServerSocket> socket;
    try {
        if (state.tls) {
            Poco::Net::Context::Ptr context = new Poco::Net::Context(
                Poco::Net::Context::TLS_SERVER_USE, options.tlsKey.string(), options.tlsCert.string(), "",
                Poco::Net::Context::VERIFY_NONE);
            socket = std::make_unique<Poco::Net::SecureServerSocket>(address, 64, context);
        } else {
            socket = std::make_unique<Poco::Net::ServerSocket>(address, 64);
        }
    } catch (const Poco::Exception& e) {
        throw Error(ErrorKind::Io, "cannot listen on " + options.listen + ": " + e.displayText());
    }

    // SIGINT and SIGTERM are taken by this thread alone (sigwait), never by a worker.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(options.threads);
    params->setMaxQueued(256);
    params->setKeepAlive(true);
    params->setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPServer server(new HandlerFactory(state), *socket, params);
    server.start();

    const std::string scheme = state.tls ? "https" : "http";
    const std::string shown = scheme + "://" + socket->address().toString();
    out << "Serving " << state.root.string() << " at " << shown << "/ (the API under /api/v1/)\n";
    out.flush();
    if (!state.tls && !socket->address().host().isLoopback())
        err << "accord: warning: listening beyond loopback without TLS: put a reverse proxy with HTTPS in front "
               "(or give --tls-cert and --tls-key)\n";
    if (!trusted)
        err << "accord: warning: reviews written here are signed with " << *state.signingKey << ".pub, which accord.xml does not trust yet:\n"
            << "  accord signer add accord-server --key " << *state.signingKey << ".pub   (on a draft, then propose it)\n";
    err.flush();

    std::atomic<bool> stopping{false};
    std::thread syncer;
    if (!options.syncWith.empty()) {
        syncer = std::thread([&] {
            while (!stopping) {
                try {
                    Workspace mine = Workspace::open(state.root);
                    mine.leaveWorkingTree();
                    mine.signWith(state.signingKey);
                    (void)mine.sync(options.syncWith);
                } catch (const std::exception& e) {
                    state.log->warn("sync with {}: {}", options.syncWith, e.what());
                }
                for (int i = 0; i < options.syncSeconds * 10 && !stopping; ++i)
                    std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        });
    }

    int signal = 0;
    sigwait(&stopSignals, &signal);
    out << "Stopping: finishing the requests in flight\n";
    out.flush();
    stopping = true;
    server.stop();
    for (int i = 0; i < 300 && server.currentConnections() > 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    server.stopAll(true);
    if (syncer.joinable()) syncer.join();
    out << "Stopped.\n";
    return 0;
}

} // namespace accord::host

namespace accord::server {

using namespace accord::workspace;

const Session* sessionOf(const plugin::RouteContext& ctx)
{
    const auto* own = dynamic_cast<const host::RequestContext*>(&ctx);
    return own && own->session ? &*own->session : nullptr;
}

bool allowed(plugin::Access access, const User* user)
{
    if (access == plugin::Access::Public) return true;
    if (!user) return false;
    if (user->hasRole("admin")) return true;
    switch (access) {
    case plugin::Access::Reader: return true;
    case plugin::Access::Drafter: return user->hasRole("drafter");
    case plugin::Access::Reviewer: return user->hasRole("reviewer");
    default: return false;
    }
}

const char* toString(plugin::Access access)
{
    switch (access) {
    case plugin::Access::Public: return "public";
    case plugin::Access::Reader: return "reader";
    case plugin::Access::Drafter: return "drafter";
    case plugin::Access::Reviewer: return "reviewer";
    case plugin::Access::Admin: return "admin";
    }
    return "admin";
}

bool mayWriteDraft(const User& user, const std::string& branch)
{
    if (!branch.starts_with("draft/")) return false;
    if (user.hasRole("admin")) return true;
    const std::string name = branch.substr(6);
    return user.hasRole("drafter") && (name == user.org || name.starts_with(user.org + "-"));
}

} // namespace accord::server
