#pragma once
/// Statistics collectors: Welford tallies, time-weighted averages, quantiles, streamed
/// distributions and counters.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <utility>
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

/// A distribution of observations in memory that does not grow with their number: count, mean,
/// sample standard deviation, min, max and type-7 quantiles (as `quantiles`).
///
/// While it has seen at most `exact_limit` distinct values it keeps them exactly, as sorted
/// (value, count) pairs, and a quantile is the one `quantiles` gives, bit for bit (the same order
/// statistics, interpolated by the same expression). 2,048 pairs are 32 KiB: figures that are
/// counts (operations, slots, days) seldom have that many distinct values and stay exact for any
/// number of observations, and a real-valued figure (a share, minutes) stays exact up to 2,048.
///
/// Past that, the pairs become a relative-error histogram (DDSketch: Masson, Rim and Lee, VLDB
/// 2019): bucket i of the positive values holds those in (gamma^(i-1), gamma^i], gamma = (1 + a) /
/// (1 - a); negative values are mirrored in buckets of their own and zeros counted apart. A
/// bucket reads as 2 gamma^i / (gamma + 1) (clamped to [min, max], which are kept exactly and
/// are the first and last order statistics), within relative error a of
/// every value in it, so each order statistic is within relative error a of the exact one, and
/// so is a quantile (a weighted mean of two of them; when those two differ in sign, the error is
/// within a of the larger magnitude). a starts at `initial_accuracy` (1e-4). The buckets of each
/// sign span at most `max_buckets` (8,192) consecutive indices, 64 KiB of counts, which holds
/// values within a factor of 5.1 of each other at a = 1e-4; a wider range merges neighbouring
/// buckets in pairs (gamma squared, a about doubled: a factor of 26 at 2e-4, 700 at 4e-4, 490,000
/// at 8e-4; the uniform collapse of Epicoco et al., 2020), so memory is bounded by the value range
/// and, whatever the values, by 2 x 64 KiB. `relative_accuracy()` says which a applies.
///
/// While exact, an observation of a value the pairs hold is counted there at once (figures that
/// are counts mostly repeat a few values); other new observations wait in a buffer of
/// `pending_limit` and are sorted and merged into the pairs together (one pass over the pairs for
/// many observations, instead of a shift of half of them for each); the buffer is settled before
/// anything reads the pairs, and if it would take the pairs past `exact_limit` it is replayed one
/// observation at a time in arrival order, so the result is the same as adding each observation to
/// the pairs as it comes. (Reading is then not safe from two threads at once.) Zeros are held as
/// +0.
///
/// The mean is a compensated (Neumaier) sum over the count, exact for integers below 2^53; the
/// variance is Welford's running update. Both depend on the order of `add`: callers that want the
/// same bits whatever the thread count add in a fixed order (model::run_replications folds
/// replications in their order). NaN and infinities are refused (std::invalid_argument): they
/// have no place in an order or a histogram.
class streaming_sample {
 public:
  static constexpr std::size_t exact_limit = 2048;
  static constexpr std::size_t max_buckets = 8192;
  static constexpr double initial_accuracy = 1e-4;
  static constexpr std::size_t pending_limit = 32;

  /// Adds one observation (defined here, as a replication folds in a few thousand).
  void add(double x) {
    if (!std::isfinite(x)) refuse_non_finite();
    ++n_;
    const double t = sum_ + x;
    compensation_ += std::abs(sum_) >= std::abs(x) ? (sum_ - t) + x : (x - t) + sum_;
    sum_ = t;
    const double delta = x - running_mean_;
    running_mean_ += delta / static_cast<double>(n_);
    m2_ += delta * (x - running_mean_);
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
    if (!exact_) {
      add_to_histogram(x, 1);
      return;
    }
    const double v = x == 0 ? 0.0 : x;
    // A value the pairs hold already is counted there now: it adds no distinct value, so the
    // pairs end (if they do) at the same observation, and its count moves into the histogram with
    // them.
    const auto it = pair_at(v);
    if (it != pairs_.end() && it->first == v) {
      ++it->second;
      return;
    }
    add_pending(v);
  }

  [[nodiscard]] std::uint64_t count() const { return n_; }
  /// NaN if empty.
  [[nodiscard]] double mean() const {
    return n_ > 0 ? (sum_ + compensation_) / static_cast<double>(n_) : std::nan("");
  }
  /// Sample variance (divides by n - 1); NaN below two observations.
  [[nodiscard]] double variance() const {
    return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : std::nan("");
  }
  [[nodiscard]] double sd() const { return std::sqrt(variance()); }
  [[nodiscard]] double min() const { return min_; }
  [[nodiscard]] double max() const { return max_; }
  /// The p-quantile (type 7), NaN if empty; exact while `exact()`.
  [[nodiscard]] double quantile(double p) const;
  [[nodiscard]] bool exact() const {
    settle();
    return exact_;
  }
  /// 0 while exact, else the relative error bound a of the histogram.
  [[nodiscard]] double relative_accuracy() const;
  /// (value, count) pairs while exact, else buckets held in memory (both signs).
  [[nodiscard]] std::size_t stored() const {
    settle();
    return exact_ ? pairs_.size() : positive_.counts.size() + negative_.counts.size();
  }

 private:
  /// Counts of consecutive bucket indices: counts[k] is bucket offset + k; [lo, hi] hold values.
  struct bucket_store {
    std::vector<std::uint64_t> counts;
    std::int64_t offset = 0, lo = 0, hi = -1;
    [[nodiscard]] bool fits(std::int64_t i) const;
    void add(std::int64_t i, std::uint64_t n);
    void collapse();
  };
  /// Merges the pending observations into the pairs (or replays them, see above).
  void settle() const {
    if (!pending_.empty()) merge_pending();
  }
  /// Where value v is in the pairs, or would go (they are sorted by value).
  [[nodiscard]] std::vector<std::pair<double, std::uint64_t>>::iterator pair_at(double v) const {
    return std::lower_bound(pairs_.begin(), pairs_.end(), v,
                            [](const auto& pair, double w) { return pair.first < w; });
  }
  [[noreturn]] static void refuse_non_finite();
  void add_pending(double x);  // to the buffer, merged when full
  void merge_pending() const;
  void add_exactly(double x) const;  // to the pairs, or into the histogram past exact_limit
  void to_histogram() const;
  void add_to_histogram(double x, std::uint64_t n) const;
  /// The k-th smallest observation (from 0), or its bucket's value once a histogram.
  [[nodiscard]] double order_statistic(std::uint64_t k) const;
  [[nodiscard]] double bucket_value(std::int64_t i) const;

  // Settling the pending observations changes what follows, so const readers may do it.
  mutable std::vector<double> pending_;  // while exact: observations not yet in pairs_, in order
  mutable std::vector<std::pair<double, std::uint64_t>> pairs_;  // sorted by value, while exact
  mutable bool exact_ = true;
  mutable bucket_store positive_, negative_;  // negative_ holds -x
  mutable std::uint64_t zeros_ = 0;
  mutable double log_gamma_ = 0;
  std::uint64_t n_ = 0;
  double sum_ = 0, compensation_ = 0;  // Neumaier
  double running_mean_ = 0, m2_ = 0;   // Welford
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
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
