#include "half_day.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "flow_network.hpp"

namespace strikesim::model {

namespace detail {

namespace {

constexpr int source = 0;
constexpr int sink = 1;

}  // namespace

}  // namespace detail

half_day_shape::half_day_shape(const cover_problem& problem) {
  const std::size_t pools = problem.pools.size();
  const std::size_t roles = problem.roles.size();
  // Nodes: source, sink; per pool its morning, afternoon and (consultants) acting-down nodes;
  // per role one node, two for a whole role (in -> out carries its places).
  const auto morning = [](std::size_t i) { return static_cast<int>(2 + 4 * i); };
  const auto afternoon = [](std::size_t i) { return static_cast<int>(3 + 4 * i); };
  const auto down_morning_node = [](std::size_t i) { return static_cast<int>(4 + 4 * i); };
  const auto down_afternoon_node = [](std::size_t i) { return static_cast<int>(5 + 4 * i); };
  const auto role_in = [&](std::size_t j) { return static_cast<int>(2 + 4 * pools + 2 * j); };
  const auto role_out = [&](std::size_t j) { return static_cast<int>(3 + 4 * pools + 2 * j); };
  const std::size_t nodes = 2 + 4 * pools + 2 * roles;
  pool_morning.assign(pools, -1);
  pool_afternoon.assign(pools, -1);
  down_morning.assign(pools, -1);
  down_afternoon.assign(pools, -1);
  for (std::size_t i = 0; i < pools; ++i) {
    pool_morning[i] = static_cast<int>(arcs.size());
    add_arc(detail::source, morning(i), 0);
    pool_afternoon[i] = static_cast<int>(arcs.size());
    add_arc(afternoon(i), detail::sink, 0);
    if (problem.pools[i].level == grade::consultant && !problem.pools[i].on_call) {
      down_morning[i] = static_cast<int>(arcs.size());
      add_arc(morning(i), down_morning_node(i), 0);
      down_afternoon[i] = static_cast<int>(arcs.size());
      add_arc(down_afternoon_node(i), afternoon(i), 0);
    }
  }
  role_arc.assign(roles, -1);
  candidates.resize(roles);
  for (std::size_t j = 0; j < roles; ++j) {
    const role_slot& r = problem.roles[j];
    const int count = r.count;
    role_arc[j] = static_cast<int>(arcs.size());
    if (r.part == day_part::morning)
      add_arc(role_in(j), detail::sink, count);
    else if (r.part == day_part::afternoon)
      add_arc(detail::source, role_in(j), count);
    else
      add_arc(role_in(j), role_out(j), count);
    std::vector<std::size_t> eligible;
    for (std::size_t i : r.eligible) {
      const staff_pool& pool = problem.pools[i];
      // The Christmas Day rota and the doctors called in from home do emergency work only.
      if ((!pool.christmas_day && !pool.on_call) || r.emergency) eligible.push_back(i);
    }
    std::stable_sort(eligible.begin(), eligible.end(), [&](std::size_t a, std::size_t b) {
      return network_shape::preference(problem.pools[a], r) <
             network_shape::preference(problem.pools[b], r);
    });
    for (std::size_t i : eligible) {
      candidate c{i, -1, -1, acts_down(problem.pools[i], r)};
      if (r.part != day_part::afternoon) {
        c.in = static_cast<int>(arcs.size());
        add_arc(c.down ? down_morning_node(i) : morning(i), role_in(j), count);
      }
      if (r.part != day_part::morning) {
        c.out = static_cast<int>(arcs.size());
        add_arc(r.part == day_part::whole ? role_out(j) : role_in(j),
                c.down ? down_afternoon_node(i) : afternoon(i), count);
      }
      candidates[j].push_back(c);
    }
  }
  pool_half.assign(arcs.size() / 2, 0);
  for (std::size_t i = 0; i < pools; ++i) {
    pool_half[static_cast<std::size_t>(pool_morning[i]) / 2] = 1;
    pool_half[static_cast<std::size_t>(pool_afternoon[i]) / 2] = 2;
  }
  arc_role.assign(arcs.size(), -1);
  for (std::size_t j = 0; j < roles; ++j) {
    if (problem.roles[j].part != day_part::whole) continue;
    for (const candidate& c : candidates[j]) {
      arc_role[static_cast<std::size_t>(c.in)] = static_cast<int>(j);
      arc_role[static_cast<std::size_t>(c.out)] = static_cast<int>(j);
    }
  }
  role_first.assign(roles + 1, 0);
  for (std::size_t j = 0; j < roles; ++j) {
    role_first[j] = role_arcs.size();
    role_arcs.push_back(role_arc[j]);
    for (const candidate& c : candidates[j]) {
      if (c.in >= 0) role_arcs.push_back(c.in);
      if (c.out >= 0) role_arcs.push_back(c.out);
    }
  }
  role_first[roles] = role_arcs.size();
  for (const session_slot& s : problem.sessions) {
    std::array<long, 2> halves{0, 0};
    for (std::size_t j = s.first_role; j < s.first_role + s.role_count; ++j) {
      const day_part part = problem.roles[j].part;
      if (part != day_part::afternoon) halves[0] += problem.roles[j].count;
      if (part != day_part::morning) halves[1] += problem.roles[j].count;
    }
    session_halves.push_back(halves);
  }
  // Each node's arcs in the order they were made: the tail of arc e is the head of its pair e ^ 1.
  const auto tail = [&](std::size_t e) { return static_cast<std::size_t>(arcs[e ^ 1U].to); };
  out_first.assign(nodes + 1, 0);
  for (std::size_t e = 0; e < arcs.size(); ++e)
    ++out_first[tail(e) + 1];
  for (std::size_t v = 0; v < nodes; ++v)
    out_first[v + 1] += out_first[v];
  out_arcs.resize(arcs.size());
  std::vector<int> next(out_first.begin(), out_first.end() - 1);
  for (std::size_t e = 0; e < arcs.size(); ++e)
    out_arcs[static_cast<std::size_t>(next[tail(e)]++)] = {static_cast<int>(e), arcs[e].to};
  closed = full;
  // Every role but the emergency ones closed: where a network starts (every plan opens those).
  for (std::size_t n = role_first[problem.emergency_roles]; n < role_arcs.size(); ++n)
    closed[static_cast<std::size_t>(role_arcs[n])] = 0;
}

void half_day_shape::add_arc(int from, int to, int capacity) {
  arcs.push_back({to, capacity});
  full.push_back(capacity);
  arcs.push_back({from, 0});
  full.push_back(0);
}

namespace detail {

half_day_network::half_day_network(const cover_problem& problem, const std::vector<int>& supply)
    : half_day_network(problem, supply, problem.act_down_share) {}

half_day_network::half_day_network(const cover_problem& problem, const std::vector<int>& supply,
                                   double act_down_share)
    : problem_(problem),
      own_(problem.half_day ? nullptr : std::make_unique<half_day_shape>(problem)),
      shape_(problem.half_day ? *problem.half_day : *own_),
      out_first_(shape_.out_first),
      out_arcs_(shape_.out_arcs),
      arcs_(shape_.arcs),
      full_(shape_.full),
      pool_morning_(shape_.pool_morning),
      pool_afternoon_(shape_.pool_afternoon),
      down_morning_(shape_.down_morning),
      down_afternoon_(shape_.down_afternoon),
      role_arc_(shape_.role_arc),
      candidates_(shape_.candidates),
      arc_role_(shape_.arc_role),
      supply_(supply) {
  // The vectors of an earlier network on this thread, if any: a plan on the day builds one per
  // shift, and their allocations were a fifth of a replication's time.
  if (!spare_buffers().empty()) {
    work_ = std::move(spare_buffers().back());
    spare_buffers().pop_back();
  }
  work_.log.clear();
  // The searches' marks stay from the last network (each search takes a new stamp); parents and
  // the queue are written before they are read.
  const std::size_t nodes = shape_.nodes();
  work_.seen.resize(nodes, 0);
  work_.parent.resize(nodes, -1);
  work_.queue.resize(nodes, 0);
  work_.dead.resize(nodes, 0);
  // Every session's role closed (set_role(j, false) for each: its arcs at 0, in both directions),
  // the emergency roles open (set_role(j, true)).
  work_.capacity.assign(shape_.closed.begin(), shape_.closed.end());
  for (std::size_t i = 0; i < problem.pools.size(); ++i) {
    const int present = std::max(supply[i], 0);
    work_.capacity[static_cast<std::size_t>(pool_morning_[i])] = present;
    work_.capacity[static_cast<std::size_t>(pool_afternoon_[i])] = present;
    if (down_morning_[i] < 0) continue;
    const int willing = willing_to_act_down(act_down_share, present);
    work_.capacity[static_cast<std::size_t>(down_morning_[i])] = willing;
    work_.capacity[static_cast<std::size_t>(down_afternoon_[i])] = willing;
  }
  work_.residual.assign(work_.capacity.begin(), work_.capacity.end());
  work_.open.assign(problem.roles.size(), 0);
  std::fill_n(work_.open.begin(), problem.emergency_roles, 1);
}

half_day_network::~half_day_network() {
  if (spare_buffers().size() >= 4) return;
  spare_buffers().push_back(std::move(work_));
}

std::vector<half_day_network::buffers>& half_day_network::spare_buffers() {
  thread_local std::vector<buffers> spare;
  return spare;
}

unsigned half_day_network::next_stamp() {
  if (++work_.stamp == 0) {  // wrapped: the old marks could match again
    std::fill(work_.seen.begin(), work_.seen.end(), 0U);
    work_.stamp = 1;
  }
  return work_.stamp;
}

void half_day_network::set_role(std::size_t j, bool open) {
  work_.open[j] = open ? 1 : 0;
  int* const capacity = work_.capacity.data();
  int* const residual = work_.residual.data();
  for (std::size_t n = shape_.role_first[j]; n < shape_.role_first[j + 1]; ++n) {
    const auto u = static_cast<std::size_t>(shape_.role_arcs[n]);
    capacity[u] = open ? full_[u] : 0;
    residual[u] = capacity[u];
    residual[u ^ 1U] = 0;
  }
}

void half_day_network::push(int e, int amount) {
  flowed_ = true;
  const auto u = static_cast<std::size_t>(e);
  work_.residual[u] -= amount;
  work_.residual[u ^ 1U] += amount;
  work_.log.emplace_back(e, amount);
}

void half_day_network::clear_flow() {
  free_known_ = false;
  dead_known_ = false;
  for (std::size_t e = 0; e < work_.residual.size(); e += 2) {
    work_.residual[e] = work_.capacity[e];
    work_.residual[e + 1] = 0;
  }
  flow_ = 0;
  work_.log.clear();
}

half_day_network::candidate_path half_day_network::path_of(std::size_t j,
                                                           const candidate& c) const {
  const std::size_t i = c.pool;
  candidate_path path;
  if (c.in >= 0) {
    path.arcs[path.length++] = pool_morning_[i];
    if (c.down) path.arcs[path.length++] = down_morning_[i];
    path.arcs[path.length++] = c.in;
  }
  path.arcs[path.length++] = role_arc_[j];
  if (c.out >= 0) {
    path.arcs[path.length++] = c.out;
    if (c.down) path.arcs[path.length++] = down_afternoon_[i];
    path.arcs[path.length++] = pool_afternoon_[i];
  }
  return path;
}

long half_day_network::fill_direct(std::size_t j, long limit) {
  long added = 0;
  const auto room = [&](int e) {
    return static_cast<long>(work_.residual[static_cast<std::size_t>(e)]);
  };
  for (const candidate& c : candidates_[j]) {
    if (added >= limit) break;
    // The room on path_of's arcs, read straight from the candidate (most candidates have none, and
    // the path is made only to push along it); every path takes the role's arc, so once that is
    // full no candidate can add.
    long n = std::min(limit - added, room(role_arc_[j]));
    if (n <= 0) break;
    const std::size_t i = c.pool;
    if (c.in >= 0) {
      n = std::min({n, room(pool_morning_[i]), room(c.in)});
      if (c.down) n = std::min(n, room(down_morning_[i]));
    }
    if (c.out >= 0) {
      n = std::min({n, room(pool_afternoon_[i]), room(c.out)});
      if (c.down) n = std::min(n, room(down_afternoon_[i]));
    }
    if (n <= 0) continue;
    const candidate_path path = path_of(j, c);
    for (std::size_t a = 0; a < path.length; ++a)
      push(path.arcs[a], static_cast<int>(n));
    added += n;
  }
  return added;
}

long half_day_network::augment(long limit) {
  const unsigned stamp = next_stamp();
  // The search reads through plain pointers: through the vectors, each store of a mark made the
  // compiler load their data pointers again for the next arc.
  const int* const first = out_first_.data();
  const half_day_shape::out_arc* const out = out_arcs_.data();
  const int* const residual = work_.residual.data();
  unsigned* const seen = work_.seen.data();
  int* const parent = work_.parent.data();
  int* const queue = work_.queue.data();
  std::size_t tail = 0;
  queue[tail++] = source;
  seen[source] = stamp;
  for (std::size_t head = 0; head < tail && seen[sink] != stamp; ++head) {
    const auto v = static_cast<std::size_t>(queue[head]);
    const half_day_shape::out_arc* const end = out + first[v + 1];
    for (const half_day_shape::out_arc* a = out + first[v]; a != end; ++a) {
      const auto u = static_cast<std::size_t>(a->to);
      if (residual[a->arc] <= 0 || seen[u] == stamp) continue;
      seen[u] = stamp;
      parent[u] = a->arc;
      queue[tail++] = a->to;
    }
  }
  reached_ = tail;
  if (seen[sink] != stamp) return 0;
  long n = limit;
  for (std::size_t v = sink; v != source;) {
    const auto e = static_cast<std::size_t>(parent[v]);
    n = std::min<long>(n, residual[e]);
    v = static_cast<std::size_t>(arcs_[e ^ 1U].to);
  }
  for (std::size_t v = sink; v != source;) {
    const int e = parent[v];
    push(e, static_cast<int>(n));
    v = static_cast<std::size_t>(arcs_[static_cast<std::size_t>(e) ^ 1U].to);
  }
  return n;
}

long half_day_network::fill(std::size_t begin, std::size_t end, long limit) {
  long added = 0;
  for (std::size_t j = begin; j < end && added < limit; ++j)
    if (work_.open[j] != 0) added += fill_direct(j, limit - added);
  filled_directly_ = added == limit;
  searched_ = false;
  if (any_path_ && added < limit) {
    const long direct = added;
    bool halves = true;  // every role a morning or an afternoon role
    for (std::size_t j = begin; j < end && added < limit; ++j) {
      if (work_.open[j] == 0) continue;
      halves = halves && problem_.roles[j].part != day_part::whole;
      for (long n = 1; n > 0 && added < limit;) {
        n = augment_through(j, limit - added);
        added += n;
      }
    }
    // The flow was a maximum before these roles opened (the emergency roles' whole-shift flow
    // is one of the half-day network, and try_add keeps one), so any augmenting path takes the
    // arc of one of these roles (take the path's flow off, and the paths through their arcs:
    // what is left would be a larger flow without them). augment_through from each role's node
    // looks for exactly those, so when none is found and nothing was pushed meanwhile there is
    // none: the search from the source below would find none (try_add then keeps the dead
    // nodes it knew). Whole roles take the search.
    if (halves && added == direct) {
      flow_ += added;
      return added;
    }
  }
  searched_ = added < limit;
  added = augment_up_to(added, limit, [this](long n) { return augment(n); });
  flow_ += added;
  return added;
}

long half_day_network::augment_through(std::size_t j, long limit) {
  const day_part part = problem_.roles[j].part;
  const auto role = static_cast<std::size_t>(role_arc_[j]);
  if (part == day_part::whole || work_.residual[role] <= 0) return 0;
  // A morning role's arc runs from its node to the sink, an afternoon role's from the source to
  // it: the path is found from the node to the other end, each arc taken as the flow would go
  // (backwards for a morning role: arc u -> v with room, v the node already reached).
  const bool morning = part == day_part::morning;
  const int from = morning ? arcs_[role ^ 1U].to : arcs_[role].to;
  const int goal = morning ? source : sink;
  const int never = morning ? sink : source;  // a path does not pass through its other end
  const unsigned stamp = next_stamp();
  std::size_t tail = 0;
  work_.queue[tail++] = from;
  work_.seen[static_cast<std::size_t>(from)] = stamp;
  bool found = false;
  for (std::size_t head = 0; head < tail && !found; ++head) {
    const auto v = static_cast<std::size_t>(work_.queue[head]);
    for (auto a = static_cast<std::size_t>(out_first_[v]);
         a < static_cast<std::size_t>(out_first_[v + 1]); ++a) {
      const half_day_shape::out_arc& out = out_arcs_[a];
      const int e = morning ? out.arc ^ 1 : out.arc;  // u -> v, or v -> u
      const auto u = static_cast<std::size_t>(out.to);
      if (out.to == never || work_.residual[static_cast<std::size_t>(e)] <= 0 ||
          work_.seen[u] == stamp)
        continue;
      work_.seen[u] = stamp;
      work_.parent[u] = e;
      if (out.to == goal) {
        found = true;
        break;
      }
      work_.queue[tail++] = out.to;
    }
  }
  if (!found) return 0;
  // From the goal back to the role's node: the next node is the arc's head (morning) or tail.
  const auto next = [&](int e) {
    return morning ? arcs_[static_cast<std::size_t>(e)].to
                   : arcs_[static_cast<std::size_t>(e) ^ 1U].to;
  };
  long n = std::min<long>(limit, work_.residual[role]);
  for (int v = goal; v != from;) {
    const int e = work_.parent[static_cast<std::size_t>(v)];
    n = std::min<long>(n, work_.residual[static_cast<std::size_t>(e)]);
    v = next(e);
  }
  for (int v = goal; v != from;) {
    const int e = work_.parent[static_cast<std::size_t>(v)];
    push(e, static_cast<int>(n));
    v = next(e);
  }
  push(static_cast<int>(role), static_cast<int>(n));
  return n;
}

std::optional<std::pair<std::size_t, std::size_t>> half_day_network::handover() const {
  for (std::size_t j = 0; j < candidates_.size(); ++j) {
    if (work_.open[j] == 0 || problem_.roles[j].part != day_part::whole) continue;
    for (std::size_t c = 0; c < candidates_[j].size(); ++c)
      if (flow_on(candidates_[j][c].in) != flow_on(candidates_[j][c].out))
        return std::make_pair(j, c);
  }
  return std::nullopt;
}

bool half_day_network::handover_since_log() const {
  // The flow handed nothing over before the log began: only a whole role whose arcs it pushed
  // along can hand over now.
  for (const auto& [e, amount] : work_.log) {
    const int j = arc_role_[static_cast<std::size_t>(e) & ~std::size_t{1}];
    if (j < 0) continue;
    const auto role = static_cast<std::size_t>(j);
    for (const candidate& c : candidates_[role])
      if (flow_on(c.in) != flow_on(c.out)) return true;
  }
  return false;
}

std::vector<std::vector<int>> half_day_network::counts() const {
  std::vector<std::vector<int>> x(candidates_.size());
  for (std::size_t j = 0; j < candidates_.size(); ++j) {
    x[j].assign(candidates_[j].size(), 0);
    if (work_.open[j] == 0) continue;
    for (std::size_t c = 0; c < candidates_[j].size(); ++c) {
      const candidate& k = candidates_[j][c];
      x[j][c] = k.in >= 0 ? flow_on(k.in) : flow_on(k.out);
    }
  }
  return x;
}

void half_day_network::load(const std::vector<std::vector<int>>& x) {
  clear_flow();
  for (std::size_t j = 0; j < x.size(); ++j) {
    for (std::size_t c = 0; c < x[j].size(); ++c) {
      if (x[j][c] <= 0) continue;
      place(j, candidates_[j][c], x[j][c]);
    }
  }
  work_.log.clear();
}

void half_day_network::place(std::size_t j, const candidate& k, int n) {
  const candidate_path path = path_of(j, k);
  for (std::size_t a = 0; a < path.length; ++a)
    push(path.arcs[a], n);
  flow_ += n;
}

std::optional<std::vector<std::vector<int>>> half_day_network::search(long target) {
  const std::vector<int> saved = work_.capacity;
  std::vector<fixed> fixes;
  std::vector<std::vector<int>> found;
  long nodes = 0;
  const bool ok = branch(fixes, target, found, nodes);
  work_.capacity = saved;
  if (!ok) return std::nullopt;
  return found;
}

bool half_day_network::branch(std::vector<fixed>& fixes, long target,
                              std::vector<std::vector<int>>& found, long& nodes) {
  ++nodes;
  // The network of this branch: the fixed doctors out of their pools and roles, and those pools
  // no longer filling those roles. (work_.capacity holds the open roles' capacities on entry.)
  const std::vector<int> base = work_.capacity;
  long fixed_places = 0;
  for (const fixed& f : fixes) {
    const candidate& k = candidates_[f.role][f.candidate];
    const auto less = [&](int e) { work_.capacity[static_cast<std::size_t>(e)] -= f.doctors; };
    less(pool_morning_[f.pool]);
    less(pool_afternoon_[f.pool]);
    if (k.down) {
      less(down_morning_[f.pool]);
      less(down_afternoon_[f.pool]);
    }
    less(role_arc_[f.role]);
    work_.capacity[static_cast<std::size_t>(k.in)] = 0;
    work_.capacity[static_cast<std::size_t>(k.out)] = 0;
    fixed_places += f.doctors;
  }
  clear_flow();
  const long flow = fill(0, problem_.roles.size(), std::numeric_limits<long>::max());
  bool ok = false;
  if (fixed_places + flow >= target) {
    const auto split = handover();
    if (!split) {
      found = counts();
      for (const fixed& f : fixes)
        found[f.role][f.candidate] += f.doctors;
      ok = true;
    } else {
      const auto [j, c] = *split;
      const candidate& k = candidates_[j][c];
      const std::size_t i = k.pool;
      int most = std::min({work_.capacity[static_cast<std::size_t>(role_arc_[j])],
                           work_.capacity[static_cast<std::size_t>(pool_morning_[i])],
                           work_.capacity[static_cast<std::size_t>(pool_afternoon_[i])]});
      if (k.down)
        most = std::min({most, work_.capacity[static_cast<std::size_t>(down_morning_[i])],
                         work_.capacity[static_cast<std::size_t>(down_afternoon_[i])]});
      work_.capacity = base;
      for (int n = most; n >= 0 && !ok; --n) {
        fixes.push_back({i, j, c, n});
        ok = branch(fixes, target, found, nodes);
        fixes.pop_back();
      }
    }
  }
  work_.capacity = base;
  return ok;
}

void half_day_network::start(const std::vector<assignment>& emergency) {
  // The emergency roles are open from the start (half_day_shape::closed).
  // A network just made (start's one use) carries no flow: every residual is its arc's capacity
  // already (set_role gives an opened arc its own), so the pass over every arc is not needed.
  if (flowed_) clear_flow();
  for (const assignment& a : emergency) {
    for (const candidate& k : candidates_[a.role])
      if (k.pool == a.pool) place(a.role, k, a.doctors);
  }
  work_.log.clear();
  free_known_ = false;  // summed again by the first try_add
  dead_known_ = false;
}

bool half_day_network::try_add(std::size_t k) {
  const session_slot& s = problem_.sessions[k];
  // Each new place takes a doctor free in its half (moving others about frees nobody): when the
  // hospital has fewer free, no search is needed.
  const auto [morning, afternoon] = shape_.session_halves[k];
  if (!free_known_) {
    free_morning_ = free_afternoon_ = 0;
    for (std::size_t i = 0; i < pool_morning_.size(); ++i) {
      free_morning_ += work_.residual[static_cast<std::size_t>(pool_morning_[i])];
      free_afternoon_ += work_.residual[static_cast<std::size_t>(pool_afternoon_[i])];
    }
    free_known_ = true;
  }
  if (morning > free_morning_ || afternoon > free_afternoon_) return false;
  for (std::size_t j = s.first_role; j < s.first_role + s.role_count; ++j)
    set_role(j, true);
  work_.log.clear();
  if (s.demand > 0 && dead_known_ && !may_grow(k)) {
    // No augmenting path, so neither the direct fills nor the searches below could add a place.
    for (std::size_t j = s.first_role; j < s.first_role + s.role_count; ++j)
      set_role(j, false);
    return false;
  }
  const long before = flow_;
  const long target = before + s.demand;
  bool fits = fill(s.first_role, s.first_role + s.role_count, s.demand) == s.demand;
  // A direct fill puts a doctor of one pool on both halves of a whole role: no handover.
  if (fits && !filled_directly_ && handover_since_log()) {
    // Cycles that keep the flow's value take the handovers out, mostly; if not, a search.
    if (repair()) {
      count_free_from_log();
      dead_known_ = false;
      return true;
    }
    // The flow hands a whole role over at lunch: search for a plan that does not.
    const std::vector<int> after = work_.residual;
    const std::vector<std::pair<int, int>> pushed = work_.log;
    const long flow_after = flow_;
    const auto x = search(target);
    if (x) {
      load(*x);  // free_known_ is false (clear_flow)
      return true;
    }
    work_.residual = after;
    work_.log = pushed;
    flow_ = flow_after;
    fits = false;
  }
  if (fits) {
    count_free_from_log();
    dead_known_ = false;
    return true;
  }
  // Not kept: the flow is as it was, and so are the doctors free (unless a search cleared it).
  // Nothing pushed: the failed search started from the flow as it was with the session's roles
  // open, and what it reached is dead once they close.
  if (work_.log.empty() && searched_) mark_dead();
  undo_log(before);
  for (std::size_t j = s.first_role; j < s.first_role + s.role_count; ++j)
    set_role(j, false);
  return false;
}

void half_day_network::mark_dead() {
  if (++work_.dead_stamp == 0) {  // wrapped: the old marks could match again
    std::fill(work_.dead.begin(), work_.dead.end(), 0U);
    work_.dead_stamp = 1;
  }
  for (std::size_t q = 0; q < reached_; ++q)
    work_.dead[static_cast<std::size_t>(work_.queue[q])] = work_.dead_stamp;
  dead_known_ = true;
}

bool half_day_network::may_grow(std::size_t k) {
  // Every arc out of the dead nodes with room is one of the session's roles' arcs, into one of
  // their nodes: a path from the source (dead) to the sink (not) takes one, and then goes on
  // through nodes that are dead or reached below from those role nodes. If the sink is not
  // reached, there is no path: what the search in augment would have found (that search would
  // walk every node the source reaches, about a thousand arcs; this one walks a few).
  const unsigned stamp = next_stamp();
  const unsigned dead = work_.dead_stamp;
  const std::vector<unsigned>& marks = work_.dead;
  std::size_t tail = 0;
  const session_slot& s = problem_.sessions[k];
  for (std::size_t j = s.first_role; j < s.first_role + s.role_count; ++j) {
    const auto e = static_cast<std::size_t>(role_arc_[j]);
    for (const int end : {arcs_[e ^ 1U].to, arcs_[e].to}) {
      const auto v = static_cast<std::size_t>(end);
      if (end == source || end == sink || marks[v] == dead || work_.seen[v] == stamp) continue;
      // Entered from a dead node: an arc into v with room, i.e. the pair of one of v's arcs.
      for (auto a = static_cast<std::size_t>(out_first_[v]);
           a < static_cast<std::size_t>(out_first_[v + 1]); ++a) {
        const half_day_shape::out_arc& back = out_arcs_[a];
        if (marks[static_cast<std::size_t>(back.to)] != dead ||
            work_.residual[static_cast<std::size_t>(back.arc) ^ 1U] <= 0)
          continue;
        work_.seen[v] = stamp;
        work_.queue[tail++] = end;
        break;
      }
    }
  }
  for (std::size_t head = 0; head < tail; ++head) {
    const auto v = static_cast<std::size_t>(work_.queue[head]);
    for (auto a = static_cast<std::size_t>(out_first_[v]);
         a < static_cast<std::size_t>(out_first_[v + 1]); ++a) {
      const half_day_shape::out_arc& out = out_arcs_[a];
      const auto u = static_cast<std::size_t>(out.to);
      if (work_.residual[static_cast<std::size_t>(out.arc)] <= 0 || marks[u] == dead ||
          work_.seen[u] == stamp)
        continue;
      if (out.to == sink) return true;
      work_.seen[u] = stamp;
      work_.queue[tail++] = out.to;
    }
  }
  return false;
}

void half_day_network::count_free_from_log() {
  if (!free_known_) return;
  for (const auto& [e, amount] : work_.log) {
    const auto u = static_cast<std::size_t>(e);
    const unsigned char half = shape_.pool_half[u / 2];
    if (half == 0) continue;
    // A push along the arc takes doctors from the pool; along its reverse it gives them back.
    const long change = (u & 1U) != 0 ? amount : -amount;
    (half == 1 ? free_morning_ : free_afternoon_) += change;
  }
}

void half_day_network::undo_log(long flow) {
  for (auto it = work_.log.rbegin(); it != work_.log.rend(); ++it) {
    const auto e = static_cast<std::size_t>(it->first);
    work_.residual[e] += it->second;
    work_.residual[e ^ 1U] -= it->second;
  }
  work_.log.clear();
  flow_ = flow;
}

bool half_day_network::repair() {
  // A whole role j that takes pool X's doctor in the morning and hands over to pool Y's after
  // lunch: its afternoon moves from Y to X along a cycle out(j) -> X's afternoon ~> Y's
  // afternoon -> out(j) (or its morning from X to Y the same way), the ~> a path of plain arcs
  // and paired steps, so the flow's value stays and no other role hands over.
  // So only a whole role whose candidates' arcs the log pushed along can hand over here (the flow
  // handed nothing over when the log began): those roles, in order, are all the scan below need
  // look at (scanning every role was most of repair's time).
  std::vector<std::size_t>& roles = work_.roles;
  roles.clear();
  for (const auto& [e, amount] : work_.log) {
    const int j = arc_role_[static_cast<std::size_t>(e) & ~std::size_t{1}];
    if (j >= 0) roles.push_back(static_cast<std::size_t>(j));
  }
  std::sort(roles.begin(), roles.end());
  roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
  for (;;) {
    bool any = false;
    for (const std::size_t j : roles) {
      if (work_.open[j] == 0 || problem_.roles[j].part != day_part::whole) continue;
      const auto& list = candidates_[j];
      for (std::size_t x = 0; x < list.size(); ++x) {
        const int surplus = flow_on(list[x].in) - flow_on(list[x].out);
        if (surplus <= 0) continue;
        for (std::size_t y = 0; y < list.size(); ++y) {
          const int deficit = flow_on(list[y].out) - flow_on(list[y].in);
          if (deficit <= 0) continue;
          any = true;
          const int n = std::min(surplus, deficit);
          const auto head = [&](int e) { return arcs_[static_cast<std::size_t>(e)].to; };
          const auto tail = [&](int e) { return arcs_[static_cast<std::size_t>(e) ^ 1U].to; };
          // Afternoon: X's afternoon node ~> Y's; or morning: X's morning node ~> Y's.
          long moved = 0;
          if (work_.residual[static_cast<std::size_t>(list[x].out)] > 0 &&
              (moved = paired_path(head(list[x].out), head(list[y].out), n)) > 0) {
            push(list[x].out, static_cast<int>(moved));
            push(list[y].out ^ 1, static_cast<int>(moved));
          } else if (work_.residual[static_cast<std::size_t>(list[y].in)] > 0 &&
                     (moved = paired_path(tail(list[x].in), tail(list[y].in), n)) > 0) {
            push(list[y].in, static_cast<int>(moved));
            push(list[x].in ^ 1, static_cast<int>(moved));
          } else {
            return false;
          }
          break;
        }
        break;
      }
    }
    if (!any) return true;
  }
}

long half_day_network::paired_path(int from, int to, long limit) {
  // A whole role's candidate is one step of a path, pool to the same pool: forward (a doctor of
  // the pool takes a place: in, the role, out) or backward (one leaves it: the three reversed).
  // The role's own nodes are never entered, so no path hands a role over.
  const auto step_of = [&](int e) -> std::optional<whole_step> {
    const int role = arc_role_[static_cast<std::size_t>(e) & ~std::size_t{1}];
    if (role < 0) return std::nullopt;
    const auto j = static_cast<std::size_t>(role);
    const int through = role_arc_[j];
    for (const candidate& c : candidates_[j]) {
      if (e == c.in) return whole_step{{c.in, through, c.out}};
      if ((e ^ 1) == c.out) return whole_step{{c.out ^ 1, through ^ 1, c.in ^ 1}};
    }
    return whole_step{};  // the other end of a candidate's arc: not a step
  };
  const auto room = [&](const whole_step& w) {
    int n = std::numeric_limits<int>::max();
    for (int e : w.arcs)
      n = std::min(n, work_.residual[static_cast<std::size_t>(e)]);
    return n;
  };
  const unsigned stamp = next_stamp();
  std::size_t tail = 0;
  const auto start = static_cast<std::size_t>(from);
  const auto end = static_cast<std::size_t>(to);
  work_.queue[tail++] = from;
  work_.seen[start] = stamp;
  for (std::size_t head = 0; head < tail && work_.seen[end] != stamp; ++head) {
    const auto v = static_cast<std::size_t>(work_.queue[head]);
    for (auto a = static_cast<std::size_t>(out_first_[v]);
         a < static_cast<std::size_t>(out_first_[v + 1]); ++a) {
      const int e = out_arcs_[a].arc;
      auto u = static_cast<std::size_t>(out_arcs_[a].to);
      if (const auto w = step_of(e)) {
        if (w->arcs[0] < 0 || room(*w) <= 0) continue;
        u = static_cast<std::size_t>(arcs_[static_cast<std::size_t>(w->arcs[2])].to);
      } else if (work_.residual[static_cast<std::size_t>(e)] <= 0) {
        continue;
      }
      if (work_.seen[u] == stamp) continue;
      work_.seen[u] = stamp;
      work_.parent[u] = e;
      work_.queue[tail++] = static_cast<int>(u);
    }
  }
  if (work_.seen[end] != stamp) return 0;
  // The steps back from the end: a plain arc, or a whole role's three.
  std::vector<whole_step>& path = work_.path;
  path.clear();
  for (std::size_t v = end; v != start;) {
    const int e = work_.parent[v];
    const auto w = step_of(e);
    path.push_back(w ? *w : whole_step{{e, -1, -1}});
    v = static_cast<std::size_t>(arcs_[static_cast<std::size_t>(e) ^ 1U].to);
  }
  // Two steps through one role both take (or free) its arc: an arc's room is shared by its uses.
  std::vector<int>& arcs = work_.path_arcs;
  arcs.clear();
  for (const whole_step& w : path)
    for (int e : w.arcs)
      if (e >= 0) arcs.push_back(e);
  std::sort(arcs.begin(), arcs.end());
  long n = limit;
  for (std::size_t a = 0; a < arcs.size();) {
    std::size_t b = a;
    while (b < arcs.size() && arcs[b] == arcs[a])
      ++b;
    n = std::min<long>(
        n, work_.residual[static_cast<std::size_t>(arcs[a])] / static_cast<long>(b - a));
    a = b;
  }
  if (n <= 0) return 0;
  for (const whole_step& w : path)
    for (int e : w.arcs)
      if (e >= 0) push(e, static_cast<int>(n));
  return n;
}

long half_day_network::best(const std::vector<bool>& active) {
  for (std::size_t j = 0; j < problem_.emergency_roles; ++j)
    set_role(j, true);
  for (std::size_t k = 0; k < problem_.sessions.size(); ++k) {
    const session_slot& s = problem_.sessions[k];
    for (std::size_t j = s.first_role; j < s.first_role + s.role_count; ++j)
      set_role(j, active[k]);
  }
  clear_flow();
  const long bound = fill(0, problem_.roles.size(), std::numeric_limits<long>::max());
  if (!handover()) return bound;
  for (long target = bound; target > 0; --target) {
    if (const auto x = search(target)) {
      load(*x);
      return flow_;
    }
  }
  clear_flow();
  return 0;
}

cover_plan half_day_network::sessions_kept(const std::vector<bool>& active) const {
  cover_plan plan;
  plan.kept = active;
  // A role's candidates carry together what its own arc carries: what plan() counts as filled.
  for (std::size_t j = 0; j < problem_.emergency_roles; ++j) {
    const int filled = flow_on(role_arc_[j]);
    plan.emergency_filled += filled;
    plan.emergency_unfilled += problem_.roles[j].count - filled;
  }
  return plan;
}

cover_plan half_day_network::plan(const std::vector<bool>& active) const {
  cover_plan plan;
  plan.kept = active;
  plan.role_filled.assign(problem_.roles.size(), 0);
  const std::size_t pools = problem_.pools.size();
  std::vector<int> whole(pools, 0), morning(pools, 0), afternoon(pools, 0);
  // The assignments gathered first on the thread, then copied once: growing the plan's own one
  // by one (its reallocations and copies) showed in plan()'s profile.
  thread_local std::vector<assignment> gathered;
  gathered.clear();
  for (std::size_t j = 0; j < candidates_.size(); ++j) {
    if (work_.open[j] == 0) continue;
    // The role's candidates carry what its own arc carries (no arc carries less than nothing), so
    // once they have that, the rest carry nothing: most roles are filled by their first.
    int left = flow_on(role_arc_[j]);
    for (auto k = candidates_[j].begin(); left > 0 && k != candidates_[j].end(); ++k) {
      const int n = k->in >= 0 ? flow_on(k->in) : flow_on(k->out);  // the same: no handover
      if (n <= 0) continue;
      left -= n;
      gathered.push_back({k->pool, j, n});
      plan.role_filled[j] += n;
      const day_part part = problem_.roles[j].part;
      (part == day_part::whole     ? whole
       : part == day_part::morning ? morning
                                   : afternoon)[k->pool] += n;
    }
  }
  plan.assignments.assign(gathered.begin(), gathered.end());
  plan.idle = supply_;
  for (std::size_t i = 0; i < pools; ++i)
    plan.idle[i] -= whole[i] + std::max(morning[i], afternoon[i]);
  for (std::size_t j = 0; j < problem_.emergency_roles; ++j) {
    plan.emergency_filled += plan.role_filled[j];
    plan.emergency_unfilled += problem_.roles[j].count - plan.role_filled[j];
  }
  return plan;
}

}  // namespace detail

}  // namespace strikesim::model
