#include "policy.hpp"

#include "accord/workspace/history.hpp"
#include "accord/workspace/strings.hpp"
#include "accord/workspace/validation.hpp"

#include <algorithm>
#include <optional>
#include <regex>
#include <sstream>

namespace accord::review {

using namespace accord::workspace;

namespace {

using Patch = std::map<std::string, std::optional<Recommendation>>;

/// The recommendations a revision changes against where it left `into`, as they are in it.
Patch patchOf(const Workspace& ws, const std::string& into, const std::string& commit)
{
    const std::string base = ws.mergeBase(into, commit);
    Snapshot after = ws.snapshot(commit);
    auto parsed = parseSnapshot(after);
    Patch patch;
    for (const auto& d : diffSnapshots(ws.snapshot(base), after))
        for (const auto& c : d.changes) {
            if (c.part != PartChange::Part::Recommendation) continue;
            std::optional<Recommendation> now;
            if (auto doc = parsed.find(d.path); doc != parsed.end())
                if (const Recommendation* r = doc->second.findRecommendation(c.id)) now = *r;
            patch[c.id] = now;
        }
    return patch;
}

std::string orgName(const WorkspaceConfig& config, const std::string& org)
{
    const Organisation* o = config.findOrganisation(org);
    return o ? o->name("en") : org;
}

std::string userName(const WorkspaceConfig& config, const std::string& id)
{
    const User* u = config.findUser(id);
    return u ? u->name : id;
}

/// The copy rule (see VerdictState::current), against a head whose patch is worked
/// out once for every verdict.
bool carried(const Workspace& ws, const std::string& into, const std::string& approved, const std::string& head,
             std::optional<Patch>& headPatch)
{
    if (approved == head) return true;
    if (!ws.isAncestor(approved, head)) return false;  // the draft was rewritten: nobody saw this text
    if (!headPatch) headPatch = patchOf(ws, into, head);
    return patchOf(ws, into, approved) == *headPatch;
}

WorkspaceConfig configOf(const Snapshot& snap)
{
    return snap.config ? parseConfig(*snap.config, "accord.xml at " + snap.label) : WorkspaceConfig{};
}

std::string describe(const Policy& p)
{
    std::ostringstream s;
    s << "at least " << p.minApprovals << " approval(s), endorsing organisations "
      << (p.endorsingOrganisations ? "required" : "optional") << ", self-approval "
      << (p.selfApproval ? "allowed" : "forbidden") << ", landed by " << join(p.landBy);
    return s.str();
}

} // namespace

WorkspaceConfig configAt(const Workspace& ws, const std::string& rev)
{
    Snapshot snap = ws.snapshot(rev);
    snap.label = rev.substr(0, 8);
    return configOf(snap);
}

std::vector<RuleChange> ruleChanges(const WorkspaceConfig& before, const WorkspaceConfig& after)
{
    const std::vector<std::string> ids = before.organisationIds();
    const std::set<std::string> all(ids.begin(), ids.end());
    std::vector<RuleChange> out;
    auto add = [&](std::string what, std::set<std::string> orgs) { out.push_back(RuleChange{std::move(what), std::move(orgs)}); };
    // An admin acts for the whole workspace: making or unmaking one concerns everyone.
    auto concerned = [&](std::initializer_list<const User*> users) {
        std::set<std::string> orgs;
        for (const User* u : users) {
            if (!u) continue;
            orgs.insert(u->org);
            if (u->hasRole("admin")) orgs.insert(all.begin(), all.end());
        }
        return orgs;
    };
    for (const auto& u : after.users) {
        const User* b = before.findUser(u.id);
        if (!b) {
            add("adds user " + u.id + " (" + join(u.roles) + ") to " + u.org, concerned({&u}));
            continue;
        }
        if (*b == u) continue;
        std::vector<std::string> how;
        if (b->org != u.org) how.push_back("organisation " + b->org + " → " + u.org);
        if (b->roles != u.roles) how.push_back("roles " + join(b->roles) + " → " + join(u.roles));
        if (b->email != u.email) how.push_back("email " + b->email + " → " + u.email);
        if (b->name != u.name) how.push_back("name " + b->name + " → " + u.name);
        if (b->keys != u.keys) how.push_back("signing keys " + std::to_string(b->keys.size()) + " → " + std::to_string(u.keys.size()));
        add("changes user " + u.id + ": " + join(how, "; "), concerned({b, &u}));
    }
    for (const auto& b : before.users)
        if (!after.findUser(b.id)) add("removes user " + b.id + " of " + b.org, concerned({&b}));
    for (const auto& p : after.policies) {
        const Policy* b = before.policyFor(p.branch);
        if (!b) add("adds a policy to " + p.branch + " (" + describe(p) + ")", all);
        else if (!(*b == p)) add("changes the policy of " + p.branch + " to " + describe(p), all);
    }
    for (const auto& b : before.policies)
        if (!after.policyFor(b.branch)) add("removes the policy of " + b.branch, all);
    for (const auto& g : after.signers) {
        const auto b = std::find_if(before.signers.begin(), before.signers.end(), [&](const Signer& x) { return x.id == g.id; });
        if (b == before.signers.end()) add("trusts signer " + g.id + " to sign for " + (g.users.empty() ? "every user" : join(g.users)), all);
        else if (!(*b == g)) add("changes the trusted signer " + g.id, all);
    }
    for (const auto& b : before.signers)
        if (std::none_of(after.signers.begin(), after.signers.end(), [&](const Signer& x) { return x.id == b.id; }))
            add("no longer trusts signer " + b.id, all);
    for (const auto& o : after.organisations) {
        const Organisation* b = before.findOrganisation(o.id);
        if (!b) add("adds organisation " + o.id, all);
        else if (!(*b == o)) add("changes the name or kind of organisation " + o.id, {o.id});
    }
    for (const auto& b : before.organisations)
        if (!after.findOrganisation(b.id)) add("removes organisation " + b.id, all);
    return out;
}

Consent consentFor(const Snapshot& before, const Snapshot& after, const Policy& policy)
{
    Consent consent;
    auto docsBefore = parseSnapshot(before);
    auto docsAfter = parseSnapshot(after);
    std::map<std::string, std::vector<std::string>> endorsed;  // organisation → recommendations
    auto endorsersIn = [&](const std::map<std::string, Submission>& docs, const std::string& id) {
        for (const auto& [path, doc] : docs)
            if (const Recommendation* r = doc.findRecommendation(id))
                for (const auto& e : r->endorsements) {
                    auto& recs = endorsed[e.org];
                    if (std::find(recs.begin(), recs.end(), id) == recs.end()) recs.push_back(id);
                }
    };
    for (const auto& d : diffSnapshots(before, after))
        for (const auto& c : d.changes) {
            if (c.part != PartChange::Part::Recommendation) continue;
            if (std::find(consent.changed.begin(), consent.changed.end(), c.id) == consent.changed.end())
                consent.changed.push_back(c.id);
            if (!policy.endorsingOrganisations) continue;
            endorsersIn(docsBefore, c.id);
            endorsersIn(docsAfter, c.id);
        }
    for (const auto& [org, recs] : endorsed) consent.needed[org].push_back("endorses " + join(recs));
    consent.rules = ruleChanges(configOf(before), configOf(after));
    for (const auto& r : consent.rules)
        for (const auto& org : r.orgs) consent.needed[org].push_back("changes the rules: " + r.what);
    return consent;
}

std::vector<std::string> keysFor(const WorkspaceConfig& config, const std::string& user)
{
    std::vector<std::string> keys;
    if (const User* u = config.findUser(user)) keys = u->keys;
    for (const auto& g : config.signers)
        if (g.signsFor(user)) keys.push_back(g.key);
    return keys;
}

std::string unsigned_(const Workspace& ws, const WorkspaceConfig& config, const Event& event)
{
    const std::string what = event.type == EventType::Review ? std::string(event.verdict == Verdict::Approve ? "approval"
                                                                           : event.verdict == Verdict::RequestChanges
                                                                               ? "request for changes"
                                                                               : "comment")
                                                             : std::string(toString(event.type));
    switch (ws.verifyCommit(event.record, keysFor(config, event.user))) {
    case Workspace::SignatureState::Good: return {};
    case Workspace::SignatureState::Unsigned: return what + " by " + event.user + " is not signed";
    case Workspace::SignatureState::Bad: break;
    }
    return what + " by " + event.user + " is not signed with a key of " + event.user + "'s";
}

Proposal signedOnly(const Workspace& ws, const WorkspaceConfig& config, const Proposal& p, std::vector<std::string>& ignored)
{
    Proposal kept = p;
    kept.events.clear();
    for (const auto& e : p.events) {
        // The opening and the landing are the proposal's own facts; what reviewers say must be theirs.
        if (e.type != EventType::Open && e.type != EventType::Landed && e.type != EventType::Close)
            if (auto why = unsigned_(ws, config, e); !why.empty()) {
                ignored.push_back(why + " (record " + e.record.substr(0, 8) + ")");
                continue;
            }
        kept.events.push_back(e);
    }
    return kept;
}

Evaluation evaluate(const Workspace& ws, const Proposal& given, const DocumentMerger* merger)
{
    Evaluation ev;
    ev.head = ws.resolve(given.from).id;
    ev.target = ws.resolve(given.into).id;
    ev.config = configAt(ws, ev.target);
    ev.policy = ev.config.policyFor(given.into);
    // Under a policy that requires signatures, only what its authors signed is heard.
    const Proposal p = ev.policy && ev.policy->signatures ? signedOnly(ws, ev.config, given, ev.ignored) : given;

    if (p.state != ProposalState::Open)
        ev.missing.push_back("proposal " + p.label() + " is " + std::string(toString(p.state)));

    // What landing would change: the target as it is now against the merge's result.
    Snapshot before = ws.snapshot(ev.target);
    std::optional<Snapshot> after;
    if (!merger) {
        ev.missing.push_back("no merger is loaded to check the merge (accord plugins shows the plugins)");
    } else {
        try {
            ev.plan = ws.planMerge(ev.head, p.into, *merger);
            if (ev.plan->upToDate) {
                ev.missing.push_back(p.into + " already holds everything of " + p.from + ": nothing to land (close the proposal)");
            } else {
                after = ws.resultOf(*ev.plan);
                if (ev.plan->conflicts > 0)
                    ev.missing.push_back("merging gives " + std::to_string(ev.plan->conflicts) + " conflict(s): merge " + p.into +
                                         " into " + p.from + " (accord switch DRAFT; accord merge " + p.into + "), resolve, commit");
                const ValidationContext ctx = Workspace::validationContext(configOf(*after));
                for (const auto& [path, bytes] : ev.plan->changes)
                    if (bytes && path.starts_with("documents/"))
                        for (const auto& d : validateSubmission(*bytes, path, ctx))
                            ev.missing.push_back("the merged text is not valid: " + d.toString());
            }
        } catch (const Error& e) {
            ev.plan.reset();
            ev.missing.push_back(std::string("the merge cannot be made: ") + e.what());
        }
    }
    if (!after) {
        // No merge to look at: what the draft changes since it left the target, for display.
        before = ws.snapshot(ws.mergeBase(p.into, ev.head));
        after = ws.snapshot(ev.head);
    }
    if (ev.policy) ev.consent = consentFor(before, *after, *ev.policy);

    std::optional<Patch> headPatch;        // what the draft proposes now, for the copy rule
    std::set<std::string> approvedBy;      // users whose approval counts
    std::set<std::string> approvingOrgs;   // their organisations
    for (const auto& [userId, event] : p.verdicts()) {
        VerdictState v;
        v.event = *event;
        const User* user = ev.config.findUser(userId);
        v.org = user ? user->org : "";
        v.current = carried(ws, p.into, event->commit, ev.head, headPatch);
        if (event->verdict == Verdict::RequestChanges) {
            ev.missing.push_back("changes requested by " + userName(ev.config, userId) +
                                 (user ? " (" + orgName(ev.config, user->org) + ")" : "") + ": they withdraw it with accord review " +
                                 shortId(p.id) + " --withdraw");
            v.note = "requests changes";
        } else if (!user || !user->hasRole("reviewer")) {
            v.note = "not a reviewer of this workspace";
        } else if (userId == p.author && ev.policy && !ev.policy->selfApproval) {
            v.note = "the author's own approval does not count";
        } else if (!v.current) {
            v.note = "stale: given at " + event->commit.substr(0, 8) + ", the draft has changed the recommendations since";
        } else {
            v.counts = true;
            approvedBy.insert(userId);
            approvingOrgs.insert(user->org);
        }
        ev.verdicts.push_back(v);
    }

    if (ev.policy) {
        const auto have = static_cast<int>(approvedBy.size());
        if (have < ev.policy->minApprovals)
            ev.missing.push_back("needs " + std::to_string(ev.policy->minApprovals - have) + " more approval(s) from reviewers (has " +
                                 std::to_string(have) + ", " + p.into + " needs " + std::to_string(ev.policy->minApprovals) + ")");
        for (const auto& [org, reasons] : ev.consent.needed)
            if (!approvingOrgs.count(org))
                ev.missing.push_back("needs approval from: " + orgName(ev.config, org) + " (" + join(reasons, "; ") + ")");
    }
    for (const Event* t : p.openThreads())
        ev.missing.push_back("unresolved thread #" + std::to_string(t->seq) + " by " + userName(ev.config, t->user) +
                             (t->on.empty() ? "" : " on " + t->on) + ": resolve it with accord review " +
                             shortId(p.id) + " --resolve " + std::to_string(t->seq));
    return ev;
}

std::vector<std::string> approvalsIn(const std::string& message, const WorkspaceConfig& config)
{
    static const std::regex line(R"(^Approved-by: .* <([^<>\s]+)> \(([a-z0-9-]+)\) at ([0-9a-f]+)( record ([0-9a-f]+))?$)");
    std::vector<std::string> out;
    std::istringstream in(message);
    for (std::string text; std::getline(in, text);) {
        std::smatch m;
        if (!std::regex_match(text, m, line)) continue;
        const User* u = config.findUserByEmail(m[1].str());
        if (u) out.push_back(u->id + " " + m[2].str() + " " + m[3].str() + (m[5].matched ? " " + m[5].str() : ""));
    }
    return out;
}

std::string proposalOf(const std::string& message)
{
    static const std::regex line(R"((^|\n)Proposal: ([0-9a-f]{1,40})(\n|$))");
    std::smatch m;
    return std::regex_search(message, m, line) ? m[2].str() : std::string();
}

std::optional<CommitInfo> findLanding(const Workspace& ws, const Proposal& p)
{
    // Clocks differ between machines: look a day further back than the opening.
    const std::int64_t since = p.events.empty() ? 0 : p.events.front().time - 24 * 3600;
    for (CommitInfo c = ws.resolve(p.into);; c = ws.resolve(c.parents.front())) {
        if (c.parents.size() >= 2 && proposalOf(c.message) == p.id) return c;
        if (c.parents.empty() || c.time < since) return std::nullopt;
    }
}

} // namespace accord::review
