// strikesim run, compare and list.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "commands.hpp"
#include "files.hpp"
#include "strikesim/analysis/compare.hpp"
#include "strikesim/analysis/memory.hpp"
#include "strikesim/analysis/summary.hpp"
#include "strikesim/files/reader.hpp"
#include "strikesim/files/sweep_file.hpp"
#include "strikesim/hospital/limits.hpp"
#include "strikesim/hospital/simulate.hpp"
#include "strikesim/reports/compare_report.hpp"
#include "strikesim/reports/report.hpp"
#include "strikesim/reports/results.hpp"
#include "strikesim/reports/workbook.hpp"

#ifndef STRIKESIM_SCENARIOS_DIR
#define STRIKESIM_SCENARIOS_DIR "scenarios"
#endif

namespace strikesim::cli {

namespace fs = std::filesystem;

int sim_options::thread_count() const {
  return threads > 0 ? threads
                     : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
}

namespace {

std::vector<model::override_spec> parse_sets(const std::vector<std::string>& sets) {
  std::vector<model::override_spec> out;
  for (const std::string& s : sets)
    out.push_back(model::parse_override(s));
  return out;
}

/// The files a scenario was read from.
std::vector<std::string> input_files(const model::scenario& sc) {
  std::vector<std::string> files{sc.file, sc.action.file, sc.plan_policy.file};
  for (const model::trust& t : sc.trusts)
    files.push_back(t.file);
  return files;
}

/// The notes of a scenario on stderr, unless --quiet.
void print_notes(const model::scenario& sc, const sim_options& o) {
  if (o.quiet) return;
  for (const std::string& note : model::action_notes(sc.action))
    std::cerr << "strikesim: note: " << note << "\n";
}

void emit(const std::string& text, const std::string& output) {
  if (output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  } else {
    write_whole(output, text);
  }
}

/// An option of `compare` for one scenario ("2=FILE", "2:PATH=VALUE") or for every one ("FILE",
/// "PATH=VALUE"): the scenario's index (from 0), if it names one, and the rest.
struct per_scenario {
  std::optional<std::size_t> index;
  std::string value;
};
per_scenario split_scenario_number(const std::string& option, const std::string& text,
                                   char separator, std::size_t scenarios) {
  const std::size_t at = text.find(separator);
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (at == 0 || at == std::string::npos ||
      !std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), digit))
    return {std::nullopt, text};
  const std::size_t number = at > 6 ? 0 : std::stoul(text.substr(0, at));
  if (number < 1 || number > scenarios)
    throw model::scenario_error(
        {option}, "",
        fmt::format("{}: there is no scenario {}: number the scenarios from 1 to {} in the order "
                    "given (or leave the number out for every scenario)",
                    text, text.substr(0, at), scenarios));
  return {number - 1, text.substr(at + 1)};
}

/// What `compare` runs each scenario with: its action and policy files (the last given for it,
/// else the last for every scenario) and its overrides (those for every scenario, then its own).
struct compare_inputs {
  std::string action, policy;
  std::vector<std::string> sets;
};
std::vector<compare_inputs> inputs_per_scenario(const compare_options& o) {
  const std::size_t n = o.scenarios.size();
  std::vector<compare_inputs> out(n);
  const auto files = [&](const std::vector<std::string>& given, const char* option,
                         std::string compare_inputs::*field) {
    for (const bool own : {false, true}) {  // every scenario's first, then each one's own
      for (const std::string& text : given) {
        const per_scenario p = split_scenario_number(option, text, '=', n);
        if (p.index.has_value() != own) continue;
        for (std::size_t i = 0; i < n; ++i)
          if (!p.index || *p.index == i) out[i].*field = p.value;
      }
    }
  };
  files(o.actions, "--action", &compare_inputs::action);
  files(o.policies, "--policy", &compare_inputs::policy);
  for (const bool own : {false, true}) {
    for (const std::string& text : o.sets) {
      const per_scenario p = split_scenario_number("--set", text, ':', n);
      if (p.index.has_value() != own) continue;
      for (std::size_t i = 0; i < n; ++i)
        if (!p.index || *p.index == i) out[i].sets.push_back(p.value);
    }
  }
  return out;
}

/// What `--detail` asks for; auto: everything for up to model::listed_trusts trusts, each trust's
/// figures for a composite. The text shows figures only, whatever is asked beyond them.
model::result_detail detail_of(const run_options& o, std::size_t trusts) {
  using model::result_detail;
  result_detail d = result_detail::everything;
  if (o.detail == "totals")
    d = result_detail::totals;
  else if (o.detail == "trusts" || (o.detail == "auto" && trusts > model::listed_trusts))
    d = result_detail::figures;
  if (o.format == "text" && d == result_detail::everything) d = result_detail::figures;
  return d;
}

void apply_run_settings(model::scenario& sc, const sim_options& o) {
  if (o.replications > 0) sc.run.replications = o.replications;
  if (o.seed >= 0) sc.run.seed = static_cast<std::uint64_t>(o.seed);
}

}  // namespace

int run(const run_options& o, const std::string& version) {
  if (o.format == "xlsx" && o.output.empty())
    throw model::scenario_error({"--format"}, "", "xlsx needs -o FILE (a workbook is not text)");
  check_output_path(o.output);
  const std::vector<model::override_spec> sets = parse_sets(o.sets);
  model::scenario sc = model::read_scenario(o.scenario, sets, {o.action, o.policy});
  apply_run_settings(sc, o.sim);
  check_not_input(o.output, input_files(sc));
  model::check_run_memory(sc, sc.run.replications, o.sim.thread_count(), o.sim.max_memory_gib,
                          o.scenario, replications_key(o.sim, "run.replications"));
  print_notes(sc, o.sim);
  model::prepared_scenario prep = model::prepare(sc);
  // With parameters drawn, the same replications run again with them at their central values:
  // the range of chance alone, beside the full one.
  const bool drawn = model::has_drawn_parameters(sc);
  // Each replication runs twice then (drawn, and chance only): the bar says so, not "10/10
  // replications" for --reps 5.
  progress bar(drawn ? "runs (each replication with its draws, then chance only)" : "replications",
               static_cast<std::int64_t>(sc.run.replications) * (drawn ? 2 : 1),
               progress::wanted(o.sim.progress_mode, o.sim.quiet));
  const model::outcome_summary summary =
      model::run_replications(prep, sc.run.replications, o.sim.thread_count(), &bar.counter());
  std::optional<model::outcome_summary> chance;
  if (drawn)
    chance.emplace(
        model::run_chance_only(prep, sc.run.replications, o.sim.thread_count(), &bar.counter()));
  bar.finish();
  const model::run_result result =
      model::make_run_result(summary, version, detail_of(o, sc.trusts.size()),
                             {o.action, o.policy, o.sets, o.detail == "auto" ? "" : o.detail},
                             chance ? &*chance : nullptr);
  if (o.format == "xlsx") {
    write_whole_with(o.output, [&](const fs::path& tmp) { model::write_workbook(result, tmp); });
    return exit_ok;
  }
  std::string text;
  if (o.format == "json") {
    text = model::results_json(result).dump(2) + "\n";
  } else if (o.format == "csv") {
    text = model::results_csv(model::results_json(result));
  } else if (o.format == "html") {
    text = model::report_html(result);
  } else {
    text = model::results_text(result);
  }
  emit(text, o.output);
  return exit_ok;
}

int compare(const compare_options& o, const std::string& version) {
  if (o.scenarios.size() < 2)
    throw model::scenario_error({"compare"}, "",
                                "give two scenarios or more: the first is the reference");
  if (o.format == "xlsx" && o.output.empty())
    throw model::scenario_error({"--format"}, "", "xlsx needs -o FILE (a workbook is not text)");
  check_output_path(o.output);
  const std::vector<compare_inputs> inputs = inputs_per_scenario(o);
  // Every scenario runs with the reference's replications and seed: common random numbers.
  std::deque<model::scenario> scenarios;
  for (std::size_t i = 0; i < o.scenarios.size(); ++i) {
    const compare_inputs& in = inputs[i];
    scenarios.push_back(
        model::read_scenario(o.scenarios[i], parse_sets(in.sets), {in.action, in.policy}));
    model::scenario& sc = scenarios.back();
    sc.run.replications = scenarios.front().run.replications;
    sc.run.seed = scenarios.front().run.seed;
    apply_run_settings(sc, o.sim);
  }
  const int reps = scenarios.front().run.replications;
  std::vector<const model::scenario*> all_read;
  for (const model::scenario& sc : scenarios) {
    check_not_input(o.output, input_files(sc));
    print_notes(sc, o.sim);
    all_read.push_back(&sc);
  }
  // Every scenario's plans, and replication r of every scenario at once: the memory of all.
  model::check_run_memory(all_read, reps, o.sim.thread_count(), o.sim.max_memory_gib,
                          o.scenarios.front(), replications_key(o.sim, "run.replications"));
  std::deque<model::prepared_scenario> prepared;
  for (const model::scenario& sc : scenarios)
    prepared.push_back(model::prepare(sc));
  progress bar("replications", static_cast<std::int64_t>(reps) * std::ssize(prepared),
               progress::wanted(o.sim.progress_mode, o.sim.quiet));
  std::vector<model::compared> all;
  for (std::size_t i = 0; i < prepared.size(); ++i)
    all.push_back(
        {&prepared[i], o.scenarios[i], inputs[i].action, inputs[i].policy, inputs[i].sets});
  const model::comparison comparison =
      model::run_comparison(all, reps, o.sim.thread_count(), &bar.counter());
  bar.finish();
  const model::compare_result result = model::make_compare_result(comparison, version);
  if (o.format == "xlsx") {
    write_whole_with(o.output,
                     [&](const fs::path& tmp) { model::write_compare_workbook(result, tmp); });
    return exit_ok;
  }
  std::string text;
  if (o.format == "json")
    text = model::compare_json(result).dump(2) + "\n";
  else if (o.format == "csv")
    text = model::compare_csv(result);
  else if (o.format == "html")
    text = model::compare_html(result);
  else
    text = model::compare_text(result);
  emit(text, o.output);
  return exit_ok;
}

int list(const list_options& o) {
  fs::path root = o.dir;
  if (root.empty()) {
    const char* env = std::getenv("STRIKESIM_SCENARIOS");
    root = env != nullptr && *env != '\0' ? fs::path(env) : fs::path(STRIKESIM_SCENARIOS_DIR);
  }
  std::error_code ec;
  if (!fs::is_directory(root, ec))
    throw model::scenario_error(
        {root.string()}, "", "no scenarios folder here: pass --dir DIR or set STRIKESIM_SCENARIOS");
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".toml")
      files.push_back(fs::relative(entry.path(), root));
  // Runnable scenarios first, then the files they are made of.
  constexpr std::array<std::pair<const char*, const char*>, 7> groups = {{
      {"runs", "Scenarios: one trust against one action (strikesim run FILE)"},
      {"regions", "Scenarios: several trusts together (strikesim run FILE)"},
      {"sweeps", "Sweeps: a scenario over a grid of values (strikesim sweep FILE -o DIR)"},
      {"trusts", "Trusts (named in a scenario's trusts list)"},
      {"archetypes", "Archetype trusts (copied to make a national composite)"},
      {"actions", "Strike actions (strikesim run SCENARIO --action FILE)"},
      {"policies", "Trust policies (strikesim run SCENARIO --policy FILE)"},
  }};
  auto group_of = [&](const fs::path& p) {
    const std::string top = p.begin()->string();
    for (std::size_t g = 0; g < groups.size(); ++g)
      if (top == groups[g].first) return g;
    return groups.size();
  };
  std::sort(files.begin(), files.end(), [&](const fs::path& a, const fs::path& b) {
    return std::pair(group_of(a), a.generic_string()) < std::pair(group_of(b), b.generic_string());
  });
  constexpr std::array<const char*, 4> kinds = {"scenario", "trust", "action", "policy"};
  nlohmann::ordered_json doc;
  doc["schema"] = "strikesim.list/1";
  doc["root"] = root.string();
  doc["files"] = nlohmann::ordered_json::array();
  std::string text = fmt::format("Shipped scenario files in {}\n", root.string());
  std::size_t current = groups.size() + 1;
  for (const fs::path& f : files) {
    std::string kind, id, name;
    try {
      if (model::is_sweep_file(root / f)) {
        const model::sweep_spec spec = model::read_sweep(root / f);
        kind = "sweep";
        id = f.stem().string();
        name = spec.name;
      } else {
        const model::file_info info = model::peek_file(root / f);
        kind = kinds[static_cast<std::size_t>(info.kind)];
        id = info.id;
        name = info.name;
      }
    } catch (const model::scenario_error&) {
      continue;  // not a file strikesim reads (strikesim validate says why)
    }
    const std::size_t g = group_of(f);
    if (g != current) {
      current = g;
      text += fmt::format("\n{}\n", g < groups.size() ? groups[g].second : "Other files");
    }
    text += fmt::format("  {:<44} {}\n", f.generic_string(), name);
    nlohmann::ordered_json j;
    j["path"] = f.generic_string();
    j["kind"] = kind;
    j["id"] = id;
    j["name"] = name;
    doc["files"].push_back(std::move(j));
  }
  const std::string out = o.format == "json" ? doc.dump(2) + "\n" : text;
  std::fwrite(out.data(), 1, out.size(), stdout);
  return exit_ok;
}

}  // namespace strikesim::cli
