#pragma once

#include "accord/package/zip_package.hpp"

#include <string>
#include <vector>

namespace accord::export_hwpx {

/// What goes into an HWPX package besides its fixed parts.
struct PackageContent {
    std::string language;  ///< "ko" or "en", for the package metadata
    std::string title;
    std::string creator;   ///< who submits: the coalition's lead organisation
    std::string subject;   ///< the process the submission is for
    std::string headerXml;                 ///< Contents/header.xml
    std::vector<package::DeflatedPart> sections;  ///< Contents/section0.xml, section1.xml…, deflated as written
    package::DeflatedPart previewText;     ///< Preview/PrvText.txt, deflated as written
};

/// The package's bytes, entries in the order Hangul writes them: `mimetype` first and
/// stored, then version.xml, the contents, the preview, settings.xml, META-INF/container.xml,
/// Contents/content.hpf and META-INF/manifest.xml. Entries carry a fixed date, so the
/// same content always gives the same bytes. Throws workspace::Error when zipping fails.
[[nodiscard]] std::string buildPackage(PackageContent content);

} // namespace accord::export_hwpx
