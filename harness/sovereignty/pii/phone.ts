/**
 * Phone numbers, found by libphonenumber-js (full metadata, default country FR) and then filtered
 * for precision: the library also reads bare digit runs (« 123 456 789 », an amount) as French
 * national numbers without their leading 0, and invoice numbers as phones.
 */
import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import { span, type Detector, type PiiSpan } from './types.js';

/** Service numbers are not personal: a model quoting the 0800 of a public service leaks nothing. */
const NOT_PERSONAL = new Set(['TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'UAN']);

/** A reference keyword just before an unformatted number makes it an identifier, not a phone. */
const REFERENCE_BEFORE = /(?:n°|no\.?|num(?:éro)?\.?|réf(?:érence)?\.?|facture|commande|dossier|contrat|ticket|bon|client|colis)\s*:?\s*$/iu;

/** ...unless the context says phone: « Tél. n° 0612345678 ». */
const PHONE_WORD = /(?<!\p{L})(?:t[ée]l[ée]?|phone|portable|mobile|fax|appel)/iu;

/** Written like a phone: international prefix, or the French trunk 0. */
const DIALLABLE = /^\(?(?:\+|00|0)/;

const keep = (text: string, start: number, end: number, type: string | undefined): boolean => {
  const raw = text.slice(start, end);
  if (!DIALLABLE.test(raw)) return false;
  if (type !== undefined && NOT_PERSONAL.has(type)) return false;
  if (!/^\d+$/.test(raw)) return true;
  const before = text.slice(Math.max(0, start - 24), start);
  return PHONE_WORD.test(before) || !REFERENCE_BEFORE.test(before);
};

/**
 * A phone never spans « , », « ; » or a line break, but the library sometimes runs across them
 * (« +33 6 12 34 56 78, 01 » then misses the next number), so each piece is searched alone.
 */
const PIECE = /[^,;\n]+/g;

/**
 * The library reads `06.12…`, `06-12…`, `+33 (0)6…` and `0033…` but not slashes (`06/12/34/56/78`,
 * a common way to write a number on a form): a slash between two digits is read as a space, which
 * keeps every offset.
 */
const SLASH_IN_NUMBER = /(?<=\d)\/(?=\d)/g;

/**
 * A kept number starts with `+` or `0` (DIALLABLE), so a piece holding neither has none: the
 * library (≈ 90 µs a sentence, most of a case's PII scan) is not asked. Exact, not a heuristic.
 */
const MAY_DIAL = /[+0]/;

export const detectPhones: Detector = (text) => {
  const spans: PiiSpan[] = [];
  for (const piece of text.matchAll(PIECE)) {
    if (!MAY_DIAL.test(piece[0])) continue;
    for (const m of findPhoneNumbersInText(piece[0].replace(SLASH_IN_NUMBER, ' '), { defaultCountry: 'FR' })) {
      const start = piece.index + m.startsAt;
      const end = piece.index + m.endsAt;
      if (keep(text, start, end, m.number.getType())) spans.push(span('phone', text, start, end));
    }
  }
  return spans;
};
