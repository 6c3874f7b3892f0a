#pragma once
/// Replications in parallel, and their summary: every figure a distribution over replications.

#include <atomic>
#include <cstdint>
#include <limits>
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
/// {"mean", "sd", "p05", "p50", "p95", "ci95": [lo, hi]}
nlohmann::ordered_json stat_to_json(const stat& s);

/// Runs replications 0..n-1 on `threads` threads. Replication r always draws the same numbers, so
/// the result does not depend on the thread count. `done`, if given, counts finished replications
/// (for a progress bar).
std::vector<replication_outcome> run_replications(const prepared_scenario& prep, int replications,
                                                  int threads,
                                                  std::atomic<std::int64_t>* done = nullptr);

/// One headline figure, as its value in each replication.
struct headline {
  const char* key;    // as in the JSON: "elective_operations.cancelled_in_advance"
  const char* label;  // as in the text report: "operations cancelled in advance"
  std::vector<double> values;
};
inline constexpr std::size_t all_trusts = std::numeric_limits<std::size_t>::max();
/// The headline figures of trust `index`, or of all trusts together (`all_trusts`: counts summed,
/// shares pooled within each replication), in a fixed order.
std::vector<headline> headline_metrics(const prepared_scenario& prep,
                                       const std::vector<replication_outcome>& outcomes,
                                       std::size_t index);

/// A `strikesim.result/1` document in tidy long form: one row per trust (or "total"), specialty
/// ("all" for the whole trust), metric and statistic.
std::string results_csv(const nlohmann::ordered_json& result);

/// A field for a CSV file (RFC 4180): quoted when it holds a comma, a quote or a line break.
std::string csv_field(std::string_view text);
/// A number as CSV and JSON write it: the shortest text that reads back as the same double.
std::string number_text(double x);

/// The `strikesim.result/1` document.
nlohmann::ordered_json results_json(const prepared_scenario& prep,
                                    const std::vector<replication_outcome>& outcomes,
                                    const std::string& version);

/// A readable table with ranges.
std::string results_text(const prepared_scenario& prep,
                         const std::vector<replication_outcome>& outcomes);

}  // namespace strikesim::model
