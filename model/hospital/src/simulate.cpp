#include "strikesim/hospital/simulate.hpp"

#include <algorithm>

#include "decision.hpp"
#include "emergency.hpp"
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

}  // namespace

replication_outcome simulate_replication(const prepared_scenario& prep, std::uint64_t rep) {
  replication_outcome result;
  result.participation = draw_participation(*prep.source, rep);
  const detail::call_off_state call = detail::draw_call_off(prep, rep);
  result.called_off = call.called_off;
  result.call_off_days_before = call.days_before;
  const auto days = static_cast<std::size_t>(prep.recovery_days);
  result.backlog_ops.assign(days, 0.0F);
  result.backlog_slots.assign(days, 0.0F);
  for (const prepared_trust& prepared : prep.trusts) {
    trust_outcome& out = result.trusts.emplace_back(empty_outcome(prepared));
    detail::strike_day day =
        detail::run_strike_day(prep, prepared, result.participation, call, rep, out);
    detail::tabulate_lead_times(prep, call, day.by_factor, out);
    detail::rebook_backlog(prep, prepared, std::move(day.cancelled), out, result);
    if (prep.emergency_care)
      detail::run_emergency_care(prep, prepared, day.capacity, !call.called_off, rep, out);
  }
  return result;
}

}  // namespace strikesim::model
