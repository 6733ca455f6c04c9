import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Assertion } from '../../../harness/core/types.js';
import { compileAssertion, createCaseEvaluator } from '../../../harness/scorers/evaluate.js';
import { coreScorers } from '../../../harness/scorers/registry.js';
import type { ScorerRegistry } from '../../../harness/scorers/types.js';
import { ctx, problems } from './helpers.js';

describe('compileAssertion', () => {
  it('returns the scorer, its weight (default 1) and its type', () => {
    const c = compileAssertion(coreScorers, { type: 'not-contains', value: 'x', weight: 2 });
    expect(c).toMatchObject({ ok: true, weight: 2, type: 'not-contains' });
    expect(compileAssertion(coreScorers, { type: 'contains', value: 'x' })).toMatchObject({ ok: true, weight: 1 });
  });

  it('collects every problem: weight, unknown fields, bad values', () => {
    expect(problems({ type: 'contains', value: 3n, weight: -1, tresh: 1 } as Assertion)).toEqual([
      { path: 'weight', message: 'le poids doit être un nombre ≥ 0' },
      { path: 'value', message: 'texte attendu' },
      { path: 'tresh', message: 'champ inconnu « tresh »' },
    ]);
    expect(problems({ type: 'equals', weight: 'lourd' } as unknown as Assertion)).toEqual([{ path: 'weight', message: 'le poids doit être un nombre ≥ 0' }]);
  });

  it('ignores the location added by the suite loader', () => {
    expect(compileAssertion(coreScorers, { type: 'contains', value: 'x', at: { file: 's.yaml', line: 3 } }).ok).toBe(true);
  });
});

describe('createCaseEvaluator', () => {
  const evaluator = createCaseEvaluator(coreScorers);

  it('computes the weighted mean of applicable scores', async () => {
    const r = await evaluator.evaluate(
      [
        { type: 'contains', value: 'Madrid', weight: 3 },
        { type: 'contains', value: 'Espagne' },
        { type: 'latency', threshold: 100 },
      ],
      'Madrid',
      ctx(),
    );
    expect(r.scores.map((s) => s.value)).toEqual([1, 0, null]);
    expect(r.score).toBeCloseTo(0.75);
    expect(r.pass).toBe(false);
    expect((await evaluator.evaluate([{ type: 'contains', value: 'Madrid', weight: 3 }, { type: 'contains', value: 'Espagne' }], 'Madrid', ctx(), 0.7)).pass).toBe(true);
    expect((await evaluator.evaluate([{ type: 'contains', value: 'Madrid' }, { type: 'contains', value: 'Espagne' }], 'Madrid', ctx(), 0.7)).pass).toBe(false);
  });

  it('fails a case whose assertion gave no verdict (not applicable), while scoring the rest', async () => {
    const r = await evaluator.evaluate([{ type: 'icontains', value: 'madrid' }, { type: 'equals' }], 'Madrid', ctx());
    expect(r).toMatchObject({ score: 1, pass: false });
    expect((await evaluator.evaluate([{ type: 'icontains', value: 'madrid' }], 'Madrid', ctx())).pass).toBe(true);
    expect(r.scores[1]).toMatchObject({ type: 'equals', value: null, pass: false });
  });

  it('a case without assertions passes with a null score; zero weights give a null score', async () => {
    expect(await evaluator.evaluate([], 'x', ctx())).toEqual({ scores: [], score: null, pass: true });
    expect((await evaluator.evaluate([{ type: 'contains', value: 'x', weight: 0 }], 'x', ctx())).score).toBeNull();
  });

  it('names scores by the written type', async () => {
    const r = await evaluator.evaluate([{ type: 'not-icontains-any', value: 'erreur,échec' }], 'Tout est prêt', ctx());
    expect(r.scores[0]).toMatchObject({ type: 'not-icontains-any', value: 1, pass: true });
  });

  it('contains a throwing scorer and reports an invalid assertion without throwing', async () => {
    const registry: ScorerRegistry = {
      ...coreScorers,
      boom: {
        description: 'critère de test qui échoue',
        args: z.strictObject({}),
        negatable: false,
        create: () => () => {
          throw new Error('panne du juge');
        },
      },
    };
    const r = await createCaseEvaluator(registry).evaluate([{ type: 'boom' }, { type: 'contains', value: 'a' }, { type: 'contians' }], 'a', ctx());
    expect(r.scores[0]).toEqual({ type: 'boom', value: null, pass: false, reason: 'erreur du critère : panne du juge', error: { code: 'provider-error', message: 'panne du juge' } });
    expect(r.scores[2]).toMatchObject({ type: 'contians', value: null, pass: false, reason: 'critère invalide : type : type de critère inconnu « contians »' });
    expect(r.score).toBe(1);
    expect(r.pass).toBe(false);
  });

  it('compiles each distinct assertion once', async () => {
    let created = 0;
    const registry: ScorerRegistry = {
      count: {
        description: 'critère de test qui compte ses créations',
        args: z.strictObject({ value: z.string() }),
        negatable: true,
        create: () => {
          created++;
          return () => ({ type: 'count', value: 1, pass: true, reason: 'ok' });
        },
      },
    };
    const e = createCaseEvaluator(registry);
    for (let i = 0; i < 3; i++) await e.evaluate([{ type: 'count', value: 'a', at: { file: 's.yaml', line: i } }], 'x', ctx());
    await e.evaluate([{ type: 'count', value: 'b' }], 'x', ctx());
    expect(created).toBe(2);
  });
});
