#include "strikesim/model/sweep.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <exception>
#include <map>
#include <mutex>
#include <set>

#include <Eigen/Dense>

#include "checked_toml.hpp"
#include "strikesim/model/in_order.hpp"

namespace strikesim::model {

namespace {

namespace fs = std::filesystem;
using detail::checked_node;
using detail::checked_table;
using detail::document;

using limits::max_range_values;

/// One value of a grid list, as --set text and as JSON.
void add_value(sweep_parameter& p, const checked_node& n) {
  const toml::node& node = n.node();
  if (const auto i = node.value_exact<std::int64_t>()) {
    p.texts.push_back(fmt::format("{}", *i));
    p.values.emplace_back(*i);
  } else if (const auto x = node.value_exact<double>()) {
    if (!std::isfinite(*x)) n.fail(fmt::format("must be a finite number, got {}", *x));
    p.texts.push_back(number_text(*x));
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
      std::from_chars(rounded.data(), rounded.data() + rounded.size(), v);
      p.texts.push_back(number_text(v));
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
  const checked_table root(doc, doc.root, "");
  if (!root.has("sweep"))
    throw scenario_error({doc.file, 0, 0}, "",
                         doc.root.empty() ? "the file is empty: expected a [sweep] table"
                                          : "not a sweep file: expected a [sweep] table");
  root.allow_only({"sweep"});
  const checked_table top = root.get("sweep").as_table();
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

nlohmann::ordered_json sweep_plan(const sweep_spec& spec, int replications, std::uint64_t seed,
                                  const std::string& version) {
  nlohmann::ordered_json j;
  j["schema"] = "strikesim.sweep-plan/1";
  j["name"] = spec.name;
  j["sweep_file"] = fs::path(spec.file).filename().string();
  j["scenario"] = spec.scenario_as_written;
  j["replications"] = replications;
  j["seed"] = seed;
  j["version"] = version;
  auto& params = j["parameters"];
  params = nlohmann::ordered_json::array();
  for (const sweep_parameter& p : spec.parameters)
    params.push_back(p.path);
  auto& axes = j["axes"];
  axes = nlohmann::ordered_json::array();
  for (const auto& axis : spec.axes) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const std::size_t p : axis)
      a.push_back(spec.parameters[p].path);
    axes.push_back(std::move(a));
  }
  auto& points = j["points"];
  points = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < spec.points(); ++i) {
    const std::vector<std::size_t> at = spec.value_indices(i);
    nlohmann::ordered_json pj;
    pj["point"] = i;
    for (std::size_t p = 0; p < spec.parameters.size(); ++p)
      pj["values"][spec.parameters[p].path] = spec.parameters[p].values[at[p]];
    points.push_back(std::move(pj));
  }
  return j;
}

nlohmann::ordered_json sweep_point(const sweep_spec& spec, std::size_t point,
                                   const outcome_summary& summary) {
  const prepared_scenario& prep = summary.prep();
  auto metrics = [&](std::size_t index) {
    nlohmann::ordered_json m = nlohmann::ordered_json::object();
    for (const headline& h : headline_metrics(summary, index))
      m[h.key] = stat_to_json(h.value);
    return m;
  };
  const std::vector<std::size_t> at = spec.value_indices(point);
  nlohmann::ordered_json j;
  j["point"] = point;
  for (std::size_t p = 0; p < spec.parameters.size(); ++p)
    j["values"][spec.parameters[p].path] = spec.parameters[p].values[at[p]];
  j["total"] = metrics(all_trusts);
  auto& trusts = j["trusts"];
  trusts = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < prep.trusts.size(); ++i) {
    nlohmann::ordered_json t;
    t["id"] = prep.trusts[i].source->id;
    t["name"] = prep.trusts[i].source->name;
    t["metrics"] = metrics(i);
    trusts.push_back(std::move(t));
  }
  return j;
}

nlohmann::ordered_json sweep_document(const nlohmann::ordered_json& plan,
                                      const std::vector<nlohmann::ordered_json>& points) {
  nlohmann::ordered_json doc;
  doc["schema"] = "strikesim.sweep/1";
  nlohmann::ordered_json about = plan;
  about.erase("schema");
  about.erase("points");
  doc["sweep"] = std::move(about);
  doc["points"] = points;
  doc["sensitivity"] = sweep_sensitivity(plan, points);
  return doc;
}

regression_fit standardized_regression(const std::vector<std::vector<double>>& columns,
                                       const std::vector<double>& response) {
  regression_fit fit;
  fit.src.assign(columns.size(), std::nullopt);
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
  return fit;
}

nlohmann::ordered_json sweep_sensitivity(const nlohmann::ordered_json& plan,
                                         const std::vector<nlohmann::ordered_json>& points) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  std::vector<std::string> paths;
  std::vector<std::vector<double>> columns;
  for (const auto& p : plan.at("parameters")) {
    const std::string path = p.get<std::string>();
    std::vector<double> column;
    bool numeric = true;
    for (const auto& pt : points) {
      const auto& v = pt.at("values").at(path);
      if (v.is_number())
        column.push_back(v.get<double>());
      else if (v.is_boolean())
        column.push_back(v.get<bool>() ? 1.0 : 0.0);
      else
        numeric = false;
    }
    if (!numeric) continue;  // a list of files or names has no scale
    paths.push_back(path);
    columns.push_back(std::move(column));
  }
  if (points.empty()) return out;
  for (const auto& [metric, unused] : points.front().at("total").items()) {
    std::vector<double> y;
    for (const auto& pt : points)
      y.push_back(pt.at("total").at(metric).at("mean").get<double>());
    const regression_fit fit = standardized_regression(columns, y);
    nlohmann::ordered_json m;
    m["r2"] = fit.r2 ? nlohmann::ordered_json(*fit.r2) : nlohmann::ordered_json(nullptr);
    std::vector<std::size_t> order(paths.size());
    for (std::size_t j = 0; j < order.size(); ++j)
      order[j] = j;
    const auto size = [&](std::size_t j) { return fit.src[j] ? std::abs(*fit.src[j]) : -1.0; };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return size(a) > size(b); });
    auto& ranked = m["coefficients"];
    ranked = nlohmann::ordered_json::array();
    for (const std::size_t j : order) {
      nlohmann::ordered_json c;
      c["parameter"] = paths[j];
      c["src"] = fit.src[j] ? nlohmann::ordered_json(*fit.src[j]) : nlohmann::ordered_json(nullptr);
      ranked.push_back(std::move(c));
    }
    out[metric] = std::move(m);
  }
  return out;
}

std::string sensitivity_csv(const nlohmann::ordered_json& sensitivity) {
  std::string out = "metric,parameter,src,r2\n";
  for (const auto& [metric, m] : sensitivity.items()) {
    const std::string r2 = m.at("r2").is_null() ? "" : number_text(m.at("r2").get<double>());
    for (const auto& c : m.at("coefficients")) {
      const std::string src = c.at("src").is_null() ? "" : number_text(c.at("src").get<double>());
      out += fmt::format("{},{},{},{}\n", csv_field(metric),
                         csv_field(c.at("parameter").get<std::string>()), src, r2);
    }
  }
  return out;
}

std::string sweep_csv(const nlohmann::ordered_json& plan,
                      const std::vector<nlohmann::ordered_json>& points) {
  std::string out = "point";
  for (const auto& p : plan.at("parameters")) {
    out += ',';
    out += csv_field(p.get<std::string>());
  }
  out += ",trust,metric,mean,sd,p05,p50,p95,ci95_lo,ci95_hi\n";
  auto rows = [&](const std::string& lead, const std::string& trust,
                  const nlohmann::ordered_json& metrics) {
    for (const auto& [key, st] : metrics.items()) {
      out += fmt::format("{}{},{}", lead, csv_field(trust), csv_field(key));
      for (const char* s : {"mean", "sd", "p05", "p50", "p95"})
        out += fmt::format(",{}", number_text(st.at(s).get<double>()));
      out += fmt::format(",{},{}\n", number_text(st.at("ci95")[0].get<double>()),
                         number_text(st.at("ci95")[1].get<double>()));
    }
  };
  for (const auto& pt : points) {
    std::string lead = fmt::format("{},", pt.at("point").get<std::size_t>());
    for (const auto& p : plan.at("parameters")) {
      const auto& v = pt.at("values").at(p.get<std::string>());
      lead += fmt::format("{},", v.is_string() ? csv_field(v.get<std::string>()) : v.dump());
    }
    for (const auto& t : pt.at("trusts"))
      rows(lead, t.at("id").get<std::string>(), t.at("metrics"));
    rows(lead, "total", pt.at("total"));
  }
  return out;
}

}  // namespace strikesim::model
