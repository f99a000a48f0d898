#include "auth/access.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "exchange/refdata_files.h"
#include "registry/lookup.h"
#include "testing/ref_data.h"

namespace lmis {
namespace {

// A user line of a .test file as a Principal; fails the test on a bad line.
Principal ReadUser(std::istringstream& in, const std::string& where) {
  std::string role_slug, unit, person;
  in >> role_slug >> unit >> person;
  auto role = ParseRole(role_slug);
  EXPECT_TRUE(role) << where << ": unknown role " << role_slug;
  Principal p;
  p.username = role_slug;
  p.role = role.value_or(Role::kWorker);
  if (unit == "national") {
    p.jurisdiction = Jurisdiction::National();
  } else {
    size_t colon = unit.find(':');
    UnitEdition edition =
        unit.substr(0, colon) == "2025" ? UnitEdition::k2025 : UnitEdition::kPre2025;
    auto j = Jurisdiction::Of(TestRefData().units, edition, unit.substr(colon + 1));
    EXPECT_TRUE(j) << where << ": unknown unit " << unit;
    if (j) p.jurisdiction = *j;
  }
  if (!person.empty()) p.person_id = PersonIdFromText(person).value_or(0);
  return p;
}

TEST(AccessMatrix, EveryCaseDecidesAsExpected) {
  int cases = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(LMIS_TEST_DATA_DIR) + "/access")) {
    std::ifstream file(entry.path());
    std::string line;
    int number = 0;
    std::optional<Principal> user;
    while (std::getline(file, line)) {
      ++number;
      std::string where = entry.path().filename().string() + ":" + std::to_string(number);
      std::istringstream in(line);
      std::string verb;
      if (!(in >> verb) || verb[0] == '#') continue;
      if (verb == "user") {
        user = ReadUser(in, where);
        continue;
      }
      ASSERT_EQ(verb, "case") << where;
      ASSERT_TRUE(user) << where << ": case before any user";
      std::string action, record, expected;
      in >> action >> record >> expected;
      size_t at = record.find('@');
      ASSERT_NE(at, std::string::npos) << where;
      RecordLocation location{PersonIdFromText(record.substr(0, at)).value_or(0),
                              record.substr(at + 1)};
      ASSERT_TRUE(action == "read" || action == "write") << where;
      Decision d = Decide(*user, action == "read" ? Action::kRead : Action::kWrite, location);
      EXPECT_EQ(DecisionSlug(d), expected) << where << ": " << line;
      ++cases;
    }
  }
  EXPECT_GE(cases, 40);
}

TEST(Roles, SlugsRoundTripAndUnknownIsRefused) {
  for (Role r : {Role::kCollector, Role::kCommuneOfficer, Role::kCommunePolice,
                 Role::kDistrictOfficer, Role::kProvinceOfficer, Role::kMinistry,
                 Role::kServiceCentre, Role::kEmployer, Role::kWorker, Role::kAdmin}) {
    EXPECT_EQ(ParseRole(RoleSlug(r)), r);
    EXPECT_FALSE(RoleLabelVi(r).empty());
    EXPECT_FALSE(RoleLabelEn(r).empty());
  }
  EXPECT_FALSE(ParseRole("superuser"));
}

}  // namespace
}  // namespace lmis
