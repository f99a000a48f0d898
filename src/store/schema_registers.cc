// Migration 0004: the extracts of other registers (population, social insurance, enterprises),
// what changed in them from one extract to the next, and the linkage proposals of
// reconciliation. The extract tables' columns follow core/extract.h, so the schema and the
// exchange format cannot drift apart.
#include "core/extract.h"
#include "store/schema.h"

namespace lmis {
namespace {

std::string ExtractColumns(const ExtractFormat& f) {
  std::string cols;
  for (const ExtractColumn& c : f.columns) cols.append("  ").append(c.sql_name).append(" TEXT,\n");
  return cols;
}

// Bookkeeping every extract table carries: its content hash (change detection), the runs that
// first brought and last changed the row, and when.
constexpr const char* kBookkeeping =
    "  content_hash BIGINT NOT NULL,\n"
    "  first_run BIGINT NOT NULL,\n"
    "  run_id BIGINT NOT NULL,\n"
    "  updated_at TEXT NOT NULL,\n";

std::string PopulationTable(bool postgres) {
  const ExtractFormat& f = FormatOf(ExtractKind::kPopulation);
  std::string sql =
      "-- The population register as last extracted: one row per person (CCCD).\n"
      "CREATE TABLE register_people (\n"
      "  person_id BIGINT NOT NULL,      -- the CCCD as a number, as in worker_versions\n"
      "  province_code TEXT NOT NULL,    -- 2025 province of the residence (partition key)\n"
      "  residence_unit TEXT NOT NULL,   -- UnitKey: current_unit, else permanent_unit\n"
      "  name_key TEXT,                  -- FoldVietnamese(full_name), for linkage blocking\n" +
      std::string(kBookkeeping) + ExtractColumns(f);
  if (!postgres)
    return sql + "  PRIMARY KEY (person_id)\n) WITHOUT ROWID;\n" +
           "CREATE INDEX register_by_unit ON register_people(residence_unit, household_id);\n";
  sql += "  CHECK (person_id > 0)\n) PARTITION BY LIST (province_code);\n";
  sql += "CREATE INDEX register_by_unit ON register_people(residence_unit, household_id);\n";
  auto partition = [&](const std::string& name, const std::string& bounds) {
    sql += "CREATE TABLE " + name + " PARTITION OF register_people " + bounds + ";\n";
    sql += "CREATE UNIQUE INDEX " + name + "_key ON " + name + "(person_id, province_code);\n";
  };
  for (std::string_view p : PartitionProvinces())
    partition("register_people_p" + std::string(p), "FOR VALUES IN ('" + std::string(p) + "')");
  partition("register_people_other", "DEFAULT");
  return sql;
}

std::string InsuranceTable() {
  return "-- Social-insurance participation periods as last extracted.\n"
         "CREATE TABLE insurance_periods (\n"
         "  row_key TEXT PRIMARY KEY,          -- bhxh|employer_tax_code|from\n"
         "  person_id BIGINT,               -- the CCCD as a number, when given\n" +
         std::string(kBookkeeping) + ExtractColumns(FormatOf(ExtractKind::kInsurance)) +
         "  CHECK (row_key <> '')\n);\n"
         "CREATE INDEX insurance_by_person ON insurance_periods(person_id);\n"
         "CREATE INDEX insurance_by_bhxh ON insurance_periods(bhxh);\n";
}

std::string EnterprisesTable() {
  return "-- The enterprise register as last extracted: one row per tax code.\n"
         "CREATE TABLE enterprises (\n"
         "  row_key TEXT PRIMARY KEY,          -- the tax code\n"
         "  name_key TEXT,                  -- FoldVietnamese(name)\n" +
         std::string(kBookkeeping) + ExtractColumns(FormatOf(ExtractKind::kEnterprises)) +
         "  CHECK (row_key <> '')\n);\n";
}

std::string RegistersSchema(bool postgres) {
  const std::string id = postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY";
  return "-- One row per import of an extract.\n"
         "CREATE TABLE extract_runs (\n"
         "  id " +
         id +
         ",\n"
         "  kind TEXT NOT NULL,             -- population | insurance | enterprises\n"
         "  file TEXT NOT NULL,\n"
         "  actor TEXT NOT NULL,\n"
         "  started_at TEXT NOT NULL,\n"
         "  finished_at TEXT,\n"
         "  newest_extract_date TEXT,\n"
         "  rows_read BIGINT, added BIGINT, changed BIGINT, unchanged BIGINT, stale BIGINT,\n"
         "  rejected BIGINT, warnings BIGINT,\n"
         "  status TEXT NOT NULL            -- running | committed | rolled_back | failed\n"
         ");\n" +
         PopulationTable(postgres) + InsuranceTable() + EnterprisesTable() +
         "-- What a newer extract changed, one row per changed column (append-only).\n"
         "CREATE TABLE register_changes (\n"
         "  id " +
         id +
         ",\n"
         "  kind TEXT NOT NULL,\n"
         "  row_key TEXT NOT NULL,\n"
         "  person_id BIGINT,\n"
         "  residence_unit TEXT,            -- where the person lives after the change\n"
         "  run_id BIGINT NOT NULL,\n"
         "  at TEXT NOT NULL,\n"
         "  field TEXT NOT NULL,\n"
         "  old_value TEXT,\n"
         "  new_value TEXT\n"
         ");\n"
         "CREATE INDEX register_changes_by_key ON register_changes(kind, row_key, id);\n"
         "CREATE INDEX register_changes_by_run ON register_changes(run_id);\n"
         "-- Probabilistic linkage: a worker record with a missing or mistyped CCCD and the\n"
         "-- register person it probably is, with the score, the reasons and the decision.\n"
         "CREATE TABLE linkage_proposals (\n"
         "  id " +
         id +
         ",\n"
         "  worker_person_id BIGINT NOT NULL,   -- the record's person id (mistyped CCCD or CMND)\n"
         "  register_person_id BIGINT NOT NULL,\n"
         "  score_centi BIGINT NOT NULL,        -- log2 likelihood ratio × 100\n"
         "  reasons TEXT NOT NULL,              -- JSON: per compared field, outcome and weight\n"
         "  residence_unit TEXT NOT NULL,       -- the worker record's residence (UnitKey)\n"
         "  register_unit TEXT NOT NULL,        -- the register person's residence (UnitKey)\n"
         "  state TEXT NOT NULL,                -- proposed | accepted | rejected | superseded\n"
         "  proposed_at TEXT NOT NULL,\n"
         "  proposed_by TEXT NOT NULL,\n"
         "  decided_at TEXT,\n"
         "  decided_by TEXT,\n"
         "  note TEXT\n"
         ");\n"
         "CREATE UNIQUE INDEX linkage_by_pair ON linkage_proposals(worker_person_id, "
         "register_person_id);\n"
         "CREATE INDEX linkage_by_register ON linkage_proposals(register_person_id);\n"
         "CREATE INDEX linkage_by_unit ON linkage_proposals(residence_unit, state);\n";
}

}  // namespace

Migration RegistersMigration() {
  return {4, "0004_registers_linkage", RegistersSchema(false), RegistersSchema(true)};
}

}  // namespace lmis
