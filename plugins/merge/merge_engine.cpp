#include "merge_engine.hpp"

#include "diff3.hpp"
#include "xml_tree.hpp"

#include "accord/workspace/canonical_xml.hpp"
#include "accord/workspace/error.hpp"
#include "accord/workspace/files.hpp"
#include "accord/workspace/strings.hpp"
#include "accord/workspace/text_diff.hpp"
#include "accord/workspace/validation.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <sys/mman.h>

namespace accord::merge {

using workspace::Error;
using workspace::ErrorKind;

namespace {

/// Where the parts the merge looks into are parsed: one per thread, kept until the merge is over (the
/// parts hold on to their trees).
using Arena = pugi::xml_document;

constexpr std::size_t kKinds = 2;  // recommendations, then sections: the schema's order of parts

std::size_t kindIndex(std::string_view name)
{
    return name == "recommendation" ? 0 : 1;
}

/// A part's identity across the three versions: its id's number and its kind (see Keys). A section that
/// became a recommendation (or the reverse) under the same id is another part; the keys keep them apart.
/// 0 is the root, whose parts are the top-level ones.
using Key = std::uint32_t;
constexpr Key kRoot = 0;

/// A part's place in one version's list of parts; kAbsent: not in that version.
using Local = std::uint32_t;
constexpr Local kAbsent = static_cast<Local>(-1);

/// One input, indexed by part id. Its text is kept as given: a part that comes
/// through the merge unchanged is copied from it byte for byte, and only the
/// parts the merge has to look into are parsed (a text without comments, CDATA,
/// processing instructions or conflicts is indexed by its tags alone; any other is
/// parsed whole). A region copied unparsed is passed on as it was written:
/// `accord validate` is what judges a document.
struct Doc {
    workspace::FileBytes bytes;  // the input as given
    std::string lf;              // its text with CR LF (and a lone CR) made LF, as XML reads it, when it had any
    std::string_view text;       // what is merged: bytes, or lf
    std::string_view indent;     // one level of indentation as the text writes it ("  " in the canonical layout)
    std::string where;  // "documents/x.xml (ours)", for messages
    pugi::xml_document xml;  // the whole document, when it was parsed whole
    bool lazy = false;

    struct Part {
        std::string_view id;      // as written: in `text`, or in `xml` when parsed whole
        Local section = kAbsent;  // the enclosing section's place in `parts`; kAbsent at the top level
        Key key = kRoot;          // its key, once the versions' ids are numbered (see Keys)
        Key parent = kRoot;       // and its section's then (kRoot at the top level)
        unsigned depth = 0;       // 1 for a child of the root
        std::size_t kind = 0;     // recommendation or section
        std::string_view raw;     // its whole lines in `text`, when it stands on lines of its own
        std::size_t begin = 0;    // its element's bytes [begin, end) in `text`
        std::size_t end = 0;
        std::size_t ownEnd = 0;   // a section's own content ends where its first part starts
        mutable pugi::xml_node node;  // the whole part, parsed on first use
        mutable pugi::xml_node own;   // a section without its parts, parsed on first use
        mutable std::string fingerprint;  // of `node` (see fingerprint), made on first use
        Local next = kAbsent;            // the next part of its kind in the same section
        std::array<Local, kKinds> first{kAbsent, kAbsent};  // a section's first part of each kind
        std::array<Local, kKinds> last{kAbsent, kAbsent};   // and its last
    };
    std::vector<Part> parts;                           // in document order
    std::unordered_map<std::string_view, Local> byId;  // plain ids, which sections and recommendations share
    std::array<Local, kKinds> rootFirst{kAbsent, kAbsent};  // the root's first part of each kind
    std::array<Local, kKinds> rootLast{kAbsent, kAbsent};
    std::vector<Local> byKey;  // once the versions' ids are numbered (see Keys): each key's part here, or kAbsent
    std::size_t rootBegin = 0;
    std::size_t headEnd = 0;         // where the root's own content (meta) ends
    mutable pugi::xml_node rootOwn;

    [[nodiscard]] const Part* find(Key key) const
    {
        const Local at = byKey[key];
        return at == kAbsent ? nullptr : &parts[at];
    }

    /// The keys of the parts of one kind directly under `parent`, in order.
    [[nodiscard]] std::vector<Key> kids(Key parent, std::size_t kind) const
    {
        std::vector<Key> keys;
        const Local section = parent == kRoot ? kAbsent : byKey[parent];
        if (parent != kRoot && section == kAbsent) return keys;
        for (Local at = section == kAbsent ? rootFirst[kind] : parts[section].first[kind]; at != kAbsent; at = parts[at].next)
            keys.push_back(parts[at].key);
        return keys;
    }

    /// The whole part as a tree; a part parsed here is parsed into `arena`.
    [[nodiscard]] pugi::xml_node full(const Part& p, Arena& arena) const
    {
        if (!p.node) p.node = parse(text.substr(p.begin, p.end - p.begin), p.begin, arena);
        return p.node;
    }

    /// A section's start tag and own children (heading, intro) without its parts.
    [[nodiscard]] pugi::xml_node ownOf(const Part& p, Arena& arena) const
    {
        if (!lazy) return full(p, arena);
        if (!p.own) p.own = parse(std::string(text.substr(p.begin, p.ownEnd - p.begin)) + "</section>", p.begin, arena);
        return p.own;
    }

    /// The root element with its own children (meta), without the sections.
    [[nodiscard]] pugi::xml_node root(Arena& arena) const
    {
        if (!rootOwn) rootOwn = parse(std::string(text.substr(rootBegin, headEnd - rootBegin)) + "</submission>", rootBegin, arena);
        return rootOwn;
    }

    [[noreturn]] void fail(std::size_t offset, const std::string& message) const
    {
        offset = std::min(offset, text.size());
        const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
        throw Error(ErrorKind::Invalid, where + ":" + std::to_string(line) + ": " + message);
    }

private:
    pugi::xml_node parse(std::string_view fragment, std::size_t at, Arena& arena) const
    {
        auto holder = arena.append_child("fragment");
        auto parsed = holder.append_buffer(fragment.data(), fragment.size(), pugi::parse_default | pugi::parse_ws_pcdata,
                                           pugi::encoding_utf8);
        if (!parsed) fail(at + static_cast<std::size_t>(parsed.offset), std::string("not well-formed XML: ") + parsed.description());
        for (auto c : holder.children())
            if (c.type() == pugi::node_element) return c;
        fail(at, "expected an element here");
    }
};

/// The indentation of one level, read off the line of a part at depth 1: spaces or tabs, or nothing.
std::string_view indentBefore(std::string_view text, std::size_t begin)
{
    const std::size_t lineEnd = begin == 0 ? std::string_view::npos : text.rfind('\n', begin - 1);
    const std::size_t lineStart = lineEnd == std::string_view::npos ? 0 : lineEnd + 1;
    const std::string_view space = text.substr(lineStart, begin - lineStart);
    if (space.empty() || space.find_first_not_of(" \t") != std::string_view::npos) return {};
    return space;
}

/// The lines [lineStart, end + 1) that hold exactly the element [begin, end) at `depth`, indented
/// `depth` times by the document's own indentation; empty when it does not stand so.
std::string_view linesOf(const Doc& doc, std::size_t begin, std::size_t end, unsigned depth)
{
    const std::string_view text = doc.text;
    const std::size_t width = doc.indent.size() * depth;
    if (doc.indent.empty() || begin < width || end >= text.size() || text[end] != '\n') return {};
    const std::size_t lineStart = begin - width;
    if (lineStart > 0 && text[lineStart - 1] != '\n') return {};
    for (std::size_t at = lineStart; at < begin; at += doc.indent.size())
        if (text.compare(at, doc.indent.size(), doc.indent) != 0) return {};
    return text.substr(lineStart, end + 1 - lineStart);
}

/// Indexes a part by its id and returns its place in the document's parts.
Local addPart(Doc& doc, std::string_view id, Doc::Part part, std::size_t at)
{
    if (id.empty()) doc.fail(at, "a <" + std::string(part.kind == 0 ? "recommendation" : "section") + "> without an id");
    const auto local = static_cast<Local>(doc.parts.size());
    if (!doc.byId.emplace(id, local).second)
        doc.fail(at, "the id \"" + std::string(id) + "\" is used twice; ids must be unique (accord validate shows where)");
    part.id = id;
    const Local section = part.section;
    const std::size_t kind = part.kind;
    doc.parts.push_back(std::move(part));
    // Linked after the section's last part of its kind.
    Local& last = section == kAbsent ? doc.rootLast[kind] : doc.parts[section].last[kind];
    if (last == kAbsent)
        (section == kAbsent ? doc.rootFirst[kind] : doc.parts[section].first[kind]) = local;
    else
        doc.parts[last].next = local;
    last = local;
    return local;
}

bool isXmlSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// The value of attribute `name` in the start tag text `tag` (XML allows space
/// around '='), or nothing when the tag holds no such attribute or one the scan
/// cannot read as written (a reference in it).
std::optional<std::string_view> attributeIn(std::string_view tag, std::string_view name)
{
    std::size_t i = 1;
    while (i < tag.size() && !isXmlSpace(tag[i]) && tag[i] != '>' && tag[i] != '/') ++i;  // the element's name
    for (;;) {
        while (i < tag.size() && isXmlSpace(tag[i])) ++i;
        const std::size_t start = i;
        while (i < tag.size() && !isXmlSpace(tag[i]) && tag[i] != '=' && tag[i] != '>' && tag[i] != '/') ++i;
        if (i == start) return std::nullopt;
        const std::string_view attribute = tag.substr(start, i - start);
        while (i < tag.size() && isXmlSpace(tag[i])) ++i;
        if (i >= tag.size() || tag[i] != '=') return std::nullopt;
        ++i;
        while (i < tag.size() && isXmlSpace(tag[i])) ++i;
        if (i >= tag.size() || (tag[i] != '"' && tag[i] != '\'')) return std::nullopt;
        const std::size_t close = tag.find(tag[i], i + 1);
        if (close == std::string_view::npos) return std::nullopt;
        const std::string_view value = tag.substr(i + 1, close - i - 1);
        i = close + 1;
        if (attribute == name) {
            if (value.find('&') != std::string_view::npos) return std::nullopt;
            return value;
        }
    }
}

/// Indexes the parts by their tags alone, from the tags the lexical check reads (one pass over the text
/// for both). Incomplete when the text holds something a tag scan cannot be sure about: comments, CDATA,
/// processing instructions, declarations, conflicts, prefixed names, an empty part, an id written with a
/// reference; the document is then parsed whole. A recommendation holds no parts: the scan goes straight
/// to its end tag.
class PartScan final : public workspace::MarkupVisitor {
public:
    explicit PartScan(Doc& doc) : doc_(doc), text_(doc.text) {}

    /// After a clean lexical check: whether every part is indexed. Rethrows what indexing refused (an id
    /// used twice, or none), which the lexical check's own findings come before.
    [[nodiscard]] bool complete() const
    {
        if (refused_) std::rethrow_exception(refused_);
        return state_ == State::Done;
    }

    void startTag(std::size_t begin, std::size_t end) override
    {
        if (state_ == State::InRecommendation || state_ == State::Done || state_ == State::GivenUp) return;
        if (end == 0 || text_[end - 1] != '>') return giveUp();  // unterminated: the full parse names it
        if (state_ == State::BeforeRoot) {
            if (text_.compare(begin, 11, "<submission") != 0) return giveUp();
            doc_.rootBegin = begin;
            doc_.headEnd = std::string::npos;
            state_ = State::InRoot;
            return;
        }
        std::size_t nameEnd = begin + 1;
        while (nameEnd < end && !isXmlSpace(text_[nameEnd]) && text_[nameEnd] != '>' && text_[nameEnd] != '/') ++nameEnd;
        const std::string_view name = text_.substr(begin + 1, nameEnd - begin - 1);
        // A prefixed element name (another namespace, or ours under a prefix) is for the full parse.
        if (name.find(':') != std::string_view::npos || name == "conflict") return giveUp();
        const bool isSection = name == "section";
        if (!isSection && name != "recommendation") return;
        const std::string_view tag = text_.substr(begin, end - begin);
        if (tag[tag.size() - 2] == '/') return giveUp();  // an empty part
        const auto id = attributeIn(tag, "id");
        if (!id) return giveUp();  // no id, or one written with a reference: the full parse says which
        // The first part in a container ends that container's own content.
        if (open_.empty()) {
            if (doc_.headEnd == std::string::npos) doc_.headEnd = begin;
        } else if (!open_.back().hasParts) {
            doc_.parts[open_.back().section].ownEnd = begin;
            open_.back().hasParts = true;
        }
        if (open_.empty() && doc_.parts.empty()) doc_.indent = indentBefore(text_, begin);
        Doc::Part part;
        part.section = open_.empty() ? kAbsent : open_.back().section;
        part.depth = static_cast<unsigned>(open_.size()) + 1;
        part.kind = isSection ? kindIndex("section") : kindIndex("recommendation");
        part.begin = begin;
        try {
            const Local local = addPart(doc_, *id, std::move(part), begin);
            if (isSection) {
                open_.push_back(Open{local, false});
            } else {
                recommendation_ = local;
                state_ = State::InRecommendation;
            }
        } catch (...) {
            refused_ = std::current_exception();
            giveUp();
        }
    }

    void endTag(std::size_t begin, std::size_t end) override
    {
        const std::string_view tag = text_.substr(begin, end - begin);
        if (state_ == State::InRecommendation) {
            if (tag != "</recommendation>") return;
            Doc::Part& part = doc_.parts[recommendation_];
            part.end = end;
            part.raw = linesOf(doc_, part.begin, part.end, part.depth);
            state_ = State::InRoot;
        } else if (state_ == State::InRoot && tag == "</submission>") {
            if (!open_.empty()) return giveUp();
            if (doc_.headEnd == std::string::npos) doc_.headEnd = begin;
            state_ = State::Done;
        } else if (state_ == State::InRoot && tag == "</section>") {
            if (open_.empty()) return giveUp();
            Doc::Part& section = doc_.parts[open_.back().section];
            section.end = end;
            if (!open_.back().hasParts) section.ownEnd = begin;
            section.raw = linesOf(doc_, section.begin, section.end, section.depth);
            open_.pop_back();
        }
    }

    void otherMarkup(std::size_t begin) override
    {
        if (state_ == State::BeforeRoot && begin == 0 && text_.compare(0, 5, "<?xml") == 0) return;  // the declaration
        if (state_ == State::BeforeRoot || state_ == State::InRoot) giveUp();
    }

private:
    enum class State { BeforeRoot, InRoot, InRecommendation, Done, GivenUp };
    struct Open {
        Local section;
        bool hasParts = false;
    };
    Doc& doc_;
    std::string_view text_;
    State state_ = State::BeforeRoot;
    std::vector<Open> open_;  // sections, outermost first
    Local recommendation_ = kAbsent;
    std::exception_ptr refused_;

    void giveUp() { state_ = State::GivenUp; }
};

void indexTree(Doc& doc, pugi::xml_node node, Local section, unsigned depth)
{
    for (auto c : node.children()) {
        if (!isPart(c)) continue;
        Doc::Part part;
        part.section = section;
        part.depth = depth;
        part.kind = kindIndex(localName(c));
        part.node = c;
        part.own = c;
        // pugixml's offset of an element is that of its name, just after the '<'.
        part.begin = static_cast<std::size_t>(c.offset_debug()) - 1;
        if (depth == 1 && doc.parts.empty()) doc.indent = indentBefore(doc.text, part.begin);
        if (auto next = c.next_sibling(); next && next.type() == pugi::node_pcdata)
            part.raw = linesOf(doc, part.begin, static_cast<std::size_t>(next.offset_debug()), depth);
        const std::size_t kind = part.kind;
        const Local local = addPart(doc, c.attribute("id").value(), std::move(part), static_cast<std::size_t>(c.offset_debug()));
        if (kind == kindIndex("section")) indexTree(doc, c, local, depth + 1);  // only sections hold parts
    }
}

/// Refuses an input that still holds conflicts: they must be resolved before merging again.
void refuseConflicts(const Doc& doc, pugi::xml_node n)
{
    for (auto c : n.children()) {
        if (c.type() != pugi::node_element) continue;
        if (localName(c) == "conflict")
            doc.fail(static_cast<std::size_t>(c.offset_debug()), "still holds conflict " + std::string(c.attribute("id").value()) +
                                                                     ": resolve its conflicts before merging it again");
        refuseConflicts(doc, c);
    }
}

/// Asks for the whole 2 MiB pages of a buffer of `capacity` bytes at `data` to be huge pages when first
/// written: a merge writes some 10 MB into fresh memory twice or more, and on a virtual machine taking
/// that memory 4 KiB at a time costs about a millisecond a megabyte, five times what 2 MiB pages cost.
/// The pages wholly inside the buffer only: no memory is taken that the buffer does not use.
void preferHugePages(const char* data, std::size_t capacity)
{
    constexpr std::uintptr_t kHuge = 2U << 20;
    const auto begin = (reinterpret_cast<std::uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(data) + capacity) & ~(kHuge - 1);
    if (begin < end) (void)::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

/// The text with every CR LF, and every CR alone, made LF: what an XML reader sees (XML 1.0, 2.11).
std::string lineFeedsOnly(std::string_view text)
{
    std::string lf;
    lf.reserve(text.size());
    preferHugePages(lf.data(), lf.capacity());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t cr = text.find('\r', i);
        lf.append(text, i, cr == std::string_view::npos ? std::string_view::npos : cr - i);
        if (cr == std::string_view::npos) break;
        lf += '\n';
        i = cr + 1 < text.size() && text[cr + 1] == '\n' ? cr + 2 : cr + 1;
    }
    return lf;
}

void load(Doc& doc, workspace::FileBytes bytes, std::string where)
{
    doc.bytes = std::move(bytes);
    doc.text = doc.bytes.view();
    if (doc.text.find('\r') != std::string_view::npos) {
        // A file saved with Windows line ends reads as the same document, line for line.
        doc.lf = lineFeedsOnly(doc.text);
        doc.text = doc.lf;
        doc.bytes = workspace::FileBytes();  // the file as given is not needed any more
    }
    doc.where = std::move(where);
    // Bytes no XML reader should take (and nesting deeper than the merge recurses) stop here; the parts are
    // indexed from the same pass.
    PartScan scan(doc);
    if (auto found = workspace::checkXmlText(doc.text, doc.where, scan); !found.empty())
        throw Error(ErrorKind::Invalid, found.front().toString());
    doc.lazy = scan.complete();
    if (doc.lazy) return;
    doc.parts.clear();
    doc.byId.clear();
    doc.rootFirst = doc.rootLast = {kAbsent, kAbsent};
    auto parsed = doc.xml.load_buffer(doc.text.data(), doc.text.size(), pugi::parse_default | pugi::parse_ws_pcdata,
                                      pugi::encoding_utf8);
    if (!parsed) doc.fail(static_cast<std::size_t>(parsed.offset), std::string("not well-formed XML: ") + parsed.description());
    auto root = doc.xml.document_element();
    if (localName(root) != "submission")
        doc.fail(0, "is not a submission (the root is <" + std::string(root.name()) + ">)");
    refuseConflicts(doc, root);
    doc.rootOwn = root;
    indexTree(doc, root, kAbsent, 1);
}

/// The ids of the three versions, each numbered once, ours first: a part's key (see Key) is 1 + twice its
/// id's number + its kind. Numbering gives each part its key and its section's, and each version its parts
/// by key: from here on, parts are found and compared by number.
class Keys {
public:
    /// `versions` ours, theirs, then the base when there is one.
    explicit Keys(const std::vector<Doc*>& versions)
    {
        const Doc& ours = *versions.front();
        for (std::size_t v = 0; v < versions.size(); ++v) {
            // The versions mostly hold the same parts in the same order: the part after the one found last
            // in ours is looked at first, and only a part that is not there is looked up by its id.
            Local guess = 0;
            for (Doc::Part& part : versions[v]->parts) {
                std::uint32_t number = kUnnumbered;
                if (v > 0 && guess < ours.parts.size() && ours.parts[guess].id == part.id) {
                    number = numberOf(ours.parts[guess++].key);
                } else {
                    for (std::size_t earlier = 0; earlier < v && number == kUnnumbered; ++earlier) {
                        const Doc& there = *versions[earlier];
                        if (auto it = there.byId.find(part.id); it != there.byId.end()) {
                            number = numberOf(there.parts[it->second].key);
                            if (earlier == 0) guess = it->second + 1;
                        }
                    }
                }
                if (number == kUnnumbered) {
                    number = static_cast<std::uint32_t>(ids_.size());
                    ids_.push_back(part.id);
                }
                part.key = static_cast<Key>(1 + 2 * number + part.kind);
            }
        }
        for (Doc* version : versions) {
            Doc& doc = *version;
            doc.byKey.assign(size(), kAbsent);
            for (Local at = 0; at < doc.parts.size(); ++at) {
                Doc::Part& part = doc.parts[at];
                doc.byKey[part.key] = at;
                part.parent = part.section == kAbsent ? kRoot : doc.parts[part.section].key;
            }
        }
    }

    /// How many keys there are, the root's included: keys are below this.
    [[nodiscard]] std::size_t size() const { return 1 + 2 * ids_.size(); }

    [[nodiscard]] std::string_view id(Key key) const { return key == kRoot ? std::string_view() : ids_[(key - 1) / 2]; }

    /// The part of the other kind under the same id.
    [[nodiscard]] static Key otherKind(Key key) { return ((key - 1) ^ 1U) + 1; }

private:
    static constexpr std::uint32_t kUnnumbered = static_cast<std::uint32_t>(-1);

    static std::uint32_t numberOf(Key key) { return (key - 1) / 2; }
    std::vector<std::string_view> ids_;
};

/// Whether two versions of a part stand on the same lines, byte for byte: the cheap half of samePart.
bool sameBytes(const Doc::Part& a, const Doc::Part& b)
{
    return !a.raw.empty() && a.raw == b.raw;
}

/// What the canonical form of a parsed tree keeps besides whitespace: its elements, their
/// attributes and the characters of its text that are not spaces, in order. The canonical form
/// changes the whitespace of text alone (and where one text node ends), so two trees whose
/// fingerprints differ cannot print the same: they are told apart without printing them.
void fingerprint(pugi::xml_node n, std::string& out)
{
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
        for (const char* c = n.value(); *c; ++c)
            if (!isXmlSpace(*c)) out += *c;
        return;
    }
    out += '<';
    out += n.name();
    for (auto a : n.attributes()) out.append("\x01").append(a.name()).append("=").append(a.value());
    out += '>';
    for (auto c : n.children()) fingerprint(c, out);
    out += '\x02';
}

/// A part's fingerprint, made once: a part changed on both sides is compared with two others.
const std::string& fingerprintOf(const Doc& d, const Doc::Part& p, Arena& arena)
{
    if (p.fingerprint.empty()) fingerprint(d.full(p, arena), p.fingerprint);
    return p.fingerprint;
}

bool samePart(const Doc& da, const Doc::Part& a, const Doc& db, const Doc::Part& b, Arena& arena)
{
    if (sameBytes(a, b)) return true;
    if (a.depth == b.depth && a.end - a.begin == b.end - b.begin && a.end > a.begin &&
        da.text.compare(a.begin, a.end - a.begin, db.text, b.begin, b.end - b.begin) == 0)
        return true;
    const pugi::xml_node x = da.full(a, arena);
    const pugi::xml_node y = db.full(b, arena);
    if (sameTree(x, y)) return true;
    if (fingerprintOf(da, a, arena) != fingerprintOf(db, b, arena)) return false;
    return workspace::xml::printCanonical(x, 0) == workspace::xml::printCanonical(y, 0);
}

/// Whether two versions of a section's own content (its attributes, headings and
/// intro) are the same, its parts left out: they have fates of their own.
bool sameShell(const Doc& da, const Doc::Part& a, const Doc& db, const Doc::Part& b, Arena& arena)
{
    if (da.lazy && db.lazy && a.depth == b.depth && a.ownEnd - a.begin == b.ownEnd - b.begin &&
        da.text.compare(a.begin, a.ownEnd - a.begin, db.text, b.begin, b.ownEnd - b.begin) == 0)
        return true;
    const pugi::xml_node x = da.ownOf(a, arena);
    const pugi::xml_node y = db.ownOf(b, arena);
    auto own = [](pugi::xml_node n) {
        std::vector<pugi::xml_node> kids;
        for (auto c : n.children())
            if (c.type() == pugi::node_element && !isPart(c)) kids.push_back(c);
        return kids;
    };
    auto attributes = [](pugi::xml_node n) {
        std::vector<std::pair<std::string, std::string>> all;
        for (auto at : n.attributes()) all.emplace_back(at.name(), at.value());
        return all;
    };
    if (attributes(x) != attributes(y)) return false;
    const auto kx = own(x);
    const auto ky = own(y);
    if (kx.size() != ky.size()) return false;
    for (std::size_t i = 0; i < kx.size(); ++i)
        if (!sameTree(kx[i], ky[i]) &&
            workspace::xml::printCanonical(kx[i], 0) != workspace::xml::printCanonical(ky[i], 0))
            return false;
    return true;
}

/// A part unchanged between two versions: a recommendation as a whole, a section by its shell.
bool unchanged(const Doc& da, const Doc::Part& a, const Doc& db, const Doc::Part& b, Arena& arena)
{
    return a.kind == kindIndex("section") ? sameShell(da, a, db, b, arena) : samePart(da, a, db, b, arena);
}

enum class Fate { Keep, DeleteEdit, Move, SameNewId };

struct Decision {
    Fate fate = Fate::Keep;
    Key parent = kRoot;  // the section it is placed in
    std::size_t kind = 0;
    bool made = false;   // false: the part is not in the merge (deleted)
};

/// The value both sides agree on, or the one side that changed it; nothing when they disagree.
template <class T>
std::optional<T> pick3(const std::optional<T>& b, const std::optional<T>& o, const std::optional<T>& t)
{
    if (o == t) return o;
    if (o == b) return t;
    if (t == b) return o;
    return std::nullopt;
}

std::string attr(pugi::xml_node n, const char* name)
{
    return n ? n.attribute(name).value() : "";
}

/// Schema order of the children of any element; parts are placed separately.
int rank(std::string_view name)
{
    static const std::map<std::string_view, int> ranks{
        {"conflict", 0}, {"meta", 1},        {"heading", 2},   {"intro", 3},     {"title", 4},
        {"text", 5},     {"rationale", 6},   {"process", 7},   {"addressee", 8}, {"deadline", 9},
        {"profile", 10}, {"coalition", 11},  {"ref", 12},      {"endorsement", 13}, {"response", 14},
        {"member", 15},  {"p", 16}};
    auto it = ranks.find(name);
    return it == ranks.end() ? 99 : it->second;
}

/// The identity of a child among its siblings (see the format's "Identity of parts").
std::string keyOf(pugi::xml_node n)
{
    auto name = std::string(localName(n));
    if (name == "ref") return name + "|" + attr(n, "kind") + "|" + attr(n, "xml:lang") + "|" + n.text().get();
    if (name == "endorsement" || name == "member") return name + "|" + attr(n, "org");
    if (name == "addressee") return name + "|" + n.text().get();
    if (name == "response") return name + "|" + attr(n, "round") + "|" + attr(n, "from") + "|" + attr(n, "xml:lang");
    return name + "|" + attr(n, "xml:lang");
}

bool isSpaceToken(const std::string& token)
{
    return token.size() > 1 && token[0] == 'T' &&
           std::all_of(token.begin() + 1, token.end(), [](char c) { return c == ' '; });
}

/// Whether `bytes` are well-formed XML (a run of elements when `fragment`); parsed where they are.
bool parsesInPlace(std::string& bytes, bool fragment)
{
    pugi::xml_document probe;
    return probe.load_buffer_inplace(bytes.data(), bytes.size(),
                                     pugi::parse_minimal | (fragment ? pugi::parse_fragment : 0U), pugi::encoding_utf8);
}

/// The merged text is checked: a merge never hands on bytes Accord would refuse. Its pieces are the inputs'
/// (checked by load) or written by the merge, escaped: what is left to check is their structure. The root's
/// parts are balanced elements each: a batch of them is checked, a copy parsed as a fragment on a thread of
/// its own, while the merge writes the next ones, and the caller's thread helps with the last at `finish`.
/// No tree of the whole text is built, and the check is mostly over when the merge is.
class StructureCheck {
public:
    /// Parts written since the last batch are handed over once they make this many bytes.
    static constexpr std::size_t kBatch = 256 * 1024;

    StructureCheck() : worker_([this] { drain(); }) {}
    ~StructureCheck() { (void)finish(); }
    StructureCheck(const StructureCheck&) = delete;
    StructureCheck& operator=(const StructureCheck&) = delete;

    void add(std::string batch)
    {
        std::lock_guard lock(mutex_);
        batches_.push_back(std::move(batch));
        ready_.notify_one();
    }

    /// True when every batch parsed; the worker has stopped when it returns.
    bool finish()
    {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
            ready_.notify_all();
        }
        drain();
        if (worker_.joinable()) worker_.join();
        return ok_;
    }

private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::string> batches_;
    bool closed_ = false;
    std::atomic<bool> ok_{true};
    std::thread worker_;

    void drain()
    {
        for (;;) {
            std::string batch;
            {
                std::unique_lock lock(mutex_);
                ready_.wait(lock, [&] { return !batches_.empty() || closed_; });
                if (batches_.empty()) return;
                batch = std::move(batches_.front());
                batches_.pop_front();
            }
            if (ok_ && !parsesInPlace(batch, true)) ok_ = false;
        }
    }
};

/// What the merge decides before writing: every part's fate and the section it goes in, then, as the
/// writers reach each section, the order of its parts (orderOf). Decided on one thread; orderOf may be
/// asked from several at once, for different sections: it changes the fate of the parts of that section alone.
class Plan {
public:
    Plan(const Doc* base, const Doc& ours, const Doc& theirs, const Keys& keys, Arena& arena)
        : b_(base), o_(ours), t_(theirs), keys_(keys), arena_(arena)
    {
    }

    [[nodiscard]] const Decision& decision(Key key) const { return decisions_[key]; }
    [[nodiscard]] const Keys& keys() const { return keys_; }

private:
    const Doc* b_;
    const Doc& o_;
    const Doc& t_;
    const Keys& keys_;
    Arena& arena_;  // for the parts decide looks into
    std::vector<Decision> decisions_;  // by key
    std::vector<std::array<std::vector<Key>, kKinds>> placedUnder_;  // by the key of the section

public:
    /// Every part's fate and the section it goes in.
    void decide()
    {
        // Every part's key once, ours first, in document order.
        std::vector<Key> keys;
        std::vector<bool> seen(keys_.size());
        keys.reserve(keys_.size());
        for (const auto* d : {&o_, &t_, b_})
            if (d)
                for (const auto& part : d->parts)
                    if (!seen[part.key]) {
                        seen[part.key] = true;
                        keys.push_back(part.key);
                    }

        decisions_.assign(keys_.size(), Decision{});
        for (const Key key : keys) {
            const Doc::Part* pb = b_ ? b_->find(key) : nullptr;
            const Doc::Part* po = o_.find(key);
            const Doc::Part* pt = t_.find(key);
            const Doc::Part* any = po ? po : pt ? pt : pb;
            Decision d{Fate::Keep, any->parent, any->kind, true};
            if (po && pt) {
                if (pb) {
                    auto parent = pick3<Key>(pb->parent, po->parent, pt->parent);
                    if (parent)
                        d.parent = *parent;
                    else {
                        d.fate = Fate::Move;
                        d.parent = pb->parent;
                    }
                } else if (po->parent != pt->parent) {
                    d.fate = Fate::Move;
                } else if (!unchanged(o_, *po, t_, *pt, arena_)) {
                    d.fate = Fate::SameNewId;
                }
            } else if (po || pt) {
                const Doc::Part* side = po ? po : pt;
                if (pb) {
                    // The other side deleted it: a deletion, unless this side changed it.
                    if (side->parent == pb->parent && unchanged(po ? o_ : t_, *side, *b_, *pb, arena_)) continue;
                    d.fate = Fate::DeleteEdit;
                }
                d.parent = side->parent;
            } else {
                continue;  // deleted on both sides
            }
            decisions_[key] = d;
        }
        keepOrphansParents(keys);
        separateSharedIds(keys);
        placedUnder_.assign(keys_.size(), {});
        for (const Key key : keys)
            if (const Decision& d = decisions_[key]; d.made) placedUnder_[d.parent][d.kind].push_back(key);
    }

private:
    /// A section one side deleted while a part stays in it (the other side added
    /// or changed one there) cannot simply go: it becomes a conflict that holds
    /// both versions, parts included. Sections inside sections: until nothing changes.
    void keepOrphansParents(const std::vector<Key>& keys)
    {
        for (bool changed = true; changed;) {
            changed = false;
            for (const Key key : keys) {
                const Key section = decisions_[key].parent;
                if (!decisions_[key].made || section == kRoot || decisions_[section].made) continue;
                const Doc::Part* pb = b_ ? b_->find(section) : nullptr;
                const Doc::Part* po = o_.find(section);
                const Doc::Part* pt = t_.find(section);
                const Doc::Part* any = po ? po : pt ? pt : pb;
                decisions_[section] = Decision{Fate::DeleteEdit, any->parent, any->kind, true};
                changed = true;
            }
        }
    }

    /// A section and a recommendation that would both be kept under one id (each
    /// side made a different part of it): neither can stand, both are conflicts.
    void separateSharedIds(const std::vector<Key>& keys)
    {
        for (const Key key : keys) {
            Decision& d = decisions_[key];
            Decision& other = decisions_[Keys::otherKind(key)];
            if (!d.made || d.kind != kindIndex("section") || !other.made) continue;
            if (d.fate == Fate::Keep) d.fate = Fate::SameNewId;
            if (other.fate == Fate::Keep) other.fate = Fate::SameNewId;
        }
    }

    /// The parts of one kind under one parent on each side, as sets, and those all three share, in base order.
    struct Siblings {
        std::unordered_set<Key> inB, inO, inT;
        std::vector<Key> common;
        Siblings(const std::vector<Key>& lb, const std::vector<Key>& lo, const std::vector<Key>& lt)
            : inB(lb.begin(), lb.end()), inO(lo.begin(), lo.end()), inT(lt.begin(), lt.end())
        {
            for (const auto& x : lb)
                if (inO.count(x) && inT.count(x)) common.push_back(x);
        }
    };

    /// Siblings, and the common parts each side moved among them (see movedWithin).
    struct Shape {
        Siblings siblings;
        std::unordered_set<Key> movedO, movedT;
        Shape(const std::vector<Key>& lb, const std::vector<Key>& lo, const std::vector<Key>& lt)
            : siblings(lb, lo, lt), movedO(movedWithin(siblings.common, lo)), movedT(movedWithin(siblings.common, lt))
        {
        }
    };

public:
    /// The order of the parts of one kind under `parent`: base order, with each
    /// side's insertions and moves applied; at the same spot ours come first. Parts
    /// the two sides placed differently (see disputedMoves, sameArrivals) are
    /// conflicts: they are left out of the placing, then stand at their base position
    /// (one both sides brought here from elsewhere: at the end).
    std::vector<Key> orderOf(Key parent, std::size_t kind)
    {
        const auto& here = placedUnder_[parent][kind];
        if (here.empty()) return {};
        static const std::vector<Key> none;
        const auto lb = b_ ? b_->kids(parent, kind) : none;
        const auto lo = o_.kids(parent, kind);
        const auto lt = t_.kids(parent, kind);
        if (lo == lb && lt == lb && here == lb) return lb;  // no side added, moved or took out a part here
        const Shape shape(lb, lo, lt);
        const Siblings& s = shape.siblings;
        std::unordered_set<Key> disputed = disputedMoves(s.common, lo, lt, shape.movedO, shape.movedT);
        const std::vector<Key> arrived = sameArrivals(lo, lt, s.inB, s.inO, s.inT);
        if (disputed.empty() && arrived.empty()) return place(lb, lo, lt, here, shape);

        disputed.insert(arrived.begin(), arrived.end());
        auto without = [&](const std::vector<Key>& list) {
            std::vector<Key> kept;
            for (const auto& x : list)
                if (!disputed.count(x)) kept.push_back(x);
            return kept;
        };
        const auto keptB = without(lb);
        const auto keptO = without(lo);
        const auto keptT = without(lt);
        std::vector<Key> result = place(keptB, keptO, keptT, without(here), Shape(keptB, keptO, keptT));
        result.insert(result.end(), arrived.begin(), arrived.end());
        for (std::size_t i = 0; i < lb.size(); ++i) {
            if (!disputed.count(lb[i])) continue;
            std::size_t at = 0;
            for (std::size_t k = i; k-- > 0;)
                if (auto found = std::find(result.begin(), result.end(), lb[k]); found != result.end()) {
                    at = static_cast<std::size_t>(found - result.begin()) + 1;
                    break;
                }
            result.insert(result.begin() + static_cast<std::ptrdiff_t>(at), lb[i]);
        }
        return result;
    }

private:
    /// Places `here` (the parts decided to stand under one parent) in the base order
    /// `lb` with the insertions and moves of the sides' orders `lo` and `lt` applied.
    static std::vector<Key> place(const std::vector<Key>& lb, const std::vector<Key>& lo,
                                          const std::vector<Key>& lt, const std::vector<Key>& here,
                                          const Shape& shape)
    {
        const std::unordered_set<Key> wanted(here.begin(), here.end());
        const auto& inB = shape.siblings.inB;
        const auto& inO = shape.siblings.inO;
        const auto& inT = shape.siblings.inT;
        const auto& movedO = shape.movedO;
        const auto& movedT = shape.movedT;
        auto position = [&](Key x) {
            if (inO.count(x) && !inB.count(x)) return 'o';
            if (inT.count(x) && !inB.count(x)) return 't';
            if (inB.count(x)) return inO.count(x) && movedO.count(x) ? 'o' : inT.count(x) && movedT.count(x) ? 't' : 'b';
            return 'e';
        };

        std::vector<Key> result;
        std::unordered_set<Key> placed;
        auto placeAfter = [&](const std::vector<Key>& side, std::size_t i, bool skipOurs) {
            std::size_t at = 0;
            for (std::size_t k = i; k-- > 0;)
                if (placed.count(side[k])) {
                    at = static_cast<std::size_t>(std::find(result.begin(), result.end(), side[k]) - result.begin()) + 1;
                    break;
                }
            while (skipOurs && at < result.size() && position(result[at]) == 'o' && !inT.count(result[at])) ++at;
            result.insert(result.begin() + static_cast<std::ptrdiff_t>(at), side[i]);
            placed.insert(side[i]);
        };
        for (const auto& x : lb)
            if (wanted.count(x) && position(x) == 'b' && placed.insert(x).second) result.push_back(x);
        for (std::size_t i = 0; i < lo.size(); ++i)
            if (wanted.count(lo[i]) && position(lo[i]) == 'o' && !placed.count(lo[i])) placeAfter(lo, i, false);
        for (std::size_t i = 0; i < lt.size(); ++i)
            if (wanted.count(lt[i]) && position(lt[i]) == 't' && !placed.count(lt[i])) placeAfter(lt, i, true);
        for (const auto& x : here)
            if (!placed.count(x)) result.push_back(x);
        return result;
    }

    /// Parts both sides brought under this parent (from another section, or new with
    /// one id) must arrive at the same place among what both sides have here; those
    /// that do not are conflicts, returned in our order.
    std::vector<Key> sameArrivals(const std::vector<Key>& lo, const std::vector<Key>& lt,
                                          const std::unordered_set<Key>& inB, const std::unordered_set<Key>& inO,
                                          const std::unordered_set<Key>& inT)
    {
        std::vector<Key> so;
        std::vector<Key> st;
        for (const auto& x : lo)
            if (inT.count(x)) so.push_back(x);
        for (const auto& x : lt)
            if (inO.count(x)) st.push_back(x);
        std::unordered_map<Key, std::size_t> at;
        for (std::size_t i = 0; i < st.size(); ++i) at.emplace(st[i], i);
        std::vector<Key> out;
        for (std::size_t i = 0; i < so.size(); ++i) {
            if (inB.count(so[i])) continue;
            const std::size_t j = at.at(so[i]);
            const Key predO = i > 0 ? so[i - 1] : kRoot;
            const Key predT = j > 0 ? st[j - 1] : kRoot;
            const Key succO = i + 1 < so.size() ? so[i + 1] : kRoot;
            const Key succT = j + 1 < st.size() ? st[j + 1] : kRoot;
            if (predO == predT && succO == succT) continue;
            Decision& d = decisions_[so[i]];
            if (!d.made || d.fate != Fate::Keep) continue;
            d.fate = Fate::Move;
            out.push_back(so[i]);
        }
        return out;
    }

    /// The parts both sides moved among their siblings, differently. A side's moves
    /// are the pairs of parts whose order it flipped against the base; a part with
    /// flips on both sides that are not the same flips was put in two different places
    /// (two reorders that disagree), where only a conflict is honest. The same move on
    /// both sides is one move. Only pairs with a part a side moved can be flipped.
    std::unordered_set<Key> disputedMoves(const std::vector<Key>& common, const std::vector<Key>& lo,
                                                  const std::vector<Key>& lt,
                                                  const std::unordered_set<Key>& movedO,
                                                  const std::unordered_set<Key>& movedT)
    {
        std::unordered_set<Key> disputed;
        if (movedO.empty() || movedT.empty()) return disputed;
        auto positions = [](const std::vector<Key>& list) {
            std::unordered_map<Key, std::size_t> at;
            for (std::size_t i = 0; i < list.size(); ++i) at.emplace(list[i], i);
            return at;
        };
        const auto inBase = positions(common);
        using Flips = std::unordered_map<Key, std::set<Key>>;
        auto flips = [&](const std::vector<Key>& side, const std::unordered_set<Key>& moved) {
            const auto at = positions(side);
            Flips out;
            for (const auto& m : moved)
                for (const auto& y : common) {
                    if (y == m) continue;
                    if ((inBase.at(m) < inBase.at(y)) != (at.at(m) < at.at(y))) {
                        out[m].insert(y);
                        out[y].insert(m);
                    }
                }
            return out;
        };
        const Flips fo = flips(lo, movedO);
        const Flips ft = flips(lt, movedT);
        for (const auto& [x, withO] : fo) {
            auto t = ft.find(x);
            if (t == ft.end() || t->second == withO) continue;
            Decision& d = decisions_[x];
            if (!d.made || d.fate != Fate::Keep) continue;
            d.fate = Fate::Move;
            disputed.insert(x);
        }
        return disputed;
    }

    /// The common parts a side moved: those outside the longest common subsequence.
    static std::unordered_set<Key> movedWithin(const std::vector<Key>& common,
                                                       const std::vector<Key>& side)
    {
        std::unordered_set<Key> inCommon(common.begin(), common.end());
        std::vector<Key> sideOrder;
        for (const auto& x : side)
            if (inCommon.count(x)) sideOrder.push_back(x);
        std::unordered_set<Key> moved;
        std::size_t j = 0;
        for (auto [op, n] : workspace::diffNumbered(common, sideOrder)) {
            if (op == workspace::DiffOp::Insert)
                for (std::size_t k = 0; k < n; ++k) moved.insert(sideOrder[j + k]);
            if (op != workspace::DiffOp::Delete) j += n;
        }
        return moved;
    }

};

/// Conflict ids are numbered in document order, but a writer does not know how many conflicts come before
/// its parts: it writes its own count between two of these, which no input or label can hold (XML does
/// not allow the character, and it is printed escaped: printedMark), and appendNumbered makes them "c1",
/// "c2", … as the parts are put in order.
constexpr char kConflictMark = '\x01';

/// Writes merged parts as the plan has them into a text of its own: the root's parts are written by
/// several writers at once, one per thread, each with its own arena.
class Writer {
public:
    Writer(Plan& plan, const Doc* base, const Doc& ours, const Doc& theirs, const Labels& labels, Arena& arena)
        : plan_(plan), b_(base), o_(ours), t_(theirs), labels_(labels), arena_(arena)
    {
    }

    /// What was written, its conflicts marked (see kConflictMark), and how many they are.
    [[nodiscard]] std::string& text() { return out_; }
    [[nodiscard]] int conflicts() const { return conflicts_; }

    /// The root or a section: its start tag and own children (meta; heading, intro) merged. Returns
    /// its name, for close.
    std::string open(pugi::xml_node b, pugi::xml_node o, pugi::xml_node t, unsigned depth)
    {
        auto any = o ? o : t;
        pugi::xml_document scratch;
        auto shell = scratch.append_child(any.name());
        mergeAttributes(shell, b, o, t);
        mergeChildren(shell, b, o, t);
        out_.append(2 * depth, ' ').append("<").append(any.name());
        for (auto a : shell.attributes())
            out_ += std::string(" ") + a.name() + "=\"" + workspace::xml::escapeAttribute(a.value()) + "\"";
        out_ += ">\n";
        for (auto c : shell.children())
            if (c.type() == pugi::node_element) out_ += workspace::xml::printCanonical(c, depth + 1);
        return any.name();
    }

    void close(const std::string& name, unsigned depth) { out_.append(2 * depth, ' ').append("</").append(name).append(">\n"); }

private:
    Plan& plan_;
    const Doc* b_;
    const Doc& o_;
    const Doc& t_;
    const Labels& labels_;
    Arena& arena_;
    std::string out_;
    int conflicts_ = 0;

    void placeChildren(Key parent, unsigned depth)
    {
        for (std::size_t kind = 0; kind < kKinds; ++kind)
            for (const Key id : plan_.orderOf(parent, kind)) part(id, depth);
    }

    /// A section: its start tag and own children merged, then its parts in their merged order, then its end tag.
    void emitContainer(pugi::xml_node b, pugi::xml_node o, pugi::xml_node t, Key id, unsigned depth)
    {
        const std::string name = open(b, o, t, depth);
        placeChildren(id, depth + 1);
        close(name, depth);
    }

public:
    /// One part, merged, at `depth`.
    void part(Key id, unsigned depth)
    {
        const Decision& d = plan_.decision(id);
        if (d.fate != Fate::Keep) {
            pugi::xml_document scratch;
            partConflict(scratch, id, d);
            out_ += workspace::xml::printCanonical(scratch.document_element(), depth);
            return;
        }
        const Doc::Part* pb = b_ ? b_->find(id) : nullptr;
        const Doc::Part* po = o_.find(id);
        const Doc::Part* pt = t_.find(id);
        if (d.kind != kindIndex("recommendation")) {
            if (emitShellAsWritten(pb, po, pt, id, depth)) return;
            emitContainer(pb ? b_->ownOf(*pb, arena_) : pugi::xml_node(), po ? o_.ownOf(*po, arena_) : pugi::xml_node(),
                          pt ? t_.ownOf(*pt, arena_) : pugi::xml_node(), id, depth);
            return;
        }
        // A recommendation holds no parts: an unchanged side means the other side's version as it is.
        const Doc* takeDoc = nullptr;
        const Doc::Part* take = nullptr;
        if (!po || !pt) {
            take = po ? po : pt;
            takeDoc = po ? &o_ : &t_;
        } else if (pb && sameBytes(*po, *pb)) {
            take = pt;
            takeDoc = &t_;
        } else if (pb && sameBytes(*pt, *pb)) {
            // Theirs left it as it was: ours, changed or only reflowed (as theirs' would be kept, had they reflowed
            // it), without parsing both to tell which.
            take = po;
            takeDoc = &o_;
        } else if (pb && samePart(o_, *po, *b_, *pb, arena_)) {
            take = pt;
            takeDoc = &t_;
        } else if (samePart(o_, *po, t_, *pt, arena_) || (pb && samePart(t_, *pt, *b_, *pb, arena_))) {
            take = po;
            takeDoc = &o_;
        }
        if (take) {
            // A version that differs from the base is parsed before it is passed on: a broken edit is an error.
            if (!pb || take->raw.empty() || take->raw != pb->raw) (void)takeDoc->full(*take, arena_);
            if (!take->raw.empty() && take->depth == depth)
                appendLines(take->raw, takeDoc->indent);
            else
                out_ += workspace::xml::printCanonical(takeDoc->full(*take, arena_), depth);
            return;
        }
        auto b = pb ? b_->full(*pb, arena_) : pugi::xml_node();
        auto o = o_.full(*po, arena_);
        auto t = t_.full(*pt, arena_);
        pugi::xml_document scratch;
        auto e = scratch.append_child(o.name());
        mergeAttributes(e, b, o, t);
        mergeChildren(e, b, o, t);
        out_ += workspace::xml::printCanonical(e, depth);
    }

private:
    /// A section whose own content (start tag, headings, intro) one side left as the base had it: the
    /// other side's, copied as written when it stands on lines of its own, then its parts merged. False
    /// when it cannot be copied so; emitContainer then merges the shell.
    bool emitShellAsWritten(const Doc::Part* pb, const Doc::Part* po, const Doc::Part* pt, Key id,
                            unsigned depth)
    {
        if (!pb || !po || !pt || !b_->lazy || !o_.lazy || !t_.lazy) return false;
        auto same = [](const Doc& da, const Doc::Part& a, const Doc& db, const Doc::Part& b) {
            return a.ownEnd - a.begin == b.ownEnd - b.begin &&
                   da.text.compare(a.begin, a.ownEnd - a.begin, db.text, b.begin, b.ownEnd - b.begin) == 0;
        };
        const Doc* doc = &t_;
        const Doc::Part* take = pt;
        if (!same(o_, *po, *b_, *pb)) {
            if (!same(t_, *pt, *b_, *pb) && !same(o_, *po, t_, *pt)) return false;
            doc = &o_;
            take = po;
        }
        if (take->raw.empty() || take->depth != depth) return false;
        // Its lines: from the start of the first to the end of the line before its first part (or end tag).
        const std::size_t lineStart = take->begin - doc->indent.size() * depth;
        const std::size_t lastBreak = doc->text.rfind('\n', take->ownEnd);
        if (lastBreak == std::string::npos || lastBreak < take->begin ||
            doc->text.find_first_not_of(" \t", lastBreak + 1) != take->ownEnd)
            return false;
        appendLines(doc->text.substr(lineStart, lastBreak + 1 - lineStart), doc->indent);
        placeChildren(id, depth + 1);
        out_.append(2 * depth, ' ').append("</section>\n");
        return true;
    }

    /// Lines copied as written, their indentation made the canonical two spaces a level.
    void appendLines(std::string_view lines, std::string_view indent)
    {
        if (indent == "  ") {
            out_ += lines;
            return;
        }
        for (std::size_t at = 0; at < lines.size();) {
            std::size_t end = lines.find('\n', at);
            end = end == std::string_view::npos ? lines.size() : end + 1;
            std::size_t levels = 0;
            for (; at < end && lines.compare(at, indent.size(), indent) == 0; at += indent.size()) ++levels;
            out_.append(2 * levels, ' ').append(lines, at, end - at);
            at = end;
        }
    }

    void partConflict(pugi::xml_node out, Key id, const Decision& d)
    {
        auto c = newConflict(out);
        auto side = [&](const Doc* doc, const char* name, const std::string* label) {
            const Doc::Part* p = doc ? doc->find(id) : nullptr;
            if (!p && !label) return;  // no base: it did not exist
            auto alt = c.append_child(name);
            if (label) alt.append_attribute("label") = label->c_str();
            if (!p) return;
            if (d.fate == Fate::Move) {
                alt.append_attribute("section") = std::string(plan_.keys().id(p->parent)).c_str();
                const auto siblings = doc->kids(p->parent, d.kind);
                auto at = std::find(siblings.begin(), siblings.end(), id);
                if (at != siblings.begin()) alt.append_attribute("after") = std::string(plan_.keys().id(*(at - 1))).c_str();
            }
            alt.append_copy(doc->full(*p, arena_));
        };
        side(b_, "base", nullptr);
        side(&o_, "ours", &labels_.ours);
        side(&t_, "theirs", &labels_.theirs);
    }

    // ---- inside a part --------------------------------------------------

    /// Conflicts are numbered as they are made, which is document order.
    std::string nextConflictId() { return kConflictMark + std::to_string(++conflicts_) + kConflictMark; }

    pugi::xml_node newConflict(pugi::xml_node out)
    {
        auto c = out.append_child("conflict");
        c.append_attribute("id") = nextConflictId().c_str();
        return c;
    }

    void alternatives(pugi::xml_node c, const std::vector<pugi::xml_node>* b, const std::vector<pugi::xml_node>& o,
                      const std::vector<pugi::xml_node>& t)
    {
        if (b) {
            auto alt = c.append_child("base");
            for (auto n : *b) alt.append_copy(n);
        }
        auto ours = c.append_child("ours");
        ours.append_attribute("label") = labels_.ours.c_str();
        for (auto n : o) ours.append_copy(n);
        auto theirs = c.append_child("theirs");
        theirs.append_attribute("label") = labels_.theirs.c_str();
        for (auto n : t) theirs.append_copy(n);
    }

    static std::vector<pugi::xml_node> nodes(pugi::xml_node n)
    {
        return n ? std::vector<pugi::xml_node>{n} : std::vector<pugi::xml_node>{};
    }

    void elementConflict(pugi::xml_node out, pugi::xml_node b, pugi::xml_node o, pugi::xml_node t)
    {
        auto bs = nodes(b);
        alternatives(newConflict(out), b ? &bs : nullptr, nodes(o), nodes(t));
    }

    void mergeAttributes(pugi::xml_node e, pugi::xml_node b, pugi::xml_node o, pugi::xml_node t)
    {
        std::vector<std::string> names;
        for (auto n : {o, t, b})
            for (auto a : n.attributes())
                if (std::find(names.begin(), names.end(), a.name()) == names.end()) names.emplace_back(a.name());
        auto value = [](pugi::xml_node n, const std::string& name) -> std::optional<std::string> {
            auto a = n.attribute(name.c_str());
            return a ? std::optional<std::string>(a.value()) : std::nullopt;
        };
        for (const auto& name : names) {
            auto vb = value(b, name);
            auto vo = value(o, name);
            auto vt = value(t, name);
            if (vo == vt || vo == vb || vt == vb) {
                const auto& agreed = vo == vt ? vo : vo == vb ? vt : vo;
                if (agreed) e.append_attribute(name.c_str()) = agreed->c_str();
                continue;
            }
            // Two values: the element keeps the base's, the conflict holds all three.
            if (vb) e.append_attribute(name.c_str()) = vb->c_str();
            auto c = newConflict(e);
            c.append_attribute("attribute") = name.c_str();
            if (vb) c.append_child("base").text().set(vb->c_str());
            auto ours = c.append_child("ours");
            ours.append_attribute("label") = labels_.ours.c_str();
            if (vo) ours.text().set(vo->c_str());
            auto theirs = c.append_child("theirs");
            theirs.append_attribute("label") = labels_.theirs.c_str();
            if (vt) theirs.text().set(vt->c_str());
        }
    }

    /// The children of an element that are not parts, merged by their identity.
    void mergeChildren(pugi::xml_node out, pugi::xml_node b, pugi::xml_node o, pugi::xml_node t)
    {
        if (hasChild(o, "p") || hasChild(t, "p") || hasChild(b, "p")) {
            mergeParagraphs(out, b, o, t);
            return;
        }
        struct Group {
            pugi::xml_node b, o, t;
            int rank = 0;
        };
        std::vector<std::string> keys;
        std::unordered_map<std::string, Group> groups;
        auto collect = [&](pugi::xml_node parent, pugi::xml_node Group::*slot) {
            for (auto c : parent.children()) {
                if (c.type() != pugi::node_element || isPart(c)) continue;
                auto key = keyOf(c);
                auto [it, inserted] = groups.try_emplace(key);
                if (inserted) {
                    keys.push_back(key);
                    it->second.rank = rank(localName(c));
                }
                it->second.*slot = c;
            }
        };
        collect(o, &Group::o);
        collect(t, &Group::t);
        collect(b, &Group::b);
        std::stable_sort(keys.begin(), keys.end(), [&](const auto& x, const auto& y) { return groups[x].rank < groups[y].rank; });
        for (const auto& key : keys) {
            const Group& g = groups[key];
            mergeKeyed(out, g.b, g.o, g.t);
        }
    }

    static bool hasChild(pugi::xml_node n, const char* name)
    {
        for (auto c : n.children())
            if (c.type() == pugi::node_element && localName(c) == name) return true;
        return false;
    }

    void mergeKeyed(pugi::xml_node out, pugi::xml_node b, pugi::xml_node o, pugi::xml_node t)
    {
        if (o && t) {
            if (b || sameTree(o, t) || !hasElementChildren(o))
                mergeNode(out, b, o, t);
            else
                elementConflict(out, b, o, t);  // added on both sides, differently
            return;
        }
        if (!o && !t) return;  // deleted on both sides
        auto side = o ? o : t;
        if (!b) {
            out.append_copy(side);  // added on one side
        } else if (!sameTree(side, b)) {
            elementConflict(out, b, o, t);  // deleted on one side, changed on the other
        }
    }

    static bool hasElementChildren(pugi::xml_node n)
    {
        for (auto c : n.children())
            if (c.type() == pugi::node_element) return true;
        return false;
    }

    void mergeNode(pugi::xml_node out, pugi::xml_node b, pugi::xml_node o, pugi::xml_node t)
    {
        if (b && sameTree(o, b)) {
            out.append_copy(t);
            return;
        }
        if (sameTree(o, t) || (b && sameTree(t, b))) {
            out.append_copy(o);
            return;
        }
        if (!hasElementChildren(o) && !hasElementChildren(t) && (!b || !hasElementChildren(b))) {
            mergeText(out, b, o, t);
            return;
        }
        auto e = out.append_child(o.name());
        mergeAttributes(e, b, o, t);
        mergeChildren(e, b, o, t);
    }

    /// A text-only element (a title, a heading): merged word by word, or one conflict for it.
    void mergeText(pugi::xml_node out, pugi::xml_node b, pugi::xml_node o, pugi::xml_node t)
    {
        auto words = [](pugi::xml_node n) {
            std::vector<std::string> tokens;
            if (n)
                for (const auto& tok : workspace::tokenize(n.text().get()))
                    tokens.push_back(tok.kind == workspace::TokenKind::Space ? "T " : "T" + tok.text);
            return tokens;
        };
        auto tb = words(b);
        auto to = words(o);
        auto tt = words(t);
        std::string merged;
        for (const auto& r : diff3(tb, to, tt, isSpaceToken)) {
            if (r.kind == Region::Kind::Both) {
                elementConflict(out, b, o, t);
                return;
            }
            const auto& src = r.kind == Region::Kind::Theirs ? tt : to;
            const Range range = r.kind == Region::Kind::Theirs ? r.theirs : r.ours;
            for (std::size_t k = range.begin; k < range.end; ++k) merged += src[k].substr(1);
        }
        auto e = out.append_child(o.name());
        mergeAttributes(e, b, o, t);
        if (!merged.empty()) e.append_child(pugi::node_pcdata).set_value(merged.c_str());
    }

    static std::vector<pugi::xml_node> paragraphs(pugi::xml_node n)
    {
        std::vector<pugi::xml_node> ps;
        for (auto c : n.children())
            if (c.type() == pugi::node_element && localName(c) == "p") ps.push_back(c);
        return ps;
    }

    void mergeParagraphs(pugi::xml_node out, pugi::xml_node b, pugi::xml_node o, pugi::xml_node t)
    {
        auto pb = paragraphs(b);
        auto po = paragraphs(o);
        auto pt = paragraphs(t);
        auto sigs = [](const std::vector<pugi::xml_node>& ps) {
            std::vector<std::string> s;
            for (auto p : ps) s.push_back(toString(p));
            return s;
        };
        auto slice = [](const std::vector<pugi::xml_node>& ps, Range r) {
            return std::vector<pugi::xml_node>(ps.begin() + static_cast<std::ptrdiff_t>(r.begin),
                                               ps.begin() + static_cast<std::ptrdiff_t>(r.end));
        };
        for (const auto& r : diff3(sigs(pb), sigs(po), sigs(pt))) {
            switch (r.kind) {
            case Region::Kind::Stable:
            case Region::Kind::Ours:
            case Region::Kind::Same:
                for (auto p : slice(po, r.ours)) out.append_copy(p);
                break;
            case Region::Kind::Theirs:
                for (auto p : slice(pt, r.theirs)) out.append_copy(p);
                break;
            case Region::Kind::Both:
                if (r.base.empty()) {
                    // Both inserted paragraphs at the same spot: ours first, then theirs.
                    for (auto p : slice(po, r.ours)) out.append_copy(p);
                    for (auto p : slice(pt, r.theirs)) out.append_copy(p);
                } else if (r.base.size() == r.ours.size() && r.base.size() == r.theirs.size()) {
                    for (std::size_t k = 0; k < r.base.size(); ++k)
                        mergeParagraph(out, pb[r.base.begin + k], po[r.ours.begin + k], pt[r.theirs.begin + k]);
                } else {
                    mergeAligned(out, slice(pb, r.base), slice(po, r.ours), slice(pt, r.theirs));
                }
                break;
            }
        }
    }

    /// Paragraphs changed on both sides in one stretch, but not in step (one side
    /// deleted or inserted some): each base paragraph is found again on each side by
    /// content, so that paragraphs changed on one side only still merge cleanly.
    /// When a paragraph is gone from both sides while both wrote new ones, nobody can
    /// tell which replaces it: the stretch becomes one conflict.
    void mergeAligned(pugi::xml_node out, const std::vector<pugi::xml_node>& bs, const std::vector<pugi::xml_node>& os,
                      const std::vector<pugi::xml_node>& ts)
    {
        auto texts = [](const std::vector<pugi::xml_node>& ps) {
            std::vector<std::string> t;
            for (auto p : ps) t.push_back(toString(p));
            return t;
        };
        const auto tb = texts(bs);
        constexpr std::size_t kNone = static_cast<std::size_t>(-1);
        std::vector<std::size_t> inOurs(bs.size(), kNone);
        std::vector<std::size_t> inTheirs(bs.size(), kNone);
        std::vector<bool> oursPaired(os.size(), false);
        std::vector<bool> theirsPaired(ts.size(), false);
        for (auto [x, y] : workspace::alignSimilar(tb, texts(os))) {
            inOurs[x] = y;
            oursPaired[y] = true;
        }
        for (auto [x, y] : workspace::alignSimilar(tb, texts(ts))) {
            inTheirs[x] = y;
            theirsPaired[y] = true;
        }
        const bool bothWroteNew = std::count(oursPaired.begin(), oursPaired.end(), false) > 0 &&
                                  std::count(theirsPaired.begin(), theirsPaired.end(), false) > 0;
        for (std::size_t k = 0; k < bs.size(); ++k)
            if (inOurs[k] == kNone && inTheirs[k] == kNone && bothWroteNew) {
                alternatives(newConflict(out), &bs, os, ts);
                return;
            }

        std::size_t oi = 0;
        std::size_t ti = 0;
        auto flush = [&](const std::vector<pugi::xml_node>& side, const std::vector<bool>& paired, std::size_t& i,
                         std::size_t upTo) {
            for (; i < upTo && i < side.size(); ++i)
                if (!paired[i]) out.append_copy(side[i]);  // a new paragraph of that side; ours come first
        };
        for (std::size_t k = 0; k < bs.size(); ++k) {
            const std::size_t o = inOurs[k];
            const std::size_t t = inTheirs[k];
            if (o != kNone) flush(os, oursPaired, oi, o);
            if (t != kNone) flush(ts, theirsPaired, ti, t);
            if (o != kNone && t != kNone) {
                mergeParagraph(out, bs[k], os[o], ts[t]);
            } else if (o != kNone || t != kNone) {
                // Gone from one side: a deletion, unless the other side changed it.
                auto kept = o != kNone ? os[o] : ts[t];
                if (!sameTree(kept, bs[k])) {
                    std::vector<pugi::xml_node> base{bs[k]};
                    alternatives(newConflict(out), &base, o != kNone ? nodes(kept) : std::vector<pugi::xml_node>{},
                                 t != kNone ? nodes(kept) : std::vector<pugi::xml_node>{});
                }
            }
            if (o != kNone) oi = o + 1;
            if (t != kNone) ti = t + 1;
        }
        flush(os, oursPaired, oi, os.size());
        flush(ts, theirsPaired, ti, ts.size());
    }

    /// Words and inline elements of a paragraph; an inline element is one token, never split.
    /// Words and inline elements of mixed content; an inline element is one token,
    /// with its node, so that one changed on both sides can be merged inside.
    struct Tokens {
        std::vector<std::string> text;
        std::vector<pugi::xml_node> elements;  // the element of each "X" token, null for words
    };

    static Tokens tokens(pugi::xml_node p)
    {
        Tokens out;
        for (auto c : p.children()) {
            if (c.type() == pugi::node_element) {
                out.text.push_back("X" + toString(c));
                out.elements.push_back(c);
            } else if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
                for (const auto& tok : workspace::tokenize(c.value())) {
                    out.text.push_back(tok.kind == workspace::TokenKind::Space ? "T " : "T" + tok.text);  // layout is no change
                    out.elements.emplace_back();
                }
            }
        }
        return out;
    }

    static void emit(std::string& xml, const std::vector<std::string>& toks, Range r)
    {
        for (std::size_t k = r.begin; k < r.end; ++k) {
            const std::string& tok = toks[k];
            if (tok[0] == 'X')
                xml.append(tok, 1, std::string::npos);
            else
                xml += escapeText(std::string_view(tok).substr(1));
        }
    }

    /// The one inline element each side has in place of the base's, when all three
    /// are the same kind of element with the same attributes (a footnote, emphasis,
    /// a link to the same place): its text then merges word by word, like a paragraph's.
    static bool sameInline(const Tokens& b, const Tokens& o, const Tokens& t, const Region& r)
    {
        if (r.base.size() != 1 || r.ours.size() != 1 || r.theirs.size() != 1) return false;
        const pugi::xml_node nb = b.elements[r.base.begin];
        const pugi::xml_node no = o.elements[r.ours.begin];
        const pugi::xml_node nt = t.elements[r.theirs.begin];
        if (!nb || !no || !nt) return false;
        auto shell = [](pugi::xml_node n) {
            std::string s(n.name());
            for (auto a : n.attributes()) s += std::string(" ") + a.name() + "=" + a.value();
            return s;
        };
        return shell(nb) == shell(no) && shell(no) == shell(nt);
    }

    /// Appends the merge of three versions of mixed content (a paragraph's, a
    /// footnote's…) to `xml`: word by word, a disagreement as a `conflict` in place.
    void mergeMixed(std::string& xml, pugi::xml_node b, pugi::xml_node o, pugi::xml_node t)
    {
        const Tokens tb = tokens(b);
        const Tokens to = tokens(o);
        const Tokens tt = tokens(t);
        for (const auto& r : diff3(tb.text, to.text, tt.text, isSpaceToken)) {
            switch (r.kind) {
            case Region::Kind::Stable:
            case Region::Kind::Ours:
            case Region::Kind::Same: emit(xml, to.text, r.ours); break;
            case Region::Kind::Theirs: emit(xml, tt.text, r.theirs); break;
            case Region::Kind::Both:
                if (sameInline(tb, to, tt, r)) {
                    const pugi::xml_node element = to.elements[r.ours.begin];
                    xml += "<" + std::string(element.name());
                    for (auto a : element.attributes())
                        xml += std::string(" ") + a.name() + "=\"" + workspace::xml::escapeAttribute(a.value()) + "\"";
                    xml += ">";
                    mergeMixed(xml, tb.elements[r.base.begin], element, tt.elements[r.theirs.begin]);
                    xml += "</" + std::string(element.name()) + ">";
                    break;
                }
                xml += "<conflict id=\"" + nextConflictId() + "\">";
                if (!r.base.empty()) {
                    xml += "<base>";
                    emit(xml, tb.text, r.base);
                    xml += "</base>";
                }
                xml += "<ours label=\"" + workspace::xml::escapeAttribute(labels_.ours) + "\">";
                emit(xml, to.text, r.ours);
                xml += "</ours><theirs label=\"" + workspace::xml::escapeAttribute(labels_.theirs) + "\">";
                emit(xml, tt.text, r.theirs);
                xml += "</theirs></conflict>";
                break;
            }
        }
    }

    void mergeParagraph(pugi::xml_node out, pugi::xml_node b, pugi::xml_node o, pugi::xml_node t)
    {
        std::string xml = "<p>";
        mergeMixed(xml, b, o, t);
        xml += "</p>";
        pugi::xml_document fragment;
        loadTree(fragment, xml);
        out.append_copy(fragment.document_element());
    }

};

/// A conflict mark (kConflictMark) as the canonical printer writes it in an attribute: escaped.
const std::string& printedMark()
{
    static const std::string mark = [] {
        pugi::xml_document doc;
        doc.append_child("c").append_attribute("id") = std::string(1, kConflictMark).c_str();
        const std::string printed = workspace::xml::printCanonical(doc.first_child(), 0);
        const std::size_t open = printed.find('"') + 1;
        return printed.substr(open, printed.find('"', open) - open);
    }();
    return mark;
}

/// Appends `chunk`, written by a Writer with `marked` conflicts, to `out`, its conflict marks made ids
/// numbered on from `numbered` (which it advances) in the writer's own order.
void appendNumbered(std::string& out, std::string_view chunk, int marked, int& numbered)
{
    const int first = numbered;
    numbered += marked;
    if (marked == 0) {
        out += chunk;
        return;
    }
    const std::string& mark = printedMark();
    for (std::size_t at = 0;;) {
        const std::size_t open = chunk.find(mark, at);
        if (open == std::string_view::npos) {
            out.append(chunk, at);
            return;
        }
        const std::size_t digits = open + mark.size();
        const std::size_t close = chunk.find(mark, digits);
        int local = 0;
        std::from_chars(chunk.data() + digits, chunk.data() + close, local);
        out.append(chunk, at, open - at).append("c").append(std::to_string(first + local));
        at = close + mark.size();
    }
}

/// Runs `work(i, arena)` for every i in [0, n) on the calling thread and on up to `arenas.size() - 1` more,
/// each thread with an arena of its own, and hands each result to `take(result)` on the calling thread in
/// order of i, as soon as the ones before it are taken. The threads it adds stay at most kWindow items
/// ahead of the last one taken, so that few results wait. An item that throws stops the items not yet
/// started; the first such in order is rethrown once every thread has stopped, and nothing after it is taken.
template <class Result, class Work, class Take>
void inOrder(std::size_t n, const std::vector<Arena*>& arenas, const Work& work, const Take& take)
{
    constexpr std::size_t kWindow = 8;
    struct Slot {
        std::optional<Result> result;
        std::exception_ptr error;
        bool done = false;
    };
    std::vector<Slot> slots(n);
    std::mutex mutex;
    std::condition_variable changed;
    std::size_t next = 0;   // the first item not yet started
    std::size_t taken = 0;  // the first item not yet taken
    bool stop = false;
    auto run = [&](std::size_t i, Arena& arena) {
        Slot slot;
        try {
            slot.result.emplace(work(i, arena));
        } catch (...) {
            slot.error = std::current_exception();
        }
        slot.done = true;
        std::lock_guard lock(mutex);
        slots[i] = std::move(slot);
        changed.notify_all();
    };
    std::vector<std::thread> helpers;
    for (std::size_t h = 1; h < arenas.size() && h < n; ++h) {
        try {
            helpers.emplace_back([&, h] {
                for (;;) {
                    std::size_t i = 0;
                    {
                        std::unique_lock lock(mutex);
                        changed.wait(lock, [&] { return stop || next >= n || next < taken + kWindow; });
                        if (stop || next >= n) return;
                        i = next++;
                    }
                    run(i, *arenas[h]);
                }
            });
        } catch (const std::system_error&) {
            break;  // no more threads to be had: the calling thread does the rest
        }
    }
    std::exception_ptr error;
    // Takes the items done in order; with `wait`, waits for the next one first (it must have been started).
    // After an error, it takes nothing more.
    auto takeDone = [&](bool wait) {
        while (!error) {
            Slot slot;
            {
                std::unique_lock lock(mutex);
                if (wait) changed.wait(lock, [&] { return slots[taken].done; });
                wait = false;
                if (taken >= n || !slots[taken].done) return;
                slot = std::move(slots[taken]);
            }
            if (!slot.error) {
                try {
                    take(std::move(*slot.result));
                } catch (...) {
                    slot.error = std::current_exception();
                }
            }
            std::lock_guard lock(mutex);
            if (slot.error) {
                error = slot.error;
                stop = true;
                changed.notify_all();
                return;
            }
            ++taken;
            changed.notify_all();
        }
    };
    for (;;) {
        takeDone(false);
        if (error) break;
        std::size_t i = 0;
        {
            std::lock_guard lock(mutex);
            if (next >= n) break;
            if (next >= taken + kWindow) i = n;  // too far ahead: wait for the next one instead
            else i = next++;
        }
        if (i == n) takeDone(true);
        else run(i, *arenas[0]);
    }
    while (!error && taken < n) takeDone(true);
    for (auto& helper : helpers) helper.join();
    if (error) std::rethrow_exception(error);
}

/// What merging three indexed versions gives, and where the root's parts are in it (see StructureCheck).
struct Merged {
    MergeOutcome outcome;
    std::optional<std::pair<std::size_t, std::size_t>> rootParts;
};

/// The merge of three versions: decided, then the root's own content written, then its parts, each
/// written on whichever thread is free and put in order, handed to `check` a batch at a time, then the
/// root's end. `arenas` receives the arena of the decisions and one for each thread: they hold the trees
/// of the parts looked into, which the versions point to, and must outlive any use of those trees.
Merged merge(const Doc* b, const Doc& o, const Doc& t, const Keys& keys, const Labels& labels, std::deque<Arena>& arenas,
             StructureCheck& check)
{
    Arena& first = arenas.emplace_back();
    Plan plan(b, o, t, keys, first);
    plan.decide();
    Writer head(plan, b, o, t, labels, first);
    const std::string root = head.open(b ? b->root(first) : pugi::xml_node(), o.root(first), t.root(first), 0);
    std::vector<Key> parts;
    for (std::size_t kind = 0; kind < kKinds; ++kind)
        for (const Key id : plan.orderOf(kRoot, kind)) parts.push_back(id);

    Merged merged;
    std::string& out = merged.outcome.merged;
    int& numbered = merged.outcome.conflicts;
    out.reserve(o.text.size() + o.text.size() / 16);
    preferHugePages(out.data(), out.capacity());
    out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    appendNumbered(out, head.text(), head.conflicts(), numbered);
    const std::size_t begin = out.size();
    std::size_t batch = begin;  // where the parts not yet handed to check start
    // The decisions' own arena is left alone from here: the threads only read the trees in it.
    std::vector<Arena*> threads;
    const unsigned cores = std::clamp(std::thread::hardware_concurrency(), 1U, 4U);
    for (unsigned k = 0; k < cores; ++k) threads.push_back(&arenas.emplace_back());
    struct Chunk {
        std::string text;
        int conflicts = 0;
    };
    inOrder<Chunk>(
        parts.size(), threads,
        [&](std::size_t i, Arena& arena) {
            Writer writer(plan, b, o, t, labels, arena);
            writer.part(parts[i], 1);
            return Chunk{std::move(writer.text()), writer.conflicts()};
        },
        [&](Chunk&& chunk) {
            appendNumbered(out, chunk.text, chunk.conflicts, numbered);
            if (out.size() - batch >= StructureCheck::kBatch) {
                check.add(out.substr(batch));
                batch = out.size();
            }
        });
    if (out.size() > batch) check.add(out.substr(batch));
    if (out.size() > begin) merged.rootParts.emplace(begin, out.size());
    Writer tail(plan, b, o, t, labels, first);
    tail.close(root, 0);
    out += tail.text();
    return merged;
}

} // namespace

namespace {

/// One version's bytes, read on the thread that loads it; nothing when there is no such version (no base).
using Source = std::function<std::optional<workspace::FileBytes>()>;

/// The rest of the structure check (see StructureCheck): the root's own start and end around its parts;
/// only a text that fails is looked at whole, for the line to name. A part no side changed is copied as
/// written, unparsed: when it is broken in the versions too, the fault is theirs, named at their line.
void checkMerged(const std::string& merged, std::optional<std::pair<std::size_t, std::size_t>> rootParts,
                 bool partsParsed, std::string_view path, const std::vector<const Doc*>& versions)
{
    if (partsParsed && rootParts) {
        std::string shell = merged.substr(0, rootParts->first) + merged.substr(rootParts->second);
        if (parsesInPlace(shell, false)) return;
    }
    const auto found = workspace::checkStructure(merged, std::string(path) + " (merged)");
    if (found.empty()) return;
    for (const Doc* version : versions)
        if (auto broken = workspace::checkStructure(version->text, version->where); !broken.empty())
            throw Error(ErrorKind::Invalid, broken.front().toString() + "; mend it and merge again (nothing was written)");
    throw Error(ErrorKind::Invalid, "the merge gave a text that is not well-formed, so nothing was written: " +
                                        found.front().toString() + "; please report this with the three files");
}

/// Labels go into the merged text: they must be characters XML can hold (which also keeps kConflictMark
/// out of them).
void refuseUnwritableLabels(const Labels& labels)
{
    for (const std::string* label : {&labels.ours, &labels.base, &labels.theirs}) {
        if (workspace::invalidUtf8At(*label) != std::string::npos)
            throw Error(ErrorKind::Invalid, "the label \"" + *label + "\" is not UTF-8 text; give it as UTF-8");
        for (const char byte : *label)
            if (const auto c = static_cast<unsigned char>(byte); c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                char code[8];
                std::snprintf(code, sizeof code, "U+%04X", c);
                throw Error(ErrorKind::Invalid, "a label holds the control character " + std::string(code) +
                                                    ", which a document cannot hold; give the label without it");
            }
    }
}

MergeOutcome mergeSources(const Source& base, const Source& ours, const Source& theirs, const Labels& labels,
                          std::string_view path, const SideFiles* files)
{
    auto where = [&](const std::string* file, const char* which) {
        return file ? *file : std::string(path) + " (" + which + ")";
    };
    refuseUnwritableLabels(labels);
    // Reading and indexing the three versions are independent: they run side by side.
    struct Versions {
        std::optional<Doc> b;
        Doc o;
        Doc t;
        std::deque<Arena> arenas;  // see merge
    };
    auto docs = std::make_unique<Versions>();
    std::exception_ptr baseError;
    std::exception_ptr theirsError;
    std::thread baseLoader([&] {
        try {
            if (auto bytes = base()) load(docs->b.emplace(), std::move(*bytes), where(files ? &files->base : nullptr, "base"));
        } catch (...) {
            baseError = std::current_exception();
        }
    });
    std::thread theirsLoader([&] {
        try {
            load(docs->t, std::move(theirs().value()), where(files ? &files->theirs : nullptr, "theirs"));
        } catch (...) {
            theirsError = std::current_exception();
        }
    });
    std::exception_ptr oursError;
    try {
        load(docs->o, std::move(ours().value()), where(files ? &files->ours : nullptr, "ours"));
    } catch (...) {
        oursError = std::current_exception();
    }
    baseLoader.join();
    theirsLoader.join();
    for (const auto& e : {oursError, baseError, theirsError})
        if (e) std::rethrow_exception(e);
    StructureCheck check;
    std::vector<Doc*> versions{&docs->o, &docs->t};
    if (docs->b) versions.push_back(&*docs->b);
    const Keys keys(versions);
    Merged merged = merge(docs->b ? &*docs->b : nullptr, docs->o, docs->t, keys, labels, docs->arenas, check);
    const bool partsParsed = check.finish();
    checkMerged(merged.outcome.merged, merged.rootParts, partsParsed, path, {versions.begin(), versions.end()});
    return std::move(merged.outcome);
}

} // namespace

MergeOutcome mergeSubmissions(std::optional<std::string> base, std::string ours, std::string theirs,
                              const Labels& labels, std::string_view path, const SideFiles* files)
{
    auto held = [](std::string& text) { return std::optional(workspace::FileBytes(std::move(text))); };
    return mergeSources(
        [&]() -> std::optional<workspace::FileBytes> {
            if (!base) return std::nullopt;
            return held(*base);
        },
        [&] { return held(ours); }, [&] { return held(theirs); }, labels, path, files);
}

MergeOutcome mergeFiles(const std::filesystem::path& ours, const std::filesystem::path& base,
                        const std::filesystem::path& theirs, const Labels& labels, const SideFiles& names)
{
    auto read = [](const std::filesystem::path& file) { return std::optional(workspace::mapFile(file)); };
    return mergeSources(
        [&]() -> std::optional<workspace::FileBytes> {
            auto bytes = workspace::mapFile(base);
            if (bytes.view().empty()) return std::nullopt;  // an empty base: none
            return bytes;
        },
        [&] { return read(ours); }, [&] { return read(theirs); }, labels, names.ours, &names);
}

} // namespace accord::merge
