// RenderPdf: a TableDoc on A4 pages through cairo (PDF surface) and pango (text layout, in
// DejaVu Sans, which covers Vietnamese). The document is laid out twice with the same code:
// the first pass only measures and counts the pages, the second draws, so that every page can
// say "Trang i/n".
#include "exchange/table_doc.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "exchange/pango_font.h"

// LeakSanitizer (sanitized builds only; nothing else reads this hook): fontconfig's global
// configuration, loaded once per process when pango makes its first font map (FcInit, on pango's
// init thread) and kept until exit. Its patterns refer to their elements by offset rather than by
// pointer, so LeakSanitizer takes them for lost (288 bytes, whatever the number of renderings);
// FcFini() frees them. Frames inside libfontconfig are not unwound (it has no frame pointers), so
// its module is the narrowest name to match. Here rather than in a test, so that the sanitized
// `lmis` itself can print a PDF and exit cleanly.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }

namespace lmis {
namespace {

constexpr double kMm = 72 / 25.4;  // points per millimetre
constexpr double kA4Short = 210 * kMm;
constexpr double kA4Long = 297 * kMm;
constexpr double kMarginTop = 20 * kMm;
constexpr double kMarginBottom = 20 * kMm;
constexpr double kMarginLeft = 25 * kMm;
constexpr double kMarginRight = 15 * kMm;
constexpr double kPageNumberBaseline = 10 * kMm;  // from the bottom edge
constexpr double kSignatureSpace = 25 * kMm;
constexpr double kCellPadX = 3;
constexpr double kCellPadY = 2;
constexpr double kGrey = 0.85;

// How a piece of text looks.
struct Style {
  double size = 10;  // points
  bool bold = false;
  bool italic = false;
  bool underline = false;
  PangoAlignment align = PANGO_ALIGN_LEFT;
};

constexpr Style kBody{10};
constexpr Style kCell{9};
constexpr Style kHeading{9, true, false, false, PANGO_ALIGN_CENTER};
constexpr Style kPageNumber{8, false, false, false, PANGO_ALIGN_CENTER};

// Font map, pango context and the checked font, for one rendering (nothing shared between
// threads or renderings).
class Fonts {
 public:
  explicit Fonts(cairo_t* cr) : fonts_(cr, "PDF") {}

  LayoutPtr Layout(std::string_view text, const Style& style, double width) const;

 private:
  DocumentFonts fonts_;
};

FontDescriptionPtr Describe(const Style& style) {
  return DescribeFont(style.size, style.bold, style.italic);
}

LayoutPtr Fonts::Layout(std::string_view text, const Style& style, double width) const {
  LayoutPtr layout =
      fonts_.Layout(text, Describe(style).get(), style.align, width, DocumentFonts::Fit::kWrap);
  if (style.underline) {
    PangoAttrList* attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE));
    pango_layout_set_attributes(layout.get(), attrs);
    pango_attr_list_unref(attrs);
  }
  return layout;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// An integer with its thousands grouped; any other text as it is.
std::string FormatInteger(std::string_view text) {
  std::string_view sign = text.substr(0, text.starts_with('-') ? 1 : 0);
  std::string_view digits = text.substr(sign.size());
  if (!AllDigits(digits)) return std::string(text);
  return std::string(sign) + GroupDigitsVi(digits);
}

// "87.5" (or "87,5") → "87,5 %"; any other text as it is.
std::string FormatPercent(std::string_view text) {
  std::string_view sign = text.substr(0, text.starts_with('-') ? 1 : 0);
  std::string_view number = text.substr(sign.size());
  size_t point = number.find_first_of(".,");
  std::string_view whole = number.substr(0, point);
  std::string_view fraction = point == std::string_view::npos ? "" : number.substr(point + 1);
  if (!AllDigits(whole) || (point != std::string_view::npos && !AllDigits(fraction))) {
    return std::string(text);
  }
  std::string out = std::string(sign) + GroupDigitsVi(whole);
  if (!fraction.empty()) out += "," + std::string(fraction);
  return out + " %";
}

std::string FormatCell(std::string_view text, CellKind kind) {
  switch (kind) {
    case CellKind::kInteger:
      return FormatInteger(text);
    case CellKind::kPercent:
      return FormatPercent(text);
    case CellKind::kText:
      break;
  }
  return std::string(text);
}

// Lays the document out page by page; draws only when `draw` (the second pass).
class PdfWriter {
 public:
  PdfWriter(cairo_t* cr, const Fonts& fonts, const TableDoc& doc, bool draw, int total_pages)
      : cr_(cr), fonts_(fonts), doc_(doc), draw_(draw), total_pages_(total_pages) {
    page_w_ = doc.landscape ? kA4Long : kA4Short;
    page_h_ = doc.landscape ? kA4Short : kA4Long;
    left_ = kMarginLeft;
    width_ = page_w_ - kMarginLeft - kMarginRight;
    bottom_ = page_h_ - kMarginBottom;
    y_ = kMarginTop;
    double total = 0;
    for (const TableColumn& c : doc.columns) total += std::max(c.width, 0.0);
    double x = left_;
    for (const TableColumn& c : doc.columns) {
      col_x_.push_back(x);
      x += total > 0 ? width_ * std::max(c.width, 0.0) / total : width_ / doc.columns.size();
    }
    col_x_.push_back(left_ + width_);
  }

  // Lays out (and draws) everything; returns the number of pages.
  int Run() {
    Heading();
    Titles();
    if (!doc_.columns.empty()) Table();
    Footnotes();
    Signatures();
    EndPage();
    return page_;
  }

 private:
  LayoutPtr Text(std::string_view text, const Style& style, double width = 0) const {
    return fonts_.Layout(text, style, width);
  }
  void Show(PangoLayout* layout, double x, double y) const {
    if (!draw_) return;
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout);
  }
  void Rule(double x0, double y0, double x1, double y1, double line_width) const {
    if (!draw_) return;
    cairo_set_line_width(cr_, line_width);
    cairo_move_to(cr_, x0, y0);
    cairo_line_to(cr_, x1, y1);
    cairo_stroke(cr_);
  }

  void EndPage() {
    std::string number = "Trang " + std::to_string(page_) + "/" + std::to_string(total_pages_);
    LayoutPtr l = Text(number, kPageNumber, width_);
    Show(l.get(), left_, page_h_ - kPageNumberBaseline - LayoutHeight(l.get()));
    if (draw_) cairo_show_page(cr_);
  }
  void NewPage() {
    EndPage();
    ++page_;
    y_ = kMarginTop;
  }
  // Starts a new page unless `height` more fits on this one (or this page is still empty).
  bool Ensure(double height) {
    if (y_ + height <= bottom_ || y_ <= kMarginTop) return false;
    NewPage();
    return true;
  }
  // A paragraph across the printable width.
  void Paragraph(std::string_view text, const Style& style, double space_after = 0) {
    LayoutPtr l = Text(text, style, width_);
    Ensure(LayoutHeight(l.get()));
    Show(l.get(), left_, y_);
    y_ += LayoutHeight(l.get()) + space_after;
  }

  void Heading();
  void Titles();
  void Table();
  void Footnotes();
  void Signatures();

  // The table, in segments of one page each.
  // Room for text inside column `c`.
  double CellWidth(size_t c) const {
    return std::max(col_x_[c + 1] - col_x_[c] - 2 * kCellPadX, 1.0);
  }
  std::vector<LayoutPtr> HeaderLayouts() const;
  std::vector<LayoutPtr> RowLayouts(const std::vector<std::string>& cells, bool bold) const;
  double RowHeight(const std::vector<LayoutPtr>& cells) const;
  void DrawRow(const std::vector<LayoutPtr>& cells, double height);
  void HeaderRow();
  void CloseSegment();

  cairo_t* cr_;
  const Fonts& fonts_;
  const TableDoc& doc_;
  bool draw_;
  int total_pages_;
  int page_ = 1;
  double page_w_, page_h_, left_, width_, bottom_;
  double y_;
  std::vector<double> col_x_;  // left edge of each column, then the table's right edge
  double segment_top_ = 0;     // top of the table on the current page
};

// Issuer top left; the national motto top right; each centred over its half.
void PdfWriter::Heading() {
  if (doc_.issuer.empty() && !doc_.national_motto) return;
  const double left_w = width_ * 0.42;
  const double right_w = width_ - left_w;
  double height = 0;
  if (!doc_.issuer.empty()) {
    Style issuer = kBody;
    issuer.bold = true;
    issuer.align = PANGO_ALIGN_CENTER;
    LayoutPtr l = Text(doc_.issuer, issuer, left_w);
    Show(l.get(), left_, y_);
    height = LayoutHeight(l.get());
  }
  if (doc_.national_motto) {
    Style motto = kBody;
    motto.bold = true;
    LayoutPtr l1 = Text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", motto);
    motto.underline = true;
    LayoutPtr l2 = Text("Độc lập - Tự do - Hạnh phúc", motto);
    const double centre = left_ + left_w + right_w / 2;
    double y = y_;
    for (PangoLayout* l : {l1.get(), l2.get()}) {
      double x = std::min(centre - LayoutWidth(l) / 2, left_ + width_ - LayoutWidth(l));
      Show(l, x, y);
      y += LayoutHeight(l) + 1;
    }
    height = std::max(height, y - y_);
  }
  y_ += height + 8 * kMm;
}

void PdfWriter::Titles() {
  if (!doc_.title.empty()) {
    Paragraph(doc_.title, {12, true, false, false, PANGO_ALIGN_CENTER}, 2);
  }
  for (const std::string& line : doc_.subtitle) {
    Paragraph(line, {10, false, false, false, PANGO_ALIGN_CENTER}, 1);
  }
  if (!doc_.title.empty() || !doc_.subtitle.empty()) y_ += 4 * kMm;
  for (const std::string& line : doc_.preamble) Paragraph(line, kBody, 2);
  if (!doc_.preamble.empty()) y_ += 2 * kMm;
}

std::vector<LayoutPtr> PdfWriter::RowLayouts(const std::vector<std::string>& cells,
                                             bool bold) const {
  std::vector<LayoutPtr> out;
  for (size_t c = 0; c < cells.size(); ++c) {
    CellKind kind = doc_.columns[c].kind;
    Style style = kCell;
    style.bold = bold;
    style.align = kind == CellKind::kText ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT;
    out.push_back(Text(FormatCell(cells[c], kind), style, CellWidth(c)));
  }
  return out;
}

double PdfWriter::RowHeight(const std::vector<LayoutPtr>& cells) const {
  double h = 0;
  for (const LayoutPtr& l : cells) h = std::max(h, LayoutHeight(l.get()));
  return h + 2 * kCellPadY;
}

void PdfWriter::DrawRow(const std::vector<LayoutPtr>& cells, double height) {
  for (size_t c = 0; c < cells.size(); ++c)
    Show(cells[c].get(), col_x_[c] + kCellPadX, y_ + kCellPadY);
  y_ += height;
}

std::vector<LayoutPtr> PdfWriter::HeaderLayouts() const {
  std::vector<LayoutPtr> cells;
  for (size_t c = 0; c < doc_.columns.size(); ++c) {
    cells.push_back(Text(doc_.columns[c].heading, kHeading, CellWidth(c)));
  }
  return cells;
}

void PdfWriter::HeaderRow() {
  std::vector<LayoutPtr> cells = HeaderLayouts();
  double h = RowHeight(cells);
  segment_top_ = y_;
  if (draw_) {
    cairo_rectangle(cr_, left_, y_, width_, h);
    cairo_set_source_rgb(cr_, kGrey, kGrey, kGrey);
    cairo_fill(cr_);
    cairo_set_source_rgb(cr_, 0, 0, 0);
  }
  DrawRow(cells, h);
  Rule(left_, segment_top_, left_ + width_, segment_top_, 0.75);
  Rule(left_, y_, left_ + width_, y_, 0.75);
}

// The table's frame and column lines from the header's top down to here, and its bottom line.
void PdfWriter::CloseSegment() {
  for (size_t i = 0; i < col_x_.size(); ++i) {
    bool edge = i == 0 || i + 1 == col_x_.size();
    Rule(col_x_[i], segment_top_, col_x_[i], y_, edge ? 0.75 : 0.4);
  }
  Rule(left_, y_, left_ + width_, y_, 0.75);
}

void PdfWriter::Table() {
  // Keep the header with at least the first row.
  double first = doc_.rows.empty() ? 0 : RowHeight(RowLayouts(doc_.rows.front(), false));
  Ensure(RowHeight(HeaderLayouts()) + first);
  HeaderRow();
  for (size_t r = 0; r < doc_.rows.size(); ++r) {
    std::vector<LayoutPtr> cells = RowLayouts(doc_.rows[r], false);
    double h = RowHeight(cells);
    bool new_page = y_ + h > bottom_;
    if (new_page) {
      CloseSegment();
      NewPage();
      HeaderRow();
    }
    bool group =
        std::find(doc_.group_starts.begin(), doc_.group_starts.end(), r) != doc_.group_starts.end();
    if (group && r > 0 && !new_page) Rule(left_, y_, left_ + width_, y_, 0.4);
    DrawRow(cells, h);
  }
  if (!doc_.totals.empty()) {
    std::vector<LayoutPtr> cells = RowLayouts(doc_.totals, true);
    double h = RowHeight(cells);
    if (y_ + h > bottom_) {
      CloseSegment();
      NewPage();
      HeaderRow();
    }
    Rule(left_, y_, left_ + width_, y_, 0.75);
    DrawRow(cells, h);
  }
  CloseSegment();
  y_ += 3 * kMm;
}

void PdfWriter::Footnotes() {
  Style note = kCell;
  for (const std::string& line : doc_.footnote) Paragraph(line, note, 1);
  if (!doc_.footnote.empty()) y_ += 2 * kMm;
}

// The place and date over the signature blocks, side by side, kept together on one page.
void PdfWriter::Signatures() {
  Style place = kBody;
  place.italic = true;
  place.align = PANGO_ALIGN_RIGHT;
  LayoutPtr date = Text(doc_.place_date, place, width_);
  const double date_h = doc_.place_date.empty() ? 0 : LayoutHeight(date.get()) + 3 * kMm;
  const size_t n = doc_.signatures.size();
  const double block_w = n ? width_ / static_cast<double>(n) : width_;
  Style title{10, true, false, false, PANGO_ALIGN_CENTER};
  Style hint{10, false, true, false, PANGO_ALIGN_CENTER};
  std::vector<LayoutPtr> titles, hints, names;
  double title_h = 0, hint_h = 0, name_h = 0;
  for (const Signature& s : doc_.signatures) {
    titles.push_back(Text(s.title, title, block_w - 4));
    hints.push_back(Text(s.hint, hint, block_w - 4));
    names.push_back(Text(s.name, title, block_w - 4));
    title_h = std::max(title_h, LayoutHeight(titles.back().get()));
    if (!s.hint.empty()) hint_h = std::max(hint_h, LayoutHeight(hints.back().get()));
    name_h = std::max(name_h, LayoutHeight(names.back().get()));
  }
  const double blocks_h = n ? title_h + hint_h + kSignatureSpace + name_h : 0;
  if (date_h + blocks_h == 0) return;
  Ensure(date_h + blocks_h);
  if (!doc_.place_date.empty()) Show(date.get(), left_, y_);
  y_ += date_h;
  for (size_t i = 0; i < n; ++i) {
    double x = left_ + block_w * static_cast<double>(i) + 2;
    Show(titles[i].get(), x, y_);
    Show(hints[i].get(), x, y_ + title_h);
    Show(names[i].get(), x, y_ + title_h + hint_h + kSignatureSpace);
  }
  y_ += blocks_h;
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (...) {
    return CAIRO_STATUS_WRITE_ERROR;
  }
}

// Deleters for cairo's objects.
struct SurfaceDestroy {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDestroy {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};

void CheckStatus(cairo_status_t status) { CheckCairo(status, "PDF"); }

void CheckShape(const TableDoc& doc) {
  const size_t n = doc.columns.size();
  for (size_t r = 0; r < doc.rows.size(); ++r) {
    if (doc.rows[r].size() != n) {
      throw RenderError("PDF: row " + std::to_string(r + 1) + " has " +
                        std::to_string(doc.rows[r].size()) + " cells for " + std::to_string(n) +
                        " columns");
    }
  }
  if (!doc.totals.empty() && doc.totals.size() != n) {
    throw RenderError("PDF: the totals row has " + std::to_string(doc.totals.size()) +
                      " cells for " + std::to_string(n) + " columns");
  }
}

}  // namespace

std::string RenderPdf(const TableDoc& doc) {
  CheckShape(doc);
  std::string out;
  double w = doc.landscape ? kA4Long : kA4Short;
  double h = doc.landscape ? kA4Short : kA4Long;
  std::unique_ptr<cairo_surface_t, SurfaceDestroy> surface(
      cairo_pdf_surface_create_for_stream(AppendToString, &out, w, h));
  CheckStatus(cairo_surface_status(surface.get()));
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "lmis");
  {
    std::unique_ptr<cairo_t, CairoDestroy> cr(cairo_create(surface.get()));
    CheckStatus(cairo_status(cr.get()));
    Fonts fonts(cr.get());
    int pages = PdfWriter(cr.get(), fonts, doc, false, 0).Run();
    PdfWriter(cr.get(), fonts, doc, true, pages).Run();
    CheckStatus(cairo_status(cr.get()));
  }
  cairo_surface_finish(surface.get());
  CheckStatus(cairo_surface_status(surface.get()));
  return out;
}

}  // namespace lmis
