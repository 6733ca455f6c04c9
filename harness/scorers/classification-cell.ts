/**
 * The classification table of one suite × model for summary.json: the (expected, predicted) pairs
 * the `classification` scorer recorded, turned into accuracy, macro-F1, micro-F1 and per-label
 * figures over the declared labels (classification-report.ts).
 */
import type { CaseResult, CellClassification } from '../core/types.js';
import { classificationReport } from './classification-report.js';

const round = (x: number): number => Number(x.toFixed(4));
const roundOrNull = (x: number | null): number | null => (x === null ? null : round(x));

export const createClassificationCell = () => {
  let declared: string[] | null = null;
  const pairs: { expected: string; predicted: string | null }[] = [];
  // Failed requests seen before the cell is known to be a classification cell: their reference is the expected label.
  const pending: string[] = [];
  return {
    add(r: CaseResult): void {
      if (r.status === 'error') {
        if (r.reference === null) return;
        if (declared) pairs.push({ expected: r.reference, predicted: null });
        else pending.push(r.reference);
        return;
      }
      const s = r.scores.find((x) => x.type === 'classification' && x.labels);
      if (!s?.labels) return;
      if (!declared) {
        declared = s.labels.declared;
        for (const ref of pending.splice(0)) pairs.push({ expected: ref, predicted: null });
      }
      pairs.push({ expected: s.labels.expected, predicted: s.labels.predicted });
    },
    result(): CellClassification | null {
      if (!declared) return null;
      const r = classificationReport(pairs, declared);
      return {
        labels: [...declared],
        n: r.n,
        accuracy: roundOrNull(r.accuracy),
        macroF1: roundOrNull(r.macroF1),
        microF1: roundOrNull(r.microF1),
        perLabel: r.perLabel.map((m) => ({ ...m, precision: round(m.precision), recall: round(m.recall), f1: round(m.f1) })),
      };
    },
  };
};
export type ClassificationCell = ReturnType<typeof createClassificationCell>;
