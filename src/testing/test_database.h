// Storage backends for tests: every storage, registry and CLI test runs on both.
#pragma once

#include <memory>
#include <string>

#include "testing/temp_dir.h"

namespace lmis {

enum class Backend { kSqlite, kPostgres };

// "sqlite" or "postgres": test names and messages.
std::string BackendName(Backend backend);

// A fresh, empty database for one test, removed at the end: an SQLite file in a temporary
// directory, or a new database on the PostgreSQL server named by LMIS_TEST_PG (a URI without a
// database name, as scripts/with-postgres sets). Throws when PostgreSQL is asked for and
// LMIS_TEST_PG is unset or the server refuses.
class TestDatabase {
 public:
  explicit TestDatabase(Backend backend);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // What OpenStore takes.
  const std::string& spec() const { return spec_; }

 private:
  Backend backend_;
  TempDir dir_;
  std::string server_;  // PostgreSQL: the server URI
  std::string name_;    // PostgreSQL: the database
  std::string spec_;
};

}  // namespace lmis
