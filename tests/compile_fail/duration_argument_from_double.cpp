// expect-error: could not convert '5.0e+0' from 'double' to 'strikesim::sim::duration'
// A double passed where a function takes a duration is not converted implicitly.
#include "strikesim/sim/time.hpp"

namespace sim = strikesim::sim;

void hold(sim::duration) {}

void misuse() {
  hold(5.0);
}
