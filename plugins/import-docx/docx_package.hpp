#pragma once

#include <pugixml.hpp>

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

/// A Word package (OPC over ZIP) opened for reading, with everything a hostile file
/// could use against the reader capped: the file's size, the number of entries, each
/// part's uncompressed size (counted while inflating, not taken from the header) and
/// the XML itself (UTF-8, depth, no DOCTYPE) before pugixml parses it.
namespace accord::import_docx {

inline constexpr std::size_t kMaxFileBytes = 64u << 20;
inline constexpr std::size_t kMaxEntries = 10000;
inline constexpr std::size_t kMaxPartBytes = 32u << 20;
inline constexpr std::size_t kMaxTotalBytes = 96u << 20;

/// A relationship of a part: rId → target, as its .rels part lists them.
struct Relationship {
    std::string type;    ///< the last segment of the type URI: "footnotes", "hyperlink"…
    std::string target;  ///< a part name (resolved against the source) or an external URI
    bool external = false;
};
using Relationships = std::map<std::string, Relationship>;

class DocxPackage {
public:
    /// Opens `file`; throws workspace::Error(Invalid) naming the file and what to do when
    /// it is not a Word document (not a ZIP, an ODT, a .doc, no main document part).
    static DocxPackage open(const std::filesystem::path& file);
    DocxPackage(DocxPackage&&) noexcept;
    DocxPackage& operator=(DocxPackage&&) noexcept;
    ~DocxPackage();

    /// The main document part's name, e.g. word/document.xml.
    [[nodiscard]] const std::string& mainPart() const;
    /// A part parsed, or null when the package has no such part. Throws
    /// workspace::Error(Invalid) when it is too large, damaged or not well-formed XML.
    [[nodiscard]] std::unique_ptr<pugi::xml_document> xml(const std::string& part);
    /// The relationships of `part` (from its _rels/NAME.rels), targets resolved.
    [[nodiscard]] Relationships relationships(const std::string& part);

private:
    struct Impl;
    explicit DocxPackage(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace accord::import_docx
