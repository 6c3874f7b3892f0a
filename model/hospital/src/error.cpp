#include "strikesim/hospital/error.hpp"

#include "strikesim/hospital/limits.hpp"

namespace strikesim::model {

namespace detail {

std::string clip(std::string_view text) {
  if (text.size() <= limits::max_quoted_chars) return std::string(text);
  std::size_t cut = limits::max_quoted_chars;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;  // not inside a UTF-8 sequence
  std::string out(text.substr(0, cut));
  out += "... (";
  out += std::to_string(text.size());
  out += " characters)";
  return out;
}

}  // namespace detail

namespace {

std::string format_error(const source_ref& where, const std::string& key,
                         const std::string& message) {
  std::string out = where.file;
  if (where.line != 0) {
    out += ':';
    out += std::to_string(where.line);
    out += ':';
    out += std::to_string(where.column);
  }
  out += ": ";
  if (!key.empty()) out += detail::clip(key) + ": ";
  return out + message;
}

}  // namespace

scenario_error::scenario_error(source_ref where, std::string key, std::string message)
    : std::runtime_error(format_error(where, key, message)),
      where_(std::move(where)),
      key_(std::move(key)),
      message_(std::move(message)) {}

}  // namespace strikesim::model
