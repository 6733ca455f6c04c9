import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../harness/stats/bootstrap.js';
import { cellConsistency, cellEstimates, cellIntervals, latencyMedianStatistic } from '../../../harness/stats/cell-stats.js';
import { percentile } from '../../../harness/stats/percentile.js';
import type { CaseTrials, Trial } from '../../../harness/stats/trials.js';

const trial = (t: Partial<Trial>): Trial => ({ passed: true, score: 1, latencyMs: 100, joules: null, measured: false, error: false, energyReason: null, ...t });

describe('cell statistics', () => {
  it('finds the same median as sorting the drawn latencies (weighted walk)', () => {
    const rng = mulberry32(9);
    const cases = Array.from({ length: 25 }, (_, c) => Array.from({ length: 1 + (c % 3) }, () => trial({ latencyMs: c % 4 === 0 ? null : Math.round(rng() * 1000) })));
    const stat = latencyMedianStatistic(cases);
    for (let draw = 0; draw < 200; draw++) {
      const idx = Uint32Array.from({ length: cases.length }, () => Math.floor(rng() * cases.length));
      const pooled = [...idx].flatMap((i) => cases[i]!.flatMap((t) => (t.latencyMs === null ? [] : [t.latencyMs])));
      expect(stat(idx)).toBe(pooled.length === 0 ? null : percentile(pooled.sort((a, b) => a - b), 50));
    }
  });

  it('estimates pass rate over all repeats, energy over known readings only, measured only if all are', () => {
    const cell: CaseTrials = new Map([
      ['a', [trial({ joules: 2, measured: true }), trial({ passed: false, score: 0, joules: 4, measured: true })]],
      ['b', [trial({ passed: false, score: null, latencyMs: null })]],
    ]);
    expect(cellEstimates(cell)).toEqual({ cases: 2, results: 3, passRate: 1 / 3, meanScore: 0.5, latencyP50Ms: 100, energyPerCaseJ: 3, energyMeasured: true, energyKnown: 2 });
    expect(cellConsistency(cell)).toEqual({ k: 2, passAllK: 0, passAtK: 0.5, flakyCases: ['a'] });
    expect(cellConsistency(new Map([['x', [trial({})]]]))).toBeNull();
  });

  it('uses Wilson without repeats and the case bootstrap with repeats; unknown energy gives no interval', () => {
    const once: CaseTrials = new Map(Array.from({ length: 20 }, (_, i) => [`c${i}`, [trial({ passed: i < 15 })]]));
    expect(cellIntervals(once).passRateMethod).toBe('wilson');
    expect(cellIntervals(once).energyPerCaseJ).toBeNull();
    const twice: CaseTrials = new Map(Array.from({ length: 20 }, (_, i) => [`c${i}`, [trial({ passed: i < 15 }), trial({ passed: i < 15 })]]));
    const boot = cellIntervals(twice);
    expect(boot.passRateMethod).toBe('bootstrap');
    // Duplicated repeats add no information: the interval stays about as wide as Wilson's for 20 cases.
    const width = (x: [number, number] | null): number => x![1] - x![0];
    expect(width(boot.passRate)).toBeGreaterThan(0.6 * width(cellIntervals(once).passRate));
    expect(cellIntervals(twice, { seed: 1 })).toEqual(cellIntervals(twice, { seed: 1 }));
  });
});
