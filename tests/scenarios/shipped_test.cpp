// The shipped scenario files: every file validates, and every number in a trust, archetype,
// action or policy file carries a source tag or the word "assumption".
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "../test_files.hpp"
#include "strikesim/analysis/describe.hpp"
#include "strikesim/analysis/memory.hpp"
#include "strikesim/analysis/summary.hpp"
#include "strikesim/files/new_trust.hpp"
#include "strikesim/files/reader.hpp"
#include "strikesim/files/record.hpp"
#include "strikesim/files/sweep_file.hpp"
#include "strikesim/hospital/limits.hpp"
#include "strikesim/hospital/simulate.hpp"
#include "strikesim/reports/describe_report.hpp"
#include "strikesim/reports/results.hpp"

namespace model = strikesim::model;
namespace fs = std::filesystem;

namespace {

const fs::path shipped = STRIKESIM_SCENARIOS;

std::vector<fs::path> toml_files(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".toml") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// A line split into its TOML code (strings blanked out) and its comment.
struct split_line {
  std::string code, comment;
};
split_line split(const std::string& line) {
  split_line out;
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote) {
      if (c == '\\' && quote == '"') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      out.code += ' ';
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
      out.code += ' ';
      continue;
    }
    if (c == '#') {
      out.comment = line.substr(i + 1);
      return out;
    }
    out.code += c;
  }
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// Every "[TAG]" in `text` whose TAG is letters and digits only.
std::vector<std::string> bracketed_tags(const std::string& text) {
  std::vector<std::string> tags;
  for (std::size_t open = text.find('['); open != std::string::npos;
       open = text.find('[', open + 1)) {
    const std::size_t close = text.find(']', open + 1);
    if (close == std::string::npos) break;
    const std::string tag = text.substr(open + 1, close - open - 1);
    if (!tag.empty() &&
        std::all_of(tag.begin(), tag.end(), [](unsigned char c) { return std::isalnum(c) != 0; }))
      tags.push_back(tag);
  }
  return tags;
}

/// Lines of `file` holding a number with no source tag defined in the file and no "assumption";
/// and tags cited but never defined.
std::vector<std::string> unsourced_numbers(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);)
    lines.push_back(l);
  std::set<std::string> defined;
  for (const std::string& l : lines) {
    // A definition: "# [TAG] text" at the start of a line.
    const std::size_t hash = l.find_first_not_of(" \t");
    if (hash == std::string::npos || l[hash] != '#') continue;
    const std::size_t open = l.find_first_not_of(" \t", hash + 1);
    if (open == std::string::npos || l[open] != '[') continue;
    const std::size_t close = l.find(']', open);
    if (close == std::string::npos || close + 1 >= l.size() ||
        std::isspace(static_cast<unsigned char>(l[close + 1])) == 0 ||
        l.find_first_not_of(" \t", close + 1) == std::string::npos)
      continue;
    const std::vector<std::string> tags = bracketed_tags(l.substr(open, close + 1 - open));
    if (tags.size() == 1) defined.insert(tags.front());
  }
  std::vector<std::string> problems;
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const split_line s = split(lines[n]);
    const std::string where = file.filename().string() + ":" + std::to_string(n + 1) + ": ";
    bool cites = false;
    for (const std::string& tag : bracketed_tags(s.comment)) {
      if (defined.count(tag)) {
        cites = true;
      } else if (std::any_of(tag.begin(), tag.end(), ::isdigit) &&
                 std::any_of(tag.begin(), tag.end(), ::isalpha)) {
        problems.push_back(where + "cites [" + tag + "], which the file does not define");
      }
    }
    const bool has_number = std::any_of(s.code.begin(), s.code.end(), ::isdigit);
    if (has_number && !cites && lower(s.comment).find("assumption") == std::string::npos) {
      problems.push_back(where + "a number without a source tag or 'assumption': " + lines[n]);
    }
  }
  return problems;
}

}  // namespace

TEST_CASE("every shipped file validates") {
  const std::vector<fs::path> files = toml_files(shipped);
  CHECK(files.size() >= 20);
  for (const fs::path& f : files) {
    CAPTURE(f.string());
    try {
      if (model::is_sweep_file(f))
        CHECK(model::validate_sweep(f) >= 2);
      else if (model::is_record_file(f))
        CHECK(!model::read_record(f).rows.empty());
      else
        (void)model::validate_file(f);
    } catch (const model::scenario_error& e) {
      FAIL_CHECK(e.what());
    }
  }
}

TEST_CASE("the shipped set: five trusts, six actions, two policies, two regions, two sweeps") {
  for (const char* t : {"kingston", "croydon", "epsom-st-helier", "st-georges", "royal-marsden"})
    CHECK_MESSAGE(fs::exists(shipped / "trusts" / (std::string(t) + ".toml")), t);
  for (const char* a :
       {"2015-12-01", "2016-01-12", "2016-01-26", "2016-02-10", "2016-04-26", "2023-04-11"})
    CHECK_MESSAGE(fs::exists(shipped / "actions" / (std::string(a) + ".toml")), a);
  CHECK(toml_files(shipped / "policies").size() >= 2);
  CHECK(!toml_files(shipped / "regions" / "south-west-london").empty());
  CHECK(!toml_files(shipped / "regions" / "england").empty());
  CHECK(toml_files(shipped / "sweeps").size() >= 2);
}

TEST_CASE(
    "every number in a trust, archetype, action, policy or record file has a source or says "
    "assumption") {
  int files = 0;
  for (const char* dir : {"trusts", "archetypes", "actions", "policies", "backtest"}) {
    for (const fs::path& f : toml_files(shipped / dir)) {
      ++files;
      for (const std::string& problem : unsourced_numbers(f))
        FAIL_CHECK(problem);
    }
  }
  CHECK(files >= 13);
}

TEST_CASE("the source check itself catches an unlabelled number and an undefined tag") {
  const fs::path file = strikesim_test::write_scratch("strikesim-shipped-test", "t.toml",
                                                      "# [K1] a public figure\n"
                                                      "a = 1  # [K1]\n"
                                                      "b = 2  # assumption: why\n"
                                                      "c = 3\n"
                                                      "d = \"08:00\"\n"
                                                      "e = 4  # [K9]\n"
                                                      "f = 5  # see [K1] and [K9]\n");
  const std::vector<std::string> p = unsourced_numbers(file);
  REQUIRE(p.size() == 4);
  CHECK(p[0].find("t.toml:4:") == 0);
  CHECK(p[1].find("t.toml:6: cites [K9]") == 0);
  CHECK(p[2].find("t.toml:6: a number") == 0);
  CHECK(p[3].find("t.toml:7: cites [K9]") == 0);
}

TEST_CASE("a trust written by new-trust passes the same source rule, from every archetype") {
  model::new_trust_figures f;
  f.id = "riverside-general";
  f.name = "Riverside General";
  f.operations = 30000;
  f.outpatients = 250000;
  f.archetypes_dir = shipped / "archetypes";
  for (const model::archetype_size& a : model::archetypes) {
    CAPTURE(a.id);
    f.archetype = a.id;
    f.beds = a.beds * 3 / 4;
    f.ed_attendances = a.has_ed ? std::optional<std::int64_t>(70000) : std::nullopt;
    SUBCASE("scaled by beds") {}
    SUBCASE("with some specialties and doctors by grade") {
      f.specialties = {"general_surgery", "anaesthesia", "trauma_orthopaedics"};
      if (a.has_ed)
        f.specialties.insert(f.specialties.end(), {"emergency_medicine", "acute_medicine"});
      f.juniors = 150;
    }
    const std::string text = model::new_trust(f);
    CHECK_NOTHROW((void)model::read_trust_text(text, "new-trust"));
    const fs::path file =
        strikesim_test::write_scratch("strikesim-shipped-test", "new-trust.toml", text);
    for (const std::string& problem : unsourced_numbers(file))
      FAIL_CHECK(problem);
  }
}

TEST_CASE(
    "south-west London: each trust's figures are those it has alone, so the total is their sum") {
  const model::scenario region =
      model::read_scenario(shipped / "regions" / "south-west-london" / "2016-01-12.toml");
  REQUIRE(region.trusts.size() == 5);
  const auto prep = model::prepare(region);
  const auto outcomes = model::run_replications_keeping_all(prep, 6, 2);
  double total_ops = 0, total_slots = 0, total_unfilled = 0, total_ed = 0;
  for (std::size_t i = 0; i < region.trusts.size(); ++i) {
    const std::string id = region.trusts[i].id;
    CAPTURE(id);
    const model::scenario alone = model::read_scenario(shipped / "runs" / id / "2016-01-12.toml");
    REQUIRE(alone.run.seed == region.run.seed);
    const auto prep_alone = model::prepare(alone);
    const auto outcomes_alone = model::run_replications_keeping_all(prep_alone, 6, 2);
    for (std::size_t r = 0; r < outcomes.size(); ++r) {
      const model::trust_outcome& a = outcomes[r].trusts[i];
      const model::trust_outcome& b = outcomes_alone[r].trusts[0];
      CHECK(a.ops_cancelled_advance == b.ops_cancelled_advance);
      CHECK(a.ops_cancelled_day == b.ops_cancelled_day);
      CHECK(a.slots_cancelled_advance + a.slots_cancelled_day ==
            b.slots_cancelled_advance + b.slots_cancelled_day);
      CHECK(a.unfilled_role_hours == b.unfilled_role_hours);
      CHECK(a.ed_attendances == b.ed_attendances);
      CHECK(a.ed_time_sum == b.ed_time_sum);
    }
    const auto doc = model::results_json(model::run_replications(prep_alone, 6, 2), "test");
    total_ops += doc["total"]["elective_operations"]["cancelled_in_advance"]["mean"].get<double>() +
                 doc["total"]["elective_operations"]["cancelled_on_the_day"]["mean"].get<double>();
    total_slots += doc["total"]["outpatient_slots"]["cancelled"]["mean"].get<double>();
    total_unfilled +=
        doc["total"]["emergency_care"]["unfilled_emergency_role_hours"]["mean"].get<double>();
    total_ed += doc["total"]["emergency_care"]["ed_attendances"]["mean"].get<double>();
  }
  const auto doc = model::results_json(model::run_replications(prep, 6, 2), "test");
  const auto& t = doc["total"];
  CHECK(t["elective_operations"]["cancelled_in_advance"]["mean"].get<double>() +
            t["elective_operations"]["cancelled_on_the_day"]["mean"].get<double>() ==
        doctest::Approx(total_ops).epsilon(1e-12));
  CHECK(t["outpatient_slots"]["cancelled"]["mean"].get<double>() ==
        doctest::Approx(total_slots).epsilon(1e-12));
  CHECK(t["emergency_care"]["unfilled_emergency_role_hours"]["mean"].get<double>() ==
        doctest::Approx(total_unfilled).epsilon(1e-12));
  CHECK(t["emergency_care"]["ed_attendances"]["mean"].get<double>() ==
        doctest::Approx(total_ed).epsilon(1e-12));
  CHECK(total_ops > 0);
}

TEST_CASE("the England composite matches the national weekday figures it was sized to, within 5%") {
  // shared/trust-facts.md: about 30,000 elective operations a day and about 26,000 junior
  // doctors on a typical weekday day shift (2016).
  for (const fs::path& f : toml_files(shipped / "regions" / "england")) {
    CAPTURE(f.string());
    const model::scenario england = model::read_scenario(f);
    const auto sizes = model::describe(england);
    const auto doc = model::describe_json(england, sizes);
    const double ops = doc["total"]["weekday"]["elective_operations"].get<double>();
    const double juniors = doc["total"]["junior_doctors_weekday_noon"].get<double>();
    CAPTURE(ops);
    CAPTURE(juniors);
    CHECK(england.trusts.size() >= 100);
    CHECK(std::abs(ops - 30000) <= 0.05 * 30000);
    CHECK(std::abs(juniors - 26000) <= 0.05 * 26000);
  }
}

TEST_CASE("a run's memory estimate stops growing with replications once its summary is bounded") {
  for (const char* file : {"runs/kingston/2016-03-09.toml", "regions/england/2016-04-26.toml"}) {
    CAPTURE(file);
    const model::scenario sc = model::read_scenario(shipped / file);
    const model::memory_estimate m = model::estimate_run_memory(sc);
    CHECK(m.total(100, 2) < m.total(2'000, 2));
    const auto exact_limit = static_cast<int>(strikesim::sim::streaming_sample::exact_limit);
    CHECK(m.total(exact_limit + 1, 2) == m.total(1'000'000, 2));
    // Even the bound of every figure's histogram fits in the default limit.
    CHECK(static_cast<double>(m.total(1'000'000, 2)) <
          model::limits::default_max_memory_gib * 1024 * 1024 * 1024);
  }
}
