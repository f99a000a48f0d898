// RenderChartSvg / RenderChartPng: a Chart drawn once, by one painter, onto either a cairo SVG
// surface or an image surface, with pango laying out the text in DejaVu Sans. Bars are snapped
// to whole pixels so that the PNG has crisp edges (and exact colours, which the tests read back).
#include "report/chart.h"

#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "exchange/pango_font.h"

namespace lmis {
namespace {

constexpr int kMinSize = 100;
constexpr int kMaxSize = 8000;  // 8000 × 8000 RGB is 256 MB: enough for any poster
constexpr double kMaxValue = 1e15;

constexpr uint32_t kMen = 0x1f77b4;
constexpr uint32_t kWomen = 0xd62728;
constexpr uint32_t kStacked[] = {0x2ca02c, 0xff7f0e, 0x7f7f7f, 0x1f77b4, 0x9467bd,
                                 0x8c564b, 0xe377c2, 0xbcbd22, 0x17becf, 0xd62728};
constexpr uint32_t kDone = 0x2ca02c;
constexpr uint32_t kTarget = 0xdddddd;
constexpr uint32_t kBackground = 0xffffff;
constexpr uint32_t kText = 0x333333;
constexpr uint32_t kMutedText = 0x777777;
constexpr uint32_t kGrid = 0xebebeb;
constexpr uint32_t kAxis = 0x999999;

constexpr const char* kNoData = "Không có dữ liệu";

// Deleters for unique_ptr of cairo's objects.
struct SurfaceDestroy {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDestroy>;
struct CairoDestroy {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
using CairoPtr = std::unique_ptr<cairo_t, CairoDestroy>;

void CheckStatus(cairo_status_t status) { CheckCairo(status, "chart"); }

using Fit = DocumentFonts::Fit;

// How a piece of text looks.
struct Style {
  double size;  // pixels (points in SVG)
  bool bold = false;
  PangoAlignment align = PANGO_ALIGN_LEFT;
};

FontDescriptionPtr Describe(const Style& style) { return DescribeFont(style.size, style.bold); }

// Font map, pango context and the checked font, for one rendering (nothing shared between
// threads or renderings). The same check as RenderPdf's (exchange/table_doc_pdf.cc).
class Fonts {
 public:
  explicit Fonts(cairo_t* cr) : fonts_(cr, "chart") {}

  // `text` in `style`; with `width` > 0 fitted into that width as `fit` says.
  LayoutPtr Layout(std::string_view text, const Style& style, double width,
                   Fit fit = Fit::kEllipsize) const {
    return fonts_.Layout(text, Describe(style).get(), style.align, width, fit);
  }

 private:
  DocumentFonts fonts_;
};

// `v` (finite) with `decimals` decimals (at most 6), Vietnamese style: "1.234.567", "12,5".
std::string FormatNumber(double v, int decimals) {
  // The largest double has 309 digits before the point.
  char plain[400];
  std::snprintf(plain, sizeof plain, "%.*f", std::clamp(decimals, 0, 6), v);
  std::string_view rest = plain;
  std::string out;
  if (rest.starts_with('-')) {
    out.push_back('-');
    rest.remove_prefix(1);
  }
  size_t point = rest.find('.');
  out += GroupDigitsVi(rest.substr(0, point));
  if (point != std::string_view::npos) out += "," + std::string(rest.substr(point + 1));
  return out;
}

// A value as printed by a bar: whole numbers as they are, others to one decimal ("12,5"; "3"
// rather than "3,0").
std::string FormatValue(double v) {
  double tenths = std::round(v * 10);
  return FormatNumber(v, std::fmod(tenths, 10) == 0 ? 0 : 1);
}

std::string FormatPercent(double percent) { return FormatValue(percent) + " %"; }

// The value axis: 0 to `max` in steps of `step` (1, 2 or 5 times a power of ten).
struct Scale {
  double max = 1;
  double step = 1;
  int decimals = 0;  // of the tick labels
};

// A scale reaching at least `top` in about `ticks` steps; steps of at least 1 when all the
// values are whole (people are not counted in halves). All zero: 0 to 1.
Scale NiceScale(double top, bool whole, int ticks) {
  if (!(top > 0)) top = 1;
  double raw = top / std::max(ticks, 1);
  double magnitude = std::pow(10, std::floor(std::log10(raw)));
  double norm = raw / magnitude;
  double nice = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10;
  Scale s;
  s.step = nice * magnitude;
  if (whole && s.step < 1) s.step = 1;
  // The small epsilon keeps 100 / 20 = 5.000000001 from adding a sixth step.
  s.max = std::max(1.0, std::ceil(top / s.step - 1e-9)) * s.step;
  s.decimals = s.step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(s.step) - 1e-9));
  return s;
}

struct Rgb {
  double r, g, b;
};

Rgb FromHex(uint32_t hex) {
  return {((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0, (hex & 0xff) / 255.0};
}

// Text on a fill of `hex`: white on dark colours, dark on light ones.
uint32_t TextOn(uint32_t hex) {
  Rgb c = FromHex(hex);
  double luminance = 0.299 * c.r + 0.587 * c.g + 0.114 * c.b;
  return luminance < 0.6 ? 0xffffff : kText;
}

// One entry of a legend.
struct LegendItem {
  uint32_t color;
  std::string name;
};

// Draws a chart onto a cairo context of chart.width × chart.height units.
class Painter {
 public:
  Painter(cairo_t* cr, const Fonts& fonts, const Chart& chart)
      : cr_(cr), fonts_(fonts), chart_(chart), w_(chart.width), h_(chart.height) {
    // Text and spacing are designed for 800 × 500 and grow (or shrink a little) with the chart.
    s_ = std::clamp(std::min(w_ / 800.0, h_ / 500.0), 0.6, 3.0);
    m_ = 16 * s_;
  }

  void Run() {
    Fill(kBackground, 0, 0, w_, h_);
    double top = Titles();
    if (chart_.categories.empty()) {
      NoData(top);
      return;
    }
    switch (chart_.kind) {
      case ChartKind::kPyramid:
        Pyramid(top);
        break;
      case ChartKind::kStackedBars:
        StackedBars(top);
        break;
      case ChartKind::kProgress:
        Progress(top);
        break;
    }
  }

 private:
  Style Label() const { return {11 * s_}; }
  Style Tick() const { return {10 * s_}; }

  void SetColor(uint32_t hex) {
    Rgb c = FromHex(hex);
    cairo_set_source_rgb(cr_, c.r, c.g, c.b);
  }
  // A rectangle snapped to whole units (no blurred edges in the PNG); nothing when it rounds to
  // no width or no height.
  void Fill(uint32_t hex, double x0, double y0, double x1, double y1) {
    double l = std::round(std::min(x0, x1)), r = std::round(std::max(x0, x1));
    double t = std::round(std::min(y0, y1)), b = std::round(std::max(y0, y1));
    if (r <= l || b <= t) return;
    SetColor(hex);
    cairo_rectangle(cr_, l, t, r - l, b - t);
    cairo_fill(cr_);
  }
  // A one-unit line, horizontal or vertical, centred on a pixel row or column so it stays crisp.
  void Line(uint32_t hex, double x0, double y0, double x1, double y1) {
    SetColor(hex);
    cairo_set_line_width(cr_, 1);
    if (x0 == x1) x0 = x1 = std::floor(x0) + 0.5;
    if (y0 == y1) y0 = y1 = std::floor(y0) + 0.5;
    cairo_move_to(cr_, x0, y0);
    cairo_line_to(cr_, x1, y1);
    cairo_stroke(cr_);
  }
  LayoutPtr Text(std::string_view text, const Style& style, double width = 0,
                 Fit fit = Fit::kEllipsize) const {
    return fonts_.Layout(text, style, width, fit);
  }
  void Show(PangoLayout* layout, uint32_t hex, double x, double y) {
    SetColor(hex);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout);
  }
  // One line of text vertically centred on `cy`, starting at `x` (left aligned), ending at `x`
  // (right aligned) or centred on `x`.
  void ShowAt(std::string_view text, const Style& style, uint32_t hex, double x, double cy) {
    LayoutPtr l = Text(text, style);
    double tw = LayoutWidth(l.get());
    double left = style.align == PANGO_ALIGN_RIGHT    ? x - tw
                  : style.align == PANGO_ALIGN_CENTER ? x - tw / 2
                                                      : x;
    Show(l.get(), hex, left, cy - LayoutHeight(l.get()) / 2);
  }
  double TextWidth(std::string_view text, const Style& style) const {
    return LayoutWidth(Text(text, style).get());
  }
  double TextHeight(const Style& style) const { return LayoutHeight(Text("0", style).get()); }
  // The natural width of the widest of `labels`.
  double Widest(const std::vector<std::string>& labels, const Style& style) const {
    double widest = 0;
    for (const std::string& label : labels) widest = std::max(widest, TextWidth(label, style));
    return widest;
  }

  // Title and subtitle, centred; returns where the chart below them starts.
  double Titles() {
    double y = m_;
    const double width = w_ - 2 * m_;
    if (!chart_.title.empty()) {
      LayoutPtr l = Text(chart_.title, {16 * s_, true, PANGO_ALIGN_CENTER}, width, Fit::kWrap);
      Show(l.get(), kText, m_, y);
      y += LayoutHeight(l.get()) + 3 * s_;
    }
    if (!chart_.subtitle.empty()) {
      LayoutPtr l = Text(chart_.subtitle, {12 * s_, false, PANGO_ALIGN_CENTER}, width, Fit::kWrap);
      Show(l.get(), kMutedText, m_, y);
      y += LayoutHeight(l.get());
    }
    return y + 10 * s_;
  }

  void NoData(double top) {
    Style style{13 * s_, false, PANGO_ALIGN_CENTER};
    ShowAt(kNoData, style, kMutedText, w_ / 2, (top + h_ - m_) / 2);
  }

  // The legend's entries in rows centred across the chart, from `top`; returns where it ends.
  double Legend(const std::vector<LegendItem>& items, double top) {
    const Style style = Label();
    const double swatch = 11 * s_, pad = 5 * s_, gap = 16 * s_;
    const double row_h = std::max(swatch, TextHeight(style));
    const double max_name = (w_ - 2 * m_) * 0.45;
    struct Placed {
      const LegendItem* item;
      double width;  // of the name
      size_t row;
    };
    std::vector<Placed> placed;
    std::vector<double> row_widths;
    for (const LegendItem& item : items) {
      if (item.name.empty()) continue;
      double name_w = std::min(TextWidth(item.name, style), max_name);
      double item_w = swatch + pad + name_w;
      if (row_widths.empty() || row_widths.back() + gap + item_w > w_ - 2 * m_) {
        row_widths.push_back(item_w);
      } else {
        row_widths.back() += gap + item_w;
      }
      placed.push_back({&item, name_w, row_widths.size() - 1});
    }
    if (placed.empty()) return top;
    const double row_step = row_h + 4 * s_;
    double x = 0;
    for (size_t i = 0; i < placed.size(); ++i) {
      const Placed& p = placed[i];
      if (i == 0 || p.row != placed[i - 1].row) x = (w_ - row_widths[p.row]) / 2;
      double cy = top + p.row * row_step + row_h / 2;
      LegendSwatch(p.item->color, x, cy, swatch);
      LayoutPtr l = Text(p.item->name, style, p.width + 1);
      Show(l.get(), kText, x + swatch + pad, cy - LayoutHeight(l.get()) / 2);
      x += swatch + pad + p.width + gap;
    }
    return top + row_widths.size() * row_step - 4 * s_ + 10 * s_;
  }
  void LegendSwatch(uint32_t hex, double x, double cy, double size) {
    Fill(hex, x, cy - size / 2, x + size, cy + size / 2);
    if (hex == kTarget) {  // light grey on white needs an outline to be seen
      SetColor(kAxis);
      cairo_set_line_width(cr_, 1);
      cairo_rectangle(cr_, std::round(x) + 0.5, std::round(cy - size / 2) + 0.5,
                      std::round(size) - 1, std::round(size) - 1);
      cairo_stroke(cr_);
    }
  }

  // The rows of the chart: one band per category between `top` and the axis, at most 56 units
  // tall so that a few categories make a compact chart rather than fat bars.
  struct Bands {
    double top, bottom, band, bar;
  };
  Bands Rows(double top) const {
    const double n = static_cast<double>(chart_.categories.size());
    double bottom = h_ - m_ - TextHeight(Tick()) - 6 * s_;
    double band = std::min(std::max(bottom - top, n) / n, 56 * s_);
    Bands b{top, top + band * n, band, 0};
    b.bar = std::max(1.0, band - std::max(1.0, band * 0.25));
    return b;
  }
  // Draw every `Stride`th label when the bands are thinner than a line of text.
  size_t Stride(const Bands& b, const Style& style) const {
    return static_cast<size_t>(std::max(1.0, std::ceil(TextHeight(style) / b.band - 1e-9)));
  }
  bool WholeValues() const {
    for (const ChartSeries& s : chart_.series) {
      for (double v : s.values) {
        if (v != std::floor(v)) return false;
      }
    }
    return true;
  }
  int TickCount(double length) const {
    return std::clamp(static_cast<int>(length / (80 * s_)), 1, 6);
  }
  // Vertical grid lines at the ticks of `scale`, from `x0` (zero) towards `x1` (its maximum).
  void Grid(const Bands& b, const Scale& scale, double x0, double x1) {
    const int steps = static_cast<int>(std::round(scale.max / scale.step));
    for (int i = 1; i <= steps; ++i) {
      double x = x0 + (x1 - x0) * i / steps;
      Line(kGrid, x, b.top, x, b.bottom);
    }
  }
  // The axis under the bands, from `x0` (zero) towards `x1`, with its tick labels; `percent`:
  // the labels are percentages.
  void Axis(const Bands& b, const Scale& scale, double x0, double x1, bool percent = false) {
    const int steps = static_cast<int>(std::round(scale.max / scale.step));
    const double tick = 4 * s_;
    Line(kAxis, x0, b.bottom, x1, b.bottom);
    // The zero line in the pixel column just outside the bars (x0 is whole), not over them.
    const double zero = x1 > x0 ? x0 - 1 : x0;
    Line(kAxis, zero, b.top, zero, b.bottom + tick);
    Style style = Tick();
    style.align = PANGO_ALIGN_CENTER;
    const double label_y = b.bottom + tick + 2 * s_ + TextHeight(style) / 2;
    for (int i = 0; i <= steps; ++i) {
      double x = x0 + (x1 - x0) * i / steps;
      if (i > 0) Line(kAxis, x, b.bottom, x, b.bottom + tick);
      double value = scale.step * i;
      std::string label = percent ? FormatPercent(value) : FormatNumber(value, scale.decimals);
      ShowAt(label, style, kMutedText, x, label_y);
    }
  }

  void Pyramid(double top);
  void StackedBars(double top);
  void Progress(double top);

  cairo_t* cr_;
  const Fonts& fonts_;
  const Chart& chart_;
  double w_, h_;
  double s_;  // scale of text and spacing
  double m_;  // margin
};

void Painter::Pyramid(double top) {
  const ChartSeries& men = chart_.series[0];
  const ChartSeries& women = chart_.series[1];
  const Style label = Label();
  const Style value_style = Tick();
  // The age groups in a column in the middle, between the two halves.
  const double label_col =
      std::clamp(Widest(chart_.categories, label) + 12 * s_, 40 * s_, 0.22 * (w_ - 2 * m_));
  // Whole units, so that bars and lines meet exactly.
  const double inner_l = std::round((w_ - label_col) / 2), inner_r = w_ - inner_l;
  // The series names over their halves, each with its colour.
  const double name_y = top + TextHeight(label) / 2;
  const double swatch = 11 * s_;
  bool named = false;
  for (int side = 0; side < 2; ++side) {
    const ChartSeries& s = chart_.series[side];
    if (s.name.empty()) continue;
    named = true;
    const double half_centre = side == 0 ? (m_ + inner_l) / 2 : (inner_r + w_ - m_) / 2;
    LayoutPtr l = Text(s.name, label, (inner_l - m_) * 0.8);
    const double item_w = swatch + 5 * s_ + LayoutWidth(l.get());
    const double x = half_centre - item_w / 2;
    LegendSwatch(side == 0 ? kMen : kWomen, x, name_y, swatch);
    Show(l.get(), kText, x + swatch + 5 * s_, name_y - LayoutHeight(l.get()) / 2);
  }
  if (named) top += TextHeight(label) + 10 * s_;

  const Bands b = Rows(top);
  std::vector<std::string> value_labels;
  double top_value = 0;
  for (const ChartSeries* s : {&men, &women}) {
    for (double v : s->values) {
      value_labels.push_back(FormatValue(v));
      top_value = std::max(top_value, v);
    }
  }
  const bool show_values = b.band >= TextHeight(value_style) * 0.9;
  const double value_room = show_values ? Widest(value_labels, value_style) + 6 * s_ : 0;
  const double half = std::max(1.0, std::round(inner_l - m_ - value_room));
  const Scale scale = NiceScale(top_value, WholeValues(), TickCount(half));
  Grid(b, scale, inner_l, inner_l - half);
  Grid(b, scale, inner_r, inner_r + half);

  const size_t stride = Stride(b, label);
  Style centred = label;
  centred.align = PANGO_ALIGN_CENTER;
  Style value_left = value_style, value_right = value_style;
  value_left.align = PANGO_ALIGN_RIGHT;
  for (size_t i = 0; i < chart_.categories.size(); ++i) {
    // The first category (youngest) at the bottom.
    const double band_top = b.bottom - (i + 1) * b.band;
    const double cy = band_top + b.band / 2;
    const double bar_top = cy - b.bar / 2, bar_bottom = cy + b.bar / 2;
    const double left = half * men.values[i] / scale.max;
    const double right = half * women.values[i] / scale.max;
    Fill(kMen, inner_l - left, bar_top, inner_l, bar_bottom);
    Fill(kWomen, inner_r, bar_top, inner_r + right, bar_bottom);
    if (show_values) {
      ShowAt(FormatValue(men.values[i]), value_left, kText, inner_l - left - 3 * s_, cy);
      ShowAt(FormatValue(women.values[i]), value_right, kText, inner_r + right + 3 * s_, cy);
    }
    if (i % stride == 0) {
      LayoutPtr l = Text(chart_.categories[i], centred, label_col - 6 * s_);
      Show(l.get(), kText, inner_l + 3 * s_, cy - LayoutHeight(l.get()) / 2);
    }
  }
  Axis(b, scale, inner_l, inner_l - half);
  Axis(b, scale, inner_r, inner_r + half);
}

void Painter::StackedBars(double top) {
  std::vector<LegendItem> legend;
  for (size_t k = 0; k < chart_.series.size(); ++k) {
    legend.push_back({ChartColor(ChartKind::kStackedBars, k), chart_.series[k].name});
  }
  top = Legend(legend, top);
  const Bands b = Rows(top);
  const Style label = Label();
  const Style value_style = Tick();
  const size_t n = chart_.categories.size();
  std::vector<double> totals(n, 0);
  for (const ChartSeries& s : chart_.series) {
    for (size_t i = 0; i < n; ++i) totals[i] += s.values[i];
  }
  std::vector<std::string> total_labels;
  for (double t : totals) total_labels.push_back(FormatValue(t));
  const double label_col =
      std::clamp(Widest(chart_.categories, label) + 8 * s_, 30 * s_, 0.3 * (w_ - 2 * m_));
  const bool show_values = b.band >= TextHeight(value_style) * 0.9;
  const double x0 = std::round(m_ + label_col);
  const double x1 = std::max(
      x0 + 1, std::round(w_ - m_ - (show_values ? Widest(total_labels, value_style) + 6 * s_ : 0)));
  const double top_total = n ? *std::max_element(totals.begin(), totals.end()) : 0;
  const Scale scale = NiceScale(top_total, WholeValues(), TickCount(x1 - x0));
  Grid(b, scale, x0, x1);

  const size_t stride = Stride(b, label);
  Style right_aligned = label;
  right_aligned.align = PANGO_ALIGN_RIGHT;
  Style centred = value_style;
  centred.align = PANGO_ALIGN_CENTER;
  const double value_h = TextHeight(value_style);
  for (size_t i = 0; i < n; ++i) {
    const double cy = b.top + i * b.band + b.band / 2;
    const double bar_top = cy - b.bar / 2, bar_bottom = cy + b.bar / 2;
    double sum = 0;
    for (size_t k = 0; k < chart_.series.size(); ++k) {
      const double v = chart_.series[k].values[i];
      // From rounded cumulative positions, so the segments meet without gaps.
      const double from = std::round(x0 + (x1 - x0) * sum / scale.max);
      sum += v;
      const double to = std::round(x0 + (x1 - x0) * sum / scale.max);
      const uint32_t color = ChartColor(ChartKind::kStackedBars, k);
      Fill(color, from, bar_top, to, bar_bottom);
      std::string text = FormatValue(v);
      if (v > 0 && show_values && value_h <= b.bar &&
          TextWidth(text, value_style) + 4 * s_ <= to - from) {
        ShowAt(text, centred, TextOn(color), (from + to) / 2, cy);
      }
    }
    if (show_values) {
      ShowAt(total_labels[i], value_style, kText, x0 + (x1 - x0) * sum / scale.max + 3 * s_, cy);
    }
    if (i % stride == 0) {
      LayoutPtr l = Text(chart_.categories[i], right_aligned, label_col - 8 * s_);
      Show(l.get(), kText, m_, cy - LayoutHeight(l.get()) / 2);
    }
  }
  Axis(b, scale, x0, x1);
}

void Painter::Progress(double top) {
  const ChartSeries& done = chart_.series[0];
  const ChartSeries& target = chart_.series[1];
  top = Legend({{kDone, done.name}, {kTarget, target.name}}, top);
  const Bands b = Rows(top);
  const Style label = Label();
  const Style value_style = Tick();
  const size_t n = chart_.categories.size();
  // "45 / 60 (75 %)"; no percentage of a target of zero.
  std::vector<std::string> texts;
  for (size_t i = 0; i < n; ++i) {
    std::string text = FormatValue(done.values[i]) + " / " + FormatValue(target.values[i]);
    if (target.values[i] > 0) {
      text += " (" + FormatPercent(100 * done.values[i] / target.values[i]) + ")";
    }
    texts.push_back(std::move(text));
  }
  const double label_col =
      std::clamp(Widest(chart_.categories, label) + 8 * s_, 30 * s_, 0.3 * (w_ - 2 * m_));
  const bool show_values = b.band >= TextHeight(value_style) * 0.9;
  const double x0 = std::round(m_ + label_col);
  const double x1 = std::max(
      x0 + 1, std::round(w_ - m_ - (show_values ? Widest(texts, value_style) + 8 * s_ : 0)));
  // 0 to 100 %, in quarters when there is room for them.
  const Scale scale{100, x1 - x0 >= 240 * s_ ? 25.0 : 50.0, 0};
  Grid(b, scale, x0, x1);

  const size_t stride = Stride(b, label);
  Style right_aligned = label;
  right_aligned.align = PANGO_ALIGN_RIGHT;
  for (size_t i = 0; i < n; ++i) {
    const double cy = b.top + i * b.band + b.band / 2;
    const double bar_top = cy - b.bar / 2, bar_bottom = cy + b.bar / 2;
    const double d = done.values[i], t = target.values[i];
    // Beyond the target the bar is full; the printed percentage tells how far beyond.
    const double fraction = t > 0 ? std::min(d / t, 1.0) : d > 0 ? 1.0 : 0.0;
    Fill(kTarget, x0, bar_top, x1, bar_bottom);
    Fill(kDone, x0, bar_top, x0 + (x1 - x0) * fraction, bar_bottom);
    if (show_values) ShowAt(texts[i], value_style, kText, x1 + 6 * s_, cy);
    if (i % stride == 0) {
      LayoutPtr l = Text(chart_.categories[i], right_aligned, label_col - 8 * s_);
      Show(l.get(), kText, m_, cy - LayoutHeight(l.get()) / 2);
    }
  }
  Axis(b, scale, x0, x1, true);
}

// Throws RenderError unless the chart can be drawn as its kind says.
void CheckChart(const Chart& chart) {
  if (chart.width < kMinSize || chart.width > kMaxSize || chart.height < kMinSize ||
      chart.height > kMaxSize) {
    throw RenderError("chart: the size " + std::to_string(chart.width) + " × " +
                      std::to_string(chart.height) + " is not within " + std::to_string(kMinSize) +
                      " to " + std::to_string(kMaxSize));
  }
  const size_t series = chart.series.size();
  switch (chart.kind) {
    case ChartKind::kPyramid:
    case ChartKind::kProgress:
      if (series != 2) {
        throw RenderError(std::string("chart: a ") +
                          (chart.kind == ChartKind::kPyramid ? "pyramid" : "progress chart") +
                          " needs exactly 2 series, not " + std::to_string(series));
      }
      break;
    case ChartKind::kStackedBars:
      if (series == 0) throw RenderError("chart: stacked bars need at least 1 series");
      break;
  }
  for (size_t k = 0; k < series; ++k) {
    const ChartSeries& s = chart.series[k];
    if (s.values.size() != chart.categories.size()) {
      throw RenderError("chart: series " + std::to_string(k + 1) + " has " +
                        std::to_string(s.values.size()) + " values for " +
                        std::to_string(chart.categories.size()) + " categories");
    }
    for (size_t i = 0; i < s.values.size(); ++i) {
      // !(v >= 0) also catches NaN; the bound keeps the scale's arithmetic far from overflow.
      if (!(s.values[i] >= 0) || !(s.values[i] <= kMaxValue)) {
        throw RenderError("chart: series " + std::to_string(k + 1) + " value " +
                          std::to_string(i + 1) + " is " + std::to_string(s.values[i]) +
                          ", not a number from 0 to 10^15");
      }
    }
  }
}

void Draw(cairo_surface_t* surface, const Chart& chart) {
  CairoPtr cr(cairo_create(surface));
  CheckStatus(cairo_status(cr.get()));
  Fonts fonts(cr.get());
  Painter(cr.get(), fonts, chart).Run();
  CheckStatus(cairo_status(cr.get()));
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (...) {
    return CAIRO_STATUS_WRITE_ERROR;
  }
}

}  // namespace

uint32_t ChartColor(ChartKind kind, size_t series) {
  switch (kind) {
    case ChartKind::kPyramid:
      return series == 0 ? kMen : kWomen;
    case ChartKind::kStackedBars:
      return kStacked[series % std::size(kStacked)];
    case ChartKind::kProgress:
      return series == 0 ? kDone : kTarget;
  }
  return kText;
}

std::string RenderChartSvg(const Chart& chart) {
  CheckChart(chart);
  std::string out;
  SurfacePtr surface(
      cairo_svg_surface_create_for_stream(AppendToString, &out, chart.width, chart.height));
  CheckStatus(cairo_surface_status(surface.get()));
  cairo_svg_surface_restrict_to_version(surface.get(), CAIRO_SVG_VERSION_1_1);
  // Explicitly: cairo's default unit has changed between versions.
  cairo_svg_surface_set_document_unit(surface.get(), CAIRO_SVG_UNIT_PT);
  Draw(surface.get(), chart);
  cairo_surface_finish(surface.get());
  CheckStatus(cairo_surface_status(surface.get()));
  return out;
}

std::string RenderChartPng(const Chart& chart) {
  CheckChart(chart);
  // RGB24: an opaque image, written as an RGB PNG without an alpha channel.
  SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, chart.width, chart.height));
  CheckStatus(cairo_surface_status(surface.get()));
  Draw(surface.get(), chart);
  cairo_surface_flush(surface.get());
  std::string out;
  CheckStatus(cairo_surface_write_to_png_stream(surface.get(), AppendToString, &out));
  return out;
}

}  // namespace lmis
