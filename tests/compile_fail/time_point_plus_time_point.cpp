// expect-error: no match for 'operator+'
// expect-error: (operand types are 'strikesim::sim::time_point' and 'strikesim::sim::time_point')
// Two instants do not add (their difference is a duration; the control checks that).
#include "strikesim/sim/time.hpp"

namespace sim = strikesim::sim;

auto misuse(sim::time_point a, sim::time_point b) {
  return a + b;
}
