// What the writers of a run say about its inputs (strikesim/reports/run_result.hpp): the title
// names the action and policy run, and the command to reproduce it carries every option.
#include <doctest/doctest.h>

#include "strikesim/reports/run_result.hpp"

namespace model = strikesim::model;

namespace {
model::run_meta croydon() {
  model::run_meta m;
  m.name = "Croydon, 12 January 2016";
  m.scenario_file = "scenarios/runs/croydon/2016-01-12.toml";
  m.action_name = "96-hour full walk-out";
  m.policy_name = "Decide late";
  m.seed = 7;
  m.replications = 20;
  return m;
}
}  // namespace

TEST_CASE("the title names the action and the policy only when they are not the scenario's") {
  model::run_meta m = croydon();
  CHECK(model::run_title(m) == "Croydon, 12 January 2016");
  m.changes.policy_file = "decide-late.toml";
  CHECK(model::run_title(m) == "Croydon, 12 January 2016 — with policy Decide late");
  m.changes.action_file = "walk-out.toml";
  CHECK(model::run_title(m) ==
        "Croydon, 12 January 2016 — with action 96-hour full walk-out and policy Decide late");
  // A --set changes a setting, not the name: the writers list it on a line of its own.
  m.changes.overrides = {"action.participation=0.5"};
  CHECK(model::run_title(m).find("participation") == std::string::npos);
}

TEST_CASE("the command to reproduce a run carries every option, quoted for the shell") {
  model::run_meta m = croydon();
  CHECK(model::reproduce_command(m, "html", "report.html") ==
        "strikesim run scenarios/runs/croydon/2016-01-12.toml --seed 7 --reps 20 --format html "
        "-o report.html");
  m.changes = {"my actions/walk-out.toml",
               "p.toml",
               {"action.participation=0.5", "action.name=Bob's \"day\""},
               ""};
  CHECK(model::reproduce_command(m, "xlsx", "") ==
        "strikesim run scenarios/runs/croydon/2016-01-12.toml --action 'my actions/walk-out.toml' "
        "--policy p.toml --set action.participation=0.5 --set 'action.name=Bob'\\''s \"day\"' "
        "--seed 7 --reps 20 --format xlsx");
  m.changes.detail = "totals";  // --detail as given (none for auto) reproduces it
  CHECK(model::reproduce_command(m, "json", "") ==
        "strikesim run scenarios/runs/croydon/2016-01-12.toml --action 'my actions/walk-out.toml' "
        "--policy p.toml --set action.participation=0.5 --set 'action.name=Bob'\\''s \"day\"' "
        "--detail totals --seed 7 --reps 20 --format json");
}

TEST_CASE("only trusts read from an archetypes folder are said to be illustrative") {
  model::run_meta m = croydon();
  CHECK(model::illustrative_note(m).empty());
  m.illustrative_trusts = true;
  CHECK(model::illustrative_note(m).find("not real trusts") != std::string::npos);
}
