// Text helpers of the rules, ported from src/core/text.cc and src/core/violation.cc.
//
// The server works on UTF-8 bytes; the browser on UTF-16 strings. What the server calls
// "invalid UTF-8" is, in a JavaScript string, a lone surrogate (a browser cannot hold anything
// else that is not text), so that is what these helpers treat as unreadable.

/** True when `text` holds no lone surrogate (the UTF-16 analogue of valid UTF-8). */
export function isWellFormed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (next < 0xdc00 || next > 0xdfff) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

/** Readable text without control characters other than tab: what a cell may hold (IsCleanText). */
export function isCleanText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return false;
  }
  return isWellFormed(text);
}

/** True when `text` is non-empty and only ASCII digits (AllDigits). */
export function allDigits(text: string): boolean {
  return /^[0-9]+$/.test(text);
}

function isAsciiSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

/** Trims ASCII white space at both ends and collapses inner runs to one space (CollapseSpaces). */
export function collapseSpaces(text: string): string {
  let out = '';
  let pendingSpace = false;
  for (const c of text) {
    if (isAsciiSpace(c)) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += c;
  }
  return out;
}

/** A free-text cell as stored: spaces collapsed, NFC (TidyText). Assumes isCleanText. */
export function tidyText(text: string): string {
  return collapseSpaces(text).normalize('NFC');
}

const kMark = /^\p{Mn}$/u;
const kWhiteSpace = /^\p{White_Space}$/u;

/**
 * Folds for matching that ignores case, diacritics and spacing (FoldVietnamese): "  Nguyễn  Văn
 * Đạt" and "nguyen van dat" both fold to "nguyen van dat"; đ/Đ fold to d.
 */
export function foldVietnamese(text: string): string {
  let out = '';
  let pendingSpace = false;
  for (const c of text.normalize('NFD')) {
    if (kMark.test(c)) continue;
    if (kWhiteSpace.test(c)) {
      pendingSpace = out.length > 0;
      continue;
    }
    let folded: string;
    if (c === '\u0111' || c === '\u0110') {
      folded = 'd';
    } else {
      // ICU's u_tolower is the simple (one code point) mapping: keep the first code point of
      // the full mapping (only U+0130 maps to two, and NFD has already split it).
      const first = c.toLowerCase().codePointAt(0);
      folded = first === undefined ? c : String.fromCodePoint(first);
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += folded;
  }
  return out;
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * `value` in quotes for a message, cut to 40 UTF-8 bytes (at a character boundary) so that a
 * huge cell cannot flood a message, and never echoing unreadable text (QuoteValue).
 */
export function quoteValue(value: string): string {
  const kMax = 40;
  let bytes = 0;
  let head = '';
  let cut = false;
  for (const c of value) {
    const n = utf8Length(c.codePointAt(0) ?? 0);
    if (bytes + n > kMax) {
      cut = true;
      break;
    }
    bytes += n;
    head += c;
  }
  if (!isWellFormed(head)) return '(không đọc được / unreadable)';
  return '"' + head + (cut ? '…"' : '"');
}
