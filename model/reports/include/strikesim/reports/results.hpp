#pragma once
/// The result of a run as `strikesim.result/1` JSON, as a readable table and as tidy CSV.

#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "strikesim/analysis/summary.hpp"

namespace strikesim::model {

/// {"mean", "sd", "p05", "p50", "p95", "ci95": [lo, hi]}
nlohmann::ordered_json stat_to_json(const stat& s);

struct headline_name {
  const char* key;    // as in the JSON: "elective_operations.cancelled_in_advance"
  const char* label;  // as in the text report: "operations cancelled in advance"
};
inline constexpr std::array<headline_name, hf_count> headline_names{{
    {"elective_operations.cancelled_in_advance", "operations cancelled in advance"},
    {"elective_operations.cancelled_on_the_day", "operations cancelled on the day"},
    {"outpatient_slots.cancelled", "outpatient slots cancelled"},
    {"emergency_care.unfilled_emergency_role_hours", "unfilled emergency role hours"},
    {"cover.consultant_act_down_hours", "consultant hours acting down"},
    {"emergency_care.ed_attendances", "ED attendances"},
    {"emergency_care.four_hour_percent", "ED seen within 4 hours (%)"},
    {"emergency_care.mean_minutes_in_department", "ED mean minutes in department"},
    {"decision.unnecessary_cancellations", "cancelled for an action called off"},
    {"recovery.patient_days_delay", "patient-days of delay"},
}};

/// The headline figures of trust `index`, or of all trusts together (`all_trusts`), summarised.
struct headline {
  const char* key;
  const char* label;
  stat value;
};
std::vector<headline> headline_metrics(const outcome_summary& summary, std::size_t index);

/// A `strikesim.result/1` document in tidy long form: one row per trust (or "total"), specialty
/// ("all" for the whole trust), metric and statistic.
std::string results_csv(const nlohmann::ordered_json& result);

/// A field for a CSV file (RFC 4180): quoted when it holds a comma, a quote or a line break.
std::string csv_field(std::string_view text);
/// A number as CSV and JSON write it: the shortest text that reads back as the same double.
std::string number_text(double x);

/// The `strikesim.result/1` document.
nlohmann::ordered_json results_json(const outcome_summary& summary, const std::string& version);

/// A readable table with ranges.
std::string results_text(const outcome_summary& summary);

}  // namespace strikesim::model
