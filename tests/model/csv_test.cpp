// The strict CSV reader (strikesim/files/csv.hpp) that `strikesim import` reads spreadsheets with.
#include <doctest/doctest.h>

#include <array>
#include <functional>
#include <optional>
#include <string>

#include "strikesim/files/csv.hpp"

namespace model = strikesim::model;

namespace {

/// The message of the error `read` throws ("" if it throws none).
std::string error_of(const std::function<void()>& read) {
  try {
    read();
  } catch (const model::scenario_error& e) {
    return e.what();
  }
  return "";
}

std::string parse_error(const std::string& text) {
  return error_of([&] { (void)model::parse_csv(text, "t.csv"); });
}

constexpr std::array<model::csv_column, 3> layout = {
    {{"specialty", true}, {"count", true}, {"note", false}}};

/// The error of reading `count` of the first row of a file with the layout above.
std::string count_error(const std::string& count) {
  const model::csv_file f = model::parse_csv("specialty,count\nent," + count + "\n", "t.csv");
  const model::csv_table t(f, layout);
  return error_of([&] { (void)t.integer(f.rows[0], "count", 0, 1000); });
}

}  // namespace

TEST_CASE(
    "a CSV file as Excel writes it reads: byte-order mark, CRLF, quotes, commas, line breaks") {
  const std::string text =
      "\xEF\xBB\xBFname,note\r\n"
      "\"Smith, J\",\"says \"\"hi\"\"\"\r\n"
      "plain,\"two\r\nlines\"\r\n";
  const model::csv_file f = model::parse_csv(text, "t.csv");
  REQUIRE(f.header.size() == 2);
  CHECK(f.header[0].text == "name");
  CHECK(f.header[0].column == 1);  // the byte-order mark is not a character of the row
  REQUIRE(f.rows.size() == 2);
  CHECK(f.rows[0].cells[0].text == "Smith, J");
  CHECK(f.rows[0].cells[1].text == "says \"hi\"");
  CHECK(f.rows[0].cells[1].line == 2);
  CHECK(f.rows[0].cells[1].column == 12);
  CHECK(f.rows[1].cells[1].text == "two\nlines");
  CHECK(f.rows[1].line == 3);
}

TEST_CASE("a record after a field with a line break starts on the line after it") {
  const model::csv_file f = model::parse_csv("a,b\n\"x\ny\",1\nz,2", "t.csv");
  REQUIRE(f.rows.size() == 2);
  CHECK(f.rows[1].line == 4);
  CHECK(f.rows[1].cells[1].text == "2");  // the last line needs no line end
  CHECK(f.rows[1].cells[1].column == 3);
}

TEST_CASE("blank rows, and rows of empty cells as Excel writes for cleared cells, are skipped") {
  const model::csv_file f = model::parse_csv("a,b\n\n,\n1,2\n,\n", "t.csv");
  REQUIRE(f.rows.size() == 1);
  CHECK(f.rows[0].line == 4);
}

TEST_CASE("columns are counted in characters, not bytes") {
  const model::csv_file f = model::parse_csv("a,b\n\xC3\xA9t\xC3\xA9,x\n", "t.csv");
  CHECK(f.rows[0].cells[1].column == 5);
}

TEST_CASE("malformed CSV is refused at its line and column, naming the header of its column") {
  CHECK(parse_error("") ==
        "t.csv:1:1: the file is empty: expected a header row of column names, "
        "then a row for each record");
  CHECK(parse_error("\xEF\xBB\xBF").find("t.csv:1:1: the file is empty") == 0);
  CHECK(parse_error("\n\n,,\n").find("t.csv:1:1: the file is empty") == 0);
  CHECK(parse_error("\na,b\n1,2\n") ==
        "t.csv:1:1: the first row must be the header (the column names), but it is empty");
  CHECK(parse_error("a,b\n1,\"two\n") ==
        "t.csv:2:3: b: the quote that opens this field is never closed (a quote missing at its "
        "end?)");
  CHECK(parse_error("a,b\n1,\"two\"x\n").find("t.csv:2:8: b: text after the quote that closes") ==
        0);
  CHECK(parse_error("a,b\n1,tw\"o\n").find("t.csv:2:5: b: a quote inside an unquoted field") == 0);
  CHECK(parse_error("a,b\r1,2\r") ==
        "t.csv:1:4: header row: a carriage return without a line feed: lines must end with LF or "
        "CRLF");
  CHECK(parse_error(std::string("a,b\n1,\0x\n", 9)) ==
        "t.csv:2:3: b: a NUL byte: this is binary data, not a CSV text file");
  CHECK(parse_error("a,b\n1,\x01\n").find("t.csv:2:3: b: a control character (byte 0x01)") == 0);
  CHECK(parse_error("a,b\n1,caf\xE9\n").find("t.csv:2:6: b: invalid UTF-8 (byte 0xE9)") == 0);
  CHECK(parse_error("a,b\n1,\xED\xA0\x80\n").find("t.csv:2:3: b: invalid UTF-8") ==
        0);                                                                          // surrogate
  CHECK(parse_error("a,b\n1,\xC0\xAF\n").find("t.csv:2:3: b: invalid UTF-8") == 0);  // overlong
}

TEST_CASE("ragged rows, duplicate and empty headers are refused, naming the column") {
  CHECK(parse_error("a,b\n1,2,3\n")
            .find("t.csv:2:5: column 3: this row has 3 fields but the "
                  "header has 2 columns") == 0);
  CHECK(parse_error("a,b,c\n1,2\n")
            .find("t.csv:2:3: c: this row has 2 fields but the header "
                  "has 3 columns: 'c' and any after it are missing") == 0);
  CHECK(parse_error("a,b,a\n1,2,3\n") ==
        "t.csv:1:5: a: duplicate column 'a' (also column 1 of the header)");
  CHECK(parse_error("a,,c\n1,2,3\n") ==
        "t.csv:1:3: column 2: a column without a name in the header row");
}

TEST_CASE("an unknown column is refused with the nearest known one; a missing one is named") {
  const model::csv_file typo = model::parse_csv("specality,count\nent,1\n", "t.csv");
  CHECK(error_of([&] { model::csv_table(typo, layout); }) ==
        "t.csv:1:1: specality: unknown column 'specality'; did you mean 'specialty'?");
  const model::csv_file other = model::parse_csv("specialty,count,colour\nent,1,red\n", "t.csv");
  CHECK(error_of([&] { model::csv_table(other, layout); }) ==
        "t.csv:1:17: colour: unknown column 'colour' (known columns: specialty, count, note)");
  const model::csv_file missing = model::parse_csv("specialty\nent\n", "t.csv");
  CHECK(error_of([&] { model::csv_table(missing, layout); }) ==
        "t.csv:1:1: count: missing column: the header row must have a column 'count' "
        "(docs/import.md)");
}

TEST_CASE("whole numbers: wrong types, negative and huge counts are refused at their cell") {
  CHECK(count_error("12").empty());
  CHECK(count_error("-1") == "t.csv:2:5: count: must be in [0, 1000], got -1");
  CHECK(count_error("1001") == "t.csv:2:5: count: must be in [0, 1000], got 1001");
  CHECK(count_error("99999999999999999999999") ==
        "t.csv:2:5: count: must be in [0, 1000], got 99999999999999999999999");
  CHECK(count_error("four") == "t.csv:2:5: count: expected a whole number, got 'four'");
  CHECK(count_error("2.5") == "t.csv:2:5: count: expected a whole number, got '2.5'");
  CHECK(count_error("\"1,000\"") ==
        "t.csv:2:5: count: expected a whole number, got '1,000' (write "
        "numbers without thousands separators)");
  CHECK(count_error("") == "t.csv:2:5: count: missing value: this cell must not be empty");
  CHECK(count_error("=1+1").find("t.csv:2:5: count: '=1+1' is a spreadsheet formula") == 0);
}

TEST_CASE("text that a spreadsheet would run as a formula is refused") {
  CHECK(model::looks_like_formula("=1+1"));
  CHECK(model::looks_like_formula("@SUM(A1)"));
  CHECK(model::looks_like_formula("+A1"));
  CHECK(model::looks_like_formula("-cmd"));
  CHECK_FALSE(model::looks_like_formula("-5"));
  CHECK_FALSE(model::looks_like_formula("+.5"));
  CHECK_FALSE(model::looks_like_formula("a=b"));
  const model::csv_file f =
      model::parse_csv("specialty,count\n\"=HYPERLINK(\"\"x\"\")\",1\n", "t.csv");
  const model::csv_table t(f, layout);
  CHECK(error_of([&] {
          (void)t.text(f.rows[0], "specialty");
        }).find("t.csv:2:1: specialty: '=HYPERLINK(\"x\")' is a spreadsheet formula") == 0);
}

TEST_CASE("decimals are finite numbers in plain notation") {
  CHECK(model::parse_decimal("0.25") == 0.25);
  CHECK(model::parse_decimal("+3") == 3.0);
  CHECK(model::parse_decimal("1e-3") == 0.001);
  CHECK_FALSE(model::parse_decimal("nan"));
  CHECK_FALSE(model::parse_decimal("inf"));
  CHECK_FALSE(model::parse_decimal("1e999"));
  CHECK_FALSE(model::parse_decimal("0x10"));
  CHECK_FALSE(model::parse_decimal("+-1"));
  CHECK_FALSE(model::parse_decimal(""));
  CHECK_FALSE(model::parse_whole_number("3.0"));
  CHECK_FALSE(model::parse_whole_number("-"));
}

TEST_CASE("a field written by csv_quote reads back as it was") {
  for (const std::string s : {"plain", "a,b", "say \"hi\"", "two\nlines", " padded ", ""}) {
    const model::csv_file f = model::parse_csv("x,y\n" + model::csv_quote(s) + ",1\n", "t.csv");
    REQUIRE(f.rows.size() == 1);
    CHECK(f.rows[0].cells[0].text == s);
  }
}

TEST_CASE("a fault past the header's last column is named by its number") {
  CHECK(parse_error("a,b\n1,2,\"x\n").find("t.csv:2:5: column 3: the quote that opens") == 0);
}
