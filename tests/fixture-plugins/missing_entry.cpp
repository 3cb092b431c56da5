// A shared library with a Poco manifest but no accord_plugin_info(): not an Accord plugin.
#include "accord/plugin/api.hpp"

#include <Poco/ClassLibrary.h>
#include <cstdlib>

namespace {

class NoInfoPlugin final : public accord::plugin::Plugin {
public:
    void registerWith(accord::plugin::Registrar&) override { std::abort(); }
};

} // namespace

POCO_BEGIN_MANIFEST(accord::plugin::Plugin)
POCO_EXPORT_CLASS(NoInfoPlugin)
POCO_END_MANIFEST
