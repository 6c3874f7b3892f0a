#include "shared.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <string_view>

#include "report_template.hpp"

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

std::optional<double> planned_of(const metric& m, const run_figures& f) {
  if (m.beside == aside::of_planned_operations) return f.operations_planned;
  if (m.beside == aside::of_planned_slots) return f.slots_planned;
  return std::nullopt;
}

std::string aside_text(const metric& m, const run_figures& f, std::string (*number)(double)) {
  if (const std::optional<double> planned = planned_of(m, f)) return "of " + number(*planned);
  return m.beside == aside::unit ? m.unit : "";
}

std::string fill_page(const std::vector<std::pair<std::string, std::string>>& values) {
  const std::string_view tmpl = report_template;
  std::string out;
  std::size_t at = 0;
  while (true) {
    const std::size_t open = tmpl.find("{{", at);
    if (open == std::string_view::npos) break;
    const std::size_t close = tmpl.find("}}", open);
    out.append(tmpl.substr(at, open - at));
    const std::string_view key = tmpl.substr(open + 2, close - open - 2);
    const auto it =
        std::find_if(values.begin(), values.end(), [&](const auto& p) { return p.first == key; });
    if (it != values.end()) out += it->second;
    at = close + 2;
  }
  out.append(tmpl.substr(at));
  return out;
}

/// `word` as a POSIX shell reads it: as it is when it holds nothing the shell would change, else
/// in single quotes.
std::string shell_word(const std::string& word) {
  const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("_./=:,+-@%").find(c) != std::string_view::npos;
  });
  if (plain) return word;
  std::string out = "'";
  for (const char c : word)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string with_swaps(const std::string& name, const std::string& action_name,
                       const std::string& policy_name) {
  std::string out = name;
  if (!action_name.empty()) out += fmt::format(" — with action {}", action_name);
  if (!policy_name.empty())
    out += fmt::format("{} policy {}", action_name.empty() ? " — with" : " and", policy_name);
  return out;
}

}  // namespace strikesim::model::detail
