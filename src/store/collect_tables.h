// Storage of collection campaigns (collect/): campaigns with their waves and quotas, the
// paper forms assigned to collectors with a timestamp per state reached, each form's own
// history (form_events), and the hand-over records (biên bản bàn giao) with their forms.
// Written once in portable SQL (store/sql.h), inside the caller's transaction on either
// backend; times are RFC 3339 UTC texts, dates YYYY-MM-DD. Forms are person-linked and
// carry the 2025 province of their commune (province_code), as every such table does.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "store/sql.h"

namespace lmis {

// One wave of a campaign as stored.
struct WaveRow {
  int number = 0;
  std::string name;
  std::string deadline;  // YYYY-MM-DD
  bool operator==(const WaveRow&) const = default;
};

// A campaign as stored.
struct CampaignRow {
  int64_t id = 0;
  std::string name;
  std::string unit;  // UnitKey or "national"
  std::string reference_date, window_start, window_end;
  std::string created_by, created_at, updated_by, updated_at;
  std::vector<WaveRow> waves;  // by number
};

// A quota of a commune and wave as stored.
struct QuotaRow {
  std::string unit;  // UnitKey of the commune
  int wave = 0;
  int64_t quota = 0;
  std::string set_by, set_at;
  bool operator==(const QuotaRow&) const = default;
};

// A paper form as stored: whom it is for (a snapshot of the register row when assigned),
// where it stands, and when it first reached each state.
struct FormRow {
  int64_t id = 0;
  int64_t campaign_id = 0;
  int wave = 0;
  std::string unit;           // UnitKey of the commune
  std::string province_code;  // 2025 province of the commune
  int64_t person_id = 0;
  std::string cccd, full_name, birth_date, sex, household_id, relation_to_head, address;
  bool head = false;           // head of the household
  bool age_uncertain = false;  // possibly, not certainly, 15+ on the reference date
  std::string reason;          // no_record | incomplete
  std::string missing;         // the items an incomplete record lacks, comma-separated
  std::string collector;       // username
  std::string state;           // collect/form_rules.h slug
  std::string state_at;        // when it entered the current state
  std::string assigned_at, assigned_by;
  std::string collected_at;                                          // first collection
  std::string last_collected_at;                                     // latest collection
  std::string accepted_at, handed_over_at, entered_at, archived_at;  // first time reached
  std::string returned_at, returned_by, returned_reason;             // the latest return
  int64_t entered_seq = 0;  // the worker record's version when entered
  int64_t handover_id = 0;  // the latest hand-over record
};

// One move of one form: its own history.
struct FormEventRow {
  int64_t id = 0;
  int64_t form_id = 0;
  int64_t campaign_id = 0;
  std::string province_code;
  int64_t person_id = 0;
  std::string from_state;  // "" for the assignment
  std::string to_state;
  std::string by_user, by_role, at, reason;
};

// A hand-over record (biên bản bàn giao) as stored.
struct HandoverRow {
  int64_t id = 0;
  int64_t campaign_id = 0;
  std::string unit;  // UnitKey of the commune
  std::string province_code;
  std::string from_user, from_role, to_user, at;
  int64_t form_count = 0;
  std::string check_code;  // collect/handover.h
  std::string note;
  std::vector<int64_t> form_ids;  // in the record's order
};

// Which forms to list: every given condition, in id order after `after_id`.
struct FormQuery {
  int64_t campaign_id = 0;
  std::optional<std::vector<std::string>> units;  // UnitKeys; nullopt = all
  std::optional<std::string> state, collector;
  int wave = 0;  // 0 = every wave
  int64_t after_id = 0;
  int limit = 0;  // 0 = no limit
};

// What the forms of one commune and wave had reached by a moment.
struct FormCounts {
  std::string unit;
  int wave = 0;
  int64_t assigned = 0, collected = 0, accepted = 0, handed_over = 0, entered = 0, archived = 0,
          returned = 0, collected_by_deadline = 0, collected_after_deadline = 0;
};

class CollectTables {
 public:
  explicit CollectTables(Sql& sql) : sql_(sql) {}
  CollectTables(const CollectTables&) = delete;
  CollectTables& operator=(const CollectTables&) = delete;

  // Campaigns. AddCampaign stores the campaign and its waves and returns its id;
  // UpdateCampaign replaces the campaign's fields (not its creation) and its waves.
  int64_t AddCampaign(const CampaignRow& c);
  void UpdateCampaign(const CampaignRow& c);
  std::optional<CampaignRow> FindCampaign(int64_t id);
  std::vector<CampaignRow> ListCampaigns();  // newest first

  // Quotas: sets each given (commune, wave); others stay.
  void PutQuotas(int64_t campaign_id, std::span<const QuotaRow> quotas);
  std::vector<QuotaRow> Quotas(int64_t campaign_id);  // by commune, then wave

  // Forms. AddForms stores new forms (ids are assigned: read them back with FormsOfPeople);
  // a second form of one person in one campaign is refused by the schema (StoreError).
  void AddForms(std::span<const FormRow> forms);
  std::optional<FormRow> FindForm(int64_t id);
  std::vector<FormRow> FindForms(std::span<const int64_t> ids);  // in id order
  std::vector<FormRow> ListForms(const FormQuery& q);
  // The campaign's forms of the given people, in id order.
  std::vector<FormRow> FormsOfPeople(int64_t campaign_id, std::span<const int64_t> person_ids);
  int64_t CountForms(int64_t campaign_id, int wave = 0);
  // Writes the state, collector, timestamps, return, entered version and hand-over of `f`
  // when the stored form is still in `expected_state`; false (writing nothing) otherwise.
  bool UpdateForm(const FormRow& f, std::string_view expected_state);
  // Moves every form of `ids` from accepted to handed_over as part of hand-over
  // `handover_id` at `at`; returns how many moved.
  int64_t HandOverForms(std::span<const int64_t> ids, int64_t handover_id, const std::string& at);

  void AddEvents(std::span<const FormEventRow> events);
  std::vector<FormEventRow> Events(int64_t form_id);  // oldest first

  // Hand-over records with their forms. AddHandover returns the id.
  int64_t AddHandover(const HandoverRow& h);
  std::optional<HandoverRow> FindHandover(int64_t id);
  // The campaign's records in `units` (nullopt = all), newest first, without form lists.
  std::vector<HandoverRow> ListHandovers(int64_t campaign_id,
                                         const std::optional<std::vector<std::string>>& units);

  // Per commune of `units` (nullopt = all), the forms of `wave` that had reached each state
  // before `until` (an RFC 3339 instant), collected before `deadline_end` and between it and
  // `until`; returned = in state returned, by the latest return, at `until`.
  std::vector<FormCounts> CountByCommune(int64_t campaign_id, int wave,
                                         const std::optional<std::vector<std::string>>& units,
                                         const std::string& until, const std::string& deadline_end);

 private:
  Sql& sql_;
};

}  // namespace lmis
