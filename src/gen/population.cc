// The synthetic population generator. One pass builds households one at a time, emits each
// member to the register extract and each member aged 15+ (alive) as a Mẫu 03 record; nothing
// but small lookup tables outlives a household, so memory stays flat however many people are
// asked for.
//
// Shapes are calibrated against published aggregates (2019 census, GSO labour-force survey
// 2023): household size ~3.5, ~24% under 15, labour-force participation ~68% of people 15+,
// unemployment ~2.3% of the labour force, the status-in-employment mix of the LFS.
//
// Planted validation errors and register plants (discrepancies between a person's worker record
// and register row, see ReconcileTruth) draw from random streams of their own, and every record
// is built in full even when a plant leaves it out, so a seed gives the same people at any rate.
#include "gen/population.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "core/text.h"
#include "core/worker_codec.h"
#include "gen/random.h"

namespace lmis {
namespace {

using gen::Permutation;
using gen::Rng;
using gen::SplitMix64;
using gen::Weighted;

// ---- Calendar arithmetic on day numbers (H. Hinnant's civil-days algorithms) -------------

int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Date{static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}

// The day `years` before `date` (29 February falls back to the 28th).
int64_t YearsBefore(const Date& date, int years) {
  int y = date.year - years;
  return DaysFromCivil(y, date.month, std::min(date.day, DaysInMonth(y, date.month)));
}

// ---- Code lists used by the generator --------------------------------------------------------

constexpr std::array<std::string_view, 6> kErrorKinds = {"cccd_typo",       "cccd_sex_mismatch",
                                                         "cccd_birth_year", "missing_conditional",
                                                         "unknown_unit",    "cccd_length"};

// Register discrepancies (1–10) and look-alikes that are none (11–13), handed out in this order
// (see GenOptions::register_error_rate); the names are the `planted` column of ReconcileTruth.
enum class RegisterPlant : uint8_t {
  kNameMismatch,
  kBirthDateMismatch,
  kCurrentUnitMismatch,
  kCccdTypo,
  kCccdMissing,
  kSexMismatch,
  kPermanentUnitMismatch,
  kNotInRegister,
  kClosedInRegister,
  kNoWorkerRecord,
  kNameVariant,
  kBirthDatePartial,
  kCurrentUnitExplicit,
  kNone,
};
constexpr std::array<std::string_view, 13> kRegisterPlantNames = {"name_mismatch",
                                                                  "birth_date_mismatch",
                                                                  "current_unit_mismatch",
                                                                  "cccd_typo",
                                                                  "cccd_missing",
                                                                  "sex_mismatch",
                                                                  "permanent_unit_mismatch",
                                                                  "not_in_register",
                                                                  "closed_in_register",
                                                                  "no_worker_record",
                                                                  "name_variant",
                                                                  "birth_date_partial",
                                                                  "current_unit_explicit"};

// The old and the new tone placement of the syllable endings where both are written (òa/oà).
constexpr std::pair<std::string_view, std::string_view> kTonePlacements[] = {
    {"òa", "oà"}, {"óa", "oá"}, {"ỏa", "oả"}, {"õa", "oã"}, {"ọa", "oạ"},
    {"òe", "oè"}, {"óe", "oé"}, {"ỏe", "oẻ"}, {"õe", "oẽ"}, {"ọe", "oẹ"},
    {"ùy", "uỳ"}, {"úy", "uý"}, {"ủy", "uỷ"}, {"ũy", "uỹ"}, {"ụy", "uỵ"}};

// Ethnic groups by their 2008 GSO code with their approximate share of the population (2019
// census); the remaining ~1% is spread over the other groups of the list.
constexpr std::pair<std::string_view, double> kEthnicShares[] = {
    {"01", 85.3}, {"02", 1.92}, {"03", 1.89}, {"04", 1.5},  {"05", 1.37}, {"06", 0.78},
    {"07", 1.1},  {"08", 1.5},  {"09", 0.93}, {"10", 0.53}, {"11", 0.41}, {"12", 0.3},
    {"13", 0.21}, {"14", 0.19}, {"15", 0.21}, {"16", 0.22}, {"17", 0.19}, {"18", 0.15}};

constexpr std::string_view kStreets[] = {
    "Trần Phú",        "Lê Lợi",     "Nguyễn Trãi",   "Quang Trung", "Hai Bà Trưng",
    "Lý Thường Kiệt",  "Nguyễn Huệ", "Hùng Vương",    "Lê Duẩn",     "Điện Biên Phủ",
    "Phan Đình Phùng", "Bà Triệu",   "Trần Hưng Đạo", "Nguyễn Du",   "Võ Thị Sáu"};
constexpr std::string_view kBusinessWords[] = {
    "Thành Đạt", "Phú Thịnh", "Hưng Long", "Minh Phát", "An Khang",   "Tân Tiến",  "Việt Tiến",
    "Hòa Bình",  "Đại Nam",   "Sao Mai",   "Phúc Lộc",  "Trường Sơn", "Hoàng Gia", "Bình Minh"};
constexpr std::string_view kBusinessTrades[] = {"Xây dựng", "Thương mại", "Dịch vụ",   "May mặc",
                                                "Cơ khí",   "Vận tải",    "Thực phẩm", "Điện tử",
                                                "Nội thất", "Công nghệ",  "Du lịch",   "Vật liệu"};
constexpr std::string_view kFdiNames[] = {
    "Samsung Electronics", "Canon", "Pouchen", "Foxconn",        "LG Display",     "Hansol Vina",
    "Taekwang Vina",       "Nidec", "Yazaki",  "Intel Products", "Regina Miracle", "Hyosung"};
constexpr std::string_view kStateEnterprises[] = {"Công ty Điện lực",
                                                  "Công ty TNHH MTV Cấp nước",
                                                  "Bưu điện tỉnh",
                                                  "Công ty Xổ số kiến thiết",
                                                  "Công ty TNHH MTV Lâm nghiệp",
                                                  "Chi nhánh Ngân hàng Nông nghiệp và PTNT"};
constexpr std::string_view kStatePrefixes[] = {"UBND",      "Trường Tiểu học", "Trường THCS",
                                               "Trạm Y tế", "Công an",         "Trường Mầm non"};

// Fields of training (item 10.1), by whether they need a degree-level course.
constexpr std::string_view kVocationalFields[] = {"Điện công nghiệp",
                                                  "Cơ khí",
                                                  "May thời trang",
                                                  "Hàn",
                                                  "Sửa chữa ô tô",
                                                  "Nấu ăn",
                                                  "Điện dân dụng",
                                                  "Lái xe",
                                                  "Kỹ thuật chế biến món ăn",
                                                  "Chăn nuôi thú y",
                                                  "Trồng trọt",
                                                  "Tin học văn phòng"};
constexpr std::string_view kDegreeFields[] = {"Kế toán",
                                              "Công nghệ thông tin",
                                              "Quản trị kinh doanh",
                                              "Sư phạm tiểu học",
                                              "Sư phạm ngữ văn",
                                              "Điều dưỡng",
                                              "Y đa khoa",
                                              "Luật",
                                              "Tài chính - Ngân hàng",
                                              "Kỹ thuật xây dựng",
                                              "Nông học",
                                              "Ngôn ngữ Anh",
                                              "Kinh tế",
                                              "Dược",
                                              "Kỹ thuật điện",
                                              "Quản lý đất đai"};

// ---- Name spellings ---------------------------------------------------------------------------

std::vector<std::string> Syllables(std::string_view name) {
  std::vector<std::string> out;
  for (size_t start = 0; start < name.size();) {
    size_t space = std::min(name.find(' ', start), name.size());
    if (space > start) out.emplace_back(name.substr(start, space - start));
    start = space + 1;
  }
  return out;
}

std::string JoinSyllables(const std::vector<std::string>& syllables) {
  std::string out;
  for (const std::string& s : syllables) out += (out.empty() ? "" : " ") + s;
  return out;
}

icu::UnicodeString Unicode(std::string_view text) {
  return icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
}

// `text` in upper or lower case, NFC.
std::string InCase(std::string_view text, bool upper) {
  icu::UnicodeString s = Unicode(text);
  if (upper)
    s.toUpper(icu::Locale("vi"));
  else
    s.toLower(icu::Locale("vi"));
  std::string out;
  s.toUTF8String(out);
  return ToNfc(out);
}

// The syllable with the other tone placement of its ending (Hòa ↔ Hoà), or "" when it has no
// such ending: the ending must close the syllable (no final consonant), and "uy" after "q" is no
// diphthong (quý is spelled one way only).
std::string OtherTonePlacement(std::string_view syllable) {
  for (const auto& [old_style, new_style] : kTonePlacements) {
    for (bool from_old : {true, false}) {
      std::string_view from = from_old ? old_style : new_style;
      if (!syllable.ends_with(from)) continue;
      std::string_view stem = syllable.substr(0, syllable.size() - from.size());
      bool uy = old_style.back() == 'y';
      if (uy && !stem.empty() && (stem.back() == 'q' || stem.back() == 'Q')) continue;
      return std::string(stem) + std::string(from_old ? new_style : old_style);
    }
  }
  return "";
}

// The syllable typed without its diacritics, keeping an initial capital (Nguyễn → Nguyen), or ""
// when it has none.
std::string WithoutDiacritics(std::string_view syllable) {
  std::string folded = FoldVietnamese(syllable);
  if (folded.empty() || folded == InCase(syllable, false)) return "";
  if (u_isupper(Unicode(syllable).char32At(0)) && folded[0] >= 'a' && folded[0] <= 'z')
    folded[0] = static_cast<char>(folded[0] - 'a' + 'A');
  return folded;
}

// Another spelling of the same name (equal NameKey): one syllable with the other tone
// placement, and/or the whole name in upper or lower case.
std::string NameVariant(std::string_view name, Rng& rng) {
  std::vector<std::string> syllables = Syllables(name);
  std::vector<size_t> swappable;
  for (size_t i = 0; i < syllables.size(); ++i)
    if (!OtherTonePlacement(syllables[i]).empty()) swappable.push_back(i);
  std::string out(name);
  if (!swappable.empty()) {
    std::string& s = syllables[swappable[rng.Below(swappable.size())]];
    s = OtherTonePlacement(s);
    out = JoinSyllables(syllables);
  }
  if (swappable.empty() || rng.Chance(0.5)) out = InCase(out, rng.Chance(0.5));
  if (out == name || NameKey(out) != NameKey(name))
    throw std::logic_error("name variant of \"" + std::string(name) + "\" is no variant");
  return out;
}

// ---- Members and households ------------------------------------------------------------------

enum class Status : uint8_t { kAlive, kDeceased, kEmigrated };

// One household member as the register knows them.
struct Member {
  int age = 0;  // completed years at the reference date (what age they would have, if dead)
  Sex sex = Sex::kMale;
  int surname = 0;  // index into NameStats::surnames
  std::string_view relation;
  Status status = Status::kAlive;
  int64_t status_day = 0;
  PartialDate birth;  // as registered (mostly full)
  std::string cccd;
  std::string full_name;
};

// Where a household lives and what it shares.
struct Household {
  size_t commune = 0;  // index into Model::communes (current residence)
  std::string permanent_unit;
  std::string permanent_address;
  std::string current_address;
  bool migrant = false;  // registered elsewhere, living here
  std::string id;
  std::string_view ethnicity;
  bool minority = false;
  bool poor = false, near_poor = false, land_recovered = false;
  std::string birth_province;  // the usual CCCD province of its members
  std::vector<Member> members;
};

// What is planted in one worker-to-be's rows: a validation error (GenOptions::error_rate) or a
// register plant (GenOptions::register_error_rate), never both.
struct PersonPlan {
  bool validation_error = false;
  RegisterPlant plant = RegisterPlant::kNone;
  bool on_register = false;  // name_variant: respell the register's name, not the worker's
};

// An occupation a worker may be given, grouped by code prefix for the workplace mixes.
struct OccupationPool {
  std::string_view prefix;
  std::vector<const CatalogEntry*> entries;
};

// A workplace type's mix of occupation code prefixes.
struct OccupationMix {
  std::vector<const OccupationPool*> pools;
  Weighted weights;
};

// Everything precomputed from the reference data and the options.
struct Model {
  UnitEdition edition;
  std::vector<const AdminUnit*> communes;  // chosen communes, sorted by code
  std::vector<std::string> all_communes;   // every commune of the edition (migrants)
  std::vector<std::string> old_provinces;  // the 63 CCCD provinces
  std::unordered_map<std::string, std::vector<std::string>> old_provinces_of;  // commune →
  std::vector<std::string> ethnic_codes;
  Weighted ethnic_weights;
  std::vector<OccupationPool> pools;
  std::array<OccupationMix, 12> mix_by_workplace;  // indexed by WorkplaceType value
  OccupationMix employer_mix;
  std::array<std::vector<std::string>, 26> divisions_by_section;  // 'A'..'Z'
  Weighted surnames, middle[2], given[2];
};

bool IsVietnameseTitle(std::string_view title) {
  for (unsigned char c : title)
    if (c >= 0x80) return true;  // the ISCO-aligned fill-ins are plain-ASCII English
  return false;
}

// The communes named by `units` (provinces, districts or communes of `edition`).
std::vector<const AdminUnit*> ChosenCommunes(const AdminUnits& units, UnitEdition edition,
                                             const std::vector<std::string>& codes) {
  std::vector<std::string> roots = codes.empty() ? std::vector<std::string>{"08"} : codes;
  std::vector<std::string> found;
  for (const std::string& code : roots) {
    if (!units.Find(edition, code))
      throw std::invalid_argument("unknown unit code \"" + code + "\" at the reference date");
    auto under = units.CommunesUnder(edition, code);
    found.insert(found.end(), under.begin(), under.end());
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  if (found.empty()) throw std::invalid_argument("the chosen units hold no commune");
  std::vector<const AdminUnit*> out;
  for (const std::string& code : found) out.push_back(units.Find(edition, code));
  return out;
}

// For each commune of `edition`, the pre-2025 provinces its territory came from (one entry per
// old commune, so a draw is weighted by how much of it each old province gave).
void BuildBirthProvinces(const AdminUnits& units, UnitEdition edition, Model* m) {
  for (const AdminUnit* old : units.Communes(UnitEdition::kPre2025)) {
    std::string province = units.ProvinceOf(UnitEdition::kPre2025, old->code);
    if (edition == UnitEdition::kPre2025) {
      m->old_provinces_of[old->code].push_back(province);
      continue;
    }
    for (const std::string& now : units.NewUnitsOf(old->code))
      m->old_provinces_of[now].push_back(province);
  }
  for (int p = 1; p < 100; ++p) {
    char code[3] = {static_cast<char>('0' + p / 10), static_cast<char>('0' + p % 10), 0};
    const AdminUnit* u = units.Find(UnitEdition::kPre2025, code);
    if (u && u->level == UnitLevel::kProvince) m->old_provinces.push_back(code);
  }
}

void BuildOccupations(const RefData& ref, Model* m) {
  // Prefix mixes per workplace type: who works where (LFS occupation × sector tables, rounded).
  using Mix = std::vector<std::pair<std::string_view, double>>;
  const std::pair<WorkplaceType, Mix> kMixes[] = {
      {WorkplaceType::kAgriHousehold, {{"61", 6}, {"62", 2}, {"63", 1}, {"92", 2}}},
      {WorkplaceType::kIndividual,
       {{"52", 2}, {"71", 3}, {"83", 2}, {"93", 2}, {"91", 1}, {"95", 1}, {"51", 1}, {"72", 1}}},
      {WorkplaceType::kHouseholdBusiness, {{"52", 4}, {"51", 2}, {"7", 3}, {"94", 1}, {"93", 1}}},
      {WorkplaceType::kCooperative, {{"61", 3}, {"92", 2}, {"7", 1}, {"4", 1}}},
      {WorkplaceType::kStateEnterprise,
       {{"2", 2}, {"3", 2}, {"4", 2}, {"7", 2}, {"8", 2}, {"17", 0.3}}},
      {WorkplaceType::kPrivateEnterprise,
       {{"8", 3}, {"7", 3}, {"4", 2}, {"3", 2}, {"2", 1.5}, {"5", 1.5}, {"93", 2}, {"17", 0.3}}},
      {WorkplaceType::kFdiEnterprise,
       {{"82", 3}, {"81", 3}, {"7", 2}, {"93", 1}, {"3", 1}, {"2", 0.5}, {"4", 1}}},
      {WorkplaceType::kStateAgency,
       {{"2", 4}, {"3", 2}, {"4", 2}, {"10", 0.5}, {"14", 0.5}, {"36", 1}, {"0", 0.5}}},
      {WorkplaceType::kNonStatePublicUnit, {{"2", 3}, {"3", 2}, {"4", 1}, {"36", 1}}},
      {WorkplaceType::kForeignSector, {{"4", 1}, {"2", 1}, {"3", 1}}},
      {WorkplaceType::kOtherOrg, {{"2", 1}, {"3", 1}, {"4", 1}, {"15", 0.5}}},
  };
  const Mix kEmployer = {{"17", 2}, {"52", 2}, {"51", 1}, {"7", 1}, {"61", 1}};

  // Every pool first, so pointers into `pools` stay stable afterwards.
  auto add_pool = [&](std::string_view prefix) {
    for (const OccupationPool& p : m->pools)
      if (p.prefix == prefix) return;
    m->pools.push_back(OccupationPool{prefix, {}});
  };
  for (const auto& [type, mix] : kMixes)
    for (const auto& [prefix, w] : mix) add_pool(prefix);
  for (const auto& [prefix, w] : kEmployer) add_pool(prefix);
  for (int level = 3; level <= 4; ++level)
    for (const CatalogEntry* e : ref.occupations.Level(level)) {
      if (!IsVietnameseTitle(e->name)) continue;
      for (OccupationPool& p : m->pools)
        if (e->code.starts_with(p.prefix)) p.entries.push_back(e);
    }
  auto build = [&](const Mix& mix) {
    OccupationMix out;
    std::vector<double> weights;
    for (const auto& [prefix, w] : mix)
      for (const OccupationPool& p : m->pools)
        if (p.prefix == prefix && !p.entries.empty()) {
          out.pools.push_back(&p);
          weights.push_back(w);
        }
    if (weights.empty()) throw std::runtime_error("VSCO 2020 list has no usable occupations");
    out.weights = Weighted(weights);
    return out;
  };
  for (const auto& [type, mix] : kMixes)
    m->mix_by_workplace[static_cast<size_t>(type)] = build(mix);
  m->employer_mix = build(kEmployer);
}

void BuildIndustries(const RefData& ref, const Date& date, Model* m) {
  for (const CatalogEntry* e : ref.IndustriesAt(date).Level(2)) {
    if (e->parent_code.size() != 1 || !ref.IsIndustryAt(e->code, date)) continue;
    char section = e->parent_code[0];
    if (section >= 'A' && section <= 'Z') m->divisions_by_section[section - 'A'].push_back(e->code);
  }
}

Model BuildModel(const RefData& ref, const NameStats& names, const GenOptions& options) {
  Model m;
  m.edition = EditionAt(options.reference_date);
  m.communes = ChosenCommunes(ref.units, m.edition, options.units);
  for (const AdminUnit* u : ref.units.Communes(m.edition)) m.all_communes.push_back(u->code);
  BuildBirthProvinces(ref.units, m.edition, &m);
  std::vector<double> weights;
  for (const auto& [code, share] : kEthnicShares) {
    if (!ref.ethnic_groups.Find(code)) continue;
    m.ethnic_codes.emplace_back(code);
    weights.push_back(share);
  }
  if (m.ethnic_codes.empty() || m.ethnic_codes[0] != "01")
    throw std::runtime_error("ethnic group list lacks 01 Kinh");
  m.ethnic_weights = Weighted(weights);
  BuildOccupations(ref, &m);
  BuildIndustries(ref, options.reference_date, &m);
  m.surnames = Weighted(names.surname_weights);
  for (int s = 0; s < 2; ++s) {
    m.middle[s] = Weighted(names.middle_weights[s]);
    m.given[s] = Weighted(names.given_weights[s]);
  }
  return m;
}

// ---- The generator ---------------------------------------------------------------------------

// Draws households, people and their answers; owns the random streams and uniqueness counters.
class Generator {
 public:
  Generator(const RefData& ref, const NameStats& names, const GenOptions& options,
            const GenOutput& out)
      : ref_(ref),
        names_(names),
        options_(options),
        out_(out),
        model_(BuildModel(ref, names, options)),
        rng_(options.seed),
        error_rng_(SplitMix64(options.seed ^ 0x6572726f72ULL)),
        ref_day_(DaysFromCivil(options.reference_date.year, options.reference_date.month,
                               options.reference_date.day)),
        extract_date_(options.reference_date.ToString()),
        cccd_counters_(100 * 10 * 100, 0),
        household_counters_(model_.communes.size(), 0),
        bhxh_(SplitMix64(options.seed ^ 0x62687868ULL), 100000, 100000),
        register_rng_(SplitMix64(options.seed ^ 0x7265676973746572ULL)),
        cmnd_(SplitMix64(options.seed ^ 0x636d6e64ULL), 100000, 10000) {}

  void Run() {
    if (!out_.worker) throw std::invalid_argument("GenOutput.worker is required");
    Household hh;
    while (workers_ < options_.people) {
      BuildHousehold(&hh);
      EmitHousehold(hh);
    }
  }

 private:
  // -- Households --

  void BuildHousehold(Household* hh) {
    hh->members.clear();
    hh->commune = rng_.Below(model_.communes.size());
    const AdminUnit& commune = *model_.communes[hh->commune];
    hh->id = commune.code + "-" + Padded(++household_counters_[hh->commune], 6);
    hh->ethnicity = model_.ethnic_codes[model_.ethnic_weights.Draw(rng_)];
    hh->minority = hh->ethnicity != "01";
    double poor_roll = rng_.Uniform();
    hh->poor = poor_roll < (hh->minority ? 0.15 : 0.025);
    hh->near_poor = !hh->poor && poor_roll < (hh->minority ? 0.25 : 0.05);
    hh->land_recovered = rng_.Chance(0.005);
    hh->current_address = Address(commune.name, hh->minority);
    // ~6% live on temporary residence: registered permanently in another commune.
    hh->migrant = rng_.Chance(0.06);
    if (hh->migrant) {
      hh->permanent_unit = model_.all_communes[rng_.Below(model_.all_communes.size())];
      hh->permanent_address = Address("", false);
    } else {
      hh->permanent_unit = commune.code;
      hh->permanent_address = hh->current_address;
    }
    hh->birth_province = BirthProvinceOf(hh->permanent_unit);
    AddFamily(hh);
  }

  // The family structure: head, spouse, children (some married with their own children),
  // sometimes an elderly parent; the mix gives ~3.5 members and the national age pyramid.
  void AddFamily(Household* hh) {
    static const Weighted kHeadBand{2, 6, 9, 11, 12, 11, 10.5, 10, 9, 7, 5, 3.5, 2.5, 2};
    size_t band = kHeadBand.Draw(rng_);
    int head_age = 20 + 5 * static_cast<int>(band) + rng_.Between(0, 4);
    bool head_female = rng_.Chance(head_age >= 65 ? 0.38 : 0.2);
    Sex head_sex = head_female ? Sex::kFemale : Sex::kMale;
    int head_surname = static_cast<int>(model_.surnames.Draw(rng_));
    AddMember(hh, head_age, head_sex, head_surname, "Chủ hộ");

    double spouse_p = head_age < 25 ? 0.6 : head_age < 60 ? 0.92 : head_age < 70 ? 0.75 : 0.5;
    if (head_female) spouse_p *= 0.3;  // women head mostly when widowed or alone
    int mother_age = head_female ? head_age : head_age - 3;
    int family_surname = head_surname;
    if (rng_.Chance(spouse_p)) {
      int gap = static_cast<int>(rng_.Normalish(3, 2.5));
      int spouse_age = std::clamp(head_female ? head_age + gap : head_age - gap, 18, 99);
      int spouse_surname = static_cast<int>(model_.surnames.Draw(rng_));
      AddMember(hh, spouse_age, head_female ? Sex::kMale : Sex::kFemale, spouse_surname,
                head_female ? "Chồng" : "Vợ");
      if (head_female)
        family_surname = spouse_surname;
      else
        mother_age = spouse_age;
    } else if (!head_female && head_age < 35) {
      mother_age = -1;  // a young man alone: no children
    }
    if (mother_age > 0) AddChildren(hh, mother_age, family_surname, "Con", true);
    if (head_age >= 25 && head_age <= 58 && rng_.Chance(0.15)) {
      int parent_age = head_age + rng_.Between(22, 34);
      if (parent_age <= 96) {
        bool mother = rng_.Chance(0.62);
        AddMember(hh, parent_age, mother ? Sex::kFemale : Sex::kMale,
                  mother ? static_cast<int>(model_.surnames.Draw(rng_)) : head_surname,
                  mother ? "Mẹ" : "Cha");
      }
    }
    // Skipped-generation households: grandchildren left with grandparents by migrant parents.
    if (head_age >= 45 && head_age <= 75 && rng_.Chance(0.12)) {
      for (int i = rng_.Between(1, 2); i > 0; --i)
        AddMember(hh, rng_.Between(0, 14), rng_.Chance(0.512) ? Sex::kMale : Sex::kFemale,
                  family_surname, "Cháu");
    }
    MaybeAddLeaver(hh, head_age, family_surname);
  }

  // Children of a mother aged `mother_age`; those who still live at home are added, and (when
  // `allow_married`) one adult child may live here with a spouse and children of their own.
  void AddChildren(Household* hh, int mother_age, int surname, std::string_view relation,
                   bool allow_married) {
    static const Weighted kYoung{5, 18, 50, 19, 8};  // 0–4 children, born after 1975
    static const Weighted kOld{4, 10, 32, 28, 26};
    int n = static_cast<int>((mother_age >= 55 ? kOld : kYoung).Draw(rng_));
    int at = rng_.Between(19, 29);
    bool married_added = false;
    for (int i = 0; i < n; ++i, at += rng_.Between(2, 6)) {
      int age = mother_age - at;
      if (age < 0) break;
      Sex sex = rng_.Chance(0.512) ? Sex::kMale : Sex::kFemale;  // sex ratio at birth ~1.12
      double home = age < 18 ? 0.97 : age < 23 ? 0.8 : age < 30 ? 0.5 : age < 40 ? 0.22 : 0.08;
      // Daughters marry out; sons stay with their parents.
      if (age >= 18) home *= sex == Sex::kMale ? 1.2 : 0.75;
      if (!rng_.Chance(home)) continue;
      AddMember(hh, age, sex, surname, relation);
      // Sons usually bring their wife home (patrilocal custom); daughters less often.
      if (allow_married && !married_added && age >= 23 &&
          rng_.Chance(sex == Sex::kMale ? 0.75 : 0.3)) {
        married_added = true;
        AddMarriedCouple(hh, age, sex, surname);
      }
    }
  }

  // The spouse and children of a married child living with the head (three generations).
  void AddMarriedCouple(Household* hh, int child_age, Sex child_sex, int child_surname) {
    int gap = static_cast<int>(rng_.Normalish(3, 2));
    bool son = child_sex == Sex::kMale;
    int spouse_age = std::clamp(son ? child_age - gap : child_age + gap, 18, 99);
    int spouse_surname = static_cast<int>(model_.surnames.Draw(rng_));
    AddMember(hh, spouse_age, son ? Sex::kFemale : Sex::kMale, spouse_surname,
              son ? "Con dâu" : "Con rể");
    AddChildren(hh, son ? spouse_age : child_age, son ? child_surname : spouse_surname, "Cháu",
                false);
  }

  // Register-only members: someone who died or emigrated since (status deceased/emigrated).
  void MaybeAddLeaver(Household* hh, int head_age, int surname) {
    double roll = rng_.Uniform();
    if (roll < 0.03 && head_age >= 40) {
      int age = std::min(head_age + rng_.Between(20, 32), 100);
      bool mother = rng_.Chance(0.55);
      AddMember(hh, age, mother ? Sex::kFemale : Sex::kMale, surname, mother ? "Mẹ" : "Cha");
      Leave(&hh->members.back(), Status::kDeceased);
    } else if (roll < 0.04 && head_age >= 40) {
      Sex sex = rng_.Chance(0.5) ? Sex::kMale : Sex::kFemale;
      AddMember(hh, rng_.Between(19, std::min(head_age - 18, 40)), sex, surname, "Con");
      Leave(&hh->members.back(), Status::kEmigrated);
    }
  }

  // Marks a register-only member as gone some time in the last five years (after birth).
  void Leave(Member* m, Status status) {
    m->status = status;
    int max_ago = std::min(5 * 365, std::max(m->age, 1) * 365);
    m->status_day = ref_day_ - rng_.Between(30, std::max(max_ago, 31));
  }

  void AddMember(Household* hh, int age, Sex sex, int surname, std::string_view relation) {
    Member& m = hh->members.emplace_back();
    m.age = age;
    m.sex = sex;
    m.surname = surname;
    m.relation = relation;
    m.status = Status::kAlive;
    int64_t hi = YearsBefore(options_.reference_date, age);
    int64_t lo = YearsBefore(options_.reference_date, age + 1) + 1;
    Date birth = CivilFromDays(lo + static_cast<int64_t>(rng_.Below(hi - lo + 1)));
    // Registers hold a few partial dates, more for old people (registered from memory).
    double roll = rng_.Uniform();
    double partial = age >= 60 ? 0.10 : 0.025;
    m.birth = roll < partial * 0.4 ? PartialDate{birth.year, 0, 0}
              : roll < partial     ? PartialDate{birth.year, birth.month, 0}
                                   : PartialDate{birth.year, birth.month, birth.day};
    std::string_view province = rng_.Chance(0.87)
                                    ? std::string_view(hh->birth_province)
                                    : model_.old_provinces[rng_.Below(model_.old_provinces.size())];
    m.cccd = NewCccd(province, sex, birth.year);
    m.full_name = FullName(surname, sex, birth.year);
  }

  // -- Identity --

  std::string BirthProvinceOf(const std::string& commune) {
    auto it = model_.old_provinces_of.find(commune);
    if (it != model_.old_provinces_of.end() && !it->second.empty())
      return it->second[rng_.Below(it->second.size())];
    return model_.old_provinces[rng_.Below(model_.old_provinces.size())];
  }

  // Digits 7–12 are a keyed permutation of a running counter per (province, digit 4, year), so
  // numbers are unique by construction. Counters stay below kCccdReserved: the upper half of
  // each block is never handed out and is where typos are sent (see PlantTypo).
  static constexpr uint32_t kCccdReserved = 500000;
  Permutation CccdPermutation(size_t block) const {
    return Permutation(SplitMix64(options_.seed * 0x9e3779b97f4a7c15ULL + block), 1000, 1000);
  }
  static size_t CccdBlock(std::string_view cccd) {
    return (cccd[1] - '0') * 10000 + (cccd[2] - '0') * 1000 + (cccd[3] - '0') * 100 +
           (cccd[4] - '0') * 10 + (cccd[5] - '0');
  }

  std::string NewCccd(std::string_view province, Sex sex, int year) {
    std::string c(12, '0');
    c[1] = province[0];
    c[2] = province[1];
    c[3] = static_cast<char>('0' + (year / 100 - 19) * 2 + (sex == Sex::kFemale ? 1 : 0));
    c[4] = static_cast<char>('0' + year / 10 % 10);
    c[5] = static_cast<char>('0' + year % 10);
    size_t block = CccdBlock(c);
    uint32_t n = cccd_counters_[block]++;
    if (n >= kCccdReserved)
      throw std::length_error("too many people of one province, sex and birth year");
    WriteDigits(CccdPermutation(block).Forward(n), 6, &c[6]);
    return c;
  }

  std::string NewBhxh() { return Padded(bhxh_.Forward(bhxh_counter_++), 10); }
  // Legacy 9-digit CMNDs, unique by construction like the BHXH numbers.
  std::string NewCmnd() { return Padded(cmnd_.Forward(cmnd_counter_++), 9); }

  std::string FullName(int surname, Sex sex, int birth_year) {
    int s = sex == Sex::kFemale;
    std::string name = names_.surnames[surname];
    name += ' ';
    const auto& pairs = names_.two_syllable[s];
    // "Thị" was near-universal for women born before the 1990s; the name sample is young.
    if (s == 1 && rng_.Chance(birth_year < 1990 ? 0.55 : 0.15)) {
      name += "Thị ";
      name += names_.given[s][model_.given[s].Draw(rng_)];
    } else if (!pairs.empty() && rng_.Chance(0.3)) {
      name += pairs[rng_.Below(pairs.size())];
    } else {
      // The middle name may be empty in the statistics: no double space then.
      const std::string& middle = names_.middle[s][model_.middle[s].Draw(rng_)];
      if (!middle.empty()) name += middle + ' ';
      name += names_.given[s][model_.given[s].Draw(rng_)];
    }
    return name;
  }

  std::string Address(std::string_view commune_name, bool minority) {
    bool urban = commune_name.starts_with("Phường");
    if (urban || rng_.Chance(0.15)) {
      return "Số " + std::to_string(rng_.Between(1, 250)) + " đường " +
             std::string(kStreets[rng_.Below(std::size(kStreets))]) + ", tổ " +
             std::to_string(rng_.Between(1, 30));
    }
    return (minority ? "Bản " : "Thôn ") + std::to_string(rng_.Between(1, 25));
  }

  // -- Output --

  void EmitHousehold(const Household& hh) {
    for (const Member& m : hh.members) {
      bool worker = m.status == Status::kAlive && m.age >= kMinimumAgeForRecord;
      if (worker && workers_ >= options_.people) return;  // the run is full: cut here
      PersonPlan plan = worker ? PlanFor(hh, m) : PersonPlan{};
      BuildRegisterRow(hh, m, &register_row_);
      bool in_register = PlantInRegister(plan, &register_row_);
      if (out_.register_person && in_register) out_.register_person(register_row_);
      if (worker) EmitWorker(hh, m, plan);
    }
  }
  static constexpr int kMinimumAgeForRecord = 15;

  void BuildRegisterRow(const Household& hh, const Member& m, RegisterPerson* p) const {
    const AdminUnit& commune = *model_.communes[hh.commune];
    p->cccd = m.cccd;
    p->full_name = m.full_name;
    p->birth_date = m.birth.ToString();
    p->sex = Slug(m.sex);
    p->ethnicity = hh.ethnicity;
    p->permanent_unit = hh.permanent_unit;
    p->permanent_address = hh.permanent_address;
    p->current_unit = commune.code;
    p->current_address = hh.current_address;
    p->household_id = hh.id;
    p->relation_to_head = m.relation;
    p->status = m.status == Status::kAlive      ? "alive"
                : m.status == Status::kDeceased ? "deceased"
                                                : "emigrated";
    p->status_date = m.status == Status::kAlive ? "" : CivilFromDays(m.status_day).ToString();
    p->extract_date = extract_date_;
  }

  // Builds the member's record (always, so that the main stream is drawn alike whatever is
  // planted), plants into it, emits it unless the plan omits it, and reports the plant.
  void EmitWorker(const Household& hh, const Member& m, const PersonPlan& plan) {
    WorkerRecord& r = record_;
    BuildWorker(hh, m, &r);
    if (plan.validation_error) {
      PlantedError e{workers_, m.cccd, std::string(kErrorKinds[next_error_++ % kErrorKinds.size()]),
                     "", ""};
      Plant(&r, &e);
      if (out_.planted) out_.planted(e);
    }
    bool emitted = PlantInWorker(hh, m, plan, &r);
    if (plan.plant != RegisterPlant::kNone) ReportPlant(plan.plant, m, r, register_row_);
    if (!emitted) return;
    out_.worker(EncodeWorker(r));
    ++workers_;
  }

  void BuildWorker(const Household& hh, const Member& m, WorkerRecord* r) {
    *r = WorkerRecord();
    r->cccd = m.cccd;
    r->full_name = m.full_name;
    r->birth_date = m.birth;
    r->sex = m.sex;
    r->ethnicity = std::string(hh.ethnicity);
    r->permanent_unit = hh.permanent_unit;
    r->permanent_address = hh.permanent_address;
    if (hh.migrant) {
      r->current_unit = model_.communes[hh.commune]->code;
      r->current_address = hh.current_address;
    }
    r->household_id = hh.id;
    r->relation_to_head = std::string(m.relation);
    r->collected_on = PartialDate{options_.reference_date.year, options_.reference_date.month,
                                  options_.reference_date.day};
    r->source = ChangeSource::kCollection;
    PriorityGroupsOf(hh, m, r);
    EducationOf(m, hh.minority, r);
    LabourForceOf(hh, m, r);
  }

  void PriorityGroupsOf(const Household& hh, const Member& m, WorkerRecord* r) {
    if (hh.minority && rng_.Chance(0.7)) r->priority_groups.add(PriorityGroup::kEthnicMinority);
    if (hh.poor) r->priority_groups.add(PriorityGroup::kPoorHousehold);
    if (hh.near_poor) r->priority_groups.add(PriorityGroup::kNearPoorHousehold);
    if (hh.land_recovered) r->priority_groups.add(PriorityGroup::kLandRecovered);
    if (rng_.Chance(m.age >= 60 ? 0.06 : 0.015)) r->priority_groups.add(PriorityGroup::kDisabled);
    if (m.age >= 40 && rng_.Chance(0.015))
      r->priority_groups.add(PriorityGroup::kMeritoriousRelative);
  }

  // General education by cohort (schooling spread fast after 1990) and training on top of it.
  void EducationOf(const Member& m, bool minority, WorkerRecord* r) {
    using GE = GeneralEducation;
    using Q = Qualification;
    static const Weighted kTeen{2, 13, 85, 0};  // none, primary, lower, upper: aged 15–17
    static const Weighted kYoung{3, 8, 27, 62};
    static const Weighted kMid{6, 20, 38, 36};
    static const Weighted kOld{18, 36, 30, 16};
    static const Weighted kMinority{15, 30, 35, 20};
    const Weighted& table = m.age < 18                     ? kTeen
                            : minority && rng_.Chance(0.6) ? kMinority
                            : m.age < 35                   ? kYoung
                            : m.age < 55                   ? kMid
                                                           : kOld;
    GE ge = static_cast<GE>(table.Draw(rng_) + 1);
    r->general_education = ge;
    // none, worker_no_degree, short_course, elementary, intermediate, college, university,
    // master, doctorate
    static const Weighted kUpper{48, 2, 4, 5, 8, 7, 23, 2.4, 0.4};
    static const Weighted kLower{84, 4, 5, 5, 2, 0, 0, 0, 0};
    static constexpr Q kOrder[] = {Q::kNone,       Q::kWorkerNoDegree, Q::kShortCourse,
                                   Q::kElementary, Q::kIntermediate,   Q::kCollege,
                                   Q::kUniversity, Q::kMaster,         Q::kDoctorate};
    static constexpr int kMinAge[] = {0, 17, 15, 16, 18, 20, 22, 24, 28};
    Q q = Q::kNone;
    if (m.age >= 16) {
      size_t i = (ge == GE::kUpperSecondary ? kUpper : kLower).Draw(rng_);
      if (m.age >= kMinAge[i]) q = kOrder[i];
    }
    r->qualification = q;
    if (NeedsTrainingField(q)) {
      bool degree = q == Q::kCollege || q == Q::kUniversity || q == Q::kMaster ||
                    q == Q::kDoctorate || q == Q::kPostgraduate;
      r->training_field = degree ? kDegreeFields[rng_.Below(std::size(kDegreeFields))]
                                 : kVocationalFields[rng_.Below(std::size(kVocationalFields))];
    }
  }

  // -- Labour force --

  // Participation by age (LFS 2023 by five-year group, men / women).
  static double Participation(int age, bool female) {
    struct Band {
      int below;
      double men, women;
    };
    static constexpr Band kBands[] = {
        {18, 0.12, 0.10}, {20, 0.42, 0.40}, {23, 0.66, 0.62}, {25, 0.84, 0.8}, {30, 0.93, 0.85},
        {50, 0.96, 0.88}, {55, 0.93, 0.8},  {60, 0.85, 0.62}, {65, 0.6, 0.42}, {70, 0.42, 0.3},
        {75, 0.28, 0.17}, {80, 0.16, 0.09}, {200, 0.05, 0.02}};
    for (const Band& b : kBands)
      if (age < b.below) return female ? b.women : b.men;
    return 0;
  }

  void LabourForceOf(const Household& hh, const Member& m, WorkerRecord* r) {
    bool female = m.sex == Sex::kFemale;
    if (!rng_.Chance(Participation(m.age, female))) {
      r->lf_status = LfStatus::kOutside;
      r->nilf_reason = NilfReasonOf(m, r);
      return;
    }
    double unemployment = m.age < 25 ? 0.075 : m.age < 30 ? 0.03 : 0.013;
    if (rng_.Chance(unemployment)) {
      r->lf_status = LfStatus::kUnemployed;
      static const Weighted kDuration{45, 40, 15};
      r->unemployment_duration = static_cast<UnemploymentDuration>(kDuration.Draw(rng_) + 1);
      r->never_worked = rng_.Chance(m.age < 25 ? 0.4 : 0.06);
      if (rng_.Chance(0.1)) r->bhxh = NewBhxh();  // insured in an earlier job
      return;
    }
    r->lf_status = LfStatus::kEmployed;
    EmployedOf(hh, m, r);
  }

  NilfReason NilfReasonOf(const Member& m, WorkerRecord* r) {
    bool female = m.sex == Sex::kFemale;
    // studying, retired, housework, disabled_sick, other
    if (m.age < 25) {
      static const Weighted kYoung{88, 0, 6, 1, 5};
      return static_cast<NilfReason>(kYoung.Draw(rng_) + 1);
    }
    if (m.age < 55) {
      static const Weighted kMen{3, 2, 20, 45, 30};
      static const Weighted kWomen{2, 2, 70, 14, 12};
      return static_cast<NilfReason>((female ? kWomen : kMen).Draw(rng_) + 1);
    }
    static const Weighted kOld{0, 62, 18, 15, 5};
    auto reason = static_cast<NilfReason>(kOld.Draw(rng_) + 1);
    if (reason == NilfReason::kRetired && rng_.Chance(0.45)) r->bhxh = NewBhxh();  // pensioner
    return reason;
  }

  void EmployedOf(const Household& hh, const Member& m, WorkerRecord* r) {
    using ES = EmploymentStatus;
    using WT = WorkplaceType;
    // employer, own_account, family_worker, employee, coop_member — shifted by age: the young
    // are employees or help the family, the old work on their own account.
    double employee = m.age < 18 ? 15 : m.age < 35 ? 68 : m.age < 50 ? 56 : m.age < 60 ? 38 : 15;
    double own = m.age < 18 ? 10 : m.age < 35 ? 20 : m.age < 50 ? 33 : m.age < 60 ? 48 : 65;
    double family = m.age < 18 ? 75 : m.age < 25 ? 14 : m.sex == Sex::kFemale ? 9 : 4;
    double employer = m.age < 25 ? 0.5 : 3.5;
    ES status = static_cast<ES>(Weighted{employer, own, family, employee, 1.1}.Draw(rng_) + 1);
    r->employment_status = status;

    WT type;
    switch (status) {
      case ES::kEmployee: {
        static constexpr WT kTypes[] = {
            WT::kPrivateEnterprise,  WT::kFdiEnterprise,     WT::kStateAgency, WT::kStateEnterprise,
            WT::kNonStatePublicUnit, WT::kHouseholdBusiness, WT::kIndividual,  WT::kAgriHousehold,
            WT::kOtherOrg,           WT::kForeignSector};
        static const Weighted kWeights{40, 14, 13, 3.5, 1.5, 16, 6, 3, 2.5, 0.5};
        type = kTypes[kWeights.Draw(rng_)];
        break;
      }
      case ES::kOwnAccount: {
        static const Weighted kWeights{48, 24, 28};
        type = std::array{WT::kAgriHousehold, WT::kIndividual,
                          WT::kHouseholdBusiness}[kWeights.Draw(rng_)];
        break;
      }
      case ES::kFamilyWorker:
        type = rng_.Chance(0.6) ? WT::kAgriHousehold : WT::kHouseholdBusiness;
        break;
      case ES::kEmployer:
        type = rng_.Chance(0.6) ? WT::kHouseholdBusiness : WT::kPrivateEnterprise;
        break;
      default:
        type = WT::kCooperative;
    }
    r->workplace_type = type;

    const OccupationMix& mix = status == ES::kEmployer
                                   ? model_.employer_mix
                                   : model_.mix_by_workplace[static_cast<size_t>(type)];
    const OccupationPool& pool = PoolFor(mix, *r->qualification);
    const CatalogEntry& occupation = *pool.entries[rng_.Below(pool.entries.size())];
    r->occupation = occupation.code;
    r->job_title = occupation.name;
    r->industry = IndustryFor(occupation.code, type);
    InsuranceOf(m, status, type, r);
    WorkplaceOf(hh, type, r);
  }

  // A pool of the mix that suits the worker's training: professionals (VSCO 2) need a
  // college degree or more, and graduates mostly work as managers, professionals or
  // technicians. A few redraws, then whatever came last.
  const OccupationPool& PoolFor(const OccupationMix& mix, Qualification q) {
    bool graduate = q == Qualification::kUniversity || q == Qualification::kMaster ||
                    q == Qualification::kDoctorate || q == Qualification::kPostgraduate;
    bool degree = graduate || q == Qualification::kCollege;
    const OccupationPool* pool = nullptr;
    for (int attempt = 0; attempt < 6; ++attempt) {
      pool = mix.pools[mix.weights.Draw(rng_)];
      char major = pool->prefix[0];
      bool skilled = major == '1' || major == '2' || major == '3';
      if (major == '2' && !degree) continue;
      if (major == '3' && q == Qualification::kNone && rng_.Chance(0.6)) continue;
      if (graduate && !skilled && rng_.Chance(0.7)) continue;
      break;
    }
    return *pool;
  }

  void InsuranceOf(const Member& m, EmploymentStatus status, WorkplaceType type, WorkerRecord* r) {
    using WT = WorkplaceType;
    bool formal =
        type == WT::kStateAgency || type == WT::kStateEnterprise || type == WT::kNonStatePublicUnit;
    bool enterprise = type == WT::kPrivateEnterprise || type == WT::kFdiEnterprise ||
                      type == WT::kForeignSector || type == WT::kOtherOrg;
    double compulsory = 0, voluntary = 0.03;
    if (status == EmploymentStatus::kEmployee)
      compulsory = formal ? 0.97 : enterprise ? (type == WT::kFdiEnterprise ? 0.93 : 0.78) : 0.06;
    else if (status == EmploymentStatus::kEmployer && type == WT::kPrivateEnterprise)
      compulsory = 0.6;
    else if (status == EmploymentStatus::kCoopMember)
      compulsory = 0.3, voluntary = 0.1;
    double roll = rng_.Uniform();
    r->si_type = roll < compulsory               ? SiType::kCompulsory
                 : roll < compulsory + voluntary ? SiType::kVoluntary
                                                 : SiType::kNone;
    if (r->si_type != SiType::kNone || rng_.Chance(0.08)) r->bhxh = NewBhxh();

    if (status != EmploymentStatus::kEmployee) return;
    bool contract = m.age >= 18 && rng_.Chance(formal ? 0.97 : enterprise ? 0.9 : 0.12);
    r->has_contract = contract;
    if (!contract) {
      r->contract_type = ContractType::kNone;
      return;
    }
    r->contract_type =
        rng_.Chance(formal ? 0.7 : 0.4) ? ContractType::kIndefinite : ContractType::kFixedTerm;
    int64_t earliest =
        std::max(YearsBefore(options_.reference_date, m.age - 18), ref_day_ - 25 * 365);
    int64_t latest = ref_day_ - 7;
    if (earliest > latest) earliest = latest;
    Date start = CivilFromDays(earliest + static_cast<int64_t>(rng_.Below(latest - earliest + 1)));
    r->contract_start = PartialDate{start.year, start.month, start.day};
  }

  // A VSIC division that fits the occupation and the workplace.
  std::string IndustryFor(std::string_view occupation, WorkplaceType type) {
    std::string_view sections;
    char d = occupation[0];
    std::string_view two = occupation.substr(0, 2);
    if (type == WorkplaceType::kAgriHousehold || d == '6' || two == "92")
      sections = "AAAA";
    else if (type == WorkplaceType::kStateAgency && (d == '0' || d == '1' || d == '4'))
      sections = "O";
    else if (two == "22" || two == "32" || two == "53")
      sections = "Q";
    else if (two == "23" || two == "36")
      sections = "P";
    else if (d == '7' || d == '8' || two == "93")
      sections = two == "71" ? "F" : two == "83" ? "H" : "CCCCCF";
    else if (two == "52" || two == "95" || two == "33")
      sections = "G";
    else if (two == "51" || two == "94")
      sections = "I";
    else if (two == "25" || two == "35")
      sections = "J";
    else if (two == "24" || two == "41" || two == "43")
      sections = "GKMNC";
    else
      sections = "CGMNSO";
    for (int attempt = 0; attempt < 8; ++attempt) {
      char s = sections[rng_.Below(sections.size())];
      const auto& divisions = model_.divisions_by_section[s - 'A'];
      if (!divisions.empty()) return divisions[rng_.Below(divisions.size())];
    }
    return "";  // industry is optional on Mẫu 03
  }

  void WorkplaceOf(const Household& hh, WorkplaceType type, WorkerRecord* r) {
    using WT = WorkplaceType;
    const AdminUnit& home = *model_.communes[hh.commune];
    bool at_home =
        type == WT::kAgriHousehold || type == WT::kIndividual || type == WT::kHouseholdBusiness;
    const AdminUnit* place = &home;
    double roll = rng_.Uniform();
    if (!at_home && roll < 0.35) place = model_.communes[rng_.Below(model_.communes.size())];
    r->workplace_unit = place->code;
    if (!at_home && roll > 0.96) {  // commuting out of the chosen area
      r->workplace_unit = model_.all_communes[rng_.Below(model_.all_communes.size())];
      place = nullptr;
    }
    std::string_view place_name = place ? std::string_view(place->name) : "";
    std::string word(kBusinessWords[rng_.Below(std::size(kBusinessWords))]);
    switch (type) {
      case WT::kAgriHousehold:
        r->workplace_name = "Hộ gia đình " + hh.members.front().full_name;
        r->workplace_address = hh.current_address;
        return;
      case WT::kIndividual:
        r->workplace_name = "Lao động tự do";
        r->workplace_address = hh.current_address;
        return;
      case WT::kHouseholdBusiness:
        r->workplace_name = "Hộ kinh doanh " + word;
        break;
      case WT::kCooperative:
        r->workplace_name = "Hợp tác xã Nông nghiệp " + word;
        break;
      case WT::kStateEnterprise:
        r->workplace_name =
            std::string(kStateEnterprises[rng_.Below(std::size(kStateEnterprises))]);
        break;
      case WT::kFdiEnterprise:
        r->workplace_name = "Công ty TNHH " +
                            std::string(kFdiNames[rng_.Below(std::size(kFdiNames))]) + " Việt Nam";
        r->workplace_address = "Khu công nghiệp " + word;
        return;
      case WT::kStateAgency:
        r->workplace_name = std::string(kStatePrefixes[rng_.Below(std::size(kStatePrefixes))]) +
                            " " + std::string(place_name.empty() ? word : place_name);
        break;
      case WT::kNonStatePublicUnit:
        r->workplace_name = "Trường tư thục " + word;
        break;
      case WT::kForeignSector:
        r->workplace_name = "Văn phòng đại diện tổ chức phi chính phủ nước ngoài";
        break;
      case WT::kOtherOrg:
        r->workplace_name = "Hội Nông dân " + std::string(place_name.empty() ? word : place_name);
        break;
      default:
        r->workplace_name = (rng_.Chance(0.6) ? "Công ty TNHH " : "Công ty Cổ phần ") +
                            std::string(kBusinessTrades[rng_.Below(std::size(kBusinessTrades))]) +
                            " " + word;
    }
    r->workplace_address = Address(place_name, false);
  }

  // -- Planted errors --

  // Applies e->kind to `r` and fills in the violation it must cause.
  void Plant(WorkerRecord* r, PlantedError* e) {
    auto expect = [&](WorkerField f, std::string_view code) {
      e->field = std::string(InfoOf(f).name);
      e->expected_code = std::string(code);
    };
    const std::string& kind = e->kind;
    if (kind == "cccd_typo") {
      PlantTypo(&r->cccd, error_rng_);
    } else if (kind == "cccd_sex_mismatch") {
      r->sex = r->sex == Sex::kMale ? Sex::kFemale : Sex::kMale;
      expect(WorkerField::kCccd, "cccd_sex_century");
    } else if (kind == "cccd_birth_year") {
      ShiftBirthYear(r);
      expect(WorkerField::kCccd, "cccd_birth_year");
    } else if (kind == "missing_conditional") {
      expect(DropConditional(r), "required");
    } else if (kind == "unknown_unit") {
      bool current = !r->current_unit.empty() && error_rng_.Chance(0.5);
      std::string code;
      do {
        code = Padded(90000 + error_rng_.Below(10000), 5);
      } while (ref_.units.Find(model_.edition, code));
      (current ? r->current_unit : r->permanent_unit) = code;
      expect(current ? WorkerField::kCurrentUnit : WorkerField::kPermanentUnit, "unit_unknown");
    } else {  // cccd_length
      r->cccd.erase(error_rng_.Below(12), 1);
      expect(WorkerField::kCccd, "format");
    }
  }

  // One digit of 7–12 changed so that the number stays well-formed and belongs to nobody: the
  // new digits must fall in the reserved upper half of the block's permutation.
  void PlantTypo(std::string* cccd, Rng& rng) {
    std::string& c = *cccd;
    Permutation perm = CccdPermutation(CccdBlock(c));
    std::string original = c;
    for (;;) {
      c = original;
      size_t pos = 6 + rng.Below(6);
      c[pos] = static_cast<char>('0' + (c[pos] - '0' + 1 + rng.Below(9)) % 10);
      uint64_t suffix = std::stoull(c.substr(6));
      if (perm.Inverse(suffix) >= kCccdReserved && typos_.insert(c).second) return;
    }
  }

  // A birth year off by a few years in the same century, still 15+ and a real day.
  void ShiftBirthYear(WorkerRecord* r) {
    PartialDate& b = r->birth_date;
    for (int k = 1;; ++k) {
      for (int sign : {-1, 1}) {
        int year = b.year + sign * k;
        if (year / 100 != b.year / 100) continue;
        PartialDate shifted{year, b.month, b.day};
        if (shifted.day) shifted.day = std::min(shifted.day, DaysInMonth(year, shifted.month));
        if (CertainlyYoungerThan(shifted, options_.reference_date, kMinimumAgeForRecord)) continue;
        b = shifted;
        return;
      }
    }
  }

  // Removes a field the record's status requires; returns it.
  WorkerField DropConditional(WorkerRecord* r) {
    switch (*r->lf_status) {
      case LfStatus::kUnemployed:
        r->unemployment_duration.reset();
        return WorkerField::kUnemploymentDuration;
      case LfStatus::kOutside:
        r->nilf_reason.reset();
        return WorkerField::kNilfReason;
      default:
        break;
    }
    size_t choices = r->employment_status == EmploymentStatus::kEmployee ? 4 : 3;
    switch (error_rng_.Below(choices)) {
      case 0:
        r->job_title.clear();
        return WorkerField::kJobTitle;
      case 1:
        r->workplace_type.reset();
        return WorkerField::kWorkplaceType;
      case 2:
        r->si_type.reset();
        return WorkerField::kSiType;
      default:
        r->contract_type.reset();
        return WorkerField::kContractType;
    }
  }

  // -- Planted register discrepancies --

  // Draws what is planted in a worker-to-be's rows. Each draw comes from a stream of its own and
  // is taken for every such member, so the same seed gives the same people at any rate.
  PersonPlan PlanFor(const Household& hh, const Member& m) {
    PersonPlan plan;
    plan.validation_error = options_.error_rate > 0 && error_rng_.Chance(options_.error_rate);
    bool planted =
        options_.register_error_rate > 0 && register_rng_.Chance(options_.register_error_rate);
    if (!planted || plan.validation_error) return plan;  // at most one plant a person
    plan.plant = NextPlantFor(hh, m);
    plan.on_register = plan.plant == RegisterPlant::kNameVariant && register_rng_.Chance(0.5);
    return plan;
  }

  // The next plant of the cycle the member qualifies for; the cycle goes on after it.
  RegisterPlant NextPlantFor(const Household& hh, const Member& m) {
    for (size_t i = 0; i < kRegisterPlantNames.size(); ++i) {
      size_t k = (next_register_plant_ + i) % kRegisterPlantNames.size();
      if (!Qualifies(static_cast<RegisterPlant>(k), hh, m)) continue;
      next_register_plant_ = k + 1;
      return static_cast<RegisterPlant>(k);
    }
    return RegisterPlant::kNone;  // unreachable: every member qualifies for some kinds
  }

  bool Qualifies(RegisterPlant kind, const Household& hh, const Member& m) const {
    int64_t first, last;
    switch (kind) {
      case RegisterPlant::kBirthDateMismatch:
        return BirthDayRange(m.birth, false, &first, &last);
      case RegisterPlant::kCurrentUnitMismatch:
        return HasOtherCommune(hh);
      case RegisterPlant::kPermanentUnitMismatch:
        return model_.all_communes.size() > 1;
      case RegisterPlant::kNoWorkerRecord:
        return CertainlyOfAge(m.birth);
      case RegisterPlant::kBirthDatePartial:
        return m.birth.is_full();
      case RegisterPlant::kCurrentUnitExplicit:
        return !hh.migrant;
      default:
        return true;
    }
  }

  // A chosen commune other than where the household lives and where it is registered.
  bool HasOtherCommune(const Household& hh) const {
    const std::string& current = model_.communes[hh.commune]->code;
    for (const AdminUnit* u : model_.communes)
      if (u->code != current && u->code != hh.permanent_unit) return true;
    return false;
  }

  // Even the latest day a (partial) birth date may stand for gives 15 completed years.
  bool CertainlyOfAge(const PartialDate& birth) const {
    return CompletedYears(birth.Latest(), options_.reference_date) >= kMinimumAgeForRecord;
  }

  // The days of a full birth date's year (or month) that keep the person 15+ at the reference
  // date, as day numbers [first, last]; false unless there are at least two.
  bool BirthDayRange(const PartialDate& b, bool within_month, int64_t* first, int64_t* last) const {
    if (!b.is_full()) return false;
    int month_from = within_month ? b.month : 1, month_to = within_month ? b.month : 12;
    *first = DaysFromCivil(b.year, month_from, 1);
    *last = std::min(DaysFromCivil(b.year, month_to, DaysInMonth(b.year, month_to)),
                     YearsBefore(options_.reference_date, kMinimumAgeForRecord));
    return *last > *first;
  }

  // The register side of a plant; false = the member's register row is left out.
  bool PlantInRegister(const PersonPlan& plan, RegisterPerson* p) {
    switch (plan.plant) {
      case RegisterPlant::kSexMismatch:
        p->sex = Slug(p->sex == Slug(Sex::kMale) ? Sex::kFemale : Sex::kMale);
        return true;
      case RegisterPlant::kPermanentUnitMismatch:
        p->permanent_unit = OtherCode(
            model_.all_communes.size(),
            [&](size_t i) -> const std::string& { return model_.all_communes[i]; },
            p->permanent_unit, p->permanent_unit);
        return true;
      case RegisterPlant::kNotInRegister:
        return false;
      case RegisterPlant::kClosedInRegister:
        p->status = next_closure_++ % 2 == 0 ? "deceased" : "emigrated";
        p->status_date = CivilFromDays(ref_day_ - register_rng_.Between(30, 365)).ToString();
        return true;
      case RegisterPlant::kNameVariant:
        if (plan.on_register) p->full_name = NameVariant(p->full_name, register_rng_);
        return true;
      default:
        return true;
    }
  }

  // The worker side of a plant; false = the worker record is left out.
  bool PlantInWorker(const Household& hh, const Member& m, const PersonPlan& plan,
                     WorkerRecord* r) {
    switch (plan.plant) {
      case RegisterPlant::kNameMismatch:
        r->full_name = WithOtherGivenName(r->full_name, m.sex);
        return true;
      case RegisterPlant::kBirthDateMismatch:
        if (!ShiftBirthDay(r, false)) throw std::logic_error("birth_date_mismatch: no other day");
        return true;
      case RegisterPlant::kCurrentUnitMismatch:
        r->current_unit = OtherCode(
            model_.communes.size(),
            [&](size_t i) -> const std::string& { return model_.communes[i]->code; },
            r->permanent_unit, model_.communes[hh.commune]->code);
        return true;
      case RegisterPlant::kCccdTypo:
        PlantTypo(&r->cccd, register_rng_);
        MaybeMisspell(m.sex, r);
        return true;
      case RegisterPlant::kCccdMissing:
        r->cccd.clear();
        r->cmnd = NewCmnd();
        MaybeMisspell(m.sex, r);
        return true;
      case RegisterPlant::kNoWorkerRecord:
        return false;
      case RegisterPlant::kNameVariant:
        if (!plan.on_register) r->full_name = NameVariant(r->full_name, register_rng_);
        return true;
      case RegisterPlant::kBirthDatePartial:
        r->birth_date.day = 0;
        if (register_rng_.Chance(0.5)) r->birth_date.month = 0;
        if (CertainlyYoungerThan(r->birth_date, options_.reference_date, kMinimumAgeForRecord))
          throw std::logic_error("birth_date_partial: under age");
        return true;
      case RegisterPlant::kCurrentUnitExplicit:
        r->current_unit = r->permanent_unit;
        r->current_address = r->permanent_address;
        return true;
      default:
        return true;
    }
  }

  // A code of the list (n codes, the i-th from code_at) other than `a` and `b`; the caller has
  // made sure there is one.
  template <class CodeAt>
  std::string OtherCode(size_t n, CodeAt code_at, std::string_view a, std::string_view b) {
    for (;;) {
      const std::string& code = code_at(register_rng_.Below(n));
      if (code != a && code != b) return code;
    }
  }

  // `name` with its given name (last syllable) replaced by another of the same sex, so that the
  // name's NameKey changes.
  std::string WithOtherGivenName(std::string_view name, Sex sex) {
    int s = sex == Sex::kFemale;
    std::vector<std::string> syllables = Syllables(name);
    std::string key = NameKey(name);
    for (int attempt = 0; attempt < 1000; ++attempt) {
      syllables.back() = names_.given[s][model_.given[s].Draw(register_rng_)];
      std::string out = JoinSyllables(syllables);
      if (NameKey(out) != key) return out;
    }
    throw std::runtime_error("the name files give too few given names");
  }

  // Moves a full birth date to another day of its year (or month) that keeps the person 15+;
  // false when there is none.
  bool ShiftBirthDay(WorkerRecord* r, bool within_month) {
    PartialDate& b = r->birth_date;
    int64_t first, last;
    if (!BirthDayRange(b, within_month, &first, &last)) return false;
    int64_t day = DaysFromCivil(b.year, b.month, b.day);
    int64_t other = first + static_cast<int64_t>(register_rng_.Below(last - first));
    if (other >= day) ++other;  // uniform over the range without `day`
    Date d = CivilFromDays(other);
    b = PartialDate{d.year, d.month, d.day};
    if (CertainlyYoungerThan(b, options_.reference_date, kMinimumAgeForRecord))
      throw std::logic_error("shifted birth date is under age");
    return true;
  }

  // In about 30% of mistyped or missing CCCDs the record also differs from the register the way
  // forms do (a syllable without diacritics, another given name, another day of the birth
  // month), so that linkage cannot rely on exact agreement.
  void MaybeMisspell(Sex sex, WorkerRecord* r) {
    if (!register_rng_.Chance(0.3)) return;
    size_t first = register_rng_.Below(3);
    for (size_t i = 0; i < 3; ++i)
      if (Misspell((first + i) % 3, sex, r)) return;
  }

  bool Misspell(size_t how, Sex sex, WorkerRecord* r) {
    if (how == 0) return DropDiacritics(&r->full_name);
    if (how == 1) {
      r->full_name = WithOtherGivenName(r->full_name, sex);
      return true;
    }
    return ShiftBirthDay(r, true);
  }

  // One syllable of `name` typed without its diacritics; false when none has any.
  bool DropDiacritics(std::string* name) {
    std::vector<std::string> syllables = Syllables(*name);
    std::vector<size_t> marked;
    for (size_t i = 0; i < syllables.size(); ++i)
      if (!WithoutDiacritics(syllables[i]).empty()) marked.push_back(i);
    if (marked.empty()) return false;
    std::string& s = syllables[marked[register_rng_.Below(marked.size())]];
    s = WithoutDiacritics(s);
    *name = JoinSyllables(syllables);
    return true;
  }

  // The rows reconciliation must give for one plant (see ReconcileTruth); `r` and `p` are the
  // worker record and register row as planted (written out or not).
  void ReportPlant(RegisterPlant plant, const Member& m, const WorkerRecord& r,
                   const RegisterPerson& p) {
    if (!out_.reconcile_truth) return;
    ReconcileTruth t;
    t.planted = kRegisterPlantNames[static_cast<size_t>(plant)];
    auto row = [&](std::string_view cccd, std::string_view kind, std::string_view field = "",
                   std::string_view worker = "", std::string_view reg = "") {
      t.cccd = cccd;
      t.kind = kind;
      t.field = field;
      t.worker_value = worker;
      t.register_value = reg;
      out_.reconcile_truth(t);
    };
    auto mismatch = [&](std::string_view field, std::string_view worker, std::string_view reg) {
      row(m.cccd, "field_mismatch", field, worker, reg);
    };
    auto lost_worker = [&] {
      if (CertainlyOfAge(m.birth)) row(m.cccd, "no_worker_record");
    };
    switch (plant) {
      case RegisterPlant::kNameMismatch:
        return mismatch("full_name", StoredName(r.full_name), StoredName(p.full_name));
      case RegisterPlant::kBirthDateMismatch:
        return mismatch("birth_date", r.birth_date.ToString(), p.birth_date);
      case RegisterPlant::kCurrentUnitMismatch:
        return mismatch("current_unit", r.residence_unit(),
                        p.current_unit.empty() ? p.permanent_unit : p.current_unit);
      case RegisterPlant::kSexMismatch:
        return mismatch("sex", Slug(*r.sex), p.sex);
      case RegisterPlant::kPermanentUnitMismatch:
        return mismatch("permanent_unit", r.permanent_unit, p.permanent_unit);
      case RegisterPlant::kCccdTypo:
        row(r.cccd, "not_in_register");
        lost_worker();
        return row(m.cccd, "link", "cccd", r.cccd, m.cccd);
      case RegisterPlant::kCccdMissing:
        row("", "not_in_register", "cmnd", r.cmnd);
        lost_worker();
        return row(m.cccd, "link", "cmnd", r.cmnd, m.cccd);
      case RegisterPlant::kNotInRegister:
        return row(r.cccd, "not_in_register");
      case RegisterPlant::kClosedInRegister:
        return row(m.cccd, "closed_in_register", "status", "", p.status);
      case RegisterPlant::kNoWorkerRecord:
        return row(m.cccd, "no_worker_record");
      default:
        return row(m.cccd, "none");
    }
  }

  // A name as imports store it: NFC, spacing collapsed.
  static std::string StoredName(std::string_view name) { return ToNfc(CollapseSpaces(name)); }

  // -- Helpers --

  static void WriteDigits(uint64_t value, int width, char* out) {
    for (int i = width - 1; i >= 0; --i, value /= 10) out[i] = static_cast<char>('0' + value % 10);
  }
  static std::string Padded(uint64_t value, int width) {
    std::string s(width, '0');
    WriteDigits(value, width, s.data());
    return s;
  }

  const RefData& ref_;
  const NameStats& names_;
  const GenOptions& options_;
  const GenOutput& out_;
  Model model_;
  Rng rng_;
  Rng error_rng_;
  int64_t ref_day_;
  std::string extract_date_;
  std::vector<uint32_t> cccd_counters_;  // by CccdBlock
  std::vector<uint32_t> household_counters_;
  Permutation bhxh_;
  Rng register_rng_;  // register plants: a stream of their own, like error_rng_
  Permutation cmnd_;
  uint64_t bhxh_counter_ = 0;
  uint64_t cmnd_counter_ = 0;
  size_t next_register_plant_ = 0;  // index into kRegisterPlantNames
  size_t next_closure_ = 0;         // closed_in_register alternates deceased / emigrated
  std::unordered_set<std::string> typos_;
  int64_t workers_ = 0;
  size_t next_error_ = 0;
  WorkerRecord record_;
  RegisterPerson register_row_;
};

}  // namespace

void GeneratePopulation(const RefData& ref, const NameStats& names, const GenOptions& options,
                        const GenOutput& out) {
  Generator(ref, names, options, out).Run();
}

}  // namespace lmis
