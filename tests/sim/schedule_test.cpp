#include <doctest/doctest.h>

#include <stdexcept>

#include "strikesim/sim/schedule.hpp"

namespace sim = strikesim::sim;
using sim::duration;
using sim::time_point;

TEST_CASE("a daily pattern repeats every day and reports its next change") {
  const auto ed = sim::capacity_schedule::daily(
      duration{1440}, {{duration{0}, 6}, {duration{480}, 10}, {duration{1200}, 6}});
  CHECK(ed.at(time_point{0}) == 6);
  CHECK(ed.at(time_point{479.9}) == 6);
  CHECK(ed.at(time_point{480}) == 10);
  CHECK(ed.at(time_point{1199}) == 10);
  CHECK(ed.at(time_point{1200}) == 6);
  CHECK(ed.at(time_point{1440 + 600}) == 10);
  CHECK(ed.next_change(time_point{0}) == time_point{480});
  CHECK(ed.next_change(time_point{480}) == time_point{1200});
  CHECK(ed.next_change(time_point{1300}) == time_point{1440});
  CHECK(ed.next_change(time_point{1440}) == time_point{1920});
}

TEST_CASE("a weekly pattern gives each weekday its own shifts") {
  std::array<std::vector<sim::capacity_schedule::breakpoint>, 7> days;
  for (auto& d : days)
    d = {{duration{0}, 2}, {duration{8}, 5}};
  days[5] = {{duration{0}, 1}};  // Saturday
  days[6] = {{duration{0}, 1}};  // Sunday
  // Day length 24; t = 0 is a Friday (weekday 4).
  const auto w = sim::capacity_schedule::weekly(duration{24}, days, 4);
  CHECK(w.at(time_point{9}) == 5);        // Friday 09:00
  CHECK(w.at(time_point{24 + 9}) == 1);   // Saturday
  CHECK(w.at(time_point{48 + 9}) == 1);   // Sunday
  CHECK(w.at(time_point{72 + 9}) == 5);   // Monday
  CHECK(w.at(time_point{72 + 7}) == 2);   // Monday before 08:00
  CHECK(w.at(time_point{168 + 9}) == 5);  // the next Friday
}

TEST_CASE("one-off overrides take precedence, the latest added winning") {
  auto s = sim::capacity_schedule::constant(4);
  s.add_override(time_point{10}, time_point{20}, 1);
  s.add_override(time_point{15}, time_point{30}, 0);
  CHECK(s.at(time_point{5}) == 4);
  CHECK(s.at(time_point{12}) == 1);
  CHECK(s.at(time_point{16}) == 0);
  CHECK(s.at(time_point{30}) == 4);
  CHECK(s.next_change(time_point{0}) == time_point{10});
  CHECK(s.next_change(time_point{10}) == time_point{15});
  CHECK(s.next_change(time_point{15}) == time_point{20});
  CHECK(s.next_change(time_point{20}) == time_point{30});
  CHECK(s.next_change(time_point{30}) == time_point::never());
}

TEST_CASE("malformed schedules are refused") {
  CHECK_THROWS_AS(sim::capacity_schedule::daily(duration{24}, {{duration{1}, 2}}),
                  std::invalid_argument);
  CHECK_THROWS_AS(
      sim::capacity_schedule::daily(duration{24}, {{duration{0}, 2}, {duration{30}, 1}}),
      std::invalid_argument);
  CHECK_THROWS_AS(sim::capacity_schedule::daily(duration{24}, {{duration{0}, -1}}),
                  std::invalid_argument);
  auto s = sim::capacity_schedule::constant(1);
  CHECK_THROWS_AS(s.add_override(time_point{5}, time_point{5}, 1), std::invalid_argument);
}
