// Probabilistic sensitivity analysis: policy parameters given as distributions are drawn anew in
// each replication (each from a stream of its own), the advance plan follows the draw, a
// distribution without spread is a plain number, the bytes do not depend on the thread count or
// on whether equal draws share their plan, and every report gives the two parts of a range.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "strikesim/analysis/summary.hpp"
#include "strikesim/files/reader.hpp"
#include "strikesim/reports/report.hpp"
#include "strikesim/reports/results.hpp"
#include "strikesim/reports/run_result.hpp"

namespace model = strikesim::model;
namespace fs = std::filesystem;

namespace {

const fs::path shipped = STRIKESIM_SCENARIOS;
const fs::path data = fs::path(STRIKESIM_TEST_DATA) / "psa";

model::scenario kingston_with(const std::string& policy_file, int replications = 40) {
  model::scenario sc = model::read_scenario(shipped / "runs/kingston/2016-01-12.toml", {},
                                            {.action = {}, .policy = data / policy_file});
  sc.run.replications = replications;
  for (model::trust& t : sc.trusts)
    t.drawn
        .clear();  // the policy's parameters alone (tests/model/drawn_files_test.cpp: the trust's)
  return sc;
}

/// The result document of `sc` as `strikesim run` makes it (with the chance-only run when a
/// parameter is drawn), without its `scenario` object (which names the files).
nlohmann::ordered_json result_of(const model::scenario& sc, int threads, bool share_plans = true) {
  model::prepared_scenario prep = model::prepare(sc);
  prep.share_plans = share_plans;
  const model::outcome_summary full = model::run_replications(prep, sc.run.replications, threads);
  std::optional<model::outcome_summary> chance;
  if (model::has_drawn_parameters(sc)) {
    prep.draw_parameters = false;
    chance.emplace(model::run_replications(prep, sc.run.replications, threads));
  }
  nlohmann::ordered_json doc = model::results_json(model::make_run_result(
      full, "test", model::result_detail::everything, {}, chance ? &*chance : nullptr));
  doc.erase("scenario");
  return doc;
}

}  // namespace

TEST_CASE("a drawn planning parameter changes the advance cancellations between replications") {
  const model::scenario sc = kingston_with("drawn-planning.toml");
  REQUIRE(model::has_drawn_parameters(sc));
  const model::prepared_scenario prep = model::prepare(sc);
  const std::vector<model::replication_outcome> reps =
      model::run_replications_keeping_all(prep, sc.run.replications, 1);
  std::set<double> advance, percentiles;
  for (const model::replication_outcome& r : reps) {
    REQUIRE(r.drawn.size() == 3);  // plan_percentile, act_down_share, spa_cover (file order)
    CHECK(r.drawn[0] >= 0.3);
    CHECK(r.drawn[0] <= 0.9);
    percentiles.insert(r.drawn[0]);
    advance.insert(r.trusts[0].slots_cancelled_advance + r.trusts[0].ops_cancelled_advance);
  }
  CHECK(percentiles.size() == reps.size());
  CHECK(advance.size() > 3);

  SUBCASE("and the chance-only run keeps every drawn parameter at its central value") {
    model::prepared_scenario central = model::prepare(sc);
    central.draw_parameters = false;
    const std::vector<model::replication_outcome> plain =
        model::run_replications_keeping_all(central, sc.run.replications, 1);
    std::set<double> plain_advance;
    for (const model::replication_outcome& r : plain) {
      CHECK(r.drawn.empty());
      plain_advance.insert(r.trusts[0].slots_cancelled_advance + r.trusts[0].ops_cancelled_advance);
    }
    CHECK(plain_advance.size() == 1);  // the plan of the central values, every time
    // Common random numbers: the turnout drawn is the same replication by replication.
    for (std::size_t i = 0; i < plain.size(); ++i)
      CHECK(plain[i].participation == reps[i].participation);
  }
}

TEST_CASE("a distribution of zero spread reproduces the plain number's bytes") {
  const model::scenario zero = kingston_with("zero-spread.toml", 30);
  CHECK(zero.plan_policy.drawn.size() == 4);
  CHECK_FALSE(model::has_drawn_parameters(zero));
  const model::scenario plain = kingston_with("plain.toml", 30);
  CHECK(result_of(zero, 2).dump() == result_of(plain, 2).dump());
}

TEST_CASE("with drawn parameters, the same seed gives the same bytes on 1 and 2 threads") {
  const model::scenario sc = kingston_with("drawn-planning.toml", 60);
  const std::string one = result_of(sc, 1).dump();
  CHECK(one == result_of(sc, 2).dump());
  SUBCASE("and whether or not equal draws share one plan") {
    CHECK(one == result_of(sc, 2, false).dump());
  }
}

TEST_CASE("plans are made ahead, one for each set of draws that plans differently") {
  // Kingston 9-11 March 2016 as shipped: every drawn assumption of its files.
  model::scenario sc = model::read_scenario(shipped / "runs/kingston/2016-03-09.toml");
  const model::prepared_scenario prep = model::prepare(sc);
  REQUIRE(prep.plans);
  const std::vector<std::uint64_t> first = model::replications_that_plan(prep, 200);
  // Several plans, fewer than replications (equal draws share), the first replication first.
  REQUIRE(first.size() > 3);
  CHECK(first.size() < 100);
  CHECK(first.front() == 0);
  CHECK(std::is_sorted(first.begin(), first.end()));
  // The same replications, made with plans ahead and without, give the same bytes: planning
  // ahead changes only when a plan is made. And with nothing drawn, nothing is planned ahead.
  model::prepared_scenario lazy = model::prepare(sc);
  const auto kept = model::run_replications_keeping_all(lazy, 60, 2);  // plans as it goes
  model::outcome_summary folded(lazy);
  for (const model::replication_outcome& r : kept)
    folded.add(r);
  const model::outcome_summary ahead = model::run_replications(prep, 60, 2);
  CHECK(model::results_json(model::make_run_result(ahead, "t", model::result_detail::everything))
            .dump() ==
        model::results_json(model::make_run_result(folded, "t", model::result_detail::everything))
            .dump());
  model::prepared_scenario central = model::prepare(sc);
  central.draw_parameters = false;
  CHECK(model::replications_that_plan(central, 200).empty());
}

TEST_CASE("adding a drawn parameter leaves every other draw as it was") {
  const model::scenario a = kingston_with("drawn-planning.toml", 20);
  const model::scenario b = kingston_with("drawn-planning-and-reinstate.toml", 20);
  const model::prepared_scenario pa = model::prepare(a), pb = model::prepare(b);
  for (std::uint64_t r = 0; r < 20; ++r) {
    const model::replication_outcome x = model::simulate_replication(pa, r);
    const model::replication_outcome y = model::simulate_replication(pb, r);
    REQUIRE(y.drawn.size() == 4);
    CHECK(x.drawn[0] == y.drawn[0]);  // policy.plan_percentile
    CHECK(x.drawn[1] == y.drawn[1]);  // policy.act_down_share
    CHECK(x.drawn[2] == y.drawn[3]);  // policy.spa_cover (read after reinstate_share)
    CHECK(x.participation == y.participation);
    CHECK(x.trusts[0].ops_cancelled_advance == y.trusts[0].ops_cancelled_advance);
    CHECK(x.trusts[0].slots_cancelled_advance == y.trusts[0].slots_cancelled_advance);
  }
}

TEST_CASE("a coefficient zero up to rounding is shown as 0, without a sign") {
  CHECK(model::shown_coefficient(1e-13) == 0.0);
  CHECK_FALSE(std::signbit(model::shown_coefficient(-1e-13)));
  CHECK(model::shown_coefficient(-0.25) == -0.25);
}

TEST_CASE("the chance-only range is said to be narrower, as wide, or without range") {
  model::stat full, chance;
  full.p05 = 10;
  full.p95 = 30;
  chance.p05 = 15;
  chance.p95 = 20;
  CHECK(model::narrower(full, chance) == "75% narrower");
  CHECK(model::narrower(full, full) == "as wide");
  model::stat none;
  CHECK(model::narrower(none, none) == "no range either way");
}

TEST_CASE(
    "Kingston and England, 12 January 2016: advance cancellations with their drivers and "
    "the range of chance alone beside them") {
  for (const char* file : {"runs/kingston/2016-01-12.toml", "regions/england/2016-01-12.toml"}) {
    CAPTURE(file);
    model::scenario sc = model::read_scenario(shipped / file);
    const bool england = std::string(file).find("england") != std::string::npos;
    sc.run.replications = england ? 20 : 100;  // the drivers need 2 (inputs + 1)
    REQUIRE(model::has_drawn_parameters(sc));
    model::prepared_scenario prep = model::prepare(sc);
    const model::outcome_summary full = model::run_replications(prep, sc.run.replications, 2);
    prep.draw_parameters = false;
    const model::outcome_summary chance = model::run_replications(prep, sc.run.replications, 2);
    const model::run_result result =
        model::make_run_result(full, "test", model::result_detail::figures, {}, &chance);
    REQUIRE(result.parts);
    const model::range_parts& parts = *result.parts;
    const model::stat& ops = result.total.headline[model::hf_ops_advance];
    const model::stat& slots = result.total.headline[model::hf_slots];
    CHECK(slots.p95 > slots.p05);
    CHECK(parts.chance_only[model::hf_slots].p95 - parts.chance_only[model::hf_slots].p05 <
          slots.p95 - slots.p05);
    CHECK(ops.p95 > ops.p05);
    // Chance alone plans once, with the central values: one number.
    CHECK(parts.chance_only[model::hf_ops_advance].p95 ==
          parts.chance_only[model::hf_ops_advance].p05);
    if (!england) {
      // Kingston's consultants cover its lists at the central values (no list needs its resident
      // assistant): the operations it cancels come from the lists that do in some draws.
      CHECK(parts.chance_only[model::hf_ops_advance].p95 == 0);
      const auto at = std::find_if(
          parts.inputs.begin(), parts.inputs.end(),
          [](const model::drawn_input& in) { return in.key == "policy.assisted_share"; });
      REQUIRE(at != parts.inputs.end());
      const std::optional<double>& c =
          parts.drivers[model::hf_ops_advance][static_cast<std::size_t>(at - parts.inputs.begin())];
      REQUIRE(c);
      CHECK(*c > 0.3);  // more lists that need their assistant, more operations cancelled
    }
    // The drivers: a coefficient for each drawn input of each figure that varies.
    for (const model::headline_figure f : {model::hf_slots, model::hf_planned_care_maintained}) {
      REQUIRE(parts.drivers[f].size() == parts.inputs.size());
      CHECK(std::any_of(parts.drivers[f].begin(), parts.drivers[f].end(),
                        [](const std::optional<double>& c) { return c && std::abs(*c) > 0.1; }));
    }
    if (!england) {
      const std::string html = model::report_html(
          model::make_run_result(full, "test", model::result_detail::everything, {}, &chance));
      CHECK(html.find("<h2>What the ranges are made of</h2>") != std::string::npos);
      CHECK(html.find("<title>What drives the range of outpatient slots cancelled</title>") !=
            std::string::npos);
    }
    const std::string text = model::results_text(result);
    CHECK(text.find("The two parts of each range") != std::string::npos);
    CHECK(text.find("chance alone") != std::string::npos);
    CHECK(text.find("policy.plan_percentile") != std::string::npos);
    const nlohmann::ordered_json doc = model::results_json(result);
    CHECK(doc["uncertainty"]["figures"]["outpatient_slots.cancelled"]["chance_only"]["p95"] ==
          parts.chance_only[model::hf_slots].p95);
    const std::string csv = model::results_csv(doc);
    CHECK(csv.find("total,all,uncertainty.outpatient_slots.cancelled.chance_only,p95,") !=
          std::string::npos);
    CHECK(
        csv.find("uncertainty.outpatient_slots.cancelled.drivers.policy.plan_percentile,value,") !=
        std::string::npos);
  }
}

TEST_CASE(
    "a list's resident assistant: none needed is as if the file gave none, and lists that need "
    "theirs cancel more operations (Kingston, 12 January 2016)") {
  const auto run = [](const model::scenario& sc) {
    model::prepared_scenario prep = model::prepare(sc);
    prep.draw_parameters = false;  // the policy's value as set, in every replication
    const model::outcome_summary s = model::run_replications(prep, sc.run.replications, 2);
    return model::make_run_result(s, "test", model::result_detail::figures);
  };
  model::scenario sc = model::read_scenario(shipped / "runs/kingston/2016-01-12.toml");
  sc.run.replications = 20;
  std::size_t assisted = 0;
  for (const model::session& se : sc.trusts.at(0).sessions)
    assisted += static_cast<std::size_t>(std::count_if(
        se.roles.begin(), se.roles.end(), [](const model::role_need& r) { return r.assists; }));
  REQUIRE(assisted > 0);  // the shipped file gives its all-day lists an assistant

  sc.plan_policy.assisted_share = 0;
  const model::run_result none = run(sc);
  model::scenario without = sc;
  for (model::session& se : without.trusts.at(0).sessions)
    std::erase_if(se.roles, [](const model::role_need& r) { return r.assists; });
  const model::run_result plain = run(without);
  for (const model::headline_figure f :
       {model::hf_ops_advance, model::hf_ops_day, model::hf_slots, model::hf_unfilled}) {
    CAPTURE(f);
    CHECK(plain.total.headline[f].mean == none.total.headline[f].mean);
    CHECK(plain.total.headline[f].p95 == none.total.headline[f].p95);
  }

  double before = -1;
  for (const double share : {0.0, 0.5, 1.0}) {
    CAPTURE(share);
    sc.plan_policy.assisted_share = share;
    const double ops = run(sc).total.headline[model::hf_ops_advance].mean;
    CHECK(ops >= before);
    before = ops;
  }
  CHECK(before > none.total.headline[model::hf_ops_advance].mean);
}
