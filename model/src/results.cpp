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
                                                  int threads) {
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

namespace {

nlohmann::ordered_json stat_json(const stat& s) {
  nlohmann::ordered_json j;
  j["mean"] = s.mean;
  j["sd"] = s.sd;
  j["p05"] = s.p05;
  j["p50"] = s.p50;
  j["p95"] = s.p95;
  j["ci95"] = {s.ci_low, s.ci_high};
  return j;
}

/// Per-replication values of the headline metrics for one trust or the total.
struct series {
  std::vector<double> ops_adv, ops_day, slots, attendances, four_hour, unfilled, mean_tid;
  double ops_planned = 0, slots_planned = 0;
};

void add_replication(series& s, const std::vector<const trust_outcome*>& parts) {
  double ops_adv = 0, ops_day = 0, slots = 0, att = 0, dep = 0, within = 0, unfilled = 0, tsum = 0;
  for (const trust_outcome* t : parts) {
    ops_adv += t->ops_cancelled_advance;
    ops_day += t->ops_cancelled_day;
    slots += t->slots_cancelled_advance + t->slots_cancelled_day;
    att += t->ed_attendances;
    dep += t->ed_departed;
    within += t->ed_within_4h;
    unfilled += t->unfilled_role_hours;
    tsum += t->ed_time_sum;
  }
  s.ops_adv.push_back(ops_adv);
  s.ops_day.push_back(ops_day);
  s.slots.push_back(slots);
  s.attendances.push_back(att);
  s.four_hour.push_back(dep > 0 ? 100.0 * within / dep : 100.0);
  s.unfilled.push_back(unfilled);
  s.mean_tid.push_back(dep > 0 ? tsum / dep : 0.0);
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
}

series trust_series(const prepared_trust& pt, std::size_t index,
                    const std::vector<replication_outcome>& outcomes) {
  series s;
  s.ops_planned = pt.planned_operations;
  s.slots_planned = pt.planned_slots;
  for (const replication_outcome& r : outcomes)
    add_replication(s, {&r.trusts[index]});
  return s;
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
    metrics_json(tj, trust_series(pt, i, outcomes));
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
    doc["trusts"].push_back(std::move(tj));
  }

  series total;
  for (const prepared_trust& pt : prep.trusts) {
    total.ops_planned += pt.planned_operations;
    total.slots_planned += pt.planned_slots;
  }
  for (const replication_outcome& r : outcomes) {
    std::vector<const trust_outcome*> parts;
    for (const trust_outcome& t : r.trusts)
      parts.push_back(&t);
    add_replication(total, parts);
  }
  nlohmann::ordered_json tot;
  metrics_json(tot, total);
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
    const stat s = summarise(v);
    out += fmt::format("  {:<36} {:>10.1f}   {:>9.1f} - {:<9.1f}{}\n", label, s.mean, s.p05, s.p95,
                       of);
  };
  for (std::size_t i = 0; i < prep.trusts.size(); ++i) {
    const prepared_trust& pt = prep.trusts[i];
    const series s = trust_series(pt, i, outcomes);
    out += fmt::format("{}\n  {:<36} {:>10}   {:>21}\n", pt.source->name, "", "mean", "range");
    row("operations cancelled in advance", s.ops_adv, fmt::format(" of {}", pt.planned_operations));
    row("operations cancelled on the day", s.ops_day, fmt::format(" of {}", pt.planned_operations));
    row("outpatient slots cancelled", s.slots, fmt::format(" of {}", pt.planned_slots));
    row("unfilled emergency role hours", s.unfilled, "");
    if (pt.source->ed) {
      row("ED attendances", s.attendances, "");
      row("ED seen within 4 hours (%)", s.four_hour, "");
      row("ED mean minutes in department", s.mean_tid, "");
    }
    out += "\n";
  }
  return out;
}

}  // namespace strikesim::model
