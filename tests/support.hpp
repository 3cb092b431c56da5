#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace accord::test {

/// A folder that exists for one test and is removed after it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] std::filesystem::path operator/(const std::string& rel) const { return path_ / rel; }

private:
    std::filesystem::path path_;
};

[[nodiscard]] std::string readText(const std::filesystem::path& p);
void writeText(const std::filesystem::path& p, const std::string& text);
[[nodiscard]] std::string fixture(const std::string& rel);  ///< a file under tests/fixtures
[[nodiscard]] std::string example(const std::string& rel);  ///< a file under examples/

[[nodiscard]] inline bool contains(const std::string& haystack, const std::string& needle)
{
    return haystack.find(needle) != std::string::npos;
}

/// Replaces the first occurrence of `from`; fails the test when it is absent.
[[nodiscard]] std::string replaceOnce(std::string text, const std::string& from, const std::string& to);

/// What a run of a program gave back.
struct RunResult {
    int status = -1;
    std::string out;
    std::string err;
};

/// Requires that a run succeeded, showing what it printed when it did not.
void ok(const RunResult& r);

/// Runs `program` with `args` in `cwd`, with `env` added to a clean environment
/// (PATH, HOME and no colour), and no standard input.
[[nodiscard]] RunResult run(const std::string& program, const std::vector<std::string>& args,
                            const std::filesystem::path& cwd, const std::map<std::string, std::string>& env = {});

/// A program started and left running, for tests that kill it or run several at once.
class Started {
public:
    Started(const std::string& program, const std::vector<std::string>& args, const std::filesystem::path& cwd,
            const std::map<std::string, std::string>& env);
    ~Started();
    Started(const Started&) = delete;
    Started& operator=(const Started&) = delete;
    void kill();  ///< SIGKILL, as a power cut or the OOM killer would
    void terminate();  ///< SIGTERM, as a service manager stops a service
    /// Waits for the end: the exit status, or 256 + the signal that ended it; the output read so far.
    RunResult wait();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// `accord` started in the background, as runAccord would run it.
[[nodiscard]] std::unique_ptr<Started> startAccord(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                                                   std::map<std::string, std::string> env = {});

/// Runs the built `accord` binary; ACCORD_AUTHOR is set unless `env` overrides it.
[[nodiscard]] RunResult runAccord(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                               std::map<std::string, std::string> env = {});

/// The rows of a tab-separated file under examples/, its header left out.
[[nodiscard]] std::vector<std::vector<std::string>> exampleTable(const std::string& rel);

/// A workspace in `dir`/ws holding the project's example submission
/// (documents/nap4-migrants.xml), its coalition and its recipients, not committed.
[[nodiscard]] std::filesystem::path exampleWorkspace(const TempDir& dir);

/// A workspace in a temporary folder with the test coalition apil, krsn and mwu.
[[nodiscard]] std::filesystem::path makeWorkspace(const TempDir& dir);

/// An SSH key pair for `user` in `dir`/keys, made the first time: the private
/// key's path (its public key beside it, with .pub), as a person's ~/.ssh/id_ed25519.
[[nodiscard]] std::filesystem::path keyOf(const std::filesystem::path& dir, const std::string& user);

/// The git command line, for tests that check what plain git sees.
[[nodiscard]] RunResult git(const std::vector<std::string>& args, const std::filesystem::path& cwd);

} // namespace accord::test
