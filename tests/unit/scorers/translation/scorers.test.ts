import { describe, expect, it } from 'vitest';
import type { Assertion, Score } from '../../../../harness/core/types.js';
import { compileAssertion } from '../../../../harness/scorers/evaluate.js';
import { readabilityFr } from '../../../../harness/scorers/readability-fr.js';
import { coreScorers } from '../../../../harness/scorers/registry.js';
import { translationScorers } from '../../../../harness/scorers/registry-translation.js';
import type { ScoreContext } from '../../../../harness/scorers/types.js';

// The lead merges the two registries; the tests do the same.
const registry = { ...coreScorers, ...translationScorers };
const ctx = (over: Partial<ScoreContext> = {}): ScoreContext => ({ vars: {}, prompt: '', latencyMs: null, ...over });

const score = async (assertion: Assertion, output: string, over: Partial<ScoreContext> = {}): Promise<Score> => {
  const compiled = compileAssertion(registry, assertion);
  if (!compiled.ok) throw new Error(`assertion invalide : ${JSON.stringify(compiled.problems)}`);
  return compiled.scorer(output, ctx(over));
};
const problems = (assertion: Assertion) => {
  const compiled = compileAssertion(registry, assertion);
  if (compiled.ok) throw new Error(`assertion acceptée à tort : ${JSON.stringify(assertion)}`);
  return compiled.problems;
};

const reference = 'Le conseil municipal a voté le budget.';
const output = 'Le conseil municipal a adopté le budget.';

describe('reference-based translation scorers', () => {
  it('registers the five types of the spec', () => {
    expect(Object.keys(translationScorers).sort()).toEqual(['bleu', 'chrf', 'readability-fr', 'rouge-l', 'ter']);
    for (const type of ['chrf', 'bleu', 'rouge-l', 'ter']) expect(translationScorers[type]!.usesReference).toBe(true);
  });

  it.each(['chrf', 'bleu', 'rouge-l', 'ter'])('%s: no value and no reference → not applicable', async (type) => {
    expect(await score({ type }, output)).toEqual({ type, value: null, pass: false, reason: 'aucune valeur attendue ni référence pour ce cas' });
  });

  it('chrF and chrF++ score against the reference with a 0.5 default threshold', async () => {
    const s = await score({ type: 'chrf' }, output, { reference });
    expect(s.value).toBeCloseTo(0.8374476, 6);
    expect(s).toMatchObject({ pass: true, reason: 'chrF 0,84 ≥ seuil 0,50' });
    const pp = await score({ type: 'chrf', wordOrder: 2, threshold: 0.9 }, output, { reference });
    expect(pp.pass).toBe(false);
    expect(pp.reason).toBe(`chrF++ 0,83 < seuil 0,90 (référence « ${reference} »)`);
  });

  it('value overrides the case reference', async () => {
    const s = await score({ type: 'chrf', value: output }, output, { reference: 'tout autre chose' });
    expect(s.value).toBe(1);
  });

  it('normalises both sides to NFC, so a decomposed accent still matches', async () => {
    const decomposed = 'Le conseil a adopte\u0301 le budget.';
    for (const type of ['chrf', 'bleu', 'rouge-l']) expect((await score({ type }, decomposed, { reference: 'Le conseil a adopté le budget.' })).value).toBeCloseTo(1, 12);
    expect((await score({ type: 'ter' }, decomposed, { reference: 'Le conseil a adopté le budget.' })).value).toBe(1);
  });

  it('BLEU uses sentence BLEU with a 0.3 default threshold', async () => {
    const s = await score({ type: 'bleu' }, output, { reference });
    expect(s.value).toBeCloseTo(0.5, 12);
    expect(s).toMatchObject({ pass: true, reason: 'BLEU 0,50 ≥ seuil 0,30' });
  });

  it('ROUGE-L uses F1 with a 0.5 default threshold', async () => {
    const s = await score({ type: 'rouge-l' }, output, { reference });
    expect(s.value).toBeCloseTo(6 / 7, 12);
    expect(s.reason).toBe('ROUGE-L 0,86 ≥ seuil 0,50');
  });

  it('TER: value 1 − TER, pass when TER ≤ threshold (0.5 by default, may exceed 1)', async () => {
    const s = await score({ type: 'ter' }, output, { reference });
    expect(s.value).toBeCloseTo(6 / 7, 12);
    expect(s).toMatchObject({ pass: true, reason: 'TER 0,14 ≤ seuil 0,50' });
    const bad = await score({ type: 'ter' }, 'Rien à voir avec la question posée ici, vraiment rien du tout.', { reference });
    expect(bad.value).toBe(0);
    expect(bad.pass).toBe(false);
    expect(bad.reason).toMatch(/^TER 1,\d\d > seuil 0,50 \(référence/);
    expect((await score({ type: 'ter', threshold: 2 }, 'Rien à voir avec la question posée ici, vraiment rien du tout.', { reference })).pass).toBe(true);
  });

  it('not- inverts the similarity', async () => {
    const s = await score({ type: 'not-rouge-l' }, output, { reference });
    expect(s.value).toBeCloseTo(1 / 7, 12);
    expect(s.pass).toBe(false);
  });

  it('rejects misspelt fields and out-of-range values', () => {
    expect(problems({ type: 'chrf', wordOrder: 1 })).toEqual([{ path: 'wordOrder', message: 'wordOrder vaut 0 (chrF) ou 2 (chrF++)' }]);
    expect(problems({ type: 'bleu', treshold: 0.2 })[0]!.path).toBe('treshold');
    expect(problems({ type: 'rouge-l', threshold: 1.5 })[0]!.path).toBe('threshold');
    expect(problems({ type: 'ter', threshold: -1 })[0]!.path).toBe('threshold');
  });
});

describe('readability-fr scorer', () => {
  const plain = 'La piscine ouvre à neuf heures. Elle ferme le soir à vingt heures. Venez avec un maillot.';
  const dense = 'La délibération relative à la rénovation énergétique des établissements scolaires élémentaires a été adoptée par le conseil municipal lors de sa séance extraordinaire du mois de mars.';

  it('passes plain French and says why', async () => {
    const s = await score({ type: 'readability-fr' }, plain);
    expect(s.pass).toBe(true);
    expect(s.value).toBe(1);
    expect(s.reason).toMatch(/^lisibilité \d+ \(≥ 60\) ; phrases ≤ 20 mots$/);
  });

  it('fails dense prose, long sentences and long words, naming them', async () => {
    const s = await score({ type: 'readability-fr', maxWordSyllables: 4 }, dense);
    expect(s.pass).toBe(false);
    expect(s.value).toBeCloseTo(readabilityFr(dense).score! / 100, 12);
    expect(s.reason).toBe(
      `lisibilité ${Math.round(readabilityFr(dense).score!)} (< 60) ; 1 phrase de plus de 20 mots (la plus longue : 27 mots) ; 2 mots de plus de 4 syllabes (« délibération », « établissements »)`,
    );
  });

  it('fails on sentence length alone when the score is high enough', async () => {
    const long = 'Le chat de la voisine dort sur le mur et le chien du fils de la dame du coin dort dans la cour près du puits.';
    const s = await score({ type: 'readability-fr', min: 0 }, long);
    expect(s.pass).toBe(false);
    expect(s.reason).toMatch(/^lisibilité \d+ \(≥ 0\) ; 1 phrase de plus de 20 mots \(la plus longue : 26 mots\)$/);
    expect((await score({ type: 'readability-fr', min: 0, maxSentenceWords: 30 }, long)).pass).toBe(true);
  });

  it('an empty answer fails with value 0', async () => {
    expect(await score({ type: 'readability-fr' }, '  ')).toEqual({ type: 'readability-fr', value: 0, pass: false, reason: 'aucun mot à évaluer dans la sortie' });
  });

  it('validates its fields', () => {
    expect(problems({ type: 'readability-fr', min: 120 })[0]!.path).toBe('min');
    expect(problems({ type: 'readability-fr', maxSentenceWords: 0 })[0]!.path).toBe('maxSentenceWords');
    expect(problems({ type: 'readability-fr', maxWordSyllables: 2.5 })[0]!.path).toBe('maxWordSyllables');
    expect(problems({ type: 'not-readability-fr' })[0]!.message).toContain('ne peut pas être inversé');
  });
});
