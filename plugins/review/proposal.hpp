#pragma once

#include "accord/workspace/config.hpp"
#include "accord/workspace/workspace.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// Proposals and their reviews, kept as append-only record logs in the
/// repository (refs/accord/proposals/N): they travel with the repository and
/// cannot be rewritten without the history showing it.
namespace accord::review {

/// What one record of a proposal's log says. Records store these as their JSON names.
enum class EventType { Open, Review, Withdraw, Resolve, Close, Landed };
enum class Verdict { None, Approve, RequestChanges, Comment };
enum class ProposalState { Open, Landed, Closed };

[[nodiscard]] std::string_view toString(EventType type);
[[nodiscard]] std::string_view toString(Verdict verdict);
[[nodiscard]] std::string_view toString(ProposalState state);
/// The state named by `name` ("open", "landed", "closed"); nothing for another name.
[[nodiscard]] std::optional<ProposalState> stateNamed(std::string_view name);

/// One entry of a proposal's log.
struct Event {
    int seq = 0;            ///< 1 for the opening; threads are named by the seq of their first comment
    EventType type = EventType::Open;
    std::string user;       ///< user id
    std::string record;     ///< the record's commit id
    std::int64_t time = 0;
    // review
    Verdict verdict = Verdict::None;
    std::string commit;     ///< the draft's head the reviewer saw
    std::string message;
    std::string on;         ///< a recommendation id, for comments anchored to one
    std::string quote;
    std::string lang;
    int thread = 0;         ///< resolve: the thread resolved
    // landed
    std::string merge;      ///< the merge commit on the target
    std::string source;     ///< the draft's head that landed
    std::vector<std::string> approvals;  ///< "user org commit" of the approvals that counted
};

struct Proposal {
    int number = 0;
    std::string title;
    std::string description;
    std::string from;  ///< `draft/NAME`
    std::string into;  ///< `main` or `draft/NAME`
    std::string author;
    ProposalState state = ProposalState::Open;
    std::vector<Event> events;
    std::string tip;   ///< the log's last record: appends that must follow what was read name it

    /// Each user's standing verdict: approve or request-changes (absent once withdrawn), with the event.
    [[nodiscard]] std::map<std::string, const Event*> verdicts() const;
    /// Comments that opened a thread and no one has resolved.
    [[nodiscard]] std::vector<const Event*> openThreads() const;
    [[nodiscard]] const Event* landed() const;
};

[[nodiscard]] std::string refOf(int number);

/// The numbers of every proposal in the workspace, ascending.
[[nodiscard]] std::vector<int> proposalNumbers(const workspace::Workspace& ws);

/// Reads a proposal's log. Throws Error(NotFound) naming the number, Error(Invalid)
/// naming the record when one cannot be read.
[[nodiscard]] Proposal loadProposal(const workspace::Workspace& ws, int number);

/// Opens a new proposal with the next free number and returns it.
int openProposal(workspace::Workspace& ws, const workspace::User& user, const std::string& title,
                 const std::string& description, const std::string& from, const std::string& into);

/// Appends an event (its `type`, `user` and fields) to proposal `number`, after
/// whatever its log ends with; with `after`, only right after that record
/// (Error(Conflict) when another was appended since).
void appendEvent(workspace::Workspace& ws, int number, const workspace::User& user, const Event& event,
                 const std::optional<std::string>& after = std::nullopt);

} // namespace accord::review
