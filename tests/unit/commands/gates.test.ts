import { describe, expect, it } from 'vitest';
import type { SummaryCell } from '../../../harness/core/types.js';
import { baselineRates, checkGates, modelsWithOnlyErrors } from '../../../harness/commands/gates.js';

const cell = (over: Partial<SummaryCell>): SummaryCell =>
  ({ suite: 's', community: 'c', model: 'm', n: 10, passed: 9, failed: 1, errors: 0, passRate: 0.9, meanScore: 0.9, latencyMs: { p50: 1, p95: 1 }, ttftMs: { p50: 1, p95: 1 }, tokens: { input: 1, output: 1, estimated: true }, ...over }) as SummaryCell;

describe('checkGates', () => {
  it('maxWhPerRequest: above the ceiling fails, below passes, unknown fails (never a silent pass)', () => {
    const energy = (wh: number | null) => ({ whPerCase: wh, jPerOutputToken: null, whPer1000OutputTokens: null, gCo2ePerCase: null, gCo2ePerSuite: null, methods: [], measured: true });
    const suites = [{ id: 's', gates: { maxWhPerRequest: 0.5 } }];
    expect(checkGates({ cells: [cell({ energy: energy(0.7) })] }, suites).map((f) => f.gate)).toEqual(['gates.maxWhPerRequest']);
    expect(checkGates({ cells: [cell({ energy: energy(0.3) })] }, suites)).toEqual([]);
    expect(checkGates({ cells: [cell({})] }, suites)[0]?.message).toMatch(/inconnue/);
  });

  it('the stricter of --fail-under and gates.minPassRate applies, and names who set it', () => {
    const suites = [{ id: 's', gates: { minPassRate: 0.95 } }];
    expect(checkGates({ cells: [cell({})] }, suites, { failUnder: 0.5 })[0]?.gate).toBe('gates.minPassRate');
    expect(checkGates({ cells: [cell({})] }, [{ id: 's' }], { failUnder: 0.91 })[0]?.gate).toBe('--fail-under');
    expect(checkGates({ cells: [cell({})] }, [{ id: 's' }], { failUnder: 0.9 })).toEqual([]);
  });

  it('minLowerBound reads the interval of the analysis; a missing interval fails', () => {
    const suites = [{ id: 's', gates: { minLowerBound: 0.6 } }];
    expect(checkGates({ cells: [cell({})], intervals: [{ suite: 's', model: 'm', passRate: [0.59, 0.98] }] }, suites)).toHaveLength(1);
    expect(checkGates({ cells: [cell({})], intervals: [{ suite: 's', model: 'm', passRate: [0.61, 0.98] }] }, suites)).toEqual([]);
    expect(checkGates({ cells: [cell({})] }, suites)).toHaveLength(1);
  });

  it('a suite maxRegressionPoints compares to the baseline; cells new in this run are not compared; calibration cells are never gated', () => {
    const baseline = baselineRates({ cells: [cell({ passRate: 1 })] });
    const suites = [{ id: 's', gates: { maxRegressionPoints: 5, minPassRate: 1 } }];
    expect(checkGates({ cells: [cell({})] }, suites, { baseline }).map((f) => f.gate)).toEqual(['gates.minPassRate', 'gates.maxRegressionPoints']);
    expect(checkGates({ cells: [cell({ model: 'nouveau', passRate: 1 })] }, suites, { baseline })).toEqual([]);
    expect(checkGates({ cells: [cell({ calibration: true, passRate: 0 })] }, suites, { baseline })).toEqual([]);
  });
});

describe('modelsWithOnlyErrors', () => {
  it('names a model with errors in every cell, not one with a single answer', () => {
    const cells = [cell({ model: 'a', errors: 10 }), cell({ model: 'a', suite: 't', errors: 10 }), cell({ model: 'b', errors: 10 }), cell({ model: 'b', suite: 't', errors: 9 })];
    expect(modelsWithOnlyErrors(cells)).toEqual(['a']);
    expect(modelsWithOnlyErrors([cell({ model: 'reference', errors: 10, calibration: true })])).toEqual([]);
  });
});
