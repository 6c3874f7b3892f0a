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
