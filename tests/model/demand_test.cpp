// Demand on strike days (action.demand): ED attendances and emergency admissions change inside
// the action's windows only, and not at all in a replication in which the action is called off.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "scenario_with_sets.hpp"
#include "strikesim/analysis/summary.hpp"
#include "strikesim/files/reader.hpp"
#include "strikesim/hospital/simulate.hpp"

namespace model = strikesim::model;
namespace fs = std::filesystem;

using strikesim_test::read_with_sets;

namespace {

const fs::path scenarios = STRIKESIM_SCENARIOS;
const fs::path data = STRIKESIM_TEST_DATA;

/// Whether hour `h` of the run lies wholly inside, or wholly outside, the action's windows.
bool inside(const model::scenario& sc, std::size_t h) {
  const double from = 60.0 * static_cast<double>(h);
  for (const model::window& w : sc.windows)
    if (from >= w.start.value() && from + 60 <= w.end.value()) return true;
  return false;
}
bool outside(const model::scenario& sc, std::size_t h) {
  const double from = 60.0 * static_cast<double>(h);
  for (const model::window& w : sc.windows)
    if (from < w.end.value() && w.start.value() < from + 60) return false;
  return true;
}

}  // namespace

TEST_CASE("the change of ED attendances applies inside the action's windows only") {
  const model::scenario sc = read_with_sets(scenarios / "runs/kingston/2016-01-12.toml");
  REQUIRE(sc.action.demand.ed_attendances == doctest::Approx(-0.068));  // the default
  const model::prepared_scenario prep = model::prepare(sc);
  const model::prepared_trust& kingston = prep.trusts.front();
  const std::vector<double>& normal = kingston.arrivals_per_minute_by_hour;
  const std::vector<double>& strike = kingston.arrivals_per_minute_by_hour_in_action;
  REQUIRE(normal.size() == strike.size());
  int hours_inside = 0;
  for (std::size_t h = 0; h < normal.size(); ++h) {
    CAPTURE(h);
    if (inside(sc, h)) {
      ++hours_inside;
      CHECK(strike[h] == doctest::Approx(normal[h] * (1 - 0.068)));
    } else if (outside(sc, h)) {
      CHECK(strike[h] == normal[h]);
    }
  }
  CHECK(hours_inside == 24);  // 08:00 on 12 January to 08:00 on 13 January

  // No change asked, none made.
  const model::scenario unchanged = read_with_sets(scenarios / "runs/kingston/2016-01-12.toml",
                                                   {"action.demand.ed_attendances=0"});
  const model::prepared_scenario same = model::prepare(unchanged);
  CHECK(same.trusts.front().arrivals_per_minute_by_hour_in_action == normal);
}

TEST_CASE("fewer ED attendances on a strike day, in proportion to the hours of the action") {
  // Half the attendances inside the 24-hour window: the report period's mean attendances fall by
  // half of the window's share of the report period's expected arrivals.
  const fs::path file = scenarios / "runs/kingston/2016-01-12.toml";
  const model::scenario normal_sc = read_with_sets(file, {"action.demand.ed_attendances=0"});
  const model::scenario half_sc = read_with_sets(file, {"action.demand.ed_attendances=-0.5"});
  const model::prepared_scenario normal = model::prepare(normal_sc);
  const model::prepared_scenario half = model::prepare(half_sc);
  double expected_normal = 0, expected_half = 0;
  const auto first = static_cast<std::size_t>(normal_sc.report_start.value() / 60);
  for (std::size_t h = first; h < first + static_cast<std::size_t>(normal.report_hours); ++h) {
    expected_normal += normal.trusts.front().arrivals_per_minute_by_hour_in_action[h] * 60;
    expected_half += half.trusts.front().arrivals_per_minute_by_hour_in_action[h] * 60;
  }
  constexpr int replications = 200;
  double seen_normal = 0, seen_half = 0;
  for (const auto& r : model::run_replications_keeping_all(normal, replications, 2))
    seen_normal += r.trusts.front().ed_attendances;
  for (const auto& r : model::run_replications_keeping_all(half, replications, 2))
    seen_half += r.trusts.front().ed_attendances;
  seen_normal /= replications;
  seen_half /= replications;
  CAPTURE(seen_normal);
  CAPTURE(seen_half);
  CAPTURE(expected_normal);
  CAPTURE(expected_half);
  // Poisson counts: 4 standard errors of the mean.
  CHECK(std::abs(seen_normal - expected_normal) < 4 * std::sqrt(expected_normal / replications));
  CHECK(std::abs(seen_half - expected_half) < 4 * std::sqrt(expected_half / replications));
  CHECK(expected_half < 0.8 * expected_normal);
}

TEST_CASE("fewer emergency admissions inside the window: the take clerks fewer") {
  // tests/model/data/ward-work: every ED patient is admitted to the take, whose own tasks do
  // not change. Halving admissions (attendances unchanged) takes half the admissions off the
  // take's work: its requests served fall by half the attendances.
  const fs::path file = data / "ward-work" / "scenario-1.toml";
  const model::scenario normal_sc = read_with_sets(
      file, {"action.demand.emergency_admissions=0", "action.demand.ed_attendances=0"});
  const model::scenario fewer_sc = read_with_sets(
      file, {"action.demand.emergency_admissions=-0.5", "action.demand.ed_attendances=0"});
  const model::prepared_scenario normal = model::prepare(normal_sc);
  const model::prepared_scenario fewer = model::prepare(fewer_sc);
  constexpr int replications = 20;
  double take_normal = 0, take_fewer = 0, attendances = 0;
  const auto a = model::run_replications_keeping_all(normal, replications, 2);
  const auto b = model::run_replications_keeping_all(fewer, replications, 2);
  for (int r = 0; r < replications; ++r) {
    take_normal += a[static_cast<std::size_t>(r)].trusts.front().services[1].served;
    take_fewer += b[static_cast<std::size_t>(r)].trusts.front().services[1].served;
    attendances += a[static_cast<std::size_t>(r)].trusts.front().ed_attendances;
    // Attendances are drawn alike: the change is in who is admitted, not who comes.
    CHECK(b[static_cast<std::size_t>(r)].trusts.front().ed_attendances ==
          a[static_cast<std::size_t>(r)].trusts.front().ed_attendances);
  }
  const double dropped = take_normal - take_fewer;
  CAPTURE(dropped);
  CAPTURE(attendances);
  // Binomial: each admission dropped with probability 1/2.
  CHECK(std::abs(dropped - 0.5 * attendances) < 4 * std::sqrt(0.25 * attendances));
}

TEST_CASE("no change of demand in a replication in which the action is called off") {
  // 26 January 2016 was called off: whatever the demand change, every replication is the same.
  const fs::path file = scenarios / "runs/kingston/2016-01-26.toml";
  const model::scenario sc = read_with_sets(file);
  const model::scenario changed = read_with_sets(
      file, {"action.demand.ed_attendances=-0.5", "action.demand.emergency_admissions=0.5"});
  const auto a = model::run_replications_keeping_all(model::prepare(sc), 5, 2);
  const auto b = model::run_replications_keeping_all(model::prepare(changed), 5, 2);
  for (std::size_t r = 0; r < a.size(); ++r) {
    REQUIRE(a[r].called_off);
    CHECK(a[r].trusts.front().ed_attendances == b[r].trusts.front().ed_attendances);
    CHECK(a[r].trusts.front().ed_time_sum == b[r].trusts.front().ed_time_sum);
  }
}
