/**
 * The pooled means of a cell are computed in one walk of each bootstrap draw: the intervals must
 * be exactly those of one statistic per mean (same sums in the same order), whatever order the
 * statistics are called in.
 */
import { describe, expect, it } from 'vitest';
import { bootstrapMany, mulberry32, pooledMeanDiffStatistic, pooledMeanStatistic, pooledMeanStatistics } from '../../../harness/stats/bootstrap.js';

const groupOf = (seed: number, n: number) => {
  const rng = mulberry32(seed);
  const counts = Array.from({ length: n }, () => Math.floor(rng() * 4));
  return { sums: counts.map((c) => (c === 0 ? 0 : rng() * c * 3.7 - 1.1)), counts };
};

describe('pooled means over shared draws', () => {
  it('give bit-identical intervals to one statistic per mean', () => {
    const groups = [groupOf(1, 997), groupOf(2, 997), groupOf(3, 997)];
    const one = bootstrapMany(997, groups.map((g) => pooledMeanStatistic(g.sums, g.counts)), { resamples: 500 });
    const shared = bootstrapMany(997, pooledMeanStatistics(groups), { resamples: 500 });
    expect(shared).toEqual(one);
    // Mixed with another statistic and in another order.
    const [a, b, c] = pooledMeanStatistics(groups);
    const mixed = bootstrapMany(997, [c!, () => 1, a!, b!], { resamples: 500 });
    expect([mixed[2], mixed[3], mixed[0]]).toEqual(one);
  });

  it('answer each draw with that draw’s means, called once or many times', () => {
    const groups = [groupOf(4, 50), groupOf(5, 50)];
    const [s0, s1] = pooledMeanStatistics(groups);
    const rng = mulberry32(9);
    for (let d = 0; d < 20; d++) {
      const idx = Uint32Array.from({ length: 50 }, () => Math.floor(rng() * 50));
      const order = d % 2 ? [s1!, s0!] : [s0!, s1!];
      const got = order.map((s) => s(idx));
      const want = (d % 2 ? [groups[1]!, groups[0]!] : groups).map((g) => pooledMeanStatistic(g.sums, g.counts)(idx));
      expect(got).toEqual(want);
    }
  });

  it('paired difference: same values as summing the four arrays', () => {
    const [a, b] = [groupOf(6, 300), groupOf(7, 300)];
    const reference = (idx: Uint32Array) => {
      let sa = 0, ca = 0, sb = 0, cb = 0;
      for (const k of idx) { sa += a.sums[k]!; ca += a.counts[k]!; sb += b.sums[k]!; cb += b.counts[k]!; }
      return ca === 0 || cb === 0 ? null : sa / ca - sb / cb;
    };
    expect(bootstrapMany(300, [pooledMeanDiffStatistic(a, b)], { resamples: 300 })).toEqual(bootstrapMany(300, [reference], { resamples: 300 }));
  });
});
