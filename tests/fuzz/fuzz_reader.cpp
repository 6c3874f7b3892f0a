// Fuzz targets for the scenario files: libFuzzer (clang, -fsanitize=fuzzer) or the replay driver
// (replay_main.cpp, any compiler), which runs saved inputs through the same function.
//
// Each input is written as a file inside a private copy of the shipped scenarios tree, so that the
// paths it names (trusts, actions, policies, the scenario of a sweep) resolve as they would for a
// user, and read the way `strikesim validate` reads it. A scenario_error is the expected answer to
// bad input; any other exception, a crash, a sanitizer report, a hang or a leak is a finding.
//
// Build STRIKESIM_FUZZ_TARGET as 1 (every file kind, read by its top table), 2 (sweep files) or 3
// (a staff rota for `strikesim import`, with the other CSV files of the shipped example trust).
#include <unistd.h>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "strikesim/files/reader.hpp"
#include "strikesim/files/record.hpp"
#include "strikesim/files/sweep_file.hpp"
#include "strikesim/files/trust_csv.hpp"

#ifndef STRIKESIM_SCENARIOS
#error "STRIKESIM_SCENARIOS must name the shipped scenarios directory"
#endif

namespace fs = std::filesystem;
namespace model = strikesim::model;

namespace {

fs::path workspace;  // a copy of the scenarios tree, removed at exit

void remove_workspace() {
  std::error_code ec;
  if (!workspace.empty()) fs::remove_all(workspace, ec);
}

const fs::path& input_file() {
  static const fs::path file = [] {
    workspace = fs::temp_directory_path() / ("strikesim-fuzz-" + std::to_string(::getpid()));
    fs::remove_all(workspace);
    fs::create_directories(workspace);
    fs::copy(STRIKESIM_SCENARIOS, workspace / "scenarios", fs::copy_options::recursive);
    std::atexit(remove_workspace);
#if STRIKESIM_FUZZ_TARGET == 2
    return workspace / "scenarios" / "sweeps" / "fuzz-input.toml";
#elif STRIKESIM_FUZZ_TARGET == 3
    return workspace / "scenarios" / "examples" / "riverside" / "fuzz-staff.csv";
#else
    return workspace / "scenarios" / "runs" / "kingston" / "fuzz-input.toml";
#endif
  }();
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fs::path& file = input_file();
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
#if STRIKESIM_FUZZ_TARGET == 2
    const model::sweep_spec spec = model::read_sweep(file);
    // The first points and the last, as `strikesim validate` reads every one.
    const std::size_t n = spec.points();
    for (std::size_t i = 0; i < n && i < 3; ++i)
      (void)model::read_point(spec, i);
    if (n > 3) (void)model::read_point(spec, n - 1);
#elif STRIKESIM_FUZZ_TARGET == 3
    const fs::path dir = file.parent_path();
    (void)model::import_trust({file,
                               dir / "sessions.csv",
                               dir / "emergency.csv",
                               dir / "trust.csv",
                               {},
                               dir / "demand.csv"},
                              {});
#else
    if (model::is_record_file(file))  // the backtest's record, as `strikesim validate` reads it
      (void)model::read_record(file);
    else
      (void)model::validate_file(file);
#endif
  } catch (const model::scenario_error&) {
    // The answer to bad input.
  }
  return 0;
}
