#include "advance_plan.hpp"

#include <algorithm>

#include "strikesim/hospital/turnout.hpp"

namespace strikesim::model::detail {

int expected_absence::operator()(int strikable, double percentile) {
  const auto [it, added] = memo_.try_emplace({strikable, percentile}, 0);
  if (added) {
    if (quadrature_.empty()) quadrature_ = absence_quadrature(*participation_, clustering_);
    // planned_absence is absence_at of the masses: a plan made again for a drawn percentile
    // finds them made (making them again for every plan was 1.5% of a run).
    const auto known = masses_ ? masses_->find(strikable) : absence_mass_table::const_iterator{};
    it->second = masses_ && known != masses_->end()
                     ? absence_at(known->second, quadrature_.size(), percentile)
                     : planned_absence(strikable, quadrature_, percentile);
  }
  return it->second;
}

std::vector<int> expected_supply_at(const cover_problem& problem, double percentile,
                                    expected_absence& absence) {
  std::vector<int> supply = problem.full_supply();
  for (std::size_t i = 0; i < supply.size(); ++i)
    problem.strike(supply, i, absence(problem.pools[i].strikable, percentile));
  return supply;
}

namespace {

bool is_protected(const policy& pol, clinical_priority priority) {
  return std::find(pol.protect.begin(), pol.protect.end(), priority) != pol.protect.end();
}

}  // namespace

std::vector<std::size_t> kept_at_median(const cover_problem& problem,
                                        const std::vector<bool>& booked, const trust& t,
                                        const policy& pol, expected_absence& absence) {
  std::vector<std::size_t> protected_order;
  for (std::size_t k : problem.planning_order()) {
    if (booked[k] && is_protected(pol, t.sessions[problem.sessions[k].session].priority))
      protected_order.push_back(k);
  }
  std::vector<std::size_t> forced;
  if (protected_order.empty()) return forced;
  const cover_plan median =
      plan_cover(problem, expected_supply_at(problem, 0.5, absence), protected_order);
  for (std::size_t k : protected_order) {
    if (median.kept[k]) forced.push_back(k);
  }
  return forced;
}

namespace {

/// The sessions booked, in the order an advance plan takes them.
std::vector<std::size_t> booked_order(const cover_problem& problem,
                                      const std::vector<bool>& booked) {
  std::vector<std::size_t> order;
  for (std::size_t k : problem.planning_order()) {
    if (booked[k]) order.push_back(k);
  }
  std::sort(order.begin(), order.end());
  return order;
}

}  // namespace

advance_plan plan_in_advance(const cover_problem& problem, const std::vector<bool>& booked,
                             const policy& pol, expected_absence& absence,
                             const std::vector<std::size_t>& forced) {
  advance_plan out;
  out.expected_supply = expected_supply_at(problem, pol.plan_percentile, absence);
  out.plan = plan_cover(problem, out.expected_supply, booked_order(problem, booked), forced);
  return out;
}

advance_kept kept_in_advance(const cover_problem& problem, const std::vector<bool>& booked,
                             const policy& pol, expected_absence& absence,
                             const std::vector<std::size_t>& forced) {
  advance_kept out;
  out.expected_supply = expected_supply_at(problem, pol.plan_percentile, absence);
  bool forced_fit = true;
  cover_plan plan = sessions_kept_planned(problem, out.expected_supply,
                                          booked_order(problem, booked), forced, &forced_fit);
  // The other sessions it keeps are filled: each is kept exactly when it fits whole.
  out.in_full = plan.emergency_unfilled == 0 && forced_fit;
  out.kept = std::move(plan.kept);
  return out;
}

bool fills_everything(const cover_problem& p, const cover_plan& plan) {
  if (plan.emergency_unfilled != 0) return false;
  for (std::size_t k = 0; k < p.sessions.size(); ++k) {
    if (!plan.kept[k]) continue;
    const session_slot& s = p.sessions[k];
    for (std::size_t j = s.first_role; j < s.first_role + s.role_count; ++j)
      if (plan.role_filled[j] < p.roles[j].count) return false;
  }
  return true;
}

std::shared_ptr<const shift_instance> struck_shift_plans::booked(
    const struck_shift_key& key) const {
  const std::lock_guard lock(mutex_);
  const auto it = booked_.find(key);
  return it == booked_.end() ? nullptr : it->second;
}

std::shared_ptr<const shift_instance> struck_shift_plans::planned(
    const struck_shift_key& key, const struck_plan_key& plan) const {
  const std::lock_guard lock(mutex_);
  const auto it = planned_.find({key, plan});
  return it == planned_.end() ? nullptr : it->second;
}

std::optional<std::vector<std::size_t>> struck_shift_plans::forced(const struck_shift_key& key,
                                                                   const median_key& median) const {
  const std::lock_guard lock(mutex_);
  const auto it = forced_.find({key, median});
  if (it == forced_.end()) return std::nullopt;
  return it->second;
}

void struck_shift_plans::keep_forced(const struck_shift_key& key, const median_key& median,
                                     const std::vector<std::size_t>& forced) {
  const std::lock_guard lock(mutex_);
  if (!full()) forced_.try_emplace({key, median}, forced);
}

void struck_shift_plans::keep_booked(const struck_shift_key& key, const shift_instance& instance) {
  const std::lock_guard lock(mutex_);
  if (!full()) booked_.try_emplace(key, std::make_shared<const shift_instance>(instance));
}

void struck_shift_plans::keep_planned(const struck_shift_key& key, const struck_plan_key& plan,
                                      const shift_instance& instance) {
  const std::lock_guard lock(mutex_);
  if (!full()) planned_.try_emplace({key, plan}, std::make_shared<const shift_instance>(instance));
}

}  // namespace strikesim::model::detail
