// The campaign tables on both backends: campaigns with their waves, quotas set and reset,
// forms with their guarded state changes, events, hand-over records, and the counts progress
// reports read.
#include "store/collect_tables.h"

#include <gtest/gtest.h>

#include "store/store.h"
#include "testing/test_database.h"

namespace lmis {
namespace {

class CollectTablesTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    store_ = OpenStore(db_.spec());
    store_->Migrate();
    tables_ = std::make_unique<CollectTables>(store_->sql());
  }

  int64_t Campaign() {
    CampaignRow c;
    c.name = "Đợt thu thập 2025";
    c.unit = "2025:01";
    c.reference_date = "2025-10-01";
    c.window_start = "2025-10-01";
    c.window_end = "2025-11-15";
    c.created_by = c.updated_by = "bo.a";
    c.created_at = c.updated_at = "2025-09-20T01:00:00Z";
    c.waves = {{1, "Đợt 1", "2025-10-15"}, {2, "Đợt 2", "2025-10-31"}};
    return tables_->AddCampaign(c);
  }

  static FormRow Form(int64_t campaign, int64_t person, std::string unit, int wave = 1) {
    FormRow f;
    f.campaign_id = campaign;
    f.wave = wave;
    f.unit = std::move(unit);
    f.province_code = "01";
    f.person_id = person;
    f.cccd = std::to_string(person);
    f.full_name = "Người số " + std::to_string(person);
    f.birth_date = "1990";
    f.household_id = "H" + std::to_string(person / 10);
    f.head = person % 10 == 0;
    f.reason = "no_record";
    f.missing = "";
    f.collector = "dtv.a";
    f.state = "assigned";
    f.state_at = f.assigned_at = "2025-10-01T02:00:00Z";
    f.assigned_by = "xa.a";
    return f;
  }

  TestDatabase db_{GetParam()};
  std::unique_ptr<Store> store_;
  std::unique_ptr<CollectTables> tables_;
};

TEST_P(CollectTablesTest, CampaignsKeepTheirWavesAndQuotasAreSetPerCommuneAndWave) {
  const int64_t id = Campaign();
  auto c = tables_->FindCampaign(id);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->name, "Đợt thu thập 2025");
  EXPECT_EQ(c->unit, "2025:01");
  ASSERT_EQ(c->waves.size(), 2u);
  EXPECT_EQ(c->waves[1], (WaveRow{2, "Đợt 2", "2025-10-31"}));
  c->name = "Đổi tên";
  c->waves.push_back({3, "Đợt 3", "2025-11-15"});
  c->updated_by = "tinh.b";
  tables_->UpdateCampaign(*c);
  auto again = tables_->FindCampaign(id);
  EXPECT_EQ(again->name, "Đổi tên");
  EXPECT_EQ(again->waves.size(), 3u);
  EXPECT_EQ(again->created_by, "bo.a");
  EXPECT_EQ(again->updated_by, "tinh.b");
  const int64_t second = Campaign();
  std::vector<CampaignRow> all = tables_->ListCampaigns();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, second) << "newest first";
  EXPECT_EQ(all[1].waves.size(), 3u);
  EXPECT_FALSE(tables_->FindCampaign(999));

  std::vector<QuotaRow> first = {{"2025:00004", 1, 100, "tinh.b", "t1"},
                                 {"2025:00004", 2, 50, "tinh.b", "t1"}};
  tables_->PutQuotas(id, first);
  std::vector<QuotaRow> change = {{"2025:00004", 2, 60, "tinh.c", "t2"},
                                  {"2025:00008", 1, 0, "tinh.c", "t2"}};
  tables_->PutQuotas(id, change);
  EXPECT_EQ(tables_->Quotas(id), (std::vector<QuotaRow>{{"2025:00004", 1, 100, "tinh.b", "t1"},
                                                        {"2025:00004", 2, 60, "tinh.c", "t2"},
                                                        {"2025:00008", 1, 0, "tinh.c", "t2"}}));
  EXPECT_TRUE(tables_->Quotas(second).empty());
}

TEST_P(CollectTablesTest, FormsAreListedByConditionAndPageAndChangeOnlyFromTheStateExpected) {
  const int64_t id = Campaign();
  std::vector<FormRow> forms;
  for (int64_t p = 10; p < 20; ++p)
    forms.push_back(Form(id, p, p < 15 ? "2025:00004" : "2025:00008"));
  forms[3].collector = "dtv.b";
  tables_->AddForms(forms);
  EXPECT_THROW(tables_->AddForms(std::vector<FormRow>{Form(id, 12, "2025:00004")}), StoreError)
      << "one form per person and campaign";
  std::vector<int64_t> people = {12, 17, 99};
  std::vector<FormRow> found = tables_->FormsOfPeople(id, people);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].person_id, 12);
  EXPECT_EQ(found[0].full_name, "Người số 12");
  EXPECT_EQ(found[0].household_id, "H1");
  EXPECT_TRUE(tables_->FindForm(found[0].id));
  EXPECT_EQ(tables_->CountForms(id), 10);
  EXPECT_EQ(tables_->CountForms(id, 2), 0);

  FormQuery q;
  q.campaign_id = id;
  q.units = std::vector<std::string>{"2025:00004"};
  EXPECT_EQ(tables_->ListForms(q).size(), 5u);
  q.collector = "dtv.b";
  ASSERT_EQ(tables_->ListForms(q).size(), 1u);
  EXPECT_EQ(tables_->ListForms(q)[0].person_id, 13);
  FormQuery page;
  page.campaign_id = id;
  page.limit = 4;
  std::vector<FormRow> p1 = tables_->ListForms(page);
  ASSERT_EQ(p1.size(), 4u);
  page.after_id = p1.back().id;
  std::vector<FormRow> p2 = tables_->ListForms(page);
  ASSERT_EQ(p2.size(), 4u);
  EXPECT_GT(p2.front().id, p1.back().id);

  FormRow f = found[0];
  f.state = "collected";
  f.collected_at = f.last_collected_at = f.state_at = "2025-10-05T03:00:00Z";
  EXPECT_TRUE(tables_->UpdateForm(f, "assigned"));
  EXPECT_FALSE(tables_->UpdateForm(f, "assigned")) << "not assigned any more";
  auto back = tables_->FindForm(f.id);
  EXPECT_EQ(back->state, "collected");
  EXPECT_EQ(back->collected_at, "2025-10-05T03:00:00Z");
  EXPECT_EQ(back->accepted_at, "");

  FormEventRow e{0,          f.id,        id,      "01",        f.person_id,
                 "assigned", "collected", "dtv.a", "collector", "2025-10-05T03:00:00Z",
                 ""};
  tables_->AddEvents({&e, 1});
  e.from_state = "collected";
  e.to_state = "returned";
  e.reason = "thiếu chữ ký";
  tables_->AddEvents({&e, 1});
  std::vector<FormEventRow> events = tables_->Events(f.id);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].from_state, "assigned");
  EXPECT_EQ(events[1].reason, "thiếu chữ ký");
  EXPECT_TRUE(tables_->Events(found[1].id).empty());
}

TEST_P(CollectTablesTest, AHandOverMovesOnlyAcceptedFormsAndKeepsItsOrder) {
  const int64_t id = Campaign();
  tables_->AddForms(std::vector<FormRow>{Form(id, 10, "2025:00004"), Form(id, 11, "2025:00004"),
                                         Form(id, 12, "2025:00004")});
  std::vector<int64_t> people = {10, 11, 12};
  std::vector<FormRow> forms = tables_->FormsOfPeople(id, people);
  for (FormRow f : {forms[0], forms[2]}) {
    f.state = "accepted";
    f.accepted_at = "2025-10-06T01:00:00Z";
    ASSERT_TRUE(tables_->UpdateForm(f, "assigned"));
  }
  HandoverRow h;
  h.campaign_id = id;
  h.unit = "2025:00004";
  h.province_code = "01";
  h.from_user = "xa.a";
  h.from_role = "commune_officer";
  h.to_user = "ca.a";
  h.at = "2025-10-07T02:00:00Z";
  h.form_count = 2;
  h.check_code = "abc";
  h.note = "Bàn giao đợt 1";
  h.form_ids = {forms[2].id, forms[0].id};
  h.id = tables_->AddHandover(h);
  std::vector<int64_t> all = {forms[0].id, forms[1].id, forms[2].id};
  EXPECT_EQ(tables_->HandOverForms(all, h.id, h.at), 2) << "the assigned one stays";
  EXPECT_EQ(tables_->FindForm(forms[1].id)->state, "assigned");
  auto moved = tables_->FindForm(forms[2].id);
  EXPECT_EQ(moved->state, "handed_over");
  EXPECT_EQ(moved->handed_over_at, h.at);
  EXPECT_EQ(moved->handover_id, h.id);
  auto stored = tables_->FindHandover(h.id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->form_ids, (std::vector<int64_t>{forms[2].id, forms[0].id}));
  EXPECT_EQ(stored->note, "Bàn giao đợt 1");
  EXPECT_EQ(tables_->ListHandovers(id, std::vector<std::string>{"2025:00004"}).size(), 1u);
  EXPECT_TRUE(tables_->ListHandovers(id, std::vector<std::string>{"2025:00008"}).empty());
  EXPECT_EQ(tables_->ListHandovers(id, std::nullopt)[0].check_code, "abc");
}

TEST_P(CollectTablesTest, CountsAreWhatTheFormsHadReachedBeforeAMoment) {
  const int64_t id = Campaign();
  std::vector<FormRow> forms;
  for (int64_t p = 10; p < 16; ++p) forms.push_back(Form(id, p, "2025:00004"));
  forms.push_back(Form(id, 20, "2025:00008"));
  forms.push_back(Form(id, 30, "2025:00004", 2));
  // 10: collected before the deadline day ends (2025-10-15T17:00Z), accepted, entered later
  forms[0].collected_at = forms[0].last_collected_at = "2025-10-15T16:00:00Z";
  forms[0].accepted_at = "2025-10-16T01:00:00Z";
  forms[0].entered_at = "2025-10-25T01:00:00Z";
  forms[0].state = "entered";
  // 11: collected after the deadline
  forms[1].collected_at = forms[1].last_collected_at = "2025-10-15T17:00:00Z";
  forms[1].state = "collected";
  // 12: collected, returned on the 18th, collected again on the 21st
  forms[2].collected_at = "2025-10-10T01:00:00Z";
  forms[2].returned_at = "2025-10-18T01:00:00Z";
  forms[2].last_collected_at = "2025-10-21T01:00:00Z";
  forms[2].state = "collected";
  // 13: returned and still returned
  forms[3].collected_at = forms[3].last_collected_at = "2025-10-11T01:00:00Z";
  forms[3].returned_at = "2025-10-12T01:00:00Z";
  forms[3].state = "returned";
  tables_->AddForms(forms);
  auto counts = [&](int wave, const std::string& until) {
    return tables_->CountByCommune(id, wave, std::nullopt, until, "2025-10-15T17:00:00Z");
  };
  std::vector<FormCounts> on_20th = counts(1, "2025-10-20T17:00:00Z");
  ASSERT_EQ(on_20th.size(), 2u);
  const FormCounts& a = on_20th[0];
  EXPECT_EQ(a.unit, "2025:00004");
  EXPECT_EQ(a.assigned, 6);
  EXPECT_EQ(a.collected, 4);
  EXPECT_EQ(a.accepted, 1);
  EXPECT_EQ(a.entered, 0) << "entered on the 25th";
  EXPECT_EQ(a.returned, 2) << "12 (until the 21st) and 13";
  EXPECT_EQ(a.collected_by_deadline, 3);
  EXPECT_EQ(a.collected_after_deadline, 1);
  EXPECT_EQ(on_20th[1].unit, "2025:00008");
  EXPECT_EQ(on_20th[1].assigned, 1);
  std::vector<FormCounts> later = counts(1, "2025-10-30T17:00:00Z");
  EXPECT_EQ(later[0].entered, 1);
  EXPECT_EQ(later[0].returned, 1) << "12 was collected again";
  std::vector<FormCounts> before = counts(1, "2025-10-01T01:00:00Z");
  EXPECT_EQ(before[0].assigned, 0) << "assigned at 02:00";
  EXPECT_EQ(counts(2, "2025-10-30T17:00:00Z").size(), 1u);
  EXPECT_EQ(tables_
                ->CountByCommune(id, 1, std::vector<std::string>{"2025:00008"},
                                 "2025-10-30T17:00:00Z", "2025-10-15T17:00:00Z")
                .size(),
            1u);
}

INSTANTIATE_TEST_SUITE_P(Collect, CollectTablesTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace lmis
