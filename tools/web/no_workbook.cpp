// The WebAssembly build has no libxlsxwriter: --format xlsx says so, as a bad-input error.
#include "strikesim/hospital/error.hpp"
#include "strikesim/reports/workbook.hpp"

namespace strikesim::model {

namespace {
[[noreturn]] void no_workbook() {
  throw scenario_error({"--format"}, "",
                       "xlsx is not in the WebAssembly build (no libxlsxwriter); use json or csv");
}
}  // namespace

void write_workbook(const run_result& /*result*/, const std::filesystem::path& /*file*/) {
  no_workbook();
}
void write_compare_workbook(const compare_result& /*result*/,
                            const std::filesystem::path& /*file*/) {
  no_workbook();
}

}  // namespace strikesim::model
