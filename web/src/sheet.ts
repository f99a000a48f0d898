// The items of Mẫu 03 in the paper's order, with the code list each answer comes from. Labels
// and item numbers are the server's (rules/fields.ts, checked against src/core/worker.cc); the
// form and the record page both read this.
import { fieldInfo } from './rules/fields';

export interface SheetItem {
  name: string;
  item: string;
  vi: string;
  en: string;
  list?: string; // a code list of GET /api/codes
}

// [column, code list] in the order the paper asks.
const ORDER: [string, string?][] = [
  ['full_name'],
  ['birth_date'],
  ['sex', 'sex'],
  ['cccd'],
  ['cmnd'],
  ['bhxh'],
  ['permanent_unit'],
  ['permanent_address'],
  ['current_unit'],
  ['current_address'],
  ['priority_groups', 'priority_group'],
  ['ethnicity'],
  ['general_education', 'general_education'],
  ['qualification', 'qualification'],
  ['training_field'],
  ['lf_status', 'lf_status'],
  ['nilf_reason', 'nilf_reason'],
  ['employment_status', 'employment_status'],
  ['job_title'],
  ['occupation'],
  ['industry'],
  ['si_type', 'si_type'],
  ['has_contract'],
  ['contract_type', 'contract_type'],
  ['contract_start'],
  ['workplace_name'],
  ['workplace_type', 'workplace_type'],
  ['workplace_unit'],
  ['workplace_address'],
  ['never_worked'],
  ['unemployment_duration', 'unemployment_duration'],
  ['collected_on'],
  ['source', 'source'],
  ['household_id'],
  ['relation_to_head'],
];

export const SHEET: SheetItem[] = ORDER.map(([name, list]) => {
  const f = fieldInfo(name);
  if (!f) throw new Error('not a Mẫu 03 column: ' + name);
  return { name, item: f.formItem, vi: f.labelVi, en: f.labelEn, list };
});

export const SHEET_ITEM = new Map(SHEET.map((s) => [s.name, s]));
