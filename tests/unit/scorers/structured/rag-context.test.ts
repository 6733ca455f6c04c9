import { describe, expect, it } from 'vitest';
import { citedIds, contextIds } from '../../../../harness/scorers/rag-context.js';
import { problems, score } from './helpers.js';

const CONTEXTS = [
  '[reglement-interieur#horaires] Horaires d’ouverture\nLa mairie est ouverte…',
  '[etat-civil#carte-d-identite] Carte d’identité\nSur rendez-vous…',
  '[dechets#decheterie] Déchèterie\nLes encombrants…',
  '[reglement-interieur#horaires] (répété)',
];

describe('context ids', () => {
  it('reads leading ids once, and cited ids that are not link texts', () => {
    expect(contextIds(CONTEXTS)).toEqual(['reglement-interieur#horaires', 'etat-civil#carte-d-identite', 'dechets#decheterie']);
    expect(contextIds(['sans identifiant', ' [a#b] x'])).toEqual(['a#b']);
    expect(contextIds(undefined)).toBeUndefined();
    expect(citedIds('Voir [a#b] et [c#d], encore [a#b] ; [le site](https://x.fr) ; [deux mots]')).toEqual(['a#b', 'c#d']);
  });
});

describe('context-recall', () => {
  it('is the share of gold ids retrieved', async () => {
    const gold = ['reglement-interieur#horaires', 'reglement-interieur#conges-des-agents'];
    const s = await score({ type: 'context-recall', value: gold }, 'réponse', { contexts: CONTEXTS });
    expect(s).toEqual({ type: 'context-recall', value: 0.5, pass: false, reason: '1/2 passage(s) de référence retrouvé(s) ; manquant(s) : reglement-interieur#conges-des-agents' });
    expect((await score({ type: 'context-recall', value: gold, threshold: 0.5 }, '', { contexts: CONTEXTS })).pass).toBe(true);
    expect(await score({ type: 'context-recall', value: 'dechets#decheterie' }, '', { contexts: CONTEXTS })).toMatchObject({ value: 1, pass: true });
  });

  it('is not applicable without contexts or without ids', async () => {
    expect(await score({ type: 'context-recall', value: ['a#b'] }, '')).toMatchObject({ value: null, pass: false });
    expect((await score({ type: 'context-recall', value: ['a#b'] }, '', { contexts: ['texte nu'] })).reason).toMatch(/sans identifiant/);
    expect((await score({ type: 'context-recall', value: ['a#b'] }, '', { contexts: [] })).value).toBe(0);
  });
});

describe('context-precision', () => {
  it('is the share of retrieved ids that are gold, default threshold 0.5', async () => {
    const s = await score({ type: 'context-precision', value: ['reglement-interieur#horaires'] }, '', { contexts: CONTEXTS });
    expect(s.value).toBeCloseTo(1 / 3, 12);
    expect(s.pass).toBe(false);
    expect(s.reason).toBe('1/3 extrait(s) pertinent(s) (précision 0,33) ; hors sujet : etat-civil#carte-d-identite, dechets#decheterie');
    const two = await score({ type: 'context-precision', value: ['reglement-interieur#horaires', 'dechets#decheterie'] }, '', { contexts: CONTEXTS });
    expect(two.pass).toBe(true);
    expect(await score({ type: 'context-precision', value: ['a#b'] }, '', { contexts: [] })).toMatchObject({ value: 0, pass: false, reason: 'aucun extrait retrouvé' });
  });

  it('requires gold ids', () => {
    expect(problems({ type: 'context-precision' })[0]).toMatchObject({ path: 'value' });
    expect(problems({ type: 'context-precision', value: [] })[0]).toMatchObject({ path: 'value' });
  });
});

describe('citation', () => {
  it('passes when every cited id was retrieved', async () => {
    const s = await score({ type: 'citation' }, 'Ouvert le samedi matin [reglement-interieur#horaires].', { contexts: CONTEXTS });
    expect(s).toEqual({ type: 'citation', value: 1, pass: true, reason: '1/1 citation(s) parmi les extraits retrouvés' });
  });

  it('fails on an invented citation, with the share of good ones', async () => {
    const s = await score({ type: 'citation' }, 'Voir [reglement-interieur#horaires] et [reglement-interieur#tarifs].', { contexts: CONTEXTS });
    expect(s).toEqual({ type: 'citation', value: 0.5, pass: false, reason: '1/2 citation(s) parmi les extraits retrouvés ; inventée(s) ou non retrouvée(s) : reglement-interieur#tarifs' });
  });

  it('is null but not failed when nothing is cited; null and failed without contexts', async () => {
    expect(await score({ type: 'citation' }, 'La réponse ne figure pas dans les extraits.', { contexts: CONTEXTS })).toEqual({
      type: 'citation', value: null, pass: true, reason: 'aucune citation [id] dans la réponse',
    });
    expect(await score({ type: 'citation' }, '[a#b]')).toMatchObject({ value: null, pass: false });
    expect(problems({ type: 'citation', value: ['a'] })[0]!.message).toMatch(/champ inconnu/);
  });
});
