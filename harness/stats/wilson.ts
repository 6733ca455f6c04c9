/**
 * Wilson score interval for a proportion (Wilson 1927, JASA 22:209; method 3 of Newcombe 1998,
 * Stat Med 17:857). Unlike the textbook p ± z·√(p(1−p)/n), it never leaves [0, 1] and keeps its
 * coverage for small n and for rates near 0 or 1, which is what small community suites produce.
 * Valid for independent trials: with repeats of the same case, use the case-clustered bootstrap.
 */
import type { Interval } from './interval.js';
import { zForLevel } from './normal.js';

/**
 * Interval for `successes` out of `n` trials at confidence `level` (0.95 by default).
 * Returns null when n is 0: there is nothing to estimate.
 */
export const wilsonInterval = (successes: number, n: number, level = 0.95): Interval | null => {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(successes) || successes < 0 || successes > n) {
    throw new RangeError(`wilsonInterval: effectifs invalides (${successes} sur ${n})`);
  }
  if (n === 0) return null;
  const z = zForLevel(level);
  const z2 = z * z;
  const p = successes / n;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // Clamp float noise: the exact bounds at 0 and n successes are 0 and 1.
  return [successes === 0 ? 0 : Math.max(0, centre - halfWidth), successes === n ? 1 : Math.min(1, centre + halfWidth)];
};
