// The record rules of Mẫu 03 for the browser: a port of the server's decoding of exchange-format
// cells (src/core/worker_codec.cc) and of ValidateWorker (src/core/validate.cc), so that the entry
// form can tell the officer as they type. The server stays the authority: it runs the same rules
// again on save. web/test/rules_cases.ts runs the server's own cases (test/validation/*.test)
// through this file.
//
// Pure functions; reference data that is not loaded yet only skips the checks that need it.

import { cccdProblems } from './cccd.js';
import {
  certainlyYoungerThan,
  compareDays,
  dayText,
  earliest,
  latest,
  parseDay,
  parsePartialDate,
  partialDateText,
  type Day,
  type PartialDate,
} from './dates.js';
import { fieldInfo } from './fields.js';
import { findEntry, lookupCode, UNITS_2025_START, VSIC_2025_START, type CodeListName, type RuleRef, type UnitTreeRef } from './ref.js';
import { collapseSpaces, foldVietnamese, isCleanText, quoteValue, tidyText } from './text.js';

export { FIELDS, fieldInfo, type FieldInfo } from './fields.js';
export * from './ref.js';

/** A worker record as exchange-format cells: column → canonical text; "" or missing = absent. */
export type Cells = Record<string, string | undefined>;

/** A broken rule: the column, the server's code (slug) and the server's messages. */
export interface Problem {
  field: string;
  code: string;
  vi: string;
  en: string;
}

/** The columns whose cells are codes of a list (decoded by label too), and their lists. */
export const CODE_FIELDS = {
  sex: 'sex',
  general_education: 'general_education',
  qualification: 'qualification',
  lf_status: 'lf_status',
  employment_status: 'employment_status',
  si_type: 'si_type',
  contract_type: 'contract_type',
  workplace_type: 'workplace_type',
  unemployment_duration: 'unemployment_duration',
  nilf_reason: 'nilf_reason',
  source: 'source',
} as const satisfies Record<string, CodeListName>;
/** The column holding several codes of a list, separated by ';'. */
export const MULTI_CODE_FIELDS = { priority_groups: 'priority_group' } as const satisfies Record<string, CodeListName>;

/** Minimum age of the people recorded on Mẫu 03 (TT 11/2022 Điều 11). */
export const MINIMUM_AGE = 15;

/** The slugs the rules themselves name (web/test/rules_cases.ts checks them against codes.cc). */
export const RULE_SLUGS = {
  sex: ['male', 'female'],
  priority_group: ['ethnic_minority'],
  qualification: ['none', 'worker_no_degree', 'short_course'],
  lf_status: ['employed', 'unemployed', 'outside'],
  employment_status: ['employee'],
} as const satisfies Partial<Record<CodeListName, readonly string[]>>;

function problem(field: string, code: string, vi: string, en: string): Problem {
  const info = fieldInfo(field);
  return {
    field,
    code,
    vi: `${info ? info.labelVi : field}: ${vi}`,
    en: `${info ? info.labelEn : field}: ${en}`,
  };
}

// ---- decoding (DecodeWorker) ----

/** A record as typed values; a code is its slug. */
interface Decoded {
  cccd: string;
  cmnd: string;
  full_name: string;
  birth_date: PartialDate | undefined;
  sex: string | undefined;
  ethnicity: string;
  bhxh: string;
  permanent_unit: string;
  current_unit: string;
  priority_groups: Set<string>;
  qualification: string | undefined;
  training_field: string;
  lf_status: string | undefined;
  employment_status: string | undefined;
  job_title: string;
  occupation: string;
  industry: string;
  si_type: string | undefined;
  has_contract: boolean | undefined;
  contract_type: string | undefined;
  contract_start: PartialDate | undefined;
  workplace_name: string;
  workplace_type: string | undefined;
  workplace_unit: string;
  workplace_address: string;
  never_worked: boolean | undefined;
  unemployment_duration: string | undefined;
  nilf_reason: string | undefined;
  collected_on: PartialDate | undefined;
}

class Decoder {
  /** Fields whose text could not be typed (or, with reference data missing, could not be
   * checked): the rules do not report them again. */
  readonly failed = new Set<string>();
  readonly out: Problem[] = [];
  private readonly cells: Cells;
  private readonly ref: RuleRef;

  constructor(cells: Cells, ref: RuleRef) {
    this.cells = cells;
    this.ref = ref;
  }

  cell(f: string): string {
    return this.cells[f] ?? '';
  }

  /** Codes and numbers: stored as given, once known to be clean text. */
  text(f: string): string {
    const t = this.cell(f);
    if (!isCleanText(t)) {
      this.fail(f, 'format', 'chứa ký tự điều khiển hoặc không phải UTF-8 hợp lệ', 'contains control characters or invalid UTF-8');
      return '';
    }
    return t;
  }

  /** Free text: spaces collapsed, NFC. */
  name(f: string): string {
    const t = this.cell(f);
    if (!isCleanText(t)) {
      this.fail(f, 'format', 'chứa ký tự điều khiển hoặc không phải UTF-8 hợp lệ', 'contains control characters or invalid UTF-8');
      return '';
    }
    return tidyText(t);
  }

  code(f: keyof typeof CODE_FIELDS): string | undefined {
    const t = this.cell(f);
    if (t === '') return undefined;
    const v = lookupCode(this.ref.codeLists?.[CODE_FIELDS[f]], t);
    if (v === false) this.unknownCode(f, t);
    else if (v === undefined) this.failed.add(f); // list not loaded: cannot tell
    return v || undefined;
  }

  date(f: string): PartialDate | undefined {
    const t = this.cell(f);
    if (t === '') return undefined;
    const d = parsePartialDate(t);
    if (!d)
      this.fail(
        f,
        'date_format',
        `ngày ${quoteValue(t)} không hợp lệ (dạng YYYY, YYYY-MM hoặc YYYY-MM-DD)`,
        `${quoteValue(t)} is not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)`,
      );
    return d;
  }

  bool(f: string): boolean | undefined {
    const raw = this.cell(f);
    if (raw === '') return undefined;
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    const t = foldVietnamese(raw);
    if (t === 'true' || t === 'co' || t === '1' || t === 'yes') return true;
    if (t === 'false' || t === 'khong' || t === '0' || t === 'no') return false;
    this.fail(f, 'format', 'phải là true/false (Có/Không)', 'must be true/false (yes/no)');
    return undefined;
  }

  priorities(f: keyof typeof MULTI_CODE_FIELDS): Set<string> {
    const groups = new Set<string>();
    for (const part of this.cell(f).split(';')) {
      const token = collapseSpaces(part);
      if (token === '') continue;
      const g = lookupCode(this.ref.codeLists?.[MULTI_CODE_FIELDS.priority_groups], token);
      if (g) groups.add(g);
      else if (g === false) this.unknownCode(f, token);
      else this.failed.add(f);
    }
    return groups;
  }

  ethnicity(f: string): string {
    const t = this.cell(f);
    if (t === '') return '';
    const catalog = this.ref.ethnicity;
    if (!catalog) {
      this.failed.add(f);
      return '';
    }
    const entry = findEntry(catalog, t);
    if (entry) return t;
    const byName = catalog.byFoldedName.get(foldVietnamese(t));
    if (byName !== undefined && catalog.byCode.has(byName)) return byName;
    // Without the spelling variants (the API sends none) only a code, digits, is certainly
    // unknown: a name might be a variant.
    if (entry === false && (catalog.namesComplete || /^[0-9]+$/.test(t))) this.unknownCode(f, t);
    else this.failed.add(f);
    return '';
  }

  private unknownCode(f: string, t: string): void {
    this.fail(f, 'code_unknown', `giá trị ${quoteValue(t)} không có trong danh mục`, `${quoteValue(t)} is not in the code list`);
  }

  private fail(f: string, code: string, vi: string, en: string): void {
    this.failed.add(f);
    this.out.push(problem(f, code, vi, en));
  }
}

function decode(d: Decoder): Decoded {
  // In the order of DecodeWorker, so that problems come out in the server's order.
  const cccd = d.text('cccd');
  const cmnd = d.text('cmnd');
  const full_name = d.name('full_name');
  const birth_date = d.date('birth_date');
  const sex = d.code('sex');
  const ethnicity = d.ethnicity('ethnicity');
  const bhxh = d.text('bhxh');
  const permanent_unit = d.text('permanent_unit');
  d.name('permanent_address');
  const current_unit = d.text('current_unit');
  d.name('current_address');
  const priority_groups = d.priorities('priority_groups');
  d.code('general_education');
  const qualification = d.code('qualification');
  const training_field = d.name('training_field');
  const lf_status = d.code('lf_status');
  const employment_status = d.code('employment_status');
  const job_title = d.name('job_title');
  const occupation = d.text('occupation');
  const industry = d.text('industry');
  const si_type = d.code('si_type');
  const has_contract = d.bool('has_contract');
  const contract_type = d.code('contract_type');
  const contract_start = d.date('contract_start');
  const workplace_name = d.name('workplace_name');
  const workplace_type = d.code('workplace_type');
  const workplace_unit = d.text('workplace_unit');
  const workplace_address = d.name('workplace_address');
  const never_worked = d.bool('never_worked');
  const unemployment_duration = d.code('unemployment_duration');
  const nilf_reason = d.code('nilf_reason');
  const collected_on = d.date('collected_on');
  d.code('source');
  d.text('household_id');
  d.name('relation_to_head');
  return {
    cccd,
    cmnd,
    full_name,
    birth_date,
    sex,
    ethnicity,
    bhxh,
    permanent_unit,
    current_unit,
    priority_groups,
    qualification,
    training_field,
    lf_status,
    employment_status,
    job_title,
    occupation,
    industry,
    si_type,
    has_contract,
    contract_type,
    contract_start,
    workplace_name,
    workplace_type,
    workplace_unit,
    workplace_address,
    never_worked,
    unemployment_duration,
    nilf_reason,
    collected_on,
  };
}

// ---- the rules (ValidateWorker) ----

/** The date a record speaks for: its collection date (latest day when partial), else today. */
export function recordDate(collectedOn: PartialDate | undefined, today: Day): Day {
  if (!collectedOn) return today;
  const d = latest(collectedOn);
  return compareDays(d, today) > 0 ? today : d;
}

const kWho: Record<string, readonly [string, string]> = {
  employed: ['người có việc làm', 'employed people'],
  unemployed: ['người thất nghiệp', 'unemployed people'],
  outside: ['người không tham gia hoạt động kinh tế', 'people outside the labour force'],
};

class Checker {
  private readonly r: Decoded;
  private readonly failed: ReadonlySet<string>;
  private readonly ref: RuleRef;
  private readonly today: Day;
  private readonly recordDay: Day;
  private readonly tree2025: boolean;
  private readonly out: Problem[];

  constructor(r: Decoded, failed: ReadonlySet<string>, ref: RuleRef, today: Day, out: Problem[]) {
    this.r = r;
    this.failed = failed;
    this.ref = ref;
    this.today = today;
    this.recordDay = recordDate(r.collected_on, today);
    this.tree2025 = dayText(this.recordDay) >= UNITS_2025_START;
    this.out = out;
  }

  run(): void {
    this.identity();
    this.dates();
    this.residence();
    this.education();
    this.status();
    if (this.r.ethnicity === '' && !this.failed.has('ethnicity') && this.r.priority_groups.has('ethnic_minority'))
      this.add(
        'ethnicity',
        'required',
        'đối tượng ưu tiên "Dân tộc thiểu số" cần ghi tên dân tộc',
        'the ethnic-minority priority group needs the ethnic group',
      );
  }

  private add(f: string, code: string, vi: string, en: string): void {
    this.out.push(problem(f, code, vi, en));
  }

  private required(f: string, present: boolean): void {
    if (!present && !this.failed.has(f)) this.add(f, 'required', 'bắt buộc nhưng để trống', 'is required but empty');
  }

  private notApplicable(f: string, present: boolean, whoVi: string, whoEn: string): void {
    if (present && !this.failed.has(f))
      this.add(f, 'not_applicable', `không áp dụng cho ${whoVi}, phải để trống`, `does not apply to ${whoEn}; leave it empty`);
  }

  private identity(): void {
    const r = this.r;
    if (r.cccd === '' && r.cmnd === '')
      this.add(
        'cccd',
        'required',
        'cần số CCCD (hoặc số CMND nếu chưa có CCCD)',
        'a CCCD number (or a CMND if there is no CCCD) is required',
      );
    if (r.cccd !== '')
      for (const p of cccdProblems(r.cccd, r.sex, r.birth_date, this.ref.cccdProvinces)) this.add('cccd', p.code, p.vi, p.en);
    if (r.cmnd !== '' && !/^[0-9]{9}$/.test(r.cmnd))
      this.add('cmnd', 'format', 'số CMND phải gồm đúng 9 chữ số', 'must be exactly 9 digits');
    if (r.bhxh !== '' && !/^[0-9]{10}$/.test(r.bhxh))
      this.add('bhxh', 'format', 'mã số BHXH phải gồm đúng 10 chữ số', 'must be exactly 10 digits');
    this.required('full_name', r.full_name !== '');
    if (/[0-9]/.test(r.full_name)) this.add('full_name', 'format', 'họ tên không được chứa chữ số', 'a name must not contain digits');
    this.required('sex', r.sex !== undefined);
  }

  private notFuture(f: string, d: PartialDate | undefined): void {
    if (d && compareDays(earliest(d), this.today) > 0) {
      const t = partialDateText(d);
      this.add(f, 'date_future', `ngày ${t} ở tương lai`, `${t} is in the future`);
    }
  }

  private dates(): void {
    const r = this.r;
    this.required('birth_date', r.birth_date !== undefined);
    this.notFuture('birth_date', r.birth_date);
    this.notFuture('collected_on', r.collected_on);
    this.notFuture('contract_start', r.contract_start);
    if (
      r.birth_date &&
      compareDays(earliest(r.birth_date), this.today) <= 0 &&
      certainlyYoungerThan(r.birth_date, this.recordDay, MINIMUM_AGE)
    ) {
      const on = dayText(this.recordDay);
      this.add('birth_date', 'under_age', `chưa đủ 15 tuổi vào ngày ${on}`, `younger than 15 on ${on}`);
    }
  }

  private get tree(): UnitTreeRef | undefined {
    return this.tree2025 ? this.ref.units2025 : this.ref.unitsPre2025;
  }

  private commune(f: string, code: string): void {
    const tree = this.tree;
    if (code === '' || !tree || tree.levels.get(code) === 3) return;
    this.unknownUnit(f, code, 'xã/phường');
  }

  private unknownUnit(f: string, code: string, what: string): void {
    const tree = this.tree2025 ? 'từ 01/07/2025' : 'trước 01/07/2025';
    const treeEn = this.tree2025 ? 'from 1 July 2025' : 'before 1 July 2025';
    const on = dayText(this.recordDay);
    this.add(
      f,
      'unit_unknown',
      `mã ${quoteValue(code)} không phải ${what} trong danh mục ${tree} (ngày của phiếu ${on})`,
      `${quoteValue(code)} is not a unit of the tree in force ${treeEn} (record date ${on})`,
    );
  }

  private residence(): void {
    const r = this.r;
    if (r.permanent_unit === '' && r.current_unit === '')
      this.add(
        'permanent_unit',
        'required',
        'cần mã xã nơi thường trú hoặc nơi ở hiện tại',
        'a permanent or current residence commune is required',
      );
    this.commune('permanent_unit', r.permanent_unit);
    this.commune('current_unit', r.current_unit);
    const tree = this.tree;
    if (r.workplace_unit !== '' && tree && !tree.levels.has(r.workplace_unit))
      this.unknownUnit('workplace_unit', r.workplace_unit, 'đơn vị hành chính');
  }

  private education(): void {
    const r = this.r;
    if (r.qualification !== undefined && !RULE_SLUGS.qualification.some((q) => q === r.qualification))
      this.required('training_field', r.training_field !== '');
    if (r.ethnicity !== '' && findEntry(this.ref.ethnicity, r.ethnicity) === false && !this.failed.has('ethnicity'))
      this.add(
        'ethnicity',
        'code_unknown',
        `mã dân tộc ${quoteValue(r.ethnicity)} không có`,
        `${quoteValue(r.ethnicity)} is not an ethnic-group code`,
      );
  }

  private status(): void {
    const r = this.r;
    this.required('lf_status', r.lf_status !== undefined);
    if (r.lf_status === undefined) return;
    const who = kWho[r.lf_status];
    if (!who) return; // a slug the rules do not know: leave it to the server
    const [vi, en] = who;
    if (r.lf_status === 'employed') {
      this.employed();
    } else {
      this.notApplicable('employment_status', r.employment_status !== undefined, vi, en);
      this.notApplicable('job_title', r.job_title !== '', vi, en);
      this.notApplicable('occupation', r.occupation !== '', vi, en);
      this.notApplicable('industry', r.industry !== '', vi, en);
      this.notApplicable('si_type', r.si_type !== undefined, vi, en);
      this.notApplicable('has_contract', r.has_contract !== undefined, vi, en);
      this.notApplicable('contract_type', r.contract_type !== undefined, vi, en);
      this.notApplicable('contract_start', r.contract_start !== undefined, vi, en);
      this.notApplicable('workplace_name', r.workplace_name !== '', vi, en);
      this.notApplicable('workplace_type', r.workplace_type !== undefined, vi, en);
      this.notApplicable('workplace_unit', r.workplace_unit !== '', vi, en);
      this.notApplicable('workplace_address', r.workplace_address !== '', vi, en);
    }
    if (r.lf_status === 'unemployed') {
      this.required('unemployment_duration', r.unemployment_duration !== undefined);
    } else {
      this.notApplicable('unemployment_duration', r.unemployment_duration !== undefined, vi, en);
      this.notApplicable('never_worked', r.never_worked !== undefined, vi, en);
    }
    if (r.lf_status === 'outside') this.required('nilf_reason', r.nilf_reason !== undefined);
    else this.notApplicable('nilf_reason', r.nilf_reason !== undefined, vi, en);
  }

  private employed(): void {
    const r = this.r;
    this.required('employment_status', r.employment_status !== undefined);
    this.required('job_title', r.job_title !== '');
    this.required('workplace_type', r.workplace_type !== undefined);
    if (r.workplace_unit === '' && r.workplace_address === '' && !this.failed.has('workplace_unit'))
      this.add('workplace_address', 'required', 'cần địa chỉ hoặc mã xã nơi làm việc', 'a workplace address or unit is required');
    this.required('si_type', r.si_type !== undefined);
    if (r.employment_status === 'employee') {
      this.required('contract_type', r.contract_type !== undefined);
    } else if (r.employment_status !== undefined) {
      const vi = 'người không làm công ăn lương';
      const en = 'people who are not employees';
      this.notApplicable('has_contract', r.has_contract !== undefined, vi, en);
      this.notApplicable('contract_type', r.contract_type !== undefined, vi, en);
      this.notApplicable('contract_start', r.contract_start !== undefined, vi, en);
    }
    if (r.occupation !== '') {
      const e = findEntry(this.ref.occupation, r.occupation);
      if (e === false)
        this.add(
          'occupation',
          'code_unknown',
          `mã nghề ${quoteValue(r.occupation)} không có trong Danh mục nghề nghiệp 2020`,
          `${quoteValue(r.occupation)} is not a VSCO 2020 occupation code`,
        );
      else if (e && e.level < 3)
        this.add('occupation', 'format', 'cần mã nghề cấp 3 trở lên (3 chữ số)', 'a level-3 (3-digit) or finer occupation code is needed');
    }
    if (r.industry !== '') {
      const v2025 = dayText(this.recordDay) >= VSIC_2025_START;
      if (this.isIndustry(r.industry, v2025) === false) {
        const edition = v2025 ? 'VSIC 2025' : 'VSIC 2018';
        this.add(
          'industry',
          'code_unknown',
          `mã ngành ${quoteValue(r.industry)} không có trong ${edition}`,
          `${quoteValue(r.industry)} is not a code of ${edition}`,
        );
      }
    }
  }

  /** RefData::IsIndustryAt; undefined when the edition's list is not loaded. */
  private isIndustry(code: string, v2025: boolean): boolean | undefined {
    const catalog = v2025 ? this.ref.vsic2025 : this.ref.vsic2018;
    const e = findEntry(catalog, code);
    if (e) return true;
    if (v2025 || e === undefined) return e === undefined ? undefined : false;
    // The VSIC 2018 list shipped holds sections and divisions only: a deeper code of 3–5 digits
    // is accepted under a known division.
    if (!/^[0-9]{3,5}$/.test(code)) return false;
    const division = findEntry(catalog, code.slice(0, 2));
    if (division === undefined) return undefined;
    return division !== false && division.level === 2;
  }
}

/**
 * Every broken rule of the record `cells` on `today` (YYYY-MM-DD): decoding problems
 * (code_unknown, date_format, format) first, then the rules between fields — the same fields,
 * codes and messages as the server. Checks whose reference data is missing from `ref` are
 * skipped.
 */
export function validateCells(cells: Cells, ref: RuleRef, today: string): Problem[] {
  const day = parseDay(today);
  if (!day) throw new Error(`validateCells: today must be YYYY-MM-DD, not ${JSON.stringify(today)}`);
  const d = new Decoder(cells, ref);
  const record = decode(d);
  const out = d.out;
  new Checker(record, d.failed, ref, day, out).run();
  return out;
}

/**
 * Instant feedback on the CCCD field alone: its shape, and whether it agrees with the sex slug
 * and birth date typed so far (either may be absent or still unreadable: then it is not used).
 * The province check needs `ref.cccdProvinces`. An empty CCCD has nothing to check (whether a
 * CCCD or a CMND is needed is a rule of the whole record).
 */
export function checkCccd(
  cccd: string,
  sex: string | undefined,
  birthDate: string | undefined,
  ref: Pick<RuleRef, 'cccdProvinces'> = {},
): Problem[] {
  if (cccd === '') return [];
  if (!isCleanText(cccd))
    return [
      problem('cccd', 'format', 'chứa ký tự điều khiển hoặc không phải UTF-8 hợp lệ', 'contains control characters or invalid UTF-8'),
    ];
  const s = sex === 'male' || sex === 'female' ? sex : undefined;
  const birth = birthDate ? parsePartialDate(birthDate) : undefined;
  return cccdProblems(cccd, s, birth, ref.cccdProvinces).map((p) => problem('cccd', p.code, p.vi, p.en));
}
