#include "testing/test_database.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include "store/postgres/pg_conn.h"

namespace lmis {

std::string BackendName(Backend backend) {
  return backend == Backend::kSqlite ? "sqlite" : "postgres";
}

TestDatabase::TestDatabase(Backend backend) : backend_(backend) {
  if (backend == Backend::kSqlite) {
    spec_ = dir_.Path("test.db");
    return;
  }
  const char* server = std::getenv("LMIS_TEST_PG");
  if (!server || !*server)
    throw std::runtime_error(
        "LMIS_TEST_PG is not set: run the tests through scripts/with-postgres (make test does)");
  server_ = server;
  static std::atomic<int> counter{0};
  name_ = "lmis_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  PgConn(server_ + "/postgres").Exec("CREATE DATABASE " + name_);
  spec_ = server_ + "/" + name_;
}

TestDatabase::~TestDatabase() {
  if (backend_ != Backend::kPostgres) return;
  try {
    PgConn(server_ + "/postgres").Exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (...) {
    // The throw-away cluster goes away with everything in it anyway.
  }
}

}  // namespace lmis
