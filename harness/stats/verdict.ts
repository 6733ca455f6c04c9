/**
 * The verdict of one suite: which models are « suffisants », and which one to use.
 *
 * 1. Comparable models and cases: comparable.ts (no calibration baseline, not « non évaluable »,
 *    same cases). Per case, a model's pass share is the share of its repeats that passed (errors
 *    count as failures); its pass rate is the mean of those shares.
 * 2. The best model has the highest pass rate (then mean score, then id).
 * 3. Each other model m is compared with the best on the per-case differences, repeats together:
 *    - sign-flip test (sign-flip.ts; exact McNemar with one repeat), Holm over the k − 1
 *      comparisons with the best → « significativement en dessous »;
 *    - Bonett–Price interval of m − best (paired-bound.ts), Bonferroni over the k − 1 comparisons:
 *      m is non-inferior when the lower bound is above −δ.
 * 4. « Suffisant »: the lower Wilson bound of its own pass rate reaches the suite's target; or
 *    non-inferior to a best model that is itself good enough. The best is good enough when the
 *    comparison settled it (every other model non-inferior or significantly below) or when another
 *    model is non-inferior to it — and, when the suite has a target, its pass rate reaches it. A model
 *    that passes no case, or whose pass rate is shown below the target (upper bound under it), is
 *    never good enough: then the suite is `insufficient`.
 * 5. Among good-enough models, the least energy per case wins, only when every good-enough model's
 *    energy is known (else `energy-unknown`, with the missing fact); ties by median latency, then
 *    hosting (most sovereign first), then id. No model good enough: `indeterminate`, with the
 *    cases that would decide.
 */
import type { Hosting } from '../core/types.js';
import { HOSTINGS } from '../core/types.js';
import { comparableModels, ERROR_SHARE_LIMIT } from './comparable.js';
import { holmAdjust } from './holm.js';
import { pairedDiffInterval, wilsonRateInterval } from './paired-bound.js';
import { percentile } from './percentile.js';
import { casesNeeded } from './verdict-cases.js';
import { suiteReason } from './verdict-reason.js';
import { signFlipTest } from './sign-flip.js';
import type { CaseTrials, Trial } from './trials.js';
import type { SuiteVerdict, VerdictModel } from './verdict-types.js';

/** δ when neither the suite nor its community sets one, in percentage points. */
export const DEFAULT_MARGIN_POINTS = 5;

export type SuiteVerdictInput = {
  suite: string;
  community: string;
  cells: ReadonlyMap<string, CaseTrials>;
  calibration: ReadonlySet<string>;
  target?: number;
  marginPoints?: number;
  hostingOf: (model: string) => Hosting | null;
  alpha?: number;
  level?: number;
  energyHungryFactor?: number;
  errorShareLimit?: number;
};

/** What to supply when a model's energy is unknown, from the meter's reason. */
export const missingFact = (reason: string): string => {
  if (reason === 'model-size-unknown') return 'energy.modelSizes';
  if (reason === 'no-energy-reading') return 'energy';
  return reason;
};

const share = (trials: readonly Trial[]): number => trials.filter((t) => t.passed).length / trials.length;
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

type Row = VerdictModel & { shares: number[]; repeats: number[] };

const rowOf = (model: string, cell: CaseTrials, cases: readonly string[], level: number): Row => {
  const trials = cases.map((id) => cell.get(id)!);
  const all = trials.flat();
  const shares = trials.map(share);
  const passRate = shares.reduce((s, x) => s + x, 0) / shares.length;
  const scores = all.flatMap((t) => (t.score === null ? [] : [t.score]));
  const energyKnown = all.every((t) => t.joules !== null);
  const reason = all.find((t) => t.joules === null)?.energyReason ?? null;
  const latencies = all.flatMap((t) => (t.latencyMs === null ? [] : [t.latencyMs])).sort((a, b) => a - b);
  return {
    model,
    shares,
    repeats: trials.map((t) => t.length),
    passRate,
    passRateInterval: wilsonRateInterval(passRate, shares.length, level)!,
    meanScore: scores.length === 0 ? null : scores.reduce((s, x) => s + x, 0) / scores.length,
    errors: all.filter((t) => t.error).length,
    results: all.length,
    diffToBest: 0,
    diffToBestInterval: null,
    pBelowBest: null,
    belowBest: false,
    goodEnough: false,
    basis: null,
    energyPerCaseJ: energyKnown && all.length > 0 ? all.reduce((s, t) => s + t.joules!, 0) / all.length : null,
    energyMeasured: energyKnown && all.every((t) => t.measured),
    energyMissing: energyKnown ? null : missingFact(reason ?? 'no-energy-reading'),
    latencyP50Ms: percentile(latencies, 50),
  };
};

const byAccuracy = (x: Row, y: Row): number => y.passRate - x.passRate || (y.meanScore ?? -1) - (x.meanScore ?? -1) || x.model.localeCompare(y.model);

const hostingRank = (h: Hosting | null): number => (h === null ? HOSTINGS.length : HOSTINGS.indexOf(h));
const sameEnergy = (x: number, y: number): boolean => Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));

export const suiteVerdict = (input: SuiteVerdictInput): SuiteVerdict => {
  const { suite, community, cells, calibration, target, hostingOf } = input;
  const { marginPoints = DEFAULT_MARGIN_POINTS, alpha = 0.05, level = 0.95, energyHungryFactor = 3, errorShareLimit = ERROR_SHARE_LIMIT } = input;
  const delta = marginPoints / 100;
  const set = comparableModels(cells, calibration, errorShareLimit);
  const rows = set.models.map((m) => rowOf(m, cells.get(m)!, set.cases, level)).sort(byAccuracy);
  const base = {
    suite, community, marginPoints, target: target ?? null, level, alpha, comparedCases: set.cases.length, excluded: set.excluded,
    recommended: null, frugal: false, goodEnough: [] as string[], energyHungry: [] as string[], missingEnergy: [] as { model: string; missing: string }[], casesNeeded: null,
  };
  const best = rows[0];
  if (!best || set.cases.length === 0) {
    const v: Omit<SuiteVerdict, 'reason'> = { ...base, state: 'no-candidate', best: null, models: [] };
    return { ...v, reason: suiteReason(v) };
  }
  const others = rows.slice(1);
  const k = rows.length;
  // Bonferroni over the k − 1 comparisons with the best: simultaneous bounds, so that the bound
  // shown is the one the decision used.
  const boundLevel = 1 - (1 - level) / Math.max(1, k - 1);
  const raw = others.map((m) => {
    const diffs = m.shares.map((s, i) => s - best.shares[i]!);
    const lattice = m.repeats.map((r, i) => (r * best.repeats[i]!) / gcd(r, best.repeats[i]!));
    m.diffToBest = m.passRate - best.passRate;
    m.diffToBestInterval = pairedDiffInterval(diffs, boundLevel);
    return signFlipTest(diffs, lattice).pValue;
  });
  const adjusted = holmAdjust(raw);
  others.forEach((m, i) => {
    m.pBelowBest = adjusted[i] ?? null;
    m.belowBest = m.pBelowBest !== null && m.pBelowBest < alpha && m.diffToBest < 0;
  });

  const meetsTarget = (r: Row): boolean => target !== undefined && r.passRateInterval[0] >= target;
  // A best model shown below the target, or that passes nothing, makes nobody good enough.
  const insufficient = best.passRate === 0 || (target !== undefined && best.passRateInterval[1] < target);
  if (!insufficient) {
    const nonInferior = (m: Row): boolean => m.passRate > 0 && m.diffToBestInterval![0] > -delta;
    const settled = others.length > 0 && others.every((m) => nonInferior(m) || m.belowBest);
    // Being close to the best means something only if the best itself is acceptable: with a
    // target, its own pass rate must at least reach it (a 71 % best is not « suffisant » for 80 %).
    const relative = (settled || others.some(nonInferior)) && (target === undefined || best.passRate >= target);
    if (meetsTarget(best)) Object.assign(best, { goodEnough: true, basis: 'target' });
    else if (relative) Object.assign(best, { goodEnough: true, basis: 'best' });
    for (const m of others) {
      if (best.goodEnough && nonInferior(m)) Object.assign(m, { goodEnough: true, basis: 'non-inferior' });
      else if (m.passRate > 0 && meetsTarget(m)) Object.assign(m, { goodEnough: true, basis: 'target' });
    }
  }

  const energyOrder = (x: Row, y: Row): number => {
    const ex = x.energyPerCaseJ;
    const ey = y.energyPerCaseJ;
    if (ex === null || ey === null) return ex === null ? (ey === null ? 0 : 1) : -1;
    return sameEnergy(ex, ey) ? 0 : ex - ey;
  };
  const good = rows.filter((r) => r.goodEnough).sort((x, y) =>
    energyOrder(x, y)
    || (x.latencyP50Ms ?? Infinity) - (y.latencyP50Ms ?? Infinity)
    || hostingRank(hostingOf(x.model)) - hostingRank(hostingOf(y.model))
    || x.model.localeCompare(y.model));
  const models: VerdictModel[] = rows.map(({ shares: _s, repeats: _r, ...m }) => m);
  const missingEnergy = good.filter((r) => r.energyPerCaseJ === null).map((r) => ({ model: r.model, missing: r.energyMissing ?? 'energy' }));
  const common = { ...base, best: best.model, models, goodEnough: good.map((r) => r.model), missingEnergy };

  let v: Omit<SuiteVerdict, 'reason'>;
  if (insufficient) v = { ...common, state: 'insufficient' };
  else if (good.length === 0) v = { ...common, state: 'indeterminate', casesNeeded: casesNeeded({ rows, best, delta, alpha, level, target }) };
  else if (good.length > 1 && missingEnergy.length > 0) v = { ...common, state: 'energy-unknown' };
  else {
    const rec = good[0]!;
    const energyHungry = good.slice(1)
      .filter((r) => rec.energyPerCaseJ !== null && r.energyPerCaseJ !== null && r.energyPerCaseJ > 0 && r.energyPerCaseJ >= energyHungryFactor * rec.energyPerCaseJ)
      .map((r) => r.model);
    v = { ...common, state: 'recommended', recommended: rec.model, frugal: good.length > 1, energyHungry };
  }
  return { ...v, reason: suiteReason(v, energyHungryFactor) };
};
