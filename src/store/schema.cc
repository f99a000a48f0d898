#include "store/schema.h"

#include "core/worker.h"

namespace lmis {
namespace {

// The record's fields, one TEXT column each, named as in the exchange format.
std::string FieldColumns() {
  std::string cols;
  for (size_t i = 0; i < kWorkerFieldCount; ++i)
    cols.append("  ").append(InfoOf(static_cast<WorkerField>(i)).name).append(" TEXT,\n");
  return cols;
}

std::string InitialSchema() {
  return R"sql(
CREATE TABLE schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
);

-- Every version of every worker record; nothing is ever deleted. The current state of a person
-- is the version flagged is_current (the one with the latest valid_from, ties to the later
-- recorded). One table rather than versions + a current-state table: a bulk import then
-- appends rows and touches two small indexes, instead of also inserting into a second table
-- in random key order.
CREATE TABLE worker_versions (
  version_id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL,      -- CCCD as a number, or 10^12 + CMND
  seq INTEGER NOT NULL,            -- 1, 2, ... per person, in recording order
  is_current INTEGER NOT NULL,     -- 1 for the version in force now, else 0
  province_code TEXT NOT NULL,     -- 2025 province of the residence (partition key)
  change_source TEXT NOT NULL,     -- collection | admin_procedure | correction_request | ...
  actor TEXT NOT NULL,
  recorded_at TEXT NOT NULL,       -- RFC 3339 UTC
  valid_from TEXT NOT NULL,        -- YYYY-MM-DD the version speaks for
  import_id INTEGER,
  content_hash INTEGER NOT NULL,
  residence_unit TEXT NOT NULL,    -- current_unit, else permanent_unit
)sql" + FieldColumns() +
         R"sql(  CHECK (is_current IN (0, 1))
);
-- The CCCD index: a person's versions, and "is this CCCD known".
CREATE UNIQUE INDEX worker_versions_by_person ON worker_versions(person_id, seq);
-- Lists by commune, and by commune and labour-force status, of current records.
CREATE INDEX workers_by_unit_status ON worker_versions(residence_unit, lf_status)
  WHERE is_current = 1;

-- The current state, one row per person.
CREATE VIEW workers AS SELECT * FROM worker_versions WHERE is_current = 1;

CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  file TEXT NOT NULL,
  actor TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  rows INTEGER, created INTEGER, new_versions INTEGER, unchanged INTEGER, rejected_rows INTEGER,
  status TEXT NOT NULL
);
)sql";
}

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> all = {
      {1, "0001_worker_registry", InitialSchema()},
  };
  return all;
}

}  // namespace lmis
