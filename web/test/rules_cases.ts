// Proves that the browser's record rules (web/src/rules) agree with the server's: runs every
// data-driven validation case of test/validation/*.test (the cases src/core/validate_test.cc
// runs) through validateCells with the full reference data, and compares the set of
// "field code" strings with the expected one. Also checks that what the rules copy from the C++
// sources (field labels, list names, dates, limits) has not drifted, that a RuleRef built from
// API-shaped answers or an empty one never reports a problem the server would not, and checkCccd.
//
//   npm --prefix web run test:rules      (exit 1 on any mismatch)

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  API_CATALOG_MAX_LEVEL,
  checkCccd,
  CODE_FIELDS,
  CODE_LIST_NAMES,
  FIELDS,
  MINIMUM_AGE,
  MULTI_CODE_FIELDS,
  refFromApi,
  RULE_SLUGS,
  UNITS_2025_START,
  validateCells,
  VSIC_2025_START,
  type CatalogInput,
  type ApiCatalogs,
  type CatalogJson,
  type CodeListsJson,
  type Problem,
  type RuleRef,
  type UnitsJson,
} from '../src/rules/validate.js';
import { loadRepoRef } from './ref_files.js';

/** Cases the port cannot follow, with the reason. Keep it tiny; today it is empty. */
const SKIP: ReadonlyMap<string, string> = new Map<string, string>([
  // ['identity.test:123', 'why'],
]);

// ---- where the repository is (from this file, not the working directory) ----

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'test/validation')) && existsSync(join(dir, 'src/core/validate.cc'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the repository root above ' + fileURLToPath(import.meta.url));
}
const root = findRoot();

let failures = 0;
function fail(message: string): void {
  failures++;
  console.error('FAIL ' + message);
}
function check(ok: boolean, message: string): void {
  if (!ok) fail(message);
}

// ---- test/validation/*.test, read as src/testing/case_file.cc reads them ----

interface TestCase {
  file: string;
  line: number;
  name: string;
  row: Map<string, string>;
  directives: [string, string][];
  settings: Map<string, string>;
}

/** `\uXXXX` stands for that character and `\\` for one backslash (case_file.cc Unescape). */
function unescape(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    if (v[i] === '\\' && i + 1 < v.length && v[i + 1] === '\\') {
      out += '\\';
      i++;
    } else if (v[i] === '\\' && i + 5 < v.length && v[i + 1] === 'u') {
      out += String.fromCharCode(Number.parseInt(v.slice(i + 2, i + 6), 16));
      i += 5;
    } else {
      out += v[i];
    }
  }
  return out;
}

function loadCases(path: string): TestCase[] {
  const file = relative(root, path);
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop(); // getline yields no line after the last '\n'
  const bases = new Map<string, Map<string, string>>();
  const settings = new Map<string, string>();
  const cases: TestCase[] = [];
  let baseName = '';
  let inCase = false;
  lines.forEach((line, index) => {
    const n = index + 1;
    const bad = (why: string): void => fail(`${file}:${n}: ${why}`);
    if (line === '' || line[0] === '#') {
      inCase = false;
      return;
    }
    const space = line.indexOf(' ');
    const word = space < 0 ? line : line.slice(0, space);
    const rest = line.length > word.length ? line.slice(word.length + 1) : '';
    const last = cases[cases.length - 1];
    if (baseName !== '') {
      if (line === 'end') {
        baseName = '';
        return;
      }
      const eq = line.indexOf('=');
      if (eq < 0) return bad('expected column=value in base ' + baseName);
      bases.get(baseName)?.set(line.slice(0, eq), unescape(line.slice(eq + 1)));
    } else if (word === 'base') {
      baseName = rest;
      if (!bases.has(rest)) bases.set(rest, new Map());
    } else if (word === 'case') {
      cases.push({ file, line: n, name: rest, row: new Map(), directives: [], settings: new Map(settings) });
      inCase = true;
    } else if (!inCase || !last) {
      settings.set(word, rest);
    } else if (word === 'from') {
      const as = rest.indexOf(' as ');
      const name = as < 0 ? rest : rest.slice(0, as);
      const base = bases.get(name);
      if (!base) return bad('unknown base ' + name);
      if (as < 0) last.row = new Map(base); // rows filed under a role are not used here
    } else if (word === 'set') {
      const eq = rest.indexOf('=');
      if (eq < 0) return bad('expected set column=value');
      last.row.set(rest.slice(0, eq), unescape(rest.slice(eq + 1)));
    } else {
      last.directives.push([word, rest]);
    }
  });
  return cases;
}

// ---- running ----

function gotOf(problems: readonly Problem[]): string[] {
  return problems.map((p) => `${p.field} ${p.code}`).sort();
}

/** True when every element of `sub` (a multiset) is in `sup`. */
function isSubset(sub: readonly string[], sup: readonly string[]): boolean {
  const left = [...sup];
  for (const s of sub) {
    const i = left.indexOf(s);
    if (i < 0) return false;
    left.splice(i, 1);
  }
  return true;
}

const { ref, codeLists, catalogs, unitsPre2025, units2025 } = loadRepoRef(root);

// What the browser would have once everything is fetched: the API's answers, which carry no
// aliases or name variants and no level-5 occupations (src/http/api.cc).
function catalogJson(name: string, entries: readonly CatalogInput[], maxLevel: number, aliases = false): CatalogJson {
  const out = [];
  for (let level = 1; level <= maxLevel; level++)
    for (const e of [...entries].filter((x) => x.level === level).sort((a, b) => (a.code < b.code ? -1 : 1)))
      out.push({
        code: e.code,
        level: e.level,
        name: e.name,
        parent: e.parent || null,
        ...(aliases ? { aliases: e.aliases ?? [] } : {}),
      });
  return { name, entries: out };
}
const unitsJson = (tree: '2025' | 'pre2025', units: typeof units2025): UnitsJson => ({
  tree,
  units: units.map((u) => ({ code: u.code, name: u.code, level: u.level, parent: u.parent || null })),
});
const codesJsonOf = (aliases: boolean): CodeListsJson => ({
  lists: CODE_LIST_NAMES.map((name) => ({
    name,
    options: (codeLists.get(name) ?? []).map((o) => ({
      code: o.code,
      form_code: o.form_code ?? '',
      label_vi: o.label_vi,
      label_en: o.label_en,
      ...(aliases ? { aliases: o.aliases ?? [] } : {}),
    })),
  })),
});
const codesJson = codesJsonOf(false);
const apiCatalogs = (aliases: boolean): ApiCatalogs => ({
  ethnicity: catalogJson('ethnicity', catalogs.ethnicity, API_CATALOG_MAX_LEVEL.ethnicity, aliases),
  occupation: catalogJson('occupation', catalogs.occupation, API_CATALOG_MAX_LEVEL.occupation),
  industry: [
    { asOf: '2025-10-01', answer: catalogJson('industry', catalogs.vsic2018, API_CATALOG_MAX_LEVEL.industry) },
    { asOf: '2026-01-15', answer: catalogJson('industry', catalogs.vsic2025, API_CATALOG_MAX_LEVEL.industry) },
  ],
  units: [unitsJson('pre2025', unitsPre2025), unitsJson('2025', units2025)],
  completeTrees: ['pre2025', '2025'],
});
const apiRef = refFromApi(codesJson, apiCatalogs(false));
// Were the API to send the aliases and name variants too (it does not today).
const apiAliasRef = refFromApi(codesJsonOf(true), apiCatalogs(true));
// Early on: only the code lists and the pre-2025 provinces (GET /api/units?tree=pre2025).
const earlyRef = refFromApi(codesJson, {
  units: [
    unitsJson(
      'pre2025',
      unitsPre2025.filter((u) => u.level === 1),
    ),
  ],
});
const partialRefs: [string, RuleRef][] = [
  ['API answers plus aliases (not sent today)', apiAliasRef],
  ['API answers', apiRef],
  ['code lists and provinces only', earlyRef],
  ['nothing loaded', {}],
];

const dir = join(root, 'test/validation');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.test'))
  .sort();
let run = 0;
let passed = 0;
let skipped = 0;
const agreeing = new Map<string, number>(partialRefs.map(([name]) => [name, 0]));
const overReporting = new Map<string, number>(partialRefs.map(([name]) => [name, 0]));
for (const f of files) {
  for (const c of loadCases(join(dir, f))) {
    const where = `${c.file}:${c.line}: ${c.name}`;
    const skip = SKIP.get(`${f}:${c.line}`);
    if (skip !== undefined) {
      skipped++;
      console.log(`skip ${where} (${skip})`);
      continue;
    }
    run++;
    let expected = c.directives.filter(([w]) => w === 'expect').map(([, rest]) => rest);
    if (expected.length === 0) fail(`${where}: case has no expectation`);
    if (expected.length === 1 && expected[0] === 'none') expected = [];
    expected.sort();
    const cells: Record<string, string> = {};
    for (const [column, value] of c.row) {
      if (!FIELDS.some((x) => x.name === column)) fail(`${where}: unknown column ${column}`);
      cells[column] = value;
    }
    const today = c.settings.get('today') ?? '2026-01-15';
    const problems = validateCells(cells, ref, today);
    const got = gotOf(problems);
    let ok = JSON.stringify(got) === JSON.stringify(expected);
    if (!ok) {
      fail(
        `${where}\n    expected: ${expected.join(', ') || 'none'}\n    got:      ${got.join(', ') || 'none'}` +
          problems.map((p) => `\n      ${p.field} ${p.code}: ${p.en}`).join(''),
      );
    }
    for (const p of problems) {
      const info = FIELDS.find((x) => x.name === p.field);
      if (
        !info ||
        !p.vi.startsWith(info.labelVi + ': ') ||
        !p.en.startsWith(info.labelEn + ': ') ||
        p.vi.length <= info.labelVi.length + 2 ||
        p.en.length <= info.labelEn.length + 2
      ) {
        ok = false;
        fail(`${where}: message of ${p.field} ${p.code} lacks the label or a text: ${p.vi} / ${p.en}`);
      }
    }
    // With less reference data, fewer checks run, but nothing is reported falsely.
    for (const [name, partial] of partialRefs) {
      const partialGot = gotOf(validateCells(cells, partial, today));
      if (!isSubset(partialGot, expected)) {
        overReporting.set(name, (overReporting.get(name) ?? 0) + 1);
        fail(
          `${where}: with ${name} the rules report more than the server\n    expected: ` +
            `${expected.join(', ') || 'none'}\n    got:      ${partialGot.join(', ') || 'none'}`,
        );
      }
      if (JSON.stringify(partialGot) === JSON.stringify(expected)) agreeing.set(name, (agreeing.get(name) ?? 0) + 1);
    }
    if (ok) passed++;
  }
}
check(run >= 60, `the validation suite should hold at least 60 cases, found ${run}`);

// ---- what the port copies from the C++ sources ----

const read = (p: string): string => readFileSync(join(root, p), 'utf8');
{
  const workerCc = read('src/core/worker.cc');
  const body = /kFields\[kWorkerFieldCount\]\s*=\s*\{([\s\S]*?)\n\};/.exec(workerCc)?.[1] ?? '';
  const cpp = [...body.matchAll(/\{\s*"([^"]*)"\s*,\s*"([^"]*)"\s*,\s*"([^"]*)"\s*,\s*"([^"]*)"\s*\}/g)].map((m) =>
    [m[1], m[2], m[3], m[4]].join(' | '),
  );
  const ts = FIELDS.map((f) => [f.name, f.formItem, f.labelVi, f.labelEn].join(' | '));
  check(
    cpp.length > 30 && JSON.stringify(cpp) === JSON.stringify(ts),
    'web/src/rules/fields.ts FIELDS differ from src/core/worker.cc kFields:\n' +
      cpp
        .filter((x, i) => x !== ts[i])
        .map((x) => `    C++: ${x}`)
        .join('\n'),
  );

  check(
    JSON.stringify([...codeLists.keys()]) === JSON.stringify(CODE_LIST_NAMES),
    `CODE_LIST_NAMES differ from src/http/api.cc CodeLists(): ${[...codeLists.keys()].join(', ')}`,
  );
  for (const [list, slugs] of Object.entries(RULE_SLUGS)) {
    const known = (codeLists.get(list) ?? []).map((o) => o.code);
    for (const s of slugs) check(known.includes(s), `RULE_SLUGS.${list}: ${s} is not in src/core/codes.cc`);
  }

  // The openapi Worker schema: every enum column decoded from the list the rules use.
  const openapi = JSON.parse(read('src/http/openapi.json')) as {
    components: { schemas: { Worker: { properties: Record<string, { enum?: string[]; pattern?: string }> } } };
  };
  const props = openapi.components.schemas.Worker.properties;
  for (const f of FIELDS) check(f.name in props, `openapi Worker has no property ${f.name}`);
  for (const [field, p] of Object.entries(props)) {
    if (!p.enum) continue;
    if (JSON.stringify(p.enum) === '["true","false"]') {
      check(field === 'has_contract' || field === 'never_worked', `openapi Worker.${field} is a boolean the rules do not decode as one`);
      continue;
    }
    const list = (CODE_FIELDS as Record<string, string>)[field];
    const slugs = (codeLists.get(list ?? '') ?? []).map((o) => o.code);
    check(
      JSON.stringify(slugs) === JSON.stringify(p.enum),
      `openapi Worker.${field} enum ${JSON.stringify(p.enum)} differs from list ${list}: ${JSON.stringify(slugs)}`,
    );
  }
  for (const [field, list] of Object.entries(MULTI_CODE_FIELDS)) {
    const slugs = (codeLists.get(list) ?? []).map((o) => o.code);
    const pattern = props[field]?.pattern ?? '';
    check(
      slugs.length > 0 && pattern.includes(`(${slugs.join('|')})`),
      `openapi Worker.${field} pattern ${pattern} differs from list ${list}`,
    );
  }

  const apiCc = read('src/http/api.cc');
  for (const [name, member] of [
    ['occupation', 'occupations'],
    ['ethnicity', 'ethnic_groups'],
  ] as const)
    check(
      apiCc.includes(`CatalogJson(ref_.${member}, ${API_CATALOG_MAX_LEVEL[name]})`),
      `src/http/api.cc no longer sends ${name} levels 1–${API_CATALOG_MAX_LEVEL[name]}`,
    );
  check(
    apiCc.includes(`CatalogJson(ref_.IndustriesAt(day), ${API_CATALOG_MAX_LEVEL.industry})`),
    `src/http/api.cc no longer sends industry levels 1–${API_CATALOG_MAX_LEVEL.industry}`,
  );
  const [y, m, d] = VSIC_2025_START.split('-').map(Number);
  check(
    read('src/core/refdata.h').includes(`kVsic2025Start{${y}, ${m}, ${d}}`),
    `VSIC_2025_START ${VSIC_2025_START} differs from src/core/refdata.h kVsic2025Start`,
  );
  const [uy, um, ud] = UNITS_2025_START.split('-').map(Number);
  check(
    read('src/core/admin_units.cc').includes(`Date{${uy}, ${um}, ${ud}}`),
    `UNITS_2025_START ${UNITS_2025_START} differs from src/core/admin_units.cc EditionAt`,
  );
  check(
    read('src/core/validate.h').includes(`kMinimumAge = ${MINIMUM_AGE};`),
    `MINIMUM_AGE ${MINIMUM_AGE} differs from src/core/validate.h kMinimumAge`,
  );
  // refFromApi takes the ethnic groups and VSIC as whole and VSCO as cut below level 4, its
  // codes extending their parent's.
  const deepest = (entries: readonly CatalogInput[]): number => Math.max(...entries.map((e) => e.level));
  check(
    deepest(catalogs.ethnicity) <= API_CATALOG_MAX_LEVEL.ethnicity &&
      deepest(catalogs.vsic2018) <= API_CATALOG_MAX_LEVEL.industry &&
      deepest(catalogs.vsic2025) <= API_CATALOG_MAX_LEVEL.industry,
    'the API no longer sends every level of the ethnic groups or of VSIC',
  );
  check(
    catalogs.occupation.every((e) => e.level === e.code.length && (e.level === 1 || e.parent === e.code.slice(0, -1))),
    'data/vsco2020.csv: levels are no longer code lengths extending the parent code',
  );
  check(ref.cccdProvinces?.size === 63, `expected the 63 pre-2025 provinces, found ${ref.cccdProvinces?.size}`);
}

// ---- checkCccd ----

function expectCccd(args: Parameters<typeof checkCccd>, expected: string[], what: string): void {
  const got = checkCccd(...args)
    .map((p) => p.code)
    .sort();
  check(
    JSON.stringify(got) === JSON.stringify([...expected].sort()),
    `checkCccd: ${what}: expected ${expected.join(', ') || 'none'}, got ${got.join(', ') || 'none'}`,
  );
}
expectCccd(['001085012345', 'male', '1985-03-12', ref], [], 'a man born 1985 in Hà Nội');
expectCccd(['001185012345', 'male', '1985-03-12', ref], ['cccd_sex_century'], 'a man born 1985 with digit 4 = 1');
expectCccd(['001185012345', 'female', '1985', ref], [], 'a woman born 1985 with digit 4 = 1');
expectCccd(['001301012345', 'female', '2001-05', ref], [], 'a woman born 2001 with digit 4 = 3');
expectCccd(['001201012345', 'female', '2001', ref], ['cccd_sex_century'], 'a woman born 2001 with digit 4 = 2');
expectCccd(['001285012345', undefined, '1985', ref], ['cccd_sex_century'], 'no sex, digit 4 = 2 for the 1900s');
expectCccd(['001185012345', undefined, '1985', ref], [], 'no sex, digit 4 = 1 fits the 1900s');
expectCccd(['001086012345', 'male', '1985-03-12', ref], ['cccd_birth_year'], 'digits 5–6 = 86 for 1985');
expectCccd(['001186012345', 'male', '1985', ref], ['cccd_sex_century', 'cccd_birth_year'], 'both wrong');
expectCccd(['001085012345', 'male', '1985-13', ref], [], 'an unreadable birth date is not used');
expectCccd(['001185012345', 'male', undefined, ref], [], 'no birth date: only the shape and province');
expectCccd(['099085012345', 'male', '1985', ref], ['cccd_province'], '099 is not a province');
expectCccd(['099085012345', 'male', '1985'], [], 'without the provinces loaded');
expectCccd(['100085012345', 'male', '1985', ref], ['cccd_province'], 'digit 1 must be 0');
expectCccd(['00108501234', 'male', '1985', ref], ['format'], '11 digits');
expectCccd(['00108501234x', 'male', '1985', ref], ['format'], 'a letter');
expectCccd(['', 'male', '1985', ref], [], 'empty');
{
  const [p] = checkCccd('001185012345', 'male', '1985-03-12', ref);
  check(
    p?.vi === 'Số CCCD: chữ số thứ 4 (1) không khớp giới tính và thế kỷ sinh' &&
      p.en === 'Personal ID number (CCCD): digit 4 (1) disagrees with sex and birth century',
    `checkCccd message: ${p?.vi} / ${p?.en}`,
  );
}

// ---- summary ----

console.log(
  `rules: ${run} cases from ${files.length} files (test/validation/*.test): ${passed} agree with ` +
    `the server, ${run - passed} do not` +
    (skipped ? `, ${skipped} skipped` : ''),
);
for (const [name, n] of agreeing) {
  const more = overReporting.get(name) ?? 0;
  console.log(
    `  with ${name}: ${n}/${run} the same answer, ` + (more ? `${more} report MORE than the server` : 'none reports more than the server'),
  );
}
if (failures > 0) {
  console.error(`rules: ${failures} failure(s)`);
  process.exitCode = 1;
} else {
  console.log('rules: ok');
}
