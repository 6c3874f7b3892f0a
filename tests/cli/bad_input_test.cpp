// Bad input on the command line: every case exits with code 2, names the file (with line:col
// where there is one) or the option at fault, says what is wrong, prints nothing on stdout, and
// creates no output file or directory.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "run_program.hpp"

namespace fs = std::filesystem;
using strikesim_test::outcome;
using strikesim_test::q;
using strikesim_test::run_program;

namespace {

const fs::path example = fs::path(STRIKESIM_TEST_DATA) / "example-general";
const fs::path cli_data = STRIKESIM_CLI_DATA;
const fs::path bad_sweeps = cli_data / "bad-sweeps";
const std::string scenario = q(example / "scenario-emergency-only.toml");

struct bad_case {
  std::string name;
  std::string args;      // OUT stands for the output path the case must not create
  std::string names;     // what stderr must name: the file (and line:col) or the option
  std::string fragment;  // what stderr must say
};

/// A bad sweep file run through `strikesim sweep FILE -o OUT`.
bad_case sweep_file(const std::string& file, const std::string& where,
                    const std::string& fragment) {
  const fs::path f = bad_sweeps / (file + ".toml");
  return {"sweep " + file, "sweep " + q(f) + " -o OUT", f.string() + where, fragment};
}

std::vector<bad_case> cases() {
  const std::string s = scenario;
  const std::string small = q(cli_data / "sweeps/small.toml");
  const std::string sweep_file_name = (cli_data / "sweeps/small.toml").string();
  return {
      // run: files
      {"missing scenario", "run /no/such/file.toml -o OUT", "/no/such/file.toml", "no such file"},
      {"scenario is a directory", "run " + q(example) + " -o OUT", example.string(),
       "not a regular file"},
      {"action file missing", "run " + s + " --action /no/such/action.toml -o OUT",
       "/no/such/action.toml", "no such file"},
      {"policy is an action",
       "run " + s + " --policy " + q(example / "full-walkout.toml") + " -o OUT",
       (example / "full-walkout.toml").string(), "not a policy file"},
      // run: --set
      {"--set without =", "run " + s + " --set policy.plan_percentile -o OUT", "--set",
       "expected PATH=VALUE"},
      {"--set empty path", "run " + s + " --set =3 -o OUT", "--set", "no PATH"},
      {"--set unknown prefix", "run " + s + " --set polcy.plan_percentile=0.5 -o OUT",
       "--set: polcy.plan_percentile", "did you mean 'policy'"},
      {"--set misspelt key", "run " + s + " --set policy.plan_percentil=0.5 -o OUT",
       "--set: policy.plan_percentil", "did you mean 'plan_percentile'"},
      {"--set wrong type", "run " + s + " --set policy.plan_percentile=high -o OUT",
       "--set: policy.plan_percentile", "'high' is not a number"},
      {"--set out of range", "run " + s + " --set policy.plan_percentile=1.5 -o OUT",
       "--set: policy.plan_percentile", "must be in [0, 1]"},
      {"--set index out of range", "run " + s + " --set action.window[5].start=x -o OUT",
       "--set: action.window[5].start", "out of range"},
      {"--set malformed index", "run " + s + " --set action.window[x].start=x -o OUT", "--set",
       "malformed path"},
      {"--set unknown trust", "run " + s + " --set trusts.nowhere.name=x -o OUT", "--set",
       "no trust with id 'nowhere'"},
      // run: options
      {"--reps 0", "run " + s + " --reps 0 -o OUT", "--reps", "not in range"},
      {"--reps negative", "run " + s + " --reps -5 -o OUT", "--reps", ""},
      {"--reps not a number", "run " + s + " --reps many -o OUT", "--reps", ""},
      {"--reps too many", "run " + s + " --reps 5000000 -o OUT", "--reps", "not in range"},
      {"--threads 0", "run " + s + " --threads 0 -o OUT", "--threads", "not in range"},
      {"--seed negative", "run " + s + " --seed -1 -o OUT", "--seed", "not in range"},
      {"--format unknown", "run " + s + " --format yaml -o OUT", "--format", "yaml"},
      {"--progress unknown", "run " + s + " --progress sometimes -o OUT", "--progress",
       "sometimes"},
      {"unknown option", "run " + s + " --frobnicate -o OUT", "--frobnicate", ""},
      {"unknown subcommand", "frobnicate OUT", "unknown command 'frobnicate'", ""},
      {"misspelt subcommand", "comapre OUT", "unknown command 'comapre'", "did you mean 'compare'"},
      {"-o in a missing folder", "run " + s + " -o /no/such/folder/OUT", "/no/such/folder",
       "does not exist"},
      {"-o is a directory", "run " + s + " -o " + q(example), example.string(), "is a directory"},
      // compare
      {"compare one scenario", "compare " + s + " -o OUT", "compare", "two scenarios or more"},
      {"compare missing second", "compare " + s + " /no/such/b.toml -o OUT", "/no/such/b.toml",
       "no such file"},
      {"compare -o missing folder", "compare " + s + " " + s + " -o /no/such/folder/OUT",
       "/no/such/folder", "does not exist"},
      // sweep files
      sweep_file("syntax", ":4:38: ", "encountered end-of-file"),
      sweep_file("unknown-key", ":3:1: sweep.replicatons: ", "did you mean 'replications'"),
      sweep_file("no-scenario", ":1:1: sweep.scenario: ", "missing required key"),
      sweep_file("no-grid", ":1:1: sweep.grid: ", "missing required key"),
      sweep_file("empty-grid", ":3:1: sweep.grid: ", "the grid is empty"),
      sweep_file("empty-list", ":4:28: sweep.grid.policy.plan_percentile: ", "at least 1 element"),
      sweep_file("step-zero", ":4:59: sweep.grid.policy.plan_percentile.step: ", "must be > 0"),
      sweep_file("to-below-from",
                 ":4:47: sweep.grid.policy.plan_percentile.to: ", "must be at least from"),
      sweep_file("range-no-step",
                 ":4:28: sweep.grid.policy.plan_percentile.step: ", "missing required key"),
      sweep_file("range-too-long",
                 ":4:47: sweep.grid.run.seed.step: ", "at most 10000 are allowed"),
      sweep_file("range-unknown-key",
                 ":4:52: sweep.grid.policy.plan_percentile.stop: ", "did you mean 'step'"),
      sweep_file("list-of-tables", ":4:29: sweep.grid.policy.plan_percentile[0]: ",
                 "expected a number, a string or true/false"),
      sweep_file("not-a-list", ":4:28: sweep.grid.policy.plan_percentile: ",
                 "expected a list of values or a range"),
      sweep_file("nan-value",
                 ":4:34: sweep.grid.policy.plan_percentile[1]: ", "must be a finite number"),
      sweep_file("zip-unknown-path", ":3:35: sweep.zip[0][1]: ", "is not a path of [sweep.grid]"),
      sweep_file("zip-unequal", ":3:35: sweep.zip[0][1]: ", "zipped paths need as many values"),
      sweep_file("zip-single", ":3:8: sweep.zip[0]: ", "at least 2 elements"),
      sweep_file("bad-prefix", ":4:1: sweep.grid.acton.participation: ", "did you mean 'action'"),
      sweep_file("unknown-path",
                 ":4:1: sweep.grid.policy.plan_percentil: ", "did you mean 'plan_percentile'"),
      sweep_file("value-out-of-range", ":4:1: sweep.grid.policy.plan_percentile: ",
                 "value 1.5 (point 1): must be in [0, 1]"),
      sweep_file("value-wrong-type",
                 ":4:1: sweep.grid.policy.plan_percentile: ", "'high' is not a number"),
      sweep_file("missing-scenario-file", ":2:12: sweep.scenario: ", "no such file"),
      sweep_file("scenario-file", ": ", "not a sweep file"),
      sweep_file("empty", ": ", "the file is empty"),
      sweep_file("replications-zero", ":3:16: sweep.replications: ", "must be in [1, 1000000]"),
      sweep_file("too-many-points", ":3:1: sweep.grid: ", "at most 100000 are allowed"),
      // sweep options
      {"sweep file missing", "sweep /no/such/sweep.toml -o OUT", "/no/such/sweep.toml",
       "no such file"},
      {"--shard K > N", "sweep " + small + " --shard 3/2 -o OUT", "--shard",
       "K must be between 1 and N"},
      {"--shard zero", "sweep " + small + " --shard 0/2 -o OUT", "--shard",
       "K must be between 1 and N"},
      {"--shard no slash", "sweep " + small + " --shard 2 -o OUT", "--shard", "no '/'"},
      {"--shard words", "sweep " + small + " --shard one/two -o OUT", "--shard", "whole numbers"},
      {"--shard N = 0", "sweep " + small + " --shard 1/0 -o OUT", "--shard",
       "K must be between 1 and N"},
      {"sweep without -o", "sweep " + small, "--output", "required"},
      {"sweep -o is a file", "sweep " + small + " -o " + q(cli_data / "sweeps/zipped.toml"),
       (cli_data / "sweeps/zipped.toml").string(), "is a file, not a directory"},
      {"sweep -o holds other files", "sweep " + small + " -o " + q(bad_sweeps), bad_sweeps.string(),
       "is not empty and holds no sweep"},
      {"sweep -o cannot be made", "sweep " + small + " -o /proc/strikesim-cannot/sweep",
       "/proc/strikesim-cannot/sweep: -o:", "cannot create this directory"},
      // merge, validate, list, describe
      {"merge a folder that is not a sweep", "merge " + q(bad_sweeps) + " -o OUT",
       bad_sweeps.string(), "no plan.json here"},
      {"merge without -o", "merge " + q(bad_sweeps), "--output", "required"},
      {"validate a bad sweep", "validate " + q(bad_sweeps / "value-out-of-range.toml") + " OUT",
       (bad_sweeps / "value-out-of-range.toml").string() + ":4:1:", "must be in [0, 1]"},
      {"validate a missing file", "validate /no/such/x.toml OUT", "/no/such/x.toml",
       "no such file"},
      {"list a missing folder", "list --dir /no/such/dir OUT", "", ""},
      {"list --dir missing", "list --dir /no/such/dir", "/no/such/dir", "no scenarios folder here"},
      {"describe a missing file", "describe /no/such/x.toml OUT", "", ""},
      {"describe a bad --set", "describe " + s + " --set policy.x=1", "--set: policy.x",
       "unknown key 'x'"},
  };
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size())
    s.replace(at, from.size(), to);
  return s;
}

}  // namespace

TEST_CASE("bad input on the command line: exit 2, the file or option named, no output") {
  int checked = 0;
  for (const bad_case& c : cases()) {
    CAPTURE(c.name);
    const fs::path out = strikesim_test::cli_scratch() / "bad-input-output";
    fs::remove_all(out);
    const std::string args = replace_all(c.args, "OUT", q(out));
    const outcome o = run_program(args);
    CAPTURE(args);
    CAPTURE(o.err);
    CHECK(o.code == 2);
    CHECK(o.out.empty());
    CHECK_FALSE(fs::exists(out));
    CHECK(o.err.find(c.names) != std::string::npos);
    CHECK(o.err.find(c.fragment) != std::string::npos);
    // One clear message, not a dump: a first line that says what is wrong.
    CHECK(!o.err.empty());
    ++checked;
  }
  CHECK(checked >= 30);
}

TEST_CASE("an existing sweep directory is refused without --resume, and another sweep's always") {
  const fs::path small = cli_data / "sweeps/small.toml";
  const fs::path dir = strikesim_test::cli_scratch() / "refuse-sweep";
  fs::remove_all(dir);
  REQUIRE(run_program("sweep " + q(small) + " --reps 2 -q -o " + q(dir)).code == 0);
  const std::string before = strikesim_test::read_text(dir / "sweep.csv");
  const outcome again = run_program("sweep " + q(small) + " --reps 2 -o " + q(dir));
  CHECK(again.code == 2);
  CHECK(again.err.find(dir.string() + ": -o: already holds this sweep") != std::string::npos);
  const outcome other = run_program("sweep " + q(small) + " --reps 3 --resume -o " + q(dir));
  CHECK(other.code == 2);
  CHECK(other.err.find("holds a different sweep") != std::string::npos);
  const outcome zipped =
      run_program("merge " + q(dir) + " " + q(cli_data / "sweeps") + " -o " + q(dir / "x"));
  CHECK(zipped.code == 2);
  CHECK(strikesim_test::read_text(dir / "sweep.csv") == before);  // untouched
}
