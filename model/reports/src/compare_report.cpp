#include "strikesim/reports/compare_report.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <initializer_list>

#include "strikesim/analysis/metrics.hpp"
#include "strikesim/reports/results.hpp"
#include "strikesim/reports/svg.hpp"

#include "shared.hpp"

namespace strikesim::model {

namespace {

using json = nlohmann::ordered_json;
using detail::kv;
using detail::object_of;

compared_meta meta_of(const compared& c) {
  const scenario& sc = *c.prep->source;
  return {.file = c.file,
          .name = sc.name,
          .action = sc.action.id,
          .policy = sc.plan_policy.id,
          .action_name = sc.action.name,
          .policy_name = sc.plan_policy.name,
          .action_file = c.action_file,
          .policy_file = c.policy_file,
          .overrides = c.overrides};
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
    d.has_chance = f.difference_chance.count() > 0;
    if (d.has_chance) {
      d.reference = summarise(f.reference);
      d.scenario = summarise(f.scenario);
      d.reference_chance = summarise(f.reference_chance);
      d.scenario_chance = summarise(f.scenario_chance);
      d.difference_chance = summarise(f.difference_chance);
    }
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
  return object_of(kv("file", m.file), kv("name", m.name), kv("title", compared_title(m)),
                   kv("action", m.action), kv("policy", m.policy), kv("action_file", m.action_file),
                   kv("policy_file", m.policy_file), kv("overrides", m.overrides));
}

/// The scenario file and what the command line changed for it, as one short label (the CSV's
/// scenario column): two runs of one file differ.
std::string label_of(const compared_meta& m) {
  std::string out = m.file;
  if (!m.action_file.empty()) out += " --action " + m.action_file;
  if (!m.policy_file.empty()) out += " --policy " + m.policy_file;
  for (const std::string& set : m.overrides)
    out += " --set " + set;
  return out;
}

/// A range's two parts: the full distribution and chance alone.
json parts_json(const stat& full, const stat& chance) {
  return object_of(kv("full", stat_to_json(full)), kv("chance_only", stat_to_json(chance)));
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
    if (d.has_chance)
      out[m.key()]["two_parts"] =
          object_of(kv("reference", parts_json(d.reference, d.reference_chance)),
                    kv("scenario", parts_json(d.scenario, d.scenario_chance)),
                    kv("difference", parts_json(d.difference, d.difference_chance)));
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

/// The two parts of each range of the total (as `strikesim run` gives them): the reference's
/// (`reference` true), or the scenario's and the difference's.
void parts_text(std::string& out, const figure_differences& figures, bool reference) {
  if (!figures.front().has_chance) return;
  const auto block = [&](const char* title, auto full_of, auto chance_of) {
    out += fmt::format("  {:<34} {:>21}   {:>21}\n", title, "full range", "chance alone");
    for (const metric& m : headline_metrics) {
      const figure_difference& d = figures[m.figure];
      const stat& full = full_of(d);
      const stat& chance = chance_of(d);
      out += fmt::format("  {:<34} {:>9.1f} - {:<9.1f}   {:>9.1f} - {:<9.1f}  {}\n", m.label,
                         full.p05, full.p95, chance.p05, chance.p95, narrower(full, chance));
    }
  };
  out +=
      "  The two parts of each range (p05-p95 of the total): the full range, and chance alone\n"
      "  (the same replications with every drawn assumption at its central value)\n";
  if (reference) {
    block(
        "the reference", [](const figure_difference& d) -> const stat& { return d.reference; },
        [](const figure_difference& d) -> const stat& { return d.reference_chance; });
  } else {
    block(
        "this scenario", [](const figure_difference& d) -> const stat& { return d.scenario; },
        [](const figure_difference& d) -> const stat& { return d.scenario_chance; });
    block(
        "the difference", [](const figure_difference& d) -> const stat& { return d.difference; },
        [](const figure_difference& d) -> const stat& { return d.difference_chance; });
  }
  out += "\n";
}

void scenario_text(std::string& out, const scenario_difference& d) {
  constexpr std::size_t listed = listed_trusts;  // a national composite shows its total
  out += fmt::format("Scenario: {} ({})\n", compared_title(d.scenario), label_of(d.scenario));
  if (!d.trusts_only_in_reference.empty() || !d.trusts_only_in_scenario.empty())
    out += fmt::format(
        "  Note: the totals compare different trusts ({} only in the reference, {} only in "
        "this scenario)\n",
        d.trusts_only_in_reference.size(), d.trusts_only_in_scenario.size());
  if (d.trusts.size() > 1 && d.trusts.size() <= listed)
    for (const trust_difference& t : d.trusts)
      table_text(out, "  " + t.name, t.figures);
  table_text(out, d.trusts.size() > 1 ? "  Total" : "", d.total);
  parts_text(out, d.total, false);
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
    if (!d.has_chance) continue;
    const auto range = [&](std::string_view name, const stat& x) {
      row(fmt::format("{}_p05", name), x.p05);
      row(fmt::format("{}_p95", name), x.p95);
    };
    range("reference", d.reference);
    range("reference_chance_only", d.reference_chance);
    range("scenario", d.scenario);
    range("scenario_chance_only", d.scenario_chance);
    range("difference_chance_only", d.difference_chance);
  }
}

// --- the HTML page ---

using svg::escape;

/// What a difference is, in words: "identical in every replication", "not distinguishable from
/// zero", or "" when it is told from zero.
std::string verdict_words(const figure_difference& d) {
  std::string v = verdict(d);
  v.erase(0, v.find_first_not_of(' '));
  return v;
}

/// The 95% interval as the page shows it: "-12 to +30".
std::string interval_html(const stat& s) {
  return escape(fmt::format("{} to {}", signed_number(s.ci_low), signed_number(s.ci_high)));
}

/// The figures with a reference mean to measure a change against, as bars of the change in
/// percent of it, with the 95% interval.
std::vector<svg::bar> relative_bars(const figure_differences& figures) {
  std::vector<svg::bar> bars;
  for (const metric& m : headline_metrics) {
    const figure_difference& d = figures[m.figure];
    if (d.reference_mean == 0.0 || d.identical) continue;
    const double scale = 100.0 / std::abs(d.reference_mean);
    bars.push_back({m.label, d.difference.mean * scale, d.difference.ci_low * scale,
                    d.difference.ci_high * scale});
  }
  return bars;
}

/// A table of every headline figure: a row header naming it, then `cells(figure)`, its <td>s
/// under `columns`.
template <class Cells>
std::string figures_table(std::initializer_list<const char*> columns, const Cells& cells) {
  std::string t = "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">figure</th>";
  for (const char* c : columns)
    t += fmt::format("<th scope=\"col\">{}</th>", c);
  t += "</tr></thead><tbody>\n";
  for (const metric& m : headline_metrics)
    t += fmt::format("<tr><th scope=\"row\">{}</th>{}</tr>\n", escape(m.label), cells(m.figure));
  return t + "</tbody></table></div>\n";
}

std::string differences_table(const figure_differences& figures) {
  return figures_table(
      {"reference", "scenario", "difference", "95% interval", "verdict"}, [&](headline_figure f) {
        const figure_difference& d = figures[f];
        return fmt::format(
            "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
            "<td class=\"n\">{}</td><td>{}</td>",
            escape(detail::num(d.reference_mean)), escape(detail::num(d.scenario_mean)),
            escape(signed_number(d.difference.mean)), interval_html(d.difference),
            escape(verdict_words(d)));
      });
}

/// The two parts of the ranges of the total (p05-p95): the scenario's and the difference's full
/// range beside chance alone (empty when no parameter is drawn).
std::string parts_table(const figure_differences& figures) {
  if (!figures.front().has_chance) return "";
  const auto range = [](const stat& x) {
    return escape(fmt::format("{} to {}", detail::num(x.p05), detail::num(x.p95)));
  };
  return "<p>The two parts of each range (the 5th to the 95th percentile): the full range, and "
         "chance alone, from the same simulated days with every drawn assumption at its central "
         "value.</p>\n" +
         figures_table(
             {"scenario", "scenario, chance alone", "difference", "difference, chance alone"},
             [&](headline_figure f) {
               const figure_difference& d = figures[f];
               return fmt::format(
                   "<td class=\"n\">{}</td><td class=\"n\">{}</td>"
                   "<td class=\"n\">{}</td><td class=\"n\">{}</td>",
                   range(d.scenario), range(d.scenario_chance), range(d.difference),
                   range(d.difference_chance));
             });
}

std::string scenario_section(const compare_result& r, const scenario_difference& d) {
  constexpr std::size_t listed = listed_trusts;  // a national composite shows its total
  std::string out = fmt::format("<section><h2>{}</h2>\n<p class=\"meta\">{}</p>\n",
                                escape(compared_title(d.scenario)), escape(label_of(d.scenario)));
  if (!d.trusts_only_in_reference.empty() || !d.trusts_only_in_scenario.empty())
    out += fmt::format(
        "<p>The totals compare different trusts: {} only in the reference, {} only in this "
        "scenario.</p>\n",
        d.trusts_only_in_reference.size(), d.trusts_only_in_scenario.size());
  const std::vector<svg::bar> bars = relative_bars(d.total);
  if (!bars.empty())
    out += svg::bar_chart(
        "Change from the reference, in % of its mean",
        fmt::format("For each figure whose reference mean is not zero: the mean difference of "
                    "this scenario from the reference ({}), replication by replication under "
                    "common random numbers, in percent of the reference's mean, with the 95% "
                    "confidence interval of the mean difference as a whisker.",
                    compared_title(r.reference)),
        "% of the reference's mean", bars);
  out += differences_table(d.total);
  out += parts_table(d.total);
  if (d.trusts.size() > 1 && d.trusts.size() <= listed) {
    out += "<details><summary>Trust by trust</summary>\n";
    for (const trust_difference& t : d.trusts)
      out += fmt::format("<h3>{}</h3>\n", escape(t.name)) + differences_table(t.figures);
    out += "</details>\n";
  }
  return out + "</section>\n";
}

/// The largest change told from zero, in percent of its reference, of the first scenario: the
/// page's headline.
std::string compare_headline(const compare_result& r) {
  const scenario_difference& d = r.comparisons.front();
  const metric* best = nullptr;
  double best_share = 0;
  for (const metric& m : headline_metrics) {
    const figure_difference& f = d.total[m.figure];
    if (!f.distinguishable_from_zero || f.reference_mean == 0.0) continue;
    const double share = std::abs(f.difference.mean / f.reference_mean);
    if (share > best_share) {
      best_share = share;
      best = &m;
    }
  }
  if (best == nullptr)
    return fmt::format("{}: no headline figure differs from the reference beyond chance.",
                       compared_title(d.scenario));
  const figure_difference& f = d.total[best->figure];
  return fmt::format(
      "{}: {} {} by {:.0f}% ({} against {}, 95% interval of the difference {} to {}).",
      compared_title(d.scenario), best->label, f.difference.mean > 0 ? "rises" : "falls",
      100 * best_share, detail::num(f.scenario_mean), detail::num(f.reference_mean),
      signed_number(f.difference.ci_low), signed_number(f.difference.ci_high));
}

/// --- per scenario on the command line: "2=FILE", "2:PATH=VALUE" ---

void add_scenario_options(std::string& out, std::size_t number, const compared_meta& m) {
  using detail::shell_word;
  if (!m.action_file.empty())
    out += " --action " + shell_word(fmt::format("{}={}", number, m.action_file));
  if (!m.policy_file.empty())
    out += " --policy " + shell_word(fmt::format("{}={}", number, m.policy_file));
  for (const std::string& set : m.overrides)
    out += " --set " + shell_word(fmt::format("{}:{}", number, set));
}

}  // namespace

std::string compared_title(const compared_meta& m) {
  std::string out = detail::with_swaps(m.name, m.action_file.empty() ? "" : m.action_name,
                                       m.policy_file.empty() ? "" : m.policy_name);
  for (std::size_t i = 0; i < m.overrides.size(); ++i) {
    out += i == 0 ? "; " : ", ";
    out += m.overrides[i];
  }
  return out;
}

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
      compared_title(result.reference), label_of(result.reference), result.replications,
      result.seed);
  if (!result.comparisons.empty()) parts_text(out, result.comparisons.front().total, true);
  for (const scenario_difference& d : result.comparisons)
    scenario_text(out, d);
  return out;
}

std::string compare_csv(const compare_result& result) {
  std::string out = "scenario,trust,metric,statistic,value\n";
  for (const scenario_difference& d : result.comparisons) {
    for (const trust_difference& t : d.trusts)
      csv_rows(out, label_of(d.scenario), t.id, t.figures);
    csv_rows(out, label_of(d.scenario), "total", d.total);
  }
  return out;
}

std::string compare_command(const compare_result& result, const std::string& format,
                            const std::string& output) {
  using detail::shell_word;
  std::string out = "strikesim compare " + shell_word(result.reference.file);
  for (const scenario_difference& d : result.comparisons) {
    out += ' ';
    out += shell_word(d.scenario.file);
  }
  add_scenario_options(out, 1, result.reference);
  for (std::size_t k = 0; k < result.comparisons.size(); ++k)
    add_scenario_options(out, k + 2, result.comparisons[k].scenario);
  out += fmt::format(" --seed {} --reps {} --format {}", result.seed, result.replications, format);
  if (!output.empty()) out += " -o " + shell_word(output);
  return out;
}

std::string compare_html(const compare_result& result) {
  std::string content;
  for (const scenario_difference& d : result.comparisons)
    content += scenario_section(result, d);
  const std::string title = "Comparison against " + compared_title(result.reference);
  const std::string about = fmt::format(
      "<section><h2>About this comparison</h2><p class=\"meta\">strikesim {} · {} replications "
      "of every scenario with seed {}, under common random numbers (replication r of every "
      "scenario draws the same turnout and the same chance events), difference = scenario - "
      "reference. Reference: {} (<code>{}</code>).</p><p>Reproduce this page: <code>{}</code>"
      "</p></section>",
      escape(result.version), result.replications, result.seed,
      escape(compared_title(result.reference)), escape(label_of(result.reference)),
      escape(compare_command(result, "html", "FILE")));
  return detail::fill_page({{"title", escape(title)},
                            {"scenario_name", escape(title)},
                            {"version", escape(result.version)},
                            {"headline", escape(compare_headline(result))},
                            {"description", ""},
                            {"summary", ""},
                            {"content", content},
                            {"about", about}});
}

}  // namespace strikesim::model
