#include "strikesim/analysis/compare.hpp"

#include <algorithm>
#include <stdexcept>

#include "strikesim/analysis/in_order.hpp"

namespace strikesim::model {

namespace {

/// Folds one replication's headline figures into `figures`: as drawn, or (`chance`) with every
/// drawn parameter at its central value.
void add_figures(compared_figures& figures, const headline_values& reference,
                 const headline_values& scenario, bool chance) {
  for (std::size_t m = 0; m < hf_count; ++m) {
    compared_figure& f = figures[m];
    (chance ? f.reference_chance : f.reference).add(reference[m]);
    (chance ? f.scenario_chance : f.scenario).add(scenario[m]);
    (chance ? f.difference_chance : f.difference).add(scenario[m] - reference[m]);
  }
}

/// One replication of every scenario: as drawn, and (when a parameter is drawn) at the central
/// values.
struct replication_set {
  std::vector<replication_outcome> full, chance;
};

}  // namespace

comparison::comparison(std::span<const compared> scenarios)
    : scenarios_(scenarios.begin(), scenarios.end()) {
  if (scenarios_.size() < 2) throw std::invalid_argument("compare needs two scenarios or more");
  const prepared_scenario& ref = *scenarios_.front().prep;
  for (std::size_t k = 1; k < scenarios_.size(); ++k) {
    const auto& others = scenarios_[k].prep->trusts;
    against& a = against_.emplace_back();
    for (std::size_t i = 0; i < ref.trusts.size(); ++i) {
      const auto it = std::find_if(others.begin(), others.end(), [&](const prepared_trust& p) {
        return p.source->id == ref.trusts[i].source->id;
      });
      if (it != others.end())
        a.trusts.emplace_back(i, static_cast<std::size_t>(it - others.begin()));
    }
    a.by_trust.resize(a.trusts.size());
  }
}

void comparison::add(std::span<const replication_outcome> outcomes) {
  fold(outcomes, false);
  ++replications_;
}

void comparison::add_chance(std::span<const replication_outcome> outcomes) {
  fold(outcomes, true);
  has_chance_ = true;
}

void comparison::fold(std::span<const replication_outcome> outcomes, bool chance) {
  if (outcomes.size() != scenarios_.size())
    throw std::invalid_argument("comparison: one outcome of each scenario is needed");
  const replication_outcome& ref = outcomes.front();
  const headline_values ref_total = replication_headlines(ref, all_trusts);
  for (std::size_t k = 1; k < scenarios_.size(); ++k) {
    against& a = against_[k - 1];
    add_figures(a.total, ref_total, replication_headlines(outcomes[k], all_trusts), chance);
    for (std::size_t t = 0; t < a.trusts.size(); ++t)
      add_figures(a.by_trust[t], replication_headlines(ref, a.trusts[t].first),
                  replication_headlines(outcomes[k], a.trusts[t].second), chance);
  }
}

comparison run_comparison(std::span<const compared> scenarios, int replications, int threads,
                          std::atomic<std::int64_t>* done) {
  comparison c(scenarios);
  const bool drawn = std::any_of(scenarios.begin(), scenarios.end(), [](const compared& s) {
    return s.prep->draw_parameters && has_drawn_parameters(*s.prep->source);
  });
  detail::in_order<replication_set>(
      replications, threads,
      [&](int r) {
        replication_set one;
        const auto rep = static_cast<std::uint64_t>(r);
        for (const compared& s : scenarios) {
          one.full.push_back(simulate_replication(*s.prep, rep));
          // The chance-only run gives headline figures only: not the decision table's other
          // lead times (most of its replans).
          if (drawn) one.chance.push_back(simulate_replication(*s.prep, rep, false, false));
          if (done != nullptr) done->fetch_add(1, std::memory_order_relaxed);
        }
        return one;
      },
      [&](replication_set&& one) {
        c.add(one.full);
        if (drawn) c.add_chance(one.chance);
      });
  return c;
}

}  // namespace strikesim::model
