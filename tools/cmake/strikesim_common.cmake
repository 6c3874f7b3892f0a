# What the native build (CMakeLists.txt) and the WebAssembly build (tools/web/CMakeLists.txt)
# share: C++20, the compiler cache, a Release build by default, and our warnings (the target
# strikesim_warnings, which every target of ours links; -Werror with STRIKESIM_WERROR).
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
# A compiler cache when there is one (tools/install-deps.sh installs it): the MPI build and a
# rebuild after `git clean` reuse the objects of an earlier build with the same flags.
find_program(STRIKESIM_CCACHE ccache)
if(STRIKESIM_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${STRIKESIM_CCACHE})
endif()
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type" FORCE)
endif()

option(STRIKESIM_WERROR "Treat compiler warnings as errors" OFF)
add_library(strikesim_warnings INTERFACE)
target_compile_options(strikesim_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                                                    -Wnon-virtual-dtor -Wold-style-cast)
if(STRIKESIM_WERROR)
  target_compile_options(strikesim_warnings INTERFACE -Werror)
endif()
