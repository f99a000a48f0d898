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

-- Every version of every worker record. A version is never changed once written.
CREATE TABLE worker_versions (
  version_id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL,      -- CCCD as a number, or 10^12 + CMND
  seq INTEGER NOT NULL,            -- 1, 2, ... per person, in recording order
  province_code TEXT NOT NULL,     -- 2025 province of the residence (partition key)
  change_source TEXT NOT NULL,     -- collection | admin_procedure | correction_request | ...
  actor TEXT NOT NULL,
  recorded_at TEXT NOT NULL,       -- RFC 3339 UTC
  valid_from TEXT NOT NULL,        -- YYYY-MM-DD the version speaks for
  import_id INTEGER,
  content_hash INTEGER NOT NULL,
  residence_unit TEXT NOT NULL,    -- current_unit, else permanent_unit
)sql" + FieldColumns() +
         R"sql(  UNIQUE (person_id, seq)
);

-- The current state: one row per person, pointing at its current version. person_id is the
-- rowid, so a CCCD lookup is a primary-key lookup.
CREATE TABLE workers (
  person_id INTEGER PRIMARY KEY,
  province_code TEXT NOT NULL,
  current_version INTEGER NOT NULL,
  current_seq INTEGER NOT NULL,
  content_hash INTEGER NOT NULL,
  valid_from TEXT NOT NULL,
  residence_unit TEXT NOT NULL,
  lf_status TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'active',
  updated_at TEXT NOT NULL
);
CREATE INDEX workers_by_unit ON workers(residence_unit, lf_status);
CREATE INDEX workers_by_status ON workers(lf_status);

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
