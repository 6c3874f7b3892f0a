#include "strikesim/model/reader.hpp"
