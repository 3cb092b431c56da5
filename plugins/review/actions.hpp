#pragma once

#include "policy.hpp"
#include "proposal.hpp"

#include "accord/plugin/api.hpp"

#include <functional>
#include <optional>
#include <string>

/// What people do with proposals, the same for the CLI's commands and the
/// server's routes: each checks who may do it, writes records, and throws
/// workspace::Error saying why not.
namespace accord::review {

/// The branch a person named: main, draft/NAME or a draft's bare name; NotFound otherwise.
[[nodiscard]] std::string branchOf(const workspace::Workspace& ws, const std::string& name);

/// The user a landing commit names in its Landed-by trailer, found by email in `config`.
[[nodiscard]] const workspace::User* landedBy(const workspace::CommitInfo& landing, const workspace::WorkspaceConfig& config);
/// Whether the policy lets `user` land.
[[nodiscard]] bool mayLand(const workspace::User& user, const workspace::Policy& policy);

/// Opens a proposal of draft `from` (a branch) into `into`; returns its id.
std::string propose(workspace::Workspace& ws, const workspace::User& user, const std::string& title,
                    const std::string& description, const std::string& from, const std::string& into);

/// What a person says of a proposal.
struct ReviewRequest {
    enum class Kind { Approve, RequestChanges, Comment, Withdraw, Resolve };
    Kind kind = Kind::Comment;
    std::string message;
    std::string on;     ///< a comment's recommendation or section
    std::string quote;  ///< a comment's quoted words
    std::string lang;
    int thread = 0;     ///< resolve, or a comment's answer to: the thread's number
};

/// Records a review of proposal `p`; returns the event written (its commit set).
Event review(workspace::Workspace& ws, const workspace::User& user, const Proposal& p, const ReviewRequest& request);

/// Closes a proposal without landing it: its author or an admin.
void closeProposal(workspace::Workspace& ws, const workspace::User& user, const Proposal& p);

/// A landing refused by the policy, with each thing that stops it.
class Refused : public workspace::Error {
public:
    Refused(workspace::ErrorKind kind, const std::string& why, std::vector<std::string> stops = {})
        : Error(kind, why), missing(std::move(stops)) {}
    std::vector<std::string> missing;
};

struct Landing {
    workspace::CommitInfo commit;
    bool completed = false;  ///< an interrupted landing whose record was written now
};

/// Lands proposal `id` when its target's policy holds, as `user`, who must be one
/// the policy lets land. Throws Refused saying why not. `follow` is called with a
/// landing commit when the checked-out branch should catch up (the CLI's working
/// tree); the server passes none.
Landing land(workspace::Workspace& ws, const workspace::User& user, const std::string& id,
             const workspace::DocumentMerger* merger, const std::function<void(const std::string&)>& follow = {});

/// What `accord audit` finds on a protected branch.
struct AuditReport {
    std::string branch;
    int checked = 0;                     ///< protected changes checked
    std::vector<std::string> problems;   ///< each change that did not come through an accepted proposal, and why
    std::vector<std::string> rules;      ///< every change of the rules, newest first
    std::vector<std::string> unheard;    ///< records not signed by their authors, which counted for nothing
};

/// Re-checks every change on `branch` against the policy of its parent.
[[nodiscard]] AuditReport audit(const workspace::Workspace& ws, const std::string& branch);

/// The plugin's HTTP routes: proposals, reviews, landing (routes.cpp).
[[nodiscard]] std::vector<plugin::Route> routes();

} // namespace accord::review
