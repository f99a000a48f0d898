// Registers, reconciliation and linkage over real HTTP, on SQLite and PostgreSQL: extract
// uploads with their role and jurisdiction rules, a register person's page, reconciliation
// runs and their discrepancy lists (JSON pages, CSV, XLSX) checked against the generator's
// truth, and linkage proposals decided by the right roles only — every read and decision in
// the audit log.
#include "http/register_api.h"

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "auth/password.h"
#include "exchange/csv.h"
#include "exchange/refdata_files.h"
#include "exchange/worker_file.h"
#include "gen/population.h"
#include "http/api.h"
#include "http/server.h"
#include "registry/import.h"
#include "store/store.h"
#include "testing/api_server.h"
#include "testing/http_client.h"
#include "testing/ref_data.h"
#include "testing/test_database.h"

namespace lmis::http {
namespace {

using nlohmann::json;

const NameStats& Names() {
  static const NameStats* names = new NameStats(LoadNameStats(DefaultDataDir()));
  return *names;
}

constexpr const char* kPassword = "mật khẩu đủ dài 2026";
constexpr const char* kCommune = "00004";  // Phường Ba Đình, Hà Nội

// A generated commune: worker records, the register extract as CSV, the planted truth.
struct Population {
  std::vector<WorkerCells> workers;
  std::string register_csv;
  std::vector<ReconcileTruth> truth;
};

const Population& Generated() {
  static const Population* p = [] {
    auto* out = new Population();
    GenOptions o;
    o.people = 600;
    o.units = {kCommune};
    o.seed = 5;
    o.register_error_rate = 0.15;
    std::ostringstream csv;
    csv << "cccd,full_name,birth_date,sex,ethnicity,permanent_unit,permanent_address,"
           "current_unit,current_address,household_id,relation_to_head,status,status_date,"
           "extract_date\n";
    GenOutput sinks;
    sinks.worker = [&](const WorkerCells& c) { out->workers.push_back(c); };
    sinks.register_person = [&](const RegisterPerson& r) {
      for (const std::string* f :
           {&r.cccd, &r.full_name, &r.birth_date, &r.sex, &r.ethnicity, &r.permanent_unit,
            &r.permanent_address, &r.current_unit, &r.current_address, &r.household_id,
            &r.relation_to_head, &r.status, &r.status_date})
        csv << '"' << *f << "\",";
      csv << r.extract_date << "\n";
    };
    sinks.reconcile_truth = [&](const ReconcileTruth& t) { out->truth.push_back(t); };
    GeneratePopulation(TestRefData(), Names(), o, sinks);
    out->register_csv = csv.str();
    return out;
  }();
  return *p;
}

// Fails the test on any rejected row.
class NoRejects : public RejectSink {
 public:
  void Reject(int64_t line, const Violation& v) override {
    ADD_FAILURE() << "line " << line << ", " << v.field << ": " << v.message_en;
  }
};

class RegisterApiTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    store_ = OpenStore(db_.spec());
    store_->Migrate();
    ApiOptions options;
    options.db_spec = db_.spec();
    options.connections = 4;
    api_ = std::make_unique<Api>(options, TestRefData(), clock_);
    server_ = StartTestServer(*api_);
    client_ = std::make_unique<HttpClient>(BaseUrl(*server_));
    const std::string outside = TestRefData().units.CommunesUnder(UnitEdition::k2025, "79").front();
    for (auto [name, role, unit] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"police", "commune_police", std::string("2025:") + kCommune},
             {"officer", "commune_officer", std::string("2025:") + kCommune},
             {"collector", "collector", std::string("2025:") + kCommune},
             {"outsider", "commune_officer", "2025:" + outside},
             {"province", "province_officer", "2025:01"},
             {"minister", "ministry", "national"}})
      AddUser(name, role, unit);
    ImportWorkers();
  }

  void TearDown() override {
    client_.reset();
    server_.reset();
    api_.reset();
  }

  void AddUser(const std::string& name, const std::string& role, const std::string& unit) {
    ASSERT_TRUE(store_->AddUser({name, role, unit, 0, HashPassword(kPassword), false,
                                 "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"}));
  }

  void ImportWorkers() {
    std::ostringstream csv;
    std::string text;
    {
      char* buf = nullptr;
      size_t size = 0;
      std::FILE* f = open_memstream(&buf, &size);
      auto writer = MakeWorkerWriter(f, FileFormat::kCsv);
      for (const WorkerCells& c : Generated().workers) writer->Write(c);
      writer.reset();
      std::fclose(f);
      text.assign(buf, size);
      std::free(buf);
    }
    std::FILE* in = fmemopen(text.data(), text.size(), "r");
    auto rows = OpenWorkerRows(in, FileFormat::kCsv);
    NoRejects rejects;
    ImportOptions options;
    ImportResult r = lmis::ImportWorkers(*rows, TestRefData(), *store_, clock_, rejects, options);
    std::fclose(in);
    ASSERT_EQ(r.record.rejected_rows, 0);
  }

  std::string Login(const std::string& name) {
    HttpResult r =
        client_->Post("/api/session", json{{"username", name}, {"password", kPassword}}.dump(),
                      {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body)["token"];
  }
  static HttpHeaders Bearer(const std::string& token, const char* type = "application/json") {
    return {{"Authorization", "Bearer " + token}, {"Content-Type", type}};
  }
  HttpResult Get(const std::string& path, const std::string& token) {
    return client_->Get(path, Bearer(token));
  }
  HttpResult Post(const std::string& path, const json& body, const std::string& token) {
    return client_->Post(path, body.dump(), Bearer(token));
  }

  // Polls a job (an import or a reconciliation) until it has ended; its last state.
  json AwaitJob(const std::string& path, const std::string& token) {
    for (int i = 0; i < 600; ++i) {
      HttpResult r = Get(path, token);
      EXPECT_EQ(r.status, 200) << r.body;
      json body = json::parse(r.body);
      if (body["state"] != "running") return body;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << path << " did not end";
    return json();
  }

  json UploadRegister(const std::string& token, const std::string& csv, int expect = 202) {
    HttpResult r = client_->Post("/api/imports?kind=population&name=register.csv", csv,
                                 Bearer(token, "text/csv"));
    EXPECT_EQ(r.status, expect) << r.body;
    if (r.status != 202) return json();
    return AwaitJob("/api/imports/" + std::to_string(json::parse(r.body)["id"].get<int>()), token);
  }

  std::vector<AuditEvent> AuditOf(const std::string& username, const std::string& action) {
    AuditQuery q;
    q.username = username;
    q.action = action;
    q.limit = 100000;
    return OpenStore(db_.spec())->QueryAudit(q);
  }

  // Starts a reconciliation and waits for it; its final status.
  json Reconcile(const std::string& token, const json& body, int* id) {
    HttpResult r = Post("/api/reconciliations", body, token);
    EXPECT_EQ(r.status, 202) << r.body;
    *id = json::parse(r.body)["id"];
    return AwaitJob("/api/reconciliations/" + std::to_string(*id), token);
  }

  TestDatabase db_{GetParam()};
  std::unique_ptr<Store> store_;
  FixedClock clock_{Date{2026, 1, 15}};
  std::unique_ptr<Api> api_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_P(RegisterApiTest, ExtractUploadsFollowRolesAndJurisdiction) {
  const std::string police = Login("police");
  json done = UploadRegister(police, Generated().register_csv);
  EXPECT_EQ(done["state"], "done");
  EXPECT_EQ(done["kind"], "population");
  EXPECT_GT(done["added"].get<int>(), 600);
  EXPECT_EQ(done["rejected_rows"], 0);
  // The same file again: nothing changes.
  json again = UploadRegister(police, Generated().register_csv);
  EXPECT_EQ(again["added"], 0);
  EXPECT_EQ(again["unchanged"], done["added"]);
  // Rows outside the uploader's commune are rejected, naming the row.
  json outside = UploadRegister(Login("outsider"), Generated().register_csv);
  EXPECT_EQ(outside["added"], 0);
  EXPECT_EQ(outside["rejected_rows"], outside["rows"]);
  HttpResult rejects = Get("/api/imports/" + std::to_string(outside["id"].get<int>()) + "/rejects",
                           Login("outsider"));
  EXPECT_NE(rejects.body.find("2,current_unit,outside_jurisdiction,"), std::string::npos)
      << rejects.body.substr(0, 300);
  // Roles: a collector may not upload a register; insurance is for province and nation.
  UploadRegister(Login("collector"), Generated().register_csv, 403);
  const std::string insurance =
      "bhxh,cccd,si_type,from\n0123456789,001085012345,compulsory,2020-01-01\n";
  EXPECT_EQ(
      client_->Post("/api/imports?kind=insurance", insurance, Bearer(police, "text/csv")).status,
      403);
  HttpResult ok = client_->Post("/api/imports?kind=insurance", insurance,
                                Bearer(Login("province"), "text/csv"));
  EXPECT_EQ(ok.status, 202) << ok.body;
  EXPECT_EQ(
      client_->Post("/api/imports?kind=martians", insurance, Bearer(police, "text/csv")).status,
      422);
  EXPECT_EQ(AuditOf("collector", "import_population").size(), 1u);
  EXPECT_EQ(AuditOf("collector", "import_population")[0].outcome, "deny_role");
}

TEST_P(RegisterApiTest, APersonOfTheRegisterIsShownInsideTheJurisdictionOnlyAndAudited) {
  UploadRegister(Login("police"), Generated().register_csv);
  const std::string cccd = Generated().workers.front()[static_cast<size_t>(WorkerField::kCccd)];
  HttpResult r = Get("/api/registers/population/" + cccd, Login("officer"));
  ASSERT_EQ(r.status, 200) << r.body;
  json body = json::parse(r.body);
  EXPECT_EQ(body["person"]["cccd"], cccd);
  EXPECT_TRUE(body["changes"].is_array());
  EXPECT_EQ(Get("/api/registers/population/" + cccd, Login("outsider")).status, 403);
  EXPECT_EQ(Get("/api/registers/population/001085999999", Login("officer")).status, 404);
  EXPECT_EQ(Get("/api/registers/population/12", Login("officer")).status, 422);
  auto reads = AuditOf("officer", "register_read");
  ASSERT_EQ(reads.size(), 2u);
  std::set<std::string> outcomes = {reads[0].outcome, reads[1].outcome};
  EXPECT_EQ(outcomes, (std::set<std::string>{"allow", "not_found"}));
  EXPECT_EQ(AuditOf("outsider", "register_read").at(0).outcome, "deny_jurisdiction");
}

TEST_P(RegisterApiTest, AReconciliationFindsWhatWasPlantedAndListsItInEveryFormat) {
  UploadRegister(Login("police"), Generated().register_csv);
  const std::string officer = Login("officer");
  // Who may run one, and where.
  EXPECT_EQ(Post("/api/reconciliations", {{"kind", "population"}}, Login("collector")).status, 403);
  EXPECT_EQ(Post("/api/reconciliations", {{"unit", kCommune}}, Login("outsider")).status, 403);
  EXPECT_EQ(Post("/api/reconciliations", {{"kind", "x"}, {"as_of", "2025-13-01"}}, officer).status,
            422);
  int id = 0;
  json status = Reconcile(officer, {{"kind", "population"}, {"as_of", "2025-10-01"}}, &id);
  ASSERT_EQ(status["state"], "done") << status.dump();
  // Only the owner sees it.
  EXPECT_EQ(Get("/api/reconciliations/" + std::to_string(id), Login("police")).status, 404);

  std::set<std::string> expected;
  for (const ReconcileTruth& t : Generated().truth)
    if (t.kind != "link" && t.kind != "none")
      expected.insert(t.cccd + "|" + t.kind + "|" + t.field + "|" + t.worker_value + "|" +
                      t.register_value);
  ASSERT_GT(expected.size(), 40u);
  int64_t total = 0;
  for (const char* k :
       {"field_mismatch", "not_in_register", "no_worker_record", "closed_in_register"})
    total += status["totals"][k].get<int64_t>();
  EXPECT_EQ(total, static_cast<int64_t>(expected.size()));
  ASSERT_EQ(status["units"].size(), 1u);
  EXPECT_EQ(status["units"][0]["unit"], kCommune);
  EXPECT_EQ(status["units"][0]["name"], "Phường Ba Đình");

  // Page through the JSON list.
  std::set<std::string> listed;
  std::string cursor;
  int pages = 0;
  do {
    HttpResult page = Get("/api/reconciliations/" + std::to_string(id) + "/discrepancies?limit=25" +
                              (cursor.empty() ? "" : "&cursor=" + cursor),
                          officer);
    ASSERT_EQ(page.status, 200) << page.body;
    json body = json::parse(page.body);
    for (const json& d : body["items"])
      listed.insert(d["cccd"].get<std::string>() + "|" + d["kind"].get<std::string>() + "|" +
                    d["field"].get<std::string>() + "|" + d["worker_value"].get<std::string>() +
                    "|" + d["register_value"].get<std::string>());
    cursor = body["next_cursor"].is_null() ? "" : body["next_cursor"].get<std::string>();
    ++pages;
  } while (!cursor.empty() && pages < 100);
  EXPECT_EQ(listed, expected);
  EXPECT_GT(pages, 1);
  // Each person listed is a read of their data.
  EXPECT_EQ(AuditOf("officer", "reconcile_list").size(), expected.size());
  // Filtered by kind; as CSV; as XLSX.
  HttpResult closed = Get("/api/reconciliations/" + std::to_string(id) +
                              "/discrepancies?kind=closed_in_register&limit=1000",
                          officer);
  const json closed_items = json::parse(closed.body)["items"];
  for (const json& d : closed_items) EXPECT_EQ(d["kind"], "closed_in_register");
  HttpResult csv =
      Get("/api/reconciliations/" + std::to_string(id) + "/discrepancies?format=csv", officer);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.substr(0, csv.body.find('\n')),
            "cccd,kind,field,worker_value,register_value,unit");
  EXPECT_EQ(static_cast<size_t>(std::count(csv.body.begin(), csv.body.end(), '\n')),
            expected.size() + 1);
  HttpResult xlsx =
      Get("/api/reconciliations/" + std::to_string(id) + "/discrepancies?format=xlsx", officer);
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_EQ(Get("/api/reconciliations/" + std::to_string(id) + "/discrepancies?format=doc", officer)
                .status,
            422);
}

TEST_P(RegisterApiTest, LinkageProposalsAreDecidedByTheCommuneOnlyAndCorrectTheRecord) {
  UploadRegister(Login("police"), Generated().register_csv);
  const std::string officer = Login("officer");
  int id = 0;
  Reconcile(officer, {{"as_of", "2025-10-01"}}, &id);
  HttpResult list = Get("/api/linkage/proposals?state=proposed&limit=1000", officer);
  ASSERT_EQ(list.status, 200) << list.body;
  json items = json::parse(list.body)["items"];
  std::map<std::string, std::string> links;  // worker id → true CCCD
  for (const ReconcileTruth& t : Generated().truth)
    if (t.kind == "link") links[t.worker_value] = t.register_value;
  ASSERT_GE(items.size(), 4u);
  for (const json& p : items) EXPECT_EQ(links[p["worker_id"]], p["register_cccd"]) << p.dump();
  // Outside the commune nothing is listed.
  EXPECT_TRUE(json::parse(Get("/api/linkage/proposals", Login("outsider")).body)["items"].empty());
  EXPECT_EQ(Get("/api/linkage/proposals?unit=00004", Login("outsider")).status, 403);

  const json first = items[0], second = items[1];
  const std::string path = "/api/linkage/proposals/" + std::to_string(first["id"].get<int>());
  HttpResult detail = Get(path, officer);
  ASSERT_EQ(detail.status, 200);
  json d = json::parse(detail.body);
  EXPECT_EQ(d["register"]["cccd"], first["register_cccd"]);
  EXPECT_FALSE(d["worker"].is_null());
  EXPECT_FALSE(d["reasons"][0]["label_vi"].get<std::string>().empty());
  EXPECT_EQ(Get(path, Login("outsider")).status, 403);
  // Deciding: not the province (reads only), not outside; the commune's officer accepts.
  EXPECT_EQ(Post(path + "/decision", {{"decision", "accept"}}, Login("province")).status, 403);
  EXPECT_EQ(Post(path + "/decision", {{"decision", "accept"}}, Login("outsider")).status, 403);
  EXPECT_EQ(Post(path + "/decision", {{"decision", "maybe"}}, officer).status, 422);
  HttpResult accepted =
      Post(path + "/decision", {{"decision", "accept"}, {"note", "đúng người"}}, officer);
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  json a = json::parse(accepted.body);
  EXPECT_EQ(a["proposal"]["state"], "accepted");
  EXPECT_EQ(a["worker"]["cccd"], first["register_cccd"]);
  EXPECT_EQ(a["worker"]["version"]["source"], "register_sync");
  EXPECT_EQ(Post(path + "/decision", {{"decision", "reject"}}, officer).status, 409);
  // The record answers to its new CCCD now, with its history.
  HttpResult record = Get("/api/workers/" + first["register_cccd"].get<std::string>(), officer);
  EXPECT_EQ(record.status, 200);
  EXPECT_EQ(Get("/api/workers/" + first["worker_id"].get<std::string>(), officer).status, 404);
  const std::string second_path =
      "/api/linkage/proposals/" + std::to_string(second["id"].get<int>()) + "/decision";
  EXPECT_EQ(Post(second_path, {{"decision", "reject"}}, Login("police")).status, 200);
  EXPECT_EQ(AuditOf("officer", "link_accept").size(), 1u);
  EXPECT_EQ(AuditOf("officer", "link_accept")[0].outcome, "allow");
  EXPECT_EQ(AuditOf("province", "link_accept").at(0).outcome, "deny_role");
  EXPECT_EQ(AuditOf("police", "link_reject").size(), 1u);
  // A new run does not propose the rejected pair again, nor the accepted one.
  Reconcile(officer, {{"as_of", "2025-10-01"}}, &id);
  json after = json::parse(Get("/api/linkage/proposals?limit=1000", officer).body)["items"];
  int copies = 0;
  for (const json& p : after)
    copies +=
        p["worker_id"] == second["worker_id"] && p["register_cccd"] == second["register_cccd"];
  EXPECT_EQ(copies, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, RegisterApiTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace lmis::http
