// RenderXlsx: a TableDoc as a one-sheet workbook (libxlsxwriter). libxlsxwriter writes to a
// file name, so the workbook goes to a private temporary file that is read back and removed.
#include "exchange/table_doc.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace lmis {
namespace {

constexpr double kRowHeight = 15;       // points: Excel's default row of 11 pt text
constexpr int kSignatureSpaceRows = 5;  // ~2.5 cm left blank for a signature

void Check(lxw_error err, const char* what) {
  if (err != LXW_NO_ERROR) {
    throw RenderError(std::string("XLSX: ") + what + ": " + lxw_strerror(err));
  }
}

// A fresh, empty file of our own under the temporary directory, removed with the object.
class TempFile {
 public:
  TempFile() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "lmis-table-XXXXXX.xlsx").string();
    int fd = mkstemps(tmpl.data(), 5);
    if (fd < 0) throw RenderError("XLSX: cannot create a temporary file in " + tmpl);
    close(fd);
    path_ = tmpl;
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }
  std::string Read() const {
    std::ifstream in(path_, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) throw RenderError("XLSX: cannot read back " + path_);
    return std::move(bytes).str();
  }

 private:
  std::string path_;
};

// Owns a workbook until it is closed (written); freed unwritten when rendering fails.
class Workbook {
 public:
  explicit Workbook(const std::string& path) : wb_(workbook_new(path.c_str())) {
    if (!wb_) throw RenderError("XLSX: cannot create a workbook at " + path);
  }
  ~Workbook() {
    if (wb_) lxw_workbook_free(wb_);
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;

  lxw_workbook* get() const { return wb_; }
  void Close() {
    lxw_error err = workbook_close(wb_);  // frees the workbook whatever the outcome
    wb_ = nullptr;
    Check(err, "writing the workbook");
  }

 private:
  lxw_workbook* wb_;
};

// Every cell format the sheet uses, made once per workbook (owned by it).
struct Formats {
  lxw_format* issuer;
  lxw_format* motto;
  lxw_format* motto_underlined;
  lxw_format* title;
  lxw_format* centred;
  lxw_format* left;
  lxw_format* right_italic;
  lxw_format* header;
  lxw_format* sig_title;
  lxw_format* sig_hint;
  lxw_format* sig_name;
  // Table cells by [totals row][group start][kind].
  lxw_format* cell[2][2][3];
};

lxw_format* NewFormat(lxw_workbook* wb, uint8_t align, bool bold, bool wrap) {
  lxw_format* f = workbook_add_format(wb);
  format_set_align(f, align);
  format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
  if (bold) format_set_bold(f);
  if (wrap) format_set_text_wrap(f);
  return f;
}

lxw_format* CellFormat(lxw_workbook* wb, bool totals, bool group_start, CellKind kind) {
  lxw_format* f = NewFormat(wb, kind == CellKind::kText ? LXW_ALIGN_LEFT : LXW_ALIGN_RIGHT, totals,
                            kind == CellKind::kText);
  format_set_border(f, LXW_BORDER_THIN);
  if (group_start) format_set_top(f, LXW_BORDER_MEDIUM);
  if (kind == CellKind::kInteger) format_set_num_format(f, "#,##0");
  if (kind == CellKind::kPercent) format_set_num_format(f, "0.0%");
  return f;
}

Formats MakeFormats(lxw_workbook* wb) {
  Formats f;
  f.issuer = NewFormat(wb, LXW_ALIGN_CENTER, true, true);
  f.motto = NewFormat(wb, LXW_ALIGN_CENTER, true, false);
  f.motto_underlined = NewFormat(wb, LXW_ALIGN_CENTER, true, false);
  format_set_underline(f.motto_underlined, LXW_UNDERLINE_SINGLE);
  f.title = NewFormat(wb, LXW_ALIGN_CENTER, true, true);
  format_set_font_size(f.title, 14);
  f.centred = NewFormat(wb, LXW_ALIGN_CENTER, false, true);
  f.left = NewFormat(wb, LXW_ALIGN_LEFT, false, true);
  f.right_italic = NewFormat(wb, LXW_ALIGN_RIGHT, false, false);
  format_set_italic(f.right_italic);
  f.header = NewFormat(wb, LXW_ALIGN_CENTER, true, true);
  format_set_border(f.header, LXW_BORDER_THIN);
  format_set_bg_color(f.header, 0xD9D9D9);
  f.sig_title = NewFormat(wb, LXW_ALIGN_CENTER, true, true);
  f.sig_hint = NewFormat(wb, LXW_ALIGN_CENTER, false, true);
  format_set_italic(f.sig_hint);
  f.sig_name = NewFormat(wb, LXW_ALIGN_CENTER, true, true);
  for (int totals = 0; totals < 2; ++totals) {
    for (int group = 0; group < 2; ++group) {
      for (CellKind kind : {CellKind::kText, CellKind::kInteger, CellKind::kPercent}) {
        f.cell[totals][group][static_cast<int>(kind)] = CellFormat(wb, totals, group, kind);
      }
    }
  }
  return f;
}

// Excel's rules for sheet names: at most 31 characters, none of []:*?/\, no apostrophe at
// either end, not empty. Forbidden characters become '_'.
std::string SheetName(const std::string& wanted) {
  std::string name;
  size_t chars = 0;
  for (size_t i = 0; i < wanted.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(wanted[i]);
    bool continuation = (c & 0xC0) == 0x80;
    if (!continuation && ++chars > LXW_SHEETNAME_MAX) break;
    bool forbidden = std::string_view("[]:*?/\\").find(wanted[i]) != std::string_view::npos;
    name.push_back(forbidden ? '_' : wanted[i]);
  }
  while (!name.empty() && name.front() == '\'') name.erase(0, 1);
  while (!name.empty() && name.back() == '\'') name.pop_back();
  return name.empty() ? "Sheet1" : name;
}

std::optional<double> ParseInteger(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return static_cast<double>(value);
}

// "87.5" or "87,5" (a number of percent) as the fraction 0.875.
std::optional<double> ParsePercent(std::string_view text) {
  std::string s(text);
  std::replace(s.begin(), s.end(), ',', '.');
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value / 100;
}

// A run of columns [first, last] of one row, written as one (merged) cell.
struct Band {
  lxw_col_t first;
  lxw_col_t last;
};

size_t Utf8Length(std::string_view s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Writes the sheet row by row, from the top.
class SheetWriter {
 public:
  SheetWriter(lxw_workbook* wb, lxw_worksheet* ws, const TableDoc& doc)
      : ws_(ws), doc_(doc), f_(MakeFormats(wb)), width_(std::max<size_t>(doc.columns.size(), 1)) {}

  void Write() {
    SetUpColumnsAndPage();
    TitleBlock();
    if (!doc_.columns.empty()) Table();
    Foot();
  }

 private:
  Band Full() const { return {0, static_cast<lxw_col_t>(width_ - 1)}; }
  // Band `i` of `n` side by side across the table (at least one column each).
  Band Part(size_t i, size_t n) const {
    size_t w = std::max(width_, n);
    return {static_cast<lxw_col_t>(i * w / n), static_cast<lxw_col_t>((i + 1) * w / n - 1)};
  }
  // Total width of a band in characters.
  double BandChars(Band b) const {
    double chars = 0;
    for (lxw_col_t c = b.first; c <= b.last; ++c) {
      chars += c < doc_.columns.size() ? doc_.columns[c].width : LXW_DEF_COL_WIDTH;
    }
    return chars;
  }

  void SetUpColumnsAndPage() {
    for (size_t c = 0; c < doc_.columns.size(); ++c) {
      auto col = static_cast<lxw_col_t>(c);
      Check(worksheet_set_column(ws_, col, col, doc_.columns[c].width, nullptr), "column width");
    }
    worksheet_set_paper(ws_, 9);  // A4
    if (doc_.landscape) {
      worksheet_set_landscape(ws_);
    } else {
      worksheet_set_portrait(ws_);
    }
    worksheet_fit_to_pages(ws_, 1, 0);  // one page wide, as many pages tall as needed
  }

  // `text` in the band of the current row, which is made tall enough for the text's lines
  // (wrapped at the band's width: Excel does not fit the height of merged cells itself).
  void Put(Band b, const std::string& text, lxw_format* format, double line_height = kRowHeight) {
    if (b.first == b.last) {
      Check(worksheet_write_string(ws_, row_, b.first, text.c_str(), format), "write");
    } else {
      Check(worksheet_merge_range(ws_, row_, b.first, row_, b.last, text.c_str(), format), "merge");
    }
    size_t lines = 0;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      // Larger text takes more of the band, in proportion to its line height.
      double chars = static_cast<double>(Utf8Length(line)) * line_height / kRowHeight;
      lines += std::max<size_t>(1, static_cast<size_t>(std::ceil(chars / BandChars(b))));
    }
    double height = line_height * static_cast<double>(std::max<size_t>(lines, 1));
    double& set = heights_[row_];
    if (height > std::max(set, kRowHeight)) {
      set = height;
      Check(worksheet_set_row(ws_, row_, height, nullptr), "row height");
    }
  }
  void Lines(const std::vector<std::string>& lines, lxw_format* format) {
    for (const std::string& line : lines) {
      Put(Full(), line, format);
      ++row_;
    }
  }

  void TitleBlock() {
    if (!doc_.issuer.empty() || doc_.national_motto) {
      bool side_by_side = width_ >= 2;
      Band left = side_by_side ? Part(0, 2) : Full();
      Band right = side_by_side ? Part(1, 2) : Full();
      if (!doc_.issuer.empty()) Put(left, doc_.issuer, f_.issuer);
      if (doc_.national_motto) {
        if (!side_by_side && !doc_.issuer.empty()) ++row_;
        Put(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", f_.motto);
        ++row_;
        Put(right, "Độc lập - Tự do - Hạnh phúc", f_.motto_underlined);
      }
      row_ += 2;
    }
    if (!doc_.title.empty()) {
      Put(Full(), doc_.title, f_.title, 20);
      ++row_;
    }
    Lines(doc_.subtitle, f_.centred);
    if (row_ > 0) ++row_;
    Lines(doc_.preamble, f_.left);
  }

  void Table() {
    const lxw_row_t header = row_;
    for (size_t c = 0; c < doc_.columns.size(); ++c) {
      Check(worksheet_write_string(ws_, row_, static_cast<lxw_col_t>(c),
                                   doc_.columns[c].heading.c_str(), f_.header),
            "header");
    }
    worksheet_freeze_panes(ws_, header + 1, 0);
    Check(worksheet_repeat_rows(ws_, header, header), "repeat header");
    ++row_;
    for (size_t r = 0; r < doc_.rows.size(); ++r) {
      bool group = std::find(doc_.group_starts.begin(), doc_.group_starts.end(), r) !=
                   doc_.group_starts.end();
      TableRow(doc_.rows[r], false, group && r > 0);
    }
    if (!doc_.totals.empty()) TableRow(doc_.totals, true, false);
  }

  void TableRow(const std::vector<std::string>& cells, bool totals, bool group) {
    for (size_t c = 0; c < cells.size(); ++c) {
      CellKind kind = doc_.columns[c].kind;
      lxw_format* format = f_.cell[totals][group][static_cast<int>(kind)];
      std::optional<double> number;
      if (kind == CellKind::kInteger) number = ParseInteger(cells[c]);
      if (kind == CellKind::kPercent) number = ParsePercent(cells[c]);
      auto col = static_cast<lxw_col_t>(c);
      if (number) {
        Check(worksheet_write_number(ws_, row_, col, *number, format), "number");
      } else if (cells[c].empty()) {
        Check(worksheet_write_blank(ws_, row_, col, format), "blank");
      } else {
        Check(worksheet_write_string(ws_, row_, col, cells[c].c_str(), format), "text");
      }
    }
    ++row_;
  }

  void Foot() {
    if (!doc_.footnote.empty() || !doc_.place_date.empty() || !doc_.signatures.empty()) {
      ++row_;
    }
    Lines(doc_.footnote, f_.left);
    if (!doc_.place_date.empty()) {
      if (!doc_.footnote.empty()) ++row_;
      Put(Full(), doc_.place_date, f_.right_italic);
      ++row_;
    }
    Signatures();
  }

  void Signatures() {
    const size_t n = doc_.signatures.size();
    if (n == 0) return;
    const lxw_row_t top = row_;
    for (size_t i = 0; i < n; ++i) {
      const Signature& s = doc_.signatures[i];
      Band b = Part(i, n);
      row_ = top;
      Put(b, s.title, f_.sig_title);
      ++row_;
      if (!s.hint.empty()) Put(b, s.hint, f_.sig_hint);
      row_ += 1 + kSignatureSpaceRows;
      if (!s.name.empty()) Put(b, s.name, f_.sig_name);
    }
    ++row_;
  }

  lxw_worksheet* ws_;
  const TableDoc& doc_;
  Formats f_;
  size_t width_;  // columns the title block and the foot span
  lxw_row_t row_ = 0;
  std::map<lxw_row_t, double> heights_;  // rows made taller than the default, in points
};

void CheckShape(const TableDoc& doc) {
  const size_t n = doc.columns.size();
  for (size_t r = 0; r < doc.rows.size(); ++r) {
    if (doc.rows[r].size() != n) {
      throw RenderError("XLSX: row " + std::to_string(r + 1) + " has " +
                        std::to_string(doc.rows[r].size()) + " cells for " + std::to_string(n) +
                        " columns");
    }
  }
  if (!doc.totals.empty() && doc.totals.size() != n) {
    throw RenderError("XLSX: the totals row has " + std::to_string(doc.totals.size()) +
                      " cells for " + std::to_string(n) + " columns");
  }
}

}  // namespace

std::string RenderXlsx(const TableDoc& doc, const std::string& sheet) {
  CheckShape(doc);
  TempFile file;
  Workbook wb(file.path());
  std::string name = SheetName(sheet);
  Check(workbook_validate_sheet_name(wb.get(), name.c_str()), ("sheet name " + name).c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb.get(), name.c_str());
  if (!ws) throw RenderError("XLSX: cannot add the sheet " + name);
  SheetWriter(wb.get(), ws, doc).Write();
  wb.Close();
  return file.Read();
}

}  // namespace lmis
