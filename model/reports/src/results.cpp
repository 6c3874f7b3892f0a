#include "strikesim/reports/results.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

namespace strikesim::model {

nlohmann::ordered_json stat_to_json(const stat& s) {
  nlohmann::ordered_json j;
  j["mean"] = s.mean;
  j["sd"] = s.sd;
  j["p05"] = s.p05;
  j["p50"] = s.p50;
  j["p95"] = s.p95;
  j["ci95"] = {s.ci_low, s.ci_high};
  return j;
}

namespace {

/// "2016-01-12T08:00" for a scenario minute.
std::string local_time_text(const scenario& sc, instant at) {
  const auto m = static_cast<std::int64_t>(std::llround(at.value()));
  const std::int64_t day = (m >= 0 ? m : m - 1439) / 1440;
  const std::int64_t in_day = m - day * 1440;
  const date d = civil_from_days(days_from_civil(sc.first_day) + day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}", d.year, d.month, d.day, in_day / 60,
                     in_day % 60);
}

/// "2016-01-12" for a scenario day.
std::string date_text(const scenario& sc, int day) {
  return local_time_text(sc, instant{day * 1440.0}).substr(0, 10);
}

nlohmann::ordered_json band_json(const sim::streaming_sample& v) {
  const stat st = summarise(v);
  return {{"mean", st.mean}, {"p05", st.p05}, {"p95", st.p95}};
}

nlohmann::ordered_json stat_json(const sim::streaming_sample& v) {
  return stat_to_json(summarise(v));
}

/// The share of replications (0 without any) in which something happened `times` times.
double share_of(std::uint64_t times, std::uint64_t replications) {
  return replications == 0 ? 0.0 : static_cast<double>(times) / static_cast<double>(replications);
}

nlohmann::ordered_json decision_json(const prepared_scenario& prep, const figure_series& s,
                                     std::uint64_t replications) {
  const policy& pol = prep.source->plan_policy;
  nlohmann::ordered_json j;
  j["decision_days"] = pol.decision_days;
  j["called_off_share"] = share_of(s.called_off, replications);
  j["unnecessary_cancellations"] = stat_json(s.headline[hf_unnecessary]);
  j["unnecessary_operations"] = stat_json(s.ops_unnecessary);
  j["unnecessary_outpatient_slots"] = stat_json(s.slots_unnecessary);
  auto& table = j["by_lead_time"];
  table = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < pol.lead_times.size() && !s.by_lead.empty(); ++i) {
    nlohmann::ordered_json row;
    row["days"] = pol.lead_times[i];
    const lead_figures& lead = s.by_lead[i];
    row["operations_cancelled"] = stat_json(lead.operations);
    row["outpatient_slots_cancelled"] = stat_json(lead.slots);
    row["unnecessary_cancellations"] = stat_json(lead.unnecessary);
    row["unfilled_emergency_role_hours"] = stat_json(lead.unfilled_role_hours);
    table.push_back(std::move(row));
  }
  return j;
}

nlohmann::ordered_json recovery_json(const prepared_scenario& prep, const figure_series& s,
                                     std::uint64_t replications) {
  const recovery_policy& rp = prep.source->plan_policy.recovery;
  nlohmann::ordered_json j;
  j["horizon_days"] = rp.horizon_days;
  const double share =
      replications == 0 ? 1.0 : share_of(s.backlog_days_cleared.count(), replications);
  j["cleared_within_horizon_share"] = share;
  // Days until clear, only when every outcome clears: a mean over the ones that do would flatter.
  if (share >= 1.0)
    j["backlog_days"] = stat_json(s.backlog_days_cleared);
  else
    j["backlog_days"] = nullptr;
  j["patient_days_delay"] = stat_json(s.headline[hf_patient_days]);
  j["displaced_at_delay_cap"] = stat_json(s.displaced);
  j["peak_backlog_operations"] = stat_json(s.peak_ops);
  j["peak_backlog_outpatient_slots"] = stat_json(s.peak_slots);
  auto& by_day = j["backlog_by_day"];
  by_day = nlohmann::ordered_json::array();
  for (std::size_t d = 0; d < s.backlog_ops.size(); ++d) {
    nlohmann::ordered_json row;
    row["date"] = date_text(*prep.source, prep.first_report_day + static_cast<int>(d));
    row["operations"] = band_json(s.backlog_ops[d]);
    row["outpatient_slots"] = band_json(s.backlog_slots[d]);
    by_day.push_back(std::move(row));
  }
  return j;
}

void metrics_json(nlohmann::ordered_json& j, const figure_series& s) {
  j["elective_operations"]["planned"] = s.ops_planned;
  j["elective_operations"]["cancelled_in_advance"] = stat_json(s.headline[hf_ops_advance]);
  j["elective_operations"]["cancelled_on_the_day"] = stat_json(s.headline[hf_ops_day]);
  j["outpatient_slots"]["planned"] = s.slots_planned;
  j["outpatient_slots"]["cancelled"] = stat_json(s.headline[hf_slots]);
  j["emergency_care"]["ed_attendances"] = stat_json(s.headline[hf_attendances]);
  j["emergency_care"]["four_hour_percent"] = stat_json(s.headline[hf_four_hour]);
  j["emergency_care"]["unfilled_emergency_role_hours"] = stat_json(s.headline[hf_unfilled]);
  j["emergency_care"]["mean_minutes_in_department"] = stat_json(s.headline[hf_mean_tid]);
  j["cover"]["consultant_act_down_hours"] = stat_json(s.headline[hf_act_down]);
}

/// Why a session is not run as booked, in words ("" when it is).
const char* reason_text(session_status_reason reason) {
  switch (reason) {
    case session_status_reason::none:
      return "";
    case session_status_reason::short_of_expected_doctors:
      return "not enough doctors expected at the planning percentile once emergency cover is "
             "filled";
    case session_status_reason::never_staffed:
      return "cannot be staffed even with everyone at work (not counted as planned)";
  }
  return "";
}

std::string clock_range(const session& se) {
  return fmt::format("{:02}:{:02}-{:02}:{:02}", se.start_minute / 60, se.start_minute % 60,
                     se.end_minute / 60, se.end_minute % 60);
}

/// Emergency services: empty role hours, requests served, waits and queues.
nlohmann::ordered_json services_json(const outcome_summary& summary, std::size_t index) {
  const trust& t = *summary.prep().trusts[index].source;
  const std::vector<service_figures>& figures = summary.trust(index).services;
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (std::size_t sv = 0; sv < t.services.size(); ++sv) {
    nlohmann::ordered_json j;
    j["id"] = t.services[sv].id;
    j["name"] = t.services[sv].name;
    j["kind"] = service_kind_names[static_cast<std::size_t>(t.services[sv].kind)];
    j["unfilled_role_hours"] = stat_json(figures[sv].unfilled_role_hours);
    j["served"] = stat_json(figures[sv].served);
    j["mean_wait_minutes"] = stat_json(figures[sv].mean_wait_minutes);
    j["mean_queue"] = stat_json(figures[sv].mean_queue);
    out.push_back(std::move(j));
  }
  return out;
}

/// Patients waiting to be seen in the ED, hour by hour over the report period.
nlohmann::ordered_json ed_by_hour_json(const outcome_summary& summary, std::size_t index) {
  const prepared_scenario& prep = summary.prep();
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (int h = 0; h < prep.report_hours; ++h) {
    const stat st = summarise(summary.trust(index).ed_waiting_by_hour[static_cast<std::size_t>(h)]);
    nlohmann::ordered_json j;
    j["hour"] = local_time_text(*prep.source, prep.source->report_start + one_hour * h);
    j["mean"] = st.mean;
    j["p05"] = st.p05;
    j["p50"] = st.p50;
    j["p95"] = st.p95;
    out.push_back(std::move(j));
  }
  return out;
}

/// Every planned session of the report period: kept, cancelled in advance (and why), or at risk
/// of cancellation on the day (the share of replications in which it was).
nlohmann::ordered_json sessions_json(const outcome_summary& summary, std::size_t index) {
  const prepared_scenario& prep = summary.prep();
  const prepared_trust& pt = prep.trusts[index];
  const trust& t = *pt.source;
  const std::vector<std::uint64_t>& cancelled = summary.trust(index).cancelled_on_day;
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < pt.reported_sessions.size(); ++i) {
    const shift_instance& in = pt.instances[pt.reported_sessions[i].instance];
    const std::size_t k = pt.reported_sessions[i].slot;
    const session& se = t.sessions[in.problem.sessions[k].session];
    nlohmann::ordered_json j;
    j["id"] = se.id;
    j["date"] = date_text(*prep.source, in.day);
    j["time"] = clock_range(se);
    j["specialty"] = se.specialty;
    j["kind"] = session_kind_names[static_cast<std::size_t>(se.kind)];
    j["priority"] = priority_names[static_cast<std::size_t>(se.priority)];
    j[se.kind == session_kind::theatre_list ? "operations" : "slots"] =
        se.kind == session_kind::theatre_list ? se.operations : se.slots;
    const double share = share_of(cancelled[i], summary.replications());
    if (!in.baseline[k]) {
      j["status"] = "not_planned";
    } else if (!in.advance[k]) {
      j["status"] = "cancelled_in_advance";
    } else {
      j["status"] = share > 0 ? "kept_at_risk" : "kept";
    }
    j["cancelled_on_the_day_share"] = share;
    j["reason"] = reason_text(in.advance_reason[k]);
    out.push_back(std::move(j));
  }
  return out;
}

/// The advance cover plan of each shift in the action: expected turnout, and who fills each
/// emergency role.
nlohmann::ordered_json cover_plan_json(const prepared_scenario& prep, std::size_t index) {
  const prepared_trust& pt = prep.trusts[index];
  const trust& t = *pt.source;
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const shift_instance& in : pt.instances) {
    if (!in.reports_sessions()) continue;
    const cover_problem& p = in.problem;
    const cover_plan& plan = in.advance_plan;
    nlohmann::ordered_json j;
    j["shift"] = t.shifts[in.shift].id;
    j["start"] = local_time_text(*prep.source, in.start);
    j["end"] = local_time_text(*prep.source, in.end);
    auto& pools = j["staff"];
    pools = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < p.pools.size(); ++i) {
      nlohmann::ordered_json pj;
      pj["specialty"] = p.pools[i].specialty;
      pj["grade"] = grade_names[static_cast<std::size_t>(p.pools[i].level)];
      pj["emergency_rota"] = p.pools[i].christmas_day;
      pj["rostered"] = p.pools[i].rostered;
      pj["planned_present"] =
          in.planned_supply.empty() ? p.pools[i].rostered : in.planned_supply[i];
      pools.push_back(std::move(pj));
    }
    auto& roles = j["emergency_roles"];
    roles = nlohmann::ordered_json::array();
    int act_down = 0;
    for (std::size_t r = 0; r < p.roles.size(); ++r) {
      nlohmann::ordered_json rj;
      for (const assignment& a : plan.assignments) {
        if (a.role != r) continue;
        if (p.pools[a.pool].level == grade::consultant && p.roles[r].min_grade != grade::consultant)
          act_down += a.doctors;
        if (!p.roles[r].emergency) continue;
        rj["filled_by"].push_back(
            {{"specialty", p.pools[a.pool].specialty},
             {"grade", grade_names[static_cast<std::size_t>(p.pools[a.pool].level)]},
             {"doctors", a.doctors}});
      }
      if (!p.roles[r].emergency) continue;
      nlohmann::ordered_json role;
      role["service"] = t.services[p.roles[r].owner].id;
      role["specialty"] = p.roles[r].specialty;
      role["grade"] = grade_names[static_cast<std::size_t>(p.roles[r].min_grade)];
      role["needed"] = p.roles[r].count;
      role["planned_filled"] = plan.role_filled[r];
      role["filled_by"] =
          rj.contains("filled_by") ? rj["filled_by"] : nlohmann::ordered_json::array();
      roles.push_back(std::move(role));
    }
    j["consultants_acting_down"] = act_down;
    j["emergency_places_unfilled"] = plan.emergency_unfilled;
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace

nlohmann::ordered_json results_json(const outcome_summary& summary, const std::string& version) {
  const prepared_scenario& prep = summary.prep();
  const std::uint64_t n = summary.replications();
  const scenario& sc = *prep.source;
  nlohmann::ordered_json doc;
  doc["schema"] = "strikesim.result/1";
  auto& meta = doc["scenario"];
  meta["name"] = sc.name;
  meta["files"]["scenario"] = sc.file;
  meta["files"]["action"] = sc.action.file;
  meta["files"]["policy"] = sc.plan_policy.file;
  for (const trust& t : sc.trusts)
    meta["files"]["trusts"].push_back(t.file);
  meta["action"] = sc.action.id;
  meta["policy"] = sc.plan_policy.id;
  meta["seed"] = sc.run.seed;
  meta["replications"] = n;
  meta["version"] = version;

  doc["participation"] = stat_json(summary.participation());

  doc["trusts"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < prep.trusts.size(); ++i) {
    const prepared_trust& pt = prep.trusts[i];
    const trust& t = *pt.source;
    const trust_figures& figures = summary.trust(i);
    nlohmann::ordered_json tj;
    tj["id"] = t.id;
    tj["name"] = t.name;
    metrics_json(tj, figures.series);
    tj["decision"] = decision_json(prep, figures.series, n);
    tj["recovery"] = recovery_json(prep, figures.series, n);
    auto& by = tj["by_specialty"];
    by = nlohmann::ordered_json::array();
    for (std::size_t sp = 0; sp < t.specialties.size(); ++sp) {
      nlohmann::ordered_json sj;
      sj["specialty"] = t.specialties[sp];
      sj["elective_operations"]["planned"] = pt.planned_operations_by_specialty[sp];
      const specialty_figures& of = figures.by_specialty[sp];
      sj["elective_operations"]["cancelled_in_advance"] = stat_json(of.ops_cancelled_advance);
      sj["elective_operations"]["cancelled_on_the_day"] = stat_json(of.ops_cancelled_day);
      sj["outpatient_slots"]["planned"] = pt.planned_slots_by_specialty[sp];
      sj["outpatient_slots"]["cancelled"] = stat_json(of.slots_cancelled);
      sj["emergency_care"]["unfilled_emergency_role_hours"] = stat_json(of.unfilled_role_hours);
      by.push_back(std::move(sj));
    }
    tj["services"] = services_json(summary, i);
    tj["ed_waiting_by_hour"] = ed_by_hour_json(summary, i);
    tj["sessions"] = sessions_json(summary, i);
    tj["cover_plan"] = cover_plan_json(prep, i);
    doc["trusts"].push_back(std::move(tj));
  }

  nlohmann::ordered_json tot;
  const figure_series& total = summary.series(all_trusts);
  metrics_json(tot, total);
  tot["decision"] = decision_json(prep, total, n);
  tot["recovery"] = recovery_json(prep, total, n);
  doc["total"] = std::move(tot);
  return doc;
}

std::string results_text(const outcome_summary& summary) {
  const prepared_scenario& prep = summary.prep();
  const std::uint64_t n = summary.replications();
  const scenario& sc = *prep.source;
  std::string out = fmt::format(
      "{}\n{} replications, seed {}; ranges are p05-p95 (90% of simulated outcomes)\n\n", sc.name,
      n, sc.run.seed);
  auto row = [&](const std::string& label, const sim::streaming_sample& v, const std::string& of) {
    const stat st = summarise(v);
    out += fmt::format("  {:<36} {:>10.1f}   {:>9.1f} - {:<9.1f}{}\n", label, st.mean, st.p05,
                       st.p95, of);
  };
  auto section = [&](const std::string& name, const figure_series& s, bool has_ed) {
    const auto& h = s.headline;
    out += fmt::format("{}\n  {:<36} {:>10}   {:>21}\n", name, "", "mean", "range");
    row("operations cancelled in advance", h[hf_ops_advance], fmt::format(" of {}", s.ops_planned));
    row("operations cancelled on the day", h[hf_ops_day], fmt::format(" of {}", s.ops_planned));
    row("outpatient slots cancelled", h[hf_slots], fmt::format(" of {}", s.slots_planned));
    row("unfilled emergency role hours", h[hf_unfilled], "");
    row("consultant hours acting down", h[hf_act_down], "");
    if (has_ed) {
      row("ED attendances", h[hf_attendances], "");
      row("ED seen within 4 hours (%)", h[hf_four_hour], "");
      row("ED mean minutes in department", h[hf_mean_tid], "");
    }
    const double called_off = share_of(s.called_off, n);
    if (called_off > 0) {
      row(fmt::format("cancelled, action called off ({:.0f}%)", 100 * called_off),
          h[hf_unnecessary], " operations and slots");
    }
    const int horizon = sc.plan_policy.recovery.horizon_days;
    if (s.never_cleared == 0) {
      row("days until the backlog is rebooked", s.backlog_days_cleared, "");
    } else {
      out += fmt::format("  {:<36} {:>10}   not within {} days in {:.0f}% of outcomes\n",
                         "days until the backlog is rebooked", "-", horizon,
                         100.0 * static_cast<double>(s.never_cleared) / static_cast<double>(n));
    }
    row("patient-days of delay", h[hf_patient_days], "");
    out += "\n";
  };
  // The decision: what each lead time would have given (same turnout and call-off draws).
  auto lead_table = [&](const figure_series& s) {
    const policy& pol = sc.plan_policy;
    if (s.by_lead.empty()) return;
    out += fmt::format(
        "Deciding N days ahead (this policy: {} days; consultants need {} days' notice to act "
        "down)\n  {:>6} {:>12} {:>12} {:>14} {:>16}\n",
        pol.decision_days, pol.rota_notice_days, "days", "operations", "slots", "unnecessary",
        "unfilled hours");
    for (std::size_t i = 0; i < pol.lead_times.size(); ++i) {
      const lead_figures& lead = s.by_lead[i];
      const auto mean = [](const sim::streaming_sample& v) { return summarise(v).mean; };
      out += fmt::format("  {:>6} {:>12.1f} {:>12.1f} {:>14.1f} {:>16.1f}\n", pol.lead_times[i],
                         mean(lead.operations), mean(lead.slots), mean(lead.unnecessary),
                         mean(lead.unfilled_role_hours));
    }
    out +=
        "  (mean cancellations, those made for an action then called off, and unfilled\n"
        "  emergency role hours)\n\n";
  };
  // A national composite has too many trusts to list: its total, and the trusts in JSON.
  constexpr std::size_t listed = 12;
  bool any_ed = false;
  for (std::size_t i = 0; i < prep.trusts.size(); ++i) {
    any_ed = any_ed || prep.trusts[i].source->ed.has_value();
    if (prep.trusts.size() <= listed)
      section(prep.trusts[i].source->name, summary.series(i),
              prep.trusts[i].source->ed.has_value());
  }
  const figure_series& total = summary.series(all_trusts);
  if (prep.trusts.size() > 1) {
    section(fmt::format("Total, {} trusts{}", prep.trusts.size(),
                        prep.trusts.size() > listed ? " (each trust: --format json)" : ""),
            total, any_ed);
  }
  lead_table(total);
  return out;
}

std::vector<headline> headline_metrics(const outcome_summary& summary, std::size_t index) {
  const figure_series& s = summary.series(index);
  std::vector<headline> out;
  for (std::size_t m = 0; m < hf_count; ++m)
    out.push_back({headline_names[m].key, headline_names[m].label, summarise(s.headline[m])});
  return out;
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string number_text(double x) {
  // nlohmann::json writes doubles the same way (shortest round trip), so CSV and JSON agree.
  return nlohmann::json(x).dump();
}

namespace {

/// Rows "trust,specialty,metric,statistic,value" for every figure under `j`: a Stat (or a band of
/// mean, p05, p95) gives a row per statistic, a number one "value" row, and a table by lead time
/// or by day one group of rows per entry ("decision.by_lead_time[7].operations_cancelled").
void csv_rows(std::string& out, const std::string& trust, const std::string& specialty,
              const std::string& prefix, const nlohmann::ordered_json& j) {
  for (const auto& [key, value] : j.items()) {
    std::string metric = prefix;
    if (!metric.empty()) metric += '.';
    metric += key;
    const std::string lead =
        fmt::format("{},{},{},", csv_field(trust), csv_field(specialty), csv_field(metric));
    if (value.is_number()) {
      out += lead + "value," + number_text(value.get<double>()) + "\n";
    } else if (value.is_object() && value.contains("mean")) {
      for (const auto& [st, x] : value.items()) {
        if (x.is_number()) out += lead + st + "," + number_text(x.get<double>()) + "\n";
      }
      if (value.contains("ci95")) {
        out += lead + "ci95_lo," + number_text(value["ci95"][0].get<double>()) + "\n";
        out += lead + "ci95_hi," + number_text(value["ci95"][1].get<double>()) + "\n";
      }
    } else if (value.is_object()) {
      csv_rows(out, trust, specialty, metric, value);
    } else if (value.is_array()) {
      for (const auto& row : value) {
        if (!row.is_object()) continue;
        const auto label = row.contains("days")   ? fmt::format("{:g}", row["days"].get<double>())
                           : row.contains("date") ? row["date"].get<std::string>()
                                                  : std::string{};
        if (label.empty()) continue;
        nlohmann::ordered_json rest = row;
        rest.erase("days");
        rest.erase("date");
        csv_rows(out, trust, specialty, fmt::format("{}[{}]", metric, label), rest);
      }
    }
  }
}

/// The metric groups of a trust or total object (not its lists of services, sessions, ...).
nlohmann::ordered_json metric_groups(const nlohmann::ordered_json& t) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const char* g : {"elective_operations", "outpatient_slots", "emergency_care", "cover",
                        "decision", "recovery"})
    if (t.contains(g)) out[g] = t[g];
  return out;
}

}  // namespace

std::string results_csv(const nlohmann::ordered_json& result) {
  std::string out = "trust,specialty,metric,statistic,value\n";
  for (const auto& t : result.at("trusts")) {
    const std::string id = t.at("id").get<std::string>();
    csv_rows(out, id, "all", "", metric_groups(t));
    for (const auto& sp : t.at("by_specialty"))
      csv_rows(out, id, sp.at("specialty").get<std::string>(), "", metric_groups(sp));
  }
  csv_rows(out, "total", "all", "", metric_groups(result.at("total")));
  nlohmann::ordered_json participation;
  participation["action"]["participation"] = result.at("participation");
  csv_rows(out, "total", "all", "", participation);
  return out;
}

}  // namespace strikesim::model
