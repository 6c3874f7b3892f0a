// The backtest: the record file's reader, the ratio and tolerance, the planned-care runs (and
// that they give the same cancellations without the emergency-care simulation), and the outputs.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "../test_files.hpp"
#include "strikesim/analysis/backtest.hpp"
#include "strikesim/analysis/summary.hpp"
#include "strikesim/files/reader.hpp"
#include "strikesim/files/record.hpp"
#include "strikesim/hospital/simulate.hpp"
#include "strikesim/reports/backtest_report.hpp"

namespace model = strikesim::model;
namespace fs = std::filesystem;

namespace {

const fs::path shipped = STRIKESIM_SCENARIOS;

fs::path record_file(const std::string& name, const std::string& text) {
  return strikesim_test::write_scratch("strikesim-backtest-test", name, text);
}

const std::string good_row = R"(
[[record.row]]
scenario = "regions/england/2016-01-12.toml"
measure = "operations"
value = 3454
tolerance = { factor = 1.25 }
source = "NHS England"
)";

/// The message of reading `text` as a record file, or "" if it reads.
std::string record_error(const std::string& text) {
  try {
    (void)model::read_record(record_file("bad.toml", text));
  } catch (const model::scenario_error& e) {
    return e.what();
  }
  return "";
}

/// Every figure of one trust's outcome that planned care gives (not emergency care, not the
/// decision table), in one list.
std::vector<double> planned_side(const model::trust_outcome& t) {
  std::vector<double> v = {t.planned_operations,
                           t.planned_slots,
                           t.ops_cancelled_advance,
                           t.ops_cancelled_day,
                           t.slots_cancelled_advance,
                           t.slots_cancelled_day,
                           t.unfilled_role_hours,
                           t.act_down_hours,
                           t.ops_unnecessary,
                           t.slots_unnecessary,
                           t.backlog_days,
                           t.patient_days_delay,
                           t.displaced};
  for (const model::specialty_outcome& s : t.by_specialty) {
    v.insert(v.end(), {s.ops_cancelled_advance, s.ops_cancelled_day, s.slots_cancelled_advance,
                       s.slots_cancelled_day, s.unfilled_role_hours});
  }
  for (const std::uint8_t c : t.cancelled_on_day)
    v.push_back(c);
  v.insert(v.end(), t.backlog_ops.begin(), t.backlog_ops.end());
  v.insert(v.end(), t.backlog_slots.begin(), t.backlog_slots.end());
  return v;
}

}  // namespace

TEST_CASE("the shipped record reads, and holds only the training set's outcomes") {
  const model::record r = model::read_record(shipped / "backtest" / "record.toml");
  REQUIRE(r.rows.size() == 12);
  // The training set of shared/history.md: these actions and no other.
  for (const model::record_row& row : r.rows) {
    CAPTURE(row.scenario);
    const bool training =
        row.scenario == "regions/england/2016-01-12.toml" ||
        row.scenario == "regions/england/2016-04-26.toml" ||
        row.scenario == "regions/england/2023-04-11.toml" ||
        row.scenario == "regions/england/2025-07-25.toml" ||
        (row.trust == "croydon" && (row.scenario == "regions/south-west-london/2016-04-26.toml" ||
                                    row.scenario == "regions/south-west-london/2015-12-01.toml"));
    CHECK(training);
    CHECK(!row.source.empty());
    CHECK(!row.note.empty());
  }
  CHECK(r.rows[0].value == 3454);
  CHECK(r.rows[0].tolerance.how == model::record_tolerance::kind::factor);
  CHECK(r.rows[7].measure == model::planned_care_measure::maintained_percent);
  CHECK(r.rows[7].tolerance.how == model::record_tolerance::kind::points);
  CHECK(r.rows[7].tolerance.value == 2);
  CHECK(r.rows[8].tolerance.value == 1.5);
  CHECK(!r.rows[9].tolerance.checked());
  CHECK(model::is_record_file(shipped / "backtest" / "record.toml"));
  CHECK(!model::is_record_file(shipped / "regions" / "england" / "2016-01-12.toml"));
}

TEST_CASE("a bad record file is refused naming file, line, column and key") {
  SUBCASE("an unknown key, with the nearest known one") {
    const std::string e = record_error("[record]\n[[record.row]]\nscenaro = \"x.toml\"\n");
    CHECK(e.find("bad.toml:3:1: record.row[0].scenaro: unknown key 'scenaro'; did you mean "
                 "'scenario'?") != std::string::npos);
  }
  SUBCASE("an unknown top table") {
    CHECK(record_error("[recod]\n").find("not a record file") != std::string::npos);
  }
  SUBCASE("an unknown measure") {
    std::string text = "[record]\n" + good_row;
    text.replace(text.find("\"operations\""), 12, "\"operatons\"");
    const std::string e = record_error(text);
    CHECK(e.find("bad.toml:5:") != std::string::npos);
    CHECK(e.find("record.row[0].measure: unknown measure 'operatons'; did you mean "
                 "'operations'?") != std::string::npos);
  }
  SUBCASE("a points tolerance on a count, a factor on the percentage") {
    std::string text = "[record]\n" + good_row;
    text.replace(text.find("factor = 1.25"), 13, "points = 2");
    CHECK(record_error(text).find("record.row[0].tolerance.points: a points tolerance is for the "
                                  "percentage") != std::string::npos);
    std::string pct = "[record]\n" + good_row;
    pct.replace(pct.find("\"operations\""), 12, "\"planned_care_maintained_percent\"");
    pct.replace(pct.find("3454"), 4, "93");
    CHECK(record_error(pct).find("record.row[0].tolerance.factor: a factor tolerance is for "
                                 "counts") != std::string::npos);
  }
  SUBCASE("a factor of 1 or less, and both kinds at once") {
    std::string text = "[record]\n" + good_row;
    text.replace(text.find("1.25"), 4, "0.8");
    CHECK(record_error(text).find("record.row[0].tolerance.factor: must be > 1, got 0.8") !=
          std::string::npos);
    std::string both = "[record]\n" + good_row;
    both.replace(both.find("factor = 1.25"), 13, "factor = 1.25, points = 2");
    CHECK(record_error(both).find("give one of factor") != std::string::npos);
  }
  SUBCASE("a percentage above 100, a negative count") {
    std::string pct = "[record]\n" + good_row;
    pct.replace(pct.find("\"operations\""), 12, "\"planned_care_maintained_percent\"");
    pct.replace(pct.find("3454"), 4, "193");
    pct.replace(pct.find("factor = 1.25"), 13, "points = 2");
    CHECK(record_error(pct).find("record.row[0].value: must be in [0, 100], got 193") !=
          std::string::npos);
    std::string neg = "[record]\n" + good_row;
    neg.replace(neg.find("3454"), 4, "-1");
    CHECK(record_error(neg).find("record.row[0].value: must be >= 0") != std::string::npos);
  }
  SUBCASE("a missing source, a scenario outside the folder, no rows, a row twice") {
    std::string text = "[record]\n" + good_row;
    text.replace(text.find("source = \"NHS England\""), 22, "");
    CHECK(record_error(text).find("record.row[0].source: missing required key") !=
          std::string::npos);
    std::string outside = "[record]\n" + good_row;
    outside.replace(outside.find("regions/england"), 15, "../england");
    CHECK(record_error(outside).find("record.row[0].scenario: must be a path inside the "
                                     "scenarios folder") != std::string::npos);
    CHECK(record_error("[record]\nname = \"x\"\n").find("record.row: missing required key") !=
          std::string::npos);
    const std::string twice = record_error("[record]\n" + good_row + good_row);
    CHECK(twice.find("bad.toml:10:1: record.row[1]: the same scenario, trust and measure as "
                     "record.row[0] (line 3)") != std::string::npos);
  }
  SUBCASE("a good file reads") {
    CHECK(record_error("[record]\n" + good_row) == "");
  }
}

TEST_CASE("a factor tolerance admits model/record within [1/factor, factor], at its bounds too") {
  const model::record_tolerance t{model::record_tolerance::kind::factor, 1.25};
  CHECK(t.admits(100, 100));
  CHECK(t.admits(125, 100));
  CHECK(t.admits(80, 100));
  CHECK_FALSE(t.admits(125.01, 100));
  CHECK_FALSE(t.admits(79.99, 100));
  CHECK(t.admits(0, 0));
  CHECK_FALSE(t.admits(1, 0));
  CHECK(*model::record_ratio(125, 100) == 1.25);
  CHECK_FALSE(model::record_ratio(5, 0).has_value());
}

TEST_CASE("a points tolerance admits the model within that many points; informative admits all") {
  const model::record_tolerance t{model::record_tolerance::kind::points, 2};
  CHECK(t.admits(95, 93));
  CHECK(t.admits(91, 93));
  CHECK_FALSE(t.admits(95.5, 93));
  CHECK_FALSE(t.admits(90.9, 93));
  const model::record_tolerance none{};
  CHECK_FALSE(none.checked());
  CHECK(none.admits(1e9, 1));
}

TEST_CASE("a record row against the model: within, outside, informative, not run") {
  model::record_row row;
  row.value = 1000;
  row.tolerance = {model::record_tolerance::kind::factor, 1.25};
  model::stat s;
  s.mean = 1200;
  model::record_comparison c = model::compare_to_record(row, &s);
  CHECK(c.status == model::record_status::within);
  CHECK(*c.ratio == doctest::Approx(1.2));
  s.mean = 1300;
  c = model::compare_to_record(row, &s);
  CHECK(c.status == model::record_status::outside);
  CHECK(*c.ratio == doctest::Approx(1.3));
  row.tolerance = {};
  CHECK(model::compare_to_record(row, &s).status == model::record_status::informative);
  c = model::compare_to_record(row, nullptr);
  CHECK(c.status == model::record_status::not_run);
  CHECK_FALSE(c.model.has_value());
  CHECK_FALSE(c.ratio.has_value());
}

TEST_CASE("cancellations are identical with and without the emergency-care simulation") {
  // An emergency-care-only action, a full walk-out (seniors redeployed to the front door) and an
  // action called off the day before: every planned-care figure of every trust in every
  // replication is the same bit for bit, and the emergency side is not simulated.
  for (const char* file :
       {"regions/south-west-london/2016-01-12.toml", "regions/south-west-london/2016-04-26.toml",
        "runs/kingston/2015-12-01.toml"}) {
    CAPTURE(file);
    const model::scenario sc = model::read_scenario(shipped / file);
    const model::prepared_scenario full = model::prepare(sc);
    model::prepared_scenario planned = model::prepare(sc);
    planned.emergency_care = false;
    planned.other_lead_times = false;
    for (std::uint64_t r = 0; r < 6; ++r) {
      const model::replication_outcome a = model::simulate_replication(full, r);
      const model::replication_outcome b = model::simulate_replication(planned, r);
      CHECK(a.participation == b.participation);
      CHECK(a.called_off == b.called_off);
      CHECK(a.backlog_ops == b.backlog_ops);
      CHECK(a.backlog_slots == b.backlog_slots);
      REQUIRE(a.trusts.size() == b.trusts.size());
      for (std::size_t t = 0; t < a.trusts.size(); ++t) {
        CHECK(planned_side(a.trusts[t]) == planned_side(b.trusts[t]));
        if (sc.trusts[t].ed) CHECK(a.trusts[t].ed_attendances > 0);
        CHECK(b.trusts[t].ed_attendances == 0);  // not simulated
      }
    }
  }
}

TEST_CASE("planned-care runs: the summary's figures, whatever the thread count") {
  const model::scenario sc =
      model::read_scenario(shipped / "regions" / "south-west-london" / "2016-04-26.toml");
  const model::prepared_scenario full = model::prepare(sc);
  model::prepared_scenario planned = model::prepare(sc);
  planned.emergency_care = false;
  planned.other_lead_times = false;
  const model::outcome_summary summary = model::run_replications(full, 8, 2);
  const model::planned_care_run one = model::run_planned_care(planned, {"croydon"}, 8, 1);
  const model::planned_care_run two = model::run_planned_care(planned, {"croydon"}, 8, 2);
  REQUIRE(one.replications == 8);
  REQUIRE(one.trusts.size() == 1);
  using m = model::planned_care_measure;
  const auto same = [](const model::stat& x, const model::stat& y) {
    return x.mean == y.mean && x.sd == y.sd && x.p05 == y.p05 && x.p95 == y.p95;
  };
  for (const m measure :
       {m::operations, m::outpatient_slots, m::operations_and_slots, m::maintained_percent}) {
    CHECK(same(one.total.summary(measure), two.total.summary(measure)));
    CHECK(same(one.trusts[0].summary(measure), two.trusts[0].summary(measure)));
  }
  // Against the run's summary: operations are those cancelled in advance and on the day, the
  // share maintained is the headline figure.
  const model::figure_series& total = summary.series(model::all_trusts);
  CHECK(one.total.summary(m::operations).mean ==
        doctest::Approx(total.headline[model::hf_ops_advance].mean() +
                        total.headline[model::hf_ops_day].mean()));
  CHECK(one.total.summary(m::outpatient_slots).mean ==
        doctest::Approx(total.headline[model::hf_slots].mean()));
  CHECK(one.total.summary(m::maintained_percent).mean ==
        doctest::Approx(total.headline[model::hf_planned_care_maintained].mean()));
  CHECK(one.total.summary(m::operations_and_slots).mean ==
        doctest::Approx(one.total.summary(m::operations).mean +
                        one.total.summary(m::outpatient_slots).mean));
  const model::figure_series& croydon = summary.series(1);
  CHECK(sc.trusts[1].id == "croydon");
  CHECK(one.trusts[0].summary(m::outpatient_slots).mean ==
        doctest::Approx(croydon.headline[model::hf_slots].mean()));
  CHECK(one.trusts[0].planned_slots == croydon.slots_planned);
  CHECK_THROWS_AS((void)model::run_planned_care(planned, {"croydn"}, 2, 1), model::scenario_error);
}

TEST_CASE("the outputs: JSON with every row, CSV columns, text and the page") {
  const model::scenario sc =
      model::read_scenario(shipped / "regions" / "south-west-london" / "2016-04-26.toml");
  std::vector<model::backtest_job> jobs;
  jobs.push_back({[&] { return std::make_unique<model::scenario>(sc); }, {"croydon"}});
  jobs.push_back({[&] { return std::make_unique<model::scenario>(sc); }, {}});
  const std::vector<model::planned_care_run> runs = model::run_backtest(jobs, 3, 2);
  REQUIRE(runs.size() == 2);
  // The same scenario twice, at once on two threads: the same figures.
  CHECK(runs[0].total.summary(model::planned_care_measure::operations).mean ==
        runs[1].total.summary(model::planned_care_measure::operations).mean);
  const model::record rec = model::read_record(record_file("r.toml", R"([record]
[[record.row]]
scenario = "regions/south-west-london/2016-04-26.toml"
trust = "croydon"
measure = "outpatient_slots"
value = 806
tolerance = { factor = 1.5 }
source = "FOI"
note = "a note, with a comma"

[[record.row]]
scenario = "regions/south-west-london/2099-01-01.toml"
measure = "operations"
value = 10
source = "nobody"
)"));
  const std::vector<model::backtest_scenario_meta> metas = {
      {"regions/south-west-london/2016-04-26.toml", "south-west-london", "2016-04-26", sc.name,
       "default", 2016},
      {"regions/south-west-london/2016-04-26-copy.toml", "south-west-london", "2016-04-26", sc.name,
       "default", 2016}};
  const model::backtest_result result = model::make_backtest_result(metas, runs, rec, 3, "test");
  REQUIRE(result.rows.size() == 2);
  CHECK(result.rows[0].model.has_value());
  CHECK(result.rows[1].status == model::record_status::not_run);
  CHECK(result.checked() == 1);

  const nlohmann::json j = nlohmann::json::parse(model::backtest_json(result).dump());
  CHECK(j["schema"] == "strikesim.backtest/1");
  CHECK(j["scenarios"].size() == 2);
  CHECK(j["scenarios"][0]["trusts"][0]["trust"] == "croydon");
  CHECK(j["record"][0]["ratio"].get<double>() == doctest::Approx(result.rows[0].model->mean / 806));
  CHECK(j["record"][1]["model"].is_null());
  CHECK(j["record"][1]["status"] == "not_run");
  CHECK(j["check"]["checked"] == 1);

  const std::string csv = model::backtest_csv(result);
  std::istringstream lines(csv);
  std::string header;
  std::getline(lines, header);
  CHECK(header ==
        "scenario,region,action,trust,measure,model_mean,model_p05,model_p50,model_p95,record,"
        "ratio,tolerance,status");
  int rows = 0;
  for (std::string line; std::getline(lines, line);) {
    ++rows;
    CHECK(std::count(line.begin(), line.end(), ',') == 12);
  }
  CHECK(rows == 3 * 4 + 1);  // two totals and Croydon, four measures each; the row not run
  CHECK(csv.find("croydon,outpatient_slots,") != std::string::npos);
  CHECK(csv.find(",806,") != std::string::npos);

  const std::string text = model::backtest_text(result);
  CHECK(text.find("south-west-london 2016-04-26, croydon") != std::string::npos);
  CHECK(text.find("not run (no scenario file)") != std::string::npos);
  const std::string page = model::backtest_html(result);
  CHECK(page.find("<svg") != std::string::npos);
  CHECK(page.find("model within x1.25 of the record") != std::string::npos);
  CHECK(page.find("a note, with a comma") != std::string::npos);
}
