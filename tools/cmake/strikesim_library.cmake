# One library of ours, the same in the native build (CMakeLists.txt) and the WebAssembly build
# (tools/web/CMakeLists.txt): strikesim_NAME with the alias strikesim::NAME, its include/ folder
# public, our warnings on.
#   strikesim_library(NAME SOURCES a.cpp ... [PUBLIC targets ...] [PRIVATE targets ...])
function(strikesim_library name)
  cmake_parse_arguments(arg "" "" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  add_library(strikesim_${name} ${arg_SOURCES})
  add_library(strikesim::${name} ALIAS strikesim_${name})
  target_include_directories(strikesim_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  target_link_libraries(strikesim_${name} PUBLIC ${arg_PUBLIC} PRIVATE ${arg_PRIVATE}
                        strikesim_warnings)
endfunction()
