#pragma once
/// The backtest's runs: the planned-care figures of a scenario (operations and outpatient slots
/// cancelled, both together, planned care maintained), for all its trusts together and for a few
/// named ones, each a distribution over replications. `strikesim backtest` sets them beside the
/// historical record (files/record.hpp; reports/backtest_report.hpp compares and writes).
///
///     model::prepared_scenario prep = model::prepare(sc);
///     prep.emergency_care = false;                    // the figures are the same, much faster
///     prep.other_lead_times = false;
///     const model::planned_care_run run = model::run_planned_care(prep, {"croydon"}, 200, 2);

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "strikesim/analysis/summary.hpp"
#include "strikesim/hospital/prepared.hpp"
#include "strikesim/hospital/record.hpp"
#include "strikesim/sim/stats.hpp"

namespace strikesim::model {

/// The measure's value in one replication, from the headline figures of that replication (the
/// one table of metrics.hpp says how each is made).
double planned_care_value(planned_care_measure m, const headline_values& h);

/// One trust's, or all trusts', planned-care figures over the replications.
struct planned_care_figures {
  std::array<sim::streaming_sample, planned_care_measures> values;
  double planned_operations = 0, planned_slots = 0;  // the same in every replication
  /// Measure `m` summarised (confidence interval clipped to the values it can take).
  [[nodiscard]] stat summary(planned_care_measure m) const;
};

struct planned_care_run {
  std::uint64_t replications = 0;
  planned_care_figures total;
  std::vector<std::string> trust_ids;        // as asked
  std::vector<planned_care_figures> trusts;  // in the order of trust_ids
};

/// Runs replications 0..n-1 of `prep` on `threads` threads (in order: the figures do not depend
/// on the thread count) and folds only the planned-care figures of the total and of the trusts
/// `trust_ids` (each must be a trust of the scenario: scenario_error otherwise). Turn
/// `prep.emergency_care` and `prep.other_lead_times` off first: the figures are the same either
/// way, several times faster. `done` counts finished replications.
planned_care_run run_planned_care(const prepared_scenario& prep,
                                  const std::vector<std::string>& trust_ids, int replications,
                                  int threads, std::atomic<std::int64_t>* done = nullptr);

/// A scenario the backtest runs, read only when its turn comes (so that at most one scenario a
/// thread is in memory: England's plans take about 70 MB each).
struct backtest_job {
  std::function<std::unique_ptr<scenario>()> read;  // reads (and checks) the scenario
  std::vector<std::string> trust_ids;               // trusts wanted beside the total
};

/// Runs every job with `replications` replications: as many jobs at once as there are threads,
/// one thread each, when there are at least as many jobs as threads, else one job at a time on
/// every thread. Each job is prepared with emergency care and the other lead times off. The
/// figures, in the order of `jobs`, do not depend on the thread count. `done` counts finished
/// replications of all jobs.
std::vector<planned_care_run> run_backtest(const std::vector<backtest_job>& jobs, int replications,
                                           int threads, std::atomic<std::int64_t>* done = nullptr);

}  // namespace strikesim::model
