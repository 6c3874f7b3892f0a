#pragma once
/// A progress bar with an ETA on stderr, drawn by its own thread from a counter that the work
/// advances (run_replications counts finished replications into it). Without a thread (the
/// system refuses one, or WebAssembly has none) only the final state is drawn.
///
///     cli::progress bar("replications", total, cli::progress::wanted(mode, quiet));
///     model::run_replications(prep, n, threads, &bar.counter());
///     bar.finish();

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace strikesim::cli {

class progress {
 public:
  enum class mode { automatic, always, never };
  /// Whether to draw: `automatic` when stderr is a terminal and not `quiet`.
  static bool wanted(mode m, bool quiet);

  progress(std::string unit, std::int64_t total, bool enabled);
  progress(const progress&) = delete;
  progress& operator=(const progress&) = delete;
  ~progress();

  std::atomic<std::int64_t>& counter() { return done_; }
  /// Draws the final state (once) and stops the drawing thread.
  void finish();

 private:
  void loop();
  void draw(bool final);

  std::string unit_;
  std::int64_t total_;
  bool enabled_;
  bool terminal_;
  std::atomic<std::int64_t> done_{0};
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_line_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace strikesim::cli
