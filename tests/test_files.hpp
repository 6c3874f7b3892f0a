#pragma once
// Files for tests: reading one whole, and writing scratch files under the temporary directory.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace strikesim_test {

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

/// A directory of the temporary directory, created if needed: one a process (`suite`-PID), so
/// that two test runs at once (two build trees, or ctest -j) never write each other's files.
inline std::filesystem::path scratch_dir(const std::string& suite) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / (suite + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

/// Writes `text` to `name` in the suite's scratch directory and returns its path.
inline std::filesystem::path write_scratch(const std::string& suite, const std::string& name,
                                           const std::string& text) {
  const std::filesystem::path p = scratch_dir(suite) / name;
  std::ofstream(p) << text;
  return p;
}

}  // namespace strikesim_test
