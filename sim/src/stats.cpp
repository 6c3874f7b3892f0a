#include <algorithm>
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
