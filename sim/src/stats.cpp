#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "strikesim/sim/stats.hpp"

namespace strikesim::sim {

void tally::merge(const tally& o) {
  if (o.n_ == 0) return;
  if (n_ == 0) {
    *this = o;
    return;
  }
  const double na = static_cast<double>(n_);
  const double nb = static_cast<double>(o.n_);
  const double delta = o.mean_ - mean_;
  const double n = na + nb;
  mean_ += delta * nb / n;
  m2_ += o.m2_ + delta * delta * na * nb / n;
  n_ += o.n_;
  min_ = std::min(min_, o.min_);
  max_ = std::max(max_, o.max_);
}

namespace {
double type7(const std::vector<double>& sorted, double p) {
  const std::size_t n = sorted.size();
  if (n == 0) return std::nan("");
  const double h = static_cast<double>(n - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= n) return sorted[n - 1];
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}
}  // namespace

double quantile_in_place(std::span<double> values, double p) {
  if (!(p >= 0 && p <= 1)) throw std::invalid_argument("quantile: p must be in [0, 1]");
  const std::size_t n = values.size();
  if (n == 0) return std::nan("");
  const double h = static_cast<double>(n - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  auto lo_it = values.begin() + static_cast<std::ptrdiff_t>(lo);
  std::nth_element(values.begin(), lo_it, values.end());
  const double a = *lo_it;
  if (lo + 1 >= n) return a;
  const double b = *std::min_element(lo_it + 1, values.end());
  return a + (h - static_cast<double>(lo)) * (b - a);
}

std::vector<double> quantiles(std::span<const double> values, std::span<const double> ps) {
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> out;
  out.reserve(ps.size());
  for (double p : ps) {
    if (!(p >= 0 && p <= 1)) throw std::invalid_argument("quantile: p must be in [0, 1]");
    out.push_back(type7(sorted, p));
  }
  return out;
}

double sample::quantile(double p) const {
  const double ps[] = {p};
  return quantiles(values_, ps).front();
}

void streaming_sample::refuse_non_finite() {
  throw std::invalid_argument("streaming_sample: observations must be finite numbers");
}

void streaming_sample::add_pending(double x) {
  if (pending_.capacity() == 0) pending_.reserve(pending_limit);
  pending_.push_back(x);
  if (pending_.size() == pending_limit) merge_pending();
}

void streaming_sample::add_exactly(double x) const {
  if (!exact_) {
    add_to_histogram(x, 1);
    return;
  }
  const auto it = pair_at(x);
  if (it != pairs_.end() && it->first == x) {
    ++it->second;
  } else if (pairs_.size() < exact_limit) {
    pairs_.insert(it, {x, 1});
  } else {
    to_histogram();
    add_to_histogram(x, 1);
  }
}

void streaming_sample::merge_pending() const {
  // Sorted in a scratch buffer of the thread's, as the arrival order is needed if this is the
  // batch that ends the exact pairs.
  thread_local std::vector<double> sorted;
  sorted.assign(pending_.begin(), pending_.end());
  std::sort(sorted.begin(), sorted.end());
  // How many of the batch's distinct values are new to the pairs.
  std::size_t fresh = 0;
  auto at = pairs_.begin();
  for (std::size_t k = 0; k < sorted.size(); ++k) {
    if (k > 0 && sorted[k] == sorted[k - 1]) continue;
    while (at != pairs_.end() && at->first < sorted[k])
      ++at;
    if (at == pairs_.end() || at->first != sorted[k]) ++fresh;
  }
  if (pairs_.size() + fresh > exact_limit) {
    // The pairs end in this batch: one at a time, in arrival order, as without the buffer.
    for (const double x : pending_)
      add_exactly(x);
    pending_.clear();
    if (!exact_) std::vector<double>().swap(pending_);
    return;
  }
  // Merge from the back, in place: old pairs above a value move up past the new ones.
  std::size_t old = pairs_.size(), k = sorted.size(), write = old + fresh;
  pairs_.resize(write);
  while (k > 0) {
    const double v = sorted[k - 1];
    std::uint64_t n = 0;
    for (; k > 0 && sorted[k - 1] == v; --k)
      ++n;
    for (; old > 0 && pairs_[old - 1].first > v; --old)
      pairs_[--write] = pairs_[old - 1];
    if (old > 0 && pairs_[old - 1].first == v) {
      n += pairs_[old - 1].second;
      --old;
    }
    pairs_[--write] = {v, n};
  }
  pending_.clear();
}

double streaming_sample::relative_accuracy() const {
  settle();
  if (exact_) return 0;
  const double gamma = std::exp(log_gamma_);
  return (gamma - 1) / (gamma + 1);
}

void streaming_sample::to_histogram() const {
  exact_ = false;
  log_gamma_ = std::log1p(initial_accuracy) - std::log1p(-initial_accuracy);
  for (const auto& [x, n] : pairs_)
    add_to_histogram(x, n);
  std::vector<std::pair<double, std::uint64_t>>().swap(pairs_);
}

void streaming_sample::add_to_histogram(double x, std::uint64_t n) const {
  if (x == 0) {
    zeros_ += n;
    return;
  }
  bucket_store& store = x > 0 ? positive_ : negative_;
  for (;;) {
    const auto i = static_cast<std::int64_t>(std::ceil(std::log(std::abs(x)) / log_gamma_));
    if (store.fits(i)) {
      store.add(i, n);
      return;
    }
    // gamma squared: bucket i of the old gamma lies in bucket ceil(i / 2) of the new one.
    positive_.collapse();
    negative_.collapse();
    log_gamma_ *= 2;
  }
}

bool streaming_sample::bucket_store::fits(std::int64_t i) const {
  if (hi < lo) return true;
  return std::max(hi, i) - std::min(lo, i) < static_cast<std::int64_t>(max_buckets);
}

void streaming_sample::bucket_store::add(std::int64_t i, std::uint64_t n) {
  const auto size = static_cast<std::int64_t>(counts.size());
  if (i < offset || i >= offset + size) {
    // Grow to hold [lo, hi] and i, with as much room again in the direction of growth (at most
    // max_buckets in all), so that a run of new extremes costs amortized constant time.
    const std::int64_t new_lo = hi < lo ? i : std::min(lo, i);
    const std::int64_t new_hi = hi < lo ? i : std::max(hi, i);
    const std::int64_t span = new_hi - new_lo + 1;
    const std::int64_t room = std::min(span, static_cast<std::int64_t>(max_buckets) - span);
    const std::int64_t first = i < lo ? new_lo - room : new_lo;
    std::vector<std::uint64_t> grown(static_cast<std::size_t>(span + room), 0);
    for (std::int64_t k = lo; k <= hi; ++k)
      grown[static_cast<std::size_t>(k - first)] = counts[static_cast<std::size_t>(k - offset)];
    counts.swap(grown);
    offset = first;
  }
  counts[static_cast<std::size_t>(i - offset)] += n;
  if (hi < lo) {
    lo = hi = i;
  } else {
    lo = std::min(lo, i);
    hi = std::max(hi, i);
  }
}

void streaming_sample::bucket_store::collapse() {
  if (hi < lo) return;
  const auto half = [](std::int64_t i) { return i >= 0 ? (i + 1) / 2 : -(-i / 2); };  // ceil(i/2)
  const std::int64_t new_lo = half(lo), new_hi = half(hi);
  std::vector<std::uint64_t> merged(static_cast<std::size_t>(new_hi - new_lo + 1), 0);
  for (std::int64_t k = lo; k <= hi; ++k)
    merged[static_cast<std::size_t>(half(k) - new_lo)] +=
        counts[static_cast<std::size_t>(k - offset)];
  counts.swap(merged);
  offset = lo = new_lo;
  hi = new_hi;
}

double streaming_sample::bucket_value(std::int64_t i) const {
  const double gamma = std::exp(log_gamma_);
  return 2 * std::exp(static_cast<double>(i) * log_gamma_) / (gamma + 1);
}

double streaming_sample::order_statistic(std::uint64_t k) const {
  settle();
  if (exact_) {
    for (const auto& [x, n] : pairs_) {
      if (k < n) return x;
      k -= n;
    }
    return pairs_.back().first;
  }
  // The extremes are known exactly. Then the most negative first: the negative buckets from the
  // highest index down, zeros, the positive buckets up.
  if (k == 0) return min_;
  if (k + 1 == n_) return max_;
  for (std::int64_t i = negative_.hi; i >= negative_.lo; --i) {
    const std::uint64_t n = negative_.counts[static_cast<std::size_t>(i - negative_.offset)];
    if (k < n) return std::clamp(-bucket_value(i), min_, max_);
    k -= n;
  }
  if (k < zeros_) return 0.0;
  k -= zeros_;
  for (std::int64_t i = positive_.lo; i <= positive_.hi; ++i) {
    const std::uint64_t n = positive_.counts[static_cast<std::size_t>(i - positive_.offset)];
    if (k < n) return std::clamp(bucket_value(i), min_, max_);
    k -= n;
  }
  return max_;
}

double streaming_sample::quantile(double p) const {
  if (!(p >= 0 && p <= 1)) throw std::invalid_argument("quantile: p must be in [0, 1]");
  if (n_ == 0) return std::nan("");
  // As type7 above, with the order statistics read from the pairs or the histogram.
  const double h = static_cast<double>(n_ - 1) * p;
  const auto lo = static_cast<std::uint64_t>(std::floor(h));
  const double a = order_statistic(lo);
  if (lo + 1 >= n_) return a;
  const double b = order_statistic(lo + 1);
  return a + (h - static_cast<double>(lo)) * (b - a);
}

batch_means_result batch_means(std::span<const double> series, std::size_t batches) {
  if (batches < 2) throw std::invalid_argument("batch_means: need at least two batches");
  const std::size_t size = series.size() / batches;
  if (size == 0) throw std::invalid_argument("batch_means: fewer observations than batches");
  tally of_means;
  for (std::size_t b = 0; b < batches; ++b) {
    double sum = 0;
    for (std::size_t i = b * size; i < (b + 1) * size; ++i)
      sum += series[i];
    of_means.add(sum / static_cast<double>(size));
  }
  return {of_means.mean(), of_means.sd() / std::sqrt(static_cast<double>(batches)), batches};
}

}  // namespace strikesim::sim
