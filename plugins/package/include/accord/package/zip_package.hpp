#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>

namespace pugi {
class xml_document;
class xml_node;
}

/// ZIP packages as the exporters write them: DOCX (OPC) and HWPX (OCF) are both ZIP
/// archives of XML parts.
namespace accord::package {

/// A part already deflated (raw DEFLATE, RFC 1951), with what the archive records of it.
struct DeflatedPart {
    std::string bytes;        ///< the deflated stream
    std::uint64_t size = 0;   ///< the part's own size
    std::uint32_t crc = 0;    ///< CRC-32 of the part
};

/// One part written piece by piece and deflated on a thread of its own, so that an
/// exporter builds the next piece while the last one is printed and packed: memory holds
/// the pieces in flight, never the whole part. Errors surface from `finish`.
class PartStream {
public:
    PartStream();
    ~PartStream();  ///< stops the thread; a part never finished is dropped
    PartStream(const PartStream&) = delete;
    PartStream& operator=(const PartStream&) = delete;

    /// Appends text as it is.
    void write(std::string text);
    /// Appends a small text (a run of a preview, say): gathered here and handed to the thread
    /// 64 KB at a time, in order with what write and writeChildren append.
    void append(std::string_view text);
    /// Appends the children of `piece`'s root element, printed as raw XML (no declaration,
    /// no indentation); the root itself is only their holder.
    void writeChildren(std::unique_ptr<pugi::xml_document> piece);
    /// The part, once everything written is deflated.
    [[nodiscard]] DeflatedPart finish();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// A part one element of which (DOCX's w:body, HWPX's hs:sec) holds what an exporter writes
/// part after part of the submission: it goes to a PartStream a piece at a time, so that the
/// element is never whole in memory and is packed while the next piece is written.
class PiecedPart {
public:
    /// Sections and recommendations written into one piece.
    static constexpr std::size_t kPartsInPiece = 64;

    /// `frame` builds the part around its holder, an empty element it returns: what stands before
    /// the holder's content is written at once, what closes it at `finish`.
    explicit PiecedPart(const std::function<pugi::xml_node(pugi::xml_document&)>& frame);
    ~PiecedPart();
    PiecedPart(const PiecedPart&) = delete;
    PiecedPart& operator=(const PiecedPart&) = delete;

    /// Where the elements of the piece being written go: a holder of the same name.
    [[nodiscard]] pugi::xml_node body() const;
    /// One section or recommendation written: every kPartsInPiece, the piece is handed over.
    void partDone();
    /// Hands over the piece written so far, if it holds anything, and starts the next.
    void pieceDone();
    /// The part, deflated; nothing may be written after.
    [[nodiscard]] DeflatedPart finish();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// A ZIP archive built in memory with libzip: entries in the order they are added, a
/// fixed date on each (1980-01-01, the first a ZIP entry can carry) so that the same
/// content always gives the same bytes, text deflated at the fastest level. Errors are
/// workspace::Error(Io) naming `what` ("DOCX package").
class Archive {
public:
    explicit Archive(std::string what);
    ~Archive();
    Archive(const Archive&) = delete;
    Archive& operator=(const Archive&) = delete;

    /// Adds an entry with `data`, deflated (or stored as is).
    void add(const std::string& name, std::string data, bool store = false);
    /// Adds an entry deflated already (by a PartStream).
    void add(const std::string& name, DeflatedPart part);
    /// Writes the archive and returns its bytes; nothing may be added after.
    [[nodiscard]] std::string bytes();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace accord::package
