#include "strikesim/reports/report.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <string_view>

#include "report_template.hpp"
#include "shared.hpp"
#include "strikesim/reports/svg.hpp"

namespace strikesim::model {

namespace {

using json = nlohmann::ordered_json;
using detail::num;
using svg::escape;

std::string range(const json& stat) {
  const double lo = stat.at("p05").get<double>(), hi = stat.at("p95").get<double>();
  return num(lo) == num(hi) ? num(lo) : num(lo) + "-" + num(hi);
}

std::string str(const json& j, const char* key) {
  return j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : "";
}

std::string name_of(const json& result) {
  const json& trusts = result.at("trusts");
  if (trusts.size() == 1) return str(trusts[0], "name");
  return fmt::format("The {} trusts together", trusts.size());
}

/// One row of the key-figures table.
std::string figure_row(std::string_view label, const json& stat, std::string_view of = "") {
  return fmt::format(
      "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
      "<td class=\"n\">{}</td></tr>\n",
      escape(label), num(stat.at("mean").get<double>()), range(stat), escape(of));
}

std::string key_figures(const json& t, bool has_ed) {
  const json& ops = t.at("elective_operations");
  const json& slots = t.at("outpatient_slots");
  const json& ec = t.at("emergency_care");
  const std::string ops_of = "of " + num(ops.at("planned").get<double>());
  std::string out =
      "<div class=\"scroll\"><table><thead><tr><th>figure</th><th class=\"n\">mean</th>"
      "<th class=\"n\">range (p05-p95)</th><th class=\"n\"></th></tr></thead><tbody>\n";
  out += figure_row("operations cancelled in advance", ops.at("cancelled_in_advance"), ops_of);
  out += figure_row("operations cancelled on the day", ops.at("cancelled_on_the_day"), ops_of);
  out += figure_row("outpatient slots cancelled", slots.at("cancelled"),
                    "of " + num(slots.at("planned").get<double>()));
  out += figure_row("unfilled emergency role hours", ec.at("unfilled_emergency_role_hours"));
  out += figure_row("consultant hours acting down", t.at("cover").at("consultant_act_down_hours"));
  if (has_ed) {
    out += figure_row("ED attendances", ec.at("ed_attendances"));
    out += figure_row("ED patients seen within 4 hours (%)", ec.at("four_hour_percent"));
    out += figure_row("ED mean minutes in department", ec.at("mean_minutes_in_department"));
  }
  if (t.contains("decision") && t.at("decision").at("called_off_share").get<double>() > 0)
    out += figure_row("cancelled for an action then called off",
                      t.at("decision").at("unnecessary_cancellations"), "operations and slots");
  if (t.contains("recovery")) {
    const json& rec = t.at("recovery");
    if (rec.at("backlog_days").is_null()) {
      out += fmt::format(
          "<tr><td>days until the backlog is rebooked</td><td class=\"n\">-</td>"
          "<td class=\"n\" colspan=\"2\">not within {} days in {:.0f}% of outcomes</td></tr>\n",
          rec.at("horizon_days").get<int>(),
          100 * (1 - rec.at("cleared_within_horizon_share").get<double>()));
    } else {
      out += figure_row("days until the backlog is rebooked", rec.at("backlog_days"));
    }
    out += figure_row("patient-days of delay", rec.at("patient_days_delay"));
  }
  return out + "</tbody></table></div>\n";
}

std::string specialty_table(const json& t) {
  std::string out =
      "<div class=\"scroll\"><table><thead><tr><th>specialty</th>"
      "<th class=\"n\">operations planned</th><th class=\"n\">cancelled in advance</th>"
      "<th class=\"n\">on the day</th><th class=\"n\">slots planned</th>"
      "<th class=\"n\">slots cancelled</th><th class=\"n\">unfilled emergency role hours</th>"
      "</tr></thead><tbody>\n";
  for (const json& sp : t.at("by_specialty")) {
    const json& ops = sp.at("elective_operations");
    const json& slots = sp.at("outpatient_slots");
    const json& unfilled = sp.at("emergency_care").at("unfilled_emergency_role_hours");
    out += fmt::format(
        "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{} ({})</td>"
        "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{} ({})</td>"
        "<td class=\"n\">{}</td></tr>\n",
        escape(str(sp, "specialty")), num(ops.at("planned").get<double>()),
        num(ops.at("cancelled_in_advance").at("mean").get<double>()),
        range(ops.at("cancelled_in_advance")),
        num(ops.at("cancelled_on_the_day").at("mean").get<double>()),
        num(slots.at("planned").get<double>()), num(slots.at("cancelled").at("mean").get<double>()),
        range(slots.at("cancelled")), num(unfilled.at("mean").get<double>()));
  }
  return out +
         "</tbody></table></div>\n<p class=\"note\">Means, with the 5th-95th percentile "
         "range in brackets.</p>\n";
}

std::string specialty_charts(const json& t) {
  std::vector<svg::bar> ops, slots;
  for (const json& sp : t.at("by_specialty")) {
    const std::string name = str(sp, "specialty");
    if (sp.at("elective_operations").at("planned").get<double>() > 0) {
      const json& s = sp.at("elective_operations").at("cancelled_in_advance");
      ops.push_back(
          {name, s.at("mean").get<double>(), s.at("p05").get<double>(), s.at("p95").get<double>()});
    }
    if (sp.at("outpatient_slots").at("planned").get<double>() > 0) {
      const json& s = sp.at("outpatient_slots").at("cancelled");
      slots.push_back(
          {name, s.at("mean").get<double>(), s.at("p05").get<double>(), s.at("p95").get<double>()});
    }
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
std::string staffing_chart(const json& t) {
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

std::string ed_chart(const json& t) {
  std::vector<svg::band_point> points;
  for (const json& h : t.at("ed_waiting_by_hour"))
    points.push_back({str(h, "hour").substr(11, 5), h.at("p50").get<double>(),
                      h.at("p05").get<double>(), h.at("p95").get<double>()});
  if (points.empty()) return "";
  return svg::band_chart("Patients waiting to be seen in the emergency department",
                         "Median by hour, with the band from the 5th to the 95th percentile.",
                         "patients waiting", points);
}

std::string backlog_charts(const json& t) {
  if (!t.contains("recovery")) return "";
  const json& days = t.at("recovery").at("backlog_by_day");
  if (days.empty()) return "";
  std::string out;
  for (const auto& [key, label] :
       {std::pair{"operations", "Operations waiting to be rebooked"},
        std::pair{"outpatient_slots", "Outpatient slots waiting to be rebooked"}}) {
    std::vector<svg::band_point> points;
    double peak = 0;
    // Up to two weeks after the last day with anyone waiting, in any outcome.
    std::size_t last = 0;
    for (std::size_t i = 0; i < days.size(); ++i)
      if (days[i].at(key).at("p95").get<double>() > 0) last = i;
    const std::size_t shown = std::min(days.size(), last + 15);
    for (std::size_t i = 0; i < shown; ++i) {
      const json& d = days[i];
      const json& b = d.at(key);
      peak = std::max(peak, b.at("p95").get<double>());
      points.push_back({str(d, "date").substr(5), b.at("mean").get<double>(),
                        b.at("p05").get<double>(), b.at("p95").get<double>()});
    }
    if (peak > 0)
      out += svg::band_chart(label,
                             "The rebooking backlog by day: mean, with the band from the 5th "
                             "to the 95th percentile.",
                             "waiting", points);
  }
  return out;
}

std::string decision_table(const json& t) {
  if (!t.contains("decision")) return "";
  const json& d = t.at("decision");
  std::string out = fmt::format(
      "<h3>When to decide</h3><p>This policy decides {} days ahead. Each row replays the same "
      "simulated days as if the trust had decided that many days ahead: a later decision cancels "
      "less (and less for nothing when the action is called off) but leaves consultants "
      "un-rostered and emergency roles empty.</p>\n<div class=\"scroll\"><table><thead><tr>"
      "<th class=\"n\">days ahead</th><th class=\"n\">operations cancelled</th>"
      "<th class=\"n\">slots cancelled</th><th class=\"n\">cancelled for nothing</th>"
      "<th class=\"n\">unfilled emergency role hours</th></tr></thead><tbody>\n",
      num(d.at("decision_days").get<double>()));
  for (const json& row : d.at("by_lead_time")) {
    out += fmt::format(
        "<tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
        "<td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
        num(row.at("days").get<double>()),
        num(row.at("operations_cancelled").at("mean").get<double>()),
        num(row.at("outpatient_slots_cancelled").at("mean").get<double>()),
        num(row.at("unnecessary_cancellations").at("mean").get<double>()),
        num(row.at("unfilled_emergency_role_hours").at("mean").get<double>()));
  }
  return out + "</tbody></table></div>\n";
}

std::string sessions_table(const json& t) {
  const json& sessions = t.at("sessions");
  if (sessions.empty()) return "";
  std::string out =
      "<h3>Every theatre list and clinic of the action</h3><div class=\"scroll\"><table><thead>"
      "<tr><th>session</th><th>date</th><th>time</th><th>specialty</th><th>priority</th>"
      "<th class=\"n\">patients</th><th>status</th><th>why</th></tr></thead><tbody>\n";
  for (const json& s : sessions) {
    const std::string status = str(s, "status");
    std::string shown = status;
    std::replace(shown.begin(), shown.end(), '_', ' ');
    if (status == "kept_at_risk")
      shown += fmt::format(" (cancelled on the day in {:.0f}% of outcomes)",
                           100 * s.at("cancelled_on_the_day_share").get<double>());
    const double patients =
        s.contains("operations") ? s.at("operations").get<double>() : s.at("slots").get<double>();
    out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{} {}</td>"
        "<td class=\"status-{}\">{}</td><td>{}</td></tr>\n",
        escape(str(s, "id")), escape(str(s, "date")), escape(str(s, "time")),
        escape(str(s, "specialty")), escape(str(s, "priority")), num(patients),
        s.contains("operations") ? "operations" : "slots", escape(status), escape(shown),
        escape(str(s, "reason")));
  }
  return out + "</tbody></table></div>\n";
}

std::string trust_section(const json& t) {
  const bool has_ed = t.at("emergency_care").at("ed_attendances").at("mean").get<double>() > 0;
  std::string out = fmt::format("<section><h2>{}</h2>\n", escape(str(t, "name")));
  out += key_figures(t, has_ed);
  out += "<h3>By specialty</h3>\n" + specialty_table(t) + specialty_charts(t);
  out += staffing_chart(t);
  if (has_ed) out += ed_chart(t);
  out += backlog_charts(t);
  out += decision_table(t);
  out += sessions_table(t);
  return out + "</section>\n";
}

std::string about(const json& result) {
  const json& sc = result.at("scenario");
  std::string files;
  const json& f = sc.at("files");
  files += fmt::format("<li>scenario: <code>{}</code></li>", escape(str(f, "scenario")));
  files += fmt::format("<li>action: <code>{}</code></li>", escape(str(f, "action")));
  files += fmt::format("<li>policy: <code>{}</code></li>", escape(str(f, "policy")));
  std::vector<std::string> trusts;
  for (const json& t : f.at("trusts"))
    if (std::find(trusts.begin(), trusts.end(), t.get<std::string>()) == trusts.end())
      trusts.push_back(t.get<std::string>());
  for (const std::string& t : trusts)
    files += fmt::format("<li>trust: <code>{}</code></li>", escape(t));
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
      "<code>strikesim run {} --seed {} --reps {} --format html -o report.html</code>.</p>"
      "</section>\n",
      files, escape(str(sc, "version")), sc.at("seed").dump(), sc.at("replications").dump(),
      escape(str(f, "scenario")), sc.at("seed").dump(), sc.at("replications").dump());
}

/// Replaces each {{key}} of the template once; values are HTML already.
std::string fill(std::string_view tmpl, const std::vector<std::pair<std::string, std::string>>& v) {
  std::string out;
  std::size_t at = 0;
  while (true) {
    const std::size_t open = tmpl.find("{{", at);
    if (open == std::string_view::npos) break;
    const std::size_t close = tmpl.find("}}", open);
    out.append(tmpl.substr(at, open - at));
    const std::string_view key = tmpl.substr(open + 2, close - open - 2);
    const auto it = std::find_if(v.begin(), v.end(), [&](const auto& p) { return p.first == key; });
    if (it != v.end()) out += it->second;
    at = close + 2;
  }
  out.append(tmpl.substr(at));
  return out;
}

}  // namespace

std::vector<staffing_hour> staffing_by_hour(const json& t) {
  std::vector<staffing_hour> out;
  for (const json& h : t.at("ed_waiting_by_hour")) {
    staffing_hour row{str(h, "hour")};
    for (const json& shift : t.at("cover_plan")) {
      if (str(shift, "start") > row.hour || str(shift, "end") <= row.hour) continue;
      for (const json& pool : shift.at("staff"))
        row.present += pool.at("planned_present").get<double>();
      for (const json& role : shift.at("emergency_roles"))
        row.needed += role.at("needed").get<double>();
    }
    out.push_back(std::move(row));
  }
  return out;
}

std::string report_headline(const json& result) {
  const json& t = result.at("total");
  const json& ops = t.at("elective_operations");
  const json& slots = t.at("outpatient_slots");
  std::string s = fmt::format(
      "{} would cancel {} of {} planned operations and {} of {} outpatient slots (90% of "
      "simulated outcomes)",
      name_of(result), range(ops.at("cancelled_in_advance")), num(ops.at("planned").get<double>()),
      range(slots.at("cancelled")), num(slots.at("planned").get<double>()));
  const double day = ops.at("cancelled_on_the_day").at("mean").get<double>();
  if (day >= 0.5) s += fmt::format(", and about {} more operations on the day", num(day));
  s += ".";
  const double unfilled =
      t.at("emergency_care").at("unfilled_emergency_role_hours").at("mean").get<double>();
  if (unfilled >= 0.5)
    s += fmt::format(" Emergency roles would stand empty for {} hours ({}).", num(unfilled),
                     range(t.at("emergency_care").at("unfilled_emergency_role_hours")));
  if (t.contains("decision") && t.at("decision").at("called_off_share").get<double>() > 0)
    s += fmt::format(
        " The action was called off in {:.0f}% of outcomes; {} operations and slots "
        "were cancelled for nothing.",
        100 * t.at("decision").at("called_off_share").get<double>(),
        range(t.at("decision").at("unnecessary_cancellations")));
  return s;
}

std::string report_html(const json& result) {
  const json& sc = result.at("scenario");
  const json& trusts = result.at("trusts");
  std::string content;
  constexpr std::size_t listed = 12;
  if (trusts.size() > 1) {
    json total = result.at("total");
    total["name"] = fmt::format("Total, {} trusts", trusts.size());
    const bool any_ed =
        total.at("emergency_care").at("ed_attendances").at("mean").get<double>() > 0;
    content += fmt::format("<section><h2>{}</h2>\n", escape(str(total, "name")));
    content += key_figures(total, any_ed) + backlog_charts(total) + decision_table(total);
    content += "</section>\n";
  }
  if (trusts.size() <= listed) {
    for (const json& t : trusts)
      content += trust_section(t);
  } else {
    content += fmt::format(
        "<p class=\"note\">{} trusts: each trust's figures are in the JSON "
        "results (<code>--format json</code>).</p>\n",
        trusts.size());
  }
  const std::string summary = fmt::format(
      "Action: {} · policy: {} · {} replications, seed {} · ranges are the 5th to 95th "
      "percentiles of simulated outcomes.",
      escape(str(sc, "action")), escape(str(sc, "policy")), sc.at("replications").dump(),
      sc.at("seed").dump());
  return fill(detail::report_template, {{"title", escape(str(sc, "name"))},
                                        {"scenario_name", escape(str(sc, "name"))},
                                        {"version", escape(str(sc, "version"))},
                                        {"headline", escape(report_headline(result))},
                                        {"summary", summary},
                                        {"content", content},
                                        {"about", about(result)}});
}

std::string sweep_report_html(const json& sweep) {
  const json& about_sweep = sweep.at("sweep");
  const json& points = sweep.at("points");
  const json& sens = sweep.at("sensitivity");
  std::string content =
      "<section><h2>What drives the numbers</h2>\n<p>For each figure, the "
      "standardized regression coefficient (SRC) of every swept input: the "
      "change in the figure, in standard deviations, per standard deviation "
      "of the input with the others held fixed; largest first. R&sup2; says "
      "how much of the variation across points a straight-line fit explains."
      "</p>\n";
  for (const auto& [metric, fit] : sens.items()) {
    if (fit.at("r2").is_null()) {
      content += fmt::format("<p class=\"note\">{}: does not vary across the points.</p>\n",
                             escape(metric));
      continue;
    }
    std::vector<svg::bar> bars;
    for (const json& c : fit.at("coefficients")) {
      if (c.at("src").is_null()) continue;
      const double v = c.at("src").get<double>();
      bars.push_back({fmt::format("{} ({})", str(c, "parameter"), v < 0 ? "-" : "+"), std::abs(v),
                      std::abs(v), std::abs(v)});
    }
    content += svg::bar_chart(
        fmt::format("{}: R\u00b2 = {:.2f}", metric, fit.at("r2").get<double>()),
        "Size of each input's standardized regression coefficient; the sign, in brackets, says "
        "whether the figure rises (+) or falls (-) with the input.",
        "|SRC|", bars);
  }
  content +=
      "</section>\n<section><h2>Every point</h2><div class=\"scroll\"><table><thead><tr>"
      "<th class=\"n\">point</th>";
  for (const json& p : about_sweep.at("parameters"))
    content += fmt::format("<th class=\"n\">{}</th>", escape(p.get<std::string>()));
  const std::vector<std::pair<const char*, const char*>> shown = {
      {"elective_operations.cancelled_in_advance", "operations cancelled in advance"},
      {"outpatient_slots.cancelled", "slots cancelled"},
      {"emergency_care.unfilled_emergency_role_hours", "unfilled emergency role hours"},
      {"decision.unnecessary_cancellations", "cancelled for nothing"}};
  for (const auto& [key, label] : shown)
    content += fmt::format("<th class=\"n\">{} (mean)</th>", label);
  content += "</tr></thead><tbody>\n";
  for (const json& pt : points) {
    content += fmt::format("<tr><td class=\"n\">{}</td>", pt.at("point").dump());
    for (const json& p : about_sweep.at("parameters")) {
      const json& v = pt.at("values").at(p.get<std::string>());
      content += fmt::format("<td class=\"n\">{}</td>",
                             escape(v.is_string() ? v.get<std::string>() : v.dump()));
    }
    for (const auto& [key, label] : shown)
      content += fmt::format(
          "<td class=\"n\">{}</td>",
          pt.at("total").contains(key) ? num(pt.at("total").at(key).at("mean").get<double>()) : "");
    content += "</tr>\n";
  }
  content += "</tbody></table></div></section>\n";
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
  return fill(detail::report_template, {{"title", escape(name)},
                                        {"scenario_name", escape(name)},
                                        {"version", escape(str(about_sweep, "version"))},
                                        {"headline", escape(headline)},
                                        {"summary", ""},
                                        {"content", content},
                                        {"about", footer}});
}

}  // namespace strikesim::model
