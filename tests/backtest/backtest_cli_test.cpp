// strikesim backtest on the command line: a small scenarios folder of its own (two south-west
// London actions and a baseline), the outputs, --check, and bad input (exit 2, no output file).
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "../cli/run_program.hpp"

namespace fs = std::filesystem;
using strikesim_test::q;
using strikesim_test::run_program;

namespace {

const fs::path shipped = STRIKESIM_SCENARIOS;

/// A copy of a shipped region scenario whose files are named by absolute paths.
void copy_scenario(const fs::path& dir, const std::string& name,
                   const std::string& region = "south-west-london") {
  std::string text = strikesim_test::read_text(shipped / "regions" / region / (name + ".toml"));
  for (std::size_t at = text.find("../../"); at != std::string::npos; at = text.find("../../"))
    text.replace(at, 6, shipped.string() + "/");
  fs::create_directories(dir / "regions" / region);
  strikesim_test::write_scratch("strikesim-backtest-cli", "x", "");  // the scratch folder
  std::ofstream(dir / "regions" / region / (name + ".toml")) << text;
}

const std::string record_text = R"([record]
name = "test"

[[record.row]]
scenario = "regions/south-west-london/2016-01-12.toml"
trust = "croydon"
measure = "outpatient_slots"
value = 1000000
tolerance = { factor = 1.25 }
source = "a test: far outside"

[[record.row]]
scenario = "regions/south-west-london/2016-04-26.toml"
measure = "operations"
value = 100
source = "a test: informative"
)";

/// The small scenarios folder, made once.
fs::path folder() {
  static const fs::path dir = [] {
    const fs::path d = strikesim_test::scratch_dir("strikesim-backtest-cli") / "scenarios";
    for (const char* name : {"2016-01-12", "2016-04-26", "no-strike"})
      copy_scenario(d, name);
    fs::create_directories(d / "backtest");
    std::ofstream(d / "backtest" / "record.toml") << record_text;
    return d;
  }();
  return dir;
}

std::string backtest(const std::string& more, int threads = 2) {
  return "backtest --dir " + q(folder()) + " --reps 3 --threads " + std::to_string(threads) +
         " -q " + more;
}

}  // namespace

TEST_CASE("strikesim backtest: JSON, CSV, text and HTML of the actions found, not the baseline") {
  const auto json = run_program(backtest("--format json"));
  REQUIRE(json.code == 0);
  const nlohmann::json j = nlohmann::json::parse(json.out);
  CHECK(j["schema"] == "strikesim.backtest/1");
  REQUIRE(j["scenarios"].size() == 2);  // no-strike is not run
  CHECK(j["scenarios"][0]["scenario"] == "regions/south-west-london/2016-01-12.toml");
  CHECK(j["scenarios"][0]["trusts"][0]["trust"] == "croydon");
  CHECK(j["scenarios"][1]["trusts"].empty());
  CHECK(j["backtest"]["replications"] == 3);
  CHECK(j["record"][0]["status"] == "outside");
  CHECK(j["record"][1]["status"] == "informative");
  CHECK(j["record"][1]["ratio"].get<double>() ==
        doctest::Approx(j["scenarios"][1]["total"]["figures"]["operations"]["mean"].get<double>() /
                        100));

  const auto csv = run_program(backtest("--format csv"));
  REQUIRE(csv.code == 0);
  CHECK(
      csv.out.starts_with("scenario,region,action,trust,measure,model_mean,model_p05,model_p50,"
                          "model_p95,record,ratio,tolerance,status\n"));
  CHECK(csv.out.find("regions/south-west-london/2016-01-12.toml,south-west-london,2016-01-12,"
                     "croydon,outpatient_slots,") != std::string::npos);

  const auto text = run_program(backtest(""));
  REQUIRE(text.code == 0);
  CHECK(text.out.find("2 scenarios, 3 replications each") != std::string::npos);

  const fs::path page = strikesim_test::scratch_dir("strikesim-backtest-cli") / "page.html";
  fs::remove(page);
  const auto html = run_program(backtest("--format html -o " + q(page)));
  REQUIRE(html.code == 0);
  CHECK(strikesim_test::read_text(page).find("<svg") != std::string::npos);
}

TEST_CASE("strikesim backtest: the same bytes whatever the thread count") {
  const auto one = run_program(backtest("--format json", 1));
  const auto three = run_program(backtest("--format json", 3));
  REQUIRE(one.code == 0);
  CHECK(one.out == three.out);
  const auto seeded = run_program(backtest("--format json --seed 7"));
  REQUIRE(seeded.code == 0);
  CHECK(seeded.out != one.out);
  CHECK(nlohmann::json::parse(seeded.out)["scenarios"][0]["seed"] == 7);
}

TEST_CASE("strikesim backtest --check exits 1 when a row is outside its tolerance, 0 otherwise") {
  const auto failed = run_program(backtest("--check"));
  CHECK(failed.code == 1);
  CHECK(failed.out.find("NO") != std::string::npos);  // the output is written all the same
  const fs::path good = strikesim_test::write_scratch("strikesim-backtest-cli", "good.toml",
                                                      R"([record]
[[record.row]]
scenario = "regions/south-west-london/2016-04-26.toml"
measure = "planned_care_maintained_percent"
value = 50
tolerance = { points = 50 }
source = "a test: always within"
)");
  const auto passed = run_program(backtest("--check --record " + q(good)));
  CHECK(passed.code == 0);
  CHECK(passed.out.find("1 checked against a tolerance: 1 within, 0 outside; 0 not run") !=
        std::string::npos);
}

TEST_CASE("strikesim backtest: bad records and options exit 2 naming the place, no output") {
  const fs::path out = strikesim_test::scratch_dir("strikesim-backtest-cli") / "out.json";
  struct bad {
    std::string name, record, names, says;
  };
  const bad cases[] = {
      {"a trust the scenario does not have",
       "[record]\n[[record.row]]\nscenario = \"regions/south-west-london/2016-01-12.toml\"\n"
       "trust = \"croydn\"\nmeasure = \"operations\"\nvalue = 1\nsource = \"x\"\n",
       ":4:9: trust",
       "no trust 'croydn' in regions/south-west-london/2016-01-12.toml; did you "
       "mean 'croydon'?"},
      {"a scenario outside the regions",
       "[record]\n[[record.row]]\nscenario = \"runs/kingston/2016-01-12.toml\"\n"
       "measure = \"operations\"\nvalue = 1\nsource = \"x\"\n",
       ":3:12: scenario", "is not a scenario the backtest runs"},
      {"a baseline",
       "[record]\n[[record.row]]\nscenario = \"regions/south-west-london/"
       "no-strike.toml\"\nmeasure = \"operations\"\nvalue = 1\nsource = \"x\"\n",
       ":3:12: scenario", "nobody strikes in"},
      {"an unknown key", "[record]\nrows = 1\n", ":2:1: record.rows", "did you mean 'row'?"},
  };
  for (const bad& c : cases) {
    CAPTURE(c.name);
    const fs::path rec =
        strikesim_test::write_scratch("strikesim-backtest-cli", "bad-record.toml", c.record);
    fs::remove(out);
    const auto o = run_program(backtest("--record " + q(rec) + " -o " + q(out)));
    CHECK(o.code == 2);
    CHECK(o.err.find(rec.string() + c.names) != std::string::npos);
    CHECK(o.err.find(c.says) != std::string::npos);
    CHECK(o.out.empty());
    CHECK_FALSE(fs::exists(out));
  }
  const auto no_folder = run_program("backtest --dir /nonexistent-strikesim -q");
  CHECK(no_folder.code == 2);
  CHECK(no_folder.err.find("--dir") != std::string::npos);
  const auto format = run_program(backtest("--format xlsx"));
  CHECK(format.code == 2);
  const auto validate = run_program("validate " + q(shipped / "backtest" / "record.toml"));
  CHECK(validate.code == 0);
  CHECK(validate.err.find("ok (a backtest record of 12 rows)") != std::string::npos);
}

TEST_CASE("the shipped scenarios reproduce the training set: every checked row within") {
  // The calibration against the record (scenarios/backtest/record.toml, the training set of
  // shared/history.md), not against the code's own output: the record's scenarios alone, 30
  // replications (the README's table has 200; the means move by well under the margins).
  const fs::path dir = strikesim_test::scratch_dir("strikesim-backtest-cli") / "training";
  for (const char* name : {"2016-01-12", "2016-04-26", "2023-04-11", "2025-07-25"})
    copy_scenario(dir, name, "england");
  for (const char* name : {"2015-12-01", "2016-04-26"})
    copy_scenario(dir, name);
  fs::create_directories(dir / "backtest");
  fs::copy_file(shipped / "backtest" / "record.toml", dir / "backtest" / "record.toml",
                fs::copy_options::overwrite_existing);
  const auto o =
      run_program("backtest --dir " + q(dir) + " --reps 30 --threads 2 -q --check --format json");
  INFO(o.out);
  CHECK(o.code == 0);
  const auto doc = nlohmann::json::parse(o.out);
  CHECK(doc["check"]["checked"] == 9);
  CHECK(doc["check"]["outside"] == 0);
}
