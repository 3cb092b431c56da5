#include "accord/workspace/part_edits.hpp"

#include "accord/workspace/error.hpp"

#include <algorithm>

namespace accord::workspace::parts {

namespace {

Section& sectionOf(Submission& doc, const std::string& id)
{
    Section* s = doc.findSection(id);
    if (!s) throw Error(ErrorKind::NotFound, "no section \"" + id + "\" in " + doc.id);
    return *s;
}

Recommendation& recommendationOf(Submission& doc, const std::string& id)
{
    Recommendation* r = doc.findRecommendation(id);
    if (!r) throw Error(ErrorKind::NotFound, "no recommendation \"" + id + "\" in " + doc.id);
    return *r;
}

void requireFree(const Submission& doc, const std::string& id)
{
    if (doc.findRecommendation(id) || doc.findSection(id))
        throw Error(ErrorKind::Exists, "\"" + id + "\" is already a part of " + doc.id);
}

template <typename T>
void insertAt(std::vector<T>& siblings, std::optional<std::size_t> position, T part)
{
    const std::size_t at = std::min(position.value_or(siblings.size()), siblings.size());
    siblings.insert(siblings.begin() + static_cast<std::ptrdiff_t>(at), std::move(part));
}

} // namespace

void replaceRecommendation(Submission& doc, const Recommendation& given)
{
    recommendationOf(doc, given.id) = given;
}

void addRecommendation(Submission& doc, const std::string& section, std::optional<std::size_t> position,
                       const Recommendation& given)
{
    requireFree(doc, given.id);
    insertAt(sectionOf(doc, section).recommendations, position, given);
}

void moveRecommendation(Submission& doc, const std::string& id, const std::string& section,
                        std::optional<std::size_t> position)
{
    (void)sectionOf(doc, section);
    (void)recommendationOf(doc, id);
    insertAt(sectionOf(doc, section).recommendations, position, std::move(*doc.takeRecommendation(id)));
}

void removeRecommendation(Submission& doc, const std::string& id)
{
    (void)recommendationOf(doc, id);
    (void)doc.takeRecommendation(id);
}

void changeSection(Submission& doc, const Section& given)
{
    Section& s = sectionOf(doc, given.id);
    s.headings = given.headings;
    s.intros = given.intros;
}

void addSection(Submission& doc, const std::string& parent, std::optional<std::size_t> position, const Section& given)
{
    requireFree(doc, given.id);
    insertAt(parent.empty() ? doc.sections : sectionOf(doc, parent).sections, position, given);
}

namespace {

bool holds(const Section& s, const std::string& id)
{
    return std::any_of(s.sections.begin(), s.sections.end(), [&](const Section& c) { return c.id == id || holds(c, id); });
}

} // namespace

void moveSection(Submission& doc, const std::string& id, const std::string& parent, std::optional<std::size_t> position)
{
    const Section& moving = sectionOf(doc, id);
    if (!parent.empty()) {
        (void)sectionOf(doc, parent);
        if (parent == id || holds(moving, parent))
            throw Error(ErrorKind::Invalid, "section " + id + " cannot go inside " +
                                                (parent == id ? std::string("itself") : "its own subsection " + parent));
    }
    Section taken = std::move(*doc.takeSection(id));
    insertAt(parent.empty() ? doc.sections : sectionOf(doc, parent).sections, position, std::move(taken));
}

void removeSection(Submission& doc, const std::string& id)
{
    const Section& s = sectionOf(doc, id);
    if (!s.recommendations.empty() || !s.sections.empty())
        throw Error(ErrorKind::Invalid, "section " + id + " still holds parts: move or delete them first");
    (void)doc.takeSection(id);
}

void endorse(Submission& doc, const std::string& recommendation, const std::string& org)
{
    auto& list = recommendationOf(doc, recommendation).endorsements;
    if (std::any_of(list.begin(), list.end(), [&](const Endorsement& e) { return e.org == org; }))
        throw Error(ErrorKind::Exists, org + " already endorses " + recommendation);
    list.push_back(Endorsement{org, 0});
}

void unendorse(Submission& doc, const std::string& recommendation, const std::string& org)
{
    auto& list = recommendationOf(doc, recommendation).endorsements;
    const auto before = list.size();
    std::erase_if(list, [&](const Endorsement& e) { return e.org == org; });
    if (list.size() == before) throw Error(ErrorKind::NotFound, org + " does not endorse " + recommendation);
}

} // namespace accord::workspace::parts
