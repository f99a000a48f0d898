#include "cli/command.h"

#include <sys/stat.h>

#include <filesystem>

#include "core/clock.h"
#include "exchange/refdata_files.h"

namespace lmis {

File::File(const std::string& path, const char* mode) : path_(path) {
  bool write = mode[0] == 'w';
  if (path == "-") {
    f_ = write ? stdout : stdin;
    owned_ = false;
  } else {
    f_ = std::fopen(path.c_str(), mode);
  }
  if (!f_) throw UserError("không mở được tệp " + path, "cannot open file " + path);
  if (write) std::setvbuf(f_, nullptr, _IOFBF, 1 << 20);
}

File::~File() {
  if (owned_ && f_) std::fclose(f_);
}

void File::Close() {
  bool bad = std::fflush(f_) != 0 || std::ferror(f_);
  if (owned_ && std::fclose(f_) != 0) bad = true;
  f_ = nullptr;
  if (bad)
    throw UserError("ghi tệp " + path_ + " không thành công", "writing " + path_ + " failed");
}

int64_t File::size() const {
  struct stat st {};
  return f_ && fstat(fileno(f_), &st) == 0 && S_ISREG(st.st_mode) ? st.st_size : 0;
}

const RefData& RefDataCache::get() {
  if (!ref_)
    ref_ = std::make_unique<RefData>(
        LoadRefData(g_.data_dir.empty() ? DefaultDataDir() : g_.data_dir));
  return *ref_;
}

std::unique_ptr<Store> OpenReadyStore(const Globals& g) {
  const std::string db = ShownSpec(g.db);
  if (!IsPostgresSpec(g.db) && !std::filesystem::exists(g.db))
    throw UserError("không có cơ sở dữ liệu " + db + ": tạo bằng `lmis --db " + db + " init`",
                    "no database " + db + ": create it with `lmis --db " + db + " init`");
  auto store = OpenStore(g.db);
  int version = store->SchemaVersion();
  if (version > store->LatestSchemaVersion())
    throw UserError("cơ sở dữ liệu " + db + " có lược đồ mới hơn phiên bản lmis này",
                    "database " + db + " has a newer schema than this lmis: upgrade lmis");
  if (version < store->LatestSchemaVersion())
    throw UserError("cơ sở dữ liệu " + db +
                        " chưa được khởi tạo hoặc cần nâng cấp: chạy `lmis --db " + db + " init`",
                    "database " + db + " is not initialised or needs an upgrade: run `lmis --db " +
                        db + " init`");
  return store;
}

void WriteOut(const std::string& path, const std::string& bytes) {
  File f(path, "wb");
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), f.get()) != bytes.size())
    throw UserError("ghi tệp " + path + " không thành công", "writing " + path + " failed");
  f.Close();
}

void WriteJson(const std::string& path, const nlohmann::json& j) {
  WriteOut(path, j.dump(2) + "\n");
}

std::string CliActor() { return "cli:" + UserName(); }

AuditEvent CliEvent(std::string_view action, std::string_view outcome, std::string detail) {
  AuditEvent e;
  e.at = SystemClock().Now();
  e.username = CliActor();
  e.role = "operator";
  e.unit = "national";
  e.action = std::string(action);
  e.outcome = std::string(outcome);
  e.detail = std::move(detail);
  e.address = "cli";
  return e;
}

void AuditCli(Store& store, const AuditEvent& event) {
  store.AppendAudit(std::span<const AuditEvent>(&event, 1));
}

}  // namespace lmis
