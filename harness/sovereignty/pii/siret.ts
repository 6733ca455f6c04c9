/**
 * SIREN (9 digits) and SIRET (SIREN + 5-digit establishment number), Luhn-checked. La Poste is the
 * exception: its establishments share SIREN 356 000 000 and their SIRET is valid when the sum of
 * its digits is a multiple of 5 (INSEE rule, described in the French Wikipedia article « Système
 * d'identification du répertoire des établissements »).
 *
 * Luhn accepts one random number in ten, so a bare 9- or 14-digit number is not enough: a match
 * needs a keyword shortly before (SIREN, SIRET, RCS…), or, for a SIRET, its own written grouping
 * `ddd ddd ddd ddddd` (spaces, dots or dashes: `DIGIT_SEP`). Numbers followed by a currency are
 * amounts, never identifiers.
 */
import { digitSum, luhnValid, onlyDigits } from './checksums.js';
import { DIGIT_SEP, EDGE_AFTER, EDGE_BEFORE, type Detector, type PiiSpan } from './types.js';

const LA_POSTE_SIREN = '356000000';
const S = `${DIGIT_SEP}?`;
const CANDIDATE = new RegExp(`${EDGE_BEFORE}\\d{3}${S}\\d{3}${S}\\d{3}(?:${S}\\d{5})?${EDGE_AFTER}`, 'gu');
const SIRET_GROUPED = new RegExp(`^\\d{3}${DIGIT_SEP}\\d{3}${DIGIT_SEP}\\d{3}${DIGIT_SEP}\\d{5}$`, 'u');
const KEYWORD_BEFORE = /(?<!\p{L})(?:siren|siret|rcs|rm|n°\s*tva|immatricul\p{L}*)(?!\p{L})(?:[^.\n\p{N}]{0,20})$/iu;
const CURRENCY_AFTER = /^\s*(?:€|eur\b|euros?\b|k€|m€)/iu;

/** Whether a digit string is a valid SIREN or SIRET. */
export const sirenOrSiretValid = (digits: string): boolean => {
  if (digits.length === 14 && digits.startsWith(LA_POSTE_SIREN)) return digitSum(digits) % 5 === 0;
  return (digits.length === 9 || digits.length === 14) && luhnValid(digits);
};

export const detectSirets: Detector = (text) => {
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const raw = m[0];
    const end = m.index + raw.length;
    if (CURRENCY_AFTER.test(text.slice(end, end + 6)) || !sirenOrSiretValid(onlyDigits(raw))) continue;
    const announced = KEYWORD_BEFORE.test(text.slice(Math.max(0, m.index - 40), m.index));
    if (announced || SIRET_GROUPED.test(raw)) spans.push({ kind: 'siret', start: m.index, end, text: raw });
  }
  return spans;
};
