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
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "strikesim/files/reader.hpp"
#include "strikesim/hospital/limits.hpp"

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

}  // namespace strikesim::model
