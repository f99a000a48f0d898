// User management over real HTTP (/api/users), on SQLite and PostgreSQL: administrators list,
// create and change the accounts of their jurisdiction only, may not lock themselves out, and a
// new password or disabling ends the user's sessions at once; every call is audited.
#include "http/users_api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "auth/password.h"
#include "exchange/refdata_files.h"
#include "http/api.h"
#include "store/store.h"
#include "testing/api_server.h"
#include "testing/http_client.h"
#include "testing/ref_data.h"
#include "testing/test_database.h"

namespace lmis::http {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "mật khẩu đủ dài 2026";

std::string HcmCommune() {
  return TestRefData().units.CommunesUnder(UnitEdition::k2025, "79").front();
}

class UsersApiTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    store_ = OpenStore(db_.spec());
    store_->Migrate();
    ApiOptions options;
    options.db_spec = db_.spec();
    options.connections = 4;
    options.throttle.max_address_failures = 20;
    api_ = std::make_unique<Api>(options, TestRefData(), clock_);
    server_ = StartTestServer(*api_);
    client_ = std::make_unique<HttpClient>(BaseUrl(*server_));
    AddUser("root", "admin", "national");
    AddUser("ha.admin", "admin", "2025:01");
    AddUser("ha.officer", "commune_officer", "2025:00004");
    AddUser("hcm.officer", "commune_officer", "2025:" + HcmCommune());
    AddUser("bo", "ministry", "national");
  }

  void TearDown() override {
    client_.reset();
    server_.reset();
    api_.reset();
  }

  void AddUser(const std::string& name, const std::string& role, const std::string& unit) {
    UserRecord u{name,
                 role,
                 unit,
                 0,
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
  std::string Login(const std::string& name, const std::string& password = kPassword) {
    HttpResult r = LoginResult(name, password);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body)["token"].get<std::string>() : "";
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
  static std::string Code(const HttpResult& r) {
    return json::parse(r.body)["error"]["code"].get<std::string>();
  }
  static std::set<std::string> Fields(const HttpResult& r) {
    std::set<std::string> out;
    for (const json& v : json(json::parse(r.body)["violations"])) {
      out.insert(v["field"].get<std::string>());
      EXPECT_FALSE(v["message_vi"].get<std::string>().empty());
      EXPECT_FALSE(v["message_en"].get<std::string>().empty());
    }
    return out;
  }
  // The outcomes of `username`'s audit entries of `action`.
  std::multiset<std::string> Outcomes(const std::string& username, const std::string& action) {
    AuditQuery q;
    q.username = username;
    q.action = action;
    q.limit = 1000;
    std::multiset<std::string> out;
    for (const AuditEvent& e : OpenStore(db_.spec())->QueryAudit(q)) out.insert(e.outcome);
    return out;
  }

  TestDatabase db_{GetParam()};
  std::unique_ptr<Store> store_;
  FixedClock clock_{Date{2026, 1, 15}};
  std::unique_ptr<Api> api_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<HttpClient> client_;
};

std::set<std::string> Names(const HttpResult& r) {
  std::set<std::string> out;
  for (const json& u : json(json::parse(r.body)["items"]))
    out.insert(u["username"].get<std::string>());
  return out;
}

TEST_P(UsersApiTest, AnAdministratorListsOnlyTheAccountsOfTheirJurisdiction) {
  HttpResult mine = Get("/api/users", Login("ha.admin"));
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(Names(mine), (std::set<std::string>{"ha.admin", "ha.officer"}));
  for (const json& u : json(json::parse(mine.body)["items"])) {
    EXPECT_FALSE(u.contains("password_hash")) << "never the hash";
    if (u["username"] != "ha.officer") continue;
    EXPECT_EQ(u["role"], "commune_officer");
    EXPECT_EQ(u["role_label_vi"], "Công chức LĐTBXH cấp xã");
    EXPECT_EQ(u["unit"], "2025:00004");
    EXPECT_EQ(u["unit_name"], TestRefData().units.Find(UnitEdition::k2025, "00004")->name);
    EXPECT_TRUE(u["person"].is_null());
    EXPECT_EQ(u["disabled"], false);
    EXPECT_EQ(u["created_at"], "2026-01-01T00:00:00Z");
  }
  HttpResult all = Get("/api/users", Login("root"));
  EXPECT_EQ(Names(all),
            (std::set<std::string>{"root", "ha.admin", "ha.officer", "hcm.officer", "bo"}));
  HttpResult officer = Get("/api/users", Login("ha.officer"));
  EXPECT_EQ(officer.status, 403);
  EXPECT_EQ(Code(officer), "forbidden_role");
  EXPECT_EQ(Outcomes("ha.admin", "user_list"), std::multiset<std::string>{"allow"});
  EXPECT_EQ(Outcomes("ha.officer", "user_list"), std::multiset<std::string>{"deny_role"});
}

TEST_P(UsersApiTest, AnAdministratorCreatesAccountsInsideTheirJurisdictionOnly) {
  const std::string admin = Login("ha.admin");
  json account = {{"username", "new.collector"},
                  {"role", "collector"},
                  {"unit", "00004"},
                  {"password", "một mật khẩu mới đủ dài"}};
  HttpResult made = Post("/api/users", account, admin);
  ASSERT_EQ(made.status, 201) << made.body;
  json u = json::parse(made.body);
  EXPECT_EQ(u["unit"], "2025:00004");
  EXPECT_EQ(u["role"], "collector");
  EXPECT_EQ(u["created_at"], "2026-01-15T00:00:00Z");
  EXPECT_FALSE(u.contains("password"));
  EXPECT_EQ(LoginResult("new.collector", "một mật khẩu mới đủ dài").status, 200);

  HttpResult again = Post("/api/users", account, admin);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(Code(again), "username_taken");

  HttpResult bad = Post("/api/users",
                        {{"username", "Bad Name"},
                         {"role", "superuser"},
                         {"unit", "99999"},
                         {"password", "short"},
                         {"colour", "blue"}},
                        admin);
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(Fields(bad), (std::set<std::string>{"username", "role", "unit", "password", "colour"}));
  HttpResult worker = Post(
      "/api/users",
      {{"username", "a.worker"}, {"role", "worker"}, {"unit", "00004"}, {"password", kPassword}},
      admin);
  EXPECT_EQ(worker.status, 422);
  EXPECT_EQ(Fields(worker), std::set<std::string>{"person"});
  EXPECT_EQ(Post("/api/users",
                 {{"username", "a.worker"},
                  {"role", "worker"},
                  {"unit", "00004"},
                  {"person", "001085012345"},
                  {"password", kPassword}},
                 admin)
                .status,
            201);
  EXPECT_EQ(Post("/api/users", json{{"username", 7}}, admin).status, 422);
  EXPECT_EQ(client_->Post("/api/users", "[1", Bearer(admin)).status, 400);

  HttpResult outside = Post(
      "/api/users",
      {{"username", "far"}, {"role", "collector"}, {"unit", HcmCommune()}, {"password", kPassword}},
      admin);
  EXPECT_EQ(outside.status, 403);
  EXPECT_EQ(Code(outside), "forbidden_jurisdiction");
  EXPECT_EQ(Post("/api/users",
                 {{"username", "bo2"},
                  {"role", "ministry"},
                  {"unit", "national"},
                  {"password", kPassword}},
                 admin)
                .status,
            403)
      << "a province's administrator makes no national accounts";
  EXPECT_FALSE(store_->FindUser("far"));
  EXPECT_EQ(Post("/api/users",
                 {{"username", "pre"},
                  {"role", "district_officer"},
                  {"unit", "001"},
                  {"tree", "pre2025"},
                  {"password", kPassword}},
                 admin)
                .status,
            201)
      << "a district of the old tree inside Hà Nội";
  EXPECT_EQ(Post("/api/users", account, Login("ha.officer")).status, 403);

  EXPECT_EQ(Outcomes("ha.admin", "user_create"),
            (std::multiset<std::string>{"allow", "allow", "allow", "fail", "fail", "fail", "fail",
                                        "deny_jurisdiction", "deny_jurisdiction"}));
  EXPECT_EQ(Outcomes("ha.officer", "user_create"), std::multiset<std::string>{"deny_role"});
}

TEST_P(UsersApiTest, AnAdministratorChangesAccountsInsideTheirJurisdictionBeforeAndAfter) {
  const std::string admin = Login("ha.admin");
  HttpResult changed = Put("/api/users/ha.officer", {{"role", "collector"}}, admin);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(json::parse(changed.body)["role"], "collector");
  EXPECT_EQ(json::parse(changed.body)["updated_at"], "2026-01-15T00:00:00Z");
  EXPECT_EQ(store_->FindUser("ha.officer")->role, "collector");
  EXPECT_EQ(Put("/api/users/ha.officer", {{"unit", "01"}}, admin).status, 200);
  EXPECT_EQ(store_->FindUser("ha.officer")->unit, "2025:01");

  HttpResult away = Put("/api/users/ha.officer", {{"unit", HcmCommune()}}, admin);
  EXPECT_EQ(away.status, 403) << "after the change it would lie outside";
  EXPECT_EQ(store_->FindUser("ha.officer")->unit, "2025:01");
  HttpResult theirs = Put("/api/users/hcm.officer", {{"disabled", true}}, admin);
  EXPECT_EQ(theirs.status, 403);
  EXPECT_EQ(Code(theirs), "forbidden_jurisdiction");
  EXPECT_FALSE(store_->FindUser("hcm.officer")->disabled);
  EXPECT_EQ(Put("/api/users/bo", {{"disabled", true}}, admin).status, 403);
  EXPECT_EQ(Put("/api/users/nobody", {{"disabled", true}}, admin).status, 404);
  HttpResult bad = Put("/api/users/ha.officer",
                       {{"role", "worker"}, {"disabled", "yes"}, {"tree", "pre2025"}}, admin);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(Fields(bad), (std::set<std::string>{"person", "disabled", "tree"}));
  EXPECT_EQ(
      Put("/api/users/ha.officer", {{"role", "worker"}, {"person", "001085012345"}}, admin).status,
      200);
  EXPECT_EQ(store_->FindUser("ha.officer")->person_id, 1085012345);
  EXPECT_EQ(Put("/api/users/ha.officer", {{"role", "collector"}}, admin).status, 200);
  EXPECT_EQ(store_->FindUser("ha.officer")->person_id, 0) << "the link goes with the role";
  EXPECT_EQ(Put("/api/users/ha.officer", {{"role", "collector"}}, Login("hcm.officer")).status,
            403);
  EXPECT_EQ(client_->Delete("/api/users/ha.officer", Bearer(admin)).status, 405);

  EXPECT_EQ(Put("/api/users/hcm.officer", {{"unit", "00004"}}, Login("root")).status, 200)
      << "the national administrator moves anyone";

  std::multiset<std::string> outcomes = Outcomes("ha.admin", "user_update");
  EXPECT_EQ(outcomes.count("allow"), 4u);
  EXPECT_EQ(outcomes.count("deny_jurisdiction"), 3u);
  EXPECT_EQ(outcomes.count("not_found"), 1u);
  EXPECT_EQ(outcomes.count("fail"), 1u);
  EXPECT_EQ(Outcomes("hcm.officer", "user_update"), std::multiset<std::string>{"deny_role"});
}

TEST_P(UsersApiTest, AnAdministratorMayNotDisableOrDemoteThemselves) {
  const std::string admin = Login("ha.admin");
  for (const json& change :
       {json{{"disabled", true}}, json{{"role", "province_officer"}}, json{{"unit", "00004"}}}) {
    HttpResult r = Put("/api/users/ha.admin", change, admin);
    ASSERT_EQ(r.status, 422) << change.dump();
    json v = json::parse(r.body)["violations"][0];
    EXPECT_EQ(v["field"], change.begin().key());
    EXPECT_NE(v["message_en"].get<std::string>().find("another administrator"), std::string::npos);
  }
  UserRecord me = *store_->FindUser("ha.admin");
  EXPECT_FALSE(me.disabled);
  EXPECT_EQ(me.role, "admin");
  EXPECT_EQ(me.unit, "2025:01");
  EXPECT_EQ(Put("/api/users/ha.admin", {{"disabled", false}, {"role", "admin"}}, admin).status, 200)
      << "saying what already is, is no change";
  EXPECT_EQ(Put("/api/users/ha.admin", {{"password", "my own new password"}}, admin).status, 200);
  EXPECT_EQ(LoginResult("ha.admin", "my own new password").status, 200);
}

TEST_P(UsersApiTest, ANewPasswordOrDisablingEndsTheUsersSessionsAtOnce) {
  const std::string admin = Login("ha.admin");
  const std::string before = Login("ha.officer");
  EXPECT_EQ(Get("/api/units", before).status, 200);  // the session is known to the server now
  HttpResult changed = Put("/api/users/ha.officer", {{"password", "the new password 1"}}, admin);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(Get("/api/units", before).status, 401) << "at once, not after the session recheck";
  EXPECT_EQ(LoginResult("ha.officer", kPassword).status, 401);
  const std::string after = Login("ha.officer", "the new password 1");
  EXPECT_EQ(Put("/api/users/ha.officer", {{"password", "short"}}, admin).status, 422);
  EXPECT_EQ(Get("/api/units", after).status, 200) << "a refused change ends nothing";
  EXPECT_EQ(Put("/api/users/ha.officer", {{"role", "collector"}}, admin).status, 200);
  EXPECT_EQ(json::parse(Get("/api/session", after).body)["user"]["role"], "collector")
      << "a new role applies to the next request";

  ASSERT_EQ(Put("/api/users/ha.officer", {{"disabled", true}}, admin).status, 200);
  EXPECT_EQ(Get("/api/units", after).status, 401);
  EXPECT_EQ(LoginResult("ha.officer", "the new password 1").status, 401);
  HttpResult listed = Get("/api/users", admin);
  for (const json& u : json(json::parse(listed.body)["items"]))
    if (u["username"] == "ha.officer") EXPECT_EQ(u["disabled"], true);
  ASSERT_EQ(Put("/api/users/ha.officer", {{"disabled", false}}, admin).status, 200);
  EXPECT_EQ(LoginResult("ha.officer", "the new password 1").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, UsersApiTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace lmis::http
