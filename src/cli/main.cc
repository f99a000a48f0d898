// The `lmis` command: the registry engine from a shell.
#include <unistd.h>

#include <sys/stat.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "auth/access.h"
#include "auth/accounts.h"
#include "cli/command.h"
#include "cli/output.h"
#include "core/clock.h"
#include "core/worker_codec.h"
#include "exchange/csv.h"
#include "exchange/refdata_files.h"
#include "exchange/worker_file.h"
#include "gen/population.h"
#include "http/api.h"
#include "http/server.h"
#include "registry/csv_rejects.h"
#include "registry/import.h"
#include "registry/lookup.h"
#include "report/report_service.h"
#include "store/report_facts.h"
#include "store/store.h"

namespace lmis {
namespace {

// ---- init ----

// Aggregates of an older layout (or of a database that held records before 0006) are
// rebuilt, so that every verb after `init` reports from current aggregates.
void RebuildReportsIfStale(Store& store, RefDataCache& refs, Output& out) {
  if (ReportLayout(store.sql()) == kReportLayout) return;
  ReportService service(store, refs.get());
  int64_t versions = service.Rebuild();
  out.Say("Đã dựng lại số liệu tổng hợp báo cáo từ " + Num(versions) + " phiên bản hồ sơ.",
          "Rebuilt the report aggregates from " + Num(versions) + " record versions.");
}

int RunInit(const Globals& g, RefDataCache& refs, Output& out) {
  const std::string db = ShownSpec(g.db);
  auto store = OpenStore(g.db);
  int before = store->SchemaVersion();
  std::vector<std::string> applied = store->Migrate();
  RebuildReportsIfStale(*store, refs, out);
  if (applied.empty()) {
    out.Say("Cơ sở dữ liệu " + db + " đã ở phiên bản lược đồ " + std::to_string(before) + ".",
            "Database " + db + " is already at schema version " + std::to_string(before) + ".");
  } else {
    for (const std::string& name : applied) out.Say("Đã áp dụng " + name, "Applied " + name);
    out.Say(
        "Cơ sở dữ liệu " + db + " ở phiên bản lược đồ " + std::to_string(store->SchemaVersion()) +
            ".",
        "Database " + db + " is at schema version " + std::to_string(store->SchemaVersion()) + ".");
  }
  return kExitOk;
}

// ---- import ----

// Writes rejects in the format of exchange.md: line, field, code, message_vi, message_en.

struct ImportArgs {
  std::string file;
  std::string rejects;
  std::string format;
  std::string source = "collection";
  std::string actor;
  bool all_or_nothing = false;
  bool quiet = false;
  int64_t batch = 100000;
};

int RunImport(const Globals& g, const ImportArgs& a, RefDataCache& refs, Output& out) {
  auto source = ParseCode<ChangeSource>(a.source);
  if (!source)
    throw UserError("nguồn cập nhật không hợp lệ: " + a.source, "unknown source: " + a.source);
  const RefData& ref = refs.get();
  auto store = OpenReadyStore(g);
  std::error_code ec;
  if (a.file != "-" && std::filesystem::equivalent(a.file, a.rejects, ec))
    throw UserError("tệp lỗi --rejects không được trùng tệp nhập",
                    "--rejects must not be the input file");
  File in(a.file, "rb");
  File rejects_file(a.rejects, "wb");
  CsvRejects rejects(rejects_file.get());

  std::unique_ptr<WorkerRowSource> rows;
  try {
    rows = OpenWorkerRows(in.get(), FormatFor(a.format, a.file));
  } catch (const FileRejected& e) {
    for (const Violation& v : e.violations()) rejects.Reject(1, v);
    out.Say("Tệp bị từ chối: tiêu đề có cột không hợp lệ (xem " + a.rejects + ").",
            "File rejected: the header has invalid columns (see " + a.rejects + ").");
    return kExitNothingCommitted;
  }

  ImportOptions options;
  options.all_or_nothing = a.all_or_nothing;
  options.batch_size = a.batch;
  options.default_source = *source;
  options.actor = a.actor.empty() ? "cli:" + UserName() : a.actor;
  options.file_label = a.file;
  ProgressBar bar(in.size(), !a.quiet && isatty(STDERR_FILENO), out.english());
  options.progress = [&bar](int64_t bytes, int64_t rows) { bar.Update(bytes, rows); };
  ImportResult r = ImportWorkers(*rows, ref, *store, SystemClock(), rejects, options);
  bar.Done();
  rejects_file.Close();

  const ImportRecord& rec = r.record;
  out.Say("Đã đọc " + Num(rec.rows) + " dòng: " + Num(rec.created) + " người mới, " +
              Num(rec.new_versions) + " phiên bản mới, " + Num(rec.unchanged) + " không đổi, " +
              Num(rec.rejected_rows) + " dòng bị từ chối (" + Num(r.violations) + " lỗi).",
          "Read " + Num(rec.rows) + " rows: " + Num(rec.created) + " new people, " +
              Num(rec.new_versions) + " new versions, " + Num(rec.unchanged) + " unchanged, " +
              Num(rec.rejected_rows) + " rows rejected (" + Num(r.violations) + " violations).");
  if (rec.rejected_rows > 0) out.Say("Danh sách lỗi: " + a.rejects, "Rejects: " + a.rejects);
  if (!rec.committed) {
    out.Say("Không lưu gì vì có dòng bị từ chối (--all-or-nothing).",
            "Nothing was saved because rows were rejected (--all-or-nothing).");
    return kExitNothingCommitted;
  }
  return rec.rejected_rows > 0 ? kExitSomeRejected : kExitOk;
}

// ---- export ----

struct ExportArgs {
  std::string unit;
  std::string status;
  std::string as_of;
  std::string format = "csv";
  std::string out = "-";
};

int RunExport(const Globals& g, const ExportArgs& a, RefDataCache& refs, Output& out) {
  WorkerQuery q;
  Date date = SystemClock().Today();
  if (!a.as_of.empty()) {
    q.as_of = ParseDateArg(a.as_of, "--as-of");
    date = *q.as_of;
  }
  if (!a.status.empty()) {
    auto s = ParseCode<LfStatus>(a.status);
    if (!s) throw UserError("tình trạng không hợp lệ: " + a.status, "unknown status: " + a.status);
    q.lf_status = std::string(Slug(*s));
  }
  if (!a.unit.empty()) {
    q.residence_units = ResidenceUnitsFor(refs.get().units, a.unit, date);
    if (!q.residence_units)
      throw UserError(
          "mã đơn vị \"" + a.unit + "\" không có trong danh mục ngày " + date.ToString(),
          "unit \"" + a.unit + "\" is not in the tree on " + date.ToString());
  }
  auto store = OpenReadyStore(g);
  File f(a.out, "wb");
  auto writer = MakeWorkerWriter(f.get(), FormatFor(a.format, a.out == "-" ? "" : a.out));
  int64_t n = 0;
  store->Scan(q, [&](const WorkerVersion& v) {
    writer->Write(v.cells);
    ++n;
  });
  if (a.out != "-")
    out.Say("Đã xuất " + Num(n) + " bản ghi vào " + a.out,
            "Exported " + Num(n) + " records to " + a.out);
  return kExitOk;
}

// ---- show / history ----

int64_t PersonArg(const std::string& id) {
  auto pid = PersonIdFromText(id);
  if (!pid)
    throw UserError("\"" + id + "\" không phải số CCCD (12 chữ số) hoặc CMND (9 chữ số)",
                    "\"" + id + "\" is not a CCCD (12 digits) or CMND (9 digits)");
  return *pid;
}

int RunShow(const Globals& g, const std::string& id, const std::string& as_of,
            const std::string& format, RefDataCache& refs, Output& out) {
  int64_t pid = PersonArg(id);
  auto store = OpenReadyStore(g);
  std::optional<WorkerVersion> v =
      as_of.empty() ? store->Current(pid) : store->AsOf(pid, ParseDateArg(as_of, "--as-of"));
  if (!v) {
    out.Err("Không tìm thấy người lao động " + id + (as_of.empty() ? "" : " vào ngày " + as_of),
            "No worker " + id + (as_of.empty() ? "" : " on " + as_of));
    return kExitError;
  }
  if (format == "json")
    std::cout << VersionJson(*v).dump(2) << "\n";
  else
    PrintVersion(*v, refs.get(), out);
  return kExitOk;
}

int RunHistory(const Globals& g, const std::string& id, const std::string& format,
               RefDataCache& refs, Output& out) {
  int64_t pid = PersonArg(id);
  auto store = OpenReadyStore(g);
  std::vector<WorkerVersion> versions = store->History(pid);
  if (versions.empty()) {
    out.Err("Không tìm thấy người lao động " + id, "No worker " + id);
    return kExitError;
  }
  if (format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& v : versions) arr.push_back(VersionJson(v));
    std::cout << arr.dump(2) << "\n";
  } else {
    PrintHistory(versions, out);
  }
  return kExitOk;
}

// ---- gen ----

struct GenArgs {
  int64_t people = 1000;
  std::string units;
  uint64_t seed = 20251001;
  double error_rate = 0.0;
  double register_error_rate = 0.0;
  std::string reference_date = "2025-10-01";
  std::string out = "-";
  std::string register_out;
  std::string truth;
  std::string reconcile_truth;
  std::string format;
};

int RunGen(const Globals& g, const GenArgs& a, RefDataCache& refs, Output& out) {
  GenOptions o;
  o.seed = a.seed;
  o.people = a.people;
  o.error_rate = a.error_rate;
  o.register_error_rate = a.register_error_rate;
  o.reference_date = ParseDateArg(a.reference_date, "--reference-date");
  for (size_t start = 0; start < a.units.size();) {
    size_t comma = a.units.find(',', start);
    std::string u =
        a.units.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!u.empty()) o.units.push_back(u);
    start = comma == std::string::npos ? a.units.size() : comma + 1;
  }
  NameStats names = LoadNameStats(g.data_dir.empty() ? DefaultDataDir() : g.data_dir);
  FileFormat format = FormatFor(a.format, a.out == "-" ? "" : a.out);
  File workers(a.out, "wb");
  auto writer = MakeWorkerWriter(workers.get(), format);
  std::unique_ptr<File> reg_file, truth_file, reconcile_file;
  std::unique_ptr<CsvWriter> reg_csv, truth_csv, reconcile_csv;
  GenOutput sinks;
  sinks.worker = [&](const WorkerCells& c) { writer->Write(c); };
  if (!a.register_out.empty()) {
    reg_file = std::make_unique<File>(a.register_out, "wb");
    reg_csv = std::make_unique<CsvWriter>(reg_file->get());
    reg_csv->Row({"cccd", "full_name", "birth_date", "sex", "ethnicity", "permanent_unit",
                  "permanent_address", "current_unit", "current_address", "household_id",
                  "relation_to_head", "status", "status_date", "extract_date"});
    sinks.register_person = [&](const RegisterPerson& p) {
      reg_csv->Row({p.cccd, p.full_name, p.birth_date, p.sex, p.ethnicity, p.permanent_unit,
                    p.permanent_address, p.current_unit, p.current_address, p.household_id,
                    p.relation_to_head, p.status, p.status_date, p.extract_date});
    };
  }
  if (!a.truth.empty()) {
    truth_file = std::make_unique<File>(a.truth, "wb");
    truth_csv = std::make_unique<CsvWriter>(truth_file->get());
    truth_csv->Row({"line", "cccd", "kind", "field", "expected_code"});
    // Line numbers as in rejects files: CSV has a header on line 1.
    int64_t offset = format == FileFormat::kCsv ? 2 : 1;
    sinks.planted = [&, offset](const PlantedError& e) {
      truth_csv->Row(
          {std::to_string(e.record_index + offset), e.true_cccd, e.kind, e.field, e.expected_code});
    };
  }
  if (!a.reconcile_truth.empty()) {
    reconcile_file = std::make_unique<File>(a.reconcile_truth, "wb");
    reconcile_csv = std::make_unique<CsvWriter>(reconcile_file->get());
    reconcile_csv->Row({"planted", "cccd", "kind", "field", "worker_value", "register_value"});
    sinks.reconcile_truth = [&](const ReconcileTruth& t) {
      reconcile_csv->Row({t.planted, t.cccd, t.kind, t.field, t.worker_value, t.register_value});
    };
  }
  GeneratePopulation(refs.get(), names, o, sinks);
  return kExitOk;
}

// ---- check ----

int RunCheck(const Globals& g, RefDataCache& refs, Output& out) {
  auto store = OpenStore(g.db);
  std::string result = store->IntegrityCheck();
  out.Say("Kiểm tra toàn vẹn: " + result, "Integrity check: " + result);
  if (result != "ok") return kExitError;
  // The maintained report aggregates against a recount from the versions.
  if (store->SchemaVersion() == store->LatestSchemaVersion() &&
      ReportLayout(store->sql()) == kReportLayout) {
    ReportService reports(*store, refs.get());
    std::string facts = reports.Verify();
    out.Say("Số liệu tổng hợp báo cáo: " + (facts == "ok" ? std::string("khớp") : facts),
            "Report aggregates: " + facts);
    if (facts != "ok") return kExitError;
  }
  if (store->SchemaVersion() > 0)
    out.Say(Num(store->CountWorkers()) + " người lao động, " + Num(store->CountVersions()) +
                " phiên bản.",
            Num(store->CountWorkers()) + " workers, " + Num(store->CountVersions()) + " versions.");
  return kExitOk;
}

// ---- user ----

struct UserArgs {
  std::string name, role, unit, tree = "2025", person;
};

// The first line of standard input: how scripts hand over a password without it showing in
// the process list or the shell history.
std::string ReadPassword() {
  std::string line;
  if (!std::getline(std::cin, line))
    throw UserError("không đọc được mật khẩu từ đầu vào chuẩn",
                    "no password on standard input (one line expected)");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;  // checked by SetAccountPassword (auth/accounts.h)
}

UserRecord ExistingUser(Store& store, const std::string& name) {
  auto user = store.FindUser(name);
  if (!user) throw UserError("không có người dùng " + name, "no user named " + name);
  return *user;
}

int RunUserAdd(const Globals& g, const UserArgs& a, RefDataCache& refs, Output& out) {
  AccountInput input{a.name, a.role, a.unit, a.tree, a.person};
  // --person has always been ignored for roles other than worker.
  if (a.role != "worker") input.person.clear();
  Violations problems;
  std::optional<UserRecord> made = AccountFrom(input, refs.get().units, &problems);
  if (!made) {
    const Violation& first = problems.front();
    // The command line names its option where the API names the body's field.
    if (first.field == "person")
      throw UserError("người lao động cần --person với số CCCD của mình",
                      "a worker account needs --person with their own CCCD number");
    throw UserError(first.message_vi, first.message_en);
  }
  UserRecord u = std::move(*made);
  // The password is read only once the rest is known to be right, as before.
  if (!SetAccountPassword(&u, ReadPassword(), &problems))
    throw UserError(problems.front().message_vi, problems.front().message_en);
  u.created_at = u.updated_at = SystemClock().Now();
  auto store = OpenReadyStore(g);
  if (!store->AddUser(u)) {
    AccountMessage taken = NameTaken(a.name);
    throw UserError(taken.vi, taken.en);
  }
  const Role role = *ParseRole(u.role);
  out.Say(
      "Đã tạo người dùng " + u.username + " (" + std::string(RoleLabelVi(role)) + ", " + u.unit +
          ").",
      "Created user " + u.username + " (" + std::string(RoleLabelEn(role)) + ", " + u.unit + ").");
  return kExitOk;
}

// ---- serve ----

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  std::string static_dir;
  std::string tls_cert, tls_key;
  int threads = 16;
  int session_hours = 8;
  std::vector<std::string> cors;
};

// "HOST:PORT" or "[V6]:PORT".
std::pair<std::string, uint16_t> ParseListen(const std::string& text) {
  size_t colon = text.rfind(':');
  std::string host = colon == std::string::npos ? "" : text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  int64_t port = -1;
  if (colon != std::string::npos) {
    auto digits = text.substr(colon + 1);
    if (!digits.empty() && digits.size() <= 5 &&
        std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      port = std::stoll(digits);
  }
  if (host.empty() || port < 0 || port > 65535)
    throw UserError("--listen phải có dạng HOST:CỔNG, ví dụ 127.0.0.1:8080: " + text,
                    "--listen takes HOST:PORT, e.g. 127.0.0.1:8080: " + text);
  return {host, static_cast<uint16_t>(port)};
}

int RunServe(const Globals& g, const ServeArgs& a, RefDataCache& refs, Output& out) {
  auto [host, port] = ParseListen(a.listen);
  OpenReadyStore(g);  // refuses a missing or unmigrated database with a clear message
  if (a.tls_cert.empty() != a.tls_key.empty())
    throw UserError("cần cả --tls-cert và --tls-key", "--tls-cert and --tls-key go together");
  if (!a.static_dir.empty() && !std::filesystem::is_directory(a.static_dir))
    throw UserError("không có thư mục " + a.static_dir, "no directory " + a.static_dir);
  http::ApiOptions api_options;
  api_options.db_spec = g.db;
  api_options.connections = a.threads;
  api_options.session_lifetime = std::chrono::hours(a.session_hours);
  http::Api api(api_options, refs.get(), SystemClock());
  http::ServerOptions options;
  options.host = host;
  options.port = port;
  options.handler_threads = a.threads;
  options.static_dir = a.static_dir;
  options.tls_cert_file = a.tls_cert;
  options.tls_key_file = a.tls_key;
  options.cors_origins = a.cors;
  // The read timeout covers a whole request, body included: room for a large import upload
  // over an office line (RESTinio reads each connection without holding a thread).
  options.read_timeout = std::chrono::seconds(120);
  options.log = [](const std::string& line) { std::fprintf(stderr, "lmis: %s\n", line.c_str()); };
  http::Server server(options, [&api](const http::Request& r) { return api.Handle(r); });
  server.Start();
  const std::string scheme = a.tls_cert.empty() ? "http" : "https";
  const std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  const std::string url = scheme + "://" + shown_host + ":" + std::to_string(server.port());
  out.Say("lmis đang phục vụ tại " + url + " (Ctrl+C để dừng)",
          "lmis listening on " + url + " (Ctrl+C to stop)");
  std::fflush(stderr);
  server.RunUntilSignal();
  out.Say("Đã dừng.", "Stopped.");
  return kExitOk;
}

int RunUserPasswd(const Globals& g, const UserArgs& a, Output& out) {
  auto store = OpenReadyStore(g);
  UserRecord u = ExistingUser(*store, a.name);
  Violations problems;
  if (!SetAccountPassword(&u, ReadPassword(), &problems))
    throw UserError(problems.front().message_vi, problems.front().message_en);
  u.updated_at = SystemClock().Now();
  store->UpdateUser(u);
  store->RevokeSessionsOf(u.username, UnixSeconds());  // sessions of the old password end
  out.Say("Đã đổi mật khẩu của " + u.username + ".", "Changed the password of " + u.username + ".");
  return kExitOk;
}

int RunUserDisable(const Globals& g, const UserArgs& a, bool disabled, Output& out) {
  auto store = OpenReadyStore(g);
  UserRecord u = ExistingUser(*store, a.name);
  u.disabled = disabled;
  u.updated_at = SystemClock().Now();
  store->UpdateUser(u);
  if (disabled) store->RevokeSessionsOf(u.username, UnixSeconds());
  out.Say((disabled ? "Đã khóa " : "Đã mở khóa ") + u.username + ".",
          (disabled ? "Disabled " : "Enabled ") + u.username + ".");
  return kExitOk;
}

int RunUserList(const Globals& g) {
  auto store = OpenReadyStore(g);
  CsvWriter csv(stdout);
  csv.Row({"username", "role", "unit", "person", "disabled", "created_at", "updated_at"});
  for (const UserRecord& u : store->ListUsers()) {
    std::string person = u.person_id ? PersonIdText(u.person_id) : "";
    csv.Row({u.username, u.role, u.unit, person, u.disabled ? "true" : "false", u.created_at,
             u.updated_at});
  }
  return kExitOk;
}

int Main(int argc, char** argv) {
  Globals g;
  if (const char* db = std::getenv("LMIS_DB")) g.db = db;
  if (g.db.empty()) g.db = "lmis.db";
  if (const char* lang = std::getenv("LMIS_LANG")) g.lang = lang;

  CLI::App app{"lmis — hệ thống thông tin thị trường lao động (labour-market information system)"};
  app.require_subcommand(1);
  app.fallthrough();  // global options are accepted after the verb too
  app.option_defaults()->always_capture_default();
  app.add_option("--db", g.db,
                 "Tệp SQLite hoặc postgresql://… (env LMIS_DB) / SQLite file or PostgreSQL URI");
  app.add_option("--data", g.data_dir,
                 "Thư mục dữ liệu danh mục (env LMIS_DATA) / reference data directory");
  app.add_option("--lang", g.lang, "Ngôn ngữ thông báo: vi | en / message language")
      ->check(CLI::IsMember({"vi", "en"}));

  auto* init = app.add_subcommand(
      "init", "Tạo hoặc nâng cấp cơ sở dữ liệu / create or upgrade the database");

  ImportArgs ia;
  auto* import = app.add_subcommand("import", "Nhập dữ liệu từ tệp / import a file");
  import->require_subcommand(1);
  auto* import_workers = import->add_subcommand(
      "workers",
      "Nhập phiếu Mẫu 03 (CSV hoặc JSON Lines) / import Mẫu 03 worker records.\n"
      "Exit: 0 all rows saved; 3 some rows rejected (the rest saved); 4 nothing saved.");
  import_workers->add_option("FILE", ia.file, "Tệp nhập (- = stdin) / input file")->required();
  import_workers
      ->add_option("--rejects", ia.rejects, "Tệp CSV ghi các lỗi / CSV file for rejected rows")
      ->required();
  import_workers
      ->add_option("--format", ia.format,
                   "csv | jsonl (mặc định theo đuôi tệp / default by extension)")
      ->check(CLI::IsMember({"", "csv", "jsonl", "json"}));
  import_workers->add_flag("--all-or-nothing", ia.all_or_nothing,
                           "Không lưu gì nếu có dòng lỗi / save nothing if any row is rejected");
  import_workers->add_option("--source", ia.source,
                             "Nguồn cập nhật mặc định / default change source");
  import_workers->add_option("--actor", ia.actor, "Người thực hiện / who is importing");
  import_workers->add_option("--batch", ia.batch, "Số dòng mỗi giao dịch / rows per transaction")
      ->check(CLI::PositiveNumber);
  import_workers->add_flag("--quiet", ia.quiet, "Không hiện thanh tiến trình / no progress bar");

  ExportArgs ea;
  auto* exp = app.add_subcommand("export", "Xuất dữ liệu / export data");
  exp->require_subcommand(1);
  auto* export_workers =
      exp->add_subcommand("workers", "Xuất phiếu Mẫu 03 / export worker records");
  export_workers->add_option("--unit", ea.unit,
                             "Mã tỉnh, huyện hoặc xã / province, district or commune code");
  export_workers->add_option("--status", ea.status, "employed | unemployed | outside");
  export_workers->add_option("--as-of", ea.as_of,
                             "Trạng thái vào ngày YYYY-MM-DD / state on a date");
  export_workers->add_option("--format", ea.format, "csv | jsonl")
      ->check(CLI::IsMember({"csv", "jsonl"}));
  export_workers->add_option("--out", ea.out, "Tệp xuất (- = stdout) / output file");

  std::string show_id, show_as_of, show_format = "text";
  auto* show = app.add_subcommand("show", "Xem phiếu của một người / show one worker's record");
  show->add_option("ID", show_id, "Số CCCD hoặc CMND / CCCD or CMND number")->required();
  show->add_option("--as-of", show_as_of,
                   "Phiếu có hiệu lực vào ngày YYYY-MM-DD / record in force on a date");
  show->add_option("--format", show_format, "text | json")->check(CLI::IsMember({"text", "json"}));

  std::string hist_id, hist_format = "text";
  auto* history =
      app.add_subcommand("history", "Lịch sử các phiên bản / every version of a record");
  history->add_option("ID", hist_id, "Số CCCD hoặc CMND / CCCD or CMND number")->required();
  history->add_option("--format", hist_format, "text | json")
      ->check(CLI::IsMember({"text", "json"}));

  GenArgs ga;
  auto* gen = app.add_subcommand(
      "gen", "Sinh dân cư tổng hợp (không phải dữ liệu thật) / generate a synthetic population");
  gen->add_option("--people", ga.people,
                  "Số phiếu Mẫu 03 (người từ 15 tuổi) / number of worker records")
      ->check(CLI::PositiveNumber);
  gen->add_option(
      "--units", ga.units,
      "Mã tỉnh/xã, cách nhau bởi dấu phẩy / province or commune codes, comma-separated");
  gen->add_option("--seed", ga.seed, "Hạt giống ngẫu nhiên / random seed");
  gen->add_option("--error-rate", ga.error_rate,
                  "Tỷ lệ phiếu có lỗi cài sẵn / share of records with a planted error")
      ->check(CLI::Range(0.0, 1.0));
  gen->add_option("--reference-date", ga.reference_date,
                  "Thời điểm thu thập / collection reference date");
  gen->add_option("--out", ga.out, "Tệp phiếu Mẫu 03 (- = stdout) / worker file");
  gen->add_option("--register", ga.register_out,
                  "Tệp trích xuất CSDL dân cư / population register extract");
  gen->add_option("--truth", ga.truth, "Tệp ghi các lỗi cài sẵn / planted-errors truth file");
  gen->add_option("--register-error-rate", ga.register_error_rate,
                  "Tỷ lệ người có sai lệch cài sẵn giữa phiếu và CSDL dân cư / share of people "
                  "with a planted worker/register discrepancy")
      ->check(CLI::Range(0.0, 1.0));
  gen->add_option("--reconcile-truth", ga.reconcile_truth,
                  "Tệp ghi kết quả đối soát dân cư mong đợi (giả định --error-rate 0) / expected "
                  "population reconciliation rows (assumes --error-rate 0)");
  gen->add_option("--format", ga.format, "csv | jsonl")->check(CLI::IsMember({"", "csv", "jsonl"}));

  auto* check =
      app.add_subcommand("check", "Kiểm tra toàn vẹn cơ sở dữ liệu / database integrity check");

  UserArgs ua;
  auto* user = app.add_subcommand("user", "Quản lý người dùng / manage users");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand(
      "add", "Tạo người dùng; mật khẩu đọc từ đầu vào chuẩn / add a user, password on stdin");
  user_add->add_option("NAME", ua.name, "Tên đăng nhập / username")->required();
  user_add
      ->add_option("--role", ua.role,
                   "collector | commune_officer | commune_police | "
                   "district_officer | province_officer | ministry | service_centre | "
                   "employer | worker | admin")
      ->required();
  user_add
      ->add_option("--unit", ua.unit,
                   "Mã đơn vị hành chính, hoặc national / unit code, or national")
      ->required();
  user_add->add_option("--tree", ua.tree, "Cây đơn vị của mã: 2025 | pre2025 / unit tree")
      ->check(CLI::IsMember({"2025", "pre2025"}));
  user_add->add_option("--person", ua.person,
                       "Số CCCD của chính người lao động / a worker's own CCCD");
  auto* user_passwd = user->add_subcommand(
      "passwd", "Đổi mật khẩu (đọc từ đầu vào chuẩn) / change a password, read from stdin");
  user_passwd->add_option("NAME", ua.name, "Tên đăng nhập / username")->required();
  auto* user_disable = user->add_subcommand("disable", "Khóa người dùng / disable a user");
  user_disable->add_option("NAME", ua.name, "Tên đăng nhập / username")->required();
  auto* user_enable = user->add_subcommand("enable", "Mở khóa người dùng / enable a user");
  user_enable->add_option("NAME", ua.name, "Tên đăng nhập / username")->required();
  auto* user_list = user->add_subcommand("list", "Danh sách người dùng (CSV) / list users (CSV)");

  ServeArgs sa;
  auto* serve = app.add_subcommand("serve", "Chạy máy chủ API và giao diện web / run the server");
  serve->add_option("--listen", sa.listen, "HOST:PORT (mặc định / default 127.0.0.1:8080)");
  serve->add_option("--static", sa.static_dir,
                    "Thư mục giao diện web / directory of the web UI's files");
  serve->add_option("--tls-cert", sa.tls_cert, "Chứng chỉ TLS (PEM) / TLS certificate");
  serve->add_option("--tls-key", sa.tls_key, "Khóa TLS (PEM) / TLS private key");
  serve
      ->add_option("--threads", sa.threads,
                   "Số luồng xử lý và kết nối CSDL / handler threads and DB connections")
      ->check(CLI::Range(1, 256));
  serve
      ->add_option("--session-hours", sa.session_hours,
                   "Thời hạn phiên đăng nhập (giờ) / session lifetime in hours")
      ->check(CLI::Range(1, 720));
  serve->add_option("--cors-origin", sa.cors,
                    "Cho phép CORS từ nguồn này / allow CORS from this origin");

  Commands commands;
  AddRegisterCommands(app, *import, &commands);
  AddCollectCommands(app, &commands);
  AddReportCommands(app, &commands);

  CLI11_PARSE(app, argc, argv);
  Output out(g.lang);
  RefDataCache refs(g);
  CliContext context{g, out, refs};
  try {
    for (const Command& c : commands)
      if (*c.app) return c.run(context);
    if (*init) return RunInit(g, refs, out);
    if (*import_workers) return RunImport(g, ia, refs, out);
    if (*export_workers) return RunExport(g, ea, refs, out);
    if (*show) return RunShow(g, show_id, show_as_of, show_format, refs, out);
    if (*history) return RunHistory(g, hist_id, hist_format, refs, out);
    if (*gen) return RunGen(g, ga, refs, out);
    if (*check) return RunCheck(g, refs, out);
    if (*user_add) return RunUserAdd(g, ua, refs, out);
    if (*user_passwd) return RunUserPasswd(g, ua, out);
    if (*user_disable) return RunUserDisable(g, ua, true, out);
    if (*user_enable) return RunUserDisable(g, ua, false, out);
    if (*user_list) return RunUserList(g);
    if (*serve) return RunServe(g, sa, refs, out);
  } catch (const UserError& e) {
    out.Err(e.vi(), e.en());
    return kExitError;
  } catch (const ReportError& e) {
    out.Err(e.vi(), e.what());
    return kExitError;
  } catch (const StoreError& e) {
    out.Err(std::string("Lỗi cơ sở dữ liệu: ") + e.what(),
            std::string("Database error: ") + e.what());
    return kExitError;
  } catch (const std::exception& e) {
    out.Err(e.what(), e.what());
    return kExitError;
  }
  return kExitError;
}

}  // namespace
}  // namespace lmis

int main(int argc, char** argv) { return lmis::Main(argc, argv); }
