#include "flow_network.hpp"

#include <numeric>

namespace strikesim::model {

network_shape::network_shape(const cover_problem& problem)
    : role_first(problem.roles.size() + 1, 0), direct_first(problem.roles.size() + 1, 0) {
  vertices = static_cast<index_t>(2 + 2 * problem.pools.size() + problem.roles.size());
  std::vector<arc> arcs;
  const std::vector<std::size_t> role_arc_start = add_arcs(problem, arcs);
  lay_out(arcs, role_arc_start);
}

std::vector<std::size_t> network_shape::add_arcs(const cover_problem& problem,
                                                 std::vector<arc>& arcs) {
  const std::size_t pools = problem.pools.size();
  const std::size_t roles = problem.roles.size();
  const auto pool_node = [&](std::size_t i) { return 2 + i; };
  const auto down_node = [&](std::size_t i) { return 2 + pools + i; };
  const auto role_node = [&](std::size_t j) { return 2 + 2 * pools + j; };
  // Each forward arc is followed by its reverse.
  const auto add = [&](std::size_t from, std::size_t to, int capacity) {
    arcs.push_back({static_cast<index_t>(from), static_cast<index_t>(to), capacity});
    arcs.push_back({static_cast<index_t>(to), static_cast<index_t>(from), 0});
  };
  supply_arc.assign(pools, no_arc);
  down_arc.assign(pools, no_arc);
  for (std::size_t i = 0; i < pools; ++i) {
    supply_arc[i] = static_cast<index_t>(arcs.size());
    add(source, pool_node(i), 0);
    if (problem.pools[i].level == grade::consultant && !problem.pools[i].on_call) {
      down_arc[i] = static_cast<index_t>(arcs.size());
      add(pool_node(i), down_node(i), 0);
    }
  }
  std::vector<std::size_t> role_arc_start(roles + 1, 0);
  std::vector<std::size_t> candidates;
  for (std::size_t j = 0; j < roles; ++j) {
    const role_slot& r = problem.roles[j];
    role_arc_start[j] = arcs.size();
    direct_first[j] = direct.size();
    add(role_node(j), sink, r.count);
    candidates.clear();
    for (std::size_t i : r.eligible) {
      const staff_pool& pool = problem.pools[i];
      // The Christmas Day rota and the doctors called in from home do emergency work only.
      if ((!pool.christmas_day && !pool.on_call) || r.emergency) candidates.push_back(i);
    }
    std::stable_sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
      return preference(problem.pools[a], r) < preference(problem.pools[b], r);
    });
    for (std::size_t i : candidates) {
      const bool down = acts_down(problem.pools[i], r);
      direct.push_back(
          {static_cast<index_t>(arcs.size()), supply_arc[i], down ? down_arc[i] : no_arc, i, j});
      add(down ? down_node(i) : pool_node(i), role_node(j), r.count);
    }
  }
  role_arc_start[roles] = arcs.size();
  direct_first[roles] = direct.size();
  return role_arc_start;
}

void network_shape::lay_out(const std::vector<arc>& arcs,
                            const std::vector<std::size_t>& role_arc_start) {
  // A stable counting sort by tail.
  std::vector<index_t> start(vertices + 1, 0);
  for (const arc& a : arcs)
    ++start[a.from + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<index_t> position(arcs.size());
  for (std::size_t e = 0; e < arcs.size(); ++e)
    position[e] = start[arcs[e].from]++;
  std::vector<std::pair<index_t, index_t>> sorted(arcs.size());
  full_capacity.assign(arcs.size(), 0);
  reverse.assign(arcs.size(), 0);
  for (std::size_t e = 0; e < arcs.size(); ++e) {
    sorted[position[e]] = {arcs[e].from, arcs[e].to};
    full_capacity[position[e]] = arcs[e].capacity;
    reverse[position[e]] = position[e ^ 1U];
  }
  graph = csr_graph(boost::edges_are_sorted, sorted.begin(), sorted.end(), vertices);
  const auto at = [&](index_t e) { return e == no_arc ? no_arc : position[e]; };
  for (direct_arc& d : direct) {
    d.arc = at(d.arc);
    d.supply = at(d.supply);
    d.down = at(d.down);
  }
  for (index_t& e : supply_arc)
    e = at(e);
  for (index_t& e : down_arc)
    e = at(e);
  // Each role's forward arcs (to the sink first), in sorted positions.
  const std::size_t roles = role_first.size() - 1;
  for (std::size_t j = 0; j < roles; ++j) {
    role_first[j] = role_arcs.size();
    for (std::size_t e = role_arc_start[j]; e < role_arc_start[j + 1]; e += 2)
      role_arcs.push_back(position[e]);
  }
  role_first[roles] = role_arcs.size();
}

}  // namespace strikesim::model
