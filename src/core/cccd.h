// The structure of a personal identification number (số định danh cá nhân, TT 07/2016/TT-BCA
// Điều 7): digits 1–3 the birth-registration province, digit 4 century and sex, digits 5–6
// the birth year. Worker records and register extracts are checked by the same rules.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/codes.h"
#include "core/date.h"
#include "core/refdata.h"
#include "core/violation.h"

namespace lmis {

// One rule a CCCD breaks: its code (format, cccd_province, cccd_sex_century, cccd_birth_year)
// and what to tell an officer.
struct CccdProblem {
  ViolationCode code;
  std::string vi, en;
};

// True when `text` is non-empty and only ASCII digits.
bool AllDigits(std::string_view text);

// The rules `cccd` breaks, given the sex and birth date it should agree with (either may be
// absent: then only what can be checked is). Empty when it is well-formed and agrees.
std::vector<CccdProblem> CheckCccd(std::string_view cccd, std::optional<Sex> sex,
                                   const PartialDate& birth, const RefData& ref);

}  // namespace lmis
