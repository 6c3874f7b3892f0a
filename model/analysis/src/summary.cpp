#include "strikesim/analysis/summary.hpp"

#include <algorithm>
#include <atomic>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstring>
#include <span>

#include "strikesim/analysis/in_order.hpp"
#include "strikesim/sim/stats.hpp"

namespace strikesim::model {

namespace {

/// The 97.5% quantile of Student's t with `dof` degrees of freedom. Every figure of a run has
/// the same number of replications, so the last value is kept (per thread): Boost's quantile
/// (in long double, by an inverse incomplete beta) took about 17,000 instructions each time, 37
/// million for the 2,200 figures of a Kingston run, all for the same number.
double t975(std::uint64_t dof) {
  thread_local std::uint64_t last_dof = 0;
  thread_local double last = 0;
  if (dof != last_dof) {
    last = boost::math::quantile(boost::math::students_t(static_cast<double>(dof)), 0.975);
    last_dof = dof;
  }
  return last;
}

}  // namespace

stat summarise(const sim::streaming_sample& values) {
  stat s;
  const std::uint64_t n = values.count();
  if (n == 0) return s;
  s.mean = values.mean();
  s.sd = n > 1 ? values.sd() : 0.0;
  s.p05 = values.quantile(0.05);
  s.p50 = values.quantile(0.5);
  s.p95 = values.quantile(0.95);
  s.min = values.min();
  s.max = values.max();
  double half = 0;
  if (n > 1) half = t975(n - 1) * s.sd / std::sqrt(static_cast<double>(n));
  s.ci_low = s.mean - half;
  s.ci_high = s.mean + half;
  return s;
}

spread_shape shape_of(const stat& s) {
  if (s.sd == 0 && s.p05 == s.p95) return spread_shape::none;
  // The mean of equal values can differ from them in the last bits of its sum.
  const double slack = 1e-9 * std::max({1.0, std::abs(s.p05), std::abs(s.p95)});
  if (s.mean > s.p95 + slack) return spread_shape::mean_above;
  if (s.mean < s.p05 - slack) return spread_shape::mean_below;
  return spread_shape::within;
}

stat summarise_within(const sim::streaming_sample& values, double low, double high) {
  stat s = summarise(values);
  s.ci_low = std::clamp(s.ci_low, low, high);
  s.ci_high = std::clamp(s.ci_high, low, high);
  return s;
}

stat summarise(const metric& m, const sim::streaming_sample& values) {
  switch (m.range) {
    case value_range::percent:
      return summarise_within(values, 0, 100);
    case value_range::non_negative:
      break;
  }
  return summarise_within(values, 0);
}

namespace {

/// The plans the replications draw, made before them on `threads` threads (simulate.hpp,
/// replications_that_plan). A plan that fails here is left to its replication, which reports it.
void plan_ahead(const prepared_scenario& prep, int replications, int threads) {
  const std::vector<std::uint64_t> first = replications_that_plan(prep, replications);
  if (first.empty()) return;
  std::atomic<std::size_t> next{0};
  detail::on_threads(std::min(first.size(), static_cast<std::size_t>(std::max(1, threads))), [&] {
    for (std::size_t i = next++; i < first.size(); i = next++) {
      try {
        plan_replication(prep, first[i]);
      } catch (...) {  // NOLINT(bugprone-empty-catch): its replication plans again and reports
      }
    }
  });
}

}  // namespace

outcome_summary run_replications(const prepared_scenario& prep, int replications, int threads,
                                 std::atomic<std::int64_t>* done) {
  plan_ahead(prep, replications, threads);
  outcome_summary summary(prep);
  replicate_in_order(prep, replications, threads, done,
                     [&](replication_outcome&& o) { summary.add(o); });
  return summary;
}

outcome_summary run_chance_only(prepared_scenario& prep, int replications, int threads,
                                std::atomic<std::int64_t>* done) {
  prep.draw_parameters = false;
  prep.other_lead_times = false;
  return run_replications(prep, replications, threads, done);
}

std::vector<replication_outcome> run_replications_keeping_all(const prepared_scenario& prep,
                                                              int replications, int threads) {
  std::vector<replication_outcome> out;
  out.reserve(static_cast<std::size_t>(std::max(0, replications)));
  detail::in_order<replication_outcome>(
      replications, threads,
      [&](int r) { return simulate_replication(prep, static_cast<std::uint64_t>(r)); },
      [&](replication_outcome&& o) { out.push_back(std::move(o)); });
  return out;
}

namespace {

/// What one replication gives for one trust or for several together, before it is folded in.
struct replication_figures {
  headline_values headline{};
  replication_totals totals;  // what the headline figures are worked out from
  double backlog_days = 0, displaced = 0;
  double peak_ops = 0, peak_slots = 0;
  std::vector<lead_outcome> lead;
  const std::vector<float>* backlog_ops = nullptr;
  const std::vector<float>* backlog_slots = nullptr;
};

/// The figures of `parts` (one trust, or every trust for the total: counts summed, shares pooled
/// within the replication).
replication_figures figures_of(std::span<const trust_outcome* const> parts,
                               const replication_outcome& rep, bool total) {
  replication_figures f;
  replication_totals& totals = f.totals;
  f.lead.assign(parts.empty() ? 0 : parts.front()->by_lead.size(), lead_outcome{});
  for (const trust_outcome* t : parts) {
    totals.ops_cancelled_advance += t->ops_cancelled_advance;
    totals.ops_cancelled_day += t->ops_cancelled_day;
    totals.slots_cancelled += t->slots_cancelled_advance + t->slots_cancelled_day;
    totals.ed_attendances += t->ed_attendances;
    totals.ed_departed += t->ed_departed;
    totals.ed_within_4h += t->ed_within_4h;
    totals.unfilled_role_hours += t->unfilled_role_hours;
    totals.ed_minutes += t->ed_time_sum;
    totals.act_down_hours += t->act_down_hours;
    totals.planned_operations += t->planned_operations;
    totals.planned_slots += t->planned_slots;
    totals.ops_unnecessary += t->ops_unnecessary;
    totals.slots_unnecessary += t->slots_unnecessary;
    totals.patient_days_delay += t->patient_days_delay;
    f.displaced += t->displaced;
    // All trusts are clear when the last one is; never, if one never is.
    f.backlog_days = (f.backlog_days < 0 || t->backlog_days < 0)
                         ? -1.0
                         : std::max(f.backlog_days, t->backlog_days);
    for (std::size_t i = 0; i < f.lead.size(); ++i) {
      f.lead[i].operations += t->by_lead[i].operations;
      f.lead[i].slots += t->by_lead[i].slots;
      f.lead[i].unnecessary += t->by_lead[i].unnecessary;
      f.lead[i].unfilled_role_hours += t->by_lead[i].unfilled_role_hours;
    }
  }
  f.backlog_ops = total ? &rep.backlog_ops : &parts.front()->backlog_ops;
  f.backlog_slots = total ? &rep.backlog_slots : &parts.front()->backlog_slots;
  const std::vector<float>& bo = *f.backlog_ops;
  const std::vector<float>& bs = *f.backlog_slots;
  f.peak_ops = bo.empty() ? 0.0 : *std::max_element(bo.begin(), bo.end());
  f.peak_slots = bs.empty() ? 0.0 : *std::max_element(bs.begin(), bs.end());
  for (const metric& m : headline_metrics)
    f.headline[m.figure] = m.value(totals);
  return f;
}

/// The parts of trust `index` of `r`, or all its trusts (`all_trusts`).
std::vector<const trust_outcome*> parts_of(const replication_outcome& r, std::size_t index) {
  std::vector<const trust_outcome*> parts;
  if (index != all_trusts) {
    parts.push_back(&r.trusts.at(index));
  } else {
    for (const trust_outcome& t : r.trusts)
      parts.push_back(&t);
  }
  return parts;
}

/// Whether `r`'s backlog by day of all trusts, operations and slots, is its first trust's to
/// the bit.
bool same_backlog(const replication_outcome& r) {
  const auto same = [](const std::vector<float>& all, const std::vector<float>& trust) {
    return all.size() == trust.size() &&
           std::memcmp(all.data(), trust.data(), all.size() * sizeof(float)) == 0;
  };
  return same(r.backlog_ops, r.trusts.front().backlog_ops) &&
         same(r.backlog_slots, r.trusts.front().backlog_slots);
}

void fold(figure_series& s, const replication_figures& f, bool called_off, bool first) {
  for (std::size_t m = 0; m < hf_count; ++m)
    s.headline[m].add(f.headline[m]);
  s.ops_unnecessary.add(f.totals.ops_unnecessary);
  s.slots_unnecessary.add(f.totals.slots_unnecessary);
  if (called_off) ++s.called_off;
  if (f.backlog_days >= 0)
    s.backlog_days_cleared.add(f.backlog_days);
  else
    ++s.never_cleared;
  s.displaced.add(f.displaced);
  s.peak_ops.add(f.peak_ops);
  s.peak_slots.add(f.peak_slots);
  if (first) {
    s.by_lead.resize(f.lead.size());
    s.backlog_ops.resize(f.backlog_ops->size());
    s.backlog_slots.resize(f.backlog_slots->size());
  }
  for (std::size_t i = 0; i < s.by_lead.size(); ++i) {
    s.by_lead[i].operations.add(f.lead[i].operations);
    s.by_lead[i].slots.add(f.lead[i].slots);
    s.by_lead[i].unnecessary.add(f.lead[i].unnecessary);
    s.by_lead[i].unfilled_role_hours.add(f.lead[i].unfilled_role_hours);
  }
  for (std::size_t d = 0; d < s.backlog_ops.size(); ++d) {
    s.backlog_ops[d].add((*f.backlog_ops)[d]);
    s.backlog_slots[d].add((*f.backlog_slots)[d]);
  }
}

}  // namespace

outcome_summary::outcome_summary(const prepared_scenario& prep)
    : prep_(&prep), trusts_(prep.trusts.size()) {
  for (std::size_t i = 0; i < prep.trusts.size(); ++i) {
    const prepared_trust& pt = prep.trusts[i];
    trust_figures& t = trusts_[i];
    t.series.ops_planned = pt.planned_operations;
    t.series.slots_planned = pt.planned_slots;
    t.by_specialty.resize(pt.source->specialties.size());
    t.services.resize(pt.source->services.size());
    if (prep.per_trust_backlog) {
      for (service_figures& f : t.services) {
        f.margin_by_hour.resize(static_cast<std::size_t>(std::max(0, prep.report_hours)));
        f.unfilled_by_hour.resize(f.margin_by_hour.size());
      }
    }
    t.cancelled_on_day.assign(pt.reported_sessions.size(), 0);
    t.ed_waiting_by_hour.resize(static_cast<std::size_t>(std::max(0, prep.report_hours)));
    total_.ops_planned += pt.planned_operations;
    total_.slots_planned += pt.planned_slots;
  }
  total_is_trust_ = trusts_.size() == 1;
}

void outcome_summary::add(const replication_outcome& r) {
  const bool first = replications_ == 0;
  ++replications_;
  participation_.add(r.participation);
  const double report_minutes = (prep_->source->horizon - prep_->source->report_start).count();
  if (total_is_trust_ && !same_backlog(r)) {
    total_ = trusts_.front().series;
    total_is_trust_ = false;
  }
  headline_values headline{};  // the one trust's, while it is the total
  for (std::size_t i = 0; i < trusts_.size(); ++i) {
    const trust_outcome& o = r.trusts[i];
    trust_figures& t = trusts_[i];
    const trust_outcome* part[] = {&o};
    const replication_figures figures = figures_of(part, r, false);
    headline = figures.headline;
    fold(t.series, figures, r.called_off, first);
    for (std::size_t sp = 0; sp < t.by_specialty.size(); ++sp) {
      const specialty_outcome& v = o.by_specialty[sp];
      specialty_figures& f = t.by_specialty[sp];
      f.ops_cancelled_advance.add(v.ops_cancelled_advance);
      f.ops_cancelled_day.add(v.ops_cancelled_day);
      f.slots_cancelled.add(v.slots_cancelled_advance + v.slots_cancelled_day);
      f.unfilled_role_hours.add(v.unfilled_role_hours);
    }
    for (std::size_t sv = 0; sv < t.services.size(); ++sv) {
      const service_outcome& v = o.services[sv];
      service_figures& f = t.services[sv];
      f.unfilled_role_hours.add(v.unfilled_role_hours);
      f.served.add(v.served);
      f.mean_wait_minutes.add(v.served > 0 ? v.wait_sum / v.served : 0.0);
      f.mean_queue.add(report_minutes > 0 ? v.queue_area / report_minutes : 0.0);
      const std::size_t hours = f.margin_by_hour.size();
      if (o.service_margin_by_hour.size() < (sv + 1) * hours) continue;
      for (std::size_t h = 0; h < hours; ++h) {
        f.margin_by_hour[h].add(o.service_margin_by_hour[sv * hours + h]);
        f.unfilled_by_hour[h].add(o.service_unfilled_by_hour[sv * hours + h]);
      }
    }
    for (std::size_t h = 0; h < t.ed_waiting_by_hour.size(); ++h)
      t.ed_waiting_by_hour[h].add(o.ed_waiting_by_hour[h]);
    for (std::size_t k = 0; k < t.cancelled_on_day.size(); ++k)
      t.cancelled_on_day[k] += o.cancelled_on_day[k];
  }
  if (!total_is_trust_) {
    const replication_figures total = figures_of(parts_of(r, all_trusts), r, true);
    fold(total_, total, r.called_off, first);
    headline = total.headline;
  }
  if (!r.drawn.empty()) {
    drawn_in_.resize(r.drawn.size());
    for (std::size_t j = 0; j < r.drawn.size(); ++j)
      drawn_in_[j].push_back(r.drawn[j]);
    for (std::size_t m = 0; m < hf_count; ++m)
      drawn_out_[m].push_back(headline[m]);
  }
}

headline_values replication_headlines(const replication_outcome& r, std::size_t index) {
  return figures_of(parts_of(r, index), r, index == all_trusts).headline;
}

}  // namespace strikesim::model
