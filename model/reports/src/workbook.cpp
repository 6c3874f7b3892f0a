#include "strikesim/reports/workbook.hpp"

#include <xlsxwriter.h>

#include <fmt/format.h>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "shared.hpp"
#include "strikesim/analysis/metrics.hpp"
#include "strikesim/reports/compare_report.hpp"
#include "strikesim/reports/report.hpp"

namespace strikesim::model {

namespace {

/// A sheet written row by row.
class sheet {
 public:
  sheet(lxw_workbook* book, const char* name, lxw_format* header)
      : ws_(workbook_add_worksheet(book, name)), header_(header) {
    if (ws_ == nullptr) throw std::runtime_error(fmt::format("cannot add the sheet {}", name));
  }
  void headers(const std::vector<const char*>& names) {
    for (std::size_t c = 0; c < names.size(); ++c) {
      worksheet_write_string(ws_, row_, static_cast<lxw_col_t>(c), names[c], header_);
      worksheet_set_column(ws_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           c == 0 ? 28 : 16, nullptr);
    }
    worksheet_freeze_panes(ws_, row_ + 1, 0);
    ++row_;
  }
  sheet& text(const std::string& s) {
    worksheet_write_string(ws_, row_, col_++, s.c_str(), nullptr);
    return *this;
  }
  sheet& number(double x) {
    worksheet_write_number(ws_, row_, col_++, x, nullptr);
    return *this;
  }
  /// A number, or an empty cell.
  sheet& number_or_blank(const std::optional<double>& x) {
    if (x) return number(*x);
    ++col_;
    return *this;
  }
  void end_row() {
    ++row_;
    col_ = 0;
  }
  lxw_worksheet* raw() { return ws_; }
  void skip(int rows) { row_ += static_cast<lxw_row_t>(rows); }

 private:
  lxw_worksheet* ws_;
  lxw_format* header_;
  lxw_row_t row_ = 0;
  lxw_col_t col_ = 0;
};

/// A trust's figures, or the total's, as the sheets that list both name them.
struct named_figures {
  const std::string& name;
  const run_figures& figures;
};

/// Every trust, then the total (named "Total") when there are several.
std::vector<named_figures> trusts_and_total(const run_result& result) {
  static const std::string total = "Total";
  std::vector<named_figures> out;
  for (const trust_result& t : result.trusts)
    out.push_back({t.name, t.figures});
  if (out.size() > 1) out.push_back({total, result.total});
  return out;
}

/// `x`, or nothing for a figure the same in every outcome (one number: its mean).
std::optional<double> spread(const stat& st, double x) {
  if (shape_of(st) == spread_shape::none) return std::nullopt;
  return x;
}

/// Mean, p05, p50, p95 and the confidence interval; only the mean for a figure the same in every
/// outcome.
void stat_cells(sheet& s, const stat& st) {
  s.number(st.mean).number_or_blank(spread(st, st.p05)).number_or_blank(spread(st, st.p50));
  s.number_or_blank(spread(st, st.p95)).number_or_blank(spread(st, st.ci_low));
  s.number_or_blank(spread(st, st.ci_high));
}

/// Mean, p05 and p95 (only the mean for a figure the same in every outcome).
void band_cells(sheet& s, const stat& st) {
  s.number(st.mean).number_or_blank(spread(st, st.p05)).number_or_blank(spread(st, st.p95));
}

/// Mean, p05 and p95 of a day of a series, always all three (a chart's band reads them).
void series_cells(sheet& s, const stat& st) {
  s.number(st.mean).number(st.p05).number(st.p95);
}

/// What the Summary says beside a figure whose mean needs it.
std::string spread_note(const stat& st) {
  switch (shape_of(st)) {
    case spread_shape::none:
      return "the same in every simulated outcome";
    case spread_shape::mean_above:
      return fmt::format(
          "the mean lies above p95: a few outcomes far from the rest (max {}) pull it there",
          detail::num(st.max));
    case spread_shape::mean_below:
      return fmt::format(
          "the mean lies below p05: a few outcomes far from the rest (min {}) pull it there",
          detail::num(st.min));
    case spread_shape::within:
      break;
  }
  return "";
}

/// Summary: the headline in A2, then every headline figure of each trust and the total.
void summary_sheet(lxw_workbook* book, lxw_format* header, lxw_format* title,
                   const run_result& result) {
  const run_meta& m = result.meta;
  sheet s(book, "Summary", header);
  worksheet_write_string(s.raw(), 0, 0, run_title(m).c_str(), title);
  worksheet_write_string(s.raw(), 1, 0, report_headline(result).c_str(), nullptr);
  worksheet_write_string(
      s.raw(), 2, 0,
      fmt::format("{} replications, seed {}; ranges are the 5th to 95th percentiles",
                  m.replications, m.seed)
          .c_str(),
      nullptr);
  // What the inputs are, in A4: the scenario's description, and whether its trusts are real.
  std::string about = m.description;
  if (const std::string note = illustrative_note(m); !note.empty())
    about += (about.empty() ? "" : " ") + note;
  if (!about.empty()) worksheet_write_string(s.raw(), 3, 0, about.c_str(), nullptr);
  s.skip(5);
  s.headers({"trust", "figure", "mean", "p05", "p50", "p95", "95% CI low", "95% CI high", "planned",
             "note"});
  for (const named_figures& t : trusts_and_total(result)) {
    const auto row = [&](const char* label, const stat& st, std::optional<double> planned) {
      s.text(t.name).text(label);
      stat_cells(s, st);
      s.number_or_blank(planned);
      if (const std::string note = spread_note(st); !note.empty()) s.text(note);
      s.end_row();
    };
    for (const metric& fig : headline_metrics)
      row(fig.label, t.figures.headline[fig.figure], detail::planned_of(fig, t.figures));
    if (t.figures.recovery.backlog_days)
      row(backlog_days_label, *t.figures.recovery.backlog_days, std::nullopt);
  }
}

void specialty_sheet(lxw_workbook* book, lxw_format* header, const run_result& result) {
  sheet s(book, "By specialty", header);
  s.headers({"trust", "specialty", "operations planned", headline_metrics[hf_ops_advance].label,
             "p05", "p95", headline_metrics[hf_ops_day].label, "slots planned",
             headline_metrics[hf_slots].short_label, "p05", "p95",
             headline_metrics[hf_unfilled].label});
  for (const trust_result& t : result.trusts) {
    for (const specialty_result& sp : t.by_specialty) {
      const auto& h = sp.headline;
      s.text(t.name).text(sp.specialty).number(sp.operations_planned);
      band_cells(s, h[hf_ops_advance]);
      s.number(h[hf_ops_day].mean).number(sp.slots_planned);
      band_cells(s, h[hf_slots]);
      s.number(h[hf_unfilled].mean).end_row();
    }
  }
}

void sessions_sheet(lxw_workbook* book, lxw_format* header, const run_result& result) {
  sheet s(book, "Sessions", header);
  s.headers({"trust", "session", "name", "date", "time", "specialty", "kind", "priority",
             "operations or slots", "status", "cancelled on the day (share of outcomes)",
             "reason"});
  for (const trust_result& t : result.trusts) {
    for (const session_row& se : t.sessions) {
      s.text(t.name).text(se.id).text(se.name).text(se.date).text(se.time).text(se.specialty);
      s.text(session_kind_names[static_cast<std::size_t>(se.kind)]).text(se.priority);
      s.number(se.patients).text(session_status_names[static_cast<std::size_t>(se.status)]);
      s.number(se.cancelled_on_the_day_share).text(se.reason).end_row();
    }
  }
}

void staffing_sheet(lxw_workbook* book, lxw_format* header, const run_result& result) {
  sheet s(book, "Staffing by hour", header);
  s.headers({"trust", "hour", "doctors expected at work (planned)",
             "doctors needed for emergency roles", "ED patients waiting (median)", "p05", "p95"});
  for (const trust_result& t : result.trusts) {
    const std::vector<staffing_hour> staffing = staffing_by_hour(t);
    for (std::size_t i = 0; i < staffing.size(); ++i) {
      const stat& waiting = t.ed_waiting_by_hour[i].waiting;
      s.text(t.name).text(staffing[i].hour);
      s.number(staffing[i].present).number(staffing[i].needed);
      s.number(waiting.p50).number(waiting.p05).number(waiting.p95).end_row();
    }
  }
}

/// Each service's realised cover by hour (the HTML report's heat map), one row a service and
/// hour.
void cover_sheet(lxw_workbook* book, lxw_format* header, const run_result& result) {
  sheet s(book, "Cover by hour", header);
  s.headers({"trust", "service", "hour", "doctors over the roles (mean)", "p05", "p50", "p95",
             "role hours empty (mean)", "p95"});
  for (const trust_result& t : result.trusts) {
    for (const service_result& sv : t.services) {
      for (const cover_hour& h : sv.by_hour) {
        s.text(t.name).text(sv.name.empty() ? sv.id : sv.name).text(h.hour);
        s.number(h.margin.mean).number(h.margin.p05).number(h.margin.p50).number(h.margin.p95);
        s.number(h.unfilled_role_hours.mean).number(h.unfilled_role_hours.p95).end_row();
      }
    }
  }
}

void decision_sheet(lxw_workbook* book, lxw_format* header, const run_result& result) {
  sheet s(book, "Decision", header);
  s.headers({"trust", "days ahead", "operations cancelled", headline_metrics[hf_slots].short_label,
             headline_metrics[hf_unnecessary].short_label,
             headline_metrics[hf_unfilled].short_label, "what the rows show"});
  for (const named_figures& t : trusts_and_total(result)) {
    bool first = true;
    for (const lead_time_row& row : t.figures.decision.by_lead_time) {
      s.text(t.name).number(row.days).number(row.operations.mean).number(row.slots.mean);
      s.number(row.unnecessary.mean).number(row.unfilled_hours.mean);
      // The caption once a trust, on its first row.
      if (first) s.text(decision_caption(t.figures.decision, result.meta.rota_notice_days));
      first = false;
      s.end_row();
    }
  }
}

void recovery_sheet(lxw_workbook* book, lxw_format* header, const run_result& result) {
  sheet s(book, "Recovery", header);
  s.headers(
      {"date", "operations waiting (mean)", "p05", "p95", "slots waiting (mean)", "p05", "p95"});
  for (const backlog_day& d : result.total.recovery.by_day) {
    s.text(d.date);
    series_cells(s, d.operations);
    series_cells(s, d.slots);
    s.end_row();
  }
}

/// The two parts of each range of the total: per headline figure the full range and chance
/// alone's (the same replications with every drawn assumption at its central value), how much
/// narrower, and the standardized regression coefficient on each drawn assumption (blank where
/// it does not vary); then the assumptions and their distributions.
void ranges_sheet(lxw_workbook* book, lxw_format* header, const run_result& result) {
  const range_parts& parts = *result.parts;
  sheet s(book, "Ranges", header);
  std::vector<const char*> names{
      "figure",          "p05",      "p95", "chance alone p05", "chance alone p95",
      "chance alone is", "R squared"};
  std::vector<std::string> margin_names;
  for (const drawn_input& in : parts.inputs)
    margin_names.push_back("95% margin: " + in.key);
  for (const drawn_input& in : parts.inputs)
    names.push_back(in.key.c_str());
  for (const std::string& name : margin_names)
    names.push_back(name.c_str());
  s.headers(names);
  for (const metric& m : headline_metrics) {
    const stat& full = result.total.headline[m.figure];
    const stat& chance = parts.chance_only[m.figure];
    s.text(m.label).number(full.p05).number(full.p95).number(chance.p05).number(chance.p95);
    s.text(narrower(full, chance)).number_or_blank(parts.r2[m.figure]);
    for (const std::optional<double>& c : parts.drivers[m.figure])
      s.number_or_blank(c ? std::optional<double>(shown_coefficient(*c)) : std::nullopt);
    for (const std::optional<double>& margin : parts.driver_margins[m.figure])
      s.number_or_blank(margin);
    s.end_row();
  }
  s.skip(1);
  s.text("assumption").text("distribution").text("central value").end_row();
  for (const drawn_input& in : parts.inputs)
    s.text(in.key).text(in.distribution).number(in.central).end_row();
  s.text("what the columns show")
      .text(
          "the range (p05-p95) of all trusts together; the same simulated days with every "
          "assumption at its central value (chance alone); and what drives the full range: the "
          "standardized regression coefficient of the figure on each assumption (its change in "
          "standard deviations per standard deviation of the assumption), and the 95% margin of "
          "each (1.96 standard errors): a coefficient within its margin of 0 cannot be told from "
          "chance at this many replications")
      .end_row();
}

void inputs_sheet(lxw_workbook* book, lxw_format* header, const run_meta& m) {
  sheet s(book, "Inputs", header);
  s.headers({"input", "value"});
  s.text("scenario file").text(m.scenario_file).end_row();
  s.text("action file").text(m.action_file).end_row();
  s.text("policy file").text(m.policy_file).end_row();
  for (const std::string& t : m.trust_files)
    s.text("trust file").text(t).end_row();
  s.text("action").text(m.action).end_row();
  s.text("policy").text(m.policy).end_row();
  s.text("seed").number(static_cast<double>(m.seed)).end_row();
  s.text("replications").number(static_cast<double>(m.replications)).end_row();
  s.text("strikesim version").text(m.version).end_row();
  for (const std::string& set : m.changes.overrides)
    s.text("changed with --set").text(set).end_row();
  if (!m.description.empty()) s.text("description").text(m.description).end_row();
  if (const std::string note = illustrative_note(m); !note.empty())
    s.text("trusts").text(note).end_row();
  s.text("reproduce with").text(reproduce_command(m, "xlsx", "FILE")).end_row();
  s.text("sources")
      .text(
          "every number in these files carries a source tag or says it is an "
          "assumption")
      .end_row();
}

/// A new workbook with a fixed creation time, so that the same seed gives the same bytes
/// (1980-01-01, the epoch of the zip entries libxlsxwriter writes).
lxw_workbook* new_workbook(const std::filesystem::path& file, const char* doc_title) {
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  lxw_workbook* book = workbook_new_opt(file.c_str(), &options);
  if (book == nullptr) throw std::runtime_error("cannot create the workbook");
  lxw_doc_properties properties{};
  std::string title(doc_title);  // the C API takes char*
  properties.title = title.data();
  properties.created = 315532800;
  workbook_set_properties(book, &properties);
  return book;
}

lxw_format* header_format(lxw_workbook* book) {
  lxw_format* header = workbook_add_format(book);
  format_set_bold(header);
  format_set_bottom(header, LXW_BORDER_THIN);
  return header;
}

void close_workbook(lxw_workbook* book) {
  const lxw_error err = workbook_close(book);
  if (err != LXW_NO_ERROR)
    throw std::runtime_error(fmt::format("writing the workbook failed: {}", lxw_strerror(err)));
}

/// One row of the Differences sheet; returns the change in percent of the reference's mean.
void difference_row(sheet& s, const std::string& scenario, const std::string& trust,
                    const metric& m, const figure_difference& d) {
  s.text(scenario).text(trust).text(m.label).number(d.reference_mean).number(d.scenario_mean);
  s.number(d.difference.mean).number(d.difference.ci_low).number(d.difference.ci_high);
  s.number_or_blank(d.reference_mean == 0.0
                        ? std::nullopt
                        : std::optional<double>(100 * d.difference.mean / d.reference_mean));
  s.text(d.identical                   ? "identical in every replication"
         : d.distinguishable_from_zero ? "told from zero"
                                       : "not distinguishable from zero");
  s.end_row();
}

/// A bar chart of the total's changes in percent of the reference, from rows [first, last] of
/// the Differences sheet.
void difference_chart(lxw_workbook* book, lxw_worksheet* charts, lxw_row_t at,
                      const std::string& title, lxw_row_t first, lxw_row_t last) {
  lxw_chart* chart = workbook_add_chart(book, LXW_CHART_BAR);
  lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
  chart_series_set_categories(series, "Differences", first, 2, last, 2);
  chart_series_set_values(series, "Differences", first, 8, last, 8);
  chart_series_set_name(series, "change, % of the reference's mean");
  chart_title_set_name(chart, title.c_str());
  chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
  lxw_chart_options options{};
  options.x_scale = 2;
  options.y_scale = 1.5;
  worksheet_insert_chart_opt(charts, at, 0, chart, &options);
}

/// The two parts of each compared range, when a scenario draws a parameter with spread: per
/// scenario, trust and headline figure, the reference's, the scenario's and the difference's full
/// range (p05-p95) beside chance alone's (the same replications with every drawn assumption at
/// its central value), and how much narrower chance alone is.
void two_parts_sheet(lxw_workbook* book, lxw_format* header, const compare_result& result) {
  sheet s(book, "Two parts", header);
  s.headers({"scenario", "trust", "figure", "of", "p05", "p95", "chance alone p05",
             "chance alone p95", "chance alone is"});
  const auto rows = [&](const std::string& title, const std::string& trust,
                        const figure_differences& figures) {
    for (const metric& m : headline_metrics) {
      const figure_difference& d = figures[m.figure];
      if (!d.has_chance) continue;
      const std::pair<const char*, std::pair<const stat*, const stat*>> parts[] = {
          {"reference", {&d.reference, &d.reference_chance}},
          {"scenario", {&d.scenario, &d.scenario_chance}},
          {"difference", {&d.difference, &d.difference_chance}}};
      for (const auto& [of, pair] : parts) {
        const auto& [full, chance] = pair;
        s.text(title).text(trust).text(m.label).text(of);
        s.number(full->p05).number(full->p95).number(chance->p05).number(chance->p95);
        s.text(narrower(*full, *chance)).end_row();
      }
    }
  };
  for (const scenario_difference& d : result.comparisons) {
    const std::string title = compared_title(d.scenario);
    rows(title, "total", d.total);
    for (const trust_difference& t : d.trusts)
      rows(title, t.name, t.figures);
  }
  s.text("what the columns show")
      .text(
          "the range (p05-p95) over replications of the reference, the scenario and their "
          "difference, replication by replication; then the same simulated days with every drawn "
          "assumption at its central value (chance alone: turnout, who strikes, arrivals)")
      .end_row();
}

/// Whether any compared figure has its two parts (a scenario draws a parameter with spread).
bool has_two_parts(const compare_result& result) {
  for (const scenario_difference& d : result.comparisons)
    for (const figure_difference& f : d.total)
      if (f.has_chance) return true;
  return false;
}

}  // namespace

void write_compare_workbook(const compare_result& result, const std::filesystem::path& file) {
  lxw_workbook* book = new_workbook(file, "strikesim comparison");
  lxw_format* header = header_format(book);
  lxw_worksheet* charts = workbook_add_worksheet(book, "Charts");
  if (charts == nullptr) throw std::runtime_error("cannot add the sheet Charts");
  sheet s(book, "Differences", header);
  s.headers({"scenario", "trust", "figure", "reference mean", "scenario mean", "difference (mean)",
             "95% CI low", "95% CI high", "change, % of reference", "verdict"});
  lxw_row_t row = 1, chart_at = 0;
  for (const scenario_difference& d : result.comparisons) {
    const std::string title = compared_title(d.scenario);
    const lxw_row_t first = row;
    for (const metric& m : headline_metrics) {
      difference_row(s, title, "total", m, d.total[m.figure]);
      ++row;
    }
    difference_chart(book, charts, chart_at, title + ": change from the reference", first, row - 1);
    chart_at += 24;
    for (const trust_difference& t : d.trusts) {
      for (const metric& m : headline_metrics) {
        difference_row(s, title, t.name, m, t.figures[m.figure]);
        ++row;
      }
    }
  }
  if (has_two_parts(result)) two_parts_sheet(book, header, result);
  sheet in(book, "Inputs", header);
  in.headers({"input", "value"});
  in.text("reference").text(compared_title(result.reference)).end_row();
  in.text("reference file").text(result.reference.file).end_row();
  for (const scenario_difference& d : result.comparisons) {
    in.text("scenario").text(compared_title(d.scenario)).end_row();
    in.text("scenario file").text(d.scenario.file).end_row();
  }
  in.text("seed").number(static_cast<double>(result.seed)).end_row();
  in.text("replications").number(static_cast<double>(result.replications)).end_row();
  in.text("strikesim version").text(result.version).end_row();
  in.text("reproduce with").text(compare_command(result, "xlsx", "FILE")).end_row();
  close_workbook(book);
}

void write_workbook(const run_result& result, const std::filesystem::path& file) {
  lxw_workbook* book = new_workbook(file, "strikesim results");
  lxw_format* header = header_format(book);
  lxw_format* title = workbook_add_format(book);
  format_set_bold(title);
  format_set_font_size(title, 14);
  summary_sheet(book, header, title, result);
  specialty_sheet(book, header, result);
  sessions_sheet(book, header, result);
  staffing_sheet(book, header, result);
  cover_sheet(book, header, result);
  decision_sheet(book, header, result);
  recovery_sheet(book, header, result);
  if (result.parts) ranges_sheet(book, header, result);
  inputs_sheet(book, header, result.meta);
  close_workbook(book);
}

}  // namespace strikesim::model
