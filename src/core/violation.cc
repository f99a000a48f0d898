#include "core/violation.h"

#include <algorithm>

#include "core/text.h"

namespace lmis {

std::string_view SlugOf(ViolationCode code) {
  switch (code) {
    case ViolationCode::kRequired:
      return "required";
    case ViolationCode::kFormat:
      return "format";
    case ViolationCode::kCodeUnknown:
      return "code_unknown";
    case ViolationCode::kCccdProvince:
      return "cccd_province";
    case ViolationCode::kCccdSexCentury:
      return "cccd_sex_century";
    case ViolationCode::kCccdBirthYear:
      return "cccd_birth_year";
    case ViolationCode::kDateFormat:
      return "date_format";
    case ViolationCode::kDateFuture:
      return "date_future";
    case ViolationCode::kUnderAge:
      return "under_age";
    case ViolationCode::kUnitUnknown:
      return "unit_unknown";
    case ViolationCode::kNotApplicable:
      return "not_applicable";
    case ViolationCode::kColumnUnknown:
      return "column_unknown";
    case ViolationCode::kOutsideJurisdiction:
      return "outside_jurisdiction";
  }
  return "unknown";
}

std::string QuoteValue(std::string_view t) {
  constexpr size_t kMax = 40;
  size_t n = std::min(t.size(), kMax);
  while (n > 0 && n < t.size() && (static_cast<unsigned char>(t[n]) & 0xC0) == 0x80) --n;
  std::string head(t.substr(0, n));
  if (!IsValidUtf8(head)) return "(không đọc được / unreadable)";
  return "\"" + head + (n < t.size() ? "…\"" : "\"");
}

void AddViolation(Violations* out, WorkerField field, ViolationCode code, std::string_view vi,
                  std::string_view en) {
  const FieldInfo& info = InfoOf(field);
  Violation v{std::string(info.name), code, std::string(info.label_vi), std::string(info.label_en)};
  v.message_vi.append(": ").append(vi);
  v.message_en.append(": ").append(en);
  out->push_back(std::move(v));
}

}  // namespace lmis
