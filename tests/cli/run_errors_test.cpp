// The command line on bad input: `strikesim run` on a scenario whose trust, action, policy or
// scenario file is bad exits with code 2, names FILE:LINE:COL and the key on stderr, and writes
// no output file.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "../model/bad_cases.hpp"
#include "../test_files.hpp"
#include "run_program.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path data = STRIKESIM_TEST_DATA;
const fs::path example = data / "example-general";

using strikesim_test::outcome;
using strikesim_test::read_text;

fs::path scratch() {
  return strikesim_test::cli_scratch();
}

outcome run(const std::string& args) {
  return strikesim_test::run_program(args);
}

/// The kind of a bad file: the first of [trust], [action], [policy], [scenario] it opens with.
std::string kind_of(const fs::path& file) {
  std::ifstream f(file);
  for (std::string line; std::getline(f, line);) {
    for (const char* k : {"trust", "action", "policy", "scenario"}) {
      if (line.size() > 2 && line.front() == '[' && line.substr(1, line.size() - 2) == k) return k;
    }
  }
  return "";
}

/// A scenario around one bad file, the other files from the worked example.
fs::path wrap(const fs::path& bad, const std::string& kind) {
  if (kind == "scenario") return bad;
  // Quoted in place: g++ 12 warns falsely (-Wrestrict) on "\"" + s + "\"".
  auto pick = [&](const std::string& k, const fs::path& good) {
    std::string quoted = (kind == k ? bad : good).string();
    quoted.insert(quoted.begin(), '"');
    quoted.push_back('"');
    return quoted;
  };
  const fs::path s = scratch() / ("wrap-" + bad.filename().string());
  std::ofstream(s) << "[scenario]\nname = \"wrapper\"\n"
                   << "trusts = [" << pick("trust", example / "trust.toml") << "]\n"
                   << "action = " << pick("action", example / "emergency-only.toml") << "\n"
                   << "policy = " << pick("policy", example / "policy.toml") << "\n";
  return s;
}

}  // namespace

TEST_CASE("strikesim run on every bad file: exit 2, FILE:LINE:COL: KEY on stderr, no output") {
  int checked = 0;
  for (const strikesim_test::bad_case& c : strikesim_test::bad_cases) {
    CAPTURE(c.file);
    const fs::path bad = data / "bad" / c.file;
    // A file of no known kind cannot be wrapped in a scenario: `validate` reports it.
    const std::string kind = kind_of(bad);
    const fs::path output = scratch() / "result.json";
    fs::remove(output);
    const outcome o = kind.empty() ? run("validate '" + bad.string() + "'")
                                   : run("run '" + wrap(bad, kind).string() +
                                         "' --reps 2 --format json -o '" + output.string() + "'");
    CHECK(o.code == 2);
    const std::string file =
        c.reported_file ? (data / c.reported_file).lexically_normal().string() : bad.string();
    const std::string where =
        c.line > 0 ? file + ":" + std::to_string(c.line) + ":" + std::to_string(c.column) + ": "
                   : file + ": ";
    const std::string expected = std::string(c.key).empty() ? where : where + c.key + ": ";
    CHECK_MESSAGE(o.err.find(expected) != std::string::npos, o.err);
    CHECK_MESSAGE(o.err.find(c.reason) != std::string::npos, o.err);
    CHECK(o.out.empty());
    CHECK_FALSE(fs::exists(output));
    ++checked;
  }
  CHECK(checked >= 40);
}

TEST_CASE("usage errors exit 2; a good run exits 0 and writes the whole file") {
  CHECK(run("").code == 2);
  CHECK(run("run").code == 2);
  CHECK(run("run '" + (example / "scenario-emergency-only.toml").string() + "' --reps 0").code ==
        2);
  CHECK(
      run("run '" + (example / "scenario-emergency-only.toml").string() + "' --format yaml").code ==
      2);
  CHECK(run("frobnicate").code == 2);
  const outcome missing = run("run /no/such/scenario.toml");
  CHECK(missing.code == 2);
  CHECK(missing.err.find("/no/such/scenario.toml") != std::string::npos);
  const outcome set = run("run '" + (example / "scenario-emergency-only.toml").string() +
                          "' --set policy.plan_percentil=0.5");
  CHECK(set.code == 2);
  CHECK(set.err.find("did you mean 'plan_percentile'") != std::string::npos);

  const fs::path output = scratch() / "good.json";
  fs::remove(output);
  const outcome good = run("run '" + (example / "scenario-emergency-only.toml").string() +
                           "' --reps 3 --format json -o '" + output.string() + "'");
  CHECK(good.code == 0);
  CHECK(good.out.empty());
  REQUIRE(fs::exists(output));
  const std::string json = read_text(output);
  CHECK(json.find("\"schema\": \"strikesim.result/1\"") != std::string::npos);
  CHECK(json.back() == '\n');
}

TEST_CASE("--action and --policy swap the scenario's files: the same as a scenario naming them") {
  const std::string ex = example.string();
  const outcome swapped = run("run '" + ex + "/scenario-emergency-only.toml' --action '" + ex +
                              "/full-walkout.toml' --reps 4 --format json");
  const outcome direct = run("run '" + ex + "/scenario-full-walkout.toml' --reps 4 --format json");
  REQUIRE(swapped.code == 0);
  REQUIRE(direct.code == 0);
  const auto total = [](const std::string& json) { return json.substr(json.find("\"total\"")); };
  CHECK(total(swapped.out) == total(direct.out));
  const outcome emergency =
      run("run '" + ex + "/scenario-emergency-only.toml' --reps 4 --format json");
  CHECK(total(emergency.out) != total(direct.out));

  const outcome wrong_kind =
      run("run '" + ex + "/scenario-emergency-only.toml' --policy '" + ex + "/full-walkout.toml'");
  CHECK(wrong_kind.code == 2);
  CHECK(wrong_kind.err.find("not a policy file") != std::string::npos);
}
