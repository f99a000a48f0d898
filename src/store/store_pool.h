// A fixed set of open connections shared by the server's handler threads: a handler leases
// one for the length of a request. Stores are not thread-safe; a lease is exclusive.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.h"

namespace lmis {

class StorePool {
 public:
  // Opens `size` connections to `spec` now. Throws StoreError when one cannot be opened.
  StorePool(const std::string& spec, int size, const StoreOptions& options);
  StorePool(const StorePool&) = delete;
  StorePool& operator=(const StorePool&) = delete;

  // One connection for as long as the lease lives. A lease whose connection saw an error
  // still returns it: each call starts its own transaction, and a failed one is rolled back.
  class Lease {
   public:
    Lease(StorePool& pool, std::unique_ptr<Store> store) : pool_(&pool), store_(std::move(store)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();
    Store& operator*() const { return *store_; }
    Store* operator->() const { return store_.get(); }

   private:
    StorePool* pool_;
    std::unique_ptr<Store> store_;
  };

  // Waits for a free connection.
  Lease Acquire();

 private:
  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Store>> free_;
};

}  // namespace lmis
