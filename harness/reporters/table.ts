/**
 * The end-of-run table printed in the terminal: one line per suite × model, French labels. Ids are
 * cleaned of control characters before the widths are measured, so columns stay aligned.
 */
import { oneLine } from '../core/terminal-text.js';
import type { SummaryCell } from '../core/types.js';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1).replace('.', ',')} %`);
const num = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits).replace('.', ','));
const ms = (x: number | null) => (x === null ? '—' : x >= 1000 ? `${(x / 1000).toFixed(1).replace('.', ',')} s` : `${Math.round(x)} ms`);

export const renderSummaryTable = (cells: readonly SummaryCell[]): string => {
  const header = ['suite', 'modèle', 'cas', 'réussis', 'échoués', 'erreurs', 'taux', 'score', 'latence p50', 'p95'];
  const rows = cells.map((c) => [
    oneLine(c.suite), oneLine(c.model), String(c.n), String(c.passed), String(c.failed), String(c.errors), pct(c.passRate), num(c.meanScore), ms(c.latencyMs.p50), ms(c.latencyMs.p95),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cols: string[]) => cols.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
};
