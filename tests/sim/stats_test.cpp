#include <doctest/doctest.h>

#include <vector>

#include "strikesim/sim/stats.hpp"

namespace sim = strikesim::sim;

TEST_CASE("a tally gives the textbook mean and sample variance, and merges exactly") {
  sim::tally t;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0})
    t.add(x);
  CHECK(t.count() == 8);
  CHECK(t.mean() == doctest::Approx(5.0));
  CHECK(t.variance() == doctest::Approx(32.0 / 7.0));
  CHECK(t.min() == 2.0);
  CHECK(t.max() == 9.0);
  sim::tally a, b;
  for (double x : {2.0, 4.0, 4.0})
    a.add(x);
  for (double x : {4.0, 5.0, 5.0, 7.0, 9.0})
    b.add(x);
  a.merge(b);
  CHECK(a.mean() == doctest::Approx(t.mean()));
  CHECK(a.variance() == doctest::Approx(t.variance()));
}

TEST_CASE("quantiles interpolate between order statistics as R type 7 and NumPy do") {
  const std::vector<double> v{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const double ps[] = {0.0, 0.05, 0.5, 0.95, 1.0};
  // numpy.percentile([1..10], [0, 5, 50, 95, 100]) = [1, 1.45, 5.5, 9.55, 10]
  const auto q = sim::quantiles(v, ps);
  CHECK(q[0] == doctest::Approx(1.0));
  CHECK(q[1] == doctest::Approx(1.45));
  CHECK(q[2] == doctest::Approx(5.5));
  CHECK(q[3] == doctest::Approx(9.55));
  CHECK(q[4] == doctest::Approx(10.0));
  std::vector<double> shuffled{7, 3, 10, 1, 9, 2, 8, 4, 6, 5};
  CHECK(sim::quantile_in_place(shuffled, 0.95) == doctest::Approx(9.55));
}

TEST_CASE("a time-weighted average weighs each value by how long it held") {
  sim::time_weighted q{sim::time_point{0}, 0};
  q.set(sim::time_point{2}, 3);  // 0 during [0, 2)
  q.set(sim::time_point{5}, 1);  // 3 during [2, 5)
  CHECK(q.integral(sim::time_point{10}) == doctest::Approx(0 * 2 + 3 * 3 + 1 * 5));
  CHECK(q.mean(sim::time_point{10}) == doctest::Approx(1.4));
  CHECK(q.max() == 3);
}

TEST_CASE("batch means of independent batches give the usual standard error") {
  std::vector<double> series;
  for (int b = 0; b < 4; ++b) {
    for (int i = 0; i < 5; ++i)
      series.push_back(b);  // batch means 0, 1, 2, 3
  }
  const auto r = sim::batch_means(series, 4);
  CHECK(r.mean == doctest::Approx(1.5));
  CHECK(r.standard_error == doctest::Approx(std::sqrt(5.0 / 3.0 / 4.0)));
}
