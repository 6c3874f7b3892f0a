#include "strike_day.hpp"

#include <algorithm>

#include "common.hpp"
#include "strikesim/hospital/turnout.hpp"
#include "strikesim/sim/random.hpp"

namespace strikesim::model::detail {

namespace {

/// Each department's participation in a replication (action.clustering): one uniform number per
/// specialty of the trust, in the file's order, from a stream of its own, so that without
/// clustering no draw is made and every other stream is unchanged.
struct department_rates {
  double national = 0;
  std::vector<double> rates;  // by the trust's specialties; empty without clustering

  department_rates(const trust& t, double participation, double clustering,
                   sim::random_stream& stream)
      : national(participation) {
    if (clustering <= 0 || participation <= 0) return;
    rates.reserve(t.specialties.size());
    for (std::size_t s = 0; s < t.specialties.size(); ++s)
      rates.push_back(department_participation(participation, clustering, stream.uniform01()));
  }
  [[nodiscard]] double of(std::size_t specialty) const {
    return specialty < rates.size() ? rates[specialty] : national;
  }
};

/// Doctors at work in each pool: everyone, less those who strike. Each doctor who may strike draws
/// one uniform number and strikes if it is below the participation, so that with the same seed a
/// higher participation strikes a superset of the doctors a lower one strikes (a binomial draw of
/// the count was not monotone in the participation: Boost's sampler reflects at p = 0.5 and
/// rejects). The Christmas Day rota's juniors draw too, and stay, so that each doctor has the same
/// number under either kind of action and a full walk-out strikes a superset of the doctors that
/// emergency care only strikes. A doctor's participation is their department's (`departments`,
/// by the trust's specialties; the national one for a pool of another specialty).
std::vector<int> doctors_present(const trust& t, const cover_problem& problem,
                                 const department_rates& departments, bool called_off,
                                 sim::random_stream& turnout) {
  if (called_off) return problem.ordinary_supply();
  std::vector<int> supply = problem.full_supply();
  if (departments.national <= 0) return supply;
  for (std::size_t i = 0; i < supply.size(); ++i) {
    const staff_pool& pool = problem.pools[i];
    const double participation = departments.of(specialty_index(t, pool.specialty));
    const int doctors = pool.christmas_day ? pool.rostered : pool.strikable;
    int strikers = 0;
    for (int d = 0; d < doctors; ++d) {
      const bool strikes = turnout.uniform01() < participation;
      if (strikes && !pool.christmas_day) ++strikers;
    }
    if (strikers > 0) problem.strike(supply, i, strikers);
  }
  return supply;
}

/// What stood of the advance plan: everything booked if the action was called off before the
/// decision; a reinstated share of the cancelled sessions if after it.
std::vector<bool> sessions_standing(const shift_instance& instance, const call_off_state& call,
                                    sim::random_stream& reinstating) {
  std::vector<bool> kept = call.decided ? instance.advance : instance.baseline;
  if (call.called_off && call.decided && call.reinstate > 0) {
    for (std::size_t k = 0; k < kept.size(); ++k)
      if (instance.baseline[k] && !kept[k] && reinstating.uniform01() < call.reinstate)
        kept[k] = true;
  }
  return kept;
}

/// Emergency role hours left empty, by service and by specialty.
void count_unfilled_roles(const trust& t, const shift_instance& instance, const cover_plan& today,
                          trust_outcome& out) {
  const double hours = instance.hours();
  out.unfilled_role_hours += today.emergency_unfilled * hours;
  for (std::size_t j = 0; j < instance.problem.emergency_roles; ++j) {
    const role_slot& role = instance.problem.roles[j];
    const int gap = role.count - today.role_filled[j];
    if (gap <= 0) continue;
    out.by_specialty[specialty_index(t, role.specialty)].unfilled_role_hours += gap * hours;
    out.services[role.owner].unfilled_role_hours += gap * hours;
  }
}

/// Each service's realised cover over the report hours that shift instance `instance` meets: the
/// doctors at work in it (`capacity`) less those its emergency roles need, and the role hours left
/// empty (`today`'s plan on a struck shift; none on an ordinary one), each hour given its share of
/// the shift.
void count_cover_by_hour(const prepared_scenario& prep, const shift_instance& instance,
                         const std::vector<int>& capacity, const cover_plan* today,
                         trust_outcome& out) {
  const instant from = std::max(instance.start, prep.source->report_start);
  const instant to = std::min(instance.end, prep.source->horizon);
  if (!(from < to)) return;
  const auto hours = static_cast<std::size_t>(prep.report_hours);
  const std::size_t services = capacity.size();
  std::vector<int> needed(services, 0), gap(services, 0);
  for (std::size_t j = 0; j < instance.problem.emergency_roles; ++j) {
    const role_slot& role = instance.problem.roles[j];
    needed[role.owner] += role.count;
    if (today != nullptr) gap[role.owner] += std::max(0, role.count - today->role_filled[j]);
  }
  for (instant at = from; at < to;) {
    const auto hour = static_cast<std::size_t>((at - prep.source->report_start) / one_hour);
    const instant hour_end = prep.source->report_start + one_hour * static_cast<double>(hour + 1);
    const instant piece_end = std::min(to, hour_end);
    const double share = (piece_end - at) / one_hour;
    if (hour < hours) {
      for (std::size_t sv = 0; sv < services; ++sv) {
        out.service_margin_by_hour[sv * hours + hour] +=
            static_cast<float>(share * (capacity[sv] - needed[sv]));
        out.service_unfilled_by_hour[sv * hours + hour] += static_cast<float>(share * gap[sv]);
      }
    }
    at = piece_end;
  }
}

/// The seniors left idle on a struck shift (their sessions cancelled, their roles filled) go where
/// the trust's strike cover allows, bringing each such service in file order (the ED first in
/// every shipped trust) back up to the doctors it has on an ordinary day; doctors on call from
/// home come in for their own specialty's service.
void redeploy_released(const trust& t, const cover_problem& p, const cover_plan& today,
                       const std::vector<int>& ordinary, std::vector<int>& capacity) {
  const std::size_t none = t.services.size();
  std::vector<std::size_t> home(p.pools.size());
  for (std::size_t i = 0; i < p.pools.size(); ++i)
    home[i] = home_service(t, p.pools[i].specialty);
  std::vector<int> idle = today.idle;
  for (std::size_t sv = 0; sv < t.services.size(); ++sv) {
    const std::optional<cross_cover>& rule = t.services[sv].strike_cover;
    if (!rule) continue;
    for (std::size_t i = 0; i < p.pools.size() && capacity[sv] < ordinary[sv]; ++i) {
      const staff_pool& pool = p.pools[i];
      if (idle[i] <= 0) continue;
      if (pool.on_call) {  // called in from home for their own specialty's service only
        if (home[i] != sv) continue;
        const int called = std::min(idle[i], ordinary[sv] - capacity[sv]);
        capacity[sv] += called;
        idle[i] -= called;
        continue;
      }
      if (home[i] == sv || !rule->admits(pool.specialty, pool.level)) continue;
      const int moved = std::min(idle[i], ordinary[sv] - capacity[sv]);
      if (moved <= 0) continue;
      capacity[sv] += moved;
      // Idle consultants freed from their SPA time were never counted in their home service.
      if (home[i] != none && !pool.spa) capacity[home[i]] -= moved;
      idle[i] -= moved;
    }
  }
}

void count_act_down(const shift_instance& instance, const cover_plan& today, trust_outcome& out) {
  for (const assignment& a : today.assignments) {
    const role_slot& r = instance.problem.roles[a.role];
    // A half-day role (a morning or an afternoon session) is counted as half the shift.
    const double share = r.part == day_part::whole ? 1.0 : 0.5;
    if (instance.problem.pools[a.pool].level == grade::consultant &&
        r.min_grade != grade::consultant)
      out.act_down_hours += a.doctors * instance.hours() * share;
  }
}

/// Sessions cancelled in advance (and standing) or on the day, and the backlog they make.
void count_cancellations(const trust& t, const shift_instance& instance,
                         const std::vector<bool>& kept, const cover_plan& today, bool called_off,
                         trust_outcome& out, std::vector<cancellation>& cancelled) {
  for (std::size_t k = 0; k < instance.problem.sessions.size(); ++k) {
    if (!instance.baseline[k]) continue;
    const session& se = t.sessions[instance.problem.sessions[k].session];
    specialty_outcome& by = out.by_specialty[specialty_index(t, se.specialty)];
    const bool theatre = se.kind == session_kind::theatre_list;
    const double n = session_activity(se);
    if (!kept[k]) {
      (theatre ? out.ops_cancelled_advance : out.slots_cancelled_advance) += n;
      (theatre ? by.ops_cancelled_advance : by.slots_cancelled_advance) += n;
      if (called_off) (theatre ? out.ops_unnecessary : out.slots_unnecessary) += n;
      cancelled.push_back({instance.day, se.priority, theatre, n});
    } else if (!today.kept[k]) {
      (theatre ? out.ops_cancelled_day : out.slots_cancelled_day) += n;
      (theatre ? by.ops_cancelled_day : by.slots_cancelled_day) += n;
      cancelled.push_back({instance.day, se.priority, theatre, n});
    }
    out.cancelled_on_day[instance.first_reported_session + k] = kept[k] && !today.kept[k] ? 1 : 0;
  }
}

/// The same day under each other decision lead time (same turnout).
void count_other_lead_times(const prepared_scenario& prep, const trust& t,
                            const shift_instance& instance, const std::vector<int>& present,
                            const cover_plan& today, bool called_off,
                            std::vector<factor_counts>& by_factor) {
  emergency_cover known;  // shared by the lead times' plans: one turnout
  for (std::size_t v = 0; v < by_factor.size(); ++v) {
    const shift_instance::lead_variant& var = (*instance.lead_variants)[v];
    const bool main = v == prep.main_factor;
    // At least the turnout planned for, and the plan filled everything: the day keeps every
    // session with every emergency role filled, without a max-flow.
    bool as_planned = var.planned_in_full;
    for (std::size_t i = 0; as_planned && i < present.size(); ++i)
      as_planned = present[i] >= var.planned_supply[i];
    const cover_plan other = called_off || main || as_planned
                                 ? cover_plan{}
                                 : sessions_kept_on_the_day(instance.problem, var.act_down_share,
                                                            present, var.advance, &known);
    const cover_plan& day_plan = main ? today : other;
    factor_counts& counts = by_factor[v];
    for (std::size_t k = 0; k < instance.problem.sessions.size(); ++k) {
      if (!instance.baseline[k]) continue;
      const session& se = t.sessions[instance.problem.sessions[k].session];
      const bool theatre = se.kind == session_kind::theatre_list;
      const double n = session_activity(se);
      if (!var.advance[k])
        (theatre ? counts.ops_advance : counts.slots_advance) += n;
      else if (!called_off && !as_planned && !day_plan.kept[k])
        (theatre ? counts.ops_day : counts.slots_day) += n;
    }
    if (!called_off && !as_planned)
      counts.unfilled_hours += day_plan.emergency_unfilled * instance.hours();
  }
}

}  // namespace

strike_day run_strike_day(const prepared_scenario& prep, const prepared_trust& prepared,
                          double participation, const call_off_state& call,
                          std::uint64_t replication, trust_outcome& out, bool other_lead_times) {
  const trust& t = *prepared.source;
  const std::uint64_t seed = prep.source->run.seed;
  sim::random_stream turnout_stream{seed, {replication, prepared.stream_id, turnout}};
  sim::random_stream reinstate_stream{seed, {replication, prepared.stream_id, reinstating}};
  sim::random_stream clustered_stream{seed, {replication, prepared.stream_id, clustered}};
  const department_rates departments(t, participation, prep.source->action.clustering,
                                     clustered_stream);
  strike_day day;
  day.capacity.resize(t.services.size());
  const bool by_hour = prep.per_trust_backlog;
  if (by_hour) {
    const std::size_t cells = t.services.size() * static_cast<std::size_t>(prep.report_hours);
    out.service_margin_by_hour.assign(cells, 0.0F);
    out.service_unfilled_by_hour.assign(cells, 0.0F);
  }
  day.by_factor.resize(prep.act_down_factors.size());
  for (const shift_instance& instance : prepared.instances) {
    std::vector<int> capacity =
        prep.emergency_care ? instance.baseline_capacity : std::vector<int>{};
    if (instance.struck) {
      const std::vector<int> present =
          doctors_present(t, instance.problem, departments, call.called_off, turnout_stream);
      const std::vector<bool> kept = sessions_standing(instance, call, reinstate_stream);
      const cover_plan today = replan_on_the_day(instance.problem, present, kept);
      if (prep.emergency_care) {  // the services' doctors: only emergency care asks
        capacity = service_capacity(t, instance.problem, today);
        if (!call.called_off && prep.source->action.kind == action_kind::full_walkout)
          redeploy_released(t, instance.problem, today, instance.baseline_capacity, capacity);
      }
      if (instance.reported) {
        count_unfilled_roles(t, instance, today, out);
        count_act_down(instance, today, out);
        count_cancellations(t, instance, kept, today, call.called_off, out, day.cancelled);
        if (prep.other_lead_times && other_lead_times)
          count_other_lead_times(prep, t, instance, present, today, call.called_off, day.by_factor);
      }
      if (by_hour)
        count_cover_by_hour(
            prep, instance,
            prep.emergency_care ? capacity : service_capacity(t, instance.problem, today), &today,
            out);
    } else if (by_hour) {
      count_cover_by_hour(prep, instance, instance.baseline_capacity, nullptr, out);
    }
    if (!prep.emergency_care) continue;
    for (std::size_t sv = 0; sv < t.services.size(); ++sv)
      day.capacity[sv].push_back({&instance, capacity[sv]});
  }
  return day;
}

}  // namespace strikesim::model::detail
