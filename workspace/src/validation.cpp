#include "accord/workspace/validation.hpp"

#include "accord/schemas/schemas.hpp"
#include "accord/workspace/document.hpp"
#include "accord/workspace/strings.hpp"
#include "xml_util.hpp"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>

#include <algorithm>
#include <array>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace accord::workspace {

std::string Diagnostic::toString() const
{
    return line > 0 ? file + ":" + std::to_string(line) + ": " + message : file + ": " + message;
}

namespace {

std::string joinDiagnostics(const std::vector<Diagnostic>& ds)
{
    std::string out;
    for (const auto& d : ds) {
        if (!out.empty()) out += '\n';
        out += d.toString();
    }
    return out;
}

xmlExternalEntityLoader defaultLoader = nullptr;

// Imports between our schemas resolve to the embedded copies; nothing is fetched.
xmlParserInputPtr schemaLoader(const char* url, const char* id, xmlParserCtxtPtr ctxt)
{
    std::string_view u = url ? url : "";
    auto slash = u.rfind('/');
    std::string_view name = slash == std::string_view::npos ? u : u.substr(slash + 1);
    if (std::string_view text = schemas::text(name); !text.empty())
        return xmlNewStringInputStream(ctxt, reinterpret_cast<const xmlChar*>(text.data()));
    return xmlNoNetExternalEntityLoader(url, id, ctxt);
}

struct SchemaDeleter {
    void operator()(xmlSchemaPtr s) const noexcept { xmlSchemaFree(s); }
};
struct ValidCtxtDeleter {
    void operator()(xmlSchemaValidCtxtPtr c) const noexcept { xmlSchemaFreeValidCtxt(c); }
};
struct ParserCtxtDeleter {
    void operator()(xmlSchemaParserCtxtPtr c) const noexcept { xmlSchemaFreeParserCtxt(c); }
};

/// Compiled once per process and kept: schemas are immutable.
xmlSchemaPtr compiledSchema(const std::string& name)
{
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<xmlSchema, SchemaDeleter>> cache;
    std::lock_guard lock(mutex);
    if (auto it = cache.find(name); it != cache.end()) return it->second.get();
    xmlInitParser();
    if (!defaultLoader) {
        defaultLoader = xmlGetExternalEntityLoader();
        xmlSetExternalEntityLoader(schemaLoader);
    }
    std::string_view text = schemas::text(name);
    std::unique_ptr<xmlSchemaParserCtxt, ParserCtxtDeleter> ctxt(
        xmlSchemaNewMemParserCtxt(text.data(), static_cast<int>(text.size())));
    xmlSchemaPtr schema = ctxt ? xmlSchemaParse(ctxt.get()) : nullptr;
    if (!schema) throw Error(ErrorKind::Io, "the built-in schema " + name + " does not compile");
    return cache.emplace(name, schema).first->second.get();
}

struct Collector {
    std::string file;
    std::vector<Diagnostic> found;
};

std::string tidyLibxmlMessage(std::string msg)
{
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    // Qualified names are noise in a message about one known format.
    for (const char* ns : {"{urn:accord:submission:1}", "{urn:accord:workspace:1}",
                           "{http://www.w3.org/XML/1998/namespace}"}) {
        for (auto pos = msg.find(ns); pos != std::string::npos; pos = msg.find(ns))
            msg.erase(pos, std::char_traits<char>::length(ns));
    }
    return msg;
}

void collectError(void* userData, xmlErrorPtr error)
{
    auto* c = static_cast<Collector*>(userData);
    if (!error || !error->message) return;
    c->found.push_back(Diagnostic{c->file, error->line, tidyLibxmlMessage(error->message)});
}

/// A document holding `conflict` elements is work in progress: each one is named
/// with where it is and how to resolve it, and nothing else is checked until they are gone.
std::vector<Diagnostic> conflictsIn(const pugi::xml_document& doc, std::string_view bytes, std::string_view file)
{
    std::vector<Diagnostic> found;
    auto conflicts = doc.select_nodes("//*[local-name()='conflict']");
    if (conflicts.empty()) return found;
    detail::LineIndex lines(bytes);
    std::string_view base = file.substr(file.rfind('/') == std::string_view::npos ? 0 : file.rfind('/') + 1);
    std::string docName(base.substr(0, base.rfind('.')));
    for (const auto& hit : conflicts) {
        pugi::xml_node c = hit.node();
        std::string where;
        for (auto p = c.parent(); p && where.empty(); p = p.parent()) {
            auto name = detail::localName(p);
            if (name == "recommendation" || name == "section") where = std::string(name) + " " + p.attribute("id").value();
        }
        std::string id = c.attribute("id").value();
        std::string what = c.attribute("attribute") ? std::string(" (attribute ") + c.attribute("attribute").value() + ")" : "";
        found.push_back(Diagnostic{std::string(file), lines.lineOf(static_cast<std::size_t>(c.offset_debug())),
                                   "unresolved conflict " + id + (where.empty() ? "" : " in " + where) + what +
                                       ": accord resolve " + docName + " " + id +
                                       " --take ours|theirs|base|both, or edit the file"});
    }
    return found;
}

void ignoreError(void*, xmlErrorPtr) {}

/// libxml2's unstructured messages ("Unimplemented block at …"), kept for the diagnostic.
void collectGeneric(void* context, const char* format, ...)
{
    auto* text = static_cast<std::string*>(context);
    if (!text || text->size() > 1000) return;
    char buf[512];
    va_list args;
    va_start(args, format);
    std::vsnprintf(buf, sizeof buf, format, args);
    va_end(args);
    *text += buf;
}

/// Not well-formed: pugixml's offsets give the exact line.
std::optional<Diagnostic> wellFormedness(std::string_view bytes, std::string_view file,
                                         unsigned options = pugi::parse_default)
{
    pugi::xml_document probe;
    auto parsed = probe.load_buffer(bytes.data(), bytes.size(), options, pugi::encoding_utf8);
    if (parsed) return std::nullopt;
    detail::LineIndex lines(bytes);
    return Diagnostic{std::string(file), lines.lineOf(static_cast<std::size_t>(parsed.offset)),
                      std::string("not well-formed XML: ") + parsed.description() +
                          "; fix the markup (every <tag> needs its </tag>)"};
}

/// Conflicts first (a document holding them is reported by where they are), then
/// the XSD, validated as libxml2 parses the bytes, without building a tree.
std::vector<Diagnostic> schemaCheckOfText(std::string_view bytes, std::string_view file, const std::string& schemaName,
                                          const std::function<void(std::size_t)>& readPast = {});

std::vector<Diagnostic> schemaCheck(std::string_view bytes, std::string_view file, const std::string& schemaName)
{
    if (auto found = checkXmlText(bytes, file); !found.empty()) return found;
    return schemaCheckOfText(bytes, file, schemaName);
}

/// schemaCheck of bytes that passed checkXmlText; `readPast` hears how far libxml2 has read.
std::vector<Diagnostic> schemaCheckOfText(std::string_view bytes, std::string_view file, const std::string& schemaName,
                                          const std::function<void(std::size_t)>& readPast)
{
    if (bytes.find("conflict") != std::string_view::npos) {
        pugi::xml_document probe;
        if (probe.load_buffer(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_utf8))
            if (auto found = conflictsIn(probe, bytes, file); !found.empty()) return found;
    }
    xmlSchemaPtr schema = compiledSchema(schemaName);
    Collector collector{std::string(file), {}};
    std::unique_ptr<xmlSchemaValidCtxt, ValidCtxtDeleter> valid(xmlSchemaNewValidCtxt(schema));
    xmlSchemaSetValidStructuredErrors(valid.get(), collectError, &collector);
    // Whatever libxml2 says goes into Accord's messages, never straight to stderr.
    xmlSetStructuredErrorFunc(nullptr, ignoreError);
    std::string generic;
    xmlSetGenericErrorFunc(&generic, collectGeneric);
    // The validation stream takes the input buffer over and frees it. Read through a callback, libxml2 holds a
    // few pages of the document at a time instead of a copy of all of it.
    struct Reader {
        std::string_view rest;
        std::size_t at = 0;
        const std::function<void(std::size_t)>& readPast;
        static int read(void* context, char* buffer, int length)
        {
            auto& r = *static_cast<Reader*>(context);
            const std::size_t n = std::min(r.rest.size(), static_cast<std::size_t>(std::max(length, 0)));
            std::memcpy(buffer, r.rest.data(), n);
            r.rest.remove_prefix(n);
            r.at += n;
            if (r.readPast) r.readPast(r.at);
            return static_cast<int>(n);
        }
    } reader{bytes, 0, readPast};
    xmlParserInputBufferPtr input = xmlParserInputBufferCreateIO(&Reader::read, nullptr, &reader, XML_CHAR_ENCODING_UTF8);
    const int rc = input ? xmlSchemaValidateStream(valid.get(), input, XML_CHAR_ENCODING_UTF8, nullptr, nullptr) : -1;
    xmlSetStructuredErrorFunc(nullptr, nullptr);
    xmlSetGenericErrorFunc(nullptr, nullptr);
    if (rc == 0) return {};
    if (auto broken = wellFormedness(bytes, file)) return {*broken};
    if (collector.found.empty())
        collector.found.push_back(Diagnostic{collector.file, 0, "does not match " + schemaName +
                                                                    (generic.empty() ? "" : ": " + tidyLibxmlMessage(generic))});
    return collector.found;
}

std::size_t editDistance(std::string_view a, std::string_view b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

std::string knownList(const std::vector<std::string>& known, std::string_view given, std::string_view addHint)
{
    if (known.empty()) return std::string("none are declared yet; ") + std::string(addHint);
    std::string out;
    std::string closest;
    std::size_t best = 3;  // only suggest near misses
    for (const auto& k : known) {
        if (!out.empty()) out += ", ";
        out += k;
        if (auto d = editDistance(k, given); d < best) {
            best = d;
            closest = k;
        }
    }
    out = "known: " + out;
    if (!closest.empty()) out = "did you mean \"" + closest + "\"? " + out;
    return out;
}

class SemanticCheck {
public:
    SemanticCheck(std::string_view file, const ValidationContext& ctx) : file_(file), ctx_(ctx) {}

    /// The rules on a whole document: its head, then each top-level section.
    std::vector<Diagnostic> run(const Submission& doc)
    {
        head(doc);
        for (std::size_t i = 0; i < doc.sections.size(); ++i) section(doc.sections[i], i + 1);
        return finish();
    }

    /// What the document says of itself: its file name, coalition, profile and languages.
    void head(const Submission& doc)
    {
        checkFileName(doc);
        if (doc.meta.coalition)
            for (const auto& m : *doc.meta.coalition) checkOrg(m.org, m.line, "coalition member");
        if (doc.meta.profile && !contains(ctx_.profiles, *doc.meta.profile))
            add(doc.meta.profileLine, "profile \"" + *doc.meta.profile + "\" is not known (" +
                                          knownList(ctx_.profiles, *doc.meta.profile,
                                                    "remove <profile> or use a profile Accord provides") +
                                          ")");
        checkLang(doc.lang, 1, "the submission's xml:lang");
        for (const auto& t : doc.meta.titles) checkLang(t.lang, t.line, "title");
        for (const auto& p : doc.meta.processes)
            if (!p.lang.empty()) checkLang(p.lang, p.line, "process");
    }

    /// One top-level section, the `number`th, and all it holds; ids are compared with those of the
    /// sections before it.
    void section(const Section& top, std::size_t number)
    {
        for (const auto& loc : walk(top, number)) {
            if (const Section* s = loc.section) {
                for (const auto& h : s->headings) checkLang(h.lang, h.line, "heading");
                for (const auto& intro : s->intros)
                    if (!intro.lang.empty()) checkLang(intro.lang, intro.line, "intro");
            } else {
                const Recommendation& r = *loc.recommendation;
                for (const auto& t : r.titles) checkLang(t.lang, t.line, "title");
                for (const auto& b : r.texts) checkLang(b.lang, b.line, "text");
                for (const auto& b : r.rationales) checkLang(b.lang, b.line, "rationale");
                for (const auto& ref : r.refs)
                    if (!ref.lang.empty()) checkLang(ref.lang, r.line, "reference");
                for (const auto& resp : r.responses)
                    if (!resp.lang.empty()) checkLang(resp.lang, r.line, "response");
            }
            const bool isSection = loc.section != nullptr;
            const std::string& id = isSection ? loc.section->id : loc.recommendation->id;
            const int line = isSection ? loc.section->line : loc.recommendation->line;
            const char* what = isSection ? "section" : "recommendation";
            auto [it, inserted] = seen_.emplace(id, std::make_pair(std::string(what), line));
            if (!inserted)
                add(line, std::string(what) + " id \"" + id + "\" is already used by the " + it->second.first +
                              " at line " + std::to_string(it->second.second) + "; ids must be unique");
            if (!isSection)
                for (const auto& e : loc.recommendation->endorsements) checkOrg(e.org, e.line, "endorsement");
        }
    }

    std::vector<Diagnostic> finish() { return std::move(found_); }

private:
    std::string file_;
    const ValidationContext& ctx_;
    std::vector<Diagnostic> found_;
    std::map<std::string, std::pair<std::string, int>> seen_;  ///< ids so far: what had each, at which line

    static bool contains(const std::vector<std::string>& v, const std::string& s)
    {
        return std::find(v.begin(), v.end(), s) != v.end();
    }

    void add(int line, std::string message) { found_.push_back(Diagnostic{file_, line, std::move(message)}); }

    void checkOrg(const std::string& org, int line, const char* what)
    {
        if (contains(ctx_.organisations, org)) return;
        add(line, std::string(what) + " names unknown organisation \"" + org + "\" (" +
                      knownList(ctx_.organisations, org, "add it with accord org add") + ")");
    }

    void checkLang(const std::string& lang, int line, const char* what)
    {
        if (contains(ctx_.languages, lang)) return;
        add(line, std::string(what) + " is in language \"" + lang + "\", which this workspace does not write in (" +
                      knownList(ctx_.languages, lang, "add it to languages=\"…\" in accord.xml") + ")");
    }

    void checkFileName(const Submission& doc)
    {
        std::string_view f = file_;
        auto slash = f.rfind('/');
        std::string_view base = slash == std::string_view::npos ? f : f.substr(slash + 1);
        if (!f.starts_with("documents/") || !base.ends_with(".xml")) return;
        base.remove_suffix(4);
        if (base != doc.id)
            add(1, "the submission id \"" + doc.id + "\" does not match the file name " + file_ +
                       ": rename the file to documents/" + doc.id + ".xml or change the id");
    }
};

} // namespace

namespace {

bool isXmlChar(char32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

std::string codePoint(char32_t c)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
    return buf;
}

/// Which bytes the lexical check must look at; all others pass as they are.
struct ByteClasses {
    std::array<bool, 256> quiet{};  // a byte TextCheck::character takes without a word
    std::array<bool, 256> text{};   // quiet, and neither markup nor a reference
    std::array<bool, 256> tag{};    // quiet, and neither a quote, the tag's end, a reference nor a '<' (never in a tag)
    constexpr ByteClasses()
    {
        for (std::size_t c = 0; c < 256; ++c) {
            // NUL, control characters and the lead byte of U+FFFE/U+FFFF (0xEF) need a look.
            // A line's end too: the next line may start with git's conflict markers.
            quiet[c] = (c >= 0x20 || c == '\t' || c == '\r') && c != 0xEF;
            text[c] = quiet[c] && c != '<' && c != '&';
            tag[c] = quiet[c] && c != '"' && c != '\'' && c != '>' && c != '&' && c != '<';
        }
    }
};
constexpr ByteClasses kBytes;

#if defined(__SSE2__)
/// Whether the byte at `at` is a line feed the lexical check need not look at: one before anything but
/// '<' or '>', which cannot start git's conflict markers (see TextCheck::character).
bool quietLineFeed(const char* s, std::size_t at, std::size_t n)
{
    return s[at] == '\n' && at + 1 < n && s[at + 1] != '<' && s[at + 1] != '>';
}
#endif

/// The first offset from `i` whose byte `table` does not pass (`n` when none). `a`…`e` are the
/// bytes above 0x1F that the table stops at (repeat one to fill); with SSE2, sixteen bytes a step.
std::size_t skipQuiet(const char* s, std::size_t i, std::size_t n, const std::array<bool, 256>& table, char a, char b,
                      char c, char d, char e)
{
#if defined(__SSE2__)
    const __m128i va = _mm_set1_epi8(a);
    const __m128i vb = _mm_set1_epi8(b);
    const __m128i vc = _mm_set1_epi8(c);
    const __m128i vd = _mm_set1_epi8(d);
    const __m128i ve = _mm_set1_epi8(e);
    const __m128i ef = _mm_set1_epi8(static_cast<char>(0xEF));
    const __m128i controls = _mm_set1_epi8(0x1F);
    while (i + 16 <= n) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
        __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)),
                                    _mm_or_si128(_mm_cmpeq_epi8(v, vc), _mm_cmpeq_epi8(v, vd)));
        stop = _mm_or_si128(stop, _mm_or_si128(_mm_cmpeq_epi8(v, ve), _mm_cmpeq_epi8(v, ef)));
        stop = _mm_or_si128(stop, _mm_cmpeq_epi8(_mm_min_epu8(v, controls), v));  // 0x00–0x1F
        // Each byte that may stop the scan, in order; a tab or a CR is quiet after all, and so is a line
        // feed before anything but '<' or '>' (which might start a conflict marker: see TextCheck::character).
        for (unsigned bits = static_cast<unsigned>(_mm_movemask_epi8(stop)); bits != 0; bits &= bits - 1) {
            const std::size_t at = i + static_cast<std::size_t>(__builtin_ctz(bits));
            const char byte = s[at];
            if (quietLineFeed(s, at, n)) continue;
            if (!table[static_cast<unsigned char>(byte)]) return at;
        }
        i += 16;
    }
#endif
    while (i < n && table[static_cast<unsigned char>(s[i])]) ++i;
    return i;
}

/// One pass over the bytes, as a tokenizer of XML's lexical layer only.
class TextCheck {
public:
    TextCheck(std::string_view bytes, std::string_view file, MarkupVisitor* visitor = nullptr)
        : s_(bytes), file_(file), visitor_(visitor)
    {
    }

    std::vector<Diagnostic> run()
    {
        if (auto bad = invalidUtf8At(s_); bad != std::string_view::npos) {
            add(bad, "is not valid UTF-8 (byte " + std::to_string(bad + 1) +
                         "); save the file as UTF-8, e.g. iconv -f CP949 -t UTF-8 for a Korean Windows file");
            return std::move(found_);
        }
        const std::size_t stop = scan();
        // A file git merged line by line, without Accord's merge driver, holds its markers: that is all
        // there is to say about it. The scan looked at every line it went through; the rest is looked at here.
        for (std::size_t at = stop; marker_ == std::string_view::npos && at < s_.size(); ++at) {
            at = s_.find('\n', at);
            if (at == std::string_view::npos) break;
            (void)character(at);
        }
        if (marker_ != std::string_view::npos) {
            found_.clear();
            lineAt_ = 0;
            line_ = 1;
            add(marker_, "holds git's conflict markers (<<<<<<<): git merged this file line by line, without Accord's "
                         "merge driver; undo it (git merge --abort, or git checkout --ours FILE) and merge with accord "
                         "merge, or accord sync");
        }
        return std::move(found_);
    }

private:
    std::string_view s_;
    std::string file_;
    MarkupVisitor* visitor_;
    std::vector<Diagnostic> found_;
    std::size_t lineAt_ = 0;  // the line count is kept incrementally: findings come in order
    int line_ = 1;
    std::size_t marker_ = std::string_view::npos;  // the first line holding a conflict marker

    /// The lexical findings, in order, until 20 or one that ends the check; returns where it stopped.
    std::size_t scan()
    {
        if (startsMarker(0)) marker_ = 0;
        int depth = 0;
        std::size_t i = 0;
        while (i < s_.size() && found_.size() < 20 && marker_ == std::string_view::npos) {
            i = skipQuiet(s_.data(), i, s_.size(), kBytes.text, '<', '&', '<', '&', '<');
            if (i == s_.size()) break;
            const char c = s_[i];
            if (c == '&') {
                i = reference(i);
            } else if (c == '<') {
                const char next = i + 1 < s_.size() ? s_[i + 1] : '\0';
                if (next == '/') {
                    --depth;
                    const std::size_t end = tagEnd(i);
                    if (visitor_) visitor_->endTag(i, end);
                    i = end;
                } else if (next != '!' && next != '?') {
                    const std::size_t end = tagEnd(i);
                    const bool selfClosing = end >= 2 && end <= s_.size() && s_[end - 2] == '/';
                    if (!selfClosing && ++depth > kMaxElementDepth) {
                        add(i, "elements nest deeper than " + std::to_string(kMaxElementDepth) +
                                   " levels; Accord refuses such input (a submission needs about a dozen)");
                        return i;
                    }
                    if (visitor_) visitor_->startTag(i, end);
                    i = end;
                } else {
                    if (visitor_) visitor_->otherMarkup(i);
                    if (s_.compare(i, 4, "<!--") == 0) {
                        i = skipPast(i, "-->");
                    } else if (s_.compare(i, 9, "<![CDATA[") == 0) {
                        i = skipPast(i, "]]>");
                    } else if (next == '!') {
                        add(i, "a DOCTYPE or other declaration is not allowed: an Accord document declares no entities "
                               "and no DTD; remove it");
                        return i;
                    } else {
                        i = skipPast(i, "?>");
                    }
                }
            } else {
                i = character(i);
            }
        }
        return i;
    }

    void add(std::size_t offset, std::string message)
    {
        for (; lineAt_ < offset && lineAt_ < s_.size(); ++lineAt_)
            if (s_[lineAt_] == '\n') ++line_;
        found_.push_back(Diagnostic{file_, line_, std::move(message)});
    }

    /// Checks one character of text or markup and returns the next offset.
    std::size_t character(std::size_t i)
    {
        const auto c = static_cast<unsigned char>(s_[i]);
        if (c == '\n') {
            if (marker_ == std::string_view::npos && startsMarker(i + 1)) marker_ = i + 1;
        } else if (c == 0) {
            add(i, "holds a NUL byte, which no XML file may contain; is it a binary file?");
        } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            add(i, "holds the control character " + codePoint(c) + ", which XML does not allow; delete it");
        } else if (c == 0xEF && i + 2 < s_.size() && static_cast<unsigned char>(s_[i + 1]) == 0xBF &&
                   (static_cast<unsigned char>(s_[i + 2]) == 0xBE || static_cast<unsigned char>(s_[i + 2]) == 0xBF)) {
            add(i, std::string("holds the non-character ") + (s_[i + 2] == '\xBE' ? "U+FFFE" : "U+FFFF") +
                       ", which XML does not allow; delete it");
        }
        return i + 1;
    }

    [[nodiscard]] bool startsMarker(std::size_t at) const
    {
        return s_.compare(at, 8, "<<<<<<< ") == 0 || s_.compare(at, 8, ">>>>>>> ") == 0;
    }

    std::size_t skipPast(std::size_t i, std::string_view end)
    {
        const std::size_t at = s_.find(end, i);
        const std::size_t stop = at == std::string_view::npos ? s_.size() : at + end.size();
        for (std::size_t k = skipQuiet(s_.data(), i, stop, kBytes.quiet, '\0', '\0', '\0', '\0', '\0'); k < stop;
             k = skipQuiet(s_.data(), k + 1, stop, kBytes.quiet, '\0', '\0', '\0', '\0', '\0'))
            (void)character(k);
        return stop;
    }

    /// The end of a tag, past its '>', checking the references in its attribute values.
    std::size_t tagEnd(std::size_t i)
    {
        char quote = 0;
        std::size_t k = i + 1;
#if defined(__SSE2__)
        // Sixteen bytes a step, as skipQuiet, but the quotes of the values are followed within the step.
        const __m128i dq = _mm_set1_epi8('"');
        const __m128i sq = _mm_set1_epi8('\'');
        const __m128i gt = _mm_set1_epi8('>');
        const __m128i amp = _mm_set1_epi8('&');
        const __m128i lt = _mm_set1_epi8('<');
        const __m128i ef = _mm_set1_epi8(static_cast<char>(0xEF));
        const __m128i controls = _mm_set1_epi8(0x1F);
        while (k + 16 <= s_.size()) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s_.data() + k));
            __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dq), _mm_cmpeq_epi8(v, sq)),
                                        _mm_or_si128(_mm_cmpeq_epi8(v, gt), _mm_cmpeq_epi8(v, amp)));
            stop = _mm_or_si128(stop, _mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, ef)));
            stop = _mm_or_si128(stop, _mm_cmpeq_epi8(_mm_min_epu8(v, controls), v));  // 0x00–0x1F
            std::size_t next = k + 16;
            for (unsigned bits = static_cast<unsigned>(_mm_movemask_epi8(stop)); bits != 0; bits &= bits - 1) {
                const std::size_t at = k + static_cast<std::size_t>(__builtin_ctz(bits));
                const char c = s_[at];
                if (kBytes.tag[static_cast<unsigned char>(c)]) continue;  // a tab or a CR
                if (quietLineFeed(s_.data(), at, s_.size())) continue;
                next = at + 1;
                if (tagByte(at, quote, next)) return at + 1;
                if (next != at + 1) break;  // a reference was read: the step goes on after it
                next = k + 16;
            }
            k = next;
        }
#endif
        for (; k < s_.size(); ++k) {
            k = skipQuiet(s_.data(), k, s_.size(), kBytes.tag, '"', '\'', '>', '&', '<');
            if (k == s_.size()) break;
            std::size_t next = k + 1;
            if (tagByte(k, quote, next)) return k + 1;
            k = next - 1;
        }
        return s_.size();  // unterminated: the parser names it
    }

    /// One byte of a tag that is not quiet, at `at`, inside the value `quote` opened (0: outside any):
    /// true when it ends the tag. A reference read sets `next` past its ';'.
    bool tagByte(std::size_t at, char& quote, std::size_t& next)
    {
        const char c = s_[at];
        if (c == '<') {
            // XML allows no '<' in a tag, not even in an attribute's value; pugixml would take it.
            add(at, "a < inside a tag or an attribute value must be written &lt;");
            return false;  // read on as the same tag: one finding, not one for every tag after it
        }
        if (quote) {
            if (c == quote) quote = 0;
            else if (c == '&') next = reference(at);
            else (void)character(at);
            return false;
        }
        if (c == '"' || c == '\'') {
            quote = c;
            return false;
        }
        if (c == '>') return true;
        (void)character(at);
        return false;
    }

    std::size_t reference(std::size_t i)
    {
        const std::size_t semi = s_.find(';', i);
        if (semi == std::string_view::npos || semi - i > 12) {
            add(i, "a bare & must be written &amp;");
            return i + 1;
        }
        const std::string_view name = s_.substr(i + 1, semi - i - 1);
        for (std::size_t k = i + 1; k < semi; ++k)
            if (s_[k] == '\n') (void)character(k);
        if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") return semi + 1;
        if (!name.empty() && name[0] == '#') {
            const bool hex = name.size() > 1 && name[1] == 'x';
            const std::string_view digits = name.substr(hex ? 2 : 1);
            char32_t value = 0;
            bool ok = !digits.empty();
            for (char d : digits) {
                int v = d >= '0' && d <= '9' ? d - '0' : hex && d >= 'a' && d <= 'f' ? d - 'a' + 10
                                                      : hex && d >= 'A' && d <= 'F'   ? d - 'A' + 10
                                                                                      : -1;
                if (v < 0 || value > 0x10FFFF) {
                    ok = false;
                    break;
                }
                value = value * (hex ? 16 : 10) + static_cast<char32_t>(v);
            }
            if (!ok) add(i, "&" + std::string(name) + "; is not a character reference; write &amp; for a bare &");
            else if (!isXmlChar(value))
                add(i, "&" + std::string(name) + "; refers to " + codePoint(value) +
                           ", which XML does not allow; delete it");
            return semi + 1;
        }
        add(i, "the entity &" + std::string(name) +
                   "; is not defined: Accord documents use only &amp; &lt; &gt; &quot; &apos; and character "
                   "references; write the character itself");
        return semi + 1;
    }
};

} // namespace

std::vector<Diagnostic> checkXmlText(std::string_view bytes, std::string_view file)
{
    return TextCheck(bytes, file).run();
}

std::vector<Diagnostic> checkXmlText(std::string_view bytes, std::string_view file, MarkupVisitor& visitor)
{
    return TextCheck(bytes, file, &visitor).run();
}

std::vector<Diagnostic> checkWellFormed(std::string_view bytes, std::string_view file)
{
    auto found = checkXmlText(bytes, file);
    if (found.empty())
        if (auto broken = wellFormedness(bytes, file)) found.push_back(*broken);
    return found;
}

std::vector<Diagnostic> checkStructure(std::string_view bytes, std::string_view file)
{
    if (auto broken = wellFormedness(bytes, file, pugi::parse_minimal)) return {*broken};
    return {};
}

std::vector<Diagnostic> unresolvedConflicts(std::string_view bytes, std::string_view file)
{
    if (bytes.find("<conflict") == std::string_view::npos || !checkXmlText(bytes, file).empty()) return {};
    pugi::xml_document doc;
    if (!doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_utf8)) return {};
    return conflictsIn(doc, bytes, file);
}

ValidationError::ValidationError(std::vector<Diagnostic> diagnostics)
    : Error(ErrorKind::Invalid, joinDiagnostics(diagnostics)), diagnostics_(std::move(diagnostics))
{
}

namespace {

/// The schema's check (libxml2) on a thread of its own while `model` reads the same checked bytes
/// (pugixml) on this one, with their findings in the order a reader needs: the schema's, then what
/// `model` throws (a document that does not parse), then what it found. `schemaReadPast` hears how
/// far the schema's check has read.
std::vector<Diagnostic> besideSchema(std::string_view bytes, std::string_view file,
                                     const std::function<std::vector<Diagnostic>()>& model,
                                     const std::function<void(std::size_t)>& schemaReadPast = {})
{
    if (auto found = checkXmlText(bytes, file); !found.empty()) return found;
    std::vector<Diagnostic> schemaFound;
    std::exception_ptr schemaError;
    std::vector<Diagnostic> modelFound;
    std::exception_ptr modelError;
    {
        std::jthread schema([&] {
            try {
                schemaFound = schemaCheckOfText(bytes, file, "submission-1.xsd", schemaReadPast);
            } catch (...) {
                schemaError = std::current_exception();
            }
            if (schemaReadPast) schemaReadPast(bytes.size());  // done with all of it
        });
        try {
            modelFound = model();
        } catch (...) {
            modelError = std::current_exception();
        }
    }  // the schema's check is over
    if (schemaError) std::rethrow_exception(schemaError);
    if (!schemaFound.empty()) return schemaFound;
    if (modelError) std::rethrow_exception(modelError);
    return modelFound;
}

/// Where the schema's check and the model's parse are in the same bytes: what both have read is
/// handed to `readPast`, once.
class ReadFront {
public:
    ReadFront(std::string_view bytes, const std::function<void(std::string_view)>& readPast)
        : bytes_(bytes), readPast_(readPast)
    {
    }

    void schemaAt(std::size_t at) { advance(schema_, at); }
    void parseAt(std::size_t at) { advance(parse_, at); }

private:
    std::string_view bytes_;
    const std::function<void(std::string_view)>& readPast_;
    std::mutex mutex_;
    std::size_t schema_ = 0, parse_ = 0, released_ = 0;
    static constexpr std::size_t kStep = std::size_t{1} << 16;

    void advance(std::size_t& reader, std::size_t at)
    {
        if (!readPast_) return;
        std::lock_guard lock(mutex_);
        reader = std::max(reader, at);
        // In steps of 64 KB from the start (a whole number of pages, of a mapping that starts on one), so that
        // no page is split between two stretches and kept for being wholly in neither.
        const std::size_t both = std::min(schema_, parse_);
        const std::size_t upTo = both >= bytes_.size() ? bytes_.size() : both / kStep * kStep;
        if (upTo <= released_) return;
        readPast_(bytes_.substr(released_, upTo - released_));
        released_ = upTo;
    }
};

} // namespace

std::vector<Diagnostic> validateSubmissionInParts(std::string_view bytes, std::string_view file,
                                                  const ValidationContext& context,
                                                  const std::function<void(const SubmissionParts&)>& use,
                                                  const std::function<void(std::string_view)>& readPast)
{
    ReadFront front(bytes, readPast);
    return besideSchema(
        bytes, file,
        [&] {
            const SubmissionStream stream(bytes, file);
            std::optional<SemanticCheck> rules;
            SectionPasses pass(
                [&](const SectionVisitor& visit) { stream.forEachSection(visit, [&](std::size_t at) { front.parseAt(at); }); },
                [&] {
                    rules.emplace(file, context);
                    rules->head(stream.head());
                    return SectionVisitor([&](const Section& s, std::size_t number) { rules->section(s, number); });
                });
            std::exception_ptr useError;
            if (use) {
                try {
                    use(SubmissionParts{stream.head(), [&](const SectionVisitor& visit) { pass(visit); }});
                } catch (...) {
                    useError = std::current_exception();
                }
            }
            pass.finish();
            auto found = rules->finish();
            if (found.empty() && useError) std::rethrow_exception(useError);
            return found;
        },
        [&](std::size_t at) { front.schemaAt(at); });
}

std::vector<Diagnostic> validateSubmission(std::string_view bytes, std::string_view file,
                                           const ValidationContext& context, Submission& parsed)
{
    std::optional<Submission> model;
    auto found = besideSchema(bytes, file, [&] {
        model = parseSubmission(bytes, file);
        return SemanticCheck(file, context).run(*model);
    });
    if (model) parsed = std::move(*model);
    return found;
}

std::vector<Diagnostic> validateSubmission(std::string_view bytes, std::string_view file,
                                           const ValidationContext& context)
{
    return validateSubmissionInParts(bytes, file, context, {});
}

std::vector<Diagnostic> checkSubmissionRules(const Submission& doc, std::string_view file, const ValidationContext& context)
{
    return SemanticCheck(file, context).run(doc);
}

std::vector<Diagnostic> checkSchemaOf(std::string_view bytes, std::string_view file, const std::string& schemaName)
{
    return schemaCheck(bytes, file, schemaName);
}

std::vector<Diagnostic> validateConfig(std::string_view bytes, std::string_view file)
{
    return schemaCheck(bytes, file, "workspace-1.xsd");
}

} // namespace accord::workspace
