#include <doctest/doctest.h>

#include <algorithm>
#include <boost/random/discrete_distribution.hpp>
#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include "strikesim/sim/random.hpp"
#include "strikesim/sim/stats.hpp"

namespace sim = strikesim::sim;

TEST_CASE("xoshiro256++ and SplitMix64 match their reference outputs") {
  // xoshiro256++ with state {1, 2, 3, 4}: the first output is rotl(1 + 4, 23) + 1 = 41943041;
  // the second follows from the published state update (Blackman and Vigna, 2019).
  auto g = sim::random_stream::from_state(1, 2, 3, 4);
  CHECK(g() == 41943041ULL);
  CHECK(g() == 58720359ULL);
  // SplitMix64 from seed 0: the published first output.
  std::uint64_t x = 0;
  CHECK(sim::splitmix64(x) == 0xE220A8397B1DCDAFULL);
}

TEST_CASE("the same seed and stream ids give the same draws; other ids give other draws") {
  sim::random_stream a{7, {1, 2}}, b{7, {1, 2}}, c{7, {1, 3}}, d{8, {1, 2}}, e{7, {2, 1}};
  std::set<std::uint64_t> firsts;
  for (int i = 0; i < 100; ++i) {
    const auto x = a();
    CHECK(x == b());
    firsts.insert(x);
  }
  CHECK(firsts.size() == 100);
  sim::random_stream a2{7, {1, 2}};
  int same_c = 0, same_d = 0, same_e = 0;
  for (int i = 0; i < 100; ++i) {
    const auto x = a2();
    same_c += (x == c());
    same_d += (x == d());
    same_e += (x == e());
  }
  CHECK(same_c == 0);
  CHECK(same_d == 0);
  CHECK(same_e == 0);
}

namespace {
// Mean of n draws; the check uses 5 standard errors (a false alarm has probability ~6e-7).
template <class D>
void check_mean(D dist, double mean, double sd, std::uint64_t stream) {
  sim::random_stream g{2024, {stream}};
  const int n = 200000;
  sim::tally t;
  for (int i = 0; i < n; ++i)
    t.add(static_cast<double>(dist(g)));
  CHECK(std::abs(t.mean() - mean) < 5 * sd / std::sqrt(n));
  CHECK(t.sd() == doctest::Approx(sd).epsilon(0.02));
}
}  // namespace

TEST_CASE("each distribution has the mean and sd it was given") {
  check_mean(sim::exponential{0.5}, 2.0, 2.0, 1);
  check_mean(sim::lognormal{35, 20}, 35, 20, 2);
  check_mean(sim::gamma{2.0, 3.0}, 6.0, std::sqrt(18.0), 3);
  check_mean(sim::weibull{1.5, 2.0}, 2.0 * std::tgamma(1 + 1 / 1.5),
             2.0 * std::sqrt(std::tgamma(1 + 2 / 1.5) - std::pow(std::tgamma(1 + 1 / 1.5), 2)), 4);
  check_mean(sim::triangular{1, 2, 6}, 3.0, std::sqrt((1 + 4 + 36 - 2 - 6 - 12) / 18.0), 5);
  check_mean(sim::uniform{2, 4}, 3.0, 2 / std::sqrt(12.0), 6);
  check_mean(sim::beta{0.3, 0.1}, 0.3, 0.1, 7);
  check_mean(sim::poisson{4.5}, 4.5, std::sqrt(4.5), 8);
  check_mean(sim::binomial{20, 0.3}, 6.0, std::sqrt(20 * 0.3 * 0.7), 9);
  check_mean(sim::discrete{{1, 1, 2}}, 1.25, std::sqrt(0.6875), 10);
  // Uniform on [0, 10] as an empirical distribution.
  check_mean(sim::empirical{{0, 1}, {0, 10}}, 5.0, 10 / std::sqrt(12.0), 11);
}

TEST_CASE("the lognormal by mean and sd has the parameters of MODELS.md") {
  const sim::lognormal consult{35, 20};
  CHECK(consult.mu() == doctest::Approx(3.4140646).epsilon(1e-7));
  CHECK(consult.sigma() == doctest::Approx(0.5315703).epsilon(1e-7));
  const sim::lognormal clerk{30, 10};
  CHECK(clerk.mu() == doctest::Approx(3.3485171).epsilon(1e-7));
  CHECK(clerk.sigma() == doctest::Approx(0.3245928).epsilon(1e-7));
}

TEST_CASE("a beta's shapes follow from its mean and sd, while sd^2 < mean (1 - mean)") {
  // mean 0.3, sd 0.1: alpha + beta = 0.21 / 0.01 - 1 = 20, of which 30% is alpha.
  const sim::beta_shapes shapes = sim::beta_shapes_of(0.3, 0.1);
  CHECK(shapes.alpha == doctest::Approx(6));
  CHECK(shapes.beta == doctest::Approx(14));
  const sim::beta drawn{0.3, 0.1};
  CHECK(drawn.alpha() == shapes.alpha);
  CHECK(drawn.beta_param() == shapes.beta);
  CHECK(sim::beta_sd_possible(0.5, 0.49));
  CHECK_FALSE(sim::beta_sd_possible(0.5, 0.5));  // only a 0-or-1 variable reaches it
  CHECK_THROWS_AS(sim::beta(0.5, 0.5), std::invalid_argument);
}

TEST_CASE("bad distribution parameters are refused with the reason") {
  CHECK_THROWS_WITH_AS(sim::exponential{0}, "exponential: rate must be > 0", std::invalid_argument);
  CHECK_THROWS_AS(sim::lognormal(-1, 2), std::invalid_argument);
  CHECK_THROWS_AS(sim::beta(0.5, 0.6), std::invalid_argument);
  CHECK_THROWS_AS(sim::triangular(3, 1, 2), std::invalid_argument);
  CHECK_THROWS_AS(sim::discrete({0, 0}), std::invalid_argument);
  CHECK_THROWS_AS(sim::empirical({0, 0.5}, {1, 2}), std::invalid_argument);
  CHECK_THROWS_AS(sim::binomial(10, 1.5), std::invalid_argument);
  CHECK_THROWS_AS(sim::exponential{std::nan("")}, std::invalid_argument);
}

TEST_CASE("discrete draws exactly what Boost's discrete_distribution draws, draw by draw") {
  // Its own alias table and bucket size, made as Boost makes them: the same bins from the same
  // stream, and the stream left where Boost leaves it, for weights with zeros, ties and one bin.
  sim::random_stream weights_stream{2016, {41}};
  int compared = 0;
  for (int n = 0; n < 300; ++n) {
    const std::size_t bins = 1 + weights_stream() % 12;
    std::vector<double> weights(bins);
    for (double& w : weights) {
      const std::uint64_t kind = weights_stream() % 4;
      w = kind == 0 ? 0.0 : kind == 1 ? 1.0 : weights_stream.uniform01() * 10;
    }
    if (std::all_of(weights.begin(), weights.end(), [](double w) { return w == 0; }))
      weights[0] = 0.5;
    sim::discrete ours{weights};
    boost::random::discrete_distribution<std::int32_t, double> boosts(weights);
    sim::random_stream a{7, {static_cast<std::uint64_t>(n)}}, b = a;
    for (int k = 0; k < 2000; ++k) {
      const std::size_t x = ours(a);
      const auto y = static_cast<std::size_t>(boosts(b));
      REQUIRE(x == y);
      REQUIRE(weights[x] > 0);
      ++compared;
    }
    CHECK(a() == b());
  }
  CHECK(compared == 600000);
}
