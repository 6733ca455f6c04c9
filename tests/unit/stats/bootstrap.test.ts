import { describe, expect, it } from 'vitest';
import { bootstrap, bootstrapIndices, clusteredMeanInterval, DEFAULT_RESAMPLES, mulberry32 } from '../../../harness/stats/bootstrap.js';

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('mulberry32', () => {
  it('is deterministic for a seed, differs between seeds, stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 1);
  });
});

describe('percentile bootstrap', () => {
  const data = Array.from({ length: 60 }, (_, i) => (i * 37) % 11);

  it('uses at least 2,000 resamples by default and gives the same interval for the same seed', () => {
    expect(DEFAULT_RESAMPLES).toBeGreaterThanOrEqual(2000);
    let calls = 0;
    bootstrapIndices(5, () => (calls++, 1));
    expect(calls).toBe(DEFAULT_RESAMPLES);
    expect(bootstrap(data, mean)).toEqual(bootstrap(data, mean));
    expect(bootstrap(data, mean, { seed: 7 })).not.toEqual(bootstrap(data, mean, { seed: 8 }));
  });

  it('brackets the sample mean, and a constant sample gives a zero-width interval', () => {
    const [lo, hi] = bootstrap(data, mean)!;
    expect(lo).toBeLessThan(mean(data));
    expect(hi).toBeGreaterThan(mean(data));
    expect(bootstrap([3, 3, 3], mean)).toEqual([3, 3]);
    expect(bootstrap([], mean)).toBeNull();
    expect(bootstrap([1, 2], () => null)).toBeNull();
  });

  it('covers the true proportion about 95 % of the time (coverage sanity)', () => {
    const rng = mulberry32(2024);
    const trueP = 0.3;
    const datasets = 300;
    let covered = 0;
    for (let d = 0; d < datasets; d++) {
      const sample = Array.from({ length: 80 }, () => (rng() < trueP ? 1 : 0));
      const [lo, hi] = bootstrap(sample, mean, { resamples: 500, seed: d })!;
      if (lo <= trueP && trueP <= hi) covered++;
    }
    // Percentile intervals under-cover slightly at n = 80; 300 datasets give ±2.5 points of noise.
    expect(covered / datasets).toBeGreaterThan(0.88);
    expect(covered / datasets).toBeLessThan(0.99);
  });

  it('clusters repeats: identical repeats do not narrow the interval', () => {
    const rng = mulberry32(5);
    const perCase = Array.from({ length: 50 }, () => (rng() < 0.6 ? 1 : 0));
    const k = 5;
    // Each case repeated 5 times with the same outcome: 5 times the data, no more information.
    const clustered = clusteredMeanInterval(perCase.map((v) => v * k), perCase.map(() => k))!;
    const once = clusteredMeanInterval(perCase, perCase.map(() => 1))!;
    const naive = bootstrap(perCase.flatMap((v) => Array<number>(k).fill(v)), mean)!;
    const width = (x: [number, number]): number => x[1] - x[0];
    expect(width(clustered)).toBeCloseTo(width(once), 10);
    expect(width(clustered) / width(naive)).toBeGreaterThan(1.8);
  });
});
