/**
 * The text the detectors read, and the way back to the text as written. Values are disguised,
 * on purpose or by a word processor, in ways a regex on the raw text misses: full-width digits
 * (`０６ １２…`, `＠`), thin, narrow or ideographic spaces, typographic dashes, zero-width spaces
 * or soft hyphens inside a number. Detection runs on a normalised copy; every span it finds is
 * mapped back to the original offsets, so masking replaces the value as written, whole.
 *
 * Per character cluster (a base character and its combining marks): NFKC (Unicode Standard Annex
 * #15: compatibility forms to their plain form, so full-width and mathematical digits become ASCII
 * and no-break spaces a space), then every remaining space-like character becomes a space, every
 * dash a hyphen-minus and every decimal digit of another script its ASCII digit; invisible format
 * characters are dropped.
 */

/** Zero-width space, joiners, word joiner, BOM, soft hyphen: invisible inside a number or an address. */
const INVISIBLE = /^[\u200b-\u200d\u2060\ufeff\u00ad]$/u;
/** Space separators and tabs left after NFKC (NFKC keeps U+2028/9 and some others apart). */
const SPACE = /[\p{Zs}\t\u180e]/gu;
/** Hyphens and dashes: U+2010–U+2015, minus sign, small and full-width hyphen-minus. */
const DASH = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/gu;
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gsu;

export type NormalizedText = {
  /** The text the detectors read. */
  text: string;
  /** Original `[start, end)` of the normalised range `[start, end)` (end exclusive, end > start). */
  toOriginal(start: number, end: number): [number, number];
};

/**
 * Decimal digits of other scripts (Arabic-Indic `٠٦`, Devanagari `०६`…) as ASCII: NFKC leaves them.
 * Unicode keeps every decimal digit (`Nd`) in contiguous ascending runs from 0 to 9 (Unicode
 * Standard, §4.6 « Numeric Value »), so a digit's value is its distance from the start of its run.
 */
const OTHER_DIGIT = /(?![0-9])\p{Nd}/gu;
const IS_DIGIT = /^\p{Nd}$/u;
const asciiDigit = (d: string): string => {
  const cp = d.codePointAt(0) ?? 0;
  let start = cp;
  while (IS_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return String((cp - start) % 10);
};

const normalizeCluster = (cluster: string): string =>
  INVISIBLE.test(cluster) ? '' : cluster.normalize('NFKC').replace(SPACE, ' ').replace(DASH, '-').replace(OTHER_DIGIT, asciiDigit);

export const normalizeForDetection = (original: string): NormalizedText => {
  // Most texts need nothing: keep them as they are, offsets unchanged.
  let changed = false;
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (const m of original.matchAll(CLUSTER)) {
    const out = normalizeCluster(m[0]);
    if (out !== m[0]) changed = true;
    text += out;
    for (let i = 0; i < out.length; i++) {
      starts.push(m.index);
      ends.push(m.index + m[0].length);
    }
  }
  if (!changed) return { text: original, toOriginal: (start, end) => [start, end] };
  return { text, toOriginal: (start, end) => [starts[start] ?? original.length, ends[end - 1] ?? original.length] };
};
