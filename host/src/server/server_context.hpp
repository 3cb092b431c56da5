#pragma once

// What the server's sources share: the route table, the request context, problems.

#include "accord/host/plugin_manager.hpp"
#include "accord/plugin/api.hpp"
#include "accord/plugin/http.hpp"
#include "accord/workspace/workspace.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace accord::server {

class AccountStore;

using HttpProblem = plugin::http::Problem;

/// Whether `user` (null: nobody signed in) may call a route guarded by `access`.
[[nodiscard]] bool allowed(plugin::Access access, const workspace::User* user);
[[nodiscard]] const char* toString(plugin::Access access);

/// Whether a drafter may write on `branch`: drafts named after their organisation
/// (`ORG` or `ORG-…`); an admin on any draft.
[[nodiscard]] bool mayWriteDraft(const workspace::User& user, const std::string& branch);

struct Session;
/// The session a request of the host's own came with (looked up once, before the
/// route runs), or null.
[[nodiscard]] const Session* sessionOf(const plugin::RouteContext& ctx);

/// The host's own routes: the session, the workspace, documents, drafts, edits,
/// diffs, checks and downloads. Added to the registries before the plugins' routes.
[[nodiscard]] std::vector<plugin::Route> hostRoutes(AccountStore& accounts, bool secureCookies);

/// The web interface's routes, public: its built files (`/assets/{name}`), and
/// index.html at every other address outside /api/ (`/{path*}`, the rest of the address).
[[nodiscard]] std::vector<plugin::Route> webRoutes();

/// The name of the session cookie.
inline constexpr const char* kSessionCookie = "accord_session";

} // namespace accord::server
