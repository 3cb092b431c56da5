#pragma once

#include <stdexcept>
#include <string>

namespace accord::workspace {

/// The small, fixed vocabulary of failures the workspace reports. The CLI maps
/// them to exit codes, a server to HTTP statuses.
enum class ErrorKind {
    NotFound,  ///< a workspace, document, revision or draft that does not exist
    Exists,    ///< something to create is already there
    Invalid,   ///< input that breaks the format or a rule: fix the input
    Conflict,  ///< the operation would overwrite someone's work
    Forbidden, ///< the person lacks the role or organisation the operation needs
    Locked,    ///< another process holds the repository or a ref
    Io,        ///< the file system or the repository failed
};

/// An error with a one-line message that says what was wrong and what to do.
class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    [[nodiscard]] ErrorKind kind() const noexcept { return kind_; }

private:
    ErrorKind kind_;
};

} // namespace accord::workspace
