#include "progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <system_error>

#include <fmt/format.h>

namespace strikesim::cli {

namespace {

std::string clock_text(double seconds) {
  const long long s = std::llround(seconds);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

bool progress::wanted(mode m, bool quiet) {
  if (m == mode::never) return false;
  if (m == mode::always) return true;
  return !quiet && ::isatty(STDERR_FILENO) == 1;
}

progress::progress(std::string unit, std::int64_t total, bool enabled)
    : unit_(std::move(unit)),
      total_(total),
      enabled_(enabled && total > 0),
      terminal_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_line_(start_) {
  if (!enabled_) return;
  // No thread to be had (a WebAssembly build has none; a native system may refuse one): no bar
  // while the work runs, the final state once at the end, and the work goes on.
  try {
    thread_ = std::thread([this] { loop(); });
  } catch (const std::system_error&) {
  }
}

progress::~progress() {
  finish();
}

void progress::finish() {
  {
    const std::lock_guard lock(mutex_);
    if (stop_) return;
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (enabled_) draw(true);
}

void progress::loop() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::milliseconds(250), [this] { return stop_; }))
    draw(false);
}

void progress::draw(bool final) {
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  // Not a terminal (--progress always into a log): a line every 10 seconds and the last one.
  if (!terminal_ && !final && std::chrono::duration<double>(now - last_line_).count() < 10.0)
    return;
  last_line_ = now;
  const std::int64_t done = std::min(done_.load(std::memory_order_relaxed), total_);
  const double share = static_cast<double>(done) / static_cast<double>(total_);
  constexpr int width = 24;
  const auto filled = static_cast<int>(share * width);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(width - filled), '.');
  std::string timing = fmt::format("{} elapsed", clock_text(elapsed));
  if (!final && done > 0)
    timing += fmt::format(", ETA {}", clock_text(elapsed * (1.0 - share) / share));
  const std::string line =
      fmt::format("[{}] {:3.0f}%  {}/{} {}  {}", bar, 100.0 * share, done, total_, unit_, timing);
  if (terminal_)
    std::fprintf(stderr, "\r%s\033[K%s", line.c_str(), final ? "\n" : "");
  else
    std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

}  // namespace strikesim::cli
