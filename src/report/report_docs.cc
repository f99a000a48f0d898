#include "report/report_docs.h"

#include <cmath>

namespace lmis {
namespace {

using nlohmann::json;

std::optional<double> Rate(int64_t part, int64_t whole) {
  if (whole == 0) return std::nullopt;
  return std::round(1000.0 * static_cast<double>(part) / static_cast<double>(whole)) / 10.0;
}

json StatusJson(const StatusCounts& s) {
  json j = {{"population_15plus", s.total()}, {"labour_force", s.labour_force()},
            {"employed", s.employed},         {"unemployed", s.unemployed},
            {"outside", s.outside},           {"status_unknown", s.unknown}};
  auto rate = Rate(s.unemployed, s.labour_force());
  j["unemployment_rate"] = rate ? json(*rate) : json(nullptr);
  return j;
}

json UnitJson(const std::string& key, const std::string& name) {
  auto ref = ParseUnitKey(key);
  return {{"unit", ref ? std::string(ref->code) : key},
          {"unit_key", key},
          {"tree", ref ? std::string(TreeName(ref->edition)) : "national"},
          {"unit_name", name}};
}

// Adds the status counts of `s` to the object `j`.
void AddCounts(json& j, const StatusCounts& s) {
  const json counts = StatusJson(s);
  for (auto it = counts.begin(); it != counts.end(); ++it) j[it.key()] = it.value();
}

std::string Label(const BreakdownLine& l, bool vi) { return vi ? l.label_vi : l.label_en; }
std::string Heading(const BreakdownTable& t, bool vi) { return vi ? t.heading_vi : t.heading_en; }

std::string Roman(size_t n) {
  static const char* kRoman[] = {"I",  "II", "III", "IV",  "V",    "VI",  "VII", "VIII",
                                 "IX", "X",  "XI",  "XII", "XIII", "XIV", "XV",  "XVI"};
  return n < std::size(kRoman) ? kRoman[n] : std::to_string(n + 1);
}

std::vector<std::string> CountCells(const SexCounts& c) {
  const StatusCounts all = c.all();
  return {std::to_string(all.total()), std::to_string(c.female.total()),
          std::to_string(all.employed), std::to_string(all.unemployed),
          std::to_string(all.outside)};
}

std::vector<std::string> DataCells(const std::string& breakdown, const std::string& value,
                                   const std::string& label, const SexCounts& c) {
  const StatusCounts all = c.all();
  return {breakdown,
          value,
          label,
          std::to_string(all.total()),
          std::to_string(all.labour_force()),
          std::to_string(all.employed),
          std::to_string(all.unemployed),
          std::to_string(all.outside),
          std::to_string(all.unknown),
          std::to_string(c.female.total()),
          std::to_string(c.female.employed),
          std::to_string(c.female.unemployed),
          std::to_string(c.female.outside)};
}

void DataColumns(TableDoc* doc) {
  for (const char* h :
       {"breakdown", "value", "label", "population_15plus", "labour_force", "employed",
        "unemployed", "outside", "status_unknown", "female_population_15plus", "female_employed",
        "female_unemployed", "female_outside"})
    doc->columns.push_back({h, CellKind::kText, 10});
}

void PrintColumns(TableDoc* doc, bool vi, const std::string& first) {
  doc->columns = {
      {vi ? "STT" : "No.", CellKind::kText, 5},
      {first, CellKind::kText, 40},
      {vi ? "Tổng số" : "Total", CellKind::kInteger, 11},
      {vi ? "Trong đó: Nữ" : "Of whom women", CellKind::kInteger, 11},
      {vi ? "Có việc làm" : "Employed", CellKind::kInteger, 11},
      {vi ? "Thất nghiệp" : "Unemployed", CellKind::kInteger, 11},
      {vi ? "Không tham gia LLLĐ" : "Outside the labour force", CellKind::kInteger, 13}};
}

std::vector<std::string> Row(const std::string& no, const std::string& label,
                             const std::vector<std::string>& counts) {
  std::vector<std::string> row = {no, label};
  row.insert(row.end(), counts.begin(), counts.end());
  return row;
}

void Heading(TableDoc* doc, const std::string& unit_name, const std::string& title_vi,
             const std::string& title_en, const std::string& period, bool vi) {
  doc->issuer = unit_name.empty() ? "" : UpperVi((vi ? "UBND " : "") + unit_name);
  doc->national_motto = vi;
  doc->title = vi ? title_vi : title_en;
  doc->subtitle = {period};
}

}  // namespace

std::string_view TreeName(UnitEdition tree) {
  return tree == UnitEdition::k2025 ? "2025" : "pre2025";
}

json LabourSupplyJson(const LabourSupply& r, UnitEdition tree, bool vi) {
  json j = UnitJson(r.unit, r.unit_name);
  if (r.unit == "national") j["tree"] = std::string(TreeName(tree));
  j["as_of"] = r.as_of.ToString();
  AddCounts(j, r.total.all());
  j["by_sex"] = {{"male", StatusJson(r.total.male)},
                 {"female", StatusJson(r.total.female)},
                 {"unknown", StatusJson(r.total.unknown)}};
  json breakdowns = json::object();
  for (const BreakdownTable& t : r.breakdowns) {
    json lines = json::array();
    for (const BreakdownLine& l : t.lines) {
      json line = {{"value", l.value}, {"label", Label(l, vi)}};
      AddCounts(line, l.counts.all());
      line["male"] = StatusJson(l.counts.male);
      line["female"] = StatusJson(l.counts.female);
      lines.push_back(std::move(line));
    }
    breakdowns[t.name] = {{"heading", Heading(t, vi)}, {"lines", std::move(lines)}};
  }
  j["breakdowns"] = std::move(breakdowns);
  return j;
}

json ByUnitJson(const ReportUnit& parent, const Date& as_of,
                const std::vector<LabourSupply>& children) {
  json j = UnitJson(parent.key, parent.name);
  if (parent.key == "national") j["tree"] = std::string(TreeName(parent.tree));
  j["as_of"] = as_of.ToString();
  json units = json::array();
  for (const LabourSupply& c : children) {
    json u = UnitJson(c.unit, c.unit_name);
    AddCounts(u, c.total.all());
    u["male"] = StatusJson(c.total.male);
    u["female"] = StatusJson(c.total.female);
    units.push_back(std::move(u));
  }
  j["units"] = std::move(units);
  return j;
}

json ChangesJson(const ChangesReport& r, bool vi) {
  json j = UnitJson(r.unit.key, r.unit.name);
  if (r.unit.key == "national") j["tree"] = std::string(TreeName(r.unit.tree));
  j["from"] = r.from.ToString();
  j["to"] = r.to.ToString();
  json states = json::array(), matrix = json::array();
  for (int a = 0; a < kStatesOnDay; ++a) {
    const auto s = static_cast<StateOnDay>(a);
    states.push_back({{"value", StateSlug(s)}, {"label", StateLabel(s, vi)}});
    json row = json::array();
    for (int b = 0; b < kStatesOnDay; ++b) row.push_back(r.transitions[a][b]);
    matrix.push_back(std::move(row));
  }
  j["states"] = std::move(states);
  j["transitions"] = std::move(matrix);
  j["reached_working_age"] = r.reached_working_age;
  j["newly_recorded"] = r.newly_recorded;
  j["closed_deceased"] = r.closed_deceased;
  j["closed_emigrated"] = r.closed_emigrated;
  j["moved_in"] = r.moved_in;
  j["moved_out"] = r.moved_out;
  return j;
}

TableDoc LabourSupplyDoc(const LabourSupply& r, DocStyle style, bool vi) {
  TableDoc doc;
  if (style == DocStyle::kData) {
    DataColumns(&doc);
    doc.rows.push_back(DataCells("total", "total", vi ? "Tổng số" : "Total", r.total));
    const std::pair<const char*, const StatusCounts*> sexes[] = {
        {"male", &r.total.male}, {"female", &r.total.female}, {"unknown", &r.total.unknown}};
    for (auto [slug, counts] : sexes) {
      SexCounts one;
      (std::string_view(slug) == "male"     ? one.male
       : std::string_view(slug) == "female" ? one.female
                                            : one.unknown) = *counts;
      doc.rows.push_back(DataCells("sex", slug, slug, one));
    }
    for (const BreakdownTable& t : r.breakdowns)
      for (const BreakdownLine& l : t.lines)
        doc.rows.push_back(DataCells(t.name, l.value, Label(l, vi), l.counts));
    return doc;
  }
  Heading(&doc, r.unit == "national" ? "" : r.unit_name, "BÁO CÁO THÔNG TIN CUNG LAO ĐỘNG",
          "LABOUR SUPPLY REPORT",
          (vi ? "Đơn vị: " : "Unit: ") + r.unit_name + (vi ? " — tính đến " : " — as of ") +
              (vi ? LongDateVi(r.as_of) : r.as_of.ToString()),
          vi);
  PrintColumns(&doc, vi, vi ? "Chỉ tiêu" : "Indicator");
  doc.rows.push_back(
      Row("1", vi ? "Người từ 15 tuổi trở lên" : "People aged 15 and over", CountCells(r.total)));
  SexCounts male, female;
  male.male = r.total.male;
  female.female = r.total.female;
  doc.rows.push_back(Row("", vi ? "  Nam" : "  Men", CountCells(male)));
  doc.rows.push_back(Row("", vi ? "  Nữ" : "  Women", CountCells(female)));
  size_t section = 0;
  for (const BreakdownTable& t : r.breakdowns) {
    doc.group_starts.push_back(doc.rows.size());
    doc.rows.push_back(
        {Roman(section++), (vi ? "Theo " : "By ") + Heading(t, vi), "", "", "", "", ""});
    size_t n = 0;
    for (const BreakdownLine& l : t.lines)
      doc.rows.push_back(Row(std::to_string(++n), Label(l, vi), CountCells(l.counts)));
  }
  doc.totals = Row("", vi ? "Tổng cộng" : "Total", CountCells(r.total));
  const StatusCounts all = r.total.all();
  auto rate = Rate(all.unemployed, all.labour_force());
  doc.footnote = {(vi ? "Lực lượng lao động: " : "Labour force: ") +
                      std::to_string(all.labour_force()) +
                      (vi ? "; tỷ lệ thất nghiệp: " : "; unemployment rate: ") +
                      (rate ? PercentText(rate) + " %" : "—"),
                  vi ? "Nhóm tuổi tính theo năm sinh (năm báo cáo − năm sinh)."
                     : "Age groups by year of birth (year of the report − year of birth)."};
  doc.place_date = vi ? "…, " + LongDateVi(r.as_of) : r.as_of.ToString();
  doc.signatures = {
      {vi ? "NGƯỜI LẬP BIỂU" : "PREPARED BY", vi ? "(Ký, ghi rõ họ tên)" : "", ""},
      {vi ? "THỦ TRƯỞNG ĐƠN VỊ" : "HEAD OF UNIT", vi ? "(Ký, đóng dấu, ghi rõ họ tên)" : "", ""}};
  return doc;
}

TableDoc ByUnitDoc(const ReportUnit& parent, const Date& as_of,
                   const std::vector<LabourSupply>& children, DocStyle style, bool vi) {
  TableDoc doc;
  SexCounts total;
  for (const LabourSupply& c : children) total += c.total;
  if (style == DocStyle::kData) {
    DataColumns(&doc);
    doc.columns[0].heading = "unit";
    doc.columns[1].heading = "unit_name";
    doc.columns.erase(doc.columns.begin() + 2);
    for (const LabourSupply& c : children) {
      auto ref = ParseUnitKey(c.unit);
      auto cells = DataCells(ref ? std::string(ref->code) : c.unit, c.unit_name, "", c.total);
      cells.erase(cells.begin() + 2);
      doc.rows.push_back(std::move(cells));
    }
    return doc;
  }
  Heading(&doc, parent.key == "national" ? "" : parent.name,
          "BÁO CÁO CUNG LAO ĐỘNG THEO ĐƠN VỊ HÀNH CHÍNH", "LABOUR SUPPLY BY UNIT",
          parent.name + (vi ? " — tính đến " : " — as of ") +
              (vi ? LongDateVi(as_of) : as_of.ToString()),
          vi);
  PrintColumns(&doc, vi, vi ? "Đơn vị" : "Unit");
  size_t n = 0;
  for (const LabourSupply& c : children)
    doc.rows.push_back(Row(std::to_string(++n), c.unit_name, CountCells(c.total)));
  doc.totals = Row("", vi ? "Tổng cộng" : "Total", CountCells(total));
  doc.landscape = false;
  return doc;
}

TableDoc ChangesDoc(const ChangesReport& r, DocStyle style, bool vi) {
  TableDoc doc;
  if (style == DocStyle::kData) {
    doc.columns.push_back({"from_state", CellKind::kText, 12});
    for (int b = 0; b < kStatesOnDay; ++b)
      doc.columns.push_back(
          {std::string(StateSlug(static_cast<StateOnDay>(b))), CellKind::kText, 10});
    for (int a = 0; a < kStatesOnDay; ++a) {
      std::vector<std::string> row = {std::string(StateSlug(static_cast<StateOnDay>(a)))};
      for (int b = 0; b < kStatesOnDay; ++b) row.push_back(std::to_string(r.transitions[a][b]));
      doc.rows.push_back(std::move(row));
    }
    return doc;
  }
  Heading(&doc, r.unit.key == "national" ? "" : r.unit.name, "BÁO CÁO BIẾN ĐỘNG CUNG LAO ĐỘNG",
          "CHANGES IN LABOUR SUPPLY",
          r.unit.name + (vi ? " — từ " : " — from ") + r.from.ToString() + (vi ? " đến " : " to ") +
              r.to.ToString(),
          vi);
  doc.columns.push_back({vi ? "Tình trạng đầu kỳ \\ cuối kỳ" : "From \\ to", CellKind::kText, 26});
  for (int b = 0; b < kStatesOnDay; ++b)
    doc.columns.push_back(
        {std::string(StateLabel(static_cast<StateOnDay>(b), vi)), CellKind::kInteger, 12});
  for (int a = 0; a < kStatesOnDay; ++a) {
    std::vector<std::string> row = {std::string(StateLabel(static_cast<StateOnDay>(a), vi))};
    for (int b = 0; b < kStatesOnDay; ++b) row.push_back(std::to_string(r.transitions[a][b]));
    doc.rows.push_back(std::move(row));
  }
  doc.footnote = {
      (vi ? "Bước vào tuổi lao động (đủ 15 tuổi): " : "Reached working age (15): ") +
          std::to_string(r.reached_working_age),
      (vi ? "Mới được ghi nhận: " : "Newly recorded: ") + std::to_string(r.newly_recorded),
      (vi ? "Chuyển đến: " : "Moved in: ") + std::to_string(r.moved_in) +
          (vi ? "; chuyển đi: " : "; moved out: ") + std::to_string(r.moved_out),
      (vi ? "Đóng hồ sơ — đã chết: " : "Closed — deceased: ") + std::to_string(r.closed_deceased) +
          (vi ? "; xuất cảnh: " : "; emigrated: ") + std::to_string(r.closed_emigrated)};
  doc.landscape = true;
  return doc;
}

}  // namespace lmis
