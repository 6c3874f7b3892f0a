#include "strikesim/analysis/sweep.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>

#include <Eigen/Dense>

#include "strikesim/analysis/in_order.hpp"

namespace strikesim::model {

sweep_layout choose_sweep_layout(std::size_t points, int threads, int replications,
                                 const memory_estimate& largest, double max_bytes) {
  threads = std::max(1, threads);
  const int concurrent =
      static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(threads), points));
  if (concurrent < 2) return {1, threads};
  const int each = threads / concurrent;
  const double need =
      static_cast<double>(concurrent) *
      static_cast<double>(largest.total(replications, std::min(each, replications)));
  if (need > max_bytes) return {1, threads};
  return {concurrent, each};
}

void run_concurrently(std::span<const std::size_t> items, int workers,
                      const std::function<void(std::size_t)>& run) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex failed;
  std::size_t failed_at = items.size();  // the first failed position, under `failed`
  std::exception_ptr failure;
  const auto worker = [&] {
    // An item once taken is run, so every item before a failed one has run and the failure
    // reported is the first in item order, whatever the timing.
    while (!stop) {
      const std::size_t k = next++;
      if (k >= items.size()) break;
      try {
        run(items[k]);
      } catch (...) {
        const std::lock_guard lock(failed);
        if (k < failed_at) {
          failed_at = k;
          failure = std::current_exception();
        }
        stop = true;
      }
    }
  };
  detail::on_threads(std::min(items.size(), static_cast<std::size_t>(std::max(1, workers))),
                     worker);
  if (failure) std::rethrow_exception(failure);
}

regression_fit standardized_regression(const std::vector<std::vector<double>>& columns,
                                       const std::vector<double>& response) {
  regression_fit fit;
  fit.src.assign(columns.size(), std::nullopt);
  fit.se.assign(columns.size(), std::nullopt);
  const auto n = static_cast<Eigen::Index>(response.size());
  const auto standardize = [&](const std::vector<double>& v, Eigen::VectorXd& out) {
    const Eigen::Map<const Eigen::VectorXd> x(v.data(), n);
    const double mean = x.mean();
    const double sd = n > 1 ? std::sqrt((x.array() - mean).square().sum() / double(n - 1)) : 0.0;
    if (!(sd > 1e-12 * std::max(1.0, std::abs(mean)))) return false;
    out = (x.array() - mean) / sd;
    return true;
  };
  Eigen::VectorXd y;
  if (n < 3 || !standardize(response, y)) return fit;
  std::vector<std::size_t> used;
  std::vector<Eigen::VectorXd> cols;
  for (std::size_t j = 0; j < columns.size(); ++j) {
    Eigen::VectorXd c;
    if (standardize(columns[j], c)) {
      used.push_back(j);
      cols.push_back(std::move(c));
    }
  }
  if (used.empty()) {
    fit.r2 = 0.0;
    return fit;
  }
  Eigen::MatrixXd x(n, static_cast<Eigen::Index>(used.size()));
  for (std::size_t k = 0; k < used.size(); ++k)
    x.col(static_cast<Eigen::Index>(k)) = cols[k];
  // Minimum-norm least squares: zipped (collinear) inputs share their effect.
  const Eigen::VectorXd beta = x.completeOrthogonalDecomposition().solve(y);
  const double ss_res = (y - x * beta).squaredNorm();
  const double ss_tot = y.squaredNorm();
  fit.r2 = 1.0 - ss_res / ss_tot;
  for (std::size_t k = 0; k < used.size(); ++k)
    fit.src[used[k]] = beta(static_cast<Eigen::Index>(k));
  const Eigen::Index dof = n - static_cast<Eigen::Index>(used.size()) - 1;
  if (dof > 0) {
    const Eigen::MatrixXd inverse =
        (x.transpose() * x).completeOrthogonalDecomposition().pseudoInverse();
    const double residual_variance = ss_res / static_cast<double>(dof);
    for (std::size_t k = 0; k < used.size(); ++k) {
      const auto i = static_cast<Eigen::Index>(k);
      fit.se[used[k]] = std::sqrt(std::max(0.0, residual_variance * inverse(i, i)));
    }
  }
  return fit;
}

}  // namespace strikesim::model
