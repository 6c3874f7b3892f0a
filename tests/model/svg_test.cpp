// The chart module of the HTML report: escaping, and charts whose geometry follows the data.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "strikesim/reports/svg.hpp"

namespace svg = strikesim::model::svg;

namespace {

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1))
    ++n;
  return n;
}

}  // namespace

TEST_CASE("escape makes any text safe inside HTML and SVG") {
  CHECK(svg::escape("<script>alert('x') & \"y\"</script>") ==
        "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
  CHECK(svg::escape("plain text") == "plain text");
}

TEST_CASE("a bar chart: one bar and one whisker per row, titled, labels escaped, to scale") {
  const std::string c = svg::bar_chart("Cancelled <by> specialty", "desc", "operations",
                                       {{"surgery & <b>", 10, 5, 15}, {"ent", 5, 5, 5}});
  CHECK(c.find("<figcaption>Cancelled &lt;by&gt; specialty</figcaption>") != std::string::npos);
  CHECK(c.find("role=\"img\"") != std::string::npos);
  CHECK(c.find("<title>Cancelled &lt;by&gt; specialty</title>") != std::string::npos);
  CHECK(c.find("surgery &amp; &lt;b&gt;") != std::string::npos);
  CHECK(c.find("<b>") == std::string::npos);
  CHECK(count(c, "class=\"bar\"") == 2);
  CHECK(count(c, "class=\"whisker\"") == 2);
  // The axis runs to 20 (a round number above the highest whisker, 15): the first bar, 10,
  // is half the plot wide (460 px wide plot: 720 - 190 - 70).
  CHECK(c.find("width=\"230.0\"") != std::string::npos);
  CHECK(c.find(">20</text>") != std::string::npos);
}

TEST_CASE("a band chart and a line chart draw one path per series") {
  const std::string band =
      svg::band_chart("ED", "d", "patients", {{"00:00", 1, 0, 2}, {"01:00", 2, 1, 4}});
  CHECK(count(band, "class=\"band\"") == 1);
  CHECK(count(band, "class=\"line\"") == 1);
  const std::string lines = svg::line_chart("Doctors", "d", "doctors", {"a", "b", "c"},
                                            {{"present", {1, 2, 3}}, {"needed", {1, 1, 1}}});
  CHECK(count(lines, "<path ") == 2);
  CHECK(lines.find(">present</text>") != std::string::npos);
  CHECK(lines.find(">needed</text>") != std::string::npos);
}

TEST_CASE("a heat map: a cell for each row and column, coloured by its band, marks and labels") {
  const std::vector<svg::heat_band> bands = {
      {0, "#b2182b", "short"}, {1, "#fbd7b8", "none spare"}, {1e300, "#4393c3", "spare"}};
  const std::vector<svg::heat_column> columns = {{"", "Tue 26 Apr"}, {"08:00", ""}, {"", ""}};
  const std::vector<svg::heat_row> rows = {
      {"Trauma <on-call> and a name far too long to fit",
       {{-1, true, "t1", " data-x=\"1\""}, {0.5, false, "t2", ""}, {3, false, "t3", ""}}},
      {"ED", {{2, false, "", ""}, {2, false, "", ""}, {2, false, "", ""}}}};
  const std::string c =
      svg::heat_map("Cover <by> hour", "what it shows", columns, rows, bands, "roles empty");
  CHECK(c.find("<title>Cover &lt;by&gt; hour</title><desc>what it shows</desc>") !=
        std::string::npos);
  CHECK(count(c, "<g class=\"cell\"") == 6);
  CHECK(count(c, "fill=\"#b2182b\"") == 1 + 1);  // the cell at -1, and the legend
  CHECK(count(c, "fill=\"#fbd7b8\"") == 1 + 1);
  CHECK(count(c, "fill=\"#4393c3\"") == 4 + 1);
  CHECK(count(c, "<circle") == 1 + 1);  // the marked cell, and the legend's mark
  CHECK(c.find("<g class=\"cell\" data-x=\"1\"><title>t1</title>") != std::string::npos);
  // A long label is cut, whole in its title, and escaped both times.
  CHECK(c.find("<title>Trauma &lt;on-call&gt; and a name far too long to fit</title>") !=
        std::string::npos);
  CHECK(c.find("Trauma &lt;on-call&gt; and a nam\u2026</text>") != std::string::npos);
  CHECK(c.find(">Tue 26 Apr</text>") != std::string::npos);
  CHECK(c.find(">08:00</text>") != std::string::npos);
  CHECK(c.find("<on-call>") == std::string::npos);
}
