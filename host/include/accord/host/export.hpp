#pragma once

#include "accord/plugin/api.hpp"
#include "accord/workspace/profile.hpp"
#include "accord/workspace/translations.hpp"
#include "accord/workspace/validation.hpp"

#include <string>

namespace accord::workspace {
class Workspace;
}

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
    bool refused = false;  ///< `strict`, and a hard limit broken, a text printed in another language or a stale
                           ///< translation; or a stale translation the profile refuses
};

/// Stale translations as findings of a check (those of `lang` alone unless it is "both" or empty).
void addStaleFindings(workspace::ProfileCheck& check, const std::vector<workspace::StaleTranslation>& stale,
                      const workspace::Submission& doc, const workspace::Profile& profile, const std::string& lang);

/// Checks `doc` against its profile and writes it with `exporter`; the language is
/// `lang`, else the profile's only one, else the document's. `stale` are its stale
/// translations (from the history: staleTranslations). With `redline`, the changes
/// it holds are shown as tracked changes: Error(Invalid) when the exporter cannot,
/// or when `lang` is "both".
[[nodiscard]] ExportResult exportSubmission(const workspace::Submission& doc, const workspace::WorkspaceConfig& config,
                                            const plugin::Exporter& exporter, const std::string& lang,
                                            const std::string& profileId, bool strict,
                                            const std::vector<workspace::StaleTranslation>& stale,
                                            const plugin::Redline* redline = nullptr);
/// The same for a document read a top-level section at a time (validateSubmissionInParts): the
/// profile is checked on the exporter's first pass over the sections.
[[nodiscard]] ExportResult exportSubmission(const workspace::SubmissionParts& doc, const workspace::WorkspaceConfig& config,
                                            const plugin::Exporter& exporter, const std::string& lang,
                                            const std::string& profileId, bool strict,
                                            const std::vector<workspace::StaleTranslation>& stale,
                                            const plugin::Redline* redline = nullptr);

/// The two revisions of a redline range: "FROM..TO" (either side empty is HEAD), or
/// "FROM...TO" for what TO changed since it left FROM. Error(Invalid) for another form.
struct RevisionRange {
    std::string from, to;  ///< commit ids
};
[[nodiscard]] RevisionRange parseRange(const workspace::Workspace& ws, const std::string& range);

/// What a redline of the document at `path` from `from` to `to` needs: the document
/// at `from` (an empty one with the same id when it did not exist there) and, for
/// each part, the author and date of the last commit in between that changed it.
[[nodiscard]] plugin::Redline redlineOf(const workspace::Workspace& ws, const std::string& path,
                                        const workspace::Submission& after, const RevisionRange& range);

} // namespace accord::host
