#pragma once
/// What a sweep writes: its plan, each point, the whole sweep (`strikesim.sweep/1`), what drives
/// the numbers, and the tidy CSV.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "strikesim/analysis/summary.hpp"
#include "strikesim/analysis/sweep.hpp"
#include "strikesim/files/sweep_file.hpp"

namespace strikesim::model {

/// What a sweep directory records of its sweep, so that a resumed run or a merge can tell that
/// the points were made by the same sweep (`strikesim.sweep-plan/1`).
nlohmann::ordered_json sweep_plan(const sweep_spec& spec, int replications, std::uint64_t seed,
                                  const std::string& version);

/// One finished point: its values and the headline figures of the total and each trust; with
/// `chance` (the same replications with every drawn parameter at its central value, when the
/// point draws one), the total's figures of chance alone too (`total_chance_only`).
nlohmann::ordered_json sweep_point(const sweep_spec& spec, std::size_t point,
                                   const outcome_summary& summary,
                                   const outcome_summary* chance = nullptr);

/// The whole sweep (`strikesim.sweep/1`), from the plan and every point in order.
nlohmann::ordered_json sweep_document(const nlohmann::ordered_json& plan,
                                      const std::vector<nlohmann::ordered_json>& points);

/// What drives the numbers: for each headline figure of the total, the SRC of every numeric (or
/// true/false) swept path and R^2, ranked by the size of the coefficient.
nlohmann::ordered_json sweep_sensitivity(const nlohmann::ordered_json& plan,
                                         const std::vector<nlohmann::ordered_json>& points);
/// The same as CSV: metric, parameter, src, r2.
std::string sensitivity_csv(const nlohmann::ordered_json& sensitivity);

/// The page of a sweep (`strikesim.sweep/1`): what drives each headline figure, as ranked bars of
/// standardized regression coefficients with R^2, and every point's figures. It reads the merged
/// sweep document rather than types, as every writer of a sweep does: a sweep's points are
/// files, written by runs that may have been resumed or merged from several machines.
std::string sweep_report_html(const nlohmann::ordered_json& sweep);

/// Tidy CSV: one row per point, trust (or "total") and metric; one column per swept path.
std::string sweep_csv(const nlohmann::ordered_json& plan,
                      const std::vector<nlohmann::ordered_json>& points);

}  // namespace strikesim::model
