#pragma once
/// The size of each trust as the model sees it: what `strikesim describe` prints.
///
///     for (const model::trust_size& t : model::describe(scenario)) ...

#include <array>
#include <string>
#include <vector>

#include "strikesim/hospital/scenario.hpp"

namespace strikesim::model {

struct trust_size {
  std::string id;
  std::string name;
  /// Doctors present at noon on an ordinary weekday (Wednesday), by grade (grade_names order),
  /// locums included; and the junior doctors among them who are not locums (those who may strike).
  std::array<int, 5> weekday_noon_by_grade{};
  int weekday_noon_junior = 0;
  int weekday_noon_locum = 0;
  /// Elective work on an average weekday (Monday to Friday), as listed in the file.
  double weekday_theatre_lists = 0, weekday_operations = 0;
  double weekday_clinics = 0, weekday_slots = 0;
  /// Emergency department arrivals a day (weekday and weekend profiles), 0 without an ED.
  double ed_weekday_arrivals = 0, ed_weekend_arrivals = 0;
  int services = 0;
};

std::vector<trust_size> describe(const scenario& s);

}  // namespace strikesim::model
