/**
 * The numbers kept from each result: enough for every statistic of this folder, never the output
 * or the prompt, so a run of thousands of cases stays small in memory.
 */
import type { CaseResult } from '../core/types.js';

/** One result (one repeat of one case by one model), reduced to numbers. */
export type Trial = {
  /** `error` counts as not passed, as in summary.ts: a model that cannot answer gets no benefit of the doubt. */
  passed: boolean;
  /** 0..1, null when no scorer applied or the case errored. */
  score: number | null;
  latencyMs: number | null;
  /** Energy of this result in joules, null when unknown (never 0 for unknown). */
  joules: number | null;
  /** True when `joules` was measured rather than estimated. */
  measured: boolean;
  /** The result is an error (no usable answer): counted as not passed, and towards « non évaluable ». */
  error: boolean;
  /** Why the energy is unknown, as the meter wrote it (e.g. `model-size-unknown`); null otherwise. */
  energyReason: string | null;
};

/** All repeats of each case for one model (suite × model cell), keyed by case id. */
export type CaseTrials = Map<string, Trial[]>;

export const toTrial = (r: CaseResult): Trial => ({
  passed: r.status === 'passed',
  score: r.score,
  latencyMs: r.latencyMs,
  joules: r.energy?.joules ?? null,
  measured: r.energy?.measured ?? false,
  error: r.status === 'error',
  energyReason: r.energy && r.energy.joules === null ? (r.energy.reason ?? r.energy.method) : r.energy ? null : 'no-energy-reading',
});

/** Per-case sums and counts of a numeric field, for the clustered bootstrap. */
export const caseSums = (cases: readonly (readonly Trial[])[], value: (t: Trial) => number | null): { sums: number[]; counts: number[] } => {
  const sums: number[] = [];
  const counts: number[] = [];
  for (const trials of cases) {
    let s = 0;
    let c = 0;
    for (const t of trials) {
      const v = value(t);
      if (v !== null) {
        s += v;
        c++;
      }
    }
    sums.push(s);
    counts.push(c);
  }
  return { sums, counts };
};

/** Pooled mean Σ sums / Σ counts, null when nothing was counted. */
export const pooledMean = ({ sums, counts }: { sums: readonly number[]; counts: readonly number[] }): number | null => {
  let s = 0;
  let c = 0;
  for (let i = 0; i < sums.length; i++) {
    s += sums[i]!;
    c += counts[i]!;
  }
  return c === 0 ? null : s / c;
};

export const passValue = (t: Trial): number => (t.passed ? 1 : 0);
export const scoreValue = (t: Trial): number | null => t.score;
