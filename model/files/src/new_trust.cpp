// strikesim new-trust: an archetype scaled to a trust's published figures. The archetype is read
// as any trust file, scaled in memory, exported to CSV with a note on every row saying which
// figure each number came from, and imported again: one writer of trust files (trust_import.cpp),
// which also checks the result as `strikesim validate` does.
#include "strikesim/files/new_trust.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <tuple>

#include <fmt/format.h>

#include "strikesim/files/reader.hpp"
#include "strikesim/files/trust_csv.hpp"
#include "strikesim/hospital/limits.hpp"

namespace strikesim::model {

namespace {

/// A year of the weekly timetable (assumption: 52 weeks, no holidays).
constexpr double weeks_a_year = 52;

[[noreturn]] void bad(std::string_view option, const std::string& message) {
  throw scenario_error({std::string(option), 0, 0}, "", message);
}

long long rounded(double v) {
  return std::llround(v);
}

/// A number of arrivals or tasks an hour, to two decimals.
double hundredths(double v) {
  return std::round(v * 100) / 100;
}

/// One figure given on the command line and the archetype's value of it.
struct figure {
  std::string option;  // "--beds"
  std::string tag;     // "BEDS", defined in the file's header
  double given = 0;
  double archetype = 0;
  [[nodiscard]] double ratio() const { return archetype > 0 ? given / archetype : 0; }
  /// "from --beds 420 [BEDS]: archetype medium-acute's 550 x 0.76"
  [[nodiscard]] std::string cite(std::string_view archetype_id) const {
    return fmt::format("from {} {} [{}]: archetype {} x {:.3f}", option, given, tag, archetype_id,
                       ratio());
  }
};

/// The session id without its copy number ("gs-elective#2" -> "gs-elective").
std::string base_id(const std::string& id) {
  const std::size_t hash = id.rfind('#');
  return hash == std::string::npos ? id : id.substr(0, hash);
}

/// Counts apportioned to `total` in proportion to `weights` (largest remainders; ties to the
/// first), so that the total is exact and doubling the total doubles every count.
std::vector<int> apportion(const std::vector<int>& weights, double ratio) {
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  const long long total = rounded(sum * ratio);
  std::vector<int> out(weights.size());
  std::vector<std::pair<double, std::size_t>> remainders;
  long long given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = weights[i] * ratio;
    out[i] = static_cast<int>(std::floor(exact));
    given += out[i];
    remainders.emplace_back(exact - out[i], i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < total && k < remainders.size(); ++k, ++given)
    ++out[remainders[k].second];
  return out;
}

class builder {
 public:
  explicit builder(const new_trust_figures& f)
      : f_(f),
        archetype_id_(choose_archetype(f)),
        size_(*std::find_if(archetypes.begin(), archetypes.end(),
                            [&](const auto& a) { return a.id == archetype_id_; })) {
    arch_ = read_trust(f.archetypes_dir / (std::string(archetype_id_) + ".toml"));
    beds_ = {"--beds", "BEDS", static_cast<double>(f.beds), static_cast<double>(size_.beds)};
    double ed_week = 0;
    if (arch_.ed)
      for (std::size_t h = 0; h < 24; ++h)
        ed_week += 5 * arch_.ed->weekday_per_hour[h] + 2 * arch_.ed->weekend_per_hour[h];
    ed_ = {"--ed-attendances", "ED", static_cast<double>(f.ed_attendances.value_or(0)),
           ed_week * 365.0 / 7.0};
  }

  std::string run() {
    check_figures();
    keep_specialties();
    original_ = arch_;
    measure_sessions();
    scale_services();
    scale_sessions();
    scale_staff();
    scale_ed();
    trust_import_options o;
    o.id = f_.id;
    o.name = f_.name;
    o.notes_are_sources = true;
    o.header = header();
    const std::vector<csv_export> csv = export_trust_csv(
        arch_,
        [this](const source_ref& where, std::string_view file) { return note(where, file); });
    try {
      return import_trust(csv, o);
    } catch (const scenario_error& e) {
      throw scenario_error({"new-trust", 0, 0}, "",
                           fmt::format("the trust scaled from archetype {} is refused ({}): try "
                                       "other figures or --archetype",
                                       archetype_id_, e.message()));
    }
  }

 private:
  // --- the figures ---

  /// The archetype's operations and outpatient slots a year (of the specialties kept).
  void measure_sessions() {
    double ops = 0, slots = 0;
    for (const session& s : arch_.sessions) {
      const double days = static_cast<double>(s.weekdays.size());
      if (s.kind == session_kind::theatre_list)
        ops += days * s.operations;
      else
        slots += days * s.slots;
    }
    ops_ = {"--operations", "OPS", static_cast<double>(f_.operations), ops * weeks_a_year};
    opd_ = {"--outpatients", "OPD", static_cast<double>(f_.outpatients), slots * weeks_a_year};
    if (ops == 0)
      bad("--operations", fmt::format("the specialties kept of archetype {} have no theatre "
                                      "lists to scale (--specialties: keep a surgical specialty "
                                      "and anaesthesia)",
                                      archetype_id_));
    if (slots == 0)
      bad("--outpatients", fmt::format("the specialties kept of archetype {} have no clinics to "
                                       "scale (--specialties)",
                                       archetype_id_));
  }

  void check_figures() const {
    if (size_.has_ed && !f_.ed_attendances)
      bad("--ed-attendances",
          fmt::format("give the ED attendances a year (archetype {} has an ED)", archetype_id_));
    if (!size_.has_ed && f_.ed_attendances)
      bad("--ed-attendances",
          fmt::format("archetype {} has no ED: leave out --ed-attendances, or choose an acute "
                      "archetype with --archetype",
                      archetype_id_));
    if (arch_.ed)
      for (std::size_t h = 0; h < 24; ++h)
        if (std::max(arch_.ed->weekday_per_hour[h], arch_.ed->weekend_per_hour[h]) * ed_.ratio() >
            limits::max_per_hour)
          bad("--ed-attendances", fmt::format("{} a year gives more than {} arrivals an hour",
                                              *f_.ed_attendances, limits::max_per_hour));
  }

  // --- specialties ---

  [[nodiscard]] bool kept(const std::string& specialty) const {
    return std::find(arch_.specialties.begin(), arch_.specialties.end(), specialty) !=
           arch_.specialties.end();
  }
  template <class Keep>
  static void keep_cover(std::optional<cross_cover>& cover, const Keep& keep) {
    if (!cover || cover->specialties.empty()) return;
    std::erase_if(cover->specialties, [&](const std::string& s) { return !keep(s); });
    if (cover->specialties.empty()) cover.reset();
  }

  /// Drops what belongs to a specialty not in --specialties: its doctors, sessions, roles and
  /// services, and the ED if its service goes.
  void keep_specialties() {
    if (f_.specialties.empty()) return;
    for (const std::string& s : f_.specialties)
      if (!kept(s)) {
        std::string known;
        for (const std::string& k : arch_.specialties)
          known += fmt::format("{}{}", known.empty() ? "" : ", ", k);
        bad("--specialties", fmt::format("archetype {} has no specialty '{}' (it has: {})",
                                         archetype_id_, detail::clip(s), known));
      }
    for (auto it = f_.specialties.begin(); it != f_.specialties.end(); ++it)
      if (std::find(f_.specialties.begin(), it, *it) != it)
        bad("--specialties", fmt::format("'{}' is named twice", detail::clip(*it)));
    const auto keep = [&](const std::string& s) {
      return std::find(f_.specialties.begin(), f_.specialties.end(), s) != f_.specialties.end();
    };
    arch_.specialties = f_.specialties;
    for (auto* groups : {&arch_.staff, &arch_.on_call})
      std::erase_if(*groups, [&](const staff_group& g) { return !keep(g.specialty); });
    std::erase_if(arch_.sessions, [&](const session& s) {
      return !keep(s.specialty) ||
             std::any_of(s.roles.begin(), s.roles.end(),
                         [&](const role_need& r) { return !keep(r.specialty); });
    });
    for (service& sv : arch_.services) {
      keep_cover(sv.strike_cover, keep);
      for (service_shift& sh : sv.shifts) {
        std::erase_if(sh.roles, [&](const role_need& r) { return !keep(r.specialty); });
        std::erase_if(sh.christmas_day,
                      [&](const christmas_day_cover& c) { return !keep(c.specialty); });
        for (role_need& r : sh.roles)
          keep_cover(r.cover, keep);
      }
      std::erase_if(sv.shifts, [](const service_shift& sh) {
        return sh.roles.empty() && sh.christmas_day.empty();
      });
    }
    std::erase_if(arch_.services, [&](const service& sv) {
      return sv.shifts.empty() || (!sv.specialty.empty() && !keep(sv.specialty));
    });
    const auto has_service = [&](const std::string& id) {
      return std::any_of(arch_.services.begin(), arch_.services.end(),
                         [&](const service& sv) { return sv.id == id; });
    };
    if (arch_.ed && !has_service(arch_.ed->service))
      bad("--specialties",
          "the ED's specialty is left out: the trust would have no ED, yet "
          "--ed-attendances is given (keep emergency_medicine)");
    if (arch_.ed) {
      std::erase_if(arch_.ed->admit_to,
                    [&](const admission_route& r) { return !has_service(r.service); });
      if (arch_.ed->admit_to.empty())
        bad("--specialties", "no take service is left for admissions from the ED");
      double total = 0;
      for (const admission_route& r : arch_.ed->admit_to)
        total += r.share;
      for (admission_route& r : arch_.ed->admit_to)
        r.share = std::round(r.share / total * 1e6) / 1e6;
    }
  }

  // --- provenance: every value re-sourced points at a note of its own ---

  source_ref tagged(std::string note) {
    notes_.push_back(std::move(note));
    return {"new-trust", static_cast<std::uint32_t>(notes_.size()), 0};
  }
  [[nodiscard]] std::string note(const source_ref& where, std::string_view file) const {
    if (file == "demand.csv") return demand_note_;
    if (where.file == "new-trust" && where.line > 0) return notes_[where.line - 1];
    return fmt::format("assumption: as archetype {}", archetype_id_);
  }

  std::vector<std::string> header() const {
    std::vector<std::string> h;
    h.push_back(
        fmt::format("A trust file written by `strikesim new-trust` (docs/your-trust.md): "
                    "the archetype {} (scenarios/archetypes/{}.toml),",
                    archetype_id_, archetype_id_));
    h.emplace_back(
        "scaled to the figures below. ILLUSTRATIVE: the archetype's rota and timetable, not this "
        "trust's own;");
    h.emplace_back(
        "replace them with the trust's (strikesim import, docs/import.md) before quoting "
        "results.");
    h.emplace_back(
        "Each number says which figure it came from ([TAG], defined here) or 'assumption'.");
    h.emplace_back("A year is 52 weeks of the weekly timetable (assumption: no holidays).");
    h.emplace_back();
    const auto define = [&](const figure& g, std::string_view what) {
      if (g.given > 0)
        h.push_back(fmt::format("[{}] {} {}: {}, given to strikesim new-trust; archetype {}: {}",
                                g.tag, g.option, g.given, what, archetype_id_,
                                rounded(g.archetype)));
    };
    define(beds_, "beds");
    define(ed_, "ED attendances a year");
    define(ops_, "elective operations a year (inpatient and day case)");
    define(opd_, "outpatient appointments a year");
    for (const figure* g : {&cons_, &jun_, &sas_})
      define(*g, "doctors of these grades present on a weekday day shift");
    return h;
  }

  // --- emergency services ---

  /// The ED's roles follow its attendances; every other service's, the beds.
  [[nodiscard]] const figure& figure_of(const service& sv) const {
    return sv.kind == service_kind::ed && arch_.ed ? ed_ : beds_;
  }

  void scale_services() {
    for (service& sv : arch_.services) {
      const figure& g = figure_of(sv);
      for (service_shift& sh : sv.shifts) {
        for (role_need& r : sh.roles) {
          const int was = r.count;
          r.count = std::max(1, static_cast<int>(rounded(was * g.ratio())));
          r.where =
              tagged(fmt::format("minimum {} -> {} {} (assumption: the roles scale with "
                                 "it, at least 1)",
                                 was, r.count, g.cite(archetype_id_)));
          role_need_[{sh.shift, r.specialty, r.min_grade}] += r.count;
        }
        for (christmas_day_cover& c : sh.christmas_day) {
          const int was = c.count;
          c.count = static_cast<int>(rounded(was * g.ratio()));
          c.where =
              tagged(fmt::format("Christmas Day {} -> {} {} (assumption: scaled with the "
                                 "rota, at most its juniors)",
                                 was, c.count, g.cite(archetype_id_)));
          christmas_was_[c.where.line] = was;
        }
      }
      if (sv.work) {
        for (double& x : sv.work->per_hour)
          x = hundredths(x * beds_.ratio());
        demand_tasks_ = fmt::format(
            "service tasks an hour {} (assumption: ward work scales "
            "with beds)",
            beds_.cite(archetype_id_));
      }
    }
  }

  // --- sessions ---

  void scale_sessions() {
    std::vector<std::vector<session>> groups;  // the copies of one session row
    for (const session& s : arch_.sessions) {
      if (groups.empty() || base_id(groups.back().front().id) != base_id(s.id))
        groups.emplace_back();
      groups.back().push_back(s);
    }
    std::vector<session> out;
    for (const session_kind kind : {session_kind::theatre_list, session_kind::clinic}) {
      const figure& g = kind == session_kind::theatre_list ? ops_ : opd_;
      std::vector<int> copies;
      std::vector<const std::vector<session>*> of_kind;
      for (const auto& group : groups)
        if (group.front().kind == kind) {
          copies.push_back(static_cast<int>(group.size()));
          of_kind.push_back(&group);
        }
      const std::vector<int> scaled = apportion(copies, g.ratio());
      for (std::size_t i = 0; i < of_kind.size(); ++i) {
        session s = of_kind[i]->front();
        const std::string base = base_id(s.id);
        s.where = tagged(fmt::format(
            "count {} -> {} {} (the {} shared in proportion); {} a session and roles as the "
            "archetype (assumption)",
            copies[i], scaled[i], g.cite(archetype_id_),
            kind == session_kind::theatre_list ? "lists" : "clinics",
            kind == session_kind::theatre_list ? "operations" : "slots"));
        for (int k = 1; k <= scaled[i]; ++k) {
          s.id = scaled[i] == 1 ? base : fmt::format("{}#{}", base, k);
          out.push_back(s);
        }
      }
    }
    std::stable_sort(out.begin(), out.end(), [](const session& a, const session& b) {
      return a.file_order < b.file_order;
    });
    arch_.sessions = std::move(out);
    for (const session& s : arch_.sessions)
      for (int d = 0; d < 7; ++d)
        if (std::find(s.weekdays.begin(), s.weekdays.end(), d) != s.weekdays.end())
          for (const role_need& r : s.roles) {
            const std::string sh = shift_at(d, s.start_minute);
            session_need_[{sh, r.specialty, row_grade(sh, r.specialty, r.min_grade), d}] += r.count;
          }
  }

  /// The grade of the staff row a role of `level` draws on: its own, or the next one up that
  /// the archetype has on the shift (a junior surgeon assisting at a list is a core trainee or a
  /// registrar where there is no foundation row).
  [[nodiscard]] grade row_grade(const std::string& shift, const std::string& specialty,
                                grade level) const {
    for (auto g = static_cast<int>(level); g <= static_cast<int>(grade::consultant); ++g)
      if (std::any_of(original_.staff.begin(), original_.staff.end(), [&](const staff_group& row) {
            return row.shift == shift && row.specialty == specialty &&
                   row.level == static_cast<grade>(g);
          }))
        return static_cast<grade>(g);
    return level;
  }

  /// The shift on at `minute` of weekday `day` (the sessions' shift).
  [[nodiscard]] std::string shift_at(int day, int minute) const {
    for (const shift_def& sh : arch_.shifts) {
      if (!sh.applies_on(day)) continue;
      const int end = sh.end_minute > sh.start_minute ? sh.end_minute : 1440;
      if (minute >= sh.start_minute && minute < end) return sh.id;
    }
    return {};
  }

  // --- staff ---

  using key = std::tuple<std::string, std::string, grade>;  // shift, specialty, grade

  /// The doctors a group's sessions need on their busiest day.
  [[nodiscard]] int sessions_need(
      const key& k,
      const std::map<std::tuple<std::string, std::string, grade, int>, int>& need) const {
    int most = 0;
    for (int d = 0; d < 7; ++d) {
      const auto it = need.find({std::get<0>(k), std::get<1>(k), std::get<2>(k), d});
      if (it != need.end()) most = std::max(most, it->second);
    }
    return most;
  }

  /// The staff a shift's rota needs for its sessions and emergency roles, now and in the
  /// archetype, and the archetype's doctors beyond them; then each row is the need plus the rest
  /// scaled by the beds (or by --consultants, --juniors, --sas for the day shift).
  void scale_staff() {
    const trust& original = original_;
    std::map<key, int> arch_roles;
    for (const service& sv : original.services)
      for (const service_shift& sh : sv.shifts)
        for (const role_need& r : sh.roles)
          arch_roles[{sh.shift, r.specialty, r.min_grade}] += r.count;
    std::map<std::tuple<std::string, std::string, grade, int>, int> arch_sessions;
    for (const session& s : original.sessions)
      for (const int d : s.weekdays)
        for (const role_need& r : s.roles) {
          const std::string sh = shift_at(d, s.start_minute);
          arch_sessions[{sh, r.specialty, row_grade(sh, r.specialty, r.min_grade), d}] += r.count;
        }

    const std::string day_shift = shift_at(2, 12 * 60);  // noon on a Wednesday
    struct row_plan {
      staff_group* g;
      int need_new, need_old, rest;
    };
    std::vector<row_plan> plans;
    std::map<key, int> seen;  // the need goes to the first row of its key
    for (staff_group& g : arch_.staff) {
      const key k{g.shift, g.specialty, g.level};
      const bool first = seen[k]++ == 0;
      const int need_new = first ? role_need_[k] + sessions_need(k, session_need_) : 0;
      const int need_old = first ? arch_roles[k] + sessions_need(k, arch_sessions) : 0;
      plans.push_back({&g, need_new, need_old, std::max(0, g.headcount - need_old)});
    }
    // The ratio for the rest of each grade class on the day shift, from its figure if given.
    std::map<int, double> day_ratio;
    const auto class_of = [](grade l) {
      return l == grade::consultant ? 0 : l == grade::sas ? 2 : 1;
    };
    const std::array<std::pair<const std::optional<std::int64_t>*, figure*>, 3> given = {
        {{&f_.consultants, &cons_}, {&f_.juniors, &jun_}, {&f_.sas, &sas_}}};
    const std::array<const char*, 3> options = {"--consultants", "--juniors", "--sas"};
    const std::array<const char*, 3> tags = {"CONS", "JUN", "SAS"};
    for (int c = 0; c < 3; ++c) {
      double need = 0, rest = 0, old_total = 0;
      for (const row_plan& p : plans)
        if (p.g->shift == day_shift && class_of(p.g->level) == c) {
          need += p.need_new;
          rest += p.rest;
          old_total += p.g->headcount;
        }
      figure& g = *given[c].second;
      g = {options[c], tags[c], 0, old_total};
      day_ratio[c] = beds_.ratio();
      if (!*given[c].first) continue;
      g.given = static_cast<double>(**given[c].first);
      if (g.given < need)
        bad(options[c], fmt::format("{} is fewer than the {} doctors of these grades that this "
                                    "trust's sessions and emergency roles need on a weekday day "
                                    "shift",
                                    g.given, need));
      day_ratio[c] = rest > 0 ? (g.given - need) / rest : 0;
    }
    for (const row_plan& p : plans) {
      staff_group& g = *p.g;
      const int was = g.headcount;
      const bool by_figure = g.shift == day_shift && *given[class_of(g.level)].first;
      const double ratio = g.shift == day_shift ? day_ratio[class_of(g.level)] : beds_.ratio();
      const int rest = static_cast<int>(rounded(p.rest * ratio));
      // A row with fewer doctors than its roles (the archetype relies on other grades or
      // cross-cover for the rest): in proportion to its need, and never short by more doctors
      // than the archetype (a trust with more sessions must not lean harder on the others).
      const int now =
          was >= p.need_old || p.need_old == 0
              ? p.need_new + rest
              : std::max(
                    static_cast<int>(rounded(was * static_cast<double>(p.need_new) / p.need_old)),
                    p.need_new - (p.need_old - was));
      g.headcount = now;
      const figure& by = by_figure ? *given[class_of(g.level)].second : beds_;
      g.where = tagged(fmt::format(
          "{} -> {}: {} for this trust's sessions and emergency roles, plus the archetype's {} "
          "others x {:.3f} ({} {} [{}]; assumption: the rest of the rota scales with it)",
          was, now, p.need_new, p.rest, ratio, by.option, by.given, by.tag));
    }
    // Christmas Day lists: at most the juniors rostered.
    std::map<key, int> rostered;
    for (const staff_group& g : arch_.staff)
      rostered[{g.shift, g.specialty, g.level}] += g.headcount;
    for (service& sv : arch_.services)
      for (service_shift& sh : sv.shifts) {
        for (christmas_day_cover& c : sh.christmas_day)
          c.count = std::min(c.count, rostered[{sh.shift, c.specialty, c.level}]);
        std::erase_if(sh.christmas_day, [](const christmas_day_cover& c) { return c.count == 0; });
        // A role and the Christmas Day entry of its specialty and grade share a CSV row, and so
        // a note: the role's says both.
        for (const role_need& r : sh.roles)
          for (const christmas_day_cover& c : sh.christmas_day)
            if (c.specialty == r.specialty && c.level == r.min_grade)
              notes_[r.where.line - 1] += fmt::format(
                  "; Christmas Day {} -> {} (assumption: scaled with the rota, at most "
                  "the juniors rostered)",
                  christmas_was_[c.where.line], c.count);
      }
    for (staff_group& g : arch_.on_call) {
      const bool ed =
          std::any_of(arch_.services.begin(), arch_.services.end(), [&](const service& sv) {
            return sv.kind == service_kind::ed && sv.specialty == g.specialty;
          });
      const figure& by = ed && arch_.ed ? ed_ : beds_;
      const int was = g.headcount;
      g.headcount = std::max(1, static_cast<int>(rounded(was * by.ratio())));
      g.where = tagged(fmt::format("on call {} -> {} {} (assumption: on-call cover scales with it)",
                                   was, g.headcount, by.cite(archetype_id_)));
    }
  }

  // --- ED ---

  void scale_ed() {
    std::string ed_note;
    if (arch_.ed) {
      for (auto* hours : {&arch_.ed->weekday_per_hour, &arch_.ed->weekend_per_hour})
        for (double& x : *hours)
          x = hundredths(x * ed_.ratio());
      ed_note = fmt::format("ED arrivals an hour {}", ed_.cite(archetype_id_));
    }
    demand_note_ = ed_note;
    if (!demand_tasks_.empty()) demand_note_ += (demand_note_.empty() ? "" : "; ") + demand_tasks_;
    demand_note_ += "; the archetype's shape over the day (assumption)";
  }

  const new_trust_figures& f_;
  std::string_view archetype_id_;
  const archetype_size& size_;
  trust arch_;
  trust original_;  // the archetype with the specialties kept, before scaling
  figure beds_, ed_, ops_, opd_, cons_, jun_, sas_;
  std::vector<std::string> notes_;
  std::string demand_note_, demand_tasks_;
  std::map<key, int> role_need_;
  std::map<std::uint32_t, int> christmas_was_;  // a Christmas Day entry's note -> its old count
  std::map<std::tuple<std::string, std::string, grade, int>, int> session_need_;
};

}  // namespace

std::string_view choose_archetype(const new_trust_figures& f) {
  if (!f.archetype.empty()) {
    const auto it = std::find_if(archetypes.begin(), archetypes.end(),
                                 [&](const archetype_size& a) { return a.id == f.archetype; });
    if (it == archetypes.end()) {
      std::vector<std::string_view> names;
      for (const archetype_size& a : archetypes)
        names.push_back(a.id);
      std::string hint = did_you_mean(f.archetype, names);
      if (hint.empty())
        hint = " (one of small-acute, medium-acute, large-acute, teaching, specialist)";
      bad("--archetype", fmt::format("unknown archetype '{}'{}", detail::clip(f.archetype), hint));
    }
    return it->id;
  }
  const archetype_size* best = nullptr;
  for (const archetype_size& a : archetypes)
    if (a.has_ed &&
        (best == nullptr || std::llabs(a.beds - f.beds) < std::llabs(best->beds - f.beds)))
      best = &a;
  return best->id;
}

std::string new_trust(const new_trust_figures& f) {
  const auto positive = [](std::int64_t v, std::string_view option, std::string_view what) {
    if (v <= 0) bad(option, fmt::format("give {} as a whole number above 0 (got {})", what, v));
  };
  if (f.id.empty()) bad("--id", "give the trust's id (lower case letters, digits and '-')");
  if (f.name.empty()) bad("--name", "give the trust's name");
  if (!std::all_of(f.id.begin(), f.id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
      }))
    bad("--id",
        fmt::format("must be lower case letters, digits and '-', got '{}'", detail::clip(f.id)));
  positive(f.beds, "--beds", "the trust's beds");
  positive(f.operations, "--operations", "the elective operations a year");
  positive(f.outpatients, "--outpatients", "the outpatient appointments a year");
  if (f.ed_attendances)
    positive(*f.ed_attendances, "--ed-attendances", "the ED attendances a year");
  for (const auto& [v, option] : {std::pair{&f.consultants, "--consultants"},
                                  std::pair{&f.juniors, "--juniors"}, std::pair{&f.sas, "--sas"}})
    if (*v) positive(**v, option, "the doctors of these grades on a weekday day shift");
  return builder(f).run();
}

}  // namespace strikesim::model
