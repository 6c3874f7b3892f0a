#include <cmath>
#include <limits>
#include <stdexcept>

#include "strikesim/sim/resource.hpp"

namespace strikesim::sim {

// --- usage ---

bool usage::held() const noexcept {
  if (res_ == nullptr) return false;
  const auto& s = res_->slots_[static_cast<std::size_t>(slot_)];
  return s.used && s.gen == slot_gen_;
}

time_point usage::since() const noexcept {
  return res_ == nullptr ? time_point{} : res_->slots_[static_cast<std::size_t>(slot_)].since;
}

// --- resource_request ---

bool resource_request::ready_by_preemption() {
  resource& r = *res_;
  // Pre-empt only when the resource is exactly full: above capacity (units still finishing after a
  // drop under the finish-the-job rule) taking one user's place would not make room.
  if (r.in_use_ != r.capacity_) return false;
  const std::int32_t victim = r.preemption_victim(priority_);
  if (victim < 0) return false;
  const auto& v = r.slots_[static_cast<std::size_t>(victim)];
  r.revoke(victim, preempted{&r, v.since, priority_});
  slot_ = r.occupy(r.sim_->current(), priority_);
  slot_gen_ = r.slots_[static_cast<std::size_t>(slot_)].gen;
  state_ = state::granted;
  return true;
}

// --- resource ---

resource::resource(simulation& s, int capacity) : sim_(&s), capacity_(capacity) {
  if (capacity < 0) throw std::invalid_argument("resource: negative capacity");
  slots_.reserve(static_cast<std::size_t>(capacity) + 1);
  free_slots_.reserve(static_cast<std::size_t>(capacity) + 1);
}

void resource::revoke(std::int32_t slot, interrupt_cause cause) {
  user_slot& s = slots_[static_cast<std::size_t>(slot)];
  detail::process_record* victim = s.rec;
  s.used = false;
  ++s.gen;
  s.rec = nullptr;
  free_slots_.push_back(slot);
  --in_use_;
  if (victim != nullptr && victim->state != detail::process_state::finished &&
      victim->state != detail::process_state::failed) {
    sim_->schedule_interrupt(victim, cause);
  }
}

std::int32_t resource::preemption_victim(int below_priority) const {
  // The user of the lowest priority (largest number), most recently started, strictly below.
  std::int32_t best = -1;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const user_slot& s = slots_[i];
    if (!s.used || s.priority <= below_priority) continue;
    if (best < 0) {
      best = static_cast<std::int32_t>(i);
      continue;
    }
    const user_slot& b = slots_[static_cast<std::size_t>(best)];
    if (s.priority > b.priority || (s.priority == b.priority && s.seq > b.seq)) {
      best = static_cast<std::int32_t>(i);
    }
  }
  return best;
}

void resource::insert_by_priority(resource_request& r) {
  // After the last request of equal or better priority: first come first served within a
  // priority. enqueue has counted it and given it its sequence number.
  resource_request* after = tail_;
  while (after != nullptr && after->priority_ > r.priority_)
    after = after->prev_;
  r.prev_ = after;
  r.next_ = (after != nullptr) ? after->next_ : head_;
  if (r.next_ != nullptr) {
    r.next_->prev_ = &r;
  } else {
    tail_ = &r;
  }
  if (after != nullptr) {
    after->next_ = &r;
  } else {
    head_ = &r;
  }
}

void resource::set_capacity(int capacity) {
  if (capacity < 0) throw std::invalid_argument("resource: negative capacity");
  if (capacity == capacity_) return;
  ++capacity_changes_;
  apply_capacity(capacity);
}

void resource::apply_capacity(int capacity) {
  capacity_ = capacity;
  if (drop_rule_ == on_capacity_drop::preempt) {
    while (in_use_ > capacity_) {
      const std::int32_t victim = preemption_victim(std::numeric_limits<int>::min());
      if (victim < 0) break;
      const auto& v = slots_[static_cast<std::size_t>(victim)];
      revoke(victim, capacity_reduced{this, v.since});
    }
  }
  serve_queue();
}

process resource::drive(resource& r, std::uint64_t generation) {
  simulation& s = *r.sim_;
  for (;;) {
    time_point next = r.schedule_.next_change(s.now());
    if (next == time_point::never()) co_return;
    if (!(next > s.now())) next = time_point{std::nextafter(s.now().value(), HUGE_VAL)};
    co_await s.timeout_until(next, priority::urgent);
    if (r.follow_generation_ != generation) co_return;  // replaced by a later follow()
    r.set_capacity(r.schedule_.at(s.now()));
  }
}

process_handle resource::follow(capacity_schedule schedule, on_capacity_drop rule) {
  schedule_ = std::move(schedule);
  drop_rule_ = rule;
  ++follow_generation_;
  // The first setting is where the schedule starts, not a change of shift: it is not counted.
  const int initial = schedule_.at(sim_->now());
  if (initial != capacity_) apply_capacity(initial);
  return sim_->start(drive(*this, follow_generation_));
}

}  // namespace strikesim::sim
