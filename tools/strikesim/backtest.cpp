// strikesim backtest: every shipped action against the historical record.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "backtest_plan.hpp"
#include "commands.hpp"
#include "files.hpp"
#include "strikesim/hospital/error.hpp"

#ifndef STRIKESIM_SCENARIOS_DIR
#define STRIKESIM_SCENARIOS_DIR "scenarios"
#endif

namespace strikesim::cli {

namespace fs = std::filesystem;

namespace {

/// --check found a record row outside its tolerance (the output is written all the same).
constexpr int exit_check_failed = 1;

fs::path scenarios_root(const std::string& dir) {
  if (!dir.empty()) return dir;
  const char* env = std::getenv("STRIKESIM_SCENARIOS");
  return env != nullptr && *env != '\0' ? fs::path(env) : fs::path(STRIKESIM_SCENARIOS_DIR);
}

}  // namespace

int backtest(const backtest_options& o, const std::string& version) {
  check_output_path(o.output);
  const fs::path root = scenarios_root(o.dir);
  std::error_code ec;
  if (!fs::is_directory(root / "regions", ec))
    throw model::scenario_error({root.string()}, "--dir",
                                "no regions folder here: pass --dir DIR (a scenarios folder) or "
                                "set STRIKESIM_SCENARIOS");
  const fs::path record = o.record.empty() ? root / "backtest" / "record.toml" : fs::path(o.record);
  const std::optional<std::uint64_t> seed =
      o.sim.seed >= 0 ? std::optional(static_cast<std::uint64_t>(o.sim.seed)) : std::nullopt;
  backtest_plan plan = plan_backtest(root, record, seed);
  check_not_input(o.output, plan.files);
  if (!o.sim.quiet)
    for (const std::string& note : plan.notes)
      std::cerr << "strikesim: note: " << note << "\n";
  const int reps = o.sim.replications > 0 ? o.sim.replications : default_backtest_replications;
  progress bar("replications", static_cast<std::int64_t>(reps) * std::ssize(plan.jobs),
               progress::wanted(o.sim.progress_mode, o.sim.quiet));
  const std::vector<model::planned_care_run> runs =
      model::run_backtest(plan.jobs, reps, o.sim.thread_count(), &bar.counter());
  bar.finish();
  const model::backtest_result result = model::make_backtest_result(
      plan.metas, runs, plan.record, static_cast<std::uint64_t>(reps), version);
  std::string text;
  if (o.format == "json")
    text = model::backtest_json(result).dump(2) + "\n";
  else if (o.format == "csv")
    text = model::backtest_csv(result);
  else if (o.format == "html")
    text = model::backtest_html(result);
  else
    text = model::backtest_text(result);
  if (o.output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  } else {
    write_whole(o.output, text);
  }
  if (o.check && result.outside() > 0) {
    if (!o.sim.quiet)
      std::cerr << fmt::format(
          "strikesim: check failed: {} of {} record rows with a tolerance are outside it\n",
          result.outside(), result.checked());
    return exit_check_failed;
  }
  return exit_ok;
}

}  // namespace strikesim::cli
