#include "docx_package.hpp"

#include "accord/workspace/error.hpp"
#include "accord/workspace/files.hpp"
#include "accord/workspace/validation.hpp"

#include <zip.h>

#include <optional>
#include <vector>

namespace accord::import_docx {

using workspace::Error;
using workspace::ErrorKind;

namespace {

constexpr const char* kAdvice = "open it in Word or LibreOffice and save it as \"Word document (.docx)\", then import that file";

[[noreturn]] void refuse(const std::string& file, const std::string& why)
{
    throw Error(ErrorKind::Invalid, file + ": " + why + ": " + kAdvice);
}

/// What the first bytes say a file is, when they say it is not a Word package.
std::string notAZip(std::string_view bytes)
{
    if (bytes.starts_with("\xD0\xCF\x11\xE0")) return "is an old Word 97-2003 (.doc) or other OLE file, not a .docx";
    if (bytes.starts_with("%PDF")) return "is a PDF, not a Word document";
    if (bytes.starts_with("{\\rtf")) return "is an RTF file, not a Word document";
    if (bytes.starts_with("\x89PNG") || bytes.starts_with("\xFF\xD8\xFF")) return "is an image, not a Word document";
    return "is not a Word document (.docx): it is not a ZIP package";
}

/// `target` of a relationship of `source`, as a part name: relative to the source's folder.
std::string resolvePart(const std::string& source, std::string target)
{
    if (target.starts_with('/')) return target.substr(1);
    std::vector<std::string> segments;
    const auto slash = source.rfind('/');
    std::string base = slash == std::string::npos ? std::string() : source.substr(0, slash);
    std::string path = base.empty() ? target : base + "/" + target;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        std::string seg = path.substr(start, end - start);
        if (seg == "..") {
            if (!segments.empty()) segments.pop_back();
        } else if (!seg.empty() && seg != ".") {
            segments.push_back(seg);
        }
        start = end + 1;
    }
    std::string out;
    for (const auto& s : segments) out += (out.empty() ? "" : "/") + s;
    return out;
}

} // namespace

struct DocxPackage::Impl {
    std::string file;  ///< as the user named it, for messages
    std::string bytes;
    zip_t* zip = nullptr;
    std::string main;
    std::size_t readSoFar = 0;

    ~Impl()
    {
        if (zip) zip_discard(zip);
    }

    /// The part's bytes, or nothing when there is no such entry.
    std::optional<std::string> read(const std::string& part)
    {
        const zip_int64_t index = zip_name_locate(zip, part.c_str(), ZIP_FL_NOCASE);
        if (index < 0) return std::nullopt;
        const auto at = static_cast<zip_uint64_t>(index);
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(zip, at, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && st.size > kMaxPartBytes)
            refuse(file, part + " would unpack to " + std::to_string(st.size >> 20) + " MiB, more than a Word document holds");
        zip_file_t* f = zip_fopen_index(zip, at, 0);
        if (!f) refuse(file, part + " cannot be read (" + zip_strerror(zip) + ")");
        std::string out;
        char buffer[65536];
        for (;;) {
            const zip_int64_t n = zip_fread(f, buffer, sizeof buffer);
            if (n < 0) {
                std::string why = zip_file_strerror(f);
                zip_fclose(f);
                refuse(file, part + " is damaged (" + why + ")");
            }
            if (n == 0) break;
            out.append(buffer, static_cast<std::size_t>(n));
            // Counted as it inflates: a header can lie about the size.
            if (out.size() > kMaxPartBytes || readSoFar + out.size() > kMaxTotalBytes) {
                zip_fclose(f);
                refuse(file, part + " unpacks to more than a Word document holds (a ZIP bomb?)");
            }
        }
        zip_fclose(f);
        readSoFar += out.size();
        return out;
    }
};

DocxPackage::DocxPackage(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DocxPackage::DocxPackage(DocxPackage&&) noexcept = default;
DocxPackage& DocxPackage::operator=(DocxPackage&&) noexcept = default;
DocxPackage::~DocxPackage() = default;

DocxPackage DocxPackage::open(const std::filesystem::path& path)
{
    auto impl = std::make_unique<Impl>();
    impl->file = path.string();
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxFileBytes)
        refuse(impl->file, "is " + std::to_string(size >> 20) + " MiB, larger than the " +
                               std::to_string(kMaxFileBytes >> 20) + " MiB a Word draft can be here");
    impl->bytes = workspace::readFile(path);
    if (impl->bytes.size() > kMaxFileBytes) refuse(impl->file, "is larger than a Word draft can be here");
    if (!impl->bytes.starts_with("PK\x03\x04")) refuse(impl->file, notAZip(impl->bytes));

    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(impl->bytes.data(), impl->bytes.size(), 0, &error);
    if (!source) {
        zip_error_fini(&error);
        refuse(impl->file, "cannot be read as a ZIP package");
    }
    impl->zip = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (!impl->zip) {
        zip_source_free(source);
        std::string why = zip_error_strerror(&error);
        zip_error_fini(&error);
        refuse(impl->file, "is a damaged ZIP package (" + why + ")");
    }
    zip_error_fini(&error);
    if (static_cast<zip_uint64_t>(zip_get_num_entries(impl->zip, 0)) > kMaxEntries)
        refuse(impl->file, "holds more than " + std::to_string(kMaxEntries) + " files, more than a Word document has");

    DocxPackage package(std::move(impl));
    auto& self = *package.impl_;
    if (auto mimetype = self.read("mimetype"); mimetype && mimetype->starts_with("application/vnd.oasis.opendocument"))
        refuse(self.file, "is an OpenDocument file (.odt), not a Word document");
    for (const auto& [id, r] : package.relationships(""))
        if (r.type == "officeDocument" && !r.external) self.main = r.target;
    if (self.main.empty()) self.main = "word/document.xml";
    if (zip_name_locate(self.zip, self.main.c_str(), ZIP_FL_NOCASE) < 0)
        refuse(self.file, "is a ZIP package but not a Word document: it has no " + self.main);
    return package;
}

const std::string& DocxPackage::mainPart() const
{
    return impl_->main;
}

std::unique_ptr<pugi::xml_document> DocxPackage::xml(const std::string& part)
{
    auto bytes = impl_->read(part);
    if (!bytes) return nullptr;
    // UTF-8, depth, no DOCTYPE or entities: checked before any parser sees the bytes.
    const std::string where = impl_->file + ": " + part;
    if (auto problems = workspace::checkXmlText(*bytes, where); !problems.empty())
        refuse(impl_->file, part + " is not XML Accord can read (" + problems.front().toString() + ")");
    auto doc = std::make_unique<pugi::xml_document>();
    // Whitespace-only runs of text (" " between two words in their own runs) are text.
    auto parsed = doc->load_buffer(bytes->data(), bytes->size(), pugi::parse_default | pugi::parse_ws_pcdata_single,
                                   pugi::encoding_utf8);
    if (!parsed)
        refuse(impl_->file, part + " is not well-formed XML (" + parsed.description() + " at byte " +
                                std::to_string(parsed.offset) + ")");
    return doc;
}

Relationships DocxPackage::relationships(const std::string& part)
{
    const auto slash = part.rfind('/');
    const std::string relsPart = slash == std::string::npos ? "_rels/" + part + ".rels"
                                                            : part.substr(0, slash) + "/_rels/" + part.substr(slash + 1) + ".rels";
    Relationships out;
    auto doc = xml(relsPart);
    if (!doc) return out;
    for (auto r : doc->document_element().children()) {
        if (std::string_view(r.name()).find("Relationship") == std::string_view::npos) continue;
        std::string type = r.attribute("Type").value();
        type = type.substr(type.rfind('/') + 1);
        const bool external = std::string_view(r.attribute("TargetMode").value()) == "External";
        std::string target = r.attribute("Target").value();
        out[r.attribute("Id").value()] = Relationship{type, external ? target : resolvePart(part, target), external};
    }
    return out;
}

} // namespace accord::import_docx
