/**
 * The French sentence that explains a recommendation to the steering committee: who, why it is
 * good enough, what it saves. Plain words, French number format, energy always « mesurée » or
 * « estimée » (product brief). Notes follow the sentence when energy is unknown, no model reaches
 * the target, or a model is flagged « usage énergivore ».
 */
import { frApprox, frList, frPercent } from './fr-format.js';
import type { Candidate } from './recommend.js';

export type ReasonInput = {
  rec: Candidate;
  best: Candidate;
  /** The recommended model is statistically tied with the best (else it got in by the target). */
  tied: boolean;
  eligibleCount: number;
  ratedCount: number;
  /** Eligible models, other than the recommended one, whose energy is unknown. */
  unknownEnergy: string[];
  energyHungry: string[];
  energyHungryFactor: number;
  target?: { label: string; missedByAll: boolean };
};

/** Below this ratio, two energies are « comparable »: estimates are rarely better than ±50 %. */
const NOTABLE_RATIO = 1.5;

const qualifier = (x: Candidate, y: Candidate): string => (x.energyMeasured && y.energyMeasured ? 'mesurée' : 'estimée');

/** What the recommended model costs compared with the best one. */
const energyPhrase = (rec: Candidate, best: Candidate): string => {
  if (rec.energyPerCaseJ === null) return "l'énergie par requête des modèles retenus n'étant pas connue, le choix se fait au temps de réponse puis à l'hébergement";
  if (best.energyPerCaseJ === null) return "pour une énergie par requête connue, alors que celle du meilleur modèle ne l'est pas";
  const ratio = rec.energyPerCaseJ === 0 ? Infinity : best.energyPerCaseJ / rec.energyPerCaseJ;
  if (ratio === Infinity) return `pour une énergie par requête quasi nulle (${qualifier(rec, best)})`;
  if (ratio >= NOTABLE_RATIO) return `pour ${frApprox(ratio)} fois moins d'énergie par requête (${qualifier(rec, best)})`;
  return `pour une énergie par requête comparable (${qualifier(rec, best)})`;
};

const mainSentence = (i: ReasonInput): string => {
  const { rec, best } = i;
  const pr = frPercent(rec.passRate ?? 0);
  const pb = frPercent(best.passRate ?? 0);
  if (rec.model === best.model) {
    if (i.ratedCount === 1) return `${rec.model} est recommandé : seul modèle évalué (taux de réussite ${pr}).`;
    if (i.eligibleCount === 1) return `${rec.model} est recommandé : meilleur taux de réussite (${pr}), significativement au-dessus des autres modèles testés.`;
    if (rec.energyPerCaseJ === null) return `${rec.model} est recommandé : meilleur taux de réussite (${pr}) ; ${energyPhrase(rec, best)}.`;
    return `${rec.model} est recommandé : meilleur taux de réussite (${pr}), et aucun modèle suffisamment précis ne consomme moins d'énergie par requête.`;
  }
  if (i.tied) return `${rec.model} est recommandé : à égalité statistique avec le meilleur modèle, ${best.model} (taux de réussite ${pr} contre ${pb}), ${energyPhrase(rec, best)}.`;
  return `${rec.model} est recommandé : il atteint l'objectif de réussite (${i.target?.label ?? ''}) avec ${pr}, contre ${pb} pour le meilleur modèle, ${best.model}, ${energyPhrase(rec, best)}.`;
};

export const recommendationReason = (i: ReasonInput): string => {
  const notes: string[] = [];
  if (i.unknownEnergy.length > 0) {
    const plural = i.unknownEnergy.length > 1;
    notes.push(`Énergie inconnue pour ${frList(i.unknownEnergy)} : ${plural ? 'ils passent' : 'il passe'} après les modèles dont l'énergie est connue.`);
  }
  if (i.target?.missedByAll) notes.push(`Aucun modèle n'atteint l'objectif de réussite (${i.target.label}).`);
  if (i.energyHungry.length > 0) {
    notes.push(`Usage énergivore : ${frList(i.energyHungry)} (au moins ${frApprox(i.energyHungryFactor)} fois plus d'énergie par requête que ${i.rec.model}, sans gain de réussite significatif).`);
  }
  return [mainSentence(i), ...notes].join(' ');
};
