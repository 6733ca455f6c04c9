/**
 * CSV datasets, the spreadsheet path: one column per template var, reserved `__` columns. Accepts
 * UTF-8 with or without BOM, CRLF or LF, `,` `;` or tab separators (French spreadsheets use `;`).
 */
import { parse } from 'csv-parse/sync';
import type { Issue } from '../core/errors.js';
import type { Assertion } from '../core/types.js';
import { parseExpected } from './expected.js';
import type { RawCase } from './raw-case.js';

/** Largest accepted cell/record (characters): a bigger one is a pasting accident. */
export const MAX_RECORD_CHARS = 1_000_000;

const RESERVED = ['__id', '__description', '__reference', '__threshold', '__classification'] as const;
const EXPECTED = /^__expected\d*$/;

/** Picks the separator that occurs most in the header line, outside quotes. */
export const detectDelimiter = (text: string): string => {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  const [best, count] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return count > 0 ? best : ',';
};

/** Spreadsheet column letter (1 → A, 27 → AA), for messages contributors can act on. */
export const columnLetter = (index1: number): string => {
  let n = index1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
};

export type ScorerLookup = { isKnown(type: string): boolean; suggest(type: string): string | undefined };

/**
 * Reads the rows of a CSV dataset one at a time and hands each case to `visit` as soon as it is
 * read: no array of records or cases is built, so a million-row file validates in memory bounded
 * by the file's own size (csv-parse's `on_record` hook drops each record after use).
 */
export const loadCsvCases = (text: string, file: string, scorersIn: ScorerLookup, visit: (c: RawCase) => void): Issue[] => {
  const issues: Issue[] = [];
  // One suggestion per distinct unknown prefix, not one per row.
  const suggestions = new Map<string, string | undefined>();
  const scorers: ScorerLookup = {
    isKnown: (t) => scorersIn.isKnown(t),
    suggest: (t) => (suggestions.has(t) ? suggestions.get(t) : suggestions.set(t, scorersIn.suggest(t)).get(t)),
  };
  let names: string[] | undefined;
  let previousEnd = 0;
  let rows = 0;
  try {
    parse(text, {
      bom: true,
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_CHARS,
      on_record: (record: string[], context: { lines: number }) => {
        const line = previousEnd + 1;
        previousEnd = context.lines;
        if (names === undefined) names = readHeader(record, file, issues);
        else {
          rows++;
          readRow(record, names, file, line, scorers, issues, visit);
        }
        return null;
      },
    });
  } catch (e) {
    const err = e as { lines?: number; code?: string; message?: string };
    const tooBig = err.code === 'CSV_MAX_RECORD_SIZE';
    issues.push({
      at: { file, line: err.lines ?? 1 },
      path: '',
      message: tooBig ? `cellule trop longue (plus de ${MAX_RECORD_CHARS} caractères)` : `CSV illisible : ${err.message ?? String(e)}`,
      hint: tooBig ? 'une cellule ne doit contenir qu’un cas' : 'vérifiez les guillemets : un « " » ouvert doit être refermé',
    });
    return issues;
  }
  if (names === undefined) return [{ at: { file, line: 1 }, path: '', message: 'fichier CSV vide' }];
  if (rows === 0) issues.push({ at: { file, line: 1 }, path: '', message: 'aucune ligne de cas sous l’en-tête' });
  return issues;
};

const readHeader = (record: string[], file: string, issues: Issue[]): string[] => {
  const names = record.map((h) => h.trim());
  names.forEach((name, i) => {
    const at = { file, line: 1, column: i + 1 };
    if (name === '') issues.push({ at, path: `colonne ${columnLetter(i + 1)}`, message: 'en-tête de colonne vide', hint: 'nommez la colonne (nom de variable du prompt) ou supprimez-la' });
    else if (name.startsWith('__') && !RESERVED.includes(name as (typeof RESERVED)[number]) && !EXPECTED.test(name)) {
      issues.push({ at, path: name, message: `colonne réservée inconnue « ${name} »`, hint: `colonnes admises : ${[...RESERVED, '__expected', '__expected2…'].join(', ')}` });
    } else if (names.indexOf(name) !== i) issues.push({ at, path: name, message: `colonne « ${name} » en double` });
  });
  return names;
};

const readRow = (record: string[], names: readonly string[], file: string, line: number, scorers: ScorerLookup, issues: Issue[], visit: (c: RawCase) => void): void => {
  if (record.length !== names.length) {
    issues.push({
      at: { file, line },
      path: '',
      message: `ligne à ${record.length} cellule(s) au lieu de ${names.length}`,
      hint: 'un séparateur (; ou ,) en trop ou manquant, ou un texte avec séparateur non entouré de guillemets',
    });
    return;
  }
  const columnOf = new Map<string, number>();
  const raw: Record<string, unknown> = {};
  const vars: Record<string, string> = {};
  const assert: Assertion[] = [];
  const assertColumns: number[] = [];
  names.forEach((name, i) => {
    const cell = record[i] ?? '';
    columnOf.set(name, i + 1);
    if (name === '__id') { if (cell.trim()) raw.id = cell.trim(); }
    else if (name === '__description') { if (cell.trim()) raw.description = cell; }
    else if (name === '__reference') { if (cell !== '') raw.reference = cell; }
    else if (name === '__classification') { if (cell.trim()) raw.classification = cell.trim(); }
    else if (name === '__threshold') {
      if (cell.trim()) raw.threshold = Number(cell.trim().replace(',', '.'));
    } else if (EXPECTED.test(name)) {
      if (cell.trim() === '') return;
      const parsed = parseExpected(cell, scorers.isKnown, scorers.suggest);
      if (parsed.ok) {
        assert.push(parsed.assertion);
        assertColumns.push(i + 1);
      } else issues.push({ at: { file, line, column: i + 1 }, path: name, message: parsed.message, ...(parsed.hint ? { hint: parsed.hint } : {}) });
    } else if (name !== '') vars[name] = cell;
  });
  raw.vars = vars;
  if (assert.length > 0) raw.assert = assert;
  visit({
    raw,
    source: { file, line },
    locate: (path) => {
      const [head, second] = path;
      if (head === 'assert' && typeof second === 'number') return { file, line, column: assertColumns[second] ?? 1 };
      if (head === 'vars' && typeof second === 'string') return { file, line, column: columnOf.get(second) ?? 1 };
      const reserved = typeof head === 'string' ? columnOf.get(`__${head}`) : undefined;
      return { file, line, ...(reserved ? { column: reserved } : {}) };
    },
  });
};
