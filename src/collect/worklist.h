// The worklist of a commune (bảng kê người cần thu thập thông tin): who the commune police list
// for the working group to collect on Mẫu 03. A resident of the commune in the population
// register who is alive on the campaign's reference date and possibly 15 or older then, and
// who has no worker record, or an incomplete one:
//   - no_record: no open worker record (none at all, or one closed as deceased or emigrated);
//   - incomplete: the current record lacks an item the paper form asks for that validation
//     lets pass empty — ethnicity (item 5), general education (item 9), qualification
//     (item 10) — or one it requires now, so that the record no longer validates — the
//     labour-force status (item 11), and for an employed person the employment status (12.1).
// People are grouped by household (the head first, then by date of birth), and carry their
// form of the campaign once one is assigned. Plain values in, plain values out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "store/collect_tables.h"
#include "store/identity_scans.h"

namespace lmis {

enum class NeedReason : uint8_t { kNoRecord, kIncomplete };

// "no_record", "incomplete".
std::string_view ReasonSlug(NeedReason reason);

// The items of the paper form a current, open worker record lacks (see above), in form
// order: "ethnicity", "general_education", "qualification", "lf_status", "employment_status".
std::vector<std::string> MissingItems(const WorkerIdentity& w);
// The item's label on the form ("dân tộc"; "ethnic group").
std::string_view MissingItemLabelVi(std::string_view item);
std::string_view MissingItemLabelEn(std::string_view item);

// True when the register's relation to the head says the person is the head ("Chủ hộ").
bool IsHouseholdHead(std::string_view relation_to_head);

// One person on the worklist.
struct WorklistPerson {
  int64_t person_id = 0;
  std::string cccd, full_name, birth_date, sex, household_id, relation_to_head;
  std::string address;         // current address, else permanent address
  std::string residence_unit;  // UnitKey, as the register gives it
  bool head = false;
  bool age_uncertain = false;  // possibly, not certainly, 15+ on the reference date
  NeedReason reason = NeedReason::kNoRecord;
  std::vector<std::string> missing;  // incomplete: the items lacking
  // The person's form of the campaign (form_id 0: not assigned yet).
  int64_t form_id = 0;
  int form_wave = 0;
  std::string form_unit, collector, form_state;
};

// One household of the worklist: its members in order.
struct WorklistHousehold {
  std::string household_id;  // "" for a person the register gives no household
  std::string address;       // the head's, else the first member's
  std::vector<WorklistPerson> members;
};

// Builds a worklist from the register rows of the commune, the worker records of those people,
// and the campaign's forms.
class WorklistBuilder {
 public:
  explicit WorklistBuilder(const Date& reference_date) : reference_(reference_date) {}

  // A register row of the commune: kept when alive and possibly 15+ on the reference date.
  void AddRegister(const RegisterIdentity& p);
  // The people kept so far.
  std::vector<int64_t> PersonIds() const;
  // The current worker record of a person kept; a complete open record takes them off.
  void AddWorker(const WorkerIdentity& w);
  // A form of the campaign of a person kept, or of someone assigned in this commune who is
  // no longer kept (collected, entered since, or gone from the register): listed with what
  // the form says of them.
  void AddForm(const FormRow& f);

  // The households in household-id order (people without one last, each alone).
  std::vector<WorklistHousehold> Build() const;

 private:
  // Where a kept person stands.
  struct Entry {
    WorklistPerson person;
    bool complete = false;  // has a complete open record
    // The form's reason, for a person complete now but assigned before.
    NeedReason form_reason = NeedReason::kNoRecord;
    std::vector<std::string> form_missing;
  };
  Date reference_;
  std::vector<Entry> entries_;
  std::unordered_map<int64_t, size_t> index_;  // person id → entries_
};

}  // namespace lmis
