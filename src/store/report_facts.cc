#include "store/report_facts.h"

#include <algorithm>
#include <charconv>

#include "store/store.h"

namespace lmis {
namespace {

int64_t ParseNumber(std::string_view text, std::string_view what) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty())
    throw StoreError("malformed " + std::string(what) + " \"" + std::string(text) + "\"");
  return v;
}

// Calls `fn` for each space-separated word of `text`.
template <class Fn>
void Words(std::string_view text, Fn fn) {
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find(' ', at);
    if (end == std::string_view::npos) end = text.size();
    if (end > at) fn(text.substr(at, end - at));
    at = end + 1;
  }
}

// The version in force on `day` among `versions`: the latest valid_from ≤ day, ties to the
// later recorded. Null when none.
const StoredVersion* InForce(std::span<const StoredVersion> versions, const std::string& day) {
  const StoredVersion* best = nullptr;
  for (const StoredVersion& v : versions) {
    if (v.valid_from > day) continue;
    if (!best || v.valid_from > best->valid_from ||
        (v.valid_from == best->valid_from && v.seq > best->seq))
      best = &v;
  }
  return best;
}

}  // namespace

void ReportFactsBuffer::AddVersion(std::span<const StoredVersion> versions,
                                   const std::string& valid_from, std::string_view key) {
  const StoredVersion* replaced = InForce(versions, valid_from);
  const StoredVersion* next = nullptr;  // the first version to take over after valid_from
  for (const StoredVersion& v : versions)
    if (v.valid_from > valid_from && (!next || v.valid_from < next->valid_from)) next = &v;
  std::string_view old_key = replaced ? std::string_view(replaced->report_key) : "";
  if (old_key == key) return;
  Add(old_key, valid_from, -1);
  Add(key, valid_from, +1);
  if (next) {
    Add(old_key, next->valid_from, +1);
    Add(key, next->valid_from, -1);
  }
}

void ReportFactsBuffer::Add(std::string_view key, std::string_view day, int sign) {
  if (key.empty()) return;
  const size_t bar = key.find('|');
  if (bar == std::string_view::npos || day.size() != 10)
    throw StoreError("malformed report key \"" + std::string(key) + "\"");
  scratch_.assign(key.substr(0, bar + 1)).append(day);
  std::vector<int64_t>& sums = pending_[scratch_];
  Words(key.substr(bar + 1), [&](std::string_view w) {
    const auto cell = static_cast<size_t>(ParseNumber(w, "cell"));
    if (cell >= (size_t{1} << 20)) throw StoreError("report cell out of range");
    if (cell >= sums.size()) sums.resize(cell + 1);
    sums[cell] += sign;
  });
}

std::map<std::pair<std::string, std::string>, std::vector<int64_t>> ReportFactsBuffer::Spread()
    const {
  std::map<std::pair<std::string, std::string>, std::vector<int64_t>> rows;
  for (const auto& [where, sums] : pending_) {
    const size_t bar = where.find('|');
    const std::string day = where.substr(bar + 1);
    const std::string periods[] = {"Y" + day.substr(0, 4), "M" + day.substr(0, 7), "D" + day};
    Words(std::string_view(where).substr(0, bar), [&](std::string_view unit) {
      for (const std::string& period : periods) {
        std::vector<int64_t>& into = rows[{std::string(unit), period}];
        if (into.size() < sums.size()) into.resize(sums.size());
        for (size_t c = 0; c < sums.size(); ++c) into[c] += sums[c];
      }
    });
  }
  return rows;
}

void ReportFactsBuffer::Flush(Sql& sql) {
  const auto rows = Spread();
  pending_.clear();
  if (rows.empty()) return;
  // The stored rows of every touched unit and period, read, deleted and written back merged
  // in three statements (whatever the number of rows): the cross product of the units and
  // periods may hold rows no change touched, which go back as they were.
  std::vector<std::string> units, periods;
  for (const auto& [where, delta] : rows) {
    units.push_back(where.first);
    periods.push_back(where.second);
  }
  std::sort(units.begin(), units.end());
  units.erase(std::unique(units.begin(), units.end()), units.end());
  std::sort(periods.begin(), periods.end());
  periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
  const std::string where = " FROM report_facts WHERE " + sql.InTextList("unit", 1) + " AND " +
                            sql.InTextList("period", 2);
  const SqlValues lists = {sql.TextList(units), sql.TextList(periods)};
  std::map<std::pair<std::string, std::string>, CellSums> merged;
  sql.Query("SELECT unit, period, cells" + where, lists, [&](const SqlRow& row) {
    merged[{row.Str(0), row.Str(1)}] = ParseCells(row.Text(2));
  });
  for (const auto& [key, delta] : rows) {
    CellSums& cells = merged[key];
    for (size_t c = 0; c < delta.size(); ++c) {
      if (delta[c] == 0) continue;
      const int cell = static_cast<int>(c);
      if ((cells[cell] += delta[c]) == 0) cells.erase(cell);
    }
  }
  sql.Run("DELETE" + where, lists);
  auto next = merged.begin();
  const std::string_view columns[] = {"unit", "period", "cells"};
  sql.Append("report_facts", columns, [&](SqlValues* row) {
    while (next != merged.end() && next->second.empty()) ++next;
    if (next == merged.end()) return false;
    *row = {next->first.first, next->first.second, FormatCells(next->second)};
    ++next;
    return true;
  });
}

std::map<std::string, CellSums> ReadReportFacts(Sql& sql, std::span<const std::string> units,
                                                const Date& day) {
  std::map<std::string, CellSums> out;
  for (const std::string& u : units) out[u];
  if (units.empty()) return out;
  const std::string d = day.ToString();
  const std::string year = d.substr(0, 4), month = d.substr(0, 7);
  const std::string query =
      "SELECT unit, cells FROM report_facts WHERE " + sql.InTextList("unit", 1) +
      " AND ((period >= 'Y0000' AND period < $2) OR (period >= $3 AND period < $4)"
      " OR (period >= $5 AND period <= $6))";
  std::vector<std::string> list(units.begin(), units.end());
  sql.Query(query,
            {sql.TextList(list), "Y" + year, "M" + year + "-01", "M" + month, "D" + month + "-01",
             "D" + d},
            [&](const SqlRow& row) {
              CellSums& sums = out[row.Str(0)];
              for (auto [cell, n] : ParseCells(row.Text(1))) sums[cell] += n;
            });
  for (auto& [unit, sums] : out)
    std::erase_if(sums, [](const auto& entry) { return entry.second == 0; });
  return out;
}

std::string FormatCells(const CellSums& cells) {
  std::string out;
  for (auto [cell, n] : cells) {
    if (n == 0) continue;
    if (!out.empty()) out += ' ';
    out += std::to_string(cell);
    out += ':';
    out += std::to_string(n);
  }
  return out;
}

CellSums ParseCells(std::string_view text) {
  CellSums cells;
  Words(text, [&](std::string_view w) {
    const size_t colon = w.find(':');
    if (colon == std::string_view::npos) throw StoreError("malformed report cells");
    cells[static_cast<int>(ParseNumber(w.substr(0, colon), "cell"))] +=
        ParseNumber(w.substr(colon + 1), "count");
  });
  return cells;
}

std::map<std::pair<std::string, std::string>, CellSums> ReadAllReportFacts(Sql& sql) {
  std::map<std::pair<std::string, std::string>, CellSums> out;
  sql.Query("SELECT unit, period, cells FROM report_facts", {}, [&](const SqlRow& row) {
    out[{row.Str(0), row.Str(1)}] = ParseCells(row.Text(2));
  });
  return out;
}

void ClearReportFacts(Sql& sql) {
  sql.Run("DELETE FROM report_facts");
  sql.Run("DELETE FROM report_state");
}

int ReportLayout(Sql& sql) {
  return static_cast<int>(sql.OneInt("SELECT max(layout) FROM report_state").value_or(0));
}

void SetReportLayout(Sql& sql, int layout) {
  sql.Run("DELETE FROM report_state");
  sql.Run("INSERT INTO report_state(layout) VALUES ($1)", {int64_t{layout}});
}

}  // namespace lmis
