#pragma once
/// Reading scenario files (TOML): strict, with every error naming file:line:col and the key.
/// The format is documented in docs/scenario-format.md.

#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "strikesim/hospital/error.hpp"
#include "strikesim/hospital/scenario.hpp"

namespace strikesim::model {

/// One `--set PATH=VALUE`.
struct override_spec {
  std::string path;
  std::string value;
};
/// Splits "PATH=VALUE"; throws scenario_error (file "--set") if there is no '=' or no path.
override_spec parse_override(std::string_view text);

enum class file_kind { scenario, trust, action, policy };

/// Files to use instead of the ones a scenario names (`--action FILE`, `--policy FILE`); paths are
/// as given (relative to the working directory), empty for the scenario's own.
struct file_swaps {
  std::filesystem::path action;
  std::filesystem::path policy;
};

/// Reads a scenario and the files it names, applies overrides, checks everything.
scenario read_scenario(const std::filesystem::path& file, std::span<const override_spec> sets = {},
                       const file_swaps& swaps = {});
trust read_trust(const std::filesystem::path& file);
/// Reads a trust from TOML text (`file` names it in messages), as read_trust reads a file.
trust read_trust_text(const std::string& text, const std::string& file);
strike_action read_action(const std::filesystem::path& file);
policy read_policy(const std::filesystem::path& file);
/// Notes on where the model departs from the calendar, one line each (none for most scenarios):
/// an action window across a UK clock change (last Sunday of March or October) is simulated on
/// the wall clock, every day 24 hours, so it runs an hour longer or shorter than it lasted. A
/// local time that does not exist or happens twice on such a day is refused when read.
std::vector<std::string> action_notes(const strike_action& a);

/// "; did you mean 'x'?" for the candidate nearest to a misspelt `word`, or "" if none is near.
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

/// What a listing shows of a file: its kind and the `id` and `name` of its top table (a scenario
/// has no id: its file name without the extension stands in).
struct file_info {
  file_kind kind = file_kind::scenario;
  std::string id;
  std::string name;
};
/// Reads only the top table's id and name; throws scenario_error for a file that is not TOML or
/// not one of the four kinds. Use validate_file to check the whole file.
file_info peek_file(const std::filesystem::path& file);
/// Checks a file of any kind (told apart by its top table); returns the kind. The notes of an
/// action (or a scenario's action) go to `notes` if given.
file_kind validate_file(const std::filesystem::path& file,
                        std::vector<std::string>* notes = nullptr);

}  // namespace strikesim::model
