#pragma once
/// What `strikesim backtest` writes: the model's planned-care figures for every shipped action
/// and, where the record has a value, the record, the ratio model/record and whether it is
/// within the row's tolerance. JSON (`strikesim.backtest/1`), a table, CSV and an HTML page, each
/// from the typed result.

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "strikesim/analysis/backtest.hpp"
#include "strikesim/hospital/record.hpp"

namespace strikesim::model {

/// A scenario the backtest ran, as the outputs name it.
struct backtest_scenario_meta {
  std::string scenario;  // relative to the scenarios folder: "regions/england/2016-01-12.toml"
  std::string region;    // its folder: "england"
  std::string action;    // the action's id
  std::string name;      // the scenario's name
  std::string policy;    // the policy's id
  std::uint64_t seed = 0;
};

/// One trust's, or all trusts', figures.
struct backtest_figures {
  std::string trust;  // empty for all the scenario's trusts together
  std::array<stat, planned_care_measures> figures;
  double planned_operations = 0, planned_slots = 0;
};

struct backtest_scenario {
  backtest_scenario_meta meta;
  backtest_figures total;
  std::vector<backtest_figures> trusts;  // those the record names
  /// The figures of `trust` (empty: the total), or null.
  [[nodiscard]] const backtest_figures* of(const std::string& trust) const;
};

enum class record_status { within, outside, informative, not_run };
inline constexpr std::array<const char*, 4> record_status_keys = {"within", "outside",
                                                                  "informative", "not_run"};

/// A row of the record beside the model.
struct record_comparison {
  record_row row;
  std::optional<stat> model;    // the model's figure; none when the scenario did not run
  std::optional<double> ratio;  // model mean / record; none without a model or for a record of 0
  record_status status = record_status::not_run;
};

/// The ratio and the verdict of `row` against the model's figure `model` (null: not run).
record_comparison compare_to_record(const record_row& row, const stat* model);

struct backtest_result {
  std::string version;
  std::string record_file, record_name;
  std::uint64_t replications = 0;
  std::vector<backtest_scenario> scenarios;  // in the order run
  std::vector<record_comparison> rows;       // in the record's order
  /// Rows with a tolerance that the model is outside of.
  [[nodiscard]] std::size_t outside() const;
  [[nodiscard]] std::size_t checked() const;
};

/// Joins what ran with the record. `runs[i]` is the run of `metas[i]`; a record row whose
/// scenario is not among them is `not_run`.
backtest_result make_backtest_result(const std::vector<backtest_scenario_meta>& metas,
                                     const std::vector<planned_care_run>& runs, const record& rec,
                                     std::uint64_t replications, const std::string& version);

/// The `strikesim.backtest/1` document.
nlohmann::ordered_json backtest_json(const backtest_result& result);
/// Two readable tables: the record against the model, then every action.
std::string backtest_text(const backtest_result& result);
/// One row per scenario, trust (or "total") and measure, with the record's columns where it has
/// a value, and a row for each record row whose scenario did not run.
std::string backtest_csv(const backtest_result& result);
/// A self-contained page: the model against the record on log axes (a scatter with the y = x
/// line and the x1.25 band), and the tables of the text.
std::string backtest_html(const backtest_result& result);

}  // namespace strikesim::model
