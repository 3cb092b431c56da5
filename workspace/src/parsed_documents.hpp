#pragma once

// Documents kept parsed by the blob id that names their content, for the
// library's readers and writers in this process (parsedAt, editDocument).

#include "accord/workspace/document.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace accord::workspace::detail {

/// The parsed document whose blob is `blob`, or null when none is kept.
[[nodiscard]] std::shared_ptr<const Submission> findParsed(const std::string& blob);
/// Keeps `doc` as the parse of `blob` (the last few are kept); returns the one it
/// no longer keeps, for the caller to free where it costs no one a wait.
std::shared_ptr<const Submission> rememberParsed(const std::string& blob, std::shared_ptr<const Submission> doc);
/// Whether the document `key` names (its blob, the blob of the accord.xml it was
/// checked against, its path) passed validateSubmission in this process.
[[nodiscard]] bool knownValid(const std::string& key);
void rememberValid(const std::string& key);
/// The git blob id of `bytes`, as storing them would name them.
[[nodiscard]] std::string blobIdOf(std::string_view bytes);

} // namespace accord::workspace::detail
