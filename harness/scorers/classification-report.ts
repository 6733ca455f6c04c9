/**
 * Classification metrics over a set of cases, for the summary and the report: accuracy, macro-F1,
 * per-label precision/recall/F1 and the confusion matrix. Pure; labels are matched after the same
 * normalisation as the `classification` scorer.
 */
import { labelKey } from './classification.js';

/** The confusion matrix column for answers that give no label, or several. */
export const NO_LABEL = 'aucune/ambiguë';

export type LabelMetrics = {
  label: string;
  /** Cases whose expected label is this one. */
  support: number;
  /** Cases predicted as this label. */
  predicted: number;
  /** tp / predicted; null when the label was never predicted. */
  precision: number | null;
  /** tp / support; null when no case expects the label. */
  recall: number | null;
  /** 2·tp / (support + predicted); null when the label was neither expected nor predicted. */
  f1: number | null;
};

export type ClassificationReport = {
  /** Pairs counted: those whose expected label is one of `labels`. */
  n: number;
  /** Pairs left out because their expected label is not declared. */
  unknownExpected: number;
  /** Share of counted pairs predicted right; null when none. */
  accuracy: number | null;
  /** Mean of the per-label F1 that are not null; null when none. */
  macroF1: number | null;
  perLabel: LabelMetrics[];
  /** `matrix[i][j]`: cases expected `labels[i]` predicted `columns[j]`; the last column is NO_LABEL. */
  confusion: { rows: string[]; columns: string[]; matrix: number[][] };
};

/**
 * Builds the report. `predicted` is null for an answer with no label or several; a predicted text
 * that is not a declared label counts as null too. Rows and columns follow the order of `labels`.
 */
export const classificationReport = (
  pairs: readonly { expected: string; predicted: string | null }[],
  labels: readonly string[],
): ClassificationReport => {
  const index = new Map(labels.map((l, i) => [labelKey(l), i] as const));
  const noLabel = labels.length;
  const matrix = labels.map(() => Array.from({ length: labels.length + 1 }, () => 0));
  let n = 0;
  let correct = 0;
  for (const { expected, predicted } of pairs) {
    const row = index.get(labelKey(expected));
    if (row === undefined) continue;
    const column = predicted === null ? noLabel : (index.get(labelKey(predicted)) ?? noLabel);
    matrix[row]![column]! += 1;
    n += 1;
    if (row === column) correct += 1;
  }
  const perLabel = labels.map((label, i): LabelMetrics => {
    const tp = matrix[i]![i]!;
    const support = matrix[i]!.reduce((a, b) => a + b, 0);
    const predictedCount = matrix.reduce((sum, row) => sum + row[i]!, 0);
    return {
      label,
      support,
      predicted: predictedCount,
      precision: predictedCount === 0 ? null : tp / predictedCount,
      recall: support === 0 ? null : tp / support,
      // Same as the harmonic mean of precision and recall, and defined (0) when one of them is not.
      f1: support + predictedCount === 0 ? null : (2 * tp) / (support + predictedCount),
    };
  });
  const f1s = perLabel.flatMap((m) => (m.f1 === null ? [] : [m.f1]));
  return {
    n,
    unknownExpected: pairs.length - n,
    accuracy: n === 0 ? null : correct / n,
    macroF1: f1s.length === 0 ? null : f1s.reduce((a, b) => a + b, 0) / f1s.length,
    perLabel,
    confusion: { rows: [...labels], columns: [...labels, NO_LABEL], matrix },
  };
};
