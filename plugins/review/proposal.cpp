#include "proposal.hpp"

#include "accord/workspace/error.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
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
    if (e.thread) o.set("thread", e.thread);
    if (!e.approvals.empty()) {
        Poco::JSON::Array a;
        for (const auto& x : e.approvals) a.add(x);
        o.set("approvals", a);
    }
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(o, out, 2);
    return out.str();
}

std::string summaryOf(const Event& e, int number)
{
    std::string s = "proposal " + std::to_string(number) + ": " + std::string(toString(e.type));
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
    std::set<int> resolved;
    for (const auto& e : events)
        if (e.type == EventType::Resolve) resolved.insert(e.thread);
    std::vector<const Event*> open;
    for (const auto& e : events)
        if (e.type == EventType::Review && e.verdict == Verdict::Comment && !resolved.count(e.seq)) open.push_back(&e);
    return open;
}

const Event* Proposal::landed() const
{
    for (const auto& e : events)
        if (e.type == EventType::Landed) return &e;
    return nullptr;
}

std::string refOf(int number)
{
    return kPrefix + std::to_string(number);
}

std::vector<int> proposalNumbers(const workspace::Workspace& ws)
{
    std::vector<int> numbers;
    for (const auto& ref : ws.listRefs(kPrefix)) {
        const std::string tail = ref.substr(std::string(kPrefix).size());
        if (!tail.empty() && std::all_of(tail.begin(), tail.end(), [](char c) { return c >= '0' && c <= '9'; }))
            numbers.push_back(std::stoi(tail));
    }
    std::sort(numbers.begin(), numbers.end());
    return numbers;
}

Proposal loadProposal(const workspace::Workspace& ws, int number)
{
    auto records = ws.readRecords(refOf(number));
    if (records.empty())
        throw Error(ErrorKind::NotFound, "no proposal #" + std::to_string(number) + " (accord proposals lists them)");
    Proposal p;
    p.number = number;
    int seq = 0;
    for (const auto& [commit, json] : records) {
        Poco::JSON::Object::Ptr o;
        try {
            o = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
        } catch (const Poco::Exception& e) {
            throw Error(ErrorKind::Invalid, refOf(number) + ": record " + commit.shortId + " is not JSON: " + e.displayText());
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
            throw Error(ErrorKind::Invalid, refOf(number) + ": record " + commit.shortId + " is not a record Accord knows (type \"" +
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
        e.thread = o->optValue<int>("thread", 0);
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

int openProposal(workspace::Workspace& ws, const workspace::User& user, const std::string& title,
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
    auto numbers = proposalNumbers(ws);
    int number = numbers.empty() ? 1 : numbers.back() + 1;
    // Two people proposing at once: the second takes the next number.
    for (int attempt = 0;; ++attempt, ++number) {
        try {
            ws.appendRecord(refOf(number), toJson(e, &opening), workspace::Signature{user.name, user.email},
                            summaryOf(e, number), std::string());
            return number;
        } catch (const Error& err) {
            if (err.kind() != ErrorKind::Exists || attempt > 20) throw;
        }
    }
}

void appendEvent(workspace::Workspace& ws, int number, const workspace::User& user, const Event& event,
                 const std::optional<std::string>& after)
{
    Event e = event;
    e.user = user.id;
    ws.appendRecord(refOf(number), toJson(e, nullptr), workspace::Signature{user.name, user.email}, summaryOf(e, number),
                    after);
}

} // namespace accord::review
