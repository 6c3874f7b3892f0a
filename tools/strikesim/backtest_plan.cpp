#include "backtest_plan.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <memory>

#include "strikesim/files/reader.hpp"
#include "strikesim/files/record.hpp"
#include "strikesim/hospital/error.hpp"

namespace strikesim::cli {

namespace fs = std::filesystem;

namespace {

/// Whether the action can take anyone away (a no-strike baseline cannot).
bool strikes_anyone(const model::scenario& sc) {
  return sc.action.participation.expected_value() > 0 && !sc.action.grades.empty();
}

std::vector<fs::path> toml_files(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".toml") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

struct found {
  std::string relative;  // "regions/england/2016-01-12.toml"
  bool strikes = false;
  std::vector<std::string> trusts;
};

}  // namespace

backtest_plan plan_backtest(const fs::path& dir, const fs::path& record_file,
                            std::optional<std::uint64_t> seed,
                            const std::vector<std::string>& regions) {
  backtest_plan plan;
  plan.record = model::read_record(record_file);
  plan.files.push_back(record_file.string());
  std::vector<found> all;
  for (const std::string& region : regions) {
    for (const fs::path& file : toml_files(dir / "regions" / region)) {
      const model::scenario sc = model::read_scenario(file);
      found f;
      f.relative = fs::path("regions") / region / file.filename();
      f.strikes = strikes_anyone(sc);
      for (const model::trust& t : sc.trusts)
        f.trusts.push_back(t.id);
      plan.files.push_back(file.string());
      all.push_back(f);
      if (!f.strikes) {
        plan.notes.push_back(
            fmt::format("{}: nobody strikes in it (a baseline): not run", f.relative));
        continue;
      }
      model::backtest_scenario_meta meta;
      meta.scenario = f.relative;
      meta.region = region;
      meta.action = sc.action.id;
      meta.name = sc.name;
      meta.policy = sc.plan_policy.id;
      meta.seed = seed ? *seed : sc.run.seed;
      plan.metas.push_back(meta);
      plan.jobs.push_back({[file, seed] {
                             auto s = std::make_unique<model::scenario>(model::read_scenario(file));
                             if (seed) s->run.seed = *seed;
                             return s;
                           },
                           {}});
    }
  }
  for (const model::record_row& row : plan.record.rows) {
    const fs::path p = fs::path(row.scenario).lexically_normal();
    const auto parts = std::vector<fs::path>(p.begin(), p.end());
    const bool in_region =
        parts.size() == 3 && parts[0] == "regions" &&
        std::find(regions.begin(), regions.end(), parts[1].string()) != regions.end();
    if (!in_region) {
      // The bench runs England alone: rows of other regions are simply not run there.
      if (parts.size() == 3 && parts[0] == "regions" &&
          std::find(backtest_regions.begin(), backtest_regions.end(), parts[1].string()) !=
              backtest_regions.end())
        continue;
      std::vector<std::string> folders;
      for (const std::string& r : backtest_regions)
        folders.push_back("regions/" + r + "/");
      throw model::scenario_error(
          row.where_scenario, "scenario",
          fmt::format("'{}' is not a scenario the backtest runs: it runs the files of {}",
                      model::detail::clip(row.scenario), fmt::join(folders, " and ")));
    }
    const auto it = std::find_if(all.begin(), all.end(),
                                 [&](const found& f) { return f.relative == p.generic_string(); });
    if (it == all.end()) {
      plan.notes.push_back(fmt::format("{}:{}: {}: no such scenario file yet: the row is not run",
                                       row.where.file, row.where.line, row.scenario));
      continue;
    }
    if (!it->strikes)
      throw model::scenario_error(row.where_scenario, "scenario",
                                  fmt::format("nobody strikes in '{}': the record's outcomes are "
                                              "of actions",
                                              model::detail::clip(row.scenario)));
    if (row.trust.empty()) continue;
    if (std::find(it->trusts.begin(), it->trusts.end(), row.trust) == it->trusts.end()) {
      std::vector<std::string_view> ids(it->trusts.begin(), it->trusts.end());
      std::string hint = model::did_you_mean(row.trust, ids);
      if (hint.empty())
        hint = fmt::format(" (its trusts: {})",
                           model::detail::clip(fmt::format("{}", fmt::join(it->trusts, ", "))));
      throw model::scenario_error(
          row.where_trust, "trust",
          fmt::format("no trust '{}' in {}{}", model::detail::clip(row.trust), row.scenario, hint));
    }
    const std::size_t job = static_cast<std::size_t>(
        std::find_if(plan.metas.begin(), plan.metas.end(),
                     [&](const auto& m) { return m.scenario == it->relative; }) -
        plan.metas.begin());
    std::vector<std::string>& wanted = plan.jobs[job].trust_ids;
    if (std::find(wanted.begin(), wanted.end(), row.trust) == wanted.end())
      wanted.push_back(row.trust);
  }
  return plan;
}

}  // namespace strikesim::cli
