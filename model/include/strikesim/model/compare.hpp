#pragma once
/// Scenarios compared under common random numbers: replication r of every scenario uses the same
/// seed and the same per-trust random streams, so the difference of a figure is taken replication
/// by replication and has a much narrower confidence interval than the two figures apart.
///
///     const model::compared a{&prep_a, &outcomes_a, "a.toml"}, b{&prep_b, &outcomes_b, "b.toml"};
///     const std::vector<model::compared> all{a, b};
///     std::cout << model::compare_text(model::compare_json(all, version));

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "strikesim/model/results.hpp"

namespace strikesim::model {

struct compared {
  const prepared_scenario* prep = nullptr;
  const std::vector<replication_outcome>* outcomes = nullptr;
  std::string file;  // as the user named it
};

/// The `strikesim.compare/1` document: every scenario after the first against the first, for the
/// total and for each trust (by id) that both contain. All must have the same replications.
nlohmann::ordered_json compare_json(std::span<const compared> scenarios,
                                    const std::string& version);

/// A readable table: each difference with its 95% confidence interval, and whether it can be told
/// from zero.
std::string compare_text(const nlohmann::ordered_json& doc);

/// Tidy long form: scenario, trust, metric, statistic, value.
std::string compare_csv(const nlohmann::ordered_json& doc);

}  // namespace strikesim::model
