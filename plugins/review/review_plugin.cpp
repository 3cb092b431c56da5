#include "actions.hpp"
#include "policy.hpp"
#include "proposal.hpp"

#include "accord/plugin/define.hpp"
#include "accord/workspace/history.hpp"
#include "accord/workspace/strings.hpp"
#include "accord/workspace/translations.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <chrono>
#include <regex>
#include <set>
#include <thread>
#include <sstream>

namespace accord::review {

namespace {

using namespace accord::workspace;

/// The acting user, who must be declared (and, when `role` is given, hold it) to change anything.
const User& requireUser(const Workspace& ws, const WorkspaceConfig& config, const char* role, const std::string& doing)
{
    const User* u = actingUser(ws, config);
    if (!u)
        throw Error(ErrorKind::Invalid, "only a user of the workspace can " + doing +
                                            ": set ACCORD_USER to your user id (accord user list), or use a user's git email");
    if (role && !u->hasRole(role) && !u->hasRole("admin"))
        throw Error(ErrorKind::Forbidden, u->id + " is not a " + role + " of this workspace and cannot " + doing);
    return *u;
}

void printEvaluation(std::ostream& out, const Evaluation& ev, const Proposal& p)
{
    for (const auto& v : ev.verdicts) {
        const User* u = ev.config.findUser(v.event.user);
        out << "  " << (v.event.verdict == Verdict::Approve ? "approved" : "requested changes") << " by "
            << (u ? u->name : v.event.user) << (v.org.empty() ? "" : " (" + v.org + ")") << " at "
            << v.event.commit.substr(0, 8);
        if (!v.note.empty()) out << ": " << v.note;
        out << '\n';
    }
    for (const auto& i : ev.ignored) out << "  ignored: " << i << '\n';
    if (ev.ok()) {
        out << "Ready to land: accord land " << shortId(p.id);
        if (ev.policy) out << " (by a workspace " << join(ev.policy->landBy, " or ") << ")";
        out << '\n';
        return;
    }
    out << "Not ready to land:\n";
    for (const auto& m : ev.missing) out << "  - " << m << '\n';
}

plugin::Command proposeCommand()
{
    return {"propose", "Propose a draft for the coalition's text (or another draft)", [](CLI::App& app) {
                struct Options {
                    std::string title, from, into = "main", message;
                };
                auto o = std::make_shared<Options>();
                app.add_option("--title", o->title, "What the proposal does")->required();
                app.add_option("--from", o->from, "The draft proposed (default: the current one)");
                app.add_option("--into", o->into, "Where it would land (default: main)");
                app.add_option("-m,--message", o->message, "Why, for the reviewers");
                return [o](plugin::CommandContext& ctx) {
                    auto& ws = ctx.workspace();
                    WorkspaceConfig config = ws.config();
                    const User& user = requireUser(ws, config, "drafter", "propose");
                    std::string from = o->from.empty() ? ws.currentBranch() : branchOf(ws, o->from);
                    std::string into = branchOf(ws, o->into);
                    const std::string id = propose(ws, user, o->title, o->message, from, into);
                    ctx.out() << "Opened proposal #" << shortId(id) << ": " << o->title << " (" << from << " → " << into << ")\n"
                              << "Reviewers approve it with: accord review " << shortId(id) << " --approve\n";
                    return 0;
                };
            }};
}

plugin::Command proposalsCommand()
{
    return {"proposals", "List the proposals", [](CLI::App& app) {
                auto state = std::make_shared<std::string>();
                app.add_option("--state", *state, "Only open, landed or closed ones")->check(CLI::IsMember({"open", "landed", "closed"}));
                return [state](plugin::CommandContext& ctx) {
                    auto& ws = ctx.workspace();
                    int shown = 0;
                    for (const auto& id : proposalIds(ws)) {
                        Proposal p = loadProposal(ws, id);
                        if (!state->empty() && stateNamed(*state) != p.state) continue;
                        ++shown;
                        int approvals = 0;
                        for (const auto& [user, e] : p.verdicts()) approvals += e->verdict == Verdict::Approve;
                        ctx.out() << p.label() << "  " << toString(p.state) << "  " << p.title << "  (" << p.from << " → " << p.into
                                  << ", by " << p.author << ", " << approvals << " approval(s))\n";
                    }
                    if (shown == 0) ctx.out() << "No proposals" << (state->empty() ? "" : " " + *state) << ".\n";
                    return 0;
                };
            }};
}

/// What a proposal changes: from where its draft left the target to the draft's head
/// (the head that landed, once landed).
std::pair<std::string, std::string> changedRange(const Workspace& ws, const Proposal& p)
{
    const Event* landed = p.state == ProposalState::Landed ? p.landed() : nullptr;
    if (!landed) {
        const std::string head = ws.resolve(p.from).id;
        return {ws.mergeBase(p.into, head), head};
    }
    // Once landed, the target holds the draft: compare with the target as it was before.
    const CommitInfo merge = ws.resolve(landed->merge);
    const std::string target = merge.parents.empty() ? merge.id : merge.parents.front();
    return {ws.mergeBase(target, landed->source), landed->source};
}

void showProposal(plugin::CommandContext& ctx, Workspace& ws, const Proposal& p, const DocumentMerger* merger)
{
    auto& out = ctx.out();
    out << "Proposal " << p.label() << ": " << p.title << "\n  " << p.from << " → " << p.into << ", opened by " << p.author
        << ", " << toString(p.state) << '\n';
    if (!p.description.empty()) out << '\n' << p.description << '\n';
    out << "\nWhat it changes:\n";
    const auto [base, head] = changedRange(ws, p);
    auto diffs = diffSnapshots(ws.snapshot(base), ws.snapshot(head));
    if (diffs.empty()) out << "  nothing\n";
    for (const auto& d : diffs) {
        out << d.path << '\n';
        for (const auto& c : d.changes) {
            out << "  " << (c.added ? "+ " : c.removed ? "- " : "~ ") << (c.part == PartChange::Part::Section ? "section " : "")
                << c.id << (c.title.empty() ? "" : " \"" + c.title + "\"") << '\n';
            for (const auto& f : c.fields) {
                out << "      " << f.field << (f.lang.empty() ? "" : " [" + f.lang + "]");
                for (const auto& para : f.paragraphs) {
                    out << ": ";
                    for (const auto& chunk : para.chunks)
                        out << (chunk.op == DiffOp::Delete ? "[-" + chunk.text + "-]"
                                : chunk.op == DiffOp::Insert ? "{+" + chunk.text + "+}"
                                                             : chunk.text);
                    break;  // the first paragraph is enough for an overview; accord diff shows all
                }
                for (const auto& a : f.added) out << " +" << a;
                for (const auto& r : f.removed) out << " -" << r;
                if (f.kind == FieldChange::Kind::Attribute) out << ": " << f.before << " → " << f.after;
                out << '\n';
            }
        }
    }
    // Of what it changes, the translations that fell behind (and are not yet confirmed).
    bool staleHeader = false;
    for (const auto& d : diffs) {
        if (d.removed) continue;
        std::set<std::string> touched;
        for (const auto& c : d.changes) touched.insert(c.id);
        for (const auto& s : staleTranslations(ws, d.path, head)) {
            if (!touched.count(s.rec)) continue;
            if (!staleHeader) out << "\nStale translations:\n";
            staleHeader = true;
            out << "  " << s.rec << " [" << s.lang << "]: the " << s.changedLang << " text changed in " << s.change.shortId
                << " (" << s.change.author.name << ") and the " << s.lang << " text did not\n";
        }
    }
    out << "\nReviews and comments:\n";
    bool any = false;
    const WorkspaceConfig config = configAt(ws, p.into);
    const Policy* policy = config.policyFor(p.into);
    for (const auto& e : p.events) {
        if (e.type == EventType::Open) continue;
        any = true;
        const bool ignored = policy && policy->signatures && e.type != EventType::Landed && e.type != EventType::Close &&
                             !unsigned_(ws, config, e).empty();
        out << "  [" << e.seq << "] " << formatTime(e.time) << ' ' << e.user << ' ';
        if (e.type == EventType::Review) {
            out << toString(e.verdict);
            if (!e.thread.empty()) {
                const auto opened = std::find_if(p.events.begin(), p.events.end(), [&](const Event& x) { return x.record == e.thread; });
                out << " (reply to #" << (opened == p.events.end() ? shortId(e.thread) : std::to_string(opened->seq)) << ')';
            }
            if (!e.on.empty()) out << " on " << e.on;
            if (!e.lang.empty()) out << " [" << e.lang << ']';
            if (!e.commit.empty()) out << " at " << e.commit.substr(0, 8);
            if (!e.quote.empty()) out << "\n      \"" << e.quote << '"';
            if (!e.message.empty()) out << "\n      " << e.message;
        } else if (e.type == EventType::Resolve) {
            const auto opened = std::find_if(p.events.begin(), p.events.end(), [&](const Event& x) { return x.record == e.thread; });
            out << "resolved thread #" << (opened == p.events.end() ? shortId(e.thread) : std::to_string(opened->seq));
        } else if (e.type == EventType::Landed) {
            out << "landed as " << e.merge.substr(0, 8);
        } else {
            out << toString(e.type);
        }
        if (ignored) out << "  [not signed by its author: ignored]";
        out << '\n';
    }
    if (!any) out << "  none yet\n";
    if (p.state != ProposalState::Open) return;
    out << "\nPolicy of " << p.into << ":\n";
    printEvaluation(out, evaluate(ws, p, merger), p);
}

/// `accord proposal export`: each document the proposal changes as a redline, through the
/// host's export (profile, language checks) with the docx exporter.
int exportProposal(plugin::CommandContext& ctx, const Workspace& ws, const Proposal& p, plugin::ExportJob job)
{
    const auto [base, head] = changedRange(ws, p);
    const auto diffs = diffSnapshots(ws.snapshot(base), ws.snapshot(head));
    if (diffs.empty()) {
        ctx.out() << "Proposal " << p.label() << " changes no document: nothing to export.\n";
        return 0;
    }
    if (!job.output.empty() && diffs.size() > 1)
        throw Error(ErrorKind::Invalid, "proposal " + p.label() + " changes " + std::to_string(diffs.size()) +
                                            " documents: leave out -o, and each is written to a file of its own");
    int status = 0;
    for (const auto& d : diffs) {
        if (d.removed) {
            ctx.err() << "accord: " << d.path << " is deleted by the proposal: nothing to write for it\n";
            continue;
        }
        plugin::ExportJob one = job;
        one.document = std::filesystem::path(d.path).stem().string();
        one.format = "docx";
        one.redline = base + ".." + head;
        if (one.output.empty())
            one.output = one.document + ".proposal-" + shortId(p.id) + (one.lang.empty() ? "" : "." + one.lang) + ".docx";
        status = std::max(status, ctx.exportDocument(one));
    }
    return status;
}

plugin::Command proposalCommand()
{
    return {"proposal", "Show or close one proposal", [](CLI::App& app) {
                app.require_subcommand(1);
                auto number = std::make_shared<std::string>();
                auto action = std::make_shared<std::string>();
                auto* show = app.add_subcommand("show", "Show a proposal: what it changes, its reviews and what it still needs");
                show->add_option("ID", *number, "The proposal, e.g. 3f9a2c1 (accord proposals lists them)")->required();
                show->callback([action] { *action = "show"; });
                auto* close = app.add_subcommand("close", "Close a proposal without landing it (its author or an admin)");
                close->add_option("ID", *number, "The proposal, e.g. 3f9a2c1")->required();
                close->callback([action] { *action = "close"; });
                auto job = std::make_shared<plugin::ExportJob>();
                auto* exported = app.add_subcommand(
                    "export", "Write what a proposal changes as a Word file with tracked changes, for those who read in Word");
                exported->add_option("ID", *number, "The proposal, e.g. 3f9a2c1")->required();
                exported->add_option("--lang", job->lang, "ko or en (default: the profile's language, else the document's)")
                    ->check(CLI::IsMember({"ko", "en"}));
                exported->add_option("--profile", job->profile, "The recipient's profile (default: the document's)");
                exported->add_option("-o,--output", job->output,
                                     "The file to write (default: DOC.proposal-ID.LANG.docx here, one per document it changes)");
                exported->footer("Each insertion, deletion and move carries the author and date of the commit that\n"
                                 "made it; Word's Review pane (or LibreOffice's Manage Changes) accepts or rejects them.");
                exported->callback([action] { *action = "export"; });
                return [number, action, job](plugin::CommandContext& ctx) {
                    auto& ws = ctx.workspace();
                    Proposal p = loadProposal(ws, findProposal(ws, *number));
                    if (*action == "show") {
                        showProposal(ctx, ws, p, ctx.findMerger() ? &ctx.findMerger()->merge : nullptr);
                        return 0;
                    }
                    if (*action == "export") return exportProposal(ctx, ws, p, *job);
                    WorkspaceConfig config = ws.config();
                    const User& user = requireUser(ws, config, nullptr, "close a proposal");
                    closeProposal(ws, user, p);
                    ctx.out() << "Closed proposal " << p.label() << ".\n";
                    return 0;
                };
            }};
}

plugin::Command reviewCommand()
{
    return {"review", "Approve, request changes or comment on a proposal; withdraw; resolve a thread", [](CLI::App& app) {
                struct Options {
                    std::string number, message, on, quote, lang;
                    bool approve = false, requestChanges = false, comment = false, withdraw = false;
                    int resolve = 0, reply = 0;
                };
                auto o = std::make_shared<Options>();
                app.add_option("ID", o->number, "The proposal, e.g. 3f9a2c1 (accord proposals lists them)")->required();
                auto* a = app.add_flag("--approve", o->approve, "Approve the draft as it is now");
                auto* r = app.add_flag("--request-changes", o->requestChanges, "Block the landing until you withdraw");
                auto* c = app.add_flag("--comment", o->comment, "Start a thread (blocks the landing until resolved)");
                auto* w = app.add_flag("--withdraw", o->withdraw, "Withdraw your approval or request");
                auto* s = app.add_option("--resolve", o->resolve, "Resolve thread T (its number in proposal show)");
                auto* y = app.add_option("--reply", o->reply, "Answer thread T with -m (it stays one thread)");
                a->excludes(r, c, w, s, y);
                c->excludes(y);
                w->excludes(y);
                s->excludes(y);
                r->excludes(c, w, s);
                c->excludes(w, s);
                w->excludes(s);
                app.add_option("-m,--message", o->message, "What you say");
                app.add_option("--on", o->on, "The recommendation id a comment is about");
                app.add_option("--quote", o->quote, "The words a comment is about");
                app.add_option("--lang", o->lang, "The language of the quoted words")->check(CLI::IsMember({"ko", "en"}));
                app.footer("A review is bound to the draft's commit it saw. It stays current while the\n"
                           "recommendations the proposal changes stay as they were (a merge of main into\n"
                           "the draft, or edits elsewhere, keep it); otherwise it is shown as stale.");
                return [o](plugin::CommandContext& ctx) {
                    if (!o->approve && !o->requestChanges && !o->comment && !o->withdraw && o->resolve == 0 && o->reply == 0)
                        throw Error(ErrorKind::Invalid,
                                    "say what: --approve, --request-changes, --comment -m, --reply T -m, --withdraw or --resolve T");
                    auto& ws = ctx.workspace();
                    Proposal p = loadProposal(ws, findProposal(ws, o->number));
                    const bool verdict = o->approve || o->requestChanges;
                    const WorkspaceConfig config = configAt(ws, p.into);
                    const User& user = requireUser(ws, config, nullptr, verdict ? "review" : "comment");
                    ReviewRequest request;
                    using Kind = ReviewRequest::Kind;
                    request.kind = o->approve ? Kind::Approve : o->requestChanges ? Kind::RequestChanges
                                 : o->comment || o->reply ? Kind::Comment : o->withdraw ? Kind::Withdraw : Kind::Resolve;
                    request.message = o->message;
                    request.on = o->on;
                    request.quote = o->quote;
                    request.lang = o->lang;
                    request.thread = o->reply ? o->reply : o->resolve;
                    const Event e = review(ws, user, p, request);
                    ctx.out() << "Recorded: " << (e.type == EventType::Review ? toString(e.verdict) : toString(e.type)) << " by " << user.name << " ("
                              << user.org << ") on proposal " << p.label()
                              << (e.commit.empty() ? "" : " at " + e.commit.substr(0, 8)) << ".\n";
                    return 0;
                };
            }};
}

plugin::Command landCommand()
{
    return {"land", "Land a proposal whose policy holds: merge it into its target", [](CLI::App& app) {
                auto number = std::make_shared<std::string>();
                app.add_option("ID", *number, "The proposal, e.g. 3f9a2c1 (accord proposals lists them)")->required();
                app.footer("Who may land is part of the target's policy (land-by, default: the workspace's admins).\n"
                           "A landing interrupted after the target moved is completed by landing again.");
                return [number](plugin::CommandContext& ctx) {
                    auto& ws = ctx.workspace();
                    const plugin::Merger* merger = ctx.findMerger();
                    const std::string n = findProposal(ws, *number);
                    const Proposal p = loadProposal(ws, n);
                    // A landing killed before the working tree followed leaves the files behind: they catch up.
                    auto follow = [&](const std::string& merge) {
                        if (ws.currentBranch() != p.into) return;
                        const CommitInfo landing = ws.resolve(merge);
                        for (const auto& path : ws.followBranch(landing.parents.front(), landing.id))
                            ctx.err() << "accord: " << path << " was changed by hand and was left as it is\n";
                    };
                    try {
                        const WorkspaceConfig config = configAt(ws, p.into);
                        const User& user = requireUser(ws, config, nullptr, "land a proposal");
                        const Landing done = land(ws, user, n, merger ? &merger->merge : nullptr, follow);
                        if (done.completed)
                            ctx.out() << "Proposal " << p.label() << " had landed on " << p.into << " as " << done.commit.shortId
                                      << ", but the landing stopped before its record was written; the record is now complete.\n";
                        else
                            ctx.out() << "Landed proposal " << p.label() << " on " << p.into << " as " << done.commit.shortId << ".\n";
                        return 0;
                    } catch (const Refused& r) {
                        ctx.err() << "accord: refused: " << r.what() << (r.missing.empty() ? "\n" : ":\n");
                        for (const auto& m : r.missing) ctx.err() << "  - " << m << '\n';
                        return 1;
                    }
                };
            }};
}

plugin::Command auditCommand()
{
    return {"audit", "Check that every change on a branch came through a proposal its policy accepted", [](CLI::App& app) {
                auto branch = std::make_shared<std::string>("main");
                app.add_option("BRANCH", *branch, "The branch to audit (default: main)");
                app.footer("Lists every change of the rules (users, roles, policies, organisations) on the way.");
                return [branch](plugin::CommandContext& ctx) {
                    const AuditReport report = audit(ctx.workspace(), branchOf(ctx.workspace(), *branch));
                    const auto& [name, checked, problems, rules, unheard] = report;
                    ctx.out() << "Audit of " << name << ": " << checked << " protected change(s) checked, " << problems.size()
                              << " problem(s).\n";
                    for (const auto& pr : problems) ctx.out() << "  - " << pr << '\n';
                    if (!unheard.empty()) {
                        ctx.out() << "Records not signed by their authors, which counted for nothing:\n";
                        for (const auto& u : unheard) ctx.out() << "  " << u << '\n';
                    }
                    if (!rules.empty()) {
                        ctx.out() << "Changes of the rules, newest first:\n";
                        for (const auto& r : rules) ctx.out() << "  " << r << '\n';
                    }
                    return problems.empty() ? 0 : 1;
                };
            }};
}

class ReviewPlugin final : public plugin::Plugin {
public:
    void registerWith(plugin::Registrar& registrar) override
    {
        registrar.addCommand(proposeCommand());
        registrar.addCommand(proposalsCommand());
        registrar.addCommand(proposalCommand());
        registrar.addCommand(reviewCommand());
        registrar.addCommand(landCommand());
        registrar.addCommand(auditCommand());
        for (auto& route : routes()) registrar.addRoute(std::move(route));
    }
};

} // namespace

} // namespace accord::review

ACCORD_PLUGIN(accord::review::ReviewPlugin, "Proposals, reviews bound to commits, sign-off policies and landing")
