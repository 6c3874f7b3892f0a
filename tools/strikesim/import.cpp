// strikesim import and strikesim export-csv: a trust as CSV files (docs/import.md).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "files.hpp"
#include "strikesim/files/reader.hpp"
#include "strikesim/files/trust_csv.hpp"

namespace strikesim::cli {

namespace fs = std::filesystem;

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
  cmd->add_option("-o,--output", o.output, "The trust file to write (whole or not at all)")
      ->required();
  cmd->add_flag("-q,--quiet", o.quiet, "No message on success");
  return cmd;
}

CLI::App* add_export_command(CLI::App& app, export_options& o) {
  CLI::App* cmd = app.add_subcommand(
      "export-csv",
      "Write the CSV files of a trust file (trust, shifts, staff, emergency, demand, sessions), "
      "which strikesim import reads back into the same trust (docs/import.md)");
  cmd->add_option("trust", o.trust, "Trust file (TOML)")->required();
  cmd->add_option("-o,--output", o.output, "Directory for the CSV files (made if missing)")
      ->required();
  cmd->add_flag("-q,--quiet", o.quiet, "No message on success");
  return cmd;
}

int import_trust(const import_options& o) {
  check_output_path(o.output);
  check_not_input(o.output, {o.staff, o.sessions, o.emergency, o.trust, o.shifts, o.demand});
  const std::string text = model::import_trust(
      {o.staff, o.sessions, o.emergency, o.trust, o.shifts, o.demand}, {o.id, o.name});
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

}  // namespace strikesim::cli
