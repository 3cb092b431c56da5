# accord_add_plugin(NAME ID <id> VERSION <x.y.z> SOURCES ... [LIBRARIES ...])
# Builds one run-time plugin as a MODULE library in the build's plugin folder,
# stamped with its id and version, and installs it where the host looks.
function(accord_add_plugin name)
  cmake_parse_arguments(ARG "" "ID;VERSION;OUTPUT_DIR" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_ID)
    set(ARG_ID ${name})
  endif()
  if(NOT ARG_VERSION)
    set(ARG_VERSION ${PROJECT_VERSION})
  endif()
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR ${ACCORD_PLUGIN_OUTPUT_DIR})
  endif()
  add_library(${name} MODULE ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE accord::plugin_api accord::warnings ${ARG_LIBRARIES})
  target_compile_definitions(${name} PRIVATE
    ACCORD_PLUGIN_ID="${ARG_ID}" ACCORD_PLUGIN_VERSION="${ARG_VERSION}")
  set_target_properties(${name} PROPERTIES
    PREFIX "" OUTPUT_NAME "accord-${ARG_ID}"
    LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIR}
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  if(ARG_OUTPUT_DIR STREQUAL ACCORD_PLUGIN_OUTPUT_DIR)
    install(TARGETS ${name} LIBRARY DESTINATION ${ACCORD_PLUGIN_DIR_NAME})
    set_property(GLOBAL APPEND PROPERTY ACCORD_PLUGIN_TARGETS ${name})
  endif()
endfunction()
