#pragma once
/// Simulation time as strong types: an instant (`time_point`) and a span (`duration`).
///
/// The kernel is unit-free: one unit is whatever the model says (the hospital model uses minutes).
/// Keeping instants, spans and plain numbers apart means `now + headcount` does not compile.

#include <compare>
#include <limits>

namespace strikesim::sim {

/// A span of simulated time, in model units.
class duration {
 public:
  constexpr duration() = default;
  constexpr explicit duration(double units) : units_(units) {}
  [[nodiscard]] constexpr double count() const { return units_; }

  constexpr auto operator<=>(const duration&) const = default;
  // The comparisons themselves, not rewritten from <=>: on a double, <=> yields a
  // partial_ordering that g++ 12 does not fold back into one compare, and the hot loops
  // (queues, waits, schedules) compare times all the time (3% of a trust's run, callgrind).
  friend constexpr bool operator==(duration a, duration b) { return a.units_ == b.units_; }
  friend constexpr bool operator<(duration a, duration b) { return a.units_ < b.units_; }
  friend constexpr bool operator<=(duration a, duration b) { return a.units_ <= b.units_; }
  friend constexpr bool operator>(duration a, duration b) { return a.units_ > b.units_; }
  friend constexpr bool operator>=(duration a, duration b) { return a.units_ >= b.units_; }
  constexpr duration operator-() const { return duration{-units_}; }
  constexpr duration& operator+=(duration d) {
    units_ += d.units_;
    return *this;
  }
  constexpr duration& operator-=(duration d) {
    units_ -= d.units_;
    return *this;
  }
  friend constexpr duration operator+(duration a, duration b) {
    return duration{a.units_ + b.units_};
  }
  friend constexpr duration operator-(duration a, duration b) {
    return duration{a.units_ - b.units_};
  }
  friend constexpr duration operator*(duration a, double k) { return duration{a.units_ * k}; }
  friend constexpr duration operator*(double k, duration a) { return duration{a.units_ * k}; }
  friend constexpr duration operator/(duration a, double k) { return duration{a.units_ / k}; }
  friend constexpr double operator/(duration a, duration b) { return a.units_ / b.units_; }

  static constexpr duration zero() { return duration{0.0}; }
  static constexpr duration infinity() { return duration{std::numeric_limits<double>::infinity()}; }

 private:
  double units_ = 0.0;
};

/// An instant of simulated time, measured from the start of the run (t = 0).
class time_point {
 public:
  constexpr time_point() = default;
  constexpr explicit time_point(double units_since_start) : units_(units_since_start) {}
  [[nodiscard]] constexpr double value() const { return units_; }
  [[nodiscard]] constexpr duration since_start() const { return duration{units_}; }

  constexpr auto operator<=>(const time_point&) const = default;
  // As for duration: the comparisons themselves, not rewritten from <=>.
  friend constexpr bool operator==(time_point a, time_point b) { return a.units_ == b.units_; }
  friend constexpr bool operator<(time_point a, time_point b) { return a.units_ < b.units_; }
  friend constexpr bool operator<=(time_point a, time_point b) { return a.units_ <= b.units_; }
  friend constexpr bool operator>(time_point a, time_point b) { return a.units_ > b.units_; }
  friend constexpr bool operator>=(time_point a, time_point b) { return a.units_ >= b.units_; }
  constexpr time_point& operator+=(duration d) {
    units_ += d.count();
    return *this;
  }
  friend constexpr time_point operator+(time_point t, duration d) {
    return time_point{t.units_ + d.count()};
  }
  friend constexpr time_point operator+(duration d, time_point t) { return t + d; }
  friend constexpr time_point operator-(time_point t, duration d) {
    return time_point{t.units_ - d.count()};
  }
  friend constexpr duration operator-(time_point a, time_point b) {
    return duration{a.units_ - b.units_};
  }

  static constexpr time_point start() { return time_point{0.0}; }
  static constexpr time_point never() {
    return time_point{std::numeric_limits<double>::infinity()};
  }

 private:
  double units_ = 0.0;
};

}  // namespace strikesim::sim
