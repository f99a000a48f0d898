#include "core/worker_codec.h"

#include "core/text.h"

namespace lmis {
namespace {

using F = WorkerField;

class Decoder {
 public:
  Decoder(const CellViews& cells, const RefData& ref, Violations* out)
      : cells_(cells), ref_(ref), out_(out) {}

  FieldMask failed() const { return failed_; }
  std::string_view cell(F f) const { return cells_[static_cast<size_t>(f)]; }

  // Codes and numbers: stored as given, once known to be clean text.
  void Text(F f, std::string* out) {
    std::string_view t = cell(f);
    if (!IsCleanText(t)) {
      Fail(f, ViolationCode::kFormat, "chứa ký tự điều khiển hoặc không phải UTF-8 hợp lệ",
           "contains control characters or invalid UTF-8");
      out->clear();
      return;
    }
    out->assign(t);
  }

  // Free text: valid UTF-8, spaces collapsed, NFC. Plain ASCII text with single spaces (most
  // cells) is copied as it is.
  void Name(F f, std::string* out) {
    std::string_view t = cell(f);
    if (!IsCleanText(t)) {
      Fail(f, ViolationCode::kFormat, "chứa ký tự điều khiển hoặc không phải UTF-8 hợp lệ",
           "contains control characters or invalid UTF-8");
      out->clear();
      return;
    }
    *out = TidyText(t);
  }

  template <class E>
  std::optional<E> Code(F f) {
    std::string_view t = cell(f);
    if (t.empty()) return std::nullopt;
    std::optional<E> v = ParseCode<E>(t);
    if (!v) UnknownCode(f, t);
    return v;
  }

  PartialDate Date(F f) {
    std::string_view t = cell(f);
    if (t.empty()) return {};
    std::optional<PartialDate> d = PartialDate::Parse(t);
    if (!d) {
      Fail(f, ViolationCode::kDateFormat,
           "ngày " + QuoteValue(t) + " không hợp lệ (dạng YYYY, YYYY-MM hoặc YYYY-MM-DD)",
           QuoteValue(t) + " is not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)");
      return {};
    }
    return *d;
  }

  std::optional<bool> Bool(F f) {
    std::string_view raw = cell(f);
    if (raw.empty()) return std::nullopt;
    if (raw == "true") return true;
    if (raw == "false") return false;
    std::string t = FoldVietnamese(raw);
    if (t == "true" || t == "co" || t == "1" || t == "yes") return true;
    if (t == "false" || t == "khong" || t == "0" || t == "no") return false;
    Fail(f, ViolationCode::kFormat, "phải là true/false (Có/Không)", "must be true/false (yes/no)");
    return std::nullopt;
  }

  PriorityGroups Priorities(F f) {
    PriorityGroups groups;
    std::string_view rest = cell(f);
    while (!rest.empty()) {
      size_t semi = rest.find(';');
      std::string token = CollapseSpaces(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? "" : rest.substr(semi + 1);
      if (token.empty()) continue;
      if (auto g = ParseCode<PriorityGroup>(token))
        groups.add(*g);
      else
        UnknownCode(f, token);
    }
    return groups;
  }

  std::string Ethnicity(F f) {
    std::string_view t = cell(f);
    if (t.empty()) return "";
    if (ref_.ethnic_groups.Find(t)) return std::string(t);
    if (const CatalogEntry* e = ref_.ethnic_groups.FindByName(t)) return e->code;
    UnknownCode(f, t);
    return "";
  }

 private:
  void UnknownCode(F f, std::string_view t) {
    Fail(f, ViolationCode::kCodeUnknown, "giá trị " + QuoteValue(t) + " không có trong danh mục",
         QuoteValue(t) + " is not in the code list");
  }
  void Fail(F f, ViolationCode code, const std::string& vi, const std::string& en) {
    failed_.set(static_cast<size_t>(f));
    AddViolation(out_, f, code, vi, en);
  }

  const CellViews& cells_;
  const RefData& ref_;
  Violations* out_;
  FieldMask failed_;
};

std::string BoolText(const std::optional<bool>& b) {
  if (!b) return "";
  return *b ? "true" : "false";
}

template <class E>
std::string CodeText(const std::optional<E>& v) {
  return v ? std::string(Slug(*v)) : std::string();
}

std::string PrioritiesText(const PriorityGroups& groups) {
  std::string out;
  for (const CodeOption& o : CodeListOf<PriorityGroup>().options()) {
    if (!groups.has(static_cast<PriorityGroup>(o.value))) continue;
    if (!out.empty()) out.push_back(';');
    out.append(o.slug);
  }
  return out;
}

}  // namespace

FieldMask DecodeWorker(const CellViews& cells, const RefData& ref, WorkerRecord* r,
                       Violations* out) {
  // Every field is assigned below; strings keep their buffers from the previous row.
  Decoder d(cells, ref, out);
  d.Text(F::kCccd, &r->cccd);
  d.Text(F::kCmnd, &r->cmnd);
  d.Name(F::kFullName, &r->full_name);
  r->birth_date = d.Date(F::kBirthDate);
  r->sex = d.Code<Sex>(F::kSex);
  r->ethnicity = d.Ethnicity(F::kEthnicity);
  d.Text(F::kBhxh, &r->bhxh);
  d.Text(F::kPermanentUnit, &r->permanent_unit);
  d.Name(F::kPermanentAddress, &r->permanent_address);
  d.Text(F::kCurrentUnit, &r->current_unit);
  d.Name(F::kCurrentAddress, &r->current_address);
  r->priority_groups = d.Priorities(F::kPriorityGroups);
  r->general_education = d.Code<GeneralEducation>(F::kGeneralEducation);
  r->qualification = d.Code<Qualification>(F::kQualification);
  d.Name(F::kTrainingField, &r->training_field);
  r->lf_status = d.Code<LfStatus>(F::kLfStatus);
  r->employment_status = d.Code<EmploymentStatus>(F::kEmploymentStatus);
  d.Name(F::kJobTitle, &r->job_title);
  d.Text(F::kOccupation, &r->occupation);
  d.Text(F::kIndustry, &r->industry);
  r->si_type = d.Code<SiType>(F::kSiType);
  r->has_contract = d.Bool(F::kHasContract);
  r->contract_type = d.Code<ContractType>(F::kContractType);
  r->contract_start = d.Date(F::kContractStart);
  d.Name(F::kWorkplaceName, &r->workplace_name);
  r->workplace_type = d.Code<WorkplaceType>(F::kWorkplaceType);
  d.Text(F::kWorkplaceUnit, &r->workplace_unit);
  d.Name(F::kWorkplaceAddress, &r->workplace_address);
  r->never_worked = d.Bool(F::kNeverWorked);
  r->unemployment_duration = d.Code<UnemploymentDuration>(F::kUnemploymentDuration);
  r->nilf_reason = d.Code<NilfReason>(F::kNilfReason);
  r->collected_on = d.Date(F::kCollectedOn);
  r->source = d.Code<ChangeSource>(F::kSource);
  d.Text(F::kHouseholdId, &r->household_id);
  d.Name(F::kRelationToHead, &r->relation_to_head);
  return d.failed();
}

WorkerCells EncodeWorker(const WorkerRecord& r) {
  WorkerCells c;
  EncodeWorker(r, &c);
  return c;
}

void EncodeWorker(const WorkerRecord& r, WorkerCells* out) {
  WorkerCells& c = *out;
  auto set = [&c](F f, std::string_view v) { c[static_cast<size_t>(f)].assign(v); };
  set(F::kCccd, r.cccd);
  set(F::kCmnd, r.cmnd);
  set(F::kFullName, r.full_name);
  set(F::kBirthDate, r.birth_date.ToString());
  set(F::kSex, CodeText(r.sex));
  set(F::kEthnicity, r.ethnicity);
  set(F::kBhxh, r.bhxh);
  set(F::kPermanentUnit, r.permanent_unit);
  set(F::kPermanentAddress, r.permanent_address);
  set(F::kCurrentUnit, r.current_unit);
  set(F::kCurrentAddress, r.current_address);
  set(F::kPriorityGroups, PrioritiesText(r.priority_groups));
  set(F::kGeneralEducation, CodeText(r.general_education));
  set(F::kQualification, CodeText(r.qualification));
  set(F::kTrainingField, r.training_field);
  set(F::kLfStatus, CodeText(r.lf_status));
  set(F::kEmploymentStatus, CodeText(r.employment_status));
  set(F::kJobTitle, r.job_title);
  set(F::kOccupation, r.occupation);
  set(F::kIndustry, r.industry);
  set(F::kSiType, CodeText(r.si_type));
  set(F::kHasContract, BoolText(r.has_contract));
  set(F::kContractType, CodeText(r.contract_type));
  set(F::kContractStart, r.contract_start.ToString());
  set(F::kWorkplaceName, r.workplace_name);
  set(F::kWorkplaceType, CodeText(r.workplace_type));
  set(F::kWorkplaceUnit, r.workplace_unit);
  set(F::kWorkplaceAddress, r.workplace_address);
  set(F::kNeverWorked, BoolText(r.never_worked));
  set(F::kUnemploymentDuration, CodeText(r.unemployment_duration));
  set(F::kNilfReason, CodeText(r.nilf_reason));
  set(F::kCollectedOn, r.collected_on.ToString());
  set(F::kSource, CodeText(r.source));
  set(F::kHouseholdId, r.household_id);
  set(F::kRelationToHead, r.relation_to_head);
}

CellViews ViewsOf(const WorkerCells& cells) {
  CellViews v;
  for (size_t i = 0; i < kWorkerFieldCount; ++i) v[i] = cells[i];
  return v;
}

}  // namespace lmis
