// The structure of a personal identification number (số định danh cá nhân, TT 07/2016/TT-BCA
// Điều 7), ported from src/core/cccd.cc: digits 1–3 the birth-registration province (a pre-2025
// province code after a "0"), digit 4 century and sex, digits 5–6 the birth year.

import type { PartialDate } from './dates.js';
import { allDigits } from './text.js';

export interface CccdProblem {
  readonly code: 'format' | 'cccd_province' | 'cccd_sex_century' | 'cccd_birth_year';
  readonly vi: string;
  readonly en: string;
}

/** True when `three` is "0" + a pre-2025 province code (RefData::IsCccdProvince). */
export function isCccdProvince(three: string, provinces: ReadonlySet<string>): boolean {
  return three.length === 3 && three[0] === '0' && provinces.has(three.slice(1));
}

/**
 * The rules `cccd` breaks, given the sex slug ("male"/"female") and birth date it should agree
 * with (either may be undefined: then only what can be checked is). The province check is
 * skipped when `provinces` is undefined (not loaded).
 */
export function cccdProblems(
  cccd: string,
  sex: string | undefined,
  birth: PartialDate | undefined,
  provinces: ReadonlySet<string> | undefined,
): CccdProblem[] {
  const out: CccdProblem[] = [];
  if (cccd.length !== 12 || !allDigits(cccd)) {
    out.push({ code: 'format', vi: 'số CCCD phải gồm đúng 12 chữ số', en: 'must be exactly 12 digits' });
    return out;
  }
  const three = cccd.slice(0, 3);
  if (provinces && !isCccdProvince(three, provinces))
    out.push({
      code: 'cccd_province',
      vi: `3 chữ số đầu "${three}" không phải mã tỉnh nơi đăng ký khai sinh`,
      en: `digits 1-3 "${three}" are not a birth-registration province code`,
    });
  if (!birth) return out;
  const year = birth.year;
  // Digit 4 = 2 × century index (1900s → 0, 2000s → 1, …) + 1 for women. Without a sex the
  // century alone can still disagree.
  const century = Math.floor(year / 100) - 19;
  const digit4 = Number(cccd[3]);
  const agrees =
    century >= 0 &&
    century <= 4 &&
    (sex !== undefined ? digit4 === century * 2 + (sex === 'female' ? 1 : 0) : Math.floor(digit4 / 2) === century);
  if (!agrees)
    out.push({
      code: 'cccd_sex_century',
      vi: `chữ số thứ 4 (${cccd[3]}) không khớp giới tính và thế kỷ sinh`,
      en: `digit 4 (${cccd[3]}) disagrees with sex and birth century`,
    });
  const yy = Number(cccd.slice(4, 6));
  if (yy !== year % 100)
    out.push({
      code: 'cccd_birth_year',
      vi: `chữ số thứ 5–6 (${cccd.slice(4, 6)}) không khớp năm sinh ${year}`,
      en: `digits 5-6 (${cccd.slice(4, 6)}) disagree with birth year ${year}`,
    });
  return out;
}
