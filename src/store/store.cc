#include "store/store.h"

#include <xxhash.h>

#include "store/sqlite/sqlite_store.h"

namespace lmis {

std::unique_ptr<Store> OpenStore(const std::string& spec) { return OpenSqliteStore(spec); }

uint64_t ContentHash(const CellViews& cells) {
  // Cells joined by a separator that cannot occur in them, so that moving text from one field
  // to the next changes the hash.
  thread_local std::string joined;
  joined.clear();
  for (size_t i = 0; i < kWorkerFieldCount; ++i) {
    auto f = static_cast<WorkerField>(i);
    if (f == WorkerField::kCollectedOn || f == WorkerField::kSource) continue;
    joined.append(cells[i]).push_back('\x1f');
  }
  return XXH3_64bits(joined.data(), joined.size());
}

}  // namespace lmis
