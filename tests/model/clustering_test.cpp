// Clustered striking (action.clustering): doctors of one department decide together, so each
// department draws its own participation around the national one (docs/model.md, "What a strike
// is").
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "scenario_with_sets.hpp"
#include "strikesim/analysis/summary.hpp"
#include "strikesim/hospital/simulate.hpp"
#include "strikesim/hospital/turnout.hpp"

namespace model = strikesim::model;
namespace fs = std::filesystem;

TEST_CASE("a department's participation keeps the national mean and rises with it") {
  for (const double clustering : {0.05, 0.2, 0.6}) {
    for (const double p : {0.1, 0.36, 0.74, 0.95}) {
      CAPTURE(clustering);
      CAPTURE(p);
      // The mean over the department's quantiles (midpoints of 2,000 equal bins) is p.
      const int bins = 2000;
      double sum = 0, sum_sq = 0;
      for (int i = 0; i < bins; ++i) {
        const double q = model::department_participation(p, clustering, (i + 0.5) / bins);
        sum += q;
        sum_sq += q * q;
      }
      const double mean = sum / bins, variance = sum_sq / bins - mean * mean;
      CHECK(mean == doctest::Approx(p).epsilon(1e-3));
      // A beta-binomial's intraclass correlation: variance = clustering x p(1-p).
      CHECK(variance == doctest::Approx(clustering * p * (1 - p)).epsilon(0.02));
      // For the same uniform number, a higher national rate gives a higher department rate.
      for (const double u : {0.01, 0.3, 0.5, 0.9, 0.999})
        CHECK(model::department_participation(p + 0.02, clustering, u) >=
              model::department_participation(p, clustering, u));
    }
  }
  // No clustering, or a rate of 0 or 1: the national rate itself.
  CHECK(model::department_participation(0.4, 0, 0.9) == 0.4);
  CHECK(model::department_participation(0.0, 0.3, 0.9) == 0.0);
  CHECK(model::department_participation(1.0, 0.3, 0.1) == 1.0);
}

TEST_CASE("clustered striking widens a trust's range and changes nothing without it") {
  // Kingston, 12 January 2016 (planned for the median turnout) with 40% of its juniors out, same
  // seed: operations and slots cancelled on the day in each of 40 replications, with departments
  // deciding independently and together. (At the action's own 88%, clustering makes every
  // department's median absence all its juniors, and everything is cancelled in advance.)
  const fs::path file = fs::path(STRIKESIM_SCENARIOS) / "runs/kingston/2016-01-12.toml";
  auto cancelled_by_replication = [&](const std::string& clustering) {
    std::vector<std::string> sets{"action.participation=0.4"};
    if (!clustering.empty()) sets.push_back("action.clustering=" + clustering);
    const model::scenario sc = strikesim_test::read_with_sets(file, sets);
    std::vector<double> out;
    for (const auto& rep : model::run_replications_keeping_all(model::prepare(sc), 40, 2)) {
      double cancelled = 0;
      for (const auto& trust : rep.trusts)
        cancelled += trust.ops_cancelled_day + trust.slots_cancelled_day;
      out.push_back(cancelled);
    }
    return out;
  };
  auto spread = [](const std::vector<double>& xs) {
    double mean = 0;
    for (const double x : xs)
      mean += x / static_cast<double>(xs.size());
    double ss = 0;
    for (const double x : xs)
      ss += (x - mean) * (x - mean);
    return std::sqrt(ss / static_cast<double>(xs.size() - 1));
  };
  const std::vector<double> plain = cancelled_by_replication("");
  CHECK(cancelled_by_replication("0") == plain);  // clustering 0 draws nothing more
  const std::vector<double> clustered = cancelled_by_replication("0.3");
  CAPTURE(spread(plain));
  CAPTURE(spread(clustered));
  CHECK(spread(clustered) > 1.5 * spread(plain));
}

TEST_CASE("a service's doctors never fall below the roles it filled, whoever is redeployed") {
  // Kingston, 26-27 April 2016 (a full walk-out: idle seniors, consultants freed from their SPA
  // time among them, go to the ED where its strike cover allows). In every hour of every
  // replication each service has at least the doctors its filled roles need: margin (doctors less
  // roles) plus the role hours left empty is never negative. A redeployed doctor leaves his home
  // service only if he was counted there.
  const fs::path file = fs::path(STRIKESIM_SCENARIOS) / "runs/kingston/2016-04-26.toml";
  const model::scenario sc = strikesim_test::read_with_sets(file, {});
  const model::prepared_scenario prep = model::prepare(sc);
  const auto hours = static_cast<std::size_t>(prep.report_hours);
  double worst = 0;
  std::size_t cells = 0;
  for (const auto& rep : model::run_replications_keeping_all(prep, 20, 2)) {
    const model::trust_outcome& out = rep.trusts.at(0);
    REQUIRE(out.service_margin_by_hour.size() == out.services.size() * hours);
    for (std::size_t c = 0; c < out.service_margin_by_hour.size(); ++c) {
      worst = std::min(worst, static_cast<double>(out.service_margin_by_hour[c] +
                                                  out.service_unfilled_by_hour[c]));
      ++cells;
    }
  }
  CHECK(cells > 0);
  CHECK(worst >= -1e-4);
}
