/**
 * Paired comparison of two models on the same cases of one suite. Pairing matters: both models
 * met the same hard and easy cases, so the case-to-case variation cancels out and a smaller gap
 * can be told apart from noise than with two independent samples.
 *
 * Differences are always A − B. Cases run by only one of the two models are left out and counted
 * (`onlyA`, `onlyB`): comparing on different cases would compare the cases, not the models.
 */
import type { BootstrapOptions } from './bootstrap.js';
import { bootstrapMany, pooledMeanDiffStatistic } from './bootstrap.js';
import type { Interval } from './interval.js';
import { pairedDiffInterval } from './paired-bound.js';
import { signFlipTest } from './sign-flip.js';
import type { CaseTrials, Trial } from './trials.js';
import { caseSums, passValue, pooledMean, scoreValue } from './trials.js';

export type PairedComparison = {
  /** Cases run by both models. */
  n: number;
  onlyA: number;
  onlyB: number;
  /** Cases where A passed a larger share of its repeats than B, and the reverse (McNemar's discordant pairs with one repeat). */
  aOnlyPassed: number;
  bOnlyPassed: number;
  /**
   * Two-sided p-value of the sign-flip test on per-case pass-share differences (sign-flip.ts):
   * repeats stay together; exact McNemar with one repeat. Null without common cases.
   */
  pValue: number | null;
  passRateA: number | null;
  passRateB: number | null;
  diffPassRate: number | null;
  diffPassRateCI: Interval | null;
  /** Common cases where both models have at least one score. */
  scoredN: number;
  diffMeanScore: number | null;
  diffMeanScoreCI: Interval | null;
  /**
   * Paired standardized mean difference of scores (Cohen's d_z: mean of per-case differences over
   * their standard deviation). About 0.2 is small, 0.5 medium, 0.8 large (Cohen 1988).
   */
  standardizedDiff: number | null;
  standardizedDiffCI: Interval | null;
};

/** d_z over the drawn cases that have a score difference; null when those differences do not vary. */
const dz = (diffs: readonly (number | null)[], idx: ArrayLike<number>): number | null => {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < idx.length; i++) {
    const d = diffs[idx[i]!]!;
    if (d !== null) { n++; sum += d; }
  }
  if (n < 2) return null;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < idx.length; i++) {
    const d = diffs[idx[i]!]!;
    if (d !== null) ss += (d - mean) ** 2;
  }
  const sd = Math.sqrt(ss / (n - 1));
  return sd < 1e-12 ? null : mean / sd;
};

const caseMean = (trials: readonly Trial[]): number | null => {
  let s = 0;
  let c = 0;
  for (const t of trials) if (t.score !== null) { s += t.score; c++; }
  return c === 0 ? null : s / c;
};

const difference = (x: number | null, y: number | null): number | null => (x === null || y === null ? null : x - y);

export type PairedOptions = BootstrapOptions & {
  /** Compute bootstrap intervals (true by default); false leaves them null, for speed. */
  intervals?: boolean;
};

/** Compares A and B case by case. Deterministic for a given seed. */
export const comparePaired = (a: CaseTrials, b: CaseTrials, opts: PairedOptions = {}): PairedComparison => {
  const { intervals = true, ...bootstrapOpts } = opts;
  const ids = [...a.keys()].filter((id) => b.has(id)).sort();
  const casesA = ids.map((id) => a.get(id)!);
  const casesB = ids.map((id) => b.get(id)!);
  const share = (t: readonly Trial[]): number => t.filter((x) => x.passed).length / t.length;
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  const passDiffs = ids.map((_, i) => share(casesA[i]!) - share(casesB[i]!));
  const lattice = ids.map((_, i) => (casesA[i]!.length * casesB[i]!.length) / gcd(casesA[i]!.length, casesB[i]!.length));
  const test = signFlipTest(passDiffs, lattice);

  const passA = caseSums(casesA, passValue);
  const passB = caseSums(casesB, passValue);
  const passRateA = pooledMean(passA);
  const passRateB = pooledMean(passB);

  // Scores count only on cases where both models have one, so each difference is like for like;
  // the other cases stay in the draws with zero weight, so all statistics share the same draws.
  const diffs = ids.map((_, i) => difference(caseMean(casesA[i]!), caseMean(casesB[i]!)));
  const both = (i: number): boolean => diffs[i] !== null;
  const scoreA = caseSums(casesA.map((t, i) => (both(i) ? t : [])), scoreValue);
  const scoreB = caseSums(casesB.map((t, i) => (both(i) ? t : [])), scoreValue);
  const allIdx = ids.map((_, i) => i);

  const [diffMeanScoreCI, standardizedDiffCI] = intervals
    ? bootstrapMany(ids.length, [pooledMeanDiffStatistic(scoreA, scoreB), (idx) => dz(diffs, idx)], bootstrapOpts)
    : [null, null];
  // Bonett–Price on per-case differences: a bootstrap of identical differences would give a
  // zero-width interval (issue 16: [0,333 ; 0,333]).
  const diffPassRateCI = pairedDiffInterval(passDiffs, bootstrapOpts.level ?? 0.95);

  return {
    n: ids.length,
    onlyA: a.size - ids.length,
    onlyB: b.size - ids.length,
    aOnlyPassed: passDiffs.filter((d) => d > 1e-12).length,
    bOnlyPassed: passDiffs.filter((d) => d < -1e-12).length,
    pValue: ids.length === 0 ? null : test.pValue,
    passRateA,
    passRateB,
    // Mean of per-case shares: each case weighs the same whatever its number of repeats.
    diffPassRate: ids.length === 0 ? null : passDiffs.reduce((x, y) => x + y, 0) / ids.length,
    diffPassRateCI: diffPassRateCI ?? null,
    scoredN: diffs.filter((d) => d !== null).length,
    diffMeanScore: difference(pooledMean(scoreA), pooledMean(scoreB)),
    diffMeanScoreCI: diffMeanScoreCI ?? null,
    standardizedDiff: dz(diffs, allIdx),
    standardizedDiffCI: standardizedDiffCI ?? null,
  };
};
