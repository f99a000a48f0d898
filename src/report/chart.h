// The charts officials look at: population pyramids, stacked bars (e.g. the labour-force status
// of each unit) and progress bars (e.g. forms collected against the target). One description, two
// renderings through cairo: SVG for web pages, PNG for documents and messages. All text is laid
// out by pango in DejaVu Sans, which covers Vietnamese; nothing here translates, the labels are
// given in the language wanted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "exchange/table_doc.h"  // RenderError

namespace lmis {

// One series of values, one per category, each from 0 to 10^15.
struct ChartSeries {
  std::string name;  // shown in the legend; an empty name leaves the series out of it
  std::vector<double> values;
};

// What a chart shows, and so how many series it needs.
enum class ChartKind : uint8_t {
  // Population pyramid. Categories are age groups, the first (youngest) drawn at the bottom.
  // Exactly two series: series[0] grows to the left (men), series[1] to the right (women); the
  // category labels sit in a column between them.
  kPyramid,
  // Horizontal stacked bars: one bar per category (e.g. a unit), the first at the top; one
  // segment per series (e.g. employed / unemployed / outside the labour force), at least one
  // series. Each bar is labelled with its total, each segment wide enough with its value.
  kStackedBars,
  // Horizontal progress bars: one per category, the first at the top. Exactly two series:
  // series[0] what is done, series[1] the target. The track stands for the target, the fill for
  // done / target (at most the whole track); "done / target (percent)" is printed beside it.
  kProgress,
};

// A chart to render.
struct Chart {
  ChartKind kind = ChartKind::kStackedBars;
  std::string title;     // centred at the top, bold; wrapped when too long
  std::string subtitle;  // optional second line under the title
  // The labels of the categories, ellipsized ("Xã Đồng T…") when longer than their column.
  // No categories: the title and "Không có dữ liệu" (no data) alone.
  std::vector<std::string> categories;
  std::vector<ChartSeries> series;
  // Pixels (PNG) or points (SVG), each from 100 to 8000. The text grows with the size.
  int width = 800;
  int height = 500;
};

// The fill colour of series `series` in a chart of kind `kind`, as 0xRRGGBB: for a pyramid
// blue for series[0] (men) and red for series[1] (women); for stacked bars green, orange, grey,
// then blue, purple, brown, pink, olive, cyan, red, repeating; for progress bars green for done
// and light grey for the target (the track). For whoever draws a matching legend elsewhere.
uint32_t ChartColor(ChartKind kind, size_t series);

// The chart as an SVG 1.1 document of chart.width × chart.height points (text as glyph
// outlines, so it looks the same without DejaVu Sans on the viewing side). Throws RenderError for
// a malformed chart (the wrong number of series for its kind, a series without one value per
// category, a value that is negative, over 10^15 or not a number, a size out of range), when DejaVu
// Sans is not installed, or when cairo fails.
std::string RenderChartSvg(const Chart& chart);
// The chart as a PNG image (RGB, white background) of chart.width × chart.height pixels,
// drawn by the same code as RenderChartSvg. Throws RenderError as RenderChartSvg does.
std::string RenderChartPng(const Chart& chart);

}  // namespace lmis
