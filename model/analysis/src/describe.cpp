#include "strikesim/analysis/describe.hpp"

#include <algorithm>
#include <numeric>

namespace strikesim::model {

namespace {

constexpr int wednesday = 2;
constexpr int noon = 12 * 60;

/// Whether a shift that applies on `weekday` (or started the day before) covers noon that day.
bool covers_noon(const shift_def& sh, int weekday) {
  const int prev = (weekday + 6) % 7;
  const bool overnight = sh.end_minute <= sh.start_minute;
  if (sh.applies_on(weekday)) {
    if (!overnight && sh.start_minute <= noon && noon < sh.end_minute) return true;
    if (overnight && sh.start_minute <= noon) return true;
  }
  return overnight && sh.applies_on(prev) && noon < sh.end_minute;
}

}  // namespace

std::vector<trust_size> describe(const scenario& s) {
  std::vector<trust_size> out;
  for (const trust& t : s.trusts) {
    trust_size z;
    z.id = t.id;
    z.name = t.name;
    for (const staff_group& g : t.staff) {
      const auto sh = std::find_if(t.shifts.begin(), t.shifts.end(),
                                   [&](const shift_def& d) { return d.id == g.shift; });
      if (sh == t.shifts.end() || !covers_noon(*sh, wednesday)) continue;
      z.weekday_noon_by_grade[static_cast<std::size_t>(g.level)] += g.headcount;
      if (g.locum) z.weekday_noon_locum += g.headcount;
      if (g.can_strike()) z.weekday_noon_junior += g.headcount;
    }
    for (const session& se : t.sessions) {
      const auto weekdays = static_cast<double>(
          std::count_if(se.weekdays.begin(), se.weekdays.end(), [](int d) { return d < 5; }));
      if (se.kind == session_kind::theatre_list) {
        z.weekday_theatre_lists += weekdays / 5;
        z.weekday_operations += weekdays * se.operations / 5;
      } else {
        z.weekday_clinics += weekdays / 5;
        z.weekday_slots += weekdays * se.slots / 5;
      }
    }
    if (t.ed) {
      z.ed_weekday_arrivals =
          std::accumulate(t.ed->weekday_per_hour.begin(), t.ed->weekday_per_hour.end(), 0.0);
      z.ed_weekend_arrivals =
          std::accumulate(t.ed->weekend_per_hour.begin(), t.ed->weekend_per_hour.end(), 0.0);
    }
    z.services = static_cast<int>(t.services.size());
    out.push_back(std::move(z));
  }
  return out;
}

}  // namespace strikesim::model
