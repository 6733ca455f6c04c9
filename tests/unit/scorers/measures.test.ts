import { describe, expect, it } from 'vitest';
import { levenshteinDistance, levenshteinSimilarity } from '../../../harness/scorers/levenshtein.js';
import { problems, score } from './helpers.js';

describe('levenshtein distance', () => {
  it('counts insertions, deletions and substitutions in code points', () => {
    expect(levenshteinDistance('kitten', 'sitting')).toBe(3);
    expect(levenshteinDistance('', 'abc')).toBe(3);
    expect(levenshteinDistance('abc', '')).toBe(3);
    expect(levenshteinDistance('été', 'ete')).toBe(2);
    expect(levenshteinDistance('🙂a', 'a')).toBe(1);
    expect(levenshteinDistance('flaw', 'lawn')).toBe(2);
    expect(levenshteinDistance('same', 'same')).toBe(0);
  });

  it('agrees with a plain full-matrix computation on random strings', () => {
    const naive = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      return d[a.length]![b.length]!;
    };
    let seed = 7;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const word = (): string => Array.from({ length: rand(12) }, () => 'abc'[rand(3)]).join('');
    for (let k = 0; k < 300; k++) {
      const [a, b] = [word(), word()];
      expect(levenshteinDistance(a, b)).toBe(naive(a, b));
    }
  });

  it('handles two 5,000-character strings', () => {
    const a = 'le conseil municipal délibère '.repeat(170).slice(0, 5000);
    const b = 'la commission municipale vote '.repeat(170).slice(0, 5000);
    const d = levenshteinDistance(a, b);
    expect(d).toBeGreaterThan(0);
    expect(d).toBeLessThanOrEqual(5000);
  });

  it('similarity is 1 for two empty strings and normalised by the longer one', () => {
    expect(levenshteinSimilarity('', '')).toBe(1);
    expect(levenshteinSimilarity('abcd', 'abce')).toBe(0.75);
  });
});

describe('levenshtein scorer', () => {
  it('scores similarity against value or reference with a default threshold of 0.7', async () => {
    const s = await score({ type: 'levenshtein', value: 'presupuesto' }, 'presupuestos');
    expect(s.value).toBeCloseTo(11 / 12);
    expect(s).toMatchObject({ pass: true, reason: 'similarité 0,92 ≥ seuil 0,70' });
    const r = await score({ type: 'levenshtein', threshold: 0.95 }, 'presupuestos', { reference: 'presupuesto' });
    expect(r.pass).toBe(false);
    expect(r.reason).toBe('similarité 0,92 < seuil 0,95 (attendu « presupuesto »)');
    expect(await score({ type: 'levenshtein' }, 'x')).toMatchObject({ value: null, pass: false });
  });

  it('not-levenshtein inverts the similarity', async () => {
    const s = await score({ type: 'not-levenshtein', value: 'abcd' }, 'abce');
    expect(s.value).toBeCloseTo(0.25);
    expect(s.pass).toBe(false);
  });

  it('rejects a threshold outside 0..1 and a misspelt field with a did-you-mean', () => {
    expect(problems({ type: 'levenshtein', threshold: 70 })).toEqual([{ path: 'threshold', message: 'doit être ≤ 1' }]);
    expect(problems({ type: 'levenshtein', treshold: 0.5 })).toEqual([
      { path: 'treshold', message: 'champ inconnu « treshold »', hint: 'vouliez-vous dire « threshold » ?' },
    ]);
  });
});

describe('word-count and length', () => {
  it('counts words on whitespace and checks the bounds', async () => {
    expect(await score({ type: 'word-count', min: 3, max: 5 }, '  Le  marché\nest ouvert ')).toMatchObject({ value: 1, pass: true, reason: '4 mot(s), attendu entre 3 et 5' });
    expect(await score({ type: 'word-count', max: 2 }, 'un deux trois')).toMatchObject({ value: 0, pass: false, reason: '3 mot(s), attendu au plus 2' });
    expect((await score({ type: 'word-count', min: 1 }, '   ')).pass).toBe(false);
  });

  it('counts characters as code points, outer spaces excluded', async () => {
    expect(await score({ type: 'length', max: 5 }, ' Noël🎄 ')).toMatchObject({ pass: true, reason: '5 caractère(s), attendu au plus 5' });
    expect((await score({ type: 'length', min: 10 }, 'court')).pass).toBe(false);
    expect((await score({ type: 'not-length', min: 10 }, 'court')).pass).toBe(true);
  });

  it('requires min or max, consistent, as non-negative integers', () => {
    expect(problems({ type: 'length' })).toEqual([{ path: '', message: 'indiquez min, max ou les deux' }]);
    expect(problems({ type: 'word-count', min: 5, max: 2 })).toEqual([{ path: 'max', message: 'max (2) est inférieur à min (5)' }]);
    expect(problems({ type: 'word-count', min: -1 })).toEqual([{ path: 'min', message: 'doit être ≥ 0' }]);
    expect(problems({ type: 'length', max: 'dix' })).toEqual([{ path: 'max', message: 'nombre attendu, reçu texte' }]);
    expect(problems({ type: 'length', max: 2.5 })).toEqual([{ path: 'max', message: 'nombre entier attendu, reçu nombre' }]);
  });
});

describe('latency', () => {
  it('passes under the threshold and is not applicable without a latency', async () => {
    const fast = await score({ type: 'latency', threshold: 1000 }, '', { latencyMs: 812 });
    expect(fast).toMatchObject({ type: 'latency', value: 1, pass: true });
    expect(fast.reason).toMatch(/^812 ms ≤ seuil 1.000 ms$/);
    expect(await score({ type: 'latency', threshold: 1000 }, '', { latencyMs: 1500 })).toMatchObject({ value: 0, pass: false });
    expect(await score({ type: 'latency', threshold: 1000 }, '')).toMatchObject({ value: null, pass: false, reason: 'temps de réponse inconnu' });
  });

  it('requires a positive threshold and has no not- form', () => {
    expect(problems({ type: 'latency' })[0]).toMatchObject({ path: 'threshold', message: expect.stringMatching(/^champ obligatoire manquant/) });
    expect(problems({ type: 'latency', threshold: 0 })).toEqual([{ path: 'threshold', message: 'doit être > 0' }]);
    expect(problems({ type: 'not-latency', threshold: 10 })).toEqual([{ path: 'type', message: 'le critère « latency » ne peut pas être inversé avec not-' }]);
  });
});
