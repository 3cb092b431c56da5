#pragma once

#include "accord/workspace/document.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace accord::workspace {

/// A member organisation of the coalition, as declared in `accord.xml`.
struct Organisation {
    std::string id;
    std::string kind;
    std::vector<LangText> names;  ///< one per language
    int line = 0;

    /// The name in `lang`, else English, else the first, else the id.
    [[nodiscard]] std::string name(std::string_view lang) const;
    bool operator==(const Organisation& o) const { return id == o.id && kind == o.kind && names == o.names; }
};

/// A person who acts for an organisation in the workspace.
struct User {
    std::string id;
    std::string name;
    std::string email;
    std::string org;
    std::vector<std::string> roles;  ///< drafter, reviewer, admin
    /// Their SSH public keys ("ssh-ed25519 AAAA… comment"): what their signed reviews
    /// and landings are verified against, in every clone.
    std::vector<std::string> keys;

    [[nodiscard]] bool hasRole(std::string_view role) const;
    bool operator==(const User&) const = default;
};

/// A key trusted to sign for users who do not sign themselves: a server that acts
/// for the people who sign in to it with a password (its records still name the person).
struct Signer {
    std::string id;
    std::string key;                 ///< its SSH public key
    std::vector<std::string> users;  ///< the users it may sign for; empty: every user
    [[nodiscard]] bool signsFor(std::string_view user) const;
    bool operator==(const Signer&) const = default;
};

/// What a proposal needs before it lands on a branch; a branch with a policy is protected.
struct Policy {
    std::string branch;
    int minApprovals = 1;
    bool endorsingOrganisations = true;  ///< every organisation endorsing a changed recommendation approves
    bool selfApproval = false;           ///< whether the proposal's author may approve it
    std::vector<std::string> landBy{"admin"};  ///< the roles whose holders may land
    /// Whether reviews and landings count only when signed with a key of their
    /// author's (or of a signer trusted for them); what `accord init` writes.
    bool signatures = false;
    bool operator==(const Policy&) const = default;
};

/// The workspace's own configuration: the file `accord.xml` at its root.
struct WorkspaceConfig {
    std::vector<Organisation> organisations;
    /// The bodies submissions are addressed to (ministries, UN committees), each with its
    /// name in every language: an `addressee` (or a response's `from`) that is a
    /// recipient's id prints as its name in the export's language.
    std::vector<Organisation> recipients;
    std::vector<User> users;
    std::vector<Signer> signers;
    std::vector<Policy> policies;
    /// The xml:lang codes the submissions are written in (`<workspace languages="ko en">`).
    std::vector<std::string> languages{"ko", "en"};

    [[nodiscard]] const Organisation* findOrganisation(std::string_view id) const;
    [[nodiscard]] const Organisation* findRecipient(std::string_view id) const;
    /// What a reader of `lang` sees for an addressee: the recipient's name when it is a
    /// recipient's id, else the words as written.
    [[nodiscard]] std::string addresseeName(std::string_view addressee, std::string_view lang) const;
    [[nodiscard]] std::vector<std::string> addresseeNames(const std::vector<std::string>& addressees,
                                                          std::string_view lang) const;
    [[nodiscard]] std::vector<std::string> organisationIds() const;
    [[nodiscard]] const User* findUser(std::string_view id) const;
    [[nodiscard]] const User* findUserByEmail(std::string_view email) const;
    /// The policy protecting `branch`, or null when it is not protected.
    [[nodiscard]] const Policy* policyFor(std::string_view branch) const;
    bool operator==(const WorkspaceConfig&) const = default;
};

/// A three-way merge of `accord.xml`: organisations, users and policies each
/// merge by identity (id, id, branch); one changed differently on both sides is a
/// conflict, named in `conflicts`, and `merged` then keeps our version of it.
struct ConfigMerge {
    WorkspaceConfig merged;
    std::vector<std::string> conflicts;
};
[[nodiscard]] ConfigMerge mergeConfigs(const WorkspaceConfig* base, const WorkspaceConfig& ours,
                                       const WorkspaceConfig& theirs);

/// Adds `org` to `config`: an id of lower-case letters, digits and - not yet taken,
/// an English name, a kind of one lower-case word. Throws Error(Invalid, Exists).
void addOrganisation(WorkspaceConfig& config, Organisation org);
/// Adds a recipient, under the same rules as an organisation (a kind is not asked).
void addRecipient(WorkspaceConfig& config, Organisation recipient);

/// Adds `user` to `config`: an id not yet taken, a name, an email no one else has,
/// a declared organisation, roles among drafter, reviewer and admin (drafter when
/// none). Throws Error(Invalid, Exists, NotFound).
void addUser(WorkspaceConfig& config, User user);

/// What `accord init` writes: main protected by one approval at least, from every
/// organisation endorsing what changes, not by the proposal's own author, every
/// review and landing signed.
[[nodiscard]] Policy defaultMainPolicy();

/// Parses `accord.xml`; throws Error(Invalid) naming file and line when it is not
/// well-formed or fails `workspace-1.xsd`.
[[nodiscard]] WorkspaceConfig parseConfig(std::string_view xml, std::string_view file);
/// The canonical form of `accord.xml`. Throws ValidationError when the result would
/// not be a valid `accord.xml` (a name that is not UTF-8, a user of an unknown
/// organisation…): nothing invalid is ever written.
[[nodiscard]] std::string serialize(const WorkspaceConfig& config);

} // namespace accord::workspace
