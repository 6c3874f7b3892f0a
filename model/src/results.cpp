#include "strikesim/model/results.hpp"

#include <fmt/format.h>
#include <Eigen/Core>
#include <algorithm>
#include <atomic>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

#include "strikesim/sim/stats.hpp"

namespace strikesim::model {

stat summarise(std::span<const double> values) {
  stat s;
  const auto n = static_cast<Eigen::Index>(values.size());
  if (n == 0) return s;
  const Eigen::Map<const Eigen::ArrayXd> v(values.data(), n);
  s.mean = v.mean();
  s.sd = n > 1 ? std::sqrt((v - s.mean).square().sum() / static_cast<double>(n - 1)) : 0.0;
  const double ps[] = {0.05, 0.5, 0.95};
  const std::vector<double> q = sim::quantiles(values, ps);
  s.p05 = q[0];
  s.p50 = q[1];
  s.p95 = q[2];
  double half = 0;
  if (n > 1) {
    const boost::math::students_t t(static_cast<double>(n - 1));
    half = boost::math::quantile(t, 0.975) * s.sd / std::sqrt(static_cast<double>(n));
  }
  s.ci_low = s.mean - half;
  s.ci_high = s.mean + half;
  return s;
}

std::vector<replication_outcome> run_replications(const prepared_scenario& prep, int replications,
                                                  int threads, std::atomic<std::int64_t>* done) {
  std::vector<replication_outcome> out(static_cast<std::size_t>(replications));
  std::atomic<int> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&] {
    for (;;) {
      const int r = next.fetch_add(1);
      if (r >= replications) return;
      try {
        out[static_cast<std::size_t>(r)] =
            simulate_replication(prep, static_cast<std::uint64_t>(r));
        if (done != nullptr) done->fetch_add(1, std::memory_order_relaxed);
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = replications;
      }
    }
  };
  const int n = std::max(1, std::min(threads, replications));
  std::vector<std::thread> pool;
  for (int i = 1; i < n; ++i)
    pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool)
    t.join();
  if (failure) std::rethrow_exception(failure);
  return out;
}

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

nlohmann::ordered_json stat_json(const stat& s) {
  return stat_to_json(s);
}

/// Per-replication values of the headline metrics for one trust or the total.
struct series {
  std::vector<double> ops_adv, ops_day, slots, attendances, four_hour, unfilled, mean_tid, act_down;
  double ops_planned = 0, slots_planned = 0;
  // The decision and recovery.
  std::vector<double> ops_unnecessary, slots_unnecessary, called_off;
  std::vector<std::vector<double>> by_lead;  // [lead * lm_count + metric][replication]
  std::vector<double> backlog_days, patient_days, displaced, peak_ops, peak_slots;
  std::vector<std::vector<float>> backlog_ops, backlog_slots;  // [replication][day]

  /// Operations and slots cancelled for an action then called off, per replication.
  [[nodiscard]] std::vector<double> unnecessary() const {
    std::vector<double> both(ops_unnecessary.size());
    for (std::size_t r = 0; r < both.size(); ++r)
      both[r] = ops_unnecessary[r] + slots_unnecessary[r];
    return both;
  }
};

void add_replication(series& s, const std::vector<const trust_outcome*>& parts,
                     const replication_outcome& rep, bool total) {
  double unnecessary_ops = 0, unnecessary_slots = 0, patient_days = 0, displaced = 0;
  double backlog_days = 0;
  std::vector<double> lead(parts.empty() ? 0 : parts.front()->by_lead.size(), 0.0);
  for (const trust_outcome* t : parts) {
    unnecessary_ops += t->ops_unnecessary;
    unnecessary_slots += t->slots_unnecessary;
    patient_days += t->patient_days_delay;
    displaced += t->displaced;
    // All trusts are clear when the last one is; never, if one never is.
    backlog_days =
        (backlog_days < 0 || t->backlog_days < 0) ? -1.0 : std::max(backlog_days, t->backlog_days);
    for (std::size_t i = 0; i < lead.size(); ++i)
      lead[i] += t->by_lead[i];
  }
  s.ops_unnecessary.push_back(unnecessary_ops);
  s.slots_unnecessary.push_back(unnecessary_slots);
  s.called_off.push_back(rep.called_off ? 1.0 : 0.0);
  s.patient_days.push_back(patient_days);
  s.displaced.push_back(displaced);
  s.backlog_days.push_back(backlog_days);
  s.by_lead.resize(lead.size());
  for (std::size_t i = 0; i < lead.size(); ++i)
    s.by_lead[i].push_back(lead[i]);
  const std::vector<float>& bo = total ? rep.backlog_ops : parts.front()->backlog_ops;
  const std::vector<float>& bs = total ? rep.backlog_slots : parts.front()->backlog_slots;
  s.peak_ops.push_back(bo.empty() ? 0.0 : *std::max_element(bo.begin(), bo.end()));
  s.peak_slots.push_back(bs.empty() ? 0.0 : *std::max_element(bs.begin(), bs.end()));
  s.backlog_ops.push_back(bo);
  s.backlog_slots.push_back(bs);

  double ops_adv = 0, ops_day = 0, slots = 0, att = 0, dep = 0, within = 0, unfilled = 0, tsum = 0,
         act_down = 0;
  for (const trust_outcome* t : parts) {
    ops_adv += t->ops_cancelled_advance;
    ops_day += t->ops_cancelled_day;
    slots += t->slots_cancelled_advance + t->slots_cancelled_day;
    att += t->ed_attendances;
    dep += t->ed_departed;
    within += t->ed_within_4h;
    unfilled += t->unfilled_role_hours;
    tsum += t->ed_time_sum;
    act_down += t->act_down_hours;
  }
  s.act_down.push_back(act_down);
  s.ops_adv.push_back(ops_adv);
  s.ops_day.push_back(ops_day);
  s.slots.push_back(slots);
  s.attendances.push_back(att);
  s.four_hour.push_back(dep > 0 ? 100.0 * within / dep : 100.0);
  s.unfilled.push_back(unfilled);
  s.mean_tid.push_back(dep > 0 ? tsum / dep : 0.0);
}

/// "2016-01-12T08:00" for a scenario minute.
std::string local_time_text(const scenario& sc, double minute) {
  const auto m = static_cast<std::int64_t>(std::llround(minute));
  const std::int64_t day = (m >= 0 ? m : m - 1439) / 1440;
  const std::int64_t in_day = m - day * 1440;
  const date d = civil_from_days(days_from_civil(sc.first_day) + day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}", d.year, d.month, d.day, in_day / 60,
                     in_day % 60);
}

/// "2016-01-12" for a scenario day.
std::string date_text(const scenario& sc, int day) {
  return local_time_text(sc, day * 1440.0).substr(0, 10);
}

nlohmann::ordered_json band_json(std::vector<double> v) {
  const stat st = summarise(v);
  return {{"mean", st.mean}, {"p05", st.p05}, {"p95", st.p95}};
}

nlohmann::ordered_json decision_json(const prepared_scenario& prep, const series& s) {
  const policy& pol = prep.source->plan_policy;
  nlohmann::ordered_json j;
  j["decision_days"] = pol.decision_days;
  j["called_off_share"] = summarise(s.called_off).mean;
  j["unnecessary_cancellations"] = stat_to_json(summarise(s.unnecessary()));
  j["unnecessary_operations"] = stat_to_json(summarise(s.ops_unnecessary));
  j["unnecessary_outpatient_slots"] = stat_to_json(summarise(s.slots_unnecessary));
  auto& table = j["by_lead_time"];
  table = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < pol.lead_times.size() && !s.by_lead.empty(); ++i) {
    nlohmann::ordered_json row;
    row["days"] = pol.lead_times[i];
    row["operations_cancelled"] = stat_to_json(summarise(s.by_lead[i * lm_count + lm_operations]));
    row["outpatient_slots_cancelled"] = stat_to_json(summarise(s.by_lead[i * lm_count + lm_slots]));
    row["unnecessary_cancellations"] =
        stat_to_json(summarise(s.by_lead[i * lm_count + lm_unnecessary]));
    row["unfilled_emergency_role_hours"] =
        stat_to_json(summarise(s.by_lead[i * lm_count + lm_unfilled]));
    table.push_back(std::move(row));
  }
  return j;
}

nlohmann::ordered_json recovery_json(const prepared_scenario& prep, const series& s) {
  const recovery_policy& rp = prep.source->plan_policy.recovery;
  nlohmann::ordered_json j;
  j["horizon_days"] = rp.horizon_days;
  std::vector<double> cleared;
  for (const double d : s.backlog_days)
    if (d >= 0) cleared.push_back(d);
  const double share = s.backlog_days.empty() ? 1.0
                                              : static_cast<double>(cleared.size()) /
                                                    static_cast<double>(s.backlog_days.size());
  j["cleared_within_horizon_share"] = share;
  // Days until clear, only when every outcome clears: a mean over the ones that do would flatter.
  if (share >= 1.0)
    j["backlog_days"] = stat_to_json(summarise(cleared));
  else
    j["backlog_days"] = nullptr;
  j["patient_days_delay"] = stat_to_json(summarise(s.patient_days));
  j["displaced_at_delay_cap"] = stat_to_json(summarise(s.displaced));
  j["peak_backlog_operations"] = stat_to_json(summarise(s.peak_ops));
  j["peak_backlog_outpatient_slots"] = stat_to_json(summarise(s.peak_slots));
  auto& by_day = j["backlog_by_day"];
  by_day = nlohmann::ordered_json::array();
  const std::size_t days = s.backlog_ops.empty() ? 0 : s.backlog_ops.front().size();
  for (std::size_t d = 0; d < days; ++d) {
    std::vector<double> ops, slots;
    for (std::size_t r = 0; r < s.backlog_ops.size(); ++r) {
      ops.push_back(s.backlog_ops[r][d]);
      slots.push_back(s.backlog_slots[r][d]);
    }
    nlohmann::ordered_json row;
    row["date"] = date_text(*prep.source, prep.first_report_day + static_cast<int>(d));
    row["operations"] = band_json(std::move(ops));
    row["outpatient_slots"] = band_json(std::move(slots));
    by_day.push_back(std::move(row));
  }
  return j;
}

void metrics_json(nlohmann::ordered_json& j, const series& s) {
  j["elective_operations"]["planned"] = s.ops_planned;
  j["elective_operations"]["cancelled_in_advance"] = stat_json(summarise(s.ops_adv));
  j["elective_operations"]["cancelled_on_the_day"] = stat_json(summarise(s.ops_day));
  j["outpatient_slots"]["planned"] = s.slots_planned;
  j["outpatient_slots"]["cancelled"] = stat_json(summarise(s.slots));
  j["emergency_care"]["ed_attendances"] = stat_json(summarise(s.attendances));
  j["emergency_care"]["four_hour_percent"] = stat_json(summarise(s.four_hour));
  j["emergency_care"]["unfilled_emergency_role_hours"] = stat_json(summarise(s.unfilled));
  j["emergency_care"]["mean_minutes_in_department"] = stat_json(summarise(s.mean_tid));
  j["cover"]["consultant_act_down_hours"] = stat_json(summarise(s.act_down));
}

std::string clock_range(const session& se) {
  return fmt::format("{:02}:{:02}-{:02}:{:02}", se.start_minute / 60, se.start_minute % 60,
                     se.end_minute / 60, se.end_minute % 60);
}

/// Values of one per-replication figure of trust `index`, as a Stat.
template <class F>
nlohmann::ordered_json stat_of(const std::vector<replication_outcome>& outcomes, std::size_t index,
                               F&& value) {
  std::vector<double> v;
  v.reserve(outcomes.size());
  for (const replication_outcome& r : outcomes)
    v.push_back(value(r.trusts[index]));
  return stat_json(summarise(v));
}

/// Emergency services: empty role hours, requests served, waits and queues.
nlohmann::ordered_json services_json(const prepared_scenario& prep, std::size_t index,
                                     const std::vector<replication_outcome>& outcomes) {
  const trust& t = *prep.trusts[index].source;
  const double report_minutes = prep.source->horizon - prep.source->report_start;
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (std::size_t sv = 0; sv < t.services.size(); ++sv) {
    nlohmann::ordered_json j;
    j["id"] = t.services[sv].id;
    j["name"] = t.services[sv].name;
    j["kind"] = service_kind_names[static_cast<std::size_t>(t.services[sv].kind)];
    j["unfilled_role_hours"] = stat_of(
        outcomes, index, [&](const trust_outcome& o) { return o.service_unfilled_hours[sv]; });
    j["served"] =
        stat_of(outcomes, index, [&](const trust_outcome& o) { return o.service_served[sv]; });
    j["mean_wait_minutes"] = stat_of(outcomes, index, [&](const trust_outcome& o) {
      return o.service_served[sv] > 0 ? o.service_wait_sum[sv] / o.service_served[sv] : 0.0;
    });
    j["mean_queue"] = stat_of(outcomes, index, [&](const trust_outcome& o) {
      return report_minutes > 0 ? o.service_queue_area[sv] / report_minutes : 0.0;
    });
    out.push_back(std::move(j));
  }
  return out;
}

/// Patients waiting to be seen in the ED, hour by hour over the report period.
nlohmann::ordered_json ed_by_hour_json(const prepared_scenario& prep, std::size_t index,
                                       const std::vector<replication_outcome>& outcomes) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (int h = 0; h < prep.report_hours; ++h) {
    const auto hour = static_cast<std::size_t>(h);
    const stat st = [&] {
      std::vector<double> v;
      for (const replication_outcome& r : outcomes)
        v.push_back(r.trusts[index].ed_waiting_by_hour[hour]);
      return summarise(v);
    }();
    nlohmann::ordered_json j;
    j["hour"] = local_time_text(*prep.source, prep.source->report_start + 60.0 * h);
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
nlohmann::ordered_json sessions_json(const prepared_scenario& prep, std::size_t index,
                                     const std::vector<replication_outcome>& outcomes) {
  const prepared_trust& pt = prep.trusts[index];
  const trust& t = *pt.source;
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  std::size_t flat = 0;  // position in trust_outcome::cancelled_on_day
  for (const shift_instance& in : pt.instances) {
    if (!in.reported || !in.struck) continue;
    for (std::size_t k = 0; k < in.problem.sessions.size(); ++k) {
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
      double on_day = 0;
      if (in.baseline[k]) {
        for (const replication_outcome& r : outcomes)
          on_day += r.trusts[index].cancelled_on_day[flat];
        ++flat;
      }
      const double share = outcomes.empty() ? 0.0 : on_day / static_cast<double>(outcomes.size());
      if (!in.baseline[k]) {
        j["status"] = "not_planned";
      } else if (!in.advance[k]) {
        j["status"] = "cancelled_in_advance";
      } else {
        j["status"] = share > 0 ? "kept_at_risk" : "kept";
      }
      j["cancelled_on_the_day_share"] = share;
      j["reason"] = in.advance_reason[k];
      out.push_back(std::move(j));
    }
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
    if (!in.reported || !in.struck) continue;
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

series trust_series(const prepared_trust& pt, std::size_t index,
                    const std::vector<replication_outcome>& outcomes) {
  series s;
  s.ops_planned = pt.planned_operations;
  s.slots_planned = pt.planned_slots;
  for (const replication_outcome& r : outcomes)
    add_replication(s, {&r.trusts[index]}, r, false);
  return s;
}

/// All trusts together: counts summed and shares pooled within each replication.
series total_series(const prepared_scenario& prep,
                    const std::vector<replication_outcome>& outcomes) {
  series total;
  for (const prepared_trust& pt : prep.trusts) {
    total.ops_planned += pt.planned_operations;
    total.slots_planned += pt.planned_slots;
  }
  for (const replication_outcome& r : outcomes) {
    std::vector<const trust_outcome*> parts;
    for (const trust_outcome& t : r.trusts)
      parts.push_back(&t);
    add_replication(total, parts, r, true);
  }
  return total;
}

}  // namespace

nlohmann::ordered_json results_json(const prepared_scenario& prep,
                                    const std::vector<replication_outcome>& outcomes,
                                    const std::string& version) {
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
  meta["replications"] = outcomes.size();
  meta["version"] = version;

  std::vector<double> participation;
  for (const replication_outcome& r : outcomes)
    participation.push_back(r.participation);
  doc["participation"] = stat_json(summarise(participation));

  doc["trusts"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < prep.trusts.size(); ++i) {
    const prepared_trust& pt = prep.trusts[i];
    const trust& t = *pt.source;
    nlohmann::ordered_json tj;
    tj["id"] = t.id;
    tj["name"] = t.name;
    const series ts = trust_series(pt, i, outcomes);
    metrics_json(tj, ts);
    tj["decision"] = decision_json(prep, ts);
    tj["recovery"] = recovery_json(prep, ts);
    auto& by = tj["by_specialty"];
    by = nlohmann::ordered_json::array();
    for (std::size_t sp = 0; sp < t.specialties.size(); ++sp) {
      std::vector<double> ops_adv, ops_day, slots, unfilled;
      for (const replication_outcome& r : outcomes) {
        const auto& v = r.trusts[i].by_specialty;
        ops_adv.push_back(v[sp * sm_count + sm_ops_advance]);
        ops_day.push_back(v[sp * sm_count + sm_ops_day]);
        slots.push_back(v[sp * sm_count + sm_slots_advance] + v[sp * sm_count + sm_slots_day]);
        unfilled.push_back(v[sp * sm_count + sm_unfilled_hours]);
      }
      nlohmann::ordered_json sj;
      sj["specialty"] = t.specialties[sp];
      sj["elective_operations"]["planned"] = pt.planned_operations_by_specialty[sp];
      sj["elective_operations"]["cancelled_in_advance"] = stat_json(summarise(ops_adv));
      sj["elective_operations"]["cancelled_on_the_day"] = stat_json(summarise(ops_day));
      sj["outpatient_slots"]["planned"] = pt.planned_slots_by_specialty[sp];
      sj["outpatient_slots"]["cancelled"] = stat_json(summarise(slots));
      sj["emergency_care"]["unfilled_emergency_role_hours"] = stat_json(summarise(unfilled));
      by.push_back(std::move(sj));
    }
    tj["services"] = services_json(prep, i, outcomes);
    tj["ed_waiting_by_hour"] = ed_by_hour_json(prep, i, outcomes);
    tj["sessions"] = sessions_json(prep, i, outcomes);
    tj["cover_plan"] = cover_plan_json(prep, i);
    doc["trusts"].push_back(std::move(tj));
  }

  nlohmann::ordered_json tot;
  const series total = total_series(prep, outcomes);
  metrics_json(tot, total);
  tot["decision"] = decision_json(prep, total);
  tot["recovery"] = recovery_json(prep, total);
  doc["total"] = std::move(tot);
  return doc;
}

std::string results_text(const prepared_scenario& prep,
                         const std::vector<replication_outcome>& outcomes) {
  const scenario& sc = *prep.source;
  std::string out = fmt::format(
      "{}\n{} replications, seed {}; ranges are p05-p95 (90% of simulated outcomes)\n\n", sc.name,
      outcomes.size(), sc.run.seed);
  auto row = [&](const std::string& label, const std::vector<double>& v, const std::string& of) {
    const stat st = summarise(v);
    out += fmt::format("  {:<36} {:>10.1f}   {:>9.1f} - {:<9.1f}{}\n", label, st.mean, st.p05,
                       st.p95, of);
  };
  auto section = [&](const std::string& name, const series& s, bool has_ed) {
    out += fmt::format("{}\n  {:<36} {:>10}   {:>21}\n", name, "", "mean", "range");
    row("operations cancelled in advance", s.ops_adv, fmt::format(" of {}", s.ops_planned));
    row("operations cancelled on the day", s.ops_day, fmt::format(" of {}", s.ops_planned));
    row("outpatient slots cancelled", s.slots, fmt::format(" of {}", s.slots_planned));
    row("unfilled emergency role hours", s.unfilled, "");
    row("consultant hours acting down", s.act_down, "");
    if (has_ed) {
      row("ED attendances", s.attendances, "");
      row("ED seen within 4 hours (%)", s.four_hour, "");
      row("ED mean minutes in department", s.mean_tid, "");
    }
    const double called_off = summarise(s.called_off).mean;
    if (called_off > 0) {
      row(fmt::format("cancelled, action called off ({:.0f}%)", 100 * called_off), s.unnecessary(),
          " operations and slots");
    }
    const int horizon = sc.plan_policy.recovery.horizon_days;
    std::vector<double> cleared;
    for (const double d : s.backlog_days)
      if (d >= 0) cleared.push_back(d);
    if (cleared.size() == s.backlog_days.size()) {
      row("days until the backlog is rebooked", cleared, "");
    } else {
      out += fmt::format("  {:<36} {:>10}   not within {} days in {:.0f}% of outcomes\n",
                         "days until the backlog is rebooked", "-", horizon,
                         100.0 * static_cast<double>(s.backlog_days.size() - cleared.size()) /
                             static_cast<double>(s.backlog_days.size()));
    }
    row("patient-days of delay", s.patient_days, "");
    out += "\n";
  };
  // The decision: what each lead time would have given (same turnout and call-off draws).
  auto lead_table = [&](const series& s) {
    const policy& pol = sc.plan_policy;
    if (s.by_lead.empty()) return;
    out += fmt::format(
        "Deciding N days ahead (this policy: {} days; consultants need {} days' notice to act "
        "down)\n  {:>6} {:>12} {:>12} {:>14} {:>16}\n",
        pol.decision_days, pol.rota_notice_days, "days", "operations", "slots", "unnecessary",
        "unfilled hours");
    for (std::size_t i = 0; i < pol.lead_times.size(); ++i) {
      const auto mean = [&](std::size_t m) { return summarise(s.by_lead[i * lm_count + m]).mean; };
      out +=
          fmt::format("  {:>6} {:>12.1f} {:>12.1f} {:>14.1f} {:>16.1f}\n", pol.lead_times[i],
                      mean(lm_operations), mean(lm_slots), mean(lm_unnecessary), mean(lm_unfilled));
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
      section(prep.trusts[i].source->name, trust_series(prep.trusts[i], i, outcomes),
              prep.trusts[i].source->ed.has_value());
  }
  const series total = total_series(prep, outcomes);
  if (prep.trusts.size() > 1) {
    section(fmt::format("Total, {} trusts{}", prep.trusts.size(),
                        prep.trusts.size() > listed ? " (each trust: --format json)" : ""),
            total, any_ed);
  }
  lead_table(total);
  return out;
}

std::vector<headline> headline_metrics(const prepared_scenario& prep,
                                       const std::vector<replication_outcome>& outcomes,
                                       std::size_t index) {
  series s = index == all_trusts ? total_series(prep, outcomes)
                                 : trust_series(prep.trusts.at(index), index, outcomes);
  std::vector<headline> out;
  out.push_back({"elective_operations.cancelled_in_advance", "operations cancelled in advance",
                 std::move(s.ops_adv)});
  out.push_back({"elective_operations.cancelled_on_the_day", "operations cancelled on the day",
                 std::move(s.ops_day)});
  out.push_back({"outpatient_slots.cancelled", "outpatient slots cancelled", std::move(s.slots)});
  out.push_back({"emergency_care.unfilled_emergency_role_hours", "unfilled emergency role hours",
                 std::move(s.unfilled)});
  out.push_back(
      {"cover.consultant_act_down_hours", "consultant hours acting down", std::move(s.act_down)});
  out.push_back({"emergency_care.ed_attendances", "ED attendances", std::move(s.attendances)});
  out.push_back(
      {"emergency_care.four_hour_percent", "ED seen within 4 hours (%)", std::move(s.four_hour)});
  out.push_back({"emergency_care.mean_minutes_in_department", "ED mean minutes in department",
                 std::move(s.mean_tid)});
  out.push_back({"decision.unnecessary_cancellations", "cancelled for an action called off",
                 s.unnecessary()});
  out.push_back(
      {"recovery.patient_days_delay", "patient-days of delay", std::move(s.patient_days)});
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
