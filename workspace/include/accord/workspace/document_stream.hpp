#pragma once

// A submission read a top-level section at a time, for readers that need never
// hold the whole model: `accord validate` and `accord export` (through
// validateSubmissionInParts), and exporters (ExportRequest::forEachPart).

#include "accord/workspace/document.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

namespace accord::workspace {

/// What reads a document a top-level section at a time gets: each section and its number (from 1).
using SectionVisitor = std::function<void(const Section&, std::size_t number)>;

/// Passes over a document's sections (a SubmissionStream's, say) where one more reader rides along
/// the first pass that gets to the end: a check that need not read the document a second time. A
/// pass cut short (by an exception) leaves it to the next, for which `start` begins it afresh.
class SectionPasses {
public:
    /// `sections` makes one pass; `start` begins the rider's work and returns what it does with each section.
    SectionPasses(std::function<void(const SectionVisitor&)> sections, std::function<SectionVisitor()> start);

    /// One pass: each section to `visit` (which may be empty), and to the rider until it has seen them all.
    void operator()(const SectionVisitor& visit);
    /// Ends the rider's work: with a pass of its own when no pass has got to the end yet.
    void finish();

private:
    std::function<void(const SectionVisitor&)> sections_;
    std::function<SectionVisitor()> start_;
    bool done_ = false;
};

/// A submission read a top-level section at a time, for readers that need never hold all of it (the
/// model of a 10 MB document takes three times its size; one section, a fraction of that).
class SubmissionStream {
public:
    /// Parses the root and its meta. Throws as parseSubmission does on a malformed document or a
    /// shape the model cannot hold; a fault inside a section is found by forEachSection.
    SubmissionStream(std::string_view xml, std::string_view file);
    ~SubmissionStream();
    SubmissionStream(const SubmissionStream&) = delete;
    SubmissionStream& operator=(const SubmissionStream&) = delete;

    /// The document without its sections: id, language, version and meta.
    [[nodiscard]] const Submission& head() const;
    /// Parses each top-level section in document order and hands it to `visit`, which must not keep it;
    /// then tells `readPast` (when given) the offset in the text up to which it has read. Throws as
    /// parseSubmission does, at the first section that is malformed. May be called again.
    void forEachSection(const SectionVisitor& visit, const std::function<void(std::size_t)>& readPast = {}) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace accord::workspace
