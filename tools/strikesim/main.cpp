// strikesim: the command line. Results to stdout (or -o, written whole or not at all), messages
// and progress to stderr. Exit codes: 0 success, 1 internal error, 2 bad input or usage.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdio>
#include <exception>
#include <iostream>

#include "commands.hpp"
#include "strikesim/analysis/describe.hpp"
#include "strikesim/files/charconv.hpp"
#include "strikesim/files/reader.hpp"
#include "strikesim/files/record.hpp"
#include "strikesim/files/sweep_file.hpp"
#include "strikesim/hospital/limits.hpp"
#include "strikesim/reports/describe_report.hpp"

#ifdef STRIKESIM_MPI
#include <mpi.h>
#endif

#ifndef STRIKESIM_VERSION
#define STRIKESIM_VERSION "unknown"
#endif

namespace cli = strikesim::cli;
namespace model = strikesim::model;
namespace limits = strikesim::model::limits;

namespace {

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
  return cli::exit_ok;
}

/// --reps, --seed, --threads, --max-memory, --quiet and --progress, as every simulating command
/// has them. The ranges are the limits of limits.hpp.
void add_sim_options(CLI::App* cmd, cli::sim_options& o, const char* reps_default) {
  cmd->add_option("--reps,--replications", o.replications, reps_default)
      ->check(CLI::Range(1, limits::max_replications));
  cmd->add_option("--seed", o.seed, "Master seed (default: the file's)")
      ->check(CLI::Range(0LL, static_cast<long long>(limits::max_seed)));
  cmd->add_option("--threads", o.threads,
                  "Threads (default: all cores); results do not depend "
                  "on it")
      ->check(CLI::Range(1, limits::max_threads));
  cmd->add_option("--max-memory", o.max_memory_gib,
                  fmt::format("Refuse to run if the run is estimated to need more memory than "
                              "this, in GiB (default {:g})",
                              limits::default_max_memory_gib))
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            // Not CLI::Range: it lets "nan" through (every comparison with nan is false).
            double gib = 0;
            const auto [end, ec] =
                model::from_chars_double(text.data(), text.data() + text.size(), gib);
            if (ec != std::errc{} || end != text.data() + text.size() || !(gib >= 0.001) ||
                !(gib <= limits::max_max_memory_gib))
              return fmt::format("expected a number of GiB from 0.001 to {}, got '{}'",
                                 limits::max_max_memory_gib, text);
            return {};
          },
          "GIB"));
  cmd->add_flag("-q,--quiet", o.quiet, "No progress bar and no messages, only results and errors");
  cmd->add_option("--progress", o.progress_mode,
                  "Progress bar on stderr: auto (when stderr is a terminal), always, never")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, cli::progress::mode>{{"auto", cli::progress::mode::automatic},
                                                     {"always", cli::progress::mode::always},
                                                     {"never", cli::progress::mode::never}}));
}

#ifdef STRIKESIM_MPI
/// MPI around a sweep (the other commands start no MPI, so they start as fast as without it).
/// Only the main thread calls MPI.
struct mpi_session {
  mpi_session(int& argc, char**& argv) {
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  }
  mpi_session(const mpi_session&) = delete;
  mpi_session& operator=(const mpi_session&) = delete;
  ~mpi_session() { MPI_Finalize(); }
  /// Waits for every rank. mpirun aborts the whole job when the first rank exits non-zero, so the
  /// ranks leave together, after rank 0 has printed the agreed failure.
  void barrier() const { MPI_Barrier(MPI_COMM_WORLD); }
};
#endif

/// Prints a failure as strikesim reports errors and returns its exit code.
int report_error(const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const model::scenario_error& e) {
    std::cerr << "strikesim: error: " << e.what() << "\n";
    return cli::exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "strikesim: internal error: " << e.what() << "\n";
    return cli::exit_internal;
  } catch (...) {
    std::cerr << "strikesim: internal error: an unknown exception\n";
    return cli::exit_internal;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "strikesim: NHS hospital trusts on junior doctors' strike days, simulated.\n"
      "Exit codes: 0 success, 2 bad input or usage, 1 internal error.",
      "strikesim"};
  app.set_version_flag("--version", STRIKESIM_VERSION);
  app.require_subcommand(1);

  cli::run_options ro;
  CLI::App* run_cmd =
      app.add_subcommand("run", "Simulate a scenario and report cancellations and emergency care");
  run_cmd->add_option("scenario", ro.scenario, "Scenario file (TOML)")->required();
  add_sim_options(run_cmd, ro.sim, "Replications (default: the scenario's)");
  run_cmd->add_option("--set", ro.sets,
                      "Change a value: PATH=VALUE (repeatable), e.g. "
                      "action.participation.mean=0.6");
  run_cmd->add_option("--action", ro.action,
                      "Use this strike action file instead of the scenario's");
  run_cmd->add_option("--policy", ro.policy, "Use this policy file instead of the scenario's");
  run_cmd
      ->add_option("--format", ro.format,
                   "text (a table with ranges), json (strikesim.result/1), csv (tidy long form) "
                   "html (a self-contained report with charts) or xlsx (a workbook; needs -o)")
      ->check(CLI::IsMember({"text", "json", "csv", "html", "xlsx"}));
  run_cmd
      ->add_option("--detail", ro.detail,
                   "totals (the total alone), trusts (each trust's figures too) or full (also "
                   "each trust's specialties, services, hours, sessions and cover plan); auto "
                   "(the default): full for up to 12 trusts, trusts for a larger composite")
      ->check(CLI::IsMember({"auto", "totals", "trusts", "full"}));
  run_cmd->add_option("-o,--output", ro.output, "Write results to this file (whole or not at all)");

  cli::compare_options co;
  CLI::App* compare_cmd = app.add_subcommand(
      "compare",
      "Compare scenarios under common random numbers: each against the first, with the 95% "
      "confidence interval of each difference");
  compare_cmd->add_option("scenarios", co.scenarios, "Two scenario files or more")->required();
  add_sim_options(compare_cmd, co.sim, "Replications (default: the first scenario's)");
  compare_cmd->add_option("--action", co.actions,
                          "Use this action file: N=FILE for scenario N (from 1), FILE for every "
                          "scenario");
  compare_cmd->add_option("--policy", co.policies,
                          "Use this policy file: N=FILE for scenario N (from 1), FILE for every "
                          "scenario");
  compare_cmd->add_option("--set", co.sets,
                          "Change a value: N:PATH=VALUE in scenario N (from 1), PATH=VALUE in "
                          "every scenario");
  compare_cmd
      ->add_option("--format", co.format,
                   "text, json (strikesim.compare/1), csv, html (a page with charts of the "
                   "differences) or xlsx (a workbook; needs -o)")
      ->check(CLI::IsMember({"text", "json", "csv", "html", "xlsx"}));
  compare_cmd->add_option("-o,--output", co.output, "Write the comparison to this file");

  cli::sweep_options so;
  CLI::App* sweep_cmd = app.add_subcommand(
      "sweep",
      "Run a scenario over a grid of values; writes sweep.csv and sweep.json to a "
      "directory, one checkpoint per point");
  sweep_cmd->add_option("sweep", so.sweep, "Sweep file (TOML with a [sweep] table)")->required();
  add_sim_options(sweep_cmd, so.sim, "Replications per point (default: the sweep file's)");
  sweep_cmd->add_option("--shard", so.shard,
                        "Run only slice K of N (points K-1, K-1+N, ...); join with merge");
  sweep_cmd->add_flag("--resume", so.resume,
                      "Finish a sweep that was stopped, from its "
                      "checkpoints");
  sweep_cmd->add_option("-o,--output", so.output, "Output directory")->required();

  cli::backtest_options bo;
  CLI::App* backtest_cmd = app.add_subcommand(
      "backtest",
      "Run every shipped action (regions england and south-west-london) and set the model's "
      "planned-care figures beside the historical record");
  add_sim_options(
      backtest_cmd, bo.sim,
      fmt::format("Replications of each scenario (default {})", cli::default_backtest_replications)
          .c_str());
  // Its runs keep four figures a scenario, not a run's summary: the run's estimate does not apply.
  backtest_cmd->remove_option(backtest_cmd->get_option("--max-memory"));
  backtest_cmd->add_option("--dir", bo.dir,
                           "Scenario folder (default: $STRIKESIM_SCENARIOS, else the shipped one)");
  backtest_cmd->add_option("--record", bo.record,
                           "Record file (default: DIR/backtest/record.toml)");
  backtest_cmd
      ->add_option("--format", bo.format,
                   "text (two tables), json (strikesim.backtest/1), csv (one row per scenario, "
                   "trust and measure) or html (a page with the model against the record)")
      ->check(CLI::IsMember({"text", "json", "csv", "html"}));
  backtest_cmd->add_option("-o,--output", bo.output,
                           "Write the backtest to this file (whole or not at all)");
  backtest_cmd->add_flag("--check", bo.check,
                         "Exit 1 if a record row with a tolerance is outside it (after writing)");

  cli::merge_options mo;
  CLI::App* merge_cmd = app.add_subcommand(
      "merge", "Join the directories of a sharded sweep into what one unsharded run writes");
  merge_cmd->add_option("dirs", mo.inputs, "Shard directories")->required();
  merge_cmd->add_option("-o,--output", mo.output, "Output directory")->required();
  merge_cmd->add_flag("-q,--quiet", mo.quiet, "No messages");

  std::vector<std::string> files;
  bool validate_quiet = false;
  CLI::App* validate_cmd =
      app.add_subcommand("validate", "Check scenario files (any kind) without running them");
  validate_cmd->add_option("files", files, "Files to check")->required();
  validate_cmd->add_flag("-q,--quiet", validate_quiet, "No 'ok' lines, only errors");

  cli::list_options lo;
  CLI::App* list_cmd =
      app.add_subcommand("list", "List the shipped scenario files with a line on each");
  list_cmd->add_option("--dir", lo.dir,
                       "Scenario folder (default: $STRIKESIM_SCENARIOS, else the shipped one)");
  list_cmd->add_option("--format", lo.format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));

  describe_options dopt;
  CLI::App* describe_cmd = app.add_subcommand(
      "describe", "Show the size of each trust as the model sees it (staff, sessions, ED demand)");
  describe_cmd->add_option("scenario", dopt.scenario, "Scenario file (TOML)")->required();
  describe_cmd->add_option("--set", dopt.sets, "Change a value: PATH=VALUE (repeatable)");
  describe_cmd->add_option("--format", dopt.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));

  cli::import_options io;
  CLI::App* import_cmd = cli::add_import_command(app, io);
  cli::export_options eo;
  CLI::App* export_cmd = cli::add_export_command(app, eo);
  cli::new_trust_options no;
  CLI::App* new_trust_cmd = cli::add_new_trust_command(app, no);

  // A misspelt command gets a suggestion rather than CLI11's "A subcommand is required".
  std::vector<std::string_view> names;
  for (const CLI::App* sub : app.get_subcommands({}))
    names.push_back(sub->get_name());
  if (argc > 1 && argv[1][0] != '-' &&
      std::find(names.begin(), names.end(), std::string_view(argv[1])) == names.end()) {
    std::string list;
    for (const std::string_view n : names)
      list += fmt::format("{}{}", list.empty() ? "" : ", ", n);
    const std::string hint = model::did_you_mean(argv[1], names);
    std::cerr << fmt::format(
        "strikesim: error: unknown command '{}'{} (commands: {}; see "
        "strikesim --help)\n",
        argv[1], hint, list);
    return cli::exit_bad_input;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? cli::exit_ok : cli::exit_bad_input;
  }

  try {
    if (*run_cmd) return cli::run(ro, STRIKESIM_VERSION);
    if (*compare_cmd) return cli::compare(co, STRIKESIM_VERSION);
    if (*sweep_cmd) {
#ifdef STRIKESIM_MPI
      const mpi_session mpi(argc, argv);
      int code = cli::exit_ok;
      try {
        code = cli::sweep_mpi(so, STRIKESIM_VERSION);
      } catch (...) {
        code = report_error(std::current_exception());  // rank 0: the failure the ranks agreed on
      }
      mpi.barrier();
      return code;
#else
      return cli::sweep(so, STRIKESIM_VERSION);
#endif
    }
    if (*merge_cmd) return cli::merge(mo);
    if (*backtest_cmd) return cli::backtest(bo, STRIKESIM_VERSION);
    if (*list_cmd) return cli::list(lo);
    if (*describe_cmd) return describe(dopt);
    if (*import_cmd) return cli::import_trust(io);
    if (*export_cmd) return cli::export_csv(eo);
    if (*new_trust_cmd) return cli::new_trust(no);
    if (*validate_cmd) {
      for (const std::string& f : files) {
        if (model::is_sweep_file(f)) {
          const std::size_t points = model::validate_sweep(f);
          if (!validate_quiet) std::cerr << f << ": ok (a sweep of " << points << " points)\n";
        } else if (model::is_record_file(f)) {
          const std::size_t rows = model::read_record(f).rows.size();
          if (!validate_quiet)
            std::cerr << f << ": ok (a backtest record of " << rows << " rows)\n";
        } else {
          std::vector<std::string> notes;
          model::validate_file(f, &notes);
          if (!validate_quiet) {
            std::cerr << f << ": ok\n";
            for (const std::string& n : notes)
              std::cerr << "strikesim: note: " << n << "\n";
          }
        }
      }
      return cli::exit_ok;
    }
  } catch (...) {
    return report_error(std::current_exception());
  }
  return cli::exit_ok;
}
