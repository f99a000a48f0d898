// The papers of a campaign as printable tables (exchange/table_doc.h): the commune's worklist
// (BẢNG KÊ NGƯỜI CẦN THU THẬP THÔNG TIN), the hand-over record (BIÊN BẢN BÀN GIAO PHIẾU THU
// THẬP THÔNG TIN NGƯỜI LAO ĐỘNG) and the progress report. Printed papers are Vietnamese, as
// officials sign them; the CSV variants have the stable English column names scripts read.
#pragma once

#include <string>
#include <string_view>

#include "collect/collect_service.h"
#include "exchange/doc_text.h"
#include "exchange/table_doc.h"

namespace lmis {

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

}  // namespace lmis
