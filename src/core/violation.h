// A broken rule found in a record: which field, which rule (the codes of the rejects file in
// ../spec/exchange.md), and a message for officers in Vietnamese and in English.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/worker.h"

namespace lmis {

enum class ViolationCode : uint8_t {
  kRequired,
  kFormat,
  kCodeUnknown,
  kCccdProvince,
  kCccdSexCentury,
  kCccdBirthYear,
  kDateFormat,
  kDateFuture,
  kUnderAge,
  kUnitUnknown,
  kNotApplicable,
  kColumnUnknown,
  kOutsideJurisdiction,  // the importing user may not write records of that unit
};

// The slug written in rejects files ("cccd_sex_century").
std::string_view SlugOf(ViolationCode code);

struct Violation {
  std::string field;  // exchange column name
  ViolationCode code;
  std::string message_vi;
  std::string message_en;
  bool operator==(const Violation&) const = default;
};

using Violations = std::vector<Violation>;

// `value` in quotes for a message, cut to 40 bytes so that a huge cell cannot flood a rejects
// file, and never echoing invalid UTF-8.
std::string QuoteValue(std::string_view value);

// Appends a violation of `field`; messages are prefixed with the field's label.
void AddViolation(Violations* out, WorkerField field, ViolationCode code, std::string_view vi,
                  std::string_view en);

}  // namespace lmis
