#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

namespace accord::host {

struct Registries;

/// How `accord serve` runs.
struct ServeOptions {
    std::filesystem::path workspace;  ///< the workspace's root
    std::string listen = "127.0.0.1:8470";
    std::filesystem::path tlsCert, tlsKey;  ///< both or neither: HTTPS when given
    /// The server's own folder: the account store and the signing key. Default:
    /// `.git/accord-server/` of the workspace, beside the repository, never in a commit.
    std::filesystem::path stateDir;
    std::size_t maxBody = 4 * 1024 * 1024;  ///< larger request bodies are refused with 413
    int threads = 16;
    int sessionIdleSeconds = 8 * 3600;      ///< a session unused this long ends
    int sessionMaxSeconds = 7 * 24 * 3600;  ///< and any session this long after sign-in
    std::string syncWith;  ///< a remote to keep in step with (accord sync), empty for none
    int syncSeconds = 60;
};

/// Whether this program holds the server (`accord-serve`, the tests); `accord` itself hands
/// every `serve` command to `accord-serve`, so that no other command loads what the server needs.
[[nodiscard]] bool serverInThisProgram();

/// The server's folder for a workspace when none is given.
[[nodiscard]] std::filesystem::path defaultStateDir(const std::filesystem::path& workspaceRoot);

/// Serves the workspace until SIGINT or SIGTERM, then stops taking connections and
/// finishes the requests in flight. Prints the address it listens on to `out`.
/// Returns the exit status.
int serve(const ServeOptions& options, const Registries& registries, std::ostream& out, std::ostream& err);

/// `accord serve invite USER`: a one-time link to set a password. Throws Error(NotFound)
/// for a user accord.xml on main does not declare.
[[nodiscard]] std::string inviteUser(const std::filesystem::path& workspaceRoot, const std::filesystem::path& stateDir,
                                     const std::string& user, const std::string& baseUrl);
/// `accord serve passwd USER`: sets a password and ends the user's sessions.
void setUserPassword(const std::filesystem::path& workspaceRoot, const std::filesystem::path& stateDir,
                     const std::string& user, const std::string& password);

} // namespace accord::host
