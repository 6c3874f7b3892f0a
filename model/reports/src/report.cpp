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

/// "Tue 26 Apr" for "2016-04-26" (or a local time that starts with it).
std::string day_words(std::string_view iso) {
  static constexpr std::array<const char*, 7> weekdays = {"Mon", "Tue", "Wed", "Thu",
                                                          "Fri", "Sat", "Sun"};
  static constexpr std::array<const char*, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (iso.size() < 10) return std::string(iso);
  const auto part = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i)
      v = v * 10 + (iso[i] - '0');
    return v;
  };
  const date d{part(0, 4), part(5, 2), part(8, 2)};
  if (d.month < 1 || d.month > 12) return std::string(iso);
  // days_from_civil counts from 1970-01-01, a Thursday.
  const auto wd = static_cast<std::size_t>(((days_from_civil(d) % 7) + 7 + 3) % 7);
  return fmt::format("{} {} {}", weekdays[wd], d.day,
                     months[static_cast<std::size_t>(d.month - 1)]);
}

/// "Tue 26 Apr 08:00" for "2016-04-26T08:00".
std::string time_words(std::string_view iso) {
  return iso.size() >= 16 ? day_words(iso) + " " + std::string(iso.substr(11, 5))
                          : std::string(iso);
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
      "<tr><th scope=\"row\">{}</th><td class=\"n\" data-label=\"mean\">{}</td>"
      "<td class=\"n\" data-label=\"range (p05-p95)\">{}</td><td class=\"n\">{}</td></tr>\n",
      escape(label), num(st.mean), shown_range(st, notes), escape(of));
}

std::string backlog_days_row(const recovery_figures& r, page_notes& notes) {
  if (r.backlog_days) return figure_row(backlog_days_label, *r.backlog_days, notes);
  return fmt::format(
      "<tr><th scope=\"row\">{}</th><td class=\"n\">-</td>"
      "<td class=\"n\" colspan=\"2\">not within {} days in {:.0f}% of outcomes</td></tr>\n",
      backlog_days_label, r.horizon_days, 100 * (1 - r.cleared_share));
}

std::string key_figures(const run_figures& f, bool has_ed) {
  std::string out =
      "<table class=\"reflow\"><thead><tr><th scope=\"col\">figure</th>"
      "<th scope=\"col\" class=\"n\">mean</th><th scope=\"col\" class=\"n\">range (p05-p95)</th>"
      "<th scope=\"col\" class=\"n\"></th></tr></thead><tbody>\n";
  page_notes notes;
  for (const detail::key_row& row : detail::key_figure_rows(has_ed, f.decision.called_off_share)) {
    const metric* m = row.figure;
    out += m == nullptr ? backlog_days_row(f.recovery, notes)
                        : figure_row(m->label_on_page(), f.headline[m->figure], notes,
                                     detail::aside_text(*m, f, num));
  }
  return out + "</tbody></table>\n" + notes_html(notes);
}

std::string specialty_table(const trust_result& t) {
  std::string out = fmt::format(
      "<table class=\"reflow\"><thead><tr><th scope=\"col\">specialty</th>"
      "<th scope=\"col\" class=\"n\">operations planned</th>"
      "<th scope=\"col\" class=\"n\">cancelled in advance</th>"
      "<th scope=\"col\" class=\"n\">on the day</th><th scope=\"col\" class=\"n\">slots "
      "planned</th>"
      "<th scope=\"col\" class=\"n\">{}</th><th scope=\"col\" class=\"n\">{}</th>"
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
        "<tr><th scope=\"row\">{}</th><td class=\"n\" data-label=\"operations planned\">{}</td>"
        "<td class=\"n\" data-label=\"cancelled in advance\">{}</td>"
        "<td class=\"n\" data-label=\"on the day\">{}</td>"
        "<td class=\"n\" data-label=\"slots planned\">{}</td>"
        "<td class=\"n\" data-label=\"slots cancelled\">{}</td>"
        "<td class=\"n\" data-label=\"unfilled role hours\">{}</td></tr>\n",
        escape(sp.name), num(sp.operations_planned), with_range(h[hf_ops_advance]),
        num(h[hf_ops_day].mean), num(sp.slots_planned), with_range(h[hf_slots]),
        num(h[hf_unfilled].mean));
  }
  return out +
         "</tbody></table>\n<p class=\"note\">Means, with the 5th-95th percentile "
         "range in brackets.</p>\n" +
         notes_html(notes);
}

std::string specialty_charts(const trust_result& t) {
  std::vector<svg::bar> ops, slots;
  for (const specialty_result& sp : t.by_specialty) {
    const stat& o = sp.headline[hf_ops_advance];
    const stat& s = sp.headline[hf_slots];
    if (sp.operations_planned > 0) ops.push_back({sp.name, o.mean, o.p05, o.p95});
    if (sp.slots_planned > 0) slots.push_back({sp.name, s.mean, s.p05, s.p95});
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
  // The table above has the same numbers: the charts are left off the printed page.
  return out.empty() ? out : "<div class=\"screen-only\">" + out + "</div>\n";
}

std::string ed_chart(const trust_result& t) {
  std::vector<svg::band_point> points;
  for (const ed_hour& h : t.ed_waiting_by_hour)
    points.push_back({time_words(h.hour), h.waiting.p50, h.waiting.p05, h.waiting.p95});
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
    points.push_back({day_words(days[i].date), b.mean, b.p05, b.p95});
  }
  if (!(peak > 0)) return "";
  return svg::band_chart(title,
                         "The rebooking backlog by day: mean, with the band from the 5th "
                         "to the 95th percentile.",
                         "waiting", points);
}

std::string backlog_charts(const recovery_figures& r) {
  if (r.by_day.empty()) return "";
  const std::string charts =
      backlog_chart(r.by_day, &backlog_day::operations, "Operations waiting to be rebooked") +
      backlog_chart(r.by_day, &backlog_day::slots, "Outpatient slots waiting to be rebooked");
  return charts.empty() ? charts : "<div class=\"pair\">" + charts + "</div>\n";
}

/// "1 day ahead", "7 days ahead", "on the day" (0).
std::string days_words(double days) {
  if (days == 0) return "on the day";
  return fmt::format("{} {} ahead", num(days), days == 1 ? "day" : "days");
}

std::string decision_table(const decision_figures& d, double rota_notice_days) {
  std::string out = fmt::format(
      "<h3>When to decide</h3><p>The table shows what the operations and slots cancelled, those "
      "cancelled for an action then called off, and the emergency role hours left empty would "
      "have been had the trust decided that many days ahead. This policy decides {} days ahead. "
      "{}</p>\n"
      "<table class=\"reflow\" id=\"decision-table\"><thead><tr>"
      "<th scope=\"col\" class=\"n\">days ahead</th>"
      "<th scope=\"col\" class=\"n\">operations cancelled</th>"
      "<th scope=\"col\" class=\"n\">{}</th><th scope=\"col\" class=\"n\">{}</th>"
      "<th scope=\"col\" class=\"n\">{}</th></tr></thead><tbody>\n",
      num(d.decision_days), escape(decision_caption(d, rota_notice_days)),
      headline_metrics[hf_slots].short_label, headline_metrics[hf_unnecessary].short_label,
      headline_metrics[hf_unfilled].short_label);
  for (const lead_time_row& row : d.by_lead_time) {
    out += fmt::format(
        "<tr><th scope=\"row\" class=\"n\">{}</th>"
        "<td class=\"n\" data-label=\"operations cancelled\">{}</td>"
        "<td class=\"n\" data-label=\"slots cancelled\">{}</td>"
        "<td class=\"n\" data-label=\"cancelled for nothing\">{}</td>"
        "<td class=\"n\" data-label=\"unfilled role hours\">{}</td></tr>\n",
        days_words(row.days), num(row.operations.mean), num(row.slots.mean),
        num(row.unnecessary.mean), num(row.unfilled_hours.mean));
  }
  return out + "</tbody></table>\n";
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

/// "operations" or "slots".
const char* unit_of(const session_row& s) {
  return s.kind == session_kind::theatre_list ? "operations" : "slots";
}

/// The appendix: every session, in a folded <details>.
std::string sessions_table(const std::vector<session_row>& sessions) {
  if (sessions.empty()) return "";
  std::string out = fmt::format(
      "<details class=\"appendix\"><summary>Appendix: every theatre list and clinic of the "
      "action ({})</summary>\n<table class=\"reflow\"><thead>"
      "<tr><th scope=\"col\">session</th><th scope=\"col\">date</th><th scope=\"col\">time</th>"
      "<th scope=\"col\">specialty</th><th scope=\"col\">priority</th>"
      "<th scope=\"col\" class=\"n\">patients</th><th scope=\"col\">status</th>"
      "<th scope=\"col\">why</th></tr></thead><tbody>\n",
      sessions.size());
  for (const session_row& s : sessions) {
    out += fmt::format(
        "<tr><th scope=\"row\">{}</th><td data-label=\"date\">{}</td>"
        "<td data-label=\"time\">{}</td><td data-label=\"specialty\">{}</td>"
        "<td data-label=\"priority\">{}</td><td class=\"n\" data-label=\"patients\">{} {}</td>"
        "<td class=\"status-{}\" data-label=\"status\">{}</td><td data-label=\"why\">{}</td>"
        "</tr>\n",
        escape(s.name), escape(day_words(s.date)), escape(s.time), escape(s.specialty_name),
        escape(s.priority), num(s.patients), unit_of(s),
        escape(session_status_names[static_cast<std::size_t>(s.status)]), escape(status_shown(s)),
        escape(s.reason));
  }
  return out + "</tbody></table></details>\n";
}

/// The headings of the session groups, by status.
constexpr std::array<const char*, 4> status_headings = {
    "Not counted as planned", "Cancelled in advance", "Kept", "Kept, at risk on the day"};

/// Sessions grouped by status and, within it, by specialty, each group folded (<details>), its
/// reason said once.
std::string sessions_grouped(const std::vector<session_row>& sessions) {
  if (sessions.empty()) return "";
  std::string out =
      "<h3>Theatre lists and clinics</h3>\n<p class=\"note\">Grouped by what happens to them and "
      "by specialty; open a group to see its lists and clinics.</p>\n";
  for (const session_status status :
       {session_status::cancelled_in_advance, session_status::kept_at_risk, session_status::kept,
        session_status::not_planned}) {
    std::vector<const session_row*> of;
    for (const session_row& s : sessions)
      if (s.status == status) of.push_back(&s);
    if (of.empty()) continue;
    std::vector<std::string> specialties;
    double ops = 0, slots = 0;
    for (const session_row* s : of) {
      (s->kind == session_kind::theatre_list ? ops : slots) += s->patients;
      if (std::find(specialties.begin(), specialties.end(), s->specialty_name) == specialties.end())
        specialties.push_back(s->specialty_name);
    }
    const auto status_index = static_cast<std::size_t>(status);
    out += fmt::format(
        "<details class=\"group status-{}\"><summary>{}: {} lists and clinics ({} operations, "
        "{} slots)</summary>\n",
        session_status_names[status_index], status_headings[status_index], of.size(), num(ops),
        num(slots));
    for (const std::string& sp : specialties) {
      std::vector<std::string> reasons, items;
      double sp_ops = 0, sp_slots = 0;
      for (const session_row* s : of) {
        if (s->specialty_name != sp) continue;
        (s->kind == session_kind::theatre_list ? sp_ops : sp_slots) += s->patients;
        if (!s->reason.empty() &&
            std::find(reasons.begin(), reasons.end(), s->reason) == reasons.end())
          reasons.push_back(s->reason);
        std::string item =
            fmt::format("<li>{} · {} {} · {} · {} {}", escape(s->name), escape(day_words(s->date)),
                        escape(s->time), escape(s->priority), num(s->patients), unit_of(*s));
        if (s->status == session_status::kept_at_risk)
          item += fmt::format(" · cancelled on the day in {:.0f}% of outcomes",
                              100 * s->cancelled_on_the_day_share);
        items.push_back(item + "</li>");
      }
      out += fmt::format(
          "<details class=\"subgroup\"><summary>{}: {} ({} operations, {} slots)</summary>\n",
          escape(sp), items.size(), num(sp_ops), num(sp_slots));
      for (const std::string& why : reasons)
        out += fmt::format("<p class=\"why\">Why: {}.</p>\n", escape(why));
      out += fmt::format("<ul>{}</ul></details>\n", fmt::format("{}", fmt::join(items, "")));
    }
    out += "</details>\n";
  }
  return out;
}

/// Operations or slots of sessions of one priority: planned, cancelled in advance, and expected
/// to be cancelled on the day (the mean over outcomes).
struct priority_count {
  double planned = 0, advance = 0, on_the_day = 0;
};

/// "What goes": the work by clinical priority, and cancer and urgent sessions at risk by name.
std::string what_goes(const trust_result& t) {
  std::string out = "<h3>What goes</h3>\n";
  std::array<std::array<priority_count, 2>, priority_names.size()> by{};  // [priority][clinic]
  for (const session_row& se : t.sessions) {
    if (se.status == session_status::not_planned) continue;
    std::size_t p = 0;
    while (p + 1 < priority_names.size() && se.priority != priority_names[p])
      ++p;
    priority_count& c = by[p][se.kind == session_kind::clinic ? 1 : 0];
    c.planned += se.patients;
    if (se.status == session_status::cancelled_in_advance) c.advance += se.patients;
    c.on_the_day += se.cancelled_on_the_day_share * se.patients;
  }
  out +=
      "<table class=\"reflow\"><caption>Planned work by clinical priority: cancelled in advance, "
      "and expected to be cancelled on the day (mean over outcomes)</caption><thead><tr>"
      "<th scope=\"col\">priority</th><th scope=\"col\" class=\"n\">operations planned</th>"
      "<th scope=\"col\" class=\"n\">cancelled in advance</th>"
      "<th scope=\"col\" class=\"n\">on the day</th><th scope=\"col\" class=\"n\">slots "
      "planned</th><th scope=\"col\" class=\"n\">cancelled in advance</th>"
      "<th scope=\"col\" class=\"n\">on the day</th></tr></thead><tbody>\n";
  for (std::size_t p = 0; p < priority_names.size(); ++p) {
    const priority_count& o = by[p][0];
    const priority_count& c = by[p][1];
    if (o.planned == 0 && c.planned == 0) continue;
    out += fmt::format(
        "<tr><th scope=\"row\">{}</th><td class=\"n\" data-label=\"operations planned\">{}</td>"
        "<td class=\"n\" data-label=\"cancelled in advance\">{}</td>"
        "<td class=\"n\" data-label=\"on the day\">{}</td>"
        "<td class=\"n\" data-label=\"slots planned\">{}</td>"
        "<td class=\"n\" data-label=\"cancelled in advance\">{}</td>"
        "<td class=\"n\" data-label=\"on the day\">{}</td></tr>\n",
        name_from_id(priority_names[p]), num(o.planned), num(o.advance), num(o.on_the_day),
        num(c.planned), num(c.advance), num(c.on_the_day));
  }
  out += "</tbody></table>\n";
  // Cancer and urgent sessions cancelled in advance or at risk on the day, by name.
  std::vector<std::string> named;
  for (const session_row& se : t.sessions) {
    if (se.priority == priority_names[2]) continue;
    if (se.status == session_status::cancelled_in_advance)
      named.push_back(fmt::format(
          "<li><strong>{}</strong> ({}, {} {}, {} {}): cancelled in "
          "advance</li>",
          escape(se.name), escape(se.priority), escape(day_words(se.date)), escape(se.time),
          num(se.patients), se.kind == session_kind::theatre_list ? "operations" : "slots"));
    else if (se.status == session_status::kept_at_risk)
      named.push_back(fmt::format(
          "<li><strong>{}</strong> ({}, {} {}, {} {}): kept, but cancelled on the day in {:.0f}% "
          "of outcomes</li>",
          escape(se.name), escape(se.priority), escape(day_words(se.date)), escape(se.time),
          num(se.patients), se.kind == session_kind::theatre_list ? "operations" : "slots",
          100 * se.cancelled_on_the_day_share));
  }
  if (named.empty())
    out +=
        "<p class=\"callout\">No cancer or urgent list or clinic is cancelled in advance or "
        "at risk on the day.</p>\n";
  else
    out += fmt::format(
        "<div class=\"callout\"><p><strong>Cancer and urgent work at risk ({}):</strong></p>"
        "<ul>{}</ul></div>\n",
        named.size(), fmt::format("{}", fmt::join(named, "")));
  return out;
}

/// The heat map's colour bands of the margin (doctors at work less those the roles need).
const std::vector<svg::heat_band>& margin_bands() {
  static const std::vector<svg::heat_band> bands = {{-0.25, "#b2182b", "short of doctors"},
                                                    {0.5, "#fbd7b8", "no spare doctor"},
                                                    {2.5, "#d1e5f0", "1-2 spare"},
                                                    {1e300, "#4393c3", "3 or more spare"}};
  return bands;
}

/// Where and when emergency cover is thin: each service's realised margin by hour of the report
/// period (its 5th percentile over outcomes colours the cell), with the hours in which roles were
/// left empty marked.
std::string cover_heat_map(const trust_result& t) {
  std::vector<svg::heat_row> rows;
  std::vector<std::string> hours;
  const service_result* worst = nullptr;
  std::string worst_hour;
  double worst_margin = 1e300;
  for (const service_result& sv : t.services) {
    if (sv.by_hour.empty()) continue;
    svg::heat_row row{sv.name.empty() ? name_from_id(sv.id) : sv.name, {}};
    if (hours.empty())
      for (const cover_hour& h : sv.by_hour)
        hours.push_back(h.hour);
    for (const cover_hour& h : sv.by_hour) {
      const bool empty_roles = h.unfilled_role_hours.mean >= 0.005;
      if (h.margin.p05 < worst_margin) {
        worst_margin = h.margin.p05;
        worst = &sv;
        worst_hour = h.hour;
      }
      row.cells.push_back(
          {h.margin.p05, empty_roles,
           fmt::format("{}, {}: {} doctors over the roles on average, {} in the worst 1 in 20 "
                       "outcomes; {} role hours empty (mean)",
                       row.label, time_words(h.hour), fmt::format("{:.1f}", h.margin.mean),
                       fmt::format("{:.1f}", h.margin.p05),
                       fmt::format("{:.2f}", h.unfilled_role_hours.mean)),
           fmt::format(" data-service=\"{}\" data-hour=\"{}\" data-margin-mean=\"{:.3f}\" "
                       "data-margin-p05=\"{:.3f}\" data-unfilled-mean=\"{:.3f}\"",
                       escape(sv.id), escape(h.hour), h.margin.mean, h.margin.p05,
                       h.unfilled_role_hours.mean)});
    }
    rows.push_back(std::move(row));
  }
  if (rows.empty() || hours.empty()) return "";
  std::vector<svg::heat_column> columns;
  for (std::size_t c = 0; c < hours.size(); ++c) {
    const std::string clock = hours[c].substr(11, 5);
    svg::heat_column col;
    if (c == 0 || clock == "00:00") col.day = day_words(hours[c]);
    if (clock == "08:00" || clock == "17:00" || (hours.size() <= 30 && clock == "12:00"))
      col.tick = clock;
    columns.push_back(std::move(col));
  }
  double unfilled = 0;
  for (const service_result& sv : t.services)
    unfilled += sv.unfilled_role_hours.mean;
  std::string out = "<h3>Where and when emergency cover is thin</h3>\n<p>";
  if (worst != nullptr && worst_margin < -0.5)
    out += fmt::format(
        "Thinnest: <strong>{}</strong> at {}, short by {} in the worst 1 in 20 "
        "outcomes. ",
        escape(worst->name.empty() ? worst->id : worst->name), escape(time_words(worst_hour)),
        -worst_margin < 1.5 ? std::string("a doctor")
                            : fmt::format("{:.0f} doctors", -worst_margin));
  else if (worst != nullptr)
    out += "No service is short of doctors in 19 outcomes of 20. ";
  out += fmt::format(
      "Emergency roles stand empty for {} hours on average in all. Each cell is one hour of one "
      "service: the doctors at work in it on the day (after the strike, acting down and "
      "redeployment, not the advance plan) less the doctors its emergency roles need, in the "
      "worst 1 in 20 simulated outcomes.</p>\n",
      num(unfilled));
  out += svg::heat_map(
      "Emergency cover by service and hour: spare doctors over the roles",
      "For each emergency service and hour of the action, the realised margin of doctors at "
      "work over the doctors the service's emergency roles need, at the 5th percentile of "
      "simulated outcomes; a dot marks an hour in which some role was left empty.",
      columns, rows, margin_bands(), "roles left empty (mean > 0)");
  return out;
}

/// From which lead time waiting stops paying: the row (from the earliest decision to the latest)
/// after which deciding later cancels no fewer operations and slots.
std::string waiting_sentence(const decision_figures& d) {
  if (d.by_lead_time.size() < 2) return "";
  std::vector<lead_time_row> rows = d.by_lead_time;
  std::sort(rows.begin(), rows.end(),
            [](const lead_time_row& a, const lead_time_row& b) { return a.days > b.days; });
  const auto cost = [](const lead_time_row& r) { return r.operations.mean + r.slots.mean; };
  std::size_t best = 0;
  for (std::size_t i = 1; i < rows.size(); ++i)
    if (cost(rows[i]) < cost(rows[best]) - 0.5) best = i;
  const lead_time_row& b = rows[best];
  // What the emergency roles pay for it, when that differs.
  const auto roles = [](const lead_time_row& r, const lead_time_row& other) {
    if (std::abs(r.unfilled_hours.mean - other.unfilled_hours.mean) < 0.5) return std::string{};
    return fmt::format(", and leaves emergency roles empty for {} hours against {}",
                       num(r.unfilled_hours.mean), num(other.unfilled_hours.mean));
  };
  if (best == 0)
    return fmt::format(
        "<p><strong>Waiting does not pay here:</strong> deciding {}, the earliest shown, cancels "
        "the fewest operations and slots together ({} and {}); any later decision cancels "
        "more.</p>\n",
        days_words(b.days), num(b.operations.mean), num(b.slots.mean));
  return fmt::format(
      "<p><strong>Waiting pays until {}</strong>: deciding then cancels the fewest operations "
      "and slots together ({} and {}, against {} and {} deciding {}){}; deciding later than that "
      "cancels no fewer.</p>\n",
      days_words(b.days), num(b.operations.mean), num(b.slots.mean), num(rows[0].operations.mean),
      num(rows[0].slots.mean), days_words(rows[0].days), roles(b, rows[0]));
}

/// How long recovery takes, in one sentence, with its charts.
std::string recovery_section(const recovery_figures& r) {
  std::string out = "<h3>How long recovery takes</h3>\n<p>";
  if (r.backlog_days)
    out += fmt::format(
        "The cancelled work is rebooked within {} days on average ({} in 90% of outcomes); at "
        "its peak {} operations and {} slots wait to be rebooked.",
        num(r.backlog_days->mean), range(*r.backlog_days), num(r.peak_operations.mean),
        num(r.peak_slots.mean));
  else
    out += fmt::format("The backlog is not rebooked within {} days in {:.0f}% of outcomes.",
                       r.horizon_days, 100 * (1 - r.cleared_share));
  return out + "</p>\n" + backlog_charts(r);
}

std::string trust_section(const trust_result& t, double rota_notice_days, std::uint64_t reps) {
  const bool has_ed = shows_ed(t.figures);
  std::string out = fmt::format("<section><h2>{}</h2>\n", escape(t.name));
  out += what_goes(t);
  out += "<h4>By specialty</h4>\n" + specialty_table(t) + specialty_charts(t);
  out += cover_heat_map(t);
  if (has_ed) out += ed_chart(t);
  out += decision_table(t.figures.decision, rota_notice_days);
  out += waiting_sentence(t.figures.decision);
  out += recovery_section(t.figures.recovery);
  out += fmt::format(
      "<h3>How sure we are</h3>\n<p>Every figure is a distribution over {} simulated outcomes "
      "of the same action: the mean, and the range from the 5th to the 95th percentile (90% of "
      "outcomes fall in it). The ranges are chance (who strikes, how many patients come) and "
      "what the files leave uncertain; they are not measurements.</p>\n",
      reps);
  out += key_figures(t.figures, has_ed);
  out += sessions_grouped(t.sessions);
  out += sessions_table(t.sessions);
  return out + "</section>\n";
}

/// The journalist's chart: the share of the planned work the action cancels, with its range.
std::string quote_chart(const run_figures& f) {
  std::vector<svg::bar> bars;
  const auto share = [&](const char* label, const stat& s, double planned) {
    if (planned > 0 && (s.p95 > 0 || s.mean > 0))  // a share that is never above 0 says nothing
      bars.push_back({label, 100 * s.mean / planned, 100 * s.p05 / planned, 100 * s.p95 / planned,
                      fmt::format(" data-figure=\"{}\"", label)});
  };
  share("operations, in advance", f.headline[hf_ops_advance], f.operations_planned);
  share("operations, on the day", f.headline[hf_ops_day], f.operations_planned);
  share("outpatient slots", f.headline[hf_slots], f.slots_planned);
  if (bars.empty()) return "";
  return svg::bar_chart("Share of the planned work cancelled",
                        "The percentage of planned operations and outpatient slots the action "
                        "cancels: mean, with a whisker from the 5th to the 95th percentile of "
                        "simulated outcomes.",
                        "% of planned", bars);
}

/// The trusts side by side: a table and charts (a region's page).
std::string trust_comparison(const run_result& result) {
  std::string out =
      "<h3>Trust by trust</h3>\n<table class=\"reflow\" id=\"trust-comparison\"><thead><tr>"
      "<th scope=\"col\">trust</th><th scope=\"col\" class=\"n\">operations planned</th>"
      "<th scope=\"col\" class=\"n\">cancelled in advance</th>"
      "<th scope=\"col\" class=\"n\">slots planned</th>"
      "<th scope=\"col\" class=\"n\">slots cancelled</th>"
      "<th scope=\"col\" class=\"n\">unfilled role hours</th></tr></thead><tbody>\n";
  page_notes notes;
  const auto with_range = [&](const stat& st) {
    const std::string shown = shown_range(st, notes);
    return shown.empty() ? num(st.mean) : fmt::format("{} ({})", num(st.mean), shown);
  };
  std::vector<svg::bar> ops, slots;
  for (const trust_result& t : result.trusts) {
    const run_figures& f = t.figures;
    const stat& o = f.headline[hf_ops_advance];
    const stat& sl = f.headline[hf_slots];
    out += fmt::format(
        "<tr data-trust=\"{}\"><th scope=\"row\">{}</th>"
        "<td class=\"n\" data-label=\"operations planned\">{}</td>"
        "<td class=\"n\" data-label=\"cancelled in advance\">{}</td>"
        "<td class=\"n\" data-label=\"slots planned\">{}</td>"
        "<td class=\"n\" data-label=\"slots cancelled\">{}</td>"
        "<td class=\"n\" data-label=\"unfilled role hours\">{}</td></tr>\n",
        escape(t.id), escape(t.name), num(f.operations_planned), with_range(o),
        num(f.slots_planned), with_range(sl), num(f.headline[hf_unfilled].mean));
    const auto data = [&](const stat& st) {
      return fmt::format(
          " data-trust=\"{}\" data-mean=\"{:.3f}\" data-p05=\"{:.3f}\" "
          "data-p95=\"{:.3f}\"",
          escape(t.id), st.mean, st.p05, st.p95);
    };
    ops.push_back({t.name, o.mean, o.p05, o.p95, data(o)});
    slots.push_back({t.name, sl.mean, sl.p05, sl.p95, data(sl)});
  }
  out +=
      "</tbody></table>\n<p class=\"note\">Means, with the 5th-95th percentile range in "
      "brackets.</p>\n" +
      notes_html(notes);
  out += svg::bar_chart("Operations cancelled in advance, by trust",
                        "Mean with a whisker from the 5th to the 95th percentile of outcomes.",
                        "operations", ops);
  out += svg::bar_chart("Outpatient slots cancelled, by trust",
                        "Mean with a whisker from the 5th to the 95th percentile of outcomes.",
                        "slots", slots);
  return out;
}

/// The trusts of a composite summed by the archetype each copies: means only (a range of a sum
/// is not the sum of the ranges).
std::string archetype_composite(const run_result& result) {
  struct group {
    std::string archetype;
    int trusts = 0;
    double ops_planned = 0, ops = 0, slots_planned = 0, slots = 0, unfilled = 0;
  };
  std::vector<group> groups;
  for (const trust_result& t : result.trusts) {
    if (t.archetype.empty()) continue;
    auto g = std::find_if(groups.begin(), groups.end(),
                          [&](const group& x) { return x.archetype == t.archetype; });
    if (g == groups.end()) g = groups.insert(groups.end(), group{t.archetype});
    g->trusts += 1;
    g->ops_planned += t.figures.operations_planned;
    g->ops += t.figures.headline[hf_ops_advance].mean + t.figures.headline[hf_ops_day].mean;
    g->slots_planned += t.figures.slots_planned;
    g->slots += t.figures.headline[hf_slots].mean;
    g->unfilled += t.figures.headline[hf_unfilled].mean;
  }
  if (groups.empty()) return "";
  std::string out =
      "<h3>By type of trust</h3>\n<p>The trusts summed by the archetype each is a copy of "
      "(scenarios/archetypes/): means over the simulated outcomes; a range of a sum is not the "
      "sum of the ranges, so none is shown.</p>\n<table class=\"reflow\" id=\"archetypes\">"
      "<thead><tr><th scope=\"col\">type of trust</th><th scope=\"col\" class=\"n\">trusts</th>"
      "<th scope=\"col\" class=\"n\">operations planned</th>"
      "<th scope=\"col\" class=\"n\">operations cancelled</th>"
      "<th scope=\"col\" class=\"n\">slots planned</th>"
      "<th scope=\"col\" class=\"n\">slots cancelled</th>"
      "<th scope=\"col\" class=\"n\">unfilled role hours</th></tr></thead><tbody>\n";
  std::vector<svg::bar> bars;
  for (const group& g : groups) {
    const std::string name = name_from_id(g.archetype);
    out += fmt::format(
        "<tr data-archetype=\"{}\"><th scope=\"row\">{}</th>"
        "<td class=\"n\" data-label=\"trusts\">{}</td>"
        "<td class=\"n\" data-label=\"operations planned\">{}</td>"
        "<td class=\"n\" data-label=\"operations cancelled\">{}</td>"
        "<td class=\"n\" data-label=\"slots planned\">{}</td>"
        "<td class=\"n\" data-label=\"slots cancelled\">{}</td>"
        "<td class=\"n\" data-label=\"unfilled role hours\">{}</td></tr>\n",
        escape(g.archetype), escape(name), g.trusts, num(g.ops_planned), num(g.ops),
        num(g.slots_planned), num(g.slots), num(g.unfilled));
    const double planned = g.ops_planned + g.slots_planned;
    if (planned > 0) {
      const double share = 100 * (g.ops + g.slots) / planned;
      bars.push_back({name, share, share, share,
                      fmt::format(" data-archetype=\"{}\" data-share=\"{:.3f}\"",
                                  escape(g.archetype), share)});
    }
  }
  out += "</tbody></table>\n";
  out += svg::bar_chart("Share of planned work cancelled, by type of trust",
                        "Operations (in advance and on the day) and outpatient slots cancelled, "
                        "as a percentage of those planned, summed over the trusts of each type "
                        "(means).",
                        "% of planned", bars);
  return out;
}

std::string total_section(const run_result& result) {
  const run_figures& total = result.total;
  std::string out = fmt::format("<section><h2>{}</h2>\n",
                                escape(fmt::format("Total, {} trusts", result.trusts.size())));
  out += key_figures(total, shows_ed(total));
  if (result.trusts.size() <= listed_trusts) out += trust_comparison(result);
  out += archetype_composite(result);
  out += backlog_charts(total.recovery) +
         decision_table(total.decision, result.meta.rota_notice_days) +
         waiting_sentence(total.decision);
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
      "<section><details class=\"section\"><summary><h2>What the ranges are made of</h2>"
      "</summary>\n"
      "<p>Each range has two parts. <strong>Chance</strong>: how many doctors strike, which ones, "
      "and how many patients arrive, different on every simulated day. <strong>What we don't "
      "know</strong>: the assumptions below, which no source pins down, drawn anew for each "
      "simulated day (one draw for the whole country). The same simulated days run again with "
      "every assumption at its central value give the range of chance alone.</p>\n"
      "<table class=\"reflow\"><thead><tr><th scope=\"col\">assumption</th>"
      "<th scope=\"col\">distribution</th><th scope=\"col\">central value</th></tr></thead>"
      "<tbody>\n";
  for (const drawn_input& in : parts.inputs)
    out += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td class=\"n\">{}</td></tr>\n",
                       escape(in.key), escape(in.distribution),
                       escape(fmt::format("{:g}", in.central)));
  out +=
      "</tbody></table>\n<table class=\"reflow\"><thead><tr><th scope=\"col\"></th>"
      "<th scope=\"col\">full range</th><th scope=\"col\">chance alone</th>"
      "<th scope=\"col\"></th></tr></thead><tbody>\n";
  for (const detail::key_row& row :
       detail::key_figure_rows(shows_ed(total), total.decision.called_off_share)) {
    if (row.figure == nullptr) continue;
    const headline_figure f = row.figure->figure;
    out += fmt::format(
        "<tr><th scope=\"row\">{}</th><td class=\"n\" data-label=\"full range\">{}</td>"
        "<td class=\"n\" data-label=\"chance alone\">{}</td><td>{}</td></tr>\n",
        escape(row.figure->label_on_page()), escape(range_text(total.headline[f])),
        escape(range_text(parts.chance_only[f])),
        escape(narrower(total.headline[f], parts.chance_only[f])));
  }
  out += "</tbody></table>\n";
  if (parts.too_few_replications)
    out += fmt::format(
        "<p class=\"note\">Too few replications to tell what drives the ranges: at least {} for "
        "{} assumptions.</p>\n",
        2 * (parts.inputs.size() + 1), parts.inputs.size());
  for (const headline_figure f : {hf_ops_advance, hf_slots, hf_planned_care_maintained}) {
    // Only the drivers told apart from chance, each labelled with its 95% margin; the others
    // are counted in the caption (a bar for a fluke of the seed would be read as a driver).
    std::vector<svg::signed_bar> bars;
    std::size_t within_chance = 0;
    for (std::size_t j = 0; j < parts.inputs.size(); ++j) {
      if (beyond_chance(parts, f, j))
        bars.push_back(
            {fmt::format("{} (\u00b1{:.2f})", parts.inputs[j].key, *parts.driver_margins[f][j]),
             shown_coefficient(*parts.drivers[f][j])});
      else if (parts.drivers[f][j])
        ++within_chance;
    }
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
                    "the assumption, the others held fixed{}; each with its 95% margin{}.",
                    m.label_on_page(),
                    r2 ? fmt::format("; together they explain {:.0f}% of its variance", 100 * *r2)
                       : std::string{},
                    within_chance == 0
                        ? std::string{}
                        : fmt::format(". Left out: {} whose coefficient is within its margin "
                                      "of 0, which this many replications cannot tell from "
                                      "chance",
                                      within_chance)),
        "standardized regression coefficient", bars);
  }
  return out + "</details></section>\n";
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
      content += trust_section(t, m.rota_notice_days, m.replications);
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
                            {"quote_chart", quote_chart(result.total)},
                            {"scenario_name", escape(m.name)},
                            {"description", description},
                            {"version", escape(m.version)},
                            {"headline", escape(report_headline(result))},
                            {"summary", summary},
                            {"content", content},
                            {"about", about(m)}});
}

}  // namespace strikesim::model
