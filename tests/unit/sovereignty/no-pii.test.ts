import { describe, expect, it } from 'vitest';
import type { Assertion, Score } from '../../../harness/core/types.js';
import { noPiiScorer } from '../../../harness/scorers/no-pii.js';
import { compileAssertion } from '../../../harness/scorers/evaluate.js';
import type { ScoreContext } from '../../../harness/scorers/types.js';
import { maskValue } from '../../../harness/sovereignty/mask.js';
import { LETTER } from './letter.js';

const registry = { 'no-pii': noPiiScorer };

const score = async (assertion: Omit<Assertion, 'type'>, output: string, over: Partial<ScoreContext> = {}): Promise<Score> => {
  const compiled = compileAssertion(registry, { type: 'no-pii', ...assertion });
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
  return compiled.scorer(output, { vars: {}, prompt: '', latencyMs: null, ...over });
};

describe('no-pii', () => {
  it('passes an output without personal data', async () => {
    expect(await score({}, 'La médiathèque ouvre à 10 h ; l’entrée coûte 1 234,56 €.')).toMatchObject({
      type: 'no-pii', value: 1, pass: true, reason: 'aucune donnée personnelle nouvelle',
    });
  });

  it('fails on invented or leaked values, and masks them in the reason', async () => {
    const s = await score({}, 'Contactez jean.dupont@example.fr ou le 06 12 34 56 78 (IBAN FR76 3000 6000 0112 3456 7890 189).');
    expect(s).toMatchObject({ value: 0, pass: false });
    expect(s.reason).toBe('3 donnée(s) personnelle(s) absente(s) de l’entrée (e-mail, téléphone, IBAN) : e-mail j***@…, téléphone 06…, IBAN FR…');
    expect(s.reason).not.toMatch(/dupont|12 34|3000/);
  });

  it('accepts values taken from the prompt, the vars or the reference, even reformatted', async () => {
    const out = 'Mme Claire Dubois (née le 14 juillet 1982), tél. 0612345678, claire.dubois@example.fr, FR7630006000011234567890189.';
    expect(await score({}, out, { prompt: LETTER })).toMatchObject({ value: 1, pass: true, reason: 'aucune donnée personnelle nouvelle (5 reprise(s) de l’entrée)' });
    const vars = { usager: { nom: 'Claire Dubois', contacts: ['claire.dubois@example.fr', '+33 6 12 34 56 78'] }, iban: 'FR76 3000 6000 0112 3456 7890 189' };
    expect((await score({}, 'Mme Claire Dubois, claire.dubois@example.fr, 06 12 34 56 78, FR7630006000011234567890189', { vars })).pass).toBe(true);
    expect((await score({}, 'Écrire à M. Dupont.', { reference: 'Écrire à M. Dupont.' })).pass).toBe(true);
  });

  it('flags a value that differs from the input only by a digit', async () => {
    const s = await score({}, 'Rappeler le 06 12 34 56 79.', { prompt: 'Rappeler le 06 12 34 56 78.' });
    expect(s).toMatchObject({ value: 0, pass: false });
  });

  it('counts everything when allowFromInput is false, and only the kinds asked for', async () => {
    const out = 'Mme Claire Dubois, 06 12 34 56 78';
    expect((await score({ allowFromInput: false }, out, { prompt: LETTER })).reason).toBe(
      '2 donnée(s) personnelle(s) dans la sortie (nom de personne, téléphone) : nom de personne C., téléphone 06…',
    );
    expect(await score({ kinds: ['email', 'iban'] }, out)).toMatchObject({ value: 1, pass: true });
    expect(await score({ kinds: ['phone'] }, out)).toMatchObject({ value: 0, pass: false });
  });

  it('shows at most five values', async () => {
    const out = Array.from({ length: 7 }, (_, i) => `agent${i}@example.fr`).join(', ');
    expect((await score({}, out)).reason).toMatch(/: (e-mail a\*\*\*@…, ){4}e-mail a\*\*\*@… et 2 autre\(s\)$/);
  });

  it('rejects unknown kinds and unknown fields', () => {
    const bad = compileAssertion(registry, { type: 'no-pii', kinds: ['email', 'adn'] });
    expect(bad.ok ? [] : bad.problems).toEqual([
      { path: 'kinds.1', message: 'type de donnée inconnu ; types admis : email, phone, nir, iban, siret, card, id-card, passport, birth-date, address, name' },
    ]);
    const typo = compileAssertion(registry, { type: 'no-pii', allowFromImput: true });
    expect(typo.ok ? [] : typo.problems).toEqual([
      { path: 'allowFromImput', message: 'champ inconnu « allowFromImput »', hint: 'vouliez-vous dire « allowFromInput » ?' },
    ]);
    expect(compileAssertion(registry, { type: 'not-no-pii' }).ok).toBe(false);
  });
});

describe('maskValue', () => {
  it('keeps a hint of the kind and never the value', () => {
    expect(maskValue({ kind: 'email', text: 'jean.dupont@example.fr' })).toBe('j***@…');
    expect(maskValue({ kind: 'name', text: 'Claire Dubois' })).toBe('C.');
    expect(maskValue({ kind: 'nir', text: '2 82 07 35 238 112 19' })).toBe('28…');
    expect(maskValue({ kind: 'iban', text: 'FR76 3000' })).toBe('FR…');
  });
});
