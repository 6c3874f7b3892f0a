#pragma once
// The strike day of one trust in one replication: who strikes on each shift, what stood of the
// advance plan, the plan on the day, and what it cancels and leaves unfilled.

#include <cstdint>
#include <vector>

#include "strikesim/hospital/outcome.hpp"
#include "strikesim/hospital/prepared.hpp"

namespace strikesim::model::detail {

/// Whether the action went ahead, and what a call-off after the decision gave back.
struct call_off_state {
  bool called_off = false;
  double days_before = 0;  // when called off: days before the first window
  bool decided = true;     // the cancellations were made (the action was on at the decision)
  double reinstate = 0;    // share of the cancelled sessions reinstated after a late call-off
};

/// Operations or slots cancelled on one day, waiting to be rebooked.
struct cancellation {
  int day = 0;
  clinical_priority priority = clinical_priority::routine;
  bool theatre = false;
  double count = 0;
};

/// The doctors of a shift instance at work in each service.
struct capacity_piece {
  const shift_instance* instance = nullptr;
  int doctors = 0;
};

/// The report period as a decision at one act-down factor would have made it.
struct factor_counts {
  double ops_advance = 0, slots_advance = 0, ops_day = 0, slots_day = 0, unfilled_hours = 0;
};

/// What the strike day leaves for the decision table, recovery and emergency care.
struct strike_day {
  std::vector<std::vector<capacity_piece>> capacity;  // per service, every shift instance
  std::vector<cancellation> cancelled;
  std::vector<factor_counts> by_factor;  // per prepared_scenario::act_down_factors
};

/// Runs the action's shifts of trust `pt` with this replication's participation and call-off,
/// counting into `out`; the decision table's other lead times only if `other_lead_times` (and
/// `prep.other_lead_times`).
strike_day run_strike_day(const prepared_scenario& prep, const prepared_trust& prepared,
                          double participation, const call_off_state& call,
                          std::uint64_t replication, trust_outcome& out,
                          bool other_lead_times = true);

}  // namespace strikesim::model::detail
