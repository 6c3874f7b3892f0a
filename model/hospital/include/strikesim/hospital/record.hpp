#pragma once
/// The historical record the backtest compares the model with: outcomes of past actions, each
/// naming the shipped scenario that models it, what was measured, the value, its source and a
/// tolerance (plain data, read by files/record.hpp from scenarios/backtest/record.toml).
/// Only the training set of shared/history.md belongs in it.

#include <array>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "strikesim/hospital/scenario.hpp"

namespace strikesim::model {

/// What the backtest measures, in the order of its tables.
enum class planned_care_measure : std::size_t {
  operations,            // elective operations cancelled, in advance and on the day
  outpatient_slots,      // outpatient slots cancelled, in advance and on the day
  operations_and_slots,  // both together
  maintained_percent,    // planned operations and slots kept, of those planned (%)
  count
};
inline constexpr std::size_t planned_care_measures =
    static_cast<std::size_t>(planned_care_measure::count);
/// The measures' keys in the record file, the JSON and the CSV.
inline constexpr std::array<const char*, planned_care_measures> planned_care_keys = {
    "operations", "outpatient_slots", "operations_and_slots", "planned_care_maintained_percent"};
/// The measures' labels in the text and HTML tables.
inline constexpr std::array<const char*, planned_care_measures> planned_care_labels = {
    "operations cancelled", "outpatient slots cancelled", "operations and slots cancelled",
    "planned care maintained (%)"};
inline const char* key_of(planned_care_measure m) {
  return planned_care_keys[static_cast<std::size_t>(m)];
}
inline const char* label_of(planned_care_measure m) {
  return planned_care_labels[static_cast<std::size_t>(m)];
}
/// A count (the other measure is a percentage).
inline bool is_count(planned_care_measure m) {
  return m != planned_care_measure::maintained_percent;
}

/// How far the model may be from a recorded value and still agree with it.
struct record_tolerance {
  enum class kind {
    informative,  // shown beside the model, never checked
    factor,       // model / record within [1 / value, value] (counts)
    points        // |model - record| <= value percentage points (shares)
  };
  kind how = kind::informative;
  double value = 0;

  [[nodiscard]] bool checked() const { return how != kind::informative; }
  /// Whether `model` agrees with `record`; always true for an informative row. A factor
  /// tolerance against a record of 0 admits only a model of 0.
  [[nodiscard]] bool admits(double model, double record) const {
    switch (how) {
      case kind::factor:
        if (record == 0) return model == 0;
        return model >= record / value && model <= record * value;
      case kind::points:
        return std::abs(model - record) <= value;
      case kind::informative:
        break;
    }
    return true;
  }
};

/// model / record, or nothing when the record is 0.
inline std::optional<double> record_ratio(double model, double record) {
  if (record == 0) return std::nullopt;
  return model / record;
}

/// One recorded outcome.
struct record_row {
  std::string scenario;  // the shipped scenario that models the action, relative to the
                         // scenarios folder ("regions/england/2016-01-12.toml")
  std::string trust;     // a trust of that scenario, or empty for all its trusts together
  planned_care_measure measure = planned_care_measure::operations;
  double value = 0;
  record_tolerance tolerance;
  std::string source;  // who published it
  std::string note;    // what it counts and how that differs from the model's measure
  source_ref where;    // the row in the record file
  source_ref where_scenario, where_trust;
};

struct record {
  std::string file;
  std::string name;
  std::vector<record_row> rows;  // in file order
};

}  // namespace strikesim::model
