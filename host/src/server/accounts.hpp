#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

/// The server's account store: the secrets that never go into git.
namespace accord::server {

/// A signed-in browser. Times are seconds since the epoch.
struct Session {
    std::string token;  ///< the bearer secret: only returned by login(), never stored or read back
    std::string user;
    std::string csrf;   ///< random per session; the browser echoes it on every change
    std::int64_t created = 0;
    std::int64_t lastSeen = 0;  ///< written at most once a minute, so up to a minute behind
};

/// How long a session lives: `idle` since it was last used, `absolute` since it began.
struct SessionLimits {
    std::chrono::seconds idle{std::chrono::hours(8)};
    std::chrono::seconds absolute{std::chrono::days(7)};
};

/// Sign-in throttling: `maxFailures` within `window`, counted per user and per address.
struct LoginLimits {
    int maxFailures = 5;
    std::chrono::seconds window{std::chrono::minutes(15)};
};

/// Passwords (Argon2id), one-time invitations, sessions and failed sign-ins, in
/// an SQLite file readable by its owner only. Tokens are kept as BLAKE2b hashes,
/// so a copy of the file opens no session and accepts no invitation.
///
/// Errors are accord::workspace::Error: NotFound for an unknown, used or expired
/// invitation, Invalid for a password or file that breaks the rules, Locked for
/// too many failed sign-ins, Io when the database fails.
///
/// Thread-safe: every member may be called from any thread; password hashing
/// runs outside the store's lock, so slow sign-ins do not hold up sessions.
class AccountStore {
public:
    /// Opens the database at `file`, creating it (and its folder) on first use
    /// with mode 0600; the schema is created or checked. Throws Error(Invalid)
    /// for a file that is not an accounts database or is of a newer version,
    /// Error(Io) when it cannot be opened.
    explicit AccountStore(const std::filesystem::path& file, SessionLimits sessions = {}, LoginLimits logins = {});
    ~AccountStore();
    AccountStore(const AccountStore&) = delete;
    AccountStore& operator=(const AccountStore&) = delete;

    /// A one-time token to set `user`'s password, valid for `ttl`; a newer
    /// invitation replaces older ones for that user.
    [[nodiscard]] std::string invite(const std::string& user, std::chrono::seconds ttl = std::chrono::days(7));

    /// Sets the password of the user the invitation names, uses the invitation
    /// up and ends that user's sessions; returns the user. Error(NotFound) for an
    /// unknown, used or expired token; Error(Invalid) for a password of fewer
    /// than 10 characters (UTF-8 code points) or more than 1024 bytes, and the
    /// invitation stays usable.
    std::string acceptInvite(const std::string& token, const std::string& password);

    /// Sets (or resets) a password directly, with the same rules as acceptInvite;
    /// ends the user's sessions and withdraws any invitation of theirs.
    void setPassword(const std::string& user, const std::string& password);

    [[nodiscard]] bool hasPassword(const std::string& user) const;

    /// Signs in: a new session, or nothing for a wrong user or password; both
    /// take the same time. Throws Error(Locked) when `user`, or `address` (the
    /// client's IP; empty counts for no address), had maxFailures failures within
    /// the window, before looking at the password. Failures are recorded; a
    /// success clears that user's.
    [[nodiscard]] std::optional<Session> login(const std::string& user, const std::string& password,
                                               const std::string& address);

    /// The session of `token` (its `token` field left empty) unless it is idle
    /// or absolutely expired, in which case it is ended; refreshes lastSeen.
    [[nodiscard]] std::optional<Session> findSession(const std::string& token);

    void endSession(const std::string& token);
    void endSessionsOf(const std::string& user);

    /// For tests: a clock, in seconds since the epoch, to use instead of the system's.
    void setClock(std::function<std::int64_t()> clock);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Compares two secrets (a CSRF token with the session's) in time that does not
/// depend on where they differ.
[[nodiscard]] bool sameSecret(std::string_view a, std::string_view b) noexcept;

} // namespace accord::server
