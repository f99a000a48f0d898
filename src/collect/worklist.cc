#include "collect/worklist.h"

#include <algorithm>
#include <map>

#include "core/text.h"
#include "core/validate.h"
#include "reconcile/compare.h"

namespace lmis {
namespace {

struct ItemLabel {
  std::string_view item, vi, en;
};

constexpr ItemLabel kItems[] = {
    {"ethnicity", "dân tộc", "ethnic group"},
    {"general_education", "trình độ giáo dục phổ thông", "general education"},
    {"qualification", "trình độ chuyên môn kỹ thuật", "qualification"},
    {"lf_status", "tình trạng tham gia hoạt động kinh tế", "labour-force status"},
    {"employment_status", "vị thế việc làm", "employment status"},
};

std::vector<std::string> SplitMissing(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    if (comma > start) out.emplace_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

}  // namespace

std::string_view ReasonSlug(NeedReason reason) {
  return reason == NeedReason::kNoRecord ? "no_record" : "incomplete";
}

std::vector<std::string> MissingItems(const WorkerIdentity& w) {
  std::vector<std::string> out;
  if (w.ethnicity.empty()) out.emplace_back("ethnicity");
  if (w.general_education.empty()) out.emplace_back("general_education");
  if (w.qualification.empty()) out.emplace_back("qualification");
  if (w.lf_status.empty())
    out.emplace_back("lf_status");
  else if (w.lf_status == "employed" && w.employment_status.empty())
    out.emplace_back("employment_status");
  return out;
}

std::string_view MissingItemLabelVi(std::string_view item) {
  for (const ItemLabel& l : kItems)
    if (l.item == item) return l.vi;
  return item;
}

std::string_view MissingItemLabelEn(std::string_view item) {
  for (const ItemLabel& l : kItems)
    if (l.item == item) return l.en;
  return item;
}

bool IsHouseholdHead(std::string_view relation_to_head) {
  return FoldVietnamese(relation_to_head) == "chu ho";
}

void WorklistBuilder::AddRegister(const RegisterIdentity& p) {
  if (ClosedOn(p.status, p.status_date, reference_)) return;
  auto birth = PartialDate::Parse(p.birth_date);
  if (birth && CertainlyYoungerThan(*birth, reference_, kMinimumAge)) return;
  if (index_.contains(p.person_id)) return;
  Entry e;
  WorklistPerson& w = e.person;
  w.person_id = p.person_id;
  w.cccd = std::string(p.cccd);
  w.full_name = std::string(p.full_name);
  w.birth_date = std::string(p.birth_date);
  w.sex = std::string(p.sex);
  w.household_id = std::string(p.household_id);
  w.relation_to_head = std::string(p.relation_to_head);
  w.address = std::string(p.current_address.empty() ? p.permanent_address : p.current_address);
  w.residence_unit = std::string(p.residence_unit);
  w.head = IsHouseholdHead(p.relation_to_head);
  w.age_uncertain = !birth || !CertainlyAtLeast(*birth, reference_, kMinimumAge);
  index_.emplace(p.person_id, entries_.size());
  entries_.push_back(std::move(e));
}

std::vector<int64_t> WorklistBuilder::PersonIds() const {
  std::vector<int64_t> out;
  out.reserve(entries_.size());
  for (const Entry& e : entries_) out.push_back(e.person.person_id);
  return out;
}

void WorklistBuilder::AddWorker(const WorkerIdentity& w) {
  auto it = index_.find(w.person_id);
  if (it == index_.end()) return;
  WorklistPerson& p = entries_[it->second].person;
  if (!w.closed.empty()) {
    p.reason = NeedReason::kNoRecord;
    p.missing.clear();
    return;
  }
  std::vector<std::string> missing = MissingItems(w);
  if (missing.empty()) {
    entries_[it->second].complete = true;
    return;
  }
  p.reason = NeedReason::kIncomplete;
  p.missing = std::move(missing);
}

void WorklistBuilder::AddForm(const FormRow& f) {
  const NeedReason reason =
      f.reason == "incomplete" ? NeedReason::kIncomplete : NeedReason::kNoRecord;
  auto it = index_.find(f.person_id);
  if (it == index_.end()) {
    Entry e;
    WorklistPerson& w = e.person;
    w.person_id = f.person_id;
    w.cccd = f.cccd;
    w.full_name = f.full_name;
    w.birth_date = f.birth_date;
    w.sex = f.sex;
    w.household_id = f.household_id;
    w.relation_to_head = f.relation_to_head;
    w.address = f.address;
    w.residence_unit = f.unit;
    w.head = f.head;
    w.age_uncertain = f.age_uncertain;
    w.reason = reason;
    w.missing = SplitMissing(f.missing);
    it = index_.emplace(f.person_id, entries_.size()).first;
    entries_.push_back(std::move(e));
  }
  Entry& e = entries_[it->second];
  e.form_reason = reason;
  e.form_missing = SplitMissing(f.missing);
  e.person.form_id = f.id;
  e.person.form_wave = f.wave;
  e.person.form_unit = f.unit;
  e.person.collector = f.collector;
  e.person.form_state = f.state;
}

std::vector<WorklistHousehold> WorklistBuilder::Build() const {
  // Households by id; people without one each alone, after the others.
  // A person complete now but assigned before stays listed, with the form's reason.
  std::vector<WorklistPerson> people;
  people.reserve(entries_.size());
  for (const Entry& e : entries_) {
    if (e.complete && e.person.form_id == 0) continue;
    people.push_back(e.person);
    if (e.complete) {
      people.back().reason = e.form_reason;
      people.back().missing = e.form_missing;
    }
  }
  std::map<std::string, std::vector<const WorklistPerson*>> by_household;
  std::vector<const WorklistPerson*> alone;
  for (const WorklistPerson& p : people) {
    if (p.household_id.empty())
      alone.push_back(&p);
    else
      by_household[p.household_id].push_back(&p);
  }
  auto order = [](const WorklistPerson* a, const WorklistPerson* b) {
    if (a->head != b->head) return a->head;
    // Older first: a partial date sorts before the full dates of its period.
    if (a->birth_date != b->birth_date) return a->birth_date < b->birth_date;
    if (a->full_name != b->full_name) return a->full_name < b->full_name;
    return a->cccd < b->cccd;
  };
  std::vector<WorklistHousehold> out;
  out.reserve(by_household.size() + alone.size());
  for (auto& [id, members] : by_household) {
    std::sort(members.begin(), members.end(), order);
    WorklistHousehold h;
    h.household_id = id;
    h.address = members.front()->address;
    for (const WorklistPerson* m : members) h.members.push_back(*m);
    out.push_back(std::move(h));
  }
  std::sort(alone.begin(), alone.end(),
            [](const WorklistPerson* a, const WorklistPerson* b) { return a->cccd < b->cccd; });
  for (const WorklistPerson* m : alone) {
    WorklistHousehold h;
    h.address = m->address;
    h.members.push_back(*m);
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace lmis
