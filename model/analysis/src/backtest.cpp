#include "strikesim/analysis/backtest.hpp"

#include <algorithm>

#include "strikesim/analysis/in_order.hpp"
#include "strikesim/hospital/error.hpp"
#include "strikesim/hospital/simulate.hpp"

namespace strikesim::model {

double planned_care_value(planned_care_measure m, const headline_values& h) {
  const double operations = h[hf_ops_advance] + h[hf_ops_day];
  switch (m) {
    case planned_care_measure::operations:
      return operations;
    case planned_care_measure::outpatient_slots:
      return h[hf_slots];
    case planned_care_measure::operations_and_slots:
      return operations + h[hf_slots];
    case planned_care_measure::maintained_percent:
    case planned_care_measure::count:
      break;
  }
  return h[hf_planned_care_maintained];
}

stat planned_care_figures::summary(planned_care_measure m) const {
  const sim::streaming_sample& v = values[static_cast<std::size_t>(m)];
  return m == planned_care_measure::maintained_percent ? summarise_within(v, 0, 100)
                                                       : summarise_within(v, 0);
}

namespace {

void fold(planned_care_figures& f, const headline_values& h) {
  for (std::size_t m = 0; m < planned_care_measures; ++m)
    f.values[m].add(planned_care_value(static_cast<planned_care_measure>(m), h));
}

/// The index in `prep.trusts` of each trust asked for.
std::vector<std::size_t> trust_indices(const prepared_scenario& prep,
                                       const std::vector<std::string>& ids) {
  std::vector<std::size_t> out;
  for (const std::string& id : ids) {
    const auto it = std::find_if(prep.trusts.begin(), prep.trusts.end(),
                                 [&](const prepared_trust& t) { return t.source->id == id; });
    if (it == prep.trusts.end())
      throw scenario_error({prep.source->file}, "trust",
                           "no trust '" + detail::clip(id) + "' in this scenario");
    out.push_back(static_cast<std::size_t>(it - prep.trusts.begin()));
  }
  return out;
}

}  // namespace

planned_care_run run_planned_care(const prepared_scenario& prep,
                                  const std::vector<std::string>& trust_ids, int replications,
                                  int threads, std::atomic<std::int64_t>* done) {
  planned_care_run run;
  run.trust_ids = trust_ids;
  const std::vector<std::size_t> index = trust_indices(prep, trust_ids);
  run.trusts.resize(index.size());
  for (std::size_t i = 0; i < index.size(); ++i) {
    run.trusts[i].planned_operations = prep.trusts[index[i]].planned_operations;
    run.trusts[i].planned_slots = prep.trusts[index[i]].planned_slots;
  }
  for (const prepared_trust& t : prep.trusts) {
    run.total.planned_operations += t.planned_operations;
    run.total.planned_slots += t.planned_slots;
  }
  replicate_in_order(prep, replications, threads, done, [&](replication_outcome&& o) {
    ++run.replications;
    fold(run.total, replication_headlines(o, all_trusts));
    for (std::size_t i = 0; i < index.size(); ++i)
      fold(run.trusts[i], replication_headlines(o, index[i]));
  });
  return run;
}

namespace {

planned_care_run run_job(const backtest_job& job, int replications, int threads,
                         std::atomic<std::int64_t>* done) {
  const std::unique_ptr<scenario> sc = job.read();
  prepared_scenario prep = prepare(*sc);
  prep.emergency_care = false;
  prep.other_lead_times = false;
  // The regimes' assumptions at their central values (the chance-only run of `strikesim run`):
  // with the planning percentile drawn, every replication of England plans again (0.15 s each),
  // and the backtest took over ten minutes instead of one. The record is set beside the central
  // assumptions; `strikesim run` shows what the drawn ones add.
  prep.draw_parameters = false;
  return run_planned_care(prep, job.trust_ids, replications, threads, done);
}

}  // namespace

std::vector<planned_care_run> run_backtest(const std::vector<backtest_job>& jobs, int replications,
                                           int threads, std::atomic<std::int64_t>* done) {
  std::vector<planned_care_run> out;
  out.reserve(jobs.size());
  const int count = static_cast<int>(jobs.size());
  if (threads > 1 && count >= threads) {
    detail::in_order<planned_care_run>(
        count, threads,
        [&](int j) { return run_job(jobs[static_cast<std::size_t>(j)], replications, 1, done); },
        [&](planned_care_run&& r) { out.push_back(std::move(r)); });
  } else {
    for (const backtest_job& job : jobs)
      out.push_back(run_job(job, replications, threads, done));
  }
  return out;
}

}  // namespace strikesim::model
