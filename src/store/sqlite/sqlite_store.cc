#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <chrono>
#include <cstring>
#include <mutex>
#include <string_view>
#include <thread>

#include "core/text.h"
#include "store/report_facts.h"
#include "store/schema.h"
#include "store/sqlite/sqlite_sql.h"
#include "store/sqlite/sqlite_stmt.h"
#include "store/version_plan.h"

namespace lmis {
namespace {

// Columns read back for a version, in this order.
std::string VersionColumns(std::string_view prefix) {
  std::string cols;
  for (const char* c : {"person_id", "seq", "province_code", "change_source", "actor",
                        "recorded_at", "valid_from", "import_id", "closed", "residence_unit"}) {
    cols.append(prefix).append(c).append(", ");
  }
  for (size_t i = 0; i < kWorkerFieldCount; ++i) {
    cols.append(prefix).append(InfoOf(static_cast<WorkerField>(i)).name);
    if (i + 1 < kWorkerFieldCount) cols.append(", ");
  }
  return cols;
}
constexpr int kFirstFieldColumn = 10;

WorkerVersion ReadVersion(const SqliteStmt& s) {
  WorkerVersion v;
  v.person_id = s.Int(0);
  v.seq = static_cast<int>(s.Int(1));
  v.province_code = s.Text(2);
  if (auto src = ParseCode<ChangeSource>(s.Text(3))) v.meta.source = *src;
  v.meta.actor = s.Text(4);
  v.meta.recorded_at = s.Text(5);
  v.meta.valid_from = Date::Parse(s.Text(6)).value_or(Date{});
  v.meta.import_id = s.Int(7);
  v.closed = s.Text(8);
  v.residence_unit = s.Text(9);
  for (size_t i = 0; i < kWorkerFieldCount; ++i)
    v.cells[i] = s.Text(kFirstFieldColumn + static_cast<int>(i));
  return v;
}

constexpr const char* kUserColumns =
    "SELECT username, role, unit, coalesce(person_id, 0), password_hash, disabled, created_at, "
    "updated_at FROM users";

UserRecord ReadUser(const SqliteStmt& s) {
  return {s.Text(0), s.Text(1),     s.Text(2), s.Int(3),
          s.Text(4), s.Int(5) != 0, s.Text(6), s.Text(7)};
}

// Binds a user as ?1 username … ?8 updated_at, in the users table's column order.
SqliteStmt& BindUser(SqliteStmt& s, const UserRecord& u) {
  s.BindText(1, u.username).BindText(2, u.role).BindText(3, u.unit);
  if (u.person_id != 0) s.Bind(4, u.person_id);
  return s.BindText(5, u.password_hash)
      .Bind(6, u.disabled ? 1 : 0)
      .BindText(7, u.created_at)
      .BindText(8, u.updated_at);
}

// lmis_fold(text): FoldVietnamese in SQL, for migrations that fill name_key of stored rows.
void FoldFunction(sqlite3_context* ctx, int, sqlite3_value** args) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(args[0]));
  if (!text) return sqlite3_result_null(ctx);
  std::string folded =
      FoldVietnamese(std::string_view(text, static_cast<size_t>(sqlite3_value_bytes(args[0]))));
  sqlite3_result_text(ctx, folded.data(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

constexpr const char* kAuditColumns =
    "SELECT id, at, username, role, unit, action, outcome, coalesce(person_id, 0), "
    "coalesce(province_code, ''), coalesce(residence_unit, ''), detail, address FROM audit_log";

AuditEvent ReadAudit(const SqliteStmt& s) {
  return {s.Int(0),  s.Text(1), s.Text(2), s.Text(3), s.Text(4),  s.Text(5),
          s.Text(6), s.Int(7),  s.Text(8), s.Text(9), s.Text(10), s.Text(11)};
}

// Waits for a lock held by another connection: in short steps (the default busy handler sleeps
// up to 100 ms at a time, which a server's tail latency would show), for up to 10 s.
int WaitBriefly(void*, int attempt) {
  constexpr int kStepMicros = 200, kMaxAttempts = 10 * 1000 * 1000 / kStepMicros;
  if (attempt >= kMaxAttempts) return 0;
  // The holder usually commits within microseconds: look again soon, then less often.
  std::this_thread::sleep_for(std::chrono::microseconds(attempt < 5 ? 20 : kStepMicros));
  return 1;
}

class SqliteStore : public Store {
 public:
  SqliteStore(const std::string& path, const StoreOptions& options) {
    if (sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw StoreError("cannot open database " + path + ": " + msg);
    }
    sqlite3_busy_handler(db_, WaitBriefly, nullptr);
    // WAL keeps each committed transaction atomic across crashes; NORMAL sync is durable
    // against process kills (the WAL is in the OS cache) and loses at most the last
    // transactions on power loss, never consistency.
    Exec("PRAGMA journal_mode=WAL");
    Exec("PRAGMA synchronous=NORMAL");
    Exec("PRAGMA cache_size=-" + std::to_string(options.cache_bytes / 1024));
    Exec("PRAGMA temp_store=MEMORY");
    sqlite3_create_function_v2(db_, "lmis_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                               FoldFunction, nullptr, nullptr, nullptr);
  }
  ~SqliteStore() override {
    sql_.reset();
    current_.reset();
    writes_.reset();
    sqlite3_close(db_);
  }

  int SchemaVersion() override {
    SqliteStmt probe(db_, "SELECT count(*) FROM sqlite_master WHERE name='schema_migrations'");
    probe.Step();
    if (probe.Int(0) == 0) return 0;
    SqliteStmt s(db_, "SELECT coalesce(max(version), 0) FROM schema_migrations");
    s.Step();
    return static_cast<int>(s.Int(0));
  }

  int LatestSchemaVersion() const override { return static_cast<int>(Migrations().size()); }

  std::vector<std::string> Migrate() override {
    int current = SchemaVersion();
    const auto& all = Migrations();
    if (current > static_cast<int>(all.size()))
      throw StoreError("the database schema (version " + std::to_string(current) +
                       ") is newer than this lmis (" + std::to_string(all.size()) + ")");
    std::vector<std::string> applied;
    for (const Migration& m : all) {
      if (m.version <= current) continue;
      Exec("BEGIN IMMEDIATE");
      try {
        Exec(std::string(m.sqlite));
        SqliteStmt s(db_,
                     "INSERT INTO schema_migrations(version, name, applied_at) "
                     "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))");
        s.Bind(1, m.version).BindText(2, m.name).Run();
        Exec("COMMIT");
      } catch (...) {
        Rollback();
        throw;
      }
      applied.emplace_back(m.name);
    }
    return applied;
  }

  void Begin() override {
    facts_.Clear();
    Exec("BEGIN IMMEDIATE");
  }
  // The report aggregates are written last, once per transaction.
  void Commit() override {
    try {
      if (!facts_.empty()) facts_.Flush(sql());
    } catch (...) {
      Rollback();
      throw;
    }
    Exec("COMMIT");
  }
  void Rollback() override {
    facts_.Clear();
    if (!sqlite3_get_autocommit(db_)) Exec("ROLLBACK");
  }

  PutOutcome Put(const WorkerPut& put) override {
    // A put and its report aggregates commit together.
    if (sqlite3_get_autocommit(db_)) {
      Transaction transaction(*this);
      PutOutcome outcome = Put(put);
      transaction.Commit();
      return outcome;
    }
    if (!writes_) writes_ = std::make_unique<WriteStatements>(db_);
    std::vector<StoredVersion>& versions = writes_->scratch;
    ReadVersionKeys(put.person_id, &versions);
    if (versions.empty() && put.legacy_person_id != 0 && LinkLegacy(put)) return Put(put);
    std::string valid_from = put.meta.valid_from.ToString();
    PutPlan plan = PlanPut(versions, put.content_hash, valid_from);
    if (plan.outcome == PutOutcome::kUnchanged) return plan.outcome;
    const std::string_view key = StoredReportKey(put.closed, put.report_key);
    facts_.AddVersion(versions, valid_from, key);
    if (plan.retired >= 0) writes_->retire.Bind(1, versions[plan.retired].ref).Run();
    SqliteStmt& insert = writes_->insert_version;
    insert.Bind(1, put.person_id)
        .Bind(2, plan.seq)
        .Bind(3, plan.becomes_current ? 1 : 0)
        .BindText(4, put.province_code)
        .BindText(5, Slug(put.meta.source))
        .BindText(6, put.meta.actor)
        .BindText(7, put.meta.recorded_at)
        .BindText(8, valid_from)
        .Bind(9, put.meta.import_id)
        .Bind(10, static_cast<int64_t>(put.content_hash))
        .BindText(11, put.residence_unit)
        .BindCell(12, put.name_key)
        .BindCell(13, put.closed)
        .BindCell(14, key);
    for (size_t i = 0; i < kWorkerFieldCount; ++i)
      insert.BindCell(15 + static_cast<int>(i), put.cells[i]);
    insert.Run();
    return plan.outcome;
  }

  // The stored versions of a person, with their row ids as refs.
  void ReadVersionKeys(int64_t person_id, std::vector<StoredVersion>* out) {
    out->clear();
    SqliteStmt& s = writes_->versions;
    s.Bind(1, person_id);
    while (s.Step())
      out->push_back({static_cast<int>(s.Int(0)), s.Int(1) == 1, static_cast<uint64_t>(s.Int(3)),
                      s.Text(4), s.Int(2), s.Text(5)});
    s.Reset();
  }

  // Moves the versions of a person known until now only by CMND under their CCCD; false when
  // there is no such person.
  bool LinkLegacy(const WorkerPut& put) {
    SqliteStmt move(db_, "UPDATE worker_versions SET person_id = ? WHERE person_id = ?");
    move.Bind(1, put.person_id).Bind(2, put.legacy_person_id).Run();
    return sqlite3_changes(db_) > 0;
  }

  bool MovePerson(int64_t from, int64_t to) override {
    SqliteStmt taken(db_, "SELECT count(*) FROM worker_versions WHERE person_id = ?");
    taken.Bind(1, to);
    taken.Step();
    if (taken.Int(0) > 0) return false;
    SqliteStmt move(db_, "UPDATE worker_versions SET person_id = ? WHERE person_id = ?");
    move.Bind(1, to).Bind(2, from).Run();
    return sqlite3_changes(db_) > 0;
  }

  int64_t StartImport(const ImportRecord& r) override {
    SqliteStmt s(
        db_, "INSERT INTO imports(file, actor, started_at, status) VALUES (?, ?, ?, 'running')");
    s.BindText(1, r.file).BindText(2, r.actor).BindText(3, r.started_at).Run();
    return sqlite3_last_insert_rowid(db_);
  }

  void FinishImport(int64_t id, const ImportRecord& r) override {
    SqliteStmt s(db_,
                 "UPDATE imports SET finished_at = ?, rows = ?, created = ?, new_versions = ?, "
                 "unchanged = ?, rejected_rows = ?, status = ? WHERE id = ?");
    s.BindText(1, r.finished_at)
        .Bind(2, r.rows)
        .Bind(3, r.created)
        .Bind(4, r.new_versions)
        .Bind(5, r.unchanged)
        .Bind(6, r.rejected_rows)
        .BindText(7, r.failed      ? "failed"
                     : r.committed ? "committed"
                                   : "rolled_back")
        .Bind(8, id)
        .Run();
  }

  // The server's most frequent query: prepared once per connection.
  std::optional<WorkerVersion> Current(int64_t person_id) override {
    if (!current_)
      current_ = std::make_unique<SqliteStmt>(
          db_, "SELECT " + VersionColumns("") +
                   " FROM worker_versions WHERE person_id = ? AND is_current = 1");
    SqliteStmt& s = *current_;
    s.Bind(1, person_id);
    std::optional<WorkerVersion> v;
    if (s.Step()) v = ReadVersion(s);
    s.Reset();
    return v;
  }

  std::optional<WorkerVersion> AsOf(int64_t person_id, const Date& date) override {
    SqliteStmt s(db_, "SELECT " + VersionColumns("") +
                          " FROM worker_versions WHERE person_id = ? AND valid_from <= ? "
                          "ORDER BY valid_from DESC, seq DESC LIMIT 1");
    s.Bind(1, person_id).BindText(2, date.ToString());
    if (!s.Step()) return std::nullopt;
    return ReadVersion(s);
  }

  std::vector<WorkerVersion> History(int64_t person_id) override {
    SqliteStmt s(db_, "SELECT " + VersionColumns("") +
                          " FROM worker_versions WHERE person_id = ? ORDER BY seq");
    s.Bind(1, person_id);
    std::vector<WorkerVersion> out;
    while (s.Step()) out.push_back(ReadVersion(s));
    return out;
  }

  void Scan(const WorkerQuery& q, const std::function<void(const WorkerVersion&)>& fn) override {
    if (q.residence_units) FillQueryUnits(*q.residence_units);
    std::string sql;
    if (q.as_of) {
      sql = "SELECT " + VersionColumns("v.") +
            " FROM worker_versions v WHERE v.valid_from <= ?1 AND v.version_id = "
            "(SELECT v2.version_id FROM worker_versions v2 WHERE v2.person_id = v.person_id "
            "AND v2.valid_from <= ?1 ORDER BY v2.valid_from DESC, v2.seq DESC LIMIT 1)";
      if (q.residence_units) sql += " AND v.residence_unit IN (SELECT code FROM temp.query_units)";
      if (q.lf_status) sql += " AND v.lf_status = ?2";
      sql += " ORDER BY v.person_id";
    } else {
      sql = "SELECT " + VersionColumns("v.") + " FROM worker_versions v WHERE v.is_current = 1";
      if (q.residence_units) sql += " AND v.residence_unit IN (SELECT code FROM temp.query_units)";
      if (q.lf_status) sql += " AND v.lf_status = ?2";
      sql += " ORDER BY v.person_id";
    }
    SqliteStmt s(db_, sql);
    if (q.as_of) s.BindText(1, q.as_of->ToString());
    if (q.lf_status) s.BindText(2, *q.lf_status);
    while (s.Step()) fn(ReadVersion(s));
  }

  bool AddUser(const UserRecord& u) override {
    SqliteStmt s(db_,
                 "INSERT INTO users(username, role, unit, person_id, password_hash, disabled, "
                 "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                 "ON CONFLICT(username) DO NOTHING");
    BindUser(s, u).Run();
    return sqlite3_changes(db_) > 0;
  }

  bool UpdateUser(const UserRecord& u) override {
    SqliteStmt s(db_,
                 "UPDATE users SET role = ?2, unit = ?3, person_id = ?4, password_hash = ?5, "
                 "disabled = ?6, updated_at = ?8 WHERE username = ?1");
    BindUser(s, u).Run();
    return sqlite3_changes(db_) > 0;
  }

  std::optional<UserRecord> FindUser(const std::string& username) override {
    SqliteStmt s(db_, std::string(kUserColumns) + " WHERE username = ?");
    s.BindText(1, username);
    if (!s.Step()) return std::nullopt;
    return ReadUser(s);
  }

  std::vector<UserRecord> ListUsers() override {
    SqliteStmt s(db_, std::string(kUserColumns) + " ORDER BY username");
    std::vector<UserRecord> out;
    while (s.Step()) out.push_back(ReadUser(s));
    return out;
  }

  std::vector<WorkerVersion> Search(const WorkerSearch& q) override {
    if (q.residence_units) FillQueryUnits(*q.residence_units);
    std::string sql = "SELECT " + VersionColumns("") + " FROM worker_versions WHERE is_current = 1";
    if (q.residence_units) sql += " AND residence_unit IN (SELECT code FROM temp.query_units)";
    if (q.lf_status) sql += " AND lf_status = ?1";
    if (q.sex) sql += " AND sex = ?2";
    if (q.born_on_or_after) sql += " AND birth_date >= ?3";
    if (q.born_on_or_before) sql += " AND birth_date <= ?4";
    if (q.name_prefix) sql += " AND name_key >= ?5 AND name_key < ?5 || char(1114111)";
    if (!q.include_closed) sql += " AND closed IS NULL";
    sql += " AND person_id > ?6 ORDER BY person_id LIMIT ?7";
    SqliteStmt s(db_, sql);
    if (q.lf_status) s.BindText(1, *q.lf_status);
    if (q.sex) s.BindText(2, *q.sex);
    if (q.born_on_or_after) s.BindText(3, *q.born_on_or_after);
    if (q.born_on_or_before) s.BindText(4, *q.born_on_or_before);
    if (q.name_prefix) s.BindText(5, *q.name_prefix);
    s.Bind(6, q.after_person_id).Bind(7, q.limit);
    std::vector<WorkerVersion> out;
    while (s.Step()) out.push_back(ReadVersion(s));
    return out;
  }

  void AddSession(const SessionRecord& r) override {
    SqliteStmt s(db_,
                 "INSERT INTO sessions(token_hash, username, created_at, expires_at, revoked_at, "
                 "address) VALUES (?, ?, ?, ?, NULL, ?)");
    s.BindText(1, r.token_hash)
        .BindText(2, r.username)
        .Bind(3, r.created_at)
        .Bind(4, r.expires_at)
        .BindText(5, r.address)
        .Run();
  }

  std::optional<SessionRecord> FindSession(const std::string& token_hash) override {
    SqliteStmt s(db_,
                 "SELECT token_hash, username, created_at, expires_at, coalesce(revoked_at, 0), "
                 "address FROM sessions WHERE token_hash = ?");
    s.BindText(1, token_hash);
    if (!s.Step()) return std::nullopt;
    return SessionRecord{s.Text(0), s.Text(1), s.Int(2), s.Int(3), s.Int(4), s.Text(5)};
  }

  bool RevokeSession(const std::string& token_hash, int64_t at) override {
    SqliteStmt s(db_,
                 "UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL");
    s.Bind(1, at).BindText(2, token_hash).Run();
    return sqlite3_changes(db_) > 0;
  }

  int64_t RevokeSessionsOf(const std::string& username, int64_t at) override {
    SqliteStmt s(db_,
                 "UPDATE sessions SET revoked_at = ? WHERE username = ? AND revoked_at IS NULL");
    s.Bind(1, at).BindText(2, username).Run();
    return sqlite3_changes(db_);
  }

  void AppendAudit(std::span<const AuditEvent> events) override {
    const bool own_transaction = sqlite3_get_autocommit(db_) != 0;
    if (own_transaction) Begin();
    try {
      SqliteStmt s(db_,
                   "INSERT INTO audit_log(at, username, role, unit, action, outcome, person_id, "
                   "province_code, residence_unit, detail, address) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      for (const AuditEvent& e : events) {
        s.BindText(1, e.at)
            .BindText(2, e.username)
            .BindText(3, e.role)
            .BindText(4, e.unit)
            .BindText(5, e.action)
            .BindText(6, e.outcome);
        if (e.person_id != 0) s.Bind(7, e.person_id);
        s.BindCell(8, e.province_code)
            .BindCell(9, e.residence_unit)
            .BindText(10, e.detail)
            .BindText(11, e.address)
            .Run();
      }
    } catch (...) {
      if (own_transaction) Rollback();
      throw;
    }
    if (own_transaction) Commit();
  }

  std::vector<AuditEvent> QueryAudit(const AuditQuery& q) override {
    if (q.residence_units) FillQueryUnits(*q.residence_units);
    std::string sql = std::string(kAuditColumns) + " WHERE 1 = 1";
    if (q.residence_units) sql += " AND residence_unit IN (SELECT code FROM temp.query_units)";
    if (q.person_id) sql += " AND person_id = ?1";
    if (q.username) sql += " AND username = ?2";
    if (q.action) sql += " AND action = ?3";
    if (q.since) sql += " AND at >= ?4";
    if (q.until) sql += " AND at < ?5";
    if (q.before_id > 0) sql += " AND id < ?6";
    sql += " ORDER BY id DESC LIMIT ?7";
    SqliteStmt s(db_, sql);
    if (q.person_id) s.Bind(1, *q.person_id);
    if (q.username) s.BindText(2, *q.username);
    if (q.action) s.BindText(3, *q.action);
    if (q.since) s.BindText(4, *q.since);
    if (q.until) s.BindText(5, *q.until);
    if (q.before_id > 0) s.Bind(6, q.before_id);
    s.Bind(7, q.limit);
    std::vector<AuditEvent> out;
    while (s.Step()) out.push_back(ReadAudit(s));
    return out;
  }

  int64_t CountWorkers() override {
    return Count("SELECT count(*) FROM worker_versions WHERE is_current = 1");
  }
  int64_t CountVersions() override { return Count("SELECT count(*) FROM worker_versions"); }

  Sql& sql() override {
    if (!sql_) sql_ = std::make_unique<SqliteSql>(db_);
    return *sql_;
  }

  std::string IntegrityCheck() override {
    SqliteStmt s(db_, "PRAGMA integrity_check");
    std::string out;
    while (s.Step()) {
      if (!out.empty()) out += "\n";
      out += s.Text(0);
    }
    if (out != "ok" || SchemaVersion() == 0) return out;
    return RegistryCheck([this](const std::string& sql) { return Count(sql.c_str()); });
  }

 private:
  // The units a query is limited to, as the temporary table query_units.
  void FillQueryUnits(const std::vector<std::string>& units) {
    Exec("CREATE TEMP TABLE IF NOT EXISTS query_units(code TEXT PRIMARY KEY)");
    Exec("DELETE FROM temp.query_units");
    SqliteStmt add(db_, "INSERT OR IGNORE INTO temp.query_units(code) VALUES (?)");
    for (const std::string& u : units) add.BindText(1, u).Run();
  }

  void Exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      throw StoreError("SQLite: " + msg);
    }
  }

  int64_t Count(const char* sql) {
    SqliteStmt s(db_, sql);
    s.Step();
    return s.Int(0);
  }

  static const std::string& InsertVersionSql() {
    static const std::string sql = [] {
      std::string cols =
          "person_id, seq, is_current, province_code, change_source, actor, recorded_at, "
          "valid_from, import_id, content_hash, residence_unit, name_key, closed, report_key";
      std::string params = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
      for (size_t i = 0; i < kWorkerFieldCount; ++i) {
        cols.append(", ").append(InfoOf(static_cast<WorkerField>(i)).name);
        params.append(", ?");
      }
      return "INSERT INTO worker_versions(" + cols + ") VALUES (" + params + ")";
    }();
    return sql;
  }

  // The statements of Put, prepared once (after the schema exists).
  struct WriteStatements {
    explicit WriteStatements(sqlite3* db)
        : versions(db,
                   "SELECT seq, is_current, version_id, content_hash, valid_from, "
                   "coalesce(report_key, '') FROM worker_versions WHERE person_id = ?"),
          retire(db, "UPDATE worker_versions SET is_current = 0 WHERE version_id = ?"),
          insert_version(db, InsertVersionSql()) {}
    SqliteStmt versions, retire, insert_version;
    std::vector<StoredVersion> scratch;
  };

  sqlite3* db_ = nullptr;
  std::unique_ptr<WriteStatements> writes_;
  std::unique_ptr<SqliteStmt> current_;
  std::unique_ptr<SqliteSql> sql_;
  // Report aggregate changes of the open transaction, written at Commit.
  ReportFactsBuffer facts_;
};

}  // namespace

std::unique_ptr<Store> OpenSqliteStore(const std::string& path, const StoreOptions& options) {
  // Memory statistics take a global mutex on every allocation; nothing here reads them.
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  return std::make_unique<SqliteStore>(path, options);
}

}  // namespace lmis
