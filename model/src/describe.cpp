#include "strikesim/model/describe.hpp"

#include <fmt/format.h>

#include <numeric>

namespace strikesim::model {

namespace {

constexpr int wednesday = 2;
constexpr int noon = 12 * 60;

/// Whether a shift that applies on `weekday` (or started the day before) covers noon that day.
bool covers_noon(const shift_def& sh, int weekday) {
  const int prev = (weekday + 6) % 7;
  const bool overnight = sh.end_minute <= sh.start_minute;
  if (sh.applies_on(weekday)) {
    if (!overnight && sh.start_minute <= noon && noon < sh.end_minute) return true;
    if (overnight && sh.start_minute <= noon) return true;
  }
  return overnight && sh.applies_on(prev) && noon < sh.end_minute;
}

}  // namespace

std::vector<trust_size> describe(const scenario& s) {
  std::vector<trust_size> out;
  for (const trust& t : s.trusts) {
    trust_size z;
    z.id = t.id;
    z.name = t.name;
    for (const staff_group& g : t.staff) {
      const auto sh = std::find_if(t.shifts.begin(), t.shifts.end(),
                                   [&](const shift_def& d) { return d.id == g.shift; });
      if (sh == t.shifts.end() || !covers_noon(*sh, wednesday)) continue;
      z.weekday_noon_by_grade[static_cast<std::size_t>(g.level)] += g.headcount;
      if (g.locum) z.weekday_noon_locum += g.headcount;
      if (g.can_strike()) z.weekday_noon_junior += g.headcount;
    }
    for (const session& se : t.sessions) {
      const auto weekdays = static_cast<double>(
          std::count_if(se.weekdays.begin(), se.weekdays.end(), [](int d) { return d < 5; }));
      if (se.kind == session_kind::theatre_list) {
        z.weekday_theatre_lists += weekdays / 5;
        z.weekday_operations += weekdays * se.operations / 5;
      } else {
        z.weekday_clinics += weekdays / 5;
        z.weekday_slots += weekdays * se.slots / 5;
      }
    }
    if (t.ed) {
      z.ed_weekday_arrivals =
          std::accumulate(t.ed->weekday_per_hour.begin(), t.ed->weekday_per_hour.end(), 0.0);
      z.ed_weekend_arrivals =
          std::accumulate(t.ed->weekend_per_hour.begin(), t.ed->weekend_per_hour.end(), 0.0);
    }
    z.services = static_cast<int>(t.services.size());
    out.push_back(std::move(z));
  }
  return out;
}

namespace {

trust_size sum_of(const std::vector<trust_size>& sizes) {
  trust_size total;
  total.id = "total";
  total.name = "Total";
  for (const trust_size& z : sizes) {
    for (std::size_t g = 0; g < z.weekday_noon_by_grade.size(); ++g)
      total.weekday_noon_by_grade[g] += z.weekday_noon_by_grade[g];
    total.weekday_noon_junior += z.weekday_noon_junior;
    total.weekday_noon_locum += z.weekday_noon_locum;
    total.weekday_theatre_lists += z.weekday_theatre_lists;
    total.weekday_operations += z.weekday_operations;
    total.weekday_clinics += z.weekday_clinics;
    total.weekday_slots += z.weekday_slots;
    total.ed_weekday_arrivals += z.ed_weekday_arrivals;
    total.ed_weekend_arrivals += z.ed_weekend_arrivals;
    total.services += z.services;
  }
  return total;
}

nlohmann::ordered_json size_json(const trust_size& z) {
  nlohmann::ordered_json j;
  j["id"] = z.id;
  j["name"] = z.name;
  auto& doctors = j["doctors_weekday_noon"];
  for (std::size_t g = 0; g < z.weekday_noon_by_grade.size(); ++g)
    doctors[grade_names[g]] = z.weekday_noon_by_grade[g];
  j["junior_doctors_weekday_noon"] = z.weekday_noon_junior;
  j["locums_weekday_noon"] = z.weekday_noon_locum;
  j["weekday"]["theatre_lists"] = z.weekday_theatre_lists;
  j["weekday"]["elective_operations"] = z.weekday_operations;
  j["weekday"]["clinics"] = z.weekday_clinics;
  j["weekday"]["outpatient_slots"] = z.weekday_slots;
  j["ed_arrivals_per_day"]["weekday"] = z.ed_weekday_arrivals;
  j["ed_arrivals_per_day"]["weekend"] = z.ed_weekend_arrivals;
  j["emergency_services"] = z.services;
  return j;
}

}  // namespace

nlohmann::ordered_json describe_json(const scenario& s, const std::vector<trust_size>& sizes) {
  nlohmann::ordered_json doc;
  doc["schema"] = "strikesim.describe/1";
  doc["scenario"] = s.name;
  doc["trusts"] = nlohmann::ordered_json::array();
  for (const trust_size& z : sizes)
    doc["trusts"].push_back(size_json(z));
  doc["total"] = size_json(sum_of(sizes));
  return doc;
}

std::string describe_text(const scenario& s, const std::vector<trust_size>& sizes) {
  std::string out = fmt::format(
      "{}\nDoctors present at noon on a weekday; elective work and ED arrivals on an average "
      "weekday.\n\n",
      s.name);
  out += fmt::format("{:<34} {:>7} {:>7} {:>7} {:>6} {:>7} {:>8} {:>6} {:>8} {:>8}\n", "trust",
                     "doctors", "juniors", "consult", "lists", "ops", "clinics", "slots", "ED/day",
                     "services");
  auto row = [&](const trust_size& z) {
    const int doctors =
        std::accumulate(z.weekday_noon_by_grade.begin(), z.weekday_noon_by_grade.end(), 0);
    out +=
        fmt::format("{:<34} {:>7} {:>7} {:>7} {:>6.0f} {:>7.0f} {:>8.0f} {:>6.0f} {:>8.0f} {:>8}\n",
                    z.name.substr(0, 34), doctors, z.weekday_noon_junior,
                    z.weekday_noon_by_grade[static_cast<std::size_t>(grade::consultant)],
                    z.weekday_theatre_lists, z.weekday_operations, z.weekday_clinics,
                    z.weekday_slots, z.ed_weekday_arrivals, z.services);
  };
  for (const trust_size& z : sizes)
    row(z);
  if (sizes.size() > 1) row(sum_of(sizes));
  return out;
}

}  // namespace strikesim::model
