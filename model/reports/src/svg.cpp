#include "strikesim/reports/svg.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "shared.hpp"

namespace strikesim::model::svg {

namespace {

constexpr double width = 720;
constexpr std::array<const char*, 4> palette = {"#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad"};

/// A round number at or above `x` for the top of an axis (1, 2 or 5 times a power of ten).
double nice_ceiling(double x) {
  if (!(x > 0)) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(x)));
  for (const double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= x) return m * p;
  return 10 * p;
}

std::string number(double x) {
  if (std::abs(x) >= 100 || x == std::floor(x)) return fmt::format("{:.0f}", x);
  if (std::abs(x) < 1) return fmt::format("{:.2f}", x);
  return fmt::format("{:.1f}", x);
}

/// `label` cut to `fits` characters with an ellipsis (whole in the chart element's <title>).
std::string fitted(const std::string& label, std::size_t fits) {
  if (label.size() <= fits) return label;
  std::size_t cut = fits - 1;
  while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0U) == 0x80U)
    --cut;  // not inside a UTF-8 character
  return label.substr(0, cut) + "\u2026";
}

std::string open(std::string_view title, std::string_view description, double height) {
  // A visible caption for readers, <title> and <desc> for screen readers.
  return fmt::format(
      "<figure><figcaption>{}</figcaption><svg class=\"chart\" role=\"img\" "
      "viewBox=\"0 0 {} {}\" xmlns=\"http://www.w3.org/2000/svg\">"
      "<title>{}</title><desc>{}</desc>",
      escape(title), width, height, escape(title), escape(description));
}

/// Axis lines, ticks and labels of the y axis from 0 to `top` over [y0, y1] (y1 at the top).
std::string y_axis(double x0, double x1, double y0, double y1, double top,
                   std::string_view y_title) {
  std::string out;
  for (int i = 0; i <= 4; ++i) {
    const double v = top * i / 4;
    const double y = y0 - (y0 - y1) * i / 4;
    out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" class=\"grid\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"end\">{}</text>",
        x0, y, x1, y, x0 - 6, y + 4, number(v));
  }
  out += fmt::format(
      "<text x=\"14\" y=\"{:.1f}\" class=\"axis\" transform=\"rotate(-90 14 {:.1f})\" "
      "text-anchor=\"middle\">{}</text>",
      (y0 + y1) / 2, (y0 + y1) / 2, escape(y_title));
  return out;
}

/// Labels under the x axis, thinned so that they do not overlap (at most ~12 show).
std::string x_labels(const std::vector<std::string>& labels, double x0, double step, double y) {
  std::string out;
  std::size_t longest = 1;
  for (const std::string& l : labels)
    longest = std::max(longest, l.size());
  const double span = step * static_cast<double>(labels.size() > 1 ? labels.size() - 1 : 1);
  const auto fit = static_cast<std::size_t>(
      std::clamp(span / (8.0 * static_cast<double>(longest) + 16) + 1, 2.0, 12.0));
  const std::size_t every = std::max<std::size_t>(1, (labels.size() + fit - 1) / fit);
  for (std::size_t i = 0; i < labels.size(); i += every)
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"middle\">{}"
        "</text>",
        x0 + step * static_cast<double>(i), y, escape(labels[i]));
  return out;
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string bar_chart(std::string_view title, std::string_view description, std::string_view unit,
                      const std::vector<bar>& bars) {
  constexpr double row = 26, top_pad = 16, left = 190, right = 70;
  const double height = top_pad + row * static_cast<double>(bars.size()) + 34;
  double top = 0, bottom = 0;
  for (const bar& b : bars) {
    top = std::max({top, b.high, b.value});
    bottom = std::min({bottom, b.low, b.value});
  }
  // Bars that go below zero (differences): an axis symmetric about zero, the bars from it.
  const bool diverging = bottom < 0;
  top = nice_ceiling(diverging ? std::max(top, -bottom) : top);
  const double from = diverging ? -top : 0;
  const double plot = width - left - right;
  const auto x = [&](double v) {
    return left + plot * std::clamp((v - from) / (top - from), 0.0, 1.0);
  };
  std::string out = open(title, description, height);
  for (int i = 0; i <= 4; ++i) {
    const double gx = left + plot * i / 4;
    out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{:.1f}\" class=\"grid\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"middle\">{}</text>",
        gx, top_pad - 4, gx, height - 30, gx, height - 16, number(from + (top - from) * i / 4));
  }
  out += fmt::format(
      "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"axis\" text-anchor=\"middle\">{}"
      "</text>",
      left + plot / 2, height - 2, escape(unit));
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const bar& b = bars[i];
    const double y = top_pad + row * static_cast<double>(i);
    out += fmt::format(
        "<g{}><title>{}: {} ({} to {})</title>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"label\" text-anchor=\"end\">{}</text>"
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" class=\"bar\"/>"
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" class=\"whisker\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"value\"{}>{}</text></g>",
        b.data, escape(b.label), number(b.value), number(b.low), number(b.high), left - 8, y + 17,
        escape(fitted(b.label, 26)), std::min(x(0), x(b.value)), y + 5, std::abs(x(b.value) - x(0)),
        row - 10, x(b.low), y + row / 2, x(b.high), y + row / 2,
        b.value < 0 ? std::min(x(b.low), x(b.value)) - 6 : std::max(x(b.high), x(b.value)) + 6,
        y + 17, b.value < 0 ? " text-anchor=\"end\"" : "", number(b.value));
  }
  return out + "</svg></figure>";
}

std::string tornado_chart(std::string_view title, std::string_view description,
                          std::string_view axis_title, const std::vector<signed_bar>& bars) {
  constexpr double row = 26, top_pad = 16, left = 230, right = 40;
  const double height = top_pad + row * static_cast<double>(bars.size()) + 34;
  const double plot = width - left - right;
  const auto x = [&](double v) { return left + plot * (std::clamp(v, -1.0, 1.0) + 1) / 2; };
  std::string out = open(title, description, height);
  for (int i = 0; i <= 4; ++i) {
    const double v = -1 + 0.5 * i;
    out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{:.1f}\" class=\"grid\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"middle\">{}</text>",
        x(v), top_pad - 4, x(v), height - 30, x(v), height - 16, number(v));
  }
  out +=
      fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"axis\" text-anchor=\"middle\">{}</text>",
                  left + plot / 2, height - 2, escape(axis_title));
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const signed_bar& b = bars[i];
    const double y = top_pad + row * static_cast<double>(i);
    const double from = std::min(x(0), x(b.value)), to = std::max(x(0), x(b.value));
    out += fmt::format(
        "<g><title>{}: {}</title>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"label\" text-anchor=\"end\">{}</text>"
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" class=\"bar\"{}/>"
        "</g>",
        escape(b.label), fmt::format("{:.2f}", b.value), left - 8, y + 17, escape(b.label), from,
        y + 5, to - from, row - 10,
        b.value < 0 ? fmt::format(" style=\"fill:{}\"", palette[1]) : std::string{});
  }
  out +=
      fmt::format("<line x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{:.1f}\" class=\"whisker\"/>",
                  x(0), top_pad - 4, x(0), height - 30);
  return out + "</svg></figure>";
}

std::string band_chart(std::string_view title, std::string_view description,
                       std::string_view y_title, const std::vector<band_point>& points) {
  constexpr double height = 260, left = 60, right = 20, top_pad = 16, bottom = 40;
  double top = 0;
  for (const band_point& p : points)
    top = std::max({top, p.high, p.mid});
  top = nice_ceiling(top);
  const double plot_w = width - left - right, y0 = height - bottom, y1 = top_pad;
  const double step = points.size() > 1 ? plot_w / static_cast<double>(points.size() - 1) : plot_w;
  const auto y = [&](double v) { return y0 - (y0 - y1) * std::clamp(v / top, 0.0, 1.0); };
  std::string out =
      open(title, description, height) + y_axis(left, width - right, y0, y1, top, y_title);
  std::string band = "<path class=\"band\" d=\"";
  for (std::size_t i = 0; i < points.size(); ++i)
    band += fmt::format("{}{:.1f},{:.1f} ", i == 0 ? "M" : "L", left + step * double(i),
                        y(points[i].high));
  for (std::size_t i = points.size(); i-- > 0;)
    band += fmt::format("L{:.1f},{:.1f} ", left + step * double(i), y(points[i].low));
  out += band + "Z\"/>";
  std::string mid = "<path class=\"line\" d=\"";
  for (std::size_t i = 0; i < points.size(); ++i)
    mid += fmt::format("{}{:.1f},{:.1f} ", i == 0 ? "M" : "L", left + step * double(i),
                       y(points[i].mid));
  out += mid + "\"/>";
  std::vector<std::string> labels;
  for (const band_point& p : points)
    labels.push_back(p.label);
  out += x_labels(labels, left, step, height - bottom + 18);
  return out + "</svg></figure>";
}

std::string line_chart(std::string_view title, std::string_view description,
                       std::string_view y_title, const std::vector<std::string>& x_labels_in,
                       const std::vector<line>& lines) {
  constexpr double height = 260, left = 60, right = 20, top_pad = 30, bottom = 40;
  double top = 0;
  for (const line& l : lines)
    for (const double v : l.values)
      top = std::max(top, v);
  top = nice_ceiling(top);
  const double plot_w = width - left - right, y0 = height - bottom, y1 = top_pad;
  const double step =
      x_labels_in.size() > 1 ? plot_w / static_cast<double>(x_labels_in.size() - 1) : plot_w;
  const auto y = [&](double v) { return y0 - (y0 - y1) * std::clamp(v / top, 0.0, 1.0); };
  std::string out =
      open(title, description, height) + y_axis(left, width - right, y0, y1, top, y_title);
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const char* colour = palette[k % palette.size()];
    std::string d;
    for (std::size_t i = 0; i < lines[k].values.size(); ++i)
      d += fmt::format("{}{:.1f},{:.1f} ", i == 0 ? "M" : "L", left + step * double(i),
                       y(lines[k].values[i]));
    out +=
        fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\"/>", d, colour);
    out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{}\"/>"
        "<text x=\"{:.1f}\" y=\"16\" class=\"label\">{}</text>",
        left + 230.0 * double(k), colour, left + 230.0 * double(k) + 16, escape(lines[k].name));
  }
  out += x_labels(x_labels_in, left, step, height - bottom + 18);
  return out + "</svg></figure>";
}

std::string log_scatter(std::string_view title, std::string_view description,
                        std::string_view x_title, std::string_view y_title,
                        const std::vector<scatter_point>& points, double band_factor) {
  constexpr double height = 520, left = 70, right = 30, top_pad = 16, bottom = 50;
  // Whole decades around every positive value.
  double lo = std::numeric_limits<double>::infinity(), hi = 0;
  for (const scatter_point& p : points) {
    for (const double v : {p.x, p.y, p.y_low, p.y_high}) {
      if (!(v > 0) || !std::isfinite(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (!(hi > 0)) lo = hi = 1;
  const double d0 = std::floor(std::log10(lo));
  const double d1 = std::max(d0 + 1, std::ceil(std::log10(hi)));
  const double plot_w = width - left - right, plot_h = height - top_pad - bottom;
  const auto at = [&](double v, double span) {
    const double l = v > 0 ? std::log10(v) : d0;
    return span * std::clamp((l - d0) / (d1 - d0), 0.0, 1.0);
  };
  const auto x = [&](double v) { return left + at(v, plot_w); };
  const auto y = [&](double v) { return top_pad + plot_h - at(v, plot_h); };
  std::string out = open(title, description, height);
  const auto decades = static_cast<int>(d1 - d0);
  for (int k = 0; k <= decades; ++k) {
    const double v = std::pow(10.0, d0 + k);
    out += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" class=\"grid\"/>"
        "<text x=\"{0:.1f}\" y=\"{3:.1f}\" class=\"tick\" text-anchor=\"middle\">{4}</text>"
        "<line x1=\"{5:.1f}\" y1=\"{6:.1f}\" x2=\"{7:.1f}\" y2=\"{6:.1f}\" class=\"grid\"/>"
        "<text x=\"{8:.1f}\" y=\"{9:.1f}\" class=\"tick\" text-anchor=\"end\">{4}</text>",
        x(v), top_pad, top_pad + plot_h, top_pad + plot_h + 16, detail::num(v), left, y(v),
        left + plot_w, left - 6, y(v) + 4);
  }
  out += fmt::format(
      "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"axis\" text-anchor=\"middle\">{}</text>"
      "<text x=\"14\" y=\"{:.1f}\" class=\"axis\" transform=\"rotate(-90 14 {:.1f})\" "
      "text-anchor=\"middle\">{}</text>",
      left + plot_w / 2, height - 8, escape(x_title), top_pad + plot_h / 2, top_pad + plot_h / 2,
      escape(y_title));
  // The band and the line, clipped to the plot.
  const double a = std::pow(10.0, d0), b = std::pow(10.0, d1);
  out += fmt::format(
      "<clipPath id=\"scatter-plot\"><rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" "
      "height=\"{:.1f}\"/></clipPath><g clip-path=\"url(#scatter-plot)\">",
      left, top_pad, plot_w, plot_h);
  // Unclipped positions of the band's corners: log-linear, so straight lines stay straight.
  const auto free_y = [&](double v) {
    return top_pad + plot_h - plot_h * (std::log10(v) - d0) / (d1 - d0);
  };
  out += fmt::format(
      "<polygon points=\"{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}\" "
      "class=\"band\"><title>model within x{:g} of the record</title></polygon>"
      "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" class=\"line\"/></g>",
      x(a), free_y(a / band_factor), x(b), free_y(b / band_factor), x(b), free_y(b * band_factor),
      x(a), free_y(a * band_factor), band_factor, x(a), free_y(a), x(b), free_y(b));
  for (std::size_t i = 0; i < points.size(); ++i) {
    const scatter_point& p = points[i];
    const bool right_half = x(p.x) > left + plot_w / 2;  // its label goes to the left
    out += fmt::format(
        "<g><title>{}: record {}, model {} ({} to {})</title>"
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" class=\"whisker\"/>"
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"5\" fill=\"{}\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"label\" text-anchor=\"{}\">{}</text></g>",
        escape(p.label), number(p.x), number(p.y), number(p.y_low), number(p.y_high), x(p.x),
        y(p.y_low), x(p.x), y(p.y_high), x(p.x), y(p.y), palette[i % palette.size()],
        right_half ? x(p.x) - 8 : x(p.x) + 8, y(p.y) - 6, right_half ? "end" : "start",
        escape(p.label));
  }
  return out + "</svg></figure>";
}

std::string heat_map(std::string_view title, std::string_view description,
                     const std::vector<heat_column>& columns, const std::vector<heat_row>& rows,
                     const std::vector<heat_band>& bands, std::string_view mark_legend) {
  constexpr double left = 200, right = 10, top_pad = 8, row_h = 22, axis_h = 40, legend_h = 30;
  const double plot_w = width - left - right;
  const double cell_w = columns.empty() ? plot_w : plot_w / static_cast<double>(columns.size());
  const double grid_h = row_h * static_cast<double>(rows.size());
  const double height = top_pad + grid_h + axis_h + legend_h;
  const auto colour_of = [&](double v) {
    for (const heat_band& b : bands)
      if (v < b.below) return b.colour;
    return bands.empty() ? std::string("#ffffff") : bands.back().colour;
  };
  std::string out = open(title, description, height);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const heat_row& row = rows[r];
    const double y = top_pad + row_h * static_cast<double>(r);
    // A long name is cut to what fits, whole in its tooltip.
    const std::string shown = fitted(row.label, 27);
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"label\" text-anchor=\"end\"><title>{}</title>{}"
        "</text>",
        left - 6, y + row_h / 2 + 4, escape(row.label), escape(shown));
    for (std::size_t c = 0; c < row.cells.size() && c < columns.size(); ++c) {
      const heat_cell& cell = row.cells[c];
      const double x = left + cell_w * static_cast<double>(c);
      out += fmt::format(
          "<g class=\"cell\"{}><title>{}</title><rect x=\"{:.2f}\" y=\"{:.1f}\" "
          "width=\"{:.2f}\" height=\"{:.1f}\" fill=\"{}\" stroke=\"#ffffff\" "
          "stroke-width=\"0.5\"/>",
          cell.data, escape(cell.tip), x, y, cell_w, row_h, colour_of(cell.value));
      if (cell.marked)
        out += fmt::format("<circle cx=\"{:.2f}\" cy=\"{:.1f}\" r=\"{:.1f}\" fill=\"#1b1f24\"/>",
                           x + cell_w / 2, y + row_h / 2, std::min(3.5, cell_w / 3));
      out += "</g>";
    }
  }
  // The time axis: ticks, and each day's name where it starts.
  const double axis_y = top_pad + grid_h;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const double x = left + cell_w * static_cast<double>(c);
    if (!columns[c].day.empty())
      out += fmt::format(
          "<line x1=\"{0:.2f}\" y1=\"{1:.1f}\" x2=\"{0:.2f}\" y2=\"{2:.1f}\" "
          "stroke=\"#1b1f24\" stroke-width=\"1\"/>"
          "<text x=\"{3:.2f}\" y=\"{4:.1f}\" class=\"tick\">{5}</text>",
          x, top_pad, axis_y + 30, x + 3, axis_y + 30, escape(columns[c].day));
    if (!columns[c].tick.empty())
      out += fmt::format(
          "<text x=\"{:.2f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"middle\">{}</text>", x,
          axis_y + 14, escape(columns[c].tick));
  }
  // The legend.
  const double legend_y = axis_y + axis_h + 2;
  double lx = 10;
  for (const heat_band& b : bands) {
    out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"14\" height=\"14\" fill=\"{}\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"label\">{}</text>",
        lx, legend_y, b.colour, lx + 18, legend_y + 12, escape(b.label));
    lx += 26 + 7.0 * static_cast<double>(b.label.size());
  }
  if (!mark_legend.empty())
    out += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3.5\" fill=\"#1b1f24\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"label\">{}</text>",
        lx + 7, legend_y + 7, lx + 16, legend_y + 12, escape(mark_legend));
  return out + "</svg></figure>";
}

}  // namespace strikesim::model::svg
