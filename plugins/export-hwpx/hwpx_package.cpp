#include "hwpx_package.hpp"

#include "owpml.hpp"

#include "accord/workspace/error.hpp"

#include <zip.h>

#include <deque>
#include <memory>

namespace accord::export_hwpx {

namespace {

using workspace::Error;
using workspace::ErrorKind;

constexpr const char* kMimetype = "application/hwp+zip";
constexpr const char* kVersionNs = "http://www.hancom.co.kr/hwpml/2011/version";
constexpr const char* kContainerNs = "urn:oasis:names:tc:opendocument:xmlns:container";
constexpr const char* kManifestNs = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";
constexpr const char* kHpfNs = "http://www.hancom.co.kr/schema/2011/hpf";
constexpr const char* kAppNs = "http://www.hancom.co.kr/hwpml/2011/app";
constexpr const char* kConfigNs = "urn:oasis:names:tc:opendocument:xmlns:config:1.0";

/// 1980-01-01 00:00, the first date a ZIP entry can carry: reproducible output.
constexpr zip_uint16_t kDosDate = (0u << 9) | (1u << 5) | 1u;
// The fastest deflate: a large submission packs in a fraction of the time for a few percent in size.
constexpr zip_uint32_t kDeflateLevel = 1;
constexpr zip_uint16_t kDosTime = 0;

std::string versionXml()
{
    auto doc = owpml::newPart();
    auto v = doc.append_child("hv:HCFVersion");
    v.append_attribute("xmlns:hv") = kVersionNs;
    v.append_attribute("tagetApplication") = "WORDPROCESSOR";  // sic: Hangul refuses files without it
    v.append_attribute("major") = 5;
    v.append_attribute("minor") = 1;
    v.append_attribute("micro") = 0;
    v.append_attribute("buildNumber") = 1;
    v.append_attribute("os") = 1;
    v.append_attribute("xmlVersion") = "1.4";
    v.append_attribute("application") = "Accord";
    v.append_attribute("appVersion") = "1";
    return owpml::serialize(doc);
}

std::string settingsXml()
{
    auto doc = owpml::newPart();
    auto s = doc.append_child("ha:HWPApplicationSetting");
    s.append_attribute("xmlns:ha") = kAppNs;
    s.append_attribute("xmlns:config") = kConfigNs;
    auto caret = s.append_child("ha:CaretPosition");
    caret.append_attribute("listIDRef") = 0;
    caret.append_attribute("paraIDRef") = 0;
    caret.append_attribute("pos") = 0;
    return owpml::serialize(doc);
}

std::string containerXml()
{
    auto doc = owpml::newPart();
    auto c = doc.append_child("ocf:container");
    c.append_attribute("xmlns:ocf") = kContainerNs;
    c.append_attribute("xmlns:hpf") = kHpfNs;
    auto files = c.append_child("ocf:rootfiles");
    auto package = files.append_child("ocf:rootfile");
    package.append_attribute("full-path") = "Contents/content.hpf";
    package.append_attribute("media-type") = "application/hwpml-package+xml";
    auto preview = files.append_child("ocf:rootfile");
    preview.append_attribute("full-path") = "Preview/PrvText.txt";
    preview.append_attribute("media-type") = "text/plain";
    return owpml::serialize(doc);
}

std::string manifestXml()
{
    auto doc = owpml::newPart();
    doc.append_child("odf:manifest").append_attribute("xmlns:odf") = kManifestNs;
    return owpml::serialize(doc);
}

std::string contentHpf(const PackageContent& c)
{
    auto doc = owpml::newPart();
    auto package = owpml::addRoot(doc, "opf:package");
    package.append_attribute("version") = "";
    package.append_attribute("unique-identifier") = "";
    package.append_attribute("id") = "";

    auto meta = package.append_child("opf:metadata");
    meta.append_child("opf:title").text().set(c.title.c_str());
    meta.append_child("opf:language").text().set(c.language.c_str());
    auto field = [&](const char* name, const std::string& value) {
        auto m = meta.append_child("opf:meta");
        m.append_attribute("name") = name;
        m.append_attribute("content") = "text";
        if (!value.empty()) m.text().set(value.c_str());
    };
    field("creator", c.creator);
    field("subject", c.subject);
    field("description", "");

    auto manifest = package.append_child("opf:manifest");
    auto spine = package.append_child("opf:spine");
    auto item = [&](const std::string& id, const std::string& href, bool inSpine) {
        auto i = manifest.append_child("opf:item");
        i.append_attribute("id") = id.c_str();
        i.append_attribute("href") = href.c_str();
        i.append_attribute("media-type") = "application/xml";
        if (!inSpine) return;
        auto ref = spine.append_child("opf:itemref");
        ref.append_attribute("idref") = id.c_str();
        ref.append_attribute("linear") = "yes";
    };
    item("header", "Contents/header.xml", true);
    for (std::size_t i = 0; i < c.sectionXmls.size(); ++i)
        item("section" + std::to_string(i), "Contents/section" + std::to_string(i) + ".xml", true);
    item("settings", "settings.xml", false);
    return owpml::serialize(doc);
}

struct ZipDeleter {
    void operator()(zip_t* z) const { zip_discard(z); }
};
struct SourceDeleter {
    void operator()(zip_source_t* s) const { zip_source_free(s); }
};

/// Throws what libzip says went wrong; `owned` errors are ours to release.
[[noreturn]] void fail(const std::string& what, zip_error_t* error, bool owned = false)
{
    std::string message = "HWPX package: " + what + ": " + zip_error_strerror(error);
    if (owned) zip_error_fini(error);
    throw Error(ErrorKind::Io, message);
}

/// A ZIP archive in memory whose entries keep the order they are added in.
class Archive {
public:
    Archive()
    {
        zip_error_t error;
        zip_error_init(&error);
        source_.reset(zip_source_buffer_create(nullptr, 0, 0, &error));
        if (!source_) fail("cannot create a buffer", &error, true);
        zip_.reset(zip_open_from_source(source_.get(), ZIP_TRUNCATE, &error));
        if (!zip_) fail("cannot open the buffer", &error, true);
        zip_source_keep(source_.get());  // the archive shares it; it is read back after closing
        zip_error_fini(&error);
    }

    void add(const char* name, std::string data, bool store = false)
    {
        const std::string& kept = data_.emplace_back(std::move(data));
        zip_source_t* src = zip_source_buffer(zip_.get(), kept.data(), kept.size(), 0);
        if (!src) fail(std::string("cannot add ") + name, zip_get_error(zip_.get()));
        zip_int64_t index = zip_file_add(zip_.get(), name, src, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free(src);
            fail(std::string("cannot add ") + name, zip_get_error(zip_.get()));
        }
        const auto i = static_cast<zip_uint64_t>(index);
        if (zip_set_file_compression(zip_.get(), i, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, store ? 0u : kDeflateLevel) != 0 ||
            zip_file_set_dostime(zip_.get(), i, kDosTime, kDosDate, 0) != 0)
            fail(std::string("cannot set up ") + name, zip_get_error(zip_.get()));
    }

    std::string bytes()
    {
        if (zip_close(zip_.get()) != 0) fail("cannot write the archive", zip_get_error(zip_.get()));
        zip_.release();  // closed: nothing left to discard
        zip_source_t* src = source_.get();
        if (zip_source_open(src) != 0) fail("cannot read the archive back", zip_source_error(src));
        std::string out;
        char buffer[65536];
        for (;;) {
            zip_int64_t n = zip_source_read(src, buffer, sizeof buffer);
            if (n < 0) {
                zip_source_close(src);
                fail("cannot read the archive back", zip_source_error(src));
            }
            if (n == 0) break;
            out.append(buffer, static_cast<std::size_t>(n));
        }
        zip_source_close(src);
        return out;
    }

private:
    std::unique_ptr<zip_source_t, SourceDeleter> source_;
    std::unique_ptr<zip_t, ZipDeleter> zip_;
    std::deque<std::string> data_;  ///< what the entries point at until the archive is written
};

} // namespace

std::string buildPackage(const PackageContent& content)
{
    Archive zip;
    zip.add("mimetype", kMimetype, true);
    zip.add("version.xml", versionXml());
    zip.add("Contents/header.xml", content.headerXml);
    for (std::size_t i = 0; i < content.sectionXmls.size(); ++i)
        zip.add(("Contents/section" + std::to_string(i) + ".xml").c_str(), content.sectionXmls[i]);
    zip.add("Preview/PrvText.txt", content.previewText);
    zip.add("settings.xml", settingsXml());
    zip.add("META-INF/container.xml", containerXml());
    zip.add("Contents/content.hpf", contentHpf(content));
    zip.add("META-INF/manifest.xml", manifestXml());
    return zip.bytes();
}

} // namespace accord::export_hwpx
