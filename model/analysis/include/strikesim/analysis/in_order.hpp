#pragma once
/// Work items 0..n-1 made in parallel and used in their order, with only a few alive at once.

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

namespace strikesim::model::detail {

/// Runs `worker` on `threads` threads, this one among them, and returns when all have finished.
/// If the system refuses a thread, the ones made (and this one) do the work instead of the
/// program terminating. `worker` must not throw.
template <class Worker>
void on_threads(std::size_t threads, const Worker& worker) {
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(worker);
    } catch (const std::system_error&) {
      break;
    }
  }
  worker();
  for (std::thread& t : pool)
    t.join();
}

/// Calls `make(i)` for i = 0..count-1 on `threads` threads (this one among them) and
/// `use(T&&)` on each result in the order of i, one call at a time. Results wait in a ring of
/// 4 slots a thread: a thread that would start item i while item i - ring is not yet used waits,
/// so at most ring + threads results exist at once, whatever `count` is. `use` runs on whichever
/// thread finishes the item that is next in order, outside the lock. The first exception (of
/// `make` or `use`) stops the other threads from starting new items and is rethrown here once
/// they have finished.
template <class T, class Make, class Use>
void in_order(int count, int threads, Make&& make, Use&& use) {
  const int workers = std::max(1, std::min(threads, count));
  const std::size_t ring_size = 4 * static_cast<std::size_t>(workers);
  std::vector<std::optional<T>> ring(ring_size);
  std::mutex mutex;
  std::condition_variable room;  // signalled when an item is used or the work stops
  int next = 0;                  // the next item to start
  int used = 0;                  // items 0..used-1 have been used
  bool using_now = false;        // a thread is calling `use`
  bool stop = false;
  std::exception_ptr failure;
  const auto fail = [&](std::unique_lock<std::mutex>& lock) {
    if (!lock.owns_lock()) lock.lock();
    if (!failure) failure = std::current_exception();
    stop = true;
    room.notify_all();
  };
  const auto slot = [&](int i) -> std::optional<T>& {
    return ring[static_cast<std::size_t>(i) % ring_size];
  };
  auto worker = [&] {
    for (;;) {
      std::unique_lock lock(mutex);
      room.wait(lock,
                [&] { return stop || next >= count || next - used < static_cast<int>(ring_size); });
      if (stop || next >= count) return;
      const int i = next++;
      lock.unlock();
      try {
        T item = make(i);
        lock.lock();
        slot(i).emplace(std::move(item));
        if (using_now) continue;  // that thread will reach item i
        using_now = true;
        while (!stop && slot(used).has_value()) {
          T ready = std::move(*slot(used));
          slot(used).reset();
          lock.unlock();
          use(std::move(ready));
          lock.lock();
          ++used;
          room.notify_all();
        }
        using_now = false;
      } catch (...) {
        fail(lock);
        return;
      }
    }
  };
  on_threads(static_cast<std::size_t>(workers), worker);
  if (failure) std::rethrow_exception(failure);
}

}  // namespace strikesim::model::detail
