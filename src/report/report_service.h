// Reports for a unit of either administrative tree on any day: the labour-supply report from
// the maintained aggregates, the same for each unit directly below, and the changes between
// two days (status transitions, people reaching working age, newly recorded, closed) from the
// versions themselves. Reports count people, never show them; they are still asked for by a
// user, checked against the user's jurisdiction, and audited by the caller.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "auth/access.h"
#include "core/admin_units.h"
#include "core/date.h"
#include "core/refdata.h"
#include "report/labour_supply.h"
#include "store/store.h"

namespace lmis {

// The cell layout this build writes (report/cube.h); stored aggregates of another one need
// `lmis report rebuild` (which `lmis init` runs after migrating).
inline constexpr int kReportLayout = 1;

// A report that cannot be made: an unknown unit, aggregates to rebuild. Vietnamese and English.
class ReportError : public std::runtime_error {
 public:
  ReportError(const std::string& vi, const std::string& en) : std::runtime_error(en), vi_(vi) {}
  const std::string& vi() const { return vi_; }

 private:
  std::string vi_;
};

// A unit reports are made for.
struct ReportUnit {
  std::string key;  // UnitKey, or "national"
  UnitEdition tree = UnitEdition::k2025;
  std::string code;                // "" for national
  std::optional<UnitLevel> level;  // nullopt for national
  std::string name;
};

// The unit `code` ("" or "national" for the whole country) of `tree`. Throws ReportError
// naming the code when there is no such unit.
ReportUnit ResolveReportUnit(const AdminUnits& units, std::string_view code, UnitEdition tree);

// Whether `who` may see reports of `unit`: officials of a unit containing it (and the
// ministry); never a worker, an employer or a collector.
Decision MayReport(const Principal& who, const ReportUnit& unit, const AdminUnits& units);

// People's labour-force state on one day, for the transition matrix: no record in force,
// employed, unemployed, outside, status not stated, record closed.
enum class StateOnDay : uint8_t { kNone, kEmployed, kUnemployed, kOutside, kUnknown, kClosed };
inline constexpr int kStatesOnDay = 6;
std::string_view StateSlug(StateOnDay s);
std::string_view StateLabel(StateOnDay s, bool vietnamese);

// What changed in a unit between two days (biến động).
struct ChangesReport {
  ReportUnit unit;
  Date from, to;
  // transitions[a][b]: people whose state was a on `from` and b on `to`, counting those who
  // lived in the unit on either day (kNone on a day they lived elsewhere or had no record).
  std::array<std::array<int64_t, kStatesOnDay>, kStatesOnDay> transitions{};
  int64_t reached_working_age = 0;  // in the unit on `to`, 15th birthday after `from`
  int64_t newly_recorded = 0;       // in the unit on `to`, first recorded after `from`
  int64_t closed_deceased = 0;      // open in the unit on `from`, closed as deceased by `to`
  int64_t closed_emigrated = 0;
  int64_t moved_in = 0;   // open elsewhere on `from`, in the unit on `to`
  int64_t moved_out = 0;  // in the unit on `from`, open elsewhere on `to`
};

class ReportService {
 public:
  ReportService(Store& store, const RefData& ref) : store_(store), ref_(ref) {}

  // The labour-supply report of `unit` on `as_of`. Throws ReportError when the aggregates
  // need a rebuild, StoreError on a database failure.
  LabourSupply LabourSupplyOf(const ReportUnit& unit, const Date& as_of);
  // The same for each unit directly below `unit` (communes of a province or district,
  // districts of an old province, provinces of the country), in code order.
  std::vector<LabourSupply> LabourSupplyOfChildren(const ReportUnit& unit, const Date& as_of);
  // The changes between `from` and `to` (from < to). Reads the versions of the unit's
  // communes (both trees). Throws ReportError when from ≥ to.
  ChangesReport Changes(const ReportUnit& unit, const Date& from, const Date& to);

  // Recomputes every version's report key and every aggregate from the versions, in one
  // transaction, and records the layout. Returns the number of versions read.
  int64_t Rebuild();
  // Recomputes the aggregates from the versions and compares them with the stored ones:
  // "ok", or how many (unit, period) rows differ and the first few.
  std::string Verify();

 private:
  // A version's recomputed report key.
  struct VersionKey {
    int64_t person;
    int seq;
    std::string province, key;
  };
  // The aggregates of every version, from scratch; each version's key into `keys`.
  ReportFactsBuffer Recompute(std::vector<VersionKey>* keys);
  void RequireLayout();
  LabourSupply Named(LabourSupply report, const std::string& unit_key) const;

  Store& store_;
  const RefData& ref_;
};

}  // namespace lmis
