/**
 * Confidence interval of a paired difference of pass rates, for the non-inferiority rule.
 *
 * One repeat per case: the adjusted Wald interval of Bonett & Price (2012, "Adjusted Wald
 * confidence interval for a difference of binomial proportions based on paired data", J Educ Behav
 * Stat 37:479), among those Fagerland, Lydersen & Laake recommend for paired proportions (2014,
 * Stat Med 33:2850):
 *
 *   p̃12 = (n12 + 1)/(n + 2),  p̃21 = (n21 + 1)/(n + 2),
 *   Δ̃ = p̃12 − p̃21,  SE = √((p̃12 + p̃21 − Δ̃²)/(n + 2)),  Δ̃ ± z·SE.
 *
 * That is the Wald interval of the mean of the per-case differences after adding one pseudo-case
 * at +1 and one at −1 (so a run of identical outcomes never gives a zero-width interval: five
 * cases passed by both models do not prove two models within 5 points). With repeats, the same
 * construction runs on the per-case differences of pass shares (d_i in [−1, 1]), which keeps the
 * repeats of a case together: the variance is that of the case-level differences.
 */
import type { Interval } from './interval.js';
import { normalQuantile } from './normal.js';

/**
 * Two-sided interval at `level` of the mean of per-case differences `diffs` (each in [−1, 1]),
 * Bonett–Price adjusted. Null without cases.
 */
export const pairedDiffInterval = (diffs: readonly number[], level = 0.95): Interval | null => {
  const n = diffs.length;
  if (n === 0) return null;
  let sum = 0;
  let sumSq = 0;
  for (const d of diffs) {
    sum += d;
    sumSq += d * d;
  }
  // Pseudo-cases +1 and −1: the sum is unchanged, the squares gain 2.
  const N = n + 2;
  const mean = sum / N;
  const variance = Math.max(0, (sumSq + 2) / N - mean * mean);
  const z = normalQuantile(1 - (1 - level) / 2);
  const half = z * Math.sqrt(variance / N);
  return [Math.max(-1, mean - half), Math.min(1, mean + half)];
};

/**
 * Wilson score interval for a pass rate `rate` observed over `n` cases (Wilson 1927). With repeats,
 * `rate` is the mean of per-case pass shares: a share varies less than a single pass/fail, so
 * counting each case as one trial keeps the interval conservative.
 */
export const wilsonRateInterval = (rate: number, n: number, level = 0.95): Interval | null => {
  if (n === 0) return null;
  const z = normalQuantile(1 - (1 - level) / 2);
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (rate + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((rate * (1 - rate)) / n + z2 / (4 * n * n))) / denominator;
  return [rate <= 0 ? 0 : Math.max(0, centre - half), rate >= 1 ? 1 : Math.min(1, centre + half)];
};
