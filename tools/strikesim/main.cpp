// strikesim: the command line. Results to stdout (or -o, written whole or not at all), messages
// to stderr. Exit codes: 0 success, 1 internal error, 2 bad input or usage.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "strikesim/model/describe.hpp"
#include "strikesim/model/reader.hpp"
#include "strikesim/model/results.hpp"
#include "strikesim/model/simulate.hpp"

namespace model = strikesim::model;

#ifndef STRIKESIM_VERSION
#define STRIKESIM_VERSION "unknown"
#endif

namespace {

constexpr int exit_bad_input = 2;
constexpr int exit_internal = 1;

/// Writes `text` to `path` through a temporary file and a rename, so a reader never sees half a
/// file and a failure leaves nothing behind.
void write_whole(const std::filesystem::path& path, const std::string& text) {
  const std::filesystem::path tmp = path.string() + ".tmp-strikesim";
  {
    std::ofstream f(tmp, std::ios::binary);
    if (!f) throw model::scenario_error({path.string()}, "-o", "cannot write to this path");
    f << text;
    f.close();
    if (!f) {
      std::filesystem::remove(tmp);
      throw model::scenario_error({path.string()}, "-o", "writing failed");
    }
  }
  std::filesystem::rename(tmp, path);
}

struct run_options {
  std::string scenario;
  int replications = 0;  // 0: from the file
  long long seed = -1;   // -1: from the file
  int threads = 0;       // 0: all cores
  std::vector<std::string> sets;
  std::string action, policy;  // instead of the scenario's own
  std::string format = "text";
  std::string output;
};

int run(const run_options& o) {
  std::vector<model::override_spec> sets;
  for (const std::string& s : o.sets)
    sets.push_back(model::parse_override(s));
  model::scenario sc = model::read_scenario(o.scenario, sets, {o.action, o.policy});
  if (o.replications > 0) sc.run.replications = o.replications;
  if (o.seed >= 0) sc.run.seed = static_cast<std::uint64_t>(o.seed);
  const int threads = o.threads > 0
                          ? o.threads
                          : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  const model::prepared_scenario prep = model::prepare(sc);
  const auto outcomes = model::run_replications(prep, sc.run.replications, threads);
  std::string text;
  if (o.format == "json") {
    text = model::results_json(prep, outcomes, STRIKESIM_VERSION).dump(2) + "\n";
  } else {
    text = model::results_text(prep, outcomes);
  }
  if (o.output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
  } else {
    write_whole(o.output, text);
  }
  return 0;
}

struct describe_options {
  std::string scenario;
  std::vector<std::string> sets;
  std::string format = "text";
};

int describe(const describe_options& o) {
  std::vector<model::override_spec> sets;
  for (const std::string& s : o.sets)
    sets.push_back(model::parse_override(s));
  const model::scenario sc = model::read_scenario(o.scenario, sets);
  const auto sizes = model::describe(sc);
  const std::string text = o.format == "json" ? model::describe_json(sc, sizes).dump(2) + "\n"
                                              : model::describe_text(sc, sizes);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"strikesim: NHS hospital trusts on junior doctors' strike days, simulated",
               "strikesim"};
  app.set_version_flag("--version", STRIKESIM_VERSION);
  app.require_subcommand(1);

  run_options ro;
  CLI::App* run_cmd =
      app.add_subcommand("run", "Simulate a scenario and report cancellations and emergency care");
  run_cmd->add_option("scenario", ro.scenario, "Scenario file (TOML)")->required();
  run_cmd->add_option("--reps", ro.replications, "Replications (default: the scenario's)")
      ->check(CLI::Range(1, 1000000));
  run_cmd->add_option("--seed", ro.seed, "Master seed (default: the scenario's)")
      ->check(CLI::Range(0LL, 9007199254740991LL));
  run_cmd->add_option("--threads", ro.threads, "Threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  run_cmd->add_option("--set", ro.sets, "Change a value: PATH=VALUE (repeatable)");
  run_cmd->add_option("--action", ro.action,
                      "Use this strike action file instead of the scenario's");
  run_cmd->add_option("--policy", ro.policy, "Use this policy file instead of the scenario's");
  run_cmd->add_option("--format", ro.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  run_cmd->add_option("-o,--output", ro.output, "Write results to this file (whole or not at all)");

  std::vector<std::string> files;
  CLI::App* validate_cmd =
      app.add_subcommand("validate", "Check scenario files without running them");
  validate_cmd->add_option("files", files, "Files to check")->required();

  describe_options dopt;
  CLI::App* describe_cmd = app.add_subcommand(
      "describe", "Show the size of each trust as the model sees it (staff, sessions, ED demand)");
  describe_cmd->add_option("scenario", dopt.scenario, "Scenario file (TOML)")->required();
  describe_cmd->add_option("--set", dopt.sets, "Change a value: PATH=VALUE (repeatable)");
  describe_cmd->add_option("--format", dopt.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : exit_bad_input;
  }

  try {
    if (*run_cmd) return run(ro);
    if (*describe_cmd) return describe(dopt);
    if (*validate_cmd) {
      for (const std::string& f : files) {
        model::validate_file(f);
        std::cerr << f << ": ok\n";
      }
      return 0;
    }
  } catch (const model::scenario_error& e) {
    std::cerr << "strikesim: error: " << e.what() << "\n";
    return exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "strikesim: internal error: " << e.what() << "\n";
    return exit_internal;
  }
  return 0;
}
