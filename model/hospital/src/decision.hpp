#pragma once
// The decision: when a trust decides, and what each lead time of the policy would have given.

#include <cstdint>
#include <vector>

#include "strike_day.hpp"

namespace strikesim::model::detail {

/// Whether this replication's action is called off, when, and what the decision then means.
call_off_state draw_call_off(const prepared_scenario& prep, const policy& pol,
                             std::uint64_t replication);

/// The decision trade-off: each lead time of the policy, with this replication's call-off.
void tabulate_lead_times(const prepared_scenario& prep, const policy& pol,
                         const call_off_state& call, const std::vector<factor_counts>& by_factor,
                         trust_outcome& out);

}  // namespace strikesim::model::detail
