#include "report/chart.h"

// Through <cairo/…>: the tests are not given cairo's include directory, only its library (which
// comes with lmis_engine). The PNGs are decoded back to check what was really drawn.
#include <cairo/cairo.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "testing/temp_dir.h"

namespace lmis {
namespace {

const uint32_t kMen = ChartColor(ChartKind::kPyramid, 0);
const uint32_t kWomen = ChartColor(ChartKind::kPyramid, 1);
const uint32_t kEmployed = ChartColor(ChartKind::kStackedBars, 0);
const uint32_t kUnemployed = ChartColor(ChartKind::kStackedBars, 1);
const uint32_t kOutside = ChartColor(ChartKind::kStackedBars, 2);
const uint32_t kDone = ChartColor(ChartKind::kProgress, 0);
const uint32_t kTarget = ChartColor(ChartKind::kProgress, 1);

// A decoded image: 0xRRGGBB per pixel.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<uint32_t> pixels;
  uint32_t At(int x, int y) const { return pixels[static_cast<size_t>(y) * width + x]; }
};

Image DecodePng(const std::string& png) {
  struct Reader {
    const std::string* bytes;
    size_t pos = 0;
  } reader{&png};
  auto read = [](void* closure, unsigned char* data, unsigned int length) {
    Reader* r = static_cast<Reader*>(closure);
    if (r->bytes->size() - r->pos < length) return CAIRO_STATUS_READ_ERROR;
    std::copy_n(r->bytes->data() + r->pos, length, data);
    r->pos += length;
    return CAIRO_STATUS_SUCCESS;
  };
  cairo_surface_t* surface = cairo_image_surface_create_from_png_stream(read, &reader);
  Image image;
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    ADD_FAILURE() << "not a PNG: " << cairo_status_to_string(cairo_surface_status(surface));
    cairo_surface_destroy(surface);
    return image;
  }
  cairo_surface_flush(surface);
  image.width = cairo_image_surface_get_width(surface);
  image.height = cairo_image_surface_get_height(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  // RGB24 or (opaque) ARGB32 alike: native-endian 32-bit words, 0x??RRGGBB.
  for (int y = 0; y < image.height; ++y) {
    const uint32_t* row = reinterpret_cast<const uint32_t*>(data + static_cast<size_t>(y) * stride);
    for (int x = 0; x < image.width; ++x) image.pixels.push_back(row[x] & 0xffffff);
  }
  cairo_surface_destroy(surface);
  return image;
}

bool Near(uint32_t pixel, uint32_t color, int tolerance = 2) {
  for (int shift : {0, 8, 16}) {
    int a = (pixel >> shift) & 0xff, b = (color >> shift) & 0xff;
    if (std::abs(a - b) > tolerance) return false;
  }
  return true;
}

// Dark enough to be text (#333333) rather than a grid line, the track or antialiasing fringe.
bool Dark(uint32_t pixel) {
  return ((pixel >> 16) & 0xff) < 0x80 && ((pixel >> 8) & 0xff) < 0x80 && (pixel & 0xff) < 0x80;
}

// A horizontal run of pixels of one colour in one row: [left, right].
struct Span {
  int y = -1;
  int left = 0, right = -1;
  int length() const { return right - left + 1; }
};

// The pixels of `color` in row `y` between x0 and x1 (excluded), counted.
int Count(const Image& image, uint32_t color, int y, int x0, int x1) {
  int n = 0;
  for (int x = x0; x < x1; ++x) n += Near(image.At(x, y), color);
  return n;
}

// The rows holding at least `min` pixels of `color` within [x0, x1), grouped into bands of
// consecutive rows (a bar each), top to bottom; for each band, the longest run of `color` in its
// second row (clear of the labels, which are centred on the bar). Legend swatches and the
// antialiased edges of text (which have greys of every shade) are far narrower than `min`.
std::vector<Span> Bars(const Image& image, uint32_t color, int min, int x0 = 0, int x1 = -1) {
  if (x1 < 0) x1 = image.width;
  std::vector<std::pair<int, int>> bands;
  for (int y = 0; y < image.height; ++y) {
    if (Count(image, color, y, x0, x1) < min) continue;
    if (!bands.empty() && bands.back().second == y - 1) {
      bands.back().second = y;
    } else {
      bands.push_back({y, y});
    }
  }
  std::vector<Span> runs;
  for (auto [top, bottom] : bands) {
    Span best;
    best.y = std::min(top + 1, bottom);
    int start = -1;
    for (int x = x0; x <= x1; ++x) {
      bool in = x < x1 && Near(image.At(x, best.y), color);
      if (in && start < 0) start = x;
      if (!in && start >= 0) {
        if (x - start > best.length()) best.left = start, best.right = x - 1;
        start = -1;
      }
    }
    runs.push_back(best);
  }
  return runs;
}

// Whether a `size` × `size` square of `color` is anywhere (a legend swatch, a bar); text strokes
// are thinner.
bool HasBlock(const Image& image, uint32_t color, int size) {
  for (int y = 0; y + size <= image.height; ++y) {
    for (int x = 0; x + size <= image.width; ++x) {
      bool all = true;
      for (int dy = 0; dy < size && all; ++dy) {
        for (int dx = 0; dx < size && all; ++dx) all = Near(image.At(x + dx, y + dy), color);
      }
      if (all) return true;
    }
  }
  return false;
}

Chart Pyramid(std::vector<double> men, std::vector<double> women) {
  Chart chart;
  chart.kind = ChartKind::kPyramid;
  chart.title = "Tháp dân số — Xã Đồng Tâm";
  chart.subtitle = "Năm 2025";
  for (size_t i = 0; i < men.size(); ++i) {
    chart.categories.push_back(std::to_string(15 * i) + "–" + std::to_string(15 * i + 14));
  }
  chart.series = {{"Nam", std::move(men)}, {"Nữ", std::move(women)}};
  return chart;
}

Chart Stacked(std::vector<std::string> units, std::vector<double> employed,
              std::vector<double> unemployed, std::vector<double> outside) {
  Chart chart;
  chart.kind = ChartKind::kStackedBars;
  chart.title = "Tình trạng việc làm theo xã";
  chart.categories = std::move(units);
  chart.series = {{"Có việc làm", std::move(employed)},
                  {"Thất nghiệp", std::move(unemployed)},
                  {"Ngoài lực lượng lao động", std::move(outside)}};
  return chart;
}

Chart Progress(std::vector<std::string> units, std::vector<double> done,
               std::vector<double> target) {
  Chart chart;
  chart.kind = ChartKind::kProgress;
  chart.title = "Tiến độ thu thập phiếu";
  chart.categories = std::move(units);
  chart.series = {{"Đã thu thập", std::move(done)}, {"Chỉ tiêu", std::move(target)}};
  return chart;
}

uint32_t BigEndian32(const std::string& bytes, size_t at) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(bytes[at + i]);
  return v;
}

TEST(ChartPng, IsAPngOfTheChartsSize) {
  Chart pyramid = Pyramid({120, 80, 40}, {110, 90, 60});
  pyramid.width = 640;
  pyramid.height = 360;
  Chart stacked = Stacked({"Xã A", "Xã B"}, {10, 5}, {1, 2}, {3, 4});
  stacked.width = 1200;
  stacked.height = 900;
  Chart progress = Progress({"Xã A"}, {5}, {10});
  for (const Chart& chart : {pyramid, stacked, progress}) {
    std::string png = RenderChartPng(chart);
    ASSERT_GE(png.size(), 24u);
    EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(png.substr(12, 4), "IHDR");
    EXPECT_EQ(BigEndian32(png, 16), static_cast<uint32_t>(chart.width));
    EXPECT_EQ(BigEndian32(png, 20), static_cast<uint32_t>(chart.height));
    Image image = DecodePng(png);
    EXPECT_EQ(image.width, chart.width);
    EXPECT_EQ(image.height, chart.height);
  }
}

// Men [100, 0], women [0, 100]: one bar of men in the bottom (youngest) row, left of the middle;
// one bar of women in the top row, right of it; nothing mirrored on the other side.
TEST(ChartPng, PyramidDrawsMenLeftWomenRightYoungestAtTheBottom) {
  Chart chart = Pyramid({100, 0}, {0, 100});
  Image image = DecodePng(RenderChartPng(chart));
  ASSERT_EQ(image.width, 800);
  const int mid = image.width / 2;
  std::vector<Span> men = Bars(image, kMen, image.width / 8);
  std::vector<Span> women = Bars(image, kWomen, image.width / 8);
  ASSERT_EQ(men.size(), 1u);
  ASSERT_EQ(women.size(), 1u);
  EXPECT_GT(men[0].y, women[0].y) << "the first category (men's bar) is the bottom row";
  // The men's bar ends next to the label column in the middle and reaches far to the left.
  EXPECT_LT(men[0].right, mid);
  EXPECT_GT(men[0].right, mid - image.width / 6);
  EXPECT_GT(men[0].length(), image.width / 4);
  EXPECT_GE(women[0].left, mid);
  EXPECT_LT(women[0].left, mid + image.width / 6);
  EXPECT_GT(women[0].length(), image.width / 4);
  // The same rows on the other side hold no bar at all.
  EXPECT_EQ(Count(image, kWomen, men[0].y, 0, image.width), 0);
  EXPECT_EQ(Count(image, kMen, men[0].y, mid, image.width), 0);
  EXPECT_EQ(Count(image, kMen, women[0].y, 0, image.width), 0);
  const int x = (men[0].left + men[0].right) / 2;
  EXPECT_TRUE(Near(image.At(x, men[0].y), kMen));
  const uint32_t mirrored = image.At(image.width - 1 - x, men[0].y);
  EXPECT_FALSE(Near(mirrored, kMen));
  EXPECT_FALSE(Near(mirrored, kWomen));
  // Equal values, equal bars, mirrored about the middle.
  EXPECT_NEAR(men[0].length(), women[0].length(), 1);
  EXPECT_NEAR(men[0].right, image.width - 1 - women[0].left, 1);
}

// A bar of [10, 0, 0] over one of [0, 0, 10]: the same length, one colour each; the series
// without any value draws no bar.
TEST(ChartPng, StackedBarsGiveEachSeriesItsColour) {
  Chart chart = Stacked({"Xã An Khánh", "Xã Đồng Tâm"}, {10, 0}, {0, 0}, {0, 10});
  Image image = DecodePng(RenderChartPng(chart));
  std::vector<Span> employed = Bars(image, kEmployed, image.width / 4);
  std::vector<Span> outside = Bars(image, kOutside, image.width / 4);
  ASSERT_EQ(employed.size(), 1u);
  ASSERT_EQ(outside.size(), 1u);
  EXPECT_TRUE(Bars(image, kUnemployed, image.width / 4).empty());
  EXPECT_TRUE(HasBlock(image, kUnemployed, 8)) << "its swatch in the legend";
  EXPECT_LT(employed[0].y, outside[0].y) << "the first category is the top bar";
  EXPECT_EQ(employed[0].left, outside[0].left);
  EXPECT_NEAR(employed[0].right, outside[0].right, 1);
  const int x = (employed[0].left + employed[0].right) / 2;
  EXPECT_TRUE(Near(image.At(x, outside[0].y), kOutside));
  EXPECT_FALSE(Near(image.At(x, outside[0].y), kEmployed));
  EXPECT_FALSE(Near(image.At(x, employed[0].y), kOutside));
}

// Segments follow one another in series order, each as long as its value.
TEST(ChartPng, StackedSegmentsAreProportional) {
  Chart chart = Stacked({"Xã A"}, {30}, {10}, {60});
  Image image = DecodePng(RenderChartPng(chart));
  std::vector<Span> employed = Bars(image, kEmployed, 40);
  ASSERT_EQ(employed.size(), 1u);
  const int y = employed[0].y;
  // (At least 30 pixels: more than a legend swatch.)
  Span unemployed = Bars(image, kUnemployed, 30).at(0);
  Span outside = Bars(image, kOutside, 40).at(0);
  ASSERT_EQ(unemployed.y, y);
  ASSERT_EQ(outside.y, y);
  EXPECT_EQ(unemployed.left, employed[0].right + 1);
  EXPECT_EQ(outside.left, unemployed.right + 1);
  const double whole = outside.right + 1 - employed[0].left;
  EXPECT_NEAR((employed[0].right + 1 - employed[0].left) / whole, 0.3, 0.01);
  EXPECT_NEAR((unemployed.right + 1 - unemployed.left) / whole, 0.1, 0.01);
  EXPECT_NEAR((outside.right + 1 - outside.left) / whole, 0.6, 0.01);
}

// 50 of 100: the fill covers half the track and stops there; 150 of 100 fills it all; 0 of 100
// leaves it empty.
TEST(ChartPng, ProgressFillsDoneOverTarget) {
  Chart chart =
      Progress({"Xã Đồng Tâm", "Xã An Khánh", "Phường Hà Đông"}, {50, 150, 0}, {100, 100, 100});
  Image image = DecodePng(RenderChartPng(chart));
  std::vector<Span> done = Bars(image, kDone, image.width / 8);
  std::vector<Span> track = Bars(image, kTarget, image.width / 8);
  ASSERT_EQ(done.size(), 2u);   // the first two
  ASSERT_EQ(track.size(), 2u);  // the first (its rest) and the third
  ASSERT_EQ(done[0].y, track[0].y);
  EXPECT_GT(track[1].y, done[1].y);
  const Span& half = done[0];
  // The track takes over right after the fill and runs on to the end of the bar.
  EXPECT_EQ(track[0].left, half.right + 1);
  const double length = track[0].right + 1 - half.left;
  EXPECT_NEAR(half.length() / length, 0.5, 0.01);
  EXPECT_EQ(Count(image, kDone, half.y, half.right + 1, image.width), 0) << "not beyond half";
  EXPECT_TRUE(Near(image.At(static_cast<int>(half.left + 0.45 * length), half.y), kDone));
  EXPECT_TRUE(Near(image.At(static_cast<int>(half.left + 0.55 * length), half.y), kTarget));
  // Beyond the target: the whole track, no further.
  EXPECT_EQ(done[1].left, half.left);
  EXPECT_EQ(done[1].right, track[0].right);
  EXPECT_EQ(Count(image, kDone, done[1].y, done[1].left, done[1].right + 1), done[1].length());
  for (int x = done[1].right + 1; x <= done[1].right + 5; ++x) {
    EXPECT_FALSE(Near(image.At(x, done[1].y), kTarget)) << x;
    EXPECT_FALSE(Near(image.At(x, done[1].y), kDone)) << x;
  }
  // Nothing done: the bare track, as long as the others.
  EXPECT_EQ(track[1].left, half.left);
  EXPECT_EQ(track[1].right, track[0].right);
  EXPECT_EQ(Count(image, kDone, track[1].y, 0, image.width), 0);
}

// The non-white pixels within a rectangle.
int Ink(const Image& image, int x0, int y0, int x1, int y1) {
  int n = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) n += image.At(x, y) != 0xffffff;
  }
  return n;
}

TEST(ChartPng, AllZeroValuesDrawNoBars) {
  for (const Chart& chart :
       {Pyramid({0, 0, 0}, {0, 0, 0}), Stacked({"Xã A", "Xã B"}, {0, 0}, {0, 0}, {0, 0}),
        Progress({"Xã A", "Xã B"}, {0, 0}, {0, 0})}) {
    Image image = DecodePng(RenderChartPng(chart));
    ASSERT_EQ(image.width, chart.width);
    for (size_t k = 0; k < chart.series.size(); ++k) {
      uint32_t color = ChartColor(chart.kind, k);
      if (chart.kind == ChartKind::kProgress && k == 1) continue;  // the tracks are still there
      // (Not a single pixel: the greys also occur in the antialiased edges of text.)
      EXPECT_TRUE(Bars(image, color, image.width / 8).empty())
          << static_cast<int>(chart.kind) << " " << k;
    }
    // The title is there.
    EXPECT_GT(Ink(image, image.width / 4, 0, 3 * image.width / 4, 40), 100);
  }
  // A target of zero: the track alone, no fill.
  Image image = DecodePng(RenderChartPng(Progress({"Xã A"}, {0}, {0})));
  EXPECT_EQ(Bars(image, kTarget, image.width / 8).size(), 1u);
}

// No categories: the title and "Không có dữ liệu" in the middle, no bars and no legend.
TEST(ChartPng, NoCategoriesSaysThereIsNoData) {
  for (Chart chart : {Pyramid({}, {}), Stacked({}, {}, {}, {}), Progress({}, {}, {})}) {
    Image image = DecodePng(RenderChartPng(chart));
    ASSERT_EQ(image.width, chart.width);
    for (size_t k = 0; k < chart.series.size(); ++k) {
      // Not even a legend swatch.
      EXPECT_FALSE(HasBlock(image, ChartColor(chart.kind, k), 8))
          << static_cast<int>(chart.kind) << " " << k;
    }
    const int w = image.width, h = image.height;
    EXPECT_GT(Ink(image, w / 4, 0, 3 * w / 4, 40), 100) << "the title";
    EXPECT_GT(Ink(image, w / 3, h / 2 - 30, 2 * w / 3, h / 2 + 30), 100) << "the message";
    chart.title.clear();
    chart.subtitle.clear();
    image = DecodePng(RenderChartPng(chart));
    EXPECT_EQ(Ink(image, 0, 0, w, h / 3), 0) << "no title, nothing at the top";
    EXPECT_GT(Ink(image, w / 3, h / 2 - 30, 2 * w / 3, h / 2 + 30), 100) << "the message";
  }
}

// A category label far too long for its column is cut short on its own line: it neither runs
// into the bar nor wraps onto lines above and below it.
TEST(ChartPng, EllipsizesLongCategoryLabels) {
  std::string long_name;
  for (int i = 0; i < 3; ++i)
    long_name += "Phường Nguyễn Thái Bình, Quận 1, Thành phố Hồ Chí Minh ";
  Image image = DecodePng(RenderChartPng(Stacked({long_name}, {10}, {0}, {0})));
  std::vector<Span> bar = Bars(image, kEmployed, image.width / 4);
  ASSERT_EQ(bar.size(), 1u);
  int top = bar[0].y, bottom = bar[0].y;
  while (top > 0 && Near(image.At(bar[0].left, top - 1), kEmployed)) --top;
  while (bottom + 1 < image.height && Near(image.At(bar[0].left, bottom + 1), kEmployed)) ++bottom;
  int label = 0;
  for (int y = top; y <= bottom; ++y) {
    for (int x = 0; x < image.width; ++x) {
      if (!Dark(image.At(x, y))) continue;
      if (x < bar[0].left) {
        ++label;
      } else {
        // Only the total ("10"), after the bar.
        EXPECT_GT(x, bar[0].right) << "text over the bar at " << x << "," << y;
      }
    }
  }
  EXPECT_GT(label, 20) << "the label is drawn beside the bar";
  // Rows just above and below the bar: no text in the label column (the axis's "0" label sits
  // under the bar's start, hence the margin).
  for (int y : {top - 12, bottom + 12}) {
    for (int dy = 0; dy < 10; ++dy) {
      int row = y < top ? y + dy : y - dy;
      for (int x = 0; x < bar[0].left - 12; ++x) {
        EXPECT_FALSE(Dark(image.At(x, row))) << "wrapped label at " << x << "," << row;
      }
    }
  }
}

TEST(ChartSvg, IsAnSvgDocumentOfTheChartsSize) {
  Chart chart = Pyramid({120, 80, 40}, {110, 90, 60});
  std::string svg = RenderChartSvg(chart);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("width=\"800pt\""), std::string::npos) << svg.substr(0, 400);
  EXPECT_NE(svg.find("height=\"500pt\""), std::string::npos) << svg.substr(0, 400);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  // Text as glyph outlines, so it does not depend on the viewer's fonts.
  EXPECT_NE(svg.find("glyph"), std::string::npos);

  chart = Progress({"Xã A"}, {5}, {10});
  chart.width = 640;
  chart.height = 360;
  svg = RenderChartSvg(chart);
  EXPECT_NE(svg.find("width=\"640pt\""), std::string::npos) << svg.substr(0, 400);
  EXPECT_NE(svg.find("height=\"360pt\""), std::string::npos) << svg.substr(0, 400);
}

TEST(Chart, RendersVietnameseText) {
  Chart chart = Pyramid({1200, 3400, 2800, 900}, {1100, 3300, 3000, 1500});
  chart.title = "Tháp dân số — Xã Đồng Tâm";
  chart.subtitle = "Huyện Mỹ Đức, Thành phố Hà Nội · ngày 5 tháng 10 năm 2025";
  chart.categories = {"Dưới 15 tuổi", "15–29 tuổi", "30–59 tuổi", "Từ 60 tuổi trở lên"};
  EXPECT_FALSE(RenderChartSvg(chart).empty());
  Image image = DecodePng(RenderChartPng(chart));
  EXPECT_GT(Ink(image, image.width / 4, 0, 3 * image.width / 4, 40), 100);
  EXPECT_EQ(Bars(image, kMen, 40).size(), 4u);
  EXPECT_EQ(Bars(image, kWomen, 40).size(), 4u);
}

TEST(Chart, MalformedChartsThrow) {
  std::vector<Chart> bad;
  Chart c = Pyramid({1, 2}, {3, 4});
  c.series.pop_back();  // one series
  bad.push_back(c);
  c = Pyramid({1, 2}, {3, 4});
  c.series.push_back({"Khác", {1, 1}});  // three
  bad.push_back(c);
  c = Progress({"Xã A"}, {1}, {2});
  c.series.pop_back();
  bad.push_back(c);
  c = Stacked({"Xã A"}, {1}, {1}, {1});
  c.series.clear();
  bad.push_back(c);
  bad.push_back(Stacked({"Xã A", "Xã B"}, {1, 2}, {1}, {1, 2}));  // a value short
  bad.push_back(Progress({"Xã A"}, {1, 2}, {3}));                 // a value too many
  bad.push_back(Pyramid({1, -2}, {3, 4}));
  bad.push_back(Stacked({"Xã A"}, {std::nan("")}, {1}, {1}));
  bad.push_back(Progress({"Xã A"}, {std::numeric_limits<double>::infinity()}, {1}));
  bad.push_back(Pyramid({1, 2}, {3, std::numeric_limits<double>::max()}));
  for (int size : {0, 99, 8001}) {
    c = Progress({"Xã A"}, {1}, {2});
    c.width = size;
    bad.push_back(c);
    c = Progress({"Xã A"}, {1}, {2});
    c.height = size;
    bad.push_back(c);
  }
  for (size_t i = 0; i < bad.size(); ++i) {
    EXPECT_THROW(RenderChartPng(bad[i]), RenderError) << i;
    EXPECT_THROW(RenderChartSvg(bad[i]), RenderError) << i;
  }
  try {
    RenderChartPng(Stacked({"Xã A", "Xã B"}, {1, 2}, {1}, {1, 2}));
    ADD_FAILURE() << "expected RenderError";
  } catch (const RenderError& e) {
    EXPECT_NE(std::string(e.what()).find("series 2 has 1 values for 2 categories"),
              std::string::npos)
        << e.what();
  }
  // The boundaries themselves are fine.
  c = Progress({"Xã A"}, {1}, {2});
  c.width = 100;
  c.height = 100;
  EXPECT_NO_THROW(RenderChartPng(c));
}

// Renders with a fontconfig configuration whose only font is DejaVu Sans Mono; 0 when
// RenderChartPng refused (its message on standard error), 1 when it did not.
int RenderWithOnlyTheMonoFont(const std::string& mono) {
  TempDir dir;
  std::filesystem::create_directory(dir.Path("fonts"));
  std::filesystem::copy_file(mono, dir.Path("fonts/mono.ttf"));
  std::ofstream(dir.Path("fonts.conf"))
      << "<?xml version=\"1.0\"?><fontconfig><dir>" << dir.Path("fonts") << "</dir><cachedir>"
      << dir.Path("cache") << "</cachedir></fontconfig>";
  setenv("FONTCONFIG_FILE", dir.Path("fonts.conf").c_str(), 1);
  try {
    RenderChartPng(Pyramid({1}, {2}));
  } catch (const RenderError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 0;
  }
  return 1;
}

// Without DejaVu Sans, fontconfig would quietly substitute another font; the chart says so.
// In a fresh process ("threadsafe" death test): fontconfig reads its configuration once.
TEST(ChartDeathTest, FailsClearlyWhenTheFontIsMissing) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const std::string mono = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";
  ASSERT_TRUE(std::filesystem::exists(mono)) << "fonts-dejavu-core is not installed";
  EXPECT_EXIT(std::_Exit(RenderWithOnlyTheMonoFont(mono)), testing::ExitedWithCode(0),
              "\"DejaVu Sans\" is not installed .*DejaVu Sans Mono");
}

}  // namespace
}  // namespace lmis
