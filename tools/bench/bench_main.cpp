// strikesim-bench: one line per figure, `name key=value ...`, as the README and issue 8 define.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../strikesim/backtest_plan.hpp"
#include "calendar_queue.hpp"
#include "models.hpp"
#include "strikesim/analysis/backtest.hpp"
#include "strikesim/analysis/memory.hpp"
#include "strikesim/analysis/summary.hpp"
#include "strikesim/analysis/sweep.hpp"
#include "strikesim/files/reader.hpp"
#include "strikesim/files/sweep_file.hpp"
#include "strikesim/hospital/limits.hpp"
#include "strikesim/hospital/simulate.hpp"
#include "strikesim/reports/results.hpp"
#include "strikesim/reports/sweep_report.hpp"
#include "strikesim/sim/random.hpp"

namespace {
template <class F>
double seconds(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// The median wall time of `runs` runs of `f` (the machine is shared: one run can be slowed by
/// another process; the median is what a user can expect, not the best case).
template <class F>
double median_seconds(int runs, F&& f) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i)
    t.push_back(seconds(f));
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

/// The England composite over the shipped 24-point grid: read, plan and simulate every point, as
/// `strikesim sweep` does (without writing files), with the same layout of points on threads.
/// `keep` keeps the first n trusts (0: all).
void sweep_line(std::size_t keep, int reps, int threads) {
  namespace model = strikesim::model;
  const std::string file = "scenarios/sweeps/england-turnout-act-down.toml";
  const model::sweep_spec spec = model::read_sweep(std::string(STRIKESIM_SOURCE_DIR) + "/" + file);
  const auto read = [&](std::size_t i) {
    model::scenario sc = model::read_point(spec, i);
    if (keep > 0 && keep < sc.trusts.size()) sc.trusts.resize(keep);
    return sc;
  };
  std::size_t trusts = 0;
  model::sweep_layout layout;
  const double s = seconds([&] {
    // Every point of this grid has the same trusts: the first point's estimate stands for all.
    const model::scenario first = read(0);
    trusts = first.trusts.size();
    layout =
        model::choose_sweep_layout(spec.points(), threads, reps, model::estimate_run_memory(first),
                                   model::limits::default_max_memory_gib * 1024 * 1024 * 1024);
    std::vector<std::size_t> points(spec.points());
    std::iota(points.begin(), points.end(), std::size_t{0});
    model::run_concurrently(points, layout.concurrent_points, [&](std::size_t i) {
      const model::scenario sc = read(i);
      const model::prepared_scenario prep = model::prepare(sc);
      const auto summary = model::run_replications(prep, reps, layout.threads_per_point);
      (void)model::sweep_point(spec, i, summary).dump();
    });
  });
  std::printf(
      "sweep trusts=%zu points=%zu reps=%d threads=%d seconds=%.2f peak_rss_mb=%.1f "
      "concurrent_points=%d threads_per_point=%d\n",
      trusts, spec.points(), reps, threads, s, peak_rss_mb(), layout.concurrent_points,
      layout.threads_per_point);
  std::fflush(stdout);
}

/// The hold model (Jones, CACM 1986): `pending` entries, then `holds` times take the least and put
/// it back later by an increment, on the kernel's calendar (a binary heap) or on a calendar queue.
/// Both see the same increments; the checksum of the order taken must agree.
struct hold_result {
  double seconds = 0;
  std::uint64_t checksum = 0;
};

template <class Push, class Pop>
hold_result hold(std::size_t pending, std::uint64_t holds, bool mixed, Push&& push, Pop&& pop) {
  namespace sim = strikesim::sim;
  sim::random_stream g{2016, {7}};
  sim::exponential short_gap{1.0}, long_gap{0.01};  // mean 1; mixed: one in ten with mean 100
  const auto increment = [&] { return mixed && g.uniform01() < 0.1 ? long_gap(g) : short_gap(g); };
  std::uint64_t order = 0;
  for (std::size_t i = 0; i < pending; ++i)
    push(sim::detail::calendar_entry{increment(), order++, nullptr, 0, 0});
  hold_result r;
  r.seconds = seconds([&] {
    sim::detail::calendar_entry e{};
    for (std::uint64_t i = 0; i < holds; ++i) {
      pop(e);
      r.checksum = r.checksum * 1'000'003 + e.order;
      push(sim::detail::calendar_entry{e.time + increment(), order++, nullptr, 0, 0});
    }
  });
  return r;
}

void calendar_lines() {
  namespace sim = strikesim::sim;
  constexpr std::uint64_t holds = 2'000'000;
  for (const bool mixed : {false, true}) {
    for (const std::size_t pending : {16, 64, 256, 4096, 65536}) {
      sim::detail::calendar heap;
      double now = 0;
      const hold_result h = hold(
          pending, holds, mixed, [&](const auto& e) { heap.push(e, now); },
          [&](auto& e) {
            heap.pop(e);
            now = e.time;
          });
      strikesim::bench::calendar_queue cq;
      const hold_result c = hold(
          pending, holds, mixed, [&](const auto& e) { cq.push(e); }, [&](auto& e) { cq.pop(e); });
      for (const auto& [name, r] : {std::pair{"binary_heap", h}, std::pair{"calendar_queue", c}})
        std::printf(
            "calendar structure=%s increments=%s pending=%zu holds=%llu seconds=%.3f "
            "ns_per_hold=%.1f same_order=%d\n",
            name, mixed ? "mixed" : "exponential", pending, static_cast<unsigned long long>(holds),
            r.seconds, 1e9 * r.seconds / static_cast<double>(holds),
            h.checksum == c.checksum ? 1 : 0);
      std::fflush(stdout);
    }
  }
}
/// `strikesim backtest` without writing: every shipped region action (england and
/// south-west-london) at `reps` replications on 2 threads, read, planned and simulated (planned
/// care only), and the record set beside it; then one England action at 1,000 replications.
void backtest_lines() {
  namespace model = strikesim::model;
  namespace cli = strikesim::cli;
  const std::string root = std::string(STRIKESIM_SOURCE_DIR) + "/scenarios";
  constexpr int reps = 200, threads = 2;
  std::size_t actions = 0;
  const double s = seconds([&] {
    const cli::backtest_plan plan =
        cli::plan_backtest(root, root + "/backtest/record.toml", std::nullopt);
    actions = plan.jobs.size();
    const auto runs = model::run_backtest(plan.jobs, reps, threads);
    const auto result = model::make_backtest_result(plan.metas, runs, plan.record, reps, "bench");
    (void)model::backtest_json(result).dump();
  });
  std::printf("backtest actions=%zu reps=%d threads=%d seconds=%.2f peak_rss_mb=%.1f\n", actions,
              reps, threads, s, peak_rss_mb());
  std::fflush(stdout);
  const std::string england = "regions/england/2016-01-12.toml";
  const double e = seconds([&] {
    std::vector<model::backtest_job> jobs;
    jobs.push_back({[&] {
                      return std::make_unique<model::scenario>(
                          model::read_scenario(root + "/" + england));
                    },
                    {}});
    (void)model::run_backtest(jobs, 1000, threads);
  });
  std::printf("backtest actions=1 reps=1000 threads=%d seconds=%.2f peak_rss_mb=%.1f scenario=%s\n",
              threads, e, peak_rss_mb(), england.c_str());
  std::fflush(stdout);
}
}  // namespace

int main(int argc, char** argv) {
  using namespace strikesim::bench;
  const bool only = argc > 1;
  auto wanted = [&](const char* name) {
    if (!only) return true;
    for (int i = 1; i < argc; ++i) {
      if (std::strcmp(argv[i], name) == 0) return true;
    }
    return false;
  };

  if (wanted("mmc")) {
    mmc_result r;
    constexpr int runs = 5;
    const double s = median_seconds(runs, [&] { r = run_mmc(mmc_config{}); });
    const double ev = static_cast<double>(r.events());
    std::printf(
        "mmc events=%llu seconds=%.4f events_per_s=%.0f mean_wait=%.6f erlang_c_wait=%.6f "
        "wait_se=%.6f z=%.2f runs=%d timing=median\n",
        static_cast<unsigned long long>(r.events()), s, ev / s, r.mean_wait, r.erlang_c_wait,
        r.wait_standard_error, (r.mean_wait - r.erlang_c_wait) / r.wait_standard_error, runs);
  }
  if (wanted("ed")) {
    ed_result r;
    ed_config c;
    constexpr int runs = 5;
    const double s = median_seconds(runs, [&] { r = run_ed(c); });
    std::printf(
        "ed replications=%d events=%llu seconds=%.4f events_per_s=%.0f reps_per_s=%.1f "
        "mean_tid=%.3f p95_tid=%.3f over4h=%.5f arrived=%llu departed=%llu mean_tid_se=%.3f "
        "runs=%d timing=median\n",
        c.replications, static_cast<unsigned long long>(r.events), s,
        static_cast<double>(r.events) / s, c.replications / s, r.mean_tid, r.p95_tid,
        r.over_4h_share, static_cast<unsigned long long>(r.arrived),
        static_cast<unsigned long long>(r.departed), r.mean_tid_standard_error, runs);
  }
  if (wanted("trust")) {
    // A whole trust: Kingston, 48 hours of emergency-care-only action (9-11 March 2016), 1,000
    // replications: read, plan, simulate and summarise, as `strikesim run` does. One and two
    // threads alternate, 5 runs each, and each prints its median: the host's speed drifts by
    // up to a third within a minute, and alternating keeps the ratio honest.
    namespace model = strikesim::model;
    const std::string file = "scenarios/runs/kingston/2016-03-09.toml";
    constexpr int runs = 5;
    std::vector<double> times[2];
    for (int run = 0; run < runs; ++run) {
      for (const int threads : {1, 2}) {
        times[threads - 1].push_back(seconds([&] {
          const model::scenario sc =
              model::read_scenario(std::string(STRIKESIM_SOURCE_DIR) + "/" + file);
          model::prepared_scenario prep = model::prepare(sc);
          // The drawn assumptions at their central values: the work this line has always timed
          // (the chance-only run of `strikesim run`); trust-psa times the draws.
          prep.draw_parameters = false;
          const auto summary = model::run_replications(prep, 1000, threads);
          (void)model::results_json(summary, "bench").dump();
        }));
      }
    }
    for (const int threads : {1, 2}) {
      std::vector<double>& t = times[threads - 1];
      std::sort(t.begin(), t.end());
      std::printf(
          "trust scenario=%s reps=1000 threads=%d seconds=%.3f peak_rss_mb=%.1f runs=%d "
          "timing=median\n",
          file.c_str(), threads, t[t.size() / 2], peak_rss_mb(), runs);
    }
    std::fflush(stdout);
  }
  if (wanted("trust-psa")) {
    // The same trust with its policy's assumptions drawn in each replication (probabilistic
    // sensitivity analysis): the replications with draws (each plans ahead with its draw, or
    // shares the plan of an equal one), not the chance-only rerun of `strikesim run`. Two
    // draws: the planning percentile alone (drawn=plan_percentile), and every assumption the
    // shipped files draw (drawn=shipped: the regime's and the trust's scales). Two threads, 5
    // runs each, median.
    namespace model = strikesim::model;
    const std::string file = "scenarios/runs/kingston/2016-03-09.toml";
    constexpr int runs = 5;
    for (const char* drawn : {"plan_percentile", "shipped"}) {
      std::vector<double> t;
      for (int run = 0; run < runs; ++run) {
        t.push_back(seconds([&] {
          model::scenario sc = model::read_scenario(std::string(STRIKESIM_SOURCE_DIR) + "/" + file);
          std::vector<model::drawn_parameter>& d = sc.plan_policy.drawn;
          if (std::string_view(drawn) == "plan_percentile") {
            std::erase_if(d, [](const model::drawn_parameter& p) {
              return p.target != model::drawn_target::plan_percentile;
            });
            sc.action.drawn.clear();
            for (model::trust& tr : sc.trusts)
              tr.drawn.clear();
          }
          const model::prepared_scenario prep = model::prepare(sc);
          const auto summary = model::run_replications(prep, 1000, 2);
          (void)model::results_json(summary, "bench").dump();
        }));
      }
      std::sort(t.begin(), t.end());
      std::printf(
          "trust-psa scenario=%s drawn=%s reps=1000 threads=2 seconds=%.3f peak_rss_mb=%.1f "
          "runs=%d timing=median\n",
          file.c_str(), drawn, t[t.size() / 2], peak_rss_mb(), runs);
    }
    std::fflush(stdout);
  }
  if (wanted("backtest")) backtest_lines();
  if (wanted("pending")) {
    // How many entries the calendar holds in the benchmark models (time-averaged, sampled by an
    // observer in separate, untimed runs): what the calendar's structure is chosen for.
    const mmc_result a = run_mmc(mmc_config{.observe_pending = true});
    std::printf("pending model=mmc mean=%.1f max=%llu\n", a.mean_pending,
                static_cast<unsigned long long>(a.max_pending));
    ed_config c;
    c.replications = 100;
    c.observe_pending = true;
    const ed_result b = run_ed(c);
    std::printf("pending model=ed replications=%d mean=%.1f max=%llu\n", c.replications,
                b.mean_pending, static_cast<unsigned long long>(b.max_pending));
    std::fflush(stdout);
  }
  if (wanted("calendar")) calendar_lines();
  if (wanted("sweep")) sweep_line(0, 2, 2);
  if (wanted("scaling")) {
    // How the sweep's time grows as trusts, replications and threads double (README table).
    for (const std::size_t trusts : {42, 84})
      sweep_line(trusts, 2, 2);
    for (const int reps : {4, 8})
      sweep_line(0, reps, 2);
    sweep_line(0, 2, 1);
  }
  return 0;
}
