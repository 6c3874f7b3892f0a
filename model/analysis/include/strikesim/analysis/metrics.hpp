#pragma once
/// The headline figures: the one table of what each is, how a replication gives it, and how
/// every writer names and shows it (JSON key, labels, unit, display hints). The summary folds
/// every figure of the table and every writer iterates it, so adding a row here is adding a
/// metric to every output; no other file spells a headline figure's formula, key or label.

#include <array>
#include <cstddef>
#include <string>

namespace strikesim::model {

/// The headline figures of a trust or of all trusts, in the order of the reports.
enum headline_figure : std::size_t {
  hf_ops_advance = 0,
  hf_ops_day,
  hf_slots,
  hf_unfilled,
  hf_act_down,
  hf_attendances,
  hf_four_hour,
  hf_mean_tid,
  hf_unnecessary,
  hf_patient_days,
  hf_planned_care_maintained,
  hf_count
};

/// What one replication gives for one trust, or for several summed (shares are pooled from
/// these sums, not averaged over trusts).
struct replication_totals {
  double ops_cancelled_advance = 0, ops_cancelled_day = 0;
  double slots_cancelled = 0;  // in advance and on the day
  double unfilled_role_hours = 0, act_down_hours = 0;
  double ed_attendances = 0, ed_departed = 0, ed_within_4h = 0, ed_minutes = 0;
  double ops_unnecessary = 0, slots_unnecessary = 0;
  double patient_days_delay = 0;
  double planned_operations = 0, planned_slots = 0;  // the same in every replication
};

/// The groups of figures of a trust (or the total) in `strikesim.result/1`, in the document's
/// order. A headline figure's JSON key is its group's key, a dot and its name.
enum class metric_group : std::size_t {
  elective_operations,
  outpatient_slots,
  planned_care,
  emergency_care,
  cover,
  decision,
  recovery,
  count
};
inline constexpr std::array<const char*, static_cast<std::size_t>(metric_group::count)>
    metric_group_keys = {"elective_operations",
                         "outpatient_slots",
                         "planned_care",
                         "emergency_care",
                         "cover",
                         "decision",
                         "recovery"};
inline const char* key_of(metric_group g) {
  return metric_group_keys[static_cast<std::size_t>(g)];
}

/// When the text and HTML tables of key figures show a figure (the workbook and the JSON show
/// every figure).
enum class shown_when {
  always,
  has_ed,     // the trust (or one of the trusts) has an emergency department
  called_off  // the action was called off in some outcome; the text gives that share
};

/// What the last column of the text and HTML tables of key figures says beside the figure.
enum class aside {
  none,
  of_planned_operations,  // "of 105": the planned operations (the workbook's "planned" column)
  of_planned_slots,       // "of 1,416": the planned outpatient slots (likewise)
  unit                    // the figure's unit
};

/// The values a figure can take: its 95% confidence interval of the mean is clipped to them (a
/// count's interval never reaches below 0, a percentage's never above 100).
enum class value_range {
  non_negative,  // counts, hours, minutes: at least 0
  percent        // 0 to 100
};

struct metric {
  headline_figure figure;  // what the summary holds it as (its index in the table, too)
  double (*value)(const replication_totals&);  // what one replication gives
  metric_group group;
  const char* name;         // within its group: the JSON key is "group.name"
  const char* label;        // text table, workbook, compare
  const char* unit;         // what it counts
  shown_when shown;         // in the text and HTML tables of key figures
  aside beside;             // in the text and HTML tables of key figures
  bool by_specialty;        // also given for each specialty of a trust
  const char* page_label;   // the HTML page's wording, where it differs from `label`
  const char* text_label;   // the text table's wording, where it differs from `label`
  const char* short_label;  // a column heading where room is short (the sweep page's table of
                            // points shows the figures that have one; the decision and
                            // specialty tables)
  value_range range;        // the values it can take (its confidence interval stays within)

  [[nodiscard]] std::string key() const { return std::string(key_of(group)) + "." + name; }
  [[nodiscard]] const char* label_on_page() const { return page_label ? page_label : label; }
  [[nodiscard]] const char* label_in_text() const { return text_label ? text_label : label; }
};

/// Every headline figure, in the order of the enum (the order of the text, HTML, workbook,
/// compare and sweep tables).
inline constexpr std::array<metric, hf_count> headline_metrics{{
    {hf_ops_advance, [](const replication_totals& t) { return t.ops_cancelled_advance; },
     metric_group::elective_operations, "cancelled_in_advance", "operations cancelled in advance",
     "operations", shown_when::always, aside::of_planned_operations, true, nullptr, nullptr,
     "operations cancelled in advance", value_range::non_negative},
    {hf_ops_day, [](const replication_totals& t) { return t.ops_cancelled_day; },
     metric_group::elective_operations, "cancelled_on_the_day", "operations cancelled on the day",
     "operations", shown_when::always, aside::of_planned_operations, true, nullptr, nullptr,
     nullptr, value_range::non_negative},
    {hf_slots, [](const replication_totals& t) { return t.slots_cancelled; },
     metric_group::outpatient_slots, "cancelled", "outpatient slots cancelled", "slots",
     shown_when::always, aside::of_planned_slots, true, nullptr, nullptr, "slots cancelled",
     value_range::non_negative},
    {hf_unfilled, [](const replication_totals& t) { return t.unfilled_role_hours; },
     metric_group::emergency_care, "unfilled_emergency_role_hours", "unfilled emergency role hours",
     "hours", shown_when::always, aside::none, true, nullptr, nullptr,
     "unfilled emergency role hours", value_range::non_negative},
    {hf_act_down, [](const replication_totals& t) { return t.act_down_hours; }, metric_group::cover,
     "consultant_act_down_hours", "consultant hours acting down", "hours", shown_when::always,
     aside::none, false, nullptr, nullptr, nullptr, value_range::non_negative},
    {hf_attendances, [](const replication_totals& t) { return t.ed_attendances; },
     metric_group::emergency_care, "ed_attendances", "ED attendances", "attendances",
     shown_when::has_ed, aside::none, false, nullptr, nullptr, nullptr, value_range::non_negative},
    {hf_four_hour,
     [](const replication_totals& t) {
       return t.ed_departed > 0 ? 100.0 * t.ed_within_4h / t.ed_departed : 100.0;
     },
     metric_group::emergency_care, "four_hour_percent", "ED seen within 4 hours (%)", "%",
     shown_when::has_ed, aside::none, false, "ED patients seen within 4 hours (%)", nullptr,
     nullptr, value_range::percent},
    {hf_mean_tid,
     [](const replication_totals& t) {
       return t.ed_departed > 0 ? t.ed_minutes / t.ed_departed : 0.0;
     },
     metric_group::emergency_care, "mean_minutes_in_department", "ED mean minutes in department",
     "minutes", shown_when::has_ed, aside::none, false, nullptr, nullptr, nullptr,
     value_range::non_negative},
    {hf_unnecessary,
     [](const replication_totals& t) { return t.ops_unnecessary + t.slots_unnecessary; },
     metric_group::decision, "unnecessary_cancellations", "cancelled for an action called off",
     "operations and slots", shown_when::called_off, aside::unit, false,
     "cancelled for an action then called off", "cancelled, action called off",
     "cancelled for nothing", value_range::non_negative},
    {hf_patient_days, [](const replication_totals& t) { return t.patient_days_delay; },
     metric_group::recovery, "patient_days_delay", "patient-days of delay", "patient-days",
     shown_when::always, aside::none, false, nullptr, nullptr, nullptr, value_range::non_negative},
    // Elective operations and outpatient slots kept, of those planned, together: the measure of
    // NHS England's 2025 target of keeping at least 95% of planned care on strike days
    // (shared/history.md). 100 when nothing is planned.
    {hf_planned_care_maintained,
     [](const replication_totals& t) {
       const double planned = t.planned_operations + t.planned_slots;
       const double cancelled = t.ops_cancelled_advance + t.ops_cancelled_day + t.slots_cancelled;
       // Nothing cancelled is 100 exactly (100 * planned / planned need not be, once a trust's
       // drawn scale makes the planned count a fraction).
       return planned > 0 && cancelled != 0 ? 100.0 * (planned - cancelled) / planned : 100.0;
     },
     metric_group::planned_care, "maintained_percent", "planned care maintained (%)", "%",
     shown_when::always, aside::none, false, "planned operations and outpatient slots kept (%)",
     nullptr, "planned care kept (%)", value_range::percent},
}};

/// The order of the headline figures within their groups in `strikesim.result/1` (the
/// document's order, which differs from the enum's in the emergency care group).
inline constexpr std::array<headline_figure, hf_count> result_json_order = {
    hf_ops_advance,
    hf_ops_day,
    hf_slots,
    hf_attendances,
    hf_four_hour,
    hf_unfilled,
    hf_mean_tid,
    hf_act_down,
    hf_unnecessary,
    hf_patient_days,
    hf_planned_care_maintained};

/// Not a headline figure (it is summarised over the outcomes whose backlog clears only), but a
/// row of the key figures: the text and HTML tables show it before the recovery group's figures,
/// the workbook after every headline figure.
inline constexpr const char* backlog_days_label = "days until the backlog is rebooked";

namespace detail {
constexpr bool metrics_in_enum_order() {
  for (std::size_t i = 0; i < headline_metrics.size(); ++i)
    if (headline_metrics[i].figure != i) return false;
  return true;
}
constexpr bool result_order_is_permutation() {
  std::array<bool, hf_count> seen{};
  for (const headline_figure f : result_json_order) {
    if (seen[f]) return false;
    seen[f] = true;
  }
  return true;
}
}  // namespace detail
static_assert(detail::metrics_in_enum_order(),
              "headline_metrics[i] must describe headline figure i");
static_assert(detail::result_order_is_permutation(), "each figure once in the JSON order");

}  // namespace strikesim::model
