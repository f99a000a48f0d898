#include "store/postgres/postgres_store.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>
#include <unordered_map>

#include "store/postgres/pg_conn.h"
#include "store/postgres/pg_sql.h"
#include "store/report_facts.h"
#include "store/schema.h"
#include "store/version_plan.h"

namespace lmis {
namespace {

// PostgreSQL counts dates and timestamps from 2000-01-01.
constexpr int64_t kPgEpochDays = 10957;
// Advisory lock keys: any numbers will do, as long as nothing else takes them.
constexpr int64_t kMigrationLockKey = 0x6c6d6973;
constexpr int64_t kWriterLockKey = 0x6c6d6974;

// The columns read back for a version, qualified with the alias "v." or not; built once.
const std::string& SelectedColumns(bool qualified) {
  static const auto build = [](std::string p) {
    std::string cols = p + "person_id, " + p + "seq, " + p + "province_code, " + p +
                       "change_source, " + p + "actor, to_char(" + p +
                       "recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), " + p +
                       "valid_from::text, coalesce(" + p + "import_id, 0), coalesce(" + p +
                       "closed, ''), " + p + "residence_unit";
    for (size_t i = 0; i < kWorkerFieldCount; ++i)
      cols.append(", ").append(p).append(InfoOf(static_cast<WorkerField>(i)).name);
    return cols;
  };
  static const std::string bare = build(""), prefixed = build("v.");
  return qualified ? prefixed : bare;
}
constexpr int kFirstFieldColumn = 10;

WorkerVersion ReadVersion(const PgResult& r, int row) {
  WorkerVersion v;
  v.person_id = r.Int(row, 0);
  v.seq = static_cast<int>(r.Int(row, 1));
  v.province_code = r.Text(row, 2);
  if (auto src = ParseCode<ChangeSource>(r.Text(row, 3))) v.meta.source = *src;
  v.meta.actor = r.Text(row, 4);
  v.meta.recorded_at = r.Text(row, 5);
  v.meta.valid_from = Date::Parse(r.Text(row, 6)).value_or(Date{});
  v.meta.import_id = r.Int(row, 7);
  v.closed = r.Text(row, 8);
  v.residence_unit = r.Text(row, 9);
  for (size_t i = 0; i < kWorkerFieldCount; ++i)
    v.cells[i] = r.Text(row, kFirstFieldColumn + static_cast<int>(i));
  return v;
}

// A PostgreSQL array literal of numbers: {1,2,3}.
template <typename T>
std::string ArrayLiteral(const std::vector<T>& values) {
  std::string out = "{";
  for (const T& v : values) out.append(std::to_string(v)).push_back(',');
  if (out.size() > 1) out.pop_back();
  return out + "}";
}

// A PostgreSQL array literal of texts, each quoted.
std::string TextArrayLiteral(const std::vector<std::string>& values) {
  std::string out = "{";
  for (const std::string& v : values) {
    out.push_back('"');
    for (char c : v) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.append("\",");
  }
  if (out.size() > 1) out.pop_back();
  return out + "}";
}

// An RFC 3339 UTC time "YYYY-MM-DDTHH:MM:SSZ" as microseconds since PostgreSQL's epoch.
int64_t PgTimestamp(const std::string& text) {
  auto day = Date::Parse(std::string_view(text).substr(0, 10));
  int h = 0, m = 0, s = 0;
  if (!day || text.size() != 20 || std::sscanf(text.c_str() + 11, "%2d:%2d:%2dZ", &h, &m, &s) != 3)
    throw StoreError("not an RFC 3339 UTC time: " + text);
  int64_t seconds = (DaysSinceEpoch(*day) - kPgEpochDays) * 86400 + h * 3600 + m * 60 + s;
  return seconds * 1000000;
}

// A COPY … FROM STDIN (FORMAT binary) in progress: typed fields written in network order and
// sent in large chunks. Abandoned (its rows discarded) unless End is reached.
class BinaryCopy {
 public:
  BinaryCopy(PgConn& conn, const std::string& copy_sql) : conn_(conn) {
    conn_.CopyStart(copy_sql);
    buf_.append("PGCOPY\n\377\r\n\0", 11);
    Put32(0);  // flags
    Put32(0);  // header extension length
  }
  ~BinaryCopy() {
    if (!ended_) conn_.CopyAbort();
  }
  BinaryCopy(const BinaryCopy&) = delete;
  BinaryCopy& operator=(const BinaryCopy&) = delete;

  void Row(int16_t fields) {
    if (buf_.size() >= kChunk) Send();
    Put16(fields);
  }
  void Int64(int64_t v) {
    Put32(8);
    Put64(v);
  }
  void Int32(int32_t v) {
    Put32(4);
    Put32(v);
  }
  void Bool(bool v) {
    Put32(1);
    buf_.push_back(v ? 1 : 0);
  }
  void Null() { Put32(-1); }
  void Text(std::string_view v) {
    Put32(static_cast<int32_t>(v.size()));
    buf_.append(v);
  }
  // A record cell: an absent (empty) one is stored as NULL, as on SQLite.
  void Cell(std::string_view v) {
    if (v.empty()) return Null();
    Text(v);
  }
  void End() {
    Put16(-1);
    Send();
    ended_ = true;
    conn_.CopyEnd();
  }

 private:
  static constexpr size_t kChunk = 1 << 20;
  void Send() {
    conn_.CopyPut(buf_);
    buf_.clear();
  }
  void Put16(int16_t v) {
    auto u = static_cast<uint16_t>(v);
    buf_.push_back(static_cast<char>(u >> 8));
    buf_.push_back(static_cast<char>(u));
  }
  void Put32(int32_t v) {
    auto u = static_cast<uint32_t>(v);
    for (int shift = 24; shift >= 0; shift -= 8) buf_.push_back(static_cast<char>(u >> shift));
  }
  void Put64(int64_t v) {
    auto u = static_cast<uint64_t>(v);
    for (int shift = 56; shift >= 0; shift -= 8) buf_.push_back(static_cast<char>(u >> shift));
  }

  PgConn& conn_;
  std::string buf_;
  bool ended_ = false;
};

const std::string& CopyVersionsSql() {
  static const std::string sql = [] {
    std::string cols =
        "person_id, seq, is_current, province_code, change_source, actor, recorded_at, "
        "valid_from, import_id, content_hash, residence_unit, name_key, closed, report_key";
    for (size_t i = 0; i < kWorkerFieldCount; ++i)
      cols.append(", ").append(InfoOf(static_cast<WorkerField>(i)).name);
    return "COPY worker_versions(" + cols + ") FROM STDIN (FORMAT binary)";
  }();
  return sql;
}
constexpr int16_t kCopiedColumns = 14 + static_cast<int16_t>(kWorkerFieldCount);

constexpr const char* kUserColumns =
    "SELECT username, role, unit, coalesce(person_id, 0), password_hash, disabled, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM users";

UserRecord ReadUser(const PgResult& r, int row) {
  return {std::string(r.Text(row, 0)), std::string(r.Text(row, 1)),
          std::string(r.Text(row, 2)), r.Int(row, 3),
          std::string(r.Text(row, 4)), r.Text(row, 5) == "t",
          std::string(r.Text(row, 6)), std::string(r.Text(row, 7))};
}

// $1 username … $8 updated_at for AddUser; UpdateUser takes the first seven with updated_at
// in place of created_at.
PgParams UserParams(const UserRecord& u, bool adding) {
  PgParams p = {
      u.username,      u.role,
      u.unit,          u.person_id != 0 ? std::optional(std::to_string(u.person_id)) : std::nullopt,
      u.password_hash, std::string(u.disabled ? "true" : "false")};
  if (adding) p.push_back(u.created_at);
  p.push_back(u.updated_at);
  return p;
}

constexpr const char* kAuditColumns =
    "SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), username, "
    "role, unit, action, outcome, coalesce(person_id, 0), coalesce(province_code, ''), "
    "coalesce(residence_unit, ''), detail, address FROM audit_log";

AuditEvent ReadAudit(const PgResult& r, int row) {
  AuditEvent e;
  e.id = r.Int(row, 0);
  e.at = r.Text(row, 1);
  e.username = r.Text(row, 2);
  e.role = r.Text(row, 3);
  e.unit = r.Text(row, 4);
  e.action = r.Text(row, 5);
  e.outcome = r.Text(row, 6);
  e.person_id = r.Int(row, 7);
  e.province_code = r.Text(row, 8);
  e.residence_unit = r.Text(row, 9);
  e.detail = r.Text(row, 10);
  e.address = r.Text(row, 11);
  return e;
}

// Builds a WHERE clause of bound parameters: each condition names its value as "$?", which
// becomes the next parameter number.
class Conditions {
 public:
  void Add(std::string condition, std::optional<std::string> value) {
    auto at = condition.find("$?");
    if (at != std::string::npos) {
      params_.push_back(std::move(value));
      condition.replace(at, 2, "$" + std::to_string(params_.size()));
    }
    sql_ += " AND " + condition;
  }
  const std::string& sql() const { return sql_; }
  const PgParams& params() const { return params_; }

 private:
  std::string sql_;
  PgParams params_;
};

// A version known while placing one batch of puts: stored before the batch or pending in it.
struct BatchRow {
  std::string province_code;
  int64_t person_id = 0;
  int seq = 0;
  bool is_current = false;
  const WorkerPut* put = nullptr;  // set for a new row of the batch
};

class PostgresStore : public Store {
 public:
  PostgresStore(const std::string& conninfo, const StoreOptions& options) : conn_(conninfo) {
    if (!options.durable_commits) conn_.Exec("SET synchronous_commit = off");
  }

  int SchemaVersion() override {
    PgResult exists = conn_.Exec("SELECT to_regclass('schema_migrations') IS NOT NULL");
    if (exists.Text(0, 0) != "t") return 0;
    return static_cast<int>(
        conn_.Exec("SELECT coalesce(max(version), 0) FROM schema_migrations").Int(0, 0));
  }

  int LatestSchemaVersion() const override { return static_cast<int>(Migrations().size()); }

  std::vector<std::string> Migrate() override {
    const auto& all = Migrations();
    std::vector<std::string> applied;
    for (const Migration& m : all) {
      conn_.Exec("BEGIN");
      try {
        // Two `lmis init` at once: the second waits, then sees the first one's work.
        conn_.Exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ")");
        int current = SchemaVersion();
        if (current > static_cast<int>(all.size()))
          throw StoreError("the database schema (version " + std::to_string(current) +
                           ") is newer than this lmis (" + std::to_string(all.size()) + ")");
        if (m.version > current) {
          conn_.Exec(m.postgres);
          conn_.Exec("INSERT INTO schema_migrations(version, name) VALUES ($1, $2)",
                     {std::to_string(m.version), std::string(m.name)});
          applied.emplace_back(m.name);
        }
        conn_.Exec("COMMIT");
      } catch (...) {
        Rollback();
        throw;
      }
    }
    return applied;
  }

  void Begin() override {
    facts_.Clear();
    conn_.Exec("BEGIN");
  }
  // The report aggregates are written last, under the writer lock that every put took.
  void Commit() override {
    // COMMIT of a failed transaction "succeeds" as a ROLLBACK: say what happened instead.
    if (conn_.TransactionFailed()) {
      facts_.Clear();
      conn_.Exec("ROLLBACK");
      throw StoreError("the transaction failed earlier and was rolled back");
    }
    try {
      if (!facts_.empty()) facts_.Flush(sql_);
    } catch (...) {
      facts_.Clear();
      Rollback();
      throw;
    }
    conn_.Exec("COMMIT");
  }
  void Rollback() override {
    facts_.Clear();
    if (conn_.InTransaction()) conn_.Exec("ROLLBACK");
  }

  PutOutcome Put(const WorkerPut& put) override {
    const WorkerPut* one[] = {&put};
    PutOutcome outcome[1];
    PutBatch(one, outcome);
    return outcome[0];
  }

  // One lookup of everyone named, the decisions in memory (PlanPut, in order), then the
  // retired versions updated and the new ones copied in.
  // Writers take one lock per transaction: two writers deciding the next seq of the same
  // person at once could otherwise both take it, in two partitions where no unique index sees
  // both. (SQLite has a single writer by construction.)
  void PutBatch(std::span<const WorkerPut* const> puts, std::span<PutOutcome> outcomes) override {
    const bool own_transaction = !conn_.InTransaction();
    if (own_transaction) Begin();
    try {
      conn_.Exec("SELECT pg_advisory_xact_lock(" + std::to_string(kWriterLockKey) + ")");
      LoadVersionsOf(puts);
      for (size_t i = 0; i < puts.size(); ++i) outcomes[i] = Place(*puts[i]);
      Flush();
    } catch (...) {
      if (own_transaction) Rollback();
      throw;
    }
    if (own_transaction) Commit();
  }

  // Under the writer lock, as every change of who holds which versions.
  bool MovePerson(int64_t from, int64_t to) override {
    conn_.Exec("SELECT pg_advisory_xact_lock(" + std::to_string(kWriterLockKey) + ")");
    if (conn_
            .Exec("SELECT count(*) FROM worker_versions WHERE person_id = $1", {std::to_string(to)})
            .Int(0, 0) > 0)
      return false;
    return conn_
               .Exec("UPDATE worker_versions SET person_id = $1 WHERE person_id = $2",
                     {std::to_string(to), std::to_string(from)})
               .affected() > 0;
  }

  int64_t StartImport(const ImportRecord& r) override {
    return conn_
        .Exec(
            "INSERT INTO imports(file, actor, started_at, status) "
            "VALUES ($1, $2, $3, 'running') RETURNING id",
            {r.file, r.actor, r.started_at})
        .Int(0, 0);
  }

  void FinishImport(int64_t id, const ImportRecord& r) override {
    conn_.Exec(
        "UPDATE imports SET finished_at = $1, rows = $2, created = $3, new_versions = $4, "
        "unchanged = $5, rejected_rows = $6, status = $7 WHERE id = $8",
        {r.finished_at.empty() ? std::nullopt : std::optional(r.finished_at),
         std::to_string(r.rows), std::to_string(r.created), std::to_string(r.new_versions),
         std::to_string(r.unchanged), std::to_string(r.rejected_rows),
         std::string(r.failed      ? "failed"
                     : r.committed ? "committed"
                                   : "rolled_back"),
         std::to_string(id)});
  }

  // The server's most frequent query, prepared once per connection: planning it afresh costs
  // more than running it (the person id is not the partition key, so every partition's index
  // is probed; measured ~10 ms of planning per call on 35 partitions, against ~1 ms to run).
  std::optional<WorkerVersion> Current(int64_t person_id) override {
    if (!current_prepared_) {
      conn_.Prepare("lmis_current",
                    "SELECT " + SelectedColumns(false) +
                        " FROM worker_versions WHERE person_id = $1 AND is_current");
      current_prepared_ = true;
    }
    PgResult r = conn_.ExecPrepared("lmis_current", {std::to_string(person_id)});
    if (r.rows() == 0) return std::nullopt;
    return ReadVersion(r, 0);
  }

  std::optional<WorkerVersion> AsOf(int64_t person_id, const Date& date) override {
    return One("SELECT " + SelectedColumns(false) +
                   " FROM worker_versions WHERE person_id = $1 AND valid_from <= $2 "
                   "ORDER BY valid_from DESC, seq DESC LIMIT 1",
               {std::to_string(person_id), date.ToString()});
  }

  std::vector<WorkerVersion> History(int64_t person_id) override {
    PgResult r = conn_.Exec("SELECT " + SelectedColumns(false) +
                                " FROM worker_versions WHERE person_id = $1 ORDER BY seq",
                            {std::to_string(person_id)});
    std::vector<WorkerVersion> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(ReadVersion(r, i));
    return out;
  }

  void Scan(const WorkerQuery& q, const std::function<void(const WorkerVersion&)>& fn) override {
    PgParams params = {
        q.as_of ? std::optional(q.as_of->ToString()) : std::nullopt,
        q.residence_units ? std::optional(TextArrayLiteral(*q.residence_units)) : std::nullopt,
        q.lf_status};
    // The version in force: flagged current, or the latest on the as-of day.
    std::string versions =
        q.as_of ? "(SELECT DISTINCT ON (person_id) * FROM worker_versions WHERE valid_from <= "
                  "$1::date ORDER BY person_id, valid_from DESC, seq DESC)"
                : "(SELECT * FROM worker_versions WHERE is_current AND $1::date IS NULL)";
    std::string sql = "SELECT " + SelectedColumns(true) + " FROM " + versions +
                      " v WHERE ($2::text[] IS NULL OR v.residence_unit = ANY($2::text[])) "
                      "AND ($3::text IS NULL OR v.lf_status = $3) ORDER BY v.person_id";
    conn_.Stream(sql, params, [&](const PgResult& r, int row) { fn(ReadVersion(r, row)); });
  }

  bool AddUser(const UserRecord& u) override {
    return conn_
               .Exec(
                   "INSERT INTO users(username, role, unit, person_id, password_hash, disabled, "
                   "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                   "ON CONFLICT (username) DO NOTHING",
                   UserParams(u, true))
               .affected() > 0;
  }

  bool UpdateUser(const UserRecord& u) override {
    return conn_
               .Exec(
                   "UPDATE users SET role = $2, unit = $3, person_id = $4, password_hash = $5, "
                   "disabled = $6, updated_at = $7 WHERE username = $1",
                   UserParams(u, false))
               .affected() > 0;
  }

  std::optional<UserRecord> FindUser(const std::string& username) override {
    PgResult r = conn_.Exec(std::string(kUserColumns) + " WHERE username = $1", {username});
    if (r.rows() == 0) return std::nullopt;
    return ReadUser(r, 0);
  }

  std::vector<UserRecord> ListUsers() override {
    PgResult r = conn_.Exec(std::string(kUserColumns) + " ORDER BY username");
    std::vector<UserRecord> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(ReadUser(r, i));
    return out;
  }

  std::vector<WorkerVersion> Search(const WorkerSearch& q) override {
    Conditions where;
    if (q.residence_units)
      where.Add("residence_unit = ANY($?::text[])", TextArrayLiteral(*q.residence_units));
    if (q.lf_status) where.Add("lf_status = $?", q.lf_status);
    if (q.sex) where.Add("sex = $?", q.sex);
    if (q.born_on_or_after) where.Add("birth_date COLLATE \"C\" >= $?", q.born_on_or_after);
    if (q.born_on_or_before) where.Add("birth_date COLLATE \"C\" <= $?", q.born_on_or_before);
    if (q.name_prefix) {
      where.Add("name_key >= $?", q.name_prefix);
      where.Add("name_key < $?", *q.name_prefix + "\xf4\x8f\xbf\xbf");
    }
    if (!q.include_closed) where.Add("closed IS NULL", std::nullopt);
    where.Add("person_id > $?", std::to_string(q.after_person_id));
    PgResult r =
        conn_.Exec("SELECT " + SelectedColumns(false) + " FROM worker_versions WHERE is_current" +
                       where.sql() + " ORDER BY person_id LIMIT " + std::to_string(q.limit),
                   where.params());
    std::vector<WorkerVersion> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(ReadVersion(r, i));
    return out;
  }

  void AddSession(const SessionRecord& r) override {
    conn_.Exec(
        "INSERT INTO sessions(token_hash, username, created_at, expires_at, address) "
        "VALUES ($1, $2, $3, $4, $5)",
        {r.token_hash, r.username, std::to_string(r.created_at), std::to_string(r.expires_at),
         r.address});
  }

  std::optional<SessionRecord> FindSession(const std::string& token_hash) override {
    PgResult r = conn_.Exec(
        "SELECT token_hash, username, created_at, expires_at, coalesce(revoked_at, 0), address "
        "FROM sessions WHERE token_hash = $1",
        {token_hash});
    if (r.rows() == 0) return std::nullopt;
    return SessionRecord{
        std::string(r.Text(0, 0)), std::string(r.Text(0, 1)), r.Int(0, 2), r.Int(0, 3), r.Int(0, 4),
        std::string(r.Text(0, 5))};
  }

  bool RevokeSession(const std::string& token_hash, int64_t at) override {
    return conn_
               .Exec(
                   "UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS "
                   "NULL",
                   {std::to_string(at), token_hash})
               .affected() > 0;
  }

  int64_t RevokeSessionsOf(const std::string& username, int64_t at) override {
    return conn_
        .Exec("UPDATE sessions SET revoked_at = $1 WHERE username = $2 AND revoked_at IS NULL",
              {std::to_string(at), username})
        .affected();
  }

  // Multi-row INSERTs of up to 1,000 entries (a statement takes at most 65,535 parameters):
  // a few round trips and a single commit for a batch of entries.
  void AppendAudit(std::span<const AuditEvent> events) override {
    if (events.empty()) return;
    constexpr size_t kPerStatement = 1000;
    const bool own_transaction = events.size() > kPerStatement && !conn_.InTransaction();
    if (own_transaction) Begin();
    try {
      for (size_t start = 0; start < events.size(); start += kPerStatement)
        AppendAuditRows(events.subspan(start, std::min(kPerStatement, events.size() - start)));
    } catch (...) {
      if (own_transaction) Rollback();
      throw;
    }
    if (own_transaction) Commit();
  }

  void AppendAuditRows(std::span<const AuditEvent> events) {
    std::string sql =
        "INSERT INTO audit_log(at, username, role, unit, action, outcome, person_id, "
        "province_code, residence_unit, detail, address) VALUES ";
    PgParams params;
    for (const AuditEvent& e : events) {
      const size_t base = params.size();
      sql += base == 0 ? "(" : ", (";
      for (size_t i = 1; i <= 11; ++i)
        sql += "$" + std::to_string(base + i) + (i < 11 ? ", " : ")");
      auto maybe = [](const std::string& v) {
        return v.empty() ? std::nullopt : std::optional<std::string>(v);
      };
      params.insert(params.end(),
                    {e.at, e.username, e.role, e.unit, e.action, e.outcome,
                     e.person_id != 0 ? std::optional(std::to_string(e.person_id)) : std::nullopt,
                     maybe(e.province_code), maybe(e.residence_unit), e.detail, e.address});
    }
    conn_.Exec(sql, params);
  }

  std::vector<AuditEvent> QueryAudit(const AuditQuery& q) override {
    Conditions where;
    if (q.residence_units)
      where.Add("residence_unit = ANY($?::text[])", TextArrayLiteral(*q.residence_units));
    if (q.person_id) where.Add("person_id = $?", std::to_string(*q.person_id));
    if (q.username) where.Add("username = $?", q.username);
    if (q.action) where.Add("action = $?", q.action);
    if (q.since) where.Add("at >= $?::timestamptz", q.since);
    if (q.until) where.Add("at < $?::timestamptz", q.until);
    if (q.before_id > 0) where.Add("id < $?", std::to_string(q.before_id));
    PgResult r = conn_.Exec(std::string(kAuditColumns) + " WHERE true" + where.sql() +
                                " ORDER BY id DESC LIMIT " + std::to_string(q.limit),
                            where.params());
    std::vector<AuditEvent> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(ReadAudit(r, i));
    return out;
  }

  int64_t CountWorkers() override {
    return conn_.Exec("SELECT count(*) FROM worker_versions WHERE is_current").Int(0, 0);
  }
  int64_t CountVersions() override {
    return conn_.Exec("SELECT count(*) FROM worker_versions").Int(0, 0);
  }

  Sql& sql() override { return sql_; }

  std::string IntegrityCheck() override {
    if (SchemaVersion() == 0) return "ok";
    return RegistryCheck([this](const std::string& sql) { return conn_.Exec(sql).Int(0, 0); });
  }

 private:
  std::optional<WorkerVersion> One(const std::string& sql, const PgParams& params) {
    PgResult r = conn_.Exec(sql, params);
    if (r.rows() == 0) return std::nullopt;
    return ReadVersion(r, 0);
  }

  // Reads the stored versions of every person (and legacy CMND id) that `puts` name.
  void LoadVersionsOf(std::span<const WorkerPut* const> puts) {
    known_.clear();
    rows_.clear();
    retired_.clear();
    links_.clear();
    std::vector<int64_t> ids;
    for (const WorkerPut* p : puts) {
      ids.push_back(p->person_id);
      if (p->legacy_person_id != 0) ids.push_back(p->legacy_person_id);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    PgResult r = LookupVersions(ArrayLiteral(ids));
    for (int i = 0; i < r.rows(); ++i) {
      int64_t person = r.Int(i, 0);
      int seq = static_cast<int>(r.Int(i, 1));
      bool current = r.Text(i, 2) == "t";
      rows_.push_back({std::string(r.Text(i, 3)), person, seq, current, nullptr});
      known_[person].push_back({seq, current, static_cast<uint64_t>(r.Int(i, 4)),
                                std::string(r.Text(i, 5)), static_cast<int64_t>(rows_.size() - 1),
                                std::string(r.Text(i, 6))});
    }
    stored_rows_ = rows_.size();
  }

  // The stored versions of the persons in `ids` (an array literal). A plan made for the actual
  // array would weigh each of its thousands of values against each partition's statistics,
  // costing far more than the lookup itself; the generic plan probes each partition's index.
  // It is planned afresh for every batch: a cached one would keep the seq scans chosen while
  // the partitions were empty.
  PgResult LookupVersions(const std::string& ids) {
    conn_.Exec("SET plan_cache_mode = force_generic_plan");
    conn_.Prepare("",
                  "SELECT person_id, seq, is_current, province_code, content_hash, "
                  "valid_from::text, coalesce(report_key, '') FROM worker_versions WHERE person_id "
                  "= ANY($1::bigint[])");
    PgResult r = conn_.ExecPrepared("", {ids});
    conn_.Exec("RESET plan_cache_mode");
    return r;
  }

  // Decides one put against what is known, queueing its writes.
  PutOutcome Place(const WorkerPut& put) {
    std::vector<StoredVersion>* versions = &known_[put.person_id];
    if (versions->empty() && put.legacy_person_id != 0) {
      auto legacy = known_.find(put.legacy_person_id);
      if (legacy != known_.end() && !legacy->second.empty()) {
        Link(put.legacy_person_id, put.person_id);
        versions = &known_[put.person_id];
      }
    }
    std::string valid_from = put.meta.valid_from.ToString();
    PutPlan plan = PlanPut(*versions, put.content_hash, valid_from);
    if (plan.outcome == PutOutcome::kUnchanged) return plan.outcome;
    const std::string_view key = StoredReportKey(put.closed, put.report_key);
    facts_.AddVersion(*versions, valid_from, key);
    if (plan.retired >= 0) {
      StoredVersion& old = (*versions)[plan.retired];
      old.is_current = false;
      BatchRow& row = rows_[old.ref];
      row.is_current = false;
      if (!row.put) retired_[row.province_code].push_back(row.person_id);
    }
    rows_.push_back({put.province_code, put.person_id, plan.seq, plan.becomes_current, &put});
    versions->push_back({plan.seq, plan.becomes_current, put.content_hash, std::move(valid_from),
                         static_cast<int64_t>(rows_.size() - 1), std::string(key)});
    return plan.outcome;
  }

  // Moves the versions of a person known by CMND alone under their CCCD: at once in memory,
  // in the database with the batch's other writes.
  void Link(int64_t legacy_id, int64_t person_id) {
    auto node = known_.extract(legacy_id);
    for (const StoredVersion& v : node.mapped()) rows_[v.ref].person_id = person_id;
    known_[person_id] = std::move(node.mapped());
    for (auto& [province, persons] : retired_)
      std::replace(persons.begin(), persons.end(), legacy_id, person_id);
    links_.emplace_back(legacy_id, person_id);
  }

  // Writes what Place queued, each kind in one statement (per province for retirements), so
  // that a partition on another server (postgres_fdw) receives whole statements rather than
  // row-by-row updates: links, versions that stop being current, then the new versions.
  void Flush() {
    if (!links_.empty()) {
      std::vector<int64_t> from, to;
      for (auto [legacy, person] : links_) {
        from.push_back(legacy);
        to.push_back(person);
      }
      conn_.Exec(
          "UPDATE worker_versions SET person_id = ($2::bigint[])[array_position($1::bigint[], "
          "person_id)] WHERE person_id = ANY($1::bigint[])",
          {ArrayLiteral(from), ArrayLiteral(to)});
    }
    // A stored version is retired only while current, and each person at most once a batch.
    for (auto& [province, persons] : retired_) {
      PgResult r = conn_.Exec(
          "UPDATE worker_versions SET is_current = false WHERE province_code = $1 AND is_current "
          "AND person_id = ANY($2::bigint[])",
          {province, ArrayLiteral(persons)});
      if (r.affected() != static_cast<int64_t>(persons.size()))
        throw StoreError("the registry changed under this import: " +
                         std::to_string(persons.size()) + " current versions to retire in " +
                         province + ", " + std::to_string(r.affected()) + " found");
    }
    if (stored_rows_ == rows_.size()) return;
    // In key order, consecutive index insertions land on neighbouring leaf pages (measured:
    // a sixth less COPY time than in file order on 1M rows).
    std::vector<const BatchRow*> fresh;
    fresh.reserve(rows_.size() - stored_rows_);
    for (size_t i = stored_rows_; i < rows_.size(); ++i) fresh.push_back(&rows_[i]);
    std::sort(fresh.begin(), fresh.end(), [](const BatchRow* a, const BatchRow* b) {
      return std::tie(a->person_id, a->seq) < std::tie(b->person_id, b->seq);
    });
    BinaryCopy copy(conn_, CopyVersionsSql());
    for (const BatchRow* fresh_row : fresh) {
      const BatchRow& row = *fresh_row;
      const WorkerPut& put = *row.put;
      copy.Row(kCopiedColumns);
      copy.Int64(row.person_id);
      copy.Int32(row.seq);
      copy.Bool(row.is_current);
      copy.Text(row.province_code);
      copy.Text(Slug(put.meta.source));
      copy.Text(put.meta.actor);
      copy.Int64(PgTimestamp(put.meta.recorded_at));
      copy.Int32(static_cast<int32_t>(DaysSinceEpoch(put.meta.valid_from) - kPgEpochDays));
      if (put.meta.import_id != 0)
        copy.Int64(put.meta.import_id);
      else
        copy.Null();
      copy.Int64(static_cast<int64_t>(put.content_hash));
      copy.Text(put.residence_unit);
      copy.Cell(put.name_key);
      copy.Cell(put.closed);
      copy.Cell(StoredReportKey(put.closed, put.report_key));
      for (size_t f = 0; f < kWorkerFieldCount; ++f) copy.Cell(put.cells[f]);
    }
    copy.End();
  }

  PgConn conn_;
  PgSql sql_{conn_};
  bool current_prepared_ = false;
  // State of one PutBatch: versions per person (refs index rows_; rows from stored_rows_ on
  // are new), persons whose stored current version retires, per province partition, and
  // (legacy id, CCCD id) links.
  std::unordered_map<int64_t, std::vector<StoredVersion>> known_;
  std::vector<BatchRow> rows_;
  size_t stored_rows_ = 0;
  std::map<std::string, std::vector<int64_t>> retired_;
  std::vector<std::pair<int64_t, int64_t>> links_;
  // Report aggregate changes of the open transaction, written at Commit.
  ReportFactsBuffer facts_;
};

}  // namespace

std::unique_ptr<Store> OpenPostgresStore(const std::string& conninfo, const StoreOptions& options) {
  return std::make_unique<PostgresStore>(conninfo, options);
}

}  // namespace lmis
