#pragma once
/// What one replication gives: per trust, every count and sum the summary folds in, as named
/// fields (analysis/summary.hpp turns them into distributions over replications).

#include <cstdint>
#include <vector>

namespace strikesim::model {

/// One specialty's share of a trust's figures.
struct specialty_outcome {
  double ops_cancelled_advance = 0;
  double ops_cancelled_day = 0;
  double slots_cancelled_advance = 0;
  double slots_cancelled_day = 0;
  double unfilled_role_hours = 0;
};

/// One emergency service over the report period.
struct service_outcome {
  double unfilled_role_hours = 0;  // role hours left empty
  double served = 0;               // requests served: patients seen, admissions clerked, tasks
  double wait_sum = 0;             // minutes those requests waited
  double queue_area = 0;           // time integral of the queue (divide by the report minutes)
};

/// The day as a decision at one lead time of the policy would have made it (same turnout and
/// call-off draws).
struct lead_outcome {
  double operations = 0;  // cancelled (in advance, standing, and on the day)
  double slots = 0;
  double unnecessary = 0;  // operations and slots cancelled for an action that was called off
  double unfilled_role_hours = 0;
};

/// What one replication gives for one trust.
struct trust_outcome {
  // The work the action puts at risk (prepared_trust's, the same in every replication), so
  // that shares of it can be worked out from an outcome alone.
  double planned_operations = 0, planned_slots = 0;
  double ops_cancelled_advance = 0;
  double ops_cancelled_day = 0;
  double slots_cancelled_advance = 0;
  double slots_cancelled_day = 0;
  double unfilled_role_hours = 0;
  double ed_attendances = 0;
  double ed_still_in = 0;  // of the report period's patients: still in at the run's end
  double ed_departed = 0;  // of the report period's patients: gone, or still in at the run's end
  double ed_within_4h = 0;
  double ed_time_sum = 0;  // minutes, over ed_departed (those still in: until the run's end)
  std::vector<specialty_outcome> by_specialty;  // trust.specialties order
  std::vector<double> ed_waiting_by_hour;       // mean patients waiting, each report hour
  /// Per prepared_trust::reported_sessions entry: 1 if kept in advance and cancelled on the day.
  std::vector<std::uint8_t> cancelled_on_day;
  double act_down_hours = 0;              // consultant hours in junior roles during the action
  std::vector<service_outcome> services;  // trust.services order
  /// Each service's realised cover, hour by hour over the report period (service-major: entry
  /// sv * report_hours + h), kept only with prepared_scenario::per_trust_backlog (else empty):
  /// the doctors at work in the service less the doctors its emergency roles need (negative when
  /// short), and the role hours left empty in that hour.
  std::vector<float> service_margin_by_hour, service_unfilled_by_hour;
  // The decision: advance cancellations that stood for an action then called off.
  double ops_unnecessary = 0, slots_unnecessary = 0;
  std::vector<lead_outcome> by_lead;  // per policy lead time
  // Recovery: backlog at the end of each day from first_report_day (operations, slots), the day
  // (after the last action day) it is clear or -1, and patient-days of delay.
  std::vector<float> backlog_ops, backlog_slots;  // kept per trust only with per_trust_backlog
  double backlog_days = 0;
  double patient_days_delay = 0;
  double displaced = 0;  // patients rebooked at the delay cap over other work
};

struct replication_outcome {
  double participation = 0;
  bool called_off = false;
  double call_off_days_before = 0;                // when called off: days before the first window
  std::vector<float> backlog_ops, backlog_slots;  // all trusts together, per day
  std::vector<trust_outcome> trusts;
  /// The values drawn for the drawn parameters (drawn_columns order: the policy's, the action's,
  /// the trust files'); empty when the replication drew none (no parameter with spread, or the
  /// chance-only run).
  std::vector<double> drawn;
};

}  // namespace strikesim::model
