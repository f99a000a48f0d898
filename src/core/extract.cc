#include "core/extract.h"

#include <algorithm>

#include "core/cccd.h"
#include "core/codes.h"
#include "core/text.h"

namespace lmis {
namespace {

using R = ColumnRule;
using VC = ViolationCode;

const ExtractFormat kPopulation{
    ExtractKind::kPopulation,
    "population",
    "register_people",
    "Trích xuất Cơ sở dữ liệu quốc gia về dân cư",
    "Population register extract",
    {
        {"cccd", "cccd", "Số định danh cá nhân", "Personal ID number", R::kCccd, true},
        {"full_name", "full_name", "Họ, chữ đệm và tên", "Full name", R::kName, true},
        {"birth_date", "birth_date", "Ngày sinh", "Date of birth", R::kPartialDate, true},
        {"sex", "sex", "Giới tính", "Sex", R::kSex, true},
        {"ethnicity", "ethnicity", "Dân tộc", "Ethnic group", R::kEthnicity},
        {"permanent_unit", "permanent_unit", "Nơi thường trú (mã xã)", "Permanent residence",
         R::kCommune},
        {"permanent_address", "permanent_address", "Địa chỉ thường trú", "Permanent address",
         R::kText},
        {"current_unit", "current_unit", "Nơi ở hiện tại (mã xã)", "Current residence",
         R::kCommune},
        {"current_address", "current_address", "Địa chỉ nơi ở hiện tại", "Current address",
         R::kText},
        {"household_id", "household_id", "Mã hộ", "Household", R::kText},
        {"relation_to_head", "relation_to_head", "Quan hệ với chủ hộ", "Relation to the head",
         R::kText},
        {"status", "status", "Tình trạng", "Status", R::kRegisterStatus, true},
        {"status_date", "status_date", "Ngày thay đổi tình trạng", "Status date", R::kDate},
        {"extract_date", "extract_date", "Ngày trích xuất", "Extract date", R::kDate, true},
    }};

const ExtractFormat kInsurance{
    ExtractKind::kInsurance,
    "insurance",
    "insurance_periods",
    "Trích xuất Cơ sở dữ liệu bảo hiểm xã hội",
    "Social-insurance extract",
    {
        {"bhxh", "bhxh", "Mã số BHXH", "Social-insurance code", R::kBhxh, true},
        {"cccd", "cccd", "Số định danh cá nhân", "Personal ID number", R::kCccd},
        {"full_name", "full_name", "Họ và tên", "Full name", R::kName},
        {"birth_date", "birth_date", "Ngày sinh", "Date of birth", R::kPartialDate},
        {"sex", "sex", "Giới tính", "Sex", R::kSex},
        {"employer_tax_code", "employer_tax_code", "Mã số thuế đơn vị", "Employer tax code",
         R::kTaxCode},
        {"si_type", "si_type", "Loại hình tham gia", "Participation type", R::kSiParticipation,
         true},
        {"from", "from_date", "Từ ngày", "From", R::kDate, true},
        {"to", "to_date", "Đến ngày", "To", R::kDate},
    }};

const ExtractFormat kEnterprises{
    ExtractKind::kEnterprises,
    "enterprises",
    "enterprises",
    "Trích xuất Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp",
    "Enterprise register extract",
    {
        {"tax_code", "tax_code", "Mã số doanh nghiệp", "Tax code", R::kTaxCode, true},
        {"name", "name", "Tên doanh nghiệp", "Name", R::kText, true},
        {"unit", "unit", "Địa chỉ trụ sở (mã đơn vị)", "Unit", R::kUnit},
        {"address", "address", "Địa chỉ", "Address", R::kText},
        {"main_industry", "main_industry", "Ngành kinh doanh chính", "Main industry", R::kIndustry},
        {"legal_representative", "legal_representative", "Người đại diện theo pháp luật",
         "Legal representative", R::kName},
        {"status", "status", "Tình trạng", "Status", R::kEnterpriseStatus, true},
        {"status_date", "status_date", "Ngày thay đổi tình trạng", "Status date", R::kDate},
        {"employees", "employees", "Số lao động", "Employees", R::kCount},
    }};

bool IsTaxCode(std::string_view t) {
  if (t.size() == 10) return AllDigits(t);
  return t.size() == 14 && t[10] == '-' && AllDigits(t.substr(0, 10)) && AllDigits(t.substr(11));
}

// Checks one row: each column by its rule, then the rules between columns.
class RowChecker {
 public:
  RowChecker(const ExtractFormat& f, const RefData& ref, const Date& today, ExtractCells* cells,
             RowCheck* out)
      : f_(f), ref_(ref), today_(today), cells_(*cells), out_(*out) {}

  void Run() {
    failed_.assign(f_.columns.size(), false);
    for (size_t i = 0; i < f_.columns.size(); ++i) Tidy(i);
    row_date_ = ExtractRowDate(f_, cells_, today_);
    edition_ = EditionAt(row_date_);
    for (size_t i = 0; i < f_.columns.size(); ++i) Column(i);
    Across();
  }

 private:
  std::string& cell(std::string_view name) { return cells_[f_.Index(name)]; }
  bool Has(std::string_view name) const {
    int i = f_.Index(name);
    return i >= 0 && !cells_[i].empty() && !failed_[i];
  }

  void Add(Violations& list, size_t i, VC code, std::string_view vi, std::string_view en) {
    const ExtractColumn& c = f_.columns[i];
    list.push_back({std::string(c.name), code, std::string(c.label_vi) + ": " + std::string(vi),
                    std::string(c.label_en) + ": " + std::string(en)});
  }
  void Error(size_t i, VC code, std::string_view vi, std::string_view en) {
    failed_[i] = true;
    Add(out_.errors, i, code, vi, en);
  }

  // Clean text with spaces collapsed, or an error.
  void Tidy(size_t i) {
    std::string& t = cells_[i];
    if (!IsCleanText(t)) {
      Error(i, VC::kFormat, "chứa ký tự điều khiển hoặc không phải UTF-8 hợp lệ",
            "contains control characters or invalid UTF-8");
      t.clear();
      return;
    }
    t = TidyText(t);
  }

  void Column(size_t i) {
    const ExtractColumn& c = f_.columns[i];
    std::string& t = cells_[i];
    if (failed_[i]) return;
    if (t.empty()) {
      if (c.required) Error(i, VC::kRequired, "bắt buộc nhưng để trống", "is required but empty");
      return;
    }
    switch (c.rule) {
      case R::kCccd:
        if (t.size() != 12 || !AllDigits(t))
          Error(i, VC::kFormat, "số CCCD phải gồm đúng 12 chữ số", "must be exactly 12 digits");
        break;
      case R::kName:
        if (std::any_of(t.begin(), t.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
          Error(i, VC::kFormat, "họ tên không được chứa chữ số", "a name must not contain digits");
        break;
      case R::kText:
        break;
      case R::kPartialDate:
      case R::kDate:
        DateColumn(i, c.rule == R::kDate);
        break;
      case R::kSex:
        Code<Sex>(i);
        break;
      case R::kRegisterStatus:
        Code<RegisterStatus>(i);
        break;
      case R::kEnterpriseStatus:
        Code<EnterpriseStatus>(i);
        break;
      case R::kSiParticipation:
        Code<SiType>(i);
        if (!failed_[i] && t == "none")
          Error(i, VC::kCodeUnknown, "chỉ nhận bắt buộc hoặc tự nguyện",
                "only compulsory or voluntary");
        break;
      case R::kEthnicity:
        Ethnicity(i);
        break;
      case R::kCommune:
        if (!ref_.units.FindCommune(edition_, t)) UnknownUnit(i, "xã/phường");
        break;
      case R::kUnit:
        if (!ref_.units.Find(edition_, t) &&
            !ref_.units.Find(
                edition_ == UnitEdition::k2025 ? UnitEdition::kPre2025 : UnitEdition::k2025, t))
          UnknownUnit(i, "đơn vị hành chính");
        break;
      case R::kBhxh:
        if (t.size() != 10 || !AllDigits(t))
          Error(i, VC::kFormat, "mã số BHXH phải gồm đúng 10 chữ số", "must be exactly 10 digits");
        break;
      case R::kTaxCode:
        if (!IsTaxCode(t))
          Error(i, VC::kFormat, "mã số thuế gồm 10 chữ số, hoặc 10 chữ số-3 chữ số (chi nhánh)",
                "a tax code is 10 digits, or 10 digits-3 digits for a branch");
        break;
      case R::kIndustry:
        if (!ref_.IsIndustryAt(t, row_date_) && !ref_.vsic2018.Find(t) && !ref_.vsic2025.Find(t))
          Error(i, VC::kCodeUnknown, "mã ngành " + QuoteValue(t) + " không có trong VSIC",
                QuoteValue(t) + " is not a VSIC code");
        break;
      case R::kCount:
        if (!AllDigits(t) || t.size() > 9)
          Error(i, VC::kFormat, "phải là số nguyên không âm", "must be a whole number ≥ 0");
        break;
    }
  }

  template <class E>
  void Code(size_t i) {
    std::string& t = cells_[i];
    if (auto v = ParseCode<E>(t)) {
      t = std::string(Slug(*v));
      return;
    }
    Error(i, VC::kCodeUnknown, "giá trị " + QuoteValue(t) + " không có trong danh mục",
          QuoteValue(t) + " is not in the code list");
  }

  void Ethnicity(size_t i) {
    std::string& t = cells_[i];
    if (ref_.ethnic_groups.Find(t)) return;
    if (const CatalogEntry* e = ref_.ethnic_groups.FindByName(t)) {
      t = e->code;
      return;
    }
    Error(i, VC::kCodeUnknown, "dân tộc " + QuoteValue(t) + " không có trong danh mục",
          QuoteValue(t) + " is not an ethnic group of the list");
  }

  void DateColumn(size_t i, bool full) {
    std::string& t = cells_[i];
    std::optional<PartialDate> d = PartialDate::Parse(t);
    if (!d || (full && !d->is_full())) {
      Error(i, VC::kDateFormat,
            "ngày " + QuoteValue(t) +
                (full ? " không hợp lệ (dạng YYYY-MM-DD)"
                      : " không hợp lệ (dạng YYYY, YYYY-MM hoặc YYYY-MM-DD)"),
            QuoteValue(t) + (full ? " is not a valid date (YYYY-MM-DD)"
                                  : " is not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)"));
      return;
    }
    t = d->ToString();
    if (d->Earliest() > today_)
      Error(i, VC::kDateFuture, "ngày " + t + " ở tương lai", t + " is in the future");
  }

  void UnknownUnit(size_t i, std::string_view what) {
    const char* tree = edition_ == UnitEdition::k2025 ? "từ 01/07/2025" : "trước 01/07/2025";
    const char* tree_en =
        edition_ == UnitEdition::k2025 ? "from 1 July 2025" : "before 1 July 2025";
    Error(i, VC::kUnitUnknown,
          "mã " + QuoteValue(cells_[i]) + " không phải " + std::string(what) + " trong danh mục " +
              tree + " (ngày " + row_date_.ToString() + ")",
          QuoteValue(cells_[i]) + " is not a unit of the tree in force " + tree_en + " (date " +
              row_date_.ToString() + ")");
  }

  void Across() {
    int cccd = f_.Index("cccd");
    if (cccd >= 0 && Has("cccd")) {
      std::optional<Sex> sex;
      if (Has("sex")) sex = ParseCode<Sex>(cell("sex"));
      PartialDate birth;
      if (Has("birth_date")) birth = PartialDate::Parse(cell("birth_date")).value_or(PartialDate{});
      for (const CccdProblem& p : CheckCccd(cells_[cccd], sex, birth, ref_)) {
        bool structural = p.code == VC::kFormat || p.code == VC::kCccdProvince;
        if (structural)
          Error(cccd, p.code, p.vi, p.en);
        else
          Add(out_.warnings, cccd, p.code, p.vi + " (vẫn nhập theo dữ liệu gốc)",
              p.en + " (imported as the register holds it)");
      }
    }
    if (f_.kind == ExtractKind::kPopulation && cell("permanent_unit").empty() &&
        cell("current_unit").empty() && !failed_[f_.Index("permanent_unit")] &&
        !failed_[f_.Index("current_unit")])
      Error(f_.Index("permanent_unit"), VC::kRequired,
            "cần mã xã nơi thường trú hoặc nơi ở hiện tại",
            "a permanent or current residence commune is required");
    if (f_.kind == ExtractKind::kInsurance && Has("from") && Has("to") && cell("to") < cell("from"))
      Error(f_.Index("to"), VC::kDateFormat, "ngày kết thúc trước ngày bắt đầu",
            "ends before it starts");
  }

  const ExtractFormat& f_;
  const RefData& ref_;
  const Date today_;
  ExtractCells& cells_;
  RowCheck& out_;
  std::vector<bool> failed_;
  Date row_date_;
  UnitEdition edition_ = UnitEdition::k2025;
};

}  // namespace

int ExtractFormat::Index(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == name) return static_cast<int>(i);
  return -1;
}

const ExtractFormat& FormatOf(ExtractKind kind) {
  switch (kind) {
    case ExtractKind::kPopulation:
      return kPopulation;
    case ExtractKind::kInsurance:
      return kInsurance;
    case ExtractKind::kEnterprises:
      break;
  }
  return kEnterprises;
}

std::optional<ExtractKind> ParseExtractKind(std::string_view slug) {
  for (ExtractKind k :
       {ExtractKind::kPopulation, ExtractKind::kInsurance, ExtractKind::kEnterprises})
    if (FormatOf(k).slug == slug) return k;
  return std::nullopt;
}

RowCheck CheckExtractRow(const ExtractFormat& format, const RefData& ref, const Date& today,
                         ExtractCells* cells) {
  RowCheck out;
  cells->resize(format.columns.size());
  RowChecker(format, ref, today, cells, &out).Run();
  return out;
}

std::string ExtractKey(const ExtractFormat& f, const ExtractCells& cells) {
  switch (f.kind) {
    case ExtractKind::kPopulation:
      return cells[f.Index("cccd")];
    case ExtractKind::kInsurance:
      return cells[f.Index("bhxh")] + "|" + cells[f.Index("employer_tax_code")] + "|" +
             cells[f.Index("from")];
    case ExtractKind::kEnterprises:
      break;
  }
  return cells[f.Index("tax_code")];
}

Date ExtractRowDate(const ExtractFormat& f, const ExtractCells& cells, const Date& today) {
  std::string_view column = f.kind == ExtractKind::kPopulation  ? "extract_date"
                            : f.kind == ExtractKind::kInsurance ? "from"
                                                                : "status_date";
  int i = f.Index(column);
  if (i < 0 || static_cast<size_t>(i) >= cells.size()) return today;
  return Date::Parse(cells[i]).value_or(today);
}

bool PeriodCovers(std::string_view from, std::string_view to, const Date& date) {
  const std::string day = date.ToString();
  return !from.empty() && from <= day && (to.empty() || day <= to);
}

}  // namespace lmis
