#include "collect/campaign.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <set>

#include "exchange/csv.h"

namespace lmis {
namespace {

constexpr int64_t kMaxQuota = 10'000'000;
constexpr size_t kMaxWaves = 12;

void Add(Violations* out, std::string field, ViolationCode code, std::string vi, std::string en) {
  out->push_back({std::move(field), code, std::move(vi), std::move(en)});
}

std::optional<Date> ReadDate(const std::string& text, const std::string& field,
                             std::string_view label_vi, std::string_view label_en,
                             Violations* out) {
  if (text.empty()) {
    Add(out, field, ViolationCode::kRequired, std::string(label_vi) + " là bắt buộc",
        std::string(label_en) + " is required");
    return std::nullopt;
  }
  auto d = Date::Parse(text);
  if (!d)
    Add(out, field, ViolationCode::kDateFormat,
        std::string(label_vi) + " phải có dạng YYYY-MM-DD: " + QuoteValue(text),
        std::string(label_en) + " must be YYYY-MM-DD: " + QuoteValue(text));
  return d;
}

std::optional<int64_t> WholeNumber(std::string_view text) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}

// The communes of `unit_key`'s unit in its own tree, as UnitKeys (sorted).
std::vector<std::string> CommuneKeys(const AdminUnits& units, std::string_view unit_key) {
  std::vector<std::string> out;
  auto ref = ParseUnitKey(unit_key);
  if (!ref) return out;
  for (const std::string& c : units.CommunesUnder(ref->edition, ref->code))
    out.push_back(UnitKey(ref->edition, c));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

const Wave* Campaign::FindWave(int number) const {
  for (const Wave& w : waves)
    if (w.number == number) return &w;
  return nullptr;
}

std::optional<Campaign> ReadCampaign(const CampaignDraft& d, const AdminUnits& units,
                                     Violations* out) {
  const size_t before = out->size();
  Campaign c;
  c.name = d.name;
  if (d.name.empty())
    Add(out, "name", ViolationCode::kRequired, "Tên chiến dịch là bắt buộc",
        "The campaign name is required");
  else if (d.name.size() > 200)
    Add(out, "name", ViolationCode::kFormat, "Tên chiến dịch dài quá 200 ký tự",
        "The campaign name is longer than 200 characters");
  auto reference =
      ReadDate(d.reference_date, "reference_date", "Thời điểm thu thập", "The reference date", out);
  auto start = ReadDate(d.window_start, "window_start", "Ngày bắt đầu thu thập",
                        "The start of the collection window", out);
  auto end = ReadDate(d.window_end, "window_end", "Ngày kết thúc thu thập",
                      "The end of the collection window", out);
  if (start && end && *end < *start)
    Add(out, "window_end", ViolationCode::kDateFormat,
        "Ngày kết thúc thu thập (" + end->ToString() + ") trước ngày bắt đầu (" +
            start->ToString() + ")",
        "The collection window ends (" + end->ToString() + ") before it starts (" +
            start->ToString() + ")");

  if (d.unit.empty()) {
    Add(out, "unit", ViolationCode::kRequired,
        "Cần mã đơn vị hành chính của chiến dịch (hoặc national)",
        "The campaign's unit code (or national) is required");
  } else if (d.unit == kNationalUnit) {
    c.unit = std::string(kNationalUnit);
  } else if (reference) {
    const UnitEdition e = EditionAt(*reference);
    if (!units.Find(e, d.unit))
      Add(out, "unit", ViolationCode::kUnitUnknown,
          "Không có đơn vị hành chính " + QuoteValue(d.unit) + " trong danh mục ngày " +
              reference->ToString(),
          "No administrative unit " + QuoteValue(d.unit) + " in the tree on " +
              reference->ToString());
    else
      c.unit = UnitKey(e, d.unit);
  }

  if (d.waves.empty())
    Add(out, "waves", ViolationCode::kRequired, "Chiến dịch cần ít nhất một đợt",
        "A campaign needs at least one wave");
  if (d.waves.size() > kMaxWaves)
    Add(out, "waves", ViolationCode::kFormat,
        "Chiến dịch có nhiều nhất " + std::to_string(kMaxWaves) + " đợt",
        "A campaign has at most " + std::to_string(kMaxWaves) + " waves");
  std::optional<Date> previous;
  for (size_t i = 0; i < d.waves.size() && i < kMaxWaves; ++i) {
    const auto& w = d.waves[i];
    const std::string field = "waves[" + std::to_string(i) + "]";
    const int expected = static_cast<int>(i) + 1;
    Wave wave;
    wave.number = expected;
    auto number = WholeNumber(w.number);
    if (!number || *number != expected)
      Add(out, field + ".number", ViolationCode::kFormat,
          "Các đợt phải được đánh số 1, 2, … theo thứ tự: đợt thứ " + std::to_string(expected) +
              " mang số " + QuoteValue(w.number),
          "Waves are numbered 1, 2, … in order: wave " + std::to_string(expected) +
              " is numbered " + QuoteValue(w.number));
    wave.name = w.name.empty() ? "Đợt " + std::to_string(expected) : w.name;
    if (wave.name.size() > 200)
      Add(out, field + ".name", ViolationCode::kFormat, "Tên đợt dài quá 200 ký tự",
          "The wave name is longer than 200 characters");
    auto deadline =
        ReadDate(w.deadline, field + ".deadline", "Hạn của đợt " + std::to_string(expected),
                 "The deadline of wave " + std::to_string(expected), out);
    if (deadline) {
      wave.deadline = *deadline;
      if (start && *deadline < *start)
        Add(out, field + ".deadline", ViolationCode::kDateFormat,
            "Hạn của đợt " + std::to_string(expected) + " (" + deadline->ToString() +
                ") trước ngày bắt đầu thu thập (" + start->ToString() + ")",
            "The deadline of wave " + std::to_string(expected) + " (" + deadline->ToString() +
                ") is before the collection window starts (" + start->ToString() + ")");
      if (previous && *deadline < *previous)
        Add(out, field + ".deadline", ViolationCode::kDateFormat,
            "Hạn của đợt " + std::to_string(expected) + " sớm hơn hạn của đợt " +
                std::to_string(expected - 1),
            "The deadline of wave " + std::to_string(expected) + " is before that of wave " +
                std::to_string(expected - 1));
      previous = deadline;
    }
    c.waves.push_back(std::move(wave));
  }
  if (out->size() != before) return std::nullopt;
  c.reference_date = *reference;
  c.window_start = *start;
  c.window_end = *end;
  return c;
}

std::optional<std::vector<std::string>> CampaignCommunes(const Campaign& campaign,
                                                         const AdminUnits& units) {
  if (campaign.national()) return std::nullopt;
  return CommuneKeys(units, campaign.unit);
}

bool CampaignCovers(const Campaign& campaign, const AdminUnits& units,
                    std::string_view commune_key) {
  auto ref = ParseUnitKey(commune_key);
  if (!ref || ref->edition != campaign.edition()) return false;
  if (!units.FindCommune(ref->edition, ref->code)) return false;
  if (campaign.national()) return true;
  auto unit = ParseUnitKey(campaign.unit);
  return unit && units.IsWithin(ref->edition, ref->code, unit->code);
}

std::optional<std::string> CampaignCommune(const Campaign& campaign, const AdminUnits& units,
                                           std::string_view code, const std::string& field,
                                           Violations* out) {
  const UnitEdition e = campaign.edition();
  if (code.empty()) {
    Add(out, field, ViolationCode::kRequired, "Cần mã xã", "A commune code is required");
    return std::nullopt;
  }
  if (!units.FindCommune(e, code)) {
    Add(out, field, ViolationCode::kUnitUnknown,
        "Không có xã " + QuoteValue(code) + " trong danh mục ngày " +
            campaign.reference_date.ToString(),
        "No commune " + QuoteValue(code) + " in the tree on " + campaign.reference_date.ToString());
    return std::nullopt;
  }
  std::string key = UnitKey(e, code);
  if (!CampaignCovers(campaign, units, key)) {
    Add(out, field, ViolationCode::kOutsideJurisdiction,
        "Xã " + QuoteValue(code) + " không thuộc địa bàn của chiến dịch",
        "Commune " + QuoteValue(code) + " lies outside the campaign's unit");
    return std::nullopt;
  }
  return key;
}

std::optional<Quota> ReadQuota(const Campaign& campaign, const AdminUnits& units,
                               const QuotaDraft& d, const std::string& field, Violations* out) {
  const size_t before = out->size();
  Quota q;
  if (auto key = CampaignCommune(campaign, units, d.unit, field + ".unit", out)) q.unit = *key;
  auto wave = WholeNumber(d.wave);
  if (!wave || !campaign.FindWave(static_cast<int>(*wave)))
    Add(out, field + ".wave",
        d.wave.empty() ? ViolationCode::kRequired : ViolationCode::kCodeUnknown,
        "Chiến dịch không có đợt " + QuoteValue(d.wave) + " (có " +
            std::to_string(campaign.waves.size()) + " đợt)",
        "The campaign has no wave " + QuoteValue(d.wave) + " (it has " +
            std::to_string(campaign.waves.size()) + ")");
  else
    q.wave = static_cast<int>(*wave);
  auto quota = WholeNumber(d.quota);
  if (!quota || *quota < 0 || *quota > kMaxQuota)
    Add(out, field + ".quota", d.quota.empty() ? ViolationCode::kRequired : ViolationCode::kFormat,
        "Chỉ tiêu phải là số nguyên từ 0 đến 10.000.000: " + QuoteValue(d.quota),
        "A quota is a whole number from 0 to 10,000,000: " + QuoteValue(d.quota));
  else
    q.quota = *quota;
  if (out->size() != before) return std::nullopt;
  return q;
}

QuotaFile ReadQuotaCsv(std::string_view csv, const Campaign& campaign, const AdminUnits& units) {
  QuotaFile result;
  std::string text(csv);
  std::FILE* f = fmemopen(text.data(), text.size(), "r");
  if (text.empty() || !f) {
    if (f) std::fclose(f);
    result.rejects.push_back(
        {1,
         {"unit", ViolationCode::kRequired, "Tệp trống: cần tiêu đề unit,wave,quota",
          "Empty file: the header unit,wave,quota is required"}});
    return result;
  }
  try {
    CsvReader reader(f);
    CsvRecord rec;
    if (!reader.Next(&rec)) {
      result.rejects.push_back(
          {1,
           {"unit", ViolationCode::kRequired, "Tệp trống: cần tiêu đề unit,wave,quota",
            "Empty file: the header unit,wave,quota is required"}});
      std::fclose(f);
      return result;
    }
    std::map<std::string, size_t> column;
    for (size_t i = 0; i < rec.fields.size(); ++i) {
      std::string name(rec.fields[i]);
      if (name != "unit" && name != "wave" && name != "quota") {
        result.rejects.push_back(
            {1,
             {name, ViolationCode::kColumnUnknown,
              "Cột không hợp lệ " + QuoteValue(name) + " (chỉ nhận unit, wave, quota)",
              "Unknown column " + QuoteValue(name) + " (only unit, wave, quota)"}});
        continue;
      }
      if (!column.emplace(name, i).second)
        result.rejects.push_back(
            {1,
             {name, ViolationCode::kFormat, "Cột " + QuoteValue(name) + " lặp lại",
              "Column " + QuoteValue(name) + " appears twice"}});
    }
    for (const char* needed : {"unit", "wave", "quota"})
      if (!column.contains(needed))
        result.rejects.push_back(
            {1,
             {needed, ViolationCode::kRequired, std::string("Thiếu cột ") + needed,
              std::string("The column ") + needed + " is missing"}});
    if (!result.rejects.empty()) {
      std::fclose(f);
      return result;
    }
    std::map<std::pair<std::string, int>, int64_t> seen;  // (commune, wave) → line
    while (reader.Next(&rec)) {
      auto cell = [&](const char* name) {
        size_t i = column[name];
        return i < rec.fields.size() ? std::string(rec.fields[i]) : std::string();
      };
      Violations problems;
      if (!rec.problem.empty() || rec.fields.size() != column.size())
        problems.push_back({"unit", ViolationCode::kFormat,
                            "Dòng phải có đúng " + std::to_string(column.size()) + " ô",
                            "A row has exactly " + std::to_string(column.size()) + " cells"});
      std::optional<Quota> q;
      if (problems.empty())
        q = ReadQuota(campaign, units, {cell("unit"), cell("wave"), cell("quota")}, "", &problems);
      for (Violation& v : problems) {
        if (!v.field.empty() && v.field[0] == '.') v.field.erase(0, 1);
        result.rejects.push_back({rec.line, std::move(v)});
      }
      if (!q) continue;
      auto [it, fresh] = seen.emplace(std::pair{q->unit, q->wave}, rec.line);
      if (!fresh) {
        result.rejects.push_back(
            {rec.line,
             {"unit", ViolationCode::kFormat,
              "Xã " + QuoteValue(cell("unit")) + ", đợt " + std::to_string(q->wave) +
                  " đã có ở dòng " + std::to_string(it->second),
              "Commune " + QuoteValue(cell("unit")) + ", wave " + std::to_string(q->wave) +
                  " is given already on line " + std::to_string(it->second)}});
        continue;
      }
      result.quotas.push_back(std::move(*q));
    }
  } catch (const std::exception& e) {
    result.rejects.push_back(
        {0,
         {"unit", ViolationCode::kFormat, "Tệp CSV không đọc được (thiếu dấu ngoặc kép đóng?)",
          std::string("The CSV file cannot be read: ") + e.what()}});
  }
  std::fclose(f);
  return result;
}

}  // namespace lmis
