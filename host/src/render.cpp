#include "accord/host/render.hpp"

#include "accord/workspace/strings.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <ostream>

namespace accord::host {

using namespace accord::workspace;

namespace {

constexpr const char* kRed = "\033[31m";
constexpr const char* kGreen = "\033[32m";
constexpr const char* kYellow = "\033[33m";
constexpr const char* kCyan = "\033[36m";
constexpr const char* kBold = "\033[1m";
constexpr const char* kDim = "\033[2m";

std::string numberText(const std::vector<std::size_t>& number)
{
    std::string out;
    for (auto n : number) {
        if (!out.empty()) out += '.';
        out += std::to_string(n);
    }
    return out;
}

const char* partName(PartChange::Part p)
{
    switch (p) {
    case PartChange::Part::Meta: return "meta";
    case PartChange::Part::Section: return "section";
    case PartChange::Part::Recommendation: return "recommendation";
    }
    return "";
}

const char* opName(DiffOp op)
{
    return op == DiffOp::Equal ? "equal" : op == DiffOp::Insert ? "insert" : "delete";
}

const char* paragraphKindName(ParagraphChange::Kind k)
{
    return k == ParagraphChange::Kind::Added ? "added" : k == ParagraphChange::Kind::Removed ? "removed" : "changed";
}

std::string chunksText(const std::vector<TextChunk>& chunks, const Style& style)
{
    std::string out;
    for (const auto& c : chunks) {
        switch (c.op) {
        case DiffOp::Equal: out += c.text; break;
        case DiffOp::Delete: out += style.color ? style.paint(c.text, "\033[31;9m") : "[-" + c.text + "-]"; break;
        case DiffOp::Insert: out += style.color ? style.paint(c.text, "\033[32;4m") : "{+" + c.text + "+}"; break;
        }
    }
    return out;
}

std::string fieldLabel(const FieldChange& f)
{
    return f.lang.empty() ? f.field : f.field + " [" + f.lang + "]";
}

void printField(std::ostream& out, const FieldChange& f, const Style& style)
{
    const std::string indent = "      ";
    switch (f.kind) {
    case FieldChange::Kind::Attribute:
        out << indent << fieldLabel(f) << ": " << (f.before.empty() ? "(none)" : style.paint(f.before, kRed)) << " → "
            << (f.after.empty() ? "(none)" : style.paint(f.after, kGreen)) << '\n';
        break;
    case FieldChange::Kind::Set: {
        out << indent << fieldLabel(f) << ':';
        for (const auto& a : f.added) out << ' ' << style.paint("+" + a, kGreen);
        for (const auto& r : f.removed) out << ' ' << style.paint("-" + r, kRed);
        out << '\n';
        break;
    }
    case FieldChange::Kind::Text:
        for (const auto& p : f.paragraphs) {
            out << indent << fieldLabel(f);
            if (f.field != "title" && f.field != "heading") out << " ¶" << p.index + 1;
            if (p.kind != ParagraphChange::Kind::Changed) out << " (" << paragraphKindName(p.kind) << ")";
            out << ": " << chunksText(p.chunks, style) << '\n';
        }
        break;
    }
}

void printPart(std::ostream& out, const PartChange& c, const Style& style)
{
    if (c.part == PartChange::Part::Meta) {
        out << "  " << style.paint("~ meta", kYellow) << '\n';
    } else {
        std::string marker = c.added ? style.paint("+", kGreen)
                             : c.removed ? style.paint("-", kRed)
                             : c.moved ? style.paint(">", kCyan)
                                       : style.paint("~", kYellow);
        out << "  " << marker << ' ' << partName(c.part) << ' ' << style.paint(c.id, kBold);
        if (!c.number.empty()) out << " (" << numberText(c.number) << ')';
        if (!c.title.empty()) out << ' ' << style.paint("\"" + c.title + "\"", kDim);
        if (c.added) out << " added";
        if (c.removed) out << " removed";
        out << '\n';
        auto where = [](const std::string& s) { return s.empty() ? std::string("the top level") : s; };
        if (c.moved) out << "      moved from " << where(c.fromParent) << " to " << where(c.toParent) << '\n';
        if (c.reordered) out << "      reordered within " << where(c.toParent) << '\n';
    }
    for (const auto& f : c.fields) printField(out, f, style);
    for (const auto& lang : c.staleLangs)
        out << "      " << style.paint(lang + " translation stale", kYellow) << ": another language changed after it\n";
}

Poco::JSON::Array::Ptr stringArray(const std::vector<std::string>& items)
{
    Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
    for (const auto& i : items) a->add(i);
    return a;
}

Poco::JSON::Array::Ptr numberArray(const std::vector<std::size_t>& number)
{
    Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
    for (auto n : number) a->add(static_cast<Poco::UInt64>(n));
    return a;
}

Poco::JSON::Object::Ptr partJson(const PartChange& c)
{
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("part", partName(c.part));
    if (!c.id.empty()) o->set("id", c.id);
    if (!c.number.empty()) o->set("number", numberArray(c.number));
    if (!c.title.empty()) o->set("title", c.title);
    o->set("added", c.added);
    o->set("removed", c.removed);
    o->set("moved", c.moved);
    o->set("reordered", c.reordered);
    if (c.moved) {
        o->set("from", c.fromParent);
        o->set("to", c.toParent);
    }
    if (!c.staleLangs.empty()) o->set("staleLangs", stringArray(c.staleLangs));
    Poco::JSON::Array::Ptr fields = new Poco::JSON::Array;
    for (const auto& f : c.fields) {
        Poco::JSON::Object::Ptr fo = new Poco::JSON::Object;
        fo->set("field", f.field);
        if (!f.lang.empty()) fo->set("lang", f.lang);
        switch (f.kind) {
        case FieldChange::Kind::Attribute:
            fo->set("kind", "attribute");
            fo->set("before", f.before);
            fo->set("after", f.after);
            break;
        case FieldChange::Kind::Set:
            fo->set("kind", "set");
            fo->set("added", stringArray(f.added));
            fo->set("removed", stringArray(f.removed));
            break;
        case FieldChange::Kind::Text: {
            fo->set("kind", "text");
            Poco::JSON::Array::Ptr ps = new Poco::JSON::Array;
            for (const auto& p : f.paragraphs) {
                Poco::JSON::Object::Ptr po = new Poco::JSON::Object;
                po->set("change", paragraphKindName(p.kind));
                po->set("index", static_cast<Poco::UInt64>(p.index));
                Poco::JSON::Array::Ptr chunks = new Poco::JSON::Array;
                for (const auto& ch : p.chunks) {
                    Poco::JSON::Object::Ptr co = new Poco::JSON::Object;
                    co->set("op", opName(ch.op));
                    co->set("text", ch.text);
                    chunks->add(co);
                }
                po->set("chunks", chunks);
                ps->add(po);
            }
            fo->set("paragraphs", ps);
            break;
        }
        }
        fields->add(fo);
    }
    o->set("fields", fields);
    return o;
}

Poco::JSON::Object::Ptr commitJson(const CommitInfo& c)
{
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("id", c.id);
    o->set("author", c.author.name);
    o->set("email", c.author.email);
    o->set("time", static_cast<Poco::Int64>(c.time));
    o->set("message", c.message);
    o->set("parents", stringArray(c.parents));
    return o;
}

void emit(std::ostream& out, const Poco::Dynamic::Var& value)
{
    Poco::JSON::Stringifier::stringify(value, out, 2);
    out << '\n';
}

} // namespace

std::string Style::paint(std::string_view text, const char* ansi) const
{
    if (!color) return std::string(text);
    return std::string(ansi) + std::string(text) + "\033[0m";
}

void printDiff(std::ostream& out, const std::vector<DocumentDiff>& diffs, const Style& style)
{
    for (const auto& d : diffs) {
        out << style.paint(d.path, kBold);
        if (d.added) out << " (new document)";
        if (d.removed) out << " (document removed)";
        if (!d.unreadable.empty()) out << ": cannot be compared: " << d.unreadable;
        out << '\n';
        for (const auto& c : d.changes) printPart(out, c, style);
    }
}

void printDiffJson(std::ostream& out, const std::vector<DocumentDiff>& diffs)
{
    Poco::JSON::Array::Ptr docs = new Poco::JSON::Array;
    for (const auto& d : diffs) {
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
        o->set("path", d.path);
        o->set("added", d.added);
        o->set("removed", d.removed);
        if (!d.unreadable.empty()) o->set("unreadable", d.unreadable);
        Poco::JSON::Array::Ptr changes = new Poco::JSON::Array;
        for (const auto& c : d.changes) changes->add(partJson(c));
        o->set("changes", changes);
        docs->add(o);
    }
    emit(out, docs);
}

void printCommit(std::ostream& out, const CommitInfo& c, const Style& style)
{
    out << style.paint(c.shortId, kYellow) << ' ' << formatTime(c.time, c.offsetMinutes) << ' '
        << style.paint(c.author.name, kCyan) << "  " << c.summary() << '\n';
}

void printLogJson(std::ostream& out, const std::vector<CommitInfo>& commits)
{
    Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
    for (const auto& c : commits) a->add(commitJson(c));
    emit(out, a);
}

void printPartHistory(std::ostream& out, const std::vector<PartHistoryEntry>& history, const Style& style)
{
    for (const auto& h : history) {
        printCommit(out, h.commit, style);
        printPart(out, h.change, style);
    }
}

void printPartHistoryJson(std::ostream& out, const std::vector<PartHistoryEntry>& history)
{
    Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
    for (const auto& h : history) {
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
        o->set("commit", commitJson(h.commit));
        o->set("path", h.path);
        o->set("change", partJson(h.change));
        a->add(o);
    }
    emit(out, a);
}

void printDiagnosticsJson(std::ostream& out, const std::vector<Diagnostic>& diagnostics,
                          const std::vector<std::string>& files)
{
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("valid", diagnostics.empty());
    o->set("files", stringArray(files));
    Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
    for (const auto& d : diagnostics) {
        Poco::JSON::Object::Ptr x = new Poco::JSON::Object;
        x->set("file", d.file);
        x->set("line", d.line);
        x->set("message", d.message);
        a->add(x);
    }
    o->set("diagnostics", a);
    emit(out, o);
}

} // namespace accord::host
