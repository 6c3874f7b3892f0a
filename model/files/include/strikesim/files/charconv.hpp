#pragma once
/// std::from_chars and std::to_chars for double where the standard library has none: libc++
/// before 14 (Debian 12's emscripten ships libc++ 13, whose overloads for double are deleted).
/// Elsewhere they are std::from_chars and std::to_chars themselves, so native builds read and
/// write numbers exactly as before.

#include <charconv>
#include <system_error>

#if defined(_LIBCPP_VERSION) && _LIBCPP_VERSION < 14000
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#define STRIKESIM_FROM_CHARS_BY_STRTOD 1
#endif

namespace strikesim::model {

/// As std::from_chars(first, last, value) in the general format: no leading space, no '+', no
/// hexadecimal; "nan", "inf" and "infinity" read; `value` unchanged on an error.
inline std::from_chars_result from_chars_double(const char* first, const char* last,
                                                double& value) {
#ifdef STRIKESIM_FROM_CHARS_BY_STRTOD
  const std::string text(first, last);  // strtod needs the terminating zero
  const std::size_t sign = !text.empty() && text[0] == '-' ? 1 : 0;
  const char c = sign < text.size() ? text[sign] : '\0';
  if (!((c >= '0' && c <= '9') || c == '.' || c == 'n' || c == 'N' || c == 'i' || c == 'I'))
    return {first, std::errc::invalid_argument};
  // "0x1p3" is 0 followed by "x1p3" in the general format, not a hexadecimal number.
  if (c == '0' && sign + 1 < text.size() && (text[sign + 1] == 'x' || text[sign + 1] == 'X')) {
    value = sign != 0 ? -0.0 : 0.0;
    return {first + sign + 1, std::errc{}};
  }
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return {first, std::errc::invalid_argument};
  const char* ptr = first + (end - text.c_str());
  if (errno == ERANGE && std::isinf(v)) return {ptr, std::errc::result_out_of_range};
  value = v;
  return {ptr, std::errc{}};
#else
  return std::from_chars(first, last, value);
#endif
}

/// As std::to_chars(first, last, value) without a format: text that reads back as `value`. The
/// fallback is printf's %g at the fewest digits that read back, which is as short but may choose
/// the other notation (100000 against 1e+05).
inline std::to_chars_result to_chars_double(char* first, char* last, double value) {
#ifdef STRIKESIM_FROM_CHARS_BY_STRTOD
  std::array<char, 32> buf{};
  int n = 0;
  for (int digits = 1; digits <= 17; ++digits) {
    n = std::snprintf(buf.data(), buf.size(), "%.*g", digits, value);
    if (std::strtod(buf.data(), nullptr) == value) break;
  }
  if (n < 0 || n > last - first) return {last, std::errc::value_too_large};
  for (int i = 0; i < n; ++i)
    first[i] = buf[static_cast<std::size_t>(i)];
  return {first + n, std::errc{}};
#else
  return std::to_chars(first, last, value);
#endif
}

}  // namespace strikesim::model
