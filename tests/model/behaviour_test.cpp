// Behaviour a manager would recognise, through the public reader: a two-day action does twice the
// damage of a one-day action on identical days; an emergency department with constant staffing
// is an M/M/c queue; emergency roles that cannot be filled are reported, never hidden.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "../test_files.hpp"
#include "strikesim/analysis/summary.hpp"
#include "strikesim/files/reader.hpp"
#include "strikesim/hospital/simulate.hpp"
#include "strikesim/reports/results.hpp"

namespace model = strikesim::model;
namespace fs = std::filesystem;

namespace {

const fs::path data = STRIKESIM_TEST_DATA;

fs::path scratch(const std::string& name, const std::string& text) {
  return strikesim_test::write_scratch("strikesim-behaviour-test", name, text);
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

/// Mean and standard error of the mean.
std::pair<double, double> mean_se(const std::vector<double>& v) {
  const double n = static_cast<double>(v.size());
  const double m = std::accumulate(v.begin(), v.end(), 0.0) / n;
  double ss = 0;
  for (double x : v)
    ss += (x - m) * (x - m);
  return {m, std::sqrt(ss / (n - 1) / n)};
}

/// The probability that an arrival waits in M/M/c with offered load a (Erlang C).
double erlang_c(int c, double a) {
  double term = 1, sum = 1;  // a^k / k!, summed for k < c
  for (int k = 1; k < c; ++k) {
    term *= a / k;
    sum += term;
  }
  const double last = term * a / c;  // a^c / c!
  const double rho = a / c;
  return last / (1 - rho) / (sum + last / (1 - rho));
}

}  // namespace

TEST_CASE("a 48-hour action over two identical weekdays does about twice a 24-hour one") {
  // The worked-example trust with its Tuesday sessions on Wednesday too.
  std::string trust = strikesim_test::read_text(data / "example-general" / "trust.toml");
  replace_all(trust, "days = [\"tue\"]", "days = [\"tue\", \"wed\"]");
  scratch("trust.toml", trust);
  scratch("policy.toml", "[policy]\nid = \"median\"\nname = \"median\"\nplan_percentile = 0.5\n");
  auto action = [](const std::string& name, const std::string& end) {
    scratch(name + ".toml", "[action]\nid = \"" + name + "\"\nname = \"" + name +
                                "\"\nkind = \"emergency_cover_only\"\n"
                                "participation = { dist = \"beta\", mean = 0.6, sd = 0.2 }\n"
                                "[[action.window]]\nstart = 2016-01-12T00:00:00\nend = " +
                                end + "\n");
    return scratch("scenario-" + name + ".toml",
                   "[scenario]\nname = \"" + name + "\"\ntrusts = [\"trust.toml\"]\naction = \"" +
                       name + ".toml\"\npolicy = \"policy.toml\"\n[run]\nwarmup_days = 0\n");
  };
  const model::scenario one = model::read_scenario(action("24h", "2016-01-13T00:00:00"));
  const model::scenario two = model::read_scenario(action("48h", "2016-01-14T00:00:00"));
  const auto prep1 = model::prepare(one);
  const auto prep2 = model::prepare(two);
  CHECK(prep2.trusts[0].planned_operations == 2 * prep1.trusts[0].planned_operations);
  CHECK(prep2.trusts[0].planned_slots == 2 * prep1.trusts[0].planned_slots);

  constexpr int reps = 400;
  std::vector<double> ops1, ops2, slots1, slots2, ed1, ed2;
  for (int r = 0; r < reps; ++r) {
    const auto a = model::simulate_replication(prep1, static_cast<std::uint64_t>(r)).trusts[0];
    const auto b = model::simulate_replication(prep2, static_cast<std::uint64_t>(r)).trusts[0];
    // Planned in advance from the same expected turnout: exactly twice.
    CHECK(b.ops_cancelled_advance == 2 * a.ops_cancelled_advance);
    CHECK(b.slots_cancelled_advance == 2 * a.slots_cancelled_advance);
    ops1.push_back(a.ops_cancelled_advance + a.ops_cancelled_day);
    ops2.push_back(b.ops_cancelled_advance + b.ops_cancelled_day);
    slots1.push_back(a.slots_cancelled_advance + a.slots_cancelled_day);
    slots2.push_back(b.slots_cancelled_advance + b.slots_cancelled_day);
    ed1.push_back(a.ed_attendances);
    ed2.push_back(b.ed_attendances);
  }
  // On the day the turnout varies; the 48-hour mean is twice the 24-hour mean within the
  // combined 99.7% interval.
  for (const auto& [x1, x2] :
       {std::pair{ops1, ops2}, std::pair{slots1, slots2}, std::pair{ed1, ed2}}) {
    // Not structured bindings: clang 14 (the WebAssembly build's) cannot capture those in
    // CAPTURE's lambda.
    const std::pair<double, double> s1 = mean_se(x1), s2 = mean_se(x2);
    const double m1 = s1.first, se1 = s1.second, m2 = s2.first, se2 = s2.second;
    CAPTURE(m1);
    CAPTURE(m2);
    CHECK(m1 > 0);
    CHECK(std::abs(m2 - 2 * m1) <= 3 * std::sqrt(se2 * se2 + 4 * se1 * se1));
  }
  // The on-the-day part is random, so the test is not only the advance plan doubled.
  CHECK(mean_se(ops2).second > 0);
}

TEST_CASE("an ED with constant staffing, one acuity and exponential times is Erlang C") {
  constexpr int doctors = 8;
  constexpr double per_hour = 12, mean_minutes = 30;
  std::string arrivals;
  for (int h = 0; h < 24; ++h)
    arrivals += (h ? ", " : "") + std::to_string(static_cast<int>(per_hour));
  scratch("ed-trust.toml", R"([trust]
id = "ed-only"
name = "ED only"
specialties = ["emergency_medicine"]
[[shift]]
id = "all-day"
start = "00:00"
end = "00:00"
[[staff]]
specialty = "emergency_medicine"
shift = "all-day"
consultant = )" + std::to_string(doctors) +
                               R"(
[[service]]
id = "ed"
kind = "ed"
specialty = "emergency_medicine"
  [[service.shift]]
  shift = "all-day"
  roles = [ { specialty = "emergency_medicine", grade = "consultant", count = 1 } ]
[ed]
service = "ed"
arrivals_per_hour = [)" + arrivals +
                               R"(]
acuity = [ { name = "all", share = 1.0 } ]
consultation_minutes = { dist = "exponential", mean = 30 }
admission_share = 0.0
admit_to = [ { service = "ed", share = 1.0 } ]
clerking_minutes = 30
)");
  scratch("ed-action.toml",
          "[action]\nid = \"none\"\nname = \"none\"\nkind = \"full_walkout\"\n"
          "participation = 0\n[action.demand]\ned_attendances = 0.0\nemergency_admissions = 0.0\n"
          "[[action.window]]\nstart = 2016-01-11T00:00:00\nend = 2016-01-25T00:00:00\n");
  scratch("ed-policy.toml", "[policy]\nid = \"p\"\nname = \"p\"\n");
  const model::scenario sc =
      model::read_scenario(scratch("ed-scenario.toml",
                                   "[scenario]\nname = \"M/M/c\"\ntrusts = [\"ed-trust.toml\"]\n"
                                   "action = \"ed-action.toml\"\npolicy = \"ed-policy.toml\"\n"
                                   "[run]\nwarmup_days = 7\nseed = 42\n"));
  const auto prep = model::prepare(sc);
  // 2,400 replications of 14 days after a 7-day warm-up: about 10 million patients.
  std::vector<double> waits;
  double served = 0;
  for (const auto& r : model::run_replications_keeping_all(prep, 2400, 2)) {
    const model::trust_outcome& out = r.trusts[0];
    waits.push_back(out.services[0].wait_sum / out.services[0].served);
    served += out.services[0].served;
  }
  const double lambda = per_hour / 60, mu = 1 / mean_minutes;
  const double expected = erlang_c(doctors, lambda / mu) / (doctors * mu - lambda);
  const std::pair<double, double> m_se = mean_se(waits);  // CAPTURE: no structured binding
  const double m = m_se.first, se = m_se.second;
  CAPTURE(m);
  CAPTURE(expected);
  CAPTURE(served);
  CHECK(se < 0.01 * expected);  // the test can tell a 3% error from noise
  CHECK(std::abs(m - expected) <= 0.03 * expected);
}

TEST_CASE("emergency roles that cannot be filled are reported, by service and specialty") {
  // Full walk-out, every junior doctor out, and no consultant willing to act down: the ED's
  // registrar and foundation roles, the take and the wards stand empty.
  const model::scenario sc =
      model::read_scenario((data / "example-general" / "scenario-full-walkout.toml").string(),
                           std::vector{model::parse_override("policy.act_down_share=0")});
  const auto prep = model::prepare(sc);
  const auto out = model::simulate_replication(prep, 0).trusts[0];
  CHECK(out.unfilled_role_hours > 0);
  double by_service = 0, by_specialty = 0;
  for (const model::service_outcome& sv : out.services)
    by_service += sv.unfilled_role_hours;
  for (const model::specialty_outcome& sp : out.by_specialty)
    by_specialty += sp.unfilled_role_hours;
  CHECK(by_service == doctest::Approx(out.unfilled_role_hours));
  CHECK(by_specialty == doctest::Approx(out.unfilled_role_hours));
  // In the results document too, for the trust and the total.
  model::outcome_summary summary(prep);
  summary.add(model::simulate_replication(prep, 0));
  const auto doc = model::results_json(summary, "test");
  CHECK(doc["total"]["emergency_care"]["unfilled_emergency_role_hours"]["mean"].get<double>() ==
        doctest::Approx(out.unfilled_role_hours));

  // With consultants willing to act down, the same staff fill every emergency role first.
  const model::scenario willing =
      model::read_scenario((data / "example-general" / "scenario-full-walkout.toml").string(),
                           std::vector{model::parse_override("policy.act_down_share=1")});
  const auto prep2 = model::prepare(willing);
  const auto out2 = model::simulate_replication(prep2, 0).trusts[0];
  CHECK(out2.unfilled_role_hours == 0);
  CHECK(out2.act_down_hours > 0);
}

namespace {

/// tests/model/data/ward-work: an ED whose every patient is admitted to a take of one doctor
/// with its own ward work, with `classes` acuity classes, every patient in the least urgent.
model::scenario take_with_ward_work(int classes) {
  return model::read_scenario(
      (data / "ward-work" / ("scenario-" + std::to_string(classes) + ".toml")).string());
}

/// Mean minutes in the department over `replications`.
double mean_minutes_in_department(const model::scenario& sc, int replications) {
  const auto prep = model::prepare(sc);
  double minutes = 0, departed = 0;
  for (const auto& r : model::run_replications_keeping_all(prep, replications, 2)) {
    minutes += r.trusts[0].ed_time_sum;
    departed += r.trusts[0].ed_departed;
  }
  return minutes / departed;
}

}  // namespace

TEST_CASE("ward tasks wait behind every ED admission, however many acuity classes there are") {
  // An admission is clerked before the take's own ward work whatever its acuity class is
  // called: the least urgent of 12 classes (past the 10 a fixed task priority once assumed)
  // leaves the department as fast as the only class of one. Were tasks ahead of it, each
  // admission would wait for the queue of tasks (about 3 in the system at utilisation 0.75)
  // and stay over an hour longer.
  const double one_class = mean_minutes_in_department(take_with_ward_work(1), 40);
  const double twelve_classes = mean_minutes_in_department(take_with_ward_work(12), 40);
  CAPTURE(one_class);
  CAPTURE(twelve_classes);
  CHECK(one_class < 90);  // 20 seen, 10 clerked, and the waits for the take
  CHECK(twelve_classes < 1.1 * one_class);
  CHECK(twelve_classes > 0.9 * one_class);
}
