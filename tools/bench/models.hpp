#pragma once
// The two benchmark models of MODELS.md (M/M/c and a two-day emergency department), written on
// the kernel as a modeller would write them. Shared by the benchmark program, the kernel demo and
// the tests that check the models' outputs against theory.

#include <cstdint>
#include <vector>

namespace strikesim::bench {

struct mmc_config {
  int servers = 10;
  double arrival_rate = 9.0;
  double service_rate = 1.0;
  std::uint64_t departures = 200'000;
  std::uint64_t seed = 42;
  bool observe_pending = false;  // sample the calendar's size (a run apart from the timed ones)
};

struct mmc_result {
  std::uint64_t arrivals = 0;
  std::uint64_t service_starts = 0;
  std::uint64_t departures = 0;
  double mean_wait = 0;            // mean wait in queue of the customers that departed
  double wait_standard_error = 0;  // batch means, 20 batches in departure order
  double erlang_c_wait = 0;        // the analytic value
  double mean_pending = 0;         // calendar entries, time-averaged (observe_pending)
  std::uint64_t max_pending = 0;
  [[nodiscard]] std::uint64_t events() const { return arrivals + service_starts + departures; }
};

/// Erlang C: the probability that an arrival waits in an M/M/c queue with offered load a.
double erlang_c(int servers, double offered_load);

mmc_result run_mmc(const mmc_config& config);

struct ed_config {
  int replications = 1000;
  std::uint64_t seed0 = 12345;
  double horizon_minutes = 2880;
  bool observe_pending = false;  // sample the calendar's size (a run apart from the timed ones)
};

struct ed_result {
  std::uint64_t events = 0;
  std::uint64_t arrived = 0;
  std::uint64_t departed = 0;
  std::uint64_t shift_changes = 0;
  double mean_tid = 0;  // minutes, pooled over replications
  double p95_tid = 0;   // type 7
  double over_4h_share = 0;
  double mean_tid_standard_error = 0;  // between replications
  std::vector<double> replication_mean_tid;
  double mean_pending = 0;  // calendar entries, time-averaged over replications (observe_pending)
  std::uint64_t max_pending = 0;
};

ed_result run_ed(const ed_config& config);

}  // namespace strikesim::bench
