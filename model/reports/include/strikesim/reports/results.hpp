#pragma once
/// The result of a run as `strikesim.result/1` JSON, as a readable table and as tidy CSV.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "strikesim/analysis/summary.hpp"
#include "strikesim/reports/run_result.hpp"

namespace strikesim::model {

/// {"mean", "sd", "p05", "p50", "p95", "ci95": [lo, hi]}
nlohmann::ordered_json stat_to_json(const stat& s);

/// A `strikesim.result/1` document in tidy long form: one row per trust (or "total"), specialty
/// ("all" for the whole trust), metric and statistic. It flattens the JSON document, so that the
/// JSON is the one source of the CSV's keys and numbers.
std::string results_csv(const nlohmann::ordered_json& result);

/// A field for a CSV file (RFC 4180): quoted when it holds a comma, a quote or a line break.
std::string csv_field(std::string_view text);
/// A number as the CSV files write it: the shortest text that reads back as the same double
/// (std::to_chars; "1" for 1.0, "" for NaN or infinity).
std::string number_text(double x);

/// The `strikesim.result/1` document.
nlohmann::ordered_json results_json(const run_result& result);
/// The same from a summary: results_json(make_run_result(summary, version)).
nlohmann::ordered_json results_json(const outcome_summary& summary, const std::string& version);

/// A readable table with ranges.
std::string results_text(const run_result& result);

}  // namespace strikesim::model
