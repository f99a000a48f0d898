// Collection campaigns over real HTTP, on SQLite and PostgreSQL: a hand-made commune imported
// as a population-register extract with a few worker records; campaigns and quotas; the
// worklist; assignments; every form transition with the right and the wrong roles, each in
// the audit log; a hand-over record as JSON, PDF (pdftotext) and XLSX (openpyxl); progress
// against counts worked out by hand; and the speed of a worklist for a commune of ~10,000.
#include "http/collect_api.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "auth/password.h"
#include "core/date.h"
#include "exchange/csv.h"
#include "exchange/refdata_files.h"
#include "exchange/table_file.h"
#include "exchange/worker_file.h"
#include "gen/population.h"
#include "http/api.h"
#include "http/server.h"
#include "reconcile/compare.h"
#include "registry/extract_import.h"
#include "registry/import.h"
#include "store/store.h"
#include "testing/api_server.h"
#include "testing/http_client.h"
#include "testing/ref_data.h"
#include "testing/temp_dir.h"
#include "testing/test_database.h"

namespace lmis::http {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "mật khẩu đủ dài 2026";

// A clock the test moves forward: requests see the day it is set to, at 10:00 in Vietnam.
class StepClock : public Clock {
 public:
  explicit StepClock(Date d) : day_(d) {}
  void Set(Date d) {
    std::lock_guard lock(mu_);
    day_ = d;
  }
  Date Today() const override {
    std::lock_guard lock(mu_);
    return day_;
  }
  std::string Now() const override { return Today().ToString() + "T03:00:00Z"; }

 private:
  mutable std::mutex mu_;
  Date day_;
};

// Fails the test on any rejected row.
class NoRejects : public RejectSink {
 public:
  void Reject(int64_t line, const Violation& v) override {
    ADD_FAILURE() << "line " << line << ", " << v.field << ": " << v.message_en;
  }
};

// The people of the hand-made commune (2025 commune 00004, Phường Ba Đình, Hà Nội).
struct Resident {
  const char* key;
  const char* cccd;
  const char* name;
};
constexpr Resident kAn{"an", "001075000001", "Nguyễn Văn An"};           // head, no record
constexpr Resident kBinh{"binh", "001178000002", "Trần Thị Bình"};       // complete record
constexpr Resident kCuong{"cuong", "001210000003", "Nguyễn Văn Cường"};  // 15 on the day
constexpr Resident kGiang{"giang", "001090000005", "Phạm Văn Giang"};    // incomplete record
constexpr Resident kHoa{"hoa", "001310000007", "Phạm Thị Hoa"};          // born in 2010
constexpr Resident kKhanh{"khanh", "001085000008", "Đỗ Văn Khánh"};      // pre-2025 commune

const char kRegister[] =
    "cccd,full_name,birth_date,sex,ethnicity,permanent_unit,permanent_address,current_unit,"
    "current_address,household_id,relation_to_head,status,status_date,extract_date\n"
    "001075000001,Nguyễn Văn An,1975-03-01,male,01,00004,Số 12 Phan Đình Phùng,,,"
    "00004-000001,Chủ hộ,alive,,2025-09-15\n"
    "001178000002,Trần Thị Bình,1978-06-01,female,01,00004,Số 12 Phan Đình Phùng,,,"
    "00004-000001,Vợ,alive,,2025-09-15\n"
    "001210000003,Nguyễn Văn Cường,2010-10-01,male,01,00004,Số 12 Phan Đình Phùng,,,"
    "00004-000001,Con,alive,,2025-09-15\n"
    "001312000004,Nguyễn Thị Dung,2012-01-01,female,01,00004,Số 12 Phan Đình Phùng,,,"
    "00004-000001,Con,alive,,2025-09-15\n"
    "001090000005,Phạm Văn Giang,1990-01-01,male,01,00004,Số 5 Quán Thánh,00004,"
    "Số 7 ngõ 2 Quán Thánh,00004-000002,Chủ hộ,alive,,2025-09-15\n"
    "001140000006,Lê Thị Én,1940,female,01,00004,Số 5 Quán Thánh,,,"
    "00004-000002,Mẹ,deceased,2025-05-01,2025-09-15\n"
    "001310000007,Phạm Thị Hoa,2010,female,01,00004,Số 5 Quán Thánh,00004,"
    "Số 7 ngõ 2 Quán Thánh,00004-000002,Cháu,alive,,2025-09-15\n"
    "001085000008,Đỗ Văn Khánh,1985-05-05,male,01,00013,Số 3 Hàng Bún,,,"
    "00013-000003,Chủ hộ,alive,,2025-06-01\n"
    "001180000009,Vũ Thị Lan,1980,female,01,00008,Số 1 Ngọc Hà,,,"
    "00008-000001,Chủ hộ,alive,,2025-09-15\n";

json RecordOf(const Resident& r, const char* birth, const char* sex) {
  return {{"cccd", r.cccd}, {"full_name", r.name},       {"birth_date", birth},
          {"sex", sex},     {"permanent_unit", "00004"}, {"collected_on", "2025-09-20"}};
}

class CollectApiTest : public ::testing::TestWithParam<Backend> {
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
    for (const auto& [name, role, unit] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"bo.a", "ministry", "national"},
             {"tinh.a", "province_officer", "2025:01"},
             {"tinh.hcm", "province_officer", "2025:79"},
             {"huyen.a", "district_officer", "pre2025:001"},
             {"xa.a", "commune_officer", "2025:00004"},
             {"xa.b", "commune_officer", "2025:00008"},
             {"ca.a", "commune_police", "2025:00004"},
             {"ca.b", "commune_police", "2025:00008"},
             {"dtv.a", "collector", "2025:00004"},
             {"dtv.b", "collector", "2025:00004"},
             {"dtv.c", "collector", "2025:00004"},
             {"dtv.x", "collector", "2025:00008"},
             {"qt.a", "admin", "2025:01"},
             {"dn.a", "employer", "2025:00004"}})
      AddUser(name, role, unit);
  }

  void TearDown() override {
    client_.reset();
    server_.reset();
    api_.reset();
  }

  void AddUser(const std::string& name, const std::string& role, const std::string& unit) {
    static const std::string hash = HashPassword(kPassword);
    UserRecord u{name, role, unit, 0, hash, false, "2025-09-01T00:00:00Z", "2025-09-01T00:00:00Z"};
    ASSERT_TRUE(store_->AddUser(u));
  }

  const std::string& Token(const std::string& name) {
    auto it = tokens_.find(name);
    if (it != tokens_.end()) return it->second;
    HttpResult r =
        client_->Post("/api/session", json{{"username", name}, {"password", kPassword}}.dump(),
                      {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 200) << r.body;
    return tokens_[name] = json::parse(r.body)["token"].get<std::string>();
  }
  HttpHeaders As(const std::string& user, const char* type = "application/json") {
    return {{"Authorization", "Bearer " + Token(user)}, {"Content-Type", type}};
  }
  HttpResult Get(const std::string& user, const std::string& path) {
    return client_->Get(path, As(user));
  }
  HttpResult Post(const std::string& user, const std::string& path, const json& body) {
    return client_->Post(path, body.dump(), As(user));
  }
  HttpResult Put(const std::string& user, const std::string& path, const json& body) {
    return client_->Put(path, body.dump(), As(user));
  }
  static json Body(const HttpResult& r) {
    return r.body.empty() ? json() : json::parse(r.body, nullptr, false);
  }
  // A member of the body, by value (a range-for over a temporary's member would dangle).
  static json Field(const HttpResult& r, const char* key) { return Body(r)[key]; }

  // Imports the register extract `csv` as the command line would.
  void ImportRegister(std::string csv) {
    const ExtractFormat& f = FormatOf(ExtractKind::kPopulation);
    std::FILE* in = fmemopen(csv.data(), csv.size(), "r");
    auto rows = OpenTableRows(in, FileFormat::kCsv, ColumnNames(f), RequiredColumnNames(f));
    NoRejects rejects;
    ExtractImportOptions options;
    options.actor = "test";
    ExtractImportResult r =
        ImportExtract(f, *rows, TestRefData(), *store_, clock_, rejects, nullptr, options);
    std::fclose(in);
    ASSERT_TRUE(r.committed);
  }

  // The hand-made commune: the register extract and two worker records, Bình's complete and
  // Giang's without ethnicity and qualification.
  void HandMadeCommune() {
    ImportRegister(kRegister);
    json binh = RecordOf(kBinh, "1978-06-01", "female");
    binh.update({{"ethnicity", "01"},
                 {"general_education", "upper_secondary"},
                 {"qualification", "none"},
                 {"lf_status", "outside"},
                 {"nilf_reason", "housework"}});
    ASSERT_EQ(Post("xa.a", "/api/workers", binh).status, 201);
    json giang = RecordOf(kGiang, "1990-01-01", "male");
    giang.update({{"general_education", "upper_secondary"},
                  {"lf_status", "unemployed"},
                  {"unemployment_duration", "lt_3m"}});
    ASSERT_EQ(Post("xa.a", "/api/workers", giang).status, 201);
  }

  json CampaignBody() {
    return {{"name", "Thu thập thông tin người lao động năm 2025"},
            {"unit", "01"},
            {"reference_date", "2025-10-01"},
            {"window_start", "2025-10-01"},
            {"window_end", "2025-11-15"},
            {"waves",
             {{{"number", 1}, {"name", "Đợt 1"}, {"deadline", "2025-10-10"}},
              {{"number", 2}, {"name", "Đợt 2"}, {"deadline", "2025-10-25"}},
              {{"number", 3}, {"name", "Đợt 3"}, {"deadline", "2025-11-15"}}}}};
  }

  // A campaign of province 01 with quotas: 00004 wave 1 = 4, wave 2 = 2, wave 3 = 0;
  // 00008 wave 1 = 3.
  int64_t MakeCampaign() {
    HttpResult created = Post("tinh.a", "/api/campaigns", CampaignBody());
    EXPECT_EQ(created.status, 201) << created.body;
    const int64_t id = Body(created)["id"];
    HttpResult quotas = Put("tinh.a", "/api/campaigns/" + std::to_string(id) + "/quotas",
                            json{{{"unit", "00004"}, {"wave", 1}, {"quota", 4}},
                                 {{"unit", "00004"}, {"wave", 2}, {"quota", 2}},
                                 {{"unit", "00004"}, {"wave", 3}, {"quota", 0}},
                                 {{"unit", "00008"}, {"wave", 1}, {"quota", 3}}});
    EXPECT_EQ(quotas.status, 200) << quotas.body;
    return id;
  }

  std::vector<AuditEvent> AuditOf(const std::string& username) {
    AuditQuery q;
    q.username = username;
    q.limit = 100000;
    return OpenStore(db_.spec())->QueryAudit(q);
  }
  // True when `user`'s audit trail has `action` with `outcome` about `cccd`, with their role.
  bool Audited(const std::string& user, const std::string& action, const std::string& outcome,
               const std::string& cccd) {
    auto person = CccdPersonId(cccd);
    auto who = store_->FindUser(user);
    for (const AuditEvent& e : AuditOf(user))
      if (e.action == action && e.outcome == outcome && person && e.person_id == *person && who &&
          e.role == who->role && e.residence_unit == "2025:00004" && e.province_code == "01")
        return true;
    return false;
  }

  // Runs a tool and returns its standard output; the tool must exist.
  static std::string Run(const std::string& tool, const std::string& args) {
    EXPECT_EQ(access(tool.c_str(), X_OK), 0) << tool << " is missing: run scripts/install-deps";
    std::FILE* p = popen((tool + " " + args).c_str(), "r");
    std::string out;
    char buf[4096];
    size_t n;
    while (p && (n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    EXPECT_EQ(p ? pclose(p) : -1, 0) << tool << " " << args;
    return out;
  }

  TestDatabase db_{GetParam()};
  std::unique_ptr<Store> store_;
  StepClock clock_{Date{2025, 10, 2}};
  std::unique_ptr<Api> api_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<HttpClient> client_;
  std::map<std::string, std::string> tokens_;
  TempDir dir_;
};

// ---- campaigns and quotas ----

TEST_P(CollectApiTest, CampaignsAreManagedInsideTheManagersUnitAndQuotasAreAllOrNone) {
  EXPECT_EQ(Post("xa.a", "/api/campaigns", CampaignBody()).status, 403) << "a commune officer";
  EXPECT_EQ(Post("tinh.hcm", "/api/campaigns", CampaignBody()).status, 403) << "another province";
  json national = CampaignBody();
  national["unit"] = "national";
  EXPECT_EQ(Post("tinh.a", "/api/campaigns", national).status, 403);
  EXPECT_EQ(Post("bo.a", "/api/campaigns", national).status, 201);
  json district = CampaignBody();
  district["unit"] = "00004";
  EXPECT_EQ(Post("huyen.a", "/api/campaigns", district).status, 201)
      << "a commune of the old district, in the 2025 tree";

  json bad = CampaignBody();
  bad["window_end"] = "2025-09-01";
  bad["waves"][1]["number"] = 5;
  bad["waves"][2]["deadline"] = "2025-09-15";
  bad["unit"] = "99";
  HttpResult invalid = Post("tinh.a", "/api/campaigns", bad);
  ASSERT_EQ(invalid.status, 422) << invalid.body;
  std::set<std::string> fields;
  for (const json& v : Field(invalid, "violations")) {
    fields.insert(v["field"].get<std::string>());
    EXPECT_FALSE(v["message_vi"].get<std::string>().empty());
    EXPECT_FALSE(v["message_en"].get<std::string>().empty());
  }
  EXPECT_EQ(fields,
            (std::set<std::string>{"unit", "window_end", "waves[1].number", "waves[2].deadline"}));

  const int64_t id = MakeCampaign();
  const std::string path = "/api/campaigns/" + std::to_string(id);
  json got = Body(Get("huyen.a", path));
  EXPECT_EQ(got["unit"], "01");
  EXPECT_EQ(got["waves"].size(), 3u);
  EXPECT_EQ(got["quotas"].size(), 4u);
  EXPECT_EQ(Get("qt.a", path).status, 403) << "an administrator";
  EXPECT_EQ(Get("tinh.hcm", path).status, 403) << "a campaign of another province";
  EXPECT_EQ(Get("dtv.a", "/api/campaigns/999999").status, 404);
  std::set<int64_t> listed;
  for (const json& c : Field(Get("xa.a", "/api/campaigns"), "items"))
    listed.insert(c["id"].get<int64_t>());
  EXPECT_TRUE(listed.contains(id));
  EXPECT_EQ(listed.size(), 3u) << "national, Ba Đình and Hà Nội; " << listed.size();
  EXPECT_TRUE(Body(Get("tinh.hcm", "/api/campaigns"))["items"].size() == 1u) << "national only";

  // A quota file with bad rows saves nothing and names each row.
  const std::string outside = TestRefData().units.CommunesUnder(UnitEdition::k2025, "79").front();
  std::string csv = "unit,wave,quota\n00004,1,40\n00004,9,1\n" + outside + ",1,2\n00008,2,abc\n";
  HttpResult rejected =
      client_->Put(path + "/quotas", csv, As("tinh.a", "text/csv; charset=utf-8"));
  ASSERT_EQ(rejected.status, 422) << rejected.body;
  std::vector<std::pair<int64_t, std::string>> rows;
  for (const json& v : Field(rejected, "violations"))
    rows.push_back({v["line"].get<int64_t>(), v["field"].get<std::string>()});
  EXPECT_EQ(rows,
            (std::vector<std::pair<int64_t, std::string>>{{3, "wave"}, {4, "unit"}, {5, "quota"}}));
  json after = Body(Get("tinh.a", path + "/quotas"))["quotas"];
  ASSERT_EQ(after.size(), 4u);
  EXPECT_EQ(after[0]["quota"], 4) << "nothing saved";
  HttpResult good = client_->Put(path + "/quotas", "unit,wave,quota\n00004,1,40\n00025,2,7\n",
                                 As("tinh.a", "text/csv"));
  ASSERT_EQ(good.status, 200) << good.body;
  json now = Body(good)["quotas"];
  ASSERT_EQ(now.size(), 5u);
  EXPECT_EQ(now[0]["unit"], "00004");
  EXPECT_EQ(now[0]["quota"], 40);
  EXPECT_EQ(
      client_->Put(path + "/quotas", "unit,wave,quota\n00004,1,1\n", As("xa.a", "text/csv")).status,
      403);
  int quota_sets = 0;
  for (const AuditEvent& e : AuditOf("tinh.a")) quota_sets += e.action == "quota_set";
  EXPECT_EQ(quota_sets, 2);

  // Waves with quotas stay; the name and window may change.
  json renamed = CampaignBody();
  renamed["name"] = "Đổi tên";
  renamed["waves"].erase(2);
  EXPECT_EQ(Put("tinh.a", path, renamed).status, 409) << "wave 3 has a quota";
  renamed["waves"] = CampaignBody()["waves"];
  HttpResult updated = Put("tinh.a", path, renamed);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(Body(updated)["name"], "Đổi tên");
  EXPECT_EQ(Body(updated)["updated_by"], "tinh.a");
}

// ---- the worklist ----

TEST_P(CollectApiTest, TheWorklistListsExactlyWhoMustBeCollectedByHouseholdInEveryFormat) {
  HandMadeCommune();
  const int64_t id = MakeCampaign();
  const std::string path = "/api/campaigns/" + std::to_string(id) + "/worklist?unit=00004";
  HttpResult r = Get("ca.a", path);
  ASSERT_EQ(r.status, 200) << r.body;
  json list = Body(r);
  EXPECT_EQ(list["unit_name"], "Phường Ba Đình");
  std::vector<std::string> households, people;
  for (const json& h : list["households"]) {
    households.push_back(h["household_id"]);
    for (const json& m : h["members"]) people.push_back(m["cccd"]);
  }
  EXPECT_EQ(households, (std::vector<std::string>{"00004-000001", "00004-000002", "00013-000003"}));
  EXPECT_EQ(people,
            (std::vector<std::string>{kAn.cccd, kCuong.cccd, kGiang.cccd, kHoa.cccd, kKhanh.cccd}))
      << "not Bình (complete), Dung (13), Én (died before the reference date), Lan (00008)";
  const json& h1 = list["households"][0];
  EXPECT_EQ(h1["address"], "Số 12 Phan Đình Phùng");
  EXPECT_TRUE(h1["members"][0]["head"].get<bool>());
  EXPECT_EQ(h1["members"][0]["reason"], "no_record");
  const json& h2 = list["households"][1];
  EXPECT_EQ(h2["address"], "Số 7 ngõ 2 Quán Thánh") << "the current address";
  EXPECT_EQ(h2["members"][0]["reason"], "incomplete");
  EXPECT_EQ(h2["members"][0]["missing"], json({"ethnicity", "qualification"}));
  EXPECT_TRUE(h2["members"][1]["age_uncertain"].get<bool>()) << "born some day of 2010";
  EXPECT_FALSE(h1["members"][1]["age_uncertain"].get<bool>());
  EXPECT_EQ(list["counts"]["people"], 5);
  EXPECT_EQ(list["counts"]["no_record"], 4);
  EXPECT_EQ(list["counts"]["incomplete"], 1);
  for (const Resident* p : {&kAn, &kCuong, &kGiang, &kHoa, &kKhanh})
    EXPECT_TRUE(Audited("ca.a", "worklist", "allow", p->cccd)) << p->name;

  EXPECT_EQ(Get("ca.b", path).status, 403) << "another commune's police";
  EXPECT_EQ(Get("dn.a", path).status, 403) << "an employer";
  EXPECT_EQ(Get("huyen.a", path).status, 200) << "the district reads";
  EXPECT_EQ(Get("ca.a", "/api/campaigns/" + std::to_string(id) + "/worklist?unit=79").status, 422);
  EXPECT_EQ(Get("ca.a", path + "&format=docx").status, 422);

  HttpResult csv = Get("xa.a", path + "&format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.Header("content-type")->find("text/csv"), std::string::npos);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 6) << csv.body;
  EXPECT_NE(csv.body.find("00004-000002,001090000005,Phạm Văn Giang,1990-01-01,male,Chủ hộ,true,"
                          "Số 7 ngõ 2 Quán Thánh,incomplete,ethnicity;qualification,false"),
            std::string::npos)
      << csv.body;

  HttpResult pdf = Get("xa.a", path + "&format=pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(*pdf.Header("content-type"), "application/pdf");
  std::ofstream(dir_.Path("worklist.pdf"), std::ios::binary) << pdf.body;
  std::string text = Run("/usr/bin/pdftotext", "-layout " + dir_.Path("worklist.pdf") + " -");
  for (const char* want :
       {"BẢNG KÊ NGƯỜI CẦN THU THẬP THÔNG TIN", "UBND PHƯỜNG BA ĐÌNH", "Nguyễn Văn An",
        "001085000008", "00004-000002", "01/01/1990", "Chưa có phiếu", "NGƯỜI LẬP BẢNG"})
    EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;

  HttpResult xlsx = Get("xa.a", path + "&format=xlsx");
  ASSERT_EQ(xlsx.status, 200);
  std::ofstream(dir_.Path("worklist.xlsx"), std::ios::binary) << xlsx.body;
  std::string cells =
      Run("/usr/bin/python3",
          "-c \"import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1]).active;"
          "[print(c.value) for r in ws.iter_rows() for c in r if c.value is not None]\" " +
              dir_.Path("worklist.xlsx"));
  for (const char* want : {"BẢNG KÊ NGƯỜI CẦN THU THẬP THÔNG TIN", "Mã hộ", "00004-000002",
                           "Phạm Thị Hoa", "001310000007", "Quan hệ với chủ hộ"})
    EXPECT_NE(cells.find(want), std::string::npos) << want << "\n" << cells;
}

// ---- assignments, the life cycle, hand-over, progress ----

TEST_P(CollectApiTest, FormsWalkTheirLifeCycleWithTheRightRolesAndEveryAttemptIsAudited) {
  HandMadeCommune();
  const int64_t id = MakeCampaign();
  const std::string campaign = "/api/campaigns/" + std::to_string(id);

  // 2 October: households to collectors.
  json assign = {{"unit", "00004"},
                 {"wave", 1},
                 {"collector", "dtv.a"},
                 {"households", {"00004-000001", "00004-000002"}}};
  EXPECT_EQ(Post("ca.a", campaign + "/assignments", assign).status, 403) << "police do not assign";
  json wrong = assign;
  wrong["collector"] = "dtv.x";
  EXPECT_EQ(Post("xa.a", campaign + "/assignments", wrong).status, 422) << "another commune's";
  wrong = assign;
  wrong["households"] = {"00004-000001", "00008-000001"};
  EXPECT_EQ(Post("xa.a", campaign + "/assignments", wrong).status, 422) << "not on the worklist";
  HttpResult assigned = Post("xa.a", campaign + "/assignments", assign);
  ASSERT_EQ(assigned.status, 201) << assigned.body;
  EXPECT_EQ(Body(assigned)["created"], 4);
  std::map<std::string, int64_t> form;  // CCCD → form id
  for (const json& f : Field(assigned, "forms")) {
    form[f["cccd"]] = f["id"];
    EXPECT_EQ(f["state"], "assigned");
    EXPECT_EQ(f["collector"], "dtv.a");
  }
  ASSERT_EQ(form.size(), 4u);
  HttpResult again = Post("xa.a", campaign + "/assignments", assign);
  EXPECT_EQ(Body(again)["created"], 0);
  EXPECT_EQ(Body(again)["already_assigned"], 4);
  HttpResult second = Post(
      "xa.a", campaign + "/assignments",
      {{"unit", "00004"}, {"wave", 2}, {"collector", "dtv.b"}, {"households", {"00013-000003"}}});
  ASSERT_EQ(second.status, 201) << second.body;
  form[kKhanh.cccd] = Body(second)["forms"][0]["id"];
  for (const auto& [cccd, fid] : form) EXPECT_TRUE(Audited("xa.a", "form_assign", "allow", cccd));

  auto move = [&](const std::string& user, const Resident& who, const std::string& to,
                  const std::string& reason = "") {
    json body = {{"to", to}};
    if (!reason.empty()) body["reason"] = reason;
    return Post(user, "/api/forms/" + std::to_string(form[who.cccd]) + "/transitions", body);
  };
  auto state = [&](const Resident& who) {
    return Body(Get("xa.a", "/api/forms/" + std::to_string(form[who.cccd])))["state"];
  };

  // Hoa's form goes to another collector while still assigned.
  const std::string hoa_form = "/api/forms/" + std::to_string(form[kHoa.cccd]);
  EXPECT_EQ(Put("xa.a", hoa_form + "/collector", {{"collector", "dtv.x"}}).status, 422);
  HttpResult reassigned = Put("xa.a", hoa_form + "/collector", {{"collector", "dtv.c"}});
  ASSERT_EQ(reassigned.status, 200) << reassigned.body;
  EXPECT_EQ(Body(reassigned)["collector"], "dtv.c");

  // Collectors see their own forms only.
  std::set<std::string> mine;
  for (const json& f : Field(Get("dtv.a", campaign + "/forms"), "items")) mine.insert(f["cccd"]);
  EXPECT_EQ(mine, (std::set<std::string>{kAn.cccd, kCuong.cccd, kGiang.cccd}));
  EXPECT_EQ(Get("dtv.a", hoa_form).status, 403) << "given to dtv.c";
  EXPECT_EQ(Get("qt.a", hoa_form).status, 403) << "an administrator";
  json own_list = Body(Get("dtv.c", campaign + "/worklist?unit=00004"));
  ASSERT_EQ(own_list["households"].size(), 1u);
  EXPECT_EQ(own_list["households"][0]["members"][0]["cccd"], kHoa.cccd);

  // 5 October: collection.
  clock_.Set({2025, 10, 5});
  EXPECT_EQ(move("dtv.b", kAn, "collected").status, 403) << "not dtv.b's form";
  EXPECT_EQ(Body(move("dtv.b", kAn, "collected"))["error"]["code"], "forbidden_not_assigned");
  EXPECT_EQ(move("ca.a", kAn, "collected").status, 403) << "police never collect";
  EXPECT_EQ(move("bo.a", kAn, "collected").status, 403) << "the ministry only reads";
  EXPECT_EQ(move("dtv.x", kAn, "collected").status, 403) << "another commune";
  EXPECT_EQ(move("xa.a", kAn, "accepted").status, 409) << "not collected yet";
  EXPECT_EQ(move("xa.a", kAn, "lost").status, 422);
  for (const Resident* p : {&kAn, &kCuong, &kGiang}) {
    HttpResult ok = move("dtv.a", *p, "collected");
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(Body(ok)["collected_at"], "2025-10-05T03:00:00Z");
  }
  EXPECT_EQ(move("dtv.a", kAn, "accepted").status, 403) << "collectors do not accept";
  EXPECT_EQ(move("ca.a", kAn, "accepted").status, 403);

  // 6 October: cleaning; Giang's form goes back.
  clock_.Set({2025, 10, 6});
  EXPECT_EQ(move("xa.b", kAn, "accepted").status, 403) << "another commune's officer";
  ASSERT_EQ(move("xa.a", kAn, "accepted").status, 200);
  ASSERT_EQ(move("xa.a", kCuong, "accepted").status, 200);
  EXPECT_EQ(move("xa.a", kGiang, "returned").status, 422) << "a return needs a reason";
  HttpResult returned = move("xa.a", kGiang, "returned", "Thiếu chữ ký người cung cấp thông tin");
  ASSERT_EQ(returned.status, 200) << returned.body;
  EXPECT_EQ(Body(returned)["returned"]["reason"], "Thiếu chữ ký người cung cấp thông tin");
  EXPECT_EQ(Body(returned)["returned"]["by"], "xa.a");
  EXPECT_EQ(move("xa.a", kAn, "handed_over").status, 409) << "only through a hand-over record";
  EXPECT_EQ(Body(move("xa.a", kAn, "handed_over"))["error"]["code"], "handover_only");

  // 12 October, after the first deadline: Giang collected again, Hoa collected.
  clock_.Set({2025, 10, 12});
  ASSERT_EQ(move("dtv.a", kGiang, "collected").status, 200);
  ASSERT_EQ(move("dtv.c", kHoa, "collected").status, 200);
  ASSERT_EQ(move("xa.a", kGiang, "accepted").status, 200);
  EXPECT_EQ(Put("xa.a", hoa_form + "/collector", {{"collector", "dtv.a"}}).status, 409)
      << "collected already";

  // 13 October: the hand-over record.
  clock_.Set({2025, 10, 13});
  const std::string handovers = campaign + "/handovers";
  json handover = {{"unit", "00004"},
                   {"to", "ca.a"},
                   {"forms", {form[kAn.cccd], form[kCuong.cccd], form[kGiang.cccd]}},
                   {"note", "Bàn giao đợt 1"}};
  EXPECT_EQ(Post("ca.a", handovers, handover).status, 403) << "the police receive, not give";
  json to_collector = handover;
  to_collector["to"] = "dtv.a";
  EXPECT_EQ(Post("xa.a", handovers, to_collector).status, 422) << "to a police user only";
  json with_hoa = handover;
  with_hoa["forms"].push_back(form[kHoa.cccd]);
  HttpResult refused = Post("xa.a", handovers, with_hoa);
  ASSERT_EQ(refused.status, 409) << refused.body;
  EXPECT_NE(Body(refused)["error"]["message_en"].get<std::string>().find(
                "Form " + std::to_string(form[kHoa.cccd])),
            std::string::npos)
      << refused.body;
  EXPECT_EQ(state(kAn), "accepted") << "all or none";
  HttpResult made = Post("xa.a", handovers, handover);
  ASSERT_EQ(made.status, 201) << made.body;
  json record = Body(made);
  const int64_t hid = record["id"];
  EXPECT_EQ(record["count"], 3);
  EXPECT_EQ(record["to"], "ca.a");
  for (const Resident* p : {&kAn, &kCuong, &kGiang}) {
    EXPECT_EQ(state(*p), "handed_over");
    EXPECT_TRUE(Audited("xa.a", "handover", "allow", p->cccd));
  }
  // The check code: SHA-256 of "id:cccd\n" lines sorted by form id, worked out by sha256sum.
  std::vector<std::pair<int64_t, std::string>> items = {{form[kAn.cccd], kAn.cccd},
                                                        {form[kCuong.cccd], kCuong.cccd},
                                                        {form[kGiang.cccd], kGiang.cccd}};
  std::sort(items.begin(), items.end());
  std::string lines;
  for (const auto& [fid, cccd] : items) lines += std::to_string(fid) + ":" + cccd + "\\n";
  std::string digest = Run("/usr/bin/bash", "-c 'printf \"" + lines + "\" | sha256sum'");
  EXPECT_EQ(record["check_code"], digest.substr(0, 64));
  EXPECT_EQ(Get("dtv.a", "/api/handovers/" + std::to_string(hid)).status, 403);
  EXPECT_EQ(Get("ca.b", "/api/handovers/" + std::to_string(hid)).status, 403);
  EXPECT_EQ(Body(Get("huyen.a", handovers))["items"].size(), 1u);

  HttpResult pdf = Get("ca.a", "/api/handovers/" + std::to_string(hid) + "?format=pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  std::ofstream(dir_.Path("handover.pdf"), std::ios::binary) << pdf.body;
  std::string text = Run("/usr/bin/pdftotext", "-layout " + dir_.Path("handover.pdf") + " -");
  const std::string code = record["check_code"];
  for (const std::string& want :
       {std::string("BIÊN BẢN BÀN GIAO PHIẾU THU THẬP THÔNG TIN NGƯỜI LAO ĐỘNG"),
        std::string("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), std::string("UBND PHƯỜNG BA ĐÌNH"),
        std::string("Hôm nay, ngày 13 tháng 10 năm 2025"), std::string("Bên giao: xa.a"),
        std::string("Bên nhận: ca.a"), std::string("BÊN GIAO"), std::string("BÊN NHẬN"),
        std::string("Tổng cộng: 3 phiếu"), std::string(kGiang.name), std::string(kCuong.cccd),
        "Mã kiểm tra: " + code.substr(0, 8) + " " + code.substr(8, 8)})
    EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
  EXPECT_EQ(text.find(kHoa.name), std::string::npos) << "Hoa was not handed over";

  HttpResult xlsx = Get("ca.a", "/api/handovers/" + std::to_string(hid) + "?format=xlsx");
  ASSERT_EQ(xlsx.status, 200);
  std::ofstream(dir_.Path("handover.xlsx"), std::ios::binary) << xlsx.body;
  std::string cells =
      Run("/usr/bin/python3",
          "-c \"import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1]).active;"
          "[print(c.value) for r in ws.iter_rows() for c in r if c.value is not None]\" " +
              dir_.Path("handover.xlsx"));
  for (const std::string& want :
       {std::string("BIÊN BẢN BÀN GIAO PHIẾU THU THẬP THÔNG TIN NGƯỜI LAO ĐỘNG"),
        std::string(kAn.cccd), std::string(kCuong.cccd), std::string(kGiang.cccd),
        std::string("Tổng cộng: 3 phiếu"), std::string("BÊN NHẬN"),
        std::to_string(form[kGiang.cccd])})
    EXPECT_NE(cells.find(want), std::string::npos) << want << "\n" << cells;
  EXPECT_TRUE(Audited("ca.a", "handover_read", "allow", kAn.cccd));

  // The police enter what has a worker record, and send Cường's form back.
  EXPECT_EQ(move("xa.a", kAn, "entered").status, 403) << "officers do not enter";
  HttpResult no_record = move("ca.a", kAn, "entered");
  EXPECT_EQ(no_record.status, 409) << no_record.body;
  EXPECT_EQ(Body(no_record)["error"]["code"], "no_worker_record");
  json an = RecordOf(kAn, "1975-03-01", "male");
  an.update({{"ethnicity", "01"},
             {"general_education", "upper_secondary"},
             {"qualification", "none"},
             {"lf_status", "outside"},
             {"nilf_reason", "housework"},
             {"collected_on", "2025-10-05"}});
  ASSERT_EQ(Post("ca.a", "/api/workers", an).status, 201);
  HttpResult entered = move("ca.a", kAn, "entered");
  ASSERT_EQ(entered.status, 200) << entered.body;
  EXPECT_EQ(Body(entered)["entered_version"], 1);
  ASSERT_EQ(move("ca.a", kGiang, "entered").status, 200) << "Giang has a record, incomplete";
  EXPECT_EQ(move("ca.a", kCuong, "returned").status, 422);
  ASSERT_EQ(move("ca.a", kCuong, "returned", "Sai ngày sinh").status, 200);
  EXPECT_EQ(move("ca.a", kAn, "entered").status, 409) << "entered already";
  EXPECT_EQ(move("dtv.a", kAn, "archived").status, 403);
  ASSERT_EQ(move("xa.a", kAn, "archived").status, 200);

  // The form's own history.
  json an_form = Body(Get("ca.a", "/api/forms/" + std::to_string(form[kAn.cccd])));
  std::vector<std::string> path;
  for (const json& e : an_form["events"])
    path.push_back((e["from"].is_null() ? "" : e["from"].get<std::string>()) + ">" +
                   e["to"].get<std::string>() + ":" + e["by"].get<std::string>() + "/" +
                   e["role"].get<std::string>());
  EXPECT_EQ(
      path,
      (std::vector<std::string>{
          ">assigned:xa.a/commune_officer", "assigned>collected:dtv.a/collector",
          "collected>accepted:xa.a/commune_officer", "accepted>handed_over:xa.a/commune_officer",
          "handed_over>entered:ca.a/commune_police", "entered>archived:xa.a/commune_officer"}));
  EXPECT_EQ(an_form["archived_at"], "2025-10-13T03:00:00Z");
  EXPECT_EQ(an_form["handover"], hid);

  // Every attempt is in the audit log, with the role and the person.
  EXPECT_TRUE(Audited("dtv.a", "form_collect", "allow", kAn.cccd));
  EXPECT_TRUE(Audited("dtv.b", "form_collect", "deny_jurisdiction", kAn.cccd)) << "not theirs";
  EXPECT_TRUE(Audited("ca.a", "form_collect", "deny_role", kAn.cccd));
  EXPECT_TRUE(Audited("bo.a", "form_collect", "deny_role", kAn.cccd));
  EXPECT_TRUE(Audited("dtv.x", "form_collect", "deny_role", kAn.cccd) ||
              Audited("dtv.x", "form_collect", "deny_jurisdiction", kAn.cccd));
  EXPECT_TRUE(Audited("xa.a", "form_accept", "deny_state", kAn.cccd));
  EXPECT_TRUE(Audited("xa.b", "form_accept", "deny_jurisdiction", kAn.cccd));
  EXPECT_TRUE(Audited("xa.a", "form_accept", "allow", kAn.cccd));
  EXPECT_TRUE(Audited("xa.a", "form_return", "fail", kGiang.cccd)) << "without a reason";
  EXPECT_TRUE(Audited("xa.a", "form_return", "allow", kGiang.cccd));
  EXPECT_TRUE(Audited("xa.a", "handover", "deny_state", kAn.cccd)) << "direct hand-over";
  EXPECT_TRUE(Audited("xa.a", "handover", "deny_state", kHoa.cccd)) << "not accepted";
  EXPECT_TRUE(Audited("ca.a", "form_enter", "deny_state", kAn.cccd)) << "no record yet";
  EXPECT_TRUE(Audited("xa.a", "form_enter", "deny_role", kAn.cccd));
  EXPECT_TRUE(Audited("ca.a", "form_enter", "allow", kAn.cccd));
  EXPECT_TRUE(Audited("ca.a", "form_return", "allow", kCuong.cccd));
  EXPECT_TRUE(Audited("dtv.a", "form_archive", "deny_role", kAn.cccd));
  EXPECT_TRUE(Audited("xa.a", "form_archive", "allow", kAn.cccd));
  EXPECT_TRUE(Audited("xa.a", "form_reassign", "allow", kHoa.cccd));
  EXPECT_TRUE(Audited("dtv.a", "form_read", "deny_jurisdiction", kHoa.cccd));

  // 20 October: progress of the province, worked out by hand.
  clock_.Set({2025, 10, 20});
  HttpResult progress = Get("tinh.a", campaign + "/progress?as_of=2025-10-20");
  ASSERT_EQ(progress.status, 200) << progress.body;
  json p = Body(progress);
  ASSERT_EQ(p["waves"].size(), 3u);
  const json& w1 = p["waves"][0];
  ASSERT_EQ(w1["rows"].size(), 2u) << w1.dump();
  const json& ba_dinh = w1["rows"][0];
  EXPECT_EQ(ba_dinh["unit"], "00004");
  EXPECT_EQ(ba_dinh["quota"], 4);
  EXPECT_EQ(ba_dinh["assigned"], 4);
  EXPECT_EQ(ba_dinh["collected"], 4);
  EXPECT_EQ(ba_dinh["accepted"], 3);
  EXPECT_EQ(ba_dinh["handed_over"], 3);
  EXPECT_EQ(ba_dinh["entered"], 2);
  EXPECT_EQ(ba_dinh["archived"], 1);
  EXPECT_EQ(ba_dinh["returned"], 1) << "Cường's, by the police";
  EXPECT_EQ(ba_dinh["collected_by_deadline"], 3);
  EXPECT_EQ(ba_dinh["collected_after_deadline"], 1) << "Hoa's, on the 12th";
  EXPECT_EQ(ba_dinh["collected_pct"], 100.0);
  EXPECT_EQ(ba_dinh["entered_pct"], 50.0);
  EXPECT_TRUE(ba_dinh["late"].get<bool>()) << "3 of 4 by the deadline";
  const json& ngoc_ha = w1["rows"][1];
  EXPECT_EQ(ngoc_ha["unit"], "00008");
  EXPECT_EQ(ngoc_ha["quota"], 3);
  EXPECT_EQ(ngoc_ha["collected"], 0);
  EXPECT_TRUE(ngoc_ha["late"].get<bool>());
  EXPECT_EQ(w1["total"]["quota"], 7);
  EXPECT_EQ(w1["total"]["collected"], 4);
  EXPECT_EQ(w1["total"]["collected_pct"], 57.1);
  EXPECT_EQ(w1["total"]["entered_pct"], 28.6);
  EXPECT_TRUE(w1["total"]["late"].get<bool>());
  const json& w2 = p["waves"][1];
  ASSERT_EQ(w2["rows"].size(), 1u);
  EXPECT_EQ(w2["rows"][0]["quota"], 2);
  EXPECT_EQ(w2["rows"][0]["assigned"], 1);
  EXPECT_FALSE(w2["rows"][0]["late"].get<bool>()) << "the deadline is the 25th";
  EXPECT_TRUE(p["waves"][2]["rows"][0]["collected_pct"].is_null()) << "a quota of 0";

  // As of 9 October (before the deadline): Giang's form stood returned, nothing late yet.
  json early = Body(Get("huyen.a", campaign + "/progress?as_of=2025-10-09&wave=1&unit=00004"));
  ASSERT_EQ(early["waves"].size(), 1u);
  ASSERT_EQ(early["waves"][0]["rows"].size(), 1u);
  const json& e = early["waves"][0]["rows"][0];
  EXPECT_EQ(e["collected"], 3);
  EXPECT_EQ(e["accepted"], 2);
  EXPECT_EQ(e["returned"], 1);
  EXPECT_EQ(e["handed_over"], 0);
  EXPECT_FALSE(e["late"].get<bool>());
  // A commune sees only itself; a province elsewhere nothing.
  json commune = Body(Get("xa.b", campaign + "/progress?wave=1"));
  ASSERT_EQ(commune["waves"][0]["rows"].size(), 1u);
  EXPECT_EQ(commune["waves"][0]["rows"][0]["unit"], "00008");
  EXPECT_EQ(Get("tinh.hcm", campaign + "/progress").status, 403);
  EXPECT_EQ(Get("xa.b", campaign + "/progress?unit=00004").status, 403);

  HttpResult csv = Get("tinh.a", campaign + "/progress?as_of=2025-10-20&format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("1,00004,Phường Ba Đình,4,4,4,100.0,3,3,2,50.0,1,1,3,1,true"),
            std::string::npos)
      << csv.body;
  EXPECT_NE(csv.body.find("1,total,,7,4,4,57.1,3,3,2,28.6,1,1,3,1,true"), std::string::npos)
      << csv.body;
  HttpResult sheet = Get("tinh.a", campaign + "/progress?as_of=2025-10-20&format=xlsx");
  ASSERT_EQ(sheet.status, 200);
  std::ofstream(dir_.Path("progress.xlsx"), std::ios::binary) << sheet.body;
  std::string progress_cells =
      Run("/usr/bin/python3",
          "-c \"import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1]).active;"
          "[print('|'.join('' if c.value is None else str(c.value) for c in r)) for r in "
          "ws.iter_rows()]\" " +
              dir_.Path("progress.xlsx"));
  EXPECT_NE(progress_cells.find("BÁO CÁO TIẾN ĐỘ THU THẬP THÔNG TIN NGƯỜI LAO ĐỘNG"),
            std::string::npos);
  EXPECT_NE(progress_cells.find("|Tổng cộng|9|5|4|"), std::string::npos)
      << "all waves: quota 4+3+2+0, assigned 4+1\n"
      << progress_cells;
}

// ---- speed ----

TEST_P(CollectApiTest, AWorklistOfATenThousandPersonCommuneComesBackQuickly) {
  // A synthetic commune: the register extract of every member, worker records for half the
  // people aged 15+.
  GenOptions o;
  o.seed = 7;
  o.people = 7200;
  o.units = {"00004"};
  o.reference_date = {2025, 10, 1};
  std::string reg =
      "cccd,full_name,birth_date,sex,ethnicity,permanent_unit,permanent_address,current_unit,"
      "current_address,household_id,relation_to_head,status,status_date,extract_date\n";
  std::vector<RegisterPerson> people;
  std::string workers;
  char* wbuf = nullptr;
  size_t wsize = 0;
  std::FILE* wf = open_memstream(&wbuf, &wsize);
  auto writer = MakeWorkerWriter(wf, FileFormat::kCsv);
  std::set<std::string> recorded;
  int64_t n = 0;
  GenOutput out;
  out.worker = [&](const WorkerCells& c) {
    if (n++ % 2) return;
    writer->Write(c);
    recorded.insert(c[static_cast<size_t>(WorkerField::kCccd)]);
  };
  out.register_person = [&](const RegisterPerson& p) { people.push_back(p); };
  GeneratePopulation(TestRefData(), LoadNameStats(DefaultDataDir()), o, out);
  writer.reset();
  std::fclose(wf);
  workers.assign(wbuf, wsize);
  std::free(wbuf);
  {
    std::FILE* f = open_memstream(&wbuf, &wsize);
    CsvWriter csv(f);
    for (const RegisterPerson& p : people)
      csv.Row({p.cccd, p.full_name, p.birth_date, p.sex, p.ethnicity, p.permanent_unit,
               p.permanent_address, p.current_unit, p.current_address, p.household_id,
               p.relation_to_head, p.status, p.status_date, p.extract_date});
    std::fclose(f);
    reg.append(wbuf, wsize);
    std::free(wbuf);
  }
  ASSERT_GE(people.size(), 9000u);
  ImportRegister(reg);
  {
    std::FILE* in = fmemopen(workers.data(), workers.size(), "r");
    auto rows = OpenWorkerRows(in, FileFormat::kCsv);
    NoRejects rejects;
    ImportOptions options;
    ImportResult r = ImportWorkers(*rows, TestRefData(), *store_, clock_, rejects, options);
    std::fclose(in);
    ASSERT_TRUE(r.record.committed);
  }
  // Who must be listed, worked out from the generator's rows.
  const Date ref{2025, 10, 1};
  std::set<std::string> expected;
  for (const RegisterPerson& p : people) {
    auto birth = PartialDate::Parse(p.birth_date);
    if (ClosedOn(p.status, p.status_date, ref)) continue;
    if (birth && CertainlyYoungerThan(*birth, ref, 15)) continue;
    if (recorded.contains(p.cccd)) continue;  // generated records are complete
    expected.insert(p.cccd);
  }
  const int64_t id = MakeCampaign();
  const std::string path = "/api/campaigns/" + std::to_string(id) + "/worklist?unit=00004";
  Token("ca.a");
  auto start = std::chrono::steady_clock::now();
  HttpResult r = Get("ca.a", path);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(r.status, 200);
  std::set<std::string> listed;
  size_t households = 0;
  for (const json& h : Field(r, "households")) {
    ++households;
    for (const json& m : h["members"]) listed.insert(m["cccd"]);
  }
  EXPECT_EQ(listed, expected);
  std::printf("[ %s ] worklist of %zu register people: %zu listed in %zu households, %.3f s\n",
              BackendName(GetParam()).c_str(), people.size(), listed.size(), households, seconds);
  RecordProperty("worklist_seconds", std::to_string(seconds));
  // A second or so on an ordinary machine; generous here for sanitizers and shared cores.
  EXPECT_LT(seconds, 8.0);
  auto pdf_start = std::chrono::steady_clock::now();
  EXPECT_EQ(Get("ca.a", path + "&format=pdf").status, 200);
  std::printf("[ %s ] the same as PDF: %.3f s\n", BackendName(GetParam()).c_str(),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - pdf_start).count());
}

INSTANTIATE_TEST_SUITE_P(Collect, CollectApiTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace lmis::http
