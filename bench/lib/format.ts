/** French number formatting for the published tables (decimal comma, thin thousands separator). */

const known = (x: number | null | undefined): x is number => x !== null && x !== undefined && Number.isFinite(x);

export const num = (x: number | null | undefined, digits = 1): string =>
  known(x) ? x.toLocaleString('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—';

/** `value unit`, or a bare dash when the value is unknown. */
const unit = (x: number | null | undefined, digits: number, suffix: string): string => (known(x) ? `${num(x, digits)} ${suffix}` : '—');

export const ms = (x: number | null | undefined, digits = 0): string => unit(x, digits, 'ms');
export const s = (xMs: number | null | undefined, digits = 2): string => unit(known(xMs) ? xMs / 1000 : null, digits, 's');
export const mb = (x: number | null | undefined, digits = 0): string => unit(x, digits, 'Mo');
export const times = (x: number | null | undefined, digits = 2): string => unit(x, digits, '×');
export const pct = (x: number | null | undefined, digits = 2): string => unit(x, digits, '%');
export const verdict = (met: boolean | null): string => (met === null ? '—' : met ? '✅ oui' : '❌ non');

/** A Markdown table; cells are escaped for `|`. */
export const table = (head: string[], rows: string[][]): string => {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [`| ${head.map(esc).join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
};
