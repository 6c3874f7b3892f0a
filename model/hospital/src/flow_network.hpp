#pragma once
// The planner's flow network (Boost.Graph): its shape, built once per cover problem, and the flow
// of one turnout on it. Private to the hospital library; planner.cpp is its one user.

#include <algorithm>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/push_relabel_max_flow.hpp>
#include <boost/property_map/property_map.hpp>
#include <boost/range/iterator_range.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <tuple>
#include <vector>

#include "strikesim/hospital/planner.hpp"

namespace strikesim::model {

namespace detail {

using index_t = std::uint32_t;
using csr_graph =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                       boost::no_property, index_t, index_t>;
using csr_edge = boost::graph_traits<csr_graph>::edge_descriptor;

/// A consultant on site filling a junior role: limited to the share willing to act down. (Those
/// called in from home come to fill the roles they are called for.)
inline bool acts_down(const staff_pool& p, const role_slot& r) {
  return p.level == grade::consultant && !p.on_call && r.min_grade != grade::consultant;
}

/// Of `present` consultants, those willing to act down at `share` (both networks' bound).
inline int willing_to_act_down(double share, int present) {
  return static_cast<int>(std::floor(share * static_cast<double>(present) + 1e-9));
}

}  // namespace detail

using detail::acts_down;
using detail::csr_edge;
using detail::csr_graph;
using detail::index_t;

/// The flow network of one shift and one turnout: source -> pools -> roles -> sink, a consultant
/// pool's acting-down arcs going through a node of its own whose capacity is the willing share.
/// Every role is in the network from the start; a closed role's arcs have no capacity.
///
/// The graph is a Boost.Graph compressed_sparse_row_graph (contiguous arcs, built in one go) with
/// capacities and residuals in plain vectors, so a network costs a handful of allocations rather
/// than one per arc. Roles are opened one group at a time (the emergency roles, then each session)
/// and filled on top of the flow already there:
///   1. directly, each role taking doctors not yet assigned, in order of preference: its own
///      specialty before cross-cover, the lowest grade that may fill it first, the Christmas Day
///      rota first for emergency roles, consultants acting down last, and doctors on call from
///      home only when nobody on site may fill it;
///   2. then by reassignment, along shortest augmenting paths found by a breadth-first search
///      backwards from the sink (so a role's preferred doctors are tried first here too).
/// A session that does not fill is closed again and the flow restored from a log. Augmenting never
/// lowers the flow into any role, so the emergency roles keep the maximum they reached first; and
/// since opening a session raises the maximum flow by at most its demand, "the session fills on
/// top" is exactly "the maximum grows by its demand": the planner keeps exactly the sessions that
/// solving every network from scratch keeps, for a few searches instead of a whole max-flow per
/// session (which was most of a run's time: issue 8). Boost's push-relabel solves from scratch in
/// max_fill, which the tests compare with this and with exhaustive search.
///
/// What does not change between turnouts: the graph, its arcs' full capacities, each role's arcs
/// and the direct assignments in order of preference. Every pool has its arcs; a pool with nobody
/// present (or no consultant willing to act down) has no capacity on them.
struct network_shape {
  static constexpr index_t source = 0;
  static constexpr index_t sink = 1;
  static constexpr index_t no_arc = std::numeric_limits<index_t>::max();

  /// A pool -> role arc (through the acting-down node for a consultant filling a junior role),
  /// with the arcs a direct assignment along it also uses.
  struct direct_arc {
    index_t arc, supply, down;  // pool (or down node) -> role; source -> pool; pool -> down node
    std::size_t pool, role;
  };

  index_t vertices = 0;
  csr_graph graph;
  std::vector<int> full_capacity;  // role arcs (pool arcs: from the supply)
  std::vector<index_t> reverse;
  std::vector<index_t> supply_arc, down_arc;  // per pool (down: no_arc unless a consultant)
  std::vector<std::size_t> role_first;        // role j's forward arcs: role_arcs[role_first[j]...)
  std::vector<index_t> role_arcs;             // to the sink first
  std::vector<direct_arc> direct;             // by role, then preference
  std::vector<std::size_t> direct_first;      // role j's: direct[direct_first[j]...)

  /// Lower is preferred: doctors on site before those called in from home; own specialty, then
  /// the Christmas Day rota (emergency roles only), then the lowest grade; consultants acting
  /// down last of the doctors on site.
  static std::tuple<bool, bool, bool, bool, int> preference(const staff_pool& p,
                                                            const role_slot& r) {
    return {p.on_call, acts_down(p, r), p.specialty != r.specialty, !p.christmas_day,
            static_cast<int>(p.level)};
  }

  explicit network_shape(const cover_problem& problem);

 private:
  /// A forward arc and its reverse, in the order they are added.
  struct arc {
    index_t from, to;
    int capacity;
  };
  /// Every arc: source -> pool (-> acting-down node), and each role's arcs contiguous: role ->
  /// sink, then its pools' arcs in order of preference. Fills supply_arc, down_arc, direct and
  /// direct_first (arc numbers in the order added); returns where each role's arcs start.
  std::vector<std::size_t> add_arcs(const cover_problem& problem, std::vector<arc>& arcs);
  /// The arcs sorted by tail into the compressed sparse row graph, and every arc number above
  /// renumbered to its sorted position.
  void lay_out(const std::vector<arc>& arcs, const std::vector<std::size_t>& role_arc_start);
};

namespace detail {

/// From `added`, pushes flow along augmenting paths until `limit` is reached or none is left:
/// `augment(n)` pushes along one shortest path up to `n` and returns what it pushed (0 when there
/// is no path). The second half of every network's fill, after its direct arcs.
template <class Augment>
long augment_up_to(long added, long limit, const Augment& augment) {
  while (added < limit) {
    const long n = augment(limit - added);
    if (n == 0) break;
    added += n;
  }
  return added;
}

/// The network of one shift at one turnout: a shape and the flow on it (see network_shape).
class flow_network {
  using direct_arc = network_shape::direct_arc;
  static constexpr index_t source = network_shape::source;
  static constexpr index_t sink = network_shape::sink;
  static constexpr index_t no_arc = network_shape::no_arc;

 public:
  /// A network of the emergency roles alone (the problem's emergency_network): open them and
  /// solve with no session, nothing else.
  struct emergency_roles_only_t {};
  static constexpr emergency_roles_only_t emergency_roles_only{};

  flow_network(const cover_problem& problem, const std::vector<int>& supply)
      : flow_network(problem, supply, problem.network, problem.act_down_share) {}
  /// With consultants willing to act down at `act_down_share`, not the problem's.
  flow_network(const cover_problem& problem, const std::vector<int>& supply,
               emergency_roles_only_t /*unused*/, double act_down_share)
      : flow_network(problem, supply,
                     problem.emergency_network ? problem.emergency_network : problem.network,
                     act_down_share) {}

 private:
  flow_network(const cover_problem& problem, const std::vector<int>& supply,
               const std::shared_ptr<const network_shape>& shape, double act_down_share)
      : problem_(problem),
        own_(shape ? nullptr : std::make_unique<network_shape>(problem)),
        shape_(shape ? *shape : *own_) {
    // The vectors of an earlier network on this thread, if any (a plan on the day makes one for
    // the emergency roles of every half-day shift).
    if (!spare_buffers().empty()) {
      buffers& b = spare_buffers().back();
      capacity_ = std::move(b.capacity);
      residual_ = std::move(b.residual);
      parent_ = std::move(b.parent);
      seen_ = std::move(b.seen);
      queue_ = std::move(b.queue);
      stamp_ = b.stamp;
      log_ = std::move(b.log);
      log_.clear();
      spare_buffers().pop_back();
    }
    capacity_.assign(shape_.full_capacity.size(), 0);
    for (std::size_t i = 0; i < problem.pools.size(); ++i) {
      const int present = std::max(supply[i], 0);
      capacity_[shape_.supply_arc[i]] = present;
      if (shape_.down_arc[i] != no_arc)
        capacity_[shape_.down_arc[i]] = willing_to_act_down(act_down_share, present);
    }
    residual_.assign(capacity_.begin(), capacity_.end());
    // The searches' marks stay from the last network (each search takes a new stamp); parents
    // and the queue are written before they are read.
    parent_.resize(shape_.vertices, csr_edge{});
    seen_.resize(shape_.vertices, 0);
    queue_.resize(shape_.vertices, 0);
  }

 public:
  flow_network(const flow_network&) = delete;
  flow_network& operator=(const flow_network&) = delete;
  ~flow_network() {
    if (spare_buffers().size() >= 4) return;
    spare_buffers().push_back({std::move(capacity_), std::move(residual_), std::move(parent_),
                               std::move(seen_), std::move(queue_), stamp_, std::move(log_)});
  }

  /// Opens the emergency roles and fills them as far as the staff allow; then the sessions marked
  /// in `active` (committed without a check), each as far as it can be filled on top.
  long solve(const std::vector<bool>& active) {
    for (std::size_t j = 0; j < problem_.emergency_roles; ++j)
      set_role(j, true);
    fill(0, problem_.emergency_roles, std::numeric_limits<long>::max());
    for (std::size_t k = 0; k < problem_.sessions.size(); ++k) {
      if (!active[k]) continue;
      const session_slot& s = problem_.sessions[k];
      set_session(k, true);
      fill(s.first_role, s.first_role + s.role_count, s.demand);
    }
    log_.clear();
    return flow_;
  }

  /// Boost's push-relabel maximum flow from zero, with the same roles open as now.
  long solve_from_scratch() {
    const auto index = boost::get(boost::edge_index, shape_.graph);
    std::vector<csr_edge> reverse(shape_.reverse.size());
    for (index_t v = 0; v < shape_.vertices; ++v)
      for (const csr_edge e : boost::make_iterator_range(boost::out_edges(v, shape_.graph)))
        reverse[shape_.reverse[e.idx]] = e;
    flow_ = boost::push_relabel_max_flow(
        shape_.graph, source, sink, boost::make_iterator_property_map(capacity_.begin(), index),
        boost::make_iterator_property_map(residual_.begin(), index),
        boost::make_iterator_property_map(reverse.begin(), index),
        boost::get(boost::vertex_index, shape_.graph));
    return flow_;
  }

  /// Opens the roles that the emergency roles and `active` sessions need, with no flow.
  void open(const std::vector<bool>& active) {
    for (std::size_t j = 0; j < problem_.emergency_roles; ++j)
      set_role(j, true);
    for (std::size_t k = 0; k < problem_.sessions.size(); ++k)
      if (active[k]) set_session(k, true);
  }

  /// Opens session `k`'s roles and fills them on top of the current flow; if they cannot all be
  /// filled, closes them again and restores the flow as it was. True if the session fits.
  bool try_add(std::size_t k) {
    const session_slot& s = problem_.sessions[k];
    set_session(k, true);
    log_.clear();
    const long before = flow_;
    if (fill(s.first_role, s.first_role + s.role_count, s.demand) == s.demand) return true;
    for (auto it = log_.rbegin(); it != log_.rend(); ++it) {
      residual_[it->first] += it->second;
      residual_[shape_.reverse[it->first]] -= it->second;
    }
    flow_ = before;
    set_session(k, false);
    return false;
  }

  /// The assignments of plan() alone, in the same order, when only the emergency roles are open
  /// (solve with no session): the direct arcs of the others, closed, carry nothing, so they are not
  /// read (they are most of the arcs; this is read for every plan on the day of a half-day shift).
  [[nodiscard]] std::vector<assignment> emergency_assignments() const {
    std::vector<assignment> out;
    const std::size_t end = shape_.direct_first[problem_.emergency_roles];
    for (std::size_t a = 0; a < end; ++a) {
      const direct_arc& d = shape_.direct[a];
      const int flow = capacity_[d.arc] - residual_[d.arc];
      if (flow > 0) out.push_back({d.pool, d.role, flow});
    }
    return out;
  }

  /// The plan the current flow gives, with the `active` sessions kept.
  cover_plan plan(const std::vector<int>& supply, const std::vector<bool>& active) const {
    cover_plan plan;
    plan.kept = active;
    plan.role_filled.assign(problem_.roles.size(), 0);
    plan.idle = supply;
    for (const direct_arc& d : shape_.direct) {
      const int flow = capacity_[d.arc] - residual_[d.arc];
      if (flow <= 0) continue;
      plan.assignments.push_back({d.pool, d.role, flow});
      plan.role_filled[d.role] += flow;
      plan.idle[d.pool] -= flow;
    }
    for (std::size_t j = 0; j < problem_.emergency_roles; ++j) {
      plan.emergency_filled += plan.role_filled[j];
      plan.emergency_unfilled += problem_.roles[j].count - plan.role_filled[j];
    }
    return plan;
  }

 private:
  /// Gives session `k`'s roles their capacity, or none (they must carry no flow).
  void set_session(std::size_t k, bool open) {
    const session_slot& s = problem_.sessions[k];
    for (std::size_t j = s.first_role; j < s.first_role + s.role_count; ++j)
      set_role(j, open);
  }
  /// Gives role `j`'s arcs their capacity, or none (the role must carry no flow).
  void set_role(std::size_t j, bool open) {
    for (std::size_t n = shape_.role_first[j]; n < shape_.role_first[j + 1]; ++n) {
      const index_t e = shape_.role_arcs[n];
      capacity_[e] = open ? shape_.full_capacity[e] : 0;
      residual_[e] = capacity_[e];
      residual_[shape_.reverse[e]] = 0;
    }
  }

  void push(index_t e, int amount) {
    residual_[e] -= amount;
    residual_[shape_.reverse[e]] += amount;
    log_.emplace_back(e, amount);
  }

  /// Fills the open roles in [role_begin, role_end) by up to `limit` more doctors: directly (roles
  /// in order, doctors in order of preference), then along augmenting paths. Returns what it added.
  long fill(std::size_t role_begin, std::size_t role_end, long limit) {
    long added = 0;
    for (std::size_t a = shape_.direct_first[role_begin]; a < shape_.direct_first[role_end]; ++a) {
      const direct_arc& d = shape_.direct[a];
      if (added >= limit) break;
      const index_t to_sink = shape_.role_arcs[shape_.role_first[d.role]];
      long n = std::min<long>(
          {residual_[to_sink], residual_[d.supply], residual_[d.arc], limit - added});
      if (d.down != no_arc) n = std::min<long>(n, residual_[d.down]);
      if (n <= 0) continue;
      const auto amount = static_cast<int>(n);
      push(d.supply, amount);
      if (d.down != no_arc) push(d.down, amount);
      push(d.arc, amount);
      push(to_sink, amount);
      added += n;
    }
    added = augment_up_to(added, limit, [this](long n) { return augment(n); });
    flow_ += added;
    return added;
  }

  /// One breadth-first search backwards from the sink for a shortest residual path from the
  /// source; pushes at most `limit` along it and returns what it pushed (0: no path).
  long augment(long limit) {
    if (++stamp_ == 0) {  // wrapped: the old marks could match again
      std::fill(seen_.begin(), seen_.end(), index_t{0});
      stamp_ = 1;
    }
    std::size_t head = 0, tail = 0;
    queue_[tail++] = sink;
    seen_[sink] = stamp_;
    while (head < tail && seen_[source] != stamp_) {
      const index_t v = queue_[head++];
      // Arcs u -> v with room are the partners of v's arcs v -> u.
      for (const csr_edge e : boost::make_iterator_range(boost::out_edges(v, shape_.graph))) {
        const index_t u = boost::target(e, shape_.graph);
        const index_t into = shape_.reverse[e.idx];
        if (residual_[into] <= 0 || seen_[u] == stamp_) continue;
        seen_[u] = stamp_;
        parent_[u] = csr_edge(v, into);  // the arc u -> v, recorded with its head
        queue_[tail++] = u;
      }
    }
    if (seen_[source] != stamp_) return 0;
    long n = limit;
    for (index_t u = source; u != sink; u = parent_[u].src)
      n = std::min<long>(n, residual_[parent_[u].idx]);
    for (index_t u = source; u != sink; u = parent_[u].src)
      push(parent_[u].idx, static_cast<int>(n));
    return n;
  }

  /// The vectors a network works in, kept for the thread's next network (a few at most).
  struct buffers {
    std::vector<int> capacity, residual;
    std::vector<csr_edge> parent;
    std::vector<index_t> seen, queue;
    index_t stamp = 0;  // every mark is at most this
    std::vector<std::pair<index_t, int>> log;
  };
  static std::vector<buffers>& spare_buffers() {
    thread_local std::vector<buffers> spare;
    return spare;
  }

  const cover_problem& problem_;
  std::unique_ptr<const network_shape> own_;  // when the problem has no prepared shape
  const network_shape& shape_;
  std::vector<int> capacity_, residual_;
  std::vector<csr_edge> parent_;  // on the search's path: the arc out of each node, with its head
  std::vector<index_t> seen_, queue_;
  std::vector<std::pair<index_t, int>> log_;
  index_t stamp_ = 0;
  long flow_ = 0;
};

/// Keeps the sessions of `order` (not already active) that fit on top of the flow, each tried by
/// `try_add(k)` (which leaves the flow as it was when `k` does not fit). A session of the same
/// class (cover_problem::session_class) as one that did not fit is not tried: it would come on
/// top of the same sessions or more, so it cannot fit either (exactly the same answer, and flow).
template <class TryAdd>
std::vector<bool> add_in_order(const cover_problem& problem, std::vector<bool> active,
                               const std::vector<std::size_t>& order, TryAdd&& try_add) {
  const std::vector<std::size_t>& classes = problem.session_class;
  std::vector<bool> failed(classes.empty() ? 0 : problem.sessions.size(), false);
  for (std::size_t k : order) {
    if (active[k] || (!classes.empty() && failed[classes[k]])) continue;
    active[k] = try_add(k);
    if (!active[k] && !classes.empty()) failed[classes[k]] = true;
  }
  return active;
}

}  // namespace detail

}  // namespace strikesim::model
