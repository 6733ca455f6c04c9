/**
 * All pairwise comparisons of the models of one scope (a suite, or a community's pooled cases),
 * with Holm adjustment over the scope's pairs: the family of tests is "every pair of this suite",
 * which is what a reader scans when looking for the best model.
 */
import { holmAdjust } from './holm.js';
import type { PairedComparison, PairedOptions } from './paired.js';
import { comparePaired } from './paired.js';
import type { CaseTrials } from './trials.js';

export type ScopeComparison = PairedComparison & {
  /** Model ids, a < b; differences are a − b. */
  a: string;
  b: string;
  /** Holm-adjusted p-value over every pair of the scope (the pairwise table); null without common cases. The verdict uses its own k − 1 family (verdict.ts). */
  pAdjusted: number | null;
  /** Not significantly different at α after adjustment — NOT « equivalent »; null when untestable (no common case). */
  tied: boolean | null;
  /** `sign-flip-exact` on per-case pass shares; identical to the exact McNemar test with one repeat. */
  test: 'sign-flip-exact';
};

/** Compares every pair of models of the scope; deterministic for a given seed. */
export const compareAll = (cells: ReadonlyMap<string, CaseTrials>, opts: PairedOptions & { alpha?: number } = {}): ScopeComparison[] => {
  const { alpha = 0.05, ...pairedOpts } = opts;
  const models = [...cells.keys()].sort();
  const raw: Omit<ScopeComparison, 'pAdjusted' | 'tied'>[] = [];
  for (let i = 0; i < models.length; i++) {
    for (let j = i + 1; j < models.length; j++) {
      const a = models[i]!;
      const b = models[j]!;
      raw.push({ a, b, test: 'sign-flip-exact', ...comparePaired(cells.get(a)!, cells.get(b)!, pairedOpts) });
    }
  }
  const adjusted = holmAdjust(raw.map((c) => c.pValue));
  return raw.map((c, i) => {
    const pAdjusted = adjusted[i] ?? null;
    return { ...c, pAdjusted, tied: pAdjusted === null ? null : pAdjusted >= alpha };
  });
};
