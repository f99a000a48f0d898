// The full RuleRef built from the repository's own sources, as the server builds its RefData
// (src/exchange/refdata_files.cc): data/*.csv, and the code lists of src/core/codes.cc under the
// names src/http/api.cc gives them. Nothing here is a copy kept by hand.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  CODE_LIST_NAMES,
  makeCatalog,
  makeCodeList,
  makeUnitTree,
  type CatalogInput,
  type CodeListName,
  type CodeListRef,
  type CodeOptionRef,
  type RuleRef,
} from '../src/rules/validate.js';

// ---- CSV (RFC 4180: quoted fields, doubled quotes) ----

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The records of a CSV file as column → value maps. */
export function readCsv(path: string): Map<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  if (!header) throw new Error(`${path}: empty`);
  return rows.filter((r) => !(r.length === 1 && r[0] === '')).map((r) => new Map(header.map((h, i) => [h, r[i] ?? ''] as const)));
}

const get = (r: Map<string, string>, k: string): string => r.get(k) ?? '';

// ---- code lists from the C++ sources ----

function cString(literal: string, where: string): string {
  return literal.replace(/\\(.)/g, (_m, c: string) => {
    if (c === '"' || c === '\\') return c;
    throw new Error(`${where}: unsupported escape \\${c}`);
  });
}

/** Each `constexpr CodeOption kX[] = {...};` of codes.cc: table name → options. */
export function parseCodeTables(codesCc: string): Map<string, CodeOptionRef[]> {
  const tables = new Map<string, CodeOptionRef[]>();
  const tableRe = /constexpr\s+CodeOption\s+(k\w+)\[\]\s*=\s*\{([\s\S]*?)\n\};/g;
  for (const [, name = '', body = ''] of codesCc.matchAll(tableRe)) {
    const options: CodeOptionRef[] = [];
    const optionRe = /\{\s*V\([^)]*\)\s*,((?:\s*"(?:[^"\\]|\\.)*"\s*,?)+)\s*\}/g;
    for (const [, strings = ''] of body.matchAll(optionRe)) {
      const s = [...strings.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => cString(m[1] ?? '', name));
      if (s.length !== 5) throw new Error(`codes.cc ${name}: an option with ${s.length} strings`);
      const [code = '', form_code = '', label_vi = '', label_en = '', aliases = ''] = s;
      options.push({
        code,
        form_code,
        label_vi,
        label_en,
        aliases: aliases === '' ? [] : aliases.split('|'),
      });
    }
    tables.set(name, options);
  }
  return tables;
}

/** The code lists as the API names them: api.cc `CodeLists` (name → enum) and codes.cc
 * `LMIS_CODE_LIST(Enum, id, label, table)` (enum → table). */
export function loadCodeLists(root: string): Map<string, CodeOptionRef[]> {
  const codesCc = readFileSync(join(root, 'src/core/codes.cc'), 'utf8');
  const apiCc = readFileSync(join(root, 'src/http/api.cc'), 'utf8');
  const tables = parseCodeTables(codesCc);
  const tableOfEnum = new Map<string, string>();
  for (const [, e = '', t = ''] of codesCc.matchAll(/LMIS_CODE_LIST\(\s*(\w+)\s*,\s*"[^"]*"\s*,\s*"[^"]*"\s*,\s*(k\w+)\s*\)/g))
    tableOfEnum.set(e, t);
  const body = /CodeLists\(\)\s*\{([\s\S]*?)\n\}/.exec(apiCc)?.[1];
  if (!body) throw new Error('src/http/api.cc: CodeLists() not found');
  const lists = new Map<string, CodeOptionRef[]>();
  for (const [, name = '', e = ''] of body.matchAll(/\{\s*"(\w+)"\s*,\s*&CodeListOf<(\w+)>\(\)\s*\}/g)) {
    const options = tables.get(tableOfEnum.get(e) ?? '');
    if (!options || options.length === 0) throw new Error(`no code table for list ${name} (enum ${e}) in src/core/codes.cc`);
    lists.set(name, options);
  }
  return lists;
}

// ---- everything ----

export interface RepoRef {
  ref: RuleRef;
  /** The raw inputs, to build API-shaped answers from. */
  codeLists: Map<string, CodeOptionRef[]>;
  catalogs: Record<'ethnicity' | 'occupation' | 'vsic2018' | 'vsic2025', CatalogInput[]>;
  unitsPre2025: { code: string; level: number; parent: string }[];
  units2025: { code: string; level: number; parent: string }[];
}

function catalogRows(path: string, nameColumn: string): CatalogInput[] {
  return readCsv(path).map((r) => {
    const code = get(r, 'code');
    const level = get(r, 'level');
    const variants = get(r, 'name_variants');
    return {
      code,
      level: level === '' ? code.length : Number.parseInt(level, 10) || 0,
      name: get(r, nameColumn),
      parent: get(r, 'parent_code'),
      aliases: variants === '' ? [] : variants.split('|'),
    };
  });
}

export function loadRepoRef(root: string): RepoRef {
  const data = (f: string): string => join(root, 'data', f);
  const unitsPre2025 = readCsv(data('admin_units_pre2025.csv')).map((r) => ({
    code: get(r, 'code'),
    level: Number.parseInt(get(r, 'level'), 10),
    parent: get(r, 'parent_code'),
  }));
  // Two tiers: level 2 in the file is a commune.
  const units2025 = readCsv(data('admin_units_2025.csv')).map((r) => ({
    code: get(r, 'code'),
    level: get(r, 'level') === '1' ? 1 : 3,
    parent: get(r, 'parent_code'),
  }));
  const catalogs = {
    occupation: catalogRows(data('vsco2020.csv'), 'title'),
    vsic2018: catalogRows(data('vsic2018.csv'), 'name'),
    vsic2025: catalogRows(data('vsic2025.csv'), 'name'),
    ethnicity: catalogRows(data('ethnic_groups_2008.csv'), 'name'),
  };
  const codeLists = loadCodeLists(root);
  const lists: Partial<Record<CodeListName, CodeListRef>> = {};
  for (const name of CODE_LIST_NAMES) {
    const options = codeLists.get(name);
    if (options) lists[name] = makeCodeList(options, true);
  }
  const full = { namesComplete: true };
  const ref: RuleRef = {
    codeLists: lists,
    ethnicity: makeCatalog(catalogs.ethnicity, full),
    occupation: makeCatalog(catalogs.occupation, full),
    vsic2018: makeCatalog(catalogs.vsic2018, full),
    vsic2025: makeCatalog(catalogs.vsic2025, full),
    unitsPre2025: makeUnitTree(unitsPre2025),
    units2025: makeUnitTree(units2025),
    cccdProvinces: new Set(unitsPre2025.filter((u) => u.level === 1).map((u) => u.code)),
  };
  return { ref, codeLists, catalogs, unitsPre2025, units2025 };
}
