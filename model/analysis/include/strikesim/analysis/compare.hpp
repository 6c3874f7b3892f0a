#pragma once
/// Scenarios compared under common random numbers: replication r of every scenario uses the same
/// seed and the same per-trust random streams, so the difference of a figure is taken replication
/// by replication and has a much narrower confidence interval than the two figures apart.
///
///     const std::vector<model::compared> all{{&prep_a, "a.toml"}, {&prep_b, "b.toml"}};
///     const model::comparison c = model::run_comparison(all, replications, threads);
///     std::cout << model::compare_text(model::make_compare_result(c, version));   // reports

#include <array>
#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "strikesim/analysis/summary.hpp"

namespace strikesim::model {

struct compared {
  const prepared_scenario* prep = nullptr;
  std::string file;  // as the user named it
  /// What the command line changed for this scenario (`--action N=FILE`, `--set N:PATH=VALUE`):
  /// the action and policy files as given, and the overrides in order.
  std::string action_file, policy_file;
  std::vector<std::string> overrides;
};

/// Each headline figure of the reference, of another scenario and of their difference, each a
/// distribution over replications.
struct compared_figure {
  sim::streaming_sample reference, scenario, difference;
  /// The same with every drawn parameter at its central value (the same replications): chance
  /// alone. Empty when no scenario draws a parameter with spread.
  sim::streaming_sample reference_chance, scenario_chance, difference_chance;
};
using compared_figures = std::array<compared_figure, hf_count>;

/// Every scenario after the first against the first, for the total and for each trust (by id)
/// that both contain, folded in one replication at a time: memory does not grow with the number
/// of replications. Refers to the prepared scenarios, which must outlive it.
class comparison {
 public:
  /// Two scenarios or more (std::invalid_argument otherwise).
  explicit comparison(std::span<const compared> scenarios);
  /// Folds in replication r of every scenario (`outcomes[k]` of scenario k), r in order.
  void add(std::span<const replication_outcome> outcomes);
  /// Folds in replication r of every scenario run with every drawn parameter at its central value
  /// (after add() of the same r).
  void add_chance(std::span<const replication_outcome> outcomes);
  /// Whether the chance-only figures were folded in (a scenario draws a parameter with spread).
  [[nodiscard]] bool has_chance() const { return has_chance_; }

  [[nodiscard]] const std::vector<compared>& scenarios() const { return scenarios_; }
  [[nodiscard]] std::uint64_t replications() const { return replications_; }
  /// Scenario k (from 1) against the reference: the total, and the trusts both contain as
  /// (reference index, scenario index) pairs with their figures.
  struct against {
    compared_figures total;
    std::vector<std::pair<std::size_t, std::size_t>> trusts;
    std::vector<compared_figures> by_trust;
  };
  [[nodiscard]] const against& versus(std::size_t k) const { return against_[k - 1]; }

 private:
  /// Folds replication r of every scenario into every comparison: as drawn, or (`chance`) the
  /// chance-only run.
  void fold(std::span<const replication_outcome> outcomes, bool chance);

  std::vector<compared> scenarios_;
  std::uint64_t replications_ = 0;
  bool has_chance_ = false;
  std::vector<against> against_;
};

/// Simulates replication r of every scenario for r = 0..n-1 on `threads` threads and folds them
/// in replication order (as run_replications: the result does not depend on the thread count).
/// When a scenario draws a parameter with spread, each replication runs again with every drawn
/// parameter at its central value (the range of chance alone, as `strikesim run` gives it).
/// `done`, if given, counts each scenario's replications as they finish.
comparison run_comparison(std::span<const compared> scenarios, int replications, int threads,
                          std::atomic<std::int64_t>* done = nullptr);

}  // namespace strikesim::model
