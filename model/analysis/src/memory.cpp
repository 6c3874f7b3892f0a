#include "strikesim/analysis/memory.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "strikesim/analysis/summary.hpp"
#include "strikesim/hospital/error.hpp"
#include "strikesim/hospital/simulate.hpp"
#include "strikesim/hospital/timeline.hpp"

namespace strikesim::model {

namespace {

// What one heap block costs beyond its bytes (glibc malloc's header and rounding).
constexpr std::uint64_t block = 16;
// A patient or task of the kernel in the system: its coroutine frame, its events and queue entry.
constexpr std::uint64_t per_entity = 512;
// The output document's share of one figure (see estimate_run_memory).
constexpr std::uint64_t output_per_figure = std::uint64_t{6} * 1024;
// One role, pool or session of a shift's cover problem, with its share of the plan, and one
// shift instance's fixed part (vectors, the plan, reasons).
constexpr std::uint64_t per_plan_item = 64;
constexpr std::uint64_t per_instance = 512;
// The program, its libraries and the scenario as read.
constexpr std::uint64_t program = std::uint64_t{32} * 1024 * 1024;

std::uint64_t heap(std::uint64_t bytes) {
  return bytes == 0 ? 0 : bytes + block;
}

/// Per weekday (Monday first): shift instances, and (shift, session) pairs of the planner (a
/// session is planned with every shift on at its start, as model/hospital/src/planner.cpp does),
/// and the roles of those pairs and of the services.
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
  // The run's calendar as prepare() will make it.
  const run_shape shape = shape_of_run(s);
  const int run_days = shape.days;
  const int first_report_day = shape.first_report_day;
  const int last_action_day = shape.last_action_day;
  const auto report_hours = static_cast<std::uint64_t>(std::max(0, shape.report_hours));
  const auto recovery_days = static_cast<std::uint64_t>(std::max(0, shape.recovery_days));
  const std::uint64_t leads = s.plan_policy.lead_times.size();
  const std::uint64_t factors = leads + 1;  // act-down shares a lead time can give, at most
  const std::uint64_t trusts = s.trusts.size();

  // One replication's outcome: the backlog of all trusts, and its trusts (more below). The
  // summary: the figures of the total (see outcome_summary and figure_series).
  std::uint64_t outcome = sizeof(replication_outcome) + 2 * heap(recovery_days * sizeof(float)) +
                          heap(trusts * sizeof(trust_outcome));
  // The summary's figures, as outcome_summary counts them: participation and the total.
  m.figures = 1 + figure_series::figures(leads, recovery_days);
  m.fixed += sizeof(outcome_summary) + trusts * sizeof(trust_figures);

  std::map<std::pair<std::string, std::string>, week_shape> shapes;  // copies share a file
  for (const trust& t : s.trusts) {
    const auto key = std::pair(t.file, t.copy_of.empty() ? t.id : t.copy_of);
    auto it = shapes.find(key);
    if (it == shapes.end()) it = shapes.emplace(key, shape_of(t)).first;
    const week_shape& w = it->second;

    // Sessions on the report days: one byte each for the on-the-day status in an outcome, in a
    // vector that grows by doubling, and a count each in the summary.
    std::uint64_t report_sessions = 0;
    for (int day = first_report_day; day <= last_action_day; ++day)
      report_sessions += w.sessions[static_cast<std::size_t>(weekday_of_day(s, day))];
    outcome += heap(t.specialties.size() * sizeof(specialty_outcome)) +
               heap(t.services.size() * sizeof(service_outcome)) +
               heap(leads * sizeof(lead_outcome)) + heap(report_hours * sizeof(double)) +
               2 * heap(report_sessions);
    m.figures += figure_series::figures(leads, shape.per_trust_backlog ? recovery_days : 0) +
                 trust_figures::figures(t.specialties.size(), t.services.size(), report_hours);
    m.fixed += heap(report_sessions * sizeof(std::uint64_t));
    if (shape.per_trust_backlog) {
      outcome += 2 * heap(recovery_days * sizeof(float)) +
                 2 * heap(t.services.size() * report_hours * sizeof(float));
      m.figures += 2 * t.services.size() * report_hours;  // each service's cover by hour
    }

    // The plans: every shift instance of the run (from the day before the first), with the
    // lead-time variants of the struck ones (at most the action days' shifts).
    std::uint64_t items = 0, instances = 0;
    for (int day = -1; day < run_days; ++day) {
      const auto wd = static_cast<std::size_t>(weekday_of_day(s, day));
      instances += w.shifts[wd];
      items += w.roles[wd] + 2 * w.sessions[wd] + w.shifts[wd] * t.specialties.size() * 2;
    }
    std::uint64_t struck_items = 0;
    for (int day = first_report_day - 1; day <= last_action_day; ++day) {
      const auto wd = static_cast<std::size_t>(weekday_of_day(s, day));
      struck_items += w.roles[wd] + 2 * w.sessions[wd];
    }
    // The ED's arrival rates by hour of the run: as normal, and with the action's demand change.
    m.fixed += instances * per_instance + (items + factors * struck_items) * per_plan_item +
               2 * heap(static_cast<std::uint64_t>(run_days) * 24 * sizeof(double));

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
    m.simulation =
        std::max(m.simulation, static_cast<std::uint64_t>(per_day * run_days) * per_entity);
  }
  // A thread simulates one replication and keeps up to the fold window's share of outcomes
  // waiting for their turn (run_replications: 4 a thread, and the one it is making).
  m.per_thread = m.simulation + 5 * outcome;
  // The output document, built whole before it is written (a JSON tree, then its text): measured
  // at about 5.6 KiB a figure for the England composite in JSON (peak RSS 216 MiB against 64 MiB
  // for the same run written as text).
  m.document = m.figures * output_per_figure;
  m.fixed += m.document;
  return m;
}

std::uint64_t memory_estimate::figure_bytes(int replications, int signs) {
  using sample = sim::streaming_sample;
  std::uint64_t bytes = sizeof(sample);
  if (replications <= 0) return bytes;
  const auto r = static_cast<std::uint64_t>(replications);
  if (r <= sample::exact_limit) {
    // At most one (value, count) pair per replication, in a vector that grows by doubling, and
    // the buffer of observations waiting to be merged into them.
    return bytes + heap(std::bit_ceil(r) * sizeof(std::pair<double, std::uint64_t>)) +
           heap(sample::pending_limit * sizeof(double));
  }
  // The histogram: at most max_buckets counts for each sign that occurs.
  return bytes +
         static_cast<std::uint64_t>(signs) * heap(sample::max_buckets * sizeof(std::uint64_t));
}

memory_estimate check_run_memory(const scenario& s, int replications, int threads, double max_gib,
                                 const std::string& where, const std::string& key) {
  const scenario* one[] = {&s};
  return check_run_memory(one, replications, threads, max_gib, where, key);
}

memory_estimate check_run_memory(std::span<const scenario* const> scenarios, int replications,
                                 int threads, double max_gib, const std::string& where,
                                 const std::string& key) {
  memory_estimate m;
  if (scenarios.size() == 1) {
    m = estimate_run_memory(*scenarios.front());
  } else {
    // compare: every scenario's plans; replication r of every scenario made and waiting at once;
    // and, instead of summaries, three distributions (the reference, the scenario and their
    // difference, of either sign) of each headline figure of the total and of each trust, for
    // each scenario after the first.
    std::uint64_t outcomes = 0;
    for (const scenario* s : scenarios) {
      const memory_estimate one = estimate_run_memory(*s);
      m.fixed += one.fixed - one.document - (m.fixed == 0 ? 0 : program);
      m.simulation = std::max(m.simulation, one.simulation);
      outcomes += one.per_thread - one.simulation;
    }
    m.figures = (scenarios.size() - 1) * 3 * hf_count * (1 + scenarios.front()->trusts.size());
    m.document = m.figures * output_per_figure;
    m.fixed += m.document;
    m.per_thread = m.simulation + outcomes;
    m.signs = 2;
  }
  const int used_threads = std::max(1, std::min(threads, replications));
  const std::uint64_t need = m.total(replications, used_threads);
  const double cap = max_gib * 1024.0 * 1024 * 1024;
  if (static_cast<double>(need) <= cap) return m;
  // The summary grows with the replications up to streaming_sample::exact_limit, then no more:
  // the most replications that fit, if any.
  int lo = 0, hi = replications;  // total(lo) fits (or lo is 0), total(hi) does not
  while (hi - lo > 1) {
    const int mid = lo + (hi - lo) / 2;
    (static_cast<double>(m.total(mid, used_threads)) <= cap ? lo : hi) = mid;
  }
  throw scenario_error(
      {where}, key,
      fmt::format("{} replications would need about {} of memory ({} for the summary of {} "
                  "figures, {} for the program and the plans, {} per thread); the limit is {:g} "
                  "GiB (--max-memory): {}",
                  replications, bytes_text(need), bytes_text(m.summary(replications)), m.figures,
                  bytes_text(m.fixed), bytes_text(m.per_thread), max_gib,
                  lo > 0 ? fmt::format("use at most {} replications, or raise --max-memory", lo)
                         : fmt::format("{} too large for that limit; raise --max-memory",
                                       scenarios.size() == 1 ? "this scenario is"
                                                             : "these scenarios are")));
}

}  // namespace strikesim::model
