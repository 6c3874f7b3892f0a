#pragma once
/// Charts as inline SVG for the HTML report: small, self-contained, accessible (each chart is an
/// <svg role="img"> with a <title> and a <desc>), and scaled by its viewBox so it fits a phone or
/// an A4 page. Every text that goes in is escaped here.

#include <string>
#include <string_view>
#include <vector>

namespace strikesim::model::svg {

/// Text made safe for HTML and SVG: & < > " ' escaped.
std::string escape(std::string_view text);

/// A bar with a whisker from `low` to `high` (p05-p95).
struct bar {
  std::string label;
  double value = 0, low = 0, high = 0;
  std::string data = {};  // attributes for scripts and tests (` data-x="1"`, escaped by the caller)
};
/// Horizontal bars with whiskers, one row per bar, largest scale from the highest whisker. Bars
/// below zero (differences) get an axis symmetric about zero, each bar drawn from it.
std::string bar_chart(std::string_view title, std::string_view description, std::string_view unit,
                      const std::vector<bar>& bars);

/// A tornado chart: one bar a row from a centre line at 0, to the left for a negative value, on
/// a fixed axis from -1 to 1 (standardized regression coefficients), the longest bar first as
/// given.
struct signed_bar {
  std::string label;
  double value = 0;
};
std::string tornado_chart(std::string_view title, std::string_view description,
                          std::string_view axis_title, const std::vector<signed_bar>& bars);

/// A line of `mid` with a shaded band from `low` to `high`, over labelled x positions.
struct band_point {
  std::string label;
  double mid = 0, low = 0, high = 0;
};
std::string band_chart(std::string_view title, std::string_view description,
                       std::string_view y_title, const std::vector<band_point>& points);

/// Lines over labelled x positions, with a legend.
struct line {
  std::string name;
  std::vector<double> values;
};
std::string line_chart(std::string_view title, std::string_view description,
                       std::string_view y_title, const std::vector<std::string>& x_labels,
                       const std::vector<line>& lines);

/// A cell of a heat map: its colour from `value` (the bands of heat_map), a mark (a dot) if
/// `marked`, a tooltip, and attributes for scripts and tests (`data`: ` data-x="1"`, escaped by
/// the caller).
struct heat_cell {
  double value = 0;
  bool marked = false;
  std::string tip, data;
};
struct heat_row {
  std::string label;
  std::vector<heat_cell> cells;
};
/// A colour band: values below `below` (and at or above the previous band's) take `colour`.
struct heat_band {
  double below = 0;
  std::string colour, label;
};
/// A column of a heat map's time axis: a tick label (or none), and the day it starts (or none).
struct heat_column {
  std::string tick, day;
};
/// Rows of cells over columns, coloured by `bands` (the last one for every larger value), with a
/// legend of the bands and of the mark.
std::string heat_map(std::string_view title, std::string_view description,
                     const std::vector<heat_column>& columns, const std::vector<heat_row>& rows,
                     const std::vector<heat_band>& bands, std::string_view mark_legend);

/// A point of a scatter chart: `x` against `y`, with a whisker from `y_low` to `y_high`.
struct scatter_point {
  std::string label;
  double x = 0, y = 0, y_low = 0, y_high = 0;
};
/// Points on logarithmic axes (both the same decades, so that the chart is square in value), with
/// the line y = x and a shaded band from y = x / band_factor to y = x * band_factor. Values at or
/// below zero are drawn at the bottom of the axis.
std::string log_scatter(std::string_view title, std::string_view description,
                        std::string_view x_title, std::string_view y_title,
                        const std::vector<scatter_point>& points, double band_factor);

}  // namespace strikesim::model::svg
