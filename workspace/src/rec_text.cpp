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

/// A recursive reader of the light markup. `until` is the closing mark of the element
/// being read ("*", "**", "]"), empty at the top.
class MarkupReader {
public:
    explicit MarkupReader(std::string_view text) : s_(text) {}

    std::vector<Inline> read(std::string_view until = {})
    {
        std::vector<Inline> out;
        std::string text;
        auto flush = [&] {
            if (!text.empty()) out.push_back(Inline{Inline::Kind::Text, std::move(text), {}, {}});
            text.clear();
        };
        while (at_ < s_.size()) {
            if (!until.empty() && s_.substr(at_).starts_with(until) && !(until == "*" && s_.substr(at_).starts_with("**"))) {
                flush();
                at_ += until.size();
                closed_ = true;
                return out;
            }
            const char c = s_[at_];
            if (c == '\\' && at_ + 1 < s_.size()) {
                text += s_[at_ + 1];
                at_ += 2;
            } else if (s_.substr(at_).starts_with("**") && closes(at_ + 2, "**")) {
                flush();
                at_ += 2;
                out.push_back(Inline{Inline::Kind::Strong, {}, {}, read("**")});
            } else if (c == '*' && closes(at_ + 1, "*")) {
                flush();
                at_ += 1;
                out.push_back(Inline{Inline::Kind::Em, {}, {}, read("*")});
            } else if (s_.substr(at_).starts_with("[^") && closes(at_ + 2, "]")) {
                flush();
                at_ += 2;
                out.push_back(Inline{Inline::Kind::Note, {}, {}, read("]")});
            } else if (c == '[' && isLink(at_)) {
                flush();
                at_ += 1;
                Inline link{Inline::Kind::Link, {}, {}, read("]")};
                const auto end = s_.find(')', at_);
                link.href = std::string(s_.substr(at_ + 1, end - at_ - 1));
                at_ = end + 1;
                out.push_back(std::move(link));
            } else {
                text += c;
                ++at_;
            }
        }
        flush();
        return out;
    }

private:
    std::string_view s_;
    std::size_t at_ = 0;
    bool closed_ = false;

    /// Whether reading from `from` meets `mark` closing it (marks in between read as elements).
    bool closes(std::size_t from, std::string_view mark) const
    {
        MarkupReader probe(s_);
        probe.at_ = from;
        (void)probe.read(mark);
        return probe.closed_;
    }

    bool isLink(std::size_t from) const
    {
        MarkupReader probe(s_);
        probe.at_ = from + 1;
        (void)probe.read("]");
        if (!probe.closed_ || !s_.substr(probe.at_).starts_with("(")) return false;
        return s_.find(')', probe.at_) != std::string_view::npos;
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
    for (const auto& r : rec.refs) out << "ref: " << (r.kind.empty() ? "" : r.kind + ": ") << r.text << '\n';
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
    std::string kind, lang;
    std::vector<std::string> paragraphs;
    bool inParagraph = false;
    auto finish = [&] {
        if (kind.empty()) return;
        if (kind == "title") {
            std::string joined;
            for (const auto& p : paragraphs) joined += (joined.empty() ? "" : " ") + p;
            if (!joined.empty()) rec.titles.push_back(LangText{lang, joined, 0});
        } else {
            Block b{lang, {}, 0};
            for (const auto& p : paragraphs) b.paragraphs.push_back(Paragraph{inlinesFromMarkup(p), 0});
            if (!b.paragraphs.empty()) (kind == "text" ? rec.texts : rec.rationales).push_back(std::move(b));
        }
        paragraphs.clear();
        inParagraph = false;
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
            } else if (name == "ref") {
                const auto second = value.find(':');
                static const std::vector<std::string> kinds{"gcm-objective", "sdg", "treaty", "nap-chapter",
                                                            "upr-recommendation", "concluding-observation", "law", "other"};
                const std::string maybeKind = second == std::string::npos ? "" : trim(value.substr(0, second));
                const bool kinded = std::find(kinds.begin(), kinds.end(), maybeKind) != kinds.end();
                rec.refs.push_back(Ref{kinded ? maybeKind : "", kinded ? trim(value.substr(second + 1)) : value});
            } else {
                fail("unknown field \"" + name + "\" (status, priority, endorse, addressee, ref)");
            }
            continue;
        }
        if (t.empty()) {
            inParagraph = false;
            continue;
        }
        if (inParagraph) paragraphs.back() += " " + t;
        else paragraphs.push_back(t);
        inParagraph = true;
    }
    finish();
    if (rec.texts.empty()) fail("the recommendation has no text left: keep at least one == text LANG == block");
    return rec;
}

} // namespace accord::workspace
