#pragma once
/// A trust as spreadsheets: `strikesim import` writes a trust file (TOML) from CSV files in the
/// layouts of docs/import.md, and `strikesim export-csv` writes the CSV files of any trust, so
/// that exporting a trust and importing it again gives the same trust.

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "strikesim/hospital/scenario.hpp"

namespace strikesim::model {

/// The CSV files of one trust. The first three are required; an empty path is a file not given.
struct trust_csv_paths {
  std::filesystem::path staff;      // who is on each shift
  std::filesystem::path sessions;   // the weekly theatre lists and clinics
  std::filesystem::path emergency;  // emergency services: minimum roles and Christmas Day levels
  std::filesystem::path trust;      // optional: id, name, sites, specialties, ED settings
  std::filesystem::path shifts;     // optional: shift patterns (else the shipped trusts' four)
  std::filesystem::path demand;     // optional: ED arrivals and service tasks by hour
};

/// What the command line may say instead of trust.csv (and wins over it when given).
struct trust_import_options {
  std::string id;
  std::string name;
  /// The rows' notes are the sources themselves: a line's comment is its row's note alone
  /// (without "from staff.csv line N"); for CSV files written by a program, not a person.
  bool notes_are_sources = false;
  /// Comment lines (without "# ") opening the file instead of import's own two.
  std::vector<std::string> header;
};

/// Reads the CSV files and returns the text of a trust file (TOML) in which every number has a
/// comment saying where it came from ("from staff.csv line 4") or that it is an assumption.
/// The text is checked as `strikesim validate` checks a trust file; any error (scenario_error) is
/// reported at the CSV file, line, column and column header it came from.
std::string import_trust(const trust_csv_paths& files, const trust_import_options& options);

/// One CSV file of an export.
struct csv_export {
  std::string name;  // "staff.csv"
  std::string text;
};

/// The same from CSV texts in memory, named as export_trust_csv names them ("staff.csv", ...).
std::string import_trust(const std::vector<csv_export>& files, const trust_import_options& options);

/// The note of each CSV row an export writes, from the source of the row's first value and the
/// CSV file's name; by default "exported from FILE line N".
using csv_note = std::function<std::string(const source_ref& where, std::string_view csv)>;

/// The CSV files of a trust (trust.csv, shifts.csv, staff.csv, sessions.csv, emergency.csv and,
/// if the trust has ED demand or service tasks, demand.csv), in the layouts import reads. Each
/// row's note says which line of `t.file` it came from.
std::vector<csv_export> export_trust_csv(const trust& t, const csv_note& note = {});

}  // namespace strikesim::model
