// Migration 0005: collection campaigns (store/collect_tables.h): campaigns, their waves and
// quotas, the paper forms with a timestamp per state, each form's history, and the hand-over
// records. Times are RFC 3339 UTC texts on both backends, so that the same comparisons run on
// either. Forms and their events are person-linked and carry the 2025 province of the commune.
#include "store/schema.h"

namespace lmis {
namespace {

std::string CollectSchema(bool postgres) {
  const std::string id = postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY";
  return "-- A collection campaign: where, the reference date, the window.\n"
         "CREATE TABLE campaigns (\n"
         "  id " +
         id +
         ",\n"
         "  name TEXT NOT NULL,\n"
         "  unit TEXT NOT NULL,              -- UnitKey of a province/district/commune, or "
         "national\n"
         "  reference_date TEXT NOT NULL,    -- thời điểm thu thập, YYYY-MM-DD\n"
         "  window_start TEXT NOT NULL,\n"
         "  window_end TEXT NOT NULL,\n"
         "  created_by TEXT NOT NULL,\n"
         "  created_at TEXT NOT NULL,\n"
         "  updated_by TEXT NOT NULL,\n"
         "  updated_at TEXT NOT NULL,\n"
         "  CHECK (window_end >= window_start)\n"
         ");\n"
         "-- The waves (đợt) of a campaign, numbered 1..n.\n"
         "CREATE TABLE campaign_waves (\n"
         "  campaign_id BIGINT NOT NULL REFERENCES campaigns(id),\n"
         "  number INTEGER NOT NULL,\n"
         "  name TEXT NOT NULL,\n"
         "  deadline TEXT NOT NULL,          -- YYYY-MM-DD\n"
         "  PRIMARY KEY (campaign_id, number),\n"
         "  CHECK (number > 0)\n"
         ");\n"
         "-- The number of forms a commune should collect in a wave.\n"
         "CREATE TABLE campaign_quotas (\n"
         "  campaign_id BIGINT NOT NULL REFERENCES campaigns(id),\n"
         "  unit TEXT NOT NULL,              -- UnitKey of the commune\n"
         "  wave INTEGER NOT NULL,\n"
         "  quota BIGINT NOT NULL,\n"
         "  set_by TEXT NOT NULL,\n"
         "  set_at TEXT NOT NULL,\n"
         "  PRIMARY KEY (campaign_id, unit, wave),\n"
         "  CHECK (quota >= 0)\n"
         ");\n"
         "-- One paper form (Mẫu 03) per person and campaign, from assignment to archive.\n"
         "CREATE TABLE forms (\n"
         "  id " +
         id +
         ",\n"
         "  campaign_id BIGINT NOT NULL REFERENCES campaigns(id),\n"
         "  wave INTEGER NOT NULL,\n"
         "  unit TEXT NOT NULL,              -- UnitKey of the commune\n"
         "  province_code TEXT NOT NULL,     -- 2025 province of the commune (partition key)\n"
         "  person_id BIGINT NOT NULL,       -- the CCCD as a number\n"
         "  cccd TEXT NOT NULL,\n"
         "  full_name TEXT NOT NULL,\n"
         "  birth_date TEXT,\n"
         "  sex TEXT,\n"
         "  household_id TEXT,\n"
         "  relation_to_head TEXT,\n"
         "  address TEXT,\n"
         "  head INTEGER NOT NULL,           -- 1 for the head of the household\n"
         "  age_uncertain INTEGER NOT NULL,  -- 1 when possibly, not certainly, 15+\n"
         "  reason TEXT NOT NULL,            -- no_record | incomplete\n"
         "  missing TEXT,                    -- items an incomplete record lacks\n"
         "  collector TEXT NOT NULL,\n"
         "  state TEXT NOT NULL,\n"
         "  state_at TEXT NOT NULL,\n"
         "  assigned_at TEXT NOT NULL,\n"
         "  assigned_by TEXT NOT NULL,\n"
         "  collected_at TEXT,               -- first collection\n"
         "  last_collected_at TEXT,\n"
         "  accepted_at TEXT,\n"
         "  handed_over_at TEXT,\n"
         "  entered_at TEXT,\n"
         "  archived_at TEXT,\n"
         "  returned_at TEXT,                -- the latest return, by whom and why\n"
         "  returned_by TEXT,\n"
         "  returned_reason TEXT,\n"
         "  entered_seq BIGINT,              -- the worker record's version when entered\n"
         "  handover_id BIGINT,\n"
         "  CHECK (state IN ('assigned', 'collected', 'accepted', 'handed_over', 'entered',\n"
         "                   'archived', 'returned'))\n"
         ");\n"
         "CREATE UNIQUE INDEX forms_by_person ON forms(campaign_id, person_id);\n"
         "CREATE INDEX forms_by_unit ON forms(campaign_id, unit, id);\n"
         "CREATE INDEX forms_by_collector ON forms(campaign_id, collector, id);\n"
         "-- Every move of every form (append-only by use): the form's own history.\n"
         "CREATE TABLE form_events (\n"
         "  id " +
         id +
         ",\n"
         "  form_id BIGINT NOT NULL,\n"
         "  campaign_id BIGINT NOT NULL,\n"
         "  province_code TEXT NOT NULL,\n"
         "  person_id BIGINT NOT NULL,\n"
         "  from_state TEXT,                 -- NULL for the assignment\n"
         "  to_state TEXT NOT NULL,\n"
         "  by_user TEXT NOT NULL,\n"
         "  by_role TEXT NOT NULL,\n"
         "  at TEXT NOT NULL,\n"
         "  reason TEXT\n"
         ");\n"
         "CREATE INDEX form_events_by_form ON form_events(form_id, id);\n"
         "-- Hand-over records (biên bản bàn giao) from the commune officer to the police.\n"
         "CREATE TABLE handovers (\n"
         "  id " +
         id +
         ",\n"
         "  campaign_id BIGINT NOT NULL REFERENCES campaigns(id),\n"
         "  unit TEXT NOT NULL,\n"
         "  province_code TEXT NOT NULL,\n"
         "  from_user TEXT NOT NULL,\n"
         "  from_role TEXT NOT NULL,\n"
         "  to_user TEXT NOT NULL,\n"
         "  at TEXT NOT NULL,\n"
         "  form_count BIGINT NOT NULL,\n"
         "  check_code TEXT NOT NULL,        -- SHA-256 of the sorted form ids and CCCDs\n"
         "  note TEXT\n"
         ");\n"
         "CREATE INDEX handovers_by_unit ON handovers(campaign_id, unit, id);\n"
         "CREATE TABLE handover_forms (\n"
         "  handover_id BIGINT NOT NULL REFERENCES handovers(id),\n"
         "  position INTEGER NOT NULL,\n"
         "  form_id BIGINT NOT NULL,\n"
         "  PRIMARY KEY (handover_id, position)\n"
         ");\n";
}

}  // namespace

Migration CollectMigration() {
  return {5, "0005_collection_campaigns", CollectSchema(false), CollectSchema(true)};
}

}  // namespace lmis
