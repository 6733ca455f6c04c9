/**
 * Classification metrics over a set of cases, for the summary and the report: accuracy, macro-F1,
 * micro-F1, per-label precision/recall/F1 and the confusion matrix. Pure; labels are matched after
 * the same normalisation as the `classification` scorer. Averages follow scikit-learn's
 * `f1_score(y_true, y_pred, labels=declared, average=…, zero_division=0)`: every declared label
 * counts, including one that never occurs (its F1 is 0, not left out).
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
  /** tp / predicted; 0 when the label was never predicted (zero_division=0). */
  precision: number;
  /** tp / support; 0 when no case expects the label (zero_division=0). */
  recall: number;
  /** 2·tp / (support + predicted); 0 when the label was neither expected nor predicted (zero_division=0). */
  f1: number;
};

export type ClassificationReport = {
  /** Pairs counted: those whose expected label is one of `labels`. */
  n: number;
  /** Pairs left out because their expected label is not declared. */
  unknownExpected: number;
  /** Share of counted pairs predicted right; null when none. */
  accuracy: number | null;
  /** Mean of the per-label F1 over every declared label (sklearn `average='macro'`); null when no pair counted. */
  macroF1: number | null;
  /**
   * F1 of the pooled counts over the declared labels (sklearn `average='micro'`): 2·Σtp / (Σsupport
   * + Σpredicted). Equals the accuracy unless some answers gave no label; null when no pair counted.
   */
  microF1: number | null;
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
      precision: predictedCount === 0 ? 0 : tp / predictedCount,
      recall: support === 0 ? 0 : tp / support,
      // Same as the harmonic mean of precision and recall; 0 when both are undefined (zero_division=0).
      f1: support + predictedCount === 0 ? 0 : (2 * tp) / (support + predictedCount),
    };
  });
  const supports = perLabel.reduce((a, m) => a + m.support, 0);
  const predictions = perLabel.reduce((a, m) => a + m.predicted, 0);
  return {
    n,
    unknownExpected: pairs.length - n,
    accuracy: n === 0 ? null : correct / n,
    macroF1: n === 0 ? null : perLabel.reduce((a, m) => a + m.f1, 0) / perLabel.length,
    microF1: n === 0 || supports + predictions === 0 ? null : (2 * correct) / (supports + predictions),
    perLabel,
    confusion: { rows: [...labels], columns: [...labels, NO_LABEL], matrix },
  };
};
