// Which grades strike: a window may name its own grades (the 2023 joint actions, in which
// consultants struck on some days giving "Christmas Day cover"). A striking consultant stays for
// emergency work only, like a junior doctor on the Christmas Day rota: consultant-led lists are
// lost, the emergency roles stay filled.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "strikesim/files/reader.hpp"
#include "strikesim/hospital/planner.hpp"
#include "strikesim/hospital/prepared.hpp"
#include "strikesim/hospital/simulate.hpp"

namespace model = strikesim::model;
namespace fs = std::filesystem;
using model::grade;

namespace {

const fs::path data = STRIKESIM_TEST_DATA;

/// The ids of the sessions of `in` kept in advance.
std::vector<std::string> kept_in_advance(const model::trust& t, const model::shift_instance& in) {
  std::vector<std::string> out;
  for (std::size_t k = 0; k < in.problem.sessions.size(); ++k)
    if (in.advance[k]) out.push_back(t.sessions[in.problem.sessions[k].session].id);
  return out;
}

/// Whether any role of session `k` of `in` asks for a consultant.
bool consultant_led(const model::trust& t, const model::shift_instance& in, std::size_t k) {
  for (const model::role_need& need : t.sessions[in.problem.sessions[k].session].roles)
    if (need.min_grade == grade::consultant) return true;
  return false;
}

}  // namespace

TEST_CASE("a window's own grades override the action's, and consultants may strike") {
  const model::scenario sc = model::read_scenario(data / "striking-grades" / "scenario-joint.toml");
  REQUIRE(sc.action.windows.size() == 2);
  CHECK(sc.action.windows[0].grades ==
        std::vector{grade::foundation, grade::core, grade::registrar, grade::consultant});
  CHECK(sc.action.windows[1].grades ==
        std::vector{grade::foundation, grade::core, grade::registrar});
  REQUIRE(sc.windows.size() == 2);
  CHECK(model::grades_striking(sc, sc.windows[0].start, sc.windows[0].end) ==
        sc.action.windows[0].grades);
  CHECK(model::grades_striking(sc, sc.windows[1].start, sc.windows[1].end) ==
        sc.action.windows[1].grades);
  CHECK(model::grades_striking(sc, sc.windows[0].start, sc.windows[1].end) ==
        sc.action.windows[0].grades);  // a span meeting both: every grade of either
  CHECK(model::grades_striking(sc, sc.windows[0].end, sc.windows[1].start).empty());
}

TEST_CASE(
    "a window with consultants out cancels the consultant-led lists that a junior-only window "
    "keeps, and the emergency roles stay filled") {
  const model::scenario sc = model::read_scenario(data / "striking-grades" / "scenario-joint.toml");
  const model::prepared_scenario prep = model::prepare(sc);
  REQUIRE(prep.trusts.size() == 1);
  const model::trust& t = *prep.trusts[0].source;
  std::vector<const model::shift_instance*> struck;
  for (const model::shift_instance& in : prep.trusts[0].instances)
    if (in.struck) struck.push_back(&in);
  REQUIRE(struck.size() == 2);  // Tuesday 12 January (joint) and Tuesday 19 January
  const model::shift_instance& joint = *struck[0];
  const model::shift_instance& juniors_only = *struck[1];
  REQUIRE(joint.start < juniors_only.start);

  // Every junior doctor out on both days: with the consultants at work, the cancer, urgent and
  // first routine list run (the consultants left after the emergency roles); with the
  // consultants out too, no consultant-led session runs.
  CHECK(kept_in_advance(t, juniors_only) == std::vector<std::string>{"L1", "L2", "L3"});
  CHECK(kept_in_advance(t, joint).empty());
  int consultant_led_booked = 0;
  for (std::size_t k = 0; k < joint.problem.sessions.size(); ++k) {
    if (!joint.baseline[k] || !consultant_led(t, joint, k)) continue;
    ++consultant_led_booked;
    CAPTURE(t.sessions[joint.problem.sessions[k].session].id);
    CHECK(!joint.advance[k]);
    CHECK(joint.advance_reason[k] == model::session_status_reason::short_of_expected_doctors);
  }
  CHECK(consultant_led_booked == 5);  // L1-L4 and C3

  // The striking consultants stayed for emergency work: every emergency role is filled in the
  // advance plan of both days, and on the day in every replication.
  CHECK(joint.advance_plan.emergency_unfilled == 0);
  CHECK(juniors_only.advance_plan.emergency_unfilled == 0);
  int consultants_in_emergency_roles = 0;
  for (const model::assignment& a : joint.advance_plan.assignments) {
    const model::staff_pool& pool = joint.problem.pools[a.pool];
    if (pool.level != grade::consultant) continue;
    CHECK(a.role < joint.problem.emergency_roles);  // emergency work only
    consultants_in_emergency_roles += a.doctors;
  }
  CHECK(consultants_in_emergency_roles == joint.problem.emergency_demand());
  for (std::uint64_t r = 0; r < 5; ++r) {
    const model::trust_outcome out = model::simulate_replication(prep, r).trusts[0];
    CHECK(out.unfilled_role_hours == 0);
    CHECK(out.ops_cancelled_advance == (4 + 4 + 5 + 5) + 5);  // L1-L4; L4 on the 19th
  }
}

TEST_CASE("a striking consultant joins the emergency-only pool instead of going home") {
  const model::scenario sc = model::read_scenario(data / "striking-grades" / "scenario-joint.toml");
  const model::trust& t = sc.trusts[0];
  model::struck_shift struck;
  struck.christmas_day_levels = true;
  struck.striking_seniors = {grade::consultant};
  const model::cover_problem p =
      model::build_cover_problem(t, 0, 1, model::action_kind::full_walkout, 1.0, &struck);
  int split = 0;
  for (std::size_t i = 0; i < p.pools.size(); ++i) {
    const model::staff_pool& pool = p.pools[i];
    if (pool.level != grade::consultant || pool.christmas_day) continue;
    CAPTURE(pool.specialty);
    REQUIRE(pool.strikers_to.has_value());
    const model::staff_pool& stays = p.pools[*pool.strikers_to];
    CHECK(stays.specialty == pool.specialty);
    CHECK(stays.level == grade::consultant);
    CHECK(stays.christmas_day);
    CHECK(stays.rostered == 0);
    CHECK(stays.strikable == 0);
    CHECK(pool.strikable == pool.rostered);
    std::vector<int> supply = p.full_supply();
    p.strike(supply, i, 2);
    CHECK(supply[i] == pool.rostered - 2);
    CHECK(supply[*pool.strikers_to] == 2);
    ++split;
  }
  CHECK(split == 3);  // surgery, anaesthesia, emergency medicine
  // Without consultants among the striking grades nothing is split and no consultant strikes.
  struck.striking_seniors.clear();
  const model::cover_problem juniors =
      model::build_cover_problem(t, 0, 1, model::action_kind::full_walkout, 1.0, &struck);
  for (const model::staff_pool& pool : juniors.pools) {
    CHECK(!pool.strikers_to.has_value());
    if (pool.level == grade::consultant) CHECK(pool.strikable == 0);
  }
}
