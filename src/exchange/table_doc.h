// A printable table: what officials print, sign and file (worklists, hand-over records,
// progress and statistics reports). One description, three renderings: CSV for scripts,
// XLSX (libxlsxwriter) for spreadsheets, PDF (cairo + pango, a font covering Vietnamese) for
// printing. The text is given in the language wanted; nothing here translates.
#pragma once

#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace lmis {

// A rendering that could not be made (library failure, missing font, I/O).
class RenderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a column's cells hold, for alignment and number formats.
enum class CellKind : uint8_t {
  kText,
  kInteger,  // whole numbers: right-aligned, numeric in XLSX, thousands separated in PDF
  kPercent,  // a number of percent (e.g. "87.5"): right-aligned, "87,5 %" in PDF, 0.875 in XLSX
};

// One column of the table: its heading, what its cells hold, its share of the width.
struct TableColumn {
  std::string heading;
  CellKind kind = CellKind::kText;
  double width = 12;  // relative width; XLSX characters, PDF shares of the printable width
};

// A signature block at the foot of the document ("NGƯỜI GIAO", "(Ký, ghi rõ họ tên)", name).
struct Signature {
  std::string title;  // e.g. "NGƯỜI GIAO"
  std::string hint;   // e.g. "(Ký, ghi rõ họ tên)"
  std::string name;   // printed under the space for the signature; may be empty
};

// A document to render: the heading, the table and the foot, top to bottom.
struct TableDoc {
  // Top left, upper case by convention: the issuing body ("UBND XÃ AN KHÁNH"). May be empty.
  std::string issuer;
  // Top right: the national motto lines (Quốc hiệu, Tiêu ngữ) when true.
  bool national_motto = false;
  std::string title;                  // centred, bold
  std::vector<std::string> subtitle;  // centred lines under the title
  std::vector<std::string> preamble;  // left-aligned lines before the table ("Hôm nay, …")
  // No columns: no table, the rest of the text alone (and an empty CSV).
  std::vector<TableColumn> columns;
  std::vector<std::vector<std::string>> rows;  // one cell per column, as text
  // Rows before which a thin rule groups the table (e.g. where a new household starts).
  std::vector<size_t> group_starts;
  std::vector<std::string> totals;    // the totals row (bold), empty for none
  std::vector<std::string> footnote;  // lines after the table
  std::string place_date;  // right-aligned, italic ("An Khánh, ngày 5 tháng 10 năm 2025")
  std::vector<Signature> signatures;  // side by side, evenly spaced
  bool landscape = false;
};

// The header row and the rows (and the totals row, if any) as RFC 4180 CSV, UTF-8, no BOM.
std::string RenderCsv(const TableDoc& doc);
// An .xlsx workbook with one sheet named `sheet` (at most 31 characters): the title block
// merged across the table's width, a bold bordered header row frozen below it, numeric cells
// as numbers, the totals row, footnotes and signatures; set up to print on A4 fitting the
// width. Throws RenderError, also for a row or totals row without one cell per column.
std::string RenderXlsx(const TableDoc& doc, const std::string& sheet);
// A4 PDF: the same layout, the header row repeated on every page, "Trang i/n" page numbers.
// Throws RenderError (e.g. when DejaVu Sans is not installed, or a row or the totals row does
// not have one cell per column).
std::string RenderPdf(const TableDoc& doc);

}  // namespace lmis
