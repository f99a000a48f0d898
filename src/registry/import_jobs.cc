#include "registry/import_jobs.h"

#include "registry/csv_rejects.h"

namespace lmis {
namespace {
// Refuses rows residing outside the uploader's jurisdiction.
std::optional<Violation> OutsideJurisdiction(const Principal& who, int64_t person_id,
                                             const std::string& residence) {
  if (Decide(who, Action::kWrite, {person_id, residence}) == Decision::kAllow) return std::nullopt;
  return Violation{"current_unit", ViolationCode::kOutsideJurisdiction,
                   "Nơi ở ngoài phạm vi quản lý của người nhập",
                   "The residence lies outside the uploader's jurisdiction"};
}
}  // namespace

ImportJobs::Job::~Job() {
  if (thread.joinable()) thread.join();
  if (rejects) std::fclose(rejects);
  if (warnings) std::fclose(warnings);
}

ImportJobs::~ImportJobs() {
  std::map<int64_t, std::unique_ptr<Job>> jobs;
  {
    std::lock_guard lock(mu_);
    jobs.swap(jobs_);
  }
  jobs.clear();  // joins each
}

int64_t ImportJobs::Start(const Principal& who, const std::string& address, std::string data,
                          FileFormat format, std::string label, std::optional<ExtractKind> kind) {
  auto job = std::make_unique<Job>();
  job->rejects = std::tmpfile();
  job->warnings = std::tmpfile();
  if (!job->rejects || !job->warnings)
    throw std::runtime_error("cannot create a temporary file for rejects");
  std::lock_guard lock(mu_);
  const int64_t id = next_id_++;
  job->status.id = id;
  job->status.owner = who.username;
  if (kind) job->status.kind = std::string(FormatOf(*kind).slug);
  job->status.state = "running";
  job->status.bytes_total = static_cast<int64_t>(data.size());
  Job* raw = job.get();
  jobs_[id] = std::move(job);
  raw->thread = std::thread(&ImportJobs::Run, this, raw, who, address, std::move(data), format,
                            std::move(label), kind);
  return id;
}

void ImportJobs::ImportWorkerFile(Job* job, const Principal& who, std::FILE* in, FileFormat format,
                                  const std::string& label, ImportJobStatus* status) {
  auto rows = OpenWorkerRows(in, format);
  auto store = OpenStore(db_spec_);
  CsvRejects rejects(job->rejects);
  ImportOptions options;
  options.actor = "api:" + who.username;
  options.file_label = label;
  options.admit = [&who](int64_t person_id, const std::string& residence) {
    return OutsideJurisdiction(who, person_id, residence);
  };
  options.progress = [this, job](int64_t bytes, int64_t rows_done) {
    std::lock_guard lock(mu_);
    job->status.bytes_read = bytes;
    job->status.rows_done = rows_done;
  };
  ImportResult result = ImportWorkers(*rows, ref_, *store, clock_, rejects, options);
  status->result = result;
  status->state = result.record.failed ? "failed" : "done";
  status->rows_done = result.record.rows;
}

void ImportJobs::ImportExtractFile(Job* job, const Principal& who, std::FILE* in, FileFormat format,
                                   const std::string& label, ExtractKind kind,
                                   ImportJobStatus* status) {
  const ExtractFormat& f = FormatOf(kind);
  auto rows = OpenTableRows(in, format, ColumnNames(f), RequiredColumnNames(f));
  auto store = OpenStore(db_spec_);
  CsvRejects rejects(job->rejects), warnings(job->warnings);
  ExtractImportOptions options;
  options.actor = "api:" + who.username;
  options.file_label = label;
  if (kind == ExtractKind::kPopulation)
    options.admit = [&who](const ExtractPut& put) {
      return OutsideJurisdiction(who, put.person_id, put.residence_unit);
    };
  options.progress = [this, job](int64_t bytes, int64_t rows_done) {
    std::lock_guard lock(mu_);
    job->status.bytes_read = bytes;
    job->status.rows_done = rows_done;
  };
  ExtractImportResult result =
      ImportExtract(f, *rows, ref_, *store, clock_, rejects, &warnings, options);
  status->extract = result.run;
  status->state = "done";
  status->rows_done = result.run.rows_read;
}

void ImportJobs::Run(Job* job, Principal who, std::string address, std::string data,
                     FileFormat format, std::string label, std::optional<ExtractKind> kind) {
  ImportJobStatus final_status;
  {
    std::lock_guard lock(mu_);
    final_status = job->status;
  }
  try {
    std::FILE* in = fmemopen(data.data(), data.size(), "r");
    if (!in) throw std::runtime_error("cannot read the upload");
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(in, std::fclose);
    if (kind)
      ImportExtractFile(job, who, in, format, label, *kind, &final_status);
    else
      ImportWorkerFile(job, who, in, format, label, &final_status);
    std::fflush(job->rejects);
    std::fflush(job->warnings);
  } catch (const FileRejected& e) {
    CsvRejects rejects(job->rejects);
    for (const Violation& v : e.violations()) rejects.Reject(1, v);
    std::fflush(job->rejects);
    final_status.state = "failed";
    final_status.error_vi = "Tệp bị từ chối: tiêu đề cột không hợp lệ hoặc thiếu cột bắt buộc";
    final_status.error_en = std::string("File rejected: ") + e.what();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lmis: import job %lld failed: %s\n",
                 static_cast<long long>(final_status.id), e.what());
    final_status.state = "failed";
    final_status.error_vi = "Nhập dữ liệu thất bại";
    final_status.error_en = "The import failed";
  }
  final_status.bytes_read = final_status.bytes_total;
  AuditEvent event;
  event.at = clock_.Now();
  event.username = who.username;
  event.role = std::string(RoleSlug(who.role));
  event.unit = who.unit;
  event.action = kind ? "import_" + final_status.kind : "import";
  event.outcome = final_status.state == "done" ? "allow" : "fail";
  if (kind) {
    const ExtractRunRecord& r = final_status.extract;
    event.detail = "job " + std::to_string(final_status.id) + ": rows " +
                   std::to_string(r.rows_read) + ", added " + std::to_string(r.added) +
                   ", changed " + std::to_string(r.changed) + ", rejected " +
                   std::to_string(r.rejected);
  } else {
    const ImportRecord& r = final_status.result.record;
    event.detail = "job " + std::to_string(final_status.id) + ": rows " + std::to_string(r.rows) +
                   ", created " + std::to_string(r.created) + ", new_versions " +
                   std::to_string(r.new_versions) + ", unchanged " + std::to_string(r.unchanged) +
                   ", rejected " + std::to_string(r.rejected_rows);
  }
  event.address = address;
  try {
    audit_.Write({event});
  } catch (...) {
    // The rows carry the actor and import id; the job's state still says how it ended.
  }
  std::lock_guard lock(mu_);
  job->status = final_status;
}

std::optional<ImportJobStatus> ImportJobs::Status(int64_t id) const {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return it->second->status;
}

std::optional<std::string> ImportJobs::FileText(std::FILE* f) {
  std::fflush(f);
  std::string out;
  long end = std::ftell(f);
  std::rewind(f);
  out.resize(static_cast<size_t>(end));
  size_t n = std::fread(out.data(), 1, out.size(), f);
  out.resize(n);
  std::fseek(f, 0, SEEK_END);
  return out;
}

std::optional<std::string> ImportJobs::RejectsCsv(int64_t id) const {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  if (it->second->status.state == "running") return std::string();  // the job still writes it
  return FileText(it->second->rejects);
}

std::optional<std::string> ImportJobs::WarningsCsv(int64_t id) const {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  if (it->second->status.state == "running") return std::string();
  return FileText(it->second->warnings);
}

}  // namespace lmis
