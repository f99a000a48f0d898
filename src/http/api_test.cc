// The API over real HTTP: an in-process server on a random loopback port, the store on SQLite
// or PostgreSQL, requests through libcurl. Covers sign-in, the access matrix of
// test/api/access.test with its audit trail, writes and their versions, search, the audit
// views and imports.
#include "http/api.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "auth/password.h"
#include "exchange/refdata_files.h"
#include "http/server.h"
#include "store/store.h"
#include "testing/api_server.h"
#include "testing/http_client.h"
#include "testing/ref_data.h"
#include "testing/test_database.h"

namespace lmis::http {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "mật khẩu đủ dài 2026";
constexpr const char* kInsideCccd = "001085012345";
constexpr const char* kOutsideCccd = "079190004567";
constexpr const char* kInsideUnit = "00004";

json InsideRecord() {
  return {{"cccd", kInsideCccd},
          {"full_name", "Nguyễn Văn An"},
          {"birth_date", "1985-03-12"},
          {"sex", "male"},
          {"permanent_unit", kInsideUnit},
          {"lf_status", "employed"},
          {"employment_status", "employee"},
          {"job_title", "Kế toán viên"},
          {"workplace_type", "private_enterprise"},
          {"workplace_address", "12 Phố Huế, Hà Nội"},
          {"si_type", "compulsory"},
          {"contract_type", "indefinite"},
          {"collected_on", "2025-10-01"}};
}

std::string OutsideUnit() {
  return TestRefData().units.CommunesUnder(UnitEdition::k2025, "79").front();
}

json OutsideRecord() {
  return {{"cccd", kOutsideCccd},
          {"full_name", "Lê Thị Hoa"},
          {"birth_date", "1990-07-01"},
          {"sex", "female"},
          {"permanent_unit", OutsideUnit()},
          {"lf_status", "unemployed"},
          {"unemployment_duration", "lt_3m"},
          {"collected_on", "2025-10-01"}};
}

// The pre-2025 district that commune 00004 of the 2025 tree was made from.
std::string InsideOldDistrict() {
  std::string old_commune = TestRefData().units.OldUnitsOf(kInsideUnit).front();
  return TestRefData().units.Find(UnitEdition::kPre2025, old_commune)->parent_code;
}

class ApiTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    store_ = OpenStore(db_.spec());
    store_->Migrate();
    ApiOptions options;
    options.db_spec = db_.spec();
    options.connections = 4;
    options.throttle.max_address_failures = 10;  // 50 in production; fewer argon2 runs here
    api_ = std::make_unique<Api>(options, TestRefData(), clock_);
    server_ = StartTestServer(*api_);
    client_ = std::make_unique<HttpClient>(BaseUrl(*server_));

    AddUser("seed.inside", "commune_officer", "2025:" + std::string(kInsideUnit));
    AddUser("seed.outside", "commune_officer", "2025:" + OutsideUnit());
    ASSERT_EQ(Post("/api/workers", InsideRecord(), Login("seed.inside")).status, 201);
    ASSERT_EQ(Post("/api/workers", OutsideRecord(), Login("seed.outside")).status, 201);
  }

  void TearDown() override {
    client_.reset();
    server_.reset();
    api_.reset();
  }

  void AddUser(const std::string& name, const std::string& role, const std::string& unit,
               int64_t person_id = 0) {
    UserRecord u{name,
                 role,
                 unit,
                 person_id,
                 HashPassword(kPassword),
                 false,
                 "2026-01-01T00:00:00Z",
                 "2026-01-01T00:00:00Z"};
    ASSERT_TRUE(store_->AddUser(u));
  }

  HttpResult LoginResult(const std::string& name, const std::string& password = kPassword) {
    return client_->Post("/api/session", json{{"username", name}, {"password", password}}.dump(),
                         {{"Content-Type", "application/json"}});
  }

  std::string Login(const std::string& name) {
    HttpResult r = LoginResult(name);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body)["token"];
  }

  static HttpHeaders Bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
  }
  HttpResult Get(const std::string& path, const std::string& token) {
    return client_->Get(path, Bearer(token));
  }
  HttpResult Post(const std::string& path, const json& body, const std::string& token) {
    return client_->Post(path, body.dump(), Bearer(token));
  }
  HttpResult Put(const std::string& path, const json& body, const std::string& token) {
    return client_->Put(path, body.dump(), Bearer(token));
  }

  std::vector<AuditEvent> AuditOf(const std::string& username) {
    AuditQuery q;
    q.username = username;
    q.limit = 1000;
    return OpenStore(db_.spec())->QueryAudit(q);
  }

  TestDatabase db_{GetParam()};
  std::unique_ptr<Store> store_;
  FixedClock clock_{Date{2026, 1, 15}};
  std::unique_ptr<Api> api_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<HttpClient> client_;
};

// ---- the access matrix ----

struct AccessCase {
  std::string role, where;
  long read, write, readers;
  int line;
};

std::vector<AccessCase> ReadAccessCases() {
  std::ifstream in(std::string(LMIS_TEST_DATA_DIR) + "/api/access.test");
  std::vector<AccessCase> cases;
  std::string text;
  int line = 0;
  while (std::getline(in, text)) {
    ++line;
    if (text.empty() || text[0] == '#') continue;
    std::istringstream fields(text);
    AccessCase c;
    c.line = line;
    if (!(fields >> c.role >> c.where >> c.read >> c.write >> c.readers))
      throw std::runtime_error("access.test:" + std::to_string(line) + ": cannot read the case");
    cases.push_back(c);
  }
  return cases;
}

// The unit a user of `role` is bound to so that the inside record is theirs to see.
std::string UnitFor(const std::string& role) {
  if (role == "ministry") return "national";
  if (role == "district_officer") return "pre2025:" + InsideOldDistrict();
  if (role == "province_officer" || role == "admin" || role == "service_centre") return "2025:01";
  return "2025:" + std::string(kInsideUnit);
}

TEST_P(ApiTest, EveryRoleInsideAndOutsideReadsAndWritesAsTheMatrixSaysAndDenialsAreAudited) {
  std::vector<AccessCase> cases = ReadAccessCases();
  ASSERT_EQ(cases.size(), 20u) << "10 roles × inside/outside";
  std::map<std::string, std::string> tokens;
  int n = 0;
  for (const AccessCase& c : cases) {
    SCOPED_TRACE("access.test:" + std::to_string(c.line) + " " + c.role + " " + c.where);
    // One user per case, so that each case's audit trail stands alone.
    const std::string user = "u" + std::to_string(++n) + "." + c.role;
    AddUser(user, c.role, UnitFor(c.role), c.role == "worker" ? 1085012345 : 0);
    const std::string token = Login(user);
    const std::string cccd = c.where == "inside" ? kInsideCccd : kOutsideCccd;
    json record = c.where == "inside" ? InsideRecord() : OutsideRecord();

    HttpResult read = Get("/api/workers/" + cccd, token);
    EXPECT_EQ(read.status, c.read) << read.body;
    if (read.status == 200) EXPECT_EQ(json::parse(read.body)["cccd"], cccd);

    record["job_title"] = "Nhân viên " + std::to_string(n);
    if (record["lf_status"] == "unemployed")
      record["unemployment_duration"] = n % 2 ? "3_12m" : "lt_3m";
    HttpResult write = Put("/api/workers/" + cccd, record, token);
    EXPECT_EQ(write.status, c.write) << write.body;
    HttpResult readers = Get("/api/workers/" + cccd + "/readers", token);
    EXPECT_EQ(readers.status, c.readers) << readers.body;

    std::vector<AuditEvent> trail = AuditOf(user);
    auto has = [&](std::string_view action, bool allowed) {
      for (const AuditEvent& e : trail)
        if (e.action == action && e.person_id == *CccdPersonId(cccd) &&
            (e.outcome == "allow") == allowed && e.role == c.role && e.address == "127.0.0.1")
          return true;
      return false;
    };
    EXPECT_TRUE(has("read", c.read == 200)) << "the read must be in the audit log";
    EXPECT_TRUE(has("update", c.write == 200)) << "the write must be in the audit log";
    EXPECT_TRUE(has("readers", c.readers == 200)) << "the readers list must be in the audit log";
    for (const AuditEvent& e : trail)
      if (e.outcome.starts_with("deny"))
        EXPECT_TRUE(e.outcome == "deny_role" || e.outcome == "deny_jurisdiction") << e.outcome;
  }
}

// ---- sign-in ----

TEST_P(ApiTest, SignInGivesATokenAndAStrictCookieAndSignOutEndsIt) {
  AddUser("an.officer", "commune_officer", "2025:00004");
  HttpResult r = LoginResult("an.officer");
  ASSERT_EQ(r.status, 200);
  json body = json::parse(r.body);
  const std::string token = body["token"];
  EXPECT_GE(token.size(), 43u);
  EXPECT_EQ(body["user"]["role"], "commune_officer");
  const std::string* cookie = r.Header("set-cookie");
  ASSERT_TRUE(cookie);
  EXPECT_NE(cookie->find("lmis_session=" + token), std::string::npos);
  for (const char* attribute : {"HttpOnly", "Secure", "SameSite=Strict", "Path=/"})
    EXPECT_NE(cookie->find(attribute), std::string::npos) << attribute;

  // The token is stored hashed only.
  EXPECT_FALSE(store_->FindSession(token));

  // The cookie works as well as the bearer token; a cookie-borne write must not look like a
  // cross-site form.
  HttpHeaders with_cookie = {{"Cookie", "theme=dark; lmis_session=" + token}};
  EXPECT_EQ(client_->Get(std::string("/api/workers/") + kInsideCccd, with_cookie).status, 200);
  HttpHeaders form = with_cookie;
  form.emplace_back("Content-Type", "text/plain");
  EXPECT_EQ(client_->Post("/api/workers", InsideRecord().dump(), form).status, 415);

  EXPECT_EQ(client_->Delete("/api/session", Bearer(token)).status, 204);
  EXPECT_EQ(Get(std::string("/api/workers/") + kInsideCccd, token).status, 401);
}

TEST_P(ApiTest, NoOrABadTokenIs401AndWrongPasswordsAreThrottled) {
  EXPECT_EQ(client_->Get(std::string("/api/workers/") + kInsideCccd).status, 401);
  EXPECT_EQ(Get(std::string("/api/workers/") + kInsideCccd, "not-a-token").status, 401);
  AddUser("target", "commune_officer", "2025:00004");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(LoginResult("target", "wrong password").status, 401);
  EXPECT_EQ(LoginResult("nobody", "wrong password").status, 401) << "unknown users alike";
  for (int i = 0; i < 4; ++i) LoginResult("guess" + std::to_string(i), "wrong password");
  EXPECT_EQ(LoginResult("seed.inside").status, 429) << "one address guessing many names";
  HttpResult blocked = LoginResult("target");  // even the right password, for a while
  EXPECT_EQ(blocked.status, 429);
  ASSERT_TRUE(blocked.Header("retry-after"));
  EXPECT_GT(std::stoi(*blocked.Header("retry-after")), 0);
  int failures = 0;
  for (const AuditEvent& e : AuditOf("target"))
    failures += e.action == "login" && e.outcome == "fail";
  EXPECT_EQ(failures, 5);
}

TEST_P(ApiTest, ADisabledUsersSessionStopsWorking) {
  AddUser("leaving", "commune_officer", "2025:00004");
  const std::string token = Login("leaving");
  UserRecord u = *store_->FindUser("leaving");
  u.disabled = true;
  store_->UpdateUser(u);
  store_->RevokeSessionsOf("leaving", 1);
  // The server trusts a resolved session for a few seconds; a revocation through another
  // process shows once that passes. Through this server (sign-out) it is immediate (above).
  ApiOptions options;
  options.db_spec = db_.spec();
  options.connections = 1;
  Api fresh(options, TestRefData(), clock_);
  Request r;
  r.method = "GET";
  r.path = std::string("/api/workers/") + kInsideCccd;
  r.headers = {{"authorization", "Bearer " + token}};
  EXPECT_EQ(fresh.Handle(r).status, 401);
}

// ---- writes ----

TEST_P(ApiTest, CreateUpdateCloseMakeVersionsAndBadRecordsListEveryViolation) {
  const std::string token = Login("seed.inside");
  EXPECT_EQ(Post("/api/workers", InsideRecord(), token).status, 409) << "exists already";

  json bad = InsideRecord();
  bad["cccd"] = "001185012399";  // digit 4 = 1: a woman born in the 1900s, but sex is male
  bad["collected_on"] = "2030-01-01";
  HttpResult invalid = Post("/api/workers", bad, token);
  ASSERT_EQ(invalid.status, 422) << invalid.body;
  json v = json::parse(invalid.body);
  EXPECT_EQ(v["error"]["code"], "validation");
  std::set<std::string> fields;
  for (const json& each : v["violations"]) {
    fields.insert(each["field"].get<std::string>());
    EXPECT_FALSE(each["message_vi"].get<std::string>().empty());
    EXPECT_FALSE(each["message_en"].get<std::string>().empty());
    EXPECT_FALSE(each["code"].get<std::string>().empty());
  }
  EXPECT_TRUE(fields.contains("collected_on")) << invalid.body;
  EXPECT_TRUE(fields.contains("sex") || fields.contains("cccd")) << invalid.body;
  json unknown = InsideRecord();
  unknown["favourite_colour"] = "blue";
  EXPECT_EQ(Post("/api/workers", unknown, token).status, 422);

  json changed = InsideRecord();
  changed["lf_status"] = "unemployed";
  for (const char* key : {"employment_status", "job_title", "workplace_type", "workplace_address",
                          "si_type", "contract_type"})
    changed.erase(key);
  changed["unemployment_duration"] = "3_12m";
  changed["collected_on"] = "2026-01-10";
  HttpResult updated = Put(std::string("/api/workers/") + kInsideCccd, changed, token);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(json::parse(updated.body)["outcome"], "new_version");
  EXPECT_EQ(
      json::parse(Put(std::string("/api/workers/") + kInsideCccd, changed, token).body)["outcome"],
      "unchanged");

  HttpResult history = Get(std::string("/api/workers/") + kInsideCccd + "/history", token);
  ASSERT_EQ(history.status, 200);
  json versions = json::parse(history.body)["versions"];
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[1]["lf_status"], "unemployed");
  EXPECT_EQ(versions[1]["version"]["source"], "admin_procedure");
  EXPECT_EQ(versions[1]["version"]["actor"], "api:seed.inside");

  HttpResult closed = Post(std::string("/api/workers/") + kInsideCccd + "/close",
                           {{"reason", "deceased"}, {"date", "2026-01-12"}}, token);
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(json::parse(closed.body)["worker"]["version"]["closed"], "deceased");
  EXPECT_EQ(Put(std::string("/api/workers/") + kInsideCccd, changed, token).status, 409);
  EXPECT_EQ(
      Post(std::string("/api/workers/") + kInsideCccd + "/close", {{"reason", "asleep"}}, token)
          .status,
      422);
  EXPECT_EQ(store_->History(1085012345).size(), 3u) << "nothing deleted";
  EXPECT_EQ(json::parse(Get("/api/workers", token).body)["items"].size(), 0u)
      << "closed records leave the lists";
}

// Simultaneous creates of one new person: exactly one is created, the others conflict.
TEST_P(ApiTest, RacingCreatesOfOnePersonStoreItOnce) {
  const std::string token = Login("seed.inside");
  json record = InsideRecord();
  record["cccd"] = "001085077777";
  std::vector<long> statuses(6);
  std::vector<std::thread> threads;
  const std::string base = BaseUrl(*server_);
  for (size_t i = 0; i < statuses.size(); ++i)
    threads.emplace_back([&, i] {
      HttpClient client(base);
      statuses[i] = client.Post("/api/workers", record.dump(), Bearer(token)).status;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409), 5);
  EXPECT_EQ(store_->History(1085077777).size(), 1u);
}

TEST_P(ApiTest, MalformedOrDeepJsonIs400AndUnknownRoutes404) {
  const std::string token = Login("seed.inside");
  EXPECT_EQ(client_->Post("/api/workers", "{\"cccd\": ", Bearer(token)).status, 400);
  std::string deep(100, '[');
  deep += std::string(100, ']');
  EXPECT_EQ(client_->Post("/api/workers", deep, Bearer(token)).status, 400);
  EXPECT_EQ(Get("/api/nothing-here", token).status, 404);
  EXPECT_EQ(client_->Delete(std::string("/api/workers/") + kInsideCccd, Bearer(token)).status, 405)
      << "no hard delete";
}

// ---- search ----

TEST_P(ApiTest, SearchFindsNamesWithoutDiacriticsInsideTheJurisdictionOnlyAndPages) {
  const std::string token = Login("seed.inside");
  json second = InsideRecord();
  second["cccd"] = "001190004568";
  second["full_name"] = "Đặng Thị Ánh";
  second["sex"] = "female";
  second["birth_date"] = "1990-02-02";
  ASSERT_EQ(Post("/api/workers", second, token).status, 201);

  auto cccds = [&](const std::string& query, const std::string& as) {
    HttpResult r = Get("/api/workers?" + query, as);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    const json body = json::parse(r.body);
    for (const json& item : body["items"]) out.push_back(item["cccd"]);
    return out;
  };
  EXPECT_EQ(cccds("name=nguyen%20van%20a", token), std::vector<std::string>{kInsideCccd});
  EXPECT_EQ(cccds("name=dang%20thi%20anh", token), std::vector<std::string>{"001190004568"});
  EXPECT_EQ(cccds("name=%C4%90%E1%BA%B7ng", token), std::vector<std::string>{"001190004568"})
      << "typed with diacritics too";
  EXPECT_EQ(cccds("sex=female", token), std::vector<std::string>{"001190004568"});
  EXPECT_EQ(cccds("age_min=40", token), std::vector<std::string>{kInsideCccd});
  EXPECT_EQ(cccds("age_max=39", token), std::vector<std::string>{"001190004568"});
  EXPECT_TRUE(cccds("name=le%20thi%20hoa", token).empty()) << "the outside record stays unseen";

  HttpResult page = Get("/api/workers?limit=1", token);
  json first = json::parse(page.body);
  ASSERT_EQ(first["items"].size(), 1u);
  ASSERT_TRUE(first["next_cursor"].is_string());
  json rest = json::parse(
      Get("/api/workers?limit=1&cursor=" + first["next_cursor"].get<std::string>(), token).body);
  ASSERT_EQ(rest["items"].size(), 1u);
  EXPECT_NE(rest["items"][0]["cccd"], first["items"][0]["cccd"]);
  EXPECT_TRUE(rest["next_cursor"].is_null());

  EXPECT_EQ(Get("/api/workers?unit=79", token).status, 403);
  EXPECT_EQ(Get("/api/workers?sex=robot", token).status, 422);
  AddUser("a.worker", "worker", "2025:00004", 1085012345);
  EXPECT_EQ(Get("/api/workers", Login("a.worker")).status, 403);
  // Every listed person is a read in the audit log.
  int listed = 0;
  for (const AuditEvent& e : AuditOf("seed.inside")) listed += e.action == "list";
  EXPECT_GE(listed, 8);
}

// ---- audit views ----

TEST_P(ApiTest, AWorkerSeesWhoReadTheirRecordAndAdminsQueryTheirJurisdiction) {
  AddUser("an.worker", "worker", "2025:00004", 1085012345);
  AddUser("ha.admin", "admin", "2025:01");
  AddUser("hcm.admin", "admin", "2025:79");
  const std::string officer = Login("seed.inside");
  ASSERT_EQ(Get(std::string("/api/workers/") + kInsideCccd, officer).status, 200);
  const std::string worker = Login("an.worker");
  ASSERT_EQ(Get(std::string("/api/workers/") + kInsideCccd, worker).status, 200);

  HttpResult readers = Get("/api/me/readers", worker);
  ASSERT_EQ(readers.status, 200);
  json items = json::parse(readers.body)["items"];
  ASSERT_EQ(items.size(), 1u) << readers.body << " (their own read is not listed)";
  EXPECT_EQ(items[0]["username"], "seed.inside");
  EXPECT_EQ(items[0]["role"], "commune_officer");
  EXPECT_EQ(Get("/api/me/readers", officer).status, 403);

  auto persons = [&](const std::string& admin) {
    HttpResult r = Get("/api/audit?limit=500", Login(admin));
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<std::string> out;
    const json body = json::parse(r.body);
    for (const json& e : body["items"])
      if (e["person"].is_string()) out.insert(e["person"]);
    return out;
  };
  EXPECT_EQ(persons("ha.admin"), std::set<std::string>{kInsideCccd});
  EXPECT_EQ(persons("hcm.admin"), std::set<std::string>{kOutsideCccd});
  EXPECT_EQ(Get("/api/audit", officer).status, 403);
}

TEST_P(ApiTest, OfficialsSeeWhoReadARecordAndOutsidersAreRefusedWithTheDenialAudited) {
  const std::string officer = Login("seed.inside");
  const std::string path = std::string("/api/workers/") + kInsideCccd;
  ASSERT_EQ(Get(path, officer).status, 200);
  ASSERT_EQ(Get(path + "/history", officer).status, 200);

  AddUser("district.reader", "district_officer", "pre2025:" + InsideOldDistrict());
  const std::string district = Login("district.reader");
  HttpResult readers = Get(path + "/readers", district);
  ASSERT_EQ(readers.status, 200) << readers.body;
  json items = json::parse(readers.body)["items"];
  std::set<std::string> seen;
  for (const json& item : items) {
    EXPECT_EQ(item["username"], "seed.inside") << item.dump();
    EXPECT_EQ(item["role"], "commune_officer");
    EXPECT_EQ(item["role_label_en"], "Commune labour officer");
    EXPECT_EQ(item["unit"], "2025:00004");
    EXPECT_EQ(item["at"], "2026-01-15T00:00:00Z");
    seen.insert(item["action"].get<std::string>());
  }
  EXPECT_EQ(seen, (std::set<std::string>{"read", "history"})) << readers.body;
  // The district officer's own read shows too, newest first; the lists themselves do not.
  ASSERT_EQ(Get(path, district).status, 200);
  items = json::parse(Get(path + "/readers", officer).body)["items"];
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]["username"], "district.reader");

  // An official of another commune may not read the record, nor who read it.
  HttpResult outside = Get(path + "/readers", Login("seed.outside"));
  EXPECT_EQ(outside.status, 403);
  EXPECT_EQ(json::parse(outside.body)["error"]["code"], "forbidden_jurisdiction");
  bool denied = false;
  for (const AuditEvent& e : AuditOf("seed.outside"))
    denied |= e.action == "readers" && e.outcome == "deny_jurisdiction" &&
              e.person_id == 1085012345 && e.residence_unit == "2025:00004";
  EXPECT_TRUE(denied) << "the refusal is in the audit log";
  bool allowed = false;
  for (const AuditEvent& e : AuditOf("district.reader"))
    allowed |= e.action == "readers" && e.outcome == "allow" && e.person_id == 1085012345;
  EXPECT_TRUE(allowed);

  AddUser("readers.admin", "admin", "2025:01");
  HttpResult admin = Get(path + "/readers", Login("readers.admin"));
  EXPECT_EQ(admin.status, 403);
  EXPECT_EQ(json::parse(admin.body)["error"]["code"], "forbidden_role");
  EXPECT_EQ(Get("/api/workers/001085099999/readers", officer).status, 404);
  EXPECT_EQ(Get("/api/workers/12345/readers", officer).status, 422);
  EXPECT_EQ(client_->Post(path + "/readers", "{}", Bearer(officer)).status, 405);
}

// ---- imports ----

TEST_P(ApiTest, AnUploadedFileImportsRowsInsideTheJurisdictionAndRejectsTheRest) {
  const std::string token = Login("seed.inside");
  std::string csv =
      "cccd,full_name,birth_date,sex,permanent_unit,lf_status,nilf_reason,collected_on\n"
      "001205000111,Phạm Minh Khôi,2005-02-20,male,00004,outside,studying,2025-10-01\n"
      "079205000222,Trần Văn Bảo,2005-03-01,male," +
      OutsideUnit() +
      ",outside,studying,2025-10-01\n"
      "001205000333,Vũ Thị Lan,2005-04-01,female,00004,outside,studying,2025-10-01\n";
  HttpResult started =
      client_->Post("/api/imports?name=batch.csv", csv,
                    {{"Authorization", "Bearer " + token}, {"Content-Type", "text/csv"}});
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string id = std::to_string(json::parse(started.body)["id"].get<int64_t>());
  json job;
  for (int i = 0; i < 200; ++i) {
    job = json::parse(Get("/api/imports/" + id, token).body);
    if (job["state"] != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(job["state"], "done") << job.dump();
  EXPECT_EQ(job["created"], 1);
  EXPECT_EQ(job["rejected_rows"], 2);
  HttpResult rejects = Get("/api/imports/" + id + "/rejects", token);
  EXPECT_NE(rejects.body.find("3,current_unit,outside_jurisdiction"), std::string::npos)
      << rejects.body;
  EXPECT_NE(rejects.body.find(",cccd_sex_century,"), std::string::npos) << rejects.body;
  EXPECT_FALSE(store_->Current(79205000222));
  EXPECT_EQ(Get("/api/imports/" + id, Login("seed.outside")).status, 404) << "not their job";
  AddUser("viewer", "province_officer", "2025:01");
  EXPECT_EQ(
      client_
          ->Post("/api/imports", csv,
                 {{"Authorization", "Bearer " + Login("viewer")}, {"Content-Type", "text/csv"}})
          .status,
      403);
}

// ---- reference data and health ----

TEST_P(ApiTest, HealthReadinessUnitsAndCodes) {
  EXPECT_EQ(client_->Get("/api/health").status, 200);
  EXPECT_EQ(client_->Get("/api/ready").status, 200);
  const std::string token = Login("seed.inside");
  json provinces = json::parse(Get("/api/units", token).body)["units"];
  EXPECT_EQ(provinces.size(), 34u);
  json old_provinces = json::parse(Get("/api/units?as_of=2025-06-30", token).body)["units"];
  EXPECT_EQ(old_provinces.size(), 63u);
  json communes = json::parse(Get("/api/units?parent=01", token).body)["units"];
  EXPECT_GT(communes.size(), 100u);
  EXPECT_EQ(Get("/api/units?parent=99999", token).status, 404);
  json sex = json::parse(Get("/api/codes/sex", token).body);
  EXPECT_EQ(sex["options"].size(), 2u);
  EXPECT_EQ(Get("/api/codes/zodiac", token).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace lmis::http
