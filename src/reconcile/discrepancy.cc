#include "reconcile/discrepancy.h"

#include <iterator>
#include <tuple>

namespace lmis {

std::string_view Slug(DiscrepancyKind kind) {
  switch (kind) {
    case DiscrepancyKind::kFieldMismatch:
      return "field_mismatch";
    case DiscrepancyKind::kNotInRegister:
      return "not_in_register";
    case DiscrepancyKind::kNoWorkerRecord:
      return "no_worker_record";
    case DiscrepancyKind::kClosedInRegister:
      return "closed_in_register";
  }
  return "";
}

std::string_view LabelVi(DiscrepancyKind kind) {
  switch (kind) {
    case DiscrepancyKind::kFieldMismatch:
      return "Thông tin không khớp";
    case DiscrepancyKind::kNotInRegister:
      return "Không có trong cơ sở dữ liệu đối chiếu";
    case DiscrepancyKind::kNoWorkerRecord:
      return "Chưa có phiếu thông tin người lao động";
    case DiscrepancyKind::kClosedInRegister:
      return "Đã chết, xuất cảnh hoặc chấm dứt nhưng phiếu còn hiệu lực";
  }
  return "";
}

std::string_view LabelEn(DiscrepancyKind kind) {
  switch (kind) {
    case DiscrepancyKind::kFieldMismatch:
      return "Field disagrees";
    case DiscrepancyKind::kNotInRegister:
      return "Not in the register";
    case DiscrepancyKind::kNoWorkerRecord:
      return "No worker record";
    case DiscrepancyKind::kClosedInRegister:
      return "Closed in the register, active in lmis";
  }
  return "";
}

namespace {

std::string_view CodeOf(const std::string& key) {
  size_t colon = key.find(':');
  return colon == std::string::npos ? std::string_view(key)
                                    : std::string_view(key).substr(colon + 1);
}

// Fields in the order of the forms, the others after them.
int FieldRank(std::string_view field) {
  static constexpr std::string_view kOrder[] = {"",
                                                "cmnd",
                                                "status",
                                                "full_name",
                                                "birth_date",
                                                "sex",
                                                "bhxh",
                                                "si_type",
                                                "current_unit",
                                                "permanent_unit",
                                                "employer_tax_code",
                                                "name",
                                                "main_industry"};
  for (size_t i = 0; i < std::size(kOrder); ++i)
    if (kOrder[i] == field) return static_cast<int>(i);
  return static_cast<int>(std::size(kOrder));
}

// A record known by CMND alone has no CCCD: its CMND (the worker value) tells it apart.
std::string_view PersonOf(const Discrepancy& d) {
  return d.cccd.empty() ? std::string_view(d.worker_value) : std::string_view(d.cccd);
}

}  // namespace

bool ReportOrder(const Discrepancy& a, const Discrepancy& b) {
  return std::make_tuple(CodeOf(a.unit), a.cccd.empty(), PersonOf(a), static_cast<int>(a.kind),
                         FieldRank(a.field), std::string_view(a.field)) <
         std::make_tuple(CodeOf(b.unit), b.cccd.empty(), PersonOf(b), static_cast<int>(b.kind),
                         FieldRank(b.field), std::string_view(b.field));
}

}  // namespace lmis
