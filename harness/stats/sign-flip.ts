/**
 * Paired sign-flip (permutation) test on per-case differences, repeats kept together.
 *
 * Each case contributes one difference d_i = (share of A's repeats passed) − (share of B's). Under
 * "the two models are exchangeable on every case", each d_i is as likely to be +d_i as −d_i; the
 * two-sided p-value is the share of the 2^n sign assignments whose |Σ ±d_i| reaches the observed
 * |Σ d_i| (Fisher 1935; the randomisation test for paired data). With one repeat per case, d_i is
 * −1, 0 or +1 and this is exactly the exact McNemar test (twice the binomial lower tail, capped).
 *
 * Exact: with r repeats, r·d_i is a whole number, so the null distribution of the sum is built by
 * convolution over a lattice of width 1/L (L the least common multiple of the repeat counts), in
 * O(n² · L) — exact for any number of cases. When L would be too large (unusual mixes of repeat
 * counts), a Monte Carlo estimate with a fixed seed is used instead (`method` says which).
 */
import { mulberry32 } from './bootstrap.js';

export type SignFlipResult = {
  /** Cases with a non-zero difference (the only ones that carry information). */
  informative: number;
  /** Σ d_i, A − B. */
  sum: number;
  /** Two-sided p-value. */
  pValue: number;
  method: 'exact' | 'monte-carlo';
};

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const lcm = (a: number, b: number): number => (a / gcd(a, b)) * b;

/** Lattice resolution beyond which the exact convolution gives way to Monte Carlo. */
const MAX_LATTICE = 720;
const MONTE_CARLO_DRAWS = 200_000;
const MONTE_CARLO_SEED = 20_240_601;

/**
 * @param diffs per-case differences in [−1, 1]
 * @param repeats per case, the denominators behind each difference (the number of repeats of A and
 *   of B); used to put the differences on an exact lattice. Omit for one repeat.
 */
export const signFlipTest = (diffs: readonly number[], repeats?: readonly number[]): SignFlipResult => {
  const nonZero = diffs.map((d, i) => ({ d, r: repeats?.[i] ?? 1 })).filter((x) => Math.abs(x.d) > 1e-12);
  const sum = diffs.reduce((s, d) => s + d, 0);
  if (nonZero.length === 0) return { informative: 0, sum, pValue: 1, method: 'exact' };
  let L = 1;
  for (const { r } of nonZero) L = lcm(L, Math.max(1, Math.round(r)));
  if (L <= MAX_LATTICE) {
    const units = nonZero.map(({ d }) => Math.round(Math.abs(d) * L));
    const total = units.reduce((s, u) => s + u, 0);
    // dist[s] = P(Σ of positive-signed units = s); the signed sum is 2s − total.
    let dist = new Float64Array(total + 1);
    dist[0] = 1;
    let reach = 0;
    for (const u of units) {
      const next = new Float64Array(total + 1);
      for (let s = 0; s <= reach; s++) {
        const p = dist[s]! / 2;
        if (p === 0) continue;
        next[s] = next[s]! + p;
        next[s + u] = next[s + u]! + p;
      }
      reach += u;
      dist = next;
    }
    const observed = Math.abs(Math.round(sum * L));
    let p = 0;
    for (let s = 0; s <= total; s++) if (Math.abs(2 * s - total) >= observed) p += dist[s]!;
    return { informative: nonZero.length, sum, pValue: Math.min(1, p), method: 'exact' };
  }
  const rand = mulberry32(MONTE_CARLO_SEED);
  const observed = Math.abs(sum) - 1e-9;
  let hits = 0;
  for (let k = 0; k < MONTE_CARLO_DRAWS; k++) {
    let s = 0;
    for (const { d } of nonZero) s += rand() < 0.5 ? d : -d;
    if (Math.abs(s) >= observed) hits++;
  }
  // (hits + 1) / (draws + 1): a Monte Carlo p-value is never 0 (Phipson & Smyth 2010).
  return { informative: nonZero.length, sum, pValue: Math.min(1, (hits + 1) / (MONTE_CARLO_DRAWS + 1)), method: 'monte-carlo' };
};
