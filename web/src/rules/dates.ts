// Calendar days and the partial dates registers hold, ported from src/core/date.{h,cc}.

/** A full calendar day. */
export interface Day {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** "YYYY", "YYYY-MM" or "YYYY-MM-DD": month and day 0 when unknown. */
export interface PartialDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const kDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function daysInMonth(year: number, month: number): number {
  if (month === 2 && isLeapYear(year)) return 29;
  return kDays[month - 1] ?? 0;
}

function digits(text: string): number | undefined {
  return /^[0-9]+$/.test(text) ? Number(text) : undefined;
}

/**
 * Parses one of the three shapes; undefined on a wrong shape or a day that does not exist
 * (2023-02-30). Years 1800–2999 only.
 */
export function parsePartialDate(text: string): PartialDate | undefined {
  if (text.length !== 4 && text.length !== 7 && text.length !== 10) return undefined;
  const year = digits(text.slice(0, 4));
  if (year === undefined || year < 1800 || year > 2999) return undefined;
  let month = 0;
  let day = 0;
  if (text.length >= 7) {
    const m = digits(text.slice(5, 7));
    if (text[4] !== '-' || m === undefined || m < 1 || m > 12) return undefined;
    month = m;
  }
  if (text.length === 10) {
    const d = digits(text.slice(8, 10));
    if (text[7] !== '-' || d === undefined || d < 1 || d > daysInMonth(year, month)) return undefined;
    day = d;
  }
  return { year, month, day };
}

/** Parses exactly "YYYY-MM-DD" naming a real day. */
export function parseDay(text: string): Day | undefined {
  const p = parsePartialDate(text);
  return p && p.day !== 0 ? earliest(p) : undefined;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function dayText(d: Day): string {
  return `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
}

/** Canonical text in the shape it was given. */
export function partialDateText(d: PartialDate): string {
  if (d.month === 0) return pad(d.year, 4);
  if (d.day === 0) return `${pad(d.year, 4)}-${pad(d.month, 2)}`;
  return `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
}

/** Negative, zero or positive as `a` is before, on or after `b`. */
export function compareDays(a: Day, b: Day): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** The first day a partial date may stand for. */
export function earliest(d: PartialDate): Day {
  return { year: d.year, month: d.month || 1, day: d.day || 1 };
}

/** The last day a partial date may stand for. */
export function latest(d: PartialDate): Day {
  const month = d.month || 12;
  return { year: d.year, month, day: d.day || daysInMonth(d.year, month) };
}

/** Whole years completed between `birth` and `on` (negative if `on` is earlier). */
export function completedYears(birth: Day, on: Day): number {
  let years = on.year - birth.year;
  if (on.month < birth.month || (on.month === birth.month && on.day < birth.day)) --years;
  return years;
}

/**
 * True when a person born on `birth` is certainly younger than `years` on `on`. A partial
 * birth date gets the benefit of the doubt: only the earliest possible birthday is tested.
 */
export function certainlyYoungerThan(birth: PartialDate, on: Day, years: number): boolean {
  return completedYears(earliest(birth), on) < years;
}
