// expect-error: no match for 'operator+' (operand types are 'int' and 'strikesim::sim::duration')
// A headcount plus a span, number first (the other operand order).
#include "strikesim/sim/time.hpp"

namespace sim = strikesim::sim;

sim::duration misuse(int doctors, sim::duration wait) {
  return doctors + wait;
}
