#include "strikesim/hospital/simulate.hpp"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/binomial.hpp>
#include <cmath>
#include <deque>
#include <map>
#include <optional>
#include <span>

#include "sampler.hpp"
#include "strikesim/sim.hpp"

namespace strikesim::model {

namespace {

constexpr double day_minutes = 1440;

std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// Random stream purposes within a trust's replication.
enum stream_purpose : std::uint64_t {
  turnout = 1,
  ed_arrivals,
  ed_patients,
  ed_consult,
  clerking,
  tasks,
  reinstating
};

/// The participation quantile function, for the planner's expected absence.
double participation_quantile(const distribution_spec& d, double u) {
  using k = distribution_spec::kind;
  switch (d.type) {
    case k::uniform:
      return d.a + u * (d.b - d.a);
    case k::triangular: {
      const double lo = d.a, mode = d.b, hi = d.c;
      const double f = (mode - lo) / (hi - lo);
      return u < f ? lo + std::sqrt(u * (hi - lo) * (mode - lo))
                   : hi - std::sqrt((1 - u) * (hi - lo) * (hi - mode));
    }
    case k::beta: {
      const double common = d.a * (1 - d.a) / (d.b * d.b) - 1;
      return boost::math::quantile(
          boost::math::beta_distribution<>(d.a * common, (1 - d.a) * common), u);
    }
    default:
      return std::clamp(d.a, 0.0, 1.0);
  }
}

int session_activity(const session& s) {
  return s.kind == session_kind::theatre_list ? s.operations : s.slots;
}

std::size_t specialty_index(const trust& t, const std::string& name) {
  return static_cast<std::size_t>(std::find(t.specialties.begin(), t.specialties.end(), name) -
                                  t.specialties.begin());
}

/// Doctors working in each service under a plan: those filling its roles, plus that specialty's
/// doctors who are at work and in no role, for the first service (in file order) whose home
/// specialty it is. Each idle doctor works in one service only.
std::vector<int> service_capacity(const trust& t, const cover_problem& p, const cover_plan& plan) {
  std::vector<int> cap(t.services.size(), 0);
  for (std::size_t j = 0; j < p.emergency_roles; ++j)
    cap[p.roles[j].owner] += plan.role_filled[j];
  for (std::size_t i = 0; i < p.pools.size(); ++i) {
    const auto home = std::find_if(t.services.begin(), t.services.end(), [&](const service& sv) {
      return sv.specialty == p.pools[i].specialty;
    });
    if (home != t.services.end())
      cap[static_cast<std::size_t>(home - t.services.begin())] += plan.idle[i];
  }
  return cap;
}

bool overlaps(double a0, double a1, const std::vector<window>& ws) {
  for (const window& w : ws) {
    if (a0 < w.end && w.start < a1) return true;
  }
  return false;
}

}  // namespace

namespace {

/// Whether a plan fills every emergency role and every role of the sessions it keeps. Then, by
/// monotonicity, any turnout at least as large keeps them all with every role filled.
bool fills_everything(const cover_problem& p, const cover_plan& plan) {
  if (plan.emergency_unfilled != 0) return false;
  for (std::size_t k = 0; k < p.sessions.size(); ++k) {
    if (!plan.kept[k]) continue;
    const session_slot& s = p.sessions[k];
    for (std::size_t j = s.first_role; j < s.first_role + s.role_count; ++j)
      if (plan.role_filled[j] < p.roles[j].count) return false;
  }
  return true;
}

}  // namespace

std::vector<double> absence_quadrature(const distribution_spec& participation) {
  std::vector<double> ps(absence_quadrature_points);
  for (std::size_t i = 0; i < ps.size(); ++i) {
    const double u = (static_cast<double>(i) + 0.5) / static_cast<double>(ps.size());
    ps[i] = std::clamp(participation_quantile(participation, u), 0.0, 1.0);
  }
  return ps;
}

int planned_absence(int n, std::span<const double> ps, double percentile) {
  if (n <= 0) return 0;
  // The mixture's probability mass at each k: for each participation value, the binomial's mass
  // at its mode (Boost.Math) and then the ratios pmf(k+1)/pmf(k) = (n-k)/(k+1) * p/(1-p) outwards
  // from it, so each value costs n+1 products instead of a regularised incomplete beta function
  // for every k. Each product adds a relative error of a few ulps; masses far out in a tail
  // underflow to zero, harmlessly. (Against Boost's cdf for every k: tests/model.)
  std::vector<double> mass(static_cast<std::size_t>(n) + 1, 0.0);
  const auto un = static_cast<std::size_t>(n);
  for (const double p : ps) {
    if (p <= 0) {
      mass[0] += 1;
      continue;
    }
    if (p >= 1) {
      mass[un] += 1;
      continue;
    }
    const auto mode =
        static_cast<std::size_t>(std::min<double>(n, std::floor((static_cast<double>(n) + 1) * p)));
    // In double precision throughout (Boost would otherwise promote to long double, x87
    // arithmetic): a few ulps, as the ratios are.
    using in_double = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
    const double at_mode = boost::math::pdf(
        boost::math::binomial_distribution<double, in_double>(n, p), static_cast<double>(mode));
    const double up = p / (1 - p), down = (1 - p) / p;
    double f = at_mode;
    mass[mode] += f;
    for (std::size_t k = mode; k > 0 && f > 0; --k) {
      f *= static_cast<double>(k) / static_cast<double>(un - k + 1) * down;  // pmf(k-1)
      mass[k - 1] += f;
    }
    f = at_mode;
    for (std::size_t k = mode; k < un && f > 0; ++k) {
      f *= static_cast<double>(un - k) / static_cast<double>(k + 1) * up;  // pmf(k+1)
      mass[k + 1] += f;
    }
  }
  const auto points = static_cast<double>(ps.size());
  double cdf = 0;
  for (std::size_t k = 0; k < un; ++k) {
    cdf += mass[k];
    if (cdf / points >= percentile - 1e-12) return static_cast<int>(k);
  }
  return n;
}

int planned_absence(int n, const distribution_spec& participation, double percentile) {
  return planned_absence(n, absence_quadrature(participation), percentile);
}

prepared_scenario prepare(const scenario& s) {
  prepared_scenario prep;
  prep.source = &s;
  prep.run_end = s.horizon + day_minutes;
  prep.report_hours = static_cast<int>(std::lround((s.horizon - s.report_start) / 60));
  const int days = static_cast<int>(std::lround(prep.run_end / day_minutes));
  const std::vector<window>& ws = s.windows;
  const policy& pol = s.plan_policy;
  prep.first_start = ws.front().start;
  prep.first_report_day = static_cast<int>(std::lround(s.report_start / day_minutes));
  prep.last_action_day = static_cast<int>(std::lround(s.horizon / day_minutes)) - 1;
  prep.recovery_days = prep.last_action_day - prep.first_report_day + 1 + pol.recovery.horizon_days;
  prep.per_trust_backlog = s.trusts.size() <= 12;
  // The share of willing consultants that a decision `lead` days ahead can re-roster.
  const auto factor_index = [&](double lead) {
    const double f = std::min(1.0, lead / pol.rota_notice_days);
    const auto it = std::find(prep.act_down_factors.begin(), prep.act_down_factors.end(), f);
    if (it != prep.act_down_factors.end())
      return static_cast<std::size_t>(it - prep.act_down_factors.begin());
    prep.act_down_factors.push_back(f);
    return prep.act_down_factors.size() - 1;
  };
  prep.main_factor = factor_index(pol.decision_days);
  // The planner's expected absence, by pool size and percentile: the same few values recur in
  // every shift and every lead-time variant, and each costs a quadrature.
  std::map<std::pair<int, double>, int> absence_memo;
  std::vector<double> quadrature;  // the participation values, once
  const auto absence = [&](int n, double percentile) {
    const auto [it, added] = absence_memo.try_emplace({n, percentile}, 0);
    if (added) {
      if (quadrature.empty()) quadrature = absence_quadrature(s.action.participation);
      it->second = planned_absence(n, quadrature, percentile);
    }
    return it->second;
  };
  for (const double lead : pol.lead_times)
    prep.lead_factor.push_back(factor_index(lead));

  for (const trust& t : s.trusts) {
    // Copies of one trust file (a national composite) have the same plans: plan the first only.
    const auto twin = std::find_if(prep.trusts.begin(), prep.trusts.end(), [&](const auto& other) {
      return !t.copy_of.empty() && other.source->copy_of == t.copy_of &&
             other.source->file == t.file;
    });
    if (twin != prep.trusts.end()) {
      prepared_trust copy = *twin;
      copy.source = &t;
      copy.stream_id = fnv1a(t.id);
      prep.trusts.push_back(std::move(copy));
      continue;
    }
    prepared_trust pt;
    pt.source = &t;
    pt.stream_id = fnv1a(t.id);
    pt.planned_operations_by_specialty.assign(t.specialties.size(), 0);
    pt.planned_slots_by_specialty.assign(t.specialties.size(), 0);
    for (const session& se : t.sessions)
      for (const int w : se.weekdays)
        (se.kind == session_kind::theatre_list ? pt.weekday_operations
                                               : pt.weekday_slots)[static_cast<std::size_t>(w)] +=
            session_activity(se);
    // Shifts start on each day from the day before the first (a night shift runs into day 0).
    for (int day = -1; day < days; ++day) {
      const int weekday = ((s.first_weekday + day) % 7 + 7) % 7;
      for (std::size_t sh = 0; sh < t.shifts.size(); ++sh) {
        const shift_def& def = t.shifts[sh];
        if (!def.applies_on(weekday)) continue;
        shift_instance in;
        in.shift = sh;
        in.day = day;
        in.weekday = weekday;
        in.start = day * day_minutes + def.start_minute;
        in.end = in.start + def.length_minutes();
        if (in.end <= 0 || in.start >= prep.run_end) continue;
        in.struck = overlaps(in.start, in.end, ws);
        in.reported = in.start >= s.report_start && in.start < s.horizon;
        // The problem as a decision `factor` of the willing consultants re-rostered sees it.
        const auto problem_for = [&](double factor) {
          cover_problem p =
              build_cover_problem(t, sh, weekday, s.action.kind, pol.act_down_share * factor);
          for (staff_pool& pool : p.pools) {
            if (std::find(s.action.grades.begin(), s.action.grades.end(), pool.level) ==
                s.action.grades.end()) {
              pool.strikable = 0;
            }
          }
          p.prepare_network();
          return p;
        };
        in.problem = problem_for(prep.act_down_factors[prep.main_factor]);
        const std::vector<int> full = in.problem.full_supply();
        const cover_plan base = plan_cover(in.problem, full, in.problem.planning_order());
        in.baseline = base.kept;
        in.advance_plan = base;
        in.baseline_capacity = service_capacity(t, in.problem, base);
        in.advance = in.baseline;
        in.advance_reason.assign(in.problem.sessions.size(), "");
        // The advance plan: emergency roles first, then the sessions the staff expected at the
        // planning percentile can fill (protected priorities planned at the median).
        const auto advance_plan = [&](const cover_problem& problem) {
          auto supply_at = [&](double percentile) {
            std::vector<int> supply = full;
            for (std::size_t i = 0; i < supply.size(); ++i) {
              supply[i] -= absence(problem.pools[i].strikable, percentile);
            }
            return supply;
          };
          std::vector<std::size_t> order, protected_order;
          for (std::size_t k : problem.planning_order()) {
            if (!in.baseline[k]) continue;
            const clinical_priority pr = t.sessions[problem.sessions[k].session].priority;
            const bool is_protected =
                std::find(pol.protect.begin(), pol.protect.end(), pr) != pol.protect.end();
            (is_protected ? protected_order : order).push_back(k);
          }
          std::vector<std::size_t> forced;
          if (!protected_order.empty()) {
            const cover_plan median = plan_cover(problem, supply_at(0.5), protected_order);
            for (std::size_t k : protected_order) {
              if (median.kept[k]) forced.push_back(k);
            }
          }
          order.insert(order.begin(), protected_order.begin(), protected_order.end());
          std::sort(order.begin(), order.end());
          return std::pair(supply_at(pol.plan_percentile),
                           plan_cover(problem, supply_at(pol.plan_percentile), order, forced));
        };
        if (in.struck) {
          auto [supply, plan] = advance_plan(in.problem);
          in.planned_supply = std::move(supply);
          in.advance_plan = std::move(plan);
          in.advance = in.advance_plan.kept;
          for (std::size_t k = 0; k < in.advance.size(); ++k) {
            if (in.baseline[k] && !in.advance[k]) {
              in.advance_reason[k] =
                  "not enough doctors expected at the planning percentile once emergency cover is "
                  "filled";
            }
          }
          auto variants = std::make_shared<std::vector<shift_instance::lead_variant>>();
          for (std::size_t v = 0; v < prep.act_down_factors.size(); ++v) {
            if (v == prep.main_factor) {
              variants->push_back({in.problem, in.advance, in.planned_supply,
                                   fills_everything(in.problem, in.advance_plan)});
            } else {
              cover_problem p = problem_for(prep.act_down_factors[v]);
              auto [v_supply, v_plan] = advance_plan(p);
              const bool in_full = fills_everything(p, v_plan);
              variants->push_back(
                  {std::move(p), std::move(v_plan.kept), std::move(v_supply), in_full});
            }
          }
          in.lead_variants = std::move(variants);
        }
        // Planned work is the work of the shifts the action touches: the sessions it puts at
        // risk (a 24-hour action from 08:00 reports two days of emergency care, one of sessions).
        for (std::size_t k = 0; k < in.problem.sessions.size(); ++k) {
          if (!in.baseline[k] && in.reported) {
            in.advance_reason[k] =
                "cannot be staffed even with everyone at work (not counted as planned)";
          }
          if (!in.reported || !in.struck || !in.baseline[k]) continue;
          const session& se = t.sessions[in.problem.sessions[k].session];
          const std::size_t sp = specialty_index(t, se.specialty);
          if (se.kind == session_kind::theatre_list) {
            pt.planned_operations += se.operations;
            pt.planned_operations_by_specialty[sp] += se.operations;
          } else {
            pt.planned_slots += se.slots;
            pt.planned_slots_by_specialty[sp] += se.slots;
          }
        }
        pt.instances.push_back(std::move(in));
      }
    }
    if (t.ed) {
      const int hours = days * 24;
      pt.arrivals_per_minute_by_hour.resize(static_cast<std::size_t>(hours));
      for (int h = 0; h < hours; ++h) {
        const int weekday = ((s.first_weekday + h / 24) % 7 + 7) % 7;
        const auto& profile = weekday < 5 ? t.ed->weekday_per_hour : t.ed->weekend_per_hour;
        pt.arrivals_per_minute_by_hour[static_cast<std::size_t>(h)] =
            profile[static_cast<std::size_t>(h % 24)] / 60.0;
      }
    }
    prep.trusts.push_back(std::move(pt));
  }
  return prep;
}

// ---------------------------------------------------------------------------------------------
// One replication of one trust on the kernel.

namespace {

struct trust_run {
  const prepared_scenario& prep;
  const prepared_trust& pt;
  const trust& t;
  sim::simulation s;
  std::vector<sim::resource*> services;
  sim::random_stream arrivals_stream, patient_stream, consult_stream, clerk_stream, task_stream;
  std::vector<detail::sampler> clerk_time;  // per service: clerking an ED admission
  std::vector<detail::sampler> task_time;   // per service: a task of its own workload
  trust_outcome& out;
  sim::time_weighted waiting;
  std::vector<double> waiting_area_by_hour;
  double last_wait_change = 0;
  double report_start, horizon;

  trust_run(const prepared_scenario& p, const prepared_trust& tr, std::uint64_t seed,
            std::uint64_t rep, trust_outcome& o)
      : prep(p),
        pt(tr),
        t(*tr.source),
        arrivals_stream(seed, {rep, tr.stream_id, ed_arrivals}),
        patient_stream(seed, {rep, tr.stream_id, ed_patients}),
        consult_stream(seed, {rep, tr.stream_id, ed_consult}),
        clerk_stream(seed, {rep, tr.stream_id, clerking}),
        task_stream(seed, {rep, tr.stream_id, tasks}),
        out(o),
        report_start(p.source->report_start),
        horizon(p.source->horizon) {
    waiting_area_by_hour.assign(static_cast<std::size_t>(p.report_hours), 0.0);
    queue_level.assign(t.services.size(), 0.0);
    queue_changed.assign(t.services.size(), 0.0);
  }

  // Adds the area of the waiting count between the last change and now to the hourly buckets.
  void account_waiting(double now) {
    double a = std::max(last_wait_change, report_start);
    const double b = std::min(now, horizon);
    const double level = waiting.current();
    while (a < b && level > 0) {
      const auto hour = static_cast<std::size_t>((a - report_start) / 60);
      const double hour_end = report_start + 60.0 * static_cast<double>(hour + 1);
      const double seg_end = std::min(b, hour_end);
      if (hour < waiting_area_by_hour.size()) waiting_area_by_hour[hour] += level * (seg_end - a);
      a = seg_end;
    }
    last_wait_change = now;
  }
  void change_waiting(double delta) {
    account_waiting(s.now().value());
    waiting.add(s.now(), delta);
  }

  // Queues of the services, integrated over the report period.
  std::vector<double> queue_level, queue_changed;
  void change_queue(std::size_t sv, double delta) {
    const double now = s.now().value();
    const double a = std::max(queue_changed[sv], report_start), b = std::min(now, horizon);
    if (b > a) out.service_queue_area[sv] += queue_level[sv] * (b - a);
    queue_level[sv] += delta;
    queue_changed[sv] = now;
  }
  /// Waits for a doctor of service `sv`, counting the queue and the wait.
  auto wait_for(std::size_t sv, int priority) {
    change_queue(sv, +1);
    return services[sv]->request(priority);
  }
  void served(std::size_t sv, double requested) {
    change_queue(sv, -1);
    if (requested >= report_start && requested < horizon) {
      out.service_served[sv] += 1;
      out.service_wait_sum[sv] += s.now().value() - requested;
    }
  }
};

sim::process ed_patient(trust_run& r, const ed_demand& ed, detail::sampler& consult,
                        sim::discrete& acuity, sim::discrete& route, std::size_t ed_service) {
  const double arrived = r.s.now().value();
  const bool counted = arrived >= r.report_start && arrived < r.horizon;
  if (counted) r.out.ed_attendances += 1;
  const int priority = static_cast<int>(acuity(r.patient_stream));
  const bool admitted = r.patient_stream.uniform01() < ed.admission_share;
  const std::size_t destination = route(r.patient_stream);
  r.change_waiting(+1);
  {
    auto doctor = co_await r.wait_for(ed_service, priority);
    r.served(ed_service, arrived);
    r.change_waiting(-1);
    co_await r.s.timeout(sim::duration{consult(r.consult_stream)});
  }
  if (admitted && !ed.admit_to.empty()) {
    // Clerked by the take team before leaving the department.
    const double referred = r.s.now().value();
    auto clerk = co_await r.wait_for(destination, priority);
    r.served(destination, referred);
    co_await r.s.timeout(sim::duration{r.clerk_time[destination](r.clerk_stream)});
  }
  if (counted) {
    const double tid = r.s.now().value() - arrived;
    r.out.ed_departed += 1;
    r.out.ed_time_sum += tid;
    if (tid <= 240) r.out.ed_within_4h += 1;
  }
}

sim::process ed_source(trust_run& r, const sim::piecewise_rate_arrivals& arrivals,
                       const ed_demand& ed, detail::sampler& consult, sim::discrete& acuity,
                       sim::discrete& route, std::size_t ed_service) {
  for (;;) {
    const sim::time_point next = arrivals.next(r.s.now(), r.arrivals_stream);
    if (next.value() >= r.prep.run_end) co_return;
    co_await r.s.timeout_until(next);
    r.s.start(ed_patient(r, ed, consult, acuity, route, ed_service));
  }
}

sim::process task(trust_run& r, std::size_t sv) {
  const double requested = r.s.now().value();
  auto doctor = co_await r.wait_for(sv, 10);  // after ED admissions of any acuity
  r.served(sv, requested);
  co_await r.s.timeout(sim::duration{r.task_time[sv](r.task_stream)});
}

sim::process task_source(trust_run& r, const sim::piecewise_rate_arrivals& arrivals,
                         std::size_t sv) {
  for (;;) {
    const sim::time_point next = arrivals.next(r.s.now(), r.task_stream);
    if (next.value() >= r.prep.run_end) co_return;
    co_await r.s.timeout_until(next);
    r.s.start(task(r, sv));
  }
}

/// A capacity schedule summing the doctors of every shift instance that covers each moment.
sim::capacity_schedule capacity_over_time(
    const std::vector<std::pair<const shift_instance*, int>>& pieces) {
  std::vector<double> cuts;
  for (const auto& [in, cap] : pieces) {
    cuts.push_back(std::max(0.0, in->start));
    cuts.push_back(in->end);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  auto sched = sim::capacity_schedule::constant(0);
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    int total = 0;
    for (const auto& [in, cap] : pieces) {
      if (in->start <= cuts[i] && cuts[i] < in->end) total += cap;
    }
    if (total > 0)
      sched.add_override(sim::time_point{cuts[i]}, sim::time_point{cuts[i + 1]}, total);
  }
  return sched;
}

/// Operations or slots cancelled on one day, waiting to be rebooked.
struct cancellation {
  int day = 0;
  clinical_priority priority = clinical_priority::routine;
  bool theatre = false;
  double count = 0;
};

/// Rebooks cancelled work into the spare capacity of the following days, by clinical priority
/// and then first cancelled, first rebooked; records the backlog day by day.
void recover(const prepared_scenario& prep, const prepared_trust& pt,
             std::vector<cancellation> cancelled, trust_outcome& out, replication_outcome& all) {
  const recovery_policy& rp = prep.source->plan_policy.recovery;
  const auto days = static_cast<std::size_t>(prep.recovery_days);
  std::stable_sort(cancelled.begin(), cancelled.end(),
                   [](const cancellation& a, const cancellation& b) { return a.day < b.day; });
  struct waiting {
    int day;
    double count;
  };
  // [kind][priority]: operations 0, slots 1.
  std::array<std::array<std::deque<waiting>, 3>, 2> queues;
  std::array<double, 2> carry{0, 0}, backlog{0, 0};
  std::size_t next = 0;
  int clear_day = -1;  // the first day from the last action day on which the backlog is clear
  const int first = prep.first_report_day;
  if (prep.per_trust_backlog) {
    out.backlog_ops.assign(days, 0.0F);
    out.backlog_slots.assign(days, 0.0F);
  }
  for (std::size_t i = 0; i < days; ++i) {
    const int day = first + static_cast<int>(i);
    const int weekday = ((prep.source->first_weekday + day) % 7 + 7) % 7;
    const bool weekend = weekday >= 5;
    const auto w = static_cast<std::size_t>(weekday);
    const std::array<double, 2> capacity = {
        rp.spare_theatre_share * pt.weekday_operations[w] +
            (weekend ? rp.extra_weekend_lists * rp.operations_per_extra_list : 0),
        rp.spare_clinic_share * pt.weekday_slots[w] +
            (weekend ? rp.extra_weekend_clinics * rp.slots_per_extra_clinic : 0)};
    for (std::size_t kind = 0; kind < 2; ++kind) {
      // Today's spare places (whole patients; a fraction carries to the next day with work).
      const double available = carry[kind] + capacity[kind];
      double places = std::floor(available + 1e-9);
      const double offered = places;
      for (auto& queue : queues[kind]) {
        while (places > 0 && !queue.empty()) {
          waiting& front = queue.front();
          const double n = std::min(places, front.count);
          out.patient_days_delay += n * (day - front.day);
          front.count -= n;
          places -= n;
          backlog[kind] -= n;
          if (front.count <= 1e-9) queue.pop_front();
        }
      }
      carry[kind] = places > 0 ? 0.0 : available - offered;  // unused places are lost
      // A cap on the delay: patients who reach it are rebooked over other work.
      if (rp.max_delay_days > 0) {
        for (auto& queue : queues[kind]) {
          while (!queue.empty() && day - queue.front().day >= rp.max_delay_days) {
            out.patient_days_delay += queue.front().count * (day - queue.front().day);
            out.displaced += queue.front().count;
            backlog[kind] -= queue.front().count;
            queue.pop_front();
          }
        }
      }
    }
    // Cancellations of the day join the queues after the day's rebooking.
    for (; next < cancelled.size() && cancelled[next].day <= day; ++next) {
      const cancellation& c = cancelled[next];
      const std::size_t kind = c.theatre ? 0 : 1;
      queues[kind][static_cast<std::size_t>(c.priority)].push_back({c.day, c.count});
      backlog[kind] += c.count;
    }
    if (backlog[0] < 0.5 && backlog[1] < 0.5) {
      if (clear_day < 0 && day >= prep.last_action_day) clear_day = day;
    } else {
      clear_day = -1;
    }
    if (prep.per_trust_backlog) {
      out.backlog_ops[i] = static_cast<float>(backlog[0]);
      out.backlog_slots[i] = static_cast<float>(backlog[1]);
    }
    all.backlog_ops[i] += static_cast<float>(backlog[0]);
    all.backlog_slots[i] += static_cast<float>(backlog[1]);
  }
  // Patients still waiting at the end count their delay so far (censored).
  const int end = first + static_cast<int>(days);
  for (const auto& kind : queues)
    for (const auto& queue : kind)
      for (const waiting& wt : queue)
        out.patient_days_delay += wt.count * (end - wt.day);
  out.backlog_days = clear_day < 0 ? -1.0 : clear_day - prep.last_action_day;
}

}  // namespace

replication_outcome simulate_replication(const prepared_scenario& prep, std::uint64_t rep) {
  const scenario& sc = *prep.source;
  const std::uint64_t seed = sc.run.seed;
  replication_outcome result;
  {
    sim::random_stream national{seed, {rep, 0}};  // one participation for every trust
    result.participation = std::clamp(detail::sampler{sc.action.participation}(national), 0.0, 1.0);
  }
  const double p = result.participation;
  const policy& pol = sc.plan_policy;
  // Called off? A historical call-off happened; otherwise a draw of its own stream.
  if (sc.call_off_at) {
    result.called_off = true;
    result.call_off_days_before = (prep.first_start - *sc.call_off_at) / day_minutes;
  } else if (sc.action.call_off.probability > 0) {
    sim::random_stream calls{seed, {rep, 0, 1}};
    result.called_off = calls.uniform01() < sc.action.call_off.probability;
    const double days = detail::sampler{sc.action.call_off.days_before}(calls);
    if (result.called_off) result.call_off_days_before = std::max(0.0, days);
  }
  const bool called_off = result.called_off;
  const double c_days = result.call_off_days_before;
  // Cancellations were made if the action was still on at the decision; a call-off after it
  // reinstates a share of them, less the nearer it comes to the action.
  const bool decided = !called_off || c_days < pol.decision_days;
  const double reinstate =
      called_off && decided && pol.decision_days > 0
          ? pol.reinstate_share * std::clamp(c_days / pol.decision_days, 0.0, 1.0)
          : 0.0;
  const std::size_t leads = pol.lead_times.size();
  const auto days = static_cast<std::size_t>(prep.recovery_days);
  result.backlog_ops.assign(days, 0.0F);
  result.backlog_slots.assign(days, 0.0F);

  for (const prepared_trust& pt : prep.trusts) {
    const trust& t = *pt.source;
    trust_outcome& out = result.trusts.emplace_back();
    out.by_specialty.assign(t.specialties.size() * sm_count, 0.0);
    for (auto* v : {&out.service_unfilled_hours, &out.service_served, &out.service_wait_sum,
                    &out.service_queue_area})
      v->assign(t.services.size(), 0.0);
    out.by_lead.assign(leads * lm_count, 0.0);
    sim::random_stream turnout_stream{seed, {rep, pt.stream_id, turnout}};
    sim::random_stream reinstate_stream{seed, {rep, pt.stream_id, reinstating}};
    // Per act-down factor, over the report period: advance and on-the-day cancellations
    // (operations, slots) and unfilled emergency role hours, for the decision trade-off.
    const std::size_t factors = prep.act_down_factors.size();
    std::vector<double> f_adv_ops(factors), f_adv_slots(factors), f_day_ops(factors),
        f_day_slots(factors), f_unfilled(factors);
    std::vector<cancellation> cancelled;

    // Turnout and the plan on the day, shift by shift; capacities of the services.
    std::vector<std::vector<std::pair<const shift_instance*, int>>> pieces(t.services.size());
    for (const shift_instance& in : pt.instances) {
      std::vector<int> capacity = in.baseline_capacity;
      if (in.struck) {
        std::vector<int> supply = in.problem.full_supply();
        if (!called_off) {
          for (std::size_t i = 0; i < supply.size(); ++i) {
            const int n = in.problem.pools[i].strikable;
            if (n > 0 && p > 0) supply[i] -= static_cast<int>(sim::binomial{n, p}(turnout_stream));
          }
        }
        // What stood of the advance plan: everything planned if the action was called off
        // before the decision; a reinstated share of the cancelled sessions if after it.
        std::vector<bool> kept = decided ? in.advance : in.baseline;
        if (called_off && decided && reinstate > 0) {
          for (std::size_t k = 0; k < kept.size(); ++k)
            if (in.baseline[k] && !kept[k] && reinstate_stream.uniform01() < reinstate)
              kept[k] = true;
        }
        const cover_plan today = replan_on_the_day(in.problem, supply, kept);
        capacity = service_capacity(t, in.problem, today);
        if (in.reported) {
          const double hours = (in.end - in.start) / 60;
          out.unfilled_role_hours += today.emergency_unfilled * hours;
          for (std::size_t j = 0; j < in.problem.emergency_roles; ++j) {
            const int gap = in.problem.roles[j].count - today.role_filled[j];
            if (gap > 0) {
              out.by_specialty[specialty_index(t, in.problem.roles[j].specialty) * sm_count +
                               sm_unfilled_hours] += gap * hours;
              out.service_unfilled_hours[in.problem.roles[j].owner] += gap * hours;
            }
          }
          for (const assignment& a : today.assignments) {
            if (in.problem.pools[a.pool].level == grade::consultant &&
                in.problem.roles[a.role].min_grade != grade::consultant) {
              out.act_down_hours += a.doctors * hours;
            }
          }
          for (std::size_t k = 0; k < in.problem.sessions.size(); ++k) {
            if (!in.baseline[k]) continue;
            const session& se = t.sessions[in.problem.sessions[k].session];
            const std::size_t base = specialty_index(t, se.specialty) * sm_count;
            const bool theatre = se.kind == session_kind::theatre_list;
            const double n = session_activity(se);
            if (!kept[k]) {
              (theatre ? out.ops_cancelled_advance : out.slots_cancelled_advance) += n;
              out.by_specialty[base + (theatre ? sm_ops_advance : sm_slots_advance)] += n;
              if (called_off) (theatre ? out.ops_unnecessary : out.slots_unnecessary) += n;
              cancelled.push_back({in.day, se.priority, theatre, n});
            } else if (!today.kept[k]) {
              (theatre ? out.ops_cancelled_day : out.slots_cancelled_day) += n;
              out.by_specialty[base + (theatre ? sm_ops_day : sm_slots_day)] += n;
              cancelled.push_back({in.day, se.priority, theatre, n});
            }
            out.cancelled_on_day.push_back(kept[k] && !today.kept[k] ? 1 : 0);
          }
          // The same day under each other decision lead time (same turnout).
          for (std::size_t v = 0; v < factors; ++v) {
            const shift_instance::lead_variant& var = (*in.lead_variants)[v];
            const bool main = v == prep.main_factor;
            // At least the turnout planned for, and the plan filled everything: the day keeps
            // every session with every emergency role filled, without a max-flow.
            bool as_planned = var.planned_in_full;
            for (std::size_t i = 0; as_planned && i < supply.size(); ++i)
              as_planned = supply[i] >= var.planned_supply[i];
            const cover_plan other = called_off || main || as_planned
                                         ? cover_plan{}
                                         : replan_on_the_day(var.problem, supply, var.advance);
            const cover_plan& day_plan = main ? today : other;
            for (std::size_t k = 0; k < in.problem.sessions.size(); ++k) {
              if (!in.baseline[k]) continue;
              const session& se = t.sessions[in.problem.sessions[k].session];
              const bool theatre = se.kind == session_kind::theatre_list;
              const double n = session_activity(se);
              if (!var.advance[k])
                (theatre ? f_adv_ops[v] : f_adv_slots[v]) += n;
              else if (!called_off && !as_planned && !day_plan.kept[k])
                (theatre ? f_day_ops[v] : f_day_slots[v]) += n;
            }
            if (!called_off && !as_planned) f_unfilled[v] += day_plan.emergency_unfilled * hours;
          }
        }
      }
      for (std::size_t sv = 0; sv < t.services.size(); ++sv)
        pieces[sv].emplace_back(&in, capacity[sv]);
    }
    // The decision trade-off: each lead time of the policy, with this replication's call-off.
    for (std::size_t i = 0; i < leads; ++i) {
      const std::size_t v = prep.lead_factor[i];
      const double lead = pol.lead_times[i];
      double* m = &out.by_lead[i * lm_count];
      if (!called_off) {
        m[lm_operations] = f_adv_ops[v] + f_day_ops[v];
        m[lm_slots] = f_adv_slots[v] + f_day_slots[v];
        m[lm_unfilled] = f_unfilled[v];
      } else if (c_days < lead) {
        // Decided, then called off: what was not reinstated was cancelled for nothing.
        const double stood = 1.0 - pol.reinstate_share * std::clamp(c_days / lead, 0.0, 1.0);
        m[lm_operations] = f_adv_ops[v] * stood;
        m[lm_slots] = f_adv_slots[v] * stood;
        m[lm_unnecessary] = m[lm_operations] + m[lm_slots];
      }
    }
    recover(prep, pt, cancelled, out, result);

    // The emergency department and services as a discrete-event simulation.
    trust_run r{prep, pt, seed, rep, out};
    for (std::size_t sv = 0; sv < t.services.size(); ++sv) {
      sim::resource& res = r.s.add_resource(0);
      res.follow(capacity_over_time(pieces[sv]), sim::on_capacity_drop::finish_job);
      r.services.push_back(&res);
      const service& def = t.services[sv];
      r.clerk_time.emplace_back(t.ed ? t.ed->clerking_minutes : distribution_spec{});
      r.task_time.emplace_back(def.work ? def.work->minutes : distribution_spec{});
    }
    std::vector<sim::piecewise_rate_arrivals> task_arrivals;
    task_arrivals.reserve(t.services.size());
    for (std::size_t sv = 0; sv < t.services.size(); ++sv) {
      const service& def = t.services[sv];
      if (!def.work) continue;
      std::vector<double> per_minute(def.work->per_hour.begin(), def.work->per_hour.end());
      for (double& x : per_minute)
        x /= 60;
      task_arrivals.emplace_back(per_minute, sim::duration{60});
      r.s.start(task_source(r, task_arrivals.back(), sv));
    }
    std::optional<sim::piecewise_rate_arrivals> ed_arrivals;
    std::optional<detail::sampler> consult;
    std::optional<sim::discrete> acuity, route;
    if (t.ed) {
      const ed_demand& ed = *t.ed;
      ed_arrivals.emplace(pt.arrivals_per_minute_by_hour, sim::duration{60});
      consult.emplace(ed.consultation_minutes);
      std::vector<double> shares;
      for (const acuity_class& a : ed.acuity)
        shares.push_back(a.share);
      acuity.emplace(shares);
      // Admission routes as indices of services.
      std::vector<double> route_weights(t.services.size(), 0.0);
      for (const admission_route& a : ed.admit_to) {
        for (std::size_t sv = 0; sv < t.services.size(); ++sv) {
          if (t.services[sv].id == a.service) route_weights[sv] += a.share;
        }
      }
      if (ed.admit_to.empty()) route_weights.assign(t.services.size(), 1.0);
      route.emplace(route_weights);
      std::size_t ed_index = 0;
      for (std::size_t sv = 0; sv < t.services.size(); ++sv) {
        if (t.services[sv].id == ed.service) ed_index = sv;
      }
      r.s.start(ed_source(r, *ed_arrivals, ed, *consult, *acuity, *route, ed_index));
    }
    r.s.run_until(sim::time_point{prep.run_end});
    r.account_waiting(prep.run_end);
    for (std::size_t sv = 0; sv < t.services.size(); ++sv)
      r.change_queue(sv, 0);
    out.ed_waiting_by_hour = r.waiting_area_by_hour;
    for (double& x : out.ed_waiting_by_hour)
      x /= 60;
  }
  return result;
}

}  // namespace strikesim::model
