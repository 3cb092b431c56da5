# accord::warnings — the one set of warnings every target of the project compiles with.
add_library(accord_warnings INTERFACE)
add_library(accord::warnings ALIAS accord_warnings)
target_compile_options(accord_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wnull-dereference
  -Wimplicit-fallthrough)
if(CI_WERROR OR DEFINED ENV{CI})
  target_compile_options(accord_warnings INTERFACE -Werror)
endif()
