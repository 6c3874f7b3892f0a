// The policy regimes' mechanisms (docs/model.md, "Policy regimes"): consultants whose SPA time
// the trust cancels on a struck shift cover emergency work, so that their colleagues' lists run.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <string>
#include <vector>

#include "scenario_with_sets.hpp"
#include "strikesim/analysis/summary.hpp"
#include "strikesim/hospital/planner.hpp"
#include "strikesim/hospital/simulate.hpp"

namespace model = strikesim::model;
namespace fs = std::filesystem;
using model::grade;

namespace {

/// A day shift with a surgical take that needs a registrar, `consultants` general surgeons and as
/// many all-day lists as surgeons, each needing one of them; the registrar strikes.
model::trust surgical_day(int consultants) {
  model::trust t;
  t.id = "spa";
  t.specialties = {"general_surgery"};
  t.shifts = {{.id = "day",
               .start_minute = 480,
               .end_minute = 1020,
               .days = model::day_kind::all,
               .where = {}}};
  auto group = [](grade g, int n) {
    return model::staff_group{.specialty = "general_surgery",
                              .level = g,
                              .shift = "day",
                              .headcount = n,
                              .locum = false,
                              .where = {}};
  };
  t.staff = {group(grade::consultant, consultants), group(grade::registrar, 1)};
  auto need = [](grade g) {
    return model::role_need{
        .specialty = "general_surgery", .min_grade = g, .count = 1, .cover = {}, .where = {}};
  };
  model::service take;
  take.id = "surgical-take";
  take.kind = model::service_kind::surgical_take;
  take.specialty = "general_surgery";
  take.shifts = {
      {.shift = "day", .roles = {need(grade::registrar)}, .christmas_day = {}, .where = {}}};
  t.services = {take};
  for (int k = 0; k < consultants; ++k) {
    model::session s;
    s.id = "list-" + std::to_string(k);
    s.specialty = "general_surgery";
    s.weekdays = {0, 1, 2, 3, 4};
    s.start_minute = 480;
    s.end_minute = 1020;
    s.roles = {need(grade::consultant)};
    s.operations = 4;
    s.file_order = static_cast<std::size_t>(k);
    t.sessions.push_back(s);
  }
  return t;
}

int lists_kept(const model::trust& t, double spa_cover, int weekday = 1) {
  model::struck_shift struck;
  struck.spa_cover = spa_cover;
  const model::cover_problem p =
      model::build_cover_problem(t, 0, weekday, model::action_kind::full_walkout, 1.0, &struck);
  std::vector<int> supply = p.full_supply();
  for (std::size_t i = 0; i < p.pools.size(); ++i)
    if (p.pools[i].strikable > 0) supply[i] = 0;  // the registrar strikes
  const model::cover_plan plan = model::plan_cover(p, supply, p.planning_order());
  CHECK(plan.emergency_unfilled == 0);  // the take is covered either way
  return static_cast<int>(std::count(plan.kept.begin(), plan.kept.end(), true));
}

}  // namespace

TEST_CASE(
    "consultants whose SPA time is cancelled cover the take, so their colleagues' lists run") {
  const model::trust t = surgical_day(3);
  // Without SPA cover a surgeon acts down into the take and their list is cancelled.
  CHECK(lists_kept(t, 0.0) == 2);
  // Three surgeons with clinical work have one surgeon's worth of SPA (2.5 of 10 programmed
  // activities against 7.5): with all of it cancelled, that consultant covers the take.
  CHECK(lists_kept(t, 1.0) == 3);
  // Half of it is half a surgeon's day, which rounds to one (std::lround).
  CHECK(lists_kept(t, 0.5) == 3);
  // A weekend day has no lists: no SPA to cancel, so nobody extra comes in.
  model::struck_shift struck;
  struck.spa_cover = 1.0;
  const model::cover_problem weekend =
      model::build_cover_problem(t, 0, 5, model::action_kind::full_walkout, 1.0, &struck);
  CHECK(weekend.sessions.empty());
  for (const model::staff_pool& pool : weekend.pools)
    CHECK_FALSE(pool.spa);
}

TEST_CASE("the SPA consultants are there only when the action goes ahead") {
  const model::trust t = surgical_day(6);
  model::struck_shift struck;
  struck.spa_cover = 1.0;
  const model::cover_problem p =
      model::build_cover_problem(t, 0, 1, model::action_kind::full_walkout, 1.0, &struck);
  const auto total = [](const std::vector<int>& v) {
    return std::accumulate(v.begin(), v.end(), 0);
  };
  CHECK(total(p.full_supply()) == 6 + 1 + 2);  // six surgeons with work, the registrar, two on SPA
  CHECK(total(p.ordinary_supply()) == 6 + 1);  // called off: SPA as usual
  // On a shift no action strikes there is no SPA pool at all.
  const model::cover_problem ordinary =
      model::build_cover_problem(t, 0, 1, model::action_kind::full_walkout, 1.0);
  for (const model::staff_pool& pool : ordinary.pools)
    CHECK_FALSE(pool.spa);
}

TEST_CASE("more SPA cover never cancels more, on a shipped trust's full walk-out") {
  // Kingston, 26-27 April 2016, same seed (common random numbers): all of the consultants' SPA
  // time, half of it, none.
  const fs::path file = fs::path(STRIKESIM_SCENARIOS) / "runs/kingston/2016-04-26.toml";
  double previous = -1;
  for (const char* share : {"1", "0.5", "0"}) {
    CAPTURE(share);
    const model::scenario sc =
        strikesim_test::read_with_sets(file, {std::string("policy.spa_cover=") + share});
    const model::prepared_scenario prep = model::prepare(sc);
    double cancelled = 0;
    for (const auto& rep : model::run_replications_keeping_all(prep, 4, 2))
      for (const auto& trust : rep.trusts)
        cancelled += trust.ops_cancelled_advance + trust.ops_cancelled_day +
                     trust.slots_cancelled_advance + trust.slots_cancelled_day;
    CAPTURE(cancelled);
    CHECK(cancelled >= previous);  // less SPA cover: at least as much cancelled
    previous = cancelled;
  }
  CHECK(previous > 0);
}

TEST_CASE("an era scales every clinic's slots and every list's operations, keeping the total") {
  // England 11-15 April 2023: the 2016 composite with the volumes of 2022/23 (scenario.era).
  const fs::path file = fs::path(STRIKESIM_SCENARIOS) / "regions/england/2023-04-11.toml";
  const model::scenario era = strikesim_test::read_with_sets(file);
  const model::scenario plain =
      strikesim_test::read_with_sets(file, {"scenario.era.outpatient_slots=1"});
  REQUIRE(era.era.name == "2023-24");
  CHECK(era.era.outpatient_slots == doctest::Approx(1.07));
  CHECK(plain.era.outpatient_slots == doctest::Approx(1.0));
  REQUIRE(era.trusts.size() == plain.trusts.size());
  long slots_era = 0, slots_plain = 0;
  for (std::size_t t = 0; t < era.trusts.size(); ++t) {
    const auto& a = era.trusts[t].sessions;
    const auto& b = plain.trusts[t].sessions;
    REQUIRE(a.size() == b.size());
    long trust_era = 0, trust_plain = 0;
    for (std::size_t k = 0; k < a.size(); ++k) {
      if (b[k].kind == model::session_kind::clinic) {
        // Each clinic rounded up or down from its exact share.
        CHECK(std::abs(a[k].slots - b[k].slots * 1.07) < 1.0);
      } else {
        CHECK(a[k].operations == b[k].operations);  // both at the era's operations
      }
      trust_era += a[k].slots;
      trust_plain += b[k].slots;
    }
    // Each trust's total within half a slot of the exact scaling.
    CHECK(std::abs(static_cast<double>(trust_era) - 1.07 * static_cast<double>(trust_plain)) <=
          0.5);
    slots_era += trust_era;
    slots_plain += trust_plain;
  }
  CHECK(static_cast<double>(slots_era) / static_cast<double>(slots_plain) ==
        doctest::Approx(1.07).epsilon(0.001));
}
