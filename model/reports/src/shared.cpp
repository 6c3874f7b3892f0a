#include "shared.hpp"

#include <fmt/format.h>
#include <cmath>

namespace strikesim::model::detail {

std::string num(double x) {
  if (std::abs(x) >= 1000) {
    const std::string digits = fmt::format("{:.0f}", std::abs(x));
    std::string out = x < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
      out.push_back(digits[i]);
    }
    return out;
  }
  if (std::abs(x) >= 100 || x == std::floor(x)) return fmt::format("{:.0f}", x);
  return fmt::format("{:.1f}", x);
}

namespace {

bool shown(const metric& m, bool has_ed, double called_off_share) {
  switch (m.shown) {
    case shown_when::has_ed:
      return has_ed;
    case shown_when::called_off:
      return called_off_share > 0;
    case shown_when::always:
      break;
  }
  return true;
}

}  // namespace

std::vector<key_row> key_figure_rows(bool has_ed, double called_off_share) {
  std::vector<key_row> rows;
  bool backlog_listed = false;
  for (const metric& m : headline_metrics) {
    if (m.group == metric_group::recovery && !backlog_listed) {
      rows.push_back({nullptr});
      backlog_listed = true;
    }
    if (shown(m, has_ed, called_off_share)) rows.push_back({&m});
  }
  if (!backlog_listed) rows.push_back({nullptr});
  return rows;
}

}  // namespace strikesim::model::detail
