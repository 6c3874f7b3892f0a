// expect-error: conversion from 'double' to non-scalar type 'strikesim::sim::duration' requested
// The constructor is explicit: a double does not become a span by copy-initialisation.
#include "strikesim/sim/time.hpp"

namespace sim = strikesim::sim;

sim::duration misuse() {
  sim::duration d = 5.0;
  return d;
}
