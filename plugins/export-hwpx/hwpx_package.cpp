#include "hwpx_package.hpp"

#include "owpml.hpp"

#include "accord/workspace/error.hpp"

#include "accord/package/zip_package.hpp"

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
    for (std::size_t i = 0; i < c.sections.size(); ++i)
        item("section" + std::to_string(i), "Contents/section" + std::to_string(i) + ".xml", true);
    item("settings", "settings.xml", false);
    return owpml::serialize(doc);
}

} // namespace

std::string buildPackage(PackageContent content)
{
    package::Archive zip("HWPX package");
    zip.add("mimetype", kMimetype, true);
    zip.add("version.xml", versionXml());
    zip.add("Contents/header.xml", std::move(content.headerXml));
    for (std::size_t i = 0; i < content.sections.size(); ++i)
        zip.add("Contents/section" + std::to_string(i) + ".xml", std::move(content.sections[i]));
    zip.add("Preview/PrvText.txt", std::move(content.previewText));  // deflated
    zip.add("settings.xml", settingsXml());
    zip.add("META-INF/container.xml", containerXml());
    zip.add("Contents/content.hpf", contentHpf(content));
    zip.add("META-INF/manifest.xml", manifestXml());
    return zip.bytes();
}

} // namespace accord::export_hwpx
