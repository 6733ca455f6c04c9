/**
 * The end-of-run table printed in the terminal: one line per suite × model, French labels. Figures
 * go through the report's formatter so the terminal, the HTML report and `compare` print the same
 * number for the same value (71,1 % everywhere, never 71,0 % here and 71,1 % there). Ids are
 * cleaned of control characters before the widths are measured, so columns stay aligned.
 */
import { oneLine } from '../core/terminal-text.js';
import type { SummaryCell } from '../core/types.js';
import { createFormat } from '../report/format.js';

const f = createFormat({ lang: 'fr' });

/** Column width in characters as a terminal shows them (narrow no-break spaces count as one). */
const width = (s: string): number => [...s].length;
const padEnd = (s: string, w: number): string => s + ' '.repeat(Math.max(0, w - width(s)));
const padStart = (s: string, w: number): string => ' '.repeat(Math.max(0, w - width(s))) + s;

export const renderSummaryTable = (cells: readonly SummaryCell[]): string => {
  const header = ['suite', 'modèle', 'cas', 'réussis', 'échoués', 'erreurs', 'taux', 'score', 'latence p50', 'p95'];
  const rows = cells.map((c) => [
    oneLine(c.suite), oneLine(c.model), f.integer(c.n), f.integer(c.passed), f.integer(c.failed), f.integer(c.errors),
    f.percent(c.passRate), f.score(c.meanScore), f.durationMs(c.latencyMs.p50), f.durationMs(c.latencyMs.p95),
  ]);
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (cols: string[]) => cols.map((c, i) => (i < 2 ? padEnd(c, widths[i]!) : padStart(c, widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
};
