#include "exchange/table_doc.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "exchange/csv.h"
#include "testing/temp_dir.h"

namespace lmis {
namespace {

using Rows = std::vector<std::vector<std::string>>;

const char kTitle[] = "BIÊN BẢN BÀN GIAO PHIẾU THU THẬP THÔNG TIN NGƯỜI LAO ĐỘNG";

// A hand-over record of `rows` rows; the first four are hand-written, the rest generated.
TableDoc HandOver(size_t rows = 4) {
  TableDoc doc;
  doc.issuer = "UBND XÃ AN KHÁNH";
  doc.national_motto = true;
  doc.title = kTitle;
  doc.subtitle = {"Đợt thu thập tháng 10 năm 2025"};
  doc.preamble = {
      "Hôm nay, ngày 5 tháng 10 năm 2025, tại trụ sở UBND xã An Khánh, chúng tôi "
      "gồm có bên giao và bên nhận đã tiến hành bàn giao các phiếu sau:"};
  doc.columns = {{"STT", CellKind::kInteger, 5},
                 {"Họ và tên", CellKind::kText, 24},
                 {"Số phiếu", CellKind::kInteger, 10},
                 {"Tỷ lệ đạt", CellKind::kPercent, 10},
                 {"Ghi chú", CellKind::kText, 20}};
  doc.rows = {{"1", "Nguyễn Thị Thuỷ", "12", "87.5", "Đủ, đúng mẫu"},
              {"2", "Trần Văn \"Tèo\"", "1234", "100", "dòng một\ndòng hai"},
              {"3", "Lê Hoàng Phúc", "x12", "không rõ", ""},
              {"4", "Phạm Ngọc Ánh", "-7", "0", "Thiếu chữ ký, bổ sung sau"}};
  for (size_t i = doc.rows.size(); i < rows; ++i) {
    std::string n = std::to_string(i + 1);
    doc.rows.push_back({n, "Người lao động số " + n, std::to_string(i % 17), "50", ""});
  }
  doc.group_starts = {0, 2};
  doc.totals = {"", "Tổng cộng", "1239", "87.5", ""};
  doc.footnote = {"Biên bản được lập thành 02 bản, mỗi bên giữ 01 bản."};
  doc.place_date = "An Khánh, ngày 5 tháng 10 năm 2025";
  doc.signatures = {{"NGƯỜI GIAO", "(Ký, ghi rõ họ tên)", "Hoàng Văn Giao"},
                    {"NGƯỜI NHẬN", "(Ký, ghi rõ họ tên)", "Đỗ Thị Nhận"}};
  return doc;
}

Rows ParseCsv(std::string text) {
  std::FILE* f = fmemopen(text.data(), text.size(), "r");
  CsvReader reader(f);
  CsvRecord rec;
  Rows out;
  while (reader.Next(&rec)) out.emplace_back(rec.fields.begin(), rec.fields.end());
  std::fclose(f);
  return out;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// `path` as one shell word (temporary paths hold no single quote).
std::string Quote(const std::string& path) { return "'" + path + "'"; }

// Runs `tool` with `args` through the shell; its standard output. A tool that is not installed, or
// a command that fails, fails the test: `make test` installs everything these tests use.
std::string Run(const std::string& tool, const std::string& args) {
  if (access(tool.c_str(), X_OK) != 0) {
    ADD_FAILURE() << tool << " is missing: run scripts/install-deps (it installs poppler-utils "
                  << "and python3-openpyxl)";
    return "";
  }
  std::string command = tool + " " + args;
  std::FILE* p = popen(command.c_str(), "r");
  if (!p) {
    ADD_FAILURE() << "cannot run " << command;
    return "";
  }
  std::string out;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  int status = pclose(p);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command << " failed:\n" << out;
  return out;
}

TEST(TableDocCsv, RoundTripsHeaderRowsAndTotals) {
  TableDoc doc = HandOver();
  Rows expected = {{"STT", "Họ và tên", "Số phiếu", "Tỷ lệ đạt", "Ghi chú"}};
  expected.insert(expected.end(), doc.rows.begin(), doc.rows.end());
  expected.push_back(doc.totals);
  std::string csv = RenderCsv(doc);
  EXPECT_EQ(ParseCsv(csv), expected);
  EXPECT_NE(csv.find("\"Trần Văn \"\"Tèo\"\"\""), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"dòng một\ndòng hai\""), std::string::npos) << csv;
}

TEST(TableDocCsv, LeavesOutTheTotalsRowWhenThereIsNone) {
  TableDoc doc = HandOver();
  doc.totals.clear();
  EXPECT_EQ(ParseCsv(RenderCsv(doc)).size(), 1 + doc.rows.size());
}

// The sheet's cells, merged ranges and page setup as JSON, read by openpyxl.
const char kReadXlsx[] = R"(
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
cells = {}
for row in ws.iter_rows():
    for c in row:
        if c.value is not None:
            cells[c.coordinate] = {"v": c.value, "type": type(c.value).__name__,
                "fmt": c.number_format, "bold": bool(c.font.b), "italic": bool(c.font.i),
                "underline": c.font.u, "wrap": bool(c.alignment.wrap_text),
                "top": c.border.top.style, "left": c.border.left.style,
                "fill": c.fill.fgColor.rgb if c.fill.fill_type == "solid" else None}
fit = ws.sheet_properties.pageSetUpPr
print(json.dumps({"sheets": wb.sheetnames, "cells": cells,
    "merged": sorted(str(r) for r in ws.merged_cells.ranges), "freeze": ws.freeze_panes,
    "orientation": ws.page_setup.orientation, "paper": ws.page_setup.paperSize,
    "fit_to_page": bool(fit and fit.fitToPage), "fit_width": ws.page_setup.fitToWidth,
    "fit_height": ws.page_setup.fitToHeight, "print_title_rows": ws.print_title_rows,
    "widths": {k: v.width for k, v in ws.column_dimensions.items()}}, ensure_ascii=False))
)";

nlohmann::json ReadXlsx(const std::string& bytes) {
  TempDir dir;
  WriteFile(dir.Path("script.py"), kReadXlsx);
  WriteFile(dir.Path("doc.xlsx"), bytes);
  std::string out =
      Run("/usr/bin/python3", Quote(dir.Path("script.py")) + " " + Quote(dir.Path("doc.xlsx")));
  return nlohmann::json::parse(out.empty() ? "{}" : out);
}

// The coordinate of the first cell (in reading order) whose value is `value`, or "".
std::string Find(const nlohmann::json& sheet, const nlohmann::json& value) {
  std::string best;
  auto key = [](const std::string& coord) {
    size_t digit = coord.find_first_of("0123456789");
    return std::make_pair(std::stoi(coord.substr(digit)), coord.substr(0, digit));
  };
  for (const auto& [coord, cell] : sheet["cells"].items()) {
    if (cell["v"] == value && (best.empty() || key(coord) < key(best))) best = coord;
  }
  return best;
}

bool HasMerge(const nlohmann::json& sheet, const std::string& range) {
  for (const auto& r : sheet["merged"]) {
    if (r == range) return true;
  }
  return false;
}

TEST(TableDocXlsx, WritesTheTitleBlockHeaderNumbersAndTotals) {
  nlohmann::json sheet = ReadXlsx(RenderXlsx(HandOver(), "Bàn giao"));
  ASSERT_TRUE(sheet.contains("cells")) << sheet.dump();
  const nlohmann::json& cells = sheet["cells"];
  EXPECT_EQ(sheet["sheets"], nlohmann::json::array({"Bàn giao"}));

  // The issuer over the left half, the motto over the right half, the title across.
  EXPECT_EQ(cells["A1"]["v"], "UBND XÃ AN KHÁNH");
  EXPECT_TRUE(HasMerge(sheet, "A1:B1")) << sheet["merged"];
  EXPECT_EQ(cells["C1"]["v"], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  EXPECT_TRUE(cells["C1"]["bold"]);
  EXPECT_TRUE(HasMerge(sheet, "C1:E1")) << sheet["merged"];
  EXPECT_EQ(cells["C2"]["v"], "Độc lập - Tự do - Hạnh phúc");
  EXPECT_EQ(cells["C2"]["underline"], "single");
  std::string title = Find(sheet, kTitle);
  ASSERT_FALSE(title.empty()) << sheet.dump(1);
  EXPECT_EQ(title[0], 'A');
  EXPECT_TRUE(cells[title]["bold"]);
  std::string title_row = title.substr(1);
  EXPECT_TRUE(HasMerge(sheet, title + ":E" + title_row)) << sheet["merged"];

  // The header row: bold, wrapped, bordered, grey, frozen below, repeated on printed pages.
  std::string header = Find(sheet, "STT");
  ASSERT_EQ(header[0], 'A');
  int hr = std::stoi(header.substr(1));
  auto at = [&](char col, int row) { return std::string(1, col) + std::to_string(row); };
  std::vector<std::string> headings = {"STT", "Họ và tên", "Số phiếu", "Tỷ lệ đạt", "Ghi chú"};
  for (size_t c = 0; c < headings.size(); ++c) {
    const nlohmann::json& h = cells[at(static_cast<char>('A' + c), hr)];
    EXPECT_EQ(h["v"], headings[c]);
    EXPECT_TRUE(h["bold"]);
    EXPECT_TRUE(h["wrap"]);
    EXPECT_EQ(h["left"], "thin");
    EXPECT_EQ(h["fill"], "FFD9D9D9");
  }
  EXPECT_EQ(sheet["freeze"], at('A', hr + 1));
  EXPECT_EQ(sheet["print_title_rows"], "$" + std::to_string(hr) + ":$" + std::to_string(hr));
  EXPECT_GT(hr, std::stoi(title_row));

  // Data: integers as numbers, text that is not an integer as text, percent as a fraction.
  EXPECT_EQ(cells[at('B', hr + 1)]["v"], "Nguyễn Thị Thuỷ");
  EXPECT_EQ(cells[at('A', hr + 1)]["type"], "int");
  EXPECT_EQ(cells[at('C', hr + 1)]["v"], 12);
  EXPECT_EQ(cells[at('C', hr + 1)]["type"], "int");
  EXPECT_EQ(cells[at('C', hr + 2)]["v"], 1234);
  EXPECT_EQ(cells[at('C', hr + 3)]["v"], "x12");
  EXPECT_EQ(cells[at('C', hr + 3)]["type"], "str");
  EXPECT_EQ(cells[at('C', hr + 4)]["v"], -7);
  EXPECT_DOUBLE_EQ(cells[at('D', hr + 1)]["v"].get<double>(), 0.875);
  EXPECT_EQ(cells[at('D', hr + 1)]["fmt"], "0.0%");
  EXPECT_EQ(cells[at('D', hr + 2)]["v"], 1);
  EXPECT_EQ(cells[at('D', hr + 3)]["v"], "không rõ");
  EXPECT_EQ(cells[at('E', hr + 2)]["v"], "dòng một\ndòng hai");
  EXPECT_EQ(cells[at('B', hr + 1)]["left"], "thin");
  EXPECT_FALSE(cells[at('B', hr + 1)]["bold"]);
  // A group starts at the third row: a heavier rule above it.
  EXPECT_EQ(cells[at('B', hr + 3)]["top"], "medium");
  EXPECT_EQ(cells[at('B', hr + 2)]["top"], "thin");

  // Totals: bold, numbers still numbers.
  int tr = hr + 5;
  EXPECT_EQ(cells[at('B', tr)]["v"], "Tổng cộng");
  EXPECT_TRUE(cells[at('B', tr)]["bold"]);
  EXPECT_EQ(cells[at('C', tr)]["v"], 1239);
  EXPECT_TRUE(cells[at('C', tr)]["bold"]);
  EXPECT_DOUBLE_EQ(cells[at('D', tr)]["v"].get<double>(), 0.875);

  // The foot: footnote, place and date (italic, right), signatures side by side.
  std::string note = Find(sheet, "Biên bản được lập thành 02 bản, mỗi bên giữ 01 bản.");
  ASSERT_FALSE(note.empty());
  EXPECT_GT(std::stoi(note.substr(1)), tr);
  std::string date = Find(sheet, "An Khánh, ngày 5 tháng 10 năm 2025");
  ASSERT_FALSE(date.empty());
  EXPECT_TRUE(cells[date]["italic"]);
  std::string giver = Find(sheet, "NGƯỜI GIAO"), taker = Find(sheet, "NGƯỜI NHẬN");
  ASSERT_FALSE(giver.empty());
  ASSERT_FALSE(taker.empty());
  EXPECT_EQ(giver.substr(1), taker.substr(1));  // the same row
  EXPECT_EQ(giver[0], 'A');
  EXPECT_EQ(taker[0], 'C');
  EXPECT_TRUE(cells[giver]["bold"]);
  std::string name = Find(sheet, "Đỗ Thị Nhận");
  ASSERT_FALSE(name.empty());
  EXPECT_GE(std::stoi(name.substr(1)) - std::stoi(taker.substr(1)), 5);

  // Page setup: A4 portrait, one page wide; column widths as given.
  EXPECT_EQ(sheet["paper"], 9);
  EXPECT_EQ(sheet["orientation"], "portrait");
  EXPECT_TRUE(sheet["fit_to_page"]);
  // fitToWidth is left out of the file when it is 1, its default.
  EXPECT_TRUE(sheet["fit_width"].is_null() || sheet["fit_width"] == 1) << sheet["fit_width"];
  EXPECT_EQ(sheet["fit_height"], 0);
  EXPECT_NEAR(sheet["widths"]["B"].get<double>(), 24, 1);
}

TEST(TableDocXlsx, PrintsLandscapeWhenAskedAndCleansTheSheetName) {
  TableDoc doc = HandOver();
  doc.landscape = true;
  nlohmann::json sheet =
      ReadXlsx(RenderXlsx(doc, "Bàn giao [05/10/2025]: xã An Khánh * huyện Ba Vì?"));
  EXPECT_EQ(sheet["orientation"], "landscape");
  // 31 characters (not bytes), none of []:*?/\.
  EXPECT_EQ(sheet["sheets"], nlohmann::json::array({"Bàn giao _05_10_2025__ xã An Kh"}));
}

TEST(TableDocXlsx, UsesNoTemporaryFileAfterwards) {
  auto count = [] {
    size_t n = 0;
    for (const auto& e :
         std::filesystem::directory_iterator(std::filesystem::temp_directory_path())) {
      n += e.path().filename().string().starts_with("lmis-table-");
    }
    return n;
  };
  size_t before = count();
  std::string bytes = RenderXlsx(HandOver(), "x");
  EXPECT_EQ(bytes.substr(0, 2), "PK");  // a zip container
  EXPECT_EQ(count(), before);
}

// What poppler reads from a PDF.
struct PdfText {
  std::vector<std::string> pages;  // pdftotext -layout, one string per page
  std::string info;                // pdfinfo
};

PdfText ReadPdf(const std::string& bytes) {
  TempDir dir;
  std::string path = dir.Path("doc.pdf");
  WriteFile(path, bytes);
  PdfText out;
  std::string text = Run("/usr/bin/pdftotext", "-layout -enc UTF-8 " + Quote(path) + " -");
  for (size_t start = 0, ff; (ff = text.find('\f', start)) != std::string::npos; start = ff + 1) {
    out.pages.push_back(text.substr(start, ff - start));
  }
  out.info = Run("/usr/bin/pdfinfo", Quote(path));
  return out;
}

int PageCount(const std::string& info) {
  std::string lines = "\n" + info;
  size_t at = lines.find("\nPages:");
  return at == std::string::npos ? -1 : std::atoi(lines.c_str() + at + 7);
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(TableDocPdf, PrintsTheHandOverRecordInVietnamese) {
  std::string pdf = RenderPdf(HandOver());
  ASSERT_TRUE(pdf.starts_with("%PDF-"));
  PdfText text = ReadPdf(pdf);
  ASSERT_EQ(text.pages.size(), 1u) << text.info;
  const std::string& page = text.pages[0];
  for (const char* s :
       {"UBND XÃ AN KHÁNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        kTitle, "Đợt thu thập tháng 10 năm 2025", "Hôm nay, ngày 5 tháng 10 năm 2025",
        "Nguyễn Thị Thuỷ", "Trần Văn \"Tèo\"", "dòng một", "dòng hai", "Tổng cộng", "NGƯỜI GIAO",
        "NGƯỜI NHẬN", "(Ký, ghi rõ họ tên)", "Hoàng Văn Giao", "Đỗ Thị Nhận",
        "An Khánh, ngày 5 tháng 10 năm 2025", "Trang 1/1"}) {
    EXPECT_TRUE(Contains(page, s)) << "missing " << s << " in\n" << page;
  }
  // Integers grouped, percentages with a decimal comma.
  EXPECT_TRUE(Contains(page, "1.234")) << page;
  EXPECT_TRUE(Contains(page, "1.239")) << page;
  EXPECT_TRUE(Contains(page, "87,5 %")) << page;
  EXPECT_TRUE(Contains(page, "100 %")) << page;
  EXPECT_TRUE(Contains(text.info, "A4")) << text.info;
  EXPECT_TRUE(Contains(text.info, "595.276 x 841.89")) << text.info;
  EXPECT_TRUE(Contains(text.info, "lmis")) << text.info;  // Creator
}

TEST(TableDocPdf, RepeatsTheHeaderAndNumbersEveryPageOfALongTable) {
  std::string pdf = RenderPdf(HandOver(120));
  PdfText text = ReadPdf(pdf);
  int pages = PageCount(text.info);
  ASSERT_GE(pages, 2) << text.info;
  ASSERT_EQ(text.pages.size(), static_cast<size_t>(pages));
  for (int i = 0; i < pages; ++i) {
    const std::string& page = text.pages[i];
    std::string number = "Trang " + std::to_string(i + 1) + "/" + std::to_string(pages);
    EXPECT_TRUE(Contains(page, number)) << "page " << i + 1 << ":\n" << page;
    EXPECT_TRUE(Contains(page, "Họ và tên")) << "page " << i + 1 << ":\n" << page;
    EXPECT_TRUE(Contains(page, "Số phiếu")) << "page " << i + 1 << ":\n" << page;
  }
  // Every row once, in order, and the title only on the first page.
  std::string all;
  for (const std::string& p : text.pages) all += p;
  size_t pos = 0;
  for (int i = 5; i <= 120; ++i) {
    pos = all.find("Người lao động số " + std::to_string(i) + " ", pos);
    ASSERT_NE(pos, std::string::npos) << "row " << i;
  }
  EXPECT_TRUE(Contains(text.pages[0], kTitle));
  EXPECT_FALSE(Contains(text.pages[1], kTitle));
  EXPECT_TRUE(Contains(text.pages.back(), "Đỗ Thị Nhận"));
}

TEST(TableDocPdf, PrintsLandscapeWhenAsked) {
  TableDoc doc = HandOver();
  doc.landscape = true;
  PdfText text = ReadPdf(RenderPdf(doc));
  EXPECT_TRUE(Contains(text.info, "841.89 x 595.276")) << text.info;
  ASSERT_EQ(text.pages.size(), 1u);
  EXPECT_TRUE(Contains(text.pages[0], "Nguyễn Thị Thuỷ"));
}

TEST(TableDoc, WithoutColumnsRendersTheTextAlone) {
  TableDoc doc = HandOver();
  doc.columns.clear();
  doc.rows.clear();
  doc.totals.clear();
  doc.group_starts.clear();
  EXPECT_EQ(RenderCsv(doc), "");

  nlohmann::json sheet = ReadXlsx(RenderXlsx(doc, "Văn bản"));
  EXPECT_EQ(sheet["cells"]["A1"]["v"], "UBND XÃ AN KHÁNH");
  EXPECT_FALSE(Find(sheet, kTitle).empty());
  EXPECT_FALSE(Find(sheet, "Đỗ Thị Nhận").empty());
  EXPECT_TRUE(sheet["freeze"].is_null());

  PdfText text = ReadPdf(RenderPdf(doc));
  ASSERT_EQ(text.pages.size(), 1u);
  EXPECT_TRUE(Contains(text.pages[0], kTitle));
  EXPECT_TRUE(Contains(text.pages[0], "Đỗ Thị Nhận"));
  EXPECT_TRUE(Contains(text.pages[0], "Trang 1/1"));
}

TEST(TableDoc, RejectsARowThatDoesNotFitTheColumns) {
  TableDoc doc = HandOver();
  doc.rows[2].pop_back();
  for (auto render : {+[](const TableDoc& d) { return RenderXlsx(d, "x"); }, &RenderPdf}) {
    try {
      render(doc);
      ADD_FAILURE() << "expected RenderError";
    } catch (const RenderError& e) {
      EXPECT_TRUE(Contains(e.what(), "row 3 has 4 cells for 5 columns")) << e.what();
    }
  }
  doc = HandOver();
  doc.totals = {"Tổng"};
  EXPECT_THROW(RenderXlsx(doc, "x"), RenderError);
  EXPECT_THROW(RenderPdf(doc), RenderError);
}

// Renders with a fontconfig configuration whose only font is DejaVu Sans Mono; 0 when RenderPdf
// refused (its message on standard error), 1 when it did not.
int RenderWithOnlyTheMonoFont(const std::string& mono) {
  TempDir dir;
  std::filesystem::create_directory(dir.Path("fonts"));
  std::filesystem::copy_file(mono, dir.Path("fonts/mono.ttf"));
  WriteFile(dir.Path("fonts.conf"), "<?xml version=\"1.0\"?><fontconfig><dir>" + dir.Path("fonts") +
                                        "</dir><cachedir>" + dir.Path("cache") +
                                        "</cachedir></fontconfig>");
  setenv("FONTCONFIG_FILE", dir.Path("fonts.conf").c_str(), 1);
  try {
    RenderPdf(HandOver());
  } catch (const RenderError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 0;
  }
  return 1;
}

// Without DejaVu Sans, fontconfig would quietly substitute another font; RenderPdf says so.
// In a fresh process ("threadsafe" death test): fontconfig reads its configuration once.
TEST(TableDocPdfDeathTest, FailsClearlyWhenTheFontIsMissing) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const std::string mono = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";
  ASSERT_TRUE(std::filesystem::exists(mono)) << "fonts-dejavu-core is not installed";
  EXPECT_EXIT(std::_Exit(RenderWithOnlyTheMonoFont(mono)), testing::ExitedWithCode(0),
              "\"DejaVu Sans\" is not installed .*DejaVu Sans Mono.*fonts-dejavu-core");
}

}  // namespace
}  // namespace lmis
