// A collection campaign (đợt thu thập thông tin người lao động): the part of the country it
// covers, its reference date (thời điểm thu thập), its collection window, its waves with their
// deadlines, and a quota of forms per commune and wave. Provincial plans differ (forms.md
// §1.2), so all of these are parameters. Checks what officers type, with bilingual messages;
// reads the quota CSV (`unit,wave,quota`), rejecting rows one by one. No I/O, no SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/admin_units.h"
#include "core/date.h"
#include "core/violation.h"

namespace lmis {

// The unit of a campaign that covers the whole country.
inline constexpr std::string_view kNationalUnit = "national";

// One wave (đợt) of a campaign: forms of the wave are due by its deadline.
struct Wave {
  int number = 0;  // 1, 2, …
  std::string name;
  Date deadline;
  bool operator==(const Wave&) const = default;
};

// A campaign as the rules see it.
struct Campaign {
  int64_t id = 0;
  std::string name;
  std::string unit;  // UnitKey of a province, district or commune, or "national"
  Date reference_date, window_start, window_end;
  std::vector<Wave> waves;
  std::string created_by, created_at, updated_by, updated_at;

  // The tree the campaign's unit codes are read in: the one in force at the reference date.
  UnitEdition edition() const { return EditionAt(reference_date); }
  bool national() const { return unit == kNationalUnit; }
  const Wave* FindWave(int number) const;
};

// A campaign as typed (API body, command-line options): texts, checked by ReadCampaign.
struct CampaignDraft {
  // What an officer types for one wave.
  struct WaveDraft {
    std::string number, name, deadline;
  };
  std::string name;
  std::string unit;  // a unit code of the tree at the reference date, or "national"
  std::string reference_date, window_start, window_end;
  std::vector<WaveDraft> waves;
};

// The campaign `draft` describes, or nullopt with every broken rule appended to `out`: a
// name; a unit that exists (province, district or commune) at the reference date; dates as
// YYYY-MM-DD; the window ending on or after its start; at least one wave, numbered 1, 2, …
// in order; each deadline on or after the window's start and not before the previous wave's.
// A wave without a name is called "Đợt N".
std::optional<Campaign> ReadCampaign(const CampaignDraft& draft, const AdminUnits& units,
                                     Violations* out);

// The communes of the campaign (UnitKeys of its tree, sorted); nullopt for a national one.
std::optional<std::vector<std::string>> CampaignCommunes(const Campaign& campaign,
                                                         const AdminUnits& units);
// True when `commune_key` (a UnitKey) is a commune of the campaign's tree inside its unit.
bool CampaignCovers(const Campaign& campaign, const AdminUnits& units,
                    std::string_view commune_key);
// The UnitKey of commune `code` of the campaign's tree when the campaign covers it, else
// nullopt with a violation of `field` appended.
std::optional<std::string> CampaignCommune(const Campaign& campaign, const AdminUnits& units,
                                           std::string_view code, const std::string& field,
                                           Violations* out);

// The number of forms a commune should collect in one wave.
struct Quota {
  std::string unit;  // UnitKey of the commune
  int wave = 0;
  int64_t quota = 0;
  bool operator==(const Quota&) const = default;
};

// One quota as typed; `field` names it in violations ("quotas[3]").
struct QuotaDraft {
  std::string unit, wave, quota;
};

// The quota `draft` sets, or nullopt with its problems appended to `out` (fields
// `field.unit`, `field.wave`, `field.quota`): a commune of the campaign, one of its waves,
// a whole number from 0 to 10,000,000.
std::optional<Quota> ReadQuota(const Campaign& campaign, const AdminUnits& units,
                               const QuotaDraft& draft, const std::string& field, Violations* out);

// A rejected row of a quota file: its line (the header is line 1) and what is wrong.
struct QuotaReject {
  int64_t line = 0;
  Violation violation;
};

// What a quota file holds: the quotas of its valid rows, and every problem by line. A file
// whose header is not exactly the columns unit, wave, quota (in any order) is rejected as a
// whole on line 1; a row repeating an earlier row's commune and wave is rejected.
struct QuotaFile {
  std::vector<Quota> quotas;
  std::vector<QuotaReject> rejects;
};
QuotaFile ReadQuotaCsv(std::string_view csv, const Campaign& campaign, const AdminUnits& units);

}  // namespace lmis
