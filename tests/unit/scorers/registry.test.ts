import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { coreScorers, resolveScorer, scorerTypes } from '../../../harness/scorers/registry.js';
import { suggestName } from '../../../harness/core/suggest.js';
import { zodIssuesToProblems } from '../../../harness/core/zod-messages.js';
import { problems } from './helpers.js';

describe('registry', () => {
  it('holds the core scorers, each with a one-line French description', () => {
    const names = ['equals', 'contains', 'icontains', 'contains-any', 'contains-all', 'icontains-any', 'icontains-all', 'starts-with', 'regex', 'is-json', 'levenshtein', 'word-count', 'length', 'latency', 'choice'];
    expect(Object.keys(coreScorers).sort()).toEqual([...names].sort());
    for (const def of Object.values(coreScorers)) expect(def.description).toMatch(/^[^\n]{10,120}$/);
  });

  it('resolves not- forms of negatable scorers only', () => {
    expect(resolveScorer(coreScorers, 'contains')).toEqual({ definition: coreScorers.contains, negated: false });
    expect(resolveScorer(coreScorers, 'not-contains')).toEqual({ definition: coreScorers.contains, negated: true });
    expect(resolveScorer(coreScorers, 'not-latency')).toBeUndefined();
    expect(resolveScorer(coreScorers, 'not-not-contains')).toBeUndefined();
    expect(resolveScorer(coreScorers, 'constructor')).toBeUndefined();
    expect(resolveScorer(coreScorers, 'not-toString')).toBeUndefined();
  });

  it('lists every type, not- forms included, sorted', () => {
    const types = scorerTypes(coreScorers);
    expect(types).toEqual([...types].sort());
    expect(types).toContain('not-is-json');
    expect(types).toContain('latency');
    expect(types).not.toContain('not-latency');
    expect(types).toHaveLength(15 + 13); // latency and choice have no not- form
  });
});

describe('did-you-mean', () => {
  it('suggests the closest name when it is a likely typo', () => {
    expect(suggestName('chfr', ['bleu', 'chrf', 'contains'])).toBe('chrf');
    expect(suggestName('contians', scorerTypes(coreScorers))).toBe('contains');
    expect(suggestName('Equal', scorerTypes(coreScorers))).toBe('equals');
    expect(suggestName('not-contain', scorerTypes(coreScorers))).toBe('not-contains');
    expect(suggestName('similarité', scorerTypes(coreScorers))).toBeUndefined();
  });

  it('reports an unknown type with a hint, or the list command when nothing is close', () => {
    expect(problems({ type: 'contians', value: 'a' })).toEqual([
      { path: 'type', message: 'type de critère inconnu « contians »', hint: 'vouliez-vous dire « contains » ?' },
    ]);
    expect(problems({ type: 'traduction-parfaite' })).toEqual([
      { path: 'type', message: 'type de critère inconnu « traduction-parfaite »', hint: 'voir la liste : bac-a-sable list scorers' },
    ]);
    expect(problems({ type: 42 } as never)).toEqual([{ path: 'type', message: 'type de critère manquant (texte attendu)' }]);
  });
});

describe('zodIssuesToProblems', () => {
  const schema = z.strictObject({
    nom: z.string(),
    age: z.number().min(0),
    tags: z.array(z.string()).max(2).optional(),
    mode: z.enum(['strict', 'souple']).optional(),
  });

  it('gives dotted paths and French messages for the common codes', () => {
    const input = { age: -1, tags: ['a', 3], mode: 'doux', nmo: 'x' };
    const r = schema.safeParse(input);
    if (r.success) throw new Error('devait échouer');
    const got = zodIssuesToProblems(r.error, { input, knownKeys: Object.keys(schema.shape) });
    expect(got).toEqual(
      expect.arrayContaining([
        { path: 'nom', message: 'champ obligatoire manquant (texte attendu)' },
        { path: 'age', message: 'doit être ≥ 0' },
        { path: 'tags.1', message: 'texte attendu, reçu nombre' },
        { path: 'mode', message: 'valeur non admise, valeurs possibles : « strict », « souple »' },
        { path: 'nmo', message: 'champ inconnu « nmo »', hint: 'vouliez-vous dire « nom » ?' },
      ]),
    );
    expect(got).toHaveLength(5);
    const long = schema.safeParse({ nom: 'a', age: 1, tags: ['a', 'b', 'c'] });
    if (long.success) throw new Error('devait échouer');
    expect(zodIssuesToProblems(long.error)).toEqual([{ path: 'tags', message: 'au plus 2 élément(s)' }]);
  });

  it('reads what was received from the issues when parsed with reportInput', () => {
    const r = schema.safeParse({ nom: 3, age: 1 }, { reportInput: true });
    if (r.success) throw new Error('devait échouer');
    expect(zodIssuesToProblems(r.error)).toEqual([{ path: 'nom', message: 'texte attendu, reçu nombre' }]);
  });

  it('keeps custom French messages', () => {
    const r = z.string().refine((s) => s.length > 3, { message: 'trop court' }).safeParse('ab');
    if (r.success) throw new Error('devait échouer');
    expect(zodIssuesToProblems(r.error)).toEqual([{ path: '', message: 'trop court' }]);
  });
});
