#pragma once
// Emergency care as a discrete-event simulation on the kernel: ED patients arrive, wait for a
// doctor by acuity, are seen, and if admitted wait to be clerked by the take; each service's
// own work (ward tasks) waits below every ED patient. Each service's doctors follow the capacity
// the plan on the day gives it, shift by shift.

#include <cstdint>
#include <vector>

#include "strike_day.hpp"

namespace strikesim::model::detail {

/// The priority of a service's own work (ward tasks, clerking lists): below every acuity class
/// of the trust's ED, however many it declares (a lower number is served first).
int own_work_priority(const trust& t);

/// Runs the ED and the services of `prepared` for the whole run, counting into `out`; with the
/// demand change `demand` (the action's, or a replication's draw of it) inside the action's
/// windows if `action_on` (it was not called off), and `admission_share` of the ED's patients
/// admitted on an ordinary day (the file's, or a replication's draw of it).
void run_emergency_care(const prepared_scenario& prep, const prepared_trust& prepared,
                        const std::vector<std::vector<capacity_piece>>& capacity, bool action_on,
                        const demand_change& demand, double admission_share,
                        std::uint64_t replication, trust_outcome& out);

}  // namespace strikesim::model::detail
