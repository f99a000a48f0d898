// Numbered schema migrations. A database records the migrations applied to it
// (schema_migrations); `lmis init` applies the rest in order. Never edit a released migration:
// add the next one.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lmis {

struct Migration {
  int version;
  std::string_view name;
  std::string sqlite;    // SQL for SQLite
  std::string postgres;  // SQL for PostgreSQL: the same tables, partitioned by province
};

// Migrations kept beside the tables they create (store/schema_*.cc).
Migration RegistersMigration();
Migration CollectMigration();
Migration ReportsMigration();

// All migrations, in version order starting at 1.
const std::vector<Migration>& Migrations();

// The 34 provinces of the 2025 reform: the LIST partitions of person-linked tables.
const std::vector<std::string_view>& PartitionProvinces();

// The registry's own invariants, checked with `count` (runs a query returning one number, in
// SQL that both backends speak): "ok", or one line per broken invariant.
std::string RegistryCheck(const std::function<int64_t(const std::string& sql)>& count);

}  // namespace lmis
