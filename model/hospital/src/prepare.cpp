#include <algorithm>
#include <cmath>
#include <iterator>
#include <memory>
#include <optional>

#include "advance_plan.hpp"
#include "common.hpp"
#include "plan_cache.hpp"
#include "strikesim/hospital/prepared.hpp"
#include "strikesim/hospital/turnout.hpp"

namespace strikesim::model {

namespace {

using detail::expected_absence;

/// The share of willing consultants that a decision `lead` days ahead can re-roster, as an index
/// into prep.act_down_factors (added if new).
std::size_t act_down_factor(prepared_scenario& prep, double lead) {
  const double factor = std::min(1.0, lead / prep.plan->rota_notice_days);
  auto& factors = prep.act_down_factors;
  const auto it = std::find(factors.begin(), factors.end(), factor);
  if (it != factors.end()) return static_cast<std::size_t>(it - factors.begin());
  factors.push_back(factor);
  return factors.size() - 1;
}

/// The run's calendar and the decision's act-down factors, before any trust is planned.
prepared_scenario plan_the_run(const scenario& s, const policy& pol) {
  prepared_scenario prep;
  prep.source = &s;
  prep.plan = &pol;
  const run_shape shape = shape_of_run(s);
  prep.run_end = s.horizon + one_day;
  prep.report_hours = shape.report_hours;
  prep.first_start = s.windows.front().start;
  prep.first_report_day = shape.first_report_day;
  prep.last_action_day = shape.last_action_day;
  prep.recovery_days = shape.recovery_days;
  prep.per_trust_backlog = shape.per_trust_backlog;
  prep.main_factor = act_down_factor(prep, pol.decision_days);
  for (const double lead : pol.lead_times)
    prep.lead_factor.push_back(act_down_factor(prep, lead));
  return prep;
}

/// Shift `shift` of `t` starting on scenario day `day`, if it runs that day within the run.
std::optional<shift_instance> place_shift(const prepared_scenario& prep, const trust& t,
                                          std::size_t shift, int day) {
  const scenario& s = *prep.source;
  const shift_def& def = t.shifts[shift];
  const int weekday = weekday_of_day(s, day);
  if (!def.applies_on(weekday)) return std::nullopt;
  shift_instance instance;
  instance.shift = shift;
  instance.day = day;
  instance.weekday = weekday;
  instance.start = instant{day * day_minutes + def.start_minute};
  instance.end = instance.start + minutes{static_cast<double>(def.length_minutes())};
  if (instance.end <= instant::start() || instance.start >= prep.run_end) return std::nullopt;
  instance.struck = time_in_action(s, instance.start, instance.end) > minutes{0};
  instance.reported = instance.start >= s.report_start && instance.start < s.horizon;
  return instance;
}

/// Whether the action can take anyone away (a baseline with no participation changes nothing:
/// nobody on call comes in for it).
bool strikes_anyone(const scenario& s) {
  return s.action.participation.expected_value() > 0 &&
         std::any_of(s.windows.begin(), s.windows.end(),
                     [](const window& w) { return !w.grades.empty(); });
}

/// The on-call doctors the advance plan of a struck night (a shift past midnight) that ends as
/// `instance` starts calls in, and whose row says they are rostered on `instance`'s shift: they
/// rest through it, as the Working Time Regulations' 11 hours of daily rest require.
struck_shift rest_after_night(const trust& t, const std::vector<shift_instance>& placed,
                              const shift_instance& instance) {
  struck_shift out;
  for (auto it = placed.rbegin(); it != placed.rend() && it->end + one_day > instance.start; ++it) {
    const shift_instance& night = *it;
    const shift_def& def = t.shifts[night.shift];
    if (!night.struck || night.end != instance.start || def.end_minute > def.start_minute) continue;
    const cover_problem& p = night.problem;
    for (const assignment& a : night.advance_plan.assignments) {
      const staff_pool& pool = p.pools[a.pool];
      if (pool.on_call && a.doctors > 0 && pool.rests_from == t.shifts[instance.shift].id)
        out.resting.push_back({.specialty = pool.specialty,
                               .level = pool.level,
                               .shift = t.shifts[instance.shift].id,
                               .headcount = a.doctors,
                               .locum = false,
                               .where = {},
                               .rests_from = {}});
    }
  }
  return out;
}

/// The cover problem of a shift as a decision that re-rosters `factor` of the willing
/// consultants sees it. Grades that no window the shift meets calls out cannot strike.
cover_problem shift_problem(const prepared_scenario& prep, const trust& t,
                            const shift_instance& instance, double factor) {
  const scenario& s = *prep.source;
  const policy& pol = *prep.plan;
  const std::vector<grade> striking = grades_striking(s, instance.start, instance.end);
  struck_shift struck = instance.after_night;
  struck.christmas_day_levels = pol.walkout_christmas_day_levels;
  struck.spa_cover = pol.spa_cover;
  struck.assisted_share = pol.assisted_share;
  std::copy_if(striking.begin(), striking.end(), std::back_inserter(struck.striking_seniors),
               [](grade g) { return !is_junior(g); });
  cover_problem p = build_cover_problem(t, instance.shift, instance.weekday, s.action.kind,
                                        pol.act_down_share * factor,
                                        instance.struck && strikes_anyone(s) ? &struck : nullptr);
  for (staff_pool& pool : p.pools) {
    if (std::find(striking.begin(), striking.end(), pool.level) == striking.end())
      pool.strikable = 0;
  }
  p.prepare_network();
  return p;
}

/// Each front door's target: the doctors its service has on an ordinary day.
void set_front_door_targets(cover_problem& p, const std::vector<int>& ordinary) {
  for (front_door& door : p.front_doors)
    door.target = ordinary[door.service];
}

/// What was booked: the plan with everyone at work.
void plan_as_booked(const prepared_scenario& prep, const trust& t, shift_instance& instance) {
  instance.problem = shift_problem(prep, t, instance, prep.act_down_factors[prep.main_factor]);
  const cover_plan booked = plan_cover(instance.problem, instance.problem.ordinary_supply(),
                                       instance.problem.planning_order());
  instance.baseline = booked.kept;
  instance.advance_plan = booked;
  instance.baseline_capacity = detail::service_capacity(t, instance.problem, booked);
  set_front_door_targets(instance.problem, instance.baseline_capacity);
  instance.advance = instance.baseline;
  instance.advance_reason.assign(instance.problem.sessions.size(), session_status_reason::none);
}

/// Where a plan made again finds what an earlier plan of the same booked struck shift (`shift`)
/// found at the median turnout; both null for a plan made without such a store.
struct median_store {
  detail::struck_shift_plans* plans = nullptr;
  const detail::struck_shift_key* shift = nullptr;
};

/// The protected sessions `instance`'s booked problem at some act-down share (`problem`) keeps
/// at the median turnout (detail::kept_at_median), found in `store` if planned before.
std::vector<std::size_t> forced_sessions(const prepared_scenario& prep, const trust& t,
                                         const shift_instance& instance,
                                         const cover_problem& problem, expected_absence& absence,
                                         median_store store) {
  if (store.plans == nullptr)
    return detail::kept_at_median(problem, instance.baseline, t, *prep.plan, absence);
  const detail::median_key median{problem.act_down_share, prep.plan->protect};
  if (std::optional<std::vector<std::size_t>> known = store.plans->forced(*store.shift, median))
    return *std::move(known);
  std::vector<std::size_t> forced =
      detail::kept_at_median(problem, instance.baseline, t, *prep.plan, absence);
  store.plans->keep_forced(*store.shift, median, forced);
  return forced;
}

/// The advance plan at every act-down factor a decision lead time gives.
std::shared_ptr<const std::vector<shift_instance::lead_variant>> plan_lead_variants(
    const prepared_scenario& prep, const trust& t, const shift_instance& instance,
    expected_absence& absence, median_store store) {
  auto variants = std::make_shared<std::vector<shift_instance::lead_variant>>();
  for (std::size_t v = 0; v < prep.act_down_factors.size(); ++v) {
    if (v == prep.main_factor) {
      variants->push_back({instance.problem.act_down_share, instance.advance,
                           instance.planned_supply,
                           detail::fills_everything(instance.problem, instance.advance_plan)});
      continue;
    }
    // The problem differs from the decision's in its act-down share alone (shift_problem: the
    // factor enters nowhere else; the networks' shapes and the front doors' targets do not
    // depend on it), so it is copied, not built again: building it was most of a new plan.
    cover_problem p = instance.problem;
    p.act_down_share = prep.plan->act_down_share * prep.act_down_factors[v];
    detail::advance_kept ahead =
        detail::kept_in_advance(p, instance.baseline, *prep.plan, absence,
                                forced_sessions(prep, t, instance, p, absence, store));
    // Only the share is kept: a copy of the problem for each lead time, in every plan made
    // again for a draw, was most of the memory of a run with drawn parameters.
    variants->push_back(
        {p.act_down_share, std::move(ahead.kept), std::move(ahead.expected_supply), ahead.in_full});
  }
  return variants;
}

/// What the trust cancels ahead of the action on a struck shift, and why.
void plan_for_the_strike(const prepared_scenario& prep, const trust& t, shift_instance& instance,
                         expected_absence& absence, median_store store = {}) {
  detail::advance_plan ahead =
      detail::plan_in_advance(instance.problem, instance.baseline, *prep.plan, absence,
                              forced_sessions(prep, t, instance, instance.problem, absence, store));
  instance.planned_supply = std::move(ahead.expected_supply);
  instance.advance_plan = std::move(ahead.plan);
  instance.advance = instance.advance_plan.kept;
  for (std::size_t k = 0; k < instance.advance.size(); ++k) {
    if (instance.baseline[k] && !instance.advance[k])
      instance.advance_reason[k] = session_status_reason::short_of_expected_doctors;
  }
  instance.lead_variants = plan_lead_variants(prep, t, instance, absence, store);
}

/// plan_as_booked and plan_for_the_strike of a struck shift of a plan made again (instance
/// `index` of the trust at `trust_index`), or a copy of what they made for an earlier plan from
/// the same inputs (`plans`): plans for different draws mostly differ in a few shifts.
void plan_struck_shift(const prepared_scenario& prep, const trust& t, std::size_t trust_index,
                       shift_instance& instance, expected_absence& absence,
                       detail::struck_shift_plans& plans, std::size_t index) {
  const policy& pol = *prep.plan;
  detail::struck_shift_key key{
      .trust = trust_index,
      .instance = index,
      .act_down_share = pol.act_down_share * prep.act_down_factors[prep.main_factor],
      .spa_cover = pol.spa_cover,
      .christmas_day_levels = pol.walkout_christmas_day_levels,
      .assistants_kept =
          std::round(pol.assisted_share * static_cast<double>(sessions_with_assistant(t))),
      .resting = {}};
  for (const staff_group& g : instance.after_night.resting)
    key.resting.emplace_back(g.specialty, g.level, g.headcount);
  const std::shared_ptr<const shift_instance> booked = plans.booked(key);
  if (booked == nullptr) {
    plan_as_booked(prep, t, instance);
    plans.keep_booked(key, instance);
  }
  const cover_problem& problem = booked != nullptr ? booked->problem : instance.problem;
  const detail::struck_plan_key plan{
      .expected_supply = detail::expected_supply_at(problem, pol.plan_percentile, absence),
      .protect = pol.protect,
      .act_down_share = pol.act_down_share,
      .act_down_factors = prep.act_down_factors,
      .main_factor = prep.main_factor};
  if (const auto planned = plans.planned(key, plan)) {
    instance = *planned;
    return;
  }
  if (booked != nullptr) instance = *booked;
  plan_for_the_strike(prep, t, instance, absence, {&plans, &key});
  plans.keep_planned(key, plan, instance);
}

/// Planned work is the work of the shifts the action touches: the sessions it puts at risk (a
/// 24-hour action from 08:00 reports two days of emergency care, one of sessions).
void count_planned_work(const trust& t, shift_instance& instance, prepared_trust& prepared) {
  for (std::size_t k = 0; k < instance.problem.sessions.size(); ++k) {
    if (!instance.baseline[k] && instance.reported)
      instance.advance_reason[k] = session_status_reason::never_staffed;  // not counted as planned
    if (!instance.reports_sessions() || !instance.baseline[k]) continue;
    const session& se = t.sessions[instance.problem.sessions[k].session];
    const std::size_t sp = detail::specialty_index(t, se.specialty);
    if (se.kind == session_kind::theatre_list) {
      prepared.planned_operations += se.operations;
      prepared.planned_operations_by_specialty[sp] += se.operations;
    } else {
      prepared.planned_slots += se.slots;
      prepared.planned_slots_by_specialty[sp] += se.slots;
    }
  }
}

/// The sessions the results list, indexed once: every session of a struck shift in the report
/// period, in instance and session order.
void index_reported_sessions(shift_instance& instance, prepared_trust& prepared) {
  if (!instance.reports_sessions()) return;
  instance.first_reported_session = prepared.reported_sessions.size();
  for (std::size_t k = 0; k < instance.problem.sessions.size(); ++k)
    prepared.reported_sessions.push_back({prepared.instances.size(), k});
}

/// The share of hour `hour` of the run that the action's windows cover.
double share_in_action(const scenario& s, std::size_t hour) {
  const instant from{60.0 * static_cast<double>(hour)};
  return time_in_action(s, from, from + one_hour) / one_hour;
}

/// ED arrivals per minute for every hour of the run, from the weekday and weekend profiles,
/// changed by `change` (a share) for the part of each hour inside the action's windows.
std::vector<double> ed_arrival_rates(const scenario& s, const ed_demand& ed, int days,
                                     double change) {
  std::vector<double> rates(static_cast<std::size_t>(days) * 24);
  for (std::size_t h = 0; h < rates.size(); ++h) {
    const int weekday = weekday_of_day(s, static_cast<int>(h / 24));
    const auto& profile = weekday < 5 ? ed.weekday_per_hour : ed.weekend_per_hour;
    rates[h] = profile[h % 24] / 60.0;
    if (change != 0) rates[h] *= 1 + change * share_in_action(s, h);
  }
  return rates;
}

/// `reuse`: the same trust planned before with the same act-down share of the decision, whose
/// unstruck shifts (which depend on nothing else of the policy) are copied, not planned again.
/// `struck`: the struck shifts of the plans made before (plan_struck_shift), for the trust at
/// `trust_index` of the scenario.
prepared_trust prepare_trust(const prepared_scenario& prep, const trust& t,
                             expected_absence& absence, const prepared_trust* reuse = nullptr,
                             detail::struck_shift_plans* struck = nullptr,
                             std::size_t trust_index = 0) {
  const scenario& s = *prep.source;
  prepared_trust prepared;
  prepared.source = &t;
  prepared.stream_id = detail::stream_id_of(t.id);
  prepared.planned_operations_by_specialty.assign(t.specialties.size(), 0);
  prepared.planned_slots_by_specialty.assign(t.specialties.size(), 0);
  for (const session& se : t.sessions)
    for (const int w : se.weekdays)
      (se.kind == session_kind::theatre_list
           ? prepared.weekday_operations
           : prepared.weekday_slots)[static_cast<std::size_t>(w)] += detail::session_activity(se);
  const int days = shape_of_run(s).days;
  // Shifts start on each day from the day before the first (a night shift runs into day 0).
  for (int day = -1; day < days; ++day) {
    for (std::size_t sh = 0; sh < t.shifts.size(); ++sh) {
      std::optional<shift_instance> instance = place_shift(prep, t, sh, day);
      if (!instance) continue;
      if (!instance->struck && reuse != nullptr) {
        instance = reuse->instances[prepared.instances.size()];
      } else {
        if (instance->struck && strikes_anyone(s))
          instance->after_night = rest_after_night(t, prepared.instances, *instance);
        if (instance->struck && struck != nullptr) {
          plan_struck_shift(prep, t, trust_index, *instance, absence, *struck,
                            prepared.instances.size());
        } else {
          plan_as_booked(prep, t, *instance);
          if (instance->struck) plan_for_the_strike(prep, t, *instance, absence);
        }
      }
      count_planned_work(t, *instance, prepared);
      index_reported_sessions(*instance, prepared);
      prepared.instances.push_back(std::move(*instance));
    }
  }
  if (t.ed) {
    prepared.arrivals_per_minute_by_hour = ed_arrival_rates(s, *t.ed, days, 0);
    prepared.arrivals_per_minute_by_hour_in_action =
        ed_arrival_rates(s, *t.ed, days, s.action.demand.ed_attendances);
  }
  return prepared;
}

/// A trust already planned from the same file (copies in a national composite plan alike).
const prepared_trust* planned_copy(const prepared_scenario& prep, const trust& t) {
  if (t.copy_of.empty()) return nullptr;
  const auto twin = std::find_if(prep.trusts.begin(), prep.trusts.end(), [&](const auto& other) {
    return other.source->copy_of == t.copy_of && other.source->file == t.file;
  });
  return twin == prep.trusts.end() ? nullptr : &*twin;
}

}  // namespace

prepared_scenario prepare(const scenario& s) {
  return prepare(s, s.plan_policy);
}

namespace {

prepared_scenario prepare_with(const scenario& s, const policy& pol,
                               std::shared_ptr<const std::vector<double>> quadrature,
                               const prepared_scenario* base = nullptr,
                               std::shared_ptr<const detail::absence_mass_table> masses = nullptr,
                               detail::struck_shift_plans* struck = nullptr) {
  prepared_scenario prep = plan_the_run(s, pol);
  prep.quadrature = std::move(quadrature);
  expected_absence absence = prep.quadrature
                                 ? expected_absence{s.action.participation, s.action.clustering,
                                                    *prep.quadrature, std::move(masses)}
                                 : expected_absence{s.action.participation, s.action.clustering};
  // Unstruck shifts are planned as booked, with the act-down share of the decision and nothing
  // else of the policy: a plan made again with the same share copies them from `base`.
  const auto decision_share = [](const prepared_scenario& p) {
    return p.plan->act_down_share * p.act_down_factors[p.main_factor];
  };
  const bool reuse = base != nullptr && decision_share(*base) == decision_share(prep);
  for (const trust& t : s.trusts) {
    if (const prepared_trust* twin = planned_copy(prep, t)) {
      prepared_trust copy = *twin;
      copy.source = &t;
      copy.stream_id = detail::stream_id_of(t.id);
      prep.trusts.push_back(std::move(copy));
    } else {
      const std::size_t index = prep.trusts.size();
      prep.trusts.push_back(
          prepare_trust(prep, t, absence, reuse ? &base->trusts[index] : nullptr, struck, index));
    }
  }
  return prep;
}

}  // namespace

prepared_scenario prepare(const scenario& s, const policy& pol) {
  if (!any_spread(pol.drawn)) return prepare_with(s, pol, nullptr);
  const bool plans_again = std::any_of(
      pol.drawn.begin(), pol.drawn.end(),
      [](const drawn_parameter& p) { return p.has_spread() && changes_the_plan(p.target); });
  // The central plan's struck shifts are the first the plans made again may find.
  auto struck = plans_again ? std::make_unique<detail::struck_shift_plans>() : nullptr;
  prepared_scenario prep = prepare_with(
      s, pol,
      std::make_shared<const std::vector<double>>(absence_quadrature(s.action.participation)),
      nullptr, nullptr, struck.get());
  if (plans_again) prep.plans = std::make_shared<detail::plan_cache>(prep, std::move(struck));
  return prep;
}

namespace detail {

prepared_scenario prepare_again(const prepared_scenario& base, const policy& pol,
                                std::shared_ptr<const absence_mass_table> masses,
                                struck_shift_plans* struck) {
  prepared_scenario prep =
      prepare_with(*base.source, pol, base.quadrature, &base, std::move(masses), struck);
  prep.emergency_care = base.emergency_care;
  prep.other_lead_times = base.other_lead_times;
  prep.draw_parameters = false;
  return prep;
}

}  // namespace detail

}  // namespace strikesim::model
