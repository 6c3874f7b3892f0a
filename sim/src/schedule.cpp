#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "strikesim/sim/schedule.hpp"

namespace strikesim::sim {

capacity_schedule capacity_schedule::constant(int capacity) {
  if (capacity < 0) throw std::invalid_argument("capacity_schedule: negative capacity");
  capacity_schedule s;
  s.pattern_ = {{duration::zero(), capacity}};
  return s;
}

capacity_schedule capacity_schedule::repeating(duration period, std::vector<breakpoint> pattern) {
  if (!(period > duration::zero()) || !std::isfinite(period.count())) {
    throw std::invalid_argument("capacity_schedule: the period must be positive and finite");
  }
  if (pattern.empty() || pattern.front().offset != duration::zero()) {
    throw std::invalid_argument("capacity_schedule: the first breakpoint must be at offset 0");
  }
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i].capacity < 0)
      throw std::invalid_argument("capacity_schedule: negative capacity");
    if (pattern[i].offset >= period) {
      throw std::invalid_argument("capacity_schedule: a breakpoint lies beyond the period");
    }
    if (i > 0 && !(pattern[i - 1].offset < pattern[i].offset)) {
      throw std::invalid_argument("capacity_schedule: breakpoints must be strictly increasing");
    }
  }
  capacity_schedule s;
  s.period_ = period;
  s.pattern_ = std::move(pattern);
  return s;
}

capacity_schedule capacity_schedule::daily(duration day, std::vector<breakpoint> pattern) {
  return repeating(day, std::move(pattern));
}

capacity_schedule capacity_schedule::weekly(duration day,
                                            const std::array<std::vector<breakpoint>, 7>& days,
                                            int first_weekday) {
  if (first_weekday < 0 || first_weekday > 6) {
    throw std::invalid_argument("capacity_schedule: weekday must be 0..6");
  }
  std::vector<breakpoint> week;
  for (int d = 0; d < 7; ++d) {
    const auto& day_pattern = days[static_cast<std::size_t>((first_weekday + d) % 7)];
    if (day_pattern.empty() || day_pattern.front().offset != duration::zero()) {
      throw std::invalid_argument("capacity_schedule: each day's first breakpoint must be at 0");
    }
    for (const breakpoint& b : day_pattern) {
      if (b.offset >= day)
        throw std::invalid_argument("capacity_schedule: breakpoint beyond a day");
      week.push_back({day * static_cast<double>(d) + b.offset, b.capacity});
    }
  }
  return repeating(day * 7.0, std::move(week));
}

void capacity_schedule::add_override(time_point from, time_point to, int capacity) {
  if (capacity < 0) throw std::invalid_argument("capacity_schedule: negative capacity");
  if (!(from < to)) throw std::invalid_argument("capacity_schedule: empty override interval");
  overrides_.push_back({from, to, capacity});
}

int capacity_schedule::pattern_at(time_point t) const {
  if (period_ == duration::zero()) return pattern_.front().capacity;
  const double p = period_.count();
  double offset = std::fmod(t.value(), p);
  if (offset < 0) offset += p;
  // Last breakpoint with offset <= t's offset.
  auto it = std::upper_bound(pattern_.begin(), pattern_.end(), offset,
                             [](double x, const breakpoint& b) { return x < b.offset.count(); });
  return std::prev(it)->capacity;
}

int capacity_schedule::at(time_point t) const {
  for (auto it = overrides_.rbegin(); it != overrides_.rend(); ++it) {
    if (it->from <= t && t < it->to) return it->capacity;
  }
  return pattern_at(t);
}

time_point capacity_schedule::next_change(time_point t) const {
  time_point next = time_point::never();
  if (period_ > duration::zero() && pattern_.size() > 1) {
    const double p = period_.count();
    const double cycle = std::floor(t.value() / p);
    const double offset = t.value() - cycle * p;
    auto it = std::upper_bound(pattern_.begin(), pattern_.end(), offset,
                               [](double x, const breakpoint& b) { return x < b.offset.count(); });
    const double candidate =
        (it == pattern_.end()) ? (cycle + 1) * p : cycle * p + it->offset.count();
    next = time_point{candidate};
  }
  for (const override_interval& o : overrides_) {
    if (o.from > t && o.from < next) next = o.from;
    if (o.to > t && o.to < next) next = o.to;
  }
  return next;
}

}  // namespace strikesim::sim
