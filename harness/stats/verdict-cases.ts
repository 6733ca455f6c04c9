/**
 * How many cases would decide an « indéterminé » suite: the fewest paired cases that would settle
 * the best model against every model still undecided, at the gaps observed, or (with a target)
 * that would show the best above its target — or below it, when its pass rate is under it. Connor's approximation (sample-size.ts) with the
 * observed discordance, so a rough order of magnitude (« environ »), never below what the exact
 * test needs nor below the cases already run plus one.
 */
import { requiredPairedCases, roughCount } from './sample-size.js';
import { wilsonRateInterval } from './paired-bound.js';

type Row = { passRate: number; shares: number[]; basis: string | null; belowBest: boolean; model: string };

export type CasesNeededInput = { rows: readonly Row[]; best: Row; delta: number; alpha: number; level: number; target?: number | undefined };

/**
 * Fewest n ≥ 1 for which `holds(n)` is true, `holds` being false then true as n grows (a bound
 * tightening with more cases): doubling then bisection. Null beyond 10^8 cases.
 */
const fewestCases = (holds: (n: number) => boolean): number | null => {
  let hi = 1;
  while (!holds(hi)) {
    hi *= 2;
    if (hi > 1e8) return null;
  }
  let lo = Math.floor(hi / 2);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (holds(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
};

/** Fewest cases at which a pass rate `rate` has its Wilson lower bound at or above `target`; null when rate ≤ target. */
export const casesForTarget = (rate: number, target: number, level: number): number | null =>
  rate > target ? fewestCases((n) => wilsonRateInterval(rate, n, level)![0] >= target) : null;

/** Fewest cases at which a pass rate `rate` has its Wilson upper bound below `target`; null when rate ≥ target. */
export const casesBelowTarget = (rate: number, target: number, level: number): number | null =>
  rate < target ? fewestCases((n) => wilsonRateInterval(rate, n, level)![1] < target) : null;

/** Smallest n for which n discordant cases all one way reach p < alpha with the exact test. */
const exactMinimum = (alpha: number): number => {
  let n = 1;
  while (2 ** (1 - n) >= alpha) n++;
  return n;
};

export const casesNeeded = ({ rows, best, delta, alpha, level, target }: CasesNeededInput): number | null => {
  const n = best.shares.length;
  const others = rows.filter((r) => r.model !== best.model);
  const viaTarget = target === undefined ? null : casesForTarget(best.passRate, target, level);
  // The best under its target: what decides is showing it below (then the suite is insufficient).
  if (target !== undefined && best.passRate < target) {
    const below = casesBelowTarget(best.passRate, target, level);
    return below === null ? null : roughCount(Math.max(below, n + 1));
  }
  if (others.length === 0) return viaTarget === null ? null : roughCount(Math.max(viaTarget, n + 1));
  const k = rows.length;
  const alphaTest = alpha / (k - 1);
  const alphaBound = (1 - level) / (k - 1);
  let settle = 0;
  for (const m of others) {
    if (m.basis === 'non-inferior' || m.belowBest) continue;
    const gap = best.passRate - m.passRate;
    let absSum = 0;
    for (let i = 0; i < n; i++) absSum += Math.abs(m.shares[i]! - best.shares[i]!);
    // Discordance with the same two pseudo-cases as the bound: never 0 after a handful of cases.
    const psi = (absSum + 2) / (n + 2);
    const need = gap > delta
      ? Math.max(requiredPairedCases({ diff: gap, alpha: alphaTest, discordance: Math.min(1, Math.max(psi, gap)) }), exactMinimum(alphaTest))
      : requiredPairedCases({ diff: Math.max(delta - gap, 0.005), alpha: alphaBound, discordance: Math.min(1, Math.max(psi, delta - gap)) });
    settle = Math.max(settle, need);
  }
  const needed = viaTarget === null ? settle : Math.min(settle, viaTarget);
  return roughCount(Math.max(needed, n + 1));
};
