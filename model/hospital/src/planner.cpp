#include "strikesim/hospital/planner.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <tuple>

#include "flow_network.hpp"
#include "half_day.hpp"

namespace strikesim::model {

namespace {

using detail::add_in_order;
using detail::flow_network;

// Planning order: cancer, urgent, routine; theatre lists before clinics; then file order.
auto planning_key(const session& s) {
  return std::make_tuple(static_cast<int>(s.priority), static_cast<int>(s.kind), s.file_order);
}

}  // namespace

void cover_problem::prepare_network() {
  network = std::make_shared<const network_shape>(*this);
  if (half_days()) {
    half_day = std::make_shared<const half_day_shape>(*this);
    cover_problem emergency;
    emergency.pools = pools;
    emergency.roles.assign(roles.begin(),
                           roles.begin() + static_cast<std::ptrdiff_t>(emergency_roles));
    emergency.emergency_roles = emergency_roles;
    emergency_network = std::make_shared<const network_shape>(emergency);
  }
  // Sessions whose roles ask the same: the same specialty, grade, number, half and pools.
  using role_key = std::tuple<std::string, grade, int, day_part, std::vector<std::size_t>>;
  std::map<std::vector<role_key>, std::size_t> classes;
  session_class.clear();
  for (const session_slot& s : sessions) {
    std::vector<role_key> key;
    for (std::size_t j = s.first_role; j < s.first_role + s.role_count; ++j)
      key.emplace_back(roles[j].specialty, roles[j].min_grade, roles[j].count, roles[j].part,
                       roles[j].eligible);
    session_class.push_back(classes.try_emplace(std::move(key), classes.size()).first->second);
  }
}

std::vector<int> cover_problem::full_supply() const {
  std::vector<int> s;
  s.reserve(pools.size());
  for (const staff_pool& p : pools)
    s.push_back(p.rostered);
  return s;
}

std::vector<int> cover_problem::ordinary_supply() const {
  std::vector<int> s;
  s.reserve(pools.size());
  for (const staff_pool& p : pools)
    s.push_back(p.on_call || p.spa ? 0 : p.rostered + p.resting);
  return s;
}

std::vector<std::size_t> cover_problem::planning_order() const {
  std::vector<std::size_t> order(sessions.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  return order;
}

void cover_problem::strike(std::vector<int>& supply, std::size_t pool, int strikers) const {
  supply[pool] -= strikers;
  if (const std::optional<std::size_t> to = pools[pool].strikers_to) supply[*to] += strikers;
}

int cover_problem::emergency_demand() const {
  int d = 0;
  for (std::size_t j = 0; j < emergency_roles; ++j)
    d += roles[j].count;
  return d;
}

bool cover_problem::half_days() const {
  bool morning = false, afternoon = false;
  for (std::size_t j = emergency_roles; j < roles.size(); ++j) {
    morning |= roles[j].part == day_part::morning;
    afternoon |= roles[j].part == day_part::afternoon;
  }
  return morning && afternoon;
}

namespace {

using pool_key = std::pair<std::string, grade>;

/// Christmas Day juniors on the shift, by specialty and grade (emergency-cover-only actions).
std::map<pool_key, int> christmas_day_juniors(const trust& t, const shift_def& shift,
                                              action_kind kind) {
  std::map<pool_key, int> christmas;
  if (kind != action_kind::emergency_cover_only) return christmas;
  for (const service& sv : t.services) {
    for (const service_shift& ss : sv.shifts) {
      if (ss.shift != shift.id) continue;
      for (const christmas_day_cover& c : ss.christmas_day)
        christmas[{c.specialty, c.level}] += c.count;
    }
  }
  return christmas;
}

/// Pools: staff rows on this shift merged by specialty and grade, Christmas Day juniors apart,
/// less the doctors resting after a night on call; then the on-call doctors if the shift is
/// struck.
void add_pools(cover_problem& p, const trust& t, const shift_def& shift, action_kind kind,
               const struck_shift* struck, bool has_sessions) {
  const std::map<pool_key, int> christmas = christmas_day_juniors(t, shift, kind);
  struct counts {
    int rostered = 0, strikable = 0, resting = 0;
  };
  const auto senior_strikes = [&](grade level) {
    return struck && std::find(struck->striking_seniors.begin(), struck->striking_seniors.end(),
                               level) != struck->striking_seniors.end();
  };
  std::map<pool_key, counts> rows;
  for (const staff_group& g : t.staff) {
    if (g.shift != shift.id) continue;
    counts& r = rows[{g.specialty, g.level}];
    r.rostered += g.headcount;
    if (g.can_strike() || (!g.locum && senior_strikes(g.level))) r.strikable += g.headcount;
  }
  if (struck) {
    for (const staff_group& g : struck->resting) {
      const auto row = rows.find({g.specialty, g.level});
      if (row != rows.end()) row->second.resting += g.headcount;
    }
  }
  for (const auto& [key, c] : rows) {
    const auto listed = christmas.find(key);
    const int on_rota = std::min(listed == christmas.end() ? 0 : listed->second, c.strikable);
    if (on_rota > 0) p.pools.push_back({key.first, key.second, true, on_rota, 0, false, 0});
    const int others = c.rostered - on_rota;
    const int rest = std::min(c.resting, others);
    if (others > 0) {
      p.pools.push_back({key.first, key.second, false, others - rest,
                         std::min(c.strikable - on_rota, others - rest), false, rest});
      // Striking seniors stay for emergency work only, as the Christmas Day rota does.
      if (senior_strikes(key.second) && p.pools.back().strikable > 0) {
        p.pools.back().strikers_to = p.pools.size();
        p.pools.push_back({key.first, key.second, true, 0, 0, false, 0});
      }
    }
  }
  if (!struck) return;
  for (const staff_group& g : t.on_call) {
    if (g.shift != shift.id || g.headcount == 0) continue;
    p.pools.push_back({g.specialty, g.level, false, g.headcount, g.can_strike() ? g.headcount : 0,
                       true, 0, g.rests_from});
  }
  // Consultants whose SPA time the trust cancels: on site when the action goes ahead, for any
  // role a consultant of their specialty may fill (not when consultants strike themselves).
  if (!has_sessions || struck->spa_cover <= 0 || senior_strikes(grade::consultant)) return;
  for (const auto& [key, c] : rows) {
    if (key.second != grade::consultant) continue;
    const int extra =
        static_cast<int>(std::lround(c.rostered * consultant_spa_ratio * struck->spa_cover));
    if (extra > 0) p.pools.push_back({key.first, key.second, false, extra, 0, false, 0, {}, true});
  }
}

/// Whether a doctor of `pool` may fill `need`: its own specialty at or above its grade, its
/// cross-cover, or on a struck shift the service's strike cover (junior roles only).
bool may_fill(const staff_pool& pool, const role_need& need, const cross_cover* strike_cover) {
  if (pool.specialty == need.specialty && grade_covers(pool.level, need.min_grade)) return true;
  if (need.cover && need.cover->admits(pool.specialty, pool.level)) return true;
  return strike_cover && need.min_grade != grade::consultant &&
         grade_covers(pool.level, need.min_grade) &&
         strike_cover->admits(pool.specialty, pool.level);
}

std::vector<std::size_t> eligible_pools(const cover_problem& p, const role_need& need) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < p.pools.size(); ++i)
    if (may_fill(p.pools[i], need, nullptr)) out.push_back(i);
  return out;
}

/// The doctors on site whom only the strike cover lets fill `need`.
std::vector<std::size_t> released_pools(const cover_problem& p, const role_need& need,
                                        const cross_cover& strike_cover) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < p.pools.size(); ++i) {
    const staff_pool& pool = p.pools[i];
    if (!pool.on_call && !pool.christmas_day && !may_fill(pool, need, nullptr) &&
        may_fill(pool, need, &strike_cover))
      out.push_back(i);
  }
  return out;
}

/// The doctors a junior role of `ss` needs on a full walk-out's shift: at most its Christmas Day
/// level (the juniors of its specialty and grade on the service's list), where it has a list.
int strike_day_level(const service_shift& ss, const role_need& need) {
  if (ss.christmas_day.empty() || !is_junior(need.min_grade)) return need.count;
  int level = 0;
  for (const christmas_day_cover& c : ss.christmas_day)
    if (c.specialty == need.specialty && c.level == need.min_grade) level += c.count;
  return std::min(need.count, level);
}

/// The emergency roles left short, filled from the doctors left idle whom the strike cover allows
/// (an exact assignment: a small flow network of its own), added to `plan`.
void fill_from_released(const cover_problem& problem, cover_plan& plan) {
  if (problem.released.empty()) return;  // no strike cover on this shift
  cover_problem gaps;
  gaps.pools = problem.pools;
  gaps.act_down_share = problem.act_down_share;
  std::vector<std::size_t> role_of;
  for (std::size_t j = 0; j < problem.emergency_roles; ++j) {
    const int gap = problem.roles[j].count - plan.role_filled[j];
    if (gap <= 0 || problem.released[j].empty()) continue;
    const role_slot& r = problem.roles[j];
    gaps.roles.push_back({r.specialty, r.min_grade, gap, true, j, problem.released[j]});
    role_of.push_back(j);
  }
  if (gaps.roles.empty()) return;
  gaps.emergency_roles = gaps.roles.size();
  const cover_plan extra = plan_cover(gaps, plan.idle, {});
  for (const assignment& a : extra.assignments) {
    const std::size_t j = role_of[a.role];
    plan.role_filled[j] += a.doctors;
    plan.emergency_filled += a.doctors;
    plan.emergency_unfilled -= a.doctors;
    plan.idle[a.pool] -= a.doctors;
    plan.assignments.push_back({a.pool, j, a.doctors});
  }
}

/// What the front door takes before any session: assignments to emergency roles, and seniors
/// beyond the roles per service.
struct front_door_commitment {
  std::vector<assignment> roles;
  std::vector<int> extra;
};

/// Seniors free after the emergency roles (`plan.idle`) top each front door up to its ordinary
/// number of doctors; they are taken out of `supply` and counted in `extra`.
void top_up_front_doors(const cover_problem& problem, cover_plan& plan, std::vector<int>& supply,
                        std::vector<int>& extra) {
  for (const front_door& door : problem.front_doors) {
    int have = 0;
    for (std::size_t j = 0; j < problem.emergency_roles; ++j)
      if (problem.roles[j].owner == door.service) have += plan.role_filled[j];
    for (std::size_t i = 0; i < problem.pools.size(); ++i)
      if (problem.pools[i].specialty == door.home && !problem.pools[i].on_call)
        have += plan.idle[i];
    for (const std::size_t i : door.eligible) {
      const int moved = std::min(plan.idle[i], door.target - have);
      if (moved <= 0) continue;
      plan.idle[i] -= moved;
      supply[i] -= moved;
      have += moved;
      if (extra.size() <= door.service) extra.resize(door.service + 1, 0);
      extra[door.service] += moved;
    }
  }
}

/// On a shift with strike cover the front door comes before any session: the emergency roles are
/// filled as far as their own rules allow, their gaps from the doctors then left whom the strike
/// cover allows (released from their sessions), the front doors topped up, and those doctors
/// taken out of `supply`, the doctors the sessions are planned from.
front_door_commitment commit_released(const cover_problem& problem, std::vector<int>& supply) {
  front_door_commitment committed;
  if (problem.released.empty()) return committed;
  flow_network net(problem, supply);
  const std::vector<bool> none(problem.sessions.size(), false);
  net.solve(none);
  cover_plan first = net.plan(supply, none);
  const std::size_t before = first.assignments.size();
  fill_from_released(problem, first);
  for (std::size_t k = before; k < first.assignments.size(); ++k) {
    committed.roles.push_back(first.assignments[k]);
    supply[first.assignments[k].pool] -= first.assignments[k].doctors;
  }
  top_up_front_doors(problem, first, supply, committed.extra);
  return committed;
}

/// The committed doctors put back into `plan` (a role the rest of the plan has filled meanwhile
/// leaves them idle).
void add_committed(const cover_problem& problem, const front_door_commitment& committed,
                   cover_plan& plan) {
  for (const assignment& a : committed.roles) {
    const int placed =
        std::clamp(problem.roles[a.role].count - plan.role_filled[a.role], 0, a.doctors);
    plan.role_filled[a.role] += placed;
    plan.emergency_filled += placed;
    plan.emergency_unfilled -= placed;
    plan.idle[a.pool] += a.doctors - placed;
    if (placed > 0) plan.assignments.push_back({a.pool, a.role, placed});
  }
  plan.front_door = committed.extra;
  fill_from_released(problem, plan);
}

/// A session that ends by the middle of its shift (rounded up to the hour: 13:00 on a 08:00-17:00
/// day) takes the morning, one that starts at or after it the afternoon (08:30-12:30 and
/// 13:30-17:30, or the import's AM 08:00-13:00 and PM 13:00-17:00); any other takes the shift.
day_part part_of(const session& s, const shift_def& shift) {
  const int half = shift.start_minute + shift.length_minutes() / 2;
  const int middle = (half + 59) / 60 * 60 - shift.start_minute;
  const int start = (s.start_minute - shift.start_minute + 1440) % 1440;
  int end = (s.end_minute - shift.start_minute + 1440) % 1440;
  if (end <= start) end += 1440;
  if (end <= middle) return day_part::morning;
  if (start >= middle) return day_part::afternoon;
  return day_part::whole;
}

/// Whether `emergency` (assignments of emergency roles) fills every emergency role.
bool fills_emergency_roles(const cover_problem& problem, const std::vector<assignment>& emergency) {
  long demand = 0, filled = 0;
  for (std::size_t j = 0; j < problem.emergency_roles; ++j)
    demand += problem.roles[j].count;
  for (const assignment& a : emergency)
    filled += a.doctors;
  return filled == demand;
}

/// How plan_half_days plans, beyond its problem, turnout and sessions.
struct half_day_options {
  bool assignments = true;               // the whole plan, or what sessions_kept gives only
  emergency_cover* known = nullptr;      // shared with plans of the same turnout (see planner.hpp)
  bool* forced_fit = nullptr;            // set to whether every forced session filled
  std::optional<double> act_down_share;  // the problem's if not given
};

/// The plan of a shift with half-day sessions (half_day.hpp): the emergency roles as the
/// whole-shift flow fills them (they hold their doctors all shift, and sessions never lower what
/// they reach), then the sessions, each kept if it fits whole on top. A session in `forced` is
/// kept as the caller asks, staffed only if it fits whole. Without `assignments`, the plan holds
/// the sessions kept and the emergency places filled and left empty only.
cover_plan plan_half_days(const cover_problem& problem, const std::vector<int>& supply,
                          const std::vector<std::size_t>& order,
                          const std::vector<std::size_t>& forced, half_day_options how = {}) {
  const std::vector<bool> none(problem.sessions.size(), false);
  const double share = how.act_down_share.value_or(problem.act_down_share);
  emergency_cover* const known = how.known;
  detail::half_day_network net(problem, supply, share);
  if (known != nullptr && !known->assignments.empty() && known->act_down_share <= share) {
    net.start(known->assignments);
  } else {
    flow_network emergency(problem, supply, flow_network::emergency_roles_only, share);
    emergency.solve(none);
    std::vector<assignment> start = emergency.emergency_assignments();
    net.start(start);
    if (known != nullptr && fills_emergency_roles(problem, start))
      *known = {share, std::move(start)};
  }
  if (!how.assignments) net.take_any_path();
  std::vector<bool> active = none;
  for (std::size_t k : forced) {
    active[k] = true;
    const bool fits = net.try_add(k);
    if (how.forced_fit != nullptr) *how.forced_fit = *how.forced_fit && fits;
  }
  active = add_in_order(problem, std::move(active), order,
                        [&net](std::size_t k) { return net.try_add(k); });
  return how.assignments ? net.plan(active) : net.sessions_kept(active);
}

/// Per session of `t`, how many sessions before it (in file order) have an assistant; the last
/// entry is the trust's n. Counted once per problem: counting again for each session on the
/// shift was a thirtieth of a run.
std::vector<std::size_t> assistants_before(const trust& t) {
  std::vector<std::size_t> before;
  before.reserve(t.sessions.size() + 1);
  before.push_back(0);
  for (const session& s : t.sessions)
    before.push_back(before.back() + (has_assistant(s) ? 1 : 0));
  return before;
}

/// Whether session `k` of `t` keeps its assisting roles on a struck shift: the first
/// round(share x n) of the trust's n sessions that have one, in file order, do. `before`:
/// assistants_before(t).
bool keeps_assistant(const std::vector<std::size_t>& before, std::size_t k, double share) {
  return static_cast<double>(before[k]) < std::round(share * static_cast<double>(before.back()));
}

/// The sessions kept in advance, in planning order (the problem's sessions are in it).
std::vector<std::size_t> in_advance_order(const std::vector<bool>& kept_in_advance) {
  std::vector<std::size_t> order;
  order.reserve(kept_in_advance.size());
  for (std::size_t k = 0; k < kept_in_advance.size(); ++k) {
    if (kept_in_advance[k]) order.push_back(k);
  }
  return order;
}

}  // namespace

cover_problem build_cover_problem(const trust& t, std::size_t shift_index, int weekday,
                                  action_kind kind, double act_down_share,
                                  const struck_shift* struck) {
  cover_problem p;
  p.act_down_share = act_down_share;
  const shift_def& shift = t.shifts[shift_index];
  // Sessions on this weekday that start within the shift.
  std::vector<std::size_t> on_shift;
  for (std::size_t k = 0; k < t.sessions.size(); ++k) {
    const session& s = t.sessions[k];
    if (std::find(s.weekdays.begin(), s.weekdays.end(), weekday) == s.weekdays.end()) continue;
    const int rel = (s.start_minute - shift.start_minute + 1440) % 1440;
    if (rel >= shift.length_minutes()) continue;
    on_shift.push_back(k);
  }
  add_pools(p, t, shift, kind, struck, !on_shift.empty());

  const bool walkout = struck && kind == action_kind::full_walkout;
  for (std::size_t sv = 0; sv < t.services.size(); ++sv) {
    const std::optional<cross_cover>& rule = t.services[sv].strike_cover;
    for (const service_shift& ss : t.services[sv].shifts) {
      if (ss.shift != shift.id) continue;
      for (const role_need& need : ss.roles) {
        const int count =
            walkout && struck->christmas_day_levels ? strike_day_level(ss, need) : need.count;
        if (count == 0) continue;
        p.roles.push_back(
            {need.specialty, need.min_grade, count, true, sv, eligible_pools(p, need)});
        p.released.push_back(walkout && rule ? released_pools(p, need, *rule)
                                             : std::vector<std::size_t>{});
      }
    }
  }
  p.emergency_roles = p.roles.size();
  if (std::all_of(p.released.begin(), p.released.end(), [](const auto& r) { return r.empty(); }))
    p.released.clear();  // no strike cover on this shift: nothing to commit before the sessions
  if (walkout && !p.released.empty()) {
    for (std::size_t sv = 0; sv < t.services.size(); ++sv) {
      const service& svc = t.services[sv];
      // The ED's patients queue for however many doctors it has; the takes and wards are staffed
      // at their roles (topping them up too cancelled most lists: see docs/model.md).
      if (!svc.strike_cover || svc.kind != service_kind::ed) continue;
      front_door door{sv, svc.specialty, {}, 0};
      for (std::size_t i = 0; i < p.pools.size(); ++i) {
        const staff_pool& pool = p.pools[i];
        if (!pool.on_call && !pool.christmas_day && pool.specialty != svc.specialty &&
            svc.strike_cover->admits(pool.specialty, pool.level))
          door.eligible.push_back(i);
      }
      p.front_doors.push_back(std::move(door));
    }
  }

  std::stable_sort(on_shift.begin(), on_shift.end(), [&](std::size_t a, std::size_t b) {
    return planning_key(t.sessions[a]) < planning_key(t.sessions[b]);
  });
  const std::vector<std::size_t> assisted =
      struck && !on_shift.empty() ? assistants_before(t) : std::vector<std::size_t>{};
  for (std::size_t k : on_shift) {
    session_slot slot{k, p.roles.size(), 0, 0};
    const day_part part = part_of(t.sessions[k], shift);
    // An assistant is planned on a struck shift only: on other days the file's doctors include
    // whoever assists, as before the action.
    const bool assistant = struck && keeps_assistant(assisted, k, struck->assisted_share);
    for (const role_need& need : t.sessions[k].roles) {
      if (need.assists && !assistant) continue;
      p.roles.push_back(
          {need.specialty, need.min_grade, need.count, false, k, eligible_pools(p, need), part});
      ++slot.role_count;
      slot.demand += need.count;
    }
    p.sessions.push_back(slot);
  }
  return p;
}

int max_fill(const cover_problem& problem, const std::vector<int>& supply,
             const std::vector<bool>& session_active) {
  if (problem.half_days()) {
    detail::half_day_network net(problem, supply);
    return static_cast<int>(net.best(session_active));
  }
  flow_network net(problem, supply);
  net.open(session_active);
  return static_cast<int>(net.solve_from_scratch());
}

cover_plan plan_cover(const cover_problem& problem, const std::vector<int>& supply,
                      const std::vector<std::size_t>& order,
                      const std::vector<std::size_t>& forced) {
  // What the emergency roles and the forced sessions fill together. Forced sessions may fall short
  // (protected work planned at the median turnout, checked here at another): a later session is
  // kept if it fills completely on top of this, without taking a place from what is committed.
  std::vector<int> free = supply;
  const front_door_commitment committed = commit_released(problem, free);
  if (problem.half_days()) {
    cover_plan plan = plan_half_days(problem, free, order, forced);
    add_committed(problem, committed, plan);
    return plan;
  }
  flow_network net(problem, free);
  std::vector<bool> active(problem.sessions.size(), false);
  for (std::size_t k : forced)
    active[k] = true;
  net.solve(active);
  active = add_in_order(problem, std::move(active), order,
                        [&net](std::size_t k) { return net.try_add(k); });
  cover_plan plan = net.plan(free, active);
  add_committed(problem, committed, plan);
  return plan;
}

cover_plan sessions_kept_planned(const cover_problem& problem, const std::vector<int>& supply,
                                 const std::vector<std::size_t>& order,
                                 const std::vector<std::size_t>& forced, bool* forced_fit) {
  if (forced_fit != nullptr) *forced_fit = true;
  // With strike cover the gaps filled after the sessions change the emergency counts: the whole
  // plan then (a forced session is filled whole or not at all: try_add undoes what does not fit).
  if (!problem.half_days() || !problem.released.empty()) {
    cover_plan plan = plan_cover(problem, supply, order, forced);
    for (std::size_t k : forced) {
      const session_slot& s = problem.sessions[k];
      for (std::size_t j = s.first_role; j < s.first_role + s.role_count; ++j)
        if (forced_fit != nullptr && plan.role_filled[j] < problem.roles[j].count)
          *forced_fit = false;
    }
    return plan;
  }
  return plan_half_days(
      problem, supply, order, forced,
      {.assignments = false, .known = nullptr, .forced_fit = forced_fit, .act_down_share = {}});
}

cover_plan replan_on_the_day(const cover_problem& problem, const std::vector<int>& supply,
                             const std::vector<bool>& kept_in_advance) {
  // The emergency roles filled as far as the staff present allow, then the sessions kept in
  // advance in planning order, each kept if it still fills on top of what is committed.
  std::vector<int> free = supply;
  const front_door_commitment committed = commit_released(problem, free);
  const std::vector<std::size_t> order = in_advance_order(kept_in_advance);
  if (problem.half_days()) {
    cover_plan plan = plan_half_days(problem, free, order, {});
    add_committed(problem, committed, plan);
    return plan;
  }
  flow_network net(problem, free);
  std::vector<bool> active(problem.sessions.size(), false);
  net.solve(active);
  active = add_in_order(problem, std::move(active), order,
                        [&net](std::size_t k) { return net.try_add(k); });
  cover_plan plan = net.plan(free, active);
  add_committed(problem, committed, plan);
  return plan;
}

cover_plan sessions_kept_on_the_day(const cover_problem& problem, const std::vector<int>& supply,
                                    const std::vector<bool>& kept_in_advance,
                                    emergency_cover* known) {
  return sessions_kept_on_the_day(problem, problem.act_down_share, supply, kept_in_advance, known);
}

cover_plan sessions_kept_on_the_day(const cover_problem& problem, double act_down_share,
                                    const std::vector<int>& supply,
                                    const std::vector<bool>& kept_in_advance,
                                    emergency_cover* known) {
  // With strike cover the doctors committed first and the gaps filled after the sessions change
  // the emergency counts: the whole plan then. Without, the half days' plan is the flow's alone.
  if (!problem.half_days() || !problem.released.empty()) {
    if (act_down_share == problem.act_down_share)
      return replan_on_the_day(problem, supply, kept_in_advance);
    cover_problem at_share = problem;
    at_share.act_down_share = act_down_share;
    return replan_on_the_day(at_share, supply, kept_in_advance);
  }
  return plan_half_days(problem, supply, in_advance_order(kept_in_advance), {},
                        {.assignments = false, .known = known, .act_down_share = act_down_share});
}

}  // namespace strikesim::model
