#pragma once
/// The simulation: a clock, an event calendar and processes written as C++20 coroutines.
///
/// Usage, in the spirit of SimPy:
///
///     sim::process customer(sim::simulation& s, sim::resource& clerk, sim::duration work) {
///       auto held = co_await clerk.request();  // wait for the clerk (RAII: released at scope end)
///       co_await s.timeout(work);              // be served
///     }
///     sim::simulation s;
///     sim::resource& clerk = s.add_resource(1);
///     s.start(customer(s, clerk, sim::duration{5}));
///     s.run();
///
/// The calendar is keyed (time, priority, sequence): events at the same time run by priority and
/// then in the order they were scheduled, so a run is deterministic. An exception that escapes a
/// process stops the run and is rethrown by run() unless another process is waiting on it.

#include <algorithm>
#include <array>
#include <bit>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <memory>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "strikesim/sim/assert.hpp"
#include "strikesim/sim/detail/frame_pool.hpp"
#include "strikesim/sim/time.hpp"

namespace strikesim::sim {

class simulation;
class resource;
class process_handle;

/// Order of events scheduled for the same instant: lower runs first.
enum class priority : std::uint8_t { urgent = 0, normal = 1, late = 2 };

/// A user's reason for interrupting a process.
struct user_interrupt {
  std::int64_t code = 0;
};
/// A higher-priority request took the resource this process was using.
struct preempted {
  const resource* by_resource = nullptr;
  time_point usage_since;
  int by_priority = 0;
};
/// The resource's capacity fell below its users and the drop rule is pre-emption.
struct capacity_reduced {
  const resource* by_resource = nullptr;
  time_point usage_since;
};
/// The typed cause carried by an interrupt.
using interrupt_cause = std::variant<user_interrupt, preempted, capacity_reduced>;

/// Thrown inside a process at its current co_await when another process interrupts it.
class interrupted : public std::exception {
 public:
  explicit interrupted(interrupt_cause cause) : cause_(cause) {}
  [[nodiscard]] const interrupt_cause& cause() const noexcept { return cause_; }
  [[nodiscard]] const char* what() const noexcept override { return "process interrupted"; }

 private:
  interrupt_cause cause_;
};

namespace detail {

inline constexpr std::int32_t interrupt_index = -1;

struct process_record;

/// An intrusive link that puts a waiting process on a queue (joiners, resource requests).
struct wait_link {
  process_record* rec = nullptr;
  std::uint32_t gen = 0;
  std::int32_t index = 0;
  wait_link* prev = nullptr;
  wait_link* next = nullptr;
};

enum class wait_mode : std::uint8_t { one, any, all };
enum class process_state : std::uint8_t { waiting, running, finished, failed };

/// Book-keeping for one process, pooled by the simulation (never freed while it lives, so a stale
/// calendar entry can always be recognised by its generation).
struct process_record {
  std::coroutine_handle<> frame;
  simulation* sim = nullptr;
  std::uint32_t wait_gen = 0;     // bumped on every wake: older wake-ups are stale
  std::uint32_t incarnation = 0;  // bumped on every reuse of the record
  std::uint32_t refs = 0;         // handles + the frame itself
  process_state state = process_state::waiting;
  wait_mode mode = wait_mode::one;
  bool interrupt_pending = false;
  bool interrupt_fired = false;
  std::int32_t fired = 0;
  std::uint64_t all_pending = 0;
  interrupt_cause cause;
  std::exception_ptr error;
  wait_link* joiners = nullptr;  // singly threaded through wait_link::next/prev
  process_record* live_prev = nullptr;
  process_record* live_next = nullptr;
  process_record* free_next = nullptr;
};

/// One calendar entry: wake `rec` (if still at generation `gen`) reporting awaitable `index`.
struct calendar_entry {
  double time;
  std::uint64_t order;  // priority in the top byte, insertion sequence below
  process_record* rec;
  std::uint32_t gen;
  std::int32_t index;
};

inline bool entry_before(const calendar_entry& a, const calendar_entry& b) {
  return a.time < b.time || (a.time == b.time && a.order < b.order);
}

/// The event calendar. Entries for a later instant wait, while they are few, in a vector sorted
/// with the least last: a new one moves into place from the end (most are due soon, so it passes
/// few), the least is taken off the end, and no comparison's outcome jumps about as a heap's does.
/// Once `to_heap` wait, they become a binary min-heap with hole-based sifting (a sorted vector's
/// moves grow with its length), and a sorted vector again when fewer than `to_sorted` are left.
/// Beside them, one first-in-first-out queue per priority for entries scheduled at the current
/// instant (a started process, a granted request, a joiner woken, an interrupt). Those are most
/// entries in a queueing model, and a queue takes them in and out in constant time; since each
/// queue is already in (time, order) order, taking the least of the later entries' and the
/// queues' fronts gives exactly the order of one heap. Every key is unique, so each layout takes
/// the entries in the same order. `tools/bench` measured the alternatives (README, "Benchmarks").
class calendar {
 public:
  /// Later entries at which the sorted vector becomes a heap, and below which it is one no more.
  static constexpr std::size_t to_heap = 64;
  static constexpr std::size_t to_sorted = 24;

  [[nodiscard]] bool empty() const { return later_.empty() && mask_ == 0; }
  [[nodiscard]] std::size_t size() const {
    std::size_t n = later_.size();
    for (const fifo& q : instant_)
      n += q.items.size() - q.head;
    return n;
  }
  void reserve(std::size_t n) {
    later_.reserve(n);
    for (fifo& q : instant_)
      q.items.reserve(n / 8);
  }
  void clear() {
    later_.clear();
    heap_ = false;
    for (fifo& q : instant_)
      q.clear();
    mask_ = 0;
  }

  /// Adds `e`; `now` is the simulation's current time.
  void push(const calendar_entry& e, double now) {
    if (e.time == now) {
      const auto q = static_cast<unsigned>(e.order >> 56);
      instant_[q].items.push_back(e);
      mask_ |= 1U << q;
      return;
    }
    if (heap_ || later_.size() >= to_heap) {
      push_to_heap(e);
      return;
    }
    std::size_t i = later_.size();
    later_.push_back(e);
    while (i > 0 && entry_before(later_[i - 1], e)) {
      later_[i] = later_[i - 1];
      --i;
    }
    later_[i] = e;
  }

  /// Takes the first entry into `out`, if there is one (before time `limit`).
  bool pop(calendar_entry& out) { return take<false>(0, out); }
  bool pop_before(double limit, calendar_entry& out) { return take<true>(limit, out); }

 private:
  template <bool Bounded>
  bool take(double limit, calendar_entry& out) {
    const int q = least_queue();
    if (q >= 0) {
      fifo& f = instant_[static_cast<std::size_t>(q)];
      if (Bounded && !(f.items[f.head].time < limit)) return false;
      out = f.items[f.head];
      if (++f.head == f.items.size()) {
        f.clear();
        mask_ &= ~(1U << static_cast<unsigned>(q));
      }
      return true;
    }
    if (later_.empty() || (Bounded && !(least().time < limit))) return false;
    if (!heap_) {
      out = later_.back();
      later_.pop_back();
      return true;
    }
    pop_from_heap(out);
    return true;
  }

  // The heap's two paths, out of line: the sorted vector's stay small enough to inline.
  [[gnu::noinline]] void push_to_heap(const calendar_entry& e) {
    if (!heap_) make_heap();
    std::size_t i = later_.size();
    later_.push_back(e);
    while (i > 0) {
      const std::size_t parent = (i - 1) / 2;
      if (!entry_before(e, later_[parent])) break;
      later_[i] = later_[parent];
      i = parent;
    }
    later_[i] = e;
  }
  [[gnu::noinline]] void pop_from_heap(calendar_entry& out) {
    out = later_.front();
    const calendar_entry last = later_.back();
    later_.pop_back();
    const std::size_t n = later_.size();
    if (n == 0) return;
    std::size_t i = 0;
    for (;;) {
      std::size_t child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && entry_before(later_[child + 1], later_[child])) ++child;
      if (!entry_before(later_[child], last)) break;
      later_[i] = later_[child];
      i = child;
    }
    later_[i] = last;
    if (n < to_sorted) make_sorted();
  }

  /// The least later entry (later_ not empty).
  [[nodiscard]] const calendar_entry& least() const {
    return heap_ ? later_.front() : later_.back();
  }
  /// Sorted with the least last, reversed, is sorted with the least first: a heap.
  void make_heap() {
    std::reverse(later_.begin(), later_.end());
    heap_ = true;
  }
  void make_sorted() {
    std::sort(later_.begin(), later_.end(),
              [](const calendar_entry& a, const calendar_entry& b) { return entry_before(b, a); });
    heap_ = false;
  }

  struct fifo {
    std::vector<calendar_entry> items;
    std::size_t head = 0;
    void clear() {
      items.clear();
      head = 0;
    }
  };

  /// The queue whose front comes before every other entry, or -1 if the least later entry does
  /// (or everything is empty).
  [[nodiscard]] int least_queue() const {
    if (mask_ == 0) return -1;
    int best = -1;
    for (unsigned m = mask_; m != 0; m &= m - 1) {
      const int q = std::countr_zero(m);
      const fifo& f = instant_[static_cast<std::size_t>(q)];
      if (best < 0 || entry_before(f.items[f.head], front(best))) best = q;
    }
    if (!later_.empty() && entry_before(least(), front(best))) return -1;
    return best;
  }
  [[nodiscard]] const calendar_entry& front(int q) const {
    const fifo& f = instant_[static_cast<std::size_t>(q)];
    return f.items[f.head];
  }

  std::vector<calendar_entry> later_;  // entries for a later instant: sorted, or a heap
  bool heap_ = false;                  // later_ is a heap
  std::array<fifo, 3> instant_;        // by priority (urgent, normal, late)
  unsigned mask_ = 0;                  // bit q: instant_[q] is not empty
};

/// Common part of every awaiter: remembers the waiting process and turns an interrupt into an
/// exception at the co_await.
struct awaiter_base {
  process_record* rec_ = nullptr;
  [[nodiscard]] bool woken_by_interrupt() const { return rec_ != nullptr && rec_->interrupt_fired; }
  [[noreturn]] void throw_interrupt() const {
    rec_->interrupt_fired = false;
    throw interrupted(rec_->cause);
  }
};

template <class T>
concept waitable = requires(T t, process_record* rec, std::uint32_t gen, std::int32_t index) {
  { t.ready() } -> std::same_as<bool>;
  t.arm(rec, gen, index);
  t.disarm();
};

}  // namespace detail

/// The coroutine type of a simulation process. Create one by calling a coroutine function
/// (`sim::process f(...)`), then hand it to simulation::start.
class process {
 public:
  struct promise_type {
    detail::process_record* rec = nullptr;

    process get_return_object() {
      return process{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    /// At the end the process's record is settled (joiners woken, failure kept) and the frame
    /// is not suspended: the coroutine frees its own frame as it falls off the end, without the
    /// indirect call of a destroy().
    struct final_awaiter {
      promise_type* promise;
      bool await_ready() noexcept;
      void await_suspend(std::coroutine_handle<promise_type> /*unused*/) noexcept {}
      void await_resume() noexcept {}
    };
    final_awaiter final_suspend() noexcept { return {this}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { rec->error = std::current_exception(); }

    static void* operator new(std::size_t n) { return detail::frame_allocate(n); }
    static void operator delete(void* p, std::size_t n) noexcept { detail::frame_deallocate(p, n); }
  };

  process(process&& other) noexcept : h_(std::exchange(other.h_, {})) {}
  process& operator=(process&& other) noexcept {
    if (this != &other) {
      if (h_) h_.destroy();
      h_ = std::exchange(other.h_, {});
    }
    return *this;
  }
  process(const process&) = delete;
  process& operator=(const process&) = delete;
  ~process() {
    if (h_) h_.destroy();  // never started
  }

 private:
  friend class simulation;
  explicit process(std::coroutine_handle<promise_type> h) : h_(h) {}
  std::coroutine_handle<promise_type> h_;
};

/// Waits for `d` time units. Scheduled even for a zero duration (other events at `now` run first).
class timeout_awaitable : public detail::awaiter_base {
 public:
  timeout_awaitable(simulation& s, time_point at, priority p) : sim_(&s), at_(at), prio_(p) {}

  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<process::promise_type> h);
  void await_resume() const {
    if (woken_by_interrupt()) throw_interrupt();
  }

  // The waitable protocol, for any_of / all_of.
  [[nodiscard]] bool ready() const noexcept { return false; }
  void arm(detail::process_record* rec, std::uint32_t gen, std::int32_t index);
  void disarm() noexcept {}  // a stale calendar entry is skipped by its generation

 private:
  simulation* sim_;
  time_point at_;
  priority prio_;
};

/// A handle on a started process: wait for it (`co_await h`), interrupt it, ask whether it ended.
class process_handle {
 public:
  process_handle() = default;
  process_handle(const process_handle& o) : rec_(o.rec_) { acquire(); }
  process_handle(process_handle&& o) noexcept : rec_(std::exchange(o.rec_, nullptr)) {}
  process_handle& operator=(process_handle o) noexcept {
    std::swap(rec_, o.rec_);
    return *this;
  }
  ~process_handle() { release(); }

  [[nodiscard]] bool valid() const { return rec_ != nullptr; }
  [[nodiscard]] bool finished() const;
  [[nodiscard]] bool failed() const;
  /// Interrupts the process at its current (or next) wait; it sees `sim::interrupted`.
  void interrupt(interrupt_cause cause = user_interrupt{}) const;

  class join_awaitable : public detail::awaiter_base {
   public:
    explicit join_awaitable(detail::process_record* target) : target_(target) {}
    join_awaitable(join_awaitable&& o) noexcept : target_(o.target_) {
      STRIKESIM_ASSERT(o.link_.rec == nullptr);
    }
    join_awaitable(const join_awaitable&) = delete;
    join_awaitable& operator=(const join_awaitable&) = delete;
    join_awaitable& operator=(join_awaitable&&) = delete;
    ~join_awaitable() { disarm(); }

    bool await_ready() const noexcept { return ready(); }
    void await_suspend(std::coroutine_handle<process::promise_type> h) {
      rec_ = h.promise().rec;
      rec_->mode = detail::wait_mode::one;
      arm(rec_, rec_->wait_gen, 0);
    }
    void await_resume() {
      if (woken_by_interrupt()) {
        disarm();
        throw_interrupt();
      }
      result();
    }
    /// Rethrows the exception of a process that failed.
    void result() const;

    [[nodiscard]] bool ready() const noexcept;
    void arm(detail::process_record* rec, std::uint32_t gen, std::int32_t index);
    void disarm() noexcept;

   private:
    detail::process_record* target_;
    detail::wait_link link_;
  };

  join_awaitable operator co_await() const { return join_awaitable{rec_}; }

 private:
  friend class simulation;
  explicit process_handle(detail::process_record* rec) : rec_(rec) { acquire(); }
  struct adopt_t {};
  /// Takes over a reference already counted (simulation::start counts the handle it returns).
  process_handle(detail::process_record* rec, adopt_t /*unused*/) : rec_(rec) {}
  void acquire() const {
    if (rec_ != nullptr) ++rec_->refs;
  }
  void release() noexcept;
  detail::process_record* rec_ = nullptr;
};

/// The simulation: clock, calendar, processes and the resources they share.
class simulation {
 public:
  simulation();
  ~simulation();
  simulation(const simulation&) = delete;
  simulation& operator=(const simulation&) = delete;

  /// The current simulated time.
  [[nodiscard]] time_point now() const { return time_point{now_}; }

  /// Starts a process at the current time (after the events already scheduled for now).
  process_handle start(process p);
  /// Starts a process at instant `at` (now if `at` is earlier), as if a process had waited with
  /// timeout_until(at) and then started it, in one event instead of two: a source of arrivals
  /// that starts each arrival at its time rather than sleeping until then. The process is live
  /// (and freed with the simulation) from now on.
  process_handle start_at(time_point at, process p);

  /// co_await s.timeout(d): resume after `d`.
  [[nodiscard]] timeout_awaitable timeout(duration d, priority p = priority::normal) {
    return timeout_awaitable{*this, now() + d, p};
  }
  /// co_await s.timeout_until(t): resume at instant `t` (not before now).
  [[nodiscard]] timeout_awaitable timeout_until(time_point t, priority p = priority::normal) {
    return timeout_awaitable{*this, t < now() ? now() : t, p};
  }

  /// Creates a resource owned by the simulation, so it outlives every process that uses it.
  resource& add_resource(int capacity);

  /// Runs until the calendar is empty. Rethrows the first unhandled process failure.
  void run();
  /// Runs every event strictly before `end`, then sets the clock to `end`.
  void run_until(time_point end);
  /// Runs the next event. Returns false if the calendar is empty.
  bool step();
  /// Asks run() / run_until() to return after the event being run (they clear the request).
  void stop() { stop_requested_ = true; }

  /// Events delivered so far (stale wake-ups excluded): a measure of the kernel's work.
  [[nodiscard]] std::uint64_t delivered() const { return delivered_; }
  /// Events waiting in the calendar (stale ones included).
  [[nodiscard]] std::size_t pending() const { return calendar_.size(); }
  /// Processes started and not yet ended.
  [[nodiscard]] std::size_t live_processes() const { return live_count_; }
  /// The process being run, or nullptr outside a process.
  [[nodiscard]] detail::process_record* current() const { return current_; }

  // --- kernel internals used by awaitables and resources ---
  void schedule(time_point at, priority p, detail::process_record* rec, std::uint32_t gen,
                std::int32_t index) {
    if (shutting_down_) return;
    calendar_.push(
        detail::calendar_entry{at.value(),
                               (std::uint64_t{static_cast<std::uint8_t>(p)} << 56) | sequence_++,
                               rec, gen, index},
        now_);
  }
  void schedule_interrupt(detail::process_record* rec, interrupt_cause cause);
  void on_process_end(detail::process_record* rec);
  void release_record(detail::process_record* rec) noexcept;

 private:
  // Inlined into the run loops (simulation.cpp): they run once an event.
  process_handle start_at(time_point at, process p, priority first);
  [[gnu::always_inline]] inline void deliver(const detail::calendar_entry& e);
  [[gnu::always_inline]] inline void resume(detail::process_record* rec);
  detail::process_record* allocate_record();
  void add_record_chunk();
  // The rare parts of a process's end, out of line: it failed, or someone waits on it.
  void end_failed_or_joined(detail::process_record* rec);

  double now_ = 0.0;
  std::uint64_t sequence_ = 0;
  std::uint64_t delivered_ = 0;
  detail::calendar calendar_;
  detail::process_record* current_ = nullptr;
  detail::process_record* live_head_ = nullptr;
  std::size_t live_count_ = 0;
  detail::process_record* free_records_ = nullptr;
  std::vector<std::unique_ptr<detail::process_record[]>> record_chunks_;
  std::vector<std::unique_ptr<resource>> resources_;
  std::exception_ptr unhandled_;
  bool shutting_down_ = false;
  bool stop_requested_ = false;
};

// ---------------------------------------------------------------------------------------------
// any_of / all_of

namespace detail {
template <class T>
using stored_t = std::conditional_t<std::is_lvalue_reference_v<T>, T, std::remove_cvref_t<T>>;
}

/// co_await any_of(a, b, ...): resumes when the first of the awaitables fires; returns its index.
/// The others are cancelled (a granted resource request that lost the race is released).
template <class... A>
class any_of_awaitable : public detail::awaiter_base {
 public:
  explicit any_of_awaitable(A&&... a) : parts_(std::forward<A>(a)...) {}
  any_of_awaitable(const any_of_awaitable&) = delete;
  any_of_awaitable& operator=(const any_of_awaitable&) = delete;

  bool await_ready() { return ready_index<0>(); }
  void await_suspend(std::coroutine_handle<process::promise_type> h) {
    rec_ = h.promise().rec;
    rec_->mode = detail::wait_mode::any;
    const std::uint32_t gen = rec_->wait_gen;
    std::apply(
        [&](auto&... p) {
          std::int32_t i = 0;
          (p.arm(rec_, gen, i++), ...);
        },
        parts_);
  }
  std::size_t await_resume() {
    if (woken_by_interrupt()) {
      std::apply([](auto&... p) { (p.disarm(), ...); }, parts_);
      throw_interrupt();
    }
    if (rec_ != nullptr) {
      fired_ = static_cast<std::size_t>(rec_->fired);
      std::apply(
          [&](auto&... p) {
            std::size_t i = 0;
            ((i++ != fired_ ? p.disarm() : void()), ...);
          },
          parts_);
    }
    return fired_;
  }

 private:
  template <std::size_t I>
  bool ready_index() {
    if constexpr (I == sizeof...(A)) {
      return false;
    } else {
      if (std::get<I>(parts_).ready()) {
        fired_ = I;
        return true;
      }
      return ready_index<I + 1>();
    }
  }
  std::tuple<detail::stored_t<A>...> parts_;
  std::size_t fired_ = 0;
};

/// co_await all_of(a, b, ...): resumes when every awaitable has fired.
template <class... A>
class all_of_awaitable : public detail::awaiter_base {
  static_assert(sizeof...(A) <= 64, "all_of takes at most 64 awaitables");

 public:
  explicit all_of_awaitable(A&&... a) : parts_(std::forward<A>(a)...) {}
  all_of_awaitable(const all_of_awaitable&) = delete;
  all_of_awaitable& operator=(const all_of_awaitable&) = delete;

  bool await_ready() {
    std::apply(
        [&](auto&... p) {
          std::uint64_t bit = 1;
          auto check = [&](auto& part) {
            if (!part.ready()) missing_ |= bit;
            bit <<= 1;
          };
          (check(p), ...);
        },
        parts_);
    return missing_ == 0;
  }
  void await_suspend(std::coroutine_handle<process::promise_type> h) {
    rec_ = h.promise().rec;
    rec_->mode = detail::wait_mode::all;
    rec_->all_pending = missing_;
    const std::uint32_t gen = rec_->wait_gen;
    std::apply(
        [&](auto&... p) {
          std::int32_t i = 0;
          auto arm = [&](auto& part) {
            if (((missing_ >> i) & 1U) != 0) part.arm(rec_, gen, i);
            ++i;
          };
          (arm(p), ...);
        },
        parts_);
  }
  void await_resume() {
    if (woken_by_interrupt()) {
      std::apply([](auto&... p) { (p.disarm(), ...); }, parts_);
      throw_interrupt();
    }
  }

 private:
  std::tuple<detail::stored_t<A>...> parts_;
  std::uint64_t missing_ = 0;
};

template <class... A>
requires(detail::waitable<std::remove_cvref_t<A>>&&...)
    [[nodiscard]] any_of_awaitable<A...> any_of(A&&... a) {
  return any_of_awaitable<A...>{std::forward<A>(a)...};
}

template <class... A>
requires(detail::waitable<std::remove_cvref_t<A>>&&...)
    [[nodiscard]] all_of_awaitable<A...> all_of(A&&... a) {
  return all_of_awaitable<A...>{std::forward<A>(a)...};
}

// ---------------------------------------------------------------------------------------------
// Inline definitions on the hot path

inline void timeout_awaitable::arm(detail::process_record* rec, std::uint32_t gen,
                                   std::int32_t index) {
  sim_->schedule(at_, prio_, rec, gen, index);
}

inline void timeout_awaitable::await_suspend(std::coroutine_handle<process::promise_type> h) {
  rec_ = h.promise().rec;
  rec_->mode = detail::wait_mode::one;
  sim_->schedule(at_, prio_, rec_, rec_->wait_gen, 0);
}

inline bool process::promise_type::final_awaiter::await_ready() noexcept {
  detail::process_record* record = promise->rec;
  record->frame = {};  // the frame is freed once this returns; nothing may resume or destroy it
  record->sim->on_process_end(record);
  return true;
}

// start, and a process's end, run once per process: inline, with the rare paths out of line.

inline detail::process_record* simulation::allocate_record() {
  if (free_records_ == nullptr) add_record_chunk();
  detail::process_record* rec = free_records_;
  free_records_ = rec->free_next;
  rec->free_next = nullptr;
  return rec;
}

inline process_handle simulation::start(process p) {
  return start_at(now(), std::move(p), priority::urgent);
}

inline process_handle simulation::start_at(time_point at, process p) {
  return start_at(at < now() ? now() : at, std::move(p), priority::normal);
}

inline process_handle simulation::start_at(time_point at, process p, priority first) {
  STRIKESIM_ASSERT(p.h_);
  detail::process_record* rec = allocate_record();
  rec->frame = p.h_;
  rec->sim = this;
  rec->refs = 2;  // the frame's, until it ends, and the returned handle's
  rec->state = detail::process_state::waiting;
  rec->mode = detail::wait_mode::one;
  rec->interrupt_pending = false;
  rec->interrupt_fired = false;
  rec->error = nullptr;
  rec->joiners = nullptr;
  p.h_.promise().rec = rec;
  p.h_ = {};
  rec->live_prev = nullptr;
  rec->live_next = live_head_;
  if (live_head_ != nullptr) live_head_->live_prev = rec;
  live_head_ = rec;
  ++live_count_;
  schedule(at, first, rec, rec->wait_gen, 0);
  return process_handle{rec, process_handle::adopt_t{}};
}

inline void simulation::on_process_end(detail::process_record* rec) {
  if (rec->error || rec->joiners != nullptr) [[unlikely]] {
    end_failed_or_joined(rec);
  } else {
    rec->state = detail::process_state::finished;
    ++rec->wait_gen;  // nothing armed for this process may wake it now
  }
  if (rec->live_prev != nullptr) rec->live_prev->live_next = rec->live_next;
  if (rec->live_next != nullptr) rec->live_next->live_prev = rec->live_prev;
  if (live_head_ == rec) live_head_ = rec->live_next;
  rec->live_prev = rec->live_next = nullptr;
  --live_count_;
  release_record(rec);
}

inline void simulation::release_record(detail::process_record* rec) noexcept {
  STRIKESIM_ASSERT(rec->refs > 0);
  if (--rec->refs != 0) return;
  if (rec->frame) return;  // still running: the frame holds it
  ++rec->incarnation;
  ++rec->wait_gen;
  rec->error = nullptr;
  rec->interrupt_pending = false;
  rec->free_next = free_records_;
  free_records_ = rec;
}

inline void process_handle::release() noexcept {
  if (rec_ != nullptr) {
    rec_->sim->release_record(std::exchange(rec_, nullptr));
  }
}

}  // namespace strikesim::sim
