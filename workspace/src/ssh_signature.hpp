#pragma once

#include <string>
#include <string_view>
#include <vector>

/// Signatures in git's SSH format (`gpg.format=ssh`): Ed25519 keys made and checked
/// in process with libsodium (the bytes ssh-keygen writes), other keys, encrypted
/// keys and keys in the agent by ssh-keygen.
namespace accord::workspace::detail {

/// The armored SSH signature of `data` in the namespace "git", made with the private
/// key at `keyPath` (or its .pub, when the private key is in the ssh-agent).
/// Throws Error(Invalid) saying what to do when ssh-keygen cannot sign.
[[nodiscard]] std::string sshSign(const std::string& keyPath, std::string_view data);

/// Makes an Ed25519 key pair without a passphrase at `keyPath` (and `keyPath`.pub)
/// with ssh-keygen. Throws Error(Io) when it cannot.
void sshMakeKey(const std::string& keyPath, const std::string& comment);

/// Whether `signature` is a valid signature of `data` by one of `keys` (public key lines).
[[nodiscard]] bool sshVerify(std::string_view data, std::string_view signature, const std::vector<std::string>& keys);

} // namespace accord::workspace::detail
