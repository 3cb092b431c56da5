# accord::warnings — the one set of warnings every target of the project compiles with.
add_library(accord_warnings INTERFACE)
add_library(accord::warnings ALIAS accord_warnings)
target_compile_options(accord_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wnull-dereference
  -Wimplicit-fallthrough
  # libgit2's *_INIT macros leave fields to their defaults, which clang would name.
  $<$<CXX_COMPILER_ID:Clang>:-Wno-missing-field-initializers>)
if(DEFINED ENV{CI})
  set(werror_default ON)
else()
  set(werror_default OFF)
endif()
option(ACCORD_WERROR "Treat warnings as errors (on by default under CI)" ${werror_default})
if(ACCORD_WERROR OR CI_WERROR)
  target_compile_options(accord_warnings INTERFACE -Werror)
endif()

# The slower builds of .ci/run: sanitizers over the whole suite, and libFuzzer targets.
option(ACCORD_SANITIZE "Build everything with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(ACCORD_FUZZ "Build the libFuzzer targets (clang only) instead of the tests" OFF)
if(ACCORD_SANITIZE OR ACCORD_FUZZ)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
# The program allocates as it parses and writes large documents (a model, pugixml trees,
# strings): mimalloc in place of glibc's malloc takes a tenth off a 10 MB export or merge.
# Not under the sanitizers, which bring their own allocator.
option(ACCORD_MIMALLOC "Link the accord program with mimalloc" ON)
if(ACCORD_SANITIZE OR ACCORD_FUZZ)
  set(ACCORD_MIMALLOC OFF)
endif()
if(ACCORD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "ACCORD_FUZZ needs clang: configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
