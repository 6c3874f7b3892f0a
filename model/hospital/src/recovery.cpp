#include "recovery.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>

namespace strikesim::model::detail {

namespace {

enum work_kind : std::size_t { operations = 0, slots = 1 };

/// Patients cancelled on one day, still waiting.
struct waiting {
  int day;
  double count;
};

/// The waiting lists of one trust: operations and slots, each by clinical priority.
class backlog {
 public:
  backlog(const recovery_policy& policy, trust_outcome& out) : policy_(policy), out_(out) {}

  /// Today's spare places (whole patients; a fraction carries to the next day with work), by
  /// priority and then first cancelled.
  void rebook(std::size_t kind, int day, double capacity) {
    const double available = carry_[kind] + capacity;
    double places = std::floor(available + 1e-9);
    const double offered = places;
    for (auto& queue : queues_[kind]) {
      while (places > 0 && !queue.empty()) {
        waiting& front = queue.front();
        const double n = std::min(places, front.count);
        out_.patient_days_delay += n * (day - front.day);
        front.count -= n;
        places -= n;
        total_[kind] -= n;
        if (front.count <= 1e-9) queue.pop_front();
      }
    }
    carry_[kind] = places > 0 ? 0.0 : available - offered;  // unused places are lost
    settle(kind);
  }

  /// A cap on the delay: patients who reach it are rebooked over other work.
  void rebook_at_cap(std::size_t kind, int day) {
    if (policy_.max_delay_days <= 0) return;
    for (auto& queue : queues_[kind]) {
      while (!queue.empty() && day - queue.front().day >= policy_.max_delay_days) {
        out_.patient_days_delay += queue.front().count * (day - queue.front().day);
        out_.displaced += queue.front().count;
        total_[kind] -= queue.front().count;
        queue.pop_front();
      }
    }
    settle(kind);
  }

  void join(const cancellation& c) {
    const std::size_t kind = c.theatre ? operations : slots;
    queues_[kind][static_cast<std::size_t>(c.priority)].push_back({c.day, c.count});
    total_[kind] += c.count;
  }

  [[nodiscard]] double total(std::size_t kind) const { return total_[kind]; }
  [[nodiscard]] bool clear() const { return total_[operations] < 0.5 && total_[slots] < 0.5; }

  /// Patients still waiting at the end count their delay so far (censored).
  void censor(int end) {
    for (const auto& kind : queues_)
      for (const auto& queue : kind)
        for (const waiting& w : queue)
          out_.patient_days_delay += w.count * (end - w.day);
  }

 private:
  /// Empty lists hold nobody: counts scaled by a trust's drawn scale are fractions, whose sums
  /// and differences leave rounding residues (1e-13, either sign) that must not show as a backlog.
  void settle(std::size_t kind) {
    const auto& queues = queues_[kind];
    if (std::all_of(queues.begin(), queues.end(), [](const auto& q) { return q.empty(); }))
      total_[kind] = 0;
  }

  const recovery_policy& policy_;
  trust_outcome& out_;
  std::array<std::array<std::deque<waiting>, 3>, 2> queues_;  // [kind][priority]
  std::array<double, 2> carry_{0, 0}, total_{0, 0};
};

/// Spare places on one day: a share of what that weekday plans, plus extra weekend sessions.
std::array<double, 2> spare_capacity(const recovery_policy& rp, const prepared_trust& prepared,
                                     int weekday) {
  const bool weekend = weekday >= 5;
  const auto w = static_cast<std::size_t>(weekday);
  return {rp.spare_theatre_share * prepared.weekday_operations[w] +
              (weekend ? rp.extra_weekend_lists * rp.operations_per_extra_list : 0),
          rp.spare_clinic_share * prepared.weekday_slots[w] +
              (weekend ? rp.extra_weekend_clinics * rp.slots_per_extra_clinic : 0)};
}

}  // namespace

void rebook_backlog(const prepared_scenario& prep, const recovery_policy& rp,
                    const prepared_trust& prepared, std::vector<cancellation> cancelled,
                    trust_outcome& out, replication_outcome& all) {
  const auto days = static_cast<std::size_t>(prep.recovery_days);
  std::stable_sort(cancelled.begin(), cancelled.end(),
                   [](const cancellation& a, const cancellation& b) { return a.day < b.day; });
  backlog lists{rp, out};
  std::size_t next = 0;
  int clear_day = -1;  // the first day from the last action day on which the backlog is clear
  const int first = prep.first_report_day;
  if (prep.per_trust_backlog) {
    out.backlog_ops.assign(days, 0.0F);
    out.backlog_slots.assign(days, 0.0F);
  }
  for (std::size_t i = 0; i < days; ++i) {
    const int day = first + static_cast<int>(i);
    const std::array<double, 2> capacity =
        spare_capacity(rp, prepared, weekday_of_day(*prep.source, day));
    for (const std::size_t kind : {operations, slots}) {
      lists.rebook(kind, day, capacity[kind]);
      lists.rebook_at_cap(kind, day);
    }
    // Cancellations of the day join the lists after the day's rebooking.
    for (; next < cancelled.size() && cancelled[next].day <= day; ++next)
      lists.join(cancelled[next]);
    if (!lists.clear())
      clear_day = -1;
    else if (clear_day < 0 && day >= prep.last_action_day)
      clear_day = day;
    if (prep.per_trust_backlog) {
      out.backlog_ops[i] = static_cast<float>(lists.total(operations));
      out.backlog_slots[i] = static_cast<float>(lists.total(slots));
    }
    all.backlog_ops[i] += static_cast<float>(lists.total(operations));
    all.backlog_slots[i] += static_cast<float>(lists.total(slots));
  }
  lists.censor(first + static_cast<int>(days));
  out.backlog_days = clear_day < 0 ? -1.0 : clear_day - prep.last_action_day;
}

}  // namespace strikesim::model::detail
