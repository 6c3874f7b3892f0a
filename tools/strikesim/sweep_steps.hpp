#pragma once
/// The steps of `strikesim sweep`, shared by the single-process sweep (sweep.cpp) and the sweep
/// across MPI ranks (sweep_mpi.cpp), so that both write the same bytes:
///
///     const sweep_job job = read_job(o, version);     // every point read and checked
///     const todo_list todo = start_directory(job, o); // the directory made ready (or resumed)
///     for (const std::size_t i : todo.points)        // several at once: sweep_layout
///       write_point(job, i, run_point(job, i, threads, counter));
///     finish_directory(job, o, todo);                 // sweep.json ... when the sweep is whole

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "strikesim/analysis/memory.hpp"
#include "strikesim/analysis/sweep.hpp"
#include "strikesim/files/sweep_file.hpp"

namespace strikesim::cli {

/// `--shard K/N`, 0-based.
struct shard_spec {
  std::size_t index = 0;
  std::size_t count = 1;
};

/// What every process of a sweep must agree on before anything runs.
struct sweep_job {
  model::sweep_spec spec;
  shard_spec shard;
  int replications = 0;
  std::uint64_t seed = 0;
  nlohmann::ordered_json plan;
  std::string plan_text;  // plan.json as written
  std::string dir;        // the output directory
  // The estimate of the point that needs the most memory on one thread (for the layout).
  model::memory_estimate largest;
};

/// Reads the sweep file and every point (so a bad value fails before anything is written or run)
/// and works out the replications, seed and plan. Writes nothing.
sweep_job read_job(const sweep_options& o, const std::string& version);

struct todo_list {
  std::vector<std::size_t> points;  // the points of this shard still to run, in order
  std::size_t in_shard = 0;         // the points of this shard, done or not
};

/// Makes the output directory ready for the job (new or empty, or holding the same sweep when
/// resuming or sharding), says so when resuming, and lists the points still to run.
todo_list start_directory(const sweep_job& job, const sweep_options& o);

/// Runs one point: its checkpoint text (points/NNNNNN.json).
std::string run_point(const sweep_job& job, std::size_t point, int threads,
                      std::atomic<std::int64_t>* replications_done);

/// Writes a point's checkpoint, whole or not at all.
void write_point(const sweep_job& job, std::size_t point, const std::string& text);

/// After the last point: sweep.json, sweep.csv, sensitivity.csv and report.html when the sweep is
/// whole (not a shard), and the closing message unless quiet.
void finish_directory(const sweep_job& job, const sweep_options& o, const todo_list& todo);

}  // namespace strikesim::cli
