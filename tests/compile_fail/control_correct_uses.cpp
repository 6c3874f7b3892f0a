// expect-ok
// The control: the correct uses compile (and hold, checked at compile time). If the harness were
// broken, e.g. a wrong include path, every must-fail case would fail to compile for the wrong
// reason; this one would fail too and turn the test red.
#include "strikesim/sim/time.hpp"

namespace sim = strikesim::sim;

// time_point + duration (either order) and time_point - duration give a time_point.
static_assert(sim::time_point{480.0} + sim::duration{240.0} == sim::time_point{720.0});
static_assert(sim::duration{240.0} + sim::time_point{480.0} == sim::time_point{720.0});
static_assert(sim::time_point{720.0} - sim::duration{240.0} == sim::time_point{480.0});
// time_point - time_point gives a duration.
static_assert(sim::time_point{720.0} - sim::time_point{480.0} == sim::duration{240.0});
// A duration scales by a plain number, either side, and two durations give a plain ratio.
static_assert(sim::duration{4.0} * 2.5 == sim::duration{10.0});
static_assert(2.5 * sim::duration{4.0} == sim::duration{10.0});
static_assert(sim::duration{10.0} / sim::duration{4.0} == 2.5);
// Explicit construction and the way back to a double are spelt out.
static_assert(sim::duration{5.0}.count() == 5.0);
static_assert(sim::time_point{5.0}.value() == 5.0);

// The same in ordinary (non-constexpr) code, as the model writes it.
sim::time_point next_shift(sim::time_point now, double hours) {
  sim::time_point t = now;
  t += sim::duration{60.0} * hours;
  return t;
}
