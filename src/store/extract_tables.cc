#include "store/extract_tables.h"

#include <xxhash.h>

#include <unordered_map>

#include "store/store.h"

namespace lmis {
namespace {

bool IsPopulation(const ExtractFormat& f) { return f.kind == ExtractKind::kPopulation; }

// The column that keys a table: the person id for the population register, else row_key.
std::string_view KeyColumn(const ExtractFormat& f) {
  return IsPopulation(f) ? "person_id" : "row_key";
}

// Bookkeeping columns of a table, in the order Put writes them.
std::vector<std::string_view> Bookkeeping(const ExtractFormat& f) {
  switch (f.kind) {
    case ExtractKind::kPopulation:
      return {"person_id",    "province_code", "residence_unit", "name_key",
              "content_hash", "first_run",     "run_id",         "updated_at"};
    case ExtractKind::kInsurance:
      return {"row_key", "person_id", "content_hash", "first_run", "run_id", "updated_at"};
    case ExtractKind::kEnterprises:
      break;
  }
  return {"row_key", "name_key", "content_hash", "first_run", "run_id", "updated_at"};
}

// SELECT list of a StoredExtractRow: key, person id, province, residence, name key, first
// run, run, updated_at, then the cells.
std::string SelectList(const ExtractFormat& f) {
  std::string cols;
  switch (f.kind) {
    case ExtractKind::kPopulation:
      cols = "cccd, person_id, province_code, residence_unit, name_key";
      break;
    case ExtractKind::kInsurance:
      cols = "row_key, coalesce(person_id, 0), '', '', ''";
      break;
    case ExtractKind::kEnterprises:
      cols = "row_key, 0, '', '', name_key";
      break;
  }
  cols += ", first_run, run_id, updated_at";
  for (const ExtractColumn& c : f.columns) cols.append(", ").append(c.sql_name);
  return cols;
}
constexpr int kFirstCell = 8;

StoredExtractRow ReadRow(const ExtractFormat& f, const SqlRow& r) {
  StoredExtractRow row;
  row.key = r.Str(0);
  row.person_id = r.Int(1);
  row.province_code = r.Str(2);
  row.residence_unit = r.Str(3);
  row.name_key = r.Str(4);
  row.first_run = r.Int(5);
  row.run_id = r.Int(6);
  row.updated_at = r.Str(7);
  row.cells.resize(f.columns.size());
  for (size_t i = 0; i < f.columns.size(); ++i)
    row.cells[i] = r.Str(kFirstCell + static_cast<int>(i));
  return row;
}

// What is stored of a key a chunk names.
struct Known {
  uint64_t hash = 0;
  int64_t first_run = 0;
  std::string extract_date;  // population only
};

SqlValue KeyValue(const ExtractFormat& f, const ExtractPut& p) {
  if (IsPopulation(f)) return p.person_id;
  return p.key;
}

}  // namespace

uint64_t ExtractHash(const ExtractCells& cells) {
  std::string joined;
  for (const std::string& c : cells) joined.append(c).push_back('\x1f');
  return XXH3_64bits(joined.data(), joined.size());
}

int64_t ExtractTables::StartRun(const ExtractRunRecord& run) {
  return sql_.InsertReturningId(
      "INSERT INTO extract_runs(kind, file, actor, started_at, status) "
      "VALUES ($1, $2, $3, $4, 'running') RETURNING id",
      {run.kind, run.file, run.actor, run.started_at});
}

void ExtractTables::FinishRun(const ExtractRunRecord& r) {
  sql_.Run(
      "UPDATE extract_runs SET finished_at = $1, newest_extract_date = $2, rows_read = $3, "
      "added = $4, changed = $5, unchanged = $6, stale = $7, rejected = $8, warnings = $9, "
      "status = $10 WHERE id = $11",
      {TextOrNull(r.finished_at), TextOrNull(r.newest_extract_date), r.rows_read, r.added,
       r.changed, r.unchanged, r.stale, r.rejected, r.warnings, r.status, r.id});
}

std::optional<ExtractRunRecord> ExtractTables::FindRun(int64_t id) {
  std::optional<ExtractRunRecord> out;
  sql_.Query(
      "SELECT id, kind, file, actor, started_at, coalesce(finished_at, ''), "
      "coalesce(newest_extract_date, ''), coalesce(rows_read, 0), coalesce(added, 0), "
      "coalesce(changed, 0), coalesce(unchanged, 0), coalesce(stale, 0), coalesce(rejected, 0), "
      "coalesce(warnings, 0), status FROM extract_runs WHERE id = $1",
      {id}, [&](const SqlRow& r) {
        ExtractRunRecord run;
        run.id = r.Int(0);
        run.kind = r.Str(1);
        run.file = r.Str(2);
        run.actor = r.Str(3);
        run.started_at = r.Str(4);
        run.finished_at = r.Str(5);
        run.newest_extract_date = r.Str(6);
        run.rows_read = r.Int(7);
        run.added = r.Int(8);
        run.changed = r.Int(9);
        run.unchanged = r.Int(10);
        run.stale = r.Int(11);
        run.rejected = r.Int(12);
        run.warnings = r.Int(13);
        run.status = r.Str(14);
        out = std::move(run);
      });
  return out;
}

void ExtractTables::Put(const ExtractFormat& f, int64_t run_id, const std::string& at,
                        std::span<const ExtractPut> puts, std::span<ExtractOutcome> outcomes) {
  if (puts.empty()) return;
  const std::string table(f.table);
  const std::string key_col(KeyColumn(f));
  const bool population = IsPopulation(f);
  const int date_cell = population ? f.Index("extract_date") : -1;

  // What is stored of the keys named.
  std::vector<std::string> text_keys;
  std::vector<int64_t> int_keys;
  for (const ExtractPut& p : puts) {
    if (population)
      int_keys.push_back(p.person_id);
    else
      text_keys.push_back(p.key);
  }
  SqlValue list = population ? sql_.IntList(int_keys) : sql_.TextList(text_keys);
  std::string where = population ? sql_.InIntList(key_col, 1) : sql_.InTextList(key_col, 1);
  std::unordered_map<std::string, Known> known;
  sql_.Query(
      "SELECT " + std::string(population ? "cccd" : "row_key") + ", content_hash, first_run" +
          (population ? ", extract_date" : ", ''") + " FROM " + table + " WHERE " + where,
      {list},
      [&](const SqlRow& r) {
        known[r.Str(0)] = {static_cast<uint64_t>(r.Int(1)), r.Int(2), r.Str(3)};
      },
      Plan::kGeneric);

  // Decide each row.
  std::vector<size_t> writes;  // puts to append
  std::vector<std::string> changed_text;
  std::vector<int64_t> changed_int;
  std::unordered_map<std::string, int64_t> first_run;
  for (size_t i = 0; i < puts.size(); ++i) {
    const ExtractPut& p = puts[i];
    auto it = known.find(p.key);
    if (it == known.end()) {
      outcomes[i] = ExtractOutcome::kAdded;
      writes.push_back(i);
      continue;
    }
    if (it->second.hash == p.content_hash) {
      outcomes[i] = ExtractOutcome::kUnchanged;
      continue;
    }
    if (population && p.cells[date_cell] < it->second.extract_date) {
      outcomes[i] = ExtractOutcome::kStale;
      continue;
    }
    outcomes[i] = ExtractOutcome::kChanged;
    writes.push_back(i);
    first_run[p.key] = it->second.first_run;
    if (population)
      changed_int.push_back(p.person_id);
    else
      changed_text.push_back(p.key);
  }

  // The old content of changed rows, for the change log; then they make way.
  std::unordered_map<std::string, ExtractCells> old_cells;
  if (!first_run.empty()) {
    SqlValue changed = population ? sql_.IntList(changed_int) : sql_.TextList(changed_text);
    sql_.Query(
        "SELECT " + SelectList(f) + " FROM " + table + " WHERE " + where, {changed},
        [&](const SqlRow& r) {
          StoredExtractRow row = ReadRow(f, r);
          old_cells[row.key] = std::move(row.cells);
        },
        Plan::kGeneric);
    sql_.Run("DELETE FROM " + table + " WHERE " + where, {changed});
  }

  std::vector<std::string_view> columns = Bookkeeping(f);
  for (const ExtractColumn& c : f.columns) columns.push_back(c.sql_name);
  size_t next = 0;
  sql_.Append(table, columns, [&](SqlValues* row) {
    if (next == writes.size()) return false;
    const ExtractPut& p = puts[writes[next++]];
    auto fr = first_run.find(p.key);
    int64_t first = fr == first_run.end() ? run_id : fr->second;
    auto hash = static_cast<int64_t>(p.content_hash);
    switch (f.kind) {
      case ExtractKind::kPopulation:
        *row = {p.person_id, p.province_code, p.residence_unit, TextOrNull(p.name_key),
                hash,        first,           run_id,           at};
        break;
      case ExtractKind::kInsurance:
        *row = {p.key, p.person_id ? SqlValue(p.person_id) : SqlValue(), hash, first, run_id, at};
        break;
      case ExtractKind::kEnterprises:
        *row = {p.key, TextOrNull(p.name_key), hash, first, run_id, at};
        break;
    }
    for (const std::string& c : p.cells) row->push_back(TextOrNull(c));
    return true;
  });

  // One change row per changed column.
  struct Change {
    const ExtractPut* put;
    size_t column;
    const std::string* old_value;
  };
  std::vector<Change> changes;
  for (size_t i = 0; i < puts.size(); ++i) {
    if (outcomes[i] != ExtractOutcome::kChanged) continue;
    const ExtractCells& before = old_cells[puts[i].key];
    for (size_t c = 0; c < f.columns.size(); ++c)
      if (c < before.size() && before[c] != puts[i].cells[c])
        changes.push_back({&puts[i], c, &before[c]});
  }
  static constexpr std::string_view kChangeColumns[] = {"kind",           "row_key",   "person_id",
                                                        "residence_unit", "run_id",    "at",
                                                        "field",          "old_value", "new_value"};
  size_t k = 0;
  if (!changes.empty())
    sql_.Append("register_changes", kChangeColumns, [&](SqlValues* row) {
      if (k == changes.size()) return false;
      const Change& c = changes[k++];
      *row = {std::string(f.slug),
              c.put->key,
              c.put->person_id ? SqlValue(c.put->person_id) : SqlValue(),
              TextOrNull(c.put->residence_unit),
              run_id,
              at,
              std::string(f.columns[c.column].name),
              TextOrNull(*c.old_value),
              TextOrNull(c.put->cells[c.column])};
      return true;
    });
}

std::optional<StoredExtractRow> ExtractTables::Find(const ExtractFormat& f,
                                                    const std::string& key) {
  std::optional<StoredExtractRow> out;
  SqlValue value = key;
  if (IsPopulation(f)) {
    if (key.size() != 12) return std::nullopt;
    value = static_cast<int64_t>(std::stoll(key));
  }
  sql_.Query("SELECT " + SelectList(f) + " FROM " + std::string(f.table) + " WHERE " +
                 std::string(KeyColumn(f)) + " = $1",
             {value}, [&](const SqlRow& r) { out = ReadRow(f, r); });
  return out;
}

std::vector<StoredExtractRow> ExtractTables::FindByPerson(const ExtractFormat& f,
                                                          int64_t person_id) {
  std::vector<StoredExtractRow> out;
  if (f.kind == ExtractKind::kEnterprises) return out;
  sql_.Query("SELECT " + SelectList(f) + " FROM " + std::string(f.table) +
                 " WHERE person_id = $1 ORDER BY " + std::string(KeyColumn(f)),
             {person_id}, [&](const SqlRow& r) { out.push_back(ReadRow(f, r)); });
  return out;
}

std::vector<ExtractChange> ExtractTables::Changes(const ExtractFormat& f, const std::string& key) {
  std::vector<ExtractChange> out;
  sql_.Query(
      "SELECT id, row_key, run_id, at, field, coalesce(old_value, ''), coalesce(new_value, '') "
      "FROM register_changes WHERE kind = $1 AND row_key = $2 ORDER BY id",
      {std::string(f.slug), key}, [&](const SqlRow& r) {
        out.push_back({r.Int(0), r.Str(1), r.Int(2), r.Str(3), r.Str(4), r.Str(5), r.Str(6)});
      });
  return out;
}

void ExtractTables::Scan(const ExtractFormat& f,
                         const std::optional<std::vector<std::string>>& residence_units,
                         const std::function<void(const StoredExtractRow&)>& fn) {
  std::string sql = "SELECT " + SelectList(f) + " FROM " + std::string(f.table);
  SqlValues params;
  if (residence_units && IsPopulation(f)) {
    sql += " WHERE " + sql_.InTextList("residence_unit", 1);
    params.push_back(sql_.TextList(*residence_units));
  }
  sql_.Stream(sql, params, [&](const SqlRow& r) { fn(ReadRow(f, r)); });
}

int64_t ExtractTables::Count(const ExtractFormat& f) {
  return sql_.OneInt("SELECT count(*) FROM " + std::string(f.table)).value_or(0);
}

}  // namespace lmis
