import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../harness/core/types.js';
import { analyzeRun } from '../../../harness/stats/analyze.js';
import { mulberry32 } from '../../../harness/stats/bootstrap.js';
import { wilsonInterval } from '../../../harness/stats/wilson.js';
import { makeResult } from './make-result.js';

const plain = (s: string): string => s.replace(/[\u00a0\u202f]/g, ' ');

/** `cases` cases answered by a model with true accuracy `accuracy`, seeded. */
const simulate = (o: { suite: string; community?: string; model: string; accuracy: number; cases: number; seed: number; joules?: number | null; latencyMs?: number; repeats?: number }): CaseResult[] => {
  const rng = mulberry32(o.seed);
  const out: CaseResult[] = [];
  for (let i = 0; i < o.cases; i++) {
    for (let r = 1; r <= (o.repeats ?? 1); r++) {
      const passed = rng() < o.accuracy;
      out.push(makeResult({
        suite: o.suite, community: o.community ?? 'traduction', caseId: `c${i}`, model: o.model, repeat: r,
        status: passed ? 'passed' : 'failed', latencyMs: o.latencyMs ?? 100 + (i % 7), ...(o.joules === undefined ? {} : { joules: o.joules }),
      }));
    }
  }
  return out;
};

describe('analyzeRun: acceptance on simulated models', () => {
  const results = [
    ...simulate({ suite: 'ecart', model: 'fort', accuracy: 0.9, cases: 200, seed: 1, joules: 50 }),
    ...simulate({ suite: 'ecart', model: 'faible', accuracy: 0.6, cases: 200, seed: 2, joules: 1 }),
    ...simulate({ suite: 'egal', model: 'gros', accuracy: 0.75, cases: 200, seed: 3, joules: 400 }),
    ...simulate({ suite: 'egal', model: 'sobre', accuracy: 0.75, cases: 200, seed: 4, joules: 1 }),
  ];
  const suites = [{ id: 'ecart', community: 'traduction' }, { id: 'egal', community: 'rh' }];
  const models = [{ id: 'fort', hosting: 'eu-cloud' as const }, { id: 'faible', hosting: 'local' as const }, { id: 'gros', hosting: 'eu-cloud' as const }, { id: 'sobre', hosting: 'local' as const }];

  it('0.9 vs 0.6 over 200 cases is significant, in the right direction; equal accuracies are tied', async () => {
    const a = await analyzeRun(results, suites, models);
    const gap = a.comparisons.find((c) => c.suite === 'ecart')!;
    expect(gap).toMatchObject({ a: 'faible', b: 'fort', n: 200, tied: false });
    expect(gap.pAdjusted!).toBeLessThan(0.001);
    expect(gap.diffPassRate!).toBeLessThan(-0.2);
    expect(gap.diffPassRateCI![1]).toBeLessThan(0);
    const same = a.comparisons.find((c) => c.suite === 'egal')!;
    expect(same.tied).toBe(true);
    expect(same.diffPassRateCI![0]).toBeLessThan(0);
    expect(same.diffPassRateCI![1]).toBeGreaterThan(0);

    const rec = Object.fromEntries(a.recommendations.suites.map((r) => [r.suite, r]));
    expect(rec.ecart).toMatchObject({ recommended: 'fort', mostAccurate: 'fort', energyHungry: [] });
    const verdict = Object.fromEntries(a.verdicts.suites.map((v) => [v.suite, v]));
    expect(verdict.ecart).toMatchObject({ state: 'recommended', best: 'fort', goodEnough: ['fort'] });
    expect(verdict.ecart!.models.find((m) => m.model === 'faible')).toMatchObject({ belowBest: true, goodEnough: false });
    // Two equal 75 % models over 200 cases: not tied-by-default, but shown within 5 points? Only if
    // the data say so; the verdict is never a recommendation by absence of evidence.
    expect(['recommended', 'indeterminate']).toContain(verdict.egal!.state);
    if (verdict.egal!.state === 'recommended') expect(verdict.egal!.goodEnough).toContain(verdict.egal!.recommended);
    // Enough cases (200 ≥ 194): no sample-size warning.
    expect(a.warnings.filter((w) => w.code === 'sample-size')).toEqual([]);
  });

  it('is deterministic and reads async iterables like arrays', async () => {
    async function* stream(): AsyncGenerator<CaseResult> {
      for (const r of results) yield r;
    }
    expect(await analyzeRun(stream(), suites, models)).toEqual(await analyzeRun(results, suites, models));
  });

  it('gives Wilson pass-rate intervals without repeats, bootstrap intervals for the other figures', async () => {
    const a = await analyzeRun(results, suites, models);
    const cell = a.intervals.find((c) => c.suite === 'ecart' && c.model === 'fort')!;
    const passed = results.filter((r) => r.suite === 'ecart' && r.model === 'fort' && r.status === 'passed').length;
    expect(cell.passRateMethod).toBe('wilson');
    expect(cell.passRate).toEqual(wilsonInterval(passed, 200));
    expect(cell.energyPerCaseJ).toEqual([50, 50]);
    expect(cell.latencyP50Ms![0]).toBeLessThanOrEqual(cell.estimates.latencyP50Ms!);
    expect(cell.latencyP50Ms![1]).toBeGreaterThanOrEqual(cell.estimates.latencyP50Ms!);
    expect(cell.estimates).toMatchObject({ cases: 200, results: 200, energyPerCaseJ: 50, energyMeasured: false, energyKnown: 200 });
    expect(a.consistency).toEqual([]);
  });
});

describe('analyzeRun: warnings, unknown energy, targets, communities, repeats', () => {
  it('warns when a suite has too few cases to separate models', async () => {
    const results = [...simulate({ suite: 'petite', model: 'a', accuracy: 0.5, cases: 12, seed: 5 }), ...simulate({ suite: 'petite', model: 'b', accuracy: 0.7, cases: 12, seed: 6 })];
    const a = await analyzeRun(results, [{ id: 'petite', community: 'rh' }], [{ id: 'a', hosting: 'local' }, { id: 'b', hosting: 'local' }]);
    expect(a.warnings).toContainEqual({ code: 'sample-size', suite: 'petite', message: '« petite » — 12 cas : trop peu pour distinguer un écart de 10 points ; il en faudrait environ 200.' });
  });

  it('with unknown energy among several good-enough models, names no frugal model and says what is missing', async () => {
    const results = [
      ...simulate({ suite: 's', model: 'inconnu', accuracy: 0.8, cases: 300, seed: 7, latencyMs: 5 }).map((r) => ({ ...r, energy: { joules: null, method: 'ecologits-0.9.1', measured: false, reason: 'model-size-unknown' } })),
      ...simulate({ suite: 's', model: 'mesure', accuracy: 0.8, cases: 300, seed: 7, joules: 30 }),
    ];
    const a = await analyzeRun(results, [{ id: 's', community: 'c' }], [{ id: 'inconnu', hosting: 'local' }, { id: 'mesure', hosting: 'foreign-cloud' }]);
    expect(a.intervals.find((c) => c.model === 'inconnu')).toMatchObject({ energyPerCaseJ: null, estimates: { energyPerCaseJ: null, energyKnown: 0 } });
    expect(a.verdicts.suites[0]).toMatchObject({ state: 'energy-unknown', recommended: null, missingEnergy: [{ model: 'inconnu', missing: 'energy.modelSizes' }] });
    expect(a.recommendations.suites[0]!.recommended).toBeNull();
    expect(a.energyStars[0]!.ratings).toEqual([{ model: 'inconnu', stars: null }, { model: 'mesure', stars: 5 }]);
  });

  it('builds the community from its suites\' verdicts, never from pooled cases', async () => {
    const results = [
      ...simulate({ suite: 'courriers', community: 'rh', model: 'grand', accuracy: 0.97, cases: 150, seed: 8, joules: 100 }),
      ...simulate({ suite: 'courriers', community: 'rh', model: 'moyen', accuracy: 0.85, cases: 150, seed: 9, joules: 10 }),
      ...simulate({ suite: 'conges', community: 'rh', model: 'grand', accuracy: 0.95, cases: 150, seed: 11, joules: 100 }),
      ...simulate({ suite: 'conges', community: 'rh', model: 'moyen', accuracy: 0.9, cases: 150, seed: 12, joules: 10 }),
      ...simulate({ suite: 'conges', community: 'rh', model: 'reference', accuracy: 1, cases: 150, seed: 13, joules: 0 }),
    ];
    const suites = [{ id: 'courriers', community: 'rh', target: 0.7 }, { id: 'conges', community: 'rh', target: 0.7 }];
    const models = [{ id: 'grand', hosting: 'sovereign-cloud' as const }, { id: 'moyen', hosting: 'on-prem' as const }, { id: 'reference', hosting: 'local' as const, calibration: true }];
    const a = await analyzeRun(results, suites, models);
    const community = a.verdicts.communities[0]!;
    expect(community).toMatchObject({ community: 'rh', state: 'single-model', model: 'moyen', frugal: true, goodEverywhere: ['grand', 'moyen'] });
    expect(a.recommendations.communities[0]).toMatchObject({ community: 'rh', recommended: 'moyen', mostAccurate: null });
    // The calibration baseline is set apart: no verdict, no star, no interval, no comparison.
    expect(a.verdicts.calibration).toEqual({ models: ['reference'], cells: [expect.objectContaining({ suite: 'conges', model: 'reference', passRate: 1 })] });
    expect(JSON.stringify([a.verdicts.suites, a.verdicts.communities, a.energyStars, a.intervals, a.comparisons])).not.toContain('reference');
  });

  it('reports repeat consistency and clusters repeats by case', async () => {
    const results = [
      makeResult({ caseId: 'stable', model: 'm', repeat: 1, status: 'passed', joules: 2 }),
      makeResult({ caseId: 'stable', model: 'm', repeat: 2, status: 'passed', joules: 2 }),
      makeResult({ caseId: 'instable', model: 'm', repeat: 1, status: 'passed', joules: 2 }),
      makeResult({ caseId: 'instable', model: 'm', repeat: 2, status: 'failed', joules: null }),
      makeResult({ caseId: 'rate', model: 'm', repeat: 1, status: 'failed' }),
      makeResult({ caseId: 'rate', model: 'm', repeat: 2, status: 'failed' }),
    ];
    const a = await analyzeRun(results, [{ id: 'suite', community: 'c' }], [{ id: 'm', hosting: 'local' }]);
    expect(a.consistency).toEqual([{ suite: 'suite', model: 'm', k: 2, passAllK: 1 / 3, passAtK: 2 / 3, flakyCases: ['instable'] }]);
    expect(a.intervals[0]).toMatchObject({ passRateMethod: 'bootstrap', estimates: { passRate: 0.5, energyKnown: 3, results: 6 } });
    expect(a.warnings).toContainEqual(expect.objectContaining({ code: 'partial-energy', model: 'm' }));
    // One model, no target: nothing says it is good enough.
    expect(a.verdicts.suites[0]).toMatchObject({ state: 'indeterminate', recommended: null });
    expect(a.recommendations.communities[0]!.recommended).toBeNull();
  });

  it('leaves out a model missing cases and warns about undeclared hosting', async () => {
    const results = [
      ...simulate({ suite: 's', model: 'a', accuracy: 0.5, cases: 10, seed: 1 }),
      ...simulate({ suite: 's', model: 'b', accuracy: 0.5, cases: 7, seed: 2 }),
    ];
    const a = await analyzeRun(results, [{ id: 's', community: 'c' }], [{ id: 'a', hosting: 'local' }]);
    expect(a.comparisons).toEqual([]);
    expect(a.verdicts.suites[0]!.excluded).toEqual([expect.objectContaining({ model: 'b', reason: 'incomplete', missingCases: 3 })]);
    expect(a.warnings).toContainEqual(expect.objectContaining({ code: 'unpaired-cases', model: 'b', message: "« s » : b n'a pas de résultat pour 3 des 10 cas : il n'est pas comparé aux autres." }));
    expect(a.warnings).toContainEqual(expect.objectContaining({ code: 'unknown-model', model: 'b' }));
  });
});
