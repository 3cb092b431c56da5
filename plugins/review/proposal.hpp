#pragma once

#include "accord/workspace/config.hpp"
#include "accord/workspace/workspace.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// Proposals and their reviews, kept as record logs in the repository
/// (refs/accord/proposals/ID, ID the commit id of the opening record): they travel
/// with the repository, two clones never make the same ID, and two copies of a log
/// written apart join into the union of their records (Workspace::mergeRecordLog).
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
    std::string thread;     ///< resolve: the record that opened the thread resolved
    // landed
    std::string merge;      ///< the merge commit on the target
    std::string source;     ///< the draft's head that landed
    std::vector<std::string> approvals;  ///< "user org commit" of the approvals that counted
};

struct Proposal {
    std::string id;    ///< the opening record's commit id (a number for logs made before ids were)
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
    /// How people name it: `#` and the first 7 digits of its id (a unique prefix, as
    /// git shortens commit ids), or `#N` for a numbered log of an older workspace.
    [[nodiscard]] std::string label() const;
};

/// The short form of a proposal id that `label` shows, without the `#`.
[[nodiscard]] std::string shortId(const std::string& id);

[[nodiscard]] std::string refOf(const std::string& id);

/// The ids of every proposal in the workspace, the oldest opening first.
[[nodiscard]] std::vector<std::string> proposalIds(const workspace::Workspace& ws);

/// The proposal a person named: its id, a prefix of it of at least 4 digits, with
/// or without `#`. Throws Error(NotFound) or Error(Invalid) (ambiguous, not an id).
[[nodiscard]] std::string findProposal(const workspace::Workspace& ws, const std::string& text);

/// Reads a proposal's log. Throws Error(NotFound) naming it, Error(Invalid) naming
/// the record when one cannot be read.
[[nodiscard]] Proposal loadProposal(const workspace::Workspace& ws, const std::string& id);

/// Opens a new proposal and returns its id.
std::string openProposal(workspace::Workspace& ws, const workspace::User& user, const std::string& title,
                         const std::string& description, const std::string& from, const std::string& into);

/// Appends an event (its `type`, `user` and fields) to proposal `id`, after
/// whatever its log ends with; with `after`, only right after that record
/// (Error(Conflict) when another was appended since).
void appendEvent(workspace::Workspace& ws, const std::string& id, const workspace::User& user, const Event& event,
                 const std::optional<std::string>& after = std::nullopt);

} // namespace accord::review
