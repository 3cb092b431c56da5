#pragma once

#include "accord/workspace/diff.hpp"
#include "accord/workspace/workspace.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// Translations that fell behind: found from the history, not kept by hand. When a
/// commit changes a recommendation's title, text or rationale in one language and
/// not in another, the other is stale until it is edited or a translator confirms
/// it as still true (a record in refs/accord/translations, which travels and joins
/// like every record log).
namespace accord::workspace {

struct StaleTranslation {
    std::string rec;          ///< the recommendation
    std::string lang;         ///< the language left behind
    std::string changedLang;  ///< the language that changed after it
    CommitInfo change;        ///< the newest commit that changed `changedLang` since `lang` was last written
    int line = 0;             ///< the recommendation's line at the revision
};

/// The stale translations of the document at `path` as of `rev`, in document order.
[[nodiscard]] std::vector<StaleTranslation> staleTranslations(const Workspace& ws, const std::string& path,
                                                              std::string_view rev = "HEAD");

/// Records that `lang` of recommendation `rec` in `path` was checked against the
/// other languages as they are at `commit`: it is no longer stale for any change up
/// to that commit. Returns the stale translation confirmed, or nothing when it was not
/// stale (then nothing is written); Error(NotFound) when the recommendation has no
/// `lang` text at `commit`. The record is signed when the workspace signs.
std::optional<StaleTranslation> confirmTranslation(Workspace& ws, const std::string& path, const std::string& rec,
                                                   const std::string& lang, const std::string& commit,
                                                   const Signature& author);

/// Marks each changed recommendation of `diffs` with its stale languages as of `rev`
/// (the newer side of the diffs): PartChange::staleLangs.
void markStale(std::vector<DocumentDiff>& diffs, const Workspace& ws, std::string_view rev);

/// What a finding of `check` and `export` says of a stale translation, with what to do.
[[nodiscard]] std::string describe(const StaleTranslation& stale, const std::string& documentId);

} // namespace accord::workspace
