// Building a commune's worklist from plain register rows, worker records and forms: who is
// listed (alive on the reference date, possibly 15+, without a complete open record), why,
// in what order, and what a form adds.
#include "collect/worklist.h"

#include <gtest/gtest.h>

#include <deque>

namespace lmis {
namespace {

const Date kReference{2025, 10, 1};

// Owns the texts that RegisterIdentity and WorkerIdentity views point into.
class Rows {
 public:
  RegisterIdentity Person(int64_t id, std::string name, std::string birth, std::string household,
                          std::string relation, std::string status = "alive",
                          std::string status_date = "", std::string current_address = "",
                          std::string permanent_address = "Số 1 phố Huế") {
    RegisterIdentity p;
    p.person_id = id;
    p.cccd = Keep(PersonCccd(id));
    p.full_name = Keep(std::move(name));
    p.birth_date = Keep(std::move(birth));
    p.sex = "female";
    p.household_id = Keep(std::move(household));
    p.relation_to_head = Keep(std::move(relation));
    p.status = Keep(std::move(status));
    p.status_date = Keep(std::move(status_date));
    p.current_address = Keep(std::move(current_address));
    p.permanent_address = Keep(std::move(permanent_address));
    p.residence_unit = "2025:00004";
    return p;
  }
  // A complete record, with the items named in `lacking` blanked.
  WorkerIdentity Record(int64_t id, std::vector<std::string> lacking = {},
                        std::string lf_status = "employed", std::string closed = "") {
    WorkerIdentity w;
    w.person_id = id;
    w.ethnicity = "01";
    w.general_education = "grade_12";
    w.qualification = "college";
    w.lf_status = Keep(std::move(lf_status));
    w.employment_status = "employee";
    w.closed = Keep(std::move(closed));
    for (const std::string& item : lacking) {
      if (item == "ethnicity") w.ethnicity = "";
      if (item == "general_education") w.general_education = "";
      if (item == "qualification") w.qualification = "";
      if (item == "employment_status") w.employment_status = "";
    }
    return w;
  }
  static std::string PersonCccd(int64_t id) {
    std::string s = std::to_string(id);
    return std::string(12 - s.size(), '0') + s;
  }

 private:
  std::string_view Keep(std::string s) { return texts_.emplace_back(std::move(s)); }
  std::deque<std::string> texts_;
};

std::vector<std::string> Names(const std::vector<WorklistHousehold>& list) {
  std::vector<std::string> out;
  for (const WorklistHousehold& h : list)
    for (const WorklistPerson& p : h.members) out.push_back(p.full_name);
  return out;
}

TEST(CollectWorklistTest, ListsTheLivingPossiblyFifteenWithoutACompleteRecordByHousehold) {
  Rows rows;
  WorklistBuilder b(kReference);
  // Household H1: the head has no record, the wife a complete one, a son turned 15 on the
  // reference date, a daughter only 14, a grandmother who died before the reference date.
  b.AddRegister(rows.Person(1, "Nguyễn Văn An", "1975-03-01", "H1", "Chủ hộ"));
  b.AddRegister(rows.Person(2, "Trần Thị Bình", "1978-06-01", "H1", "Vợ"));
  b.AddRegister(rows.Person(3, "Nguyễn Văn Cường", "2010-10-01", "H1", "Con"));
  b.AddRegister(rows.Person(4, "Nguyễn Thị Dung", "2010-10-02", "H1", "Con"));
  b.AddRegister(rows.Person(5, "Lê Thị Én", "1940", "H1", "Mẹ", "deceased", "2025-05-01"));
  // Household H0 (sorts first): the head, listed first although younger than his father,
  // whose record lacks the ethnicity and qualification; a cousin born in 2010 (year only:
  // perhaps 15, perhaps 14) who died after the reference date — alive on it.
  b.AddRegister(
      rows.Person(6, "Phạm Văn Giang", "1990-01-01", "H0", "chủ hộ", "alive", "", "Số 9 ngõ 3"));
  b.AddRegister(rows.Person(7, "Phạm Văn Hải", "1960-01-01", "H0", "Cha"));
  b.AddRegister(rows.Person(8, "Phạm Thị Hoa", "2010", "H0", "Cháu", "deceased", "2025-11-01"));
  // Someone the register gives no household, who emigrated without a date: gone.
  b.AddRegister(rows.Person(9, "Vũ Văn Khoa", "1980-01-01", "", "", "emigrated"));
  // Someone alone, with a record closed as emigrated although the register says alive.
  b.AddRegister(rows.Person(10, "Đỗ Thị Lan", "1985-01-01", "", ""));

  std::vector<int64_t> ids = b.PersonIds();
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<int64_t>{1, 2, 3, 6, 7, 8, 10}));

  b.AddWorker(rows.Record(2));
  b.AddWorker(rows.Record(6, {"ethnicity", "qualification"}));
  b.AddWorker(rows.Record(7, {"general_education"}));
  b.AddWorker(rows.Record(10, {}, "employed", "emigrated"));
  b.AddWorker(rows.Record(99));  // not a resident: ignored

  std::vector<WorklistHousehold> list = b.Build();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].household_id, "H0");
  EXPECT_EQ(list[0].address, "Số 9 ngõ 3") << "current address first, the head's";
  EXPECT_EQ(list[1].household_id, "H1");
  EXPECT_EQ(list[1].address, "Số 1 phố Huế") << "else the permanent address";
  EXPECT_EQ(list[2].household_id, "");
  EXPECT_EQ(Names(list),
            (std::vector<std::string>{"Phạm Văn Giang", "Phạm Văn Hải", "Phạm Thị Hoa",
                                      "Nguyễn Văn An", "Nguyễn Văn Cường", "Đỗ Thị Lan"}));
  const WorklistPerson& giang = list[0].members[0];
  EXPECT_TRUE(giang.head);
  EXPECT_EQ(giang.reason, NeedReason::kIncomplete);
  EXPECT_EQ(giang.missing, (std::vector<std::string>{"ethnicity", "qualification"}));
  EXPECT_FALSE(giang.age_uncertain);
  const WorklistPerson& hoa = list[0].members[2];
  EXPECT_EQ(hoa.reason, NeedReason::kNoRecord);
  EXPECT_TRUE(hoa.age_uncertain) << "born some day of 2010";
  const WorklistPerson& an = list[1].members[0];
  EXPECT_TRUE(an.head);
  EXPECT_EQ(an.reason, NeedReason::kNoRecord);
  EXPECT_EQ(an.cccd, "000000000001");
  EXPECT_FALSE(list[1].members[1].age_uncertain) << "15 on the very day";
  EXPECT_EQ(list[2].members[0].reason, NeedReason::kNoRecord) << "a closed record is no record";
}

TEST(CollectWorklistTest, IncompleteMeansAnItemOfTheFormIsMissingOrTheRecordNoLongerValidates) {
  Rows rows;
  EXPECT_TRUE(MissingItems(rows.Record(1)).empty());
  EXPECT_EQ(MissingItems(rows.Record(1, {"general_education"})),
            std::vector<std::string>{"general_education"});
  EXPECT_EQ(MissingItems(rows.Record(1, {"employment_status"})),
            std::vector<std::string>{"employment_status"})
      << "an employed person's employment status is required";
  EXPECT_TRUE(MissingItems(rows.Record(1, {"employment_status"}, "outside")).empty())
      << "not asked of people outside the labour force";
  EXPECT_EQ(
      MissingItems(rows.Record(1, {"ethnicity", "general_education", "qualification"}, "")),
      (std::vector<std::string>{"ethnicity", "general_education", "qualification", "lf_status"}));
  EXPECT_EQ(MissingItemLabelVi("ethnicity"), "dân tộc");
  EXPECT_EQ(MissingItemLabelEn("lf_status"), "labour-force status");
  EXPECT_TRUE(IsHouseholdHead("Chủ hộ"));
  EXPECT_TRUE(IsHouseholdHead("  CHỦ  HỘ "));
  EXPECT_FALSE(IsHouseholdHead("Con"));
}

TEST(CollectWorklistTest, FormsShowTheirCollectorAndKeepAssignedPeopleListed) {
  Rows rows;
  WorklistBuilder b(kReference);
  b.AddRegister(rows.Person(1, "Nguyễn Văn An", "1975-03-01", "H1", "Chủ hộ"));
  b.AddRegister(rows.Person(2, "Trần Thị Bình", "1978-06-01", "H1", "Vợ"));
  // Bình has been collected and entered since: complete now, but her form keeps her listed.
  b.AddWorker(rows.Record(2));
  FormRow an;
  an.id = 11;
  an.person_id = 1;
  an.wave = 1;
  an.unit = "2025:00004";
  an.collector = "dtv.a";
  an.state = "assigned";
  an.reason = "no_record";
  FormRow binh = an;
  binh.id = 12;
  binh.person_id = 2;
  binh.state = "entered";
  binh.reason = "incomplete";
  binh.missing = "ethnicity,qualification";
  // A form of someone no longer in the register of the commune (moved away since).
  FormRow gone = an;
  gone.id = 13;
  gone.person_id = 3;
  gone.cccd = "000000000003";
  gone.full_name = "Lê Văn Chuyển";
  gone.household_id = "H2";
  gone.collector = "dtv.b";
  for (const FormRow* f : {&an, &binh, &gone}) b.AddForm(*f);
  std::vector<WorklistHousehold> list = b.Build();
  ASSERT_EQ(list.size(), 2u);
  ASSERT_EQ(list[0].members.size(), 2u);
  EXPECT_EQ(list[0].members[0].form_id, 11);
  EXPECT_EQ(list[0].members[0].collector, "dtv.a");
  EXPECT_EQ(list[0].members[0].form_state, "assigned");
  EXPECT_EQ(list[0].members[1].form_id, 12);
  EXPECT_EQ(list[0].members[1].reason, NeedReason::kIncomplete);
  EXPECT_EQ(list[0].members[1].missing, (std::vector<std::string>{"ethnicity", "qualification"}));
  EXPECT_EQ(list[1].household_id, "H2");
  EXPECT_EQ(list[1].members[0].full_name, "Lê Văn Chuyển");
  EXPECT_EQ(list[1].members[0].collector, "dtv.b");
}

TEST(CollectWorklistTest, ACompleteRecordWithoutAFormLeavesTheList) {
  Rows rows;
  WorklistBuilder b(kReference);
  b.AddRegister(rows.Person(1, "Nguyễn Văn An", "1975-03-01", "H1", "Chủ hộ"));
  b.AddWorker(rows.Record(1));
  EXPECT_TRUE(b.Build().empty());
}

}  // namespace
}  // namespace lmis
