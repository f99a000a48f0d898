#include "report/report_charts.h"

#include <algorithm>
#include <map>

namespace lmis {

Chart PyramidChart(const LabourSupply& report, bool vi) {
  Chart chart;
  chart.kind = ChartKind::kPyramid;
  chart.title =
      (vi ? "Tháp dân số từ 15 tuổi — " : "Population pyramid, 15+ — ") + report.unit_name;
  chart.subtitle = (vi ? "Tính đến " : "As of ") + report.as_of.ToString();
  chart.series = {{vi ? "Nam" : "Men", {}}, {vi ? "Nữ" : "Women", {}}};
  if (const BreakdownTable* ages = report.Find("age_group")) {
    for (const BreakdownLine& line : ages->lines) {
      if (line.value == "unknown") continue;
      chart.categories.push_back(line.value);
      chart.series[0].values.push_back(static_cast<double>(line.counts.male.total()));
      chart.series[1].values.push_back(static_cast<double>(line.counts.female.total()));
    }
  }
  return chart;
}

Chart StatusByUnitChart(const ReportUnit& parent, const Date& as_of,
                        const std::vector<LabourSupply>& children, bool vi) {
  Chart chart;
  chart.kind = ChartKind::kStackedBars;
  chart.title =
      (vi ? "Tình trạng tham gia lực lượng lao động — " : "Labour-force status — ") + parent.name;
  chart.subtitle = (vi ? "Tính đến " : "As of ") + as_of.ToString();
  chart.series = {{vi ? "Có việc làm" : "Employed", {}},
                  {vi ? "Thất nghiệp" : "Unemployed", {}},
                  {vi ? "Không tham gia LLLĐ" : "Outside the labour force", {}}};
  for (const LabourSupply& c : children) {
    const StatusCounts s = c.total.all();
    chart.categories.push_back(c.unit_name);
    chart.series[0].values.push_back(static_cast<double>(s.employed));
    chart.series[1].values.push_back(static_cast<double>(s.unemployed));
    chart.series[2].values.push_back(static_cast<double>(s.outside));
  }
  chart.height = std::max(300, 120 + 28 * static_cast<int>(children.size()));
  chart.height = std::min(chart.height, 8000);
  return chart;
}

Chart ProgressChart(const ProgressReport& report, bool vi) {
  Chart chart;
  chart.kind = ChartKind::kProgress;
  chart.title = (vi ? "Tiến độ thu thập — " : "Collection progress — ") + report.campaign.name;
  chart.subtitle = report.unit_name + (vi ? ", tính đến " : ", as of ") + report.as_of.ToString();
  chart.series = {{vi ? "Đã thu thập" : "Collected", {}}, {vi ? "Chỉ tiêu" : "Quota", {}}};
  std::map<std::string, size_t> at;  // commune → category
  for (const WaveProgress& wave : report.waves) {
    for (const ProgressLine& line : wave.lines) {
      auto [it, fresh] = at.emplace(line.unit, chart.categories.size());
      if (fresh) {
        chart.categories.push_back(line.unit_name);
        chart.series[0].values.push_back(0);
        chart.series[1].values.push_back(0);
      }
      chart.series[0].values[it->second] += static_cast<double>(line.counts.collected);
      chart.series[1].values[it->second] += static_cast<double>(line.counts.quota);
    }
  }
  chart.height = std::min(8000, std::max(300, 120 + 28 * static_cast<int>(at.size())));
  return chart;
}

}  // namespace lmis
