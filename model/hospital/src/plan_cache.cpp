#include "plan_cache.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "advance_plan.hpp"
#include "strikesim/hospital/turnout.hpp"

namespace strikesim::model::detail {

plan_cache::plan_cache(const prepared_scenario& base, std::unique_ptr<struck_shift_plans> struck)
    : struck_(std::move(struck)) {
  std::set<int> sizes{0};
  std::size_t instances = 0;
  for (const prepared_trust& t : base.trusts)
    instances += t.instances.size();
  most_plans_ = instances > 0 ? max_instances_kept / instances : 0;
  for (const prepared_trust& t : base.trusts) {
    // Acting down is capped in the consultants' pools (flow_network: those not on call). Their
    // doctors present never exceed the pool's rostered headcount (those of a pool of consultants
    // in from SPA time, a third of their rostered row's), so the key needs no larger n.
    for (const shift_instance& instance : t.instances) {
      for (const staff_pool& pool : instance.problem.pools) {
        if (pool.level == grade::consultant && !pool.on_call)
          most_ = std::max(most_, pool.rostered);
        if (instance.struck) sizes.insert(pool.strikable);
      }
    }
  }
  std::set<int> assisted;
  for (const trust& t : base.source->trusts)
    if (const std::size_t n = sessions_with_assistant(t); n > 0)
      assisted.insert(static_cast<int>(n));
  assisted_.assign(assisted.begin(), assisted.end());
  sizes.erase(0);  // nobody expected to strike among none, whatever the percentile
  points_ = base.quadrature->size();
  auto masses = std::make_shared<absence_mass_table>();
  for (const int n : sizes)
    masses->emplace(n, absence_masses(n, *base.quadrature));
  masses_ = std::move(masses);
}

std::vector<int> plan_cache::key_of(const policy& pol) const {
  // The act-down factors as prepare makes them (plan_the_run): exact equality merges lead times.
  std::vector<double> factors;
  const auto factor_index = [&](double lead) {
    const double factor = std::min(1.0, lead / pol.rota_notice_days);
    const auto it = std::find(factors.begin(), factors.end(), factor);
    if (it != factors.end()) return static_cast<int>(it - factors.begin());
    factors.push_back(factor);
    return static_cast<int>(factors.size() - 1);
  };
  std::vector<int> key;
  key.push_back(factor_index(pol.decision_days));
  for (const double lead : pol.lead_times)
    key.push_back(factor_index(lead));
  // Willing to act down in a pool of n present (flow_network: floor(share * n + 1e-9)).
  for (const double factor : factors) {
    const double share = pol.act_down_share * factor;
    for (int n = 0; n <= most_; ++n)
      key.push_back(static_cast<int>(std::floor(share * static_cast<double>(n) + 1e-9)));
  }
  // Consultants in from SPA time among n rostered (planner: lround(n * ratio * spa_cover)).
  key.push_back(pol.spa_cover > 0 ? 1 : 0);
  for (int n = 0; n <= most_; ++n)
    key.push_back(static_cast<int>(
        std::lround(static_cast<double>(n) * consultant_spa_ratio * pol.spa_cover)));
  // Sessions that keep their assistant among a trust's n (planner: round(share x n)).
  for (const int n : assisted_)
    key.push_back(static_cast<int>(std::round(pol.assisted_share * static_cast<double>(n))));
  // Strikers expected among n at the planning percentile (the median for protected work is
  // not drawn).
  for (const auto& [n, mass] : *masses_)
    key.push_back(absence_at(mass, points_, pol.plan_percentile));
  return key;
}

std::shared_ptr<const prepared_scenario> plan_cache::plan_for(const prepared_scenario& base,
                                                              const policy& pol) {
  std::vector<int> key = key_of(pol);
  {
    const std::lock_guard lock(mutex_);
    const auto it = plans_.find(key);
    if (it != plans_.end()) return {it->second, &it->second->prep};
  }
  // Planned outside the lock; if another thread planned the same key meanwhile, its plan is the
  // same and the first kept serves.
  auto made = std::make_shared<entry>();
  made->pol = pol;
  made->prep = prepare_again(base, made->pol, masses_, struck_.get());
  std::size_t instances = 0;
  for (const prepared_trust& t : made->prep.trusts)
    instances += t.instances.size();
  const std::lock_guard lock(mutex_);
  if (instances_kept_ + instances > max_instances_kept) {
    const auto it = plans_.find(key);
    if (it != plans_.end()) return {it->second, &it->second->prep};
    return {made, &made->prep};  // not kept: memory
  }
  const auto [it, added] = plans_.try_emplace(std::move(key), std::move(made));
  if (added) instances_kept_ += instances;
  return {it->second, &it->second->prep};
}

std::size_t plan_cache::size() const {
  const std::lock_guard lock(mutex_);
  return plans_.size();
}

}  // namespace strikesim::model::detail
