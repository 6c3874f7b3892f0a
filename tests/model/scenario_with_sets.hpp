#pragma once
// A scenario file read as the command line reads it with --set PATH=VALUE options.
#include <filesystem>
#include <string>
#include <vector>

#include "strikesim/files/reader.hpp"

namespace strikesim_test {

inline strikesim::model::scenario read_with_sets(const std::filesystem::path& file,
                                                 const std::vector<std::string>& sets = {}) {
  std::vector<strikesim::model::override_spec> overrides;
  for (const std::string& s : sets)
    overrides.push_back(strikesim::model::parse_override(s));
  return strikesim::model::read_scenario(file, overrides);
}

}  // namespace strikesim_test
