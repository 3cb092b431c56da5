#pragma once

#include "accord/workspace/document.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace accord::workspace {

/// A member organisation of the coalition, as declared in `accord.xml`.
struct Organisation {
    std::string id;
    std::string kind;
    std::vector<LangText> names;  ///< one per language
    int line = 0;

    /// The name in `lang`, else English, else the first, else the id.
    [[nodiscard]] std::string name(std::string_view lang) const;
    bool operator==(const Organisation& o) const { return id == o.id && kind == o.kind && names == o.names; }
};

/// The workspace's own configuration: the file `accord.xml` at its root.
struct WorkspaceConfig {
    std::vector<Organisation> organisations;

    [[nodiscard]] const Organisation* findOrganisation(std::string_view id) const;
    [[nodiscard]] std::vector<std::string> organisationIds() const;
    bool operator==(const WorkspaceConfig&) const = default;
};

/// Parses `accord.xml`; throws Error(Invalid) naming file and line when it is not
/// well-formed or fails `workspace-1.xsd`.
[[nodiscard]] WorkspaceConfig parseConfig(std::string_view xml, std::string_view file);
/// The canonical form of `accord.xml`.
[[nodiscard]] std::string serialize(const WorkspaceConfig& config);

} // namespace accord::workspace
