#include "strikesim/files/sweep_file.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "checked_toml.hpp"
#include "strikesim/files/charconv.hpp"

namespace strikesim::model {

namespace {

namespace fs = std::filesystem;
using detail::checked_node;
using detail::checked_table;
using detail::document;

using limits::max_range_values;

/// A number as --set text: the shortest text that reads back as the same double (as the JSON and
/// CSV writers write it, so a point's values read the same everywhere).
std::string shortest_text(double x) {
  return nlohmann::json(x).dump();
}

/// One value of a grid list, as --set text and as JSON.
void add_value(sweep_parameter& p, const checked_node& n) {
  const toml::node& node = n.node();
  if (const auto i = node.value_exact<std::int64_t>()) {
    p.texts.push_back(fmt::format("{}", *i));
    p.values.emplace_back(*i);
  } else if (const auto x = node.value_exact<double>()) {
    if (!std::isfinite(*x)) n.fail(fmt::format("must be a finite number, got {}", *x));
    p.texts.push_back(shortest_text(*x));
    p.values.emplace_back(*x);
  } else if (const auto b = node.value_exact<bool>()) {
    p.texts.emplace_back(*b ? "true" : "false");
    p.values.emplace_back(*b);
  } else if (const auto s = node.value_exact<std::string>()) {
    p.texts.push_back(*s);
    p.values.emplace_back(*s);
  } else {
    n.type_error("a number, a string or true/false");
  }
}

/// `{ from, to, step }`: from, from + step, ... up to `to` (within rounding). Integers stay
/// integers; other values are rounded to 12 significant digits so that 0.1 steps read 0.3, not
/// 0.30000000000000004.
void add_range(sweep_parameter& p, const checked_table& t) {
  t.allow_only({"from", "to", "step"});
  const checked_node from = t.get("from"), to = t.get("to"), step = t.get("step");
  const double a = from.as_number(), b = to.as_number();
  const double d = step.as_number(detail::above(0));
  if (b < a) to.fail(fmt::format("must be at least from ({}), got {}", a, b));
  const double span = (b - a) / d;  // may overflow to infinity
  if (!(span + 1 <= static_cast<double>(max_range_values)))
    step.fail(fmt::format("makes {} values; at most {} are allowed in one range",
                          std::isfinite(span) ? fmt::format("{:.0f}", std::floor(span + 1e-9) + 1)
                                              : std::string("too many"),
                          max_range_values));
  const auto n = static_cast<std::size_t>(std::floor(span + 1e-9)) + 1;
  const bool integers =
      from.node().is_integer() && to.node().is_integer() && step.node().is_integer();
  for (std::size_t i = 0; i < n; ++i) {
    if (integers) {
      const auto v = static_cast<std::int64_t>(std::llround(a + static_cast<double>(i) * d));
      p.texts.push_back(fmt::format("{}", v));
      p.values.emplace_back(v);
    } else {
      const std::string rounded = fmt::format("{:.12g}", a + static_cast<double>(i) * d);
      double v = 0;
      from_chars_double(rounded.data(), rounded.data() + rounded.size(), v);
      p.texts.push_back(shortest_text(v));
      p.values.emplace_back(v);
    }
  }
}

bool before(const source_ref& x, const source_ref& y) {
  return std::pair(x.line, x.column) < std::pair(y.line, y.column);
}

/// The grid's parameters: quoted paths ("action.participation.mean" = [...]) or dotted keys
/// (action.participation.mean = [...]), each a list of values or a range.
void read_grid(const document& doc, const checked_table& grid, const toml::table& raw,
               const std::string& prefix, std::vector<sweep_parameter>& out) {
  for (const auto& [key, value] : raw) {
    const std::string path = prefix + std::string(key.str());
    const checked_node n = *grid.find(key.str());
    sweep_parameter p;
    p.path = path;
    p.where = doc.locate(key.source());
    if (value.is_array()) {
      for (const checked_node& v : n.as_array(1, max_range_values, " (values of one path)"))
        add_value(p, v);
    } else if (value.is_table() && value.as_table()->contains("from")) {
      add_range(p, n.as_table());
    } else if (value.is_table()) {
      read_grid(doc, n.as_table(), *value.as_table(), path + ".", out);
      continue;
    } else {
      n.type_error("a list of values or a range { from, to, step }");
    }
    out.push_back(std::move(p));
  }
}

}  // namespace

std::size_t sweep_spec::points() const {
  std::size_t n = 1;
  for (const auto& axis : axes)
    n *= parameters[axis.front()].texts.size();
  return n;
}

std::vector<std::size_t> sweep_spec::value_indices(std::size_t point) const {
  std::vector<std::size_t> out(parameters.size(), 0);
  for (std::size_t a = axes.size(); a-- > 0;) {
    const std::size_t size = parameters[axes[a].front()].texts.size();
    for (const std::size_t p : axes[a])
      out[p] = point % size;
    point /= size;
  }
  return out;
}

std::vector<override_spec> sweep_spec::overrides(std::size_t point) const {
  const std::vector<std::size_t> at = value_indices(point);
  std::vector<override_spec> out;
  for (std::size_t p = 0; p < parameters.size(); ++p)
    out.push_back({parameters[p].path, parameters[p].texts[at[p]]});
  return out;
}

sweep_spec read_sweep(const fs::path& file) {
  const document doc = detail::load_document(file);
  const checked_table top = detail::only_top_table(doc, "sweep");
  top.allow_only({"name", "scenario", "replications", "seed", "grid", "zip"});
  sweep_spec s;
  s.file = doc.file;
  s.name = top.get_string("name", file.stem().string());
  const checked_node scenario = top.get("scenario");
  s.scenario_as_written = scenario.as_name();
  s.scenario = file.parent_path() / s.scenario_as_written;
  std::error_code ec;
  if (fs::equivalent(s.scenario, file, ec))
    scenario.fail("names this sweep file itself: a sweep's scenario must be a scenario file");
  {
    // Readable, and a scenario (not another sweep): reported here rather than at every point.
    const document named = detail::load_document(s.scenario, &scenario);
    if (named.root.contains("sweep"))
      scenario.fail(fmt::format("'{}' is a sweep file: a sweep's scenario must be a scenario file",
                                detail::clip(s.scenario.string())));
    if (!named.root.contains("scenario"))
      scenario.fail(fmt::format("'{}' is not a scenario file (it has no [scenario] table)",
                                detail::clip(s.scenario.string())));
  }
  if (top.has("replications"))
    s.replications = static_cast<int>(top.get_int("replications", 1, limits::max_replications));
  if (top.has("seed"))
    s.seed = static_cast<std::uint64_t>(top.get_int("seed", 0, limits::max_seed));

  const checked_node grid_node = top.get("grid");
  const checked_table grid = grid_node.as_table();
  read_grid(doc, grid, *grid_node.node().as_table(), "", s.parameters);
  if (s.parameters.empty()) grid_node.fail("the grid is empty: add a path and its values");
  if (s.parameters.size() > limits::max_sweep_paths)
    grid_node.fail(fmt::format("the grid has {} paths; at most {} are allowed", s.parameters.size(),
                               limits::max_sweep_paths));
  std::stable_sort(
      s.parameters.begin(), s.parameters.end(),
      [](const sweep_parameter& x, const sweep_parameter& y) { return before(x.where, y.where); });
  std::vector<std::string> paths;
  for (const sweep_parameter& p : s.parameters) {
    // "a.b" = [...] and a.b = [...] are different TOML keys but the same path.
    if (std::find(paths.begin(), paths.end(), p.path) != paths.end())
      throw scenario_error(p.where, "sweep.grid." + p.path,
                           "this path is given twice in the grid (once quoted, once as dotted "
                           "keys?); give it once");
    paths.push_back(p.path);
  }

  // Zipped paths share one axis and must have as many values each.
  std::vector<int> group_of(s.parameters.size(), -1);
  std::vector<std::vector<std::size_t>> groups;
  if (const auto zip = top.find("zip")) {
    for (const checked_node& g : zip->as_array()) {
      std::vector<std::size_t> members;
      for (const checked_node& name : g.as_array(2)) {
        const std::string path = name.as_string();
        const auto it = std::find(paths.begin(), paths.end(), path);
        if (it == paths.end())
          name.fail(fmt::format("'{}' is not a path of [sweep.grid]{}", path,
                                detail::suggest(path, paths)));
        const auto index = static_cast<std::size_t>(it - paths.begin());
        if (group_of[index] >= 0) name.fail(fmt::format("'{}' is zipped twice", path));
        if (s.parameters[index].texts.size() !=
            s.parameters[members.empty() ? index : members[0]].texts.size())
          name.fail(
              fmt::format("'{}' has {} values but '{}' has {}: zipped paths need as many "
                          "values each",
                          path, s.parameters[index].texts.size(), s.parameters[members[0]].path,
                          s.parameters[members[0]].texts.size()));
        group_of[index] = static_cast<int>(groups.size());
        members.push_back(index);
      }
      groups.push_back(std::move(members));
    }
  }
  std::set<int> placed;
  for (std::size_t p = 0; p < s.parameters.size(); ++p) {
    if (group_of[p] < 0) {
      s.axes.push_back({p});
    } else if (placed.insert(group_of[p]).second) {
      s.axes.push_back(groups[static_cast<std::size_t>(group_of[p])]);
    }
  }
  double points = 1;
  for (const auto& axis : s.axes)
    points *= static_cast<double>(s.parameters[axis.front()].texts.size());
  if (points > static_cast<double>(max_sweep_points))
    grid_node.fail(
        fmt::format("the grid makes {} points; at most {} are allowed",
                    points < 1e15 ? fmt::format("{:.0f}", points) : fmt::format("{:.3g}", points),
                    max_sweep_points));
  return s;
}

scenario read_point(const sweep_spec& spec, std::size_t point) {
  const std::vector<override_spec> sets = spec.overrides(point);
  try {
    return read_scenario(spec.scenario, sets);
  } catch (const scenario_error& e) {
    if (e.where().file != "--set") throw;
    // The key of a --set error is the path, or a key inside the table the path leads into.
    const sweep_parameter* culprit = &spec.parameters.front();
    for (const sweep_parameter& p : spec.parameters)
      if (e.key() == p.path || e.key().starts_with(p.path + ".") ||
          e.key().starts_with(p.path + "["))
        culprit = &p;
    const std::size_t at =
        spec.value_indices(point)[static_cast<std::size_t>(culprit - spec.parameters.data())];
    throw scenario_error(
        culprit->where, "sweep.grid." + culprit->path,
        fmt::format("value {} (point {}): {}", culprit->values[at].dump(), point,
                    e.key().empty() || e.key() == culprit->path ? e.message()
                                                                : e.key() + ": " + e.message()));
  }
}

bool is_sweep_file(const fs::path& file) {
  return detail::load_document(file).root.contains("sweep");
}

std::size_t validate_sweep(const fs::path& file) {
  const sweep_spec spec = read_sweep(file);
  for (std::size_t i = 0; i < spec.points(); ++i)
    (void)read_point(spec, i);
  return spec.points();
}

}  // namespace strikesim::model
