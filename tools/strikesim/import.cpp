// strikesim import and strikesim export-csv: a trust as CSV files (docs/import.md).
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "files.hpp"
#include "strikesim/files/new_trust.hpp"
#include "strikesim/files/reader.hpp"
#include "strikesim/files/trust_csv.hpp"

namespace strikesim::cli {

namespace fs = std::filesystem;

#ifndef STRIKESIM_SCENARIOS_DIR
#define STRIKESIM_SCENARIOS_DIR "scenarios"
#endif

namespace {
/// -o (required) and -q, as every command of this file has them.
CLI::App* add_output(CLI::App* cmd, std::string& output, bool& quiet, const char* what) {
  cmd->add_option("-o,--output", output, what)->required();
  cmd->add_flag("-q,--quiet", quiet, "No message on success");
  return cmd;
}
}  // namespace

CLI::App* add_import_command(CLI::App& app, import_options& o) {
  CLI::App* cmd = app.add_subcommand(
      "import",
      "Write a trust file (TOML) from CSV files: the staff rota, the weekly sessions and the "
      "emergency rota, with optional trust settings, shifts and hourly demand (layouts: "
      "docs/import.md). Every number in it says which CSV line it came from, or that it is an "
      "assumption");
  cmd->add_option("--staff", o.staff,
                  "Staff rota: specialty, grade, shift, count[, locum, on_call, rests_from, note]")
      ->required();
  cmd->add_option("--sessions", o.sessions,
                  "Weekly theatre lists and clinics: [id,] kind, specialty, priority, days, start, "
                  "end, operations or slots, [count,] roles[, note]")
      ->required();
  cmd->add_option("--emergency", o.emergency,
                  "Emergency rota: service, kind, shift, specialty, grade, minimum, "
                  "christmas_day[, service_name, service_specialty, cross_cover, strike_cover, "
                  "note]")
      ->required();
  cmd->add_option("--trust", o.trust,
                  "Trust settings (setting, value[, note]): id, name, site, specialty, ED and "
                  "task settings");
  cmd->add_option("--shifts", o.shifts,
                  "Shift patterns: shift, start, end[, days, note] (default: the shipped trusts' "
                  "day, evening, weekend-day and night)");
  cmd->add_option("--demand", o.demand,
                  "Hourly demand, 24 rows: hour, ed_arrivals[, ed_arrivals_weekend, "
                  "tasks:SERVICE..., note] (default: no ED patients or service tasks)");
  cmd->add_option("--id", o.id, "The trust's id (instead of trust.csv's)");
  cmd->add_option("--name", o.name, "The trust's name (instead of trust.csv's)");
  return add_output(cmd, o.output, o.quiet, "The trust file to write (whole or not at all)");
}

CLI::App* add_export_command(CLI::App& app, export_options& o) {
  CLI::App* cmd = app.add_subcommand(
      "export-csv",
      "Write the CSV files of a trust file (trust, shifts, staff, emergency, demand, sessions), "
      "which strikesim import reads back into the same trust (docs/import.md)");
  cmd->add_option("trust", o.trust, "Trust file (TOML)")->required();
  return add_output(cmd, o.output, o.quiet, "Directory for the CSV files (made if missing)");
}

int import_trust(const import_options& o) {
  check_output_path(o.output);
  check_not_input(o.output, {o.staff, o.sessions, o.emergency, o.trust, o.shifts, o.demand});
  const std::string text = model::import_trust(
      {o.staff, o.sessions, o.emergency, o.trust, o.shifts, o.demand}, {o.id, o.name, false, {}});
  write_whole(o.output, text);
  if (!o.quiet)
    std::cerr << fmt::format("strikesim: wrote {} (check it with strikesim validate {})\n",
                             o.output, o.output);
  return exit_ok;
}

int export_csv(const export_options& o) {
  const model::trust t = model::read_trust(o.trust);
  const std::vector<model::csv_export> files = model::export_trust_csv(t);
  const fs::path dir(o.output);
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw model::scenario_error({o.output}, "-o", "is not a directory");
  fs::create_directories(dir, ec);
  if (ec)
    throw model::scenario_error({o.output}, "-o",
                                fmt::format("cannot make the directory: {}", ec.message()));
  for (const model::csv_export& f : files)
    write_whole(dir / f.name, f.text);
  if (!o.quiet)
    std::cerr << fmt::format("strikesim: wrote {} CSV files to {}\n", files.size(), o.output);
  return exit_ok;
}

CLI::App* add_new_trust_command(CLI::App& app, new_trust_options& o) {
  CLI::App* cmd = app.add_subcommand(
      "new-trust",
      "Write a trust file (TOML) from a few published figures, scaled from the nearest archetype "
      "of scenarios/archetypes (by beds, or --archetype): staff and on-call rows, emergency "
      "roles, theatre lists, clinics and ED arrivals. Every number in it says which figure it "
      "came from, or that it is an assumption (docs/your-trust.md)");
  cmd->add_option("--id", o.id, "The trust's id (lower case letters, digits and '-')")->required();
  cmd->add_option("--name", o.name, "The trust's name")->required();
  cmd->add_option("--beds", o.beds, "Beds (general and acute); chooses the archetype")->required();
  cmd->add_option("--ed-attendances", o.ed_attendances,
                  "ED attendances a year (every archetype but specialist needs it)");
  cmd->add_option("--operations", o.operations,
                  "Elective operations a year, inpatient and day case: scales the theatre lists")
      ->required();
  cmd->add_option("--outpatients", o.outpatients,
                  "Outpatient appointments a year: scales the clinics")
      ->required();
  cmd->add_option("--specialties", o.specialties,
                  "Comma list of the archetype's specialties to keep (default: all of them)");
  cmd->add_option("--archetype", o.archetype,
                  "small-acute, medium-acute, large-acute, teaching or specialist (default: the "
                  "acute archetype nearest by beds)");
  cmd->add_option("--consultants", o.consultants,
                  "Consultants present on a weekday day shift (default: scaled by beds)");
  cmd->add_option("--juniors", o.juniors,
                  "Junior doctors (foundation, core, registrar) present on a weekday day shift "
                  "(default: scaled by beds)");
  cmd->add_option("--sas", o.sas,
                  "SAS doctors present on a weekday day shift (default: scaled by beds)");
  return add_output(cmd, o.output, o.quiet, "The trust file to write (whole or not at all)");
}

int new_trust(const new_trust_options& o) {
  check_output_path(o.output);
  model::new_trust_figures f;
  f.id = o.id;
  f.name = o.name;
  f.archetype = o.archetype;
  f.beds = o.beds;
  f.ed_attendances = o.ed_attendances;
  f.operations = o.operations;
  f.outpatients = o.outpatients;
  f.consultants = o.consultants;
  f.juniors = o.juniors;
  f.sas = o.sas;
  std::string word;
  for (const char c : o.specialties + ",") {
    if (c == ',') {
      if (!word.empty()) f.specialties.push_back(word);
      word.clear();
    } else if (c != ' ') {
      word += c;
    }
  }
  if (!o.specialties.empty() && f.specialties.empty())
    throw model::scenario_error({"--specialties", 0, 0}, "",
                                "give a comma list of specialties, or leave --specialties out");
  const char* env = std::getenv("STRIKESIM_SCENARIOS");
  const fs::path root =
      env != nullptr && *env != '\0' ? fs::path(env) : fs::path(STRIKESIM_SCENARIOS_DIR);
  f.archetypes_dir = root / "archetypes";
  const std::string text = model::new_trust(f);
  write_whole(o.output, text);
  if (!o.quiet)
    std::cerr << fmt::format(
        "strikesim: wrote {} from archetype {} (check it with strikesim validate {})\n", o.output,
        model::choose_archetype(f), o.output);
  return exit_ok;
}

}  // namespace strikesim::cli
