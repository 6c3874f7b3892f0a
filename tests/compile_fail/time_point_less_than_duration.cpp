// expect-error: no match for 'operator<'
// expect-error: (operand types are 'strikesim::sim::time_point' and 'strikesim::sim::duration')
// An instant and a span are not comparable (the defaulted <=> is per type).
#include "strikesim/sim/time.hpp"

namespace sim = strikesim::sim;

bool misuse(sim::time_point now, sim::duration limit) {
  return now < limit;
}
