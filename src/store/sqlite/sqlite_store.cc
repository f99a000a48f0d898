#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <cstring>
#include <string_view>
#include <unordered_map>

#include "store/schema.h"

namespace lmis {
namespace {

// A prepared statement, reset after each use.
class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt_, nullptr) != SQLITE_OK)
      throw StoreError(std::string("SQL error: ") + sqlite3_errmsg(db) + " in: " + std::string(sql));
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& Bind(int i, int64_t v) {
    Check(sqlite3_bind_int64(stmt_, i, v));
    return *this;
  }
  Stmt& BindText(int i, std::string_view v) {
    Check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
    return *this;
  }
  // Binds a record cell: an absent (empty) one as NULL.
  Stmt& BindCell(int i, std::string_view v) {
    if (v.empty()) {
      Check(sqlite3_bind_null(stmt_, i));
      return *this;
    }
    return BindText(i, v);
  }
  // Steps once: true while a row is available.
  bool Step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw StoreError(std::string("SQLite: ") + sqlite3_errmsg(db_));
  }
  void Run() {
    Step();
    Reset();
  }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string Text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
  }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK) throw StoreError(std::string("SQLite bind: ") + sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Columns read back for a version, in this order.
std::string VersionColumns(std::string_view prefix) {
  std::string cols;
  for (const char* c : {"person_id", "seq", "province_code", "change_source", "actor",
                        "recorded_at", "valid_from", "import_id"}) {
    cols.append(prefix).append(c).append(", ");
  }
  for (size_t i = 0; i < kWorkerFieldCount; ++i) {
    cols.append(prefix).append(InfoOf(static_cast<WorkerField>(i)).name);
    if (i + 1 < kWorkerFieldCount) cols.append(", ");
  }
  return cols;
}
constexpr int kFirstFieldColumn = 8;

WorkerVersion ReadVersion(const Stmt& s) {
  WorkerVersion v;
  v.person_id = s.Int(0);
  v.seq = static_cast<int>(s.Int(1));
  v.province_code = s.Text(2);
  if (auto src = ParseCode<ChangeSource>(s.Text(3))) v.meta.source = *src;
  v.meta.actor = s.Text(4);
  v.meta.recorded_at = s.Text(5);
  v.meta.valid_from = Date::Parse(s.Text(6)).value_or(Date{});
  v.meta.import_id = s.Int(7);
  for (size_t i = 0; i < kWorkerFieldCount; ++i) v.cells[i] = s.Text(kFirstFieldColumn + static_cast<int>(i));
  return v;
}

class SqliteStore : public Store {
 public:
  explicit SqliteStore(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw StoreError("cannot open database " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 10000);
    // WAL keeps each committed transaction atomic across crashes; NORMAL sync is durable
    // against process kills (the WAL is in the OS cache) and loses at most the last
    // transactions on power loss, never consistency.
    Exec("PRAGMA journal_mode=WAL");
    Exec("PRAGMA synchronous=NORMAL");
    Exec("PRAGMA cache_size=-262144");
    Exec("PRAGMA temp_store=MEMORY");
  }
  ~SqliteStore() override {
    statements_.clear();
    sqlite3_close(db_);
  }

  int SchemaVersion() override {
    Stmt probe(db_, "SELECT count(*) FROM sqlite_master WHERE name='schema_migrations'");
    probe.Step();
    if (probe.Int(0) == 0) return 0;
    Stmt s(db_, "SELECT coalesce(max(version), 0) FROM schema_migrations");
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
        Stmt s(db_,
               "INSERT INTO schema_migrations(version, name, applied_at) "
               "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))");
        s.Bind(1, m.version).BindText(2, m.name).Run();
        Exec("COMMIT");
      } catch (...) {
        Exec("ROLLBACK");
        throw;
      }
      applied.emplace_back(m.name);
    }
    return applied;
  }

  void Begin() override { Exec("BEGIN IMMEDIATE"); }
  void Commit() override { Exec("COMMIT"); }
  void Rollback() override { Exec("ROLLBACK"); }

  PutOutcome Put(const WorkerPut& put) override {
    Stmt& find = Prepared(
        "SELECT current_seq, content_hash, valid_from, current_version FROM workers "
        "WHERE person_id = ?");
    find.Bind(1, put.person_id);
    bool exists = find.Step();
    int64_t seq = exists ? find.Int(0) : 0;
    int64_t hash = exists ? find.Int(1) : 0;
    std::string current_valid_from = exists ? find.Text(2) : "";
    find.Reset();
    if (exists && hash == static_cast<int64_t>(put.content_hash)) return PutOutcome::kUnchanged;

    std::string valid_from = put.meta.valid_from.ToString();
    int64_t max_seq = exists ? MaxSeq(put.person_id) : 0;
    Stmt& insert = Prepared(InsertVersionSql());
    insert.Bind(1, put.person_id)
        .Bind(2, max_seq + 1)
        .BindText(3, put.province_code)
        .BindText(4, Slug(put.meta.source))
        .BindText(5, put.meta.actor)
        .BindText(6, put.meta.recorded_at)
        .BindText(7, valid_from)
        .Bind(8, put.meta.import_id)
        .Bind(9, static_cast<int64_t>(put.content_hash))
        .BindText(10, put.residence_unit);
    for (size_t i = 0; i < kWorkerFieldCount; ++i) insert.BindCell(11 + static_cast<int>(i), (*put.cells)[i]);
    insert.Run();
    int64_t version_id = sqlite3_last_insert_rowid(db_);

    if (!exists) {
      Stmt& add = Prepared(
          "INSERT INTO workers(person_id, province_code, current_version, current_seq, "
          "content_hash, valid_from, residence_unit, lf_status, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
      add.Bind(1, put.person_id)
          .BindText(2, put.province_code)
          .Bind(3, version_id)
          .Bind(4, 1)
          .Bind(5, static_cast<int64_t>(put.content_hash))
          .BindText(6, valid_from)
          .BindText(7, put.residence_unit)
          .BindText(8, put.lf_status)
          .BindText(9, put.meta.recorded_at)
          .Run();
      return PutOutcome::kCreated;
    }
    (void)seq;
    if (valid_from >= current_valid_from) {
      Stmt& update = Prepared(
          "UPDATE workers SET province_code = ?, current_version = ?, current_seq = ?, "
          "content_hash = ?, valid_from = ?, residence_unit = ?, lf_status = ?, updated_at = ? "
          "WHERE person_id = ?");
      update.BindText(1, put.province_code)
          .Bind(2, version_id)
          .Bind(3, max_seq + 1)
          .Bind(4, static_cast<int64_t>(put.content_hash))
          .BindText(5, valid_from)
          .BindText(6, put.residence_unit)
          .BindText(7, put.lf_status)
          .BindText(8, put.meta.recorded_at)
          .Bind(9, put.person_id)
          .Run();
    }
    return PutOutcome::kNewVersion;
  }

  int64_t StartImport(const ImportRecord& r) override {
    Stmt s(db_, "INSERT INTO imports(file, actor, started_at, status) VALUES (?, ?, ?, 'running')");
    s.BindText(1, r.file).BindText(2, r.actor).BindText(3, r.started_at).Run();
    return sqlite3_last_insert_rowid(db_);
  }

  void FinishImport(int64_t id, const ImportRecord& r) override {
    Stmt s(db_,
           "UPDATE imports SET finished_at = ?, rows = ?, created = ?, new_versions = ?, "
           "unchanged = ?, rejected_rows = ?, status = ? WHERE id = ?");
    s.BindText(1, r.finished_at)
        .Bind(2, r.rows)
        .Bind(3, r.created)
        .Bind(4, r.new_versions)
        .Bind(5, r.unchanged)
        .Bind(6, r.rejected_rows)
        .BindText(7, r.committed ? "committed" : "rolled_back")
        .Bind(8, id)
        .Run();
  }

  std::optional<WorkerVersion> Current(int64_t person_id) override {
    Stmt s(db_, "SELECT " + VersionColumns("v.") +
                    " FROM workers w JOIN worker_versions v ON v.version_id = w.current_version "
                    "WHERE w.person_id = ?");
    s.Bind(1, person_id);
    if (!s.Step()) return std::nullopt;
    return ReadVersion(s);
  }

  std::optional<WorkerVersion> AsOf(int64_t person_id, const Date& date) override {
    Stmt s(db_, "SELECT " + VersionColumns("") +
                    " FROM worker_versions WHERE person_id = ? AND valid_from <= ? "
                    "ORDER BY valid_from DESC, seq DESC LIMIT 1");
    s.Bind(1, person_id).BindText(2, date.ToString());
    if (!s.Step()) return std::nullopt;
    return ReadVersion(s);
  }

  std::vector<WorkerVersion> History(int64_t person_id) override {
    Stmt s(db_, "SELECT " + VersionColumns("") +
                    " FROM worker_versions WHERE person_id = ? ORDER BY seq");
    s.Bind(1, person_id);
    std::vector<WorkerVersion> out;
    while (s.Step()) out.push_back(ReadVersion(s));
    return out;
  }

  void Scan(const WorkerQuery& q, const std::function<void(const WorkerVersion&)>& fn) override {
    if (q.residence_units) {
      Exec("CREATE TEMP TABLE IF NOT EXISTS query_units(code TEXT PRIMARY KEY)");
      Exec("DELETE FROM temp.query_units");
      Stmt add(db_, "INSERT OR IGNORE INTO temp.query_units(code) VALUES (?)");
      for (const std::string& u : *q.residence_units) add.BindText(1, u).Run();
    }
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
      sql = "SELECT " + VersionColumns("v.") +
            " FROM workers w JOIN worker_versions v ON v.version_id = w.current_version WHERE 1";
      if (q.residence_units) sql += " AND w.residence_unit IN (SELECT code FROM temp.query_units)";
      if (q.lf_status) sql += " AND w.lf_status = ?2";
      sql += " ORDER BY w.person_id";
    }
    Stmt s(db_, sql);
    if (q.as_of) s.BindText(1, q.as_of->ToString());
    if (q.lf_status) s.BindText(2, *q.lf_status);
    while (s.Step()) fn(ReadVersion(s));
  }

  int64_t CountWorkers() override { return Count("SELECT count(*) FROM workers"); }
  int64_t CountVersions() override { return Count("SELECT count(*) FROM worker_versions"); }

  std::string IntegrityCheck() override {
    Stmt s(db_, "PRAGMA integrity_check");
    std::string out;
    while (s.Step()) {
      if (!out.empty()) out += "\n";
      out += s.Text(0);
    }
    return out;
  }

 private:
  void Exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      throw StoreError("SQLite: " + msg);
    }
  }

  int64_t Count(const char* sql) {
    Stmt s(db_, sql);
    s.Step();
    return s.Int(0);
  }

  int64_t MaxSeq(int64_t person_id) {
    Stmt& s = Prepared("SELECT max(seq) FROM worker_versions WHERE person_id = ?");
    s.Bind(1, person_id);
    s.Step();
    int64_t v = s.Int(0);
    s.Reset();
    return v;
  }

  Stmt& Prepared(const std::string& sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end())
      it = statements_.emplace(sql, std::make_unique<Stmt>(db_, sql)).first;
    return *it->second;
  }

  static const std::string& InsertVersionSql() {
    static const std::string sql = [] {
      std::string cols =
          "person_id, seq, province_code, change_source, actor, recorded_at, valid_from, "
          "import_id, content_hash, residence_unit";
      std::string params = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
      for (size_t i = 0; i < kWorkerFieldCount; ++i) {
        cols.append(", ").append(InfoOf(static_cast<WorkerField>(i)).name);
        params.append(", ?");
      }
      return "INSERT INTO worker_versions(" + cols + ") VALUES (" + params + ")";
    }();
    return sql;
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Stmt>> statements_;
};

}  // namespace

std::unique_ptr<Store> OpenSqliteStore(const std::string& path) {
  return std::make_unique<SqliteStore>(path);
}

}  // namespace lmis
