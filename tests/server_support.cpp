#include "server_support.hpp"

#include <doctest/doctest.h>

#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <thread>

namespace fs = std::filesystem;

namespace accord::test {

Poco::JSON::Object::Ptr Reply::json() const
{
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::string Reply::etag() const
{
    const std::string e = headers.at("ETag");
    return e.substr(1, e.size() - 2);
}

Reply Client::send(const std::string& method, const std::string& path, const std::string& body,
                   const std::map<std::string, std::string>& headers)
{
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (tls_) {
        Poco::Net::Context::Ptr context =
            new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_NONE);
        session = std::make_unique<Poco::Net::HTTPSClientSession>("127.0.0.1", static_cast<Poco::UInt16>(port_), context);
    } else {
        session = std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", static_cast<Poco::UInt16>(port_));
    }
    session->setTimeout(Poco::Timespan(60, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!cookie_.empty()) request.set("Cookie", cookie_);
    if (!csrf.empty() && method != "GET") request.set("X-CSRF-Token", csrf);
    for (const auto& [k, v] : headers) request.set(k, v);
    if (!body.empty()) {
        request.setContentType("application/json");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
    } else if (method != "GET") {
        request.setContentLength(0);
    }
    session->sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session->receiveResponse(response);
    Reply r;
    r.status = response.getStatus();
    Poco::StreamCopier::copyToString(in, r.body);
    for (const auto& [k, v] : response) {
        if (k == "Set-Cookie") r.cookies.push_back(v);
        r.headers[k] = v;
    }
    for (const auto& c : r.cookies)
        if (c.rfind("accord_session=", 0) == 0) cookie_ = c.substr(0, c.find(';'));
    return r;
}

Reply Client::signIn(const std::string& user, const std::string& password)
{
    Reply r = send("POST", "/api/v1/session", R"({"user":")" + user + R"(","password":")" + password + R"("})");
    if (r.status == 200) csrf = r.json()->getValue<std::string>("csrf");
    return r;
}

int freePort()
{
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1:0"));
    return probe.address().port();
}

Served::Served(std::vector<std::string> serveArgs) : args(std::move(serveArgs))
{
    ws = exampleWorkspace(dir);
    state = dir / "state";
    fs::create_directories(state);
    for (std::size_t i = 0; i < args.size(); ++i) tls = tls || args[i] == "--tls-cert";
    const fs::path key = keyOf(dir.path(), "server");
    fs::copy_file(key, state / "signing-key");
    fs::copy_file(key.string() + ".pub", state / "signing-key.pub");
    auto ok = [](const RunResult& r) { REQUIRE_MESSAGE(r.status == 0, r.err); };
    struct Person {
        const char *id, *name, *org, *roles;
    };
    for (const Person& p : {Person{"minji", "Kim Minji", "mrlf", "drafter,reviewer,admin"},
                            Person{"an", "Nguyen Van An", "jumw", "drafter"},
                            Person{"bich", "Tran Thi Bich", "jumw", "reviewer"},
                            Person{"rizal", "Rizal Hakim", "mfrn", "drafter"},
                            Person{"sungmin", "오성민", "gnmc", "reviewer"}})
        ok(runAccord({"user", "add", p.id, "--name", p.name, "--email", std::string(p.id) + "@example.org", "--org", p.org,
                      "--role", p.roles},
                     ws));
    ok(runAccord({"signer", "add", "accord-server", "--key", (state / "signing-key.pub").string()}, ws));
    ok(runAccord({"commit", "-m", "The coalition and its first text"}, ws));
    start();
    for (const char* user : {"minji", "an", "bich", "rizal", "sungmin"}) {
        auto link = runAccord({"serve", "invite", user, "--state-dir", state.string()}, ws);
        REQUIRE_MESSAGE(link.status == 0, link.err);
        const std::string token = link.out.substr(link.out.rfind('/') + 1, 43);
        Client c(port, tls);
        auto accepted =
            c.send("POST", "/api/v1/invitations", R"({"token":")" + token + R"(","password":")" + kPassword + R"("})");
        REQUIRE_MESSAGE(accepted.status == 200, accepted.body);
    }
}

void Served::start()
{
    port = freePort();
    std::vector<std::string> command = {"serve", "--listen", "127.0.0.1:" + std::to_string(port), "--state-dir",
                                        state.string()};
    command.insert(command.end(), args.begin(), args.end());
    server = startAccord(command, ws);
    for (int i = 0; i < 400; ++i) {
        try {
            Client probe(port, tls);
            if (probe.send("GET", "/api/v1/session").status == 200) return;
        } catch (const Poco::Exception&) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL("the server did not start: " << server->wait().err);
}

RunResult Served::stop()
{
    server->terminate();
    RunResult r = server->wait();
    server.reset();
    return r;
}

Client Served::as(const std::string& user) const
{
    Client c(port, tls);
    auto r = c.signIn(user, kPassword);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    return c;
}

Served::~Served()
{
    if (server) (void)stop();
}

} // namespace accord::test
