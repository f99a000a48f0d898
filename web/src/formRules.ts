// The entry form's view of the record rules (src/rules/, a port of the server's, checked
// against the server's own test cases): the RuleRef made of the reference data loaded so far.
// Checks needing data not loaded yet are skipped, never guessed.
import type { CatalogEntry, CodeOption, Unit } from './api';
import { refFromApi, type RuleRef } from './rules/validate';

export interface RuleInputs {
  codes?: Map<string, CodeOption[]>;
  ethnicity?: CatalogEntry[];
  occupation?: CatalogEntry[];
  industry?: CatalogEntry[];
  industryAsOf?: string;
  // The pre-2025 provinces: CCCD digits 1–3 name one of them.
  provincesPre2025?: Unit[];
}

export function buildRuleRef(inputs: RuleInputs): RuleRef {
  return refFromApi(inputs.codes ? { lists: [...inputs.codes].map(([name, options]) => ({ name, options })) } : undefined, {
    ethnicity: inputs.ethnicity && { name: 'ethnicity', entries: inputs.ethnicity },
    occupation: inputs.occupation && { name: 'occupation', entries: inputs.occupation },
    industry:
      inputs.industry && inputs.industryAsOf ? [{ asOf: inputs.industryAsOf, answer: { name: 'industry', entries: inputs.industry } }] : [],
    units: inputs.provincesPre2025 ? [{ tree: 'pre2025', units: inputs.provincesPre2025 }] : [],
  });
}
