#include "auth/audit_writer.h"

#include <algorithm>

namespace lmis {

AuditWriter::AuditWriter(std::unique_ptr<Store> store)
    : store_(std::move(store)), thread_([this] { Run(); }) {}

AuditWriter::~AuditWriter() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_.notify_one();
  thread_.join();
}

void AuditWriter::Write(std::vector<AuditEvent> events) {
  std::unique_lock lock(mu_);
  if (stopping_) throw StoreError("the audit log is closed");
  const uint64_t batch = queued_batch_;
  for (AuditEvent& e : events) queue_.push_back(std::move(e));
  work_.notify_one();
  done_.wait(lock, [&] { return committed_batch_ >= batch; });
  for (const auto& [failed, error] : failures_)
    if (failed == batch) std::rethrow_exception(error);
}

int64_t AuditWriter::written() const {
  std::lock_guard lock(mu_);
  return written_;
}

void AuditWriter::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    std::vector<AuditEvent> batch;
    batch.swap(queue_);
    const uint64_t number = queued_batch_++;
    lock.unlock();
    std::exception_ptr error;
    try {
      store_->AppendAudit(batch);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    committed_batch_ = number;
    if (error) {
      failures_.emplace_back(number, error);
      // Waiters of older batches have woken already; keep the list short.
      if (failures_.size() > 16) failures_.erase(failures_.begin());
    } else {
      written_ += static_cast<int64_t>(batch.size());
    }
    done_.notify_all();
  }
}

}  // namespace lmis
