#pragma once
/// Replications in parallel, and their summary: every figure a distribution over replications.
/// What the writers (strikesim/reports) show; nothing here writes text.

#include <array>
#include <atomic>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "strikesim/analysis/in_order.hpp"
#include "strikesim/analysis/metrics.hpp"
#include "strikesim/hospital/simulate.hpp"
#include "strikesim/sim/stats.hpp"

namespace strikesim::model {

/// mean, sd, p05, p50, p95 and the 95% confidence interval of the mean (Student t), and the
/// smallest and largest values (the writers show one when the mean lies outside p05-p95; the
/// JSON document does not carry them).
struct stat {
  double mean = 0, sd = 0, p05 = 0, p50 = 0, p95 = 0, ci_low = 0, ci_high = 0;
  double min = 0, max = 0;
};

/// How a figure's spread over replications can be shown without misleading.
enum class spread_shape {
  none,        // the same in every outcome (sd 0 and p05 == p95): one number, no range
  within,      // the mean lies within p05-p95: the mean and the range
  mean_above,  // rare large outcomes lift the mean above p95: the range and the max too
  mean_below   // rare small outcomes pull the mean below p05: the range and the min too
};
/// The shape of `s` (a mean beyond p05 or p95 by more than rounding of the sum counts).
spread_shape shape_of(const stat& s);
/// All zero for an empty distribution; sd 0 for one observation.
stat summarise(const sim::streaming_sample& values);
/// The same, with the confidence interval clipped to [low, high], the values the quantity can
/// take (a count's interval, mean minus t times the standard error, can reach below 0).
stat summarise_within(const sim::streaming_sample& values, double low,
                      double high = std::numeric_limits<double>::infinity());
/// Headline figure `m`'s summary: its confidence interval within its value range.
stat summarise(const metric& m, const sim::streaming_sample& values);

using headline_values = std::array<double, hf_count>;
inline constexpr std::size_t all_trusts = std::numeric_limits<std::size_t>::max();
/// The headline figures of one replication for trust `index`, or for all trusts together
/// (`all_trusts`: counts summed, shares pooled within the replication).
headline_values replication_headlines(const replication_outcome& r, std::size_t index);

/// A row of the decision table: the day as a decision at one lead time would have made it.
struct lead_figures {
  sim::streaming_sample operations, slots, unnecessary, unfilled_role_hours;
  static constexpr std::uint64_t count = 4;  // distributions above
};

/// The figures of one trust, or of all trusts together, each a distribution over replications.
struct figure_series {
  std::array<sim::streaming_sample, hf_count> headline;
  double ops_planned = 0, slots_planned = 0;
  // The decision and recovery.
  sim::streaming_sample ops_unnecessary, slots_unnecessary;
  std::uint64_t called_off = 0;                // replications in which the action was called off
  std::vector<lead_figures> by_lead;           // per policy lead time
  sim::streaming_sample backlog_days_cleared;  // over the replications whose backlog clears
  std::uint64_t never_cleared = 0;             // replications whose backlog does not clear
  sim::streaming_sample displaced, peak_ops, peak_slots;
  std::vector<sim::streaming_sample> backlog_ops, backlog_slots;  // by day (empty if not kept)
  /// Distributions of a series with `leads` lead times and `backlog_days` days of backlog kept:
  /// the headline, the six single ones above, the decision table and the backlog by day.
  static constexpr std::uint64_t figures(std::uint64_t leads, std::uint64_t backlog_days) {
    return hf_count + 6 + lead_figures::count * leads + 2 * backlog_days;
  }
};

/// One specialty's figures.
struct specialty_figures {
  sim::streaming_sample ops_cancelled_advance, ops_cancelled_day, slots_cancelled,
      unfilled_role_hours;
  static constexpr std::uint64_t count = 4;
};

/// One emergency service's figures over the report period.
struct service_figures {
  sim::streaming_sample unfilled_role_hours, served, mean_wait_minutes, mean_queue;
  static constexpr std::uint64_t count = 4;
  /// Each report hour: the doctors at work less those the roles need, and the role hours left
  /// empty (trust_outcome::service_margin_by_hour; empty when the outcomes do not keep them).
  std::vector<sim::streaming_sample> margin_by_hour, unfilled_by_hour;
};

/// Per trust, beyond its figure_series: what the JSON lists by specialty, service, hour and
/// session.
struct trust_figures {
  figure_series series;
  std::vector<specialty_figures> by_specialty;            // trust.specialties order
  std::vector<service_figures> services;                  // trust.services order
  std::vector<sim::streaming_sample> ed_waiting_by_hour;  // each report hour
  /// Per prepared_trust::reported_sessions entry: replications in which it was cancelled on
  /// the day.
  std::vector<std::uint64_t> cancelled_on_day;
  /// Distributions of a trust beyond its series.
  static constexpr std::uint64_t figures(std::uint64_t specialties, std::uint64_t services,
                                         std::uint64_t report_hours) {
    return specialty_figures::count * specialties + service_figures::count * services +
           report_hours;
  }
};

/// Every figure the results report, folded in one replication at a time. Its memory depends on
/// the scenario (the number of figures, each a sim::streaming_sample of bounded size), not on the
/// number of replications. Refers to `prep`, which must outlive it.
class outcome_summary {
 public:
  explicit outcome_summary(const prepared_scenario& prep);
  /// Folds in one replication. Sums depend on the order of the calls: give replications in the
  /// order of their index for results that do not depend on the thread count.
  void add(const replication_outcome& r);

  [[nodiscard]] const prepared_scenario& prep() const { return *prep_; }
  [[nodiscard]] std::uint64_t replications() const { return replications_; }
  [[nodiscard]] const sim::streaming_sample& participation() const { return participation_; }
  [[nodiscard]] const trust_figures& trust(std::size_t index) const { return trusts_[index]; }
  /// For the regression of the figures on the drawn parameters: each replication's drawn values
  /// (one column a parameter of policy::drawn) and the total's headline figures (one column a
  /// figure). Empty when no replication drew. These grow with the replications (a few numbers
  /// each), unlike the rest of the summary.
  [[nodiscard]] const std::vector<std::vector<double>>& drawn_inputs() const { return drawn_in_; }
  [[nodiscard]] const std::array<std::vector<double>, hf_count>& drawn_responses() const {
    return drawn_out_;
  }
  /// Trust `index`'s series, or the total's (`all_trusts`).
  [[nodiscard]] const figure_series& series(std::size_t index) const {
    return index == all_trusts ? (total_is_trust_ ? trusts_.front().series : total_)
                               : trusts_[index].series;
  }

 private:
  const prepared_scenario* prep_;
  std::uint64_t replications_ = 0;
  sim::streaming_sample participation_;
  std::vector<trust_figures> trusts_;
  figure_series total_;
  /// A run of one trust: its series is the total's (figures_of sums one part alike), as long as
  /// every replication's backlog by day for all trusts is the trust's to the bit; total_ is then
  /// not folded (it takes a copy of the trust's series at the first replication that is not).
  bool total_is_trust_ = false;
  std::vector<std::vector<double>> drawn_in_;
  std::array<std::vector<double>, hf_count> drawn_out_;
};

/// Simulates replications 0..n-1 of `prep` on `threads` threads and hands each outcome to
/// `use(replication_outcome&&)` in replication order, one call at a time (detail::in_order: at
/// most a few outcomes a thread exist at once). `done`, if given, counts finished replications.
template <class Use>
void replicate_in_order(const prepared_scenario& prep, int replications, int threads,
                        std::atomic<std::int64_t>* done, Use&& use) {
  detail::in_order<replication_outcome>(
      replications, threads,
      [&](int r) {
        replication_outcome o = simulate_replication(prep, static_cast<std::uint64_t>(r));
        if (done != nullptr) done->fetch_add(1, std::memory_order_relaxed);
        return o;
      },
      std::forward<Use>(use));
}

/// Runs replications 0..n-1 on `threads` threads and folds each into the summary in replication
/// order, through a window of 4 outcomes a thread (a thread that gets that far ahead of the
/// oldest unfinished replication waits), so that only O(threads) outcomes exist at once.
/// Replication r always draws the same numbers and the fold order is fixed, so the result does
/// not depend on the thread count. `done`, if given, counts finished replications (for a progress
/// bar). The first exception of a replication stops the others and is rethrown.
outcome_summary run_replications(const prepared_scenario& prep, int replications, int threads,
                                 std::atomic<std::int64_t>* done = nullptr);

/// The same replications with every drawn parameter at its central value: the range of chance
/// alone, beside the full run's. Only its headline figures are meant to be read: it leaves out
/// the decision table's other lead times (most of a replication's replans; they draw nothing).
/// Sets `prep.draw_parameters` and `prep.other_lead_times` off.
outcome_summary run_chance_only(prepared_scenario& prep, int replications, int threads,
                                std::atomic<std::int64_t>* done = nullptr);

/// Every outcome of replications 0..n-1, in order. Memory grows with the number of replications:
/// for tests that look inside single replications; the program itself uses run_replications.
std::vector<replication_outcome> run_replications_keeping_all(const prepared_scenario& prep,
                                                              int replications, int threads);

}  // namespace strikesim::model
