#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "../test_files.hpp"
#include "bad_cases.hpp"
#include "scenario_with_sets.hpp"
#include "strikesim/files/reader.hpp"

namespace model = strikesim::model;
using strikesim_test::bad_case;
using strikesim_test::bad_cases;
namespace fs = std::filesystem;

namespace {

const std::string data = STRIKESIM_TEST_DATA;
const std::string example_dir = data + "/example-general/";
const std::string bad_dir = data + "/bad/";

std::optional<model::scenario_error> error_of(const std::function<void()>& read) {
  try {
    read();
  } catch (const model::scenario_error& e) {
    return e;
  }
  return std::nullopt;
}

model::scenario example(std::vector<std::string> sets = {},
                        const std::string& which = "emergency-only") {
  return strikesim_test::read_with_sets(example_dir + "scenario-" + which + ".toml", sets);
}

std::optional<model::scenario_error> set_error(const std::string& set) {
  return error_of([&] { (void)example({set}); });
}

/// Writes `text` to a file of that name in a scratch directory and returns its path.
std::string scratch_file(const std::string& name, const std::string& text) {
  return strikesim_test::write_scratch("strikesim-reader-test", name, text).string();
}

}  // namespace

TEST_CASE("the worked-example scenario reads with its trust, action, policy and run settings") {
  const model::scenario sc = example();
  CHECK(sc.name == "Example General, worked example (emergency-only)");
  CHECK(sc.run.replications == 10);
  CHECK(sc.run.seed == 1);
  CHECK(sc.run.warmup_days == 0);
  REQUIRE(sc.trusts.size() == 1);

  const model::trust& t = sc.trusts[0];
  CHECK(t.id == "example-general");
  CHECK(t.file == example_dir + "trust.toml");
  CHECK(t.specialties == std::vector<std::string>{"surgery", "anaesthesia", "emergency_medicine"});
  REQUIRE(t.shifts.size() == 1);
  CHECK(t.shifts[0].start_minute == 480);
  CHECK(t.shifts[0].end_minute == 1020);
  CHECK(t.shifts[0].days == model::day_kind::weekday);
  REQUIRE(t.staff.size() == 11);
  CHECK(t.staff[0].specialty == "surgery");
  CHECK(t.staff[0].level == model::grade::consultant);
  CHECK(t.staff[0].headcount == 5);
  CHECK(t.staff[0].where.line == 14);
  CHECK_FALSE(t.staff[0].locum);

  REQUIRE(t.services.size() == 4);
  const model::service& ed = t.services[0];
  CHECK(ed.kind == model::service_kind::ed);
  CHECK(ed.specialty == "emergency_medicine");
  REQUIRE(ed.shifts.size() == 1);
  REQUIRE(ed.shifts[0].roles.size() == 2);
  CHECK_FALSE(ed.shifts[0].roles[0].cover.has_value());
  const model::role_need& covered = ed.shifts[0].roles[1];
  CHECK(covered.min_grade == model::grade::foundation);
  CHECK(covered.count == 3);
  REQUIRE(covered.cover.has_value());
  CHECK(covered.cover->min_grade == model::grade::consultant);
  CHECK(covered.cover->specialties.empty());  // "any"
  CHECK(ed.shifts[0].christmas_day.size() == 3);

  REQUIRE(t.sessions.size() == 7);
  for (std::size_t i = 0; i < t.sessions.size(); ++i)
    CHECK(t.sessions[i].file_order == i);
  CHECK(t.sessions[0].id == "L1");
  CHECK(t.sessions[0].priority == model::clinical_priority::cancer);
  CHECK(t.sessions[0].weekdays == std::vector<int>{1});
  CHECK(t.sessions[0].start_minute == 480);
  CHECK(t.sessions[0].end_minute == 1020);
  CHECK(t.sessions[0].operations == 4);
  CHECK(t.sessions[4].kind == model::session_kind::clinic);
  CHECK(t.sessions[4].slots == 12);

  CHECK(sc.action.kind == model::action_kind::emergency_cover_only);
  CHECK(sc.action.participation.type == model::distribution_spec::kind::constant);
  CHECK(sc.action.participation.value == 1.0);
  CHECK(sc.plan_policy.plan_percentile == doctest::Approx(0.8));
  CHECK(sc.plan_policy.act_down_share == 1.0);
}

TEST_CASE(
    "scenario time starts at midnight of the first day and ends at midnight after the last "
    "window") {
  const model::scenario sc = example();  // warmup_days = 0; window 2016-01-12 08:00-17:00
  CHECK(sc.first_day == model::date{2016, 1, 12});
  CHECK(sc.first_weekday == 1);  // Tuesday
  REQUIRE(sc.windows.size() == 1);
  CHECK(sc.windows[0].start.value() == 480);
  CHECK(sc.windows[0].end.value() == 1020);
  CHECK(sc.report_start.value() == 0);
  CHECK(sc.horizon.value() == 1440);
}

TEST_CASE("warm-up days move the first day back and the report start forward") {
  const model::scenario sc = example({"run.warmup_days=2"});
  CHECK(sc.first_day == model::date{2016, 1, 10});
  CHECK(sc.first_weekday == 6);  // Sunday
  CHECK(sc.windows[0].start.value() == 2 * 1440 + 480);
  CHECK(sc.windows[0].end.value() == 2 * 1440 + 1020);
  CHECK(sc.report_start.value() == 2 * 1440);
  CHECK(sc.horizon.value() == 3 * 1440);
}

TEST_CASE("a window ending at midnight ends the horizon there, one ending after it a day later") {
  const model::scenario at_midnight = example({"action.window[0].end=2016-01-13T00:00:00"});
  CHECK(at_midnight.windows[0].end.value() == 1440);
  CHECK(at_midnight.horizon.value() == 1440);
  const model::scenario overnight = example({"action.window[0].end=2016-01-13T08:00:00"});
  CHECK(overnight.windows[0].end.value() == 1440 + 480);
  CHECK(overnight.horizon.value() == 2 * 1440);
}

TEST_CASE("a warm-up across the turn of the year finds the right first day") {
  scratch_file("new-year-action.toml", R"([action]
id = "new-year"
name = "New year"
kind = "full_walkout"
participation = 1

[[action.window]]
start = "2016-01-01T08:00"
end = "2016-01-02T08:00"
)");
  const std::string scenario =
      scratch_file("new-year-scenario.toml",
                   "[scenario]\nname = \"New year\"\ntrusts = [\"" + example_dir +
                       "trust.toml\"]\naction = \"new-year-action.toml\"\npolicy = \"" +
                       example_dir + "policy.toml\"\n\n[run]\nwarmup_days = 3\n");
  const model::scenario sc = model::read_scenario(scenario);
  CHECK(sc.first_day == model::date{2015, 12, 29});
  CHECK(sc.first_weekday == 1);  // Tuesday
  CHECK(sc.windows[0].start.value() == 3 * 1440 + 480);
  CHECK(sc.windows[0].end.value() == 4 * 1440 + 480);
  CHECK(sc.report_start.value() == 3 * 1440);
  CHECK(sc.horizon.value() == 5 * 1440);
}

TEST_CASE("each worked-example file validates as its own kind") {
  CHECK(model::validate_file(example_dir + "trust.toml") == model::file_kind::trust);
  CHECK(model::validate_file(example_dir + "policy.toml") == model::file_kind::policy);
  CHECK(model::validate_file(example_dir + "full-walkout.toml") == model::file_kind::action);
  CHECK(model::validate_file(example_dir + "scenario-no-strike.toml") ==
        model::file_kind::scenario);
  CHECK(model::read_action(example_dir + "full-walkout.toml").kind ==
        model::action_kind::full_walkout);
  CHECK(model::read_policy(example_dir + "policy.toml").id == "worked-example");
  CHECK(model::read_trust(example_dir + "trust.toml").staff.size() == 11);
}

TEST_CASE("distributions, string date-times and an announcement date read as written") {
  const std::string file = scratch_file("beta-action.toml", R"([action]
id = "beta"
name = "Beta participation"
kind = "emergency_cover_only"
announced = "2015-12-20"
grades = ["registrar"]
participation = { dist = "beta", mean = 0.65, sd = 0.05 }

[[action.window]]
start = "2016-02-29T08:00"
end = "2016-02-29T17:00:00"
)");
  const model::strike_action a = model::read_action(file);
  CHECK(a.participation.type == model::distribution_spec::kind::beta);
  CHECK(a.participation.mean == doctest::Approx(0.65));
  CHECK(a.participation.sd == doctest::Approx(0.05));
  CHECK(a.participation.where.line == 7);
  CHECK(a.participation.where.column == 17);
  CHECK(a.grades == std::vector<model::grade>{model::grade::registrar});
  REQUIRE(a.announced.has_value());
  CHECK(*a.announced == model::date{2015, 12, 20});
  REQUIRE(a.windows.size() == 1);
  CHECK(a.windows[0].start == model::local_time{{2016, 2, 29}, 480});
  CHECK(a.windows[0].end == model::local_time{{2016, 2, 29}, 1020});
}

TEST_CASE("a distribution's mean follows from its parameters") {
  using spec = model::distribution_spec;
  CHECK(spec::constant(5).expected_value() == 5);
  CHECK(spec::exponential(35).expected_value() == 35);
  CHECK(spec::lognormal(35, 20).expected_value() == 35);
  CHECK(spec::gamma(2, 15).expected_value() == doctest::Approx(30));
  CHECK(spec::weibull(1.5, 30).expected_value() == doctest::Approx(30 * std::tgamma(1 + 1 / 1.5)));
  CHECK(spec::weibull(1, 30).expected_value() == doctest::Approx(30));  // exponential
  CHECK(spec::triangular(10, 20, 60).expected_value() == doctest::Approx(30));
  CHECK(spec::uniform(10, 20).expected_value() == doctest::Approx(15));
  CHECK(spec::beta(0.6, 0.1).expected_value() == doctest::Approx(0.6));
}

TEST_CASE("every bad input file is reported at its file, line, column and key, with the reason") {
  for (const bad_case& c : bad_cases) {
    CAPTURE(c.file);
    const std::string path = bad_dir + c.file;
    const auto e = error_of([&] { (void)model::validate_file(path); });
    REQUIRE(e.has_value());
    const std::string file =
        c.reported_file ? fs::path(bad_dir + "../" + c.reported_file).lexically_normal().string()
                        : path;
    CHECK(e->where().file == file);
    CHECK(e->where().line == c.line);
    CHECK(e->where().column == c.column);
    CHECK(e->key() == c.key);
    CHECK_MESSAGE(e->message().find(c.reason) != std::string::npos, e->message());
  }
}

TEST_CASE("what() reads FILE:LINE:COL: KEY: MESSAGE, without LINE:COL when there is no position") {
  const auto typo = error_of([] { (void)model::read_trust(bad_dir + "unknown-key.toml"); });
  REQUIRE(typo.has_value());
  CHECK(std::string(typo->what()) ==
        bad_dir +
            "unknown-key.toml:16:1: staff[0].headcont: unknown key 'headcont'; did you mean "
            "'headcount'?");
  const auto set = set_error("policy.plan_percentile=1.5");
  REQUIRE(set.has_value());
  CHECK(std::string(set->what()) == "--set: policy.plan_percentile: must be in [0, 1], got 1.5");
}

TEST_CASE(
    "a missing referenced file is reported at the key that names it, with the path "
    "resolved") {
  const auto e =
      error_of([] { (void)model::read_scenario(bad_dir + "missing-referenced-file.toml"); });
  REQUIRE(e.has_value());
  CHECK(e->message() == "cannot read '" + bad_dir + "no-such-action.toml': no such file");
}

TEST_CASE("a reader for one kind of file rejects another kind") {
  const auto e = error_of([] { (void)model::read_action(example_dir + "policy.toml"); });
  REQUIRE(e.has_value());
  CHECK(e->where().file == example_dir + "policy.toml");
  CHECK(e->where().line == 0);
  CHECK(e->message() == "this is a policy file ([policy]), not an action file ([action])");
}

TEST_CASE("a file that cannot be opened is an error naming it") {
  const auto e = error_of([] { (void)model::read_trust(bad_dir + "does-not-exist.toml"); });
  REQUIRE(e.has_value());
  CHECK(e->where().file == bad_dir + "does-not-exist.toml");
  CHECK(e->message() == "no such file");
}

TEST_CASE("--set changes values in the scenario, action, policy and trust files before checking") {
  const model::scenario sc =
      example({"action.participation=0.5", "run.replications=500", "policy.act_down_share=1",
               "trusts.example-general.staff[3].headcount=4", "scenario.name=Changed"});
  CHECK(sc.action.participation.value == 0.5);
  CHECK(sc.run.replications == 500);
  CHECK(sc.plan_policy.act_down_share == 1.0);  // integer text for a number
  CHECK(sc.trusts[0].staff[3].headcount == 4);
  CHECK(sc.name == "Changed");
}

TEST_CASE("--set may add an optional key the file leaves out") {
  const model::scenario sc = example({"trusts.example-general.staff[0].locum=true"});
  CHECK(sc.trusts[0].staff[0].locum);
}

TEST_CASE("a value set out of range is reported against --set with the path as typed") {
  const auto policy = set_error("policy.plan_percentile=1.5");
  REQUIRE(policy.has_value());
  CHECK(policy->where().file == "--set");
  CHECK(policy->where().line == 0);
  CHECK(policy->key() == "policy.plan_percentile");
  CHECK(policy->message() == "must be in [0, 1], got 1.5");

  const auto trust = set_error("trusts.example-general.staff[0].headcount=-1");
  REQUIRE(trust.has_value());
  CHECK(trust->where().file == "--set");
  CHECK(trust->key() == "trusts.example-general.staff[0].headcount");
  CHECK(trust->message() == "must be in [0, 100000], got -1");
}

TEST_CASE("--set with an unknown prefix suggests the nearest one") {
  const auto e = set_error("polcy.plan_percentile=0.5");
  REQUIRE(e.has_value());
  CHECK(e->where().file == "--set");
  CHECK(e->key() == "polcy.plan_percentile");
  CHECK(e->message().find("unknown prefix 'polcy'") != std::string::npos);
  CHECK(e->message().find("did you mean 'policy'?") != std::string::npos);
}

TEST_CASE("--set on a trust id that is not in the scenario suggests the nearest id") {
  const auto e = set_error("trusts.example-genral.staff[0].headcount=1");
  REQUIRE(e.has_value());
  CHECK(e->where().file == "--set");
  CHECK(e->key() == "trusts.example-genral.staff[0].headcount");
  CHECK(e->message() ==
        "no trust with id 'example-genral' in this scenario; did you mean 'example-general'?");
}

TEST_CASE("--set with a value that does not read as the type it replaces is an error") {
  const auto integer = set_error("run.replications=many");
  REQUIRE(integer.has_value());
  CHECK(integer->key() == "run.replications");
  CHECK(integer->message() == "'many' is not an integer");
  const auto number = set_error("action.participation=half");
  REQUIRE(number.has_value());
  CHECK(number->message() == "'half' is not a number");
  // A key the file leaves out takes the type its text reads as; the check then rejects it.
  const auto added = set_error("trusts.example-general.staff[0].locum=yes");
  REQUIRE(added.has_value());
  CHECK(added->key() == "trusts.example-general.staff[0].locum");
  CHECK(added->message() == "expected true or false, got a string (\"yes\")");
}

TEST_CASE("--set past the end of an array or through a value is an error") {
  const auto index = set_error("trusts.example-general.staff[11].headcount=1");
  REQUIRE(index.has_value());
  CHECK(index->key() == "trusts.example-general.staff[11].headcount");
  CHECK(index->message() == "index 11 is out of range: 'staff' has 11 elements");
  const auto through = set_error("action.participation.mean=0.5");
  REQUIRE(through.has_value());
  CHECK(through->message() == "'action.participation' is a number (1), not a table");
}

TEST_CASE("a key added by --set that the format does not know is reported as unknown") {
  const auto e = set_error("action.participaton=0.5");
  REQUIRE(e.has_value());
  CHECK(e->where().file == "--set");
  CHECK(e->key() == "action.participaton");
  CHECK(e->message() == "unknown key 'participaton'; did you mean 'participation'?");
}

TEST_CASE("an override without PATH=VALUE is rejected") {
  const auto e = error_of([] { (void)model::parse_override("run.seed"); });
  REQUIRE(e.has_value());
  CHECK(e->where().file == "--set");
  CHECK(e->message() == "expected PATH=VALUE");
  const model::override_spec ok = model::parse_override("scenario.name=a=b");
  CHECK(ok.path == "scenario.name");
  CHECK(ok.value == "a=b");
}

namespace {

/// A scenario in the scratch directory around a trust file with the given staff and session rows.
model::scenario scratch_scenario(const std::string& trust_rows,
                                 const std::string& trusts = R"(["t.toml"])") {
  scratch_file("t.toml", R"([trust]
id = "small"
name = "Small"
specialties = ["surgery", "anaesthesia"]
[[shift]]
id = "day"
start = "08:00"
end = "17:00"
)" + trust_rows);
  scratch_file("a.toml", R"([action]
id = "a"
name = "a"
kind = "emergency_cover_only"
participation = 0.5
[[action.window]]
start = 2016-01-12T08:00:00
end = 2016-01-12T17:00:00
)");
  scratch_file("p.toml", "[policy]\nid = \"p\"\nname = \"p\"\n");
  return model::read_scenario(
      scratch_file("s.toml", "[scenario]\nname = \"s\"\ntrusts = " + trusts +
                                 "\naction = \"a.toml\"\n"
                                 "policy = \"p.toml\"\n"));
}

}  // namespace

TEST_CASE("a staff row may give one key per grade instead of grade and headcount") {
  const model::scenario s = scratch_scenario(R"([[staff]]
specialty = "surgery"
shift = "day"
consultant = 4
registrar = 3
foundation = 0
)");
  const auto& staff = s.trusts.at(0).staff;
  REQUIRE(staff.size() == 3);
  CHECK(staff[0].level == model::grade::foundation);
  CHECK(staff[0].headcount == 0);
  CHECK(staff[1].level == model::grade::registrar);
  CHECK(staff[1].headcount == 3);
  CHECK(staff[2].level == model::grade::consultant);
  CHECK(staff[2].headcount == 4);
  CHECK(staff[2].specialty == "surgery");

  const auto both = error_of([] {
    (void)scratch_scenario(
        "[[staff]]\nspecialty = \"surgery\"\nshift = \"day\"\ngrade = \"core\"\n"
        "headcount = 1\nconsultant = 2\n");
  });
  REQUIRE(both);
  CHECK(both->key() == "staff[0].consultant");
  CHECK(std::string(both->what()).find("not both") != std::string::npos);

  const auto none = error_of(
      [] { (void)scratch_scenario("[[staff]]\nspecialty = \"surgery\"\nshift = \"day\"\n"); });
  REQUIRE(none);
  CHECK(std::string(none->what()).find("one key per grade") != std::string::npos);

  const auto typo = error_of([] {
    (void)scratch_scenario("[[staff]]\nspecialty = \"surgery\"\nshift = \"day\"\nconsultnat = 2\n");
  });
  REQUIRE(typo);
  CHECK(std::string(typo->what()).find("did you mean 'consultant'") != std::string::npos);
}

TEST_CASE("a session with count = N is N sessions, planned one by one") {
  const model::scenario s = scratch_scenario(R"([[staff]]
specialty = "surgery"
shift = "day"
consultant = 4
[[session]]
id = "cataract"
kind = "theatre_list"
specialty = "surgery"
priority = "routine"
days = ["mon", "tue"]
time = "08:30-12:30"
roles = [ { specialty = "surgery", grade = "consultant", count = 1 } ]
operations = 8
count = 3
)");
  const auto& sessions = s.trusts.at(0).sessions;
  REQUIRE(sessions.size() == 3);
  CHECK(sessions[0].id == "cataract#1");
  CHECK(sessions[2].id == "cataract#3");
  CHECK(sessions[2].file_order == 2);
  CHECK(sessions[1].operations == 8);
  CHECK(sessions[1].weekdays == std::vector<int>{0, 1});
}

TEST_CASE("a scenario may stand one trust file for several trusts, each with its own id") {
  const model::scenario s = scratch_scenario("", R"([ { file = "t.toml", copies = 3 }, ])");
  REQUIRE(s.trusts.size() == 3);
  CHECK(s.trusts[0].id == "small-1");
  CHECK(s.trusts[2].id == "small-3");
  CHECK(s.trusts[2].name == "Small 3");
  CHECK(s.trusts[2].copy_of == "small");
  const auto bad =
      error_of([] { (void)scratch_scenario("", R"([ { file = "t.toml", copis = 3 } ])"); });
  REQUIRE(bad);
  CHECK(std::string(bad->what()).find("did you mean 'copies'") != std::string::npos);
}

TEST_CASE("specialties and sessions have names for people: the file's, or made from their ids") {
  CHECK(model::name_from_id("general_surgery") == "General surgery");
  CHECK(model::name_from_id("ent") == "ENT");
  CHECK(model::name_from_id("gs-cancer-list#2") == "Gs cancer list (2)");
  const model::scenario plain = example();
  const model::trust& t = plain.trusts.at(0);
  REQUIRE(t.specialty_names.size() == t.specialties.size());
  CHECK(t.specialty_names[0] == model::name_from_id(t.specialties[0]));
  CHECK(t.sessions[0].name == model::name_from_id(t.sessions[0].id));
  const model::scenario named =
      example({"trusts.example-general.trust.specialty_names.surgery=Surgery (general)",
               "trusts.example-general.session[0].name=Colorectal cancer list"});
  const model::trust& n = named.trusts.at(0);
  CHECK(n.specialty_names[0] == "Surgery (general)");
  CHECK(n.sessions[0].name == "Colorectal cancer list");
}

TEST_CASE("a name for a specialty the trust does not have is an error that suggests one") {
  const auto error = set_error("trusts.example-general.trust.specialty_names.surgeon=X");
  REQUIRE(error.has_value());
  CHECK(error->key() == "trusts.example-general.trust.specialty_names.surgeon");
  CHECK(error->message() ==
        "names specialty 'surgeon', which is not one of the trust's specialties; did you mean "
        "'surgery'?");
}
