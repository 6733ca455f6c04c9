/**
 * Payment card numbers (PAN): 13 to 19 digits, contiguous or in groups separated by a space or a
 * dash, a dot or a slash (`DIGIT_SEP`), with a known issuer prefix (IIN) and a valid Luhn digit (ISO/IEC 7812-1). French « CB »
 * cards are co-branded Visa or Mastercard, so they carry those prefixes.
 */
import { luhnValid, onlyDigits } from './checksums.js';
import { DIGIT_SEP, EDGE_AFTER, EDGE_BEFORE, type Detector, type PiiSpan } from './types.js';

const SEP = DIGIT_SEP;
const CANDIDATE = new RegExp(`${EDGE_BEFORE}(?:\\d{13,19}|\\d{4}(?:${SEP}\\d{2,6}){2,4})${EDGE_AFTER}`, 'gu');

/**
 * Issuer prefixes and lengths of the common networks, from the networks' published ranges as
 * summarised in the Wikipedia article « Payment card number ».
 */
const NETWORKS: { prefix: RegExp; lengths: number[] }[] = [
  { prefix: /^4/, lengths: [13, 16, 19] }, // Visa
  { prefix: /^(?:5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d{2}|27[01]\d|2720)/, lengths: [16] }, // Mastercard
  { prefix: /^3[47]/, lengths: [15] }, // American Express
  { prefix: /^(?:30[0-5]|36|38|39)/, lengths: [14, 16, 19] }, // Diners Club
  { prefix: /^(?:6011|64[4-9]|65)/, lengths: [16, 19] }, // Discover
  { prefix: /^35(?:2[89]|[3-8]\d)/, lengths: [16, 19] }, // JCB
  { prefix: /^(?:5018|5020|5038|5893|6304|6759|676[1-3])/, lengths: [13, 16, 19] }, // Maestro
  { prefix: /^62/, lengths: [16, 19] }, // UnionPay
];

export const cardNumberValid = (digits: string): boolean =>
  NETWORKS.some((n) => n.prefix.test(digits) && n.lengths.includes(digits.length)) && luhnValid(digits);

/** The longest reading that is a card: a greedy match may run into a following group (« … 1111 2025 »). */
const longestValid = (raw: string): string | undefined => {
  const cuts = [...raw.matchAll(new RegExp(SEP, 'gu'))].map((m) => m.index);
  return [raw.length, ...cuts.reverse()].map((end) => raw.slice(0, end)).find((head) => cardNumberValid(onlyDigits(head)));
};

export const detectCards: Detector = (text) => {
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const found = longestValid(m[0]);
    if (found !== undefined) spans.push({ kind: 'card', start: m.index, end: m.index + found.length, text: found });
  }
  return spans;
};
