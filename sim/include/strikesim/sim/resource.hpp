#pragma once
/// A counted resource (doctors, beds, servers) shared by processes.
///
///     sim::resource& doctors = s.add_resource(3);
///     {
///       auto held = co_await doctors.request(/*priority=*/acuity);  // lower number = served first
///       co_await s.timeout(consultation);
///     }  // released here
///
/// Waiting requests are served by priority, then first come first served. A request made with
/// `preempt = true` may take the place of a user of lower priority (larger number); that user's
/// process is interrupted with a `sim::preempted` cause. Capacity may change over time, by hand
/// (set_capacity) or following a `capacity_schedule`; when it falls below the number of users, the
/// drop rule decides: `finish_job` lets them finish (no new start until there is room), `preempt`
/// interrupts the most recently started users of the lowest priority.

#include <cstdint>
#include <vector>

#include "strikesim/sim/schedule.hpp"
#include "strikesim/sim/simulation.hpp"

namespace strikesim::sim {

enum class on_capacity_drop : std::uint8_t { finish_job, preempt };

class resource;

/// Holds one unit of a resource; releases it when destroyed (or by release()). Move-only.
class usage {
 public:
  usage() = default;
  usage(usage&& o) noexcept
      : res_(std::exchange(o.res_, nullptr)), slot_(o.slot_), slot_gen_(o.slot_gen_) {}
  usage& operator=(usage&& o) noexcept {
    if (this != &o) {
      release();
      res_ = std::exchange(o.res_, nullptr);
      slot_ = o.slot_;
      slot_gen_ = o.slot_gen_;
    }
    return *this;
  }
  usage(const usage&) = delete;
  usage& operator=(const usage&) = delete;
  ~usage() { release(); }

  /// Gives the unit back (a no-op if already released or taken away by pre-emption).
  void release() noexcept;
  /// True while the unit is held (false after release or after being pre-empted).
  [[nodiscard]] bool held() const noexcept;
  /// When this usage began.
  [[nodiscard]] time_point since() const noexcept;

 private:
  friend class resource;
  friend class resource_request;
  usage(resource* r, std::int32_t slot, std::uint32_t gen) : res_(r), slot_(slot), slot_gen_(gen) {}
  resource* res_ = nullptr;
  std::int32_t slot_ = -1;
  std::uint32_t slot_gen_ = 0;
};

/// A request for one unit: `co_await` it for a `usage`, or use it inside any_of / all_of and then
/// take() the usage. Destroying a request that is still queued withdraws it; destroying one that
/// was granted but not taken gives the unit back.
class resource_request : public detail::awaiter_base {
 public:
  resource_request(resource& r, int priority, bool preempt)
      : res_(&r), priority_(priority), preempt_(preempt) {}
  resource_request(resource_request&& o) noexcept
      : res_(o.res_), priority_(o.priority_), preempt_(o.preempt_) {
    STRIKESIM_ASSERT(o.state_ == state::idle);
  }
  resource_request(const resource_request&) = delete;
  resource_request& operator=(const resource_request&) = delete;
  resource_request& operator=(resource_request&&) = delete;
  ~resource_request() { disarm(); }

  bool await_ready() { return ready(); }
  void await_suspend(std::coroutine_handle<process::promise_type> h) {
    rec_ = h.promise().rec;
    rec_->mode = detail::wait_mode::one;
    arm(rec_, rec_->wait_gen, 0);
  }
  usage await_resume() {
    if (woken_by_interrupt()) {
      disarm();
      throw_interrupt();
    }
    return take();
  }

  /// True once the unit has been granted (and not yet taken).
  [[nodiscard]] bool granted() const noexcept { return state_ == state::granted; }
  /// Moves the granted unit out of the request.
  usage take();

  // The waitable protocol, for any_of / all_of.
  bool ready();
  void arm(detail::process_record* rec, std::uint32_t gen, std::int32_t index);
  void disarm() noexcept;

 private:
  friend class resource;
  enum class state : std::uint8_t { idle, queued, granted, taken };
  bool ready_by_preemption();
  resource* res_;
  int priority_;
  bool preempt_;
  state state_ = state::idle;
  std::int32_t slot_ = -1;
  std::uint32_t slot_gen_ = 0;
  std::uint64_t seq_ = 0;
  detail::wait_link link_;
  resource_request* prev_ = nullptr;
  resource_request* next_ = nullptr;
};

class resource {
 public:
  resource(const resource&) = delete;
  resource& operator=(const resource&) = delete;

  /// A request for one unit at `priority` (lower is served first).
  [[nodiscard]] resource_request request(int priority = 0, bool preempt = false) {
    return resource_request{*this, priority, preempt};
  }

  [[nodiscard]] int capacity() const { return capacity_; }
  [[nodiscard]] int in_use() const { return in_use_; }
  [[nodiscard]] std::size_t queue_length() const { return queued_; }
  /// How many times the capacity has changed value.
  [[nodiscard]] std::uint64_t capacity_changes() const { return capacity_changes_; }
  [[nodiscard]] on_capacity_drop drop_rule() const { return drop_rule_; }
  void set_drop_rule(on_capacity_drop rule) { drop_rule_ = rule; }

  /// Changes capacity now; starts waiting requests if there is room, applies the drop rule if not.
  void set_capacity(int capacity);
  /// Makes capacity follow `schedule` from now on (a driver process applies each change).
  process_handle follow(capacity_schedule schedule, on_capacity_drop rule);

 private:
  friend class simulation;
  friend class usage;
  friend class resource_request;

  struct user_slot {
    detail::process_record* rec = nullptr;
    time_point since;
    std::uint64_t seq = 0;
    int priority = 0;
    std::uint32_t gen = 0;
    bool used = false;
  };

  resource(simulation& s, int capacity);

  std::int32_t occupy(detail::process_record* rec, int priority);
  void release_slot(std::int32_t slot, std::uint32_t gen) noexcept;
  void revoke(std::int32_t slot, interrupt_cause cause);
  std::int32_t preemption_victim(int below_priority) const;
  void enqueue(resource_request& r);
  void insert_by_priority(resource_request& r);
  void unlink(resource_request& r) noexcept;
  void serve_queue();
  void apply_capacity(int capacity);
  static process drive(resource& r, std::uint64_t generation);

  simulation* sim_;
  int capacity_;
  int in_use_ = 0;
  std::size_t queued_ = 0;
  std::uint64_t seq_ = 0;
  std::uint64_t capacity_changes_ = 0;
  on_capacity_drop drop_rule_ = on_capacity_drop::finish_job;
  std::vector<user_slot> slots_;
  std::vector<std::int32_t> free_slots_;
  resource_request* head_ = nullptr;
  resource_request* tail_ = nullptr;
  capacity_schedule schedule_;
  std::uint64_t follow_generation_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Inline definitions on the hot path: a request and a release happen for nearly every event of a
// queueing model, so they are inlined into the processes (pre-emption stays out of line).

inline void usage::release() noexcept {
  if (res_ != nullptr) std::exchange(res_, nullptr)->release_slot(slot_, slot_gen_);
}

inline bool resource_request::ready() {
  resource& r = *res_;
  STRIKESIM_ASSERT(state_ == state::idle);
  // Room now, and nobody ahead of us in the queue (priority, then first come first served).
  if (r.in_use_ < r.capacity_ && (r.head_ == nullptr || r.head_->priority_ > priority_)) {
    slot_ = r.occupy(r.sim_->current(), priority_);
    slot_gen_ = r.slots_[static_cast<std::size_t>(slot_)].gen;
    state_ = state::granted;
    return true;
  }
  return preempt_ && ready_by_preemption();
}

inline void resource_request::arm(detail::process_record* rec, std::uint32_t gen,
                                  std::int32_t index) {
  link_.rec = rec;
  link_.gen = gen;
  link_.index = index;
  state_ = state::queued;
  res_->enqueue(*this);
}

inline void resource_request::disarm() noexcept {
  switch (state_) {
    case state::queued:
      res_->unlink(*this);
      state_ = state::idle;
      break;
    case state::granted:
      res_->release_slot(slot_, slot_gen_);
      state_ = state::idle;
      break;
    default:
      break;
  }
}

inline usage resource_request::take() {
  STRIKESIM_ASSERT(state_ == state::granted);
  state_ = state::taken;
  return usage{res_, slot_, slot_gen_};
}

inline std::int32_t resource::occupy(detail::process_record* rec, int priority) {
  std::int32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<std::int32_t>(slots_.size());
    slots_.emplace_back();
  }
  user_slot& s = slots_[static_cast<std::size_t>(slot)];
  s.rec = rec;
  s.since = sim_->now();
  s.seq = seq_++;
  s.priority = priority;
  s.used = true;
  ++in_use_;
  return slot;
}

inline void resource::release_slot(std::int32_t slot, std::uint32_t gen) noexcept {
  user_slot& s = slots_[static_cast<std::size_t>(slot)];
  if (!s.used || s.gen != gen) return;  // already taken away by pre-emption
  s.used = false;
  ++s.gen;
  s.rec = nullptr;
  free_slots_.push_back(slot);
  --in_use_;
  if (head_ != nullptr) serve_queue();
}

inline void resource::enqueue(resource_request& r) {
  r.seq_ = seq_++;
  ++queued_;
  // Most requests join at the tail: the queue is empty or its last request is not less urgent.
  if (tail_ == nullptr || tail_->priority_ <= r.priority_) {
    r.prev_ = tail_;
    r.next_ = nullptr;
    if (tail_ != nullptr) {
      tail_->next_ = &r;
    } else {
      head_ = &r;
    }
    tail_ = &r;
    return;
  }
  insert_by_priority(r);
}

inline void resource::unlink(resource_request& r) noexcept {
  if (r.prev_ != nullptr) {
    r.prev_->next_ = r.next_;
  } else {
    head_ = r.next_;
  }
  if (r.next_ != nullptr) {
    r.next_->prev_ = r.prev_;
  } else {
    tail_ = r.prev_;
  }
  r.prev_ = r.next_ = nullptr;
  --queued_;
}

inline void resource::serve_queue() {
  while (head_ != nullptr && in_use_ < capacity_) {
    resource_request& r = *head_;
    unlink(r);
    r.slot_ = occupy(r.link_.rec, r.priority_);
    r.slot_gen_ = slots_[static_cast<std::size_t>(r.slot_)].gen;
    r.state_ = resource_request::state::granted;
    sim_->schedule(sim_->now(), priority::normal, r.link_.rec, r.link_.gen, r.link_.index);
  }
}

}  // namespace strikesim::sim
