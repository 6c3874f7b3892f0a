#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

#include "strikesim/sim/stats.hpp"

namespace sim = strikesim::sim;

namespace {

const std::vector<double> probabilities{0.0,  0.001, 0.01, 0.05, 0.1,   0.25, 0.5,
                                        0.75, 0.9,   0.95, 0.99, 0.999, 1.0};

/// The k-th smallest of sorted values `s` and its neighbour, for the type-7 interpolation at p.
std::pair<double, double> neighbours(const std::vector<double>& s, double p) {
  const double h = static_cast<double>(s.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  return {s[lo], s[std::min(lo + 1, s.size() - 1)]};
}

/// Every quantile of `values` through the stream is within its relative accuracy of the exact
/// one (of the larger magnitude of the two order statistics it interpolates between).
void check_within_accuracy(const std::vector<double>& values) {
  sim::streaming_sample s;
  for (const double x : values)
    s.add(x);
  REQUIRE_FALSE(s.exact());
  const double a = s.relative_accuracy();
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const std::vector<double> exact = sim::quantiles(values, probabilities);
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    const auto [lo, hi] = neighbours(sorted, probabilities[i]);
    const double bound = a * std::max(std::abs(lo), std::abs(hi)) * (1 + 1e-9);
    INFO("p = " << probabilities[i] << ", a = " << a);
    CHECK(std::abs(s.quantile(probabilities[i]) - exact[i]) <= bound);
  }
}

}  // namespace

TEST_CASE("a streamed sample's quantiles are those of sim::quantiles, bit for bit, while exact") {
  std::mt19937_64 g(2016);
  std::normal_distribution<double> normal(50, 20);
  std::uniform_int_distribution<int> small(0, 12);
  for (const std::size_t n : {1, 2, 3, 7, 20, 200, 1000, 2048}) {
    for (const bool integers : {false, true}) {
      std::vector<double> v;
      sim::streaming_sample s;
      for (std::size_t i = 0; i < n; ++i) {
        // Ties: integers from a small range, or a real value repeated now and then.
        const double x = integers ? small(g) : (i % 5 == 4 && i > 0) ? v[i / 2] : normal(g);
        v.push_back(x);
        s.add(x);
      }
      INFO("n = " << n << (integers ? ", integers" : ", reals"));
      REQUIRE(s.exact());
      CHECK(s.count() == n);
      const std::vector<double> expected = sim::quantiles(v, probabilities);
      for (std::size_t i = 0; i < probabilities.size(); ++i)
        CHECK(s.quantile(probabilities[i]) == expected[i]);  // the same bits
      std::uniform_real_distribution<double> any_p(0, 1);
      for (int k = 0; k < 50; ++k) {
        const double p = any_p(g);
        const double ps[] = {p};
        CHECK(s.quantile(p) == sim::quantiles(v, ps)[0]);
      }
    }
  }
}

TEST_CASE("a streamed sample stays exact for any count of few distinct values") {
  sim::streaming_sample s;
  std::vector<double> v;
  std::mt19937_64 g(7);
  std::poisson_distribution<int> cancelled(300);  // like operations cancelled: a count
  for (int i = 0; i < 200'000; ++i) {
    v.push_back(cancelled(g));
    s.add(v.back());
  }
  REQUIRE(s.exact());
  CHECK(s.stored() < 300);
  const std::vector<double> expected = sim::quantiles(v, probabilities);
  for (std::size_t i = 0; i < probabilities.size(); ++i)
    CHECK(s.quantile(probabilities[i]) == expected[i]);
  // Integers: the compensated sum is exact, so the mean is the sum over the count.
  double sum = 0;
  for (const double x : v)
    sum += x;
  CHECK(s.mean() == sum / static_cast<double>(v.size()));
}

TEST_CASE("a streamed sample turns into a histogram past 2,048 distinct values") {
  sim::streaming_sample s;
  for (std::size_t i = 0; i < sim::streaming_sample::exact_limit; ++i)
    s.add(1000.0 + static_cast<double>(i) / 8);
  CHECK(s.exact());
  CHECK(s.relative_accuracy() == 0);
  s.add(1000.0);  // a value already held: still exact
  CHECK(s.exact());
  s.add(2000.0);
  CHECK_FALSE(s.exact());
  CHECK(s.relative_accuracy() == doctest::Approx(1e-4).epsilon(1e-6));
  CHECK(s.count() == sim::streaming_sample::exact_limit + 2);
  CHECK(s.min() == 1000.0);
  CHECK(s.max() == 2000.0);
  CHECK(s.quantile(0) == 1000.0);  // the extremes are kept exactly
  CHECK(s.quantile(1) == 2000.0);
}

TEST_CASE("on 10^6 lognormal draws every quantile of the histogram is within its relative error") {
  std::mt19937_64 g(42);
  SUBCASE("values within a factor of 5 of each other keep a = 1e-4") {
    std::lognormal_distribution<double> d(std::log(80.0), 0.15);  // like minutes in the ED
    std::vector<double> v(1'000'000);
    for (double& x : v)
      x = d(g);
    sim::streaming_sample s;
    for (const double x : v)
      s.add(x);
    CHECK(s.relative_accuracy() == doctest::Approx(1e-4).epsilon(1e-6));
    check_within_accuracy(v);
  }
  SUBCASE("a wide range merges buckets and says so") {
    std::lognormal_distribution<double> d(0, 1);  // a factor of about 20,000 from least to most
    std::vector<double> v(1'000'000);
    for (double& x : v)
      x = d(g);
    sim::streaming_sample s;
    for (const double x : v)
      s.add(x);
    CHECK(s.relative_accuracy() > 1e-4);
    CHECK(s.relative_accuracy() < 1e-3);
    check_within_accuracy(v);
  }
  SUBCASE("zeros are counted exactly and negative values mirrored") {
    std::normal_distribution<double> d(0, 10);
    std::vector<double> v(200'000);
    for (std::size_t i = 0; i < v.size(); ++i)
      v[i] = i % 10 < 3 ? 0.0 : d(g);  // 30% zeros: the median is 0
    check_within_accuracy(v);
    sim::streaming_sample s;
    for (const double x : v)
      s.add(x);
    CHECK(s.quantile(0.5) == 0.0);
    CHECK(s.quantile(0.05) < 0);
    CHECK(s.quantile(0.95) > 0);
  }
}

TEST_CASE("the histogram's buckets stay bounded by the value range after 10^7 observations") {
  std::mt19937_64 g(1);
  std::lognormal_distribution<double> narrow(std::log(80.0), 0.15);
  sim::streaming_sample s;
  for (int i = 0; i < 10'000'000; ++i)
    s.add(narrow(g));
  // ln(max / min) / ln(gamma) buckets hold the range; growth leaves at most as many again.
  const double spanned = std::log(s.max() / s.min()) / (2 * s.relative_accuracy());
  CHECK(static_cast<double>(s.stored()) <= 2 * spanned + 2);
  CHECK(s.stored() <= sim::streaming_sample::max_buckets);
  // Whatever the values, each sign's buckets span at most max_buckets.
  sim::streaming_sample wild;
  std::uniform_real_distribution<double> exponent(-300, 300);
  for (int i = 0; i < 100'000; ++i)
    wild.add((i % 2 == 0 ? 1 : -1) * std::pow(10.0, exponent(g)));
  CHECK(wild.stored() <= 2 * sim::streaming_sample::max_buckets);
  CHECK(wild.quantile(0.5) == wild.quantile(0.5));  // not NaN
}

TEST_CASE("a streamed sample's mean and sd are those of the data; edge cases") {
  SUBCASE("mean and sample sd") {
    sim::streaming_sample s;
    for (const double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0})
      s.add(x);
    CHECK(s.mean() == 5.0);
    CHECK(s.variance() == doctest::Approx(32.0 / 7.0));
    CHECK(s.sd() == doctest::Approx(std::sqrt(32.0 / 7.0)));
  }
  SUBCASE("empty") {
    const sim::streaming_sample s;
    CHECK(s.count() == 0);
    CHECK(std::isnan(s.mean()));
    CHECK(std::isnan(s.sd()));
    CHECK(std::isnan(s.quantile(0.5)));
    CHECK(s.stored() == 0);
  }
  SUBCASE("one value") {
    sim::streaming_sample s;
    s.add(-3.5);
    CHECK(s.mean() == -3.5);
    CHECK(std::isnan(s.variance()));
    for (const double p : probabilities)
      CHECK(s.quantile(p) == -3.5);
  }
  SUBCASE("all equal, many times") {
    sim::streaming_sample s;
    for (int i = 0; i < 100'000; ++i)
      s.add(0.1);
    CHECK(s.exact());
    CHECK(s.stored() == 1);
    CHECK(s.sd() == 0.0);
    CHECK(s.quantile(0.05) == 0.1);
    CHECK(s.quantile(0.95) == 0.1);
    CHECK(s.mean() == doctest::Approx(0.1).epsilon(1e-15));
  }
  SUBCASE("NaN and infinities are refused, and p outside [0, 1]") {
    sim::streaming_sample s;
    CHECK_THROWS_AS(s.add(std::nan("")), std::invalid_argument);
    CHECK_THROWS_AS(s.add(std::numeric_limits<double>::infinity()), std::invalid_argument);
    CHECK_THROWS_AS(s.add(-std::numeric_limits<double>::infinity()), std::invalid_argument);
    CHECK(s.count() == 0);
    s.add(1);
    CHECK_THROWS_AS((void)s.quantile(1.5), std::invalid_argument);
    CHECK_THROWS_AS((void)s.quantile(std::nan("")), std::invalid_argument);
  }
}

TEST_CASE("the pending buffer gives what adding each observation as it comes gives") {
  // Reading a sample settles its buffer, so a sample read after every add is one without a
  // buffer. The two must agree bit for bit, also when the exact pairs end inside a batch.
  std::mt19937_64 g(1948);
  std::lognormal_distribution<double> minutes(4, 0.6);
  for (const std::size_t n :
       {std::size_t{31}, std::size_t{33}, std::size_t{2100}, std::size_t{9000}}) {
    CAPTURE(n);
    sim::streaming_sample buffered, one_by_one;
    std::vector<double> seen;
    for (std::size_t i = 0; i < n; ++i) {
      // Repeats, zeros of both signs and negatives among fresh values.
      const double x = i % 7 == 3    ? seen[i / 3]
                       : i % 11 == 5 ? (i % 2 ? -0.0 : 0.0)
                       : i % 13 == 6 ? -minutes(g)
                                     : minutes(g);
      seen.push_back(x);
      buffered.add(x);
      one_by_one.add(x);
      (void)one_by_one.exact();
    }
    CHECK(buffered.exact() == one_by_one.exact());
    if (n == 9000) CHECK_FALSE(buffered.exact());  // the pairs ended on the way
    CHECK(buffered.stored() == one_by_one.stored());
    CHECK(buffered.relative_accuracy() == one_by_one.relative_accuracy());
    for (int k = 0; k <= 100; ++k) {
      const double p = k / 100.0;
      CHECK(buffered.quantile(p) == one_by_one.quantile(p));
    }
    CHECK(buffered.mean() == one_by_one.mean());
    CHECK(buffered.sd() == one_by_one.sd());
  }
  sim::streaming_sample zeros;  // held as +0: no "-0" in a report
  zeros.add(-0.0);
  CHECK_FALSE(std::signbit(zeros.quantile(0.5)));
}
