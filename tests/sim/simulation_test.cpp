#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "strikesim/sim.hpp"

namespace sim = strikesim::sim;
using sim::duration;
using sim::time_point;

namespace {

struct event_log {
  std::vector<std::string> lines;
  void add(const sim::simulation& s, const std::string& what) {
    lines.push_back(std::to_string(s.now().value()) + " " + what);
  }
};

sim::process say_after(sim::simulation& s, event_log& log, double d, std::string what,
                       sim::priority p = sim::priority::normal) {
  co_await s.timeout(duration{d}, p);
  log.add(s, what);
}

}  // namespace

TEST_CASE("events at the same time run by priority, then in the order they were scheduled") {
  sim::simulation s;
  event_log log;
  s.start(say_after(s, log, 5, "a"));
  s.start(say_after(s, log, 5, "b"));
  s.start(say_after(s, log, 3, "c"));
  s.start(say_after(s, log, 5, "d", sim::priority::urgent));
  s.start(say_after(s, log, 5, "e"));
  s.run();
  CHECK(log.lines == std::vector<std::string>{"3.000000 c", "5.000000 d", "5.000000 a",
                                              "5.000000 b", "5.000000 e"});
  CHECK(s.now() == time_point{5});
  CHECK(s.live_processes() == 0);
}

TEST_CASE("run_until stops before events at the limit and sets the clock to it") {
  sim::simulation s;
  event_log log;
  s.start(say_after(s, log, 1, "one"));
  s.start(say_after(s, log, 2, "two"));
  s.run_until(time_point{2});
  CHECK(log.lines == std::vector<std::string>{"1.000000 one"});
  CHECK(s.now() == time_point{2});
  s.run();
  CHECK(log.lines.size() == 2);
}

namespace {
sim::process child(sim::simulation& s, event_log& log) {
  co_await s.timeout(duration{4});
  log.add(s, "child done");
}
sim::process parent(sim::simulation& s, event_log& log) {
  auto h = s.start(child(s, log));
  log.add(s, "parent waits");
  co_await h;
  log.add(s, "parent resumes");
  co_await h;  // an ended process is ready at once
  log.add(s, "parent again");
}
}  // namespace

TEST_CASE("a process can wait for another to end") {
  sim::simulation s;
  event_log log;
  s.start(parent(s, log));
  s.run();
  CHECK(log.lines == std::vector<std::string>{"0.000000 parent waits", "4.000000 child done",
                                              "4.000000 parent resumes", "4.000000 parent again"});
}

namespace {
sim::process failing(sim::simulation& s) {
  co_await s.timeout(duration{2});
  throw std::runtime_error("boom");
}
sim::process catcher(sim::simulation& s, event_log& log) {
  auto h = s.start(failing(s));
  try {
    co_await h;
  } catch (const std::runtime_error& e) {
    log.add(s, std::string("caught ") + e.what());
  }
}
}  // namespace

TEST_CASE("an exception in a process nobody waits for stops the run and reaches the caller") {
  sim::simulation s;
  event_log log;
  s.start(failing(s));
  s.start(say_after(s, log, 3, "never"));
  CHECK_THROWS_WITH_AS(s.run(), "boom", std::runtime_error);
  CHECK(s.now() == time_point{2});
  CHECK(log.lines.empty());
}

TEST_CASE("an exception in a process is rethrown in the process waiting for it") {
  sim::simulation s;
  event_log log;
  s.start(catcher(s, log));
  s.run();
  CHECK(log.lines == std::vector<std::string>{"2.000000 caught boom"});
}

namespace {
sim::process sleeper(sim::simulation& s, event_log& log) {
  try {
    co_await s.timeout(duration{10});
    log.add(s, "slept");
  } catch (const sim::interrupted& i) {
    const auto* cause = std::get_if<sim::user_interrupt>(&i.cause());
    log.add(s, "interrupted code " + std::to_string(cause != nullptr ? cause->code : -1));
  }
  co_await s.timeout(duration{1});
  log.add(s, "after");
}
sim::process interrupter(sim::simulation& s, sim::process_handle target) {
  co_await s.timeout(duration{3});
  target.interrupt(sim::user_interrupt{7});
}
}  // namespace

TEST_CASE("an interrupt reaches the process at its current wait with a typed cause") {
  sim::simulation s;
  event_log log;
  auto h = s.start(sleeper(s, log));
  s.start(interrupter(s, h));
  s.run();
  CHECK(log.lines == std::vector<std::string>{"3.000000 interrupted code 7", "4.000000 after"});
  CHECK(h.finished());
  CHECK_THROWS_AS(h.interrupt(), std::logic_error);
}

namespace {
sim::process race(sim::simulation& s, event_log& log, double a, double b) {
  const std::size_t which = co_await sim::any_of(s.timeout(duration{a}), s.timeout(duration{b}));
  log.add(s, "first " + std::to_string(which));
  co_await s.timeout(duration{100});
  log.add(s, "later");
}
sim::process both(sim::simulation& s, event_log& log) {
  auto h = s.start(child(s, log));
  co_await sim::all_of(s.timeout(duration{2}), h.operator co_await(), s.timeout(duration{3}));
  log.add(s, "all done");
}
}  // namespace

TEST_CASE("any_of resumes at the first awaitable and cancels the others") {
  sim::simulation s;
  event_log log;
  s.start(race(s, log, 5, 2));
  s.run();
  // The losing timeout at t=5 must not wake the process early: "later" is at 2 + 100.
  CHECK(log.lines == std::vector<std::string>{"2.000000 first 1", "102.000000 later"});
}

TEST_CASE("all_of resumes when the last awaitable fires") {
  sim::simulation s;
  event_log log;
  s.start(both(s, log));
  s.run();
  CHECK(log.lines == std::vector<std::string>{"4.000000 child done", "4.000000 all done"});
}

namespace {
sim::process ticker(sim::simulation& s, sim::random_stream& g, std::vector<double>& out) {
  for (int i = 0; i < 50; ++i) {
    co_await s.timeout(duration{sim::exponential{1.0}(g)});
    out.push_back(s.now().value());
  }
}
std::vector<double> run_tickers(std::uint64_t seed) {
  sim::simulation s;
  sim::random_stream a{seed, {0, 1}}, b{seed, {0, 2}};
  std::vector<double> log;
  s.start(ticker(s, a, log));
  s.start(ticker(s, b, log));
  s.run();
  return log;
}
}  // namespace

TEST_CASE("the same seed gives an identical event log; another seed does not") {
  CHECK(run_tickers(42) == run_tickers(42));
  CHECK(run_tickers(42) != run_tickers(43));
}

TEST_CASE("a simulation destroyed with processes still waiting frees them") {
  event_log log;
  {
    sim::simulation s;
    s.start(say_after(s, log, 10, "never"));
    s.run_until(time_point{5});
    CHECK(s.live_processes() == 1);
  }
  CHECK(log.lines.empty());
}

namespace {
sim::process note_start(sim::simulation& s, event_log& log, std::string what) {
  log.add(s, what + " starts");
  co_await s.timeout(duration{1});
  log.add(s, what + " ends");
}
/// A source process: sleeps until 2 and starts one, then until 4 and starts another.
sim::process source(sim::simulation& s, event_log& log) {
  co_await s.timeout_until(time_point{2});
  s.start(note_start(s, log, "early"));
  co_await s.timeout_until(time_point{4});
  s.start(note_start(s, log, "late"));
}
}  // namespace

TEST_CASE("start_at starts a process at its instant, as sleeping until then and starting it") {
  // Two ways to start a process at 2 and at 4: the same log, with one event fewer for each
  // and no source process.
  event_log direct, slept;
  sim::simulation a, b;
  a.start_at(time_point{4}, note_start(a, direct, "late"));
  a.start_at(time_point{2}, note_start(a, direct, "early"));
  b.start(source(b, slept));
  CHECK(a.live_processes() == 2);  // live, not yet started
  a.run();
  b.run();
  CHECK(direct.lines == slept.lines);
  CHECK(direct.lines == std::vector<std::string>{"2.000000 early starts", "3.000000 early ends",
                                                 "4.000000 late starts", "5.000000 late ends"});
  CHECK(a.delivered() + 2 + 1 == b.delivered());  // + the source's own start
  // An instant already past starts the process now, after what is scheduled for now.
  event_log late;
  sim::simulation c;
  c.start(say_after(c, late, 0, "first"));
  c.run_until(time_point{3});
  c.start_at(time_point{1}, note_start(c, late, "past"));
  c.run();
  CHECK(late.lines ==
        std::vector<std::string>{"0.000000 first", "3.000000 past starts", "4.000000 past ends"});
  // One never started is freed with the simulation.
  event_log never;
  {
    sim::simulation d;
    d.start_at(time_point{10}, note_start(d, never, "never"));
    d.run_until(time_point{5});
    CHECK(d.live_processes() == 1);
  }
  CHECK(never.lines.empty());
}

TEST_CASE("the calendar takes entries in (time, order) order as it changes between its layouts") {
  // Entries for later instants wait in a sorted vector while few and in a heap once many
  // (calendar::to_heap, calendar::to_sorted); entries at the current instant in queues. Grown
  // past the switch and drained below it several times, with ties in time (the order decides)
  // and entries at the current instant, it must give what a set keyed (time, order) gives.
  using entry = sim::detail::calendar_entry;
  using key = std::pair<double, std::uint64_t>;
  sim::random_stream g{7, {1}};
  sim::detail::calendar cal;
  std::set<key> expected;
  double now = 0;
  std::uint64_t sequence = 0;
  std::size_t taken = 0, most = 0;
  const auto push = [&](double at, std::uint64_t prio) {
    const std::uint64_t order = (prio << 56) | sequence++;
    cal.push(entry{at, order, nullptr, 0, 0}, now);
    expected.insert({at, order});
  };
  for (int cycle = 0; cycle < 6; ++cycle) {
    const std::size_t peak = cycle % 2 == 0 ? 3 * sim::detail::calendar::to_heap : 40;
    for (bool growing : {true, false}) {
      while (growing ? expected.size() < peak : !expected.empty()) {
        // Growing: two entries in for one out; draining: one in for two out, until empty.
        for (int k = 0; k < (growing ? 2 : 1); ++k) {
          const double u = g.uniform01();
          const double at = u < 0.2 ? now : now + std::floor(1 + 20 * g.uniform01());  // ties
          push(at, g() % 3);
        }
        most = std::max(most, expected.size());
        for (int k = 0; k < (growing ? 1 : 2) && !expected.empty(); ++k) {
          entry e{};
          REQUIRE(cal.pop(e));
          CHECK(key{e.time, e.order} == *expected.begin());
          expected.erase(expected.begin());
          now = e.time;
          ++taken;
        }
      }
    }
    entry e{};
    CHECK_FALSE(cal.pop(e));
    CHECK(cal.empty());
  }
  CHECK(most >= 3 * sim::detail::calendar::to_heap);
  CHECK(taken > 1000);
}
