#pragma once
// Random small trusts for property-based tests: a seeded, deterministic generator of trust,
// action and policy files as TOML text, read back through the strict reader (so every generated
// trust is a valid file), a one-line-per-item description of a trust for failure messages, and
// the simplifications a shrinker tries.
//
//     generated g = generate(seed);            // the trust and its action and policy
//     g.participation = 0.9;                   // variants are edits of the plain struct
//     model::scenario s = read_generated(g);   // TOML text -> files -> model::read_scenario
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "../test_files.hpp"
#include "strikesim/files/reader.hpp"
#include "strikesim/hospital/scenario.hpp"
#include "strikesim/sim/random.hpp"

namespace strikesim_test::gen {

namespace model = strikesim::model;

struct role {
  std::string specialty;
  int grade = 0;  // index into model::grade_names
  int count = 1;
  int cross_cover_grade = -1;  // -1: none; else { grade = ..., specialty = "any" }
};

struct staff_row {
  std::string specialty;
  int grade = 0;
  std::string shift;
  int headcount = 0;
  bool locum = false;
  std::string rests_from;  // on-call rows only
};

struct christmas_row {
  std::string specialty;
  int grade = 0;
  int count = 0;
};

struct service_shift {
  std::string shift;
  std::vector<role> roles;
  std::vector<christmas_row> christmas_day;
};

struct service {
  std::string id;
  std::string kind;
  std::string specialty;        // empty: none
  int strike_cover_grade = -1;  // -1: none; else { grade = ..., specialty = "any" }
  std::vector<service_shift> shifts;
};

struct session {
  std::string id;
  bool theatre = true;
  std::string specialty;
  int priority = 2;  // index into model::priority_names
  std::vector<std::string> days;
  std::vector<role> roles;
  int activity = 1;  // operations or slots
  int count = 1;
};

/// A generated trust with the action and policy it is run under; every field is plain data so
/// that a property's variants and the shrinker are edits of it.
struct generated {
  std::uint64_t seed = 0;
  std::vector<std::string> specialties;
  bool night = false;  // a night shift 21:00-08:00 besides the weekday day shift 08:00-17:00
  std::vector<staff_row> staff;
  std::vector<staff_row> on_call;
  std::vector<service> services;
  std::vector<session> sessions;
  double ed_per_hour = 0;  // ED arrivals an hour (when the first service is an ED)
  // Action
  bool full_walkout = false;
  double participation = 0.5;   // constant, or the mean of a beta distribution
  double participation_sd = 0;  // > 0: a beta distribution with this sd
  double clustering = 0;        // action.clustering
  int window = 0;               // 0: Tue 08:00-17:00; 1: Tue 08:00 - Wed 08:00; 2: 48 hours
  bool call_off_before_decision = false;
  // Policy
  double plan_percentile = 0.8;
  double act_down_share = 1.0;
  bool protect_cancer = false;
  bool christmas_day_levels = true;
  int replications = 4;
};

inline const char* grade_name(int g) {
  return model::grade_names[static_cast<std::size_t>(g)];
}

/// A number as TOML reads it as a float ("1.0", not "1").
inline std::string toml_number(double x) {
  std::ostringstream o;
  o.precision(6);
  o << std::fixed << x;
  return o.str();
}

namespace detail {

/// Integers and choices from a seeded stream.
struct dice {
  strikesim::sim::random_stream stream;
  int between(int lo, int hi) {  // inclusive
    return lo + static_cast<int>(stream.uniform01() * (hi - lo + 1));
  }
  bool chance(double p) { return stream.uniform01() < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(between(0, static_cast<int>(v.size()) - 1))];
  }
};

/// A role that some doctor rostered on `shift` may fill: the specialty and a grade at or below
/// that of a row with doctors (the reader refuses a role nobody could ever fill).
inline role fillable_role(dice& d, const generated& g, const std::string& shift,
                          const std::string& prefer_specialty) {
  std::vector<const staff_row*> rows;
  for (const staff_row& r : g.staff)
    if (r.shift == shift && r.headcount > 0 &&
        (prefer_specialty.empty() || r.specialty == prefer_specialty))
      rows.push_back(&r);
  if (rows.empty()) {
    for (const staff_row& r : g.staff)
      if (r.shift == shift && r.headcount > 0) rows.push_back(&r);
  }
  const staff_row& r = *d.pick(rows);
  role out;
  out.specialty = r.specialty;
  // SAS doctors fill registrar roles and below; consultants any.
  const int top = r.grade == 3 ? 2 : r.grade;
  out.grade = d.between(0, top);
  if (r.grade == 3 && d.chance(0.3)) out.grade = 3;  // an SAS role
  out.count = d.chance(0.75) ? 1 : 2;
  if (d.chance(0.2)) out.cross_cover_grade = d.chance(0.5) ? 4 : 3;
  return out;
}

}  // namespace detail

/// A small random trust, its action and policy, from `seed` alone.
inline generated generate(std::uint64_t seed) {
  detail::dice d{strikesim::sim::random_stream{seed, {0x6d657461}}};
  generated g;
  g.seed = seed;
  const std::vector<std::string> all = {"emergency_medicine", "surgery", "anaesthesia", "medicine"};
  g.specialties = {"emergency_medicine", "surgery"};
  if (d.chance(0.7)) g.specialties.push_back("anaesthesia");
  if (d.chance(0.4)) g.specialties.push_back("medicine");
  g.night = d.chance(0.6);
  std::vector<std::string> shifts = {"day"};
  if (g.night) shifts.emplace_back("night");

  // Doctors: a few of each grade, fewer at night; some junior locums.
  for (const std::string& sh : shifts) {
    for (const std::string& sp : g.specialties) {
      for (int gr = 0; gr < 5; ++gr) {
        if (d.chance(0.3)) continue;
        const int most = sh == "day" ? 3 : 2;
        g.staff.push_back({sp, gr, sh, d.between(gr == 4 && sh == "day" ? 1 : 0, most), false, ""});
      }
      if (d.chance(0.1)) g.staff.push_back({sp, d.between(0, 2), sh, 1, true, ""});
    }
  }
  // Every specialty has a consultant on the day shift, so sessions can be staffed.
  for (const std::string& sp : g.specialties) {
    bool has = false;
    for (const staff_row& r : g.staff)
      has = has || (r.shift == "day" && r.specialty == sp && r.grade == 4 && r.headcount > 0);
    if (!has) g.staff.push_back({sp, 4, "day", 1, false, ""});
  }
  if (g.night && d.chance(0.6)) {
    g.on_call.push_back(
        {d.pick(g.specialties), 4, "night", d.between(1, 2), false, d.chance(0.5) ? "day" : ""});
  }

  // Emergency services: an ED (sometimes), then a take or wards; roles on each shift.
  const std::vector<std::string> kinds = {"surgical_take", "wards", "icu", "acute_medical_take"};
  const int services = d.between(1, 3);
  for (int s = 0; s < services; ++s) {
    service sv;
    const bool ed = s == 0 && d.chance(0.7);
    sv.id = std::string("svc").append(std::to_string(s));
    sv.kind = ed ? "ed" : d.pick(kinds);
    const std::string sp = ed ? "emergency_medicine" : d.pick(g.specialties);
    if (ed || d.chance(0.5)) sv.specialty = sp;
    if (d.chance(0.4)) sv.strike_cover_grade = d.chance(0.5) ? 4 : 3;
    for (const std::string& sh : shifts) {
      if (sh != "day" && d.chance(0.4)) continue;
      service_shift ss;
      ss.shift = sh;
      const int roles = d.between(1, 2);
      for (int r = 0; r < roles; ++r)
        ss.roles.push_back(detail::fillable_role(d, g, sh, sp));
      // Christmas Day: some of the juniors of a role's specialty and grade, no more than rostered
      // (all services' lists together).
      for (const role& r : ss.roles) {
        if (r.grade > 2 || d.chance(0.3)) continue;
        int rostered = 0;
        for (const staff_row& row : g.staff)
          if (row.shift == sh && row.specialty == r.specialty && row.grade == r.grade)
            rostered += row.headcount;
        for (const service& other : g.services)
          for (const service_shift& os : other.shifts)
            for (const christmas_row& c : os.christmas_day)
              if (os.shift == sh && c.specialty == r.specialty && c.grade == r.grade)
                rostered -= c.count;
        for (const christmas_row& c : ss.christmas_day)
          if (c.specialty == r.specialty && c.grade == r.grade) rostered -= c.count;
        if (rostered > 0)
          ss.christmas_day.push_back({r.specialty, r.grade, d.between(1, rostered)});
      }
      sv.shifts.push_back(std::move(ss));
    }
    g.services.push_back(std::move(sv));
  }
  if (g.services.front().kind == "ed") g.ed_per_hour = d.between(2, 8) / 4.0;

  // Elective sessions on Tuesday's day shift (and Wednesday's in a 48-hour action).
  const int sessions = d.between(1, 6);
  for (int k = 0; k < sessions; ++k) {
    session se;
    se.id = std::string("S").append(std::to_string(k));
    se.theatre = d.chance(0.5);
    se.specialty = d.pick(g.specialties);
    se.priority = d.between(0, 2);
    se.days = {"tue"};
    if (d.chance(0.3)) se.days.emplace_back("wed");
    const int roles = d.between(1, 2);
    for (int r = 0; r < roles; ++r) {
      role ro = detail::fillable_role(d, g, "day", r == 0 ? se.specialty : "");
      if (d.chance(0.6)) ro.grade = 4;  // most sessions need consultants
      ro.count = 1;
      se.roles.push_back(ro);
    }
    se.activity = se.theatre ? d.between(1, 8) : d.between(4, 20);
    se.count = d.chance(0.8) ? 1 : 2;
    g.sessions.push_back(std::move(se));
  }

  g.full_walkout = d.chance(0.5);
  g.participation = d.between(0, 20) / 20.0;
  g.window = d.between(0, 2);
  const std::vector<double> percentiles = {0.5, 0.8, 0.95};
  g.plan_percentile = d.pick(percentiles);
  g.act_down_share = d.chance(0.7) ? 1.0 : 0.5;
  g.protect_cancer = d.chance(0.3);
  g.christmas_day_levels = d.chance(0.5);
  return g;
}

/// A role as TOML.
inline std::string toml_role(const role& r) {
  std::ostringstream o;
  o << "{ specialty = \"" << r.specialty << "\", grade = \"" << grade_name(r.grade)
    << "\", count = " << r.count;
  if (r.cross_cover_grade >= 0)
    o << ", cross_cover = { grade = \"" << grade_name(r.cross_cover_grade)
      << "\", specialty = \"any\" }";
  o << " }";
  return o.str();
}

inline std::string trust_toml(const generated& g) {
  std::ostringstream o;
  o << "[trust]\nid = \"gen\"\nname = \"Generated " << g.seed << "\"\nspecialties = [";
  for (std::size_t i = 0; i < g.specialties.size(); ++i)
    o << (i ? ", " : "") << '"' << g.specialties[i] << '"';
  o << "]\n\n[[shift]]\nid = \"day\"\nstart = \"08:00\"\nend = \"17:00\"\ndays = \"weekday\"\n";
  if (g.night) o << "[[shift]]\nid = \"night\"\nstart = \"21:00\"\nend = \"08:00\"\n";
  auto rows = [&](const char* table, const std::vector<staff_row>& rs) {
    for (const staff_row& r : rs) {
      o << "[[" << table << "]]\nspecialty = \"" << r.specialty << "\"\ngrade = \""
        << grade_name(r.grade) << "\"\nshift = \"" << r.shift << "\"\nheadcount = " << r.headcount
        << "\n";
      if (r.locum) o << "locum = true\n";
      if (!r.rests_from.empty()) o << "rests_from = \"" << r.rests_from << "\"\n";
    }
  };
  rows("staff", g.staff);
  rows("on_call", g.on_call);
  for (const service& sv : g.services) {
    o << "[[service]]\nid = \"" << sv.id << "\"\nkind = \"" << sv.kind << "\"\n";
    if (!sv.specialty.empty()) o << "specialty = \"" << sv.specialty << "\"\n";
    if (sv.strike_cover_grade >= 0)
      o << "strike_cover = { grade = \"" << grade_name(sv.strike_cover_grade)
        << "\", specialty = \"any\" }\n";
    for (const service_shift& ss : sv.shifts) {
      o << "  [[service.shift]]\n  shift = \"" << ss.shift << "\"\n  roles = [";
      for (std::size_t i = 0; i < ss.roles.size(); ++i)
        o << (i ? ", " : "") << toml_role(ss.roles[i]);
      o << "]\n  christmas_day = [";
      for (std::size_t i = 0; i < ss.christmas_day.size(); ++i) {
        const christmas_row& c = ss.christmas_day[i];
        o << (i ? ", " : "") << "{ specialty = \"" << c.specialty << "\", grade = \""
          << grade_name(c.grade) << "\", count = " << c.count << " }";
      }
      o << "]\n";
    }
  }
  if (!g.services.empty() && g.services.front().kind == "ed") {
    o << "[ed]\nservice = \"" << g.services.front().id << "\"\narrivals_per_hour = [";
    for (int h = 0; h < 24; ++h)
      o << (h ? ", " : "") << toml_number(g.ed_per_hour);
    o << "]\nacuity = [ { name = \"P1\", share = 0.2 }, { name = \"P2\", share = 0.8 } ]\n"
         "consultation_minutes = { dist = \"lognormal\", mean = 30, sd = 15 }\n"
         "admission_share = 0.25\nadmit_to = [ { service = \""
      << (g.services.size() > 1 ? g.services[1].id : g.services.front().id)
      << "\", share = 1.0 } ]\n"
         "clerking_minutes = { dist = \"lognormal\", mean = 30, sd = 10 }\n";
  }
  for (const session& se : g.sessions) {
    o << "[[session]]\nid = \"" << se.id << "\"\nkind = \""
      << (se.theatre ? "theatre_list" : "clinic") << "\"\nspecialty = \"" << se.specialty
      << "\"\npriority = \"" << model::priority_names[static_cast<std::size_t>(se.priority)]
      << "\"\ndays = [";
    for (std::size_t i = 0; i < se.days.size(); ++i)
      o << (i ? ", " : "") << '"' << se.days[i] << '"';
    o << "]\ntime = \"08:00-17:00\"\nroles = [";
    for (std::size_t i = 0; i < se.roles.size(); ++i)
      o << (i ? ", " : "") << toml_role(se.roles[i]);
    o << "]\n" << (se.theatre ? "operations" : "slots") << " = " << se.activity << "\n";
    if (se.count > 1) o << "count = " << se.count << "\n";
  }
  return o.str();
}

inline std::string action_toml(const generated& g) {
  std::ostringstream o;
  o << "[action]\nid = \"gen\"\nname = \"generated\"\nkind = \""
    << (g.full_walkout ? "full_walkout" : "emergency_cover_only") << "\"\nparticipation = ";
  if (g.participation_sd > 0)
    o << "{ dist = \"beta\", mean = " << toml_number(g.participation)
      << ", sd = " << toml_number(g.participation_sd) << " }";
  else
    o << toml_number(g.participation);
  if (g.clustering > 0) o << "\nclustering = " << toml_number(g.clustering);
  o << "\n[[action.window]]\n";
  const char* ends[] = {"2016-01-12T17:00:00", "2016-01-13T08:00:00", "2016-01-14T08:00:00"};
  o << "start = 2016-01-12T08:00:00\nend = " << ends[g.window] << "\n";
  // Ten days before the action: before the decision, made seven days ahead.
  if (g.call_off_before_decision) o << "[action.call_off]\nat = 2016-01-02T12:00:00\n";
  return o.str();
}

inline std::string policy_toml(const generated& g) {
  std::ostringstream o;
  o << "[policy]\nid = \"gen\"\nname = \"generated\"\nplan_percentile = "
    << toml_number(g.plan_percentile) << "\nact_down_share = " << toml_number(g.act_down_share)
    << "\n";
  if (g.protect_cancer) o << "protect = [\"cancer\"]\n";
  o << "decision_days = 7\nlead_times = [0, 7]\nwalkout_levels = \""
    << (g.christmas_day_levels ? "christmas_day" : "minimum") << "\"\n";
  return o.str();
}

/// The generated files written to a scratch directory (`suite` under the temporary directory);
/// returns the scenario file, which `strikesim run` runs.
inline std::filesystem::path write_generated(const generated& g,
                                             const std::string& suite = "strikesim-metamorphic") {
  write_scratch(suite, "trust.toml", trust_toml(g));
  write_scratch(suite, "action.toml", action_toml(g));
  write_scratch(suite, "policy.toml", policy_toml(g));
  const std::filesystem::path scenario = write_scratch(
      suite, "scenario.toml",
      "[scenario]\nname = \"generated\"\ntrusts = [\"trust.toml\"]\naction = \"action.toml\"\n"
      "policy = \"policy.toml\"\n[run]\nreplications = " +
          std::to_string(g.replications) + "\nseed = " + std::to_string(g.seed) +
          "\nwarmup_days = 0\n");
  return scenario;
}

/// The generated files read as `strikesim run` reads them (the strict reader checks them).
inline model::scenario read_generated(const generated& g) {
  return model::read_scenario(write_generated(g));
}

/// A short description of the trust, one line per item, for a failure message.
inline std::string describe(const generated& g) {
  std::ostringstream o;
  o << "seed " << g.seed << ": " << (g.full_walkout ? "full walk-out" : "emergency care only")
    << ", participation " << g.participation
    << (g.participation_sd > 0 ? " (beta, sd " + toml_number(g.participation_sd) + ")" : "")
    << ", window "
    << (g.window == 0   ? "Tue 08-17"
        : g.window == 1 ? "24h from Tue 08:00"
                        : "48h from Tue 08:00")
    << (g.call_off_before_decision ? ", called off before the decision" : "")
    << "; policy percentile " << g.plan_percentile << ", act down " << g.act_down_share
    << (g.protect_cancer ? ", protect cancer" : "")
    << (g.christmas_day_levels ? ", walk-out at Christmas Day levels" : ", walk-out at minimum")
    << "\n";
  for (const staff_row& r : g.staff)
    o << "  staff " << r.shift << ' ' << r.specialty << ' ' << grade_name(r.grade) << " x"
      << r.headcount << (r.locum ? " (locum)" : "") << "\n";
  for (const staff_row& r : g.on_call)
    o << "  on call " << r.shift << ' ' << r.specialty << ' ' << grade_name(r.grade) << " x"
      << r.headcount << (r.rests_from.empty() ? "" : " rests from " + r.rests_from) << "\n";
  auto roles = [&](const std::vector<role>& rs) {
    std::ostringstream s;
    for (const role& r : rs) {
      s << ' ' << r.count << ' ' << r.specialty << ' ' << grade_name(r.grade);
      if (r.cross_cover_grade >= 0) s << " (or any " << grade_name(r.cross_cover_grade) << ')';
      s << ';';
    }
    return s.str();
  };
  for (const service& sv : g.services) {
    o << "  service " << sv.id << " (" << sv.kind << (sv.specialty.empty() ? "" : ", ")
      << sv.specialty
      << (sv.strike_cover_grade >= 0
              ? std::string(", strike cover any ") + grade_name(sv.strike_cover_grade)
              : "")
      << ")\n";
    for (const service_shift& ss : sv.shifts) {
      o << "    " << ss.shift << ":" << roles(ss.roles) << " christmas day:";
      for (const christmas_row& c : ss.christmas_day)
        o << " " << c.count << " " << c.specialty << " " << grade_name(c.grade) << ";";
      o << "\n";
    }
  }
  for (const session& se : g.sessions) {
    o << "  session " << se.id << " " << (se.theatre ? "list " : "clinic ") << se.specialty << " "
      << model::priority_names[static_cast<std::size_t>(se.priority)] << " x" << se.count << " "
      << se.activity << (se.theatre ? " ops" : " slots") << " on";
    for (const std::string& day : se.days)
      o << " " << day;
    o << ":" << roles(se.roles) << "\n";
  }
  return o.str();
}

/// Every one-step simplification of `g`: a session, service, service shift, role, Christmas Day
/// row, staff or on-call row removed; a count, headcount or activity lowered; a cross-cover or
/// strike cover dropped; the night shift, the ED or a second day dropped; fewer replications.
/// Some are not valid trusts (the reader says so, and the shrinker skips them).
inline std::vector<generated> simplifications(const generated& g) {
  std::vector<generated> out;
  auto with = [&](const std::function<void(generated&)>& edit) {
    generated c = g;
    edit(c);
    out.push_back(std::move(c));
  };
  if (g.replications > 1) with([](generated& c) { c.replications = 1; });
  if (g.window > 0) with([](generated& c) { c.window = 0; });
  for (std::size_t k = 0; k < g.sessions.size(); ++k) {
    with([k](generated& c) { c.sessions.erase(c.sessions.begin() + static_cast<long>(k)); });
    if (g.sessions[k].count > 1) with([k](generated& c) { c.sessions[k].count = 1; });
    if (g.sessions[k].days.size() > 1) with([k](generated& c) { c.sessions[k].days.resize(1); });
    if (g.sessions[k].activity > 1) with([k](generated& c) { c.sessions[k].activity = 1; });
    for (std::size_t r = 0; r < g.sessions[k].roles.size(); ++r) {
      if (g.sessions[k].roles.size() > 1)
        with([k, r](generated& c) {
          c.sessions[k].roles.erase(c.sessions[k].roles.begin() + static_cast<long>(r));
        });
      if (g.sessions[k].roles[r].cross_cover_grade >= 0)
        with([k, r](generated& c) { c.sessions[k].roles[r].cross_cover_grade = -1; });
    }
  }
  for (std::size_t s = 0; s < g.services.size(); ++s) {
    if (s > 0 || g.services.size() == 1)  // the ED (first) stays while takes refer to it
      with([s](generated& c) {
        c.services.erase(c.services.begin() + static_cast<long>(s));
        if (!c.services.empty() && c.services.front().kind != "ed") c.ed_per_hour = 0;
      });
    if (g.services[s].strike_cover_grade >= 0)
      with([s](generated& c) { c.services[s].strike_cover_grade = -1; });
    for (std::size_t h = 0; h < g.services[s].shifts.size(); ++h) {
      const service_shift& ss = g.services[s].shifts[h];
      with([s, h](generated& c) {
        auto& v = c.services[s].shifts;
        v.erase(v.begin() + static_cast<long>(h));
      });
      for (std::size_t r = 0; r < ss.roles.size(); ++r) {
        with([s, h, r](generated& c) {
          auto& v = c.services[s].shifts[h].roles;
          v.erase(v.begin() + static_cast<long>(r));
        });
        if (ss.roles[r].count > 1)
          with([s, h, r](generated& c) { c.services[s].shifts[h].roles[r].count = 1; });
        if (ss.roles[r].cross_cover_grade >= 0)
          with(
              [s, h, r](generated& c) { c.services[s].shifts[h].roles[r].cross_cover_grade = -1; });
      }
      for (std::size_t r = 0; r < ss.christmas_day.size(); ++r)
        with([s, h, r](generated& c) {
          auto& v = c.services[s].shifts[h].christmas_day;
          v.erase(v.begin() + static_cast<long>(r));
        });
    }
  }
  for (std::size_t i = 0; i < g.staff.size(); ++i) {
    with([i](generated& c) { c.staff.erase(c.staff.begin() + static_cast<long>(i)); });
    if (g.staff[i].headcount > 0) with([i](generated& c) { --c.staff[i].headcount; });
    if (g.staff[i].locum) with([i](generated& c) { c.staff[i].locum = false; });
  }
  for (std::size_t i = 0; i < g.on_call.size(); ++i) {
    with([i](generated& c) { c.on_call.erase(c.on_call.begin() + static_cast<long>(i)); });
    if (!g.on_call[i].rests_from.empty())
      with([i](generated& c) { c.on_call[i].rests_from.clear(); });
  }
  if (g.night)
    with([](generated& c) {
      c.night = false;
      std::erase_if(c.staff, [](const staff_row& r) { return r.shift == "night"; });
      c.on_call.clear();
      for (service& sv : c.services)
        std::erase_if(sv.shifts, [](const service_shift& ss) { return ss.shift == "night"; });
    });
  if (g.protect_cancer) with([](generated& c) { c.protect_cancer = false; });
  if (g.act_down_share < 1) with([](generated& c) { c.act_down_share = 1; });
  return out;
}

/// Greedy shrinking: take the first simplification that is a valid trust and still fails, until
/// none does (bounded). `fails` runs the property; it is only called on valid trusts.
inline generated shrink(generated g, const std::function<bool(const generated&)>& fails,
                        int max_steps = 400) {
  for (int step = 0; step < max_steps; ++step) {
    bool smaller = false;
    for (const generated& c : simplifications(g)) {
      try {
        (void)read_generated(c);
      } catch (const model::scenario_error&) {
        continue;
      }
      if (fails(c)) {
        g = c;
        smaller = true;
        break;
      }
    }
    if (!smaller) break;
  }
  return g;
}

}  // namespace strikesim_test::gen
