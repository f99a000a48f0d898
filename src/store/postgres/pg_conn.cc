#include "store/postgres/pg_conn.h"

#include <charconv>

#include "store/store.h"

namespace lmis {

namespace {
int64_t ParseInt(std::string_view t) {
  int64_t v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}
}  // namespace

int64_t PgResult::Int(int row, int col) const { return ParseInt(Text(row, col)); }

int64_t PgResult::affected() const { return ParseInt(PQcmdTuples(r_)); }

PgConn::PgConn(const std::string& conninfo) {
  conn_ = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn_);
    PQfinish(conn_);
    conn_ = nullptr;
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    throw StoreError("cannot connect to PostgreSQL: " + msg);
  }
  // Fixed session settings, so that texts read back do not depend on the server's defaults.
  try {
    Exec(
        "SET client_encoding = 'UTF8'; SET TimeZone = 'UTC'; SET DateStyle = 'ISO'; "
        "SET client_min_messages = 'warning'");
  } catch (...) {
    PQfinish(conn_);
    throw;
  }
}

PgConn::~PgConn() {
  if (copy_buffer_) PQfreemem(copy_buffer_);
  PQfinish(conn_);
}

void PgConn::Fail(const std::string& what) {
  std::string msg = what;
  while (!msg.empty() && msg.back() == '\n') msg.pop_back();
  throw StoreError("PostgreSQL: " + msg);
}

PgResult PgConn::Check(PGresult* r, const std::string& sql) {
  PgResult result(r);
  ExecStatusType status = PQresultStatus(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    Fail(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
  return result;
}

PgResult PgConn::Exec(const std::string& sql) { return Check(PQexec(conn_, sql.c_str()), sql); }

namespace {
std::vector<const char*> Values(const PgParams& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  return values;
}
}  // namespace

PgResult PgConn::Exec(const std::string& sql, const PgParams& params) {
  std::vector<const char*> values = Values(params);
  return Check(PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), nullptr,
                            values.data(), nullptr, nullptr, 0),
               sql);
}

void PgConn::Prepare(const std::string& name, const std::string& sql) {
  Check(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr), sql);
}

PgResult PgConn::ExecPrepared(const std::string& name, const PgParams& params) {
  std::vector<const char*> values = Values(params);
  return Check(PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), values.data(),
                              nullptr, nullptr, 0),
               name);
}

void PgConn::SendQuery(const std::string& sql, const PgParams& params) {
  std::vector<const char*> values = Values(params);
  if (!PQsendQueryParams(conn_, sql.c_str(), static_cast<int>(params.size()), nullptr,
                         values.data(), nullptr, nullptr, 0))
    Fail(PQerrorMessage(conn_));
}

void PgConn::CopyStart(const std::string& copy_sql) {
  PGresult* r = PQexec(conn_, copy_sql.c_str());
  PgResult result(r);
  if (PQresultStatus(r) != PGRES_COPY_IN) Fail(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
}

void PgConn::CopyPut(std::string_view bytes) {
  if (PQputCopyData(conn_, bytes.data(), static_cast<int>(bytes.size())) != 1)
    Fail(PQerrorMessage(conn_));
}

void PgConn::CopyEnd() {
  if (PQputCopyEnd(conn_, nullptr) != 1) Fail(PQerrorMessage(conn_));
  std::optional<std::string> error;
  while (PGresult* r = PQgetResult(conn_)) {
    if (PQresultStatus(r) != PGRES_COMMAND_OK && !error) error = PQresultErrorMessage(r);
    PQclear(r);
  }
  if (error) Fail(*error);
}

void PgConn::CopyAbort() {
  if (PQputCopyEnd(conn_, "abandoned by lmis") != 1) return;
  while (PGresult* r = PQgetResult(conn_)) PQclear(r);
}

void PgConn::CopyOutStart(const std::string& copy_sql) {
  if (!PQsendQuery(conn_, copy_sql.c_str())) Fail(PQerrorMessage(conn_));
  PGresult* r = PQgetResult(conn_);
  PgResult result(r);
  if (PQresultStatus(r) != PGRES_COPY_OUT) {
    std::string error = r ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
    while (PGresult* rest = PQgetResult(conn_)) PQclear(rest);
    Fail(error);
  }
}

bool PgConn::CopyOutNext(std::string_view* row) {
  if (copy_buffer_) {
    PQfreemem(copy_buffer_);
    copy_buffer_ = nullptr;
  }
  int n = PQgetCopyData(conn_, &copy_buffer_, 0);
  if (n > 0) {
    *row = std::string_view(copy_buffer_, static_cast<size_t>(n));
    if (!row->empty() && row->back() == '\n') row->remove_suffix(1);
    return true;
  }
  std::optional<std::string> error;
  if (n == -2) error = PQerrorMessage(conn_);
  while (PGresult* r = PQgetResult(conn_)) {
    if (PQresultStatus(r) != PGRES_COMMAND_OK && !error) error = PQresultErrorMessage(r);
    PQclear(r);
  }
  if (error) Fail(*error);
  return false;
}

void PgConn::CopyOutAbandon() {
  if (PGcancel* cancel = PQgetCancel(conn_)) {
    char error[256];
    PQcancel(cancel, error, sizeof error);
    PQfreeCancel(cancel);
  }
  char* buffer = nullptr;
  while (PQgetCopyData(conn_, &buffer, 0) > 0) PQfreemem(buffer);
  while (PGresult* r = PQgetResult(conn_)) PQclear(r);
}

std::string PgConn::Literal(std::string_view text) {
  char* quoted = PQescapeLiteral(conn_, text.data(), text.size());
  if (!quoted) Fail(PQerrorMessage(conn_));
  std::string out(quoted);
  PQfreemem(quoted);
  return out;
}

void PgConn::Abandon() {
  if (PGcancel* cancel = PQgetCancel(conn_)) {
    char error[256];
    PQcancel(cancel, error, sizeof error);
    PQfreeCancel(cancel);
  }
  while (PGresult* r = PQgetResult(conn_)) PQclear(r);
}

bool PgConn::TransactionFailed() const { return PQtransactionStatus(conn_) == PQTRANS_INERROR; }

bool PgConn::InTransaction() const {
  PGTransactionStatusType s = PQtransactionStatus(conn_);
  return s == PQTRANS_INTRANS || s == PQTRANS_INERROR;
}

}  // namespace lmis
