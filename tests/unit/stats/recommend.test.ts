import { describe, expect, it } from 'vitest';
import type { PairVerdict } from '../../../harness/stats/groups.js';
import { significantlyAbove, tiedWithBest } from '../../../harness/stats/groups.js';
import type { Candidate } from '../../../harness/stats/recommend.js';
import { recommend } from '../../../harness/stats/recommend.js';

// Intl puts a no-break space before « % » (U+00A0 or U+202F depending on the ICU version): compare with plain spaces.
const plain = (s: string): string => s.replace(/[\u00a0\u202f]/g, ' ');
const model = (m: Partial<Candidate> & { model: string }): Candidate => ({
  hosting: 'local', passRate: 0.6, meanScore: null, energyPerCaseJ: 10, energyMeasured: false, latencyP50Ms: 100, ...m,
});
const verdict = (a: string, b: string, pAdjusted: number | null, diffPassRate: number): PairVerdict => ({ a, b, pAdjusted, diffPassRate });

describe('tiedWithBest', () => {
  it('separates tied, significantly below and untested models; orientation of pairs does not matter', () => {
    const models = [{ model: 'big', passRate: 0.9, meanScore: null }, { model: 'mid', passRate: 0.85, meanScore: null }, { model: 'small', passRate: 0.5, meanScore: null }, { model: 'lone', passRate: 0.4, meanScore: null }];
    const verdicts = [verdict('big', 'mid', 0.4, 0.05), verdict('small', 'big', 0.001, -0.4)];
    expect(tiedWithBest(models, verdicts)).toEqual({ best: 'big', tied: ['big', 'mid'], below: ['small'], untested: ['lone'], alpha: 0.05 });
    expect(significantlyAbove(verdicts, 'big', 'small')).toBe(true);
    expect(significantlyAbove(verdicts, 'small', 'big')).toBe(false);
  });
});

describe('recommend', () => {
  it('gives a statistical tie to the frugal model, with a French reason', () => {
    const r = recommend(
      [model({ model: 'Mistral Large', hosting: 'eu-cloud', passRate: 0.64, energyPerCaseJ: 2880 }), model({ model: 'Apertium fr-es', passRate: 0.61, energyPerCaseJ: 7.2 })],
      [verdict('Apertium fr-es', 'Mistral Large', 0.41, -0.03)],
    );
    expect(r).toMatchObject({ recommended: 'Apertium fr-es', mostAccurate: 'Mistral Large', tied: ['Mistral Large', 'Apertium fr-es'], energyRatio: 400 });
    expect(plain(r.reason)).toBe(`Apertium fr-es est recommandé : à égalité statistique avec le meilleur modèle, Mistral Large (taux de réussite 61 % contre 64 %), pour 400 fois moins d'énergie par requête (estimée). Usage énergivore : Mistral Large (au moins 3 fois plus d'énergie par requête que Apertium fr-es, sans gain de réussite significatif).`);
    expect(r.energyHungry).toEqual(['Mistral Large']);
  });

  it('does not give a significant accuracy gap to the frugal model', () => {
    const r = recommend(
      [model({ model: 'big', passRate: 0.9, energyPerCaseJ: 1000 }), model({ model: 'small', passRate: 0.6, energyPerCaseJ: 1 })],
      [verdict('big', 'small', 0.0001, 0.3)],
    );
    expect(r.recommended).toBe('big');
    // A significant gain is not « énergivore », however large the energy.
    expect(r.energyHungry).toEqual([]);
    expect(plain(r.reason)).toBe(`big est recommandé : meilleur taux de réussite (90 %), significativement au-dessus des autres modèles testés.`);
  });

  it('flags energy-hungry models from the factor, measured energies say « mesurée »', () => {
    const r = recommend(
      [model({ model: 'a', energyPerCaseJ: 1, energyMeasured: true }), model({ model: 'b', energyPerCaseJ: 2.9, energyMeasured: true }), model({ model: 'c', energyPerCaseJ: 3, energyMeasured: true, passRate: 0.62 })],
      [verdict('a', 'b', 1, 0), verdict('a', 'c', 0.9, -0.02), verdict('b', 'c', 0.9, -0.02)],
    );
    expect(r.recommended).toBe('a');
    expect(r.energyHungry).toEqual(['c']);
    expect(plain(r.reason)).toContain('pour 3 fois moins');
    expect(plain(r.reason)).toContain('(mesurée)');
    expect(recommend([model({ model: 'a', energyPerCaseJ: 1 }), model({ model: 'c', energyPerCaseJ: 3 })], [verdict('a', 'c', 1, 0)], { energyHungryFactor: 5 }).energyHungry).toEqual([]);
  });

  it('puts models with unknown energy after those with known energy, and says so', () => {
    const r = recommend(
      [model({ model: 'mystery', passRate: 0.7, energyPerCaseJ: null, latencyP50Ms: 1 }), model({ model: 'known', passRate: 0.68, energyPerCaseJ: 500 })],
      [verdict('known', 'mystery', 0.8, -0.02)],
    );
    expect(r).toMatchObject({ recommended: 'known', unknownEnergy: ['mystery'], energyRatio: null });
    expect(plain(r.reason)).toContain("pour une énergie par requête connue, alors que celle du meilleur modèle ne l'est pas");
    expect(plain(r.reason)).toContain("Énergie inconnue pour mystery : il passe après les modèles dont l'énergie est connue.");
    const allUnknown = recommend(
      [model({ model: 'x', energyPerCaseJ: null, latencyP50Ms: 300 }), model({ model: 'y', energyPerCaseJ: null, latencyP50Ms: 200 })],
      [verdict('x', 'y', 1, 0)],
    );
    expect(allUnknown.recommended).toBe('y');
    expect(allUnknown.reason).toContain("n'étant pas connue, le choix se fait au temps de réponse");
  });

  it('breaks energy ties by latency, then by hosting (most sovereign first)', () => {
    const tie = [verdict('cloud', 'local', 1, 0), verdict('cloud', 'slow', 1, 0), verdict('local', 'slow', 1, 0)];
    const candidates = [
      model({ model: 'cloud', hosting: 'foreign-cloud', latencyP50Ms: 100 }),
      model({ model: 'local', hosting: 'local', latencyP50Ms: 100 }),
      model({ model: 'slow', hosting: 'local', latencyP50Ms: 900 }),
    ];
    expect(recommend(candidates, tie).eligible).toEqual(['local', 'cloud', 'slow']);
    expect(recommend(candidates.map((c) => (c.model === 'cloud' ? { ...c, latencyP50Ms: 50 } : c)), tie).recommended).toBe('cloud');
  });

  it('lets a model reaching the suite target in, even when significantly below the best', () => {
    const candidates = [
      model({ model: 'big', passRate: 0.95, energyPerCaseJ: 500, meetsTarget: true }),
      model({ model: 'small', passRate: 0.82, energyPerCaseJ: 100, meetsTarget: true }),
      model({ model: 'tiny', passRate: 0.5, energyPerCaseJ: 1, meetsTarget: false }),
    ];
    const verdicts = [verdict('big', 'small', 0.01, 0.13), verdict('big', 'tiny', 0.0001, 0.45), verdict('small', 'tiny', 0.001, 0.32)];
    const r = recommend(candidates, verdicts, { targetLabel: '80\u00a0%' });
    expect(r).toMatchObject({ recommended: 'small', eligible: ['small', 'big'], energyHungry: [] });
    expect(plain(r.reason)).toBe(`small est recommandé : il atteint l'objectif de réussite (80 %) avec 82 %, contre 95 % pour le meilleur modèle, big, pour 5 fois moins d'énergie par requête (estimée).`);
    const missed = recommend(candidates.map((c) => ({ ...c, meetsTarget: false })), verdicts, { targetLabel: '99\u00a0%' });
    // When no model is good enough, none is recommended; the most accurate is named as the least bad.
    expect(missed).toMatchObject({ recommended: null, mostAccurate: 'big' });
    expect(plain(missed.reason)).toBe(`Aucun modèle recommandé : aucun n'atteint l'objectif de réussite (99 %) ; le plus précis est big.`);
  });

  it('handles one model and no result at all', () => {
    expect(plain(recommend([model({ model: 'solo' })], []).reason)).toBe(`solo est recommandé : seul modèle évalué (taux de réussite 60 %).`);
    expect(recommend([model({ model: 'none', passRate: null })], [])).toMatchObject({ recommended: null, reason: 'Aucun résultat exploitable : pas de recommandation possible.' });
  });
});
