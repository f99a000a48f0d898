// Portable SQL over a store's own connection. The registers, campaigns and reconciliation
// tables are written once, in the SQL that SQLite and PostgreSQL both speak, with numbered
// parameters $1, $2, …; this interface runs it on either backend, inside the store's
// transactions (Store::Begin/Commit), so that a change and its audit entry commit together.
// Bulk paths (Append, Stream) use each backend's fast route: prepared inserts on SQLite,
// COPY on PostgreSQL.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lmis {

enum class SqlDialect : uint8_t { kSqlite, kPostgres };

// A parameter or cell value: NULL, an integer or a text.
using SqlValue = std::variant<std::monostate, int64_t, std::string>;
using SqlValues = std::vector<SqlValue>;

// How PostgreSQL plans a query: for the values given (the default), or once for any values
// — for lookups of thousands of keys in one array parameter, whose values cost more to weigh
// in planning than the lookup itself. SQLite plans once either way.
enum class Plan : uint8_t { kForValues, kGeneric };

// A text parameter, or NULL when `text` is empty (absent cells are stored as NULL).
SqlValue TextOrNull(std::string_view text);

// One row of a result, valid during the callback that receives it.
class SqlRow {
 public:
  virtual ~SqlRow() = default;
  virtual bool IsNull(int col) const = 0;
  // The column as an integer (0 for NULL).
  virtual int64_t Int(int col) const = 0;
  // The column as text ("" for NULL).
  virtual std::string_view Text(int col) const = 0;
  std::string Str(int col) const { return std::string(Text(col)); }
};

class Sql {
 public:
  virtual ~Sql() = default;
  virtual SqlDialect dialect() const = 0;

  // Runs one statement with `params` bound to $1, $2, …; returns the number of rows it
  // changed. Throws StoreError.
  virtual int64_t Run(std::string_view sql, const SqlValues& params = {}) = 0;
  // Runs a query and calls `row` for each result row, in order. Throws StoreError.
  virtual void Query(std::string_view sql, const SqlValues& params,
                     const std::function<void(const SqlRow&)>& row,
                     Plan plan = Plan::kForValues) = 0;
  // The same for results of millions of rows (PostgreSQL: COPY … TO STDOUT, parameters
  // inlined as quoted literals). Throws StoreError.
  virtual void Stream(std::string_view sql, const SqlValues& params,
                      const std::function<void(const SqlRow&)>& row) = 0;
  // Inserts many rows into `table`: `next` fills the values of one row (in `columns` order)
  // and returns false when there are no more. Throws StoreError.
  virtual void Append(std::string_view table, std::span<const std::string_view> columns,
                      const std::function<bool(SqlValues* row)>& next) = 0;
  // The id of the row an INSERT … RETURNING id made. Throws StoreError.
  int64_t InsertReturningId(std::string_view sql, const SqlValues& params = {});

  // The first column of the first row, or nullopt when there is no row.
  std::optional<int64_t> OneInt(std::string_view sql, const SqlValues& params = {});
  std::optional<std::string> OneText(std::string_view sql, const SqlValues& params = {});

  // SQL testing `column` against a list given as one parameter $n, bound with TextList or
  // IntList: `column IN (…)` in the backend's way (a JSON array on SQLite, an array on
  // PostgreSQL).
  std::string InTextList(std::string_view column, int n) const;
  std::string InIntList(std::string_view column, int n) const;
  SqlValue TextList(std::span<const std::string> values) const;
  SqlValue IntList(std::span<const int64_t> values) const;
};

}  // namespace lmis
