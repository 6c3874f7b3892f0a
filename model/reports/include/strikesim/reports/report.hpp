#pragma once
/// The HTML report of a run: one self-contained page (no scripts, fonts, images or requests)
/// built from the typed result of a run and the template model/reports/template/report.html,
/// with charts from svg.hpp. Every string from a scenario file is escaped.

#include <string>
#include <vector>

#include "strikesim/reports/run_result.hpp"

namespace strikesim::model {

/// The plain-English headline of a result, e.g. "Kingston ... would cancel 14-14 of 105 planned
/// operations and 710-710 of 1,416 outpatient slots (90% of simulated outcomes)."
std::string report_headline(const run_result& result);

/// Doctors the advance cover plan expects at work and doctors the emergency roles need, for each
/// report hour of one trust of a result (0 and 0 for an hour no shift of the action covers).
struct staffing_hour {
  std::string hour;  // "2016-01-12T08:00"
  double present = 0;
  double needed = 0;
};
std::vector<staffing_hour> staffing_by_hour(const trust_result& trust);

/// The whole page.
std::string report_html(const run_result& result);

}  // namespace strikesim::model
