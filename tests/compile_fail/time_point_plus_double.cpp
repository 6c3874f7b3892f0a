// expect-error: no match for 'operator+'
// expect-error: (operand types are 'strikesim::sim::time_point' and 'double')
// An instant plus a raw double: the span must be said to be a duration.
#include "strikesim/sim/time.hpp"

namespace sim = strikesim::sim;

sim::time_point misuse(sim::time_point now) {
  return now + 30.0;
}
