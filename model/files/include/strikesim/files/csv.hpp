#pragma once
/// Reading CSV files strictly (RFC 4180, as Excel writes them): every field knows its line and
/// column, and every error names file:line:column and the column's header. The layouts that
/// `strikesim import` reads are in docs/import.md.
///
///   const csv_file f = read_csv("staff.csv");
///   const csv_table t(f, {{"specialty", true}, {"count", true}, {"locum", false}});
///   for (const csv_row& row : f.rows) int n = t.integer(row, "count", 0, 100);

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "strikesim/hospital/error.hpp"

namespace strikesim::model {

/// One field and where it starts (1-based line and column, the column counted in characters).
struct csv_cell {
  std::string text;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

/// One record: as many cells as the header has.
struct csv_row {
  std::uint32_t line = 0;  // where the record starts
  std::vector<csv_cell> cells;
};

/// A parsed CSV file: its header row and its records (rows whose every field is empty are
/// skipped: Excel writes them for cleared cells).
struct csv_file {
  std::string file;
  std::vector<csv_cell> header;
  std::vector<csv_row> rows;
};

/// Parses CSV text. Accepted: a UTF-8 byte-order mark, LF or CRLF line ends, quoted fields with
/// doubled quotes and embedded commas and line breaks. Refused (scenario_error at the position):
/// an empty file, bytes that are not UTF-8, control characters, a quote inside an unquoted field
/// or text after a closing quote, an unterminated quote, a row with more or fewer fields than the
/// header, an empty or duplicate header. Line ends inside quotes are read as "\n".
csv_file parse_csv(std::string_view text, const std::string& file);

/// Reads and parses a CSV file (a regular file of at most limits::max_file_bytes).
csv_file read_csv(const std::filesystem::path& path);

/// A column a layout knows: its header and whether every file must have it.
struct csv_column {
  std::string_view name;
  bool required = false;
};

/// The columns of a parsed file checked against a layout (an unknown column is refused with the
/// nearest known header suggested, a missing required one is refused), and typed reading of
/// cells, each failure naming file:line:column and the header.
class csv_table {
 public:
  csv_table(const csv_file& file, std::span<const csv_column> layout);

  [[nodiscard]] const csv_file& file() const { return *file_; }
  [[nodiscard]] bool has(std::string_view column) const;
  /// The cell of `column` in `row`, or nullopt if the file has no such column.
  [[nodiscard]] const csv_cell* find(const csv_row& row, std::string_view column) const;
  /// The cell of a required column.
  [[nodiscard]] const csv_cell& cell(const csv_row& row, std::string_view column) const;
  /// Text, refused if it looks like a spreadsheet formula (=, @, or + or - before a non-digit).
  /// `optional`: blank (or absent column) gives "".
  [[nodiscard]] std::string text(const csv_row& row, std::string_view column,
                                 bool optional = false) const;
  /// A whole number in [lo, hi]; absent or blank gives `fallback` if given, else an error.
  [[nodiscard]] std::int64_t integer(const csv_row& row, std::string_view column, std::int64_t lo,
                                     std::int64_t hi,
                                     std::optional<std::int64_t> fallback = std::nullopt) const;
  /// Fails at a cell, naming file:line:column and its header.
  [[noreturn]] void fail(const csv_cell& at, std::string_view column, std::string message) const;
  /// Where a cell is, for a message or a comment.
  [[nodiscard]] source_ref where(const csv_cell& at) const;

 private:
  const csv_file* file_;
  std::vector<std::string_view> columns_;  // header names in file order
};

/// True for text a spreadsheet would run as a formula: it starts with '=' or '@', or with '+' or
/// '-' not followed by a digit or '.'.
[[nodiscard]] bool looks_like_formula(std::string_view text);

/// A whole number written in decimal digits, with an optional leading '-'; nullopt otherwise
/// (and for numbers beyond 64 bits).
[[nodiscard]] std::optional<std::int64_t> parse_whole_number(std::string_view text);
/// A finite decimal number ("0.25", "3", "1e-3"); nullopt for anything else, nan and inf too.
[[nodiscard]] std::optional<double> parse_decimal(std::string_view text);

/// A field as a CSV writer must put it: quoted (quotes doubled) when it holds a comma, a quote, a
/// line break or leading or trailing space, as it is otherwise.
[[nodiscard]] std::string csv_quote(std::string_view field);

}  // namespace strikesim::model
