// The table of headline figures (strikesim/analysis/metrics.hpp) against what the writers write:
// each figure once, at its key in the result JSON with the typed result's numbers, and in each
// specialty where the table says so.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "strikesim/analysis/metrics.hpp"
#include "strikesim/analysis/summary.hpp"
#include "strikesim/files/reader.hpp"
#include "strikesim/reports/results.hpp"
#include "strikesim/reports/run_result.hpp"

namespace model = strikesim::model;

namespace {

/// The value at a dotted key ("group.name") of a JSON object.
const nlohmann::ordered_json& at_key(const nlohmann::ordered_json& j, const model::metric& m) {
  return j.at(model::key_of(m.group)).at(m.name);
}

/// The worked example's result (emergency care only) over `replications`, on two threads.
model::run_result example_result(int replications) {
  const model::scenario sc =
      model::read_scenario(std::filesystem::path(STRIKESIM_TEST_DATA) / "example-general" /
                           "scenario-emergency-only.toml");
  const model::prepared_scenario prep = model::prepare(sc);
  return model::make_run_result(model::run_replications(prep, replications, 2), "test");
}

}  // namespace

TEST_CASE("every headline figure has its own key and label") {
  std::set<std::string> keys, labels;
  for (const model::metric& m : model::headline_metrics) {
    CHECK(keys.insert(m.key()).second);
    CHECK(labels.insert(m.label).second);
    CHECK(std::string(m.unit) != "");
  }
}

TEST_CASE("the result JSON holds each headline figure at its key, as the typed result has it") {
  const model::run_result result = example_result(6);
  const nlohmann::ordered_json doc = model::results_json(result);
  REQUIRE(doc.at("trusts").size() == result.trusts.size());
  for (const model::metric& m : model::headline_metrics) {
    CAPTURE(m.key());
    CHECK(at_key(doc.at("total"), m).at("mean") == result.total.headline[m.figure].mean);
    for (std::size_t i = 0; i < result.trusts.size(); ++i) {
      const model::trust_result& t = result.trusts[i];
      const nlohmann::ordered_json& tj = doc.at("trusts")[i];
      CHECK(at_key(tj, m).at("p95") == t.figures.headline[m.figure].p95);
      for (std::size_t s = 0; s < t.by_specialty.size(); ++s) {
        const nlohmann::ordered_json& sj = tj.at("by_specialty")[s];
        const bool listed =
            sj.contains(model::key_of(m.group)) && sj.at(model::key_of(m.group)).contains(m.name);
        CHECK(listed == m.by_specialty);
        if (listed) CHECK(at_key(sj, m).at("mean") == t.by_specialty[s].headline[m.figure].mean);
      }
    }
  }
}

TEST_CASE("the text table reads only the figures, so a result of figures alone writes it whole") {
  const model::scenario sc =
      model::read_scenario(std::filesystem::path(STRIKESIM_TEST_DATA) / "example-general" /
                           "scenario-emergency-only.toml");
  const model::prepared_scenario prep = model::prepare(sc);
  const model::outcome_summary summary = model::run_replications(prep, 6, 2);
  const model::run_result figures =
      model::make_run_result(summary, "test", model::result_detail::figures);
  const model::run_result everything = model::make_run_result(summary, "test");
  CHECK(figures.trusts.front().sessions.empty());
  CHECK_FALSE(everything.trusts.front().sessions.empty());
  CHECK(model::results_text(figures) == model::results_text(everything));
}

TEST_CASE("a confidence interval stays within the values its figure can take") {
  strikesim::sim::streaming_sample zeros_and_one;  // a count that is mostly 0: mean - t*se < 0
  for (const double x : {0.0, 0.0, 0.0, 0.0, 5.0})
    zeros_and_one.add(x);
  CHECK(model::summarise(zeros_and_one).ci_low < 0);
  const model::stat count =
      model::summarise(model::headline_metrics[model::hf_unfilled], zeros_and_one);
  CHECK(count.ci_low == 0);
  CHECK(count.ci_high == model::summarise(zeros_and_one).ci_high);
  CHECK(count.mean == 1);

  strikesim::sim::streaming_sample near_full;  // a percentage near 100: mean + t*se > 100
  for (const double x : {100.0, 100.0, 100.0, 100.0, 90.0})
    near_full.add(x);
  CHECK(model::summarise(near_full).ci_high > 100);
  const model::stat share =
      model::summarise(model::headline_metrics[model::hf_four_hour], near_full);
  CHECK(share.ci_high == 100);
  CHECK(share.ci_low == model::summarise(near_full).ci_low);
}

TEST_CASE("every headline figure says which values it can take: percentages are the ones in %") {
  for (const model::metric& m : model::headline_metrics) {
    CAPTURE(m.key());
    CHECK((m.range == model::value_range::percent) == (std::string_view(m.unit) == "%"));
  }
}

namespace {
/// Every "ci95" under `j` with its path.
void lower_bounds(const nlohmann::ordered_json& j, const std::string& path,
                  std::vector<std::pair<std::string, double>>& out) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      if (key == "ci95")
        out.emplace_back(path, value.at(0).get<double>());
      else
        lower_bounds(value, std::string(path).append(".").append(key), out);
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      lower_bounds(j[i], path + "[" + std::to_string(i) + "]", out);
  }
}
}  // namespace

TEST_CASE("no confidence interval of a run's result reaches below zero") {
  // Every figure of a run is a count, a duration, a queue, a share or a percentage.
  const nlohmann::ordered_json doc = model::results_json(example_result(3));
  std::vector<std::pair<std::string, double>> bounds;
  lower_bounds(doc, "", bounds);
  CHECK(bounds.size() > 50);
  for (const auto& bound : bounds) {
    CAPTURE(bound.first);
    CHECK(bound.second >= 0);
  }
}
