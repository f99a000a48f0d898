// Imports started over the API: each runs on a thread of its own with a connection of its
// own, while the uploader polls its progress and fetches its rejects file. Rows outside the
// uploader's jurisdiction are rejected (outside_jurisdiction). Jobs live in memory; the
// imports table keeps the record of each run.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "auth/access.h"
#include "auth/audit_writer.h"
#include "core/clock.h"
#include "core/extract.h"
#include "core/refdata.h"
#include "exchange/worker_file.h"
#include "registry/extract_import.h"
#include "registry/import.h"

namespace lmis {

// A snapshot of one import job.
struct ImportJobStatus {
  int64_t id = 0;
  std::string kind = "workers";  // workers, or an extract: population, insurance, enterprises
  std::string owner;             // username of the uploader
  std::string state;             // running, done, failed
  int64_t bytes_total = 0;
  int64_t bytes_read = 0;
  int64_t rows_done = 0;
  ImportResult result;             // final counts once done (workers)
  ExtractRunRecord extract;        // final counts once done (extracts)
  std::string error_vi, error_en;  // why it failed
};

class ImportJobs {
 public:
  ImportJobs(std::string db_spec, const RefData& ref, const Clock& clock, AuditWriter& audit)
      : db_spec_(std::move(db_spec)), ref_(ref), clock_(clock), audit_(audit) {}
  // Waits for running jobs.
  ~ImportJobs();
  ImportJobs(const ImportJobs&) = delete;
  ImportJobs& operator=(const ImportJobs&) = delete;

  // Starts importing `data` (a whole file in `format`) as `who`: worker records, or the
  // extract of `kind`; returns the job id.
  int64_t Start(const Principal& who, const std::string& address, std::string data,
                FileFormat format, std::string label,
                std::optional<ExtractKind> kind = std::nullopt);
  // The job's state; nullopt when there is no such job.
  std::optional<ImportJobStatus> Status(int64_t id) const;
  // The job's rejects file (CSV) once it has ended, "" while it runs; nullopt when there is
  // no such job.
  std::optional<std::string> RejectsCsv(int64_t id) const;
  // The same for the warnings of an extract import (rows kept, problems flagged).
  std::optional<std::string> WarningsCsv(int64_t id) const;

 private:
  struct Job {
    ImportJobStatus status;
    std::FILE* rejects = nullptr;   // a temporary file
    std::FILE* warnings = nullptr;  // a temporary file
    std::thread thread;
    ~Job();
  };
  void Run(Job* job, Principal who, std::string address, std::string data, FileFormat format,
           std::string label, std::optional<ExtractKind> kind);
  // Imports worker records or an extract from `in`; fills `status` with the outcome.
  void ImportWorkerFile(Job* job, const Principal& who, std::FILE* in, FileFormat format,
                        const std::string& label, ImportJobStatus* status);
  void ImportExtractFile(Job* job, const Principal& who, std::FILE* in, FileFormat format,
                         const std::string& label, ExtractKind kind, ImportJobStatus* status);
  static std::optional<std::string> FileText(std::FILE* f);

  const std::string db_spec_;
  const RefData& ref_;
  const Clock& clock_;
  AuditWriter& audit_;
  mutable std::mutex mu_;
  std::map<int64_t, std::unique_ptr<Job>> jobs_;
  int64_t next_id_ = 1;
};

}  // namespace lmis
