// strikesim-demo: the kernel example `make run` runs until the hospital model lands: one
// replication of MODELS.md's two-day emergency department, then 200 replications summarised.
#include <cstdio>

#include "models.hpp"

int main() {
  using namespace strikesim::bench;
  std::printf("strikesim kernel demo: a two-day emergency department (MODELS.md, model B)\n");
  std::printf(
      "  10 ED doctors 08:00-20:00, 6 overnight; 3 ward doctors; 576 arrivals expected\n\n");
  ed_config c;
  c.replications = 200;
  const ed_result r = run_ed(c);
  std::printf("  replications          %d (seeds %llu..%llu)\n", c.replications,
              static_cast<unsigned long long>(c.seed0),
              static_cast<unsigned long long>(c.seed0 + c.replications - 1));
  std::printf("  patients arrived      %.1f per replication\n",
              static_cast<double>(r.arrived) / c.replications);
  std::printf("  mean time in ED       %.1f min (+/- %.1f, 95%% CI)\n", r.mean_tid,
              1.96 * r.mean_tid_standard_error);
  std::printf("  95th percentile       %.1f min\n", r.p95_tid);
  std::printf("  over four hours       %.2f%%\n", 100 * r.over_4h_share);
  std::printf("  model events          %llu\n", static_cast<unsigned long long>(r.events));
  return 0;
}
