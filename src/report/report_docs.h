// Reports as officials and programs receive them: JSON (the API and `--format json`), and
// printable tables (exchange/table_doc.h) rendered as CSV, XLSX or PDF.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "exchange/doc_text.h"
#include "exchange/table_doc.h"
#include "report/report_service.h"

namespace lmis {

// "2025" or "pre2025".
std::string_view TreeName(UnitEdition tree);

// {unit, unit_key, tree, unit_name, as_of, population_15plus, labour_force, employed,
//  unemployed, outside, status_unknown, unemployment_rate, by_sex: {male, female, unknown},
//  breakdowns: {age_group: [{value, label, …counts, female: {…}}], …}}
nlohmann::json LabourSupplyJson(const LabourSupply& r, UnitEdition tree, bool vietnamese);
// {unit…, as_of, units: [{unit, unit_name, population_15plus, …, female: {…}}]}
nlohmann::json ByUnitJson(const ReportUnit& parent, const Date& as_of,
                          const std::vector<LabourSupply>& children);
// {unit…, from, to, states: [...], transitions: [[…]], reached_working_age, …}
nlohmann::json ChangesJson(const ChangesReport& r, bool vietnamese);

// kPrint: the reporting table (STT, indicator, total, female, employed, unemployed, outside)
// with a section per breakdown, signed by the unit; kData: one row per line with stable
// column names.
TableDoc LabourSupplyDoc(const LabourSupply& r, DocStyle style, bool vietnamese);
// One row per unit below, with the totals row.
TableDoc ByUnitDoc(const ReportUnit& parent, const Date& as_of,
                   const std::vector<LabourSupply>& children, DocStyle style, bool vietnamese);
// The transition matrix and the flows.
TableDoc ChangesDoc(const ChangesReport& r, DocStyle style, bool vietnamese);

}  // namespace lmis
