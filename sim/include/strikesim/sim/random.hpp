#pragma once
/// Reproducible random streams and distributions with specified output.
///
/// A `random_stream` is xoshiro256++ seeded from a master seed and a list of stream ids (for
/// example {replication, source}) through SplitMix64, so every (seed, ids) pair names its own
/// independent, reproducible stream, whatever thread draws from it.
///
///     sim::random_stream arrivals{seed, {replication, 1}};
///     sim::random_stream service{seed, {replication, 2}};
///     double gap = sim::exponential{9.0}(arrivals);
///
/// The distributions are Boost.Random's (header-only): unlike std::normal_distribution and
/// friends, their algorithms are fixed by the library, so the same stream gives the same numbers
/// with any standard library. Constructors check their parameters and throw
/// std::invalid_argument with the reason.

#include <algorithm>
#include <boost/random/beta_distribution.hpp>
#include <boost/random/binomial_distribution.hpp>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/piecewise_linear_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <boost/random/weibull_distribution.hpp>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "strikesim/sim/time.hpp"

namespace strikesim::sim {

/// SplitMix64 step: the standard way to expand one 64-bit seed into well-mixed state words.
constexpr std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// A seeded stream of random bits (xoshiro256++); a UniformRandomBitGenerator.
class random_stream {
 public:
  using result_type = std::uint64_t;

  explicit random_stream(std::uint64_t seed, std::initializer_list<std::uint64_t> ids = {}) {
    std::uint64_t x = seed;
    std::uint64_t key = splitmix64(x);
    for (std::uint64_t id : ids) {
      std::uint64_t y = key ^ (id + 0x6A09E667F3BCC909ULL);
      key = splitmix64(y) ^ (key << 1 | key >> 63);
    }
    std::uint64_t z = key;
    for (auto& w : s_)
      w = splitmix64(z);
  }

  /// A stream with the given raw state (not all zero); for checking against reference output.
  static random_stream from_state(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2,
                                  std::uint64_t s3) {
    random_stream r{0};
    r.s_[0] = s0;
    r.s_[1] = s1;
    r.s_[2] = s2;
    r.s_[3] = s3;
    return r;
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  /// A uniform double in [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }
  /// A uniform double in (0, 1]: safe to take the logarithm of.
  double uniform01_open_low() { return (static_cast<double>((*this)() >> 11) + 1.0) * 0x1.0p-53; }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4]{};
};

namespace detail {
inline void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(what);
}
inline bool finite_positive(double x) {
  return std::isfinite(x) && x > 0;
}
}  // namespace detail

/// Exponential with the given rate (mean 1/rate).
class exponential {
 public:
  explicit exponential(double rate)
      : d_((detail::require(detail::finite_positive(rate), "exponential: rate must be > 0"),
            rate)) {}
  double operator()(random_stream& g) { return d_(g); }
  [[nodiscard]] double mean() const { return 1.0 / d_.lambda(); }

 private:
  boost::random::exponential_distribution<double> d_;
};

/// Lognormal given by the mean and standard deviation of the variable itself (not of its log).
class lognormal {
 public:
  lognormal(double mean, double sd) : mean_(mean), sd_(sd), d_(params(mean, sd)) {}
  double operator()(random_stream& g) { return d_(g); }
  /// The parameters of the underlying normal: mu = ln(mean) - sigma^2/2, sigma^2 = ln(1+cv^2).
  [[nodiscard]] double mu() const { return d_.m(); }
  [[nodiscard]] double sigma() const { return d_.s(); }
  [[nodiscard]] double mean() const { return mean_; }
  [[nodiscard]] double sd() const { return sd_; }

 private:
  static boost::random::lognormal_distribution<double>::param_type params(double mean, double sd) {
    detail::require(detail::finite_positive(mean), "lognormal: mean must be > 0");
    detail::require(detail::finite_positive(sd), "lognormal: sd must be > 0");
    const double s2 = std::log1p((sd / mean) * (sd / mean));
    return boost::random::lognormal_distribution<double>::param_type{std::log(mean) - s2 / 2,
                                                                     std::sqrt(s2)};
  }
  double mean_, sd_;
  boost::random::lognormal_distribution<double> d_;
};

/// Gamma with shape k and scale theta (mean k*theta).
class gamma {
 public:
  gamma(double shape, double scale)
      : d_((detail::require(detail::finite_positive(shape), "gamma: shape must be > 0"),
            detail::require(detail::finite_positive(scale), "gamma: scale must be > 0"), shape),
           scale) {}
  double operator()(random_stream& g) { return d_(g); }
  [[nodiscard]] double mean() const { return d_.alpha() * d_.beta(); }

 private:
  boost::random::gamma_distribution<double> d_;
};

/// Weibull with shape k and scale lambda.
class weibull {
 public:
  weibull(double shape, double scale)
      : d_((detail::require(detail::finite_positive(shape), "weibull: shape must be > 0"),
            detail::require(detail::finite_positive(scale), "weibull: scale must be > 0"), shape),
           scale) {}
  double operator()(random_stream& g) { return d_(g); }
  [[nodiscard]] double mean() const { return d_.b() * std::tgamma(1.0 + 1.0 / d_.a()); }

 private:
  boost::random::weibull_distribution<double> d_;
};

/// Triangular on [low, high] with the given mode.
class triangular {
 public:
  triangular(double low, double mode, double high)
      : d_((detail::require(std::isfinite(low) && std::isfinite(high) && low <= mode &&
                                mode <= high && low < high,
                            "triangular: need low <= mode <= high and low < high"),
            low),
           mode, high) {}
  double operator()(random_stream& g) { return d_(g); }
  [[nodiscard]] double mean() const { return (d_.a() + d_.b() + d_.c()) / 3.0; }

 private:
  boost::random::triangle_distribution<double> d_;
};

/// Uniform on [low, high).
class uniform {
 public:
  uniform(double low, double high)
      : low_((detail::require(std::isfinite(low) && std::isfinite(high) && low < high,
                              "uniform: need low < high"),
              low)),
        width_(high - low) {}
  double operator()(random_stream& g) { return low_ + width_ * g.uniform01(); }
  [[nodiscard]] double mean() const { return low_ + width_ / 2; }

 private:
  double low_, width_;
};

/// A beta distribution's two shape parameters.
struct beta_shapes {
  double alpha = 0;
  double beta = 0;
};

/// Whether a beta with this mean, in (0, 1), can have standard deviation `sd`: only if
/// sd^2 < mean (1 - mean), the variance of a 0-or-1 variable with that mean, which every other
/// variable on [0, 1] with that mean stays below. At the bound beta_shapes_of gives zero shapes.
[[nodiscard]] inline bool beta_sd_possible(double mean, double sd) {
  return sd * sd < mean * (1 - mean);
}

/// The beta with this mean and sd, by the method of moments (alpha + beta + 1 =
/// mean (1 - mean) / sd^2). Both shapes are positive when 0 < mean < 1, sd > 0 and
/// beta_sd_possible(mean, sd); sim::beta refuses anything else.
[[nodiscard]] inline beta_shapes beta_shapes_of(double mean, double sd) {
  const double common = mean * (1 - mean) / (sd * sd) - 1;
  return {mean * common, (1 - mean) * common};
}

/// Beta on [0, 1] given by its mean and standard deviation (see beta_shapes_of).
class beta {
 public:
  beta(double mean, double sd) : d_(params(mean, sd)) {}
  double operator()(random_stream& g) { return d_(g); }
  [[nodiscard]] double alpha() const { return d_.alpha(); }
  [[nodiscard]] double beta_param() const { return d_.beta(); }
  [[nodiscard]] double mean() const { return d_.alpha() / (d_.alpha() + d_.beta()); }

 private:
  static boost::random::beta_distribution<double>::param_type params(double mean, double sd) {
    detail::require(std::isfinite(mean) && mean > 0 && mean < 1, "beta: mean must be in (0, 1)");
    detail::require(detail::finite_positive(sd) && beta_sd_possible(mean, sd),
                    "beta: sd must be > 0 and sd^2 < mean * (1 - mean)");
    const beta_shapes shapes = beta_shapes_of(mean, sd);
    return boost::random::beta_distribution<double>::param_type{shapes.alpha, shapes.beta};
  }
  boost::random::beta_distribution<double> d_;
};

/// Integers 0..n-1 with the given (non-negative, not all zero) weights.
///
/// The draws are exactly those of Boost's discrete_distribution<std::int32_t, double> (Walker's
/// alias method: a bin uniform on 0..n-1 by Boost's bucket method, then a uniform on [0, 1)
/// against the bin's share, else its alias), with the alias table built as Boost builds it and the
/// bucket size worked out once: Boost's uniform_int worked it out at every draw, two 64-bit
/// divisions of the three a draw made (the emergency department draws two a patient). The tests
/// compare the two draw by draw.
class discrete {
 public:
  explicit discrete(const std::vector<double>& weights) : d_(check(weights)) {
    // Boost's alias table for real weights (discrete_distribution::init, real_alias_table).
    const std::size_t n = weights.size();
    alias_.assign(n, {0.0, 0});
    double sum = 0;
    for (double w : weights)
      sum += w;
    const double average = sum / static_cast<double>(n);
    std::vector<std::pair<double, std::int32_t>> below, above;
    for (std::size_t i = 0; i < n; ++i) {
      const std::pair<double, std::int32_t> bin{weights[i] / average, static_cast<std::int32_t>(i)};
      (bin.first < 1.0 ? below : above).push_back(bin);
    }
    auto b = below.begin();
    auto a = above.begin();
    while (b != below.end() && a != above.end()) {
      alias_[static_cast<std::size_t>(b->second)] = {b->first, a->second};
      a->first -= 1.0 - b->first;
      if (a->first < 1.0) {
        *b = *a++;
      } else {
        ++b;
      }
    }
    for (; b != below.end(); ++b)
      alias_[static_cast<std::size_t>(b->second)].first = 1.0;
    for (; a != above.end(); ++a)
      alias_[static_cast<std::size_t>(a->second)].first = 1.0;
    // Boost's uniform_int on 0..n-1 from a 64-bit generator: buckets of this size, the draws past
    // the last whole bucket rejected.
    const std::uint64_t range = n - 1;
    const std::uint64_t most = std::numeric_limits<std::uint64_t>::max();
    bucket_ = most / (range + 1);
    if (most % (range + 1) == range) ++bucket_;
  }
  std::size_t operator()(random_stream& g) {
    const std::uint64_t last = alias_.size() - 1;
    std::uint64_t bin = 0;
    if (last > 0) {  // one bin: Boost's uniform_int returns it without a draw
      do {
        bin = g() / bucket_;
      } while (bin > last);
    }
    double test = 0;  // Boost's uniform_01: a draw times 2^-64, again if it rounds to 1
    do {
      test = static_cast<double>(g()) * 0x1p-64;
    } while (!(test < 1.0));
    const auto& [share, alias] = alias_[bin];
    return test < share ? static_cast<std::size_t>(bin) : static_cast<std::size_t>(alias);
  }
  [[nodiscard]] std::vector<double> probabilities() const { return d_.probabilities(); }

 private:
  static const std::vector<double>& check(const std::vector<double>& w) {
    double total = 0;
    for (double x : w) {
      detail::require(std::isfinite(x) && x >= 0, "discrete: weights must be finite and >= 0");
      total += x;
    }
    detail::require(total > 0, "discrete: weights must not all be zero");
    return w;
  }
  boost::random::discrete_distribution<std::int32_t, double> d_;  // its probabilities
  std::vector<std::pair<double, std::int32_t>> alias_;            // per bin: share, alias
  std::uint64_t bucket_ = 1;
};

/// A continuous empirical distribution: linear interpolation between given quantiles
/// (values[i] is the quantile at probs[i]; probs from 0 to 1, both increasing).
class empirical {
 public:
  empirical(std::vector<double> probs, std::vector<double> values)
      : probs_(std::move(probs)), values_(std::move(values)) {
    detail::require(probs_.size() >= 2 && probs_.size() == values_.size(),
                    "empirical: need at least two (probability, value) points");
    detail::require(probs_.front() == 0.0 && probs_.back() == 1.0,
                    "empirical: probabilities must run from 0 to 1");
    for (std::size_t i = 1; i < probs_.size(); ++i) {
      detail::require(probs_[i] > probs_[i - 1], "empirical: probabilities must increase");
      detail::require(values_[i] >= values_[i - 1], "empirical: values must not decrease");
    }
    for (double v : values_)
      detail::require(std::isfinite(v), "empirical: values must be finite");
  }
  double operator()(random_stream& g) const { return quantile(g.uniform01()); }
  [[nodiscard]] double quantile(double u) const {
    std::size_t i = 1;
    while (i + 1 < probs_.size() && probs_[i] < u)
      ++i;
    const double w = (u - probs_[i - 1]) / (probs_[i] - probs_[i - 1]);
    return values_[i - 1] + w * (values_[i] - values_[i - 1]);
  }
  [[nodiscard]] double mean() const {
    double m = 0;
    for (std::size_t i = 1; i < probs_.size(); ++i) {
      m += (probs_[i] - probs_[i - 1]) * (values_[i] + values_[i - 1]) / 2;
    }
    return m;
  }

 private:
  std::vector<double> probs_, values_;
};

/// Poisson with the given mean.
class poisson {
 public:
  explicit poisson(double mean)
      : d_((detail::require(detail::finite_positive(mean), "poisson: mean must be > 0"), mean)) {}
  std::int64_t operator()(random_stream& g) { return d_(g); }

 private:
  boost::random::poisson_distribution<std::int64_t, double> d_;
};

/// Binomial: successes in n trials of probability p.
class binomial {
 public:
  binomial(std::int64_t n, double p)
      : d_((detail::require(n >= 0, "binomial: n must be >= 0"),
            detail::require(std::isfinite(p) && p >= 0 && p <= 1, "binomial: p must be in [0, 1]"),
            n),
           p) {}
  std::int64_t operator()(random_stream& g) { return d_(g); }

 private:
  boost::random::binomial_distribution<std::int64_t, double> d_;
};

/// Arrivals of a non-homogeneous Poisson process whose rate is constant within each slot of a
/// repeating profile (e.g. 24 hourly rates, or 168 for a week). Generated by inverting the
/// cumulative rate (Cinlar's method): the next arrival is where the integral of the rate since the
/// last one reaches an Exp(1) draw.
class piecewise_rate_arrivals {
 public:
  /// `rates[i]` arrivals per time unit during slot i; slots of length `slot`.
  piecewise_rate_arrivals(std::vector<double> rates, duration slot)
      : rates_(std::move(rates)), slot_(slot.count()) {
    detail::require(!rates_.empty(), "arrivals: the rate profile is empty");
    detail::require(detail::finite_positive(slot_), "arrivals: slot length must be > 0");
    for (double r : rates_) {
      detail::require(std::isfinite(r) && r >= 0, "arrivals: rates must be finite and >= 0");
      peak_ = std::max(peak_, r);
    }
  }

  /// The rate (per time unit) in force at t.
  [[nodiscard]] double rate_at(time_point t) const {
    const auto n = static_cast<std::int64_t>(rates_.size());
    auto slot = static_cast<std::int64_t>(std::floor(t.value() / slot_)) % n;
    if (slot < 0) slot += n;
    return rates_[static_cast<std::size_t>(slot)];
  }
  [[nodiscard]] double peak_rate() const { return peak_; }

  /// The first arrival after `from`, or time_point::never() if the profile is all zeros.
  ///
  /// By inversion of the cumulative rate: an Exp(1) amount of "rate time" is spent slot by slot,
  /// so each arrival costs one logarithm (thinning at the peak rate costs about peak/mean of them,
  /// and a uniform each; measured in issue 8). Exact for a piecewise-constant rate.
  time_point next(time_point from, random_stream& g) const {
    if (peak_ <= 0) return time_point::never();
    double left = -std::log(g.uniform01_open_low());  // Exp(1)
    double s = from.value();
    const auto n = static_cast<std::int64_t>(rates_.size());
    const double whole = std::floor(s / slot_);
    auto slot = static_cast<std::int64_t>(whole) % n;
    if (slot < 0) slot += n;
    for (std::int64_t k = 1;; ++k) {
      const double end = (whole + static_cast<double>(k)) * slot_;
      const double r = rates_[static_cast<std::size_t>(slot)];
      const double here = r * std::max(end - s, 0.0);
      if (left < here) return time_point{s + left / r};
      left -= here;
      s = std::max(s, end);
      if (++slot == n) slot = 0;
    }
  }

  /// The same process by thinning (Lewis and Shedler, 1979): candidates at the peak rate, each
  /// kept with probability rate(t) / peak; rejected candidates are never scheduled. MODELS.md
  /// prescribes this method for its benchmark model B, so tools/bench uses it there.
  time_point next_by_thinning(time_point from, random_stream& g) const {
    if (peak_ <= 0) return time_point::never();
    // The gaps by Boost's ziggurat for the exponential (exact, and a logarithm only in the rare
    // tail) rather than -log(U) / peak.
    const boost::random::exponential_distribution<double> gap(peak_);
    double s = from.value();
    for (;;) {
      s += gap(g);
      const double r = rate_at(time_point{s});
      if (r >= peak_ || g.uniform01() * peak_ < r) return time_point{s};
    }
  }

 private:
  std::vector<double> rates_;
  double slot_;
  double peak_ = 0;
};

}  // namespace strikesim::sim
