#include "strikesim/reports/compare_report.hpp"

#include <fmt/format.h>
#include <algorithm>

#include "strikesim/reports/metrics.hpp"
#include "strikesim/reports/results.hpp"

namespace strikesim::model {

namespace {

nlohmann::ordered_json scenario_meta(const compared& c) {
  nlohmann::ordered_json j;
  j["file"] = c.file;
  j["name"] = c.prep->source->name;
  j["action"] = c.prep->source->action.id;
  j["policy"] = c.prep->source->plan_policy.id;
  return j;
}

/// Each headline figure of a scenario against the reference, replication by replication.
nlohmann::ordered_json differences(const compared_figures& figures) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (std::size_t m = 0; m < hf_count; ++m) {
    const compared_figure& f = figures[m];
    const stat diff = summarise(f.difference);
    const bool identical =
        f.difference.count() == 0 || (f.difference.min() == 0.0 && f.difference.max() == 0.0);
    nlohmann::ordered_json j;
    j["label"] = headline_metrics[m].label;
    j["reference_mean"] = summarise(f.reference).mean;
    j["scenario_mean"] = summarise(f.scenario).mean;
    j["difference"] = stat_to_json(diff);
    j["identical"] = identical;
    // A difference is told from zero when its 95% interval leaves zero out.
    j["distinguishable_from_zero"] = !identical && (diff.ci_low > 0.0 || diff.ci_high < 0.0);
    out[headline_metrics[m].key()] = std::move(j);
  }
  return out;
}

/// Ids of the trusts of `a` that `b` does not have.
nlohmann::ordered_json ids_missing(const prepared_scenario& a, const prepared_scenario& b) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const prepared_trust& p : a.trusts)
    if (std::none_of(b.trusts.begin(), b.trusts.end(),
                     [&](const prepared_trust& o) { return o.source->id == p.source->id; }))
      out.push_back(p.source->id);
  return out;
}

std::string signed_number(double x) {
  if (x == 0.0) return "0.0";
  return fmt::format("{:+.1f}", x);
}

}  // namespace

nlohmann::ordered_json compare_json(const comparison& c, const std::string& version) {
  const compared& ref = c.scenarios().front();
  nlohmann::ordered_json doc;
  doc["schema"] = "strikesim.compare/1";
  doc["seed"] = ref.prep->source->run.seed;
  doc["replications"] = c.replications();
  doc["version"] = version;
  doc["reference"] = scenario_meta(ref);
  auto& list = doc["comparisons"];
  list = nlohmann::ordered_json::array();
  for (std::size_t k = 1; k < c.scenarios().size(); ++k) {
    const compared& other = c.scenarios()[k];
    const comparison::against& a = c.versus(k);
    nlohmann::ordered_json j;
    j["scenario"] = scenario_meta(other);
    j["total"] = differences(a.total);
    auto& trusts = j["trusts"];
    trusts = nlohmann::ordered_json::array();
    for (std::size_t t = 0; t < a.trusts.size(); ++t) {
      const trust& tr = *ref.prep->trusts[a.trusts[t].first].source;
      nlohmann::ordered_json tj;
      tj["id"] = tr.id;
      tj["name"] = tr.name;
      tj["metrics"] = differences(a.by_trust[t]);
      trusts.push_back(std::move(tj));
    }
    // Totals over unlike sets of trusts are still compared, but the difference says so.
    j["trusts_only_in_reference"] = ids_missing(*ref.prep, *other.prep);
    j["trusts_only_in_scenario"] = ids_missing(*other.prep, *ref.prep);
    list.push_back(std::move(j));
  }
  return doc;
}

std::string compare_text(const nlohmann::ordered_json& doc) {
  const auto& ref = doc.at("reference");
  std::string out = fmt::format(
      "Reference: {} ({})\n{} replications, seed {}, common random numbers; difference = "
      "scenario - reference,\nwith the 95% confidence interval of the mean difference\n\n",
      ref.at("name").get<std::string>(), ref.at("file").get<std::string>(),
      doc.at("replications").get<std::size_t>(), doc.at("seed").get<std::uint64_t>());
  auto table = [&](const std::string& title, const nlohmann::ordered_json& metrics) {
    out += fmt::format("{}\n  {:<34} {:>10} {:>10} {:>11}   {}\n", title, "", "reference",
                       "scenario", "difference", "95% CI");
    for (const auto& [key, m] : metrics.items()) {
      const auto& d = m.at("difference");
      std::string verdict;
      if (m.at("identical").get<bool>())
        verdict = "identical in every replication";
      else if (!m.at("distinguishable_from_zero").get<bool>())
        verdict = "not distinguishable from zero";
      out += fmt::format(
          "  {:<34} {:>10.1f} {:>10.1f} {:>11}   {} to {}{}\n", m.at("label").get<std::string>(),
          m.at("reference_mean").get<double>(), m.at("scenario_mean").get<double>(),
          signed_number(d.at("mean").get<double>()), signed_number(d.at("ci95")[0].get<double>()),
          signed_number(d.at("ci95")[1].get<double>()), verdict.empty() ? "" : "   " + verdict);
    }
    out += "\n";
  };
  constexpr std::size_t listed = 12;  // as the run report: a national composite shows its total
  for (const auto& c : doc.at("comparisons")) {
    const auto& sc = c.at("scenario");
    out += fmt::format("Scenario: {} ({})\n", sc.at("name").get<std::string>(),
                       sc.at("file").get<std::string>());
    const auto& trusts = c.at("trusts");
    const auto& only_ref = c.at("trusts_only_in_reference");
    const auto& only_other = c.at("trusts_only_in_scenario");
    if (!only_ref.empty() || !only_other.empty())
      out += fmt::format(
          "  Note: the totals compare different trusts ({} only in the reference, {} only in "
          "this scenario)\n",
          only_ref.size(), only_other.size());
    if (trusts.size() > 1 && trusts.size() <= listed)
      for (const auto& t : trusts)
        table("  " + t.at("name").get<std::string>(), t.at("metrics"));
    table(trusts.size() > 1 ? "  Total" : "", c.at("total"));
  }
  return out;
}

std::string compare_csv(const nlohmann::ordered_json& doc) {
  std::string out = "scenario,trust,metric,statistic,value\n";
  auto rows = [&](const std::string& scenario, const std::string& trust,
                  const nlohmann::ordered_json& metrics) {
    for (const auto& [key, m] : metrics.items()) {
      const std::string lead =
          fmt::format("{},{},{},", csv_field(scenario), csv_field(trust), csv_field(key));
      const auto& d = m.at("difference");
      out += lead + "reference_mean," + number_text(m.at("reference_mean").get<double>()) + "\n";
      out += lead + "scenario_mean," + number_text(m.at("scenario_mean").get<double>()) + "\n";
      for (const char* st : {"mean", "sd", "p05", "p50", "p95"})
        out += lead + "difference_" + st + "," + number_text(d.at(st).get<double>()) + "\n";
      out += lead + "difference_ci95_lo," + number_text(d.at("ci95")[0].get<double>()) + "\n";
      out += lead + "difference_ci95_hi," + number_text(d.at("ci95")[1].get<double>()) + "\n";
      out += lead + "distinguishable_from_zero," +
             (m.at("distinguishable_from_zero").get<bool>() ? "1" : "0") + "\n";
    }
  };
  for (const auto& c : doc.at("comparisons")) {
    const std::string file = c.at("scenario").at("file").get<std::string>();
    for (const auto& t : c.at("trusts"))
      rows(file, t.at("id").get<std::string>(), t.at("metrics"));
    rows(file, "total", c.at("total"));
  }
  return out;
}

}  // namespace strikesim::model
