#include "exchange/doc_text.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <cstdio>

namespace lmis {

std::string UpperVi(std::string_view text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  u.toUpper(icu::Locale("vi"));
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string LongDateVi(const Date& d) {
  return "ngày " + std::to_string(d.day) + " tháng " + std::to_string(d.month) + " năm " +
         std::to_string(d.year);
}

std::string ShortDateVi(std::string_view partial_date) {
  auto d = PartialDate::Parse(partial_date);
  if (!d) return std::string(partial_date);
  char buf[16];
  if (d->day)
    std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d->day, d->month, d->year);
  else if (d->month)
    std::snprintf(buf, sizeof buf, "%02d/%04d", d->month, d->year);
  else
    std::snprintf(buf, sizeof buf, "%04d", d->year);
  return buf;
}

std::string PercentText(const std::optional<double>& p) {
  if (!p) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", *p);
  return buf;
}

}  // namespace lmis
