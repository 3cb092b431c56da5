#pragma once

#include "accord/workspace/document.hpp"

#include <cstddef>
#include <optional>
#include <string>

/// The edits of one part of a submission, on the model: what the server's edit
/// routes and the CLI's `rec`, `section` and `endorse` commands both do. Each throws
/// Error(NotFound) naming what is missing, Error(Exists) for an id already taken,
/// Error(Invalid) for what cannot be done; `position` is 0-based among the siblings,
/// nothing or past the end meaning the end.
namespace accord::workspace::parts {

void replaceRecommendation(Submission& doc, const Recommendation& given);
void addRecommendation(Submission& doc, const std::string& section, std::optional<std::size_t> position,
                       const Recommendation& given);
void moveRecommendation(Submission& doc, const std::string& id, const std::string& section,
                        std::optional<std::size_t> position);
void removeRecommendation(Submission& doc, const std::string& id);

/// A section's own fields: its headings and introduction (not its parts).
void changeSection(Submission& doc, const Section& given);
/// At the top level when `parent` is empty.
void addSection(Submission& doc, const std::string& parent, std::optional<std::size_t> position, const Section& given);
/// With all it holds, inside `parent` (the top level when empty); never inside itself.
void moveSection(Submission& doc, const std::string& id, const std::string& parent, std::optional<std::size_t> position);
/// Only an empty section: one that holds parts is refused.
void removeSection(Submission& doc, const std::string& id);

void endorse(Submission& doc, const std::string& recommendation, const std::string& org);
void unendorse(Submission& doc, const std::string& recommendation, const std::string& org);

} // namespace accord::workspace::parts
