#include "strikesim/reports/sweep_report.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "shared.hpp"
#include "strikesim/analysis/metrics.hpp"
#include "strikesim/reports/results.hpp"
#include "strikesim/reports/svg.hpp"

namespace strikesim::model {

namespace fs = std::filesystem;

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
                                   const outcome_summary& summary, const outcome_summary* chance) {
  const prepared_scenario& prep = summary.prep();
  auto headline_of = [](const outcome_summary& of, std::size_t index) {
    const figure_series& series = of.series(index);
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const metric& m : headline_metrics)
      out[m.key()] = stat_to_json(summarise(m, series.headline[m.figure]));
    return out;
  };
  auto headline = [&](std::size_t index) { return headline_of(summary, index); };
  const std::vector<std::size_t> at = spec.value_indices(point);
  nlohmann::ordered_json j;
  j["point"] = point;
  for (std::size_t p = 0; p < spec.parameters.size(); ++p)
    j["values"][spec.parameters[p].path] = spec.parameters[p].values[at[p]];
  j["total"] = headline(all_trusts);
  if (chance != nullptr) j["total_chance_only"] = headline_of(*chance, all_trusts);
  auto& trusts = j["trusts"];
  trusts = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < prep.trusts.size(); ++i) {
    nlohmann::ordered_json t;
    t["id"] = prep.trusts[i].source->id;
    t["name"] = prep.trusts[i].source->name;
    t["metrics"] = headline(i);
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
    if (pt.contains("total_chance_only"))
      rows(lead, "total_chance_only", pt.at("total_chance_only"));
  }
  return out;
}

}  // namespace strikesim::model

// The sweep's page reads the merged sweep document (strikesim.sweep/1), not types: its points
// are files on disk, written by runs that may have been resumed or merged.
namespace strikesim::model {

namespace {

using json = nlohmann::ordered_json;
using detail::num;
using svg::escape;

std::string str(const json& j, const char* key) {
  return j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : "";
}

/// Ranked bars of one figure's standardized regression coefficients, or a note that it does not
/// vary.
std::string sensitivity_chart(const std::string& metric, const json& fit) {
  if (fit.at("r2").is_null())
    return fmt::format("<p class=\"note\">{}: does not vary across the points.</p>\n",
                       escape(metric));
  std::vector<svg::bar> bars;
  for (const json& c : fit.at("coefficients")) {
    if (c.at("src").is_null()) continue;
    const double v = c.at("src").get<double>();
    bars.push_back({fmt::format("{} ({})", str(c, "parameter"), v < 0 ? "-" : "+"), std::abs(v),
                    std::abs(v), std::abs(v)});
  }
  return svg::bar_chart(
      fmt::format("{}: R\u00b2 = {:.2f}", metric, fit.at("r2").get<double>()),
      "Size of each input's standardized regression coefficient; the sign, in brackets, says "
      "whether the figure rises (+) or falls (-) with the input.",
      "|SRC|", bars);
}

std::string sensitivity_section(const json& sensitivity) {
  std::string content =
      "<section><h2>What drives the numbers</h2>\n<p>For each figure, the "
      "standardized regression coefficient (SRC) of every swept input: the "
      "change in the figure, in standard deviations, per standard deviation "
      "of the input with the others held fixed; largest first. R&sup2; says "
      "how much of the variation across points a straight-line fit explains."
      "</p>\n";
  for (const auto& [metric, fit] : sensitivity.items())
    content += sensitivity_chart(metric, fit);
  return content + "</section>\n";
}

/// The head of a table of points up to its figures: "point" and each swept parameter.
std::string point_head(const json& parameters) {
  std::string head = "<table><thead><tr><th class=\"n\">point</th>";
  for (const json& p : parameters)
    head += fmt::format("<th class=\"n\">{}</th>", escape(p.get<std::string>()));
  return head;
}

/// The start of a point's row: its number and its values.
std::string point_cells(const json& parameters, const json& pt) {
  std::string row = fmt::format("<tr><td class=\"n\">{}</td>", pt.at("point").dump());
  for (const json& p : parameters) {
    const json& v = pt.at("values").at(p.get<std::string>());
    row += fmt::format("<td class=\"n\">{}</td>",
                       escape(v.is_string() ? v.get<std::string>() : v.dump()));
  }
  return row;
}

/// One row of the table of points: its number, its values, and the total's figures that have a
/// short label.
std::string point_row(const json& parameters, const json& pt) {
  std::string row = point_cells(parameters, pt);
  const json& total = pt.at("total");
  for (const metric& m : headline_metrics) {
    if (m.short_label == nullptr) continue;
    const std::string key = m.key();
    row += fmt::format("<td class=\"n\">{}</td>",
                       total.contains(key) ? num(total.at(key).at("mean").get<double>()) : "");
  }
  return row + "</tr>\n";
}

std::string points_section(const json& parameters, const json& points) {
  std::string content =
      "<section><h2>Every point</h2><div class=\"scroll\">" + point_head(parameters);
  for (const metric& m : headline_metrics)
    if (m.short_label != nullptr)
      content += fmt::format("<th class=\"n\">{} (mean)</th>", m.short_label);
  content += "</tr></thead><tbody>\n";
  for (const json& pt : points)
    content += point_row(parameters, pt);
  return content + "</tbody></table></div></section>\n";
}

/// A figure's range (p05-p95) in a point's total, or "" where the total lacks the figure.
std::string range_cell(const json& total, const std::string& key) {
  if (!total.contains(key)) return "";
  const json& f = total.at(key);
  return fmt::format("{} - {}", num(f.at("p05").get<double>()), num(f.at("p95").get<double>()));
}

/// The two parts of each point's range, when the scenario draws assumptions: the full range and
/// chance alone's (the same replications with every drawn assumption at its central value).
std::string two_parts_section(const json& parameters, const json& points) {
  const bool any = std::any_of(points.begin(), points.end(),
                               [](const json& pt) { return pt.contains("total_chance_only"); });
  if (!any) return "";
  std::string content =
      "<section><h2>The two parts of each range</h2>\n<p>The scenario draws some of its "
      "assumptions in each replication, so each point's range (5th to 95th percentile) holds "
      "chance (turnout, who strikes, arrivals) and what we don't know (the drawn assumptions). "
      "Beside it, the same simulated days with every drawn assumption at its central value: "
      "chance alone.</p>\n<div class=\"scroll\">" +
      point_head(parameters);
  for (const metric& m : headline_metrics)
    if (m.short_label != nullptr)
      content +=
          fmt::format("<th class=\"n\">{}</th><th class=\"n\">chance alone</th>", m.short_label);
  content += "</tr></thead><tbody>\n";
  for (const json& pt : points) {
    content += point_cells(parameters, pt);
    const json none = json::object();
    const json& chance = pt.contains("total_chance_only") ? pt.at("total_chance_only") : none;
    for (const metric& m : headline_metrics) {
      if (m.short_label == nullptr) continue;
      content += fmt::format("<td class=\"n\">{}</td><td class=\"n\">{}</td>",
                             range_cell(pt.at("total"), m.key()), range_cell(chance, m.key()));
    }
    content += "</tr>\n";
  }
  return content + "</tbody></table></div></section>\n";
}

}  // namespace

std::string sweep_report_html(const json& sweep) {
  const json& about_sweep = sweep.at("sweep");
  const json& points = sweep.at("points");
  const std::string content = sensitivity_section(sweep.at("sensitivity")) +
                              points_section(about_sweep.at("parameters"), points) +
                              two_parts_section(about_sweep.at("parameters"), points);
  const std::string name = str(about_sweep, "name");
  const std::string headline = fmt::format(
      "{} points of {}, {} replications each, the same seed at every point.", points.size(),
      str(about_sweep, "scenario"), about_sweep.at("replications").dump());
  const std::string footer = fmt::format(
      "<section><h2>About this sweep</h2><p class=\"meta\">strikesim {} · seed {} · sweep file "
      "<code>{}</code>. Every point is a run of the scenario with the values shown; the inputs "
      "are what-ifs, not observations.</p></section>",
      escape(str(about_sweep, "version")), about_sweep.at("seed").dump(),
      escape(str(about_sweep, "sweep_file")));
  return detail::fill_page({{"title", escape(name)},
                            {"scenario_name", escape(name)},
                            {"version", escape(str(about_sweep, "version"))},
                            {"headline", escape(headline)},
                            {"summary", ""},
                            {"content", content},
                            {"about", footer}});
}

}  // namespace strikesim::model
