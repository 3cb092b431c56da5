#include "server/model_json.hpp"

#include "accord/workspace/error.hpp"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

namespace accord::server {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;
using workspace::Block;
using workspace::Error;
using workspace::ErrorKind;
using workspace::Inline;
using workspace::LangText;
using workspace::Meta;
using workspace::Paragraph;
using workspace::Recommendation;
using workspace::Section;
using workspace::Submission;

namespace {

struct ElementName {
    Inline::Kind kind;
    std::string_view name;
};

constexpr std::array<ElementName, 4> elementNames{{
    {Inline::Kind::Em, "em"},
    {Inline::Kind::Strong, "strong"},
    {Inline::Kind::Note, "note"},
    {Inline::Kind::Link, "link"},
}};

// Deeper markup means nothing to a reader; refusing it keeps hostile input off the stack.
constexpr int maxInlineDepth = 20;

// ---- writing ---------------------------------------------------------------

/// The numbers `walk()` gives, for a whole document; a part written alone has none.
struct Numbers {
    std::map<const Section*, std::string> sections;
    std::map<const Recommendation*, std::string> recommendations;
};

std::string dotted(const std::vector<std::size_t>& number)
{
    std::string out;
    for (std::size_t n : number) {
        if (!out.empty()) out += '.';
        out += std::to_string(n);
    }
    return out;
}

Numbers numbersOf(const Submission& doc)
{
    Numbers numbers;
    for (const auto& part : workspace::walk(doc)) {
        if (part.section) numbers.sections[part.section] = dotted(part.number);
        if (part.recommendation) numbers.recommendations[part.recommendation] = dotted(part.number);
    }
    return numbers;
}

Object::Ptr newObject()
{
    return new Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

Array::Ptr writeStrings(const std::vector<std::string>& items)
{
    Array::Ptr a = new Array;
    for (const auto& item : items) a->add(item);
    return a;
}

Array::Ptr writeLangTexts(const std::vector<LangText>& items)
{
    Array::Ptr a = new Array;
    for (const auto& item : items) {
        Object::Ptr o = newObject();
        o->set("lang", item.lang);
        o->set("text", item.text);
        a->add(o);
    }
    return a;
}

Array::Ptr writeInlines(const std::vector<Inline>& items)
{
    Array::Ptr a = new Array;
    for (const auto& item : items) {
        if (item.kind == Inline::Kind::Text) {
            a->add(item.text);
            continue;
        }
        const auto* element = std::find_if(elementNames.begin(), elementNames.end(),
                                           [&](const ElementName& e) { return e.kind == item.kind; });
        Object::Ptr o = newObject();
        o->set(std::string(element->name), writeInlines(item.children));
        if (item.kind == Inline::Kind::Link) o->set("href", item.href);
        a->add(o);
    }
    return a;
}

Array::Ptr writeParagraphs(const std::vector<Paragraph>& paragraphs)
{
    Array::Ptr a = new Array;
    for (const auto& p : paragraphs) a->add(writeInlines(p.content));
    return a;
}

Object::Ptr writeBlock(const Block& block, bool langOptional)
{
    Object::Ptr o = newObject();
    if (!langOptional || !block.lang.empty()) o->set("lang", block.lang);
    o->set("paragraphs", writeParagraphs(block.paragraphs));
    return o;
}

Array::Ptr writeBlocks(const std::vector<Block>& blocks)
{
    Array::Ptr a = new Array;
    for (const auto& b : blocks) a->add(writeBlock(b, false));
    return a;
}

void setUnlessEmpty(Object& o, const std::string& key, const std::string& value)
{
    if (!value.empty()) o.set(key, value);
}

Object::Ptr writeRecommendation(const Recommendation& r, const Numbers* numbers)
{
    Object::Ptr o = newObject();
    o->set("id", r.id);
    if (numbers) o->set("number", numbers->recommendations.at(&r));
    setUnlessEmpty(*o, "status", r.status);
    setUnlessEmpty(*o, "priority", r.priority);
    o->set("titles", writeLangTexts(r.titles));
    o->set("texts", writeBlocks(r.texts));
    o->set("rationales", writeBlocks(r.rationales));
    o->set("addressees", writeStrings(r.addressees));

    Array::Ptr refs = new Array;
    for (const auto& ref : r.refs) {
        Object::Ptr x = newObject();
        setUnlessEmpty(*x, "kind", ref.kind);
        x->set("text", ref.text);
        setUnlessEmpty(*x, "lang", ref.lang);
        refs->add(x);
    }
    o->set("refs", refs);

    Array::Ptr endorsements = new Array;
    for (const auto& e : r.endorsements) endorsements->add(e.org);
    o->set("endorsements", endorsements);

    Array::Ptr responses = new Array;
    for (const auto& response : r.responses) {
        Object::Ptr x = newObject();
        x->set("round", response.round);
        x->set("from", response.from);
        setUnlessEmpty(*x, "position", response.position);
        setUnlessEmpty(*x, "lang", response.lang);
        x->set("paragraphs", writeParagraphs(response.paragraphs));
        responses->add(x);
    }
    o->set("responses", responses);
    return o;
}

Object::Ptr writeSection(const Section& s, bool withContent, const Numbers* numbers)
{
    Object::Ptr o = newObject();
    o->set("id", s.id);
    if (numbers) o->set("number", numbers->sections.at(&s));
    o->set("headings", writeLangTexts(s.headings));
    if (!s.intros.empty()) {
        Array::Ptr intros = new Array;
        for (const auto& b : s.intros) intros->add(writeBlock(b, true));
        o->set("intros", intros);
    }
    if (!withContent) return o;

    Array::Ptr recommendations = new Array;
    for (const auto& r : s.recommendations) recommendations->add(writeRecommendation(r, numbers));
    o->set("recommendations", recommendations);
    Array::Ptr sections = new Array;
    for (const auto& child : s.sections) sections->add(writeSection(child, true, numbers));
    o->set("sections", sections);
    return o;
}

Object::Ptr writeMeta(const Meta& m)
{
    Object::Ptr o = newObject();
    o->set("titles", writeLangTexts(m.titles));
    if (!m.processes.empty()) o->set("processes", writeLangTexts(m.processes));
    setUnlessEmpty(*o, "processKind", m.processKind);
    o->set("addressees", writeStrings(m.addressees));
    if (m.deadline) o->set("deadline", *m.deadline);
    if (m.profile) o->set("profile", *m.profile);
    if (m.coalition) {
        Array::Ptr coalition = new Array;
        for (const auto& member : *m.coalition) {
            Object::Ptr x = newObject();
            x->set("org", member.org);
            setUnlessEmpty(*x, "role", member.role);
            coalition->add(x);
        }
        o->set("coalition", coalition);
    }
    return o;
}

// ---- reading ---------------------------------------------------------------

[[noreturn]] void refuse(const std::string& path, const std::string& message)
{
    throw Error(ErrorKind::Invalid, path + ": " + message);
}

std::string quoted(std::string_view key)
{
    return "\"" + std::string(key) + "\"";
}

bool isString(const Var& v)
{
    return v.type() == typeid(std::string);
}

// Objects and arrays a parser made are held by pointer, ones built in code may be held by value.
Object::Ptr asObject(const Var& v)
{
    if (v.type() == typeid(Object::Ptr)) return v.extract<Object::Ptr>();
    if (v.type() == typeid(Object)) return new Object(v.extract<Object>());
    return nullptr;
}

Array::Ptr asArray(const Var& v)
{
    if (v.type() == typeid(Array::Ptr)) return v.extract<Array::Ptr>();
    if (v.type() == typeid(Array)) return new Array(v.extract<Array>());
    return nullptr;
}

/// Refuses any key of `json` not in `known`, so a misspelt field is not silently dropped.
void onlyKeys(const Object& json, std::initializer_list<std::string_view> known, const std::string& path)
{
    for (const auto& [key, value] : json) {
        if (std::find(known.begin(), known.end(), key) != known.end()) continue;
        std::string expected;
        for (auto k : known) expected += (expected.empty() ? "" : ", ") + quoted(k);
        refuse(path, "unknown key " + quoted(key) + " (expected " + expected + ")");
    }
}

Object::Ptr objectAt(const Var& v, const std::string& path, std::string_view shape)
{
    Object::Ptr o = asObject(v);
    if (!o) refuse(path, "must be an object " + std::string(shape));
    return o;
}

std::string stringAt(const Var& v, const std::string& path, std::string_view what)
{
    if (!isString(v)) refuse(path, "must be a string (" + std::string(what) + ")");
    return v.extract<std::string>();
}

std::string stringField(const Object& json, const std::string& key, const std::string& path, bool required)
{
    if (!json.has(key)) {
        if (required) refuse(path, quoted(key) + " is required (a string)");
        return {};
    }
    Var v = json.get(key);
    if (!isString(v)) refuse(path, quoted(key) + " must be a string");
    return v.extract<std::string>();
}

/// Calls `read(item, itemPath)` for each item of the array under `key`.
template <typename Read>
void forEach(const Object& json, const std::string& key, const std::string& path, bool required, Read read)
{
    if (!json.has(key)) {
        if (required) refuse(path, quoted(key) + " is required (an array)");
        return;
    }
    Array::Ptr items = asArray(json.get(key));
    if (!items) refuse(path, quoted(key) + " must be an array");
    std::size_t i = 0;
    for (const Var& item : *items) read(item, path + "." + key + "[" + std::to_string(i++) + "]");
}

std::vector<Inline> readInlines(const Var& v, const std::string& path, int depth);

Inline readInline(const Var& v, const std::string& path, int depth)
{
    if (isString(v)) return Inline{Inline::Kind::Text, v.extract<std::string>(), {}, {}};
    Object::Ptr o = asObject(v);
    if (!o) refuse(path, R"(an inline node must be a string or an object with one of "em", "strong", "note", "link")");
    if (depth > maxInlineDepth)
        refuse(path, "inline elements nest deeper than " + std::to_string(maxInlineDepth) + " levels");

    const ElementName* element = nullptr;
    for (const auto& [key, value] : *o) {
        if (key == "href") continue;
        const auto* named = std::find_if(elementNames.begin(), elementNames.end(),
                                         [&](const ElementName& e) { return e.name == key; });
        if (named == elementNames.end())
            refuse(path, "unknown key " + quoted(key) +
                             R"( in an inline node (expected one of "em", "strong", "note", "link", and "href" with "link"))");
        if (element)
            refuse(path, "an inline node is one element, not both " + quoted(element->name) + " and " + quoted(key));
        element = named;
    }
    if (!element) refuse(path, R"(an inline node needs one of "em", "strong", "note", "link")");

    Inline in;
    in.kind = element->kind;
    std::string name(element->name);
    if (in.kind == Inline::Kind::Link)
        in.href = stringField(*o, "href", path, true);
    else if (o->has("href"))
        refuse(path, quoted(name) + R"( has no "href" (only "link" has))");
    in.children = readInlines(o->get(name), path + "." + name, depth + 1);
    return in;
}

std::vector<Inline> readInlines(const Var& v, const std::string& path, int depth)
{
    Array::Ptr items = asArray(v);
    if (!items) refuse(path, "must be an array of inline nodes (strings and objects)");
    std::vector<Inline> out;
    std::size_t i = 0;
    for (const Var& item : *items) out.push_back(readInline(item, path + "[" + std::to_string(i++) + "]", depth));
    return out;
}

std::vector<Paragraph> readParagraphs(const Object& json, const std::string& path)
{
    std::vector<Paragraph> out;
    forEach(json, "paragraphs", path, true,
            [&](const Var& p, const std::string& at) { out.push_back(Paragraph{readInlines(p, at, 1), 0}); });
    return out;
}

LangText readLangText(const Var& v, const std::string& path)
{
    Object::Ptr o = objectAt(v, path, R"({"lang", "text"})");
    onlyKeys(*o, {"lang", "text"}, path);
    return LangText{stringField(*o, "lang", path, true), stringField(*o, "text", path, true), 0};
}

Block readBlock(const Var& v, const std::string& path, bool langOptional)
{
    Object::Ptr o = objectAt(v, path, R"({"lang", "paragraphs"})");
    onlyKeys(*o, {"lang", "paragraphs"}, path);
    Block b;
    b.lang = stringField(*o, "lang", path, !langOptional);
    b.paragraphs = readParagraphs(*o, path);
    return b;
}

} // namespace

Poco::JSON::Object::Ptr toJson(const Submission& doc)
{
    Numbers numbers = numbersOf(doc);
    Object::Ptr o = newObject();
    o->set("id", doc.id);
    o->set("lang", doc.lang);
    o->set("version", doc.version);
    o->set("meta", writeMeta(doc.meta));
    Array::Ptr sections = new Array;
    for (const auto& s : doc.sections) sections->add(writeSection(s, true, &numbers));
    o->set("sections", sections);
    return o;
}

Poco::JSON::Object::Ptr toJson(const Recommendation& rec)
{
    return writeRecommendation(rec, nullptr);
}

Poco::JSON::Object::Ptr toJson(const Section& section, bool withContent)
{
    return writeSection(section, withContent, nullptr);
}

Recommendation recommendationFromJson(const Poco::JSON::Object& json)
{
    const std::string path = "recommendation";
    onlyKeys(json,
             {"id", "number", "status", "priority", "titles", "texts", "rationales", "addressees", "refs",
              "endorsements", "responses"},
             path);
    Recommendation r;
    r.id = stringField(json, "id", path, true);
    r.status = stringField(json, "status", path, false);
    r.priority = stringField(json, "priority", path, false);
    forEach(json, "titles", path, false,
            [&](const Var& v, const std::string& at) { r.titles.push_back(readLangText(v, at)); });
    forEach(json, "texts", path, false,
            [&](const Var& v, const std::string& at) { r.texts.push_back(readBlock(v, at, false)); });
    forEach(json, "rationales", path, false,
            [&](const Var& v, const std::string& at) { r.rationales.push_back(readBlock(v, at, false)); });
    forEach(json, "addressees", path, false, [&](const Var& v, const std::string& at) {
        r.addressees.push_back(stringAt(v, at, "an addressee"));
    });
    forEach(json, "refs", path, false, [&](const Var& v, const std::string& at) {
        Object::Ptr o = objectAt(v, at, R"({"kind", "text", "lang"})");
        onlyKeys(*o, {"kind", "text", "lang"}, at);
        r.refs.push_back(workspace::Ref{stringField(*o, "kind", at, false), stringField(*o, "text", at, true),
                                        stringField(*o, "lang", at, false)});
    });
    forEach(json, "endorsements", path, false, [&](const Var& v, const std::string& at) {
        r.endorsements.push_back(workspace::Endorsement{stringAt(v, at, "an organisation id"), 0});
    });
    forEach(json, "responses", path, false, [&](const Var& v, const std::string& at) {
        Object::Ptr o = objectAt(v, at, R"({"round", "from", "position", "paragraphs", "lang"})");
        onlyKeys(*o, {"round", "from", "position", "paragraphs", "lang"}, at);
        workspace::Response response;
        response.round = stringField(*o, "round", at, true);
        response.from = stringField(*o, "from", at, true);
        response.position = stringField(*o, "position", at, false);
        response.paragraphs = readParagraphs(*o, at);
        response.lang = stringField(*o, "lang", at, false);
        r.responses.push_back(std::move(response));
    });
    return r;
}

Section sectionFromJson(const Poco::JSON::Object& json)
{
    const std::string path = "section";
    onlyKeys(json, {"id", "number", "headings", "intros", "recommendations", "sections"}, path);
    Section s;
    s.id = stringField(json, "id", path, true);
    forEach(json, "headings", path, false,
            [&](const Var& v, const std::string& at) { s.headings.push_back(readLangText(v, at)); });
    forEach(json, "intros", path, false, [&](const Var& v, const std::string& at) { s.intros.push_back(readBlock(v, at, true)); });
    return s;
}

} // namespace accord::server
