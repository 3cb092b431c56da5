#include "accord/workspace/diff.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace accord::workspace {

namespace {

struct Place {
    const Section* section = nullptr;
    const Recommendation* recommendation = nullptr;
    std::string parent;  // id of the enclosing section, empty at top level
    std::vector<std::size_t> number;
};

using PlaceIndex = std::map<std::string, Place>;

PlaceIndex indexOf(const Submission* doc)
{
    PlaceIndex index;
    if (!doc) return index;
    for (const auto& loc : walk(*doc)) {
        Place p{loc.section, loc.recommendation, loc.parent ? loc.parent->id : "", loc.number};
        index.emplace(loc.section ? loc.section->id : loc.recommendation->id, std::move(p));
    }
    return index;
}

std::vector<TextChunk> wholeText(DiffOp op, const std::string& text)
{
    if (text.empty()) return {};
    return {TextChunk{op, text}};
}

void diffParagraphs(const std::vector<Paragraph>& before, const std::vector<Paragraph>& after,
                    std::vector<ParagraphChange>& out)
{
    std::vector<std::string> a;
    std::vector<std::string> b;
    for (const auto& p : before) a.push_back(flatten(p));
    for (const auto& p : after) b.push_back(flatten(p));
    auto script = diffSequences(a, b);
    std::size_t i = 0;
    std::size_t j = 0;
    for (std::size_t k = 0; k < script.size(); ++k) {
        auto [op, n] = script[k];
        if (op == DiffOp::Equal) {
            i += n;
            j += n;
            continue;
        }
        std::size_t deleted = op == DiffOp::Delete ? n : 0;
        std::size_t inserted = op == DiffOp::Insert ? n : 0;
        // A deletion next to an insertion may hold edits of the paragraphs in between.
        if (k + 1 < script.size() && script[k + 1].first != DiffOp::Equal && script[k + 1].first != op) {
            (op == DiffOp::Delete ? inserted : deleted) = script[k + 1].second;
            ++k;
        }
        std::vector<ParagraphChange> run;
        std::vector<bool> deletedPaired(deleted, false);
        std::vector<bool> insertedPaired(inserted, false);
        std::vector<std::string> oldRun(a.begin() + static_cast<std::ptrdiff_t>(i), a.begin() + static_cast<std::ptrdiff_t>(i + deleted));
        std::vector<std::string> newRun(b.begin() + static_cast<std::ptrdiff_t>(j), b.begin() + static_cast<std::ptrdiff_t>(j + inserted));
        // An edited paragraph is compared with its old self even when a new one was inserted before it.
        for (auto [x, y] : alignSimilar(oldRun, newRun)) {
            deletedPaired[x] = insertedPaired[y] = true;
            run.push_back(ParagraphChange{ParagraphChange::Kind::Changed, j + y, diffWords(a[i + x], b[j + y])});
        }
        for (std::size_t y = 0; y < inserted; ++y)
            if (!insertedPaired[y])
                run.push_back(ParagraphChange{ParagraphChange::Kind::Added, j + y, wholeText(DiffOp::Insert, b[j + y])});
        std::stable_sort(run.begin(), run.end(), [](const auto& l, const auto& r) { return l.index < r.index; });
        for (std::size_t x = 0; x < deleted; ++x)
            if (!deletedPaired[x])
                run.push_back(ParagraphChange{ParagraphChange::Kind::Removed, i + x, wholeText(DiffOp::Delete, a[i + x])});
        out.insert(out.end(), run.begin(), run.end());
        i += deleted;
        j += inserted;
    }
}

template <class T>
std::vector<std::string> languagesOf(const std::vector<T>& a, const std::vector<T>& b)
{
    std::vector<std::string> langs;
    for (const auto* v : {&a, &b})
        for (const auto& item : *v)
            if (std::find(langs.begin(), langs.end(), item.lang) == langs.end()) langs.push_back(item.lang);
    return langs;
}

template <class T>
const T* byLang(const std::vector<T>& items, const std::string& lang)
{
    for (const auto& i : items)
        if (i.lang == lang) return &i;
    return nullptr;
}

void diffLangTexts(const char* field, const std::vector<LangText>& a, const std::vector<LangText>& b,
                   std::vector<FieldChange>& out)
{
    for (const auto& lang : languagesOf(a, b)) {
        const LangText* x = byLang(a, lang);
        const LangText* y = byLang(b, lang);
        std::string before = x ? x->text : "";
        std::string after = y ? y->text : "";
        if (before == after && x && y) continue;
        FieldChange c{FieldChange::Kind::Text, field, lang, before, after, {}, {}, {}};
        auto kind = !x ? ParagraphChange::Kind::Added : !y ? ParagraphChange::Kind::Removed : ParagraphChange::Kind::Changed;
        c.paragraphs.push_back(ParagraphChange{kind, 0, diffWords(before, after)});
        out.push_back(std::move(c));
    }
}

void diffBlocks(const char* field, const std::vector<Block>& a, const std::vector<Block>& b,
                std::vector<FieldChange>& out)
{
    static const std::vector<Paragraph> none;
    for (const auto& lang : languagesOf(a, b)) {
        const Block* x = byLang(a, lang);
        const Block* y = byLang(b, lang);
        FieldChange c{FieldChange::Kind::Text, field, lang, {}, {}, {}, {}, {}};
        diffParagraphs(x ? x->paragraphs : none, y ? y->paragraphs : none, c.paragraphs);
        if (!c.paragraphs.empty()) out.push_back(std::move(c));
    }
}

void diffSet(const char* field, const std::vector<std::string>& a, const std::vector<std::string>& b,
             std::vector<FieldChange>& out)
{
    FieldChange c{FieldChange::Kind::Set, field, {}, {}, {}, {}, {}, {}};
    std::set<std::string> sa(a.begin(), a.end());
    std::set<std::string> sb(b.begin(), b.end());
    for (const auto& x : b)
        if (!sa.count(x)) c.added.push_back(x);
    for (const auto& x : a)
        if (!sb.count(x)) c.removed.push_back(x);
    if (!c.added.empty() || !c.removed.empty()) out.push_back(std::move(c));
}

void diffAttribute(const char* name, const std::string& a, const std::string& b, std::vector<FieldChange>& out)
{
    if (a != b) out.push_back(FieldChange{FieldChange::Kind::Attribute, name, {}, a, b, {}, {}, {}});
}

std::vector<std::string> refKeys(const Recommendation& r)
{
    std::vector<std::string> keys;
    for (const auto& ref : r.refs)
        keys.push_back((ref.lang.empty() ? "" : "[" + ref.lang + "] ") + (ref.kind.empty() ? ref.text : ref.kind + ": " + ref.text));
    return keys;
}

std::vector<std::string> endorsementKeys(const Recommendation& r)
{
    std::vector<std::string> keys;
    for (const auto& e : r.endorsements) keys.push_back(e.org);
    return keys;
}

void diffResponses(const Recommendation& a, const Recommendation& b, std::vector<FieldChange>& out)
{
    auto key = [](const Response& r) { return r.round + " " + r.from + (r.lang.empty() ? "" : " [" + r.lang + "]"); };
    std::vector<std::string> ka;
    std::vector<std::string> kb;
    for (const auto& r : a.responses) ka.push_back(key(r));
    for (const auto& r : b.responses) kb.push_back(key(r));
    diffSet("response", ka, kb, out);
    for (const auto& rb : b.responses) {
        auto it = std::find_if(a.responses.begin(), a.responses.end(), [&](const Response& ra) { return key(ra) == key(rb); });
        if (it == a.responses.end()) continue;
        if (it->position != rb.position)
            out.push_back(FieldChange{FieldChange::Kind::Attribute, "response position", key(rb), it->position,
                                      rb.position, {}, {}, {}});
        FieldChange c{FieldChange::Kind::Text, "response", key(rb), {}, {}, {}, {}, {}};
        diffParagraphs(it->paragraphs, rb.paragraphs, c.paragraphs);
        if (!c.paragraphs.empty()) out.push_back(std::move(c));
    }
}

std::vector<FieldChange> diffRecommendation(const Recommendation& a, const Recommendation& b)
{
    std::vector<FieldChange> out;
    diffAttribute("status", a.effectiveStatus(), b.effectiveStatus(), out);
    diffAttribute("priority", a.priority, b.priority, out);
    diffLangTexts("title", a.titles, b.titles, out);
    diffBlocks("text", a.texts, b.texts, out);
    diffBlocks("rationale", a.rationales, b.rationales, out);
    diffSet("addressee", a.addressees, b.addressees, out);
    diffSet("ref", refKeys(a), refKeys(b), out);
    diffSet("endorsement", endorsementKeys(a), endorsementKeys(b), out);
    diffResponses(a, b, out);
    return out;
}

std::vector<FieldChange> diffSection(const Section& a, const Section& b)
{
    std::vector<FieldChange> out;
    diffLangTexts("heading", a.headings, b.headings, out);
    diffBlocks("intro", a.intros, b.intros, out);
    return out;
}

std::vector<FieldChange> diffMeta(const Meta& a, const Meta& b)
{
    std::vector<FieldChange> out;
    diffLangTexts("title", a.titles, b.titles, out);
    diffLangTexts("process", a.processes, b.processes, out);
    diffAttribute("process kind", a.processKind, b.processKind, out);
    diffSet("addressee", a.addressees, b.addressees, out);
    diffAttribute("deadline", a.deadline.value_or(""), b.deadline.value_or(""), out);
    diffAttribute("profile", a.profile.value_or(""), b.profile.value_or(""), out);
    auto members = [](const Meta& m) {
        std::vector<std::string> keys;
        if (m.coalition)
            for (const auto& x : *m.coalition) keys.push_back(x.role == "lead" ? x.org + " (lead)" : x.org);
        return keys;
    };
    diffSet("coalition", members(a), members(b), out);
    return out;
}

/// Ids whose relative order changed: those outside a longest common subsequence.
std::set<std::string> reorderedAmong(const std::vector<std::string>& before, const std::vector<std::string>& after)
{
    std::set<std::string> common(before.begin(), before.end());
    std::vector<std::string> a;
    std::vector<std::string> b;
    std::set<std::string> inAfter(after.begin(), after.end());
    for (const auto& x : before)
        if (inAfter.count(x)) a.push_back(x);
    for (const auto& x : after)
        if (common.count(x)) b.push_back(x);
    std::set<std::string> out;
    auto script = diffSequences(a, b);
    std::size_t j = 0;
    for (auto [op, n] : script) {
        if (op == DiffOp::Insert)
            for (std::size_t m = 0; m < n; ++m) out.insert(b[j + m]);
        if (op != DiffOp::Delete) j += n;
    }
    return out;
}

std::vector<std::string> childIds(const Submission* doc, const std::string& parent, bool sections)
{
    std::vector<std::string> ids;
    if (!doc) return ids;
    const std::vector<Section>* list = &doc->sections;
    const Section* owner = parent.empty() ? nullptr : doc->findSection(parent);
    if (!parent.empty()) {
        if (!owner) return ids;
        list = &owner->sections;
    }
    if (sections) {
        for (const auto& s : *list) ids.push_back(s.id);
    } else if (owner) {
        for (const auto& r : owner->recommendations) ids.push_back(r.id);
    }
    return ids;
}

std::string displayTitle(const Place& p, const std::string& lang)
{
    const auto& items = p.section ? p.section->headings : p.recommendation->titles;
    if (const LangText* t = pickLang(items, lang, "en")) return t->text;
    if (p.recommendation)
        if (const Block* b = pickLang(p.recommendation->texts, lang, "en"); b && !b->paragraphs.empty())
            return plainText(b->paragraphs.front());
    return {};
}

} // namespace

DocumentDiff diffSubmissions(const Submission* before, const Submission* after, std::string path)
{
    DocumentDiff diff;
    diff.path = std::move(path);
    diff.added = !before && after;
    diff.removed = before && !after;
    const std::string lang = after ? after->lang : before ? before->lang : "en";

    if (before && after) {
        std::vector<FieldChange> metaFields;
        diffAttribute("id", before->id, after->id, metaFields);
        diffAttribute("lang", before->lang, after->lang, metaFields);
        diffAttribute("version", before->version, after->version, metaFields);
        auto more = diffMeta(before->meta, after->meta);
        metaFields.insert(metaFields.end(), more.begin(), more.end());
        if (!metaFields.empty()) {
            PartChange meta;
            meta.part = PartChange::Part::Meta;
            meta.fields = std::move(metaFields);
            diff.changes.push_back(std::move(meta));
        }
    }

    PlaceIndex a = indexOf(before);
    PlaceIndex b = indexOf(after);

    // Reordering is judged among the siblings that stayed under the same parent.
    std::set<std::string> reordered;
    std::set<std::pair<std::string, bool>> parents;
    for (const auto& [id, place] : b) {
        parents.emplace(place.parent, true);
        if (place.section) parents.emplace(id, false);
    }
    for (const auto& [parent, sections] : parents) {
        auto stayed = [&](const std::vector<std::string>& ids) {
            std::vector<std::string> out;
            for (const auto& id : ids)
                if (auto ia = a.find(id), ib = b.find(id); ia != a.end() && ib != b.end() && ia->second.parent == ib->second.parent)
                    out.push_back(id);
            return out;
        };
        auto r = reorderedAmong(stayed(childIds(before, parent, sections)), stayed(childIds(after, parent, sections)));
        reordered.insert(r.begin(), r.end());
    }

    auto partOf = [&](const std::string& id, const Place& p) {
        PartChange c;
        c.part = p.section ? PartChange::Part::Section : PartChange::Part::Recommendation;
        c.id = id;
        c.number = p.number;
        c.title = displayTitle(p, lang);
        return c;
    };

    if (after) {
        for (const auto& loc : walk(*after)) {
            const std::string& id = loc.section ? loc.section->id : loc.recommendation->id;
            const Place& pb = b.at(id);
            PartChange c = partOf(id, pb);
            auto ia = a.find(id);
            if (ia == a.end()) {
                c.added = true;
                c.toParent = pb.parent;
            } else {
                const Place& pa = ia->second;
                c.fromParent = pa.parent;
                c.toParent = pb.parent;
                c.moved = pa.parent != pb.parent;
                c.reordered = reordered.count(id) > 0;
                if (pa.section && pb.section)
                    c.fields = diffSection(*pa.section, *pb.section);
                else if (pa.recommendation && pb.recommendation)
                    c.fields = diffRecommendation(*pa.recommendation, *pb.recommendation);
            }
            if (!c.empty()) diff.changes.push_back(std::move(c));
        }
    }
    if (before) {
        for (const auto& loc : walk(*before)) {
            const std::string& id = loc.section ? loc.section->id : loc.recommendation->id;
            if (b.count(id)) continue;
            PartChange c = partOf(id, a.at(id));
            c.removed = true;
            c.fromParent = a.at(id).parent;
            diff.changes.push_back(std::move(c));
        }
    }
    return diff;
}

std::optional<PartChange> findChange(const DocumentDiff& diff, std::string_view id)
{
    for (const auto& c : diff.changes)
        if (c.id == id) return c;
    return std::nullopt;
}

} // namespace accord::workspace
