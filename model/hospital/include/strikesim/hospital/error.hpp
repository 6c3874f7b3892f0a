#pragma once
/// The one user-facing error for bad scenario input, raised by the scenario files and by the
/// checks of a run (its memory estimate); `main` prints it and exits with code 2.

#include <stdexcept>
#include <string>
#include <string_view>

#include "strikesim/hospital/scenario.hpp"

namespace strikesim::model {

/// what() reads "FILE:LINE:COL: KEY: MESSAGE" (LINE:COL omitted when unknown).
class scenario_error : public std::runtime_error {
 public:
  scenario_error(source_ref where, std::string key, std::string message);
  [[nodiscard]] const source_ref& where() const noexcept { return where_; }
  [[nodiscard]] const std::string& key() const noexcept { return key_; }
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

 private:
  source_ref where_;
  std::string key_;
  std::string message_;
};

namespace detail {
/// `text`, or its first limits::max_quoted_chars characters (not cutting a UTF-8 sequence) and
/// "... (N characters)": what a message quotes of a key or value from a file.
std::string clip(std::string_view text);
}  // namespace detail

}  // namespace strikesim::model
