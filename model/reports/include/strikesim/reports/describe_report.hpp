#pragma once
/// What `strikesim describe` prints: the sizes of each trust and their sum.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "strikesim/analysis/describe.hpp"

namespace strikesim::model {

/// The sizes and their sum over all trusts, as a readable table.
std::string describe_text(const scenario& s, const std::vector<trust_size>& sizes);
nlohmann::ordered_json describe_json(const scenario& s, const std::vector<trust_size>& sizes);

}  // namespace strikesim::model
