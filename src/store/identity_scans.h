// Narrow, fast scans of what reconciliation and worklists read about people: the identity,
// residence and job columns of worker records, and the register extracts' rows, as views
// valid during the callback (no per-row allocation; COPY on PostgreSQL). Millions of rows
// pass through these.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "store/store.h"

namespace lmis {

// What a worker record (the version in force on a day) says of a person.
struct WorkerIdentity {
  int64_t person_id = 0;
  std::string_view residence_unit;  // UnitKey: its prefix names the tree the units are read in
  std::string_view closed;          // "" while open
  std::string_view valid_from;
  std::string_view cccd, cmnd, full_name, birth_date, sex, current_unit, permanent_unit;
  std::string_view bhxh, lf_status, employment_status, si_type, workplace_type, workplace_name,
      workplace_unit, industry;
  // Items the paper form asks for that a record may still lack (worklists: "incomplete").
  std::string_view ethnicity, general_education, qualification;
};

// One row of the population register extract.
struct RegisterIdentity {
  int64_t person_id = 0;
  std::string_view residence_unit;  // UnitKey, tree of the extract date
  std::string_view cccd, full_name, birth_date, sex, ethnicity, permanent_unit, permanent_address,
      current_unit, current_address, household_id, relation_to_head, status, status_date,
      extract_date;
};

// One social-insurance participation period.
struct InsuranceIdentity {
  int64_t person_id = 0;  // from its CCCD, 0 if none
  std::string_view bhxh, cccd, full_name, birth_date, sex, employer_tax_code, si_type, from, to;
};

// One enterprise of the enterprise register.
struct EnterpriseIdentity {
  std::string_view tax_code, name, name_key, unit, address, main_industry, status, status_date,
      employees;
};

// Which columns a scan fills: all of them, or only those that identify the person and their
// residence (the others are left empty), which is what population reconciliation reads of
// millions of rows.
enum class ScanColumns : uint8_t { kAll, kIdentity };

// The worker records in force on `as_of` (nullopt: the current ones) residing in
// `residence_units` (UnitKeys; nullopt = everywhere), in no particular order. People whose
// current version is dated after `as_of` are looked up one by one after the scan.
void ScanWorkerIdentities(Store& store, const std::optional<std::vector<std::string>>& units,
                          const std::optional<Date>& as_of,
                          const std::function<void(const WorkerIdentity&)>& fn,
                          ScanColumns columns = ScanColumns::kAll);
// The same for the given people only (wherever they live).
void FindWorkerIdentities(Store& store, const std::vector<int64_t>& person_ids,
                          const std::optional<Date>& as_of,
                          const std::function<void(const WorkerIdentity&)>& fn);

// Register rows residing in `units` (nullopt = all), or of the given people.
void ScanRegisterIdentities(Store& store, const std::optional<std::vector<std::string>>& units,
                            const std::function<void(const RegisterIdentity&)>& fn,
                            ScanColumns columns = ScanColumns::kAll);
void FindRegisterIdentities(Store& store, const std::vector<int64_t>& person_ids,
                            const std::function<void(const RegisterIdentity&)>& fn);

void ScanInsuranceIdentities(Store& store, const std::function<void(const InsuranceIdentity&)>& fn);
void ScanEnterpriseIdentities(Store& store,
                              const std::function<void(const EnterpriseIdentity&)>& fn);

}  // namespace lmis
