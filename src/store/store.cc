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
  std::string shown = spec;
  // user:password@ in the authority.
  size_t authority = shown.find("//") + 2;
  size_t end = shown.find_first_of("/?", authority);
  size_t at = shown.rfind('@', end);
  if (at != std::string::npos && at >= authority) {
    size_t colon = shown.find(':', authority);
    if (colon < at) shown.replace(colon + 1, at - colon - 1, "***");
  }
  // password=… among the query parameters.
  for (size_t p = shown.find("password=", authority); p != std::string::npos;
       p = shown.find("password=", p + 1)) {
    if (shown[p - 1] != '?' && shown[p - 1] != '&') continue;
    size_t value = p + 9, stop = shown.find('&', value);
    shown.replace(value, (stop == std::string::npos ? shown.size() : stop) - value, "***");
  }
  return shown;
}

std::unique_ptr<Store> OpenStore(const std::string& spec, const StoreOptions& options) {
  if (IsPostgresSpec(spec)) return OpenPostgresStore(spec, options);
  return OpenSqliteStore(spec, options);
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
