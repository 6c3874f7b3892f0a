#pragma once
/// Running a sweep's points: how they share the threads, and what drives the numbers
/// (standardized regression coefficients over the points).

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "strikesim/analysis/memory.hpp"

namespace strikesim::model {

/// How a sweep spreads its threads. Reading and planning a point run on one thread, and so does
/// the fold of its replications, so a sweep of many points with few replications each is
/// faster run several points at once, each on its share of the threads, than one point at a
/// time on all of them. The bytes of a point do not depend on either (each point has its own
/// seed streams and folds its replications in order).
struct sweep_layout {
  int concurrent_points = 1;
  int threads_per_point = 1;
};

/// The layout for `points` points to run on `threads` threads: as many points at once as there
/// are threads (or points, if fewer), each on threads / that many, provided that many runs at
/// once fit in `max_bytes` by `largest` (the largest point's estimate); else one point at a time
/// on all threads.
sweep_layout choose_sweep_layout(std::size_t points, int threads, int replications,
                                 const memory_estimate& largest, double max_bytes);

/// Calls `run(i)` for each of `items` on `workers` threads (the calling thread among them),
/// taking items in order. The first failure, in the order of `items`, is rethrown once every
/// worker has stopped; after a failure no new item is started.
void run_concurrently(std::span<const std::size_t> items, int workers,
                      const std::function<void(std::size_t)>& run);

/// Standardized regression coefficients (SRC): the least-squares fit of the standardized response
/// on the standardized inputs (Eigen), so each coefficient is the change of the response, in its
/// standard deviations, per standard deviation of that input, the others held fixed.
struct regression_fit {
  std::vector<std::optional<double>> src;  // per column; none for a column that does not vary
  /// Per column, the standard error of its coefficient (ordinary least squares: the residual
  /// variance over n - p - 1 times the diagonal of the inverse of X'X, a pseudo-inverse for
  /// collinear inputs); none where src is none or no degree of freedom is left.
  std::vector<std::optional<double>> se;
  std::optional<double> r2;  // none when the response does not vary
};
regression_fit standardized_regression(const std::vector<std::vector<double>>& columns,
                                       const std::vector<double>& response);

}  // namespace strikesim::model
