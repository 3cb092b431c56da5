#pragma once

#include "accord/workspace/document.hpp"
#include "accord/workspace/text_diff.hpp"

#include <optional>
#include <string>
#include <vector>

/// The semantic diff: what changed between two versions of a submission, part
/// by part (sections and recommendations by id, texts by language, sets as sets),
/// never line by line.
namespace accord::workspace {

/// A paragraph added, removed or changed inside one language's text.
struct ParagraphChange {
    enum class Kind { Added, Removed, Changed };
    Kind kind = Kind::Changed;
    std::size_t index = 0;          ///< 0-based position (in the new text; in the old one when removed)
    std::vector<TextChunk> chunks;  ///< word-level diff; all Insert or all Delete when added or removed
};

/// A change to one field of a part: an attribute, a language's text, or a set.
struct FieldChange {
    enum class Kind { Attribute, Text, Set };
    Kind kind = Kind::Attribute;
    std::string field;  ///< "status", "title", "text", "rationale", "heading", "intro", "endorsement", …
    std::string lang;   ///< for texts
    std::string before; ///< attribute value or one-line text before (empty when absent)
    std::string after;
    std::vector<ParagraphChange> paragraphs;  ///< for texts made of paragraphs
    std::vector<std::string> added;           ///< for sets
    std::vector<std::string> removed;
};

/// What happened to one section, recommendation, or the document's meta.
struct PartChange {
    enum class Part { Meta, Section, Recommendation };
    Part part = Part::Recommendation;
    std::string id;                 ///< empty for Meta
    bool added = false;
    bool removed = false;
    bool moved = false;             ///< now under another parent
    bool reordered = false;         ///< same parent, order changed beyond insertions and removals
    std::string fromParent;         ///< section id before (empty at top level)
    std::string toParent;           ///< section id after
    std::vector<std::size_t> number;  ///< its number in the newer version (the older one when removed)
    std::string title;              ///< a title or heading to show, in the document's language
    std::vector<FieldChange> fields;
    /// Of a changed recommendation: its languages whose translation is stale in the newer
    /// version (set by markStale from the history; the diff alone cannot know).
    std::vector<std::string> staleLangs;

    [[nodiscard]] bool empty() const { return !added && !removed && !moved && !reordered && fields.empty(); }
};

struct DocumentDiff {
    std::string path;      ///< `documents/x.xml`
    bool added = false;    ///< the file is new
    bool removed = false;  ///< the file was deleted
    std::string unreadable;  ///< why a version could not be compared (e.g. it holds conflicts); empty normally
    std::vector<PartChange> changes;  ///< in document order of the newer version, removals last

    [[nodiscard]] bool empty() const { return !added && !removed && unreadable.empty() && changes.empty(); }
};

/// Compares two versions of a submission; either may be absent (an added or removed file).
[[nodiscard]] DocumentDiff diffSubmissions(const Submission* before, const Submission* after, std::string path);

/// The changes to one part, or nothing when it did not change.
[[nodiscard]] std::optional<PartChange> findChange(const DocumentDiff& diff, std::string_view id);

} // namespace accord::workspace
