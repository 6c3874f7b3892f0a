#include "emergency.hpp"

#include <algorithm>
#include <optional>

#include "common.hpp"
#include "sampler.hpp"
#include "strikesim/sim.hpp"

namespace strikesim::model::detail {

int own_work_priority(const trust& t) {
  return t.ed ? static_cast<int>(t.ed->acuity.size()) : 0;
}

namespace {

struct trust_run {
  const prepared_scenario& prep;
  const prepared_trust& prepared;
  const trust& t;
  sim::simulation s;
  std::vector<sim::resource*> services;
  sim::random_stream arrivals_stream, patient_stream, consult_stream, clerk_stream, task_stream,
      streamed_stream, bed_stream;
  std::vector<sampler> clerk_time;                 // per service: clerking an ED admission
  std::vector<sampler> task_time;                  // per service: a task of its own workload
  std::optional<sampler> streamed_time, bed_wait;  // ED: streamed patients' time; a bed wait
  trust_outcome& out;
  sim::time_weighted waiting;
  std::vector<double> waiting_area_by_hour;
  instant last_wait_change;
  instant report_start, horizon;

  /// Patients of the report period still in the department, and the sum of their arrival times:
  /// those still in at the run's end are counted as they stand then (a lower bound on their time).
  double still_in = 0, still_in_since = 0;
  /// A report patient's last wait (for a bed, or with the doctor who sees it out): a timeout after
  /// which it only leaves, at `until`, in the calendar's order among waits ending then.
  struct last_wait {
    instant until, arrived;
    std::uint64_t order;
    bool over = false;
  };
  std::vector<last_wait> last_waits;
  /// Report patients in their last wait now (some of still_in).
  double in_last_wait = 0;
  /// Requests for a doctor made in the report period and not yet granted.
  std::int64_t report_requests_waiting = 0;

  int own_work_priority;
  /// Whether the action goes ahead in this replication (it was not called off).
  bool action_on;
  /// The action's demand change in this replication (drawn, or the file's).
  demand_change demand;
  /// Inside the action's windows, when it goes ahead, the admitted share is scaled by this so
  /// that admissions change by demand.emergency_admissions while attendances change by
  /// demand.ed_attendances.
  double admission_factor;
  /// The share of the ED's patients admitted on an ordinary day (the file's, or this
  /// replication's draw of it).
  double ed_admission;
  /// The scale of a bed wait that starts now: shorter inside the action's windows.
  [[nodiscard]] double bed_wait_factor() const {
    return action_on && in_action(*prep.source, s.now()) ? 1 + demand.bed_wait : 1.0;
  }
  [[nodiscard]] double admission_share(instant arrived) const {
    return action_on && in_action(*prep.source, arrived) ? ed_admission * admission_factor
                                                         : ed_admission;
  }

  trust_run(const prepared_scenario& p, const prepared_trust& tr, std::uint64_t seed,
            std::uint64_t rep, bool going_ahead, const demand_change& change, double admission,
            trust_outcome& o)
      : prep(p),
        prepared(tr),
        t(*tr.source),
        arrivals_stream(seed, {rep, tr.stream_id, ed_arrivals}),
        patient_stream(seed, {rep, tr.stream_id, ed_patients}),
        consult_stream(seed, {rep, tr.stream_id, ed_consult}),
        clerk_stream(seed, {rep, tr.stream_id, clerking}),
        task_stream(seed, {rep, tr.stream_id, tasks}),
        streamed_stream(seed, {rep, tr.stream_id, streamed}),
        bed_stream(seed, {rep, tr.stream_id, bed_waits}),
        out(o),
        report_start(p.source->report_start),
        horizon(p.source->horizon),
        own_work_priority(detail::own_work_priority(*tr.source)),
        action_on(going_ahead),
        demand(change),
        admission_factor((1 + change.emergency_admissions) / (1 + change.ed_attendances)),
        ed_admission(admission) {
    waiting_area_by_hour.assign(static_cast<std::size_t>(p.report_hours), 0.0);
    queue_level.assign(t.services.size(), 0.0);
    queue_changed.assign(t.services.size(), instant::start());
  }

  // Adds the area of the waiting count between the last change and now to the hourly buckets.
  void account_waiting(instant now) {
    instant from = std::max(last_wait_change, report_start);
    const instant to = std::min(now, horizon);
    const double level = waiting.current();
    while (from < to && level > 0) {
      const auto hour = static_cast<std::size_t>((from - report_start) / one_hour);
      const instant hour_end = report_start + one_hour * static_cast<double>(hour + 1);
      const instant piece_end = std::min(to, hour_end);
      if (hour < waiting_area_by_hour.size())
        waiting_area_by_hour[hour] += level * (piece_end - from).count();
      from = piece_end;
    }
    last_wait_change = now;
  }
  void change_waiting(double delta) {
    account_waiting(s.now());
    waiting.add(s.now(), delta);
  }

  // Queues of the services, integrated over the report period.
  std::vector<double> queue_level;
  std::vector<instant> queue_changed;
  void change_queue(std::size_t sv, double delta) {
    const instant now = s.now();
    const instant from = std::max(queue_changed[sv], report_start), to = std::min(now, horizon);
    if (to > from) out.services[sv].queue_area += queue_level[sv] * (to - from).count();
    queue_level[sv] += delta;
    queue_changed[sv] = now;
  }
  [[nodiscard]] bool in_report_period(instant at) const {
    return at >= report_start && at < horizon;
  }
  /// Waits for a doctor of service `sv`, counting the queue and the wait.
  auto wait_for(std::size_t sv, int priority) {
    change_queue(sv, +1);
    if (in_report_period(s.now())) ++report_requests_waiting;
    return services[sv]->request(priority);
  }
  /// After the report period, once every patient of it still in the department is in its last
  /// wait and no request made in it still waits, nothing left to simulate can change a figure
  /// (queues and the waiting count are integrated up to the period's end only, and when each of
  /// those patients leaves is fixed): the run stops there, not a day later, and they leave as the
  /// calendar would have taken them (leave_after_the_run).
  void stop_if_done() {
    if (still_in == in_last_wait && report_requests_waiting == 0 && s.now() >= horizon) s.stop();
  }
  /// A patient of the report period leaves the department at `at`.
  void leave_at(instant at, instant arrived) {
    const minutes in_department = at - arrived;
    still_in -= 1;
    still_in_since -= arrived.value();
    out.ed_departed += 1;
    out.ed_time_sum += in_department.count();
    if (in_department <= minutes{240}) out.ed_within_4h += 1;
  }
  /// A patient starts its last wait, `d` long: its place in last_waits if counted.
  std::size_t start_last_wait(bool counted, instant arrived, minutes d) {
    if (!counted) return 0;
    last_waits.push_back({s.now() + d, arrived, last_waits.size()});
    in_last_wait += 1;
    stop_if_done();
    return last_waits.size() - 1;
  }
  /// The patient of last wait `w` leaves the department at its end, now (every patient leaves
  /// so; counted if it arrived in the report period).
  void end_last_wait(bool counted, std::size_t w, instant arrived) {
    if (!counted) return;
    last_waits[w].over = true;
    in_last_wait -= 1;
    leave_at(s.now(), arrived);
    stop_if_done();
  }
  /// The patients still in their last wait when the run stopped leave, in the order of the ends
  /// of their waits (the order they were started in, for waits ending together, as the calendar
  /// takes them), if before the run's end.
  void leave_after_the_run(instant run_end) {
    std::vector<last_wait> left;
    for (const last_wait& w : last_waits)
      if (!w.over) left.push_back(w);
    std::sort(left.begin(), left.end(), [](const last_wait& a, const last_wait& b) {
      return a.until < b.until || (a.until == b.until && a.order < b.order);
    });
    for (const last_wait& w : left)
      if (w.until < run_end) leave_at(w.until, w.arrived);
  }
  void served(std::size_t sv, instant requested) {
    change_queue(sv, -1);
    if (in_report_period(requested)) {
      out.services[sv].served += 1;
      out.services[sv].wait_sum += (s.now() - requested).count();
      --report_requests_waiting;
      stop_if_done();
    }
  }
};

/// What the ED's patients refer to for the whole run.
struct ed_flow {
  const sim::piecewise_rate_arrivals& arrivals;
  const ed_demand& ed;
  sampler& consult;
  sim::discrete& acuity;
  sim::discrete& route;
  std::size_t service;
};

/// A service's own work: its tasks' arrivals.
struct work_flow {
  sim::piecewise_rate_arrivals arrivals;
  std::size_t service;
};

sim::process ed_patient(trust_run& r, ed_flow& flow);
sim::process task(trust_run& r, work_flow& flow);

/// Starts the ED's next patient at its arrival after `from`, if before the run's end. Each patient
/// starts the next as it arrives: one event an arrival, where a source process sleeping until
/// each arrival and then starting it took two (the same arrivals, drawn in the same order).
void next_ed_patient(trust_run& r, ed_flow& flow, sim::time_point from) {
  const sim::time_point next = flow.arrivals.next(from, r.arrivals_stream);
  if (next < r.prep.run_end) r.s.start_at(next, ed_patient(r, flow));
}

sim::process ed_patient(trust_run& r, ed_flow& flow) {
  const instant arrived = r.s.now();
  next_ed_patient(r, flow, arrived);
  const ed_demand& ed = flow.ed;
  const std::size_t ed_service = flow.service;
  const bool counted = r.in_report_period(arrived);
  if (counted) {
    r.out.ed_attendances += 1;
    r.still_in += 1;
    r.still_in_since += arrived.value();
  }
  const int priority = static_cast<int>(flow.acuity(r.patient_stream));
  const bool admitted = r.patient_stream.uniform01() < r.admission_share(arrived);
  const std::size_t destination = flow.route(r.patient_stream);
  if (r.streamed_time && r.streamed_stream.uniform01() < ed.streamed_share) {
    // Seen by a nurse practitioner or GP: no ED doctor, no strike.
    const sim::duration seen{(*r.streamed_time)(r.streamed_stream)};
    const std::size_t w = r.start_last_wait(counted, arrived, seen);
    co_await r.s.timeout(seen);
    r.end_last_wait(counted, w, arrived);
    co_return;
  }
  const bool referred = admitted && !ed.admit_to.empty();
  r.change_waiting(+1);
  std::size_t w = 0;
  {
    auto doctor = co_await r.wait_for(ed_service, priority);
    r.served(ed_service, arrived);
    r.change_waiting(-1);
    const sim::duration seen{flow.consult(r.consult_stream)};
    if (!referred) w = r.start_last_wait(counted, arrived, seen);  // seen, then out
    co_await r.s.timeout(seen);
  }
  if (!referred) {
    r.end_last_wait(counted, w, arrived);
    co_return;
  }
  {
    // Clerked by the take team before leaving the department.
    const instant referred_at = r.s.now();
    auto clerk = co_await r.wait_for(destination, priority);
    r.served(destination, referred_at);
    const sim::duration clerked{r.clerk_time[destination](r.clerk_stream)};
    if (!r.bed_wait) w = r.start_last_wait(counted, arrived, clerked);
    co_await r.s.timeout(clerked);
  }  // the take team's doctor goes back to work; the patient waits for a bed without them
  if (r.bed_wait) {
    const double factor = r.bed_wait_factor();
    const sim::duration bed{(*r.bed_wait)(r.bed_stream) * factor};
    w = r.start_last_wait(counted, arrived, bed);
    co_await r.s.timeout(bed);
  }
  r.end_last_wait(counted, w, arrived);
}

/// Starts the service's next task at its arrival after `from` (as next_ed_patient).
void next_task(trust_run& r, work_flow& flow, sim::time_point from) {
  const sim::time_point next = flow.arrivals.next(from, r.task_stream);
  if (next < r.prep.run_end) r.s.start_at(next, task(r, flow));
}

sim::process task(trust_run& r, work_flow& flow) {
  const instant requested = r.s.now();
  next_task(r, flow, requested);
  const std::size_t sv = flow.service;
  auto doctor = co_await r.wait_for(sv, r.own_work_priority);  // after every ED patient
  r.served(sv, requested);
  co_await r.s.timeout(sim::duration{r.task_time[sv](r.task_stream)});
}

/// A capacity schedule summing the doctors of every shift instance that covers each moment.
sim::capacity_schedule capacity_over_time(const std::vector<capacity_piece>& pieces) {
  std::vector<instant> cuts;
  for (const auto& [instance, doctors] : pieces) {
    cuts.push_back(std::max(instant::start(), instance->start));
    cuts.push_back(instance->end);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  auto sched = sim::capacity_schedule::constant(0);
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    int total = 0;
    for (const auto& [instance, doctors] : pieces) {
      if (instance->start <= cuts[i] && cuts[i] < instance->end) total += doctors;
    }
    if (total > 0) sched.add_override(cuts[i], cuts[i + 1], total);
  }
  return sched;
}

/// Each service a kernel resource following the doctors the plan on the day gives it, and the
/// time a doctor takes to clerk an admission or to do one of its own tasks.
void add_services(trust_run& r, const std::vector<std::vector<capacity_piece>>& capacity) {
  const trust& t = r.t;
  for (std::size_t sv = 0; sv < t.services.size(); ++sv) {
    sim::resource& res = r.s.add_resource(0);
    res.follow(capacity_over_time(capacity[sv]), sim::on_capacity_drop::finish_job);
    r.services.push_back(&res);
    const service& def = t.services[sv];
    r.clerk_time.emplace_back(t.ed ? t.ed->clerking_minutes : distribution_spec{});
    r.task_time.emplace_back(def.work ? def.work->minutes : distribution_spec{});
  }
}

/// What the sources of a run refer to for its whole length.
struct emergency_inputs {
  std::vector<work_flow> work;
  std::optional<sim::piecewise_rate_arrivals> ed_arrival_rates;
  std::optional<sampler> consult;
  std::optional<sim::discrete> acuity, route;
  std::optional<ed_flow> ed;
};

/// Each service's own work arriving by hour of day.
void start_own_work(trust_run& r, emergency_inputs& inputs) {
  const trust& t = r.t;
  inputs.work.reserve(t.services.size());  // never reallocated: the tasks refer to its flows
  for (std::size_t sv = 0; sv < t.services.size(); ++sv) {
    const service& def = t.services[sv];
    if (!def.work) continue;
    std::vector<double> per_minute(def.work->per_hour.begin(), def.work->per_hour.end());
    for (double& x : per_minute)
      x /= 60;
    inputs.work.push_back({sim::piecewise_rate_arrivals(per_minute, sim::duration{60}), sv});
  }
  // The services' first tasks, in file order: each service's arrivals are drawn in turn from the
  // one stream, and the order of the draws is what it was with a source process per service
  // (each drew its first arrival at the start and the next one when the last arrived).
  for (work_flow& flow : inputs.work)
    next_task(r, flow, r.s.now());
}

/// Index of the service with id `id` (the first, or 0 if none).
std::size_t service_index(const trust& t, const std::string& id) {
  std::size_t found = 0;
  for (std::size_t sv = 0; sv < t.services.size(); ++sv) {
    if (t.services[sv].id == id) found = sv;
  }
  return found;
}

/// ED arrivals per minute for every hour of the run changed by `change` (a share) for the part
/// of each hour inside the action's windows: a replication's draw of the action's demand change
/// (prepare computes the file's once).
std::vector<double> arrival_rates_with(const trust_run& r, double change) {
  std::vector<double> rates = r.prepared.arrivals_per_minute_by_hour;
  for (std::size_t h = 0; h < rates.size(); ++h) {
    const instant from{60.0 * static_cast<double>(h)};
    rates[h] *= 1 + change * (time_in_action(*r.prep.source, from, from + one_hour) / one_hour);
  }
  return rates;
}

/// ED patients arriving by the hour's rate, with their acuity and where admissions go.
void start_ed(trust_run& r, emergency_inputs& inputs) {
  const trust& t = r.t;
  const ed_demand& ed = *t.ed;
  if (r.action_on && r.demand.ed_attendances != r.prep.source->action.demand.ed_attendances) {
    inputs.ed_arrival_rates.emplace(arrival_rates_with(r, r.demand.ed_attendances),
                                    sim::duration{60});
  } else {
    inputs.ed_arrival_rates.emplace(r.action_on ? r.prepared.arrivals_per_minute_by_hour_in_action
                                                : r.prepared.arrivals_per_minute_by_hour,
                                    sim::duration{60});
  }
  inputs.consult.emplace(ed.consultation_minutes);
  if (ed.streamed_share > 0) r.streamed_time.emplace(ed.streamed_minutes);
  if (ed.bed_wait_minutes) r.bed_wait.emplace(*ed.bed_wait_minutes);
  std::vector<double> shares;
  for (const acuity_class& a : ed.acuity)
    shares.push_back(a.share);
  inputs.acuity.emplace(shares);
  // Admission routes as indices of services.
  std::vector<double> route_weights(t.services.size(), 0.0);
  for (const admission_route& a : ed.admit_to) {
    for (std::size_t sv = 0; sv < t.services.size(); ++sv) {
      if (t.services[sv].id == a.service) route_weights[sv] += a.share;
    }
  }
  if (ed.admit_to.empty()) route_weights.assign(t.services.size(), 1.0);
  inputs.route.emplace(route_weights);
  inputs.ed.emplace(ed_flow{*inputs.ed_arrival_rates, ed, *inputs.consult, *inputs.acuity,
                            *inputs.route, service_index(t, ed.service)});
  next_ed_patient(r, *inputs.ed, r.s.now());
}

}  // namespace

void run_emergency_care(const prepared_scenario& prep, const prepared_trust& prepared,
                        const std::vector<std::vector<capacity_piece>>& capacity, bool action_on,
                        const demand_change& demand, double admission_share,
                        std::uint64_t replication, trust_outcome& out) {
  trust_run r{prep,      prepared, prep.source->run.seed, replication,
              action_on, demand,   admission_share,       out};
  add_services(r, capacity);
  emergency_inputs inputs;
  start_own_work(r, inputs);
  if (prepared.source->ed) start_ed(r, inputs);
  r.s.run_until(prep.run_end);
  r.leave_after_the_run(prep.run_end);
  r.account_waiting(prep.run_end);
  // Patients still in the department at the end count with the time they have spent so far: all
  // of them arrived a day or more before (the run ends a day after the report period), so none
  // was seen within four hours. Without them a department that never drains would look faster.
  out.ed_still_in = r.still_in;
  out.ed_departed += r.still_in;
  out.ed_time_sum += r.still_in * prep.run_end.value() - r.still_in_since;
  for (std::size_t sv = 0; sv < prepared.source->services.size(); ++sv)
    r.change_queue(sv, 0);
  out.ed_waiting_by_hour = r.waiting_area_by_hour;
  for (double& x : out.ed_waiting_by_hour)
    x /= 60;
}

}  // namespace strikesim::model::detail
