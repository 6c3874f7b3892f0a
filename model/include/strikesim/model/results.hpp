#pragma once
/// Replications in parallel, and their summary: every figure a distribution over replications.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "strikesim/model/simulate.hpp"

namespace strikesim::model {

/// mean, sd, p05, p50, p95 and the 95% confidence interval of the mean (Student t).
struct stat {
  double mean = 0, sd = 0, p05 = 0, p50 = 0, p95 = 0, ci_low = 0, ci_high = 0;
};
stat summarise(std::span<const double> values);

/// Runs replications 0..n-1 on `threads` threads. Replication r always draws the same numbers, so
/// the result does not depend on the thread count.
std::vector<replication_outcome> run_replications(const prepared_scenario& prep, int replications,
                                                  int threads);

/// The `strikesim.result/1` document.
nlohmann::ordered_json results_json(const prepared_scenario& prep,
                                    const std::vector<replication_outcome>& outcomes,
                                    const std::string& version);

/// A readable table with ranges.
std::string results_text(const prepared_scenario& prep,
                         const std::vector<replication_outcome>& outcomes);

}  // namespace strikesim::model
