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

// The same registry on PostgreSQL. worker_versions is LIST-partitioned by the 2025 province of
// the residence; province_code is part of every unique key, so that Citus can distribute the
// table by it unchanged. Unique indexes live on the partitions, not the parent: a partitioned
// table with a unique index cannot take a postgres_fdw foreign table as a partition.
std::string InitialPostgresSchema() {
  std::string sql = R"sql(
CREATE TABLE schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE worker_versions (
  person_id bigint NOT NULL,
  seq integer NOT NULL,
  is_current boolean NOT NULL,
  province_code text NOT NULL,
  change_source text NOT NULL,
  actor text NOT NULL,
  recorded_at timestamptz NOT NULL,
  valid_from date NOT NULL,
  import_id bigint,
  content_hash bigint NOT NULL,
  residence_unit text NOT NULL,
)sql" + FieldColumns() +
                    R"sql(  CHECK (seq > 0)
) PARTITION BY LIST (province_code);
CREATE INDEX workers_by_unit_status ON worker_versions(residence_unit, lf_status)
  WHERE is_current;
)sql";
  auto partition = [&](const std::string& name, const std::string& bounds) {
    sql += "CREATE TABLE " + name + " PARTITION OF worker_versions " + bounds + ";\n";
    sql += "CREATE UNIQUE INDEX " + name + "_key ON " + name + "(person_id, seq, province_code);\n";
  };
  for (std::string_view p : PartitionProvinces())
    partition("worker_versions_p" + std::string(p), "FOR VALUES IN ('" + std::string(p) + "')");
  partition("worker_versions_other", "DEFAULT");
  sql += R"sql(
CREATE VIEW workers AS SELECT * FROM worker_versions WHERE is_current;

CREATE TABLE imports (
  id bigserial PRIMARY KEY,
  file text NOT NULL,
  actor text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  rows bigint, created bigint, new_versions bigint, unchanged bigint, rejected_rows bigint,
  status text NOT NULL
);
)sql";
  return sql;
}

// Users of the server and the command line. Not person-linked: a worker's account names their
// record by person_id, but holds none of its content.
std::string UsersSchema(bool postgres) {
  std::string id = postgres ? "bigserial PRIMARY KEY" : "INTEGER PRIMARY KEY";
  std::string flag = postgres ? "boolean NOT NULL DEFAULT false" : "INTEGER NOT NULL DEFAULT 0";
  std::string time = postgres ? "timestamptz" : "TEXT";
  return "CREATE TABLE users (\n"
         "  id " +
         id +
         ",\n"
         "  username TEXT NOT NULL UNIQUE,\n"
         "  role TEXT NOT NULL,\n"
         "  unit TEXT NOT NULL,\n"
         "  person_id " +
         std::string(postgres ? "bigint" : "INTEGER") +
         ",\n"
         "  password_hash TEXT NOT NULL,\n"
         "  disabled " +
         flag +
         ",\n"
         "  created_at " +
         time +
         " NOT NULL,\n"
         "  updated_at " +
         time +
         " NOT NULL\n"
         ");\n";
}

// PostgreSQL SQL folding a name as FoldVietnamese does for Vietnamese text: lower case, tones
// and marks dropped, đ → d, spaces collapsed. Only the backfill of rows stored before 0003
// uses it; lmis computes name_key itself for every row it writes.
std::string PostgresFoldExpression(const std::string& column) {
  static const char* kFrom =
      "áàảãạăắằẳẵặâấầẩẫậđéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵ"
      "ÁÀẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬĐÉÈẺẼẸÊẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÚÙỦŨỤƯỨỪỬỮỰÝỲỶỸỴ";
  static const char* kTo =
      "aaaaaaaaaaaaaaaaadeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyy"
      "aaaaaaaaaaaaaaaaadeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyy";
  return "regexp_replace(btrim(lower(translate(" + column + ", '" + kFrom + "', '" + kTo +
         "'))), '\\s+', ' ', 'g')";
}

// Sign-in sessions, the audit log, and what searching and closing records need: a folded
// name per version (indexed within a commune for current records) and the closing reason.
std::string SessionsAuditSchema(bool postgres) {
  const std::string name_key = postgres ? "text COLLATE \"C\"" : "TEXT";
  const std::string fold =
      postgres ? PostgresFoldExpression("full_name") : std::string("lmis_fold(full_name)");
  const std::string current = postgres ? "is_current" : "is_current = 1";
  const std::string big = postgres ? "bigint" : "INTEGER";
  std::string sql =
      "ALTER TABLE worker_versions ADD COLUMN name_key " + name_key + ";\n" +
      "ALTER TABLE worker_versions ADD COLUMN closed TEXT;\n" +
      "UPDATE worker_versions SET name_key = " + fold + " WHERE full_name IS NOT NULL;\n" +
      "CREATE INDEX workers_by_unit_name ON worker_versions(residence_unit, name_key) WHERE " +
      current + ";\n" +
      "CREATE TABLE sessions (\n"
      "  token_hash TEXT PRIMARY KEY,  -- hex SHA-256 of the token; the token is never stored\n"
      "  username TEXT NOT NULL,\n"
      "  created_at " +
      big +
      " NOT NULL,  -- Unix seconds\n"
      "  expires_at " +
      big +
      " NOT NULL,\n"
      "  revoked_at " +
      big +
      ",\n"
      "  address TEXT NOT NULL DEFAULT ''\n"
      ");\n"
      "CREATE INDEX sessions_by_user ON sessions(username);\n"
      "CREATE TABLE audit_log (\n"
      "  id " +
      std::string(postgres ? "bigserial PRIMARY KEY" : "INTEGER PRIMARY KEY") + ",\n" + "  at " +
      std::string(postgres ? "timestamptz" : "TEXT") + " NOT NULL,\n" +
      "  username TEXT NOT NULL,\n"
      "  role TEXT NOT NULL,\n"
      "  unit TEXT NOT NULL,\n"
      "  action TEXT NOT NULL,\n"
      "  outcome TEXT NOT NULL,\n"
      "  person_id " +
      big + ",\n" +
      "  province_code TEXT,\n"
      "  residence_unit TEXT,\n"
      "  detail TEXT NOT NULL DEFAULT '',\n"
      "  address TEXT NOT NULL DEFAULT ''\n"
      ");\n"
      "CREATE INDEX audit_by_person ON audit_log(person_id, id);\n"
      "CREATE INDEX audit_by_unit ON audit_log(residence_unit, id);\n";
  if (postgres) {
    sql +=
        "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;\n"
        "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log\n"
        "  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();\n"
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log\n"
        "  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();\n";
  } else {
    sql +=
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\n"
        "  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;\n"
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log\n"
        "  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;\n";
  }
  return sql;
}

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> all = {
      {1, "0001_worker_registry", InitialSchema(), InitialPostgresSchema()},
      {2, "0002_users", UsersSchema(false), UsersSchema(true)},
      {3, "0003_sessions_audit", SessionsAuditSchema(false), SessionsAuditSchema(true)},
      RegistersMigration(),
      CollectMigration(),
      ReportsMigration(),
  };
  return all;
}

const std::vector<std::string_view>& PartitionProvinces() {
  static const std::vector<std::string_view> codes = {
      "01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25",
      "31", "33", "37", "38", "40", "42", "44", "46", "48", "51", "52", "56",
      "66", "68", "75", "79", "80", "82", "86", "91", "92", "96"};
  return codes;
}

std::string RegistryCheck(const std::function<int64_t(const std::string& sql)>& count) {
  std::string problems;
  auto expect_none = [&](const std::string& sql, const std::string& what) {
    int64_t n = count(sql);
    if (n == 0) return;
    if (!problems.empty()) problems += "\n";
    problems += std::to_string(n) + " " + what;
  };
  expect_none(
      "SELECT count(*) FROM (SELECT person_id FROM worker_versions GROUP BY person_id "
      "HAVING count(CASE WHEN is_current THEN 1 END) <> 1) x",
      "persons without exactly one current version");
  expect_none(
      "SELECT count(*) FROM (SELECT person_id, seq FROM worker_versions GROUP BY person_id, seq "
      "HAVING count(*) > 1) x",
      "duplicate (person_id, seq) versions");
  return problems.empty() ? "ok" : problems;
}

}  // namespace lmis
