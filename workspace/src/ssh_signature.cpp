#include "ssh_signature.hpp"

#include "accord/workspace/error.hpp"
#include "accord/workspace/files.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <fcntl.h>
#include <filesystem>
#include <optional>
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

// ---- Ed25519 in process: the same bytes ssh-keygen writes (PROTOCOL.sshsig), without a process per signature ----

constexpr std::string_view kMagic = "SSHSIG";
constexpr std::string_view kNamespace = "git";

/// SSH's wire format: big-endian lengths before strings.
class Reader {
public:
    explicit Reader(std::string_view bytes) : rest_(bytes) {}
    std::optional<std::uint32_t> u32()
    {
        if (rest_.size() < 4) return std::nullopt;
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(rest_[static_cast<std::size_t>(i)]);
        rest_.remove_prefix(4);
        return v;
    }
    std::optional<std::string_view> string()
    {
        auto n = u32();
        if (!n || *n > rest_.size()) return std::nullopt;
        std::string_view s = rest_.substr(0, *n);
        rest_.remove_prefix(*n);
        return s;
    }
    bool skip(std::string_view literal)
    {
        if (!rest_.starts_with(literal)) return false;
        rest_.remove_prefix(literal.size());
        return true;
    }

private:
    std::string_view rest_;
};

void putU32(std::string& out, std::uint32_t v)
{
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

void putString(std::string& out, std::string_view s)
{
    putU32(out, static_cast<std::uint32_t>(s.size()));
    out += s;
}

std::optional<std::string> fromBase64(std::string_view text)
{
    std::string out(text.size(), '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), " \r\n\t",
                          &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        return std::nullopt;
    out.resize(length);
    return out;
}

std::string toBase64(std::string_view bytes)
{
    std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

/// The body between an armor's BEGIN and END lines.
std::optional<std::string_view> armored(std::string_view text, std::string_view label)
{
    const std::string begin = "-----BEGIN " + std::string(label) + "-----";
    const std::string end = "-----END " + std::string(label) + "-----";
    const auto b = text.find(begin);
    const auto e = text.find(end);
    if (b == std::string_view::npos || e == std::string_view::npos || e < b) return std::nullopt;
    return text.substr(b + begin.size(), e - b - begin.size());
}

/// What is signed: the magic, the namespace, the hash algorithm and the data's hash.
std::string signedBlob(std::string_view hashAlgorithm, std::string_view data)
{
    std::string digest;
    if (hashAlgorithm == "sha512") {
        digest.resize(crypto_hash_sha512_BYTES);
        crypto_hash_sha512(reinterpret_cast<unsigned char*>(digest.data()), reinterpret_cast<const unsigned char*>(data.data()),
                           data.size());
    } else {
        digest.resize(crypto_hash_sha256_BYTES);
        crypto_hash_sha256(reinterpret_cast<unsigned char*>(digest.data()), reinterpret_cast<const unsigned char*>(data.data()),
                           data.size());
    }
    std::string blob(kMagic);
    putString(blob, kNamespace);
    putString(blob, "");
    putString(blob, hashAlgorithm);
    putString(blob, digest);
    return blob;
}

/// An unencrypted Ed25519 key in OpenSSH's format: its public key blob and its
/// 64-byte secret; nothing for any other key (encrypted, RSA, ECDSA, in an
/// agent), which ssh-keygen signs with instead.
struct Ed25519Key {
    std::string publicBlob;
    std::string secret;
    ~Ed25519Key() { sodium_memzero(secret.data(), secret.size()); }
};

std::optional<Ed25519Key> readEd25519(const std::string& keyPath)
{
    std::string text;
    try {
        text = readFile(keyPath);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    // `body` is a view into `text`: decode it before the text is wiped.
    const auto body = armored(text, "OPENSSH PRIVATE KEY");
    auto bytes = body ? fromBase64(*body) : std::nullopt;
    sodium_memzero(text.data(), text.size());
    if (!bytes) return std::nullopt;
    std::optional<Ed25519Key> key;
    Reader r(*bytes);
    const bool ok = [&] {
        if (!r.skip(std::string_view("openssh-key-v1\0", 15))) return false;
        auto cipher = r.string();
        auto kdf = r.string();
        auto kdfOptions = r.string();
        auto count = r.u32();
        if (!cipher || *cipher != "none" || !kdf || *kdf != "none" || !kdfOptions || !count || *count != 1) return false;
        auto publicBlob = r.string();
        auto section = r.string();
        if (!publicBlob || !section) return false;
        Reader p(*section);
        auto check1 = p.u32();
        auto check2 = p.u32();
        auto type = p.string();
        auto pub = p.string();
        auto secret = p.string();
        if (!check1 || check1 != check2 || !type || *type != "ssh-ed25519" || !pub || pub->size() != crypto_sign_PUBLICKEYBYTES ||
            !secret || secret->size() != crypto_sign_SECRETKEYBYTES)
            return false;
        key.emplace();
        key->publicBlob = std::string(*publicBlob);
        key->secret = std::string(*secret);
        return true;
    }();
    sodium_memzero(bytes->data(), bytes->size());
    return ok ? std::move(key) : std::nullopt;
}

std::string signEd25519(const Ed25519Key& key, std::string_view data)
{
    const std::string message = signedBlob("sha512", data);
    std::string signature(crypto_sign_BYTES, '\0');
    crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                         reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         reinterpret_cast<const unsigned char*>(key.secret.data()));
    std::string signatureBlob;
    putString(signatureBlob, "ssh-ed25519");
    putString(signatureBlob, signature);
    std::string blob(kMagic);
    putU32(blob, 1);
    putString(blob, key.publicBlob);
    putString(blob, kNamespace);
    putString(blob, "");
    putString(blob, "sha512");
    putString(blob, signatureBlob);
    const std::string encoded = toBase64(blob);
    std::string out = "-----BEGIN SSH SIGNATURE-----\n";
    for (std::size_t at = 0; at < encoded.size(); at += 70) out += encoded.substr(at, 70) + "\n";
    out += "-----END SSH SIGNATURE-----\n";
    return out;
}

/// The verdict on an Ed25519 signature, or nothing when it is of another kind
/// (which ssh-keygen judges).
std::optional<bool> verifyEd25519(std::string_view data, std::string_view armoredSignature, const std::vector<std::string>& keys)
{
    const auto body = armored(armoredSignature, "SSH SIGNATURE");
    if (!body) return false;
    const auto bytes = fromBase64(*body);
    if (!bytes) return false;
    Reader r(*bytes);
    if (!r.skip(kMagic)) return false;
    auto version = r.u32();
    auto publicBlob = r.string();
    auto ns = r.string();
    auto reserved = r.string();
    auto hash = r.string();
    auto signatureBlob = r.string();
    if (!version || *version != 1 || !publicBlob || !ns || !reserved || !hash || !signatureBlob) return false;
    Reader pk(*publicBlob);
    auto type = pk.string();
    auto pub = pk.string();
    if (!type || *type != "ssh-ed25519") return std::nullopt;
    if (!pub || pub->size() != crypto_sign_PUBLICKEYBYTES || *ns != kNamespace || (*hash != "sha512" && *hash != "sha256"))
        return false;
    // The key that made it must be one of the keys given, as a line "ssh-ed25519 BASE64 comment".
    const bool known = std::any_of(keys.begin(), keys.end(), [&](const std::string& line) {
        const auto start = line.find(' ');
        if (start == std::string::npos) return false;
        const auto end = line.find(' ', start + 1);
        const auto blob = fromBase64(std::string_view(line).substr(start + 1, end == std::string::npos ? end : end - start - 1));
        return blob && *blob == *publicBlob;
    });
    if (!known) return false;
    Reader sg(*signatureBlob);
    auto sigType = sg.string();
    auto signature = sg.string();
    if (!sigType || *sigType != "ssh-ed25519" || !signature || signature->size() != crypto_sign_BYTES) return false;
    const std::string message = signedBlob(*hash, data);
    return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature->data()),
                                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                       reinterpret_cast<const unsigned char*>(pub->data())) == 0;
}

} // namespace

std::string sshSign(const std::string& keyPath, std::string_view data)
{
    if (!fs::exists(keyPath))
        throw Error(ErrorKind::NotFound, "the signing key " + keyPath + " does not exist: set ACCORD_SIGNING_KEY (or git config "
                                                                        "user.signingkey) to your SSH key, e.g. ~/.ssh/id_ed25519");
    if (sodium_init() >= 0)
        if (auto key = readEd25519(keyPath)) return signEd25519(*key, data);
    Scratch scratch;
    const fs::path file = scratch / "data";
    writeFileAtomically(file, data);
    if (sshKeygen({"-Y", "sign", "-n", "git", "-q", "-f", keyPath, file.string()}) != 0)
        throw Error(ErrorKind::Invalid, "ssh-keygen could not sign with " + keyPath +
                                            ": is it an SSH private key (or its .pub, with the key in your ssh-agent)?");
    return readFile(scratch / "data.sig");
}

void sshMakeKey(const std::string& keyPath, const std::string& comment)
{
    if (sshKeygen({"-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", keyPath}) != 0)
        throw Error(ErrorKind::Io, "ssh-keygen could not make a key at " + keyPath + ": is openssh-client installed?");
}

bool sshVerify(std::string_view data, std::string_view signature, const std::vector<std::string>& keys)
{
    if (keys.empty() || signature.empty()) return false;
    if (sodium_init() >= 0)
        if (auto verdict = verifyEd25519(data, signature, keys)) return *verdict;
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
