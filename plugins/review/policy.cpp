#include "policy.hpp"

#include "accord/workspace/history.hpp"
#include "accord/workspace/validation.hpp"

#include <algorithm>
#include <optional>

namespace accord::review {

using namespace accord::workspace;

namespace {

using Patch = std::map<std::string, std::optional<Recommendation>>;

/// The recommendations a revision changes against where it left `into`, as they are in it.
Patch patchOf(const Workspace& ws, const std::string& into,
                                                             const std::string& commit)
{
    const std::string base = ws.mergeBase(into, commit);
    Snapshot after = ws.snapshot(commit);
    auto parsed = parseSnapshot(after);
    std::map<std::string, std::optional<Recommendation>> patch;
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

std::string joined(const std::set<std::string>& items)
{
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
}

} // namespace

WorkspaceConfig configAt(const Workspace& ws, const std::string& rev)
{
    Snapshot snap = ws.snapshot(rev);
    return snap.config ? parseConfig(*snap.config, "accord.xml at " + rev.substr(0, 8)) : WorkspaceConfig{};
}

namespace {

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

} // namespace

void changedRecommendations(const Workspace& ws, const std::string& from, const std::string& to,
                            std::vector<std::string>& changed, std::map<std::string, std::set<std::string>>& endorsers)
{
    Snapshot before = ws.snapshot(from);
    Snapshot after = ws.snapshot(to);
    auto docsBefore = parseSnapshot(before);
    auto docsAfter = parseSnapshot(after);
    auto endorsersIn = [&](const std::map<std::string, Submission>& docs, const std::string& id) {
        for (const auto& [path, doc] : docs)
            if (const Recommendation* r = doc.findRecommendation(id))
                for (const auto& e : r->endorsements) endorsers[e.org].insert(id);
    };
    for (const auto& d : diffSnapshots(before, after))
        for (const auto& c : d.changes) {
            if (c.part != PartChange::Part::Recommendation) continue;
            if (std::find(changed.begin(), changed.end(), c.id) == changed.end()) changed.push_back(c.id);
            endorsersIn(docsBefore, c.id);
            endorsersIn(docsAfter, c.id);
        }
}

Evaluation evaluate(Workspace& ws, const Proposal& p, const DocumentMerger* merger)
{
    Evaluation ev;
    ev.head = ws.resolve(p.from).id;
    ev.base = ws.mergeBase(p.into, p.from);
    ev.config = configAt(ws, p.into);
    ev.policy = ev.config.policyFor(p.into);
    changedRecommendations(ws, ev.base, ev.head, ev.changed, ev.endorsers);

    if (p.state != "open") ev.missing.push_back("proposal #" + std::to_string(p.number) + " is " + p.state);

    std::optional<Patch> headPatch;        // what the draft proposes now, for the copy rule
    std::set<std::string> approvedBy;      // users whose approval counts
    std::set<std::string> approvingOrgs;   // their organisations
    for (const auto& [userId, event] : p.verdicts()) {
        VerdictState v;
        v.event = event;
        const User* user = ev.config.findUser(userId);
        v.org = user ? user->org : "";
        v.current = carried(ws, p.into, event->commit, ev.head, headPatch);
        if (event->verdict == "request-changes") {
            ev.missing.push_back("changes requested by " + userName(ev.config, userId) +
                                 (user ? " (" + orgName(ev.config, user->org) + ")" : "") + ": they withdraw it with accord review " +
                                 std::to_string(p.number) + " --withdraw");
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
        if (ev.policy->endorsingOrganisations)
            for (const auto& [org, recs] : ev.endorsers)
                if (!approvingOrgs.count(org))
                    ev.missing.push_back("needs approval from: " + orgName(ev.config, org) + " (endorses " + joined(recs) + ")");
    }
    for (const Event* t : p.openThreads())
        ev.missing.push_back("unresolved thread #" + std::to_string(t->seq) + " by " + userName(ev.config, t->user) +
                             (t->on.empty() ? "" : " on " + t->on) + ": resolve it with accord review " +
                             std::to_string(p.number) + " --resolve " + std::to_string(t->seq));

    if (!merger) {
        ev.missing.push_back("no merger is loaded to check the merge (accord plugins shows the plugins)");
        return ev;
    }
    try {
        auto dry = ws.merge(p.from, p.into, *merger, Signature{"accord", "accord@localhost"}, {}, Workspace::MergeMode::DryRun);
        if (dry.conflicts > 0)
            ev.missing.push_back("merging gives " + std::to_string(dry.conflicts) + " conflict(s): merge " + p.into +
                                 " into " + p.from + " (accord switch DRAFT; accord merge " + p.into + "), resolve, commit");
        ValidationContext ctx;
        ctx.organisations = ev.config.organisationIds();
        for (const auto& [path, bytes] : dry.result)
            if (path.starts_with("documents/"))
                for (const auto& d : validateSubmission(bytes, path, ctx))
                    ev.missing.push_back("the merged text is not valid: " + d.toString());
    } catch (const Error& e) {
        ev.missing.push_back(std::string("the merge cannot be made: ") + e.what());
    }
    return ev;
}

} // namespace accord::review
