#pragma once
// The advance plan of a struck shift: what a trust cancels ahead of the action, from the
// doctors it expects at its planning percentile (policy.plan_percentile; protected priorities
// at the median), emergency roles first.

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "strikesim/hospital/planner.hpp"
#include "strikesim/hospital/prepared.hpp"
#include "strikesim/hospital/scenario.hpp"

namespace strikesim::model::detail {

/// absence_masses(n, quadrature) by pool size n.
using absence_mass_table = std::map<int, std::vector<double>>;

/// The planner's expected absence by pool size and percentile: the same few values recur in
/// every shift and lead-time variant, and each costs a quadrature, so each is computed once.
class expected_absence {
 public:
  explicit expected_absence(const distribution_spec& participation, double clustering = 0)
      : participation_(&participation), clustering_(clustering) {}
  /// With the participation values of absence_quadrature(participation, clustering) already
  /// computed, and (if not null) absence_masses(n, quadrature) for some pool sizes n.
  expected_absence(const distribution_spec& participation, double clustering,
                   std::vector<double> quadrature,
                   std::shared_ptr<const absence_mass_table> masses = nullptr)
      : participation_(&participation),
        clustering_(clustering),
        quadrature_(std::move(quadrature)),
        masses_(std::move(masses)) {}
  /// Strikers expected among `strikable` doctors at `percentile`.
  int operator()(int strikable, double percentile);

 private:
  const distribution_spec* participation_;
  double clustering_;               // action.clustering
  std::vector<double> quadrature_;  // the participation values, once
  std::shared_ptr<const absence_mass_table> masses_;
  std::map<std::pair<int, double>, int> memo_;
};

/// Every pool's doctors less the strikers expected at `percentile`.
std::vector<int> expected_supply_at(const cover_problem& problem, double percentile,
                                    expected_absence& absence);

struct advance_plan {
  std::vector<int> expected_supply;  // doctors expected at the planning percentile, per pool
  cover_plan plan;
};

/// The sessions booked (`booked`) of protected priorities that the median turnout keeps, in
/// planning order: the advance plan keeps them whatever it expects.
std::vector<std::size_t> kept_at_median(const cover_problem& problem,
                                        const std::vector<bool>& booked, const trust& t,
                                        const policy& pol, expected_absence& absence);

/// Emergency roles first, then the sessions booked (`booked`) that the doctors expected at the
/// planning percentile can fill, after those in `forced` (kept_at_median of the same arguments).
advance_plan plan_in_advance(const cover_problem& problem, const std::vector<bool>& booked,
                             const policy& pol, expected_absence& absence,
                             const std::vector<std::size_t>& forced);

/// What plan_in_advance keeps, without its plan's assignments: the advance plan of a decision
/// lead time other than the policy's, of which only these are read.
struct advance_kept {
  std::vector<int> expected_supply;  // as advance_plan's
  std::vector<bool> kept;            // the plan's sessions kept
  bool in_full = false;              // fills_everything of the plan
};
advance_kept kept_in_advance(const cover_problem& problem, const std::vector<bool>& booked,
                             const policy& pol, expected_absence& absence,
                             const std::vector<std::size_t>& forced);

/// Whether a plan fills every emergency role and every role of the sessions it keeps. Then, by
/// monotonicity, any turnout at least as large keeps them all with every role filled.
bool fills_everything(const cover_problem& p, const cover_plan& plan);

/// What the booked plan of a struck shift is made from beyond the shift itself (which the trust
/// and the instance's place in prepared_trust::instances fix): the decision's act-down share, the
/// policy's strike cover and the doctors resting after the night before.
struct struck_shift_key {
  std::size_t trust = 0, instance = 0;
  double act_down_share = 0;
  double spa_cover = 0;
  bool christmas_day_levels = false;
  /// The trust's sessions that keep their assistant: the planner reads assisted_share only as
  /// round(share x n) of its n sessions with one.
  double assistants_kept = 0;
  std::vector<std::tuple<std::string, grade, int>> resting;  // specialty, grade, headcount
  // Written out, not a defaulted <=>: the web build's standard library (Emscripten's libc++)
  // has no three-way comparison of vectors and strings.
  bool operator<(const struck_shift_key& o) const {
    return std::tie(trust, instance, act_down_share, spa_cover, christmas_day_levels,
                    assistants_kept, resting) < std::tie(o.trust, o.instance, o.act_down_share,
                                                         o.spa_cover, o.christmas_day_levels,
                                                         o.assistants_kept, o.resting);
  }
};

/// What the advance plans of a booked struck shift are made from beyond its problem: the doctors
/// expected at the planning percentile (the median, for protected work, follows from the
/// problem), the protected priorities and every lead time's act-down share.
struct struck_plan_key {
  std::vector<int> expected_supply;
  std::vector<clinical_priority> protect;
  double act_down_share = 0;
  std::vector<double> act_down_factors;
  std::size_t main_factor = 0;
  bool operator<(const struck_plan_key& o) const {  // as struck_shift_key's
    return std::tie(expected_supply, protect, act_down_share, act_down_factors, main_factor) <
           std::tie(o.expected_supply, o.protect, o.act_down_share, o.act_down_factors,
                    o.main_factor);
  }
};

/// What the protected sessions a booked struck shift keeps at the median turnout depend on
/// beyond the shift: the problem's act-down share (that of a lead time) and the priorities.
struct median_key {
  double act_down_share = 0;
  std::vector<clinical_priority> protect;
  bool operator<(const median_key& o) const {  // as struck_shift_key's
    return std::tie(act_down_share, protect) < std::tie(o.act_down_share, o.protect);
  }
};

/// The struck shifts of the plans made again, by what they were planned from. Plans for
/// different draws differ in a few pools' expected strikers, so most of their shifts plan as in
/// some plan before: at 1,000 replications of Kingston's 9-11 March 2016, 12 distinct booked
/// shifts and 80 distinct advance plans among 234 struck shifts planned. Safe from several
/// threads at once; an instance planned by two threads is the same, and the first is kept.
class struck_shift_plans {
 public:
  /// The instance as plan_as_booked left it, if planned before.
  std::shared_ptr<const shift_instance> booked(const struck_shift_key& key) const;
  /// The same after its advance plans (plan_for_the_strike).
  std::shared_ptr<const shift_instance> planned(const struck_shift_key& key,
                                                const struck_plan_key& plan) const;
  /// kept_at_median of the booked shift's problem at an act-down share, if found before (it
  /// does not depend on the planning percentile: each plan of a shift has one for each share).
  std::optional<std::vector<std::size_t>> forced(const struck_shift_key& key,
                                                 const median_key& median) const;
  void keep_forced(const struck_shift_key& key, const median_key& median,
                   const std::vector<std::size_t>& forced);
  void keep_booked(const struck_shift_key& key, const shift_instance& instance);
  void keep_planned(const struck_shift_key& key, const struck_plan_key& plan,
                    const shift_instance& instance);

 private:
  /// At most this many instances are kept (as plan_cache::max_instances_kept, for memory): past
  /// it, shifts are planned as if never seen, which changes the time a run takes, never its
  /// bytes.
  static constexpr std::size_t max_kept = 2'000;
  [[nodiscard]] bool full() const { return booked_.size() + planned_.size() >= max_kept; }
  mutable std::mutex mutex_;
  std::map<struck_shift_key, std::shared_ptr<const shift_instance>> booked_;
  std::map<std::pair<struck_shift_key, struck_plan_key>, std::shared_ptr<const shift_instance>>
      planned_;
  std::map<std::pair<struck_shift_key, median_key>, std::vector<std::size_t>> forced_;
};

/// `base` planned again with policy `pol` (a replication's draw of its drawn parameters), reusing
/// what does not depend on the policy (the participation's quadrature and, if given, the absence
/// masses of its pool sizes and the struck shifts planned before). `pol` must outlive it.
prepared_scenario prepare_again(const prepared_scenario& base, const policy& pol,
                                std::shared_ptr<const absence_mass_table> masses = nullptr,
                                struck_shift_plans* struck = nullptr);

}  // namespace strikesim::model::detail
