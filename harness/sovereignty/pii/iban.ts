/**
 * IBANs, validated by ibantools (country length, BBAN format, ISO 13616 mod-97 key, and the French
 * RIB key for FR). Written in groups of 4 (`FR76 3000 6000 0112 3456 7890 189`) or contiguous, in
 * upper or lower case, the groups separated by spaces, dots, dashes or a line break (`DIGIT_SEP`).
 */
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { DIGIT_SEP, EDGE_AFTER, EDGE_BEFORE, type Detector, type PiiSpan } from './types.js';

const S = `${DIGIT_SEP}?`;
/** Country, check digits, then up to 30 characters in groups of 4 with a short last group. */
const CANDIDATE = new RegExp(`${EDGE_BEFORE}[A-Z]{2}\\d{2}(?:${S}[A-Z0-9]{4}){2,7}(?:${S}[A-Z0-9]{1,3})?${EDGE_AFTER}`, 'giu');

/**
 * The longest valid prefix that ends on a group boundary: a greedy match may swallow a following
 * word in capitals (« … 189 BNPAFRPP »), so shorter readings are tried before giving up.
 */
const longestValid = (raw: string): string | undefined => {
  const cuts = [...raw.matchAll(new RegExp(DIGIT_SEP, 'gu'))].map((m) => m.index);
  for (const end of [raw.length, ...cuts.reverse()]) {
    const head = raw.slice(0, end);
    // electronicFormatIBAN strips ASCII spaces and dashes only: every separator goes first.
    if (isValidIBAN(electronicFormatIBAN(head.replace(/[^A-Za-z0-9]/g, '')) ?? '')) return head;
  }
  return undefined;
};

export const detectIbans: Detector = (text) => {
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const found = longestValid(m[0]);
    if (found !== undefined) spans.push({ kind: 'iban', start: m.index, end: m.index + found.length, text: found });
  }
  return spans;
};
