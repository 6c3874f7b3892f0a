#pragma once
/// The strike-day simulation: plan once, then simulate many replications.
///
///     const model::prepared_scenario prep = model::prepare(scenario);   // plans, profiles
///     model::replication_outcome r = model::simulate_replication(prep, replication_index);
///     model::outcome_summary summary = model::run_replications(prep, replications, threads);
///
/// A replication draws the participation of the action, who strikes on each shift, then runs the
/// emergency department and the emergency services as a discrete-event simulation on the kernel,
/// with the capacity that the on-the-day cover plan gives each service.

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "strikesim/hospital/planner.hpp"
#include "strikesim/hospital/scenario.hpp"

namespace strikesim::model {

/// One shift of one trust on one day of the simulated period.
struct shift_instance {
  std::size_t shift = 0;
  int day = 0;  // from the scenario's first day
  int weekday = 0;
  double start = 0, end = 0;  // scenario minutes
  bool struck = false;        // meets a strike window: strikers are absent for the whole shift
  bool reported = false;      // inside the report period
  cover_problem problem;
  std::vector<bool> baseline;  // sessions kept with everyone at work (what was planned)
  std::vector<bool> advance;   // sessions kept in advance for the strike
  std::vector<int> planned_supply;
  std::vector<int> baseline_capacity;       // doctors per service with everyone at work
  std::vector<std::string> advance_reason;  // per session: why it was cancelled in advance
  cover_plan advance_plan;                  // who covers what, as planned in advance
  /// The advance plan for each share of consultants a decision at another lead time can
  /// re-roster (prepared_scenario::act_down_factors); struck instances only, shared by copies.
  struct lead_variant {
    cover_problem problem;
    std::vector<bool> advance;
    std::vector<int> planned_supply;  // the turnout the advance plan was made for
    bool planned_in_full = false;     // the advance plan filled every emergency role
  };
  std::shared_ptr<const std::vector<lead_variant>> lead_variants;
};

struct prepared_trust {
  const trust* source = nullptr;
  std::uint64_t stream_id = 0;  // from the trust id, so a trust draws the same alone or in a region
  std::vector<shift_instance> instances;
  std::vector<double> arrivals_per_minute_by_hour;  // ED, for every hour of the run
  int planned_operations = 0;
  int planned_slots = 0;
  std::vector<int> planned_operations_by_specialty;
  std::vector<int> planned_slots_by_specialty;
  std::array<double, 7> weekday_operations{};  // planned on each weekday (Monday first)
  std::array<double, 7> weekday_slots{};
};

struct prepared_scenario {
  const scenario* source = nullptr;
  std::vector<prepared_trust> trusts;
  double run_end = 0;  // horizon plus a day of normal running so report-period patients leave
  int report_hours = 0;
  double first_start = 0;  // minutes: the start of the first window
  // The decision trade-off: for each lead time of the policy (days), which act-down factor
  // (share of the willing consultants re-rostered in time) applies.
  std::vector<double> act_down_factors;
  std::vector<std::size_t> lead_factor;  // per policy lead time, index into act_down_factors
  std::size_t main_factor = 0;           // of the policy's own decision lead time
  int first_report_day = 0;              // scenario day of the first window
  int last_action_day = 0;               // scenario day on which the last window ends
  int recovery_days = 0;                 // days followed, from first_report_day
  bool per_trust_backlog = true;         // false for a national composite (memory)
};

/// Plans every shift once. The result refers to `s`, which must outlive it.
prepared_scenario prepare(const scenario& s);
prepared_scenario prepare(const scenario&& s) = delete;

/// What one replication gives for one trust.
struct trust_outcome {
  double ops_cancelled_advance = 0;
  double ops_cancelled_day = 0;
  double slots_cancelled_advance = 0;
  double slots_cancelled_day = 0;
  double unfilled_role_hours = 0;
  double ed_attendances = 0;
  double ed_departed = 0;
  double ed_within_4h = 0;
  double ed_time_sum = 0;                      // minutes, over departed patients
  std::vector<double> by_specialty;            // 5 metrics per specialty, see specialty_metric
  std::vector<double> ed_waiting_by_hour;      // mean patients waiting, each report hour
  std::vector<std::uint8_t> cancelled_on_day;  // per (instance, session) flattened
  double act_down_hours = 0;                   // consultant hours in junior roles during the action
  // Per service, over the report period: role hours left empty, requests served (patients seen,
  // admissions clerked, ward tasks done) with the minutes they waited, and the time integral of
  // the queue (divide by the report period for the mean queue length).
  std::vector<double> service_unfilled_hours, service_served, service_wait_sum, service_queue_area;
  // The decision: advance cancellations that stood for an action then called off.
  double ops_unnecessary = 0, slots_unnecessary = 0;
  // Per policy lead time: lead_metric values (see lead_metric).
  std::vector<double> by_lead;
  // Recovery: backlog at the end of each day from first_report_day (operations, slots), the day
  // (after the last action day) it is clear or -1, and patient-days of delay.
  std::vector<float> backlog_ops, backlog_slots;  // kept per trust for 12 trusts or fewer
  double backlog_days = 0;
  double patient_days_delay = 0;
  double displaced = 0;  // patients rebooked at the delay cap over other work
};

enum lead_metric : std::size_t {
  lm_operations = 0,  // cancelled (in advance, standing, and on the day)
  lm_slots = 1,
  lm_unnecessary = 2,  // operations and slots cancelled for an action that was called off
  lm_unfilled = 3,     // unfilled emergency role hours
  lm_count = 4
};

enum specialty_metric : std::size_t {
  sm_ops_advance = 0,
  sm_ops_day = 1,
  sm_slots_advance = 2,
  sm_slots_day = 3,
  sm_unfilled_hours = 4,
  sm_count = 5
};

struct replication_outcome {
  double participation = 0;
  bool called_off = false;
  double call_off_days_before = 0;  // when called off: days before the first window
  std::vector<float> backlog_ops,
      backlog_slots;  // all trusts together, per day (see trust_outcome)
  std::vector<trust_outcome> trusts;
};

replication_outcome simulate_replication(const prepared_scenario& prep, std::uint64_t replication);

/// The quantile of the number of strikers among `n` eligible doctors when each strikes with a
/// probability drawn from `participation`: the planner's expected absence at `percentile`. The
/// mixture of binomials is taken over `absence_quadrature_points` equally likely participation
/// values (the midpoints of its quantiles).
int planned_absence(int n, const distribution_spec& participation, double percentile);

inline constexpr std::size_t absence_quadrature_points = 400;

/// The participation values of that quadrature, to compute once for many `n` and percentiles.
std::vector<double> absence_quadrature(const distribution_spec& participation);
int planned_absence(int n, std::span<const double> quadrature, double percentile);

}  // namespace strikesim::model
