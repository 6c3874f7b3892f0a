#include "files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "strikesim/files/reader.hpp"

namespace strikesim::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view temporary_marker = ".strikesim-tmp.";

[[noreturn]] void fail(const fs::path& path, const std::string& key, const std::string& why) {
  throw model::scenario_error({path.string()}, key, why);
}

}  // namespace

bool is_temporary(const fs::path& path) {
  return path.filename().string().find(temporary_marker) != std::string::npos;
}

void write_whole_with(const fs::path& path, const std::function<void(const fs::path&)>& write,
                      const std::string& key) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) fail(path, key, "is a directory, not a file");
  const fs::path tmp = path.string() + std::string(temporary_marker) + std::to_string(::getpid());
  try {
    write(tmp);
  } catch (const std::runtime_error& e) {
    fs::remove(tmp, ec);
    fail(path, key, e.what());
  }
  // On disk before the rename, so that a crash of the machine leaves the old file or the new one.
  const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0 || ::close(fd) != 0) {
    if (fd >= 0) ::close(fd);
    fs::remove(tmp, ec);
    fail(path, key, "writing failed: could not flush the file to disk");
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    fail(path, key, fmt::format("cannot replace the file: {}", ec.message()));
  }
}

/// Fails before any work if `-o` cannot be written: its folder is missing, it is a folder, a
/// device or a pipe (the temporary file would be renamed over it), or no file can be made in its
/// folder (a probe file is made and removed, as write_whole will make its temporary there).
void check_output_path(const std::string& output) {
  if (output.empty()) return;
  const fs::path path(output);
  const auto refuse = [&](const std::string& why) {
    throw model::scenario_error({output}, "-o", why);
  };
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (fs::is_directory(status)) refuse("is a directory, not a file");
  if (fs::exists(status) && !fs::is_regular_file(status))
    refuse(
        "is not a regular file (a device, pipe or socket): results are written to a temporary "
        "file and renamed over it; name a file, or leave out -o to write to stdout");
  const fs::path parent = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  if (!fs::is_directory(parent, ec))
    refuse(fmt::format("the folder '{}' does not exist", parent.string()));
  const fs::path probe = path.string() + ".strikesim-tmp." + std::to_string(::getpid());
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    refuse(
        fmt::format("cannot write in the folder '{}': {}", parent.string(), std::strerror(errno)));
  ::close(fd);
  fs::remove(probe, ec);
}

/// Fails if `-o` names one of the files read: the results would replace it.
void check_not_input(const std::string& output, const std::vector<std::string>& inputs) {
  if (output.empty()) return;
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (fs::equivalent(output, input, ec))
      throw model::scenario_error({output}, "-o",
                                  fmt::format("is an input file ('{}'): the results would "
                                              "replace it; choose another file",
                                              input));
  }
}

void write_whole(const fs::path& path, std::string_view text, const std::string& key) {
  write_whole_with(
      path,
      [&](const fs::path& tmp) {
        const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0)
          throw std::runtime_error(fmt::format("cannot write here: {}", std::strerror(errno)));
        std::size_t written = 0;
        while (written < text.size()) {
          const ::ssize_t n = ::write(fd, text.data() + written, text.size() - written);
          if (n < 0 && errno == EINTR) continue;
          if (n <= 0) {
            const int err = errno;
            ::close(fd);
            throw std::runtime_error(fmt::format("writing failed: {}", std::strerror(err)));
          }
          written += static_cast<std::size_t>(n);
        }
        if (::close(fd) != 0) throw std::runtime_error("writing failed: could not close the file");
      },
      key);
}

std::string read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "", "cannot read this file");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void remove_stale_temporaries(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (is_temporary(entry.path())) fs::remove(entry.path(), ec);
}

}  // namespace strikesim::cli
