#pragma once
/// What a run will take in memory, estimated from the scenario before it runs, and the check
/// against --max-memory (limits::default_max_memory_gib).

#include <cstdint>
#include <span>
#include <string>

#include "strikesim/hospital/limits.hpp"

namespace strikesim::model {

struct scenario;

/// What running a scenario is estimated to take in memory, from the scenario alone (before
/// planning). An upper estimate of the containers the run fills: the cover plans of every shift of
/// the run; each thread's simulation (every ED patient and service task of one trust's
/// replication in the system at once) and the outcomes waiting in the fold window (5 a thread:
/// run_replications); and the summary, whose size does not depend on the number of replications
/// past sim::streaming_sample::exact_limit: per trust and for the total, every figure reported
/// (by specialty, service, ED hour, lead time and backlog day...), each a streamed distribution
/// of at most 2,048 (value, count) pairs, or a histogram of at most 8,192 buckets of each sign.
/// Measured against peak RSS (README.md, "Limits and guarantees"), it is an upper estimate: most
/// figures are counts with few distinct values and stay far below their bound.
struct memory_estimate {
  std::uint64_t fixed = 0;       // bytes: the program, the plans, the summary's fixed part and
                                 // the output document
  std::uint64_t document = 0;    // bytes: the output document (part of `fixed`)
  std::uint64_t simulation = 0;  // bytes: one replication's simulation
  std::uint64_t per_thread = 0;  // bytes: the simulation and the outcomes of the fold window
  std::uint64_t figures = 0;     // streamed distributions in the summary
  int signs = 1;                 // 2 when figures may be negative (compare's differences)
  /// The most one streamed distribution of `replications` observations takes, with histograms of
  /// `signs` signs.
  static std::uint64_t figure_bytes(int replications, int signs);
  [[nodiscard]] std::uint64_t summary(int replications) const {
    return figures * figure_bytes(replications, signs);
  }
  [[nodiscard]] std::uint64_t total(int replications, int threads) const {
    return fixed + summary(replications) + per_thread * static_cast<std::uint64_t>(threads);
  }
};
memory_estimate estimate_run_memory(const scenario& s);

/// Refuses (scenario_error naming `where` and `key`, exit 2) a run of `replications` on `threads`
/// whose estimate exceeds `max_gib` GiB, saying how much it would need and what to change.
/// Returns the estimate it checked.
memory_estimate check_run_memory(const scenario& s, int replications, int threads, double max_gib,
                                 const std::string& where, const std::string& key);
/// The same for scenarios compared replication by replication (compare).
memory_estimate check_run_memory(std::span<const scenario* const> scenarios, int replications,
                                 int threads, double max_gib, const std::string& where,
                                 const std::string& key);

}  // namespace strikesim::model
