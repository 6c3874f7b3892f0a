#pragma once
/// Private to the reader: `--set` edits of a parsed TOML document, made before it is checked.
/// The new node has no source position, which is how later errors know it came from --set.

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "checked_toml.hpp"
#include "strikesim/files/charconv.hpp"
#include "strikesim/files/reader.hpp"

namespace strikesim::model::detail {

[[noreturn]] inline void set_error(const std::string& full_path, std::string message) {
  throw scenario_error({"--set", 0, 0}, full_path, std::move(message));
}

/// One step of a TOML path: a key, or an index into an array.
struct path_step {
  std::string key;
  std::optional<std::size_t> index;
};

inline bool is_bare_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

/// "table.key[2].key" -> steps (bare keys only).
inline std::vector<path_step> parse_toml_path(std::string_view path, const std::string& full_path) {
  const auto malformed = [&](std::string_view why) {
    set_error(full_path, fmt::format("malformed path: {}", why));
  };
  std::vector<path_step> steps;
  std::size_t i = 0;
  while (true) {
    std::size_t end = i;
    while (end < path.size() && is_bare_key_char(path[end]))
      ++end;
    if (end == i) malformed(i < path.size() ? fmt::format("unexpected '{}'", path[i]) : "no key");
    steps.push_back({std::string(path.substr(i, end - i)), std::nullopt});
    if (steps.size() > static_cast<std::size_t>(limits::max_key_depth))
      malformed(fmt::format("more than {} keys deep", limits::max_key_depth));
    i = end;
    while (i < path.size() && path[i] == '[') {
      const std::size_t close = path.find(']', i);
      const std::string_view digits =
          path.substr(i + 1, close == std::string_view::npos ? 0 : close - i - 1);
      std::size_t index = 0;
      const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      if (close == std::string_view::npos || digits.empty() || ec != std::errc{} ||
          ptr != digits.data() + digits.size())
        malformed("expected an index such as [3]");
      steps.push_back({{}, index});
      i = close + 1;
    }
    if (i == path.size()) return steps;
    if (path[i] != '.') malformed(fmt::format("unexpected '{}'", path[i]));
    ++i;
  }
}

inline std::optional<std::int64_t> parse_integer(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

inline std::optional<double> parse_float(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0;
  const auto [ptr, ec] = from_chars_double(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

/// The type a new key's VALUE reads as: integer, number, true/false, or otherwise a string.
inline toml::node_type inferred_type(std::string_view text) {
  if (text == "true" || text == "false") return toml::node_type::boolean;
  if (parse_integer(text)) return toml::node_type::integer;
  if (parse_float(text)) return toml::node_type::floating_point;
  return toml::node_type::string;
}

[[noreturn]] inline void value_error(const std::string& full_path, std::string_view text,
                                     std::string_view expected) {
  set_error(full_path, fmt::format("'{}' is not {}", text, expected));
}

/// VALUE as a node of type `type`, held under key "v" of the returned table. Arrays, dates and
/// times are written as in TOML (`["a", "b"]`, `2016-01-12T08:00:00`).
inline toml::table value_node(toml::node_type type, std::string_view text,
                              const std::string& full_path) {
  switch (type) {
    case toml::node_type::integer:
      if (const auto i = parse_integer(text)) return toml::table{{"v", *i}};
      value_error(full_path, text, "an integer");
    case toml::node_type::floating_point:
      if (const auto x = parse_float(text)) return toml::table{{"v", *x}};
      value_error(full_path, text, "a number");
    case toml::node_type::boolean:
      if (text != "true" && text != "false") value_error(full_path, text, "true or false");
      return toml::table{{"v", text == "true"}};
    case toml::node_type::string:
      return toml::table{{"v", std::string(text)}};
    case toml::node_type::table:
      set_error(full_path, "this names a table; set one of its keys instead");
    default: {
      toml::table holder;
      try {
        const std::string source = fmt::format("v = {}", text);
        holder = toml::parse(source, std::string_view("--set"));
      } catch (const toml::parse_error&) {
        holder.clear();
      }
      if (holder.size() != 1 || holder.get("v") == nullptr || holder.get("v")->type() != type)
        value_error(full_path, text,
                    type == toml::node_type::array ? "a TOML array" : "a TOML date or time");
      return holder;
    }
  }
}

/// Sets `doc_path` (a TOML path inside `root`) to `text`, keeping the type of the value it
/// replaces. A missing last key is added, and missing tables on the way are made, so that the
/// strict check then reports a key that does not belong; arrays are never extended.
inline void apply_set(toml::table& root, std::string_view doc_path, std::string_view text,
                      const std::string& full_path) {
  const std::vector<path_step> steps = parse_toml_path(doc_path, full_path);
  toml::node* current = &root;
  std::string walked;  // the part of doc_path followed so far, for messages
  // The new value is copied out of value_node's holder: a toml++ copy has no source position.
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const path_step& step = steps[i];
    const bool last = i + 1 == steps.size();
    if (!step.index) {
      toml::table* table = current->as_table();
      if (table == nullptr)
        set_error(full_path, fmt::format("'{}' is {}, not a table", walked, describe(*current)));
      toml::node* next = table->get(step.key);
      if (last) {
        // A distribution (a table with 'dist') set to a number becomes that constant.
        const bool distribution = next && next->is_table() && next->as_table()->contains("dist");
        if (distribution && parse_float(text)) {
          table->insert_or_assign(step.key, *parse_float(text));
          return;
        }
        const toml::table v =
            value_node(next ? next->type() : inferred_type(text), text, full_path);
        table->insert_or_assign(step.key, *v.get("v"));
        return;
      }
      if (next == nullptr) next = table->insert(step.key, toml::table{}).first->second.as_table();
      walked += walked.empty() ? step.key : "." + step.key;
      current = next;
    } else {
      toml::array* array = current->as_array();
      if (array == nullptr)
        set_error(full_path, fmt::format("'{}' is {}, not an array", walked, describe(*current)));
      if (*step.index >= array->size())
        set_error(full_path,
                  fmt::format("index {} is out of range: '{}' has {} element{}", *step.index,
                              walked, array->size(), array->size() == 1 ? "" : "s"));
      toml::node* next = array->get(*step.index);
      if (last) {
        const toml::table v = value_node(next->type(), text, full_path);
        array->replace(array->cbegin() + static_cast<std::ptrdiff_t>(*step.index), *v.get("v"));
        return;
      }
      walked += fmt::format("[{}]", *step.index);
      current = next;
    }
  }
}

}  // namespace strikesim::model::detail
