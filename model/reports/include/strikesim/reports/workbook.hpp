#pragma once
/// The Excel workbook (libxlsxwriter): sheets Summary, By specialty, Sessions, Staffing by hour,
/// Decision, Recovery and Inputs, from the typed result of a run.

#include <filesystem>

#include "strikesim/reports/compare_report.hpp"
#include "strikesim/reports/run_result.hpp"

namespace strikesim::model {

/// Writes the workbook to `file`; throws std::runtime_error if libxlsxwriter fails.
void write_workbook(const run_result& result, const std::filesystem::path& file);

/// The workbook of `strikesim compare`: sheets Charts (the change of each headline figure from
/// the reference, per scenario), Differences (every figure, total and trust by trust, with its
/// 95% interval) and Inputs.
void write_compare_workbook(const compare_result& result, const std::filesystem::path& file);

}  // namespace strikesim::model
