// `accord serve` against a real HTTP client on loopback: the route × role table,
// sessions and CSRF, part edits that merge, proposals through the API, the web
// interface's pages and assets.

#include "server_support.hpp"
#include "support.hpp"

#include "accord/workspace/document.hpp"

#include <doctest/doctest.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Exception.h>
#include <Poco/InflatingStream.h>
#include <Poco/StreamCopier.h>

#include <cctype>
#include <chrono>
#include <map>
#include <set>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using namespace accord::test;

namespace {

const std::string kDoc = "/api/v1/documents/nap4-migrants";

std::string draftPath(const std::string& draft, const std::string& rest)
{
    return "/api/v1/drafts/" + draft + "/documents/nap4-migrants" + rest;
}

std::string etagOf(const Reply& r)
{
    return r.etag();
}

std::string gunzip(const std::string& bytes)
{
    std::istringstream in(bytes);
    Poco::InflatingInputStream inflate(in, Poco::InflatingStreamBuf::STREAM_GZIP);
    std::string out;
    Poco::StreamCopier::copyToString(inflate, out);
    return out;
}

/// A recommendation as read, its Korean text replaced by one paragraph: the body of a PUT.
std::string withKoreanText(const Reply& read, const std::string& text)
{
    auto rec = read.json();
    auto texts = rec->getArray("texts");
    auto ko = texts->getObject(0)->getValue<std::string>("lang") == "ko" ? texts->getObject(0) : texts->getObject(1);
    Poco::JSON::Array::Ptr paragraph = new Poco::JSON::Array;
    paragraph->add(text);
    Poco::JSON::Array::Ptr paragraphs = new Poco::JSON::Array;
    paragraphs->add(paragraph);
    ko->set("paragraphs", paragraphs);
    std::ostringstream body;
    rec->stringify(body);
    return body.str();
}

/// The headers every answer of the server carries, pages and API alike.
void checkSecurityHeaders(const Reply& r)
{
    const auto header = [&r](const std::string& name) {
        auto it = r.headers.find(name);
        return it == r.headers.end() ? std::string() : it->second;
    };
    const std::string csp = header("Content-Security-Policy");
    CHECK(contains(csp, "default-src 'none'"));
    CHECK(contains(csp, "script-src 'self'"));
    CHECK(contains(csp, "style-src 'self'"));
    CHECK(contains(csp, "frame-ancestors 'none'"));
    CHECK(!contains(csp, "unsafe-inline"));
    CHECK(header("X-Content-Type-Options") == "nosniff");
    CHECK(header("X-Frame-Options") == "DENY");
    CHECK(header("Referrer-Policy") == "same-origin");
}

} // namespace

TEST_SUITE("serve")
{
    TEST_CASE("every route has an access rule, and each role gets what the table says")
    {
        Served s;
        // An expected answer per role: anonymous, drafter of another organisation,
        // drafter, reviewer, admin. 'o' is "let through" (any answer but 401, 403 and 5xx).
        const std::map<std::string, std::string> table = {
            {"GET /api/v1/session", "ooooo"},
            {"POST /api/v1/session", "ooooo"},
            {"DELETE /api/v1/session", "Xoooo"},
            {"POST /api/v1/invitations", "ooooo"},
            {"GET /api/v1/routes", "Xoooo"},
            {"GET /api/v1/workspace", "Xoooo"},
            {"GET /api/v1/drafts", "Xoooo"},
            {"POST /api/v1/drafts", "XooFo"},
            {"POST /api/v1/drafts/{draft}/organisations", "XFFFo"},
            {"POST /api/v1/drafts/{draft}/users", "XFFFo"},
            {"GET /api/v1/documents", "Xoooo"},
            {"GET /api/v1/documents/{doc}", "Xoooo"},
            {"GET /api/v1/documents/{doc}/recommendations/{rec}", "Xoooo"},
            {"GET /api/v1/documents/{doc}/recommendations/{rec}/history", "Xoooo"},
            {"GET /api/v1/documents/{doc}/check", "Xoooo"},
            {"POST /api/v1/documents/{doc}/recommendations/{rec}/translations/{lang}/ok", "XooFo"},
            {"GET /api/v1/documents/{doc}/source", "Xoooo"},
            {"GET /api/v1/documents/{doc}/export/{format}", "Xoooo"},
            {"GET /api/v1/diff", "Xoooo"},
            {"PUT /api/v1/drafts/{draft}/documents/{doc}/recommendations/{rec}", "XFoFo"},
            {"POST /api/v1/drafts/{draft}/documents/{doc}/recommendations", "XFoFo"},
            {"DELETE /api/v1/drafts/{draft}/documents/{doc}/recommendations/{rec}", "XFoFo"},
            {"POST /api/v1/drafts/{draft}/documents/{doc}/recommendations/{rec}/move", "XFoFo"},
            {"PUT /api/v1/drafts/{draft}/documents/{doc}/sections/{sec}", "XFoFo"},
            {"POST /api/v1/drafts/{draft}/documents/{doc}/sections", "XFoFo"},
            {"POST /api/v1/drafts/{draft}/documents/{doc}/sections/{sec}/move", "XFoFo"},
            {"DELETE /api/v1/drafts/{draft}/documents/{doc}/sections/{sec}", "XFoFo"},
            {"POST /api/v1/drafts/{draft}/merge", "XFoFo"},
            {"GET /api/v1/drafts/{draft}/documents/{doc}/conflicts", "Xoooo"},
            {"POST /api/v1/drafts/{draft}/documents/{doc}/conflicts/{conflict}", "XFoFo"},
            {"GET /api/v1/proposals", "Xoooo"},
            {"POST /api/v1/proposals", "XooFo"},
            {"GET /api/v1/proposals/{id}", "Xoooo"},
            {"POST /api/v1/proposals/{id}/reviews", "Xoooo"},
            {"POST /api/v1/proposals/{id}/close", "XooFo"},
            {"POST /api/v1/proposals/{id}/land", "Xoooo"},
            {"GET /api/v1/audit", "Xoooo"},
            {"GET /assets/{name}", "ooooo"},
            {"GET /{path*}", "ooooo"},
        };
        Client admin = s.as("minji");
        REQUIRE(admin.send("POST", "/api/v1/drafts", R"({"name":"jumw-labour"})").status == 201);
        auto listed = admin.send("GET", "/api/v1/routes");
        REQUIRE(listed.status == 200);
        Poco::JSON::Parser parser;
        auto routes = parser.parse(listed.body).extract<Poco::JSON::Array::Ptr>();
        std::set<std::string> served;
        for (std::size_t i = 0; i < routes->size(); ++i) {
            auto r = routes->getObject(static_cast<unsigned>(i));
            served.insert(r->getValue<std::string>("method") + " " + r->getValue<std::string>("path"));
        }
        for (const auto& route : served) CHECK_MESSAGE(table.count(route), route << " has no row in this test's table");
        for (const auto& [route, _] : table) CHECK_MESSAGE(served.count(route), route << " is in the table but not served");

        const std::vector<std::string> users = {"", "rizal", "an", "bich", "minji"};
        for (std::size_t role = 0; role < users.size(); ++role) {
            for (const auto& [route, expected] : table) {
                if (route == "DELETE /api/v1/session") continue;  // run last: it signs out
                Client c(s.port);
                if (!users[role].empty()) REQUIRE(c.signIn(users[role], kPassword).status == 200);
                const std::string method = route.substr(0, route.find(' '));
                std::string path = route.substr(route.find(' ') + 1);
                for (const auto& [name, value] : std::map<std::string, std::string>{{"{doc}", "nap4-migrants"},
                                                                                    {"{rec}", "eps-job-mobility"},
                                                                                    {"{sec}", "labour"},
                                                                                    {"{lang}", "ko"},
                                                                                    {"{format}", "md"},
                                                                                    {"{draft}", "jumw-labour"},
                                                                                    {"{id}", "abcdef0"},
                                                                                    {"{conflict}", "c1"},
                                                                                    {"{name}", "app.js"},
                                                                                    {"{path*}", "documents/nap4-migrants"}})
                    if (auto at = path.find(name); at != std::string::npos) path.replace(at, name.size(), value);
                if (route == "GET /api/v1/diff") path += "?from=main&to=jumw-labour";
                // No If-Match and an empty object: let-through edits stop at 428 or 422 and change nothing.
                Reply r = c.send(method, path, method == "GET" ? "" : "{}");
                const char want = expected[role];
                INFO(route << " as " << (users[role].empty() ? "anonymous" : users[role]) << ": " << r.status << " " << r.body);
                CHECK(r.status < 500);
                if (want == 'X') CHECK(r.status == 401);
                else if (want == 'F') CHECK(r.status == 403);
                else CHECK((r.status != 401 && r.status != 403));
            }
        }
        Client c(s.port);
        CHECK(c.send("DELETE", "/api/v1/session").status == 401);
        Client signedIn = s.as("an");
        CHECK(signedIn.send("DELETE", "/api/v1/session").status == 200);
        CHECK(signedIn.send("GET", "/api/v1/workspace").status == 401);
    }

    TEST_CASE("sign-in sets a session cookie scripts cannot read — changes need the CSRF token and the server's own origin")
    {
        Served s;
        Client c(s.port);
        CHECK(c.signIn("an", "wrong password!!").status == 401);
        auto wrong = c.send("POST", "/api/v1/session", R"({"user":"an","password":"nope nope nope"})", {{"Accept-Language", "ko"}});
        CHECK(wrong.json()->getValue<std::string>("detail") == "사용자나 비밀번호가 맞지 않습니다");
        CHECK(c.signIn("nobody", kPassword).status == 401);
        auto ok = c.signIn("an", kPassword);
        REQUIRE(ok.status == 200);
        REQUIRE(ok.cookies.size() == 1);
        CHECK(contains(ok.cookies[0], "HttpOnly"));
        CHECK(contains(ok.cookies[0], "SameSite=Lax"));
        CHECK_FALSE(contains(ok.cookies[0], "; secure"));  // Poco writes the attribute in lower case
        CHECK(c.send("GET", "/api/v1/workspace").status == 200);

        const std::string csrf = c.csrf;
        c.csrf.clear();
        auto without = c.send("POST", "/api/v1/drafts", R"({"name":"jumw-health"})");
        CHECK(without.status == 403);
        CHECK(contains(without.body, "CSRF"));
        c.csrf = "not-the-token";
        CHECK(c.send("POST", "/api/v1/drafts", R"({"name":"jumw-health"})").status == 403);
        c.csrf = csrf;
        auto foreign = c.send("POST", "/api/v1/drafts", R"({"name":"jumw-health"})", {{"Origin", "https://evil.example"}});
        CHECK(foreign.status == 403);
        CHECK(c.send("POST", "/api/v1/drafts", R"({"name":"jumw-health"})", {{"Origin", "http://127.0.0.1:" + std::to_string(s.port)}})
                  .status == 201);
        // Nothing of the refused requests was made.
        auto drafts = c.send("GET", "/api/v1/drafts");
        CHECK(contains(drafts.body, "jumw-health"));
        CHECK(c.send("POST", "/api/v1/drafts", R"({"name":"jumw-health"})").status == 409);

        // The secrets are beside the repository, never in it.
        CHECK(fs::exists(s.state / "accounts.sqlite"));
        auto tracked = git({"ls-tree", "-r", "--name-only", "main"}, s.ws);
        CHECK_FALSE(contains(tracked.out, "sqlite"));
        CHECK_FALSE(contains(tracked.out, "signing-key"));
    }

    TEST_CASE("five wrong passwords lock a user out, even with the right one — errors speak Korean when asked")
    {
        Served s;
        Client c(s.port);
        for (int i = 0; i < 5; ++i) CHECK(c.signIn("bich", "not my password").status == 401);
        auto locked = c.send("POST", "/api/v1/session", R"({"user":"bich","password":")" + std::string(kPassword) + R"("})",
                             {{"Accept-Language", "ko-KR,ko;q=0.9,en;q=0.5"}});
        CHECK(locked.status == 429);
        CHECK(locked.headers["Content-Type"].rfind("application/problem+json", 0) == 0);
        CHECK(locked.json()->getValue<std::string>("title") == "시도가 너무 많습니다");
        auto english = c.send("GET", "/api/v1/workspace", "", {{"Accept-Language", "en-GB"}});
        CHECK(english.json()->getValue<std::string>("title") == "Sign in first");
        CHECK(english.json()->getValue<std::string>("detail") == "sign in first (POST /api/v1/session)");
        auto korean = c.send("GET", "/api/v1/workspace", "", {{"Accept-Language", "ko"}});
        CHECK(korean.json()->getValue<std::string>("detail") == "먼저 로그인하세요 (POST /api/v1/session)");

    }

    TEST_CASE("a lawyer's edit is a commit by them on their draft — markup is data and the CLI's working tree is untouched")
    {
        Served s;
        const std::string before = readText(s.ws / "documents/nap4-migrants.xml");
        Client an = s.as("an");
        auto draft = an.send("POST", "/api/v1/drafts", R"({"name":"jumw-labour"})");
        REQUIRE(draft.status == 201);
        auto read = an.send("GET", kDoc + "/recommendations/eps-job-mobility?rev=jumw-labour");
        REQUIRE(read.status == 200);
        const std::string body = withKoreanText(read, "사업장 변경 제한을 폐지하라 <script>alert('x')</script> & 즉시");
        auto saved = an.send("PUT", draftPath("jumw-labour", "/recommendations/eps-job-mobility"), body,
                             {{"If-Match", "\"" + etagOf(read) + "\""}});
        REQUIRE_MESSAGE(saved.status == 200, saved.body);
        CHECK(saved.json()->getValue<bool>("changed"));

        auto log = git({"log", "-1", "--format=%an <%ae>|%s", "draft/jumw-labour"}, s.ws);
        CHECK(log.out == "Nguyen Van An <an@example.org>|Edit recommendation eps-job-mobility\n");
        auto stored = git({"show", "draft/jumw-labour:documents/nap4-migrants.xml"}, s.ws);
        CHECK(contains(stored.out, "&lt;script&gt;alert('x')&lt;/script&gt; &amp; 즉시"));
        auto again = an.send("GET", kDoc + "/recommendations/eps-job-mobility?rev=jumw-labour");
        CHECK(contains(again.body, "<script>alert('x')</script> & 즉시"));
        CHECK(again.headers["Content-Type"].rfind("application/json", 0) == 0);
        CHECK(again.headers["X-Content-Type-Options"] == "nosniff");

        CHECK(readText(s.ws / "documents/nap4-migrants.xml") == before);
        CHECK(runAccord({"status"}, s.ws).out.find("modified") == std::string::npos);
        CHECK(git({"rev-parse", "--abbrev-ref", "HEAD"}, s.ws).out == "main\n");
        CHECK(git({"fsck", "--strict"}, s.ws).status == 0);

        // The same edit of another organisation's draft is refused, and nothing is written.
        Client rizal = s.as("rizal");
        auto refused = rizal.send("PUT", draftPath("jumw-labour", "/recommendations/eps-job-mobility"), body,
                                  {{"If-Match", etagOf(saved)}});
        CHECK(refused.status == 403);
        CHECK(git({"rev-parse", "draft/jumw-labour"}, s.ws).out == etagOf(saved) + "\n");
    }

    TEST_CASE("a text edited in Korean alone leaves the English stale in the check until a drafter confirms it")
    {
        Served s;
        Client an = s.as("an");
        REQUIRE(an.send("POST", "/api/v1/drafts", R"({"name":"jumw-labour"})").status == 201);
        auto read = an.send("GET", kDoc + "/recommendations/eps-job-mobility?rev=jumw-labour");
        REQUIRE(an.send("PUT", draftPath("jumw-labour", "/recommendations/eps-job-mobility"),
                        withKoreanText(read, "사업장 변경 제한을 즉시 폐지할 것."),
                        {{"If-Match", "\"" + etagOf(read) + "\""}})
                    .status == 200);

        auto staleIn = [&](Client& c) {
            auto check = c.send("GET", kDoc + "/check?rev=jumw-labour");
            REQUIRE(check.status == 200);
            std::vector<std::string> found;
            auto findings = check.json()->getArray("findings");
            for (std::size_t i = 0; i < findings->size(); ++i) {
                auto f = findings->getObject(static_cast<unsigned>(i));
                if (f->optValue("stale", false)) found.push_back(f->getValue<std::string>("message"));
            }
            return found;
        };
        auto stale = staleIn(an);
        REQUIRE(stale.size() == 1);
        {
            // The finding's kind and values, for the interface to say it in the reader's language.
            auto findings = an.send("GET", kDoc + "/check?rev=jumw-labour").json()->getArray("findings");
            bool named = false;
            for (std::size_t i = 0; i < findings->size(); ++i) {
                auto f = findings->getObject(static_cast<unsigned>(i));
                if (f->optValue<std::string>("kind", "") != "stale") continue;
                auto args = f->getObject("args");
                named = args->getValue<std::string>("id") == "eps-job-mobility" && args->getValue<std::string>("lang") == "en" &&
                        args->getValue<std::string>("changed") == "ko" && args->getValue<std::string>("author") == "Nguyen Van An";
            }
            CHECK(named);
        }
        CHECK(contains(stale[0], "recommendation eps-job-mobility: the en text may be out of date: the ko text changed"));
        CHECK(contains(stale[0], "Nguyen Van An"));

        const std::string ok = kDoc + "/recommendations/eps-job-mobility/translations/en/ok?rev=jumw-labour";
        Client bich = s.as("bich");
        CHECK(bich.send("POST", ok, "{}").status == 403);  // a reviewer reviews; a drafter confirms
        auto confirmed = an.send("POST", ok, "{}");
        REQUIRE_MESSAGE(confirmed.status == 201, confirmed.body);
        CHECK(confirmed.json()->getValue<bool>("confirmed"));
        CHECK(staleIn(an).empty());
        CHECK(an.send("POST", ok, "{}").json()->getValue<bool>("confirmed") == false);
        auto record = git({"log", "-1", "--format=%an|%s", "--glob=refs/accord/translations/*"}, s.ws);
        CHECK(record.out == "Nguyen Van An|Translation ok: eps-job-mobility [en]\n");
        CHECK(an.send("POST", kDoc + "/recommendations/eps-job-mobility/translations/fr/ok", "{}").status == 404);
    }

    TEST_CASE("a section moves on a draft with all it holds, never inside itself")
    {
        Served s;
        Client an = s.as("an");
        REQUIRE(an.send("POST", "/api/v1/drafts", R"({"name":"jumw-labour"})").status == 201);
        const std::string head = git({"rev-parse", "draft/jumw-labour"}, s.ws).out.substr(0, 40);
        auto moved = an.send("POST", draftPath("jumw-labour", "/sections/seasonal-work/move"), R"({"position":0})",
                             {{"If-Match", "\"" + head + "\""}});
        REQUIRE_MESSAGE(moved.status == 200, moved.body);
        auto stored = git({"show", "draft/jumw-labour:documents/nap4-migrants.xml"}, s.ws).out;
        const auto doc = accord::workspace::parseSubmission(stored, "nap4-migrants.xml");
        CHECK(doc.sections.front().id == "seasonal-work");
        CHECK_FALSE(doc.sections.front().recommendations.empty());
        CHECK(git({"log", "-1", "--format=%an|%s", "draft/jumw-labour"}, s.ws).out ==
              "Nguyen Van An|Move section seasonal-work to the top level\n");
        auto inside = an.send("POST", draftPath("jumw-labour", "/sections/labour/move"), R"({"parent":"labour"})",
                              {{"If-Match", moved.etag()}});
        CHECK(inside.status == 422);
        CHECK(contains(inside.body, "section labour cannot go inside itself"));
    }

    TEST_CASE("two people editing one draft: different recommendations are both kept, the same words are a 409 with both")
    {
        Served s;
        Client an = s.as("an");
        Client minji = s.as("minji");
        REQUIRE(an.send("POST", "/api/v1/drafts", R"({"name":"jumw-labour"})").status == 201);
        auto first = an.send("GET", kDoc + "?rev=jumw-labour");
        const std::string start = etagOf(first);

        auto titled = [&](Client& c, const std::string& id, const std::string& title, const std::string& against) {
            auto rec = c.send("GET", kDoc + "/recommendations/" + id + "?rev=" + against).json();
            auto titles = rec->getArray("titles");
            for (std::size_t i = 0; i < titles->size(); ++i)
                if (titles->getObject(static_cast<unsigned>(i))->getValue<std::string>("lang") == "en")
                    titles->getObject(static_cast<unsigned>(i))->set("text", title);
            std::ostringstream body;
            rec->stringify(body);
            return c.send("PUT", draftPath("jumw-labour", "/recommendations/" + id), body.str(), {{"If-Match", against}});
        };
        // Both read the draft at `start`; each changes another recommendation.
        auto a = titled(an, "eps-job-mobility", "Let workers change workplaces freely", start);
        REQUIRE_MESSAGE(a.status == 200, a.body);
        CHECK_FALSE(a.json()->getValue<bool>("merged"));
        auto b = titled(minji, "departure-insurance", "Pay departure insurance on leaving", start);
        REQUIRE_MESSAGE(b.status == 200, b.body);
        CHECK(b.json()->getValue<bool>("merged"));
        auto now = an.send("GET", kDoc + "?rev=jumw-labour");
        CHECK(contains(now.body, "Let workers change workplaces freely"));
        CHECK(contains(now.body, "Pay departure insurance on leaving"));

        // Both add a recommendation to the same section from `start`: the section's list changed on
        // both sides, so the edits meet in the structured merge, and both are kept.
        auto added = [&](Client& c, const std::string& id, const std::string& title) {
            const std::string body = R"({"section":"labour","recommendation":{"id":")" + id +
                                     R"(","titles":[{"lang":"ko","text":")" + title + R"("}],"texts":[{"lang":"ko","paragraphs":[[")" + title +
                                     R"( 마련"]]}],"endorsements":["jumw"]}})";
            return c.send("POST", draftPath("jumw-labour", "/recommendations"), body, {{"If-Match", start}});
        };
        auto one = added(an, "seasonal-housing", "계절근로자 주거 기준");
        REQUIRE_MESSAGE(one.status == 201, one.body);
        auto two = added(minji, "wage-arrears-fund", "임금체불 보증기금");
        REQUIRE_MESSAGE(two.status == 201, two.body);
        now = an.send("GET", kDoc + "?rev=jumw-labour");
        CHECK(contains(now.body, "계절근로자 주거 기준"));
        CHECK(contains(now.body, "임금체불 보증기금"));
        CHECK(contains(now.body, "Let workers change workplaces freely"));

        // Minji, still at `start`, changes the title An changed: a conflict, nothing written.
        const std::string head = etagOf(now);
        auto clash = titled(minji, "eps-job-mobility", "Abolish the workplace change limit", start);
        CHECK(clash.status == 409);
        auto problem = clash.json();
        CHECK(problem->getValue<std::string>("head") == head);
        CHECK(contains(clash.body, "Let workers change workplaces freely"));
        CHECK(contains(clash.body, "Abolish the workplace change limit"));
        CHECK(git({"rev-parse", "draft/jumw-labour"}, s.ws).out == head + "\n");

        // Without If-Match, or with something that is not a commit of the draft: refused.
        auto rec = an.send("GET", kDoc + "/recommendations/eps-job-mobility?rev=jumw-labour");
        CHECK(an.send("PUT", draftPath("jumw-labour", "/recommendations/eps-job-mobility"), rec.body).status == 428);
        CHECK(an.send("PUT", draftPath("jumw-labour", "/recommendations/eps-job-mobility"), rec.body, {{"If-Match", "yesterday"}})
                  .status == 400);
        const std::string elsewhere = git({"-c", "user.name=x", "-c", "user.email=x@example.org", "commit-tree", "-m", "x", "main^{tree}"}, s.ws).out.substr(0, 40);
        CHECK(an.send("PUT", draftPath("jumw-labour", "/recommendations/eps-job-mobility"), rec.body, {{"If-Match", elsewhere}})
                  .status == 409);
    }

    TEST_CASE("two drafts merged through the API: the clash is listed with both sides, settled, and the draft reads again")
    {
        Served s;
        Client an = s.as("an");
        Client minji = s.as("minji");
        REQUIRE(an.send("POST", "/api/v1/drafts", R"({"name":"jumw-labour"})").status == 201);
        REQUIRE(minji.send("POST", "/api/v1/drafts", R"({"name":"mrlf-review"})").status == 201);
        auto retitle = [&](Client& c, const std::string& draft, const std::string& title) {
            auto read = c.send("GET", kDoc + "/recommendations/eps-job-mobility?rev=" + draft);
            auto rec = read.json();
            auto titles = rec->getArray("titles");
            for (std::size_t i = 0; i < titles->size(); ++i)
                if (titles->getObject(static_cast<unsigned>(i))->getValue<std::string>("lang") == "ko")
                    titles->getObject(static_cast<unsigned>(i))->set("text", title);
            std::ostringstream body;
            rec->stringify(body);
            auto r = c.send("PUT", draftPath(draft, "/recommendations/eps-job-mobility"), body.str(), {{"If-Match", read.etag()}});
            REQUIRE_MESSAGE(r.status == 200, r.body);
            return r.etag();
        };
        const std::string head = retitle(an, "jumw-labour", "사업장 변경의 완전한 자유");
        (void)retitle(minji, "mrlf-review", "사업장 변경 제한의 단계적 폐지");

        auto stale = an.send("POST", "/api/v1/drafts/jumw-labour/merge", R"({"from":"mrlf-review"})",
                             {{"If-Match", git({"rev-parse", "main"}, s.ws).out.substr(0, 40)}});
        CHECK(stale.status == 412);
        auto merged = an.send("POST", "/api/v1/drafts/jumw-labour/merge", R"({"from":"mrlf-review"})", {{"If-Match", head}});
        REQUIRE_MESSAGE(merged.status == 200, merged.body);
        CHECK(merged.json()->getValue<int>("conflicts") == 1);
        auto listed = an.send("GET", "/api/v1/drafts/jumw-labour/documents/nap4-migrants/conflicts");
        REQUIRE(listed.status == 200);
        Poco::JSON::Parser parser;
        auto conflicts = parser.parse(listed.body).extract<Poco::JSON::Array::Ptr>();
        REQUIRE(conflicts->size() == 1);
        auto conflict = conflicts->getObject(0);
        CHECK(contains(conflict->getValue<std::string>("ours"), "사업장 변경의 완전한 자유"));
        CHECK(contains(conflict->getValue<std::string>("theirs"), "사업장 변경 제한의 단계적 폐지"));
        // A person of another organisation cannot settle it; An takes the secretariat's words.
        Client rizal = s.as("rizal");
        const std::string id = conflict->getValue<std::string>("id");
        CHECK(rizal.send("POST", "/api/v1/drafts/jumw-labour/documents/nap4-migrants/conflicts/" + id, R"({"take":"theirs"})",
                         {{"If-Match", listed.etag()}})
                  .status == 403);
        auto settled = an.send("POST", "/api/v1/drafts/jumw-labour/documents/nap4-migrants/conflicts/" + id,
                               R"({"take":"theirs"})", {{"If-Match", listed.etag()}});
        REQUIRE_MESSAGE(settled.status == 200, settled.body);
        CHECK(settled.json()->getValue<int>("left") == 0);
        auto now = an.send("GET", kDoc + "/recommendations/eps-job-mobility?rev=jumw-labour");
        CHECK(now.status == 200);
        CHECK(contains(now.body, "사업장 변경 제한의 단계적 폐지"));
        CHECK(an.send("GET", kDoc + "/check?rev=jumw-labour").status == 200);
        CHECK(git({"log", "-1", "--format=%an", "draft/jumw-labour"}, s.ws).out == "Nguyen Van An\n");
    }

    TEST_CASE("sections and recommendations added, moved and deleted on a draft, each a commit that validates")
    {
        Served s;
        Client an = s.as("an");
        auto draft = an.send("POST", "/api/v1/drafts", R"({"name":"jumw-labour"})");
        REQUIRE(draft.status == 201);
        auto section = an.send("POST", draftPath("jumw-labour", "/sections"),
                               R"({"parent":"labour","position":0,"section":{"id":"agriculture","headings":[{"lang":"ko","text":"농업"},{"lang":"en","text":"Agriculture"}]}})",
                               {{"If-Match", draft.etag()}});
        REQUIRE_MESSAGE(section.status == 201, section.body);
        auto moved = an.send("POST", draftPath("jumw-labour", "/recommendations/eps-job-mobility/move"), R"({"section":"agriculture"})",
                             {{"If-Match", section.etag()}});
        REQUIRE_MESSAGE(moved.status == 200, moved.body);
        auto doc = an.send("GET", kDoc + "?rev=jumw-labour").json();
        const auto inAgriculture = [&](const Poco::JSON::Object::Ptr& d) {
            auto labour = d->getArray("sections")->getObject(0);
            auto sub = labour->getArray("sections")->getObject(0);
            return sub->getValue<std::string>("id") == "agriculture" &&
                   sub->getArray("recommendations")->getObject(0)->getValue<std::string>("id") == "eps-job-mobility";
        };
        CHECK(inAgriculture(doc));
        // A section that still holds a recommendation is not deleted; an empty one is.
        auto full = an.send("DELETE", draftPath("jumw-labour", "/sections/agriculture"), "", {{"If-Match", moved.etag()}});
        CHECK(full.status == 422);
        auto gone = an.send("DELETE", draftPath("jumw-labour", "/recommendations/eps-job-mobility"), "", {{"If-Match", moved.etag()}});
        REQUIRE_MESSAGE(gone.status == 200, gone.body);
        CHECK(an.send("GET", kDoc + "/recommendations/eps-job-mobility?rev=jumw-labour").status == 404);
        CHECK(an.send("DELETE", draftPath("jumw-labour", "/recommendations/eps-job-mobility"), "", {{"If-Match", gone.etag()}}).status ==
              404);
        auto empty = an.send("DELETE", draftPath("jumw-labour", "/sections/agriculture"), "", {{"If-Match", gone.etag()}});
        REQUIRE_MESSAGE(empty.status == 200, empty.body);
        CHECK_FALSE(contains(an.send("GET", kDoc + "?rev=jumw-labour").body, "\"agriculture\""));
        CHECK(git({"log", "--format=%s", "main..draft/jumw-labour"}, s.ws).out ==
              "Delete section agriculture\nDelete recommendation eps-job-mobility\nMove recommendation eps-job-mobility to "
              "agriculture\nAdd section agriculture\n");
    }

    TEST_CASE("hostile requests get a clear 4xx: ids with ../, NUL or markup, bad JSON, a body too large, an invalid document")
    {
        Served s;
        Client an = s.as("an");
        REQUIRE(an.send("POST", "/api/v1/drafts", R"({"name":"jumw-labour"})").status == 201);
        for (const std::string path : {"/api/v1/documents/..%2F..%2Fetc%2Fpasswd", "/api/v1/documents/a%00b",
                                       "/api/v1/documents/%3Cscript%3E", "/api/v1/documents/nap4-migrants/../../accord",
                                       "/api/v1/documents/%FF%FE", "/api/v1/nothing-here"}) {
            auto r = an.send("GET", path);
            INFO(path << ": " << r.status << " " << r.body);
            CHECK(r.status >= 400);
            CHECK(r.status < 500);
            CHECK(r.headers["Content-Type"].rfind("application/problem+json", 0) == 0);
        }
        CHECK(an.send("GET", "/api/v1/documents/%3Cscript%3E").status == 400);
        CHECK(an.send("GET", "/api/v1/documents/no-such-document").status == 404);
        CHECK(an.send("POST", "/api/v1/drafts", "{not json").status == 422);
        CHECK(an.send("POST", "/api/v1/drafts", "[1,2]").status == 422);
        CHECK(an.send("POST", "/api/v1/drafts", std::string(5 * 1024 * 1024, ' ')).status == 413);
        auto rec = an.send("GET", kDoc + "/recommendations/eps-job-mobility?rev=jumw-labour");
        auto json = rec.json();
        Poco::JSON::Array::Ptr endorsements = new Poco::JSON::Array;
        endorsements->add("no-such-org");
        json->set("endorsements", endorsements);
        std::ostringstream body;
        json->stringify(body);
        auto invalid = an.send("PUT", draftPath("jumw-labour", "/recommendations/eps-job-mobility"), body.str(),
                               {{"If-Match", etagOf(rec)}});
        CHECK(invalid.status == 422);
        CHECK(contains(invalid.body, "no-such-org"));
        CHECK(invalid.json()->getArray("errors")->size() >= 1);
        CHECK(git({"rev-parse", "draft/jumw-labour"}, s.ws).out == etagOf(rec) + "\n");
    }

    TEST_CASE("every address outside /api/ is the web interface's index.html, public, under a CSP without unsafe-inline")
    {
        Served s;
        Client anonymous(s.port);
        Reply index = anonymous.send("GET", "/assets/index.html");
        REQUIRE(index.status == 200);
        std::string start = index.body.substr(0, 15);
        for (auto& c : start) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        CHECK(start == "<!doctype html>");
        for (const std::string path : {"/", "/signin", "/documents/nap4-migrants/r/eps-job-mobility", "/proposals/3f9a2c1",
                                       "/no/such/page/the/app/says/so", "/assets"}) {
            Reply page = anonymous.send("GET", path);
            INFO(path << ": " << page.status << " " << page.body.substr(0, 200));
            CHECK(page.status == 200);
            CHECK(page.headers["Content-Type"] == "text/html; charset=utf-8");
            CHECK(page.headers["Cache-Control"] == "no-cache");
            CHECK(page.body == index.body);
            checkSecurityHeaders(page);
        }
        Reply head = anonymous.send("HEAD", "/documents/nap4-migrants");
        CHECK(head.status == 200);
        CHECK(head.body.empty());
        CHECK(head.headers["Content-Length"] == std::to_string(index.body.size()));
        CHECK(anonymous.send("POST", "/documents/nap4-migrants", "{}").status == 405);
        CHECK(anonymous.send("DELETE", "/").status == 405);

        // The API keeps its own answers under the same headers.
        Reply api = anonymous.send("GET", "/api/v1/session");
        CHECK(api.status == 200);
        CHECK(api.headers["Cache-Control"] == "no-store");
        checkSecurityHeaders(api);
        Reply unknown = anonymous.send("GET", "/api/v1/no-such-route");
        CHECK(unknown.status == 404);
        CHECK(unknown.headers["Content-Type"].rfind("application/problem+json", 0) == 0);
        checkSecurityHeaders(unknown);
        CHECK(anonymous.send("GET", "/api").status == 404);
    }

    TEST_CASE("assets are gzipped only for a client that takes gzip, the same bytes, and 304 when it holds this version")
    {
        Served s;
        Client anonymous(s.port);
        Reply plain = anonymous.send("GET", "/assets/app.js");
        REQUIRE(plain.status == 200);
        CHECK(plain.headers["Content-Type"] == "text/javascript; charset=utf-8");
        CHECK(plain.headers.count("Content-Encoding") == 0);
        CHECK(plain.headers["Vary"] == "Accept-Encoding");
        CHECK(plain.headers["Cache-Control"] == "no-cache");
        CHECK(plain.body == readText(fs::path(ACCORD_WEB_BUILD_DIR) / "app.js"));  // the file build.mjs wrote, whole
        checkSecurityHeaders(plain);

        Reply gzipped = anonymous.send("GET", "/assets/app.js", "", {{"Accept-Encoding", "gzip, deflate, br"}});
        REQUIRE(gzipped.status == 200);
        CHECK(gzipped.headers["Content-Encoding"] == "gzip");
        CHECK(gzipped.body == readText(fs::path(ACCORD_WEB_BUILD_DIR) / "app.js.gz"));
        CHECK(gunzip(gzipped.body) == plain.body);
        CHECK(gzipped.headers["ETag"] == plain.headers["ETag"]);
        Reply refused = anonymous.send("GET", "/assets/app.js", "", {{"Accept-Encoding", "gzip;q=0, identity"}});
        CHECK(refused.headers.count("Content-Encoding") == 0);
        CHECK(refused.body == plain.body);

        const std::string etag = plain.headers["ETag"];
        REQUIRE(!etag.empty());
        Reply held = anonymous.send("GET", "/assets/app.js", "", {{"If-None-Match", etag}});
        CHECK(held.status == 304);
        CHECK(held.body.empty());
        CHECK(held.headers["ETag"] == etag);
        CHECK(anonymous.send("GET", "/assets/app.js", "", {{"If-None-Match", "W/\"0123\", " + etag}}).status == 304);
        CHECK(anonymous.send("GET", "/assets/app.js", "", {{"If-None-Match", "W/\"0123\""}}).status == 200);
        CHECK(anonymous.send("HEAD", "/assets/app.js", "", {{"If-None-Match", etag}}).status == 304);

        Reply css = anonymous.send("GET", "/assets/app.css", "", {{"Accept-Encoding", "gzip"}});
        CHECK(css.status == 200);
        CHECK(css.headers["Content-Type"] == "text/css; charset=utf-8");
        CHECK(css.headers["ETag"] != etag);

        for (const std::string path : {"/assets/nothing.js", "/assets/app.js.gz", "/assets/sizes.txt", "/assets/a/b.js"}) {
            Reply missing = anonymous.send("GET", path);
            INFO(path << ": " << missing.status << " " << missing.body);
            CHECK(missing.status == 404);
            CHECK(missing.headers["Content-Type"].rfind("application/problem+json", 0) == 0);
            checkSecurityHeaders(missing);
        }
        CHECK(anonymous.send("POST", "/assets/app.js", "{}").status == 405);
    }

    TEST_CASE("hostile page addresses get a 4xx, never index.html or a 5xx")
    {
        Served s;
        Client anonymous(s.port);
        for (const std::string& path : std::vector<std::string>{"/..%2f", "/..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd", "/a/../b", "/./",
                                                                "/assets/..%2fapp.js", "/assets/%2e%2e", "/documents/a%00b",
                                                                "/line%0abreak", "/%FF%FE", "/" + std::string(2000, 'a')}) {
            Reply r = anonymous.send("GET", path);
            INFO(path.substr(0, 80) << ": " << r.status << " " << r.body.substr(0, 200));
            CHECK(r.status >= 400);
            CHECK(r.status < 500);
            checkSecurityHeaders(r);
        }
        CHECK(anonymous.send("GET", "/a/../b").status == 400);
        CHECK(anonymous.send("GET", "/" + std::string(2000, 'a')).status == 400);
    }

    TEST_CASE("a proposal through the API: who must still approve by organisation and name, signed reviews, a landing")
    {
        Served s;
        Client an = s.as("an");
        REQUIRE(an.send("POST", "/api/v1/drafts", R"({"name":"jumw-labour"})").status == 201);
        auto rec = an.send("GET", kDoc + "/recommendations/eps-job-mobility?rev=jumw-labour");
        auto json = rec.json();
        json->set("priority", "medium");
        std::ostringstream body;
        json->stringify(body);
        REQUIRE(an.send("PUT", draftPath("jumw-labour", "/recommendations/eps-job-mobility"), body.str(),
                        {{"If-Match", etagOf(rec)}})
                    .status == 200);
        auto opened = an.send("POST", "/api/v1/proposals", R"({"title":"사업장 변경의 우선순위","from":"jumw-labour"})");
        REQUIRE_MESSAGE(opened.status == 201, opened.body);
        const std::string id = opened.json()->getValue<std::string>("id");
        const std::string label = id.substr(0, 7);

        auto shown = an.send("GET", "/api/v1/proposals/" + label).json();
        auto policy = shown->getObject("policy");
        CHECK_FALSE(policy->getValue<bool>("ready"));
        std::map<std::string, std::string> awaiting;
        auto list = policy->getArray("awaiting");
        for (std::size_t i = 0; i < list->size(); ++i) {
            auto org = list->getObject(static_cast<unsigned>(i));
            std::string names;
            auto people = org->getArray("reviewers");
            for (std::size_t j = 0; j < people->size(); ++j)
                names += people->getObject(static_cast<unsigned>(j))->getValue<std::string>("name") + ";";
            awaiting[org->getValue<std::string>("org")] = names;
        }
        CHECK(awaiting["jumw"] == "Tran Thi Bich;");
        CHECK(awaiting["gnmc"] == "오성민;");
        CHECK(awaiting["mrlf"] == "Kim Minji;");

        // The author answers a comment: anyone signed in comments; a verdict is a reviewer's.
        auto answered = an.send("POST", "/api/v1/proposals/" + label + "/reviews",
                                R"({"verdict":"comment","message":"우선순위를 보통으로 낮췄습니다","on":"eps-job-mobility"})");
        CHECK_MESSAGE(answered.status == 201, answered.body);
        CHECK(an.send("POST", "/api/v1/proposals/" + label + "/reviews", R"({"verdict":"approve"})").status == 403);
        Client bich = s.as("bich");
        auto reply = bich.send("POST", "/api/v1/proposals/" + label + "/reviews", R"({"verdict":"comment","message":"좋아요","thread":2})");
        CHECK_MESSAGE(reply.status == 201, reply.body);
        // A thread someone else opened is theirs to resolve (or their organisation's reviewer's, or an admin's).
        auto question = bich.send("POST", "/api/v1/proposals/" + label + "/reviews", R"({"verdict":"comment","message":"왜 보통인가요?"})");
        REQUIRE_MESSAGE(question.status == 201, question.body);
        auto notYours = an.send("POST", "/api/v1/proposals/" + label + "/reviews", R"({"verdict":"resolve","thread":4})");
        CHECK(notYours.status == 403);
        CHECK(contains(notYours.body, "Tran Thi Bich who opened it"));
        CHECK(bich.send("POST", "/api/v1/proposals/" + label + "/reviews", R"({"verdict":"resolve","thread":4})").status == 201);
        CHECK(an.send("POST", "/api/v1/proposals/" + label + "/reviews", R"({"verdict":"resolve","thread":2})").status == 201);
        CHECK(an.send("POST", "/api/v1/proposals/" + label + "/reviews", R"({"verdict":"comment","message":"?","thread":2})").status == 404);

        for (const char* reviewer : {"bich", "sungmin", "minji"}) {
            Client c = s.as(reviewer);
            auto r = c.send("POST", "/api/v1/proposals/" + label + "/reviews", R"({"verdict":"approve","message":"좋습니다"})");
            CHECK_MESSAGE(r.status == 201, r.body);
        }
        // Approved by all three; only an admin may land.
        CHECK(an.send("POST", "/api/v1/proposals/" + label + "/land").status == 403);
        Client minji = s.as("minji");
        auto landed = minji.send("POST", "/api/v1/proposals/" + label + "/land");
        REQUIRE_MESSAGE(landed.status == 200, landed.body);
        CHECK(git({"rev-parse", "main"}, s.ws).out == landed.json()->getValue<std::string>("commit") + "\n");
        // Every clone can check it: the audit of the CLI finds nothing wrong.
        auto audit = runAccord({"audit"}, s.ws);
        CHECK_MESSAGE(audit.status == 0, audit.out);
        CHECK(contains(audit.out, "0 problem(s)"));
        auto served = an.send("GET", "/api/v1/audit").json();
        CHECK(served->getArray("problems")->size() == 0);
        CHECK(served->getValue<int>("checked") == 1);
    }

    TEST_CASE("a session ends when unused for the idle time, and at the absolute limit however busy")
    {
        // The server counts whole seconds, and a loaded machine (the sanitizer build) may hold a request for a
        // second or more, so each expectation is asserted only where the times the test measured around the
        // requests decide it: alive when the gap and the age are a second short of the limits, ended when past.
        using Clock = std::chrono::steady_clock;
        const auto seconds = [](Clock::duration d) { return std::chrono::duration<double>(d).count(); };
        constexpr double kIdle = 3;
        constexpr double kMax = 6;
        Served s({"--session-idle", "3", "--session-max", "6"});
        Client idle = s.as("an");
        const auto idleUsed = Clock::now();
        CHECK(idle.send("GET", "/api/v1/workspace").status == 200);
        const auto signInStarted = Clock::now();
        Client busy = s.as("bich");
        const auto signedIn = Clock::now();
        auto lastUsed = signInStarted;
        int keptPastIdle = 0;
        bool ended = false;
        while (!ended) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1000));
            const auto sent = Clock::now();
            const int status = busy.send("GET", "/api/v1/workspace").status;
            const auto answered = Clock::now();
            if (seconds(answered - lastUsed) < kIdle - 1 && seconds(answered - signInStarted) < kMax - 1) {
                CHECK(status == 200);
                if (seconds(sent - signedIn) > kIdle + 1) ++keptPastIdle;
            }
            if (seconds(sent - signedIn) > kMax + 1) {
                CHECK(status == 401);
                ended = true;
            }
            lastUsed = sent;
        }
        // Used every second, the session outlived the idle time.
        CHECK(keptPastIdle >= 1);
        REQUIRE(seconds(Clock::now() - idleUsed) > kIdle + 1);
        CHECK(idle.send("GET", "/api/v1/workspace").status == 401);
        auto session = idle.send("GET", "/api/v1/session");
        CHECK_FALSE(session.json()->getValue<bool>("signedIn"));
    }

    TEST_CASE("with a certificate the server speaks HTTPS, and its session cookie is Secure")
    {
        TempDir certs;
        auto made = run("/usr/bin/openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                                             "-keyout", (certs / "key.pem").string(), "-out", (certs / "cert.pem").string()},
                        certs.path());
        REQUIRE_MESSAGE(made.status == 0, made.err);
        Served s({"--tls-cert", (certs / "cert.pem").string(), "--tls-key", (certs / "key.pem").string()});
        Client c(s.port, true);
        auto signedIn = c.signIn("an", kPassword);
        REQUIRE(signedIn.status == 200);
        CHECK(contains(signedIn.cookies.at(0), "; secure"));
        CHECK(contains(signedIn.cookies.at(0), "HttpOnly"));
        CHECK(c.send("GET", "/api/v1/documents/nap4-migrants").status == 200);
        CHECK(c.send("POST", "/api/v1/drafts", R"({"name":"jumw-tls"})", {{"Origin", "https://127.0.0.1:" + std::to_string(s.port)}})
                  .status == 201);
        // Plain HTTP to the TLS port gets no answer it could mistake for one.
        Client plain(s.port);
        bool answered = false;
        try {
            answered = plain.send("GET", "/api/v1/session").status == 200;
        } catch (const Poco::Exception&) {
        }
        CHECK_FALSE(answered);
    }

    TEST_CASE("with --sync-with the server meets the hub: members' drafts arrive, edits made in the browser go out")
    {
        Served s;
        const fs::path hub = s.dir / "hub.git";
        REQUIRE(git({"init", "-q", "--bare", hub.string()}, s.dir.path()).status == 0);
        REQUIRE(runAccord({"publish", hub.string()}, s.ws).status == 0);
        (void)s.stop();
        s.args = {"--sync-with", "origin", "--sync-every", "5"};
        s.start();

        const fs::path member = s.dir / "member";
        auto cloned = runAccord({"clone", hub.string(), member.string()}, s.dir.path());
        REQUIRE_MESSAGE(cloned.status == 0, cloned.err);
        REQUIRE(runAccord({"draft", "new", "jumw-field"}, member).status == 0);
        REQUIRE(runAccord({"switch", "jumw-field"}, member).status == 0);
        writeText(member / "documents/nap4-migrants.xml",
                  replaceOnce(readText(member / "documents/nap4-migrants.xml"), "priority=\"high\"", "priority=\"low\""));
        REQUIRE(runAccord({"commit", "-m", "Field notes"}, member).status == 0);
        REQUIRE(runAccord({"sync"}, member).status == 0);

        Client an = s.as("an");
        REQUIRE(an.send("POST", "/api/v1/drafts", R"({"name":"jumw-labour"})").status == 201);
        auto read = an.send("GET", kDoc + "/recommendations/departure-insurance?rev=jumw-labour");
        auto rec = read.json();
        rec->set("priority", "low");
        std::ostringstream body;
        rec->stringify(body);
        auto saved = an.send("PUT", draftPath("jumw-labour", "/recommendations/departure-insurance"), body.str(),
                             {{"If-Match", read.etag()}});
        REQUIRE(saved.status == 200);

        bool arrived = false;
        bool wentOut = false;
        for (int i = 0; i < 300 && !(arrived && wentOut); ++i) {
            arrived = contains(an.send("GET", "/api/v1/drafts").body, "\"jumw-field\"");
            wentOut = git({"--git-dir", hub.string(), "rev-parse", "draft/jumw-labour"}, s.dir.path()).out == saved.etag() + "\n";
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        CHECK(arrived);
        CHECK(wentOut);
        CHECK(an.send("GET", kDoc + "?rev=jumw-field").status == 200);
    }

    TEST_CASE("an admin declares an organisation and a user on a draft — the rules change only through a proposal all approve")
    {
        Served s;
        Client minji = s.as("minji");
        auto draft = minji.send("POST", "/api/v1/drafts", R"({"name":"mrlf-members"})");
        REQUIRE(draft.status == 201);
        auto org = minji.send("POST", "/api/v1/drafts/mrlf-members/organisations",
                              R"({"id":"kcmw","names":{"en":"Korean Council for Migrant Women","ko":"이주여성협의회"},"kind":"network"})",
                              {{"If-Match", draft.etag()}});
        REQUIRE_MESSAGE(org.status == 201, org.body);
        auto user = minji.send("POST", "/api/v1/drafts/mrlf-members/users",
                               R"({"id":"yuna","name":"최유나","email":"yuna@kcmw.example","org":"kcmw","roles":["reviewer"]})",
                               {{"If-Match", org.etag()}});
        REQUIRE_MESSAGE(user.status == 201, user.body);
        CHECK(minji.send("POST", "/api/v1/drafts/mrlf-members/users",
                         R"({"id":"yuna2","name":"X","email":"yuna@kcmw.example","org":"kcmw"})", {{"If-Match", user.etag()}})
                  .status == 409);
        CHECK(minji.send("POST", "/api/v1/drafts/mrlf-members/users", R"({"id":"z","name":"Z","email":"z@x.example","org":"nope"})",
                         {{"If-Match", user.etag()}})
                  .status == 404);
        const std::string onDraft = git({"show", "draft/mrlf-members:accord.xml"}, s.ws).out;
        CHECK(contains(onDraft, "이주여성협의회"));
        CHECK(contains(onDraft, "yuna@kcmw.example"));
        CHECK_FALSE(contains(git({"show", "main:accord.xml"}, s.ws).out, "kcmw"));
        CHECK(git({"log", "-1", "--format=%an", "draft/mrlf-members"}, s.ws).out == "Kim Minji\n");
        // A drafter may not change the rules, even on a draft of their own.
        Client an = s.as("an");
        auto own = an.send("POST", "/api/v1/drafts", R"({"name":"jumw-members"})");
        CHECK(an.send("POST", "/api/v1/drafts/jumw-members/users", R"({"id":"q","name":"Q","email":"q@x.example","org":"jumw"})",
                      {{"If-Match", own.etag()}})
                  .status == 403);
        // The proposal needs every organisation, since an organisation is added.
        auto opened = minji.send("POST", "/api/v1/proposals", R"({"title":"Welcome KCMW","from":"mrlf-members"})");
        REQUIRE_MESSAGE(opened.status == 201, opened.body);
        auto shown = minji.send("GET", "/api/v1/proposals/" + opened.json()->getValue<std::string>("id").substr(0, 7)).json();
        CHECK(shown->getObject("policy")->getArray("awaiting")->size() >= 8);
    }

    TEST_CASE("downloads: Word, Hangul, Markdown and the XML itself, with their content types and file names")
    {
        Served s;
        Client bich = s.as("bich");
        auto docx = bich.send("GET", kDoc + "/export/docx?lang=ko");
        REQUIRE_MESSAGE(docx.status == 200, docx.body);
        CHECK(docx.headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        CHECK(docx.headers["Content-Disposition"] == "attachment; filename=\"nap4-migrants.ko.docx\"");
        CHECK(docx.body.rfind("PK", 0) == 0);
        auto hwpx = bich.send("GET", kDoc + "/export/hwpx?profile=nap-kr");
        REQUIRE_MESSAGE(hwpx.status == 200, hwpx.body);
        CHECK(contains(hwpx.body.substr(0, 200), "mimetypeapplication/hwp+zip"));
        auto md = bich.send("GET", kDoc + "/export/md?lang=ko");
        REQUIRE(md.status == 200);
        CHECK(contains(md.body, "고용허가제"));
        CHECK(bich.send("GET", kDoc + "/export/pdf").status == 404);
        CHECK(bich.send("GET", kDoc + "/export/md?lang=fr").status == 422);
        CHECK(bich.send("GET", kDoc + "/export/md?profile=nobody").status == 404);
        // The XML file itself, byte for byte as committed.
        auto source = bich.send("GET", kDoc + "/source?rev=main");
        REQUIRE(source.status == 200);
        CHECK(source.headers["Content-Type"] == "application/xml");
        CHECK(source.headers["Content-Disposition"] == "attachment; filename=\"nap4-migrants.xml\"");
        CHECK(source.body == readText(s.ws / "documents/nap4-migrants.xml"));
        CHECK(bich.send("GET", "/api/v1/documents/nobody/source").status == 404);
    }

    TEST_CASE("on first start the server makes its signing key and says accord.xml must trust it")
    {
        TempDir dir;
        const fs::path ws = exampleWorkspace(dir);
        ok(runAccord({"commit", "-m", "Start"}, ws));
        const int port = freePort();
        auto server = startAccord({"serve", "--listen", "127.0.0.1:" + std::to_string(port), "--state-dir", (dir / "state").string()}, ws);
        bool up = false;
        for (int i = 0; i < 200 && !up; ++i) {
            try {
                up = Client(port).send("GET", "/api/v1/session").status == 200;
            } catch (const Poco::Exception&) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
        REQUIRE(up);
        server->terminate();
        const RunResult done = server->wait();
        CHECK(done.status == 0);
        CHECK(fs::exists(dir / "state/signing-key"));
        CHECK(contains(readText(dir / "state/signing-key.pub"), "ssh-ed25519 "));
        CHECK(contains(done.err, "does not trust yet"));
        CHECK(contains(done.err, "accord signer add accord-server --key " + (dir / "state/signing-key.pub").string()));
    }

    TEST_CASE("SIGTERM stops the server after the requests in flight, with a clean exit")
    {
        Served s;
        Client c = s.as("bich");
        CHECK(c.send("GET", kDoc).status == 200);
        auto done = s.stop();
        CHECK(done.status == 0);
        CHECK(contains(done.out, "Stopped."));
    }
}
