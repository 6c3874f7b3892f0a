#include "strikesim/files/record.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <tuple>

#include "checked_toml.hpp"

namespace strikesim::model {

namespace {

namespace fs = std::filesystem;
using detail::checked_node;
using detail::checked_table;

record_tolerance read_tolerance(const checked_node& node, planned_care_measure measure) {
  const checked_table t = node.as_table();
  t.allow_only({"factor", "points"});
  const bool factor = t.has("factor"), points = t.has("points");
  if (factor == points)
    node.fail(
        "give one of factor (model/record within [1/factor, factor], for counts) or points "
        "(model within that many percentage points, for planned_care_maintained_percent)");
  if (factor) {
    if (!is_count(measure))
      t.get("factor").fail(fmt::format(
          "a factor tolerance is for counts; {} is a percentage: use points", key_of(measure)));
    return {record_tolerance::kind::factor, t.get_number("factor", detail::above(1))};
  }
  if (is_count(measure))
    t.get("points").fail(fmt::format(
        "a points tolerance is for the percentage; {} is a count: use factor", key_of(measure)));
  return {record_tolerance::kind::points, t.get_number("points", detail::above(0))};
}

record_row read_row(const checked_table& t) {
  t.allow_only({"scenario", "trust", "measure", "value", "tolerance", "source", "note"});
  record_row row;
  row.where = t.where();
  const checked_node scenario = t.get("scenario");
  const fs::path path = fs::path(scenario.as_name()).lexically_normal();
  row.scenario = path.generic_string();
  row.where_scenario = scenario.where();
  if (path.is_absolute() || row.scenario.starts_with(".."))
    scenario.fail(
        "must be a path inside the scenarios folder, such as "
        "\"regions/england/2016-01-12.toml\"");
  if (const auto trust = t.find("trust")) {
    row.trust = trust->as_name();
    row.where_trust = trust->where();
  }
  row.measure =
      static_cast<planned_care_measure>(t.get("measure").as_one_of(planned_care_keys, "measure"));
  row.value =
      t.get_number("value", is_count(row.measure) ? detail::at_least(0) : detail::between(0, 100));
  if (const auto tolerance = t.find("tolerance"))
    row.tolerance = read_tolerance(*tolerance, row.measure);
  row.source = t.get_string("source");
  row.note = t.get_string("note", "");
  return row;
}

}  // namespace

record read_record(const fs::path& file) {
  const detail::document doc = detail::load_document(file);
  const checked_table top = detail::only_top_table(doc, "record");
  top.allow_only({"name", "row"});
  record r;
  r.file = doc.file;
  r.name = top.get_string("name", file.stem().string());
  const checked_node rows = top.get("row");
  for (const checked_table& t : rows.as_tables(1, 1000, " (rows of a record)"))
    r.rows.push_back(read_row(t));
  // One value per scenario, trust and measure: two would be compared with the same figure.
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const record_row& a = r.rows[i];
      const record_row& b = r.rows[j];
      if (std::tie(a.scenario, a.trust, a.measure) == std::tie(b.scenario, b.trust, b.measure))
        throw scenario_error(
            a.where, fmt::format("record.row[{}]", i),
            fmt::format("the same scenario, trust and measure as record.row[{}] (line {}): give "
                        "each outcome once",
                        j, b.where.line));
    }
  }
  return r;
}

bool is_record_file(const fs::path& file) {
  return detail::load_document(file).root.contains("record");
}

}  // namespace strikesim::model
