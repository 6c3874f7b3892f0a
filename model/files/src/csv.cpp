#include "strikesim/files/csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "input_file.hpp"
#include "strikesim/files/charconv.hpp"
#include "strikesim/files/reader.hpp"
#include "strikesim/hospital/limits.hpp"

namespace strikesim::model {

namespace {

/// The most columns a header may have (the widest layout has a dozen).
constexpr std::size_t max_columns = 1000;

/// The length of the UTF-8 sequence at `i` (1 to 4), or 0 if it is not valid UTF-8 (overlong
/// forms, surrogates and code points beyond U+10FFFF included).
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b = byte(i);
  if (b < 0x80) return 1;
  std::size_t n = 0;
  unsigned lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (b >= 0xC2 && b <= 0xDF) {
    n = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    n = 3;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    n = 4;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return n;
}

/// The parser: a cursor over the text that knows its line and column.
class csv_parser {
 public:
  csv_parser(std::string_view text, const std::string& file) : text_(text), file_(file) {}

  std::vector<csv_row> records() {
    std::vector<csv_row> out;
    while (pos_ < text_.size()) {
      csv_row row;
      row.line = line_;
      for (;;) {
        field_ = row.cells.size();
        row.cells.push_back(field());
        if (row.cells.size() > max_columns)
          fail(row.cells.back().line, row.cells.back().column, "",
               fmt::format("a row has more than {} fields; at most {} columns are read",
                           max_columns, max_columns));
        if (pos_ >= text_.size()) break;
        if (text_[pos_] == ',') {
          advance();
          continue;
        }
        end_of_line();  // field() stops only at a comma, a line end or the end
        break;
      }
      if (out.empty())
        for (const csv_cell& c : row.cells)
          header_.push_back(c.text);
      out.push_back(std::move(row));
    }
    return out;
  }

  [[noreturn]] void fail(std::uint32_t line, std::uint32_t column, std::string key,
                         std::string message) const {
    throw scenario_error({file_, line, column}, std::move(key), std::move(message));
  }

 private:
  /// Fails at the cursor, naming the header of the field it is in (or "header row").
  [[noreturn]] void fail_here(std::uint32_t line, std::uint32_t column, std::string message) const {
    std::string key = "header row";
    if (!header_.empty())
      key = field_ < header_.size() && !header_[field_].empty()
                ? header_[field_]
                : fmt::format("column {}", field_ + 1);
    fail(line, column, std::move(key), std::move(message));
  }

  /// Checks the character at pos_ (text, not a line end) and steps over it; returns its bytes.
  std::string_view take() {
    const auto b = static_cast<unsigned char>(text_[pos_]);
    if (b == 0) fail_here(line_, column_, "a NUL byte: this is binary data, not a CSV text file");
    if ((b < 0x20 && b != '\t') || b == 0x7F)
      fail_here(line_, column_,
                fmt::format("a control character (byte 0x{:02X}): this is not a CSV text file", b));
    const std::size_t n = utf8_length(text_, pos_);
    if (n == 0)
      fail_here(line_, column_,
                fmt::format("invalid UTF-8 (byte 0x{:02X}): save the file as \"CSV UTF-8\"", b));
    const std::string_view out = text_.substr(pos_, n);
    pos_ += n;
    ++column_;
    return out;
  }
  void advance() {
    ++pos_;
    ++column_;
  }
  void new_line() {
    ++line_;
    column_ = 1;
  }
  /// At '\r' or '\n': steps over one line end ("\n" or "\r\n"); a lone '\r' is refused.
  void end_of_line() {
    if (text_[pos_] == '\r') {
      if (pos_ + 1 >= text_.size() || text_[pos_ + 1] != '\n')
        fail_here(line_, column_,
                  "a carriage return without a line feed: lines must end with LF or CRLF");
      ++pos_;
    }
    ++pos_;
    new_line();
  }

  csv_cell field() {
    csv_cell cell;
    cell.line = line_;
    cell.column = column_;
    if (pos_ < text_.size() && text_[pos_] == '"') return quoted(std::move(cell));
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ',' || c == '\n' || c == '\r') break;
      if (c == '"')
        fail_here(
            line_, column_,
            "a quote inside an unquoted field: quote the whole field and double the quotes in "
            "it (\"say \"\"hello\"\"\")");
      cell.text += take();
    }
    return cell;
  }

  csv_cell quoted(csv_cell cell) {
    advance();  // the opening quote
    for (;;) {
      if (pos_ >= text_.size())
        fail_here(cell.line, cell.column,
                  "the quote that opens this field is never closed (a quote missing at its end?)");
      const char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          cell.text += '"';
          advance();
          advance();
          continue;
        }
        advance();
        break;
      }
      if (c == '\r' || c == '\n') {
        end_of_line();
        cell.text += '\n';
        continue;
      }
      cell.text += take();
    }
    if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r')
      fail_here(line_, column_,
                "text after the quote that closes a quoted field: a quote in the text must be "
                "doubled (\"\")");
    return cell;
  }

  std::string_view text_;
  const std::string& file_;
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t column_ = 1;
  std::vector<std::string> header_;  // once the first row is read
  std::size_t field_ = 0;            // the field the cursor is in
};

bool blank(const csv_row& row) {
  return std::all_of(row.cells.begin(), row.cells.end(),
                     [](const csv_cell& c) { return c.text.empty(); });
}

}  // namespace

csv_file parse_csv(std::string_view text, const std::string& file) {
  constexpr std::string_view bom = "\xEF\xBB\xBF";
  if (text.substr(0, bom.size()) == bom) text.remove_prefix(bom.size());
  csv_parser parser(text, file);
  std::vector<csv_row> records = parser.records();
  if (std::all_of(records.begin(), records.end(), blank))
    throw scenario_error({file, 1, 1}, "",
                         "the file is empty: expected a header row of column names, then a row "
                         "for each record");
  csv_file out;
  out.file = file;
  if (blank(records.front()))
    parser.fail(records.front().line, 1, "",
                "the first row must be the header (the column names), but it is empty");
  out.header = std::move(records.front().cells);
  for (std::size_t i = 0; i < out.header.size(); ++i) {
    const csv_cell& h = out.header[i];
    if (h.text.empty())
      parser.fail(h.line, h.column, fmt::format("column {}", i + 1),
                  "a column without a name in the header row");
    for (std::size_t j = 0; j < i; ++j)
      if (out.header[j].text == h.text)
        parser.fail(h.line, h.column, h.text,
                    fmt::format("duplicate column '{}' (also column {} of the header)",
                                detail::clip(h.text), j + 1));
  }
  for (std::size_t r = 1; r < records.size(); ++r) {
    csv_row& row = records[r];
    if (blank(row)) continue;
    const std::size_t n = out.header.size();
    if (row.cells.size() > n) {
      const csv_cell& extra = row.cells[n];
      parser.fail(extra.line, extra.column, fmt::format("column {}", n + 1),
                  fmt::format("this row has {} fields but the header has {} columns (a comma too "
                              "many, or a value with a comma that is not quoted?)",
                              row.cells.size(), n));
    }
    if (row.cells.size() < n) {
      const csv_cell& last = row.cells.back();
      parser.fail(last.line, last.column, out.header[row.cells.size()].text,
                  fmt::format("this row has {} field{} but the header has {} columns: '{}' and "
                              "any after it are missing",
                              row.cells.size(), row.cells.size() == 1 ? "" : "s", n,
                              detail::clip(out.header[row.cells.size()].text)));
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

csv_file read_csv(const std::filesystem::path& path) {
  const std::string file = path.string();
  const std::string text = detail::read_input_file(path, [&](const std::string& why) {
    throw scenario_error({file, 0, 0}, "", why);
  });
  return parse_csv(text, file);
}

csv_table::csv_table(const csv_file& file, std::span<const csv_column> layout) : file_(&file) {
  std::vector<std::string_view> known;
  for (const csv_column& c : layout)
    known.push_back(c.name);
  for (const csv_cell& h : file.header) {
    if (std::find(known.begin(), known.end(), h.text) == known.end()) {
      std::string hint = did_you_mean(h.text, known);
      if (hint.empty()) {
        hint = " (known columns: ";
        for (std::size_t i = 0; i < known.size(); ++i)
          hint += fmt::format("{}{}", i == 0 ? "" : ", ", known[i]);
        hint += ")";
      }
      fail(h, h.text, fmt::format("unknown column '{}'{}", detail::clip(h.text), hint));
    }
    columns_.push_back(h.text);
  }
  for (const csv_column& c : layout)
    if (c.required && !has(c.name))
      throw scenario_error(
          {file.file, file.header.front().line, 1}, std::string(c.name),
          fmt::format("missing column: the header row must have a column '{}' (docs/import.md)",
                      c.name));
}

bool csv_table::has(std::string_view column) const {
  return std::find(columns_.begin(), columns_.end(), column) != columns_.end();
}

const csv_cell* csv_table::find(const csv_row& row, std::string_view column) const {
  const auto it = std::find(columns_.begin(), columns_.end(), column);
  if (it == columns_.end()) return nullptr;
  return &row.cells[static_cast<std::size_t>(it - columns_.begin())];
}

const csv_cell& csv_table::cell(const csv_row& row, std::string_view column) const {
  const csv_cell* c = find(row, column);
  if (c == nullptr)  // a layout's required column: the constructor checked it is there
    throw scenario_error({file_->file, row.line, 1}, std::string(column), "missing column");
  return *c;
}

source_ref csv_table::where(const csv_cell& at) const {
  return {file_->file, at.line, at.column};
}

void csv_table::fail(const csv_cell& at, std::string_view column, std::string message) const {
  throw scenario_error(where(at), std::string(column), std::move(message));
}

std::string csv_table::text(const csv_row& row, std::string_view column, bool optional) const {
  const csv_cell* c = find(row, column);
  if (c == nullptr || c->text.empty()) {
    if (optional) return {};
    fail(c != nullptr ? *c : row.cells.front(), column,
         "missing value: this cell must not be empty");
  }
  if (looks_like_formula(c->text))
    fail(*c, column,
         fmt::format("'{}' is a spreadsheet formula, not a value: save the values (in Excel, "
                     "copy the cells and paste them as values)",
                     detail::clip(c->text)));
  return c->text;
}

std::int64_t csv_table::integer(const csv_row& row, std::string_view column, std::int64_t lo,
                                std::int64_t hi, std::optional<std::int64_t> fallback) const {
  const std::string s = text(row, column, fallback.has_value());
  if (s.empty()) return *fallback;
  const csv_cell& c = *find(row, column);
  const auto n = parse_whole_number(s);
  if (!n) {
    const bool digits = !s.empty() && std::all_of(s.begin() + (s[0] == '-' ? 1 : 0), s.end(),
                                                  [](char ch) { return ch >= '0' && ch <= '9'; });
    if (digits && s != "-")
      fail(c, column, fmt::format("must be in [{}, {}], got {}", lo, hi, detail::clip(s)));
    std::string why = fmt::format("expected a whole number, got '{}'", detail::clip(s));
    if (s.find(',') != std::string::npos) why += " (write numbers without thousands separators)";
    fail(c, column, std::move(why));
  }
  if (*n < lo || *n > hi) fail(c, column, fmt::format("must be in [{}, {}], got {}", lo, hi, *n));
  return *n;
}

bool looks_like_formula(std::string_view text) {
  if (text.empty()) return false;
  if (text[0] == '=' || text[0] == '@') return true;
  if (text[0] != '+' && text[0] != '-') return false;
  return text.size() == 1 || !((text[1] >= '0' && text[1] <= '9') || text[1] == '.');
}

std::optional<std::int64_t> parse_whole_number(std::string_view text) {
  if (text.empty() || text == "-") return std::nullopt;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<double> parse_decimal(std::string_view text) {
  if (text.empty()) return std::nullopt;
  // from_chars reads "nan", "inf" and "infinity" too: only digits, a sign, '.', 'e' are numbers.
  if (!std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
      }))
    return std::nullopt;
  double v = 0;
  const std::string_view body = text[0] == '+' ? text.substr(1) : text;
  if (body.empty() || body[0] == '+' || (text[0] == '+' && body[0] == '-')) return std::nullopt;
  const auto [end, ec] = from_chars_double(body.data(), body.data() + body.size(), v);
  if (ec != std::errc{} || end != body.data() + body.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

std::string csv_quote(std::string_view field) {
  const bool needs = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!needs) return std::string(field);
  std::string out = "\"";
  for (const char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace strikesim::model
