#pragma once

#include "accord/workspace/diff.hpp"
#include "accord/workspace/history.hpp"
#include "accord/workspace/validation.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace accord::host {

/// How to print for a person: with ANSI colours (a terminal) or plain (a pipe).
struct Style {
    bool color = false;
    [[nodiscard]] std::string paint(std::string_view text, const char* ansi) const;
};

/// The semantic diff for a person: parts by id with their numbers and titles,
/// fields and languages that changed, words inside paragraphs marked
/// `[-deleted-]{+inserted+}` (or coloured).
void printDiff(std::ostream& out, const std::vector<workspace::DocumentDiff>& diffs, const Style& style);
/// The same as JSON, for tools.
void printDiffJson(std::ostream& out, const std::vector<workspace::DocumentDiff>& diffs);

/// One line per commit: short id, date, author, summary.
void printCommit(std::ostream& out, const workspace::CommitInfo& commit, const Style& style);
void printLogJson(std::ostream& out, const std::vector<workspace::CommitInfo>& commits);

/// The history of one part: each commit and what it did to the part.
void printPartHistory(std::ostream& out, const std::vector<workspace::PartHistoryEntry>& history, const Style& style);
void printPartHistoryJson(std::ostream& out, const std::vector<workspace::PartHistoryEntry>& history);

void printDiagnosticsJson(std::ostream& out, const std::vector<workspace::Diagnostic>& diagnostics,
                          const std::vector<std::string>& files);

} // namespace accord::host
