#include "actions.hpp"

#include "accord/workspace/history.hpp"
#include "accord/workspace/strings.hpp"

#include <algorithm>
#include <chrono>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

namespace accord::review {

using namespace accord::workspace;

namespace {

/// Under a policy that requires signatures, nothing is written unsigned: say how to set up a key.
void requireSigning(const Workspace& ws, const Policy* policy, const std::string& branch, const char* what)
{
    if (!policy || !policy->signatures || ws.signs()) return;
    const auto key = ws.signingKey();
    throw Error(ErrorKind::Invalid, "the policy of " + branch + " counts only signed " + what +
                                        ": set ACCORD_SIGNING_KEY (or git config user.signingkey) to your SSH private key" +
                                        (key ? " (it names " + *key + ", which does not exist)" : std::string()) +
                                        ", whose public key is yours in accord.xml (accord user key ID FILE.pub)");
}

/// Appends the landed record after the log's tip as read; when another record came
/// first, reads the log again: the same landing recorded by another process is done.
void recordLanding(Workspace& ws, const std::string& id, const User& user, const Event& landed, std::string tip)
{
    for (int attempt = 0;; ++attempt) {
        try {
            appendEvent(ws, id, user, landed, tip);
            return;
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::Conflict || attempt >= 20) throw;
        }
        Proposal again = loadProposal(ws, id);
        if (const Event* other = again.landed()) {
            if (other->merge == landed.merge) return;
            throw Error(ErrorKind::Conflict, "proposal " + again.label() + " was recorded as landed as " +
                                                 other->merge.substr(0, 8) + " by another process");
        }
        tip = again.tip;
    }
}

/// The landed record of a landing commit, rebuilt from its message: what a landing
/// interrupted between moving the target and writing the record leaves behind.
Event landedFrom(const Workspace& ws, const CommitInfo& landing)
{
    Event e;
    e.type = EventType::Landed;
    e.merge = landing.id;
    e.source = landing.parents.at(1);
    e.approvals = approvalsIn(landing.message, configAt(ws, landing.parents.front()));
    return e;
}

} // namespace

std::string branchOf(const Workspace& ws, const std::string& name)
{
    std::string branch = name == "main" || name.starts_with("draft/") ? name : "draft/" + name;
    for (const auto& d : ws.drafts())
        if (d.branch == branch) return branch;
    throw Error(ErrorKind::NotFound, "no draft \"" + name + "\" (accord draft list shows them)");
}

const User* landedBy(const CommitInfo& landing, const WorkspaceConfig& config)
{
    static const std::regex line(R"((^|\n)Landed-by: .* <([^<>\s]+)>)");
    std::smatch m;
    return std::regex_search(landing.message, m, line) ? config.findUserByEmail(m[2].str()) : nullptr;
}

bool mayLand(const User& user, const Policy& policy)
{
    return std::any_of(policy.landBy.begin(), policy.landBy.end(), [&](const std::string& role) { return user.hasRole(role); });
}

AuditReport audit(const Workspace& ws, const std::string& name)
{
    int checked = 0;
    std::vector<std::string> problems;
    std::vector<std::string> rules;
    std::vector<std::string> unheard;
    const bool recordsHere = !ws.listRefs("refs/accord/proposals/").empty();
    bool missingRecords = false;
    for (CommitInfo c = ws.resolve(name); !c.parents.empty(); c = ws.resolve(c.parents.front())) {
        const std::string parent = c.parents.front();
        WorkspaceConfig config = configAt(ws, parent);
        const Policy* policy = config.policyFor(name);
        if (!policy) continue;  // the branch was not protected yet
        ++checked;
        const std::string who = c.shortId + " \"" + c.summary() + "\" (" + c.author.name + ")";
        const Consent consent = consentFor(ws.snapshot(parent), ws.snapshot(c.id), *policy);
        for (const auto& r : consent.rules) rules.push_back(c.shortId + " " + r.what);
        const std::string n = proposalOf(c.message);
        if (n.empty()) {
            problems.push_back(who + ": did not come through a proposal");
            continue;
        }
        const std::string proposal = "proposal #" + shortId(n);
        Proposal p;
        try {
            p = loadProposal(ws, n);
        } catch (const Error&) {
            if (!recordsHere) {
                missingRecords = true;  // said once, below: the records were never fetched
                continue;
            }
            problems.push_back(who + ": names " + proposal + ", which does not exist");
            continue;
        }
        std::set<std::string> users;
        std::set<std::string> orgs;
        // The landing commit names the approvals that counted: each must still be in the log.
        for (const auto& a : approvalsIn(c.message, config)) {
            std::istringstream fields(a);
            std::string userId, org, commit, record;
            fields >> userId >> org >> commit >> record;
            const bool inLog = record.empty() || std::any_of(p.events.begin(), p.events.end(), [&](const Event& e) {
                return e.record == record && e.user == userId && e.verdict == Verdict::Approve;
            });
            if (!inLog) {
                problems.push_back(who + ": the approval by " + userId + " (record " + shortId(record) +
                                   ") that it names is missing from the log of " + proposal +
                                   ": the log was replaced by an older copy (git push --force?); a sync "
                                   "with a clone that still has it puts it back");
                continue;
            }
            if (policy->signatures && !record.empty()) {
                auto e = std::find_if(p.events.begin(), p.events.end(), [&](const Event& x) { return x.record == record; });
                if (auto why = unsigned_(ws, config, *e); !why.empty()) {
                    problems.push_back(who + ": the " + why + ", which the policy of the time required");
                    continue;
                }
            }
            const User* u = config.findUser(userId);
            if (!u || !u->hasRole("reviewer") || u->org != org || (userId == p.author && !policy->selfApproval)) continue;
            users.insert(userId);
            orgs.insert(org);
        }
        const Event* landed = p.landed();
        if (!landed && p.state == ProposalState::Open && c.parents.size() > 1) {
            problems.push_back(who + ": " + proposal + " landed as this commit, but the landing stopped before "
                                     "its record was written: accord land " + shortId(n) + " completes it");
            continue;
        }
        if (!landed || landed->merge != c.id) {
            problems.push_back(who + ": " + proposal + " records no landing as this commit");
            continue;
        }
        if (static_cast<int>(users.size()) < policy->minApprovals)
            problems.push_back(who + ": " + proposal + " had " + std::to_string(users.size()) +
                               " approval(s), the policy of the time needed " + std::to_string(policy->minApprovals));
        for (const auto& [org, reasons] : consent.needed)
            if (!orgs.count(org))
                problems.push_back(who + ": " + proposal + " landed without the approval of " + org + " (" +
                                   join(reasons, "; ") + ")");
        // Every other record of the proposal is verified too: what was not heard is said.
        if (policy->signatures) {
            std::vector<std::string> ignored;
            (void)signedOnly(ws, config, p, ignored);
            for (const auto& i : ignored) unheard.push_back(c.shortId + " " + proposal + ": " + i);
        }
        const User* lander = landedBy(c, config);
        if (lander && policy->signatures &&
            ws.verifyCommit(c.id, keysFor(config, lander->id)) != Workspace::SignatureState::Good)
            problems.push_back(who + ": the landing is not signed with a key of " + lander->id +
                               "'s, which the policy of the time required");
        if (!lander || !mayLand(*lander, *policy))
            problems.push_back(who + ": " + proposal + " was landed by " + (lander ? lander->id : "someone unknown") +
                               ", whom the policy of the time did not let land (" + join(policy->landBy) + ")");
    }
    if (missingRecords)
        problems.push_back("this clone holds none of the proposals and reviews (refs/accord/ was never "
                           "fetched, as plain git clone does): accord sync fetches them");
    return AuditReport{name, checked, problems, rules, unheard};
}

std::string propose(Workspace& ws, const User& user, const std::string& title, const std::string& description,
                    const std::string& from, const std::string& into)
{
    if (!user.hasRole("drafter") && !user.hasRole("admin"))
        throw Error(ErrorKind::Forbidden, user.id + " is not a drafter of this workspace and cannot propose");
    if (title.find_first_not_of(" \t\r\n") == std::string::npos) throw Error(ErrorKind::Invalid, "a proposal needs a title");
    if (!from.starts_with("draft/"))
        throw Error(ErrorKind::Invalid, "propose a draft (--from NAME): " + (from.empty() ? "HEAD" : from) + " is not one");
    if (from == into) throw Error(ErrorKind::Invalid, "a draft cannot be proposed into itself");
    if (ws.isAncestor(from, into))
        throw Error(ErrorKind::Invalid, into + " already holds everything of " + from + ": nothing to propose");
    for (const auto& id : proposalIds(ws)) {
        Proposal other = loadProposal(ws, id);
        if (other.state == ProposalState::Open && other.from == from && other.into == into)
            throw Error(ErrorKind::Exists, "proposal " + other.label() + " already proposes " + from + " into " + into);
    }
    return openProposal(ws, user, title, description, from, into);
}

namespace {

/// The open thread numbered `seq` in `p` (its number in proposal show).
const Event& openThread(const Proposal& p, int seq)
{
    for (const Event* t : p.openThreads())
        if (t->seq == seq) return *t;
    throw Error(ErrorKind::NotFound, "proposal " + p.label() + " has no open thread #" + std::to_string(seq));
}

} // namespace

Event review(Workspace& ws, const User& user, const Proposal& p, const ReviewRequest& o)
{
    using Kind = ReviewRequest::Kind;
    if (p.state != ProposalState::Open)
        throw Error(ErrorKind::Invalid, "proposal " + p.label() + " is " + std::string(toString(p.state)) + ": it takes no reviews");
    const WorkspaceConfig config = configAt(ws, p.into);
    const bool verdict = o.kind == Kind::Approve || o.kind == Kind::RequestChanges;
    if (verdict && !user.hasRole("reviewer") && !user.hasRole("admin"))
        throw Error(ErrorKind::Forbidden, user.id + " is not a reviewer of this workspace and cannot review");
    requireSigning(ws, config.policyFor(p.into), p.into, "reviews");
    Event e;
    e.type = EventType::Review;
    e.commit = ws.resolve(p.from).id;
    e.message = o.message;
    if (o.kind == Kind::Approve) {
        const Policy* policy = config.policyFor(p.into);
        if (user.id == p.author && (!policy || !policy->selfApproval))
            throw Error(ErrorKind::Forbidden, "you opened proposal " + p.label() + ": the policy of " + p.into +
                                                  " does not let its author approve it");
        e.verdict = Verdict::Approve;
    } else if (o.kind == Kind::RequestChanges) {
        e.verdict = Verdict::RequestChanges;
    } else if (o.kind == Kind::Comment) {
        if (o.message.find_first_not_of(" \t\r\n") == std::string::npos) throw Error(ErrorKind::Invalid, "a comment needs -m \"…\"");
        if (!o.on.empty()) {
            bool found = false;
            for (const auto& [path, doc] : parseSnapshot(ws.snapshot(e.commit)))
                found = found || doc.findRecommendation(o.on) || doc.findSection(o.on);
            if (!found) throw Error(ErrorKind::NotFound, "no recommendation \"" + o.on + "\" in " + p.from);
        }
        if (!o.lang.empty() && o.lang != "ko" && o.lang != "en") throw Error(ErrorKind::Invalid, "the language is ko or en");
        e.verdict = Verdict::Comment;
        if (o.thread != 0) e.thread = openThread(p, o.thread).record;  // an answer: the thread stays one
        e.on = o.on;
        e.quote = o.quote;
        e.lang = o.lang;
    } else if (o.kind == Kind::Withdraw) {
        if (!p.verdicts().count(user.id))
            throw Error(ErrorKind::NotFound, user.id + " has no approval or request on proposal " + p.label() + " to withdraw");
        e.type = EventType::Withdraw;
        e.commit.clear();
    } else {
        // A thread blocks the landing: it is settled by whoever opened it, a reviewer of
        // their organisation, or an admin — not by the author it asks something of.
        const Event& thread = openThread(p, o.thread);
        const User* opener = config.findUser(thread.user);
        const bool sameOrg = opener && opener->org == user.org && user.hasRole("reviewer");
        if (user.id != thread.user && !sameOrg && !user.hasRole("admin"))
            throw Error(ErrorKind::Forbidden, "thread #" + std::to_string(o.thread) + " is resolved by " +
                                                  (opener ? opener->name : thread.user) + " who opened it, a reviewer of " +
                                                  (opener ? opener->org : std::string("their organisation")) + " or an admin");
        e.type = EventType::Resolve;
        e.thread = thread.record;
        e.commit.clear();
    }
    appendEvent(ws, p.id, user, e);
    return e;
}

void closeProposal(Workspace& ws, const User& user, const Proposal& p)
{
    if (user.id != p.author && !user.hasRole("admin"))
        throw Error(ErrorKind::Forbidden, "only the author (" + p.author + ") or an admin can close proposal " + p.label());
    if (p.state != ProposalState::Open)
        throw Error(ErrorKind::Invalid, "proposal " + p.label() + " is already " + std::string(toString(p.state)));
    Event e;
    e.type = EventType::Close;
    appendEvent(ws, p.id, user, e);
}

Landing land(Workspace& ws, const User& user, const std::string& n, const DocumentMerger* merger,
             const std::function<void(const std::string&)>& follow)
{
    // The target may move while we land: then the evaluation and merge start over.
    for (int attempt = 0;; ++attempt) {
        const Proposal p = loadProposal(ws, n);
        if (const Event* done = p.landed()) {
            if (follow) follow(done->merge);
            throw Refused(ErrorKind::Conflict, "proposal " + p.label() + " has already landed on " + p.into + " as " +
                                                   done->merge.substr(0, 8));
        }
        if (p.state == ProposalState::Closed) throw Refused(ErrorKind::Conflict, "proposal " + p.label() + " is closed");
        const WorkspaceConfig config = configAt(ws, p.into);
        if (auto landing = findLanding(ws, p)) {
            const WorkspaceConfig then = configAt(ws, landing->parents.front());
            const User* by = landedBy(*landing, then);
            recordLanding(ws, n, by ? *by : user, landedFrom(ws, *landing), p.tip);
            if (follow) follow(landing->id);
            return Landing{*landing, true};
        }
        const Policy* policy = config.policyFor(p.into);
        requireSigning(ws, policy, p.into, "landings");
        if (policy && !mayLand(user, *policy))
            throw Refused(ErrorKind::Forbidden, user.id + " may not land on " + p.into + ": its policy lets only " +
                                                    join(policy->landBy) + " land (accord user list shows who)");
        Evaluation ev = evaluate(ws, p, merger);
        if (!ev.ok())
            throw Refused(ErrorKind::Conflict, "proposal " + p.label() + " cannot land on " + p.into + " yet", ev.missing);
        std::ostringstream message;
        message << "Land proposal " << p.label() << ": " << p.title << "\n\n";
        if (!p.description.empty()) message << p.description << "\n\n";
        message << "Proposal: " << n << '\n';
        Event landed;
        landed.type = EventType::Landed;
        landed.source = ev.head;
        for (const auto& v : ev.verdicts) {
            if (!v.counts) continue;
            const User* reviewer = ev.config.findUser(v.event.user);
            message << "Approved-by: " << reviewer->name << " <" << reviewer->email << "> (" << reviewer->org << ") at "
                    << v.event.commit << " record " << v.event.record << '\n';
            landed.approvals.push_back(reviewer->id + " " + reviewer->org + " " + v.event.commit + " " + v.event.record);
        }
        message << "Landed-by: " << user.name << " <" << user.email << ">";
        CommitInfo commit;
        try {
            commit = ws.applyMerge(*ev.plan, Signature{user.name, user.email}, message.str(), Workspace::MergeMode::Landing);
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::Conflict || attempt >= 5) throw;
            // Another landing holds or moved the target: wait for it, then look again.
            std::this_thread::sleep_for(std::chrono::milliseconds(20 * (attempt + 1)));
            continue;
        }
        landed.merge = commit.id;
        recordLanding(ws, n, user, landed, p.tip);
        return Landing{commit, false};
    }
}

} // namespace accord::review
