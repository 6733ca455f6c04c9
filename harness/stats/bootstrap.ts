/**
 * Percentile bootstrap with a seeded generator, so the same results always give the same intervals
 * (reports are compared week to week; a moving interval would look like a change).
 *
 * Resampling unit = the case. When a case was repeated, its repeats travel together (clustered
 * bootstrap): repeats of one case are not independent, and treating them as such would make the
 * intervals look narrower than the evidence allows (Field & Welsh 2007, "Bootstrapping clustered
 * data", JRSS B 69:369).
 */
import type { Interval } from './interval.js';
import { percentile } from './percentile.js';

export type Rng = () => number;

/**
 * mulberry32 (Tommy Ettinger, public domain, 2017): a 32-bit state generator, uniform in [0, 1).
 * Period 2^32, ample for drawing a few million case indices; not for cryptography.
 */
export const mulberry32 = (seed: number): Rng => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** Fixed default seed: any constant works; this one is the project's. */
export const DEFAULT_SEED = 20_250_611;
/** Percentile bounds need many resamples (Efron & Tibshirani 1993, ch. 19, advise at least 1,000); 2,000 keeps their Monte-Carlo noise small. */
export const DEFAULT_RESAMPLES = 2000;

export type BootstrapOptions = {
  /** Number of resamples, 2,000 by default. */
  resamples?: number;
  /** Confidence level in (0, 1), 0.95 by default. */
  level?: number;
  /** Seed of the generator; the same seed gives the same interval. */
  seed?: number;
};

/** A statistic of one resample: receives the drawn unit indices; null when undefined for that draw. */
export type IndexStatistic = (indices: Uint32Array) => number | null;

/**
 * Core loop: draws `n` unit indices with replacement, `resamples` times, evaluates every statistic
 * on each draw, and returns for each the [α/2, 1 − α/2] percentiles. Evaluating several statistics
 * on the same draws costs one set of random numbers instead of one per statistic. Draws where a
 * statistic is undefined (null or not finite) are dropped for it; null when none is defined or n
 * is 0. Each call starts its own generator from the seed, so a result does not depend on what was
 * computed before it.
 */
export const bootstrapMany = (n: number, statistics: readonly IndexStatistic[], opts: BootstrapOptions = {}): (Interval | null)[] => {
  const { resamples = DEFAULT_RESAMPLES, level = 0.95, seed = DEFAULT_SEED } = opts;
  if (n === 0) return statistics.map(() => null);
  const rng = mulberry32(seed);
  const indices = new Uint32Array(n);
  const values: number[][] = statistics.map(() => []);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) indices[i] = Math.floor(rng() * n);
    for (let s = 0; s < statistics.length; s++) {
      const v = statistics[s]!(indices);
      if (v !== null && Number.isFinite(v)) values[s]!.push(v);
    }
  }
  const tailPct = ((1 - level) / 2) * 100;
  return values.map((vs) => {
    if (vs.length === 0) return null;
    vs.sort((a, b) => a - b);
    return [percentile(vs, tailPct)!, percentile(vs, 100 - tailPct)!];
  });
};

/** One statistic: see bootstrapMany. */
export const bootstrapIndices = (n: number, statistic: IndexStatistic, opts: BootstrapOptions = {}): Interval | null =>
  bootstrapMany(n, [statistic], opts)[0]!;

/** Statistic of a pooled mean Σ sums / Σ counts over the drawn cases (repeats travel with their case). */
export const pooledMeanStatistic = (sums: readonly number[], counts: readonly number[]): IndexStatistic => (idx) => {
  let s = 0;
  let c = 0;
  for (let i = 0; i < idx.length; i++) {
    s += sums[idx[i]!]!;
    c += counts[idx[i]!]!;
  }
  return c === 0 ? null : s / c;
};

/** Statistic of a difference of two pooled means measured on the same cases (paired). */
export const pooledMeanDiffStatistic = (
  a: { sums: readonly number[]; counts: readonly number[] },
  b: { sums: readonly number[]; counts: readonly number[] },
): IndexStatistic => (idx) => {
  let sa = 0, ca = 0, sb = 0, cb = 0;
  for (let i = 0; i < idx.length; i++) {
    const k = idx[i]!;
    sa += a.sums[k]!;
    ca += a.counts[k]!;
    sb += b.sums[k]!;
    cb += b.counts[k]!;
  }
  return ca === 0 || cb === 0 ? null : sa / ca - sb / cb;
};

/** Percentile bootstrap of any statistic over units (cases, each carrying its repeats). */
export const bootstrap = <T>(units: readonly T[], statistic: (sample: readonly T[]) => number | null, opts: BootstrapOptions = {}): Interval | null => {
  const sample: T[] = new Array<T>(units.length);
  return bootstrapIndices(units.length, (idx) => {
    for (let i = 0; i < idx.length; i++) sample[i] = units[idx[i]!]!;
    return statistic(sample);
  }, opts);
};

/**
 * Interval of a pooled mean (Σ values / Σ counts) with cases as clusters: `sums[i]` and `counts[i]`
 * are case i's total and number of values (its repeats). With one value per case this is the
 * ordinary bootstrap of a mean.
 */
export const clusteredMeanInterval = (sums: readonly number[], counts: readonly number[], opts: BootstrapOptions = {}): Interval | null =>
  bootstrapIndices(sums.length, pooledMeanStatistic(sums, counts), opts);
