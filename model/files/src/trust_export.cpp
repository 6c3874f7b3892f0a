// strikesim export-csv: the CSV files of a trust, in the layouts `strikesim import` reads
// (docs/import.md), so that a trust exported and imported again is the same trust: the same rows
// in the same order, every number as the shortest text that reads back as the same value.
#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "strikesim/files/csv.hpp"
#include "strikesim/files/trust_csv.hpp"

namespace strikesim::model {

namespace {

constexpr std::array<const char*, 7> day_names = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::array<const char*, 3> day_kind_names = {"weekday", "weekend", "all"};

template <class E, std::size_t N>
const char* name_of(const std::array<const char*, N>& names, E value) {
  return names[static_cast<std::size_t>(value)];
}

std::string number(double v) {
  return fmt::format("{}", v);
}

std::string clock(int minute) {
  return fmt::format("{:02}:{:02}", minute / 60, minute % 60);
}

/// A CSV file being written: a header and rows, every field quoted as it needs.
class csv_writer {
 public:
  explicit csv_writer(const std::vector<std::string>& header) { row(header); }
  void row(const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) text_ += ',';
      text_ += csv_quote(fields[i]);
    }
    text_ += "\r\n";  // as Excel writes CSV
  }
  [[nodiscard]] std::string text() const { return text_; }

 private:
  std::string text_;
};

/// "5", or "lognormal mean=35 sd=20": a distribution as trust.csv writes it.
std::string distribution_text(const distribution_spec& d) {
  using kind = distribution_spec::kind;
  constexpr std::array<const char*, 8> names = {"constant", "exponential", "lognormal", "gamma",
                                                "weibull",  "triangular",  "uniform",   "beta"};
  const auto two = [&](const char* a, double x, const char* b, double y) {
    return fmt::format("{} {}={} {}={}", name_of(names, d.type), a, number(x), b, number(y));
  };
  switch (d.type) {
    case kind::constant:
      return number(d.value);
    case kind::exponential:
      return fmt::format("exponential mean={}", number(d.mean));
    case kind::lognormal:
    case kind::beta:
      return two("mean", d.mean, "sd", d.sd);
    case kind::gamma:
    case kind::weibull:
      return two("shape", d.shape, "scale", d.scale);
    case kind::triangular:
      return fmt::format("triangular low={} mode={} high={}", number(d.low), number(d.mode),
                         number(d.high));
    case kind::uniform:
      return two("low", d.low, "high", d.high);
  }
  return number(d.value);
}

class exporter {
 public:
  exporter(const trust& t, csv_note note)
      : t_(t), file_(std::filesystem::path(t.file).filename().string()), note_(std::move(note)) {}

  std::vector<csv_export> run() {
    std::vector<csv_export> out;
    out.push_back({"trust.csv", trust_csv()});
    out.push_back({"shifts.csv", shifts_csv()});
    out.push_back({"staff.csv", staff_csv()});
    out.push_back({"emergency.csv", emergency_csv()});
    if (t_.ed || std::any_of(t_.services.begin(), t_.services.end(),
                             [](const service& s) { return s.work.has_value(); }))
      out.push_back({"demand.csv", demand_csv()});
    out.push_back({"sessions.csv", sessions_csv()});
    return out;
  }

 private:
  [[nodiscard]] std::string note(const source_ref& where, std::string_view csv) const {
    if (note_) return note_(where, csv);
    if (where.line == 0) return fmt::format("exported from {}", file_);
    return fmt::format("exported from {} line {}", file_, where.line);
  }
  [[noreturn]] void refuse(const source_ref& where, const std::string& why) const {
    throw scenario_error(where.file.empty() ? source_ref{t_.file, 0, 0} : where, "",
                         fmt::format("cannot be written as CSV: {}", why));
  }
  /// A name that goes into the roles syntax, where spaces, ';' and '/' separate words.
  [[nodiscard]] const std::string& word(const std::string& name, const source_ref& where) const {
    if (name.find_first_of(" ;/") != std::string::npos)
      refuse(where, fmt::format("the specialty '{}' holds a space, ';' or '/'", name));
    return name;
  }

  /// A drawable number (a scale of the sessions' counts, the ED's admitted share): its
  /// distribution (or number: a scale only where not 1), and its scope where it is not the
  /// default (one draw a trust).
  void scale_rows(csv_writer& w, const char* name, double value, drawn_target target,
                  const std::string& n, bool always = false) const {
    const auto drawn = std::find_if(t_.drawn.begin(), t_.drawn.end(),
                                    [&](const drawn_parameter& p) { return p.target == target; });
    if (drawn == t_.drawn.end()) {
      if (always || value != 1) w.row({name, number(value), n});
      return;
    }
    w.row({name, distribution_text(drawn->dist), n});
    if (drawn->scope == draw_scope::country) w.row({fmt::format("{}_scope", name), "country", n});
  }

  std::string trust_csv() const {
    csv_writer w({"setting", "value", "note"});
    const std::string n = note({}, "trust.csv");
    w.row({"id", t_.id, n});
    w.row({"name", t_.name, n});
    for (const std::string& s : t_.sites)
      w.row({"site", s, n});
    for (const std::string& s : t_.specialties)
      w.row({"specialty", s, n});
    scale_rows(w, "operations_scale", t_.operations_scale, drawn_target::operations_scale, n);
    scale_rows(w, "slots_scale", t_.slots_scale, drawn_target::slots_scale, n);
    if (t_.ed) {
      const ed_demand& ed = *t_.ed;
      const std::string e = note(ed.where, "trust.csv");
      w.row({"ed_service", ed.service, e});
      for (const acuity_class& a : ed.acuity)
        w.row({"ed_acuity", fmt::format("{} {}", word(a.name, ed.where), number(a.share)), e});
      w.row({"ed_consultation_minutes", distribution_text(ed.consultation_minutes), e});
      scale_rows(w, "ed_admission_share", ed.admission_share, drawn_target::admission_share, e,
                 true);
      for (const admission_route& r : ed.admit_to)
        w.row({"ed_admit_to", fmt::format("{} {}", r.service, number(r.share)), e});
      w.row({"ed_clerking_minutes", distribution_text(ed.clerking_minutes), e});
      // Streamed minutes matter only with a streamed share: neither is written without one.
      if (ed.streamed_share > 0) {
        w.row({"ed_streamed_share", number(ed.streamed_share), e});
        w.row({"ed_streamed_minutes", distribution_text(ed.streamed_minutes), e});
      }
      if (ed.bed_wait_minutes)
        w.row({"ed_bed_wait_minutes", distribution_text(*ed.bed_wait_minutes), e});
    }
    for (const service& s : t_.services)
      if (s.work)
        w.row({"task_minutes",
               fmt::format("{} {}", word(s.id, s.where), distribution_text(s.work->minutes)),
               note(s.work->where, "trust.csv")});
    return w.text();
  }

  std::string shifts_csv() const {
    csv_writer w({"shift", "start", "end", "days", "note"});
    for (const shift_def& s : t_.shifts)
      w.row({s.id, clock(s.start_minute), clock(s.end_minute), name_of(day_kind_names, s.days),
             note(s.where, "shifts.csv")});
    return w.text();
  }

  /// The rota, then the doctors on call from home (on_call = yes, with the shift they rest from
  /// after a night, if any), each in file order.
  std::string staff_csv() const {
    csv_writer w(
        {"specialty", "grade", "shift", "count", "locum", "on_call", "rests_from", "note"});
    for (const auto* groups : {&t_.staff, &t_.on_call})
      for (const staff_group& g : *groups)
        w.row({g.specialty, name_of(grade_names, g.level), g.shift, std::to_string(g.headcount),
               g.locum ? "yes" : "no", groups == &t_.on_call ? "yes" : "no", g.rests_from,
               note(g.where, "staff.csv")});
    return w.text();
  }

  /// "consultant any" or "sas acute_medicine/general_surgery"; "" for none.
  [[nodiscard]] std::string cover_text(const std::optional<cross_cover>& cover,
                                       const source_ref& where) const {
    if (!cover) return "";
    std::string who = "any";
    if (!cover->specialties.empty()) {
      who.clear();
      for (const std::string& s : cover->specialties)
        who += fmt::format("{}{}", who.empty() ? "" : "/", word(s, where));
    }
    return fmt::format("{} {}", name_of(grade_names, cover->min_grade), who);
  }

  /// One row per role and per Christmas Day entry, a role and the entry for the same specialty
  /// and grade on one row where both lists keep their order (the order of each list is the
  /// order of the rows that give it).
  std::string emergency_csv() const {
    csv_writer w({"service", "service_name", "kind", "service_specialty", "shift", "specialty",
                  "grade", "minimum", "christmas_day", "cross_cover", "strike_cover", "note"});
    for (const service& s : t_.services) {
      if (s.shifts.empty()) refuse(s.where, fmt::format("service '{}' has no shifts", s.id));
      const std::string strike_cover = cover_text(s.strike_cover, s.where);
      for (const service_shift& sh : s.shifts) {
        if (sh.roles.empty() && sh.christmas_day.empty())
          refuse(sh.where, fmt::format("service '{}' has neither roles nor a Christmas Day list "
                                       "on shift '{}'",
                                       s.id, sh.shift));
        const auto row = [&](const std::string& specialty, grade level, const std::string& minimum,
                             const std::string& christmas, const std::string& cover,
                             const source_ref& where) {
          w.row({s.id, s.name, name_of(service_kind_names, s.kind), s.specialty, sh.shift,
                 specialty, name_of(grade_names, level), minimum, christmas, cover, strike_cover,
                 note(where, "emergency.csv")});
        };
        const auto matches = [](const christmas_day_cover& c, const role_need& r) {
          return c.specialty == r.specialty && c.level == r.min_grade;
        };
        std::size_t j = 0;  // the next Christmas Day entry
        const auto& cd = sh.christmas_day;
        for (std::size_t i = 0; i < sh.roles.size(); ++i) {
          const role_need& r = sh.roles[i];
          // Entries that no role from here on takes go on rows of their own, in their order.
          while (j < cd.size() &&
                 !std::any_of(sh.roles.begin() + static_cast<std::ptrdiff_t>(i), sh.roles.end(),
                              [&](const role_need& later) { return matches(cd[j], later); })) {
            row(cd[j].specialty, cd[j].level, "0", std::to_string(cd[j].count), "", cd[j].where);
            ++j;
          }
          const bool together = j < cd.size() && matches(cd[j], r);
          row(r.specialty, r.min_grade, std::to_string(r.count),
              together ? std::to_string(cd[j].count) : "", cover_text(r.cover, r.where), r.where);
          if (together) ++j;
        }
        for (; j < cd.size(); ++j)
          row(cd[j].specialty, cd[j].level, "0", std::to_string(cd[j].count), "", cd[j].where);
      }
    }
    return w.text();
  }

  std::string demand_csv() const {
    std::vector<std::string> header = {"hour"};
    if (t_.ed) {
      header.emplace_back("ed_arrivals");
      header.emplace_back("ed_arrivals_weekend");
    }
    for (const service& s : t_.services)
      if (s.work) header.push_back("tasks:" + s.id);
    header.emplace_back("note");
    csv_writer w(header);
    const source_ref where = t_.ed ? t_.ed->where : source_ref{};
    for (std::size_t h = 0; h < 24; ++h) {
      std::vector<std::string> row = {clock(static_cast<int>(h) * 60)};
      if (t_.ed) {
        row.push_back(number(t_.ed->weekday_per_hour[h]));
        row.push_back(number(t_.ed->weekend_per_hour[h]));
      }
      for (const service& s : t_.services)
        if (s.work) row.push_back(number(s.work->per_hour[h]));
      row.push_back(note(where, "demand.csv"));
      w.row(row);
    }
    return w.text();
  }

  /// "mon-fri", "mon wed fri": runs of three days or more as ranges, in the order given.
  static std::string days_text(const std::vector<int>& days) {
    std::string out;
    for (std::size_t i = 0; i < days.size();) {
      std::size_t k = i;
      while (k + 1 < days.size() && days[k + 1] == days[k] + 1)
        ++k;
      if (!out.empty()) out += ' ';
      const auto name = [&](std::size_t at) {
        return day_names[static_cast<std::size_t>(days[at])];
      };
      if (k - i >= 2) {
        out += fmt::format("{}-{}", name(i), name(k));
        i = k + 1;
      } else {
        out += name(i);
        ++i;
      }
    }
    return out;
  }

  [[nodiscard]] std::string roles_text(const std::vector<role_need>& roles) const {
    std::string out;
    for (const role_need& r : roles) {
      if (!out.empty()) out += "; ";
      out += fmt::format("{} {} {}", r.count, name_of(grade_names, r.min_grade),
                         word(r.specialty, r.where));
      if (r.cover) out += " or " + cover_text(r.cover, r.where);
      if (r.assists) out += " assisting";
    }
    return out;
  }

  /// Everything of a session but its id, as the CSV row writes it.
  [[nodiscard]] std::vector<std::string> session_fields(const session& s) const {
    const bool list = s.kind == session_kind::theatre_list;
    return {name_of(session_kind_names, s.kind),
            s.specialty,
            name_of(priority_names, s.priority),
            days_text(s.weekdays),
            clock(s.start_minute),
            clock(s.end_minute),
            list ? std::to_string(s.operations) : "",
            list ? "" : std::to_string(s.slots),
            roles_text(s.roles)};
  }

  /// The row's sessions: copies "ID#1" ... "ID#N" of one row (count = N) go back on one row.
  std::string sessions_csv() const {
    csv_writer w({"id", "kind", "specialty", "priority", "days", "start", "end", "operations",
                  "slots", "count", "roles", "note"});
    const auto& all = t_.sessions;
    for (std::size_t i = 0; i < all.size();) {
      const session& s = all[i];
      const std::vector<std::string> fields = session_fields(s);
      std::string id = s.id;
      std::size_t copies = 1;
      if (id.size() > 2 && id.substr(id.size() - 2) == "#1") {
        const std::string base = id.substr(0, id.size() - 2);
        while (i + copies < all.size() &&
               all[i + copies].id == fmt::format("{}#{}", base, copies + 1) &&
               session_fields(all[i + copies]) == fields)
          ++copies;
        if (copies > 1) id = base;
      }
      std::vector<std::string> row = {id};
      row.insert(row.end(), fields.begin(), fields.end() - 1);
      row.push_back(copies > 1 ? std::to_string(copies) : "");
      row.push_back(fields.back());
      row.push_back(note(s.where, "sessions.csv"));
      w.row(row);
      i += copies;
    }
    return w.text();
  }

  const trust& t_;
  std::string file_;
  csv_note note_;
};

}  // namespace

std::vector<csv_export> export_trust_csv(const trust& t, const csv_note& note) {
  return exporter(t, note).run();
}

}  // namespace strikesim::model
