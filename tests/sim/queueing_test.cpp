#include <doctest/doctest.h>

#include <array>
#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <variant>
#include <vector>

#include "strikesim/sim.hpp"

// Analytic validation of the kernel against queueing theory: every expected value below is
// computed here from a closed form (Erlang C, Pollaczek-Khinchine, Cobham, pre-emptive resume,
// Little's law) or worked out by hand, never taken from an earlier run of this code.
//
// Statistical tolerances. Every run uses fixed seeds, so each test is deterministic; a tolerance is
// chosen so that a correct kernel would fail it with probability < 1e-3 over the choice of seed.
// Waiting times of successive customers are strongly correlated, so the standard error (SE) of a
// mean is estimated by batch means (30 batches of consecutive customers). A two-sided normal
// test at level 1e-3 needs |error| < 3.29 SE, so each run is long enough that the tolerance is
// about 4 SE or more. The SEs quoted in each test are the spread of the estimate across 20 to 100
// seeds, measured when the runs were sized; for the FIFO M/M/c cases they agree with the exact
// asymptotic variance of the time-average queue length (Poisson equation of the birth-death
// chain, Whitt 1992). Each test also checks that its own batch-means SE is below half the
// tolerance, so that shortening a run cannot silently make a test vacuous.
//
// Runs start empty and idle and no warm-up is deleted: the relaxation time of these queues is
// O(1 / (c mu (1 - sqrt(rho))^2)), a few tens of time units, so the initial bias is of order 1e-5
// of the mean over runs of 10^6 time units or more (across 40 seeds of a 20,000,000-customer
// M/M/10 run the mean error was 0.001% +- 0.08%).

namespace sim = strikesim::sim;
using sim::duration;
using sim::time_point;

namespace {

constexpr std::size_t batches = 30;

/// A long correlated series kept as the means of consecutive blocks of 1,000 observations, so
/// tens of millions of customers need only a small vector. Batch means over the block means equal
/// batch means over the raw series cut to whole blocks, since each batch is a whole number of
/// blocks.
class block_series {
 public:
  void add(double x) {
    sum_ += x;
    ++count_;
    if (++filled_ == block_) {
      means_.push_back(sum_ / static_cast<double>(block_));
      sum_ = 0;
      filled_ = 0;
    }
  }
  [[nodiscard]] std::uint64_t count() const { return count_; }
  [[nodiscard]] sim::batch_means_result batch_means() const {
    return sim::batch_means(means_, batches);
  }

 private:
  static constexpr std::size_t block_ = 1000;
  std::size_t filled_ = 0;
  std::uint64_t count_ = 0;
  double sum_ = 0;
  std::vector<double> means_;
};

/// Checks a simulated mean against its analytic value within a relative tolerance, and that the
/// run was long enough for the tolerance to be at least two standard errors.
void check_mean(const char* what, const sim::batch_means_result& measured, double analytic,
                double tolerance) {
  const double relative_error = std::abs(measured.mean - analytic) / analytic;
  const double relative_se = measured.standard_error / analytic;
  INFO(std::string(what), ": measured ", measured.mean, " (SE ", measured.standard_error, ", ",
       100 * relative_se, "%), analytic ", analytic, ", relative error ", 100 * relative_error,
       "%, tolerance ", 100 * tolerance, "%");
  CHECK(relative_error < tolerance);
  CHECK(relative_se < tolerance / 2);
}

/// Erlang C: the probability that an arrival waits in an M/M/c queue with offered load a = lambda
/// / mu < c, via the numerically stable Erlang B recurrence B(k) = a B(k-1) / (k + a B(k-1)).
double erlang_c(int c, double a) {
  double b = 1.0;
  for (int k = 1; k <= c; ++k)
    b = a * b / (k + a * b);
  return c * b / (c - a * (1 - b));
}

/// Mean wait in queue of an M/M/c queue: C(c, a) / (c mu - lambda).
double mmc_wait(int c, double lambda, double mu) {
  return erlang_c(c, lambda / mu) / (c * mu - lambda);
}

// --- FIFO single-class queues (M/M/1, M/M/c, M/D/1) ---

struct constant_service {
  double d;
  double operator()(sim::random_stream& /*unused*/) const { return d; }
};

sim::process fifo_customer(sim::simulation& s, sim::resource& servers, double service,
                           block_series& waits) {
  const time_point arrived = s.now();
  auto held = co_await servers.request();
  waits.add((s.now() - arrived).count());
  co_await s.timeout(duration{service});
}

/// Poisson arrivals at rate `lambda`; each customer's service time is drawn from its own stream.
template <class Service>
sim::process fifo_source(sim::simulation& s, sim::resource& servers, double lambda, Service service,
                         std::uint64_t customers, std::uint64_t seed, block_series& waits) {
  sim::random_stream arrival_stream{seed, {1}};
  sim::random_stream service_stream{seed, {2}};
  sim::exponential gap{lambda};
  for (std::uint64_t i = 0; i < customers; ++i) {
    co_await s.timeout(duration{gap(arrival_stream)});
    s.start(fifo_customer(s, servers, service(service_stream), waits));
  }
}

/// Mean wait in queue (batch means over customers in order of service start) of a FIFO queue
/// with `servers` servers, started empty and run until every customer has been served.
template <class Service>
sim::batch_means_result fifo_mean_wait(int servers, double lambda, Service service,
                                       std::uint64_t customers, std::uint64_t seed) {
  sim::simulation s;
  sim::resource& r = s.add_resource(servers);
  block_series waits;
  s.start(fifo_source(s, r, lambda, service, customers, seed, waits));
  s.run();
  REQUIRE(waits.count() == customers);
  CHECK(r.in_use() == 0);
  return waits.batch_means();
}

}  // namespace

TEST_CASE("M/M/1 mean wait in queue matches rho / (mu - lambda) within 2%") {
  // lambda = 0.7, mu = 1: Wq = 0.7 / 0.3 = 2.3333. With 3,000,000 customers the relative SE is
  // about 0.5% (0.56% across 20 seeds; 0.48% for the time-average queue length, asymptotically),
  // so 2% is about 4 SE.
  const double lambda = 0.7;
  const double mu = 1.0;
  const double analytic = (lambda / mu) / (mu - lambda);
  const auto measured = fifo_mean_wait(1, lambda, sim::exponential{mu}, 3'000'000, 101);
  check_mean("M/M/1 Wq", measured, analytic, 0.02);
}

TEST_CASE("M/M/c mean wait in queue matches Erlang C within 2%") {
  SUBCASE("c = 10, lambda = 9, mu = 1 (rho = 0.9, the reference model)") {
    // Erlang C here equals Wq because c mu - lambda = 1; the literature value is 0.668732.
    const double analytic = mmc_wait(10, 9.0, 1.0);
    CHECK(analytic == doctest::Approx(0.668732).epsilon(1e-6));
    // At rho = 0.9 the relative SE is 1.86% for 2,000,000 customers (100 seeds) and 0.52% for
    // 20,000,000 (40 seeds; 0.62% asymptotically for the time-average queue). 30,000,000
    // customers bring it to about 0.45%, so 2% is over 4 SE.
    const auto measured = fifo_mean_wait(10, 9.0, sim::exponential{1.0}, 30'000'000, 102);
    check_mean("M/M/10 Wq", measured, analytic, 0.02);
  }
  SUBCASE("c = 3, lambda = 2.4, mu = 1 (rho = 0.8)") {
    // C(3, 2.4) = 0.647191 and Wq = C / 0.6 = 1.078652. The relative SE is 0.55% for 6,000,000
    // customers (20 seeds, and asymptotically); 8,000,000 bring it to about 0.48%, so 2% is
    // about 4 SE.
    const double analytic = mmc_wait(3, 2.4, 1.0);
    const auto measured = fifo_mean_wait(3, 2.4, sim::exponential{1.0}, 8'000'000, 103);
    check_mean("M/M/3 Wq", measured, analytic, 0.02);
  }
}

TEST_CASE("M/D/1 mean wait in queue matches Pollaczek-Khinchine within 2%") {
  // Deterministic service D = 1, lambda = 0.7: Wq = rho D / (2 (1 - rho)) = 1.1667, half the
  // M/M/1 value (the P-K formula with E[S^2] = D^2). With 3,000,000 customers the relative SE is
  // 0.3% (20 seeds), so 2% is more than 6 SE.
  const double lambda = 0.7;
  const double d = 1.0;
  const double rho = lambda * d;
  const double analytic = rho * d / (2 * (1 - rho));
  const auto measured = fifo_mean_wait(1, lambda, constant_service{d}, 3'000'000, 104);
  check_mean("M/D/1 Wq", measured, analytic, 0.02);
}

// --- Little's law ---

namespace {

struct little_books {
  sim::time_weighted in_system;
  sim::time_weighted in_queue;
  sim::tally time_in_system;  // customers who left before the horizon
  sim::tally wait;            // customers who started service before the horizon
  std::vector<double> arrival;
  std::vector<char> departed;
};

sim::process little_customer(sim::simulation& s, sim::resource& servers, double service,
                             little_books& books, std::size_t id) {
  const time_point arrived = s.now();
  books.in_system.add(arrived, 1);
  books.in_queue.add(arrived, 1);
  auto held = co_await servers.request();
  books.in_queue.add(s.now(), -1);
  books.wait.add((s.now() - arrived).count());
  co_await s.timeout(duration{service});
  books.in_system.add(s.now(), -1);
  books.time_in_system.add((s.now() - arrived).count());
  books.departed[id] = 1;
}

sim::process little_source(sim::simulation& s, sim::resource& servers, double lambda,
                           sim::lognormal service, time_point horizon, std::uint64_t seed,
                           little_books& books) {
  sim::random_stream arrival_stream{seed, {1}};
  sim::random_stream service_stream{seed, {2}};
  sim::exponential gap{lambda};
  for (;;) {
    co_await s.timeout(duration{gap(arrival_stream)});
    if (s.now() >= horizon) co_return;
    books.arrival.push_back(s.now().value());
    books.departed.push_back(0);
    s.start(little_customer(s, servers, service(service_stream), books, books.arrival.size() - 1));
  }
}

}  // namespace

TEST_CASE("Little's law L = lambda W holds within 1% for the number in system and in queue") {
  // An M/G/3 queue (lambda = 2.4, lognormal service with mean 1 and sd 1.5, rho = 0.8) observed
  // over [0, T] with T = 200,000: the time-average number in system (sim::time_weighted) against
  // the measured arrival rate times the mean time in system of the customers who left, all from
  // the same run. Little's law is a sample-path identity: over [0, T] the two sides differ only
  // by the customers present at T (a few, against ~480,000 arrivals), which is of order 1e-5
  // relative, so 1% only fails if the clock, the resource or the collectors keep wrong books.
  const double lambda = 2.4;
  const time_point horizon{200'000};
  sim::simulation s;
  sim::resource& servers = s.add_resource(3);
  little_books books;
  s.start(little_source(s, servers, lambda, sim::lognormal{1.0, 1.5}, horizon, 105, books));
  s.run_until(horizon);
  REQUIRE(s.now() == horizon);

  const double t = horizon.value();
  const auto arrivals = static_cast<double>(books.arrival.size());
  const double lambda_hat = arrivals / t;
  const double l = books.in_system.mean(horizon);
  const double lq = books.in_queue.mean(horizon);
  const double w = books.time_in_system.mean();
  const double wq = books.wait.mean();
  INFO("arrivals ", arrivals, ", lambda_hat ", lambda_hat, ", L ", l, ", lambda W ", lambda_hat * w,
       ", Lq ", lq, ", lambda Wq ", lambda_hat * wq);
  CHECK(books.time_in_system.count() > 400'000);
  CHECK(std::abs(l - lambda_hat * w) / l < 0.01);
  CHECK(std::abs(lq - lambda_hat * wq) / lq < 0.01);

  // The exact finite-horizon form: the area under the number in system equals the time spent in
  // the system by the customers who left plus (T - arrival) for those still present. Only
  // floating-point rounding separates the two sides.
  double still_present = 0;
  double present = 0;
  for (std::size_t i = 0; i < books.arrival.size(); ++i) {
    if (books.departed[i] == 0) {
      still_present += t - books.arrival[i];
      present += 1;
    }
  }
  CHECK(books.in_system.current() == present);
  const double area = books.in_system.integral(horizon);
  CHECK(area == doctest::Approx(books.time_in_system.sum() + still_present).epsilon(1e-9));
}

// --- Priority queues ---

namespace {

sim::process priority_customer(sim::simulation& s, sim::resource& servers, int priority,
                               double service, block_series& waits) {
  const time_point arrived = s.now();
  auto held = co_await servers.request(priority);
  waits.add((s.now() - arrived).count());
  co_await s.timeout(duration{service});
}

/// Poisson arrivals of one class until `horizon`, each with its own streams per class;
/// `start_job(service_time)` makes the job's process.
template <class StartJob>
sim::process class_source(sim::simulation& s, int priority, double lambda, double mu,
                          time_point horizon, std::uint64_t seed, StartJob start_job) {
  const auto k = static_cast<std::uint64_t>(priority);
  sim::random_stream arrival_stream{seed, {k, 1}};
  sim::random_stream service_stream{seed, {k, 2}};
  sim::exponential gap{lambda};
  sim::exponential service{mu};
  for (;;) {
    co_await s.timeout(duration{gap(arrival_stream)});
    if (s.now() >= horizon) co_return;
    s.start(start_job(service(service_stream)));
  }
}

}  // namespace

TEST_CASE("two-class non-pre-emptive priority M/M/2 class waits match Cobham's formula within 3%") {
  // c = 2, mu = 1, class 0 (served first) lambda = 0.6, class 1 lambda = 0.8, rho = 0.7.
  // Cobham for M/M/c with equal service rates: W_k = C(c, a) / (c mu) / ((1 - s_{k-1})(1 - s_k)),
  // s_k = sum_{i <= k} lambda_i / (c mu): an arrival that finds all servers busy waits for the
  // next departure (mean 1 / (c mu)), then for the customers of its own or a higher class ahead
  // of it and for those of a higher class who arrive while it waits.
  const int c = 2;
  const double mu = 1.0;
  const std::array<double, 2> lambda{0.6, 0.8};
  const double total = lambda[0] + lambda[1];
  const double w0 = erlang_c(c, total / mu) / (c * mu);
  std::array<double, 2> analytic{};
  double sigma_before = 0;
  for (std::size_t k = 0; k < 2; ++k) {
    const double sigma = sigma_before + lambda[k] / (c * mu);
    analytic[k] = w0 / ((1 - sigma_before) * (1 - sigma));
    sigma_before = sigma;
  }
  // Check of the formula: the rate-weighted mean wait is the FIFO (Erlang C) wait, since the order
  // of service among equal exponential jobs does not change the number in system.
  CHECK((lambda[0] * analytic[0] + lambda[1] * analytic[1]) / total ==
        doctest::Approx(mmc_wait(c, total, mu)).epsilon(1e-12));

  // T = 1,500,000 (2.1 million customers): relative SE 0.4% for class 0 and 0.55% to 0.7% for
  // class 1 (20 seeds), so 3% is over 4 SE for each class.
  const time_point horizon{1'500'000};
  sim::simulation s;
  sim::resource& servers = s.add_resource(c);
  std::array<block_series, 2> waits;
  for (int k = 0; k < 2; ++k) {
    auto& w = waits[static_cast<std::size_t>(k)];
    s.start(class_source(
        s, k, lambda[static_cast<std::size_t>(k)], mu, horizon, 106,
        [&s, &servers, k, &w](double work) { return priority_customer(s, servers, k, work, w); }));
  }
  s.run();
  check_mean("class 0 Wq", waits[0].batch_means(), analytic[0], 0.03);
  check_mean("class 1 Wq", waits[1].batch_means(), analytic[1], 0.03);
}

namespace {

struct preemption_books {
  std::array<block_series, 2> time_in_system;
  std::uint64_t preemptions = 0;
  std::uint64_t wrong_cause = 0;       // interrupted for another reason than pre-emption
  std::uint64_t still_held = 0;        // the usage still claims the unit after pre-emption
  std::uint64_t wrong_preemptor = 0;   // pre-empted by a request that is not of class 0
  std::uint64_t service_mismatch = 0;  // total service received differs from the draw
};

/// A job that keeps the work it has received when pre-empted: it records the remaining service,
/// asks for the server again (behind the other waiting jobs of its class) and carries on.
sim::process preemptive_resume_job(sim::simulation& s, sim::resource& server, int priority,
                                   double service, preemption_books& books) {
  const time_point arrived = s.now();
  double remaining = service;
  double received = 0;
  while (remaining > 0) {
    auto held = co_await server.request(priority, /*preempt=*/priority == 0);
    const time_point started = s.now();
    try {
      co_await s.timeout(duration{remaining});
      received += remaining;
      remaining = 0;
    } catch (const sim::interrupted& stop) {
      ++books.preemptions;
      const auto* cause = std::get_if<sim::preempted>(&stop.cause());
      if (cause == nullptr) {
        ++books.wrong_cause;
      } else if (cause->by_priority != 0 || cause->by_resource != &server ||
                 cause->usage_since != started) {
        ++books.wrong_preemptor;
      }
      if (held.held()) ++books.still_held;
      const double served = (s.now() - started).count();
      received += served;
      remaining -= served;
    }
  }
  if (std::abs(received - service) > 1e-9 * (1 + service)) ++books.service_mismatch;
  books.time_in_system[static_cast<std::size_t>(priority)].add((s.now() - arrived).count());
}

}  // namespace

TEST_CASE("pre-emptive resume priority M/M/1 class times in system match the analytic values") {
  // One server, mu = 1; class 0 (lambda 0.3) pre-empts class 1 (lambda 0.4); rho = 0.7.
  //
  // Class 0 never sees class 1, so it is an M/M/1 queue of its own: T_0 = 1 / (mu - lambda_0).
  //
  // Class 1, derived two ways. (a) Pre-emptive resume is work-conserving and service is
  // exponential, so the total number in system is that of an M/M/1 queue with rate
  // lambda_0 + lambda_1: L = rho / (1 - rho). Then L_1 = L - L_0 = rho_1 / ((1 - rho)(1 - rho_0))
  // and, by Little, T_1 = (1 / mu) / ((1 - rho_0)(1 - rho)). (b) The M/G/1 pre-emptive resume
  // formula T_k = E[S] / (1 - s_{k-1}) + R_k / ((1 - s_{k-1})(1 - s_k)) with
  // R_k = sum_{i <= k} lambda_i E[S_i^2] / 2 = rho / mu for exponential service gives
  // T_1 = (1 / mu) / (1 - rho_0) + rho / (mu (1 - rho_0)(1 - rho)). The two agree (checked below).
  //
  // A pre-empted job rejoins the back of its class's queue rather than its head; with exponential
  // service the remaining work of any class-1 job is Exp(mu) whichever it is, so the number in
  // system, and hence the mean time in system, is the same as with the textbook discipline.
  const double mu = 1.0;
  const std::array<double, 2> lambda{0.3, 0.4};
  const double rho0 = lambda[0] / mu;
  const double rho = (lambda[0] + lambda[1]) / mu;
  const double t0 = 1 / (mu - lambda[0]);
  const double t1 = (1 / mu) / ((1 - rho0) * (1 - rho));
  const double t1_mg1 = (1 / mu) / (1 - rho0) + rho / (mu * (1 - rho0) * (1 - rho));
  CHECK(t1 == doctest::Approx(t1_mg1).epsilon(1e-12));

  // T = 3,000,000 (2.1 million jobs): relative SE about 0.23% for class 0 and 0.44% for class 1
  // (40 seeds at half this length gave 0.33% and 0.62%); 2% is over 8 SE for class 0, and 3%
  // over 6 SE for class 1.
  const time_point horizon{3'000'000};
  sim::simulation s;
  sim::resource& server = s.add_resource(1);
  preemption_books books;
  for (int k = 0; k < 2; ++k) {
    s.start(class_source(s, k, lambda[static_cast<std::size_t>(k)], mu, horizon, 107,
                         [&s, &server, k, &books](double work) {
                           return preemptive_resume_job(s, server, k, work, books);
                         }));
  }
  s.run();
  // A class-0 arrival pre-empts exactly when it finds a class-1 job in service. The server serves
  // class 1 a fraction rho_1 of the time, so by PASTA the share of class-0 arrivals that pre-empt
  // is rho_1 = 0.4: about 360,000 pre-emptions here. Across 20 seeds at half this length the
  // share stayed within 0.4% of 0.4; 3% is ample.
  const double class0_arrivals = static_cast<double>(books.time_in_system[0].count());
  const double preempting_share = static_cast<double>(books.preemptions) / class0_arrivals;
  INFO("pre-emptions ", books.preemptions, ", share of class-0 arrivals ", preempting_share,
       ", analytic ", lambda[1] / mu);
  CHECK(std::abs(preempting_share - lambda[1] / mu) / (lambda[1] / mu) < 0.03);
  CHECK(books.wrong_cause == 0);
  CHECK(books.wrong_preemptor == 0);
  CHECK(books.still_held == 0);
  CHECK(books.service_mismatch == 0);
  CHECK(server.in_use() == 0);
  check_mean("class 0 T", books.time_in_system[0].batch_means(), t0, 0.02);
  check_mean("class 1 T", books.time_in_system[1].batch_means(), t1, 0.03);
}

// --- Capacity schedule ---

namespace {

std::string log_line(time_point t, int job, const char* what) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "t=%g J%d %s", t.value(), job, what);
  return buffer;
}

sim::process scheduled_job(sim::simulation& s, sim::resource& servers, int job, double arrival,
                           double service, std::vector<std::string>& log) {
  co_await s.timeout_until(time_point{arrival});
  auto held = co_await servers.request();
  log.push_back(log_line(s.now(), job, "starts"));
  co_await s.timeout(duration{service});
  log.push_back(log_line(s.now(), job, "ends"));
}

}  // namespace

TEST_CASE(
    "a capacity schedule of 2, 1, 2 servers with the finish-the-job rule gives the hand log") {
  // Capacity c(t): 2 on [0, 10), 1 on [10, 20), 2 on [20, 50), 1 on [50, 60), 2 from 60 (written
  // once as a pattern repeating every 40 and once as a constant 2 with two overrides). When the
  // capacity drops below the number busy, nobody is interrupted; a job starts only while
  // busy < c(t). Jobs (arrival, service): J1 (0, 12), J2 (1, 5), J3 (2, 4), J4 (7, 6), J5 (11, 3),
  // J6 (19, 2), J7 (45, 10), J8 (46, 10), J9 (47, 1), J10 (52, 1), J11 (58.5, 1), J12 (59, 3),
  // J13 (59.25, 1). By hand:
  //   t=0    J1 starts (busy 1 of 2).          t=1  J2 starts (busy 2 of 2).
  //   t=2    J3 waits.                         t=6  J2 ends; J3 starts (ends at 10).
  //   t=7    J4 waits.
  //   t=10   capacity 2 -> 1 while J1 and J3 are busy: both go on. The shift change is urgent, so
  //          it is applied before J3's end at the same instant: J3 ends, busy 1 = c, J4 waits.
  //   t=11   J5 waits behind J4.               t=12 J1 ends; busy 0 < 1: J4 starts (ends 18).
  //   t=18   J4 ends; J5 starts (ends 21).     t=19 J6 waits (busy 1 = c).
  //   t=20   capacity 1 -> 2: J6 starts at once (ends 22). t=21 J5 ends. t=22 J6 ends.
  //   t=40   the pattern repeats with 2 = the current capacity: no change.
  //   t=45   J7 starts (ends 55).              t=46 J8 starts (ends 56). t=47 J9 waits.
  //   t=50   capacity 2 -> 1 while J7 and J8 are busy: both go on.
  //   t=52   J10 waits behind J9.              t=55 J7 ends; busy 1 = c: J9 still waits.
  //   t=56   J8 ends; J9 starts (ends 57).     t=57 J9 ends; J10 starts (ends 58). t=58 J10 ends.
  //   t=58.5 J11 starts at once (ends 59.5).   t=59 J12 waits. t=59.25 J13 waits.
  //   t=59.5 J11 ends; J12 starts (ends 62.5). t=60 capacity 1 -> 2: J13 starts (ends 61).
  //   t=61   J13 ends.                         t=62.5 J12 ends.
  // All times are exact binary fractions, so the log is compared exactly.
  const std::vector<std::string> expected{
      "t=0 J1 starts",     "t=1 J2 starts",   "t=6 J2 ends",       "t=6 J3 starts",
      "t=10 J3 ends",      "t=12 J1 ends",    "t=12 J4 starts",    "t=18 J4 ends",
      "t=18 J5 starts",    "t=20 J6 starts",  "t=21 J5 ends",      "t=22 J6 ends",
      "t=45 J7 starts",    "t=46 J8 starts",  "t=55 J7 ends",      "t=56 J8 ends",
      "t=56 J9 starts",    "t=57 J9 ends",    "t=57 J10 starts",   "t=58 J10 ends",
      "t=58.5 J11 starts", "t=59.5 J11 ends", "t=59.5 J12 starts", "t=60 J13 starts",
      "t=61 J13 ends",     "t=62.5 J12 ends"};
  struct job {
    double arrival;
    double service;
  };
  const std::vector<job> jobs{{0, 12},  {1, 5},  {2, 4},  {7, 6},    {11, 3}, {19, 2},   {45, 10},
                              {46, 10}, {47, 1}, {52, 1}, {58.5, 1}, {59, 3}, {59.25, 1}};

  sim::simulation s;
  sim::resource& servers = s.add_resource(2);
  std::vector<std::string> log;
  auto start_jobs = [&] {
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      s.start(scheduled_job(s, servers, static_cast<int>(i) + 1, jobs[i].arrival, jobs[i].service,
                            log));
    }
  };

  SUBCASE("as a pattern repeating every 40 time units") {
    servers.follow(sim::capacity_schedule::repeating(
                       duration{40}, {{duration{0}, 2}, {duration{10}, 1}, {duration{20}, 2}}),
                   sim::on_capacity_drop::finish_job);
    start_jobs();
    s.run_until(time_point{100});  // the schedule repeats for ever: stop the clock
    CHECK(log == expected);
    // Changes at 10, 20, 50, 60 and 90 (40 and 80 repeat the current value and do not count).
    CHECK(servers.capacity_changes() == 5);
    CHECK(servers.capacity() == 1);
  }
  SUBCASE("as a constant 2 with overrides of 1 on [10, 20) and [50, 60)") {
    auto schedule = sim::capacity_schedule::constant(2);
    schedule.add_override(time_point{10}, time_point{20}, 1);
    schedule.add_override(time_point{50}, time_point{60}, 1);
    servers.follow(schedule, sim::on_capacity_drop::finish_job);
    start_jobs();
    s.run();  // the schedule has no change after 60, so the calendar empties
    CHECK(log == expected);
    CHECK(servers.capacity_changes() == 4);
    CHECK(servers.capacity() == 2);
  }
  CHECK(servers.drop_rule() == sim::on_capacity_drop::finish_job);
  CHECK(servers.in_use() == 0);
  CHECK(servers.queue_length() == 0);
}

// --- Non-homogeneous arrivals ---

namespace {

sim::process hourly_counts(sim::simulation& s, const sim::piecewise_rate_arrivals& arrivals,
                           time_point end, std::uint64_t seed, bool thinning,
                           std::array<double, 24>& counts) {
  sim::random_stream stream{seed, {1}};
  for (;;) {
    const time_point next =
        thinning ? arrivals.next_by_thinning(s.now(), stream) : arrivals.next(s.now(), stream);
    if (next >= end) co_return;
    co_await s.timeout_until(next);
    const auto hour = static_cast<std::size_t>(std::floor(s.now().value() / 60.0)) % 24;
    counts[hour] += 1;
  }
}

}  // namespace

TEST_CASE("piecewise-rate arrivals follow the hourly profile by a chi-square test at 0.001") {
  // The emergency department profile of /work/shared/MODELS.md Model B, patients per hour for
  // each hour of the day (sum 288 a day), in minutes: slots of 60, rates per minute.
  const std::array<double, 24> per_hour{8,  7,    6,  5.5,  5,  5.5, 7,    9,  12, 15, 18, 19.5,
                                        20, 19.5, 18, 16.5, 15, 14,  13.5, 13, 12, 11, 10, 8};
  std::vector<double> per_minute;
  double per_day = 0;
  for (double r : per_hour) {
    per_minute.push_back(r / 60.0);
    per_day += r;
  }
  REQUIRE(per_day == 288.0);
  const sim::piecewise_rate_arrivals arrivals{per_minute, duration{60}};
  CHECK(arrivals.peak_rate() == doctest::Approx(20.0 / 60.0));

  // Both methods: inversion of the cumulative rate (the default) and thinning (MODELS.md).
  bool thinning = false;
  SUBCASE("by inversion of the cumulative rate") {
    thinning = false;
  }
  SUBCASE("by thinning, as MODELS.md prescribes for model B") {
    thinning = true;
  }

  // 5,000 days: 1.44 million arrivals, at least 25,000 expected in every hour of the day.
  const double days = 5000;
  sim::simulation s;
  std::array<double, 24> counts{};
  s.start(hourly_counts(s, arrivals, time_point{days * 1440}, 108, thinning, counts));
  s.run();

  // Shape: given the total n, hour h is a multinomial cell with probability lambda(h) / 288, so
  // X^2 = sum (O - E)^2 / E with E = n lambda(h) / 288 is chi-square with 23 degrees of freedom.
  double n = 0;
  for (double c : counts)
    n += c;
  double x2 = 0;
  for (std::size_t h = 0; h < 24; ++h) {
    const double expected = n * per_hour[h] / per_day;
    x2 += (counts[h] - expected) * (counts[h] - expected) / expected;
  }
  const boost::math::chi_squared chi2_23{23};
  const double critical = boost::math::quantile(boost::math::complement(chi2_23, 0.001));
  CHECK(critical == doctest::Approx(49.728).epsilon(1e-4));  // tables: 49.73
  INFO("X^2 = ", x2, " (critical ", critical, "), arrivals ", n, ", expected ", per_day * days);
  CHECK(x2 < critical);

  // Level: the total is Poisson with mean 288 x days; |z| < 3.29 is a two-sided test at 0.001.
  const double mean_total = per_day * days;
  CHECK(std::abs(n - mean_total) / std::sqrt(mean_total) < 3.29);
}
