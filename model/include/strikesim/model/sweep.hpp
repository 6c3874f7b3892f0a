#pragma once
/// Sweeps: a base scenario and a grid of `--set` values, run point by point.
///
///     [sweep]
///     name = "Kingston: turnout against the planning percentile"
///     scenario = "../runs/kingston/2016-01-12.toml"   # relative to this file
///     replications = 200                               # optional: else the scenario's
///     zip = [["action.window[0].start", "action.window[0].end"]]   # optional: vary together
///
///     [sweep.grid]
///     "action.participation.mean" = [0.5, 0.7, 0.9]
///     "policy.plan_percentile" = { from = 0.5, to = 0.9, step = 0.1 }
///
/// Points are the cartesian product of the axes in file order, the first axis varying slowest;
/// zipped paths form one axis. Every point uses the same seed (common random numbers), so
/// neighbouring points differ by the change of input, not by sampling noise.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "strikesim/model/limits.hpp"
#include "strikesim/model/reader.hpp"
#include "strikesim/model/results.hpp"

namespace strikesim::model {

struct sweep_parameter {
  std::string path;                    // a --set path
  source_ref where;                    // its key in the sweep file
  std::vector<std::string> texts;      // each value as --set text
  std::vector<nlohmann::json> values;  // each value as written (number, string or boolean)
};

struct sweep_spec {
  std::string file;  // the sweep file
  std::string name;
  std::filesystem::path scenario;  // resolved against the sweep file's folder
  std::string scenario_as_written;
  std::optional<int> replications;
  std::optional<std::uint64_t> seed;
  std::vector<sweep_parameter> parameters;     // in file order
  std::vector<std::vector<std::size_t>> axes;  // parameter indices; zipped ones share an axis

  [[nodiscard]] std::size_t points() const;
  /// The value index of every parameter at `point`.
  [[nodiscard]] std::vector<std::size_t> value_indices(std::size_t point) const;
  [[nodiscard]] std::vector<override_spec> overrides(std::size_t point) const;
};

/// The largest grid a sweep file may make (limits.hpp).
inline constexpr std::size_t max_sweep_points = limits::max_sweep_points;

/// Reads and checks a sweep file (not yet the scenario it names: see read_point).
sweep_spec read_sweep(const std::filesystem::path& file);

/// True when the file's top table is [sweep] (the file is parsed, not checked).
bool is_sweep_file(const std::filesystem::path& file);

/// Checks a sweep file and the scenario of every point; returns the number of points.
std::size_t validate_sweep(const std::filesystem::path& file);

/// The scenario of one point. A value the scenario refuses is reported at its key in the sweep
/// file, with the point it belongs to.
scenario read_point(const sweep_spec& spec, std::size_t point);

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

/// What a sweep directory records of its sweep, so that a resumed run or a merge can tell that
/// the points were made by the same sweep (`strikesim.sweep-plan/1`).
nlohmann::ordered_json sweep_plan(const sweep_spec& spec, int replications, std::uint64_t seed,
                                  const std::string& version);

/// One finished point: its values and the headline figures of the total and each trust.
nlohmann::ordered_json sweep_point(const sweep_spec& spec, std::size_t point,
                                   const outcome_summary& summary);

/// The whole sweep (`strikesim.sweep/1`), from the plan and every point in order.
nlohmann::ordered_json sweep_document(const nlohmann::ordered_json& plan,
                                      const std::vector<nlohmann::ordered_json>& points);

/// Standardized regression coefficients (SRC): the least-squares fit of the standardized response
/// on the standardized inputs (Eigen), so each coefficient is the change of the response, in its
/// standard deviations, per standard deviation of that input, the others held fixed.
struct regression_fit {
  std::vector<std::optional<double>> src;  // per column; none for a column that does not vary
  std::optional<double> r2;                // none when the response does not vary
};
regression_fit standardized_regression(const std::vector<std::vector<double>>& columns,
                                       const std::vector<double>& response);

/// What drives the numbers: for each headline figure of the total, the SRC of every numeric (or
/// true/false) swept path and R^2, ranked by the size of the coefficient.
nlohmann::ordered_json sweep_sensitivity(const nlohmann::ordered_json& plan,
                                         const std::vector<nlohmann::ordered_json>& points);
/// The same as CSV: metric, parameter, src, r2.
std::string sensitivity_csv(const nlohmann::ordered_json& sensitivity);

/// Tidy CSV: one row per point, trust (or "total") and metric; one column per swept path.
std::string sweep_csv(const nlohmann::ordered_json& plan,
                      const std::vector<nlohmann::ordered_json>& points);

}  // namespace strikesim::model
