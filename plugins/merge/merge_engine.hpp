#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace accord::merge {

/// The names shown on the sides of a conflict (`<ours label="…">`).
struct Labels {
    std::string ours = "ours";
    std::string base = "base";
    std::string theirs = "theirs";
};

struct MergeOutcome {
    std::string merged;  ///< canonical form
    int conflicts = 0;   ///< number of `conflict` elements in `merged`
};

/// Three-way merge of submission documents over their structure: sections and
/// recommendations by id wherever they moved, texts by language, sets as sets,
/// attributes by name, sections, recommendations and paragraphs as sequences,
/// paragraphs word by word. Real disagreements become `conflict` elements at the
/// smallest part that disagrees. `base` is absent when the document is new on
/// both sides. Throws workspace::Error(Invalid) naming `path` (or the side's file)
/// and line on input it cannot merge.
/// The files the three versions came from, for messages (as `accord merge-file` has them).
struct SideFiles {
    std::string ours;
    std::string base;
    std::string theirs;
};

[[nodiscard]] MergeOutcome mergeSubmissions(std::optional<std::string> base, std::string ours, std::string theirs,
                                            const Labels& labels, std::string_view path, const SideFiles* files = nullptr);

/// mergeSubmissions of three files, each read on the thread that indexes it. An empty
/// base file means there is none. Errors name the files as `names` gives them.
[[nodiscard]] MergeOutcome mergeFiles(const std::filesystem::path& ours, const std::filesystem::path& base,
                                      const std::filesystem::path& theirs, const Labels& labels, const SideFiles& names);

} // namespace accord::merge
