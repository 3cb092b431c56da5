#pragma once

#include "submission_builder.hpp"

#include "accord/workspace/document.hpp"

#include <string>

namespace accord::import_docx {

/// Gives `target` the `lang` side of `imported` (the same submission in another
/// language, read from Word): its title, headings, intros and the titles, texts and
/// rationales of its recommendations, matched by id (an Accord export's bookmarks)
/// and else by number (2.3 is 2.3 in both languages). Everything else stays as
/// `target` has it. A text the file holds only because its export fell back to
/// another language is not taken; parts found on one side only go to the report.
void addOtherLanguage(workspace::Submission& target, const workspace::Submission& imported, const std::string& lang,
                      Report& report);

} // namespace accord::import_docx
