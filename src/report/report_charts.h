// The report charts (report/chart.h) made from reports: the population pyramid of a unit, the
// labour-force status of each unit below it, and a campaign's progress by commune. The web UI draws
// the same figures from the JSON reports.
#pragma once

#include <vector>

#include "collect/collect_service.h"
#include "report/chart.h"
#include "report/report_service.h"

namespace lmis {

// Men and women 15+ by age group (report/labour_supply.h), youngest at the bottom.
Chart PyramidChart(const LabourSupply& report, bool vietnamese);
// One bar per unit below `parent`: employed, unemployed, outside the labour force.
Chart StatusByUnitChart(const ReportUnit& parent, const Date& as_of,
                        const std::vector<LabourSupply>& children, bool vietnamese);

// One bar per commune of a campaign's progress: forms collected against the quota, summed over
// the report's waves.
Chart ProgressChart(const ProgressReport& report, bool vietnamese);

}  // namespace lmis
