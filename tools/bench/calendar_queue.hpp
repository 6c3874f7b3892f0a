#pragma once
// A calendar queue (R. Brown, "Calendar queues: a fast O(1) priority queue implementation for the
// simulation event set problem", CACM 31(10), 1988), over the kernel's calendar entries and in
// their (time, order) order, to measure against the kernel's binary heap (`strikesim-bench
// calendar`). Not used by the kernel: see the README ("What made it fast") for why.
//
// Entries fall in "days" of `width_` time units; day d goes to bucket d mod (bucket count), a
// power of two, each bucket kept sorted (least last). Taking the least entry walks the buckets
// from the current day for one "year" (all the buckets); if no bucket holds an entry of its day
// within that year, it finds the least front directly. The bucket count doubles past two entries
// a bucket and halves below half an entry a bucket, and each resize sets the day's width to three
// times the mean gap between the (up to) 25 earliest entries, as Brown does.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "strikesim/sim/simulation.hpp"

namespace strikesim::bench {

class calendar_queue {
 public:
  using entry = sim::detail::calendar_entry;

  calendar_queue() { buckets_.resize(2); }

  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t size() const { return size_; }

  void push(const entry& e) {
    insert(e);
    if (++size_ > 2 * buckets_.size()) resize(2 * buckets_.size());
  }

  bool pop(entry& out) {
    if (size_ == 0) return false;
    const std::size_t mask = buckets_.size() - 1;
    for (std::size_t step = 0; step <= mask; ++step, ++day_) {
      std::vector<entry>& b = buckets_[day_ & mask];
      if (!b.empty() && day_of(b.back().time) <= day_) {
        take(b, out);
        return true;
      }
    }
    // Nothing within a year: the least front, directly.
    std::vector<entry>* least = nullptr;
    for (std::vector<entry>& b : buckets_)
      if (!b.empty() && (least == nullptr || sim::detail::entry_before(b.back(), least->back())))
        least = &b;
    day_ = day_of(least->back().time);
    take(*least, out);
    return true;
  }

 private:
  [[nodiscard]] std::uint64_t day_of(double t) const {
    return static_cast<std::uint64_t>(t / width_);
  }

  void insert(const entry& e) {
    std::vector<entry>& b = buckets_[day_of(e.time) & (buckets_.size() - 1)];
    // Sorted with the least entry last.
    const auto at = std::upper_bound(b.begin(), b.end(), e, [](const entry& x, const entry& y) {
      return sim::detail::entry_before(y, x);
    });
    b.insert(at, e);
  }

  void take(std::vector<entry>& b, entry& out) {
    out = b.back();
    b.pop_back();
    --size_;
    if (buckets_.size() > 2 && size_ < buckets_.size() / 2) resize(buckets_.size() / 2);
  }

  void resize(std::size_t count) {
    std::vector<entry> all;
    all.reserve(size_);
    for (std::vector<entry>& b : buckets_) {
      all.insert(all.end(), b.begin(), b.end());
      b.clear();
    }
    const std::size_t sample = std::min<std::size_t>(all.size(), 25);
    if (sample >= 2) {
      std::nth_element(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(sample - 1),
                       all.end(), sim::detail::entry_before);
      std::sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(sample),
                sim::detail::entry_before);
      const double gap = (all[sample - 1].time - all[0].time) / static_cast<double>(sample - 1);
      if (gap > 0 && std::isfinite(gap)) width_ = 3 * gap;
    }
    buckets_.resize(count);
    for (const entry& e : all)
      insert(e);
    // The current day: that of the least entry (no entry is earlier than the last one taken).
    if (!all.empty()) {
      const entry least = *std::min_element(all.begin(), all.end(), sim::detail::entry_before);
      day_ = day_of(least.time);
    }
  }

  std::vector<std::vector<entry>> buckets_;
  std::size_t size_ = 0;
  double width_ = 1.0;
  std::uint64_t day_ = 0;
};

}  // namespace strikesim::bench
