// Numbered schema migrations. A database records the migrations applied to it
// (schema_migrations); `lmis init` applies the rest in order. Never edit a released migration:
// add the next one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lmis {

struct Migration {
  int version;
  std::string_view name;
  std::string sqlite;  // SQL for SQLite
};

// All migrations, in version order starting at 1.
const std::vector<Migration>& Migrations();

}  // namespace lmis
