#pragma once
/// The backtest's record file (scenarios/backtest/record.toml): strict, every error naming
/// file:line:col and the key.
///
///     [record]
///     name = "Training-set outcomes of shared/history.md"
///
///     [[record.row]]
///     scenario = "regions/england/2016-01-12.toml"   # relative to the scenarios folder
///     trust = "croydon"                               # optional: else all the scenario's trusts
///     measure = "operations"          # or outpatient_slots, operations_and_slots,
///                                     # planned_care_maintained_percent
///     value = 3454
///     tolerance = { factor = 1.25 }   # or { points = 2 } for the percentage; absent: informative
///     source = "NHS England, 13 January 2016"
///     note = "1,279 inpatient and 2,175 day-case operations"

#include <filesystem>

#include "strikesim/hospital/record.hpp"

namespace strikesim::model {

/// Reads and checks a record file (not yet the scenarios it names: the backtest does that).
record read_record(const std::filesystem::path& file);

/// True when the file's top table is [record] (the file is parsed, not checked).
bool is_record_file(const std::filesystem::path& file);

}  // namespace strikesim::model
