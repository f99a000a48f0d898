// The reference data the record rules need (src/core/refdata.h, codes.h, admin_units.h), in a
// shape the browser can fill piece by piece from the API. Every part is optional: a check whose
// data is not loaded is skipped, never reported.

import { foldVietnamese } from './text.js';

// ---- code lists (GET /api/codes) ----

/** The code lists of Mẫu 03 by their API names (src/http/api.cc `CodeLists`). */
export const CODE_LIST_NAMES = [
  'sex',
  'priority_group',
  'general_education',
  'qualification',
  'lf_status',
  'nilf_reason',
  'employment_status',
  'workplace_type',
  'si_type',
  'contract_type',
  'unemployment_duration',
  'source',
] as const;
export type CodeListName = (typeof CODE_LIST_NAMES)[number];

export interface CodeOptionRef {
  readonly code: string;
  readonly form_code?: string;
  readonly label_vi: string;
  readonly label_en: string;
  /** Further accepted labels ("Thạc sĩ"); the API does not send them. */
  readonly aliases?: readonly string[];
}

export interface CodeListRef {
  readonly options: readonly CodeOptionRef[];
  /** True when every accepted spelling is known (labels and aliases), so that a text matching
   * none of them is certainly unknown. False for lists from the API, which sends no aliases. */
  readonly complete: boolean;
  readonly slugs: ReadonlySet<string>;
  readonly byFolded: ReadonlyMap<string, string>;
}

export function makeCodeList(options: readonly CodeOptionRef[], complete: boolean): CodeListRef {
  const byFolded = new Map<string, string>();
  const add = (label: string, code: string): void => {
    if (label === '') return;
    const key = foldVietnamese(label);
    if (!byFolded.has(key)) byFolded.set(key, code); // the first spelling wins, as on the server
  };
  for (const o of options) {
    add(o.code, o.code);
    add(o.label_vi, o.code);
    add(o.label_en, o.code);
    for (const a of o.aliases ?? []) add(a, o.code);
  }
  return { options, complete, slugs: new Set(options.map((o) => o.code)), byFolded };
}

/**
 * The slug `text` stands for (the slug itself, or a label or alias in any case, with or without
 * diacritics); `false` when it is certainly not in the list; `undefined` when the list is not
 * loaded or incomplete and so cannot tell.
 */
export function lookupCode(list: CodeListRef | undefined, text: string): string | false | undefined {
  if (!list) return undefined;
  if (list.slugs.has(text)) return text;
  const hit = list.byFolded.get(foldVietnamese(text));
  if (hit !== undefined) return hit;
  return list.complete ? false : undefined;
}

// ---- classifications (GET /api/codes/ethnicity|occupation|industry) ----

export interface CatalogEntryRef {
  readonly code: string;
  readonly level: number;
  readonly name: string;
  readonly parent?: string | null;
}

export interface CatalogRef {
  readonly byCode: ReadonlyMap<string, CatalogEntryRef>;
  readonly byFoldedName: ReadonlyMap<string, string>;
  /** True when every accepted name is known (the spelling variants too). */
  readonly namesComplete: boolean;
  /** Entries deeper than this level were not loaded. Only for a classification whose levels are
   * code lengths and whose codes extend their parent's (VSCO): a deeper code is then known to be
   * absent when its prefix is. */
  readonly maxLevel?: number;
}

export interface CatalogInput extends CatalogEntryRef {
  /** Other accepted names (the `name_variants` of the ethnic-group file). */
  readonly aliases?: readonly string[];
}

export function makeCatalog(entries: Iterable<CatalogInput>, options: { namesComplete: boolean; maxLevel?: number }): CatalogRef {
  const byCode = new Map<string, CatalogEntryRef>();
  const byFoldedName = new Map<string, string>();
  const addName = (name: string, code: string): void => {
    const key = foldVietnamese(name);
    if (!byFoldedName.has(key)) byFoldedName.set(key, code);
  };
  for (const e of entries) {
    addName(e.name, e.code);
    byCode.set(e.code, { code: e.code, level: e.level, name: e.name, parent: e.parent ?? null });
    for (const a of e.aliases ?? []) addName(a, e.code);
  }
  const base = { byCode, byFoldedName, namesComplete: options.namesComplete };
  return options.maxLevel === undefined ? base : { ...base, maxLevel: options.maxLevel };
}

/** The entry with `code`; `false` when certainly absent; `undefined` when it cannot tell. */
export function findEntry(catalog: CatalogRef | undefined, code: string): CatalogEntryRef | false | undefined {
  if (!catalog) return undefined;
  const e = catalog.byCode.get(code);
  if (e) return e;
  if (catalog.maxLevel !== undefined && code.length > catalog.maxLevel)
    return catalog.byCode.has(code.slice(0, catalog.maxLevel)) ? undefined : false;
  return false;
}

// ---- administrative units (GET /api/units) ----

/** 1 province, 2 district (pre-2025 tree only), 3 commune. */
export type UnitLevel = 1 | 2 | 3;

export interface UnitTreeRef {
  /** Every unit of the tree, by code. */
  readonly levels: ReadonlyMap<string, UnitLevel>;
}

export function makeUnitTree(units: Iterable<{ code: string; level: number }>): UnitTreeRef {
  const levels = new Map<string, UnitLevel>();
  for (const u of units) if (u.level === 1 || u.level === 2 || u.level === 3) levels.set(u.code, u.level);
  return { levels };
}

// ---- everything ----

export interface RuleRef {
  readonly codeLists?: Partial<Readonly<Record<CodeListName, CodeListRef>>>;
  /** The 2008 GSO list of ethnic groups. */
  readonly ethnicity?: CatalogRef;
  /** VSCO 2020. */
  readonly occupation?: CatalogRef;
  /** VSIC 2018 as shipped: sections and divisions only (deeper codes are read under a division). */
  readonly vsic2018?: CatalogRef;
  readonly vsic2025?: CatalogRef;
  /** The three-tier tree in force until 30 June 2025. */
  readonly unitsPre2025?: UnitTreeRef;
  /** The two-tier tree from 1 July 2025. */
  readonly units2025?: UnitTreeRef;
  /** The pre-2025 (63) province codes, two digits: CCCD digits 1–3 are "0" + one of them. */
  readonly cccdProvinces?: ReadonlySet<string>;
}

/** The first day VSIC 2025 is in force (kVsic2025Start); records dated earlier use VSIC 2018. */
export const VSIC_2025_START = '2025-11-15';
/** The first day of the 2025 unit tree (EditionAt). */
export const UNITS_2025_START = '2025-07-01';

// ---- from the API's answers ----

export interface CodeOptionJson {
  code: string;
  form_code: string;
  label_vi: string;
  label_en: string;
  /** Not sent today; were the API to send the further accepted labels, the list would be
   * complete and unknown texts could be reported. */
  aliases?: readonly string[];
}
/** GET /api/codes */
export interface CodeListsJson {
  lists: readonly { name: string; options: readonly CodeOptionJson[] }[];
}
export interface CatalogEntryJson {
  code: string;
  level: number;
  name: string;
  parent: string | null;
  /** Not sent today: the other accepted names (ethnic-group spelling variants). */
  aliases?: readonly string[];
}
/** GET /api/codes/ethnicity, /api/codes/occupation, /api/codes/industry?as_of=DATE */
export interface CatalogJson {
  name: string;
  entries: readonly CatalogEntryJson[];
}
export interface UnitJson {
  code: string;
  name: string;
  level: number;
  parent: string | null;
}
/** GET /api/units?tree=…&parent=… */
export interface UnitsJson {
  tree: '2025' | 'pre2025';
  units: readonly UnitJson[];
}

/** The deepest level each classification endpoint sends (src/http/api.cc `Codes`). Ethnic groups
 * (level 2) and VSIC (5 levels) are sent whole; VSCO 2020 has 5 levels, so its level-5 codes are
 * not in the answer. */
export const API_CATALOG_MAX_LEVEL = { occupation: 4, ethnicity: 2, industry: 5 } as const;

export interface ApiCatalogs {
  ethnicity?: CatalogJson;
  occupation?: CatalogJson;
  /** Answers of /api/codes/industry with the as_of they were asked for (YYYY-MM-DD). */
  industry?: readonly { asOf: string; answer: CatalogJson }[];
  /** Answers of /api/units. The pre-2025 provinces (GET /api/units?tree=pre2025) are enough for
   * the CCCD check; unit codes are only checked against a tree listed in `completeTrees`. */
  units?: readonly UnitsJson[];
  /** Trees of which `units` holds every unit (all levels). */
  completeTrees?: readonly ('2025' | 'pre2025')[];
}

/** A RuleRef from what the browser has fetched so far (any part may be missing). */
export function refFromApi(codes: CodeListsJson | undefined, catalogs: ApiCatalogs = {}): RuleRef {
  const ref: {
    -readonly [K in keyof RuleRef]: RuleRef[K];
  } = {};
  if (codes) {
    const lists: Partial<Record<CodeListName, CodeListRef>> = {};
    for (const l of codes.lists)
      if ((CODE_LIST_NAMES as readonly string[]).includes(l.name))
        lists[l.name as CodeListName] = makeCodeList(
          l.options,
          l.options.every((o) => Array.isArray(o.aliases)),
        );
    ref.codeLists = lists;
  }
  const withAliases = (answer: CatalogJson): boolean => answer.entries.every((e) => Array.isArray(e.aliases));
  if (catalogs.ethnicity)
    ref.ethnicity = makeCatalog(catalogs.ethnicity.entries, {
      namesComplete: withAliases(catalogs.ethnicity),
    });
  if (catalogs.occupation)
    ref.occupation = makeCatalog(catalogs.occupation.entries, {
      namesComplete: true,
      maxLevel: API_CATALOG_MAX_LEVEL.occupation,
    });
  for (const { asOf, answer } of catalogs.industry ?? []) {
    const c = makeCatalog(answer.entries, { namesComplete: true });
    if (asOf < VSIC_2025_START) ref.vsic2018 = c;
    else ref.vsic2025 = c;
  }
  const complete = new Set(catalogs.completeTrees ?? []);
  const tree = (name: '2025' | 'pre2025'): UnitJson[] => (catalogs.units ?? []).filter((a) => a.tree === name).flatMap((a) => a.units);
  const pre = tree('pre2025');
  const provinces = pre.filter((u) => u.level === 1).map((u) => u.code);
  if (provinces.length > 0) ref.cccdProvinces = new Set(provinces);
  if (complete.has('pre2025')) ref.unitsPre2025 = makeUnitTree(pre);
  if (complete.has('2025')) ref.units2025 = makeUnitTree(tree('2025'));
  return ref;
}
