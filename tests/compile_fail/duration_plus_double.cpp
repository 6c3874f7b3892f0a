// expect-error: no match for 'operator+'
// expect-error: (operand types are 'strikesim::sim::duration' and 'double')
// A span plus a raw double.
#include "strikesim/sim/time.hpp"

namespace sim = strikesim::sim;

sim::duration misuse(sim::duration wait) {
  return wait + 5.0;
}
