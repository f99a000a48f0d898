#include "store/collect_tables.h"

#include <algorithm>

#include "store/store.h"

namespace lmis {
namespace {

constexpr size_t kChunk = 4096;

constexpr const char* kCampaignColumns =
    "id, name, unit, reference_date, window_start, window_end, created_by, created_at, "
    "updated_by, updated_at";

CampaignRow ReadCampaign(const SqlRow& r) {
  CampaignRow c;
  c.id = r.Int(0);
  c.name = r.Str(1);
  c.unit = r.Str(2);
  c.reference_date = r.Str(3);
  c.window_start = r.Str(4);
  c.window_end = r.Str(5);
  c.created_by = r.Str(6);
  c.created_at = r.Str(7);
  c.updated_by = r.Str(8);
  c.updated_at = r.Str(9);
  return c;
}

// The columns of a form in the order of kFormColumns (without id, which the store assigns).
constexpr std::string_view kFormInsertColumns[] = {"campaign_id",
                                                   "wave",
                                                   "unit",
                                                   "province_code",
                                                   "person_id",
                                                   "cccd",
                                                   "full_name",
                                                   "birth_date",
                                                   "sex",
                                                   "household_id",
                                                   "relation_to_head",
                                                   "address",
                                                   "head",
                                                   "age_uncertain",
                                                   "reason",
                                                   "missing",
                                                   "collector",
                                                   "state",
                                                   "state_at",
                                                   "assigned_at",
                                                   "assigned_by",
                                                   "collected_at",
                                                   "last_collected_at",
                                                   "accepted_at",
                                                   "handed_over_at",
                                                   "entered_at",
                                                   "archived_at",
                                                   "returned_at",
                                                   "returned_by",
                                                   "returned_reason",
                                                   "entered_seq",
                                                   "handover_id"};

std::string FormColumns() {
  std::string out = "id";
  for (std::string_view c : kFormInsertColumns) out.append(", ").append(c);
  return out;
}

SqlValue IntOrNull(int64_t v) { return v ? SqlValue(v) : SqlValue(); }

SqlValues FormValues(const FormRow& f) {
  return {f.campaign_id,
          int64_t{f.wave},
          f.unit,
          f.province_code,
          f.person_id,
          f.cccd,
          f.full_name,
          TextOrNull(f.birth_date),
          TextOrNull(f.sex),
          TextOrNull(f.household_id),
          TextOrNull(f.relation_to_head),
          TextOrNull(f.address),
          int64_t{f.head ? 1 : 0},
          int64_t{f.age_uncertain ? 1 : 0},
          f.reason,
          TextOrNull(f.missing),
          f.collector,
          f.state,
          f.state_at,
          f.assigned_at,
          f.assigned_by,
          TextOrNull(f.collected_at),
          TextOrNull(f.last_collected_at),
          TextOrNull(f.accepted_at),
          TextOrNull(f.handed_over_at),
          TextOrNull(f.entered_at),
          TextOrNull(f.archived_at),
          TextOrNull(f.returned_at),
          TextOrNull(f.returned_by),
          TextOrNull(f.returned_reason),
          IntOrNull(f.entered_seq),
          IntOrNull(f.handover_id)};
}

FormRow ReadForm(const SqlRow& r) {
  FormRow f;
  int i = 0;
  f.id = r.Int(i++);
  f.campaign_id = r.Int(i++);
  f.wave = static_cast<int>(r.Int(i++));
  f.unit = r.Str(i++);
  f.province_code = r.Str(i++);
  f.person_id = r.Int(i++);
  f.cccd = r.Str(i++);
  f.full_name = r.Str(i++);
  f.birth_date = r.Str(i++);
  f.sex = r.Str(i++);
  f.household_id = r.Str(i++);
  f.relation_to_head = r.Str(i++);
  f.address = r.Str(i++);
  f.head = r.Int(i++) != 0;
  f.age_uncertain = r.Int(i++) != 0;
  f.reason = r.Str(i++);
  f.missing = r.Str(i++);
  f.collector = r.Str(i++);
  f.state = r.Str(i++);
  f.state_at = r.Str(i++);
  f.assigned_at = r.Str(i++);
  f.assigned_by = r.Str(i++);
  f.collected_at = r.Str(i++);
  f.last_collected_at = r.Str(i++);
  f.accepted_at = r.Str(i++);
  f.handed_over_at = r.Str(i++);
  f.entered_at = r.Str(i++);
  f.archived_at = r.Str(i++);
  f.returned_at = r.Str(i++);
  f.returned_by = r.Str(i++);
  f.returned_reason = r.Str(i++);
  f.entered_seq = r.Int(i++);
  f.handover_id = r.Int(i++);
  return f;
}

constexpr const char* kHandoverColumns =
    "id, campaign_id, unit, province_code, from_user, from_role, to_user, at, form_count, "
    "check_code, coalesce(note, '')";

HandoverRow ReadHandover(const SqlRow& r) {
  HandoverRow h;
  h.id = r.Int(0);
  h.campaign_id = r.Int(1);
  h.unit = r.Str(2);
  h.province_code = r.Str(3);
  h.from_user = r.Str(4);
  h.from_role = r.Str(5);
  h.to_user = r.Str(6);
  h.at = r.Str(7);
  h.form_count = r.Int(8);
  h.check_code = r.Str(9);
  h.note = r.Str(10);
  return h;
}

void InsertWaves(Sql& sql, int64_t campaign_id, const std::vector<WaveRow>& waves) {
  for (const WaveRow& w : waves)
    sql.Run(
        "INSERT INTO campaign_waves(campaign_id, number, name, deadline) "
        "VALUES ($1, $2, $3, $4)",
        {campaign_id, int64_t{w.number}, w.name, w.deadline});
}

}  // namespace

int64_t CollectTables::AddCampaign(const CampaignRow& c) {
  int64_t id = sql_.InsertReturningId(
      "INSERT INTO campaigns(name, unit, reference_date, window_start, window_end, created_by, "
      "created_at, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
      "RETURNING id",
      {c.name, c.unit, c.reference_date, c.window_start, c.window_end, c.created_by, c.created_at,
       c.updated_by, c.updated_at});
  InsertWaves(sql_, id, c.waves);
  return id;
}

void CollectTables::UpdateCampaign(const CampaignRow& c) {
  sql_.Run(
      "UPDATE campaigns SET name = $1, unit = $2, reference_date = $3, window_start = $4, "
      "window_end = $5, updated_by = $6, updated_at = $7 WHERE id = $8",
      {c.name, c.unit, c.reference_date, c.window_start, c.window_end, c.updated_by, c.updated_at,
       c.id});
  sql_.Run("DELETE FROM campaign_waves WHERE campaign_id = $1", {c.id});
  InsertWaves(sql_, c.id, c.waves);
}

std::optional<CampaignRow> CollectTables::FindCampaign(int64_t id) {
  std::optional<CampaignRow> out;
  sql_.Query(std::string("SELECT ") + kCampaignColumns + " FROM campaigns WHERE id = $1", {id},
             [&](const SqlRow& r) { out = ReadCampaign(r); });
  if (!out) return out;
  sql_.Query(
      "SELECT number, name, deadline FROM campaign_waves WHERE campaign_id = $1 "
      "ORDER BY number",
      {id}, [&](const SqlRow& r) {
        out->waves.push_back({static_cast<int>(r.Int(0)), r.Str(1), r.Str(2)});
      });
  return out;
}

std::vector<CampaignRow> CollectTables::ListCampaigns() {
  std::vector<CampaignRow> out;
  sql_.Query(std::string("SELECT ") + kCampaignColumns + " FROM campaigns ORDER BY id DESC", {},
             [&](const SqlRow& r) { out.push_back(ReadCampaign(r)); });
  std::vector<std::pair<int64_t, WaveRow>> waves;
  sql_.Query(
      "SELECT campaign_id, number, name, deadline FROM campaign_waves "
      "ORDER BY campaign_id, number",
      {}, [&](const SqlRow& r) {
        waves.push_back({r.Int(0), {static_cast<int>(r.Int(1)), r.Str(2), r.Str(3)}});
      });
  for (CampaignRow& c : out)
    for (const auto& [id, w] : waves)
      if (id == c.id) c.waves.push_back(w);
  return out;
}

void CollectTables::PutQuotas(int64_t campaign_id, std::span<const QuotaRow> quotas) {
  for (const QuotaRow& q : quotas)
    sql_.Run(
        "INSERT INTO campaign_quotas(campaign_id, unit, wave, quota, set_by, set_at) "
        "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (campaign_id, unit, wave) DO UPDATE SET "
        "quota = excluded.quota, set_by = excluded.set_by, set_at = excluded.set_at",
        {campaign_id, q.unit, int64_t{q.wave}, q.quota, q.set_by, q.set_at});
}

std::vector<QuotaRow> CollectTables::Quotas(int64_t campaign_id) {
  std::vector<QuotaRow> out;
  sql_.Query(
      "SELECT unit, wave, quota, set_by, set_at FROM campaign_quotas "
      "WHERE campaign_id = $1 ORDER BY unit, wave",
      {campaign_id}, [&](const SqlRow& r) {
        out.push_back({r.Str(0), static_cast<int>(r.Int(1)), r.Int(2), r.Str(3), r.Str(4)});
      });
  return out;
}

void CollectTables::AddForms(std::span<const FormRow> forms) {
  size_t next = 0;
  sql_.Append("forms", kFormInsertColumns, [&](SqlValues* row) {
    if (next == forms.size()) return false;
    *row = FormValues(forms[next++]);
    return true;
  });
}

std::optional<FormRow> CollectTables::FindForm(int64_t id) {
  std::optional<FormRow> out;
  sql_.Query("SELECT " + FormColumns() + " FROM forms WHERE id = $1", {id},
             [&](const SqlRow& r) { out = ReadForm(r); });
  return out;
}

std::vector<FormRow> CollectTables::FindForms(std::span<const int64_t> ids) {
  std::vector<FormRow> out;
  for (size_t start = 0; start < ids.size(); start += kChunk) {
    std::span<const int64_t> chunk = ids.subspan(start, std::min(kChunk, ids.size() - start));
    sql_.Query("SELECT " + FormColumns() + " FROM forms WHERE " + sql_.InIntList("id", 1),
               {sql_.IntList(chunk)}, [&](const SqlRow& r) { out.push_back(ReadForm(r)); });
  }
  std::sort(out.begin(), out.end(), [](const FormRow& a, const FormRow& b) { return a.id < b.id; });
  return out;
}

std::vector<FormRow> CollectTables::ListForms(const FormQuery& q) {
  std::string sql = "SELECT " + FormColumns() + " FROM forms WHERE campaign_id = $1 AND id > $2";
  SqlValues params{q.campaign_id, q.after_id};
  if (q.units) {
    params.push_back(sql_.TextList(*q.units));
    sql += " AND " + sql_.InTextList("unit", static_cast<int>(params.size()));
  }
  if (q.state) {
    params.push_back(*q.state);
    sql += " AND state = $" + std::to_string(params.size());
  }
  if (q.collector) {
    params.push_back(*q.collector);
    sql += " AND collector = $" + std::to_string(params.size());
  }
  if (q.wave) {
    params.push_back(int64_t{q.wave});
    sql += " AND wave = $" + std::to_string(params.size());
  }
  sql += " ORDER BY id";
  if (q.limit > 0) sql += " LIMIT " + std::to_string(q.limit);
  std::vector<FormRow> out;
  sql_.Stream(sql, params, [&](const SqlRow& r) { out.push_back(ReadForm(r)); });
  return out;
}

std::vector<FormRow> CollectTables::FormsOfPeople(int64_t campaign_id,
                                                  std::span<const int64_t> person_ids) {
  std::vector<FormRow> out;
  for (size_t start = 0; start < person_ids.size(); start += kChunk) {
    std::span<const int64_t> chunk =
        person_ids.subspan(start, std::min(kChunk, person_ids.size() - start));
    sql_.Query("SELECT " + FormColumns() + " FROM forms WHERE campaign_id = $1 AND " +
                   sql_.InIntList("person_id", 2),
               {campaign_id, sql_.IntList(chunk)},
               [&](const SqlRow& r) { out.push_back(ReadForm(r)); });
  }
  std::sort(out.begin(), out.end(), [](const FormRow& a, const FormRow& b) { return a.id < b.id; });
  return out;
}

int64_t CollectTables::CountForms(int64_t campaign_id, int wave) {
  if (wave == 0)
    return sql_.OneInt("SELECT count(*) FROM forms WHERE campaign_id = $1", {campaign_id})
        .value_or(0);
  return sql_
      .OneInt("SELECT count(*) FROM forms WHERE campaign_id = $1 AND wave = $2",
              {campaign_id, int64_t{wave}})
      .value_or(0);
}

bool CollectTables::UpdateForm(const FormRow& f, std::string_view expected_state) {
  return sql_.Run(
             "UPDATE forms SET collector = $1, state = $2, state_at = $3, collected_at = $4, "
             "last_collected_at = $5, accepted_at = $6, handed_over_at = $7, entered_at = $8, "
             "archived_at = $9, returned_at = $10, returned_by = $11, returned_reason = $12, "
             "entered_seq = $13, handover_id = $14 WHERE id = $15 AND state = $16",
             {f.collector, f.state, f.state_at, TextOrNull(f.collected_at),
              TextOrNull(f.last_collected_at), TextOrNull(f.accepted_at),
              TextOrNull(f.handed_over_at), TextOrNull(f.entered_at), TextOrNull(f.archived_at),
              TextOrNull(f.returned_at), TextOrNull(f.returned_by), TextOrNull(f.returned_reason),
              IntOrNull(f.entered_seq), IntOrNull(f.handover_id), f.id,
              std::string(expected_state)}) == 1;
}

int64_t CollectTables::HandOverForms(std::span<const int64_t> ids, int64_t handover_id,
                                     const std::string& at) {
  int64_t moved = 0;
  for (size_t start = 0; start < ids.size(); start += kChunk) {
    std::span<const int64_t> chunk = ids.subspan(start, std::min(kChunk, ids.size() - start));
    moved += sql_.Run(
        "UPDATE forms SET state = 'handed_over', state_at = $1, "
        "handed_over_at = coalesce(handed_over_at, $1), handover_id = $2 "
        "WHERE state = 'accepted' AND " +
            sql_.InIntList("id", 3),
        {at, handover_id, sql_.IntList(chunk)});
  }
  return moved;
}

void CollectTables::AddEvents(std::span<const FormEventRow> events) {
  static constexpr std::string_view kColumns[] = {
      "form_id",  "campaign_id", "province_code", "person_id", "from_state",
      "to_state", "by_user",     "by_role",       "at",        "reason"};
  size_t next = 0;
  sql_.Append("form_events", kColumns, [&](SqlValues* row) {
    if (next == events.size()) return false;
    const FormEventRow& e = events[next++];
    *row = {e.form_id,  e.campaign_id, e.province_code, e.person_id, TextOrNull(e.from_state),
            e.to_state, e.by_user,     e.by_role,       e.at,        TextOrNull(e.reason)};
    return true;
  });
}

std::vector<FormEventRow> CollectTables::Events(int64_t form_id) {
  std::vector<FormEventRow> out;
  sql_.Query(
      "SELECT id, form_id, campaign_id, province_code, person_id, coalesce(from_state, ''), "
      "to_state, by_user, by_role, at, coalesce(reason, '') FROM form_events "
      "WHERE form_id = $1 ORDER BY id",
      {form_id}, [&](const SqlRow& r) {
        out.push_back({r.Int(0), r.Int(1), r.Int(2), r.Str(3), r.Int(4), r.Str(5), r.Str(6),
                       r.Str(7), r.Str(8), r.Str(9), r.Str(10)});
      });
  return out;
}

int64_t CollectTables::AddHandover(const HandoverRow& h) {
  int64_t id = sql_.InsertReturningId(
      "INSERT INTO handovers(campaign_id, unit, province_code, from_user, from_role, to_user, "
      "at, form_count, check_code, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
      "RETURNING id",
      {h.campaign_id, h.unit, h.province_code, h.from_user, h.from_role, h.to_user, h.at,
       h.form_count, h.check_code, TextOrNull(h.note)});
  static constexpr std::string_view kColumns[] = {"handover_id", "position", "form_id"};
  size_t next = 0;
  sql_.Append("handover_forms", kColumns, [&](SqlValues* row) {
    if (next == h.form_ids.size()) return false;
    *row = {id, static_cast<int64_t>(next + 1), h.form_ids[next]};
    ++next;
    return true;
  });
  return id;
}

std::optional<HandoverRow> CollectTables::FindHandover(int64_t id) {
  std::optional<HandoverRow> out;
  sql_.Query(std::string("SELECT ") + kHandoverColumns + " FROM handovers WHERE id = $1", {id},
             [&](const SqlRow& r) { out = ReadHandover(r); });
  if (!out) return out;
  sql_.Query("SELECT form_id FROM handover_forms WHERE handover_id = $1 ORDER BY position", {id},
             [&](const SqlRow& r) { out->form_ids.push_back(r.Int(0)); });
  return out;
}

std::vector<HandoverRow> CollectTables::ListHandovers(
    int64_t campaign_id, const std::optional<std::vector<std::string>>& units) {
  std::string sql =
      std::string("SELECT ") + kHandoverColumns + " FROM handovers WHERE campaign_id = $1";
  SqlValues params{campaign_id};
  if (units) {
    params.push_back(sql_.TextList(*units));
    sql += " AND " + sql_.InTextList("unit", 2);
  }
  sql += " ORDER BY id DESC";
  std::vector<HandoverRow> out;
  sql_.Query(sql, params, [&](const SqlRow& r) { out.push_back(ReadHandover(r)); });
  return out;
}

std::vector<FormCounts> CollectTables::CountByCommune(
    int64_t campaign_id, int wave, const std::optional<std::vector<std::string>>& units,
    const std::string& until, const std::string& deadline_end) {
  // $2 = until, $3 = the end of the deadline day; a state counts when first reached before.
  std::string sql =
      "SELECT unit, "
      "sum(CASE WHEN assigned_at < $2 THEN 1 ELSE 0 END), "
      "sum(CASE WHEN collected_at < $2 THEN 1 ELSE 0 END), "
      "sum(CASE WHEN accepted_at < $2 THEN 1 ELSE 0 END), "
      "sum(CASE WHEN handed_over_at < $2 THEN 1 ELSE 0 END), "
      "sum(CASE WHEN entered_at < $2 THEN 1 ELSE 0 END), "
      "sum(CASE WHEN archived_at < $2 THEN 1 ELSE 0 END), "
      "sum(CASE WHEN returned_at < $2 AND (state = 'returned' OR last_collected_at >= $2) "
      "THEN 1 ELSE 0 END), "
      "sum(CASE WHEN collected_at < $2 AND collected_at < $3 THEN 1 ELSE 0 END), "
      "sum(CASE WHEN collected_at < $2 AND collected_at >= $3 THEN 1 ELSE 0 END) "
      "FROM forms WHERE campaign_id = $1 AND wave = $4";
  SqlValues params{campaign_id, until, deadline_end, int64_t{wave}};
  if (units) {
    params.push_back(sql_.TextList(*units));
    sql += " AND " + sql_.InTextList("unit", 5);
  }
  sql += " GROUP BY unit ORDER BY unit";
  std::vector<FormCounts> out;
  sql_.Query(sql, params, [&](const SqlRow& r) {
    FormCounts c;
    c.unit = r.Str(0);
    c.wave = wave;
    c.assigned = r.Int(1);
    c.collected = r.Int(2);
    c.accepted = r.Int(3);
    c.handed_over = r.Int(4);
    c.entered = r.Int(5);
    c.archived = r.Int(6);
    c.returned = r.Int(7);
    c.collected_by_deadline = r.Int(8);
    c.collected_after_deadline = r.Int(9);
    out.push_back(std::move(c));
  });
  return out;
}

}  // namespace lmis
