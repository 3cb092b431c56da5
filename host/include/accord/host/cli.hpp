#pragma once

#include <iosfwd>

namespace accord::host {

/// Runs `accord` with the given arguments, writing human output to `out` and
/// diagnostics to `err`. Returns the exit status: 0 success, 1 failure
/// (invalid input, refused operation, not found), 2 wrong usage.
int runCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

} // namespace accord::host
