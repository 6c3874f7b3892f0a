// expect-error: conversion from 'double' to non-scalar type 'strikesim::sim::time_point' requested
// The constructor is explicit: a double does not become an instant by copy-initialisation.
#include "strikesim/sim/time.hpp"

namespace sim = strikesim::sim;

sim::time_point misuse() {
  sim::time_point t = 480.0;
  return t;
}
