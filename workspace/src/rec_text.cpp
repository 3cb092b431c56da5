#include "accord/workspace/rec_text.hpp"

#include "accord/workspace/error.hpp"
#include "accord/workspace/strings.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

namespace accord::workspace {

namespace {

void escapeInto(std::string_view text, std::string& out)
{
    for (char c : text) {
        if (c == '*' || c == '[' || c == ']' || c == '\\') out += '\\';
        out += c;
    }
}

void markupInto(const std::vector<Inline>& items, std::string& out)
{
    for (const auto& in : items) {
        switch (in.kind) {
        case Inline::Kind::Text: escapeInto(in.text, out); break;
        case Inline::Kind::Em: out += '*'; markupInto(in.children, out); out += '*'; break;
        case Inline::Kind::Strong: out += "**"; markupInto(in.children, out); out += "**"; break;
        case Inline::Kind::Note: out += "[^"; markupInto(in.children, out); out += ']'; break;
        case Inline::Kind::Link:
            out += '[';
            markupInto(in.children, out);
            out += "](" + in.href + ")";
            break;
        }
    }
}

/// A reader of the light markup. Where each mark closes is worked out once, in one
/// pass, so any text reads in linear time; marks nested deeper than kMaxDepth, and
/// marks that never close, are read as characters.
class MarkupReader {
public:
    static constexpr int kMaxDepth = 20;

    explicit MarkupReader(std::string_view text) : s_(text), escaped_(text.size(), false), match_(text.size(), kNone)
    {
        for (std::size_t i = 0; i < s_.size(); ++i)
            if (s_[i] == '\\' && !escaped_[i] && i + 1 < s_.size()) escaped_[i + 1] = true;
        std::vector<std::size_t> open;
        for (std::size_t i = 0; i < s_.size(); ++i) {
            if (escaped_[i] || s_[i] == '\\') continue;
            if (s_[i] == '[') open.push_back(i);
            else if (s_[i] == ']' && !open.empty()) {
                match_[open.back()] = i;
                open.pop_back();
            }
        }
        // The next unescaped single star and double star from each position, scanning back.
        nextStar_.assign(s_.size() + 1, kNone);
        nextDouble_.assign(s_.size() + 1, kNone);
        for (std::size_t i = s_.size(); i-- > 0;) {
            nextStar_[i] = nextStar_[i + 1];
            nextDouble_[i] = nextDouble_[i + 1];
            if (escaped_[i] || s_[i] != '*') continue;
            if (i + 1 < s_.size() && s_[i + 1] == '*' && !escaped_[i + 1]) nextDouble_[i] = i;
            else if (i == 0 || s_[i - 1] != '*' || escaped_[i - 1]) nextStar_[i] = i;
        }
    }

    std::vector<Inline> read() { return read(s_.size(), 0); }

private:
    static constexpr std::size_t kNone = std::string_view::npos;
    std::string_view s_;
    std::vector<bool> escaped_;
    std::vector<std::size_t> match_, nextStar_, nextDouble_;
    std::size_t at_ = 0;

    /// Reads up to `end` (exclusive), then steps over the closing mark there.
    std::vector<Inline> read(std::size_t end, int depth)
    {
        std::vector<Inline> out;
        std::string text;
        auto flush = [&] {
            if (!text.empty()) out.push_back(Inline{Inline::Kind::Text, std::move(text), {}, {}});
            text.clear();
        };
        auto element = [&](Inline::Kind kind, std::size_t open, std::size_t close) {
            flush();
            at_ += open;
            out.push_back(Inline{kind, {}, {}, read(close, depth + 1)});
        };
        const bool deeper = depth < kMaxDepth;
        while (at_ < end) {
            const char c = s_[at_];
            const std::size_t next = at_ + 1;
            if (c == '\\' && next < s_.size() && escaped_[next]) {
                text += s_[next];
                at_ += 2;
            } else if (deeper && c == '*' && !escaped_[at_] && nextDouble_[at_] == at_ && nextDouble_[at_ + 2] < end) {
                const std::size_t close = nextDouble_[at_ + 2];
                element(Inline::Kind::Strong, 2, close);
                at_ = close + 2;
            } else if (deeper && c == '*' && !escaped_[at_] && nextStar_[at_] == at_ && nextStar_[next] < end) {
                const std::size_t close = nextStar_[next];
                element(Inline::Kind::Em, 1, close);
                at_ = close + 1;
            } else if (deeper && c == '[' && match_[at_] != kNone && match_[at_] < end) {
                const std::size_t close = match_[at_];
                const bool note = next < close && s_[next] == '^' && !escaped_[next];
                const std::size_t paren = s_.substr(close).starts_with("](") ? s_.find(')', close) : kNone;
                if (note) {
                    element(Inline::Kind::Note, 2, close);
                    at_ = close + 1;
                } else if (paren != kNone && paren < end) {
                    element(Inline::Kind::Link, 1, close);
                    out.back().href = std::string(s_.substr(close + 2, paren - close - 2));
                    at_ = paren + 1;
                } else {
                    text += c;
                    ++at_;
                }
            } else {
                text += c;
                ++at_;
            }
        }
        flush();
        return out;
    }
};

std::string trim(std::string_view s)
{
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r");
    return std::string(s.substr(b, e - b + 1));
}

} // namespace

std::vector<Inline> inlinesFromMarkup(std::string_view text)
{
    return MarkupReader(text).read();
}

std::vector<Paragraph> paragraphsFromMarkup(std::string_view text)
{
    std::vector<Paragraph> out;
    std::string current;
    auto finish = [&] {
        if (!current.empty()) out.push_back(Paragraph{inlinesFromMarkup(current), 0});
        current.clear();
    };
    std::istringstream in{std::string(text)};
    for (std::string line; std::getline(in, line);) {
        const std::string t = trim(line);
        if (t.empty()) finish();
        else current += (current.empty() ? "" : " ") + t;
    }
    finish();
    return out;
}

std::string markupOf(const std::vector<Inline>& inlines)
{
    std::string out;
    markupInto(inlines, out);
    return out;
}

std::string recommendationText(const Recommendation& rec, std::string_view where)
{
    std::ostringstream out;
    out << "# accord rec edit: recommendation " << rec.id << " of " << where << ".\n"
        << "# Change what you need and save; a line starting with # is ignored. Paragraphs are parted by\n"
        << "# a blank line; *emphasis*, **strong**, [^a footnote], [words](https://a.link); \\* for a star.\n"
        << "# Delete a block to remove that text; add one as == text LANG ==.\n"
        << "status: " << rec.effectiveStatus() << '\n'
        << "priority: " << rec.priority << '\n'
        << "endorse:";
    for (const auto& e : rec.endorsements) out << ' ' << e.org;
    out << '\n';
    for (const auto& a : rec.addressees) out << "addressee: " << a << '\n';
    // A reference in one language's words names it: "ref ko: law: …".
    for (const auto& r : rec.refs)
        out << "ref" << (r.lang.empty() ? "" : " " + r.lang) << ": " << (r.kind.empty() ? "" : r.kind + ": ") << r.text << '\n';
    for (const auto& t : rec.titles) out << "\n== title " << t.lang << " ==\n" << t.text << '\n';
    auto blocks = [&](const char* name, const std::vector<Block>& list) {
        for (const auto& b : list) {
            out << "\n== " << name << ' ' << b.lang << " ==\n";
            for (std::size_t i = 0; i < b.paragraphs.size(); ++i) out << (i ? "\n" : "") << markupOf(b.paragraphs[i].content) << '\n';
        }
    };
    blocks("text", rec.texts);
    blocks("rationale", rec.rationales);
    return out.str();
}

Recommendation recommendationFromText(std::string_view text, std::string_view file, const Recommendation& base)
{
    Recommendation rec;
    rec.id = base.id;
    rec.responses = base.responses;
    rec.line = base.line;
    std::istringstream in{std::string(text)};
    std::string line;
    int n = 0;
    auto fail = [&](const std::string& what) {
        throw Error(ErrorKind::Invalid, std::string(file) + ":" + std::to_string(n) + ": " + what);
    };
    // The block being read: its kind ("title", "text", "rationale"), language and paragraphs.
    std::string kind, lang, body;
    auto finish = [&] {
        if (kind == "title") {
            std::string joined;
            std::istringstream lines(body);
            for (std::string l; std::getline(lines, l);)
                if (!trim(l).empty()) joined += (joined.empty() ? "" : " ") + trim(l);
            if (!joined.empty()) rec.titles.push_back(LangText{lang, joined, 0});
        } else if (!kind.empty()) {
            Block b{lang, paragraphsFromMarkup(body), 0};
            if (!b.paragraphs.empty()) (kind == "text" ? rec.texts : rec.rationales).push_back(std::move(b));
        }
        body.clear();
    };
    while (std::getline(in, line)) {
        ++n;
        const std::string t = trim(line);
        if (t.starts_with("#")) continue;
        if (t.starts_with("==")) {
            finish();
            std::istringstream head(t.substr(2));
            std::string close;
            head >> kind >> lang >> close;
            if ((kind != "title" && kind != "text" && kind != "rationale") || lang.empty() || close != "==")
                fail("\"" + t + "\" is not a block: write == title LANG ==, == text LANG == or == rationale LANG ==");
            continue;
        }
        if (kind.empty()) {
            if (t.empty()) continue;
            const auto colon = t.find(':');
            if (colon == std::string::npos) fail("\"" + t + "\" is not a field: write NAME: VALUE, or a block after == … ==");
            const std::string name = trim(t.substr(0, colon));
            const std::string value = trim(t.substr(colon + 1));
            // A status the same as before keeps its spelling (absent or status="draft").
            if (name == "status") rec.status = value == base.effectiveStatus() ? base.status : value;
            else if (name == "priority") rec.priority = value;
            else if (name == "endorse") {
                std::istringstream orgs(value);
                for (std::string o; orgs >> o;) rec.endorsements.push_back(Endorsement{o, 0});
            } else if (name == "addressee") {
                if (!value.empty()) rec.addressees.push_back(value);
            } else if (name == "ref" || name.starts_with("ref ")) {
                const auto second = value.find(':');
                static const std::vector<std::string> kinds{"gcm-objective", "sdg", "treaty", "nap-chapter",
                                                            "upr-recommendation", "concluding-observation", "law", "other"};
                const std::string maybeKind = second == std::string::npos ? "" : trim(value.substr(0, second));
                const bool kinded = std::find(kinds.begin(), kinds.end(), maybeKind) != kinds.end();
                rec.refs.push_back(Ref{kinded ? maybeKind : "", kinded ? trim(value.substr(second + 1)) : value, trim(name.substr(3))});
            } else {
                fail("unknown field \"" + name + "\" (status, priority, endorse, addressee, ref)");
            }
            continue;
        }
        body += line + '\n';
    }
    finish();
    if (rec.texts.empty()) fail("the recommendation has no text left: keep at least one == text LANG == block");
    return rec;
}

} // namespace accord::workspace
