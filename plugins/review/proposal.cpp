#include "proposal.hpp"

#include "accord/workspace/error.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

namespace accord::review {

using workspace::Error;
using workspace::ErrorKind;

namespace {

constexpr const char* kPrefix = "refs/accord/proposals/";

constexpr std::pair<EventType, std::string_view> kTypes[] = {
    {EventType::Open, "open"},         {EventType::Review, "review"}, {EventType::Withdraw, "withdraw"},
    {EventType::Resolve, "resolve"},   {EventType::Close, "close"},   {EventType::Landed, "landed"}};
constexpr std::pair<Verdict, std::string_view> kVerdicts[] = {
    {Verdict::None, ""}, {Verdict::Approve, "approve"}, {Verdict::RequestChanges, "request-changes"}, {Verdict::Comment, "comment"}};
constexpr std::pair<ProposalState, std::string_view> kStates[] = {
    {ProposalState::Open, "open"}, {ProposalState::Landed, "landed"}, {ProposalState::Closed, "closed"}};

template <class E, std::size_t N>
std::string_view nameOf(const std::pair<E, std::string_view> (&table)[N], E value)
{
    for (const auto& [v, name] : table)
        if (v == value) return name;
    return {};
}

template <class E, std::size_t N>
std::optional<E> valueOf(const std::pair<E, std::string_view> (&table)[N], std::string_view name)
{
    for (const auto& [v, n] : table)
        if (n == name) return v;
    return std::nullopt;
}

std::string toJson(const Event& e, const Proposal* opening)
{
    Poco::JSON::Object o;
    o.set("type", std::string(toString(e.type)));
    o.set("user", e.user);
    if (opening) {
        o.set("title", opening->title);
        o.set("description", opening->description);
        o.set("from", opening->from);
        o.set("into", opening->into);
    }
    auto setIf = [&](const char* key, const std::string& value) {
        if (!value.empty()) o.set(key, value);
    };
    setIf("verdict", std::string(toString(e.verdict)));
    setIf("commit", e.commit);
    setIf("message", e.message);
    setIf("on", e.on);
    setIf("quote", e.quote);
    setIf("lang", e.lang);
    setIf("merge", e.merge);
    setIf("source", e.source);
    setIf("thread", e.thread);
    if (!e.approvals.empty()) {
        Poco::JSON::Array a;
        for (const auto& x : e.approvals) a.add(x);
        o.set("approvals", a);
    }
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(o, out, 2);
    return out.str();
}

std::string summaryOf(const Event& e, const std::string& id)
{
    std::string s = "proposal " + shortId(id) + ": " + std::string(toString(e.type));
    if (e.verdict != Verdict::None) s += " " + std::string(toString(e.verdict));
    return s + " by " + e.user;
}

} // namespace

std::string_view toString(EventType type)
{
    return nameOf(kTypes, type);
}

std::string_view toString(Verdict verdict)
{
    return nameOf(kVerdicts, verdict);
}

std::string_view toString(ProposalState state)
{
    return nameOf(kStates, state);
}

std::optional<ProposalState> stateNamed(std::string_view name)
{
    return valueOf(kStates, name);
}

std::map<std::string, const Event*> Proposal::verdicts() const
{
    std::map<std::string, const Event*> standing;
    for (const auto& e : events) {
        if (e.type == EventType::Review && (e.verdict == Verdict::Approve || e.verdict == Verdict::RequestChanges))
            standing[e.user] = &e;
        if (e.type == EventType::Withdraw) standing.erase(e.user);
    }
    return standing;
}

std::vector<const Event*> Proposal::openThreads() const
{
    std::set<std::string> resolved;
    for (const auto& e : events)
        if (e.type == EventType::Resolve) resolved.insert(e.thread);
    std::vector<const Event*> open;
    for (const auto& e : events)
        if (e.type == EventType::Review && e.verdict == Verdict::Comment && e.thread.empty() && !resolved.count(e.record))
            open.push_back(&e);
    return open;
}

const Event* Proposal::landed() const
{
    for (const auto& e : events)
        if (e.type == EventType::Landed) return &e;
    return nullptr;
}

std::string Proposal::label() const
{
    return "#" + shortId(id);
}

std::string shortId(const std::string& id)
{
    return id.size() == 40 ? id.substr(0, 7) : id;
}

std::string refOf(const std::string& id)
{
    return kPrefix + id;
}

namespace {

bool isDigits(std::string_view s, bool hex)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) {
        return (c >= '0' && c <= '9') || (hex && c >= 'a' && c <= 'f');
    });
}

} // namespace

std::vector<std::string> proposalIds(const workspace::Workspace& ws)
{
    std::vector<std::pair<std::int64_t, std::string>> found;
    for (const auto& ref : ws.listRefs(kPrefix)) {
        const std::string tail = ref.substr(std::string(kPrefix).size());
        if (!isDigits(tail, true)) continue;
        // A proposal's id is its opening record: when it opened is that commit's time.
        found.emplace_back(tail.size() == 40 ? ws.resolve(tail).time : 0, tail);
    }
    // Numbered logs of an older workspace by number, then by when they opened.
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        const bool an = a.second.size() < 40;
        const bool bn = b.second.size() < 40;
        if (an != bn) return an;
        if (an) return std::stoll(a.second) < std::stoll(b.second);
        return a < b;
    });
    std::vector<std::string> ids;
    for (auto& [time, id] : found) ids.push_back(std::move(id));
    return ids;
}

std::string findProposal(const workspace::Workspace& ws, const std::string& text)
{
    const std::string given = text.starts_with("#") ? text.substr(1) : text;
    std::string lower = given;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!isDigits(lower, true) || lower.size() > 40)
        throw Error(ErrorKind::Invalid, "\"" + text + "\" is not a proposal (accord proposals lists them, e.g. #3f9a2c1)");
    std::vector<std::string> matches;
    for (const auto& id : proposalIds(ws)) {
        if (id == lower) return id;
        if (id.size() == 40 && lower.size() >= 4 && id.starts_with(lower)) matches.push_back(id);
    }
    if (matches.size() == 1) return matches.front();
    if (matches.empty())
        throw Error(ErrorKind::NotFound, "no proposal #" + given + " (accord proposals lists them)");
    std::string which;
    for (const auto& m : matches) which += (which.empty() ? "" : ", ") + ("#" + m.substr(0, 10));
    throw Error(ErrorKind::Invalid, "#" + given + " names more than one proposal (" + which + "): give more of its id");
}

Proposal loadProposal(const workspace::Workspace& ws, const std::string& id)
{
    auto records = ws.readRecords(refOf(id));
    if (records.empty()) throw Error(ErrorKind::NotFound, "no proposal #" + shortId(id) + " (accord proposals lists them)");
    Proposal p;
    p.id = id;
    int seq = 0;
    for (const auto& [commit, json] : records) {
        Poco::JSON::Object::Ptr o;
        try {
            o = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
        } catch (const Poco::Exception& e) {
            throw Error(ErrorKind::Invalid, refOf(id) + ": record " + commit.shortId + " is not JSON: " + e.displayText());
        }
        Event e;
        e.seq = ++seq;
        e.record = commit.id;
        e.time = commit.time;
        const auto typeName = o->optValue<std::string>("type", "");
        const auto verdictName = o->optValue<std::string>("verdict", "");
        const auto type = valueOf(kTypes, typeName);
        const auto verdict = valueOf(kVerdicts, verdictName);
        if (!type || !verdict || (seq == 1) != (*type == EventType::Open))
            throw Error(ErrorKind::Invalid, refOf(id) + ": record " + commit.shortId + " is not a record Accord knows (type \"" +
                                                typeName + "\", verdict \"" + verdictName + "\")");
        e.type = *type;
        e.verdict = *verdict;
        e.user = o->optValue<std::string>("user", "");
        e.commit = o->optValue<std::string>("commit", "");
        e.message = o->optValue<std::string>("message", "");
        e.on = o->optValue<std::string>("on", "");
        e.quote = o->optValue<std::string>("quote", "");
        e.lang = o->optValue<std::string>("lang", "");
        e.merge = o->optValue<std::string>("merge", "");
        e.source = o->optValue<std::string>("source", "");
        // A thread is named by the record that opened it; logs of an older workspace named it by position.
        if (o->has("thread")) {
            const Poco::Dynamic::Var thread = o->get("thread");
            if (thread.isString()) {
                e.thread = thread.convert<std::string>();
            } else {
                const int position = thread.convert<int>();
                if (position >= 1 && position <= static_cast<int>(p.events.size())) e.thread = p.events[static_cast<std::size_t>(position - 1)].record;
            }
        }
        if (auto a = o->getArray("approvals"))
            for (std::size_t i = 0; i < a->size(); ++i) e.approvals.push_back(a->getElement<std::string>(static_cast<unsigned>(i)));
        if (e.type == EventType::Open) {
            p.title = o->optValue<std::string>("title", "");
            p.description = o->optValue<std::string>("description", "");
            p.from = o->optValue<std::string>("from", "");
            p.into = o->optValue<std::string>("into", "");
            p.author = e.user;
        } else if (e.type == EventType::Landed) {
            p.state = ProposalState::Landed;
        } else if (e.type == EventType::Close) {
            p.state = ProposalState::Closed;
        }
        p.tip = commit.id;
        p.events.push_back(std::move(e));
    }
    return p;
}

std::string openProposal(workspace::Workspace& ws, const workspace::User& user, const std::string& title,
                         const std::string& description, const std::string& from, const std::string& into)
{
    Proposal opening;
    opening.title = title;
    opening.description = description;
    opening.from = from;
    opening.into = into;
    Event e;
    e.type = EventType::Open;
    e.user = user.id;
    const std::string ref = ws.startRecordLog(kPrefix, toJson(e, &opening), workspace::Signature{user.name, user.email},
                                              "proposal: open by " + user.id);
    return ref.substr(std::string(kPrefix).size());
}

void appendEvent(workspace::Workspace& ws, const std::string& id, const workspace::User& user, const Event& event,
                 const std::optional<std::string>& after)
{
    Event e = event;
    e.user = user.id;
    ws.appendRecord(refOf(id), toJson(e, nullptr), workspace::Signature{user.name, user.email}, summaryOf(e, id), after);
}

} // namespace accord::review
