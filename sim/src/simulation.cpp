#include "strikesim/sim/simulation.hpp"

#include "strikesim/sim/resource.hpp"

namespace strikesim::sim {

namespace {
constexpr std::size_t record_chunk = 256;
}

simulation::simulation() {
  calendar_.reserve(1024);
}

simulation::~simulation() {
  // Destroy the frames of processes still waiting. Their locals (resource usages, requests) clean
  // up against resources that are still alive; nothing new is scheduled.
  shutting_down_ = true;
  while (live_head_ != nullptr) {
    detail::process_record* rec = live_head_;
    live_head_ = rec->live_next;
    if (live_head_ != nullptr) live_head_->live_prev = nullptr;
    rec->live_next = rec->live_prev = nullptr;
    --live_count_;
    if (rec->frame) {
      std::coroutine_handle<> frame = std::exchange(rec->frame, {});
      frame.destroy();
    }
  }
  calendar_.clear();
  resources_.clear();
}

void simulation::add_record_chunk() {
  auto chunk = std::make_unique<detail::process_record[]>(record_chunk);
  for (std::size_t i = record_chunk; i-- > 0;) {
    chunk[i].free_next = free_records_;
    free_records_ = &chunk[i];
  }
  record_chunks_.push_back(std::move(chunk));
}

resource& simulation::add_resource(int capacity) {
  resources_.push_back(std::unique_ptr<resource>(new resource(*this, capacity)));
  return *resources_.back();
}

void simulation::schedule_interrupt(detail::process_record* rec, interrupt_cause cause) {
  rec->interrupt_pending = true;
  rec->cause = cause;
  schedule(now(), priority::urgent, rec, rec->incarnation, detail::interrupt_index);
}

inline void simulation::resume(detail::process_record* rec) {
  rec->state = detail::process_state::running;
  detail::process_record* outer = std::exchange(current_, rec);
  rec->frame.resume();
  current_ = outer;
  if (rec->state == detail::process_state::running) rec->state = detail::process_state::waiting;
}

inline void simulation::deliver(const detail::calendar_entry& e) {
  detail::process_record* rec = e.rec;
  if (e.index == detail::interrupt_index) {
    if (rec->incarnation != e.gen || !rec->interrupt_pending ||
        rec->state != detail::process_state::waiting) {
      return;
    }
    rec->interrupt_pending = false;
    rec->interrupt_fired = true;
    ++rec->wait_gen;
    ++delivered_;
    resume(rec);
    return;
  }
  if (e.gen != rec->wait_gen) return;  // stale: the process was woken by something else
  ++delivered_;
  if (rec->mode == detail::wait_mode::all) {
    rec->all_pending &= ~(std::uint64_t{1} << static_cast<unsigned>(e.index));
    if (rec->all_pending != 0) return;
  }
  rec->fired = e.index;
  ++rec->wait_gen;
  resume(rec);
}

bool simulation::step() {
  detail::calendar_entry e{};
  if (!calendar_.pop(e)) return false;
  now_ = e.time;
  deliver(e);
  if (unhandled_) std::rethrow_exception(std::exchange(unhandled_, nullptr));
  return true;
}

void simulation::run() {
  stop_requested_ = false;
  detail::calendar_entry e{};
  while (!stop_requested_ && calendar_.pop(e)) {
    now_ = e.time;
    deliver(e);
    if (unhandled_) std::rethrow_exception(std::exchange(unhandled_, nullptr));
  }
}

void simulation::run_until(time_point end) {
  const double limit = end.value();
  stop_requested_ = false;
  detail::calendar_entry e{};
  while (!stop_requested_ && calendar_.pop_before(limit, e)) {
    now_ = e.time;
    deliver(e);
    if (unhandled_) std::rethrow_exception(std::exchange(unhandled_, nullptr));
  }
  if (!stop_requested_ && limit > now_) now_ = limit;
  stop_requested_ = false;
}

void simulation::end_failed_or_joined(detail::process_record* rec) {
  const bool failed = static_cast<bool>(rec->error);
  rec->state = failed ? detail::process_state::failed : detail::process_state::finished;
  ++rec->wait_gen;  // nothing armed for this process may wake it now
  bool joined = false;
  for (detail::wait_link* l = std::exchange(rec->joiners, nullptr); l != nullptr;) {
    detail::wait_link* next = l->next;
    schedule(now(), priority::normal, l->rec, l->gen, l->index);
    l->rec = nullptr;
    l->prev = l->next = nullptr;
    l = next;
    joined = true;
  }
  if (failed && !joined && !unhandled_) unhandled_ = rec->error;
}

// --- process_handle ---

bool process_handle::finished() const {
  return rec_ != nullptr && (rec_->state == detail::process_state::finished ||
                             rec_->state == detail::process_state::failed);
}

bool process_handle::failed() const {
  return rec_ != nullptr && rec_->state == detail::process_state::failed;
}

void process_handle::interrupt(interrupt_cause cause) const {
  if (rec_ == nullptr) throw std::logic_error("sim: interrupt of an empty process handle");
  if (finished()) throw std::logic_error("sim: interrupt of a process that has ended");
  if (rec_->sim->current() == rec_)
    throw std::logic_error("sim: a process cannot interrupt itself");
  rec_->sim->schedule_interrupt(rec_, cause);
}

bool process_handle::join_awaitable::ready() const noexcept {
  return target_->state == detail::process_state::finished ||
         target_->state == detail::process_state::failed;
}

void process_handle::join_awaitable::arm(detail::process_record* rec, std::uint32_t gen,
                                         std::int32_t index) {
  link_.rec = rec;
  link_.gen = gen;
  link_.index = index;
  link_.prev = nullptr;
  link_.next = target_->joiners;
  if (target_->joiners != nullptr) target_->joiners->prev = &link_;
  target_->joiners = &link_;
}

void process_handle::join_awaitable::disarm() noexcept {
  if (link_.rec == nullptr) return;
  if (link_.prev != nullptr) link_.prev->next = link_.next;
  if (link_.next != nullptr) link_.next->prev = link_.prev;
  if (target_->joiners == &link_) target_->joiners = link_.next;
  link_ = {};
}

void process_handle::join_awaitable::result() const {
  if (target_->state == detail::process_state::failed) std::rethrow_exception(target_->error);
}

}  // namespace strikesim::sim
