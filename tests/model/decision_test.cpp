// Decisions and recovery as a manager would check them: a call-off before the decision cancels
// nothing; after it, what was cancelled was cancelled for nothing; more spare capacity never
// slows recovery; none at all never recovers; two actions compound.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "scenario_with_sets.hpp"
#include "strikesim/analysis/summary.hpp"
#include "strikesim/files/reader.hpp"
#include "strikesim/hospital/simulate.hpp"
#include "strikesim/reports/results.hpp"

namespace model = strikesim::model;
namespace fs = std::filesystem;

namespace {

const fs::path data = STRIKESIM_TEST_DATA;
const fs::path shipped = STRIKESIM_SCENARIOS;

struct run_result {
  model::scenario scenario;
  std::vector<model::replication_outcome> outcomes;
  nlohmann::ordered_json json;
};

/// The summary of outcomes kept whole (which the program never keeps, but these tests inspect).
model::outcome_summary summary_of(const model::prepared_scenario& prep,
                                  const std::vector<model::replication_outcome>& outcomes) {
  model::outcome_summary summary(prep);
  for (const model::replication_outcome& o : outcomes)
    summary.add(o);
  return summary;
}

/// Runs a scenario file with --set overrides (the scenario is kept alive with its outcomes).
std::unique_ptr<run_result> run(const fs::path& file, const std::vector<std::string>& sets,
                                int reps) {
  auto r = std::make_unique<run_result>();
  r->scenario = strikesim_test::read_with_sets(file, sets);
  const model::prepared_scenario prep = model::prepare(r->scenario);
  r->outcomes = model::run_replications_keeping_all(prep, reps, 2);
  r->json = model::results_json(summary_of(prep, r->outcomes), "test");
  return r;
}

const fs::path worked = data / "example-general" / "scenario-emergency-only.toml";

}  // namespace

TEST_CASE("an action called off for certain before the decision cancels nothing") {
  const auto r = run(
      worked,
      {"action.call_off.probability=1", "action.call_off.days_before=10", "policy.decision_days=7"},
      20);
  const auto none = run(worked, {}, 20);
  REQUIRE(none->outcomes[0].trusts[0].ops_cancelled_advance +
              none->outcomes[0].trusts[0].slots_cancelled_advance >
          0);  // the action alone does cancel
  for (const auto& o : r->outcomes) {
    CHECK(o.called_off);
    const model::trust_outcome& t = o.trusts[0];
    CHECK(t.ops_cancelled_advance == 0);
    CHECK(t.slots_cancelled_advance == 0);
    CHECK(t.ops_cancelled_day == 0);
    CHECK(t.slots_cancelled_day == 0);
    CHECK(t.ops_unnecessary + t.slots_unnecessary == 0);
    CHECK(t.unfilled_role_hours == 0);
  }
  CHECK(r->json["total"]["decision"]["called_off_share"] == 1.0);
}

TEST_CASE("called off for certain after the decision: every advance cancellation was unnecessary") {
  const auto r = run(worked,
                     {"action.call_off.probability=1", "action.call_off.days_before=2",
                      "policy.decision_days=7", "policy.reinstate_share=0"},
                     20);
  double unnecessary = 0;
  for (const auto& o : r->outcomes) {
    const model::trust_outcome& t = o.trusts[0];
    CHECK(t.ops_unnecessary == t.ops_cancelled_advance);
    CHECK(t.slots_unnecessary == t.slots_cancelled_advance);
    CHECK(t.ops_cancelled_day + t.slots_cancelled_day == 0);  // nobody struck
    unnecessary += t.ops_unnecessary + t.slots_unnecessary;
  }
  CHECK(unnecessary > 0);
  const auto& d = r->json["total"]["decision"];
  CHECK(d["unnecessary_cancellations"]["mean"].get<double>() > 0);
  // Reinstating half (at the decision, falling to none at the start) leaves fewer standing.
  const auto half = run(worked,
                        {"action.call_off.probability=1", "action.call_off.days_before=2",
                         "policy.decision_days=7", "policy.reinstate_share=1"},
                        20);
  CHECK(half->json["total"]["decision"]["unnecessary_cancellations"]["mean"].get<double>() <
        d["unnecessary_cancellations"]["mean"].get<double>());
}

TEST_CASE("the shipped 1 December 2015 and 26 January 2016 actions cancelled for nothing") {
  for (const char* run_file : {"runs/kingston/2015-12-01.toml", "runs/kingston/2016-01-26.toml",
                               "regions/south-west-london/2016-01-26.toml"}) {
    CAPTURE(run_file);
    const auto r = run(shipped / run_file, {}, 4);
    const auto& d = r->json["total"]["decision"];
    CHECK(d["called_off_share"] == 1.0);
    CHECK(d["unnecessary_cancellations"]["mean"].get<double>() > 0);
    CHECK(r->json["total"]["elective_operations"]["cancelled_on_the_day"]["mean"] == 0.0);
  }
  // Deciding three days ahead, as Croydon did, the 26 January call-off costs nothing.
  const auto late = run(shipped / "runs/kingston/2016-01-26.toml",
                        {"scenario.policy=../../policies/decide-late.toml"}, 4);
  CHECK(late->json["total"]["decision"]["unnecessary_cancellations"]["mean"] == 0.0);
}

TEST_CASE("the decision table: a later decision cancels less but leaves emergency roles empty") {
  // The default policy: no SPA time cancelled for cover (the 2015-16 regime's is below).
  const auto r = run(shipped / "runs/kingston/2016-01-12.toml",
                     {"scenario.policy=../../policies/default.toml"}, 10);
  const auto& table = r->json["total"]["decision"]["by_lead_time"];
  REQUIRE(table.size() == 8);
  const auto mean = [&](std::size_t i, const char* key) {
    return table[i][key]["mean"].get<double>();
  };
  CHECK(table[0]["days"] == 0.0);
  CHECK(mean(0, "unfilled_emergency_role_hours") > mean(7, "unfilled_emergency_role_hours"));
  CHECK(mean(0, "outpatient_slots_cancelled") < mean(7, "outpatient_slots_cancelled"));
  // The policy's own lead time (7 days) is the run itself.
  CHECK(mean(5, "outpatient_slots_cancelled") ==
        doctest::Approx(r->json["total"]["outpatient_slots"]["cancelled"]["mean"].get<double>()));
}

TEST_CASE(
    "with SPA time cancelled for cover, a late decision cancels more: the cover needs notice") {
  // The 2015-16 regime (spa_cover = 1): consultants whose SPA time is cancelled act down into the
  // roles and clinics of the juniors who strike, but only as far as they are re-rostered in time
  // (rota_notice_days): decided on the day, none of them is, and the juniors' clinics go.
  const auto r = run(shipped / "runs/kingston/2016-01-12.toml", {}, 10);
  const auto& table = r->json["total"]["decision"]["by_lead_time"];
  REQUIRE(table.size() == 8);
  const auto mean = [&](std::size_t i, const char* key) {
    return table[i][key]["mean"].get<double>();
  };
  CHECK(mean(0, "unfilled_emergency_role_hours") > mean(7, "unfilled_emergency_role_hours"));
  CHECK(mean(0, "outpatient_slots_cancelled") > mean(7, "outpatient_slots_cancelled"));
}

TEST_CASE("more spare capacity clears the backlog no later, replication by replication") {
  const fs::path kingston = shipped / "runs/kingston/2016-01-12.toml";
  const auto slow = run(
      kingston,
      {"policy.recovery.spare_theatre_share=0.03", "policy.recovery.spare_clinic_share=0.03"}, 12);
  const auto fast = run(
      kingston,
      {"policy.recovery.spare_theatre_share=0.08", "policy.recovery.spare_clinic_share=0.08"}, 12);
  bool some_faster = false;
  for (std::size_t r = 0; r < slow->outcomes.size(); ++r) {
    const double a = slow->outcomes[r].trusts[0].backlog_days;
    const double b = fast->outcomes[r].trusts[0].backlog_days;
    REQUIRE(a >= 0);
    REQUIRE(b >= 0);
    CHECK(b <= a);
    CHECK(fast->outcomes[r].trusts[0].patient_days_delay <=
          slow->outcomes[r].trusts[0].patient_days_delay);
    some_faster = some_faster || b < a;
  }
  CHECK(some_faster);
}

TEST_CASE("with no spare capacity and no extra lists the backlog never clears, and says so") {
  const auto r =
      run(shipped / "runs/kingston/2016-01-12.toml",
          {"policy.recovery.spare_theatre_share=0", "policy.recovery.spare_clinic_share=0"}, 4);
  for (const auto& o : r->outcomes)
    CHECK(o.trusts[0].backlog_days == -1);
  const auto& rec = r->json["total"]["recovery"];
  CHECK(rec["backlog_days"].is_null());
  CHECK(rec["cleared_within_horizon_share"] == 0.0);
  const model::prepared_scenario prep = model::prepare(r->scenario);
  const std::string text = model::results_text(
      model::make_run_result(summary_of(prep, r->outcomes), "test", model::result_detail::figures));
  CHECK(text.find("not within 182 days in 100% of outcomes") != std::string::npos);
  // Extra weekend lists alone do clear it.
  const auto bought =
      run(shipped / "runs/kingston/2016-01-12.toml",
          {"policy.recovery.spare_theatre_share=0", "policy.recovery.spare_clinic_share=0",
           "policy.recovery.extra_weekend_lists=2", "policy.recovery.extra_weekend_clinics=4"},
          4);
  CHECK(bought->json["total"]["recovery"]["cleared_within_horizon_share"] == 1.0);
}

TEST_CASE("two actions four weeks apart leave a larger backlog peak than either alone") {
  const std::vector<std::string> slow = {"policy.recovery.spare_theatre_share=0.01",
                                         "policy.recovery.spare_clinic_share=0.01"};
  const fs::path dir = data / "recovery";
  const auto peak = [&](const char* file) {
    const auto r = run(dir / file, slow, 6);
    return r->json["total"]["recovery"]["peak_backlog_outpatient_slots"]["mean"].get<double>();
  };
  const double first = peak("scenario-first.toml");
  const double second = peak("scenario-second.toml");
  const double both = peak("scenario-both.toml");
  CHECK(first > 0);
  CHECK(second > 0);
  CHECK(both > std::max(first, second));
}
