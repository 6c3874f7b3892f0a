#include "strikesim/hospital/scenario.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "strikesim/hospital/turnout.hpp"

namespace strikesim::model {

std::string name_from_id(std::string_view id) {
  std::string out(id);
  std::string copy;
  if (const auto hash = out.find('#'); hash != std::string::npos) {
    copy = out.substr(hash + 1);
    out.resize(hash);
  }
  std::replace(out.begin(), out.end(), '_', ' ');
  std::replace(out.begin(), out.end(), '-', ' ');
  if (out.size() <= 3) {
    for (char& c : out)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  } else if (!out.empty()) {
    out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  }
  if (!copy.empty()) out += " (" + copy + ")";
  return out;
}

double distribution_spec::expected_value() const {
  switch (type) {
    case kind::constant:
      return value;
    case kind::exponential:
    case kind::lognormal:
    case kind::beta:
      return mean;
    case kind::gamma:
      return shape * scale;
    case kind::weibull:
      return scale * std::tgamma(1.0 + 1.0 / shape);
    case kind::triangular:
      return (low + mode + high) / 3.0;
    case kind::uniform:
      return (low + high) / 2.0;
  }
  return value;
}

bool drawn_parameter::has_spread() const {
  using k = distribution_spec::kind;
  switch (dist.type) {
    case k::uniform:
    case k::triangular:
      return dist.high > dist.low;
    case k::beta:
      return dist.sd > 0;
    default:
      return false;
  }
}

double drawn_parameter::quantile(double u) const {
  if (!has_spread()) return central;
  return participation_quantile(dist, u);  // uniform, triangular and beta by inversion
}

bool has_assistant(const session& s) {
  return std::any_of(s.roles.begin(), s.roles.end(), [](const role_need& r) { return r.assists; });
}

std::size_t sessions_with_assistant(const trust& t) {
  return static_cast<std::size_t>(
      std::count_if(t.sessions.begin(), t.sessions.end(), has_assistant));
}

bool any_spread(const std::vector<drawn_parameter>& drawn) {
  return std::any_of(drawn.begin(), drawn.end(),
                     [](const drawn_parameter& p) { return p.has_spread(); });
}

void set_drawn(policy& p, drawn_target target, double value) {
  switch (target) {
    case drawn_target::plan_percentile:
      p.plan_percentile = value;
      break;
    case drawn_target::act_down_share:
      p.act_down_share = value;
      break;
    case drawn_target::spa_cover:
      p.spa_cover = value;
      break;
    case drawn_target::assisted_share:
      p.assisted_share = value;
      break;
    case drawn_target::rota_notice_days:
      p.rota_notice_days = value;
      break;
    case drawn_target::decision_days:
      p.decision_days = value;
      break;
    case drawn_target::reinstate_share:
      p.reinstate_share = value;
      break;
    case drawn_target::spare_theatre_share:
      p.recovery.spare_theatre_share = value;
      break;
    case drawn_target::spare_clinic_share:
      p.recovery.spare_clinic_share = value;
      break;
    default:  // not a policy's
      break;
  }
}

void set_drawn(demand_change& d, drawn_target target, double value) {
  switch (target) {
    case drawn_target::ed_attendances:
      d.ed_attendances = value;
      break;
    case drawn_target::emergency_admissions:
      d.emergency_admissions = value;
      break;
    case drawn_target::bed_wait:
      d.bed_wait = value;
      break;
    default:  // not the action's demand
      break;
  }
}

}  // namespace strikesim::model
