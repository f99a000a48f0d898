#include "collect/printouts.h"

#include <cstdio>

#include "collect/handover.h"

namespace lmis {
namespace {

std::string SexVi(std::string_view sex) {
  if (sex == "male") return "Nam";
  if (sex == "female") return "Nữ";
  return std::string(sex);
}

// The name without its kind ("Phường Ba Đình" → "Ba Đình"), for the place of signing.
std::string PlaceName(std::string_view name) {
  for (std::string_view kind : {"Thị trấn ", "Phường ", "Xã ", "Đặc khu ", "Thành phố ", "Tỉnh "})
    if (name.starts_with(kind)) return std::string(name.substr(kind.size()));
  return std::string(name);
}

std::string ReasonVi(const WorklistPerson& p) {
  std::string out;
  if (p.reason == NeedReason::kNoRecord) {
    out = "Chưa có phiếu";
  } else {
    out = "Phiếu thiếu: ";
    for (size_t i = 0; i < p.missing.size(); ++i) {
      if (i) out += ", ";
      out += MissingItemLabelVi(p.missing[i]);
    }
  }
  if (p.age_uncertain) out += "; chưa chắc đủ 15 tuổi";
  return out;
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const std::string& i : items) {
    if (!out.empty()) out.append(sep);
    out.append(i);
  }
  return out;
}

std::string CommuneName(const AdminUnits& units, std::string_view key) {
  auto ref = ParseUnitKey(key);
  const AdminUnit* u = ref ? units.Find(ref->edition, ref->code) : nullptr;
  return u ? u->name : std::string(key);
}

}  // namespace

TableDoc WorklistDoc(const WorklistView& v, DocStyle style) {
  TableDoc doc;
  if (style == DocStyle::kData) {
    for (const char* h : {"household_id", "cccd", "full_name", "birth_date", "sex",
                          "relation_to_head", "head", "address", "reason", "missing",
                          "age_uncertain", "form_id", "wave", "collector", "form_state"})
      doc.columns.push_back({h, CellKind::kText, 12});
    for (const WorklistHousehold& h : v.households) {
      doc.group_starts.push_back(doc.rows.size());
      for (const WorklistPerson& p : h.members)
        doc.rows.push_back(
            {p.household_id, p.cccd, p.full_name, p.birth_date, p.sex, p.relation_to_head,
             p.head ? "true" : "false", p.address, std::string(ReasonSlug(p.reason)),
             Join(p.missing, ";"), p.age_uncertain ? "true" : "false",
             p.form_id ? std::to_string(p.form_id) : "",
             p.form_wave ? std::to_string(p.form_wave) : "", p.collector, p.form_state});
    }
    return doc;
  }
  doc.issuer = "UBND " + UpperVi(v.commune_name);
  doc.national_motto = true;
  doc.title = "BẢNG KÊ NGƯỜI CẦN THU THẬP THÔNG TIN";
  doc.subtitle = {"Chiến dịch: " + v.campaign.name + " — thời điểm thu thập " +
                      ShortDateVi(v.campaign.reference_date.ToString()),
                  v.commune_name + " (mã " + v.commune_code + ")"};
  doc.landscape = true;
  // Widths in millimetres of the printable landscape width: a CCCD, a household id and a
  // date each fit on one line.
  doc.columns = {{"STT", CellKind::kInteger, 10},
                 {"Mã hộ", CellKind::kText, 29},
                 {"Họ và tên", CellKind::kText, 42},
                 {"Ngày sinh", CellKind::kText, 24},
                 {"Giới tính", CellKind::kText, 14},
                 {"Số định danh", CellKind::kText, 34},
                 {"Quan hệ với chủ hộ", CellKind::kText, 20},
                 {"Địa chỉ", CellKind::kText, 40},
                 {"Lý do", CellKind::kText, 36},
                 {"Điều tra viên", CellKind::kText, 22}};
  int64_t n = 0;
  for (const WorklistHousehold& h : v.households) {
    doc.group_starts.push_back(doc.rows.size());
    bool first = true;
    for (const WorklistPerson& p : h.members) {
      doc.rows.push_back({std::to_string(++n), first ? h.household_id : "", p.full_name,
                          ShortDateVi(p.birth_date), SexVi(p.sex), p.cccd, p.relation_to_head,
                          first ? h.address : "", ReasonVi(p), p.collector});
      first = false;
    }
  }
  doc.totals = {"",
                "Tổng cộng",
                std::to_string(v.people) + " người, " + std::to_string(v.households.size()) + " hộ",
                "",
                "",
                "",
                "",
                "",
                "",
                ""};
  doc.footnote = {"Chưa có phiếu: " + std::to_string(v.no_record) +
                  "; phiếu thiếu thông tin: " + std::to_string(v.incomplete) +
                  "; chưa chắc đủ 15 tuổi: " + std::to_string(v.age_uncertain) +
                  "; đã giao điều tra viên: " + std::to_string(v.assigned) + "."};
  doc.place_date = PlaceName(v.commune_name) + ", ngày …… tháng …… năm ………";
  doc.signatures = {{"NGƯỜI LẬP BẢNG", "(Ký, ghi rõ họ tên)", ""},
                    {"TM. ỦY BAN NHÂN DÂN", "(Ký tên, đóng dấu)", ""}};
  return doc;
}

TableDoc HandoverDoc(const HandoverView& v, const AdminUnits& units) {
  const HandoverRow& h = v.handover;
  const std::string commune = CommuneName(units, h.unit);
  const Date day = LocalDayOf(h.at).value_or(Date{});
  auto role_of = [](const std::string& slug) {
    auto r = ParseRole(slug);
    return r ? std::string(RoleLabelVi(*r)) : std::string("Người vận hành hệ thống");
  };
  TableDoc doc;
  doc.issuer = "UBND " + UpperVi(commune);
  doc.national_motto = true;
  doc.title = "BIÊN BẢN BÀN GIAO PHIẾU THU THẬP THÔNG TIN NGƯỜI LAO ĐỘNG";
  doc.subtitle = {"Số: " + std::to_string(h.id) + " — Chiến dịch: " + v.campaign.name};
  doc.preamble = {
      "Hôm nay, " + LongDateVi(day) + ", tại trụ sở UBND " + commune + ", chúng tôi gồm:",
      "Bên giao: " + h.from_user + " — " + role_of(h.from_role),
      "Bên nhận: " + h.to_user + " — " + role_of("commune_police"),
      "Bên giao bàn giao cho bên nhận " + std::to_string(h.form_count) +
          " phiếu thu thập thông tin người lao động (Mẫu số 03, Thông tư 11/2022/TT-BLĐTBXH) đã "
          "được nghiệm thu, danh sách như sau:"};
  // Widths in millimetres of the printable portrait width (see WorklistDoc).
  doc.columns = {{"STT", CellKind::kInteger, 11},       {"Mã phiếu", CellKind::kInteger, 14},
                 {"Họ và tên", CellKind::kText, 41},    {"Ngày sinh", CellKind::kText, 23},
                 {"Số định danh", CellKind::kText, 34}, {"Mã hộ", CellKind::kText, 31},
                 {"Đợt", CellKind::kInteger, 10},       {"Điều tra viên", CellKind::kText, 18}};
  int64_t n = 0;
  for (const FormRow& f : v.forms)
    doc.rows.push_back({std::to_string(++n), std::to_string(f.id), f.full_name,
                        ShortDateVi(f.birth_date), f.cccd, f.household_id, std::to_string(f.wave),
                        f.collector});
  doc.totals = {"", "", "Tổng cộng: " + std::to_string(h.form_count) + " phiếu", "", "", "",
                "", ""};
  doc.footnote = {"Mã kiểm tra: " + GroupedCheckCode(h.check_code)};
  if (!h.note.empty()) doc.footnote.push_back("Ghi chú: " + h.note);
  doc.footnote.push_back(
      "Biên bản được lập thành 02 bản có giá trị như nhau, mỗi bên giữ 01 bản. Mã kiểm tra "
      "dùng để đối chiếu biên bản in với dữ liệu trên hệ thống.");
  doc.place_date = PlaceName(commune) + ", " + LongDateVi(day);
  doc.signatures = {{"BÊN GIAO", "(Ký, ghi rõ họ tên)", h.from_user},
                    {"BÊN NHẬN", "(Ký, ghi rõ họ tên)", h.to_user}};
  return doc;
}

TableDoc ProgressDoc(const ProgressReport& r, DocStyle style) {
  TableDoc doc;
  auto cells = [&](const ProgressLine& l, const std::string& wave, const std::string& code,
                   const std::string& name) -> std::vector<std::string> {
    const ProgressCounts& c = l.counts;
    return {wave,
            code,
            name,
            std::to_string(c.quota),
            std::to_string(c.assigned),
            std::to_string(c.collected),
            PercentText(l.collected_pct),
            std::to_string(c.accepted),
            std::to_string(c.handed_over),
            std::to_string(c.entered),
            PercentText(l.entered_pct),
            std::to_string(c.archived),
            std::to_string(c.returned),
            std::to_string(c.collected_by_deadline),
            std::to_string(c.collected_after_deadline),
            style == DocStyle::kData ? (l.late ? "true" : "false") : (l.late ? "Chậm" : "")};
  };
  if (style == DocStyle::kData) {
    for (const char* h :
         {"wave", "unit", "unit_name", "quota", "assigned", "collected", "collected_pct",
          "accepted", "handed_over", "entered", "entered_pct", "archived", "returned",
          "collected_by_deadline", "collected_after_deadline", "late"})
      doc.columns.push_back({h, CellKind::kText, 10});
    for (const WaveProgress& w : r.waves) {
      for (const ProgressLine& l : w.lines)
        doc.rows.push_back(cells(l, std::to_string(w.number), l.unit_code, l.unit_name));
      doc.rows.push_back(cells(w.total, std::to_string(w.number), "total", ""));
    }
    return doc;
  }
  doc.issuer = r.unit_code.empty() ? "" : "UBND " + UpperVi(r.unit_name);
  doc.national_motto = true;
  doc.title = "BÁO CÁO TIẾN ĐỘ THU THẬP THÔNG TIN NGƯỜI LAO ĐỘNG";
  doc.subtitle = {"Chiến dịch: " + r.campaign.name + " — " + r.unit_name,
                  "Tính đến hết " + LongDateVi(r.as_of)};
  doc.landscape = true;
  const CellKind I = CellKind::kInteger, P = CellKind::kPercent, T = CellKind::kText;
  doc.columns = {{"Đợt", I, 4},
                 {"Mã xã", T, 7},
                 {"Tên xã", T, 18},
                 {"Chỉ tiêu", I, 7},
                 {"Đã giao", I, 7},
                 {"Đã thu thập", I, 8},
                 {"Tỷ lệ thu thập", P, 8},
                 {"Đã nghiệm thu", I, 8},
                 {"Đã bàn giao", I, 8},
                 {"Đã nhập", I, 7},
                 {"Tỷ lệ nhập", P, 7},
                 {"Đã lưu trữ", I, 7},
                 {"Đang trả lại", I, 7},
                 {"Thu đúng hạn", I, 7},
                 {"Thu sau hạn", I, 7},
                 {"Tiến độ", T, 6}};
  ProgressCounts all;
  for (const WaveProgress& w : r.waves) {
    doc.group_starts.push_back(doc.rows.size());
    for (const ProgressLine& l : w.lines)
      doc.rows.push_back(cells(l, std::to_string(w.number), l.unit_code, l.unit_name));
    doc.rows.push_back(
        cells(w.total, std::to_string(w.number), "",
              "Cộng " + w.name + " (hạn " + ShortDateVi(w.deadline.ToString()) + ")"));
    AddCounts(&all, w.total.counts);
  }
  ProgressLine total = MakeProgressLine("", "", "", 0, all, r.as_of, r.as_of);
  doc.totals = cells(total, "", "", "Tổng cộng");
  doc.totals.back() = "";
  doc.footnote = {
      "Đã thu thập: số phiếu đã từng được thu thập đến hết ngày báo cáo; tỷ lệ tính trên chỉ "
      "tiêu. Chậm: đã quá hạn của đợt mà số phiếu thu thập trong hạn chưa đạt chỉ tiêu."};
  doc.place_date =
      (r.unit_name.empty() ? std::string() : PlaceName(r.unit_name) + ", ") + LongDateVi(r.as_of);
  doc.signatures = {{"NGƯỜI LẬP BÁO CÁO", "(Ký, ghi rõ họ tên)", ""},
                    {"THỦ TRƯỞNG ĐƠN VỊ", "(Ký tên, đóng dấu)", ""}};
  return doc;
}

}  // namespace lmis
