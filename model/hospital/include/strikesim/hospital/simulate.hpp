#pragma once
/// The strike-day simulation: plan once, then simulate many replications.
///
///     const model::prepared_scenario prep = model::prepare(scenario);   // plans, profiles
///     model::replication_outcome r = model::simulate_replication(prep, replication_index);
///     model::outcome_summary summary = model::run_replications(prep, replications, threads);
///
/// A replication draws the participation of the action and whether it is called off; then, trust
/// by trust, who strikes on each shift and the plan on the day (strike_day.cpp), the decision at
/// each lead time (decision.cpp), the rebooking of what was cancelled (recovery.cpp), and the
/// emergency department and services as a discrete-event simulation on the kernel with the
/// capacity the plan on the day gives each service (emergency.cpp).

#include <cstdint>
#include <vector>

#include "strikesim/hospital/outcome.hpp"
#include "strikesim/hospital/prepared.hpp"
#include "strikesim/hospital/turnout.hpp"

namespace strikesim::model {

replication_outcome simulate_replication(const prepared_scenario& prep, std::uint64_t replication);
/// The same, drawing the parameters the files give as distributions only if `draw` (off: every
/// one at its central value, the chance-only run; prep.draw_parameters says which the other
/// overload does), and leaving out the decision table's other lead times (most of a
/// replication's replans) unless `other_lead_times`: for a run that reports only the headline
/// figures, such as the chance-only run of a comparison. Every other figure is the same.
replication_outcome simulate_replication(const prepared_scenario& prep, std::uint64_t replication,
                                         bool draw, bool other_lead_times = true);

/// Replications that draw their planning parameters share a plan among those that plan alike,
/// made by the first replication that needs it. Made that way, a plan holds up the thread that
/// makes it for several replications' time, while the others run ahead only as far as the
/// in-order window lets them (and two threads may make the same plan at once). These two plan
/// ahead instead: the first of replications 0..n-1 to draw each plan (in order, as many plans as
/// the cache keeps; none if the replications plan nothing), and making the plan that replication
/// `replication` draws, on any thread. Planning ahead changes the time a run takes, never its
/// bytes.
[[nodiscard]] std::vector<std::uint64_t> replications_that_plan(const prepared_scenario& prep,
                                                                int replications);
void plan_replication(const prepared_scenario& prep, std::uint64_t replication);

}  // namespace strikesim::model
