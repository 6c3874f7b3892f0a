// strikesim import: a trust file (TOML) from the CSV files of docs/import.md. Each CSV file is
// read strictly (csv.hpp); what a cell means is checked here where the CSV layout decides it
// (enumerations, numbers, which columns go together), and everything else by the trust reader
// itself, run on the text written: its errors are reported at the CSV cell the line came from.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "strikesim/files/csv.hpp"
#include "strikesim/files/reader.hpp"
#include "strikesim/files/trust_csv.hpp"
#include "strikesim/hospital/limits.hpp"

namespace strikesim::model {

namespace {

namespace fs = std::filesystem;

// --- the layouts (docs/import.md) ---

constexpr std::array<csv_column, 3> trust_layout = {
    {{"setting", true}, {"value", true}, {"note", false}}};
constexpr std::array<csv_column, 5> shifts_layout = {
    {{"shift", true}, {"start", true}, {"end", true}, {"days", false}, {"note", false}}};
constexpr std::array<csv_column, 8> staff_layout = {{{"specialty", true},
                                                     {"grade", true},
                                                     {"shift", true},
                                                     {"count", true},
                                                     {"locum", false},
                                                     {"on_call", false},
                                                     {"rests_from", false},
                                                     {"note", false}}};
constexpr std::array<csv_column, 13> sessions_layout = {{{"id", false},
                                                         {"kind", true},
                                                         {"specialty", true},
                                                         {"priority", true},
                                                         {"days", true},
                                                         {"start", true},
                                                         {"end", false},
                                                         {"operations", false},
                                                         {"slots", false},
                                                         {"count", false},
                                                         {"roles", true},
                                                         {"note", false}}};
constexpr std::array<csv_column, 12> emergency_layout = {{{"service", true},
                                                          {"service_name", false},
                                                          {"kind", true},
                                                          {"service_specialty", false},
                                                          {"shift", true},
                                                          {"specialty", true},
                                                          {"grade", true},
                                                          {"minimum", true},
                                                          {"christmas_day", false},
                                                          {"cross_cover", false},
                                                          {"strike_cover", false},
                                                          {"note", false}}};

/// The settings of trust.csv; `repeat`: may be given on several rows.
struct setting_spec {
  std::string_view name;
  bool repeat = false;
};
constexpr std::array<setting_spec, 19> settings = {{{"id"},
                                                    {"name"},
                                                    {"site", true},
                                                    {"specialty", true},
                                                    {"operations_scale"},
                                                    {"operations_scale_scope"},
                                                    {"slots_scale"},
                                                    {"slots_scale_scope"},
                                                    {"ed_service"},
                                                    {"ed_acuity", true},
                                                    {"ed_consultation_minutes"},
                                                    {"ed_admission_share"},
                                                    {"ed_admission_share_scope"},
                                                    {"ed_admit_to", true},
                                                    {"ed_clerking_minutes"},
                                                    {"ed_streamed_share"},
                                                    {"ed_streamed_minutes"},
                                                    {"ed_bed_wait_minutes"},
                                                    {"task_minutes", true}}};

constexpr std::array<const char*, 7> day_names = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::array<const char*, 7> long_day_names = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
constexpr std::array<const char*, 3> shift_day_names = {"weekday", "weekend", "all"};

// --- small helpers ---

/// "Theatre list" -> "theatre_list": how an enumerated cell is compared with its names.
std::string normalise(std::string_view s) {
  std::string out;
  for (const char c : s)
    out += c == ' ' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// A TOML basic string.
std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (b < 0x20 || b == 0x7F) {
      out += fmt::format("\\u{:04X}", b);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

/// A number as TOML writes it: the shortest text that reads back as the same double.
std::string number(double v) {
  return fmt::format("{}", v);
}

std::vector<std::string> split(std::string_view s, std::string_view separators) {
  std::vector<std::string> out;
  std::string current;
  for (const char c : s) {
    if (separators.find(c) != std::string_view::npos) {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

/// A cell of a CSV file, for comments and messages.
struct cell_at {
  const csv_table* table = nullptr;
  const csv_row* row = nullptr;
  std::string_view column;
};

/// Where a line of the trust file came from: a CSV cell (for errors) and its comment.
struct origin {
  source_ref where;
  std::string column;
  std::string comment;  // without "# "
};

/// The text of the trust file, line by line, with the origin of each line.
class toml_text {
 public:
  void line(std::string text, const std::optional<origin>& from = std::nullopt) {
    if (from && !from->comment.empty()) text += "  # " + from->comment;
    text_ += text;
    text_ += '\n';
    origins_.push_back(from);
  }
  void blank() { line(""); }
  [[nodiscard]] const std::string& text() const { return text_; }
  /// The origin of a 1-based line, if it has one.
  [[nodiscard]] const origin* at(std::uint32_t line) const {
    if (line == 0 || line > origins_.size() || !origins_[line - 1]) return nullptr;
    return &*origins_[line - 1];
  }

 private:
  std::string text_;
  std::vector<std::optional<origin>> origins_;
};

/// The file name a comment gives: "staff.csv", not the path.
std::string short_name(const csv_table& t) {
  return fs::path(t.file().file).filename().string();
}

std::string one_line(std::string s) {
  std::replace_if(
      s.begin(), s.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  return s;
}

// --- the importer ---

struct value_at {
  std::string toml;  // the value as TOML writes it
  origin from;
};

struct role_row {
  std::string toml;  // an inline table
  origin from;
};

struct service_shift_rows {
  std::string shift;
  origin from;
  std::vector<role_row> roles;
  std::vector<role_row> christmas_day;
};

struct service_rows {
  std::string id;
  origin from;  // its first row
  std::string name, kind, specialty;
  const csv_row* first = nullptr;
  std::vector<service_shift_rows> shifts;
  std::optional<std::vector<value_at>> tasks;  // per hour, from demand.csv
  std::optional<value_at> task_minutes;
  std::optional<value_at> strike_cover;  // an inline table, from emergency.csv
};

struct session_rows {
  std::vector<std::pair<std::string, origin>> keys;  // key = value lines in order
  std::vector<role_row> roles;
  origin roles_from;
  origin from;
};

struct shift_rows {
  std::string id, start, end, days;
  origin from, start_from, end_from;
};
struct staff_row {
  std::string specialty, grade, shift;
  std::int64_t count = 0;
  bool locum = false;
  bool on_call = false;    // an [[on_call]] row: on call from home, not on site
  std::string rests_from;  // on-call rows: the shift missed to rest after a night (TOML), or ""
  origin row, from, shift_from, grade_from, rests_from_from;
};

class importer {
 public:
  /// From CSV texts in memory, by the names export_trust_csv gives them.
  importer(const std::vector<csv_export>& files, const trust_import_options& options)
      : options_(options) {
    const std::map<std::string_view, std::optional<csv_file>*> by_name = {
        {"staff.csv", &staff_file_},         {"sessions.csv", &sessions_file_},
        {"emergency.csv", &emergency_file_}, {"trust.csv", &trust_file_},
        {"shifts.csv", &shifts_file_},       {"demand.csv", &demand_file_}};
    for (const csv_export& f : files)
      if (const auto it = by_name.find(f.name); it != by_name.end())
        *it->second = parse_csv(f.text, f.name);
  }

  importer(const trust_csv_paths& paths, const trust_import_options& options) : options_(options) {
    const auto load = [](const fs::path& p, std::optional<csv_file>& into) {
      if (!p.empty()) into = read_csv(p);
    };
    load(paths.staff, staff_file_);
    load(paths.sessions, sessions_file_);
    load(paths.emergency, emergency_file_);
    load(paths.trust, trust_file_);
    load(paths.shifts, shifts_file_);
    load(paths.demand, demand_file_);
  }

  std::string run() {
    if (trust_file_) read_settings(csv_table(*trust_file_, trust_layout));
    read_shifts();
    read_staff(csv_table(*staff_file_, staff_layout));
    read_emergency(csv_table(*emergency_file_, emergency_layout));
    if (demand_file_) read_demand();
    read_tasks_minutes();
    read_sessions(csv_table(*sessions_file_, sessions_layout));
    write();
    check();
    return out_.text();
  }

 private:
  // --- origins and comments ---

  origin from(const csv_table& t, const csv_row& row, std::string_view column,
              std::string_view extra = {}) const {
    const csv_cell* c = t.find(row, column);
    if (c == nullptr) c = &row.cells.front();
    const std::string note = t.text(row, "note", true);
    if (options_.notes_are_sources && !note.empty())
      return {t.where(*c), std::string(column), one_line(note)};
    std::string comment = fmt::format("from {} line {}", short_name(t), row.line);
    if (!extra.empty()) comment += fmt::format(" ({})", extra);
    if (!note.empty()) comment += ": " + one_line(note);
    return {t.where(*c), std::string(column), std::move(comment)};
  }
  static origin assumed(std::string comment, source_ref where = {}, std::string column = {}) {
    return {std::move(where), std::move(column), "assumption: " + std::move(comment)};
  }
  /// An origin for a line that holds no number: where it came from, for errors, no comment.
  static origin quiet(origin o) {
    o.comment.clear();
    return o;
  }

  /// The normalised cell, which must be one of `names` (or of `aliases`' keys).
  template <class Names>
  std::string one_of(const csv_table& t, const csv_row& row, std::string_view column,
                     const Names& names, std::string_view what,
                     const std::map<std::string, std::string>& aliases = {}) const {
    const std::string raw = t.text(row, column);
    std::string s = normalise(raw);
    if (const auto a = aliases.find(s); a != aliases.end()) return a->second;
    std::vector<std::string_view> known;
    for (const auto& n : names) {
      if (s == std::string_view(n)) return s;
      known.emplace_back(n);
    }
    std::string hint = did_you_mean(s, known);
    if (hint.empty()) {
      hint = " (expected one of: ";
      for (std::size_t i = 0; i < known.size(); ++i)
        hint += fmt::format("{}{}", i == 0 ? "" : ", ", known[i]);
      hint += ")";
    }
    t.fail(t.cell(row, column), column,
           fmt::format("unknown {} '{}'{}", what, detail::clip(raw), hint));
  }

  double decimal(const csv_table& t, const csv_row& row, std::string_view column,
                 std::string_view text) const {
    const auto v = parse_decimal(text);
    if (!v)
      t.fail(t.cell(row, column), column,
             fmt::format("expected a number, got '{}'", detail::clip(text)));
    return *v;
  }

  void note_specialty(const std::string& s) {
    if (std::find(inferred_specialties_.begin(), inferred_specialties_.end(), s) ==
        inferred_specialties_.end())
      inferred_specialties_.push_back(s);
  }

  // --- trust.csv ---

  void read_settings(const csv_table& t) {
    std::vector<std::string_view> names;
    for (const setting_spec& s : settings)
      names.push_back(s.name);
    std::map<std::string, std::uint32_t> once;  // a setting given once: its line
    for (const csv_row& row : t.file().rows) {
      const std::string name = t.text(row, "setting");
      const auto spec = std::find_if(settings.begin(), settings.end(),
                                     [&](const setting_spec& s) { return s.name == name; });
      if (spec == settings.end()) {
        std::string hint = did_you_mean(name, names);
        if (hint.empty()) hint = " (see docs/import.md for the settings)";
        t.fail(t.cell(row, "setting"), "setting",
               fmt::format("unknown setting '{}'{}", detail::clip(name), hint));
      }
      if (!spec->repeat) {
        const auto [it, added] = once.emplace(name, row.line);
        if (!added)
          t.fail(t.cell(row, "setting"), "setting",
                 fmt::format("'{}' is given twice (first at line {}); it takes one value", name,
                             it->second));
      }
      const std::string value = t.text(row, "value");
      settings_[name].push_back({value, from(t, row, "value")});
      setting_rows_[name].push_back(&row);
    }
    settings_table_.emplace(t);
  }
  [[nodiscard]] const std::vector<value_at>* setting(std::string_view name) const {
    const auto it = settings_.find(std::string(name));
    return it == settings_.end() ? nullptr : &it->second;
  }
  /// A setting's value "NAME NUMBER" (an acuity class, an admission route): the name and the
  /// number as TOML.
  std::pair<std::string, std::string> named_number(std::string_view setting_name,
                                                   std::size_t i) const {
    const value_at& v = settings_.at(std::string(setting_name))[i];
    const csv_row& row = *setting_rows_.at(std::string(setting_name))[i];
    const std::size_t space = v.toml.find_last_of(' ');
    if (space == std::string::npos || space == 0)
      settings_table_->fail(settings_table_->cell(row, "value"), "value",
                            fmt::format("expected NAME and a share, e.g. \"P1 0.1\", got '{}'",
                                        detail::clip(v.toml)));
    const std::string name = v.toml.substr(0, v.toml.find_last_not_of(' ', space) + 1);
    const double share =
        decimal(*settings_table_, row, "value", std::string_view(v.toml).substr(space + 1));
    return {name, number(share)};
  }
  /// A setting's value as a distribution: "35" or "lognormal mean=35 sd=20".
  std::string distribution(std::string_view setting_name, std::size_t i,
                           std::size_t skip_words = 0) const {
    const value_at& v = settings_.at(std::string(setting_name))[i];
    const csv_row& row = *setting_rows_.at(std::string(setting_name))[i];
    std::vector<std::string> words = split(v.toml, " ");
    words.erase(words.begin(),
                words.begin() + static_cast<std::ptrdiff_t>(std::min(skip_words, words.size())));
    const csv_table& t = *settings_table_;
    if (words.empty())
      t.fail(t.cell(row, "value"), "value",
             "expected a distribution, e.g. \"lognormal mean=35 sd=20\" or a number");
    if (words.size() == 1 && parse_decimal(words[0])) return number(*parse_decimal(words[0]));
    std::string out = fmt::format("{{ dist = {}", toml_string(normalise(words[0])));
    for (std::size_t k = 1; k < words.size(); ++k) {
      const std::size_t eq = words[k].find('=');
      const std::string key = eq == std::string::npos ? "" : words[k].substr(0, eq);
      if (key.empty() || !std::all_of(key.begin(), key.end(),
                                      [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; }))
        t.fail(t.cell(row, "value"), "value",
               fmt::format("expected NAME=NUMBER after the distribution's kind (e.g. mean=35), "
                           "got '{}'",
                           detail::clip(words[k])));
      out +=
          fmt::format(", {} = {}", key,
                      number(decimal(t, row, "value", std::string_view(words[k]).substr(eq + 1))));
    }
    return out + " }";
  }

  // --- shifts.csv, or the shipped trusts' shifts ---

  void read_shifts() {
    if (!shifts_file_) {
      constexpr std::array<std::array<const char*, 4>, 4> defaults = {{
          {"day", "08:00", "17:00", "weekday"},
          {"evening", "17:00", "21:00", "weekday"},
          {"weekend-day", "08:00", "21:00", "weekend"},
          {"night", "21:00", "08:00", "all"},
      }};
      for (const auto& d : defaults) {
        const origin o = assumed(
            "no shifts.csv given: the shifts of the shipped trusts "
            "(scenarios/README.md)",
            {"--shifts", 0, 0}, "--shifts");
        shifts_.push_back(
            {toml_string(d[0]), toml_string(d[1]), toml_string(d[2]), toml_string(d[3]), o, o, o});
      }
      return;
    }
    const csv_table t(*shifts_file_, shifts_layout);
    for (const csv_row& row : t.file().rows) {
      shift_rows s;
      s.id = toml_string(t.text(row, "shift"));
      s.start = toml_string(t.text(row, "start"));
      s.end = toml_string(t.text(row, "end"));
      s.days = t.has("days") && !t.text(row, "days", true).empty()
                   ? toml_string(one_of(t, row, "days", shift_day_names, "days"))
                   : toml_string("all");
      s.from = from(t, row, "shift");
      s.start_from = from(t, row, "start");
      s.end_from = from(t, row, "end");
      shifts_.push_back(std::move(s));
    }
  }

  // --- staff.csv ---

  /// A yes/no cell (also true/false, any case); blank or an absent column is no.
  static bool yes_no(const csv_table& t, const csv_row& row, std::string_view column) {
    const std::string v = normalise(t.text(row, column, true));
    if (v == "yes" || v == "true") return true;
    if (!v.empty() && v != "no" && v != "false")
      t.fail(t.cell(row, column), column,
             fmt::format("expected yes or no (or blank: no), got '{}'",
                         detail::clip(t.text(row, column))));
    return false;
  }

  void read_staff(const csv_table& t) {
    for (const csv_row& row : t.file().rows) {
      staff_row s;
      const std::string specialty = t.text(row, "specialty");
      note_specialty(specialty);
      s.specialty = toml_string(specialty);
      s.grade = toml_string(one_of(t, row, "grade", grade_names, "grade"));
      s.shift = toml_string(t.text(row, "shift"));
      s.count = t.integer(row, "count", 0, limits::max_headcount);
      s.locum = yes_no(t, row, "locum");
      s.on_call = yes_no(t, row, "on_call");
      if (const std::string rests = t.text(row, "rests_from", true); !rests.empty()) {
        if (!s.on_call)
          t.fail(t.cell(row, "rests_from"), "rests_from",
                 fmt::format("only for doctors on call (on_call yes), naming the shift they "
                             "miss to rest after a night; this row is on the rota (on_call no), "
                             "got '{}'",
                             detail::clip(rests)));
        s.rests_from = toml_string(rests);
        s.rests_from_from = quiet(from(t, row, "rests_from"));
      }
      s.row = from(t, row, "specialty");
      s.from = from(t, row, "count");
      s.shift_from = from(t, row, "shift");
      s.grade_from = from(t, row, "grade");
      staff_.push_back(std::move(s));
    }
  }

  // --- emergency.csv ---

  /// "consultant any" or "consultant acute_medicine/general_surgery" -> an inline table. The
  /// specialties named are not added to the inferred list: one that no other cell names has no
  /// doctors to cover with, and is refused as unknown (a typo) by the trust reader.
  [[nodiscard]] static std::string cross_cover(const csv_table& t, const csv_row& row,
                                               std::string_view column, std::string_view text) {
    const std::vector<std::string> words = split(text, " ");
    if (words.size() != 2)
      t.fail(t.cell(row, column), column,
             fmt::format("expected a grade and a specialty (or 'any'), e.g. \"consultant any\", "
                         "got '{}'",
                         detail::clip(text)));
    const std::string g = normalise(words[0]);
    if (std::find(grade_names.begin(), grade_names.end(), g) == grade_names.end())
      t.fail(t.cell(row, column), column,
             fmt::format("unknown grade '{}'{}", detail::clip(words[0]),
                         did_you_mean(g, std::vector<std::string_view>(grade_names.begin(),
                                                                       grade_names.end()))));
    if (words[1] == "any")
      return fmt::format("{{ grade = {}, specialty = \"any\" }}", toml_string(g));
    std::string list;
    for (const std::string& s : split(words[1], "/"))
      list += fmt::format("{}{}", list.empty() ? "" : ", ", toml_string(s));
    return fmt::format("{{ grade = {}, specialties = [{}] }}", toml_string(g), list);
  }

  void read_emergency(const csv_table& t) {
    std::map<std::string, std::size_t> index;  // service id -> services_
    for (const csv_row& row : t.file().rows) {
      const std::string id = t.text(row, "service");
      auto [it, added] = index.emplace(id, services_.size());
      if (added) {
        service_rows s;
        s.id = id;
        s.from = quiet(from(t, row, "service"));
        s.first = &row;
        s.name = t.text(row, "service_name", true);
        s.kind = one_of(t, row, "kind", service_kind_names, "service kind");
        s.specialty = t.text(row, "service_specialty", true);
        if (!s.specialty.empty()) note_specialty(s.specialty);
        if (const std::string cover = t.text(row, "strike_cover", true); !cover.empty())
          s.strike_cover = value_at{cross_cover(t, row, "strike_cover", cover),
                                    quiet(from(t, row, "strike_cover"))};
        services_.push_back(std::move(s));
      }
      service_rows& s = services_[it->second];
      // A service's own columns are the same on every one of its rows.
      for (const std::string_view column :
           {"service_name", "kind", "service_specialty", "strike_cover"}) {
        const csv_cell* here = t.find(row, column);
        const csv_cell* first = t.find(*s.first, column);
        if (here != nullptr && here->text != first->text)
          t.fail(*here, column,
                 fmt::format("'{}' differs from line {}, the first row of service '{}' ('{}'): a "
                             "service's {} is the same on every one of its rows",
                             detail::clip(here->text), s.first->line, detail::clip(id),
                             detail::clip(first->text), column));
      }
      const std::string shift = t.text(row, "shift");
      auto sh = std::find_if(s.shifts.begin(), s.shifts.end(),
                             [&](const service_shift_rows& x) { return x.shift == shift; });
      if (sh == s.shifts.end()) {
        s.shifts.push_back({shift, quiet(from(t, row, "shift")), {}, {}});
        sh = std::prev(s.shifts.end());
      }
      const std::string specialty = t.text(row, "specialty");
      note_specialty(specialty);
      const std::string g = one_of(t, row, "grade", grade_names, "grade");
      const std::int64_t minimum = t.integer(row, "minimum", 0, limits::max_role_count);
      const std::string christmas = t.text(row, "christmas_day", true);
      const std::string cover = t.text(row, "cross_cover", true);
      if (minimum == 0 && christmas.empty())
        t.fail(t.cell(row, "minimum"), "minimum",
               "the row gives neither a minimum (at least 1) nor a christmas_day count");
      if (minimum == 0 && !cover.empty())
        t.fail(t.cell(row, "cross_cover"), "cross_cover",
               "cross_cover is for a role: give a minimum of at least 1");
      if (minimum > 0) {
        std::string role = fmt::format("{{ specialty = {}, grade = {}, count = {}",
                                       toml_string(specialty), toml_string(g), minimum);
        if (!cover.empty()) role += ", cross_cover = " + cross_cover(t, row, "cross_cover", cover);
        sh->roles.push_back({role + " }", from(t, row, "minimum", "minimum")});
      }
      if (!christmas.empty()) {
        const std::int64_t n = t.integer(row, "christmas_day", 0, limits::max_role_count);
        sh->christmas_day.push_back({fmt::format("{{ specialty = {}, grade = {}, count = {} }}",
                                                 toml_string(specialty), toml_string(g), n),
                                     from(t, row, "christmas_day", "Christmas Day")});
      }
    }
  }

  // --- demand.csv ---

  void read_demand() {
    std::vector<std::string> task_columns;
    std::vector<csv_column> layout = {
        {"hour", true}, {"ed_arrivals", false}, {"ed_arrivals_weekend", false}, {"note", false}};
    for (const service_rows& s : services_)
      task_columns.push_back("tasks:" + s.id);
    for (const std::string& c : task_columns)
      layout.push_back({c, false});
    const csv_table t(*demand_file_, layout);
    const auto& rows = t.file().rows;
    if (rows.size() != 24) {
      const csv_cell& at = rows.empty() ? t.file().header.front() : rows.back().cells.front();
      t.fail(at, "hour",
             fmt::format("expected 24 rows, one for each hour from 00:00 to 23:00, got {}",
                         rows.size()));
    }
    for (std::size_t h = 0; h < 24; ++h) {
      const std::string expected = fmt::format("{:02}:00", h);
      const std::string hour = t.text(rows[h], "hour");
      if (hour != expected)
        t.fail(t.cell(rows[h], "hour"), "hour",
               fmt::format("expected {} (the rows are the hours from 00:00 to 23:00, in order), "
                           "got '{}'",
                           expected, detail::clip(hour)));
    }
    const auto column = [&](std::string_view name) {
      std::vector<value_at> values;
      for (std::size_t h = 0; h < 24; ++h) {
        const std::string text = t.text(rows[h], name);
        values.push_back({number(decimal(t, rows[h], name, text)),
                          from(t, rows[h], name, fmt::format("{:02}:00", h))});
      }
      return values;
    };
    if (t.has("ed_arrivals_weekend") && !t.has("ed_arrivals"))
      t.fail(t.file().header.front(), "ed_arrivals_weekend",
             "ed_arrivals_weekend needs the column ed_arrivals (weekdays)");
    if (t.has("ed_arrivals")) ed_arrivals_ = column("ed_arrivals");
    if (t.has("ed_arrivals_weekend")) ed_arrivals_weekend_ = column("ed_arrivals_weekend");
    for (std::size_t i = 0; i < services_.size(); ++i)
      if (t.has(task_columns[i])) services_[i].tasks = column(task_columns[i]);
    demand_table_.emplace(t);
  }

  void read_tasks_minutes() {
    const auto* minutes = setting("task_minutes");
    const std::size_t n = minutes ? minutes->size() : 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::string& v = (*minutes)[i].toml;
      const std::string id = v.substr(0, v.find(' '));
      const auto s = std::find_if(services_.begin(), services_.end(),
                                  [&](const service_rows& x) { return x.id == id; });
      const csv_row& row = *setting_rows_.at("task_minutes")[i];
      if (s == services_.end() || !s->tasks)
        settings_table_->fail(
            settings_table_->cell(row, "value"), "value",
            fmt::format("task_minutes names '{}', which has no column tasks:{} in demand.csv; "
                        "expected SERVICE and a distribution, e.g. \"wards lognormal mean=20 "
                        "sd=12\"",
                        detail::clip(id), detail::clip(id)));
      if (s->task_minutes)
        settings_table_->fail(settings_table_->cell(row, "value"), "value",
                              fmt::format("task_minutes of '{}' is given twice", id));
      s->task_minutes = value_at{distribution("task_minutes", i, 1), (*minutes)[i].from};
    }
    for (service_rows& s : services_)
      if (s.tasks && !s.task_minutes)
        s.task_minutes = value_at{"{ dist = \"lognormal\", mean = 20, sd = 12 }",
                                  assumed("no task_minutes for this service in trust.csv: a task "
                                          "takes 20 minutes on average (lognormal, sd 12), as "
                                          "the shipped trusts' ward jobs")};
  }

  // --- sessions.csv ---

  std::string days(const csv_table& t, const csv_row& row) const {
    const std::string raw = t.text(row, "days");
    std::vector<int> out;
    const auto day_index = [&](const std::string& word) -> int {
      const std::string w = normalise(word);
      for (std::size_t d = 0; d < 7; ++d)
        if (w == day_names[d] || w == long_day_names[d]) return static_cast<int>(d);
      t.fail(t.cell(row, "days"), "days",
             fmt::format("unknown day '{}'{} (days are mon, tue, wed, thu, fri, sat, sun, ranges "
                         "such as mon-fri, 'weekdays' or 'weekend')",
                         detail::clip(word),
                         did_you_mean(w, std::vector<std::string_view>(day_names.begin(),
                                                                       day_names.end()))));
    };
    for (const std::string& word : split(raw, " ;,")) {
      const std::string w = normalise(word);
      int from_day = 0, to_day = 0;
      if (w == "weekdays") {
        to_day = 4;
      } else if (w == "weekend") {
        from_day = 5;
        to_day = 6;
      } else if (const std::size_t dash = w.find('-'); dash != std::string::npos) {
        from_day = day_index(w.substr(0, dash));
        to_day = day_index(w.substr(dash + 1));
        if (to_day < from_day)
          t.fail(t.cell(row, "days"), "days",
                 fmt::format("the range '{}' runs backwards", detail::clip(word)));
      } else {
        from_day = to_day = day_index(w);
      }
      for (int d = from_day; d <= to_day; ++d) {
        if (std::find(out.begin(), out.end(), d) != out.end())
          t.fail(t.cell(row, "days"), "days",
                 fmt::format("{} is named twice", day_names[static_cast<std::size_t>(d)]));
        out.push_back(d);
      }
    }
    if (out.empty()) t.fail(t.cell(row, "days"), "days", "missing value: name at least one day");
    std::string list;
    for (const int d : out)
      list += fmt::format("{}{}", list.empty() ? "" : ", ",
                          toml_string(day_names[static_cast<std::size_t>(d)]));
    return "[" + list + "]";
  }

  /// "1 consultant general_surgery; 1 consultant anaesthesia or sas any" -> inline tables.
  std::vector<std::string> roles(const csv_table& t, const csv_row& row) {
    std::vector<std::string> out;
    const std::string raw = t.text(row, "roles");
    for (const std::string& item : split(raw, ";")) {
      std::vector<std::string> words = split(item, " ");
      if (words.empty()) continue;
      const bool assists = words.size() > 3 && normalise(words.back()) == "assisting";
      if (assists) words.pop_back();
      std::string cover;
      if (words.size() >= 4 && normalise(words[3]) == "or") {
        const std::string rest = words.size() == 6 ? words[4] + " " + words[5] : "";
        if (rest.empty())
          t.fail(t.cell(row, "roles"), "roles",
                 fmt::format("expected 'or GRADE SPECIALTY' (or 'or GRADE any') after the role, "
                             "got '{}'",
                             detail::clip(item)));
        cover = ", cross_cover = " + cross_cover(t, row, "roles", rest);
        words.resize(3);
      }
      const auto count = words.size() == 3 ? parse_whole_number(words[0]) : std::nullopt;
      if (!count)
        t.fail(t.cell(row, "roles"), "roles",
               fmt::format("expected COUNT GRADE SPECIALTY, e.g. \"1 consultant general_surgery\", "
                           "got '{}'",
                           detail::clip(item)));
      if (*count < 1 || *count > limits::max_role_count)
        t.fail(t.cell(row, "roles"), "roles",
               fmt::format("a role's count must be in [1, {}], got {}", limits::max_role_count,
                           *count));
      const std::string g = normalise(words[1]);
      if (std::find(grade_names.begin(), grade_names.end(), g) == grade_names.end())
        t.fail(t.cell(row, "roles"), "roles",
               fmt::format("unknown grade '{}'{}", detail::clip(words[1]),
                           did_you_mean(g, std::vector<std::string_view>(grade_names.begin(),
                                                                         grade_names.end()))));
      note_specialty(words[2]);
      out.push_back(fmt::format("{{ specialty = {}, grade = {}, count = {}{}{} }}",
                                toml_string(words[2]), toml_string(g), *count, cover,
                                assists ? ", assists = true" : ""));
    }
    if (out.empty()) t.fail(t.cell(row, "roles"), "roles", "missing value: give at least one role");
    return out;
  }

  void read_sessions(const csv_table& t) {
    const std::map<std::string, std::string> kind_aliases = {{"list", "theatre_list"},
                                                             {"theatre", "theatre_list"}};
    for (const csv_row& row : t.file().rows) {
      session_rows s;
      s.from = quiet(from(t, row, "kind"));
      const std::string kind =
          one_of(t, row, "kind", session_kind_names, "session kind", kind_aliases);
      const std::string specialty = t.text(row, "specialty");
      note_specialty(specialty);
      std::string id = t.text(row, "id", true);
      if (id.empty()) id = fmt::format("{}-{}-line-{}", specialty, kind, row.line);
      s.keys.push_back(
          {"id = " + toml_string(id), quiet(from(t, row, t.has("id") ? "id" : "kind"))});
      s.keys.push_back({"kind = " + toml_string(kind), quiet(from(t, row, "kind"))});
      s.keys.push_back({"specialty = " + toml_string(specialty), quiet(from(t, row, "specialty"))});
      s.keys.push_back(
          {"priority = " + toml_string(one_of(t, row, "priority", priority_names, "priority")),
           quiet(from(t, row, "priority"))});
      s.keys.push_back({"days = " + days(t, row), quiet(from(t, row, "days"))});
      s.keys.push_back(time_of(t, row));
      s.roles_from = quiet(from(t, row, "roles"));
      for (std::string& r : roles(t, row))
        s.roles.push_back({std::move(r), from(t, row, "roles")});
      const bool list = kind == "theatre_list";
      const char* count_column = list ? "operations" : "slots";
      const char* other_column = list ? "slots" : "operations";
      if (!t.text(row, other_column, true).empty())
        t.fail(t.cell(row, other_column), other_column,
               fmt::format("a {} has {}, not {}: leave {} blank", list ? "theatre list" : "clinic",
                           count_column, other_column, other_column));
      if (!t.has(count_column))
        t.fail(row.cells.front(), count_column,
               fmt::format("a {} needs the column {} (docs/import.md)",
                           list ? "theatre list" : "clinic", count_column));
      s.keys.push_back({fmt::format("{} = {}", count_column,
                                    t.integer(row, count_column, 1, limits::max_session_activity)),
                        from(t, row, count_column)});
      if (!t.text(row, "count", true).empty())
        s.keys.push_back(
            {fmt::format("count = {}", t.integer(row, "count", 1, limits::max_session_copies)),
             from(t, row, "count")});
      sessions_.push_back(std::move(s));
    }
  }

  /// start and end "HH:MM", or start AM, PM or "all day" with end blank.
  std::pair<std::string, origin> time_of(const csv_table& t, const csv_row& row) const {
    const std::string start = t.text(row, "start");
    const std::string end = t.text(row, "end", true);
    const std::string word = normalise(start);
    static const std::map<std::string, std::pair<const char*, const char*>> halves = {
        {"am", {"08:00-13:00", "AM is 08:00-13:00 (docs/import.md)"}},
        {"pm", {"13:00-17:00", "PM is 13:00-17:00 (docs/import.md)"}},
        {"all_day", {"08:00-17:00", "all day is 08:00-17:00 (docs/import.md)"}}};
    if (const auto h = halves.find(word); h != halves.end()) {
      if (!end.empty())
        t.fail(t.cell(row, "end"), "end",
               fmt::format("start is '{}': leave end blank, or give start and end as HH:MM",
                           detail::clip(start)));
      return {"time = " + toml_string(h->second.first),
              assumed(h->second.second, t.where(t.cell(row, "start")), "start")};
    }
    if (end.empty())
      t.fail(t.find(row, "end") ? t.cell(row, "end") : t.cell(row, "start"), "end",
             "missing value: give the time the session ends (HH:MM), or AM, PM or 'all day' as "
             "its start");
    return {"time = " + toml_string(start + "-" + end), from(t, row, "start", "start and end")};
  }

  // --- writing ---

  void write() {
    if (options_.header.empty()) {
      out_.line("# A trust file written by `strikesim import` from CSV files (docs/import.md).");
      out_.line("# Each number says where it came from: the CSV file and line, or 'assumption'.");
    }
    for (const std::string& h : options_.header)
      out_.line(h.empty() ? "#" : "# " + h);
    out_.blank();
    write_header();
    for (const shift_rows& s : shifts_) {
      out_.blank();
      out_.line("[[shift]]", quiet(s.from));
      out_.line("id = " + s.id, quiet(s.from));
      out_.line("start = " + s.start, s.start_from);
      out_.line("end = " + s.end, s.end_from);
      out_.line("days = " + s.days, quiet(s.from));
    }
    for (const bool on_call : {false, true})
      for (const staff_row& s : staff_)
        if (s.on_call == on_call) write_staff(s);
    for (const service_rows& s : services_)
      write_service(s);
    write_ed();
    for (const session_rows& s : sessions_) {
      out_.blank();
      out_.line("[[session]]", s.from);
      for (const auto& [text, o] : s.keys)
        out_.line(text, o);
      write_list("roles", s.roles, s.roles_from, "");
    }
  }

  /// A [[staff]] row, or an [[on_call]] row for one with on_call = yes.
  void write_staff(const staff_row& s) {
    out_.blank();
    out_.line(s.on_call ? "[[on_call]]" : "[[staff]]", quiet(s.row));
    out_.line("specialty = " + s.specialty, quiet(s.row));
    out_.line("shift = " + s.shift, quiet(s.shift_from));
    out_.line("grade = " + s.grade, quiet(s.grade_from));
    out_.line(fmt::format("headcount = {}", s.count), s.from);
    if (s.locum) out_.line("locum = true", quiet(s.row));
    if (!s.rests_from.empty()) out_.line("rests_from = " + s.rests_from, s.rests_from_from);
  }

  void write_header() {
    out_.line("[trust]");
    const auto one = [&](std::string_view key, const std::string& option, const char* flag) {
      if (!option.empty()) {
        origin o;
        o.where = {flag, 0, 0};
        o.column = flag;
        o.comment = fmt::format("from the command line ({})", flag);
        out_.line(fmt::format("{} = {}", key, toml_string(option)), o);
        return;
      }
      if (const auto* v = setting(key)) {
        out_.line(fmt::format("{} = {}", key, toml_string(v->front().toml)), v->front().from);
        return;
      }
      throw scenario_error({flag, 0, 0}, "",
                           fmt::format("the trust needs {0}: give {1}, or a row '{0}' in trust.csv "
                                       "(--trust)",
                                       key, flag));
    };
    one("id", options_.id, "--id");
    one("name", options_.name, "--name");
    if (const auto* sites = setting("site")) write_strings("sites", *sites);
    if (const auto* listed = setting("specialty")) {
      write_strings("specialties", *listed);
    } else {
      std::vector<value_at> inferred;
      for (const std::string& s : inferred_specialties_)
        inferred.push_back({s, {}});
      out_.line(
          "# specialties: every one the CSV files name, in the order they first appear "
          "(no 'specialty' rows in trust.csv)");
      write_strings("specialties", inferred);
    }
    write_scale("operations_scale");
    write_scale("slots_scale");
  }
  /// A drawable number (a scale of the sessions' counts, the ED's admitted share): a number or a
  /// distribution, with its scope if given; written under `toml_key` (else its own name).
  void write_scale(const std::string& key, const std::string& toml_key = {}) {
    const auto* v = setting(key);
    if (v == nullptr) return;
    std::string value = distribution(key, 0);
    if (const auto* scope = setting(key + "_scope")) {
      if (value.empty() || value.back() != '}') {
        const csv_table& t = *settings_table_;
        t.fail(t.cell(*setting_rows_.at(key + "_scope").front(), "value"), "value",
               fmt::format("a scope is for a distribution, and {} is a number", key));
      }
      value.resize(value.size() - 2);
      value += fmt::format(", scope = {} }}", toml_string(scope->front().toml));
    }
    out_.line(fmt::format("{} = {}", toml_key.empty() ? key : toml_key, value), v->front().from);
  }
  void write_strings(std::string_view key, const std::vector<value_at>& values) {
    std::string list;
    for (const value_at& v : values)
      list += fmt::format("{}{}", list.empty() ? "" : ", ", toml_string(v.toml));
    out_.line(fmt::format("{} = [{}]", key, list), quiet(values.front().from));
  }

  /// `key = [ a,  # comment` ... `  z ]  # comment`, one element a line; `indent` before each.
  void write_list(std::string_view key, const std::vector<role_row>& items,
                  const origin& empty_from, std::string_view indent) {
    if (items.empty()) {
      out_.line(fmt::format("{}{} = []", indent, key), quiet(empty_from));
      return;
    }
    const std::string lead = fmt::format("{}{} = [ ", indent, key);
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string prefix = i == 0 ? lead : std::string(lead.size(), ' ');
      out_.line(prefix + items[i].toml + (i + 1 < items.size() ? "," : " ]"), items[i].from);
    }
  }
  static std::vector<role_row> as_rows(const std::vector<value_at>& values) {
    std::vector<role_row> out;
    for (const value_at& v : values)
      out.push_back({v.toml, v.from});
    return out;
  }

  void write_service(const service_rows& s) {
    out_.blank();
    out_.line("[[service]]", s.from);
    out_.line("id = " + toml_string(s.id), s.from);
    if (!s.name.empty()) out_.line("name = " + toml_string(s.name), s.from);
    out_.line("kind = " + toml_string(s.kind), s.from);
    if (!s.specialty.empty()) out_.line("specialty = " + toml_string(s.specialty), s.from);
    if (s.strike_cover) out_.line("strike_cover = " + s.strike_cover->toml, s.strike_cover->from);
    for (const service_shift_rows& sh : s.shifts) {
      out_.blank();
      out_.line("  [[service.shift]]", sh.from);
      out_.line("  shift = " + toml_string(sh.shift), sh.from);
      write_list("roles", sh.roles, sh.from, "  ");
      if (!sh.christmas_day.empty()) write_list("christmas_day", sh.christmas_day, sh.from, "  ");
    }
    if (s.tasks) {
      out_.blank();
      out_.line("  [service.workload]", s.from);
      write_list("per_hour", as_rows(*s.tasks), s.from, "  ");
      out_.line("  minutes = " + s.task_minutes->toml, s.task_minutes->from);
    }
  }

  /// The header cell of demand.csv's ed_arrivals column (ED errors that no cell holds go there).
  [[nodiscard]] const csv_cell& ed_arrivals_header() const {
    const auto& header = demand_table_->file().header;
    return *std::find_if(header.begin(), header.end(),
                         [](const csv_cell& c) { return c.text == "ed_arrivals"; });
  }

  void write_ed() {
    if (ed_arrivals_.empty()) {
      if (std::any_of(settings_.begin(), settings_.end(),
                      [](const auto& s) { return s.first.rfind("ed_", 0) == 0; })) {
        const csv_row* row = nullptr;  // the first ED setting in the file
        for (const auto& [name, rows] : setting_rows_)
          if (name.rfind("ed_", 0) == 0 && (row == nullptr || rows.front()->line < row->line))
            row = rows.front();
        settings_table_->fail(settings_table_->cell(*row, "setting"), "setting",
                              "ED settings need the ED's arrivals: a column ed_arrivals in "
                              "demand.csv (--demand)");
      }
      out_.blank();
      out_.line(
          "# No ED arrivals given (demand.csv with ed_arrivals): no ED patients are simulated.");
      return;
    }
    out_.blank();
    out_.line("[ed]");
    if (const auto* v = setting("ed_service")) {
      out_.line("service = " + toml_string(v->front().toml), quiet(v->front().from));
    } else {
      std::vector<const service_rows*> eds;
      for (const service_rows& s : services_)
        if (s.kind == "ed") eds.push_back(&s);
      if (eds.size() != 1)
        throw scenario_error(demand_table_->where(ed_arrivals_header()), "ed_arrivals",
                             fmt::format("emergency.csv has {} services of kind ed: name the one "
                                         "these arrivals go to with a row ed_service in trust.csv",
                                         eds.size()));
      out_.line("service = " + toml_string(eds.front()->id), quiet(eds.front()->from));
    }
    write_list("arrivals_per_hour", as_rows(ed_arrivals_), {}, "");
    if (!ed_arrivals_weekend_.empty())
      write_list("weekend_arrivals_per_hour", as_rows(ed_arrivals_weekend_), {}, "");
    write_named("acuity", "ed_acuity", "name",
                {{"\"P1\"", "0.1"}, {"\"P2\"", "0.4"}, {"\"P3\"", "0.5"}},
                "no ed_acuity in trust.csv: the triage mix of MODELS.md model B");
    write_distribution("consultation_minutes", "ed_consultation_minutes",
                       "{ dist = \"lognormal\", mean = 35, sd = 20 }",
                       "no ed_consultation_minutes in trust.csv: MODELS.md model B");
    if (setting("ed_admission_share") != nullptr) {
      write_scale("ed_admission_share", "admission_share");
    } else {
      out_.line("admission_share = 0.3",
                assumed("no ed_admission_share in trust.csv: MODELS.md model B"));
    }
    std::vector<std::pair<std::string, std::string>> takes;
    std::size_t n_takes = 0;
    for (const service_rows& s : services_)
      n_takes += s.kind == "acute_medical_take" || s.kind == "surgical_take" ? 1 : 0;
    for (const service_rows& s : services_)
      if (s.kind == "acute_medical_take" || s.kind == "surgical_take")
        takes.emplace_back(toml_string(s.id), number(1.0 / static_cast<double>(n_takes)));
    if (takes.empty() && setting("ed_admit_to") == nullptr)
      throw scenario_error(demand_table_->where(ed_arrivals_header()), "ed_arrivals",
                           "emergency.csv has no take service (kind acute_medical_take or "
                           "surgical_take) for ED admissions: name where they go with rows "
                           "ed_admit_to in trust.csv");
    write_named("admit_to", "ed_admit_to", "service", takes,
                "no ed_admit_to in trust.csv: admissions shared equally by the take services");
    write_distribution("clerking_minutes", "ed_clerking_minutes",
                       "{ dist = \"lognormal\", mean = 30, sd = 10 }",
                       "no ed_clerking_minutes in trust.csv: MODELS.md model B");
    // Optional keys: absent, the trust reader's defaults (none streamed, no wait for a bed).
    if (const auto share = setting_number("ed_streamed_share")) {
      if (*share > 0 && setting("ed_streamed_minutes") == nullptr)
        settings_table_->fail(
            settings_table_->cell(*setting_rows_.at("ed_streamed_share").front(), "value"), "value",
            "a streamed share above 0 needs a row ed_streamed_minutes: the time "
            "a streamed patient spends in the department (a distribution)");
      out_.line("streamed_share = " + number(*share), setting("ed_streamed_share")->front().from);
    }
    write_distribution("streamed_minutes", "ed_streamed_minutes", {}, {});
    write_distribution("bed_wait_minutes", "ed_bed_wait_minutes", {}, {});
  }

  /// A setting given once, as a number; nullopt if trust.csv does not give it.
  [[nodiscard]] std::optional<double> setting_number(std::string_view name) const {
    const auto* v = setting(name);
    if (v == nullptr) return std::nullopt;
    const csv_row& row = *setting_rows_.at(std::string(name)).front();
    return decimal(*settings_table_, row, "value", v->front().toml);
  }

  void write_named(std::string_view key, std::string_view setting_name, std::string_view name_key,
                   const std::vector<std::pair<std::string, std::string>>& defaults,
                   const std::string& assumption) {
    std::vector<role_row> rows;
    if (const auto* v = setting(setting_name)) {
      for (std::size_t i = 0; i < v->size(); ++i) {
        const auto [name, share] = named_number(setting_name, i);
        rows.push_back(
            {fmt::format("{{ {} = {}, share = {} }}", name_key, toml_string(name), share),
             (*v)[i].from});
      }
    } else {
      for (const auto& [name, share] : defaults)
        rows.push_back(
            {fmt::format("{{ {} = {}, share = {} }}", name_key, name, share), assumed(assumption)});
    }
    write_list(key, rows, {}, "");
  }

  /// `key = DISTRIBUTION` from the setting, or the fallback (an assumption); neither: no line.
  void write_distribution(std::string_view key, std::string_view setting_name,
                          std::string_view fallback, const std::string& assumption) {
    if (const auto* v = setting(setting_name))
      out_.line(fmt::format("{} = {}", key, distribution(setting_name, 0)), v->front().from);
    else if (!fallback.empty())
      out_.line(fmt::format("{} = {}", key, fallback), assumed(assumption));
  }

  /// Reads the text as `strikesim validate` would; an error goes to the CSV cell of its line.
  void check() const {
    try {
      (void)read_trust_text(out_.text(), "imported trust");
    } catch (const scenario_error& e) {
      const origin* o = out_.at(e.where().line);
      if (o == nullptr || o->where.file.empty()) throw;
      std::string message = e.message();
      if (!e.key().empty()) message += fmt::format(" (in the trust file: {})", e.key());
      throw scenario_error(o->where, o->column, std::move(message));
    }
  }

  trust_import_options options_;
  std::optional<csv_file> staff_file_, sessions_file_, emergency_file_, trust_file_, shifts_file_,
      demand_file_;
  std::optional<csv_table> settings_table_, demand_table_;
  std::map<std::string, std::vector<value_at>> settings_;
  std::map<std::string, std::vector<const csv_row*>> setting_rows_;
  std::vector<std::string> inferred_specialties_;
  std::vector<shift_rows> shifts_;
  std::vector<staff_row> staff_;
  std::vector<service_rows> services_;
  std::vector<value_at> ed_arrivals_, ed_arrivals_weekend_;
  std::vector<session_rows> sessions_;
  toml_text out_;
};

}  // namespace

std::string import_trust(const trust_csv_paths& files, const trust_import_options& options) {
  if (files.staff.empty() || files.sessions.empty() || files.emergency.empty())
    throw scenario_error(
        {"import", 0, 0}, "",
        "give --staff, --sessions and --emergency (the CSV files of docs/import.md)");
  return importer(files, options).run();
}

std::string import_trust(const std::vector<csv_export>& files,
                         const trust_import_options& options) {
  for (const char* required : {"staff.csv", "sessions.csv", "emergency.csv"})
    if (std::none_of(files.begin(), files.end(),
                     [&](const csv_export& f) { return f.name == required; }))
      throw scenario_error({"import", 0, 0}, "", fmt::format("no {} to import", required));
  return importer(files, options).run();
}

}  // namespace strikesim::model
