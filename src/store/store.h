// The storage interface of the worker registry. A worker is a sequence of versions; each
// version holds the full record (as exchange-format cells), when it takes effect, where it came
// from and who recorded it. SQLite implements it here; PostgreSQL sits behind the same
// interface. Storage knows nothing of validation or HTTP: callers pass checked records.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/codes.h"
#include "core/date.h"
#include "core/worker.h"
#include "store/sql.h"

namespace lmis {

// A failure of the database itself (cannot open, disk full, schema too old/new).
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Provenance of one version.
struct VersionMeta {
  ChangeSource source = ChangeSource::kCollection;
  std::string actor;        // who recorded it ("cli:officer01")
  std::string recorded_at;  // RFC 3339 UTC, when it was stored
  Date valid_from;          // the day the record speaks for (its collection date)
  int64_t import_id = 0;    // the import that brought it, 0 if none
};

// One stored version of a person's record.
struct WorkerVersion {
  int64_t person_id = 0;
  int seq = 0;  // 1, 2, … in recording order
  std::string province_code;
  VersionMeta meta;
  std::string closed;          // "" for an open record; "deceased" or "emigrated" once closed
  std::string residence_unit;  // UnitKey of the commune the version says the person lives in
  WorkerCells cells;
};

// What to write for one person.
struct WorkerPut {
  int64_t person_id = 0;         // PersonIdOf(record)
  int64_t legacy_person_id = 0;  // the CMND-only id the person may be known by, or 0
  std::string province_code;     // 2025 province of the residence: the partition key
  std::string residence_unit;    // UnitKey of the commune where the person lives
  std::string lf_status;         // slug
  uint64_t content_hash = 0;     // hash of the record's content (ContentHash)
  CellViews cells;               // the record; the texts must outlive Put
  std::string name_key;          // FoldVietnamese(full_name): what name searches compare
  std::string closed;            // "" or why the record closes ("deceased", "emigrated")
  // What the version counts in for reports (report/cube.h, store/report_facts.h); a closed
  // version counts nowhere whatever it says.
  std::string report_key;

  VersionMeta meta;
};

enum class PutOutcome { kCreated, kNewVersion, kUnchanged };

// Which workers a scan returns.
struct WorkerQuery {
  std::optional<std::vector<std::string>> residence_units;  // UnitKeys; nullopt = all
  std::optional<std::string> lf_status;                     // slug
  std::optional<Date> as_of;  // state on that day; nullopt = current state
};

// A page of current records matching every given condition, in person-id order. Conditions
// compare stored texts: dates as "YYYY[-MM[-DD]]", where a partial date sorts before every full
// date of its period (so counts as its first day).
struct WorkerSearch {
  std::optional<std::vector<std::string>> residence_units;  // UnitKeys; nullopt = all
  std::optional<std::string> lf_status;                     // slug
  std::optional<std::string> sex;                           // slug
  std::optional<std::string> born_on_or_after;              // YYYY-MM-DD
  std::optional<std::string> born_on_or_before;             // YYYY-MM-DD
  std::optional<std::string> name_prefix;                   // folded, as name_key
  bool include_closed = false;
  int64_t after_person_id = 0;  // the cursor: the last person of the previous page
  int limit = 50;
};

// One sign-in session. The token itself is never stored, only its hash. Times are Unix seconds.
struct SessionRecord {
  std::string token_hash;  // hex
  std::string username;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  int64_t revoked_at = 0;  // 0 while not revoked
  std::string address;     // where the sign-in came from
};

// One entry of the append-only audit log: who did what to which record, from where, and
// whether it was allowed. person-linked entries carry the province for partitioning.
struct AuditEvent {
  int64_t id = 0;         // assigned by the store, increasing
  std::string at;         // RFC 3339 UTC
  std::string username;   // "" for an unauthenticated attempt
  std::string role;       // slug
  std::string unit;       // the user's unit (UnitKey or "national")
  std::string action;     // read, history, search, create, update, close, import, login, ...
  std::string outcome;    // allow, deny_role, deny_jurisdiction, not_found, fail
  int64_t person_id = 0;  // the record concerned, 0 if none
  std::string province_code;
  std::string residence_unit;  // UnitKey of the record's residence, "" if none
  std::string detail;          // short free text (e.g. the changed version, a count)
  std::string address;         // client address
};

// Which audit entries to list: every given condition, newest first.
struct AuditQuery {
  std::optional<std::vector<std::string>> residence_units;  // nullopt = everywhere
  std::optional<int64_t> person_id;
  std::optional<std::string> username;
  std::optional<std::string> action;
  std::optional<std::string> since;  // RFC 3339, inclusive
  std::optional<std::string> until;  // RFC 3339, exclusive
  int64_t before_id = 0;             // the cursor: entries with a smaller id; 0 = from the newest
  int limit = 100;
};

// Summary of one import run, kept in the database.
struct ImportRecord {
  std::string file;
  std::string actor;
  std::string started_at;
  std::string finished_at;
  int64_t rows = 0;
  int64_t created = 0;
  int64_t new_versions = 0;
  int64_t unchanged = 0;
  int64_t rejected_rows = 0;
  bool committed = false;  // the last batch (all of them with all_or_nothing) was committed
  bool failed = false;     // stopped by an error; batches before it stay committed
};

// A user account as stored. Roles and units are checked by auth/, not here.
struct UserRecord {
  std::string username;
  std::string role;           // auth::Role slug
  std::string unit;           // UnitKey of the unit the user is bound to, or "national"
  int64_t person_id = 0;      // a worker's own record, else 0
  std::string password_hash;  // argon2id string (auth/password.h)
  bool disabled = false;
  std::string created_at;  // RFC 3339 UTC
  std::string updated_at;
};

class Store {
 public:
  virtual ~Store() = default;

  // Schema version of the open database; 0 for a new, empty one.
  virtual int SchemaVersion() = 0;
  // The schema version this build writes.
  virtual int LatestSchemaVersion() const = 0;
  // Applies pending migrations in order, each in its own transaction. Returns their names.
  // Throws StoreError when the database is newer than this build.
  virtual std::vector<std::string> Migrate() = 0;

  // Transactions: writes between Begin and Commit become visible and durable together.
  virtual void Begin() = 0;
  virtual void Commit() = 0;
  virtual void Rollback() = 0;

  // Adds a version for `put.person_id`, unless the person's current version has the same
  // content, or a version with the same content and valid_from exists (then nothing is
  // written: re-importing a file, even one holding several versions of a person or a
  // back-dated one, creates no duplicates). The current version is the one with the latest
  // valid_from, ties going to the later recorded. A person recorded until now by a legacy CMND
  // alone (legacy_person_id) is linked: their versions move under the CCCD.
  virtual PutOutcome Put(const WorkerPut& put) = 0;
  // Put for each of `puts` in order, outcome i for put i: the same result as calling Put for
  // each. Backends override it to write in bulk (PostgreSQL: one lookup and one COPY).
  virtual void PutBatch(std::span<const WorkerPut* const> puts, std::span<PutOutcome> outcomes);
  // Moves every version of person `from` under person `to` (a record found to belong to
  // another CCCD), unchanged, unless `to` has versions of its own. Returns false (moving
  // nothing) then, or when `from` has none. Inside the caller's transaction.
  virtual bool MovePerson(int64_t from, int64_t to) = 0;
  // Allocates the id that the next RecordImport will finish (so versions can name it).
  virtual int64_t StartImport(const ImportRecord& record) = 0;
  virtual void FinishImport(int64_t import_id, const ImportRecord& record) = 0;

  // The current version of a person, or nullopt.
  virtual std::optional<WorkerVersion> Current(int64_t person_id) = 0;
  // The version in force on `date` (latest valid_from ≤ date, ties to the later recorded).
  virtual std::optional<WorkerVersion> AsOf(int64_t person_id, const Date& date) = 0;
  // Every version of a person in recording order.
  virtual std::vector<WorkerVersion> History(int64_t person_id) = 0;
  // Calls `fn` for each matching worker in person-id order.
  virtual void Scan(const WorkerQuery& query,
                    const std::function<void(const WorkerVersion&)>& fn) = 0;
  // Number of persons and of versions stored.
  virtual int64_t CountWorkers() = 0;
  virtual int64_t CountVersions() = 0;
  // Users. AddUser returns false (and stores nothing) when the name is taken; UpdateUser
  // replaces role, unit, person, hash, disabled and updated_at of an existing user, false when
  // there is none. ListUsers is in name order.
  virtual bool AddUser(const UserRecord& user) = 0;
  virtual bool UpdateUser(const UserRecord& user) = 0;
  virtual std::optional<UserRecord> FindUser(const std::string& username) = 0;
  virtual std::vector<UserRecord> ListUsers() = 0;

  // Current records matching `search` (one page). Closed records only when asked.
  virtual std::vector<WorkerVersion> Search(const WorkerSearch& search) = 0;

  // Sessions. AddSession throws StoreError on a duplicate hash. FindSession returns the
  // session whatever its state (callers check expiry and revocation). RevokeSession marks one
  // (false when unknown or already revoked); RevokeSessionsOf marks every live one of a user
  // and returns how many.
  virtual void AddSession(const SessionRecord& session) = 0;
  virtual std::optional<SessionRecord> FindSession(const std::string& token_hash) = 0;
  virtual bool RevokeSession(const std::string& token_hash, int64_t at) = 0;
  virtual int64_t RevokeSessionsOf(const std::string& username, int64_t at) = 0;

  // The audit log: AppendAudit writes `events` durably in one transaction (its own unless one
  // is open); the schema refuses updates and deletes of stored entries. QueryAudit lists
  // matching entries newest first.
  virtual void AppendAudit(std::span<const AuditEvent> events) = 0;
  virtual std::vector<AuditEvent> QueryAudit(const AuditQuery& query) = 0;

  // Portable SQL on this store's connection and inside its transactions: the tables of the
  // registers, campaigns and reconciliation are kept through it (store/*_tables.h).
  virtual Sql& sql() = 0;

  // The database's own consistency check and the registry's (one current version per person,
  // unique (person, seq)): "ok" or the problems found.
  virtual std::string IntegrityCheck() = 0;
};

// One transaction on `store`, rolled back when it goes out of scope without Commit(): an
// exception or an early return leaves nothing half-written. Rollback() ends it early (before
// work that must happen outside it, e.g. auditing a refusal).
class Transaction {
 public:
  explicit Transaction(Store& store) : store_(store) { store_.Begin(); }
  ~Transaction() {
    if (!open_) return;
    try {
      store_.Rollback();
    } catch (...) {  // a broken connection: the server drops the transaction anyway
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void Commit() {
    store_.Commit();
    open_ = false;
  }
  void Rollback() {
    open_ = false;
    store_.Rollback();
  }

 private:
  Store& store_;
  bool open_ = true;
};

// How to open a store.
struct StoreOptions {
  // SQLite page cache per connection. Bulk imports want it large; a server holding a pool of
  // connections wants it small (the OS page cache is shared between them).
  int64_t cache_bytes = int64_t{1} << 30;
  // PostgreSQL: false = commits return before their WAL reaches the disk
  // (synchronous_commit off): a crash of the database server may lose the last fraction of a
  // second of commits, never consistency. As SQLite's synchronous=NORMAL on power loss.
  bool durable_commits = true;
};

// Opens the store named by `spec`: a PostgreSQL URI (`postgresql://…` or `postgres://…`; the
// database must exist) or else a file path (SQLite, created if missing). Throws StoreError.
std::unique_ptr<Store> OpenStore(const std::string& spec, const StoreOptions& options = {});

// True when `spec` names a PostgreSQL database rather than an SQLite file.
bool IsPostgresSpec(const std::string& spec);

// `spec` fit to print: a password in a PostgreSQL URI is replaced by "***".
std::string ShownSpec(const std::string& spec);

// Hash of a record's content for change detection: every field except the collection date
// and the source, which describe the visit rather than the person.
uint64_t ContentHash(const CellViews& cells);

}  // namespace lmis
