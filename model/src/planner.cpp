#include "strikesim/model/scenario.hpp"
