#pragma once
/// What `strikesim compare` writes: JSON (`strikesim.compare/1`), a table and tidy CSV.

#include <nlohmann/json.hpp>
#include <string>

#include "strikesim/analysis/compare.hpp"

namespace strikesim::model {

/// The `strikesim.compare/1` document.
nlohmann::ordered_json compare_json(const comparison& c, const std::string& version);

/// A readable table: each difference with its 95% confidence interval, and whether it can be told
/// from zero.
std::string compare_text(const nlohmann::ordered_json& doc);

/// Tidy long form: scenario, trust, metric, statistic, value.
std::string compare_csv(const nlohmann::ordered_json& doc);

}  // namespace strikesim::model
