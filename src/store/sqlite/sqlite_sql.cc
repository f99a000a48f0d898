#include "store/sqlite/sqlite_sql.h"

namespace lmis {
namespace {

// $1, $2 … become ?1, ?2 … (SQLite's numbered parameters) outside quoted text.
std::string Rewrite(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      c = '?';
    }
    out.push_back(c);
  }
  return out;
}

class Row : public SqlRow {
 public:
  explicit Row(const SqliteStmt& s) : s_(s) {}
  bool IsNull(int col) const override { return s_.IsNull(col); }
  int64_t Int(int col) const override { return s_.Int(col); }
  std::string_view Text(int col) const override { return s_.View(col); }

 private:
  const SqliteStmt& s_;
};

// Resets a statement and marks it free again, however the caller leaves.
class InUse {
 public:
  InUse(SqliteStmt& s, bool* busy) : s_(s), busy_(busy) {
    if (busy_) *busy_ = true;
  }
  ~InUse() {
    s_.Reset();
    if (busy_) *busy_ = false;
  }
  InUse(const InUse&) = delete;
  InUse& operator=(const InUse&) = delete;

 private:
  SqliteStmt& s_;
  bool* busy_;
};

}  // namespace

SqliteSql::Use SqliteSql::Prepare(std::string_view sql) {
  std::string text = Rewrite(sql);
  Use use;
  auto it = cache_.find(text);
  if (it != cache_.end() && it->second.busy) {  // in use further up the stack
    use.own = std::make_unique<SqliteStmt>(db_, text);
    use.stmt = use.own.get();
    return use;
  }
  if (it == cache_.end()) {
    if (cache_.size() >= 256) {
      // Only statements not in use may go.
      for (auto i = cache_.begin(); i != cache_.end();)
        i = i->second.busy ? std::next(i) : cache_.erase(i);
    }
    it = cache_.emplace(text, Cached{std::make_unique<SqliteStmt>(db_, text), false}).first;
  }
  use.stmt = it->second.stmt.get();
  use.busy = &it->second.busy;
  return use;
}

void SqliteSql::BindAll(SqliteStmt& s, const SqlValues& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    int n = static_cast<int>(i) + 1;
    const SqlValue& v = params[i];
    if (const auto* x = std::get_if<int64_t>(&v))
      s.Bind(n, *x);
    else if (const auto* t = std::get_if<std::string>(&v))
      s.BindText(n, *t);
    else
      s.BindNull(n);
  }
}

int64_t SqliteSql::Run(std::string_view sql, const SqlValues& params) {
  Use use = Prepare(sql);
  SqliteStmt& s = *use.stmt;
  InUse in_use(s, use.busy);
  BindAll(s, params);
  while (s.Step()) {
  }
  return sqlite3_changes(db_);
}

void SqliteSql::Query(std::string_view sql, const SqlValues& params,
                      const std::function<void(const SqlRow&)>& row, Plan) {
  Use use = Prepare(sql);
  SqliteStmt& s = *use.stmt;
  InUse in_use(s, use.busy);
  BindAll(s, params);
  Row r(s);
  while (s.Step()) row(r);
}

void SqliteSql::Append(std::string_view table, std::span<const std::string_view> columns,
                       const std::function<bool(SqlValues* row)>& next) {
  std::string sql = "INSERT INTO " + std::string(table) + "(";
  std::string values;
  for (size_t i = 0; i < columns.size(); ++i) {
    sql += (i ? ", " : "") + std::string(columns[i]);
    values += (i ? ", $" : "$") + std::to_string(i + 1);
  }
  sql += ") VALUES (" + values + ")";
  // Prepared once for all the rows.
  Use use = Prepare(sql);
  SqliteStmt& s = *use.stmt;
  SqlValues row;
  while (true) {
    row.clear();
    if (!next(&row)) break;
    if (row.size() != columns.size())
      throw StoreError("Append to " + std::string(table) + ": " + std::to_string(row.size()) +
                       " values for " + std::to_string(columns.size()) + " columns");
    InUse in_use(s, use.busy);
    BindAll(s, row);
    while (s.Step()) {
    }
  }
}

}  // namespace lmis
