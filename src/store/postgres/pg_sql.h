// The portable SQL of store/sql.h on a PostgreSQL connection owned by the PostgreSQL store.
#pragma once

#include "store/postgres/pg_conn.h"
#include "store/sql.h"

namespace lmis {

class PgSql : public Sql {
 public:
  explicit PgSql(PgConn& conn) : conn_(conn) {}
  PgSql(const PgSql&) = delete;
  PgSql& operator=(const PgSql&) = delete;

  SqlDialect dialect() const override { return SqlDialect::kPostgres; }
  int64_t Run(std::string_view sql, const SqlValues& params) override;
  void Query(std::string_view sql, const SqlValues& params,
             const std::function<void(const SqlRow&)>& row, Plan plan = Plan::kForValues) override;
  void Stream(std::string_view sql, const SqlValues& params,
              const std::function<void(const SqlRow&)>& row) override;
  void Append(std::string_view table, std::span<const std::string_view> columns,
              const std::function<bool(SqlValues* row)>& next) override;

 private:
  // Prepares `sql` with a plan for any values, then runs it.
  PgResult ExecGeneric(std::string_view sql, const SqlValues& params);
  PgConn& conn_;
};

}  // namespace lmis
