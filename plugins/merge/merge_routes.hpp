#pragma once

#include "accord/plugin/api.hpp"

#include <vector>

namespace accord::merge {

/// The merge plugin's HTTP routes, merging with `merger`.
[[nodiscard]] std::vector<plugin::Route> routes(workspace::DocumentMerger merger);

} // namespace accord::merge
