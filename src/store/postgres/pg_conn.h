// A thin RAII layer over libpq: one connection, results that free themselves, parameters always
// bound (never spliced into SQL), and COPY FROM STDIN for bulk writes.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lmis {

// The result of one statement; the connection's error is thrown before one is made.
class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r) {}
  ~PgResult() { PQclear(r_); }
  PgResult(PgResult&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;

  int rows() const { return PQntuples(r_); }
  bool IsNull(int row, int col) const { return PQgetisnull(r_, row, col); }
  std::string_view Text(int row, int col) const {
    return {PQgetvalue(r_, row, col), static_cast<size_t>(PQgetlength(r_, row, col))};
  }
  int64_t Int(int row, int col) const;
  // Rows changed by an INSERT, UPDATE or DELETE.
  int64_t affected() const;

 private:
  PGresult* r_;
};

// Text parameters of a statement: nullopt is SQL NULL.
using PgParams = std::vector<std::optional<std::string>>;

// One connection to a PostgreSQL database (not thread-safe: one user at a time).
class PgConn {
 public:
  // Connects to `conninfo` (a postgresql:// URI or key=value pairs). Throws StoreError.
  explicit PgConn(const std::string& conninfo);
  ~PgConn();
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;

  // Runs SQL without parameters (several statements allowed). Throws StoreError.
  PgResult Exec(const std::string& sql);
  // Runs one statement with text parameters $1, $2, …. Throws StoreError.
  PgResult Exec(const std::string& sql, const PgParams& params);
  // Prepares a named statement for ExecPrepared. Throws StoreError.
  void Prepare(const std::string& name, const std::string& sql);
  PgResult ExecPrepared(const std::string& name, const PgParams& params);
  // Runs a query and calls `row` for each result row as it arrives, without holding the whole
  // result in memory.
  template <typename RowFn>
  void Stream(const std::string& sql, const PgParams& params, RowFn row);

  // COPY … FROM STDIN: Copy starts it, Put sends bytes, End finishes it (throws on failure).
  void CopyStart(const std::string& copy_sql);
  void CopyPut(std::string_view bytes);
  void CopyEnd();
  // Abandons a COPY in progress (its rows are discarded); errors are ignored.
  void CopyAbort();

  // COPY … TO STDOUT: calls `row` with each data row as sent (text format, without its
  // newline). Throws StoreError.
  template <typename RowFn>
  void CopyOut(const std::string& copy_sql, RowFn row);
  // `text` as a quoted SQL literal (PQescapeLiteral). Throws StoreError.
  std::string Literal(std::string_view text);

  bool InTransaction() const;
  // True when a statement of the open transaction failed: only ROLLBACK is possible.
  bool TransactionFailed() const;
  PGconn* raw() { return conn_; }

 private:
  void SendQuery(const std::string& sql, const PgParams& params);
  void CopyOutStart(const std::string& copy_sql);
  // The next row of a COPY … TO STDOUT, false at its end (whose status is then checked).
  bool CopyOutNext(std::string_view* row);
  // Cancels a COPY … TO STDOUT in progress and discards what is left of it.
  void CopyOutAbandon();
  // Cancels the running query and discards what is left of its results.
  void Abandon();
  PgResult Check(PGresult* r, const std::string& sql);
  [[noreturn]] void Fail(const std::string& what);

  PGconn* conn_ = nullptr;
  char* copy_buffer_ = nullptr;  // the row CopyOutNext handed out last
};

template <typename RowFn>
void PgConn::Stream(const std::string& sql, const PgParams& params, RowFn row) {
  SendQuery(sql, params);
  if (!PQsetSingleRowMode(conn_)) Fail("cannot stream the result of: " + sql);
  std::optional<std::string> error;
  try {
    while (PGresult* r = PQgetResult(conn_)) {
      PgResult result(r);
      ExecStatusType status = PQresultStatus(r);
      if (status == PGRES_SINGLE_TUPLE) {
        if (!error) row(result, 0);
      } else if (status != PGRES_TUPLES_OK && !error) {
        error = PQresultErrorMessage(r);
      }
    }
  } catch (...) {
    Abandon();  // the connection must be ready for the next statement
    throw;
  }
  if (error) Fail(*error);
}

template <typename RowFn>
void PgConn::CopyOut(const std::string& copy_sql, RowFn row) {
  CopyOutStart(copy_sql);
  std::string_view line;
  try {
    while (CopyOutNext(&line)) row(line);
  } catch (...) {
    CopyOutAbandon();
    throw;
  }
}

}  // namespace lmis
