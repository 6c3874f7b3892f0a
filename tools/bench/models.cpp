#include "models.hpp"

#include <array>
#include <cmath>

#include "strikesim/sim.hpp"

namespace strikesim::bench {

namespace sim = strikesim::sim;
using sim::duration;

double erlang_c(int servers, double a) {
  // Sum a^k/k! iteratively to stay stable for large c.
  double term = 1.0;
  double sum = 0.0;
  for (int k = 0; k < servers; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double top = term * servers / (servers - a);  // a^c/c! * c/(c-a)
  return top / (sum + top);
}

// --- Model A: M/M/c -------------------------------------------------------------------------

namespace {

/// Samples the calendar's size every `step` (not counting its own entry).
struct pending_samples {
  double sum = 0;
  std::uint64_t count = 0, most = 0;
};
sim::process observe_pending(sim::simulation& s, double step, pending_samples& out) {
  for (;;) {
    co_await s.timeout(duration{step});
    const std::uint64_t n = s.pending() - 1;
    out.sum += static_cast<double>(n);
    ++out.count;
    out.most = std::max(out.most, n);
  }
}

struct mmc_state {
  sim::simulation& s;
  sim::resource& servers;
  sim::exponential interarrival;
  sim::exponential service;
  sim::random_stream arrival_stream;
  sim::random_stream service_stream;
  std::uint64_t target;
  mmc_result result;
  std::vector<double> waits;  // in departure order
};

sim::process mmc_customer(mmc_state& m) {
  const sim::time_point arrived = m.s.now();
  auto held = co_await m.servers.request();
  ++m.result.service_starts;
  const double wait = (m.s.now() - arrived).count();
  co_await m.s.timeout(duration{m.service(m.service_stream)});
  ++m.result.departures;
  m.waits.push_back(wait);
  if (m.result.departures == m.target) m.s.stop();
}

sim::process mmc_source(mmc_state& m) {
  for (;;) {
    co_await m.s.timeout(duration{m.interarrival(m.arrival_stream)});
    ++m.result.arrivals;
    m.s.start(mmc_customer(m));
  }
}

}  // namespace

mmc_result run_mmc(const mmc_config& c) {
  sim::simulation s;
  sim::resource& servers = s.add_resource(c.servers);
  mmc_state m{s,
              servers,
              sim::exponential{c.arrival_rate},
              sim::exponential{c.service_rate},
              sim::random_stream{c.seed, {1}},
              sim::random_stream{c.seed, {2}},
              c.departures,
              {},
              {}};
  m.waits.reserve(c.departures);
  s.start(mmc_source(m));
  pending_samples seen;
  if (c.observe_pending) s.start(observe_pending(s, 0.1, seen));
  s.run();
  if (seen.count > 0) {
    m.result.mean_pending = seen.sum / static_cast<double>(seen.count);
    m.result.max_pending = seen.most;
  }
  double total = 0;
  for (double w : m.waits)
    total += w;
  m.result.mean_wait = total / static_cast<double>(m.waits.size());
  m.result.wait_standard_error = sim::batch_means(m.waits, 20).standard_error;
  const double a = c.arrival_rate / c.service_rate;
  m.result.erlang_c_wait = erlang_c(c.servers, a) / (c.servers * c.service_rate - c.arrival_rate);
  return m.result;
}

// --- Model B: emergency department ------------------------------------------------------------

namespace {

constexpr std::array<double, 24> ed_hourly_rates = {8,  7,  6,    5.5,  5,  5.5,  7,  9,
                                                    12, 15, 18,   19.5, 20, 19.5, 18, 16.5,
                                                    15, 14, 13.5, 13,   12, 11,   10, 8};

struct ed_replication {
  sim::simulation s;
  sim::resource& ed_doctors;
  sim::resource& ward_doctors;
  const sim::piecewise_rate_arrivals& arrivals;
  sim::random_stream arrival_stream;
  sim::random_stream patient_stream;
  sim::random_stream consult_stream;
  sim::random_stream clerk_stream;
  sim::discrete& triage;
  sim::lognormal consult{35, 20};
  sim::lognormal clerk{30, 10};
  std::uint64_t events = 0;
  std::uint64_t arrived = 0;
  std::vector<double>& tids;
  sim::tally& tid_tally;

  ed_replication(const sim::piecewise_rate_arrivals& a, sim::discrete& t, std::uint64_t seed,
                 std::vector<double>& out, sim::tally& tally)
      : ed_doctors(s.add_resource(6)),
        ward_doctors(s.add_resource(3)),
        arrivals(a),
        arrival_stream(seed, {1}),
        patient_stream(seed, {2}),
        consult_stream(seed, {3}),
        clerk_stream(seed, {4}),
        triage(t),
        tids(out),
        tid_tally(tally) {}
};

sim::process ed_patient(ed_replication& r) {
  const sim::time_point arrived = r.s.now();
  const int acuity = static_cast<int>(r.triage(r.patient_stream));  // 0 = P1, most urgent
  const bool admitted = r.patient_stream.uniform01() < 0.30;
  {
    auto doctor = co_await r.ed_doctors.request(acuity);
    ++r.events;  // consultation start
    co_await r.s.timeout(duration{r.consult(r.consult_stream)});
    ++r.events;  // consultation end
  }
  if (admitted) {
    auto ward = co_await r.ward_doctors.request(acuity);
    ++r.events;  // clerking start
    co_await r.s.timeout(duration{r.clerk(r.clerk_stream)});
    ++r.events;  // clerking end
  }
  const double tid = (r.s.now() - arrived).count();
  r.tids.push_back(tid);
  r.tid_tally.add(tid);
}

sim::process ed_source(ed_replication& r, double horizon) {
  for (;;) {
    const sim::time_point next = r.arrivals.next_by_thinning(r.s.now(), r.arrival_stream);
    if (next.value() >= horizon) co_return;
    co_await r.s.timeout_until(next);
    ++r.events;
    ++r.arrived;
    r.s.start(ed_patient(r));
  }
}

}  // namespace

ed_result run_ed(const ed_config& c) {
  std::vector<double> per_minute(ed_hourly_rates.begin(), ed_hourly_rates.end());
  for (double& x : per_minute)
    x /= 60.0;
  const sim::piecewise_rate_arrivals arrivals{per_minute, duration{60}};
  sim::discrete triage{{0.10, 0.40, 0.50}};
  const auto shifts = sim::capacity_schedule::daily(
      duration{1440}, {{duration{0}, 6}, {duration{480}, 10}, {duration{1200}, 6}});

  ed_result out;
  std::vector<double> tids;
  tids.reserve(static_cast<std::size_t>(c.replications) * 600);
  sim::tally between;
  pending_samples seen;
  for (int rep = 0; rep < c.replications; ++rep) {
    sim::tally rep_tally;
    ed_replication r{arrivals, triage, c.seed0 + static_cast<std::uint64_t>(rep), tids, rep_tally};
    r.ed_doctors.follow(shifts, sim::on_capacity_drop::finish_job);
    r.s.start(ed_source(r, c.horizon_minutes));
    if (c.observe_pending) r.s.start(observe_pending(r.s, 1.0, seen));
    r.s.run_until(sim::time_point{c.horizon_minutes});
    out.events += r.events + r.ed_doctors.capacity_changes();
    out.shift_changes += r.ed_doctors.capacity_changes();
    out.arrived += r.arrived;
    between.add(rep_tally.mean());
    out.replication_mean_tid.push_back(rep_tally.mean());
  }
  if (seen.count > 0) {
    out.mean_pending = seen.sum / static_cast<double>(seen.count);
    out.max_pending = seen.most;
  }
  out.departed = tids.size();
  double total = 0;
  std::uint64_t over = 0;
  for (double t : tids) {
    total += t;
    if (t > 240) ++over;
  }
  out.mean_tid = total / static_cast<double>(tids.size());
  out.over_4h_share = static_cast<double>(over) / static_cast<double>(tids.size());
  out.p95_tid = sim::quantile_in_place(tids, 0.95);
  out.mean_tid_standard_error = between.sd() / std::sqrt(static_cast<double>(c.replications));
  return out;
}

}  // namespace strikesim::bench
