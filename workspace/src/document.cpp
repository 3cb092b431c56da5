#include "accord/workspace/document.hpp"
#include "accord/workspace/document_stream.hpp"

#include "accord/workspace/error.hpp"
#include "document_pieces.hpp"
#include "xml_util.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace accord::workspace {

bool Recommendation::operator==(const Recommendation& o) const
{
    return id == o.id && status == o.status && priority == o.priority && titles == o.titles &&
           texts == o.texts && rationales == o.rationales && addressees == o.addressees &&
           refs == o.refs && endorsements == o.endorsements && responses == o.responses;
}

bool Section::operator==(const Section& o) const
{
    return id == o.id && headings == o.headings && intros == o.intros &&
           recommendations == o.recommendations && sections == o.sections;
}

bool Meta::operator==(const Meta& o) const
{
    return titles == o.titles && processes == o.processes && processKind == o.processKind &&
           addressees == o.addressees && deadline == o.deadline && profile == o.profile &&
           coalition == o.coalition;
}

namespace {

const Recommendation* findRecIn(const std::vector<Section>& sections, std::string_view id)
{
    for (const auto& s : sections) {
        for (const auto& r : s.recommendations)
            if (r.id == id) return &r;
        if (const auto* r = findRecIn(s.sections, id)) return r;
    }
    return nullptr;
}

const Section* findSectionIn(const std::vector<Section>& sections, std::string_view id)
{
    for (const auto& s : sections) {
        if (s.id == id) return &s;
        if (const auto* found = findSectionIn(s.sections, id)) return found;
    }
    return nullptr;
}

// Children of a section are numbered in one run, recommendations first (the
// schema puts them first), so "1.3" never names both a recommendation and a subsection.
void walkSections(const std::vector<Section>& sections, const Section* parent, std::size_t firstNumber,
                  std::vector<std::size_t>& number, std::vector<Located>& out);

/// `s`, the `index`th section of its parent, numbered `n`, and all it holds.
void walkSection(const Section& s, const Section* parent, std::size_t index, std::size_t n,
                 std::vector<std::size_t>& number, std::vector<Located>& out)
{
    number.push_back(n);
    out.push_back(Located{parent, &s, nullptr, index, number});
    for (std::size_t r = 0; r < s.recommendations.size(); ++r) {
        auto recNumber = number;
        recNumber.push_back(r + 1);
        out.push_back(Located{&s, nullptr, &s.recommendations[r], r, std::move(recNumber)});
    }
    walkSections(s.sections, &s, s.recommendations.size() + 1, number, out);
    number.pop_back();
}

void walkSections(const std::vector<Section>& sections, const Section* parent, std::size_t firstNumber,
                  std::vector<std::size_t>& number, std::vector<Located>& out)
{
    for (std::size_t i = 0; i < sections.size(); ++i) walkSection(sections[i], parent, i, firstNumber + i, number, out);
}

// ---- parsing ---------------------------------------------------------------

/// A document's text cut where its root's children are (nothing when it cannot be cut: then it
/// is parsed whole).
struct Cut {
    std::string_view xml;
    std::string file;
    std::optional<detail::RootChildren> pieces;

    Cut(std::string_view text, std::string_view name) : xml(text), file(name), pieces(detail::rootChildren(text)) {}

    /// The name of the child element at `at`, prefix dropped, read from its start tag.
    [[nodiscard]] std::string_view childName(std::size_t at) const
    {
        std::string_view name = xml.substr(at + 1, xml.find_first_of(" \t\r\n/>", at + 1) - at - 1);
        if (auto colon = name.find(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
        return name;
    }
};

class Parser {
public:
    explicit Parser(const Cut& cut) : cut_(cut) {}

    /// The whole document. One child of the root at a time: the tree of a 10 MB document would take
    /// four times its size, the tree of one section a fraction of it. Any child that does not parse
    /// sends the whole text to parseWhole, which says what is wrong where, as a parse of the whole would.
    Submission parse()
    {
        if (!cut_.pieces) return parseWhole();
        std::optional<Submission> s = startFromPieces();
        if (!s) return parseWhole();
        for (const auto& [begin, end] : cut_.pieces->children) {
            pugi::xml_document piece;
            if (!parsePiece(piece, begin, end)) return parseWhole();
            addChild(*s, piece.document_element());
        }
        return std::move(*s);
    }

    /// The document without its sections; nothing when it must be parsed whole.
    std::optional<Submission> head()
    {
        if (!cut_.pieces) return std::nullopt;
        std::optional<Submission> s = startFromPieces();
        if (!s) return std::nullopt;
        for (const auto& [begin, end] : cut_.pieces->children) {
            if (cut_.childName(begin) == "section") continue;
            pugi::xml_document piece;
            if (!parsePiece(piece, begin, end)) return std::nullopt;
            addChild(*s, piece.document_element());
        }
        return s;
    }

    /// Each top-level section in turn, parsed from its piece (the cut must have pieces).
    void forEachSection(const SectionVisitor& visit, const std::function<void(std::size_t)>& readPast)
    {
        std::size_t number = 0;
        for (const auto& [begin, end] : cut_.pieces->children) {
            if (cut_.childName(begin) != "section") continue;
            pugi::xml_document piece;
            if (!parsePiece(piece, begin, end)) {
                // Says what is wrong; should the whole parse where a piece did not, its sections go on.
                const Submission whole = parseWhole();
                for (std::size_t i = number; i < whole.sections.size(); ++i) visit(whole.sections[i], i + 1);
                return;
            }
            visit(parseSection(piece.document_element()), ++number);
            if (readPast) readPast(end);
        }
    }

    Submission parseWhole()
    {
        pugi::xml_document doc;
        startText(cut_.xml, 0, cut_.xml.size());
        auto result = doc.load_buffer(cut_.xml.data(), cut_.xml.size(), kParseOptions, pugi::encoding_utf8);
        if (!result) {
            fail(lines_->lineOf(static_cast<std::size_t>(result.offset)),
                 std::string("not well-formed XML: ") + result.description());
        }
        auto root = doc.document_element();
        Submission s = startSubmission(root);
        for (auto child : elements(root)) addChild(s, child);
        return s;
    }

private:
    static constexpr unsigned kParseOptions = pugi::parse_default | pugi::parse_ws_pcdata;

    const Cut& cut_;
    // Lines are counted in the text being parsed (a piece, or the whole) and added to the lines before it,
    // counted as pieces come in document order: no index of every line of the document is ever held.
    std::optional<detail::LineIndex> lines_;  // of the text being parsed
    int firstLine_ = 1;                       // the line it starts on
    std::size_t counted_ = 0;                 // newlines are counted up to here…
    int countedLine_ = 1;                     // …where this line starts

    /// `text` is parsed next; its first `span` bytes stand at `offset` in the document. Only the bytes
    /// since the last text are counted again: those of a text already parsed may be gone from memory.
    void startText(std::string_view text, std::size_t offset, std::size_t span)
    {
        if (offset < counted_) {  // a text before the last: count again from the start
            counted_ = 0;
            countedLine_ = 1;
        }
        countedLine_ += static_cast<int>(std::count(cut_.xml.begin() + static_cast<std::ptrdiff_t>(counted_),
                                                    cut_.xml.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
        firstLine_ = countedLine_;
        lines_.emplace(text);
        counted_ = offset + span;
        countedLine_ = firstLine_ - 1 + lines_->lineOf(span);
    }

    /// The root's attributes, from its start tag alone; nothing when it does not parse.
    std::optional<Submission> startFromPieces()
    {
        const auto& pieces = *cut_.pieces;
        const std::string head = std::string(pieces.rootStart) + "</" + std::string(pieces.rootName) + ">";
        pugi::xml_document headDoc;
        startText(head, static_cast<std::size_t>(pieces.rootStart.data() - cut_.xml.data()), pieces.rootStart.size());
        if (!headDoc.load_buffer(head.data(), head.size(), kParseOptions, pugi::encoding_utf8)) return std::nullopt;
        return startSubmission(headDoc.document_element());
    }

    bool parsePiece(pugi::xml_document& piece, std::size_t begin, std::size_t end)
    {
        startText(cut_.xml.substr(begin, end - begin), begin, end - begin);
        return static_cast<bool>(piece.load_buffer(cut_.xml.data() + begin, end - begin, kParseOptions, pugi::encoding_utf8));
    }

    Submission startSubmission(pugi::xml_node root) const
    {
        if (detail::localName(root) != "submission")
            fail(line(root), "root element is <" + std::string(root.name()) +
                                 ">, expected <submission xmlns=\"urn:accord:submission:1\">");
        Submission s;
        s.id = root.attribute("id").value();
        s.lang = root.attribute("xml:lang").value();
        s.version = root.attribute("version").as_string("1");
        return s;
    }

    void addChild(Submission& s, pugi::xml_node child) const
    {
        auto name = detail::localName(child);
        if (name == "meta")
            s.meta = parseMeta(child);
        else if (name == "section")
            s.sections.push_back(parseSection(child));
        else
            unexpected(child, "submission");
    }

    [[noreturn]] void fail(int lineNo, const std::string& message) const
    {
        throw Error(ErrorKind::Invalid, cut_.file + ":" + std::to_string(lineNo) + ": " + message);
    }

    [[noreturn]] void unexpected(pugi::xml_node n, std::string_view where) const
    {
        fail(line(n), "unexpected <" + std::string(n.name()) + "> in <" + std::string(where) + ">");
    }

    int line(pugi::xml_node n) const { return firstLine_ - 1 + lines_->lineOf(static_cast<std::size_t>(n.offset_debug())); }

    static std::vector<pugi::xml_node> elements(pugi::xml_node n)
    {
        std::vector<pugi::xml_node> out;
        for (auto c : n.children())
            if (c.type() == pugi::node_element) out.push_back(c);
        return out;
    }

    static std::string text(pugi::xml_node n)
    {
        std::string raw;
        for (auto c : n.children())
            if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) raw += c.value();
        return detail::collapseSpace(raw);
    }

    LangText parseLangText(pugi::xml_node n) const
    {
        return LangText{n.attribute("xml:lang").value(), text(n), line(n)};
    }

    Block parseBlock(pugi::xml_node n) const
    {
        Block b{n.attribute("xml:lang").value(), {}, line(n)};
        for (auto c : elements(n)) {
            if (detail::localName(c) != "p") unexpected(c, n.name());
            b.paragraphs.push_back(parseParagraph(c));
        }
        return b;
    }

    Paragraph parseParagraph(pugi::xml_node n) const
    {
        Paragraph p;
        p.line = line(n);
        p.content = parseInlines(n);
        detail::normalizeInlines(p.content);
        return p;
    }

    std::vector<Inline> parseInlines(pugi::xml_node n) const
    {
        std::vector<Inline> out;
        for (auto c : n.children()) {
            if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
                // Comments and CDATA split text into pieces that mean one text.
                if (!out.empty() && out.back().kind == Inline::Kind::Text)
                    out.back().text += c.value();
                else
                    out.push_back(Inline{Inline::Kind::Text, c.value(), {}, {}});
                continue;
            }
            if (c.type() != pugi::node_element) continue;
            auto name = detail::localName(c);
            Inline in;
            if (name == "em")
                in.kind = Inline::Kind::Em;
            else if (name == "strong")
                in.kind = Inline::Kind::Strong;
            else if (name == "note")
                in.kind = Inline::Kind::Note;
            else if (name == "link") {
                in.kind = Inline::Kind::Link;
                in.href = c.attribute("href").value();
            } else
                unexpected(c, n.name());
            in.children = parseInlines(c);
            out.push_back(std::move(in));
        }
        return out;
    }

    Meta parseMeta(pugi::xml_node n) const
    {
        Meta m;
        for (auto c : elements(n)) {
            auto name = detail::localName(c);
            if (name == "title")
                m.titles.push_back(parseLangText(c));
            else if (name == "process") {
                m.processes.push_back(parseLangText(c));
                if (m.processKind.empty()) m.processKind = c.attribute("kind").value();
            } else if (name == "addressee")
                m.addressees.push_back(text(c));
            else if (name == "deadline")
                m.deadline = text(c);
            else if (name == "profile") {
                m.profile = c.attribute("ref").value();
                m.profileLine = line(c);
            } else if (name == "coalition") {
                m.coalition.emplace();
                for (auto member : elements(c)) {
                    if (detail::localName(member) != "member") unexpected(member, "coalition");
                    m.coalition->push_back(Member{member.attribute("org").value(),
                                                  member.attribute("role").value(), line(member)});
                }
            } else
                unexpected(c, "meta");
        }
        return m;
    }

    Section parseSection(pugi::xml_node n) const
    {
        Section s;
        s.id = n.attribute("id").value();
        s.line = line(n);
        for (auto c : elements(n)) {
            auto name = detail::localName(c);
            if (name == "heading")
                s.headings.push_back(parseLangText(c));
            else if (name == "intro")
                s.intros.push_back(parseBlock(c));
            else if (name == "recommendation")
                s.recommendations.push_back(parseRecommendation(c));
            else if (name == "section")
                s.sections.push_back(parseSection(c));
            else
                unexpected(c, "section");
        }
        return s;
    }

    Recommendation parseRecommendation(pugi::xml_node n) const
    {
        Recommendation r;
        r.id = n.attribute("id").value();
        r.status = n.attribute("status").value();
        r.priority = n.attribute("priority").value();
        r.line = line(n);
        for (auto c : elements(n)) {
            auto name = detail::localName(c);
            if (name == "title")
                r.titles.push_back(parseLangText(c));
            else if (name == "text")
                r.texts.push_back(parseBlock(c));
            else if (name == "rationale")
                r.rationales.push_back(parseBlock(c));
            else if (name == "addressee")
                r.addressees.push_back(text(c));
            else if (name == "ref")
                r.refs.push_back(Ref{c.attribute("kind").value(), text(c), c.attribute("xml:lang").value()});
            else if (name == "endorsement")
                r.endorsements.push_back(Endorsement{c.attribute("org").value(), line(c)});
            else if (name == "response") {
                Response resp{c.attribute("round").value(), c.attribute("from").value(),
                              c.attribute("position").value(), {}, c.attribute("xml:lang").value()};
                for (auto p : elements(c)) {
                    if (detail::localName(p) != "p") unexpected(p, "response");
                    resp.paragraphs.push_back(parseParagraph(p));
                }
                r.responses.push_back(std::move(resp));
            } else
                unexpected(c, "recommendation");
        }
        return r;
    }
};

// ---- writing ---------------------------------------------------------------

class Writer {
public:
    std::string write(const Submission& s, bool withSections = true)
    {
        pugi::xml_document doc;
        auto root = doc.append_child("submission");
        root.append_attribute("xmlns") = "urn:accord:submission:1";
        root.append_attribute("id") = s.id.c_str();
        root.append_attribute("xml:lang") = s.lang.c_str();
        root.append_attribute("version") = s.version.c_str();
        writeMeta(root.append_child("meta"), s.meta);
        if (withSections)
            for (const auto& section : s.sections) writeSection(root, section);
        return detail::saveCanonical(doc);
    }

    /// One top-level section as the whole document's bytes hold it (one level in).
    std::string writeTopSection(const Section& s)
    {
        pugi::xml_document doc;
        writeSection(doc, s);
        detail::prepareForSaving(doc);
        std::string out;
        detail::CanonicalWriter writer(out);
        doc.document_element().print(writer, "  ", pugi::format_indent, pugi::encoding_utf8, 1);
        return out;
    }

private:
    static void textChild(pugi::xml_node parent, const char* name, const std::string& value)
    {
        parent.append_child(name).text().set(value.c_str());
    }

    static void writeLangTexts(pugi::xml_node parent, const char* name, const std::vector<LangText>& items)
    {
        for (const auto& t : items) {
            auto n = parent.append_child(name);
            n.append_attribute("xml:lang") = t.lang.c_str();
            n.text().set(t.text.c_str());
        }
    }

    static void writeInlines(pugi::xml_node parent, const std::vector<Inline>& items)
    {
        for (const auto& in : items) {
            if (in.kind == Inline::Kind::Text) {
                parent.append_child(pugi::node_pcdata).set_value(in.text.c_str());
                continue;
            }
            const char* name = in.kind == Inline::Kind::Em       ? "em"
                               : in.kind == Inline::Kind::Strong ? "strong"
                               : in.kind == Inline::Kind::Note   ? "note"
                                                                 : "link";
            auto n = parent.append_child(name);
            if (in.kind == Inline::Kind::Link) n.append_attribute("href") = in.href.c_str();
            writeInlines(n, in.children);
        }
    }

    static void writeParagraphs(pugi::xml_node parent, const std::vector<Paragraph>& ps)
    {
        for (const auto& p : ps) writeInlines(parent.append_child("p"), p.content);
    }

    static void writeBlocks(pugi::xml_node parent, const char* name, const std::vector<Block>& blocks)
    {
        for (const auto& b : blocks) {
            auto n = parent.append_child(name);
            n.append_attribute("xml:lang") = b.lang.c_str();
            writeParagraphs(n, b.paragraphs);
        }
    }

    static void writeMeta(pugi::xml_node n, const Meta& m)
    {
        writeLangTexts(n, "title", m.titles);
        for (const auto& process : m.processes) {
            auto p = n.append_child("process");
            if (!m.processKind.empty() && &process == &m.processes.front()) p.append_attribute("kind") = m.processKind.c_str();
            if (!process.lang.empty()) p.append_attribute("xml:lang") = process.lang.c_str();
            p.text().set(process.text.c_str());
        }
        for (const auto& a : m.addressees) textChild(n, "addressee", a);
        if (m.deadline) textChild(n, "deadline", *m.deadline);
        if (m.profile) n.append_child("profile").append_attribute("ref") = m.profile->c_str();
        if (m.coalition) {
            auto c = n.append_child("coalition");
            for (const auto& member : *m.coalition) {
                auto e = c.append_child("member");
                e.append_attribute("org") = member.org.c_str();
                if (!member.role.empty()) e.append_attribute("role") = member.role.c_str();
            }
        }
    }

    static void writeSection(pugi::xml_node parent, const Section& s)
    {
        auto n = parent.append_child("section");
        n.append_attribute("id") = s.id.c_str();
        writeLangTexts(n, "heading", s.headings);
        for (const auto& block : s.intros) {
            auto intro = n.append_child("intro");
            if (!block.lang.empty()) intro.append_attribute("xml:lang") = block.lang.c_str();
            writeParagraphs(intro, block.paragraphs);
        }
        for (const auto& r : s.recommendations) writeRecommendation(n, r);
        for (const auto& sub : s.sections) writeSection(n, sub);
    }

    static void writeRecommendation(pugi::xml_node parent, const Recommendation& r)
    {
        auto n = parent.append_child("recommendation");
        n.append_attribute("id") = r.id.c_str();
        if (!r.status.empty()) n.append_attribute("status") = r.status.c_str();
        if (!r.priority.empty()) n.append_attribute("priority") = r.priority.c_str();
        writeLangTexts(n, "title", r.titles);
        writeBlocks(n, "text", r.texts);
        writeBlocks(n, "rationale", r.rationales);
        for (const auto& a : r.addressees) textChild(n, "addressee", a);
        for (const auto& ref : r.refs) {
            auto e = n.append_child("ref");
            if (!ref.kind.empty()) e.append_attribute("kind") = ref.kind.c_str();
            if (!ref.lang.empty()) e.append_attribute("xml:lang") = ref.lang.c_str();
            e.text().set(ref.text.c_str());
        }
        for (const auto& e : r.endorsements) n.append_child("endorsement").append_attribute("org") = e.org.c_str();
        for (const auto& resp : r.responses) {
            auto e = n.append_child("response");
            e.append_attribute("round") = resp.round.c_str();
            e.append_attribute("from") = resp.from.c_str();
            if (!resp.position.empty()) e.append_attribute("position") = resp.position.c_str();
            if (!resp.lang.empty()) e.append_attribute("xml:lang") = resp.lang.c_str();
            writeParagraphs(e, resp.paragraphs);
        }
    }
};

void flattenInto(const std::vector<Inline>& items, std::string& out, bool markup)
{
    for (const auto& in : items) {
        switch (in.kind) {
        case Inline::Kind::Text: out += in.text; break;
        case Inline::Kind::Em:
            if (markup) out += '*';
            flattenInto(in.children, out, markup);
            if (markup) out += '*';
            break;
        case Inline::Kind::Strong:
            if (markup) out += "**";
            flattenInto(in.children, out, markup);
            if (markup) out += "**";
            break;
        case Inline::Kind::Note:
            if (!markup) break;
            out += "[^";
            flattenInto(in.children, out, markup);
            out += ']';
            break;
        case Inline::Kind::Link:
            if (markup) out += '[';
            flattenInto(in.children, out, markup);
            if (markup) out += "](" + in.href + ")";
            break;
        }
    }
}

template <class T>
const T* pickLangIn(const std::vector<T>& items, std::string_view lang, std::string_view fallback)
{
    if (items.empty()) return nullptr;
    for (const auto& i : items)
        if (i.lang == lang) return &i;
    for (const auto& i : items)
        if (!fallback.empty() && i.lang == fallback) return &i;
    return &items.front();
}

} // namespace

const Recommendation* Submission::findRecommendation(std::string_view partId) const
{
    return findRecIn(sections, partId);
}

Recommendation* Submission::findRecommendation(std::string_view partId)
{
    return const_cast<Recommendation*>(findRecIn(sections, partId));
}

const Section* Submission::findSection(std::string_view partId) const
{
    return findSectionIn(sections, partId);
}

Section* Submission::findSection(std::string_view partId)
{
    return const_cast<Section*>(findSectionIn(sections, partId));
}

namespace {

std::optional<Recommendation> takeFrom(std::vector<Section>& list, std::string_view id)
{
    for (auto& s : list) {
        auto it = std::find_if(s.recommendations.begin(), s.recommendations.end(),
                               [&](const Recommendation& r) { return r.id == id; });
        if (it != s.recommendations.end()) {
            Recommendation r = std::move(*it);
            s.recommendations.erase(it);
            return r;
        }
        if (auto inner = takeFrom(s.sections, id)) return inner;
    }
    return std::nullopt;
}

std::optional<Section> takeSectionFrom(std::vector<Section>& list, std::string_view id)
{
    for (auto it = list.begin(); it != list.end(); ++it) {
        if (it->id == id) {
            Section taken = std::move(*it);
            list.erase(it);
            return taken;
        }
        if (auto found = takeSectionFrom(it->sections, id)) return found;
    }
    return std::nullopt;
}

} // namespace

std::optional<Recommendation> Submission::takeRecommendation(std::string_view partId)
{
    return takeFrom(sections, partId);
}

std::optional<Section> Submission::takeSection(std::string_view partId)
{
    return takeSectionFrom(sections, partId);
}

std::vector<Located> walk(const Submission& doc)
{
    std::vector<Located> out;
    std::vector<std::size_t> number;
    walkSections(doc.sections, nullptr, 1, number, out);
    return out;
}

std::vector<Located> walk(const Section& top, std::size_t number)
{
    std::vector<Located> out;
    std::vector<std::size_t> numbers;
    walkSection(top, nullptr, number - 1, number, numbers, out);
    return out;
}

Submission parseSubmission(std::string_view xml, std::string_view file)
{
    const Cut cut(xml, file);
    return Parser(cut).parse();
}

SectionPasses::SectionPasses(std::function<void(const SectionVisitor&)> sections, std::function<SectionVisitor()> start)
    : sections_(std::move(sections)), start_(std::move(start))
{
}

void SectionPasses::operator()(const SectionVisitor& visit)
{
    if (done_) {
        if (visit) sections_(visit);
        return;
    }
    const SectionVisitor rider = start_();
    sections_([&](const Section& s, std::size_t number) {
        rider(s, number);
        if (visit) visit(s, number);
    });
    done_ = true;
}

void SectionPasses::finish()
{
    if (!done_) (*this)({});
}

struct SubmissionStream::Impl {
    Cut cut;
    Submission head;
    std::optional<Submission> whole;  ///< a document that cannot be cut, parsed whole

    Impl(std::string_view xml, std::string_view file) : cut(xml, file)
    {
        Parser parser(cut);
        if (auto h = parser.head()) {
            head = std::move(*h);
            return;
        }
        whole = parser.parseWhole();
        head = *whole;
        head.sections.clear();
    }
};

SubmissionStream::SubmissionStream(std::string_view xml, std::string_view file)
    : impl_(std::make_unique<Impl>(xml, file))
{
}

SubmissionStream::~SubmissionStream() = default;

const Submission& SubmissionStream::head() const
{
    return impl_->head;
}

void SubmissionStream::forEachSection(const SectionVisitor& visit, const std::function<void(std::size_t)>& readPast) const
{
    if (impl_->whole) {
        for (std::size_t i = 0; i < impl_->whole->sections.size(); ++i) visit(impl_->whole->sections[i], i + 1);
        return;
    }
    Parser(impl_->cut).forEachSection(visit, readPast);
}

std::string serialize(const Submission& doc)
{
    return Writer().write(doc);
}

namespace detail {

std::string serializeHead(const Submission& doc)
{
    std::string out = Writer().write(doc, false);
    if (!out.ends_with(kSubmissionTail))
        throw std::logic_error("the writer did not end the document with " + std::string(kSubmissionTail));
    out.resize(out.size() - kSubmissionTail.size());
    return out;
}

std::string serializeTopSection(const Section& section)
{
    return Writer().writeTopSection(section);
}

} // namespace detail

std::string canonicalize(std::string_view xml, std::string_view file)
{
    pugi::xml_document doc;
    auto result = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
    if (!result) {
        detail::LineIndex lines(xml);
        throw Error(ErrorKind::Invalid, std::string(file) + ":" +
                                            std::to_string(lines.lineOf(static_cast<std::size_t>(result.offset))) +
                                            ": not well-formed XML: " + result.description());
    }
    return detail::saveCanonical(doc);
}

std::string flatten(const Paragraph& p)
{
    std::string out;
    flattenInto(p.content, out, true);
    return out;
}

std::string plainText(const Paragraph& p)
{
    std::string out;
    flattenInto(p.content, out, false);
    return detail::collapseSpace(out);
}

std::vector<const Ref*> refsIn(const Recommendation& r, std::string_view lang)
{
    std::vector<const Ref*> out;
    for (const auto& ref : r.refs) {
        const bool kindInLang = std::any_of(r.refs.begin(), r.refs.end(),
                                            [&](const Ref& x) { return x.kind == ref.kind && x.lang == lang; });
        if (ref.lang.empty() || ref.lang == lang || !kindInLang) out.push_back(&ref);
    }
    return out;
}

std::vector<const Response*> responsesIn(const Recommendation& r, std::string_view lang)
{
    std::vector<const Response*> out;
    for (const auto& resp : r.responses) {
        auto same = std::find_if(out.begin(), out.end(),
                                 [&](const Response* x) { return x->round == resp.round && x->from == resp.from; });
        if (same == out.end()) {
            out.push_back(&resp);
        } else {
            auto rank = [&](const Response* x) { return x->lang == lang ? 2 : x->lang.empty() ? 1 : 0; };
            if (rank(&resp) > rank(*same)) *same = &resp;
        }
    }
    return out;
}

const LangText* pickLang(const std::vector<LangText>& items, std::string_view lang, std::string_view fallback)
{
    return pickLangIn(items, lang, fallback);
}

const Block* pickLang(const std::vector<Block>& items, std::string_view lang, std::string_view fallback)
{
    return pickLangIn(items, lang, fallback);
}

} // namespace accord::workspace
