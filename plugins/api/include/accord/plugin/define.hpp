#pragma once

/// Include once, in the plugin's main source file, and write
/// `ACCORD_PLUGIN(MyPlugin, "what it does")` at namespace scope.

#include "accord/plugin/api.hpp"

#include <Poco/ClassLibrary.h>

#define ACCORD_PLUGIN(PluginClass, summaryText)                                                       \
    extern "C" __attribute__((visibility("default"))) const accord::plugin::PluginInfo*             \
    accord_plugin_info()                                                                              \
    {                                                                                                 \
        static const accord::plugin::PluginInfo info{accord::plugin::kApiVersion, ACCORD_PLUGIN_ID,   \
                                                     ACCORD_PLUGIN_VERSION, summaryText,              \
                                                     accord::plugin::kAccordVersion};                 \
        return &info;                                                                                 \
    }                                                                                                 \
    POCO_BEGIN_MANIFEST(accord::plugin::Plugin)                                                       \
    POCO_EXPORT_CLASS(PluginClass)                                                                    \
    POCO_END_MANIFEST
