#pragma once
/// Capacity that follows a schedule: a pattern repeating every period (a day, or a week of seven
/// day patterns), plus one-off changes over given intervals that take precedence.
///
///     // 6 doctors from 20:00 to 08:00, 10 from 08:00 to 20:00, every day (minutes):
///     auto ed = sim::capacity_schedule::daily(sim::duration{1440},
///                                             {{sim::duration{0}, 6}, {sim::duration{480}, 10},
///                                              {sim::duration{1200}, 6}});
///     ed.add_override(sim::time_point{2000}, sim::time_point{2300}, 3);  // one-off

#include <array>
#include <vector>

#include "strikesim/sim/time.hpp"

namespace strikesim::sim {

class capacity_schedule {
 public:
  /// From `offset` into the period until the next breakpoint, capacity is `capacity`.
  struct breakpoint {
    duration offset;
    int capacity = 0;
  };
  /// During [from, to), capacity is `capacity`, whatever the pattern says (later ones win).
  struct override_interval {
    time_point from;
    time_point to;
    int capacity = 0;
  };

  /// A constant capacity (no changes unless overrides are added).
  capacity_schedule() = default;
  static capacity_schedule constant(int capacity);
  /// A pattern repeating every `period`; breakpoints sorted, the first at offset 0.
  static capacity_schedule repeating(duration period, std::vector<breakpoint> pattern);
  /// The same pattern every day.
  static capacity_schedule daily(duration day, std::vector<breakpoint> pattern);
  /// One pattern per weekday (index 0..6); t = 0 falls on weekday `first_weekday`.
  static capacity_schedule weekly(duration day, const std::array<std::vector<breakpoint>, 7>& days,
                                  int first_weekday);

  void add_override(time_point from, time_point to, int capacity);

  /// Capacity at instant t (intervals are closed at the start, open at the end).
  [[nodiscard]] int at(time_point t) const;
  /// The first instant after t at which the capacity may change; time_point::never() if none.
  [[nodiscard]] time_point next_change(time_point t) const;

  [[nodiscard]] const std::vector<breakpoint>& pattern() const { return pattern_; }
  [[nodiscard]] duration period() const { return period_; }

 private:
  [[nodiscard]] int pattern_at(time_point t) const;
  duration period_ = duration::zero();  // zero: no repetition (constant pattern)
  std::vector<breakpoint> pattern_{{duration::zero(), 0}};
  std::vector<override_interval> overrides_;
};

}  // namespace strikesim::sim
