// The papers of a campaign as printable tables (exchange/table_doc.h): the commune's worklist
// (BẢNG KÊ NGƯỜI CẦN THU THẬP THÔNG TIN), the hand-over record (BIÊN BẢN BÀN GIAO PHIẾU THU
// THẬP THÔNG TIN NGƯỜI LAO ĐỘNG) and the progress report. Printed papers are Vietnamese, as
// officials sign them; the CSV variants have the stable English column names scripts read.
#pragma once

#include <string>
#include <string_view>

#include "collect/collect_service.h"
#include "exchange/table_doc.h"

namespace lmis {

// How a document is laid out: for paper (PDF, XLSX) or for scripts (CSV).
enum class DocStyle : uint8_t { kPrint, kData };

// The worklist, households separated by a thin rule. kPrint: the household's id and address
// on its first row only, labelled reasons, two signature blocks; kData: every cell on every
// row, codes rather than labels.
TableDoc WorklistDoc(const WorklistView& v, DocStyle style);

// The hand-over record: national motto, issuer, title, preamble naming both sides, the
// forms, the total, the check code ("Mã kiểm tra") and the signature blocks BÊN GIAO /
// BÊN NHẬN.
TableDoc HandoverDoc(const HandoverView& v, const AdminUnits& units);

// The progress report: per wave one row per commune and the wave's total row; kPrint adds
// the grand total of every wave as the totals row.
TableDoc ProgressDoc(const ProgressReport& r, DocStyle style);

// Upper case of Vietnamese text ("Phường Ba Đình" → "PHƯỜNG BA ĐÌNH").
std::string UpperVi(std::string_view text);
// "ngày 5 tháng 10 năm 2025".
std::string LongDateVi(const Date& d);
// A partial date as officials write it: "12/03/1985", "03/1985", "1985".
std::string ShortDateVi(std::string_view partial_date);

}  // namespace lmis
