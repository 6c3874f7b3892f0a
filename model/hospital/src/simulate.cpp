#include "strikesim/hospital/simulate.hpp"

#include <algorithm>
#include <set>

#include "advance_plan.hpp"
#include "common.hpp"
#include "decision.hpp"
#include "draws.hpp"
#include "emergency.hpp"
#include "plan_cache.hpp"
#include "recovery.hpp"
#include "strike_day.hpp"
#include "strikesim/sim/random.hpp"

namespace strikesim::model {

namespace {

/// The action's participation: one draw a replication for every trust (a national turnout), by
/// inversion of its distribution from one uniform number, so that with the same seed a higher
/// distribution (a higher mean, say) draws a higher participation in every replication. (Boost's
/// beta sampler, a ratio of two gamma draws by rejection, was not monotone in the mean.)
double draw_participation(const scenario& sc, std::uint64_t replication) {
  const distribution_spec& participation = sc.action.participation;
  if (participation.type == distribution_spec::kind::constant)
    return std::clamp(participation.value, 0.0, 1.0);
  sim::random_stream national{sc.run.seed, {replication, 0}};
  return std::clamp(participation_quantile(participation, national.uniform01()), 0.0, 1.0);
}

/// A trust's outcome with a place for every figure it reports.
trust_outcome empty_outcome(const prepared_trust& prepared) {
  trust_outcome out;
  out.planned_operations = prepared.planned_operations;
  out.planned_slots = prepared.planned_slots;
  out.by_specialty.resize(prepared.source->specialties.size());
  out.services.resize(prepared.source->services.size());
  out.cancelled_on_day.assign(prepared.reported_sessions.size(), 0);
  return out;
}

/// Replication `rep` of `prep` with policy `pol` (the scenario's, or a draw of it) and the
/// action's and trusts' values `files` (drawn, or at their central values); the decision table's
/// other lead times only if `other_lead_times`.
replication_outcome simulate_with(const prepared_scenario& prep, const policy& pol,
                                  const detail::file_draws& files, std::uint64_t rep,
                                  bool other_lead_times) {
  replication_outcome result;
  result.participation = draw_participation(*prep.source, rep);
  const detail::call_off_state call = detail::draw_call_off(prep, pol, rep);
  result.called_off = call.called_off;
  result.call_off_days_before = call.days_before;
  const auto days = static_cast<std::size_t>(prep.recovery_days);
  result.backlog_ops.assign(days, 0.0F);
  result.backlog_slots.assign(days, 0.0F);
  for (std::size_t i = 0; i < prep.trusts.size(); ++i) {
    const prepared_trust& prepared = prep.trusts[i];
    trust_outcome& out = result.trusts.emplace_back(empty_outcome(prepared));
    detail::strike_day day = detail::run_strike_day(prep, prepared, result.participation, call, rep,
                                                    out, other_lead_times);
    // The trust's scales of its sessions' counts: what is cancelled and the spare capacity that
    // rebooks it (a share of the planned counts) scale alike.
    const double ops = files.operations_scale[i], slots = files.slots_scale[i];
    detail::scale_activity(ops, slots, out, day);
    recovery_policy recovery = pol.recovery;
    recovery.spare_theatre_share *= ops;
    recovery.spare_clinic_share *= slots;
    detail::tabulate_lead_times(prep, pol, call, day.by_factor, out);
    detail::rebook_backlog(prep, recovery, prepared, std::move(day.cancelled), out, result);
    if (prep.emergency_care)
      detail::run_emergency_care(prep, prepared, day.capacity, !call.called_off, files.demand,
                                 files.admission_share[i], rep, out);
  }
  return result;
}

/// Replication `rep`'s draw of each drawn parameter into `pol`: one uniform number of a stream
/// keyed by the parameter's key path, inverted (so adding a parameter leaves every other draw as
/// it was, and a higher distribution draws a higher value). Returns the values in `pol.drawn`
/// order.
std::vector<double> draw_policy(const scenario& sc, policy& pol, std::uint64_t rep) {
  std::vector<double> values;
  values.reserve(pol.drawn.size());
  for (const drawn_parameter& p : pol.drawn) {
    double value = p.central;
    if (p.has_spread()) {
      sim::random_stream stream{sc.run.seed, {rep, 0, 2, detail::stream_id_of(p.key)}};
      value = p.quantile(stream.uniform01());
    }
    values.push_back(value);
  }
  for (std::size_t i = 0; i < values.size(); ++i)
    set_drawn(pol, pol.drawn[i].target, values[i]);
  return values;
}

}  // namespace

std::vector<std::uint64_t> replications_that_plan(const prepared_scenario& prep, int replications) {
  std::vector<std::uint64_t> first;
  if (!prep.draw_parameters || !prep.plans || !prep.share_plans ||
      !has_drawn_parameters(*prep.source))
    return first;
  const std::size_t most = prep.plans->plans_kept_at_most();
  std::set<std::vector<int>> seen;
  for (int r = 0; r < replications && first.size() < most; ++r) {
    policy drawn = *prep.plan;
    (void)draw_policy(*prep.source, drawn, static_cast<std::uint64_t>(r));
    if (seen.insert(prep.plans->key_of(drawn)).second)
      first.push_back(static_cast<std::uint64_t>(r));
  }
  return first;
}

void plan_replication(const prepared_scenario& prep, std::uint64_t replication) {
  if (!prep.plans) return;
  policy drawn = *prep.plan;
  (void)draw_policy(*prep.source, drawn, replication);
  (void)prep.plans->plan_for(prep, drawn);
}

replication_outcome simulate_replication(const prepared_scenario& prep, std::uint64_t rep) {
  return simulate_replication(prep, rep, prep.draw_parameters);
}

replication_outcome simulate_replication(const prepared_scenario& prep, std::uint64_t rep,
                                         bool draw_parameters, bool other_lead_times) {
  const scenario& sc = *prep.source;
  const bool draw = draw_parameters && has_drawn_parameters(sc);
  const detail::file_draws files = detail::draw_files(prep, rep, draw);
  if (!draw) return simulate_with(prep, *prep.plan, files, rep, other_lead_times);
  policy drawn = *prep.plan;
  const std::vector<double> values = draw_policy(sc, drawn, rep);
  replication_outcome result;
  if (prep.plans && prep.share_plans) {
    const std::shared_ptr<const prepared_scenario> own = prep.plans->plan_for(prep, drawn);
    result = simulate_with(*own, drawn, files, rep, other_lead_times);
  } else if (prep.plans) {
    const prepared_scenario own = detail::prepare_again(prep, drawn);
    result = simulate_with(own, drawn, files, rep, other_lead_times);
  } else {
    result = simulate_with(prep, drawn, files, rep, other_lead_times);
  }
  result.drawn = detail::column_values(prep, values, files);
  return result;
}

}  // namespace strikesim::model
