#pragma once
/// STRIKESIM_ASSERT: an internal-invariant check. It fires only on a bug in strikesim itself,
/// never on bad user input (that is reported as an error). Compiled out with NDEBUG unless
/// STRIKESIM_ENABLE_ASSERTS is defined.

#include <cstdio>
#include <cstdlib>

namespace strikesim::sim::detail {
[[noreturn]] inline void assert_fail(const char* cond, const char* file, int line) {
  std::fprintf(stderr, "strikesim: internal error: %s:%d: assertion failed: %s\n", file, line,
               cond);
  std::abort();
}
}  // namespace strikesim::sim::detail

#if !defined(NDEBUG) || defined(STRIKESIM_ENABLE_ASSERTS)
#define STRIKESIM_ASSERT(cond) \
  ((cond) ? static_cast<void>(0) : ::strikesim::sim::detail::assert_fail(#cond, __FILE__, __LINE__))
#else
#define STRIKESIM_ASSERT(cond) static_cast<void>(0)
#endif
