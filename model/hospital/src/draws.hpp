#pragma once
// A replication's draws of the parameters the action and trust files give as distributions (the
// policy's are drawn into a copy of the policy, simulate.cpp), and what they change in a trust's
// counts.

#include <cstdint>
#include <vector>

#include "strike_day.hpp"
#include "strikesim/hospital/prepared.hpp"

namespace strikesim::model::detail {

/// The values of one replication: the action's demand change and each trust's scales (in
/// prepared_scenario::trusts order), drawn or at their central values.
struct file_draws {
  demand_change demand;
  std::vector<double> operations_scale, slots_scale;
  std::vector<double> admission_share;  // each trust's ED's (0 without an ED)
};

/// The stream of replication `rep`'s draw of the parameter at key path `key`: one of its own, so
/// adding a parameter leaves every other draw as it was; with `trust_stream` (scope "trust") one
/// a trust too.
double draw_uniform(std::uint64_t seed, std::uint64_t rep, const std::string& key,
                    std::uint64_t trust_stream = 0);

/// Replication `rep`'s draws of the action's and the trusts' drawn parameters (their central
/// values when `draw` is off).
file_draws draw_files(const prepared_scenario& prep, std::uint64_t rep, bool draw);

/// The columns of the drivers table for one replication (drawn_columns order): the policy's
/// values `policy_values`, then the action's and the trusts' from `draws`.
std::vector<double> column_values(const prepared_scenario& prep,
                                  const std::vector<double>& policy_values,
                                  const file_draws& draws);

/// A trust's counts of one replication with its sessions' operations scaled by `operations` and
/// their slots by `slots` (what it plans, cancels and rebooks; every count is a sum over
/// sessions, so scaling each sum scales each session).
void scale_activity(double operations, double slots, trust_outcome& out, strike_day& day);

}  // namespace strikesim::model::detail
