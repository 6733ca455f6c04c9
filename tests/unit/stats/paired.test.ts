import { describe, expect, it } from 'vitest';
import { comparePaired } from '../../../harness/stats/paired.js';
import type { CaseTrials, Trial } from '../../../harness/stats/trials.js';

const trial = (passed: boolean, score: number | null = passed ? 1 : 0): Trial => ({ passed, score, latencyMs: 10, joules: null, measured: false, error: false, energyReason: null });
const cell = (entries: [string, Trial[]][]): CaseTrials => new Map(entries);

describe('comparePaired', () => {
  it('excludes and counts cases run by one model only, and orients differences as A − B', () => {
    const a = cell([['c1', [trial(true)]], ['c2', [trial(true)]], ['c3', [trial(false)]], ['only-a', [trial(true)]]]);
    const b = cell([['c1', [trial(true)]], ['c2', [trial(false)]], ['c3', [trial(false)]], ['only-b1', [trial(false)]], ['only-b2', [trial(true)]]]);
    const r = comparePaired(a, b);
    expect(r).toMatchObject({ n: 3, onlyA: 1, onlyB: 2, aOnlyPassed: 1, bOnlyPassed: 0, pValue: 1 });
    expect(r.passRateA).toBeCloseTo(2 / 3);
    expect(r.passRateB).toBeCloseTo(1 / 3);
    expect(r.diffPassRate).toBeCloseTo(1 / 3);
    expect(comparePaired(b, a).diffPassRate).toBeCloseTo(-1 / 3);
  });

  it('gives a paired interval and an effect size for a consistent score gap', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `c${i}`);
    // B scores 0.1 below A on every case, plus a small case-dependent wobble.
    const a = cell(ids.map((id, i) => [id, [trial(true, 0.5 + (i % 5) * 0.1)]]));
    const b = cell(ids.map((id, i) => [id, [trial(true, 0.4 + (i % 5) * 0.1 + ((i % 3) - 1) * 0.02)]]));
    const r = comparePaired(a, b);
    expect(r.scoredN).toBe(40);
    expect(r.diffMeanScore).toBeCloseTo(0.1, 1);
    expect(r.diffMeanScoreCI![0]).toBeGreaterThan(0.08);
    expect(r.diffMeanScoreCI![1]).toBeLessThan(0.12);
    expect(r.standardizedDiff!).toBeGreaterThan(3);
    expect(r.standardizedDiffCI![0]).toBeGreaterThan(0);
    // Identical pass outcomes: no discordant case, p = 1, zero difference — but never a zero-width
    // interval: 40 identical outcomes do not prove the pass rates equal (Bonett–Price, ±0.066).
    expect(r).toMatchObject({ aOnlyPassed: 0, bOnlyPassed: 0, pValue: 1, diffPassRate: 0 });
    expect(r.diffPassRateCI![0]).toBeCloseTo(-0.06599542026033363, 9);
  });

  it('keeps repeats together: per-case pass shares, not a majority vote', () => {
    const a = cell([['c1', [trial(true), trial(true), trial(false)]], ['c2', [trial(true), trial(false)]]]);
    const b = cell([['c1', [trial(false), trial(false), trial(false)]], ['c2', [trial(false), trial(false)]]]);
    const r = comparePaired(a, b);
    // c1: A passed 2/3, B 0; c2: A 1/2, B 0 — both cases lean to A (a majority vote dropped c2).
    expect(r).toMatchObject({ aOnlyPassed: 2, bOnlyPassed: 0 });
    expect(r.diffPassRate).toBeCloseTo((2 / 3 + 1 / 2) / 2);
    // Exact sign-flip over 2 informative cases: p = 2 × 1/4 = 0.5.
    expect(r.pValue).toBeCloseTo(0.5, 12);
  });

  it('has no p-value without common cases, and no score difference without common scores', () => {
    const r = comparePaired(cell([['x', [trial(true)]]]), cell([['y', [trial(true)]]]));
    expect(r).toMatchObject({ n: 0, pValue: null, diffPassRate: null, diffPassRateCI: null, diffMeanScore: null, standardizedDiff: null });
    const s = comparePaired(cell([['x', [trial(true, null)]]]), cell([['x', [trial(true, 1)]]]));
    expect(s).toMatchObject({ n: 1, scoredN: 0, diffMeanScore: null });
  });

  it('is deterministic', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `c${i}`);
    const a = cell(ids.map((id, i) => [id, [trial(i % 3 !== 0)]]));
    const b = cell(ids.map((id, i) => [id, [trial(i % 2 === 0)]]));
    expect(comparePaired(a, b)).toEqual(comparePaired(a, b));
  });
});
