#pragma once
/// The cover planner: who covers which role on one shift, and which elective sessions are kept.
///
/// Emergency roles come first (filled as far as the staff allow); then sessions in planning order
/// (cancer, urgent, routine; within a priority theatre lists before clinics; then file order). A
/// session is kept only if all its roles can be filled while every role already committed stays
/// filled. Staff may be reassigned between roles to make room, which is why each check is a
/// maximum-flow problem (Boost.Graph push-relabel) on a bipartite graph of staff groups and roles,
/// not a greedy fill: cross-cover and acting down make greedy filling wrong. On a shift with
/// morning and afternoon sessions a doctor may work one of each; the check is then exact by a
/// branch and bound over a flow that bounds it (src/half_day.hpp).
///
///     cover_problem p = build_cover_problem(trust, shift_index, weekday, action_kind, act_down);
///     std::vector<int> supply = p.full_supply();           // or after strikers are removed
///     cover_plan plan = plan_cover(p, supply, p.planning_order());

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "strikesim/hospital/scenario.hpp"

namespace strikesim::model {

struct network_shape;
struct half_day_shape;

/// A pool of interchangeable doctors on one shift: one specialty and grade (and whether they are
/// on the Christmas Day rota, in which case they may only fill emergency roles, or on call from
/// home, in which case they are on site only when an action strikes the shift).
struct staff_pool {
  std::string specialty;
  grade level = grade::foundation;
  bool christmas_day = false;
  int rostered = 0;   // headcount on the shift when the action goes ahead
  int strikable = 0;  // of whom may strike under this action (junior, participating grade)
  bool on_call = false;
  int resting = 0;  // rostered on an ordinary day, resting after a night on call in the action
  std::string rests_from{};  // on-call pools: the morning shift they miss after a night called in
  /// Consultants whose SPA time the trust cancels on a struck shift (policy spa_cover): on site
  /// only when the action goes ahead, for any role of their own; idle, they go back to SPA work.
  bool spa = false;
  /// Senior grades that strike (consultants, SAS) give Christmas Day cover: a striker leaves this
  /// pool for the emergency-only pool named here instead of going home.
  std::optional<std::size_t> strikers_to{};
};

/// What an action changes on a shift it strikes: the trust's strike-cover rules open the
/// services' junior roles to seniors of other specialties, the on-call doctors come in, and the
/// doctors who came in for the night before rest.
struct struck_shift {
  std::vector<staff_group> resting;
  /// Full walk-outs: junior roles at the service's Christmas Day levels (policy).
  bool christmas_day_levels = false;
  /// On a shift with sessions: the share of its consultants' SPA time cancelled for emergency
  /// work (policy spa_cover).
  double spa_cover = 0;
  /// The share of the trust's sessions with an assisting role that keep it (policy
  /// assisted_share): the first round(share x n) of the n such sessions, in file order.
  double assisted_share = 1;
  /// The senior grades (consultant, SAS) that strike on this shift: each such pool is split into
  /// its doctors at work and an emergency-only pool that its strikers join.
  std::vector<grade> striking_seniors{};
};

/// Consultants' supporting professional activities per clinical ones: a standard job plan of the
/// 2003 consultant contract for England has 10 programmed activities, typically 7.5 of direct
/// clinical care and 2.5 of SPA (assumption: a typical job plan). The doctors a trust file lists
/// on a shift are those with clinical work, so 2.5 / 7.5 of their number are doing SPA.
inline constexpr double consultant_spa_ratio = 2.5 / 7.5;

/// When in the shift a role holds its doctors: all of it (emergency roles, all-day sessions), or
/// its morning or afternoon only (half-day sessions), so that one doctor may do a morning role and
/// an afternoon role.
enum class day_part : unsigned char { whole, morning, afternoon };

/// One role (with a count) on the shift: an emergency service's, or a session's.
struct role_slot {
  std::string specialty;
  grade min_grade = grade::foundation;
  int count = 0;
  bool emergency = false;
  std::size_t owner = 0;              // service index (emergency) or session index (elective)
  std::vector<std::size_t> eligible;  // staff pools that may fill it
  day_part part = day_part::whole;
};

/// A session that takes place on this shift, with the range of its roles in `roles`.
struct session_slot {
  std::size_t session = 0;  // index into trust.sessions
  std::size_t first_role = 0;
  std::size_t role_count = 0;
  int demand = 0;  // doctors needed
};

/// On a full walk-out's shift, the ED when its strike cover lets seniors of other specialties in:
/// before any session, the seniors free after the emergency roles bring it back up to the doctors
/// it has on an ordinary day (its patients are seen by however many doctors it has).
struct front_door {
  std::size_t service = 0;
  std::string home;                   // the service's specialty: its own free doctors count
  std::vector<std::size_t> eligible;  // pools of other specialties its strike cover allows
  int target = 0;                     // its doctors on an ordinary day (set by prepare)
};

struct cover_problem {
  std::vector<staff_pool> pools;
  std::vector<role_slot> roles;     // emergency roles first, then sessions' roles
  std::size_t emergency_roles = 0;  // roles[0, emergency_roles) are emergency roles
  /// Per emergency role: the pools that only the service's strike cover lets fill it (full
  /// walk-outs). The plan gives them the roles still short once the sessions are decided, from
  /// the doctors left idle: released seniors cover the front door without the planner keeping a
  /// list because another specialty's senior could take its surgeon's emergency role.
  std::vector<std::vector<std::size_t>> released;
  std::vector<front_door> front_doors;
  std::vector<session_slot> sessions;  // sessions on this shift, in planning order
  double act_down_share = 1.0;         // share of consultants willing to act down
  /// The flow network's shape, built once by prepare_network() when the problem is final and
  /// planned many times (the planner builds one for each call otherwise).
  std::shared_ptr<const network_shape> network;
  /// The same for the half-day network (shifts with morning and afternoon sessions).
  std::shared_ptr<const half_day_shape> half_day;
  /// With half days, the flow network of the emergency roles alone: their whole-shift flow, which
  /// every plan of the shift starts from, without the sessions' arcs (closed there, so the flow is
  /// the same; building and searching them was most of its cost).
  std::shared_ptr<const network_shape> emergency_network;

  /// Per session, its class: the same number for sessions whose roles ask the same (specialty,
  /// grade, number, half and pools). Once a session cannot be kept on top of those kept before
  /// it, no later one of its class can (it would come on top of more), so the planner does not
  /// try them. Set by prepare_network(); empty: every session is tried.
  std::vector<std::size_t> session_class;

  /// Builds `network`, `half_day`, `emergency_network` and `session_class` from the pools, roles
  /// and sessions as they are now.
  void prepare_network();

  /// Every pool's doctors when the action goes ahead, before anyone strikes: the on-call doctors
  /// in, those resting after a night on call out.
  [[nodiscard]] std::vector<int> full_supply() const;
  /// Every pool's doctors on an ordinary day (or when the action is called off): the on-call
  /// doctors at home, nobody resting.
  [[nodiscard]] std::vector<int> ordinary_supply() const;
  /// Indices of `sessions` in planning order (they are stored in that order).
  [[nodiscard]] std::vector<std::size_t> planning_order() const;
  /// Takes `strikers` doctors of pool `pool` out of `supply`: juniors go home, seniors join the
  /// pool's emergency-only pool (staff_pool::strikers_to).
  void strike(std::vector<int>& supply, std::size_t pool, int strikers) const;
  [[nodiscard]] int emergency_demand() const;
  /// Whether the shift has both morning and afternoon roles, so that a doctor may work two.
  [[nodiscard]] bool half_days() const;
};

/// Builds the problem for one shift of `trust` on a day of the given weekday; `struck` when an
/// action strikes it (see struck_shift), none otherwise. Sessions belong to the shift in which
/// they start; one that ends by the middle of the shift (rounded up to the hour: 13:00 on a
/// 08:00-17:00 day) is a morning session, one that starts at or after it an afternoon session, and
/// any other holds its doctors all shift.
cover_problem build_cover_problem(const trust& t, std::size_t shift_index, int weekday,
                                  action_kind kind, double act_down_share,
                                  const struck_shift* struck = nullptr);

/// How many doctors of each pool fill each role.
struct assignment {
  std::size_t pool = 0;
  std::size_t role = 0;
  int doctors = 0;
};

struct cover_plan {
  std::vector<bool> kept;        // per problem.sessions entry
  int emergency_filled = 0;      // doctors in emergency roles
  int emergency_unfilled = 0;    // emergency role places left empty
  std::vector<int> role_filled;  // per problem.roles entry (sessions not kept: 0)
  std::vector<assignment> assignments;
  std::vector<int> idle;  // per pool: doctors present but not in any role
  /// Per service (full walk-outs with strike cover; empty otherwise): seniors of other
  /// specialties committed to it beyond its roles, before the sessions were planned.
  std::vector<int> front_door;
};

/// Plans the shift with `supply[i]` doctors present in pool i: emergency roles first, then the
/// sessions in `order` (indices into problem.sessions). Sessions listed in `forced` are
/// committed first without a check (the protected sessions of a policy, or the sessions kept in
/// advance when replanning on the day); every other session is kept only if it fits alongside.
cover_plan plan_cover(const cover_problem& problem, const std::vector<int>& supply,
                      const std::vector<std::size_t>& order,
                      const std::vector<std::size_t>& forced = {});

/// plan_cover's sessions kept and emergency places filled and left empty, and nothing else (as
/// sessions_kept_on_the_day), and in `forced_fit` (if not null) whether every session of `forced`
/// filled: what the advance plans of the decision table's other lead times are read for.
cover_plan sessions_kept_planned(const cover_problem& problem, const std::vector<int>& supply,
                                 const std::vector<std::size_t>& order,
                                 const std::vector<std::size_t>& forced = {},
                                 bool* forced_fit = nullptr);

/// The plan on the day: starting from the sessions kept in advance, drop sessions from the
/// lowest planning priority up until the emergency roles are filled as far as the staff present
/// allow. Returns the plan with the surviving sessions.
cover_plan replan_on_the_day(const cover_problem& problem, const std::vector<int>& supply,
                             const std::vector<bool>& kept_in_advance);

/// Assignments of the emergency roles that fill them all, found at an act-down share: valid at
/// that share or any higher (no more consultants act down than it lets), and a maximum there.
struct emergency_cover {
  double act_down_share = 0;
  std::vector<assignment> assignments;  // empty: none found yet
};

/// The same plan's sessions kept and emergency places filled and left empty, and nothing else
/// (no assignments, roles filled or idle doctors): what the decision table counts for its other
/// lead times, where building the rest of each plan was a tenth of their cost. Plans of one shift
/// and turnout at several act-down shares may share `known` (not null): a plan starts from its
/// assignments when they were found at a share no higher than its own, instead of a flow of the
/// emergency roles of its own (which one it starts from changes nothing it returns: a session is
/// kept exactly when some plan fits it); a plan whose own flow fills every emergency role keeps
/// that flow there if none usable was known.
cover_plan sessions_kept_on_the_day(const cover_problem& problem, const std::vector<int>& supply,
                                    const std::vector<bool>& kept_in_advance,
                                    emergency_cover* known = nullptr);
/// The same with consultants willing to act down at `act_down_share` rather than the problem's
/// (the decision table's lead times: one problem, a share each).
cover_plan sessions_kept_on_the_day(const cover_problem& problem, double act_down_share,
                                    const std::vector<int>& supply,
                                    const std::vector<bool>& kept_in_advance,
                                    emergency_cover* known = nullptr);

/// The maximum number of role places that can be filled for the given active sessions
/// (emergency roles always active). Exposed for tests (exhaustive comparison).
int max_fill(const cover_problem& problem, const std::vector<int>& supply,
             const std::vector<bool>& session_active);

}  // namespace strikesim::model
