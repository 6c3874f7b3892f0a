#pragma once
/// The result of `strikesim run` as types: built once from the summary (`make_run_result`), then
/// written as JSON, text, HTML or a workbook. A writer reads fields the compiler checks, not keys
/// of a JSON document. Every figure is a distribution over replications (`stat`).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "strikesim/analysis/summary.hpp"

namespace strikesim::model {

/// What the command line changed from the scenario file (`strikesim run --action`, `--policy`,
/// `--set`): every writer names it, so that no page shows a scenario's name above results for
/// other inputs.
struct run_changes {
  std::string action_file, policy_file;  // as given; empty for the scenario's own
  std::vector<std::string> overrides;    // "PATH=VALUE", in the order given
  std::string detail;                    // --detail as given: totals, trusts, full; "" for auto
};

/// The files and settings the run was made with.
struct run_meta {
  std::string name;         // the scenario file's
  std::string description;  // the scenario file's ("" if it has none)
  std::string action_name, policy_name;
  run_changes changes;
  bool illustrative_trusts = false;  // some trust is a copy of an archetype, not a real trust
  std::string scenario_file, action_file, policy_file;
  std::vector<std::string> trust_files;  // one a trust, in the scenario's order
  std::string action, policy;            // ids
  std::uint64_t seed = 0;
  std::uint64_t replications = 0;
  std::string version;
  double rota_notice_days = 0;  // consultants' notice to act down (the policy's)
};

/// What deciding `days` ahead would have given (the same turnout and call-off draws).
struct lead_time_row {
  double days = 0;
  stat operations, slots, unnecessary, unfilled_hours;
};

/// The decision to cancel in advance, and what it cost when the action was called off.
struct decision_figures {
  double decision_days = 0;
  double called_off_share = 0;  // of replications
  stat unnecessary_operations, unnecessary_slots;
  std::vector<lead_time_row> by_lead_time;  // one a lead time of the policy (or none)
};

/// The rebooking backlog at the end of one day: mean, p05, p95 are shown.
struct backlog_day {
  std::string date;  // "2016-01-12"
  stat operations, slots;
};

/// Rebooking the cancelled work after the action.
struct recovery_figures {
  int horizon_days = 0;
  double cleared_share = 0;  // of replications whose backlog clears within the horizon
  std::uint64_t never_cleared = 0;
  // Days until clear, only when every outcome clears: a mean over the ones that do would flatter.
  std::optional<stat> backlog_days;
  stat displaced, peak_operations, peak_slots;
  std::vector<backlog_day> by_day;  // empty when the backlog is not kept by day
};

/// The figures of one trust or of all trusts together.
struct run_figures {
  std::array<stat, hf_count> headline;  // metrics.hpp names them
  double operations_planned = 0, slots_planned = 0;
  decision_figures decision;
  recovery_figures recovery;
};

/// One specialty of a trust: only the headline figures metrics.hpp gives `by_specialty` are set.
struct specialty_result {
  std::string specialty;
  std::string name;  // for people: the trust file's, or made from the id
  int operations_planned = 0, slots_planned = 0;
  std::array<stat, hf_count> headline;
};

/// One report hour of a service's realised cover, over replications: the doctors at work in it
/// less those its emergency roles need (negative when short; time-averaged over the hour), and
/// the role hours left empty in the hour.
struct cover_hour {
  std::string hour;  // "2016-01-12T08:00"
  stat margin, unfilled_role_hours;
};

/// One emergency service of a trust over the report period.
struct service_result {
  std::string id, name, kind;
  stat unfilled_role_hours, served, mean_wait_minutes, mean_queue;
  std::vector<cover_hour> by_hour;  // each report hour; empty for a national composite
};

/// Patients waiting to be seen in the ED in one report hour (mean, p05, p50, p95 are shown).
struct ed_hour {
  std::string hour;  // "2016-01-12T08:00"
  stat waiting;
};

enum class session_status { not_planned, cancelled_in_advance, kept, kept_at_risk };
inline constexpr std::array<const char*, 4> session_status_names = {
    "not_planned", "cancelled_in_advance", "kept", "kept_at_risk"};

/// A planned session of the report period: kept, cancelled in advance (and why), or at risk of
/// cancellation on the day.
struct session_row {
  std::string id, date, time, specialty;
  std::string name, specialty_name;  // for people: the trust file's, or made from the ids
  session_kind kind = session_kind::theatre_list;
  std::string priority;
  int patients = 0;  // operations of a theatre list, slots of a clinic
  session_status status = session_status::kept;
  double cancelled_on_the_day_share = 0;  // of replications
  std::string reason;
};

/// Doctors of one specialty and grade on a shift of the action.
struct planned_staff {
  std::string specialty, grade;
  bool emergency_rota = false;
  int rostered = 0, planned_present = 0;
};
struct role_filler {
  std::string specialty, grade;
  int doctors = 0;
};
struct emergency_role {
  std::string service, specialty, grade;
  int needed = 0, planned_filled = 0;
  std::vector<role_filler> filled_by;
};
/// The advance cover plan of one shift of the action.
struct shift_cover {
  std::string shift, start, end;  // start and end as "2016-01-12T08:00"
  std::vector<planned_staff> staff;
  std::vector<emergency_role> emergency_roles;
  int consultants_acting_down = 0, emergency_places_unfilled = 0;
};

struct trust_result {
  std::string id, name;
  std::string archetype;  // the archetype a composite's trust is a copy of ("" for a real trust)
  bool has_ed = false;    // the trust file describes an emergency department
  run_figures figures;
  std::vector<specialty_result> by_specialty;
  std::vector<service_result> services;
  std::vector<ed_hour> ed_waiting_by_hour;
  std::vector<session_row> sessions;
  std::vector<shift_cover> cover_plan;
};

/// How much of a run result to build: the total alone, the figures of each trust and the total
/// (what the text table shows), or everything (also each trust's lists by specialty, service,
/// hour, session and shift, which the JSON, HTML and workbook show; for a national composite most
/// of the work, and most of the bytes: England's JSON at 100 replications is about 21 MB).
enum class result_detail { totals, figures, everything };

/// `--detail`'s names (totals, trusts, full) and what `auto` picks: everything for a scenario of
/// up to `listed_trusts` trusts (a trust or a region), each trust's figures for a composite.
inline constexpr std::size_t listed_trusts = 12;
const char* detail_name(result_detail detail);

/// A parameter the files give as a distribution, drawn anew in each replication.
struct drawn_input {
  std::string key;           // its key path: "policy.plan_percentile"
  std::string distribution;  // in words: "triangular from 0.5 to 0.8, mode 0.8"
  std::string scope;         // "country": one draw a replication for every trust
  double central = 0;        // the value of the chance-only run
};

/// The two parts of a range (probabilistic sensitivity analysis), for the total of all trusts:
/// what drives it, and the range of chance alone. Present when a parameter is drawn with spread.
struct range_parts {
  std::vector<drawn_input> inputs;
  /// Per headline figure: the standardized regression coefficient on each input (none where the
  /// figure or the input does not vary), from the sweep's regression (standardized_regression).
  std::array<std::vector<std::optional<double>>, hf_count> drivers;
  /// The same, the half-width of each coefficient's 95% confidence interval (1.96 standard
  /// errors): a coefficient within it of zero cannot be told from chance at this many
  /// replications (a driver of 0.2 at 200 replications can be a fluke of the seed).
  std::array<std::vector<std::optional<double>>, hf_count> driver_margins;
  /// Per headline figure: the share of its variance the inputs explain linearly (R squared).
  std::array<std::optional<double>, hf_count> r2;
  /// Too few replications to fit the coefficients (fewer than twice the inputs plus one): the
  /// drivers and R squared are then none.
  bool too_few_replications = false;
  /// The same replications (the same seeds) with every drawn parameter at its central value:
  /// what chance alone (turnout, who strikes, arrivals) spreads.
  std::array<stat, hf_count> chance_only;
};

struct run_result {
  run_meta meta;
  result_detail detail = result_detail::everything;
  stat participation;
  std::vector<trust_result> trusts;
  run_figures total;
  std::optional<range_parts> parts;
};

/// A coefficient as the reports show it: 0 when |c| < 1e-12 (zero up to rounding, whose sign
/// differs between builds).
[[nodiscard]] double shown_coefficient(double c);
/// Whether input `input`'s coefficient on figure `f` is farther from zero than its 95% margin:
/// a driver told apart from chance at this many replications.
[[nodiscard]] bool beyond_chance(const range_parts& parts, headline_figure f, std::size_t input);
/// How much narrower the chance-only range (p05-p95) is than the full one, in words: "62%
/// narrower", "as wide", "no range either way".
[[nodiscard]] std::string narrower(const stat& full, const stat& chance);

/// What the writers of a run show, from the summary of its replications and what the command
/// line changed.
/// `chance_only`, if given, is the same replications run with every drawn parameter at its
/// central value (prepared_scenario::draw_parameters off): the result then has its `parts`.
run_result make_run_result(const outcome_summary& summary, const std::string& version,
                           result_detail detail = result_detail::everything,
                           const run_changes& changes = {},
                           const outcome_summary* chance_only = nullptr);

/// The heading of every writer: the scenario's name, and the action and policy run instead of its
/// own ("Croydon ..., 12 January 2016, 24 h emergency care only — with action 96-hour full
/// walk-out, 11-15 April 2023").
std::string run_title(const run_meta& m);
/// What the decision table shows, read from its rows: which way deciding at its latest lead time
/// rather than its earliest moves the operations and slots cancelled and the unfilled emergency
/// role hours (with both means), and why it can go either way (consultants need
/// `rota_notice_days` of notice to act down). One sentence of the replay for fewer than two rows.
std::string decision_caption(const decision_figures& d, double rota_notice_days);
/// A note for pages whose trusts are copies of archetypes ("" when every trust is real).
std::string illustrative_note(const run_meta& m);
/// The command that gives the same result, in `format` (written to `output` unless empty): every
/// option that changes the result, each word quoted for a POSIX shell where it needs it.
std::string reproduce_command(const run_meta& m, const std::string& format,
                              const std::string& output);

}  // namespace strikesim::model
