// The command line as scripts use it: byte-identical output for any thread count, compare under
// common random numbers, sweeps that shard, merge and resume exactly, list, CSV, help.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/types.h>

#include <array>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "run_program.hpp"

namespace fs = std::filesystem;
using strikesim_test::outcome;
using strikesim_test::q;
using strikesim_test::read_text;
using strikesim_test::run_program;

namespace {

const fs::path data = STRIKESIM_TEST_DATA;
const fs::path example = data / "example-general";
const fs::path cli_data = STRIKESIM_CLI_DATA;
const fs::path shipped = STRIKESIM_SCENARIOS;

fs::path fresh(const std::string& name) {
  const fs::path p = strikesim_test::cli_scratch() / name;
  fs::remove_all(p);
  return p;
}

/// Every file under `dir`, relative, with its bytes.
std::map<std::string, std::string> tree(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).string()] = read_text(e.path());
  return out;
}

bool has_temporary(const fs::path& dir) {
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().filename().string().find(".strikesim-tmp.") != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("the same seed gives the same bytes on 1 and on 2 threads (JSON, CSV and text)") {
  for (const fs::path& scenario : {shipped / "runs/kingston/2016-01-12.toml",
                                   shipped / "regions/south-west-london/2016-01-12.toml"}) {
    CAPTURE(scenario);
    for (const char* format : {"json", "csv", "text"}) {
      CAPTURE(format);
      const std::string args =
          "run " + q(scenario) + " --reps 12 --seed 99 --format " + std::string(format);
      const outcome one = run_program(args + " --threads 1");
      const outcome two = run_program(args + " --threads 2");
      REQUIRE(one.code == 0);
      REQUIRE(two.code == 0);
      CHECK(one.out.size() > 500);
      CHECK(one.out == two.out);
    }
  }
}

TEST_CASE("CSV is the JSON in tidy long form") {
  const fs::path scenario = shipped / "runs/kingston/2016-01-12.toml";
  const outcome json = run_program("run " + q(scenario) + " --reps 6 --format json");
  const outcome csv = run_program("run " + q(scenario) + " --reps 6 --format csv");
  REQUIRE(json.code == 0);
  REQUIRE(csv.code == 0);
  CHECK(csv.out.rfind("trust,specialty,metric,statistic,value\n", 0) == 0);
  const auto doc = nlohmann::json::parse(json.out);
  // The CSV writes the shortest text that reads back as the JSON's double (std::to_chars): 710,
  // not the JSON's 710.0, and never 0.7000000000000001 for a double that 0.7 reads back as.
  const auto shortest = [](double x) {
    std::array<char, 32> buf{};
    return std::string(buf.data(), std::to_chars(buf.data(), buf.data() + buf.size(), x).ptr);
  };
  const double mean = doc["total"]["outpatient_slots"]["cancelled"]["mean"].get<double>();
  const std::string row = "total,all,outpatient_slots.cancelled,mean," + shortest(mean);
  CHECK_MESSAGE(csv.out.find(row + "\n") != std::string::npos, row);
  const std::string planned =
      "kingston,all,elective_operations.planned,value," +
      shortest(doc["trusts"][0]["elective_operations"]["planned"].get<double>());
  CHECK_MESSAGE(csv.out.find(planned + "\n") != std::string::npos, planned);
  CHECK(csv.out.find(".0\n") == std::string::npos);
  // Every row has five fields.
  std::size_t rows = 0;
  for (std::size_t at = 0, next; (next = csv.out.find('\n', at)) != std::string::npos;
       at = next + 1, ++rows) {
    const std::string line = csv.out.substr(at, next - at);
    CHECK(std::count(line.begin(), line.end(), ',') == 4);
  }
  CHECK(rows > 50);
}

TEST_CASE(
    "compare: a strike against no strike differs beyond doubt; a scenario with itself is "
    "exactly zero") {
  const fs::path none = shipped / "runs/kingston/no-strike.toml";
  const fs::path strike = shipped / "runs/kingston/2016-01-12.toml";
  const outcome o =
      run_program("compare " + q(none) + " " + q(strike) + " --reps 30 --format json");
  REQUIRE(o.code == 0);
  const auto doc = nlohmann::json::parse(o.out);
  CHECK(doc["schema"] == "strikesim.compare/1");
  const auto& slots = doc["comparisons"][0]["total"]["outpatient_slots.cancelled"];
  CHECK(slots["distinguishable_from_zero"] == true);
  CHECK(slots["difference"]["ci95"][0].get<double>() > 0.0);
  CHECK(slots["difference"]["sd"].get<double>() > 0.0);  // not a constant: a real interval
  CHECK(slots["reference_mean"].get<double>() == 0.0);

  const outcome same =
      run_program("compare " + q(strike) + " " + q(strike) + " --reps 10 --format json");
  REQUIRE(same.code == 0);
  const auto sdoc = nlohmann::json::parse(same.out);
  for (const auto& [key, m] : sdoc["comparisons"][0]["total"].items()) {
    CAPTURE(key);
    CHECK(m["identical"] == true);
    CHECK(m["distinguishable_from_zero"] == false);
    CHECK(m["difference"]["mean"].get<double>() == 0.0);
    CHECK(m["difference"]["ci95"][0].get<double>() == 0.0);
    CHECK(m["difference"]["ci95"][1].get<double>() == 0.0);
  }
  const outcome text = run_program("compare " + q(strike) + " " + q(strike) + " --reps 4");
  CHECK(text.out.find("identical in every replication") != std::string::npos);
  const outcome csv =
      run_program("compare " + q(none) + " " + q(strike) + " --reps 4 --format csv");
  CHECK(csv.out.rfind("scenario,trust,metric,statistic,value\n", 0) == 0);
  CHECK(csv.out.find(",total,outpatient_slots.cancelled,distinguishable_from_zero,1\n") !=
        std::string::npos);
}

TEST_CASE("--detail: the total alone, each trust's figures, or everything") {
  const fs::path kingston = shipped / "runs/kingston/2016-01-12.toml";
  const auto json_of = [&](const fs::path& file, const std::string& options) {
    const outcome o = run_program("run " + q(file) + " -q --format json " + options);
    REQUIRE_MESSAGE(o.code == 0, o.err);
    return std::make_pair(nlohmann::json::parse(o.out), o.out.size());
  };
  // A trust: everything by default.
  const auto [full, full_size] = json_of(kingston, "--reps 4");
  CHECK(full["scenario"]["detail"] == "full");
  CHECK_FALSE(full["trusts"][0]["sessions"].empty());
  const auto [totals, totals_size] = json_of(kingston, "--reps 4 --detail totals");
  CHECK(totals["scenario"]["detail"] == "totals");
  CHECK(totals["trusts"].empty());
  CHECK(totals["total"] == full["total"]);  // the same run, less of it written
  const auto [trusts, trusts_size] = json_of(kingston, "--reps 4 --detail trusts");
  CHECK(trusts["trusts"][0]["sessions"].empty());
  CHECK(trusts["trusts"][0]["outpatient_slots"] == full["trusts"][0]["outpatient_slots"]);
  CHECK(totals_size < trusts_size);
  CHECK(trusts_size < full_size);
  for (const char* format : {"text", "csv", "html"})
    CHECK(run_program("run " + q(kingston) + " --reps 2 -q --detail totals --format " + format)
              .code == 0);
  CHECK(run_program("run " + q(kingston) + " --reps 2 --detail everything").code == 2);

  // England's composite: each trust's figures by default, under 2 MB, whatever the replications
  // (every figure is a summary over them: 0.9 MB at 100 replications, README).
  const fs::path england = shipped / "regions/england/2016-01-12.toml";
  const auto [few, few_size] = json_of(england, "--reps 2 --threads 2");
  const auto [more, more_size] = json_of(england, "--reps 8 --threads 2");
  CHECK(few["scenario"]["detail"] == "trusts");
  CHECK(few["trusts"].size() > 100);
  CHECK(more_size < 2'000'000);
  CHECK(static_cast<double>(more_size) ==
        doctest::Approx(static_cast<double>(few_size)).epsilon(0.05));
}

TEST_CASE("compare: an action, a policy or a --set for one scenario, in every format") {
  const fs::path strike = shipped / "runs/kingston/2016-01-12.toml";
  const fs::path late = shipped / "policies/decide-late.toml";
  const std::string three = "compare " + q(strike) + " " + q(strike) + " " + q(strike) +
                            " --policy " + q("2=" + late.string()) +
                            " --set 3:policy.act_down_share=0.5 --reps 6 -q";
  const outcome json = run_program(three + " --format json");
  REQUIRE_MESSAGE(json.code == 0, json.err);
  const auto doc = nlohmann::json::parse(json.out);
  const auto& second = doc["comparisons"][0]["scenario"];
  const auto& third = doc["comparisons"][1]["scenario"];
  CHECK(doc["reference"]["policy_file"] == "");
  CHECK(second["policy_file"] == late.string());
  CHECK(second["title"].get<std::string>().find("with policy Decide three days ahead") !=
        std::string::npos);
  CHECK(third["overrides"] == nlohmann::json::array({"policy.act_down_share=0.5"}));
  CHECK(third["title"].get<std::string>().find("policy.act_down_share=0.5") != std::string::npos);
  // Scenario 2 is what `run --policy` gives with the same seed and replications.
  const outcome run =
      run_program("run " + q(strike) + " --policy " + q(late) + " --reps 6 -q --format json");
  REQUIRE(run.code == 0);
  const auto rdoc = nlohmann::json::parse(run.out);
  CHECK(doc["comparisons"][0]["total"]["outpatient_slots.cancelled"]["scenario_mean"] ==
        rdoc["total"]["outpatient_slots"]["cancelled"]["mean"]);
  CHECK(doc["comparisons"][0]["total"]["outpatient_slots.cancelled"]["distinguishable_from_zero"] ==
        true);

  SUBCASE("a scenario number that does not exist is refused") {
    const outcome bad = run_program("compare " + q(strike) + " " + q(strike) + " --policy " +
                                    q("3=" + late.string()) + " --reps 2");
    CHECK(bad.code == 2);
    CHECK(bad.err.find("--policy: 3=") != std::string::npos);
    CHECK(bad.err.find("there is no scenario 3") != std::string::npos);
  }
  SUBCASE("text and CSV name each scenario's changes") {
    const outcome text = run_program(three);
    CHECK(text.out.find("--set policy.act_down_share=0.5)") != std::string::npos);
    const outcome csv = run_program(three + " --format csv");
    CHECK(csv.out.find(" --policy " + late.string() + ",total,") != std::string::npos);
  }
  SUBCASE("a workbook, with -o only") {
    const fs::path book = fresh("compare-book") / "compare.xlsx";
    fs::create_directories(book.parent_path());
    CHECK(run_program(three + " --format xlsx").code == 2);
    const outcome o = run_program(three + " --format xlsx -o " + q(book));
    REQUIRE_MESSAGE(o.code == 0, o.err);
    CHECK(read_text(book).rfind("PK", 0) == 0);  // a zip, as every .xlsx
  }
  SUBCASE("a page with a chart of the differences, whose reproduce command gives its bytes") {
    const outcome page = run_program(three + " --format html");
    REQUIRE(page.code == 0);
    CHECK(page.out.find("<title>Change from the reference, in % of its mean</title>") !=
          std::string::npos);
    const std::string open = "Reproduce this page: <code>", close = "</code>";
    const std::size_t at = page.out.find(open);
    REQUIRE(at != std::string::npos);
    std::string command =
        page.out.substr(at + open.size(), page.out.find(close, at) - at - open.size());
    // The page's text, unescaped (the command's words are quoted for a POSIX shell).
    std::string unescaped;
    for (std::size_t i = 0; i < command.size(); ++i) {
      if (command.compare(i, 5, "&#39;") == 0) {
        unescaped += '\'';
        i += 4;
      } else {
        unescaped += command[i];
      }
    }
    command = unescaped;
    CAPTURE(command);
    const std::string program = "strikesim ", output = " -o FILE";
    REQUIRE(command.rfind(program, 0) == 0);
    REQUIRE(command.substr(command.size() - output.size()) == output);
    const fs::path written = fresh("compare-page") / "page.html";
    fs::create_directories(written.parent_path());
    const outcome again = run_program(
        command.substr(program.size(), command.size() - program.size() - output.size()) +
        " -q -o " + q(written));
    REQUIRE_MESSAGE(again.code == 0, again.err);
    CHECK(read_text(written) == page.out);
  }
}

TEST_CASE("a sweep writes one CSV row per point, trust and metric, and sharding + merge is exact") {
  const fs::path sweep = cli_data / "sweeps/small.toml";
  const fs::path whole = fresh("sweep-whole");
  const outcome o = run_program("sweep " + q(sweep) + " -o " + q(whole) + " --threads 2");
  REQUIRE_MESSAGE(o.code == 0, o.err);
  CHECK(o.out.empty());
  const std::string csv = read_text(whole / "sweep.csv");
  CHECK(csv.rfind("point,action.participation,policy.plan_percentile,trust,metric,", 0) == 0);
  // 6 points x (1 trust + total) x every headline figure of a point, and the header.
  const auto doc = nlohmann::json::parse(read_text(whole / "sweep.json"));
  const auto metrics = static_cast<long>(doc["points"][0]["total"].size());
  CHECK(metrics >= 10);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 6 * 2 * metrics + 1);
  CHECK(csv.find("\n5,1.0,0.9,total,elective_operations.cancelled_in_advance,") !=
        std::string::npos);
  CHECK(doc["schema"] == "strikesim.sweep/1");
  // The worked example draws nothing: no chance-alone figures, and no section for them.
  CHECK_FALSE(doc["points"][0].contains("total_chance_only"));
  CHECK(read_text(whole / "report.html").find("two parts of each range") == std::string::npos);
  REQUIRE(doc["points"].size() == 6);
  CHECK(doc["points"][1]["values"]["policy.plan_percentile"] == 0.9);
  CHECK(doc["points"][2]["values"]["action.participation"] == 0.8);
  // More strikers, more cancellations (the same seed at every point).
  const auto cancelled = [&](int point) {
    return doc["points"][point]["total"]["outpatient_slots.cancelled"]["mean"].get<double>();
  };
  CHECK(cancelled(4) >= cancelled(0));

  // One point at a time on one thread, and four points at once: the same bytes.
  for (const int threads : {1, 4}) {
    CAPTURE(threads);
    const fs::path other = fresh("sweep-threads-" + std::to_string(threads));
    REQUIRE(run_program("sweep " + q(sweep) + " -o " + q(other) + " -q --threads " +
                        std::to_string(threads))
                .code == 0);
    CHECK(tree(other) == tree(whole));
  }

  const fs::path a = fresh("sweep-shard-a"), b = fresh("sweep-shard-b"), merged = fresh("merged");
  REQUIRE(run_program("sweep " + q(sweep) + " --shard 1/2 -o " + q(a)).code == 0);
  REQUIRE(run_program("sweep " + q(sweep) + " --shard 2/2 -o " + q(b) + " --threads 1").code == 0);
  CHECK_FALSE(fs::exists(a / "sweep.csv"));  // a shard alone is not the sweep
  CHECK(tree(a / "points").size() == 3);
  const outcome m = run_program("merge " + q(a) + " " + q(b) + " -o " + q(merged));
  REQUIRE_MESSAGE(m.code == 0, m.err);
  CHECK(tree(merged) == tree(whole));

  // A merge with a shard missing names the missing points and writes nothing.
  const fs::path partial = fresh("merged-partial");
  const outcome half = run_program("merge " + q(a) + " -o " + q(partial));
  CHECK(half.code == 2);
  CHECK(half.err.find("3 of 6 points missing (1, 3, 5)") != std::string::npos);
  CHECK_FALSE(fs::exists(partial));
}

TEST_CASE("zipped paths vary together") {
  const fs::path out = fresh("sweep-zip");
  const outcome o =
      run_program("sweep " + q(cli_data / "sweeps/zipped.toml") + " --reps 2 -o " + q(out) + " -q");
  REQUIRE_MESSAGE(o.code == 0, o.err);
  CHECK(o.err.empty());
  const auto doc = nlohmann::json::parse(read_text(out / "sweep.json"));
  REQUIRE(doc["points"].size() == 6);
  for (const auto& p : doc["points"]) {
    const double turnout = p["values"]["action.participation"].get<double>();
    const double share = p["values"]["policy.act_down_share"].get<double>();
    CHECK(((turnout == 0.6 && share == 0.2) || (turnout == 0.8 && share == 0.5) ||
           (turnout == 1.0 && share == 1.0)));
  }
}

TEST_CASE("a sweep killed with SIGKILL and resumed equals an uninterrupted one") {
  // Kingston points take a fraction of a second each, so the kill lands mid-sweep.
  const fs::path sweep = shipped / "sweeps/kingston-turnout-planning.toml";
  const std::string common = " --reps 6 --threads 1 -q";
  const fs::path whole = fresh("kill-whole"), killed = fresh("kill-resumed");
  REQUIRE(run_program("sweep " + q(sweep) + common + " -o " + q(whole)).code == 0);
  // Kingston's regime draws its assumptions: the page shows each point's full range beside
  // chance alone's, from the points' JSON.
  const std::string page = read_text(whole / "report.html");
  const auto doc = nlohmann::json::parse(read_text(whole / "sweep.json"));
  CHECK(doc["points"][0].contains("total_chance_only"));
  const std::size_t at = page.find("The two parts of each range");
  REQUIRE(at != std::string::npos);
  const std::string section = page.substr(at, page.find("</section>", at) - at);
  std::size_t rows = 0;
  for (std::size_t i = section.find("<tr><td"); i != std::string::npos;
       i = section.find("<tr><td", i + 1))
    ++rows;
  CHECK(rows == doc["points"].size());  // a row per point

  const fs::path pid_file = strikesim_test::cli_scratch() / "sweep.pid";
  fs::remove(pid_file);
  const std::string background = std::string("'") + STRIKESIM_EXE + "' sweep " + q(sweep) + common +
                                 " -o " + q(killed) + " >/dev/null 2>&1 & echo $! > " + q(pid_file);
  REQUIRE(std::system(background.c_str()) == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const pid_t pid = std::stoi(read_text(pid_file));
  const auto points_done = [&] {
    std::size_t n = 0;
    if (fs::exists(killed / "points"))
      for (const auto& e : fs::directory_iterator(killed / "points"))
        n += e.path().extension() == ".json" ? 1 : 0;
    return n;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (points_done() < 3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  REQUIRE(::kill(pid, SIGKILL) == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const std::size_t done_at_kill = points_done();
  CHECK(done_at_kill >= 3);
  REQUIRE(done_at_kill < 15);  // killed mid-way, or the test proves nothing
  CHECK_FALSE(fs::exists(killed / "sweep.csv"));

  // Without --resume the directory is refused; with it, the sweep finishes.
  const outcome refused = run_program("sweep " + q(sweep) + common + " -o " + q(killed));
  CHECK(refused.code == 2);
  CHECK(refused.err.find("pass --resume") != std::string::npos);
  const outcome resumed =
      run_program("sweep " + q(sweep) + " --reps 6 --threads 2 --resume -o " + q(killed));
  REQUIRE_MESSAGE(resumed.code == 0, resumed.err);
  CHECK(resumed.err.find("resuming: " + std::to_string(done_at_kill) + " of 15 points") !=
        std::string::npos);
  CHECK_FALSE(has_temporary(killed));
  CHECK(tree(killed) == tree(whole));

  // A different sweep (other replications) is never mixed into the directory.
  const outcome other = run_program("sweep " + q(sweep) + " --reps 7 --resume -q -o " + q(killed));
  CHECK(other.code == 2);
  CHECK(other.err.find("holds a different sweep") != std::string::npos);
}

TEST_CASE("list shows the shipped scenarios with their names") {
  const outcome o = run_program("list");
  REQUIRE(o.code == 0);
  CHECK(o.out.find("runs/kingston/2016-01-12.toml") != std::string::npos);
  CHECK(o.out.find("Kingston Hospital, 12 January 2016") != std::string::npos);
  CHECK(o.out.find("sweeps/kingston-turnout-planning.toml") != std::string::npos);
  const outcome j = run_program("list --format json --dir " + q(shipped));
  REQUIRE(j.code == 0);
  const auto doc = nlohmann::json::parse(j.out);
  CHECK(doc["files"].size() >= 40);
}

TEST_CASE("--help for every subcommand; --version") {
  for (const char* cmd : {"run", "compare", "sweep", "merge", "validate", "list", "describe"}) {
    CAPTURE(cmd);
    const outcome o = run_program(std::string(cmd) + " --help");
    CHECK(o.code == 0);
    CHECK(o.out.find("Usage:") != std::string::npos);
    CHECK(o.out.find("--help") != std::string::npos);
  }
  const outcome top = run_program("--help");
  CHECK(top.code == 0);
  for (const char* cmd : {"run", "compare", "sweep", "merge", "validate", "list", "describe"})
    CHECK(top.out.find(cmd) != std::string::npos);
  CHECK(run_program("--version").code == 0);
}

TEST_CASE("the progress bar goes to stderr only when asked or on a terminal") {
  const fs::path scenario = example / "scenario-emergency-only.toml";
  const outcome quiet = run_program("run " + q(scenario) + " --reps 50 --format json");
  CHECK(quiet.err.empty());  // stderr is not a terminal here
  const outcome shown =
      run_program("run " + q(scenario) + " --reps 50 --format json --progress always");
  CHECK(shown.err.find("50/50 replications") != std::string::npos);
  CHECK(shown.out == quiet.out);
}

TEST_CASE("a run with another action, policy and --set names them in every output") {
  const fs::path scenario = shipped / "runs/croydon/2016-01-12.toml";
  const fs::path action = shipped / "actions/2023-04-11.toml";
  const fs::path policy = shipped / "policies/decide-late.toml";
  const std::string options = " --action " + q(action) + " --policy " + q(policy) +
                              " --set action.participation=0.5 --set run.warmup_days=2 --reps 3" +
                              " --seed 11 -q --format ";
  const std::string title =
      "Croydon University Hospital, 12 January 2016, 24 h emergency care only — with action "
      "96-hour full walk-out from 07:00, 11-15 April 2023 and policy Decide three days ahead; "
      "extra weekend lists to recover";

  SUBCASE("text: the heading, and a line of the --set changes") {
    const outcome o = run_program("run " + q(scenario) + options + "text");
    REQUIRE_MESSAGE(o.code == 0, o.err);
    CHECK(o.out.rfind(title + "\nChanged with --set: action.participation=0.5, "
                              "run.warmup_days=2\n3 replications, seed 11;",
                      0) == 0);
  }
  SUBCASE("JSON: the title, the files run and every --set under scenario") {
    const outcome o = run_program("run " + q(scenario) + options + "json");
    REQUIRE_MESSAGE(o.code == 0, o.err);
    const auto doc = nlohmann::json::parse(o.out);
    CHECK(doc["scenario"]["action"] == "2023-04-11");
    CHECK(doc["scenario"]["policy"] == "decide-late");
    // The ids and files run, and the title that names them (name stays the scenario's own).
    CHECK(doc["scenario"]["files"]["action"] == action.string());
    CHECK(doc["scenario"]["files"]["policy"] == policy.string());
    CHECK(doc["scenario"]["title"] == title);
    CHECK(doc["scenario"]["name"] ==
          "Croydon University Hospital, 12 January 2016, 24 h emergency care only");
    CHECK(doc["scenario"]["overrides"] ==
          nlohmann::json::array({"action.participation=0.5", "run.warmup_days=2"}));
    const outcome plain = run_program("run " + q(scenario) + " --reps 1 -q --format json");
    CHECK(nlohmann::json::parse(plain.out)["scenario"]["overrides"] == nlohmann::json::array());
  }
  SUBCASE("HTML: the title, the inputs and a reproduce line with every option") {
    const outcome o = run_program("run " + q(scenario) + options + "html");
    REQUIRE_MESSAGE(o.code == 0, o.err);
    CHECK(o.out.find("<title>" + title + "</title>") != std::string::npos);
    CHECK(o.out.find("<h1>" + title + "</h1>") != std::string::npos);
    CHECK(o.out.find("<li>changed with <code>--set action.participation=0.5</code></li><li>"
                     "changed with <code>--set run.warmup_days=2</code></li>") !=
          std::string::npos);
    const std::string reproduce = "<code>strikesim run " + scenario.string() + " --action " +
                                  action.string() + " --policy " + policy.string() +
                                  " --set action.participation=0.5 --set run.warmup_days=2 "
                                  "--seed 11 --reps 3 --format html -o report.html</code>";
    CHECK_MESSAGE(o.out.find(reproduce) != std::string::npos, reproduce);
  }
}

TEST_CASE("the HTML page's reproduce command, run, writes the same bytes") {
  const fs::path scenario = shipped / "runs/croydon/2016-01-12.toml";
  const outcome page = run_program(
      "run " + q(scenario) + " --action " + q(shipped / "actions/2023-04-11.toml") + " --policy " +
      q(shipped / "policies/decide-late.toml") +
      " --set action.participation=0.5 --set 'run.warmup_days=2' --reps 4 --seed 5 -q " +
      "--format html");
  REQUIRE_MESSAGE(page.code == 0, page.err);
  const std::string open = "Reproduce this page with <code>", close = "</code>";
  const std::size_t at = page.out.find(open);
  REQUIRE(at != std::string::npos);
  std::string command =
      page.out.substr(at + open.size(), page.out.find(close, at) - at - open.size());
  // The page's text, unescaped (the command's words are quoted for a POSIX shell).
  for (const auto& [entity, c] : std::array<std::pair<std::string, std::string>, 5>{
           {{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}}}) {
    for (std::size_t i = command.find(entity); i != std::string::npos;
         i = command.find(entity, i + c.size()))
      command.replace(i, entity.size(), c);
  }
  CAPTURE(command);
  const std::string program = "strikesim ", output = " -o report.html";
  REQUIRE(command.rfind(program, 0) == 0);
  REQUIRE(command.size() > output.size());
  REQUIRE(command.substr(command.size() - output.size()) == output);
  // Run as written, but for the program's path and the output's folder.
  const fs::path written = fresh("reproduced") / "report.html";
  fs::create_directories(written.parent_path());
  const outcome again =
      run_program(command.substr(program.size(), command.size() - program.size() - output.size()) +
                  " -o " + q(written));
  REQUIRE_MESSAGE(again.code == 0, again.err);
  CHECK(read_text(written) == page.out);
}

TEST_CASE("England's composite says that its trusts are archetypes, not real trusts") {
  const fs::path england = shipped / "regions/england/2016-01-12.toml";
  const outcome text = run_program("run " + q(england) + " --reps 1 --threads 2 -q");
  REQUIRE_MESSAGE(text.code == 0, text.err);
  const std::string head = text.out.substr(0, text.out.find("replications"));
  CHECK(head.find("Illustrative: the archetypes are assumptions, not real trusts.") !=
        std::string::npos);
  CHECK(head.find("copies of archetypes") != std::string::npos);
  const outcome html = run_program("run " + q(england) + " --reps 1 --threads 2 -q --format html");
  REQUIRE_MESSAGE(html.code == 0, html.err);
  CHECK(html.out.find("<p class=\"description\">About 150 acute trusts") != std::string::npos);
  CHECK(html.out.find("copies of archetypes") != std::string::npos);
  // A real trust's page has no such note.
  const outcome croydon =
      run_program("run " + q(shipped / "runs/croydon/2016-01-12.toml") + " --reps 1 -q");
  CHECK(croydon.out.find("archetypes") == std::string::npos);
}
