#pragma once
// Pooled storage for coroutine frames: a process frame is allocated once per size class and then
// recycled, so starting a process costs no trip to the general-purpose allocator in steady state.

#include <cstddef>
#include <new>

namespace strikesim::sim::detail {

inline constexpr std::size_t frame_granule = 64;
inline constexpr std::size_t frame_classes = 64;  // frames up to 4 KiB are pooled

struct frame_free_list {
  struct node {
    node* next;
  };
  node* heads[frame_classes] = {};

  frame_free_list() = default;
  frame_free_list(const frame_free_list&) = delete;
  frame_free_list& operator=(const frame_free_list&) = delete;
  ~frame_free_list() {
    for (node*& head : heads) {
      while (head != nullptr) {
        node* n = head;
        head = n->next;
        ::operator delete (n, std::align_val_t{frame_granule});
      }
    }
  }
};

/// One free list per thread: a simulation runs on one thread, so frames never cross threads.
inline frame_free_list& frame_pool() {
  thread_local frame_free_list pool;
  return pool;
}

inline void* frame_allocate(std::size_t size) {
  const std::size_t cls = (size + frame_granule - 1) / frame_granule;
  if (cls >= frame_classes) return ::operator new(size);
  frame_free_list& pool = frame_pool();
  if (auto* n = pool.heads[cls]) {
    pool.heads[cls] = n->next;
    return n;
  }
  return ::operator new (cls* frame_granule, std::align_val_t{frame_granule});
}

inline void frame_deallocate(void* p, std::size_t size) noexcept {
  const std::size_t cls = (size + frame_granule - 1) / frame_granule;
  if (cls >= frame_classes) {
    ::operator delete(p);
    return;
  }
  frame_free_list& pool = frame_pool();
  auto* n = static_cast<frame_free_list::node*>(p);
  n->next = pool.heads[cls];
  pool.heads[cls] = n;
}

}  // namespace strikesim::sim::detail
