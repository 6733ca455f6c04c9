/**
 * The verdict rule of issue 16: each reproduction with its numbers, and the non-inferiority bound
 * checked against values computed independently (Python 3 + SciPy 1.17.1, 2026-12-04):
 *
 *   from scipy import stats; from math import sqrt
 *   def bp(n12, n21, n, level=0.95):   # Bonett & Price 2012, formula as published
 *       p12 = (n12+1)/(n+2); p21 = (n21+1)/(n+2); d = p12-p21
 *       se = sqrt((p12+p21-d*d)/(n+2)); z = stats.norm.ppf(1-(1-level)/2); return d-z*se, d+z*se
 *   bp(0,4,200)  → (-0.04341147133427266, 0.003807510938233054)
 *   bp(0,0,5)    → (-0.39597252124276505, 0.39597252124276505)
 *   bp(0,4,10)   → (-0.6861671767228434, 0.0195005100561767)
 *   bp(7,3,40)   → (-0.06383036106063333, 0.2543065515368238)
 *   bp(2,9,120, 1-0.05/3) → (-0.12702649565231894, 0.012272397291663198)
 *   stats.binomtest(0,7).pvalue → 0.015625; binomtest(0,5) → 0.0625; binomtest(3,15) → 0.03515625
 *   stats.permutation_test((d,), np.mean, permutation_type='samples', n_resamples=np.inf).pvalue → 0.125
 *     with d = [1/3,2/3,-1/3,1/3,0,1,1/3,-2/3,2/3,1/3,1/3,0]
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../harness/stats/bootstrap.js';
import { communityVerdict } from '../../../harness/stats/community-verdict.js';
import { pairedDiffInterval, wilsonRateInterval } from '../../../harness/stats/paired-bound.js';
import { signFlipTest } from '../../../harness/stats/sign-flip.js';
import type { CaseTrials, Trial } from '../../../harness/stats/trials.js';
import { suiteVerdict, type SuiteVerdictInput } from '../../../harness/stats/verdict.js';

const plain = (s: string): string => s.replace(/[\u00a0\u202f]/g, ' ');

const trial = (passed: boolean, o: Partial<Trial> = {}): Trial => ({ passed, score: passed ? 1 : 0, latencyMs: 100, joules: 1, measured: false, error: false, energyReason: null, ...o });

/** A cell of `n` cases × `repeats`, passed when `pass(case, repeat)`; every trial gets `o`. */
const cell = (n: number, pass: (i: number, r: number) => boolean, o: Partial<Trial> = {}, repeats = 1): CaseTrials =>
  new Map(Array.from({ length: n }, (_, i) => [`c${String(i).padStart(4, '0')}`, Array.from({ length: repeats }, (_, r) => trial(pass(i, r), o))]));

const verdict = (cells: Record<string, CaseTrials>, o: Partial<SuiteVerdictInput> = {}) =>
  suiteVerdict({ suite: 's', community: 'c', cells: new Map(Object.entries(cells)), calibration: new Set(), hostingOf: () => 'local', ...o });

describe('paired bound and sign-flip test against independent values', () => {
  const diffs = (n12: number, n21: number, n: number): number[] => [...Array(n12).fill(1), ...Array(n21).fill(-1), ...Array(n - n12 - n21).fill(0)];
  it('equals the Bonett–Price interval with one repeat (SciPy values above)', () => {
    const cases: [number, number, number, number, [number, number]][] = [
      [0, 4, 200, 0.95, [-0.04341147133427266, 0.003807510938233054]],
      [0, 0, 5, 0.95, [-0.39597252124276505, 0.39597252124276505]],
      [0, 4, 10, 0.95, [-0.6861671767228434, 0.0195005100561767]],
      [7, 3, 40, 0.95, [-0.06383036106063333, 0.2543065515368238]],
      [2, 9, 120, 1 - 0.05 / 3, [-0.12702649565231894, 0.012272397291663198]],
    ];
    for (const [n12, n21, n, level, [lo, hi]] of cases) {
      const got = pairedDiffInterval(diffs(n12, n21, n), level)!;
      expect(got[0]).toBeCloseTo(lo, 8);
      expect(got[1]).toBeCloseTo(hi, 8);
    }
  });

  it('is exact McNemar with one repeat and an exact permutation test with repeats', () => {
    expect(signFlipTest(diffs(0, 7, 30)).pValue).toBeCloseTo(0.015625, 12);
    expect(signFlipTest(diffs(0, 5, 5)).pValue).toBeCloseTo(0.0625, 12);
    expect(signFlipTest(diffs(3, 12, 40)).pValue).toBeCloseTo(0.03515625, 12);
    const d = [1, 2, -1, 1, 0, 3, 1, -2, 2, 1, 1, 0].map((x) => x / 3);
    expect(signFlipTest(d, d.map(() => 3))).toMatchObject({ pValue: expect.closeTo(0.125, 12), method: 'exact', informative: 10 });
  });

  it('never gives a zero-width interval (five cases passed by both do not prove closeness)', () => {
    expect(pairedDiffInterval([0, 0, 0, 0, 0])![0]).toBeLessThan(-0.05);
    expect(wilsonRateInterval(0.9, 200)![0]).toBeCloseTo(0.8505941875672826, 9);
  });
});

describe('issue 16 reproductions', () => {
  it('1. 100 cases × 3 repeats, A 1/3 on every case, B never: A is significantly better and recommended', () => {
    const v = verdict({
      a: cell(100, (_, r) => r === 0, { joules: 10 }, 3),
      b: cell(100, () => false, { joules: 1 }, 3),
    });
    const b = v.models.find((m) => m.model === 'b')!;
    expect(v.best).toBe('a');
    expect(b.pBelowBest).toBeCloseTo(1.5777218104420236e-30, 40);
    expect(b.belowBest).toBe(true);
    expect(b.diffToBest).toBeCloseTo(-1 / 3, 12);
    expect(b.diffToBestInterval![1]).toBeLessThan(-0.2);
    expect(v).toMatchObject({ state: 'recommended', recommended: 'a', goodEnough: ['a'], energyHungry: [] });
    expect(plain(v.reason)).not.toContain('énergivore');
  });

  it('2a. 5 cases, 5/5 vs 0/5: indéterminé with the cases needed, never the 0 % model', () => {
    const v = verdict({ fort: cell(5, () => true, { joules: 10 }), nul: cell(5, () => false, { joules: 1 }) });
    expect(v).toMatchObject({ state: 'indeterminate', recommended: null, goodEnough: [], casesNeeded: 6, comparedCases: 5 });
    expect(plain(v.reason)).toBe('Indéterminé : trop peu de cas (5) pour montrer qu\'un modèle suffit (meilleur : fort, 100 %) ; il en faudrait environ 6.');
  });

  it('2b. 10 cases, 90 % vs 50 %: not the 50 % model', () => {
    const v = verdict({ bon: cell(10, (i) => i < 9, { joules: 10 }), moyen: cell(10, (i) => i < 5, { joules: 1 }) });
    expect(v.recommended).not.toBe('moyen');
    expect(v.goodEnough).not.toContain('moyen');
    expect(v.models.find((m) => m.model === 'moyen')!.diffToBestInterval![0]).toBeCloseTo(-0.6861671767228434, 8);
    expect(v.state).toBe('indeterminate');
    // Connor 1987 with the observed discordance (4 + 2)/(10 + 2) = 0.5: (1.96·√0.5 + 0.8416·√0.34)² / 0.16 = 22.01 → 23.
    expect(v.casesNeeded).toBe(23);
  });

  it('2c. 6 models, 30 cases: Holm over the k − 1 = 5 comparisons with the best, not the 15 pairs', () => {
    const v = verdict({
      best: cell(30, (i) => i < 27),
      m67: cell(30, (i) => i < 20),
      z1: cell(30, () => false), z2: cell(30, () => false), z3: cell(30, () => false), z4: cell(30, () => false),
    });
    const m67 = v.models.find((m) => m.model === 'm67')!;
    // Raw exact McNemar 0.015625 (7 discordant, all one way); largest of 5 p-values → Holm factor 1.
    // Over all 15 pairs it would be at least 0.015625 × 11 ≈ 0.17 (the issue's figure), not significant.
    expect(m67.pBelowBest).toBeCloseTo(0.015625, 12);
    expect(m67.belowBest).toBe(true);
    expect(v).toMatchObject({ state: 'recommended', recommended: 'best' });
  });

  it('acceptance: 90 % small vs 92 % large over 200 cases → the small one is recommended as good enough', () => {
    const v = verdict({
      large: cell(200, (i) => i < 184, { joules: 100, measured: true }),
      small: cell(200, (i) => i < 180, { joules: 5, measured: true }),
    });
    const small = v.models.find((m) => m.model === 'small')!;
    expect(small.diffToBestInterval![0]).toBeCloseTo(-0.04341147133427266, 8);
    expect(small).toMatchObject({ goodEnough: true, basis: 'non-inferior' });
    expect(v).toMatchObject({ state: 'recommended', recommended: 'small', frugal: true, goodEnough: ['small', 'large'], energyHungry: ['large'], marginPoints: 5 });
    expect(plain(v.reason)).toMatch(/^small est recommandé : suffisant, 90 % contre 92 % pour le meilleur, large : au pire −4,3 points \(marge tolérée 5 points\) ; le plus sobre des modèles suffisants \(20 fois moins d'énergie par requête que large, mesurée\)\./);
  });

  it('δ is the suite\'s: the same data with δ = 3 points is no longer non-inferior', () => {
    const v = verdict({ large: cell(200, (i) => i < 184, { joules: 100 }), small: cell(200, (i) => i < 180, { joules: 5 }) }, { marginPoints: 3 });
    expect(v.goodEnough).not.toContain('small');
    expect(v.marginPoints).toBe(3);
  });

  it('the target route: own Wilson lower bound reaches the target', () => {
    // 180/200 = 90 %: Wilson lower bound 0.8506 ≥ 0.85, although 10 points below the best.
    const v = verdict({ top: cell(200, () => true, { joules: 100 }), ok: cell(200, (i) => i < 180, { joules: 1 }) }, { target: 0.85 });
    expect(v.models.find((m) => m.model === 'ok')).toMatchObject({ goodEnough: true, basis: 'target' });
    expect(v.recommended).toBe('ok');
  });

  it('a best model shown below the target makes the suite insufficient, not indeterminate', () => {
    const v = verdict({ a: cell(200, (i) => i < 100), b: cell(200, (i) => i < 90) }, { target: 0.8 });
    expect(v).toMatchObject({ state: 'insufficient', recommended: null, casesNeeded: null });
  });

  it('with a target, a best model under it is not « suffisant » for beating a 0 % model (bare run: Apertium br→fr 71 % for 80 %)', () => {
    const v = verdict({ 'apertium-br-fr': cell(38, (i) => i < 27), stories: cell(38, () => false) }, { target: 0.8 });
    expect(v).toMatchObject({ state: 'indeterminate', recommended: null, goodEnough: [] });
    expect(v.casesNeeded!).toBeGreaterThan(38);
    expect(plain(v.reason)).toContain("le meilleur, apertium-br-fr, réussit 71 %, sous l'objectif de 80 % sans que l'écart soit établi ; il en faudrait environ");
    // Without a target, beating the 0 % model clearly is enough to call it the suite's choice.
    expect(verdict({ 'apertium-br-fr': cell(38, (i) => i < 27), stories: cell(38, () => false) }).recommended).toBe('apertium-br-fr');
  });

  it('never crowns a 0 % model, even when every model is at 0 % over many cases', () => {
    const v = verdict({ a: cell(300, () => false), b: cell(300, () => false) });
    expect(v).toMatchObject({ state: 'insufficient', recommended: null, goodEnough: [] });
  });
});

describe('energy, errors, calibration', () => {
  it('never calls a verdict frugal on unknown energy, and names the missing fact', () => {
    const v = verdict({
      a: cell(200, (i) => i < 184, { joules: null, energyReason: 'model-size-unknown' }),
      b: cell(200, (i) => i < 182, { joules: 5 }),
    });
    expect(v).toMatchObject({ state: 'energy-unknown', recommended: null, frugal: false, missingEnergy: [{ model: 'a', missing: 'energy.modelSizes' }] });
    expect(plain(v.reason)).toContain('a (à renseigner : energy.modelSizes)');
    expect(plain(v.reason)).not.toMatch(/sobre des modèles/);
  });

  it('22.4: a model that mostly errored is « non évaluable », never tied nor best; errors are counted', () => {
    // 100 of panne's 166 results are errors; it passes all the other 66.
    const cells = new Map([
      ['panne', new Map([...cell(166, (i) => i >= 100)].map(([id, ts], i) => [id, i < 100 ? [trial(false, { error: true })] : ts]))],
      ['ok', cell(166, (i) => i < 150)],
      ['autre', cell(166, (i) => i < 140, {}, 1)],
    ]);
    const w = suiteVerdict({ suite: 's', community: 'c', cells, calibration: new Set(), hostingOf: () => 'local' });
    expect(w.models.map((m) => m.model)).toEqual(['ok', 'autre']);
    expect(w.excluded).toEqual([expect.objectContaining({ model: 'panne', reason: 'too-many-errors', errors: 100, results: 166 })]);
    expect(plain(w.reason)).toContain('panne est non évaluable : 100 erreurs sur 166 résultats (plus de 20 %)');
    // Below the limit, errors count as failures and are said.
    const few = new Map([['x', new Map([...cell(100, () => true)].map(([id, ts], i) => [id, i < 10 ? [trial(false, { error: true })] : ts]))]]);
    const f = suiteVerdict({ suite: 's', community: 'c', cells: few, calibration: new Set(), hostingOf: () => 'local', target: 0.5 });
    expect(f.models[0]).toMatchObject({ passRate: 0.9, errors: 10, results: 100 });
    expect(plain(f.reason)).toContain('Erreurs comptées comme échecs : x 10 sur 100.');
  });

  it('calibration baselines are never candidates', () => {
    const v = verdict({ reference: cell(200, () => true, { joules: 0 }), m: cell(200, (i) => i < 150) }, { calibration: new Set(['reference']) });
    expect(v.models.map((m) => m.model)).toEqual(['m']);
    expect(v.goodEnough).not.toContain('reference');
    expect(JSON.stringify(v)).not.toContain('reference');
  });

  it('a model missing cases is left out; every figure is over the same cases', () => {
    const partial = new Map([...cell(50, () => true)].slice(0, 40));
    const v = verdict({ full: cell(50, (i) => i < 45), partial });
    expect(v.comparedCases).toBe(50);
    expect(v.models.map((m) => m.model)).toEqual(['full']);
    expect(v.excluded[0]).toMatchObject({ model: 'partial', reason: 'incomplete', missingCases: 10 });
  });
});

describe('community summaries', () => {
  const suite = (id: string, cells: Record<string, CaseTrials>) => suiteVerdict({ suite: id, community: 'traduction', cells: new Map(Object.entries(cells)), calibration: new Set(), hostingOf: () => 'local' });

  it('names a single model only when it is good enough on every suite; else the list per suite', () => {
    // Apertium-like: each pair has its own model, plus a 0 % model that ran everything.
    const frEs = suite('fr-es', { 'apertium-fr-es': cell(60, (i) => i < 40), nul: cell(60, () => false) });
    const brFr = suite('br-fr', { 'apertium-br-fr': cell(60, (i) => i < 42), nul: cell(60, () => false) });
    const c = communityVerdict('traduction', [frEs, brFr]);
    expect(c).toMatchObject({ state: 'per-suite', model: null, goodEverywhere: [] });
    expect(c.perSuite.map((s) => s.recommended)).toEqual(['apertium-fr-es', 'apertium-br-fr']);
    expect(plain(c.reason)).not.toContain('nul');
  });

  it('picks the least energy over all cases when several models are good enough everywhere', () => {
    const s1 = suite('a', { big: cell(200, (i) => i < 184, { joules: 100 }), small: cell(200, (i) => i < 182, { joules: 2 }) });
    const s2 = suite('b', { big: cell(200, (i) => i < 190, { joules: 100 }), small: cell(200, (i) => i < 188, { joules: 2 }) });
    expect(communityVerdict('c', [s1, s2])).toMatchObject({ state: 'single-model', model: 'small', frugal: true, goodEverywhere: ['big', 'small'] });
  });
});

describe('property: the recommendation is never significantly below the best by more than δ', () => {
  it('holds over 300 seeded random campaigns without target, and truly-worse picks stay rare', () => {
    const rng = mulberry32(16);
    let trulyWorse = 0;
    let recommended = 0;
    for (let k = 0; k < 300; k++) {
      const models = 2 + Math.floor(rng() * 4);
      const n = 5 + Math.floor(rng() * 250);
      const repeats = 1 + Math.floor(rng() * 3);
      const truth = Array.from({ length: models }, () => 0.3 + rng() * 0.7);
      const cells: Record<string, CaseTrials> = {};
      truth.forEach((p, m) => {
        cells[`m${m}`] = cell(n, () => rng() < p, { joules: 1 + m * 3 }, repeats);
      });
      const v = verdict(cells);
      if (v.recommended === null) continue;
      recommended++;
      const rec = v.models.find((m) => m.model === v.recommended)!;
      const best = v.models.find((m) => m.model === v.best)!;
      // The observed gap to the best and its lower bound both stay above −δ; and, against the
      // simulation's ground truth, a model truly more than δ below the best is rarely picked.
      expect(rec.passRate - best.passRate).toBeGreaterThan(-0.05);
      if (rec.diffToBestInterval) expect(rec.diffToBestInterval[0]).toBeGreaterThan(-0.05);
      const trueBest = Math.max(...truth);
      if (truth[Number(v.recommended.slice(1))]! < trueBest - 0.05) trulyWorse++;
    }
    expect(recommended).toBeGreaterThan(50);
    // Family-wise 5 %: a truly worse model recommended in well under 5 % of the decided campaigns.
    expect(trulyWorse / recommended).toBeLessThan(0.05);
  });
});
