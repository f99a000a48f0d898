// The maintained report aggregates: for each reporting unit and period, the signed sum of the
// cells that versions coming into and going out of force add and remove that period. The
// store updates them in the transaction of every write, so that a report for any unit and any
// day is a sum over a few dozen stored rows, never a scan of the records.
//
// What a version counts in is decided above the store (report/cube.h) and handed down as its
// report key, "unit unit …|cell cell …"; the store keeps it with the version and knows nothing
// of what units and cells mean. Periods are the year, the month and the day a change takes
// effect ("Y2026", "M2026-03", "D2026-03-15"): a change is added to all three, and the state
// on day D is the sum of the years before D's year, the months of D's year before D's month,
// and the days of D's month up to D.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/date.h"
#include "store/sql.h"
#include "store/version_plan.h"

namespace lmis {

// The report key a put stores: a closed version counts nowhere.
inline std::string_view StoredReportKey(std::string_view closed, std::string_view key) {
  return closed.empty() ? key : std::string_view();
}

// Cell number → count.
using CellSums = std::map<int, int64_t>;

// The changes of one transaction, kept until it commits. Not thread-safe: one per store.
class ReportFactsBuffer {
 public:
  // Records that a new version counting in `key` ("" = nowhere) comes into force on
  // `valid_from`, recorded after each of the person's stored `versions` (which it does not
  // include): it replaces the version in force on that day until the next later version
  // takes over. Throws StoreError on a malformed key.
  void AddVersion(std::span<const StoredVersion> versions, const std::string& valid_from,
                  std::string_view key);
  // Adds `sign` × the cells of `key` on `day` (YYYY-MM-DD) to every unit of the key.
  void Add(std::string_view key, std::string_view day, int sign);
  // Writes the pending changes through `sql` (inside the caller's transaction) and forgets
  // them. Throws StoreError.
  void Flush(Sql& sql);
  // The pending changes spread over their units and periods: (unit, period) → dense sums.
  std::map<std::pair<std::string, std::string>, std::vector<int64_t>> Spread() const;
  void Clear() { pending_.clear(); }
  bool empty() const { return pending_.empty(); }

 private:
  // Dense sums by "units|day": the rows of a batch share few units and days, so each row adds
  // its cells to one vector; Flush spreads them over units and periods.
  std::unordered_map<std::string, std::vector<int64_t>> pending_;
  std::string scratch_;
};

// The cell sums of each of `units` on `day`: every change that took effect on or before it.
// Units without any come back empty. Throws StoreError.
std::map<std::string, CellSums> ReadReportFacts(Sql& sql, std::span<const std::string> units,
                                                const Date& day);

// Cells as stored ("cell:count cell:count", ascending, no zeros) and back. Throws StoreError.
std::string FormatCells(const CellSums& cells);
CellSums ParseCells(std::string_view text);

// Every stored aggregate row: (unit, period) → cells.
std::map<std::pair<std::string, std::string>, CellSums> ReadAllReportFacts(Sql& sql);

// Forgets every aggregate and every version's report key (before a rebuild).
void ClearReportFacts(Sql& sql);
// The cell layout the stored aggregates were built with; 0 when they need a rebuild.
int ReportLayout(Sql& sql);
void SetReportLayout(Sql& sql, int layout);

}  // namespace lmis
