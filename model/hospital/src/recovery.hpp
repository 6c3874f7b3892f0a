#pragma once
// Recovery: rebooking the cancelled work into the spare capacity of the following weeks.

#include <vector>

#include "strike_day.hpp"

namespace strikesim::model::detail {

/// Rebooks cancelled work into the spare capacity of the following days, by clinical priority
/// and then first cancelled, first rebooked; records the backlog day by day in `out` (and adds
/// it to the total of `all`).
void rebook_backlog(const prepared_scenario& prep, const recovery_policy& rp,
                    const prepared_trust& prepared, std::vector<cancellation> cancelled,
                    trust_outcome& out, replication_outcome& all);

}  // namespace strikesim::model::detail
