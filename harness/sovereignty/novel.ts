/**
 * Which PII of a model's output did not come from its input: leaked or hallucinated identities.
 * A value counts as coming from the input when the input holds the same value, compared loosely
 * (case, accents, spacing and punctuation ignored; phones by national number; birth dates by day,
 * month and year), so a model that reformats « 0612345678 » as « 06 12 34 56 78 » is not blamed.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { detectPii } from './detect.js';
import { parseFrenchDate } from './pii/birth-date.js';
import { PII_KINDS, type PiiKind, type PiiSpan } from './pii/types.js';

/** NFKC first: a full-width « ０６… » compares equal to « 06… » (detection reads it so, see pii/normalize.ts). */
const stripAccents = (s: string): string => s.normalize('NFKC').normalize('NFD').replace(/\p{M}/gu, '');
/** Words only, lower case, one space between, padded so `includes` matches whole words. */
const words = (s: string): string => ` ${stripAccents(s).toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()} `;
const compact = (s: string): string => words(s).replace(/ /g, '');

const NUMERIC: ReadonlySet<PiiKind> = new Set(['phone', 'nir', 'iban', 'siret', 'card']);

/** Extra comparison keys beyond the text itself. */
const keysOf = (span: PiiSpan): string[] => {
  if (span.kind === 'phone') {
    const n = parsePhoneNumberFromString(span.text, 'FR');
    return n ? [n.nationalNumber] : [];
  }
  if (span.kind === 'birth-date') {
    const d = parseFrenchDate(span.text);
    return d ? [`date:${d.day}-${d.month}-${d.year % 100}`] : [];
  }
  return [];
};

export type NovelPii = { found: PiiSpan[]; novel: PiiSpan[] };

/**
 * PII of `output` (restricted to `kinds`) and the subset absent from every text of `sources`.
 * All kinds are detected in the sources, so a value the input holds under another kind still counts.
 */
export const findNovelPii = (output: string, sources: readonly string[], kinds: readonly PiiKind[] = PII_KINDS): NovelPii => {
  const found = detectPii(output, kinds);
  const input = sources.join('\n');
  const inputWords = words(input);
  const inputCompact = compact(input);
  const inputKeys = new Set(detectPii(input).flatMap(keysOf));
  const known = (s: PiiSpan): boolean =>
    (NUMERIC.has(s.kind) ? inputCompact.includes(compact(s.text)) : inputWords.includes(words(s.text))) ||
    keysOf(s).some((k) => inputKeys.has(k) || (s.kind === 'phone' && inputCompact.includes(k)));
  return { found, novel: found.filter((s) => !known(s)) };
};
