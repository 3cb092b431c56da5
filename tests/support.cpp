#include "support.hpp"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <doctest/doctest.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace accord::test {

TempDir::TempDir()
{
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("accord-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path_);
}

TempDir::~TempDir()
{
    // ACCORD_KEEP_TEMP=1 keeps the folders of a failing test to look into.
    if (const char* keep = std::getenv("ACCORD_KEEP_TEMP"); keep && *keep == '1') return;
    std::error_code ec;
    fs::remove_all(path_, ec);
}

std::string readText(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read ", p.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeText(const fs::path& p, const std::string& text)
{
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
    REQUIRE(out.good());
}

std::string fixture(const std::string& rel)
{
    return readText(fs::path(ACCORD_TEST_FIXTURES) / rel);
}

std::string example(const std::string& rel)
{
    return readText(fs::path(ACCORD_EXAMPLES_DIR) / rel);
}

std::string replaceOnce(std::string text, const std::string& from, const std::string& to)
{
    auto pos = text.find(from);
    REQUIRE_MESSAGE(pos != std::string::npos, "text to replace not found: ", from);
    text.replace(pos, from.size(), to);
    return text;
}

struct Started::Impl {
    Poco::Pipe outPipe;
    Poco::Pipe errPipe;
    Poco::Pipe inPipe;
    std::optional<Poco::ProcessHandle> handle;
    RunResult result;
    // Both pipes are read while the child runs, so a chatty child never blocks on a full one.
    std::thread outReader;
    std::thread errReader;
};

Started::Started(const std::string& program, const std::vector<std::string>& args, const fs::path& cwd,
                 const std::map<std::string, std::string>& env)
    : impl_(std::make_unique<Impl>())
{
    Poco::Process::Env environment{{"PATH", "/usr/local/bin:/usr/bin:/bin"},
                                   {"HOME", cwd.string()},
                                   {"NO_COLOR", "1"},
                                   {"LANG", "C.UTF-8"},
                                   {"GIT_CONFIG_NOSYSTEM", "1"}};
    // The sanitizer build's options, and the key of a test that meets an ssh hub, reach the programs the tests start.
    for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "ACCORD_SSH_KEY", "ACCORD_KNOWN_HOSTS"})
        if (const char* value = std::getenv(name)) environment[name] = value;
    for (const auto& [k, v] : env) environment[k] = v;
    impl_->handle.emplace(Poco::Process::launch(program, args, cwd.string(), &impl_->inPipe, &impl_->outPipe,
                                                &impl_->errPipe, environment));
    impl_->inPipe.close();
    impl_->outReader = std::thread([impl = impl_.get()] {
        Poco::PipeInputStream stream(impl->outPipe);
        Poco::StreamCopier::copyToString(stream, impl->result.out);
    });
    impl_->errReader = std::thread([impl = impl_.get()] {
        Poco::PipeInputStream stream(impl->errPipe);
        Poco::StreamCopier::copyToString(stream, impl->result.err);
    });
}

Started::~Started()
{
    if (impl_->outReader.joinable()) {
        kill();
        (void)wait();
    }
}

void Started::kill()
{
    ::kill(static_cast<pid_t>(impl_->handle->id()), SIGKILL);
}

void Started::terminate()
{
    ::kill(static_cast<pid_t>(impl_->handle->id()), SIGTERM);
}

RunResult Started::wait()
{
    impl_->result.status = impl_->handle->wait();
    impl_->outReader.join();
    impl_->errReader.join();
    return impl_->result;
}

void ok(const RunResult& r)
{
    REQUIRE_MESSAGE(r.status == 0, r.out, r.err);
}

RunResult run(const std::string& program, const std::vector<std::string>& args, const fs::path& cwd,
              const std::map<std::string, std::string>& env)
{
    return Started(program, args, cwd, env).wait();
}

std::unique_ptr<Started> startAccord(const std::vector<std::string>& args, const fs::path& cwd,
                                     std::map<std::string, std::string> env)
{
    env.emplace("ACCORD_AUTHOR", "Kim Minji <minji@apil.example>");
    return std::make_unique<Started>(ACCORD_BINARY, args, cwd, env);
}

RunResult runAccord(const std::vector<std::string>& args, const fs::path& cwd, std::map<std::string, std::string> env)
{
    env.emplace("ACCORD_AUTHOR", "Kim Minji <minji@apil.example>");
    return run(ACCORD_BINARY, args, cwd, env);
}

fs::path makeWorkspace(const TempDir& dir)
{
    fs::path ws = dir / "ws";
    auto check = [](const RunResult& r) { REQUIRE_MESSAGE(r.status == 0, r.err); };
    check(runAccord({"init", ws.string()}, dir.path()));
    check(runAccord({"org", "add", "apil", "--name", "Advocates for Public Interest Law", "--name-ko", "공익법센터 어필"}, ws));
    check(runAccord({"org", "add", "krsn", "--name", "Korea Refugee Support Network", "--name-ko", "난민지원네트워크"}, ws));
    check(runAccord({"org", "add", "mwu", "--name", "Migrant Workers' Union", "--name-ko", "이주노동자노동조합"}, ws));
    return ws;
}

std::vector<std::vector<std::string>> exampleTable(const std::string& rel)
{
    std::vector<std::vector<std::string>> rows;
    std::istringstream tsv(example(rel));
    std::string line;
    std::getline(tsv, line);  // header
    while (std::getline(tsv, line)) {
        std::vector<std::string> cols;
        std::istringstream fields(line);
        for (std::string col; std::getline(fields, col, '\t');) cols.push_back(col);
        rows.push_back(std::move(cols));
    }
    return rows;
}

fs::path exampleWorkspace(const TempDir& dir)
{
    fs::path ws = dir / "ws";
    REQUIRE(runAccord({"init", ws.string()}, dir.path()).status == 0);
    for (const auto& cols : exampleTable("organisations.tsv")) {
        REQUIRE(cols.size() == 4);
        auto r = runAccord({"org", "add", cols[0], "--name", cols[1], "--name-ko", cols[2], "--kind", cols[3]}, ws);
        REQUIRE_MESSAGE(r.status == 0, r.err);
    }
    auto recipients = runAccord({"recipient", "import", std::string(ACCORD_EXAMPLES_DIR) + "/recipients.tsv"}, ws);
    REQUIRE_MESSAGE(recipients.status == 0, recipients.err);
    writeText(ws / "documents/nap4-migrants.xml", example("nap-migrants.xml"));
    return ws;
}

fs::path keyOf(const fs::path& dir, const std::string& user)
{
    const fs::path key = dir / "keys" / user;
    if (!fs::exists(key)) {
        fs::create_directories(key.parent_path());
        auto made = run("/usr/bin/ssh-keygen", {"-q", "-t", "ed25519", "-N", "", "-C", user, "-f", key.string()}, dir);
        REQUIRE_MESSAGE(made.status == 0, made.err);
    }
    return key;
}

RunResult git(const std::vector<std::string>& args, const fs::path& cwd)
{
    return run("/usr/bin/git", args, cwd);
}

} // namespace accord::test
