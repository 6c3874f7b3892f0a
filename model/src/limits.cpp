#include "strikesim/model/limits.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "strikesim/model/reader.hpp"
#include "strikesim/model/simulate.hpp"

namespace strikesim::model {

namespace {

constexpr double day_minutes = 1440;
// What one heap block costs beyond its bytes (glibc malloc's header and rounding), and one
// std::vector or std::string object.
constexpr std::uint64_t block = 16;
constexpr std::uint64_t vector_object = 24;
// A patient or task of the kernel in the system: its coroutine frame, its events and queue entry.
constexpr std::uint64_t per_entity = 512;
// One role, pool or session of a shift's cover problem, with its share of the plan, and one
// shift instance's fixed part (vectors, the plan, reasons).
constexpr std::uint64_t per_plan_item = 64;
constexpr std::uint64_t per_instance = 512;
// The program, its libraries and the scenario as read.
constexpr std::uint64_t program = std::uint64_t{32} * 1024 * 1024;

std::uint64_t heap(std::uint64_t bytes) {
  return bytes == 0 ? 0 : bytes + block;
}

int weekday_after(int first_weekday, int day) {
  return ((first_weekday + day) % 7 + 7) % 7;
}

/// Per weekday (Monday first): shift instances, and (shift, session) pairs of the planner (a
/// session is planned with every shift on at its start, as model/src/planner.cpp does), and the
/// roles of those pairs and of the services.
struct week_shape {
  std::array<std::uint64_t, 7> shifts{}, sessions{}, roles{};
};

week_shape shape_of(const trust& t) {
  week_shape w;
  for (int day = 0; day < 7; ++day) {
    for (const shift_def& sh : t.shifts) {
      if (!sh.applies_on(day)) continue;
      ++w.shifts[static_cast<std::size_t>(day)];
      for (const service& sv : t.services)
        for (const service_shift& ss : sv.shifts)
          if (ss.shift == sh.id) w.roles[static_cast<std::size_t>(day)] += ss.roles.size();
      for (const session& se : t.sessions) {
        if (std::find(se.weekdays.begin(), se.weekdays.end(), day) == se.weekdays.end()) continue;
        const int rel = (se.start_minute - sh.start_minute + 1440) % 1440;
        if (rel >= sh.length_minutes()) continue;
        ++w.sessions[static_cast<std::size_t>(day)];
        w.roles[static_cast<std::size_t>(day)] += se.roles.size();
      }
    }
  }
  return w;
}

std::string bytes_text(std::uint64_t bytes) {
  const auto b = static_cast<double>(bytes);
  if (b >= 1024.0 * 1024 * 1024) return fmt::format("{:.1f} GiB", b / (1024.0 * 1024 * 1024));
  if (b >= 1024.0 * 1024) return fmt::format("{:.1f} MiB", b / (1024.0 * 1024));
  return fmt::format("{:.1f} KiB", b / 1024.0);
}

}  // namespace

memory_estimate estimate_run_memory(const scenario& s) {
  memory_estimate m;
  m.fixed = program;
  const auto run_days = static_cast<int>(std::lround(s.horizon / day_minutes)) + 1;
  const auto first_report_day = static_cast<int>(std::lround(s.report_start / day_minutes));
  const int last_action_day = static_cast<int>(std::lround(s.horizon / day_minutes)) - 1;
  const auto report_hours =
      static_cast<std::uint64_t>(std::max(0.0, std::round((s.horizon - s.report_start) / 60)));
  const auto recovery_days = static_cast<std::uint64_t>(
      std::max(0, last_action_day - first_report_day + 1 + s.plan_policy.recovery.horizon_days));
  const std::uint64_t leads = s.plan_policy.lead_times.size();
  const std::uint64_t factors = leads + 1;  // act-down shares a lead time can give, at most
  const std::uint64_t trusts = s.trusts.size();

  // The replication itself: the backlog of all trusts, and its trusts.
  m.per_replication = sizeof(replication_outcome) + 2 * heap(recovery_days * sizeof(float)) +
                      heap(trusts * sizeof(trust_outcome));
  // The series the results are computed from: one for the total and one for a trust at a time,
  // each about 20 figures, the lead-time table and the backlog by day per replication.
  m.per_replication += 2 * ((20 + lm_count * leads) * sizeof(double) +
                            2 * (vector_object + heap(recovery_days * sizeof(float))));

  std::map<std::pair<std::string, std::string>, week_shape> shapes;  // copies share a file
  for (const trust& t : s.trusts) {
    const auto key = std::pair(t.file, t.copy_of.empty() ? t.id : t.copy_of);
    auto it = shapes.find(key);
    if (it == shapes.end()) it = shapes.emplace(key, shape_of(t)).first;
    const week_shape& w = it->second;

    // Sessions on the report days: one byte each for the on-the-day status, in a vector that
    // grows by doubling.
    std::uint64_t report_sessions = 0;
    for (int day = first_report_day; day <= last_action_day; ++day)
      report_sessions += w.sessions[static_cast<std::size_t>(weekday_after(s.first_weekday, day))];
    m.per_replication += heap(t.specialties.size() * sm_count * sizeof(double)) +
                         4 * heap(t.services.size() * sizeof(double)) +
                         heap(leads * lm_count * sizeof(double)) +
                         heap(report_hours * sizeof(double)) + 2 * heap(report_sessions);
    if (trusts <= 12) m.per_replication += 2 * heap(recovery_days * sizeof(float));

    // The plans: every shift instance of the run (from the day before the first), with the
    // lead-time variants of the struck ones (at most the action days' shifts).
    std::uint64_t items = 0, instances = 0;
    for (int day = -1; day < run_days; ++day) {
      const auto wd = static_cast<std::size_t>(weekday_after(s.first_weekday, day));
      instances += w.shifts[wd];
      items += w.roles[wd] + 2 * w.sessions[wd] + w.shifts[wd] * t.specialties.size() * 2;
    }
    std::uint64_t struck_items = 0;
    for (int day = first_report_day - 1; day <= last_action_day; ++day) {
      const auto wd = static_cast<std::size_t>(weekday_after(s.first_weekday, day));
      struck_items += w.roles[wd] + 2 * w.sessions[wd];
    }
    m.fixed += instances * per_instance + (items + factors * struck_items) * per_plan_item +
               heap(static_cast<std::uint64_t>(run_days) * 24 * sizeof(double));

    // The simulation of one replication, one trust at a time: every ED arrival and service task
    // of the run in the system at once (a pessimistic bound: nobody is seen).
    double per_day = 0;
    if (t.ed) {
      for (std::size_t h = 0; h < 24; ++h)
        per_day +=
            std::max(t.ed->weekday_per_hour[h], t.ed->weekend_per_hour[h]) * 2;  // + clerking
    }
    for (const service& sv : t.services)
      if (sv.work)
        for (const double x : sv.work->per_hour)
          per_day += x;
    m.per_thread =
        std::max(m.per_thread, static_cast<std::uint64_t>(per_day * run_days) * per_entity);
  }
  return m;
}

void check_run_memory(const scenario& s, int replications, int threads, double max_gib,
                      const std::string& where, const std::string& key) {
  const scenario* one[] = {&s};
  check_run_memory(one, replications, threads, max_gib, where, key);
}

void check_run_memory(std::span<const scenario* const> scenarios, int replications, int threads,
                      double max_gib, const std::string& where, const std::string& key) {
  // Scenarios run one after the other, each keeping its outcomes to the end (compare), in one
  // program.
  memory_estimate m;
  for (const scenario* s : scenarios) {
    const memory_estimate one = estimate_run_memory(*s);
    m.fixed += one.fixed - (m.fixed == 0 ? 0 : program);
    m.per_replication += one.per_replication;
    m.per_thread = std::max(m.per_thread, one.per_thread);
  }
  const int used_threads = std::max(1, std::min(threads, replications));
  const std::uint64_t need = m.total(replications, used_threads);
  const double cap = max_gib * 1024.0 * 1024 * 1024;
  if (static_cast<double>(need) <= cap) return;
  const double room = cap - static_cast<double>(m.total(0, used_threads));
  const auto fit =
      room <= 0 ? 0
                : static_cast<std::uint64_t>(
                      room / static_cast<double>(std::max<std::uint64_t>(1, m.per_replication)));
  throw scenario_error(
      {where}, key,
      fmt::format("{} replications would need about {} of memory ({} per replication, {} for the "
                  "program and the plans, {} per thread); the limit is {:g} GiB (--max-memory): "
                  "{}",
                  replications, bytes_text(need), bytes_text(m.per_replication),
                  bytes_text(m.fixed), bytes_text(m.per_thread), max_gib,
                  fit > 0 ? fmt::format("use at most {} replications, or raise --max-memory", fit)
                          : fmt::format("{} too large for that limit; raise --max-memory",
                                        scenarios.size() == 1 ? "this scenario is"
                                                              : "these scenarios are")));
}

}  // namespace strikesim::model
