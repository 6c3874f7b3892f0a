#include "strikesim/hospital/timeline.hpp"

#include <cmath>

namespace strikesim::model {

run_shape shape_of_run(const scenario& s) {
  run_shape r;
  r.days = static_cast<int>(std::lround((s.horizon + day_minutes) / day_minutes));
  r.report_hours = static_cast<int>(std::lround((s.horizon - s.report_start) / 60));
  r.first_report_day = static_cast<int>(std::lround(s.report_start / day_minutes));
  r.last_action_day = static_cast<int>(std::lround(s.horizon / day_minutes)) - 1;
  r.recovery_days =
      r.last_action_day - r.first_report_day + 1 + s.plan_policy.recovery.horizon_days;
  r.per_trust_backlog = s.trusts.size() <= max_trusts_with_own_backlog;
  return r;
}

}  // namespace strikesim::model
