#include "auth/audit_writer.h"

#include <utility>

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
  std::shared_ptr<Batch> batch = open_;
  for (AuditEvent& e : events) batch->events.push_back(std::move(e));
  work_.notify_one();
  done_.wait(lock, [&] { return batch->done; });
  if (batch->error) std::rethrow_exception(batch->error);
}

int64_t AuditWriter::written() const {
  std::lock_guard lock(mu_);
  return written_;
}

void AuditWriter::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    work_.wait(lock, [&] { return stopping_ || !open_->events.empty(); });
    if (open_->events.empty()) return;  // stopping, nothing left
    std::shared_ptr<Batch> batch = std::exchange(open_, std::make_shared<Batch>());
    lock.unlock();
    std::exception_ptr error;
    try {
      store_->AppendAudit(batch->events);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    batch->done = true;
    batch->error = error;
    if (!error) written_ += static_cast<int64_t>(batch->events.size());
    done_.notify_all();
  }
}

}  // namespace lmis
