import { describe, expect, it } from 'vitest';
import {
  allocateConcurrent,
  attributeSequential,
  joulesPerToken,
  relativeStars,
  whPer1000Queries,
  whPer1000Tokens,
  whPerTest,
} from '../../../harness/energy/attribution.js';

const sum = (xs: readonly { joules: number }[]): number => xs.reduce((s, x) => s + x.joules, 0);

describe('sequential attribution', () => {
  it('leaves the energy between tests unattributed, and conserves the run', () => {
    const r = attributeSequential(100, [
      { id: 'a', joules: 30 },
      { id: 'b', joules: 25 },
      { id: 'c', joules: 20 },
    ]);
    expect(r.unattributedJoules).toBe(25);
    expect(sum(r.tests) + r.unattributedJoules).toBe(100);
    expect(r.flags).toEqual([]);
    expect(attributeSequential(10, [{ id: 'a', joules: 12 }]).flags).toEqual(['tests-exceed-run']);
  });
});

describe('concurrent attribution (processor sharing)', () => {
  const slices = [
    { startMs: 0, endMs: 1000, joules: 10 },
    { startMs: 1000, endMs: 2000, joules: 20 },
    { startMs: 2000, endMs: 3000, joules: 30 },
  ];

  it('splits each instant equally among the active requests', () => {
    const r = allocateConcurrent(slices, [
      { id: 'A', startMs: 0, endMs: 2000 },
      { id: 'B', startMs: 500, endMs: 3000 },
      { id: 'C', startMs: 2500, endMs: 2800 },
    ]);
    const by = Object.fromEntries(r.allocated.map((a) => [a.id, a.joules]));
    expect(by.A).toBeCloseTo(17.5, 12);
    expect(by.B).toBeCloseTo(38, 12);
    expect(by.C).toBeCloseTo(4.5, 12);
    expect(r.windowJoules).toBeCloseTo(60, 12);
    expect(r.unallocatedJoules).toBeCloseTo(0, 12);
  });

  it('keeps idle instants inside the window as unallocated', () => {
    const r = allocateConcurrent(slices, [
      { id: 'A', startMs: 0, endMs: 1000 },
      { id: 'B', startMs: 2000, endMs: 3000 },
    ]);
    expect(r.unallocatedJoules).toBeCloseTo(20, 12);
    expect(sum(r.allocated) + r.unallocatedJoules).toBeCloseTo(r.windowJoules, 12);
  });

  it('clips slices to [first start, last end]', () => {
    const r = allocateConcurrent([{ startMs: -1000, endMs: 500, joules: 15 }], [{ id: 'A', startMs: 0, endMs: 500 }]);
    expect(r.windowJoules).toBeCloseTo(5, 12);
    expect(r.allocated[0]?.joules).toBeCloseTo(5, 12);
  });

  it('weights by token rate when every request reports output tokens', () => {
    const r = allocateConcurrent(
      [{ startMs: 0, endMs: 1000, joules: 40 }],
      [
        { id: 'A', startMs: 0, endMs: 1000, outputTokens: 100 },
        { id: 'B', startMs: 0, endMs: 1000, outputTokens: 300 },
      ],
    );
    expect(r.allocated.map((a) => a.joules)).toEqual([10, 30]);
  });

  it('conserves energy on random schedules', () => {
    let seed = 42;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 50; trial++) {
      const s = Array.from({ length: 20 }, (_, i) => ({ startMs: i * 250, endMs: (i + 1) * 250, joules: rand() * 5 }));
      const reqs = Array.from({ length: 8 }, (_, i) => {
        const start = rand() * 4000;
        return { id: `r${i}`, startMs: start, endMs: start + 50 + rand() * 1000, ...(trial % 2 ? { outputTokens: 1 + Math.floor(rand() * 500) } : {}) };
      });
      const r = allocateConcurrent(s, reqs);
      expect(Math.abs(sum(r.allocated) + r.unallocatedJoules - r.windowJoules)).toBeLessThan(1e-9);
      const first = Math.min(...reqs.map((q) => q.startMs));
      const last = Math.max(...reqs.map((q) => q.endMs));
      const expected = s.reduce((acc, x) => acc + (x.joules * Math.max(0, Math.min(x.endMs, last) - Math.max(x.startMs, first))) / 250, 0);
      expect(r.windowJoules).toBeCloseTo(expected, 9);
    }
  });
});

describe('units and stars', () => {
  it('converts to the reference leaderboards\' units', () => {
    expect(joulesPerToken(100, 50)).toBe(2);
    expect(joulesPerToken(null, 50)).toBeNull();
    expect(joulesPerToken(100, 0)).toBeNull();
    expect(whPer1000Tokens(3600, 1000)).toBe(1);
    expect(whPer1000Queries(3600, 1)).toBe(1000);
    expect(whPerTest([3600, 7200, null, 32400])).toEqual({ mean: 4, p50: 2 });
    expect(whPerTest([3600, 7200])).toEqual({ mean: 1.5, p50: 1.5 });
    expect(whPerTest([null])).toEqual({ mean: null, p50: null });
  });

  it('gives 5★ to the lowest fifth of the run\'s range and 1★ to the highest', () => {
    expect(relativeStars([10, 20, 30, 50, 17.99, null])).toEqual([5, 4, 3, 1, 5, null]);
    expect(relativeStars([7, 7])).toEqual([5, 5]);
    expect(relativeStars([null])).toEqual([null]);
  });
});
