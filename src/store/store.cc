#include "store/store.h"

#include <xxhash.h>

#include "store/sqlite/sqlite_store.h"

namespace lmis {

std::unique_ptr<Store> OpenStore(const std::string& spec) { return OpenSqliteStore(spec); }

uint64_t ContentHash(const WorkerCells& cells) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  for (size_t i = 0; i < kWorkerFieldCount; ++i) {
    auto f = static_cast<WorkerField>(i);
    if (f == WorkerField::kCollectedOn || f == WorkerField::kSource) continue;
    XXH3_64bits_update(state, cells[i].data(), cells[i].size());
    XXH3_64bits_update(state, "\x1f", 1);
  }
  uint64_t h = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return h;
}

}  // namespace lmis
