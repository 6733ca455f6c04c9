/**
 * Reading numbers and dates the way French documents and models write them: « 1 234,50 € »,
 * « 05/03/2026 », « jeudi 5 mars 2026 ». Pure functions; `null` when the text is not one value.
 */
import { stripAccents } from './normalize.js';

// A number with optional sign and unit around it; anything else with digits (« 12 à 15 ») is refused.
const NUMBER_TEXT = /^[^\d+\-−]*([+\-−]?\d(?:[\d\s.,']*\d)?)[^\d]*$/u;

/**
 * Parses « 1 234,50 € », « -3,5 % », « 1234.5 », « 1,234,567 » or « 1.234,5 » to a number.
 * Spaces (ordinary, non-breaking, narrow) are thousands separators only in groups of three; with
 * both `,` and `.`, the last one is the decimal separator; a single `,` is decimal (French) and so
 * is a single `.` (JSON, English); repeated `,` or `.` are thousands separators.
 */
export const parseFrenchNumber = (value: unknown): number | null => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const core = NUMBER_TEXT.exec(value.normalize('NFC').trim())?.[1];
  if (core === undefined) return null;
  const negative = core.startsWith('-') || core.startsWith('−');
  let body = core.replace(/^[+\-−]/u, '');
  if (/[\s']/u.test(body)) {
    const integerPart = body.split(/[.,]/)[0] ?? '';
    if (!/^\d{1,3}([\s']\d{3})+$/u.test(integerPart)) return null;
    body = body.replace(/[\s']/gu, '');
  }
  const commas = body.split(',').length - 1;
  const dots = body.split('.').length - 1;
  if (commas > 0 && dots > 0) {
    const decimal = body.lastIndexOf(',') > body.lastIndexOf('.') ? ',' : '.';
    const thousands = decimal === ',' ? '.' : ',';
    if (body.split(decimal).length !== 2) return null;
    body = body.replaceAll(thousands, '').replace(decimal, '.');
  } else if (commas === 1) {
    body = body.replace(',', '.');
  } else if (commas > 1 || dots > 1) {
    const sep = commas > 1 ? ',' : '.';
    if (!new RegExp(`^\\d{1,3}(\\${sep}\\d{3})+$`).test(body)) return null;
    body = body.replaceAll(sep, '');
  }
  if (!/^\d+(\.\d+)?$/.test(body)) return null;
  const n = Number(body);
  return negative ? -n : n;
};

/** Month names and the usual abbreviations, accents folded, lower-case. */
const MONTHS: Readonly<Record<string, number>> = {
  janvier: 1, janv: 1, fevrier: 2, fevr: 2, fev: 2, mars: 3, avril: 4, avr: 4, mai: 5, juin: 6,
  juillet: 7, juil: 7, aout: 8, septembre: 9, sept: 9, octobre: 10, oct: 10, novembre: 11, nov: 11,
  decembre: 12, dec: 12,
};

const WEEKDAY = '(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\\s+';
// Matched on lower-cased text, hence `t` and `z`.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[t ][\d:.]+(?:z|[+-]\d{2}:?\d{2})?)?$/;
const NUMERIC = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const WRITTEN = new RegExp(`^(?:le\\s+)?(?:${WEEKDAY})?(\\d{1,2})(?:er)?\\s+([a-z]+)\\.?\\s+(\\d{4})$`);

const isoDate = (year: number, month: number, day: number): string | null => {
  const d = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31/02 over to March: a date that does not round-trip does not exist.
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

/**
 * Parses `2026-03-05` (time part ignored), `05/03/2026` (day first, as in France; `-` and `.`
 * accepted too) and `5 mars 2026` / `1er mars 2026` / `le jeudi 5 mars 2026` to `2026-03-05`.
 */
export const parseFrenchDate = (value: unknown): string | null => {
  if (typeof value !== 'string') return null;
  const text = stripAccents(value.normalize('NFC')).toLowerCase().replace(/\s+/g, ' ').trim().replace(/[.,]$/, '');
  const iso = ISO.exec(text);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const numeric = NUMERIC.exec(text);
  if (numeric) return isoDate(Number(numeric[3]), Number(numeric[2]), Number(numeric[1]));
  const written = WRITTEN.exec(text);
  const month = written ? MONTHS[written[2] ?? ''] : undefined;
  if (!written || month === undefined) return null;
  return isoDate(Number(written[3]), month, Number(written[1]));
};
