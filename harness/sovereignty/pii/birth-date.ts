/**
 * Dates of birth: a date is only personal when the text says it is a birth date, so a match needs
 * a keyword (« né le », « née le », « né(e) », « date de naissance », « DDN ») at most 30
 * characters before it, within the same sentence. The span is the date alone, so redaction keeps
 * « née le [DATE_NAISSANCE_1] » readable. Other dates (contracts, invoices, meetings) are left.
 */
import { type Detector, type PiiSpan } from './types.js';

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
/** Full names, then the usual abbreviations (« 12 fév. 1961 », « 3 sept 61 »). */
const MONTH_NAME = String.raw`(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|(?:janv|f[ée]vr?|avr|juil|sept?|oct|nov|d[ée]c)\.?)`;

const KEYWORD = String.raw`(?<!\p{L})(?:n[ée](?:e|\(e\))?s?|date\s+de\s+naiss(?:ance|\.)?|DDN)(?!\p{L})`;
/** Numeric (12/03/1985, 3/4/61, 12.03.1985), ISO (1985-03-12), or in words (1er mars 1985, 12 mars 61). */
const DATE = String.raw`(?<date>\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|(?:1er|\d{1,2})\s+${MONTH_NAME}\s*(?:\d{4}|\d{2}))`;
const BIRTH = new RegExp(String.raw`${KEYWORD}[^\n.!?;]{0,30}?(?<!\p{N})${DATE}(?![\p{L}\p{N}])`, 'giud');

const plain = (s: string): string => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
/** Month number of a full or abbreviated name (« fév », « sept »): the one it starts. */
const monthOf = (name: string): number => MONTHS.findIndex((m) => plain(m).startsWith(plain(name)) && name.length >= 3) + 1;

/**
 * Reads a date as the detector writes it into `{ day, month, year }` (year as written: 2 or 4
 * digits), or undefined when it is impossible (31/31/1985) or not a date.
 */
export const parseFrenchDate = (date: string): { day: number; month: number; year: number } | undefined => {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const numeric = /^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})$/.exec(date);
  const words = /^(1er|\d{1,2})\s+(\p{L}+)\.?\s*(\d{4}|\d{2})$/u.exec(date);
  const parts = iso ? [iso[3], iso[2], iso[1]] : numeric ? [numeric[1], numeric[2], numeric[3]] : words ? [words[1] === '1er' ? '1' : words[1], String(monthOf(words[2] ?? '')), words[3]] : undefined;
  if (!parts) return undefined;
  const [day, month, year] = parts.map(Number) as [number, number, number];
  return day >= 1 && day <= 31 && month >= 1 && month <= 12 ? { day, month, year } : undefined;
};

export const detectBirthDates: Detector = (text) => {
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(BIRTH)) {
    const at = m.indices?.groups?.['date'];
    const date = m.groups?.['date'];
    if (at && date && parseFrenchDate(date)) spans.push({ kind: 'birth-date', start: at[0], end: at[1], text: date });
  }
  return spans;
};
