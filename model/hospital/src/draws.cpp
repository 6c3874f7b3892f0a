#include "draws.hpp"

#include <algorithm>

#include "common.hpp"
#include "strikesim/sim/random.hpp"

namespace strikesim::model {

namespace {

bool is_trust_key(const drawn_parameter& p) {
  return p.target == drawn_target::operations_scale || p.target == drawn_target::slots_scale ||
         p.target == drawn_target::admission_share;
}

/// Where `draws` holds trust `i`'s value of a trust file's drawn key.
template <typename Draws>
auto& trust_draw(Draws& draws, drawn_target target, std::size_t i) {
  switch (target) {
    case drawn_target::operations_scale:
      return draws.operations_scale[i];
    case drawn_target::slots_scale:
      return draws.slots_scale[i];
    default:
      return draws.admission_share[i];
  }
}

/// A trust's drawn value of `p` in replication `rep`.
double trust_value(const prepared_scenario& prep, const prepared_trust& pt,
                   const drawn_parameter& p, std::uint64_t rep, bool draw) {
  if (!draw || !p.has_spread()) return p.central;
  const std::uint64_t by_trust = p.scope == draw_scope::trust ? pt.stream_id : 0;
  return p.quantile(detail::draw_uniform(prep.source->run.seed, rep, p.key, by_trust));
}

}  // namespace

std::vector<drawn_column> drawn_columns(const scenario& s, const policy& pol) {
  std::vector<drawn_column> columns;
  for (const drawn_parameter& p : pol.drawn)
    columns.push_back({p.key, &p, 0});
  for (const drawn_parameter& p : s.action.drawn)
    columns.push_back({p.key, &p, 0});
  for (const trust& t : s.trusts) {
    for (const drawn_parameter& p : t.drawn) {
      const auto seen = std::find_if(columns.begin(), columns.end(),
                                     [&](const drawn_column& c) { return c.key == p.key; });
      if (seen == columns.end())
        columns.push_back({p.key, &p, 1});
      else
        ++seen->trusts;
    }
  }
  return columns;
}

bool has_drawn_parameters(const scenario& s) {
  return any_spread(s.plan_policy.drawn) || any_spread(s.action.drawn) ||
         std::any_of(s.trusts.begin(), s.trusts.end(),
                     [](const trust& t) { return any_spread(t.drawn); });
}

namespace detail {

double draw_uniform(std::uint64_t seed, std::uint64_t rep, const std::string& key,
                    std::uint64_t trust_stream) {
  if (trust_stream == 0) {
    sim::random_stream stream{seed, {rep, 0, 2, stream_id_of(key)}};
    return stream.uniform01();
  }
  sim::random_stream stream{seed, {rep, 0, 2, stream_id_of(key), trust_stream}};
  return stream.uniform01();
}

file_draws draw_files(const prepared_scenario& prep, std::uint64_t rep, bool draw) {
  const scenario& s = *prep.source;
  file_draws out;
  out.demand = s.action.demand;
  for (const drawn_parameter& p : s.action.drawn) {
    if (draw && p.has_spread())
      set_drawn(out.demand, p.target, p.quantile(draw_uniform(s.run.seed, rep, p.key)));
  }
  out.operations_scale.reserve(prep.trusts.size());
  out.slots_scale.reserve(prep.trusts.size());
  out.admission_share.reserve(prep.trusts.size());
  for (std::size_t i = 0; i < prep.trusts.size(); ++i) {
    const prepared_trust& pt = prep.trusts[i];
    const trust& t = *pt.source;
    out.operations_scale.push_back(t.operations_scale);
    out.slots_scale.push_back(t.slots_scale);
    out.admission_share.push_back(t.ed ? t.ed->admission_share : 0);
    for (const drawn_parameter& p : t.drawn)
      trust_draw(out, p.target, i) = trust_value(prep, pt, p, rep, draw);
  }
  return out;
}

std::vector<double> column_values(const prepared_scenario& prep,
                                  const std::vector<double>& policy_values,
                                  const file_draws& draws) {
  const scenario& s = *prep.source;
  std::vector<double> values = policy_values;
  for (const drawn_parameter& p : s.action.drawn) {
    switch (p.target) {
      case drawn_target::ed_attendances:
        values.push_back(draws.demand.ed_attendances);
        break;
      case drawn_target::emergency_admissions:
        values.push_back(draws.demand.emergency_admissions);
        break;
      default:
        values.push_back(draws.demand.bed_wait);
        break;
    }
  }
  // A trust file's key: the mean of the values of the trusts that give it.
  const std::vector<drawn_column> columns = drawn_columns(s, *prep.plan);
  for (std::size_t c = values.size(); c < columns.size(); ++c) {
    double sum = 0;
    for (std::size_t i = 0; i < prep.trusts.size(); ++i) {
      for (const drawn_parameter& p : prep.trusts[i].source->drawn) {
        if (p.key != columns[c].key || !is_trust_key(p)) continue;
        sum += trust_draw(draws, p.target, i);
      }
    }
    values.push_back(sum / static_cast<double>(std::max<std::size_t>(columns[c].trusts, 1)));
  }
  return values;
}

void scale_activity(double operations, double slots, trust_outcome& out, strike_day& day) {
  if (operations == 1 && slots == 1) return;
  out.planned_operations *= operations;
  out.planned_slots *= slots;
  out.ops_cancelled_advance *= operations;
  out.ops_cancelled_day *= operations;
  out.ops_unnecessary *= operations;
  out.slots_cancelled_advance *= slots;
  out.slots_cancelled_day *= slots;
  out.slots_unnecessary *= slots;
  for (specialty_outcome& by : out.by_specialty) {
    by.ops_cancelled_advance *= operations;
    by.ops_cancelled_day *= operations;
    by.slots_cancelled_advance *= slots;
    by.slots_cancelled_day *= slots;
  }
  for (cancellation& c : day.cancelled)
    c.count *= c.theatre ? operations : slots;
  for (factor_counts& f : day.by_factor) {
    f.ops_advance *= operations;
    f.ops_day *= operations;
    f.slots_advance *= slots;
    f.slots_day *= slots;
  }
}

}  // namespace detail

}  // namespace strikesim::model
