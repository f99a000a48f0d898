#include "store/store_pool.h"

namespace lmis {

StorePool::StorePool(const std::string& spec, int size, const StoreOptions& options) {
  for (int i = 0; i < size; ++i) free_.push_back(OpenStore(spec, options));
}

StorePool::Lease::~Lease() {
  if (!store_) return;  // moved from
  try {
    store_->Rollback();  // a request that threw mid-transaction leaves nothing open
  } catch (...) {
  }
  std::lock_guard lock(pool_->mu_);
  pool_->free_.push_back(std::move(store_));
  pool_->freed_.notify_one();
}

StorePool::Lease StorePool::Acquire() {
  std::unique_lock lock(mu_);
  freed_.wait(lock, [&] { return !free_.empty(); });
  std::unique_ptr<Store> store = std::move(free_.back());
  free_.pop_back();
  return Lease(*this, std::move(store));
}

}  // namespace lmis
