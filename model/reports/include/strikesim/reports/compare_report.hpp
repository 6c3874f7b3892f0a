#pragma once
/// What `strikesim compare` writes: JSON (`strikesim.compare/1`), a table and tidy CSV, each from
/// the typed result of the comparison.

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "strikesim/analysis/compare.hpp"

namespace strikesim::model {

/// One headline figure (metrics.hpp names it) of a scenario against the reference.
struct figure_difference {
  double reference_mean = 0, scenario_mean = 0;
  stat difference;                         // scenario - reference, replication by replication
  bool identical = false;                  // the same in every replication
  bool distinguishable_from_zero = false;  // the 95% interval of the difference leaves 0 out
  /// The two parts of the ranges, when a scenario draws a parameter with spread: the reference's,
  /// the scenario's and the difference's full distributions, and each with every drawn parameter
  /// at its central value (chance alone, the same replications).
  bool has_chance = false;
  stat reference, scenario;
  stat reference_chance, scenario_chance, difference_chance;
};
using figure_differences = std::array<figure_difference, hf_count>;

/// A scenario as the comparison names it, with what the command line changed for it.
struct compared_meta {
  std::string file;  // as the user named it
  std::string name, action, policy;
  std::string action_name, policy_name;
  std::string action_file, policy_file;  // as given on the command line; empty for the file's own
  std::vector<std::string> overrides;    // "PATH=VALUE"
};

/// The scenario's name with the action and policy run instead of its own, and its overrides
/// ("Kingston ... — with policy Decide 3 days ahead; policy.act_down_share=0.5"): two runs of one
/// file differ in their titles.
std::string compared_title(const compared_meta& m);

struct trust_difference {
  std::string id, name;
  figure_differences figures;
};

/// One scenario against the reference: the total, and each trust both contain.
struct scenario_difference {
  compared_meta scenario;
  figure_differences total;
  std::vector<trust_difference> trusts;
  // Totals over unlike sets of trusts are still compared, but the difference says so.
  std::vector<std::string> trusts_only_in_reference, trusts_only_in_scenario;
};

struct compare_result {
  std::uint64_t seed = 0, replications = 0;
  std::string version;
  compared_meta reference;
  std::vector<scenario_difference> comparisons;
};

/// Everything the writers of a comparison show.
compare_result make_compare_result(const comparison& c, const std::string& version);

/// The `strikesim.compare/1` document.
nlohmann::ordered_json compare_json(const compare_result& result);

/// A readable table: each difference with its 95% confidence interval, and whether it can be told
/// from zero.
std::string compare_text(const compare_result& result);

/// Tidy long form: scenario, trust, metric, statistic, value.
std::string compare_csv(const compare_result& result);

/// A page: for each scenario, a chart of each headline figure's difference from the reference
/// (as a share of the reference's mean, with its 95% interval) and the table of differences.
std::string compare_html(const compare_result& result);

/// The command that gives the same comparison, in `format` (written to `output` unless empty).
std::string compare_command(const compare_result& result, const std::string& format,
                            const std::string& output);

}  // namespace strikesim::model
