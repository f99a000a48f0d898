// The registry on PostgreSQL: the deployment for a province or the nation. Same schema (in
// PostgreSQL's dialect, partitioned by province) and same behaviour as the SQLite store; bulk
// writes go through COPY FROM STDIN in binary format.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace lmis {

// Connects to the existing database named by `conninfo` (a postgresql:// URI). Throws
// StoreError when the server cannot be reached or refuses the connection.
std::unique_ptr<Store> OpenPostgresStore(const std::string& conninfo, const StoreOptions& options);

}  // namespace lmis
