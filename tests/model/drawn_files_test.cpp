// Trust-file and action-file parameters given as distributions: a trust's scales of its
// sessions' counts (one draw a trust, or one for the country) and the action's demand change
// (one for the country), each drawn from a stream of its own, in the drivers table and at their
// central values in the chance-only run.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "strikesim/analysis/compare.hpp"
#include "strikesim/analysis/summary.hpp"
#include "strikesim/files/reader.hpp"
#include "strikesim/reports/compare_report.hpp"
#include "strikesim/reports/results.hpp"
#include "strikesim/reports/run_result.hpp"

namespace model = strikesim::model;
namespace fs = std::filesystem;

namespace {

const fs::path shipped = STRIKESIM_SCENARIOS;

/// Kingston on 12 January 2016 without the shipped trust file's drawn scales (each test adds its
/// own) and with the shipped policy's.
model::scenario kingston(int replications) {
  model::scenario sc = model::read_scenario(shipped / "runs/kingston/2016-01-12.toml");
  sc.run.replications = replications;
  sc.trusts[0].drawn.clear();
  return sc;
}

/// A drawn parameter as the reader makes it.
model::drawn_parameter drawn(const std::string& key, model::drawn_target target,
                             model::distribution_spec dist, double central,
                             model::draw_scope scope) {
  model::drawn_parameter p;
  p.key = key;
  p.target = target;
  p.scope = scope;
  p.dist = dist;
  p.central = central;
  return p;
}

model::drawn_parameter slots_scale(double low, double high,
                                   model::draw_scope scope = model::draw_scope::trust) {
  return drawn("trust.slots_scale", model::drawn_target::slots_scale,
               model::distribution_spec::uniform(low, high), (low + high) / 2, scope);
}

model::drawn_parameter operations_scale(double low, double mode, double high) {
  return drawn("trust.operations_scale", model::drawn_target::operations_scale,
               model::distribution_spec::triangular(low, mode, high), mode,
               model::draw_scope::trust);
}

model::drawn_parameter ed_change(double low, double high) {
  return drawn("action.demand.ed_attendances", model::drawn_target::ed_attendances,
               model::distribution_spec::uniform(low, high), (low + high) / 2,
               model::draw_scope::country);
}

/// `sc` with its trust twice, as a composite's copies are.
model::scenario twice(model::scenario sc) {
  sc.trusts[0].copy_of = sc.trusts[0].id;
  model::trust copy = sc.trusts[0];
  copy.id += "#2";
  sc.trusts.push_back(copy);
  return sc;
}

/// The result document as `strikesim run` makes it, without its `scenario` object.
std::string result_of(const model::scenario& sc) {
  model::prepared_scenario prep = model::prepare(sc);
  const model::outcome_summary full = model::run_replications(prep, sc.run.replications, 2);
  std::optional<model::outcome_summary> chance;
  if (model::has_drawn_parameters(sc)) {
    prep.draw_parameters = false;
    chance.emplace(model::run_replications(prep, sc.run.replications, 2));
  }
  nlohmann::ordered_json doc = model::results_json(model::make_run_result(
      full, "test", model::result_detail::everything, {}, chance ? &*chance : nullptr));
  doc.erase("scenario");
  return doc.dump();
}

}  // namespace

TEST_CASE("a trust's drawn slots scale changes the slots it counts between replications") {
  model::scenario sc = kingston(30);
  sc.trusts[0].drawn.push_back(slots_scale(0.8, 1.2));
  REQUIRE(model::has_drawn_parameters(sc));
  const model::prepared_scenario prep = model::prepare(sc);
  const double planned = prep.trusts[0].planned_slots;
  std::set<double> cancelled, scales;
  for (const model::replication_outcome& r :
       model::run_replications_keeping_all(prep, sc.run.replications, 1)) {
    REQUIRE(r.drawn.size() == prep.plan->drawn.size() + 1);  // the policy's, then the trust's
    const double scale = r.drawn.back();
    CHECK(scale >= 0.8);
    CHECK(scale <= 1.2);
    scales.insert(scale);
    CHECK(r.trusts[0].planned_slots == doctest::Approx(planned * scale));
    cancelled.insert(r.trusts[0].slots_cancelled_advance);
    // Scaled counts are fractions; their backlog still empties to zero, not to a rounding residue.
    CHECK(*std::min_element(r.backlog_slots.begin(), r.backlog_slots.end()) == 0.0F);
  }
  CHECK(scales.size() == 30);
  CHECK(cancelled.size() > 3);

  SUBCASE("the chance-only run keeps it at its central value") {
    model::prepared_scenario central = model::prepare(sc);
    central.draw_parameters = false;
    for (const model::replication_outcome& r :
         model::run_replications_keeping_all(central, sc.run.replications, 1)) {
      CHECK(r.drawn.empty());
      CHECK(r.trusts[0].planned_slots == planned);
    }
  }
  SUBCASE("the drivers table lists it and the chance-only range is narrower") {
    const nlohmann::json doc = nlohmann::json::parse(result_of(sc));
    const nlohmann::json& inputs = doc.at("uncertainty").at("inputs");
    REQUIRE_FALSE(inputs.empty());
    CHECK(inputs.back().at("key") == "trust.slots_scale");
    CHECK(inputs.back().at("scope") == "trust");
    const nlohmann::json& slots =
        doc.at("uncertainty").at("figures").at("outpatient_slots.cancelled");
    CHECK(slots.at("drivers").contains("trust.slots_scale"));
    const nlohmann::json& chance = slots.at("chance_only");
    const nlohmann::json& full = doc.at("total").at("outpatient_slots").at("cancelled");
    CHECK(chance.at("p95").get<double>() - chance.at("p05").get<double>() <
          full.at("p95").get<double>() - full.at("p05").get<double>());
  }
}

TEST_CASE("two trusts of a composite draw apart with scope trust and alike with scope country") {
  for (const model::draw_scope scope : {model::draw_scope::trust, model::draw_scope::country}) {
    CAPTURE(scope == model::draw_scope::trust ? "trust" : "country");
    model::scenario one = kingston(10);
    one.trusts[0].drawn.push_back(slots_scale(0.8, 1.2, scope));
    const model::scenario sc = twice(one);
    const model::prepared_scenario prep = model::prepare(sc);
    for (std::uint64_t r = 0; r < 10; ++r) {
      const model::replication_outcome out = model::simulate_replication(prep, r);
      const double a = out.trusts[0].planned_slots, b = out.trusts[1].planned_slots;
      if (scope == model::draw_scope::trust)
        CHECK(a != b);
      else
        CHECK(a == b);
    }
  }
}

TEST_CASE("adding a drawn trust or action parameter leaves every other draw as it was") {
  model::scenario a = kingston(12);
  a.trusts[0].drawn.push_back(slots_scale(0.8, 1.2));
  model::scenario b = a;
  b.trusts[0].drawn.insert(b.trusts[0].drawn.begin(), operations_scale(0.7, 1.0, 1.3));
  b.action.drawn.push_back(ed_change(-0.2, 0.0));
  const model::prepared_scenario pa = model::prepare(a), pb = model::prepare(b);
  const std::size_t policy = a.plan_policy.drawn.size();
  for (std::uint64_t r = 0; r < 12; ++r) {
    const model::replication_outcome x = model::simulate_replication(pa, r);
    const model::replication_outcome y = model::simulate_replication(pb, r);
    REQUIRE(x.drawn.size() == policy + 1);
    REQUIRE(y.drawn.size() == policy + 3);  // the action's, then the trust keys in file order
    for (std::size_t j = 0; j < policy; ++j)
      CHECK(x.drawn[j] == y.drawn[j]);
    CHECK(x.drawn[policy] == y.drawn[policy + 2]);  // trust.slots_scale
    CHECK(x.participation == y.participation);
    CHECK(x.trusts[0].planned_slots == y.trusts[0].planned_slots);
    CHECK(x.trusts[0].slots_cancelled_advance == y.trusts[0].slots_cancelled_advance);
  }
}

TEST_CASE("a drawn demand change moves the ED attendances with its draw") {
  model::scenario sc = kingston(40);
  sc.action.drawn.push_back(ed_change(-0.4, 0.2));
  const model::prepared_scenario prep = model::prepare(sc);
  const std::vector<model::replication_outcome> reps =
      model::run_replications_keeping_all(prep, sc.run.replications, 1);
  // The correlation of the draw and the attendances over the replications.
  double mx = 0, my = 0;
  for (const model::replication_outcome& r : reps) {
    mx += r.drawn.back();
    my += r.trusts[0].ed_attendances;
  }
  mx /= static_cast<double>(reps.size());
  my /= static_cast<double>(reps.size());
  double sxy = 0, sxx = 0, syy = 0;
  for (const model::replication_outcome& r : reps) {
    const double dx = r.drawn.back() - mx, dy = r.trusts[0].ed_attendances - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  CHECK(sxy / std::sqrt(sxx * syy) > 0.5);
}

TEST_CASE("a drawn ED admission share lengthens the time in the department with its draw") {
  model::scenario sc = kingston(40);
  const double central = sc.trusts[0].ed->admission_share;
  sc.trusts[0].drawn.push_back(
      drawn("trust.ed.admission_share", model::drawn_target::admission_share,
            model::distribution_spec::uniform(central - 0.1, central + 0.1), central,
            model::draw_scope::trust));
  const model::prepared_scenario prep = model::prepare(sc);
  const std::vector<model::replication_outcome> reps =
      model::run_replications_keeping_all(prep, sc.run.replications, 1);
  // Admitted patients wait for a bed: more of them, longer in the department on average.
  double mx = 0, my = 0;
  for (const model::replication_outcome& r : reps) {
    REQUIRE(r.drawn.back() >= central - 0.1);
    REQUIRE(r.drawn.back() <= central + 0.1);
    mx += r.drawn.back();
    my += r.trusts[0].ed_time_sum / r.trusts[0].ed_departed;
  }
  mx /= static_cast<double>(reps.size());
  my /= static_cast<double>(reps.size());
  double sxy = 0, sxx = 0, syy = 0;
  for (const model::replication_outcome& r : reps) {
    const double dx = r.drawn.back() - mx;
    const double dy = r.trusts[0].ed_time_sum / r.trusts[0].ed_departed - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  CHECK(sxy / std::sqrt(sxx * syy) > 0.3);
}

TEST_CASE("trust and action parameters of zero spread reproduce the plain numbers' bytes") {
  model::scenario plain = kingston(20);
  plain.plan_policy.drawn.clear();  // the policy's central values as plain numbers
  model::scenario zero = plain;
  zero.trusts[0].drawn.push_back(slots_scale(1.0, 1.0));
  zero.trusts[0].drawn.push_back(operations_scale(1.0, 1.0, 1.0));
  const double admitted = plain.trusts[0].ed->admission_share;
  zero.trusts[0].drawn.push_back(drawn(
      "trust.ed.admission_share", model::drawn_target::admission_share,
      model::distribution_spec::uniform(admitted, admitted), admitted, model::draw_scope::trust));
  zero.action.drawn.push_back(
      ed_change(plain.action.demand.ed_attendances, plain.action.demand.ed_attendances));
  CHECK_FALSE(model::has_drawn_parameters(zero));
  const bool same = result_of(zero) == result_of(plain);  // (not printed: a long document)
  CHECK(same);
}

TEST_CASE("the reader draws a trust's scales per trust unless the file says country") {
  const std::string head =
      "[trust]\nid = \"t\"\nname = \"T\"\nspecialties = [\"surgery\"]\n"
      "operations_scale = { dist = \"triangular\", low = 0.8, mode = 1.0, high = 1.2 }\n"
      "slots_scale = { dist = \"uniform\", low = 0.9, high = 1.3, scope = \"country\" }\n"
      "[[shift]]\nid = \"day\"\nstart = \"08:00\"\nend = \"20:00\"\n";
  const model::trust t = model::read_trust_text(head, "t.toml");
  REQUIRE(t.drawn.size() == 2);
  CHECK(t.drawn[0].key == "trust.operations_scale");
  CHECK(t.drawn[0].scope == model::draw_scope::trust);
  CHECK(t.operations_scale == 1.0);
  CHECK(t.drawn[1].key == "trust.slots_scale");
  CHECK(t.drawn[1].scope == model::draw_scope::country);
  CHECK(t.slots_scale == doctest::Approx(1.1));
}

TEST_CASE("compare gives the two parts of each range when a scenario draws a parameter") {
  model::scenario plain = kingston(20);
  plain.plan_policy.drawn.clear();
  model::scenario scaled = plain;
  scaled.trusts[0].drawn.push_back(slots_scale(0.7, 1.3));
  const model::prepared_scenario a = model::prepare(plain), b = model::prepare(scaled);
  SUBCASE("with a drawn parameter: the chance-only run beside the full one") {
    const std::vector<model::compared> both{{&a, "plain.toml", {}, {}, {}},
                                            {&b, "scaled.toml", {}, {}, {}}};
    const model::comparison c = model::run_comparison(both, 20, 2);
    REQUIRE(c.has_chance());
    const model::compared_figure& slots = c.versus(1).total[model::hf_slots];
    CHECK(slots.scenario_chance.count() == 20);
    const model::stat full = model::summarise(slots.scenario);
    const model::stat chance = model::summarise(slots.scenario_chance);
    CHECK(chance.p95 - chance.p05 < full.p95 - full.p05);
    // The reference draws nothing: its chance-only figures are its figures.
    CHECK(model::summarise(slots.reference_chance).mean == model::summarise(slots.reference).mean);
    const nlohmann::json doc = model::compare_json(model::make_compare_result(c, "test"));
    CHECK(doc.at("comparisons")
              .at(0)
              .at("total")
              .at("outpatient_slots.cancelled")
              .contains("two_parts"));
  }
  SUBCASE("without one: no chance-only run") {
    const std::vector<model::compared> both{{&a, "plain.toml", {}, {}, {}},
                                            {&a, "again.toml", {}, {}, {}}};
    CHECK_FALSE(model::run_comparison(both, 5, 1).has_chance());
  }
}
