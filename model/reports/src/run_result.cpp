#include "strikesim/reports/run_result.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <string_view>

#include "shared.hpp"
#include "strikesim/analysis/sweep.hpp"

namespace strikesim::model {

namespace {

/// "2016-01-12T08:00" for a scenario minute.
std::string local_time_text(const scenario& sc, instant at) {
  const auto m = static_cast<std::int64_t>(std::llround(at.value()));
  const std::int64_t day = (m >= 0 ? m : m - 1439) / 1440;
  const std::int64_t in_day = m - day * 1440;
  const date d = civil_from_days(days_from_civil(sc.first_day) + day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}", d.year, d.month, d.day, in_day / 60,
                     in_day % 60);
}

/// "2016-01-12" for a scenario day.
std::string date_text(const scenario& sc, int day) {
  return local_time_text(sc, instant{day * 1440.0}).substr(0, 10);
}

/// Why a session is not run as booked, in words ("" when it is).
const char* reason_text(session_status_reason reason) {
  switch (reason) {
    case session_status_reason::none:
      return "";
    case session_status_reason::short_of_expected_doctors:
      return "not enough doctors expected at the planning percentile once emergency cover is "
             "filled";
    case session_status_reason::never_staffed:
      return "cannot be staffed even with everyone at work (not counted as planned)";
  }
  return "";
}

/// "08:00-12:30" for a session.
std::string clock_range(const session& se) {
  return fmt::format("{:02}:{:02}-{:02}:{:02}", se.start_minute / 60, se.start_minute % 60,
                     se.end_minute / 60, se.end_minute % 60);
}

/// The summary of a quantity that cannot be negative (a count, hours, minutes, a queue): its
/// confidence interval stops at 0.
stat count_summary(const sim::streaming_sample& values) {
  return summarise_within(values, 0);
}

/// The share of replications (0 without any) in which something happened `times` times.
double share_of(std::uint64_t times, std::uint64_t replications) {
  return replications == 0 ? 0.0 : static_cast<double>(times) / static_cast<double>(replications);
}

/// A trust read from a file in an `archetypes` folder (scenarios/archetypes): a trust made up to
/// stand for many in a national composite, not a real one.
bool is_archetype(const trust& t) {
  return std::filesystem::path(t.file).parent_path().filename() == "archetypes";
}

run_meta meta_of(const scenario& sc, std::uint64_t replications, const std::string& version,
                 const run_changes& changes) {
  run_meta m;
  m.name = sc.name;
  m.description = sc.description;
  m.action_name = sc.action.name;
  m.policy_name = sc.plan_policy.name;
  m.changes = changes;
  m.illustrative_trusts = std::any_of(sc.trusts.begin(), sc.trusts.end(), is_archetype);
  m.scenario_file = sc.file;
  m.action_file = sc.action.file;
  m.policy_file = sc.plan_policy.file;
  for (const trust& t : sc.trusts)
    m.trust_files.push_back(t.file);
  m.action = sc.action.id;
  m.policy = sc.plan_policy.id;
  m.seed = sc.run.seed;
  m.replications = replications;
  m.version = version;
  m.rota_notice_days = sc.plan_policy.rota_notice_days;
  return m;
}

decision_figures decision_of(const policy& pol, const figure_series& s,
                             std::uint64_t replications) {
  decision_figures d;
  d.decision_days = pol.decision_days;
  d.called_off_share = share_of(s.called_off, replications);
  d.unnecessary_operations = count_summary(s.ops_unnecessary);
  d.unnecessary_slots = count_summary(s.slots_unnecessary);
  for (std::size_t i = 0; i < pol.lead_times.size() && !s.by_lead.empty(); ++i) {
    const lead_figures& lead = s.by_lead[i];
    d.by_lead_time.push_back({pol.lead_times[i], count_summary(lead.operations),
                              count_summary(lead.slots), count_summary(lead.unnecessary),
                              count_summary(lead.unfilled_role_hours)});
  }
  return d;
}

recovery_figures recovery_of(const prepared_scenario& prep, const figure_series& s,
                             std::uint64_t replications) {
  recovery_figures r;
  r.horizon_days = prep.source->plan_policy.recovery.horizon_days;
  r.cleared_share =
      replications == 0 ? 1.0 : share_of(s.backlog_days_cleared.count(), replications);
  r.never_cleared = s.never_cleared;
  if (r.cleared_share >= 1.0) r.backlog_days = count_summary(s.backlog_days_cleared);
  r.displaced = count_summary(s.displaced);
  r.peak_operations = count_summary(s.peak_ops);
  r.peak_slots = count_summary(s.peak_slots);
  for (std::size_t d = 0; d < s.backlog_ops.size(); ++d)
    r.by_day.push_back({date_text(*prep.source, prep.first_report_day + static_cast<int>(d)),
                        count_summary(s.backlog_ops[d]), count_summary(s.backlog_slots[d])});
  return r;
}

run_figures figures_of(const prepared_scenario& prep, const figure_series& s,
                       std::uint64_t replications) {
  run_figures f;
  for (std::size_t m = 0; m < hf_count; ++m)
    f.headline[m] = summarise(headline_metrics[m], s.headline[m]);
  f.operations_planned = s.ops_planned;
  f.slots_planned = s.slots_planned;
  f.decision = decision_of(prep.source->plan_policy, s, replications);
  f.recovery = recovery_of(prep, s, replications);
  return f;
}

/// The headline figures of specialty `sp` (those metrics.hpp gives `by_specialty`) from the
/// summary's figures by specialty.
std::array<stat, hf_count> specialty_headline(const trust_figures& figures, std::size_t sp) {
  const specialty_figures& of = figures.by_specialty[sp];
  std::array<stat, hf_count> h{};
  h[hf_ops_advance] = summarise(headline_metrics[hf_ops_advance], of.ops_cancelled_advance);
  h[hf_ops_day] = summarise(headline_metrics[hf_ops_day], of.ops_cancelled_day);
  h[hf_slots] = summarise(headline_metrics[hf_slots], of.slots_cancelled);
  h[hf_unfilled] = summarise(headline_metrics[hf_unfilled], of.unfilled_role_hours);
  return h;
}

std::vector<specialty_result> specialties_of(const prepared_trust& pt,
                                             const trust_figures& figures) {
  std::vector<specialty_result> out;
  for (std::size_t sp = 0; sp < pt.source->specialties.size(); ++sp)
    out.push_back({pt.source->specialties[sp],
                   sp < pt.source->specialty_names.size()
                       ? pt.source->specialty_names[sp]
                       : name_from_id(pt.source->specialties[sp]),
                   pt.planned_operations_by_specialty[sp], pt.planned_slots_by_specialty[sp],
                   specialty_headline(figures, sp)});
  return out;
}

/// Service `sv`'s figures from the summary: empty role hours, requests served, waits, queues.
void read_service_figures(service_result& out, const trust_figures& figures, std::size_t sv) {
  const service_figures& of = figures.services[sv];
  out.unfilled_role_hours = count_summary(of.unfilled_role_hours);
  out.served = count_summary(of.served);
  out.mean_wait_minutes = count_summary(of.mean_wait_minutes);
  out.mean_queue = count_summary(of.mean_queue);
}

std::vector<service_result> services_of(const prepared_scenario& prep, const trust& t,
                                        const trust_figures& figures) {
  std::vector<service_result> out;
  for (std::size_t sv = 0; sv < t.services.size(); ++sv) {
    service_result& s = out.emplace_back();
    s.id = t.services[sv].id;
    s.name = t.services[sv].name;
    s.kind = service_kind_names[static_cast<std::size_t>(t.services[sv].kind)];
    read_service_figures(s, figures, sv);
    const service_figures& of = figures.services[sv];
    for (std::size_t h = 0; h < of.margin_by_hour.size(); ++h)
      s.by_hour.push_back({local_time_text(*prep.source, prep.source->report_start +
                                                             one_hour * static_cast<double>(h)),
                           summarise(of.margin_by_hour[h]), count_summary(of.unfilled_by_hour[h])});
  }
  return out;
}

/// Patients waiting to be seen in the ED, hour by hour over the report period.
std::vector<ed_hour> ed_hours_of(const prepared_scenario& prep, const trust_figures& figures) {
  std::vector<ed_hour> out;
  for (int h = 0; h < prep.report_hours; ++h)
    out.push_back({local_time_text(*prep.source, prep.source->report_start + one_hour * h),
                   count_summary(figures.ed_waiting_by_hour[static_cast<std::size_t>(h)])});
  return out;
}

session_status status_of(const shift_instance& in, std::size_t k, double on_day_share) {
  if (!in.baseline[k]) return session_status::not_planned;
  if (!in.advance[k]) return session_status::cancelled_in_advance;
  return on_day_share > 0 ? session_status::kept_at_risk : session_status::kept;
}

session_row session_of(const scenario& sc, const trust& t, const shift_instance& in, std::size_t k,
                       double on_day_share) {
  const session& se = t.sessions[in.problem.sessions[k].session];
  session_row s;
  s.id = se.id;
  s.date = date_text(sc, in.day);
  s.time = clock_range(se);
  s.specialty = se.specialty;
  s.name = se.name.empty() ? name_from_id(se.id) : se.name;
  const auto sp = std::find(t.specialties.begin(), t.specialties.end(), se.specialty);
  s.specialty_name = sp != t.specialties.end() && t.specialty_names.size() == t.specialties.size()
                         ? t.specialty_names[static_cast<std::size_t>(sp - t.specialties.begin())]
                         : name_from_id(se.specialty);
  s.kind = se.kind;
  s.priority = priority_names[static_cast<std::size_t>(se.priority)];
  s.patients = se.kind == session_kind::theatre_list ? se.operations : se.slots;
  s.status = status_of(in, k, on_day_share);
  s.cancelled_on_the_day_share = on_day_share;
  s.reason = reason_text(in.advance_reason[k]);
  return s;
}

/// Every planned session of the report period: kept, cancelled in advance (and why), or at risk
/// of cancellation on the day (the share of replications in which it was).
std::vector<session_row> sessions_of(const outcome_summary& summary, std::size_t index) {
  const prepared_trust& prepared = summary.prep().trusts[index];
  const std::vector<std::uint64_t>& on_day = summary.trust(index).cancelled_on_day;
  std::vector<session_row> out;
  for (std::size_t i = 0; i < prepared.reported_sessions.size(); ++i) {
    const reported_session& at = prepared.reported_sessions[i];
    const double share = share_of(on_day[i], summary.replications());
    out.push_back(session_of(*summary.prep().source, *prepared.source,
                             prepared.instances[at.instance], at.slot, share));
  }
  return out;
}

const char* grade_name(grade g) {
  return grade_names[static_cast<std::size_t>(g)];
}

std::vector<planned_staff> staff_of(const shift_instance& in) {
  const cover_problem& p = in.problem;
  std::vector<planned_staff> out;
  for (std::size_t i = 0; i < p.pools.size(); ++i)
    out.push_back({p.pools[i].specialty, grade_name(p.pools[i].level), p.pools[i].christmas_day,
                   p.pools[i].rostered,
                   in.planned_supply.empty() ? p.pools[i].rostered : in.planned_supply[i]});
  return out;
}

/// Doctors of the advance plan in role `r` who are consultants in a role for a lower grade.
int acting_down_in(const cover_problem& p, const cover_plan& plan, std::size_t r) {
  int n = 0;
  for (const assignment& a : plan.assignments)
    if (a.role == r && p.pools[a.pool].level == grade::consultant &&
        p.roles[r].min_grade != grade::consultant)
      n += a.doctors;
  return n;
}

emergency_role emergency_role_of(const trust& t, const cover_problem& p, const cover_plan& plan,
                                 std::size_t r) {
  emergency_role role;
  role.service = t.services[p.roles[r].owner].id;
  role.specialty = p.roles[r].specialty;
  role.grade = grade_name(p.roles[r].min_grade);
  role.needed = p.roles[r].count;
  role.planned_filled = plan.role_filled[r];
  for (const assignment& a : plan.assignments)
    if (a.role == r)
      role.filled_by.push_back(
          {p.pools[a.pool].specialty, grade_name(p.pools[a.pool].level), a.doctors});
  return role;
}

/// The advance cover plan of one shift: expected turnout, and who fills each emergency role.
shift_cover shift_cover_of(const scenario& sc, const trust& t, const shift_instance& in) {
  const cover_problem& p = in.problem;
  shift_cover c;
  c.shift = t.shifts[in.shift].id;
  c.start = local_time_text(sc, in.start);
  c.end = local_time_text(sc, in.end);
  c.staff = staff_of(in);
  for (std::size_t r = 0; r < p.roles.size(); ++r) {
    c.consultants_acting_down += acting_down_in(p, in.advance_plan, r);
    if (p.roles[r].emergency)
      c.emergency_roles.push_back(emergency_role_of(t, p, in.advance_plan, r));
  }
  c.emergency_places_unfilled = in.advance_plan.emergency_unfilled;
  return c;
}

std::vector<shift_cover> cover_plan_of(const scenario& sc, const prepared_trust& pt) {
  std::vector<shift_cover> out;
  for (const shift_instance& in : pt.instances)
    if (in.reports_sessions()) out.push_back(shift_cover_of(sc, *pt.source, in));
  return out;
}

trust_result trust_of(const outcome_summary& summary, std::size_t index, result_detail detail) {
  const prepared_scenario& prep = summary.prep();
  const prepared_trust& pt = prep.trusts[index];
  const trust_figures& figures = summary.trust(index);
  trust_result t;
  t.id = pt.source->id;
  t.name = pt.source->name;
  if (is_archetype(*pt.source))
    t.archetype = pt.source->copy_of.empty() ? pt.source->id : pt.source->copy_of;
  t.has_ed = pt.source->ed.has_value();
  t.figures = figures_of(prep, figures.series, summary.replications());
  if (detail == result_detail::figures) return t;
  t.by_specialty = specialties_of(pt, figures);
  t.services = services_of(prep, *pt.source, figures);
  t.ed_waiting_by_hour = ed_hours_of(prep, figures);
  t.sessions = sessions_of(summary, index);
  t.cover_plan = cover_plan_of(*prep.source, pt);
  return t;
}

}  // namespace

namespace {

/// A drawn parameter's distribution in words.
std::string distribution_words(const drawn_parameter& p) {
  using kind = distribution_spec::kind;
  const distribution_spec& d = p.dist;
  switch (d.type) {
    case kind::uniform:
      return fmt::format("uniform from {} to {}", fmt::format("{:g}", d.low),
                         fmt::format("{:g}", d.high));
    case kind::triangular:
      return fmt::format("triangular from {} to {}, mode {}", fmt::format("{:g}", d.low),
                         fmt::format("{:g}", d.high), fmt::format("{:g}", d.mode));
    case kind::beta:
      return fmt::format("beta, mean {}, sd {}", fmt::format("{:g}", d.mean),
                         fmt::format("{:g}", d.sd));
    default:
      return fmt::format("constant {}", fmt::format("{:g}", p.central));
  }
}

range_parts parts_of(const outcome_summary& summary, const outcome_summary& chance) {
  range_parts parts;
  const std::vector<drawn_column> columns =
      drawn_columns(*summary.prep().source, *summary.prep().plan);
  for (const drawn_column& c : columns) {
    const drawn_parameter& p = *c.param;
    std::string words = distribution_words(p);
    if (c.trusts > 1)
      words +=
          p.scope == draw_scope::country
              ? fmt::format(" (the first of {} trusts; one draw shared by all)", c.trusts)
              : fmt::format(" (the first of {} trusts; the drivers use the mean of their draws)",
                            c.trusts);
    parts.inputs.push_back(
        {p.key, words, p.scope == draw_scope::country ? "country" : "trust", p.central});
  }
  const auto& inputs = summary.drawn_inputs();
  parts.too_few_replications = inputs.empty() || inputs.front().size() < 2 * (inputs.size() + 1);
  for (const metric& m : headline_metrics) {
    if (parts.too_few_replications) {
      parts.drivers[m.figure].assign(columns.size(), std::nullopt);
      parts.driver_margins[m.figure].assign(columns.size(), std::nullopt);
    } else {
      const regression_fit fit =
          standardized_regression(inputs, summary.drawn_responses()[m.figure]);
      parts.drivers[m.figure] = fit.src;
      std::vector<std::optional<double>>& margins = parts.driver_margins[m.figure];
      margins.assign(fit.se.size(), std::nullopt);
      for (std::size_t j = 0; j < fit.se.size(); ++j)
        if (fit.se[j]) margins[j] = 1.96 * *fit.se[j];
      parts.r2[m.figure] = fit.r2;
    }
    parts.chance_only[m.figure] = summarise(m, chance.series(all_trusts).headline[m.figure]);
  }
  return parts;
}

}  // namespace

double shown_coefficient(double c) {
  return std::abs(c) < 1e-12 ? 0.0 : c;
}

bool beyond_chance(const range_parts& parts, headline_figure f, std::size_t input) {
  const std::optional<double>& c = parts.drivers[f][input];
  const std::optional<double>& margin = parts.driver_margins[f][input];
  return c && margin && std::abs(shown_coefficient(*c)) > *margin;
}

std::string narrower(const stat& full, const stat& chance) {
  const double wide = full.p95 - full.p05, narrow = chance.p95 - chance.p05;
  if (wide <= 0 && narrow <= 0) return "no range either way";
  if (wide <= 0) return "wider than the full range";
  if (narrow >= wide) return narrow > wide ? "wider" : "as wide";
  return fmt::format("{:.0f}% narrower", 100.0 * (1.0 - narrow / wide));
}

run_result make_run_result(const outcome_summary& summary, const std::string& version,
                           result_detail detail, const run_changes& changes,
                           const outcome_summary* chance_only) {
  const prepared_scenario& prep = summary.prep();
  run_result r;
  r.meta = meta_of(*prep.source, summary.replications(), version, changes);
  r.participation = summarise_within(summary.participation(), 0, 1);  // a share
  r.detail = detail;
  if (detail != result_detail::totals)
    for (std::size_t i = 0; i < prep.trusts.size(); ++i)
      r.trusts.push_back(trust_of(summary, i, detail));
  r.total = figures_of(prep, summary.series(all_trusts), summary.replications());
  if (chance_only != nullptr && has_drawn_parameters(*prep.source))
    r.parts = parts_of(summary, *chance_only);
  return r;
}

const char* detail_name(result_detail detail) {
  switch (detail) {
    case result_detail::totals:
      return "totals";
    case result_detail::figures:
      return "trusts";
    case result_detail::everything:
      return "full";
  }
  return "full";
}

std::string run_title(const run_meta& m) {
  return detail::with_swaps(m.name, m.changes.action_file.empty() ? "" : m.action_name,
                            m.changes.policy_file.empty() ? "" : m.policy_name);
}

namespace {

/// "on the day", "1 day ahead", "7 days ahead".
std::string days_ahead(double days) {
  if (days == 0) return "on the day";
  return fmt::format("{} day{} ahead", detail::num(days), days == 1 ? "" : "s");
}

/// "more operations (3,720 against 1,200)", "fewer ...", or "as many operations (14)": the mean
/// at the latest lead time against the earliest, compared as the page shows them.
std::string compared(const stat& late, const stat& early, std::string_view what) {
  const std::string a = detail::num(late.mean), b = detail::num(early.mean);
  if (a == b)
    return a == "0" ? fmt::format("no {} either way", what)
                    : fmt::format("as many {} ({})", what, a);
  return fmt::format("{} {} ({} against {})", late.mean > early.mean ? "more" : "fewer", what, a,
                     b);
}

}  // namespace

std::string decision_caption(const decision_figures& d, double rota_notice_days) {
  std::string out =
      "Each row replays the same simulated days as if the trust had decided that many days "
      "ahead.";
  if (d.by_lead_time.size() < 2) return out;
  const auto by_days = [](const lead_time_row& a, const lead_time_row& b) {
    return a.days < b.days;
  };
  const lead_time_row& late =
      *std::min_element(d.by_lead_time.begin(), d.by_lead_time.end(), by_days);
  const lead_time_row& early =
      *std::max_element(d.by_lead_time.begin(), d.by_lead_time.end(), by_days);
  out += fmt::format(
      " Here deciding {} rather than {} cancels {} and {}, and leaves emergency roles empty for "
      "{}. "
      "A later decision knows more about turnout and whether the action goes ahead, but "
      "consultants need {} days' notice to act down: a decision later than that cannot re-roster "
      "them, so it can cancel more, not less.",
      days_ahead(late.days), days_ahead(early.days),
      compared(late.operations, early.operations, "operations"),
      compared(late.slots, early.slots, "outpatient slots"),
      compared(late.unfilled_hours, early.unfilled_hours, "hours"), detail::num(rota_notice_days));
  return out;
}

std::string illustrative_note(const run_meta& m) {
  if (!m.illustrative_trusts) return "";
  return "The trusts are copies of archetypes (scenarios/archetypes/), made up to stand for many "
         "trusts: not real trusts.";
}

std::string reproduce_command(const run_meta& m, const std::string& format,
                              const std::string& output) {
  using detail::shell_word;
  std::string out = "strikesim run " + shell_word(m.scenario_file);
  if (!m.changes.action_file.empty()) out += " --action " + shell_word(m.changes.action_file);
  if (!m.changes.policy_file.empty()) out += " --policy " + shell_word(m.changes.policy_file);
  for (const std::string& set : m.changes.overrides)
    out += " --set " + shell_word(set);
  if (!m.changes.detail.empty()) out += " --detail " + m.changes.detail;
  out += fmt::format(" --seed {} --reps {} --format {}", m.seed, m.replications, format);
  if (!output.empty()) out += " -o " + shell_word(output);
  return out;
}

}  // namespace strikesim::model
