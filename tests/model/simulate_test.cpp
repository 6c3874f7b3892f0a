#include <doctest/doctest.h>

#include <atomic>
#include <boost/math/distributions/binomial.hpp>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "strikesim/analysis/in_order.hpp"
#include "strikesim/analysis/memory.hpp"
#include "strikesim/analysis/summary.hpp"
#include "strikesim/analysis/sweep.hpp"
#include "strikesim/files/reader.hpp"
#include "strikesim/files/sweep_file.hpp"
#include "strikesim/hospital/simulate.hpp"
#include "strikesim/reports/results.hpp"

namespace model = strikesim::model;

namespace {
const std::string data = STRIKESIM_TEST_DATA;

model::scenario example(const std::string& which, std::vector<model::override_spec> sets = {}) {
  return model::read_scenario(data + "/example-general/scenario-" + which + ".toml", sets);
}

struct totals {
  double ops_advance = 0, ops_day = 0, slots = 0, unfilled = 0;
};
totals one_replication(const model::prepared_scenario& prep, std::uint64_t r = 0) {
  const auto out = model::simulate_replication(prep, r).trusts.at(0);
  return {out.ops_cancelled_advance, out.ops_cancelled_day,
          out.slots_cancelled_advance + out.slots_cancelled_day, out.unfilled_role_hours};
}
}  // namespace

TEST_CASE("the worked example: no strike, everything goes ahead") {
  const model::scenario sc = example("no-strike");
  const auto prep = model::prepare(sc);
  CHECK(prep.trusts[0].planned_operations == 18);
  CHECK(prep.trusts[0].planned_slots == 39);
  const totals t = one_replication(prep);
  CHECK(t.ops_advance == 0);
  CHECK(t.ops_day == 0);
  CHECK(t.slots == 0);
  CHECK(t.unfilled == 0);
}

TEST_CASE("the worked example: emergency care only cancels L4 and every clinic") {
  const model::scenario sc = example("emergency-only");
  const auto prep = model::prepare(sc);
  const totals t = one_replication(prep);
  CHECK(t.ops_advance == 5);
  CHECK(t.ops_day == 0);
  CHECK(t.slots == 39);
  CHECK(t.unfilled == 0);
  // L1, L2 and L3 kept; L4 and the clinics cancelled in advance.
  for (const auto& in : prep.trusts[0].instances) {
    if (!in.struck) continue;
    const auto& trust = *prep.trusts[0].source;
    std::vector<std::string> kept;
    for (std::size_t k = 0; k < in.advance.size(); ++k) {
      if (in.advance[k]) kept.push_back(trust.sessions[in.problem.sessions[k].session].id);
    }
    CHECK(kept == std::vector<std::string>{"L1", "L2", "L3"});
  }
}

TEST_CASE("the worked example: a full walk-out cancels every list and keeps C1 by acting down") {
  const model::scenario sc = example("full-walkout");
  const auto prep = model::prepare(sc);
  const totals t = one_replication(prep);
  CHECK(t.ops_advance == 18);
  CHECK(t.slots == 27);
  CHECK(t.unfilled == 0);
}

TEST_CASE("zero participation: no cancellations, and ED figures equal a no-strike run") {
  const model::scenario strike_sc = example("emergency-only", {{"action.participation", "0.0"}});
  const model::scenario none_sc = example("no-strike");
  const auto strike = model::prepare(strike_sc);
  const auto none = model::prepare(none_sc);
  for (std::uint64_t r = 0; r < 5; ++r) {
    const auto a = model::simulate_replication(strike, r).trusts.at(0);
    const auto b = model::simulate_replication(none, r).trusts.at(0);
    CHECK(a.ops_cancelled_advance + a.ops_cancelled_day + a.slots_cancelled_advance +
              a.slots_cancelled_day ==
          0);
    CHECK(a.ed_attendances == b.ed_attendances);
    CHECK(a.ed_time_sum == b.ed_time_sum);
    CHECK(a.ed_waiting_by_hour == b.ed_waiting_by_hour);
  }
}

TEST_CASE("with common random numbers, more participation never cancels fewer sessions") {
  for (std::uint64_t r = 0; r < 10; ++r) {
    double last_ops = -1, last_slots = -1;
    for (const char* p : {"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}) {
      const model::scenario sc = example("emergency-only", {{"action.participation", p}});
      const auto prep = model::prepare(sc);
      const totals t = one_replication(prep, r);
      CHECK(t.ops_advance + t.ops_day >= last_ops);
      CHECK(t.slots >= last_slots);
      last_ops = t.ops_advance + t.ops_day;
      last_slots = t.slots;
    }
  }
}

TEST_CASE(
    "a full walk-out cancels at least as much as emergency-only cover at equal participation") {
  for (const char* p : {"0.3", "0.6", "1.0"}) {
    const model::scenario eco_sc = example("emergency-only", {{"action.participation", p}});
    const model::scenario fw_sc = example("full-walkout", {{"action.participation", p}});
    const auto eco = model::prepare(eco_sc);
    const auto fw = model::prepare(fw_sc);
    for (std::uint64_t r = 0; r < 5; ++r) {
      const totals a = one_replication(eco, r);
      const totals b = one_replication(fw, r);
      // Operations and all activity together; not slots alone: the worked example itself has a
      // full walk-out keep clinic C1 (27 of 39 slots cancelled against 39 under emergency-only
      // cover) because no theatre list can run and a surgeon is left to act down.
      CHECK(b.ops_advance + b.ops_day >= a.ops_advance + a.ops_day);
      CHECK(b.ops_advance + b.ops_day + b.slots >= a.ops_advance + a.ops_day + a.slots);
    }
  }
}

TEST_CASE("replications give the same results on one thread and on two") {
  const model::scenario sc = example("emergency-only", {{"action.participation", "0.7"}});
  const auto prep = model::prepare(sc);
  const auto one = model::results_json(model::run_replications(prep, 8, 1), "test").dump();
  const auto two = model::results_json(model::run_replications(prep, 8, 2), "test").dump();
  CHECK(one == two);
}

TEST_CASE("replications are folded in their order: the same bytes on 1, 2, 3 and 16 threads") {
  const model::scenario sc = example("emergency-only", {{"action.participation", "0.7"}});
  const auto prep = model::prepare(sc);
  SUBCASE("more threads than replications") {
    const auto one = model::results_json(model::run_replications(prep, 3, 1), "test").dump();
    CHECK(model::results_json(model::run_replications(prep, 3, 16), "test").dump() == one);
  }
  SUBCASE("1,200 replications, the fold window filled many times over") {
    std::atomic<std::int64_t> done{0};
    const auto one = model::results_json(model::run_replications(prep, 1200, 1), "test").dump();
    for (const int threads : {2, 3}) {
      CAPTURE(threads);
      CHECK(
          model::results_json(model::run_replications(prep, 1200, threads, &done), "test").dump() ==
          one);
    }
    CHECK(done == 2400);  // every replication counted once
  }
  SUBCASE("the outcomes kept whole are those of simulate_replication, in order") {
    const auto all = model::run_replications_keeping_all(prep, 40, 3);
    REQUIRE(all.size() == 40);
    for (const std::size_t r : {0, 17, 39})
      CHECK(all[r].participation == model::simulate_replication(prep, r).participation);
  }
}

TEST_CASE("in_order uses every item in order, keeps few alive, and rethrows the first failure") {
  for (const int threads : {1, 2, 5}) {
    CAPTURE(threads);
    std::vector<int> used;
    std::atomic<int> alive{0}, most{0};
    model::detail::in_order<int>(
        1000, threads,
        [&](int i) {
          const int now = ++alive;
          for (int seen = most; now > seen && !most.compare_exchange_weak(seen, now);) {
          }
          return i;
        },
        [&](int&& i) {
          used.push_back(i);
          --alive;
        });
    REQUIRE(used.size() == 1000);
    for (int i = 0; i < 1000; ++i)
      CHECK(used[static_cast<std::size_t>(i)] == i);
    CHECK(most <= 5 * threads);  // the ring (4 a thread) and one being made by each thread
  }
  std::atomic<int> made{0};
  CHECK_THROWS_WITH_AS(model::detail::in_order<int>(
                           100'000, 2,
                           [&](int i) {
                             ++made;
                             if (i == 10) throw std::runtime_error("replication 10 failed");
                             return i;
                           },
                           [](int&&) {}),
                       "replication 10 failed", std::runtime_error);
  CHECK(made < 1000);  // the others stopped
}

TEST_CASE("a sweep's layout: points at once when there are enough and memory for them") {
  model::memory_estimate m;
  m.fixed = 100;
  m.per_thread = 10;
  const double plenty = 1e12;
  const auto layout = [&](std::size_t points, int threads, double max_bytes) {
    const model::sweep_layout l = model::choose_sweep_layout(points, threads, 50, m, max_bytes);
    return std::pair{l.concurrent_points, l.threads_per_point};
  };
  CHECK(layout(24, 2, plenty) == std::pair{2, 1});
  CHECK(layout(24, 8, plenty) == std::pair{8, 1});
  CHECK(layout(3, 8, plenty) == std::pair{3, 2});  // fewer points than threads: a share each
  CHECK(layout(1, 8, plenty) == std::pair{1, 8});  // one point: all threads on it
  CHECK(layout(24, 1, plenty) == std::pair{1, 1});
  CHECK(layout(0, 4, plenty) == std::pair{1, 4});
  // Two runs at once need twice one run's memory; when that does not fit, one point at a time.
  const auto one = static_cast<double>(m.total(50, 1));
  CHECK(layout(24, 2, 2 * one) == std::pair{2, 1});
  CHECK(layout(24, 2, 2 * one - 1) == std::pair{1, 2});
}

TEST_CASE("run_concurrently runs every item once and rethrows the first failure in item order") {
  for (const int workers : {1, 2, 5}) {
    CAPTURE(workers);
    std::vector<std::size_t> items(300);
    std::iota(items.begin(), items.end(), std::size_t{1000});
    std::vector<std::atomic<int>> runs(items.size());
    model::run_concurrently(items, workers, [&](std::size_t i) { ++runs[i - 1000]; });
    for (std::size_t k = 0; k < runs.size(); ++k)
      CHECK(runs[k] == 1);
  }
  std::vector<std::size_t> items(50);
  std::iota(items.begin(), items.end(), std::size_t{0});
  std::atomic<int> started{0};
  // Items 7 and 9 fail: 7's failure is the one reported, whichever fails first.
  std::atomic<bool> seven_failed{false};
  CHECK_THROWS_WITH_AS(model::run_concurrently(items, 2,
                                               [&](std::size_t i) {
                                                 ++started;
                                                 if (i == 7) {
                                                   seven_failed = true;
                                                   throw std::runtime_error("point 7");
                                                 }
                                                 if (i == 9) throw std::runtime_error("point 9");
                                               }),
                       "point 7", std::runtime_error);
  CHECK(seven_failed);
  CHECK(started < 50);  // nothing new starts after a failure
  model::run_concurrently({}, 4, [](std::size_t) { FAIL("no items"); });
}

TEST_CASE("the planner's expected absence: the mixture of binomials, against Boost's cdf") {
  // The direct evaluation: for each k, the mean over the quadrature of Boost.Math's binomial cdf
  // (a regularised incomplete beta function each), up to the largest percentile tried (0.99).
  const auto mixture_cdf = [](int n, const std::vector<double>& ps) {
    std::vector<double> cdf;
    for (int k = 0; k <= n && (cdf.empty() || cdf.back() < 0.99 - 1e-12); ++k) {
      double sum = 0;
      for (const double p : ps)
        sum += p <= 0   ? 1.0
               : p >= 1 ? (k >= n ? 1.0 : 0.0)
                        : boost::math::cdf(boost::math::binomial_distribution<>(n, p), k);
      cdf.push_back(sum / static_cast<double>(ps.size()));
    }
    return cdf;
  };
  const auto direct = [](const std::vector<double>& cdf, int n, double percentile) {
    for (std::size_t k = 0; k < cdf.size(); ++k)
      if (cdf[k] >= percentile - 1e-12) return static_cast<int>(k);
    return n;
  };
  using spec = model::distribution_spec;
  std::vector<spec> participations;
  for (const auto& [mean, sd] : std::vector<std::pair<double, double>>{
           {0.5, 0.1}, {0.75, 0.1}, {0.9, 0.05}, {0.98, 0.01}, {0.05, 0.03}, {0.6, 0.3}})
    participations.push_back(spec::beta(mean, sd));
  participations.push_back(spec::constant(0.7));
  participations.push_back(spec::constant(1.0));  // everyone strikes
  participations.push_back(spec::constant(0.0));  // no one does
  participations.push_back(spec::uniform(0.2, 1.0));
  participations.push_back(spec::triangular(0.3, 0.8, 0.95));

  int compared = 0, strikers = 0;
  for (const auto& d : participations) {
    const auto type = static_cast<int>(d.type);
    const double mean = d.expected_value();
    const std::vector<double> ps = model::absence_quadrature(d);
    REQUIRE(ps.size() == model::absence_quadrature_points);
    for (const int n : {0, 1, 2, 3, 7, 12, 30, 61, 150, 300}) {
      const std::vector<double> cdf = mixture_cdf(n, ps);
      for (const double percentile : {0.5, 0.75, 0.9, 0.95, 0.99}) {
        CAPTURE(type);
        CAPTURE(mean);
        CAPTURE(n);
        CAPTURE(percentile);
        const int fast = model::planned_absence(n, ps, percentile);
        CHECK(fast == direct(cdf, n, percentile));
        if (n == 61) CHECK(fast == model::planned_absence(n, d, percentile));
        ++compared;
        strikers += fast;
      }
    }
  }
  CHECK(compared == 550);
  CHECK(strikers > 0);
  // A manager's reading: more strike at a higher percentile, and no more than are eligible.
  const auto& beta = participations[1];
  CHECK(model::planned_absence(100, beta, 0.5) < model::planned_absence(100, beta, 0.95));
  CHECK(model::planned_absence(100, beta, 0.95) <= 100);
  CHECK(model::planned_absence(40, spec::constant(0.0), 0.9) == 0);
}

namespace {
model::scenario half_day_example(const std::string& which) {
  return model::read_scenario(data + "/half-day/scenario-" + which + ".toml");
}
}  // namespace

TEST_CASE("one consultant runs a morning list and an afternoon clinic on a strike day") {
  // The worked example with L1 a morning list (08:30-12:30) and C3 an afternoon clinic
  // (13:30-17:30). Under emergency care only three surgery consultants are left for sessions, as
  // in the worked example: L1, L2 and L3 take them; L1's surgeon is free after lunch and runs C3.
  const model::scenario sc = half_day_example("emergency-only");
  const auto prep = model::prepare(sc);
  const totals t = one_replication(prep);
  CHECK(t.ops_advance == 5);  // L4, as in the worked example
  CHECK(t.slots == 24);       // C1 and C2; C3's 15 slots go ahead
  CHECK(t.unfilled == 0);
  const auto& trust = *prep.trusts[0].source;
  int struck = 0;
  for (const auto& in : prep.trusts[0].instances) {
    if (!in.struck) continue;
    ++struck;
    std::vector<std::string> kept;
    for (std::size_t k = 0; k < in.advance.size(); ++k)
      if (in.advance[k]) kept.push_back(trust.sessions[in.problem.sessions[k].session].id);
    CHECK(kept == std::vector<std::string>{"L1", "L2", "L3", "C3"});
    // One surgery consultant holds both L1's and C3's surgeon roles: the surgery consultants
    // at work are the five of the worked example, two in emergency roles and three at sessions.
    int surgeons_busy = 0, surgeon_places = 0;
    for (std::size_t i = 0; i < in.problem.pools.size(); ++i) {
      const auto& pool = in.problem.pools[i];
      if (pool.specialty != "surgery" || pool.level != model::grade::consultant) continue;
      surgeons_busy += in.planned_supply[i] - in.advance_plan.idle[i];
      for (const auto& a : in.advance_plan.assignments)
        if (a.pool == i) surgeon_places += a.doctors;
    }
    CHECK(surgeons_busy == 5);
    CHECK(surgeon_places == 6);
  }
  CHECK(struck == 1);
  SUBCASE("with no strike everything runs, as in the worked example") {
    const model::scenario none = half_day_example("no-strike");
    const auto normal = model::prepare(none);
    CHECK(normal.trusts[0].planned_operations == 18);
    CHECK(normal.trusts[0].planned_slots == 39);
    const totals n = one_replication(normal);
    CHECK(n.ops_advance + n.ops_day + n.slots + n.unfilled == 0);
  }
  SUBCASE("a full walk-out: C3's afternoon is no help without a morning list to free a surgeon") {
    // Every junior strikes: eleven consultants go to emergency care and no list can run; the one
    // left runs C1 by acting down, as in the worked example.
    const model::scenario walkout = half_day_example("full-walkout");
    const totals w = one_replication(model::prepare(walkout));
    CHECK(w.ops_advance == 18);
    CHECK(w.slots == 27);
    CHECK(w.unfilled == 0);
  }
}

TEST_CASE(
    "each service's cover by hour: its empty role hours add up to the service's, the same "
    "bytes on one thread and on two") {
  // A full walk-out with few consultants: some emergency roles stand empty.
  const model::scenario sc =
      example("full-walkout", {{"action.participation", "0.9"},
                               {"trusts.example-general.staff[0].headcount", "1"},
                               {"trusts.example-general.staff[7].headcount", "1"}});
  const auto prep = model::prepare(sc);
  const model::outcome_summary one = model::run_replications(prep, 12, 1);
  const model::outcome_summary two = model::run_replications(prep, 12, 2);
  CHECK(model::results_json(one, "test").dump() == model::results_json(two, "test").dump());
  const model::replication_outcome r = model::simulate_replication(prep, 0);
  const model::trust_outcome& out = r.trusts.at(0);
  const auto hours = static_cast<std::size_t>(prep.report_hours);
  REQUIRE(out.service_margin_by_hour.size() == out.services.size() * hours);
  double unfilled = 0;
  for (std::size_t sv = 0; sv < out.services.size(); ++sv) {
    double by_hour = 0;
    for (std::size_t h = 0; h < hours; ++h)
      by_hour += out.service_unfilled_by_hour[sv * hours + h];
    CAPTURE(sv);
    CHECK(by_hour == doctest::Approx(out.services[sv].unfilled_role_hours));
    unfilled += by_hour;
  }
  CHECK(unfilled == doctest::Approx(out.unfilled_role_hours));
  CHECK(unfilled > 0);  // the check above is not 0 == 0
  // Outside the action's window every role is filled: no hour of the first 8 (00:00-08:00, before
  // the 08:00 start) leaves one empty, and each has a margin of at least zero.
  for (std::size_t sv = 0; sv < out.services.size(); ++sv)
    for (std::size_t h = 0; h < 8; ++h) {
      CHECK(out.service_unfilled_by_hour[sv * hours + h] == 0);
      CHECK(out.service_margin_by_hour[sv * hours + h] >= 0);
    }
}

TEST_CASE(
    "a one-trust run's total is its trust's series, and is folded apart from the first "
    "replication whose backlog for all trusts is not the trust's") {
  const model::scenario sc = example("full-walkout");
  const auto prep = model::prepare(sc);
  model::outcome_summary shared(prep), apart(prep);
  constexpr std::uint64_t reps = 9;
  for (std::uint64_t r = 0; r < reps; ++r) {
    model::replication_outcome out = model::simulate_replication(prep, r);
    REQUIRE_FALSE(out.backlog_ops.empty());
    shared.add(out);
    if (r == 4) out.backlog_ops[0] += 1;  // never so in a run: the fold must not assume it
    apart.add(out);
  }
  const model::figure_series& total = shared.series(model::all_trusts);
  CHECK(&total == &shared.trust(0).series);
  const model::figure_series& split = apart.series(model::all_trusts);
  REQUIRE(&split != &apart.trust(0).series);
  // The total holds every replication, those before the split included, and the changed one.
  CHECK(split.headline[0].count() == reps);
  CHECK(split.backlog_ops[0].mean() ==
        doctest::Approx(total.backlog_ops[0].mean() + 1.0 / static_cast<double>(reps)));
  CHECK(split.backlog_ops[1].mean() == total.backlog_ops[1].mean());
  CHECK(apart.trust(0).series.backlog_ops[0].mean() == total.backlog_ops[0].mean());
  for (std::size_t m = 0; m < model::hf_count; ++m)
    CHECK(split.headline[m].mean() == total.headline[m].mean());
}
