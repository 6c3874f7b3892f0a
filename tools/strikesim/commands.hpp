#pragma once
/// The subcommands of strikesim. Each returns the exit code; bad input throws
/// model::scenario_error (exit 2), anything else is an internal error (exit 1).

#include <optional>
#include <string>
#include <vector>

#include "progress.hpp"
#include "strikesim/hospital/limits.hpp"

namespace CLI {
class App;
}

namespace strikesim::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_internal = 1;
inline constexpr int exit_bad_input = 2;

/// Options shared by the commands that simulate.
struct sim_options {
  int replications = 0;  // 0: from the scenario (or sweep) file
  long long seed = -1;   // -1: from the file
  int threads = 0;       // 0: all cores
  double max_memory_gib = model::limits::default_max_memory_gib;  // refuse runs estimated above
  bool quiet = false;
  progress::mode progress_mode = progress::mode::automatic;
  [[nodiscard]] int thread_count() const;
};

struct run_options {
  sim_options sim;
  std::string scenario;
  std::vector<std::string> sets;
  std::string action, policy;  // instead of the scenario's own
  std::string format = "text";
  std::string detail = "auto";  // auto, totals, trusts, full
  std::string output;
};
int run(const run_options& o, const std::string& version);

struct compare_options {
  sim_options sim;
  std::vector<std::string> scenarios;
  // Each "N=FILE" (scenario N, from 1) or "FILE" (every scenario); the last one given wins.
  std::vector<std::string> actions, policies;
  std::vector<std::string> sets;  // "N:PATH=VALUE" for scenario N, "PATH=VALUE" for every one
  std::string format = "text";
  std::string output;
};
int compare(const compare_options& o, const std::string& version);

struct sweep_options {
  sim_options sim;
  std::string sweep;
  std::string shard;  // "K/N", empty for the whole sweep
  bool resume = false;
  std::string output;  // a directory
};
int sweep(const sweep_options& o, const std::string& version);
/// Where the number of replications came from, for a memory message: --reps, or the file's key.
inline std::string replications_key(const sim_options& o, const char* file_key) {
  return o.replications > 0 ? "--reps" : file_key;
}
#ifdef STRIKESIM_MPI
/// The same sweep across the ranks of MPI_COMM_WORLD (sweep_mpi.cpp): the same directory, byte
/// for byte. Every rank calls it; rank 0 alone writes and prints.
int sweep_mpi(const sweep_options& o, const std::string& version);
#endif

/// strikesim backtest (backtest.cpp): every shipped action against the record.
inline constexpr int default_backtest_replications = 200;
struct backtest_options {
  sim_options sim;
  std::string dir;     // the scenarios folder; empty: STRIKESIM_SCENARIOS, else the shipped one
  std::string record;  // empty: DIR/backtest/record.toml
  std::string format = "text";
  std::string output;
  bool check = false;  // exit 1 when a record row is outside its tolerance
};
int backtest(const backtest_options& o, const std::string& version);

struct merge_options {
  std::vector<std::string> inputs;
  std::string output;
  bool quiet = false;
};
int merge(const merge_options& o);

struct list_options {
  std::string dir;  // empty: STRIKESIM_SCENARIOS, else the shipped folder
  std::string format = "text";
};
int list(const list_options& o);

/// strikesim import: a trust file from CSV files (import.cpp, docs/import.md).
struct import_options {
  std::string staff, sessions, emergency;  // required
  std::string trust, shifts, demand;       // optional
  std::string id, name;                    // instead of trust.csv's
  std::string output;
  bool quiet = false;
};
CLI::App* add_import_command(CLI::App& app, import_options& o);
int import_trust(const import_options& o);

/// strikesim export-csv: the CSV files of a trust file.
struct export_options {
  std::string trust;
  std::string output;  // a directory
  bool quiet = false;
};
CLI::App* add_export_command(CLI::App& app, export_options& o);
int export_csv(const export_options& o);

/// strikesim new-trust: a trust file from a few published figures, scaled from an archetype
/// (import.cpp, docs/your-trust.md).
struct new_trust_options {
  std::string id, name, archetype;
  long long beds = 0, operations = 0, outpatients = 0;
  std::optional<long long> ed_attendances, consultants, juniors, sas;
  std::string specialties;  // a comma list
  std::string output;
  bool quiet = false;
};
CLI::App* add_new_trust_command(CLI::App& app, new_trust_options& o);
int new_trust(const new_trust_options& o);

}  // namespace strikesim::cli
