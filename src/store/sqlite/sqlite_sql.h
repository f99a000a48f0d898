// The portable SQL of store/sql.h on an SQLite connection owned by the SQLite store.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "store/sql.h"
#include "store/sqlite/sqlite_stmt.h"

namespace lmis {

class SqliteSql : public Sql {
 public:
  explicit SqliteSql(sqlite3* db) : db_(db) {}
  SqliteSql(const SqliteSql&) = delete;
  SqliteSql& operator=(const SqliteSql&) = delete;

  SqlDialect dialect() const override { return SqlDialect::kSqlite; }
  int64_t Run(std::string_view sql, const SqlValues& params) override;
  void Query(std::string_view sql, const SqlValues& params,
             const std::function<void(const SqlRow&)>& row, Plan plan = Plan::kForValues) override;
  void Stream(std::string_view sql, const SqlValues& params,
              const std::function<void(const SqlRow&)>& row) override {
    Query(sql, params, row);
  }
  void Append(std::string_view table, std::span<const std::string_view> columns,
              const std::function<bool(SqlValues* row)>& next) override;

 private:
  // A cached statement, and whether a caller is stepping through it (a query run from inside
  // another's row callback then gets a statement of its own).
  struct Cached {
    std::unique_ptr<SqliteStmt> stmt;
    bool busy = false;
  };
  // A statement for one use: the cached one, or one of its own while that is busy.
  struct Use {
    SqliteStmt* stmt = nullptr;
    bool* busy = nullptr;  // the cached statement's flag, or nullptr for an own one
    std::unique_ptr<SqliteStmt> own;
  };
  // Prepares (or finds) `sql` with $n rewritten as ?n.
  Use Prepare(std::string_view sql);
  static void BindAll(SqliteStmt& s, const SqlValues& params);

  sqlite3* db_;
  std::unordered_map<std::string, Cached> cache_;
};

}  // namespace lmis
