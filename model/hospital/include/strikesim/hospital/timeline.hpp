#pragma once
/// The run's calendar from the scenario alone: how many days are simulated and followed, how
/// many hours are reported. prepare() builds the run on it, and the memory estimate counts what
/// the run will hold with it, so the two cannot disagree.

#include <cstddef>

#include "strikesim/hospital/scenario.hpp"

namespace strikesim::model {

inline constexpr double day_minutes = 1440;
inline constexpr minutes one_day{day_minutes};
inline constexpr minutes one_hour{60};

/// Trusts a scenario may have and still keep a backlog day by day for each (a national composite
/// keeps only the total's, for memory).
inline constexpr std::size_t max_trusts_with_own_backlog = 12;

struct run_shape {
  int days = 0;              // simulated from day 0: to the horizon and one day of normal running
  int report_hours = 0;      // from the first window's day to the end of the last's
  int first_report_day = 0;  // scenario day of the first window
  int last_action_day = 0;   // scenario day on which the last window ends
  int recovery_days = 0;     // days recovery is followed, from first_report_day
  bool per_trust_backlog = true;
};

run_shape shape_of_run(const scenario& s);

/// How much of [from, to) the action's windows cover.
minutes time_in_action(const scenario& s, instant from, instant to);
/// Whether `at` falls inside one of the action's windows.
bool in_action(const scenario& s, instant at);
/// The grades that strike in [from, to): those of every window it meets, lowest first.
std::vector<grade> grades_striking(const scenario& s, instant from, instant to);

/// 0 = Monday, for scenario day `day` (negative: before the first day).
[[nodiscard]] constexpr int weekday_of_day(const scenario& s, int day) {
  return ((s.first_weekday + day) % 7 + 7) % 7;
}

}  // namespace strikesim::model
