// The server as the `accord` program sees it: in another program, accord-serve, to which the
// CLI hands its `serve` commands (Cli::handOverToServer). These are never called here.
#include "accord/host/server.hpp"

#include <stdexcept>

namespace accord::host {

namespace {

[[noreturn]] void elsewhere()
{
    throw std::logic_error("the server is in accord-serve, not in this program");
}

} // namespace

bool serverInThisProgram()
{
    return false;
}

std::filesystem::path defaultStateDir(const std::filesystem::path&)
{
    elsewhere();
}

int serve(const ServeOptions&, const Registries&, std::ostream&, std::ostream&)
{
    elsewhere();
}

std::string inviteUser(const std::filesystem::path&, const std::filesystem::path&, const std::string&, const std::string&)
{
    elsewhere();
}

void setUserPassword(const std::filesystem::path&, const std::filesystem::path&, const std::string&, const std::string&)
{
    elsewhere();
}

} // namespace accord::host
