#include "core/validate.h"

#include <string>

#include "core/cccd.h"

namespace lmis {
namespace {

using F = WorkerField;
using VC = ViolationCode;

// Checks one record; one method per group of rules.
class Checker {
 public:
  Checker(const WorkerRecord& r, const FieldMask& undecodable, const RefData& ref,
          const Date& today, Violations* out)
      : r_(r),
        undecodable_(undecodable),
        ref_(ref),
        today_(today),
        record_date_(RecordDate(r, today)),
        edition_(EditionAt(record_date_)),
        out_(out) {}

  void Run() {
    Identity();
    Dates();
    Residence();
    Education();
    Status();
    if (r_.ethnicity.empty() && !Failed(F::kEthnicity) &&
        r_.priority_groups.has(PriorityGroup::kEthnicMinority))
      Add(F::kEthnicity, VC::kRequired,
          "đối tượng ưu tiên \"Dân tộc thiểu số\" cần ghi tên dân tộc",
          "the ethnic-minority priority group needs the ethnic group");
  }

 private:
  void Add(F f, VC code, std::string_view vi, std::string_view en) {
    AddViolation(out_, f, code, vi, en);
  }
  bool Failed(F f) const { return undecodable_.test(static_cast<size_t>(f)); }

  void Required(F f, bool present) {
    if (!present && !Failed(f))
      Add(f, VC::kRequired, "bắt buộc nhưng để trống", "is required but empty");
  }
  void NotApplicable(F f, bool present, std::string_view status_vi, std::string_view status_en) {
    if (present && !Failed(f))
      Add(f, VC::kNotApplicable,
          std::string("không áp dụng cho ") + std::string(status_vi) + ", phải để trống",
          std::string("does not apply to ") + std::string(status_en) + "; leave it empty");
  }

  void Identity() {
    if (r_.cccd.empty() && r_.cmnd.empty())
      Add(F::kCccd, VC::kRequired, "cần số CCCD (hoặc số CMND nếu chưa có CCCD)",
          "a CCCD number (or a CMND if there is no CCCD) is required");
    if (!r_.cccd.empty()) Cccd();
    if (!r_.cmnd.empty() && !(r_.cmnd.size() == 9 && AllDigits(r_.cmnd)))
      Add(F::kCmnd, VC::kFormat, "số CMND phải gồm đúng 9 chữ số", "must be exactly 9 digits");
    if (!r_.bhxh.empty() && !(r_.bhxh.size() == 10 && AllDigits(r_.bhxh)))
      Add(F::kBhxh, VC::kFormat, "mã số BHXH phải gồm đúng 10 chữ số", "must be exactly 10 digits");
    Required(F::kFullName, !r_.full_name.empty());
    for (char c : r_.full_name)
      if (c >= '0' && c <= '9') {
        Add(F::kFullName, VC::kFormat, "họ tên không được chứa chữ số",
            "a name must not contain digits");
        break;
      }
    Required(F::kSex, r_.sex.has_value());
  }

  void Cccd() {
    for (const CccdProblem& p : CheckCccd(r_.cccd, r_.sex, r_.birth_date, ref_))
      Add(F::kCccd, p.code, p.vi, p.en);
  }

  void NotFuture(F f, const PartialDate& d) {
    if (!d.empty() && d.Earliest() > today_)
      Add(f, VC::kDateFuture, "ngày " + d.ToString() + " ở tương lai",
          d.ToString() + " is in the future");
  }

  void Dates() {
    Required(F::kBirthDate, !r_.birth_date.empty());
    NotFuture(F::kBirthDate, r_.birth_date);
    NotFuture(F::kCollectedOn, r_.collected_on);
    NotFuture(F::kContractStart, r_.contract_start);
    if (!r_.birth_date.empty() && r_.birth_date.Earliest() <= today_ &&
        CertainlyYoungerThan(r_.birth_date, record_date_, kMinimumAge))
      Add(F::kBirthDate, VC::kUnderAge, "chưa đủ 15 tuổi vào ngày " + record_date_.ToString(),
          "younger than 15 on " + record_date_.ToString());
  }

  void Commune(F f, const std::string& code) {
    if (code.empty() || ref_.units.FindCommune(edition_, code)) return;
    UnknownUnit(f, code, "xã/phường");
  }
  void UnknownUnit(F f, const std::string& code, std::string_view what) {
    const char* tree = edition_ == UnitEdition::k2025 ? "từ 01/07/2025" : "trước 01/07/2025";
    const char* tree_en =
        edition_ == UnitEdition::k2025 ? "from 1 July 2025" : "before 1 July 2025";
    Add(f, VC::kUnitUnknown,
        "mã " + QuoteValue(code) + " không phải " + std::string(what) + " trong danh mục " + tree +
            " (ngày của phiếu " + record_date_.ToString() + ")",
        QuoteValue(code) + " is not a unit of the tree in force " + tree_en + " (record date " +
            record_date_.ToString() + ")");
  }

  void Residence() {
    if (r_.permanent_unit.empty() && r_.current_unit.empty())
      Add(F::kPermanentUnit, VC::kRequired, "cần mã xã nơi thường trú hoặc nơi ở hiện tại",
          "a permanent or current residence commune is required");
    Commune(F::kPermanentUnit, r_.permanent_unit);
    Commune(F::kCurrentUnit, r_.current_unit);
    if (!r_.workplace_unit.empty() && !ref_.units.Find(edition_, r_.workplace_unit))
      UnknownUnit(F::kWorkplaceUnit, r_.workplace_unit, "đơn vị hành chính");
  }

  void Education() {
    if (r_.qualification && NeedsTrainingField(*r_.qualification))
      Required(F::kTrainingField, !r_.training_field.empty());
    if (!r_.ethnicity.empty() && !ref_.ethnic_groups.Find(r_.ethnicity) && !Failed(F::kEthnicity))
      Add(F::kEthnicity, VC::kCodeUnknown, "mã dân tộc " + QuoteValue(r_.ethnicity) + " không có",
          QuoteValue(r_.ethnicity) + " is not an ethnic-group code");
  }

  void Status() {
    Required(F::kLfStatus, r_.lf_status.has_value());
    if (!r_.lf_status) return;
    bool employed = *r_.lf_status == LfStatus::kEmployed;
    bool unemployed = *r_.lf_status == LfStatus::kUnemployed;
    bool outside = *r_.lf_status == LfStatus::kOutside;
    static constexpr std::string_view kWhoVi[] = {"", "người có việc làm", "người thất nghiệp",
                                                  "người không tham gia hoạt động kinh tế"};
    static constexpr std::string_view kWhoEn[] = {"", "employed people", "unemployed people",
                                                  "people outside the labour force"};
    std::string_view status_vi = kWhoVi[static_cast<size_t>(*r_.lf_status)];
    std::string_view status_en = kWhoEn[static_cast<size_t>(*r_.lf_status)];

    if (employed) {
      Employed();
    } else {
      NotApplicable(F::kEmploymentStatus, r_.employment_status.has_value(), status_vi, status_en);
      NotApplicable(F::kJobTitle, !r_.job_title.empty(), status_vi, status_en);
      NotApplicable(F::kOccupation, !r_.occupation.empty(), status_vi, status_en);
      NotApplicable(F::kIndustry, !r_.industry.empty(), status_vi, status_en);
      NotApplicable(F::kSiType, r_.si_type.has_value(), status_vi, status_en);
      NotApplicable(F::kHasContract, r_.has_contract.has_value(), status_vi, status_en);
      NotApplicable(F::kContractType, r_.contract_type.has_value(), status_vi, status_en);
      NotApplicable(F::kContractStart, !r_.contract_start.empty(), status_vi, status_en);
      NotApplicable(F::kWorkplaceName, !r_.workplace_name.empty(), status_vi, status_en);
      NotApplicable(F::kWorkplaceType, r_.workplace_type.has_value(), status_vi, status_en);
      NotApplicable(F::kWorkplaceUnit, !r_.workplace_unit.empty(), status_vi, status_en);
      NotApplicable(F::kWorkplaceAddress, !r_.workplace_address.empty(), status_vi, status_en);
    }
    if (unemployed) {
      Required(F::kUnemploymentDuration, r_.unemployment_duration.has_value());
    } else {
      NotApplicable(F::kUnemploymentDuration, r_.unemployment_duration.has_value(), status_vi,
                    status_en);
      NotApplicable(F::kNeverWorked, r_.never_worked.has_value(), status_vi, status_en);
    }
    if (outside)
      Required(F::kNilfReason, r_.nilf_reason.has_value());
    else
      NotApplicable(F::kNilfReason, r_.nilf_reason.has_value(), status_vi, status_en);
  }

  void Employed() {
    Required(F::kEmploymentStatus, r_.employment_status.has_value());
    Required(F::kJobTitle, !r_.job_title.empty());
    Required(F::kWorkplaceType, r_.workplace_type.has_value());
    if (r_.workplace_unit.empty() && r_.workplace_address.empty() && !Failed(F::kWorkplaceUnit))
      Add(F::kWorkplaceAddress, VC::kRequired, "cần địa chỉ hoặc mã xã nơi làm việc",
          "a workplace address or unit is required");
    Required(F::kSiType, r_.si_type.has_value());
    bool employee = r_.employment_status == EmploymentStatus::kEmployee;
    if (employee) {
      Required(F::kContractType, r_.contract_type.has_value());
    } else if (r_.employment_status) {
      const char* vi = "người không làm công ăn lương";
      const char* en = "people who are not employees";
      NotApplicable(F::kHasContract, r_.has_contract.has_value(), vi, en);
      NotApplicable(F::kContractType, r_.contract_type.has_value(), vi, en);
      NotApplicable(F::kContractStart, !r_.contract_start.empty(), vi, en);
    }
    if (!r_.occupation.empty()) {
      const CatalogEntry* e = ref_.occupations.Find(r_.occupation);
      if (!e)
        Add(F::kOccupation, VC::kCodeUnknown,
            "mã nghề " + QuoteValue(r_.occupation) + " không có trong Danh mục nghề nghiệp 2020",
            QuoteValue(r_.occupation) + " is not a VSCO 2020 occupation code");
      else if (e->level < 3)
        Add(F::kOccupation, VC::kFormat, "cần mã nghề cấp 3 trở lên (3 chữ số)",
            "a level-3 (3-digit) or finer occupation code is needed");
    }
    if (!r_.industry.empty() && !ref_.IsIndustryAt(r_.industry, record_date_)) {
      bool v2025 = !(record_date_ < kVsic2025Start);
      Add(F::kIndustry, VC::kCodeUnknown,
          "mã ngành " + QuoteValue(r_.industry) + " không có trong " +
              (v2025 ? "VSIC 2025" : "VSIC 2018"),
          QuoteValue(r_.industry) + " is not a code of " + (v2025 ? "VSIC 2025" : "VSIC 2018"));
    }
  }

  const WorkerRecord& r_;
  const FieldMask& undecodable_;
  const RefData& ref_;
  const Date today_;
  const Date record_date_;
  const UnitEdition edition_;
  Violations* out_;
};

}  // namespace

Date RecordDate(const WorkerRecord& record, const Date& today) {
  if (record.collected_on.empty()) return today;
  Date d = record.collected_on.Latest();
  return d > today ? today : d;
}

void ValidateWorker(const WorkerRecord& record, const FieldMask& undecodable, const RefData& ref,
                    const Date& today, Violations* out) {
  Checker(record, undecodable, ref, today, out).Run();
}

}  // namespace lmis
