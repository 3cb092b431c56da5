#pragma once

#include "accord/plugin/api.hpp"
#include "accord/workspace/profile.hpp"

#include <string>

namespace accord::host {

/// The recipient's profile: `requested`, else the document's meta/profile, else generic.
/// Throws Error(NotFound) naming the known ones.
[[nodiscard]] const workspace::Profile& profileFor(const workspace::Submission& doc, const std::string& requested);

/// One export as `accord export` and the server's downloads make it.
struct ExportResult {
    std::string bytes;
    workspace::ProfileCheck check;  ///< the profile's findings, the fallbacks those of `lang`; bytes empty when refused
    const workspace::Profile* profile = nullptr;
    std::string lang;
    bool refused = false;  ///< `strict`, and a hard limit broken or a text printed in another language
};

/// Checks `doc` against its profile and writes it with `exporter`; the language is
/// `lang`, else the profile's only one, else the document's.
[[nodiscard]] ExportResult exportSubmission(const workspace::Submission& doc, const workspace::WorkspaceConfig& config,
                                            const plugin::Exporter& exporter, const std::string& lang,
                                            const std::string& profileId, bool strict);

} // namespace accord::host
