#include "core/cccd.h"

namespace lmis {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::vector<CccdProblem> CheckCccd(std::string_view cccd, std::optional<Sex> sex,
                                   const PartialDate& birth, const RefData& ref) {
  std::vector<CccdProblem> out;
  const std::string c(cccd);
  if (c.size() != 12 || !AllDigits(c)) {
    out.push_back(
        {ViolationCode::kFormat, "số CCCD phải gồm đúng 12 chữ số", "must be exactly 12 digits"});
    return out;
  }
  if (!ref.IsCccdProvince(std::string_view(c).substr(0, 3)))
    out.push_back(
        {ViolationCode::kCccdProvince,
         "3 chữ số đầu \"" + c.substr(0, 3) + "\" không phải mã tỉnh nơi đăng ký khai sinh",
         "digits 1-3 \"" + c.substr(0, 3) + "\" are not a birth-registration province code"});
  if (birth.empty()) return out;
  int year = birth.year;
  // Digit 4 = 2 × century index (1900s → 0, 2000s → 1, …) + 1 for women. Without a sex the
  // century alone can still disagree.
  int century = year / 100 - 19;
  int digit4 = c[3] - '0';
  bool agrees =
      century >= 0 && century <= 4 &&
      (sex ? digit4 == century * 2 + (*sex == Sex::kFemale ? 1 : 0) : digit4 / 2 == century);
  if (!agrees)
    out.push_back(
        {ViolationCode::kCccdSexCentury,
         "chữ số thứ 4 (" + std::string(1, c[3]) + ") không khớp giới tính và thế kỷ sinh",
         "digit 4 (" + std::string(1, c[3]) + ") disagrees with sex and birth century"});
  int yy = (c[4] - '0') * 10 + (c[5] - '0');
  if (yy != year % 100)
    out.push_back(
        {ViolationCode::kCccdBirthYear,
         "chữ số thứ 5–6 (" + c.substr(4, 2) + ") không khớp năm sinh " + std::to_string(year),
         "digits 5-6 (" + c.substr(4, 2) + ") disagree with birth year " + std::to_string(year)});
  return out;
}

}  // namespace lmis
