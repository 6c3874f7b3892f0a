#include "strikesim/files/reader.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <numeric>
#include <sstream>
#include <tuple>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "checked_toml.hpp"
#include "input_file.hpp"
#include "strikesim/sim/random.hpp"
#include "toml_set.hpp"

namespace strikesim::model {

namespace detail {

namespace fs = std::filesystem;

[[noreturn]] void fail_at(const checked_node* reference, const std::string& file,
                          std::string message) {
  if (reference != nullptr) reference->fail(std::move(message));
  throw scenario_error({file, 0, 0}, "", std::move(message));
}

namespace {

/// Skips a TOML string starting at `i` (at its opening quote); returns the index after it (or at
/// the end of the line for an unterminated single-line string: toml++ reports those).
std::size_t skip_string(std::string_view text, std::size_t i) {
  const char quote = text[i];
  const bool literal = quote == '\'';
  const bool multi = text.substr(i, 3) == std::string(3, quote);
  i += multi ? 3 : 1;
  while (i < text.size()) {
    const char c = text[i];
    if (!literal && c == '\\') {
      i += 2;
    } else if (multi && text.substr(i, 3) == std::string(3, quote)) {
      i += 3;
      while (i < text.size() && text[i] == quote)  // up to two quotes may close the content
        ++i;
      return i;
    } else if (!multi && (c == quote || c == '\n')) {
      return c == quote ? i + 1 : i;
    } else {
      ++i;
    }
  }
  return i;
}

/// The position at which the nesting of tables, keys, arrays and inline tables in TOML text first
/// goes deeper than `limit` (a header [a.b.c] is 3 deep; `d.e = [{ f = 1 }]` under it reaches
/// 3 + 2 + 1 + 1 + 1 = 8), or npos. A scan that knows strings, comments and brackets, run before
/// toml++ parses the text: toml++ bounds nested values itself but walks dotted keys and table
/// headers recursively, so a key thousands deep would overflow the stack. Malformed text is left
/// to toml++ to report.
std::size_t too_deep(std::string_view text, int limit) {
  enum class frame_kind { array, table, value };  // value: the value of a key, up to its end
  struct frame {
    frame_kind kind;
    int depth;
  };
  std::vector<frame> open;
  int header = 0;  // the depth of the current [table]
  bool expect_key = true;
  std::size_t i = 0;
  const auto skip_blank = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
      ++i;
  };
  // Reads a (dotted) key from i; returns how many parts it has.
  const auto key_parts = [&] {
    int parts = 0;
    for (;;) {
      skip_blank();
      if (i >= text.size()) break;
      if (text[i] == '"' || text[i] == '\'') {
        i = skip_string(text, i);
      } else if (is_bare_key_char(text[i])) {
        while (i < text.size() && is_bare_key_char(text[i]))
          ++i;
      } else {
        break;
      }
      ++parts;
      skip_blank();
      if (i >= text.size() || text[i] != '.') break;
      ++i;
    }
    return parts;
  };
  const auto top_is = [&](frame_kind k) { return !open.empty() && open.back().kind == k; };
  while (i < text.size()) {
    const char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n')
        ++i;
      continue;
    }
    if (c == '\n') {
      if (open.size() == 1 && top_is(frame_kind::value)) open.pop_back();  // a key's value ends
      if (open.empty()) expect_key = true;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    if (expect_key && c != '}') {
      expect_key = false;
      if (open.empty() && c == '[') {  // a table header: [a.b] or [[a.b]]
        i += text.substr(i, 2) == "[[" ? 2 : 1;
        const std::size_t at = i;
        header = key_parts();
        if (header > limit) return at;
        continue;
      }
      const std::size_t at = i;
      const int depth = (open.empty() ? header : open.back().depth) + key_parts();
      if (depth > limit) return at;
      skip_blank();
      if (i < text.size() && text[i] == '=') ++i;
      open.push_back({frame_kind::value, depth});
      continue;
    }
    expect_key = false;
    const int current = open.empty() ? header : open.back().depth;
    if (c == '"' || c == '\'') {
      i = skip_string(text, i);
      continue;
    }
    if (c == '[' || c == '{') {
      if (current + 1 > limit) return i;
      open.push_back({c == '{' ? frame_kind::table : frame_kind::array, current + 1});
      expect_key = c == '{';
    } else if (c == ']') {
      if (top_is(frame_kind::array)) open.pop_back();
    } else if (c == '}') {
      if (top_is(frame_kind::value)) open.pop_back();
      if (top_is(frame_kind::table)) open.pop_back();
    } else if (c == ',') {
      if (top_is(frame_kind::value)) open.pop_back();
      expect_key = top_is(frame_kind::table);
    }
    ++i;
  }
  return std::string_view::npos;
}

/// Line and column (1-based) of a byte position.
std::pair<std::uint32_t, std::uint32_t> line_column(std::string_view text, std::size_t pos) {
  std::uint32_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, static_cast<std::uint32_t>(pos - line_start + 1)};
}

}  // namespace

std::string read_input_file(const fs::path& path,
                            const std::function<void(const std::string& why)>& refuse_with) {
  const auto refuse = [&](const std::string& why) {
    refuse_with(why);
    throw scenario_error({path.string(), 0, 0}, "", why);  // refuse_with must throw
  };
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (status.type() == fs::file_type::not_found) refuse("no such file");
  if (ec) refuse(ec.message());  // a symbolic link loop, a folder that may not be searched
  if (fs::is_directory(status)) refuse("not a regular file: a directory");
  if (!fs::is_regular_file(status)) refuse("not a regular file: a device, pipe or socket");
  const std::uintmax_t size = fs::file_size(path, ec);
  const auto too_big = [&](std::uintmax_t bytes, bool at_least) {
    refuse(fmt::format("the file is {}{} bytes; at most {} bytes ({} MiB) are read",
                       at_least ? "over " : "", bytes, limits::max_file_bytes,
                       limits::max_file_bytes / (std::uintmax_t{1024} * 1024)));
  };
  if (!ec && size > limits::max_file_bytes) too_big(size, false);
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) refuse(fmt::format("cannot open it: {}", std::strerror(errno)));
  // Read in pieces up to the limit: a file may grow, and some (in /proc) report no size.
  std::string text;
  if (!ec) text.reserve(static_cast<std::size_t>(size));
  std::array<char, 65536> piece{};
  while (in.read(piece.data(), piece.size()) || in.gcount() > 0) {
    text.append(piece.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > limits::max_file_bytes) too_big(limits::max_file_bytes, true);
  }
  if (in.bad()) refuse("reading failed");
  return text;
}

/// Reads and parses a TOML file. A file named by another (`reference`) that cannot be read is
/// reported at the reference.
document load_document(const fs::path& path, const checked_node* reference) {
  const std::string file = path.string();
  return parse_document(
      read_input_file(path,
                      [&](const std::string& why) {
                        fail_at(reference, file,
                                reference ? fmt::format("cannot read '{}': {}", file, why) : why);
                      }),
      file);
}

document parse_document(const std::string& text, const std::string& file) {
  document doc;
  doc.file = file;
  if (const std::size_t at = too_deep(text, limits::max_key_depth); at != std::string_view::npos) {
    const auto [line, column] = line_column(text, at);
    throw scenario_error(
        {doc.file, line, column}, "",
        fmt::format("tables, keys and values are nested more than {} deep here; at "
                    "most {} levels are allowed",
                    limits::max_key_depth, limits::max_key_depth));
  }
  try {
    doc.root = toml::parse(text, doc.file);
  } catch (const toml::parse_error& e) {
    std::string why(e.description());
    // toml++ 3.3 says "expected hour between 0 to 59" of an hour: put right what it means.
    constexpr std::string_view wrong_hour = "expected hour between 0 to 59";
    if (const std::size_t at = why.find(wrong_hour); at != std::string::npos)
      why.replace(at, wrong_hour.size(), "expected hour between 0 and 23");
    throw scenario_error({doc.file, e.source().begin.line, e.source().begin.column}, "", why);
  }
  return doc;
}

}  // namespace detail

namespace {

namespace fs = std::filesystem;
using detail::above;
using detail::at_least;
using detail::between;
using detail::checked_node;
using detail::checked_table;
using detail::document;
using detail::fail_at;
using detail::load_document;
using detail::strictly_between;

using limits::max_action_days;

// --- names of enumerations as they are written in files ---

constexpr std::array<const char*, 2> action_kind_names = {"emergency_cover_only", "full_walkout"};
constexpr std::array<const char*, 3> day_kind_names = {"weekday", "weekend", "all"};
constexpr std::array<const char*, 7> day_names = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
// Indexed by file_kind: the top table that tells the kinds of file apart.
constexpr std::array<std::string_view, 4> top_tables = {"scenario", "trust", "action", "policy"};

template <class E, std::size_t N>
E enum_at(const checked_node& n, const std::array<const char*, N>& names, std::string_view what) {
  return static_cast<E>(n.as_one_of(names, what));
}

// --- files ---

std::optional<file_kind> kind_of(const toml::table& root) {
  for (std::size_t i = 0; i < top_tables.size(); ++i)
    if (root.contains(top_tables[i])) return static_cast<file_kind>(i);
  return std::nullopt;
}

/// Fails if the document is empty or is another kind of file, at `reference` if it names the
/// file. (A file with none of the top tables is left to the strict check, which suggests a
/// near key for a misspelt one.)
void expect_kind(const document& doc, file_kind expected, const checked_node* reference) {
  constexpr std::array<const char*, 4> kind_names = {"a scenario", "a trust", "an action",
                                                     "a policy"};
  const auto describe = [&](file_kind k) {
    const auto i = static_cast<std::size_t>(k);
    return fmt::format("{} file ([{}])", kind_names[i], top_tables[i]);
  };
  const auto found = kind_of(doc.root);
  std::string message;
  if (doc.root.empty())
    message = fmt::format("the file is empty: expected {}", describe(expected));
  else if (!found && doc.root.contains("sweep"))
    message =
        fmt::format("this is a sweep file ([sweep]), not {} (run a sweep with strikesim sweep)",
                    describe(expected));
  else if (found && found != expected)
    message = fmt::format("this is {}, not {}", describe(*found), describe(expected));
  else
    return;
  if (reference) message = fmt::format("'{}': {}", doc.file, message);
  fail_at(reference, doc.file, std::move(message));
}

// --- times and dates ---

/// `n` decimal digits of `s` from `pos`, or nullopt.
std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  for (const char c : s.substr(pos, n)) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

/// "HH:MM" -> minutes after midnight.
std::optional<int> parse_clock(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  const auto h = digits(s, 0, 2);
  const auto m = digits(s, 3, 2);
  if (!h || !m || *h > 23 || *m > 59) return std::nullopt;
  return *h * 60 + *m;
}

/// "YYYY-MM-DD" (not checked for being a real date).
std::optional<date> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  const auto y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
  if (!y || !m || !d) return std::nullopt;
  return date{*y, *m, *d};
}

std::string format_time(const local_time& t) {
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}", t.day.year, t.day.month, t.day.day,
                     t.minute / 60, t.minute % 60);
}

int as_clock(const checked_node& n) {
  const std::string s = n.as_string();
  const auto minute = parse_clock(s);
  if (!minute)
    n.fail(fmt::format("expected a time of day \"HH:MM\" (00:00 to 23:59), got \"{}\"",
                       detail::clip(s)));
  return *minute;
}

/// "HH:MM-HH:MM", ending after it starts -> (start, end) minutes after midnight.
std::pair<int, int> as_clock_range(const checked_node& n) {
  const std::string s = n.as_string();
  const auto start = s.size() == 11 && s[5] == '-' ? parse_clock(s.substr(0, 5)) : std::nullopt;
  const auto end = start ? parse_clock(s.substr(6)) : std::nullopt;
  if (!end)
    n.fail(fmt::format("expected \"HH:MM-HH:MM\" (00:00 to 23:59), got \"{}\"", detail::clip(s)));
  if (*end <= *start) n.fail(fmt::format("must end after it starts, got \"{}\"", s));
  return {*start, *end};
}

date checked_date(const checked_node& n, date d) {
  if (!valid_date(d))
    n.fail(fmt::format("{:04}-{:02}-{:02} is not a valid date", d.year, d.month, d.day));
  return d;
}

/// A TOML local date or a string "YYYY-MM-DD".
date as_date(const checked_node& n) {
  if (const auto* d = n.node().as_date()) {
    const toml::date& v = d->get();
    return date{v.year, v.month, v.day};
  }
  const auto s = n.node().value_exact<std::string>();
  if (!s) n.type_error("a date (2016-01-12 or \"2016-01-12\")");
  const auto d = parse_date(*s);
  if (!d) n.fail(fmt::format("expected a date \"YYYY-MM-DD\", got \"{}\"", detail::clip(*s)));
  return checked_date(n, *d);
}

/// A TOML local date-time or a string "YYYY-MM-DDTHH:MM", to the minute.
local_time as_any_local_time(const checked_node& n) {
  if (const auto* dt = n.node().as_date_time()) {
    const toml::date_time& v = dt->get();
    if (v.offset) n.fail("expected a local date-time (no time-zone offset): times are UK local");
    if (v.time.second != 0 || v.time.nanosecond != 0)
      n.fail("times are to the minute: the seconds must be 0");
    return {date{v.date.year, v.date.month, v.date.day}, v.time.hour * 60 + v.time.minute};
  }
  const auto s = n.node().value_exact<std::string>();
  if (!s) n.type_error("a local date-time (2016-01-12T08:00:00 or \"2016-01-12T08:00\")");
  const bool shape_ok = (s->size() == 16 || (s->size() == 19 && s->substr(16) == ":00")) &&
                        ((*s)[10] == 'T' || (*s)[10] == ' ');
  const auto d = shape_ok ? parse_date(s->substr(0, 10)) : std::nullopt;
  const auto minute = d ? parse_clock(s->substr(11, 5)) : std::nullopt;
  if (!minute)
    n.fail(fmt::format("expected a local date-time \"YYYY-MM-DDTHH:MM\", got \"{}\"",
                       detail::clip(*s)));
  return {checked_date(n, *d), *minute};
}

constexpr std::array<const char*, 12> month_names = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

/// "27 March 2016"
std::string long_date(const date& d) {
  return fmt::format("{} {} {}", d.day, month_names[static_cast<std::size_t>(d.month - 1)], d.year);
}

/// The last Sunday of March or October (both have 31 days) of `year`.
date last_sunday(int year, int month) {
  date d{year, month, 31};
  d.day -= (weekday_of(d) + 1) % 7;  // weekday_of: 0 = Monday, 6 = Sunday
  return d;
}

/// The UK clock change on `d` (the rule in force since 1996): +1 on the last Sunday of March,
/// when 01:00 GMT becomes 02:00 BST; -1 on the last Sunday of October, when 02:00 BST becomes
/// 01:00 GMT; else 0. Either way the local hour from 01:00 to 01:59 is the odd one: it never
/// happens in March and happens twice in October.
int clock_change_on(const date& d) {
  if ((d.month == 3 || d.month == 10) && d == last_sunday(d.year, d.month))
    return d.month == 3 ? 1 : -1;
  return 0;
}

/// Fails at `n` if `t` is a UK local time that does not exist or is ambiguous.
local_time checked_uk_time(const checked_node& n, const local_time& t) {
  const int change = clock_change_on(t.day);
  if (change == 0 || t.minute < 60 || t.minute >= 120) return t;
  if (change > 0)
    n.fail(
        fmt::format("{} does not exist in UK local time: the clocks go forward from 01:00 to "
                    "02:00 on {}",
                    format_time(t), long_date(t.day)));
  n.fail(
      fmt::format("{} happens twice in UK local time (the clocks go back from 02:00 to 01:00 "
                  "on {}): give a time before 01:00 or from 02:00",
                  format_time(t), long_date(t.day)));
}

/// A TOML local date-time or a string "YYYY-MM-DDTHH:MM", to the minute, that exists in UK local
/// time.
local_time as_local_time(const checked_node& n) {
  const local_time t = as_any_local_time(n);
  return checked_uk_time(n, t);
}

/// Minutes since 1970-01-01 00:00 local time, every day 1440 minutes long.
std::int64_t absolute_minute(const local_time& t) {
  return days_from_civil(t.day) * 1440 + t.minute;
}

/// The inverse of days_from_civil (Howard Hinnant's algorithm).
date civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
  return {static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

// --- small shared checks ---

/// Fails at `n` if `id` was seen before in `seen` (ids of one kind), naming where.
void check_unique(std::map<std::string, source_ref>& seen, const checked_node& n,
                  const std::string& id, std::string_view what) {
  const auto [it, added] = seen.emplace(id, n.where());
  if (added) return;
  const std::string first =
      it->second.line != 0 ? fmt::format(" (first at line {})", it->second.line) : "";
  n.fail(fmt::format("duplicate {} '{}'{}", what, detail::clip(id), first));
}

/// A list of distinct names from `names`, at least one.
template <class E, std::size_t N>
std::vector<E> as_enum_list(const checked_node& n, const std::array<const char*, N>& names,
                            std::string_view what) {
  std::vector<E> out;
  std::map<std::string, source_ref> seen;
  for (const checked_node& element : n.as_array(1)) {
    out.push_back(enum_at<E>(element, names, what));
    check_unique(seen, element, element.as_string(), what);
  }
  return out;
}

/// Fails at `n` (the list of shares) unless the shares sum to 1 within 1e-6.
void check_sum_to_one(const checked_node& n, double sum, std::string_view what) {
  if (std::abs(sum - 1.0) > 1e-6)
    n.fail(fmt::format("the {} shares must sum to 1, they sum to {}", what, sum));
}

/// 24 non-negative numbers, one for each hour of the day.
std::array<double, 24> as_hourly(const checked_node& n) {
  const std::vector<checked_node> values = n.as_array();
  if (values.size() != 24)
    n.fail(fmt::format("expected 24 numbers (one per hour from midnight), got {}", values.size()));
  std::array<double, 24> out{};
  for (std::size_t h = 0; h < 24; ++h)
    out[h] = values[h].as_number(between(0, limits::max_per_hour));
  return out;
}

// --- distributions ---

/// What a random quantity stands for, which limits the values it may take.
enum class quantity { minutes, share };

/// Which values a form's parameter may take.
enum class param_role { location, positive, unit_open };  // location: a value it takes
/// A form's parameter: its key in the file and the field of distribution_spec it fills.
struct param {
  const char* name = nullptr;
  double distribution_spec::*field = nullptr;
  param_role role = param_role::location;
};
struct distribution_form {
  distribution_spec::kind kind;
  std::array<param, 3> params;
};
constexpr std::array<const char*, 8> distribution_names = {
    "constant", "exponential", "lognormal", "gamma", "weibull", "triangular", "uniform", "beta"};
constexpr std::array<distribution_form, 8> distribution_forms = {{
    {distribution_spec::kind::constant, {{{"value", &distribution_spec::value}}}},
    {distribution_spec::kind::exponential,
     {{{"mean", &distribution_spec::mean, param_role::positive}}}},
    {distribution_spec::kind::lognormal,
     {{{"mean", &distribution_spec::mean, param_role::positive},
       {"sd", &distribution_spec::sd, param_role::positive}}}},
    {distribution_spec::kind::gamma,
     {{{"shape", &distribution_spec::shape, param_role::positive},
       {"scale", &distribution_spec::scale, param_role::positive}}}},
    {distribution_spec::kind::weibull,
     {{{"shape", &distribution_spec::shape, param_role::positive},
       {"scale", &distribution_spec::scale, param_role::positive}}}},
    {distribution_spec::kind::triangular,
     {{{"low", &distribution_spec::low},
       {"mode", &distribution_spec::mode},
       {"high", &distribution_spec::high}}}},
    {distribution_spec::kind::uniform,
     {{{"low", &distribution_spec::low}, {"high", &distribution_spec::high}}}},
    {distribution_spec::kind::beta,
     {{{"mean", &distribution_spec::mean, param_role::unit_open},
       {"sd", &distribution_spec::sd, param_role::positive}}}},
}};

detail::bounds bounds_of(param_role role, quantity q) {
  switch (role) {
    case param_role::positive:
      return above(0);
    case param_role::unit_open:
      return strictly_between(0, 1);
    case param_role::location:
      break;
  }
  return q == quantity::share ? between(0, 1) : at_least(0);
}

/// A bare number (a constant) or an inline table `{ dist = "...", ... }`.
distribution_spec as_distribution(const checked_node& n, quantity q) {
  using kind = distribution_spec::kind;
  distribution_spec spec;
  spec.where = n.where();
  if (n.node().is_number()) {
    spec.value = n.as_number(bounds_of(param_role::location, q));
    return spec;
  }
  if (!n.node().is_table()) n.type_error("a number or a distribution { dist = \"...\", ... }");
  const checked_table t = n.as_table();
  if (!t.has("dist"))  // a misspelt "dist" reads better as an unknown key
    t.allow_only({"dist", "value", "mean", "sd", "shape", "scale", "low", "mode", "high"});
  const checked_node dist = t.get("dist");
  const distribution_form& form =
      distribution_forms[dist.as_one_of(distribution_names, "distribution")];
  spec.type = form.kind;
  if (q == quantity::share && (form.kind == kind::exponential || form.kind == kind::lognormal ||
                               form.kind == kind::gamma || form.kind == kind::weibull))
    dist.fail(
        fmt::format("a share must lie in [0, 1]: use constant, uniform, triangular or beta, "
                    "not {}",
                    dist.as_string()));
  std::vector<std::string_view> known{"dist"};
  for (const param& p : form.params)
    if (p.name != nullptr) known.push_back(p.name);
  t.allow_only(known);

  for (const param& p : form.params)
    if (p.name != nullptr) spec.*p.field = t.get_number(p.name, bounds_of(p.role, q));

  // Rules across parameters: the later parameter is read again with the bounds the earlier set.
  switch (form.kind) {
    case kind::triangular:
      (void)t.get("high").as_number(above(spec.low));
      (void)t.get("mode").as_number(between(spec.low, spec.high));
      break;
    case kind::uniform:
      (void)t.get("high").as_number(above(spec.low));
      break;
    case kind::beta:
      if (!sim::beta_sd_possible(spec.mean, spec.sd))
        t.get("sd").fail(
            fmt::format("must be < sqrt(mean * (1 - mean)) = {:.4g} for a beta with "
                        "mean {}, got {}",
                        std::sqrt(spec.mean * (1 - spec.mean)), spec.mean, spec.sd));
      break;
    default:
      break;
  }
  return spec;
}

// --- trust ---

/// A parameter that may be drawn anew in each replication: a plain number, or
/// `{ dist = "uniform" | "triangular" | "beta" | "constant", ..., scope = "country" | "trust" }`
/// whose values all lie in `range` (a beta only where `range` is within [0, 1]). Records the
/// distribution in `drawn` (under `key_prefix` + key) and returns the central value, which the
/// plain field keeps. Without a `scope` it is drawn with `default_scope`; `no_trust_scope`, if
/// given, is why scope "trust" is refused (a policy's and an action's parameters are one for all
/// the trusts of a run, so drawn once for the country).
double get_drawable(const checked_table& t, std::string_view key, detail::bounds range,
                    double fallback, drawn_target target, const std::string& key_prefix,
                    std::vector<drawn_parameter>& drawn, draw_scope default_scope,
                    const char* no_trust_scope);

/// Reads a trust file. Rows are read in dependency order (shifts before staff before services
/// before the ED and sessions), so each reference can be checked against what is already known.
class trust_reader {
 public:
  explicit trust_reader(const document& doc) : doc_(doc) {}

  trust read() {
    const checked_table root(doc_, doc_.root, "");
    root.allow_only({"trust", "shift", "staff", "on_call", "service", "ed", "session"});
    trust_.file = doc_.file;
    read_header(root.get("trust").as_table());
    for (const checked_table& row :
         root.get_tables("shift", limits::max_shifts, " (shift patterns in one trust)"))
      read_shift(row);
    for (const checked_table& row : root.get_tables("staff"))
      read_staff(row, trust_.staff);
    for (const checked_table& row : root.get_tables("on_call"))
      read_staff(row, trust_.on_call);
    for (const checked_table& row :
         root.get_tables("service", limits::max_services, " (services in one trust)"))
      read_service(row);
    if (const auto ed = root.find("ed")) read_ed(ed->as_table());
    for (const checked_table& row : root.get_tables("session"))
      read_session(row);
    return std::move(trust_);
  }

 private:
  using roster_key = std::tuple<std::string, std::string, grade>;  // shift, specialty, grade

  void read_header(const checked_table& t) {
    t.allow_only({"id", "name", "sites", "specialties", "specialty_names", "operations_scale",
                  "slots_scale"});
    const checked_node id = t.get("id");
    trust_.id = id.as_name();
    if (!std::all_of(trust_.id.begin(), trust_.id.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        }))
      id.fail(fmt::format("must be lower case letters, digits and '-', got \"{}\"",
                          detail::clip(trust_.id)));
    trust_.name = t.get_string("name");
    // Scales of the sessions' counts, drawable (one draw a trust unless scope = "country").
    trust_.operations_scale =
        get_drawable(t, "operations_scale", between(0.25, 4), 1.0, drawn_target::operations_scale,
                     "trust.", trust_.drawn, draw_scope::trust, nullptr);
    trust_.slots_scale =
        get_drawable(t, "slots_scale", between(0.25, 4), 1.0, drawn_target::slots_scale, "trust.",
                     trust_.drawn, draw_scope::trust, nullptr);
    if (const auto sites = t.find("sites"))
      for (const checked_node& site : sites->as_array(0, limits::max_sites))
        trust_.sites.push_back(site.as_name());
    std::map<std::string, source_ref> seen;
    for (const checked_node& s :
         t.get("specialties").as_array(1, limits::max_specialties, " (specialties in one trust)")) {
      trust_.specialties.push_back(s.as_name());
      check_unique(seen, s, trust_.specialties.back(), "specialty");
    }
    for (const std::string& specialty_id : trust_.specialties)
      trust_.specialty_names.push_back(name_from_id(specialty_id));
    // Names for people: `specialty_names = { ent = "Ear, nose and throat" }`, each key a
    // specialty of the trust.
    if (const auto names = t.find("specialty_names")) {
      const checked_table table = names->as_table();
      for (const std::string& key : table.keys()) {
        const checked_node name = table.get(key);
        const auto at = std::find(trust_.specialties.begin(), trust_.specialties.end(), key);
        if (at == trust_.specialties.end())
          name.fail(
              fmt::format("names specialty '{}', which is not one of the trust's "
                          "specialties{}",
                          detail::clip(key), detail::suggest(key, trust_.specialties)));
        trust_.specialty_names[static_cast<std::size_t>(at - trust_.specialties.begin())] =
            name.as_name();
      }
    }
  }

  void read_shift(const checked_table& t) {
    t.allow_only({"id", "start", "end", "days"});
    shift_def s;
    s.id = t.get_string("id");
    check_unique(shift_ids_, t.get("id"), s.id, "shift id");
    s.start_minute = as_clock(t.get("start"));
    s.end_minute = as_clock(t.get("end"));
    if (const auto days = t.find("days")) s.days = enum_at<day_kind>(*days, day_kind_names, "days");
    s.where = t.where();
    trust_.shifts.push_back(std::move(s));
  }

  /// A staff row (into `staff`) or an on-call row (into `on_call`): one group (`grade` and
  /// `headcount`), or several grades of one specialty and shift at once, one key per grade
  /// (`consultant = 4`, `registrar = 3`, ...).
  void read_staff(const checked_table& t, std::vector<staff_group>& into) {
    const bool on_call = &into == &trust_.on_call;
    std::vector<std::string_view> known{"specialty", "grade", "shift", "headcount", "locum"};
    if (on_call) known.emplace_back("rests_from");
    known.insert(known.end(), grade_names.begin(), grade_names.end());
    t.allow_only(known);
    const std::string sp = specialty(t.get("specialty"));
    const std::string sh = shift(t.get("shift"));
    if (on_call) check_on_call_shift(t.get("shift"), sh);
    const std::string rests_from = on_call && t.has("rests_from") ? shift(t.get("rests_from")) : "";
    const bool locum = t.get_bool("locum", false);
    auto add = [&](grade level, const checked_node& count) {
      const auto headcount = static_cast<int>(count.as_int(0, limits::max_headcount));
      doctors_ += headcount;
      if (doctors_ > limits::max_trust_doctors)
        count.fail(
            fmt::format("the staff rows add up to {} doctors so far; at most {} are allowed "
                        "in one trust",
                        doctors_, limits::max_trust_doctors));
      staff_group g;
      g.specialty = sp;
      g.level = level;
      g.shift = sh;
      g.headcount = headcount;
      g.locum = locum;
      g.where = t.where();
      g.rests_from = rests_from;
      if (!on_call) headcount_[roster_key{g.shift, g.specialty, g.level}] += g.headcount;
      into.push_back(std::move(g));
    };
    if (t.has("grade") || t.has("headcount")) {
      for (const char* name : grade_names) {
        if (t.has(name))
          t.fail(name, fmt::format("give either grade and headcount, or one key per grade, not "
                                   "both ('{}' with 'grade')",
                                   name));
      }
      add(enum_at<grade>(t.get("grade"), grade_names, "grade"), t.get("headcount"));
      return;
    }
    bool any = false;
    for (std::size_t g = 0; g < grade_names.size(); ++g) {
      if (!t.has(grade_names[g])) continue;
      any = true;
      add(static_cast<grade>(g), t.get(grade_names[g]));
    }
    if (!any)
      t.fail("grade",
             "missing required key: give grade and headcount, or one key per grade "
             "(foundation, core, registrar, sas, consultant)");
  }

  /// An on-call doctor comes in for a whole shift: at most the Working Time Regulations allow.
  void check_on_call_shift(const checked_node& where, const std::string& id) const {
    const auto def = std::find_if(trust_.shifts.begin(), trust_.shifts.end(),
                                  [&](const shift_def& d) { return d.id == id; });
    if (def != trust_.shifts.end() && def->length_minutes() > on_call_max_shift_minutes)
      where.fail(fmt::format(
          "shift '{}' is {:.1f} hours long; an on-call doctor comes in for at most {} hours "
          "(11 hours' daily rest, Working Time Regulations 1998): split the shift",
          id, def->length_minutes() / 60.0, on_call_max_shift_minutes / 60));
  }

  void read_service(const checked_table& t) {
    t.allow_only({"id", "name", "kind", "specialty", "shift", "workload", "strike_cover"});
    service s;
    s.id = t.get_string("id");
    check_unique(service_ids_, t.get("id"), s.id, "service id");
    s.name = t.get_string("name", "");
    s.kind = enum_at<service_kind>(t.get("kind"), service_kind_names, "service kind");
    if (const auto sp = t.find("specialty")) s.specialty = specialty(*sp);
    std::map<std::string, source_ref> shifts_seen;
    for (const checked_table& row : t.get_tables("shift")) {
      s.shifts.push_back(read_service_shift(row));
      check_unique(shifts_seen, row.get("shift"), s.shifts.back().shift, "shift in this service");
    }
    if (const auto w = t.find("workload")) s.work = read_workload(w->as_table());
    if (const auto c = t.find("strike_cover")) s.strike_cover = read_cross_cover(c->as_table());
    s.where = t.where();
    trust_.services.push_back(std::move(s));
  }

  service_shift read_service_shift(const checked_table& t) {
    t.allow_only({"shift", "roles", "christmas_day"});
    service_shift s;
    s.shift = shift(t.get("shift"));
    for (const checked_table& row :
         t.get("roles").as_tables(0, limits::max_roles, " (roles of one service shift)")) {
      s.roles.push_back(read_role(row));
      if (!fillable(s.roles.back(), s.shift))
        row.get("grade").fail(
            fmt::format("no staff row on shift '{}' has a doctor who may fill "
                        "this role ({}); add one, or allow cross_cover",
                        s.shift, who_may_fill(s.roles.back())));
    }
    for (const checked_table& row : t.get_tables("christmas_day"))
      s.christmas_day.push_back(read_christmas_day(row, s.shift));
    s.where = t.where();
    return s;
  }

  /// A role of a service's shift, or of a session (`in_session`: it may be an assistant).
  role_need read_role(const checked_table& t, bool in_session = false) {
    if (in_session)
      t.allow_only({"specialty", "grade", "count", "cross_cover", "assists"});
    else
      t.allow_only({"specialty", "grade", "count", "cross_cover"});
    role_need r;
    r.specialty = specialty(t.get("specialty"));
    r.min_grade = enum_at<grade>(t.get("grade"), grade_names, "grade");
    r.count = static_cast<int>(t.get_int("count", 1, limits::max_role_count));
    if (const auto c = t.find("cross_cover")) r.cover = read_cross_cover(c->as_table());
    if (in_session) r.assists = t.get_bool("assists", false);
    r.where = t.where();
    return r;
  }

  cross_cover read_cross_cover(const checked_table& t) {
    t.allow_only({"grade", "specialty", "specialties"});
    cross_cover c;
    if (const auto g = t.find("grade")) c.min_grade = enum_at<grade>(*g, grade_names, "grade");
    const auto one = t.find("specialty");
    const auto many = t.find("specialties");
    if (one && many) many->fail("give 'specialty' or 'specialties', not both");
    if (one) {
      std::vector<std::string> options = trust_.specialties;
      options.emplace_back("any");
      const std::size_t i = one->as_one_of(options, "specialty");
      if (i < trust_.specialties.size()) c.specialties.push_back(options[i]);
    } else if (many) {
      for (const checked_node& s : many->as_array(1))
        c.specialties.push_back(specialty(s));
    } else {
      t.fail("specialty", "missing required key: give \"any\", a specialty, or 'specialties'");
    }
    return c;
  }

  christmas_day_cover read_christmas_day(const checked_table& t, const std::string& on_shift) {
    t.allow_only({"specialty", "grade", "count"});
    christmas_day_cover c;
    c.specialty = specialty(t.get("specialty"));
    const checked_node level = t.get("grade");
    c.level = enum_at<grade>(level, grade_names, "grade");
    if (!is_junior(c.level))
      level.fail(
          fmt::format("the Christmas Day rota lists junior doctors (foundation, core or "
                      "registrar), not {}",
                      grade_names[static_cast<std::size_t>(c.level)]));
    const checked_node count = t.get("count");
    c.count = static_cast<int>(count.as_int(0, limits::max_role_count));
    c.where = t.where();
    // All services' Christmas Day lists together cannot keep more doctors than are rostered.
    const roster_key key{on_shift, c.specialty, c.level};
    const int kept = christmas_day_[key] += c.count;
    if (kept > headcount_[key])
      count.fail(
          fmt::format("Christmas Day lists keep {} {} {} doctor(s) at work on shift '{}', "
                      "but the staff rows roster only {}",
                      kept, c.specialty, grade_names[static_cast<std::size_t>(c.level)], on_shift,
                      headcount_[key]));
    return c;
  }

  workload read_workload(const checked_table& t) {
    t.allow_only({"per_hour", "minutes"});
    workload w;
    const checked_node rate = t.get("per_hour");
    if (rate.node().is_number())
      w.per_hour.fill(rate.as_number(between(0, limits::max_per_hour)));
    else if (rate.node().is_array())
      w.per_hour = as_hourly(rate);
    else
      rate.type_error("a number or 24 numbers");
    w.minutes = as_distribution(t.get("minutes"), quantity::minutes);
    w.where = t.where();
    return w;
  }

  void read_ed(const checked_table& t) {
    t.allow_only({"service", "arrivals_per_hour", "weekend_arrivals_per_hour", "acuity",
                  "consultation_minutes", "admission_share", "admit_to", "clerking_minutes",
                  "streamed_share", "streamed_minutes", "bed_wait_minutes"});
    ed_demand ed;
    const checked_node svc = t.get("service");
    ed.service = service_id(svc);
    const service& target = *std::find_if(trust_.services.begin(), trust_.services.end(),
                                          [&](const service& s) { return s.id == ed.service; });
    if (target.kind != service_kind::ed)
      svc.fail(fmt::format("service '{}' is of kind '{}', not 'ed'", ed.service,
                           service_kind_names[static_cast<std::size_t>(target.kind)]));
    ed.weekday_per_hour = as_hourly(t.get("arrivals_per_hour"));
    const auto weekend = t.find("weekend_arrivals_per_hour");
    ed.weekend_per_hour = weekend ? as_hourly(*weekend) : ed.weekday_per_hour;

    const checked_node acuity = t.get("acuity");
    std::map<std::string, source_ref> names;
    double acuity_sum = 0;
    for (const checked_table& row :
         acuity.as_tables(1, limits::max_acuity_classes, " (acuity classes)")) {
      row.allow_only({"name", "share"});
      acuity_class& a = ed.acuity.emplace_back();
      a.name = row.get_string("name");
      check_unique(names, row.get("name"), a.name, "acuity class");
      a.share = row.get_number("share", between(0, 1));
      acuity_sum += a.share;
    }
    check_sum_to_one(acuity, acuity_sum, "acuity");

    ed.consultation_minutes = as_distribution(t.get("consultation_minutes"), quantity::minutes);
    if (!t.find("admission_share")) (void)t.get("admission_share");  // required
    ed.admission_share =
        get_drawable(t, "admission_share", between(0, 1), 0.0, drawn_target::admission_share,
                     "trust.ed.", trust_.drawn, draw_scope::trust, nullptr);
    const checked_node admit_to = t.get("admit_to");
    double admit_sum = 0;
    std::map<std::string, source_ref> routes;
    for (const checked_table& row : admit_to.as_tables(1)) {
      row.allow_only({"service", "share"});
      admission_route& r = ed.admit_to.emplace_back();
      r.service = service_id(row.get("service"));
      check_unique(routes, row.get("service"), r.service, "service in admit_to");
      r.share = row.get_number("share", between(0, 1));
      admit_sum += r.share;
    }
    check_sum_to_one(admit_to, admit_sum, "admit_to");
    ed.clerking_minutes = as_distribution(t.get("clerking_minutes"), quantity::minutes);
    ed.streamed_share = t.get_number("streamed_share", between(0, 1), 0.0);
    if (ed.streamed_share > 0)
      ed.streamed_minutes = as_distribution(t.get("streamed_minutes"), quantity::minutes);
    else if (const auto m = t.find("streamed_minutes"))
      ed.streamed_minutes = as_distribution(*m, quantity::minutes);
    if (const auto b = t.find("bed_wait_minutes"))
      ed.bed_wait_minutes = as_distribution(*b, quantity::minutes);
    ed.where = t.where();
    trust_.ed = std::move(ed);
  }

  void read_session(const checked_table& t) {
    t.allow_only({"id", "name", "kind", "specialty", "priority", "days", "time", "roles",
                  "operations", "slots", "count"});
    session s;
    s.id = t.get_string("id");
    s.name = t.has("name") ? t.get_string("name") : name_from_id(s.id);
    check_unique(session_ids_, t.get("id"), s.id, "session id");
    s.kind = enum_at<session_kind>(t.get("kind"), session_kind_names, "session kind");
    s.specialty = specialty(t.get("specialty"));
    s.priority = enum_at<clinical_priority>(t.get("priority"), priority_names, "priority");
    s.weekdays = as_enum_list<int>(t.get("days"), day_names, "day");
    std::tie(s.start_minute, s.end_minute) = as_clock_range(t.get("time"));
    // Each day the session is on, a shift must be on when it starts (the planner staffs it from
    // that shift's doctors), and some doctor of such a shift must be able to fill each role.
    std::vector<std::vector<std::string>> shifts_on(s.weekdays.size());
    for (std::size_t d = 0; d < s.weekdays.size(); ++d) {
      for (const shift_def& sh : trust_.shifts) {
        const int rel = (s.start_minute - sh.start_minute + 1440) % 1440;
        if (sh.applies_on(s.weekdays[d]) && rel < sh.length_minutes())
          shifts_on[d].push_back(sh.id);
      }
      if (shifts_on[d].empty())
        t.get("time").fail(
            fmt::format("no shift of the trust is on at {:02}:{:02} on {}, when the "
                        "session starts: no doctor could work it",
                        s.start_minute / 60, s.start_minute % 60,
                        day_names[static_cast<std::size_t>(s.weekdays[d])]));
    }
    for (const checked_table& row :
         t.get("roles").as_tables(1, limits::max_roles, " (roles of one session)")) {
      s.roles.push_back(read_role(row, true));
      for (std::size_t d = 0; d < s.weekdays.size(); ++d) {
        const auto& on = shifts_on[d];
        if (std::none_of(on.begin(), on.end(),
                         [&](const std::string& sh) { return fillable(s.roles.back(), sh); }))
          row.get("grade").fail(fmt::format(
              "no staff row on the shift{} on at {:02}:{:02} on {} ({}) has a doctor who may fill "
              "this role ({}); add one, or allow cross_cover",
              on.size() == 1 ? "" : "s", s.start_minute / 60, s.start_minute % 60,
              day_names[static_cast<std::size_t>(s.weekdays[d])], detail::join(on),
              who_may_fill(s.roles.back())));
      }
    }
    const bool list = s.kind == session_kind::theatre_list;
    const char* count_key = list ? "operations" : "slots";
    const char* other_key = list ? "slots" : "operations";
    if (const auto wrong = t.find(other_key))
      wrong->fail(fmt::format("{} are for {}; a {} has {}", other_key,
                              list ? "clinics" : "theatre lists", session_kind_names[list ? 0 : 1],
                              count_key));
    (list ? s.operations : s.slots) =
        static_cast<int>(t.get_int(count_key, 1, limits::max_session_activity));
    s.where = t.where();
    // `count` identical sessions (e.g. four cataract lists in four theatres) are planned one by
    // one: each is kept or cancelled on its own.
    const auto copies = static_cast<int>(t.get_int("count", 1, limits::max_session_copies, 1));
    if (trust_.sessions.size() + static_cast<std::size_t>(copies) >
        static_cast<std::size_t>(limits::max_sessions))
      (t.has("count") ? t.get("count") : t.get("id"))
          .fail(fmt::format("the trust has more than {} sessions with this row (counting each "
                            "copy of a row's count); at most {} are allowed in one trust",
                            limits::max_sessions, limits::max_sessions));
    for (int k = 1; k <= copies; ++k) {
      session copy = s;
      if (copies > 1) {
        copy.id = fmt::format("{}#{}", s.id, k);
        copy.name = fmt::format("{} ({})", s.name, k);
      }
      copy.file_order = trust_.sessions.size();
      trust_.sessions.push_back(std::move(copy));
    }
  }

  /// Whether a staff row on shift `shift_id` (of any headcount, even 0: a file may say that a
  /// grade is absent) may fill `r`, by specialty and grade or by the role's cross-cover.
  bool fillable(const role_need& r, const std::string& shift_id) const {
    return std::any_of(trust_.staff.begin(), trust_.staff.end(), [&](const staff_group& g) {
      if (g.shift != shift_id) return false;
      if (g.specialty == r.specialty && grade_covers(g.level, r.min_grade)) return true;
      return r.cover && r.cover->admits(g.specialty, g.level);
    });
  }
  /// "emergency_medicine at registrar, sas or consultant".
  static std::string who_may_fill(const role_need& r) {
    std::vector<std::string_view> grades;
    for (std::size_t g = 0; g < grade_names.size(); ++g)
      if (grade_covers(static_cast<grade>(g), r.min_grade)) grades.emplace_back(grade_names[g]);
    return fmt::format("{} at {}{}", r.specialty, detail::join(grades),
                       r.cover ? ", or its cross-cover" : "");
  }

  // References to what the trust already lists.
  std::string specialty(const checked_node& n) const {
    return trust_.specialties[n.as_one_of(trust_.specialties, "specialty")];
  }
  std::string shift(const checked_node& n) const { return known_id(n, shift_ids_, "shift"); }
  std::string service_id(const checked_node& n) const {
    return known_id(n, service_ids_, "service");
  }
  static std::string known_id(const checked_node& n, const std::map<std::string, source_ref>& ids,
                              std::string_view what) {
    std::vector<std::string> names;
    for (const auto& entry : ids)
      names.push_back(entry.first);
    return names[n.as_one_of(names, what)];
  }

  const document& doc_;
  trust trust_;
  std::map<std::string, source_ref> shift_ids_;
  std::map<std::string, source_ref> service_ids_;
  std::map<std::string, source_ref> session_ids_;
  std::map<roster_key, int> headcount_;      // staff rows' headcount by shift, specialty, grade
  std::map<roster_key, int> christmas_day_;  // kept at work by the Christmas Day lists so far
  std::int64_t doctors_ = 0;                 // headcount of the staff rows so far
};

// --- action and policy ---

strike_action read_action_doc(const document& doc) {
  const checked_table root(doc, doc.root, "");
  root.allow_only({"action"});
  const checked_table t = root.get("action").as_table();
  t.allow_only({"id", "name", "kind", "announced", "grades", "participation", "clustering",
                "window", "call_off", "demand"});
  strike_action a;
  a.file = doc.file;
  a.id = t.get_string("id");
  a.name = t.get_string("name");
  a.kind = enum_at<action_kind>(t.get("kind"), action_kind_names, "action kind");
  if (const auto announced = t.find("announced")) a.announced = as_date(*announced);
  // Any grade may strike: juniors as the action's kind says, seniors (consultant, SAS) giving
  // Christmas Day cover (docs/model.md, "What a strike is").
  if (const auto grades = t.find("grades"))
    a.grades = as_enum_list<grade>(*grades, grade_names, "grade");
  a.participation = as_distribution(t.get("participation"), quantity::share);
  a.clustering = t.get_number("clustering", between(0, 0.95), a.clustering);

  const checked_node windows = t.get("window");
  const std::vector<checked_table> rows =
      windows.as_tables(1, limits::max_windows, " (windows of one action)");
  for (const checked_table& row : rows) {
    row.allow_only({"start", "end", "grades"});
    const local_time start = as_local_time(row.get("start"));
    const local_time end = as_local_time(row.get("end"));
    if (end <= start)
      row.get("end").fail(fmt::format("the window must end after it starts ({}), got {}",
                                      format_time(start), format_time(end)));
    const auto own = row.find("grades");
    a.windows.push_back(
        {start, end, own ? as_enum_list<grade>(*own, grade_names, "grade") : a.grades});
  }
  // Windows in time order: each must start no earlier than the one before ends.
  std::vector<std::size_t> order(a.windows.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
    return std::tie(a.windows[i].start, a.windows[i].end) <
           std::tie(a.windows[j].start, a.windows[j].end);
  });
  for (std::size_t k = 1; k < order.size(); ++k) {
    if (a.windows[order[k]].start >= a.windows[order[k - 1]].end) continue;
    // Reported at the one later in the file.
    const std::size_t later = std::max(order[k - 1], order[k]);
    const std::size_t other = std::min(order[k - 1], order[k]);
    rows[later].get("start").fail(fmt::format("the window overlaps window[{}] ({} to {})", other,
                                              format_time(a.windows[other].start),
                                              format_time(a.windows[other].end)));
  }
  const std::int64_t span = absolute_minute(a.windows[order.back()].end) -
                            absolute_minute(a.windows[order.front()].start);
  if (span > std::int64_t{max_action_days} * 1440)
    windows.fail(fmt::format("the windows span {:.1f} days; at most {}",
                             static_cast<double>(span) / 1440.0, max_action_days));
  if (const auto call_off = t.find("call_off")) {
    const checked_table c = call_off->as_table();
    c.allow_only({"probability", "days_before", "at"});
    if (const auto at = c.find("at")) {
      // A historical call-off: it happened, at this time.
      if (c.has("days_before"))
        c.get("days_before").fail("give either 'at' (a real call-off) or 'days_before', not both");
      a.call_off.probability = c.get_number("probability", between(1, 1), 1.0);
      a.call_off.at = as_local_time(*at);
      if (*a.call_off.at >= a.windows[order.front()].start)
        at->fail(fmt::format("the call-off must come before the action starts ({})",
                             format_time(a.windows[order.front()].start)));
    } else {
      a.call_off.probability = c.get_number("probability", between(0, 1));
      a.call_off.days_before = as_distribution(c.get("days_before"), quantity::minutes);
    }
  }
  if (const auto demand = t.find("demand")) {
    const checked_table d = demand->as_table();
    d.allow_only({"ed_attendances", "emergency_admissions", "bed_wait"});
    // Drawable, once a replication for the country: the action is one for every trust.
    const auto drawable = [&a, &d](std::string_view key, double fallback, drawn_target target) {
      return get_drawable(d, key, between(-0.9, 1), fallback, target, "action.demand.", a.drawn,
                          draw_scope::country,
                          "an action is one for every trust of a run: its demand change is drawn "
                          "once a replication for the country (scope = \"country\")");
    };
    a.demand.ed_attendances =
        drawable("ed_attendances", a.demand.ed_attendances, drawn_target::ed_attendances);
    a.demand.emergency_admissions = drawable("emergency_admissions", a.demand.emergency_admissions,
                                             drawn_target::emergency_admissions);
    a.demand.bed_wait = drawable("bed_wait", a.demand.bed_wait, drawn_target::bed_wait);
  }
  return a;
}

double get_drawable(const checked_table& t, std::string_view key, detail::bounds range,
                    double fallback, drawn_target target, const std::string& key_prefix,
                    std::vector<drawn_parameter>& drawn, draw_scope default_scope,
                    const char* no_trust_scope) {
  const auto n = t.find(key);
  if (!n) return fallback;
  if (!n->is_table()) return n->as_number(range);
  const checked_table d = n->as_table();
  if (!d.has("dist"))  // a misspelt "dist" reads better as an unknown key
    d.allow_only({"dist", "value", "mean", "sd", "low", "mode", "high", "scope"});
  static constexpr std::array<const char*, 4> names = {"constant", "uniform", "triangular", "beta"};
  const checked_node dist = d.get("dist");
  const std::size_t which = dist.as_one_of(names, "distribution of a drawn parameter");
  drawn_parameter p;
  p.key = key_prefix + std::string(key);
  p.target = target;
  p.where = n->where();
  p.dist.where = p.where;
  using kind = distribution_spec::kind;
  switch (which) {
    case 0:
      d.allow_only({"dist", "value", "scope"});
      p.dist.type = kind::constant;
      p.dist.value = p.central = d.get_number("value", range);
      break;
    case 1:
      d.allow_only({"dist", "low", "high", "scope"});
      p.dist.type = kind::uniform;
      p.dist.low = d.get_number("low", range);
      p.dist.high = d.get_number("high", range);
      (void)d.get("high").as_number(at_least(p.dist.low));
      p.central = (p.dist.low + p.dist.high) / 2;
      break;
    case 2:
      d.allow_only({"dist", "low", "mode", "high", "scope"});
      p.dist.type = kind::triangular;
      p.dist.low = d.get_number("low", range);
      p.dist.high = d.get_number("high", range);
      (void)d.get("high").as_number(at_least(p.dist.low));
      p.dist.mode = d.get("mode").as_number(between(p.dist.low, p.dist.high));
      p.central = p.dist.mode;
      break;
    default: {
      d.allow_only({"dist", "mean", "sd", "scope"});
      if (range.lo < 0 || range.hi > 1)
        dist.fail(
            fmt::format("a beta lies in [0, 1] and this parameter must be {}: use "
                        "uniform or triangular",
                        range.describe()));
      p.dist.type = kind::beta;
      p.dist.mean = d.get_number("mean", strictly_between(0, 1));
      (void)d.get_number("mean", range);
      p.dist.sd = d.get_number("sd", at_least(0));
      if (p.dist.sd > 0 && !sim::beta_sd_possible(p.dist.mean, p.dist.sd))
        d.get("sd").fail(
            fmt::format("must be < sqrt(mean * (1 - mean)) = {:.4g} for a beta with "
                        "mean {}, got {}",
                        std::sqrt(p.dist.mean * (1 - p.dist.mean)), p.dist.mean, p.dist.sd));
      p.central = p.dist.mean;
      break;
    }
  }
  p.scope = default_scope;
  if (const auto scope = d.find("scope")) {
    static constexpr std::array<const char*, 2> scopes = {"country", "trust"};
    p.scope = scope->as_one_of(scopes, "scope") == 1 ? draw_scope::trust : draw_scope::country;
    if (p.scope == draw_scope::trust && no_trust_scope != nullptr) scope->fail(no_trust_scope);
  }
  drawn.push_back(std::move(p));
  return drawn.back().central;
}

policy read_policy_doc(const document& doc) {
  const checked_table root(doc, doc.root, "");
  root.allow_only({"policy"});
  const checked_table t = root.get("policy").as_table();
  t.allow_only({"id", "name", "plan_percentile", "act_down_share", "protect", "decision_days",
                "rota_notice_days", "reinstate_share", "lead_times", "recovery", "walkout_levels",
                "spa_cover", "assisted_share"});
  policy p;
  p.file = doc.file;
  p.id = t.get_string("id");
  p.name = t.get_string("name");
  const auto drawable = [&p](const checked_table& table, std::string_view key, detail::bounds range,
                             double fallback, drawn_target target, const std::string& prefix) {
    return get_drawable(table, key, range, fallback, target, prefix, p.drawn, draw_scope::country,
                        "a policy is one for every trust of a run: its parameters are drawn once "
                        "a replication for the country (scope = \"country\")");
  };
  p.plan_percentile = drawable(t, "plan_percentile", between(0, 1), p.plan_percentile,
                               drawn_target::plan_percentile, "policy.");
  p.act_down_share = drawable(t, "act_down_share", between(0, 1), p.act_down_share,
                              drawn_target::act_down_share, "policy.");
  if (const auto protect = t.find("protect"))
    p.protect = as_enum_list<clinical_priority>(*protect, priority_names, "priority");
  const double max_days = max_action_days;
  p.decision_days = drawable(t, "decision_days", between(0, max_days), p.decision_days,
                             drawn_target::decision_days, "policy.");
  p.rota_notice_days = drawable(t, "rota_notice_days", strictly_between(0, max_days + 1),
                                p.rota_notice_days, drawn_target::rota_notice_days, "policy.");
  p.reinstate_share = drawable(t, "reinstate_share", between(0, 1), p.reinstate_share,
                               drawn_target::reinstate_share, "policy.");
  p.spa_cover =
      drawable(t, "spa_cover", between(0, 1), p.spa_cover, drawn_target::spa_cover, "policy.");
  p.assisted_share = drawable(t, "assisted_share", between(0, 1), p.assisted_share,
                              drawn_target::assisted_share, "policy.");
  if (const auto levels = t.find("walkout_levels")) {
    static constexpr std::array<const char*, 2> names = {"christmas_day", "minimum"};
    p.walkout_christmas_day_levels = levels->as_one_of(names, "walkout_levels") == 0;
  }
  if (const auto leads = t.find("lead_times")) {
    p.lead_times.clear();
    for (const checked_node& n :
         leads->as_array(1, limits::max_lead_times, " (lead times of the decision table)")) {
      p.lead_times.push_back(n.as_number(between(0, max_days)));
      if (std::count(p.lead_times.begin(), p.lead_times.end(), p.lead_times.back()) > 1)
        n.fail(fmt::format("duplicate lead time {}", p.lead_times.back()));
    }
  }
  if (const auto rec = t.find("recovery")) {
    const checked_table r = rec->as_table();
    r.allow_only({"spare_theatre_share", "spare_clinic_share", "extra_weekend_lists",
                  "operations_per_extra_list", "extra_weekend_clinics", "slots_per_extra_clinic",
                  "max_delay_days", "horizon_days"});
    recovery_policy& v = p.recovery;
    v.spare_theatre_share = drawable(r, "spare_theatre_share", between(0, 1), v.spare_theatre_share,
                                     drawn_target::spare_theatre_share, "policy.recovery.");
    v.spare_clinic_share = drawable(r, "spare_clinic_share", between(0, 1), v.spare_clinic_share,
                                    drawn_target::spare_clinic_share, "policy.recovery.");
    v.extra_weekend_lists = static_cast<int>(r.get_int(
        "extra_weekend_lists", 0, limits::max_extra_weekend_sessions, v.extra_weekend_lists));
    v.operations_per_extra_list = static_cast<int>(r.get_int("operations_per_extra_list", 1,
                                                             limits::max_operations_per_extra_list,
                                                             v.operations_per_extra_list));
    v.extra_weekend_clinics = static_cast<int>(r.get_int(
        "extra_weekend_clinics", 0, limits::max_extra_weekend_sessions, v.extra_weekend_clinics));
    v.slots_per_extra_clinic = static_cast<int>(r.get_int(
        "slots_per_extra_clinic", 1, limits::max_slots_per_extra_clinic, v.slots_per_extra_clinic));
    v.max_delay_days = static_cast<int>(
        r.get_int("max_delay_days", 0, limits::max_recovery_days, v.max_delay_days));
    v.horizon_days =
        static_cast<int>(r.get_int("horizon_days", 7, limits::max_recovery_days, v.horizon_days));
  }
  return p;
}

// --- scenario ---

/// The [scenario] and [run] tables. Returns [scenario], whose files the caller reads.
checked_table read_scenario_header(const document& doc, scenario& s) {
  const checked_table root(doc, doc.root, "");
  root.allow_only({"scenario", "run"});
  checked_table t = root.get("scenario").as_table();
  t.allow_only({"name", "description", "trusts", "action", "policy", "era"});
  s.file = doc.file;
  s.name = t.get_string("name");
  s.description = t.get_string("description", "");
  if (const auto era = t.find("era")) {
    const checked_table e = era->as_table();
    e.allow_only({"name", "operations", "outpatient_slots"});
    s.era.name = e.get_string("name");
    s.era.operations = e.get_number("operations", between(0.5, 2), 1.0);
    s.era.outpatient_slots = e.get_number("outpatient_slots", between(0.5, 2), 1.0);
  }
  if (const auto run = root.find("run")) {
    const checked_table r = run->as_table();
    r.allow_only({"replications", "seed", "warmup_days"});
    s.run.replications =
        static_cast<int>(r.get_int("replications", 1, limits::max_replications, 100));
    // At most 2^53 - 1, as --seed and sweep files (limits.hpp).
    s.run.seed = static_cast<std::uint64_t>(r.get_int("seed", 0, limits::max_seed, 1));
    s.run.warmup_days = static_cast<int>(r.get_int("warmup_days", 0, limits::max_warmup_days, 1));
  }
  return t;
}

/// A trust's sessions at the era's volumes (scenario.era).
void scale_to_era(trust& t, const era_scale& era) {
  // Rounded with a carry, in file order, lists and clinics apart: each session gets the rounded
  // running total less what the sessions before it got, so the trust's total stays within one of
  // the exact one however finely its sessions are split (rounding each of 2,000 half-day clinics
  // of 10 slots x 1.07 on its own gives 11 each, 2.8% more than asked).
  struct carry {
    double factor, exact = 0;
    long given = 0;
    int next(int n) {
      exact += n * factor;
      const long total = std::lround(exact);
      const int mine = std::clamp(static_cast<int>(total - given), 1,
                                  static_cast<int>(limits::max_session_activity));
      given += mine;
      return mine;
    }
  };
  carry lists{era.operations}, clinics{era.outpatient_slots};
  for (session& s : t.sessions) {
    if (s.kind == session_kind::theatre_list)
      s.operations = lists.next(s.operations);
    else
      s.slots = clinics.next(s.slots);
  }
}

/// The file a scenario names at `ref`, relative to the scenario file, of the expected kind.
document load_referenced(const document& from, const checked_node& ref, file_kind kind) {
  const fs::path path = (fs::path(from.file).parent_path() / ref.as_name()).lexically_normal();
  document doc = load_document(path, &ref);
  expect_kind(doc, kind, &ref);
  return doc;
}

/// Scenario time: minute 0 is local midnight of first_day. Daylight saving is ignored: every day
/// is 1440 minutes, so clock times on the rota map to the same minute of every day.
void derive_times(scenario& s) {
  const auto& windows = s.action.windows;
  local_time first = windows.front().start;
  local_time last = windows.front().end;
  for (const action_window& w : windows) {
    first = std::min(first, w.start);
    last = std::max(last, w.end);
  }
  const std::int64_t day0 = days_from_civil(first.day) - s.run.warmup_days;
  s.first_day = civil_from_days(day0);
  s.first_weekday = weekday_of(s.first_day);
  const auto minute = [&](const local_time& t) {
    return instant{static_cast<double>(absolute_minute(t) - day0 * 1440)};
  };
  for (const action_window& w : windows)
    s.windows.push_back({minute(w.start), minute(w.end), w.grades});
  std::sort(s.windows.begin(), s.windows.end(),
            [](const window& x, const window& y) { return x.start < y.start; });
  if (s.action.call_off.at) s.call_off_at = minute(*s.action.call_off.at);
  s.report_start = instant{s.run.warmup_days * 1440.0};
  // The midnight that ends the last window's day (the window's own end if that is a midnight).
  const std::int64_t last_midnight = days_from_civil(last.day) + (last.minute == 0 ? 0 : 1);
  s.horizon = instant{static_cast<double>((last_midnight - day0) * 1440)};
}

// --- overrides ---

/// Where one --set goes: a document (and for a trust, which one) and the path inside it.
struct set_target {
  const override_spec* spec = nullptr;
  file_kind doc = file_kind::scenario;
  std::string trust_id;
  std::string path;  // inside the document
};

set_target classify(const override_spec& set) {
  const std::string& full = set.path;
  const std::string_view first = std::string_view(full).substr(0, full.find_first_of(".["));
  const bool dotted = first.size() < full.size() && full[first.size()] == '.';
  constexpr std::array<std::string_view, 5> prefixes = {"scenario", "run", "action", "policy",
                                                        "trusts"};
  if (std::find(prefixes.begin(), prefixes.end(), first) == prefixes.end())
    detail::set_error(full, fmt::format("unknown prefix '{}': PATH starts with scenario., run., "
                                        "action., policy. or trusts.ID.{}",
                                        first, detail::did_you_mean(first, prefixes)));
  if (!dotted)
    detail::set_error(full,
                      fmt::format("PATH must name a value in '{}', e.g. {}.KEY", first, first));
  if (first == "scenario" || first == "run") return {&set, file_kind::scenario, "", full};
  if (first == "action") return {&set, file_kind::action, "", full};
  if (first == "policy") return {&set, file_kind::policy, "", full};
  const std::string rest = full.substr(first.size() + 1);
  const std::size_t dot = rest.find('.');
  if (dot == std::string::npos || dot == 0)
    detail::set_error(full, "expected trusts.ID.PATH, e.g. trusts.kingston.staff[3].headcount");
  return {&set, file_kind::trust, rest.substr(0, dot), rest.substr(dot + 1)};
}

void apply(document& doc, const set_target& t) {
  detail::apply_set(doc.root, t.path, t.spec->value, t.spec->path);
}

void apply_all(document& doc, const std::vector<set_target>& targets, file_kind kind) {
  for (const set_target& t : targets)
    if (t.doc == kind) apply(doc, t);
}

/// The [trust] id as written, before the trust is checked (to route --set trusts.ID.).
std::string raw_trust_id(const document& doc) {
  return doc.root["trust"]["id"].value_or(std::string{});
}

void apply_to_trusts(std::vector<document>& trusts, const std::vector<set_target>& targets) {
  for (const set_target& t : targets) {
    if (t.doc != file_kind::trust) continue;
    const auto it = std::find_if(trusts.begin(), trusts.end(),
                                 [&](const document& d) { return raw_trust_id(d) == t.trust_id; });
    if (it == trusts.end()) {
      std::vector<std::string> ids;
      for (const document& d : trusts)
        ids.push_back(raw_trust_id(d));
      detail::set_error(t.spec->path, fmt::format("no trust with id '{}' in this scenario{}",
                                                  t.trust_id, detail::suggest(t.trust_id, ids)));
    }
    apply(*it, t);
  }
}

}  // namespace

// --- public API ---

override_spec parse_override(std::string_view text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos)
    throw scenario_error({"--set", 0, 0}, std::string(text), "expected PATH=VALUE");
  override_spec spec{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
  if (spec.path.empty()) throw scenario_error({"--set", 0, 0}, "", "expected PATH=VALUE: no PATH");
  return spec;
}

trust read_trust(const fs::path& file) {
  const document doc = load_document(file);
  expect_kind(doc, file_kind::trust, nullptr);
  return trust_reader(doc).read();
}

trust read_trust_text(const std::string& text, const std::string& file) {
  const document doc = detail::parse_document(text, file);
  expect_kind(doc, file_kind::trust, nullptr);
  return trust_reader(doc).read();
}

strike_action read_action(const fs::path& file) {
  const document doc = load_document(file);
  expect_kind(doc, file_kind::action, nullptr);
  return read_action_doc(doc);
}

policy read_policy(const fs::path& file) {
  const document doc = load_document(file);
  expect_kind(doc, file_kind::policy, nullptr);
  return read_policy_doc(doc);
}

scenario read_scenario(const fs::path& file, std::span<const override_spec> sets,
                       const file_swaps& swaps) {
  std::vector<set_target> targets;
  for (const override_spec& set : sets)
    targets.push_back(classify(set));

  document doc = load_document(file);
  expect_kind(doc, file_kind::scenario, nullptr);
  apply_all(doc, targets, file_kind::scenario);
  scenario s;
  const checked_table header = read_scenario_header(doc, s);
  std::vector<document> trust_docs;
  std::vector<int> copies;  // per trust file: how many trusts it stands for (a national composite)
  int total = 0;            // trusts, counting copies
  for (const checked_node& ref :
       header.get("trusts").as_array(1, limits::max_trusts, " (trusts in one scenario)")) {
    if (ref.is_table()) {
      const checked_table entry = ref.as_table();
      entry.allow_only({"file", "copies"});
      trust_docs.push_back(load_referenced(doc, entry.get("file"), file_kind::trust));
      const checked_node n = entry.find("copies") ? entry.get("copies") : entry.get("file");
      copies.push_back(static_cast<int>(entry.get_int("copies", 1, limits::max_copies, 1)));
      if (total + copies.back() > limits::max_trusts)
        n.fail(fmt::format("the scenario has {} trusts with these copies; at most {} are allowed",
                           total + copies.back(), limits::max_trusts));
    } else {
      trust_docs.push_back(load_referenced(doc, ref, file_kind::trust));
      copies.push_back(1);
    }
    total += copies.back();
    // The same file twice (by any path): say so at the reference, not as a clash of ids.
    for (std::size_t i = 0; i + 1 < trust_docs.size(); ++i) {
      std::error_code ec;
      if (fs::equivalent(trust_docs[i].file, trust_docs.back().file, ec))
        ref.fail(
            fmt::format("'{}' is named twice in scenario.trusts (as trusts[{}] too); name a "
                        "trust once, with copies = N for several alike",
                        detail::clip(trust_docs.back().file), i));
    }
    trust_docs.back().set_prefix = fmt::format("trusts.{}.", raw_trust_id(trust_docs.back()));
  }
  auto swapped = [](const fs::path& path, file_kind kind) {
    document d = load_document(path);
    expect_kind(d, kind, nullptr);
    return d;
  };
  document action_doc = swaps.action.empty()
                            ? load_referenced(doc, header.get("action"), file_kind::action)
                            : swapped(swaps.action, file_kind::action);
  document policy_doc = swaps.policy.empty()
                            ? load_referenced(doc, header.get("policy"), file_kind::policy)
                            : swapped(swaps.policy, file_kind::policy);
  apply_to_trusts(trust_docs, targets);
  apply_all(action_doc, targets, file_kind::action);
  apply_all(policy_doc, targets, file_kind::policy);

  std::map<std::string, std::string> trust_files;  // id -> file
  for (std::size_t i = 0; i < trust_docs.size(); ++i) {
    const document& trust_doc = trust_docs[i];
    trust read = trust_reader(trust_doc).read();
    scale_to_era(read, s.era);  // once per file, before its copies
    const auto [it, added] = trust_files.emplace(read.id, trust_doc.file);
    if (!added) {
      const checked_table t = checked_table(trust_doc, trust_doc.root, "").get("trust").as_table();
      t.get("id").fail(
          fmt::format("trust id '{}' is also used by {}; ids must be unique in a "
                      "scenario",
                      it->first, it->second));
    }
    // Copies are separate trusts with their own random streams (ids "ID-1", "ID-2", ...).
    for (int k = 1; k <= copies[i]; ++k) {
      trust t = read;
      if (copies[i] > 1) {
        t.id = fmt::format("{}-{}", read.id, k);
        t.name = fmt::format("{} {}", read.name, k);
      }
      t.copy_of = read.id;
      s.trusts.push_back(std::move(t));
    }
  }
  s.action = read_action_doc(action_doc);
  s.plan_policy = read_policy_doc(policy_doc);
  // The policy's assisted_share is drawn only where a trust's session has an assistant: elsewhere
  // it changes nothing, and an input that cannot matter would stand among every range's drivers.
  const bool assisted = std::any_of(s.trusts.begin(), s.trusts.end(),
                                    [](const trust& t) { return sessions_with_assistant(t) > 0; });
  if (!assisted)
    std::erase_if(s.plan_policy.drawn, [](const drawn_parameter& p) {
      return p.target == drawn_target::assisted_share;
    });
  derive_times(s);
  return s;
}

std::vector<std::string> action_notes(const strike_action& a) {
  std::vector<std::string> notes;
  for (std::size_t w = 0; w < a.windows.size(); ++w) {
    const local_time& start = a.windows[w].start;
    const local_time& end = a.windows[w].end;
    std::int64_t shift = 0;  // minutes the clocks moved within the window
    std::vector<std::string> changes;
    for (std::int64_t day = days_from_civil(start.day); day <= days_from_civil(end.day); ++day) {
      const date d = model::civil_from_days(day);
      const int change = clock_change_on(d);
      const local_time at{d, 60};  // both changes happen at 01:00 local (GMT) time
      if (change == 0 || !(start < at && at < end)) continue;
      shift += std::int64_t{change} * 60;
      changes.push_back(
          fmt::format("{} (clocks {} an hour)", long_date(d), change > 0 ? "forward" : "back"));
    }
    if (changes.empty()) continue;
    const std::int64_t wall = absolute_minute(end) - absolute_minute(start);
    notes.push_back(fmt::format(
        "action.window[{}] ({} to {}) spans the UK clock change of {}: it lasts {:g} hours, but "
        "the model counts every day as 24 hours and simulates {:g} (times are wall-clock, so "
        "shifts and sessions start and end as on the rota)",
        w, format_time(start), format_time(end), detail::join(changes),
        static_cast<double>(wall - shift) / 60.0, static_cast<double>(wall) / 60.0));
  }
  return notes;
}

std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
  return detail::did_you_mean(word, candidates);
}

file_info peek_file(const fs::path& file) {
  const document doc = load_document(file);
  const auto kind = kind_of(doc.root);
  if (!kind)
    throw scenario_error({doc.file, 0, 0}, "",
                         "expected a [scenario], [trust], [action] or [policy] table");
  const toml::node_view top = doc.root[top_tables[static_cast<std::size_t>(*kind)]];
  file_info info;
  info.kind = *kind;
  info.id = top["id"].value_or(file.stem().string());
  info.name = top["name"].value_or(std::string{});
  return info;
}

file_kind validate_file(const fs::path& file, std::vector<std::string>* notes) {
  const document doc = load_document(file);
  const auto kind = kind_of(doc.root);
  if (!kind) {
    // None of the top tables: every key is unknown, and the first gets a suggestion.
    checked_table(doc, doc.root, "").allow_only(top_tables);
    throw scenario_error({doc.file, 0, 0}, "",
                         "the file is empty: expected a [scenario], [trust], [action] or [policy] "
                         "table");
  }
  switch (*kind) {
    case file_kind::scenario: {
      const scenario s = read_scenario(file);
      if (notes) *notes = action_notes(s.action);
      break;
    }
    case file_kind::trust:
      trust_reader(doc).read();
      break;
    case file_kind::action: {
      const strike_action a = read_action_doc(doc);
      if (notes) *notes = action_notes(a);
      break;
    }
    case file_kind::policy:
      read_policy_doc(doc);
      break;
  }
  return *kind;
}

}  // namespace strikesim::model
