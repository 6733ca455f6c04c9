/**
 * Numbers of French identity documents. Their printed numbers carry no check digit (the ICAO 9303
 * check digit sits in the machine-readable zone only), so a shape alone would catch order numbers
 * and references: a match needs a keyword naming the document at most 40 characters before it, on
 * the same line (« CNI n° », « carte d'identité », « passeport »…).
 *
 * Shapes, as described in the French Wikipedia articles on the CNI and the passport:
 * - national identity card (`id-card`), model of 1995–2021: 12 characters, year and month of issue
 *   (4 digits), the issuing department (3 characters, letters for Corsica), a 5-digit sequence;
 * - identity card since 2021: 9 letters and digits (with at least one digit, so a word is not read
 *   as a number);
 * - passport (`passport`): 9 characters, 2 digits, 2 letters, 5 digits (`12AB34567`).
 */
import { DIGIT_SEP, EDGE_AFTER, EDGE_BEFORE, span, type Detector, type PiiSpan } from './types.js';

const S = `${DIGIT_SEP}?`;
const PASSPORT = `\\d{2}${S}[A-Z]{2}${S}\\d{5}`;
const OLD_CARD = `\\d{4}${S}[0-9A-Z]{3}${S}\\d{5}`;
const NEW_CARD = '(?=[A-Z]*\\d)[A-Z0-9]{9}';

const CANDIDATE = new RegExp(`${EDGE_BEFORE}(?:(?<passport>${PASSPORT})|(?<old>${OLD_CARD})|(?<new>${NEW_CARD}))${EDGE_AFTER}`, 'giu');

const CARD_WORD = String.raw`cni|cnie|carte\s+(?:nationale\s+)?d['’]\s*identit[ée]|pi[èe]ce\s+d['’]\s*identit[ée]|titre\s+d['’]\s*identit[ée]|identity\s+card|id\s+card`;
const PASSPORT_WORD = String.raw`passeport|passport`;
/** The keyword, then up to 40 characters of the same line with no sentence end (« n° », « : »…). */
const announced = (words: string) => new RegExp(String.raw`(?<!\p{L})(?:${words})(?!\p{L})[^\n!?;]{0,40}$`, 'iu');
const CARD_BEFORE = announced(CARD_WORD);
const ANY_DOCUMENT_BEFORE = announced(`${CARD_WORD}|${PASSPORT_WORD}`);

/** Cheap test first: without a keyword anywhere, nothing can match. */
const ANY_KEYWORD = new RegExp(String.raw`(?<!\p{L})(?:${CARD_WORD}|${PASSPORT_WORD})(?!\p{L})`, 'iu');

const scan = (text: string, keep: (m: RegExpMatchArray, before: string) => boolean, kind: PiiSpan['kind']): PiiSpan[] => {
  const spans: PiiSpan[] = [];
  if (!ANY_KEYWORD.test(text)) return spans;
  for (const m of text.matchAll(CANDIDATE)) {
    const before = text.slice(Math.max(0, m.index - 60), m.index);
    if (keep(m, before)) spans.push(span(kind, text, m.index, m.index + m[0].length));
  }
  return spans;
};

/** Passport numbers, announced by any identity-document keyword (a passport is a « pièce d'identité »). */
export const detectPassports: Detector = (text) => scan(text, (m, before) => m.groups?.['passport'] !== undefined && ANY_DOCUMENT_BEFORE.test(before), 'passport');

/** Identity card numbers (both models), announced by an identity-card keyword. */
export const detectIdCards: Detector = (text) =>
  scan(text, (m, before) => m.groups?.['passport'] === undefined && (m.groups?.['old'] !== undefined || m.groups?.['new'] !== undefined) && CARD_BEFORE.test(before), 'id-card');
