import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../harness/core/types.js';
import { fleissKappa, judgeAgreement } from '../../../harness/stats/agreement.js';

describe('judge agreement', () => {
  it('reproduces the worked example of Fleiss’ kappa (Wikipedia, 10 items × 14 raters × 5 categories: κ ≈ 0.210)', () => {
    const table = [
      [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ];
    expect(fleissKappa(table)).toBeCloseTo(0.21, 2);
  });

  it('is 1 for judges who always agree on mixed verdicts, near 0 or below for judges who disagree', () => {
    expect(fleissKappa([[2, 0], [0, 2], [2, 0], [0, 2]])).toBe(1);
    expect(fleissKappa([[1, 1], [1, 1], [1, 1], [1, 1]])).toBeLessThan(0);
  });

  it('collects the judges of each model-graded score', async () => {
    const r = (pass: [boolean, boolean]) =>
      ({ suite: 's', scores: [{ type: 'llm-rubric', value: 0.5, pass: true, reason: '', judges: [{ judge: 'a', score: 1, pass: pass[0], reason: '' }, { judge: 'b', score: 1, pass: pass[1], reason: '' }] }] }) as unknown as CaseResult;
    const [a] = await judgeAgreement([r([true, true]), r([false, false]), r([true, false]), r([true, true])]);
    expect(a).toMatchObject({ suite: 's', scorer: 'llm-rubric', judges: ['a', 'b'], items: 4, method: 'fleiss-kappa' });
    expect(a!.kappa).toBeCloseTo(0.4667, 3);
  });
});

describe('Fleiss’ kappa when every judge always gives the same verdict (issue 16 item 9)', () => {
  it('is undefined (null with the reason), not 1', async () => {
    expect(fleissKappa([[2, 0], [2, 0], [2, 0]])).toBeNull();
    const r = (pass: boolean) =>
      ({ suite: 's', scores: [{ type: 'llm-rubric', value: 1, pass, reason: '', judges: [{ judge: 'a', score: 1, pass, reason: '' }, { judge: 'b', score: 1, pass, reason: '' }] }] }) as unknown as CaseResult;
    const [a] = await judgeAgreement([r(true), r(true), r(true)]);
    expect(a).toMatchObject({ items: 3, kappa: null });
    expect(a!.reason).toMatch(/^indéfini : tous les juges ont toujours donné le même verdict/);
  });

  it('is still computed when verdicts vary, and has no reason then', async () => {
    expect(fleissKappa([[2, 0], [0, 2]])).toBe(1);
    const r = (pass: boolean) =>
      ({ suite: 's', scores: [{ type: 'llm-rubric', value: 1, pass, reason: '', judges: [{ judge: 'a', score: 1, pass, reason: '' }, { judge: 'b', score: 1, pass, reason: '' }] }] }) as unknown as CaseResult;
    const [a] = await judgeAgreement([r(true), r(false)]);
    expect(a).toEqual({ suite: 's', scorer: 'llm-rubric', judges: ['a', 'b'], items: 2, kappa: 1, method: 'fleiss-kappa' });
  });
});
