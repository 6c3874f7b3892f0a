#pragma once
/// The hospital model's plain data: a trust, a strike action, a policy and a scenario joining
/// them, as read from the scenario files (strikesim/files/reader.hpp). Nothing here runs; it is
/// what the cover planner and the strike-day simulation are built from.
///
/// Time is in minutes. Clock times of day are minutes after midnight (local, Europe/London);
/// instants are minutes since the scenario's start (local midnight of its first day), held as
/// the kernel's strong types (`instant`, `minutes`) so that a time plus a count does not compile.

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "strikesim/sim/time.hpp"

namespace strikesim::model {

/// An instant of the scenario: minutes since local midnight of its first day.
using instant = sim::time_point;
/// A span of scenario time in minutes.
using minutes = sim::duration;

/// Where a value came from, for messages: file, line and column (1-based; 0 when unknown).
struct source_ref {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

/// Doctors' grades, lowest first. Foundation, core and registrar are junior doctors.
enum class grade : std::uint8_t { foundation, core, registrar, sas, consultant };
inline constexpr std::array<const char*, 5> grade_names = {"foundation", "core", "registrar", "sas",
                                                           "consultant"};
[[nodiscard]] constexpr bool is_junior(grade g) {
  return g <= grade::registrar;
}
/// Whether a doctor of grade `have` may fill a role needing grade `need` (acting down).
/// SAS doctors may fill registrar-level roles and below, not consultant roles.
[[nodiscard]] constexpr bool grade_covers(grade have, grade need) {
  if (need == grade::sas) return have == grade::sas || have == grade::consultant;
  if (have == grade::sas) return need <= grade::registrar;
  return static_cast<int>(have) >= static_cast<int>(need);
}

enum class day_kind : std::uint8_t { weekday, weekend, all };

/// A shift pattern: clock times [start, end), wrapping past midnight when end <= start.
struct shift_def {
  std::string id;
  int start_minute = 0;  // minutes after midnight
  int end_minute = 0;
  day_kind days = day_kind::all;
  source_ref where;
  [[nodiscard]] int length_minutes() const {
    return end_minute > start_minute ? end_minute - start_minute : 1440 - start_minute + end_minute;
  }
  [[nodiscard]] bool applies_on(int weekday) const {  // 0 = Monday
    return days == day_kind::all || (days == day_kind::weekday) == (weekday < 5);
  }
};

/// Doctors of one specialty and grade rostered on one shift.
struct staff_group {
  std::string specialty;
  grade level = grade::foundation;
  std::string shift;
  int headcount = 0;
  bool locum = false;  // locums are not in the union dispute: they never strike
  source_ref where;
  /// On-call rows: the shift they are rostered on the morning after a night, which they then miss
  /// to rest if called in (empty: they are extra to the next day's rota).
  std::string rests_from{};
  [[nodiscard]] bool can_strike() const { return is_junior(level) && !locum; }
};

/// Who else may fill a role beyond its own specialty at or above its grade.
struct cross_cover {
  grade min_grade = grade::consultant;
  std::vector<std::string> specialties;  // empty = any specialty
  /// Whether a doctor of `specialty` at grade `level` is one this rule lets in.
  [[nodiscard]] bool admits(const std::string& specialty, grade level) const {
    return grade_covers(level, min_grade) &&
           (specialties.empty() ||
            std::find(specialties.begin(), specialties.end(), specialty) != specialties.end());
  }
};

/// `count` doctors of `specialty` at grade `min_grade` or above (plus any cross-cover).
struct role_need {
  std::string specialty;
  grade min_grade = grade::foundation;
  int count = 0;
  std::optional<cross_cover> cover;
  /// A session's assistant at the operation (`assists = true`), planned on struck shifts only: the
  /// policy's `assisted_share` of the trust's sessions with one keep the role there; the others
  /// run without a resident assistant (a non-medical one, such as a surgical care practitioner).
  /// On other shifts the file's doctors include whoever assists, as on any day.
  bool assists = false;
  source_ref where;
};

/// Junior doctors who stay at work under an emergency-cover-only action ("Christmas Day" rota).
struct christmas_day_cover {
  std::string specialty;
  grade level = grade::foundation;
  int count = 0;
  source_ref where;
};

enum class service_kind : std::uint8_t {
  ed,
  acute_medical_take,
  surgical_take,
  icu,
  obstetrics,
  paediatrics,
  wards,
  other
};
inline constexpr std::array<const char*, 8> service_kind_names = {
    "ed",         "acute_medical_take", "surgical_take", "icu",
    "obstetrics", "paediatrics",        "wards",         "other"};

/// Minimum safe staffing of an emergency service on one shift.
struct service_shift {
  std::string shift;
  std::vector<role_need> roles;
  std::vector<christmas_day_cover> christmas_day;
  source_ref where;
};

/// A random duration or count, as a scenario file states it. The parameters have the names the
/// file gives them; each kind uses its own and leaves the others 0.
struct distribution_spec {
  enum class kind : std::uint8_t {
    constant,
    exponential,
    lognormal,
    gamma,
    weibull,
    triangular,
    uniform,
    beta
  };
  kind type = kind::constant;
  double value = 0;  // constant
  double mean = 0;   // exponential, lognormal, beta: of the value itself (not of its log)
  double sd = 0;     // lognormal, beta
  double shape = 0;  // gamma, weibull
  double scale = 0;  // gamma, weibull
  double low = 0;    // triangular, uniform
  double mode = 0;   // triangular
  double high = 0;   // triangular, uniform
  source_ref where;

  // Made in code, not read: `.where = {}` as there is no file to point at.
  /// Always `value`.
  static distribution_spec constant(double value) {
    return {.type = kind::constant, .value = value, .where = {}};
  }
  /// Exponential with this mean.
  static distribution_spec exponential(double mean) {
    return {.type = kind::exponential, .mean = mean, .where = {}};
  }
  /// Lognormal with this mean and sd (of the value, not of its log).
  static distribution_spec lognormal(double mean, double sd) {
    return {.type = kind::lognormal, .mean = mean, .sd = sd, .where = {}};
  }
  /// Gamma with this shape and scale.
  static distribution_spec gamma(double shape, double scale) {
    return {.type = kind::gamma, .shape = shape, .scale = scale, .where = {}};
  }
  /// Weibull with this shape and scale.
  static distribution_spec weibull(double shape, double scale) {
    return {.type = kind::weibull, .shape = shape, .scale = scale, .where = {}};
  }
  /// Triangular on [low, high], peaking at mode.
  static distribution_spec triangular(double low, double mode, double high) {
    return {.type = kind::triangular, .low = low, .mode = mode, .high = high, .where = {}};
  }
  /// Uniform on [low, high].
  static distribution_spec uniform(double low, double high) {
    return {.type = kind::uniform, .low = low, .high = high, .where = {}};
  }
  /// Beta on [0, 1] with this mean and sd.
  static distribution_spec beta(double mean, double sd) {
    return {.type = kind::beta, .mean = mean, .sd = sd, .where = {}};
  }

  /// The mean of the values drawn (for exponential, lognormal and beta, the `mean` parameter).
  [[nodiscard]] double expected_value() const;
};

/// The scenario parameters a file may give as a distribution (probabilistic sensitivity
/// analysis): each is drawn anew in every replication, from a stream of its own, and the plain
/// field keeps its central value (what the chance-only run uses). The policy's come first, then
/// the action's (its demand change), then the trust's (scales of its sessions' counts).
enum class drawn_target : std::uint8_t {
  plan_percentile,
  act_down_share,
  spa_cover,
  assisted_share,
  rota_notice_days,
  decision_days,
  reinstate_share,
  spare_theatre_share,
  spare_clinic_share,
  ed_attendances,        // action.demand.ed_attendances
  emergency_admissions,  // action.demand.emergency_admissions
  bed_wait,              // action.demand.bed_wait
  operations_scale,      // trust.operations_scale
  slots_scale,           // trust.slots_scale
  admission_share        // trust.ed.admission_share
};
/// Whether a drawn value of `t` changes the advance plan (then each replication plans anew).
[[nodiscard]] constexpr bool changes_the_plan(drawn_target t) {
  return t <= drawn_target::decision_days;
}

/// One draw a replication for the whole country (every trust of a composite shares it: one
/// uniform number, so trusts whose files give the same key different distributions draw the same
/// quantile of each), or one a trust (a stream keyed by the trust's id too).
enum class draw_scope : std::uint8_t { country, trust };

/// A parameter given as a distribution: its key path in the file ("policy.plan_percentile"),
/// what it sets, its distribution (constant, uniform, triangular or beta, drawn by inversion of
/// one uniform number) and its central value (the value, the mean of a uniform or beta, the mode
/// of a triangular).
struct drawn_parameter {
  std::string key;
  drawn_target target = drawn_target::plan_percentile;
  draw_scope scope = draw_scope::country;
  distribution_spec dist;
  double central = 0;
  source_ref where;
  /// Whether its draws vary (a distribution of zero spread draws its central value always).
  [[nodiscard]] bool has_spread() const;
  /// The value at quantile `u` in (0, 1).
  [[nodiscard]] double quantile(double u) const;
};

/// Work that arrives at a service and is done by its doctors (ward tasks, clerking).
struct workload {
  std::array<double, 24> per_hour{};  // tasks per hour by hour of day
  distribution_spec minutes;          // time a doctor spends on a task
  source_ref where;
};

struct service {
  std::string id;
  std::string name;
  service_kind kind = service_kind::other;
  std::string specialty;  // the specialty whose unassigned doctors work here by default
  std::vector<service_shift> shifts;
  std::optional<workload> work;
  /// Who else may fill the junior roles of this service on a shift an action strikes (the
  /// seniors released from cancelled sessions, and on-call seniors who come in): doctors of these
  /// specialties at `min_grade` or above. None: only the roles' own rules.
  std::optional<cross_cover> strike_cover;
  source_ref where;
};

/// The longest shift an on-call doctor may be called in for: 24 hours less the 11 consecutive
/// hours of rest in each 24-hour period the Working Time Regulations 1998 (regulation 10) give.
inline constexpr int on_call_max_shift_minutes = 13 * 60;

struct acuity_class {
  std::string name;
  double share = 0;
};

/// Where admitted ED patients go: clerking work for a take service.
struct admission_route {
  std::string service;
  double share = 0;
};

/// Emergency department demand.
struct ed_demand {
  std::string service;  // the ED service id
  std::array<double, 24> weekday_per_hour{};
  std::array<double, 24> weekend_per_hour{};
  std::vector<acuity_class> acuity;
  distribution_spec consultation_minutes;
  double admission_share = 0;
  std::vector<admission_route> admit_to;
  distribution_spec clerking_minutes;
  /// Attendances seen by others than the ED's doctors (type 2 and 3 units, streaming to nurse
  /// practitioners or GPs): they spend `streamed_minutes` in the department and queue for no
  /// doctor. Nurses and GPs do not strike.
  double streamed_share = 0;
  distribution_spec streamed_minutes;
  /// After being clerked, an admitted patient waits this long for a bed before leaving the
  /// department (none if not given).
  std::optional<distribution_spec> bed_wait_minutes;
  source_ref where;
};

enum class session_kind : std::uint8_t { theatre_list, clinic };
enum class clinical_priority : std::uint8_t { cancer, urgent, routine };
inline constexpr std::array<const char*, 3> priority_names = {"cancer", "urgent", "routine"};
inline constexpr std::array<const char*, 2> session_kind_names = {"theatre_list", "clinic"};

/// A weekly elective session (theatre list or outpatient clinic), all-or-nothing.
/// A name for people from an id the file names nothing: "General surgery" for
/// `general_surgery`, "ENT" for `ent` (three letters or fewer read as an abbreviation), "Gs
/// cancer list (2)" for `gs-cancer-list#2`.
std::string name_from_id(std::string_view id);

struct session {
  std::string id;
  std::string name;  // for people: the file's `name`, or made from the id (name_from_id)
  session_kind kind = session_kind::theatre_list;
  std::string specialty;  // for reports by specialty
  clinical_priority priority = clinical_priority::routine;
  std::vector<int> weekdays;  // 0 = Monday
  int start_minute = 0;
  int end_minute = 0;
  std::vector<role_need> roles;
  int operations = 0;  // theatre lists
  int slots = 0;       // clinics
  std::size_t file_order = 0;
  source_ref where;
};

struct trust {
  std::string id;
  std::string name;
  std::vector<std::string> sites;
  std::vector<std::string> specialties;
  /// For people, one a specialty: the file's `specialty_names`, or made from the id.
  std::vector<std::string> specialty_names;
  std::vector<shift_def> shifts;
  std::vector<staff_group> staff;
  /// Doctors on call from home on a shift: not on site on an ordinary day; they come in for a
  /// shift an action strikes, and one who came in for a night rests through the next morning's
  /// shift if they are rostered on it (staff_group::rests_from).
  std::vector<staff_group> on_call;
  std::vector<service> services;
  std::optional<ed_demand> ed;
  std::vector<session> sessions;
  /// Scales of the operations of every theatre list and the slots of every clinic (1: the
  /// counts as the file gives them). The counts are assumptions, so a file may draw a scale in
  /// each replication (`drawn`): it multiplies what is planned, cancelled and rebooked that
  /// replication, never which sessions are kept (a session is kept or cancelled by its roles).
  double operations_scale = 1;
  double slots_scale = 1;
  /// Parameters of the trust file given as distributions (the fields above hold the central
  /// values): scope "trust" by default, one draw a trust.
  std::vector<drawn_parameter> drawn;
  std::string copy_of;  // the id in the file (differs from `id` for copies in a composite)
  std::string file;
};

/// Whether a session has a resident assistant (a role with `assists`).
[[nodiscard]] bool has_assistant(const session& s);
/// How many of a trust's sessions have one.
[[nodiscard]] std::size_t sessions_with_assistant(const trust& t);

enum class action_kind : std::uint8_t { emergency_cover_only, full_walkout };

/// A strike window, [start, end), and the grades that strike in it.
struct window {
  instant start;
  instant end;
  std::vector<grade> grades;
};

/// A civil date (proleptic Gregorian).
struct date {
  int year = 1970;
  int month = 1;
  int day = 1;
  auto operator<=>(const date&) const = default;
};
/// A local date-time, minute resolution.
struct local_time {
  date day;
  int minute = 0;  // after midnight
  auto operator<=>(const local_time&) const = default;
};

/// The chance that an action is called off (suspended) before it starts, and when. A historical
/// action that was called off has a date (and probability 1).
struct call_off_spec {
  double probability = 0;
  distribution_spec days_before;  // before the first window starts, when it is called off
  std::optional<local_time> at;   // a real call-off: this local time
};

/// How emergency demand changes inside an action's windows, as shares (-0.068: 6.8% fewer). The
/// defaults are England's over the four 2016 strikes: A&E attendances -6.8% and emergency
/// admissions -9.1% on strike days (Furnivall et al., BMJ Open 2018). Not applied in a
/// replication in which the action is called off.
struct demand_change {
  double ed_attendances = -0.068;
  double emergency_admissions = -0.091;
  /// Change of an admitted patient's wait for a bed inside the windows (postponed electives free
  /// beds): -0.21, from the hazard ratio of admission from the ED of 1.16-1.39 on strike days at
  /// two north-west EDs (Garner et al., EMJ 2025): waits shorter by 1 - 1/1.27 (assumption: the
  /// middle of the range, applied as a scale on the wait).
  double bed_wait = -0.21;
};

/// One window of an action as the file gives it: local times, and the grades that strike in it
/// (the action's `grades` unless the window names its own).
struct action_window {
  local_time start;
  local_time end;
  std::vector<grade> grades;
};

struct strike_action {
  std::string id;
  std::string name;
  action_kind kind = action_kind::emergency_cover_only;
  std::vector<action_window> windows;
  /// The grades that strike where a window does not say. Junior grades strike as the kind says;
  /// a senior grade (consultant, SAS) that strikes gives "Christmas Day cover": its strikers stay
  /// for emergency work only, so their elective sessions are lost.
  std::vector<grade> grades{grade::foundation, grade::core, grade::registrar};
  distribution_spec participation;  // share of eligible juniors who strike, per replication
  /// How much doctors of one department (a trust's specialty) decide together: the intraclass
  /// correlation of striking within a department. 0: each doctor strikes at the national rate,
  /// independently; above 0, each department draws its own rate around it (a beta of the same
  /// mean, variance clustering x p(1-p)) once a replication. docs/model.md, "What a strike is".
  double clustering = 0;
  std::optional<date> announced;
  call_off_spec call_off;
  demand_change demand;
  /// Parameters of the action file given as distributions (`demand` holds the central values).
  std::vector<drawn_parameter> drawn;
  std::string file;
};

/// Rebooking cancelled work into the following weeks.
struct recovery_policy {
  double spare_theatre_share = 0.05;  // of each weekday's planned operations, free for rebooking
  double spare_clinic_share = 0.05;   // of each weekday's planned outpatient slots
  int extra_weekend_lists = 0;        // extra theatre lists bought on each weekend day
  int operations_per_extra_list = 4;
  int extra_weekend_clinics = 0;  // extra clinics bought on each weekend day
  int slots_per_extra_clinic = 20;
  int max_delay_days = 0;  // 0: none; else a patient is rebooked by then, displacing
  int horizon_days = 182;  // how long after the action recovery is followed
};

struct policy {
  std::string id;
  std::string name;
  double plan_percentile = 0.8;            // plan for this percentile of absence
  double act_down_share = 1.0;             // share of consultants willing to act down
  std::vector<clinical_priority> protect;  // planned at the median absence instead
  // When the trust decides: cancellations are made (patients told) this many days before the
  // first window. Consultants re-rostered to act down need `rota_notice_days`: a later decision
  // has that share of them (decision_days / rota_notice_days, at most 1).
  double decision_days = 7;
  double rota_notice_days = 7;
  // Called off after the decision: this share of the cancelled activity is reinstated if the
  // call-off comes right after the decision, falling linearly to none at the action's start.
  double reinstate_share = 0.5;
  // On a full walk-out, a service's junior roles are staffed at the levels of its Christmas Day
  // list where it has one ("consultants covered emergency care on Christmas Day levels", NHS
  // England on the 2023-24 walk-outs, shared/history.md); false: at the ordinary minimum.
  bool walkout_christmas_day_levels = true;
  // On a struck shift with sessions, the share of the consultants' supporting professional
  // activities (SPA: audit, teaching, admin; not counted among the doctors on site) the trust
  // cancels so that they cover emergency work: that many consultants come in, for emergency roles
  // only (see consultant_spa_ratio). 0: none.
  double spa_cover = 0;
  // On a struck shift, the share of a trust's sessions with an assisting role (`assists`), in
  // file order, whose resident assistant the trust will not do without; the rest run without one.
  double assisted_share = 1;
  std::vector<double> lead_times{0, 1, 2, 3, 5, 7, 10, 14};  // days, for the trade-off table
  recovery_policy recovery;
  /// Parameters given as distributions (their fields above hold the central values).
  std::vector<drawn_parameter> drawn;
  std::string file;
};

/// Whether any of `drawn` has spread (draws that vary).
[[nodiscard]] bool any_spread(const std::vector<drawn_parameter>& drawn);

/// `p` with `value` set where `target` says (a target of the policy; others are left alone).
void set_drawn(policy& p, drawn_target target, double value);
/// `d` with `value` set where `target` says (a demand target; others are left alone).
void set_drawn(demand_change& d, drawn_target target, double value);

struct run_settings {
  int replications = 100;
  std::uint64_t seed = 1;
  int warmup_days = 1;
};

/// An era's volumes against those of the trust files (a national composite sized for 2016 run
/// for a later year): every session's operations and every clinic's slots are scaled, rounded
/// to whole numbers (at least 1).
struct era_scale {
  std::string name;  // empty: none
  double operations = 1;
  double outpatient_slots = 1;
};

struct scenario {
  std::string name;
  std::string description;
  era_scale era;
  std::string file;
  std::vector<trust> trusts;
  strike_action action;
  policy plan_policy;
  run_settings run;
  date first_day;                      // scenario minute 0 is local midnight of this day
  int first_weekday = 0;               // of first_day, 0 = Monday
  std::vector<window> windows;         // the action's windows
  instant report_start;                // midnight starting the first window's day
  instant horizon;                     // midnight ending the last window's day
  std::optional<instant> call_off_at;  // a historical action's real call-off
};

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
[[nodiscard]] constexpr std::int64_t days_from_civil(date d) {
  const int y = d.year - (d.month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = static_cast<unsigned>(d.month + (d.month > 2 ? -3 : 9));
  const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(d.day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
/// The date `days` after 1970-01-01 (Howard Hinnant's algorithm).
[[nodiscard]] constexpr date civil_from_days(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const auto d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const auto m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const auto y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0));
  return date{y, m, d};
}
/// 0 = Monday ... 6 = Sunday.
[[nodiscard]] constexpr int weekday_of(date d) {
  const std::int64_t z = days_from_civil(d);
  return static_cast<int>(((z % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
}
[[nodiscard]] constexpr bool valid_date(date d) {
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  const int n = days[d.month - 1] + (d.month == 2 && leap ? 1 : 0);
  return d.day <= n;
}

}  // namespace strikesim::model
