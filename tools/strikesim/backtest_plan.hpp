#pragma once
/// What `strikesim backtest` runs: every shipped region scenario of an action (england and
/// south-west-london; not the no-strike baselines), found in the scenarios folder, and the record
/// checked against them. Shared by the command and the benchmark.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "strikesim/analysis/backtest.hpp"
#include "strikesim/hospital/record.hpp"
#include "strikesim/reports/backtest_report.hpp"

namespace strikesim::cli {

/// The region folders the backtest runs, in the order of its tables.
inline const std::vector<std::string> backtest_regions = {"england", "south-west-london"};

struct backtest_plan {
  model::record record;
  std::vector<model::backtest_scenario_meta> metas;  // one per job
  std::vector<model::backtest_job> jobs;
  std::vector<std::string> files;  // every file read (scenarios, and the record)
  std::vector<std::string> notes;  // scenarios skipped, record rows without a scenario
};

/// Finds the scenarios of `regions` under `dir`/regions, reads each once (to skip those in which
/// nobody strikes and to know their trusts), reads the record and checks every row against them:
/// a row naming a folder that is not one of the regions, a scenario in which nobody strikes or a
/// trust the scenario does not have is bad input (scenario_error at the row's key); a row whose
/// scenario file is not there yet is a note (listed as not run). `seed`, if given, replaces every
/// scenario's seed.
backtest_plan plan_backtest(const std::filesystem::path& dir, const std::filesystem::path& record,
                            std::optional<std::uint64_t> seed,
                            const std::vector<std::string>& regions = backtest_regions);

}  // namespace strikesim::cli
