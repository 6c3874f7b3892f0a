#pragma once
/// The whole DES kernel: time, simulation and processes, resources, schedules, random, stats.
#include "strikesim/sim/random.hpp"
#include "strikesim/sim/resource.hpp"
#include "strikesim/sim/schedule.hpp"
#include "strikesim/sim/simulation.hpp"
#include "strikesim/sim/stats.hpp"
#include "strikesim/sim/time.hpp"
