#pragma once
/// A scenario planned once, before any replication (prepare): every shift of the run with its
/// cover problem, the plan with everyone at work (what was booked), and for the shifts the action
/// touches the advance plan (what the trust cancels ahead) at each decision lead time.
///
///     const model::prepared_scenario prep = model::prepare(scenario);   // refers to `scenario`

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "strikesim/hospital/planner.hpp"
#include "strikesim/hospital/scenario.hpp"
#include "strikesim/hospital/timeline.hpp"

namespace strikesim::model {

namespace detail {
class plan_cache;
}

/// Why a session of a shift the action touches is not run as booked (the reports say it in
/// words).
enum class session_status_reason : std::uint8_t {
  none,
  short_of_expected_doctors,  // cancelled in advance: too few doctors expected at the planning
                              // percentile once emergency cover is filled
  never_staffed,              // cannot be staffed even with everyone at work (not planned)
};

/// One shift of one trust on one day of the simulated period.
struct shift_instance {
  std::size_t shift = 0;
  int day = 0;  // from the scenario's first day
  int weekday = 0;
  instant start, end;
  bool struck = false;    // meets a strike window: strikers are absent for the whole shift
  bool reported = false;  // inside the report period
  /// Struck instances: the on-call doctors who came in for the night that ends as this shift
  /// starts, resting through it.
  struck_shift after_night;
  cover_problem problem;
  std::vector<bool> baseline;  // sessions kept with everyone at work (what was planned)
  std::vector<bool> advance;   // sessions kept in advance for the strike
  std::vector<int> planned_supply;
  std::vector<int> baseline_capacity;                 // doctors per service with everyone at work
  std::vector<session_status_reason> advance_reason;  // per session: why it is not run as booked
  cover_plan advance_plan;                            // who covers what, as planned in advance
  /// Struck instances in the report period: the position of this shift's first session in
  /// prepared_trust::reported_sessions (its sessions follow in problem.sessions order).
  std::size_t first_reported_session = 0;
  /// The advance plan for each share of consultants a decision at another lead time can
  /// re-roster (prepared_scenario::act_down_factors); struck instances only, shared by copies.
  struct lead_variant {
    /// Consultants willing to act down at this lead time (the instance's problem otherwise).
    double act_down_share = 0;
    std::vector<bool> advance;
    std::vector<int> planned_supply;  // the turnout the advance plan was made for
    bool planned_in_full = false;     // the advance plan filled every emergency role
  };
  std::shared_ptr<const std::vector<lead_variant>> lead_variants;

  [[nodiscard]] bool reports_sessions() const { return struck && reported; }
  [[nodiscard]] double hours() const { return (end - start) / minutes{60}; }
};

/// A session the results list: one of a struck shift in the report period. Its position in
/// prepared_trust::reported_sessions indexes trust_outcome::cancelled_on_day and the summary's
/// count of the same.
struct reported_session {
  std::size_t instance = 0;  // in prepared_trust::instances
  std::size_t slot = 0;      // in that instance's problem.sessions
};

struct prepared_trust {
  const trust* source = nullptr;
  std::uint64_t stream_id = 0;  // from the trust id, so a trust draws the same alone or in a region
  std::vector<shift_instance> instances;
  std::vector<reported_session> reported_sessions;  // built once, in instance and session order
  std::vector<double> arrivals_per_minute_by_hour;  // ED, for every hour of the run
  /// The same with the action's demand change inside its windows (action.demand), for the
  /// replications in which the action goes ahead.
  std::vector<double> arrivals_per_minute_by_hour_in_action;
  int planned_operations = 0;
  int planned_slots = 0;
  std::vector<int> planned_operations_by_specialty;
  std::vector<int> planned_slots_by_specialty;
  std::array<double, 7> weekday_operations{};  // planned on each weekday (Monday first)
  std::array<double, 7> weekday_slots{};
};

struct prepared_scenario {
  const scenario* source = nullptr;
  /// The policy planned with: the scenario's own (its drawn parameters at their central values),
  /// or a replication's draw of it.
  const policy* plan = nullptr;
  std::vector<prepared_trust> trusts;
  instant run_end;  // horizon plus a day of normal running so report-period patients leave
  int report_hours = 0;
  instant first_start;  // the start of the first window
  // The decision trade-off: for each lead time of the policy (days), which act-down factor
  // (share of the willing consultants re-rostered in time) applies.
  std::vector<double> act_down_factors;
  std::vector<std::size_t> lead_factor;  // per policy lead time, index into act_down_factors
  std::size_t main_factor = 0;           // of the policy's own decision lead time
  int first_report_day = 0;              // scenario day of the first window
  int last_action_day = 0;               // scenario day on which the last window ends
  int recovery_days = 0;                 // days followed, from first_report_day
  bool per_trust_backlog = true;         // false for a national composite (memory)
  /// Whether each replication simulates emergency care (the ED and the services' queues), and
  /// replans its struck shifts as a decision at each other lead time of the policy would have
  /// planned them (the decision table, `by_lead`). Neither feeds back into the cancellations of
  /// the policy's own decision, nor into recovery: the strike day is settled before emergency care
  /// runs, which draws from streams of its own, and the other lead times only count. A run that
  /// wants planned care alone (the backtest) turns them off: their figures then stay zero.
  bool emergency_care = true;
  bool other_lead_times = true;
  /// Whether each replication draws the parameters the files give as distributions (policy.drawn
  /// with spread). Off: every drawn parameter stays at its central value, as if it were a plain
  /// number: the chance-only run (the same replications, the same seeds).
  bool draw_parameters = true;
  /// The participation's quadrature (absence_quadrature), computed once for the replications
  /// that plan again with their own draws (empty otherwise).
  std::shared_ptr<const std::vector<double>> quadrature;
  /// The plans of the replications' draws of planning parameters, one for each draw that plans
  /// differently (none when no planning parameter is drawn with spread).
  std::shared_ptr<detail::plan_cache> plans;
  /// Off: each replication that draws planning parameters plans anew instead of sharing the plan
  /// of an equal draw (slow; the tests check that the two give the same bytes).
  bool share_plans = true;
};

/// Plans every shift once. The result refers to `s`, which must outlive it.
prepared_scenario prepare(const scenario& s);
prepared_scenario prepare(const scenario&& s) = delete;
/// The same with policy `pol` instead of the scenario's (a replication's draw of it), which must
/// outlive the result too.
prepared_scenario prepare(const scenario& s, const policy& pol);
prepared_scenario prepare(const scenario& s, const policy&& pol) = delete;

/// Whether `s` has a parameter drawn with spread, in its policy, action or trust files (its
/// replications then differ in what the files leave uncertain, not only by chance).
[[nodiscard]] bool has_drawn_parameters(const scenario& s);

/// One input of the drivers table: a drawn parameter as the replications draw it.
struct drawn_column {
  std::string key;                         // its key path: "policy.plan_percentile"
  const drawn_parameter* param = nullptr;  // its distribution (the first trust's, for a trust's)
  /// A trust file's key: how many trusts give it (the column holds the mean of their values).
  std::size_t trusts = 0;
};
/// The drawn parameters of `s` with policy `pol`: the policy's, then the action's, then one for
/// each key of the trust files (replication_outcome::drawn holds their values in this order).
[[nodiscard]] std::vector<drawn_column> drawn_columns(const scenario& s, const policy& pol);

}  // namespace strikesim::model
