#include "strikesim/hospital/timeline.hpp"

#include <algorithm>
#include <cmath>

namespace strikesim::model {

run_shape shape_of_run(const scenario& s) {
  run_shape r;
  r.days = static_cast<int>(std::lround((s.horizon + one_day).since_start() / one_day));
  r.report_hours = static_cast<int>(std::lround((s.horizon - s.report_start) / one_hour));
  r.first_report_day = static_cast<int>(std::lround(s.report_start.since_start() / one_day));
  r.last_action_day = static_cast<int>(std::lround(s.horizon.since_start() / one_day)) - 1;
  r.recovery_days =
      r.last_action_day - r.first_report_day + 1 + s.plan_policy.recovery.horizon_days;
  r.per_trust_backlog = s.trusts.size() <= max_trusts_with_own_backlog;
  return r;
}

minutes time_in_action(const scenario& s, instant from, instant to) {
  minutes covered{0};
  for (const window& w : s.windows) {
    const instant a = std::max(from, w.start), b = std::min(to, w.end);
    if (a < b) covered += b - a;
  }
  return covered;
}

bool in_action(const scenario& s, instant at) {
  return std::any_of(s.windows.begin(), s.windows.end(),
                     [&](const window& w) { return at >= w.start && at < w.end; });
}

std::vector<grade> grades_striking(const scenario& s, instant from, instant to) {
  std::vector<grade> out;
  for (const window& w : s.windows) {
    if (std::max(from, w.start) >= std::min(to, w.end)) continue;
    out.insert(out.end(), w.grades.begin(), w.grades.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace strikesim::model
