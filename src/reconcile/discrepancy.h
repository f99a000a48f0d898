// What reconciliation reports: one row per disagreement between lmis and another register,
// in the columns of the `lmis reconcile` contract: cccd, kind, field, worker_value,
// register_value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lmis {

enum class DiscrepancyKind : uint8_t {
  kFieldMismatch,     // a field the two hold differently (field = the exchange column)
  kNotInRegister,     // a worker record the register does not know
  kNoWorkerRecord,    // a register person (alive, 15+) without a worker record
  kClosedInRegister,  // deceased, emigrated or ended in the register, active in lmis
};

// The contract's slugs: field_mismatch, not_in_register, no_worker_record, closed_in_register.
std::string_view Slug(DiscrepancyKind kind);
std::string_view LabelVi(DiscrepancyKind kind);
std::string_view LabelEn(DiscrepancyKind kind);

struct Discrepancy {
  std::string unit;  // UnitKey of the commune it is reported under (the worker's, else the
                     // register's residence)
  std::string cccd;  // "" for a worker record known by CMND alone (field "cmnd")
  DiscrepancyKind kind = DiscrepancyKind::kFieldMismatch;
  std::string field;
  std::string worker_value, register_value;
  bool operator==(const Discrepancy&) const = default;
};

// The order reports list them in: by commune, then CCCD, kind and field.
bool ReportOrder(const Discrepancy& a, const Discrepancy& b);

}  // namespace lmis
