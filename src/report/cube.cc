#include "report/cube.h"

#include <array>
#include <stdexcept>
#include <unordered_map>

#include "core/codes.h"
#include "core/text.h"

namespace lmis {
namespace {

constexpr std::string_view kSections2018 = "ABCDEFGHIJKLMNOPQRSTU";
constexpr std::string_view kSections2025 = "ABCDEFGHIJKLMNOPQRSTUV";
constexpr int kEthnicGroups = 54;

template <class E>
int OptionCount() {
  return static_cast<int>(CodeListOf<E>().options().size());
}

// Values of each breakdown; the last is "not stated" unless said otherwise.
int CountOf(Breakdown b) {
  switch (b) {
    case Breakdown::kTotal:
      return 1;
    case Breakdown::kBirthYear:
      return kLastBirthYear - kFirstBirthYear + 2;
    case Breakdown::kGeneralEducation:
      return OptionCount<GeneralEducation>() + 1;
    case Breakdown::kQualification:
      return OptionCount<Qualification>() + 1;
    case Breakdown::kEmploymentStatus:
      return OptionCount<EmploymentStatus>() + 1;
    case Breakdown::kWorkplaceType:
      return OptionCount<WorkplaceType>() + 1;
    case Breakdown::kOccupationGroup:
      return 10 + 1;
    case Breakdown::kIndustrySection:
      return static_cast<int>(kSections2018.size() + kSections2025.size()) + 1;
    case Breakdown::kSiType:
      return OptionCount<SiType>() + 1;
    case Breakdown::kContractType:
      return OptionCount<ContractType>() + 1;
    case Breakdown::kPriorityGroup:
      return OptionCount<PriorityGroup>() + 1;  // last: none
    case Breakdown::kArea:
      return 3;  // urban, rural, ?
    case Breakdown::kUnemploymentDuration:
      return OptionCount<UnemploymentDuration>() + 1;
    case Breakdown::kNilfReason:
      return OptionCount<NilfReason>() + 1;
    case Breakdown::kEthnicity:
      return kEthnicGroups + 1;
  }
  return 0;
}

// Where each breakdown's values start, in value slots (a slot = status × sex cells).
const std::array<int, kBreakdownCount + 1>& Offsets() {
  static const std::array<int, kBreakdownCount + 1> offsets = [] {
    std::array<int, kBreakdownCount + 1> o{};
    for (int b = 0; b < kBreakdownCount; ++b) o[b + 1] = o[b] + CountOf(static_cast<Breakdown>(b));
    return o;
  }();
  return offsets;
}

constexpr int kSlotCells = kCubeStatuses * kCubeSexes;

template <class E>
int ValueOf(const std::optional<E>& v) {
  return v ? static_cast<int>(*v) - 1 : OptionCount<E>();
}

template <class E>
std::string CodeSlug(int value) {
  if (value >= OptionCount<E>()) return "unknown";
  return std::string(CodeListOf<E>().options()[value].slug);
}

template <class E>
std::string CodeLabel(int value, bool vi) {
  if (value >= OptionCount<E>()) return vi ? "Không xác định" : "Not stated";
  const CodeOption& o = CodeListOf<E>().options()[value];
  return std::string(vi ? o.label_vi : o.label_en);
}

constexpr std::array<std::string_view, 10> kOccupationGroupsVi = {
    "Lực lượng vũ trang",
    "Lãnh đạo, quản lý",
    "Nhà chuyên môn bậc cao",
    "Nhà chuyên môn bậc trung",
    "Nhân viên trợ lý văn phòng",
    "Nhân viên dịch vụ và bán hàng",
    "Lao động có kỹ năng trong nông, lâm nghiệp và thủy sản",
    "Lao động thủ công và các nghề có liên quan",
    "Thợ vận hành và lắp ráp máy móc, thiết bị",
    "Lao động giản đơn",
};
constexpr std::array<std::string_view, 10> kOccupationGroupsEn = {
    "Armed forces",
    "Managers",
    "Professionals",
    "Technicians and associate professionals",
    "Clerical support workers",
    "Service and sales workers",
    "Skilled agricultural, forestry and fishery workers",
    "Craft and related trades workers",
    "Plant and machine operators and assemblers",
    "Elementary occupations",
};

int IndustryValue(const WorkerRecord& r, const Date& date, const RefData& ref) {
  const int unknown = CountOf(Breakdown::kIndustrySection) - 1;
  if (r.industry.size() < 2) return unknown;
  const bool v2025 = !(date < kVsic2025Start);
  const CatalogEntry* division = ref.IndustriesAt(date).Find(r.industry.substr(0, 2));
  if (!division || division->parent_code.size() != 1) return unknown;
  std::string_view letters = v2025 ? kSections2025 : kSections2018;
  size_t at = letters.find(division->parent_code[0]);
  if (at == std::string_view::npos) return unknown;
  return static_cast<int>(at + (v2025 ? kSections2018.size() : 0));
}

int AreaValue(UnitEdition edition, std::string_view commune, const AdminUnits& units) {
  const AdminUnit* unit = units.FindCommune(edition, commune);
  if (!unit) return 2;
  return unit->name.starts_with("Phường") || unit->name.starts_with("Thị trấn") ? 0 : 1;
}

// The counterpart of `code` across the reform that a residence is counted under.
std::string Counterpart(const std::vector<std::string>& candidates, std::string_view code) {
  for (const std::string& c : candidates)
    if (c == code) return c;
  return candidates.empty() ? "" : candidates.front();
}

}  // namespace

int ValueCount(Breakdown b) { return CountOf(b); }

int CellIndex(Breakdown b, int value, int status, int sex) {
  return (Offsets()[static_cast<int>(b)] + value) * kSlotCells + status * kCubeSexes + sex;
}

CubeCell DecodeCell(int cell) {
  if (cell < 0 || cell >= CellCount()) throw std::out_of_range("report cell out of range");
  const int slot = cell / kSlotCells;
  const auto& o = Offsets();
  int b = 0;
  while (o[b + 1] <= slot) ++b;
  const int within = cell % kSlotCells;
  return {static_cast<Breakdown>(b), slot - o[b], within / kCubeSexes, within % kCubeSexes};
}

int CellCount() { return Offsets()[kBreakdownCount] * kSlotCells; }

std::string_view BreakdownName(Breakdown b) {
  static constexpr std::array<std::string_view, kBreakdownCount> kNames = {
      "total",
      "birth_year",
      "general_education",
      "qualification",
      "employment_status",
      "workplace_type",
      "occupation_group",
      "industry_section",
      "si_type",
      "contract_type",
      "priority_group",
      "area",
      "unemployment_duration",
      "nilf_reason",
      "ethnicity",
  };
  return kNames[static_cast<int>(b)];
}

std::string_view BreakdownHeading(Breakdown b, bool vi) {
  static constexpr std::array<std::string_view, kBreakdownCount> kVi = {
      "Tổng số",
      "Năm sinh",
      "Trình độ giáo dục phổ thông",
      "Trình độ chuyên môn kỹ thuật",
      "Vị thế việc làm",
      "Loại hình nơi làm việc",
      "Nhóm nghề (cấp 1)",
      "Ngành kinh tế (ngành cấp 1)",
      "Loại bảo hiểm xã hội",
      "Loại hợp đồng lao động",
      "Đối tượng ưu tiên",
      "Thành thị/nông thôn",
      "Thời gian thất nghiệp",
      "Lý do không tham gia lực lượng lao động",
      "Dân tộc",
  };
  static constexpr std::array<std::string_view, kBreakdownCount> kEn = {
      "Total",
      "Year of birth",
      "General education",
      "Technical qualification",
      "Employment status",
      "Workplace type",
      "Occupation (major group)",
      "Industry (section)",
      "Social insurance",
      "Labour contract",
      "Priority group",
      "Urban/rural",
      "Duration of unemployment",
      "Reason for being outside the labour force",
      "Ethnic group",
  };
  return vi ? kVi[static_cast<int>(b)] : kEn[static_cast<int>(b)];
}

std::string ValueSlug(Breakdown b, int value) {
  const bool last = value == CountOf(b) - 1;
  switch (b) {
    case Breakdown::kTotal:
      return "total";
    case Breakdown::kBirthYear:
      return last ? "unknown" : std::to_string(kFirstBirthYear + value);
    case Breakdown::kGeneralEducation:
      return CodeSlug<GeneralEducation>(value);
    case Breakdown::kQualification:
      return CodeSlug<Qualification>(value);
    case Breakdown::kEmploymentStatus:
      return CodeSlug<EmploymentStatus>(value);
    case Breakdown::kWorkplaceType:
      return CodeSlug<WorkplaceType>(value);
    case Breakdown::kOccupationGroup:
      return last ? "unknown" : std::to_string(value);
    case Breakdown::kIndustrySection: {
      if (last) return "unknown";
      const int n2018 = static_cast<int>(kSections2018.size());
      return value < n2018 ? "vsic2018:" + std::string(1, kSections2018[value])
                           : "vsic2025:" + std::string(1, kSections2025[value - n2018]);
    }
    case Breakdown::kSiType:
      return CodeSlug<SiType>(value);
    case Breakdown::kContractType:
      return CodeSlug<ContractType>(value);
    case Breakdown::kPriorityGroup:
      return last ? "none" : CodeSlug<PriorityGroup>(value);
    case Breakdown::kArea:
      return value == 0 ? "urban" : value == 1 ? "rural" : "unknown";
    case Breakdown::kUnemploymentDuration:
      return CodeSlug<UnemploymentDuration>(value);
    case Breakdown::kNilfReason:
      return CodeSlug<NilfReason>(value);
    case Breakdown::kEthnicity: {
      if (last) return "unknown";
      std::string code = std::to_string(value + 1);
      return code.size() == 1 ? "0" + code : code;
    }
  }
  return "unknown";
}

std::string ValueLabel(Breakdown b, int value, bool vi) {
  const bool last = value == CountOf(b) - 1;
  const std::string not_stated = vi ? "Không xác định" : "Not stated";
  switch (b) {
    case Breakdown::kTotal:
      return vi ? "Tổng số" : "Total";
    case Breakdown::kBirthYear:
      return last ? not_stated : std::to_string(kFirstBirthYear + value);
    case Breakdown::kGeneralEducation:
      return CodeLabel<GeneralEducation>(value, vi);
    case Breakdown::kQualification:
      return CodeLabel<Qualification>(value, vi);
    case Breakdown::kEmploymentStatus:
      return CodeLabel<EmploymentStatus>(value, vi);
    case Breakdown::kWorkplaceType:
      return CodeLabel<WorkplaceType>(value, vi);
    case Breakdown::kOccupationGroup:
      if (last) return not_stated;
      return std::to_string(value) + " – " +
             std::string(vi ? kOccupationGroupsVi[value] : kOccupationGroupsEn[value]);
    case Breakdown::kIndustrySection: {
      if (last) return not_stated;
      const int n2018 = static_cast<int>(kSections2018.size());
      return value < n2018 ? "VSIC 2018 – " + std::string(1, kSections2018[value])
                           : "VSIC 2025 – " + std::string(1, kSections2025[value - n2018]);
    }
    case Breakdown::kSiType:
      return CodeLabel<SiType>(value, vi);
    case Breakdown::kContractType:
      return CodeLabel<ContractType>(value, vi);
    case Breakdown::kPriorityGroup:
      return last ? (vi ? "Không thuộc đối tượng ưu tiên" : "None")
                  : CodeLabel<PriorityGroup>(value, vi);
    case Breakdown::kArea:
      return value == 0   ? (vi ? "Thành thị" : "Urban")
             : value == 1 ? (vi ? "Nông thôn" : "Rural")
                          : not_stated;
    case Breakdown::kUnemploymentDuration:
      return CodeLabel<UnemploymentDuration>(value, vi);
    case Breakdown::kNilfReason:
      return CodeLabel<NilfReason>(value, vi);
    case Breakdown::kEthnicity:
      return last ? not_stated : ValueSlug(b, value);
  }
  return not_stated;
}

std::vector<std::string> RollupUnits(UnitEdition edition, std::string_view commune,
                                     const AdminUnits& units) {
  if (!units.FindCommune(edition, commune)) return {};
  std::string now, old;
  if (edition == UnitEdition::k2025) {
    now = std::string(commune);
    old = Counterpart(units.OldUnitsOf(commune), commune);
  } else {
    old = std::string(commune);
    now = Counterpart(units.NewUnitsOf(commune), commune);
  }
  std::vector<std::string> out;
  if (units.FindCommune(UnitEdition::k2025, now)) {
    out.push_back(UnitKey(UnitEdition::k2025, now));
    out.push_back(UnitKey(UnitEdition::k2025, units.ProvinceOf(UnitEdition::k2025, now)));
  }
  if (const AdminUnit* c = units.FindCommune(UnitEdition::kPre2025, old)) {
    out.push_back(UnitKey(UnitEdition::kPre2025, old));
    out.push_back(UnitKey(UnitEdition::kPre2025, c->parent_code));
    out.push_back(UnitKey(UnitEdition::kPre2025, units.ProvinceOf(UnitEdition::kPre2025, old)));
  }
  out.push_back("national");
  return out;
}

std::string ReportKeyOf(const WorkerRecord& r, const Date& record_date, const RefData& ref) {
  const UnitEdition edition = EditionAt(record_date);
  // The units part of the key, per residence (imports repeat a few thousand communes).
  thread_local const AdminUnits* cached_for = nullptr;
  thread_local std::unordered_map<std::string, std::string> units_of;
  if (cached_for != &ref.units) {
    units_of.clear();
    cached_for = &ref.units;
  }
  std::string residence = UnitKey(edition, r.residence_unit());
  auto it = units_of.find(residence);
  if (it == units_of.end()) {
    std::string text;
    for (const std::string& u : RollupUnits(edition, r.residence_unit(), ref.units)) {
      if (!text.empty()) text += ' ';
      text += u;
    }
    it = units_of.emplace(std::move(residence), std::move(text)).first;
  }
  if (it->second.empty()) return "";
  const int status = r.lf_status ? static_cast<int>(*r.lf_status) - 1 : kStatusUnknown;
  const int sex = r.sex ? static_cast<int>(*r.sex) - 1 : kSexUnknown;
  std::string key = it->second;
  key += '|';
  auto cell = [&](Breakdown b, int value) {
    if (key.back() != '|') key += ' ';
    key += std::to_string(CellIndex(b, value, status, sex));
  };
  cell(Breakdown::kTotal, 0);
  const int year = r.birth_date.year;
  cell(Breakdown::kBirthYear, year >= kFirstBirthYear && year <= kLastBirthYear
                                  ? year - kFirstBirthYear
                                  : CountOf(Breakdown::kBirthYear) - 1);
  cell(Breakdown::kGeneralEducation, ValueOf(r.general_education));
  cell(Breakdown::kQualification, ValueOf(r.qualification));
  cell(Breakdown::kEmploymentStatus, ValueOf(r.employment_status));
  cell(Breakdown::kWorkplaceType, ValueOf(r.workplace_type));
  const bool digit = !r.occupation.empty() && r.occupation[0] >= '0' && r.occupation[0] <= '9';
  cell(Breakdown::kOccupationGroup, digit ? r.occupation[0] - '0' : 10);
  cell(Breakdown::kIndustrySection, IndustryValue(r, record_date, ref));
  cell(Breakdown::kSiType, ValueOf(r.si_type));
  cell(Breakdown::kContractType, ValueOf(r.contract_type));
  if (r.priority_groups.empty()) {
    cell(Breakdown::kPriorityGroup, OptionCount<PriorityGroup>());
  } else {
    for (const CodeOption& o : CodeListOf<PriorityGroup>().options())
      if (r.priority_groups.has(static_cast<PriorityGroup>(o.value)))
        cell(Breakdown::kPriorityGroup, o.value - 1);
  }
  cell(Breakdown::kArea, AreaValue(edition, r.residence_unit(), ref.units));
  cell(Breakdown::kUnemploymentDuration, ValueOf(r.unemployment_duration));
  cell(Breakdown::kNilfReason, ValueOf(r.nilf_reason));
  int ethnic = kEthnicGroups;
  if (r.ethnicity.size() == 2 && r.ethnicity[0] >= '0' && r.ethnicity[0] <= '9' &&
      r.ethnicity[1] >= '0' && r.ethnicity[1] <= '9') {
    int code = (r.ethnicity[0] - '0') * 10 + (r.ethnicity[1] - '0');
    if (code >= 1 && code <= kEthnicGroups) ethnic = code - 1;
  }
  cell(Breakdown::kEthnicity, ethnic);
  return key;
}

}  // namespace lmis
