/**
 * Point estimates, confidence intervals and repeat consistency of one suite × model cell (or of a
 * community's pooled cases). Pass rate: Wilson when each case ran once; otherwise, and for every
 * other figure, the percentile bootstrap with cases as clusters (bootstrap.ts).
 */
import type { BootstrapOptions, IndexStatistic } from './bootstrap.js';
import { bootstrapMany, pooledMeanStatistic } from './bootstrap.js';
import type { Interval } from './interval.js';
import { percentile } from './percentile.js';
import type { CaseTrials, Trial } from './trials.js';
import { caseSums, passValue, pooledMean, scoreValue } from './trials.js';
import { wilsonInterval } from './wilson.js';

export type CellEstimates = {
  /** Distinct cases. */
  cases: number;
  /** Results (cases × repeats). */
  results: number;
  passRate: number | null;
  meanScore: number | null;
  latencyP50Ms: number | null;
  /** Mean over the results whose energy is known; null when none is. */
  energyPerCaseJ: number | null;
  /** True only when every known energy figure was measured. */
  energyMeasured: boolean;
  /** Results whose energy is known. */
  energyKnown: number;
};

export type CellIntervals = {
  passRate: Interval | null;
  /** `wilson` (one result per case) or `bootstrap` (repeats: cases resampled with their repeats). */
  passRateMethod: 'wilson' | 'bootstrap';
  meanScore: Interval | null;
  latencyP50Ms: Interval | null;
  energyPerCaseJ: Interval | null;
};

export type CellConsistency = {
  /** Largest number of repeats of a case. */
  k: number;
  /** Share of cases passed in every repeat (pass^k). */
  passAllK: number;
  /** Share of cases passed in at least one repeat (pass@k). */
  passAtK: number;
  /** Cases passed in some repeats and failed in others, sorted. */
  flakyCases: string[];
};

const joulesOf = (t: Trial): number | null => t.joules;

const median = (values: readonly number[]): number | null => percentile([...values].sort((a, b) => a - b), 50);

export const cellEstimates = (cell: CaseTrials): CellEstimates => {
  const cases = [...cell.values()];
  const all = cases.flat();
  const energy = caseSums(cases, joulesOf);
  const withEnergy = all.filter((t) => t.joules !== null);
  return {
    cases: cases.length,
    results: all.length,
    passRate: pooledMean(caseSums(cases, passValue)),
    meanScore: pooledMean(caseSums(cases, scoreValue)),
    latencyP50Ms: median(all.flatMap((t) => (t.latencyMs === null ? [] : [t.latencyMs]))),
    energyPerCaseJ: pooledMean(energy),
    energyMeasured: withEnergy.length > 0 && withEnergy.every((t) => t.measured),
    energyKnown: withEnergy.length,
  };
};

/**
 * Median of the latencies of the drawn cases, all their repeats pooled. Sorting each draw would
 * cost O(n log n) thousands of times; instead the latencies are sorted once, each draw counts how
 * often each case was picked, and a walk up the sorted values finds the middle: O(n) per draw.
 */
export const latencyMedianStatistic = (cases: readonly (readonly Trial[])[]): IndexStatistic => {
  const entries = cases.flatMap((trials, c) => trials.flatMap((t) => (t.latencyMs === null ? [] : [{ v: t.latencyMs, c }])));
  entries.sort((x, y) => x.v - y.v);
  const values = Float64Array.from(entries, (e) => e.v);
  const caseOf = Uint32Array.from(entries, (e) => e.c);
  const perCase = new Uint32Array(cases.length);
  for (const e of entries) perCase[e.c]!++;
  const picked = new Uint32Array(cases.length);
  return (idx) => {
    picked.fill(0);
    let total = 0;
    for (let i = 0; i < idx.length; i++) {
      picked[idx[i]!]!++;
      total += perCase[idx[i]!]!;
    }
    if (total === 0) return null;
    // Same interpolation as percentile.ts at p = 50: mean of the two middle ranks.
    const lo = Math.floor((total - 1) / 2);
    const hi = Math.ceil((total - 1) / 2);
    let seen = 0;
    let low = NaN;
    for (let j = 0; j < values.length; j++) {
      const weight = picked[caseOf[j]!]!;
      if (weight === 0) continue;
      if (Number.isNaN(low) && seen + weight > lo) low = values[j]!;
      if (seen + weight > hi) return (low + values[j]!) / 2;
      seen += weight;
    }
    return null;
  };
};

export const cellIntervals = (cell: CaseTrials, opts: BootstrapOptions = {}): CellIntervals => {
  const cases = [...cell.values()];
  const oncePerCase = cases.every((trials) => trials.length === 1);
  const pass = caseSums(cases, passValue);
  const score = caseSums(cases, scoreValue);
  const energy = caseSums(cases, joulesOf);
  // One set of draws for every figure of the cell.
  const [passBoot, meanScore, latencyP50Ms, energyPerCaseJ] = bootstrapMany(cases.length, [
    oncePerCase ? () => null : pooledMeanStatistic(pass.sums, pass.counts),
    pooledMeanStatistic(score.sums, score.counts),
    latencyMedianStatistic(cases),
    pooledMeanStatistic(energy.sums, energy.counts),
  ], opts);
  const passed = pass.sums.reduce((x, y) => x + y, 0);
  return {
    passRate: oncePerCase ? wilsonInterval(passed, cases.length, opts.level) : (passBoot ?? null),
    passRateMethod: oncePerCase ? 'wilson' : 'bootstrap',
    meanScore: meanScore ?? null,
    latencyP50Ms: latencyP50Ms ?? null,
    energyPerCaseJ: energyPerCaseJ ?? null,
  };
};

/** Repeat consistency; null when no case was repeated. */
export const cellConsistency = (cell: CaseTrials): CellConsistency | null => {
  let k = 0;
  for (const trials of cell.values()) k = Math.max(k, trials.length);
  if (k <= 1 || cell.size === 0) return null;
  let all = 0;
  let any = 0;
  const flakyCases: string[] = [];
  for (const [id, trials] of cell) {
    const passed = trials.filter((t) => t.passed).length;
    if (passed === trials.length) all++;
    if (passed > 0) any++;
    if (passed > 0 && passed < trials.length) flakyCases.push(id);
  }
  return { k, passAllK: all / cell.size, passAtK: any / cell.size, flakyCases: flakyCases.sort() };
};
