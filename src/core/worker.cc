#include "core/worker.h"

#include <charconv>
#include <cstdio>
#include <unordered_map>

namespace lmis {
namespace {

constexpr FieldInfo kFields[kWorkerFieldCount] = {
    {"cccd", "4", "Số CCCD", "Personal ID number (CCCD)"},
    {"cmnd", "4", "Số CMND", "Legacy ID card number (CMND)"},
    {"full_name", "1", "Họ, chữ đệm và tên khai sinh", "Full birth name"},
    {"birth_date", "2", "Ngày, tháng, năm sinh", "Date of birth"},
    {"sex", "3", "Giới tính", "Sex"},
    {"ethnicity", "8.6", "Dân tộc", "Ethnic group"},
    {"bhxh", "5", "Mã số BHXH", "Social-insurance code"},
    {"permanent_unit", "6", "Nơi đăng ký thường trú (mã xã)", "Permanent residence (commune)"},
    {"permanent_address", "6", "Nơi đăng ký thường trú (địa chỉ)", "Permanent residence (address)"},
    {"current_unit", "7", "Nơi ở hiện tại (mã xã)", "Current residence (commune)"},
    {"current_address", "7", "Nơi ở hiện tại (địa chỉ)", "Current residence (address)"},
    {"priority_groups", "8", "Đối tượng ưu tiên", "Priority groups"},
    {"general_education", "9", "Trình độ giáo dục phổ thông cao nhất", "Highest general education"},
    {"qualification", "10", "Trình độ chuyên môn kỹ thuật cao nhất",
     "Highest technical qualification"},
    {"training_field", "10.1", "Chuyên ngành đào tạo", "Field of training"},
    {"lf_status", "11", "Tình trạng tham gia hoạt động kinh tế", "Labour-force status"},
    {"employment_status", "12.1", "Vị thế việc làm", "Status in employment"},
    {"job_title", "12.2", "Công việc cụ thể đang làm", "Job"},
    {"occupation", "12.2", "Mã nghề (VSCO 2020)", "Occupation code (VSCO 2020)"},
    {"industry", "", "Ngành kinh tế (VSIC)", "Industry (VSIC)"},
    {"si_type", "12.2a", "Tham gia BHXH", "Social-insurance participation"},
    {"has_contract", "12.2b", "Có hợp đồng lao động", "Has a labour contract"},
    {"contract_type", "12.2b", "Loại hợp đồng lao động", "Contract type"},
    {"contract_start", "12.2b", "Thời gian bắt đầu thực hiện HĐLĐ", "Contract start date"},
    {"workplace_name", "12.3", "Nơi làm việc", "Workplace"},
    {"workplace_type", "12.3a", "Loại hình nơi làm việc", "Workplace type"},
    {"workplace_unit", "12.3b", "Địa chỉ nơi làm việc (mã đơn vị hành chính)",
     "Workplace address (unit)"},
    {"workplace_address", "12.3b", "Địa chỉ nơi làm việc", "Workplace address"},
    {"never_worked", "13", "Chưa bao giờ làm việc", "Never worked"},
    {"unemployment_duration", "13.1", "Thời gian thất nghiệp", "Unemployment duration"},
    {"nilf_reason", "11.3", "Lý do không tham gia hoạt động kinh tế",
     "Reason for being outside the labour force"},
    {"collected_on", "", "Ngày thu thập", "Collection date"},
    {"source", "", "Nguồn cập nhật", "Source of the change"},
    {"household_id", "", "Mã hộ gia đình", "Household id"},
    {"relation_to_head", "", "Quan hệ với chủ hộ", "Relation to household head"},
};

bool AllDigits(std::string_view s, size_t n) {
  if (s.size() != n) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

constexpr int64_t kCmndBase = 1'000'000'000'000;

}  // namespace

const FieldInfo& InfoOf(WorkerField field) { return kFields[static_cast<size_t>(field)]; }

std::optional<WorkerField> FieldByName(std::string_view name) {
  static const auto* by_name = [] {
    auto* m = new std::unordered_map<std::string_view, WorkerField>();
    for (size_t i = 0; i < kWorkerFieldCount; ++i)
      m->emplace(kFields[i].name, static_cast<WorkerField>(i));
    return m;
  }();
  auto it = by_name->find(name);
  if (it == by_name->end()) return std::nullopt;
  return it->second;
}

std::optional<int64_t> CccdPersonId(std::string_view cccd) {
  if (!AllDigits(cccd, 12)) return std::nullopt;
  int64_t id = 0;
  std::from_chars(cccd.data(), cccd.data() + 12, id);
  return id;
}

std::optional<int64_t> CmndPersonId(std::string_view cmnd) {
  if (!AllDigits(cmnd, 9)) return std::nullopt;
  int64_t id = 0;
  std::from_chars(cmnd.data(), cmnd.data() + 9, id);
  return kCmndBase + id;
}

std::optional<int64_t> PersonIdOf(const WorkerRecord& record) {
  if (!record.cccd.empty()) return CccdPersonId(record.cccd);
  return CmndPersonId(record.cmnd);
}

std::string PersonIdText(int64_t person_id) {
  char buf[24];
  if (person_id >= kCmndBase)
    std::snprintf(buf, sizeof buf, "%09lld", static_cast<long long>(person_id - kCmndBase));
  else
    std::snprintf(buf, sizeof buf, "%012lld", static_cast<long long>(person_id));
  return buf;
}

}  // namespace lmis
