#pragma once

#include "proposal.hpp"

#include "accord/workspace/merge.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace accord::review {

/// How one standing approval or request stands at the draft's current head.
struct VerdictState {
    const Event* event = nullptr;
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

/// What the policy of the proposal's target says of it now.
struct Evaluation {
    std::string head;  ///< the draft's head
    std::string base;  ///< where it left the target
    const workspace::Policy* policy = nullptr;
    workspace::WorkspaceConfig config;  ///< the target's, as committed: the policy of the time
    std::vector<std::string> changed;   ///< recommendations the proposal adds, changes or removes
    std::map<std::string, std::set<std::string>> endorsers;  ///< organisation → the changed recommendations it endorses
    std::vector<VerdictState> verdicts;
    std::vector<std::string> missing;   ///< everything that stops the landing, one line each

    [[nodiscard]] bool ok() const { return missing.empty(); }
};

/// Evaluates proposal `p` at the current heads: approvals (and whether they are
/// current), the organisations whose consent is needed, requested changes,
/// unresolved threads, and whether the merge is clean and valid.
[[nodiscard]] Evaluation evaluate(workspace::Workspace& ws, const Proposal& p, const workspace::DocumentMerger* merger);

/// The recommendations changed between two revisions, with every organisation
/// that endorses one of them on either side.
void changedRecommendations(const workspace::Workspace& ws, const std::string& from, const std::string& to,
                            std::vector<std::string>& changed, std::map<std::string, std::set<std::string>>& endorsers);

/// The configuration committed at `rev`.
[[nodiscard]] workspace::WorkspaceConfig configAt(const workspace::Workspace& ws, const std::string& rev);

} // namespace accord::review
