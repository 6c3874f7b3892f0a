# Compile-fail test (in the manner of {fmt}'s test/compile-error-test): each snippet in this folder
# is compiled on its own, and must either fail with the error its header names or compile.
#
#   cmake -DCXX=<compiler> -DSOURCE_DIR=<repository> -P tests/compile_fail/check.cmake
#
# A snippet's header says what to expect:
#   // expect-error: FRAGMENT   must not compile; g++'s error text must contain FRAGMENT (one or
#                               more such lines, all must appear)
#   // expect-ok                must compile (a control: proves the harness itself works)
#
# Adding a case is adding one .cpp file: the folder is globbed here, at test time.
cmake_minimum_required(VERSION 3.25)

foreach(var CXX SOURCE_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "compile_fail: pass -D${var}=...")
  endif()
endforeach()

file(GLOB snippets "${CMAKE_CURRENT_LIST_DIR}/*.cpp")
list(SORT snippets)

set(failures 0)
set(n_error 0)
set(n_ok 0)
foreach(snippet IN LISTS snippets)
  get_filename_component(name "${snippet}" NAME_WE)
  file(STRINGS "${snippet}" expect_errors REGEX "^// expect-error: ")
  list(TRANSFORM expect_errors REPLACE "^// expect-error: " "")
  file(STRINGS "${snippet}" expect_ok REGEX "^// expect-ok$")

  # The project's compiler and language standard, kernel headers only; no sanitizer or warning
  # flags, as they change nothing about what compiles. LC_ALL=C: in a UTF-8 locale g++ quotes
  # with curly quotes and the fragments would not match; no colour codes in the text either.
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env LC_ALL=C
            ${CXX} -std=c++20 -fsyntax-only -fdiagnostics-color=never
            -I${SOURCE_DIR}/sim/include ${snippet}
    RESULT_VARIABLE rc
    ERROR_VARIABLE err
    OUTPUT_VARIABLE out)
  string(APPEND err "${out}")

  set(problem "")
  if(expect_ok AND expect_errors)
    set(problem "has both expect-ok and expect-error")
  elseif(expect_ok)
    math(EXPR n_ok "${n_ok} + 1")
    if(NOT rc EQUAL 0)
      set(problem "must compile, but did not")
    endif()
  elseif(expect_errors)
    math(EXPR n_error "${n_error} + 1")
    # Exactly one error, so the snippet is otherwise valid and fails only where it means to.
    string(REGEX MATCHALL "error: " errors "${err}")
    list(LENGTH errors n_errors)
    if(rc EQUAL 0)
      set(problem "compiled, but must not")
    elseif(NOT n_errors EQUAL 1)
      set(problem "failed with ${n_errors} errors, expected exactly 1")
    else()
      foreach(fragment IN LISTS expect_errors)
        string(FIND "${err}" "${fragment}" at)
        if(at EQUAL -1)
          set(problem "failed, but not with: ${fragment}")
          break()
        endif()
      endforeach()
    endif()
  else()
    set(problem "no '// expect-error: ' or '// expect-ok' line")
  endif()

  if(problem)
    math(EXPR failures "${failures} + 1")
    message("FAIL ${name}: ${problem}\n${err}")
  elseif(expect_ok)
    message("ok   ${name}: compiles")
  else()
    message("ok   ${name}: does not compile, as expected")
  endif()
endforeach()

# Without a control a broken harness passes vacuously; without a must-fail case nothing is tested.
if(n_ok EQUAL 0 OR n_error EQUAL 0)
  message(FATAL_ERROR "compile_fail: need at least one expect-ok and one expect-error snippet "
                      "(found ${n_ok} and ${n_error})")
endif()
if(failures GREATER 0)
  math(EXPR total "${n_ok} + ${n_error}")
  message(FATAL_ERROR "compile_fail: ${failures} of ${total} snippets went wrong")
endif()
message("compile_fail: ${n_error} must-fail cases and ${n_ok} controls as expected")
