#include "strikesim/reports/report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <cmath>
#include <string_view>

#include "shared.hpp"
#include "strikesim/analysis/metrics.hpp"
#include "strikesim/reports/svg.hpp"

namespace strikesim::model {

namespace {

using detail::num;
using svg::escape;

/// "14-20", or "14" when both ends read the same.
std::string range(const stat& s) {
  const std::string lo = num(s.p05), hi = num(s.p95);
  return lo == hi ? lo : lo + "-" + hi;
}

/// "max 877" when the mean lies above the range, "min 3" below it, else nothing.
std::string extreme(const stat& s) {
  switch (shape_of(s)) {
    case spread_shape::mean_above:
      return "max " + num(s.max);
    case spread_shape::mean_below:
      return "min " + num(s.min);
    case spread_shape::none:
    case spread_shape::within:
      break;
  }
  return "";
}

/// What a table's rows needed explaining under it.
struct page_notes {
  bool no_spread = false;  // a figure the same in every outcome (shown without a range)
  bool outside = false;    // a mean outside its range (marked *, with its max or min)
};

/// The range a table shows beside a mean: none for a figure the same in every outcome, and the max
/// (or min) with a mark when the mean lies outside the range.
std::string shown_range(const stat& s, page_notes& notes) {
  switch (shape_of(s)) {
    case spread_shape::none:
      notes.no_spread = true;
      return "";
    case spread_shape::mean_above:
    case spread_shape::mean_below:
      notes.outside = true;
      return fmt::format("{}; {}*", range(s), extreme(s));
    case spread_shape::within:
      break;
  }
  return range(s);
}

/// The notes under a table that explain its marks (none when nothing needs it).
std::string notes_html(const page_notes& notes) {
  std::string out;
  if (notes.no_spread)
    out +=
        "<p class=\"note\">A figure without a range was the same in every simulated "
        "outcome.</p>\n";
  if (notes.outside)
    out +=
        "<p class=\"note\">* The mean lies outside the 5th-95th percentile range: a few "
        "outcomes far from the rest (the max or min shown) pull it there.</p>\n";
  return out;
}

/// "14-20", a single number for a figure the same in every outcome, and "710 (max 877)" when the
/// mean lies above the range: what the headline says a figure was.
std::string headline_amount(const stat& s) {
  if (shape_of(s) == spread_shape::none) return num(s.mean);
  const std::string far = extreme(s);
  return far.empty() ? range(s) : fmt::format("{} ({})", range(s), far);
}

std::string name_of(const run_result& result) {
  if (result.trusts.size() == 1) return result.trusts[0].name;
  return fmt::format("The {} trusts together", result.trusts.size());
}

/// The page shows the emergency department's figures of a trust (or the total) that had
/// attendances.
bool shows_ed(const run_figures& f) {
  return f.headline[hf_attendances].mean > 0;
}

/// One row of the key-figures table.
std::string figure_row(std::string_view label, const stat& st, page_notes& notes,
                       std::string_view of = "") {
  return fmt::format(
      "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
      "<td class=\"n\">{}</td></tr>\n",
      escape(label), num(st.mean), shown_range(st, notes), escape(of));
}

std::string backlog_days_row(const recovery_figures& r, page_notes& notes) {
  if (r.backlog_days) return figure_row(backlog_days_label, *r.backlog_days, notes);
  return fmt::format(
      "<tr><td>{}</td><td class=\"n\">-</td>"
      "<td class=\"n\" colspan=\"2\">not within {} days in {:.0f}% of outcomes</td></tr>\n",
      backlog_days_label, r.horizon_days, 100 * (1 - r.cleared_share));
}

std::string key_figures(const run_figures& f, bool has_ed) {
  std::string out =
      "<div class=\"scroll\"><table><thead><tr><th>figure</th><th class=\"n\">mean</th>"
      "<th class=\"n\">range (p05-p95)</th><th class=\"n\"></th></tr></thead><tbody>\n";
  page_notes notes;
  for (const detail::key_row& row : detail::key_figure_rows(has_ed, f.decision.called_off_share)) {
    const metric* m = row.figure;
    out += m == nullptr ? backlog_days_row(f.recovery, notes)
                        : figure_row(m->label_on_page(), f.headline[m->figure], notes,
                                     detail::aside_text(*m, f, num));
  }
  return out + "</tbody></table></div>\n" + notes_html(notes);
}

std::string specialty_table(const trust_result& t) {
  std::string out = fmt::format(
      "<div class=\"scroll\"><table><thead><tr><th>specialty</th>"
      "<th class=\"n\">operations planned</th><th class=\"n\">cancelled in advance</th>"
      "<th class=\"n\">on the day</th><th class=\"n\">slots planned</th>"
      "<th class=\"n\">{}</th><th class=\"n\">{}</th>"
      "</tr></thead><tbody>\n",
      headline_metrics[hf_slots].short_label, headline_metrics[hf_unfilled].short_label);
  page_notes notes;
  // The mean, and its range in brackets unless it was the same in every outcome.
  const auto with_range = [&](const stat& st) {
    const std::string shown = shown_range(st, notes);
    return shown.empty() ? num(st.mean) : fmt::format("{} ({})", num(st.mean), shown);
  };
  for (const specialty_result& sp : t.by_specialty) {
    const auto& h = sp.headline;
    out += fmt::format(
        "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
        "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
        "<td class=\"n\">{}</td></tr>\n",
        escape(sp.specialty), num(sp.operations_planned), with_range(h[hf_ops_advance]),
        num(h[hf_ops_day].mean), num(sp.slots_planned), with_range(h[hf_slots]),
        num(h[hf_unfilled].mean));
  }
  return out +
         "</tbody></table></div>\n<p class=\"note\">Means, with the 5th-95th percentile "
         "range in brackets.</p>\n" +
         notes_html(notes);
}

std::string specialty_charts(const trust_result& t) {
  std::vector<svg::bar> ops, slots;
  for (const specialty_result& sp : t.by_specialty) {
    const stat& o = sp.headline[hf_ops_advance];
    const stat& s = sp.headline[hf_slots];
    if (sp.operations_planned > 0) ops.push_back({sp.specialty, o.mean, o.p05, o.p95});
    if (sp.slots_planned > 0) slots.push_back({sp.specialty, s.mean, s.p05, s.p95});
  }
  std::string out;
  if (!ops.empty())
    out += svg::bar_chart("Operations cancelled in advance, by specialty",
                          "Mean with a whisker from the 5th to the 95th percentile of outcomes.",
                          "operations", ops);
  if (!slots.empty())
    out += svg::bar_chart("Outpatient slots cancelled, by specialty",
                          "Mean with a whisker from the 5th to the 95th percentile of outcomes.",
                          "slots", slots);
  return out;
}

/// Doctors expected at work against those the emergency roles need, hour by hour, from the
/// advance cover plan of each shift of the action.
std::string staffing_chart(const trust_result& t) {
  std::vector<std::string> labels;
  std::vector<double> present, needed;
  for (const staffing_hour& h : staffing_by_hour(t)) {
    if (h.present == 0 && h.needed == 0) continue;  // an hour no shift of the action covers
    labels.push_back(h.hour.substr(11, 5));
    present.push_back(h.present);
    needed.push_back(h.needed);
  }
  if (labels.size() < 2) return "";
  return svg::line_chart(
      "Doctors on duty against doctors the emergency roles need",
      "Doctors the trust expects at work at its planning percentile, and the "
      "doctors its emergency roles need, by hour across the action.",
      "doctors", labels,
      {{"expected at work (planned)", present}, {"needed for emergency roles", needed}});
}

std::string ed_chart(const trust_result& t) {
  std::vector<svg::band_point> points;
  for (const ed_hour& h : t.ed_waiting_by_hour)
    points.push_back({h.hour.substr(11, 5), h.waiting.p50, h.waiting.p05, h.waiting.p95});
  if (points.empty()) return "";
  return svg::band_chart("Patients waiting to be seen in the emergency department",
                         "Median by hour, with the band from the 5th to the 95th percentile.",
                         "patients waiting", points);
}

/// The band chart of one backlog (operations or slots) by day, or nothing if it stays empty.
std::string backlog_chart(const std::vector<backlog_day>& days, stat backlog_day::*backlog,
                          const char* title) {
  // Up to two weeks after the last day with anyone waiting, in any outcome.
  std::size_t last = 0;
  for (std::size_t i = 0; i < days.size(); ++i)
    if ((days[i].*backlog).p95 > 0) last = i;
  const std::size_t shown = std::min(days.size(), last + 15);
  std::vector<svg::band_point> points;
  double peak = 0;
  for (std::size_t i = 0; i < shown; ++i) {
    const stat& b = days[i].*backlog;
    peak = std::max(peak, b.p95);
    points.push_back({days[i].date.substr(5), b.mean, b.p05, b.p95});
  }
  if (!(peak > 0)) return "";
  return svg::band_chart(title,
                         "The rebooking backlog by day: mean, with the band from the 5th "
                         "to the 95th percentile.",
                         "waiting", points);
}

std::string backlog_charts(const recovery_figures& r) {
  if (r.by_day.empty()) return "";
  return backlog_chart(r.by_day, &backlog_day::operations, "Operations waiting to be rebooked") +
         backlog_chart(r.by_day, &backlog_day::slots, "Outpatient slots waiting to be rebooked");
}

std::string decision_table(const decision_figures& d, double rota_notice_days) {
  std::string out = fmt::format(
      "<h3>When to decide</h3><p>This policy decides {} days ahead. {}</p>\n"
      "<div class=\"scroll\"><table><thead><tr>"
      "<th class=\"n\">days ahead</th><th class=\"n\">operations cancelled</th>"
      "<th class=\"n\">{}</th><th class=\"n\">{}</th>"
      "<th class=\"n\">{}</th></tr></thead><tbody>\n",
      num(d.decision_days), escape(decision_caption(d, rota_notice_days)),
      headline_metrics[hf_slots].short_label, headline_metrics[hf_unnecessary].short_label,
      headline_metrics[hf_unfilled].short_label);
  for (const lead_time_row& row : d.by_lead_time) {
    out += fmt::format(
        "<tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
        "<td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
        num(row.days), num(row.operations.mean), num(row.slots.mean), num(row.unnecessary.mean),
        num(row.unfilled_hours.mean));
  }
  return out + "</tbody></table></div>\n";
}

/// "kept at risk (cancelled on the day in 15% of outcomes)".
std::string status_shown(const session_row& s) {
  std::string shown = session_status_names[static_cast<std::size_t>(s.status)];
  std::replace(shown.begin(), shown.end(), '_', ' ');
  if (s.status == session_status::kept_at_risk)
    shown += fmt::format(" (cancelled on the day in {:.0f}% of outcomes)",
                         100 * s.cancelled_on_the_day_share);
  return shown;
}

std::string sessions_table(const std::vector<session_row>& sessions) {
  if (sessions.empty()) return "";
  std::string out =
      "<h3>Every theatre list and clinic of the action</h3><div class=\"scroll\"><table><thead>"
      "<tr><th>session</th><th>date</th><th>time</th><th>specialty</th><th>priority</th>"
      "<th class=\"n\">patients</th><th>status</th><th>why</th></tr></thead><tbody>\n";
  for (const session_row& s : sessions) {
    out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{} {}</td>"
        "<td class=\"status-{}\">{}</td><td>{}</td></tr>\n",
        escape(s.id), escape(s.date), escape(s.time), escape(s.specialty), escape(s.priority),
        num(s.patients), s.kind == session_kind::theatre_list ? "operations" : "slots",
        escape(session_status_names[static_cast<std::size_t>(s.status)]), escape(status_shown(s)),
        escape(s.reason));
  }
  return out + "</tbody></table></div>\n";
}

std::string trust_section(const trust_result& t, double rota_notice_days) {
  const bool has_ed = shows_ed(t.figures);
  std::string out = fmt::format("<section><h2>{}</h2>\n", escape(t.name));
  out += key_figures(t.figures, has_ed);
  out += "<h3>By specialty</h3>\n" + specialty_table(t) + specialty_charts(t);
  out += staffing_chart(t);
  if (has_ed) out += ed_chart(t);
  out += backlog_charts(t.figures.recovery);
  out += decision_table(t.figures.decision, rota_notice_days);
  out += sessions_table(t.sessions);
  return out + "</section>\n";
}

std::string total_section(const run_result& result) {
  const run_figures& total = result.total;
  std::string out = fmt::format("<section><h2>{}</h2>\n",
                                escape(fmt::format("Total, {} trusts", result.trusts.size())));
  out += key_figures(total, shows_ed(total)) + backlog_charts(total.recovery) +
         decision_table(total.decision, result.meta.rota_notice_days);
  return out + "</section>\n";
}

/// One decimal, or a whole number from 100 up (as the tables of key figures).
std::string range_text(const stat& s) {
  return fmt::format("{} – {}", num(s.p05), num(s.p95));
}

/// The two parts of each range of the total: the drawn assumptions, chance alone beside the full
/// range, and a tornado chart of what drives each headline figure of planned care.
std::string range_parts_section(const run_result& result) {
  const range_parts& parts = *result.parts;
  const run_figures& total = result.total;
  std::string out =
      "<section><h2>What the ranges are made of</h2>\n"
      "<p>Each range has two parts. <strong>Chance</strong>: how many doctors strike, which ones, "
      "and how many patients arrive, different on every simulated day. <strong>What we don't "
      "know</strong>: the assumptions below, which no source pins down, drawn anew for each "
      "simulated day (one draw for the whole country). The same simulated days run again with "
      "every assumption at its central value give the range of chance alone.</p>\n"
      "<div class=\"scroll\"><table><thead><tr><th>assumption</th><th>distribution</th>"
      "<th>central value</th></tr></thead><tbody>\n";
  for (const drawn_input& in : parts.inputs)
    out += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td class=\"n\">{}</td></tr>\n",
                       escape(in.key), escape(in.distribution),
                       escape(fmt::format("{:g}", in.central)));
  out +=
      "</tbody></table></div>\n<div class=\"scroll\"><table><thead><tr><th></th>"
      "<th>full range</th><th>chance alone</th><th></th></tr></thead><tbody>\n";
  for (const detail::key_row& row :
       detail::key_figure_rows(shows_ed(total), total.decision.called_off_share)) {
    if (row.figure == nullptr) continue;
    const headline_figure f = row.figure->figure;
    out += fmt::format(
        "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>\n",
        escape(row.figure->label_on_page()), escape(range_text(total.headline[f])),
        escape(range_text(parts.chance_only[f])),
        escape(narrower(total.headline[f], parts.chance_only[f])));
  }
  out += "</tbody></table></div>\n";
  if (parts.too_few_replications)
    out += fmt::format(
        "<p class=\"note\">Too few replications to tell what drives the ranges: at least {} for "
        "{} assumptions.</p>\n",
        2 * (parts.inputs.size() + 1), parts.inputs.size());
  for (const headline_figure f : {hf_ops_advance, hf_slots, hf_planned_care_maintained}) {
    std::vector<svg::signed_bar> bars;
    for (std::size_t j = 0; j < parts.inputs.size(); ++j)
      if (const std::optional<double>& c = parts.drivers[f][j])
        bars.push_back({parts.inputs[j].key, shown_coefficient(*c)});
    if (bars.empty()) continue;
    std::stable_sort(bars.begin(), bars.end(), [](const auto& a, const auto& b) {
      return std::abs(a.value) > std::abs(b.value);
    });
    const metric& m = headline_metrics[f];
    const std::optional<double>& r2 = parts.r2[f];
    out += svg::tornado_chart(
        fmt::format("What drives the range of {}", m.label_on_page()),
        fmt::format("Standardized regression coefficients of {} on the drawn assumptions: the "
                    "change of the figure, in its standard deviations, per standard deviation of "
                    "the assumption, the others held fixed{}.",
                    m.label_on_page(),
                    r2 ? fmt::format("; together they explain {:.0f}% of its variance", 100 * *r2)
                       : std::string{}),
        "standardized regression coefficient", bars);
  }
  return out + "</section>\n";
}

/// The input files, each trust file once.
std::string file_list(const run_meta& m) {
  std::string files;
  files += fmt::format("<li>scenario: <code>{}</code></li>", escape(m.scenario_file));
  files += fmt::format("<li>action: <code>{}</code></li>", escape(m.action_file));
  files += fmt::format("<li>policy: <code>{}</code></li>", escape(m.policy_file));
  std::vector<std::string> trusts;
  for (const std::string& t : m.trust_files)
    if (std::find(trusts.begin(), trusts.end(), t) == trusts.end()) trusts.push_back(t);
  for (const std::string& t : trusts)
    files += fmt::format("<li>trust: <code>{}</code></li>", escape(t));
  for (const std::string& set : m.changes.overrides)
    files += fmt::format("<li>changed with <code>--set {}</code></li>", escape(set));
  return files;
}

std::string about(const run_meta& m) {
  return fmt::format(
      "<section><h2>About this model</h2>\n"
      "<p>strikesim simulates a hospital trust on junior doctors' strike days. Before the action "
      "the trust plans cover for a pessimistic turnout (the policy's percentile of absence): "
      "emergency roles are filled first, then theatre lists and clinics in clinical priority, a "
      "session kept only if all its roles can be filled (an exact maximum-flow assignment, with "
      "consultants acting down where the policy allows). On each simulated day the real turnout "
      "is drawn, sessions the doctors present cannot staff are cancelled on the day, and the "
      "emergency department and services run as a discrete-event simulation. Cancelled work is "
      "rebooked into spare capacity afterwards.</p>\n"
      "<p><strong>Not modelled:</strong> nurses and other staff (assumed at work), beds, "
      "crowding-driven escalation, the effect of waits on outcomes, case-by-case theatre "
      "durations, specialty-specific rebooking, and daylight saving.</p>\n"
      "<p><strong>Assumptions and sources:</strong> every number in the files below carries a "
      "source tag defined in the file's header, or says that it is an assumption. Results are "
      "what these inputs imply, not measurements; ranges are the 5th to 95th percentiles of "
      "simulated outcomes.</p>\n<ul>{}</ul>\n"
      "<p class=\"meta\">strikesim {} · seed {} · {} replications. Reproduce this page with "
      "<code>{}</code>.</p>"
      "</section>\n",
      file_list(m), escape(m.version), m.seed, m.replications,
      escape(reproduce_command(m, "html", "report.html")));
}

}  // namespace

std::vector<staffing_hour> staffing_by_hour(const trust_result& t) {
  std::vector<staffing_hour> out;
  for (const ed_hour& h : t.ed_waiting_by_hour) {
    staffing_hour row{h.hour};
    for (const shift_cover& shift : t.cover_plan) {
      if (shift.start > row.hour || shift.end <= row.hour) continue;
      for (const planned_staff& pool : shift.staff)
        row.present += pool.planned_present;
      for (const emergency_role& role : shift.emergency_roles)
        row.needed += role.needed;
    }
    out.push_back(std::move(row));
  }
  return out;
}

std::string report_headline(const run_result& result) {
  const run_figures& t = result.total;
  const stat& unfilled = t.headline[hf_unfilled];
  const stat& ops = t.headline[hf_ops_advance];
  const stat& slots = t.headline[hf_slots];
  std::string s =
      fmt::format("{} would cancel {} of {} planned operations and {} of {} outpatient slots",
                  name_of(result), headline_amount(ops), num(t.operations_planned),
                  headline_amount(slots), num(t.slots_planned));
  // The share of outcomes a range covers, only beside a range: a figure the same in every
  // outcome is one number.
  if (shape_of(ops) != spread_shape::none || shape_of(slots) != spread_shape::none)
    s += " (90% of simulated outcomes)";
  const double day = t.headline[hf_ops_day].mean;
  if (day >= 0.5) s += fmt::format(", and about {} more operations on the day", num(day));
  s += ".";
  if (unfilled.mean >= 0.5) {
    s += fmt::format(" Emergency roles would stand empty for {} hours", num(unfilled.mean));
    if (const std::string far = extreme(unfilled); !far.empty())
      s += fmt::format(" ({}; {})", range(unfilled), far);
    else if (shape_of(unfilled) != spread_shape::none)
      s += fmt::format(" ({})", range(unfilled));
    s += ".";
  }
  if (t.decision.called_off_share > 0)
    s += fmt::format(
        " The action was called off in {:.0f}% of outcomes; {} operations and slots "
        "were cancelled for nothing.",
        100 * t.decision.called_off_share, headline_amount(t.headline[hf_unnecessary]));
  return s;
}

std::string report_html(const run_result& result) {
  const run_meta& m = result.meta;
  std::string content;
  constexpr std::size_t listed = listed_trusts;
  if (result.trusts.size() > 1) content += total_section(result);
  if (result.trusts.size() <= listed) {
    for (const trust_result& t : result.trusts)
      content += trust_section(t, m.rota_notice_days);
    if (result.parts) content += range_parts_section(result);
  } else {
    if (result.parts) content += range_parts_section(result);
    content += fmt::format(
        "<p class=\"note\">{} trusts: each trust's figures are in the JSON "
        "results (<code>--format json</code>).</p>\n",
        result.trusts.size());
  }
  std::string summary = fmt::format(
      "Action: {} ({}) · policy: {} ({}) · {} replications, seed {} · ranges are the 5th to 95th "
      "percentiles of simulated outcomes.",
      escape(m.action_name), escape(m.action), escape(m.policy_name), escape(m.policy),
      m.replications, m.seed);
  if (!m.changes.overrides.empty())
    summary += fmt::format(" Changed with --set: {}.",
                           escape(fmt::format("{}", fmt::join(m.changes.overrides, ", "))));
  std::string description;
  for (const std::string& text : {m.description, illustrative_note(m)})
    if (!text.empty())
      description += fmt::format("<p class=\"description\">{}</p>\n", escape(text));
  return detail::fill_page({{"title", escape(run_title(m))},
                            {"scenario_name", escape(m.name)},
                            {"description", description},
                            {"version", escape(m.version)},
                            {"headline", escape(report_headline(result))},
                            {"summary", summary},
                            {"content", content},
                            {"about", about(m)}});
}

}  // namespace strikesim::model
