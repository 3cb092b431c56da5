// Signatures in git's SSH format, made in process for Ed25519 keys: the bytes
// ssh-keygen makes, accepted by git itself, and checked the same way.
#include "support.hpp"

#include "accord/workspace/workspace.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <optional>

namespace fs = std::filesystem;
using namespace accord::workspace;
using namespace accord::test;

namespace {

const Signature kHana{"Hana Choi", "hana@krsn.example"};

/// The commit's gpgsig header unfolded, and the commit without it (what was signed).
std::pair<std::string, std::string> splitSigned(const fs::path& repo, const std::string& rev)
{
    const std::string raw = git({"cat-file", "commit", rev}, repo).out;
    std::string signature;
    std::string payload;
    bool inSignature = false;
    std::size_t at = 0;
    while (at < raw.size()) {
        const auto end = raw.find('\n', at);
        const std::string line = raw.substr(at, end == std::string::npos ? std::string::npos : end - at + 1);
        at = end == std::string::npos ? raw.size() : end + 1;
        if (line.starts_with("gpgsig ")) {
            inSignature = true;
            signature += line.substr(7);
        } else if (inSignature && line.starts_with(" ")) {
            signature += line.substr(1);
        } else {
            inSignature = false;
            payload += line;
        }
    }
    return {signature, payload};
}

std::string publicKeyOf(const fs::path& key)
{
    std::string line = readText(key.string() + ".pub");
    while (!line.empty() && line.back() == '\n') line.pop_back();
    return line;
}

Workspace signedCommit(const TempDir& dir, const fs::path& key)
{
    Workspace ws = Workspace::init(dir / "ws");
    WorkspaceConfig config;
    config.organisations.push_back(Organisation{"krsn", "", {LangText{"en", "Korea Refugee Support Network", 0}}, 0});
    ws.saveConfig(config);
    ws.signWith(key.string());
    ws.commit("난민 인정 절차: 첫 초안", kHana);
    return ws;
}

} // namespace

TEST_SUITE("signatures")
{
    TEST_CASE("an Ed25519 signature made in process is byte for byte the one ssh-keygen makes")
    {
        TempDir dir;
        const fs::path key = keyOf(dir.path(), "hana");
        // Without ssh-keygen on the PATH: an Ed25519 key never needs a process.
        const std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
        ::setenv("PATH", (dir / "no-programs-here").c_str(), 1);
        std::optional<Workspace> signedWs;
        try {
            signedWs.emplace(signedCommit(dir, key));
        } catch (...) {
            ::setenv("PATH", path.c_str(), 1);
            throw;
        }
        ::setenv("PATH", path.c_str(), 1);
        Workspace& ws = *signedWs;
        auto [signature, payload] = splitSigned(ws.root(), "HEAD");
        REQUIRE(contains(signature, "-----BEGIN SSH SIGNATURE-----"));
        writeText(dir / "payload", payload);
        auto made = run("/usr/bin/ssh-keygen", {"-Y", "sign", "-n", "git", "-q", "-f", key.string(), (dir / "payload").string()},
                        dir.path());
        REQUIRE_MESSAGE(made.status == 0, made.err);
        // The commit header keeps the armor's last newline as one more continuation line.
        auto trimmed = [](std::string text) {
            while (!text.empty() && text.back() == '\n') text.pop_back();
            return text;
        };
        CHECK(trimmed(readText(dir / "payload.sig")) == trimmed(signature));
    }

    TEST_CASE("git itself verifies a commit signed in process")
    {
        TempDir dir;
        const fs::path key = keyOf(dir.path(), "hana");
        Workspace ws = signedCommit(dir, key);
        writeText(dir / "allowed", "hana@krsn.example " + publicKeyOf(key) + "\n");
        auto verified = git({"-c", "gpg.format=ssh", "-c", "gpg.ssh.allowedSignersFile=" + (dir / "allowed").string(),
                             "verify-commit", "HEAD"},
                            ws.root());
        CHECK_MESSAGE(verified.status == 0, verified.err);
        CHECK(ws.verifyCommit("HEAD", {publicKeyOf(key)}) == Workspace::SignatureState::Good);
        CHECK(ws.verifyCommit("HEAD", {publicKeyOf(keyOf(dir.path(), "mallory"))}) == Workspace::SignatureState::Bad);
    }

    TEST_CASE("a commit git signed with ssh-keygen is verified in process, and a tampered one is refused")
    {
        TempDir dir;
        const fs::path key = keyOf(dir.path(), "hana");
        Workspace ws = signedCommit(dir, key);
        auto made = git({"-c", "gpg.format=ssh", "-c", "user.signingkey=" + key.string(), "-c", "user.name=Hana Choi", "-c",
                         "user.email=hana@krsn.example", "commit-tree", "-S", "-m", "서명된 커밋", "-p", "HEAD", "HEAD^{tree}"},
                        ws.root());
        REQUIRE_MESSAGE(made.status == 0, made.err);
        const std::string id = made.out.substr(0, 40);
        CHECK(ws.verifyCommit(id, {publicKeyOf(key)}) == Workspace::SignatureState::Good);

        // The same signature over other words: git hash-object writes the forged commit.
        auto [signature, payload] = splitSigned(ws.root(), id);
        std::string raw = git({"cat-file", "commit", id}, ws.root()).out;
        raw = replaceOnce(raw, "서명된 커밋", "위조된 커밋");
        writeText(dir / "forged", raw);
        auto forged = git({"hash-object", "-t", "commit", "-w", (dir / "forged").string()}, ws.root());
        REQUIRE(forged.status == 0);
        CHECK(ws.verifyCommit(forged.out.substr(0, 40), {publicKeyOf(key)}) == Workspace::SignatureState::Bad);
    }
}
