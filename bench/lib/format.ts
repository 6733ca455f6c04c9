/** French number formatting for the published tables (decimal comma, thin thousands separator). */

export const num = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toLocaleString('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const ms = (x: number | null | undefined, digits = 0): string => (x === null || x === undefined ? '—' : `${num(x, digits)} ms`);
export const s = (xMs: number | null | undefined, digits = 2): string => (xMs === null || xMs === undefined ? '—' : `${num(xMs / 1000, digits)} s`);
export const mb = (x: number | null | undefined, digits = 0): string => (x === null || x === undefined ? '—' : `${num(x, digits)} Mo`);
export const times = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined ? '—' : `${num(x, digits)} ×`);
export const pct = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined ? '—' : `${num(x, digits)} %`);
export const verdict = (met: boolean | null): string => (met === null ? '—' : met ? '✅ oui' : '❌ non');

/** A Markdown table; cells are escaped for `|`. */
export const table = (head: string[], rows: string[][]): string => {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [`| ${head.map(esc).join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
};
