#include "core/codes.h"

#include <string>
#include <unordered_map>

#include "core/text.h"

namespace lmis {
namespace {

using E = std::underlying_type_t<Sex>;
constexpr E V(auto e) { return static_cast<E>(e); }

constexpr CodeOption kSex[] = {
    {V(Sex::kMale), "male", "1", "Nam", "Male", "M"},
    {V(Sex::kFemale), "female", "2", "Nữ", "Female", "F"},
};

constexpr CodeOption kPriority[] = {
    {V(PriorityGroup::kDisabled), "disabled", "1", "Người khuyết tật", "Person with disability",
     ""},
    {V(PriorityGroup::kPoorHousehold), "poor_household", "2", "Thuộc hộ nghèo",
     "Member of a poor household", "Hộ nghèo"},
    {V(PriorityGroup::kNearPoorHousehold), "near_poor_household", "3", "Thuộc hộ cận nghèo",
     "Member of a near-poor household", "Hộ cận nghèo"},
    {V(PriorityGroup::kLandRecovered), "land_recovered", "4", "Thuộc hộ bị thu hồi đất",
     "Household whose land was recovered", "Hộ bị thu hồi đất"},
    {V(PriorityGroup::kMeritoriousRelative), "meritorious_relative", "5",
     "Thân nhân của người có công với cách mạng",
     "Relative of a person with meritorious service to the revolution", "Thân nhân người có công"},
    {V(PriorityGroup::kEthnicMinority), "ethnic_minority", "6", "Dân tộc thiểu số",
     "Ethnic minority", ""},
};

constexpr CodeOption kEducation[] = {
    {V(GeneralEducation::kNone), "none", "1", "Chưa học xong Tiểu học",
     "Did not complete primary school", "Chưa tốt nghiệp Tiểu học"},
    {V(GeneralEducation::kPrimary), "primary", "2", "Tốt nghiệp Tiểu học", "Primary school",
     "Tiểu học"},
    {V(GeneralEducation::kLowerSecondary), "lower_secondary", "3", "Tốt nghiệp THCS",
     "Lower secondary school", "THCS|Trung học cơ sở|Tốt nghiệp Trung học cơ sở"},
    {V(GeneralEducation::kUpperSecondary), "upper_secondary", "4", "Tốt nghiệp THPT",
     "Upper secondary school", "THPT|Trung học phổ thông|Tốt nghiệp Trung học phổ thông"},
};

constexpr CodeOption kQualification[] = {
    {V(Qualification::kNone), "none", "1", "Chưa qua đào tạo", "No training", ""},
    {V(Qualification::kWorkerNoDegree), "worker_no_degree", "2", "CNKT không có bằng",
     "Skilled worker without a certificate",
     "skilled_no_cert|CNKT không bằng|Công nhân kỹ thuật không có bằng"},
    {V(Qualification::kShortCourse), "short_course", "3", "Chứng chỉ nghề dưới 3 tháng",
     "Vocational certificate (under 3 months)", ""},
    {V(Qualification::kElementary), "elementary", "4", "Sơ cấp", "Elementary vocational", ""},
    {V(Qualification::kIntermediate), "intermediate", "5", "Trung cấp", "Intermediate", ""},
    {V(Qualification::kCollege), "college", "6", "Cao đẳng", "College", ""},
    {V(Qualification::kUniversity), "university", "7", "Đại học", "University", ""},
    {V(Qualification::kPostgraduate), "postgraduate", "8", "Trên đại học", "Postgraduate", ""},
    {V(Qualification::kMaster), "master", "8", "Thạc sĩ", "Master", ""},
    {V(Qualification::kDoctorate), "doctorate", "8", "Tiến sĩ", "Doctorate", ""},
};

constexpr CodeOption kLfStatus[] = {
    {V(LfStatus::kEmployed), "employed", "1", "Người có việc làm", "Employed", "Có việc làm"},
    {V(LfStatus::kUnemployed), "unemployed", "2", "Người thất nghiệp", "Unemployed", "Thất nghiệp"},
    {V(LfStatus::kOutside), "outside", "3", "Không tham gia hoạt động kinh tế",
     "Outside the labour force", "Không tham gia HĐKT"},
};

constexpr CodeOption kNilfReason[] = {
    {V(NilfReason::kStudying), "studying", "1", "Đi học", "Studying", ""},
    {V(NilfReason::kRetired), "retired", "2", "Hưu trí", "Retired", ""},
    {V(NilfReason::kHousework), "housework", "3", "Nội trợ", "Home duties", ""},
    {V(NilfReason::kDisabledSick), "disabled_sick", "4", "Khuyết tật", "Disability or illness",
     "Ốm đau|Khuyết tật, ốm đau"},
    {V(NilfReason::kOther), "other", "5", "Khác", "Other", ""},
};

constexpr CodeOption kEmploymentStatus[] = {
    {V(EmploymentStatus::kEmployer), "employer", "1", "Chủ cơ sở SXKD", "Employer",
     "Chủ cơ sở sản xuất kinh doanh"},
    {V(EmploymentStatus::kOwnAccount), "own_account", "2", "Tự làm", "Own-account worker", ""},
    {V(EmploymentStatus::kFamilyWorker), "family_worker", "3", "Lao động gia đình",
     "Contributing family worker", ""},
    {V(EmploymentStatus::kEmployee), "employee", "4", "Làm công ăn lương", "Employee", ""},
    {V(EmploymentStatus::kCoopMember), "coop_member", "5", "Xã viên HTX", "Cooperative member",
     "Xã viên hợp tác xã"},
};

constexpr CodeOption kWorkplaceType[] = {
    {V(WorkplaceType::kAgriHousehold), "agri_household", "1", "Hộ nông, lâm nghiệp, thủy sản",
     "Agricultural, forestry or fishery household", "Hộ nông lâm thủy sản"},
    {V(WorkplaceType::kIndividual), "individual", "2", "Cá nhân làm tự do", "Freelance individual",
     ""},
    {V(WorkplaceType::kHouseholdBusiness), "household_business", "3", "Cơ sở kinh doanh cá thể",
     "Individual business establishment", "Hộ kinh doanh"},
    {V(WorkplaceType::kCooperative), "cooperative", "4", "Hợp tác xã", "Cooperative", ""},
    {V(WorkplaceType::kStateEnterprise), "state_enterprise", "5.1", "Doanh nghiệp Nhà nước",
     "State-owned enterprise", "DN Nhà nước"},
    {V(WorkplaceType::kPrivateEnterprise), "private_enterprise", "5.2",
     "Doanh nghiệp ngoài Nhà nước", "Non-state enterprise", "DN ngoài Nhà nước"},
    {V(WorkplaceType::kFdiEnterprise), "fdi_enterprise", "5.3", "Doanh nghiệp FDI",
     "Foreign-invested enterprise", "DN FDI|Doanh nghiệp có vốn đầu tư nước ngoài"},
    {V(WorkplaceType::kStateAgency), "state_agency", "6", "Khu vực nhà nước",
     "State sector (agencies, public units)", ""},
    {V(WorkplaceType::kNonStatePublicUnit), "non_state_public_unit", "7",
     "Đơn vị sự nghiệp ngoài nhà nước", "Non-state public-service unit", ""},
    {V(WorkplaceType::kForeignSector), "foreign_sector", "8", "Khu vực nước ngoài",
     "Foreign sector", ""},
    {V(WorkplaceType::kOtherOrg), "other_org", "9", "Tổ chức đoàn thể khác",
     "Other mass organisation or association", ""},
};

constexpr CodeOption kSiType[] = {
    {V(SiType::kCompulsory), "compulsory", "1", "Bắt buộc", "Compulsory", "BHXH bắt buộc"},
    {V(SiType::kVoluntary), "voluntary", "2", "Tự nguyện", "Voluntary", "BHXH tự nguyện"},
    {V(SiType::kNone), "none", "3", "Không tham gia", "Not participating", "Không"},
};

constexpr CodeOption kContractType[] = {
    {V(ContractType::kIndefinite), "indefinite", "2", "HĐLĐ không xác định thời hạn",
     "Indefinite-term contract", "Không xác định thời hạn"},
    {V(ContractType::kFixedTerm), "fixed_term", "1", "HĐLĐ xác định thời hạn",
     "Fixed-term contract", "Xác định thời hạn"},
    {V(ContractType::kNone), "none", "0", "Không có HĐLĐ", "No contract", "Không"},
};

constexpr CodeOption kUnemploymentDuration[] = {
    {V(UnemploymentDuration::kUnder3Months), "lt_3m", "1", "Dưới 3 tháng", "Under 3 months", ""},
    {V(UnemploymentDuration::k3To12Months), "3_12m", "2", "Từ 3 tháng đến 1 năm", "3 to 12 months",
     ""},
    {V(UnemploymentDuration::kOver12Months), "gt_12m", "3", "Trên 1 năm", "Over 1 year", ""},
};

constexpr CodeOption kChangeSource[] = {
    {V(ChangeSource::kCollection), "collection", "1", "Thu thập thông tin", "Collection", ""},
    {V(ChangeSource::kAdminProcedure), "admin_procedure", "2", "Thủ tục hành chính",
     "Administrative procedure", ""},
    {V(ChangeSource::kCorrectionRequest), "correction_request", "3", "Đề nghị điều chỉnh",
     "Correction request", ""},
    {V(ChangeSource::kRegisterSync), "register_sync", "4", "Đồng bộ cơ sở dữ liệu khác",
     "Sync with another register", ""},
    {V(ChangeSource::kSelfRegistration), "self_registration", "5", "Người lao động tự đăng ký",
     "Self-registration", ""},
};

template <class Enum, size_t N>
const CodeList& MakeList(std::string_view id, const CodeOption (&options)[N]) {
  static const CodeList list(id, std::span<const CodeOption>(options, N));
  return list;
}

}  // namespace

struct CodeList::LabelIndex {
  std::unordered_map<std::string, const CodeOption*> by_folded_label;
};

CodeList::CodeList(std::string_view id, std::span<const CodeOption> options)
    : id_(id), options_(options) {}
CodeList::~CodeList() = default;

const CodeOption* CodeList::BySlug(std::string_view slug) const {
  for (const CodeOption& o : options_)
    if (o.slug == slug) return &o;
  return nullptr;
}

const CodeOption* CodeList::ByValue(uint8_t value) const {
  for (const CodeOption& o : options_)
    if (o.value == value) return &o;
  return nullptr;
}

const CodeOption* CodeList::Lookup(std::string_view text) const {
  if (const CodeOption* o = BySlug(text)) return o;
  std::call_once(index_once_, [this] {
    index_ = std::make_unique<LabelIndex>();
    auto add = [this](std::string_view label, const CodeOption* o) {
      if (!label.empty()) index_->by_folded_label.emplace(FoldVietnamese(label), o);
    };
    for (const CodeOption& o : options_) {
      add(o.slug, &o);
      add(o.label_vi, &o);
      add(o.label_en, &o);
      for (std::string_view rest = o.aliases; !rest.empty();) {
        size_t bar = rest.find('|');
        add(rest.substr(0, bar), &o);
        rest = bar == std::string_view::npos ? "" : rest.substr(bar + 1);
      }
    }
  });
  auto hit = index_->by_folded_label.find(FoldVietnamese(text));
  return hit == index_->by_folded_label.end() ? nullptr : hit->second;
}

bool NeedsTrainingField(Qualification q) {
  return q != Qualification::kNone && q != Qualification::kWorkerNoDegree &&
         q != Qualification::kShortCourse;
}

constexpr CodeOption kRegisterStatus[] = {
    {V(RegisterStatus::kAlive), "alive", "1", "Còn sống", "Alive", "Sống|Đang sống"},
    {V(RegisterStatus::kDeceased), "deceased", "2", "Đã chết", "Deceased",
     "Chết|Đã mất|Đã từ trần|Tử vong"},
    {V(RegisterStatus::kEmigrated), "emigrated", "3", "Đã xuất cảnh", "Emigrated",
     "Xuất cảnh|Định cư ở nước ngoài|Ra nước ngoài"},
};

constexpr CodeOption kEnterpriseStatus[] = {
    {V(EnterpriseStatus::kActive), "active", "1", "Đang hoạt động", "Active", "Hoạt động"},
    {V(EnterpriseStatus::kSuspended), "suspended", "2", "Tạm ngừng kinh doanh", "Suspended",
     "Tạm ngừng|Tạm ngừng hoạt động"},
    {V(EnterpriseStatus::kDissolving), "dissolving", "3", "Đang làm thủ tục giải thể",
     "Being dissolved", "Đang giải thể"},
    {V(EnterpriseStatus::kDissolved), "dissolved", "4", "Đã giải thể", "Dissolved",
     "Giải thể|Đã giải thể, phá sản|Phá sản"},
};

#define LMIS_CODE_LIST(Enum, id, field_vi, table) \
  template <>                                     \
  const CodeList& CodeListOf<Enum>() {            \
    return MakeList<Enum>(id, table);             \
  }

LMIS_CODE_LIST(Sex, "tt11-2022/mau03/sex", "Giới tính", kSex)
LMIS_CODE_LIST(PriorityGroup, "tt11-2022/mau03/priority_group", "Đối tượng ưu tiên", kPriority)
LMIS_CODE_LIST(GeneralEducation, "tt11-2022/mau03/general_education", "Trình độ giáo dục phổ thông",
               kEducation)
LMIS_CODE_LIST(Qualification, "tt11-2022/mau03/qualification", "Trình độ CMKT", kQualification)
LMIS_CODE_LIST(LfStatus, "tt11-2022/mau03/lf_status", "Tình trạng tham gia HĐKT", kLfStatus)
LMIS_CODE_LIST(NilfReason, "tt11-2022/mau03/nilf_reason", "Lý do không tham gia HĐKT", kNilfReason)
LMIS_CODE_LIST(EmploymentStatus, "tt11-2022/mau03/employment_status", "Vị thế việc làm",
               kEmploymentStatus)
LMIS_CODE_LIST(WorkplaceType, "tt11-2022/mau03/workplace_type", "Loại hình nơi làm việc",
               kWorkplaceType)
LMIS_CODE_LIST(SiType, "tt11-2022/mau03/si_type", "Tham gia BHXH", kSiType)
LMIS_CODE_LIST(ContractType, "tt11-2022/mau03/contract_type", "Loại hợp đồng lao động",
               kContractType)
LMIS_CODE_LIST(UnemploymentDuration, "tt11-2022/mau03/unemployment_duration",
               "Thời gian thất nghiệp", kUnemploymentDuration)
LMIS_CODE_LIST(ChangeSource, "lmis/change_source", "Nguồn cập nhật", kChangeSource)
LMIS_CODE_LIST(RegisterStatus, "lmis/register_status", "Tình trạng", kRegisterStatus)
LMIS_CODE_LIST(EnterpriseStatus, "lmis/enterprise_status", "Tình trạng doanh nghiệp",
               kEnterpriseStatus)

#undef LMIS_CODE_LIST

}  // namespace lmis
