#pragma once
/// `strikesim new-trust`: a trust file from a few published figures (beds, ED attendances,
/// operations and outpatient appointments a year), scaled from the nearest archetype of
/// scenarios/archetypes/. The file is written by the CSV import (trust_csv.hpp), so every number
/// in it says which figure it came from, or that it is an assumption.
///
///   new_trust_figures f;
///   f.id = "riverside"; f.name = "Riverside"; f.beds = 420; f.ed_attendances = 80000;
///   f.operations = 30000; f.outpatients = 250000; f.archetypes = "scenarios/archetypes";
///   const std::string toml = new_trust(f);

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strikesim::model {

/// An archetype and the beds it stands for (scenarios/archetypes/README.md, "Size by beds").
struct archetype_size {
  std::string_view id;
  std::int64_t beds = 0;
  bool has_ed = true;
};
inline constexpr std::array<archetype_size, 5> archetypes = {{{"small-acute", 350},
                                                              {"medium-acute", 550},
                                                              {"large-acute", 900},
                                                              {"teaching", 1300},
                                                              {"specialist", 250, false}}};

/// The figures of `strikesim new-trust`; 0 or empty is "not given".
struct new_trust_figures {
  std::string id, name;
  std::string archetype;  // empty: the acute archetype nearest by beds
  std::int64_t beds = 0;
  std::optional<std::int64_t> ed_attendances;  // a year (not for an archetype without an ED)
  std::int64_t operations = 0;                 // elective operations a year, inpatient and day case
  std::int64_t outpatients = 0;                // outpatient appointments a year
  std::vector<std::string> specialties;        // empty: the archetype's
  /// Doctors present on a weekday day shift, by grade class (optional).
  std::optional<std::int64_t> consultants, juniors, sas;
  std::filesystem::path archetypes_dir;  // scenarios/archetypes
};

/// The archetype new_trust scales from: `figures.archetype`, or the acute one nearest by beds.
/// An unknown name is bad input (scenario_error naming --archetype).
std::string_view choose_archetype(const new_trust_figures& figures);

/// The text of the trust file (TOML), checked as `strikesim validate` checks a trust file. Bad
/// figures are a scenario_error naming the option (--beds, --specialties, ...).
std::string new_trust(const new_trust_figures& figures);

}  // namespace strikesim::model
