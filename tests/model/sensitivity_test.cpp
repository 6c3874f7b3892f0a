// What drives the numbers: standardized regression coefficients from a sweep, checked on a
// synthetic sweep whose response is a known linear function of its inputs.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "strikesim/analysis/sweep.hpp"
#include "strikesim/files/sweep_file.hpp"
#include "strikesim/reports/sweep_report.hpp"

namespace model = strikesim::model;

namespace {

double sd(const std::vector<double>& v) {
  double mean = 0;
  for (const double x : v)
    mean += x;
  mean /= static_cast<double>(v.size());
  double ss = 0;
  for (const double x : v)
    ss += (x - mean) * (x - mean);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

nlohmann::ordered_json stat_of(double mean) {
  return {{"mean", mean}, {"sd", 0.0},   {"p05", mean},
          {"p50", mean},  {"p95", mean}, {"ci95", {mean, mean}}};
}

}  // namespace

TEST_CASE("a synthetic sweep with a linear response: SRCs within 1% and R^2 near 1") {
  // y = 3 a - 2 b + 7 (+ a small deterministic wobble) over a 5 x 4 grid, plus a string path.
  const std::vector<double> as = {0.5, 0.6, 0.7, 0.8, 0.9};
  const std::vector<double> bs = {10, 20, 30, 40};
  nlohmann::ordered_json plan;
  plan["parameters"] = {"action.participation.mean", "trusts.x.staff[0].headcount",
                        "scenario.policy"};
  std::vector<nlohmann::ordered_json> points;
  std::vector<double> xa, xb, y;
  for (const double a : as) {
    for (const double b : bs) {
      const double wobble = 0.001 * std::sin(17.0 * static_cast<double>(points.size()));
      const double value = 3 * a - 2 * b + 7 + wobble;
      nlohmann::ordered_json p;
      p["point"] = points.size();
      p["values"]["action.participation.mean"] = a;
      p["values"]["trusts.x.staff[0].headcount"] = static_cast<int>(b);
      p["values"]["scenario.policy"] = "policy.toml";
      p["total"]["outpatient_slots.cancelled"] = stat_of(value);
      p["total"]["emergency_care.ed_attendances"] = stat_of(600.0);  // does not vary
      points.push_back(std::move(p));
      xa.push_back(a);
      xb.push_back(b);
      y.push_back(value);
    }
  }
  const auto s = model::sweep_sensitivity(plan, points);
  const auto& slots = s["outpatient_slots.cancelled"];
  CHECK(slots["r2"].get<double>() > 0.999999);
  // The analytic SRC of a linear response: its coefficient times sd(x) / sd(y).
  const double src_a = 3 * sd(xa) / sd(y), src_b = -2 * sd(xb) / sd(y);
  REQUIRE(slots["coefficients"].size() == 2);  // the string path has no scale
  // Ranked by size: b moves y far more than a over these ranges.
  CHECK(slots["coefficients"][0]["parameter"] == "trusts.x.staff[0].headcount");
  CHECK(slots["coefficients"][0]["src"].get<double>() == doctest::Approx(src_b).epsilon(0.01));
  CHECK(slots["coefficients"][1]["parameter"] == "action.participation.mean");
  CHECK(slots["coefficients"][1]["src"].get<double>() == doctest::Approx(src_a).epsilon(0.01));
  // A response that does not vary has no R^2 and no coefficients, rather than invented ones.
  CHECK(s["emergency_care.ed_attendances"]["r2"].is_null());
  CHECK(s["emergency_care.ed_attendances"]["coefficients"][0]["src"].is_null());
  const std::string csv = model::sensitivity_csv(s);
  CHECK(csv.rfind("metric,parameter,src,r2\n", 0) == 0);
  CHECK(csv.find("outpatient_slots.cancelled,action.participation.mean,") != std::string::npos);
}

TEST_CASE("standardized regression: an input that does not vary gets no coefficient") {
  const std::vector<std::vector<double>> x = {{1, 2, 3, 4, 5}, {2, 2, 2, 2, 2}};
  const std::vector<double> y = {2, 4, 6, 8, 10};
  const model::regression_fit fit = model::standardized_regression(x, y);
  REQUIRE(fit.r2);
  CHECK(*fit.r2 == doctest::Approx(1.0));
  REQUIRE(fit.src[0]);
  CHECK(*fit.src[0] == doctest::Approx(1.0));  // y is a rescaled x: SRC exactly 1
  CHECK_FALSE(fit.src[1]);
}

TEST_CASE("standardized regression: the standard error of a lone input's coefficient") {
  // With one input, the standardized coefficient is the correlation r and its ordinary
  // least-squares standard error is sqrt((1 - r^2) / (n - 2)) (any regression text), here with
  // noise made by a fixed recurrence so the data are the same on every platform.
  std::vector<double> x, y;
  std::uint64_t state = 12345;
  const auto noise = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * 0x1.0p-53 - 0.5;
  };
  for (int i = 0; i < 50; ++i) {
    x.push_back(i);
    y.push_back(0.05 * i + noise());
  }
  const model::regression_fit fit = model::standardized_regression({x}, y);
  REQUIRE(fit.src[0]);
  REQUIRE(fit.se[0]);
  const double r = *fit.src[0];
  CHECK(r > 0.3);
  CHECK(r < 0.95);
  CHECK(*fit.se[0] == doctest::Approx(std::sqrt((1 - r * r) / 48.0)).epsilon(1e-9));
  CHECK(*fit.r2 == doctest::Approx(r * r).epsilon(1e-9));
}

TEST_CASE(
    "standardized regression: an input that changes nothing is beyond its 95% margin in "
    "about 5% of samples") {
  // 400 samples of 100 rows: y depends on the first input only; the second is noise. The second's
  // coefficient should fall outside its margin (1.96 standard errors) about 5% of the time, the
  // first's nearly never inside it.
  std::uint64_t state = 987654321;
  const auto uniform = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  };
  const auto normal = [&] {  // Box-Muller
    const double u = 1 - uniform(), v = uniform();
    return std::sqrt(-2 * std::log(u)) * std::cos(2 * 3.141592653589793 * v);
  };
  int noise_beyond = 0, signal_within = 0;
  constexpr int samples = 400;
  for (int k = 0; k < samples; ++k) {
    std::vector<double> a, b, y;
    for (int i = 0; i < 100; ++i) {
      a.push_back(normal());
      b.push_back(normal());
      y.push_back(0.5 * a.back() + normal());
    }
    const model::regression_fit fit = model::standardized_regression({a, b}, y);
    REQUIRE(fit.se[0]);
    REQUIRE(fit.se[1]);
    if (std::abs(*fit.src[1]) > 1.96 * *fit.se[1]) ++noise_beyond;
    if (std::abs(*fit.src[0]) <= 1.96 * *fit.se[0]) ++signal_within;
  }
  CAPTURE(noise_beyond);
  CHECK(noise_beyond >= 8);   // 2%
  CHECK(noise_beyond <= 36);  // 9%
  CHECK(signal_within <= 4);
}
