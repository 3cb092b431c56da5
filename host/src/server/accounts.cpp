#include "server/accounts.hpp"

#include "accord/workspace/error.hpp"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <sodium.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
using namespace Poco::Data::Keywords;
using accord::workspace::Error;
using accord::workspace::ErrorKind;

namespace accord::server {
namespace {

constexpr int kSchemaVersion = 1;
constexpr std::size_t kMinPasswordChars = 10;
constexpr std::size_t kMaxPasswordBytes = 1024;
constexpr std::int64_t kLastSeenStep = 60;  // seconds between writes of lastSeen
constexpr std::size_t kTokenBytes = 32;
constexpr int kBase64Variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

const char* const kSchema[] = {
    "CREATE TABLE passwords (user TEXT PRIMARY KEY, hash TEXT NOT NULL, changed INTEGER NOT NULL)",
    "CREATE TABLE invitations (token_hash TEXT PRIMARY KEY, user TEXT NOT NULL, expires INTEGER NOT NULL)",
    "CREATE INDEX invitations_user ON invitations (user)",
    "CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, user TEXT NOT NULL, csrf TEXT NOT NULL,"
    " created INTEGER NOT NULL, last_seen INTEGER NOT NULL)",
    "CREATE INDEX sessions_user ON sessions (user)",
    // counts_for_user drops to 0 when the user signs in; the row still counts for its address.
    "CREATE TABLE login_failures (id INTEGER PRIMARY KEY, user TEXT NOT NULL, address TEXT NOT NULL,"
    " at INTEGER NOT NULL, counts_for_user INTEGER NOT NULL DEFAULT 1)",
    "CREATE INDEX login_failures_user ON login_failures (user, at)",
    "CREATE INDEX login_failures_address ON login_failures (address, at)",
    "CREATE INDEX login_failures_at ON login_failures (at)",
};
constexpr int kTables = 4;

void initSodium()
{
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw Error(ErrorKind::Io, "cannot initialise libsodium: the system's random source is unavailable");
}

void registerSqlite()
{
    static std::once_flag once;
    std::call_once(once, [] { Poco::Data::SQLite::Connector::registerConnector(); });
}

/// 32 random bytes as URL-safe base64 without padding: 43 characters.
std::string randomToken()
{
    std::array<unsigned char, kTokenBytes> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::array<char, sodium_base64_ENCODED_LEN(kTokenBytes, kBase64Variant)> text{};
    sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), kBase64Variant);
    sodium_memzero(bytes.data(), bytes.size());
    return text.data();
}

/// What the database keeps of a token: enough to find it, useless to present.
std::string tokenHash(std::string_view token)
{
    std::array<unsigned char, crypto_generichash_BYTES> digest{};
    crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(token.data()),
                       token.size(), nullptr, 0);
    std::array<char, crypto_generichash_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    return hex.data();
}

std::string hashPassword(const std::string& password)
{
    std::array<char, crypto_pwhash_STRBYTES> hash{};
    if (crypto_pwhash_str(hash.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw Error(ErrorKind::Io, "cannot hash the password: out of memory (Argon2id needs 64 MiB per hash)");
    return hash.data();
}

bool verifyPassword(const std::string& hash, const std::string& password)
{
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool needsRehash(const std::string& hash)
{
    return crypto_pwhash_str_needs_rehash(hash.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

/// A hash of a password nobody knows, for unknown users to be checked against in the same time.
const std::string& dummyHash()
{
    static const std::string hash = hashPassword(randomToken());
    return hash;
}

void checkUser(const std::string& user)
{
    if (user.empty()) throw Error(ErrorKind::Invalid, "the user name is empty: name the user to act on");
}

void checkPassword(const std::string& password)
{
    if (password.size() > kMaxPasswordBytes)
        throw Error(ErrorKind::Invalid, "the password is " + std::to_string(password.size()) + " bytes long; at most " +
                                            std::to_string(kMaxPasswordBytes) + " are allowed");
    std::size_t chars = 0;
    for (char c : password)
        if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++chars;  // not a UTF-8 continuation byte
    if (chars < kMinPasswordChars)
        throw Error(ErrorKind::Invalid, "the password has " + std::to_string(chars) +
                                            " characters; choose one of at least " +
                                            std::to_string(kMinPasswordChars));
}

/// Creates the file (and its folder) readable by its owner only, before SQLite
/// opens it; SQLite gives its journal the same mode.
void createFile(const fs::path& file)
{
    std::error_code ec;
    const fs::path folder = file.parent_path();
    if (!folder.empty() && !fs::exists(folder, ec)) {
        fs::create_directories(folder, ec);
        if (ec) throw Error(ErrorKind::Io, folder.string() + ": cannot create the folder: " + ec.message());
        fs::permissions(folder, fs::perms::owner_all, fs::perm_options::replace, ec);
    }
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0)
        throw Error(ErrorKind::Io, file.string() + ": cannot open the accounts database: " + std::strerror(errno));
    ::close(fd);
}

/// Takes away what group and others may do with a database made by hand or an older copy.
void restrictToOwner(const fs::path& file)
{
    constexpr fs::perms others = fs::perms::group_all | fs::perms::others_all;
    std::error_code ec;
    const fs::perms perms = fs::status(file, ec).permissions();
    if (!ec && (perms & others) != fs::perms::none) fs::permissions(file, others, fs::perm_options::remove, ec);
    if (ec)
        throw Error(ErrorKind::Io, file.string() + ": others may read the accounts database and its mode cannot be set to 0600: " +
                                       ec.message());
}

/// BEGIN IMMEDIATE takes the write lock up front, so a transaction that reads
/// then writes never fails half-way on another process's lock.
class Transaction {
public:
    explicit Transaction(Poco::Data::Session& db) : db_(db) { db_ << "BEGIN IMMEDIATE", now; }
    ~Transaction()
    {
        if (open_) {
            try {
                db_ << "ROLLBACK", now;
            } catch (const Poco::Exception&) {  // a destructor can do no better; the next BEGIN reports it
            }
        }
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit()
    {
        db_ << "COMMIT", now;
        open_ = false;
    }

private:
    Poco::Data::Session& db_;
    bool open_ = true;
};

std::int64_t systemNow()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

} // namespace

bool sameSecret(std::string_view a, std::string_view b) noexcept
{
    return a.size() == b.size() && (a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0);
}

struct AccountStore::Impl {
    fs::path file;
    SessionLimits sessionLimits;
    LoginLimits loginLimits;
    mutable std::mutex mutex;  // guards db and clock
    Poco::Data::Session db;
    std::function<std::int64_t()> clock = systemNow;

    Impl(const fs::path& path, SessionLimits sessions, LoginLimits logins)
        : file(path), sessionLimits(sessions), loginLimits(logins), db(open(path))
    {
        db.setConnectionTimeout(5);  // seconds another process (the CLI) may hold the write lock
        db << "PRAGMA secure_delete = ON", now;  // ended sessions and old hashes are overwritten, not left in free pages
        checkSchema();
    }

    static Poco::Data::Session open(const fs::path& path)
    {
        registerSqlite();
        return Poco::Data::Session(Poco::Data::SQLite::Connector::KEY, path.string());
    }

    void checkSchema()
    {
        int version = 0;
        db << "PRAGMA user_version", into(version), now;
        if (version > kSchemaVersion)
            throw Error(ErrorKind::Invalid, file.string() + ": accounts database of version " + std::to_string(version) +
                                                " was written by a newer Accord (this one knows " +
                                                std::to_string(kSchemaVersion) + "): upgrade Accord");
        int tables = 0;
        db << "SELECT count(*) FROM sqlite_master WHERE type = 'table'", into(tables), now;
        if (version == 0 && tables == 0) {
            Transaction tx(db);
            for (const char* statement : kSchema) db << statement, now;
            db << "PRAGMA user_version = " + std::to_string(kSchemaVersion), now;
            tx.commit();
            return;
        }
        int known = 0;
        db << "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
              "('passwords', 'invitations', 'sessions', 'login_failures')",
            into(known), now;
        if (version != kSchemaVersion || known != kTables)
            throw Error(ErrorKind::Invalid, file.string() +
                                                ": not an Accord accounts database; move it away or name another file");
    }

    std::int64_t currentTime() const { return clock(); }

    /// Runs `work` with the database error, if any, as Error(Io) naming the file.
    template <typename Work>
    auto guarded(Work&& work) const -> decltype(work())
    {
        try {
            return work();
        } catch (const Poco::Exception& e) {
            throw Error(ErrorKind::Io, file.string() + ": the accounts database failed: " + e.displayText());
        }
    }

    /// A new session for `user` at `time`; the caller holds the lock and a transaction.
    Session createSession(const std::string& user, std::int64_t time)
    {
        Session session{randomToken(), user, randomToken(), time, time};
        std::int64_t idleBefore = time - sessionLimits.idle.count();
        std::int64_t createdBefore = time - sessionLimits.absolute.count();
        db << "DELETE FROM sessions WHERE last_seen <= ? OR created <= ?", use(idleBefore), use(createdBefore), now;
        std::string hash = tokenHash(session.token);
        db << "INSERT INTO sessions (token_hash, user, csrf, created, last_seen) VALUES (?, ?, ?, ?, ?)", use(hash),
            useRef(session.user), useRef(session.csrf), use(session.created), use(session.lastSeen), now;
        return session;
    }

    /// Stores `hash` as `user`'s password and ends what the old one opened.
    void replacePassword(const std::string& user, const std::string& hash, std::int64_t time)
    {
        db << "INSERT OR REPLACE INTO passwords (user, hash, changed) VALUES (?, ?, ?)", useRef(user), useRef(hash),
            use(time), now;
        db << "DELETE FROM sessions WHERE user = ?", useRef(user), now;
        db << "DELETE FROM invitations WHERE user = ?", useRef(user), now;
    }

    /// When the lock on failures matching `condition` lifts, or nothing when it is not locked.
    std::optional<std::int64_t> lockedUntil(const std::string& condition, const std::string& key, std::int64_t time)
    {
        std::int64_t since = time - loginLimits.window.count();
        std::int64_t offset = loginLimits.maxFailures - 1;
        std::vector<std::int64_t> at;
        db << "SELECT at FROM login_failures WHERE " + condition + " AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?",
            useRef(key), use(since), use(offset), into(at), now;
        if (at.empty()) return std::nullopt;
        return at.front() + loginLimits.window.count();
    }
};

AccountStore::AccountStore(const fs::path& file, SessionLimits sessions, LoginLimits logins)
{
    if (sessions.idle.count() <= 0 || sessions.absolute.count() <= 0)
        throw Error(ErrorKind::Invalid, "session limits must be positive durations");
    if (logins.maxFailures < 1 || logins.window.count() <= 0)
        throw Error(ErrorKind::Invalid, "login limits need at least one failure and a positive window");
    initSodium();
    (void)dummyHash();  // made now, so that no sign-in pays for it and stands out by its time
    createFile(file);
    try {
        impl_ = std::make_unique<Impl>(file, sessions, logins);
    } catch (const Poco::Data::SQLite::CorruptImageException&) {
        throw Error(ErrorKind::Invalid,
                    file.string() + ": not an Accord accounts database; move it away or name another file");
    } catch (const Poco::Exception& e) {
        throw Error(ErrorKind::Io, file.string() + ": cannot open the accounts database: " + e.displayText());
    }
    restrictToOwner(file);
}

AccountStore::~AccountStore() = default;

std::string AccountStore::invite(const std::string& user, std::chrono::seconds ttl)
{
    checkUser(user);
    if (ttl.count() <= 0) throw Error(ErrorKind::Invalid, "an invitation must be valid for some time");
    return impl_->guarded([&] {
        std::lock_guard lock(impl_->mutex);
        std::int64_t time = impl_->currentTime();
        std::int64_t expires = time + ttl.count();
        std::string token = randomToken();
        std::string hash = tokenHash(token);
        Transaction tx(impl_->db);
        impl_->db << "DELETE FROM invitations WHERE user = ? OR expires <= ?", useRef(user), use(time), now;
        impl_->db << "INSERT INTO invitations (token_hash, user, expires) VALUES (?, ?, ?)", use(hash), useRef(user),
            use(expires), now;
        tx.commit();
        return token;
    });
}

std::string AccountStore::acceptInvite(const std::string& token, const std::string& password)
{
    const std::string hash = tokenHash(token);
    auto invited = [&] {
        std::int64_t time = impl_->currentTime();
        std::vector<std::string> users;
        impl_->db << "SELECT user FROM invitations WHERE token_hash = ? AND expires > ?", useRef(hash), use(time),
            into(users), now;
        if (users.empty())
            throw Error(ErrorKind::NotFound, "this invitation is unknown, used or expired: ask for a new one");
        return users.front();
    };
    impl_->guarded([&] {
        std::lock_guard lock(impl_->mutex);
        return invited();
    });
    checkPassword(password);
    const std::string passwordHash = hashPassword(password);
    return impl_->guarded([&] {
        std::lock_guard lock(impl_->mutex);
        Transaction tx(impl_->db);
        std::string user = invited();  // again: it may have been used or replaced while hashing
        impl_->db << "DELETE FROM invitations WHERE token_hash = ?", useRef(hash), now;
        impl_->replacePassword(user, passwordHash, impl_->currentTime());
        tx.commit();
        return user;
    });
}

void AccountStore::setPassword(const std::string& user, const std::string& password)
{
    checkUser(user);
    checkPassword(password);
    const std::string hash = hashPassword(password);
    impl_->guarded([&] {
        std::lock_guard lock(impl_->mutex);
        Transaction tx(impl_->db);
        impl_->replacePassword(user, hash, impl_->currentTime());
        tx.commit();
    });
}

bool AccountStore::hasPassword(const std::string& user) const
{
    return impl_->guarded([&] {
        std::lock_guard lock(impl_->mutex);
        int count = 0;
        impl_->db << "SELECT count(*) FROM passwords WHERE user = ?", useRef(user), into(count), now;
        return count > 0;
    });
}

std::optional<Session> AccountStore::login(const std::string& user, const std::string& password,
                                           const std::string& address)
{
    // The attempt is recorded as a failure before the password is checked, so
    // parallel guesses all count; a success takes it back.
    std::int64_t attempt = 0;
    std::string stored;
    impl_->guarded([&] {
        std::lock_guard lock(impl_->mutex);
        std::int64_t time = impl_->currentTime();
        Transaction tx(impl_->db);
        std::int64_t forgotten = time - impl_->loginLimits.window.count();
        impl_->db << "DELETE FROM login_failures WHERE at <= ?", use(forgotten), now;
        auto until = impl_->lockedUntil("user = ? AND counts_for_user = 1", user, time);
        if (!until && !address.empty()) until = impl_->lockedUntil("address = ?", address, time);
        if (until) {
            std::int64_t minutes = (*until - time + 59) / 60;
            throw Error(ErrorKind::Locked, "too many failed sign-ins for this user or from this address: try again in " +
                                               std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes"));
        }
        impl_->db << "INSERT INTO login_failures (user, address, at) VALUES (?, ?, ?)", useRef(user), useRef(address),
            use(time), now;
        impl_->db << "SELECT last_insert_rowid()", into(attempt), now;
        std::vector<std::string> hashes;
        impl_->db << "SELECT hash FROM passwords WHERE user = ?", useRef(user), into(hashes), now;
        if (!hashes.empty()) stored = hashes.front();
        tx.commit();
    });

    const bool known = !stored.empty();
    if (!verifyPassword(known ? stored : dummyHash(), password) || !known) return std::nullopt;
    const std::string rehashed = needsRehash(stored) ? hashPassword(password) : std::string();

    return impl_->guarded([&]() -> std::optional<Session> {
        std::lock_guard lock(impl_->mutex);
        Transaction tx(impl_->db);
        std::vector<std::string> hashes;
        impl_->db << "SELECT hash FROM passwords WHERE user = ?", useRef(user), into(hashes), now;
        if (hashes.empty() || hashes.front() != stored) return std::nullopt;  // reset while we were checking
        impl_->db << "DELETE FROM login_failures WHERE id = ?", use(attempt), now;
        impl_->db << "UPDATE login_failures SET counts_for_user = 0 WHERE user = ?", useRef(user), now;
        if (!rehashed.empty())
            impl_->db << "UPDATE passwords SET hash = ? WHERE user = ?", useRef(rehashed), useRef(user), now;
        Session session = impl_->createSession(user, impl_->currentTime());
        tx.commit();
        return session;
    });
}

std::optional<Session> AccountStore::findSession(const std::string& token)
{
    const std::string hash = tokenHash(token);
    return impl_->guarded([&]() -> std::optional<Session> {
        std::lock_guard lock(impl_->mutex);
        std::int64_t time = impl_->currentTime();
        std::vector<std::string> users;
        std::vector<std::string> csrfs;
        std::vector<std::int64_t> created;
        std::vector<std::int64_t> lastSeen;
        impl_->db << "SELECT user, csrf, created, last_seen FROM sessions WHERE token_hash = ?", useRef(hash),
            into(users), into(csrfs), into(created), into(lastSeen), now;
        if (users.empty()) return std::nullopt;
        Session session{"", users.front(), csrfs.front(), created.front(), lastSeen.front()};
        if (time - session.lastSeen >= impl_->sessionLimits.idle.count() ||
            time - session.created >= impl_->sessionLimits.absolute.count()) {
            impl_->db << "DELETE FROM sessions WHERE token_hash = ?", useRef(hash), now;
            return std::nullopt;
        }
        // Written at most once a minute (or a tenth of the idle time, when shorter) to keep reads cheap.
        if (time - session.lastSeen >= std::min<std::int64_t>(kLastSeenStep, impl_->sessionLimits.idle.count() / 10)) {
            session.lastSeen = time;
            impl_->db << "UPDATE sessions SET last_seen = ? WHERE token_hash = ?", use(time), useRef(hash), now;
        }
        return session;
    });
}

void AccountStore::endSession(const std::string& token)
{
    const std::string hash = tokenHash(token);
    impl_->guarded([&] {
        std::lock_guard lock(impl_->mutex);
        impl_->db << "DELETE FROM sessions WHERE token_hash = ?", useRef(hash), now;
    });
}

void AccountStore::endSessionsOf(const std::string& user)
{
    impl_->guarded([&] {
        std::lock_guard lock(impl_->mutex);
        impl_->db << "DELETE FROM sessions WHERE user = ?", useRef(user), now;
    });
}

void AccountStore::setClock(std::function<std::int64_t()> clock)
{
    std::lock_guard lock(impl_->mutex);
    impl_->clock = clock ? std::move(clock) : systemNow;
}

} // namespace accord::server
