/**
 * Options every CSV the harness writes goes through (results.csv, emissions.csv, history export), so
 * that a spreadsheet opening it never evaluates a cell.
 *
 * Formula injection (OWASP « CSV Injection »): a text cell starting with `=`, `+`, `-`, `@`, a tab
 * or a carriage return is read as a formula by Excel and LibreOffice (`=HYPERLINK(…)` becomes a
 * link, `=WEBSERVICE(…)` a request). OWASP's remedy is to prefix such cells with a single quote.
 * csv-stringify's `escape_formulas` does that, full-width `＝＋－＠` included, and leaves real
 * numbers alone: `-0.5` passed as a number stays a number, only text cells are prefixed.
 */
import type { Options } from 'csv-stringify';

/** Numbers as `String(n)` (shortest round trip) and formula-neutralised text cells. */
export const SAFE_CSV_OPTIONS = {
  escape_formulas: true,
  cast: { number: (n: number): string => String(n) },
} as const satisfies Options;

/** `SAFE_CSV_OPTIONS` plus the caller's own options (header, columns, line ends). */
export const safeCsvOptions = (extra: Omit<Options, 'escape_formulas' | 'cast'> = {}): Options => ({ ...extra, ...SAFE_CSV_OPTIONS });
