// The registry on SQLite: one file in WAL mode, the embedded default.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace lmis {

// Opens (creating if needed) the SQLite database at `path`. Throws StoreError.
std::unique_ptr<Store> OpenSqliteStore(const std::string& path, const StoreOptions& options);

}  // namespace lmis
