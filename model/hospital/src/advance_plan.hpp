#pragma once
// The advance plan of a struck shift: what a trust cancels ahead of the action, from the
// doctors it expects at its planning percentile (policy.plan_percentile; protected priorities
// at the median), emergency roles first.

#include <map>
#include <memory>
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

struct advance_plan {
  std::vector<int> expected_supply;  // doctors expected at the planning percentile, per pool
  cover_plan plan;
};

/// Emergency roles first, then the sessions booked (`booked`) that the doctors expected at the
/// planning percentile can fill; protected priorities are kept if the median turnout fills them.
advance_plan plan_in_advance(const cover_problem& problem, const std::vector<bool>& booked,
                             const trust& t, const policy& pol, expected_absence& absence);

/// Whether a plan fills every emergency role and every role of the sessions it keeps. Then, by
/// monotonicity, any turnout at least as large keeps them all with every role filled.
bool fills_everything(const cover_problem& p, const cover_plan& plan);

/// `base` planned again with policy `pol` (a replication's draw of its drawn parameters), reusing
/// what does not depend on the policy (the participation's quadrature and, if given, the absence
/// masses of its pool sizes). `pol` must outlive it.
prepared_scenario prepare_again(const prepared_scenario& base, const policy& pol,
                                std::shared_ptr<const absence_mass_table> masses = nullptr);

}  // namespace strikesim::model::detail
