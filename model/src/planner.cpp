#include "strikesim/model/planner.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/push_relabel_max_flow.hpp>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <tuple>

namespace strikesim::model {

namespace {

using traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using flow_graph = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::directedS, boost::no_property,
    boost::property<
        boost::edge_capacity_t, long,
        boost::property<boost::edge_residual_capacity_t, long,
                        boost::property<boost::edge_reverse_t, traits::edge_descriptor>>>>;
using edge_t = traits::edge_descriptor;

/// The flow network of one plan check: source -> pools -> roles -> sink. A consultant pool's
/// acting-down edges go through a node of its own whose capacity is the willing share.
struct network {
  std::optional<flow_graph> graph;
  std::size_t source = 0, sink = 0;
  std::vector<std::tuple<std::size_t, std::size_t, edge_t>> pool_role_edges;  // pool, role, edge

  flow_graph& g() { return *graph; }
  edge_t add_edge(std::size_t from, std::size_t to, long capacity) {
    flow_graph& g = *graph;
    auto cap = boost::get(boost::edge_capacity, g);
    auto rev = boost::get(boost::edge_reverse, g);
    const edge_t e = boost::add_edge(from, to, g).first;
    const edge_t r = boost::add_edge(to, from, g).first;
    cap[e] = capacity;
    cap[r] = 0;
    rev[e] = r;
    rev[r] = e;
    return e;
  }
};

bool acts_down(const staff_pool& p, const role_slot& r) {
  return p.level == grade::consultant && r.min_grade != grade::consultant;
}

long solve(const cover_problem& problem, const std::vector<int>& supply,
           const std::vector<bool>& session_active, network& net) {
  const std::size_t pools = problem.pools.size();
  const std::size_t roles = problem.roles.size();
  // Nodes: 0 source, 1 sink, pools, act-down nodes (one per pool), roles.
  net.graph.emplace(2 + 2 * pools + roles);
  net.source = 0;
  net.sink = 1;
  net.pool_role_edges.clear();
  auto pool_node = [&](std::size_t i) { return 2 + i; };
  auto down_node = [&](std::size_t i) { return 2 + pools + i; };
  auto role_node = [&](std::size_t j) { return 2 + 2 * pools + j; };

  std::vector<bool> role_active(roles, false);
  for (std::size_t j = 0; j < problem.emergency_roles; ++j)
    role_active[j] = true;
  for (std::size_t k = 0; k < problem.sessions.size(); ++k) {
    if (!session_active[k]) continue;
    const session_slot& s = problem.sessions[k];
    for (std::size_t j = s.first_role; j < s.first_role + s.role_count; ++j)
      role_active[j] = true;
  }

  for (std::size_t i = 0; i < pools; ++i) {
    if (supply[i] <= 0) continue;
    net.add_edge(net.source, pool_node(i), supply[i]);
    if (problem.pools[i].level == grade::consultant) {
      const auto willing = static_cast<long>(
          std::floor(problem.act_down_share * static_cast<double>(supply[i]) + 1e-9));
      if (willing > 0) net.add_edge(pool_node(i), down_node(i), willing);
    }
  }
  for (std::size_t j = 0; j < roles; ++j) {
    if (!role_active[j]) continue;
    const role_slot& r = problem.roles[j];
    net.add_edge(role_node(j), net.sink, r.count);
    for (std::size_t i : r.eligible) {
      if (supply[i] <= 0) continue;
      const staff_pool& p = problem.pools[i];
      if (p.christmas_day && !r.emergency) continue;
      const std::size_t from = acts_down(p, r) ? down_node(i) : pool_node(i);
      net.pool_role_edges.emplace_back(i, j, net.add_edge(from, role_node(j), r.count));
    }
  }
  return boost::push_relabel_max_flow(net.g(), net.source, net.sink);
}

int session_demand(const cover_problem& p, const std::vector<bool>& active) {
  int d = 0;
  for (std::size_t k = 0; k < p.sessions.size(); ++k) {
    if (active[k]) d += p.sessions[k].demand;
  }
  return d;
}

/// The plan that the flow already in `net` (solved for `active`) gives.
cover_plan read_plan(const cover_problem& problem, const std::vector<int>& supply,
                     const std::vector<bool>& active, network& net) {
  cover_plan plan;
  plan.kept = active;
  plan.role_filled.assign(problem.roles.size(), 0);
  plan.idle = supply;
  auto cap = boost::get(boost::edge_capacity, net.g());
  auto res = boost::get(boost::edge_residual_capacity, net.g());
  for (const auto& [pool, role, e] : net.pool_role_edges) {
    const long flow = cap[e] - res[e];
    if (flow <= 0) continue;
    plan.assignments.push_back({pool, role, static_cast<int>(flow)});
    plan.role_filled[role] += static_cast<int>(flow);
    plan.idle[pool] -= static_cast<int>(flow);
  }
  for (std::size_t j = 0; j < problem.emergency_roles; ++j) {
    plan.emergency_filled += plan.role_filled[j];
    plan.emergency_unfilled += problem.roles[j].count - plan.role_filled[j];
  }
  return plan;
}

cover_plan extract(const cover_problem& problem, const std::vector<int>& supply,
                   const std::vector<bool>& active, network& net) {
  solve(problem, supply, active, net);
  return read_plan(problem, supply, active, net);
}

// Planning order: cancer, urgent, routine; theatre lists before clinics; then file order.
auto planning_key(const session& s) {
  return std::make_tuple(static_cast<int>(s.priority), static_cast<int>(s.kind), s.file_order);
}

}  // namespace

std::vector<int> cover_problem::full_supply() const {
  std::vector<int> s;
  s.reserve(pools.size());
  for (const staff_pool& p : pools)
    s.push_back(p.rostered);
  return s;
}

std::vector<std::size_t> cover_problem::planning_order() const {
  std::vector<std::size_t> order(sessions.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  return order;
}

int cover_problem::emergency_demand() const {
  int d = 0;
  for (std::size_t j = 0; j < emergency_roles; ++j)
    d += roles[j].count;
  return d;
}

cover_problem build_cover_problem(const trust& t, std::size_t shift_index, int weekday,
                                  action_kind kind, double act_down_share) {
  cover_problem p;
  p.act_down_share = act_down_share;
  const shift_def& shift = t.shifts[shift_index];

  // Christmas Day juniors on this shift, by specialty and grade (emergency-cover-only actions).
  std::map<std::pair<std::string, grade>, int> christmas;
  if (kind == action_kind::emergency_cover_only) {
    for (const service& sv : t.services) {
      for (const service_shift& ss : sv.shifts) {
        if (ss.shift != shift.id) continue;
        for (const christmas_day_cover& c : ss.christmas_day)
          christmas[{c.specialty, c.level}] += c.count;
      }
    }
  }
  // Pools: staff rows on this shift merged by specialty and grade; Christmas Day juniors apart.
  std::map<std::pair<std::string, grade>, std::pair<int, int>> rows;  // rostered, strikable
  for (const staff_group& g : t.staff) {
    if (g.shift != shift.id) continue;
    auto& r = rows[{g.specialty, g.level}];
    r.first += g.headcount;
    if (g.can_strike()) r.second += g.headcount;
  }
  for (const auto& [key, counts] : rows) {
    const int on_rota = std::min(christmas.count(key) ? christmas.at(key) : 0, counts.second);
    if (on_rota > 0) p.pools.push_back({key.first, key.second, true, on_rota, 0});
    if (counts.first - on_rota > 0) {
      p.pools.push_back(
          {key.first, key.second, false, counts.first - on_rota, counts.second - on_rota});
    }
  }

  auto eligible = [&](const role_need& need) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < p.pools.size(); ++i) {
      const staff_pool& pool = p.pools[i];
      bool ok = pool.specialty == need.specialty && grade_covers(pool.level, need.min_grade);
      if (!ok && need.cover) {
        const auto& sp = need.cover->specialties;
        ok = grade_covers(pool.level, need.cover->min_grade) &&
             (sp.empty() || std::find(sp.begin(), sp.end(), pool.specialty) != sp.end());
      }
      if (ok) out.push_back(i);
    }
    return out;
  };

  for (std::size_t sv = 0; sv < t.services.size(); ++sv) {
    for (const service_shift& ss : t.services[sv].shifts) {
      if (ss.shift != shift.id) continue;
      for (const role_need& need : ss.roles) {
        p.roles.push_back({need.specialty, need.min_grade, need.count, true, sv, eligible(need)});
      }
    }
  }
  p.emergency_roles = p.roles.size();

  // Sessions on this weekday that start within the shift.
  std::vector<std::size_t> on_shift;
  for (std::size_t k = 0; k < t.sessions.size(); ++k) {
    const session& s = t.sessions[k];
    if (std::find(s.weekdays.begin(), s.weekdays.end(), weekday) == s.weekdays.end()) continue;
    const int rel = (s.start_minute - shift.start_minute + 1440) % 1440;
    if (rel >= shift.length_minutes()) continue;
    on_shift.push_back(k);
  }
  std::stable_sort(on_shift.begin(), on_shift.end(), [&](std::size_t a, std::size_t b) {
    return planning_key(t.sessions[a]) < planning_key(t.sessions[b]);
  });
  for (std::size_t k : on_shift) {
    session_slot slot{k, p.roles.size(), 0, 0};
    for (const role_need& need : t.sessions[k].roles) {
      p.roles.push_back({need.specialty, need.min_grade, need.count, false, k, eligible(need)});
      ++slot.role_count;
      slot.demand += need.count;
    }
    p.sessions.push_back(slot);
  }
  return p;
}

int max_fill(const cover_problem& problem, const std::vector<int>& supply,
             const std::vector<bool>& session_active) {
  network net;
  return static_cast<int>(solve(problem, supply, session_active, net));
}

cover_plan plan_cover(const cover_problem& problem, const std::vector<int>& supply,
                      const std::vector<std::size_t>& order,
                      const std::vector<std::size_t>& forced) {
  network net;
  std::vector<bool> active(problem.sessions.size(), false);
  for (std::size_t k : forced)
    active[k] = true;
  // What the emergency roles and the forced sessions fill together. Forced sessions may fall short
  // (protected work planned at the median turnout, checked here at another): a later session is
  // kept if it fills completely on top of this, without taking a place from what is committed.
  long filled = solve(problem, supply, active, net);
  bool net_is_current = true;  // `net` holds the flow of `active` (no need to solve it again)
  for (std::size_t k : order) {
    if (active[k]) continue;
    active[k] = true;
    const long need = filled + problem.sessions[k].demand;
    if (solve(problem, supply, active, net) == need) {
      filled = need;
      net_is_current = true;
    } else {
      active[k] = false;
      net_is_current = false;
    }
  }
  return net_is_current ? read_plan(problem, supply, active, net)
                        : extract(problem, supply, active, net);
}

cover_plan replan_on_the_day(const cover_problem& problem, const std::vector<int>& supply,
                             const std::vector<bool>& kept_in_advance) {
  std::vector<std::size_t> order;
  for (std::size_t k = 0; k < problem.sessions.size(); ++k) {
    if (kept_in_advance[k]) order.push_back(k);
  }
  // Fast paths: everything kept in advance still fits with every emergency role filled (one
  // max-flow), or with the emergency roles filled as far as the staff present allow at all.
  network net;
  const long demand = session_demand(problem, kept_in_advance);
  const long filled = solve(problem, supply, kept_in_advance, net);
  if (filled == problem.emergency_demand() + demand)
    return read_plan(problem, supply, kept_in_advance, net);
  network emergency_only;
  std::vector<bool> none(problem.sessions.size(), false);
  const long emergency_max = solve(problem, supply, none, emergency_only);
  if (filled == emergency_max + demand) return read_plan(problem, supply, kept_in_advance, net);
  return plan_cover(problem, supply, order);
}

}  // namespace strikesim::model
