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
/**
 * A run of characters NFKC leaves as they are and that need no other change (printable ASCII, line
 * breaks, the precomposed Latin letters of French), none followed by a combining mark; otherwise one
 * cluster. Runs are copied whole: normalising a letter of plain French costs nothing.
 */
const SEGMENT = /(?:[\n\r\x20-\x7e\u00c0-\u0131\u0134-\u013e\u0141-\u0148\u014a-\u017e](?!\p{M}))+|\P{M}\p{M}*|\p{M}+/gsu;
const PLAIN = /^[\n\r\x20-\x7e\u00c0-\u0131\u0134-\u013e\u0141-\u0148\u014a-\u017e]+$/u;

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

/** A stretch of the output and where it comes from; `same` when copied unchanged (offsets map one to one). */
type Segment = { outStart: number; outEnd: number; inStart: number; inEnd: number; same: boolean };

export const normalizeForDetection = (original: string): NormalizedText => {
  const segments: Segment[] = [];
  let text = '';
  let changed = false;
  for (const m of original.matchAll(SEGMENT)) {
    const piece = m[0];
    const plain = PLAIN.test(piece);
    const out = plain ? piece : normalizeCluster(piece);
    if (out !== piece) changed = true;
    // Invisible characters leave no output: a span around them covers them through its neighbours.
    if (out.length > 0) segments.push({ outStart: text.length, outEnd: text.length + out.length, inStart: m.index, inEnd: m.index + piece.length, same: out === piece });
    text += out;
  }
  // Most texts need nothing: keep them as they are, offsets unchanged.
  if (!changed) return { text: original, toOriginal: (start, end) => [start, end] };
  /** The segment holding output offset `at` (binary search: segments are in order and non-empty). */
  const segmentAt = (at: number): Segment => {
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid]!.outStart <= at) lo = mid;
      else hi = mid - 1;
    }
    return segments[lo]!;
  };
  return {
    text,
    toOriginal(start, end) {
      const first = segmentAt(start);
      const last = segmentAt(end - 1);
      return [first.same ? first.inStart + (start - first.outStart) : first.inStart, last.same ? last.inStart + (end - last.outStart) : last.inEnd];
    },
  };
};
