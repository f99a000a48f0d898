#include "store/store.h"

#include <xxhash.h>

#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace lmis {

bool IsPostgresSpec(const std::string& spec) {
  return spec.starts_with("postgresql://") || spec.starts_with("postgres://");
}

std::string ShownSpec(const std::string& spec) {
  if (!IsPostgresSpec(spec)) return spec;
  size_t authority = spec.find("//") + 2;
  size_t at = spec.find('@', authority);
  size_t slash = spec.find('/', authority);
  if (at == std::string::npos || (slash != std::string::npos && slash < at)) return spec;
  size_t colon = spec.find(':', authority);
  if (colon == std::string::npos || colon > at) return spec;
  return spec.substr(0, colon + 1) + "***" + spec.substr(at);
}

std::unique_ptr<Store> OpenStore(const std::string& spec) {
  if (IsPostgresSpec(spec)) return OpenPostgresStore(spec);
  return OpenSqliteStore(spec);
}

void Store::PutBatch(std::span<const WorkerPut* const> puts, std::span<PutOutcome> outcomes) {
  for (size_t i = 0; i < puts.size(); ++i) outcomes[i] = Put(*puts[i]);
}

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
