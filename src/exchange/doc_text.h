// Wording shared by the printed documents (worklists, hand-over records, reports): how dates,
// shares and headings are written on Vietnamese official papers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"

namespace lmis {

// Printed for people (Vietnamese headings, grouped, totals) or for programs (stable column
// names, one value per cell).
enum class DocStyle : uint8_t { kPrint, kData };

// Upper case of Vietnamese text ("Phường Ba Đình" → "PHƯỜNG BA ĐÌNH").
std::string UpperVi(std::string_view text);
// "ngày 5 tháng 10 năm 2025".
std::string LongDateVi(const Date& d);
// A partial date as officials write it: "12/03/1985", "03/1985", "1985".
std::string ShortDateVi(std::string_view partial_date);
// A share in percent with one decimal ("87.5"); "" when there is none.
std::string PercentText(const std::optional<double>& percent);

}  // namespace lmis
