#pragma once
/// Statistics collectors: Welford tallies, time-weighted averages, quantiles and counters.

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "strikesim/sim/time.hpp"

namespace strikesim::sim {

/// Running count, mean, variance, min and max of observations (Welford's algorithm, which does
/// not lose precision the way sum-of-squares does).
class tally {
 public:
  void add(double x) {
    ++n_;
    const double delta = x - mean_;
    mean_ += delta / static_cast<double>(n_);
    m2_ += delta * (x - mean_);
    if (x < min_) min_ = x;
    if (x > max_) max_ = x;
  }
  /// Combines another tally (Chan et al.'s parallel update).
  void merge(const tally& o);

  [[nodiscard]] std::uint64_t count() const { return n_; }
  [[nodiscard]] double mean() const { return n_ > 0 ? mean_ : std::nan(""); }
  /// Sample variance (divides by n - 1).
  [[nodiscard]] double variance() const {
    return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : std::nan("");
  }
  [[nodiscard]] double sd() const { return std::sqrt(variance()); }
  [[nodiscard]] double min() const { return min_; }
  [[nodiscard]] double max() const { return max_; }
  [[nodiscard]] double sum() const { return mean_ * static_cast<double>(n_); }

 private:
  std::uint64_t n_ = 0;
  double mean_ = 0;
  double m2_ = 0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

/// The time average of a piecewise-constant quantity (queue length, busy servers).
class time_weighted {
 public:
  explicit time_weighted(time_point start = time_point::start(), double initial = 0)
      : start_(start), last_(start), value_(initial), max_(initial) {}

  /// The quantity changes to `value` at `t` (t never before the last change).
  void set(time_point t, double value) {
    area_ += value_ * (t - last_).count();
    last_ = t;
    value_ = value;
    if (value > max_) max_ = value;
  }
  void add(time_point t, double delta) { set(t, value_ + delta); }

  [[nodiscard]] double current() const { return value_; }
  [[nodiscard]] double max() const { return max_; }
  /// The area under the curve from the start to `t`.
  [[nodiscard]] double integral(time_point t) const { return area_ + value_ * (t - last_).count(); }
  /// The average over [start, t].
  [[nodiscard]] double mean(time_point t) const {
    const double span = (t - start_).count();
    return span > 0 ? integral(t) / span : value_;
  }

 private:
  time_point start_, last_;
  double value_;
  double max_;
  double area_ = 0;
};

/// A plain event counter.
class counter {
 public:
  void add(std::uint64_t n = 1) { n_ += n; }
  [[nodiscard]] std::uint64_t count() const { return n_; }

 private:
  std::uint64_t n_ = 0;
};

/// The p-quantile of `values` by linear interpolation between order statistics (Hyndman and
/// Fan type 7, the default of R and NumPy: h = (n - 1) p). Reorders `values`. NaN if empty.
double quantile_in_place(std::span<double> values, double p);

/// Several quantiles at once of a sorted copy of `values`.
std::vector<double> quantiles(std::span<const double> values, std::span<const double> ps);

/// Keeps every observation, for quantiles.
class sample {
 public:
  void reserve(std::size_t n) { values_.reserve(n); }
  void add(double x) { values_.push_back(x); }
  void clear() { values_.clear(); }
  [[nodiscard]] std::size_t size() const { return values_.size(); }
  [[nodiscard]] std::span<const double> values() const { return values_; }
  [[nodiscard]] double quantile(double p) const;

 private:
  std::vector<double> values_;
};

/// Batch means: the mean of a correlated series and its standard error from `batches` equal
/// consecutive batches (the tail that does not fill a batch is dropped).
struct batch_means_result {
  double mean = 0;
  double standard_error = 0;
  std::size_t batches = 0;
};
batch_means_result batch_means(std::span<const double> series, std::size_t batches);

}  // namespace strikesim::sim
