#pragma once
/// What several writers of the reports library share (internal: not installed, not included
/// outside model/reports/src).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "strikesim/analysis/metrics.hpp"
#include "strikesim/reports/run_result.hpp"

namespace strikesim::model::detail {

/// A JSON object of `fields` in their order, each value moved in: nlohmann's initializer lists
/// copy every value through a json_ref (14% of writing England's result, callgrind).
template <class... Value>
nlohmann::ordered_json object_of(std::pair<const char*, Value>... fields) {
  nlohmann::ordered_json j;
  ((j[fields.first] = std::move(fields.second)), ...);
  return j;
}

/// One field of object_of.
template <class Value>
std::pair<const char*, Value> kv(const char* key, Value value) {
  return {key, std::move(value)};
}

/// 1,416 / 14.0 / 0.35: counts with thousands separators, small values with a decimal (the HTML
/// pages).
std::string num(double x);

/// A row of the text and HTML tables of key figures: a headline figure, or (`figure` null) the
/// days until the backlog is rebooked.
struct key_row {
  const metric* figure = nullptr;
};
/// The rows of those tables for a trust (or the total) with or without an emergency department
/// and with the share of outcomes in which the action was called off: the headline figures
/// their hints keep, the backlog's days before the recovery figures.
std::vector<key_row> key_figure_rows(bool has_ed, double called_off_share);

/// The planned count figure `m` is "of" (operations or outpatient slots), if any.
std::optional<double> planned_of(const metric& m, const run_figures& f);
/// What the tables of key figures say beside figure `m`: "of " and the planned count written by
/// `number`, its unit, or nothing.
std::string aside_text(const metric& m, const run_figures& f, std::string (*number)(double));

/// `name` with the action and the policy run instead of the file's own, where given ("Kingston
/// ... — with action 96-hour full walk-out and policy Decide late"); empty names add nothing.
std::string with_swaps(const std::string& name, const std::string& action_name,
                       const std::string& policy_name);

/// `word` as a POSIX shell reads it: as it is when it holds nothing the shell would change, else
/// in single quotes.
std::string shell_word(const std::string& word);

/// The HTML template with each {{key}} replaced once by its value (HTML already).
std::string fill_page(const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace strikesim::model::detail
