#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "strikesim/sim.hpp"

namespace sim = strikesim::sim;
using sim::duration;
using sim::time_point;

namespace {

struct log_t {
  std::vector<std::string> lines;
  void add(const sim::simulation& s, const std::string& what) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g ", s.now().value());
    lines.push_back(buf + what);
  }
};

sim::process job(sim::simulation& s, sim::resource& r, log_t& log, std::string name, double at,
                 double work, int prio = 0) {
  co_await s.timeout(duration{at});
  auto held = co_await r.request(prio);
  log.add(s, name + " start");
  co_await s.timeout(duration{work});
  log.add(s, name + " end");
}

}  // namespace

TEST_CASE("waiting requests are served by priority, then first come first served") {
  sim::simulation s;
  sim::resource& r = s.add_resource(1);
  log_t log;
  s.start(job(s, r, log, "holder", 0, 10));
  s.start(job(s, r, log, "low-a", 1, 1, 2));
  s.start(job(s, r, log, "high", 2, 1, 0));
  s.start(job(s, r, log, "low-b", 3, 1, 2));
  s.start(job(s, r, log, "mid", 4, 1, 1));
  s.run();
  CHECK(log.lines == std::vector<std::string>{"0 holder start", "10 holder end", "10 high start",
                                              "11 high end", "11 mid start", "12 mid end",
                                              "12 low-a start", "13 low-a end", "13 low-b start",
                                              "14 low-b end"});
  CHECK(r.in_use() == 0);
  CHECK(r.queue_length() == 0);
}

namespace {
sim::process preemptible(sim::simulation& s, sim::resource& r, log_t& log, std::string name,
                         double at, double work, int prio) {
  co_await s.timeout(duration{at});
  double left = work;
  while (left > 0) {
    auto held = co_await r.request(prio, /*preempt=*/true);
    const sim::time_point began = s.now();
    try {
      log.add(s, name + " start");
      co_await s.timeout(duration{left});
      left = 0;
      log.add(s, name + " end");
    } catch (const sim::interrupted& i) {
      CHECK(std::holds_alternative<sim::preempted>(i.cause()));
      CHECK_FALSE(held.held());
      left -= (s.now() - began).count();
      log.add(s, name + " preempted");
    }
  }
}
}  // namespace

TEST_CASE("a pre-emptive request takes the place of a lower-priority user, who resumes later") {
  sim::simulation s;
  sim::resource& r = s.add_resource(1);
  log_t log;
  s.start(preemptible(s, r, log, "routine", 0, 5, 1));
  s.start(preemptible(s, r, log, "urgent", 2, 2, 0));
  s.run();
  CHECK(log.lines == std::vector<std::string>{"0 routine start", "2 urgent start",
                                              "2 routine preempted", "4 urgent end",
                                              "4 routine start", "7 routine end"});
}

namespace {
sim::process impatient(sim::simulation& s, sim::resource& r, log_t& log, double patience) {
  co_await s.timeout(duration{1});
  auto req = r.request();
  const std::size_t which = co_await sim::any_of(req, s.timeout(duration{patience}));
  if (which == 0) {
    auto held = req.take();
    log.add(s, "served");
    co_await s.timeout(duration{1});
  } else {
    log.add(s, "reneged");
  }
}
}  // namespace

TEST_CASE("a request that loses an any_of race is withdrawn from the queue") {
  sim::simulation s;
  sim::resource& r = s.add_resource(1);
  log_t log;
  s.start(job(s, r, log, "holder", 0, 5));
  s.start(impatient(s, r, log, 2));  // asks at 1, gives up at 3, before the holder leaves at 5
  s.start(impatient(s, r, log, 9));  // asks at 1, is served at 5
  s.run();
  CHECK(log.lines ==
        std::vector<std::string>{"0 holder start", "3 reneged", "5 holder end", "5 served"});
  CHECK(r.in_use() == 0);
}

TEST_CASE("capacity that follows a schedule with the finish-the-job rule") {
  // Capacity 2, then 1 during [3, 6), then 2. Jobs (arrival, work): A(0,5) B(0,2) C(1,1) D(4,1).
  // By hand: A and B start at 0. C waits. B ends at 2 and C starts (2 busy, capacity 2).
  // At 3 capacity drops to 1 with A and C busy: nobody is interrupted. C ends at 3: busy 1, no
  // room for a new start. D arrives at 4 and waits (busy 1 = capacity 1). A ends at 5: D starts.
  // D ends at 6, when capacity returns to 2.
  sim::simulation s;
  sim::resource& r = s.add_resource(2);
  auto sched = sim::capacity_schedule::constant(2);
  sched.add_override(time_point{3}, time_point{6}, 1);
  r.follow(sched, sim::on_capacity_drop::finish_job);
  log_t log;
  s.start(job(s, r, log, "A", 0, 5));
  s.start(job(s, r, log, "B", 0, 2));
  s.start(job(s, r, log, "C", 1, 1));
  s.start(job(s, r, log, "D", 4, 1));
  s.run();
  CHECK(log.lines == std::vector<std::string>{"0 A start", "0 B start", "2 B end", "2 C start",
                                              "3 C end", "5 A end", "5 D start", "6 D end"});
  CHECK(r.capacity_changes() == 2);
  CHECK(r.capacity() == 2);
}

namespace {
sim::process worker(sim::simulation& s, sim::resource& r, log_t& log, std::string name,
                    double work) {
  auto held = co_await r.request();
  log.add(s, name + " start");
  try {
    co_await s.timeout(duration{work});
    log.add(s, name + " end");
  } catch (const sim::interrupted& i) {
    CHECK(std::holds_alternative<sim::capacity_reduced>(i.cause()));
    log.add(s, name + " sent off");
  }
}
}  // namespace

TEST_CASE("with the pre-emption rule, a capacity drop interrupts the most recent user") {
  sim::simulation s;
  sim::resource& r = s.add_resource(2);
  auto sched = sim::capacity_schedule::constant(2);
  sched.add_override(time_point{3}, time_point{10}, 1);
  r.follow(sched, sim::on_capacity_drop::preempt);
  log_t log;
  s.start(worker(s, r, log, "first", 8));
  s.start(worker(s, r, log, "second", 8));
  s.run();
  CHECK(log.lines == std::vector<std::string>{"0 first start", "0 second start",
                                              "3 second sent off", "8 first end"});
}
