#include "ssh_signature.hpp"

#include "accord/workspace/error.hpp"
#include "accord/workspace/files.hpp"

#include <fcntl.h>
#include <filesystem>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace fs = std::filesystem;

namespace accord::workspace::detail {

namespace {

/// A folder of its own for the files ssh-keygen reads and writes, removed afterwards.
class Scratch {
public:
    Scratch()
    {
        char name[] = "/tmp/accord-ssh-XXXXXX";
        if (!::mkdtemp(name)) throw Error(ErrorKind::Io, "cannot make a temporary folder for ssh-keygen");
        path_ = name;
    }
    ~Scratch()
    {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    [[nodiscard]] fs::path operator/(const char* name) const { return path_ / name; }

private:
    fs::path path_;
};

/// Runs ssh-keygen with `args`, standard input from `input` (or nothing), its output
/// discarded; its exit status, or -1 when it could not run.
int sshKeygen(const std::vector<std::string>& args, const fs::path& input = {})
{
    std::vector<std::string> all{"ssh-keygen"};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, input.empty() ? "/dev/null" : input.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, "ssh-keygen", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return -1;
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace

std::string sshSign(const std::string& keyPath, std::string_view data)
{
    if (!fs::exists(keyPath))
        throw Error(ErrorKind::NotFound, "the signing key " + keyPath + " does not exist: set ACCORD_SIGNING_KEY (or git config "
                                                                        "user.signingkey) to your SSH key, e.g. ~/.ssh/id_ed25519");
    Scratch scratch;
    const fs::path file = scratch / "data";
    writeFileAtomically(file, data);
    if (sshKeygen({"-Y", "sign", "-n", "git", "-q", "-f", keyPath, file.string()}) != 0)
        throw Error(ErrorKind::Invalid, "ssh-keygen could not sign with " + keyPath +
                                            ": is it an SSH private key (or its .pub, with the key in your ssh-agent)?");
    return readFile(scratch / "data.sig");
}

bool sshVerify(std::string_view data, std::string_view signature, const std::vector<std::string>& keys)
{
    if (keys.empty() || signature.empty()) return false;
    Scratch scratch;
    std::string allowed;
    for (const auto& k : keys) allowed += "signer namespaces=\"git\" " + k + "\n";
    writeFileAtomically(scratch / "allowed", allowed);
    writeFileAtomically(scratch / "data", data);
    writeFileAtomically(scratch / "data.sig", signature);
    return sshKeygen({"-Y", "verify", "-f", (scratch / "allowed").string(), "-I", "signer", "-n", "git", "-s",
                      (scratch / "data.sig").string()},
                     scratch / "data") == 0;
}

} // namespace accord::workspace::detail
