/**
 * Appends rows to an emissions.csv with CodeCarbon's rule (`output_methods/file.py`): append when
 * the existing header has the same SET of column names; otherwise move the old file aside
 * (`emissions.csv.bak`, then `emissions_0.csv.bak`, `emissions_1.csv.bak`… as CodeCarbon's
 * `backup()`) and start a new file. Rows already written are never rewritten.
 */
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { safeCsvOptions } from '../core/csv-cells.js';
import { EMISSIONS_COLUMNS, type EmissionsRow } from './emissions-row.js';

/**
 * RFC 4180 quoting (fields with a comma, quote or line break are quoted, quotes doubled), numbers
 * as `String(n)` (shortest round-trip), null as an empty cell, `\n` line ends as pandas writes;
 * text cells a spreadsheet would read as a formula are neutralised (see core/csv-cells.ts).
 */
export const renderCsvLines = (rows: readonly (readonly (string | number | null)[])[]): string =>
  stringify(
    rows.map((r) => [...r]),
    safeCsvOptions({ record_delimiter: '\n' }),
  );

const headerOf = (text: string): string[] | null => {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.trim() === '') return null;
  try {
    const [names] = parse(firstLine) as string[][];
    return names ?? null;
  } catch {
    return null;
  }
};

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/** The first free backup name: `<file>.bak`, then `<stem>_<i><ext>.bak`. */
export const backupPath = (file: string): string => {
  const first = `${file}.bak`;
  if (!existsSync(first)) return first;
  const ext = extname(file);
  const stem = basename(file, ext);
  for (let i = 0; ; i++) {
    const candidate = join(dirname(file), `${stem}_${i}${ext}.bak`);
    if (!existsSync(candidate)) return candidate;
  }
};

export type AppendResult = { file: string; created: boolean; backedUpTo: string | null };

/**
 * Appends one row. Existing header with another set of names: the file is renamed to a backup and
 * a new one started. When names match but are in another order, values follow the file's order.
 */
export const appendEmissionsRow = (file: string, row: EmissionsRow): AppendResult => {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const header = headerOf(text);
  let backedUpTo: string | null = null;
  if (header && sameSet(header, EMISSIONS_COLUMNS)) {
    const values = header.map((name) => row[name as keyof EmissionsRow] ?? null);
    const lead = text.endsWith('\n') ? '' : '\n';
    appendFileSync(file, lead + renderCsvLines([values]));
    return { file, created: false, backedUpTo };
  }
  if (text !== '') {
    backedUpTo = backupPath(file);
    renameSync(file, backedUpTo);
  }
  writeFileSync(file, renderCsvLines([EMISSIONS_COLUMNS, EMISSIONS_COLUMNS.map((c) => row[c])]));
  return { file, created: true, backedUpTo };
};
