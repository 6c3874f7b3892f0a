#pragma once
// The advance plans of the replications that draw their planning parameters: one plan for each
// set of drawn values that plans differently, made once and shared by the replications that draw
// it.

#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "advance_plan.hpp"
#include "strikesim/hospital/prepared.hpp"

namespace strikesim::model::detail {

/// A drawn planning parameter is a real number, but the plan sees it only through whole
/// numbers: the strikers expected in each pool at the planning percentile, the consultants
/// willing to act down in a pool of n (floor of share times factor times n), the consultants
/// whose SPA time is cancelled (n times 2.5/7.5 times spa_cover, rounded), and which lead times
/// share an act-down factor. Those numbers, for every n the scenario can have, are the key: two
/// draws with the same key plan exactly alike, so the plan made for the first serves both (and
/// which replication made it does not matter: the bytes do not depend on the thread count).
class plan_cache {
 public:
  /// For the replications of `base` (prepared with the central values), and `struck`, the
  /// struck shifts planned so far (those of `base`).
  plan_cache(const prepared_scenario& base, std::unique_ptr<struck_shift_plans> struck);
  /// The scenario planned with `pol`: from the cache, or planned now and kept.
  std::shared_ptr<const prepared_scenario> plan_for(const prepared_scenario& base,
                                                    const policy& pol);
  /// Plans made so far (for tests and the benchmark).
  [[nodiscard]] std::size_t size() const;
  /// What a plan made with `pol` is told apart by: equal keys, equal plans.
  [[nodiscard]] std::vector<int> key_of(const policy& pol) const;
  /// How many plans the cache keeps at most (see max_instances_kept).
  [[nodiscard]] std::size_t plans_kept_at_most() const { return most_plans_; }

 private:
  struct entry {
    policy pol;  // what the plan refers to
    prepared_scenario prep;
  };

  /// At most this many shift instances are kept over all plans: past it, a plan made is used and
  /// dropped, which changes the time a run takes, never its bytes. (A plan of the England
  /// composite holds about 3,400 instances, so none is kept: 200 of them ran the backtest out of
  /// memory. With 20,000 Kingston's shipped draws for 9-11 March 2016 kept about 800 plans and
  /// 1.4 GB.)
  static constexpr std::size_t max_instances_kept = 2'000;
  std::size_t instances_kept_ = 0;
  std::size_t most_plans_ = 0;  // max_instances_kept over the instances of one plan
  std::shared_ptr<const absence_mass_table> masses_;  // of every strikable pool size
  std::size_t points_ = 0;                            // of the participation's quadrature
  int most_ = 0;                                      // no pool holds more doctors
  std::vector<int> assisted_;                   // how many sessions with an assistant, per trust
  std::unique_ptr<struck_shift_plans> struck_;  // shared by the plans made
  mutable std::mutex mutex_;
  std::map<std::vector<int>, std::shared_ptr<const entry>> plans_;
};

}  // namespace strikesim::model::detail
