#include "auth/accounts.h"

#include <gtest/gtest.h>

#include <set>

#include "auth/password.h"
#include "auth/session.h"
#include "exchange/refdata_files.h"
#include "testing/ref_data.h"

namespace lmis {
namespace {

// The pre-2025 district that commune 00004 of the 2025 tree was made from (inside Hà Nội).
std::string OldDistrictOf00004() {
  std::string old_commune = TestRefData().units.OldUnitsOf("00004").front();
  return TestRefData().units.Find(UnitEdition::kPre2025, old_commune)->parent_code;
}

UserRecord Account(const std::string& name, const std::string& role, const std::string& unit) {
  UserRecord u;
  u.username = name;
  u.role = role;
  u.unit = unit;
  return u;
}

Principal Admin(const std::string& unit) {
  auto p = PrincipalOf(Account("admin." + unit, "admin", unit), TestRefData().units);
  EXPECT_TRUE(p) << unit;
  return p.value_or(Principal{});
}

std::set<std::string> FieldsOf(const Violations& v) {
  std::set<std::string> out;
  for (const Violation& each : v) {
    out.insert(each.field);
    EXPECT_FALSE(each.message_vi.empty()) << each.field;
    EXPECT_FALSE(each.message_en.empty()) << each.field;
  }
  return out;
}

TEST(AccountFrom, BindsAnAccountToAUnitOfEitherTreeOrTheCountry) {
  Violations problems;
  auto u = AccountFrom({"an.officer", "commune_officer", "00004", "2025", ""}, TestRefData().units,
                       &problems);
  ASSERT_TRUE(u) << FieldsOf(problems).size();
  EXPECT_EQ(u->unit, "2025:00004");
  EXPECT_EQ(u->role, "commune_officer");
  EXPECT_TRUE(u->password_hash.empty()) << "set apart, by SetAccountPassword";

  u = AccountFrom({"district", "district_officer", OldDistrictOf00004(), "pre2025", ""},
                  TestRefData().units, &problems);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->unit, "pre2025:" + OldDistrictOf00004());
  u = AccountFrom({"bo.ldtbxh", "ministry", "national", "2025", ""}, TestRefData().units,
                  &problems);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->unit, "national");
  u = AccountFrom({"an.nguyen", "worker", "00004", "2025", "001085012345"}, TestRefData().units,
                  &problems);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->person_id, 1085012345);
  EXPECT_TRUE(problems.empty());
}

TEST(AccountFrom, ListsEveryBrokenRuleByField) {
  Violations problems;
  EXPECT_FALSE(
      AccountFrom({"Bad Name", "superuser", "99999", "2025", ""}, TestRefData().units, &problems));
  EXPECT_EQ(FieldsOf(problems), (std::set<std::string>{"username", "role", "unit"}));
  // The command line shows these messages as they are.
  EXPECT_EQ(problems[1].message_en, "unknown role: superuser");
  EXPECT_EQ(problems[2].message_vi, "không có đơn vị hành chính 99999 (2025)");

  auto fields = [](const AccountInput& in) {
    Violations v;
    EXPECT_FALSE(AccountFrom(in, TestRefData().units, &v));
    return FieldsOf(v);
  };
  using Fields = std::set<std::string>;
  EXPECT_EQ(fields({"ab", "collector", "00004", "2025", ""}), Fields{"username"}) << "too short";
  EXPECT_EQ(fields({std::string(65, 'a'), "collector", "00004", "2025", ""}), Fields{"username"});
  EXPECT_EQ(fields({"chief", "collector", "national", "2025", ""}), Fields{"unit"})
      << "only the ministry and admin are national";
  EXPECT_EQ(fields({"chief", "collector", "00004", "1999", ""}), Fields{"tree"});
  EXPECT_EQ(fields({"chief", "collector", "01", "1999", ""}), Fields{"tree"});
  EXPECT_EQ(fields({"chief", "worker", "00004", "2025", ""}), Fields{"person"});
  EXPECT_EQ(fields({"chief", "worker", "00004", "2025", "12"}), Fields{"person"});
  EXPECT_EQ(fields({"chief", "collector", "00004", "2025", "001085012345"}), Fields{"person"})
      << "only a worker is linked to a record";
}

TEST(SetAccountPassword, HashesAnAcceptablePasswordAndExplainsARefusal) {
  UserRecord u = Account("chief", "collector", "2025:00004");
  Violations problems;
  EXPECT_FALSE(SetAccountPassword(&u, "short", &problems));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "password");
  EXPECT_TRUE(u.password_hash.empty());
  EXPECT_TRUE(SetAccountPassword(&u, "a long enough password", &problems));
  EXPECT_TRUE(u.password_hash.starts_with("$argon2id$"));
  EXPECT_TRUE(VerifyPassword(u.password_hash, "a long enough password"));
}

TEST(MayManage, ANationalAdministratorManagesEveryone) {
  const Principal root = Admin("national");
  for (const UserRecord& u :
       {Account("bo", "ministry", "national"), Account("a", "admin", "national"),
        Account("hcm", "commune_officer",
                "2025:" + TestRefData().units.CommunesUnder(UnitEdition::k2025, "79").front()),
        Account("gone", "collector", "2025:99999")})
    EXPECT_EQ(MayManage(root, u, TestRefData().units), Decision::kAllow) << u.username;
}

TEST(MayManage, AProvinceAdministratorManagesAccountsWhollyInsideTheProvince) {
  const Principal hanoi = Admin("2025:01");
  auto may = [&](const std::string& role, const std::string& unit) {
    return MayManage(hanoi, Account("x", role, unit), TestRefData().units);
  };
  EXPECT_EQ(may("commune_officer", "2025:00004"), Decision::kAllow);
  EXPECT_EQ(may("district_officer", "pre2025:" + OldDistrictOf00004()), Decision::kAllow)
      << "a district of the old tree inside the province";
  EXPECT_EQ(may("province_officer", "2025:01"), Decision::kAllow);
  EXPECT_EQ(may("admin", "2025:01"), Decision::kAllow) << "their peers and themselves";
  EXPECT_EQ(may("ministry", "national"), Decision::kDenyJurisdiction);
  EXPECT_EQ(may("admin", "national"), Decision::kDenyJurisdiction);
  EXPECT_EQ(may("province_officer", "2025:79"), Decision::kDenyJurisdiction);
  EXPECT_EQ(may("collector", "2025:99999"), Decision::kDenyJurisdiction) << "an unknown unit";

  const Principal commune = Admin("2025:00004");
  EXPECT_EQ(MayManage(commune, Account("x", "collector", "2025:00004"), TestRefData().units),
            Decision::kAllow);
  EXPECT_EQ(MayManage(commune, Account("x", "province_officer", "2025:01"), TestRefData().units),
            Decision::kDenyJurisdiction)
      << "a wider unit is not wholly inside";
}

TEST(MayManage, OnlyAdministratorsManageAccounts) {
  auto officer = PrincipalOf(Account("o", "province_officer", "2025:01"), TestRefData().units);
  ASSERT_TRUE(officer);
  EXPECT_EQ(MayManage(*officer, Account("x", "collector", "2025:00004"), TestRefData().units),
            Decision::kDenyRole);
  auto minister = PrincipalOf(Account("m", "ministry", "national"), TestRefData().units);
  ASSERT_TRUE(minister);
  EXPECT_EQ(MayManage(*minister, Account("x", "collector", "2025:00004"), TestRefData().units),
            Decision::kDenyRole);
}

}  // namespace
}  // namespace lmis
