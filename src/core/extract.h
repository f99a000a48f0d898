// The extracts other registers send to lmis (../spec/exchange.md): the population register
// (`population`), the social-insurance register (`insurance`) and the enterprise register
// (`enterprises`). Each is a table of named columns; an ExtractFormat says which, how each is
// checked and made canonical, and which column keys a row. One description drives reading,
// checking, storing, change tracking and reconciliation of all three.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/refdata.h"
#include "core/violation.h"

namespace lmis {

enum class ExtractKind : uint8_t { kPopulation, kInsurance, kEnterprises };

// How a column's text is checked and written canonically.
enum class ColumnRule : uint8_t {
  kCccd,         // 12 digits with the structure of core/cccd.h
  kName,         // a person's or organisation's name: NFC, spaces collapsed, no digits (persons)
  kText,         // free text: NFC, spaces collapsed
  kPartialDate,  // YYYY, YYYY-MM or YYYY-MM-DD, not in the future
  kDate,         // YYYY-MM-DD, not in the future
  kSex,          // male / female (or a label)
  kEthnicity,    // 2-digit code of the 2008 list, or the group's name
  kCommune,      // a commune code of the tree in force at the row's date
  kUnit,         // any administrative unit code (either tree)
  kBhxh,         // 10 digits
  kTaxCode,      // 10 digits, or 10 + "-" + 3 for a branch
  kIndustry,     // a VSIC code (either edition)
  kCount,        // a whole number ≥ 0
  kRegisterStatus,
  kEnterpriseStatus,
  kSiParticipation,  // compulsory / voluntary
};

struct ExtractColumn {
  std::string_view name;      // exchange column
  std::string_view sql_name;  // storage column (differs only where the name is an SQL keyword)
  std::string_view label_vi, label_en;
  ColumnRule rule;
  bool required = false;
};

struct ExtractFormat {
  ExtractKind kind;
  std::string_view slug;   // population, insurance, enterprises
  std::string_view table;  // storage table
  std::string_view label_vi, label_en;
  std::vector<ExtractColumn> columns;

  // Index of the column named `name`, or -1.
  int Index(std::string_view name) const;
};

const ExtractFormat& FormatOf(ExtractKind kind);
// The kind with slug `slug`, or nullopt.
std::optional<ExtractKind> ParseExtractKind(std::string_view slug);

// One row's cells in the format's column order; "" = absent.
using ExtractCells = std::vector<std::string>;

// What checking one row found: problems that reject it, and problems that are flagged but
// kept — a register is the authority for its own data, so a CCCD whose digits disagree with
// the sex or birth year the register holds is imported and listed as a warning, never
// silently accepted.
struct RowCheck {
  Violations errors;
  Violations warnings;
};

// Checks `cells` and rewrites them canonically (slugs for labels, NFC names, codes for
// ethnic-group names). `today` bounds dates from above.
RowCheck CheckExtractRow(const ExtractFormat& format, const RefData& ref, const Date& today,
                         ExtractCells* cells);

// The key that identifies a row within its extract: the CCCD (population), BHXH code +
// employer + start (insurance: one participation period), the tax code (enterprises).
std::string ExtractKey(const ExtractFormat& format, const ExtractCells& cells);

// The date a row speaks for: its extract_date (population), its start (insurance), its
// status date (enterprises), else `today`. Decides the unit tree its codes are read in.
Date ExtractRowDate(const ExtractFormat& format, const ExtractCells& cells, const Date& today);

// A participation period covers `date` when from ≤ date and (no end, or date ≤ to).
bool PeriodCovers(std::string_view from, std::string_view to, const Date& date);

}  // namespace lmis
