#include "strikesim/reports/backtest_report.hpp"

#include <fmt/format.h>
#include <algorithm>

#include "shared.hpp"
#include "strikesim/reports/results.hpp"
#include "strikesim/reports/svg.hpp"

namespace strikesim::model {

namespace {

using json = nlohmann::ordered_json;
using detail::kv;
using detail::num;
using detail::object_of;
using svg::escape;

constexpr std::array<planned_care_measure, planned_care_measures> all_measures = {
    planned_care_measure::operations, planned_care_measure::outpatient_slots,
    planned_care_measure::operations_and_slots, planned_care_measure::maintained_percent};

const char* status_key(record_status s) {
  return record_status_keys[static_cast<std::size_t>(s)];
}

backtest_figures figures_of(const planned_care_figures& f, std::string trust) {
  backtest_figures out;
  out.trust = std::move(trust);
  for (const planned_care_measure m : all_measures)
    out.figures[static_cast<std::size_t>(m)] = f.summary(m);
  out.planned_operations = f.planned_operations;
  out.planned_slots = f.planned_slots;
  return out;
}

/// "x1.25", "+-2 points" or "informative".
std::string tolerance_text(const record_tolerance& t) {
  switch (t.how) {
    case record_tolerance::kind::factor:
      return fmt::format("x{:g}", t.value);
    case record_tolerance::kind::points:
      return fmt::format("+-{:g} points", t.value);
    case record_tolerance::kind::informative:
      break;
  }
  return "informative";
}

json tolerance_json(const record_tolerance& t) {
  switch (t.how) {
    case record_tolerance::kind::factor:
      return object_of(kv("factor", t.value));
    case record_tolerance::kind::points:
      return object_of(kv("points", t.value));
    case record_tolerance::kind::informative:
      break;
  }
  return nullptr;
}

/// "england 2016-01-12", "south-west-london 2016-04-26, croydon": a row's scenario and trust.
std::string row_name(const record_row& row) {
  std::string s = row.scenario;
  if (s.starts_with("regions/")) s = s.substr(8);
  if (s.ends_with(".toml")) s.resize(s.size() - 5);
  std::replace(s.begin(), s.end(), '/', ' ');
  return row.trust.empty() ? s : s + ", " + row.trust;
}

std::string stat_text(const stat& s) {
  return fmt::format("{} ({}-{})", num(s.mean), num(s.p05), num(s.p95));
}

std::string ratio_text(const std::optional<double>& r) {
  return r ? fmt::format("{:.2f}", *r) : "-";
}

std::string verdict_text(record_status s) {
  switch (s) {
    case record_status::within:
      return "yes";
    case record_status::outside:
      return "NO";
    case record_status::informative:
      return "(informative)";
    case record_status::not_run:
      break;
  }
  return "not run (no scenario file)";
}

/// A fixed-width table: the first `text_columns` columns left-aligned, the rest right-aligned.
std::string table(const std::vector<std::vector<std::string>>& rows, std::size_t text_columns) {
  std::vector<std::size_t> widths;
  for (const auto& r : rows)
    for (std::size_t c = 0; c < r.size(); ++c) {
      if (widths.size() <= c) widths.push_back(0);
      widths[c] = std::max(widths[c], r[c].size());
    }
  std::string out;
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t c = 0; c < r.size(); ++c) {
      const std::string_view gap = c == 0 ? "" : "  ";
      if (c < text_columns)
        line += fmt::format("{}{:<{}}", gap, r[c], widths[c]);
      else
        line += fmt::format("{}{:>{}}", gap, r[c], widths[c]);
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::vector<std::string> record_header() {
  return {"action (trust)", "measure",   "record", "model mean (p05-p95)",
          "ratio",          "tolerance", "within"};
}

std::vector<std::string> record_cells(const record_comparison& c) {
  return {row_name(c.row),       key_of(c.row.measure),
          num(c.row.value),      c.model ? stat_text(*c.model) : "-",
          ratio_text(c.ratio),   tolerance_text(c.row.tolerance),
          verdict_text(c.status)};
}

std::vector<std::string> action_header() {
  std::vector<std::string> h = {"region", "action"};
  for (const planned_care_measure m : all_measures)
    h.emplace_back(label_of(m));
  return h;
}

std::vector<std::string> action_cells(const backtest_scenario& s, const backtest_figures& f) {
  std::vector<std::string> cells = {
      f.trust.empty() ? s.meta.region : s.meta.region + ", " + f.trust, s.meta.action};
  for (const planned_care_measure m : all_measures)
    cells.push_back(stat_text(f.figures[static_cast<std::size_t>(m)]));
  return cells;
}

std::string headline(const backtest_result& r) {
  const auto not_run = std::count_if(r.rows.begin(), r.rows.end(), [](const auto& c) {
    return c.status == record_status::not_run;
  });
  return fmt::format(
      "{} scenarios, {} replications each (planned care only: the emergency side is not "
      "simulated, which does not change these figures). Record: {} ({} rows; {} checked "
      "against a tolerance: {} within, {} outside; {} not run, their scenario not shipped).",
      r.scenarios.size(), r.replications, r.record_file, r.rows.size(), r.checked(),
      r.checked() - r.outside(), r.outside(), not_run);
}

}  // namespace

const backtest_figures* backtest_scenario::of(const std::string& trust) const {
  if (trust.empty()) return &total;
  for (const backtest_figures& f : trusts)
    if (f.trust == trust) return &f;
  return nullptr;
}

record_comparison compare_to_record(const record_row& row, const stat* model) {
  record_comparison c;
  c.row = row;
  if (model == nullptr) {
    c.status = record_status::not_run;
    return c;
  }
  c.model = *model;
  c.ratio = record_ratio(model->mean, row.value);
  if (!row.tolerance.checked())
    c.status = record_status::informative;
  else
    c.status = row.tolerance.admits(model->mean, row.value) ? record_status::within
                                                            : record_status::outside;
  return c;
}

std::size_t backtest_result::outside() const {
  return static_cast<std::size_t>(std::count_if(
      rows.begin(), rows.end(), [](const auto& c) { return c.status == record_status::outside; }));
}

std::size_t backtest_result::checked() const {
  return static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [](const auto& c) {
    return c.status == record_status::outside || c.status == record_status::within;
  }));
}

backtest_result make_backtest_result(const std::vector<backtest_scenario_meta>& metas,
                                     const std::vector<planned_care_run>& runs, const record& rec,
                                     std::uint64_t replications, const std::string& version) {
  backtest_result r;
  r.version = version;
  r.record_file = rec.file;
  r.record_name = rec.name;
  r.replications = replications;
  for (std::size_t i = 0; i < metas.size() && i < runs.size(); ++i) {
    backtest_scenario s;
    s.meta = metas[i];
    s.total = figures_of(runs[i].total, "");
    for (std::size_t t = 0; t < runs[i].trusts.size(); ++t)
      s.trusts.push_back(figures_of(runs[i].trusts[t], runs[i].trust_ids[t]));
    r.scenarios.push_back(std::move(s));
  }
  for (const record_row& row : rec.rows) {
    const stat* model = nullptr;
    for (const backtest_scenario& s : r.scenarios) {
      if (s.meta.scenario != row.scenario) continue;
      if (const backtest_figures* f = s.of(row.trust))
        model = &f->figures[static_cast<std::size_t>(row.measure)];
    }
    r.rows.push_back(compare_to_record(row, model));
  }
  return r;
}

json backtest_json(const backtest_result& r) {
  const auto figures_json = [](const backtest_figures& f) {
    json figures;
    for (const planned_care_measure m : all_measures)
      figures[key_of(m)] = stat_to_json(f.figures[static_cast<std::size_t>(m)]);
    return object_of(kv("trust", f.trust.empty() ? json(nullptr) : json(f.trust)),
                     kv("planned", object_of(kv("operations", f.planned_operations),
                                             kv("outpatient_slots", f.planned_slots))),
                     kv("figures", std::move(figures)));
  };
  json scenarios = json::array();
  for (const backtest_scenario& s : r.scenarios) {
    json trusts = json::array();
    for (const backtest_figures& f : s.trusts)
      trusts.push_back(figures_json(f));
    scenarios.push_back(object_of(
        kv("scenario", s.meta.scenario), kv("region", s.meta.region), kv("action", s.meta.action),
        kv("name", s.meta.name), kv("policy", s.meta.policy), kv("seed", s.meta.seed),
        kv("total", figures_json(s.total)), kv("trusts", std::move(trusts))));
  }
  json rows = json::array();
  for (const record_comparison& c : r.rows) {
    rows.push_back(object_of(
        kv("scenario", c.row.scenario),
        kv("trust", c.row.trust.empty() ? json(nullptr) : json(c.row.trust)),
        kv("measure", std::string(key_of(c.row.measure))), kv("value", c.row.value),
        kv("tolerance", tolerance_json(c.row.tolerance)), kv("source", c.row.source),
        kv("note", c.row.note), kv("model", c.model ? stat_to_json(*c.model) : json(nullptr)),
        kv("ratio", c.ratio ? json(*c.ratio) : json(nullptr)),
        kv("status", std::string(status_key(c.status)))));
  }
  return object_of(
      kv("schema", std::string("strikesim.backtest/1")),
      kv("backtest", object_of(kv("version", r.version), kv("record", r.record_file),
                               kv("record_name", r.record_name), kv("replications", r.replications),
                               kv("emergency_care_simulated", false))),
      kv("scenarios", std::move(scenarios)), kv("record", std::move(rows)),
      kv("check", object_of(kv("checked", r.checked()), kv("within", r.checked() - r.outside()),
                            kv("outside", r.outside()))));
}

std::string backtest_text(const backtest_result& r) {
  std::string out = fmt::format("Backtest: the model against the record (strikesim {})\n{}\n\n",
                                r.version, headline(r));
  std::vector<std::vector<std::string>> rows = {record_header()};
  for (const record_comparison& c : r.rows)
    rows.push_back(record_cells(c));
  out += "The record against the model (ratio = model mean / record)\n" + table(rows, 2);
  rows = {action_header()};
  for (const backtest_scenario& s : r.scenarios) {
    rows.push_back(action_cells(s, s.total));
    for (const backtest_figures& f : s.trusts)
      rows.push_back(action_cells(s, f));
  }
  out += "\nEvery action: mean (p05-p95) over replications\n" + table(rows, 2);
  return out;
}

std::string backtest_csv(const backtest_result& r) {
  std::string out =
      "scenario,region,action,trust,measure,model_mean,model_p05,model_p50,model_p95,record,"
      "ratio,tolerance,status\n";
  const auto line = [&](const std::string& scenario, const std::string& region,
                        const std::string& action, const std::string& trust, planned_care_measure m,
                        const stat* model, const record_comparison* c) {
    std::vector<std::string> cells = {scenario, region, action, trust.empty() ? "total" : trust,
                                      key_of(m)};
    for (const double v : {model ? model->mean : 0, model ? model->p05 : 0, model ? model->p50 : 0,
                           model ? model->p95 : 0})
      cells.push_back(model ? number_text(v) : "");
    cells.push_back(c ? number_text(c->row.value) : "");
    cells.push_back(c && c->ratio ? number_text(*c->ratio) : "");
    cells.push_back(c ? tolerance_text(c->row.tolerance) : "");
    cells.push_back(c ? status_key(c->status) : "");
    std::string row;
    for (const std::string& cell : cells) {
      if (!row.empty()) row += ',';
      row += csv_field(cell);
    }
    out += row + "\n";
  };
  for (const backtest_scenario& s : r.scenarios) {
    std::vector<const backtest_figures*> parts = {&s.total};
    for (const backtest_figures& f : s.trusts)
      parts.push_back(&f);
    for (const backtest_figures* f : parts) {
      for (const planned_care_measure m : all_measures) {
        const record_comparison* match = nullptr;
        for (const record_comparison& c : r.rows)
          if (c.row.scenario == s.meta.scenario && c.row.trust == f->trust && c.row.measure == m)
            match = &c;
        line(s.meta.scenario, s.meta.region, s.meta.action, f->trust, m,
             &f->figures[static_cast<std::size_t>(m)], match);
      }
    }
  }
  for (const record_comparison& c : r.rows)
    if (c.status == record_status::not_run)
      line(c.row.scenario, "", "", c.row.trust, c.row.measure, nullptr, &c);
  return out;
}

std::string backtest_html(const backtest_result& r) {
  std::vector<svg::scatter_point> points;
  for (const record_comparison& c : r.rows) {
    if (!c.model || !is_count(c.row.measure)) continue;
    points.push_back({row_name(c.row) + " " + key_of(c.row.measure), c.row.value, c.model->mean,
                      c.model->p05, c.model->p95});
  }
  std::string content = "<section><h2>The model against the record</h2>\n";
  content += svg::log_scatter(
      "Cancelled: model against record (log axes)",
      "Each point is a recorded count (across) against the model's mean (up), with the model's "
      "5th-95th percentile range as a whisker. The line is model = record; the band is within "
      "x1.25 either way.",
      "record", "model (mean, p05-p95)", points, 1.25);
  const auto html_table = [](const std::vector<std::vector<std::string>>& rows) {
    std::string t = "<div class=\"scroll\"><table><thead><tr>";
    for (const std::string& h : rows.front())
      t += fmt::format("<th>{}</th>", escape(h));
    t += "</tr></thead><tbody>\n";
    for (std::size_t i = 1; i < rows.size(); ++i) {
      t += "<tr>";
      for (std::size_t c = 0; c < rows[i].size(); ++c)
        t += fmt::format("<td{}>{}</td>", c < 2 ? "" : " class=\"n\"", escape(rows[i][c]));
      t += "</tr>\n";
    }
    return t + "</tbody></table></div>\n";
  };
  std::vector<std::vector<std::string>> rows = {record_header()};
  for (const record_comparison& c : r.rows)
    rows.push_back(record_cells(c));
  content += html_table(rows);
  content += "<h3>What each record counts</h3><ul>\n";
  for (const record_comparison& c : r.rows)
    content += fmt::format("<li><b>{} {}</b>: {} ({})</li>\n", escape(row_name(c.row)),
                           escape(key_of(c.row.measure)), escape(c.row.note), escape(c.row.source));
  content +=
      "</ul></section>\n<section><h2>Every action</h2><p>Mean (5th-95th percentile) over "
      "replications.</p>\n";
  rows = {action_header()};
  for (const backtest_scenario& s : r.scenarios) {
    rows.push_back(action_cells(s, s.total));
    for (const backtest_figures& f : s.trusts)
      rows.push_back(action_cells(s, f));
  }
  content += html_table(rows) + "</section>\n";
  const std::string title = "Backtest: the model against the record";
  const std::string about = fmt::format(
      "<section><h2>About this backtest</h2><p class=\"meta\">strikesim {} · record <code>{}</code>"
      " · {} replications a scenario, each with its own seed. Planned care only: the emergency "
      "department is not simulated, which does not change cancellations. Run <code>strikesim "
      "backtest --format html -o FILE</code> to reproduce.</p></section>",
      escape(r.version), escape(r.record_file), r.replications);
  return detail::fill_page({{"title", escape(title)},
                            {"scenario_name", escape(title)},
                            {"version", escape(r.version)},
                            {"headline", escape(headline(r))},
                            {"description", ""},
                            {"summary", ""},
                            {"content", content},
                            {"about", about}});
}

}  // namespace strikesim::model
