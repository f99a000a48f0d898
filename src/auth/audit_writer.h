// Writes the audit log with group commit: every request waits until its entry is durable
// (a read is never answered unless its audit entry is stored), while the entries of
// concurrent requests share one transaction. One writer thread with its own connection.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/store.h"

namespace lmis {

class AuditWriter {
 public:
  // Takes a connection of its own; starts the writer thread.
  explicit AuditWriter(std::unique_ptr<Store> store);
  // Writes what is queued, then stops.
  ~AuditWriter();
  AuditWriter(const AuditWriter&) = delete;
  AuditWriter& operator=(const AuditWriter&) = delete;

  // Stores `events` and returns once they are committed. Throws StoreError when the batch they
  // were part of could not be written (callers then answer with an error, not with the data).
  void Write(std::vector<AuditEvent> events);

  // Entries committed so far (for tests and metrics).
  int64_t written() const;

 private:
  void Run();

  // Entries that commit together, and how that went.
  struct Batch {
    std::vector<AuditEvent> events;
    bool done = false;
    std::exception_ptr error;
  };

  std::unique_ptr<Store> store_;
  mutable std::mutex mu_;
  std::condition_variable work_, done_;
  std::shared_ptr<Batch> open_ = std::make_shared<Batch>();  // the batch new entries join
  int64_t written_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace lmis
