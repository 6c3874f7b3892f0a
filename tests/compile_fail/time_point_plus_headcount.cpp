// expect-error: no match for 'operator+' (operand types are 'strikesim::sim::time_point' and 'int')
// An instant plus a headcount: the misuse STYLE.md §3 names.
#include "strikesim/sim/time.hpp"

namespace sim = strikesim::sim;

sim::time_point misuse(sim::time_point now, int doctors) {
  return now + doctors;
}
