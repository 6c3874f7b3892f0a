#pragma once
// Runs the built strikesim program for the command-line tests and captures what it printed.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "../test_files.hpp"

namespace strikesim_test {

struct outcome {
  int code = -1;
  std::string err;
  std::string out;
};

inline std::filesystem::path cli_scratch() {
  return scratch_dir("strikesim-cli-test");  // one a process
}

/// A path quoted for the shell.
inline std::string q(const std::filesystem::path& p) {
  std::string s = "'";
  s += p.string();
  s += "'";
  return s;
}

/// Runs `strikesim ARGS` (ARGS already quoted where needed) through the shell.
inline outcome run_program(const std::string& args) {
  const std::filesystem::path dir = cli_scratch();
  // Appended piece by piece: g++ 12 warns falsely (-Wrestrict) on "'" + std::string(...).
  std::string cmd = q(STRIKESIM_EXE);
  cmd += ' ';
  cmd += args;
  cmd += " >";
  cmd += q(dir / "stdout");
  cmd += " 2>";
  cmd += q(dir / "stderr");
  const int status = std::system(cmd.c_str());
  outcome o;
  o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  o.err = read_text(dir / "stderr");
  o.out = read_text(dir / "stdout");
  return o;
}

}  // namespace strikesim_test
