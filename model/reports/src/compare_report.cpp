#include "strikesim/reports/compare_report.hpp"

#include <fmt/format.h>
#include <algorithm>

#include "strikesim/analysis/metrics.hpp"
#include "strikesim/reports/results.hpp"

#include "shared.hpp"

namespace strikesim::model {

namespace {

using json = nlohmann::ordered_json;
using detail::kv;
using detail::object_of;

compared_meta meta_of(const compared& c) {
  const scenario& sc = *c.prep->source;
  return {c.file, sc.name, sc.action.id, sc.plan_policy.id};
}

/// Each headline figure of a scenario against the reference, replication by replication.
figure_differences differences(const compared_figures& figures) {
  figure_differences out;
  for (std::size_t m = 0; m < hf_count; ++m) {
    const compared_figure& f = figures[m];
    figure_difference& d = out[m];
    d.reference_mean = summarise(f.reference).mean;
    d.scenario_mean = summarise(f.scenario).mean;
    d.difference = summarise(f.difference);
    d.identical =
        f.difference.count() == 0 || (f.difference.min() == 0.0 && f.difference.max() == 0.0);
    // A difference is told from zero when its 95% interval leaves zero out.
    d.distinguishable_from_zero =
        !d.identical && (d.difference.ci_low > 0.0 || d.difference.ci_high < 0.0);
  }
  return out;
}

/// Ids of the trusts of `a` that `b` does not have.
std::vector<std::string> ids_missing(const prepared_scenario& a, const prepared_scenario& b) {
  std::vector<std::string> out;
  for (const prepared_trust& p : a.trusts)
    if (std::none_of(b.trusts.begin(), b.trusts.end(),
                     [&](const prepared_trust& o) { return o.source->id == p.source->id; }))
      out.push_back(p.source->id);
  return out;
}

scenario_difference scenario_difference_of(const comparison& c, std::size_t k) {
  const compared& ref = c.scenarios().front();
  const compared& other = c.scenarios()[k];
  const comparison::against& a = c.versus(k);
  scenario_difference d;
  d.scenario = meta_of(other);
  d.total = differences(a.total);
  for (std::size_t t = 0; t < a.trusts.size(); ++t) {
    const trust& tr = *ref.prep->trusts[a.trusts[t].first].source;
    d.trusts.push_back({tr.id, tr.name, differences(a.by_trust[t])});
  }
  d.trusts_only_in_reference = ids_missing(*ref.prep, *other.prep);
  d.trusts_only_in_scenario = ids_missing(*other.prep, *ref.prep);
  return d;
}

json meta_json(const compared_meta& m) {
  return object_of(kv("file", m.file), kv("name", m.name), kv("action", m.action),
                   kv("policy", m.policy));
}

json differences_json(const figure_differences& figures) {
  json out = json::object();
  for (const metric& m : headline_metrics) {
    const figure_difference& d = figures[m.figure];
    out[m.key()] = {{"label", m.label},
                    {"reference_mean", d.reference_mean},
                    {"scenario_mean", d.scenario_mean},
                    {"difference", stat_to_json(d.difference)},
                    {"identical", d.identical},
                    {"distinguishable_from_zero", d.distinguishable_from_zero}};
  }
  return out;
}

json scenario_difference_json(const scenario_difference& d) {
  json j;
  j["scenario"] = meta_json(d.scenario);
  j["total"] = differences_json(d.total);
  auto& trusts = j["trusts"];
  trusts = json::array();
  for (const trust_difference& t : d.trusts)
    trusts.push_back({{"id", t.id}, {"name", t.name}, {"metrics", differences_json(t.figures)}});
  j["trusts_only_in_reference"] = d.trusts_only_in_reference;
  j["trusts_only_in_scenario"] = d.trusts_only_in_scenario;
  return j;
}

std::string signed_number(double x) {
  if (x == 0.0) return "0.0";
  return fmt::format("{:+.1f}", x);
}

std::string verdict(const figure_difference& d) {
  if (d.identical) return "   identical in every replication";
  if (!d.distinguishable_from_zero) return "   not distinguishable from zero";
  return "";
}

void table_text(std::string& out, const std::string& title, const figure_differences& figures) {
  out += fmt::format("{}\n  {:<34} {:>10} {:>10} {:>11}   {}\n", title, "", "reference", "scenario",
                     "difference", "95% CI");
  for (const metric& m : headline_metrics) {
    const figure_difference& d = figures[m.figure];
    out += fmt::format("  {:<34} {:>10.1f} {:>10.1f} {:>11}   {} to {}{}\n", m.label,
                       d.reference_mean, d.scenario_mean, signed_number(d.difference.mean),
                       signed_number(d.difference.ci_low), signed_number(d.difference.ci_high),
                       verdict(d));
  }
  out += "\n";
}

void scenario_text(std::string& out, const scenario_difference& d) {
  constexpr std::size_t listed = 12;  // as the run report: a national composite shows its total
  out += fmt::format("Scenario: {} ({})\n", d.scenario.name, d.scenario.file);
  if (!d.trusts_only_in_reference.empty() || !d.trusts_only_in_scenario.empty())
    out += fmt::format(
        "  Note: the totals compare different trusts ({} only in the reference, {} only in "
        "this scenario)\n",
        d.trusts_only_in_reference.size(), d.trusts_only_in_scenario.size());
  if (d.trusts.size() > 1 && d.trusts.size() <= listed)
    for (const trust_difference& t : d.trusts)
      table_text(out, "  " + t.name, t.figures);
  table_text(out, d.trusts.size() > 1 ? "  Total" : "", d.total);
}

void csv_rows(std::string& out, const std::string& scenario, const std::string& trust,
              const figure_differences& figures) {
  for (const metric& m : headline_metrics) {
    const figure_difference& d = figures[m.figure];
    const std::string lead =
        fmt::format("{},{},{},", csv_field(scenario), csv_field(trust), csv_field(m.key()));
    const auto row = [&](std::string_view statistic, double value) {
      out += fmt::format("{}{},{}\n", lead, statistic, number_text(value));
    };
    row("reference_mean", d.reference_mean);
    row("scenario_mean", d.scenario_mean);
    row("difference_mean", d.difference.mean);
    row("difference_sd", d.difference.sd);
    row("difference_p05", d.difference.p05);
    row("difference_p50", d.difference.p50);
    row("difference_p95", d.difference.p95);
    row("difference_ci95_lo", d.difference.ci_low);
    row("difference_ci95_hi", d.difference.ci_high);
    out += lead + "distinguishable_from_zero," + (d.distinguishable_from_zero ? "1" : "0") + "\n";
  }
}

}  // namespace

compare_result make_compare_result(const comparison& c, const std::string& version) {
  const compared& ref = c.scenarios().front();
  compare_result r;
  r.seed = ref.prep->source->run.seed;
  r.replications = c.replications();
  r.version = version;
  r.reference = meta_of(ref);
  for (std::size_t k = 1; k < c.scenarios().size(); ++k)
    r.comparisons.push_back(scenario_difference_of(c, k));
  return r;
}

nlohmann::ordered_json compare_json(const compare_result& result) {
  json doc;
  doc["schema"] = "strikesim.compare/1";
  doc["seed"] = result.seed;
  doc["replications"] = result.replications;
  doc["version"] = result.version;
  doc["reference"] = meta_json(result.reference);
  auto& list = doc["comparisons"];
  list = json::array();
  for (const scenario_difference& d : result.comparisons)
    list.push_back(scenario_difference_json(d));
  return doc;
}

std::string compare_text(const compare_result& result) {
  std::string out = fmt::format(
      "Reference: {} ({})\n{} replications, seed {}, common random numbers; difference = "
      "scenario - reference,\nwith the 95% confidence interval of the mean difference\n\n",
      result.reference.name, result.reference.file, result.replications, result.seed);
  for (const scenario_difference& d : result.comparisons)
    scenario_text(out, d);
  return out;
}

std::string compare_csv(const compare_result& result) {
  std::string out = "scenario,trust,metric,statistic,value\n";
  for (const scenario_difference& d : result.comparisons) {
    for (const trust_difference& t : d.trusts)
      csv_rows(out, d.scenario.file, t.id, t.figures);
    csv_rows(out, d.scenario.file, "total", d.total);
  }
  return out;
}

}  // namespace strikesim::model
