#include "decision.hpp"

#include <algorithm>

#include "sampler.hpp"
#include "strikesim/sim/random.hpp"

namespace strikesim::model::detail {

call_off_state draw_call_off(const prepared_scenario& prep, const policy& pol,
                             std::uint64_t replication) {
  const scenario& sc = *prep.source;
  call_off_state call;
  // A historical call-off happened; otherwise a draw of its own stream.
  if (sc.call_off_at) {
    call.called_off = true;
    call.days_before = (prep.first_start - *sc.call_off_at) / one_day;
  } else if (sc.action.call_off.probability > 0) {
    sim::random_stream calls{sc.run.seed, {replication, 0, 1}};
    call.called_off = calls.uniform01() < sc.action.call_off.probability;
    const double days = sampler{sc.action.call_off.days_before}(calls);
    if (call.called_off) call.days_before = std::max(0.0, days);
  }
  // Cancellations were made if the action was still on at the decision; a call-off after it
  // reinstates a share of them, less the nearer it comes to the action.
  call.decided = !call.called_off || call.days_before < pol.decision_days;
  call.reinstate =
      call.called_off && call.decided && pol.decision_days > 0
          ? pol.reinstate_share * std::clamp(call.days_before / pol.decision_days, 0.0, 1.0)
          : 0.0;
  return call;
}

void tabulate_lead_times(const prepared_scenario& prep, const policy& pol,
                         const call_off_state& call, const std::vector<factor_counts>& by_factor,
                         trust_outcome& out) {
  out.by_lead.assign(pol.lead_times.size(), lead_outcome{});
  for (std::size_t i = 0; i < pol.lead_times.size(); ++i) {
    const factor_counts& f = by_factor[prep.lead_factor[i]];
    const double lead = pol.lead_times[i];
    lead_outcome& row = out.by_lead[i];
    if (!call.called_off) {
      row.operations = f.ops_advance + f.ops_day;
      row.slots = f.slots_advance + f.slots_day;
      row.unfilled_role_hours = f.unfilled_hours;
    } else if (call.days_before < lead) {
      // Decided, then called off: what was not reinstated was cancelled for nothing.
      const double stood =
          1.0 - pol.reinstate_share * std::clamp(call.days_before / lead, 0.0, 1.0);
      row.operations = f.ops_advance * stood;
      row.slots = f.slots_advance * stood;
      row.unnecessary = row.operations + row.slots;
    }
  }
}

}  // namespace strikesim::model::detail
