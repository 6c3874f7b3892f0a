// What the text and HTML reports show beside each figure, for every shipped scenario: the mean
// lies inside the range shown, or the row says why (the max or min, marked and explained); a
// figure the same in every outcome is one number; the decision table's caption says which way
// its rows go.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "scenario_with_sets.hpp"
#include "strikesim/analysis/summary.hpp"
#include "strikesim/reports/report.hpp"
#include "strikesim/reports/results.hpp"
#include "strikesim/reports/run_result.hpp"

namespace model = strikesim::model;
namespace fs = std::filesystem;

namespace {

const fs::path shipped = STRIKESIM_SCENARIOS;

std::string one_decimal(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return buf;
}

/// The line of `text` that starts with "  " and `label` (its first), or "".
std::string text_line(const std::string& text, const std::string& label) {
  const std::size_t at = text.find("\n  " + label);
  if (at == std::string::npos) return "";
  return text.substr(at + 1, text.find('\n', at + 1) - at - 1);
}

/// The HTML row of the key-figures table whose label is `label`, or "".
std::string html_row(const std::string& html, const std::string& label) {
  const std::size_t at = html.find("<tr><th scope=\"row\">" + label + "</th>");
  if (at == std::string::npos) return "";
  return html.substr(at, html.find("</tr>", at) - at);
}

/// "more" or "fewer" for the latest lead time against the earliest, or "" when they are within
/// 1 (which the page may round to the same number).
std::string direction(double late, double early) {
  if (std::abs(late - early) < 1) return "";
  return late > early ? "more" : "fewer";
}

model::stat stat_of(double mean, double sd, double p05, double p95, double min, double max) {
  model::stat s;
  s.mean = mean;
  s.sd = sd;
  s.p05 = p05;
  s.p50 = p05;
  s.p95 = p95;
  s.min = min;
  s.max = max;
  return s;
}

}  // namespace

TEST_CASE("a figure's shape: one number, a range with the mean inside, or the mean beyond it") {
  CHECK(model::shape_of(stat_of(710, 0, 710, 710, 710, 710)) == model::spread_shape::none);
  CHECK(model::shape_of(stat_of(14, 3, 9, 20, 5, 25)) == model::spread_shape::within);
  // Slots 710.8 with p05 = p95 = 710: a few outcomes of up to 877 lift the mean.
  CHECK(model::shape_of(stat_of(710.8, 12, 710, 710, 710, 877)) == model::spread_shape::mean_above);
  CHECK(model::shape_of(stat_of(4.5, 1, 5, 5, 0, 5)) == model::spread_shape::mean_below);
  // The mean of equal values off in the last bits of its sum is still inside.
  CHECK(model::shape_of(stat_of(710.0000000000001, 1e-13, 710, 710, 710, 710)) ==
        model::spread_shape::within);
}

TEST_CASE("the decision caption says which way a later decision goes, read from the rows") {
  model::decision_figures d;
  d.decision_days = 7;
  const auto row = [](double days, double ops, double slots, double hours) {
    model::lead_time_row r;
    r.days = days;
    r.operations.mean = ops;
    r.slots.mean = slots;
    r.unfilled_hours.mean = hours;
    return r;
  };
  // England, 12 January 2016: consultants need notice to act down, so deciding on the day
  // cancels more.
  d.by_lead_time = {row(0, 3720, 56793, 303), row(3, 2000, 25073, 0), row(7, 1200, 22388, 0)};
  const std::string more = model::decision_caption(d, 7);
  CHECK(more.find("deciding on the day rather than 7 days ahead cancels more operations (3,720 "
                  "against 1,200) and more outpatient slots (56,793 against 22,388), and leaves "
                  "emergency roles empty for more hours (303 against 0)") != std::string::npos);
  CHECK(more.find("cancels less") == std::string::npos);
  // Where a later decision does cancel less, the caption says so; rows given in any order.
  d.by_lead_time = {row(7, 14, 711.3, 0), row(1, 7, 526, 39.2)};
  const std::string fewer = model::decision_caption(d, 7);
  CHECK(fewer.find("deciding 1 day ahead rather than 7 days ahead cancels fewer operations (7 "
                   "against 14) and fewer outpatient slots (526 against 711), and leaves "
                   "emergency roles empty for more hours (39.2 against 0)") != std::string::npos);
  d.by_lead_time = {row(0, 0, 5, 0), row(7, 0, 5, 0)};
  CHECK(model::decision_caption(d, 7).find("cancels no operations either way and as many "
                                           "outpatient slots (5)") != std::string::npos);
  // One row: nothing to compare.
  d.by_lead_time = {row(7, 0, 5, 0)};
  CHECK(model::decision_caption(d, 7).find("Here") == std::string::npos);
}

TEST_CASE("every shipped scenario keeps each figure's mean inside the range shown, or says why") {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(shipped / "runs"))
    if (e.path().extension() == ".toml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 10);
  // Each with the regimes' assumptions drawn, and at their central values (the chance-only run
  // `strikesim run` shows beside it).
  struct shipped_run {
    fs::path file;
    std::vector<std::string> sets;
    bool draws;
  };
  std::vector<shipped_run> runs;
  for (const fs::path& file : files)
    for (const bool draws : {true, false})
      runs.push_back({file, {}, draws});
  // And one with a rare outcome: Kingston, April 2023, planned for the 80th percentile of
  // absence, cancels operations on the day in a few replications only.
  runs.push_back(
      {shipped / "runs/kingston/2023-04-11.toml", {"policy.plan_percentile=0.8"}, false});
  int one_number = 0, ranges = 0, beyond = 0;
  for (const shipped_run& one : runs) {
    // Not a structured binding: clang 14 (the WebAssembly build's) cannot capture one in CAPTURE.
    const auto& file = one.file;
    const auto& sets = one.sets;
    const bool draws = one.draws;
    CAPTURE(file);
    CAPTURE(sets.size());
    CAPTURE(draws);
    const model::scenario sc = strikesim_test::read_with_sets(file, sets);
    model::prepared_scenario prep = model::prepare(sc);
    prep.draw_parameters = draws;
    const model::outcome_summary summary = model::run_replications(prep, 40, 2);
    const model::run_result result = model::make_run_result(summary, "test");
    const std::string text = model::results_text(result);
    const std::string html = model::report_html(result);
    const model::run_figures& f = result.total;
    for (const model::metric& m : model::headline_metrics) {
      const model::stat& st = f.headline[m.figure];
      const std::string line = text_line(text, m.label_in_text());
      const std::string row = html_row(html, m.label_on_page());
      if (line.empty() && row.empty()) continue;  // not shown (no ED, never called off)
      CAPTURE(m.label);
      CAPTURE(line);
      CAPTURE(row);
      REQUIRE(!line.empty());
      REQUIRE(!row.empty());
      switch (model::shape_of(st)) {
        case model::spread_shape::none:
          // One number: no range in the text row, an empty range cell in the HTML.
          ++one_number;
          CHECK(line.find(" - ") == std::string::npos);
          CHECK(row.find("<td class=\"n\" data-label=\"range (p05-p95)\"></td>") !=
                std::string::npos);
          CHECK(text.find("(no range: the same in every simulated outcome)") != std::string::npos);
          break;
        case model::spread_shape::within:
          ++ranges;
          CHECK(st.mean >= st.p05 - 1e-9 * std::max(1.0, st.p05));
          CHECK(st.mean <= st.p95 + 1e-9 * std::max(1.0, st.p95));
          CHECK(line.find(")*") == std::string::npos);
          break;
        case model::spread_shape::mean_above:
          ++beyond;
          CHECK(st.mean > st.p95);
          CHECK(line.find("(max " + one_decimal(st.max) + ")*") != std::string::npos);
          CHECK(row.find("; max ") != std::string::npos);
          CHECK(text.find("* the mean lies outside p05-p95") != std::string::npos);
          CHECK(html.find("* The mean lies outside the 5th-95th percentile range") !=
                std::string::npos);
          break;
        case model::spread_shape::mean_below:
          CHECK(st.mean < st.p05);
          CHECK(line.find("(min " + one_decimal(st.min) + ")*") != std::string::npos);
          CHECK(row.find("; min ") != std::string::npos);
          break;
      }
    }
    // The headline gives the share of outcomes only beside a range.
    const std::string headline = model::report_headline(result);
    const bool any_range =
        model::shape_of(f.headline[model::hf_ops_advance]) != model::spread_shape::none ||
        model::shape_of(f.headline[model::hf_slots]) != model::spread_shape::none;
    CHECK((headline.find("(90% of simulated outcomes)") != std::string::npos) == any_range);

    // The decision caption goes the way the table does, latest lead time against earliest.
    const auto& rows = f.decision.by_lead_time;
    if (rows.size() < 2) continue;
    const auto by_days = [](const model::lead_time_row& a, const model::lead_time_row& b) {
      return a.days < b.days;
    };
    const model::lead_time_row& late = *std::min_element(rows.begin(), rows.end(), by_days);
    const model::lead_time_row& early = *std::max_element(rows.begin(), rows.end(), by_days);
    const std::string caption = model::decision_caption(f.decision, result.meta.rota_notice_days);
    REQUIRE(caption.find("Here") != std::string::npos);
    CHECK(html.find(caption.substr(caption.find("Here"), 80)) != std::string::npos);
    const std::string ops = direction(late.operations.mean, early.operations.mean);
    if (!ops.empty()) CHECK(caption.find("cancels " + ops + " operations") != std::string::npos);
    const std::string slots = direction(late.slots.mean, early.slots.mean);
    if (!slots.empty()) CHECK(caption.find(slots + " outpatient slots") != std::string::npos);
    CHECK(caption.find("a later decision cancels less") == std::string::npos);
  }
  // The shipped scenarios have both kinds of figure.
  CHECK(one_number > 0);
  CHECK(ranges > 0);
  // And, at 40 replications, some mean that rare outcomes lift above its range (such as
  // operations cancelled on the day: none in most outcomes, a whole list in a few; with the
  // assumptions drawn the ranges are wide enough that none is, at the central values some are).
  CHECK(beyond > 0);
}
