#pragma once
/// Private to the reader: a thin checking layer over toml++. A checked_node is a TOML node that
/// knows its file and dotted key path ("staff[2].headcount"), so that every conversion can fail
/// with a scenario_error naming file, line:col and key; checked_table adds strict key checking.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "strikesim/files/reader.hpp"
#include "strikesim/hospital/limits.hpp"

namespace strikesim::model::detail {

// --- suggestions ---

// clip(): error.hpp (a hostile file can have a key or a string of megabytes).

/// Edit distance where swapping two neighbouring letters counts as one edit (optimal string
/// alignment), so "consultnat" is one edit from "consultant".
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i)
    d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j)
    d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

/// " (did you mean 'X'?)" for the nearest candidate at most two edits away (and nearer than the
/// word's own length), or "" if none is that near.
template <class Range>
std::string did_you_mean(std::string_view word, const Range& candidates) {
  std::string_view best;
  std::size_t best_distance = 3;
  for (const auto& c : candidates) {
    const std::string_view candidate{c};
    // The distance is at least the difference in length: skip the quadratic table for a word
    // that cannot be near (a hostile key of megabytes).
    const std::size_t gap = word.size() > candidate.size() ? word.size() - candidate.size()
                                                           : candidate.size() - word.size();
    if (gap >= best_distance) continue;
    const std::size_t dist = edit_distance(word, candidate);
    if (dist < best_distance && dist < std::max(word.size(), candidate.size())) {
      best = candidate;
      best_distance = dist;
    }
  }
  return best.empty() ? std::string{} : fmt::format("; did you mean '{}'?", best);
}

/// "a, b, c"
template <class Range>
std::string join(const Range& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += std::string_view{item};
  }
  return out;
}

/// The suggestion if one is near, else the list of what is allowed.
template <class Range>
std::string suggest(std::string_view word, const Range& candidates) {
  std::string s = did_you_mean(word, candidates);
  if (s.empty()) s = fmt::format(" (expected one of: {})", clip(join(candidates)));
  return s;
}

// --- ranges ---

/// An interval for range checks, described in messages as "in [0, 1]", ">= 0" or "> 0".
struct bounds {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;

  [[nodiscard]] bool contains(double x) const {
    return (lo_open ? x > lo : x >= lo) && (hi_open ? x < hi : x <= hi);
  }
  [[nodiscard]] std::string describe() const {
    if (std::isinf(hi)) return fmt::format("{} {}", lo_open ? ">" : ">=", lo);
    if (std::isinf(lo)) return fmt::format("{} {}", hi_open ? "<" : "<=", hi);
    return fmt::format("in {}{}, {}{}", lo_open ? '(' : '[', lo, hi, hi_open ? ')' : ']');
  }
};
inline bounds at_least(double lo) {
  return {lo};
}
inline bounds above(double lo) {
  return {lo, std::numeric_limits<double>::infinity(), true};
}
inline bounds between(double lo, double hi) {
  return {lo, hi};
}
inline bounds strictly_between(double lo, double hi) {
  return {lo, hi, true, true};
}
inline constexpr bounds any_number{};

// --- documents and nodes ---

/// A parsed TOML file. Only --set puts nodes without a source position into it, so an error at
/// such a node is reported against "--set" and the path the user typed.
struct document {
  std::string file;
  toml::table root;
  std::string set_prefix;  // prepended to a key to give the --set path ("trusts.kingston.")

  [[nodiscard]] source_ref locate(const toml::source_region& at) const {
    if (at.begin.line == 0) return {"--set", 0, 0};
    return {file, at.begin.line, at.begin.column};
  }
  [[noreturn]] void fail(const toml::source_region& at, const std::string& key,
                         std::string message) const {
    const source_ref where = locate(at);
    throw scenario_error(where, where.line == 0 ? set_prefix + key : key, std::move(message));
  }
};

/// How a node's value reads in a message: "a string (\"abc\")", "an integer (5)".
inline std::string describe(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string:
      return fmt::format("a string (\"{}\")", clip(*n.value<std::string>()));
    case toml::node_type::integer:
      return fmt::format("an integer ({})", *n.value<std::int64_t>());
    case toml::node_type::floating_point:
      return fmt::format("a number ({})", *n.value<double>());
    case toml::node_type::boolean:
      return fmt::format("a boolean ({})", *n.value<bool>());
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    default:
      return "nothing";
  }
}

class checked_table;
class checked_node;

/// Reads and parses a TOML file. A file named by another (`reference`) that cannot be read is
/// reported at the reference. (Defined in reader.cpp.)
document load_document(const std::filesystem::path& path, const checked_node* reference = nullptr);
/// Parses TOML text read from `file` (the name its messages give).
document parse_document(const std::string& text, const std::string& file);
/// Fails at `reference` if a file names this one, else at the file itself.
[[noreturn]] void fail_at(const checked_node* reference, const std::string& file,
                          std::string message);

/// A node and its key path; every conversion checks the type and the range.
class checked_node {
 public:
  checked_node(const document& doc, const toml::node& node, std::string path)
      : doc_(&doc), node_(&node), path_(std::move(path)) {}

  [[nodiscard]] const toml::node& node() const { return *node_; }
  [[nodiscard]] bool is_table() const { return node_->is_table(); }
  [[nodiscard]] source_ref where() const { return doc_->locate(node_->source()); }
  [[noreturn]] void fail(std::string message) const {
    doc_->fail(node_->source(), path_, std::move(message));
  }
  [[noreturn]] void type_error(std::string_view expected) const {
    fail(fmt::format("expected {}, got {}", expected, describe(*node_)));
  }

  [[nodiscard]] std::string as_string() const {
    if (const auto s = node_->value_exact<std::string>()) return *s;
    type_error("a string");
  }
  /// A non-empty string.
  [[nodiscard]] std::string as_name() const {
    std::string s = as_string();
    if (s.empty()) fail("must not be empty");
    return s;
  }
  [[nodiscard]] bool as_bool() const {
    if (const auto b = node_->value_exact<bool>()) return *b;
    type_error("true or false");
  }
  [[nodiscard]] std::int64_t as_int(std::int64_t lo, std::int64_t hi) const {
    const auto i = node_->value_exact<std::int64_t>();
    if (!i) type_error("an integer");
    if (*i < lo || *i > hi) fail(fmt::format("must be in [{}, {}], got {}", lo, hi, *i));
    return *i;
  }
  /// A finite number (an integer is accepted where a number is asked for).
  [[nodiscard]] double as_number(bounds range = any_number) const {
    double x = 0;
    if (const auto f = node_->value_exact<double>())
      x = *f;
    else if (const auto i = node_->value_exact<std::int64_t>())
      x = static_cast<double>(*i);
    else
      type_error("a number");
    if (!std::isfinite(x)) fail(fmt::format("must be a finite number, got {}", x));
    if (!range.contains(x)) fail(fmt::format("must be {}, got {}", range.describe(), x));
    return x;
  }
  /// The index of the string's value in `names`; `what` names the kind ("grade").
  template <class Range>
  [[nodiscard]] std::size_t as_one_of(const Range& names, std::string_view what) const {
    const std::string s = as_string();
    std::size_t i = 0;
    for (const auto& name : names) {
      if (s == std::string_view{name}) return i;
      ++i;
    }
    fail(fmt::format("unknown {} '{}'{}", what, clip(s), suggest(s, names)));
  }
  [[nodiscard]] checked_table as_table() const;
  /// The elements, each with its path "key[i]"; at least `min_size` and at most `max_size` of
  /// them (`limit` names the limit in the message).
  [[nodiscard]] std::vector<checked_node> as_array(
      std::size_t min_size = 0, std::size_t max_size = std::numeric_limits<std::size_t>::max(),
      std::string_view limit = "") const {
    const toml::array* a = node_->as_array();
    if (a == nullptr) type_error("an array");
    if (a->size() < min_size)
      fail(fmt::format("must have at least {} element{}", min_size, min_size == 1 ? "" : "s"));
    if (a->size() > max_size)
      fail(fmt::format("has {} elements; at most {} are allowed{}", a->size(), max_size, limit));
    std::vector<checked_node> out;
    for (std::size_t i = 0; i < a->size(); ++i)
      out.emplace_back(*doc_, *a->get(i), fmt::format("{}[{}]", path_, i));
    return out;
  }
  [[nodiscard]] std::vector<checked_table> as_tables(
      std::size_t min_size = 0, std::size_t max_size = std::numeric_limits<std::size_t>::max(),
      std::string_view limit = "") const;

 private:
  const document* doc_;
  const toml::node* node_;
  std::string path_;
};

/// A table: required and optional keys, and a check that no other key is present.
class checked_table {
 public:
  checked_table(const document& doc, const toml::table& table, std::string path)
      : doc_(&doc), table_(&table), path_(std::move(path)) {}

  [[nodiscard]] source_ref where() const { return doc_->locate(table_->source()); }
  [[nodiscard]] std::string key_path(std::string_view key) const {
    return path_.empty() ? std::string{key} : fmt::format("{}.{}", path_, key);
  }
  /// Fails at the table itself, naming `key` (a missing key, or a rule across keys).
  [[noreturn]] void fail(std::string_view key, std::string message) const {
    doc_->fail(table_->source(), key_path(key), std::move(message));
  }

  /// Every key must be one of `known`; the first unknown one in the file is reported.
  void allow_only(std::span<const std::string_view> known) const {
    const toml::key* first = nullptr;
    for (const auto& [key, value] : *table_) {
      if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
      if (first == nullptr || before(key.source(), first->source())) first = &key;
    }
    if (first == nullptr) return;
    const std::string_view key = first->str();
    std::string hint = did_you_mean(key, known);
    if (hint.empty()) hint = fmt::format(" (known keys: {})", join(known));
    doc_->fail(first->source(), key_path(key), fmt::format("unknown key '{}'{}", clip(key), hint));
  }
  void allow_only(std::initializer_list<std::string_view> known) const {
    allow_only(std::span<const std::string_view>(known.begin(), known.size()));
  }

  [[nodiscard]] bool has(std::string_view key) const { return table_->contains(key); }
  /// The table's keys, in the file's order.
  [[nodiscard]] std::vector<std::string> keys() const {
    std::vector<std::string> out;
    for (const auto& [key, value] : *table_)
      out.emplace_back(key.str());
    return out;
  }
  [[nodiscard]] std::optional<checked_node> find(std::string_view key) const {
    const toml::node* n = table_->get(key);
    if (n == nullptr) return std::nullopt;
    return checked_node(*doc_, *n, key_path(key));
  }
  [[nodiscard]] checked_node get(std::string_view key) const {
    if (auto n = find(key)) return *n;
    fail(key, "missing required key");
  }

  // Shorthands for the common cases; a default is used when the key is absent.
  [[nodiscard]] std::string get_string(std::string_view key) const { return get(key).as_name(); }
  [[nodiscard]] std::string get_string(std::string_view key, std::string fallback) const {
    const auto n = find(key);
    return n ? n->as_string() : std::move(fallback);
  }
  [[nodiscard]] std::int64_t get_int(std::string_view key, std::int64_t lo, std::int64_t hi) const {
    return get(key).as_int(lo, hi);
  }
  [[nodiscard]] std::int64_t get_int(std::string_view key, std::int64_t lo, std::int64_t hi,
                                     std::int64_t fallback) const {
    const auto n = find(key);
    return n ? n->as_int(lo, hi) : fallback;
  }
  [[nodiscard]] double get_number(std::string_view key, bounds range) const {
    return get(key).as_number(range);
  }
  [[nodiscard]] double get_number(std::string_view key, bounds range, double fallback) const {
    const auto n = find(key);
    return n ? n->as_number(range) : fallback;
  }
  [[nodiscard]] bool get_bool(std::string_view key, bool fallback) const {
    const auto n = find(key);
    return n ? n->as_bool() : fallback;
  }
  /// An array of tables ([[key]] or [ {...}, ... ]); empty when the key is absent.
  [[nodiscard]] std::vector<checked_table> get_tables(
      std::string_view key, std::size_t max_size = std::numeric_limits<std::size_t>::max(),
      std::string_view limit = "") const {
    const auto n = find(key);
    return n ? n->as_tables(0, max_size, limit) : std::vector<checked_table>{};
  }

 private:
  static bool before(const toml::source_region& a, const toml::source_region& b) {
    if (a.begin.line == 0) return false;  // keys added by --set come last
    if (b.begin.line == 0) return true;
    return std::pair(a.begin.line, a.begin.column) < std::pair(b.begin.line, b.begin.column);
  }

  const document* doc_;
  const toml::table* table_;
  std::string path_;
};

inline checked_table checked_node::as_table() const {
  const toml::table* t = node_->as_table();
  if (t == nullptr) type_error("a table");
  return checked_table(*doc_, *t, path_);
}

inline std::vector<checked_table> checked_node::as_tables(std::size_t min_size,
                                                          std::size_t max_size,
                                                          std::string_view limit) const {
  std::vector<checked_table> out;
  for (const checked_node& element : as_array(min_size, max_size, limit))
    out.push_back(element.as_table());
  return out;
}

/// The one top table `name` of a file that holds nothing else (a sweep, a record): an empty file,
/// or one without that table, says what it expected; any other top-level key is refused.
inline checked_table only_top_table(const document& doc, const std::string& name) {
  const checked_table root(doc, doc.root, "");
  if (!root.has(name))
    throw scenario_error({doc.file, 0, 0}, "",
                         doc.root.empty()
                             ? fmt::format("the file is empty: expected a [{}] table", name)
                             : fmt::format("not a {} file: expected a [{}] table", name, name));
  root.allow_only({name});
  return root.get(name).as_table();
}

}  // namespace strikesim::model::detail
