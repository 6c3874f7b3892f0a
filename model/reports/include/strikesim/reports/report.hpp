#pragma once
/// The HTML report: one self-contained page (no scripts, fonts, images or requests) built from a
/// `strikesim.result/1` document and the template model/reports/template/report.html, with charts
/// from svg.hpp. Every string from a scenario file is escaped.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace strikesim::model {

/// The plain-English headline of a result, e.g. "Kingston ... would cancel 14-14 of 105 planned
/// operations and 710-710 of 1,416 outpatient slots (90% of simulated outcomes)."
std::string report_headline(const nlohmann::ordered_json& result);

/// Doctors the advance cover plan expects at work and doctors the emergency roles need, for each
/// report hour of one trust of a result (0 and 0 for an hour no shift of the action covers).
struct staffing_hour {
  std::string hour;  // "2016-01-12T08:00"
  double present = 0;
  double needed = 0;
};
std::vector<staffing_hour> staffing_by_hour(const nlohmann::ordered_json& trust);

/// The whole page.
std::string report_html(const nlohmann::ordered_json& result);

/// The page of a sweep (`strikesim.sweep/1`): what drives each headline figure, as ranked bars of
/// standardized regression coefficients with R^2, and every point's figures.
std::string sweep_report_html(const nlohmann::ordered_json& sweep);

}  // namespace strikesim::model
