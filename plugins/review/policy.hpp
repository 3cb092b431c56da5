#pragma once

#include "proposal.hpp"

#include "accord/workspace/merge.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace accord::review {

/// How one standing approval or request stands at the draft's current head.
struct VerdictState {
    Event event;  ///< a copy: the evaluation outlives the proposal it read
    std::string org;      ///< the reviewer's organisation ("" for an unknown user)
    /// The copy rule: an approval given at one commit still holds at the draft's head
    /// when every recommendation the proposal changes is, at the head, exactly what
    /// was approved, and the proposal changes no other. A merge of the target into
    /// the draft, or a commit that only touches other parts, keeps it; any edit of a
    /// changed recommendation, or a newly changed one, makes it stale.
    bool current = false;
    bool counts = false;  ///< a current approval by an eligible reviewer
    std::string note;     ///< why it does not count, for display
};

/// One change of the coalition's rules (accord.xml's users, roles, policies and
/// organisations), with the organisations whose consent it needs: a member added
/// to or removed from an organisation, or whose roles change, needs that
/// organisation (their signing keys too); an admin, a policy, a trusted signer or
/// the list of organisations concerns all of them.
struct RuleChange {
    std::string what;             ///< "adds user mallory (reviewer) to krsn"
    std::set<std::string> orgs;   ///< whose approval it needs
};

/// The rule changes between two versions of accord.xml; `before` decides who "all" is.
[[nodiscard]] std::vector<RuleChange> ruleChanges(const workspace::WorkspaceConfig& before,
                                                  const workspace::WorkspaceConfig& after);

/// What landing a change on a protected branch needs, worked out the same way for
/// `land` (from the target now and the proposal's result) and for `audit` (from the
/// target before the landing and the landing commit).
struct Consent {
    std::vector<std::string> changed;  ///< recommendations added, changed or removed
    /// organisation → why its approval is needed (the recommendations it endorses, the rules changed)
    std::map<std::string, std::vector<std::string>> needed;
    std::vector<RuleChange> rules;
};

/// The consent landing `after` on `before` needs under `policy`: every organisation
/// endorsing a changed recommendation in either text (when the policy asks for it),
/// and every organisation a rule change concerns.
[[nodiscard]] Consent consentFor(const workspace::Snapshot& before, const workspace::Snapshot& after,
                                 const workspace::Policy& policy);

/// The SSH keys that may sign for `user`: their own, and those of the signers the
/// workspace trusts for them (a server acting for people who sign in to it).
[[nodiscard]] std::vector<std::string> keysFor(const workspace::WorkspaceConfig& config, const std::string& user);

/// Why a record does not count under a policy that requires signatures, or empty
/// when it is signed with a key of its author's: "approval by hana is not signed
/// with a key of hana's".
[[nodiscard]] std::string unsigned_(const workspace::Workspace& ws, const workspace::WorkspaceConfig& config,
                                    const Event& event);

/// The proposal as a policy that requires signatures sees it: the records not
/// signed with a key of their author's left out, each named in `ignored`.
[[nodiscard]] Proposal signedOnly(const workspace::Workspace& ws, const workspace::WorkspaceConfig& config, const Proposal& p,
                                  std::vector<std::string>& ignored);

/// What the policy of the proposal's target says of it now.
struct Evaluation {
    std::string head;    ///< the draft's head
    std::string target;  ///< the target's head
    const workspace::Policy* policy = nullptr;
    workspace::WorkspaceConfig config;  ///< the target's, as committed now: the policy of the time
    std::optional<workspace::MergePlan> plan;  ///< the merge that landing records, when it can be made
    Consent consent;
    std::vector<VerdictState> verdicts;
    std::vector<std::string> ignored;   ///< records left out as not signed by their author (signatures required)
    std::vector<std::string> missing;   ///< everything that stops the landing, one line each

    [[nodiscard]] bool ok() const { return missing.empty(); }
};

/// Evaluates proposal `p` at the current heads: the merge it would make, approvals
/// (and whether they are current), the organisations whose consent is needed,
/// requested changes, unresolved threads, and whether the result is valid.
[[nodiscard]] Evaluation evaluate(const workspace::Workspace& ws, const Proposal& given, const workspace::DocumentMerger* merger);

/// The configuration committed at `rev`.
[[nodiscard]] workspace::WorkspaceConfig configAt(const workspace::Workspace& ws, const std::string& rev);

/// The approvals a landing commit's message names ("Approved-by: …"), as the
/// landed record keeps them ("user org commit record"), users found by email in
/// `config`; landings made before approvals named their record leave it out.
[[nodiscard]] std::vector<std::string> approvalsIn(const std::string& message, const workspace::WorkspaceConfig& config);

/// The proposal a commit's message says it lands ("Proposal: ID"), or empty.
[[nodiscard]] std::string proposalOf(const std::string& message);

/// The commit on the proposal's target whose message says it lands the proposal,
/// searched on the target's first-parent history since the proposal opened.
[[nodiscard]] std::optional<workspace::CommitInfo> findLanding(const workspace::Workspace& ws, const Proposal& p);

} // namespace accord::review
