#pragma once

// `accord serve` for tests: a client that keeps a cookie and a CSRF token, and
// the example coalition's workspace served on a loopback port.

#include "support.hpp"

#include <Poco/JSON/Object.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace accord::test {

struct Reply {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;
    std::vector<std::string> cookies;

    [[nodiscard]] Poco::JSON::Object::Ptr json() const;
    /// The ETag without its quotes: the commit a read or an edit names.
    [[nodiscard]] std::string etag() const;
};

/// A browser's view of the server: its cookie and CSRF token.
class Client {
public:
    explicit Client(int port, bool tls = false) : port_(port), tls_(tls) {}
    Reply send(const std::string& method, const std::string& path, const std::string& body = {},
               const std::map<std::string, std::string>& headers = {});
    Reply signIn(const std::string& user, const std::string& password);
    std::string csrf;

private:
    int port_;
    bool tls_;
    std::string cookie_;
};

/// A free port on loopback, for a server to listen on.
[[nodiscard]] int freePort();

/// The password every person of Served has.
inline constexpr const char* kPassword = "정말 긴 비밀번호 1234";

/// The example coalition's workspace, committed, with people who have passwords
/// (minji: mrlf admin; an: jumw drafter; bich: jumw reviewer; rizal: mfrn drafter;
/// sungmin: gnmc reviewer), the server's key trusted, and `accord serve` running.
struct Served {
    explicit Served(std::vector<std::string> serveArgs = {});
    ~Served();
    Served(const Served&) = delete;
    Served& operator=(const Served&) = delete;

    /// Starts (again) `accord serve` on a new port, with `extra` options; waits until it answers.
    void start();
    /// Stops it with SIGTERM and returns what it printed.
    RunResult stop();
    /// A client signed in as `user`.
    [[nodiscard]] Client as(const std::string& user) const;

    TempDir dir;
    std::filesystem::path ws;
    std::filesystem::path state;
    std::vector<std::string> args;
    bool tls = false;
    int port = 0;
    std::unique_ptr<Started> server;
};

} // namespace accord::test
