#include "store/identity_scans.h"

#include <algorithm>

namespace lmis {
namespace {

constexpr const char* kWorkerColumns =
    "person_id, residence_unit, closed, valid_from, cccd, cmnd, full_name, birth_date, sex, "
    "current_unit, permanent_unit, bhxh, lf_status, employment_status, si_type, workplace_type, "
    "workplace_name, workplace_unit, industry, ethnicity, general_education, qualification";
// The same positions with only the identity and residence read.
constexpr const char* kWorkerIdentityColumns =
    "person_id, residence_unit, closed, valid_from, cccd, cmnd, full_name, birth_date, sex, "
    "current_unit, permanent_unit, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
    "NULL";

const char* WorkerColumns(ScanColumns c) {
  return c == ScanColumns::kAll ? kWorkerColumns : kWorkerIdentityColumns;
}

WorkerIdentity ReadWorker(const SqlRow& r) {
  WorkerIdentity w;
  w.person_id = r.Int(0);
  w.residence_unit = r.Text(1);
  w.closed = r.Text(2);
  w.valid_from = r.Text(3);
  w.cccd = r.Text(4);
  w.cmnd = r.Text(5);
  w.full_name = r.Text(6);
  w.birth_date = r.Text(7);
  w.sex = r.Text(8);
  w.current_unit = r.Text(9);
  w.permanent_unit = r.Text(10);
  w.bhxh = r.Text(11);
  w.lf_status = r.Text(12);
  w.employment_status = r.Text(13);
  w.si_type = r.Text(14);
  w.workplace_type = r.Text(15);
  w.workplace_name = r.Text(16);
  w.workplace_unit = r.Text(17);
  w.industry = r.Text(18);
  w.ethnicity = r.Text(19);
  w.general_education = r.Text(20);
  w.qualification = r.Text(21);
  return w;
}

constexpr const char* kRegisterColumns =
    "person_id, residence_unit, cccd, full_name, birth_date, sex, ethnicity, permanent_unit, "
    "permanent_address, current_unit, current_address, household_id, relation_to_head, status, "
    "status_date, extract_date";
constexpr const char* kRegisterIdentityColumns =
    "person_id, residence_unit, cccd, full_name, birth_date, sex, NULL, permanent_unit, NULL, "
    "current_unit, NULL, NULL, NULL, status, status_date, extract_date";

RegisterIdentity ReadRegister(const SqlRow& r) {
  RegisterIdentity p;
  p.person_id = r.Int(0);
  p.residence_unit = r.Text(1);
  p.cccd = r.Text(2);
  p.full_name = r.Text(3);
  p.birth_date = r.Text(4);
  p.sex = r.Text(5);
  p.ethnicity = r.Text(6);
  p.permanent_unit = r.Text(7);
  p.permanent_address = r.Text(8);
  p.current_unit = r.Text(9);
  p.current_address = r.Text(10);
  p.household_id = r.Text(11);
  p.relation_to_head = r.Text(12);
  p.status = r.Text(13);
  p.status_date = r.Text(14);
  p.extract_date = r.Text(15);
  return p;
}

std::string CurrentCondition(const Sql& sql) {
  // SQLite's partial indexes are written for "is_current = 1"; PostgreSQL's column is boolean.
  return sql.dialect() == SqlDialect::kSqlite ? "is_current = 1" : "is_current";
}

// The version in force on `as_of` of one person (latest valid_from ≤ as_of, ties to the later).
void FindAsOf(Sql& sql, int64_t person_id, const Date& as_of,
              const std::function<void(const WorkerIdentity&)>& fn) {
  sql.Query(std::string("SELECT ") + kWorkerColumns +
                " FROM worker_versions WHERE person_id = $1 AND valid_from <= $2 "
                "ORDER BY valid_from DESC, seq DESC LIMIT 1",
            {person_id, as_of.ToString()}, [&](const SqlRow& r) { fn(ReadWorker(r)); });
}

}  // namespace

void ScanWorkerIdentities(Store& store, const std::optional<std::vector<std::string>>& units,
                          const std::optional<Date>& as_of,
                          const std::function<void(const WorkerIdentity&)>& fn,
                          ScanColumns columns) {
  Sql& sql = store.sql();
  std::string query = std::string("SELECT ") + WorkerColumns(columns) +
                      " FROM worker_versions WHERE " + CurrentCondition(sql);
  SqlValues params;
  if (units) {
    query += " AND " + sql.InTextList("residence_unit", 1);
    params.push_back(sql.TextList(*units));
  }
  const std::string day = as_of ? as_of->ToString() : "";
  std::vector<int64_t> later;  // current version dated after as_of: look up what was in force
  sql.Stream(query, params, [&](const SqlRow& r) {
    WorkerIdentity w = ReadWorker(r);
    if (as_of && w.valid_from > day) {
      later.push_back(w.person_id);
      return;
    }
    fn(w);
  });
  // An older version may say the person lived elsewhere then: outside `units` it is not theirs.
  std::vector<std::string> sorted = units.value_or(std::vector<std::string>());
  std::sort(sorted.begin(), sorted.end());
  for (int64_t id : later)
    FindAsOf(sql, id, *as_of, [&](const WorkerIdentity& w) {
      if (!units || std::binary_search(sorted.begin(), sorted.end(), std::string(w.residence_unit)))
        fn(w);
    });
}

void FindWorkerIdentities(Store& store, const std::vector<int64_t>& person_ids,
                          const std::optional<Date>& as_of,
                          const std::function<void(const WorkerIdentity&)>& fn) {
  Sql& sql = store.sql();
  if (as_of) {
    for (int64_t id : person_ids) FindAsOf(sql, id, *as_of, fn);
    return;
  }
  constexpr size_t kChunk = 4096;
  for (size_t start = 0; start < person_ids.size(); start += kChunk) {
    std::vector<int64_t> chunk(person_ids.begin() + start,
                               person_ids.begin() + std::min(person_ids.size(), start + kChunk));
    sql.Query(std::string("SELECT ") + kWorkerColumns + " FROM worker_versions WHERE " +
                  CurrentCondition(sql) + " AND " + sql.InIntList("person_id", 1),
              {sql.IntList(chunk)}, [&](const SqlRow& r) { fn(ReadWorker(r)); });
  }
}

void ScanRegisterIdentities(Store& store, const std::optional<std::vector<std::string>>& units,
                            const std::function<void(const RegisterIdentity&)>& fn,
                            ScanColumns columns) {
  Sql& sql = store.sql();
  std::string query = std::string("SELECT ") +
                      (columns == ScanColumns::kAll ? kRegisterColumns : kRegisterIdentityColumns) +
                      " FROM register_people";
  SqlValues params;
  if (units) {
    query += " WHERE " + sql.InTextList("residence_unit", 1);
    params.push_back(sql.TextList(*units));
  }
  sql.Stream(query, params, [&](const SqlRow& r) { fn(ReadRegister(r)); });
}

void FindRegisterIdentities(Store& store, const std::vector<int64_t>& person_ids,
                            const std::function<void(const RegisterIdentity&)>& fn) {
  Sql& sql = store.sql();
  constexpr size_t kChunk = 4096;
  for (size_t start = 0; start < person_ids.size(); start += kChunk) {
    std::vector<int64_t> chunk(person_ids.begin() + start,
                               person_ids.begin() + std::min(person_ids.size(), start + kChunk));
    sql.Query(std::string("SELECT ") + kRegisterColumns + " FROM register_people WHERE " +
                  sql.InIntList("person_id", 1),
              {sql.IntList(chunk)}, [&](const SqlRow& r) { fn(ReadRegister(r)); });
  }
}

void ScanInsuranceIdentities(Store& store,
                             const std::function<void(const InsuranceIdentity&)>& fn) {
  store.sql().Stream(
      "SELECT coalesce(person_id, 0), bhxh, cccd, full_name, birth_date, sex, employer_tax_code, "
      "si_type, from_date, to_date FROM insurance_periods",
      {}, [&](const SqlRow& r) {
        InsuranceIdentity i;
        i.person_id = r.Int(0);
        i.bhxh = r.Text(1);
        i.cccd = r.Text(2);
        i.full_name = r.Text(3);
        i.birth_date = r.Text(4);
        i.sex = r.Text(5);
        i.employer_tax_code = r.Text(6);
        i.si_type = r.Text(7);
        i.from = r.Text(8);
        i.to = r.Text(9);
        fn(i);
      });
}

void ScanEnterpriseIdentities(Store& store,
                              const std::function<void(const EnterpriseIdentity&)>& fn) {
  store.sql().Stream(
      "SELECT tax_code, name, name_key, unit, address, main_industry, status, status_date, "
      "employees FROM enterprises",
      {}, [&](const SqlRow& r) {
        EnterpriseIdentity e;
        e.tax_code = r.Text(0);
        e.name = r.Text(1);
        e.name_key = r.Text(2);
        e.unit = r.Text(3);
        e.address = r.Text(4);
        e.main_industry = r.Text(5);
        e.status = r.Text(6);
        e.status_date = r.Text(7);
        e.employees = r.Text(8);
        fn(e);
      });
}

}  // namespace lmis
