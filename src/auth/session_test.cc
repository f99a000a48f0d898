#include "auth/session.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "auth/audit_writer.h"
#include "auth/login_throttle.h"
#include "exchange/refdata_files.h"
#include "testing/ref_data.h"
#include "testing/test_database.h"

namespace lmis {
namespace {

TEST(SessionToken, IsLongRandomAndUrlSafe) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string t = NewSessionToken();
    EXPECT_EQ(t.size(), 43u);
    EXPECT_EQ(
        t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(SessionToken, IsStoredAsItsSha256) {
  EXPECT_EQ(HashSessionToken("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(SessionLive, OnlyUnrevokedAndUnexpired) {
  SessionRecord s{"h", "u", 100, 200, 0, ""};
  EXPECT_TRUE(SessionLive(s, 150));
  EXPECT_FALSE(SessionLive(s, 200));
  s.revoked_at = 120;
  EXPECT_FALSE(SessionLive(s, 150));
}

TEST(PrincipalOf, BindsRoleUnitAndPerson) {
  UserRecord u{"off", "commune_officer", "2025:00004", 0, "", false, "", ""};
  auto p = PrincipalOf(u, TestRefData().units);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->role, Role::kCommuneOfficer);
  EXPECT_EQ(p->unit, "2025:00004");
  EXPECT_TRUE(p->jurisdiction.Covers("2025:00004"));
  EXPECT_FALSE(p->jurisdiction.Covers("2025:00008"));

  UserRecord old_district{"d", "district_officer", "pre2025:001", 0, "", false, "", ""};
  auto d = PrincipalOf(old_district, TestRefData().units);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->jurisdiction.Units()->size() > 5) << "a district's communes in both trees";

  UserRecord minister{"m", "ministry", "national", 0, "", false, "", ""};
  EXPECT_FALSE(PrincipalOf(minister, TestRefData().units)->jurisdiction.Units());

  u.disabled = true;
  EXPECT_FALSE(PrincipalOf(u, TestRefData().units));
  UserRecord gone{"g", "commune_officer", "2025:99999", 0, "", false, "", ""};
  EXPECT_FALSE(PrincipalOf(gone, TestRefData().units));
  UserRecord odd{"o", "pharaoh", "2025:00004", 0, "", false, "", ""};
  EXPECT_FALSE(PrincipalOf(odd, TestRefData().units));
}

TEST(LoginThrottle, BlocksAUsernameAfterItsFailuresUntilTheWindowEnds) {
  LoginThrottle t({3, 10, 60});
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(t.RetryAfter("an", "1.1.1.1", 1000 + i), 0);
    t.Failed("an", "1.1.1.1", 1000 + i);
  }
  EXPECT_EQ(t.RetryAfter("an", "2.2.2.2", 1010), 50) << "from any address";
  EXPECT_EQ(t.RetryAfter("binh", "2.2.2.2", 1010), 0) << "others are not blocked";
  EXPECT_EQ(t.RetryAfter("an", "2.2.2.2", 1060), 0) << "the window has passed";
}

TEST(LoginThrottle, BlocksAnAddressTryingManyNamesAndSuccessClearsTheName) {
  LoginThrottle t({3, 5, 60});
  for (int i = 0; i < 5; ++i) t.Failed("name" + std::to_string(i), "6.6.6.6", 1000);
  EXPECT_GT(t.RetryAfter("fresh", "6.6.6.6", 1001), 0);
  EXPECT_EQ(t.RetryAfter("fresh", "7.7.7.7", 1001), 0);
  t.Failed("chi", "8.8.8.8", 1000);
  t.Failed("chi", "8.8.8.8", 1000);
  t.Succeeded("chi");
  t.Failed("chi", "8.8.8.8", 1000);
  EXPECT_EQ(t.RetryAfter("chi", "8.8.8.8", 1000), 0);
}

class AuditWriterTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { OpenStore(db_.spec())->Migrate(); }
  TestDatabase db_{GetParam()};
};

// Concurrent writers share commits, and every Write returns only once its entries are stored.
TEST_P(AuditWriterTest, EveryEntryIsStoredBeforeWriteReturns) {
  AuditWriter writer(OpenStore(db_.spec()));
  constexpr int kThreads = 8, kEach = 40;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      auto reader = OpenStore(db_.spec());
      for (int i = 0; i < kEach; ++i) {
        AuditEvent e;
        e.at = "2026-01-15T08:00:00Z";
        e.username = "t" + std::to_string(t);
        e.action = "read";
        e.outcome = "allow";
        e.detail = std::to_string(i);
        writer.Write({e});
        AuditQuery mine;
        mine.username = e.username;
        mine.limit = 1;
        auto last = reader->QueryAudit(mine);
        ASSERT_EQ(last.size(), 1u);
        EXPECT_EQ(last[0].detail, e.detail) << "visible as soon as Write returns";
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(writer.written(), kThreads * kEach);
  AuditQuery all;
  all.limit = 10000;
  EXPECT_EQ(OpenStore(db_.spec())->QueryAudit(all).size(), static_cast<size_t>(kThreads * kEach));
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditWriterTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace lmis
