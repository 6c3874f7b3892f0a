#pragma once
// Pooled storage for coroutine frames: a process frame is allocated once per size class and then
// recycled, so starting a process costs no trip to the general-purpose allocator in steady state.

#include <cstddef>
#include <new>

namespace strikesim::sim::detail {

inline constexpr std::size_t frame_granule = 64;
inline constexpr std::size_t frame_classes = 64;  // frames up to 4 KiB are pooled

/// One free list per thread: a simulation runs on one thread, so frames never cross threads. The
/// lists are trivially destructible and constant-initialised, so reaching them is one
/// thread-pointer-relative load (no guard, no wrapper call); the frames left on them are freed at
/// thread exit by a reaper that the first frame allocated on a thread registers.
struct frame_free_list {
  struct node {
    node* next;
  };
  node* heads[frame_classes];
};
inline constinit thread_local frame_free_list frame_lists{};

struct frame_reaper {
  frame_reaper() = default;
  frame_reaper(const frame_reaper&) = delete;
  frame_reaper& operator=(const frame_reaper&) = delete;
  ~frame_reaper() {
    for (frame_free_list::node*& head : frame_lists.heads) {
      while (head != nullptr) {
        frame_free_list::node* n = head;
        head = n->next;
        ::operator delete (n, std::align_val_t{frame_granule});
      }
    }
  }
};

/// Makes sure this thread's free lists are emptied when it ends (called when a frame is first
/// taken from the general-purpose allocator, so before any frame can be on a list).
inline void register_frame_reaper() {
  thread_local frame_reaper reaper;
  (void)reaper;
}

inline void* frame_allocate(std::size_t size) {
  const std::size_t cls = (size + frame_granule - 1) / frame_granule;
  if (cls >= frame_classes) return ::operator new(size);
  if (auto* n = frame_lists.heads[cls]) {
    frame_lists.heads[cls] = n->next;
    return n;
  }
  register_frame_reaper();
  return ::operator new (cls* frame_granule, std::align_val_t{frame_granule});
}

inline void frame_deallocate(void* p, std::size_t size) noexcept {
  const std::size_t cls = (size + frame_granule - 1) / frame_granule;
  if (cls >= frame_classes) {
    ::operator delete(p);
    return;
  }
  auto* n = static_cast<frame_free_list::node*>(p);
  n->next = frame_lists.heads[cls];
  frame_lists.heads[cls] = n;
}

}  // namespace strikesim::sim::detail
