#include "strikesim/reports/describe_report.hpp"

#include <fmt/format.h>

namespace strikesim::model {

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
