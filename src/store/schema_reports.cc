// Migration 0006: the maintained report aggregates (store/report_facts.h) and the reporting
// calendar (store/report_tables.h). Every version gains the report key it counts under;
// report_facts holds the sums per unit and period; report_state the cell layout they were
// built with (none for a database that already holds records: `lmis init` rebuilds them).
#include "store/schema.h"

namespace lmis {
namespace {

std::string ReportsSchema(bool postgres) {
  const std::string id = postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY";
  const std::string key = postgres ? "TEXT COLLATE \"C\"" : "TEXT";
  // The view was expanded when 0001 made it: name it again to see the columns added since.
  const std::string view = postgres ? "CREATE OR REPLACE VIEW workers AS SELECT * FROM "
                                      "worker_versions WHERE is_current;\n"
                                    : "DROP VIEW workers;\nCREATE VIEW workers AS SELECT * FROM "
                                      "worker_versions WHERE is_current = 1;\n";
  return "ALTER TABLE worker_versions ADD COLUMN report_key TEXT;\n" + view +
         "-- Signed sums of report cells per unit (UnitKey or national) and period (Yyyyy,\n"
         "-- Myyyy-mm, Dyyyy-mm-dd): what the changes that took effect then added.\n"
         "CREATE TABLE report_facts (\n"
         "  unit " +
         key +
         " NOT NULL,\n"
         "  period " +
         key +
         " NOT NULL,\n"
         "  cells TEXT NOT NULL,             -- cell:count cell:count ...\n"
         "  PRIMARY KEY (unit, period)\n"
         ")" +
         (postgres ? "" : " WITHOUT ROWID") +
         ";\n"
         "CREATE TABLE report_state (\n"
         "  layout INTEGER NOT NULL\n"
         ");\n"
         "-- An empty registry has nothing to rebuild.\n"
         "INSERT INTO report_state(layout) SELECT 1 WHERE NOT EXISTS "
         "(SELECT 1 FROM worker_versions);\n"
         "-- When which unit level owes which report (the reporting calendar).\n"
         "CREATE TABLE report_schedules (\n"
         "  id " +
         id +
         ",\n"
         "  name TEXT NOT NULL,\n"
         "  level TEXT NOT NULL,             -- commune | district | province\n"
         "  report TEXT NOT NULL,            -- labour_supply | changes\n"
         "  frequency TEXT NOT NULL,         -- monthly | half_yearly | yearly\n"
         "  due_day INTEGER NOT NULL,        -- day of the month the report is due\n"
         "  due_month INTEGER NOT NULL,      -- yearly: the month; half-yearly: the first half's\n"
         "  active INTEGER NOT NULL DEFAULT 1,\n"
         "  CHECK (due_day BETWEEN 1 AND 31 AND due_month BETWEEN 0 AND 12)\n"
         ");\n"
         "-- The seeds' calendars (forms.md 5.1: Ha Noi, Muong Ang).\n"
         "INSERT INTO report_schedules(name, level, report, frequency, due_day, due_month) "
         "VALUES\n"
         "  ('Báo cáo tháng cấp xã', 'commune', 'labour_supply', 'monthly', 25, 0),\n"
         "  ('Báo cáo năm cấp xã', 'commune', 'labour_supply', 'yearly', 10, 12),\n"
         "  ('Báo cáo tháng cấp huyện', 'district', 'labour_supply', 'monthly', 28, 0),\n"
         "  ('Báo cáo năm cấp huyện', 'district', 'labour_supply', 'yearly', 15, 12),\n"
         "  ('Báo cáo tháng cấp tỉnh', 'province', 'labour_supply', 'monthly', 28, 0),\n"
         "  ('Báo cáo năm cấp tỉnh', 'province', 'labour_supply', 'yearly', 15, 12),\n"
         "  ('Báo cáo 6 tháng', 'commune', 'labour_supply', 'half_yearly', 10, 6);\n"
         "-- A report sent for one period, with the figures as sent.\n"
         "CREATE TABLE report_submissions (\n"
         "  id " +
         id +
         ",\n"
         "  schedule_id BIGINT NOT NULL REFERENCES report_schedules(id),\n"
         "  unit TEXT NOT NULL,              -- UnitKey\n"
         "  period TEXT NOT NULL,            -- 2026-11 | 2026-H1 | 2026\n"
         "  submitted_on TEXT NOT NULL,      -- the day in Vietnam, YYYY-MM-DD: on time or late\n"
         "  submitted_at TEXT NOT NULL,      -- RFC 3339 UTC\n"
         "  submitted_by TEXT NOT NULL,\n"
         "  figures TEXT NOT NULL,           -- the report as JSON\n"
         "  UNIQUE (schedule_id, unit, period)\n"
         ");\n";
}

}  // namespace

Migration ReportsMigration() {
  return {6, "0006_reports", ReportsSchema(false), ReportsSchema(true)};
}

}  // namespace lmis
