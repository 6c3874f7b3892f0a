#pragma once
// The cover planner on a shift with morning and afternoon sessions (half days). Private to the
// hospital library; planner.cpp is its one user.
//
// A doctor works either one role that spans the shift (an emergency role, an all-day list), or a
// morning role and an afternoon role (either may be missing). Doctors of a pool are
// interchangeable, so a plan is a count x(pool, role) with, for every pool p,
//   whole(p) + morning(p) <= present(p)   and   whole(p) + afternoon(p) <= present(p),
// and the same two bounds with the consultants willing to act down for the roles they fill by
// acting down. Those counts are exactly the plans of individual doctors: give the acting-down
// whole roles to willing doctors, the other whole roles to unwilling ones first, then the morning
// roles and, independently, the afternoon roles to the doctors free in that half (the willing
// ones to those acting down); every bound above holds at each step.
//
// Those counts are not a flow: a role that spans both halves must take the same pool's doctor in
// both. The network below (source -> pool's morning -> morning roles -> sink; source -> afternoon
// roles -> pool's afternoon -> sink; source -> pool's morning -> whole role -> pool's afternoon
// -> sink, one unit per role place) lets a whole role hand over at lunch to another pool, so its
// maximum flow is an upper bound of the places that can be filled, reached when no whole role
// hands over. Example: one surgeon and one physician, an emergency role either may fill, a
// morning clinic only the physician may run and an afternoon list only the surgeon may: the flow
// fills all three (the surgeon on the role in the morning, the physician after lunch), while
// only two can be. So when the flow hands over, cycles that keep its value first move the role's
// afternoon (or morning) back to one pool, each other whole role keeping one pool for both halves
// (repair: most handovers end there); if one is stuck, a branch and bound fixes x(pool, role) of a
// role that hands over to each of its possible values in turn (and that pool no longer fills that
// role in the network): every plan is in exactly one branch, a branch whose flow is below the
// target is cut, and one whose flow does not hand over is a plan. That is exact (exhaustive search
// agrees on random instances: tests/model/planner_test.cpp); it is fast when the flow rarely
// hands over, which filling each role first from its preferred pools on both halves makes rare.

#include <array>
#include <memory>
#include <optional>
#include <vector>

#include "strikesim/hospital/planner.hpp"

namespace strikesim::model {

/// The half-day network's arcs, built once per cover problem (cover_problem::prepare_network) or
/// for each plan: source -> each pool's morning node (its doctors present), each pool's afternoon
/// node -> sink (the same), a consultant pool's acting-down nodes beside them (the willing), and
/// per role its arcs; each forward arc is followed by its reverse.
struct half_day_shape {
  struct arc {
    int to;
    int capacity;
  };
  /// A pool's arcs into a role (morning: pool -> role; afternoon: role -> pool; whole: both).
  struct candidate {
    std::size_t pool;
    int in = -1, out = -1;  // arc numbers (-1: none on that side)
    bool down = false;      // a consultant acting down
  };

  explicit half_day_shape(const cover_problem& problem);

  /// An arc as its tail lists it: the arc and its head, side by side (the searches read both for
  /// every arc they look at, and a second array to look the head up in was a tenth of a run).
  struct out_arc {
    int arc;
    int to;
  };
  /// Per node v its arcs, out_arcs[out_first[v] .. out_first[v + 1]), in the order they were
  /// made (one contiguous array: the searches walk it for every path).
  std::vector<int> out_first;
  std::vector<out_arc> out_arcs;
  [[nodiscard]] std::size_t nodes() const { return out_first.size() - 1; }
  std::vector<arc> arcs;
  std::vector<int> full;    // capacities of open roles' arcs (pools' arcs: set from the supply)
  std::vector<int> closed;  // the same with every session's role closed: where a network starts
  std::vector<int> pool_morning, pool_afternoon;   // source -> pool, pool -> sink
  std::vector<int> down_morning, down_afternoon;   // -1 unless a consultant pool on site
  std::vector<int> role_arc;                       // role -> sink, source -> role, or in -> out
  std::vector<std::vector<candidate>> candidates;  // per role, in order of preference
  std::vector<int> arc_role;  // per arc: the whole role whose candidate arc it is, or -1
  /// Per role j its arcs (its own, then its candidates' in and out), role_arcs[role_first[j] ..
  /// role_first[j + 1]): what opening or closing it sets, in one contiguous run.
  std::vector<std::size_t> role_first;
  std::vector<int> role_arcs;
  /// Per session, the places its roles take in the morning and in the afternoon.
  std::vector<std::array<long, 2>> session_halves;
  /// Per pair of arcs (e / 2): 1 for a pool's morning arc, 2 for its afternoon arc, else 0.
  std::vector<unsigned char> pool_half;

 private:
  void add_arc(int from, int to, int capacity);
};

namespace detail {

/// The half-day network of one shift at one turnout, with its flow.
class half_day_network {
 public:
  /// With consultants willing to act down at `act_down_share` (the problem's if not given).
  half_day_network(const cover_problem& problem, const std::vector<int>& supply);
  half_day_network(const cover_problem& problem, const std::vector<int>& supply,
                   double act_down_share);
  half_day_network(const half_day_network&) = delete;
  half_day_network& operator=(const half_day_network&) = delete;
  ~half_day_network();

  /// Places filled now.
  [[nodiscard]] long filled() const { return flow_; }
  /// Gives the emergency roles (open from the start) the assignments of `plan` (a plan of those
  /// roles alone, as the whole-shift flow found it: it hands over nothing).
  void start(const std::vector<assignment>& emergency);
  /// Opens session `k` and fills it on top of the places filled now, reassigning doctors (exactly:
  /// see above); if it cannot be filled whole, everything is as it was. True if it fits.
  bool try_add(std::size_t k);
  /// The most places that can be filled with the emergency roles and the `active` sessions open.
  long best(const std::vector<bool>& active);
  /// Lets the flow take any augmenting path, not the shortest from the source: the sessions kept
  /// and the places filled are the same (each session is kept exactly when it fits), only who
  /// fills which role may differ. For plans of which only those are read (sessions_kept).
  void take_any_path() { any_path_ = true; }
  /// The plan the flow gives now, with the `active` sessions kept.
  [[nodiscard]] cover_plan plan(const std::vector<bool>& active) const;
  /// Of that plan, the sessions kept and the emergency places filled and left empty only.
  [[nodiscard]] cover_plan sessions_kept(const std::vector<bool>& active) const;

 private:
  using candidate = half_day_shape::candidate;
  /// A step of a paired path through a whole role: its candidate's arc in, the role's arc and the
  /// candidate's arc out (or the three reversed); arcs[0] < 0: not a step (a plain arc: arcs[0]).
  struct whole_step {
    std::array<int, 3> arcs{-1, -1, -1};
  };
  /// One fixed choice of the branch and bound: x(pool, role) = doctors.
  struct fixed {
    std::size_t pool, role, candidate;
    int doctors;
  };

  /// The vectors a network works in, kept for the thread's next network (a few at most).
  struct buffers {
    std::vector<int> capacity, residual;
    std::vector<unsigned char> open;       // per role (1: open; not vector<bool>: read per role)
    std::vector<std::pair<int, int>> log;  // pushes (arc, amount) since the log began
    std::vector<unsigned> seen;            // the breadth-first search's marks (== stamp: seen)
    unsigned stamp = 0;                    // every mark is at most this
    std::vector<int> parent, queue;
    std::vector<whole_step> path;
    std::vector<int> path_arcs;
    std::vector<std::size_t> roles;  // repair's whole roles
    std::vector<unsigned> dead;      // marks of the dead nodes (== dead_stamp: dead)
    unsigned dead_stamp = 0;
  };
  static std::vector<buffers>& spare_buffers();

  /// A mark no node has yet, for a new search.
  unsigned next_stamp();
  void set_role(std::size_t j, bool open);
  void push(int e, int amount);
  void clear_flow();
  /// Takes back the pushes of the log; the flow is then `flow`.
  void undo_log(long flow);
  /// One shortest path of such steps from node `from` to node `to`; pushes at most `limit` along it
  /// and returns what it pushed (0: no path).
  long paired_path(int from, int to, long limit);
  /// Takes the handovers out of the flow by cycles that keep its value; false if one is stuck.
  bool repair();
  /// Fills role j directly from its pools in order of preference, by up to `limit` places.
  long fill_direct(std::size_t j, long limit);
  /// Augmenting paths, by up to `limit` places.
  long augment(long limit);
  /// An augmenting path through the node of role j, a morning or an afternoon role, by up to
  /// `limit` places: searched from that node back to the source (morning) or on to the sink
  /// (afternoon), which walks the doctors who could move for it rather than every node the
  /// source reaches. 0 if none (a path may still go another way: augment is complete).
  long augment_through(std::size_t j, long limit);
  /// Whether the flow may grow with session `k`'s roles just opened: false only if no augmenting
  /// path exists (see dead_known_).
  bool may_grow(std::size_t k);
  /// Takes the nodes the last, failed search reached as the dead nodes.
  void mark_dead();
  /// Fills the open roles in [begin, end) by up to `limit` places.
  long fill(std::size_t begin, std::size_t end, long limit);
  [[nodiscard]] int flow_on(int e) const {
    return e < 0 ? 0 : work_.capacity[e] - work_.residual[e];
  }
  /// The first whole role and pool that hand over, if any.
  [[nodiscard]] std::optional<std::pair<std::size_t, std::size_t>> handover() const;
  /// Whether a whole role whose arcs the log pushed along hands over (the flow handed nothing
  /// over when the log began).
  [[nodiscard]] bool handover_since_log() const;
  /// Per open role and candidate: the doctors the flow gives it (whole roles: no handover).
  [[nodiscard]] std::vector<std::vector<int>> counts() const;
  /// The arcs a doctor of candidate `c` takes to role `j` and back: his pool's morning (and
  /// acting-down) arcs, the candidate's arc in, the role's, the arc out and the afternoon's.
  struct candidate_path {
    std::array<int, 7> arcs{};
    std::size_t length = 0;
  };
  [[nodiscard]] candidate_path path_of(std::size_t j, const candidate& c) const;
  /// Puts `n` doctors of candidate `k` on role `j` (on top of the flow).
  void place(std::size_t j, const candidate& k, int n);
  /// Loads counts (per role and candidate) as the flow.
  void load(const std::vector<std::vector<int>>& x);
  /// Branch and bound: counts with at least `target` places filled among the open roles, if any.
  std::optional<std::vector<std::vector<int>>> search(long target);
  bool branch(std::vector<fixed>& fixes, long target, std::vector<std::vector<int>>& found,
              long& nodes);

  const cover_problem& problem_;
  std::unique_ptr<const half_day_shape> own_;  // when the problem has no prepared shape
  const half_day_shape& shape_;
  // The shape's arcs, by the names the code uses.
  const std::vector<int>& out_first_;
  const std::vector<half_day_shape::out_arc>& out_arcs_;
  const std::vector<half_day_shape::arc>& arcs_;
  const std::vector<int>& full_;
  const std::vector<int>&pool_morning_, &pool_afternoon_, &down_morning_, &down_afternoon_;
  const std::vector<int>& role_arc_;
  const std::vector<std::vector<candidate>>& candidates_;
  const std::vector<int>& arc_role_;
  std::vector<int> supply_;
  buffers work_;  // the flow's capacities and residuals, the searches' marks, paths and queue
  long flow_ = 0;
  bool flowed_ = false;  // something was pushed since the network was made
  /// The doctors free in each half (residuals of the pools' morning and afternoon arcs, summed),
  /// when known: try_add's first test, kept up to date from its log rather than summed again.
  bool free_known_ = false;
  long free_morning_ = 0, free_afternoon_ = 0;
  /// The pushes of the log taken into free_morning_ and free_afternoon_.
  void count_free_from_log();
  /// Whether the dead nodes are known: a set with the source, without the sink, and with no room
  /// on any arc out of it in the flow as it stands, so that an augmenting path once some roles
  /// open must leave it by one of their arcs (try_add). The nodes a failed search reached when
  /// nothing had been pushed are such a set once the session is closed again, and stay one while
  /// sessions fail; a session kept changes the flow and forgets them.
  bool dead_known_ = false;
  bool any_path_ = false;         // take_any_path()
  bool filled_directly_ = false;  // the last fill() filled its limit by fill_direct alone
  bool searched_ = false;         // the last fill() searched from the source (reached_ is its)
  std::size_t reached_ = 0;       // nodes the last search reached (the first ones of the queue)
};

}  // namespace detail

}  // namespace strikesim::model
