#pragma once
/// The Excel workbook (libxlsxwriter): sheets Summary, By specialty, Sessions, Staffing by hour,
/// Decision, Recovery and Inputs, from a `strikesim.result/1` document.

#include <filesystem>
#include <nlohmann/json.hpp>

namespace strikesim::model {

/// Writes the workbook to `file`; throws std::runtime_error if libxlsxwriter fails.
void write_workbook(const nlohmann::ordered_json& result, const std::filesystem::path& file);

}  // namespace strikesim::model
