// The server's include folder is private to accord_server, hence the relative path.
#include "../host/src/server/accounts.hpp"

#include "support.hpp"

#include "accord/workspace/error.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using accord::server::AccountStore;
using accord::server::Session;
using accord::test::contains;
using accord::test::readText;
using accord::test::TempDir;
using accord::test::writeText;
using accord::workspace::Error;
using accord::workspace::ErrorKind;

namespace {

const std::string kPassword = "correct horse battery";
const std::string kWrong = "incorrect horse battery";
constexpr std::int64_t kStart = 1'700'000'000;

/// The kind of Error `action` throws, or nothing when it returns.
template <typename Action>
std::optional<ErrorKind> errorOf(Action&& action)
{
    try {
        action();
    } catch (const Error& e) {
        return e.kind();
    }
    return std::nullopt;
}

/// Every byte the store left in its folder: the database and any journal beside it.
std::string bytesIn(const fs::path& folder)
{
    std::string all;
    for (const auto& entry : fs::directory_iterator(folder)) all += readText(entry.path());
    return all;
}

} // namespace

TEST_SUITE("accounts")
{
    TEST_CASE("an invitation sets a password once and only once")
    {
        TempDir dir;
        AccountStore store(dir / "accounts.db");
        std::string token = store.invite("minji");
        CHECK_FALSE(store.hasPassword("minji"));

        CHECK(store.acceptInvite(token, kPassword) == "minji");
        CHECK(store.hasPassword("minji"));
        CHECK(errorOf([&] { store.acceptInvite(token, "a password of my own"); }) == ErrorKind::NotFound);
        CHECK(store.login("minji", kPassword, "10.0.0.1").has_value());
    }

    TEST_CASE("an expired invitation is refused")
    {
        TempDir dir;
        AccountStore store(dir / "accounts.db");
        std::int64_t t = kStart;
        store.setClock([&t] { return t; });
        std::string token = store.invite("minji", 1h);
        t += 3600;
        CHECK(errorOf([&] { store.acceptInvite(token, kPassword); }) == ErrorKind::NotFound);
        CHECK_FALSE(store.hasPassword("minji"));
    }

    TEST_CASE("a newer invitation replaces the older one")
    {
        TempDir dir;
        AccountStore store(dir / "accounts.db");
        std::string first = store.invite("minji");
        std::string second = store.invite("minji");
        CHECK(errorOf([&] { store.acceptInvite(first, kPassword); }) == ErrorKind::NotFound);
        CHECK(store.acceptInvite(second, kPassword) == "minji");
    }

    TEST_CASE("a password under 10 characters or over 1024 bytes is refused and the invitation stays usable")
    {
        TempDir dir;
        AccountStore store(dir / "accounts.db");
        std::string token = store.invite("minji");
        CHECK(errorOf([&] { store.acceptInvite(token, "too short"); }) == ErrorKind::Invalid);
        CHECK(errorOf([&] { store.acceptInvite(token, std::string(1025, 'a')); }) == ErrorKind::Invalid);
        CHECK(errorOf([&] { store.setPassword("minji", "123456789"); }) == ErrorKind::Invalid);
        CHECK_FALSE(store.hasPassword("minji"));
        CHECK(store.acceptInvite(token, std::string(1024, 'a')) == "minji");
    }

    TEST_CASE("a wrong password gives nothing, the right one a session")
    {
        TempDir dir;
        AccountStore store(dir / "accounts.db");
        store.setPassword("minji", kPassword);
        CHECK_FALSE(store.login("minji", kWrong, "10.0.0.1").has_value());

        std::optional<Session> session = store.login("minji", kPassword, "10.0.0.1");
        REQUIRE(session.has_value());
        CHECK(session->user == "minji");
        CHECK(session->token.size() == 43);  // 32 random bytes in URL-safe base64
        CHECK(store.findSession(session->token)->user == "minji");
    }

    TEST_CASE("an unknown user, or one invited who has no password yet, gets nothing")
    {
        TempDir dir;
        AccountStore store(dir / "accounts.db");
        (void)store.invite("jiho");
        CHECK_FALSE(store.login("nobody", kPassword, "10.0.0.1").has_value());
        CHECK_FALSE(store.login("jiho", kPassword, "10.0.0.1").has_value());
        CHECK_FALSE(store.login("", "", "10.0.0.1").has_value());
    }

    TEST_CASE("the database never holds a password or a token in clear")
    {
        TempDir dir;
        std::string accepted;
        std::string pending;
        std::string session;
        {
            AccountStore store(dir / "secrets/accounts.db");
            accepted = store.invite("minji");
            (void)store.acceptInvite(accepted, kPassword);
            pending = store.invite("jiho");
            session = store.login("minji", kPassword, "10.0.0.1")->token;
            CHECK(store.findSession(session).has_value());  // the session is there to be found
        }
        std::string bytes = bytesIn(dir / "secrets");
        CHECK(contains(bytes, "minji"));  // the rows are in what was read
        CHECK_FALSE(contains(bytes, kPassword));
        CHECK_FALSE(contains(bytes, accepted));
        CHECK_FALSE(contains(bytes, pending));
        CHECK_FALSE(contains(bytes, session));
    }

    TEST_CASE("a session expires after 8 hours idle")
    {
        TempDir dir;
        AccountStore store(dir / "accounts.db");
        std::int64_t t = kStart;
        store.setClock([&t] { return t; });
        store.setPassword("minji", kPassword);
        std::string token = store.login("minji", kPassword, "10.0.0.1")->token;

        t += 8 * 3600 - 60;
        CHECK(store.findSession(token).has_value());  // and that use restarts the idle time
        t += 8 * 3600 - 60;
        CHECK(store.findSession(token).has_value());
        t += 8 * 3600;
        CHECK_FALSE(store.findSession(token).has_value());
        t -= 8 * 3600;  // an ended session stays ended
        CHECK_FALSE(store.findSession(token).has_value());
    }

    TEST_CASE("a session expires 7 days after sign-in however busy it is")
    {
        TempDir dir;
        AccountStore store(dir / "accounts.db");
        std::int64_t t = kStart;
        store.setClock([&t] { return t; });
        store.setPassword("minji", kPassword);
        std::string token = store.login("minji", kPassword, "10.0.0.1")->token;

        for (t = kStart + 3600; t < kStart + 7 * 24 * 3600; t += 3600) REQUIRE(store.findSession(token).has_value());
        t = kStart + 7 * 24 * 3600;
        CHECK_FALSE(store.findSession(token).has_value());
    }

    TEST_CASE("lastSeen is written at most once a minute")
    {
        TempDir dir;
        AccountStore store(dir / "accounts.db");
        std::int64_t t = kStart;
        store.setClock([&t] { return t; });
        store.setPassword("minji", kPassword);
        std::string token = store.login("minji", kPassword, "10.0.0.1")->token;

        t += 30;
        CHECK(store.findSession(token)->lastSeen == kStart);
        t += 40;
        CHECK(store.findSession(token)->lastSeen == kStart + 70);
        t += 10;
        Session session = *store.findSession(token);
        CHECK(session.lastSeen == kStart + 70);
        CHECK(session.created == kStart);
    }

    TEST_CASE("each session has its own CSRF token, returned by findSession, and never its bearer token")
    {
        TempDir dir;
        AccountStore store(dir / "accounts.db");
        store.setPassword("minji", kPassword);
        Session first = *store.login("minji", kPassword, "10.0.0.1");
        Session second = *store.login("minji", kPassword, "10.0.0.2");
        CHECK(first.csrf.size() == 43);
        CHECK(first.csrf != second.csrf);
        CHECK(first.csrf != first.token);

        Session found = *store.findSession(first.token);
        CHECK(found.csrf == first.csrf);
        CHECK(found.token.empty());
    }

    TEST_CASE("logout ends that session and no other")
    {
        TempDir dir;
        AccountStore store(dir / "accounts.db");
        store.setPassword("minji", kPassword);
        std::string laptop = store.login("minji", kPassword, "10.0.0.1")->token;
        std::string phone = store.login("minji", kPassword, "10.0.0.2")->token;
        store.endSession(laptop);
        CHECK_FALSE(store.findSession(laptop).has_value());
        CHECK(store.findSession(phone).has_value());
    }

    TEST_CASE("endSessionsOf ends every session of that user and no one else's")
    {
        TempDir dir;
        AccountStore store(dir / "accounts.db");
        store.setPassword("minji", kPassword);
        store.setPassword("jiho", kPassword);
        std::string laptop = store.login("minji", kPassword, "10.0.0.1")->token;
        std::string phone = store.login("minji", kPassword, "10.0.0.2")->token;
        std::string other = store.login("jiho", kPassword, "10.0.0.3")->token;
        store.endSessionsOf("minji");
        CHECK_FALSE(store.findSession(laptop).has_value());
        CHECK_FALSE(store.findSession(phone).has_value());
        CHECK(store.findSession(other).has_value());
    }

    TEST_CASE("five failures lock the user from every address, even with the right password, until the window passes")
    {
        TempDir dir;
        AccountStore store(dir / "accounts.db");
        std::int64_t t = kStart;
        store.setClock([&t] { return t; });
        store.setPassword("minji", kPassword);
        store.setPassword("jiho", kPassword);
        for (int i = 0; i < 5; ++i) CHECK_FALSE(store.login("minji", kWrong, "10.0.0." + std::to_string(i)).has_value());

        CHECK(errorOf([&] { (void)store.login("minji", kPassword, "10.0.1.1"); }) == ErrorKind::Locked);
        CHECK_THROWS_WITH((void)store.login("minji", kPassword, "10.0.1.1"), doctest::Contains("try again in 15 minutes"));
        CHECK(store.login("jiho", kPassword, "10.0.1.1").has_value());  // other users are not held up
        t += 15 * 60;
        CHECK(store.login("minji", kPassword, "10.0.1.1").has_value());
    }

    TEST_CASE("five failures from one address lock it for every user until the window passes")
    {
        TempDir dir;
        AccountStore store(dir / "accounts.db");
        std::int64_t t = kStart;
        store.setClock([&t] { return t; });
        store.setPassword("minji", kPassword);
        for (int i = 0; i < 5; ++i) CHECK_FALSE(store.login("user" + std::to_string(i), kWrong, "10.0.0.1").has_value());

        CHECK(errorOf([&] { (void)store.login("minji", kPassword, "10.0.0.1"); }) == ErrorKind::Locked);
        CHECK(store.login("minji", kPassword, "10.0.0.2").has_value());
        t += 15 * 60;
        CHECK(store.login("minji", kPassword, "10.0.0.1").has_value());
    }

    TEST_CASE("a successful sign-in clears the user's failures")
    {
        TempDir dir;
        AccountStore store(dir / "accounts.db");
        store.setPassword("minji", kPassword);
        for (int i = 0; i < 4; ++i) CHECK_FALSE(store.login("minji", kWrong, "10.0.0." + std::to_string(i)).has_value());
        CHECK(store.login("minji", kPassword, "10.0.1.1").has_value());
        for (int i = 0; i < 4; ++i) CHECK_FALSE(store.login("minji", kWrong, "10.0.2." + std::to_string(i)).has_value());
        CHECK(store.login("minji", kPassword, "10.0.3.1").has_value());
    }

    TEST_CASE("guesses made at the same time all count towards the lock")
    {
        TempDir dir;
        AccountStore store(dir / "accounts.db");
        store.setPassword("minji", kPassword);
        std::atomic<int> refused{0};
        std::atomic<int> locked{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 8; ++i)
            threads.emplace_back([&] {
                if (errorOf([&] {
                        if (!store.login("minji", kWrong, "10.0.0.1")) ++refused;
                    }) == ErrorKind::Locked)
                    ++locked;
            });
        for (auto& thread : threads) thread.join();
        CHECK(refused == 5);
        CHECK(locked == 3);
    }

    TEST_CASE("a Korean password works, its length counted in characters rather than bytes")
    {
        TempDir dir;
        AccountStore store(dir / "accounts.db");
        const std::string ten = "함께사는세상을만들자";  // 10 characters, 30 bytes
        const std::string nine = "함께사는세상을만들";   // 9 characters, 27 bytes
        CHECK(errorOf([&] { store.setPassword("minji", nine); }) == ErrorKind::Invalid);

        store.setPassword("minji", ten);
        CHECK_FALSE(store.login("minji", nine, "10.0.0.1").has_value());
        CHECK(store.login("minji", ten, "10.0.0.1").has_value());
    }

    TEST_CASE("resetting a password ends the user's sessions and the old password")
    {
        TempDir dir;
        AccountStore store(dir / "accounts.db");
        store.setPassword("minji", kPassword);
        std::string token = store.login("minji", kPassword, "10.0.0.1")->token;

        store.setPassword("minji", "a brand new password");
        CHECK_FALSE(store.findSession(token).has_value());
        CHECK_FALSE(store.login("minji", kPassword, "10.0.0.1").has_value());
        CHECK(store.login("minji", "a brand new password", "10.0.0.1").has_value());
    }

    TEST_CASE("setting a password withdraws the user's invitation")
    {
        TempDir dir;
        AccountStore store(dir / "accounts.db");
        std::string token = store.invite("minji");
        store.setPassword("minji", kPassword);
        CHECK(errorOf([&] { store.acceptInvite(token, "someone else's password"); }) == ErrorKind::NotFound);
        CHECK(store.login("minji", kPassword, "10.0.0.1").has_value());
    }

    TEST_CASE("the store survives reopening")
    {
        TempDir dir;
        std::string session;
        std::string invitation;
        {
            AccountStore store(dir / "accounts.db");
            store.setPassword("minji", kPassword);
            session = store.login("minji", kPassword, "10.0.0.1")->token;
            invitation = store.invite("jiho");
        }
        AccountStore store(dir / "accounts.db");
        CHECK(store.hasPassword("minji"));
        CHECK(store.findSession(session)->user == "minji");
        CHECK(store.acceptInvite(invitation, kPassword) == "jiho");
        CHECK(store.login("minji", kPassword, "10.0.0.1").has_value());
    }

    TEST_CASE("the database is created with its folder, readable by its owner only")
    {
        TempDir dir;
        fs::path file = dir / "state/server/accounts.db";
        { AccountStore store(file); }
        constexpr fs::perms others = fs::perms::group_all | fs::perms::others_all;
        CHECK((fs::status(file).permissions() & others) == fs::perms::none);

        fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
        { AccountStore store(file); }
        CHECK((fs::status(file).permissions() & others) == fs::perms::none);
    }

    TEST_CASE("a file that is not an accounts database is refused and left alone")
    {
        TempDir dir;
        const std::string text = "This is a note, not a database. It is long enough to hold an SQLite header.\n";
        writeText(dir / "notes.txt", text);
        const fs::perms perms = fs::status(dir / "notes.txt").permissions();
        CHECK(errorOf([&] { AccountStore store(dir / "notes.txt"); }) == ErrorKind::Invalid);
        CHECK(readText(dir / "notes.txt") == text);
        CHECK(fs::status(dir / "notes.txt").permissions() == perms);
    }

    TEST_CASE("a database written by a newer Accord is refused")
    {
        TempDir dir;
        { AccountStore store(dir / "accounts.db"); }
        std::string bytes = readText(dir / "accounts.db");
        bytes[63] = '\x02';  // SQLite keeps PRAGMA user_version big-endian at offset 60
        writeText(dir / "accounts.db", bytes);
        CHECK_THROWS_WITH_AS(AccountStore(dir / "accounts.db"), doctest::Contains("newer Accord"), Error);
    }

    TEST_CASE("sameSecret tells equal secrets from different ones")
    {
        using accord::server::sameSecret;
        CHECK(sameSecret("abcdef", "abcdef"));
        CHECK_FALSE(sameSecret("abcdef", "abcdeg"));
        CHECK_FALSE(sameSecret("abcdef", "abcde"));
        CHECK(sameSecret("", ""));
    }
}
