#include "strikesim/reports/results.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <system_error>

#include "shared.hpp"
#include "strikesim/analysis/metrics.hpp"
#include "strikesim/files/charconv.hpp"

namespace strikesim::model {

nlohmann::ordered_json stat_to_json(const stat& s) {
  nlohmann::ordered_json j;
  j["mean"] = s.mean;
  j["sd"] = s.sd;
  j["p05"] = s.p05;
  j["p50"] = s.p50;
  j["p95"] = s.p95;
  j["ci95"] = {s.ci_low, s.ci_high};
  return j;
}

namespace {

using json = nlohmann::ordered_json;
using detail::kv;
using detail::object_of;

/// The entries of `items` as a JSON array (empty, not null, without any).
template <class T, class ToJson>
json array_of(const std::vector<T>& items, ToJson to_json) {
  json out = json::array();
  for (const T& item : items)
    out.push_back(to_json(item));
  return out;
}

/// {"mean", "p05", "p95"}: a band for a chart.
json band_json(const stat& st) {
  return object_of(kv("mean", st.mean), kv("p05", st.p05), kv("p95", st.p95));
}

/// The planned count a group of figures leads with (a trust's or total's as doubles, a
/// specialty's as integers, as the document has always written them).
template <class Count>
void planned_json(json& g, metric_group group, Count operations, Count slots) {
  if (group == metric_group::elective_operations) g["planned"] = operations;
  if (group == metric_group::outpatient_slots) g["planned"] = slots;
}

/// The headline figures of `group` that `keep` keeps, in the document's order.
template <class Keep>
void headline_json(json& g, metric_group group, const std::array<stat, hf_count>& headline,
                   Keep keep) {
  for (const headline_figure f : result_json_order)
    if (headline_metrics[f].group == group && keep(headline_metrics[f]))
      g[headline_metrics[f].name] = stat_to_json(headline[f]);
}

bool every_figure(const metric&) {
  return true;
}
bool by_specialty(const metric& m) {
  return m.by_specialty;
}

/// The headline figures at another lead time keep their headline names.
json lead_time_json(const lead_time_row& row) {
  return object_of(kv("days", row.days), kv("operations_cancelled", stat_to_json(row.operations)),
                   kv("outpatient_slots_cancelled", stat_to_json(row.slots)),
                   kv(headline_metrics[hf_unnecessary].name, stat_to_json(row.unnecessary)),
                   kv(headline_metrics[hf_unfilled].name, stat_to_json(row.unfilled_hours)));
}

json backlog_day_json(const backlog_day& d) {
  return object_of(kv("date", d.date), kv("operations", band_json(d.operations)),
                   kv("outpatient_slots", band_json(d.slots)));
}

/// What a group gives before its headline figures: the planned count, the decision's lead time
/// and share called off, the recovery's horizon and days to clear.
void group_head_json(json& g, metric_group group, const run_figures& f) {
  planned_json(g, group, f.operations_planned, f.slots_planned);
  if (group == metric_group::decision) {
    g["decision_days"] = f.decision.decision_days;
    g["called_off_share"] = f.decision.called_off_share;
  } else if (group == metric_group::recovery) {
    g["horizon_days"] = f.recovery.horizon_days;
    g["cleared_within_horizon_share"] = f.recovery.cleared_share;
    g["backlog_days"] = f.recovery.backlog_days ? stat_to_json(*f.recovery.backlog_days) : nullptr;
  }
}

/// What the decision and recovery groups give after their headline figures.
void group_tail_json(json& g, metric_group group, const run_figures& f) {
  if (group == metric_group::decision) {
    g["unnecessary_operations"] = stat_to_json(f.decision.unnecessary_operations);
    g["unnecessary_outpatient_slots"] = stat_to_json(f.decision.unnecessary_slots);
    g["by_lead_time"] = array_of(f.decision.by_lead_time, lead_time_json);
  } else if (group == metric_group::recovery) {
    g["displaced_at_delay_cap"] = stat_to_json(f.recovery.displaced);
    g["peak_backlog_operations"] = stat_to_json(f.recovery.peak_operations);
    g["peak_backlog_outpatient_slots"] = stat_to_json(f.recovery.peak_slots);
    g["backlog_by_day"] = array_of(f.recovery.by_day, backlog_day_json);
  }
}

metric_group group_at(std::size_t i) {
  return static_cast<metric_group>(i);
}

/// The metric groups of a trust or of the total.
void figures_json(json& j, const run_figures& f) {
  for (std::size_t i = 0; i < metric_group_keys.size(); ++i) {
    json& g = j[metric_group_keys[i]];
    group_head_json(g, group_at(i), f);
    headline_json(g, group_at(i), f.headline, every_figure);
    group_tail_json(g, group_at(i), f);
  }
}

bool has_specialty_figures(metric_group group) {
  return std::any_of(headline_metrics.begin(), headline_metrics.end(),
                     [&](const metric& m) { return m.group == group && m.by_specialty; });
}

json specialty_json(const specialty_result& sp) {
  json j;
  j["specialty"] = sp.specialty;
  j["name"] = sp.name;
  for (std::size_t i = 0; i < metric_group_keys.size(); ++i) {
    if (!has_specialty_figures(group_at(i))) continue;
    json& g = j[metric_group_keys[i]];
    planned_json(g, group_at(i), sp.operations_planned, sp.slots_planned);
    headline_json(g, group_at(i), sp.headline, by_specialty);
  }
  return j;
}

/// One hour of a service's cover: fewer fields than a stat (there are services times hours of
/// them).
json cover_hour_json(const cover_hour& h) {
  const stat& m = h.margin;
  const stat& u = h.unfilled_role_hours;
  return object_of(kv("hour", h.hour),
                   kv("margin", object_of(kv("mean", m.mean), kv("p05", m.p05), kv("p50", m.p50),
                                          kv("p95", m.p95))),
                   kv("unfilled_role_hours", object_of(kv("mean", u.mean), kv("p95", u.p95))));
}

json service_json(const service_result& s) {
  return object_of(kv("id", s.id), kv("name", s.name), kv("kind", s.kind),
                   kv("unfilled_role_hours", stat_to_json(s.unfilled_role_hours)),
                   kv("served", stat_to_json(s.served)),
                   kv("mean_wait_minutes", stat_to_json(s.mean_wait_minutes)),
                   kv("mean_queue", stat_to_json(s.mean_queue)),
                   kv("by_hour", array_of(s.by_hour, cover_hour_json)));
}

json ed_hour_json(const ed_hour& h) {
  const stat& w = h.waiting;
  return object_of(kv("hour", h.hour), kv("mean", w.mean), kv("p05", w.p05), kv("p50", w.p50),
                   kv("p95", w.p95));
}

json session_json(const session_row& s) {
  return object_of(
      kv("id", s.id), kv("name", s.name), kv("date", s.date), kv("time", s.time),
      kv("specialty", s.specialty),
      kv("kind", session_kind_names[static_cast<std::size_t>(s.kind)]), kv("priority", s.priority),
      kv(s.kind == session_kind::theatre_list ? "operations" : "slots", s.patients),
      kv("status", session_status_names[static_cast<std::size_t>(s.status)]),
      kv("cancelled_on_the_day_share", s.cancelled_on_the_day_share), kv("reason", s.reason));
}

json planned_staff_json(const planned_staff& p) {
  return object_of(kv("specialty", p.specialty), kv("grade", p.grade),
                   kv("emergency_rota", p.emergency_rota), kv("rostered", p.rostered),
                   kv("planned_present", p.planned_present));
}

json role_filler_json(const role_filler& f) {
  return object_of(kv("specialty", f.specialty), kv("grade", f.grade), kv("doctors", f.doctors));
}

json emergency_role_json(const emergency_role& r) {
  return object_of(kv("service", r.service), kv("specialty", r.specialty), kv("grade", r.grade),
                   kv("needed", r.needed), kv("planned_filled", r.planned_filled),
                   kv("filled_by", array_of(r.filled_by, role_filler_json)));
}

json shift_cover_json(const shift_cover& c) {
  return object_of(kv("shift", c.shift), kv("start", c.start), kv("end", c.end),
                   kv("staff", array_of(c.staff, planned_staff_json)),
                   kv("emergency_roles", array_of(c.emergency_roles, emergency_role_json)),
                   kv("consultants_acting_down", c.consultants_acting_down),
                   kv("emergency_places_unfilled", c.emergency_places_unfilled));
}

/// A trust's figures and lists; at `--detail trusts` its decision table by lead time is left out
/// (an empty list): the total has it, and for England's 167 trusts it is half the document.
json trust_json(const trust_result& t, result_detail detail) {
  json j;
  j["id"] = t.id;
  j["name"] = t.name;
  figures_json(j, t.figures);
  if (detail != result_detail::everything) j["decision"]["by_lead_time"] = json::array();
  j["by_specialty"] = array_of(t.by_specialty, specialty_json);
  j["services"] = array_of(t.services, service_json);
  j["ed_waiting_by_hour"] = array_of(t.ed_waiting_by_hour, ed_hour_json);
  j["sessions"] = array_of(t.sessions, session_json);
  j["cover_plan"] = array_of(t.cover_plan, shift_cover_json);
  return j;
}

json meta_json(const run_meta& m) {
  json j;
  j["name"] = m.name;
  j["title"] = run_title(m);
  j["files"]["scenario"] = m.scenario_file;
  j["files"]["action"] = m.action_file;
  j["files"]["policy"] = m.policy_file;
  for (const std::string& file : m.trust_files)
    j["files"]["trusts"].push_back(file);
  j["action"] = m.action;
  j["policy"] = m.policy;
  j["overrides"] = m.changes.overrides;
  j["seed"] = m.seed;
  j["replications"] = m.replications;
  j["version"] = m.version;
  return j;
}

}  // namespace

namespace {

/// The two parts of the total's ranges: the drawn inputs, and per headline figure the range of
/// chance alone, how much narrower it is, and the standardized regression coefficient of the
/// figure on each input (null where the figure or the input does not vary).
json uncertainty_json(const range_parts& parts) {
  json inputs = json::array();
  for (const drawn_input& in : parts.inputs)
    inputs.push_back(object_of(kv("key", in.key), kv("distribution", in.distribution),
                               kv("scope", in.scope), kv("central", in.central)));
  json figures = json::object();
  for (const metric& m : headline_metrics) {
    json drivers = json::object(), margins = json::object();
    for (std::size_t j = 0; j < parts.inputs.size(); ++j) {
      const std::optional<double>& c = parts.drivers[m.figure][j];
      drivers[parts.inputs[j].key] = c ? json(shown_coefficient(*c)) : json(nullptr);
      const std::optional<double>& margin = parts.driver_margins[m.figure][j];
      margins[parts.inputs[j].key] = margin ? json(*margin) : json(nullptr);
    }
    const std::optional<double>& r2 = parts.r2[m.figure];
    figures[m.key()] =
        object_of(kv("chance_only", stat_to_json(parts.chance_only[m.figure])),
                  kv("r2", r2 ? json(*r2) : json(nullptr)), kv("drivers", std::move(drivers)),
                  kv("driver_margins", std::move(margins)));
  }
  return object_of(kv("inputs", std::move(inputs)), kv("figures", std::move(figures)));
}

}  // namespace

nlohmann::ordered_json results_json(const run_result& result) {
  json doc;
  doc["schema"] = "strikesim.result/1";
  doc["scenario"] = meta_json(result.meta);
  doc["scenario"]["detail"] = detail_name(result.detail);
  doc["participation"] = stat_to_json(result.participation);
  json& trusts = doc["trusts"];
  trusts = json::array();
  for (const trust_result& t : result.trusts)
    trusts.push_back(trust_json(t, result.detail));
  json total;
  figures_json(total, result.total);
  doc["total"] = std::move(total);
  if (result.parts) doc["uncertainty"] = uncertainty_json(*result.parts);
  return doc;
}

nlohmann::ordered_json results_json(const outcome_summary& summary, const std::string& version) {
  return results_json(make_run_result(summary, version));
}

namespace {

/// What the rows of a text table needed explaining under it.
struct text_notes {
  bool no_spread = false;  // a figure the same in every outcome (shown without a range)
  bool outside = false;    // a mean outside its range (marked *, with its max or min)
};

/// One row of the text table: mean and range, then what it is out of. A figure the same in every
/// outcome is one number; a mean outside its range is marked, with the max (or min) beside it.
void text_row(std::string& out, std::string_view label, const stat& st, std::string_view of,
              text_notes& notes) {
  const spread_shape shape = shape_of(st);
  if (shape == spread_shape::none) {
    std::string line = fmt::format("  {:<36} {:>10.1f}   {:<21}{}", label, st.mean, "", of);
    line.erase(line.find_last_not_of(' ') + 1);  // no padding after the last word
    out += line + "\n";
    notes.no_spread = true;
    return;
  }
  out +=
      fmt::format("  {:<36} {:>10.1f}   {:>9.1f} - {:<9.1f}{}", label, st.mean, st.p05, st.p95, of);
  if (shape == spread_shape::mean_above) out += fmt::format("  (max {:.1f})*", st.max);
  if (shape == spread_shape::mean_below) out += fmt::format("  (min {:.1f})*", st.min);
  if (shape != spread_shape::within) notes.outside = true;
  out += "\n";
}

/// The lines under a table that explain its marks (none when nothing needs it).
std::string text_notes_lines(const text_notes& notes) {
  std::string out;
  if (notes.no_spread) out += "  (no range: the same in every simulated outcome)\n";
  if (notes.outside)
    out +=
        "  * the mean lies outside p05-p95: a few outcomes far from the rest (the max or min\n"
        "    shown) pull it there\n";
  return out;
}

std::string text_label(const metric& m, const run_figures& f) {
  if (m.shown == shown_when::called_off)
    return fmt::format("{} ({:.0f}%)", m.label_in_text(), 100 * f.decision.called_off_share);
  return m.label_in_text();
}

std::string text_aside(const metric& m, const run_figures& f) {
  switch (m.beside) {
    case aside::of_planned_operations:
      return fmt::format(" of {}", f.operations_planned);
    case aside::of_planned_slots:
      return fmt::format(" of {}", f.slots_planned);
    case aside::unit:
      return fmt::format(" {}", m.unit);
    case aside::none:
      break;
  }
  return "";
}

void backlog_text(std::string& out, const recovery_figures& r, std::uint64_t replications,
                  text_notes& notes) {
  if (r.backlog_days) {
    text_row(out, backlog_days_label, *r.backlog_days, "", notes);
    return;
  }
  out +=
      fmt::format("  {:<36} {:>10}   not within {} days in {:.0f}% of outcomes\n",
                  backlog_days_label, "-", r.horizon_days,
                  100.0 * static_cast<double>(r.never_cleared) / static_cast<double>(replications));
}

void section_text(std::string& out, const std::string& name, const run_figures& f, bool has_ed,
                  std::uint64_t replications) {
  out += fmt::format("{}\n  {:<36} {:>10}   {:>21}\n", name, "", "mean", "range");
  text_notes notes;
  for (const detail::key_row& row : detail::key_figure_rows(has_ed, f.decision.called_off_share)) {
    if (row.figure == nullptr)
      backlog_text(out, f.recovery, replications, notes);
    else
      text_row(out, text_label(*row.figure, f), f.headline[row.figure->figure],
               text_aside(*row.figure, f), notes);
  }
  out += text_notes_lines(notes) + "\n";
}

/// The coefficient as a signed number, or 0 without a sign (zero up to rounding).
std::string coefficient_text(double c) {
  const double shown = shown_coefficient(c);
  if (shown == 0) return "0";
  const std::string text = fmt::format("{:+.2f}", shown);
  return text == "+0.00" || text == "-0.00" ? "0.00" : text;  // small, but not zero
}

/// The three strongest drivers of figure `m` told apart from chance, each with its 95% margin:
/// "policy.plan_percentile +0.91 +/-0.05, ..., 1 more; 4 within chance of 0".
std::string drivers_text(const range_parts& parts, headline_figure m) {
  std::vector<std::size_t> order;
  std::size_t within_chance = 0;
  for (std::size_t j = 0; j < parts.inputs.size(); ++j) {
    if (beyond_chance(parts, m, j))
      order.push_back(j);
    else if (parts.drivers[m][j])
      ++within_chance;
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::abs(shown_coefficient(*parts.drivers[m][a])) >
           std::abs(shown_coefficient(*parts.drivers[m][b]));
  });
  // The three strongest: a line a reader can take in (every coefficient is in the JSON and CSV).
  constexpr std::size_t shown = 3;
  std::vector<std::string> words;
  for (std::size_t i = 0; i < std::min(shown, order.size()); ++i)
    words.push_back(fmt::format("{} {} +/-{:.2f}", parts.inputs[order[i]].key,
                                coefficient_text(*parts.drivers[m][order[i]]),
                                *parts.driver_margins[m][order[i]]));
  if (words.empty() && within_chance == 0) return "(does not vary)";
  std::string out = words.empty() ? std::string("none told apart from chance")
                                  : fmt::format("{}", fmt::join(words, ", "));
  if (order.size() > shown) out += fmt::format(", {} more", order.size() - shown);
  if (within_chance > 0) out += fmt::format("; {} within chance of 0", within_chance);
  return out;
}

/// The two parts of each range of the total: chance alone beside the full range, and what drives
/// the full range (standardized regression coefficients on the drawn assumptions).
void range_parts_text(std::string& out, const range_parts& parts, const run_figures& total,
                      bool has_ed) {
  const bool all_country = std::all_of(parts.inputs.begin(), parts.inputs.end(),
                                       [](const drawn_input& in) { return in.scope == "country"; });
  out +=
      "The two parts of each range (all trusts together)\n"
      "  Chance: turnout, who strikes, arrivals. What we don't know: these assumptions, drawn\n";
  out += all_country ? "  anew in each replication (one draw a replication for the country):\n"
                     : "  anew in each replication (one draw a replication for the country, or\n"
                       "  one for each trust where it says so):\n";
  for (const drawn_input& in : parts.inputs)
    out += fmt::format("    {:<36} {} (central {:g}){}\n", in.key, in.distribution, in.central,
                       in.scope == "country" || all_country ? "" : ", one for each trust");
  out += fmt::format("  {:<36} {:>21}   {:>21}\n", "", "full range", "chance alone");
  for (const detail::key_row& row :
       detail::key_figure_rows(has_ed, total.decision.called_off_share)) {
    if (row.figure == nullptr) continue;
    const headline_figure m = row.figure->figure;
    const stat& full = total.headline[m];
    const stat& chance = parts.chance_only[m];
    out += fmt::format("  {:<36} {:>9.1f} - {:<9.1f}   {:>9.1f} - {:<9.1f}  {}\n",
                       row.figure->label_in_text(), full.p05, full.p95, chance.p05, chance.p95,
                       narrower(full, chance));
  }
  out +=
      "  What drives each full range: standardized regression coefficients of the figure on the\n"
      "  assumptions (the change, in sds of the figure, per sd of the assumption), strongest\n"
      "  first, each with its 95% margin; one within its margin of 0 cannot be told from chance\n"
      "  at this many replications and is only counted\n";
  if (parts.too_few_replications) {
    out += fmt::format("  (too few replications to tell: at least {} for {} assumptions)\n\n",
                       2 * (parts.inputs.size() + 1), parts.inputs.size());
    return;
  }
  for (const detail::key_row& row :
       detail::key_figure_rows(has_ed, total.decision.called_off_share)) {
    if (row.figure == nullptr) continue;
    const headline_figure m = row.figure->figure;
    const std::optional<double>& r2 = parts.r2[m];
    // The label, then the drivers on a line of their own (their keys are long).
    if (!r2) {
      out += fmt::format("  {:<36} {}\n", row.figure->label_in_text(), drivers_text(parts, m));
      continue;
    }
    out += fmt::format("  {:<36} R2 {:.2f}\n    {}\n", row.figure->label_in_text(), *r2,
                       drivers_text(parts, m));
  }
  out += "\n";
}

/// `text` as lines of at most `width` characters (a longer word has its own line), each ending
/// in a newline; nothing for empty text.
std::string wrapped(std::string_view text, std::size_t width) {
  std::string out, line;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t space = std::min(text.find(' ', at), text.size());
    const std::string_view word = text.substr(at, space - at);
    at = space + 1;
    if (word.empty()) continue;
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
  }
  if (!line.empty()) out += line + "\n";
  return out;
}

/// The decision: what each lead time would have given (same turnout and call-off draws).
void lead_table_text(std::string& out, const decision_figures& d, double rota_notice_days) {
  if (d.by_lead_time.empty()) return;
  out += fmt::format(
      "Deciding N days ahead (this policy: {} days; consultants need {} days' notice to act "
      "down)\n  {:>6} {:>12} {:>12} {:>14} {:>16}\n",
      d.decision_days, rota_notice_days, "days", "operations", "slots", "unnecessary",
      "unfilled hours");
  for (const lead_time_row& row : d.by_lead_time)
    out += fmt::format("  {:>6} {:>12.1f} {:>12.1f} {:>14.1f} {:>16.1f}\n", row.days,
                       row.operations.mean, row.slots.mean, row.unnecessary.mean,
                       row.unfilled_hours.mean);
  out +=
      "  (mean cancellations, those made for an action then called off, and unfilled\n"
      "  emergency role hours)\n";
  // What the table shows, indented under it.
  const std::string caption = wrapped(decision_caption(d, rota_notice_days), 96);
  for (std::size_t at = 0; at < caption.size();) {
    const std::size_t end = caption.find('\n', at);
    out += "  " + caption.substr(at, end - at + 1);
    at = end + 1;
  }
  out += "\n";
}

}  // namespace

std::string results_text(const run_result& result) {
  const run_meta& meta = result.meta;
  std::string out = run_title(meta) + "\n";
  out += wrapped(meta.description, 100);
  out += wrapped(illustrative_note(meta), 100);
  if (!meta.changes.overrides.empty())
    out += wrapped(
        "Changed with --set: " + fmt::format("{}", fmt::join(meta.changes.overrides, ", ")), 100);
  out += fmt::format("{} replications, seed {}; ranges are p05-p95 (90% of simulated outcomes)\n\n",
                     meta.replications, meta.seed);
  // A national composite has too many trusts to list: its total, and the trusts in JSON.
  constexpr std::size_t listed = listed_trusts;
  const std::size_t trusts = result.trusts.size();
  bool any_ed = false;
  for (const trust_result& t : result.trusts) {
    any_ed = any_ed || t.has_ed;
    if (trusts <= listed) section_text(out, t.name, t.figures, t.has_ed, meta.replications);
  }
  if (trusts > 1) {
    section_text(out,
                 fmt::format("Total, {} trusts{}", trusts,
                             trusts > listed ? " (each trust: --format json)" : ""),
                 result.total, any_ed, meta.replications);
  }
  lead_table_text(out, result.total.decision, meta.rota_notice_days);
  if (result.parts) range_parts_text(out, *result.parts, result.total, any_ed);
  return out;
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string number_text(double x) {
  // std::to_chars without a precision gives the shortest text that reads back as the same double
  // (nlohmann::json's Grisu2 is not always the shortest); JSON's 1.0 reads 1 here.
  if (!std::isfinite(x)) return "";  // JSON has no NaN or infinity either (it writes null)
  std::array<char, 32> buf{};
  const auto [end, ec] = to_chars_double(buf.data(), buf.data() + buf.size(), x);
  return ec == std::errc{} ? std::string(buf.data(), end) : std::string{};
}

namespace {

/// Rows "trust,specialty,metric,statistic,value" for every figure under `j`: a Stat (or a band of
/// mean, p05, p95) gives a row per statistic, a number one "value" row, and a table by lead time
/// or by day one group of rows per entry ("decision.by_lead_time[7].operations_cancelled").
void csv_rows(std::string& out, const std::string& trust, const std::string& specialty,
              const std::string& prefix, const nlohmann::ordered_json& j) {
  for (const auto& [key, value] : j.items()) {
    std::string metric = prefix;
    if (!metric.empty()) metric += '.';
    metric += key;
    const std::string lead =
        fmt::format("{},{},{},", csv_field(trust), csv_field(specialty), csv_field(metric));
    if (value.is_number()) {
      out += lead + "value," + number_text(value.get<double>()) + "\n";
    } else if (value.is_object() && value.contains("mean")) {
      for (const auto& [st, x] : value.items()) {
        if (x.is_number()) out += lead + st + "," + number_text(x.get<double>()) + "\n";
      }
      if (value.contains("ci95")) {
        out += lead + "ci95_lo," + number_text(value["ci95"][0].get<double>()) + "\n";
        out += lead + "ci95_hi," + number_text(value["ci95"][1].get<double>()) + "\n";
      }
    } else if (value.is_object()) {
      csv_rows(out, trust, specialty, metric, value);
    } else if (value.is_array()) {
      for (const auto& row : value) {
        if (!row.is_object()) continue;
        const auto label = row.contains("days")   ? fmt::format("{:g}", row["days"].get<double>())
                           : row.contains("date") ? row["date"].get<std::string>()
                                                  : std::string{};
        if (label.empty()) continue;
        nlohmann::ordered_json rest = row;
        rest.erase("days");
        rest.erase("date");
        csv_rows(out, trust, specialty, fmt::format("{}[{}]", metric, label), rest);
      }
    }
  }
}

/// The metric groups of a trust or total object (not its lists of services, sessions, ...).
nlohmann::ordered_json metric_groups(const nlohmann::ordered_json& t) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const char* g : metric_group_keys)
    if (t.contains(g)) out[g] = t[g];
  return out;
}

}  // namespace

// The CSV flattens the JSON document rather than reading the typed result: the JSON is then the
// one source of the CSV's metric names and numbers, and the two cannot drift apart.
std::string results_csv(const nlohmann::ordered_json& result) {
  std::string out = "trust,specialty,metric,statistic,value\n";
  for (const auto& t : result.at("trusts")) {
    const std::string id = t.at("id").get<std::string>();
    csv_rows(out, id, "all", "", metric_groups(t));
    for (const auto& sp : t.at("by_specialty"))
      csv_rows(out, id, sp.at("specialty").get<std::string>(), "", metric_groups(sp));
  }
  csv_rows(out, "total", "all", "", metric_groups(result.at("total")));
  nlohmann::ordered_json participation;
  participation["action"]["participation"] = result.at("participation");
  csv_rows(out, "total", "all", "", participation);
  if (result.contains("uncertainty"))
    for (const auto& [key, figure] : result.at("uncertainty").at("figures").items())
      csv_rows(out, "total", "all", "uncertainty." + key, figure);
  return out;
}

}  // namespace strikesim::model
